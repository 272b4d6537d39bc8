//! The registers from sheets made in memory: every template column lands
//! in its field, and each kind of bad row is listed where it is.

use super::read::{Cell, Sheet};
use super::*;

fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    let rows =
        rows.iter().map(|r| r.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text((*c).to_owned()) }).collect()).collect();
    Sheet { name: Some(name.to_owned()), first_row: 1, first_col: 1, rows }
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn import(kind: Kind, sheets: &[Sheet]) -> Imported {
    convert_sheets(kind, sheets, "register.xlsx", None, day("2016-06-30"), day("2016-07-01"), &Practices::none()).unwrap()
}

#[test]
fn interests_in_the_two_row_template() {
    let s = sheet(
        "Register",
        &[
            &["NHS Riverside CCG", "", "", "", "", "", "", "", "", ""],
            &["Register of interests: Primary Care Commissioning Committee"],
            &[],
            &[
                "Name",
                "Current position(s) held- i.e. Governing Body, Member practice, Employee or other",
                "Declared Interest- (Name of the organisation and nature of business)",
                "Type of Interest",
                "",
                "",
                "Is the interest direct or indirect?",
                "Date of Interest",
                "",
                "Action taken to mitigate risk",
            ],
            &[
                "",
                "",
                "",
                "Financial Interests",
                "Non-Financial Professional Interests",
                "Non-Financial Personal Interests",
                "",
                "From",
                "To",
                "",
            ],
            &[
                "Dr Sam Sample",
                "GP; Governing Body member",
                "Partner, Example Surgery: PMS contract",
                "X",
                "",
                "",
                "Direct",
                "01/04/2009",
                "",
                "Takes no part",
            ],
            &["", "", "Member, local medical committee", "", "✓", "", "Direct", "1 January 2012", "30/06/2015", "None needed"],
            &[],
            &["Jane Example", "Lay member, Chair", "Nil", "", "", "", "", "", "", ""],
            &[
                "Dr Sam Sample",
                "Clinical lead",
                "Spouse is a director of Acme Ltd",
                "",
                "",
                "",
                "Indirect",
                "2014-02-03",
                "Ongoing",
                "Declared at each meeting",
            ],
        ],
    );
    let got = import(Kind::Interests, &[s]);
    assert_eq!(got.problems, []);
    assert_eq!(got.counts, "2 people, 3 interests, 1 nil return");
    assert!(got.yaml.starts_with(
        "# The register of interests, imported on 2016-07-01 with `ccgpages import interests`\n# from register.xlsx, sheet “Register”, rows 6 to 10.\n"
    ), "{}", got.yaml);
    let body = got.yaml.split_once("updated:").unwrap().1;
    assert_eq!(
        body,
        " 2016-06-30
entries:
  - name: Dr Sam Sample
    roles: [GP, Governing Body member, Clinical lead]
    interests:
      - type: financial
        description: \"Partner, Example Surgery: PMS contract\"
        from: 2009-04-01
        action: Takes no part
      - type: non-financial-professional
        description: Member, local medical committee
        from: 2012-01-01
        to: 2015-06-30
        action: None needed
      - type: indirect
        description: Spouse is a director of Acme Ltd
        from: 2014-02-03
        action: Declared at each meeting
  - name: Jane Example
    roles: [\"Lay member, Chair\"]
    nil_return: true
"
    );
    assert_eq!(got.left_out, Vec::<String>::new());
}

#[test]
fn bad_interest_rows_are_listed_where_they_are() {
    let s = sheet(
        "Sheet1",
        &[
            &["Name", "Position", "Declared interest", "Type of interest", "From", "To", "Action taken", "Notes"],
            &["Dr A", "GP", "Partner", "Finacial", "", "", "None", "x"],
            &["Dr B", "GP", "Partner", "Financial", "31/02/2016", "", "None"],
            &["Dr C", "GP", "Partner", "Financial", "01/04/2016", "01/04/2015", "None"],
            &["Dr D", "GP", "Partner", "Financial", "", "", ""],
            &["", "", "Director", "Financial", "", "", "None"],
            &["Dr E", "GP"],
            &["Dr F", "GP", "Shares", "Financial", "April 2015", "", "None"],
        ],
    );
    let got = import(Kind::Interests, &[s]);
    let shown: Vec<String> = got.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "sheet “Sheet1”, row 2, column D (Type of interest): `Finacial` is not a type of interest: write Financial, Non-financial professional, Non-financial personal or Indirect",
            "sheet “Sheet1”, row 3, column E (From): `31/02/2016` is not a real date: check the day, month and year",
            "sheet “Sheet1”, row 4, column F (To): the interest ends (1 April 2015) before it began (1 April 2016)",
            "sheet “Sheet1”, row 5, column G (Action taken): the action taken to mitigate risk is empty: the register must say how each interest is managed: write None needed if nothing is",
            "sheet “Sheet1”, row 8, column E (From): `April 2015` has no day: write the whole date, such as 1 April 2015 (the first of the month, if that is right)",
            "sheet “Sheet1”, row 7, column C (Declared interest): Dr E has no interest on any row: write each interest, or Nil if they declared none",
        ]
    );
    // Row 6 continues Dr D, whose own row failed: it is Dr D's one interest.
    assert!(
        got.yaml.contains("  - name: Dr D\n    roles: [GP]\n    interests:\n      - type: financial\n        description: Director\n"),
        "{}",
        got.yaml
    );
    assert!(got.yaml.contains("# 6 rows could not be imported and are left out"), "{}", got.yaml);
    assert_eq!(got.left_out, ["H (Notes)"]);
}

#[test]
fn gifts_with_a_person_over_several_rows() {
    let s = sheet(
        "Gifts",
        &[
            &["Register of gifts and hospitality"],
            &[
                "Name",
                "Position",
                "Date of Offer",
                "Date of Receipt (if applicable)",
                "Details of Gift / Hospitality",
                "Estimated Value",
                "Supplier / Offeror (Name and Nature of Business)",
                "Details of previous offers or acceptance by this offeror / supplier",
                "Details of the officer reporting the offer",
                "Declined or Accepted?",
                "Reason for Accepting or Declining",
                "Other Comments",
            ],
            &[
                "Dr Sam Sample",
                "GP member",
                "02/06/2015",
                "",
                "Dinner at an education event",
                "£45",
                "Example Pharma Ltd",
                "",
                "",
                "Declined",
                "Policy",
                "",
            ],
            &[
                "",
                "",
                "",
                "3 July 2015",
                "Conference place",
                "£1,250.50",
                "Acme: events",
                "One in 2014",
                "",
                "Accepted",
                "Training",
                "Reported to the board",
            ],
            &["Jo Officer", "Head of contracts", "42432", "", "Bottle of wine", "Unknown", "Acme", "", "", "Refused", "", ""],
            &["Jo Officer", "Head of contracts", "", "", "Lunch", "£20", "", "", "", "Maybe", "", ""],
        ],
    );
    let got = import(Kind::Gifts, &[s]);
    assert_eq!(got.counts, "3 offers (1 accepted, 2 declined)");
    let body = got.yaml.split_once("entries:\n").unwrap().1;
    assert_eq!(
        body,
        "  - name: Dr Sam Sample
    role: GP member
    date: 2015-06-02
    offered_by: Example Pharma Ltd
    description: Dinner at an education event
    value: 45
    accepted: false
    notes: Policy
  - name: Dr Sam Sample
    role: GP member
    date: 2015-07-03
    offered_by: \"Acme: events\"
    description: Conference place
    value: 1250.50
    accepted: true
    notes: \"Training; Previous offers: One in 2014; Reported to the board\"
  - name: Jo Officer
    role: Head of contracts
    date: 2016-03-03
    offered_by: Acme
    description: Bottle of wine
    accepted: false
"
    );
    let shown: Vec<String> = got.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "sheet “Gifts”, row 6, column C (Date of Offer): the date of offer is empty: write the day it was offered",
            "sheet “Gifts”, row 6, column G (Supplier / Offeror (Name and Nature of Business)): the supplier or offeror is empty: write who offered it",
            "sheet “Gifts”, row 6, column J (Declined or Accepted?): `Maybe` does not say whether the offer was declined or accepted: write Declined or Accepted",
        ]
    );
    assert_eq!(got.left_out, ["I (Details of the officer reporting the offer)"]);
}

#[test]
fn procurement_decisions() {
    let s = sheet(
        "Procurement",
        &[
            &["Procurement decisions register", "", ""],
            &[
                "Ref No",
                "Date of decision",
                "Contract/Service title",
                "Procurement description",
                "Existing contract or new procurement (if existing include details)",
                "Procurement type – CCG procurement, collaborative procurement with partners",
                "CCG clinical lead (Name)",
                "CCG contract manager (Name)",
                "Decision making process and name of decision making committee",
                "Summary of conflicts of interest noted",
                "Actions taken to mitigate",
                "Justification for actions to mitigate conflicts of interest",
                "Contract awarded (supplier name & registered address)",
                "Contract value (£) (Total) and value to CCG",
                "Comments to note",
            ],
            &[
                "CL/PC/2015/003",
                "2 October 2015",
                "Extended-hours primary care, Hub A",
                "Evening and weekend GP appointments",
                "New procurement",
                "Open tender",
                "Dr Alex Lead",
                "Jo Manager",
                "Urgent decision by the chair and chief officer",
                "Dr Sam Sample is a member of the federation",
                "Took no part in the evaluation",
                "No member with an interest took part",
                "West London GP Federation Ltd\n1 Example Road\nLondon W1 1AA",
                "£1,250,000",
                "",
            ],
            &[
                "CL-PC-2016-001",
                "15/01/2016",
                "Practice premises",
                "",
                "Existing – extension of the 2013 lease",
                "Direct award",
                "",
                "",
                "Committee",
                "None",
                "N/A",
                "",
                "Acme Estates",
                "250000",
                "Five years",
            ],
            &["CL/PC/2015/003", "15/01/2016", "Duplicate", "", "", "", "", "", "", "", "", "", "", "", ""],
            &["CL-PC-2016-002", "", "No date", "", "", "", "", "", "", "", "", "", "", "£40-£50", ""],
        ],
    );
    let got = import(Kind::Decisions, &[s]);
    let body = got.yaml.split_once("entries:\n").unwrap().1;
    assert_eq!(
        body,
        "  - id: CL-PC-2015-003
    date: 2015-10-02
    title: Extended-hours primary care, Hub A
    category: procurement
    route: urgent
    outcome: approved
    summary: |-
      Decision-making process: Urgent decision by the chair and chief officer

      Conflicts of interest noted: Dr Sam Sample is a member of the federation

      Actions taken to mitigate: Took no part in the evaluation
    procurement:
      reference: CL/PC/2015/003
      description: Evening and weekend GP appointments
      existing_contract: false
      procedure: Open tender
      clinical_lead: Dr Alex Lead
      contract_manager: Jo Manager
      supplier: West London GP Federation Ltd
      supplier_address: 1 Example Road, London W1 1AA
      value_total: 1250000
      justification: No member with an interest took part
  - id: CL-PC-2016-001
    date: 2016-01-15
    title: Practice premises
    category: procurement
    outcome: approved
    summary: |-
      Decision-making process: Committee

      Existing contract or new procurement: Existing – extension of the 2013 lease

      Comments: Five years
    procurement:
      reference: CL-PC-2016-001
      existing_contract: true
      procedure: Direct award
      supplier: Acme Estates
      value_total: 250000
"
    );
    let shown: Vec<String> = got.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "sheet “Procurement”, row 5, column A (Ref No): the reference CL/PC/2015/003 is also on row 3: each decision needs its own",
            "sheet “Procurement”, row 6, column B (Date of decision): the date of decision is empty: write the day the decision was taken",
            "sheet “Procurement”, row 6, column N (Contract value (£) (Total) and value to CCG): `£40-£50` is not an amount of money ccgpages can read: write one amount in pounds, such as £1,250,000 or 45.50",
        ]
    );
    assert_eq!(got.counts, "2 decisions");
}

#[test]
fn the_sheet_with_the_register_is_chosen() {
    let notes = sheet("Instructions", &[&["How to fill in this register"], &["Name: the member's name"]]);
    let register = sheet("2016", &[&["Name", "Declared interest", "Type", "Action"], &["Dr A", "Nil", "", ""]]);
    let got = import(Kind::Interests, &[notes.clone(), register.clone()]);
    assert!(got.source.contains("sheet “2016”"), "{}", got.source);
    let err = convert_sheets(
        Kind::Interests,
        std::slice::from_ref(&notes),
        "r.xlsx",
        None,
        day("2016-06-30"),
        day("2016-06-30"),
        &Practices::none(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("needs a column for “Name”, “Declared interest” and “Action taken to mitigate risk”"), "{err}");
    let err = convert_sheets(
        Kind::Interests,
        &[notes, register],
        "r.xlsx",
        Some("2017"),
        day("2016-06-30"),
        day("2016-06-30"),
        &Practices::none(),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "--sheet: there is no sheet “2017”; the sheets are “Instructions”, “2016”");
}

#[test]
fn headings_with_no_rows_below_are_refused() {
    let empty = sheet("2016", &[&["Name", "Declared interest", "Type", "Action"], &[], &["Name", "Declared interest", "Type", "Action"]]);
    let err =
        convert_sheets(Kind::Interests, &[empty], "r.xlsx", None, day("2016-06-30"), day("2016-06-30"), &Practices::none()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the sheet “2016” has the headings of the register of interests on row 1, but no rows below them: there is nothing to import"
    );
}

#[test]
fn name_withheld_rows_are_each_their_own_person_and_refused_without_a_real_name() {
    let head: &[&str] = &["Name", "Position", "Declared interest", "Type of interest", "Action taken"];
    let s = sheet(
        "Register",
        &[
            head,
            &["Name withheld", "GP", "Partner, Example Surgery", "Financial", "Takes no part"],
            &["", "", "Member, LMC", "Non-financial professional", "None needed"],
            &["NAME WITHHELD", "Lay member", "Trustee, Riverside Hospice", "Non-financial personal", "None needed"],
            &["Jane Example", "Chair", "Nil", "", ""],
        ],
    );
    let out = import(Kind::Interests, &[s]);
    // One problem for each "Name withheld", at its first row: not merged into one entry.
    let rows: Vec<u32> = out.problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, [2, 4], "{:?}", out.problems);
    assert!(out.problems[0].message.contains("the name says “Name withheld”"), "{}", out.problems[0].message);
    assert!(out.problems[0].message.contains("column headed “Withheld”"), "{}", out.problems[0].message);
    assert_eq!(out.problems[0].column.as_deref(), Some("A (Name)"));
    assert!(!out.yaml.contains("withheld"), "{}", out.yaml);
    assert!(out.yaml.contains("name: Jane Example"), "{}", out.yaml);
    assert_eq!(out.counts, "1 person, 0 interests, 1 nil return");
}

#[test]
fn a_withheld_column_marks_the_entry_withheld() {
    let head: &[&str] = &["Name", "Position", "Declared interest", "Type of interest", "Action taken", "Withheld?"];
    let s = sheet(
        "Register",
        &[
            head,
            &["Dr Quentin Zyborg", "GP", "Partner, Example Surgery", "Financial", "Takes no part", "Yes"],
            &["", "", "Member, LMC", "Non-financial professional", "None needed", ""],
            &["Jane Example", "Chair", "Nil", "", "", "No"],
            // Blank, with the mark, below someone not withheld: a person whose name was blanked.
            &["", "Lay member", "Trustee, Riverside Hospice", "Non-financial personal", "None needed", "X"],
        ],
    );
    let out = import(Kind::Interests, &[s]);
    assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
    assert_eq!(out.problems[0].row, 5);
    assert!(out.problems[0].message.starts_with("the name is empty and marked withheld"), "{}", out.problems[0].message);
    assert!(out.yaml.contains("  - name: Dr Quentin Zyborg\n    roles: [GP]\n    withheld: true\n    interests:\n"), "{}", out.yaml);
    assert_eq!(out.yaml.matches("withheld: true").count(), 1, "{}", out.yaml);
    assert!(out.counts.ends_with(", 1 withheld"), "{}", out.counts);
    assert!(out.left_out.is_empty(), "the Withheld column is read: {:?}", out.left_out);
}

#[test]
fn a_gift_to_name_withheld_is_refused() {
    let head: &[&str] = &["Name", "Position", "Date of offer", "Details of gift", "Supplier or offeror", "Declined or accepted"];
    let s = sheet(
        "Gifts",
        &[
            head,
            &["[Name withheld]", "GP", "2016-01-05", "Dinner", "Acme Ltd", "Declined"],
            &["", "", "2016-02-05", "Lunch", "Acme Ltd", "Declined"],
            &["Jane Example", "Chair", "2016-03-05", "Pen", "Acme Ltd", "Accepted"],
        ],
    );
    let out = import(Kind::Gifts, &[s]);
    let rows: Vec<u32> = out.problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, [2, 3], "{:?}", out.problems);
    assert!(out.problems[0].message.contains("write the person's real name"), "{}", out.problems[0].message);
    assert_eq!(out.counts, "1 offer (1 accepted, 0 declined)");
}

#[test]
fn what_says_withheld() {
    for s in ["Name withheld", "WITHHELD", "[Withheld]", "Name redacted", "Name not published", "name - withheld"] {
        assert!(values::says_withheld(s), "{s}");
    }
    for s in ["Dr Quentin Zyborg", "Name", "Not known", "Withheld Smith", ""] {
        assert!(!values::says_withheld(s), "{s}");
    }
}
