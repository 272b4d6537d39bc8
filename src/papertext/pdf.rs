//! PDF: the text layer of every page, and every string outside the pages.

use std::time::Instant;

use super::text::{Markup, decode_text};
use super::{Extracted, MAX_FORM_DEPTH, MAX_PDF_CMAP, MAX_PDF_CONTENT, MAX_PDF_STREAM, MAX_TEXT, PDF_DEADLINE, mb};

pub(super) fn pdf(bytes: &[u8]) -> Extracted {
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
