//! What happened at meetings, as open data: `/attendance.csv` (one row for
//! each person listed in a meeting's attendance) and `/declarations.csv`
//! (one row for each interest declared at a meeting), for every CCG's
//! meetings and every group's meetings in common.
//!
//! Names are as the meeting's page shows them. A person's id is the one
//! `interests.csv` and `decisions.csv` give them, so the rows join; a
//! person whose register entry is withheld in full has no id (it would tie
//! their rows to each other) and no declaration details, as on the page.

use super::csv::Column;
use crate::model::*;
use crate::render::{DETAILS_WITHHELD, Owner, Published, SitePath};

/// A meeting as the rows name it: who held it, and the CCGs whose people
/// it names (the CCG's own, or each member CCG of the group).
pub(crate) struct MeetingRef<'a> {
    ccg_id: &'a str,
    group_id: &'a str,
    held_by: &'a str,
    committee_id: &'a str,
    committee: &'a str,
    meeting: &'a Meeting,
    url: String,
    ccgs: Vec<&'a Ccg>,
}

impl MeetingRef<'_> {
    /// The id `interests.csv` gives the person `name`: at a meeting in
    /// common, their id in the first of the group's CCGs that has them
    /// (the person the meeting's page links to). Empty for a name no CCG
    /// holds, and for a person whose register entry is withheld in full.
    fn person_id(&self, cx: &Published, name: &str) -> String {
        if cx.withholding(name).is_entry() {
            return String::new();
        }
        self.ccgs.iter().map(|c| cx.person_id(c, name)).find(|id| !id.is_empty()).unwrap_or_default()
    }
}

/// Every meeting: each CCG's, in the content's order, then each group's;
/// by date, then id.
pub(super) fn meetings<'a>(cx: &Published<'a>) -> Vec<MeetingRef<'a>> {
    let mut v = Vec::new();
    let by_date = |ms: &'a [Meeting]| {
        let mut ms: Vec<&'a Meeting> = ms.iter().collect();
        ms.sort_by(|a, b| (a.front.date, &a.id).cmp(&(b.front.date, &b.id)));
        ms
    };
    for ccg in &cx.content.ccgs {
        for m in by_date(&ccg.meetings) {
            let committee = m.front.committee.as_deref().and_then(|id| Some((id, ccg.committee_name(id)?)));
            v.push(MeetingRef {
                ccg_id: &ccg.id,
                group_id: "",
                held_by: &ccg.profile.data.name,
                committee_id: committee.map_or("", |c| c.0),
                committee: committee.map_or("", |c| c.1),
                meeting: m,
                url: cx.abs(&SitePath::meeting(m, &Owner::Ccg(ccg))),
                ccgs: vec![ccg],
            });
        }
    }
    for g in &cx.content.groups {
        for m in by_date(&g.meetings) {
            v.push(MeetingRef {
                ccg_id: "",
                group_id: &g.id,
                held_by: &g.profile.data.name,
                committee_id: "",
                committee: "",
                meeting: m,
                url: cx.abs(&SitePath::meeting(m, &Owner::Group(g))),
                ccgs: cx.members(g).collect(),
            });
        }
    }
    v
}

/// A file's columns: those that name the meeting (the same in both files),
/// then `$rest`. A row has its meeting in `m`.
macro_rules! meeting_columns_then {
    ($($rest:expr),* $(,)?) => {
        &[
            Column {
                name: "ccg_id",
                doc: "The id of the CCG whose meeting it was, as in `decisions.csv` and `interests.csv`; empty for a meeting held in common by a group of CCGs.",
                value: |r| r.m.ccg_id.to_owned(),
            },
            Column {
                name: "group_id",
                doc: "For a meeting held in common, the group's id: its page is `/groups/<group_id>/`, and in `/ccgs.json` it is the organization `groups/<group_id>`. Empty for a CCG's own meeting.",
                value: |r| r.m.group_id.to_owned(),
            },
            Column { name: "held_by", doc: "The name of the CCG, or of the group.", value: |r| r.m.held_by.to_owned() },
            Column {
                name: "committee_id",
                doc: "The committee that met, when the meeting says: in `/ccgs.json` the organization `<ccg_id>/<committee_id>`. Empty for a meeting held in common.",
                value: |r| r.m.committee_id.to_owned(),
            },
            Column { name: "committee", doc: "The committee's name.", value: |r| r.m.committee.to_owned() },
            Column {
                name: "meeting_id",
                doc: "The meeting's id, unique within its CCG or group: the last part of its address.",
                value: |r| r.m.meeting.id.clone(),
            },
            Column { name: "meeting_date", doc: "The day of the meeting, YYYY-MM-DD.", value: |r| r.m.meeting.front.date.to_string() },
            Column {
                name: "meeting_url",
                doc: "Address of the meeting's page: the `meeting_url` of `decisions.csv` for the decisions taken there.",
                value: |r| r.m.url.clone(),
            },
            $($rest),*
        ]
    };
}

/// One row of `/attendance.csv`.
pub(crate) struct AttendanceRow<'r, 'a> {
    m: &'r MeetingRef<'a>,
    name: String,
    person_id: String,
    status: &'static str,
}

pub(crate) type AttendanceColumn = Column<fn(&AttendanceRow<'_, '_>) -> String>;

pub(crate) const ATTENDANCE_COLUMNS: &[AttendanceColumn] = meeting_columns_then![
    Column { name: "name", doc: "The person's name as the meeting's page shows it, or `Name withheld`.", value: |r| r.name.clone() },
    Column {
        name: "person_id",
        doc: "The person's id: the `person_id` of `interests.csv` and `/declarations.csv`, and of the conflicts in `decisions.csv`. At a meeting held in common, their id in the first of the group's CCGs that names them. Empty for someone the CCG's records name only in attendance lists (they have no page either), and for a person whose register entry is withheld in full.",
        value: |r| r.person_id.clone(),
    },
    Column {
        name: "status",
        doc: "`present` (a member present), `in-attendance` (an officer, observer or adviser who attended) or `apologies` (a member who sent apologies). Attendance is recorded for the whole meeting, not for each item.",
        value: |r| r.status.to_owned(),
    },
];

/// Everyone listed in the attendance of a meeting, in the order written:
/// present, in attendance, apologies.
pub(super) fn attendance_rows<'r, 'a>(cx: &Published, meetings: &'r [MeetingRef<'a>]) -> Vec<AttendanceRow<'r, 'a>> {
    let mut rows = Vec::new();
    for m in meetings {
        let Some(a) = &m.meeting.front.attendance else { continue };
        for (status, names) in [("present", &a.present), ("in-attendance", &a.in_attendance), ("apologies", &a.apologies)] {
            for n in names {
                rows.push(AttendanceRow { m, name: person_key(cx.person(n)), person_id: m.person_id(cx, n), status });
            }
        }
    }
    rows
}

/// One row of `/declarations.csv`.
pub(crate) struct DeclarationRow<'r, 'a> {
    m: &'r MeetingRef<'a>,
    item: &'a str,
    item_title: &'a str,
    decision_id: &'a str,
    name: &'a str,
    person_id: String,
    interest: &'a str,
    action: &'a str,
}

pub(crate) type DeclarationColumn = Column<fn(&DeclarationRow<'_, '_>) -> String>;

pub(crate) const DECLARATION_COLUMNS: &[DeclarationColumn] = meeting_columns_then![
    Column {
        name: "item",
        doc: "The number of the agenda item the declaration concerns, as printed (`4.1`: text, not a number); empty when it names none.",
        value: |r| r.item.to_owned(),
    },
    Column { name: "item_title", doc: "The agenda item's title.", value: |r| r.item_title.to_owned() },
    Column {
        name: "decision_id",
        doc: "The decision taken on that item: its `decision_id` in the same CCG's `decisions.csv`. Empty when the item took none, and at a meeting held in common (each CCG's decisions there name the meeting in their `meeting_url`).",
        value: |r| r.decision_id.to_owned(),
    },
    Column { name: "name", doc: "Who declared it, as the meeting's page shows them, or `Name withheld`.", value: |r| r.name.to_owned() },
    Column {
        name: "person_id",
        doc: "Their id, as in `/attendance.csv`: the `person_id` of `interests.csv`, which holds their registered interests.",
        value: |r| r.person_id.clone(),
    },
    Column {
        name: "interest",
        doc: "The interest declared, as the minutes record it; `details withheld` for a person whose register entry is withheld in full (the item and action are then empty too).",
        value: |r| r.interest.to_owned(),
    },
    Column { name: "action", doc: "What was done about it (`Left the room for the item`).", value: |r| r.action.to_owned() },
];

/// Every declaration of every meeting, in the order written.
pub(super) fn declaration_rows<'r, 'a>(cx: &Published, meetings: &'r [MeetingRef<'a>]) -> Vec<DeclarationRow<'r, 'a>> {
    let mut rows = Vec::new();
    for m in meetings {
        let f = &m.meeting.front;
        for d in &f.declarations {
            if cx.withholding(&d.name).is_entry() {
                // As on the meeting's page: the name withheld, and nothing
                // of theirs, not even the item.
                rows.push(DeclarationRow {
                    m,
                    item: "",
                    item_title: "",
                    decision_id: "",
                    name: cx.person(&d.name),
                    person_id: String::new(),
                    interest: DETAILS_WITHHELD,
                    action: "",
                });
                continue;
            }
            let item = d.item.as_deref().and_then(|n| f.agenda.iter().find(|i| i.number == n));
            rows.push(DeclarationRow {
                m,
                item: d.item.as_deref().unwrap_or(""),
                item_title: item.map_or("", |i| &i.title),
                // A group's meeting takes no decision of its own.
                decision_id: item.filter(|_| m.group_id.is_empty()).and_then(|i| i.decision.as_deref()).unwrap_or(""),
                name: cx.person(&d.name),
                person_id: m.person_id(cx, &d.name),
                interest: &d.interest,
                action: &d.action,
            });
        }
    }
    rows
}
