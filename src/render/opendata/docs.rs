//! `/open-data/`: the page that documents the data files, and the same
//! columns as Markdown for the README.

use serde::Serialize;

use super::decisions::DECISION_COLUMNS;
use super::interests::INTEREST_COLUMNS;
use crate::model::Category;

#[derive(Serialize)]
pub(super) struct DocsView {
    decision_columns: Vec<ColumnDoc>,
    interest_columns: Vec<ColumnDoc>,
    categories: Vec<ColumnDoc>,
}

#[derive(Serialize)]
struct ColumnDoc {
    name: &'static str,
    /// HTML: the doc escaped, its `code` spans as <code>.
    doc: String,
}

/// A column's doc (our own text, Markdown code spans only) as HTML.
fn doc_html(doc: &str) -> String {
    let escaped = doc.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut out = String::new();
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

pub(super) fn docs_view() -> DocsView {
    DocsView {
        decision_columns: DECISION_COLUMNS.iter().map(|c| ColumnDoc { name: c.name, doc: doc_html(c.doc) }).collect(),
        interest_columns: INTEREST_COLUMNS.iter().map(|c| ColumnDoc { name: c.name, doc: doc_html(c.doc) }).collect(),
        categories: Category::ALL.iter().map(|c| ColumnDoc { name: c.as_str(), doc: c.label().to_owned() }).collect(),
    }
}

/// The columns of both CSV files as a Markdown table, for the README.
pub fn columns_markdown() -> String {
    let mut s = String::new();
    for (title, cols) in [
        ("decisions.csv", DECISION_COLUMNS.iter().map(|c| (c.name, c.doc)).collect::<Vec<_>>()),
        ("interests.csv", INTEREST_COLUMNS.iter().map(|c| (c.name, c.doc)).collect()),
    ] {
        s.push_str(&format!("`{title}`:\n\n| column | what it holds |\n| --- | --- |\n"));
        for (name, doc) in cols {
            s.push_str(&format!("| `{name}` | {doc} |\n"));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn docs_become_html() {
        assert_eq!(doc_html("`a<b>` & `c`"), "<code>a&lt;b&gt;</code> &amp; <code>c</code>");
    }

    #[test]
    fn column_names_are_unique_snake_case() {
        for names in [DECISION_COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>(), INTEREST_COLUMNS.iter().map(|c| c.name).collect()] {
            let set: HashSet<_> = names.iter().collect();
            assert_eq!(set.len(), names.len());
            assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
        }
    }
}
