//! HTML character references: one decoder, and one table of entities
//! (markup5ever's, every HTML named entity), for the matcher and for the
//! papers (`papertext`).

/// The entity whose name starts at `j` (after its `&`): its characters and
/// where it ends.
pub(crate) fn entity(bytes: &[u8], j: usize) -> Option<(char, Option<char>, usize)> {
    let rest = bytes.get(j..)?;
    if rest.first() == Some(&b'#') {
        let (digits, radix, skip) = match rest.get(1) {
            Some(b'x' | b'X') => (rest[2..].iter().take_while(|b| b.is_ascii_hexdigit()).count(), 16, 2),
            _ => (rest[1..].iter().take_while(|b| b.is_ascii_digit()).count(), 10, 1),
        };
        if digits == 0 || digits > 8 {
            return None;
        }
        let s = std::str::from_utf8(&rest[skip..skip + digits]).ok()?;
        let n = u32::from_str_radix(s, radix).ok()?;
        let c = if n == 0 { '\u{fffd}' } else { char::from_u32(n).unwrap_or('\u{fffd}') };
        let mut end = j + skip + digits;
        if bytes.get(end) == Some(&b';') {
            end += 1;
        }
        return Some((c, None, end));
    }
    let len = rest.iter().take(40).take_while(|b| b.is_ascii_alphanumeric()).count();
    if len == 0 {
        return None;
    }
    let name = std::str::from_utf8(&rest[..len]).ok()?;
    let semi = rest.get(len) == Some(&b';');
    let common = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => None,
    };
    if let Some(c) = common {
        return Some((c, None, j + len + usize::from(semi)));
    }
    let (key, end) = if semi { (format!("{name};"), j + len + 1) } else { (name.to_owned(), j + len) };
    // The table also holds every start of a name, as (0, 0): no entity.
    let found = |key: &str, end: usize| match *markup5ever::data::NAMED_ENTITIES.get(key)? {
        (0, _) => None,
        (a, b) => Some((char::from_u32(a)?, if b == 0 { None } else { char::from_u32(b) }, end)),
    };
    // HTML reads a legacy entity without its `;` before other letters
    // (`Dr&nbspQuentin` shows `Dr Quentin`): the longest one that starts
    // the name (they are at most 6 letters long, and the table holds them
    // without `;`).
    found(&key, end).or_else(|| (2..len.min(6) + 1).rev().find_map(|l| found(&name[..l], j + l)))
}
