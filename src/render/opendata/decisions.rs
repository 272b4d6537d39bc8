//! The registers of decisions: `decisions.csv` (a CCG's, and the
//! country's) and `decisions.json`, with Open Contracting award fields.

use serde::Serialize;

use super::CcgRef;
use super::csv::{Column, csv_of, list_cell, money, opt};
use crate::checks::Undeclared;
use crate::model::*;
use crate::render::{DETAILS_WITHHELD, NAME_WITHHELD, Published, SitePath};

/// One decision with everything its row needs, names already redacted.
pub(crate) struct DecisionRow<'a> {
    pub ccg: &'a Ccg,
    pub d: &'a Decision,
    /// The CCG's co-commissioning level on the decision's date.
    pub level: Option<Level>,
    pub url: String,
    pub meeting_url: Option<String>,
    pub conflicts: Vec<(String, &'a str, &'a str)>,
    /// Each conflict's person id (as in the registers of interests), in order.
    pub conflict_ids: Vec<String>,
    pub clinical_lead: Option<String>,
    pub contract_manager: Option<String>,
    /// Check 11's findings on the decision, in the public wording (its
    /// flag: "No declaration recorded").
    pub undeclared: Vec<String>,
}

impl<'a> DecisionRow<'a> {
    pub(crate) fn new(cx: &Published<'a>, ccg: &'a Ccg, d: &'a Decision) -> DecisionRow<'a> {
        let p = d.procurement.as_ref();
        DecisionRow {
            ccg,
            d,
            level: ccg.level_on(d.date),
            url: cx.abs(&SitePath::decision(ccg, &d.id)),
            meeting_url: cx.decision_meeting(ccg, d).map(|(m, o)| cx.abs(&SitePath::meeting(m, &o))),
            conflicts: d
                .conflicts
                .iter()
                .map(|c| match cx.withholding(&c.name).is_entry() {
                    true => (NAME_WITHHELD.to_owned(), DETAILS_WITHHELD, ""),
                    false => (cx.person(&c.name).to_owned(), c.interest.as_str(), c.action.as_str()),
                })
                .collect(),
            // A person withheld in full has no id here: one would tie the
            // conflict to their other rows.
            conflict_ids: d
                .conflicts
                .iter()
                .map(|c| if cx.withholding(&c.name).is_entry() { String::new() } else { cx.person_id(ccg, &c.name) })
                .collect(),
            clinical_lead: p.and_then(|p| p.clinical_lead.as_deref()).map(|n| cx.person(n).to_owned()),
            contract_manager: p.and_then(|p| p.contract_manager.as_deref()).map(|n| cx.person(n).to_owned()),
            undeclared: cx.undeclared(ccg).iter().filter(|u| u.decision == d.id).map(Undeclared::describe).collect(),
        }
    }

    fn procurement<T>(&self, f: impl FnOnce(&'a Procurement) -> Option<T>) -> Option<T> {
        self.d.procurement.as_ref().and_then(f)
    }
}

/// Every decision of a CCG, newest first (ties by id).
pub(crate) fn decision_rows<'a>(cx: &Published<'a>, ccg: &'a Ccg) -> Vec<DecisionRow<'a>> {
    let Some(reg) = &ccg.decisions else { return Vec::new() };
    let mut entries: Vec<&Decision> = reg.data.entries.iter().collect();
    entries.sort_by(|a, b| (b.date, &a.id).cmp(&(a.date, &b.id)));
    entries.into_iter().map(|d| DecisionRow::new(cx, ccg, d)).collect()
}

/// A conflict as `name: interest (action)`, or `name: interest` when it has
/// no action (a person withheld in full).
pub(crate) fn conflict_text(name: &str, interest: &str, action: &str) -> String {
    if action.is_empty() { format!("{name}: {interest}") } else { format!("{name}: {interest} ({action})") }
}

pub(crate) type DecisionColumn = Column<fn(&DecisionRow<'_>) -> String>;

pub(crate) const DECISION_COLUMNS: &[DecisionColumn] = &[
    Column {
        name: "ccg_id",
        // The CCG's address is its folder's (SitePath::ccg).
        doc: concat!("The CCG's id, as in its address on this site (`/", crate::ccgs_folder!(), "/<ccg_id>/`)."),
        value: |r| r.ccg.id.clone(),
    },
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
        doc: "Each conflict noted, as `name: interest (action)`, as a list; `Name withheld: details withheld` for a person whose entry is withheld in full.",
        value: |r| list_cell(r.conflicts.iter().map(|(n, i, a)| conflict_text(n, i, a))),
    },
    Column {
        name: "conflict_person_ids",
        doc: "The person id of each conflict, in the same order, as a list (one value for each of the `conflicts_count` conflicts, empty for a person whose entry is withheld in full): the `person_id` of the registers of interests (`interests.csv`, `/interests.csv`), of `/attendance.csv` and of `/declarations.csv`.",
        value: |r| list_cell(&r.conflict_ids),
    },
    Column {
        name: "no_declaration_recorded_count",
        doc: "How many registered interests transparency check 11 found with no declaration recorded for the decision (its flag \"No declaration recorded\"): someone recorded present at the meeting has a registered interest that concerns it, and neither a declaration for its agenda item nor a conflict on the decision is recorded. `0` when none.",
        value: |r| r.undeclared.len().to_string(),
    },
    Column {
        name: "no_declaration_recorded",
        doc: "Each of those findings, as the decision's entry on the CCG's page words it, as a list.",
        value: |r| list_cell(&r.undeclared),
    },
    Column {
        name: "practices",
        doc: "The ODS codes of the GP practices the decision affects, as a list (each has a page at `/practices/<code>/`).",
        value: |r| list_cell(&r.d.practices),
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

pub(crate) fn decisions_csv(rows: &[DecisionRow]) -> Vec<u8> {
    csv_of(DECISION_COLUMNS, rows, |f, r| f(r))
}

#[derive(Serialize)]
pub(super) struct DecisionsFile<'a> {
    pub(super) ccg: CcgRef<'a>,
    pub(super) updated: Date,
    pub(super) decisions: Vec<DecisionJson<'a>>,
}

#[derive(Serialize)]
pub(super) struct DecisionJson<'a> {
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
    /// The ODS codes of the practices it affects.
    practices: Vec<&'a str>,
    /// Check 11's findings: how many, and each in the public wording.
    no_declaration_recorded_count: usize,
    no_declaration_recorded: &'a [String],
    procurement: Option<ProcurementJson<'a>>,
    /// Open Contracting Data Standard award fields, for procurement decisions.
    award: Option<OcdsAward<'a>>,
    url: &'a str,
}

#[derive(Serialize)]
struct ConflictJson<'a> {
    name: &'a str,
    /// As in the registers of interests.
    person_id: &'a str,
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
pub(crate) fn award_status(o: Outcome) -> &'static str {
    match o {
        Outcome::Approved | Outcome::Noted => "active",
        Outcome::Rejected => "unsuccessful",
        Outcome::Deferred => "pending",
    }
}

pub(super) fn decision_json<'a>(r: &'a DecisionRow<'a>) -> DecisionJson<'a> {
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
        conflicts: r
            .conflicts
            .iter()
            .zip(&r.conflict_ids)
            .map(|((name, interest, action), person_id)| ConflictJson { name, person_id, interest, action })
            .collect(),
        practices: d.practices.iter().map(String::as_str).collect(),
        no_declaration_recorded_count: r.undeclared.len(),
        no_declaration_recorded: &r.undeclared,
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
