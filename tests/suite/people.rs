//! People and practices: `practices.yaml` and the `practices` lists that
//! name its codes, the warning for names that differ only by a title, the
//! person and practice pages, the national register of interests and the
//! lookup on the home page.

use crate::common::*;

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

/// The text of a page's main part, tags dropped and spaces collapsed.
fn text_of(html: &str) -> String {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let mut out = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ").replace(" .", ".").replace(" ,", ",").replace(" )", ")").replace(" :", ":")
}

fn meeting(fx: &Fixture, date: &str, present: &str, apologies: &str) {
    fx.write(
        &format!("ccgs/alpha/meetings/{date}.md"),
        &format!("---\ncommittee: pccc\ndate: {date}\npapers_published: 2015-01-01\nattendance:\n  present: [{present}]\n  apologies: [{apologies}]\nminutes: approved\n---\nMinutes.\n"),
    );
}

#[test]
fn a_person_page_counts_attendance_from_when_they_joined() {
    let fx = with_practices();
    meeting(&fx, "2015-10-01", "Lay Chair Person, Dr Gp Person", "Exec Person");
    meeting(&fx, "2016-03-10", "Lay Chair Person, Exec Person, New  Person", "");
    meeting(&fx, "2016-05-12", "Lay Chair Person, Exec Person", "Dr Gp Person");
    fx.edit(
        "ccgs/alpha/ccg.yaml",
        "      - name: Former Person",
        "      - name: New Person\n        role: Lay member\n        category: lay\n        from: 2016-02-01\n      - name: Former Person",
    );
    fx.edit(
        "ccgs/alpha/interests.yaml",
        "  - name: England Person",
        "  - name: New Person\n    roles: [Lay member]\n    nil_return: true\n  - name: England Person",
    );
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // Joined on 1 February 2016: the meetings of 1 October 2015 and 14
    // January 2016 are not counted; present on 10 March, absent on 12 May.
    let new = text_of(&fx.page("ccgs/alpha/people/new-person/index.html"));
    assert!(
        new.contains("Of the 2 meetings held while a member with attendance recorded: present at 1, apologies for 0, absent from 1. Attendance rate: 50%"),
        "{new}"
    );
    assert!(!new.contains("14 January 2016"), "{new}");
    // A member throughout: the meeting in common has no attendance recorded.
    let exec = text_of(&fx.page("ccgs/alpha/people/exec-person/index.html"));
    assert!(exec.contains("Of the 4 meetings held while a member with attendance recorded: present at 3, apologies for 1, absent from 0. Attendance rate: 75%. 1 more meeting held while a member has no attendance recorded"), "{exec}");
    assert!(exec.contains("Dinner"), "gifts and hospitality: {exec}");
    let gp = text_of(&fx.page("ccgs/alpha/people/dr-gp-person/index.html"));
    assert!(gp.contains("Partner, Example Surgery Practice: Example Surgery"), "{gp}");
    assert!(gp.contains("Joint committees in common, item 1: Partner at Example Surgery. Noted"), "{gp}");
    assert!(gp.contains("Merger of Example Surgery and Sample Practice (AL-2016-01, 14 January 2016): Partner at Example Surgery"), "{gp}");
    assert!(gp.contains("present at 2, apologies for 1, absent from 1. Attendance rate: 50%"), "{gp}");
    assert!(gp.contains("alpha/dr-gp-person"), "{gp}");
    // A former member: left on 31 December 2015.
    let former = text_of(&fx.page("ccgs/alpha/people/former-person/index.html"));
    assert!(former.contains("Of the 1 meeting held while a member with attendance recorded: present at 0, apologies for 0, absent from 1. Attendance rate: 0%"), "{former}");
    // A member whose only meeting (in common) recorded no attendance.
    let chair = text_of(&fx.page("ccgs/beta/people/beta-chair/index.html"));
    assert!(chair.contains("1 meeting held while a member, none with attendance recorded"), "{chair}");

    // Names link to the pages, wherever they are written.
    let ccg = fx.page("ccgs/alpha/index.html");
    assert!(ccg.contains(r#"<a href="/fixture/ccgs/alpha/people/new-person/">New Person</a>"#), "members");
    assert!(
        ccg.contains(r#"<strong><a href="/fixture/ccgs/alpha/people/dr-gp-person/">Dr Gp Person</a></strong>: Partner at Example Surgery"#),
        "conflicts"
    );
    let m = fx.page("ccgs/alpha/meetings/2016-03-10/index.html");
    assert!(m.contains(r#"<a href="/fixture/ccgs/alpha/people/new-person/">New Person</a>"#), "attendance, spacing normalised");
    let group = fx.page("groups/pair/meetings/2016-01-14/index.html");
    assert!(group.contains(r#"<a href="/fixture/ccgs/alpha/people/dr-gp-person/">Dr Gp Person</a>"#), "a group meeting's declaration");

    // The index: A to Z by surname, across CCGs; the withheld person counted only.
    let people = fx.page("people/index.html");
    let index = text_of(&people);
    assert!(index.contains("1 person's name is withheld"), "{index}");
    assert!(people.contains(r#"href="/fixture/ccgs/alpha/people/new-person/""#));
    assert!(people.contains(r#"href="/fixture/ccgs/beta/people/beta-chair/""#));
    assert!(!std::path::Path::new(&fx.site().join("ccgs/alpha/people/withheld-1")).exists());
}

#[test]
fn a_practice_page_lists_its_ccg_merges_and_every_decision_that_affects_it() {
    let fx = with_practices();
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let p = text_of(&fx.page("practices/E87001/index.html"));
    assert!(p.contains("GP practice E87001 – Example Surgery"), "{p}");
    assert!(p.contains("This practice merged into Sample Practice on 31 March 2016"), "{p}");
    assert!(p.contains("CCG NHS Alpha CCG, a member to 31 March 2016"), "{p}");
    assert!(p.contains("Address 1 Example Street, Alphatown, NW1 5AB"), "{p}");
    assert!(p.contains("Contract PMS (Personal Medical Services)"), "{p}");
    assert!(
        p.contains("14 January 2016 Merger of Example Surgery and Sample Practice AL-2016-01, NHS Alpha CCG Practice merger Approved"),
        "{p}"
    );
    assert!(p.contains("Dr Gp Person: Partner, Example Surgery"), "{p}");
    let html = fx.page("practices/E87001/index.html");
    assert!(html.contains(r#"href="/fixture/ccgs/alpha/#decision-AL-2016-01""#));
    assert!(html.contains(r#"href="/fixture/practices/E87002/""#));
    let q = text_of(&fx.page("practices/E87002/index.html"));
    assert!(q.contains("Merged into it Example Surgery"), "{q}");
    // The index: A to Z with the code and the district.
    let index = text_of(&fx.page("practices/index.html"));
    assert!(index.contains("2 GP practices"), "{index}");
    assert!(index.contains("Example Surgery (E87001, NW1), NHS Alpha CCG Left 31 March 2016"), "{index}");
    assert!(index.find("Example Surgery").unwrap() < index.find("Sample Practice (E87002").unwrap());
    // The decision names the practices it affects.
    let ccg = text_of(&fx.page("ccgs/alpha/index.html"));
    assert!(ccg.contains("GP practices affected Example Surgery, Sample Practice"), "{ccg}");
}

/// Python's csv and json read the national register; a conflict's person id
/// finds the person in it.
#[test]
fn the_national_register_of_interests_parses_and_joins_the_decisions() {
    let fx = with_practices();
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let code = r#"
import csv, io, json, sys, os
site = sys.argv[1]
def rows(p):
    return list(csv.DictReader(io.StringIO(open(os.path.join(site, p), "rb").read().decode("utf-8-sig"), newline="")))
interests = rows("interests.csv")
decisions = rows("decisions.csv")
ids = {r["person_id"] for r in interests}
merger = [d for d in decisions if d["decision_id"] == "AL-2016-01"][0]
assert merger["practices"] == "E87001 | E87002", merger["practices"]
assert merger["conflict_person_ids"] == "alpha/dr-gp-person", merger["conflict_person_ids"]
assert merger["conflict_person_ids"] in ids
gp = [r for r in interests if r["person_id"] == "alpha/dr-gp-person"][0]
assert gp["practices"] == "E87001" and gp["ccg_id"] == "alpha", gp
data = json.load(open(os.path.join(site, "interests.json"), encoding="utf-8"))
persons = [p for reg in data["registers"] for p in reg["persons"]]
assert {p["id"] for p in persons} == ids
withheld = [p for p in persons if p["withheld"]]
assert len(withheld) == 1 and withheld[0]["name"] == "Name withheld" and withheld[0]["id"] == "alpha/withheld-1"
d = json.load(open(os.path.join(site, "ccgs/alpha/decisions.json"), encoding="utf-8"))
m = [x for x in d["decisions"] if x["id"] == "AL-2016-01"][0]
assert m["conflicts"][0]["person_id"] == "alpha/dr-gp-person" and m["practices"] == ["E87001", "E87002"]
print(len(interests), "rows")
"#;
    let out = std::process::Command::new("python3").arg("-c").arg(code).arg(fx.site()).output().expect("python3");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // The page lists every register, with filters that need no server.
    let page = text_of(&fx.page("interests/index.html"));
    assert!(page.contains("5 entries and 1 interest in the registers of 1 CCG; 1 entry is withheld and only counted"), "{page}");
    assert!(page.contains("Dr Gp Person Financial Partner, Example Surgery From 1 April 2009"), "{page}");
}

/// A withheld person is in no new page or file, in any spelling: no page of
/// their own, "Name withheld" in the registers, counted on /people/.
#[test]
fn a_withheld_person_is_absent_from_every_new_page_and_file() {
    let fx = with_practices();
    // The withheld person also sits on the committee, attends, declares an
    // interest in a practice and is noted on the merger.
    fx.edit(
        "ccgs/alpha/ccg.yaml",
        "      - name: Former Person",
        "      - name: Hidden Secretperson\n        role: GP member\n        category: clinical\n      - name: Former Person",
    );
    fx.edit("ccgs/alpha/meetings/2016-01-14.md", "present: [Lay Chair Person,", "present: [Dr Hidden Secretperson, Lay Chair Person,");
    fx.edit(
        "ccgs/alpha/interests.yaml",
        "        description: Shareholder in a provider\n",
        "        description: Shareholder in a provider\n        practices: [E87002]\n",
    );
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "the build's own scan passes: {}", run.stderr);
    let people = std::fs::read_dir(fx.site().join("ccgs/alpha/people"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect::<Vec<_>>();
    assert!(people.iter().all(|p| !p.contains("secretperson") && !p.starts_with("withheld")), "{people:?}");
    for (path, bytes) in all_files(&fx.site()) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("secretperson") && !path.to_lowercase().contains("secretperson"), "{path}");
    }
    assert!(text_of(&fx.page("people/index.html")).contains("1 person's name is withheld"));
    // The practice's page does not show the withheld interest.
    assert!(!fx.page("practices/E87002/index.html").contains("Shareholder in a provider"));
}

/// The home page's box finds a CCG or a practice by name, town, ODS code,
/// postcode and district (the published lookup.js run by Node on the built
/// lookup.json).
#[test]
fn the_lookup_finds_by_name_code_postcode_and_district() {
    let fx = with_practices();
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // lookup.js as published is an ES module that imports common.js: Node
    // runs the two as modules from a folder of their own marked as such.
    let js = fx.tmp.path().join("js");
    std::fs::create_dir_all(&js).unwrap();
    std::fs::write(js.join("package.json"), r#"{"type": "module"}"#).unwrap();
    for name in ["lookup.js", "common.js"] {
        std::fs::copy(fx.site().join("assets/js").join(name), js.join(name)).unwrap();
    }
    let script = js.join("lookup.js");
    let code = r#"
import(require("url").pathToFileURL(process.argv[1]).href).then(({ match }) => {
const entries = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const q = (s) => match(entries, s).map((e) => e.n).join(" | ");
console.log(JSON.stringify({
  name: q("example surg"), code: q("e87002"), ccg_code: q("99A"), postcode: q("nw15ab"), spaced: q("NW1 6CD"),
  district: q("nw1"), same_district: q("NW1 9ZZ"), town: q("alphatown"), ccg: q("alpha ccg"), none: q("zzz"),
}));
});
"#;
    let out = std::process::Command::new("node")
        .arg("-e")
        .arg(code)
        .arg(&script)
        .arg(fx.site().join("lookup.json"))
        .output()
        .expect("node is needed for this test (CI has it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["name"], "Example Surgery");
    assert_eq!(got["code"], "Sample Practice");
    assert_eq!(got["ccg_code"], "NHS Alpha CCG");
    assert_eq!(got["postcode"], "Example Surgery | Sample Practice", "the practice first, then its district");
    assert_eq!(got["spaced"], "Sample Practice | Example Surgery");
    assert_eq!(got["district"], "Example Surgery | Sample Practice");
    assert_eq!(got["same_district"], "Example Surgery | Sample Practice");
    assert_eq!(got["town"], "Example Surgery");
    assert_eq!(got["ccg"], "NHS Alpha CCG | Example Surgery | Sample Practice");
    assert_eq!(got["none"], "");
    let home = fx.page("index.html");
    assert!(home.contains(r#"data-src="/fixture/lookup.json""#) && home.contains("Find your CCG or GP practice"));
    assert!(home.contains(r#"<a href="/fixture/practices/">from A to Z</a>"#), "the A to Z lists without JavaScript");
}
