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

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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

/// Whether an element does not break a word: `Quen<em>tin</em>` reads
/// "Quentin".
fn is_inline(name: &[u8]) -> bool {
    let mut lower = [0u8; 6];
    if name.len() > lower.len() {
        return false;
    }
    for (l, b) in lower.iter_mut().zip(name) {
        *l = b.to_ascii_lowercase();
    }
    matches!(
        &lower[..name.len()],
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"bdo"
            | b"cite"
            | b"code"
            | b"data"
            | b"del"
            | b"dfn"
            | b"em"
            | b"font"
            | b"i"
            | b"ins"
            | b"kbd"
            | b"mark"
            | b"q"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strike"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"time"
            | b"tt"
            | b"u"
            | b"var"
            | b"wbr"
    )
}

/// The Markdown extensions `markdown::to_html` publishes with: the text is
/// read as it is published.
fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What a field that names a withheld person is published as.
pub const NAME_WITHHELD: &str = "Name withheld";

/// The withheld names of a site and what to look for, built once a build.
pub struct Withheld {
    /// The register's spellings, sorted, without repeats.
    names: Vec<String>,
    /// Index into `names` of each pattern.
    owner: Vec<usize>,
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

/// How an output file is written, so that its escapes are undone before it
/// is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text, HTML or XML: entities, URL escapes and tags are seen through.
    Text,
    /// JSON: each string as decoded, on its own.
    Json,
    /// iCalendar: folded lines joined, `\,` `\;` `\n` `\\` undone.
    Ical,
}

impl Format {
    /// The format of an output file, by its name.
    pub fn of(path: &str) -> Format {
        let ext = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
        match ext.as_str() {
            "json" | "webmanifest" => Format::Json,
            "ics" | "ical" | "ifb" => Format::Ical,
            _ => Format::Text,
        }
    }
}

impl Withheld {
    /// The matcher for these register names (blank ones are ignored).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Withheld {
        let mut names: Vec<String> = names.into_iter().filter(|n| !n.trim().is_empty()).map(str::to_owned).collect();
        names.sort();
        names.dedup();
        let mut patterns: Vec<String> = Vec::new();
        let mut owner = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, name) in names.iter().enumerate() {
            for p in patterns_of(name) {
                if seen.insert(p.clone()) {
                    patterns.push(p);
                    owner.push(i);
                }
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
        Withheld { names, owner, engine }
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
    /// in any spelling (`Dr Zyborg (GP member)` too).
    pub fn is_withheld_name(&self, name: &str) -> bool {
        self.contains(name)
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
        self.matches(&normalise(text, Format::Text, true))
    }

    /// Every withheld name in Markdown, read as it is published: the words
    /// (emphasis, entities and escapes undone, raw HTML seen through) and,
    /// on their own, link targets, titles and heading ids. Ranges are of
    /// the Markdown source.
    pub fn find_in_markdown(&self, md: &str) -> Vec<Match<'_>> {
        if self.is_empty() || self.first(&normalise_markdown(md, false)).is_none() {
            return Vec::new();
        }
        self.matches(&normalise_markdown(md, true))
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
        [&n.main, &n.side].into_iter().find_map(|b| self.hits(&b.out).next().map(|(p, _)| self.owner[p]))
    }

    /// Matches of a normal form kept with its map, in source order.
    fn matches(&self, n: &Normal) -> Vec<Match<'_>> {
        let mut found: Vec<Match> = Vec::new();
        for b in [&n.main, &n.side] {
            for (p, r) in self.hits(&b.out) {
                let start = b.map[r.start].0;
                let end = b.map[r.end - 1].1.max(start);
                found.push(Match { range: start..end, name: &self.names[self.owner[p]] });
            }
        }
        found.sort_by_key(|a| (a.range.start, std::cmp::Reverse(a.range.end)));
        let mut out: Vec<Match> = Vec::with_capacity(found.len());
        for m in found {
            // One match for one place, whichever spellings matched there.
            if out.last().is_some_and(|l| m.range.start < l.range.end) {
                continue;
            }
            out.push(m);
        }
        out
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

/// The patterns of one register name, in normal form.
fn patterns_of(name: &str) -> Vec<String> {
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

// ---------------------------------------------------------------------------
// The normal form.

/// A text in normal form: `main` holds the words as read, `side` what tags
/// and links hold (attribute values, link targets), each piece apart.
struct Normal {
    main: Buf,
    side: Buf,
}

/// Normal-form text, and for each of its bytes the bytes of the original it
/// came from (only when `track`).
struct Buf {
    /// UTF-8 (it is only ever given whole characters).
    out: Vec<u8>,
    track: bool,
    map: Vec<(usize, usize)>,
    /// A character and the combining marks after it, normalised together.
    seg: Vec<char>,
    seg_range: (usize, usize),
}

impl Buf {
    fn new(track: bool, capacity: usize) -> Buf {
        Buf { out: Vec::with_capacity(capacity), track, map: Vec::new(), seg: Vec::new(), seg_range: (0, 0) }
    }

    fn push(&mut self, c: char, at: (usize, usize)) {
        self.out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        if self.track {
            for _ in 0..c.len_utf8() {
                self.map.push(at);
            }
        }
    }

    /// A lower-case ASCII letter or digit.
    #[inline]
    fn push_ascii(&mut self, b: u8, at: (usize, usize)) {
        self.out.push(b);
        if self.track {
            self.map.push(at);
        }
    }

    /// One space, unless the text starts here or already ends in one.
    #[inline]
    fn space(&mut self, at: (usize, usize)) {
        if let Some(&last) = self.out.last()
            && last != b' '
            && last != b'\n'
        {
            self.push(' ', at);
        }
    }

    /// A break no match may cross: between pieces of text that are not read
    /// together (attribute values, JSON strings).
    fn barrier(&mut self) {
        self.flush();
        match self.out.last() {
            None | Some(b'\n') => {}
            Some(b' ') => {
                self.out.pop();
                self.out.push(b'\n');
            }
            Some(_) => {
                let at = self.map.last().copied().unwrap_or((0, 0));
                self.push('\n', at);
            }
        }
    }

    /// A character already in normal form but for case and class.
    fn put(&mut self, c: char, at: (usize, usize)) {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                self.push(c.to_ascii_lowercase(), at);
            } else if !matches!(c, '*' | '`' | '~') {
                self.space(at);
            }
        } else if is_invisible(c) {
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            match c {
                'ß' | 'ẞ' => {
                    self.push('s', at);
                    self.push('s', at);
                }
                'ς' => self.push('σ', at),
                _ => {
                    for l in c.to_lowercase() {
                        self.push(l, at);
                    }
                }
            }
        } else {
            self.space(at);
        }
    }

    /// A decoded character: kept with the marks that follow it until NFKC.
    fn add(&mut self, c: char, at: (usize, usize)) {
        if !self.seg.is_empty() && (is_combining_mark(c) || matches!(c, '\u{1161}'..='\u{1175}' | '\u{11a8}'..='\u{11c2}')) {
            self.seg.push(c);
            self.seg_range.1 = at.1;
            return;
        }
        self.flush();
        self.seg.push(c);
        self.seg_range = at;
    }

    fn flush(&mut self) {
        match self.seg.as_slice() {
            [] => return,
            [c] if c.is_ascii() => {
                let c = *c;
                self.put(c, self.seg_range);
            }
            _ => {
                let seg = std::mem::take(&mut self.seg);
                let at = self.seg_range;
                for c in seg.iter().copied().nfkc() {
                    self.put(c, at);
                }
                self.seg = seg;
            }
        }
        self.seg.clear();
    }
}

/// Format characters (Unicode category Cf) and the other default-ignorable
/// characters: they show nothing, or nothing that parts a word.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180b}'..='\u{180f}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}'
        | '\u{feff}' | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}' | '\u{0600}'..='\u{0605}' | '\u{06dd}' | '\u{070f}' | '\u{0890}' | '\u{0891}'
        | '\u{08e2}' | '\u{110bd}' | '\u{110cd}' | '\u{13430}'..='\u{1343f}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e0fff}')
}

/// Where the bytes of a piece of text came from in the original.
#[derive(Clone, Copy)]
enum Origin<'a> {
    /// At this offset, byte for byte.
    At(usize),
    /// Byte `i` came from `table[i]`.
    Table(&'a [usize]),
}

impl Origin<'_> {
    fn span(&self, a: usize, b: usize) -> (usize, usize) {
        match self {
            Origin::At(base) => (base + a, base + b),
            Origin::Table(t) => (t[a], t[b - 1] + 1),
        }
    }
    fn from(&self, a: usize) -> Origin<'_> {
        match self {
            Origin::At(base) => Origin::At(base + a),
            Origin::Table(t) => Origin::Table(&t[a..]),
        }
    }
}

fn normalise(text: &str, format: Format, track: bool) -> Normal {
    let mut n = Normal { main: Buf::new(track, text.len()), side: Buf::new(track, 0) };
    normalise_into(&mut n, text, format);
    n
}

fn normalise_into(n: &mut Normal, text: &str, format: Format) {
    match format {
        Format::Text => decode(&mut n.main, Some(&mut n.side), text, Origin::At(0)),
        Format::Json => json_strings(text, |s| {
            decode(&mut n.main, Some(&mut n.side), s, Origin::At(0));
            n.main.barrier();
        }),
        Format::Ical => decode(&mut n.main, Some(&mut n.side), &ical_unescape(text), Origin::At(0)),
    }
    n.main.flush();
    n.side.flush();
}

/// `f` of the normal form of `text` (without its map), in buffers kept
/// from one text to the next on this thread: a build normalises every
/// file it makes.
fn with_normal<R>(text: &str, format: Format, f: impl FnOnce(&Normal) -> R) -> R {
    thread_local! {
        static SPARE: std::cell::RefCell<Option<Normal>> = const { std::cell::RefCell::new(None) };
    }
    let mut n = SPARE.with(|s| s.borrow_mut().take()).unwrap_or_else(|| Normal { main: Buf::new(false, 0), side: Buf::new(false, 0) });
    n.main.out.clear();
    n.side.out.clear();
    n.main.out.reserve(text.len());
    normalise_into(&mut n, text, format);
    let r = f(&n);
    // Kept unless it grew large (one big file should not hold memory for the rest of the build).
    if n.main.out.capacity() + n.side.out.capacity() <= 4 << 20 {
        SPARE.with(|s| *s.borrow_mut() = Some(n));
    }
    r
}

/// A byte that [`decode`] looks at on its own: `&`, `%`, `<`, or not ASCII.
const SPECIAL: u8 = 0;
/// A byte that parts words.
const SEP: u8 = 1;
/// A byte that is dropped, joining what is around it (Markdown's `*`, `` ` ``, `~`).
const JOIN: u8 = 2;

/// What each byte is in the normal form: one of the above, or the byte it
/// becomes (a lower-case letter or a digit).
static CLASS: [u8; 256] = {
    let mut t = [SEP; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 || c == b'&' || c == b'%' || c == b'<' {
            SPECIAL
        } else if c.is_ascii_uppercase() {
            c + 32
        } else if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else if c == b'*' || c == b'`' || c == b'~' {
            JOIN
        } else {
            SEP
        };
        b += 1;
    }
    t
};

/// Decodes `text` into `buf`: entities, URL escapes, and (when `side` is
/// given) tags, whose insides go to `side`.
fn decode(buf: &mut Buf, mut side: Option<&mut Buf>, text: &str, origin: Origin) {
    let bytes = text.as_bytes();
    let mut i = 0;
    // An `&` decoded from `&amp;`, which may start another entity.
    let mut amp: Option<usize> = None;
    while i < bytes.len() {
        if let Some(a) = amp.take() {
            if let Some((c, c2, end)) = entity(bytes, i) {
                push_decoded(buf, c, c2, origin.span(a, end));
                if c == '&' && c2.is_none() {
                    amp = Some(a);
                }
                i = end;
                continue;
            }
            buf.flush();
            buf.put('&', origin.span(a, i));
        }
        // A run of plain ASCII (letters, digits, white space, punctuation):
        // straight into the normal form, a byte at a time.
        if CLASS[bytes[i] as usize] != SPECIAL {
            buf.flush();
            if buf.track {
                while i < bytes.len() && CLASS[bytes[i] as usize] != SPECIAL {
                    match CLASS[bytes[i] as usize] {
                        JOIN => {}
                        SEP => buf.space(origin.span(i, i + 1)),
                        byte => buf.push_ascii(byte, origin.span(i, i + 1)),
                    }
                    i += 1;
                }
            } else {
                // The hottest loop of a build: kept in registers.
                let mut out = std::mem::take(&mut buf.out);
                out.reserve(bytes.len() - i);
                let mut spaced = out.last().is_none_or(|&l| l == b' ' || l == b'\n');
                while let Some(&b) = bytes.get(i) {
                    let class = CLASS[b as usize];
                    if class > JOIN {
                        out.push(class);
                        spaced = false;
                    } else if class == SEP {
                        if !spaced {
                            out.push(b' ');
                            spaced = true;
                        }
                    } else if class == SPECIAL {
                        break;
                    }
                    i += 1;
                }
                buf.out = out;
            }
            continue;
        }
        let b = bytes[i];
        if b >= 0x80 {
            let c = text[i..].chars().next().unwrap_or('\u{fffd}');
            let len = c.len_utf8();
            // A combining mark after an ASCII letter: NFKC may compose them,
            // so the letter, already written, is taken back.
            if buf.seg.is_empty()
                && i > 0
                && CLASS[bytes[i - 1] as usize] > JOIN
                && buf.out.last() == Some(&CLASS[bytes[i - 1] as usize])
                && is_combining_mark(c)
            {
                buf.out.pop();
                buf.map.pop();
                buf.add(bytes[i - 1] as char, origin.span(i - 1, i));
            }
            buf.add(c, origin.span(i, i + len));
            i += len;
            continue;
        }
        match b {
            b'&' => {
                if let Some((c, c2, end)) = entity(bytes, i + 1) {
                    push_decoded(buf, c, c2, origin.span(i, end));
                    if c == '&' && c2.is_none() {
                        amp = Some(i);
                    }
                    i = end;
                    continue;
                }
            }
            b'%' => {
                let mut run = Vec::new();
                let mut j = i;
                while j + 2 < bytes.len() && bytes[j] == b'%' && bytes[j + 1].is_ascii_hexdigit() && bytes[j + 2].is_ascii_hexdigit() {
                    let hex = |x: u8| (x as char).to_digit(16).unwrap_or(0) as u8;
                    run.push(hex(bytes[j + 1]) * 16 + hex(bytes[j + 2]));
                    j += 3;
                }
                if !run.is_empty() {
                    let at = origin.span(i, j);
                    for c in String::from_utf8_lossy(&run).chars() {
                        buf.add(c, at);
                    }
                    i = j;
                    continue;
                }
            }
            b'<' if side.is_some() => {
                if let Some((name, inside, end)) = tag(bytes, i) {
                    if !name.is_empty() && !is_inline(&bytes[name.clone()]) {
                        buf.flush();
                        buf.space(origin.span(i, end));
                    }
                    if let Some(side) = side.as_deref_mut() {
                        side.barrier();
                        decode(side, None, &text[inside.clone()], origin.from(inside.start));
                        side.barrier();
                    }
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        // ASCII: straight into the normal form, unless a combining mark
        // follows, which NFKC may compose with it.
        let at = origin.span(i, i + 1);
        if bytes.get(i + 1).is_some_and(|&n| n >= 0x80) {
            buf.add(b as char, at);
        } else {
            buf.flush();
            buf.put(b as char, at);
        }
        i += 1;
    }
    if let Some(a) = amp {
        buf.flush();
        buf.put('&', origin.span(a, bytes.len()));
    }
}

fn push_decoded(buf: &mut Buf, c: char, c2: Option<char>, at: (usize, usize)) {
    if c == '&' && c2.is_none() {
        // Held until we know whether an entity follows.
        return;
    }
    buf.add(c, at);
    if let Some(c2) = c2 {
        buf.add(c2, at);
    }
}

/// The entity whose name starts at `j` (after its `&`): its characters and
/// where it ends.
pub(crate) fn entity(bytes: &[u8], j: usize) -> Option<(char, Option<char>, usize)> {
    let rest = bytes.get(j..)?;
    if rest.first() == Some(&b'#') {
        let (digits, radix, skip) = match rest.get(1) {
            Some(b'x' | b'X') => (rest[2..].iter().take_while(|b| b.is_ascii_hexdigit()).count(), 16, 2),
            _ => (rest[1..].iter().take_while(|b| b.is_ascii_digit()).count(), 10, 1),
        };
        if digits == 0 || digits > 8 {
            return None;
        }
        let s = std::str::from_utf8(&rest[skip..skip + digits]).ok()?;
        let n = u32::from_str_radix(s, radix).ok()?;
        let c = if n == 0 { '\u{fffd}' } else { char::from_u32(n).unwrap_or('\u{fffd}') };
        let mut end = j + skip + digits;
        if bytes.get(end) == Some(&b';') {
            end += 1;
        }
        return Some((c, None, end));
    }
    let len = rest.iter().take(40).take_while(|b| b.is_ascii_alphanumeric()).count();
    if len == 0 {
        return None;
    }
    let name = std::str::from_utf8(&rest[..len]).ok()?;
    let semi = rest.get(len) == Some(&b';');
    let common = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => None,
    };
    if let Some(c) = common {
        return Some((c, None, j + len + usize::from(semi)));
    }
    let (key, end) = if semi { (format!("{name};"), j + len + 1) } else { (name.to_owned(), j + len) };
    let &(a, b) = markup5ever::data::NAMED_ENTITIES.get(key.as_str())?;
    Some((char::from_u32(a)?, if b == 0 { None } else { char::from_u32(b) }, end))
}

/// The tag starting at `<` at `i`: where its name is (empty for a comment,
/// `!` for a declaration), the range of what it holds, and where it ends.
fn tag(bytes: &[u8], i: usize) -> Option<(Range<usize>, Range<usize>, usize)> {
    let rest = &bytes[i + 1..];
    if rest.starts_with(b"!--") {
        let from = i + 4;
        let end = memchr::memmem::find(&bytes[from..], b"-->")?;
        return Some((i..i, from..from + end, from + end + 3));
    }
    let first = *rest.first()?;
    let starts = first.is_ascii_alphabetic()
        || (first == b'/' && rest.get(1).is_some_and(u8::is_ascii_alphabetic))
        || first == b'!'
        || first == b'?';
    if !starts {
        return None;
    }
    let mut quote = None;
    let limit = bytes.len().min(i + 4096);
    let mut j = i + 1;
    while j < limit {
        let b = bytes[j];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => {
                let from = if first == b'/' { i + 2 } else { i + 1 };
                let len = bytes[from..j].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                // A declaration (`<!doctype`, `<?xml`) is no inline element.
                let name = if first == b'!' || first == b'?' { i..i + 1 } else { from..from + len.max(1) };
                return Some((name, i + 1..j, j + 1));
            }
            None if b == b'<' => return None,
            None => {}
        }
        j += 1;
    }
    None
}

/// Hands `f` each string of a JSON text, decoded (keys too).
fn json_strings(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut s = String::new();
    let mut i = 0;
    while let Some(q) = memchr::memchr(b'"', &bytes[i..]) {
        s.clear();
        let mut j = i + q + 1;
        let mut from = j;
        while j < bytes.len() {
            match bytes[j] {
                b'"' => break,
                b'\\' => {
                    s.push_str(text.get(from..j).unwrap_or(""));
                    let esc = bytes.get(j + 1).copied().unwrap_or(b'\\');
                    j += 2;
                    match esc {
                        b'n' | b'r' | b't' | b'b' | b'f' => s.push(' '),
                        b'u' => {
                            let hex = |at: usize| text.get(at..at + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
                            let mut c = hex(j).unwrap_or(0xfffd);
                            j += 4;
                            if (0xd800..0xdc00).contains(&c)
                                && bytes.get(j) == Some(&b'\\')
                                && bytes.get(j + 1) == Some(&b'u')
                                && let Some(lo) = hex(j + 2).filter(|l| (0xdc00..0xe000).contains(l))
                            {
                                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                                j += 6;
                            }
                            s.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                        }
                        other => s.push(other as char),
                    }
                    from = j.min(bytes.len());
                    continue;
                }
                _ => {}
            }
            j += 1;
        }
        let end = j.min(bytes.len());
        if s.is_empty() {
            // No escapes: the string as it is in the text.
            f(text.get(from..end).unwrap_or(""));
        } else {
            s.push_str(text.get(from..end).unwrap_or(""));
            f(&s);
        }
        i = end + 1;
        if i >= bytes.len() {
            break;
        }
    }
}

/// iCalendar text with folded lines joined and escapes undone.
fn ical_unescape(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "");
    let mut out = String::with_capacity(unfolded.len());
    let mut chars = unfolded.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Markdown read as it is published: the words in `main` (and what raw
/// HTML tags hold in `side`), then link targets and titles, image targets,
/// heading ids and footnote labels in `side`, each on its own.
fn normalise_markdown(md: &str, track: bool) -> Normal {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut words = String::with_capacity(md.len());
    let mut table: Vec<usize> = Vec::new();
    let mut apart: Vec<(String, usize)> = Vec::new();
    let push = |words: &mut String, table: &mut Vec<usize>, t: &str, r: &Range<usize>| {
        if track {
            if md.get(r.clone()) == Some(t) {
                table.extend(r.start..r.end);
            } else {
                table.extend(std::iter::repeat_n(r.start, t.len()));
            }
        }
        words.push_str(t);
    };
    for (event, r) in Parser::new_ext(md, markdown_options()).into_offset_iter() {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                push(&mut words, &mut table, &t, &r)
            }
            Event::FootnoteReference(label) => apart.push((label.to_string(), r.start)),
            Event::Start(Tag::Link { dest_url, title, .. } | Tag::Image { dest_url, title, .. }) => {
                apart.push((dest_url.to_string(), r.start));
                apart.push((title.to_string(), r.start));
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript)
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::Start(Tag::Heading { id, classes, attrs, .. }) => {
                for s in id.iter().chain(classes.iter()) {
                    apart.push((s.to_string(), r.start));
                }
                for (k, v) in attrs {
                    apart.push((k.to_string(), r.start));
                    apart.push((v.map(|v| v.to_string()).unwrap_or_default(), r.start));
                }
                push(&mut words, &mut table, " ", &(r.start..r.start + 1));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                apart.push((label.to_string(), r.start));
                push(&mut words, &mut table, " ", &(r.start..r.start + 1));
            }
            _ => push(&mut words, &mut table, " ", &(r.start..r.start + 1)),
        }
    }
    let mut n = Normal { main: Buf::new(track, words.len()), side: Buf::new(track, 0) };
    let origin = if track { Origin::Table(&table) } else { Origin::At(0) };
    decode(&mut n.main, Some(&mut n.side), &words, origin);
    for (s, at) in &apart {
        n.side.barrier();
        let fixed: Vec<usize> = if track { vec![*at; s.len()] } else { Vec::new() };
        decode(&mut n.side, None, s, if track { Origin::Table(&fixed) } else { Origin::At(0) });
    }
    n.main.flush();
    n.side.flush();
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w() -> Withheld {
        Withheld::new(["Dr Quentin Zyborg", "Alex Morgan"])
    }

    fn norm(s: &str) -> String {
        String::from_utf8(normalise(s, Format::Text, false).main.out).unwrap()
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
    fn normal_form() {
        assert_eq!(norm("Dr.  Quentin\u{a0}ZYBORG"), "dr quentin zyborg");
        assert_eq!(norm("  Dr *Quentin* Zyborg!  "), "dr quentin zyborg ");
        assert_eq!(norm("Ｑｕｅｎｔｉｎ"), "quentin");
        assert_eq!(norm("Zo\u{0065}\u{0308}"), "zo\u{eb}");
        assert_eq!(norm("Stra\u{df}e"), "strasse");
        assert_eq!(norm("Dr&amp;nbsp;Zyborg"), "dr zyborg");
        assert_eq!(norm("a%20b"), "a b");
        assert_eq!(norm("<p>Quen<em>tin</em></p>"), "quentin ");
    }

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

    #[test]
    fn unicode_forms_are_one() {
        let nfd = Withheld::new(["Zoë Fenwick"]);
        assert!(nfd.find_in_text("Zoe\u{308} Fenwick").is_some(), "NFD text, NFC register");
        let nfd_reg = Withheld::new(["Zoe\u{308} Fenwick"]);
        assert!(nfd_reg.find_in_text("Zo\u{eb} Fenwick").is_some(), "NFC text, NFD register");
        assert!(nfd.find_in_text("Zo&euml; Fenwick").is_some());
        assert!(nfd.find_in_text("Zo%C3%AB Fenwick").is_some());
        assert!(nfd.find_in_text("Zoe Fenwick").is_none(), "an accent is part of the name");
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
        passed("Zyborg"); // a surname alone
        passed("Quentin");
        passed("Q. Zyborg"); // initials
        passed("Dr Q Zyborg");
        passed("Dr Quentin Zyborgh"); // a misspelling
        passed("Zyborgquentin");
        passed("the doctor reported");
        passed("Alexander Morgan");
        caught("(Dr Zyborg)");
        caught("Dr Zyborg.");
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
        assert_eq!(w.find_in_output("ccgs/x/papers/quentin_zyborg.pdf", None), Some("Dr Quentin Zyborg"), "a file name");
        assert_eq!(w.find_in_output("ccgs/x/index.html", Some(b"<p>Name withheld</p>")), None);
    }

    #[test]
    fn name_fields() {
        let w = w();
        for name in ["Dr Quentin Zyborg", "Quentin Zyborg", "Dr Zyborg", "dr. quentin zyborg", "Dr Quentin Zyborg (GP member)", "Mr Morgan"]
        {
            assert!(w.is_withheld_name(name), "{name}");
        }
        for name in ["Dr Quentina Zyborg", "Dr Zyborgson", "Q Zyborg", "Name withheld", "Alexandra Morgana"] {
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
