//! What the sanitiser's HTML parser would make of the raw HTML in a text:
//! the problems that keep a text from being published as written.

use pulldown_cmark::Parser;

use super::options;
use super::shape::Shape;

/// How deep elements may be nested, Markdown's (quotes, lists) and raw
/// HTML's together. The HTML parser behind the sanitiser looks through the
/// open elements at every tag, so its time grows with the square of the
/// depth (100,000 nested `<div>` took 50 s); no minutes need more than a
/// few dozen levels.
pub const MAX_DEPTH: usize = 100;

/// Something in a Markdown text that would not be published as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Byte offset in the text where it starts.
    pub offset: usize,
    pub message: String,
}

/// The raw HTML in `md` that would hide the rest of the text (a raw-text
/// element such as `<style>` or `<textarea>`, or a comment, never closed),
/// and nesting too deep to be parsed in reasonable time.
pub(crate) fn problems(md: &str) -> Vec<Problem> {
    // No raw HTML, no problem (and no sanitiser: Markdown alone, however
    // deep, renders in linear time).
    if memchr::memchr(b'<', md.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut shape = Shape::default();
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        shape.event(&event, range.start);
    }
    let mut out = Vec::new();
    if let Some((offset, name)) = shape.raw_text {
        let message = if &*name == "plaintext" {
            "the HTML `<plaintext>` here cannot be closed: everything after it would be shown as raw text; remove it".to_owned()
        } else {
            format!(
                "the HTML `<{name}>` here is never closed with `</{name}>`, so everything after it would be missing from the page: \
                 add `</{name}>` where it should end, or remove it"
            )
        };
        out.push(Problem { offset, message });
    }
    if let Some(offset) = shape.comment {
        out.push(Problem {
            offset,
            message: "the HTML comment `<!--` here is never closed with `-->`, so everything after it would be missing from the page: \
                      add `-->` where it should end, or remove it"
                .to_owned(),
        });
    }
    if let Some(offset) = shape.too_deep {
        out.push(Problem {
            offset,
            message: format!(
                "more than {MAX_DEPTH} HTML elements, quotes or lists are nested inside one another here: no page needs that, \
                 and it would make the build very slow; nest them less deeply"
            ),
        });
    }
    out.sort_by_key(|p| p.offset);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::to_html;

    fn problem_at(md: &str) -> Vec<(usize, String)> {
        problems(md).into_iter().map(|p| (p.offset, p.message)).collect()
    }

    #[test]
    fn an_unclosed_raw_text_element_is_a_problem_where_it_opens() {
        for name in ["style", "textarea", "script", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "STYLE"] {
            let lower = name.to_ascii_lowercase();
            for md in [
                format!("Intro.\n\n<{name}>\np {{ color: red }}\n\n## Item 2\n\nThe rest of the minutes.\n"),
                format!("Intro.\n\nSee <{name} class=\"x\"> here.\n\n## Item 2\n\nThe rest.\n"),
            ] {
                let found = problem_at(&md);
                assert_eq!(found.len(), 1, "{name}: {found:?}");
                assert_eq!(md[found[0].0..].get(..name.len() + 1), Some(format!("<{name}").as_str()), "{name}");
                assert!(found[0].1.contains(&format!("never closed with `</{lower}>`")), "{}", found[0].1);
                // Closed, it is not a problem (the sanitiser drops what it should).
                let closed = md.replace("The rest", &format!("</{name}>The rest"));
                assert_eq!(problem_at(&closed), vec![], "{closed}");
            }
        }
        let found = problem_at("a\n\n<plaintext>\nb\n\n</plaintext>\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("cannot be closed"), "{found:?}");
        assert_eq!(found[0].0, 3);
        // Not HTML: in code, or escaped.
        for md in ["`<style>` is a tag", "    <textarea>\n", "```\n<script>\n```\n", "&lt;style>", "a < style > b"] {
            assert_eq!(problem_at(md), vec![], "{md}");
        }
        // A comment never closed.
        let found = problem_at("a\n\n<!-- draft\n\nb\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("`<!--`"), "{found:?}");
        assert_eq!(problem_at("a <!-- x --> b\n\n<!---->\n\n<!-->\n"), vec![]);
        // A closing tag inside an attribute or a comment is not one.
        assert_eq!(problem_at("<style>a</style >\n<p title=\"<textarea>\">x</p>\n<!-- <script> -->\n"), vec![]);
        // In SVG, <style> and <title> are not raw text.
        assert_eq!(problem_at("<svg><style>x</svg>\n\n<math><title>y</math>\n"), vec![]);
        // But in SVG's <title>, HTML starts again.
        assert_eq!(problem_at("<svg><title>x<style>y</svg>\n").len(), 1);
    }

    #[test]
    fn deep_nesting_is_a_problem_and_never_slow() {
        let depth_of = |md: &str| problems(md).into_iter().find(|p| p.message.contains("nested")).map(|p| p.offset);
        let deep = format!("Intro\n\n{}x{}\n", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let started = std::time::Instant::now();
        let at = depth_of(&deep).expect("too deep");
        assert_eq!(at, 7 + 5 * MAX_DEPTH, "the first element past the limit");
        // And the renderer does not hand it to the sanitiser's parser (50 s).
        let html = to_html(&deep, 2);
        assert!(html.contains("&lt;div&gt;"));
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());

        let ok = format!("{}x{}\n", "<div>".repeat(MAX_DEPTH - 2), "</div>".repeat(MAX_DEPTH - 2));
        assert_eq!(depth_of(&ok), None);
        assert!(to_html(&ok, 2).contains("<div><div>"));
        // Markdown's own nesting counts too, where there is raw HTML.
        assert!(depth_of(&format!("{} <b>x</b>\n", ">".repeat(MAX_DEPTH + 1))).is_some());
        assert!(depth_of(&format!("{} <b>x</b>\n", ">".repeat(30))).is_none());
        assert!(depth_of(&format!("{} x\n", ">".repeat(1_000))).is_none());
        // Closed elements do not add up; elements the parser closes by itself
        // (cells, rows, items, paragraphs) do not either.
        assert_eq!(depth_of(&"<div><span><b>x</b></span></div>\n".repeat(10_000)), None);
        let table = format!("<table>\n{}</table>\n", "<tr><td>a<td><p>b<p>c<li>d\n".repeat(2_000));
        assert_eq!(depth_of(&table), None);
        assert_eq!(depth_of(&format!("<ul>{}</ul>\n", "<li>x".repeat(2_000))), None);
        assert_eq!(depth_of(&"<p>x\n\n".repeat(2_000)), None);
        assert_eq!(depth_of(&"<br><img src=a><hr>\n\n".repeat(2_000)), None);
        // What the parser would keep open is counted, however it is spelt.
        for md in [
            "<div><table></div>".repeat(200),
            "- <object>\n".repeat(200),
            "<span><div></span>".repeat(200),
            "<b><div></b>".repeat(200),
            "<x/>".repeat(200),
            "<svg><g><div></svg>".repeat(200),
            (0..200).map(|i| format!("<b id={i}>x\n\n")).collect(),
        ] {
            assert!(depth_of(&md).is_some(), "{md:.60}");
        }
    }

    /// Tag soup, each piece repeated to 30 and 120 KB: whatever the model
    /// lets through, the sanitiser must take in linear time. Slow (a minute),
    /// so `.ci/run` runs it on its own:
    /// `cargo test --release --lib markdown::raw_html::tests::tag_soup -- --ignored`,
    /// with SEED=n for other soups.
    #[test]
    #[ignore = "slow (a minute): .ci/run runs it with --ignored"]
    fn tag_soup_is_refused_or_quick() {
        let pieces = [
            "<div>",
            "</div>",
            "<table>",
            "</table>",
            "<td>",
            "</td>",
            "<th>",
            "<tr>",
            "</tr>",
            "<tbody>",
            "<col>",
            "<colgroup>",
            "<caption>",
            "</caption>",
            "<b>",
            "</b>",
            "<i id=1>",
            "<em>",
            "</em>",
            "<u>",
            "</u>",
            "<big>",
            "</big>",
            "<strike>",
            "<nobr>",
            "</nobr>",
            "<font>",
            "<font color=red>",
            "<a>",
            "</a>",
            "<p>",
            "</p>",
            "<p/>",
            "<div/>",
            "<li>",
            "</li>",
            "<ul>",
            "</ul>",
            "<dl>",
            "<dd>",
            "</dd>",
            "<h1>",
            "</h1>",
            "<h2>",
            "</h3>",
            "<object>",
            "</object>",
            "<applet>",
            "<marquee>",
            "<template>",
            "</template>",
            "<button>",
            "</button>",
            "<select>",
            "</select>",
            "<option>",
            "</option>",
            "<optgroup>",
            "<form>",
            "</form>",
            "<address>",
            "<listing>",
            "<pre>",
            "</pre>",
            "<ruby>",
            "<rb>",
            "<rt>",
            "<svg>",
            "</svg>",
            "<g>",
            "</g>",
            "<foreignObject>",
            "</foreignObject>",
            "<desc>",
            "<math>",
            "</math>",
            "<mi>",
            "<mtext>",
            "<annotation-xml>",
            "<x/>",
            "</x>",
            "<span>",
            "</span>",
            "<br>",
            "</br>",
            "<hr>",
            "<image>",
            "<input>",
            "<frameset>",
            "<body>",
            "</body>",
            "<html>",
            "</html>",
            "<textarea>",
            "</textarea>",
            "<script>",
            "</script>",
            "<title>",
            "<style>",
            "</style>",
            "<xmp>",
            "</xmp>",
            "<iframe>",
            "<noscript>",
            "</noscript>",
            "<!--",
            "-->",
            "x",
            "\n\n",
            "- ",
            "> ",
            "* ",
            "*e ",
            "`c`",
            "[l](u)",
            "\n| a |\n|---|\n| b |\n",
        ];
        let mut seed: u64 = std::env::var("SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x1234_5678_9abc_def1) | 1;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut slow = Vec::new();
        for _ in 0..3000 {
            let n = 1 + (next() % 12) as usize;
            let piece: String = (0..n).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            // Four times the text taking ten times as long is not linear.
            let time = |times: usize| {
                let md = format!("x {}", piece.repeat(times));
                let started = std::time::Instant::now();
                let _ = to_html(&md, 2);
                started.elapsed()
            };
            let big = time(120_000 / piece.len());
            if big > std::time::Duration::from_millis(300) && big > 10 * time(30_000 / piece.len()) {
                slow.push(format!("{big:?}: {piece:?}"));
            }
        }
        assert!(slow.is_empty(), "{slow:#?}");
    }
}
