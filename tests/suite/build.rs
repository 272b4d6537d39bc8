//! `ccgpages build` end to end: fixture sites in, pages out.

use crate::common::*;

#[test]
fn builds_every_page_type_of_the_fixture() {
    let fx = Fixture::new("minimal");
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("copied 2 files for 2 CCGs"), "{}", run.stdout);

    let index = fx.page("index.html");
    assert!(index.contains("NHS Alpha CCG") && index.contains("NHS Beta CCG"));
    assert!(index.contains("href=\"/fixture/ccgs/alpha/\""), "links carry the base path");
    assert!(index.contains("Sample data"), "sample notice on every page");
    assert!(index.contains("30 June 2016"), "as-of date printed");

    let ccg = fx.page("ccgs/alpha/index.html");
    for expected in [
        "Level 3",                                 // level today
        "2: Joint commissioning",                  // level over time
        "Lay Chair Person",                        // current member
        "Former members (1)",                      // former member
        "/fixture/ccgs/alpha/terms-of-reference/", // terms summary links to full text
        "AL-2016-01",                              // decisions register
        "AL/PC/2016/001",                          // procurement details
        "£1,250,000 in total; £250,000.50 a year",
        "Name withheld", // withheld entry counted
        "1 entry withheld",
        "Example Pharma Ltd",         // gifts and hospitality
        "Joint committees in common", // group meeting listed on member CCG
        "Transparency checks",
    ] {
        assert!(ccg.contains(expected), "CCG page lacks {expected:?}");
    }

    let meeting = fx.page("ccgs/alpha/meetings/2016-01-14/index.html");
    for expected in [
        "Practice merger",
        "href=\"/fixture/ccgs/alpha/papers/2016-01-14/merger.pdf\"",
        "href=\"https://www.england.nhs.uk/commissioning/\"",
        "Private",
        "AL-2016-01</a>: Approved",
        "Left the room for the item",
        "Apologies",
        "<table>", // Markdown table in the minutes
    ] {
        assert!(meeting.contains(expected), "meeting page lacks {expected:?}");
    }
    let group = fx.page("groups/pair/meetings/2016-01-14/index.html");
    assert!(group.contains("Held in common by") && group.contains("AL-2016-03"), "group meeting shows each CCG's decisions");
    assert!(fx.page("groups/pair/index.html").contains("NHS Beta CCG"));
    let terms = fx.page("ccgs/alpha/terms-of-reference/index.html");
    assert!(terms.contains("Decision scope") && terms.contains("Approved policy") && terms.contains("Key decisions"));
    assert!(fx.page("about/index.html").contains("What this is"));
    assert!(fx.page("404.html").contains("Page not found"));
    assert_eq!(
        std::fs::read(fx.site().join("ccgs/alpha/papers/2016-01-14/merger.pdf")).unwrap(),
        std::fs::read(fx.file("ccgs/alpha/papers/2016-01-14/merger.pdf")).unwrap(),
        "papers copied as they are"
    );
    assert!(fx.site().join("groups/pair/papers/joint.csv").exists());
    assert!(fx.site().join(".nojekyll").exists());

    let beta = fx.page("ccgs/beta/index.html");
    assert!(beta.contains("closed on 31 March 2017") && beta.contains("href=\"/fixture/ccgs/alpha/\""), "merged CCG links its successor");
    assert!(ccg.contains("Formed from"), "successor lists its predecessor");
}

#[test]
fn withheld_names_appear_in_no_output_file() {
    let fx = Fixture::new("minimal");
    // The withheld person also sits on the committee and declares at a meeting.
    fx.edit(
        "ccgs/alpha/ccg.yaml",
        "      - name: Former Person",
        "      - name: Hidden Secretperson\n        role: GP member\n        category: clinical\n      - name: Former Person",
    );
    fx.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "declarations:\n",
        "declarations:\n  - name: Hidden Secretperson\n    interest: Shareholder\n    action: Left\n",
    );
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in all_files(&fx.site()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Hidden Secretperson") && !text.contains("Secretperson"), "{path} names a withheld person");
    }
    assert!(fx.page("ccgs/alpha/meetings/2016-01-14/index.html").contains("Name withheld"));

    // In free text the name cannot be redacted safely: the build refuses.
    fx.edit("ccgs/alpha/meetings/2016-01-14.md", "The committee approved", "Hidden Secretperson said the committee approved");
    let run = fx.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("meetings/2016-01-14.md:") && run.stderr.contains("withheld"), "{}", run.stderr);
    // `check` says so too, at the line and column, before anything is built.
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let line = fx.read("ccgs/alpha/meetings/2016-01-14.md").lines().position(|l| l.contains("Hidden Secretperson said")).unwrap() + 1;
    assert!(
        check
            .stderr
            .contains(&format!("meetings/2016-01-14.md:{line}:1: error: this text names a person whose register entry is withheld")),
        "{}",
        check.stderr
    );
}

#[test]
fn script_injection_is_neutralised() {
    let fx = Fixture::new("minimal");
    fx.edit("ccgs/alpha/decisions.yaml", "title: Extended hours hub", "title: \"<script>alert('title')</script>\"");
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "summary: Approved, subject to *patient engagement*.",
        "summary: \"<img src=x onerror=alert(1)> [x](javascript:alert(2)) <a href='vbscript:x'>v</a>\"",
    );
    fx.edit("ccgs/alpha/ccg.yaml", "name: NHS Alpha CCG", "name: \"Alpha \\\" onmouseover=alert(3) <b>CCG</b>\"");
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in all_files(&fx.site()) {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("<script>alert"), "{path}: script tag survived");
        assert!(!text.contains("onerror="), "{path}: event handler survived");
        assert!(!text.contains("javascript:"), "{path}: javascript: link survived");
        assert!(!text.contains("vbscript:"), "{path}: vbscript: link survived");
        assert!(!text.contains("\" onmouseover"), "{path}: attribute injection");
        assert!(!text.contains("<b>ccg</b>"), "{path}: markup in a plain field");
    }
    let ccg = fx.page("ccgs/alpha/index.html");
    assert!(ccg.contains("&lt;script&gt;alert("), "text is escaped, not dropped");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = Fixture::new("minimal");
    let b = Fixture::new("minimal");
    assert_eq!(a.build(&[]).code, 0);
    assert_eq!(b.build(&[]).code, 0);
    let (fa, fb) = (all_files(&a.site()), all_files(&b.site()));
    assert_eq!(fa.len(), fb.len());
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
    // The bundled site too (its content pins its own as-of date).
    let out1 = TempDir::new("bundled1");
    let out2 = TempDir::new("bundled2");
    for out in [&out1, &out2] {
        let r =
            run(&["build", "--content", repo().join("content").to_str().unwrap(), "--output", out.path().join("site").to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    assert!(all_files(&out1.path().join("site")) == all_files(&out2.path().join("site")), "bundled site differs between builds");
}

#[test]
fn as_of_comes_from_flag_then_site_then_source_date_epoch() {
    let fx = Fixture::new("minimal");
    let content = fx.content();
    let site = fx.site();
    let out = std::process::Command::new(BIN)
        .args(["build", "--content", content.to_str().unwrap(), "--output", site.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1451606400") // 2016-01-01
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(fx.page("index.html").contains("1 January 2016"));
    fx.edit("site.yaml", "sample: true", "sample: true\nas_of: 2016-02-03");
    let out = std::process::Command::new(BIN)
        .args(["build", "--content", content.to_str().unwrap(), "--output", site.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1451606400")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(fx.page("index.html").contains("3 February 2016"));
    assert_eq!(fx.build(&[]).code, 0);
    assert!(fx.page("index.html").contains("30 June 2016"), "--as-of wins");
}

/// Each error class of the content format: the change that breaks the
/// fixture, where the error must point, and what it must say.
const ERRORS: &[(&str, &str, &str, &str, &str)] = &[
    // (file, replace this, with this, expected location, expected words)
    (
        "ccgs/alpha/decisions.yaml",
        "    title: Extended hours hub",
        "    title: Extended hours hub\n    vaule_total: 3",
        "ccgs/alpha/decisions.yaml:17:5",
        "decision AL-2016-02: `vaule_total` is not a field here: the fields here are `id`",
    ),
    ("ccgs/alpha/ccg.yaml", "name: NHS Alpha CCG\n", "", "ccgs/alpha/ccg.yaml:1:1", "`name` is missing: it is required"),
    ("ccgs/alpha/decisions.yaml", "date: 2016-01-20", "date: 2016-02-30", "ccgs/alpha/decisions.yaml:15:11", "not a date"),
    (
        "ccgs/alpha/decisions.yaml",
        "category: procurement",
        "category: procurment",
        "ccgs/alpha/decisions.yaml:17:15",
        "`category` `procurment` is not one of `list-closure`",
    ),
    (
        "ccgs/alpha/decisions.yaml",
        "meeting: 2016-01-14",
        "meeting: 2016-01-15",
        "ccgs/alpha/decisions.yaml:7:14",
        "no ccgs/alpha/meetings/2016-01-15.md",
    ),
    (
        "ccgs/alpha/meetings/2016-01-14.md",
        "decision: AL-2016-01",
        "decision: AL-2016-99",
        "ccgs/alpha/meetings/2016-01-14.md:18:15",
        "decision `AL-2016-99`",
    ),
    (
        "ccgs/alpha/meetings/2016-01-14.md",
        "committee: pccc",
        "committee: pcc",
        "ccgs/alpha/meetings/2016-01-14.md:2:12",
        "no such committee",
    ),
    ("ccgs/alpha/ccg.yaml", "group: pair", "group: trio", "ccgs/alpha/ccg.yaml:16:12", "no folder groups/trio/"),
    ("ccgs/beta/ccg.yaml", "successor: alpha", "successor: gamma", "ccgs/beta/ccg.yaml:5:12", "no CCG folder ccgs/gamma/"),
    ("ccgs/beta/ccg.yaml", "ods_code: 99B", "ods_code: 99A", "ccgs/beta/ccg.yaml:2:11", "already used by ccgs/alpha/"),
    ("ccgs/alpha/decisions.yaml", "id: AL-2016-02", "id: AL-2016-01", "ccgs/alpha/decisions.yaml:14:9", "used twice"),
    ("ccgs/alpha/ccg.yaml", "to: 2015-12-31", "to: 2015-01-31", "ccgs/alpha/ccg.yaml:44:13", "ends (2015-01-31) before it starts"),
    (
        "ccgs/alpha/ccg.yaml",
        "    to: 2016-03-31\n  - level: delegated",
        "    to: 2016-04-30\n  - level: delegated",
        "ccgs/alpha/ccg.yaml:12:11",
        "periods overlap",
    ),
    (
        "ccgs/alpha/meetings/2016-01-14.md",
        "file: papers/2016-01-14/merger.pdf",
        "file: papers/2016-01-14/missing.pdf",
        "ccgs/alpha/meetings/2016-01-14.md:15:15",
        "does not exist",
    ),
    (
        "ccgs/alpha/meetings/2016-01-14.md",
        "file: papers/2016-01-14/merger.pdf",
        "file: ../beta/ccg.yaml",
        "ccgs/alpha/meetings/2016-01-14.md:15:15",
        "may not use `..`",
    ),
    (
        "ccgs/alpha/meetings/2016-01-14.md",
        "file: papers/2016-01-14/merger.pdf",
        "file: /etc/passwd",
        "ccgs/alpha/meetings/2016-01-14.md:15:15",
        "not an absolute path",
    ),
    (
        "ccgs/alpha/meetings/2016-01-14.md",
        "date: 2016-01-14",
        "date: 2016-01-13",
        "ccgs/alpha/meetings/2016-01-14.md:3:7",
        "the file name says 2016-01-14",
    ),
    (
        "ccgs/alpha/meetings/2016-01-14.md",
        "url: https://www.england.nhs.uk/commissioning/",
        "url: javascript:alert(1)",
        "ccgs/alpha/meetings/2016-01-14.md:17:14",
        "http or https",
    ),
    (
        "ccgs/alpha/meetings/2016-01-14.md",
        "    item: \"4.1\"",
        "    item: \"9\"",
        "ccgs/alpha/meetings/2016-01-14.md:27:12",
        "no such number",
    ),
    (
        "groups/pair/meetings/2016-01-14.md",
        "    title: Joint item",
        "    title: Joint item\n    decision: AL-2016-01",
        "groups/pair/meetings/2016-01-14.md:8:15",
        "cannot record a `decision`",
    ),
    (
        "groups/pair/group.yaml",
        "members: [alpha, beta]",
        "members: [alpha, beta, delta]",
        "groups/pair/group.yaml:2:24",
        "no CCG folder ccgs/delta/",
    ),
    (
        "ccgs/alpha/terms-of-reference.md",
        "committee: pccc",
        "committee: other",
        "ccgs/alpha/terms-of-reference.md:2:12",
        "no committee with that id",
    ),
    ("ccgs/alpha/ccg.yaml", "population: 120000", "population: [120000", "ccgs/alpha/ccg.yaml:4:13", "`population` must be a whole number"),
    ("pages/about.md", "---\ntitle", "title", "pages/about.md:1:1", "front matter"),
    (
        "ccgs/alpha/gifts-hospitality.yaml",
        "value: 45",
        "value: 45.123",
        "ccgs/alpha/gifts-hospitality.yaml:8:12",
        "at most two decimal places",
    ),
    ("ccgs/alpha/meetings/2016-01-14.md", "start: \"14:00\"", "start: \"2pm\"", "ccgs/alpha/meetings/2016-01-14.md:4:8", "not a time"),
    (
        "ccgs/alpha/ccg.yaml",
        "        chair: true\n        from: 2015-04-01",
        "        chair: true\n        from: 2015-04-01\n      - name: Second Chair\n        role: Chair\n        category: lay\n        chair: true",
        "ccgs/alpha/ccg.yaml:23:15",
        "at most one current chair",
    ),
    (
        "ccgs/alpha/interests.yaml",
        "    nil_return: true\n  - name: Exec Person",
        "  - name: Exec Person",
        "ccgs/alpha/interests.yaml:3:11",
        "no interests listed",
    ),
    ("ccgs/alpha/decisions.yaml", "value_annual: 250000.5", "value_annual: -3", "ccgs/alpha/decisions.yaml:27:21", "negative"),
    ("ccgs/alpha/ccg.yaml", "ods_code: 99A", "ods_code: 99A\nods_code: 99C", "ccgs/alpha/ccg.yaml:3:1", "`ods_code` is written twice"),
];

#[test]
fn every_error_class_is_refused_with_file_and_line() {
    let mut failures = Vec::new();
    for (file, from, to, location, words) in ERRORS {
        let fx = Fixture::new("minimal");
        // A built site exists before the failed build, and must survive it.
        assert_eq!(fx.build(&[]).code, 0);
        let before = all_files(&fx.site());
        fx.edit(file, from, to);
        let run = fx.build(&[]);
        let expected_loc = format!("{}/{location}", fx.content().display());
        // One cause, one message: nothing cascades from the broken file.
        let errors = run.stderr.matches(": error: ").count();
        if errors != 1 {
            failures.push(format!("{file}: {to:?}: {errors} errors reported, expected 1:\n{}", run.stderr));
        }
        if run.code != 1 {
            failures.push(format!("{file}: {to:?}: exit {} (expected 1)", run.code));
        } else if !run.stderr.contains(&format!("{expected_loc}: error: ")) || !run.stderr.contains(words) {
            failures.push(format!("{file}: {to:?}: expected `{location}` and {words:?} in:\n{}", run.stderr));
        }
        if all_files(&fx.site()) != before {
            failures.push(format!("{file}: {to:?}: the previous site was changed by a failed build"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn all_errors_of_a_run_are_reported() {
    let fx = Fixture::new("minimal");
    fx.edit("ccgs/alpha/decisions.yaml", "category: procurement", "category: nope");
    fx.edit("ccgs/beta/ccg.yaml", "successor: alpha", "successor: nowhere");
    fx.edit("groups/pair/group.yaml", "members: [alpha, beta]", "members: [alpha, beta]\ncolour: red");
    let run = fx.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("`category` `nope` is not one of"), "{}", run.stderr);
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
    assert!(run.stderr.contains("`colour` is not a field here"), "{}", run.stderr);
    assert!(run.stderr.contains("3 errors"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["build", "--as-of", "yesterday"]).code, 2);
    assert_eq!(run(&["frobnicate"]).code, 2);
    assert_eq!(run(&["build", "--no-such-flag"]).code, 2);
}

/// The progress bar's length is what a build then writes, page for page
/// and paper for paper (the bundled site: groups, terms, pages, papers).
#[test]
fn progress_is_planned_for_exactly_the_pages_and_papers_written() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    struct Count {
        planned: AtomicUsize,
        steps: AtomicUsize,
    }
    impl ccgpages::site::Progress for Count {
        fn planned(&self, total: usize) {
            self.planned.store(total, Ordering::Relaxed);
        }
        fn step(&self) {
            self.steps.fetch_add(1, Ordering::Relaxed);
        }
    }
    for content in [Fixture::new("minimal").content(), repo().join("content")] {
        let out = TempDir::new("planned");
        let opts = ccgpages::site::BuildOptions {
            content: content.clone(),
            output: out.path().join("site"),
            base_url: None,
            as_of: ccgpages::site::AsOf::fixed(ccgpages::model::Date::parse("2016-06-30").unwrap()),
        };
        let count = Count { planned: AtomicUsize::new(0), steps: AtomicUsize::new(0) };
        let report = ccgpages::site::build_with(&opts, &count).unwrap_or_else(|e| panic!("{e:?}"));
        let written = report.pages + report.copied;
        assert!(written > 10, "{}: {written}", content.display());
        assert_eq!(count.planned.load(Ordering::Relaxed), written, "{}", content.display());
        assert_eq!(count.steps.load(Ordering::Relaxed), written, "{}", content.display());
    }
}
