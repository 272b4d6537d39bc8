//! The registers as open data: per CCG `decisions.csv`, `decisions.json`,
//! `interests.csv`, `interests.json`; nationally `/decisions.csv` and
//! `/ccgs.json`; and the page that documents them, `/open-data/`.
//!
//! Every column is declared once, in [`DECISION_COLUMNS`] and
//! [`INTEREST_COLUMNS`], with its name, its meaning and how it is filled, so
//! the files and their documentation cannot drift apart. Names go through
//! the same redaction as the pages: a withheld register entry is
//! "Name withheld" with no roles or interests, and a withheld name is
//! replaced wherever a person is named (conflicts, procurement leads,
//! committee members).
//!
//! CSV is written here rather than with the `csv` crate: RFC 4180 quoting is
//! a dozen lines, and the parts a spreadsheet needs (BOM, CRLF, neutralising
//! cells that start like a formula) are ours to add either way. JSON uses
//! `serde_json`: escaping and number formatting are easy to get subtly wrong.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::checks::CcgChecks;
use crate::diag::Diagnostic;
use crate::markdown;
use crate::model::*;
use crate::render::{Body, DataFile, HtmlSite, NAME_WITHHELD, Output, Published, Renderer, SitePath, data_files};

// ---------------------------------------------------------------------------
// CSV.

/// An RFC 4180 file that opens cleanly in a spreadsheet: UTF-8 with a byte
/// order mark, CRLF line ends, quotes where needed, control characters
/// other than tab and line feed dropped, and cells that would be read as a
/// formula prefixed with an apostrophe.
pub struct Csv {
    buf: String,
}

impl Csv {
    pub fn new(header: impl IntoIterator<Item = impl AsRef<str>>) -> Csv {
        let mut csv = Csv { buf: String::from("\u{feff}") };
        csv.row(header);
        csv
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = impl AsRef<str>>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            push_cell(&mut self.buf, cell.as_ref());
        }
        self.buf.push_str("\r\n");
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf.into_bytes()
    }
}

fn push_cell(buf: &mut String, cell: &str) {
    // Control characters (C0, DEL, C1) have no place in a cell, and a
    // terminal or spreadsheet may act on them (`\x1b[2J` clears a screen):
    // dropped, before the formula check, so `\x07=1+1` is neutralised too.
    let kept = |c: char| !c.is_control() || c == '\t' || c == '\n';
    let cleaned: String;
    let cell = if cell.chars().all(kept) {
        cell
    } else {
        cleaned = cell.chars().filter(|&c| kept(c)).collect();
        &cleaned
    };
    let formula = cell.starts_with(['=', '+', '-', '@', '\t']);
    let quote = cell.contains([',', '"', '\n']);
    if quote {
        buf.push('"');
    }
    if formula {
        buf.push('\'');
    }
    if quote {
        buf.push_str(&cell.replace('"', "\"\""));
        buf.push('"');
    } else {
        buf.push_str(cell);
    }
}

/// A column of a CSV file: its name, what it holds, how it is filled.
pub struct Column<F> {
    pub name: &'static str,
    pub doc: &'static str,
    pub value: F,
}

pub type DecisionColumn = Column<fn(&DecisionRow<'_>) -> String>;
pub type InterestColumn = Column<fn(&InterestRow<'_>) -> String>;

fn csv_of<F, R>(columns: &[Column<F>], rows: &[R], cell: impl Fn(&F, &R) -> String) -> Vec<u8> {
    let mut csv = Csv::new(columns.iter().map(|c| c.name));
    for r in rows {
        csv.row(columns.iter().map(|c| cell(&c.value, r)));
    }
    csv.into_bytes()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn yes_no(b: bool) -> String {
    if b { "true" } else { "false" }.to_owned()
}

/// Pounds as a plain number: `1250000`, `250000.5`.
fn money(m: Option<Money>) -> String {
    m.map(|m| if m.0 % 100 == 0 { (m.0 / 100).to_string() } else { format!("{}", m.pounds()) }).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Decisions.

/// One decision with everything its row needs, names already redacted.
pub struct DecisionRow<'a> {
    pub ccg: &'a Ccg,
    pub d: &'a Decision,
    /// The CCG's co-commissioning level on the decision's date.
    pub level: Option<Level>,
    pub url: String,
    pub meeting_url: Option<String>,
    pub conflicts: Vec<(String, &'a str, &'a str)>,
    pub clinical_lead: Option<String>,
    pub contract_manager: Option<String>,
}

impl<'a> DecisionRow<'a> {
    pub fn new(cx: &Published<'a>, ccg: &'a Ccg, d: &'a Decision) -> DecisionRow<'a> {
        let p = d.procurement.as_ref();
        DecisionRow {
            ccg,
            d,
            level: ccg.level_on(d.date),
            url: cx.abs(&SitePath::decision(ccg, &d.id)),
            meeting_url: cx.decision_meeting(ccg, d).map(|(m, o)| cx.abs(&SitePath::meeting(m, &o))),
            conflicts: d.conflicts.iter().map(|c| (cx.person(&c.name).to_owned(), c.interest.as_str(), c.action.as_str())).collect(),
            clinical_lead: p.and_then(|p| p.clinical_lead.as_deref()).map(|n| cx.person(n).to_owned()),
            contract_manager: p.and_then(|p| p.contract_manager.as_deref()).map(|n| cx.person(n).to_owned()),
        }
    }

    fn procurement<T>(&self, f: impl FnOnce(&'a Procurement) -> Option<T>) -> Option<T> {
        self.d.procurement.as_ref().and_then(f)
    }
}

/// Every decision of a CCG, newest first (ties by id).
pub fn decision_rows<'a>(cx: &Published<'a>, ccg: &'a Ccg) -> Vec<DecisionRow<'a>> {
    let Some(reg) = &ccg.decisions else { return Vec::new() };
    let mut entries: Vec<&Decision> = reg.data.entries.iter().collect();
    entries.sort_by(|a, b| (b.date, &a.id).cmp(&(a.date, &b.id)));
    entries.into_iter().map(|d| DecisionRow::new(cx, ccg, d)).collect()
}

pub const DECISION_COLUMNS: &[DecisionColumn] = &[
    Column { name: "ccg_id", doc: "The CCG's id, as in its address on this site (`/ccgs/<ccg_id>/`).", value: |r| r.ccg.id.clone() },
    Column { name: "ccg_name", doc: "The CCG's name.", value: |r| r.ccg.profile.data.name.clone() },
    Column { name: "ods_code", doc: "The CCG's ODS code (text: keep leading zeros).", value: |r| r.ccg.profile.data.ods_code.clone() },
    Column { name: "region", doc: "NHS England region.", value: |r| r.ccg.profile.data.region.clone() },
    Column {
        name: "level",
        doc: "The CCG's co-commissioning level on the day of the decision: `greater-involvement`, `joint` or `delegated`; empty when none.",
        value: |r| r.level.map(|l| l.as_str().to_owned()).unwrap_or_default(),
    },
    Column { name: "decision_id", doc: "The decision's id in the CCG's register (unique within the CCG).", value: |r| r.d.id.clone() },
    Column { name: "date", doc: "Date of the decision, YYYY-MM-DD.", value: |r| r.d.date.to_string() },
    Column { name: "title", doc: "What was decided.", value: |r| r.d.title.clone() },
    Column { name: "category", doc: "One of the categories listed below.", value: |r| r.d.category.as_str().to_owned() },
    Column { name: "outcome", doc: "`approved`, `rejected`, `deferred` or `noted`.", value: |r| r.d.outcome.as_str().to_owned() },
    Column {
        name: "route",
        doc: "How it was taken: `committee`, `approved-policy` (by officers under an approved policy) or `urgent` (urgent decision).",
        value: |r| r.d.route.as_str().to_owned(),
    },
    Column { name: "meeting_url", doc: "Address of the meeting that took it, when there was one.", value: |r| opt(r.meeting_url.as_ref()) },
    Column { name: "summary", doc: "Summary, as Markdown text.", value: |r| opt(r.d.summary.as_ref()) },
    Column {
        name: "conflicts_count",
        doc: "How many conflicts of interest were noted for the decision.",
        value: |r| r.conflicts.len().to_string(),
    },
    Column {
        name: "conflicts",
        doc: "Each conflict noted, as `name: interest (action)`, separated by ` | `.",
        value: |r| r.conflicts.iter().map(|(n, i, a)| format!("{n}: {i} ({a})")).collect::<Vec<_>>().join(" | "),
    },
    Column {
        name: "procurement_reference",
        doc: "Procurement decisions only, from here on: the procurement's reference.",
        value: |r| opt(r.procurement(|p| p.reference.as_ref())),
    },
    Column { name: "procurement_description", doc: "What is being procured.", value: |r| opt(r.procurement(|p| p.description.as_ref())) },
    Column {
        name: "existing_contract",
        doc: "`true` when it varies or extends an existing contract, `false` when new, empty when not said.",
        value: |r| opt(r.procurement(|p| p.existing_contract)),
    },
    Column {
        name: "procedure",
        doc: "The procurement procedure (open tender, direct award, any qualified provider…).",
        value: |r| opt(r.procurement(|p| p.procedure.as_ref())),
    },
    Column { name: "clinical_lead", doc: "The clinical lead.", value: |r| opt(r.clinical_lead.as_ref()) },
    Column { name: "contract_manager", doc: "The contract manager.", value: |r| opt(r.contract_manager.as_ref()) },
    Column { name: "supplier", doc: "The supplier awarded the contract.", value: |r| opt(r.procurement(|p| p.supplier.as_ref())) },
    Column { name: "supplier_address", doc: "The supplier's address.", value: |r| opt(r.procurement(|p| p.supplier_address.as_ref())) },
    Column {
        name: "value_total",
        doc: "Total value in pounds, a plain number (`1250000`, `4999.5`).",
        value: |r| money(r.procurement(|p| p.value_total)),
    },
    Column { name: "value_annual", doc: "Value a year in pounds, a plain number.", value: |r| money(r.procurement(|p| p.value_annual)) },
    Column { name: "contract_start", doc: "Contract start, YYYY-MM-DD.", value: |r| opt(r.procurement(|p| p.start)) },
    Column { name: "contract_end", doc: "Contract end, YYYY-MM-DD.", value: |r| opt(r.procurement(|p| p.end)) },
    Column {
        name: "justification",
        doc: "Why the actions taken on conflicts of interest were enough.",
        value: |r| opt(r.procurement(|p| p.justification.as_ref())),
    },
    Column { name: "url", doc: "Address of the decision on the CCG's page.", value: |r| r.url.clone() },
];

pub fn decisions_csv(rows: &[DecisionRow]) -> Vec<u8> {
    csv_of(DECISION_COLUMNS, rows, |f, r| f(r))
}

#[derive(Serialize)]
struct CcgRef<'a> {
    id: &'a str,
    name: &'a str,
    ods_code: &'a str,
    region: &'a str,
    url: String,
}

impl<'a> CcgRef<'a> {
    fn of(cx: &Published, ccg: &'a Ccg) -> CcgRef<'a> {
        let p = &ccg.profile.data;
        CcgRef { id: &ccg.id, name: &p.name, ods_code: &p.ods_code, region: &p.region, url: cx.abs(&SitePath::ccg(&ccg.id)) }
    }
}

#[derive(Serialize)]
struct DecisionsFile<'a> {
    ccg: CcgRef<'a>,
    updated: Date,
    decisions: Vec<DecisionJson<'a>>,
}

#[derive(Serialize)]
struct DecisionJson<'a> {
    id: &'a str,
    date: Date,
    title: &'a str,
    category: &'static str,
    outcome: &'static str,
    route: &'static str,
    level: Option<&'static str>,
    meeting_url: Option<&'a str>,
    summary: Option<&'a str>,
    conflicts: Vec<ConflictJson<'a>>,
    procurement: Option<ProcurementJson<'a>>,
    /// Open Contracting Data Standard award fields, for procurement decisions.
    award: Option<OcdsAward<'a>>,
    url: &'a str,
}

#[derive(Serialize)]
struct ConflictJson<'a> {
    name: &'a str,
    interest: &'a str,
    action: &'a str,
}

#[derive(Serialize)]
struct ProcurementJson<'a> {
    reference: Option<&'a str>,
    description: Option<&'a str>,
    existing_contract: Option<bool>,
    procedure: Option<&'a str>,
    clinical_lead: Option<&'a str>,
    contract_manager: Option<&'a str>,
    supplier: Option<&'a str>,
    supplier_address: Option<&'a str>,
    value_total: Option<Money>,
    value_annual: Option<Money>,
    start: Option<Date>,
    end: Option<Date>,
    justification: Option<&'a str>,
}

/// The fields of an OCDS 1.1 `Award`. Not a whole OCDS release: a release
/// needs an `ocid` with a prefix registered with Open Contracting, which a
/// CCG's register does not carry.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OcdsAward<'a> {
    id: String,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    status: &'static str,
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<OcdsValue>,
    suppliers: Vec<OcdsOrg<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contract_period: Option<OcdsPeriod>,
}

#[derive(Serialize)]
struct OcdsValue {
    amount: Money,
    currency: &'static str,
}

#[derive(Serialize)]
struct OcdsOrg<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<OcdsAddress<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OcdsAddress<'a> {
    street_address: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OcdsPeriod {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
}

/// A date as an OCDS date-time (midnight UTC).
fn date_time(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// OCDS award status for a decision's outcome.
pub fn award_status(o: Outcome) -> &'static str {
    match o {
        Outcome::Approved | Outcome::Noted => "active",
        Outcome::Rejected => "unsuccessful",
        Outcome::Deferred => "pending",
    }
}

fn decision_json<'a>(r: &'a DecisionRow<'a>) -> DecisionJson<'a> {
    let d = r.d;
    let award = d.procurement.as_ref().map(|p| OcdsAward {
        id: format!("{}-{}", r.ccg.profile.data.ods_code, d.id),
        title: &d.title,
        description: p.description.as_deref(),
        status: award_status(d.outcome),
        date: date_time(d.date),
        value: p.value_total.map(|amount| OcdsValue { amount, currency: "GBP" }),
        suppliers: p
            .supplier
            .as_deref()
            .map(|name| OcdsOrg { name, address: p.supplier_address.as_deref().map(|a| OcdsAddress { street_address: a }) })
            .into_iter()
            .collect(),
        contract_period: (p.start.is_some() || p.end.is_some())
            .then(|| OcdsPeriod { start_date: p.start.map(date_time), end_date: p.end.map(date_time) }),
    });
    DecisionJson {
        id: &d.id,
        date: d.date,
        title: &d.title,
        category: d.category.as_str(),
        outcome: d.outcome.as_str(),
        route: d.route.as_str(),
        level: r.level.map(Level::as_str),
        meeting_url: r.meeting_url.as_deref(),
        summary: d.summary.as_deref(),
        conflicts: r.conflicts.iter().map(|(name, interest, action)| ConflictJson { name, interest, action }).collect(),
        procurement: d.procurement.as_ref().map(|p| ProcurementJson {
            reference: p.reference.as_deref(),
            description: p.description.as_deref(),
            existing_contract: p.existing_contract,
            procedure: p.procedure.as_deref(),
            clinical_lead: r.clinical_lead.as_deref(),
            contract_manager: r.contract_manager.as_deref(),
            supplier: p.supplier.as_deref(),
            supplier_address: p.supplier_address.as_deref(),
            value_total: p.value_total,
            value_annual: p.value_annual,
            start: p.start,
            end: p.end,
            justification: p.justification.as_deref(),
        }),
        award,
        url: &r.url,
    }
}

fn json_bytes(v: &impl Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).expect("serialising plain data cannot fail");
    out.push(b'\n');
    out
}

// ---------------------------------------------------------------------------
// Interests, people and memberships.

/// Stable ids for the people of one CCG: `<ccg>/<name slug>`, or
/// `<ccg>/withheld-<n>` for a withheld name (the id must not carry it).
pub struct PersonIds {
    ids: HashMap<String, String>,
}

impl PersonIds {
    pub fn new(cx: &Published, ccg: &Ccg) -> PersonIds {
        let mut ids = HashMap::new();
        let mut used = HashSet::new();
        let mut withheld = 0;
        let register = ccg.interests.iter().flat_map(|r| r.data.entries.iter()).map(|e| e.name.as_str());
        let members = ccg.profile.data.committees.iter().flat_map(|c| c.members.iter()).map(|m| m.name.as_str());
        for name in register.chain(members) {
            if ids.contains_key(name) {
                continue;
            }
            let stem = if cx.person(name) != name {
                withheld += 1;
                format!("withheld-{withheld}")
            } else {
                let s = markdown::slug(name);
                if s.is_empty() { "person".to_owned() } else { s }
            };
            let mut id = format!("{}/{stem}", ccg.id);
            let mut n = 1;
            while !used.insert(id.clone()) {
                n += 1;
                id = format!("{}/{stem}-{n}", ccg.id);
            }
            ids.insert(name.to_owned(), id);
        }
        PersonIds { ids }
    }

    pub fn get(&self, name: &str) -> &str {
        self.ids.get(name).map_or("", String::as_str)
    }
}

/// One row of `interests.csv`: an interest, or a person with none listed.
pub struct InterestRow<'a> {
    pub ccg: &'a Ccg,
    pub updated: Date,
    pub person_id: String,
    pub name: &'a str,
    pub withheld: bool,
    pub roles: String,
    pub nil_return: bool,
    pub interest: Option<&'a Interest>,
}

pub const INTEREST_COLUMNS: &[InterestColumn] = &[
    Column { name: "ccg_id", doc: "The CCG's id.", value: |r| r.ccg.id.clone() },
    Column { name: "ccg_name", doc: "The CCG's name.", value: |r| r.ccg.profile.data.name.clone() },
    Column { name: "ods_code", doc: "The CCG's ODS code.", value: |r| r.ccg.profile.data.ods_code.clone() },
    Column { name: "register_updated", doc: "The day the register was last reviewed, YYYY-MM-DD.", value: |r| r.updated.to_string() },
    Column { name: "person_id", doc: "The person's id, the same in `interests.json` and `/ccgs.json`.", value: |r| r.person_id.clone() },
    Column { name: "name", doc: "The person's name, or `Name withheld`.", value: |r| r.name.to_owned() },
    Column {
        name: "withheld",
        doc: "`true` when the entry is withheld because publishing it could put the person at risk: no name, roles or interests are published, but the entry is counted.",
        value: |r| yes_no(r.withheld),
    },
    Column { name: "roles", doc: "The person's roles, separated by `; `.", value: |r| r.roles.clone() },
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
];

fn interest_rows<'a>(cx: &Published, ccg: &'a Ccg, reg: &'a Register<InterestEntry>, ids: &PersonIds) -> Vec<InterestRow<'a>> {
    let mut rows = Vec::new();
    for e in &reg.entries {
        let withheld = e.withheld || cx.person(&e.name) != e.name;
        let base = InterestRow {
            ccg,
            updated: reg.updated,
            person_id: ids.get(&e.name).to_owned(),
            name: if withheld { NAME_WITHHELD } else { &e.name },
            withheld,
            roles: if withheld { String::new() } else { e.roles.join("; ") },
            nil_return: !withheld && e.nil_return,
            interest: None,
        };
        if withheld || e.interests.is_empty() {
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
struct InterestsFile<'a> {
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
}

fn interests_json<'a>(cx: &Published, ccg: &'a Ccg, reg: &'a Register<InterestEntry>, ids: &PersonIds) -> InterestsFile<'a> {
    let persons = reg
        .entries
        .iter()
        .map(|e| {
            let withheld = e.withheld || cx.person(&e.name) != e.name;
            PersonJson {
                id: ids.get(&e.name).to_owned(),
                name: if withheld { NAME_WITHHELD } else { &e.name },
                withheld,
                roles: if withheld { Vec::new() } else { e.roles.iter().map(String::as_str).collect() },
                nil_return: !withheld && e.nil_return,
                interests: if withheld {
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
                        })
                        .collect()
                },
            }
        })
        .collect();
    InterestsFile { ccg: CcgRef::of(cx, ccg), updated: reg.updated, persons }
}

// ---------------------------------------------------------------------------
// ccgs.json: the machine-readable index, with Popolo organisations, people
// and memberships for the committees.

#[derive(Serialize)]
struct CcgsFile<'a> {
    title: &'a str,
    url: &'a str,
    as_of: Date,
    ccgs: Vec<CcgJson<'a>>,
    organizations: Vec<OrgJson<'a>>,
    persons: Vec<PopoloPerson<'a>>,
    memberships: Vec<MembershipJson<'a>>,
}

#[derive(Serialize)]
struct CcgJson<'a> {
    id: &'a str,
    name: &'a str,
    ods_code: &'a str,
    region: &'a str,
    area_team: Option<&'a str>,
    website: Option<&'a str>,
    population: Option<u64>,
    member_practices: Option<u32>,
    established: Option<Date>,
    closed: Option<Date>,
    successor: Option<&'a str>,
    successor_name: Option<&'a str>,
    level: Option<&'static str>,
    levels: Vec<LevelJson>,
    url: String,
    files: Vec<FileJson>,
    meetings: usize,
    decisions: Option<usize>,
    decisions_updated: Option<Date>,
    interests_entries: Option<usize>,
    interests_updated: Option<Date>,
    checks_on: Date,
    checks: Vec<CheckJson<'a>>,
}

#[derive(Serialize)]
struct LevelJson {
    level: &'static str,
    from: Date,
    to: Option<Date>,
}

#[derive(Serialize)]
struct FileJson {
    name: &'static str,
    url: String,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    number: usize,
    title: &'a str,
    status: crate::checks::Status,
    reason: &'a str,
}

#[derive(Serialize)]
struct OrgJson<'a> {
    id: String,
    name: &'a str,
    classification: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    identifiers: Vec<IdentifierJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    founding_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dissolution_date: Option<Date>,
}

#[derive(Serialize)]
struct IdentifierJson<'a> {
    scheme: &'static str,
    identifier: &'a str,
}

#[derive(Serialize)]
struct PopoloPerson<'a> {
    id: String,
    name: &'a str,
}

#[derive(Serialize)]
struct MembershipJson<'a> {
    person_id: String,
    organization_id: String,
    role: &'a str,
    category: &'static str,
    voting: bool,
    chair: bool,
    start_date: Option<Date>,
    end_date: Option<Date>,
}

fn ccgs_json<'a>(cx: &Published<'a>, checks: &'a [CcgChecks]) -> CcgsFile<'a> {
    let content = cx.content;
    let mut ccgs = Vec::new();
    let mut organizations = Vec::new();
    let mut persons = Vec::new();
    let mut memberships = Vec::new();
    for (ccg, checks) in content.ccgs.iter().zip(checks) {
        let p = &ccg.profile.data;
        ccgs.push(CcgJson {
            id: &ccg.id,
            name: &p.name,
            ods_code: &p.ods_code,
            region: &p.region,
            area_team: p.area_team.as_deref(),
            website: p.website.as_deref().filter(|w| markdown::is_safe_link(w)),
            population: p.population,
            member_practices: p.member_practices,
            established: p.established,
            closed: p.closed,
            successor: p.successor.as_deref(),
            successor_name: p.successor_name.as_deref(),
            level: ccg.level_on(checks.on).map(Level::as_str),
            levels: p.co_commissioning.iter().map(|l| LevelJson { level: l.level.as_str(), from: l.from, to: l.to }).collect(),
            url: cx.abs(&SitePath::ccg(&ccg.id)),
            files: data_files(ccg).into_iter().map(|f| FileJson { name: f.name(), url: cx.abs(&SitePath::data_file(ccg, f)) }).collect(),
            meetings: cx.meetings_of(ccg).len(),
            decisions: ccg.decisions.as_ref().map(|r| r.data.entries.len()),
            decisions_updated: ccg.decisions.as_ref().map(|r| r.data.updated),
            interests_entries: ccg.interests.as_ref().map(|r| r.data.entries.len()),
            interests_updated: ccg.interests.as_ref().map(|r| r.data.updated),
            checks_on: checks.on,
            checks: checks
                .results
                .iter()
                .map(|r| CheckJson { number: r.number, title: r.title, status: r.status, reason: &r.reason })
                .collect(),
        });
        organizations.push(OrgJson {
            id: ccg.id.clone(),
            name: &p.name,
            classification: "clinical commissioning group",
            parent_id: None,
            identifiers: vec![IdentifierJson { scheme: "ods", identifier: &p.ods_code }],
            founding_date: p.established,
            dissolution_date: p.closed,
        });
        let ids = PersonIds::new(cx, ccg);
        let mut seen = HashSet::new();
        for c in &p.committees {
            let org = format!("{}/{}", ccg.id, c.id);
            organizations.push(OrgJson {
                id: org.clone(),
                name: &c.name,
                classification: "committee",
                parent_id: Some(&ccg.id),
                identifiers: Vec::new(),
                founding_date: None,
                dissolution_date: None,
            });
            for m in &c.members {
                let pid = ids.get(&m.name).to_owned();
                if seen.insert(pid.clone()) {
                    persons.push(PopoloPerson { id: pid.clone(), name: cx.person(&m.name) });
                }
                memberships.push(MembershipJson {
                    person_id: pid,
                    organization_id: org.clone(),
                    role: &m.role,
                    category: m.category.as_str(),
                    voting: m.voting,
                    chair: m.chair,
                    start_date: m.from,
                    end_date: m.to,
                });
            }
        }
    }
    for g in &content.groups {
        organizations.push(OrgJson {
            id: format!("groups/{}", g.id),
            name: &g.profile.data.name,
            classification: "committees in common",
            parent_id: None,
            identifiers: Vec::new(),
            founding_date: None,
            dissolution_date: None,
        });
    }
    CcgsFile { title: cx.site_title(), url: cx.base.url(), as_of: cx.input.as_of, ccgs, organizations, persons, memberships }
}

// ---------------------------------------------------------------------------
// The renderer.

/// Open data files, and the page that documents them.
pub struct OpenData<'h> {
    pub html: &'h HtmlSite,
}

impl Renderer for OpenData<'_> {
    fn render(&self, cx: &Published) -> Result<Vec<Output>, Vec<Diagnostic>> {
        let input = cx.input;
        let mut out = Vec::new();
        let mut national: Vec<DecisionRow> = Vec::new();
        for ccg in &input.content.ccgs {
            if let Some(reg) = &ccg.decisions {
                let rows = decision_rows(cx, ccg);
                out.push(file(SitePath::data_file(ccg, DataFile::DecisionsCsv), decisions_csv(&rows)));
                let json = DecisionsFile {
                    ccg: CcgRef::of(cx, ccg),
                    updated: reg.data.updated,
                    decisions: rows.iter().map(decision_json).collect(),
                };
                out.push(file(SitePath::data_file(ccg, DataFile::DecisionsJson), json_bytes(&json)));
                national.extend(rows);
            }
            if let Some(reg) = &ccg.interests {
                let ids = PersonIds::new(cx, ccg);
                let rows = interest_rows(cx, ccg, &reg.data, &ids);
                out.push(file(SitePath::data_file(ccg, DataFile::InterestsCsv), csv_of(INTEREST_COLUMNS, &rows, |f, r| f(r))));
                out.push(file(SitePath::data_file(ccg, DataFile::InterestsJson), json_bytes(&interests_json(cx, ccg, &reg.data, &ids))));
            }
        }
        national.sort_by(|a, b| (b.d.date, &a.ccg.id, &a.d.id).cmp(&(a.d.date, &b.ccg.id, &b.d.id)));
        out.push(file(SitePath::national_decisions_csv(), decisions_csv(&national)));
        out.push(file(SitePath::ccgs_json(), json_bytes(&ccgs_json(cx, input.checks))));
        out.push(
            self.html
                .render_page(cx, "opendata.html", "Open data", OPEN_DATA_DESCRIPTION, &SitePath::open_data_page(), "data", &docs_view())
                .map_err(|d| vec![d])?,
        );
        Ok(out)
    }
}

const OPEN_DATA_DESCRIPTION: &str = "Download every CCG's registers of decisions and interests as CSV and JSON, follow them as Atom feeds and meetings as calendars: the files and their columns";

fn file(at: SitePath, bytes: Vec<u8>) -> Output {
    Output { path: at.into_file(), body: Body::Bytes(bytes) }
}

#[derive(Serialize)]
struct DocsView {
    decision_columns: Vec<ColumnDoc>,
    interest_columns: Vec<ColumnDoc>,
    categories: Vec<ColumnDoc>,
}

#[derive(Serialize)]
struct ColumnDoc {
    name: &'static str,
    /// HTML: the doc escaped, its `code` spans as <code>.
    doc: String,
}

/// A column's doc (our own text, Markdown code spans only) as HTML.
fn doc_html(doc: &str) -> String {
    let escaped = doc.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut out = String::new();
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

fn docs_view() -> DocsView {
    DocsView {
        decision_columns: DECISION_COLUMNS.iter().map(|c| ColumnDoc { name: c.name, doc: doc_html(c.doc) }).collect(),
        interest_columns: INTEREST_COLUMNS.iter().map(|c| ColumnDoc { name: c.name, doc: doc_html(c.doc) }).collect(),
        categories: Category::ALL.iter().map(|c| ColumnDoc { name: c.as_str(), doc: c.label().to_owned() }).collect(),
    }
}

/// The columns of both CSV files as a Markdown table, for the README.
pub fn columns_markdown() -> String {
    let mut s = String::new();
    for (title, cols) in [
        ("decisions.csv", DECISION_COLUMNS.iter().map(|c| (c.name, c.doc)).collect::<Vec<_>>()),
        ("interests.csv", INTEREST_COLUMNS.iter().map(|c| (c.name, c.doc)).collect()),
    ] {
        s.push_str(&format!("`{title}`:\n\n| column | what it holds |\n| --- | --- |\n"));
        for (name, doc) in cols {
            s.push_str(&format!("| `{name}` | {doc} |\n"));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(rows: &[&[&str]]) -> String {
        let mut c = Csv::new(["a", "b"]);
        for r in rows {
            c.row(r.iter());
        }
        String::from_utf8(c.into_bytes()).unwrap()
    }

    #[test]
    fn csv_quotes_and_neutralises() {
        assert_eq!(csv(&[&["x", "y"]]), "\u{feff}a,b\r\nx,y\r\n");
        assert_eq!(csv(&[&["a,b", "say \"hi\""]]), "\u{feff}a,b\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n");
        assert_eq!(csv(&[&["line\nbreak", ""]]), "\u{feff}a,b\r\n\"line\nbreak\",\r\n");
        assert_eq!(csv(&[&["=1+1", "@SUM(A1)"]]), "\u{feff}a,b\r\n'=1+1,'@SUM(A1)\r\n");
        assert_eq!(csv(&[&["-2", "+x,y"]]), "\u{feff}a,b\r\n'-2,\"'+x,y\"\r\n");
        assert_eq!(csv(&[&["\tx", "\rx"]]), "\u{feff}a,b\r\n'\tx,x\r\n");
    }

    #[test]
    fn csv_drops_control_characters() {
        assert_eq!(csv(&[&["a\x1b[2Jb\x07", "c\u{9b}31md\u{7f}"]]), "\u{feff}a,b\r\na[2Jb,c31md\r\n");
        // Dropped first, so what they hid is neutralised.
        assert_eq!(csv(&[&["\x07=1+1", "\r\u{85}@SUM(A1)"]]), "\u{feff}a,b\r\n'=1+1,'@SUM(A1)\r\n");
        // Tab and line feed stay; text in other scripts is untouched.
        assert_eq!(csv(&[&["x\ty", "line\r\nnext é £ –"]]), "\u{feff}a,b\r\nx\ty,\"line\nnext é £ –\"\r\n");
    }

    #[test]
    fn docs_become_html() {
        assert_eq!(doc_html("`a<b>` & `c`"), "<code>a&lt;b&gt;</code> &amp; <code>c</code>");
    }

    #[test]
    fn money_is_a_plain_number() {
        assert_eq!(money(Some(Money(125_000_000))), "1250000");
        assert_eq!(money(Some(Money(25_000_050))), "250000.5");
        assert_eq!(money(Some(Money(499_999))), "4999.99");
        assert_eq!(money(None), "");
    }

    #[test]
    fn column_names_are_unique_snake_case() {
        for names in [DECISION_COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>(), INTEREST_COLUMNS.iter().map(|c| c.name).collect()] {
            let set: HashSet<_> = names.iter().collect();
            assert_eq!(set.len(), names.len());
            assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
        }
    }
}
