//! The normal form of a text, and for each of its bytes where in the
//! original it came from.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Format;
use super::confusables::CONFUSABLES;
use super::entity::entity;
use super::format::{ical_unescape, json_strings};
use super::markup::{is_inline, tag};

/// A text in normal form: `main` holds the words as read, `side` what tags
/// and links hold (attribute values, link targets), each piece apart.
pub(super) struct Normal {
    pub(super) main: Buf,
    pub(super) side: Buf,
}

/// Normal-form text, and for each of its bytes the bytes of the original it
/// came from (only when `track`).
pub(super) struct Buf {
    /// UTF-8 (it is only ever given whole characters).
    pub(super) out: Vec<u8>,
    track: bool,
    pub(super) map: Vec<(usize, usize)>,
    /// A character and the combining marks after it, normalised together.
    seg: Vec<char>,
    seg_range: (usize, usize),
}

impl Buf {
    pub(super) fn new(track: bool, capacity: usize) -> Buf {
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
    pub(super) fn barrier(&mut self) {
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
        } else if is_invisible(c) || is_combining_mark(c) {
            // Accents and other marks, after NFKD: `Zoë` is `zoe`.
        } else if c.is_alphanumeric() {
            match c {
                'ß' | 'ẞ' => {
                    self.push('s', at);
                    self.push('s', at);
                }
                'ς' => self.push('σ', at),
                _ => match latin(c) {
                    Some(l) => l.bytes().for_each(|b| self.push_ascii(b, at)),
                    None => {
                        for l in c.to_lowercase() {
                            match latin(l) {
                                Some(l) => l.bytes().for_each(|b| self.push_ascii(b, at)),
                                None => self.push(l, at),
                            }
                        }
                    }
                },
            }
        } else {
            self.space(at);
        }
    }

    /// A decoded character: kept with the marks that follow it until NFKD.
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

    pub(super) fn flush(&mut self) {
        match self.seg.as_slice() {
            [] => return,
            [c] if c.is_ascii() => {
                let c = *c;
                self.put(c, self.seg_range);
            }
            _ => {
                let seg = std::mem::take(&mut self.seg);
                let at = self.seg_range;
                for c in seg.iter().copied().nfkd() {
                    self.put(c, at);
                }
                self.seg = seg;
            }
        }
        self.seg.clear();
    }
}

/// The Latin letters a letter that looks like them stands for (Cyrillic
/// `у` is `y`, Greek `ο` is `o`), per Unicode's confusables data
/// (`confusables.rs`).
fn latin(c: char) -> Option<&'static str> {
    CONFUSABLES.binary_search_by(|(k, _)| k.cmp(&c)).ok().map(|i| CONFUSABLES[i].1)
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
pub(super) enum Origin<'a> {
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

pub(super) fn normalise(text: &str, format: Format, track: bool) -> Normal {
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
pub(super) fn with_normal<R>(text: &str, format: Format, f: impl FnOnce(&Normal) -> R) -> R {
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
pub(super) fn decode(buf: &mut Buf, mut side: Option<&mut Buf>, text: &str, origin: Origin) {
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The normal form of `s` (its words), for tests and their messages.
    pub(in crate::withheld) fn norm(s: &str) -> String {
        String::from_utf8(normalise(s, Format::Text, false).main.out).unwrap()
    }

    #[test]
    fn normal_form() {
        assert_eq!(norm("Dr.  Quentin\u{a0}ZYBORG"), "dr quentin zyborg");
        assert_eq!(norm("  Dr *Quentin* Zyborg!  "), "dr quentin zyborg ");
        assert_eq!(norm("Ｑｕｅｎｔｉｎ"), "quentin");
        assert_eq!(norm("Zo\u{0065}\u{0308}"), "zoe");
        assert_eq!(norm("Se\u{e1}n \u{17b}\u{f3}\u{142}w"), "sean zolw");
        assert_eq!(norm("Z\u{443}b\u{43e}rg \u{417}"), "zyborg \u{437}", "Cyrillic look-alikes (\u{417} looks like 3)");
        assert_eq!(norm("Stra\u{df}e"), "strasse");
        assert_eq!(norm("Dr&amp;nbsp;Zyborg"), "dr zyborg");
        assert_eq!(norm("a%20b"), "a b");
        assert_eq!(norm("<p>Quen<em>tin</em></p>"), "quentin ");
    }
}
