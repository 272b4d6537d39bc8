//! Plain text, and the text of markup: HTML, XML and the XML parts of
//! office documents.

use super::{Extracted, MAX_TEXT, mb};
use crate::escape::decode_entities;

/// Text in UTF-8, or UTF-16 with a byte order mark; other bytes are taken as
/// Latin-1, which keeps the letters of a Windows file.
pub(super) fn decode_text(bytes: &[u8]) -> String {
    let utf16 = |be: bool| {
        let units =
            bytes[2..].chunks_exact(2).map(|c| if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) });
        char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()
    };
    if bytes.starts_with(b"\xFF\xFE") {
        return utf16(false);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return utf16(true);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Elements that end a word: paragraphs, cells, rows, line and tab breaks
/// (OOXML, OpenDocument, HTML), and the ones holding a comment's author.
/// Elements inside a paragraph (runs, spans, spelling marks) do not: a word
/// is often split across runs.
const BREAKS: &[&str] = &[
    "p",
    "h",
    "tc",
    "tr",
    "td",
    "th",
    "c",
    "row",
    "si",
    "br",
    "cr",
    "tab",
    "s",
    "line-break",
    "table-cell",
    "covered-table-cell",
    "table-row",
    "list-item",
    "note-citation",
    "footnote",
    "endnote",
    "comment",
    "author",
    "creator",
    "date",
    "initials",
    "txbxContent",
    "div",
    "li",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "title",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "option",
    "caption",
    "figcaption",
    "label",
    "button",
    "img",
];

/// `script` or `style` when a tag (after its `<`) opens one: HTML's
/// elements whose text is not markup.
fn raw_text(tag: &str) -> Option<&'static str> {
    let name_end = tag.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(tag.len());
    let name = &tag[..name_end];
    let local = name.rsplit(':').next().unwrap_or(name);
    let self_closing = tag.find('>').is_some_and(|e| tag[..e].ends_with('/'));
    ["script", "style"].into_iter().find(|raw| local.eq_ignore_ascii_case(raw) && !self_closing)
}

/// Where `</name` starts in `s`, capitals aside.
fn find_close(s: &str, name: &str) -> Option<usize> {
    let b = s.as_bytes();
    let want = name.as_bytes();
    (0..b.len()).find(|&i| {
        b[i] == b'<' && b.get(i + 1) == Some(&b'/') && b.get(i + 2..i + 2 + want.len()).is_some_and(|n| n.eq_ignore_ascii_case(want))
    })
}

/// Text and attribute values taken out of markup, within [`MAX_TEXT`].
#[derive(Default)]
pub(super) struct Markup {
    text: String,
    /// Attribute values, one a line: authors of comments and tracked
    /// changes, image descriptions, display names.
    attrs: String,
    pub(super) full: bool,
}

impl Markup {
    fn room(&self) -> usize {
        MAX_TEXT.saturating_sub(self.text.len() + self.attrs.len())
    }

    fn push_text(&mut self, s: &str) {
        if s.len() > self.room() {
            self.full = true;
            return;
        }
        self.text.push_str(s);
    }

    fn push_attr(&mut self, s: &str) {
        if s.len() + 1 > self.room() {
            self.full = true;
            return;
        }
        self.attrs.push_str(s);
        self.attrs.push('\n');
    }

    /// Adds `s` as text of its own (a row, a file read inside this one).
    pub(super) fn push_block(&mut self, s: &str) {
        self.brk();
        self.push_text(s);
        self.brk();
    }

    pub(super) fn brk(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
            self.text.push('\n');
        }
    }

    /// Takes the text out of `xml`. `every_tag` ends a word at every tag
    /// (metadata, whose elements each hold one value).
    pub(super) fn strip(&mut self, xml: &str, every_tag: bool) {
        let mut rest = xml;
        while !rest.is_empty() && !self.full {
            let Some(lt) = rest.find('<') else {
                self.push_text(&decode_entities(rest));
                break;
            };
            if lt > 0 {
                self.push_text(&decode_entities(&rest[..lt]));
            }
            rest = &rest[lt..];
            if let Some(r) = rest.strip_prefix("<!--") {
                let end = r.find("-->").unwrap_or(r.len());
                self.brk();
                self.push_text(&decode_entities(&r[..end]));
                self.brk();
                rest = r.get(end + 3..).unwrap_or("");
            } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
                let end = r.find("]]>").unwrap_or(r.len());
                self.push_text(&r[..end]);
                rest = r.get(end + 3..).unwrap_or("");
            } else if rest.starts_with("<?") || rest.starts_with("<!") {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                rest = &rest[end..];
            } else {
                let raw = raw_text(&rest[1..]);
                rest = self.tag(&rest[1..], every_tag);
                // A script's or a style's text is read as it is: a script
                // may write the words a reader sees.
                if let Some(name) = raw {
                    let end = find_close(rest, name).unwrap_or(rest.len());
                    self.brk();
                    self.push_text(&rest[..end]);
                    self.brk();
                    rest = &rest[end..];
                }
            }
        }
    }

    /// One tag, after its `<`: notes its attribute values and ends a word
    /// where the element does. Returns what follows the tag.
    fn tag<'a>(&mut self, s: &'a str, every_tag: bool) -> &'a str {
        let name_end = s.find(|c: char| c.is_whitespace() || c == '>' || c == '/' && !s.starts_with('/')).unwrap_or(s.len());
        let name = s[..name_end].trim_start_matches('/');
        let local = name.rsplit(':').next().unwrap_or(name);
        let mut rest = &s[name_end..];
        // Attributes: name="value" or name='value' (HTML also allows bare values).
        loop {
            rest = rest.trim_start();
            match rest.as_bytes().first() {
                None => break,
                Some(b'>') => {
                    rest = &rest[1..];
                    break;
                }
                Some(b'/') => {
                    rest = &rest[1..];
                    continue;
                }
                _ => {}
            }
            let key_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/').unwrap_or(rest.len());
            let key = &rest[..key_end];
            rest = rest[key_end..].trim_start();
            if key_end == 0 && !rest.starts_with('=') {
                // Stray character: skip it.
                rest = rest.get(1..).unwrap_or("");
                continue;
            }
            let Some(after_eq) = rest.strip_prefix('=') else { continue };
            let after_eq = after_eq.trim_start();
            let (value, after) = match after_eq.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after_eq[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after_eq.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after_eq.len());
                    (&after_eq[..end], &after_eq[end..])
                }
            };
            if !key.starts_with("xmlns") && !value.trim().is_empty() {
                self.push_attr(&decode_entities(value));
            }
            rest = after;
        }
        if every_tag || BREAKS.contains(&local) {
            self.brk();
        }
        rest
    }

    pub(super) fn finish(self) -> Extracted {
        if self.full {
            return Extracted::Unreadable(format!("it holds more than the {} MB of text read for names", mb(MAX_TEXT as u64)));
        }
        let mut text = self.text;
        if !self.attrs.is_empty() {
            text.push('\n');
            text.push_str(&self.attrs);
        }
        Extracted::Text(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a &amp; b &lt;c&gt; &#65;&#x42; &unknown; & x"), "a & b <c> AB &unknown; & x");
    }
}
