//! RTF: the text of every group, the hidden ones too (comments and their
//! authors, the document information, field codes such as a link's
//! `mailto:`), with control words taken out and the characters they encode
//! (`\'e9`, `\u233?`) put back. Pictures are skipped; an embedded object
//! (`\objdata`) cannot be read, so neither can the paper.

use super::{Extracted, MAX_TEXT, mb};

pub(super) fn rtf(bytes: &[u8], _depth: usize) -> Extracted {
    let mut r = Rtf { out: String::new(), pending: Vec::new(), codepage: encoding_rs::WINDOWS_1252, high: None };
    // The state of each open group: characters to skip after `\uN`, and
    // whether it holds a picture (hex digits, not text), whether it is a
    // destination.
    let mut stack: Vec<(usize, bool, bool)> = Vec::new();
    let mut uc = 1usize;
    let mut picture = false;
    let mut skip = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if r.out.len() > MAX_TEXT {
            return Extracted::Unreadable(format!("it holds more than the {} MB of text read for names", mb(MAX_TEXT as u64)));
        }
        let b = bytes[i];
        match b {
            b'{' => {
                // A destination (the author, a comment, a field's code, a
                // font's name) is text of its own; any other group may be
                // part of a word (`wor{\i d}`).
                let dest = destination(&bytes[i + 1..]);
                if dest {
                    r.text("\n");
                } else {
                    r.flush();
                }
                if stack.len() < 1024 {
                    stack.push((uc, picture, dest));
                }
                i += 1;
            }
            b'}' => {
                r.flush();
                if let Some((u, p, dest)) = stack.pop() {
                    uc = u;
                    picture = p;
                    if dest {
                        r.text("\n");
                    }
                }
                skip = 0;
                i += 1;
            }
            b'\\' => {
                let (word, param, next) = control(bytes, i + 1);
                i = next;
                if word.is_empty() {
                    // A control symbol.
                    let sym = bytes.get(i - 1).copied().unwrap_or(b' ');
                    match sym {
                        b'\'' => {
                            let hex =
                                bytes.get(i..i + 2).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
                            i += 2;
                            if skip > 0 {
                                skip -= 1;
                            } else if let Some(h) = hex
                                && !picture
                            {
                                r.pending.push(h);
                            }
                        }
                        b'~' => r.text(" "),
                        b'_' => r.text("-"),
                        b'{' | b'}' | b'\\' => {
                            if skip > 0 {
                                skip -= 1;
                            } else {
                                r.text(std::str::from_utf8(&[sym]).unwrap_or(""));
                            }
                        }
                        b'\n' | b'\r' => r.text("\n"),
                        // `\-` (an optional hyphen), `\*`, `\|`, `\:`: nothing to show.
                        _ => {}
                    }
                    continue;
                }
                r.flush();
                match word {
                    b"u" => {
                        let n = param.unwrap_or(0);
                        let n = if n < 0 { n + 65536 } else { n } as u32;
                        r.unit(n);
                        skip = uc;
                    }
                    b"uc" => uc = param.unwrap_or(1).clamp(0, 16) as usize,
                    b"ansicpg" => r.codepage = codepage(param.unwrap_or(1252)),
                    b"par" | b"line" | b"sect" | b"page" | b"row" | b"cell" | b"tab" | b"nestcell" | b"lbr" => r.text("\n"),
                    b"pict" | b"themedata" | b"colorschememapping" | b"datastore" | b"passwordhash" | b"fontemb" => picture = true,
                    b"objdata" => {
                        return Extracted::Unreadable("it holds an embedded object, which cannot be read for names".into());
                    }
                    b"bin" => {
                        // Binary data: skipped whole.
                        i = i.saturating_add(param.unwrap_or(0).max(0) as usize);
                    }
                    _ => {}
                }
            }
            b'\r' | b'\n' => i += 1,
            _ => {
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b'{' | b'}' | b'\\' | b'\r' | b'\n') {
                    i += 1;
                }
                let mut run = &bytes[start..i];
                while skip > 0 && !run.is_empty() {
                    run = &run[1..];
                    skip -= 1;
                }
                if !picture {
                    r.pending.extend_from_slice(run);
                }
            }
        }
    }
    r.flush();
    Extracted::Text(r.out)
}

struct Rtf {
    out: String,
    /// Bytes in the document's code page, not yet decoded (a character of
    /// two bytes may be written as two `\'xx`).
    pending: Vec<u8>,
    codepage: &'static encoding_rs::Encoding,
    /// A high surrogate waiting for its pair.
    high: Option<u32>,
}

impl Rtf {
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let (text, _, _) = self.codepage.decode(&self.pending);
            self.out.push_str(&text);
            self.pending.clear();
        }
    }

    fn text(&mut self, s: &str) {
        self.flush();
        self.out.push_str(s);
    }

    /// A UTF-16 unit from `\uN`, pairing surrogates.
    fn unit(&mut self, n: u32) {
        if (0xD800..0xDC00).contains(&n) {
            self.high = Some(n);
            return;
        }
        let c = match self.high.take() {
            Some(high) if (0xDC00..0xE000).contains(&n) => char::from_u32(0x10000 + ((high - 0xD800) << 10) + (n - 0xDC00)),
            _ => char::from_u32(n),
        };
        self.out.push(c.unwrap_or('\u{FFFD}'));
    }
}

/// The control word after a backslash at `at`: its letters, its numeric
/// parameter, and where the text after it starts (a space ending the word
/// belongs to it). For a control symbol the word is empty and the symbol
/// is the byte before the returned position.
fn control(bytes: &[u8], at: usize) -> (&[u8], Option<i64>, usize) {
    let mut i = at;
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() && i - at < 32 {
        i += 1;
    }
    if i == at {
        return (&[], None, at + 1);
    }
    let word = &bytes[at..i];
    let start = i;
    if i < bytes.len() && bytes[i] == b'-' {
        i += 1;
    }
    while i < bytes.len() && bytes[i].is_ascii_digit() && i - start < 10 {
        i += 1;
    }
    let param = std::str::from_utf8(&bytes[start..i]).ok().and_then(|p| p.parse::<i64>().ok());
    if i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    (word, param, i)
}

/// Whether a group (after its `{`) is a destination: `{\*\…}` or one of
/// the common ones named.
fn destination(group: &[u8]) -> bool {
    const NAMED: &[&[u8]] = &[
        b"author",
        b"operator",
        b"title",
        b"subject",
        b"keywords",
        b"comment",
        b"doccomm",
        b"company",
        b"manager",
        b"category",
        b"info",
        b"fonttbl",
        b"colortbl",
        b"stylesheet",
        b"fldinst",
        b"fldrslt",
        b"footnote",
        b"header",
        b"headerl",
        b"headerr",
        b"headerf",
        b"footer",
        b"footerl",
        b"footerr",
        b"footerf",
        b"annotation",
        b"atnauthor",
        b"atnid",
        b"pict",
        b"object",
        b"txe",
        b"xe",
        b"tc",
        b"field",
        b"f",
    ];
    if group.starts_with(b"\\*") {
        return true;
    }
    let Some(rest) = group.strip_prefix(b"\\") else { return false };
    let end = rest.iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(rest.len());
    NAMED.contains(&&rest[..end])
}

/// The encoding of a Windows code page (`\ansicpg1251`).
fn codepage(n: i64) -> &'static encoding_rs::Encoding {
    let label = match n {
        874 => "windows-874",
        932 => "shift_jis",
        936 => "gbk",
        949 => "euc-kr",
        950 => "big5",
        1250..=1258 => return encoding_rs::Encoding::for_label(format!("windows-{n}").as_bytes()).unwrap_or(encoding_rs::WINDOWS_1252),
        10000 => "macintosh",
        65001 => "utf-8",
        _ => "windows-1252",
    };
    encoding_rs::Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::WINDOWS_1252)
}

#[cfg(test)]
mod tests {
    use crate::papertext::tests::{Temp, text, unreadable, words};

    #[test]
    fn rtf_is_read_with_its_hidden_groups() {
        let doc = br#"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Calibri;}}{\info{\author Ann Author}{\operator Bo Last}}
{\*\annotation{\*\atnauthor Cy Note} Looked at}
\pard Present: Dr Z\'f6e Qu\u252?ill, Jan\'e9 Smith-J\par
{\field{\*\fldinst HYPERLINK "mailto:dee.eff@nhs.net"}{\fldrslt email}}
Sp\b li\b0 t wor{\i d}\par
{\pict\pngblip 89504e470d0a1a0a}{\*\themedata 504b0304}
\u-3913?\u8212? end\~here}"#;
        let w = words(&text(Temp::new("a.rtf", doc).extract()));
        for want in [
            "Ann Author",
            "Bo Last",
            "Cy Note",
            "Looked at",
            "Present: Dr Zöe Quüill, Jané Smith-J",
            "mailto:dee.eff@nhs.net",
            "Split word",
            "— end here",
        ] {
            assert!(w.contains(want), "{want} not in {w}");
        }
        assert!(!w.contains("89504e") && !w.contains("504b0304"), "pictures are not text: {w}");
        assert!(!w.contains("Calibri;") || w.contains("Calibri"), "{w}");

        // Known by its first bytes, whatever its name.
        let w = words(&text(Temp::new("a.doc.txt", br"{\rtf1 Hello {\b there}}").extract()));
        assert_eq!(w, "Hello there");

        // Cyrillic in its code page.
        let w = words(&text(Temp::new("c.rtf", br"{\rtf1\ansi\ansicpg1251 \'cf\'e5\'f2\'f0}").extract()));
        assert_eq!(w, "Петр");

        let why = unreadable(Temp::new("o.rtf", br"{\rtf1 {\object\objemb{\*\objdata 01050000020000000b000000}} text}").extract());
        assert!(why.contains("embedded object"), "{why}");
    }
}
