//! Stage 4, write: put the rendered files on disk atomically. The site is
//! built in a folder beside the output and swapped in only when complete, so
//! a failed build leaves the previous output exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::{Body, Output};

#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub pages: usize,
    pub copied: usize,
    pub bytes: u64,
}

/// Writes `outputs` into `out_dir`, replacing what was there.
pub fn write_site(out_dir: &Path, outputs: &[Output]) -> io::Result<Written> {
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = out_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into());
    let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let result = write_into(&staging, outputs);
    let written = match result {
        Ok(w) => w,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    // Swap: move the old site aside, the new one in, then delete the old.
    let had_old = out_dir.exists();
    if had_old {
        fs::rename(out_dir, &old)?;
    }
    if let Err(e) = fs::rename(&staging, out_dir) {
        if had_old {
            let _ = fs::rename(&old, out_dir);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if had_old {
        remove_dir_parallel(&old);
    }
    Ok(written)
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

fn write_into(root: &Path, outputs: &[Output]) -> io::Result<Written> {
    fs::create_dir_all(root)?;
    // Make every directory first (sorted, so parents come first), then
    // write files in parallel.
    let mut dirs: Vec<PathBuf> = outputs
        .iter()
        .filter_map(|o| Path::new(&o.path).parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(root.join(d))?;
    }
    let totals = outputs
        .par_iter()
        .map(|o| -> io::Result<Written> {
            let dest = root.join(&o.path);
            match &o.body {
                Body::Bytes(b) => {
                    fs::write(&dest, b)?;
                    Ok(Written { pages: usize::from(o.path.ends_with(".html")), copied: 0, bytes: b.len() as u64 })
                }
                Body::Copy(src) => {
                    // The cheapest correct copy, never read into memory: a
                    // hard link to the same bytes where the file system
                    // allows it, else fs::copy (copy_file_range on Linux).
                    let n = match fs::hard_link(src, &dest) {
                        Ok(()) => fs::metadata(&dest)?.len(),
                        Err(_) => fs::copy(src, &dest)?,
                    };
                    Ok(Written { pages: 0, copied: 1, bytes: n })
                }
            }
        })
        .try_reduce(Written::default, |a, b| {
            Ok(Written { pages: a.pages + b.pages, copied: a.copied + b.copied, bytes: a.bytes + b.bytes })
        })?;
    Ok(totals)
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
