//! Email saved as a file (`.eml`, MIME): every header (who sent it, to
//! whom, the subject, with their `=?utf-8?B?…?=` words decoded), and every
//! part of the body, its base64 or quoted-printable transfer encoding and
//! its character set undone: text as it is, HTML with its tags taken out,
//! attached files read as papers of their own (to a bounded depth).

use super::text::Markup;
use super::{Extracted, MAX_DEPTH, MAX_TEXT, extract_bytes, mb};

/// Most parts of one email read.
const MAX_PARTS: usize = 1000;

pub(super) fn email(bytes: &[u8], depth: usize) -> Extracted {
    let mut out = Markup::default();
    let mut parts = 0;
    if let Err(why) = part(bytes, depth, &mut out, &mut parts, 0) {
        return Extracted::Unreadable(why);
    }
    out.finish()
}

/// Whether the first bytes of a file read as email headers.
pub(super) fn looks_like_email(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let headers = ["from:", "to:", "subject:", "date:", "mime-version:", "received:", "return-path:", "message-id:", "content-type:"];
    let first: Vec<&str> = text.lines().take(8).collect();
    first.iter().filter(|l| headers.iter().any(|h| l.starts_with(h))).count() >= 2
}

/// One MIME entity: headers, then a body or parts. `nest` counts multiparts
/// inside multiparts.
fn part(bytes: &[u8], depth: usize, out: &mut Markup, parts: &mut usize, nest: usize) -> Result<(), String> {
    *parts += 1;
    if *parts > MAX_PARTS || nest > 32 {
        return Err(format!("it has more than {MAX_PARTS} parts, more than are read for names"));
    }
    let (head, body) = split_head(bytes);
    let headers = unfold(&String::from_utf8_lossy(head));
    let mut content_type = String::from("text/plain");
    let mut encoding = String::new();
    let mut disposition = String::new();
    for (name, value) in &headers {
        // Every header is read: From, To, Cc, Subject, and the rest.
        out.push_block(&decode_words(value));
        match name.to_ascii_lowercase().as_str() {
            "content-type" => content_type = value.clone(),
            "content-transfer-encoding" => encoding = value.trim().to_ascii_lowercase(),
            "content-disposition" => disposition = value.clone(),
            _ => {}
        }
    }
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let data = match encoding.as_str() {
        "base64" => base64(body),
        "quoted-printable" => quoted_printable(body),
        _ => body.to_vec(),
    };
    if mime.starts_with("multipart/") {
        let Some(boundary) = param(&content_type, "boundary") else {
            out.push_block(&String::from_utf8_lossy(body));
            return Ok(());
        };
        for inner in split_parts(body, boundary.as_bytes()) {
            part(inner, depth, out, parts, nest + 1)?;
        }
        return Ok(());
    }
    if mime == "message/rfc822" {
        return part(&data, depth, out, parts, nest + 1);
    }
    let charset = param(&content_type, "charset").unwrap_or_default();
    let decode = |b: &[u8]| match encoding_rs::Encoding::for_label(charset.as_bytes()) {
        Some(enc) => enc.decode(b).0.into_owned(),
        None => super::text::decode_text(b),
    };
    let name = param(&disposition, "filename").or_else(|| param(&content_type, "name")).unwrap_or_default();
    let attached = disposition.trim().to_ascii_lowercase().starts_with("attachment") || !name.is_empty();
    if mime == "text/html" && !attached {
        let mut m = Markup::default();
        m.strip_html(&decode(&data), false);
        match m.finish() {
            Extracted::Text(t) => out.push_block(&t),
            Extracted::Unreadable(why) => return Err(why),
            Extracted::NotText => {}
        }
    } else if mime.starts_with("text/") && !attached {
        out.push_block(&decode(&data));
    } else {
        if depth >= MAX_DEPTH {
            return Err("it has attached files inside attached files, deeper than are read for names".into());
        }
        let name = decode_words(&name);
        out.push_block(&name);
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match extract_bytes(&data, &ext, depth + 1) {
            Extracted::Text(t) => out.push_block(&t),
            Extracted::NotText => {}
            Extracted::Unreadable(why) => {
                let what = if name.is_empty() { "a file attached to it".to_owned() } else { format!("the file {name} attached to it") };
                return Err(format!("{what} cannot be read: {why}"));
            }
        }
    }
    if out.full {
        return Err(format!("it holds more than the {} MB of text read for names", mb(MAX_TEXT as u64)));
    }
    Ok(())
}

/// The headers and the body, split at the first empty line.
fn split_head(bytes: &[u8]) -> (&[u8], &[u8]) {
    for (i, w) in bytes.windows(2).enumerate() {
        if w == b"\n\n" {
            return (&bytes[..i], &bytes[i + 2..]);
        }
        if w == b"\n\r" && bytes.get(i + 2) == Some(&b'\n') {
            return (&bytes[..i], &bytes[i + 3..]);
        }
    }
    (bytes, &[])
}

/// Headers as (name, value), continuation lines joined.
fn unfold(head: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_owned(), value.trim().to_owned()));
        } else if !line.trim().is_empty() {
            out.push((String::new(), line.to_owned()));
        }
    }
    out
}

/// A parameter of a header value (`boundary="x"`, `filename=a.pdf`).
fn param(value: &str, key: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        let k = k.trim().to_ascii_lowercase();
        // RFC 2231 `filename*=utf-8''…`: the name, percent-decoded.
        if let Some(k) = k.strip_suffix('*')
            && k == key
        {
            let v = v.trim().trim_matches('"');
            let v = v.rsplit("''").next().unwrap_or(v);
            return Some(String::from_utf8_lossy(&percent(v)).into_owned());
        }
        (k == key).then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn percent(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The parts of a multipart body, between its `--boundary` lines.
fn split_parts<'a>(body: &'a [u8], boundary: &[u8]) -> Vec<&'a [u8]> {
    let mut marker = b"--".to_vec();
    marker.extend_from_slice(boundary);
    let starts: Vec<usize> = memchr::memmem::find_iter(body, &marker).filter(|&at| at == 0 || body[at - 1] == b'\n').collect();
    let mut out = Vec::new();
    for (k, &at) in starts.iter().enumerate() {
        let after = at + marker.len();
        if body[after..].starts_with(b"--") {
            break;
        }
        let from = body[after..].iter().position(|&b| b == b'\n').map_or(body.len(), |p| after + p + 1);
        let to = starts.get(k + 1).copied().unwrap_or(body.len());
        if from < to {
            out.push(&body[from..to]);
        }
    }
    out
}

/// Encoded words in a header (`=?utf-8?B?…?=`, `=?iso-8859-1?Q?…?=`).
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("=?") {
        let word = &rest[start + 2..];
        let parsed = (|| {
            let (charset, word) = word.split_once('?')?;
            let (kind, word) = word.split_once('?')?;
            let end = word.find("?=")?;
            let data = &word[..end];
            let bytes = match kind {
                "B" | "b" => base64(data.as_bytes()),
                "Q" | "q" => quoted_printable(data.replace('_', " ").as_bytes()),
                _ => return None,
            };
            let text = match encoding_rs::Encoding::for_label(charset.split('*').next().unwrap_or("").as_bytes()) {
                Some(enc) => enc.decode(&bytes).0.into_owned(),
                None => String::from_utf8_lossy(&bytes).into_owned(),
            };
            Some((text, charset.len() + kind.len() + end + 6))
        })();
        match parsed {
            Some((text, len)) => {
                let between = &rest[..start];
                // White space between two encoded words is not shown.
                if !(between.trim().is_empty() && out.ends_with('\u{0}')) {
                    out.push_str(between);
                }
                out.push_str(&text);
                out.push('\u{0}');
                rest = &rest[start + len..];
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
            }
        }
    }
    out.push_str(rest);
    out.replace('\u{0}', "")
}

/// Base64, ignoring line breaks and anything not of its alphabet.
pub(super) fn base64(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in data {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable: `=XX` bytes and soft line breaks (`=` at a line's end).
fn quoted_printable(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] == b'=' {
            if data.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            if data.get(i + 1..i + 3) == Some(b"\r\n") {
                i += 3;
                continue;
            }
            if let Some(v) = data.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(data[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::papertext::tests::{Temp, text, unreadable, words};

    #[test]
    fn email_headers_and_encoded_bodies_are_read() {
        let html_b64 = "PHA+UHJlc2VudGVkIGJ5IDxiPkFubjwvYj4gT3RoZXI8L3A+";
        assert_eq!(base64(html_b64.as_bytes()), b"<p>Presented by <b>Ann</b> Other</p>");
        let eml = format!(
            "From: =?utf-8?B?Wm/DqyBXcml0ZXI=?= <zw@example.nhs.uk>\r\n\
             To: Bo Reader <bo@example.nhs.uk>\r\n\
             Subject: =?iso-8859-1?Q?Minutes_from_Jan=E9?=\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"outer\"\r\n\
             \r\n\
             preamble\r\n\
             --outer\r\n\
             Content-Type: multipart/alternative; boundary=inner\r\n\
             \r\n\
             --inner\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n\
             \r\n\
             Apologies from Cy Dee=\r\n\
             n, and from Z=C3=B6e.\r\n\
             --inner\r\n\
             Content-Type: text/html; charset=utf-8\r\n\
             Content-Transfer-Encoding: base64\r\n\
             \r\n\
             {html_b64}\r\n\
             --inner--\r\n\
             --outer\r\n\
             Content-Type: text/csv; name=\"list.csv\"\r\n\
             Content-Disposition: attachment; filename=\"list.csv\"\r\n\
             Content-Transfer-Encoding: base64\r\n\
             \r\n\
             bmFtZQpFdmUgRmVybg==\r\n\
             --outer--\r\n"
        );
        let w = words(&text(Temp::new("m.eml", eml.as_bytes()).extract()));
        for want in [
            "Zoë Writer",
            "Bo Reader",
            "Minutes from Jané",
            "Apologies from Cy Deen, and from Zöe.",
            "Presented by Ann Other",
            "list.csv",
            "Eve Fern",
        ] {
            assert!(w.contains(want), "{want} not in {w}");
        }
        assert!(!w.contains(html_b64), "{w}");

        // An attachment that cannot be read: the email cannot be read.
        let eml = "From: a@b.c\nSubject: scan\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nSee attached\n--b\nContent-Type: application/msword; name=old.doc\nContent-Transfer-Encoding: base64\n\n0M8R4KGxGuE=\n--b--\n";
        let why = unreadable(Temp::new("n.eml", eml.as_bytes()).extract());
        assert!(why.contains("old.doc attached to it cannot be read"), "{why}");
    }
}
