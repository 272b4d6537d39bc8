//! Tags in a text: where one is and what it holds, and whether it parts
//! words.

use std::ops::Range;

/// Whether an element does not break a word: `Quen<em>tin</em>` reads
/// "Quentin".
pub(super) fn is_inline(name: &[u8]) -> bool {
    let mut lower = [0u8; 6];
    if name.len() > lower.len() {
        return false;
    }
    for (l, b) in lower.iter_mut().zip(name) {
        *l = b.to_ascii_lowercase();
    }
    matches!(
        &lower[..name.len()],
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"bdo"
            | b"cite"
            | b"code"
            | b"data"
            | b"del"
            | b"dfn"
            | b"em"
            | b"font"
            | b"i"
            | b"ins"
            | b"kbd"
            | b"mark"
            | b"q"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strike"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"time"
            | b"tt"
            | b"u"
            | b"var"
            | b"wbr"
    )
}

/// The tag starting at `<` at `i`: where its name is (empty for a comment,
/// `!` for a declaration), the range of what it holds, and where it ends.
pub(super) fn tag(bytes: &[u8], i: usize) -> Option<(Range<usize>, Range<usize>, usize)> {
    let rest = &bytes[i + 1..];
    if rest.starts_with(b"!--") {
        let from = i + 4;
        let end = memchr::memmem::find(&bytes[from..], b"-->")?;
        return Some((i..i, from..from + end, from + end + 3));
    }
    let first = *rest.first()?;
    let starts = first.is_ascii_alphabetic()
        || (first == b'/' && rest.get(1).is_some_and(u8::is_ascii_alphabetic))
        || first == b'!'
        || first == b'?';
    if !starts {
        return None;
    }
    let mut quote = None;
    let limit = bytes.len().min(i + 4096);
    let mut j = i + 1;
    while j < limit {
        let b = bytes[j];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => {
                let from = if first == b'/' { i + 2 } else { i + 1 };
                let len = bytes[from..j].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                // A declaration (`<!doctype`, `<?xml`) is no inline element.
                let name = if first == b'!' || first == b'?' { i..i + 1 } else { from..from + len.max(1) };
                return Some((name, i + 1..j, j + 1));
            }
            None if b == b'<' => return None,
            None => {}
        }
        j += 1;
    }
    None
}
