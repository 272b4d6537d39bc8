//! The CCG page's register of decisions, and the links to a decision that
//! meeting pages show.

use serde::Serialize;

use crate::checks::Undeclared;
use crate::markdown;
use crate::model::*;
use crate::render::published::{Published, SitePath, decision_anchor, meeting_title};
use crate::render::views::{DateView, Link, practice_link};

#[derive(Serialize)]
pub(crate) struct DecisionsView {
    updated: DateView,
    count: usize,
    procurement_count: usize,
}

/// A decision as the CCG page shows it, in its year.
#[derive(Serialize)]
pub(crate) struct DecisionView {
    /// The day, for grouping by year.
    #[serde(skip)]
    pub(crate) day: Date,
    id: String,
    anchor: String,
    date: DateView,
    title: String,
    category: &'static str,
    route: &'static str,
    outcome: &'static str,
    outcome_key: &'static str,
    summary_html: Option<String>,
    meeting: Option<Link>,
    conflicts: Vec<ConflictView>,
    /// The practices it affects, linked.
    practices: Vec<Link>,
    /// Check 11: registered interests with no declaration, in words.
    undeclared: Vec<UndeclaredView>,
    /// Check 11's flag, with how many findings, when it has any.
    flag: Option<String>,
    procurement: Option<ProcurementView>,
}

#[derive(Serialize)]
struct ConflictView {
    name: String,
    url: Option<String>,
    interest: String,
    action: String,
    /// The person's register entry is withheld in full: "Name withheld",
    /// details withheld.
    withheld: bool,
}

#[derive(Serialize)]
struct ProcurementView {
    reference: Option<String>,
    description: Option<String>,
    existing_contract: Option<&'static str>,
    procedure: Option<String>,
    clinical_lead: Option<String>,
    contract_manager: Option<String>,
    supplier: Option<String>,
    supplier_address: Option<String>,
    value_total: Option<String>,
    value_annual: Option<String>,
    start: Option<DateView>,
    end: Option<DateView>,
    justification: Option<String>,
}

/// The register, if the CCG publishes one: what it holds, and its
/// decisions newest first (ties by id).
pub(crate) fn decisions<'a>(site: &Published<'a>, ccg: &'a Ccg) -> Option<(DecisionsView, Vec<DecisionView>)> {
    let r = ccg.decisions.as_ref()?;
    let mut entries: Vec<DecisionView> = r.data.entries.iter().map(|d| decision(site, ccg, d)).collect();
    entries.sort_by(|a, b| (b.day, &b.id).cmp(&(a.day, &a.id)));
    let view = DecisionsView {
        updated: DateView::of(r.data.updated),
        count: entries.len(),
        procurement_count: entries.iter().filter(|e| e.procurement.is_some()).count(),
    };
    Some((view, entries))
}

fn decision<'a>(site: &Published<'a>, ccg: &'a Ccg, d: &Decision) -> DecisionView {
    let meeting = site
        .decision_meeting(ccg, d)
        .map(|(meeting, owner)| Link { text: meeting_title(meeting, &owner), url: site.href(&SitePath::meeting(meeting, &owner)) });
    let person = |n: &str| site.person(n).to_owned();
    DecisionView {
        day: d.date,
        id: d.id.clone(),
        anchor: decision_anchor(&d.id),
        date: DateView::of(d.date),
        title: d.title.clone(),
        category: d.category.label(),
        route: d.route.label(),
        outcome: d.outcome.label(),
        outcome_key: d.outcome.as_str(),
        summary_html: d.summary.as_ref().map(|s| markdown::to_html(s, 4)),
        meeting,
        conflicts: d
            .conflicts
            .iter()
            .map(|c| {
                let withheld = site.withholding(&c.name).is_entry();
                ConflictView {
                    name: person(&c.name),
                    url: site.person_href(ccg, &c.name),
                    interest: if withheld { String::new() } else { c.interest.clone() },
                    action: if withheld { String::new() } else { c.action.clone() },
                    withheld,
                }
            })
            .collect(),
        undeclared: site.undeclared(ccg).iter().filter(|u| u.decision == d.id).map(|u| UndeclaredView::of(site, ccg, u)).collect(),
        flag: flag(site, ccg, &d.id),
        practices: d.practices.iter().filter_map(|ods| practice_link(site, ods)).collect(),
        procurement: d.procurement.as_ref().map(|p| ProcurementView {
            reference: p.reference.clone(),
            description: p.description.clone(),
            existing_contract: p.existing_contract.map(|b| if b { "Yes" } else { "No" }),
            procedure: p.procedure.clone(),
            clinical_lead: p.clinical_lead.as_deref().map(person),
            contract_manager: p.contract_manager.as_deref().map(person),
            supplier: p.supplier.clone(),
            supplier_address: p.supplier_address.clone(),
            value_total: p.value_total.map(Money::display),
            value_annual: p.value_annual.map(Money::display),
            start: p.start.map(DateView::of),
            end: p.end.map(DateView::of),
            justification: p.justification.clone(),
        }),
    }
}

/// Check 11's flag on the decision `id` of `ccg`: the same words and count
/// on every page that shows the decision ([`Undeclared::flag`]), or `None`
/// when check 11 found nothing there. Read from the findings stage 2 handed
/// on, never worked out again.
pub(crate) fn flag(site: &Published, ccg: &Ccg, id: &str) -> Option<String> {
    let n = site.undeclared(ccg).iter().filter(|u| u.decision == id).count();
    (n > 0).then(|| Undeclared::flag(n))
}

/// A registered interest check 11 found with no declaration recorded, in
/// neutral words, with links to the evidence: the meeting, the register
/// entry (on the person's page, or the CCG's register when they have none)
/// and the CCG's checks.
#[derive(Serialize)]
pub(crate) struct UndeclaredView {
    text: String,
    /// `text` with a capital.
    sentence: String,
    person: Option<String>,
    decision: Link,
    /// The decision's flag (all its findings, not only this one's).
    flag: String,
    meeting: Option<String>,
    register: String,
    checks: String,
}

impl UndeclaredView {
    pub(crate) fn of(site: &Published, ccg: &Ccg, u: &Undeclared) -> UndeclaredView {
        let text = u.describe();
        let mut chars = text.chars();
        let sentence = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        let person = if u.withheld.is_withheld() { None } else { site.person_href(ccg, &u.name) };
        let meeting = ccg
            .decision(&u.decision)
            .and_then(|d| site.decision_meeting(ccg, d))
            .map(|(m, owner)| site.href(&SitePath::meeting(m, &owner)));
        UndeclaredView {
            text,
            sentence,
            register: match &person {
                Some(p) => format!("{p}#register"),
                None => site.href(&SitePath::ccg_section(&ccg.id, "interests")),
            },
            person,
            decision: Link { text: u.decision_title.clone(), url: site.href(&SitePath::decision(ccg, &u.decision)) },
            flag: flag(site, ccg, &u.decision).unwrap_or_else(|| Undeclared::flag(1)),
            meeting,
            checks: site.href(&SitePath::ccg_section(&ccg.id, "checks")),
        }
    }
}

/// A link to a decision on its CCG's page, as a meeting's page shows it.
#[derive(Serialize)]
pub(crate) struct DecisionLink {
    id: String,
    title: String,
    outcome: &'static str,
    outcome_key: &'static str,
    url: String,
    ccg: Option<String>,
}

/// The decision `id` of the CCG, if it has it; `with_ccg` names the CCG
/// too (on a group's meeting).
pub(crate) fn decision_link(site: &Published, ccg: &Ccg, id: &str, with_ccg: bool) -> Option<DecisionLink> {
    let d = ccg.decision(id)?;
    Some(DecisionLink {
        id: d.id.clone(),
        title: d.title.clone(),
        outcome: d.outcome.label(),
        outcome_key: d.outcome.as_str(),
        url: site.href(&SitePath::decision(ccg, &d.id)),
        ccg: with_ccg.then(|| ccg.profile.data.name.clone()),
    })
}
