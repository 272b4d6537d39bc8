//! The formats of output files, and undoing their escapes before a file is
//! searched.

/// How an output file is written, so that its escapes are undone before it
/// is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Text, HTML or XML: entities, URL escapes and tags are seen through.
    Text,
    /// JSON: each string as decoded, on its own.
    Json,
    /// iCalendar: folded lines joined, `\,` `\;` `\n` `\\` undone.
    Ical,
}

impl Format {
    /// The format of an output file, by its name.
    pub(crate) fn of(path: &str) -> Format {
        let ext = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
        match ext.as_str() {
            "json" | "webmanifest" => Format::Json,
            "ics" | "ical" | "ifb" => Format::Ical,
            _ => Format::Text,
        }
    }
}

/// Hands `f` each string of a JSON text, decoded (keys too).
pub(super) fn json_strings(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut s = String::new();
    let mut i = 0;
    while let Some(q) = memchr::memchr(b'"', &bytes[i..]) {
        s.clear();
        let mut j = i + q + 1;
        let mut from = j;
        while j < bytes.len() {
            match bytes[j] {
                b'"' => break,
                b'\\' => {
                    s.push_str(text.get(from..j).unwrap_or(""));
                    let esc = bytes.get(j + 1).copied().unwrap_or(b'\\');
                    j += 2;
                    match esc {
                        b'n' | b'r' | b't' | b'b' | b'f' => s.push(' '),
                        b'u' => {
                            let hex = |at: usize| text.get(at..at + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
                            let mut c = hex(j).unwrap_or(0xfffd);
                            j += 4;
                            if (0xd800..0xdc00).contains(&c)
                                && bytes.get(j) == Some(&b'\\')
                                && bytes.get(j + 1) == Some(&b'u')
                                && let Some(lo) = hex(j + 2).filter(|l| (0xdc00..0xe000).contains(l))
                            {
                                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                                j += 6;
                            }
                            s.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                        }
                        other => s.push(other as char),
                    }
                    from = j.min(bytes.len());
                    continue;
                }
                _ => {}
            }
            j += 1;
        }
        let end = j.min(bytes.len());
        if s.is_empty() {
            // No escapes: the string as it is in the text.
            f(text.get(from..end).unwrap_or(""));
        } else {
            s.push_str(text.get(from..end).unwrap_or(""));
            f(&s);
        }
        i = end + 1;
        if i >= bytes.len() {
            break;
        }
    }
}

/// iCalendar text with folded lines joined and escapes undone.
pub(super) fn ical_unescape(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "");
    let mut out = String::with_capacity(unfolded.len());
    let mut chars = unfolded.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
