//! `ccgpages import`: registers in NHS England's template layouts, as
//! .xlsx, .ods and .csv files committed in tests/fixtures/sheets/ (made by
//! tests/import_sheets.py with openpyxl and odfpy: run it again after
//! changing it, `python3 tests/import_sheets.py tests/fixtures/sheets`),
//! imported into a copy of the minimal fixture; every field of every row
//! compared, and `check` run on the result.

use std::path::PathBuf;

use crate::common::{Fixture, TempDir, repo, run};

/// The committed spreadsheets.
fn sheets() -> PathBuf {
    repo().join("tests/fixtures/sheets")
}

fn sheet(name: &str) -> String {
    sheets().join(name).to_str().unwrap().to_owned()
}

const INTERESTS: &str = "\
entries:
  - name: Dr Sam Sample
    roles: [GP partner, Governing Body member]
    interests:
      - type: financial
        description: \"Partner, Example Surgery: PMS contract\"
        from: 2009-04-01
        action: Takes no part in decisions about the practice
      - type: non-financial-professional
        description: Member of the local medical committee
        from: 2012-01-01
        to: 2015-06-30
        action: None needed
  - name: Jane Example
    roles: [\"Lay member, Chair\"]
    nil_return: true
  - name: Beta Chair
    roles: [GP Chair]
    interests:
      - type: indirect
        description: Spouse is a director of Acme Ltd, a \"care home\" company
        from: 2016-03-03
        action: Declared at each meeting; takes no part
      - type: non-financial-personal
        description: \"Trustee, Riverside Mind #2\"
        from: 2015-04-01
        action: None needed
";

const GIFTS: &str = "\
entries:
  - name: Beta Chair
    role: GP Chair
    date: 2015-06-02
    offered_by: \"Example Pharma Ltd: pharmaceuticals\"
    description: Dinner at a clinical education event
    value: 45
    accepted: false
    notes: Under the CCG's policy
  - name: Beta Chair
    role: GP Chair
    date: 2015-07-13
    offered_by: Acme Events Ltd
    description: Conference place and lunch
    value: 1250.50
    accepted: true
    notes: \"Relevant training; Previous offers: One dinner in 2014; Reported to the board\"
  - name: Jo Officer
    role: Head of Primary Care
    date: 2016-03-03
    offered_by: Acme Ltd
    description: Bottle of wine
    accepted: false
";

const DECISIONS: &str = "\
entries:
  - id: BT-PC-2016-001
    date: 2016-01-15
    title: Extended-hours primary care, Hub A
    category: procurement
    outcome: approved
    summary: |-
      Decision-making process: Primary Care Commissioning Committee, 15 January 2016

      Conflicts of interest noted: Beta Chair is a member of the federation bidding

      Actions taken to mitigate: Beta Chair left the room and did not vote
    procurement:
      reference: BT/PC/2016/001
      description: Evening and weekend GP appointments
      existing_contract: false
      procedure: Open tender
      clinical_lead: Dr Alex Lead
      contract_manager: Jo Manager
      supplier: Beta GP Federation Ltd
      supplier_address: 1 Example Road, Leeds LS1 1AA
      value_total: 1250000
      justification: No member with an interest took part in the decision
  - id: BT-PC-2016-002
    date: 2016-03-03
    title: \"Practice premises: Beta Health Centre\"
    category: procurement
    route: urgent
    outcome: approved
    summary: |-
      Decision-making process: Urgent decision by the chair and chief officer

      Existing contract or new procurement: Existing – extension of the 2013 lease

      Comments: Five-year term
    procurement:
      reference: BT-PC-2016-002
      description: Rent review
      existing_contract: true
      procedure: Direct award
      supplier: Acme Estates
      value_total: 250000
";

/// `ccgpages import KIND FILE --ccg beta --content …` with SOURCE_DATE_EPOCH
/// fixed (2016-07-01), plus `extra`.
fn import(f: &Fixture, kind: &str, file: &str, extra: &[&str]) -> crate::common::Run {
    import_to(f, "beta", kind, file, extra)
}

fn import_to(f: &Fixture, ccg: &str, kind: &str, file: &str, extra: &[&str]) -> crate::common::Run {
    let content = f.content();
    let mut args = vec!["import", kind, file, "--ccg", ccg, "--content", content.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = std::process::Command::new(crate::common::BIN)
        .args(&args)
        .env("SOURCE_DATE_EPOCH", "1467331200")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    crate::common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn every_register_in_every_format_imports_field_for_field_and_passes_check() {
    for ext in ["xlsx", "ods", "csv"] {
        let f = Fixture::new("minimal");
        let before = f.check(&[]);
        assert_eq!(before.code, 0, "{}", before.stderr);
        assert!(
            before.stderr.contains("beta (check 6: Everyone declared): not met: no register of interests is published here"),
            "{}",
            before.stderr
        );
        for (kind, file, want, counts, rows) in [
            ("interests", "interests.yaml", INTERESTS, "3 people, 4 interests, 1 nil return", "rows 6 to 11"),
            ("gifts", "gifts-hospitality.yaml", GIFTS, "3 offers (1 accepted, 2 declined)", "rows 4 to 7"),
            ("decisions", "decisions.yaml", DECISIONS, "2 decisions", "rows 5 to 6"),
        ] {
            let source = format!("{kind}.{ext}");
            let r = import(&f, kind, &sheet(&source), &[]);
            assert_eq!(r.code, 0, "{source}: {}", r.stderr);
            let written = f.read(&format!("ccgs/beta/{file}"));
            let (head, body) = written.split_once("updated: 2016-07-01\n").unwrap_or_else(|| panic!("{source}: {written}"));
            assert_eq!(body, want, "{source}");
            let sheet_part = if ext == "csv" { String::new() } else { format!(", sheet “{}”", sheet_name(kind)) };
            // Row numbers as the spreadsheet shows them, blank rows counted (in CSV too).
            assert!(head.contains(&format!("# from {source}{sheet_part}, {rows}.\n")), "{source}: {head}");
            assert!(head.contains("imported on 2016-07-01 with"), "{head}");
            assert!(r.stderr.contains(&format!("Wrote {}", f.file(&format!("ccgs/beta/{file}")).display())), "{}", r.stderr);
            assert!(r.stderr.contains(counts), "{source}: {}", r.stderr);
            assert_eq!(r.stdout.trim(), f.file(&format!("ccgs/beta/{file}")).display().to_string());
        }
        let after = f.check(&[]);
        assert_eq!(after.code, 0, "{ext}: {}", after.stderr);
        assert!(after.stderr.contains("0 errors, 1 warning in 15 files"), "{ext}: {}", after.stderr);
        // The registers now count: everyone on beta's committee has declared.
        assert!(!after.stderr.contains("beta (check 6"), "{}", after.stderr);
    }
}

fn sheet_name(kind: &str) -> &'static str {
    match kind {
        "interests" => "Register of interests",
        "gifts" => "Gifts and hospitality",
        _ => "Procurement decisions",
    }
}

#[test]
fn rows_that_cannot_be_imported_are_listed_and_nothing_is_written() {
    let f = Fixture::new("minimal");
    let bad = sheet("bad-interests.xlsx");
    let r = import(&f, "interests", &bad, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("2 rows could not be imported:"), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "sheet “Register of interests”, row 4, column H (Date of Interest: From): `31/02/2016` is not a real date: check the day, month and year"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "sheet “Register of interests”, row 6, column D (Type of Interest: Financial Interests): the type of interest is empty"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Nothing was written"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(!f.file("ccgs/beta/interests.yaml").exists());

    // --force writes the rows that could be imported, and says so at the top.
    let r = import(&f, "interests", &bad, &["--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = f.read("ccgs/beta/interests.yaml");
    assert!(written.contains("# 2 rows could not be imported and are left out"), "{written}");
    assert!(written.ends_with("entries:\n  - name: Jane Example\n    roles: [\"Lay member, Chair\"]\n    nil_return: true\n"), "{written}");
    assert_eq!(f.check(&[]).code, 0);
}

#[test]
fn an_existing_register_is_not_replaced_unless_asked() {
    let f = Fixture::new("minimal");
    f.write("ccgs/beta/interests.yaml", "updated: 2016-01-01\nentries: []\n");
    let r = import(&f, "interests", &sheet("interests.xlsx"), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("interests.yaml already exists: not replacing it. Add --overwrite"), "{}", r.stderr);
    assert_eq!(f.read("ccgs/beta/interests.yaml"), "updated: 2016-01-01\nentries: []\n");

    let r = import(&f, "interests", &sheet("interests.xlsx"), &["--overwrite", "--updated", "2016-06-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(f.read("ccgs/beta/interests.yaml").ends_with(&format!("updated: 2016-06-01\n{INTERESTS}")));
}

#[test]
fn stdout_prints_the_register_and_writes_nothing() {
    let f = Fixture::new("minimal");
    let r = import(&f, "gifts", &sheet("gifts.ods"), &["--stdout"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("# The register of gifts and hospitality, imported on 2016-07-01 with `ccgpages import gifts`\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with(&format!("updated: 2016-07-01\n{GIFTS}")), "{}", r.stdout);
    assert!(!f.file("ccgs/beta/gifts-hospitality.yaml").exists());
    // Also over a register that exists, which it leaves alone.
    let before = f.read("ccgs/alpha/gifts-hospitality.yaml");
    let r = import_to(&f, "alpha", "gifts", &sheet("gifts.ods"), &["--stdout"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.ends_with(GIFTS));
    assert_eq!(f.read("ccgs/alpha/gifts-hospitality.yaml"), before);
}

#[test]
fn usage_errors_are_plain() {
    let f = Fixture::new("minimal");
    let content = f.content();
    let r = run(&["import", "interests", &sheet("interests.xlsx"), "--ccg", "gamma", "--content", content.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--ccg: there is no CCG `gamma`") && r.stderr.contains("the CCGs are: alpha, beta"), "{}", r.stderr);
    let r = import(&f, "interests", &sheet("interests.xlsx"), &["--sheet", "2017"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("there is no sheet “2017”; the sheets are “Instructions”, “Register of interests”"), "{}", r.stderr);
    let r = import(&f, "gifts", &sheet("interests.xlsx"), &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("could not find the heading row of the register of gifts and hospitality"), "{}", r.stderr);
    let tmp = TempDir::new("import-notes");
    let notes = tmp.path().join("notes.docx");
    std::fs::write(&notes, "x").unwrap();
    let r = import(&f, "gifts", notes.to_str().unwrap(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not a spreadsheet ccgpages can read"), "{}", r.stderr);
}
