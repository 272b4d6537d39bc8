//! Where in a YAML file an error is: the line and column of `key: value`.

/// Column (1-based) of `value` on `line` when the line holds `key: value`.
fn holds(line: &str, key: &str, value: &str) -> Option<usize> {
    let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
    let rest = trimmed.strip_prefix(key)?.trim_start().strip_prefix(':')?;
    if value.is_empty() {
        return Some(line.len() - trimmed.len() + 1);
    }
    let at = rest.find(value)?;
    Some(line.len() - rest.len() + at + 1)
}

/// Like [`locate`], for the first match after line `after` (1-based).
pub(super) fn locate_after(text: &str, after: usize, key: &str, value: &str) -> (usize, usize) {
    text.lines().enumerate().skip(after).find_map(|(i, l)| holds(l, key, value).map(|c| (i + 1, c))).unwrap_or((0, 0))
}

/// Finds `key: value` (1-based line and the value's column), searching from
/// the line holding `anchor` when given. (0, 0) when not found.
pub(crate) fn locate(text: &str, anchor: Option<(&str, &str)>, key: &str, value: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let start = match anchor {
        Some((k, v)) => lines.iter().position(|l| holds(l, k, v).is_some()).unwrap_or(0),
        None => 0,
    };
    for (i, line) in lines.iter().enumerate().skip(start) {
        if let Some(col) = holds(line, key, value) {
            return (i + 1, col);
        }
    }
    // The value may sit in a flow list (`members: [a, b]`): find it anywhere.
    if !value.is_empty() {
        for (i, line) in lines.iter().enumerate().skip(start) {
            if line.trim_start().starts_with(key)
                && let Some(at) = line.find(value)
            {
                return (i + 1, at + 1);
            }
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_key_after_anchor() {
        let text = "entries:\n  - id: A\n    meeting: x\n  - id: B\n    meeting: x\n";
        assert_eq!(locate(text, Some(("id", "B")), "meeting", "x"), (5, 14));
        assert_eq!(locate(text, None, "meeting", "x"), (3, 14));
        assert_eq!(locate(text, None, "nothing", ""), (0, 0));
    }
}
