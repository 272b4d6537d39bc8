//! The registers of interests: `interests.csv` and `interests.json`
//! (Popolo people), and the ids of a CCG's people, which `/ccgs.json` shares.

use std::collections::HashMap;

use serde::Serialize;

use super::CcgRef;
use super::csv::{Column, list_cell, opt, yes_no};
use crate::model::*;
use crate::render::{NAME_WITHHELD, Published};

/// Stable ids for the people of one CCG: `<ccg>/<name slug>`, or
/// `<ccg>/withheld-<n>` for a withheld name (the id must not carry it); the
/// slug is also the person's page (see `render::people`).
pub(crate) struct PersonIds {
    ids: HashMap<String, String>,
}

impl PersonIds {
    pub(crate) fn new(cx: &Published, ccg: &Ccg) -> PersonIds {
        let ids = cx.people(ccg).list.iter().map(|p| (p.key.clone(), format!("{}/{}", ccg.id, p.stem))).collect();
        PersonIds { ids }
    }

    pub(crate) fn get(&self, name: &str) -> &str {
        self.ids.get(&person_key(name)).map_or("", String::as_str)
    }
}

/// One row of `interests.csv`: an interest, or a person with none listed.
pub(crate) struct InterestRow<'a> {
    pub ccg: &'a Ccg,
    pub updated: Date,
    pub person_id: String,
    pub name: &'a str,
    pub withheld: bool,
    pub roles: String,
    pub nil_return: bool,
    pub interest: Option<&'a Interest>,
}

pub(crate) type InterestColumn = Column<fn(&InterestRow<'_>) -> String>;

pub(crate) const INTEREST_COLUMNS: &[InterestColumn] = &[
    Column { name: "ccg_id", doc: "The CCG's id.", value: |r| r.ccg.id.clone() },
    Column { name: "ccg_name", doc: "The CCG's name.", value: |r| r.ccg.profile.data.name.clone() },
    Column { name: "ods_code", doc: "The CCG's ODS code.", value: |r| r.ccg.profile.data.ods_code.clone() },
    Column { name: "register_updated", doc: "The day the register was last reviewed, YYYY-MM-DD.", value: |r| r.updated.to_string() },
    Column {
        name: "person_id",
        doc: "The person's id, `<ccg_id>/<slug of the name>`: the same in `interests.json`, `/ccgs.json`, the `conflict_person_ids` of `decisions.csv`, `/attendance.csv` and `/declarations.csv`.",
        value: |r| r.person_id.clone(),
    },
    Column { name: "name", doc: "The person's name, or `Name withheld`.", value: |r| r.name.to_owned() },
    Column {
        name: "withheld",
        doc: "`true` when the person's name is withheld because publishing it could put them at risk (`name` is then `Name withheld`): an entry withheld in full lists no roles or interests either, is counted, and comes last; one whose name alone is withheld lists its roles and interests.",
        value: |r| yes_no(r.withheld),
    },
    Column { name: "roles", doc: "The person's roles, as a list.", value: |r| r.roles.clone() },
    Column { name: "nil_return", doc: "`true` when the person declared that they have no interests.", value: |r| yes_no(r.nil_return) },
    Column {
        name: "interest_type",
        doc: "`financial`, `non-financial-professional`, `non-financial-personal` or `indirect`; empty on a row for a person with no interest listed.",
        value: |r| opt(r.interest.map(|i| i.kind.as_str())),
    },
    Column { name: "description", doc: "The interest.", value: |r| opt(r.interest.map(|i| &i.description)) },
    Column { name: "from", doc: "When the interest began, YYYY-MM-DD, when known.", value: |r| opt(r.interest.and_then(|i| i.from)) },
    Column {
        name: "to",
        doc: "When it ended, YYYY-MM-DD; ended interests stay on the register.",
        value: |r| opt(r.interest.and_then(|i| i.to)),
    },
    Column { name: "action", doc: "How the conflict is managed.", value: |r| opt(r.interest.map(|i| &i.action)) },
    Column {
        name: "practices",
        doc: "The ODS codes of the GP practices the interest concerns, as a list: the same codes as the `practices` of `decisions.csv`.",
        value: |r| r.interest.map(|i| list_cell(&i.practices)).unwrap_or_default(),
    },
];

/// A register's entries with how much of each is withheld, in the order
/// they are published: as written, those withheld in full last (where one
/// stood in the register could say whose it is).
pub(crate) fn in_published_order<'a>(cx: &Published, reg: &'a Register<InterestEntry>) -> Vec<(&'a InterestEntry, Withholding)> {
    let mut v: Vec<(&InterestEntry, Withholding)> = reg.entries.iter().map(|e| (e, cx.entry_withholding(e))).collect();
    v.sort_by_key(|(_, w)| w.is_entry());
    v
}

pub(super) fn interest_rows<'a>(cx: &Published, ccg: &'a Ccg, reg: &'a Register<InterestEntry>, ids: &PersonIds) -> Vec<InterestRow<'a>> {
    let mut rows = Vec::new();
    for (e, w) in in_published_order(cx, reg) {
        let whole = w.is_entry();
        let base = InterestRow {
            ccg,
            updated: reg.updated,
            person_id: ids.get(&e.name).to_owned(),
            name: if w.is_withheld() { NAME_WITHHELD } else { &e.name },
            withheld: w.is_withheld(),
            roles: if whole { String::new() } else { list_cell(&e.roles) },
            nil_return: !whole && e.nil_return,
            interest: None,
        };
        if whole || e.interests.is_empty() {
            rows.push(base);
        } else {
            for i in &e.interests {
                rows.push(InterestRow { interest: Some(i), roles: base.roles.clone(), person_id: base.person_id.clone(), ..base });
            }
        }
    }
    rows
}

#[derive(Serialize)]
pub(crate) struct InterestsFile<'a> {
    ccg: CcgRef<'a>,
    updated: Date,
    /// Popolo persons, each with the register's fields.
    persons: Vec<PersonJson<'a>>,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    id: String,
    name: &'a str,
    withheld: bool,
    roles: Vec<&'a str>,
    nil_return: bool,
    interests: Vec<InterestJson<'a>>,
}

#[derive(Serialize)]
struct InterestJson<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'a str,
    start_date: Option<Date>,
    end_date: Option<Date>,
    action: &'a str,
    /// The ODS codes of the practices it concerns.
    practices: &'a [String],
}

pub(super) fn interests_json<'a>(cx: &Published, ccg: &'a Ccg, reg: &'a Register<InterestEntry>, ids: &PersonIds) -> InterestsFile<'a> {
    let persons = in_published_order(cx, reg)
        .into_iter()
        .map(|(e, w)| {
            let whole = w.is_entry();
            PersonJson {
                id: ids.get(&e.name).to_owned(),
                name: if w.is_withheld() { NAME_WITHHELD } else { &e.name },
                withheld: w.is_withheld(),
                roles: if whole { Vec::new() } else { e.roles.iter().map(String::as_str).collect() },
                nil_return: !whole && e.nil_return,
                interests: if whole {
                    Vec::new()
                } else {
                    e.interests
                        .iter()
                        .map(|i| InterestJson {
                            kind: i.kind.as_str(),
                            description: &i.description,
                            start_date: i.from,
                            end_date: i.to,
                            action: &i.action,
                            practices: &i.practices,
                        })
                        .collect()
                },
            }
        })
        .collect();
    InterestsFile { ccg: CcgRef::of(cx, ccg), updated: reg.updated, persons }
}
