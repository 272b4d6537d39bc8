//! The words of a meeting paper, read so that `validate` can look in them
//! for withheld names. A leaf: it knows files and formats, nothing of the
//! content model.
//!
//! Read: PDF (the text layer of every page, with annotations, bookmarks, the
//! document information and XMP metadata); zipped office documents, DOCX,
//! XLSX, PPTX and the OpenDocument ODT, ODS, ODP (every XML part: body,
//! headers, footers, notes, comments, sheets, slides, and the author
//! metadata, attribute values included, since a comment's or a tracked
//! change's author is one); and plain text (TXT, CSV, Markdown, JSON, and
//! HTML or XML with the tags taken out). Images, sound and video hold no
//! text to read ([`Extracted::NotText`]); anything else that cannot be read,
//! such as a scan without a text layer or a file locked by a password, says
//! why ([`Extracted::Unreadable`]).
//!
//! Every read is bounded: the bytes read from a file, the bytes inflated
//! from a zip or a PDF stream, the text kept and, for a PDF, the time spent
//! on its pages. A fault in the PDF reader is caught, not passed on.
//!
//! Here: which reader a file goes to, and the bounds of every read.
//! `pdf.rs` reads PDF, `office.rs` zipped office documents, `text.rs`
//! plain text and the text of markup (HTML, XML, the office documents'
//! parts, XMP metadata).

use std::io::{Read, Seek};
use std::path::Path;
use std::time::Duration;

mod mail;
mod office;
mod pdf;
mod rtf;
mod script;
mod text;

pub(crate) use script::refused;

use mail::{email, looks_like_email};
use office::zipped;
use pdf::pdf;
use rtf::rtf;
use text::{Markup, decode_text};

/// What a paper holds, as far as reading it for names goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Extracted {
    /// The paper's words (paragraphs and cells apart, so words do not fuse).
    Text(String),
    /// An image, sound or video: nothing written to read.
    NotText,
    /// It should hold words but they cannot be read; why, in plain words.
    Unreadable(String),
}

/// Largest file read whole into memory (a PDF, a text file).
const MAX_FILE: u64 = 64 * 1024 * 1024;
/// Most text kept from one paper.
const MAX_TEXT: usize = 32 * 1024 * 1024;
/// Most bytes inflated from the parts of one zipped document.
const MAX_ZIP_READ: u64 = 128 * 1024 * 1024;
/// Most parts of one zipped document read.
const MAX_ZIP_PARTS: usize = 20_000;
/// Largest single PDF stream inflated while the file is loaded.
const MAX_PDF_STREAM: usize = 32 * 1024 * 1024;
/// Most page content inflated from one PDF, all pages together.
const MAX_PDF_CONTENT: usize = 128 * 1024 * 1024;
/// Largest font character map inflated.
const MAX_PDF_CMAP: usize = 4 * 1024 * 1024;
/// Deepest form (a drawing reused by pages) followed inside another.
const MAX_FORM_DEPTH: usize = 8;
/// Time spent on one PDF's pages before giving up.
const PDF_DEADLINE: Duration = Duration::from_secs(120);
/// Most earlier revisions of one PDF read.
const MAX_PDF_REVISIONS: usize = 16;
/// Deepest file read inside another (an attachment of a PDF, a workbook
/// inside a Word document, an email's attachment).
const MAX_DEPTH: usize = 3;

fn mb(n: u64) -> u64 {
    n / (1024 * 1024)
}

/// Reads the words of the file at `path`. Never panics.
#[cfg(test)]
pub(crate) fn extract(path: &Path) -> Extracted {
    guarded(|| extract_unguarded(path, None))
}

/// Reads the words of `file`, opened already (by `stamp`, so that the file
/// read is the one checked); `path` names it (its extension tells its
/// kind). Never panics.
pub(crate) fn extract_open(file: std::fs::File, path: &Path) -> Extracted {
    guarded(std::panic::AssertUnwindSafe(|| extract_unguarded(path, Some(file))))
}

fn guarded(read: impl FnOnce() -> Extracted + std::panic::UnwindSafe) -> Extracted {
    match std::panic::catch_unwind(read) {
        Ok(e) => e,
        Err(_) => Extracted::Unreadable("the reader stopped on something in this file it could not handle".into()),
    }
}

const NOT_TEXT: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "heic", "heif", "ico", "avif", "mp3", "wav", "m4a", "ogg", "oga", "flac",
    "aac", "wma", "mp4", "m4v", "mov", "avi", "wmv", "webm", "mkv", "mpg", "mpeg",
];
const PLAIN: &[&str] = &["txt", "text", "csv", "tsv", "md", "markdown", "json", "yaml", "yml", "ics", "log"];
const MARKUP: &[&str] = &["html", "htm", "xhtml", "xml", "svg"];
const OFFICE: &[&str] = &[
    "docx", "docm", "dotx", "xlsx", "xlsm", "xltx", "pptx", "pptm", "ppsx", "potx", "odt", "ott", "ods", "ots", "odp", "otp", "odg", "fodt",
];
const OLD_OFFICE: &[&str] = &["doc", "dot", "xls", "xlt", "ppt", "pps", "msg"];

fn extract_unguarded(path: &Path, file: Option<std::fs::File>) -> Extracted {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if NOT_TEXT.contains(&ext.as_str()) {
        return Extracted::NotText;
    }
    let mut file = match file.map_or_else(|| std::fs::File::open(path), Ok) {
        Ok(f) => f,
        Err(e) => return Extracted::Unreadable(format!("it cannot be opened ({e})")),
    };
    let mut head = Vec::with_capacity(1024);
    if let Err(e) = (&mut file).take(1024).read_to_end(&mut head) {
        return Extracted::Unreadable(format!("it cannot be read ({e})"));
    }
    // A zipped document is read part by part, never whole.
    if is_zip(&head) || (OFFICE.contains(&ext.as_str()) && !head.starts_with(OLE)) {
        return zipped(std::io::BufReader::new(file), &ext, 0);
    }
    match read_whole(file) {
        Ok(bytes) => extract_bytes(&bytes, &ext, 0),
        Err(why) => Extracted::Unreadable(why),
    }
}

/// The first bytes of an OLE compound file: old Office formats, and new
/// ones locked with a password.
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Pictures, sound and video, known by their first bytes (a file inside
/// another has no name to go by).
fn is_media(head: &[u8]) -> bool {
    const MAGIC: &[&[u8]] =
        &[b"\x89PNG", b"\xFF\xD8\xFF", b"GIF8", b"BM", b"II*\0", b"MM\0*", b"\0\0\x01\0", b"ID3", b"OggS", b"fLaC", b"\x1A\x45\xDF\xA3"];
    MAGIC.iter().any(|m| head.starts_with(m))
        || (head.len() >= 12 && &head[..4] == b"RIFF" && matches!(&head[8..12], b"WEBP" | b"WAVE" | b"AVI "))
        || (head.len() >= 12 && &head[4..8] == b"ftyp")
        // Windows metafiles, the pictures Office keeps of embedded objects.
        || head.starts_with(b"\xD7\xCD\xC6\x9A")
        || head.starts_with(b"\x01\0\0\0")
}

/// Reads the words of a file held in memory: a paper, or a file inside one
/// (`depth` files deep). `ext` is its extension, lower case, or empty.
pub(super) fn extract_bytes(bytes: &[u8], ext: &str, depth: usize) -> Extracted {
    if depth > MAX_DEPTH {
        return Extracted::Unreadable("it holds files inside files inside files, deeper than are read for names".into());
    }
    if NOT_TEXT.contains(&ext) || (ext.is_empty() && is_media(bytes)) {
        return Extracted::NotText;
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(OLE) {
        return Extracted::Unreadable(if ext.is_empty() {
            "it holds a file in an old Office format, or one locked with a password, whose words cannot be read".into()
        } else if !OLD_OFFICE.contains(&ext) {
            "it is locked with a password, or saved in an old Office format, so its words cannot be read".into()
        } else {
            format!("the old Office format (.{ext}) cannot be read: save it as a PDF or in the newer format (.{ext}x)")
        });
    }
    if is_zip(head) || OFFICE.contains(&ext) {
        return zipped(std::io::Cursor::new(bytes), ext, depth);
    }
    let is_pdf = memchr::memmem::find(head, b"%PDF-").is_some();
    if is_pdf || ext == "pdf" {
        return pdf(bytes, depth);
    }
    if ext == "rtf" || head.starts_with(b"{\\rtf") {
        return rtf(bytes, depth);
    }
    if ext == "eml" || (ext.is_empty() && looks_like_email(head)) {
        return email(bytes, depth);
    }
    let text_like = !head.contains(&0) || head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    if !text_like && !PLAIN.contains(&ext) && !MARKUP.contains(&ext) {
        return Extracted::Unreadable(if ext.is_empty() {
            "it is not a kind of file that can be read for names".into()
        } else {
            format!("a .{ext} file is not a kind that can be read for names")
        });
    }
    let text = decode_text(bytes);
    if MARKUP.contains(&ext) || (!PLAIN.contains(&ext) && text.trim_start().starts_with('<')) {
        let mut out = Markup::default();
        // HTML as a browser reads it; XML (XHTML, SVG, feeds) as XML, or as
        // HTML if it is not well-formed.
        if matches!(ext, "html" | "htm") || !(matches!(ext, "xhtml" | "xml" | "svg") || text.trim_start().starts_with("<?xml")) {
            out.strip_html(&text, false);
        } else {
            out.strip_xml(&text, false);
        }
        return out.finish();
    }
    Extracted::Text(text)
}

/// The rest of an open file (its first bytes were peeked), at most [`MAX_FILE`].
fn read_whole(mut file: std::fs::File) -> Result<Vec<u8>, String> {
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > MAX_FILE {
        return Err(format!("it is {} MB, larger than the {} MB read for names", mb(len), mb(MAX_FILE)));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.rewind().map_err(|e| format!("it cannot be read ({e})"))?;
    file.take(MAX_FILE + 1).read_to_end(&mut bytes).map_err(|e| format!("it cannot be read ({e})"))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(format!("it is larger than the {} MB read for names", mb(MAX_FILE)));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A file written for one test, removed after it.
    pub(super) struct Temp(PathBuf);

    impl Temp {
        pub(super) fn new(name: &str, bytes: &[u8]) -> Temp {
            static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "ccgpages-papertext-{}-{}",
                std::process::id(),
                N.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            ));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            Temp(path)
        }
        pub(super) fn extract(&self) -> Extracted {
            extract(&self.0)
        }
    }

    impl Drop for Temp {
        fn drop(&mut self) {
            if let Some(dir) = self.0.parent() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }

    pub(super) fn text(e: Extracted) -> String {
        match e {
            Extracted::Text(t) => t,
            other => panic!("expected text, got {other:?}"),
        }
    }

    pub(super) fn unreadable(e: Extracted) -> String {
        match e {
            Extracted::Unreadable(why) => why,
            other => panic!("expected unreadable, got {other:?}"),
        }
    }

    /// Words with single spaces, for comparing.
    pub(super) fn words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn plain_text_and_markup() {
        assert_eq!(text(Temp::new("a.txt", "Vic Wu\n".as_bytes()).extract()), "Vic Wu\n");
        assert_eq!(text(Temp::new("a.csv", b"name,role\nXena Yu,chair\n").extract()), "name,role\nXena Yu,chair\n");
        // Windows-1252 and UTF-16 files keep their letters.
        assert_eq!(text(Temp::new("b.txt", b"Zo\xEB").extract()), "Zoë");
        assert_eq!(text(Temp::new("c.txt", b"\xFF\xFEA\0b\0").extract()), "Ab");
        let html = b"<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body><p>Amy&nbsp;<b>Bo</b>nd</p><p>x</p><img src=\"a.png\" alt=\"Photo of Cy D&#233;\"><!-- draft by Di Ew --></body></html>";
        let w = words(&text(Temp::new("p.html", html).extract()));
        for want in ["Amy Bond", "Photo of Cy Dé", "draft by Di Ew"] {
            assert!(w.contains(want), "{want} not in {w}");
        }
        assert!(!w.contains("Bondx"), "{w}");
        assert_eq!(extract(Path::new("/nonexistent/x.png")), Extracted::NotText);
        assert_eq!(Temp::new("p.JPG", b"\xFF\xD8\xFF").extract(), Extracted::NotText);
        assert!(unreadable(Temp::new("x.bin", b"\0\x01\x02").extract()).contains(".bin"));
        assert!(unreadable(extract(Path::new("/nonexistent/x.pdf"))).contains("cannot be opened"));
    }
}
