//! `ccgpages import`: a register kept in a spreadsheet (NHS England's
//! conflicts of interest templates, or close to them) into the YAML file the
//! content format wants.
//!
//! The shared steps live here and in the submodules: `read` (a file into
//! sheets of cells: .xlsx, .xls, .ods through calamine, .csv by hand),
//! `limits` (how big a file and a sheet may be, checked before reading),
//! `header` (finding the header row by its column names), `values` (dates,
//! money, text on one line) and `yaml` (writing YAML tidily, quoted
//! exactly where needed). One file per register says which columns it has
//! and how a row becomes an entry: `interests`, `gifts`, `decisions`.
//!
//! Another kind of import is one more such file (its `COLUMNS` and a
//! `convert`), one more [`Kind`] variant routed to it below, and one more
//! subcommand in the command line.

mod decisions;
mod gifts;
mod header;
mod interests;
mod limits;
/// NHS Digital's GP practice file (epraccur) into each CCG's `practices.yaml`.
pub mod practices;
mod read;
mod values;
mod xls;
mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::model::{ContentPath, Decision, Gift, InterestEntry, Money, Practice, Register};
use crate::scaffold::Error;
use crate::validate::PracticeNames;
use header::{Column, Header};
use read::{Cell, Sheet};

/// The registers that can be imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The register of interests: `interests.yaml`.
    Interests,
    /// The register of gifts and hospitality: `gifts-hospitality.yaml`.
    Gifts,
    /// The register of procurement decisions, into the register of
    /// decisions: `decisions.yaml`.
    Decisions,
}

impl Kind {
    /// The file it becomes, in the CCG's folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Interests => ContentPath::INTERESTS,
            Kind::Gifts => ContentPath::GIFTS,
            Kind::Decisions => ContentPath::DECISIONS,
        }
    }

    /// What it is called, in messages.
    pub fn what(self) -> &'static str {
        match self {
            Kind::Interests => "register of interests",
            Kind::Gifts => "register of gifts and hospitality",
            Kind::Decisions => "register of procurement decisions",
        }
    }

    /// The word after `ccgpages import`.
    pub fn command(self) -> &'static str {
        match self {
            Kind::Interests => "interests",
            Kind::Gifts => "gifts",
            Kind::Decisions => "decisions",
        }
    }

    fn columns(self) -> &'static [Column] {
        match self {
            Kind::Interests => interests::COLUMNS,
            Kind::Gifts => gifts::COLUMNS,
            Kind::Decisions => decisions::COLUMNS,
        }
    }

    fn convert(self, rows: &mut Rows<'_>, practices: &Practices) -> Converted {
        match self {
            Kind::Interests => interests::convert(rows, &practices.names, &practices.ccg),
            Kind::Gifts => gifts::convert(rows),
            Kind::Decisions => decisions::convert(rows),
        }
    }

    /// That `yaml` loads as the content format's register: what the import
    /// writes must load back to the values it read.
    fn loads(self, yaml: &str) -> Result<(), String> {
        let result = match self {
            Kind::Interests => crate::yaml::parse::<Register<InterestEntry>>(yaml).map(drop),
            Kind::Gifts => crate::yaml::parse::<Register<Gift>>(yaml).map(drop),
            Kind::Decisions => crate::yaml::parse::<Register<Decision>>(yaml).map(drop),
        };
        result.map_err(|e| e.to_string())
    }
}

/// A row that could not be imported: where, and why in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// None for a CSV file.
    pub sheet: Option<String>,
    /// The row number the spreadsheet shows.
    pub row: u32,
    /// The column's letters and heading, `F (Date of interest: To)`.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "sheet “{sheet}”, ")?;
        }
        write!(f, "row {}", self.row)?;
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A register read from a spreadsheet and written as YAML.
#[derive(Debug)]
pub struct Imported {
    /// The whole file, with a comment at its top saying where it came from.
    pub yaml: String,
    /// The rows left out. Empty when every row was imported.
    pub problems: Vec<Problem>,
    /// What it holds, for the message (`12 people, 20 interests`).
    pub counts: String,
    /// Where it came from (`register.xlsx, sheet “2016”, rows 5 to 23`).
    pub source: String,
    /// Columns that have no place in the content format, and were left out
    /// (`H (Comments)`).
    pub left_out: Vec<String>,
    /// Notes on how columns were read, for the message.
    pub notes: Vec<String>,
    /// The interests linked to GP practices (`practices:`) because their
    /// declared interest names one: `row 6: Example Surgery, E87001`.
    pub linked: Vec<String>,
}

/// The GP practices an import can link interests to: those of the
/// `practices.yaml` files of the site's CCGs.
pub struct Practices {
    names: PracticeNames,
    /// The CCG the register is imported into.
    ccg: String,
    /// The files read, as paths in the content folder.
    pub read: Vec<String>,
    /// Files that could not be read, and why.
    pub unreadable: Vec<String>,
}

impl Practices {
    /// None: an import that links nothing.
    pub fn none() -> Practices {
        Practices { names: PracticeNames::new([]), ccg: String::new(), read: Vec::new(), unreadable: Vec::new() }
    }

    /// Whether no practice is listed.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// The practices listed in `content`: the `practices.yaml` of the CCG
/// `ccg` first, then those of the other CCGs.
pub fn practices(content: &Path, ccg: &str) -> Practices {
    let mut ids = vec![ccg.to_owned()];
    ids.extend(crate::scaffold::known_ccgs(content).into_iter().filter(|id| id != ccg));
    let mut listed: Vec<(Practice, String)> = Vec::new();
    let mut out = Practices::none();
    out.ccg = ccg.to_owned();
    for id in ids {
        let at = ContentPath::practices(&id);
        let Ok(bytes) = std::fs::read(at.within(content)) else { continue };
        match std::str::from_utf8(&bytes)
            .map_err(|e| e.to_string())
            .and_then(|t| crate::yaml::parse::<Register<Practice>>(t).map_err(|e| e.to_string()))
        {
            Ok(reg) => {
                listed.extend(reg.entries.into_iter().map(|p| (p, id.clone())));
                out.read.push(at.to_string());
            }
            Err(e) => out.unreadable.push(format!("{at} ({e})")),
        }
    }
    out.names = PracticeNames::new(listed.iter().map(|(p, ccg)| (p.ods.as_str(), p.name.as_str(), ccg.as_str())));
    out
}

/// The rows of one sheet below its header, and the problems found in them.
pub(crate) struct Rows<'a> {
    sheet: &'a Sheet,
    header: Header,
    specs: &'static [Column],
    problems: Vec<Problem>,
    pub(crate) notes: Vec<String>,
    /// Rows linked to a practice, for [`Imported::linked`].
    pub(crate) linked: Vec<String>,
}

impl Rows<'_> {
    /// The data rows, as indexes: every non-blank row below the header,
    /// except a copy of the header (printed at the top of each page).
    pub(crate) fn data(&self) -> Vec<usize> {
        let header: Vec<String> = (0..self.sheet.width()).map(|j| values::words(&self.sheet.cell(self.header.row, j).raw_text())).collect();
        (self.header.row + 1..self.sheet.rows.len())
            .filter(|&i| !self.sheet.is_blank(i))
            .filter(|&i| (0..header.len()).any(|j| values::words(&self.sheet.cell(i, j).raw_text()) != header[j]))
            .collect()
    }

    /// Whether the register has the column.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.header.index(self.specs, key).is_some()
    }

    pub(crate) fn cell(&self, i: usize, key: &str) -> &Cell {
        self.header.index(self.specs, key).map_or(&Cell::Empty, |j| self.sheet.cell(i, j))
    }

    /// The cell's text on one line, None when empty.
    pub(crate) fn text(&self, i: usize, key: &str) -> Option<String> {
        values::text(self.cell(i, key))
    }

    /// The cell's text, None when empty or when it says there is nothing
    /// (`N/A`, `None`, `-`).
    pub(crate) fn something(&self, i: usize, key: &str) -> Option<String> {
        self.text(i, key).filter(|t| !values::means_nothing(t))
    }

    /// A date; a problem (and None) when the cell holds something else.
    pub(crate) fn date(&mut self, i: usize, key: &str) -> Result<Option<Date>, ()> {
        values::date(self.cell(i, key)).map_err(|m| self.problem(i, Some(key), m))
    }

    /// Money; a problem when the cell holds something else.
    pub(crate) fn money(&mut self, i: usize, key: &str) -> Result<Option<Money>, ()> {
        values::money(self.cell(i, key)).map_err(|m| self.problem(i, Some(key), m))
    }

    /// The row's `key` must not be empty: a problem when it is.
    pub(crate) fn required(&mut self, i: usize, key: &str, why: &str) -> Result<String, ()> {
        match self.text(i, key) {
            Some(t) => Ok(t),
            None => {
                let label = self.specs.iter().find(|c| c.key == key).map_or(key, |c| c.label);
                self.problem(i, Some(key), format!("the {} is empty: {why}", label.to_lowercase()));
                Err(())
            }
        }
    }

    /// Records a problem at row `i`, in the column `key` if given.
    pub(crate) fn problem(&mut self, i: usize, key: Option<&str>, message: impl Into<String>) {
        let column = key.and_then(|k| self.header.index(self.specs, k)).map(|j| self.column_name(j));
        self.problems.push(Problem { sheet: self.sheet.name.clone(), row: self.sheet.row_number(i), column, message: message.into() });
    }

    fn column_name(&self, j: usize) -> String {
        let heading = &self.header.headings[j];
        let letters = self.sheet.column_letters(j);
        if heading.is_empty() { letters } else { format!("{letters} ({heading})") }
    }

    /// The spreadsheet's number of row `i`.
    pub(crate) fn number(&self, i: usize) -> u32 {
        self.sheet.row_number(i)
    }
}

/// What a register's `convert` gives back.
pub(crate) struct Converted {
    /// The `entries:` list, YAML lines indented by two spaces.
    pub(crate) entries: String,
    /// What it holds, in words.
    pub(crate) counts: String,
}

/// Reads `file` and makes the register's YAML, `updated` on the day given.
/// `sheet` chooses a sheet by name; by default the first whose header has
/// the most of the register's columns. Rows that cannot be imported are
/// left out and listed in [`Imported::problems`]. An interest whose
/// declared interest names one of `practices` (by its whole name or its ODS
/// code, as `check` finds it) gets `practices:`, listed in
/// [`Imported::linked`].
pub fn convert(kind: Kind, file: &Path, sheet: Option<&str>, updated: Date, today: Date, practices: &Practices) -> Result<Imported, Error> {
    if !file.is_file() {
        return Err(Error::Usage(format!(
            "{} is not a file: give the spreadsheet's path, such as registers/interests.xlsx",
            file.display()
        )));
    }
    let ext = file.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if !read::EXTENSIONS.contains(&ext.as_str()) {
        return Err(Error::Usage(format!(
            "{} is not a spreadsheet ccgpages can read: save it as an Excel workbook (.xlsx), an OpenDocument \
             spreadsheet (.ods) or CSV (.csv), and import that",
            file.display()
        )));
    }
    let sheets = read::read(file).map_err(Error::Failed)?;
    let file_name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    convert_sheets(kind, &sheets, &file_name, sheet, updated, today, practices)
}

/// [`convert`] once the file is read.
fn convert_sheets(
    kind: Kind,
    sheets: &[Sheet],
    file_name: &str,
    sheet: Option<&str>,
    updated: Date,
    today: Date,
    practices: &Practices,
) -> Result<Imported, Error> {
    let specs = kind.columns();
    let (chosen, header) = choose_sheet(kind, sheets, sheet)?;
    let mut rows = Rows { sheet: chosen, header, specs, problems: Vec::new(), notes: Vec::new(), linked: Vec::new() };
    let data = rows.data();
    if data.is_empty() {
        let place = chosen.name.as_ref().map_or_else(|| file_name.to_owned(), |n| format!("the sheet “{n}”"));
        return Err(Error::Failed(format!(
            "{place} has the headings of the {what} on row {}, but no rows below them: there is nothing to import",
            chosen.row_number(rows.header.row),
            what = kind.what()
        )));
    }
    let converted = kind.convert(&mut rows, practices);
    let left_out = rows.header.unused().into_iter().map(|j| rows.column_name(j)).collect();
    let mut source = file_name.to_owned();
    if let Some(name) = &chosen.name {
        source.push_str(&format!(", sheet “{name}”"));
    }
    match (data.first(), data.last()) {
        (Some(&a), Some(&b)) if a != b => source.push_str(&format!(", rows {} to {}", chosen.row_number(a), chosen.row_number(b))),
        (Some(&a), _) => source.push_str(&format!(", row {}", chosen.row_number(a))),
        _ => {}
    }
    let mut yaml = format!(
        "# The {what}, imported on {today} with `ccgpages import {command}`\n# from {source}.\n",
        what = kind.what(),
        command = kind.command(),
        source = yaml_comment(&source),
    );
    if !rows.problems.is_empty() {
        yaml.push_str(&format!(
            "# {} could not be imported and {} left out (see the list the import printed).\n",
            values::plural(rows.problems.iter().map(|p| p.row).collect::<std::collections::BTreeSet<_>>().len(), "row"),
            if rows.problems.len() == 1 { "is" } else { "are" },
        ));
    }
    yaml.push_str(&format!(
        "# Importing again with --overwrite replaces this file, with any changes made to it here.\n\
         # `updated` is the day the register was last brought up to date: change it if that is not {updated}.\n\
         updated: {updated}\n"
    ));
    if converted.entries.is_empty() {
        yaml.push_str("entries: []\n");
    } else {
        yaml.push_str("entries:\n");
        yaml.push_str(&converted.entries);
    }
    kind.loads(&yaml).map_err(|e| Error::Failed(format!("ccgpages made YAML that does not load ({e}): this is a bug in ccgpages")))?;
    Ok(Imported { yaml, problems: rows.problems, counts: converted.counts, source, left_out, notes: rows.notes, linked: rows.linked })
}

/// The sheet to import and its header: the one named, or the first with
/// the most of the register's columns.
fn choose_sheet<'a>(kind: Kind, sheets: &'a [Sheet], wanted: Option<&str>) -> Result<(&'a Sheet, Header), Error> {
    let specs = kind.columns();
    if let Some(wanted) = wanted {
        let Some(sheet) = sheets.iter().find(|s| s.name.as_deref().is_some_and(|n| n.trim().eq_ignore_ascii_case(wanted.trim()))) else {
            let names: Vec<String> = sheets.iter().filter_map(|s| s.name.as_ref().map(|n| format!("“{n}”"))).collect();
            return Err(Error::Usage(if names.is_empty() {
                "--sheet: this file has no sheets (a CSV file is one sheet): leave --sheet out".to_owned()
            } else {
                format!("--sheet: there is no sheet “{wanted}”; the sheets are {}", names.join(", "))
            }));
        };
        return header::find(sheet, specs).map(|h| (sheet, h)).map_err(|missing| no_header(kind, sheet, &missing));
    }
    let mut best: Option<(&Sheet, Header, usize)> = None;
    let mut first_missing = None;
    for sheet in sheets {
        match header::find(sheet, specs) {
            Ok(h) => {
                let n = h.columns.iter().flatten().count();
                if best.as_ref().is_none_or(|b| n > b.2) {
                    best = Some((sheet, h, n));
                }
            }
            Err(missing) => {
                first_missing.get_or_insert((sheet, missing));
            }
        }
    }
    match (best, first_missing) {
        (Some((sheet, h, _)), _) => Ok((sheet, h)),
        (None, Some((sheet, missing))) => Err(no_header(kind, sheet, &missing)),
        (None, None) => Err(Error::Failed("the file has no sheets".to_owned())),
    }
}

fn no_header(kind: Kind, sheet: &Sheet, missing: &[&str]) -> Error {
    let place = sheet.name.as_ref().map_or_else(|| "the file".to_owned(), |n| format!("the sheet “{n}”"));
    let help = kind.columns().iter().filter(|c| missing.contains(&c.label)).map(|c| format!("“{}”", c.label)).collect::<Vec<_>>();
    Error::Failed(format!(
        "could not find the heading row of the {what} in {place}: it needs a column for {}. Check that the headings are \
         in one row near the top (as in NHS England's template), add the missing one, or choose another sheet with --sheet",
        values::list_and(&help),
        what = kind.what(),
    ))
}

/// A comment's text on one line.
fn yaml_comment(s: &str) -> String {
    values::one_line(s)
}

/// The file the register goes to: its [`Kind::file_name`] in the CCG's
/// folder ([`ContentPath::ccg`]). `ccg`
/// must be a CCG id (a folder name, never a path) of a CCG that exists; the
/// file must not exist, unless `overwrite`.
pub fn target(content: &Path, ccg: &str, kind: Kind, overwrite: bool) -> Result<PathBuf, Error> {
    let known = || crate::scaffold::known_ccgs(content);
    let hint = |known: Vec<String>| {
        if let Some(not) = ContentPath::not_content(content) {
            format!("{not}: pass --content")
        } else if known.is_empty() {
            "there are none yet: add one with `ccgpages new ccg`".to_owned()
        } else {
            format!("the CCGs are: {}", known.join(", "))
        }
    };
    if !crate::validate::is_url_id(ccg) {
        return Err(Error::Usage(format!(
            "--ccg: `{ccg}` is not a CCG id. Give the CCG's folder name under {}/ (only a-z, 0-9 and -, such as \
             riverside), not a path; {}",
            ContentPath::CCGS,
            hint(known())
        )));
    }
    let profile = ContentPath::ccg_profile(ccg).within(content);
    if !profile.is_file() {
        return Err(Error::Usage(format!(
            "--ccg: there is no CCG `{ccg}` ({} is missing); {}. To add it, run `ccgpages new ccg {ccg}` first",
            profile.display(),
            hint(known())
        )));
    }
    let path = ContentPath::ccg(ccg).join(kind.file_name()).within(content);
    no_links(content, &path)?;
    if path.exists() && !overwrite {
        return Err(Error::Usage(format!(
            "{} already exists: not replacing it. Add --overwrite to replace it with the import, or --stdout to print \
             the import and copy what you need into it",
            path.display()
        )));
    }
    Ok(path)
}

/// Refuses when `path`, or a folder on its way from `content`, is a
/// symbolic link (or a Windows junction): the import writes inside the
/// content, never where a link leads.
fn no_links(content: &Path, path: &Path) -> Result<(), Error> {
    let Ok(inside) = path.strip_prefix(content) else { return Ok(()) };
    let mut at = content.to_path_buf();
    for part in inside.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() || is_junction(&m) => {
                return Err(Error::Usage(format!(
                    "{} is a link to somewhere else: the import writes only inside the content folder, never through \
                     a link. Replace the link with the real {} and import again",
                    at.display(),
                    if at == path { "file" } else { "folder" }
                )));
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(())
}

#[cfg(windows)]
fn is_junction(m: &std::fs::Metadata) -> bool {
    use std::os::windows::fs::MetadataExt;
    // FILE_ATTRIBUTE_REPARSE_POINT: a junction, or another kind of link.
    m.file_attributes() & 0x400 != 0
}

#[cfg(not(windows))]
fn is_junction(_: &std::fs::Metadata) -> bool {
    false
}

/// Writes the register at `path`, inside `content` (replacing the file
/// only when `overwrite`): into a new file beside it, then renamed over it,
/// so that a failed write leaves the old file whole. Refused when the file
/// or a folder on its way from `content` is a link.
pub fn write(content: &Path, path: &Path, yaml: &str, overwrite: bool) -> Result<(), Error> {
    use std::io::Write as _;
    no_links(content, path)?;
    let failed = |e: std::io::Error| Error::Failed(format!("cannot write {}: {e}", path.display()));
    let exists = || Error::Usage(format!("{} already exists: not replacing it (add --overwrite to)", path.display()));
    if !overwrite && std::fs::symlink_metadata(path).is_ok() {
        return Err(exists());
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.import", std::process::id()));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(yaml.as_bytes())?;
        file.sync_all()
    })();
    let placed = written.map_err(failed).and_then(|()| {
        if overwrite {
            // A rename replaces the name: a link put there since is replaced, not followed.
            return std::fs::rename(&temp, path).map_err(failed);
        }
        // A hard link is made only where nothing is: never replaces a file made meanwhile.
        match std::fs::hard_link(&temp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
            // A file system without hard links (FAT on a USB stick).
            Err(_) if std::fs::symlink_metadata(path).is_err() => std::fs::rename(&temp, path).map_err(failed),
            Err(e) => Err(failed(e)),
        }
    });
    let _ = std::fs::remove_file(&temp);
    placed
}

#[cfg(test)]
mod tests;
