//! The marker file `.ccgpages-site` at the top of every site ccgpages
//! builds: a manifest of what that build wrote (each file's path, size and
//! [`hash`](super::hash)), and what an output folder holds when measured
//! against it ([`survey`], [`Survey::verify`]).
//!
//! A build replaces only what the last build wrote: a folder that holds any
//! other file, or one of those files changed since, is refused. Dot-files
//! and dot-folders at the top of the folder (`.git`, `.github`,
//! `.well-known`…) are not the site's: they are kept in place across the
//! swap (as Zola's `preserve_dotfiles_in_output` keeps them), but for the
//! two dot-files a build writes itself, the marker and `.nojekyll`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::hash;

/// The file every site ccgpages builds holds at its top.
pub(crate) const MARKER: &str = ".ccgpages-site";

/// How a marker file starts, in every version of ccgpages.
const MARKER_START: &str = "This folder is a website built by ccgpages.";

/// The marker's text before the list of files (always the same).
const HEADER: &str = "This folder is a website built by ccgpages.\n\
`ccgpages build` replaces the files listed below, and only them, each time it runs.\n\
It refuses to build into this folder if it holds any other file, or one of these\n\
changed since: move such files out first. Dot-files and dot-folders at the top\n\
(such as .git) are not part of the site, and are kept as they are.\n\
Below, one file a line: its xxHash64, its size in bytes and its path.\n";

/// The line that starts the list of files (and names its format).
const FORMAT: &str = "ccgpages files 1";

/// Most bytes of a marker read (a national site's is a few megabytes).
const MAX_MARKER: u64 = 512 * 1024 * 1024;

/// The dot-files at the top of a site that a build writes itself.
const OWN_DOT_FILES: [&str; 2] = [MARKER, ".nojekyll"];

/// Whether a top-level entry of the output folder is kept in place across
/// builds (a dot-file or dot-folder that the build does not write), rather
/// than replaced with the site. The folders a build works in inside the
/// output (`.ccgpages-building-PID`, `.ccgpages-old-PID`) are neither kept
/// nor the site's: `super` handles them.
pub(crate) fn kept(name: &str) -> bool {
    name.starts_with('.') && !OWN_DOT_FILES.contains(&name) && super::inside_work(name).is_none()
}

/// One file a build wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Written {
    pub len: u64,
    pub hash: u64,
}

/// What the last build wrote, by path (relative, `/` between folders).
pub(crate) type Files = BTreeMap<String, Written>;

/// The marker for a build that wrote `files` (not the marker itself).
/// The same files make the same bytes.
pub(crate) fn marker_text(files: &Files) -> String {
    let mut out = String::with_capacity(HEADER.len() + files.len() * 64);
    out.push_str(HEADER);
    out.push_str(FORMAT);
    out.push('\n');
    for (path, w) in files {
        out.push_str(&format!("{:016x} {} {}\n", w.hash, w.len, escape(path)));
    }
    out
}

/// A path on one line: `\` and line breaks escaped.
fn escape(path: &str) -> String {
    path.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r")
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

/// What the marker of a folder says.
#[derive(Debug)]
pub(crate) enum Marker {
    /// No marker (or not a ccgpages one).
    None,
    /// A marker of a version before the manifest: no list of files.
    Old,
    /// The files the last build wrote.
    Files(Files),
    /// A manifest that cannot be read: why.
    Damaged(String),
}

/// Reads the marker of the folder `dir` (never through a link).
pub(crate) fn read_marker(dir: &Path) -> Marker {
    let path = dir.join(MARKER);
    match fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => {}
        _ => return Marker::None,
    }
    let mut bytes = Vec::new();
    let read = fs::File::open(&path).and_then(|f| f.take(MAX_MARKER + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return Marker::Damaged(format!("it cannot be read ({e})"));
    }
    if !bytes.starts_with(MARKER_START.as_bytes()) {
        return Marker::None;
    }
    if bytes.len() as u64 > MAX_MARKER {
        return Marker::Damaged("it is too large".into());
    }
    let Ok(text) = String::from_utf8(bytes) else { return Marker::Damaged("it is not text".into()) };
    parse(&text)
}

fn parse(text: &str) -> Marker {
    let mut lines = text.split('\n').enumerate();
    if !lines.by_ref().any(|(_, l)| l == FORMAT) {
        // Before the manifest, or a later format this version cannot read.
        return if text.lines().any(|l| l.starts_with("ccgpages files ")) {
            Marker::Damaged("it was written by a newer version of ccgpages".into())
        } else {
            Marker::Old
        };
    }
    let mut files = Files::new();
    for (i, line) in lines {
        if line.is_empty() {
            continue;
        }
        let damaged = || Marker::Damaged(format!("line {} is not a hash, a size and a path", i + 1));
        let mut parts = line.splitn(3, ' ');
        let (Some(hash), Some(len), Some(path)) = (parts.next(), parts.next(), parts.next()) else { return damaged() };
        let (Ok(hash), Ok(len), Some(path)) = (u64::from_str_radix(hash, 16), len.parse(), unescape(path)) else { return damaged() };
        files.insert(path, Written { len, hash });
    }
    Marker::Files(files)
}

/// An output folder as found: the files of the site (all but the kept
/// top-level dot entries and the marker), and what can be no site's at all.
#[derive(Debug, Default)]
pub(crate) struct Survey {
    /// Every file, by relative path, with its size.
    pub files: Vec<(String, u64)>,
    /// Links, pipes, devices: a build writes none (relative paths).
    pub strange: Vec<String>,
    /// The top-level entries, but those kept (for messages).
    pub top: Vec<String>,
    /// The kept top-level dot entries.
    pub kept: Vec<String>,
    /// Files not changed since the marker was written, by their change
    /// times (see [`Settled`]): their sizes are checked, not their bytes.
    pub settled: std::collections::HashSet<String>,
}

/// When the marker was written, if its own times say it was written as
/// ccgpages writes it and not changed since: a file whose change time
/// (ctime, which no program can set back) is earlier has not been written
/// since that build wrote it, so it need not be read to know it is the
/// build's. A marker whose times were set (`touch -d`) or a system without
/// change times gives none, and every file is hashed.
struct Settled {
    #[cfg(unix)]
    written: (i64, i64),
}

impl Settled {
    #[cfg(unix)]
    fn of(dir: &Path) -> Option<Settled> {
        use std::os::unix::fs::MetadataExt as _;
        let m = fs::symlink_metadata(dir.join(MARKER)).ok()?;
        let (mtime, ctime) = ((m.mtime(), m.mtime_nsec()), (m.ctime(), m.ctime_nsec()));
        // Written by a build: changed when it was modified, or within a
        // moment of it (a copy that keeps times makes ctime later: still
        // fine, the files copied with it are later too).
        (m.is_file() && ctime >= mtime && ctime.0 - mtime.0 <= 2).then_some(Settled { written: mtime })
    }

    #[cfg(not(unix))]
    fn of(_: &Path) -> Option<Settled> {
        None
    }

    #[cfg(unix)]
    fn holds(&self, m: &fs::Metadata) -> bool {
        use std::os::unix::fs::MetadataExt as _;
        (m.ctime(), m.ctime_nsec()) < self.written
    }

    #[cfg(not(unix))]
    fn holds(&self, _: &fs::Metadata) -> bool {
        false
    }
}

/// Lists what the folder `dir` holds (following no link). A folder of its
/// that `expected` (when given) has no file under is listed whole as one
/// entry of `strange`, `name/`, rather than file by file.
pub(crate) fn survey(dir: &Path, expected: Option<&Files>) -> io::Result<Survey> {
    let folders: Option<BTreeSet<&str>> =
        expected.map(|files| files.keys().flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i])).collect());
    let mut s = Survey::default();
    let settled = expected.and_then(|_| Settled::of(dir));
    let mut stack: Vec<(PathBuf, String)> = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = stack.pop() {
        for entry in fs::read_dir(&folder)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if prefix.is_empty() {
                if kept(&name) {
                    s.kept.push(name);
                    continue;
                }
                if name == MARKER || super::inside_work(&name).is_some() {
                    continue;
                }
                s.top.push(name.clone());
            }
            let rel = format!("{prefix}{name}");
            let kind = entry.file_type()?;
            if kind.is_dir() {
                if folders.as_ref().is_some_and(|f| !f.contains(rel.as_str())) {
                    s.strange.push(format!("{rel}/"));
                } else {
                    stack.push((entry.path(), format!("{rel}/")));
                }
            } else if kind.is_file() {
                let meta = entry.metadata()?;
                if settled.as_ref().is_some_and(|t| t.holds(&meta)) {
                    s.settled.insert(rel.clone());
                }
                s.files.push((rel, meta.len()));
            } else {
                s.strange.push(rel);
            }
        }
    }
    s.files.sort();
    s.strange.sort();
    s.top.sort();
    s.kept.sort();
    Ok(s)
}

/// What in a surveyed folder is not as the manifest says.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Differences {
    /// Not written by the last build (links and such, files not listed).
    pub foreign: Vec<String>,
    /// Listed, but not the bytes the last build wrote.
    pub changed: Vec<String>,
}

impl Differences {
    pub(crate) fn is_empty(&self) -> bool {
        self.foreign.is_empty() && self.changed.is_empty()
    }
}

impl Survey {
    /// Measures the folder `dir` (surveyed) against the files of its
    /// manifest: sizes always, and the bytes of each file not settled (in
    /// parallel) when `hashes` is true.
    pub(crate) fn verify(&self, dir: &Path, files: &Files, hashes: bool) -> Differences {
        let mut d = Differences { foreign: self.strange.clone(), changed: Vec::new() };
        let mut to_hash = Vec::new();
        for (path, len) in &self.files {
            match files.get(path) {
                None => d.foreign.push(path.clone()),
                Some(w) if w.len != *len => d.changed.push(path.clone()),
                Some(_) if self.settled.contains(path) => {}
                Some(w) => to_hash.push((path, w.hash)),
            }
        }
        if hashes {
            let changed: Vec<String> = to_hash
                .par_iter()
                .filter(|(path, want)| hash_file(&dir.join(path)).ok() != Some(*want))
                .map(|(p, _)| (*p).clone())
                .collect();
            d.changed.extend(changed);
        }
        d.foreign.sort();
        d.changed.sort();
        d
    }
}

/// The hash of the file at `path` (not following a link), read in pieces.
pub(crate) fn hash_file(path: &Path) -> io::Result<u64> {
    let meta = fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::other("not a file"));
    }
    let mut f = fs::File::open(path)?;
    let mut h = hash::Hasher::new();
    // No bigger than the file (most are a few KB: zeroing 256 KB for each
    // of a national site's files would take longer than reading them).
    let mut buf = vec![0; piece(meta.len())];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(h.finish());
        }
        h.update(&buf[..n]);
    }
}

/// The size of the buffer to read a file of `len` bytes through: the whole
/// file and one byte more (to see its end in one read), up to 256 KB.
pub(crate) fn piece(len: u64) -> usize {
    usize::try_from(len).map_or(256 * 1024, |n| n.saturating_add(1).min(256 * 1024))
}

/// Whether `dir` holds a site built before the marker existed:
/// `index.html`, `.nojekyll` and a `feed.xml` that names ccgpages as its
/// generator.
pub(crate) fn built_before_the_marker(dir: &Path) -> bool {
    let is_file = |name: &str| fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.is_file());
    is_file("index.html")
        && is_file(".nojekyll")
        && read_start(&dir.join("feed.xml"), 64 * 1024)
            .is_some_and(|s| s.starts_with(b"<?xml") && memchr::memmem::find(&s, b"\n  <generator>ccgpages</generator>\n").is_some())
}

/// The first `n` bytes (or fewer) of `path` if it is a plain file (never
/// a link, a pipe or a device, which could hang a read).
fn read_start(path: &Path, n: usize) -> Option<Vec<u8>> {
    if !fs::symlink_metadata(path).ok()?.is_file() {
        return None;
    }
    let mut buf = Vec::with_capacity(n);
    fs::File::open(path).ok()?.take(n as u64).read_to_end(&mut buf).ok()?;
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &[u8])]) -> Files {
        list.iter().map(|(p, b)| ((*p).to_owned(), Written { len: b.len() as u64, hash: hash::hash(b) })).collect()
    }

    #[test]
    fn the_marker_lists_the_files_and_reads_back() {
        let f = files(&[("index.html", b"<p>x"), ("a b/odd\\name\nline.pdf", b"%PDF"), (".nojekyll", b"")]);
        let text = marker_text(&f);
        assert!(text.starts_with(MARKER_START));
        assert!(text.contains("\nef46db3751d8e999 0 .nojekyll\n"), "{text}");
        assert!(text.contains(" 4 a b/odd\\\\name\\nline.pdf\n"), "{text}");
        assert_eq!(marker_text(&f), text, "the same files, the same bytes");
        match parse(&text) {
            Marker::Files(back) => assert_eq!(back, f),
            other => panic!("{other:?}"),
        }
        let old =
            "This folder is a website built by ccgpages.\n`ccgpages build` replaces it whole each time it runs: keep nothing else in it.\n";
        assert!(matches!(parse(old), Marker::Old));
        assert!(matches!(parse(&format!("{HEADER}{FORMAT}\nzz 1 a\n")), Marker::Damaged(why) if why.contains("line 8")));
        assert!(matches!(parse(&format!("{HEADER}ccgpages files 2\n")), Marker::Damaged(why) if why.contains("newer")));
    }

    #[test]
    fn a_folder_is_measured_against_its_manifest() {
        let dir = std::env::temp_dir().join(format!("ccgpages-manifest-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("groups/alpha")).unwrap();
        fs::create_dir_all(dir.join(".git/objects")).unwrap();
        fs::create_dir_all(dir.join("photos/2016")).unwrap();
        fs::write(dir.join("index.html"), "<p>x").unwrap();
        fs::write(dir.join("groups/alpha/index.html"), "<p>alpha").unwrap();
        fs::write(dir.join("groups/alpha/notes.txt"), "mine").unwrap();
        fs::write(dir.join("photos/2016/a.jpg"), "jpg").unwrap();
        fs::write(dir.join(".git/HEAD"), "ref").unwrap();
        let mut f = files(&[("index.html", b"<p>x"), ("groups/alpha/index.html", b"<p>ALPHA")]);
        let s = survey(&dir, Some(&f)).unwrap();
        assert_eq!(s.kept, [".git"]);
        assert_eq!(s.top, ["groups", "index.html", "photos"]);
        let d = s.verify(&dir, &f, true);
        assert_eq!(d.foreign, ["groups/alpha/notes.txt", "photos/"]);
        assert_eq!(d.changed, ["groups/alpha/index.html"], "same size, other bytes");
        assert!(s.verify(&dir, &f, false).changed.is_empty(), "sizes alone do not tell");
        f.insert("groups/alpha/index.html".into(), Written { len: 3, hash: 0 });
        assert_eq!(s.verify(&dir, &f, false).changed, ["groups/alpha/index.html"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A file not written since the marker is known by its size and change
    /// time; one written after it, or any when the marker's times were set
    /// by hand, is read.
    #[cfg(unix)]
    #[test]
    fn files_older_than_the_marker_are_not_read_again() {
        let dir = std::env::temp_dir().join(format!("ccgpages-settled-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.html"), "<p>a").unwrap();
        fs::write(dir.join("b.html"), "<p>b").unwrap();
        // The manifest's hashes are wrong on purpose: only reading tells.
        let f: Files = ["a.html", "b.html"].iter().map(|p| ((*p).to_owned(), Written { len: 4, hash: 1 })).collect();
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(dir.join(MARKER), marker_text(&f)).unwrap();
        let s = survey(&dir, Some(&f)).unwrap();
        assert_eq!(s.settled.len(), 2);
        assert!(s.verify(&dir, &f, true).is_empty(), "settled files are not read");
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(dir.join("b.html"), "<p>B").unwrap();
        let s = survey(&dir, Some(&f)).unwrap();
        assert_eq!(s.verify(&dir, &f, true).changed, ["b.html"], "written after the marker: read");
        let future = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
        fs::File::options().write(true).open(dir.join(MARKER)).unwrap().set_modified(future).unwrap();
        let s = survey(&dir, Some(&f)).unwrap();
        assert!(s.settled.is_empty(), "a marker whose time was set says nothing");
        assert_eq!(s.verify(&dir, &f, true).changed, ["a.html", "b.html"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
