//! Finding the header row of a register by its column names, however they
//! are worded: any case, line breaks, punctuation, plurals, title rows and
//! blank rows above it, and a header over two rows (a merged group heading,
//! such as "Type of interest", above its columns).

use super::read::Sheet;
use super::values::{one_line, words};

/// A column a register may have.
#[derive(Debug)]
pub(crate) struct Column {
    /// The name the register's code knows it by.
    pub(crate) key: &'static str,
    /// Its name in NHS England's template, for messages.
    pub(crate) label: &'static str,
    /// Whether the register cannot be imported without it.
    pub(crate) required: bool,
    /// Ways of wording its heading: each holds words that must all be in
    /// the heading, and words after `!` that must not be. A heading matches
    /// when any way does. Words match whole, with a plural `s` dropped.
    pub(crate) headings: &'static [&'static str],
}

/// Where a register's header is, and which sheet column each of its
/// columns is.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// The index in `sheet.rows` of the header's (last) row: the data
    /// starts below it.
    pub(crate) row: usize,
    /// For each of the register's columns, in order: its index in the row.
    pub(crate) columns: Vec<Option<usize>>,
    /// Each sheet column's heading as written (both rows, for a header
    /// over two), for messages.
    pub(crate) headings: Vec<String>,
}

impl Header {
    /// The sheet column of the register's column `key`.
    pub(crate) fn index(&self, specs: &[Column], key: &str) -> Option<usize> {
        specs.iter().position(|c| c.key == key).and_then(|i| self.columns[i])
    }
    /// The sheet columns with a heading that no register column took.
    pub(crate) fn unused(&self) -> Vec<usize> {
        (0..self.headings.len()).filter(|j| !self.headings[*j].is_empty() && !self.columns.contains(&Some(*j))).collect()
    }
}

/// The rows looked at for a header: title rows and notes above it are
/// usually a handful.
const SEARCHED_ROWS: usize = 40;

/// The sheet's header for these columns: the row (or pair of rows) that
/// has every required column and the most columns. Err with the required
/// columns missing from the best row found (all of them when none was).
pub(crate) fn find(sheet: &Sheet, specs: &[Column]) -> Result<Header, Vec<&'static str>> {
    let mut best: Option<(usize, Header)> = None;
    let mut closest: Option<(usize, Vec<&'static str>)> = None;
    for r in 0..sheet.rows.len().min(SEARCHED_ROWS) {
        if sheet.is_blank(r) {
            continue;
        }
        let mut candidates = vec![headings_of(sheet, r, None)];
        if r > 0 && !sheet.is_blank(r - 1) {
            candidates.push(headings_of(sheet, r, Some(r - 1)));
        }
        for headings in candidates {
            let columns = assign(specs, &headings);
            let found = columns.iter().filter(|c| c.is_some()).count();
            let missing: Vec<&'static str> =
                specs.iter().zip(&columns).filter(|(s, c)| s.required && c.is_none()).map(|(s, _)| s.label).collect();
            if missing.is_empty() {
                // Strictly more columns wins: a single row before two, an earlier row before a later one.
                if best.as_ref().is_none_or(|(n, _)| found > *n) {
                    best = Some((found, Header { row: r, columns, headings }));
                }
            } else if found >= 2 && closest.as_ref().is_none_or(|(n, _)| found > *n) {
                closest = Some((found, missing));
            }
        }
    }
    match (best, closest) {
        (Some((_, h)), _) => Ok(h),
        (None, Some((_, missing))) => Err(missing),
        (None, None) => Err(specs.iter().filter(|s| s.required).map(|s| s.label).collect()),
    }
}

/// Each column's heading at row `r`, with the row above it (`upper`) put
/// before it when the header spans two rows. An empty cell in the upper row
/// over a heading takes the upper heading to its left: the rest of a merged
/// cell, which a spreadsheet keeps only in its first cell.
fn headings_of(sheet: &Sheet, r: usize, upper: Option<usize>) -> Vec<String> {
    let mut out = Vec::new();
    let mut carried = String::new();
    for j in 0..sheet.width() {
        let lower = one_line(&sheet.cell(r, j).raw_text());
        let heading = match upper {
            None => lower,
            Some(u) => {
                let above = one_line(&sheet.cell(u, j).raw_text());
                if !above.is_empty() {
                    carried = above.clone();
                } else if lower.is_empty() {
                    carried.clear();
                }
                let above = if above.is_empty() && !lower.is_empty() { carried.clone() } else { above };
                match (above.is_empty(), lower.is_empty()) {
                    (false, false) => format!("{above}: {lower}"),
                    (false, true) => above,
                    _ => lower,
                }
            }
        };
        out.push(heading);
    }
    out
}

/// Heading words compared: lower case, whole, a plural `s` dropped.
fn heading_words(s: &str) -> Vec<String> {
    words(s).split(' ').filter(|w| !w.is_empty()).map(singular).collect()
}

fn singular(w: &str) -> String {
    match w.strip_suffix('s') {
        Some(stem) if w.len() > 3 && !w.ends_with("ss") => stem.to_owned(),
        _ => w.to_owned(),
    }
}

/// How well a heading fits a way of wording: the number of its words
/// matched, then the fewest other words; None when it does not fit.
fn fit(way: &str, heading: &[String]) -> Option<(usize, isize)> {
    let mut matched = 0;
    for word in way.split_whitespace() {
        if let Some(not) = word.strip_prefix('!') {
            if heading.contains(&singular(not)) {
                return None;
            }
        } else if heading.contains(&singular(word)) {
            matched += 1;
        } else {
            return None;
        }
    }
    (matched > 0).then_some((matched, -((heading.len() - matched) as isize)))
}

/// Gives each column the heading that fits it best, best fits first; a
/// heading goes to one column only.
fn assign(specs: &[Column], headings: &[String]) -> Vec<Option<usize>> {
    let heading_words: Vec<Vec<String>> = headings.iter().map(|h| heading_words(h)).collect();
    let mut fits = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        for (j, words) in heading_words.iter().enumerate() {
            if let Some(score) = spec.headings.iter().filter_map(|way| fit(way, words)).max() {
                fits.push((score, i, j));
            }
        }
    }
    // Best fit first; then the register's column order, then the sheet's.
    fits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut columns = vec![None; specs.len()];
    let mut taken = vec![false; headings.len()];
    for (_, i, j) in fits {
        if columns[i].is_none() && !taken[j] {
            columns[i] = Some(j);
            taken[j] = true;
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::super::read::Cell;
    use super::*;

    const SPECS: &[Column] = &[
        Column { key: "name", label: "Name", required: true, headings: &["name !organisation"] },
        Column { key: "desc", label: "Declared interest", required: true, headings: &["declared interest", "organisation"] },
        Column { key: "type", label: "Type", required: false, headings: &["type !financial !professional"] },
        Column { key: "fin", label: "Financial", required: false, headings: &["financial !non"] },
        Column { key: "prof", label: "Professional", required: false, headings: &["professional"] },
        Column { key: "from", label: "From", required: false, headings: &["from"] },
        Column { key: "to", label: "To", required: false, headings: &["to !action !mitigate"] },
        Column { key: "action", label: "Action", required: false, headings: &["action"] },
    ];

    fn sheet(rows: &[&[&str]]) -> Sheet {
        let rows =
            rows.iter().map(|r| r.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text((*c).to_owned()) }).collect()).collect();
        Sheet { name: Some("Sheet1".into()), first_row: 1, first_col: 1, rows }
    }

    #[test]
    fn a_header_below_title_and_blank_rows() {
        let s = sheet(&[
            &["NHS Example CCG: REGISTER OF INTERESTS", "", ""],
            &[],
            &["NAME", "Declared Interest\n(Name of the organisation and nature of business)", "Action taken to mitigate risk"],
            &["Dr A", "Partner", "None"],
        ]);
        let h = find(&s, SPECS).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(&h.columns[..2], &[Some(0), Some(1)]);
        assert_eq!(h.index(SPECS, "action"), Some(2));
        assert_eq!(h.index(SPECS, "to"), None, "`to` in 'Action taken to mitigate' is not the To column");
    }

    #[test]
    fn a_header_over_two_rows() {
        let s = sheet(&[
            &["Register of interests 2016/17"],
            &["Name", "Declared interest", "Type of interest", "", "Date of interest", "", "Action taken to mitigate risk"],
            &["", "", "Financial interests", "Non-financial professional interests", "From", "To", ""],
            &["Dr A", "Partner", "X", "", "01/04/2015", "", "None"],
        ]);
        let h = find(&s, SPECS).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(h.columns, [Some(0), Some(1), None, Some(2), Some(3), Some(4), Some(5), Some(6)]);
        assert_eq!(h.headings[4], "Date of interest: From");
        assert_eq!(h.headings[0], "Name");
    }

    #[test]
    fn no_header_names_what_is_missing() {
        let s = sheet(&[&["Name", "Position", "Date of interest from"], &["Dr A", "GP", ""]]);
        assert_eq!(find(&s, SPECS).unwrap_err(), ["Declared interest"]);
        assert_eq!(find(&sheet(&[&["x"]]), SPECS).unwrap_err(), ["Name", "Declared interest"]);
    }

    #[test]
    fn headings_fit_by_whole_words() {
        let w = heading_words("Current Position(s) held- i.e. Governing Body");
        assert!(w.contains(&"position".to_owned()) && w.contains(&"body".to_owned()));
        assert_eq!(fit("declared interest", &heading_words("Declared Interests")), Some((2, 0)));
        assert_eq!(fit("financial !non", &heading_words("Non-Financial Personal Interests")), None);
        assert_eq!(fit("to", &heading_words("Total")), None);
    }
}
