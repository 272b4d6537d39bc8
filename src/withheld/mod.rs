//! Withheld names: finding a withheld person's name in any spelling a
//! person could produce, in content and in every file the site is made of.
//!
//! A register of interests entry may be `withheld: true`: publishing it
//! could put the person at risk, so their name must appear nowhere. A name
//! is written many ways, so both the names and the text they are looked for
//! in are brought to one normal form, and the names are looked for in that
//! form:
//!
//! - HTML entities are decoded (`&nbsp;`, `&#160;`, `&amp;nbsp;` as often as
//!   it is escaped) and so are URL escapes (`%20`);
//! - Unicode NFKC (full-width letters, ligatures, NFD accents become plain
//!   letters and composed accents), then lower case (`ß` as `ss`);
//! - format characters (Unicode category Cf: soft hyphen, zero-width space
//!   and joiners, word joiner, byte order mark, bidirectional marks) and
//!   other invisible ones (variation selectors, the combining grapheme
//!   joiner) are dropped, and so are `*`, `` ` `` and `~`, the marks of
//!   Markdown emphasis and code (`Dr *Quentin* Zyborg`, `Quen**tin**`);
//! - every run of anything else that is not a letter or digit (white space
//!   of any kind, line breaks, punctuation, `_`, `-`, `.`, `@`, `/`) is one
//!   space: `Dr.  Quentin_Zyborg` is `dr quentin zyborg`, and so are the
//!   slug and email forms `quentin-zyborg`, `quentin.zyborg@…`;
//! - markup is seen through: an inline tag (`<em>`, `<a href=…>`) joins the
//!   text around it, any other tag is a space; what a tag holds (attribute
//!   values: links, titles, alt text) and comments are text of their own.
//!   Markdown is read the way it is published ([`Withheld::find_in_markdown`]):
//!   the words of `[Dr Quentin](https://x) Zyborg` are `Dr Quentin Zyborg`,
//!   and the link is looked at apart.
//!
//! What is looked for, for a register name `Dr Quentin Adam Zyborg`: the name
//! as written (`dr quentin adam zyborg`), without its titles
//! (`quentin adam zyborg`), first name and surname (`quentin zyborg`, also
//! `zyborg quentin` and `quentinzyborg`), any title and the surname
//! (`dr zyborg`, `mrs zyborg`, `professor zyborg`…, see [`TITLES`]), and
//! `sir quentin` / `dame quentin`, the way those titles are used. A surname
//! keeps its particles (`van der Berg`) and a hyphenated surname is one
//! (`Smith-Jones`); a trailing `(…)` and honours (`OBE`, `FRCGP`…) in the
//! register name are not part of the name.
//!
//! A match must start and end at a word boundary, so `Dr Zyborgson` is a
//! different name and is not refused; a possessive `s` may follow (`Dr
//! Zyborgs report`, `Zyborg's` is `zyborg s` anyway). Not caught: initials
//! (`Q. Zyborg`, `Dr Q Zyborg`), a surname or first name alone, nicknames,
//! misspellings, transliterations, and names in pictures or scanned papers.
//!
//! Everything is one pass over each text: an Aho-Corasick automaton of every
//! pattern of every withheld name over the normal form. Only a text that
//! holds a name is normalised a second time, keeping for each byte of the
//! normal form where it came from, to say where the name is.
//!
//! Here: the matcher, [`Withheld`]. `patterns.rs` makes the spellings of a
//! name; `normal.rs` the normal form of a text, decoding entities
//! (`entity.rs`) and seeing through tags (`markup.rs`); `format.rs` undoes
//! the escapes of JSON and iCalendar output; `markdown.rs` reads Markdown
//! as it is published.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::model::SurnameAlone;

mod confusables;
mod content;
mod entity;
mod format;
mod markdown;
mod markup;
mod normal;
mod patterns;

pub(crate) use entity::entity;
pub(crate) use format::Format;
use markdown::normalise_markdown;
use normal::{Normal, normalise, with_normal};
pub(crate) use patterns::TITLES;
use patterns::{Anchor, Parsed};

/// What a field that names a withheld person is published as.
pub(crate) const NAME_WITHHELD: &str = "Name withheld";

/// What stands for the details (interest, action) of a declaration or a
/// conflict whose whole entry is withheld (`withheld: true`).
pub(crate) const DETAILS_WITHHELD: &str = "details withheld";

/// Words that are not a middle name between a given name and a surname
/// (`Quentin and Zyborg`).
const NOT_NAMES: &[&str] = &[
    "and", "or", "nor", "of", "the", "to", "for", "with", "by", "from", "at", "in", "on", "is", "was", "as", "not", "no", "but", "if",
    "then", "than", "that", "this", "who", "re", "cc", "per", "via", "vs", "v",
];

/// A withheld person as the register gives them: the name, and what the
/// entry adds (see `InterestEntry`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Person<'a> {
    pub name: &'a str,
    pub surname: Option<&'a str>,
    pub also_known_as: &'a [String],
    pub surname_alone: Option<SurnameAlone>,
}

/// The withheld names of a site and what to look for, built once a build.
pub struct Withheld {
    /// The register's spellings, sorted, without repeats.
    names: Vec<String>,
    /// Each name read as a name (all the entries under it, merged).
    people: Vec<Parsed>,
    /// What each entry says of its surname alone.
    alone: Vec<Option<SurnameAlone>>,
    /// For each pattern: whose, and what it means.
    anchors: Vec<Vec<(usize, Anchor)>>,
    engine: Engine,
}

enum Engine {
    None,
    Ac(AhoCorasick),
    /// If the automaton cannot be built (far more patterns than a site has):
    /// slower, never less careful.
    Naive(Vec<String>),
}

/// A withheld name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'w> {
    /// Bytes of the text searched that hold it (for Markdown, of the source).
    pub range: Range<usize>,
    /// The name as the register writes it.
    pub name: &'w str,
}

/// A withheld person's surname found on its own (not with a title, given
/// name or initial of theirs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surname<'w> {
    /// Bytes of the text searched that hold it (for Markdown, of the source).
    pub range: Range<usize>,
    /// The person's name as the register writes it.
    pub name: &'w str,
    /// Which withheld person (an index into [`Withheld::names`]).
    pub person: usize,
    /// What their entry says of it (`surname_alone`).
    pub setting: Option<SurnameAlone>,
}

/// What a pattern found at a place is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Found {
    /// The person's name.
    Name,
    /// Their surname alone.
    Alone,
}

impl Withheld {
    /// The matcher for these register names (blank ones are ignored).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Withheld {
        Withheld::of_people(names.into_iter().map(|name| Person { name, ..Person::default() }))
    }

    /// The matcher for these withheld people (blank names are ignored).
    pub fn of_people<'a>(people: impl IntoIterator<Item = Person<'a>>) -> Withheld {
        let mut people: Vec<Person> = people.into_iter().filter(|p| !p.name.trim().is_empty()).collect();
        people.sort_by(|a, b| a.name.cmp(b.name));
        let mut names: Vec<String> = Vec::new();
        let mut parsed: Vec<Parsed> = Vec::new();
        let mut alone: Vec<Option<SurnameAlone>> = Vec::new();
        for p in &people {
            let one = Parsed::new(p.name, p.surname, p.also_known_as);
            if names.last().is_some_and(|n| n == p.name) {
                // Two entries under one name: one person, all their names.
                let (last, setting) = (parsed.last_mut(), alone.last_mut());
                if let (Some(last), Some(setting)) = (last, setting) {
                    last.merge(one);
                    *setting = match (*setting, p.surname_alone) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        _ => None,
                    };
                }
                continue;
            }
            names.push(p.name.to_owned());
            parsed.push(one);
            alone.push(p.surname_alone);
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut anchors: Vec<Vec<(usize, Anchor)>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (i, person) in parsed.iter().enumerate() {
            for (p, anchor) in person.patterns() {
                let k = *index.entry(p.clone()).or_insert_with(|| {
                    patterns.push(p);
                    anchors.push(Vec::new());
                    anchors.len() - 1
                });
                anchors[k].push((i, anchor));
            }
        }
        let engine = if patterns.is_empty() {
            Engine::None
        } else {
            // A DFA: a few megabytes for a national site's names, and the
            // fastest to run over every page.
            let dfa = AhoCorasick::builder().match_kind(MatchKind::Standard).kind(Some(AhoCorasickKind::DFA)).build(&patterns);
            match dfa.or_else(|_| AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns)) {
                Ok(ac) => Engine::Ac(ac),
                Err(_) => Engine::Naive(patterns),
            }
        };
        Withheld { names, people: parsed, alone, anchors, engine }
    }

    /// A matcher for some of these names only (as [`Withheld::names`] gives
    /// them), with all that their entries say.
    pub fn only(&self, names: &[&str]) -> Withheld {
        let mut w = Withheld::new(std::iter::empty());
        let mut patterns = Vec::new();
        for (i, name) in self.names.iter().enumerate() {
            if !names.contains(&name.as_str()) {
                continue;
            }
            let at = w.names.len();
            w.names.push(name.clone());
            w.people.push(self.people[i].clone());
            w.alone.push(self.alone[i]);
            for (p, anchor) in self.people[i].patterns() {
                match patterns.iter().position(|q| *q == p) {
                    Some(k) => w.anchors[k].push((at, anchor)),
                    None => {
                        patterns.push(p);
                        w.anchors.push(vec![(at, anchor)]);
                    }
                }
            }
        }
        if !patterns.is_empty() {
            w.engine = match AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns) {
                Ok(ac) => Engine::Ac(ac),
                Err(_) => Engine::Naive(patterns),
            };
        }
        w
    }

    /// No name is withheld: nothing is ever found.
    pub fn is_empty(&self) -> bool {
        matches!(self.engine, Engine::None)
    }

    /// The register's spellings of the withheld names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether a field that names a person (a member, someone present, a
    /// declaration, a conflict…) names a withheld person: it is then
    /// published as "Name withheld". True when the withheld name is in it
    /// in any spelling (`Dr Zyborg (GP member)`, `ZYBORG, Dr Quentin`), and
    /// when a withheld person's surname is, unless the field names someone
    /// else by a given name of their own (`Anna Zyborg`) or the entry says
    /// `surname_alone: allowed`.
    pub fn is_withheld_name(&self, name: &str) -> bool {
        if self.contains(name) {
            return true;
        }
        self.surnames_in_text(name).iter().any(|s| s.setting != Some(SurnameAlone::Allowed) && !self.names_someone_else(name, s.person))
    }

    /// Whether a person's name with a withheld person's surname (`Anna
    /// Zyborg`) has a given name of its own, none of theirs.
    pub fn names_someone_else(&self, name: &str, person: usize) -> bool {
        let other = Parsed::new(name, None, &[]);
        let Some(p) = self.people.get(person) else { return false };
        !other.given.is_empty() && !other.given.iter().any(|g| p.given.contains(g))
    }

    /// A person's name as published: the name, or [`NAME_WITHHELD`].
    pub fn published<'n>(&self, name: &'n str) -> &'n str {
        if self.is_withheld_name(name) { NAME_WITHHELD } else { name }
    }

    /// Whether `text` holds a withheld name (as [`find_in_text`] finds
    /// them, without saying where: one pass).
    ///
    /// [`find_in_text`]: Withheld::find_in_text
    pub fn contains(&self, text: &str) -> bool {
        !self.is_empty() && with_normal(text, Format::Text, |n| self.first(n)).is_some()
    }

    /// Whether `text` holds a withheld name or surname (one pass).
    pub fn mentions(&self, text: &str) -> bool {
        !self.is_empty() && with_normal(text, Format::Text, |n| self.any_hit(n))
    }

    /// The first withheld name in `text` (plain text, HTML or Markdown read
    /// as characters), with the bytes of `text` that hold it.
    pub fn find_in_text(&self, text: &str) -> Option<Match<'_>> {
        self.find_all_in_text(text).into_iter().next()
    }

    /// Every withheld name in `text`, in order (overlapping spellings of one
    /// name at one place are one match).
    pub fn find_all_in_text(&self, text: &str) -> Vec<Match<'_>> {
        if self.is_empty() || with_normal(text, Format::Text, |n| self.first(n)).is_none() {
            return Vec::new();
        }
        self.matches(&normalise(text, Format::Text, true)).0
    }

    /// Every withheld person's surname found alone in `text` (not where it
    /// is part of a withheld name), in order.
    pub fn surnames_in_text(&self, text: &str) -> Vec<Surname<'_>> {
        self.scan_text(text).1
    }

    /// Every withheld name in Markdown, read as it is published: the words
    /// (emphasis, entities and escapes undone, raw HTML seen through) and,
    /// on their own, link targets, titles and heading ids. Ranges are of
    /// the Markdown source.
    pub fn find_in_markdown(&self, md: &str) -> Vec<Match<'_>> {
        if self.is_empty() || self.first(&normalise_markdown(md, false)).is_none() {
            return Vec::new();
        }
        self.matches(&normalise_markdown(md, true)).0
    }

    /// Every withheld person's surname found alone in Markdown, read as
    /// [`find_in_markdown`](Withheld::find_in_markdown) reads it.
    pub fn surnames_in_markdown(&self, md: &str) -> Vec<Surname<'_>> {
        self.scan_markdown(md).1
    }

    /// Both at once, in one pass when there is neither: the withheld names
    /// in Markdown, and the surnames found alone.
    pub fn scan_markdown(&self, md: &str) -> (Vec<Match<'_>>, Vec<Surname<'_>>) {
        if self.is_empty() || !self.any_hit(&normalise_markdown(md, false)) {
            return (Vec::new(), Vec::new());
        }
        self.matches(&normalise_markdown(md, true))
    }

    /// Both at once for plain text, as [`find_all_in_text`] and
    /// [`surnames_in_text`] find them.
    ///
    /// [`find_all_in_text`]: Withheld::find_all_in_text
    /// [`surnames_in_text`]: Withheld::surnames_in_text
    pub fn scan_text(&self, text: &str) -> (Vec<Match<'_>>, Vec<Surname<'_>>) {
        if !self.mentions(text) {
            return (Vec::new(), Vec::new());
        }
        self.matches(&normalise(text, Format::Text, true))
    }

    fn any_hit(&self, n: &Normal) -> bool {
        [&n.main, &n.side].into_iter().any(|b| self.hits(&b.out).next().is_some())
    }

    /// The withheld name, if any, that a file of the built site at `path`
    /// (relative to the output folder) would publish, in its path or in
    /// `body` (read as [`Format::of`] the path says; `None` for a file
    /// copied as it is).
    pub fn find_in_output(&self, path: &str, body: Option<&[u8]>) -> Option<&str> {
        if self.is_empty() {
            return None;
        }
        if let Some(i) = with_normal(path, Format::Text, |n| self.first(n)) {
            return Some(&self.names[i]);
        }
        let body = body?;
        let text = match std::str::from_utf8(body) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(body),
        };
        with_normal(&text, Format::of(path), |n| self.first(n)).map(|i| self.names[i].as_str())
    }

    /// The name (index) of the first match in a normal form, if any.
    fn first(&self, n: &Normal) -> Option<usize> {
        [&n.main, &n.side]
            .into_iter()
            .find_map(|b| self.hits(&b.out).find_map(|(p, r)| self.found(&b.out, p, r).find(|f| f.2 == Found::Name).map(|f| f.0)))
    }

    /// Names, and surnames alone, of a normal form kept with its map, in
    /// source order.
    fn matches(&self, n: &Normal) -> (Vec<Match<'_>>, Vec<Surname<'_>>) {
        let mut found: Vec<(Range<usize>, usize, Found)> = Vec::new();
        for b in [&n.main, &n.side] {
            for (p, r) in self.hits(&b.out) {
                for (who, r, what) in self.found(&b.out, p, r) {
                    let start = b.map[r.start].0;
                    let end = b.map[r.end - 1].1.max(start);
                    found.push((start..end, who, what));
                }
            }
        }
        found.sort_by_key(|a| (a.0.start, std::cmp::Reverse(a.0.end)));
        let mut names: Vec<Match> = Vec::new();
        for (range, who, what) in &found {
            // One match for one place, whichever spellings matched there.
            if *what == Found::Alone || names.last().is_some_and(|l| range.start < l.range.end) {
                continue;
            }
            names.push(Match { range: range.clone(), name: &self.names[*who] });
        }
        let mut alone: Vec<Surname> = Vec::new();
        // Of two people's surnames at one place, the one whose entry is strictest.
        let strict = |s: Option<SurnameAlone>| match s {
            Some(SurnameAlone::Error) => 0,
            None => 1,
            Some(SurnameAlone::Warning) => 2,
            Some(SurnameAlone::Allowed) => 3,
        };
        for (range, who, what) in found {
            if what == Found::Name || names.iter().any(|m| range.start < m.range.end && m.range.start < range.end) {
                continue;
            }
            let s = Surname { range, name: &self.names[who], person: who, setting: self.alone[who] };
            match alone.last_mut() {
                Some(l) if s.range.start < l.range.end => {
                    if strict(s.setting) < strict(l.setting) {
                        *l = s;
                    }
                }
                _ => alone.push(s),
            }
        }
        (names, alone)
    }

    /// What pattern `p` found at `r` in a normal form is, for each person
    /// it is a pattern of: (person, bytes, what).
    fn found<'a>(&'a self, b: &'a [u8], p: usize, r: Range<usize>) -> impl Iterator<Item = (usize, Range<usize>, Found)> + 'a {
        self.anchors[p].iter().filter_map(move |&(who, anchor)| match anchor {
            Anchor::Whole => Some((who, r.clone(), Found::Name)),
            Anchor::SurnameInitial => Some((who, r.clone(), Found::Alone)),
            Anchor::Surname | Anchor::QuietSurname => match around(b, r.clone(), &self.people[who]) {
                Some(name) => Some((who, name, Found::Name)),
                None if anchor == Anchor::Surname => Some((who, r.clone(), Found::Alone)),
                None => None,
            },
        })
    }

    /// (pattern, range) of every match at word boundaries in `text`.
    fn hits<'t>(&'t self, bytes: &'t [u8]) -> Box<dyn Iterator<Item = (usize, Range<usize>)> + 't> {
        let bounded = move |r: &Range<usize>| {
            let gap = |i: usize| i >= bytes.len() || matches!(bytes[i], b' ' | b'\n');
            (r.start == 0 || gap(r.start - 1)) && (gap(r.end) || (bytes[r.end] == b's' && gap(r.end + 1)))
        };
        match &self.engine {
            Engine::None => Box::new(std::iter::empty()),
            Engine::Ac(ac) => {
                Box::new(ac.find_overlapping_iter(bytes).map(|m| (m.pattern().as_usize(), m.range())).filter(move |(_, r)| bounded(r)))
            }
            Engine::Naive(patterns) => Box::new(patterns.iter().enumerate().flat_map(move |(p, pat)| {
                memchr::memmem::find_iter(bytes, pat.as_bytes()).map(move |s| (p, s..s + pat.len())).filter(move |(_, r)| bounded(r))
            })),
        }
    }
}

/// The whole name, if the words around a surname found at `r` in a normal
/// form make it this person's: before it, a given name of theirs or their
/// initial (with titles before, initials between, and one middle name
/// after a given name: `Dr Quentin J Zyborg`, `Q. A. Zyborg`, `Quentin
/// Adam Zyborg`), or a title alone (`Dr Zyborg`, `Dr A Hall`: `a` and `i`
/// are initials only beside a title); after it, a given name or initial of theirs,
/// titles and initials between (`Zyborg, Quentin`, `ZYBORG, Dr Quentin`,
/// `Zyborg Q (Dr)`).
fn around(b: &[u8], r: Range<usize>, who: &Parsed) -> Option<Range<usize>> {
    let given = |w: &[u8]| who.given.iter().any(|g| g.as_bytes() == w);
    let initial = |w: &[u8]| w.len() == 1 && w[0].is_ascii_alphabetic();
    let title = |w: &[u8]| TITLES.iter().any(|t| t.as_bytes() == w);
    // `a` and `i` are words too (`a Hall`, `Hall a`): an initial only
    // beside a title (`Dr A Hall`, `HALL A (Dr)`).
    let weak = |w: &[u8]| w == b"a" || w == b"i";
    // Before.
    let mut start = None;
    let (mut qualified, mut only_titles, mut middle, mut weak_next) = (false, true, false, false);
    let mut i = r.start;
    for _ in 0..6 {
        if i == 0 || b[i - 1] != b' ' {
            break;
        }
        let end = i - 1;
        let s = b[..end].iter().rposition(|&c| c == b' ' || c == b'\n').map_or(0, |k| k + 1);
        let w = &b[s..end];
        if w.is_empty() {
            break;
        }
        if title(w) {
            if !(qualified || only_titles || weak_next) {
                break;
            }
            qualified = true;
            start = Some(s);
        } else if weak(w) && who.initials.contains(&w[0]) && !qualified {
            weak_next = true;
            only_titles = false;
        } else if given(w) || (initial(w) && who.initials.contains(&w[0]) && !middle) {
            // (A middle name after a given name only: `Quentin Adam
            // Zyborg`, not `p https example`, an escaped `</p>` before a link.)
            qualified = true;
            only_titles = false;
            start = Some(s);
        } else if initial(w) {
            only_titles = false;
            weak_next = false;
        } else if !qualified
            && !middle
            && w.len() > 1
            && w.iter().all(u8::is_ascii_lowercase)
            && !NOT_NAMES.iter().any(|n| n.as_bytes() == w)
        {
            middle = true;
            only_titles = false;
        } else {
            break;
        }
        i = s;
    }
    // After (`Zyborg's`, `Zyborgs`: a possessive, not an initial).
    let mut end = None;
    let mut weak_end = false;
    let mut j = r.end;
    if b.get(j) == Some(&b's') {
        j += 1;
    }
    for step in 0..4 {
        if j >= b.len() || b[j] != b' ' {
            break;
        }
        let s = j + 1;
        let e = b[s..].iter().position(|&c| c == b' ' || c == b'\n').map_or(b.len(), |k| s + k);
        let w = &b[s..e];
        if w.is_empty() {
            break;
        }
        if title(w) {
            if end.is_some() || weak_end {
                end = Some(e);
            }
        } else if weak(w) && who.initials.contains(&w[0]) {
            weak_end = true;
        } else if given(w) || (initial(w) && who.initials.contains(&w[0]) && !(step == 0 && w == b"s")) {
            end = Some(e);
        } else if !initial(w) {
            break;
        }
        j = e;
    }
    if start.is_none() && end.is_none() {
        return None;
    }
    Some(start.unwrap_or(r.start)..end.unwrap_or(r.end))
}

#[cfg(test)]
mod tests {
    use super::normal::tests::norm;
    use super::*;

    fn w() -> Withheld {
        Withheld::new(["Dr Quentin Zyborg", "Alex Morgan"])
    }

    #[track_caller]
    fn caught(text: &str) {
        let w = w();
        let m = w.find_in_text(text);
        assert!(m.is_some(), "not caught: {text:?} (normal form {:?})", norm(text));
    }

    #[track_caller]
    fn passed(text: &str) {
        assert_eq!(w().find_in_text(text), None, "caught: {text:?} (normal form {:?})", norm(text));
    }

    #[test]
    fn every_spelling_is_caught() {
        caught("Dr Quentin Zyborg");
        caught("Dr Quentin\nZyborg said"); // wrapped across two lines
        caught("thanked Dr Quentin\n   Zyborg for");
        caught("DR QUENTIN ZYBORG");
        caught("dr quentin zyborg");
        caught("Quentin Zyborg"); // no title
        caught("Dr. Quentin Zyborg");
        caught("Dr.Quentin Zyborg");
        caught("Dr  Quentin   Zyborg"); // double spaces
        caught("Dr\tQuentin Zyborg");
        caught("Dr\u{a0}Quentin\u{a0}Zyborg"); // non-breaking space
        caught("Dr\u{202f}Quentin\u{2003}Zyborg"); // narrow and em spaces
        caught("Dr&nbsp;Quentin&nbsp;Zyborg");
        caught("Dr&#160;Quentin&#xA0;Zyborg");
        caught("Dr&amp;nbsp;Quentin Zyborg"); // escaped twice
        caught("Dr *Quentin* Zyborg");
        caught("Dr **Quentin Zyborg**");
        caught("Dr _Quentin_ Zyborg");
        caught("Dr __Quentin__ Zyborg");
        caught("Dr `Quentin` Zyborg");
        caught("Dr Quen**tin** Zyborg");
        caught("Dr Quen\u{ad}tin Zy\u{ad}borg"); // soft hyphen
        caught("Dr Quen&shy;tin Zyborg");
        caught("Dr Quen\u{200b}tin Zyborg"); // zero-width space
        caught("Dr Quen\u{200c}tin Zy\u{200d}borg"); // ZWNJ, ZWJ
        caught("Dr Quentin Zy\u{2060}borg"); // word joiner
        caught("\u{feff}Dr Quentin Zyborg"); // byte order mark
        caught("Dr Quentin\u{200b}Zyborg"); // as one word: quentinzyborg
        caught("Dr Zyborg"); // the style of the sample minutes
        caught("Mrs Zyborg");
        caught("Professor Zyborg");
        caught("Prof. Zyborg");
        caught("Cllr Zyborg");
        caught("Sir Quentin");
        caught("Zyborg, Quentin");
        caught("QuentinZyborg");
        caught("ＤＲ ＱＵＥＮＴＩＮ ＺＹＢＯＲＧ"); // full-width
        caught("Dr Zyborg's report");
        caught("Dr Zyborgs report"); // possessive without its apostrophe
        caught("https://example.org/people/quentin-zyborg/"); // in a URL
        caught("https://example.org/people/Dr%20Zyborg.html");
        caught("quentin.zyborg@nhs.net"); // an email address
        caught("mailto:quentin_zyborg@nhs.net");
        caught("papers/2016-01-14/quentin-zyborg-cv.pdf"); // a file name
        caught("2016-01-14-dr-zyborg.md");
        caught("Alex Morgan");
        caught("Mr Morgan");
    }

    /// Markup read here (`markup.rs`, `normal.rs`) and not by an HTML
    /// tokenizer such as html5ever's: every text is read this way (Markdown,
    /// YAML, plain text and every output), broken markup included, entities
    /// are decoded as often as they are escaped, and each byte of the normal
    /// form keeps where it came from. Where a tokenizer drops or splits
    /// something, the name is still found.
    #[test]
    fn markup_a_tokenizer_would_drop_is_read() {
        // Cut off by the end of the text: a tokenizer drops the tag.
        caught("<img alt=\"Dr Quentin Zyborg");
        caught("<img alt='Dr Quentin Zyborg");
        caught("<img alt=Dr&nbsp;Quentin&nbsp;Zyborg");
        caught("<!-- Dr Quentin Zyborg");
        caught("<![CDATA[Dr Quentin Zyborg");
        // `<` inside a tag, quoted or not; a tag that never ends.
        caught("<a title=\"a<b Dr Quentin Zyborg\">x</a>");
        caught("<a title=a<b Dr Quentin Zyborg>x</a>");
        caught(&format!("<a title=\"{}Dr Quentin Zyborg", " ".repeat(5000)));
        // Entities in attributes, escaped twice, or without `;` before
        // letters (HTML shows `Dr&nbspQuentin` as `Dr Quentin`).
        caught("<img alt=\"Dr&amp;nbsp;Quentin&#x20;Zyborg\">");
        caught("<img alt=\"Dr&amp;amp;#160;Quentin Zyborg\">");
        caught("Dr&nbspQuentin&nbspZyborg");
        caught("<img alt=\"Dr&nbspQuentin Zyborg\">");
        caught("Dr Quentin&#32Zyborg");
        caught("Dr Quentin&#x20Zyborg");
        // Comments, CDATA, script and style text, declarations.
        caught("<!-- Dr Quentin Zyborg -->");
        caught("<![CDATA[Dr Quentin Zyborg]]>");
        caught("<script>var chair = 'Dr Quentin Zyborg';</script>");
        caught("<style>p::after { content: 'Dr Quentin Zyborg' }</style>");
        caught("<!DOCTYPE Dr Quentin Zyborg>");
        caught("<?xml-stylesheet title=\"Dr Quentin Zyborg\"?>");
        // Split across tags, attribute values and escapes.
        caught("Dr Quen<em>tin</em> Zy<span class=x>borg</span>");
        caught("Dr <a href=\"/x\">Quentin</a>&#10;Zyborg");
        caught("<a href=\"/people/Dr%20Quentin%20Zyborg\">x</a>");
        caught("<meta name=\"author\" content=\"Dr Quentin Zyborg\">");
        caught("<p aria-label=\"Dr Quentin Zyborg\" title=x>");
        // Not a tag: read as text.
        caught("1 < 2 Dr Quentin Zyborg > 3");
        caught("<3 Dr Quentin Zyborg");
    }

    #[test]
    fn unicode_forms_are_one() {
        let nfd = Withheld::new(["Zoë Fenwick"]);
        assert!(nfd.find_in_text("Zoe\u{308} Fenwick").is_some(), "NFD text, NFC register");
        let nfd_reg = Withheld::new(["Zoe\u{308} Fenwick"]);
        assert!(nfd_reg.find_in_text("Zo\u{eb} Fenwick").is_some(), "NFC text, NFD register");
        assert!(nfd.find_in_text("Zo&euml; Fenwick").is_some());
        assert!(nfd.find_in_text("Zo%C3%AB Fenwick").is_some());
        assert!(nfd.find_in_text("Zoe Fenwick").is_some(), "accents are folded");
        assert!(nfd.find_in_text("ZOË FENWICK").is_some());
        let sharp = Withheld::new(["Hans Weiß"]);
        assert!(sharp.find_in_text("HANS WEISS").is_some());
        let fi = Withheld::new(["Fiona Smith"]);
        assert!(fi.find_in_text("\u{fb01}ona Smith").is_some(), "a ligature");
    }

    #[test]
    fn word_boundaries_are_deliberate() {
        passed("Dr Zyborgson"); // another name
        passed("Dr Zyborgsen");
        passed("Mr Morganstern");
        passed("Zyborg"); // a surname alone (see surnames_alone)
        passed("Quentin");
        passed("Dr J Zyborg"); // not his initial: his surname alone
        passed("Dr Anna Zyborg"); // another given name
        passed("Quentin thanked the Zyborg family"); // too far apart
        passed("Quentin and Zyborg");
        passed("&lt;/p&gt;<id>https://zyborg.example</id>"); // an escaped tag, then a link
        let hall = Withheld::new(["Anne Hall", "Ian Long"]);
        for text in ["booked a hall for", "for a long time", "I Long for", "the hall a day"] {
            assert!(hall.find_in_text(text).is_none(), "{text:?}");
        }
        for text in ["Dr A Hall", "Dr A. Hall", "HALL A (Dr)", "Anne Hall", "Mr I Long", "ahall@nhs.net"] {
            assert!(hall.find_in_text(text).is_some(), "{text:?}");
        }
        assert_eq!(hall.surnames_in_text("A. J. Hall and a hall").len(), 2, "as the surname alone");
        passed("Dr Quentin Zyborgh"); // a misspelling
        passed("Zyborgquentin");
        passed("the doctor reported");
        passed("Alexander Morgan");
        caught("(Dr Zyborg)");
        caught("Dr Zyborg.");
    }

    #[test]
    fn names_as_registers_and_minutes_write_them() {
        caught("Q. Zyborg"); // initials
        caught("Dr Q Zyborg");
        caught("Dr Q. Zyborg");
        caught("Dr Q. A. Zyborg");
        caught("ZYBORG, Dr Quentin");
        caught("Zyborg, Dr. Quentin");
        caught("Zyborg Q (Dr)");
        caught("ZYBORG Q");
        caught("Dr Quentin J Zyborg");
        caught("Quentin J. Zyborg");
        caught("Quentin Adam Zyborg"); // a middle name the register does not give
        caught("Dr Quentin Zyborg FCA");
        caught("Dr Quentin Zyborg, GP partner");
        caught("Dr Quentin Zyborg - Chair");
        caught("qzyborg@nhs.net");
        caught("q.zyborg@nhs.net");
        caught("Dr Z\u{443}borg"); // Cyrillic u
        caught("Dr Z\u{423}B\u{41e}RG"); // Cyrillic capitals
        caught("Dr Zyb\u{3bf}rg"); // Greek omicron
        caught("Dr Zy\u{301}borg"); // a combining accent
        caught("Dr \u{202e}Zyborg\u{202c}"); // a right-to-left override
        let w = w();
        let m = w.find_in_text("Minutes. ZYBORG, Dr Quentin (Chair) said").unwrap();
        assert_eq!(m.range, 9..27, "the whole name");
        let m = w.find_in_text("by Zyborg Q (Dr) today").unwrap();
        assert_eq!(&"by Zyborg Q (Dr) today"[m.range], "Zyborg Q (Dr");
    }

    #[test]
    fn register_names_with_more_than_the_name() {
        for reg in
            ["Quentin Zyborg FCA", "Dr Quentin Zyborg, GP partner", "Dr Quentin Zyborg - Chair", "ZYBORG, Dr Quentin", "Zyborg Q (Dr)"]
        {
            let w = Withheld::new([reg]);
            for text in ["Quentin Zyborg", "Dr Zyborg", "Zyborg, Quentin", "Q. Zyborg", "qzyborg@nhs.net"] {
                // (A register that gives only his initial knows no given name.)
                let known = !reg.starts_with("Zyborg Q") || !text.contains("Quentin");
                assert_eq!(w.find_in_text(text).is_some(), known, "{text:?} for a register {reg:?}");
            }
            assert!(w.find_in_text("Quentin Zyborgson").is_none(), "{reg}");
        }
        let w = Withheld::new(["Seán O'Neill"]);
        for text in [
            "Sean O'Neill",
            "Seán ONeill",
            "Sean O Neill",
            "sean.oneill@nhs.net",
            "soneill@nhs.net",
            "s.oneill@nhs.net",
            "Mr O\u{2019}Neill",
            "O'NEILL, Sean",
        ] {
            assert!(w.find_in_text(text).is_some(), "{text:?}");
        }
        assert!(w.find_in_text("Mr Neill").is_none() && w.find_in_text("Sean Neill").is_none());
        // The surname and an initial run together: as the surname alone (`Morgana` is a name).
        assert!(w.find_in_text("oneills@nhs.net").is_none() && w.surnames_in_text("oneills@nhs.net").len() == 1);
        let w = Withheld::new(["Zoë Fenwick"]);
        assert!(w.find_in_text("Zoe Fenwick").is_some() && w.find_in_text("zoe.fenwick@nhs.net").is_some());
        let w = Withheld::new(["Mrs Ann Smith-Jones"]);
        for text in ["Ann Smith Jones", "Ann SmithJones", "Mrs Smith-Jones", "ann.smith-jones@nhs.net", "asmithjones@nhs.net"] {
            assert!(w.find_in_text(text).is_some(), "{text:?}");
        }
        assert!(w.find_in_text("Mrs Jones").is_none());
    }

    #[test]
    fn what_an_entry_adds() {
        let aka = ["Quentin Smith".to_owned(), "Quin Zyborg".to_owned()];
        let w = Withheld::of_people([Person { name: "Quentin Adam LEE", surname: Some("Lee"), also_known_as: &aka, surname_alone: None }]);
        for text in ["Quentin Lee", "Dr Lee", "Dr Quentin Smith", "Mrs Smith", "Quin Zyborg", "Dr Zyborg", "Lee, Quentin", "qlee@nhs.net"] {
            assert!(w.find_in_text(text).is_some(), "{text:?}");
        }
        assert!(w.find_in_text("Anna Smith").is_none() && w.find_in_text("Adam Smith").is_some(), "his names go with each of his surnames");
        assert_eq!(w.surnames_in_text("Lee said; Smith agreed").len(), 2);
        // Without `surname:`, the word in capitals at the end is looked for with his names, not alone.
        let w = Withheld::new(["Quentin Adam LEE"]);
        assert!(w.find_in_text("Quentin Lee").is_some() && w.find_in_text("Dr Lee").is_some());
        assert!(w.surnames_in_text("Lee said").is_empty());
    }

    #[test]
    fn surnames_alone() {
        let w = w();
        let s = w.surnames_in_text("Zyborg said. Dr Quentin Zyborg agreed. Dr Zyborgson too. Zyborg's paper.");
        assert_eq!(s.iter().map(|s| s.range.start).collect::<Vec<_>>(), [0, 57], "{s:?}");
        assert_eq!(s[0].name, "Dr Quentin Zyborg");
        assert!(w.surnames_in_text("Dr Anna Zyborg").len() == 1 && w.surnames_in_text("Morgan").len() == 1);
        assert_eq!(w.surnames_in_markdown("# Zyborg\n\nSee [x](/zyborg-notes).").len(), 2);
        // A name field: the surname alone is the person, unless the field names someone else.
        assert!(w.is_withheld_name("Zyborg") && w.is_withheld_name("Dr J Zyborg") && w.is_withheld_name("ZYBORG (Chair)"));
        assert!(!w.is_withheld_name("Anna Zyborg") && !w.is_withheld_name("Dr Anna Zyborg"));
        let allowed =
            Withheld::of_people([Person { name: "Dr Quentin Zyborg", surname_alone: Some(SurnameAlone::Allowed), ..Person::default() }]);
        assert!(!allowed.is_withheld_name("Zyborg") && allowed.is_withheld_name("Dr Zyborg"));
        assert_eq!(allowed.surnames_in_text("Zyborg")[0].setting, Some(SurnameAlone::Allowed));
    }

    #[test]
    fn two_people_one_surname() {
        let w = Withheld::new(["Dr Quentin Zyborg", "Anna Zyborg"]);
        assert_eq!(w.find_in_text("Anna Zyborg").unwrap().name, "Anna Zyborg");
        assert_eq!(w.find_in_text("Quentin Zyborg").unwrap().name, "Dr Quentin Zyborg");
        assert!(w.surnames_in_text("Anna Zyborg and Dr Zyborg").is_empty(), "each a name of one of them");
        assert_eq!(w.surnames_in_text("Zyborg said").len(), 1, "one place, one report");
        let only = w.only(&["Anna Zyborg"]);
        assert!(only.find_in_text("Quentin Zyborg").is_none() && only.find_in_text("Ms Anna Zyborg").is_some());
    }

    #[test]
    fn match_ranges_point_at_the_original() {
        let w = w();
        let text = "Present: Lay Chair.\nThanks to Dr *Quentin*\n  Zyborg, and Mr Morgan.";
        let all = w.find_all_in_text(text);
        assert_eq!(all.len(), 2, "{all:?}");
        assert_eq!(&text[all[0].range.clone()], "Dr *Quentin*\n  Zyborg");
        assert_eq!(all[0].name, "Dr Quentin Zyborg");
        assert_eq!(&text[all[1].range.clone()], "Mr Morgan");
        assert_eq!(all[1].name, "Alex Morgan");
        let m = w.find_in_text("x Dr&nbsp;Zyborg y").unwrap();
        assert_eq!(m.range, 2..16);
        let m = w.find_in_text("Ｚｏ Dr Ｚｙｂｏｒｇ").unwrap();
        assert_eq!(&"Ｚｏ Dr Ｚｙｂｏｒｇ"[m.range], "Dr Ｚｙｂｏｒｇ");
    }

    #[test]
    fn markdown_is_read_as_published() {
        let w = w();
        let md = "# Minutes\n\nThe chair thanked [Dr Quentin](https://example.org) Zyborg.\n";
        let m = w.find_in_markdown(md);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].range.start, md.find("Dr Quentin").unwrap());
        assert_eq!(w.find_in_markdown("See [the CV](https://x.org/quentin-zyborg.pdf).").len(), 1, "a link's target");
        assert_eq!(w.find_in_markdown("Dr Zy\\*borg")[0].name, "Dr Quentin Zyborg", "an escape");
        assert_eq!(w.find_in_markdown("Dr Quen<b>tin</b> Zyborg").len(), 1, "raw HTML");
        assert_eq!(w.find_in_markdown("<a href=\"/p/quentin-zyborg\">profile</a>").len(), 1);
        assert_eq!(w.find_in_markdown("## Report {#dr-zyborg}").len(), 1, "a heading id");
        assert_eq!(w.find_in_markdown("| Dr | Zyborg |\n|---|---|\n| a | b |\n").len(), 1, "a table row reads across");
        let md = "Line one.\n\nDr Quentin\nZyborg thanked.";
        let m = w.find_in_markdown(md);
        assert_eq!(&md[m[0].range.clone()], "Dr Quentin\nZyborg");
        assert!(w.find_in_markdown("Dr Zyborgson attended.\n").is_empty());
    }

    #[test]
    fn outputs_are_read_with_their_escapes_undone() {
        let w = w();
        let html = b"<p>The chair thanked Dr <em>Quentin</em>\n Zyborg.</p>";
        assert_eq!(w.find_in_output("x/index.html", Some(html)), Some("Dr Quentin Zyborg"));
        assert_eq!(w.find_in_output("x/index.html", Some(b"<a href=\"/papers/Dr%20Zyborg.pdf\">paper</a>")), Some("Dr Quentin Zyborg"));
        assert_eq!(w.find_in_output("x/index.html", Some(b"<img alt=\"Dr&nbsp;Zyborg\">")), Some("Dr Quentin Zyborg"));
        assert_eq!(w.find_in_output("x/index.html", Some(b"<td>Dr</td><td title=\"Zyborg\">x</td>")), None, "an attribute is read apart");
        assert_eq!(
            w.find_in_output("feed.xml", Some(b"<summary type=\"html\">&lt;p&gt;Dr Zyborg&lt;/p&gt;</summary>")),
            Some("Dr Quentin Zyborg")
        );
        assert_eq!(w.find_in_output("a.json", Some(br#"{"a": "Dr\nQuentin\u00a0Zyborg"}"#)), Some("Dr Quentin Zyborg"));
        assert_eq!(w.find_in_output("a.json", Some(br#"{"a": "Dr\u0020Zy\u00adborg"}"#)), Some("Dr Quentin Zyborg"));
        assert_eq!(w.find_in_output("a.json", Some(br#"["Quentin", "Zyborg"]"#)), None, "JSON strings are read apart");
        assert_eq!(w.find_in_output("a.json", Some(br#"["\ud83c\udfe5 Dr Zyborg"]"#)), Some("Dr Quentin Zyborg"));
        assert_eq!(w.find_in_output("m.ics", Some(b"SUMMARY:Thanks to Dr Quen\r\n tin Zyborg\\, chair")), Some("Dr Quentin Zyborg"));
        assert_eq!(w.find_in_output("m.ics", Some(b"DESCRIPTION:Dr\\nZyborg")), Some("Dr Quentin Zyborg"));
        assert_eq!(
            w.find_in_output("d.csv", Some("\u{feff}name\r\n\"Dr \"\"Q\"\" Zyborg\"\r\n\"Dr Zyborg\"".as_bytes())),
            Some("Dr Quentin Zyborg")
        );
        assert_eq!(w.find_in_output("x/papers/quentin_zyborg.pdf", None), Some("Dr Quentin Zyborg"), "a file name");
        assert_eq!(w.find_in_output("x/index.html", Some(b"<p>Name withheld</p>")), None);
    }

    #[test]
    fn name_fields() {
        let w = w();
        for name in ["Dr Quentin Zyborg", "Quentin Zyborg", "Dr Zyborg", "dr. quentin zyborg", "Dr Quentin Zyborg (GP member)", "Mr Morgan"]
        {
            assert!(w.is_withheld_name(name), "{name}");
        }
        for name in ["Dr Quentina Zyborg", "Dr Zyborgson", "Anna Zyborg", "Name withheld", "Alexandra Morgana"] {
            assert!(!w.is_withheld_name(name), "{name}");
        }
        let none = Withheld::new(std::iter::empty());
        assert!(none.is_empty() && !none.is_withheld_name("Dr Quentin Zyborg") && none.find_in_text("Dr Zyborg").is_none());
    }

    #[test]
    fn nothing_panics_on_odd_text() {
        let w = w();
        for t in [
            "&",
            "&#",
            "&#x;",
            "&#99999999;",
            "&#0;",
            "%",
            "%4",
            "%ZZ",
            "<",
            "<a",
            "<!--",
            "</",
            "<a href='>",
            "\\",
            "\u{301}",
            "&amp;",
            "&amp;amp;",
            "&amp",
            "\u{1100}\u{1161}",
        ] {
            let _ = w.find_all_in_text(t);
            let _ = w.find_in_markdown(t);
            for p in ["a.json", "a.ics", "a.html"] {
                let _ = w.find_in_output(p, Some(t.as_bytes()));
            }
        }
        assert!(w.find_in_output("a.json", Some(br#"{"a": "\u12"}"#)).is_none());
    }
}
