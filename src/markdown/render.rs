//! Markdown to HTML.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

use super::headings::{shift_level, slug, unique_id};
use super::options;
use super::sanitise::{is_safe_link, sanitizer};
use super::shape::Shape;

/// Renders `md`, shifting headings so the highest in the text becomes
/// `top_level` (2 for a page whose `<h1>` is the title).
pub(crate) fn to_html(md: &str, top_level: u8) -> String {
    let mut events: Vec<Event> = Parser::new_ext(md, options()).collect();

    // Nesting deeper than the sanitiser's parser can take in linear time
    // (`problems` reports it, so content never gets here): the raw HTML is
    // shown as text rather than parsed.
    if events.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))) {
        let mut shape = Shape::default();
        for e in &events {
            shape.event(e, 0);
        }
        if shape.too_deep.is_some() {
            for e in &mut events {
                if let Event::Html(h) | Event::InlineHtml(h) = e {
                    *e = Event::Text(std::mem::replace(h, CowStr::Borrowed("")));
                }
            }
        }
    }

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
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) if !is_safe_link(dest_url) => {
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
            _ => {}
        }
        i += 1;
    }

    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if has_html { sanitizer().clean(&out).to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_markdown_is_not_sanitised_but_safe() {
        let html = to_html("# Minutes\n\nA *b* <c>", 2);
        assert!(html.contains("<h2 id=\"md-minutes\">Minutes</h2>"), "{html}");
        assert!(html.contains("&lt;c&gt;") || !html.contains("<c>"));
    }

    #[test]
    fn tables_and_footnotes() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n~~gone~~", 2);
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>gone</del>"));
        assert!(html.contains("footnote"));
    }
}
