//! What the content says of withheld people, read by the matcher's rules:
//! methods of [`Content`] kept here, beside the matcher, so that the model
//! knows nothing of it (`withheld` reads the model, not the other way).

use crate::model::{Content, InterestEntry, Withholding};

use super::{Person, Withheld};

impl Content {
    /// How much of what names `name` is withheld: nothing if it names no
    /// withheld person, else the strictest `withheld:` of the register
    /// entries whose names it holds (in any spelling the matcher knows).
    /// The one place a field that names a person learns whether to publish
    /// the person's roles, interests, declarations, gifts and dates beside
    /// "Name withheld" (`withheld: name`) or nothing of them (`true`).
    pub fn withholding(&self, withheld: &Withheld, name: &str) -> Withholding {
        if withheld.is_empty() || !withheld.is_withheld_name(name) {
            return Withholding::No;
        }
        let found = withheld.find_all_in_text(name);
        let of = |register_name: &str| {
            let entries = self.ccgs.iter().flat_map(|c| c.interests.iter().flat_map(|r| r.data.entries.iter()));
            entries.filter(|e| e.name == register_name).map(|e| e.withheld).max().unwrap_or(Withholding::No)
        };
        // A name the matcher withholds without saying whose (or whose entry
        // says `false`) withholds everything: the careful side.
        found.iter().map(|m| of(m.name)).max().filter(|w| w.is_withheld()).unwrap_or(Withholding::Entry)
    }

    /// How much of a register entry is withheld: its own `withheld:`, or
    /// more if its name is withheld by another entry.
    pub fn entry_withholding(&self, withheld: &Withheld, e: &InterestEntry) -> Withholding {
        e.withheld.max(self.withholding(withheld, &e.name))
    }

    /// The withheld people, with what their register entries say of their
    /// names (`surname`, `also_known_as`, `surname_alone`): build the
    /// matcher with `Withheld::of_people(content.withheld_people())`.
    pub fn withheld_people(&self) -> Vec<Person<'_>> {
        self.ccgs
            .iter()
            .flat_map(|c| c.withheld_entries())
            .filter(|e| !e.name.trim().is_empty())
            .map(|e| Person {
                name: &e.name,
                surname: e.surname.as_deref(),
                also_known_as: &e.also_known_as,
                surname_alone: e.surname_alone,
            })
            .collect()
    }
}
