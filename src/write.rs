//! Stage 4, write: put the rendered files on disk atomically. The site is
//! built in a folder beside the output and swapped in only when complete, so
//! a failed build leaves the previous output exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::render::{Body, Output};

#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub pages: usize,
    pub copied: usize,
}

/// A folder beside the output that the new site is written into, file by
/// file, and that replaces the output only on [`Staging::commit`]. Dropped
/// without a commit, it is removed and the output stays as it was.
pub struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    pages: AtomicUsize,
    copied: AtomicUsize,
    committed: bool,
}

impl Staging {
    pub fn new(out_dir: &Path) -> io::Result<Staging> {
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = out_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into());
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            dir,
            old,
            pages: AtomicUsize::new(0),
            copied: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Writes one file (safe to call from many threads). True when it
    /// counts in [`Written`], as a page or a copied file.
    pub fn put(&self, o: &Output) -> io::Result<bool> {
        let dest = self.dir.join(&o.path);
        let write = |dest: &Path| -> io::Result<()> {
            match &o.body {
                Body::Bytes(b) => fs::write(dest, b),
                // The cheapest correct copy, never read into memory: a hard
                // link to the same bytes where the file system allows it,
                // else fs::copy (copy_file_range on Linux).
                Body::Copy(src) => match fs::hard_link(src, dest) {
                    Ok(()) => Ok(()),
                    Err(_) => fs::copy(src, dest).map(drop),
                },
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

    /// Swaps the new site in: the old one aside, the new one in, the old one deleted.
    pub fn commit(mut self) -> io::Result<Written> {
        let had_old = self.out_dir.exists();
        if had_old {
            fs::rename(&self.out_dir, &self.old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out_dir) {
            if had_old {
                let _ = fs::rename(&self.old, &self.out_dir);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            remove_dir_parallel(&self.old);
        }
        Ok(Written {
            pages: self.pages.load(Ordering::Relaxed),
            copied: self.copied.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `outputs` into `out_dir`, replacing what was there.
pub fn write_site(out_dir: &Path, outputs: &[Output]) -> io::Result<Written> {
    let staging = Staging::new(out_dir)?;
    outputs.par_iter().try_for_each(|o| staging.put(o).map(drop))?;
    staging.commit()
}

/// Removes a folder tree, its subfolders in parallel (a national site has
/// tens of thousands of files).
fn remove_dir_parallel(dir: &Path) {
    let mut subdirs = Vec::new();
    for top in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = top.path();
        if top.file_type().is_ok_and(|t| t.is_dir()) {
            match fs::read_dir(&path) {
                Ok(rd) => subdirs.extend(rd.flatten().map(|e| e.path())),
                Err(_) => subdirs.push(path),
            }
        }
    }
    subdirs.par_iter().for_each(|p| {
        if p.is_dir() {
            let _ = fs::remove_dir_all(p);
        } else {
            let _ = fs::remove_file(p);
        }
    });
    let _ = fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_old_site_whole() {
        let tmp = std::env::temp_dir().join(format!("ccgpages-write-{}", std::process::id()));
        let out = tmp.join("site");
        fs::create_dir_all(out.join("stale")).unwrap();
        fs::write(out.join("stale/index.html"), "old").unwrap();
        let outputs = vec![Output { path: "a/index.html".into(), body: Body::Bytes(b"new".to_vec()) }];
        let w = write_site(&out, &outputs).unwrap();
        assert_eq!(w.pages, 1);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(!out.join("stale").exists());
        let leftovers: Vec<_> = fs::read_dir(&tmp).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
        fs::remove_dir_all(&tmp).unwrap();
    }
}
