//! Snapshot tests: the pages and data files that `tests/fixtures/minimal`
//! builds into (as of 2016-06-30), one insta snapshot per output file, named
//! after its path, in `tests/snapshots/` (`ccgs/alpha/index.html` is
//! `snapshots__ccgs__alpha__index.html.snap`), plus `output-files`: the sorted
//! list of every output path, so that a file that appears or disappears fails
//! too. Files copied as they are (theme assets, papers) are not snapshotted
//! but checked equal to their source; the search index's one-token shards
//! share one snapshot; the manifest is snapshotted without the version of
//! ccgpages it names. Insta compares text with line endings as `\n` and
//! trailing white space trimmed (byte-level CSV and iCal forms are tested in
//! `tests/suite/opendata.rs`).
//!
//! Reviewing a change: a template or view change fails this test, which
//! prints a diff of every changed file and leaves a `.snap.new` file beside
//! each changed snapshot. With cargo-insta installed, `cargo insta review`
//! then shows each change to accept or reject. Without it,
//! `INSTA_UPDATE=always cargo test --release --test snapshots` rewrites the
//! snapshots: read `git diff tests/snapshots/`, delete the `.snap.new`
//! files and commit the snapshots with the change. A snapshot of a file the
//! site no longer has fails the test until it is deleted. CI never writes:
//! insta writes nothing when `CI` is set, and `.ci/run` runs the tests with
//! `INSTA_UPDATE=no`.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::common::*;

/// The search index's token shards: many files of a few bytes, one snapshot.
const SHARDS: &str = "search/index/t/";
/// The snapshot of the list of output paths (no output file has this path).
const LIST: &str = "output-files";

/// How the test treats one output file.
enum Kind {
    /// Copied from `themes/default/static/<path>`.
    Asset(String),
    /// A meeting paper, copied from the content folder at the same path.
    Paper,
    /// One of the search index's token shards.
    Shard,
    /// The marker `.ccgpages-site`: its opening words are snapshotted; its
    /// list of the other files (path, size, hash) is checked against them
    /// here, so that a change to a page does not change its snapshot too.
    Marker,
    /// Snapshotted as text.
    Text,
}

/// The manifest names the version of ccgpages that built it: snapshotted
/// without it, so that a release does not change the snapshot.
const MANIFEST: &str = "ccgpages.json";

/// The manifest's text with the generator's version (which must be there)
/// as `[version]`.
fn without_version(text: &str) -> String {
    let version = format!("\"name\": \"ccgpages\",\n    \"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(text.contains(&version), "the manifest names its generator's version:\n{text}");
    text.replacen(&version, "\"name\": \"ccgpages\",\n    \"version\": \"[version]\"", 1)
}

/// The line of the marker that starts its list of files.
const FILES_LINE: &str = "ccgpages files 1\n";

fn kind(rel: &str) -> Kind {
    if let Some(asset) = rel.strip_prefix("assets/") {
        Kind::Asset(asset.to_owned())
    } else if rel.contains("/papers/") {
        Kind::Paper
    } else if rel.starts_with(SHARDS) {
        Kind::Shard
    } else if rel == ".ccgpages-site" {
        Kind::Marker
    } else {
        Kind::Text
    }
}

#[test]
fn every_output_file_of_the_minimal_fixture_matches_its_snapshot() {
    let fx = Fixture::new("minimal");
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "build failed:\n{}{}", run.stdout, run.stderr);
    let files = all_files(&fx.site());

    let mut list = String::new();
    let mut shards = String::new();
    let mut snapshots: Vec<(String, String)> = Vec::new();
    for (rel, bytes) in &files {
        assert_ne!(rel, LIST);
        list.push_str(rel);
        match kind(rel) {
            Kind::Asset(asset) => {
                let source = repo().join("themes/default/static").join(&asset);
                assert!(std::fs::read(&source).is_ok_and(|s| &s == bytes), "{rel} is not a copy of {}", source.display());
                list.push_str(&format!("  (copy of themes/default/static/{asset})"));
            }
            Kind::Paper => {
                assert!(std::fs::read(fx.file(rel)).is_ok_and(|s| &s == bytes), "{rel} is not a copy of the content's {rel}");
                list.push_str("  (copy of the paper)");
            }
            Kind::Shard => {
                let text = String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{rel} is not UTF-8"));
                shards.push_str(&format!("{}: {text}\n", &rel[SHARDS.len()..]));
                list.push_str(&format!("  (in {SHARDS})"));
            }
            Kind::Marker => {
                let text = String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{rel} is not UTF-8"));
                let (header, listed) = text.split_once(FILES_LINE).unwrap_or_else(|| panic!("the marker lists no files:\n{text}"));
                let listed: Vec<(String, u64)> = listed
                    .lines()
                    .map(|line| {
                        let mut parts = line.splitn(3, ' ');
                        let hash = parts.next().filter(|h| h.len() == 16 && u64::from_str_radix(h, 16).is_ok());
                        let len = parts.next().and_then(|l| l.parse().ok());
                        match (hash, len, parts.next()) {
                            (Some(_), Some(len), Some(path)) => (path.to_owned(), len),
                            _ => panic!("not a line of the marker's list: {line:?}"),
                        }
                    })
                    .collect();
                let others: Vec<(String, u64)> = files.iter().filter(|(r, _)| r != rel).map(|(r, b)| (r.clone(), b.len() as u64)).collect();
                assert!(listed == others, "the marker lists every other file of the site, with its size");
                snapshots.push((rel.clone(), format!("{header}{FILES_LINE}")));
                list.push_str("  (its list of files checked)");
            }
            Kind::Text => {
                let mut text = String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{rel} is not UTF-8: add it to `kind`"));
                if rel == MANIFEST {
                    text = without_version(&text);
                }
                snapshots.push((rel.clone(), text));
            }
        }
        list.push('\n');
    }
    assert!(!shards.is_empty(), "the fixture has no search index shards");
    snapshots.push((SHARDS.trim_end_matches('/').to_owned(), shards));
    snapshots.push((LIST.to_owned(), list));

    // Every snapshot is compared before the test fails, so that one run
    // shows (and, run plainly, leaves for review) every changed file.
    let mut settings = insta::Settings::clone_current();
    settings.set_omit_expression(true);
    // tests/snapshots/snapshots__<file>.snap: the module's name, not the
    // test crate's path to it, before each file's name.
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    let mut failed = Vec::new();
    settings.bind(|| {
        for (name, text) in &snapshots {
            let file_name = format!("snapshots__{name}");
            if catch_unwind(AssertUnwindSafe(|| insta::assert_snapshot!(file_name.as_str(), text))).is_err() {
                failed.push(name.as_str());
            }
        }
    });

    // A snapshot whose file the site no longer has.
    let expected: BTreeSet<String> = snapshots.iter().map(|(name, _)| snapshot_file(name)).collect();
    let dir = repo().join("tests/snapshots");
    let orphans: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.starts_with("snapshots__") && f.ends_with(".snap") && !expected.contains(f))
        .collect();

    let mut problems = Vec::new();
    if !failed.is_empty() {
        problems.push(format!("{} snapshot(s) differ: {}", failed.len(), failed.join(", ")));
    }
    if !orphans.is_empty() {
        problems.push(format!("snapshots of files the site no longer has, to delete from tests/snapshots/: {}", orphans.join(", ")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The file insta keeps the snapshot `name` of this test in.
fn snapshot_file(name: &str) -> String {
    format!("snapshots__{}.snap", name.replace('/', "__"))
}
