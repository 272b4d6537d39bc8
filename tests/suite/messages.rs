//! Messages in plain words: a one-letter typo in a value, a field name or a
//! reference gets "did you mean", at its file, line and column; a file that
//! does not parse brings its own error and no warning about it being absent;
//! a misspelt region is an error.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// 2016-03-01 00:00 UTC: init's meeting is on 2016-02-09.
const DAY: &str = "1456790400";
const MEETING: &str = "ccgs/riverside/meetings/2016-02-09.md";

/// Which content an edit is made in: a new site's, or the bundled sample's.
#[derive(Clone, Copy)]
enum Base {
    Init,
    Bundled,
}

/// A copy of the content, in `tmp`.
fn content(tmp: &TempDir, base: Base, n: usize) -> PathBuf {
    let dir = tmp.path().join(format!("case-{n}"));
    match base {
        Base::Init => {
            let out = Command::new(BIN).args(["init"]).arg(&dir).env("SOURCE_DATE_EPOCH", DAY).output().unwrap();
            assert!(out.status.success(), "init: {}", String::from_utf8_lossy(&out.stderr));
            dir.join("content")
        }
        Base::Bundled => {
            copy_dir(&repo().join("content"), &dir);
            dir
        }
    }
}

fn edit(content: &Path, file: &str, from: &str, to: &str) {
    let path = content.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not hold {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn check(content: &Path, as_of: &str) -> Run {
    run(&["check", "--content", content.to_str().unwrap(), "--as-of", as_of])
}

/// The line of `stderr` that holds `text`, which must start with
/// `<…file>:<line>:<col>: error: `.
fn error_line<'a>(stderr: &'a str, file: &str, text: &str) -> &'a str {
    let line = stderr.lines().find(|l| l.contains(text)).unwrap_or_else(|| panic!("no message holds {text:?}:\n{stderr}"));
    let (place, _) = line.split_once(": error: ").unwrap_or_else(|| panic!("not an error: {line}"));
    let mut parts = place.rsplitn(3, ':');
    let (col, row, path) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
    assert!(path.ends_with(file), "{line}: not at {file}");
    assert!(row.parse::<usize>().is_ok_and(|r| r > 0) && col.parse::<usize>().is_ok_and(|c| c > 0), "{line}: no line and column");
    line
}

/// One-letter typos: (what, content, file, from, to, the suggestion).
const TYPOS: &[(&str, Base, &str, &str, &str, &str)] = &[
    ("a value", Base::Init, "ccgs/riverside/decisions.yaml", "category: practice-merger", "category: practise-merger", "`practice-merger`"),
    ("a value in front matter", Base::Init, MEETING, "status: held", "status: hold", "`held`"),
    ("a field name", Base::Init, "ccgs/riverside/decisions.yaml", "    route: committee\n", "    rout: committee\n", "`route`"),
    ("a field name in front matter", Base::Init, MEETING, "venue:", "vneue:", "`venue`"),
    ("a meeting's committee", Base::Init, MEETING, "committee: pccc", "committee: pcc", "`pccc`"),
    ("terms of reference's committee", Base::Init, "ccgs/riverside/terms-of-reference.md", "committee: pccc", "committee: pcc", "`pccc`"),
    ("an agenda item's decision", Base::Init, MEETING, "decision: RIV-2016-01", "decision: RIV-2016-0", "`RIV-2016-01`"),
    ("a decision's meeting", Base::Init, "ccgs/riverside/decisions.yaml", "meeting: 2016-02-09", "meeting: 2016-02-08", "`2016-02-09`"),
    ("a region", Base::Init, "ccgs/riverside/ccg.yaml", "region: Midlands and East", "region: Midlands and Est", "`Midlands and East`"),
    ("a group's member CCG", Base::Bundled, "groups/nw-london/group.yaml", "central-london,", "central-londn,", "`central-london`"),
    ("a committee's group", Base::Bundled, "ccgs/central-london/ccg.yaml", "group: nw-london", "group: nw-londn", "`nw-london`"),
    ("a successor CCG", Base::Bundled, "ccgs/leeds-north/ccg.yaml", "successor: leeds", "successor: leds", "`leeds`"),
    (
        "a group's meeting",
        Base::Bundled,
        "ccgs/central-london/decisions.yaml",
        "meeting: nw-london/2015-09-17",
        "meeting: nw-londn/2015-09-17",
        "`nw-london`",
    ),
    (
        "a meeting of a group",
        Base::Bundled,
        "ccgs/central-london/decisions.yaml",
        "meeting: nw-london/2015-09-17",
        "meeting: nw-london/2015-09-18",
        "`2015-09-17`",
    ),
];

#[test]
fn a_one_letter_typo_gets_a_suggestion_at_its_line_and_column() {
    let tmp = TempDir::new("messages-typos");
    let mut wrong = Vec::new();
    for (n, (what, base, file, from, to, suggestion)) in TYPOS.iter().enumerate() {
        let content = content(&tmp, *base, n);
        edit(&content, file, from, to);
        let r = check(&content, if matches!(base, Base::Init) { "2016-03-01" } else { "2016-06-30" });
        let wanted = format!("did you mean {suggestion}?");
        if r.code != 1 || !r.stderr.contains(&wanted) {
            wrong.push(format!("{what}: exit {}, no {wanted:?} in:\n{}", r.code, r.stderr));
            continue;
        }
        error_line(&r.stderr, file, &wanted);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn places_are_named_as_a_person_sees_them() {
    let tmp = TempDir::new("messages-places");
    let content = content(&tmp, Base::Init, 0);
    edit(&content, "ccgs/riverside/decisions.yaml", "category: practice-merger", "category: procurment");
    edit(&content, "ccgs/riverside/ccg.yaml", "category: executive", "category: executiv");
    edit(&content, MEETING, "title: Primary care finance report\n", "title: Primary care finance report\n    part: privat\n");
    let r = check(&content, "2016-03-01");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let decision = error_line(&r.stderr, "decisions.yaml", "decision RIV-2016-01: `category` `procurment` is not one of `list-closure`");
    assert!(decision.ends_with("; did you mean `procurement`?"), "{decision}");
    error_line(&r.stderr, "ccg.yaml", "committee pccc, member 3: `category` `executiv` is not one of");
    error_line(&r.stderr, "2016-02-09.md", "agenda item 2: `part` `privat` is not one of `public` or `private`; did you mean `private`?");
    assert!(!r.stderr.contains("entries[0]") && !r.stderr.contains("unknown variant"), "{}", r.stderr);
}

#[test]
fn a_register_that_does_not_parse_is_not_also_reported_absent() {
    let tmp = TempDir::new("messages-unparsed");
    for (n, file) in ["ccgs/riverside/decisions.yaml", "ccgs/riverside/interests.yaml", MEETING].into_iter().enumerate() {
        let content = content(&tmp, Base::Init, n);
        let before = check(&content, "2016-03-01");
        assert_eq!((before.code, before.stderr.matches("warning").count()), (0, 0), "init's content is clean:\n{}", before.stderr);
        // A tab where YAML needs spaces: the file does not parse at all.
        let text = std::fs::read_to_string(content.join(file)).unwrap();
        let broken = text.replacen("\n  - ", "\n\t- ", 1);
        assert_ne!(broken, text);
        std::fs::write(content.join(file), broken).unwrap();
        let r = check(&content, "2016-03-01");
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_eq!(r.stderr.matches(": error: ").count(), 1, "{file}: one error, its own:\n{}", r.stderr);
        error_line(&r.stderr, file.rsplit('/').next().unwrap(), "a tab: indent with spaces, never tabs");
        assert!(
            !r.stderr.contains(": warning: ") && r.stderr.contains("1 error, 0 warnings"),
            "{file}: no follow-on warning:\n{}",
            r.stderr
        );
    }
}

#[test]
fn a_misspelt_region_is_an_error_not_a_new_region() {
    let tmp = TempDir::new("messages-region");
    let content = content(&tmp, Base::Init, 0);
    edit(&content, "ccgs/riverside/ccg.yaml", "region: Midlands and East", "region: london");
    let r = check(&content, "2016-03-01");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let line = error_line(&r.stderr, "ccg.yaml", "`region` `london` is not one of the NHS England regions: `North`");
    assert!(line.ends_with("did you mean `London`?"), "{line}");
    let site = tmp.path().join("site");
    let b = run(&["build", "--content", content.to_str().unwrap(), "--output", site.to_str().unwrap(), "--as-of", "2016-03-01"]);
    assert_eq!(b.code, 1, "the build stops: no page shows a region `london`");
    assert!(!site.exists());
}
