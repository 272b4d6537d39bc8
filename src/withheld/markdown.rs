//! Markdown read as it is published, for [`Withheld::find_in_markdown`].
//!
//! [`Withheld::find_in_markdown`]: super::Withheld::find_in_markdown

use std::ops::Range;

use super::normal::{Buf, Normal, Origin, decode};
use crate::markdown;

/// Markdown read as it is published (with the extensions it is published
/// with, [`markdown::options`]): the words in `main` (and what raw
/// HTML tags hold in `side`), then link targets and titles, image targets,
/// heading ids and footnote labels in `side`, each on its own.
pub(super) fn normalise_markdown(md: &str, track: bool) -> Normal {
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
    for (event, r) in Parser::new_ext(md, markdown::options()).into_offset_iter() {
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
