//! Which listed GP practices a piece of text names: by the practice's whole
//! name (capitals and punctuation aside, on word boundaries) or by its ODS
//! code (a whole token). `check` uses it to find interests and decisions
//! that name a practice without linking it (`practices:`), and `import
//! interests` to fill `practices:`; the two find the same practices, so an
//! import leaves nothing for `check` to warn about.
//!
//! It must not cry wolf. A name made only of words common to practice names
//! ("The Surgery", "Health Centre", "Medical Practice"), or of a single word,
//! is never matched by name, only by its code. A name matches as whole
//! words: "Park Surgery" is not in "Parkside Surgery". Where two listed
//! names match the same words, the longer wins: "Park Medical Centre East"
//! names that practice, not also "Park Medical Centre". A name two listed
//! practices share is taken for the one of the CCG whose file names it,
//! or for neither.

use std::collections::HashMap;

/// Words so common in practice names that a name made only of them (and a
/// leading "the") names no practice in particular.
const COMMON: &[&str] = &[
    "and",
    "care",
    "center",
    "centre",
    "city",
    "clinic",
    "community",
    "doctor",
    "doctors",
    "dr",
    "drs",
    "family",
    "general",
    "gp",
    "gps",
    "group",
    "health",
    "healthcare",
    "house",
    "medical",
    "new",
    "nhs",
    "of",
    "old",
    "partners",
    "partnership",
    "practice",
    "primary",
    "service",
    "services",
    "street",
    "surgery",
    "the",
    "town",
    "village",
];

/// The practices of the site's `practices.yaml` files, ready to look for.
pub(crate) struct PracticeNames {
    /// (ODS code, name, CCG id) of each practice.
    listed: Vec<(String, String, String)>,
    /// The words each practice is matched by, as (practice, words): its
    /// name, and for a name written the other way round as in NHS
    /// Digital's list ("SURGERY, THE OLD"), the name as said. None for a
    /// name too common to be sure of.
    forms: Vec<(usize, Vec<Word>)>,
    /// Forms by their first word (and by the second, for a name whose
    /// "the" may be left out).
    by_first: HashMap<String, Vec<usize>>,
    /// Practices by ODS code, in capitals.
    by_code: HashMap<String, usize>,
}

impl PracticeNames {
    /// From each practice's ODS code, name and CCG. A code listed twice
    /// keeps its first name.
    pub(crate) fn new<'a>(practices: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> PracticeNames {
        let mut names = PracticeNames { listed: Vec::new(), forms: Vec::new(), by_first: HashMap::new(), by_code: HashMap::new() };
        for (ods, name, ccg) in practices {
            let code = ods.trim().to_uppercase();
            if code.is_empty() || names.by_code.contains_key(&code) {
                continue;
            }
            let i = names.listed.len();
            names.by_code.insert(code, i);
            let written = words(name);
            for form in [Some(written.clone()), turned(&written)].into_iter().flatten() {
                if !matchable(&form) {
                    continue;
                }
                let f = names.forms.len();
                names.by_first.entry(form[0].text.clone()).or_default().push(f);
                // "The Park Surgery" is also named without its "the".
                if form[0].text == "the" {
                    names.by_first.entry(form[1].text.clone()).or_default().push(f);
                }
                names.forms.push((i, form));
            }
            names.listed.push((ods.trim().to_owned(), name.trim().to_owned(), ccg.to_owned()));
        }
        names
    }

    /// Whether no practice is listed.
    pub(crate) fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// The practices `text` (of CCG `ccg`) names, as (ODS code, name), in
    /// the order they first appear, each once. A name that two listed
    /// practices share is taken for the one of `ccg`, if it has one, and
    /// otherwise for neither.
    pub(crate) fn named_in(&self, text: &str, ccg: &str) -> Vec<(&str, &str)> {
        // (first word, words after the last, practice)
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        let tokens = words(text);
        for start in 0..tokens.len() {
            for &f in self.by_first.get(&tokens[start].text).into_iter().flatten() {
                let (i, w) = &self.forms[f];
                // Without its leading "the", when the text starts there.
                let w = if tokens[start].text != w[0].text { &w[1..] } else { &w[..] };
                let Some(run) = tokens.get(start..start + w.len()) else { continue };
                let same = run.iter().zip(w).enumerate().all(|(k, (t, n))| t.text == n.text && (k == 0 || !t.broken || n.broken));
                if same && !found.contains(&(start, start + w.len(), *i)) {
                    found.push((start, start + w.len(), *i));
                }
            }
        }
        // A match inside a longer one is part of that name.
        let spans = found.clone();
        found.retain(|&(s, e, _)| !spans.iter().any(|&(s2, e2, _)| s2 <= s && e <= e2 && e2 - s2 > e - s));
        // The same words naming two practices: the CCG's own, or neither.
        let spans = found.clone();
        found.retain(|&(s, e, i)| {
            let alike: Vec<usize> = spans.iter().filter(|&&(s2, e2, _)| (s2, e2) == (s, e)).map(|&(_, _, j)| j).collect();
            let own: Vec<usize> = alike.iter().copied().filter(|&j| self.listed[j].2 == ccg).collect();
            alike.len() == 1 || (own.len() == 1 && own[0] == i)
        });
        let mut at: Vec<(usize, usize)> = found.iter().map(|&(s, _, i)| (s, i)).collect();
        // ODS codes: whole tokens of letters and digits, after every name.
        for (n, token) in codes(text).into_iter().enumerate() {
            let upper = token.to_uppercase();
            // A code of letters only must be written in capitals.
            let exact = token.bytes().any(|b| b.is_ascii_digit()) || token == upper;
            if let Some(&i) = self.by_code.get(&upper).filter(|_| exact) {
                at.push((tokens.len() + n, i));
            }
        }
        at.sort();
        let mut out: Vec<usize> = Vec::new();
        for (_, i) in at {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out.into_iter().map(|i| (self.listed[i].0.as_str(), self.listed[i].1.as_str())).collect()
    }
}

/// Whether a name's words are enough to be sure of: two or more, a leading
/// "the" aside, not all of them common ones.
fn matchable(w: &[Word]) -> bool {
    let rest = if w.first().is_some_and(|f| f.text == "the") { &w[1..] } else { w };
    rest.len() >= 2 && !rest.iter().all(|x| COMMON.contains(&x.text.as_str()))
}

/// A name written the other way round, as NHS Digital's list writes some
/// ("SURGERY, THE OLD", "GROVE SURGERY, THE"), as said: "The Old Surgery",
/// "The Grove Surgery". None for a name not written so.
fn turned(w: &[Word]) -> Option<Vec<Word>> {
    let k = w.iter().position(|x| x.text == "the" && x.broken)?;
    let plain = |x: &Word| Word { text: x.text.clone(), broken: false };
    Some(w[k..k + 1].iter().chain(&w[k + 1..]).chain(&w[..k]).map(plain).collect())
}

/// Separators that end a name: a name never runs across them unless it
/// holds one itself ("Park Medical Centre; East London LMC" does not name
/// "Park Medical Centre East").
const BREAKS: &[char] = &[',', ';', ':', '(', ')', '[', ']', '/', '|', '\n', '\r', '–', '—'];

/// A word of a text, lowercase.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    text: String,
    /// A separator of [`BREAKS`] comes between it and the word before.
    broken: bool,
}

/// Text as lowercase words: runs of letters and digits, an apostrophe
/// inside a word dropped (`St John's` is `st johns`), `&` the word `and`.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut broken = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '’') && !word.is_empty() && chars.peek().is_some_and(|n| n.is_alphanumeric()) {
            // inside a word: skip it
        } else {
            if !word.is_empty() {
                out.push(Word { text: std::mem::take(&mut word), broken });
                broken = false;
            }
            broken |= BREAKS.contains(&c);
            if c == '&' {
                out.push(Word { text: "and".to_owned(), broken });
                broken = false;
            }
        }
    }
    if !word.is_empty() {
        out.push(Word { text: word, broken });
    }
    out
}

/// The runs of ASCII letters and digits in `text`, as written.
fn codes(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty() && t.is_ascii()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> PracticeNames {
        PracticeNames::new(LISTED.iter().map(|&(c, n)| (c, n, "alpha")))
    }

    const LISTED: &[(&str, &str)] = &[
        ("E87001", "Example Surgery"),
        ("E87002", "Park Medical Centre"),
        ("E87003", "Park Medical Centre East"),
        ("E87004", "The Surgery"),
        ("E87005", "Health Centre"),
        ("E87006", "St John's Wood Practice"),
        ("E87007", "SMITH & JONES PARTNERSHIP"),
        ("E87008", "The Grove"),
        ("E87009", "Parkside"),
        ("E87010", "The Lee Surgery"),
        ("E87011", "SURGERY, THE OLD"),
        ("E87012", "GREEN LANE SURGERY, THE"),
        ("E87013", "MARKET SQUARE SURGERY"),
        ("E87014", "Riverside Practice"),
    ];

    fn codes_in(text: &str) -> Vec<String> {
        names().named_in(text, "alpha").into_iter().map(|(c, _)| c.to_owned()).collect()
    }

    #[test]
    fn a_whole_name_capitals_and_punctuation_aside() {
        assert_eq!(codes_in("Partner, Example Surgery (PMS contract)"), ["E87001"]);
        assert_eq!(codes_in("partner at EXAMPLE SURGERY."), ["E87001"]);
        assert_eq!(codes_in("Salaried GP, Example  Surgery"), ["E87001"]);
        assert_eq!(codes_in("GP at St Johns Wood Practice"), ["E87006"]);
        assert_eq!(codes_in("GP at St John’s Wood Practice"), ["E87006"]);
        assert_eq!(codes_in("Partner, Smith and Jones Partnership"), ["E87007"]);
        assert_eq!(codes_in("Partner, Lee Surgery"), ["E87010"], "a leading The may be left out");
        // Written the other way round, as in NHS Digital's list.
        assert_eq!(codes_in("Partner, The Green Lane Surgery"), ["E87012"]);
        assert_eq!(codes_in("Partner, Green Lane Surgery"), ["E87012"]);
        assert_eq!(codes_in("Salaried GP, Market Square Surgery"), ["E87013"]);
    }

    #[test]
    fn near_misses_are_not_matches() {
        // Part of a longer word, or words missing.
        assert!(codes_in("Partner, Example Surgeryside Ltd").is_empty());
        assert!(codes_in("Partner, Examples Surgery").is_empty());
        assert!(codes_in("Partner, Example Health Centre").is_empty());
        assert!(codes_in("GP at St John Wood Practice").is_empty());
        assert!(codes_in("Partner, Leeds Surgery").is_empty());
        // Common words only, and one-word names.
        assert!(codes_in("Partner at the surgery; uses the health centre").is_empty());
        assert!(codes_in("Lives near Grove Road and Parkside").is_empty());
        assert!(codes_in("Partner, The Grove").is_empty(), "one word and The: by code only");
        assert!(codes_in("Partner, The Old Surgery").is_empty(), "common words: by code only");
        // A listed name that is the start of a longer listed one.
        assert_eq!(codes_in("Partner, Park Medical Centre East"), ["E87003"]);
        assert_eq!(codes_in("Partner, Park Medical Centre; East London LMC"), ["E87002"]);
        assert_eq!(codes_in("Partner, Park Medical Centre, East Street"), ["E87002"]);
    }

    #[test]
    fn ods_codes_as_whole_tokens() {
        assert_eq!(codes_in("Partner (E87004)"), ["E87004"]);
        assert_eq!(codes_in("Partner, practice e87008"), ["E87008"]);
        assert!(codes_in("Partner, E870011").is_empty());
        assert!(codes_in("Ref XE87001").is_empty());
        assert_eq!(codes_in("E87002/E87001"), ["E87002", "E87001"]);
    }

    #[test]
    fn each_once_in_the_order_named() {
        assert_eq!(codes_in("Park Medical Centre and Example Surgery (E87001), merging"), ["E87002", "E87001"]);
        assert!(PracticeNames::new([]).named_in("Example Surgery", "alpha").is_empty());
    }

    #[test]
    fn a_name_two_practices_share_is_the_ccgs_own_or_neither() {
        let two = PracticeNames::new([
            ("A1", "Riverside Practice", "alpha"),
            ("B1", "Riverside Practice", "beta"),
            ("B2", "Riverside Practice", "beta"),
        ]);
        assert_eq!(two.named_in("Partner, Riverside Practice", "alpha"), [("A1", "Riverside Practice")]);
        assert!(two.named_in("Partner, Riverside Practice", "beta").is_empty(), "two in beta: neither");
        assert!(two.named_in("Partner, Riverside Practice", "gamma").is_empty());
        assert_eq!(two.named_in("Partner, Riverside Practice (B2)", "beta"), [("B2", "Riverside Practice")]);
    }

    #[test]
    fn words_of_a_text() {
        let texts = |t: &str| words(t).into_iter().map(|w| w.text).collect::<Vec<_>>();
        assert_eq!(texts("St John's  Wood & Co."), ["st", "johns", "wood", "and", "co"]);
        assert_eq!(texts("'quoted' Name"), ["quoted", "name"]);
        let broken = words("Park, Centre (East) x").into_iter().map(|w| w.broken).collect::<Vec<_>>();
        assert_eq!(broken, [false, true, true, true]);
    }
}
