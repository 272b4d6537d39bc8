//! The people of a CCG as the site publishes them: everyone who is a
//! committee member, holds a register entry, declares at one of its
//! meetings or is noted on one of its decisions, matched by name as written
//! with whitespace normalised ([`person_key`]). Each has an id stem, unique
//! in the CCG: the slug of the name, or `withheld-<n>` for a withheld name
//! (which gets no page). The stem is the person's page
//! (`SitePath::person`, below the CCG's) and their id in the open data
//! (`<ccg>/<stem>`). Used by `published` only.

use std::collections::{HashMap, HashSet};

use crate::markdown;
use crate::model::*;
use crate::withheld::Withheld;

/// One person of a CCG.
#[derive(Debug)]
pub(crate) struct Person {
    /// The name as matched (whitespace normalised); for a withheld person,
    /// never published.
    pub key: String,
    /// The id stem: the page's last segment and the id after `<ccg>/`.
    pub stem: String,
    /// Withheld in any spelling: no page, "Name withheld" wherever named.
    pub withheld: bool,
}

/// The people of one CCG, in the order they are first named: the
/// register, the committees, declarations at its meetings, conflicts on
/// its decisions.
#[derive(Debug, Default)]
pub(crate) struct People {
    pub list: Vec<Person>,
    by_key: HashMap<String, usize>,
}

impl People {
    pub(crate) fn new(withheld: &Withheld, ccg: &Ccg) -> People {
        let mut people = People::default();
        let mut used = HashSet::new();
        let mut withheld_count = 0;
        let register = ccg.interests.iter().flat_map(|r| r.data.entries.iter()).map(|e| e.name.as_str());
        let members = ccg.profile.data.committees.iter().flat_map(|c| c.members.iter()).map(|m| m.name.as_str());
        let declared = ccg.meetings.iter().flat_map(|m| m.front.declarations.iter()).map(|d| d.name.as_str());
        let conflicts = ccg.decisions.iter().flat_map(|r| r.data.entries.iter()).flat_map(|d| d.conflicts.iter()).map(|c| c.name.as_str());
        for name in register.chain(members).chain(declared).chain(conflicts) {
            let key = person_key(name);
            if key.is_empty() || people.by_key.contains_key(&key) {
                continue;
            }
            let is_withheld = withheld.is_withheld_name(name) || withheld.published(name) != name;
            let stem = if is_withheld {
                withheld_count += 1;
                format!("withheld-{withheld_count}")
            } else {
                let s = markdown::slug(&key);
                if s.is_empty() { "person".to_owned() } else { s }
            };
            let mut unique = stem.clone();
            let mut n = 1;
            while !used.insert(unique.clone()) {
                n += 1;
                unique = format!("{stem}-{n}");
            }
            people.by_key.insert(key.clone(), people.list.len());
            people.list.push(Person { key, stem: unique, withheld: is_withheld });
        }
        people
    }

    /// The person named `name` (in any spacing), if the CCG has them.
    pub(crate) fn get(&self, name: &str) -> Option<&Person> {
        self.by_key.get(&person_key(name)).map(|&i| &self.list[i])
    }

    /// Those with a page: everyone not withheld.
    pub(crate) fn with_pages(&self) -> impl Iterator<Item = &Person> {
        self.list.iter().filter(|p| !p.withheld)
    }

    /// How many are withheld.
    pub(crate) fn withheld(&self) -> usize {
        self.list.iter().filter(|p| p.withheld).count()
    }
}
