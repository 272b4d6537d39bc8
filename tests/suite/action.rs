//! The GitHub Action (action.yml) as a runner would run it, on this machine:
//! a release folder made from the built binary with the release workflow's
//! own scripts (ci/release/package.sh and sums.sh), served over file://, and
//! the action's install step — its `run` and `env` read from action.yml, with
//! the `${{ … }}` expressions filled in as GitHub would — run by bash.
//!
//! Linux on x86_64 only: that is the archive this machine can run.
#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const TARGET: &str = "x86_64-unknown-linux-musl";

/// A release folder `<dir>/v<VERSION>/` holding the archive for Linux
/// x86_64 (of the binary under test) and SHA256SUMS.
fn release(dir: &Path) -> PathBuf {
    let folder = dir.join(format!("v{VERSION}"));
    let script = |name: &str, args: &[&str]| {
        let out = Command::new("bash").arg(repo().join("ci/release").join(name)).args(args).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    };
    script("package.sh", &[VERSION, TARGET, BIN, folder.to_str().unwrap()]);
    script("sums.sh", &[folder.to_str().unwrap()]);
    folder
}

fn archive_name() -> String {
    format!("ccgpages-{VERSION}-{TARGET}.tar.gz")
}

/// What running the install step left.
struct Step {
    ok: bool,
    log: String,
    /// The lines the step added to $GITHUB_PATH.
    path: Vec<String>,
    outputs: String,
}

/// The action's step `id: install`, from action.yml: its `run` and `env`.
fn install_step() -> (String, BTreeMap<String, String>) {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let action: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    let step = steps.iter().find(|s| s["id"].as_str() == Some("install")).expect("action.yml has a step with id: install");
    assert_eq!(step["shell"].as_str(), Some("bash"));
    let run = step["run"].as_str().unwrap().to_owned();
    let env =
        step["env"].as_mapping().unwrap().iter().map(|(k, v)| (k.as_str().unwrap().to_owned(), v.as_str().unwrap().to_owned())).collect();
    (run, env)
}

/// The action's inputs with their defaults, overridden by `given`.
fn inputs(given: &[(&str, &str)]) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let action: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut out = BTreeMap::new();
    for (name, spec) in action["inputs"].as_mapping().unwrap() {
        let default = spec["default"].as_str().unwrap_or("").to_owned();
        out.insert(name.as_str().unwrap().to_owned(), default);
    }
    for (k, v) in given {
        assert!(out.contains_key(*k), "action.yml has no input {k}");
        out.insert((*k).to_owned(), (*v).to_owned());
    }
    out
}

/// Fills in the `${{ … }}` expressions the step uses; any other is a test
/// failure, so that the test cannot silently run something else.
fn expand(value: &str, inputs: &BTreeMap<String, String>, runner_temp: &Path) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("unclosed expression") + start;
        let expr = rest[start + 3..end].trim();
        let filled = if let Some(name) = expr.strip_prefix("inputs.") {
            inputs.get(name).unwrap_or_else(|| panic!("no input {name}")).clone()
        } else {
            match expr {
                "runner.temp" => runner_temp.display().to_string(),
                "runner.os" => "Linux".to_owned(),
                "runner.arch" => "X64".to_owned(),
                other => panic!("the test does not know the expression {other}"),
            }
        };
        out.push_str(&filled);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Runs the install step as GitHub would on a Linux x86_64 runner, with the
/// given inputs, in the runner folder `runner`.
fn run_install(runner: &Path, given: &[(&str, &str)], arch: &str) -> Step {
    let (run, env) = install_step();
    let inputs = inputs(given);
    let temp = runner.join("temp");
    std::fs::create_dir_all(&temp).unwrap();
    let github_path = runner.join("github_path");
    let github_output = runner.join("github_output");
    let mut cmd = Command::new("bash");
    cmd.arg("--noprofile").arg("--norc").arg("-eo").arg("pipefail").arg("-c").arg(&run);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .env("HOME", runner)
        .env("GITHUB_ACTION_PATH", repo())
        .env("GITHUB_PATH", &github_path)
        .env("GITHUB_OUTPUT", &github_output)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", arch)
        .env("RUNNER_TEMP", &temp);
    for (k, v) in env {
        cmd.env(k, expand(&v, &inputs, &temp));
    }
    let out = cmd.output().unwrap();
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    Step {
        ok: out.status.success(),
        log: format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        path: read(&github_path).lines().map(str::to_owned).collect(),
        outputs: read(&github_output),
    }
}

fn file_url(dir: &Path) -> String {
    format!("file://{}", dir.display())
}

#[test]
fn installs_the_pinned_version_for_linux_x86_64_with_its_checksum_verified() {
    let tmp = TempDir::new("action");
    let releases = tmp.path().join("releases");
    release(&releases);
    let runner = tmp.path().join("runner");
    let step = run_install(&runner, &[("version", VERSION), ("download-url", &file_url(&releases))], "X64");
    assert!(step.ok, "{}", step.log);
    assert!(step.log.contains(&archive_name()), "names the archive it chose:\n{}", step.log);
    assert!(step.log.contains("matches SHA256SUMS"), "{}", step.log);
    // On PATH: the folder it added holds a ccgpages that says the pinned version.
    assert_eq!(step.path.len(), 1, "{:?}", step.path);
    let bin = Path::new(&step.path[0]).join("ccgpages");
    let out = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("ccgpages {VERSION}"));
    assert!(step.outputs.contains(&format!("version={VERSION}\n")), "{}", step.outputs);
    assert!(step.outputs.contains(&format!("path={}\n", bin.display())), "{}", step.outputs);

    // A second run (the cache restored the archive) downloads no archive:
    // with the archive gone from the release folder it still installs, from
    // the kept copy, which is checked against SHA256SUMS again.
    std::fs::remove_file(releases.join(format!("v{VERSION}")).join(archive_name())).unwrap();
    std::fs::remove_file(runner.join("github_path")).unwrap();
    let again = run_install(&runner, &[("version", VERSION), ("download-url", &file_url(&releases))], "X64");
    assert!(again.ok, "{}", again.log);
    assert!(again.log.contains("kept from an earlier run (checksum verified)"), "{}", again.log);
    assert_eq!(again.path, step.path);
}

#[test]
fn a_tampered_archive_is_not_installed() {
    let tmp = TempDir::new("action-tampered");
    let releases = tmp.path().join("releases");
    let folder = release(&releases);
    let archive = folder.join(archive_name());
    let mut bytes = std::fs::read(&archive).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&archive, bytes).unwrap();
    let runner = tmp.path().join("runner");
    let step = run_install(&runner, &[("version", VERSION), ("download-url", &file_url(&releases))], "X64");
    assert!(!step.ok, "{}", step.log);
    assert!(
        step.log.contains(&format!("::error title=ccgpages was not installed::{} does not match the release's SHA256SUMS", archive_name())),
        "{}",
        step.log
    );
    assert!(step.path.is_empty(), "nothing put on PATH: {:?}", step.path);
    let installed = runner.join("temp/ccgpages");
    assert!(!installed.exists() || all_files(&installed).is_empty(), "nothing unpacked");
}

#[test]
fn a_version_that_was_never_released_fails_clearly() {
    let tmp = TempDir::new("action-missing");
    let releases = tmp.path().join("releases");
    release(&releases);
    let runner = tmp.path().join("runner");
    let step = run_install(&runner, &[("version", "9.9.9"), ("download-url", &file_url(&releases))], "X64");
    assert!(!step.ok, "{}", step.log);
    assert!(step.log.contains("ccgpages 9.9.9 was not found"), "{}", step.log);
    assert!(step.log.contains("is one of the releases listed at https://github.com/ccgpages/ccgpages/releases"), "{}", step.log);
    assert!(step.path.is_empty());
}

#[test]
fn a_version_that_is_not_exact_is_refused() {
    let tmp = TempDir::new("action-inexact");
    let runner = tmp.path().join("runner");
    for version in ["", "0.1", "latest", "^0.1.0", "main"] {
        let step = run_install(&runner, &[("version", version), ("download-url", "file:///nonexistent")], "X64");
        assert!(!step.ok, "{version}: {}", step.log);
        assert!(step.log.contains("::error title=ccgpages was not installed::"), "{version}: {}", step.log);
        assert!(step.log.contains("0.1.0"), "the message shows an exact version: {}", step.log);
    }
}

#[test]
fn each_runner_gets_its_own_archive() {
    // The release folder holds only the Linux x86_64 archive: other runners
    // ask SHA256SUMS for theirs by name and say which one was missing.
    let tmp = TempDir::new("action-arch");
    let releases = tmp.path().join("releases");
    release(&releases);
    let runner = tmp.path().join("runner");
    let step = run_install(&runner, &[("version", VERSION), ("download-url", &file_url(&releases))], "ARM64");
    assert!(!step.ok, "{}", step.log);
    assert!(step.log.contains(&format!("has no ccgpages-{VERSION}-aarch64-unknown-linux-musl.tar.gz in its SHA256SUMS")), "{}", step.log);
}

#[test]
fn the_release_archive_holds_the_binary_readme_licence_and_changelog() {
    let tmp = TempDir::new("action-archive");
    let folder = release(tmp.path());
    let out = Command::new("tar").arg("-tzf").arg(folder.join(archive_name())).output().unwrap();
    let mut listed: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect();
    listed.sort();
    let dir = format!("ccgpages-{VERSION}-{TARGET}/");
    let expected: Vec<String> = ["", "CHANGELOG.md", "LICENSE", "README.md", "ccgpages"].iter().map(|f| format!("{dir}{f}")).collect();
    assert_eq!(listed, expected);
    // SHA256SUMS in the format `sha256sum --check` reads.
    let check = Command::new("sha256sum").arg("--check").arg("SHA256SUMS").current_dir(&folder).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn the_release_notes_come_from_the_changelog() {
    let notes = |version: &str| Command::new("bash").arg(repo().join("ci/release/notes.sh")).arg(version).output().unwrap();
    let this = notes(VERSION);
    assert!(this.status.success(), "CHANGELOG.md needs a section for {VERSION}: {}", String::from_utf8_lossy(&this.stderr));
    let text = String::from_utf8_lossy(&this.stdout);
    assert!(!text.contains(&format!("## [{VERSION}]")), "the heading is the release's title, not part of its notes");
    assert!(!text.contains("## ["), "only this version's section: {text}");
    assert!(text.contains("### "), "{text}");
    let missing = notes("99.0.0");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("CHANGELOG.md has no notes for 99.0.0"));
}
