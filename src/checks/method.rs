//! What each check publishes about itself, for the methodology page
//! (`/checks/` and each check's page): what it asks, its rule in plain
//! words, what each outcome means for it, and where it comes from — the
//! document and the paragraph, in the document's own words. A journalist
//! can cite the page; the sources are the public documents the content
//! format was drawn from.

use serde::Serialize;

use super::CheckId;

/// A public document a check comes from.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Document {
    /// As it is cited: `NHS England Board paper NHSE111406`.
    pub title: &'static str,
    /// Who published it, and when.
    pub published: &'static str,
}

/// Where a check comes from: a place in a document, its words, and how the
/// check reads them.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Source {
    pub document: Document,
    /// `paragraph 11`.
    pub place: &'static str,
    /// The document's words, quoted.
    pub quote: &'static str,
    /// How the check turns them into a rule, and what it adds of its own
    /// (a period the guidance leaves open, say).
    pub reading: &'static str,
}

/// When a check has each outcome, in plain words. `None`: it cannot have
/// that outcome.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct When {
    pub met: &'static str,
    pub not_met: &'static str,
    pub unknown: Option<&'static str>,
    pub not_applicable: Option<&'static str>,
}

/// NHS England's board paper of November 2014, which set the safeguards.
const BOARD_PAPER: Document = Document {
    title: "NHS England Board paper NHSE111406, \"Proposed next steps towards primary care co-commissioning\"",
    published: "NHS England, November 2014",
};

/// NHS England's letter inviting expressions of interest, May 2014.
const INVITATION: Document = Document {
    title: "NHS England, \"Next steps towards primary care co-commissioning\": letter to CCGs inviting expressions of interest (Gateway reference 01599)",
    published: "NHS England, May 2014",
};

/// The Public Bodies (Admission to Meetings) Act 1960.
const ADMISSION_ACT: Document =
    Document { title: "Public Bodies (Admission to Meetings) Act 1960, section 1(4)", published: "Act of Parliament, 1960" };

/// The university's study of how CCGs took co-commissioning on.
const STUDY: Document = Document {
    title: "University of Manchester (PRUComm), \"Primary care co-commissioning\": interim report",
    published: "University of Manchester, January 2016",
};

const PARAGRAPH_11: &str = "paragraph 11";

pub(super) fn asks(id: CheckId) -> &'static str {
    match id {
        CheckId::InterestsPublished => {
            "The CCG publishes a register of the interests of its committee members and staff, and has reviewed it in the last 12 months."
        }
        CheckId::TermsPublished => "Every committee of a CCG that takes decisions on GP services has its terms of reference published.",
        CheckId::LayChair => "Every committee of a CCG that takes decisions on GP services has a chair, and the chair is a lay member.",
        CheckId::LayMajority => {
            "In every committee of a CCG that takes decisions on GP services, the lay, executive and NHS England members who vote outnumber the other voting members, such as GPs."
        }
        CheckId::ObserversInvited => {
            "Every committee has a member from the local Healthwatch and one from the local authority's Health and Wellbeing Board, both without a vote."
        }
        CheckId::EveryoneDeclared => {
            "Every voting member of every committee has an entry in the register of interests: their interests, or a nil return saying they have none."
        }
        CheckId::DecisionsUpToDate => "The CCG publishes a register of its decisions, brought up to date since its latest meeting.",
        CheckId::DeclarationsMatch => {
            "Everyone who declared an interest at a meeting, or had a conflict noted on a decision, has that interest in the register of interests."
        }
        CheckId::PapersOnTime => "The papers of every public meeting were published at least 3 clear days before it.",
        CheckId::MinutesPublished => "Every meeting held more than 6 weeks ago has its minutes published, draft or approved.",
        CheckId::InterestsDeclaredAtDecisions => {
            "Everyone present when a decision was taken who has a registered interest in a GP practice or supplier it concerns declared that interest at the meeting, or has it noted on the decision."
        }
    }
}

pub(super) fn rule(id: CheckId) -> &'static str {
    match id {
        CheckId::InterestsPublished => {
            "The CCG's register of interests is published here, lists at least one person, and the date it was last reviewed is no more than 12 months before the day checked. It applies to every CCG, whatever its level of co-commissioning."
        }
        CheckId::TermsPublished => "Each committee the CCG lists has terms of reference published here.",
        CheckId::LayChair => {
            "In each committee with current members published, the member marked as chair on the day checked is a lay member."
        }
        CheckId::LayMajority => {
            "In each committee with current members published, the current voting members who are lay members, CCG executives or from NHS England are more than all the other current voting members together. A tie does not meet it."
        }
        CheckId::ObserversInvited => {
            "Each committee with current members published has a current member from Healthwatch and a current member from the Health and Wellbeing Board (the local authority), both without a vote."
        }
        CheckId::EveryoneDeclared => {
            "Each current voting member of each committee has an entry in the register of interests, under the same name, listing their interests or a nil return."
        }
        CheckId::DecisionsUpToDate => {
            "The register of decisions is published here, and the date it was last updated is on or after the date of the latest meeting held (the CCG's own, or one held in common by its group) on or before the day checked."
        }
        CheckId::DeclarationsMatch => {
            "Each person recorded as declaring an interest at one of the CCG's meetings, or noted on a decision as having a conflict of interest, has an entry in the register of interests with at least one interest."
        }
        CheckId::PapersOnTime => {
            "For each meeting held in public (cancelled and postponed meetings aside), the papers were published at least 3 clear days before it: published on the 13th for a meeting on the 17th, so that the 14th, 15th and 16th are clear."
        }
        CheckId::MinutesPublished => {
            "Each meeting held more than 6 weeks (42 days) before the day checked has minutes published, draft or approved."
        }
        CheckId::InterestsDeclaredAtDecisions => {
            "For each decision taken at a meeting held on or before the day checked whose attendance is recorded, and which affects named GP practices or names a supplier: everyone recorded present at that meeting whose entry in the register shows an interest, current on the decision's date, in one of those practices or in the supplier has a declaration recorded for the agenda item that took the decision, or a conflict noted on the decision. Attendance is recorded for the meeting as a whole, not for each item."
        }
    }
}

pub(super) fn when(id: CheckId) -> When {
    const NO_DECISIONS: &str = "the CCG takes no decisions on GP services on the day checked (level 1, greater involvement, or no co-commissioning), or has no committee.";
    const NO_MEMBERS: &str = "a committee has no current members published here, and no other committee fails: the list is missing, which says nothing of who sits on the committee.";
    match id {
        CheckId::InterestsPublished => When {
            met: "the register is published and was reviewed in the 12 months before the day checked.",
            not_met: "no register is published here, or it was last reviewed more than 12 months before the day checked.",
            unknown: Some("the register is published but lists no one, or could not be read."),
            not_applicable: None,
        },
        CheckId::TermsPublished => When {
            met: "every committee has its terms of reference published.",
            not_met: "a committee has no terms of reference published here.",
            unknown: None,
            not_applicable: Some(NO_DECISIONS),
        },
        CheckId::LayChair => When {
            met: "every committee with members published has a current chair who is a lay member.",
            not_met: "a committee with members published has no current chair, or its chair is not a lay member.",
            unknown: Some(NO_MEMBERS),
            not_applicable: Some(NO_DECISIONS),
        },
        CheckId::LayMajority => When {
            met: "in every committee with voting members published, lay, executive and NHS England members outnumber the other voting members.",
            not_met: "in a committee, they do not (a tie included).",
            unknown: Some(
                "a committee has no current members, or no current voting members, published here, and no other committee fails.",
            ),
            not_applicable: Some(NO_DECISIONS),
        },
        CheckId::ObserversInvited => When {
            met: "every committee with members published has both observers, without a vote.",
            not_met: "a committee with members published lacks one of them, or has them with a vote.",
            unknown: Some(NO_MEMBERS),
            not_applicable: Some("the CCG has no committee."),
        },
        CheckId::EveryoneDeclared => When {
            met: "every current voting member published has an entry with interests or a nil return.",
            not_met: "a current voting member has no such entry, or no register is published here.",
            unknown: Some(
                "no current voting members are published here (for a committee, unless another member has no entry), or the register could not be read.",
            ),
            not_applicable: Some("the CCG has no committee."),
        },
        CheckId::DecisionsUpToDate => When {
            met: "the register was updated on or after the day of the latest meeting held.",
            not_met: "no register of decisions is published here, or it was last updated before the latest meeting held.",
            unknown: Some(
                "no meeting held by the day checked is published here, so there is nothing to be up to date with; or a record could not be read.",
            ),
            not_applicable: Some("the CCG takes no decisions on GP services on the day checked."),
        },
        CheckId::DeclarationsMatch => When {
            met: "every declaration recorded is by someone with interests in the register.",
            not_met: "someone recorded as declaring, or as conflicted, has no interests in the register, or there is no register.",
            unknown: Some(
                "the CCG takes decisions on GP services, but no meeting held and no decision are published here; or a record could not be read.",
            ),
            not_applicable: Some(
                "meetings or decisions are published, but no declaration is recorded at any of them: there is nothing to match; or the CCG takes no decisions and publishes no meeting or decision.",
            ),
        },
        CheckId::PapersOnTime => When {
            met: "every public meeting's papers were out at least 3 clear days before it.",
            not_met: "the papers of a public meeting were published fewer than 3 clear days before it.",
            unknown: Some(
                "no meeting was late, but a public meeting that was held has no record of when its papers were published, or a public meeting whose date has passed is still marked as to come.",
            ),
            not_applicable: Some("no meeting held in public is published here yet."),
        },
        CheckId::MinutesPublished => When {
            met: "every meeting held more than 6 weeks before the day checked has minutes.",
            not_met: "a meeting held more than 6 weeks before has no minutes published.",
            unknown: Some(
                "none is missing, but a meeting dated more than 6 weeks before is still marked as to come: whether it was held is not recorded.",
            ),
            not_applicable: Some("no meeting was held more than 6 weeks before the day checked."),
        },
        CheckId::InterestsDeclaredAtDecisions => When {
            met: "at every decision looked at, everyone recorded present with a related registered interest has a declaration or a conflict recorded.",
            not_met: "someone recorded present has a related registered interest, and no declaration for the item and no conflict on the decision are recorded. This says what the records show: the interest may have been declared and not minuted.",
            unknown: Some(
                "decisions name practices or a supplier but who was present is not recorded; or no register of interests is published; or no interest in the register is linked to a GP practice, so interests in the practices cannot be seen (and no decision names a supplier).",
            ),
            not_applicable: Some("no decision taken at a meeting with attendance recorded affects named practices or names a supplier."),
        },
    }
}

pub(super) fn source(id: CheckId) -> Source {
    const REGISTER: &str = "register of interest: the public register of conflicts of interest will include information on the nature of the conflict and details of the conflicted parties. The register would form an obligatory part of the annual accounts and be signed off by external auditors;";
    const MAKE_UP: &str =
        "the make-up of the decision-making committee: the committee must have a lay and executive majority and have a lay chair;";
    match id {
        CheckId::InterestsPublished => Source {
            document: BOARD_PAPER,
            place: PARAGRAPH_11,
            quote: REGISTER,
            reading: "A register that forms part of the annual accounts is renewed every year: the check asks that it was reviewed in the last 12 months.",
        },
        CheckId::TermsPublished => Source {
            document: BOARD_PAPER,
            place: "paragraph 9",
            quote: "It will include a standard governance framework each for joint and delegated commissioning arrangements.",
            reading: "A committee's terms of reference are where that framework is written down (its members, its chair, its quorum, whether it meets in public); the check asks that they are published for every committee of a CCG at level 2 or 3.",
        },
        CheckId::LayChair => Source {
            document: BOARD_PAPER,
            place: PARAGRAPH_11,
            quote: MAKE_UP,
            reading: "The check looks at who is chair on the day checked.",
        },
        CheckId::LayMajority => Source {
            document: BOARD_PAPER,
            place: PARAGRAPH_11,
            quote: MAKE_UP,
            reading: "The majority is counted among the members who vote. NHS England's members count with the executives: at level 2 the committee is held jointly with NHS England.",
        },
        CheckId::ObserversInvited => Source {
            document: BOARD_PAPER,
            place: PARAGRAPH_11,
            quote: "external involvement of local stakeholders: the local Health Watch and a local authority member of the local Health and Well-being Board will have the right to serve as observers on the decision-making committee;",
            reading: "Observers do not vote. The right to serve is checked by whether they are listed as members without a vote.",
        },
        CheckId::EveryoneDeclared => Source {
            document: BOARD_PAPER,
            place: PARAGRAPH_11,
            quote: REGISTER,
            reading: "A register of conflicted parties is complete only if it says of each person who votes whether they have interests: an entry with interests, or a nil return.",
        },
        CheckId::DecisionsUpToDate => Source {
            document: BOARD_PAPER,
            place: PARAGRAPH_11,
            quote: "register of decisions: CCGs will be required to maintain and publish, on a regular basis, a register of all key procurement decisions.",
            reading: "\"On a regular basis\" is read as: brought up to date after each meeting that took decisions.",
        },
        CheckId::DeclarationsMatch => Source {
            document: STUDY,
            place: "the table of CCGs' views on conflicts of interest",
            quote: "The most commonly cited way to manage conflicts is by declaring it at the beginning of the meeting or being upfront in procurement about who is involved and what their involvement is.",
            reading: "An interest declared at a meeting is an interest the register of conflicted parties (Board paper NHSE111406, paragraph 11) should hold.",
        },
        CheckId::PapersOnTime => Source {
            document: ADMISSION_ACT,
            place: "section 1(4)(a)",
            quote: "public notice of the time and place of the meeting shall be given by posting it at the offices of the body three clear days at least before the meeting",
            reading: "The Act asks for notice of a public meeting three clear days before it; the check asks the same of the papers, so that the public can read them before the meeting.",
        },
        CheckId::MinutesPublished => Source {
            document: INVITATION,
            place: "section F, Governance",
            quote: "They will also need to show how they will ensure transparent and fair governance - with a continuing oversight role for NHS England to safeguard against conflicts of interest",
            reading: "Minutes are how a committee's decisions and declarations become public. The guidance sets no deadline: the six weeks are ccgpages' own, time for a committee that meets every month to draft them.",
        },
        CheckId::InterestsDeclaredAtDecisions => Source {
            document: INVITATION,
            place: "section F, Governance",
            quote: "CCGs have a statutory duty to manage conflicts of interest and to have regard to the statutory guidance on managing conflicts of interest published by NHS England.",
            reading: "A registered interest in a practice or supplier a decision concerns is a conflict to manage at that decision; the record of managing it is a declaration for the item or a conflict noted on the decision.",
        },
    }
}
