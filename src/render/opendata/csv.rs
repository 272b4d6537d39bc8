//! CSV files that open cleanly in a spreadsheet, and the columns they are
//! declared with.

use crate::model::Money;

/// An RFC 4180 file that opens cleanly in a spreadsheet: UTF-8 with a byte
/// order mark, CRLF line ends, quotes where needed, control characters
/// other than tab and line feed dropped, and cells that would be read as a
/// formula prefixed with an apostrophe.
pub(crate) struct Csv {
    buf: String,
}

impl Csv {
    pub(crate) fn new(header: impl IntoIterator<Item = impl AsRef<str>>) -> Csv {
        let mut csv = Csv { buf: String::from("\u{feff}") };
        csv.row(header);
        csv
    }

    pub(crate) fn row(&mut self, cells: impl IntoIterator<Item = impl AsRef<str>>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            push_cell(&mut self.buf, cell.as_ref());
        }
        self.buf.push_str("\r\n");
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf.into_bytes()
    }
}

fn push_cell(buf: &mut String, cell: &str) {
    // Control characters (C0, DEL, C1) have no place in a cell, and a
    // terminal or spreadsheet may act on them (`\x1b[2J` clears a screen):
    // dropped, before the formula check, so `\x07=1+1` is neutralised too.
    let kept = |c: char| !c.is_control() || c == '\t' || c == '\n';
    let cleaned: String;
    let cell = if cell.chars().all(kept) {
        cell
    } else {
        cleaned = cell.chars().filter(|&c| kept(c)).collect();
        &cleaned
    };
    let formula = cell.starts_with(['=', '+', '-', '@', '\t']);
    let quote = cell.contains([',', '"', '\n']);
    if quote {
        buf.push('"');
    }
    if formula {
        buf.push('\'');
    }
    if quote {
        buf.push_str(&cell.replace('"', "\"\""));
        buf.push('"');
    } else {
        buf.push_str(cell);
    }
}

/// A column of a CSV file: its name, what it holds, how it is filled.
pub(crate) struct Column<F> {
    pub name: &'static str,
    pub doc: &'static str,
    pub value: F,
}

pub(super) fn csv_of<F, R>(columns: &[Column<F>], rows: &[R], cell: impl Fn(&F, &R) -> String) -> Vec<u8> {
    let mut csv = Csv::new(columns.iter().map(|c| c.name));
    for r in rows {
        csv.row(columns.iter().map(|c| cell(&c.value, r)));
    }
    csv.into_bytes()
}

pub(super) fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

pub(super) fn yes_no(b: bool) -> String {
    if b { "true" } else { "false" }.to_owned()
}

/// What separates the values of a cell that holds a list, in every CSV
/// file: a space, a vertical bar, a space.
pub(crate) const LIST_SEPARATOR: &str = " | ";

/// What a `|` inside a value of a list is written as (U+00A6, the broken
/// bar), so that splitting the cell at [`LIST_SEPARATOR`] always gives the
/// values back, however many there are and whatever they hold.
pub(crate) const BAR_IN_A_VALUE: char = '\u{a6}';

/// A cell that holds a list: the values, each `|` in them written
/// [`BAR_IN_A_VALUE`], separated by [`LIST_SEPARATOR`].
pub(crate) fn list_cell<I>(values: I) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut cell = String::new();
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            cell.push_str(LIST_SEPARATOR);
        }
        for c in v.as_ref().chars() {
            cell.push(if c == '|' { BAR_IN_A_VALUE } else { c });
        }
    }
    cell
}

/// Pounds as a plain number: `1250000`, `250000.5`.
pub(super) fn money(m: Option<Money>) -> String {
    m.map(|m| if m.0 % 100 == 0 { (m.0 / 100).to_string() } else { format!("{}", m.pounds()) }).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(rows: &[&[&str]]) -> String {
        let mut c = Csv::new(["a", "b"]);
        for r in rows {
            c.row(r.iter());
        }
        String::from_utf8(c.into_bytes()).unwrap()
    }

    #[test]
    fn csv_quotes_and_neutralises() {
        assert_eq!(csv(&[&["x", "y"]]), "\u{feff}a,b\r\nx,y\r\n");
        assert_eq!(csv(&[&["a,b", "say \"hi\""]]), "\u{feff}a,b\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n");
        assert_eq!(csv(&[&["line\nbreak", ""]]), "\u{feff}a,b\r\n\"line\nbreak\",\r\n");
        assert_eq!(csv(&[&["=1+1", "@SUM(A1)"]]), "\u{feff}a,b\r\n'=1+1,'@SUM(A1)\r\n");
        assert_eq!(csv(&[&["-2", "+x,y"]]), "\u{feff}a,b\r\n'-2,\"'+x,y\"\r\n");
        assert_eq!(csv(&[&["\tx", "\rx"]]), "\u{feff}a,b\r\n'\tx,x\r\n");
    }

    #[test]
    fn csv_drops_control_characters() {
        assert_eq!(csv(&[&["a\x1b[2Jb\x07", "c\u{9b}31md\u{7f}"]]), "\u{feff}a,b\r\na[2Jb,c31md\r\n");
        // Dropped first, so what they hid is neutralised.
        assert_eq!(csv(&[&["\x07=1+1", "\r\u{85}@SUM(A1)"]]), "\u{feff}a,b\r\n'=1+1,'@SUM(A1)\r\n");
        // Tab and line feed stay; text in other scripts is untouched.
        assert_eq!(csv(&[&["x\ty", "line\r\nnext é £ –"]]), "\u{feff}a,b\r\nx\ty,\"line\nnext é £ –\"\r\n");
    }

    #[test]
    fn lists_split_back_into_their_values() {
        assert_eq!(list_cell(["GP", "Clinical lead"]), "GP | Clinical lead");
        assert_eq!(list_cell(Vec::<String>::new()), "");
        assert_eq!(list_cell(["", "x"]), " | x");
        // A bar in a value, even the whole separator, cannot split it.
        let values = ["a | b", "|", "c|d ", " |e"];
        let cell = list_cell(values);
        assert_eq!(cell, "a \u{a6} b | \u{a6} | c\u{a6}d  |  \u{a6}e");
        let back: Vec<String> = cell.split(LIST_SEPARATOR).map(|v| v.replace(BAR_IN_A_VALUE, "|")).collect();
        assert_eq!(back, values);
    }

    #[test]
    fn money_is_a_plain_number() {
        assert_eq!(money(Some(Money(125_000_000))), "1250000");
        assert_eq!(money(Some(Money(25_000_050))), "250000.5");
        assert_eq!(money(Some(Money(499_999))), "4999.99");
        assert_eq!(money(None), "");
    }
}
