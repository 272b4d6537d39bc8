//! Files read once, by handle: a content file (a meeting paper) is known by
//! what it was when it was listed and checked ([`FileStamp`]: the file it
//! is, its size and time stamp), and every later read of it opens it again
//! only through [`FileStamp::open`], which refuses any other file. A paper
//! swapped for a symbolic link (to `/etc/shadow`, say) after it was checked
//! is then neither read for names, nor copied into the site, nor served by
//! the preview. A leaf: it knows files, nothing of the content model.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A file as it was when it was listed: where it is read from, and what
/// tells it from any other file or from a later version of itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileStamp {
    /// Its path in the content, for messages.
    pub shown: PathBuf,
    /// Where it is read: the path in the content, or the file a symbolic
    /// link there leads to (resolved, so that no link is followed on
    /// opening it).
    pub real: PathBuf,
    pub len: u64,
    pub modified: Option<SystemTime>,
    /// The device, the file's number on it and the time its metadata last
    /// changed, which no one can set back (a number freed by a removed file
    /// may be reused by the next file made): 0 where the system does not
    /// say.
    id: [i64; 4],
}

impl FileStamp {
    /// The stamp of the file at `real` (never a link: the file `shown`
    /// is, or the one it leads to), from its metadata.
    pub fn of(shown: &Path, real: &Path, meta: &fs::Metadata) -> FileStamp {
        FileStamp {
            shown: shown.to_path_buf(),
            real: real.to_path_buf(),
            len: meta.len(),
            modified: meta.modified().ok(),
            id: identity(meta),
        }
    }

    /// Reads the stamp of the file at `real` now (not following a link at
    /// its end), for tests and for files listed without metadata.
    pub fn read(real: &Path) -> io::Result<FileStamp> {
        Ok(FileStamp::of(real, real, &fs::symlink_metadata(real)?))
    }

    /// Opens the file, refusing anything but the very file stamped: a link
    /// at the end of the path is not followed (where the system allows), a
    /// pipe or a device is not waited on, and the open file must be an
    /// ordinary file, the same one (device and number), with the same size
    /// and time stamp. The error says why, in plain words.
    pub fn open(&self) -> io::Result<fs::File> {
        let file = open_no_follow(&self.real).map_err(|e| if is_link_error(&e) { changed("it is now a symbolic link") } else { e })?;
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Err(changed("it is no longer an ordinary file"));
        }
        let id = identity(&meta);
        if id[..2] != self.id[..2] {
            return Err(changed("another file has taken its place"));
        }
        if meta.len() != self.len || meta.modified().ok() != self.modified || id != self.id {
            return Err(changed("it was saved again"));
        }
        Ok(file)
    }
}

fn changed(why: &str) -> io::Error {
    io::Error::other(format!(
        "this file changed after ccgpages first looked at it ({why}), so it is not the file that was checked; \
         run the command again to check it as it is now"
    ))
}

#[cfg(unix)]
fn identity(meta: &fs::Metadata) -> [i64; 4] {
    use std::os::unix::fs::MetadataExt;
    [meta.dev() as i64, meta.ino() as i64, meta.ctime(), meta.ctime_nsec()]
}

#[cfg(not(unix))]
fn identity(_: &fs::Metadata) -> [i64; 4] {
    [0; 4]
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: a pipe put in the file's place must not hang the open (it
    // changes nothing for an ordinary file).
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

/// Whether opening failed because the path ends in a symbolic link
/// (`ELOOP` with `O_NOFOLLOW`; FreeBSD says `EMLINK`).
fn is_link_error(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(e.raw_os_error(), Some(libc::ELOOP | libc::EMLINK))
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(label: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ccgpages-stamp-{label}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn refused(stamp: &FileStamp, why: &str) {
        let e = stamp.open().expect_err(why);
        assert!(e.to_string().contains(why), "expected {why:?} in {e}");
    }

    #[test]
    fn opens_only_the_file_stamped() {
        let dir = tmp("open");
        let paper = dir.join("paper.pdf");
        fs::write(&paper, "%PDF-1.4 the paper").unwrap();
        let stamp = FileStamp::read(&paper).unwrap();
        let mut text = String::new();
        io::Read::read_to_string(&mut stamp.open().unwrap(), &mut text).unwrap();
        assert_eq!(text, "%PDF-1.4 the paper");

        // Saved again with other bytes (a different size).
        fs::write(&paper, "%PDF-1.4 a longer, different paper").unwrap();
        refused(&stamp, "it was saved again");

        // Another file renamed into its place, of the same size and time.
        let stamp = FileStamp::read(&paper).unwrap();
        let other = dir.join("other.pdf");
        fs::write(&other, fs::read(&paper).unwrap()).unwrap();
        let f = fs::File::options().write(true).open(&other).unwrap();
        f.set_modified(stamp.modified.unwrap()).unwrap();
        drop(f);
        fs::rename(&other, &paper).unwrap();
        #[cfg(unix)]
        refused(&stamp, "another file has taken its place");

        #[cfg(unix)]
        {
            // A symbolic link put in its place, even to the same bytes.
            let stamp = FileStamp::read(&paper).unwrap();
            fs::rename(&paper, dir.join("moved.pdf")).unwrap();
            std::os::unix::fs::symlink(dir.join("moved.pdf"), &paper).unwrap();
            refused(&stamp, "it is now a symbolic link");
            // A named pipe: refused without hanging.
            fs::remove_file(&paper).unwrap();
            let made = std::process::Command::new("mkfifo").arg(&paper).status();
            if made.is_ok_and(|s| s.success()) {
                refused(&stamp, "no longer an ordinary file");
            }
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
