//! `ccgpages init` makes a site that checks, builds and links cleanly at
//! once, with a GitHub Pages workflow; `ccgpages new` adds CCGs and
//! meetings that build.

use std::path::Path;
use std::process::Command;

use crate::common::{BIN, Run, TempDir, repo};

/// 2016-03-01 00:00 UTC.
const DAY: &str = "1456790400";

/// Runs the binary in `dir` with `SOURCE_DATE_EPOCH` set to [`DAY`].
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN).args(args).current_dir(dir).env("SOURCE_DATE_EPOCH", DAY).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(r: Run, what: &str) -> Run {
    assert_eq!(r.code, 0, "{what} failed\nstdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    r
}

fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

#[test]
fn init_then_check_build_and_check_links_succeed() {
    let tmp = TempDir::new("init");
    let r = ok(run_in(tmp.path(), &["init", "my-site"]), "init");
    let dir = tmp.path().join("my-site");
    assert!(r.stdout.contains("my-site/content/site.yaml"), "{}", r.stdout);

    for f in [
        ".gitignore",
        "README.md",
        ".github/workflows/pages.yml",
        "content/site.yaml",
        "content/pages/accessibility-statement.md",
        "content/ccgs/riverside/ccg.yaml",
        "content/ccgs/riverside/terms-of-reference.md",
        "content/ccgs/riverside/meetings/2016-02-09.md",
        "content/ccgs/riverside/papers/2016-02-09/finance-report.pdf",
        "content/ccgs/riverside/decisions.yaml",
        "content/ccgs/riverside/interests.yaml",
        "content/ccgs/riverside/gifts-hospitality.yaml",
    ] {
        assert!(dir.join(f).is_file(), "init did not write {f}");
    }
    let ignored = read(dir.join(".gitignore"));
    for line in ["/site/", "/.site.lock", "/.site.building-*", "/.site.old-*"] {
        assert!(ignored.lines().any(|l| l == line), ".gitignore lacks {line}");
    }
    assert!(std::fs::read(dir.join("content/ccgs/riverside/papers/2016-02-09/finance-report.pdf")).unwrap().starts_with(b"%PDF-"));
    let readme = read(dir.join("README.md"));
    for section in [
        "### Publish a meeting's papers",
        "### Record a decision",
        "### Update the register of interests",
        "### Withhold a name",
        "Settings > Pages",
    ] {
        assert!(readme.contains(section), "README lacks {section}");
    }

    // Valid, and every transparency check met on the day it was made.
    let r = ok(run_in(&dir, &["check", "--strict"]), "check");
    assert!(r.stdout.contains("0 errors, 0 warnings") || r.stderr.contains("0 errors, 0 warnings"), "{}{}", r.stdout, r.stderr);
    let r = ok(run_in(&dir, &["build"]), "build");
    assert!(r.stdout.contains("for 1 CCG into site as of 2016-03-01"), "{}", r.stdout);
    let site = dir.join("site");
    assert!(dir.join(".site.lock").is_file(), "the lock .gitignore lists is where a build puts it");
    for f in [
        ".nojekyll",
        "index.html",
        "accessibility-statement/index.html",
        "ccgs/riverside/index.html",
        "ccgs/riverside/terms-of-reference/index.html",
        "ccgs/riverside/meetings/2016-02-09/index.html",
        "ccgs/riverside/papers/2016-02-09/finance-report.pdf",
    ] {
        assert!(site.join(f).is_file(), "build did not write {f}");
    }
    let ccg = read(site.join("ccgs/riverside/index.html"));
    assert!(ccg.contains("Margaret Okafor") && ccg.contains("Name withheld"), "the example's register shows a withheld entry");
    let all: String = crate::common::all_files(&site).into_iter().map(|(_, b)| String::from_utf8_lossy(&b).into_owned()).collect();
    assert!(!all.contains("Alex Morgan"), "the withheld name reached the site");
    let r = ok(run_in(&dir, &["check", "--links"]), "check --links");
    assert!(r.stdout.contains("built for https://example.github.io/primary-care/: none is broken"), "{}", r.stdout);
}

#[test]
fn init_today_passes_every_check() {
    let tmp = TempDir::new("init-today");
    let dir = tmp.path().join("site-today");
    let run = |args: &[&str]| {
        let out = Command::new(BIN).args(args).current_dir(tmp.path()).env_remove("SOURCE_DATE_EPOCH").output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    assert_eq!(run(&["init", "site-today"]).0, Some(0));
    let content = dir.join("content");
    let (code, err) = run(&["check", "--strict", "--content", content.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = TempDir::new("init-refuse");
    let dir = tmp.path().join("existing");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("README.md"), "ours").unwrap();
    let r = run_in(tmp.path(), &["init", "existing"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("existing is not empty (it holds README.md)"), "{}", r.stderr);
    assert_eq!(read(dir.join("README.md")), "ours");
    assert!(!dir.join("content").exists());

    let r = run_in(tmp.path(), &["init", "existing/README.md"]);
    assert_eq!(r.code, 2, "{}", r.stderr);

    // A fresh clone of an empty repository holds only .git: that is fine.
    let clone = tmp.path().join("clone");
    std::fs::create_dir_all(clone.join(".git")).unwrap();
    ok(run_in(tmp.path(), &["init", "clone"]), "init into a clone");
    assert!(clone.join("content/site.yaml").is_file());
}

#[test]
fn the_workflow_checks_builds_and_deploys_to_pages() {
    let tmp = TempDir::new("init-workflow");
    ok(run_in(tmp.path(), &["init", "s"]), "init");
    let text = read(tmp.path().join("s/.github/workflows/pages.yml"));
    let y: serde_yaml::Value = serde_yaml::from_str(&text).expect("the workflow is YAML");

    assert!(y["on"]["push"]["branches"].as_sequence().unwrap().iter().any(|b| b == "main"));
    assert!(y["on"].get("workflow_dispatch").is_some());
    assert_eq!(y["permissions"]["contents"], "read");
    assert_eq!(y["permissions"]["pages"], "write");
    assert_eq!(y["permissions"]["id-token"], "write");
    assert_eq!(y["concurrency"]["group"], "pages");
    assert_eq!(y["concurrency"]["cancel-in-progress"], false);

    let steps = y["jobs"]["build"]["steps"].as_sequence().unwrap();
    let find = |pred: &dyn Fn(&serde_yaml::Value) -> bool| steps.iter().position(pred);
    let uses = |name: &'static str| move |s: &serde_yaml::Value| s["uses"].as_str() == Some(name);

    let version = env!("CARGO_PKG_VERSION");
    let checkout = find(&uses("actions/checkout@v5")).expect("checkout");
    let configure = find(&uses("actions/configure-pages@v6")).expect("configure-pages");
    // ccgpages comes from its release through this repository's action,
    // pinned to the version that made the site: no cargo, no branch.
    let pinned = format!("ccgpages/ccgpages@v{version}");
    let action = find(&|s| s["uses"].as_str() == Some(pinned.as_str())).expect("the ccgpages action, pinned");
    let upload = find(&uses("actions/upload-pages-artifact@v4")).expect("upload-pages-artifact");
    assert!(checkout < configure && configure < action && action < upload);
    let with = &steps[action]["with"];
    assert_eq!(with["version"].as_str(), Some(version), "the binary's version, exact");
    assert_eq!(with["repository"], "ccgpages/ccgpages");
    for input in ["check", "build", "check-links"] {
        assert_eq!(with[input], true, "{input}");
    }
    assert_eq!(with["base-url"], "${{ steps.pages.outputs.base_url }}/");
    assert_eq!(steps[configure]["id"], "pages");
    assert_eq!(steps[upload]["with"]["path"], "site/");
    assert!(!text.contains("cargo install") && !text.contains("@main") && !text.contains("git ls-remote"), "{text}");
    assert!(text.contains("To upgrade"), "the workflow says how to upgrade");
    // Every input the workflow gives is one the action declares.
    let action_yml: serde_yaml::Value = serde_yaml::from_str(&read(repo().join("action.yml"))).unwrap();
    for (key, _) in with.as_mapping().unwrap() {
        assert!(action_yml["inputs"].get(key.as_str().unwrap()).is_some(), "action.yml has no input {key:?}");
    }

    let deploy = &y["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(deploy["environment"]["name"], "github-pages");
    assert_eq!(deploy["environment"]["url"], "${{ steps.deployment.outputs.page_url }}");
    let dsteps = deploy["steps"].as_sequence().unwrap();
    assert!(dsteps.iter().any(|s| s["uses"] == "actions/deploy-pages@v5" && s["id"] == "deployment"));
}

#[test]
fn the_workflow_can_use_a_fork_of_ccgpages() {
    let tmp = TempDir::new("init-fork");
    ok(run_in(tmp.path(), &["init", "s", "--ccgpages-repo", "nhs-example/ccgpages-mirror"]), "init with a fork");
    let text = read(tmp.path().join("s/.github/workflows/pages.yml"));
    let version = env!("CARGO_PKG_VERSION");
    assert!(text.contains(&format!("uses: nhs-example/ccgpages-mirror@v{version}\n")), "{text}");
    assert!(text.contains("repository: nhs-example/ccgpages-mirror\n"), "{text}");
    assert!(!text.contains("ccgpages/ccgpages"), "{text}");

    for bad in ["ccgpages", "https://github.com/ccgpages/ccgpages", "a/b/c", "own er/name", "-x/y", "x/.."] {
        let r = run_in(tmp.path(), &["init", "t", &format!("--ccgpages-repo={bad}")]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("is not a GitHub repository"), "{bad}: {}", r.stderr);
        assert!(!tmp.path().join("t").exists(), "{bad}: nothing written");
    }
}

#[test]
fn new_ccg_and_new_meeting_write_files_that_build() {
    let tmp = TempDir::new("new");
    ok(run_in(tmp.path(), &["init", "s"]), "init");
    let dir = tmp.path().join("s");

    let r = ok(
        run_in(&dir, &["new", "ccg", "eastgate", "--name", "NHS Eastgate: \"North\" CCG", "--ods", "99q", "--region", "Midlands and East"]),
        "new ccg",
    );
    assert_eq!(r.stdout.trim(), "content/ccgs/eastgate/ccg.yaml");
    let yaml = read(dir.join("content/ccgs/eastgate/ccg.yaml"));
    assert!(yaml.contains("name: \"NHS Eastgate: \\\"North\\\" CCG\"") && yaml.contains("ods_code: \"99Q\""), "{yaml}");

    let r = ok(run_in(&dir, &["new", "meeting", "eastgate", "2016-04-14"]), "new meeting");
    assert_eq!(r.stdout.trim(), "content/ccgs/eastgate/meetings/2016-04-14.md");
    let meeting = read(dir.join("content/ccgs/eastgate/meetings/2016-04-14.md"));
    assert!(meeting.contains("committee: pccc\ndate: 2016-04-14\n"), "{meeting}");

    ok(run_in(&dir, &["check"]), "check after new");
    ok(run_in(&dir, &["build"]), "build after new");
    assert!(dir.join("site/ccgs/eastgate/index.html").is_file());
    assert!(dir.join("site/ccgs/eastgate/meetings/2016-04-14/index.html").is_file());
    let page = read(dir.join("site/ccgs/eastgate/index.html"));
    assert!(
        page.contains("NHS Eastgate: &quot;North&quot; CCG") || page.contains("NHS Eastgate: &#34;North&#34; CCG"),
        "the name, escaped"
    );
    ok(run_in(&dir, &["check", "--links"]), "check --links after new");

    // Never overwrites; a second meeting that day takes a suffix.
    let r = run_in(&dir, &["new", "meeting", "eastgate", "2016-04-14"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("already exists: not overwriting it (for a second meeting that day, add a suffix: 2016-04-14-extraordinary)"),
        "{}",
        r.stderr
    );
    assert_eq!(read(dir.join("content/ccgs/eastgate/meetings/2016-04-14.md")), meeting);
    ok(run_in(&dir, &["new", "meeting", "eastgate", "2016-04-14-extraordinary"]), "second meeting that day");
    let r = run_in(&dir, &["new", "ccg", "eastgate", "--name", "X", "--ods", "98A", "--region", "London"]);
    assert_eq!(r.code, 2);
    assert_eq!(read(dir.join("content/ccgs/eastgate/ccg.yaml")), yaml);

    // Bad arguments: exit 2 with the rule.
    for (args, says) in [
        (&["new", "ccg", "East_Gate", "--name", "X", "--ods", "98A", "--region", "London"][..], "use only a-z, 0-9 and -"),
        (
            &["new", "ccg", "westgate", "--name", "X", "--ods", "x00", "--region", "London"][..],
            "X00 is already the ODS code of content/ccgs/riverside/ccg.yaml",
        ),
        (&["new", "ccg", "westgate", "--name", "X", "--ods", "9-8", "--region", "London"][..], "is not an ODS code"),
        (&["new", "ccg", "westgate", "--name", "X", "--ods", "98B", "--region", "Londn"][..], "did you mean `London`?"),
        (&["new", "meeting", "eastgate", "2016-02-30"][..], "is not a meeting date"),
        (&["new", "meeting", "nowhere", "2016-04-14"][..], "there is no CCG `nowhere`"),
        (
            &["new", "meeting", "eastgate", "2016-05-12", "--committee", "board"][..],
            "eastgate has no committee `board`: its committees are pccc",
        ),
        (&["new", "meeting", "eastgate", "2016-05-12", "--content", "nowhere"][..], "nowhere is not a content folder"),
    ] {
        let r = run_in(&dir, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }

    // Two committees: the meeting must say which.
    let profile = dir.join("content/ccgs/riverside/ccg.yaml");
    let text = read(&profile);
    std::fs::write(&profile, format!("{text}  - id: estates\n    name: Primary Care Estates Committee\n")).unwrap();
    let r = run_in(&dir, &["new", "meeting", "riverside", "2016-04-21"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("riverside has 2 committees: choose one with --committee (pccc, estates)"), "{}", r.stderr);
    ok(run_in(&dir, &["new", "meeting", "riverside", "2016-04-21", "--committee", "estates"]), "new meeting --committee");
    assert!(read(dir.join("content/ccgs/riverside/meetings/2016-04-21.md")).contains("committee: estates\n"));
    ok(run_in(&dir, &["build"]), "build with two committees");
    assert!(dir.join("site/ccgs/riverside/meetings/2016-04-21/index.html").is_file());
}
