//! Stage 4, write: put the rendered files on disk atomically. The site is
//! built in a folder beside the output and swapped in only when complete, so
//! a failed build leaves the previous output exactly as it was.
//!
//! A build replaces only what ccgpages wrote, so the output folder is
//! guarded first ([`claim`]): never the content, the home folder, the
//! current folder or `/`; and only a folder that is empty, or that holds
//! the files the last build wrote and nothing else, unchanged (its marker
//! [`MARKER`] lists them with their hashes: see `manifest`). Dot-files and
//! dot-folders at the top of the folder (`.git` of a clone of a `gh-pages`
//! branch) are not the site's and are kept in place across the swap.
//! Nothing is deleted through a symbolic link, and a lock beside the output
//! makes two builds of it take turns.
//!
//! The swap is two renames (the old site aside, the new one in). A folder
//! that cannot be renamed (a mount point) has its entries swapped instead,
//! inside it. A build stopped half way leaves folders that tell how far it
//! got; the next build first puts back the last complete site from them
//! ([`recover`]), before anything else.

use std::fs;
use std::io::{self, Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::hash;
use crate::model::FileStamp;
use crate::render::{Body, Output};

mod manifest;

pub(crate) use manifest::MARKER;
use manifest::{Files, Marker};

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Written {
    pub pages: usize,
    pub copied: usize,
}

/// Why the output folder could not be claimed, or the new site not put in
/// its place.
#[derive(Debug)]
pub(crate) enum ClaimError {
    /// The folder must not be replaced (a usage error; nothing was written).
    Refused(String),
    /// The folder beside it, or the lock, could not be made.
    Io(io::Error),
}

/// What the output folder held when it was claimed.
#[derive(Debug)]
pub(crate) enum Held {
    /// No folder, or one that holds nothing but kept dot-files.
    Nothing,
    /// The site the last build wrote: these files, found unchanged.
    Site(Files),
    /// A site built by a version of ccgpages that did not list its files:
    /// it is replaced only if the new site writes every file it holds.
    Old,
}

/// An output folder that may be replaced, locked against other builds of
/// it until dropped (with the [`Staging`] made from it).
#[derive(Debug)]
pub(crate) struct OutputDir {
    /// The output as given, for messages.
    shown: PathBuf,
    /// Its resolved path: absolute, no `.`, `..` or symbolic link in it.
    dir: PathBuf,
    held: Held,
    _lock: fs::File,
}

/// The folders a build works in, named after its process id: beside the
/// output `.NAME.building-PID` (the new site) and `.NAME.old-PID` (the old
/// one, during the swap); inside it, when it is swapped in place,
/// `.ccgpages-building-PID` and `.ccgpages-old-PID`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Work {
    Building,
    Old,
}

impl Work {
    fn beside(self, name: &str, pid: u32) -> String {
        match self {
            Work::Building => format!(".{name}.building-{pid}"),
            Work::Old => format!(".{name}.old-{pid}"),
        }
    }
    fn inside(self, pid: u32) -> String {
        match self {
            Work::Building => format!(".ccgpages-building-{pid}"),
            Work::Old => format!(".ccgpages-old-{pid}"),
        }
    }
}

/// The pid of a folder `name` of the kind `prefix` (`.site.old-` …).
fn work_pid(name: &str, prefix: &str) -> Option<u32> {
    let pid = name.strip_prefix(prefix)?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Which folder of a build working inside the output `name` is, if any.
pub(crate) fn inside_work(name: &str) -> Option<(Work, u32)> {
    [Work::Building, Work::Old].into_iter().find_map(|w| Some((w, work_pid(name, w.inside(0).trim_end_matches('0'))?)))
}

/// The flag a swap in place leaves in `.ccgpages-old-PID` once every file
/// of the old site is in it (the new site's files go in after).
const MOVED_OUT: &str = ".ccgpages-moved-out";

/// Claims `output` for a site built from `content`: refuses a folder whose
/// replacement would delete anything but an earlier site (see
/// [`check_output`]), then takes the lock `.NAME.lock` beside it (calling
/// `waiting` first if another build holds it), puts back what a stopped
/// build had left half swapped ([`recover`]), and checks the folder again
/// if it may have changed meanwhile. Writes nothing if refused, but what
/// `recover` puts back.
pub(crate) fn claim(output: &Path, content: &Path, waiting: &dyn Fn(&Path)) -> Result<OutputDir, ClaimError> {
    let (dir, first) = check_output(output, content).map_err(ClaimError::Refused)?;
    let (parent, name) = parent_and_name(&dir);
    fs::create_dir_all(&parent).map_err(ClaimError::Io)?;
    let lock_path = parent.join(format!(".{name}.lock"));
    let lock = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).map_err(ClaimError::Io)?;
    let mut waited = false;
    match lock.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            waiting(output);
            lock.lock().map_err(ClaimError::Io)?;
            waited = true;
        }
        Err(fs::TryLockError::Error(e)) => return Err(ClaimError::Io(e)),
    }
    // Under the lock no build is using the folders left beside or inside.
    let restored = recover(&dir, &parent, &name).map_err(ClaimError::Refused)?;
    let held = match first {
        // The other build may have changed the folder while this one
        // waited; a stopped one's may have been put back.
        Some(held) if !waited && !restored => held,
        _ => check_contents(&dir, output).map_err(|why| {
            ClaimError::Refused(if restored {
                format!(
                    "{why}. (A build that was stopped had left {} half replaced: the last complete site was put back first.)",
                    output.display()
                )
            } else {
                why
            })
        })?,
    };
    Ok(OutputDir { shown: output.to_path_buf(), dir, held, _lock: lock })
}

/// The parent folder and the name of a resolved path (never `/`).
fn parent_and_name(dir: &Path) -> (PathBuf, String) {
    let parent = dir.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    let name = dir.file_name().map_or_else(|| "site".to_owned(), |n| n.to_string_lossy().into_owned());
    (parent, name)
}

/// A folder a build worked in: what it was for, the build's pid, its path.
type Leftover = (Work, u32, PathBuf);

/// The folders of builds that were stopped, beside the output `name` in
/// `parent` and inside the output `dir`, by pid.
fn leftovers(dir: &Path, parent: &Path, name: &str) -> (Vec<Leftover>, Vec<Leftover>) {
    let list = |folder: &Path, kind: &dyn Fn(&str) -> Option<(Work, u32)>| {
        let mut found: Vec<Leftover> = fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let (w, pid) = kind(&e.file_name().to_string_lossy())?;
                Some((w, pid, e.path()))
            })
            .collect();
        found.sort_by_key(|(_, pid, _)| *pid);
        found
    };
    let building = format!(".{name}.building-");
    let old = format!(".{name}.old-");
    let beside =
        list(parent, &|n| work_pid(n, &building).map(|p| (Work::Building, p)).or_else(|| work_pid(n, &old).map(|p| (Work::Old, p))));
    let is_dir = fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    let inside = if is_dir { list(dir, &inside_work) } else { Vec::new() };
    (beside, inside)
}

/// Puts back what builds that were stopped left, under the lock (so that no
/// build is using it): first of all the last complete site, if a build was
/// stopped between its two renames (the output missing, the old site aside);
/// the kept dot-files of the old site into the new one, if it was stopped
/// after them; and the files of a swap in place, back or forward, by how
/// far it got. Then removes the rest. True if it changed the output.
fn recover(dir: &Path, parent: &Path, name: &str) -> Result<bool, String> {
    let (beside, inside) = leftovers(dir, parent, name);
    let mut changed = false;
    for (work, _, path) in &beside {
        if *work == Work::Building {
            // Never more than a new site, half written.
            remove_entry(path, None);
            continue;
        }
        if fs::symlink_metadata(dir).is_err() {
            // Stopped between the two renames: the old site is the last complete one.
            fs::rename(path, dir).map_err(|e| {
                format!(
                    "the output folder {} is missing, and the last complete site, left beside it as {} by a build that was \
                     stopped, cannot be put back ({e}): rename that folder to {name} yourself, then build again",
                    dir.display(),
                    path.display()
                )
            })?;
        } else {
            // Stopped after them: the new site is in place, but for what the old one kept.
            let left = move_kept(path, dir);
            if !left.is_empty() {
                return Err(format!(
                    "a build that was stopped left {} beside the output folder, holding {} that could not be put back into {} \
                     (it has its own): move what you need out of that folder, delete it, then build again",
                    path.display(),
                    list(&left),
                    dir.display()
                ));
            }
            remove_dir_parallel(path);
        }
        changed = true;
    }
    for (work, pid, path) in &inside {
        if *work == Work::Building {
            continue;
        }
        if path.join(MOVED_OUT).exists() {
            // Stopped while moving the new site in: the rest goes in.
            if let Some((_, _, building)) = inside.iter().find(|(w, p, _)| *w == Work::Building && p == pid) {
                move_entries(building, dir, |_| true);
            }
        } else {
            // Stopped while moving the old site out: it goes back.
            move_entries(path, dir, |_| true);
        }
        remove_dir_parallel(path);
        changed = true;
    }
    for (work, _, path) in &inside {
        if *work == Work::Building {
            remove_dir_parallel(path);
        }
    }
    Ok(changed)
}

/// Moves the entries of `from` that `which` accepts into `to`, each one
/// that `to` does not have already (never replacing). Returns the names
/// of those left in `from`.
fn move_entries(from: &Path, to: &Path, which: impl Fn(&str) -> bool) -> Vec<String> {
    let mut left = Vec::new();
    for entry in fs::read_dir(from).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let shown = name.to_string_lossy().into_owned();
        if shown == MOVED_OUT || !which(&shown) {
            continue;
        }
        let dest = to.join(&name);
        if fs::symlink_metadata(&dest).is_ok() || fs::rename(entry.path(), &dest).is_err() {
            left.push(shown);
        }
    }
    left.sort();
    left
}

/// Moves the kept dot-files and dot-folders of the old site `old` into the
/// new one `to`; returns those left (the new site has its own).
fn move_kept(old: &Path, to: &Path) -> Vec<String> {
    move_entries(old, to, manifest::kept)
}

/// A few names in backticks, and how many more.
fn list(names: &[String]) -> String {
    let listed = names.iter().take(5).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let more = if names.len() > 5 { format!(" and {} more", names.len() - 5) } else { String::new() };
    format!("{listed}{more}")
}

/// Checks that `output` may be replaced by a site built from `content`,
/// reading only. Returns the resolved output folder and what it holds (none
/// when a stopped build left it half swapped: [`claim`] checks it once that
/// is put right), or why not, in plain words.
///
/// Refused: `/`, the content folder, a folder inside it or holding it, the
/// home folder or one holding it, the current folder or one holding it, a
/// file, and a folder that holds anything but a site ccgpages built (see
/// [`check_contents`]). A symbolic link is followed: the site replaces the
/// folder it leads to, and the link stays.
pub(crate) fn check_output(output: &Path, content: &Path) -> Result<(PathBuf, Option<Held>), String> {
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
    let (parent, name) = parent_and_name(&dir);
    let (beside, inside) = leftovers(&dir, &parent, &name);
    if beside.iter().any(|(w, _, _)| *w == Work::Old) || !inside.is_empty() {
        return Ok((dir, None));
    }
    let held = check_contents(&dir, output)?;
    Ok((dir, Some(held)))
}

/// Checks what the resolved output folder `dir` holds, reading only: nothing
/// (or no folder there yet), or the site the last build wrote, unchanged
/// (every file hashed), beside kept dot-files; or a site of a version of
/// ccgpages before the manifest. `given` names it in messages.
fn check_contents(dir: &Path, given: &Path) -> Result<Held, String> {
    let shown = if dir == given { given.display().to_string() } else { format!("{} (that is, {})", given.display(), dir.display()) };
    let given = given.display();
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Held::Nothing),
        Err(e) => return Err(format!("cannot use {shown} as the output folder: {e}")),
    };
    if !meta.is_dir() {
        return Err(format!(
            "the output {shown} is a file, not a folder: give the name of a folder for the site (a new one, or one ccgpages built before)"
        ));
    }
    let cannot_read = |e: io::Error| format!("cannot read the output folder {shown}: {e}");
    let keep = "dot-files and dot-folders at its top, such as `.git`, may stay: they are kept";
    match manifest::read_marker(dir) {
        Marker::Files(files) => {
            let survey = manifest::survey(dir, Some(&files)).map_err(cannot_read)?;
            let d = survey.verify(dir, &files, true);
            if d.is_empty() {
                return Ok(Held::Site(files));
            }
            Err(format!(
                "the output folder {shown} {}: a build replaces the files the last one wrote, so these would be lost. \
                 Move them out of {given} ({keep}) and build again, or choose a new or empty folder for the site",
                differences(&d)
            ))
        }
        Marker::Damaged(why) => Err(format!(
            "the output folder {shown} has a `{MARKER}` file that cannot be read ({why}), so which of its files ccgpages \
             wrote cannot be told. Choose a new or empty folder for the site; or, if nothing in {given} is needed, delete \
             that folder yourself and build again"
        )),
        Marker::Old => old_site(dir, &shown),
        Marker::None => {
            let survey = top_entries(dir).map_err(cannot_read)?;
            if survey.is_empty() {
                return Ok(Held::Nothing);
            }
            if manifest::built_before_the_marker(dir) {
                return old_site(dir, &shown);
            }
            Err(format!(
                "the output folder {shown} holds files that ccgpages did not write ({}): a build replaces what is in its \
                 output folder, so they would be deleted. Choose a new or empty folder for the site, such as `site` beside \
                 the content folder ({keep}); or, if nothing in {given} is needed, delete that folder yourself and build again",
                list(&survey)
            ))
        }
    }
}

/// What a folder measured against its manifest holds that it should not.
fn differences(d: &manifest::Differences) -> String {
    let mut parts = Vec::new();
    if !d.foreign.is_empty() {
        parts.push(format!("holds files that ccgpages did not write ({})", list(&d.foreign)));
    }
    if !d.changed.is_empty() {
        let verb = if parts.is_empty() { "holds" } else { "and" };
        parts.push(format!("{verb} files changed since ccgpages wrote them ({})", list(&d.changed)));
    }
    parts.join(" ")
}

/// The top-level entries of `dir` but the kept dot-files (and the folders
/// of a build at work), sorted.
fn top_entries(dir: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !manifest::kept(&name) && inside_work(&name).is_none() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// A site built by a version of ccgpages before the manifest: accepted if
/// it holds nothing a build never writes (links, pipes); whether the new
/// site writes each of its files is checked when it is put in place.
fn old_site(dir: &Path, shown: &str) -> Result<Held, String> {
    let survey = manifest::survey(dir, None).map_err(|e| format!("cannot read the output folder {shown}: {e}"))?;
    if survey.strange.is_empty() {
        return Ok(Held::Old);
    }
    Err(format!(
        "the output folder {shown} holds things that ccgpages never writes ({}: symbolic links or special files): \
         move them out of it and build again, or choose a new or empty folder for the site",
        list(&survey.strange)
    ))
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
    /// Where the new site is written: beside the output, or inside it when
    /// it is swapped in place.
    dir: PathBuf,
    in_place: bool,
    /// Every file written, for the manifest.
    files: Mutex<Files>,
    pages: AtomicUsize,
    copied: AtomicUsize,
    committed: bool,
}

/// Why the new site was not put in place.
#[derive(Debug)]
pub(crate) enum CommitError {
    /// The output folder changed while the site was built, or holds files
    /// the new site does not write (a usage error: nothing was changed).
    Refused(String),
    Io(io::Error),
}

impl From<io::Error> for CommitError {
    fn from(e: io::Error) -> CommitError {
        CommitError::Io(e)
    }
}

/// Whether the resolved folder `dir` is a mount point, which cannot be
/// renamed: on another device than its parent.
fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let dev = |p: &Path| fs::symlink_metadata(p).ok().map(|m| m.dev());
        match (dev(dir), dir.parent().and_then(dev)) {
            (Some(a), Some(b)) => a != b,
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

/// Whether renaming failed because the folder cannot be moved: a mount
/// point (busy), or on another file system than the folder beside it.
fn cannot_rename(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::ResourceBusy | io::ErrorKind::CrossesDevices)
}

impl Staging {
    /// A new staging folder for the claimed output: beside it, or inside it
    /// when it is a mount point.
    pub(crate) fn new(out: OutputDir) -> io::Result<Staging> {
        let in_place = is_mount_point(&out.dir);
        Staging::new_in(out, in_place)
    }

    fn new_in(out: OutputDir, in_place: bool) -> io::Result<Staging> {
        let (parent, name) = parent_and_name(&out.dir);
        let pid = std::process::id();
        let dir = if in_place { out.dir.join(Work::Building.inside(pid)) } else { parent.join(Work::Building.beside(&name, pid)) };
        remove_entry(&dir, None);
        fs::create_dir(&dir)?;
        Ok(Staging {
            out,
            dir,
            in_place,
            files: Mutex::new(Files::new()),
            pages: AtomicUsize::new(0),
            copied: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Writes one file (safe to call from many threads). True when it
    /// counts in [`Written`], as a page or a copied file. A paper is
    /// copied from the file that was checked, or not at all: the error is
    /// then at the paper.
    pub(crate) fn put(&self, o: &Output) -> Result<bool, Diagnostic> {
        let cannot_write = |e: io::Error| Diagnostic::error(&self.out.shown, format!("cannot write the site here: {e}"));
        let dest = self.dir.join(&o.path);
        let written = match &o.body {
            Body::Bytes(b) => {
                create(&dest).and_then(|mut f| f.write_all(b)).map_err(cannot_write)?;
                manifest::Written { len: b.len() as u64, hash: hash::hash(b) }
            }
            Body::Copy(stamp) => {
                let from = stamp.open().map_err(|e| Diagnostic::error(&stamp.shown, format!("not published: {e}")))?;
                let to = create(&dest).map_err(cannot_write)?;
                copy(stamp, from, to).map_err(|e| match e {
                    Side::From(e) => Diagnostic::error(&stamp.shown, format!("not published: cannot read this paper ({e})")),
                    Side::To(e) => cannot_write(e),
                })?
            }
        };
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(o.path.clone(), written);
        let counter = match &o.body {
            Body::Bytes(_) if o.path.ends_with(".html") => &self.pages,
            Body::Bytes(_) => return Ok(false),
            Body::Copy(_) => &self.copied,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    /// Swaps the new site in: the old one aside, the new one in, the kept
    /// dot-files of the old one moved into the new, the old one deleted.
    /// The output is the resolved folder, never a link, so a link to it
    /// still leads to the new site.
    pub(crate) fn commit(mut self) -> Result<Written, CommitError> {
        let files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        fs::write(self.dir.join(MARKER), manifest::marker_text(&files))?;
        // Checked again at the last moment (sizes only: the hashes were
        // checked when it was claimed, under the lock).
        self.recheck(&files)?;
        let out = self.out.dir.clone();
        let (parent, name) = parent_and_name(&out);
        let pid = std::process::id();
        if fs::symlink_metadata(&out).is_err() {
            fs::rename(&self.dir, &out)?;
            self.committed = true;
        } else if self.in_place {
            self.commit_in_place()?;
        } else {
            let old = parent.join(Work::Old.beside(&name, pid));
            match fs::rename(&out, &old) {
                Ok(()) => {}
                Err(e) if cannot_rename(&e) => {
                    // A mount point (or a bind mount of one): the new site
                    // goes inside it, and is swapped in there.
                    let inside = out.join(Work::Building.inside(pid));
                    match fs::rename(&self.dir, &inside) {
                        Ok(()) => {}
                        Err(e) if cannot_rename(&e) => {
                            copy_tree(&self.dir, &inside)?;
                            remove_dir_parallel(&self.dir);
                        }
                        Err(e) => return Err(e.into()),
                    }
                    self.dir = inside;
                    self.in_place = true;
                    self.commit_in_place()?;
                    return Ok(self.written());
                }
                Err(e) => return Err(e.into()),
            }
            // Killed here, the next build puts `old` back first (see recover).
            if let Err(e) = fs::rename(&self.dir, &out) {
                let _ = fs::rename(&old, &out);
                return Err(e.into());
            }
            self.committed = true;
            // The old site's .git and such stay with the folder.
            if move_kept(&old, &out).is_empty() {
                remove_dir_parallel(&old);
            }
            // Else the next build tries again, and says what it cannot move.
        }
        Ok(self.written())
    }

    fn written(&self) -> Written {
        Written { pages: self.pages.load(Ordering::Relaxed), copied: self.copied.load(Ordering::Relaxed) }
    }

    /// Whether the output still holds what it held when claimed (paths and
    /// sizes, not hashed again); and, for a site of a version before the
    /// manifest, nothing that the new site (`files`) does not write.
    fn recheck(&self, files: &Files) -> Result<(), CommitError> {
        let out = &self.out;
        let shown = if out.dir == out.shown {
            out.shown.display().to_string()
        } else {
            format!("{} (that is, {})", out.shown.display(), out.dir.display())
        };
        if fs::symlink_metadata(&out.dir).is_err() {
            return Ok(());
        }
        let expected = match &out.held {
            Held::Site(f) => Some(f),
            _ => None,
        };
        let survey = manifest::survey(&out.dir, expected)?;
        let problem = match &out.held {
            Held::Nothing if survey.top.is_empty() => return Ok(()),
            Held::Nothing => format!("holds files that ccgpages did not write ({})", list(&survey.top)),
            Held::Site(f) => {
                let d = survey.verify(&out.dir, f, false);
                if d.is_empty() {
                    return Ok(());
                }
                differences(&d)
            }
            Held::Old => {
                let mut extra: Vec<String> = survey.strange.clone();
                extra.extend(survey.files.iter().filter(|(p, _)| p != MARKER && !files.contains_key(p)).map(|(p, _)| p.clone()));
                if extra.is_empty() {
                    return Ok(());
                }
                return Err(CommitError::Refused(format!(
                    "the output folder {shown} was built by an earlier version of ccgpages, which did not list the files it \
                     wrote, and it holds files that this build does not write ({}): they would be deleted. Move them out of \
                     it, or delete them if they are not needed, and build again (from now on the folder lists its files)",
                    list(&extra)
                )));
            }
        };
        Err(CommitError::Refused(format!(
            "the output folder {shown} changed while the site was being built: it now {problem}, which the build would delete. \
             Move them out of it and build again"
        )))
    }

    /// Swaps the new site, written inside the output (`.ccgpages-building-
    /// PID`), in place: every entry of the old site into `.ccgpages-old-PID`
    /// (then a flag that says so), every entry of the new one out of its
    /// folder, then both folders removed. Stopped half way, the next build
    /// puts the old site back, or the rest of the new one in, by the flag.
    fn commit_in_place(&mut self) -> io::Result<()> {
        let out = self.out.dir.clone();
        let old = out.join(Work::Old.inside(std::process::id()));
        remove_entry(&old, None);
        fs::create_dir(&old)?;
        let site = |name: &str| !manifest::kept(name) && inside_work(name).is_none();
        let left = move_entries(&out, &old, site);
        if !left.is_empty() {
            move_entries(&old, &out, |_| true);
            let _ = fs::remove_dir(&old);
            return Err(io::Error::other(format!("cannot move {} aside", list(&left))));
        }
        fs::write(old.join(MOVED_OUT), "")?;
        let left = move_entries(&self.dir, &out, |_| true);
        if !left.is_empty() {
            // Back as it was: the new site's entries into their folder, the old ones out.
            move_entries(&out, &self.dir, site);
            let _ = fs::remove_file(old.join(MOVED_OUT));
            move_entries(&old, &out, |_| true);
            let _ = fs::remove_dir(&old);
            return Err(io::Error::other(format!("cannot move {} into place", list(&left))));
        }
        self.committed = true;
        let _ = fs::remove_dir(&self.dir);
        remove_dir_parallel(&old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_entry(&self.dir, None);
        }
    }
}

/// Creates the file `dest`, and the folders it is in if need be.
fn create(dest: &Path) -> io::Result<fs::File> {
    match fs::File::create(dest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::File::create(dest)
        }
        other => other,
    }
}

/// Which side of a copy failed.
enum Side {
    From(io::Error),
    To(io::Error),
}

/// Copies the paper `from` (opened through its stamp) into `to`, hashing
/// it on the way, in pieces (never whole in memory): exactly the bytes it
/// had when it was checked, or an error.
fn copy(stamp: &FileStamp, from: fs::File, mut to: fs::File) -> Result<manifest::Written, Side> {
    let mut from = from.take(stamp.len);
    let mut h = hash::Hasher::new();
    let mut buf = vec![0; manifest::piece(stamp.len)];
    let mut len = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Side::From(e)),
        };
        h.update(&buf[..n]);
        to.write_all(&buf[..n]).map_err(Side::To)?;
        len += n as u64;
    }
    if len != stamp.len {
        return Err(Side::From(io::Error::other("it was made shorter while it was being copied")));
    }
    Ok(manifest::Written { len, hash: h.finish() })
}

/// Copies the folder tree `from` to `to` (a new folder), following no link.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let dest = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &dest)?;
        } else if kind.is_file() {
            fs::copy(entry.path(), &dest)?;
        }
    }
    Ok(())
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

    fn page(path: &str, body: &str) -> Output {
        Output { path: path.into(), body: Body::Bytes(body.as_bytes().to_vec()) }
    }

    /// Builds `outputs` into `out`, swapped in place or not.
    fn build(out: &Path, outputs: &[Output], in_place: bool) -> Result<Written, CommitError> {
        let claimed = claim(out, &out.with_file_name("content"), &|_| panic!("nothing else holds the lock"));
        let staging = Staging::new_in(claimed.map_err(|e| CommitError::Refused(format!("{e:?}")))?, in_place).unwrap();
        for o in outputs {
            staging.put(o).unwrap();
        }
        staging.commit()
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_the_old_site_and_keeps_the_dot_files() {
        for in_place in [false, true] {
            let tmp = tmp(if in_place { "replace-in-place" } else { "replace" });
            let out = tmp.join("site");
            assert_eq!(build(&out, &[page("old/index.html", "old")], false).unwrap().pages, 1);
            let marker = fs::read_to_string(out.join(MARKER)).unwrap();
            assert!(marker.contains(" 3 old/index.html\n"), "{marker}");
            // A clone of a gh-pages branch: .git is kept, in place.
            fs::create_dir_all(out.join(".git/refs")).unwrap();
            fs::write(out.join(".git/refs/main"), "unpushed").unwrap();
            fs::write(out.join(".well-known"), "mine").unwrap();
            assert_eq!(build(&out, &[page("a/index.html", "new")], in_place).unwrap().pages, 1);
            assert!(!out.join("old").exists());
            assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
            assert_eq!(fs::read_to_string(out.join(".git/refs/main")).unwrap(), "unpushed");
            assert_eq!(names(&out), [".ccgpages-site", ".git", ".well-known", "a"]);
            assert_eq!(names(&tmp), [".site.lock", "site"]);
            fs::remove_dir_all(&tmp).unwrap();
        }
    }

    #[test]
    fn a_build_that_is_not_committed_leaves_the_output_as_it_was() {
        for in_place in [false, true] {
            let tmp = tmp("dropped");
            let out = tmp.join("site");
            build(&out, &[page("index.html", "old")], false).unwrap();
            let staging = Staging::new_in(claim(&out, &tmp.join("content"), &|_| {}).unwrap(), in_place).unwrap();
            staging.put(&page("index.html", "new")).unwrap();
            drop(staging);
            assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
            assert_eq!(names(&out), [".ccgpages-site", "index.html"]);
            assert_eq!(names(&tmp), [".site.lock", "site"]);
            fs::remove_dir_all(&tmp).unwrap();
        }
    }

    #[test]
    fn a_folder_that_changed_during_the_build_is_not_replaced() {
        let tmp = tmp("changed");
        let out = tmp.join("site");
        build(&out, &[page("index.html", "old")], false).unwrap();
        let staging = Staging::new_in(claim(&out, &tmp.join("content"), &|_| {}).unwrap(), false).unwrap();
        staging.put(&page("index.html", "new")).unwrap();
        fs::write(out.join("notes.txt"), "saved here meanwhile").unwrap();
        match staging.commit() {
            Err(CommitError::Refused(why)) => {
                assert!(why.contains("changed while the site was being built") && why.contains("`notes.txt`"), "{why}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        fs::remove_dir_all(&tmp).unwrap();
    }

    /// A build stopped at each point of a swap beside the output, and of a
    /// swap in place: the next build finds the last complete site (with its
    /// .git), whichever it is, and nothing of the stopped one is left.
    #[test]
    fn what_a_stopped_build_left_is_put_right_before_anything_else() {
        let tmp = tmp("stopped");
        let out = tmp.join("site");
        let old_site = |dir: &Path| {
            fs::create_dir_all(dir.join(".git")).unwrap();
            fs::write(dir.join(".git/HEAD"), "history").unwrap();
        };
        let check = |label: &str, expect: &str| {
            let claimed = claim(&out, &tmp.join("content"), &|_| {}).unwrap_or_else(|e| panic!("{label}: {e:?}"));
            drop(claimed);
            assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), expect, "{label}");
            assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "history", "{label}");
            assert_eq!(names(&tmp), [".site.lock", "site"], "{label}");
            assert_eq!(names(&out), [".ccgpages-site", ".git", "index.html"], "{label}");
        };
        // A complete site, as a build leaves it.
        build(&out, &[page("index.html", "last")], false).unwrap();
        old_site(&out);
        let complete = self::tmp("stopped-complete").join("site");
        copy_tree(&out, &complete).unwrap();
        let fresh = || {
            let _ = fs::remove_dir_all(&out);
            copy_tree(&complete, &out).unwrap();
        };
        // A new site, complete, as a build writes it beside the output.
        let new_site = |dir: &Path| {
            fs::create_dir_all(dir).unwrap();
            fs::write(dir.join("index.html"), "next").unwrap();
            let files: Files = [("index.html".to_owned(), manifest::Written { len: 4, hash: hash::hash(b"next") })].into();
            fs::write(dir.join(MARKER), manifest::marker_text(&files)).unwrap();
        };

        // Beside: stopped before the first rename (the new site half written).
        fresh();
        new_site(&tmp.join(".site.building-41"));
        check("stopped before the swap", "last");
        // Between the two renames: no output folder at all.
        fresh();
        fs::rename(&out, tmp.join(".site.old-42")).unwrap();
        new_site(&tmp.join(".site.building-42"));
        check("stopped between the renames", "last");
        // After them: the new site in place, the old one (with .git) aside.
        fresh();
        fs::rename(&out, tmp.join(".site.old-43")).unwrap();
        new_site(&out);
        check("stopped after the renames", "next");

        // In place: stopped while the old site's entries moved aside.
        fresh();
        new_site(&out.join(".ccgpages-building-44"));
        fs::create_dir(out.join(".ccgpages-old-44")).unwrap();
        fs::rename(out.join("index.html"), out.join(".ccgpages-old-44/index.html")).unwrap();
        check("stopped moving the old site out", "last");
        // While the new one's moved in.
        fresh();
        new_site(&out.join(".ccgpages-building-45"));
        fs::create_dir(out.join(".ccgpages-old-45")).unwrap();
        for name in ["index.html", MARKER] {
            fs::rename(out.join(name), out.join(".ccgpages-old-45").join(name)).unwrap();
        }
        fs::write(out.join(".ccgpages-old-45").join(MOVED_OUT), "").unwrap();
        fs::rename(out.join(".ccgpages-building-45/index.html"), out.join("index.html")).unwrap();
        check("stopped moving the new site in", "next");
        fs::remove_dir_all(&tmp).unwrap();
        fs::remove_dir_all(complete.parent().unwrap()).unwrap();
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
        assert!(!manifest::built_before_the_marker(&tmp));
        fs::write(tmp.join("feed.xml"), "<?xml version=\"1.0\"?>\n<feed>\n  <generator>Hugo</generator>\n</feed>\n").unwrap();
        assert!(!manifest::built_before_the_marker(&tmp));
        fs::write(tmp.join("feed.xml"), "<?xml version=\"1.0\"?>\n<feed>\n  <generator>ccgpages</generator>\n</feed>\n").unwrap();
        assert!(manifest::built_before_the_marker(&tmp));
        fs::remove_file(tmp.join(".nojekyll")).unwrap();
        assert!(!manifest::built_before_the_marker(&tmp));
        fs::remove_dir_all(&tmp).unwrap();
    }
}
