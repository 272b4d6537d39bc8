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

use std::io::{Read, Seek};
use std::path::Path;
use std::time::{Duration, Instant};

/// What a paper holds, as far as reading it for names goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extracted {
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

fn mb(n: u64) -> u64 {
    n / (1024 * 1024)
}

/// Reads the words of the file at `path`. Never panics.
pub fn extract(path: &Path) -> Extracted {
    match std::panic::catch_unwind(|| extract_unguarded(path)) {
        Ok(e) => e,
        Err(_) => Extracted::Unreadable("the reader stopped on something in this file it could not handle".into()),
    }
}

const NOT_TEXT: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "heic", "heif", "ico", "avif", "mp3", "wav", "m4a", "ogg", "oga", "flac",
    "aac", "wma", "mp4", "m4v", "mov", "avi", "wmv", "webm", "mkv", "mpg", "mpeg",
];
const PLAIN: &[&str] = &["txt", "text", "csv", "tsv", "md", "markdown", "json", "yaml", "yml", "ics", "rtf", "log"];
const MARKUP: &[&str] = &["html", "htm", "xhtml", "xml", "svg"];
const OFFICE: &[&str] = &[
    "docx", "docm", "dotx", "xlsx", "xlsm", "xltx", "pptx", "pptm", "ppsx", "potx", "odt", "ott", "ods", "ots", "odp", "otp", "odg", "fodt",
];
const OLD_OFFICE: &[&str] = &["doc", "dot", "xls", "xlt", "ppt", "pps", "msg"];

fn extract_unguarded(path: &Path) -> Extracted {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if NOT_TEXT.contains(&ext.as_str()) {
        return Extracted::NotText;
    }
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Extracted::Unreadable(format!("it cannot be opened ({e})")),
    };
    let mut head = Vec::with_capacity(1024);
    if let Err(e) = (&mut file).take(1024).read_to_end(&mut head) {
        return Extracted::Unreadable(format!("it cannot be read ({e})"));
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Extracted::Unreadable(if !OLD_OFFICE.contains(&ext.as_str()) {
            "it is locked with a password, or saved in an old Office format, so its words cannot be read".into()
        } else {
            format!("the old Office format (.{ext}) cannot be read: save it as a PDF or in the newer format (.{ext}x)")
        });
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") || OFFICE.contains(&ext.as_str()) {
        return zipped(file, &ext);
    }
    let is_pdf = memchr::memmem::find(&head, b"%PDF-").is_some();
    let text_like = !head.contains(&0);
    if !is_pdf && !text_like && !PLAIN.contains(&ext.as_str()) && !MARKUP.contains(&ext.as_str()) {
        return Extracted::Unreadable(if ext.is_empty() {
            "it is not a kind of file that can be read for names".into()
        } else {
            format!("a .{ext} file is not a kind that can be read for names")
        });
    }
    let bytes = match read_whole(file) {
        Ok(b) => b,
        Err(why) => return Extracted::Unreadable(why),
    };
    if is_pdf || ext == "pdf" {
        return pdf(&bytes);
    }
    let text = decode_text(&bytes);
    if MARKUP.contains(&ext.as_str()) || (!PLAIN.contains(&ext.as_str()) && text.trim_start().starts_with('<')) {
        let mut out = Markup::default();
        out.strip(&text, false);
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

/// Text in UTF-8, or UTF-16 with a byte order mark; other bytes are taken as
/// Latin-1, which keeps the letters of a Windows file.
fn decode_text(bytes: &[u8]) -> String {
    let utf16 = |be: bool| {
        let units =
            bytes[2..].chunks_exact(2).map(|c| if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) });
        char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()
    };
    if bytes.starts_with(b"\xFF\xFE") {
        return utf16(false);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return utf16(true);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

// ---------------------------------------------------------------------------
// Markup: XML and HTML.

/// Elements that end a word: paragraphs, cells, rows, line and tab breaks
/// (OOXML, OpenDocument, HTML), and the ones holding a comment's author.
/// Elements inside a paragraph (runs, spans, spelling marks) do not: a word
/// is often split across runs.
const BREAKS: &[&str] = &[
    "p",
    "h",
    "tc",
    "tr",
    "td",
    "th",
    "c",
    "row",
    "si",
    "br",
    "cr",
    "tab",
    "s",
    "line-break",
    "table-cell",
    "covered-table-cell",
    "table-row",
    "list-item",
    "note-citation",
    "footnote",
    "endnote",
    "comment",
    "author",
    "creator",
    "date",
    "initials",
    "txbxContent",
    "div",
    "li",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "title",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "hr",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "option",
    "caption",
    "figcaption",
    "label",
    "button",
    "img",
];

/// Text and attribute values taken out of markup, within [`MAX_TEXT`].
#[derive(Default)]
struct Markup {
    text: String,
    /// Attribute values, one a line: authors of comments and tracked
    /// changes, image descriptions, display names.
    attrs: String,
    full: bool,
}

impl Markup {
    fn room(&self) -> usize {
        MAX_TEXT.saturating_sub(self.text.len() + self.attrs.len())
    }

    fn push_text(&mut self, s: &str) {
        if s.len() > self.room() {
            self.full = true;
            return;
        }
        self.text.push_str(s);
    }

    fn push_attr(&mut self, s: &str) {
        if s.len() + 1 > self.room() {
            self.full = true;
            return;
        }
        self.attrs.push_str(s);
        self.attrs.push('\n');
    }

    fn brk(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
            self.text.push('\n');
        }
    }

    /// Takes the text out of `xml`. `every_tag` ends a word at every tag
    /// (metadata, whose elements each hold one value).
    fn strip(&mut self, xml: &str, every_tag: bool) {
        let mut rest = xml;
        while !rest.is_empty() && !self.full {
            let Some(lt) = rest.find('<') else {
                self.push_text(&decode_entities(rest));
                break;
            };
            if lt > 0 {
                self.push_text(&decode_entities(&rest[..lt]));
            }
            rest = &rest[lt..];
            if let Some(r) = rest.strip_prefix("<!--") {
                let end = r.find("-->").unwrap_or(r.len());
                self.brk();
                self.push_text(&decode_entities(&r[..end]));
                self.brk();
                rest = r.get(end + 3..).unwrap_or("");
            } else if let Some(r) = rest.strip_prefix("<![CDATA[") {
                let end = r.find("]]>").unwrap_or(r.len());
                self.push_text(&r[..end]);
                rest = r.get(end + 3..).unwrap_or("");
            } else if rest.starts_with("<?") || rest.starts_with("<!") {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                rest = &rest[end..];
            } else {
                rest = self.tag(&rest[1..], every_tag);
            }
        }
    }

    /// One tag, after its `<`: notes its attribute values and ends a word
    /// where the element does. Returns what follows the tag.
    fn tag<'a>(&mut self, s: &'a str, every_tag: bool) -> &'a str {
        let name_end = s.find(|c: char| c.is_whitespace() || c == '>' || c == '/' && !s.starts_with('/')).unwrap_or(s.len());
        let name = s[..name_end].trim_start_matches('/');
        let local = name.rsplit(':').next().unwrap_or(name);
        let mut rest = &s[name_end..];
        // Attributes: name="value" or name='value' (HTML also allows bare values).
        loop {
            rest = rest.trim_start();
            match rest.as_bytes().first() {
                None => break,
                Some(b'>') => {
                    rest = &rest[1..];
                    break;
                }
                Some(b'/') => {
                    rest = &rest[1..];
                    continue;
                }
                _ => {}
            }
            let key_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/').unwrap_or(rest.len());
            let key = &rest[..key_end];
            rest = rest[key_end..].trim_start();
            if key_end == 0 && !rest.starts_with('=') {
                // Stray character: skip it.
                rest = rest.get(1..).unwrap_or("");
                continue;
            }
            let Some(after_eq) = rest.strip_prefix('=') else { continue };
            let after_eq = after_eq.trim_start();
            let (value, after) = match after_eq.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after_eq[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after_eq.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after_eq.len());
                    (&after_eq[..end], &after_eq[end..])
                }
            };
            if !key.starts_with("xmlns") && !value.trim().is_empty() {
                self.push_attr(&decode_entities(value));
            }
            rest = after;
        }
        if every_tag || BREAKS.contains(&local) {
            self.brk();
        }
        rest
    }

    fn finish(self) -> Extracted {
        if self.full {
            return Extracted::Unreadable(format!("it holds more than the {} MB of text read for names", mb(MAX_TEXT as u64)));
        }
        let mut text = self.text;
        if !self.attrs.is_empty() {
            text.push('\n');
            text.push_str(&self.attrs);
        }
        Extracted::Text(text)
    }
}

/// `&amp;`, `&lt;`, `&#233;`, `&#xE9;`, `&nbsp;` and the like, read as the
/// withheld-name matcher reads them (one table of entities for both); an
/// unknown entity is kept as written.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut copied, mut from) = (0, 0);
    while let Some(p) = memchr::memchr(b'&', &bytes[from..]) {
        let amp = from + p;
        match crate::withheld::entity(bytes, amp + 1) {
            Some((c, second, end)) => {
                out.push_str(&s[copied..amp]);
                out.push(c);
                out.extend(second);
                copied = end;
                from = end;
            }
            None => from = amp + 1,
        }
    }
    out.push_str(&s[copied..]);
    out.into()
}

// ---------------------------------------------------------------------------
// Zipped office documents.

fn zipped(file: std::fs::File, ext: &str) -> Extracted {
    let mut archive = match zip::ZipArchive::new(std::io::BufReader::new(file)) {
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
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(zip::result::ZipError::UnsupportedArchive(why)) if why == zip::result::ZipError::PASSWORD_REQUIRED => {
                return Extracted::Unreadable("it is locked with a password, so its words cannot be read".into());
            }
            Err(e) => return Extracted::Unreadable(format!("it is damaged ({e})")),
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        if entry.is_dir() || !(lower.ends_with(".xml") || lower.ends_with(".vml")) {
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
        let xml = decode_text(&bytes);
        if name == "META-INF/manifest.xml" {
            // An OpenDocument saved with a password keeps its parts encrypted.
            if xml.contains("encryption-data") {
                return Extracted::Unreadable("it is locked with a password, so its words cannot be read".into());
            }
            continue;
        }
        let metadata = name.starts_with("docProps/") || name == "meta.xml";
        out.strip(&xml, metadata);
        out.brk();
        if out.full {
            break;
        }
    }
    out.finish()
}

// ---------------------------------------------------------------------------
// PDF.

fn pdf(bytes: &[u8]) -> Extracted {
    use lopdf::{Document, LoadOptions};
    let options = LoadOptions { max_decompressed_size: Some(MAX_PDF_STREAM), ..LoadOptions::default() };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(d) => d,
        Err(e) => return Extracted::Unreadable(format!("it is damaged or not a PDF ({e})")),
    };
    // Opened with the empty password, the document no longer says it is encrypted.
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Extracted::Unreadable("it is locked with a password, so its words cannot be read".into());
    }
    let mut reader = PdfText {
        doc: &doc,
        out: String::new(),
        budget: MAX_PDF_CONTENT,
        fonts: Default::default(),
        forms: Default::default(),
        undecoded: 0,
        decoded: Default::default(),
        key: Vec::new(),
        full: false,
    };
    let deadline = Instant::now() + PDF_DEADLINE;
    let pages = doc.get_pages();
    for page in pages.values() {
        if Instant::now() > deadline {
            return Extracted::Unreadable(format!(
                "reading it took longer than {} seconds, so it was not read to the end",
                PDF_DEADLINE.as_secs()
            ));
        }
        if let Err(why) = reader.page(*page) {
            return Extracted::Unreadable(why);
        }
        reader.brk();
    }
    let page_words = reader.out.chars().any(|c| !c.is_whitespace());
    if !page_words {
        return Extracted::Unreadable(if pages.is_empty() {
            "it has no pages that can be found".into()
        } else if reader.undecoded > 0 {
            "its letters are in fonts that do not say which letters they are, so its words cannot be read".into()
        } else {
            "it has no text layer (a scan or a picture of a document), so its words cannot be read".into()
        });
    }
    // Every string of the document outside the pages: annotations and
    // comments with their authors, bookmarks, form fields, the document
    // information (Author, Title); and XMP metadata.
    for object in doc.objects.values() {
        reader.strings(object, 0);
        if let lopdf::Object::Stream(s) = object
            && s.dict.has_type(b"Metadata")
            && let Ok(xmp) = s.get_plain_content_with_limit(MAX_PDF_CMAP)
        {
            let mut m = Markup::default();
            m.strip(&decode_text(&xmp), true);
            if let Extracted::Text(t) = m.finish() {
                reader.push(&t);
            }
        }
    }
    if reader.full {
        return Extracted::Unreadable(format!("it holds more than the {} MB of text read for names", mb(MAX_TEXT as u64)));
    }
    Extracted::Text(reader.out)
}

/// Adds `s` to `out` unless that passes [`MAX_TEXT`]; then `full` is set.
fn push_within(out: &mut String, full: &mut bool, s: &str) {
    if out.len() + s.len() > MAX_TEXT {
        *full = true;
    } else {
        out.push_str(s);
    }
}

type FontMap<'a> = std::collections::BTreeMap<Vec<u8>, &'a lopdf::Dictionary>;

struct PdfText<'a> {
    doc: &'a lopdf::Document,
    out: String,
    /// Page content still allowed to be inflated.
    budget: usize,
    /// Each font's encoding, by the address of its dictionary, made once.
    fonts: std::collections::HashMap<usize, Option<lopdf::Encoding<'a>>>,
    /// Forms already read (a form reused on every page is read once).
    forms: std::collections::HashSet<usize>,
    /// Strings shown in a font whose encoding is unknown.
    undecoded: usize,
    /// Strings already decoded, by font (its address) and bytes.
    decoded: std::collections::HashMap<Vec<u8>, Box<str>>,
    key: Vec<u8>,
    full: bool,
}

impl<'a> PdfText<'a> {
    fn push(&mut self, s: &str) {
        push_within(&mut self.out, &mut self.full, s);
    }

    fn brk(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with(char::is_whitespace) {
            self.out.push('\n');
        }
    }

    fn space(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with(char::is_whitespace) {
            self.out.push(' ');
        }
    }

    /// The `/Resources` dictionaries of a page, nearest first.
    fn page_resources(&self, page: lopdf::ObjectId) -> Vec<&'a lopdf::Dictionary> {
        let Ok((direct, ids)) = self.doc.get_page_resources(page) else { return Vec::new() };
        direct.into_iter().chain(ids.into_iter().filter_map(|id| self.doc.get_dictionary(id).ok())).collect()
    }

    /// Named entries of `key` (`Font`, `XObject`) in resource dictionaries;
    /// the first of a name wins.
    fn named(&self, resources: &[&'a lopdf::Dictionary], key: &[u8]) -> std::collections::BTreeMap<Vec<u8>, &'a lopdf::Object> {
        let mut out = std::collections::BTreeMap::new();
        for r in resources {
            let Ok(d) = r.get_deref(key, self.doc).and_then(|o| o.as_dict()) else { continue };
            for (name, value) in d.iter() {
                if let Ok((_, v)) = self.doc.dereference(value) {
                    out.entry(name.clone()).or_insert(v);
                }
            }
        }
        out
    }

    fn fonts_of(&self, resources: &[&'a lopdf::Dictionary]) -> FontMap<'a> {
        self.named(resources, b"Font").into_iter().filter_map(|(n, o)| o.as_dict().ok().map(|d| (n, d))).collect()
    }

    fn page(&mut self, page: lopdf::ObjectId) -> Result<(), String> {
        let resources = self.page_resources(page);
        let content = match self.doc.get_page_content_with_limit(page, self.budget) {
            Ok(c) => c,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(format!("its pages unpack to more than {} MB, more than is read for names", mb(MAX_PDF_CONTENT as u64)));
            }
            // A page whose content cannot be had shows nothing.
            Err(_) => return Ok(()),
        };
        self.budget = self.budget.saturating_sub(content.len());
        self.content(&content, &resources, 0)
    }

    fn content(&mut self, content: &[u8], resources: &[&'a lopdf::Dictionary], depth: usize) -> Result<(), String> {
        let fonts = self.fonts_of(resources);
        let mut font: Option<&'a lopdf::Dictionary> = None;
        for op in lopdf::content::Content::decode_iter(content) {
            // A damaged stream shows what came before the damage.
            let Ok(op) = op else { break };
            let operands = &op.operands;
            match op.operator.as_str() {
                "Tf" => font = operands.first().and_then(|o| o.as_name().ok()).and_then(|n| fonts.get(n).copied()),
                "Tj" => self.show(font, operands),
                "'" => {
                    self.brk();
                    self.show(font, operands);
                }
                "\"" => {
                    self.brk();
                    self.show(font, operands.get(2..).unwrap_or(&[]));
                }
                "TJ" => {
                    for item in operands.iter().flat_map(|o| o.as_array().map(|a| a.as_slice()).unwrap_or(&[])) {
                        match item {
                            lopdf::Object::String(..) => self.show(font, std::slice::from_ref(item)),
                            // A gap wider than a tenth of the type size parts words.
                            lopdf::Object::Integer(n) if *n < -100 => self.space(),
                            lopdf::Object::Real(n) if *n < -100.0 => self.space(),
                            _ => {}
                        }
                    }
                }
                "Td" | "TD" => {
                    let dy = operands.get(1).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
                    if dy != 0.0 { self.brk() } else { self.space() }
                }
                "Tm" => self.space(),
                "T*" | "ET" => self.brk(),
                "Do" if depth < MAX_FORM_DEPTH => {
                    let Some(name) = operands.first().and_then(|o| o.as_name().ok()) else { continue };
                    let xobjects = self.named(resources, b"XObject");
                    let Some(lopdf::Object::Stream(form)) = xobjects.get(name).copied() else { continue };
                    if form.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Form".as_slice())
                        || !self.forms.insert(form as *const lopdf::Stream as usize)
                    {
                        continue;
                    }
                    let data = match form.decompressed_content_with_limit(self.budget) {
                        Ok(d) => d,
                        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                            return Err(format!(
                                "its pages unpack to more than {} MB, more than is read for names",
                                mb(MAX_PDF_CONTENT as u64)
                            ));
                        }
                        Err(_) if form.dict.get(b"Filter").is_err() => form.content.clone(),
                        Err(_) => continue,
                    };
                    self.budget = self.budget.saturating_sub(data.len());
                    // A form's own resources first, then the page's.
                    let mut inner: Vec<&'a lopdf::Dictionary> = Vec::new();
                    if let Ok(r) = form.dict.get_deref(b"Resources", self.doc).and_then(|o| o.as_dict()) {
                        inner.push(r);
                    }
                    inner.extend_from_slice(resources);
                    self.content(&data, &inner, depth + 1)?;
                }
                _ => {}
            }
            if self.full {
                break;
            }
        }
        Ok(())
    }

    /// Shows the string operands in `font`.
    fn show(&mut self, font: Option<&'a lopdf::Dictionary>, operands: &[lopdf::Object]) {
        let doc = self.doc;
        let encoding = font.and_then(|f| {
            self.fonts
                .entry(f as *const lopdf::Dictionary as usize)
                .or_insert_with(|| f.get_font_encoding_with_limit(doc, MAX_PDF_CMAP).ok())
                .as_ref()
        });
        let Some(encoding) = encoding else {
            self.undecoded += operands.iter().filter(|o| matches!(o, lopdf::Object::String(..))).count();
            return;
        };
        let font = font.map_or(0, |f| f as *const lopdf::Dictionary as usize);
        for o in operands {
            let lopdf::Object::String(bytes, _) = o else { continue };
            // Decoding through a character map is slow, and the same words
            // come again and again: each string is decoded once per font.
            self.key.clear();
            self.key.extend_from_slice(&font.to_le_bytes());
            self.key.extend_from_slice(bytes);
            if let Some(known) = self.decoded.get(self.key.as_slice()) {
                push_within(&mut self.out, &mut self.full, known);
                continue;
            }
            let mut shown = String::new();
            if encoding.write_to_string(bytes, &mut shown).is_err() {
                self.undecoded += 1;
                continue;
            }
            if self.decoded.len() >= 100_000 {
                self.decoded.clear();
            }
            push_within(&mut self.out, &mut self.full, &shown);
            self.decoded.insert(self.key.clone(), shown.into_boxed_str());
        }
    }

    /// Every text string in `object` (dictionaries and arrays, not streams' content).
    fn strings(&mut self, object: &lopdf::Object, depth: usize) {
        if depth > 16 || self.full {
            return;
        }
        match object {
            lopdf::Object::String(..) => {
                if let Ok(s) = lopdf::decode_text_string(object)
                    && s.chars().any(char::is_alphabetic)
                {
                    self.brk();
                    self.push(&s);
                }
            }
            lopdf::Object::Array(a) => a.iter().for_each(|o| self.strings(o, depth + 1)),
            lopdf::Object::Dictionary(d) => d.iter().for_each(|(_, o)| self.strings(o, depth + 1)),
            lopdf::Object::Stream(s) => s.dict.iter().for_each(|(_, o)| self.strings(o, depth + 1)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::path::PathBuf;

    /// A file written for one test, removed after it.
    struct Temp(PathBuf);

    impl Temp {
        fn new(name: &str, bytes: &[u8]) -> Temp {
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
        fn extract(&self) -> Extracted {
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

    fn text(e: Extracted) -> String {
        match e {
            Extracted::Text(t) => t,
            other => panic!("expected text, got {other:?}"),
        }
    }

    fn unreadable(e: Extracted) -> String {
        match e {
            Extracted::Unreadable(why) => why,
            other => panic!("expected unreadable, got {other:?}"),
        }
    }

    /// Words with single spaces, for comparing.
    fn words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// A PDF written by hand: `objects` are the bodies of objects 1.. in
    /// order, with a correct cross-reference table.
    pub(crate) fn pdf_file(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
        );
        out
    }

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        s.extend_from_slice(data);
        s.extend_from_slice(b"\nendstream");
        s
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// A one-page PDF showing `content` (a content stream) in Helvetica.
    pub(crate) fn simple_pdf(content: &[u8], compressed: bool) -> Vec<u8> {
        let body = if compressed { stream("/Filter /FlateDecode", &deflate(content)) } else { stream("", content) };
        pdf_file(
            &[
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
                body,
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
            ],
            "",
        )
    }

    #[test]
    fn pdf_text_layer() {
        let content = b"BT /F1 12 Tf 72 720 Td (Minutes of the committee) Tj 0 -14 Td (Present: Jane) Tj ( Doe, chair) Tj ET\n\
                        BT /F1 12 Tf 72 600 Td [(Apo) 20 (logies:) -250 (Bob) -300 (Smith)] TJ ET";
        for compressed in [false, true] {
            let t = text(Temp::new("a.pdf", &simple_pdf(content, compressed)).extract());
            let w = words(&t);
            assert!(w.contains("Minutes of the committee Present: Jane Doe, chair Apologies: Bob Smith"), "{w}");
        }
    }

    #[test]
    fn pdf_metadata_annotations_and_forms_are_read() {
        let form = stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /Font << /F2 7 0 R >> >>",
            b"BT /F2 9 Tf (Header by Ann Other) Tj ET",
        );
        let doc = pdf_file(
            &[
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
                b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> /Contents 4 0 R /Annots [<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] /T (Carol King) /Contents <FEFF0053006500650020006D0065> >>] >>".to_vec(),
                stream("", b"BT /F1 12 Tf (Body text) Tj ET /X1 Do /X1 Do"),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
                form,
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>".to_vec(),
                b"<< /Author (Dan Brown) /Title (Paper) >>".to_vec(),
            ],
            "/Info 8 0 R",
        );
        let w = words(&text(Temp::new("m.pdf", &doc).extract()));
        for want in ["Body text", "Header by Ann Other", "Carol King", "See me", "Dan Brown"] {
            assert!(w.contains(want), "{want} not in {w}");
        }
        // The form is read once, though shown twice.
        assert_eq!(w.matches("Header by Ann Other").count(), 1, "{w}");
    }

    #[test]
    fn pdf_without_text_layer_is_unreadable() {
        // A page that only paints an image: a scan.
        let content = b"q 612 0 0 792 0 0 cm /Im1 Do Q";
        let why = unreadable(Temp::new("scan.pdf", &simple_pdf(content, true)).extract());
        assert!(why.contains("no text layer"), "{why}");
    }

    #[test]
    fn pdf_locked_or_damaged_is_unreadable() {
        // Encrypted with a user password (the empty password does not open it).
        let o = "<".to_owned() + &"11".repeat(32) + ">";
        let u = "<".to_owned() + &"22".repeat(32) + ">";
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>".to_vec(),
            stream("", b"\x8a\x01\x99garbled"),
        ];
        objects.push(format!("<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O {o} /U {u} >>").into_bytes());
        let locked = pdf_file(&objects, "/Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]");
        let why = unreadable(Temp::new("locked.pdf", &locked).extract());
        assert!(why.contains("password"), "{why}");

        let why = unreadable(Temp::new("bad.pdf", b"%PDF-1.4\nthis is not really a PDF\n%%EOF\n").extract());
        assert!(why.contains("damaged"), "{why}");
        let mut cut = simple_pdf(b"BT /F1 12 Tf (Hello) Tj ET", true);
        cut.truncate(cut.len() / 3);
        // Cut short: either whatever can be recovered, or unreadable; never a panic.
        let _ = Temp::new("cut.pdf", &cut).extract();
    }

    #[test]
    fn pdf_stream_bomb_is_bounded() {
        // Pages that all show one small stream inflating to 40 MB: the pages
        // together pass the content budget, and the reading stops there.
        let content = stream("/Filter /FlateDecode", &deflate(&vec![b' '; 40 << 20]));
        assert!(content.len() < 200_000, "the bomb is small: {}", content.len());
        let pages = 1 + MAX_PDF_CONTENT / (40 << 20);
        let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 5)).collect();
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")).into_bytes(),
            content,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ];
        for _ in 0..pages {
            objects.push(b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>".to_vec());
        }
        let why = unreadable(Temp::new("bomb.pdf", &pdf_file(&objects, "")).extract());
        assert!(why.contains("unpack to more than"), "{why}");
    }

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
        // A zip that is not a document.
        let z = zip_of(&[("a.pdf", b"%PDF-")]);
        assert!(unreadable(Temp::new("pack.zip", &z).extract()).contains("zip archive"));
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

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a &amp; b &lt;c&gt; &#65;&#x42; &unknown; & x"), "a & b <c> AB &unknown; & x");
    }
}
