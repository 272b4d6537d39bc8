//! The JSON Schemas (`ccgpages schema`, and in every site `init` makes)
//! agree with the loader, checked with validators that are not ours
//! (tests/schema_check.py: PyYAML and jsonschema): the bundled content and a
//! new site's content validate; every kind of bad field the loader refuses,
//! the schema refuses too; and the unusual but good values the loader
//! accepts, the schema accepts.
//!
//! The tests that need PyYAML and jsonschema are `#[ignore]`d, so that
//! `cargo test --release` passes with only Python's standard library; `.ci/run`
//! installs both and runs them (`cargo test --release --test schema --
//! --ignored`), and so can you after `python3 -m pip install jsonschema pyyaml`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::*;
use serde_json::{Value, json};

/// 2016-03-01 00:00 UTC: init's meeting is on 2016-02-09.
const DAY: &str = "1456790400";
const MEETING: &str = "ccgs/riverside/meetings/2016-02-09.md";

/// A site made by `ccgpages init` in `<tmp>/site`.
fn init_site(tmp: &TempDir) -> PathBuf {
    let out = Command::new(BIN).args(["init", "site"]).current_dir(tmp.path()).env("SOURCE_DATE_EPOCH", DAY).output().unwrap();
    assert!(out.status.success(), "init: {}", String::from_utf8_lossy(&out.stderr));
    tmp.path().join("site")
}

/// Runs tests/schema_check.py with the schemas in `schemas`.
fn python(schemas: &Path, roots: &[&Path], cases: Vec<Value>) -> Value {
    let kinds: Vec<Value> =
        ccgpages::schema::KINDS.iter().map(|k| json!({ "file": k.file, "globs": k.globs, "markdown": k.markdown })).collect();
    let request = json!({ "kinds": kinds, "roots": roots, "cases": cases });
    let mut child = Command::new("python3")
        .arg(repo().join("tests/schema_check.py"))
        .arg(schemas)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is needed for these tests (with jsonschema and PyYAML: pip install jsonschema pyyaml)");
    child.stdin.take().unwrap().write_all(request.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "schema_check.py failed:\n{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn schema_out_writes_every_schema_and_init_puts_them_in_the_site_with_vscode_settings() {
    let tmp = TempDir::new("schema-files");
    let out = tmp.path().join("out");
    let r = run(&["schema", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = init_site(&tmp);
    for kind in ccgpages::schema::KINDS {
        let written = std::fs::read_to_string(out.join(kind.file)).unwrap();
        assert!(r.stdout.contains(kind.file), "{}", r.stdout);
        let schema: Value = serde_json::from_str(&written).unwrap();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(schema["$id"], format!("https://ccgpages.github.io/schema/{}", kind.file));
        assert!(schema["title"].is_string() && schema["description"].is_string(), "{}", kind.file);
        let in_site = std::fs::read_to_string(site.join(".ccgpages/schema").join(kind.file)).unwrap();
        assert_eq!(in_site, written, "init's copy of {}", kind.file);
    }
    let settings: Value = serde_json::from_str(&std::fs::read_to_string(site.join(".vscode/settings.json")).unwrap()).unwrap();
    let schemas = settings["yaml.schemas"].as_object().unwrap();
    assert_eq!(schemas["./.ccgpages/schema/decisions.schema.json"], json!(["content/ccgs/*/decisions.yaml"]));
    for (schema, globs) in schemas {
        assert!(site.join(schema).is_file(), "{schema}");
        assert!(globs.as_array().is_some_and(|g| !g.is_empty()), "{schema}");
    }
    let extensions: Value = serde_json::from_str(&std::fs::read_to_string(site.join(".vscode/extensions.json")).unwrap()).unwrap();
    assert_eq!(extensions["recommendations"], json!(["redhat.vscode-yaml"]));
}

#[test]
fn new_refreshes_the_schemas_and_keeps_the_sites_own_vscode_settings() {
    let tmp = TempDir::new("schema-new");
    let site = init_site(&tmp);
    std::fs::write(site.join(".vscode/settings.json"), "{\"editor.wordWrap\": \"on\"}\n").unwrap();
    std::fs::write(site.join(".ccgpages/schema/ccg.schema.json"), "{}").unwrap();
    let out = Command::new(BIN).args(["new", "meeting", "riverside", "2016-04-12"]).current_dir(&site).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ccg = std::fs::read_to_string(site.join(".ccgpages/schema/ccg.schema.json")).unwrap();
    assert!(ccg.contains("\"$id\""), "the schema is written again");
    assert_eq!(std::fs::read_to_string(site.join(".vscode/settings.json")).unwrap(), "{\"editor.wordWrap\": \"on\"}\n");
}

#[test]
#[ignore = "needs PyYAML and jsonschema (python3 -m pip install jsonschema pyyaml); .ci/run installs them and runs it"]
fn bundled_and_new_content_validate() {
    let tmp = TempDir::new("schema-valid");
    let site = init_site(&tmp);
    let content = repo().join("content");
    let init_content = site.join("content");
    let report = python(&site.join(".ccgpages/schema"), &[&content, &init_content], Vec::new());
    let files = report["files"].as_object().unwrap();
    assert!(files.len() > 100, "the bundled content's files were found: {}", files.len());
    let bad: Vec<String> =
        files.iter().filter(|(_, p)| p.as_array().is_some_and(|p| !p.is_empty())).map(|(f, p)| format!("{f}: {p}")).collect();
    assert!(bad.is_empty(), "content the loader accepts, refused by the schema:\n{}", bad.join("\n"));
    assert_eq!(report["unmatched"], json!([]), "every content file has a schema");
    let mut kinds: Vec<&str> = files
        .keys()
        .filter_map(|f| Path::new(f).strip_prefix(&init_content).ok())
        .map(|rel| schema_of(&rel.to_string_lossy().replace('\\', "/")).0)
        .collect();
    kinds.sort();
    kinds.dedup();
    // Every kind but the optional group.yaml and practices.yaml.
    let expected: Vec<&str> =
        ccgpages::schema::KINDS.iter().map(|k| k.file).filter(|f| !["group.schema.json", "practices.schema.json"].contains(f)).collect();
    let mut expected = expected;
    expected.sort();
    assert_eq!(kinds, expected, "init's content has a file of every kind but group.yaml and practices.yaml");
    // The bundled content has practices.yaml files, and they were checked.
    assert!(files.keys().any(|f| f.ends_with("/practices.yaml")), "the bundled content's practices.yaml files were validated");
}

/// One edit of a file of init's content: (what it shows, file, from, to).
type Edit = (&'static str, &'static str, &'static str, &'static str);

/// Field-level mistakes the loader refuses, one of each kind.
const REFUSED: &[Edit] = &[
    ("a value not in the list", "ccgs/riverside/decisions.yaml", "category: practice-merger", "category: practise-merger"),
    ("a value not in the list, in a list", "ccgs/riverside/ccg.yaml", "category: executive", "category: executiv"),
    ("a value not in the list, front matter", MEETING, "status: held", "status: hold"),
    ("a day that does not exist", "ccgs/riverside/decisions.yaml", "date: 2016-02-09\n    title", "date: 2016-02-30\n    title"),
    ("29 February of a common year", "ccgs/riverside/ccg.yaml", "established: 2013-04-01", "established: 2015-02-29"),
    ("a date written another way", "ccgs/riverside/gifts-hospitality.yaml", "date: 2015-12-26", "date: 26/12/2015"),
    ("a time that is not HH:MM", MEETING, "start: \"14:00\"", "start: \"14.00\""),
    ("an hour past 23", MEETING, "end: \"16:00\"", "end: \"24:00\""),
    ("money with a pound sign", "ccgs/riverside/gifts-hospitality.yaml", "value: 60", "value: £60"),
    ("money with commas, quoted", "ccgs/riverside/gifts-hospitality.yaml", "value: 60", "value: \"1,250\""),
    ("money with three decimals", "ccgs/riverside/gifts-hospitality.yaml", "value: 60", "value: 60.125"),
    ("negative money", "ccgs/riverside/gifts-hospitality.yaml", "value: 60", "value: -60"),
    ("too much money", "ccgs/riverside/gifts-hospitality.yaml", "value: 60", "value: 100000000000000"),
    ("an unknown field", "ccgs/riverside/decisions.yaml", "    route: committee\n", "    rout: committee\n"),
    ("an unknown field, front matter", MEETING, "venue:", "venu:"),
    ("an unknown field at the top", "site.yaml", "language: en-GB", "langauge: en-GB"),
    ("a required field missing", "ccgs/riverside/gifts-hospitality.yaml", "    offered_by: Example Pharmaceuticals Ltd\n", ""),
    ("a required field missing, front matter", "pages/accessibility-statement.md", "title: Accessibility statement\n", ""),
    ("a required yes-or-no left empty", "ccgs/riverside/gifts-hospitality.yaml", "accepted: false", "accepted:"),
    ("yes for true", "ccgs/riverside/ccg.yaml", "chair: true", "chair: yes"),
    ("a whole number with decimals", "ccgs/riverside/ccg.yaml", "population: 212000", "population: 212000.5"),
    ("a list where there is one text", "site.yaml", "publisher: NHS Riverside CCG", "publisher: [NHS Riverside CCG]"),
    ("one text where there is a list", "ccgs/riverside/interests.yaml", "roles: [Chief Officer]", "roles: Chief Officer"),
    ("a group of fields where there is text", "ccgs/riverside/decisions.yaml", "title: Merger", "title: {a: Merger}"),
    ("a region not in the list", "ccgs/riverside/ccg.yaml", "region: Midlands and East", "region: Midlands and Est"),
    ("a scope route not in the list", "ccgs/riverside/terms-of-reference.md", "route: committee", "route: committe"),
];

/// Unusual values the loader accepts.
const ACCEPTED: &[Edit] = &[
    ("an agenda number unquoted", MEETING, "number: \"1\"", "number: 1"),
    ("a version as a number", "ccgs/riverside/terms-of-reference.md", "version: \"1.0\"", "version: 1.0"),
    ("an optional text left empty", MEETING, "venue: Committee room 1, Riverside House, 1 Quay Street, Riverside RV1 1AA", "venue:"),
    ("a yes-or-no with a default left empty", "ccgs/riverside/ccg.yaml", "voting: false", "voting:"),
    ("a value with a default left empty", "ccgs/riverside/decisions.yaml", "route: committee", "route:"),
    ("True for true", "ccgs/riverside/ccg.yaml", "chair: true", "chair: True"),
    ("money in pence", "ccgs/riverside/gifts-hospitality.yaml", "value: 60", "value: 0.07"),
    ("money with two decimals", "ccgs/riverside/gifts-hospitality.yaml", "value: 60", "value: 4999.50"),
    ("a time unquoted, one-digit hour", MEETING, "start: \"14:00\"", "start: 9:30"),
    ("29 February of a leap year", "ccgs/riverside/ccg.yaml", "established: 2013-04-01", "established: 2012-02-29"),
    ("a text that looks like a number", "ccgs/riverside/ccg.yaml", "ods_code: \"X00\"", "ods_code: 123"),
    (
        "anything under extra",
        "ccgs/riverside/ccg.yaml",
        "population: 212000",
        "population: 212000\nextra: {notes: [1, two, {three: null}]}",
    ),
    (
        "a schema modeline in front matter",
        "pages/accessibility-statement.md",
        "---\ntitle:",
        "---\n# yaml-language-server: $schema=../../.ccgpages/schema/page.schema.json\ntitle:",
    ),
];

/// `init`'s content with one edit, in its own folder: the loader's verdict
/// (exit code and messages) and the edited text.
fn edited(base: &Path, tmp: &TempDir, n: usize, (what, file, from, to): &Edit) -> (i32, String, String) {
    let content = tmp.path().join(format!("case-{n}"));
    copy_dir(base, &content);
    let path = content.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{what}: {file} does not hold {from:?}");
    let text = text.replacen(from, to, 1);
    std::fs::write(&path, &text).unwrap();
    let r = run(&["check", "--content", content.to_str().unwrap(), "--as-of", "2016-03-01"]);
    (r.code, r.stderr, text)
}

/// Whether `file` matches `glob` (`*` is any part of one name).
fn matches(glob: &str, file: &str) -> bool {
    let (g, f): (Vec<&str>, Vec<&str>) = (glob.split('/').collect(), file.split('/').collect());
    g.len() == f.len()
        && g.iter().zip(&f).all(|(g, f)| match g.split_once('*') {
            None => g == f,
            Some((pre, post)) => f.len() >= pre.len() + post.len() && f.starts_with(pre) && f.ends_with(post),
        })
}

/// The schema of a content file (from the content folder), and whether it is Markdown.
fn schema_of(file: &str) -> (&'static str, bool) {
    let kind =
        ccgpages::schema::KINDS.iter().find(|k| k.globs.iter().any(|g| matches(g, file))).unwrap_or_else(|| panic!("no schema for {file}"));
    (kind.file, kind.markdown)
}

#[test]
#[ignore = "needs PyYAML and jsonschema (python3 -m pip install jsonschema pyyaml); .ci/run installs them and runs it"]
fn the_schema_refuses_what_the_loader_refuses_and_accepts_what_it_accepts() {
    let tmp = TempDir::new("schema-cases");
    let site = init_site(&tmp);
    let base = site.join("content");
    let mut cases = Vec::new();
    let mut expect = Vec::new();
    for (n, edit) in REFUSED.iter().chain(ACCEPTED).enumerate() {
        let refused = n < REFUSED.len();
        let (code, stderr, text) = edited(&base, &tmp, n, edit);
        let (what, file, ..) = edit;
        if refused {
            assert_eq!(code, 1, "{what}: the loader accepts it\n{stderr}");
            assert!(stderr.contains(file.rsplit('/').next().unwrap()), "{what}: the error is not in {file}\n{stderr}");
        } else {
            assert_eq!(code, 0, "{what}: the loader refuses it\n{stderr}");
        }
        let (schema, markdown) = schema_of(file);
        cases.push(json!({ "name": what, "schema": schema, "text": text, "markdown": markdown }));
        expect.push((*what, refused));
    }
    let report = python(&site.join(".ccgpages/schema"), &[], cases);
    let mut wrong = Vec::new();
    for (what, refused) in expect {
        let problems = report["cases"][what].as_array().unwrap();
        if refused && problems.is_empty() {
            wrong.push(format!("{what}: refused by the loader, accepted by the schema"));
        } else if !refused && !problems.is_empty() {
            wrong.push(format!("{what}: accepted by the loader, refused by the schema: {problems:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
