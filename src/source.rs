//! Content text as it is read from a file, shared by [`load`](crate::load)
//! and by the minutes, which stay in their files until a page needs them.
//!
//! The national corpus has 150 MB of minutes. Holding them from load to
//! render doubled the memory of a build, and nothing before render reads
//! them: validation and the checks need only the front matter and whether
//! the minutes are blank. So a meeting keeps where its minutes are, their
//! length and a fingerprint; the renderers read them back, one meeting at a
//! time, and a file changed since it was loaded is an error rather than a
//! page that mixes two versions.

use std::path::{Path, PathBuf};

/// Text as the content format reads it: without a byte order mark, and with
/// `\r\n` and lone `\r` line ends as `\n`.
pub(crate) fn normalize(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    text
}

/// Splits a Markdown file into its YAML front matter (between `---` lines,
/// the closing one may be `...`) and its body.
pub(crate) fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n").or_else(|| (text.trim_end() == "---").then_some(""))?;
    if let Some(body) = rest.strip_prefix("---\n") {
        return Some(("", body));
    }
    if rest == "---" {
        return Some(("", ""));
    }
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n').trim_end();
        if bare == "---" || bare == "..." {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// A meeting's minutes: Markdown that follows the front matter.
#[derive(Debug, Clone)]
pub struct Minutes {
    kept: Kept,
    blank: bool,
}

#[derive(Debug, Clone)]
enum Kept {
    Text(String),
    /// Still in the file: read back and compared when needed.
    File {
        path: PathBuf,
        len: usize,
        fingerprint: u64,
    },
}

impl Minutes {
    /// Minutes held in memory.
    pub fn text(text: String) -> Minutes {
        Minutes { blank: text.trim().is_empty(), kept: Kept::Text(text) }
    }

    /// Minutes left in `path`, where `body` was read (normalized) after the
    /// front matter.
    pub fn in_file(path: &Path, body: &str) -> Minutes {
        Minutes {
            blank: body.trim().is_empty(),
            kept: Kept::File { path: path.to_path_buf(), len: body.len(), fingerprint: fingerprint(body) },
        }
    }

    /// Whether there are no minutes (only white space).
    pub fn is_blank(&self) -> bool {
        self.blank
    }

    /// The Markdown, read back from its file if it was left there. Fails if
    /// the file can no longer be read or its minutes changed since loading.
    pub fn read(&self) -> Result<MinutesText<'_>, String> {
        match &self.kept {
            Kept::Text(t) => Ok(MinutesText::Held(t)),
            Kept::File { path, len, fingerprint: fp } => {
                let bytes = std::fs::read(path).map_err(|e| format!("cannot read the minutes again: {e}"))?;
                let changed = || "the file changed while the site was being built: build again".to_owned();
                let text = normalize(String::from_utf8(bytes).map_err(|_| changed())?);
                let (_, body) = split_front_matter(&text).ok_or_else(changed)?;
                if body.len() != *len || fingerprint(body) != *fp {
                    return Err(changed());
                }
                let start = text.len() - body.len();
                Ok(MinutesText::Read { text, start })
            }
        }
    }
}

/// Minutes as [`Minutes::read`] gives them: the text held, or the file read
/// again with the body starting at `start` (not copied out of it).
#[derive(Debug)]
pub enum MinutesText<'a> {
    Held(&'a str),
    Read { text: String, start: usize },
}

impl std::ops::Deref for MinutesText<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            MinutesText::Held(t) => t,
            MinutesText::Read { text, start } => &text[*start..],
        }
    }
}

/// A fast 64-bit hash of `text`, eight bytes a step, to tell whether text
/// read again is the text loaded (not for anything adversarial: it guards
/// against an edit during a build, not an attack).
pub(crate) fn fingerprint(text: &str) -> u64 {
    use std::hash::Hasher as _;
    let mut h = WordHasher::default();
    h.write(text.as_bytes());
    h.write_usize(text.len());
    h.finish()
}

/// The multiply-rotate hash of rustc's FxHash, over eight bytes at a time,
/// with a final mix so the high bits vary too. For hash maps keyed by words
/// (the search index looks up some 20 million) and for [`fingerprint`].
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.mix(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(last));
        }
    }
    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.mix(u64::from(b));
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

/// Line and column (1-based, the column in characters) of byte `pos` of
/// `text`, for a diagnostic.
pub(crate) fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &text[..pos];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// The YAML key whose value holds byte `pos` of `text` (`summary` for a
/// place in `summary: …` or in the lines of text it continues on, `present`
/// for an item of the list under `present:`), read from the indentation, as
/// a person would. For pointing at a place, not for parsing.
pub(crate) fn yaml_key_at(text: &str, pos: usize) -> Option<&str> {
    let pos = pos.min(text.len());
    let line_start = text.get(..pos)?.rfind('\n').map_or(0, |i| i + 1);
    if let Some(key) = line_key(&text[line_start..pos]) {
        return Some(key);
    }
    let line = text[line_start..].lines().next().unwrap_or("");
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let (own, item) = (indent(line), line.trim_start().starts_with('-'));
    for prev in text[..line_start].lines().rev() {
        let trimmed = prev.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let i = indent(prev);
        if (i < own || (item && i == own && !prev.trim_start().starts_with('-')))
            && let Some(key) = line_key(prev)
        {
            return Some(key);
        }
    }
    None
}

/// The `key:` a line starts with (`  - name: Dr X` → `name`), if any.
fn line_key(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(['-', ' ', '{', '"', '\'']);
    let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
    let after = rest[len..].trim_start_matches(['"', '\'']);
    (len > 0 && (after.starts_with(": ") || after == ":" || after.starts_with(":\t"))).then(|| &rest[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_places() {
        let text = "entries:\n  - name: Dr X\n    summary: The chair thanked\n      Dr X for it.\n    present:\n      - Dr X\n    roles: [a, Dr X]\n    notes: >\n      Dr X\n";
        let at = |n: usize| text.match_indices("Dr X").nth(n).unwrap().0;
        assert_eq!(yaml_key_at(text, at(0)), Some("name"));
        assert_eq!(yaml_key_at(text, at(1)), Some("summary"));
        assert_eq!(yaml_key_at(text, at(2)), Some("present"));
        assert_eq!(yaml_key_at(text, at(3)), Some("roles"));
        assert_eq!(yaml_key_at(text, at(4)), Some("notes"));
        assert_eq!(yaml_key_at("present:\n- Dr X\n", 11), Some("present"));
        assert_eq!(yaml_key_at("# Dr X\n", 2), None);
    }

    #[test]
    fn front_matter() {
        assert_eq!(split_front_matter("---\ntitle: x\n---\nbody\n"), Some(("title: x\n", "body\n")));
        assert_eq!(split_front_matter("---\ntitle: x\n---"), Some(("title: x\n", "")));
        assert_eq!(split_front_matter("---\n---\nbody"), Some(("", "body")));
        assert_eq!(split_front_matter("title: x\n"), None);
        assert_eq!(split_front_matter("---\ntitle: x\n"), None);
    }

    #[test]
    fn line_ends_and_bom() {
        assert_eq!(normalize("\u{feff}a\r\nb\rc\n".into()), "a\nb\nc\n");
    }

    #[test]
    fn minutes_are_read_back_and_a_change_is_caught() {
        let dir = std::env::temp_dir().join(format!("ccgpages-minutes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("2016-05-19.md");
        std::fs::write(&path, "\u{feff}---\r\ndate: 2016-05-19\r\n---\r\n## Minutes\r\n\r\nAgreed.\r\n").unwrap();
        let text = normalize(std::fs::read_to_string(&path).unwrap());
        let (_, body) = split_front_matter(&text).unwrap();
        let m = Minutes::in_file(&path, body);
        assert!(!m.is_blank());
        assert_eq!(&*m.read().unwrap(), "## Minutes\n\nAgreed.\n");
        // Same length, one letter changed.
        std::fs::write(&path, "---\ndate: 2016-05-19\n---\n## Minutes\n\nAgreeD.\n").unwrap();
        assert!(m.read().unwrap_err().contains("changed while the site was being built"));
        std::fs::remove_file(&path).unwrap();
        assert!(m.read().unwrap_err().contains("cannot read the minutes again"));
        assert!(Minutes::text(" \n".into()).is_blank());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
