//! How big a spreadsheet `import` reads, checked before anything is
//! allocated for it: a register is a few hundred rows, and a file that
//! claims (or unpacks to) far more is refused with a message, never read
//! until the computer runs out of memory.
//!
//! - The file itself: at most [`MAX_FILE`] bytes, read once into memory
//!   (everything after reads those bytes, never the path again).
//! - A zipped workbook (.xlsx, .xlsm, .xlsb, .ods): every part is inflated
//!   once here, counting the bytes that come out rather than trusting the
//!   sizes the zip declares, at most [`MAX_INFLATED`] in all, and no part
//!   more than [`MAX_RATIO`] times its packed size (Apache POI's rule
//!   against zip bombs) once past [`RATIO_GRACE`].
//! - A sheet: cells only up to row [`MAX_ROWS`] and column [`MAX_COLS`],
//!   and at most [`MAX_CELLS`] cells from its first used cell to its last.
//!   An .xlsx names the number of its shared texts up front (calamine
//!   reserves that many): at most [`MAX_CELLS`]. An .ods repeats cells and
//!   rows by a count: the counts are added up here before calamine expands
//!   them. An .xls is followed record by record in src/import/xls.rs.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::read::column_letters;

/// The largest spreadsheet file read.
pub(crate) const MAX_FILE: u64 = 50 * 1024 * 1024;
/// The most a zipped workbook may unpack to, all its parts together.
pub(crate) const MAX_INFLATED: u64 = 100 * 1024 * 1024;
/// The most a part may unpack to for each byte it takes in the file.
pub(crate) const MAX_RATIO: u64 = 100;
/// Parts that unpack to less than this are not held to [`MAX_RATIO`]: XML
/// that repeats itself (a sheet of rows alike) packs well past 100 to 1,
/// and a part this small is harmless.
pub(crate) const RATIO_GRACE: u64 = 10 * 1024 * 1024;
/// The last row a cell may be on.
pub(crate) const MAX_ROWS: u32 = 100_000;
/// The last column a cell may be in (GR).
pub(crate) const MAX_COLS: u32 = 200;
/// The most cells a sheet may span, from its first used cell to its last.
pub(crate) const MAX_CELLS: u64 = 2_000_000;

fn mb(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

/// `12345` → `12,345`.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What is said after every refusal of a sheet's size.
fn sheet_advice() -> String {
    format!(
        "ccgpages imports sheets of up to {} rows and {MAX_COLS} columns (A to {}), and {} cells in all. Delete what \
         is in that cell (or the rows and columns beyond the register), save the spreadsheet and import it again",
        thousands(u64::from(MAX_ROWS)),
        column_letters(MAX_COLS),
        thousands(MAX_CELLS)
    )
}

/// The file's bytes, refused when larger than [`MAX_FILE`]. Read through
/// one handle, with a cap, whatever the file's size said.
pub(crate) fn read_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(format!(
            "{} is larger than {} MB, far larger than a register is: ccgpages does not read it. Save the register on \
             its own, without pictures or other sheets, and import that",
            path.display(),
            mb(MAX_FILE)
        ));
    }
    Ok(bytes)
}

/// A zipped workbook's parts: refused when one is packed more tightly than
/// [`MAX_RATIO`] or when they unpack to more than [`MAX_INFLATED`]. Parts
/// that cannot be unpacked are left to the spreadsheet reader's message.
pub(crate) fn check_zip(bytes: &[u8], file: &str) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a zip: the reader says what it is not.
        return Ok(());
    };
    let bomb = |what: String| {
        format!(
            "{file} is not a spreadsheet ccgpages will read: {what}. A spreadsheet saved by Excel or LibreOffice is \
             not packed like this; open it there, save it again as a new file, and import that"
        )
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else { continue };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let packed = entry.compressed_size().max(1);
        // What it declares, first: no need to unpack a part that says it is too big.
        if entry.size() > MAX_INFLATED - total {
            return Err(bomb(format!(
                "its part {name} says it unpacks to {} MB, more than the {} MB read",
                mb(entry.size()),
                mb(MAX_INFLATED)
            )));
        }
        if entry.size() > RATIO_GRACE && entry.size() / packed > MAX_RATIO {
            return Err(bomb(format!(
                "its part {name} says it unpacks to {} times its size in the file (a “zip bomb”)",
                thousands(entry.size() / packed)
            )));
        }
        // Then what it unpacks to, counted: declared sizes can lie.
        let left = MAX_INFLATED - total;
        let mut counted: u64 = 0;
        let mut buf = [0u8; 64 * 1024];
        loop {
            let n = match (&mut entry).take(left + 1 - counted).read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n as u64,
                // A damaged part: the reader says so if it needs the part.
                Err(_) => break,
            };
            counted += n;
            if counted > left {
                return Err(bomb(format!("it unpacks to more than {} MB", mb(MAX_INFLATED))));
            }
            if counted > RATIO_GRACE && counted / packed > MAX_RATIO {
                return Err(bomb(format!("its part {name} unpacks to more than {MAX_RATIO} times its size in the file (a “zip bomb”)")));
            }
        }
        total += counted;
    }
    Ok(())
}

/// The zip part `name` (any case), read through [`MAX_INFLATED`].
fn part(bytes: &[u8], wanted: impl Fn(&str) -> bool) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index(i) else { continue };
        let name = entry.name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        if wanted(&name) {
            let mut out = Vec::new();
            entry.take(MAX_INFLATED).read_to_end(&mut out).ok()?;
            return Some(out);
        }
    }
    None
}

/// An .xlsx's shared texts: the count its `sst` declares, which calamine
/// reserves room for before reading them, at most [`MAX_CELLS`].
pub(crate) fn check_xlsx(bytes: &[u8], file: &str) -> Result<(), String> {
    let Some(xml) = part(bytes, |n| n.ends_with("sharedstrings.xml")) else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if e.local_name().as_ref() != "sst" {
                    return Ok(());
                }
                let Some(count) = attr(&e, "uniqueCount") else { return Ok(()) };
                let digits = count.trim().trim_start_matches('+');
                let n = digits.parse::<u64>().ok().filter(|_| digits.bytes().all(|b| b.is_ascii_digit()));
                return match n {
                    Some(n) if n <= MAX_CELLS => Ok(()),
                    _ => Err(format!(
                        "{file} says it holds {count} different texts, far more than a register has: ccgpages does not \
                         read it. Open it in Excel or LibreOffice, save it again as a new file, and import that"
                    )),
                };
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
        buf.clear();
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| a.value.to_string())
}

fn count_attr(e: &BytesStart<'_>, name: &str) -> u64 {
    // calamine refuses a count that is not a number; 1 here, as the cell is
    // then not read at all.
    attr(e, name).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(1).max(1)
}

/// The cells a sheet spans, for [`Extent::check`].
#[derive(Debug, Default)]
pub(crate) struct Extent {
    /// First and last row and column of a used cell, counted from 0.
    bounds: Option<(u32, u32, u32, u32)>,
    /// Cells the reader will hold, counted as it adds them.
    held: u64,
}

impl Extent {
    /// A used cell at (row, col), counted from 0, repeated `rows` times
    /// down and `cols` times across. Refused beyond the limits, naming the
    /// farthest cell.
    pub(crate) fn add(&mut self, place: &str, row: u64, col: u64, rows: u64, cols: u64) -> Result<(), String> {
        let last_row = row.saturating_add(rows.max(1) - 1);
        let last_col = col.saturating_add(cols.max(1) - 1);
        if last_row >= u64::from(MAX_ROWS) || last_col >= u64::from(MAX_COLS) {
            let name = cell_name(last_row, last_col);
            return Err(format!(
                "{place} has something in cell {name}, beyond row {} or column {}: {}",
                thousands(u64::from(MAX_ROWS)),
                column_letters(MAX_COLS),
                sheet_advice()
            ));
        }
        let (r0, c0, r1, c1) = (row as u32, col as u32, last_row as u32, last_col as u32);
        self.bounds = Some(match self.bounds {
            None => (r0, c0, r1, c1),
            Some((a, b, c, d)) => (a.min(r0), b.min(c0), c.max(r1), d.max(c1)),
        });
        let (a, b, c, d) = self.bounds.unwrap_or_default();
        let span = (u64::from(c - a) + 1) * (u64::from(d - b) + 1);
        if span > MAX_CELLS {
            return Err(format!(
                "{place} spans {} cells, from {} to {}: {}",
                thousands(span),
                cell_name(u64::from(a), u64::from(b)),
                cell_name(u64::from(c), u64::from(d)),
                sheet_advice()
            ));
        }
        Ok(())
    }

    /// `n` more cells held by the reader (an .ods row's cells up to its
    /// last used one). Refused past [`MAX_CELLS`].
    pub(crate) fn hold(&mut self, place: &str, n: u64) -> Result<(), String> {
        self.held = self.held.saturating_add(n);
        if self.held > MAX_CELLS {
            return Err(format!("{place} has more than {} cells: {}", thousands(MAX_CELLS), sheet_advice()));
        }
        Ok(())
    }
}

/// `(0, 0)` → `A1`.
pub(crate) fn cell_name(row: u64, col: u64) -> String {
    format!("{}{}", column_letters(u32::try_from(col.saturating_add(1)).unwrap_or(u32::MAX)), row.saturating_add(1))
}

/// An .ods's sheets, with their repeated rows and cells added up, before
/// calamine expands them: every sheet within the limits, and the cells
/// calamine holds while reading at most [`MAX_CELLS`] a sheet.
pub(crate) fn check_ods(bytes: &[u8], file: &str) -> Result<(), String> {
    let Some(xml) = part(bytes, |n| n == "content.xml") else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut sheet = String::new();
    let mut extent = Extent::default();
    // The row being read: its first row, how many times it repeats, the
    // next column, and the columns calamine holds for it.
    let (mut row, mut row_repeat, mut col, mut row_held) = (0u64, 1u64, 0u64, 0u64);
    // The cell being read (a start tag not yet closed): its column, repeat
    // and whether it holds anything.
    let mut cell: Option<(u64, u64, bool)> = None;
    let named = |sheet: &str| if sheet.is_empty() { file.to_owned() } else { format!("the sheet “{sheet}”") };
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                sheet = attr(&e, "table:name").unwrap_or_default();
                extent = Extent::default();
                row = 0;
            }
            Event::Start(ref e) | Event::Empty(ref e) if e.name().as_ref() == "table:table-row" => {
                row_repeat = count_attr(e, "table:number-rows-repeated");
                col = 0;
                row_held = 0;
                if matches!(event, Event::Empty(_)) {
                    row = row.saturating_add(row_repeat);
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                extent.hold(&named(&sheet), row_held)?;
                row = row.saturating_add(row_repeat);
            }
            Event::Start(ref e) | Event::Empty(ref e) if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") => {
                let repeat = count_attr(e, "table:number-columns-repeated");
                // What calamine reads as a value: any value type, value or formula.
                let valued = e.attributes().flatten().any(|a| {
                    let k = a.key.as_ref();
                    k.starts_with("office:") || k == "table:formula"
                });
                if matches!(event, Event::Empty(_)) {
                    used(&mut extent, &named(&sheet), (row, row_repeat), (col, repeat), valued, &mut row_held)?;
                    col = col.saturating_add(repeat);
                } else {
                    cell = Some((col, repeat, valued));
                }
            }
            Event::End(e) if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") => {
                if let Some((c, repeat, valued)) = cell.take() {
                    used(&mut extent, &named(&sheet), (row, row_repeat), (c, repeat), valued, &mut row_held)?;
                    col = c.saturating_add(repeat);
                }
            }
            // Text (not just spaces) or anything else inside a cell: it holds something.
            Event::Text(ref t) if t.trim().is_empty() => {}
            Event::Start(_) | Event::Empty(_) | Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                if let Some((_, _, valued)) = cell.as_mut() {
                    *valued = true;
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// An .ods cell at (row, col) repeated (down, across): when it holds
/// something, the sheet's extent grows to it, and calamine holds the row's
/// cells up to it.
fn used(
    extent: &mut Extent,
    place: &str,
    (row, rows): (u64, u64),
    (col, cols): (u64, u64),
    valued: bool,
    held: &mut u64,
) -> Result<(), String> {
    if !valued {
        return Ok(());
    }
    extent.add(place, row, col, rows, cols)?;
    let end = col.saturating_add(cols);
    extent.hold(place, end.saturating_sub(*held))?;
    *held = end;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(2_000_000), "2,000,000");
    }

    #[test]
    fn the_extent_refuses_the_farthest_cell_by_name() {
        let mut e = Extent::default();
        assert!(e.add("S", 0, 0, 1, 1).is_ok());
        assert!(e.add("S", u64::from(MAX_ROWS) - 1, 5, 1, 1).is_ok());
        let err = e.add("S", 1_048_575, 16_383, 1, 1).unwrap_err();
        assert!(err.starts_with("S has something in cell XFD1048576"), "{err}");
        let err = Extent::default().add("S", 0, 0, 1, 201).unwrap_err();
        assert!(err.contains("cell GS1"), "{err}");
        // 20,000 rows by 101 columns is more than the cells allowed.
        let mut e = Extent::default();
        e.add("S", 0, 0, 1, 1).unwrap();
        let err = e.add("S", 19_999, 100, 1, 1).unwrap_err();
        assert!(err.contains("spans 2,020,000 cells, from A1 to CW20000"), "{err}");
    }

    #[test]
    fn a_cell_name_is_the_spreadsheets() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }
}
