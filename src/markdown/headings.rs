//! Headings: their levels, and the ids that links to them use.

use std::collections::HashMap;

use pulldown_cmark::HeadingLevel;

/// `stem`, else `stem-2`, `stem-3`…: the first not in `used`. Each stem
/// keeps the number it got to, so a thousand equal headings cost a thousand
/// steps rather than half a million.
pub(super) fn unique_id(used: &mut HashMap<String, usize>, stem: String) -> String {
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

pub(super) fn shift_level(level: HeadingLevel, by: u8) -> HeadingLevel {
    match (level as u8 + by).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Lower-case words joined by `-`.
pub(crate) fn slug(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::to_html;

    #[test]
    fn headings_shift_and_get_unique_ids() {
        let html = to_html("## A\n\n### B\n\n## A\n", 3);
        assert!(html.contains("<h3 id=\"md-a\">A</h3>"), "{html}");
        assert!(html.contains("<h4 id=\"md-b\">B</h4>"), "{html}");
        assert!(html.contains("<h3 id=\"md-a-2\">A</h3>"), "{html}");
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
