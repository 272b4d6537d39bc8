//! Interests and decisions linked to the GP practices they name
//! (`practices:`), which check 11 needs: `check` (and `build`) warn, with
//! the ODS code to add, where the words name a listed practice and
//! `practices:` does not; `import interests` fills it.

use crate::common::*;

/// Alpha's practices: its merger decision (AL-2016-01) names both in its
/// title, and Dr Gp Person's interest ("Partner, Example Surgery") the first.
fn practices(fx: &Fixture) {
    fx.write(
        "ccgs/alpha/practices.yaml",
        "updated: 2016-04-01\nentries:\n  - ods: E87001\n    name: Example Surgery\n  - ods: E87002\n    name: Sample Practice\n",
    );
}

const INTEREST_AT: &str = "ccgs/alpha/interests.yaml:13:22: warning: this interest names Example Surgery (E87001): add `practices: [E87001]` to this interest so check 11 can see it\n";
const DECISION_AT: &str = "ccgs/alpha/decisions.yaml:5:12: warning: decision `AL-2016-01` is about Example Surgery (E87001) and Sample Practice (E87002), which its title names: add `practices: [E87001, E87002]` to the decision so check 11 and the practice's page can see it\n";

#[test]
fn an_interest_and_a_decision_naming_a_practice_without_practices_are_warned_at_their_lines() {
    let fx = Fixture::new("minimal");
    // No practices listed: nothing to link to, nothing said.
    let before = fx.check(&[]);
    assert!(!before.stderr.contains("so check 11"), "{}", before.stderr);
    practices(&fx);
    let r = fx.check(&[]);
    assert_eq!(r.code, 0, "warnings only: {}", r.stderr);
    assert!(r.stderr.contains(INTEREST_AT), "{}", r.stderr);
    assert!(r.stderr.contains(DECISION_AT), "{}", r.stderr);
    assert_eq!(r.stderr.matches("so check 11").count(), 2, "{}", r.stderr);
    // build validates the same way, and says the same.
    let b = fx.build(&[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.stderr.contains(INTEREST_AT) && b.stderr.contains(DECISION_AT), "{}", b.stderr);

    // Linked: nothing to say.
    fx.edit("ccgs/alpha/decisions.yaml", "    summary: Approved", "    practices: [E87001, E87002]\n    summary: Approved");
    fx.edit(
        "ccgs/alpha/interests.yaml",
        "        action: Excluded from decisions about the practice\n",
        "        action: Excluded from decisions about the practice\n        practices: [E87001]\n",
    );
    let r = fx.check(&[]);
    assert!(!r.stderr.contains("so check 11"), "{}", r.stderr);

    // One of the two linked: the other is what to add.
    fx.edit("ccgs/alpha/decisions.yaml", "    practices: [E87001, E87002]\n", "    practices: [E87002]\n");
    let r = fx.check(&[]);
    assert!(
        r.stderr.contains(
            "ccgs/alpha/decisions.yaml:5:12: warning: decision `AL-2016-01` is about Example Surgery (E87001), which its title \
             names: its `practices` does not list it: make it `practices: [E87002, E87001]`"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_practice_named_by_its_code_or_in_a_summary_and_decisions_not_about_practices() {
    let fx = Fixture::new("minimal");
    practices(&fx);
    fx.edit("ccgs/alpha/decisions.yaml", "title: Merger of Example Surgery and Sample Practice", "title: Merger of two practices");
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "summary: Approved, subject to",
        "summary: Sample Practice (E87002) joins E87001. Approved, subject to",
    );
    fx.edit("ccgs/alpha/interests.yaml", "description: Partner, Example Surgery", "description: Partner (practice E87002)");
    // A decision of a kind not about practices (here `other`) may name one.
    fx.edit("ccgs/alpha/decisions.yaml", "title: Joint item recorded from the meeting in common", "title: Sample Practice visit noted");
    let r = fx.check(&[]);
    assert!(
        r.stderr.contains(
            "ccgs/alpha/decisions.yaml:9:5: warning: decision `AL-2016-01` is about Sample Practice (E87002) and Example Surgery \
             (E87001), which its summary names: add `practices: [E87002, E87001]`"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("ccgs/alpha/interests.yaml:13:22: warning: this interest names Sample Practice (E87002): add `practices: [E87002]`"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("AL-2016-03"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("so check 11").count(), 2, "{}", r.stderr);
}

#[test]
fn near_misses_draw_no_warning() {
    let fx = Fixture::new("minimal");
    fx.write(
        "ccgs/alpha/practices.yaml",
        "updated: 2016-04-01\nentries:\n  - ods: E87001\n    name: The Surgery\n  - ods: E87002\n    name: Example Surgery East\n  - ods: E87003\n    name: Health Centre\n",
    );
    // "Example Surgery" is the start of a listed name, not the name; the
    // others are common words.
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "title: Merger of Example Surgery and Sample Practice",
        "title: Merger of The Surgery and the health centre",
    );
    let r = fx.check(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("so check 11"), "{}", r.stderr);
}

/// A withheld person's interest that names a practice: the warning says
/// what to add, at its line, and never prints the name, in any format.
#[test]
fn a_warning_about_a_withheld_entry_does_not_name_the_person() {
    let fx = Fixture::new("minimal");
    practices(&fx);
    fx.edit(
        "ccgs/alpha/interests.yaml",
        "description: Shareholder in a provider",
        "description: Shareholder, Sample Practice, as Secretperson Holdings",
    );
    for format in [&[][..], &["--format", "github"][..], &["--format", "json"][..]] {
        let r = fx.check(format);
        let out = format!("{}{}", r.stdout, r.stderr);
        assert!(out.contains("this interest names Sample Practice (E87002): add `practices: [E87002]`"), "{format:?}: {out}");
        assert!(!out.contains("Secretperson") && !out.contains("Hidden"), "{format:?}: {out}");
    }
    let r = fx.check(&[]);
    assert!(r.stderr.contains("ccgs/alpha/interests.yaml:24:"), "{}", r.stderr);
}

/// `import interests`: a declared interest naming a practice listed in the
/// target CCG's practices.yaml, or another CCG's, by name or by code, gets
/// `practices:`; the import lists the rows it linked; `check` then has
/// nothing to say about them.
#[test]
fn import_interests_links_the_practices_a_row_names() {
    let fx = Fixture::new("minimal");
    practices(&fx);
    fx.write("ccgs/beta/practices.yaml", "updated: 2016-04-01\nentries:\n  - ods: B99001\n    name: Beta Green Practice\n");
    let sheet = fx.tmp.path().join("interests.csv");
    std::fs::write(
        &sheet,
        "Name,Current position(s),Declared interest,Type of interest,Date of interest: from,Date of interest: to,Action taken to mitigate risk\n\
         Dr Sam Sample,GP partner,\"Partner, BETA GREEN PRACTICE\",Financial,2009-04-01,,Takes no part\n\
         ,,Member of the local medical committee,Non-financial professional,2012-01-01,,None needed\n\
         Beta Chair,GP Chair,Spouse is a salaried GP at Example Surgery (E87001),Indirect,2015-01-01,,Declares it\n\
         Jo Other,Lay member,Patient at the surgery,Non-financial personal,2015-01-01,,None needed\n",
    )
    .unwrap();
    let content = fx.content();
    let r = run(&["import", "interests", sheet.to_str().unwrap(), "--ccg", "beta", "--content", content.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "Linked 2 interests to the GP practices they name (`practices:`), so check 11 can see them:\n  row 2: Beta Green Practice, B99001\n  row 4: Example Surgery, E87001\n"
        ),
        "{}",
        r.stderr
    );
    let written = fx.read("ccgs/beta/interests.yaml");
    assert!(
        written.contains("        description: Partner, BETA GREEN PRACTICE\n        from: 2009-04-01\n        action: Takes no part\n        practices: [B99001]\n"),
        "{written}"
    );
    assert!(
        written.contains("(E87001)\n        from: 2015-01-01\n        action: Declares it\n        practices: [E87001]\n"),
        "{written}"
    );
    assert_eq!(written.matches("practices:").count(), 2, "{written}");
    let check = fx.check(&[]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        !check.stderr.lines().any(|l| l.contains("ccgs/beta/interests.yaml:") && l.contains("this interest names")),
        "{}",
        check.stderr
    );

    // No practices listed anywhere: it links none, and says how to.
    std::fs::remove_file(fx.file("ccgs/alpha/practices.yaml")).unwrap();
    std::fs::remove_file(fx.file("ccgs/beta/practices.yaml")).unwrap();
    let r = run(&["import", "interests", sheet.to_str().unwrap(), "--ccg", "beta", "--content", content.to_str().unwrap(), "--stdout"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("practices:"), "{}", r.stdout);
    assert!(r.stderr.contains("note: no practices.yaml lists the CCGs' GP practices yet"), "{}", r.stderr);
    assert!(!r.stderr.contains("Linked"), "{}", r.stderr);
}
