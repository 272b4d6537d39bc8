//! The CCGs' member GP practices (`practices.yaml`): ODS codes unique
//! across the site, postcodes, merges; and the practices decisions and
//! interests name, each of which must be a known ODS code.

use std::collections::{BTreeMap, HashMap};

use super::locate::locate_after;
use super::{Validator, locate};
use crate::diag::Diagnostic;
use crate::model::ContentPath;

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
