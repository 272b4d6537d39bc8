//! `build --output`: which folders a build may replace, and that nothing
//! else is ever deleted, followed through a link or changed by a refusal.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::*;

/// `ccgpages build` of `fx`'s content into `output`, run in `cwd` with
/// `HOME` set to `home`.
fn build_into(fx: &Fixture, output: &Path, cwd: &Path, home: &Path) -> Run {
    let out = Command::new(BIN)
        .args(["build", "--content", fx.content().to_str().unwrap(), "--output", output.to_str().unwrap(), "--as-of", "2016-06-30"])
        .current_dir(cwd)
        .env("HOME", home)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file and folder under `dir` (links not followed), with the bytes
/// of each file and the target of each link: a whole picture to compare.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let p = entry.path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let t = entry.file_type().unwrap();
            if t.is_symlink() {
                out.push((rel, format!("link to {}", std::fs::read_link(&p).unwrap().display())));
            } else if t.is_dir() {
                out.push((rel.clone(), "folder".into()));
                walk(root, &p, out);
            } else {
                out.push((rel, format!("{:?}", std::fs::read(&p).unwrap())));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A refusal: exit 2, the words expected, and nothing under `tmp` changed.
fn refused(fx: &Fixture, output: &Path, cwd: &Path, home: &Path, words: &[&str]) {
    let before = snapshot(fx.tmp.path());
    let r = build_into(fx, output, cwd, home);
    assert_eq!(r.code, 2, "{}: expected a refusal:\n{}{}", output.display(), r.stdout, r.stderr);
    for w in words {
        assert!(r.stderr.contains(w), "{}: expected {w:?} in:\n{}", output.display(), r.stderr);
    }
    assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
    assert!(snapshot(fx.tmp.path()) == before, "{}: a refused build changed something", output.display());
}

#[test]
fn folders_that_hold_or_are_what_must_not_be_lost_are_refused() {
    let fx = Fixture::new("minimal");
    let tmp = fx.tmp.path();
    let home = tmp.join("homes/someone");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("letter.txt"), "mine").unwrap();
    let work = tmp.join("work/project");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("notes.txt"), "mine").unwrap();
    let content = fx.content();

    // The content folder, by any spelling.
    refused(&fx, &content, tmp, &home, &["is the content folder", "the content would be lost"]);
    refused(&fx, &content.join("ccgs/../."), tmp, &home, &["is the content folder"]);
    refused(&fx, Path::new("content"), tmp, &home, &["the output folder content (that is, ", "is the content folder"]);
    // Inside it, also where it does not exist yet, and holding it.
    refused(&fx, &content.join("site"), tmp, &home, &["is inside the content folder"]);
    refused(&fx, &content.join("ccgs/alpha"), tmp, &home, &["is inside the content folder"]);
    refused(&fx, tmp, &work, &home, &["holds the content folder"]);
    // The top of the file system.
    refused(&fx, Path::new("/"), tmp, &home, &["is the top folder of the computer"]);
    // The home folder, and one holding it.
    refused(&fx, &home, tmp, &home, &["is your home folder"]);
    refused(&fx, &tmp.join("homes"), tmp, &home, &["holds your home folder"]);
    // The current folder, and one holding it.
    refused(&fx, Path::new("."), &work, &home, &["is the folder this command runs in"]);
    refused(&fx, Path::new(".."), &work, &home, &["holds the folder this command runs in"]);
    // A symbolic link to any of them is no way round.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&content, tmp.join("link-to-content")).unwrap();
        refused(&fx, &tmp.join("link-to-content"), tmp, &home, &["is the content folder"]);
        std::os::unix::fs::symlink(&home, tmp.join("link-to-home")).unwrap();
        refused(&fx, &tmp.join("link-to-home/"), tmp, &home, &["is your home folder"]);
    }
}

#[test]
fn a_folder_that_holds_other_files_is_left_alone() {
    let fx = Fixture::new("minimal");
    let foreign = fx.tmp.path().join("website");
    std::fs::create_dir_all(foreign.join("photos")).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    std::fs::write(foreign.join("index.html"), "<p>my own page</p>").unwrap();
    refused(
        &fx,
        &foreign,
        fx.tmp.path(),
        fx.tmp.path(),
        &["website", "holds files that ccgpages did not write (`index.html`, `notes.txt`, `photos`)", "delete that folder yourself"],
    );
    // Even with bad content, the folder is refused first (a usage error) and left alone.
    fx.edit("ccgs/alpha/ccg.yaml", "name: NHS Alpha CCG", "name: [");
    refused(&fx, &foreign, fx.tmp.path(), fx.tmp.path(), &["holds files that ccgpages did not write"]);

    // Many files: a few are named, the rest counted.
    for i in 0..9 {
        std::fs::write(foreign.join(format!("file-{i}")), "x").unwrap();
    }
    refused(&fx, &foreign, fx.tmp.path(), fx.tmp.path(), &["(`file-0`, `file-1`, `file-2`, `file-3`, `file-4` and 7 more)"]);
}

#[test]
fn a_file_is_not_an_output_folder() {
    let fx = Fixture::new("minimal");
    let file = fx.tmp.path().join("site");
    std::fs::write(&file, "a file").unwrap();
    refused(&fx, &file, fx.tmp.path(), fx.tmp.path(), &["is a file, not a folder"]);
    refused(&fx, &file.join("inner"), fx.tmp.path(), fx.tmp.path(), &["is a file, not a folder"]);
}

#[test]
fn a_new_or_empty_folder_is_built_and_a_built_one_replaced() {
    let fx = Fixture::new("minimal");
    // New, below folders that do not exist yet.
    let deep = fx.tmp.path().join("a/b/site");
    let r = build_into(&fx, &deep, fx.tmp.path(), fx.tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(deep.join("index.html").is_file());
    // Empty.
    let empty = fx.tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let r = build_into(&fx, &empty, fx.tmp.path(), fx.tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(empty.join("index.html").is_file());

    // Built by ccgpages: marked with the list of its files, and replaced.
    assert_eq!(fx.build(&[]).code, 0);
    let marker = std::fs::read_to_string(fx.site().join(".ccgpages-site")).unwrap();
    assert!(marker.starts_with("This folder is a website built by ccgpages."), "{marker}");
    assert!(marker.contains(" ccgs/alpha/papers/2016-01-14/merger.pdf\n") && marker.contains(" index.html\n"), "{marker}");
    // A page an earlier build wrote (empty, so its hash is xxHash64's of nothing) that this one does not.
    std::fs::write(fx.site().join("ccgs/alpha/gone.html"), "").unwrap();
    let files = marker.clone() + "ef46db3751d8e999 0 ccgs/alpha/gone.html\n";
    std::fs::write(fx.site().join(".ccgpages-site"), files).unwrap();
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!fx.site().join("ccgs/alpha/gone.html").exists(), "a file the last build wrote and this one does not is removed");
    assert_eq!(std::fs::read_to_string(fx.site().join(".ccgpages-site")).unwrap(), marker, "the same site, the same marker");
    // Beside the output only the lock stays.
    let mut beside: Vec<String> =
        std::fs::read_dir(fx.tmp.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    beside.sort();
    assert_eq!(beside, [".empty.lock", ".site.lock", "a", "content", "empty", "site"]);
}

#[test]
fn a_site_built_before_the_marker_existed_is_rebuilt() {
    let fx = Fixture::new("minimal");
    assert_eq!(fx.build(&[]).code, 0);
    // What an older ccgpages left: the same site without the marker.
    std::fs::remove_file(fx.site().join(".ccgpages-site")).unwrap();
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fx.site().join(".ccgpages-site").is_file());
    // Without its feed it is not recognised: refused, as any other folder.
    std::fs::remove_file(fx.site().join(".ccgpages-site")).unwrap();
    std::fs::remove_file(fx.site().join("feed.xml")).unwrap();
    refused(&fx, &fx.site(), fx.tmp.path(), fx.tmp.path(), &["holds files that ccgpages did not write"]);
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_is_replaced_where_it_leads_and_no_link_is_followed_in_deleting() {
    use std::os::unix::fs::symlink;
    let fx = Fixture::new("minimal");
    let tmp = fx.tmp.path();
    // site -> www/html, as for a web server; www holds other things.
    let www = tmp.join("www");
    std::fs::create_dir_all(www.join("html")).unwrap();
    std::fs::create_dir_all(www.join("other-site")).unwrap();
    std::fs::write(www.join("other-site/index.html"), "another site").unwrap();
    std::fs::write(www.join("notes.txt"), "beside").unwrap();
    let link = tmp.join("site");
    symlink(www.join("html"), &link).unwrap();
    // Precious files that links inside the built site will lead to.
    let precious = tmp.join("precious");
    std::fs::create_dir_all(precious.join("deeper")).unwrap();
    std::fs::write(precious.join("deeper/keep.txt"), "keep").unwrap();
    let precious_before = snapshot(&precious);

    for round in 0..3 {
        let r = build_into(&fx, &link, tmp, tmp);
        assert_eq!(r.code, 0, "round {round}: {}", r.stderr);
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays");
        assert_eq!(std::fs::read_link(&link).unwrap(), www.join("html"));
        assert!(www.join("html/index.html").is_file() && www.join("html/.ccgpages-site").is_file());
        assert_eq!(std::fs::read_to_string(www.join("notes.txt")).unwrap(), "beside");
        assert_eq!(std::fs::read_to_string(www.join("other-site/index.html")).unwrap(), "another site");
        assert!(snapshot(&precious) == precious_before, "round {round}: a link was followed in deleting");
        // Links into the precious folder, at the top of the site and deep in
        // it: a build never writes a link, so the folder is refused, and
        // nothing is followed.
        let links = [
            (precious.clone(), www.join("html/top-link")),
            (precious.clone(), www.join("html/ccgs/deep-link")),
            (precious.join("deeper"), www.join("html/ccgs/alpha/deeper-link")),
        ];
        for (to, at) in &links {
            symlink(to, at).unwrap();
        }
        refused(&fx, &link, tmp, tmp, &["did not write (`ccgs/alpha/deeper-link`, `ccgs/deep-link`, `top-link`)"]);
        assert!(snapshot(&precious) == precious_before, "round {round}: a link was followed");
        for (_, at) in &links {
            std::fs::remove_file(at).unwrap();
        }
    }
    let mut beside: Vec<String> = std::fs::read_dir(&www).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    beside.sort();
    assert_eq!(beside, [".html.lock", "html", "notes.txt", "other-site"]);

    // A link to a folder that holds other things is refused like the folder.
    let other = tmp.join("other");
    symlink(www.join("other-site"), &other).unwrap();
    refused(&fx, &other, tmp, tmp, &["other (that is, ", "other-site", "`index.html`"]);
    // A link that leads nowhere.
    symlink(tmp.join("nowhere"), tmp.join("dangling")).unwrap();
    refused(&fx, &tmp.join("dangling"), tmp, tmp, &["is a symbolic link that leads nowhere"]);
}

#[test]
fn what_a_stopped_build_left_is_put_right_by_the_next() {
    let fx = Fixture::new("minimal");
    let tmp = fx.tmp.path();
    assert_eq!(fx.build(&[]).code, 0);
    let complete = snapshot(&fx.site());
    // Stopped between its two renames: the last complete site aside, the new one half written, no output folder.
    std::fs::rename(fx.site(), tmp.join(".site.old-123")).unwrap();
    std::fs::create_dir_all(tmp.join(".site.building-123/ccgs")).unwrap();
    std::fs::write(tmp.join(".site.building-123/index.html"), "half a site").unwrap();
    // Not a build's: kept.
    for kept in [".site.building-x1", ".other.old-1", ".site.old-"] {
        std::fs::create_dir_all(tmp.join(kept)).unwrap();
    }
    // The next build fails on the content: it still puts the last complete site back first, and says so truly.
    fx.edit("ccgs/alpha/ccg.yaml", "name: NHS Alpha CCG", "name: [");
    let r = fx.build(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("is unchanged"), "{}", r.stderr);
    assert!(snapshot(&fx.site()) == complete, "the last complete site is back");
    let mut beside: Vec<String> = std::fs::read_dir(tmp).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    beside.sort();
    assert_eq!(beside, [".other.old-1", ".site.building-x1", ".site.lock", ".site.old-", "content", "site"]);

    // Stopped after the renames, with a .git the old site had kept: it goes into the new one.
    fx.edit("ccgs/alpha/ccg.yaml", "name: [", "name: NHS Alpha CCG");
    std::fs::create_dir_all(fx.site().join(".git")).unwrap();
    std::fs::write(fx.site().join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::rename(fx.site(), tmp.join(".site.old-124")).unwrap();
    crate::common::copy_dir(&tmp.join(".site.old-124"), &fx.site());
    std::fs::remove_dir_all(fx.site().join(".git")).unwrap();
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(fx.site().join(".git/HEAD")).unwrap(), "ref: refs/heads/gh-pages\n");
    assert!(!tmp.join(".site.old-124").exists());
}

#[test]
fn two_builds_at_once_take_turns() {
    let fx = Fixture::new("minimal");
    let single = Fixture::new("minimal");
    assert_eq!(single.build(&[]).code, 0);
    for _ in 0..3 {
        let spawn = || {
            Command::new(BIN)
                .args([
                    "build",
                    "--content",
                    fx.content().to_str().unwrap(),
                    "--output",
                    fx.site().to_str().unwrap(),
                    "--as-of",
                    "2016-06-30",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
        assert!(all_files(&fx.site()) == all_files(&single.site()), "the site differs from one built alone");
        let mut beside: Vec<String> =
            std::fs::read_dir(fx.tmp.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        beside.sort();
        assert_eq!(beside, [".site.lock", "content", "site"]);
    }
}

#[test]
fn a_failed_build_leaves_the_output_as_it_was() {
    let fx = Fixture::new("minimal");
    assert_eq!(fx.build(&[]).code, 0);
    let site = snapshot(&fx.site());
    let beside = snapshot(fx.tmp.path());
    fx.edit("ccgs/alpha/decisions.yaml", "category: procurement", "category: nope");
    let r = fx.build(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("is unchanged"), "{}", r.stderr);
    assert!(snapshot(&fx.site()) == site);
    let mut now = snapshot(fx.tmp.path());
    let mut was = beside;
    // The only change under the folder is the content file edited.
    now.retain(|(p, _)| !p.ends_with("decisions.yaml"));
    was.retain(|(p, _)| !p.ends_with("decisions.yaml"));
    assert!(now == was);
}

#[test]
fn the_published_paper_is_a_copy() {
    let fx = Fixture::new("minimal");
    assert_eq!(fx.build(&[]).code, 0);
    let paper = fx.file("ccgs/alpha/papers/2016-01-14/merger.pdf");
    let published = fx.site().join("ccgs/alpha/papers/2016-01-14/merger.pdf");
    let original = std::fs::read(&paper).unwrap();
    assert_eq!(std::fs::read(&published).unwrap(), original);
    // Overwritten in place (as `cp new.pdf papers/x.pdf` does: same file, new bytes).
    let mut f = std::fs::OpenOptions::new().write(true).truncate(true).open(&paper).unwrap();
    std::io::Write::write_all(&mut f, b"%PDF-1.4 a different paper").unwrap();
    drop(f);
    assert_eq!(std::fs::read(&published).unwrap(), original, "the built site changed with the content");
    // And a build that fails keeps the old copy too.
    fx.edit("ccgs/alpha/decisions.yaml", "category: procurement", "category: nope");
    assert_eq!(fx.build(&[]).code, 1);
    assert_eq!(std::fs::read(&published).unwrap(), original);
}

#[cfg(unix)]
#[test]
fn links_in_the_content_are_followed_inside_it_and_refused_outside() {
    use std::os::unix::fs::symlink;
    let fx = Fixture::new("minimal");
    let papers = fx.file("ccgs/alpha/papers/2016-01-14");
    symlink(papers.join("merger.pdf"), papers.join("alias.pdf")).unwrap();
    // Linked from the meeting: a paper no meeting links is not published.
    fx.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "      - title: NHS England guidance",
        "      - title: The merger paper again\n        file: papers/2016-01-14/alias.pdf\n      - title: NHS England guidance",
    );
    // A text file too: a page that is a link to a file in a hidden folder
    // of the content (not read as content itself).
    std::fs::create_dir_all(fx.file(".sources")).unwrap();
    std::fs::write(fx.file(".sources/linked.md"), "---\ntitle: Linked page\n---\nFrom a link.\n").unwrap();
    symlink(fx.file(".sources/linked.md"), fx.file("pages/linked.md")).unwrap();
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let published = fx.site().join("ccgs/alpha/papers/2016-01-14/alias.pdf");
    let meta = std::fs::symlink_metadata(&published).unwrap();
    assert!(meta.file_type().is_file(), "a link is published as a real file");
    assert_eq!(std::fs::read(&published).unwrap(), std::fs::read(papers.join("merger.pdf")).unwrap());
    assert!(fx.page("linked/index.html").contains("From a link."));

    // Outside the content, or nowhere: refused at the file.
    let outside = fx.tmp.path().join("outside.md");
    std::fs::write(&outside, "---\ntitle: Outside\n---\n").unwrap();
    let cases = [
        ("pages/out.md", outside.clone(), "pages/out.md: error: this symbolic link leads outside the content directory"),
        ("pages/broken.md", fx.file("pages/missing.md"), "pages/broken.md: error: this symbolic link is broken"),
        (
            "ccgs/alpha/papers/2016-01-14/out.pdf",
            outside.clone(),
            "papers/2016-01-14/out.pdf: error: this symbolic link leads outside the content directory",
        ),
        (
            "ccgs/alpha/papers/2016-01-14/broken.pdf",
            papers.join("missing.pdf"),
            "papers/2016-01-14/broken.pdf: error: this symbolic link is broken",
        ),
    ];
    for (at, target, expected) in cases {
        let fx = Fixture::new("minimal");
        symlink(&target, fx.file(at)).unwrap();
        let r = fx.build(&[]);
        assert_eq!(r.code, 1, "{at}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{at}: expected {expected:?} in:\n{}", r.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_a_socket_or_a_device_in_the_content_is_refused_at_once() {
    use std::os::unix::fs::symlink;
    let mkfifo = |p: &Path| {
        let s = Command::new("mkfifo").arg(p).status().expect("mkfifo (coreutils) is needed to make a named pipe");
        assert!(s.success());
    };
    // (file to replace, how, the message)
    type Make = Box<dyn Fn(&Fixture, &Path)>;
    let cases: Vec<(&str, Make, &str)> = vec![
        (
            "ccgs/alpha/ccg.yaml",
            Box::new(|_, p| symlink("/dev/zero", p).unwrap()),
            "this symbolic link leads outside the content directory (to /dev/zero)",
        ),
        (
            "ccgs/alpha/decisions.yaml",
            Box::new(move |_, p| mkfifo(p)),
            "this is a named pipe (FIFO), not an ordinary file: content files must be ordinary files",
        ),
        ("site.yaml", Box::new(move |_, p| mkfifo(p)), "this is a named pipe (FIFO)"),
        // The socket file stays when the listener is dropped.
        (
            "pages/about.md",
            Box::new(|_, p| drop(std::os::unix::net::UnixListener::bind(p).unwrap())),
            "this is a socket, not an ordinary file",
        ),
        (
            "ccgs/alpha/papers/2016-01-14/merger.pdf",
            Box::new(move |_, p| mkfifo(p)),
            "this is a named pipe (FIFO), not an ordinary file: papers must be ordinary files",
        ),
        (
            "ccgs/alpha/papers/2016-01-14/merger.pdf",
            Box::new(|_, p| symlink("/dev/zero", p).unwrap()),
            "this symbolic link leads outside the content directory (to /dev/zero)",
        ),
        // A link inside the content to a pipe inside it.
        (
            "ccgs/alpha/interests.yaml",
            Box::new(move |fx, p| {
                mkfifo(&fx.file("ccgs/alpha/.pipe"));
                symlink(fx.file("ccgs/alpha/.pipe"), p).unwrap();
            }),
            "this symbolic link leads to a named pipe (FIFO), not an ordinary file",
        ),
        (
            "ccgs/alpha/papers/2016-01-14/merger.pdf",
            Box::new(move |fx, p| {
                mkfifo(&fx.file("ccgs/alpha/.pipe"));
                symlink(fx.file("ccgs/alpha/.pipe"), p).unwrap();
            }),
            "this symbolic link leads to a named pipe (FIFO), not an ordinary file: papers must be ordinary files",
        ),
    ];
    for (file, make, expected) in cases {
        let fx = Fixture::new("minimal");
        std::fs::remove_file(fx.file(file)).unwrap();
        make(&fx, &fx.file(file));
        let started = Instant::now();
        // Spawned and waited for with a bound: a hang fails the test instead of stalling it.
        let mut child = Command::new(BIN)
            .args(["build", "--content", fx.content().to_str().unwrap(), "--output", fx.site().to_str().unwrap(), "--as-of", "2016-06-30"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{file}: the build hangs");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert_eq!(status.code(), Some(1), "{file}: {stderr}");
        assert!(stderr.contains(&format!("{file}: error: {expected}")), "{file}: expected {expected:?} in:\n{stderr}");
    }
}

/// A build refused after it was made (exit 2): the words expected, and the
/// folder `output` as it was.
fn refused_at_the_end(fx: &Fixture, output: &Path, words: &[&str]) {
    let before = snapshot(output);
    let r = build_into(fx, output, fx.tmp.path(), fx.tmp.path());
    assert_eq!(r.code, 2, "{}: expected a refusal:\n{}{}", output.display(), r.stdout, r.stderr);
    for w in words {
        assert!(r.stderr.contains(w), "{}: expected {w:?} in:\n{}", output.display(), r.stderr);
    }
    assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
    assert!(snapshot(output) == before, "{}: a refused build changed it", output.display());
}

#[test]
fn a_folder_with_the_manifest_and_anything_else_is_refused_naming_it() {
    let fx = Fixture::new("minimal");
    assert_eq!(fx.build(&[]).code, 0);
    let site = fx.site();
    // Dot-folders at the top are not the site's: kept, and no reason to refuse.
    std::fs::create_dir_all(site.join(".github/workflows")).unwrap();
    std::fs::write(site.join(".github/workflows/pages.yml"), "on: push").unwrap();
    // One more file, deep in the site.
    std::fs::write(site.join("ccgs/alpha/notes.txt"), "mine").unwrap();
    refused(&fx, &site, fx.tmp.path(), fx.tmp.path(), &["holds files that ccgpages did not write (`ccgs/alpha/notes.txt`)", "`.git`"]);
    // A folder of one's own: named once, as a folder.
    std::fs::remove_file(site.join("ccgs/alpha/notes.txt")).unwrap();
    std::fs::create_dir_all(site.join("photos/2016")).unwrap();
    std::fs::write(site.join("photos/2016/a.jpg"), "jpeg").unwrap();
    refused(&fx, &site, fx.tmp.path(), fx.tmp.path(), &["holds files that ccgpages did not write (`photos/`)"]);
    std::fs::remove_dir_all(site.join("photos")).unwrap();
    // A page of the site edited by hand (same size, other bytes): refused, named.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    std::fs::write(site.join("index.html"), index.replacen('<', "{", 1)).unwrap();
    refused(&fx, &site, fx.tmp.path(), fx.tmp.path(), &["holds files changed since ccgpages wrote them (`index.html`)"]);
    // A link in the site: a build never writes one.
    #[cfg(unix)]
    {
        std::fs::write(site.join("index.html"), &index).unwrap();
        std::os::unix::fs::symlink(fx.tmp.path(), site.join("ccgs/link")).unwrap();
        refused(&fx, &site, fx.tmp.path(), fx.tmp.path(), &["holds files that ccgpages did not write (`ccgs/link`)"]);
        std::fs::remove_file(site.join("ccgs/link")).unwrap();
    }
    std::fs::write(site.join("index.html"), &index).unwrap();
    // Put back as the build wrote it: built again, the dot-folder kept.
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap(), "on: push");
}

#[test]
fn a_planted_marker_does_not_make_a_folder_a_site() {
    let fx = Fixture::new("minimal");
    let folder = fx.tmp.path().join("website");
    std::fs::create_dir_all(folder.join("photos")).unwrap();
    std::fs::write(folder.join("photos/a.jpg"), "jpeg").unwrap();
    std::fs::write(folder.join("notes.txt"), "mine").unwrap();
    // The marker of this version, with no files listed.
    let header = "This folder is a website built by ccgpages.\nccgpages files 1\n";
    std::fs::write(folder.join(".ccgpages-site"), header).unwrap();
    refused(&fx, &folder, fx.tmp.path(), fx.tmp.path(), &["holds files that ccgpages did not write (`notes.txt`, `photos/`)"]);
    // One that cannot be read.
    std::fs::write(folder.join(".ccgpages-site"), format!("{header}not a line of the list\n")).unwrap();
    refused(
        &fx,
        &folder,
        fx.tmp.path(),
        fx.tmp.path(),
        &["`.ccgpages-site` file that cannot be read (line 3 is not a hash, a size and a path)"],
    );
    // The fixed text of earlier versions, which listed nothing: the folder is
    // replaced only if the new site writes every file it holds.
    let old =
        "This folder is a website built by ccgpages.\n`ccgpages build` replaces it whole each time it runs: keep nothing else in it.\n";
    std::fs::write(folder.join(".ccgpages-site"), old).unwrap();
    refused_at_the_end(&fx, &folder, &["built by an earlier version of ccgpages", "(`notes.txt`, `photos/a.jpg`)"]);
    // A site an earlier version built is rebuilt.
    std::fs::remove_dir_all(&folder).unwrap();
    assert_eq!(build_into(&fx, &folder, fx.tmp.path(), fx.tmp.path()).code, 0);
    std::fs::write(folder.join(".ccgpages-site"), old).unwrap();
    let r = build_into(&fx, &folder, fx.tmp.path(), fx.tmp.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(folder.join(".ccgpages-site")).unwrap().contains("ccgpages files 1"));
}

/// `git` in `dir`, which must succeed; its output.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_clone_of_a_gh_pages_branch_keeps_its_history_and_unpushed_commits() {
    assert!(Command::new("git").arg("--version").output().is_ok(), "this test needs git (the repository's clone has it)");
    let fx = Fixture::new("minimal");
    let site = fx.site();
    std::fs::create_dir_all(&site).unwrap();
    git(&site, &["init", "-q"]);
    git(&site, &["checkout", "-q", "-b", "gh-pages"]);
    // A branch with nothing but its history: built into.
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    git(&site, &["add", "-A"]);
    git(&site, &["commit", "-q", "-m", "Site as of June (not pushed)"]);
    // The content changes; the site is built again into the clone.
    fx.edit("ccgs/alpha/ccg.yaml", "name: NHS Alpha CCG", "name: NHS Alpha Clinical Commissioning Group");
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(git(&site, &["log", "--format=%s"]).contains("Site as of June (not pushed)"), "the unpushed commit survives");
    assert_eq!(git(&site, &["rev-parse", "--abbrev-ref", "HEAD"]).trim(), "gh-pages");
    let status = git(&site, &["status", "--porcelain"]);
    assert!(status.contains(" M ccgs/alpha/index.html"), "git sees the new site as changes:\n{status}");
    assert!(!status.contains(" D "), "nothing the commit holds is lost:\n{status}");
    assert!(std::fs::read_to_string(site.join("ccgs/alpha/index.html")).unwrap().contains("NHS Alpha Clinical Commissioning Group"));

    // A clone of a branch another tool published: refused, and left alone.
    let other = fx.tmp.path().join("other-pages");
    std::fs::create_dir_all(&other).unwrap();
    git(&other, &["init", "-q"]);
    std::fs::write(other.join("index.html"), "<p>made by hand</p>").unwrap();
    git(&other, &["add", "-A"]);
    git(&other, &["commit", "-q", "-m", "Hand-made page"]);
    refused(&fx, &other, fx.tmp.path(), fx.tmp.path(), &["holds files that ccgpages did not write (`index.html`)"]);
}

/// A paper swapped after the content was checked and before the site is
/// written (the build's progress is told the plan in between): not
/// published, and the build fails at the paper.
#[cfg(unix)]
#[test]
fn a_paper_swapped_after_the_check_is_not_published() {
    use ccgpages::site::{self, AsOf, BuildError, BuildOptions, Progress};

    struct SwapWhenPlanned(Box<dyn Fn() + Sync>);
    impl Progress for SwapWhenPlanned {
        fn planned(&self, _: usize) {
            (self.0)();
        }
        fn step(&self) {}
    }

    type Swap = fn(&Path, &Path);
    let swaps: [(&str, Swap, &str); 2] = [
        ("a link", |paper, secret| std::os::unix::fs::symlink(secret, paper).unwrap(), "it is now a symbolic link"),
        // (Its number may be the one the removed paper had: the time of its last change tells it apart.)
        ("another file", |paper, secret| std::fs::copy(secret, paper).map(drop).unwrap(), "changed after ccgpages first looked at it"),
    ];
    for (what, swap, why) in swaps {
        let fx = Fixture::new("minimal");
        let secret = fx.tmp.path().join("shadow");
        std::fs::write(&secret, "root:SECRET-SHADOW-LINE:19000:0:99999:7:::\n").unwrap();
        let paper: PathBuf = fx.file("ccgs/alpha/papers/2016-01-14/merger.pdf");
        let (p, s) = (paper.clone(), secret.clone());
        let progress = SwapWhenPlanned(Box::new(move || {
            std::fs::remove_file(&p).unwrap();
            swap(&p, &s);
        }));
        let opts = BuildOptions {
            content: fx.content(),
            output: fx.site(),
            base_url: None,
            as_of: AsOf::fixed(ccgpages::date::Date::parse("2016-06-30").unwrap()),
        };
        match site::build_with(&opts, &progress) {
            Err(BuildError::Failed { diagnostics, .. }) => {
                let text: Vec<String> = diagnostics.iter().map(|d| d.render()).collect();
                let text = text.join("\n");
                assert!(
                    text.contains("merger.pdf: error: not published: this file changed after ccgpages first looked at it"),
                    "{what}: {text}"
                );
                assert!(text.contains(why), "{what}: {text}");
            }
            Err(other) => panic!("{what}: {other:?}"),
            Ok(_) => panic!("{what}: the build succeeded"),
        }
        assert!(!fx.site().exists(), "{what}: nothing was published");
        // Anywhere but the secret itself and the content (whose paper now leads to it).
        let leaked = all_files(fx.tmp.path())
            .into_iter()
            .filter(|(p, b)| p != "shadow" && !p.starts_with("content/") && String::from_utf8_lossy(b).contains("SECRET-SHADOW"))
            .count();
        assert_eq!(leaked, 0, "{what}: the secret was copied somewhere");
    }
}

/// A mount point as the output folder (as a container's volume is): it
/// cannot be renamed, so the site is swapped in place, inside it; its .git
/// is kept. Also a bind mount on the same device, which is found out only
/// when renaming fails. Run in a user and mount namespace of its own (`unshare`), where
/// a tmpfs can be mounted without privileges: not every machine allows that,
/// so it is ignored by `cargo test` and `.ci/run` runs it (or says in its log
/// that it could not).
#[cfg(target_os = "linux")]
#[test]
#[ignore = "needs `unshare --mount --map-root-user` (user namespaces): .ci/run runs it where they are allowed"]
fn a_mount_point_as_output_is_swapped_in_place() {
    let fx = Fixture::new("minimal");
    let site = fx.site();
    std::fs::create_dir_all(&site).unwrap();
    let script = r#"set -e
mount -t tmpfs ccgpages-test "$SITE"
mkdir "$SITE/.git"
echo history > "$SITE/.git/HEAD"
build() { "$BIN" build --content "$CONTENT" --output "$SITE" --as-of 2016-06-30 "$@"; }
build
sed -i 's/name: NHS Alpha CCG/name: NHS Alpha Mounted CCG/' "$CONTENT/ccgs/alpha/ccg.yaml"
build
echo "mounted: $(stat -c %d "$SITE") beside $(stat -c %d "$SITE/..")"
echo "in the site: $(ls -A "$SITE" | tr '\n' ' ')"
echo "beside it: $(ls -A "$SITE/.." | tr '\n' ' ')"
echo "git: $(cat "$SITE/.git/HEAD")"
echo "new name: $(grep -c 'NHS Alpha Mounted CCG' "$SITE/ccgs/alpha/index.html")"
# A bind mount of a folder of the same file system: the same device as its
# parent, but it cannot be renamed, nor anything renamed into it from beside.
mkdir "$BOUND.real"
mkdir "$BOUND"
mount --bind "$BOUND.real" "$BOUND"
mkdir "$BOUND/.git"
"$BIN" build --content "$CONTENT" --output "$BOUND" --as-of 2016-06-30
"$BIN" build --content "$CONTENT" --output "$BOUND" --as-of 2016-06-30
echo "bound: $(ls -A "$BOUND" | tr '\n' ' ')"
echo "beside bound: $(ls -A "$BOUND/.." | tr '\n' ' ')"
"#;
    let out = Command::new("unshare")
        .args(["--mount", "--map-root-user", "sh", "-c", script])
        .env("BIN", BIN)
        .env("SITE", &site)
        .env("CONTENT", fx.content())
        .env("BOUND", fx.tmp.path().join("bound"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let line = |start: &str| stdout.lines().find_map(|l| l.strip_prefix(start)).unwrap_or_else(|| panic!("no {start:?} in:\n{stdout}"));
    let devices: Vec<&str> = line("mounted: ").split(" beside ").collect();
    assert_ne!(devices[0], devices[1], "the output was a mount point");
    let inside: Vec<&str> = line("in the site: ").split_whitespace().collect();
    assert!(inside.contains(&".git") && inside.contains(&"index.html") && inside.contains(&".ccgpages-site"), "{stdout}");
    assert!(!inside.iter().any(|n| n.starts_with(".ccgpages-building") || n.starts_with(".ccgpages-old")), "{stdout}");
    assert_eq!(line("beside it: ").split_whitespace().collect::<Vec<_>>(), [".site.lock", "content", "site"], "{stdout}");
    assert_eq!(line("git: "), "history");
    assert!(line("new name: ").parse::<usize>().is_ok_and(|n| n > 0), "the second build's site is in place:\n{stdout}");
    let bound: Vec<&str> = line("bound: ").split_whitespace().collect();
    assert!(bound.contains(&".git") && bound.contains(&"index.html") && bound.contains(&".ccgpages-site"), "{stdout}");
    assert!(!bound.iter().any(|n| n.starts_with(".ccgpages-building") || n.starts_with(".ccgpages-old")), "{stdout}");
    assert_eq!(
        line("beside bound: ").split_whitespace().collect::<Vec<_>>(),
        [".bound.lock", ".site.lock", "bound", "bound.real", "content", "site"],
        "{stdout}"
    );
}
