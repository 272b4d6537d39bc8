//! `ccgpages import` bounded and honest (issue 23): spreadsheets that ask
//! for more than a register needs (a cell at XFD1048576, a zip bomb, a
//! count of shared texts in the billions, an .ods repeating a cell across
//! the whole sheet, a CSV row a million cells wide) are refused with a
//! message and exit 1, never an abort; `--ccg` takes only a CCG id; the
//! import never writes through a link; "Name withheld" rows are never
//! merged into one entry that is not withheld. Every file is made here,
//! .xlsx, .ods, .xls and .csv.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::common::{Fixture, Run, TempDir, run, zip_of};

const XLSX_HEAD: &[(&str, &str)] = &[
    (
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    ),
    (
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    ),
    (
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    ),
    (
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    ),
];

/// The register's rows, as (cell reference, text).
const REGISTER: &[&[(&str, &str)]] = &[
    &[("A1", "Name"), ("B1", "Position"), ("C1", "Declared interest"), ("D1", "Type of interest"), ("E1", "Action taken")],
    &[("A2", "Dr Sam Sample"), ("B2", "GP"), ("C2", "Partner, Example Surgery"), ("D2", "Financial"), ("E2", "Takes no part")],
];

fn inline_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn sheet_xml(rows: &[&[(&str, &str)]], extra: &str) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for row in rows {
        xml.push_str("<row>");
        for (at, text) in *row {
            xml.push_str(&inline_cell(at, text));
        }
        xml.push_str("</row>");
    }
    xml.push_str(extra);
    xml.push_str("</sheetData></worksheet>");
    xml
}

fn xlsx(sheet: &str, more: &[(&str, &[u8])]) -> Vec<u8> {
    let mut parts: Vec<(&str, &[u8])> = XLSX_HEAD.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    parts.push(("xl/worksheets/sheet1.xml", sheet.as_bytes()));
    parts.extend_from_slice(more);
    zip_of(&parts)
}

const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";
const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#;

fn ods_cell(text: &str) -> String {
    format!(r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#)
}

/// An .ods of the register's rows, then `extra` rows (XML) in the same table.
fn ods(extra: &str) -> Vec<u8> {
    let mut rows = String::new();
    for row in REGISTER {
        rows.push_str("<table:table-row>");
        for (_, text) in *row {
            rows.push_str(&ods_cell(text));
        }
        rows.push_str("</table:table-row>");
    }
    rows.push_str(extra);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Register">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(&[("mimetype", ODS_MIME.as_bytes()), ("META-INF/manifest.xml", ODS_MANIFEST.as_bytes()), ("content.xml", content.as_bytes())])
}

/// `ccgpages import interests <file> --ccg alpha` in a copy of the minimal
/// fixture, with `extra` arguments.
fn import(fixture: &Fixture, file: &Path, extra: &[&str]) -> Run {
    let content = fixture.content();
    let mut args = vec!["import", "interests", file.to_str().unwrap(), "--ccg", "alpha", "--content", content.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

fn spreadsheet(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The import ended with exit 1 and a message (not a signal, not a panic),
/// which contains `said`, and wrote nothing.
fn refused(r: &Run, said: &str, fixture: &Fixture, before: &str) {
    assert_eq!(r.code, 1, "exit 1, not a crash or a signal: {}", r.stderr);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(r.stderr.contains(said), "expected “{said}” in: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(fixture.read("ccgs/alpha/interests.yaml"), before, "nothing written");
}

#[test]
fn a_register_in_xlsx_and_ods_is_imported() {
    let f = Fixture::new("minimal");
    let dir = TempDir::new("limits-ok");
    for file in [spreadsheet(&dir, "r.xlsx", &xlsx(&sheet_xml(REGISTER, ""), &[])), spreadsheet(&dir, "r.ods", &ods(""))] {
        let r = import(&f, &file, &["--stdout"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains("  - name: Dr Sam Sample\n    roles: [GP]\n    interests:\n"), "{}", r.stdout);
        assert!(r.stderr.contains("rows 2") || r.stderr.contains("row 2"), "{}", r.stderr);
    }
}

#[test]
fn a_cell_at_xfd1048576_is_refused_by_name() {
    let f = Fixture::new("minimal");
    let before = f.read("ccgs/alpha/interests.yaml");
    let dir = TempDir::new("limits-far");
    let sheet = sheet_xml(REGISTER, &format!("<row r=\"1048576\">{}</row>", inline_cell("XFD1048576", "x")));
    let file = spreadsheet(&dir, "far.xlsx", &xlsx(&sheet, &[]));
    assert!(std::fs::metadata(&file).unwrap().len() < 4000, "a small file");
    let r = import(&f, &file, &["--overwrite"]);
    refused(&r, "the sheet “Register” has something in cell XFD1048576, beyond row 100,000 or column GR", &f, &before);
    assert!(r.stderr.contains("Delete what is in that cell"), "{}", r.stderr);

    // Just past the columns, and just past the rows.
    let sheet = sheet_xml(REGISTER, &format!("<row r=\"3\">{}</row>", inline_cell("GS3", "x")));
    let r = import(&f, &spreadsheet(&dir, "wide.xlsx", &xlsx(&sheet, &[])), &["--overwrite"]);
    refused(&r, "has something in cell GS3", &f, &before);
    let sheet = sheet_xml(REGISTER, &format!("<row r=\"100001\">{}</row>", inline_cell("A100001", "x")));
    let r = import(&f, &spreadsheet(&dir, "long.xlsx", &xlsx(&sheet, &[])), &["--overwrite"]);
    refused(&r, "has something in cell A100001", &f, &before);
    // Row 100,000 and column GR are still read.
    for (row, at) in [("100000", "A100000"), ("3", "GR3")] {
        let sheet = sheet_xml(REGISTER, &format!("<row r=\"{row}\">{}</row>", inline_cell(at, "x")));
        // (The `x` is a person with no interest: --force leaves that row out.)
        let r = import(&f, &spreadsheet(&dir, "edge.xlsx", &xlsx(&sheet, &[])), &["--stdout", "--force"]);
        assert_eq!(r.code, 0, "{at}: {}", r.stderr);
    }
}

#[test]
fn a_sheet_spanning_too_many_cells_is_refused() {
    let f = Fixture::new("minimal");
    let before = f.read("ccgs/alpha/interests.yaml");
    let dir = TempDir::new("limits-span");
    // GR20000: 200 columns by 20,000 rows, 4,000,000 cells, with two cells in it.
    let sheet = sheet_xml(REGISTER, &format!("<row r=\"20000\">{}</row>", inline_cell("GR20000", "x")));
    let r = import(&f, &spreadsheet(&dir, "span.xlsx", &xlsx(&sheet, &[])), &["--overwrite"]);
    refused(&r, "the sheet “Register” spans 4,000,000 cells, from A1 to GR20000", &f, &before);
}

/// A part of `size` bytes of `fill`, deflated as it is written (never
/// held whole in memory).
fn bomb(size: usize, fill: u8) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    for (name, text) in XLSX_HEAD {
        w.start_file(*name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    w.write_all(sheet_xml(REGISTER, "").replace("</sheetData></worksheet>", "").as_bytes()).unwrap();
    let chunk = vec![fill; 1 << 20];
    for _ in 0..size >> 20 {
        w.write_all(&chunk).unwrap();
    }
    w.write_all(b"</sheetData></worksheet>").unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_is_refused() {
    let f = Fixture::new("minimal");
    let before = f.read("ccgs/alpha/interests.yaml");
    let dir = TempDir::new("limits-bomb");
    // 300 MB of spaces between the rows: about 300 KB in the file.
    let bytes = bomb(300 << 20, b' ');
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let r = import(&f, &spreadsheet(&dir, "bomb.xlsx", &bytes), &["--overwrite"]);
    refused(&r, "is not a spreadsheet ccgpages will read", &f, &before);
    assert!(r.stderr.contains("xl/worksheets/sheet1.xml says it unpacks to 300 MB, more than the 100 MB read"), "{}", r.stderr);

    // 20 MB, within the total, but packed a thousand to one.
    let r = import(&f, &spreadsheet(&dir, "tight.xlsx", &bomb(20 << 20, b' ')), &["--overwrite"]);
    refused(&r, "times its size in the file (a “zip bomb”)", &f, &before);
}

#[test]
fn a_zip_that_lies_about_its_sizes_is_refused() {
    let f = Fixture::new("minimal");
    let before = f.read("ccgs/alpha/interests.yaml");
    let dir = TempDir::new("limits-liar");
    // The sheet declares 2 MB in the zip's directory and its local header, and holds 300 MB.
    let mut bytes = bomb(300 << 20, b' ');
    let real = (300u64 << 20) + sheet_xml(REGISTER, "").len() as u64;
    let declared = 2u64 << 20;
    let (mut found, mut i) = (0, 0);
    while i + 8 <= bytes.len() {
        // The sizes, where zip64 keeps them (the file was written as large_file).
        if bytes[i..i + 8] == real.to_le_bytes() {
            bytes[i..i + 8].copy_from_slice(&declared.to_le_bytes());
            found += 1;
            i += 8;
        } else {
            i += 1;
        }
    }
    assert!(found >= 1, "the sheet's size found in the zip");
    let r = import(&f, &spreadsheet(&dir, "liar.xlsx", &bytes), &["--overwrite"]);
    assert_eq!(r.code, 1, "exit 1, not a crash: {}", r.stderr);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(f.read("ccgs/alpha/interests.yaml"), before);
}

#[test]
fn billions_of_shared_texts_are_refused() {
    let f = Fixture::new("minimal");
    let before = f.read("ccgs/alpha/interests.yaml");
    let dir = TempDir::new("limits-sst");
    let sst = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>x</t></si></sst>"#;
    let bytes = xlsx(&sheet_xml(REGISTER, ""), &[("xl/sharedStrings.xml", sst)]);
    let r = import(&f, &spreadsheet(&dir, "sst.xlsx", &bytes), &["--overwrite"]);
    refused(&r, "says it holds 4000000000 different texts", &f, &before);
}

#[test]
fn an_ods_repeating_a_cell_across_the_sheet_is_refused() {
    let f = Fixture::new("minimal");
    let before = f.read("ccgs/alpha/interests.yaml");
    let dir = TempDir::new("limits-ods");
    // One cell, repeated 16,384 times across and 1,048,576 times down.
    let all = r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#;
    let r = import(&f, &spreadsheet(&dir, "all.ods", &ods(all)), &["--overwrite"]);
    refused(&r, "the sheet “Register” has something in cell XFD1048578", &f, &before);
    // Within the rows and columns, but 10,000 rows of 200 cells repeated 10 times each.
    let row = r#"<table:table-row table:number-rows-repeated="10"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="200"/></table:table-row>"#;
    let r = import(&f, &spreadsheet(&dir, "many.ods", &ods(&row.repeat(5_000))), &["--overwrite"]);
    refused(&r, "the sheet “Register” spans", &f, &before);
    // Another sheet of 12,000 rows with one number each, in column GR: it
    // spans 12,000 cells, but calamine holds the 199 empty ones before each.
    let row = r#"<table:table-row><table:table-cell table:number-columns-repeated="199"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#;
    let other = format!(r#"</table:table><table:table table:name="Other">{}"#, row.repeat(12_000));
    let r = import(&f, &spreadsheet(&dir, "held.ods", &ods(&other)), &["--overwrite"]);
    refused(&r, "the sheet “Other” has more than 2,000,000 cells", &f, &before);
    // Empty cells repeated to the edge are nothing: the register is read.
    let empty = r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;
    let r = import(&f, &spreadsheet(&dir, "empty.ods", &ods(empty)), &["--stdout"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn csv_past_the_limits_is_refused() {
    let f = Fixture::new("minimal");
    let before = f.read("ccgs/alpha/interests.yaml");
    let dir = TempDir::new("limits-csv");
    let head = "Name,Position,Declared interest,Type of interest,Action taken\nDr Sam Sample,GP,Partner,Financial,Takes no part\n";
    // A million commas: dropped while empty, refused at a value.
    let wide = format!("{head}{}x\n", ",".repeat(1_000_000));
    let r = import(&f, &spreadsheet(&dir, "wide.csv", wide.as_bytes()), &["--overwrite"]);
    refused(&r, "wide.csv has something in cell", &f, &before);
    let r = import(&f, &spreadsheet(&dir, "wide-empty.csv", format!("{head}{}\n", ",".repeat(1_000_000)).as_bytes()), &["--stdout"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A value on row 100,001.
    let long = format!("{head}{}x\n", "\n".repeat(99_998));
    let r = import(&f, &spreadsheet(&dir, "long.csv", long.as_bytes()), &["--overwrite"]);
    refused(&r, "long.csv has something in cell A100001", &f, &before);
    // A file larger than 50 MB is not read at all.
    let big = dir.path().join("big.csv");
    std::fs::write(&big, head).unwrap();
    std::fs::OpenOptions::new().write(true).open(&big).unwrap().set_len(51 << 20).unwrap();
    let r = import(&f, &big, &["--overwrite"]);
    refused(&r, "is larger than 50 MB", &f, &before);
}

#[test]
fn ccg_must_be_an_id_of_this_content() {
    let f = Fixture::new("minimal");
    let dir = TempDir::new("limits-ccg");
    let file = spreadsheet(&dir, "r.xlsx", &xlsx(&sheet_xml(REGISTER, ""), &[]));
    let content = f.content();
    // ../.. from content/ccgs is the fixture's folder: nothing may be written there or above.
    for ccg in ["../..", "..", "alpha/../beta", "/tmp", "Alpha", ""] {
        let r = run(&["import", "interests", file.to_str().unwrap(), "--ccg", ccg, "--content", content.to_str().unwrap(), "--overwrite"]);
        assert_eq!(r.code, 2, "--ccg {ccg:?}: {}", r.stderr);
        assert!(r.stderr.contains(&format!("--ccg: `{ccg}` is not a CCG id")), "{}", r.stderr);
        assert!(r.stderr.contains("the CCGs are: alpha, beta"), "{}", r.stderr);
    }
    assert!(!f.tmp.path().join("interests.yaml").exists());
    assert!(!content.join("interests.yaml").exists());
    let r = run(&["import", "interests", file.to_str().unwrap(), "--ccg", "gamma", "--content", content.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("there is no CCG `gamma`"), "{}", r.stderr);
    assert!(r.stderr.contains("run `ccgpages new ccg gamma` first"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn the_import_never_writes_through_a_link() {
    let f = Fixture::new("minimal");
    let dir = TempDir::new("limits-link");
    let file = spreadsheet(&dir, "r.xlsx", &xlsx(&sheet_xml(REGISTER, ""), &[]));
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "the user's file\n").unwrap();
    // The register is a link to a file outside the content.
    let register = f.file("ccgs/alpha/interests.yaml");
    std::fs::remove_file(&register).unwrap();
    std::os::unix::fs::symlink(&outside, &register).unwrap();
    let r = import(&f, &file, &["--overwrite"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("interests.yaml is a link to somewhere else"), "{}", r.stderr);
    assert!(r.stderr.contains("Replace the link with the real file"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "the user's file\n");
    // A dangling link, without --overwrite: refused, nothing made where it points.
    std::fs::remove_file(&register).unwrap();
    let nowhere = dir.path().join("nowhere.yaml");
    std::os::unix::fs::symlink(&nowhere, &register).unwrap();
    let r = import(&f, &file, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!nowhere.exists());
    // The CCG's folder is a link.
    std::fs::remove_file(&register).unwrap();
    let real = dir.path().join("alpha-real");
    std::fs::rename(f.file("ccgs/alpha"), &real).unwrap();
    std::os::unix::fs::symlink(&real, f.file("ccgs/alpha")).unwrap();
    let r = import(&f, &file, &["--overwrite"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("alpha is a link to somewhere else"), "{}", r.stderr);
    assert!(r.stderr.contains("Replace the link with the real folder"), "{}", r.stderr);
    assert!(!real.join("interests.yaml").exists());
}

#[test]
fn overwrite_replaces_the_file_through_a_new_file() {
    let f = Fixture::new("minimal");
    let dir = TempDir::new("limits-replace");
    let file = spreadsheet(&dir, "r.xlsx", &xlsx(&sheet_xml(REGISTER, ""), &[]));
    let r = import(&f, &file, &[]);
    assert_eq!(r.code, 2, "no --overwrite: {}", r.stderr);
    assert!(r.stderr.contains("already exists: not replacing it"), "{}", r.stderr);
    let r = import(&f, &file, &["--overwrite"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(f.read("ccgs/alpha/interests.yaml").contains("  - name: Dr Sam Sample\n"));
    // No file left beside it.
    let names: Vec<String> =
        std::fs::read_dir(f.file("ccgs/alpha")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.starts_with('.')), "{names:?}");
    // A new register (none there yet) is written without --overwrite.
    std::fs::remove_file(f.file("ccgs/alpha/interests.yaml")).unwrap();
    let r = import(&f, &file, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(f.read("ccgs/alpha/interests.yaml").contains("  - name: Dr Sam Sample\n"));
}

#[test]
fn name_withheld_rows_are_not_one_entry() {
    let f = Fixture::new("minimal");
    let before = f.read("ccgs/alpha/interests.yaml");
    let dir = TempDir::new("limits-withheld");
    let csv = "Name,Position,Declared interest,Type of interest,Action taken\n\
               Name withheld,GP,\"Partner, Example Surgery\",Financial,Takes no part\n\
               Name withheld,Lay member,\"Trustee, Riverside Hospice\",Non-financial personal,None needed\n\
               Dr Sam Sample,GP,Member of the LMC,Non-financial professional,None needed\n";
    let r = import(&f, &spreadsheet(&dir, "published.csv", csv.as_bytes()), &["--overwrite"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("2 rows could not be imported"), "{}", r.stderr);
    assert_eq!(f.read("ccgs/alpha/interests.yaml"), before, "nothing written");
    assert!(
        r.stderr.contains("row 2, column A (Name): the name says “Name withheld”: ccgpages needs the person's real name"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("row 3, column A (Name): the name says “Name withheld”"), "{}", r.stderr);
    // --force leaves them out: it never writes a "Name withheld" entry that is not withheld.
    let r = import(&f, &spreadsheet(&dir, "published.csv", csv.as_bytes()), &["--stdout", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.to_lowercase().contains("name withheld"), "{}", r.stdout);

    // The CCG's own copy: real names, and a Withheld column.
    let own = "Name,Position,Declared interest,Type of interest,Action taken,Withheld\n\
               Dr Quentin Zyborg,GP,\"Partner, Example Surgery\",Financial,Takes no part,Yes\n\
               ,,Member of the LMC,Non-financial professional,None needed,\n\
               Alex Morgan,Lay member,\"Trustee, Riverside Hospice\",Non-financial personal,None needed,Yes\n\
               Dr Sam Sample,GP,Member of the LMC,Non-financial professional,None needed,No\n";
    let r = import(&f, &spreadsheet(&dir, "own.csv", own.as_bytes()), &["--overwrite"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("3 people, 4 interests, 2 withheld"), "{}", r.stderr);
    let yaml = f.read("ccgs/alpha/interests.yaml");
    assert!(yaml.contains("  - name: Dr Quentin Zyborg\n    roles: [GP]\n    withheld: true\n    interests:\n"), "{yaml}");
    assert!(yaml.contains("  - name: Alex Morgan\n    roles: [Lay member]\n    withheld: true\n"), "{yaml}");
    assert!(yaml.contains("  - name: Dr Sam Sample\n    roles: [GP]\n    interests:\n"), "{yaml}");
    assert_eq!(yaml.matches("withheld: true").count(), 2, "{yaml}");
}

/// A BIFF record.
fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    [&typ.to_le_bytes()[..], &(data.len() as u16).to_le_bytes(), data].concat()
}

/// An .xls (a version 3 compound file) whose Workbook stream has one sheet
/// holding `cells`, each (row, column) a Number record.
fn xls(cells: &[(u16, u16)]) -> Vec<u8> {
    let sheet: Vec<u8> =
        cells.iter().flat_map(|(r, c)| record(0x0203, &[&r.to_le_bytes()[..], &c.to_le_bytes(), &[0; 10]].concat())).collect();
    let globals_len = 20 + 12 + 4;
    let mut stream = record(0x0809, &[0; 16]);
    stream.extend(record(0x0085, &[&(globals_len as u32).to_le_bytes()[..], &[0, 0, 1, 0]].concat()));
    stream.extend(record(0x000A, &[]));
    stream.extend(record(0x0809, &[0; 16]));
    stream.extend(sheet);
    stream.extend(record(0x000A, &[]));
    stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
    let n = stream.len() / 512;
    let mut out = vec![0u8; 512];
    let mut put = |at: usize, bytes: &[u8]| out[at..at + bytes.len()].copy_from_slice(bytes);
    put(0, &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    put(0x1A, &3u16.to_le_bytes());
    put(0x1C, &0xFFFEu16.to_le_bytes());
    put(0x1E, &9u16.to_le_bytes());
    put(0x20, &6u16.to_le_bytes());
    put(0x2C, &1u32.to_le_bytes());
    put(0x30, &1u32.to_le_bytes());
    put(0x38, &4096u32.to_le_bytes());
    put(0x3C, &0xFFFF_FFFEu32.to_le_bytes());
    put(0x44, &0xFFFF_FFFEu32.to_le_bytes());
    for i in 0..109 {
        put(0x4C + 4 * i, &if i == 0 { 0 } else { 0xFFFF_FFFFu32 }.to_le_bytes());
    }
    // Sector 0, the FAT: itself, the directory (1), the stream (2..).
    let mut fat = vec![0xFFFF_FFFFu32; 128];
    fat[0] = 0xFFFF_FFFD;
    fat[1] = 0xFFFF_FFFE;
    for i in 0..n {
        fat[2 + i] = if i + 1 == n { 0xFFFF_FFFE } else { (3 + i) as u32 };
    }
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    // Sector 1, the directory: the root and the Workbook stream.
    for (name, kind, start, size) in [("Root Entry", 5u8, 0xFFFF_FFFEu32, 0u32), ("Workbook", 2, 2, stream.len() as u32)] {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&((units.len() + 2) as u16).to_le_bytes());
        e[66] = kind;
        e[68..80].fill(0xFF);
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        out.extend(e);
    }
    out.extend(vec![0u8; 256]);
    out.extend(stream);
    out
}

#[test]
fn an_xls_reaching_past_the_limits_is_refused_before_it_is_read() {
    let f = Fixture::new("minimal");
    let before = f.read("ccgs/alpha/interests.yaml");
    let dir = TempDir::new("limits-xls");
    // A1 and IV65536 (the last cell of an .xls): calamine would make the grid between them.
    let r = import(&f, &spreadsheet(&dir, "far.xls", &xls(&[(0, 0), (65_535, 255)])), &["--overwrite"]);
    refused(&r, "a sheet of ", &f, &before);
    assert!(r.stderr.contains("far.xls has something in cell IV65536"), "{}", r.stderr);
    // A file that is not a compound file is not handed to calamine either.
    let r = import(&f, &spreadsheet(&dir, "odd.xls", b"not an Excel 97-2003 file"), &["--overwrite"]);
    refused(&r, "odd.xls cannot be checked before it is read (it is not an Excel 97-2003 workbook)", &f, &before);
    assert!(r.stderr.contains("save it as an Excel workbook (.xlsx)"), "{}", r.stderr);
    // Within the limits, the check lets it through to calamine (which finds no register in these bare records).
    let r = import(&f, &spreadsheet(&dir, "near.xls", &xls(&[(0, 0), (99, 9)])), &["--overwrite"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("cannot be checked") && !r.stderr.contains("has something in cell"), "{}", r.stderr);
}
