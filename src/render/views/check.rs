//! The transparency checks across the country: a page per check (what it
//! asks, its rule, when it has each outcome and where it comes from, its
//! national counts, the CCGs that do not meet it and those it cannot
//! decide, each with the reason as the CCG's page shows it) and `/checks/`,
//! the methodology: the four outcomes and every check.

use serde::Serialize;

use super::ccg::decisions::{UndeclaredView, flag};
use super::{DateView, Link, ccg_link};
use crate::checks::{CHECKS, CheckId, Evidence, STATUSES, Source, Status, When};
use crate::model::{Ccg, Decision};
use crate::render::published::{Owner, Published, SitePath};

/// How many CCGs have each result of one check, nationally.
#[derive(Serialize, Clone, Copy, Default)]
pub(crate) struct Counts {
    pass: usize,
    fail: usize,
    unknown: usize,
    not_applicable: usize,
}

/// Each check's results over every CCG of the site, in the checks' order.
pub(crate) fn counts(site: &Published) -> Vec<Counts> {
    let mut counts = vec![Counts::default(); CHECKS.len()];
    for ccg in &site.content.ccgs {
        for r in &site.checks(ccg).results {
            let Some(n) = counts.get_mut(r.id.number() - 1) else { continue };
            match r.status {
                Status::Pass => n.pass += 1,
                Status::Fail => n.fail += 1,
                Status::Unknown => n.unknown += 1,
                Status::NotApplicable => n.not_applicable += 1,
            }
        }
    }
    counts
}

/// One of the four outcomes, as the methodology explains it.
#[derive(Serialize)]
pub(crate) struct OutcomeView {
    code: &'static str,
    label: &'static str,
    means: &'static str,
}

/// The four outcomes, in order.
pub(crate) fn outcomes() -> Vec<OutcomeView> {
    STATUSES.iter().map(|s| OutcomeView { code: s.code(), label: s.label(), means: s.means() }).collect()
}

/// A check in a list of them: `/checks/` and the home page's table.
#[derive(Serialize)]
pub(crate) struct CheckSummary {
    number: usize,
    title: &'static str,
    asks: &'static str,
    rule: &'static str,
    when: When,
    source: Source,
    url: String,
    counts: Counts,
}

/// Every check with its page and its national counts.
pub(crate) fn summaries(site: &Published) -> Vec<CheckSummary> {
    CHECKS
        .iter()
        .zip(counts(site))
        .map(|(check, counts)| CheckSummary {
            number: check.id.number(),
            title: check.title,
            asks: check.id.asks(),
            rule: check.id.rule(),
            when: check.id.when(),
            source: check.id.source(),
            url: site.href(&SitePath::check(check.id.number())),
            counts,
        })
        .collect()
}

/// `/checks/`: the methodology.
#[derive(Serialize)]
pub(crate) struct ChecksIndexView {
    checks: Vec<CheckSummary>,
    outcomes: Vec<OutcomeView>,
    ccgs: usize,
}

pub(crate) fn checks_index(site: &Published) -> ChecksIndexView {
    ChecksIndexView { checks: summaries(site), outcomes: outcomes(), ccgs: site.content.ccgs.len() }
}

/// `/checks/<number>/`.
#[derive(Serialize)]
pub(crate) struct CheckPageView {
    number: usize,
    title: &'static str,
    asks: &'static str,
    rule: &'static str,
    when: When,
    source: Source,
    outcomes: Vec<OutcomeView>,
    counts: Counts,
    ccgs: usize,
    /// The CCGs that do not meet it, and those it cannot decide, by name.
    failing: Vec<CcgResult>,
    unknown: Vec<CcgResult>,
    /// The other checks, and the outcomes explained.
    index: String,
    /// Check 11: every decision it flags, by CCG then date.
    flagged: Vec<FlaggedDecision>,
}

/// A decision that carries check 11's flag, with its findings, as its
/// card shows them.
#[derive(Serialize)]
struct FlaggedDecision {
    decision: Link,
    id: String,
    date: DateView,
    ccg: Link,
    flag: String,
    undeclared: Vec<UndeclaredView>,
}

/// The decisions check 11 flags, CCG by CCG (A to Z), newest first in each.
fn flagged(site: &Published) -> Vec<FlaggedDecision> {
    let mut ccgs: Vec<&Ccg> = site.content.ccgs.iter().filter(|c| !site.undeclared(c).is_empty()).collect();
    ccgs.sort_by(|a, b| (&a.profile.data.name, &a.id).cmp(&(&b.profile.data.name, &b.id)));
    let mut out = Vec::new();
    for ccg in ccgs {
        let mut decisions: Vec<&Decision> = ccg
            .decisions
            .iter()
            .flat_map(|r| &r.data.entries)
            .filter(|d| site.undeclared(ccg).iter().any(|u| u.decision == d.id))
            .collect();
        decisions.sort_by(|a, b| (b.date, &a.id).cmp(&(a.date, &b.id)));
        for d in decisions {
            let Some(flag) = flag(site, ccg, &d.id) else { continue };
            out.push(FlaggedDecision {
                decision: Link { text: d.title.clone(), url: site.href(&SitePath::decision(ccg, &d.id)) },
                id: d.id.clone(),
                date: DateView::of(d.date),
                ccg: ccg_link(site, ccg),
                flag,
                undeclared: site.undeclared(ccg).iter().filter(|u| u.decision == d.id).map(|u| UndeclaredView::of(site, ccg, u)).collect(),
            });
        }
    }
    out
}

/// One CCG's result of the check, as its page shows it.
#[derive(Serialize)]
struct CcgResult {
    ccg: Link,
    region: String,
    /// Its transparency checks on its page.
    checks: String,
    reason: String,
    /// The records it was worked out from.
    evidence: Option<Link>,
    /// Worked out as on the day it closed.
    closed: Option<String>,
}

/// The page of the check `id`.
pub(crate) fn check_page(site: &Published, id: CheckId) -> CheckPageView {
    let mut failing = Vec::new();
    let mut unknown = Vec::new();
    for ccg in &site.content.ccgs {
        let checks = site.checks(ccg);
        let Some(r) = checks.result(id) else { continue };
        let list = match r.status {
            Status::Fail => &mut failing,
            Status::Unknown => &mut unknown,
            _ => continue,
        };
        list.push(CcgResult {
            ccg: ccg_link(site, ccg),
            region: ccg.profile.data.region.clone(),
            checks: site.href(&SitePath::ccg_section(&ccg.id, "checks")),
            reason: r.reason.clone(),
            evidence: r.evidence.as_ref().and_then(|e| evidence_link(site, ccg, e)),
            closed: (checks.on < site.input.as_of).then(|| checks.on.long()),
        });
    }
    let by_name = |a: &CcgResult, b: &CcgResult| (&a.ccg.text, &a.ccg.url).cmp(&(&b.ccg.text, &b.ccg.url));
    failing.sort_by(by_name);
    unknown.sort_by(by_name);
    CheckPageView {
        number: id.number(),
        title: id.title(),
        asks: id.asks(),
        rule: id.rule(),
        when: id.when(),
        source: id.source(),
        outcomes: outcomes(),
        counts: counts(site)[id.number() - 1],
        ccgs: site.content.ccgs.len(),
        failing,
        unknown,
        index: site.href(&SitePath::checks_index()),
        flagged: if id == CheckId::InterestsDeclaredAtDecisions { flagged(site) } else { Vec::new() },
    }
}

/// Where a reader sees the records a result was worked out from: a
/// meeting's page (the CCG's, or its group's) or a part of the CCG's page.
/// None when the meeting is not on the site.
pub(crate) fn evidence_link(site: &Published, ccg: &Ccg, evidence: &Evidence) -> Option<Link> {
    match evidence {
        Evidence::Meeting { group, id, date } => {
            let (meeting, owner) = match group {
                Some(g) => {
                    let g = site.content.group(g)?;
                    (g.meeting(id)?, Owner::Group(g))
                }
                None => (ccg.meeting(id)?, Owner::Ccg(ccg)),
            };
            Some(Link { text: format!("the meeting of {}", date.long()), url: site.href(&SitePath::meeting(meeting, &owner)) })
        }
        Evidence::Section(s) => Some(Link { text: s.text().to_owned(), url: site.href(&SitePath::ccg_section(&ccg.id, s.anchor())) }),
    }
}
