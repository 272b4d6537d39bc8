//! A withheld person's name must reach the site in no spelling a person
//! could produce: in free text (minutes, YAML values, file names) `check`
//! and `build` refuse it at its place and the previous site is left as it
//! was; in fields that name a person it is published as "Name withheld".
//! Every output file is then scanned here, normalised independently of the
//! matcher and by it.

use crate::common::*;
use ccgpages::Withheld;
use unicode_normalization::UnicodeNormalization;

/// Spellings of the withheld names (`Dr Quentin Zyborg` and `Zoë Fenwick`
/// in the register): a label, the text, and where in it the name starts.
const VARIANTS: &[(&str, &str, &str)] = &[
    ("as in the register", "Dr Quentin Zyborg", ""),
    ("wrapped across two lines", "Dr Quentin\nZyborg", ""),
    ("other capitals", "DR QUENTIN ZYBORG", ""),
    ("no title", "Quentin Zyborg", ""),
    ("Dr.", "Dr. Quentin Zyborg", ""),
    ("double spaces", "Dr  Quentin  Zyborg", ""),
    ("a tab", "Dr\tQuentin Zyborg", ""),
    ("non-breaking spaces", "Dr\u{a0}Quentin\u{a0}Zyborg", ""),
    ("&nbsp;", "Dr&nbsp;Quentin&nbsp;Zyborg", ""),
    ("&#160;", "Dr&#160;Quentin&#xA0;Zyborg", ""),
    ("emphasis", "Dr *Quentin* Zyborg", ""),
    ("strong", "Dr **Quentin Zyborg**", ""),
    ("underscores", "Dr _Quentin_ Zyborg", ""),
    ("soft hyphens", "Dr Quen\u{ad}tin Zy\u{ad}borg", ""),
    ("zero-width space", "Dr Quen\u{200b}tin Zyborg", ""),
    ("zero-width joiner and non-joiner", "Dr Quen\u{200c}tin Zy\u{200d}borg", ""),
    ("word joiner", "Dr\u{2060} Quentin Zyborg", ""),
    ("NFD (the register is NFC)", "Zoe\u{308} Fenwick", ""),
    ("full-width letters", "ＤＲ ＱＵＥＮＴＩＮ ＺＹＢＯＲＧ", ""),
    ("title and surname", "Dr Zyborg", ""),
    ("another title and surname", "Mrs Zyborg", ""),
    ("in a URL", "https://example.org/team/quentin-zyborg", "quentin"),
    ("in a URL, escaped", "https://example.org/team/Dr%20Zyborg", "Dr"),
    ("an email address", "quentin.zyborg@example.nhs.uk", ""),
    ("a slug", "quentin_zyborg", ""),
];

/// The minimal fixture with two withheld people, built once.
fn fixture() -> Fixture {
    let fx = Fixture::new("minimal");
    fx.edit("ccgs/alpha/interests.yaml", "  - name: Hidden Secretperson", "  - name: Dr Quentin Zyborg");
    let register = fx.read("ccgs/alpha/interests.yaml");
    fx.write(
        "ccgs/alpha/interests.yaml",
        &format!("{register}  - name: Zoë Fenwick\n    roles: [Contracts officer]\n    withheld: true\n    nil_return: true\n"),
    );
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    fx
}

/// `check` and `build` both fail saying `expect`, and the site built before
/// is left as it was.
#[track_caller]
fn refused(fx: &Fixture, label: &str, expect: &str) {
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{label}: check passed\n{}", check.stderr);
    assert!(check.stderr.contains(expect), "{label}: expected {expect:?} in\n{}", check.stderr);
    let before = all_files(&fx.site());
    let build = fx.build(&[]);
    assert_eq!(build.code, 1, "{label}: build passed\n{}", build.stderr);
    assert!(build.stderr.contains(expect), "{label}: expected {expect:?} in\n{}", build.stderr);
    assert!(all_files(&fx.site()) == before, "{label}: the site built before changed");
}

const IN_TEXT: &str = "error: this text names a person whose register entry is withheld";

/// Where a variant's name starts, in characters.
fn start(v: &str, at: &str) -> usize {
    v[..v.find(at).unwrap()].chars().count()
}

#[test]
fn every_spelling_in_minutes_is_refused_at_its_line_and_column() {
    let fx = fixture();
    let rel = "ccgs/alpha/meetings/2016-01-14.md";
    let original = fx.read(rel);
    let line = original.lines().count() + 2;
    for (label, v, at) in VARIANTS {
        fx.write(rel, &format!("{original}\nThe chair thanked {v} for the report.\n"));
        let col = "The chair thanked ".len() + 1 + start(v, at);
        refused(&fx, label, &format!("meetings/2016-01-14.md:{line}:{col}: {IN_TEXT}"));
    }
    // A link's words read as one with the text after it, and its target on its own.
    fx.write(rel, &format!("{original}\nThanks to [Dr Quentin](https://example.org/) Zyborg.\n"));
    refused(&fx, "a link", &format!("meetings/2016-01-14.md:{line}:12: {IN_TEXT}"));
    fx.write(rel, &format!("{original}\nSee [the report](https://example.org/quentin-zyborg.pdf).\n"));
    refused(&fx, "a link's target", &format!("meetings/2016-01-14.md:{line}:5: {IN_TEXT}"));
    // Terms of reference and pages are read the same way.
    fx.write(rel, &original);
    fx.edit("pages/about.md", "A fixture.", "A fixture by Dr *Zyborg*.");
    refused(&fx, "a page", &format!("pages/about.md:6:14: {IN_TEXT}"));
}

#[test]
fn every_spelling_in_a_yaml_value_is_refused_at_its_line_and_column() {
    let fx = fixture();
    let rel = "ccgs/alpha/decisions.yaml";
    let original = fx.read(rel);
    let line = original.lines().position(|l| l.contains("title: Extended hours hub")).unwrap() + 2;
    for (label, v, at) in VARIANTS {
        // A folded scalar holds any of them as written.
        let value = v.replace('\n', "\n      ");
        fx.write(rel, &original.replace("title: Extended hours hub", &format!("title: >-\n      Extended hours hub, thanks to {value}")));
        let col = "      Extended hours hub, thanks to ".len() + 1 + start(v, at);
        refused(&fx, label, &format!("decisions.yaml:{line}:{col}: {IN_TEXT}"));
    }
    // A YAML escape spells the name too: pointed at its key's line.
    fx.write(rel, &original.replace("title: Extended hours hub", "title: \"Hub, thanks to Dr\\u00a0Zyborg\""));
    refused(&fx, "a YAML escape", &format!("decisions.yaml:{}:", line - 1));
    // Other free-text fields, in other files: a meeting's front matter, a gift, a summary.
    fx.write(rel, &original);
    fx.edit("ccgs/alpha/meetings/2016-01-14.md", "venue: Board room, 1 Example Street", "venue: Dr Zyborg's surgery");
    refused(&fx, "a venue", &format!("meetings/2016-01-14.md:6:8: {IN_TEXT}"));
    fx.edit("ccgs/alpha/meetings/2016-01-14.md", "venue: Dr Zyborg's surgery", "venue: Board room, 1 Example Street");
    fx.edit("ccgs/alpha/gifts-hospitality.yaml", "description: Dinner", "description: Dinner with\n      Mr  Zyborg");
    refused(&fx, "a gift's description", &format!("gifts-hospitality.yaml:8:7: {IN_TEXT}"));
    fx.edit("ccgs/alpha/gifts-hospitality.yaml", "description: Dinner with\n      Mr  Zyborg", "description: Dinner");
    fx.edit(rel, "subject to *patient engagement*.", "subject to [Dr Quentin](https://x.org/) Zyborg.");
    refused(&fx, "a summary (Markdown)", "decisions.yaml:9:");
}

#[test]
fn every_spelling_in_a_file_or_folder_name_is_refused() {
    let fx = fixture();
    for (label, v, _) in VARIANTS {
        let name = format!("{}.pdf", v.replace('\n', " ").replace('/', "-"));
        let rel = format!("ccgs/alpha/papers/2016-01-14/{name}");
        fx.write(&rel, "%PDF-1.4\n");
        // The message masks the name (each of its characters as `█`).
        let masked = masked_as_shown(&name);
        refused(
            &fx,
            label,
            &format!("papers/2016-01-14/{masked}: error: this file's name names a person whose register entry is withheld"),
        );
        std::fs::remove_file(fx.file(&rel)).unwrap();
    }
    // A meeting's and a page's file names are their addresses.
    let meeting = fx.read("ccgs/alpha/meetings/2016-01-14.md");
    fx.write("ccgs/alpha/meetings/2016-01-14-dr-zyborg.md", &meeting);
    refused(&fx, "a meeting file", "meetings/2016-01-14-█████████.md: error: this file's name names a person");
    std::fs::remove_file(fx.file("ccgs/alpha/meetings/2016-01-14-dr-zyborg.md")).unwrap();
    fx.write("pages/quentin-zyborg.md", "---\ntitle: A page\n---\nText.\n");
    refused(&fx, "a page file", "pages/██████████████.md: error: this file's name names a person");
    std::fs::remove_file(fx.file("pages/quentin-zyborg.md")).unwrap();
    fx.write("ccgs/alpha/papers/Dr Zyborg/a.pdf", "%PDF-1.4\n");
    fx.write("ccgs/alpha/papers/Dr Zyborg/b.pdf", "%PDF-1.4\n");
    let check = fx.check(&[]);
    assert_eq!(check.stderr.matches("this folder's name names a person").count(), 1, "a folder is reported once\n{}", check.stderr);
    refused(&fx, "a folder", "papers/█████████: error: this folder's name names a person");
}

/// `file` as a diagnostic shows it: the withheld name in it masked.
fn masked_as_shown(file: &str) -> String {
    let w = Withheld::new(["Dr Quentin Zyborg", "Zoë Fenwick"]);
    ccgpages::diag::mask_text(&w, file).unwrap_or_else(|| file.to_owned())
}

/// The text of an output file the way a person would read it, crudely and
/// independently of the matcher: NFKC, lower case, letters and digits only.
fn crude(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).nfkc().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

#[test]
fn name_fields_in_any_spelling_publish_name_withheld_and_the_name_is_in_no_file() {
    let fx = fixture();
    let originals: Vec<(&str, String)> = [
        "ccgs/alpha/ccg.yaml",
        "ccgs/alpha/meetings/2016-01-14.md",
        "ccgs/alpha/decisions.yaml",
        "ccgs/alpha/gifts-hospitality.yaml",
        "ccgs/alpha/interests.yaml",
    ]
    .into_iter()
    .map(|rel| (rel, fx.read(rel)))
    .collect();
    let matcher = Withheld::new(["Dr Quentin Zyborg", "Zoë Fenwick"]);
    let names = [
        "Dr Quentin Zyborg",
        "DR QUENTIN ZYBORG",
        "Quentin Zyborg",
        "Dr. Quentin Zyborg",
        "Dr  Quentin  Zyborg",
        "Dr\u{a0}Quentin Zyborg",
        "Dr&nbsp;Quentin Zyborg",
        "Dr *Quentin* Zyborg",
        "Dr Quen\u{ad}tin Zyborg",
        "Dr Quen\u{200b}tin Zyborg",
        "Zoe\u{308} Fenwick",
        "ＤＲ ＱＵＥＮＴＩＮ ＺＹＢＯＲＧ",
        "Dr Zyborg",
        "Prof. Zyborg",
        "Dr Quentin Zyborg (GP member)",
    ];
    for name in names {
        for (rel, text) in &originals {
            fx.write(rel, text);
        }
        let q = format!("\"{name}\"");
        fx.edit(
            "ccgs/alpha/ccg.yaml",
            "      - name: Former Person",
            &format!("      - name: {q}\n        role: GP member\n        category: clinical\n      - name: Former Person"),
        );
        fx.edit("ccgs/alpha/meetings/2016-01-14.md", "present: [Lay Chair Person,", &format!("present: [{q}, Lay Chair Person,"));
        // Spelt differently again, with no register entry of its own: the
        // checks that name who is missing from the register name them as published.
        fx.edit("ccgs/alpha/meetings/2016-01-14.md", "declarations:\n", &format!("declarations:\n  - name: {q}\n    interest: Shareholder\n    action: Left\n  - name: Mr Zyborg\n    interest: Shareholder\n    action: Left\n"));
        fx.edit(
            "ccgs/alpha/ccg.yaml",
            "      - name: Former Person",
            "      - name: Mx. Zyborg\n        role: GP member\n        category: clinical\n      - name: Former Person",
        );
        fx.edit(
            "ccgs/alpha/decisions.yaml",
            "    conflicts:\n",
            &format!("    conflicts:\n      - name: {q}\n        interest: Shareholder\n        action: Left\n"),
        );
        fx.edit(
            "ccgs/alpha/decisions.yaml",
            "      procedure: Open tender",
            &format!("      procedure: Open tender\n      clinical_lead: {q}\n      contract_manager: {q}"),
        );
        fx.edit("ccgs/alpha/gifts-hospitality.yaml", "  - name: Exec Person", &format!("  - name: {q}\n    role: GP member\n    date: 2015-11-01\n    offered_by: Example Ltd\n    description: Lunch\n    accepted: true\n  - name: Exec Person"));
        // The same person again in the register, not marked withheld: withheld all the same.
        let register = fx.read("ccgs/alpha/interests.yaml");
        fx.write("ccgs/alpha/interests.yaml", &format!("{register}  - name: {q}\n    roles: [Secret role]\n    interests:\n      - type: financial\n        description: Secret shares\n        action: None\n"));

        let run = fx.build(&[]);
        assert_eq!(run.code, 0, "{name:?}: {}", run.stderr);
        assert!(fx.page("ccgs/alpha/meetings/2016-01-14/index.html").contains("Name withheld"), "{name:?}");
        for (path, bytes) in all_files(&fx.site()) {
            assert_eq!(matcher.find_in_output(&path, Some(&bytes)), None, "{name:?}: {path} names a withheld person");
            let text = crude(&bytes);
            for word in ["zyborg", "fenwick", "secretrole", "secretshares"] {
                assert!(!text.contains(word), "{name:?}: {path} holds {word:?}");
            }
        }
        // The entry is withheld in full (`withheld: true`): nor what they declared.
        let csv = fx.page("ccgs/alpha/decisions.csv");
        assert!(csv.contains("Name withheld: details withheld"), "{name:?}: {csv}");
        let ccg = fx.page("ccgs/alpha/index.html");
        assert!(
            ccg.contains("declarations are recorded for Name withheld, who has no interests in the register")
                && ccg.contains("the register has no entry, with interests or a nil return, for Name withheld"),
            "{name:?}: the checks name them as published"
        );
        assert!(ccg.matches("Name withheld").count() >= 3, "{name:?}: member, gift and register entries");
    }
}

#[test]
fn a_name_only_the_published_site_shows_still_stops_the_build() {
    // A theme template is not content, but it is published: check reads the
    // site's own templates too and points at the one that names the
    // person (issue 23: check fails wherever build would), and the build
    // refuses the same and publishes nothing.
    let fx = fixture();
    let template = std::fs::read_to_string(repo().join("themes/default/templates/404.html")).unwrap();
    let theme = fx.tmp.path().join("themes/default/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("404.html"), template.replace("Page not found", "Ask Dr&nbsp;Zyborg")).unwrap();
    let said = "themes/default/templates/404.html:";
    let check = fx.check(&[]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains(said) && check.stderr.contains("this theme template prints the name of a person"), "{}", check.stderr);
    let before = all_files(&fx.site());
    let run = fx.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(said) && run.stderr.contains("this theme template prints the name of a person"), "{}", run.stderr);
    assert!(all_files(&fx.site()) == before, "the site built before changed");
}

/// Independent of the matcher, cruder than [`crude`]: compatibility
/// decomposition, accents dropped, lower case, letters and digits only.
fn folded(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Register names with more than the name in them, and name fields written
/// the ways registers and minutes write names: all published as "Name
/// withheld", no person page, and the name in no output file.
#[test]
fn names_as_registers_write_them_are_withheld_everywhere() {
    let fx = fixture();
    let originals: Vec<(&str, String)> =
        ["ccgs/alpha/ccg.yaml", "ccgs/alpha/meetings/2016-01-14.md", "ccgs/alpha/decisions.yaml", "ccgs/alpha/interests.yaml"]
            .into_iter()
            .map(|rel| (rel, fx.read(rel)))
            .collect();
    let spellings = [
        "ZYBORG, Dr Quentin",
        "Zyborg, Quentin",
        "Dr Quentin J Zyborg",
        "Quentin Adam Zyborg",
        "Dr Q. Zyborg",
        "Dr Q. A. Zyborg",
        "Zyborg Q (Dr)",
        "Dr Z\u{443}borg",
        "Dr \u{202e}Quentin Zyborg\u{202c}",
        "Quentin Zyborg FCA",
        "Zoe Fenwick",
        "Zoë FENWICK",
    ];
    for register in ["Quentin Zyborg FCA", "Dr Quentin Zyborg, GP partner", "Dr Quentin Zyborg - Chair", "ZYBORG, Dr Quentin"] {
        for (rel, text) in &originals {
            fx.write(rel, text);
        }
        fx.edit("ccgs/alpha/interests.yaml", "  - name: Dr Quentin Zyborg", &format!("  - name: \"{register}\""));
        let members: String =
            spellings.iter().map(|s| format!("      - name: \"{s}\"\n        role: GP member\n        category: clinical\n")).collect();
        fx.edit("ccgs/alpha/ccg.yaml", "      - name: Former Person", &format!("{members}      - name: Former Person"));
        let present: String = spellings.iter().map(|s| format!("\"{s}\", ")).collect();
        fx.edit("ccgs/alpha/meetings/2016-01-14.md", "present: [Lay Chair Person,", &format!("present: [{present}Lay Chair Person,"));
        let declared: String =
            spellings.iter().map(|s| format!("  - name: \"{s}\"\n    interest: Shareholder\n    action: Left\n")).collect();
        fx.edit("ccgs/alpha/meetings/2016-01-14.md", "declarations:\n", &format!("declarations:\n{declared}"));
        let conflicts: String =
            spellings.iter().map(|s| format!("      - name: \"{s}\"\n        interest: Shareholder\n        action: Left\n")).collect();
        fx.edit("ccgs/alpha/decisions.yaml", "    conflicts:\n", &format!("    conflicts:\n{conflicts}"));

        let run = fx.build(&[]);
        assert_eq!(run.code, 0, "{register:?}: {}", run.stderr);
        let matcher = Withheld::new([register, "Zoë Fenwick"]);
        for (path, bytes) in all_files(&fx.site()) {
            assert_eq!(matcher.find_in_output(&path, Some(&bytes)), None, "{register:?}: {path} names a withheld person");
            let (text, path_text) = (folded(&bytes), folded(path.as_bytes()));
            for word in ["zyborg", "zуborg", "fenwick", "quentin"] {
                assert!(!text.contains(word) && !path_text.contains(word), "{register:?}: {path} holds {word:?}");
            }
        }
        assert!(fx.page("ccgs/alpha/meetings/2016-01-14/index.html").contains("Name withheld"), "{register:?}");
        let people = fx.site().join("ccgs/alpha/people");
        assert!(people.is_dir() && !people.join("quentin-zyborg").exists() && !people.join("zyborg-dr-quentin").exists(), "{register:?}");
    }
}

#[test]
fn spellings_in_minutes_that_registers_and_mail_use_are_refused() {
    let fx = fixture();
    let register = fx.read("ccgs/alpha/interests.yaml");
    fx.write(
        "ccgs/alpha/interests.yaml",
        &format!("{register}  - name: Seán O'Neill\n    roles: [Contracts officer]\n    withheld: true\n    nil_return: true\n"),
    );
    let rel = "ccgs/alpha/meetings/2016-01-14.md";
    let original = fx.read(rel);
    let line = original.lines().count() + 2;
    for v in [
        "ZYBORG, Dr Quentin",
        "Dr Quentin J Zyborg",
        "Quentin Adam Zyborg",
        "Dr Q. Zyborg",
        "Zyborg Q (Dr)",
        "Zoe Fenwick",
        "sean.oneill@nhs.net",
        "soneill@nhs.net",
        "Sean ONeill",
        "qzyborg@nhs.net",
        "Dr Z\u{443}borg",
        "Dr Zy\u{301}borg",
    ] {
        fx.write(rel, &format!("{original}\nThe chair thanked {v} for the report.\n"));
        let col = "The chair thanked ".len() + 1;
        refused(&fx, v, &format!("meetings/2016-01-14.md:{line}:{col}: {IN_TEXT}"));
    }
    fx.write(rel, &format!("{original}\nDr Zyborgson attended.\n"));
    let check = fx.check(&[]);
    assert_eq!(check.code, 0, "another name: {}", check.stderr);
}

const ALONE: &str = "this text holds, on its own, the surname of a person whose register entry is withheld";

/// A surname alone: an error; a warning when someone else named in the
/// content has it; as the entry says when it says.
#[test]
fn a_surname_alone_is_an_error_unless_shared_or_allowed() {
    let fx = fixture();
    let rel = "ccgs/alpha/meetings/2016-01-14.md";
    let original = fx.read(rel);
    let line = original.lines().count() + 2;
    fx.write(rel, &format!("{original}\nThe chair thanked Zyborg for the report.\n"));
    refused(&fx, "a surname alone", &format!("meetings/2016-01-14.md:{line}:19: error: {ALONE}"));
    fx.edit("ccgs/alpha/decisions.yaml", "title: Extended hours hub", "title: Extended hours hub at the Zyborg centre");
    let check = fx.check(&[]);
    assert!(check.stderr.contains(&format!("decisions.yaml:16:38: error: {ALONE}")), "{}", check.stderr);
    fx.edit("ccgs/alpha/decisions.yaml", "title: Extended hours hub at the Zyborg centre", "title: Extended hours hub");
    let messages = check.stderr.lines().filter(|l| l.contains(ALONE));
    assert!(
        messages.clone().count() == 2 && messages.clone().all(|l| !l.contains("Zyborg")),
        "the messages do not name the person: {}",
        check.stderr
    );

    // Someone else of that name is a member: a warning, and she is published.
    let ccg = fx.read("ccgs/alpha/ccg.yaml");
    fx.edit(
        "ccgs/alpha/ccg.yaml",
        "      - name: Former Person",
        "      - name: Anna Zyborg\n        role: Lay member\n        category: lay\n      - name: Former Person",
    );
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("meetings/2016-01-14.md:{line}:19: warning: {ALONE}")), "{}", run.stderr);
    assert!(fx.page("ccgs/alpha/index.html").contains("Anna Zyborg"), "another person");

    // The entry says so: nothing to say.
    fx.write("ccgs/alpha/ccg.yaml", &ccg);
    fx.edit("ccgs/alpha/interests.yaml", "  - name: Dr Quentin Zyborg\n", "  - name: Dr Quentin Zyborg\n    surname_alone: allowed\n");
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains(ALONE), "{}", run.stderr);
    // Allowed alone, never with a title.
    fx.write(rel, &format!("{original}\nThe chair thanked Dr Zyborg for the report.\n"));
    refused(&fx, "allowed alone, not with a title", &format!("meetings/2016-01-14.md:{line}:19: {IN_TEXT}"));
}
