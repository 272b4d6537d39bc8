//! Papers that could run script on the site: the site publishes a paper at
//! its own address, so a web page or a drawing with a script in it would
//! run with the site's authority in the reader's browser. Only the kinds
//! of paper the guide lists are published; of those, SVG drawings (a chart
//! saved from a spreadsheet) are the only markup, and one is refused if it
//! holds anything that can run or load script.

use std::io::Read;
use std::path::Path;

use super::{MAX_FILE, mb};
use crate::escape::decode_entities;

/// Extensions of the papers the site publishes (lower case): PDF; Word,
/// Excel, PowerPoint and OpenDocument files; RTF; text and CSV; email;
/// pictures; sound and video; zip archives. What a browser runs as a page
/// (HTML, XHTML, XML) is not among them.
pub(crate) const PUBLISHED: &[&str] = &[
    "pdf", "doc", "docx", "docm", "dot", "dotx", "xls", "xlsx", "xlsm", "xlt", "xltx", "ppt", "pptx", "pptm", "pps", "ppsx", "pot", "potx",
    "odt", "ods", "odp", "odg", "ott", "ots", "otp", "rtf", "txt", "csv", "tsv", "eml", "msg", "png", "jpg", "jpeg", "gif", "webp", "bmp",
    "tif", "tiff", "svg", "mp3", "m4a", "wav", "ogg", "oga", "mp4", "m4v", "webm", "mov", "zip",
];

/// Web pages and other markup a browser shows as a page.
const PAGES: &[&str] = &["html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "xslt", "mht", "mhtml", "svgz", "hta", "js", "mjs"];

/// Why a paper at `path` is not published, if it is not: its kind is not
/// one the site publishes, or it is an SVG drawing that could run script.
/// An SVG is read through `open` (the handle of the file that is copied
/// into the site, never the path again).
pub(crate) fn refused(path: &Path, open: impl FnOnce() -> std::io::Result<std::fs::File>) -> Option<String> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if PAGES.contains(&ext.as_str()) {
        return Some(format!(
            "a .{ext} file is a web page or markup, which a browser would run as part of the site (any script in it with the \
             site's own authority), so papers of this kind are not published: save it as a PDF (in the browser: Print, then \
             Save as PDF)"
        ));
    }
    if !PUBLISHED.contains(&ext.as_str()) {
        let kind = if ext.is_empty() { "a file without an extension".to_owned() } else { format!("a .{ext} file") };
        return Some(format!(
            "{kind} is not a kind of paper the site publishes (PDF, Word, Excel, PowerPoint, OpenDocument, RTF, text, CSV, \
             email, pictures, sound, video, zip): save it as a PDF"
        ));
    }
    if ext != "svg" {
        return None;
    }
    let mut bytes = Vec::new();
    let read = open().and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return Some(format!("it cannot be read to check it holds no script ({e})"));
    }
    if bytes.len() as u64 > MAX_FILE {
        return Some(format!("it is larger than the {} MB read to check it holds no script", mb(MAX_FILE)));
    }
    svg_script(&bytes).map(|what| {
        format!(
            "it is a drawing (SVG) that holds {what}, which a browser would run as part of the site: save the drawing again \
             without it, or as a picture (PNG) or a PDF"
        )
    })
}

/// Elements that run script, show another page or document inside the
/// drawing, or change where its links go.
const ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "frame",
    "frameset",
    "embed",
    "object",
    "applet",
    "handler",
    "listener",
    "base",
    "meta",
    "link",
    "form",
    "portal",
    "import",
];

/// What in an SVG drawing could run script, in plain words; `None` if nothing.
pub(crate) fn svg_script(bytes: &[u8]) -> Option<String> {
    // A browser reads bytes in the encoding the file says; one whose
    // letters are not plain text could hide a tag from this check.
    if bytes.iter().any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.starts_with(b"\xFF\xFE")
    {
        return Some("characters that are not plain text (a file saved in an unusual encoding)".into());
    }
    let text = String::from_utf8_lossy(bytes);
    let lower = text.to_ascii_lowercase();
    if let Some(decl) = lower.strip_prefix("\u{feff}").unwrap_or(&lower).trim_start().strip_prefix("<?xml")
        && let Some(end) = decl.find("?>")
        && let Some(at) = decl[..end].find("encoding")
    {
        let value: String = decl[at + 8..end].chars().filter(|c| !matches!(c, '=' | '"' | '\'' | ' ')).collect();
        if !matches!(value.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii" | "iso-8859-1" | "latin1" | "windows-1252") {
            return Some(format!("an unusual encoding (`{value}`)"));
        }
    }
    if lower.contains("<!entity")
        || lower.contains("<!doctype") && lower.split("<!doctype").nth(1).is_some_and(|d| d.split('>').next().unwrap_or("").contains('['))
    {
        return Some("definitions of its own (`<!ENTITY`), which can hide a script".into());
    }
    if lower.contains("<?xml-stylesheet") {
        return Some("a stylesheet instruction (`<?xml-stylesheet`), which can turn it into a web page".into());
    }
    // Anywhere, even in a comment: a script tag.
    if lower.contains("<script") || lower.contains(":script") {
        return Some("a script (`<script>`)".into());
    }
    let mut rest = text.as_ref();
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if let Some(r) = rest.strip_prefix("!--") {
            rest = r.find("-->").map_or("", |e| &r[e + 3..]);
            continue;
        }
        if let Some(r) = rest.strip_prefix("![CDATA[") {
            rest = r.find("]]>").map_or("", |e| &r[e + 3..]);
            continue;
        }
        if rest.starts_with(['?', '!', '/']) {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            continue;
        }
        let name_end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        let local = name.rsplit(':').next().unwrap_or(&name);
        if ELEMENTS.contains(&local) {
            return Some(format!("a `<{}>` element", &rest[..name_end]));
        }
        rest = &rest[name_end..];
        // Attributes, to the tag's end.
        loop {
            rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
                break;
            }
            let key_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/').unwrap_or(rest.len());
            let key = rest[..key_end].to_ascii_lowercase();
            rest = rest[key_end..].trim_start();
            if key_end == 0 {
                rest = rest.get(1..).unwrap_or("");
                continue;
            }
            let local = key.rsplit(':').next().unwrap_or(&key);
            if local.starts_with("on") {
                return Some(format!("an event handler (`{key}=`), which runs script"));
            }
            let Some(after) = rest.strip_prefix('=') else { continue };
            let after = after.trim_start();
            let (value, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = next;
            if let Some(what) = script_address(value) {
                return Some(what);
            }
        }
    }
    None
}

/// Whether an attribute's value is an address that runs script or loads
/// a document: `javascript:`, `vbscript:`, or a `data:` address that is
/// not a plain picture (entities decoded, spaces and capitals aside).
fn script_address(value: &str) -> Option<String> {
    let once = decode_entities(value).into_owned();
    let decoded = decode_entities(&once);
    let squeezed: String = decoded.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    if let Some(scheme) = ["javascript:", "vbscript:", "livescript:"].into_iter().find(|s| squeezed.contains(s)) {
        return Some(format!("a script address (`{scheme}`)"));
    }
    let mut at = 0;
    while let Some(found) = squeezed[at..].find("data:") {
        let data = &squeezed[at + found + 5..];
        let picture = ["image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/bmp"].iter().any(|p| data.starts_with(p));
        if !picture {
            return Some("an embedded document address (`data:` that is not a plain picture)".into());
        }
        at += found + 5;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kind alone decides these: the file is never opened.
    fn unopened() -> std::io::Result<std::fs::File> {
        panic!("a paper that is not an SVG is not read")
    }

    #[test]
    fn kinds_published() {
        for ok in ["a.pdf", "b.DOCX", "c.xlsx", "d.odt", "e.csv", "f.jpg", "g.eml", "h.rtf"] {
            assert_eq!(refused(Path::new(ok), unopened), None, "{ok}");
        }
        assert!(refused(Path::new("a.html"), unopened).unwrap().contains("web page"));
        assert!(refused(Path::new("a.XHTML"), unopened).unwrap().contains("web page"));
        assert!(refused(Path::new("a.xml"), unopened).unwrap().contains("web page"));
        assert!(refused(Path::new("a.exe"), unopened).unwrap().contains("a .exe file is not a kind of paper"));
        assert!(refused(Path::new("README"), unopened).unwrap().contains("without an extension"));
    }

    #[test]
    fn svg_that_could_run_script_is_found() {
        let plain = br##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50" opacity="0.9">
<!-- a chart --><style>.bar { fill: #36c; }</style>
<rect class="bar" x="1" y="1" width="40" height="20"/><text x="2" y="40">Spend &amp; budget</text>
<a href="https://www.england.nhs.uk/"><text>NHS England</text></a>
<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/></svg>"##;
        assert_eq!(svg_script(plain), None);
        let svg = |body: &str| format!("<svg xmlns=\"http://www.w3.org/2000/svg\">{body}</svg>");
        for (body, what) in [
            ("<script>alert(1)</script>", "script"),
            ("<SCRIPT >alert(1)</SCRIPT>", "script"),
            ("<x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script>", "script"),
            ("<rect onload=\"alert(1)\"/>", "event handler"),
            ("<rect\nONCLICK = alert(1) />", "event handler"),
            ("<a xlink:href=\"javascript:alert(1)\"><text>x</text></a>", "javascript:"),
            ("<a href=\"jav&#x61;script:alert(1)\">x</a>", "javascript:"),
            ("<a href=\" java\tscript:alert(1)\">x</a>", "javascript:"),
            ("<a href=\"j&amp;#97;vascript:x\">x</a>", "javascript:"),
            ("<set attributeName=\"href\" to=\"javascript:alert(1)\"/>", "javascript:"),
            ("<animate attributeName=\"href\" values=\"x;javascript:alert(1)\"/>", "javascript:"),
            ("<foreignObject><p>x</p></foreignObject>", "foreignObject"),
            ("<iframe src=\"x\"/>", "iframe"),
            ("<embed src=\"x\"/>", "embed"),
            ("<object data=\"x\"/>", "object"),
            ("<use href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>", "data:"),
            ("<iframe src=\"data:text/html,x\"/>", "iframe"),
        ] {
            let found = svg_script(svg(body).as_bytes());
            assert!(found.as_deref().is_some_and(|f| f.contains(what)), "{body}: {found:?}");
        }
        assert!(
            svg_script(b"<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;\">]><svg>&x;</svg>")
                .unwrap()
                .contains("ENTITY")
        );
        assert!(svg_script(b"<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?><svg/>").unwrap().contains("stylesheet"));
        assert!(svg_script(b"<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><svg/>").unwrap().contains("encoding"));
        assert!(svg_script(b"<svg><scr\x1b(Bipt>alert(1)</script></svg>").unwrap().contains("not plain text"));
        assert!(svg_script(b"\xFF\xFE<\0s\0v\0g\0").unwrap().contains("not plain text"));
    }
}
