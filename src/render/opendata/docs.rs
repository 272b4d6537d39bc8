//! `/open-data/`: the page that documents the data files, and the same
//! columns as Markdown for the README.

use serde::Serialize;

use super::checks::CHECK_COLUMNS;
use super::csv::Column;
use super::decisions::DECISION_COLUMNS;
use super::interests::INTEREST_COLUMNS;
use super::meetings::{ATTENDANCE_COLUMNS, DECLARATION_COLUMNS};
use crate::model::Category;

/// How a cell holds a list, said once for every CSV file (the page's
/// "Lists in a cell", and the README's). A column that holds one says
/// "as a list" in its doc; see `csv::list_cell`.
const LISTS: &str = "A cell that holds a list (`roles` and `practices` in `interests.csv`; `conflicts`, `conflict_person_ids`, `no_declaration_recorded` and `practices` in `decisions.csv`) separates its values with ` | `: a space, a vertical bar and a space, the same in every file. Split the cell at ` | ` to get the values back. So that this always works, a `|` inside a value is written `¦` (a broken bar) in these cells; the JSON files hold the same lists as arrays, with each value exactly as written. An empty cell is an empty list, except that `conflict_person_ids` has one id for each of the `conflicts_count` conflicts, and the id of a person whose entry is withheld in full is empty.";

#[derive(Serialize)]
pub(super) struct DocsView {
    lists: String,
    decision_columns: Vec<ColumnDoc>,
    interest_columns: Vec<ColumnDoc>,
    check_columns: Vec<ColumnDoc>,
    attendance_columns: Vec<ColumnDoc>,
    declaration_columns: Vec<ColumnDoc>,
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

/// A file's columns: their names and docs.
fn names_and_docs<F>(columns: &[Column<F>]) -> Vec<(&'static str, &'static str)> {
    columns.iter().map(|c| (c.name, c.doc)).collect()
}

/// Every CSV file's name and columns, in the order the page lists them.
fn files() -> [(&'static str, Vec<(&'static str, &'static str)>); 5] {
    [
        ("decisions.csv", names_and_docs(DECISION_COLUMNS)),
        ("interests.csv", names_and_docs(INTEREST_COLUMNS)),
        ("checks.csv", names_and_docs(CHECK_COLUMNS)),
        ("attendance.csv", names_and_docs(ATTENDANCE_COLUMNS)),
        ("declarations.csv", names_and_docs(DECLARATION_COLUMNS)),
    ]
}

pub(super) fn docs_view() -> DocsView {
    let view =
        |cols: Vec<(&'static str, &'static str)>| cols.into_iter().map(|(name, doc)| ColumnDoc { name, doc: doc_html(doc) }).collect();
    let [decisions, interests, checks, attendance, declarations] = files().map(|(_, cols)| view(cols));
    DocsView {
        lists: doc_html(LISTS),
        decision_columns: decisions,
        interest_columns: interests,
        check_columns: checks,
        attendance_columns: attendance,
        declaration_columns: declarations,
        categories: Category::ALL.iter().map(|c| ColumnDoc { name: c.as_str(), doc: c.label().to_owned() }).collect(),
    }
}

/// The columns of every CSV file as Markdown tables, after how a cell
/// holds a list, for the README. A `|` in a table cell is escaped (`\|`),
/// as GitHub's tables need even inside code.
pub fn columns_markdown() -> String {
    let mut s = format!("{LISTS}\n\n");
    for (title, cols) in files() {
        s.push_str(&format!("`{title}`:\n\n| column | what it holds |\n| --- | --- |\n"));
        for (name, doc) in cols {
            s.push_str(&format!("| `{name}` | {} |\n", doc.replace('|', "\\|")));
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
        for (_, cols) in files() {
            let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
            let set: HashSet<_> = names.iter().collect();
            assert_eq!(set.len(), names.len());
            assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
        }
    }

    /// The columns that hold a list are those the paragraph on lists
    /// names, and no doc says another separator.
    #[test]
    fn lists_are_said_once_and_named() {
        let named = LISTS.split_once('(').and_then(|(_, rest)| rest.split_once(')')).map_or("", |(p, _)| p);
        for (file, cols) in files() {
            let part = named.split(';').find(|p| p.contains(&format!("`{file}`"))).unwrap_or("");
            for (name, doc) in cols {
                assert!(!doc.contains("separated by"), "{file} {name}: the separator is said once, in LISTS");
                assert_eq!(doc.contains("as a list"), part.contains(&format!("`{name}`")), "{file} {name}: LISTS names the lists");
            }
        }
    }

    #[test]
    fn the_readme_tables_keep_their_cells() {
        let md = columns_markdown();
        for line in md.lines().filter(|l| l.starts_with("| `")) {
            // Three unescaped bars: the start, between the cells, the end.
            assert_eq!(line.replace("\\|", "").matches('|').count(), 3, "{line}");
        }
    }
}
