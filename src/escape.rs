//! Text and URL escaping, and reading them back: percent-encoding of site
//! paths, `%XX` decoding, HTML/XML text escaping, character references,
//! the path part of a base URL, and YAML's double-quoted scalars (for the
//! files `new` and `import` write).
//!
//! A leaf: the renderers, the link checker and the preview server use it
//! without depending on each other. Character references are read with the
//! withheld-name matcher's decoder (`withheld::entity`), so there
//! is one table of entities in the crate.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// What [`percent_path`] encodes: every byte but ASCII letters, digits and
/// `-._~/!$&'()*+,;=:@` (RFC 3986's unreserved characters, sub-delimiters,
/// `:`, `@` and `/`).
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Percent-encodes what a URL path cannot hold as it is. `%` is encoded
/// too: `s` is a file's path, never a URL, so `a%20b.pdf` is a file of that
/// name (`a%2520b.pdf`), not `a b.pdf`.
pub(crate) fn percent_path(s: &str) -> String {
    utf8_percent_encode(s, PATH).to_string()
}

/// Decodes `%XX` escapes (a `%` not followed by two hex digits stays as it
/// is). The bytes are the caller's to read as UTF-8, strictly or not: see
/// [`percent_decode_utf8`] and [`percent_decode_lossy`].
pub fn percent_decode(s: &str) -> Vec<u8> {
    percent_decode_str(s).collect()
}

/// `%XX` decoded, or `None` when the result is not UTF-8.
pub(crate) fn percent_decode_utf8(s: &str) -> Option<String> {
    String::from_utf8(percent_decode(s)).ok()
}

/// `%XX` decoded, bytes that are not UTF-8 replaced by U+FFFD.
pub(crate) fn percent_decode_lossy(s: &str) -> String {
    String::from_utf8_lossy(&percent_decode(s)).into_owned()
}

/// Escapes text for HTML or XML written by hand (feeds, calendars' HTML,
/// the preview's error page), dropping the control characters and
/// non-characters XML 1.0 cannot hold.
pub(crate) fn escape_text(s: &str) -> String {
    // Most text has nothing to escape or drop: copy it whole. (0xEF starts
    // U+FFFE and U+FFFF, which are dropped.)
    let plain = |b: u8| !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF) && (b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'));
    if s.bytes().all(plain) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `&amp;`, `&lt;`, `&#233;`, `&#xE9;`, `&nbsp;` and every other HTML named
/// entity decoded, as the withheld-name matcher reads them; an unknown
/// entity (`&bogus;`) or a lone `&` is kept as written.
pub(crate) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut copied, mut from) = (0, 0);
    while let Some(p) = memchr::memchr(b'&', &bytes[from..]) {
        let amp = from + p;
        match crate::withheld::entity(bytes, amp + 1) {
            Some((c, second, end)) => {
                out.push_str(&s[copied..amp]);
                out.push(c);
                out.extend(second);
                copied = end;
                from = end;
            }
            None => from = amp + 1,
        }
    }
    out.push_str(&s[copied..]);
    out.into()
}

/// The path part of a base URL: `https://x.github.io/repo/` → `/repo/`.
pub(crate) fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') { path.to_owned() } else { format!("{path}/") }
}

/// `s` as a YAML double-quoted scalar, which reads back as exactly `s`:
/// quotes, backslashes, control characters and the characters YAML treats
/// as line breaks or a byte-order mark are escaped.
pub(crate) fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_yaml_special_space(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters a YAML parser reads as a line break or a byte-order mark.
pub(crate) fn is_yaml_special_space(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://example.github.io/repo/"), "/repo/");
        assert_eq!(base_path("https://example.github.io/repo"), "/repo/");
        assert_eq!(base_path("https://transparency.example.nhs.uk"), "/");
        assert_eq!(base_path("http://127.0.0.1:1111/"), "/");
    }

    #[test]
    fn encodes_paths() {
        assert_eq!(percent_path("x/papers/a b.pdf"), "x/papers/a%20b.pdf");
        // Every byte outside the set is encoded, upper-case hex, byte by byte.
        let kept = "-._~/!$&'()*+,;=:@";
        for b in 0u8..128 {
            let c = char::from(b).to_string();
            let want = if b.is_ascii_alphanumeric() || kept.contains(char::from(b)) { c.clone() } else { format!("%{b:02X}") };
            assert_eq!(percent_path(&c), want);
        }
        assert_eq!(percent_path("é–"), "%C3%A9%E2%80%93");
        assert_eq!(percent_path("a\"<b>"), "a%22%3Cb%3E");
        assert_eq!(percent_path("papers/a%20b#1?.pdf"), "papers/a%2520b%231%3F.pdf");
        assert_eq!(percent_decode(&percent_path("a%20b %zz–.pdf")), "a%20b %zz–.pdf".as_bytes());
    }

    #[test]
    fn decodes_strictly_or_not() {
        assert_eq!(percent_decode_utf8("a%20b%2Fc").as_deref(), Some("a b/c"));
        assert_eq!(percent_decode_utf8("100%").as_deref(), Some("100%"));
        assert_eq!(percent_decode_utf8("%2").as_deref(), Some("%2"));
        assert_eq!(percent_decode_utf8("%zz%41").as_deref(), Some("%zzA"));
        assert_eq!(percent_decode_utf8("%e2%80%93").as_deref(), Some("–"));
        assert_eq!(percent_decode_utf8("%ff"), None);
        assert_eq!(percent_decode_lossy("a%ffb"), "a\u{fffd}b");
    }

    #[test]
    fn escapes_and_drops_control_characters() {
        assert_eq!(escape_text("a<b>&\"c\"\u{1}'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;");
        // Text with nothing to escape is copied whole; non-characters and
        // control characters are still dropped.
        assert_eq!(escape_text("Practice merger: £1,200 — agreed\n\tnext"), "Practice merger: £1,200 — agreed\n\tnext");
        assert_eq!(escape_text("a\u{fffe}b\u{ffff}c\u{1f}d\u{ef}"), "abcd\u{ef}");
    }

    #[test]
    fn decodes_character_references() {
        assert_eq!(decode_entities("a&amp;b&#x2F;c&#47;d&bogus;e & f"), "a&b/c/d&bogus;e & f");
        assert_eq!(decode_entities("&eacute;&rsquo;&nbsp;&lt;"), "é\u{2019}\u{a0}<");
        // A legacy entity without `;` before letters, as HTML reads it; the
        // start of a name (`&am`) is no entity.
        assert_eq!(decode_entities("Dr&nbspQuentin &copy2026 &am &ampx &notit;"), "Dr\u{a0}Quentin ©2026 &am &x ¬it;");
        assert!(matches!(decode_entities("plain"), Cow::Borrowed("plain")));
    }
}
