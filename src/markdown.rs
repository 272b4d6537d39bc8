//! Markdown to safe HTML: CommonMark with tables, footnotes, strikethrough
//! and heading ids. Links keep only http, https, mailto and relative
//! targets. Raw HTML is sanitised with ammonia, and only Markdown that
//! contains raw HTML pays for it.

use std::collections::HashMap;
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
    // Every id given, and for each stem the next number to try after it.
    let mut used_ids: HashMap<String, usize> = HashMap::new();
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
                let candidate = unique_id(&mut used_ids, if base.is_empty() { "section".to_owned() } else { base });
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

/// `stem`, else `stem-2`, `stem-3`…: the first not in `used`. Each stem
/// keeps the number it got to, so a thousand equal headings cost a thousand
/// steps rather than half a million.
fn unique_id(used: &mut HashMap<String, usize>, stem: String) -> String {
    let Some(&from) = used.get(&stem) else {
        used.insert(stem.clone(), 2);
        return stem;
    };
    let mut n = from;
    loop {
        let candidate = format!("{stem}-{n}");
        n += 1;
        if !used.contains_key(&candidate) {
            used.insert(stem, n);
            used.insert(candidate.clone(), 2);
            return candidate;
        }
    }
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

/// The words of `md` as plain text (for search and calendars): no markup,
/// no raw HTML, blocks separated by a space.
pub fn to_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    text_into(md, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
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
        assert_eq!(to_text("## Minutes\n\nA *b* <b>c</b> `d`\nnext\n\n- one\n- two"), "Minutes A b c d next one two");
    }

    #[test]
    fn tables_and_footnotes() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n~~gone~~", 2);
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>gone</del>"));
        assert!(html.contains("footnote"));
    }
    #[test]
    fn many_equal_headings_get_ids_in_linear_time() {
        let md = "## same\n\n".repeat(20_000) + "## same 2\n\n## Same-3\n";
        let started = std::time::Instant::now();
        let html = to_html(&md, 2);
        // It took 41 s when every heading tried every number before its own.
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
        assert!(html.contains("<h2 id=\"md-same\">"));
        assert!(html.contains("<h2 id=\"md-same-20000\">"));
        assert!(!html.contains("md-same-20001\""));
        // A heading whose own id was given to a repeat gets the next free one.
        assert!(html.contains("<h2 id=\"md-same-2-2\">same 2</h2>"), "{}", &html[html.len() - 200..]);
        assert!(html.contains("<h2 id=\"md-same-3-2\">Same-3</h2>"));
        let mut ids = HashMap::new();
        assert_eq!(unique_id(&mut ids, "a-2".into()), "a-2");
        assert_eq!(unique_id(&mut ids, "a".into()), "a");
        assert_eq!(unique_id(&mut ids, "a".into()), "a-3");
        assert_eq!(unique_id(&mut ids, "a-3".into()), "a-3-2");
        assert_eq!(unique_id(&mut ids, "a".into()), "a-4");
    }
}
