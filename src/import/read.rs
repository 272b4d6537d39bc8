//! Reading a spreadsheet file into sheets of cells: .xlsx, .xlsm, .xls,
//! .xlsb and .ods through calamine (which reads no CSV), .csv (and
//! tab-separated .tsv) here. Nothing here knows about registers.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Reader};

use super::limits;
use crate::date::Date;

/// One cell's value, as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date (its time of day, if any, dropped).
    Date(Date),
    Bool(bool),
}

impl Cell {
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person would read it in the spreadsheet
    /// (a whole number without `.0`, a date as YYYY-MM-DD), untrimmed.
    pub(crate) fn raw_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "Yes" } else { "No" }.to_owned(),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// A sheet: its rows as the spreadsheet numbers them. `rows[i][j]` is the
/// cell at row `first_row + i`, column `first_col + j` (both counted from 1
/// here, as the spreadsheet shows them).
#[derive(Debug, Clone)]
pub(crate) struct Sheet {
    /// None for a CSV file, which has no sheets.
    pub(crate) name: Option<String>,
    pub(crate) first_row: u32,
    pub(crate) first_col: u32,
    pub(crate) rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub(crate) fn row_number(&self, i: usize) -> u32 {
        self.first_row + i as u32
    }
    /// The column's letters as the spreadsheet shows them (`A`, `AB`).
    pub(crate) fn column_letters(&self, j: usize) -> String {
        column_letters(self.first_col + j as u32)
    }
    pub(crate) fn cell(&self, i: usize, j: usize) -> &Cell {
        self.rows.get(i).and_then(|r| r.get(j)).unwrap_or(&Cell::Empty)
    }
    pub(crate) fn is_blank(&self, i: usize) -> bool {
        self.rows.get(i).is_none_or(|r| r.iter().all(Cell::is_empty))
    }
    pub(crate) fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// `1` → `A`, `27` → `AA`.
pub(crate) fn column_letters(mut n: u32) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The file names' endings `read` reads.
pub(crate) const EXTENSIONS: &[&str] = &["csv", "tsv", "tab", "xlsx", "xlsm", "xls", "xlsb", "ods"];

/// Every sheet of the file, in the workbook's order.
pub(crate) fn read(path: &Path) -> Result<Vec<Sheet>, String> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "csv" => read_delimited(path, ','),
        "tsv" | "tab" => read_delimited(path, '\t'),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, &ext),
        _ => Err(format!(
            "{} is not a spreadsheet ccgpages can read: save it as an Excel workbook (.xlsx), an OpenDocument \
             spreadsheet (.ods) or CSV (.csv)",
            path.display()
        )),
    }
}

/// The spreadsheet reader's own words, with what to do.
fn unreadable(path: &Path, e: impl std::fmt::Display) -> String {
    format!(
        "cannot read {} as a spreadsheet ({e}). If it is protected by a password, or open in another program, \
         save a copy without the password and try again",
        path.display()
    )
}

/// A workbook, read once into memory and checked against the limits
/// (src/import/limits.rs) before calamine allocates anything for it.
fn read_workbook(path: &Path, ext: &str) -> Result<Vec<Sheet>, String> {
    let bytes = limits::read_file(path)?;
    let file = path.display().to_string();
    match ext {
        "xlsx" | "xlsm" => {
            limits::check_zip(&bytes, &file)?;
            limits::check_xlsx(&bytes, &file)?;
            let mut book = calamine::Xlsx::new(Cursor::new(bytes.as_slice())).map_err(|e| unreadable(path, e))?;
            let mut sheets = Vec::new();
            for name in book.sheet_names() {
                let mut cells = match book.worksheet_cells_reader(&name) {
                    Ok(cells) => cells,
                    // A chart sheet: no cells.
                    Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
                    Err(e) => return Err(sheet_error(path, &name, e)),
                };
                let read = streamed(&name, || cells.next_cell().map_err(|e| sheet_error(path, &name, e)))?;
                sheets.push(read);
            }
            Ok(sheets)
        }
        "xlsb" => {
            limits::check_zip(&bytes, &file)?;
            let mut book = calamine::Xlsb::new(Cursor::new(bytes.as_slice())).map_err(|e| unreadable(path, e))?;
            let mut sheets = Vec::new();
            for name in book.sheet_names() {
                let mut cells = book.worksheet_cells_reader(&name).map_err(|e| sheet_error(path, &name, e))?;
                let read = streamed(&name, || cells.next_cell().map_err(|e| sheet_error(path, &name, e)))?;
                sheets.push(read);
            }
            Ok(sheets)
        }
        "ods" => {
            limits::check_zip(&bytes, &file)?;
            limits::check_ods(&bytes, &file)?;
            let book = calamine::Ods::new(Cursor::new(bytes.as_slice())).map_err(|e| unreadable(path, e))?;
            ranges(path, book)
        }
        _ => {
            super::xls::check(&bytes, &file)?;
            let book = calamine::Xls::new(Cursor::new(bytes.as_slice())).map_err(|e| unreadable(path, e))?;
            ranges(path, book)
        }
    }
}

fn sheet_error(path: &Path, name: &str, e: impl std::fmt::Display) -> String {
    format!("cannot read the sheet “{name}” of {}: {e}", path.display())
}

/// Every sheet of a workbook that calamine reads whole.
fn ranges<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(path: &Path, mut book: R) -> Result<Vec<Sheet>, String>
where
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| sheet_error(path, &name, e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let rows = range.rows().map(|row| row.iter().map(cell_of).collect()).collect();
        sheets.push(Sheet { name: Some(name), first_row: r0 + 1, first_col: c0 + 1, rows });
    }
    Ok(sheets)
}

/// A sheet from its cells one at a time (`next` gives None after the
/// last), each checked against the limits before it is kept: a cell far
/// beyond the register stops the reading, instead of a grid being made out
/// to it.
fn streamed<'a>(name: &str, mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, String>) -> Result<Sheet, String> {
    let place = format!("the sheet “{name}”");
    let mut extent = limits::Extent::default();
    let mut cells = Vec::new();
    while let Some(c) = next()? {
        let cell = cell_of(&Data::from(c.get_value().clone()));
        if cell.is_empty() {
            continue;
        }
        let (r, j) = c.get_position();
        extent.add(&place, u64::from(r), u64::from(j), 1, 1)?;
        // Counted as well as placed: a cell written again and again at one place.
        extent.hold(&place, 1)?;
        cells.push((r, j, cell));
    }
    let r0 = cells.iter().map(|c| c.0).min().unwrap_or(0);
    let c0 = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let r1 = cells.iter().map(|c| c.0).max().unwrap_or(0);
    let mut rows: Vec<Vec<Cell>> = if cells.is_empty() { Vec::new() } else { vec![Vec::new(); (r1 - r0) as usize + 1] };
    for (r, j, cell) in cells {
        let row = &mut rows[(r - r0) as usize];
        let j = (j - c0) as usize;
        if row.len() <= j {
            row.resize(j + 1, Cell::Empty);
        }
        row[j] = cell;
    }
    Ok(Sheet { name: Some(name.to_owned()), first_row: r0 + 1, first_col: c0 + 1, rows })
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Date::new(i32::from(y), m, d).map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => s.get(..10).and_then(Date::parse).map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// A CSV file: UTF-8 (with or without a byte order mark), UTF-16 with a
/// byte order mark, or else Windows-1252, which Excel writes for
/// "CSV (Comma delimited)" (its £ is not UTF-8). Held to the same limits
/// as a sheet: empty fields and blank lines past them are dropped, a value
/// past them refused.
fn read_delimited(path: &Path, delimiter: char) -> Result<Vec<Sheet>, String> {
    let bytes = limits::read_file(path)?;
    let place = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let mut extent = limits::Extent::default();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    parse_delimited(&decode(&bytes), delimiter, &place, |i, mut row| {
        while row.last().is_some_and(|f| f.trim().is_empty()) {
            row.pop();
        }
        let Some(first) = row.iter().position(|f| !f.trim().is_empty()) else {
            if i < limits::MAX_ROWS as usize {
                rows.push(Vec::new());
            }
            return Ok(());
        };
        extent.add(&place, i as u64, first as u64, 1, (row.len() - first) as u64)?;
        extent.hold(&place, row.len() as u64)?;
        rows.resize(i, Vec::new());
        rows.push(row.into_iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f) }).collect());
        Ok(())
    })?;
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    Ok(vec![Sheet { name: None, first_row: 1, first_col: 1, rows }])
}

/// Excel's CSV (RFC 4180): fields between delimiters; a field in double
/// quotes may hold the delimiter, line breaks and `""` for a quote. Every
/// line break outside quotes ends a row, and a blank line is a row too, as
/// Excel numbers them (a CSV reader that skips blank lines would put the
/// wrong row numbers in messages). Each row goes to `row` with its index;
/// a row's fields past [`limits::MAX_COLS`] are dropped when empty, and
/// refused (naming the cell, in `place`) when not.
fn parse_delimited(
    text: &str,
    delimiter: char,
    place: &str,
    mut row_done: impl FnMut(usize, Vec<String>) -> Result<(), String>,
) -> Result<(), String> {
    // The row's index, and the field's.
    let (mut n, mut col) = (0, 0);
    let mut row = Vec::new();
    let mut field = String::new();
    let (mut in_quotes, mut at_start) = (false, true);
    let push = |row: &mut Vec<String>, field: String, n: usize, col: &mut usize| {
        if *col < limits::MAX_COLS as usize {
            row.push(field);
        } else if !field.trim().is_empty() {
            limits::Extent::default().add(place, n as u64, *col as u64, 1, 1)?;
        }
        *col += 1;
        Ok::<(), String>(())
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => in_quotes = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_start => in_quotes = true,
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => {
                push(&mut row, std::mem::take(&mut field), n, &mut col)?;
                row_done(n, std::mem::take(&mut row))?;
                (n, col) = (n + 1, 0);
            }
            c if c == delimiter => push(&mut row, std::mem::take(&mut field), n, &mut col)?,
            c => field.push(c),
        }
        at_start = c == delimiter || c == '\n' || c == '\r';
    }
    if !field.is_empty() || !row.is_empty() {
        push(&mut row, field, n, &mut col)?;
        row_done(n, row)?;
    }
    Ok(())
}

fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_are_the_spreadsheets() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn csv_text_is_decoded() {
        assert_eq!(decode(b"\xEF\xBB\xBF\xC2\xA345"), "£45");
        assert_eq!(decode(b"\xA345"), "£45", "Windows-1252");
        assert_eq!(decode(b"\xFF\xFE\xA3\x00"), "£", "UTF-16 little-endian");
    }

    #[test]
    fn csv_rows_are_numbered_as_excel_numbers_them() {
        let text = "Title,,\r\n\r\nName,\"Declared\ninterest\",Value\r\n\"Dr \"\"A\"\"\",\"Partner, X\",\"£1,250\"\r\n,,\r\nlast,row";
        let rows = rows_of(text, ',');
        assert_eq!(
            rows,
            [
                vec!["Title", "", ""],
                vec![""],
                vec!["Name", "Declared\ninterest", "Value"],
                vec!["Dr \"A\"", "Partner, X", "£1,250"],
                vec!["", "", ""],
                vec!["last", "row"],
            ]
        );
        assert_eq!(rows_of("a\tb\n", '\t'), [vec!["a", "b"]]);
        assert_eq!(rows_of("\"unclosed,x\n", ','), [vec!["unclosed,x\n"]]);
    }

    fn rows_of(text: &str, delimiter: char) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        parse_delimited(text, delimiter, "t.csv", |i, row| {
            assert_eq!(i, rows.len());
            rows.push(row);
            Ok(())
        })
        .unwrap();
        rows
    }

    #[test]
    fn csv_fields_past_the_limit_are_dropped_when_empty_and_refused_when_not() {
        let wide = format!("a{}\n", ",".repeat(100_000));
        assert_eq!(rows_of(&wide, ',')[0].len(), limits::MAX_COLS as usize);
        let far = format!("a{}x\n", ",".repeat(300));
        let err = parse_delimited(&far, ',', "t.csv", |_, _| Ok(())).unwrap_err();
        assert!(err.contains("t.csv has something in cell KO1"), "{err}");
    }

    #[test]
    fn streamed_cells_are_placed_and_counted() {
        let mut cells = vec![(0, 0, 1), (2, 3, 2), (1, 1, 3)].into_iter();
        let sheet = streamed("S", || Ok(cells.next().map(|(r, c, v)| calamine::Cell::new((r, c), DataRef::Int(v))))).unwrap();
        assert_eq!((sheet.first_row, sheet.first_col, sheet.rows.len()), (1, 1, 3));
        assert_eq!(sheet.cell(2, 3), &Cell::Number(2.0));
        assert_eq!(sheet.cell(1, 1), &Cell::Number(3.0));
        assert!(!sheet.is_blank(1));
        assert_eq!(sheet.cell(0, 3), &Cell::Empty);
        // The same cell over and over: refused once past the count.
        let mut n = 0u64;
        let err = streamed("S", || {
            n += 1;
            Ok((n < 3_000_000).then(|| calamine::Cell::new((0, 0), DataRef::Int(1))))
        })
        .unwrap_err();
        assert!(err.starts_with("the sheet “S” has more than 2,000,000 cells"), "{err}");
    }

    #[test]
    fn numbers_read_as_people_see_them() {
        assert_eq!(Cell::Number(2015.0).raw_text(), "2015");
        assert_eq!(Cell::Number(4999.5).raw_text(), "4999.5");
    }
}
