//! Markdown to safe HTML: CommonMark with tables, footnotes, strikethrough
//! and heading ids. Links keep only http, https, mailto and relative
//! targets. Raw HTML is sanitised with ammonia, and only Markdown that
//! contains raw HTML pays for it.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// Renders `md`, shifting headings so the highest in the text becomes
/// `top_level` (2 for a page whose `<h1>` is the title).
pub fn to_html(md: &str, top_level: u8) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);

    let mut events: Vec<Event> = Parser::new_ext(md, opts).collect();

    let min_level = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(top_level);
    let shift = top_level.saturating_sub(min_level);

    let mut has_html = false;
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        match &mut events[i] {
            Event::Html(_) | Event::InlineHtml(_) => has_html = true,
            Event::Start(Tag::Heading { level, id, .. }) => {
                *level = shift_level(*level, shift);
                // Give every heading an id (for links), unique in the text.
                let base = match id {
                    Some(explicit) => slug(explicit),
                    None => {
                        let mut text = String::new();
                        for e in &events[i + 1..] {
                            match e {
                                Event::End(TagEnd::Heading(_)) => break,
                                Event::Text(t) | Event::Code(t) => text.push_str(t),
                                _ => {}
                            }
                        }
                        slug(&text)
                    }
                };
                let mut candidate = if base.is_empty() { "section".to_owned() } else { base };
                let stem = candidate.clone();
                let mut n = 1;
                while !used_ids.insert(candidate.clone()) {
                    n += 1;
                    candidate = format!("{stem}-{n}");
                }
                if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                    *id = Some(CowStr::from(format!("md-{candidate}")));
                }
            }
            Event::End(TagEnd::Heading(level)) => *level = shift_level(*level, shift),
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                if !is_safe_link(dest_url) {
                    // Keep the words, drop the link.
                    events[i] = Event::Text(CowStr::Borrowed(""));
                    let mut depth = 0;
                    for e in events.iter_mut().skip(i + 1) {
                        match e {
                            Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => depth += 1,
                            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) if depth > 0 => depth -= 1,
                            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                                *e = Event::Text(CowStr::Borrowed(""));
                                break;
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }

    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if has_html { sanitizer().clean(&out).to_string() } else { out }
}

fn shift_level(level: HeadingLevel, by: u8) -> HeadingLevel {
    match (level as u8 + by).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// http, https, mailto, or a relative link (no scheme).
pub fn is_safe_link(url: &str) -> bool {
    let t: String = url.trim().chars().filter(|c| !c.is_ascii_control() && !c.is_whitespace()).collect();
    let lower = t.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            // A colon after a path, query or fragment character is not a scheme.
            if lower[..colon].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&lower[..colon], "http" | "https" | "mailto")
        }
    }
}

/// Appends the text of `md` to `out`, block ends and line breaks as spaces,
/// whitespace as it comes (the search index reuses one buffer for every
/// minutes body rather than keeping their text).
pub fn text_into(md: &str, out: &mut String) {
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

/// Lower-case words joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(["http", "https", "mailto"].into_iter().collect());
        b.link_rel(Some("noopener noreferrer"));
        b.add_generic_attributes(["id"]);
        b.id_prefix(None);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_markdown_is_not_sanitised_but_safe() {
        let html = to_html("# Minutes\n\nA *b* <c>", 2);
        assert!(html.contains("<h2 id=\"md-minutes\">Minutes</h2>"), "{html}");
        assert!(html.contains("&lt;c&gt;") || html.contains("<c>") == false);
    }

    #[test]
    fn raw_html_is_sanitised() {
        let html = to_html("Hello <script>alert(1)</script><img src=x onerror=alert(1)> <b onclick=\"x\">b</b>", 2);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(html.contains("<b>b</b>"), "{html}");
    }

    #[test]
    fn only_safe_link_schemes_survive() {
        let html = to_html("[a](javascript:alert(1)) [b](https://x.org) [c](mailto:a@b) [d](../x/) [e](data:text/html,x) [f]( JaVaScRiPt:alert(1))", 2);
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("href=\"https://x.org\""));
        assert!(html.contains("href=\"mailto:a@b\""));
        assert!(html.contains("href=\"../x/\""));
        assert!(html.contains(">a<") || html.contains("a "), "{html}");
        let html = to_html("<a href=\"javascript:alert(1)\">x</a>", 2);
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn headings_shift_and_get_unique_ids() {
        let html = to_html("## A\n\n### B\n\n## A\n", 3);
        assert!(html.contains("<h3 id=\"md-a\">A</h3>"), "{html}");
        assert!(html.contains("<h4 id=\"md-b\">B</h4>"), "{html}");
        assert!(html.contains("<h3 id=\"md-a-2\">A</h3>"), "{html}");
    }

    #[test]
    fn plain_text() {
        let mut text = String::from("before ");
        text_into("## Minutes\n\nA *b* <b>c</b> `d`\nnext\n\n- one\n- two", &mut text);
        assert_eq!(text.split_whitespace().collect::<Vec<_>>().join(" "), "before Minutes A b c d next one two");
    }

    #[test]
    fn tables_and_footnotes() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n~~gone~~", 2);
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>gone</del>"));
        assert!(html.contains("footnote"));
    }
}
