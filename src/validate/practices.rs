//! The CCGs' member GP practices (`practices.yaml`): ODS codes unique
//! across the site, postcodes, merges; and the practices decisions and
//! interests name, each of which must be a known ODS code. Interests and
//! decisions about a practice that name a listed practice in their words
//! but not in `practices:` are warned about: check 11 cannot see them.

use std::collections::{BTreeMap, HashMap};

use super::locate::locate_after;
use super::{PracticeNames, Validator, locate};
use crate::diag::Diagnostic;
use crate::model::{Category, ContentPath, FileId};

impl Validator<'_> {
    /// Checks every CCG's `practices.yaml` and every `practices:` list that
    /// names one.
    pub(super) fn practices(&mut self) {
        // ODS code → (CCG id, practice name), across the site.
        let mut known: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
        for ccg in &self.content.ccgs {
            let Some(reg) = &ccg.practices else { continue };
            for p in &reg.data.entries {
                let anchor = Some(("ods", p.ods.as_str()));
                if !is_ods_code(&p.ods) {
                    self.err(
                        reg.file,
                        None,
                        "ods",
                        &p.ods,
                        format!(
                            "`{}` is not an ODS code: a practice's code is capital letters and digits, 3 to 8 of them, such as E87001",
                            p.ods
                        ),
                    );
                }
                if let Some((other, _)) = known.get(p.ods.as_str()) {
                    let message =
                        |at: &str| format!("ODS code `{}` is already listed in {at}: each practice is listed once on the site", p.ods);
                    if *other == ccg.id {
                        let src = self.file(reg.file);
                        let (line, col) = locate_after(&src.text, locate(&src.text, None, "ods", &p.ods).0, "ods", &p.ods);
                        let mut d = Diagnostic::error(&src.path, message("this file"));
                        if line > 0 {
                            d = d.at(&src.text, line, col);
                        }
                        self.diags.push(d);
                    } else {
                        let at = ContentPath::practices(other).to_string();
                        self.err(reg.file, None, "ods", &p.ods, message(&at));
                    }
                } else {
                    known.insert(&p.ods, (&ccg.id, &p.name));
                }
                if let Some(pc) = &p.postcode
                    && !is_uk_postcode(pc)
                {
                    self.err(
                        reg.file,
                        anchor,
                        "postcode",
                        pc,
                        format!("`{pc}` is not a UK postcode: write it as on a letter, such as NW1 5AB or B1 1AA"),
                    );
                }
                if let (Some(from), Some(to)) = (p.from, p.to)
                    && to < from
                {
                    self.err(reg.file, anchor, "to", &to.to_string(), format!("practice {} leaves ({to}) before it joins ({from})", p.ods));
                }
            }
        }
        let codes: Vec<&str> = known.keys().copied().collect();
        for ccg in &self.content.ccgs {
            if let Some(reg) = &ccg.practices {
                for p in &reg.data.entries {
                    if let Some(m) = &p.merged_into {
                        if m == &p.ods {
                            self.err(reg.file, Some(("ods", &p.ods)), "merged_into", m, "a practice cannot merge into itself".into());
                        } else if !known.contains_key(m.as_str()) {
                            let msg = unknown_practice(m, "merged_into", &codes, &known);
                            self.err(reg.file, Some(("ods", &p.ods)), "merged_into", m, msg);
                        }
                    }
                }
            }
            if let Some(reg) = &ccg.decisions {
                for d in &reg.data.entries {
                    for code in d.practices.iter().filter(|c| !known.contains_key(c.as_str())) {
                        let msg = unknown_practice(code, "practices", &codes, &known);
                        self.err(reg.file, Some(("id", &d.id)), "practices", code, format!("decision `{}`: {msg}", d.id));
                    }
                }
            }
            if let Some(reg) = &ccg.interests {
                for e in &reg.data.entries {
                    for code in e.interests.iter().flat_map(|i| &i.practices).filter(|c| !known.contains_key(c.as_str())) {
                        let msg = unknown_practice(code, "practices", &codes, &known);
                        self.err(reg.file, Some(("name", &e.name)), "practices", code, msg);
                    }
                }
            }
        }
        self.unlinked_practices();
    }

    /// Warnings for interests, and decisions about practices, whose words
    /// name a listed practice (by name or ODS code) that their `practices`
    /// does not hold. The message names the practice and its code, never
    /// the person (whose name may be withheld).
    fn unlinked_practices(&mut self) {
        let names = PracticeNames::new(
            self.content.ccgs.iter().flat_map(|c| c.practice_entries().iter().map(|p| (p.ods.as_str(), p.name.as_str(), c.id.as_str()))),
        );
        if names.is_empty() {
            return;
        }
        for ccg in &self.content.ccgs {
            if let Some(reg) = &ccg.interests {
                for e in &reg.data.entries {
                    for (n, i) in e.interests.iter().enumerate() {
                        let missing: Vec<(&str, &str)> = names
                            .named_in(&i.description, &ccg.id)
                            .into_iter()
                            .filter(|(ods, _)| !i.practices.iter().any(|p| p == ods))
                            .collect();
                        if missing.is_empty() {
                            continue;
                        }
                        let msg = format!(
                            "this interest names {}: {} so check 11 can see it",
                            named(&missing),
                            what_to_write(&i.practices, &missing, "to this interest")
                        );
                        let (line, col) = self.description_at(reg.file, &e.name, n, &i.description);
                        self.warn_at(reg.file, line, col, msg);
                    }
                }
            }
            if let Some(reg) = &ccg.decisions {
                for d in reg.data.entries.iter().filter(|d| about_practices(d.category)) {
                    let anchor = Some(("id", d.id.as_str()));
                    let unlinked = |text: &str| -> Vec<(String, String)> {
                        names
                            .named_in(text, &ccg.id)
                            .into_iter()
                            .filter(|(ods, _)| !d.practices.iter().any(|p| p == ods))
                            .map(|(o, n)| (o.to_owned(), n.to_owned()))
                            .collect()
                    };
                    let mut missing = unlinked(&d.title);
                    let mut at = ("title", "title", d.title.as_str());
                    if let Some(summary) = &d.summary {
                        let more = unlinked(summary);
                        if missing.is_empty() && !more.is_empty() {
                            at = ("summary", "summary", "");
                        }
                        missing.extend(more.into_iter().filter(|m| !missing.contains(m)).collect::<Vec<_>>());
                    }
                    if missing.is_empty() {
                        continue;
                    }
                    let missing: Vec<(&str, &str)> = missing.iter().map(|(o, n)| (o.as_str(), n.as_str())).collect();
                    let (word, key, value) = at;
                    let msg = format!(
                        "decision `{}` is about {}, which its {word} names: {} so check 11 and the practice's page can see it",
                        d.id,
                        named(&missing),
                        what_to_write(&d.practices, &missing, "to the decision")
                    );
                    let src = self.file(reg.file);
                    let (line, col) = locate(&src.text, anchor, key, value);
                    self.warn_at(reg.file, line, col, msg);
                }
            }
        }
    }

    /// The line and column of the `n`th interest's description in the
    /// entry of `name`: where it holds the text, else the entry's `n`th
    /// `description:` line.
    fn description_at(&self, file: FileId, name: &str, n: usize, description: &str) -> (usize, usize) {
        let text = &self.file(file).text;
        let entry = locate(text, None, "name", name).0;
        let first = description.lines().next().unwrap_or("");
        if !first.trim().is_empty() {
            let found = locate(text, Some(("name", name)), "description", first);
            if found.0 > 0 {
                return found;
            }
        }
        let mut at = (entry, 0);
        for _ in 0..=n {
            at = locate_after(text, at.0, "description", "");
            if at.0 == 0 {
                return (entry, 1);
            }
        }
        at
    }

    /// A warning at `line` and `col` of `file` (the file itself when 0).
    fn warn_at(&mut self, file: FileId, line: usize, col: usize, message: String) {
        let src = self.file(file);
        let mut d = Diagnostic::warning(&src.path, message);
        if line > 0 {
            d = d.at(&src.text, line, col.max(1));
        }
        self.diags.push(d);
    }
}

/// Whether a decision of this kind is about particular practices: a list
/// closure, a merger, a boundary, a new practice, a practice's contract or
/// payment, a breach notice, premises.
fn about_practices(category: Category) -> bool {
    use Category::*;
    match category {
        ListClosure | PracticeMerger | BoundaryChange | NewPractice | ApmsContract | PmsReview | DiscretionaryPayment | BreachNotice
        | ContractTermination | ContractVariation | Premises => true,
        EnhancedServices | LocalIncentiveScheme | Budget | QualityImprovement | Procurement | Other => false,
    }
}

/// `Example Surgery (E87001) and Sample Health Centre (E87002)`.
fn named(practices: &[(&str, &str)]) -> String {
    let each: Vec<String> = practices.iter().map(|(ods, name)| format!("{name} ({ods})")).collect();
    match each.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => each.concat(),
    }
}

/// What to write: `practices:` with the codes missing added to those listed.
fn what_to_write(listed: &[String], missing: &[(&str, &str)], to: &str) -> String {
    let all: Vec<&str> = listed.iter().map(String::as_str).chain(missing.iter().map(|(ods, _)| *ods)).collect();
    if listed.is_empty() {
        format!("add `practices: [{}]` {to}", all.join(", "))
    } else {
        format!(
            "its `practices` does not list {}: make it `practices: [{}]`",
            if missing.len() == 1 { "it" } else { "them" },
            all.join(", ")
        )
    }
}

/// What an unknown ODS code in `field` is told, with the nearest known code.
fn unknown_practice(code: &str, field: &str, codes: &[&str], known: &BTreeMap<&str, (&str, &str)>) -> String {
    let mut msg = format!("`{field}` names `{code}`, but no CCG's practices.yaml lists a practice with that ODS code");
    match nearest(code, codes) {
        Some(near) => {
            let (ccg, name) = known[near];
            msg.push_str(&format!(": did you mean `{near}` ({name}, {})?", ContentPath::practices(ccg)));
        }
        None if codes.is_empty() => msg.push_str(": list the CCG's practices in practices.yaml first"),
        None => msg.push_str(": add the practice to its CCG's practices.yaml, or correct the code"),
    }
    msg
}

/// The known code nearest to `code` (case aside, at most two letters
/// changed, added or dropped), if any.
fn nearest<'c>(code: &str, codes: &[&'c str]) -> Option<&'c str> {
    let upper = code.trim().to_ascii_uppercase();
    let mut best: HashMap<usize, &str> = HashMap::new();
    for c in codes {
        let d = distance(&upper, c);
        if d <= 2 {
            best.entry(d).or_insert(c);
        }
    }
    (0..=2).find_map(|d| best.get(&d).copied())
}

/// Levenshtein distance between two short codes.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            row[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(row[j] + 1);
        }
        prev = row;
    }
    prev[b.len()]
}

/// An ODS code as the site uses it in a practice's address: 3 to 8 capital
/// letters and digits.
pub(crate) fn is_ods_code(code: &str) -> bool {
    (3..=8).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// A UK postcode as written on a letter: the outward code (`NW1`, `B1`,
/// `EC1A`, `SW1W`), a space, the inward code (`5AB`). Capitals or not.
pub(crate) fn is_uk_postcode(pc: &str) -> bool {
    let pc = pc.trim().to_ascii_uppercase();
    let Some((out, inward)) = pc.split_once(' ') else { return false };
    let inward = inward.as_bytes();
    let inward_ok = inward.len() == 3 && inward[0].is_ascii_digit() && inward[1..].iter().all(u8::is_ascii_uppercase);
    inward_ok && is_postcode_district(out)
}

/// The outward code of a UK postcode (its district): `NW1`, `B1`, `EC1A`.
pub(crate) fn is_postcode_district(out: &str) -> bool {
    let o = out.as_bytes();
    let letters = o.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if !(1..=2).contains(&letters) || o.len() <= letters || o.len() > 4 {
        return false;
    }
    let rest = &o[letters..];
    rest[0].is_ascii_digit() && rest[1..].iter().all(|b| b.is_ascii_alphanumeric()) && rest.len() <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes() {
        for ok in ["NW1 5AB", "B1 1AA", "EC1A 1BB", "SW1W 0NY", "m1 1ae", "LS6 4JN"] {
            assert!(is_uk_postcode(ok), "{ok}");
        }
        for bad in ["NW15AB", "NW1", "1NW 5AB", "NW1 ABC", "ABC1 5AB", "NW1 5A", ""] {
            assert!(!is_uk_postcode(bad), "{bad}");
        }
    }

    #[test]
    fn nearest_code() {
        assert_eq!(nearest("e87001", &["E87001", "E87002"]), Some("E87001"));
        assert_eq!(nearest("E87011", &["E87001", "Y02000"]), Some("E87001"));
        assert_eq!(nearest("Q12345", &["E87001"]), None);
        assert!(is_ods_code("E87001") && !is_ods_code("e87001") && !is_ods_code("E8/01"));
    }
}
