//! A register name read as a name: its titles, given names, surname and
//! the rest (honours, qualifications, roles), and what is looked for.

use super::Format;
use super::normal::normalise;

/// Titles that may come before a name (normal form). Any of them followed
/// by a withheld person's surname is refused.
pub(crate) const TITLES: &[&str] =
    &["dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor", "rev", "revd", "reverend", "sir", "dame"];

/// Titles used with the first name (`Sir Quentin`).
const GIVEN_NAME_TITLES: &[&str] = &["sir", "dame"];

/// Honours and qualifications that may follow a name in the register
/// (normal form). An unknown word in capitals after a name is taken as one
/// too (`Quentin Zyborg FCA`), see [`parse`].
const POST_NOMINALS: &[&str] = &[
    "obe", "mbe", "cbe", "kbe", "dbe", "frcgp", "mrcgp", "frcp", "mrcp", "frcs", "mrcs", "mbbs", "mbchb", "bm", "bch", "bs", "md", "phd",
    "dphil", "msc", "bsc", "ma", "ba", "mba", "llb", "llm", "rgn", "rmn", "rn", "jp", "qc", "kc", "dl", "fph", "mfph", "ffph", "fca",
    "aca", "fcca", "acca", "cipfa", "cpfa", "fcma", "acma", "cgma", "frcpsych", "mrcpsych", "drcog", "dch", "dffp", "dfsrh", "fhea",
    "frcn", "frca", "frcog", "mrcog", "frcpch", "mrcpch", "frcr", "frcpath", "bds", "mfds", "fds", "frsa", "fihm", "mihm", "cipd", "fcipd",
    "mcipd", "mcsp", "hcpc", "nmc", "ceng", "mrpharms", "frpharms", "mpharm", "bpharm", "pgcert", "pgdip", "dipn", "mph", "mpa",
];

/// Words that belong to the surname that follows them.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la", "le", "dos", "das", "ter", "ten", "st", "bin", "ibn", "al",
    "el", "mac", "ap",
];

/// A withheld person, as the matcher knows them: every word in normal form.
#[derive(Debug, Default, Clone)]
pub(super) struct Parsed {
    /// Their surnames (a surname is one or more words: `o neill`, `van der
    /// berg`, `smith jones`), with whether the surname found alone is to be
    /// reported (not for a surname only guessed at, see [`parse`]).
    pub(super) surnames: Vec<(Vec<String>, bool)>,
    /// Their given names, each word (`quentin`, `adam`; `mary`, `jane`).
    pub(super) given: Vec<String>,
    /// The first letters of their given names.
    pub(super) initials: Vec<u8>,
    /// Written with no given name or title (`Madonna`): the surname alone is
    /// the whole name.
    pub(super) surname_only: bool,
}

/// What a pattern found means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Anchor {
    /// A surname: the words around it say whether it is the person's name.
    Surname,
    /// A surname found alone is not reported (one only guessed at).
    QuietSurname,
    /// The surname and an initial run together (`oneills`, an email's
    /// local part): as uncertain as the surname alone (`Morgana` is a name
    /// of its own).
    SurnameInitial,
    /// The person, whatever is around it (`qzyborg`, `sir quentin`).
    Whole,
}

/// One part of a name as written (what white space separates): its text as
/// written and its words in normal form (`O'Neill` is `o`, `neill`).
struct Part<'a> {
    raw: &'a str,
    words: Vec<String>,
}

impl Part<'_> {
    fn is_all(&self, set: &[&str]) -> bool {
        !self.words.is_empty() && self.words.iter().all(|w| set.contains(&w.as_str()))
    }
    /// A single letter, with or without a dot (`Q`, `Q.`).
    fn is_initial(&self) -> bool {
        self.words.len() == 1 && self.words[0].len() == 1 && self.words[0].as_bytes()[0].is_ascii_alphabetic()
    }
    /// Written in capitals, two letters or more (`ZYBORG`, `FCA`).
    fn is_capitals(&self) -> bool {
        self.raw.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !self.raw.chars().any(char::is_lowercase)
    }
}

/// The words of `text` in normal form.
pub(super) fn words(text: &str) -> Vec<String> {
    let n = normalise(text, Format::Text, false).main.out;
    String::from_utf8_lossy(&n).split([' ', '\n']).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

fn parts(text: &str) -> Vec<Part<'_>> {
    text.split_whitespace().map(|raw| Part { raw, words: words(raw) }).filter(|p| !p.words.is_empty()).collect()
}

/// Reads a name as a register writes it, into `person`.
///
/// - What follows a `(`, a `[` or a dash with spaces around it (`-`, `–`,
///   `—`) is not the name: `Dr Quentin Zyborg (GP member)`, `… - Chair`.
/// - A comma: after a name of one word it is the surname written first
///   (`ZYBORG, Dr Quentin`); otherwise what follows is a role (`Dr Quentin
///   Zyborg, GP partner`).
/// - Titles first (`Dr`, `Prof`); honours and qualifications last (`OBE`,
///   `FRCGP`, or any word of up to five capitals after a word that is not in
///   capitals, `Quentin Zyborg FCA`).
/// - The surname is, in this order: `surname` when the register gives it;
///   the word before initials at the end (`Zyborg Q A`); the one word in
///   capitals among words that are not (`ZYBORG Quentin`, `Quentin ZYBORG`);
///   the last word, with `van`, `de` and the like before it (`Anna van der
///   Berg`). A hyphenated or apostrophe'd surname is one (`Smith-Jones`,
///   `O'Neill`). The other words are given names (single letters: initials).
/// - A word dropped as a qualification only because it is in capitals could
///   be a surname written in capitals (`Quentin Adam LEE`): it is looked for
///   with a title, given name or initial too, but not alone.
pub(super) fn parse(name: &str, surname: Option<&str>, person: &mut Parsed) {
    let cut = name.find(['(', '[']).unwrap_or(name.len());
    let mut name = &name[..cut];
    for dash in [" - ", " \u{2013}", "\u{2013} ", " \u{2014}", "\u{2014} ", " \u{2012}"] {
        if let Some(i) = name.find(dash) {
            name = &name[..i];
        }
    }
    let mut segments = name.split(',');
    let first = parts(segments.next().unwrap_or(""));
    let second = segments.next().map(parts).unwrap_or_default();
    let surname_first =
        first.len() == 1 && !first[0].is_all(TITLES) && !second.is_empty() && !second.iter().all(|p| p.is_all(POST_NOMINALS));
    let given_titles = |ps: &[Part]| ps.iter().any(|p| p.is_all(TITLES));
    let mut core: Vec<Part> = Vec::new();
    let mut surname_at: Option<std::ops::Range<usize>> = None;
    let titled;
    if surname_first {
        // `ZYBORG, Dr Quentin`: the surname, then titles and given names.
        titled = given_titles(&second);
        core.extend(first);
        core.extend(second.into_iter().filter(|p| !p.is_all(TITLES) && !p.is_all(POST_NOMINALS)));
        surname_at = Some(0..1);
    } else {
        let mut ps = first;
        let lo = ps.iter().take_while(|p| p.is_all(TITLES)).count();
        titled = lo > 0;
        ps.drain(..lo);
        // Honours and qualifications at the end.
        while ps.len() > 1 {
            let last = &ps[ps.len() - 1];
            let before = &ps[ps.len() - 2];
            if last.is_all(POST_NOMINALS) && !(ps.len() == 2 && last.is_capitals() && !before.is_capitals()) {
                ps.pop();
            } else if ps.len() > 2
                && last.is_capitals()
                && !before.is_capitals()
                && last.raw.chars().filter(|c| c.is_alphabetic()).count() <= 5
            {
                // Perhaps a surname in capitals: looked for, not alone.
                if let Some(p) = ps.pop() {
                    person.surnames.push((p.words, false));
                }
            } else {
                break;
            }
        }
        core = ps;
    }
    if core.is_empty() {
        return;
    }
    let n = core.len();
    if let Some(s) = surname.map(words).filter(|s| !s.is_empty()) {
        // Where the register's surname is among the words, if it is.
        let flat: Vec<&String> = core.iter().flat_map(|p| &p.words).collect();
        let at = (0..flat.len()).find(|&i| flat.len() - i >= s.len() && flat[i..i + s.len()].iter().zip(&s).all(|(a, b)| *a == b));
        let mut given = Vec::new();
        let mut k = 0;
        for p in &core {
            let inside = at.is_some_and(|a| k >= a && k < a + s.len());
            if !inside {
                given.push(p);
            }
            k += p.words.len();
        }
        add_given(person, given.into_iter());
        person.surnames.retain(|(w, _)| *w != s);
        person.surnames.push((s, true));
        return;
    }
    if surname_at.is_none() {
        let initials_at_end = core.iter().rev().take_while(|p| p.is_initial()).count();
        let capitals: Vec<usize> = (0..n).filter(|&i| core[i].is_capitals() && !core[i].is_initial()).collect();
        surname_at = if initials_at_end > 0 && initials_at_end < n && !core[0].is_initial() {
            // `Zyborg Q A`
            Some(0..n - initials_at_end)
        } else if capitals.len() == 1 && n > 1 && core.iter().any(|p| !p.is_capitals() && !p.is_initial()) {
            // `ZYBORG Quentin`, `Quentin ZYBORG`
            Some(capitals[0]..capitals[0] + 1)
        } else {
            let mut s = n - 1;
            while s > 1 && core[s - 1].is_all(PARTICLES) {
                s -= 1;
            }
            Some(s..n)
        }
    }
    let at = surname_at.unwrap_or(n - 1..n);
    person.surnames.push((core[at.clone()].iter().flat_map(|p| p.words.iter().cloned()).collect(), true));
    let before = core.len();
    add_given(person, core.iter().enumerate().filter(|(i, _)| !at.contains(i)).map(|(_, p)| p));
    if before == at.len() && !titled {
        person.surname_only = true;
    }
}

fn add_given<'p, 'a: 'p>(person: &mut Parsed, given: impl Iterator<Item = &'p Part<'a>>) {
    for p in given {
        if let Some(&i) = p.words[0].as_bytes().first()
            && !person.initials.contains(&i)
        {
            person.initials.push(i);
        }
        if !p.is_initial() {
            for w in &p.words {
                if !person.given.contains(w) {
                    person.given.push(w.clone());
                }
            }
        }
    }
}

impl Parsed {
    /// The person a register entry names, with its other names.
    pub(super) fn new(name: &str, surname: Option<&str>, also_known_as: &[String]) -> Parsed {
        let mut p = Parsed::default();
        parse(name, surname, &mut p);
        for other in also_known_as {
            let mut o = Parsed::default();
            parse(other, None, &mut o);
            // One word is another surname (a maiden name), not the whole name.
            o.surname_only = false;
            p.merge(o);
        }
        p.surname_only &= p.given.is_empty();
        p
    }

    /// Adds another's names to this person's.
    pub(super) fn merge(&mut self, o: Parsed) {
        for s in o.surnames {
            if !self.surnames.iter().any(|(w, _)| *w == s.0) {
                self.surnames.push(s);
            }
        }
        for g in o.given {
            if !self.given.contains(&g) {
                self.given.push(g);
            }
        }
        for i in o.initials {
            if !self.initials.contains(&i) {
                self.initials.push(i);
            }
        }
        self.surname_only = self.surname_only && o.surname_only;
    }

    /// The patterns that find this person, in normal form, with what each
    /// means. A surname is looked for as written and with its words run
    /// together (`o neill`, `oneill`); so are email local parts and slugs
    /// made of a given name or initial and a surname (`quentinzyborg`,
    /// `qzyborg`, `zyborgq`), and `sir`/`dame` with a given name.
    pub(super) fn patterns(&self) -> Vec<(String, Anchor)> {
        let mut out = Vec::new();
        let first_given: Option<&String> = self.given.first();
        for (words, report) in &self.surnames {
            let spaced = words.join(" ");
            let joined = words.concat();
            let kind = if self.surname_only {
                Anchor::Whole
            } else if *report {
                Anchor::Surname
            } else {
                Anchor::QuietSurname
            };
            out.push((spaced.clone(), kind));
            if joined != spaced {
                out.push((joined.clone(), kind));
            }
            for g in &self.given {
                out.push((format!("{g}{joined}"), Anchor::Whole));
            }
            for &i in &self.initials {
                let i = i as char;
                out.push((format!("{i}{joined}"), Anchor::Whole));
                if !self.surname_only {
                    out.push((format!("{joined}{i}"), Anchor::SurnameInitial));
                }
            }
        }
        if let Some(g) = first_given {
            for t in GIVEN_NAME_TITLES {
                out.push((format!("{t} {g}"), Anchor::Whole));
            }
        }
        // One meaning a pattern: the strongest.
        out.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> Parsed {
        Parsed::new(name, None, &[])
    }

    fn surname(name: &str) -> String {
        person(name).surnames.iter().find(|s| s.1).map(|s| s.0.join(" ")).unwrap_or_default()
    }

    #[test]
    fn names_are_read_as_names() {
        for (name, want, given) in [
            ("Dr Quentin Zyborg", "zyborg", "quentin"),
            ("Quentin Zyborg FCA", "zyborg", "quentin"),
            ("Dr Quentin Zyborg, GP partner", "zyborg", "quentin"),
            ("Dr Quentin Zyborg - Chair", "zyborg", "quentin"),
            ("Dr Quentin Zyborg \u{2013} Chair", "zyborg", "quentin"),
            ("Dr Quentin Zyborg (GP member)", "zyborg", "quentin"),
            ("ZYBORG, Dr Quentin", "zyborg", "quentin"),
            ("Zyborg, Quentin", "zyborg", "quentin"),
            ("Zyborg Q (Dr)", "zyborg", ""),
            ("ZYBORG Quentin", "zyborg", "quentin"),
            ("Quentin ZYBORG", "zyborg", "quentin"),
            ("Dr Quentin Adam Zyborg OBE FRCGP", "zyborg", "quentin adam"),
            ("Prof Anna van der Berg OBE (GP member)", "van der berg", "anna"),
            ("Mrs Ann Smith-Jones", "smith jones", "ann"),
            ("Seán O'Neill", "o neill", "sean"),
            ("Dr Zoë Fenwick MBChB MRCGP", "fenwick", "zoe"),
            ("Madonna", "madonna", ""),
            ("Dr Zyborg", "zyborg", ""),
        ] {
            let p = person(name);
            assert_eq!(surname(name), want, "{name}: {p:?}");
            assert_eq!(p.given.join(" "), given, "{name}: {p:?}");
        }
        assert_eq!(person("Zyborg Q (Dr)").initials, b"q");
        assert!(person("Madonna").surname_only && !person("Dr Zyborg").surname_only);
        // Perhaps a surname in capitals: looked for with a given name, not alone.
        let p = person("Quentin Adam LEE");
        assert!(p.surnames.contains(&(vec!["lee".to_owned()], false)), "{p:?}");
        assert!(words(" \u{200b} ").is_empty() && person(" ").surnames.is_empty());
    }

    #[test]
    fn a_register_may_say_the_surname_and_other_names() {
        let p = Parsed::new("Quentin Adam LEE", Some("Lee"), &[]);
        assert_eq!(p.surnames, vec![(vec!["lee".to_owned()], true)]);
        assert_eq!(p.given, ["quentin", "adam"]);
        let p = Parsed::new("Mary Jane Lloyd Webber", Some("Lloyd Webber"), &["Mary Smith".to_owned(), "Polly".to_owned()]);
        let s: Vec<String> = p.surnames.iter().map(|s| s.0.join(" ")).collect();
        assert_eq!(s, ["lloyd webber", "smith", "polly"]);
        assert_eq!(p.given, ["mary", "jane"]);
    }

    #[test]
    fn patterns_of_a_name() {
        let p: Vec<String> = person("Seán O'Neill").patterns().into_iter().map(|p| p.0).collect();
        for want in ["o neill", "oneill", "seanoneill", "soneill", "oneills", "sir sean"] {
            assert!(p.contains(&want.to_owned()), "{want} missing from {p:?}");
        }
        assert!(!p.contains(&"neill".to_owned()) && !p.contains(&"sean".to_owned()), "{p:?}");
        let p = person("Prof Anna van der Berg OBE").patterns();
        assert!(!p.iter().any(|p| p.0 == "berg" || p.0 == "obe"), "{p:?}");
        let p = person("Madonna").patterns();
        assert!(p.contains(&("madonna".to_owned(), Anchor::Whole)), "a one-word name is the name: {p:?}");
        let p = person("Dr Zyborg").patterns();
        assert!(p.contains(&("zyborg".to_owned(), Anchor::Surname)), "{p:?}");
    }
}
