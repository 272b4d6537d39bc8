//! The transparency checks across the country: a page per check (what it
//! asks, its national counts, the CCGs that do not meet it and those it
//! cannot decide, each with the reason and what would make it pass, as the
//! CCG's page shows them) and `/checks/`, the list of them.

use serde::Serialize;

use super::ccg::decisions::{UndeclaredView, flag};
use super::{DateView, Link, ccg_link};
use crate::checks::{CHECKS, CheckId, Status};
use crate::model::{Ccg, Decision};
use crate::render::published::{Published, SitePath};

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

/// A check in a list of them: `/checks/` and the home page's table.
#[derive(Serialize)]
pub(crate) struct CheckSummary {
    number: usize,
    title: &'static str,
    asks: &'static str,
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
            asks: check.asks,
            url: site.href(&SitePath::check(check.id.number())),
            counts,
        })
        .collect()
}

/// `/checks/`.
#[derive(Serialize)]
pub(crate) struct ChecksIndexView {
    checks: Vec<CheckSummary>,
    ccgs: usize,
}

pub(crate) fn checks_index(site: &Published) -> ChecksIndexView {
    ChecksIndexView { checks: summaries(site), ccgs: site.content.ccgs.len() }
}

/// `/checks/<number>/`.
#[derive(Serialize)]
pub(crate) struct CheckPageView {
    number: usize,
    title: &'static str,
    asks: &'static str,
    counts: Counts,
    ccgs: usize,
    /// The CCGs that do not meet it, and those it cannot decide, by name.
    failing: Vec<CcgResult>,
    unknown: Vec<CcgResult>,
    /// The other checks, for the next step.
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
    /// What would make it pass (failures only), as HTML ([`fix_html`]).
    fix_html: Option<String>,
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
            fix_html: r.fix.as_deref().map(fix_html),
            closed: (checks.on < site.input.as_of).then(|| checks.on.long()),
        });
    }
    let by_name = |a: &CcgResult, b: &CcgResult| (&a.ccg.text, &a.ccg.url).cmp(&(&b.ccg.text, &b.ccg.url));
    failing.sort_by(by_name);
    unknown.sort_by(by_name);
    CheckPageView {
        number: id.number(),
        title: id.title(),
        asks: id.check().asks,
        counts: counts(site)[id.number() - 1],
        ccgs: site.content.ccgs.len(),
        failing,
        unknown,
        index: site.href(&SitePath::checks_index()),
        flagged: if id == CheckId::InterestsDeclaredAtDecisions { flagged(site) } else { Vec::new() },
    }
}

/// What would make a check pass, as HTML: escaped, with the field names and
/// values it quotes in `backticks` as code.
pub(crate) fn fix_html(fix: &str) -> String {
    let parts: Vec<&str> = fix.split('`').collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let text = crate::escape::escape_text(part);
        match (i % 2 == 1, i + 1 < parts.len()) {
            // Inside backticks.
            (true, true) => {
                out.push_str("<code>");
                out.push_str(&text);
                out.push_str("</code>");
            }
            // A backtick left open: as written.
            (true, false) => {
                out.push('`');
                out.push_str(&text);
            }
            _ => out.push_str(&text),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fix_quotes_fields_as_code_and_escapes_the_rest() {
        assert_eq!(fix_html("set `updated` to <the day>"), "set <code>updated</code> to &lt;the day&gt;");
        assert_eq!(fix_html("publish interests.yaml"), "publish interests.yaml");
        assert_eq!(fix_html("a `b` and `c"), "a <code>b</code> and `c");
    }
}
