//! Meeting papers: read for withheld names before anything is published,
//! and published only when a meeting links to them.

use crate::common::*;

/// The fixture's withheld person (ccgs/alpha/interests.yaml).
const WITHHELD: &str = "Hidden Secretperson";
const MEETING: &str = "ccgs/alpha/meetings/2016-01-14.md";
const PAPER: &str = "ccgs/alpha/papers/2016-01-14/merger.pdf";

/// Links a second paper, `file`, from the fixture meeting's merger item.
fn link(fx: &Fixture, file: &str) {
    fx.edit(
        MEETING,
        "      - title: NHS England guidance",
        &format!("      - title: Annex\n        file: {file}\n      - title: NHS England guidance"),
    );
}

/// Builds once, then checks that a paper naming the withheld person fails
/// `check` and `build` at the meeting's line, leaving the site as it was.
fn refused(fx: &Fixture, at: &str) {
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains(&format!("{MEETING}:{at}: error: paper `")), "{}", check.stderr);
    assert!(
        check.stderr.contains("names a person whose register entry is withheld (ccgs/alpha/interests.yaml, line 19)"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("remove the name from the paper, or do not publish the paper"), "{}", check.stderr);
    assert!(!check.stderr.contains(WITHHELD), "the message does not print the name: {}", check.stderr);
    let before = all_files(&fx.site());
    let build = fx.build(&[]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(build.stderr.contains(&format!("{MEETING}:{at}: error: paper `")), "{}", build.stderr);
    assert_eq!(all_files(&fx.site()), before, "a failed build leaves the site as it was");
}

fn built_first(fx: &Fixture) {
    let first = fx.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
}

#[test]
fn a_withheld_name_in_a_linked_pdf_stops_check_and_build() {
    let fx = Fixture::new("minimal");
    built_first(&fx);
    // The name split over two lines of the page, in capitals: still found.
    fx.write_bytes(PAPER, &pdf_with_text(&["Merger proposal", "Presented by Dr HIDDEN", "SECRETPERSON, GP member"]));
    refused(&fx, "15:15");
}

#[test]
fn a_withheld_name_in_a_linked_docx_or_text_paper_stops_check_and_build() {
    // In a Word document's author details only.
    let fx = Fixture::new("minimal");
    built_first(&fx);
    let core = format!(
        "<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\"><dc:title>Annex</dc:title><dc:creator>{WITHHELD}</dc:creator></cp:coreProperties>"
    );
    let docx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        (
            "word/document.xml",
            b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>Annex to the merger proposal</w:t></w:r></w:p></w:body></w:document>",
        ),
        ("docProps/core.xml", core.as_bytes()),
    ]);
    fx.write_bytes("ccgs/alpha/papers/2016-01-14/annex.docx", &docx);
    link(&fx, "papers/2016-01-14/annex.docx");
    refused(&fx, "17:15");

    // In a group's text paper.
    let fx = Fixture::new("minimal");
    built_first(&fx);
    fx.write("groups/pair/papers/joint.csv", &format!("name,role\n{},GP member\n", WITHHELD.to_lowercase()));
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(
            "groups/pair/meetings/2016-01-14.md:10:15: error: paper `papers/joint.csv` names a person whose register entry is withheld"
        ),
        "{}",
        check.stderr
    );
    let before = all_files(&fx.site());
    assert_eq!(fx.build(&[]).code, 1);
    assert_eq!(all_files(&fx.site()), before);
}

#[test]
fn a_paper_no_meeting_links_is_not_published() {
    let fx = Fixture::new("minimal");
    fx.write_bytes("ccgs/alpha/papers/2016-01-14/old-draft.pdf", &pdf_with_text(&["An earlier draft"]));
    // Unlinked papers are not read for names either: they are not published.
    fx.write("ccgs/alpha/papers/notes.txt", &format!("Notes by {WITHHELD}\n"));
    let check = fx.check(&[]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    for rel in ["ccgs/alpha/papers/2016-01-14/old-draft.pdf", "ccgs/alpha/papers/notes.txt"] {
        assert!(
            check.stderr.contains(&format!("{rel}: warning: not linked from any meeting, so not published")),
            "{rel}: {}",
            check.stderr
        );
    }
    let build = fx.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stdout.contains("copied 2 files"), "only the linked papers are counted: {}", build.stdout);
    assert!(!fx.site().join("ccgs/alpha/papers/2016-01-14/old-draft.pdf").exists());
    assert!(!fx.site().join("ccgs/alpha/papers/notes.txt").exists());
    assert!(fx.site().join(PAPER).exists(), "the linked paper is published");
    let everything = all_files(&fx.site());
    assert!(!everything.iter().any(|(_, bytes)| String::from_utf8_lossy(bytes).contains(WITHHELD)));
}

/// A paper that cannot be read for names, linked from the fixture meeting.
fn unreadable_paper_linked(fx: &Fixture) {
    // A scan: a page that only paints an image.
    fx.write_bytes("ccgs/alpha/papers/2016-01-14/scan.pdf", &pdf_with_content(b"q 595 0 0 842 0 0 cm /Im1 Do Q"));
    link(fx, "papers/2016-01-14/scan.pdf");
}

#[test]
fn a_paper_that_cannot_be_read_stops_the_build_when_a_name_is_withheld() {
    let fx = Fixture::new("minimal");
    built_first(&fx);
    unreadable_paper_linked(&fx);
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(&format!(
            "{MEETING}:17:15: error: paper `papers/2016-01-14/scan.pdf` cannot be read for withheld names: it has no text layer"
        )),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("add `checked_by_eye: true` to this paper"), "says how to vouch for it: {}", check.stderr);
    assert_eq!(check.stderr.matches("cannot be read for withheld names").count(), 1, "one error: {}", check.stderr);
    let before = all_files(&fx.site());
    let build = fx.build(&[]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build.stderr.contains(&format!("{MEETING}:17:15: error: paper `papers/2016-01-14/scan.pdf` cannot be read")),
        "{}",
        build.stderr
    );
    assert_eq!(all_files(&fx.site()), before, "a failed build leaves the site as it was");

    // A damaged Word document and a picture, likewise.
    let fx = Fixture::new("minimal");
    fx.write_bytes("ccgs/alpha/papers/2016-01-14/scan.docx", b"PK\x03\x04 cut short");
    link(&fx, "papers/2016-01-14/scan.docx");
    fx.write_bytes("groups/pair/papers/photo.jpg", b"\xFF\xD8\xFF\xE0 a photograph");
    fx.edit(
        "groups/pair/meetings/2016-01-14.md",
        "        file: papers/joint.csv",
        "        file: papers/joint.csv\n      - title: Photo\n        file: papers/photo.jpg",
    );
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("error: paper `papers/2016-01-14/scan.docx` cannot be read for withheld names: it is damaged"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains(
            "groups/pair/meetings/2016-01-14.md:12:15: error: paper `papers/photo.jpg` cannot be read for withheld names: it is an image"
        ),
        "{}",
        check.stderr
    );
}

#[test]
fn a_paper_checked_by_eye_is_published_though_it_cannot_be_read() {
    let fx = Fixture::new("minimal");
    unreadable_paper_linked(&fx);
    fx.edit(MEETING, "        file: papers/2016-01-14/scan.pdf", "        file: papers/2016-01-14/scan.pdf\n        checked_by_eye: true");
    let build = fx.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("scan.pdf"), "nothing to say: {}", build.stderr);
    assert!(fx.site().join("ccgs/alpha/papers/2016-01-14/scan.pdf").exists());

    // A person's word does not outweigh a name the reader finds.
    fx.write_bytes("ccgs/alpha/papers/2016-01-14/scan.pdf", &pdf_with_text(&[&format!("Chaired by {WITHHELD}")]));
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("paper `papers/2016-01-14/scan.pdf` names a person whose register entry is withheld"),
        "{}",
        check.stderr
    );
}

#[test]
fn papers_are_not_read_when_no_name_is_withheld() {
    let fx = Fixture::new("minimal");
    fx.edit("ccgs/alpha/interests.yaml", "    withheld: true\n", "");
    fx.write_bytes("ccgs/alpha/papers/2016-01-14/scan.pdf", &pdf_with_content(b"q 595 0 0 842 0 0 cm /Im1 Do Q"));
    link(&fx, "papers/2016-01-14/scan.pdf");
    let check = fx.check(&[]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(!check.stderr.contains("scan.pdf"), "nothing to look for, nothing said: {}", check.stderr);
}

/// Checks that `check` refuses the fixture meeting's annex, linked at line
/// 17, for naming the withheld person, without printing the name.
fn annex_refused(fx: &Fixture, file: &str, name: &str) {
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{file}: {}", check.stderr);
    assert!(
        check.stderr.contains(&format!(
            "{MEETING}:17:15: error: paper `{file}` names a person whose register entry is withheld (ccgs/alpha/interests.yaml, line 19)"
        )),
        "{file}: {}",
        check.stderr
    );
    for word in name.split_whitespace() {
        assert!(!check.stderr.contains(word), "{file}: the message does not print the name: {}", check.stderr);
    }
}

#[test]
fn a_pdf_printed_by_a_browser_is_read_as_its_words() {
    // Chromium's "Save as PDF" places every glyph on its own: read by
    // position, each fixture's sentence names the person.
    let fx = Fixture::new("minimal");
    fx.edit("ccgs/alpha/interests.yaml", "name: Hidden Secretperson", "name: Dr Quentin Zyborg");
    let dir = repo().join("tests/fixtures/papers");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    fixtures.retain(|p| p.file_name().unwrap().to_string_lossy().starts_with("chromium-"));
    assert!(fixtures.len() >= 6, "{fixtures:?}");
    link(&fx, "papers/2016-01-14/annex.pdf");
    for pdf in fixtures {
        fx.write_bytes("ccgs/alpha/papers/2016-01-14/annex.pdf", &std::fs::read(&pdf).unwrap());
        annex_refused(&fx, "papers/2016-01-14/annex.pdf", "Quentin Zyborg");
    }
}

#[test]
fn a_withheld_name_in_any_part_of_an_office_file_stops_the_build() {
    let fx = Fixture::new("minimal");
    link(&fx, "papers/2016-01-14/annex.docx");
    let body: &[u8] =
        b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>Annex to the merger proposal</w:t></w:r></w:p></w:body></w:document>";
    // Only in a link's target: an email address or a file path.
    for target in ["mailto:hidden.secretperson@example.nhs.uk", "file:///C:/Users/Hidden.Secretperson/Documents/annex.docx"] {
        let rels = format!(
            "<Relationships xmlns=\"r\"><Relationship Id=\"rId9\" Type=\"hyperlink\" Target=\"{target}\" TargetMode=\"External\"/></Relationships>"
        );
        let docx =
            zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", body), ("word/_rels/document.xml.rels", rels.as_bytes())]);
        fx.write_bytes("ccgs/alpha/papers/2016-01-14/annex.docx", &docx);
        annex_refused(&fx, "papers/2016-01-14/annex.docx", WITHHELD);
    }
    // Only in a workbook kept inside the document (a chart's data), whose
    // cells hold the surname and first name in two columns, written in
    // another order in the shared strings.
    let shared = b"<sst><si><t>Hidden</t></si><si><t>Surname</t></si><si><t>First name</t></si><si><t>Other</t></si><si><t>Secretperson</t></si></sst>";
    let sheet = b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>2</v></c></row>\
<row r=\"2\"><c r=\"A2\" t=\"s\"><v>4</v></c><c r=\"B2\" t=\"s\"><v>0</v></c></row><row r=\"3\"><c t=\"s\"><v>3</v></c></row></sheetData></worksheet>";
    let xlsx = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("xl/sharedStrings.xml", shared), ("xl/worksheets/sheet1.xml", sheet)]);
    let docx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", body),
        ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", &xlsx),
    ]);
    fx.write_bytes("ccgs/alpha/papers/2016-01-14/annex.docx", &docx);
    annex_refused(&fx, "papers/2016-01-14/annex.docx", WITHHELD);
    // The workbook on its own.
    let fx = Fixture::new("minimal");
    link(&fx, "papers/2016-01-14/annex.xlsx");
    fx.write_bytes("ccgs/alpha/papers/2016-01-14/annex.xlsx", &xlsx);
    annex_refused(&fx, "papers/2016-01-14/annex.xlsx", WITHHELD);
}

#[test]
fn a_withheld_name_in_rtf_or_an_email_stops_the_build() {
    let fx = Fixture::new("minimal");
    link(&fx, "papers/2016-01-14/annex.rtf");
    // The name spelt with an escaped letter and a formatting change inside it.
    fx.write("ccgs/alpha/papers/2016-01-14/annex.rtf", "{\\rtf1\\ansi Presented by Hidden Secr\\'65t{\\b person}\\par}");
    annex_refused(&fx, "papers/2016-01-14/annex.rtf", WITHHELD);
    // Only in the comment's author.
    fx.write("ccgs/alpha/papers/2016-01-14/annex.rtf", "{\\rtf1 Annex{\\*\\annotation{\\*\\atnauthor Hidden Secretperson} ok}\\par}");
    annex_refused(&fx, "papers/2016-01-14/annex.rtf", WITHHELD);

    let fx = Fixture::new("minimal");
    link(&fx, "papers/2016-01-14/annex.eml");
    // In a base64 body: "Minutes taken by Hidden Secretperson."
    let eml = "From: office@example.nhs.uk\r\nSubject: Minutes\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
               Content-Transfer-Encoding: base64\r\n\r\nTWludXRlcyB0YWtlbiBieSBIaWRkZW4gU2VjcmV0cGVyc29uLg==\r\n";
    fx.write("ccgs/alpha/papers/2016-01-14/annex.eml", eml);
    annex_refused(&fx, "papers/2016-01-14/annex.eml", WITHHELD);
    // In a quoted-printable one, split by a soft line break.
    let eml = "From: office@example.nhs.uk\r\nSubject: Minutes\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBy Hidden Secret=\r\nperson=2E\r\n";
    fx.write("ccgs/alpha/papers/2016-01-14/annex.eml", eml);
    annex_refused(&fx, "papers/2016-01-14/annex.eml", WITHHELD);
}

#[test]
fn papers_that_could_run_script_on_the_site_are_refused() {
    // Whether or not any name is withheld.
    let fx = Fixture::new("minimal");
    fx.edit("ccgs/alpha/interests.yaml", "    withheld: true\n", "");
    link(&fx, "papers/2016-01-14/chart.svg");
    let plain =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"5\" height=\"5\"/><text>Spend</text></svg>";
    fx.write("ccgs/alpha/papers/2016-01-14/chart.svg", plain);
    let build = fx.build(&[]);
    assert_eq!(build.code, 0, "a drawing without script is published: {}", build.stderr);
    assert!(fx.site().join("ccgs/alpha/papers/2016-01-14/chart.svg").exists());

    for svg in [
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.domain)</script></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><iframe xmlns=\"http://www.w3.org/1999/xhtml\" src=\"x\"/></foreignObject></svg>",
    ] {
        fx.write("ccgs/alpha/papers/2016-01-14/chart.svg", svg);
        let before = all_files(&fx.site());
        for run in [fx.check(&[]), fx.build(&[])] {
            assert_eq!(run.code, 1, "{svg}: {}", run.stderr);
            assert!(
                run.stderr.contains(&format!(
                    "{MEETING}:17:15: error: paper `papers/2016-01-14/chart.svg` is not published: it is a drawing (SVG) that holds"
                )),
                "{svg}: {}",
                run.stderr
            );
        }
        assert_eq!(all_files(&fx.site()), before, "a failed build leaves the site as it was");
    }

    // A web page is not a kind of paper the site publishes at all.
    let fx = Fixture::new("minimal");
    fx.write("ccgs/alpha/papers/2016-01-14/annex.html", "<p>Annex</p>");
    link(&fx, "papers/2016-01-14/annex.html");
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(&format!(
            "{MEETING}:17:15: error: paper `papers/2016-01-14/annex.html` is not published: a .html file is a web page or markup"
        )),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("save it as a PDF"), "{}", check.stderr);
    assert!(!check.stderr.contains("cannot be read for withheld names"), "one error for the paper: {}", check.stderr);
}

fn stream_of(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// A one-page PDF whose page says `page`, with `extra` objects from 6 on
/// and `annots` / `catalog` added to the page and the catalog.
fn pdf_page(page: &str, catalog: &str, annots: &str, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        format!("<< /Type /Catalog /Pages 2 0 R {catalog} >>").into_bytes(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R {annots} >>")
            .into_bytes(),
        stream_of("", format!("BT /F1 11 Tf 72 760 Td ({page}) Tj ET").as_bytes()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    objects.extend_from_slice(extra);
    pdf_of(&objects)
}

#[test]
fn a_withheld_name_anywhere_in_a_pdf_stops_the_build() {
    let fx = Fixture::new("minimal");
    link(&fx, "papers/2016-01-14/annex.pdf");
    let paper = "ccgs/alpha/papers/2016-01-14/annex.pdf";
    // Only in what a stamp annotation shows.
    let appearance = stream_of(
        "/Type /XObject /Subtype /Form /BBox [0 0 200 20] /Resources << /Font << /F1 5 0 R >> >>",
        format!("BT /F1 9 Tf 2 6 Td (Approved: {WITHHELD}) Tj ET").as_bytes(),
    );
    let annot = b"<< /Type /Annot /Subtype /Stamp /Rect [300 700 500 720] /AP << /N 7 0 R >> >>".to_vec();
    fx.write_bytes(paper, &pdf_page("Annex", "", "/Annots [6 0 R]", &[annot, appearance]));
    annex_refused(&fx, "papers/2016-01-14/annex.pdf", WITHHELD);
    // Only in an attached file.
    let attached = pdf_page(&format!("Minutes taken by {WITHHELD}"), "", "", &[]);
    let filespec = b"<< /Type /Filespec /F (minutes.pdf) /EF << /F 7 0 R >> >>".to_vec();
    let names = "/Names << /EmbeddedFiles << /Names [(minutes.pdf) 6 0 R] >> >>";
    fx.write_bytes(paper, &pdf_page("Annex", names, "", &[filespec, stream_of("/Type /EmbeddedFile", &attached)]));
    annex_refused(&fx, "papers/2016-01-14/annex.pdf", WITHHELD);
    // Only in the version before the last save: the page's words were
    // replaced by an incremental update, which keeps the old ones.
    let mut pdf = pdf_page(&format!("Draft by {WITHHELD}"), "", "", &[]);
    let text = String::from_utf8_lossy(&pdf).into_owned();
    let prev: usize = text.rsplit("startxref").next().unwrap().split_whitespace().next().unwrap().parse().unwrap();
    let at = pdf.len();
    pdf.extend_from_slice(b"4 0 obj\n");
    pdf.extend_from_slice(&stream_of("", b"BT /F1 11 Tf 72 760 Td (Annex, final) Tj ET"));
    pdf.extend_from_slice(b"\nendobj\n");
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n4 1\n{at:010} 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    fx.write_bytes(paper, &pdf);
    annex_refused(&fx, "papers/2016-01-14/annex.pdf", WITHHELD);

    // A page whose font does not say which letters it draws cannot be read.
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream_of("", b"BT /F1 11 Tf 72 760 Td (Annex) Tj /F2 11 Tf 0 -14 Td <0102030405> Tj ET"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        b"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Font /FontDescriptor 7 0 R >>".to_vec(),
        b"<< /Type /FontDescriptor /FontName /ABCDEF+Font /Flags 4 /FontFile2 8 0 R >>".to_vec(),
        stream_of("", b"a font program"),
    ];
    fx.write_bytes(paper, &pdf_of(&objects));
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(&format!(
            "{MEETING}:17:15: error: paper `papers/2016-01-14/annex.pdf` cannot be read for withheld names: page 1 shows letters in a font \
             that does not say which letters they are"
        )),
        "{}",
        check.stderr
    );
}
