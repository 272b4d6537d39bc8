//! The spellings looked for, for one register name.

use super::Format;
use super::normal::normalise;

/// Titles that may come before a name (normal form). Any of them followed
/// by a withheld person's surname is refused.
pub const TITLES: &[&str] =
    &["dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor", "rev", "revd", "reverend", "sir", "dame"];

/// Titles used with the first name (`Sir Quentin`).
const GIVEN_NAME_TITLES: &[&str] = &["sir", "dame"];

/// Honours and qualifications that may follow a name in the register.
const POST_NOMINALS: &[&str] = &[
    "obe", "mbe", "cbe", "kbe", "dbe", "frcgp", "mrcgp", "frcp", "mrcp", "frcs", "mbbs", "mbchb", "bm", "bch", "md", "phd", "msc", "bsc",
    "ma", "mba", "rgn", "rn", "jp", "qc", "kc", "dl", "fph", "mfph",
];

/// Words that belong to the surname that follows them.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la", "le", "dos", "das", "ter", "ten", "st", "bin", "ibn", "al",
    "el",
];

/// The patterns of one register name, in normal form.
pub(super) fn patterns_of(name: &str) -> Vec<String> {
    // A note in brackets is not part of the name.
    let name = name.split('(').next().unwrap_or("");
    // The words of each part of the name as written (a part is what white
    // space separates: `Smith-Jones` is one part of two words).
    let parts: Vec<Vec<String>> = name
        .split_whitespace()
        .map(|p| {
            let words = String::from_utf8_lossy(&normalise(p, Format::Text, false).main.out).into_owned();
            words.split([' ', '\n']).filter(|w| !w.is_empty()).map(str::to_owned).collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let join = |ps: &[Vec<String>]| ps.iter().flatten().map(String::as_str).collect::<Vec<_>>().join(" ");
    let full = join(&parts);
    if full.is_empty() {
        return Vec::new();
    }
    let mut out = vec![full];
    let is_all = |p: &Vec<String>, set: &[&str]| p.iter().all(|w| set.contains(&w.as_str()));
    let mut lo = 0;
    while lo < parts.len() && is_all(&parts[lo], TITLES) {
        lo += 1;
    }
    let mut hi = parts.len();
    while hi > lo + 2 && is_all(&parts[hi - 1], POST_NOMINALS) {
        hi -= 1;
    }
    let core = &parts[lo..hi];
    if core.is_empty() {
        return out;
    }
    // The surname: the last part, with any particles before it.
    let mut s = core.len() - 1;
    while s > 1 && is_all(&core[s - 1], PARTICLES) {
        s -= 1;
    }
    let surname = join(&core[s..]);
    if core.len() > 1 || lo == 0 {
        // A one-word name with a title (`Dr Zyborg`) is not looked for
        // without it: that would be a surname alone.
        out.push(join(core));
    }
    if s > 0 {
        let first = join(&core[..1]);
        out.push(format!("{first} {surname}"));
        out.push(format!("{surname} {first}"));
        out.push(format!("{}{}", first.replace(' ', ""), surname.replace(' ', "")));
        for t in GIVEN_NAME_TITLES {
            out.push(format!("{t} {first}"));
        }
    }
    for t in TITLES {
        out.push(format!("{t} {surname}"));
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_of_a_name() {
        let p = patterns_of("Dr Quentin Adam Zyborg");
        for want in [
            "dr quentin adam zyborg",
            "quentin adam zyborg",
            "quentin zyborg",
            "zyborg quentin",
            "quentinzyborg",
            "dr zyborg",
            "mrs zyborg",
            "professor zyborg",
            "sir quentin",
        ] {
            assert!(p.contains(&want.to_owned()), "{want} missing from {p:?}");
        }
        assert!(!p.contains(&"zyborg".to_owned()), "a surname alone is not a pattern");
        assert!(!p.contains(&"quentin".to_owned()));
        let p = patterns_of("Prof Anna van der Berg OBE (GP member)");
        assert!(p.contains(&"dr van der berg".to_owned()) && p.contains(&"anna van der berg".to_owned()), "{p:?}");
        assert!(!p.contains(&"dr berg".to_owned()) && !p.contains(&"dr obe".to_owned()), "{p:?}");
        let p = patterns_of("Mrs Ann Smith-Jones");
        assert!(p.contains(&"dr smith jones".to_owned()) && !p.contains(&"dr jones".to_owned()), "{p:?}");
        assert_eq!(patterns_of("Dr Zyborg").iter().filter(|p| !p.contains(' ')).count(), 0, "no surname alone");
        let p = patterns_of("Madonna");
        assert!(p.contains(&"madonna".to_owned()) && p.contains(&"ms madonna".to_owned()), "a one-word name is the name: {p:?}");
        assert!(patterns_of(" \u{200b} ").is_empty());
    }
}
