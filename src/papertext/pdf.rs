//! PDF: the text layer of every page, laid out as a reader sees it, and
//! every string outside the pages.
//!
//! Text is put together from where each glyph is drawn, as `pdftotext`
//! does: the reader follows the text matrix, the transformation matrix and
//! the width of every glyph (the font's `/Widths` or `/W`, approximated for
//! the standard fonts, which need none), and starts a new word only where
//! the gap to the last glyph is wider than [`WORD_GAP`] of the type size,
//! and a new line where the baseline moves. A browser's "Save as PDF"
//! places every glyph on its own; a word processor kerns inside words; both
//! read as the words they show.
//!
//! Read besides the pages: annotations' appearances (what a comment, a
//! stamp or a filled-in form field shows), forms no page draws, every
//! string in the file's objects (comments and their authors, bookmarks,
//! form fields, the document information), XMP metadata, attached files
//! (read as papers of their own, to a bounded depth), and every earlier
//! revision of a file saved incrementally (each `%%EOF` but the last ends
//! one, and its objects may hold words the later revision took out).
//!
//! A page that shows letters in a font that does not say which letters
//! they are (no `/ToUnicode` map, no standard encoding) cannot be read: the
//! paper is [`Extracted::Unreadable`], not clean.

use std::time::Instant;

use super::text::{Markup, decode_text};
use super::{
    Extracted, MAX_DEPTH, MAX_FORM_DEPTH, MAX_PDF_CMAP, MAX_PDF_CONTENT, MAX_PDF_REVISIONS, MAX_PDF_STREAM, MAX_TEXT, PDF_DEADLINE,
    extract_bytes, mb,
};

/// A gap wider than this share of the type size between two glyphs parts
/// words (`pdftotext` parts them at about a tenth to a fifth).
const WORD_GAP: f64 = 0.15;
/// A baseline moved by more than this share of the type size starts a line.
const LINE_MOVE: f64 = 0.5;
/// Most attached files read from one PDF.
const MAX_ATTACHMENTS: usize = 100;

pub(super) fn pdf(bytes: &[u8], depth: usize) -> Extracted {
    let deadline = Instant::now() + PDF_DEADLINE;
    let mut text = match revision(bytes, depth, deadline) {
        Ok(t) => t,
        Err(Fail::Load(why) | Fail::Empty(why) | Fail::Other(why)) => return Extracted::Unreadable(why),
    };
    // Earlier revisions: the file as it was before each incremental save.
    for end in earlier_revisions(bytes) {
        match revision(&bytes[..end], depth, deadline) {
            Ok(t) => {
                if text.len() + t.len() + 1 > MAX_TEXT {
                    return Extracted::Unreadable(format!("it holds more than the {} MB of text read for names", mb(MAX_TEXT as u64)));
                }
                text.push('\n');
                text.push_str(&t);
            }
            // An earlier revision that cannot be opened on its own, or has
            // no words, adds nothing; anything else read in it must be read.
            Err(Fail::Load(_) | Fail::Empty(_)) => {}
            Err(Fail::Other(why)) => return Extracted::Unreadable(format!("an earlier version saved inside it: {why}")),
        }
    }
    Extracted::Text(text)
}

/// Where each earlier revision of the file ends: after each `%%EOF` whose
/// cross-reference section a later one names as its `/Prev` (a `%%EOF`
/// inside an attached PDF ends no revision of this one).
fn earlier_revisions(bytes: &[u8]) -> Vec<usize> {
    let number_after = |at: usize| -> Option<u64> {
        let rest = bytes.get(at..)?;
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        let digits = rest[start..].iter().take_while(|b| b.is_ascii_digit()).count();
        std::str::from_utf8(&rest[start..start + digits]).ok()?.parse().ok()
    };
    let prevs: std::collections::HashSet<u64> = memchr::memmem::find_iter(bytes, b"/Prev").filter_map(|at| number_after(at + 5)).collect();
    if prevs.is_empty() {
        return Vec::new();
    }
    let mut ends: Vec<usize> = memchr::memmem::find_iter(bytes, b"%%EOF")
        .filter(|&at| {
            let from = at.saturating_sub(64);
            memchr::memmem::rfind(&bytes[from..at], b"startxref")
                .and_then(|s| number_after(from + s + 9))
                .is_some_and(|offset| prevs.contains(&offset))
        })
        .map(|at| at + 5)
        .filter(|&end| bytes[end..].iter().any(|b| !b.is_ascii_whitespace()))
        .collect();
    // The newest earlier ones, if there are very many.
    if ends.len() > MAX_PDF_REVISIONS {
        ends.drain(..ends.len() - MAX_PDF_REVISIONS);
    }
    ends
}

/// Why a revision was not read.
enum Fail {
    /// It cannot be opened.
    Load(String),
    /// It has no words on its pages.
    Empty(String),
    /// Anything else: it holds words that cannot be read.
    Other(String),
}

/// Reads one revision of a PDF: the whole file, or the part of it up to an
/// earlier `%%EOF`.
fn revision(bytes: &[u8], depth: usize, deadline: Instant) -> Result<String, Fail> {
    use lopdf::{Document, LoadOptions};
    let options = LoadOptions { max_decompressed_size: Some(MAX_PDF_STREAM), ..LoadOptions::default() };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(d) => d,
        Err(e) => return Err(Fail::Load(format!("it is damaged or not a PDF ({e})"))),
    };
    // Opened with the empty password, the document no longer says it is encrypted.
    if doc.trailer.get(b"Encrypt").is_ok() {
        return Err(Fail::Other("it is locked with a password, so its words cannot be read".into()));
    }
    let mut reader = PdfText {
        doc: &doc,
        out: String::new(),
        budget: MAX_PDF_CONTENT,
        fonts: Default::default(),
        forms: Default::default(),
        unmapped: None,
        decoded: Default::default(),
        key: Vec::new(),
        full: false,
        pen: None,
        lenient: false,
        in_annotation: false,
        page_no: 0,
    };
    let too_long = || Fail::Other(format!("reading it took longer than {} seconds, so it was not read to the end", PDF_DEADLINE.as_secs()));
    let pages = doc.get_pages();
    for (no, page) in &pages {
        if Instant::now() > deadline {
            return Err(too_long());
        }
        reader.page_no = *no;
        reader.page(*page).map_err(Fail::Other)?;
        reader.brk();
    }
    let page_words = reader.out.chars().any(|c| !c.is_whitespace());
    if let Some(page) = reader.unmapped {
        return Err(Fail::Other(format!(
            "page {page} shows letters in a font that does not say which letters they are (it has no text map), so its \
             words cannot be read"
        )));
    }
    if !page_words {
        return Err(Fail::Empty(if pages.is_empty() {
            "it has no pages that can be found".into()
        } else {
            "it has no text layer (a scan or a picture of a document), so its words cannot be read".into()
        }));
    }
    // What annotations show: a comment's note, a stamp, a form field's value.
    for (no, page) in &pages {
        if Instant::now() > deadline {
            return Err(too_long());
        }
        reader.page_no = *no;
        reader.in_annotation = true;
        reader.annotations(*page).map_err(Fail::Other)?;
        reader.in_annotation = false;
    }
    // Forms that nothing above drew: their words are in the file all the same.
    reader.lenient = true;
    for object in doc.objects.values() {
        if let lopdf::Object::Stream(form) = object
            && form.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Form".as_slice())
        {
            if Instant::now() > deadline {
                return Err(too_long());
            }
            reader.form(form, &[], 0).map_err(Fail::Other)?;
        }
    }
    // Every string of the document outside the pages: annotations and
    // comments with their authors, bookmarks, form fields, the document
    // information (Author, Title); XMP metadata; attached files.
    let mut attachments = 0;
    for object in doc.objects.values() {
        reader.strings(object, 0);
        let lopdf::Object::Stream(s) = object else { continue };
        if s.dict.has_type(b"Metadata")
            && let Ok(xmp) = s.get_plain_content_with_limit(MAX_PDF_CMAP)
        {
            let mut m = Markup::default();
            m.strip_xml(&decode_text(&xmp), true);
            if let Extracted::Text(t) = m.finish() {
                reader.push(&t);
            }
        }
        if s.dict.has_type(b"EmbeddedFile") {
            attachments += 1;
            if attachments > MAX_ATTACHMENTS {
                return Err(Fail::Other(format!("it has more than {MAX_ATTACHMENTS} attached files, more than are read for names")));
            }
            if depth >= MAX_DEPTH {
                return Err(Fail::Other("it has attached files inside attached files, deeper than are read for names".into()));
            }
            let data = match s.decompressed_content_with_limit(MAX_PDF_STREAM) {
                Ok(d) => d,
                Err(_) if s.dict.get(b"Filter").is_err() => s.content.clone(),
                Err(_) => return Err(Fail::Other("an attached file in it cannot be unpacked".into())),
            };
            match extract_bytes(&data, "", depth + 1) {
                Extracted::Text(t) => {
                    reader.brk();
                    reader.push(&t);
                }
                // A picture attached: like a picture on a page, not read.
                Extracted::NotText => {}
                Extracted::Unreadable(why) => return Err(Fail::Other(format!("a file attached to it cannot be read: {why}"))),
            }
        }
        if Instant::now() > deadline {
            return Err(too_long());
        }
    }
    if reader.full {
        return Err(Fail::Other(format!("it holds more than the {} MB of text read for names", mb(MAX_TEXT as u64))));
    }
    Ok(reader.out)
}

/// Adds `s` to `out` unless that passes [`MAX_TEXT`]; then `full` is set.
fn push_within(out: &mut String, full: &mut bool, s: &str) {
    if out.len() + s.len() > MAX_TEXT {
        *full = true;
    } else {
        out.push_str(s);
    }
}

/// A matrix `[a b c d e f]`, as PDF writes them (a point is a row vector).
#[derive(Debug, Clone, Copy, PartialEq)]
struct M([f64; 6]);

impl M {
    const ID: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn of(operands: &[lopdf::Object]) -> Option<M> {
        let mut m = [0.0; 6];
        for (i, o) in operands.iter().take(6).enumerate() {
            m[i] = num(o)?;
        }
        (operands.len() >= 6).then_some(M(m))
    }

    fn translate(x: f64, y: f64) -> M {
        M([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` then `then`.
    fn then(&self, then: &M) -> M {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        M([a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2])
    }
}

fn num(o: &lopdf::Object) -> Option<f64> {
    o.as_float().ok().map(f64::from).filter(|n| n.is_finite())
}

/// The widths of a font's glyphs, in thousandths of the type size.
#[derive(Debug, Default)]
struct Widths {
    /// Character codes take two bytes (a composite font).
    two_bytes: bool,
    /// A simple font's `/Widths`, from `/FirstChar`.
    first: u32,
    simple: Vec<f64>,
    /// A composite font's `/W`: ranges of codes and their width.
    ranges: Vec<(u32, u32, f64)>,
    /// The width of a glyph not listed.
    default: f64,
    /// A standard font without widths: approximated.
    standard: Option<&'static [u16; 95]>,
    /// Glyph space to text space (a Type 3 font's `/FontMatrix`).
    scale: f64,
    /// The type size in text space, for a size of 1 (a Type 3 font's
    /// glyphs are as large as its `/FontMatrix` makes them).
    em: f64,
    /// The approximation's scale (Times is narrower than Helvetica).
    standard_scale: f64,
}

impl Widths {
    fn of(font: &lopdf::Dictionary, doc: &lopdf::Document) -> Widths {
        let num_of = |d: &lopdf::Dictionary, k: &[u8]| d.get_deref(k, doc).ok().and_then(num);
        let mut w = Widths { scale: 0.001, em: 1.0, default: 500.0, standard_scale: 1.0, ..Widths::default() };
        let subtype = font.get(b"Subtype").and_then(|s| s.as_name()).unwrap_or(b"");
        if subtype == b"Type0" {
            w.two_bytes = true;
            w.default = 1000.0;
            let Some(cid) = font
                .get_deref(b"DescendantFonts", doc)
                .and_then(|d| d.as_array())
                .ok()
                .and_then(|a| a.first())
                .and_then(|d| doc.dereference(d).ok())
                .and_then(|(_, d)| d.as_dict().ok())
            else {
                return w;
            };
            if let Some(dw) = num_of(cid, b"DW") {
                w.default = dw;
            }
            let list = cid.get_deref(b"W", doc).and_then(|a| a.as_array()).map(|a| a.as_slice()).unwrap_or(&[]);
            let mut i = 0;
            while i < list.len() && w.ranges.len() < 100_000 {
                let Some(first) = num(&list[i]) else { break };
                match list.get(i + 1).map(|o| doc.dereference(o).map(|(_, o)| o)) {
                    Some(Ok(lopdf::Object::Array(each))) => {
                        for (k, width) in each.iter().enumerate() {
                            if let Some(width) = num(width) {
                                let code = first as u32 + k as u32;
                                w.ranges.push((code, code, width));
                            }
                        }
                        i += 2;
                    }
                    Some(Ok(last)) => {
                        if let (Some(last), Some(width)) = (num(last), list.get(i + 2).and_then(num)) {
                            w.ranges.push((first as u32, last as u32, width));
                        }
                        i += 3;
                    }
                    _ => break,
                }
            }
            w.ranges.sort_by_key(|r| r.0);
            return w;
        }
        if subtype == b"Type3"
            && let Some(a) = font.get_deref(b"FontMatrix", doc).ok().and_then(|m| m.as_array().ok()).and_then(|m| m.first()).and_then(num)
        {
            w.scale = a.abs();
            w.em = a.abs() * 1000.0;
        }
        if let Ok(desc) = font.get_deref(b"FontDescriptor", doc).and_then(|d| d.as_dict())
            && let Some(missing) = num_of(desc, b"MissingWidth").filter(|m| *m > 0.0)
        {
            w.default = missing;
        }
        match font.get_deref(b"Widths", doc).and_then(|a| a.as_array()) {
            Ok(list) => {
                w.first = num_of(font, b"FirstChar").unwrap_or(0.0).max(0.0) as u32;
                w.simple = list.iter().take(256).map(|o| doc.dereference(o).ok().and_then(|(_, o)| num(o)).unwrap_or(0.0)).collect();
            }
            Err(_) => {
                let base = font.get(b"BaseFont").and_then(|b| b.as_name()).unwrap_or(b"");
                let base = String::from_utf8_lossy(base).to_ascii_lowercase();
                if base.contains("courier") || base.contains("mono") {
                    w.default = 600.0;
                } else {
                    w.standard = Some(&HELVETICA);
                    w.default = 556.0;
                    if base.contains("times") || base.contains("serif") {
                        w.standard_scale = 0.9;
                    }
                }
            }
        }
        w
    }

    /// How far a string moves the pen, in text space, for a type size of 1
    /// and no spacing; and how many single-byte spaces it holds.
    fn advance(&self, bytes: &[u8]) -> (f64, usize) {
        let mut total = 0.0;
        let mut spaces = 0;
        if self.two_bytes {
            for pair in bytes.chunks(2) {
                let code = pair.iter().fold(0u32, |a, b| a << 8 | u32::from(*b));
                let i = self.ranges.partition_point(|r| r.0 <= code);
                let width = match i.checked_sub(1).map(|i| self.ranges[i]) {
                    Some((_, last, width)) if code <= last => width,
                    _ => self.default,
                };
                total += width;
            }
        } else {
            for &b in bytes {
                spaces += usize::from(b == b' ');
                let code = u32::from(b);
                let width = match (code.checked_sub(self.first).and_then(|i| self.simple.get(i as usize)), self.standard) {
                    (Some(w), _) => *w,
                    (None, Some(table)) if (32..127).contains(&b) => f64::from(table[usize::from(b - 32)]) * self.standard_scale,
                    _ => self.default,
                };
                total += width;
            }
        }
        (total * self.scale, spaces)
    }
}

/// Helvetica's widths (and Arial's) of the printable ASCII characters, for
/// a standard font that comes without widths.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278,
    278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
    556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// A font as the reader uses it: how its codes become letters (none when
/// it does not say), and its widths.
struct Font<'a> {
    encoding: Option<lopdf::Encoding<'a>>,
    widths: Widths,
    /// Its address, to key the decoded strings.
    id: usize,
}

/// How a font's codes become letters, if it says: its `/ToUnicode` map
/// first, then a standard encoding (or one that differs from one by glyph
/// names every reader knows). `None` for a font that only its own program
/// knows the letters of.
fn encoding_of<'a>(font: &'a lopdf::Dictionary, doc: &'a lopdf::Document) -> Option<lopdf::Encoding<'a>> {
    use lopdf::Encoding;
    if font.get_deref(b"ToUnicode", doc).and_then(|t| t.as_stream()).is_ok() {
        // lopdf prefers `/Encoding`; the map is what says the letters.
        let mut only_map = font.clone();
        only_map.remove(b"Encoding");
        return match only_map.get_font_encoding_with_limit(doc, MAX_PDF_CMAP) {
            Ok(Encoding::UnicodeMapEncoding(map)) => Some(Encoding::UnicodeMapEncoding(map)),
            // A map that cannot be read is no map.
            _ => None,
        };
    }
    let subtype = font.get(b"Subtype").and_then(|s| s.as_name()).unwrap_or(b"");
    match font.get_deref(b"Encoding", doc) {
        Ok(lopdf::Object::Name(name)) => match name.as_slice() {
            b"WinAnsiEncoding" | b"MacRomanEncoding" | b"StandardEncoding" | b"MacExpertEncoding" => {}
            b"UniGB-UCS2-H" | b"UniGB-UTF16-H" if subtype == b"Type0" => {}
            _ => return None,
        },
        Ok(lopdf::Object::Dictionary(d)) => {
            if subtype == b"Type0" {
                return None;
            }
            // lopdf falls back to the standard encoding when a glyph name
            // in `/Differences` is not one it knows: then the letters are
            // not known either.
            let differs = d.get(b"Differences").and_then(|a| a.as_array()).is_ok_and(|a| !a.is_empty());
            let encoding = font.get_font_encoding_with_limit(doc, MAX_PDF_CMAP).ok()?;
            return (!differs || matches!(encoding, Encoding::Differences(_))).then_some(encoding);
        }
        Ok(_) => return None,
        // No encoding: the font's own. Standard for a font the reader
        // supplies or one that says it uses only the standard Latin
        // characters; unknown for any other program in the file.
        Err(_) => {
            if subtype == b"Type0" || subtype == b"Type3" {
                return None;
            }
            if let Ok(desc) = font.get_deref(b"FontDescriptor", doc).and_then(|d| d.as_dict()) {
                let embedded = [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"].iter().any(|k| desc.get(k).is_ok());
                let flags = desc.get_deref(b"Flags", doc).and_then(|f| f.as_i64()).unwrap_or(0);
                if embedded && flags & 32 == 0 {
                    return None;
                }
            }
        }
    }
    font.get_font_encoding_with_limit(doc, MAX_PDF_CMAP).ok()
}

type FontMap<'a> = std::collections::BTreeMap<Vec<u8>, &'a lopdf::Dictionary>;

/// Where the last glyph shown ended, in device space, and how it was set.
#[derive(Debug, Clone, Copy)]
struct Pen {
    x: f64,
    y: f64,
    /// The baseline's direction (a unit vector).
    dx: f64,
    dy: f64,
    /// The type size in device space.
    size: f64,
}

/// The graphics and text state the reader follows.
#[derive(Clone)]
struct State<'a> {
    ctm: M,
    font: Option<&'a lopdf::Dictionary>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// Horizontal scaling, 1 for 100%.
    scale: f64,
    leading: f64,
    rise: f64,
}

impl State<'_> {
    fn new(ctm: M) -> Self {
        State { ctm, font: None, size: 1.0, char_spacing: 0.0, word_spacing: 0.0, scale: 1.0, leading: 0.0, rise: 0.0 }
    }
}

struct PdfText<'a> {
    doc: &'a lopdf::Document,
    out: String,
    /// Page content still allowed to be inflated.
    budget: usize,
    /// Each font, by the address of its dictionary, made once.
    fonts: std::collections::HashMap<usize, Font<'a>>,
    /// Forms already read (a form reused on every page is read once).
    forms: std::collections::HashSet<usize>,
    /// The first page that shows a string in a font whose letters are unknown.
    unmapped: Option<u32>,
    /// Strings already decoded, by font (its address) and bytes.
    decoded: std::collections::HashMap<Vec<u8>, Box<str>>,
    key: Vec<u8>,
    full: bool,
    pen: Option<Pen>,
    /// Reading forms no page draws: a font that cannot be found is not the
    /// page's fault.
    lenient: bool,
    in_annotation: bool,
    page_no: u32,
}

impl<'a> PdfText<'a> {
    fn push(&mut self, s: &str) {
        push_within(&mut self.out, &mut self.full, s);
    }

    fn brk(&mut self) {
        self.pen = None;
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

    fn too_big() -> String {
        format!("its pages unpack to more than {} MB, more than is read for names", mb(MAX_PDF_CONTENT as u64))
    }

    fn page(&mut self, page: lopdf::ObjectId) -> Result<(), String> {
        let resources = self.page_resources(page);
        let content = match self.doc.get_page_content_with_limit(page, self.budget) {
            Ok(c) => c,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => return Err(Self::too_big()),
            // A page whose content cannot be had shows nothing.
            Err(_) => return Ok(()),
        };
        self.budget = self.budget.saturating_sub(content.len());
        self.pen = None;
        self.content(&content, &resources, State::new(M::ID), 0)
    }

    /// What a page's annotations show (`/AP`: normal, rollover and down
    /// appearances, each a form or a form per state).
    fn annotations(&mut self, page: lopdf::ObjectId) -> Result<(), String> {
        let resources = self.page_resources(page);
        let doc = self.doc;
        for annot in doc.get_page_annotations(page).unwrap_or_default() {
            let Ok(ap) = annot.get_deref(b"AP", doc).and_then(|a| a.as_dict()) else { continue };
            for (_, look) in ap.iter() {
                let Ok((_, look)) = doc.dereference(look) else { continue };
                let forms: Vec<&'a lopdf::Stream> = match look {
                    lopdf::Object::Stream(s) => vec![s],
                    lopdf::Object::Dictionary(states) => {
                        states.iter().filter_map(|(_, s)| doc.dereference(s).ok().and_then(|(_, s)| s.as_stream().ok())).collect()
                    }
                    _ => Vec::new(),
                };
                for form in forms {
                    self.form(form, &resources, 0)?;
                    self.brk();
                }
            }
        }
        Ok(())
    }

    /// Reads a form once, with its own resources first, then `outer`.
    fn form(&mut self, form: &'a lopdf::Stream, outer: &[&'a lopdf::Dictionary], depth: usize) -> Result<(), String> {
        self.form_at(form, outer, State::new(M::ID), depth)
    }

    fn form_at(&mut self, form: &'a lopdf::Stream, outer: &[&'a lopdf::Dictionary], state: State<'a>, depth: usize) -> Result<(), String> {
        if depth >= MAX_FORM_DEPTH || !self.forms.insert(form as *const lopdf::Stream as usize) {
            return Ok(());
        }
        let data = match form.decompressed_content_with_limit(self.budget) {
            Ok(d) => d,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => return Err(Self::too_big()),
            Err(_) if form.dict.get(b"Filter").is_err() => form.content.clone(),
            Err(_) => return Ok(()),
        };
        self.budget = self.budget.saturating_sub(data.len());
        let mut inner: Vec<&'a lopdf::Dictionary> = Vec::new();
        if let Ok(r) = form.dict.get_deref(b"Resources", self.doc).and_then(|o| o.as_dict()) {
            inner.push(r);
        }
        inner.extend_from_slice(outer);
        let matrix = form.dict.get_deref(b"Matrix", self.doc).ok().and_then(|m| m.as_array().ok()).and_then(|m| M::of(m));
        let ctm = matrix.unwrap_or(M::ID).then(&state.ctm);
        self.content(&data, &inner, State::new(ctm), depth + 1)
    }

    fn content(&mut self, content: &[u8], resources: &[&'a lopdf::Dictionary], start: State<'a>, depth: usize) -> Result<(), String> {
        let fonts = self.fonts_of(resources);
        let mut state = start;
        let mut saved: Vec<State<'a>> = Vec::new();
        let mut tm = M::ID;
        let mut line = M::ID;
        for op in lopdf::content::Content::decode_iter(content) {
            // A damaged stream shows what came before the damage.
            let Ok(op) = op else { break };
            let operands = &op.operands;
            let n = |i: usize| operands.get(i).and_then(num).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if saved.len() < 256 => saved.push(state.clone()),
                "Q" => {
                    if let Some(s) = saved.pop() {
                        state = s;
                    }
                }
                "cm" => {
                    if let Some(m) = M::of(operands) {
                        state.ctm = m.then(&state.ctm);
                    }
                }
                "BT" => {
                    tm = M::ID;
                    line = M::ID;
                }
                "Tf" => {
                    state.font = operands.first().and_then(|o| o.as_name().ok()).and_then(|n| fonts.get(n).copied());
                    state.size = n(1);
                }
                "Tc" => state.char_spacing = n(0),
                "Tw" => state.word_spacing = n(0),
                "Tz" => state.scale = n(0) / 100.0,
                "TL" => state.leading = n(0),
                "Ts" => state.rise = n(0),
                "Td" => {
                    line = M::translate(n(0), n(1)).then(&line);
                    tm = line;
                }
                "TD" => {
                    state.leading = -n(1);
                    line = M::translate(n(0), n(1)).then(&line);
                    tm = line;
                }
                "Tm" => {
                    if let Some(m) = M::of(operands) {
                        line = m;
                        tm = m;
                    }
                }
                "T*" => {
                    line = M::translate(0.0, -state.leading).then(&line);
                    tm = line;
                }
                "Tj" => {
                    if let Some(s) = operands.first() {
                        self.show(&state, &mut tm, s);
                    }
                }
                "'" | "\"" => {
                    if op.operator == "\"" {
                        state.word_spacing = n(0);
                        state.char_spacing = n(1);
                    }
                    line = M::translate(0.0, -state.leading).then(&line);
                    tm = line;
                    if let Some(s) = operands.last() {
                        self.show(&state, &mut tm, s);
                    }
                }
                "TJ" => {
                    for item in operands.iter().flat_map(|o| o.as_array().map(|a| a.as_slice()).unwrap_or(&[])) {
                        match item {
                            lopdf::Object::String(..) => self.show(&state, &mut tm, item),
                            other => {
                                if let Some(k) = num(other) {
                                    tm = M::translate(-k / 1000.0 * state.size * state.scale, 0.0).then(&tm);
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    let Some(name) = operands.first().and_then(|o| o.as_name().ok()) else { continue };
                    let xobjects = self.named(resources, b"XObject");
                    let Some(lopdf::Object::Stream(form)) = xobjects.get(name).copied() else { continue };
                    if form.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Form".as_slice()) {
                        continue;
                    }
                    self.form_at(form, resources, state.clone(), depth)?;
                }
                _ => {}
            }
            if self.full {
                break;
            }
        }
        Ok(())
    }

    /// Shows one string at the text matrix, moving it on.
    fn show(&mut self, state: &State<'a>, tm: &mut M, string: &lopdf::Object) {
        let lopdf::Object::String(bytes, _) = string else { return };
        if bytes.is_empty() {
            return;
        }
        let Some(dict) = state.font else {
            // A font that cannot be found says nothing of its letters. (An
            // annotation may name a font of the form fields' own.)
            if !self.lenient && !self.in_annotation {
                self.unmapped.get_or_insert(self.page_no);
            }
            return;
        };
        let id = dict as *const lopdf::Dictionary as usize;
        let doc = self.doc;
        let font = self.fonts.entry(id).or_insert_with(|| Font { encoding: encoding_of(dict, doc), widths: Widths::of(dict, doc), id });
        let (advance, spaces) = font.widths.advance(bytes);
        let glyphs = if font.widths.two_bytes { bytes.len().div_ceil(2) } else { bytes.len() };
        let em = font.widths.em;
        let has_encoding = font.encoding.is_some();
        let font_id = font.id;

        // Where the string starts, in device space, and how it is set.
        let render = M([state.size * state.scale, 0.0, 0.0, state.size, 0.0, state.rise]).then(tm).then(&state.ctm);
        let [a, b, c, d, x, y] = render.0;
        let width = a.hypot(b);
        let size = c.hypot(d).max(width / state.scale.abs().max(0.01)) * em;
        if size > 0.0 && width > 0.0 {
            let (dx, dy) = (a / width, b / width);
            match self.pen {
                Some(pen) => {
                    let (gx, gy) = (x - pen.x, y - pen.y);
                    let along = gx * pen.dx + gy * pen.dy;
                    let across = (gy * pen.dx - gx * pen.dy).abs();
                    let em = pen.size.max(size);
                    let turned = (dx * pen.dx + dy * pen.dy) < 0.99;
                    if turned || across > LINE_MOVE * em {
                        self.brk();
                    } else if along > WORD_GAP * em || along < -em {
                        self.space();
                    }
                }
                None => self.brk(),
            }
        }

        if has_encoding {
            self.decode(font_id, bytes);
        } else if !self.lenient {
            self.unmapped.get_or_insert(self.page_no);
        }

        // Move on by the glyphs' widths and the spacing (ISO 32000 9.4.4).
        let tx = (advance * state.size + state.char_spacing * glyphs as f64 + state.word_spacing * spaces as f64) * state.scale;
        *tm = M::translate(tx, 0.0).then(tm);
        let end = M([state.size * state.scale, 0.0, 0.0, state.size, 0.0, state.rise]).then(tm).then(&state.ctm);
        if size > 0.0 && width > 0.0 {
            self.pen = Some(Pen { x: end.0[4], y: end.0[5], dx: a / width, dy: b / width, size });
        } else {
            self.pen = None;
        }
    }

    /// Adds the letters of `bytes` in font `font_id` (decoded once per font
    /// and string: decoding through a character map is slow, and the same
    /// words come again and again).
    fn decode(&mut self, font_id: usize, bytes: &[u8]) {
        self.key.clear();
        self.key.extend_from_slice(&font_id.to_le_bytes());
        self.key.extend_from_slice(bytes);
        if let Some(known) = self.decoded.get(self.key.as_slice()) {
            push_within(&mut self.out, &mut self.full, known);
            return;
        }
        let Some(encoding) = self.fonts.get(&font_id).and_then(|f| f.encoding.as_ref()) else { return };
        let mut shown = String::new();
        if encoding.write_to_string(bytes, &mut shown).is_err() {
            if !self.lenient {
                self.unmapped.get_or_insert(self.page_no);
            }
            return;
        }
        if self.decoded.len() >= 100_000 {
            self.decoded.clear();
        }
        push_within(&mut self.out, &mut self.full, &shown);
        self.decoded.insert(self.key.clone(), shown.into_boxed_str());
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
    use crate::papertext::tests::{Temp, text, unreadable, words};
    use std::io::Write;

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

    /// PDFs printed by headless Chromium (tests/make_paper_fixtures.sh):
    /// every glyph placed on its own, in several fonts and sizes.
    #[test]
    fn pdf_printed_by_a_browser_reads_as_words() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/papers");
        let mut read = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.file_name().unwrap().to_string_lossy().starts_with("chromium-") {
                continue;
            }
            let w = words(&text(crate::papertext::extract(&path)));
            for want in [
                "The committee received the report presented by Dr Quentin Zyborg, GP member, and agreed it.",
                "Apologies: Mr A. Nother (Finance).",
            ] {
                assert!(w.contains(want), "{}: {want} not in {w}", path.display());
            }
            read += 1;
        }
        assert!(read >= 6, "the fixtures are there: {read}");
    }

    #[test]
    fn pdf_glyphs_placed_one_by_one_or_kerned_read_as_words() {
        // Each glyph placed with Td, as Chromium does (Helvetica's widths:
        // D 722, r 333, space 278 at 10 points), then a kerned TJ and a
        // word spaced only by a move, and a line below.
        let content = b"BT /F1 10 Tf 1 0 0 1 72 700 Tm (D) Tj 7.22 0 Td (r) Tj 3.33 0 Td ( ) Tj 2.78 0 Td (Z) Tj 6.11 0 Td (o) Tj ET\n\
                        BT /F1 10 Tf 72 680 Td [(Zy) -15 (b) 10 (org)] TJ 34 0 Td (Quentin) Tj 0 -12 Td (Next) Tj ET";
        let w = words(&text(Temp::new("g.pdf", &simple_pdf(content, false)).extract()));
        assert_eq!(w, "Dr Zo Zyborg Quentin Next");
    }

    #[test]
    fn pdf_font_without_a_text_map_is_unreadable() {
        // An embedded TrueType font with no /ToUnicode and no encoding: the
        // codes are glyph numbers only its program knows.
        let doc = pdf_file(
            &[
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
                b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R /F2 7 0 R >> >> /Contents 4 0 R >>".to_vec(),
                stream("", b"BT /F2 12 Tf 72 720 Td (Readable words) Tj /F1 12 Tf 0 -14 Td <2a3b4c> Tj ET"),
                b"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Secret /FirstChar 0 /LastChar 255 /FontDescriptor 6 0 R >>".to_vec(),
                b"<< /Type /FontDescriptor /FontName /ABCDEF+Secret /Flags 4 /FontFile2 8 0 R >>".to_vec(),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
                stream("", b"not really a font"),
            ],
            "",
        );
        let why = unreadable(Temp::new("nomap.pdf", &doc).extract());
        assert!(why.contains("page 1") && why.contains("no text map"), "{why}");
    }

    #[test]
    fn pdf_annotation_appearances_attachments_and_earlier_revisions_are_read() {
        let appearance = stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 100 20] /Resources << /Font << /H 5 0 R >> >>",
            b"BT /H 10 Tf 2 5 Td (Stamped by Ann Appearance) Tj ET",
        );
        let attached = simple_pdf(b"BT /F1 12 Tf 72 720 Td (Attached minutes by Bo Attach) Tj ET", true);
        let doc = pdf_file(
            &[
                b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(a.pdf) 8 0 R] >> >> >>".to_vec(),
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
                b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots [6 0 R] >>".to_vec(),
                stream("", b"BT /F1 12 Tf 72 720 Td (Page text) Tj ET"),
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
                b"<< /Type /Annot /Subtype /Stamp /Rect [0 0 100 20] /AP << /N 7 0 R >> >>".to_vec(),
                appearance,
                b"<< /Type /Filespec /F (a.pdf) /EF << /F 9 0 R >> >>".to_vec(),
                stream("/Type /EmbeddedFile", &attached),
            ],
            "",
        );
        let w = words(&text(Temp::new("ap.pdf", &doc).extract()));
        for want in ["Page text", "Stamped by Ann Appearance", "Attached minutes by Bo Attach"] {
            assert!(w.contains(want), "{want} not in {w}");
        }

        // Saved again with the page's words replaced: an incremental update
        // appends a new content stream and a cross-reference section.
        let mut v1 = simple_pdf(b"BT /F1 12 Tf 72 720 Td (Draft naming Cy Earlier) Tj ET", false);
        let first = String::from_utf8_lossy(&v1).into_owned();
        let xref_at: usize = first.rsplit("startxref").next().unwrap().split_whitespace().next().unwrap().parse().unwrap();
        let at = v1.len();
        let body = stream("", b"BT /F1 12 Tf 72 720 Td (Final text) Tj ET");
        v1.extend_from_slice(b"4 0 obj\n");
        v1.extend_from_slice(&body);
        v1.extend_from_slice(b"\nendobj\n");
        let xref = v1.len();
        v1.extend_from_slice(
            format!("xref\n4 1\n{at:010} 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev {xref_at} >>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        let w = words(&text(Temp::new("inc.pdf", &v1).extract()));
        assert!(w.contains("Final text") && w.contains("Draft naming Cy Earlier"), "{w}");
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
}
