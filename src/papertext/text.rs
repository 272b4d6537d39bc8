//! Plain text, and the text of markup: HTML, XML and the XML parts of
//! office documents.

use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use quick_xml::events::Event;

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

    /// Where the text and attribute values end now, to go back to.
    fn mark(&self) -> (usize, usize, bool) {
        (self.text.len(), self.attrs.len(), self.full)
    }

    fn rewind(&mut self, (text, attrs, full): (usize, usize, bool)) {
        self.text.truncate(text);
        self.attrs.truncate(attrs);
        self.full = full;
    }

    /// Ends a word after an element where the element does (see [`BREAKS`]).
    fn tag_break(&mut self, name: &str, every_tag: bool) {
        let local = name.rsplit(':').next().unwrap_or(name);
        if every_tag || BREAKS.contains(&local) {
            self.brk();
        }
    }

    fn push_attr_value(&mut self, key: &str, value: &str) {
        if !key.starts_with("xmlns") && !value.trim().is_empty() {
            self.push_attr(value);
        }
    }

    /// Takes the text out of an HTML page, read by html5ever's tokenizer as
    /// a browser reads it (character references decoded, `<` that starts no
    /// tag kept as text). `every_tag` ends a word at every tag.
    ///
    /// A page that ends inside a tag (`<img alt="Dr Quentin Zyborg`) loses
    /// that tag in HTML; it is read again with the tag closed, so that what
    /// it holds is read too.
    pub(super) fn strip_html(&mut self, html: &str, every_tag: bool) {
        let mark = self.mark();
        if self.tokenize(html, every_tag) {
            self.rewind(mark);
            // Closes a double- or single-quoted value, an unquoted one, and the tag.
            self.tokenize(&format!("{html}\"'>"), every_tag);
        }
    }

    /// Reads `html` into `self`; true when it ended inside a tag.
    fn tokenize(&mut self, html: &str, every_tag: bool) -> bool {
        let sink = HtmlSink { out: RefCell::new(std::mem::take(self)), every_tag, eof_error: Cell::new(false) };
        let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(html));
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        *self = tokenizer.sink.out.into_inner();
        tokenizer.sink.eof_error.get()
    }

    /// Takes the text out of an XML document (an office document's part,
    /// XMP metadata, an XML or SVG paper), read by quick-xml. Character
    /// references are decoded with HTML's table, as in HTML. XML that is
    /// not well-formed is read again as HTML is, which reads anything.
    /// `every_tag` ends a word at every tag (metadata, whose elements each
    /// hold one value).
    pub(super) fn strip_xml(&mut self, xml: &str, every_tag: bool) {
        let mark = self.mark();
        if self.read_xml(xml, every_tag).is_err() {
            self.rewind(mark);
            self.strip_html(xml, every_tag);
        }
    }

    fn read_xml(&mut self, xml: &str, every_tag: bool) -> Result<(), quick_xml::Error> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.allow_dangling_amp = true;
        while !self.full {
            match reader.read_event()? {
                Event::Start(e) | Event::Empty(e) => {
                    for attr in e.attributes().with_checks(false) {
                        let attr = attr.map_err(quick_xml::Error::InvalidAttr)?;
                        self.push_attr_value(attr.key.as_ref(), &decode_entities(&attr.value));
                    }
                    self.tag_break(e.name().as_ref(), every_tag);
                }
                Event::End(e) => self.tag_break(e.name().as_ref(), every_tag),
                Event::Text(t) => self.push_text(&decode_entities(&t)),
                Event::GeneralRef(r) => self.push_text(&decode_entities(&format!("&{};", &*r))),
                Event::CData(t) => self.push_text(&t),
                Event::Comment(t) => {
                    self.brk();
                    self.push_text(&decode_entities(&t));
                    self.brk();
                }
                Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => break,
            }
        }
        Ok(())
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

/// What html5ever's tokenizer finds, into a [`Markup`].
struct HtmlSink {
    out: RefCell<Markup>,
    every_tag: bool,
    /// The last token was an error at the end of the text: a tag was cut off.
    eof_error: Cell<bool>,
}

impl TokenSink for HtmlSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut out = self.out.borrow_mut();
        match token {
            Token::CharacterTokens(t) => out.push_text(&t),
            // `<![CDATA[…]]>` is a comment to HTML; its text is read as text.
            Token::CommentToken(c) if c.starts_with("[CDATA[") => {
                out.push_text(c.strip_prefix("[CDATA[").map_or(&c, |c| c.strip_suffix("]]").unwrap_or(c)));
            }
            Token::CommentToken(c) => {
                out.brk();
                out.push_text(&decode_entities(&c));
                out.brk();
            }
            Token::TagToken(tag) => {
                for attr in &tag.attrs {
                    out.push_attr_value(&attr.name.local, &attr.value);
                }
                out.tag_break(&tag.name, self.every_tag);
                // A script's or a style's text is read as it is: a script
                // may write the words a reader sees.
                let local = tag.name.rsplit(':').next().unwrap_or(&tag.name);
                let raw = match local {
                    "script" => Some(RawKind::ScriptData),
                    "style" => Some(RawKind::Rawtext),
                    _ => None,
                };
                if let Some(raw) = raw {
                    out.brk();
                    if tag.kind == TagKind::StartTag && !tag.self_closing {
                        self.eof_error.set(false);
                        return TokenSinkResult::RawData(raw);
                    }
                }
            }
            Token::ParseError(e) => {
                self.eof_error.set(e.contains("EOF"));
                return TokenSinkResult::Continue;
            }
            Token::EOFToken => return TokenSinkResult::Continue,
            Token::DoctypeToken(_) | Token::NullCharacterToken => {}
        }
        self.eof_error.set(false);
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(s: &str) -> String {
        let mut m = Markup::default();
        m.strip_html(s, false);
        match m.finish() {
            Extracted::Text(t) => t,
            other => panic!("{other:?}"),
        }
    }

    fn xml(s: &str, every_tag: bool) -> String {
        let mut m = Markup::default();
        m.strip_xml(s, every_tag);
        match m.finish() {
            Extracted::Text(t) => t,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn html_text_attributes_comments_and_scripts() {
        assert_eq!(html("<p>Dr Quen<b>tin</b> Zy&shy;borg</p><p>next"), "Dr Quentin Zy\u{ad}borg\nnext");
        assert_eq!(html("<img alt=\"Dr Quentin &amp; Zyborg\" title='x' src=a.png>"), "\nDr Quentin & Zyborg\nx\na.png\n");
        assert_eq!(html("a<!-- Quentin &eacute; -->b"), "a\n Quentin é b");
        assert_eq!(html("Quen<![CDATA[tin]]> Zyborg"), "Quentin Zyborg");
        assert_eq!(
            html("<script>var n = '<b title=x>Quentin</b>';</script><style>p::after{content:'Zyborg'}</style>"),
            "var n = '<b title=x>Quentin</b>';\np::after{content:'Zyborg'}\n"
        );
        // `<` that starts no tag is text; one in a value is part of it.
        assert_eq!(html("1 < 2 <a title=\"a<b Quentin\">x</a>"), "1 < 2 x\na<b Quentin\n");
    }

    /// What the hand-written reader found in broken markup is still found:
    /// a tag or a comment that the end of the file cuts off.
    #[test]
    fn html_cut_off_at_the_end() {
        assert_eq!(html("<p>x</p><img alt=\"Dr Quentin Zyborg"), "x\n\nDr Quentin Zyborg\n");
        assert_eq!(html("<img alt='Dr Quentin Zyborg"), "\nDr Quentin Zyborg\"\n");
        assert_eq!(html("<img alt=Quentin"), "\nQuentin\"'\n");
        assert_eq!(html("x<!-- Quentin Zyborg"), "x\n Quentin Zyborg\n");
        assert_eq!(html("x<script>Quentin Zyborg"), "x\nQuentin Zyborg");
    }

    #[test]
    fn xml_runs_cells_authors_and_metadata() {
        let doc = "<?xml version=\"1.0\"?><w:document xmlns:w=\"urn:w\"><w:p><w:r><w:t>Quen</w:t></w:r><w:r><w:t>tin &amp; Zy&#x62;org</w:t></w:r></w:p>\
                   <w:p><w:ins w:author=\"Dr Quentin Zyborg\"><w:t>x&nbsp;y<![CDATA[<z>]]></w:t></w:ins></w:p><!-- note --></w:document>";
        assert_eq!(xml(doc, false), "Quentin & Zyborg\nx\u{a0}y<z>\n note \nDr Quentin Zyborg\n");
        assert_eq!(xml("<x:xmpmeta><dc:creator>Quentin</dc:creator><dc:title>Zyborg</dc:title></x:xmpmeta>", true), "Quentin\nZyborg\n");
    }

    /// XML that is not well-formed is read as HTML is: everything in it still counts.
    #[test]
    fn xml_not_well_formed() {
        assert_eq!(xml("<a><b title=\"Quentin\" title=\"Zyborg\">x < y</b></a>", false), "x < y\nQuentin\n");
        assert_eq!(xml("<p>Dr Quentin</p><img alt=\"Zyborg", false), "Dr Quentin\n\nZyborg\n");
    }

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a &amp; b &lt;c&gt; &#65;&#x42; &unknown; & x"), "a & b <c> AB &unknown; & x");
    }
}
