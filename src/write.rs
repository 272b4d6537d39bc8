//! Stage 4, write: put the rendered files on disk atomically. The site is
//! built in a folder beside the output and swapped in only when complete, so
//! a failed build leaves the previous output exactly as it was.
//!
//! Replacing a folder deletes what was in it, so the output folder is
//! guarded first ([`claim`]): never the content, the home folder, the
//! current folder or `/`, and only a folder that is empty or that ccgpages
//! built (it holds [`MARKER`]). Nothing is deleted through a symbolic link,
//! and a lock beside the output makes two builds of it take turns.

use std::fs;
use std::io::{self, Read as _};
use std::path::{Component, Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::render::{Body, Output};

/// The file every site ccgpages builds holds at its top: a folder that has
/// it may be replaced by the next build.
pub(crate) const MARKER: &str = ".ccgpages-site";

/// What [`MARKER`] holds (always the same, so builds stay byte-identical).
const MARKER_TEXT: &str = "This folder is a website built by ccgpages.\n\
`ccgpages build` replaces it whole each time it runs: keep nothing else in it.\n";

/// How a marker file starts (later wording may change below this line).
const MARKER_START: &str = "This folder is a website built by ccgpages.";

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Written {
    pub pages: usize,
    pub copied: usize,
}

/// Why the output folder could not be claimed.
#[derive(Debug)]
pub(crate) enum ClaimError {
    /// The folder must not be replaced (a usage error; nothing was written).
    Refused(String),
    /// The folder beside it, or the lock, could not be made.
    Io(io::Error),
}

/// An output folder that may be replaced, locked against other builds of
/// it until dropped (with the [`Staging`] made from it).
#[derive(Debug)]
pub(crate) struct OutputDir {
    /// The output as given, for messages.
    shown: PathBuf,
    /// Its resolved path: absolute, no `.`, `..` or symbolic link in it.
    dir: PathBuf,
    _lock: fs::File,
}

/// Claims `output` for a site built from `content`: refuses a folder whose
/// replacement would delete anything but an earlier site (see
/// [`check_output`]), then takes the lock `.NAME.lock` beside it (calling
/// `waiting` first if another build holds it) and removes what builds that
/// were stopped left beside it. Writes nothing if refused.
pub(crate) fn claim(output: &Path, content: &Path, waiting: &dyn Fn(&Path)) -> Result<OutputDir, ClaimError> {
    let dir = check_output(output, content).map_err(ClaimError::Refused)?;
    let (parent, name) = parent_and_name(&dir);
    fs::create_dir_all(&parent).map_err(ClaimError::Io)?;
    let lock_path = parent.join(format!(".{name}.lock"));
    let lock = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).map_err(ClaimError::Io)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            waiting(output);
            lock.lock().map_err(ClaimError::Io)?;
        }
        Err(fs::TryLockError::Error(e)) => return Err(ClaimError::Io(e)),
    }
    // The other build may have changed the folder while this one waited.
    check_contents(&dir, output).map_err(ClaimError::Refused)?;
    remove_leftovers(&parent, &name);
    Ok(OutputDir { shown: output.to_path_buf(), dir, _lock: lock })
}

/// The parent folder and the name of a resolved path (never `/`).
fn parent_and_name(dir: &Path) -> (PathBuf, String) {
    let parent = dir.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    let name = dir.file_name().map_or_else(|| "site".to_owned(), |n| n.to_string_lossy().into_owned());
    (parent, name)
}

/// Removes `.NAME.building-PID` and `.NAME.old-PID` folders beside the
/// output, left by builds that were stopped (called under the lock, so no
/// build is using them).
fn remove_leftovers(parent: &Path, name: &str) {
    let building = format!(".{name}.building-");
    let old = format!(".{name}.old-");
    for entry in fs::read_dir(parent).into_iter().flatten().flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let Some(pid) = file_name.strip_prefix(&building).or_else(|| file_name.strip_prefix(&old)) else { continue };
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        remove_entry(&entry.path(), entry.file_type().ok());
    }
}

/// Checks that `output` may be replaced by a site built from `content`,
/// reading only. Returns the resolved output folder, or why not, in plain
/// words.
///
/// Refused: `/`, the content folder, a folder inside it or holding it, the
/// home folder or one holding it, the current folder or one holding it, a
/// file, and a folder that holds anything but a site ccgpages built (see
/// [`check_contents`]). A symbolic link is followed: the site replaces the
/// folder it leads to, and the link stays.
pub(crate) fn check_output(output: &Path, content: &Path) -> Result<PathBuf, String> {
    let shown = output.display();
    let cwd = std::env::current_dir().map_err(|e| format!("cannot tell which folder this command runs in: {e}"))?;
    let dir = resolve(&cwd.join(output)).map_err(|e| format!("cannot use {shown} as the output folder: {e}"))?;
    let named = if dir == output { shown.to_string() } else { format!("{shown} (that is, {})", dir.display()) };
    let why = "a build replaces its output folder whole, deleting everything in it";
    let choose = "choose a folder of its own for the site, such as `site` beside the content folder";
    if dir.parent().is_none() {
        return Err(format!("the output folder {named} is the top folder of the computer: {why}; {choose}"));
    }
    if let Ok(content) = resolve(&cwd.join(content)) {
        let relation = if dir == content {
            Some("is the content folder".to_owned())
        } else if dir.starts_with(&content) {
            Some(format!("is inside the content folder {}", content.display()))
        } else if content.starts_with(&dir) {
            Some(format!("holds the content folder {}", content.display()))
        } else {
            None
        };
        if let Some(relation) = relation {
            return Err(format!("the output folder {named} {relation}: {why}, so the content would be lost; {choose}"));
        }
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).filter(|h| !h.is_empty());
    if let Some(home) = home.and_then(|h| resolve(&cwd.join(h)).ok()) {
        if dir == home {
            return Err(format!("the output folder {named} is your home folder: {why}; {choose}"));
        }
        if home.starts_with(&dir) {
            return Err(format!("the output folder {named} holds your home folder ({}): {why}; {choose}", home.display()));
        }
    }
    if let Ok(cwd) = fs::canonicalize(&cwd) {
        if dir == cwd {
            return Err(format!("the output folder {named} is the folder this command runs in: {why}; {choose}"));
        }
        if cwd.starts_with(&dir) {
            return Err(format!("the output folder {named} holds the folder this command runs in ({}): {why}; {choose}", cwd.display()));
        }
    }
    check_contents(&dir, output)?;
    Ok(dir)
}

/// Checks what the resolved output folder `dir` holds: nothing (or no
/// folder there yet), or a site ccgpages built. `shown` names it in
/// messages.
fn check_contents(dir: &Path, given: &Path) -> Result<(), String> {
    let shown = if dir == given { given.display().to_string() } else { format!("{} (that is, {})", given.display(), dir.display()) };
    let given = given.display();
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot use {shown} as the output folder: {e}")),
    };
    if !meta.is_dir() {
        return Err(format!(
            "the output {shown} is a file, not a folder: give the name of a folder for the site (a new one, or one ccgpages built before)"
        ));
    }
    let mut names: Vec<String> = match fs::read_dir(dir) {
        Ok(rd) => rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
        Err(e) => return Err(format!("cannot read the output folder {shown}: {e}")),
    };
    if names.is_empty() || built_by_ccgpages(dir) {
        return Ok(());
    }
    names.sort();
    let listed = names.iter().take(5).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let more = if names.len() > 5 { format!(" and {} more", names.len() - 5) } else { String::new() };
    Err(format!(
        "the output folder {shown} holds files that ccgpages did not write ({listed}{more}): a build replaces its output folder whole, \
         so they would be deleted. Choose a new or empty folder for the site, such as `site` beside the content folder; \
         or, if nothing in {given} is needed, delete that folder yourself and build again"
    ))
}

/// Whether `dir` holds a site ccgpages built: it has the [`MARKER`], or
/// (built before the marker existed) `index.html`, `.nojekyll` and a
/// `feed.xml` that names ccgpages as its generator.
fn built_by_ccgpages(dir: &Path) -> bool {
    if read_start(&dir.join(MARKER), MARKER_START.len()).is_some_and(|s| s == MARKER_START.as_bytes()) {
        return true;
    }
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

/// `path` (absolute) with every symbolic link, `.` and `..` resolved, even
/// when its last parts do not exist yet: its nearest existing ancestor is
/// resolved and the rest appended.
fn resolve(path: &Path) -> Result<PathBuf, String> {
    let mut existing = path.to_path_buf();
    // The parts that do not exist, last first (None for `..`).
    let mut rest: Vec<Option<std::ffi::OsString>> = Vec::new();
    loop {
        match fs::symlink_metadata(&existing) {
            Ok(_) => break,
            Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {}
            Err(e) => return Err(e.to_string()),
        }
        match existing.components().next_back() {
            Some(Component::Normal(n)) => rest.push(Some(n.to_os_string())),
            Some(Component::ParentDir) => rest.push(None),
            Some(Component::CurDir) => {}
            _ => return Err("no part of this path exists".into()),
        }
        existing.pop();
    }
    let mut dir = fs::canonicalize(&existing).map_err(|e| match fs::symlink_metadata(&existing) {
        Ok(m) if m.file_type().is_symlink() => format!("{} is a symbolic link that leads nowhere", existing.display()),
        _ => e.to_string(),
    })?;
    if !rest.is_empty() && !fs::metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return Err(format!("{} is a file, not a folder", existing.display()));
    }
    for part in rest.into_iter().rev() {
        match part {
            Some(name) => dir.push(name),
            None => {
                dir.pop();
            }
        }
    }
    Ok(dir)
}

/// A folder beside the output that the new site is written into, file by
/// file, and that replaces the output only on [`Staging::commit`]. Dropped
/// without a commit, it is removed and the output stays as it was.
pub(crate) struct Staging {
    out: OutputDir,
    dir: PathBuf,
    old: PathBuf,
    pages: AtomicUsize,
    copied: AtomicUsize,
    committed: bool,
}

impl Staging {
    /// A new staging folder for the claimed output, holding the [`MARKER`].
    pub(crate) fn new(out: OutputDir) -> io::Result<Staging> {
        let (parent, name) = parent_and_name(&out.dir);
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        remove_entry(&dir, None);
        fs::create_dir(&dir)?;
        let staging = Staging { out, dir, old, pages: AtomicUsize::new(0), copied: AtomicUsize::new(0), committed: false };
        fs::write(staging.dir.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }

    /// Writes one file (safe to call from many threads). True when it
    /// counts in [`Written`], as a page or a copied file.
    pub(crate) fn put(&self, o: &Output) -> io::Result<bool> {
        let dest = self.dir.join(&o.path);
        let write = |dest: &Path| -> io::Result<()> {
            match &o.body {
                Body::Bytes(b) => fs::write(dest, b),
                // A copy, never a link: the published file must not change
                // when the content's file is overwritten. Never read into
                // memory: copy_file_range on Linux (a copy-on-write clone
                // where the file system can), clonefile on macOS.
                Body::Copy(src) => fs::copy(src, dest).map(drop),
            }
        };
        match write(&dest) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = dest.parent() {
                    fs::create_dir_all(parent)?;
                }
                write(&dest)?;
            }
            Err(e) => return Err(e),
        }
        let counter = match &o.body {
            Body::Bytes(_) if o.path.ends_with(".html") => &self.pages,
            Body::Bytes(_) => return Ok(false),
            Body::Copy(_) => &self.copied,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    /// Swaps the new site in: the old one aside, the new one in, the old one
    /// deleted. The output is the resolved folder, never a link, so a link
    /// to it still leads to the new site.
    pub(crate) fn commit(mut self) -> io::Result<Written> {
        let out = &self.out.dir;
        let had_old = fs::symlink_metadata(out).is_ok();
        if had_old {
            // Checked again at the last moment: only a site or an empty folder goes.
            check_contents(out, &self.out.shown).map_err(io::Error::other)?;
            fs::rename(out, &self.old)?;
        }
        if let Err(e) = fs::rename(&self.dir, out) {
            if had_old {
                let _ = fs::rename(&self.old, out);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            remove_dir_parallel(&self.old);
        }
        Ok(Written { pages: self.pages.load(Ordering::Relaxed), copied: self.copied.load(Ordering::Relaxed) })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_entry(&self.dir, None);
        }
    }
}

/// Removes a file, a link (never what it leads to) or a folder tree.
/// `kind` is the entry's type if known (from a folder listing).
fn remove_entry(path: &Path, kind: Option<fs::FileType>) {
    let Some(kind) = kind.or_else(|| fs::symlink_metadata(path).ok().map(|m| m.file_type())) else { return };
    // remove_dir_all does not follow links, at any depth.
    let _ = if kind.is_dir() { fs::remove_dir_all(path) } else { fs::remove_file(path) };
}

/// Removes a folder tree, its subfolders in parallel (a national site has
/// tens of thousands of files). Follows no symbolic link: a link is
/// removed, not what it leads to.
fn remove_dir_parallel(dir: &Path) {
    if !fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        remove_entry(dir, None);
        return;
    }
    let mut entries = Vec::new();
    for top in fs::read_dir(dir).into_iter().flatten().flatten() {
        let kind = top.file_type().ok();
        let listed = if kind.is_some_and(|k| k.is_dir()) { fs::read_dir(top.path()).ok() } else { None };
        match listed {
            Some(rd) => entries.extend(rd.flatten().map(|e| (e.path(), e.file_type().ok()))),
            None => entries.push((top.path(), kind)),
        }
    }
    entries.par_iter().for_each(|(p, kind)| remove_entry(p, *kind));
    let _ = fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(label: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ccgpages-write-{label}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::canonicalize(dir).unwrap()
    }

    #[test]
    fn replaces_the_old_site_whole() {
        let tmp = tmp("replace");
        let out = tmp.join("site");
        let content = tmp.join("content");
        for (outputs, stale) in [(vec![("old/index.html", "old")], false), (vec![("a/index.html", "new")], true)] {
            let staging = Staging::new(claim(&out, &content, &|_| panic!("nothing else holds the lock")).unwrap()).unwrap();
            for (path, body) in &outputs {
                staging.put(&Output { path: (*path).into(), body: Body::Bytes(body.as_bytes().to_vec()) }).unwrap();
            }
            assert_eq!(staging.commit().unwrap().pages, 1);
            assert_eq!(out.join("old").exists(), !stale);
        }
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(out.join(MARKER)).unwrap(), MARKER_TEXT);
        let mut leftovers: Vec<_> = fs::read_dir(&tmp).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        leftovers.sort();
        assert_eq!(leftovers, [".site.lock", "site"]);
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_build_that_is_not_committed_leaves_the_output_as_it_was() {
        let tmp = tmp("dropped");
        let out = tmp.join("site");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        let staging = Staging::new(claim(&out, &tmp.join("content"), &|_| {}).unwrap()).unwrap();
        staging.put(&Output { path: "index.html".into(), body: Body::Bytes(b"new".to_vec()) }).unwrap();
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!tmp.join(format!(".site.building-{}", std::process::id())).exists());
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn resolves_dot_dot_and_linked_folders_of_paths_not_made_yet() {
        let tmp = tmp("resolve");
        fs::create_dir_all(tmp.join("real/a")).unwrap();
        std::os::unix::fs::symlink(tmp.join("real"), tmp.join("link")).unwrap();
        assert_eq!(resolve(&tmp.join("link/a/../b/./c")).unwrap(), tmp.join("real/b/c"));
        assert_eq!(resolve(&tmp.join("link/new/../site")).unwrap(), tmp.join("real/site"));
        assert_eq!(resolve(&tmp.join("link")).unwrap(), tmp.join("real"));
        fs::write(tmp.join("file"), "x").unwrap();
        assert!(resolve(&tmp.join("file/site")).unwrap_err().contains("is a file, not a folder"));
        std::os::unix::fs::symlink(tmp.join("nowhere"), tmp.join("dangling")).unwrap();
        assert!(resolve(&tmp.join("dangling")).unwrap_err().contains("leads nowhere"));
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn removing_a_folder_follows_no_link() {
        let tmp = tmp("links");
        let keep = tmp.join("keep");
        fs::create_dir_all(keep.join("sub")).unwrap();
        fs::write(keep.join("sub/file"), "kept").unwrap();
        let gone = tmp.join("gone");
        fs::create_dir_all(gone.join("dir")).unwrap();
        std::os::unix::fs::symlink(&keep, gone.join("top-link")).unwrap();
        std::os::unix::fs::symlink(&keep, gone.join("dir/deep-link")).unwrap();
        std::os::unix::fs::symlink(keep.join("sub/file"), gone.join("dir/file-link")).unwrap();
        remove_dir_parallel(&gone);
        assert!(!gone.exists());
        assert_eq!(fs::read_to_string(keep.join("sub/file")).unwrap(), "kept");
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn a_site_built_before_the_marker_is_recognised() {
        let tmp = tmp("legacy");
        fs::write(tmp.join("index.html"), "<!doctype html>").unwrap();
        fs::write(tmp.join(".nojekyll"), "").unwrap();
        assert!(!built_by_ccgpages(&tmp));
        fs::write(tmp.join("feed.xml"), "<?xml version=\"1.0\"?>\n<feed>\n  <generator>Hugo</generator>\n</feed>\n").unwrap();
        assert!(!built_by_ccgpages(&tmp));
        fs::write(tmp.join("feed.xml"), "<?xml version=\"1.0\"?>\n<feed>\n  <generator>ccgpages</generator>\n</feed>\n").unwrap();
        assert!(built_by_ccgpages(&tmp));
        fs::remove_file(tmp.join(".nojekyll")).unwrap();
        assert!(!built_by_ccgpages(&tmp));
        fs::remove_dir_all(&tmp).unwrap();
    }
}
