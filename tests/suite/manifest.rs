//! The site's manifest, `/ccgpages.json` (issue 26, item 1), and its
//! schema `/ccgpages.schema.json`: checked on the bundled site and the
//! minimal fixture by tests/manifest_check.py, with nothing of ours
//! (every address resolves to a file of the built site, ids and ODS codes
//! are the content's, the lists are sorted); valid against the schema by
//! Python's jsonschema (`#[ignore]`d: `.ci/run` installs jsonschema and runs
//! it); the same bytes from the same content; the schema `ccgpages schema
//! --manifest` prints is the one the site publishes; and no person, withheld
//! or not, is in it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use ccgpages::Withheld;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const BASE: &str = "https://example.org/pcc/";

/// Runs tests/manifest_check.py on a built site and its content (with
/// `extra` options); panics with its report.
fn python_check(python: &str, site: &Path, content: &Path, extra: &[&str]) -> String {
    let out = Command::new(python)
        .arg(repo().join("tests/manifest_check.py"))
        .arg(site)
        .arg(content)
        .args(extra)
        .output()
        .expect("python3 is needed for these tests (it checks the manifest with nothing of ours)");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{}: {stdout}{}", site.display(), String::from_utf8_lossy(&out.stderr));
    eprintln!("{}", stdout.trim_end());
    stdout
}

/// The bundled site built into `<tmp>/bundled`, and the minimal fixture's
/// into `<tmp>/site`: (site, content) of each.
fn both_sites(tmp: &TempDir) -> Vec<(PathBuf, PathBuf)> {
    let bundled = tmp.path().join("bundled");
    let content = repo().join("content");
    let r = run(&[
        "build",
        "--content",
        content.to_str().unwrap(),
        "--output",
        bundled.to_str().unwrap(),
        "--as-of",
        "2016-06-30",
        "--base-url",
        BASE,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let minimal = tmp.path().join("minimal");
    let fixture = repo().join("tests/fixtures/minimal");
    let r = run(&["build", "--content", fixture.to_str().unwrap(), "--output", minimal.to_str().unwrap(), "--as-of", "2016-06-30"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    vec![(bundled, content), (minimal, fixture)]
}

/// The number after `what ` in the checker's summary.
fn count(report: &str, what: &str) -> usize {
    let at = report.find(&format!("{what} ")).unwrap_or_else(|| panic!("no {what:?} in {report}"));
    report[at + what.len() + 1..].split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
}

#[test]
fn every_address_resolves_and_every_id_is_the_contents() {
    let tmp = TempDir::new("manifest-check");
    for (site, content) in both_sites(&tmp) {
        let report = python_check("python3", &site, &content, &[]);
        for what in ["addresses", "fragments", "meetings", "papers", "external papers"] {
            assert!(count(&report, what) > 0, "{}: no {what} checked: {report}", site.display());
        }
        let manifest: Value = serde_json::from_slice(&std::fs::read(site.join("ccgpages.json")).unwrap()).unwrap();
        assert_eq!(manifest["version"], 1);
        assert_eq!(manifest["generator"]["name"], "ccgpages");
        assert_eq!(manifest["generator"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(manifest["site"]["as_of"], "2016-06-30");
    }
    // The bundled site has GP practices and groups: they were checked too.
    let report = python_check("python3", &tmp.path().join("bundled"), &repo().join("content"), &[]);
    assert!(count(&report, "practices") > 10, "{report}");
    let bundled: Value = serde_json::from_slice(&std::fs::read(tmp.path().join("bundled/ccgpages.json")).unwrap()).unwrap();
    assert!(!bundled["groups"].as_array().unwrap().is_empty());
    assert_eq!(bundled["site"]["base"], BASE);
}

#[test]
#[ignore = "needs Python's jsonschema (python3 -m pip install jsonschema); .ci/run installs it and runs it"]
fn the_manifests_are_valid_against_the_schema_by_jsonschema() {
    let tmp = TempDir::new("manifest-jsonschema");
    for (site, content) in both_sites(&tmp) {
        let report = python_check("python3", &site, &content, &["--jsonschema"]);
        assert!(report.contains("validated by jsonschema "), "{report}");
    }
    // And it refuses what the schema does not allow.
    let site = tmp.path().join("minimal");
    let path = site.join("ccgpages.json");
    let good = std::fs::read_to_string(&path).unwrap();
    for (from, to, said) in [
        ("\"status\": \"held\"", "\"status\": \"hold\"", "'hold' is not one of"),
        ("\"as_of\": \"2016-06-30\"", "\"as_of\": \"2016-06-31\"", "is not a 'date'"),
        ("\"sample\": true", "\"sample\": true, \"samples\": 1", "a field the schema does not list"),
    ] {
        assert!(good.contains(from), "{from}");
        std::fs::write(&path, good.replacen(from, to, 1)).unwrap();
        let out = Command::new("python3")
            .arg(repo().join("tests/manifest_check.py"))
            .arg(&site)
            .arg(repo().join("tests/fixtures/minimal"))
            .arg("--jsonschema")
            .output()
            .expect("python3 is needed for these tests");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!out.status.success() && stdout.contains(said), "{from} → {to}: {stdout}");
    }
}

/// The checker finds what it is there to find: a manifest changed by hand
/// (an address to no file, an id that is not the content's) fails it.
#[test]
fn the_checker_refuses_a_broken_manifest() {
    let fx = Fixture::new("minimal");
    assert_eq!(fx.build(&[]).code, 0);
    let path = fx.site().join("ccgpages.json");
    let good = std::fs::read_to_string(&path).unwrap();
    for (from, to, said) in [
        ("ccgs/alpha/meetings/2016-01-14/", "ccgs/alpha/meetings/2016-01-15/", "resolves to no file"),
        ("alpha/#gifts", "alpha/#gift", "the page has no id"),
        ("\"ods_code\": \"99A\"", "\"ods_code\": \"99Z\"", "is not ccg.yaml's"),
    ] {
        assert!(good.contains(from), "{from}");
        std::fs::write(&path, good.replacen(from, to, 1)).unwrap();
        let out = Command::new("python3")
            .arg(repo().join("tests/manifest_check.py"))
            .arg(fx.site())
            .arg(fx.content())
            .output()
            .expect("python3 is needed for these tests");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!out.status.success() && stdout.contains(said), "{from} → {to}: {stdout}");
    }
}

#[test]
fn the_same_content_gives_the_same_bytes() {
    let fx = Fixture::new("minimal");
    assert_eq!(fx.build(&[]).code, 0);
    let first = (fx.page("ccgpages.json"), fx.page("ccgpages.schema.json"));
    assert_eq!(fx.build(&[]).code, 0);
    assert!((fx.page("ccgpages.json"), fx.page("ccgpages.schema.json")) == first, "two builds differ");
    // Another base address changes the addresses and nothing else.
    assert_eq!(fx.build(&["--base-url", BASE]).code, 0);
    let moved = fx.page("ccgpages.json");
    assert_ne!(moved, first.0);
    assert_eq!(moved.replace(BASE, "https://example.github.io/fixture/"), first.0);
    assert_eq!(fx.page("ccgpages.schema.json"), first.1, "the schema is the same on every site");
}

#[test]
fn the_schema_command_gives_the_schema_the_site_publishes() {
    let fx = Fixture::new("minimal");
    assert_eq!(fx.build(&[]).code, 0);
    let published = fx.page(ccgpages::schema::MANIFEST_FILE);
    let printed = run(&["schema", "--manifest"]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    assert_eq!(printed.stdout, published);
    let schema: Value = serde_json::from_str(&published).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert!(schema["$id"].as_str().unwrap().starts_with("https://ccgpages.github.io/schema/"), "{}", schema["$id"]);
    // The manifest names it.
    let manifest: Value = serde_json::from_str(&fx.page("ccgpages.json")).unwrap();
    assert_eq!(manifest["schema"], "https://example.github.io/fixture/ccgpages.schema.json");
    // Written into a folder, with its path printed.
    let out = fx.tmp.path().join("schemas");
    let written = run(&["schema", "--manifest", "--out", out.to_str().unwrap()]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let file = out.join(ccgpages::schema::MANIFEST_FILE);
    assert_eq!(written.stdout.trim_end(), file.to_str().unwrap());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), published);
    // Not with --content: the manifest is not a content file's.
    let both = run(&["schema", "--manifest", "--content", "x"]);
    assert_eq!(both.code, 2, "{}", both.stderr);
    // The help says what it does.
    let help = run(&["schema", "--help"]);
    assert!(help.stdout.contains("--manifest") && help.stdout.contains("/ccgpages.json"), "{}", help.stdout);
}

/// Independent of the matcher: NFKC, lower case, letters and digits only.
fn crude(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

/// A withheld person everywhere a person can be (a committee's chair, the
/// register, a meeting's attendance and declarations, a decision's
/// conflicts, a gift): their name is nowhere in the manifest, and nor is
/// anyone else's: it lists no people.
#[test]
fn no_person_withheld_or_not_is_in_the_manifest() {
    for withheld in ["true", "name"] {
        let fx = Fixture::new("minimal");
        fx.edit(
            "ccgs/alpha/ccg.yaml",
            "      - name: Exec Person",
            "      - name: Dr Quentin Zyborg\n        role: GP member\n        category: clinical\n      - name: Exec Person",
        );
        fx.edit(
            "ccgs/alpha/interests.yaml",
            "  - name: Hidden Secretperson",
            &format!("  - name: Dr Quentin Zyborg\n    roles: [GP member]\n    withheld: {withheld}\n    nil_return: true\n  - name: Hidden Secretperson"),
        );
        fx.edit("ccgs/alpha/meetings/2016-01-14.md", "present: [Lay Chair Person,", "present: [Dr Quentin Zyborg, Lay Chair Person,");
        fx.edit(
            "ccgs/alpha/meetings/2016-01-14.md",
            "declarations:\n",
            "declarations:\n  - name: Dr Q. Zyborg\n    item: \"1\"\n    interest: Shareholder\n    action: Left\n",
        );
        fx.edit(
            "ccgs/alpha/decisions.yaml",
            "    meeting: pair/2016-01-14\n    outcome: noted\n",
            "    meeting: pair/2016-01-14\n    outcome: noted\n    conflicts:\n      - name: Dr Quentin Zyborg\n        interest: Shares\n        action: Left\n",
        );
        fx.edit(
            "ccgs/alpha/gifts-hospitality.yaml",
            "  - name: Exec Person",
            "  - name: DR QUENTIN ZYBORG\n    role: GP member\n    date: 2015-10-09\n    offered_by: Example Ltd\n    description: Lunch\n    accepted: true\n  - name: Exec Person",
        );
        let run = fx.build(&[]);
        assert_eq!(run.code, 0, "{withheld}: {}", run.stderr);
        let manifest = fx.page("ccgpages.json");
        assert_eq!(Withheld::new(["Dr Quentin Zyborg"]).find_in_output("ccgpages.json", Some(manifest.as_bytes())), None);
        let text = crude(&manifest);
        for word in ["zyborg", "quentin", "withheld"] {
            assert!(!text.contains(word), "{withheld}: the manifest holds {word:?}");
        }
        // Nor anyone else: the people of the fixture are in its pages, not here.
        for name in ["Lay Chair Person", "Exec Person", "Dr Gp Person", "England Person"] {
            assert!(fx.page("ccgs/alpha/meetings/2016-01-14/index.html").contains(name), "{name} is on the meeting's page");
            assert!(!text.contains(&crude(name)), "{withheld}: the manifest names {name}");
        }
        // And the manifest is complete all the same: the meeting is listed.
        let parsed: Value = serde_json::from_str(&manifest).unwrap();
        assert_eq!(parsed["ccgs"][0]["meetings"][0]["id"], "2016-01-14");
        assert_eq!(parsed["ccgs"][0]["gifts"]["entries"], 2, "the withheld gift is counted, as on the page");
    }
}

/// Every field of the schema, as `docs/manifest.md` names it (`ccgs[].id`),
/// in the schema's order; a group of fields used in two places (a register,
/// a meeting) is listed at the first only.
fn schema_fields(schema: &Value) -> Vec<String> {
    fn target<'s>(p: &'s Value, defs: &'s Value) -> Option<(&'s str, &'s Value)> {
        let reference = p.get("$ref").or_else(|| p.get("anyOf")?.as_array()?.iter().find_map(|a| a.get("$ref")))?;
        let name = reference.as_str()?.strip_prefix("#/$defs/")?;
        Some((name, &defs[name]))
    }
    fn walk(object: &Value, path: &str, defs: &Value, seen: &mut Vec<String>, out: &mut Vec<String>) {
        for (name, p) in object["properties"].as_object().into_iter().flatten() {
            let field = format!("{path}{name}");
            out.push(field.clone());
            let (inner, suffix) = if p.get("items").is_some() { (target(&p["items"], defs), "[]") } else { (target(p, defs), "") };
            if let Some((def, inner)) = inner.filter(|(_, d)| d.get("properties").is_some())
                && !seen.iter().any(|s| s == def)
            {
                seen.push(def.to_owned());
                walk(inner, &format!("{field}{suffix}."), defs, seen, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(schema, "", &schema["$defs"], &mut Vec::new(), &mut out);
    out
}

#[test]
fn the_docs_describe_every_field_and_no_other() {
    let printed = run(&["schema", "--manifest"]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    let schema: Value = serde_json::from_str(&printed.stdout).unwrap();
    let fields = schema_fields(&schema);
    assert!(fields.len() > 60 && fields.contains(&"ccgs[].meetings[].papers[].url".to_owned()), "{fields:?}");
    let docs = std::fs::read_to_string(repo().join("docs/manifest.md")).unwrap();
    let table = &docs[docs.find("## Fields").expect("docs/manifest.md has a section ## Fields")..];
    let documented: Vec<&str> =
        table.lines().filter_map(|l| l.strip_prefix("| `")).filter_map(|l| l.split_once("` |")).map(|(field, _)| field).collect();
    let missing: Vec<&String> = fields.iter().filter(|f| !documented.contains(&f.as_str())).collect();
    let unknown: Vec<&&str> = documented.iter().filter(|d| !fields.iter().any(|f| f == *d)).collect();
    assert!(missing.is_empty() && unknown.is_empty(), "docs/manifest.md: missing {missing:?}; not in the schema {unknown:?}");
    // The $id the docs give is the schema's.
    assert!(docs.contains(&format!("`{}`", schema["$id"].as_str().unwrap())), "docs/manifest.md names the schema's $id");
}
