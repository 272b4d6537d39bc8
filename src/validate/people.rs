//! People are matched by name as written (whitespace normalised): a
//! warning when two names of one CCG differ only by a title, case or
//! spacing ("Dr Sam Sample" and "Sam Sample"), which are probably one person.

use std::collections::BTreeMap;

use super::Validator;
use crate::diag::Diagnostic;
use crate::model::*;
use crate::withheld::TITLES;

impl Validator<'_> {
    pub(super) fn similar_names(&mut self) {
        for ccg in &self.content.ccgs {
            // Loose form → (each spelling as matched, where it is first written).
            let mut seen: BTreeMap<String, Vec<(String, FileId, &'static str)>> = BTreeMap::new();
            for (name, file, key) in person_names(ccg) {
                if self.withheld.is_withheld_name(name) {
                    continue;
                }
                let exact = person_key(name);
                let spellings = seen.entry(loose(&exact)).or_default();
                if !spellings.iter().any(|(s, _, _)| *s == exact) {
                    spellings.push((exact, file, key));
                }
            }
            for spellings in seen.values().filter(|s| s.len() > 1) {
                let (first, ..) = &spellings[0];
                for (other, file, key) in &spellings[1..] {
                    let src = self.file(*file);
                    let (line, col) = super::locate(&src.text, None, key, other);
                    let mut d = Diagnostic::warning(
                        &src.path,
                        format!(
                            "`{other}` and `{first}` differ only by a title, capitals or spacing: probably one person. \
                             The site treats them as two people; write the name the same way everywhere"
                        ),
                    );
                    if line > 0 {
                        d = d.at(&src.text, line, col);
                    }
                    self.diags.push(d);
                }
            }
        }
    }
}

/// Every name of a person in a CCG's files, with the file and the key it is
/// written under, in the order the site reads them.
pub(super) fn person_names(ccg: &Ccg) -> Vec<(&str, FileId, &'static str)> {
    let mut v = Vec::new();
    let profile = ccg.profile.file;
    v.extend(ccg.profile.data.committees.iter().flat_map(|c| &c.members).map(|m| (m.name.as_str(), profile, "name")));
    if let Some(r) = &ccg.interests {
        v.extend(r.data.entries.iter().map(|e| (e.name.as_str(), r.file, "name")));
    }
    for m in &ccg.meetings {
        if let Some(a) = &m.front.attendance {
            v.extend(a.present.iter().map(|n| (n.as_str(), m.file, "present")));
            v.extend(a.in_attendance.iter().map(|n| (n.as_str(), m.file, "in_attendance")));
            v.extend(a.apologies.iter().map(|n| (n.as_str(), m.file, "apologies")));
        }
        v.extend(m.front.declarations.iter().map(|d| (d.name.as_str(), m.file, "name")));
    }
    if let Some(r) = &ccg.decisions {
        v.extend(r.data.entries.iter().flat_map(|d| &d.conflicts).map(|c| (c.name.as_str(), r.file, "name")));
    }
    if let Some(r) = &ccg.gifts {
        v.extend(r.data.entries.iter().map(|g| (g.name.as_str(), r.file, "name")));
    }
    v
}

/// A name without titles, capitals or punctuation between words:
/// `Dr. Sam  SAMPLE` → `sam sample`.
fn loose(name: &str) -> String {
    let words: Vec<String> = name.split(|c: char| c.is_whitespace() || c == '.').filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let start = words.iter().take_while(|w| TITLES.contains(&w.as_str())).count().min(words.len().saturating_sub(1));
    words[start..].join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_names() {
        assert_eq!(loose("Dr Sam Sample"), loose("Sam Sample"));
        assert_eq!(loose("Dr. Sam  SAMPLE"), "sam sample");
        assert_ne!(loose("Sam Sample"), loose("Sam Samples"));
        assert_eq!(loose("Dr"), "dr");
    }
}
