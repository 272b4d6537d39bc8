//! People and practices: `practices.yaml` and the `practices` lists that
//! name its codes, the warning for names that differ only by a title, the
//! person and practice pages, the national register of interests and the
//! lookup on the home page.

mod common;

use common::*;

const PRACTICES: &str = "updated: 2016-04-01
entries:
  - ods: E87001
    name: Example Surgery
    address: 1 Example Street, Alphatown
    postcode: NW1 5AB
    contract: pms
    to: 2016-03-31
    merged_into: E87002
  - ods: E87002
    name: Sample Practice
    postcode: NW1 6CD
    contract: gms
";

/// The minimal fixture with alpha's practices, the merger decision naming
/// both and Dr Gp Person's partnership naming Example Surgery.
pub(crate) fn with_practices() -> Fixture {
    let fx = Fixture::new("minimal");
    fx.write("ccgs/alpha/practices.yaml", PRACTICES);
    fx.edit("ccgs/alpha/decisions.yaml", "    summary: Approved", "    practices: [E87001, E87002]\n    summary: Approved");
    fx.edit(
        "ccgs/alpha/interests.yaml",
        "        action: Excluded from decisions about the practice\n",
        "        action: Excluded from decisions about the practice\n        practices: [E87001]\n",
    );
    fx
}

#[test]
fn practices_build_and_an_unknown_code_is_an_error_with_a_suggestion() {
    let fx = with_practices();
    let ok = fx.check(&[]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    fx.edit("ccgs/alpha/decisions.yaml", "practices: [E87001, E87002]", "practices: [E87001, E87012]");
    fx.edit("ccgs/alpha/interests.yaml", "practices: [E87001]", "practices: [e87001]");
    let bad = fx.check(&[]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(bad.stderr.contains("decisions.yaml:9:"), "{}", bad.stderr);
    assert!(bad.stderr.contains("names `E87012`, but no CCG's practices.yaml lists"), "{}", bad.stderr);
    assert!(bad.stderr.contains("did you mean `E87002` (Sample Practice, ccgs/alpha/practices.yaml)?"), "{}", bad.stderr);
    assert!(bad.stderr.contains("did you mean `E87001` (Example Surgery"), "{}", bad.stderr);
}

#[test]
fn an_ods_code_is_unique_across_the_site_and_a_postcode_is_checked() {
    let fx = with_practices();
    fx.write("ccgs/beta/practices.yaml", "updated: 2016-04-01\nentries:\n  - ods: E87002\n    name: Again\n    postcode: ZZ\n");
    let run = fx.check(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("ccgs/beta/practices.yaml:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("ODS code `E87002` is already listed in ccgs/alpha/practices.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("`ZZ` is not a UK postcode"), "{}", run.stderr);
}

#[test]
fn names_that_differ_only_by_title_case_or_spacing_are_warned_of() {
    let fx = Fixture::new("minimal");
    fx.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "present: [Lay Chair Person, Exec Person, Dr Gp Person]",
        "present: [Lay Chair Person, exec  person, Gp Person]",
    );
    let run = fx.check(&[]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    assert!(run.stderr.contains("`exec person` and `Exec Person` differ only by a title, capitals or spacing"), "{}", run.stderr);
    assert!(run.stderr.contains("`Gp Person` and `Dr Gp Person` differ only"), "{}", run.stderr);
    assert!(run.stderr.contains("meetings/2016-01-14.md:"), "{}", run.stderr);
    // Spacing alone is the same person: no warning.
    let fx = Fixture::new("minimal");
    fx.edit("ccgs/alpha/meetings/2016-01-14.md", "Exec Person, Dr Gp Person]", "Exec  Person, Dr Gp Person]");
    assert!(!fx.check(&[]).stderr.contains("differ only"));
}
