//! Markdown to safe HTML: CommonMark with tables, footnotes, strikethrough
//! and heading ids. Links keep only http, https, mailto and relative
//! targets. Raw HTML is sanitised with ammonia, and only Markdown that
//! contains raw HTML pays for it.
//!
//! [`to_html`] is in `render.rs`; the heading ids it gives are made in
//! `headings.rs`, and `sanitise.rs` keeps links and raw HTML safe.
//! [`problems`] (`raw_html.rs`) finds the raw HTML that would not be
//! published as written, following the HTML parser's stack of open
//! elements in `shape.rs` (`elements.rs`: the parser's kinds of element).

use pulldown_cmark::{Event, Options, Parser, TagEnd};

mod elements;
mod headings;
mod raw_html;
mod render;
mod sanitise;
mod shape;

pub(crate) use headings::slug;
pub use raw_html::MAX_DEPTH;
pub(crate) use raw_html::problems;
pub(crate) use render::to_html;
pub(crate) use sanitise::is_safe_link;

/// The Markdown extensions content is published with. The withheld-name
/// matcher reads Markdown with them too, so that it reads what is published.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Appends the text of `md` to `out`, block ends and line breaks as spaces,
/// whitespace as it comes (the search index reuses one buffer for every
/// minutes body rather than keeping their text).
pub(crate) fn text_into(md: &str, out: &mut String) {
    for e in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::FootnoteDefinition,
            ) => out.push(' '),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text() {
        let mut text = String::from("before ");
        text_into("## Minutes\n\nA *b* <b>c</b> `d`\nnext\n\n- one\n- two", &mut text);
        assert_eq!(text.split_whitespace().collect::<Vec<_>>().join(" "), "before Minutes A b c d next one two");
    }
}
