//! Nothing identifying beside "Name withheld" (issue 23, item 4): a member
//! whose register entry is withheld in full (`withheld: true`) chairs the
//! committee, holds an interest, declares at a meeting, is offered a gift,
//! is noted on a decision's conflicts and is found by check 11; none of the
//! role words, interest descriptions, dates or register line numbers of
//! that entry may reach any file of the site. With `withheld: name` only
//! the name goes. No diagnostic, in any format, prints a withheld name
//! (item 4); `check` fails wherever `build` would (item 9).

use crate::common::*;
use unicode_normalization::UnicodeNormalization;

/// The minimal fixture with Dr Quentin Zyborg withheld (`withheld`: `true`
/// or `name`) and everywhere a person can be: chair of the committee, an
/// interest in a practice a decision affects (check 11 finds it
/// undeclared), a declaration at the meeting, a gift, a decision's
/// conflicts, present at the meeting. Every detail of theirs holds the
/// word "Quillwort" or a date found nowhere else.
fn fixture(withheld: &str) -> Fixture {
    let fx = Fixture::new("minimal");
    fx.edit(
        "ccgs/alpha/ccg.yaml",
        "        role: Lay member, Chair\n        category: lay\n        chair: true\n",
        "        role: Lay member\n        category: lay\n",
    );
    fx.edit(
        "ccgs/alpha/ccg.yaml",
        "      - name: Exec Person",
        "      - name: Dr Quentin Zyborg\n        role: Quillwort lay chair\n        category: lay\n        chair: true\n        from: 2015-04-07\n      - name: Exec Person",
    );
    fx.edit(
        "ccgs/alpha/interests.yaml",
        "  - name: Hidden Secretperson",
        &format!(
            "  - name: Dr Quentin Zyborg\n    roles: [Quillwort trustee]\n    withheld: {withheld}\n    interests:\n      - type: financial\n        description: Quillwort partner at Example Surgery\n        from: 2011-02-03\n        action: Quillwort recusal\n        practices: [E99001]\n  - name: Hidden Secretperson"
        ),
    );
    fx.write("ccgs/alpha/practices.yaml", "updated: 2016-01-01\nentries:\n  - ods: E99001\n    name: Example Surgery\n");
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "    outcome: approved\n    summary: Approved",
        "    outcome: approved\n    practices: [E99001]\n    summary: Approved",
    );
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "    meeting: pair/2016-01-14\n    outcome: noted\n",
        "    meeting: pair/2016-01-14\n    outcome: noted\n    conflicts:\n      - name: Dr Quentin Zyborg\n        interest: Quillwort shares\n        action: Quillwort left the room\n",
    );
    fx.edit("ccgs/alpha/meetings/2016-01-14.md", "present: [Lay Chair Person,", "present: [Dr Quentin Zyborg, Lay Chair Person,");
    fx.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "declarations:\n",
        "declarations:\n  - name: Dr Quentin Zyborg\n    item: \"1\"\n    interest: Quillwort almshouse trustee\n    action: Quillwort stayed\n",
    );
    fx.edit(
        "ccgs/alpha/gifts-hospitality.yaml",
        "  - name: Exec Person",
        "  - name: Dr Quentin Zyborg\n    role: Quillwort chair\n    date: 2015-10-09\n    offered_by: Quillwort Pharma Ltd\n    description: Quillwort opera tickets\n    value: 123.45\n    accepted: true\n    notes: Quillwort note\n  - name: Exec Person",
    );
    fx
}

/// A file's text as a reader would search it: NFKC, lower case, letters
/// and digits only (independent of the matcher).
fn crude(s: &str) -> String {
    s.nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

/// What singles out the withheld entry: its role and interest words, its
/// dates (as the pages and the data write them), its gift's value, and the
/// register's line numbers.
const IDENTIFYING: &[&str] = &[
    "quillwort",
    "7 april 2015",
    "2015-04-07",
    "20150407",
    "9 october 2015",
    "2015-10-09",
    "20151009",
    "3 february 2011",
    "2011-02-03",
    "20110203",
    "123.45",
    "interests.yaml line",
];

#[test]
fn an_entry_withheld_in_full_publishes_nothing_that_identifies_it() {
    let fx = fixture("true");
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = all_files(&fx.site());
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for s in IDENTIFYING {
            assert!(!text.contains(s), "{path} holds {s:?}");
        }
        let c = crude(&text);
        assert!(!c.contains("zyborg") && !c.contains("quentin"), "{path} names them");
    }
    // The pages say that something is withheld, and why.
    let ccg = fx.page("ccgs/alpha/index.html");
    assert!(ccg.contains("One current member is") && ccg.contains("name and/or other information"), "committee note");
    assert!(ccg.contains("One further entry is"), "gifts note");
    assert!(ccg.contains("details withheld under NHS England"), "the decision's conflict");
    let check11 = ccg.find("The register of interests shows").map(|i| &ccg[i..(i + 400).min(ccg.len())]).unwrap_or("");
    assert!(check11.contains("an entry withheld under NHS England") && check11.contains("(details withheld)"), "check 11: {check11}");
    let meeting = fx.page("ccgs/alpha/meetings/2016-01-14/index.html");
    assert!(meeting.contains("Details withheld") && meeting.contains("Name withheld"), "the declaration");
    // The chair is not the first row of the table, nor any row.
    assert!(!ccg.contains("nhsuk-tag--blue\">Chair"), "no one is shown as chair");
    // Its interests are not counted.
    assert!(ccg.contains("1 interest,"), "only Dr Gp Person's interest is counted");
    // Not in the open data either: no membership, no person id on the conflict.
    let ccgs = fx.page("ccgs.json");
    assert_eq!(ccgs.matches("\"chair\":true").count(), 0, "no chair membership published");
    let decisions = fx.page("ccgs/alpha/decisions.csv");
    assert!(decisions.contains("Name withheld: details withheld"), "{decisions}");
    assert!(!decisions.contains("alpha/withheld-"), "no person id for a conflict withheld in full");
}

#[test]
fn a_name_withheld_alone_publishes_the_rest_beside_name_withheld() {
    let fx = fixture("name");
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in all_files(&fx.site()) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("interests.yaml line"), "{path}: a register line number");
        let c = crude(&text);
        assert!(!c.contains("zyborg") && !c.contains("quentin"), "{path} names them");
    }
    let ccg = fx.page("ccgs/alpha/index.html");
    for s in
        ["Quillwort lay chair", "Quillwort trustee", "Quillwort partner at Example Surgery", "Quillwort opera tickets", "Quillwort shares"]
    {
        assert!(ccg.contains(s), "{s:?} is published with `withheld: name`");
    }
    assert!(ccg.contains("1 name withheld"), "counted as a name withheld");
    assert!(fx.page("ccgs/alpha/meetings/2016-01-14/index.html").contains("Quillwort almshouse trustee"));
    assert!(fx.page("ccgs/alpha/interests.csv").contains("Name withheld"));
    let practice = fx.page("practices/E99001/index.html");
    assert!(practice.contains("Quillwort partner at Example Surgery") && practice.contains("Name withheld"), "the practice's page");
}

/// The new open data files (issue 25, item 6) with the withheld person
/// present at alpha's meeting, declaring there, and at the group's
/// meeting too, in attendance and declaring, spelled without the title.
#[test]
fn the_meeting_and_check_files_name_no_withheld_person() {
    for withheld in ["true", "name"] {
        let fx = fixture(withheld);
        fx.edit(
            "groups/pair/meetings/2016-01-14.md",
            "declarations:\n",
            "attendance:\n  in_attendance: [Quentin Zyborg]\ndeclarations:\n  - name: Quentin Zyborg\n    item: \"1\"\n    interest: Quillwort governor\n    action: Quillwort noted\n",
        );
        let run = fx.build(&[]);
        assert_eq!(run.code, 0, "{withheld}: {}", run.stderr);
        for file in ["attendance.csv", "declarations.csv", "checks.csv", "checks.json"] {
            let c = crude(&fx.page(file));
            assert!(!c.contains("zyborg") && !c.contains("quentin"), "withheld: {withheld}: {file} names them");
            if withheld == "true" {
                assert!(!c.contains("quillwort"), "withheld: true: {file} holds their details");
            }
        }
        let rows =
            |file: &str| -> Vec<String> { fx.page(file).lines().filter(|l| l.contains("Name withheld")).map(str::to_owned).collect() };
        let attendance = rows("attendance.csv");
        let declarations = rows("declarations.csv");
        if withheld == "true" {
            assert_eq!(
                attendance,
                [
                    "alpha,,NHS Alpha CCG,pccc,Primary Care Commissioning Committee,2016-01-14,2016-01-14,https://example.github.io/fixture/ccgs/alpha/meetings/2016-01-14/,Name withheld,,present",
                    ",pair,Alpha and Beta committees in common,,,2016-01-14,2016-01-14,https://example.github.io/fixture/groups/pair/meetings/2016-01-14/,Name withheld,,in-attendance",
                ],
                "named as withheld, with no person id"
            );
            assert_eq!(
                declarations,
                [
                    "alpha,,NHS Alpha CCG,pccc,Primary Care Commissioning Committee,2016-01-14,2016-01-14,https://example.github.io/fixture/ccgs/alpha/meetings/2016-01-14/,,,,Name withheld,,details withheld,",
                    ",pair,Alpha and Beta committees in common,,,2016-01-14,2016-01-14,https://example.github.io/fixture/groups/pair/meetings/2016-01-14/,,,,Name withheld,,details withheld,",
                ],
                "no item, interest, action or person id"
            );
        } else {
            // The name alone withheld: their id (as in interests.csv) where
            // the name is spelled as the register spells it, and what they
            // declared.
            assert!(attendance[0].ends_with(",Name withheld,alpha/withheld-1,present"), "{attendance:?}");
            assert!(attendance[1].ends_with(",Name withheld,,in-attendance"), "another spelling has no id: {attendance:?}");
            assert!(
                declarations[0]
                    .ends_with(",1,Welcome and declarations,,Name withheld,alpha/withheld-1,Quillwort almshouse trustee,Quillwort stayed"),
                "{declarations:?}"
            );
            assert!(declarations[1].ends_with(",1,Joint item,,Name withheld,,Quillwort governor,Quillwort noted"), "{declarations:?}");
            assert!(fx.page("ccgs/alpha/interests.csv").contains(",alpha/withheld-1,Name withheld,true,"), "the id joins");
        }
    }
}

/// Runs the binary with GitHub's environment (`--format` and the job summary).
fn run_env(args: &[&str], summary: &std::path::Path) -> Run {
    let out = std::process::Command::new(BIN)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", summary)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn no_diagnostic_prints_a_withheld_name_in_any_format() {
    let fx = fixture("true");
    // The name in the minutes (quoted source line), in a folder's name (the
    // diagnostic's file), and in a message's own words (a value quoted
    // back: an unknown committee).
    fx.edit("ccgs/alpha/meetings/2016-01-14.md", "The committee approved the merger.", "Dr Quentin Zyborg thanked the committee.");
    fx.write("ccgs/alpha/papers/Dr Zyborg/x.txt", "x");
    fx.edit("ccgs/alpha/meetings/2016-09-15.md", "committee: pccc", "committee: quentin-zyborg");
    let content = fx.content();
    let content = content.to_str().unwrap();
    let summary = fx.tmp.path().join("summary.md");
    for (cmd, format) in
        [("check", "human"), ("check", "github"), ("check", "json"), ("build", "human"), ("build", "github"), ("build", "json")]
    {
        let _ = std::fs::remove_file(&summary);
        let site = fx.site();
        let mut args = vec![cmd, "--content", content, "--as-of", "2016-06-30", "--format", format];
        if cmd == "build" {
            args.extend(["--output", site.to_str().unwrap()]);
        }
        let run = run_env(&args, &summary);
        assert_eq!(run.code, 1, "{cmd} {format}: {}", run.stderr);
        let job = std::fs::read_to_string(&summary).unwrap_or_default();
        assert!(!job.is_empty(), "{cmd} {format}: no job summary");
        for (what, text) in [("stdout", &run.stdout), ("stderr", &run.stderr), ("job summary", &job)] {
            let c = crude(text);
            assert!(!c.contains("zyborg") && !c.contains("quentin"), "{cmd} --format {format}: the {what} names them:\n{text}");
        }
        let all = format!("{}{}{job}", run.stdout, run.stderr);
        assert!(all.contains("this text names a person whose register entry is withheld"), "{cmd} {format}: {all}");
        assert!(all.contains("█"), "{cmd} {format}: the name is masked, not dropped: {all}");
    }
    // The quoted line keeps its columns: the caret is under the masked name.
    let run = fx.check(&[]);
    let line = "Dr Quentin Zyborg thanked the committee.";
    let masked = format!("{} thanked the committee.", "█".repeat("Dr Quentin Zyborg".chars().count()));
    assert!(run.stderr.contains(&format!("| {masked}")) && !run.stderr.contains(line), "{}", run.stderr);
}

/// `check` exits 1 exactly when `build` does, for the name in each field a
/// page prints as written.
#[test]
fn check_fails_wherever_build_fails() {
    let placements: &[(&str, &str, &str, &str)] = &[
        ("a practice's name", "ccgs/alpha/practices.yaml", "name: Example Surgery", "name: DR ZYBORG & PARTNERS"),
        (
            "a practice's address",
            "ccgs/alpha/practices.yaml",
            "name: Example Surgery",
            "name: Example Surgery\n    address: 1 Zyborg Row, Quentin Zyborg House",
        ),
        ("a decision's title", "ccgs/alpha/decisions.yaml", "title: Extended hours hub", "title: Hub for Dr Zyborg"),
        ("a meeting's venue", "ccgs/alpha/meetings/2016-01-14.md", "venue: Board room, 1 Example Street", "venue: Dr Zyborg's room"),
        ("a committee's name", "ccgs/alpha/ccg.yaml", "name: Primary Care Commissioning Committee", "name: Dr Zyborg's committee"),
        ("a page's title", "pages/about.md", "", ""),
        (
            "a role of an entry withheld by name",
            "ccgs/alpha/interests.yaml",
            "roles: [Quillwort trustee]",
            "roles: [Quentin Zyborg's trustee]",
        ),
        (
            "a name field (redacted, not an error)",
            "ccgs/alpha/meetings/2016-01-14.md",
            "present: [Dr Quentin Zyborg,",
            "present: [Prof. Zyborg,",
        ),
    ];
    for (label, rel, from, to) in placements {
        let fx = fixture("name");
        if rel.starts_with("pages/") {
            fx.write(rel, "---\ntitle: About Dr Zyborg\n---\nText.\n");
        } else {
            fx.edit(rel, from, to);
        }
        let check = fx.check(&[]);
        let build = fx.build(&[]);
        assert!(check.code == 0 || check.code == 1, "{label}: {}", check.stderr);
        assert_eq!(
            check.code, build.code,
            "{label}: check exited {} but build {}\ncheck: {}\nbuild: {}",
            check.code, build.code, check.stderr, build.stderr
        );
        if check.code == 1 {
            assert!(check.stderr.contains("this text names a person whose register entry is withheld"), "{label}: {}", check.stderr);
        }
    }
}

/// A withheld name the site's own words match (`Withheld`, or a word every
/// page prints) is refused at the register entry by `check` and `build`
/// alike, saying why.
#[test]
fn a_withheld_name_the_site_itself_prints_is_refused_at_the_register() {
    for name in ["Withheld", "Search"] {
        let fx = Fixture::new("minimal");
        fx.edit("ccgs/alpha/interests.yaml", "  - name: Hidden Secretperson", &format!("  - name: {name}"));
        let check = fx.check(&[]);
        assert_eq!(check.code, 1, "{name}: {}", check.stderr);
        assert!(
            check.stderr.contains("interests.yaml:") && check.stderr.contains("the site could never be built"),
            "{name}: {}",
            check.stderr
        );
        let build = fx.build(&[]);
        assert_eq!(build.code, 1, "{name}: {}", build.stderr);
        assert!(build.stderr.contains("the site could never be built"), "{name}: {}", build.stderr);
    }
}
