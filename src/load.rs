//! Stage 1, load: walk the content directory and parse every file the format
//! defines into the model, reporting each problem with file, line and column.
//!
//! It parses YAML through [`crate::yaml`], the one module that knows the
//! YAML parser. It checks the shape
//! of each file (types, required and unknown fields); rules that span files
//! are the validate stage's.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diag::Diagnostic;
use crate::markdown;
use crate::model::*;
use crate::source::{normalize, split_front_matter};
use crate::stamp::FileStamp;

mod messages;

/// Files larger than this are refused rather than parsed: no content file
/// the format describes comes near it.
const MAX_TEXT_FILE: u64 = 16 * 1024 * 1024;

/// Loads the content directory at `root`. Always returns what could be
/// loaded, with every problem found on the way.
pub(crate) fn load(root: &Path) -> (Content, Vec<Diagnostic>) {
    let loader = Loader::new(root);
    let mut content = Content { root: root.to_path_buf(), ..Content::default() };

    if !root.is_dir() {
        loader.diag(Diagnostic::error(root, format!("content directory not found: {}", ContentPath::expected())));
        return loader.finish(content);
    }

    let mut ccg_dirs = Vec::new();
    let mut group_dirs = Vec::new();
    let mut page_files = Vec::new();
    for entry in loader.list_dir(root) {
        let name = file_name(&entry);
        match (name.as_str(), entry.is_dir()) {
            (ContentPath::SITE, false) => content.site = loader.yaml_file(&entry),
            (ContentPath::PAGES, true) => page_files = loader.list_dir(&entry),
            (ContentPath::CCGS, true) => ccg_dirs = loader.list_dir(&entry),
            (ContentPath::GROUPS, true) => group_dirs = loader.list_dir(&entry),
            _ => loader.unknown(&entry),
        }
    }
    if content.site.is_none() && !ContentPath::site().within(root).exists() {
        loader.diag(Diagnostic::error(
            ContentPath::site().within(root),
            "site.yaml is missing: every site needs one, with at least `title` and `base_url`",
        ));
    }

    content.pages = page_files
        .par_iter()
        .filter_map(|path| {
            if path.extension().is_some_and(|e| e == "md") && path.is_file() {
                let (file, front, body) = loader.markdown_file::<PageFront, _>(path, str::to_owned)?;
                Some(Page { slug: stem(path), file, front, body })
            } else {
                loader.unknown(path);
                None
            }
        })
        .collect();

    content.ccgs = ccg_dirs
        .par_iter()
        .filter_map(|dir| {
            if !dir.is_dir() {
                loader.unknown(dir);
                return None;
            }
            loader.ccg(dir)
        })
        .collect();

    content.groups = group_dirs
        .par_iter()
        .filter_map(|dir| {
            if !dir.is_dir() {
                loader.unknown(dir);
                return None;
            }
            loader.group(dir)
        })
        .collect();

    content.pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    content.ccgs.sort_by(|a, b| a.id.cmp(&b.id));
    content.groups.sort_by(|a, b| a.id.cmp(&b.id));
    loader.finish(content)
}

/// Loads one CCG folder ([`ContentPath::ccg`] in `root`) exactly as [`load`] would, for
/// `serve` to reload only the CCG whose files changed. The content returned
/// holds that CCG alone (none when its `ccg.yaml` did not load), the files
/// it read (numbered from 0) and the files it could not parse.
pub(crate) fn load_ccg(root: &Path, dir: &Path) -> (Content, Vec<Diagnostic>) {
    let loader = Loader::new(root);
    let mut content = Content { root: root.to_path_buf(), ..Content::default() };
    if dir.is_dir() {
        content.ccgs.extend(loader.ccg(dir));
    } else {
        loader.unknown(dir);
    }
    loader.finish(content)
}

/// (CCG id, its `ods_code`) for every CCG folder of `content` whose
/// `ccg.yaml` gives one, by id: read without the rest of the content, for
/// the commands that add to it (`new ccg`, `import practices`). A profile
/// that cannot be read is left out (`check` reports it).
pub(crate) fn ccg_ods_codes(content: &Path) -> Vec<(String, String)> {
    ContentPath::ccg_profiles(content)
        .into_iter()
        .filter_map(|(id, profile)| {
            let text = fs::read_to_string(profile).ok()?;
            Some((id, crate::yaml::Tree::parse(&text)?.field_text("ods_code")?))
        })
        .collect()
}

struct Loader {
    /// The content folder, resolved: symbolic links must lead inside it.
    root: PathBuf,
    unparsed: Mutex<Vec<PathBuf>>,
    files: Mutex<Vec<SourceFile>>,
    diags: Mutex<Vec<Diagnostic>>,
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A folder entry with its type as the folder listing gave it, so that
/// telling files from folders costs no further system call (a symbolic link
/// is followed, as `Path::is_dir` would).
struct Listed {
    path: PathBuf,
    kind: Option<fs::FileType>,
}

impl Listed {
    /// The entry, or why it is refused: a symbolic link that leads outside
    /// the content folder `root` (resolved) or nowhere, or anything but a
    /// file or a folder (a pipe or a device would hang the build).
    fn of(e: fs::DirEntry, root: &Path) -> Result<Listed, Diagnostic> {
        let path = e.path();
        let link = e.file_type().is_ok_and(|t| t.is_symlink());
        let kind = match e.file_type() {
            Ok(_) if link => Some(follow_link(&path, root, "content files")?.1.file_type()),
            Ok(t) => Some(t),
            Err(_) => None,
        };
        if let Some(t) = kind
            && !t.is_file()
            && !t.is_dir()
        {
            return Err(not_a_file(&path, t, link, "content files"));
        }
        Ok(Listed { path, kind })
    }
    fn is_dir(&self) -> bool {
        self.kind.is_some_and(|t| t.is_dir())
    }
    fn is_file(&self) -> bool {
        self.kind.is_some_and(|t| t.is_file())
    }
}

impl std::ops::Deref for Listed {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

/// What the symbolic link `path` leads to (resolved) and its metadata, if
/// that is inside the content folder `root` (resolved); else why it is
/// refused. `what` names the files it stands for, in the message.
fn follow_link(path: &Path, root: &Path, what: &str) -> Result<(PathBuf, fs::Metadata), Diagnostic> {
    match fs::canonicalize(path) {
        Ok(target) if target.starts_with(root) => match fs::metadata(&target) {
            Ok(m) => Ok((target, m)),
            Err(e) => Err(Diagnostic::error(path, format!("cannot follow this symbolic link: {e}"))),
        },
        Ok(target) => Err(Diagnostic::error(
            path,
            format!(
                "this symbolic link leads outside the content directory (to {}): {what} must be inside it; copy the file in instead",
                target.display()
            ),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Diagnostic::error(path, "this symbolic link is broken: its target does not exist"))
        }
        Err(e) => Err(Diagnostic::error(path, format!("cannot follow this symbolic link: {e}"))),
    }
}

/// Refuses an entry of type `t` that is neither a file nor a folder (or a
/// symbolic `link` to one).
fn not_a_file(path: &Path, t: fs::FileType, link: bool, what: &str) -> Diagnostic {
    let kind = special_kind(t);
    let this = if link { "this symbolic link leads to" } else { "this is" };
    Diagnostic::error(path, format!("{this} {kind}, not an ordinary file: {what} must be ordinary files"))
}

#[cfg(unix)]
fn special_kind(t: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: fs::FileType) -> &'static str {
    "a special file"
}

fn stem(p: &Path) -> String {
    p.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

impl Loader {
    fn new(root: &Path) -> Loader {
        Loader {
            root: fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            unparsed: Mutex::new(Vec::new()),
            files: Mutex::new(Vec::new()),
            diags: Mutex::new(Vec::new()),
        }
    }

    fn finish(self, mut content: Content) -> (Content, Vec<Diagnostic>) {
        content.files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        content.unparsed = self.unparsed.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().collect();
        (content, self.diags.into_inner().unwrap_or_else(|e| e.into_inner()))
    }

    fn diag(&self, d: Diagnostic) {
        self.diags.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    }

    fn unknown(&self, path: &Path) {
        let what = if path.is_dir() { "folder" } else { "file" };
        self.diag(Diagnostic::warning(
            path,
            format!("this {what} is not part of the content format and is ignored (see \"The folder layout\" in the content format, docs/content-format.md)"),
        ));
    }

    /// Entries of a directory, sorted, without names starting with `.`.
    fn list_dir(&self, dir: &Path) -> Vec<Listed> {
        match fs::read_dir(dir) {
            Ok(rd) => {
                let mut v: Vec<Listed> = rd
                    .filter_map(|e| e.ok())
                    .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                    .filter_map(|e| Listed::of(e, &self.root).map_err(|d| self.diag(d)).ok())
                    .collect();
                v.sort_by(|a, b| a.path.cmp(&b.path));
                v
            }
            Err(e) => {
                self.diag(Diagnostic::error(dir, format!("cannot read this folder: {e}")));
                Vec::new()
            }
        }
    }

    /// Reads a text file: UTF-8 (a byte order mark is dropped), CRLF made LF.
    fn read_text(&self, path: &Path) -> Option<String> {
        // One open and an fstat: the size is checked before anything is read.
        let mut file = match fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.diag(Diagnostic::error(path, format!("cannot read this file: {e}")));
                return None;
            }
        };
        let len = match file.metadata() {
            Ok(m) if !m.is_file() => {
                self.diag(not_a_file(path, m.file_type(), false, "content files"));
                return None;
            }
            Ok(m) if m.len() > MAX_TEXT_FILE => {
                self.diag(Diagnostic::error(
                    path,
                    format!("file is {} bytes: content files may be at most {MAX_TEXT_FILE} bytes", m.len()),
                ));
                return None;
            }
            Ok(m) => m.len() as usize,
            Err(e) => {
                self.diag(Diagnostic::error(path, format!("cannot read this file: {e}")));
                return None;
            }
        };
        let mut bytes = Vec::with_capacity(len + 1);
        match std::io::Read::read_to_end(&mut file, &mut bytes) {
            Ok(_) => {}
            Err(e) => {
                self.diag(Diagnostic::error(path, format!("cannot read this file: {e}")));
                return None;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let bytes = e.as_bytes();
                let at = e.utf8_error().valid_up_to();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                let col = at - bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
                let mut d =
                    Diagnostic::error(path, format!("this file is not UTF-8 text (invalid byte 0x{:02X}): save it as UTF-8", bytes[at]));
                d.line = line;
                d.col = col;
                self.diag(d);
                return None;
            }
        };
        Some(normalize(text))
    }

    fn register(&self, path: &Path, text: String, yaml_line_offset: usize) -> FileId {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push(SourceFile { path: path.to_path_buf(), text, yaml_line_offset });
        FileId::new(files.len() - 1)
    }

    /// Parses YAML into `T`, reporting a failure at its line and column.
    fn parse<T: DeserializeOwned>(&self, path: &Path, yaml: &str, whole: &str, line_offset: usize) -> Option<T> {
        if let Some((line, col)) = too_deep(yaml) {
            self.diag(Diagnostic::error(path, format!("nesting deeper than {MAX_FLOW_DEPTH} levels is refused: no content needs it")).at(
                whole,
                line + line_offset,
                col,
            ));
            return None;
        }
        let yaml_or_empty = if yaml.trim().is_empty() { "{}" } else { yaml };
        match crate::yaml::parse::<T>(yaml_or_empty) {
            Ok(v) => Some(v),
            Err(e) => {
                let mut at = None;
                if let Some((line, col)) = e.at {
                    let (mut line, mut col) = (line + line_offset, col);
                    let tab = e.message.contains("cannot start any token")
                        && whole.lines().nth(line.saturating_sub(1)).and_then(|l| l.chars().nth(col.saturating_sub(1))) == Some('\t');
                    // serde points a duplicate key at its mapping: point at the duplicate.
                    if !tab
                        && let Some(key) = e.message.strip_prefix("duplicate field `").and_then(|r| r.split('`').next())
                        && let Some((l, c)) = second_key(whole, line, key)
                    {
                        (line, col) = (l, c);
                    }
                    at = Some((line, col, tab));
                }
                let mut message = if at.is_some_and(|(_, _, tab)| tab) {
                    "a tab: indent with spaces, never tabs".to_owned()
                } else {
                    messages::plain(path, yaml, &e)
                };
                if yaml.trim().is_empty() {
                    message = format!("the file is empty: {message}");
                }
                let mut d = Diagnostic::error(path, message);
                if let Some((line, col, _)) = at {
                    d = d.at(whole, line, col);
                }
                self.diag(d);
                None
            }
        }
    }

    fn failed(&self, path: &Path) {
        self.unparsed.lock().unwrap_or_else(|e| e.into_inner()).push(path.to_path_buf());
    }

    fn yaml_file<T: DeserializeOwned>(&self, path: &Path) -> Option<Loaded<T>> {
        let Some(text) = self.read_text(path) else {
            self.failed(path);
            return None;
        };
        let parsed = self.parse::<T>(path, &text, &text, 0);
        if parsed.is_none() {
            self.failed(path);
        }
        let file = self.register(path, text, 0);
        Some(Loaded { file, data: parsed? })
    }

    /// A Markdown file: YAML front matter between `---` lines, then a body.
    /// `keep` makes what the model holds of the body (its text, or for
    /// minutes only where to find it again).
    fn markdown_file<T: DeserializeOwned, B>(&self, path: &Path, keep: impl FnOnce(&str) -> B) -> Option<(FileId, T, B)> {
        let Some(text) = self.read_text(path) else {
            self.failed(path);
            return None;
        };
        let Some((yaml, body)) = split_front_matter(&text) else {
            self.diag(
                Diagnostic::error(path, "expected YAML front matter at the top of the file, between two lines holding only `---`")
                    .at(&text, 1, 1),
            );
            self.register(path, text, 1);
            self.failed(path);
            return None;
        };
        let front = self.parse::<T>(path, yaml, &text, 1);
        if front.is_none() {
            self.failed(path);
        }
        self.body_problems(path, &text, body);
        // Keep the body once: the file's text keeps only the front matter,
        // which is all a diagnostic can point into.
        let front_len = text.len() - body.len();
        let body = keep(body);
        let mut text = text;
        text.truncate(front_len);
        // truncate keeps the capacity: without this the whole file stays allocated.
        text.shrink_to_fit();
        let file = self.register(path, text, 1);
        Some((file, front?, body))
    }

    /// Raw HTML in a Markdown body that would hide the rest of it or nest
    /// too deep (see [`markdown::problems`]), as errors at their lines in
    /// `text`, the file that `body` ends. Here rather than in validate,
    /// because only here are the minutes in memory.
    fn body_problems(&self, path: &Path, text: &str, body: &str) {
        let start = text.len() - body.len();
        for problem in markdown::problems(body) {
            let mut at = (start + problem.offset).min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..line_start].matches('\n').count() + 1;
            let col = text[line_start..at].chars().count() + 1;
            self.diag(Diagnostic::error(path, problem.message).at(text, line, col));
        }
    }

    fn ccg(&self, dir: &Path) -> Option<Ccg> {
        let id = file_name(dir);
        let mut profile = None;
        let mut terms = Vec::new();
        let mut meetings = Vec::new();
        let (mut decisions, mut interests, mut gifts, mut practices) = (None, None, None, None);
        let mut papers = Vec::new();
        let mut saw_profile = false;
        for entry in self.list_dir(dir) {
            let name = file_name(&entry);
            let is_dir = entry.is_dir();
            match name.as_str() {
                ContentPath::CCG_PROFILE if !is_dir => {
                    saw_profile = true;
                    profile = self.yaml_file::<CcgProfile>(&entry);
                }
                ContentPath::DECISIONS if !is_dir => decisions = self.yaml_file(&entry),
                ContentPath::INTERESTS if !is_dir => interests = self.yaml_file(&entry),
                ContentPath::GIFTS if !is_dir => gifts = self.yaml_file(&entry),
                ContentPath::PRACTICES if !is_dir => practices = self.yaml_file(&entry),
                ContentPath::MEETINGS if is_dir => meetings = self.meetings(&entry),
                ContentPath::PAPERS if is_dir => papers = self.papers(dir, &entry),
                n if !is_dir && n.starts_with(ContentPath::TERMS) && n.ends_with(".md") => {
                    if let Some((file, front, body)) = self.markdown_file::<TermsOfReference, _>(&entry, str::to_owned) {
                        terms.push(Loaded { file, data: TermsFile { front, body } });
                    }
                }
                _ => self.unknown(&entry),
            }
        }
        if !saw_profile {
            self.diag(Diagnostic::error(
                dir.join(ContentPath::CCG_PROFILE),
                format!(
                    "{profile} is missing: every folder under {ccgs}/ is a CCG and needs one (`{id}` has none)",
                    profile = ContentPath::CCG_PROFILE,
                    ccgs = ContentPath::CCGS
                ),
            ));
        }
        mark_linked_papers(&mut papers, &meetings);
        Some(Ccg {
            id,
            profile: profile?,
            terms,
            meetings,
            decisions,
            interests,
            gifts,
            practices,
            papers,
            decision_index: Default::default(),
        })
    }

    fn group(&self, dir: &Path) -> Option<Group> {
        let id = file_name(dir);
        let mut profile = None;
        let mut meetings = Vec::new();
        let mut papers = Vec::new();
        let mut saw_profile = false;
        for entry in self.list_dir(dir) {
            match (file_name(&entry).as_str(), entry.is_dir()) {
                (ContentPath::GROUP_PROFILE, false) => {
                    saw_profile = true;
                    profile = self.yaml_file::<GroupProfile>(&entry);
                }
                (ContentPath::MEETINGS, true) => meetings = self.meetings(&entry),
                (ContentPath::PAPERS, true) => papers = self.papers(dir, &entry),
                _ => self.unknown(&entry),
            }
        }
        if !saw_profile {
            self.diag(Diagnostic::error(
                dir.join(ContentPath::GROUP_PROFILE),
                format!(
                    "{profile} is missing: every folder under {groups}/ needs one (`{id}` has none)",
                    profile = ContentPath::GROUP_PROFILE,
                    groups = ContentPath::GROUPS
                ),
            ));
        }
        mark_linked_papers(&mut papers, &meetings);
        Some(Group { id, profile: profile?, meetings, papers })
    }

    fn meetings(&self, dir: &Path) -> Vec<Meeting> {
        let mut out: Vec<Meeting> = self
            .list_dir(dir)
            .par_iter()
            .filter_map(|path| {
                if !(path.is_file() && path.extension().is_some_and(|e| e == "md")) {
                    self.unknown(path);
                    return None;
                }
                let (file, front, body) = self.markdown_file::<MeetingFront, _>(path, |body| Minutes::in_file(path, body))?;
                Some(Meeting { id: stem(path), file, front, body })
            })
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// Lists the files under `papers/`, refusing links that lead outside the
    /// content or nowhere, and anything but files (a pipe or a device would
    /// hang the build).
    fn papers(&self, owner: &Path, dir: &Path) -> Vec<PaperFile> {
        let mut out = Vec::new();
        let walker = walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter();
        for entry in walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.diag(Diagnostic::error(dir, format!("cannot read this folder: {e}")));
                    continue;
                }
            };
            let path = entry.path();
            let ft = entry.file_type();
            // Where the paper is read from (no link at its end), and what it is.
            let (real, meta) = if ft.is_symlink() {
                match follow_link(path, &self.root, "papers") {
                    Ok((target, m)) if m.is_file() => (target, m),
                    Ok((_, m)) if m.is_dir() => {
                        self.diag(Diagnostic::error(path, "this symbolic link does not lead to a file: papers must be files"));
                        continue;
                    }
                    Ok((_, m)) => {
                        self.diag(not_a_file(path, m.file_type(), true, "papers"));
                        continue;
                    }
                    Err(d) => {
                        self.diag(d);
                        continue;
                    }
                }
            } else if ft.is_file() {
                match entry.metadata() {
                    Ok(m) => (path.to_path_buf(), m),
                    Err(e) => {
                        self.diag(Diagnostic::error(path, format!("cannot read this file: {e}")));
                        continue;
                    }
                }
            } else if ft.is_dir() {
                continue;
            } else {
                self.diag(not_a_file(path, ft, false, "papers"));
                continue;
            };
            let Ok(rel) = path.strip_prefix(owner) else { continue };
            let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let stamp = FileStamp::of(path, &real, &meta);
            out.push(PaperFile { rel: rel.join("/"), source: path.to_path_buf(), size: meta.len(), linked: false, stamp });
        }
        // By `rel` as a string, for model::find_paper.
        out.sort_by(|a, b| a.rel.cmp(&b.rel));
        out
    }
}

/// Deepest `[`/`{` nesting accepted. The YAML parser slows down sharply on
/// deep flow nesting, so it is refused before parsing.
const MAX_FLOW_DEPTH: usize = 64;

/// Where flow nesting first exceeds [`MAX_FLOW_DEPTH`] (1-based line and
/// column), skipping quoted text and comments.
fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (i, line) in yaml.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                (None, '#') if prev == ' ' || col == 0 => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((i + 1, col + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// The second line at or after `from` (1-based) that starts with `key:`, at
/// the same indentation as the first.
fn second_key(text: &str, from: usize, key: &str) -> Option<(usize, usize)> {
    let mut first_indent = None;
    for (i, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let body = line.trim_start().trim_start_matches("- ");
        let indent = line.len() - body.len();
        if body.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')) {
            match first_indent {
                None => first_indent = Some(indent),
                Some(f) if f == indent => return Some((i + 1, indent + 1)),
                Some(_) => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_found_before_parsing() {
        let deep = format!("extra: {}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(too_deep(&deep), Some((1, 72)));
        assert_eq!(too_deep("a: [[1, 2], {b: [3]}]\nc: \"[[[[\" # [[[["), None);
    }

    #[test]
    fn yaml_errors_have_positions() {
        let l = Loader::new(Path::new("."));
        let yaml = "title: x\nbase_url: y\ntitel: z\n";
        assert!(l.parse::<Site>(Path::new("site.yaml"), yaml, yaml, 0).is_none());
        let d = &l.diags.lock().unwrap()[0];
        assert_eq!((d.line, d.col), (3, 1), "{d:?}");
        assert!(d.message.contains("`titel` is not a field here; did you mean `title`?"), "{}", d.message);
    }

    #[test]
    fn text_that_looks_like_numbers_stays_text() {
        let p: Paper = crate::yaml::parse("title: 2.0\nfile: papers/x.pdf").unwrap();
        assert_eq!(p.title, "2.0");
        let item: AgendaItem = crate::yaml::parse("number: 4.10\ntitle: x").unwrap();
        assert_eq!(item.number, "4.10");
    }
}
