//! Zipped office documents: DOCX, XLSX, PPTX and the OpenDocument formats.
//!
//! Every XML part is read, the relationships (`.rels`) too: a link's
//! `mailto:` or a file path (`C:/Users/…`) is a target there. Files kept
//! inside the document (the workbook behind a chart, an embedded document)
//! are read as papers of their own, to a bounded depth; one that cannot be
//! read makes the document unreadable. A workbook's sheets are read a row
//! to a line as well, each cell's shared text put in its place.

use std::io::{Read, Seek};

use super::text::{Markup, decode_text};
use super::{Extracted, MAX_TEXT, MAX_ZIP_PARTS, MAX_ZIP_READ, OFFICE, extract_bytes, mb};
use crate::escape::decode_entities;

pub(super) fn zipped<R: Read + Seek>(file: R, ext: &str, depth: usize) -> Extracted {
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(a) => a,
        Err(e) => {
            return Extracted::Unreadable(if OFFICE.contains(&ext) {
                format!("it is damaged: it is not the zip file a .{ext} document is ({e})")
            } else {
                format!("it is a damaged zip file ({e})")
            });
        }
    };
    let names: Vec<String> =
        (0..archive.len()).filter_map(|i| archive.name_for_index(i).and_then(|n| n.ok()).map(|n| n.into_owned())).collect();
    let is_document = names.iter().any(|n| n == "[Content_Types].xml" || n == "mimetype" || n == "META-INF/manifest.xml");
    if !is_document {
        return Extracted::Unreadable("it is a zip archive: the files inside it are not read for names".into());
    }
    let mut out = Markup::default();
    let mut read: u64 = 0;
    let mut parts = 0;
    // A workbook's cells name their text by number: the shared strings
    // and the sheets are read together at the end, a row to a line.
    let mut shared: Option<String> = None;
    let mut sheets: Vec<String> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(zip::result::ZipError::UnsupportedArchive(why)) if why == zip::result::ZipError::PASSWORD_REQUIRED => {
                return Extracted::Unreadable("it is locked with a password, so its words cannot be read".into());
            }
            Err(e) => return Extracted::Unreadable(format!("it is damaged ({e})")),
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.is_dir() {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let markup = [".xml", ".vml", ".rels"].iter().any(|e| lower.ends_with(e));
        // Files kept inside the document: a workbook behind a chart, an
        // embedded document or object (`word/embeddings/…`, an
        // OpenDocument's `Object 1`). Pictures, fonts, printer settings
        // and macros hold no words of the document.
        let embedded = lower.contains("/embeddings/") || (lower.starts_with("object ") && !lower.contains('/'));
        if !markup && !embedded {
            continue;
        }
        parts += 1;
        if parts > MAX_ZIP_PARTS {
            return Extracted::Unreadable(format!("it has more than {MAX_ZIP_PARTS} parts, more than are read for names"));
        }
        // The sizes a zip declares are not trusted: what is inflated is counted.
        let mut bytes = Vec::new();
        let left = MAX_ZIP_READ - read;
        if let Err(e) = (&mut entry).take(left + 1).read_to_end(&mut bytes) {
            return Extracted::Unreadable(format!("part {name} is damaged ({e})"));
        }
        read += bytes.len() as u64;
        if read > MAX_ZIP_READ {
            return Extracted::Unreadable(format!("it unpacks to more than {} MB, more than is read for names", mb(MAX_ZIP_READ)));
        }
        if embedded {
            let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
            let ext = if ext.contains('/') { "" } else { ext };
            match extract_bytes(&bytes, ext, depth + 1) {
                Extracted::Text(t) => out.push_block(&t),
                Extracted::NotText => {}
                Extracted::Unreadable(why) => {
                    return Extracted::Unreadable(format!("the file {name} kept inside it cannot be read: {why}"));
                }
            }
            if out.full {
                break;
            }
            continue;
        }
        let xml = decode_text(&bytes);
        if name == "META-INF/manifest.xml" {
            // An OpenDocument saved with a password keeps its parts encrypted.
            if xml.contains("encryption-data") {
                return Extracted::Unreadable("it is locked with a password, so its words cannot be read".into());
            }
            continue;
        }
        let metadata = name.starts_with("docProps/") || name == "meta.xml";
        out.strip_xml(&xml, metadata);
        out.brk();
        if lower.ends_with("sharedstrings.xml") {
            shared = Some(xml);
        } else if lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") {
            sheets.push(xml);
        }
        if out.full {
            break;
        }
    }
    let strings = shared.as_deref().map(shared_strings).unwrap_or_default();
    for sheet in &sheets {
        if !rows(sheet, &strings, &mut out) {
            break;
        }
    }
    out.finish()
}

/// The text of each `<si>` of a workbook's shared strings, in order.
fn shared_strings(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut in_t = false;
    walk(xml, |event| match event {
        Xml::Open("si", _) => current = Some(String::new()),
        Xml::Close("si") => out.extend(current.take()),
        Xml::Open("t", _) => in_t = true,
        Xml::Close("t") => in_t = false,
        Xml::Text(t) if in_t => {
            if let Some(c) = current.as_mut() {
                c.push_str(&decode_entities(t));
            }
        }
        _ => {}
    });
    out
}

/// Each row of a sheet as one line, its cells apart by tabs (`Zyborg`, `Dr`,
/// `Quentin`), so that a name split over Surname, Title and First name
/// columns reads as it would be written. False once the text is full.
fn rows(sheet: &str, shared: &[String], out: &mut Markup) -> bool {
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut kind = String::new();
    let mut in_value = false;
    let mut full = false;
    let mut row_len = 0;
    walk(sheet, |event| match event {
        Xml::Open("c", attrs) => {
            kind = attr(attrs, "t").unwrap_or_default().to_owned();
            cell.clear();
        }
        Xml::Open("v" | "t", _) => in_value = true,
        Xml::Close("v" | "t") => in_value = false,
        Xml::Text(t) if in_value => cell.push_str(&decode_entities(t)),
        Xml::Close("c") if !full => {
            let value = if kind == "s" { cell.trim().parse::<usize>().ok().and_then(|i| shared.get(i)).cloned() } else { None };
            let value = value.unwrap_or_else(|| cell.clone());
            // One shared string may be named by every cell: what a row
            // spells out is bounded as the text is.
            row_len += value.len() + 1;
            if row_len > MAX_TEXT {
                out.full = true;
                full = true;
            }
            row.push(value);
        }
        Xml::Close("row") => {
            if !full && row.iter().any(|c| !c.trim().is_empty()) {
                out.push_block(&row.join("\t"));
                full = out.full;
            }
            row.clear();
            row_len = 0;
        }
        _ => {}
    });
    !full
}

/// A piece of XML, as [`walk`] finds them: a start tag (with its
/// attributes' source), an end tag (an empty element is both), text.
enum Xml<'a> {
    Open(&'a str, &'a str),
    Close(&'a str),
    Text(&'a str),
}

/// Walks the tags and text of `xml`; names are local (no prefix).
fn walk<'a>(xml: &'a str, mut f: impl FnMut(Xml<'a>)) {
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        if lt > 0 {
            f(Xml::Text(&rest[..lt]));
        }
        rest = &rest[lt + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = rest.get(end + 1..).unwrap_or("");
        if tag.starts_with(['?', '!']) {
            continue;
        }
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(t) => (true, t),
            None => (false, tag),
        };
        let empty = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        let local = name.rsplit(':').next().unwrap_or(name);
        if closing {
            f(Xml::Close(local));
        } else {
            f(Xml::Open(local, &tag[name_end..]));
            if empty {
                f(Xml::Close(local));
            }
        }
    }
    if !rest.is_empty() {
        f(Xml::Text(rest));
    }
}

/// The value of attribute `key` in a tag's attributes.
fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = attrs;
    while let Some(at) = rest.find('=') {
        let name = rest[..at].trim();
        let after = rest[at + 1..].trim_start();
        let q = after.chars().next()?;
        let body = after.get(1..)?;
        let end = body.find(q)?;
        if name == key {
            return Some(&body[..end]);
        }
        rest = &body[end + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::papertext::tests::{Temp, text, unreadable, words};
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn docx() {
        let doc = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Present:</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Jane </w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>Do</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>e</w:t></w:r><w:proofErr w:type="spellEnd"/></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell&amp;one</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>two</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:ins w:id="1" w:author="Eve Editor" w:date="2020-01-01T00:00:00Z"><w:r><w:t>added</w:t></w:r></w:ins></w:p>
</w:body></w:document>"#;
        let core = br#"<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:title>Paper</dc:title><dc:creator>Frank Author</dc:creator><cp:lastModifiedBy>Gina Last</cp:lastModifiedBy></cp:coreProperties>"#;
        let footer = br#"<w:ftr xmlns:w="x"><w:p><w:r><w:t>Prepared by Hal Footer</w:t></w:r></w:p></w:ftr>"#;
        let comments = br#"<w:comments xmlns:w="x"><w:comment w:id="0" w:author="Ivy Commenter" w:initials="IC"><w:p><w:r><w:t>Check this</w:t></w:r></w:p></w:comment></w:comments>"#;
        let file = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", doc),
            ("word/footer1.xml", footer),
            ("word/comments.xml", comments),
            ("docProps/core.xml", core),
            ("word/media/image1.png", b"\x89PNG not xml"),
        ]);
        let w = words(&text(Temp::new("p.docx", &file).extract()));
        for want in [
            "Present:",
            "Jane Doe",
            "Cell&one two",
            "added",
            "Eve Editor",
            "Hal Footer",
            "Ivy Commenter",
            "Check this",
            "Frank Author",
            "Gina Last",
        ] {
            assert!(w.contains(want), "{want} not in {w}");
        }
        assert!(!w.contains("PaperFrank"), "metadata values are kept apart: {w}");
        assert!(!w.contains("PNG"), "{w}");
    }

    #[test]
    fn xlsx_pptx_and_opendocument() {
        let shared = br#"<sst xmlns="x"><si><t>Name</t></si><si><r><t>Kim </t></r><r><t>Lee</t></r></si></sst>"#;
        let sheet = br#"<worksheet xmlns="x"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Mo</t></is></c></row><row r="2"><c t="inlineStr"><is><t>Ng</t></is></c></row></sheetData></worksheet>"#;
        let xlsx = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("xl/sharedStrings.xml", shared), ("xl/worksheets/sheet1.xml", sheet)]);
        let w = words(&text(Temp::new("s.xlsx", &xlsx).extract()));
        assert!(w.contains("Kim Lee"), "{w}");
        assert!(w.contains("Mo") && !w.contains("MoNg"), "cells stay apart: {w}");

        let slide = br#"<p:sld xmlns:p="x" xmlns:a="y"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Speaker: Olu </a:t></a:r><a:r><a:t>Pike</a:t></a:r></a:p><a:p><a:r><a:t>Next</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#;
        let pptx = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("ppt/slides/slide1.xml", slide)]);
        let w = words(&text(Temp::new("s.pptx", &pptx).extract()));
        assert!(w.contains("Speaker: Olu Pike Next"), "{w}");

        let content = br#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="b" xmlns:dc="d"><office:body><office:text><text:h>Report</text:h><text:p>By<text:s/>Quinn<text:s text:c="2"/><text:span>Ro</text:span>ss</text:p><text:p><office:annotation><dc:creator>Sam Note</dc:creator><dc:date>2020-01-01</dc:date><text:p>hm</text:p></office:annotation></text:p><table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table></office:text></office:body></office:document-content>"#;
        let meta = br#"<office:document-meta xmlns:office="o" xmlns:meta="m" xmlns:dc="d"><office:meta><meta:initial-creator>Tess First</meta:initial-creator><dc:creator>Uma Second</dc:creator></office:meta></office:document-meta>"#;
        let odt = zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", b"<manifest/>"),
        ]);
        let w = words(&text(Temp::new("r.odt", &odt).extract()));
        for want in ["Report By Quinn Ross", "Sam Note", "a b", "Tess First", "Uma Second"] {
            assert!(w.contains(want), "{want} not in {w}");
        }
        assert!(!w.contains("Tess FirstUma"), "{w}");
    }

    #[test]
    fn office_locked_damaged_or_bombed_is_unreadable() {
        let odt = zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"\x01\x02binary"),
            (
                "META-INF/manifest.xml",
                b"<manifest:manifest><manifest:file-entry><manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
            ),
        ]);
        assert!(unreadable(Temp::new("l.odt", &odt).extract()).contains("password"));
        // An encrypted OOXML file is an OLE compound file, not a zip.
        let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of the compound file";
        assert!(unreadable(Temp::new("l.docx", ole).extract()).contains("password"));
        assert!(unreadable(Temp::new("old.doc", ole).extract()).contains("old Office format"));
        assert!(unreadable(Temp::new("bad.docx", b"PK\x03\x04 not really a zip").extract()).contains("damaged"));
        // A zip bomb: a part that inflates past what is read.
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
        w.start_file("[Content_Types].xml", opts).unwrap();
        w.start_file("word/document.xml", opts).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..=mb(MAX_ZIP_READ) {
            w.write_all(&block).unwrap();
        }
        let bomb = w.finish().unwrap().into_inner();
        assert!(bomb.len() < 2_000_000, "the bomb is small: {}", bomb.len());
        let why = unreadable(Temp::new("bomb.docx", &bomb).extract());
        assert!(why.contains("unpacks to more than"), "{why}");
        // A document holding an object in an old format: not fully readable.
        let docx = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document><w:body><w:p><w:r><w:t>See the table</w:t></w:r></w:p></w:body></w:document>"),
            ("word/embeddings/oleObject1.bin", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
            ("word/media/image1.png", b"\x89PNG a logo"),
        ]);
        let why = unreadable(Temp::new("ole.docx", &docx).extract());
        assert!(why.contains("word/embeddings/oleObject1.bin kept inside it cannot be read"), "{why}");
        // A workbook whose every cell names one long shared string: bounded.
        let long = format!("<sst><si><t>{}</t></si></sst>", "x".repeat(1 << 20));
        let cells = "<c t=\"s\"><v>0</v></c>".repeat(40);
        let sheet = format!("<worksheet><sheetData>{}</sheetData></worksheet>", format!("<row>{cells}</row>").repeat(1000));
        let xlsx = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/sharedStrings.xml", long.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ]);
        let why = unreadable(Temp::new("wide.xlsx", &xlsx).extract());
        assert!(why.contains("more than the 32 MB of text"), "{why}");
        // A zip that is not a document.
        let z = zip_of(&[("a.pdf", b"%PDF-")]);
        assert!(unreadable(Temp::new("pack.zip", &z).extract()).contains("zip archive"));
    }
}
