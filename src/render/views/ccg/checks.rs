//! The CCG page's transparency checks.

use serde::Serialize;

use crate::checks::{CcgChecks, Status};
use crate::model::{Ccg, Date};
use crate::render::published::{Published, SitePath};
use crate::render::views::check::evidence_link;
use crate::render::views::{DateView, Link};

#[derive(Serialize)]
pub(crate) struct ChecksView {
    on: DateView,
    closed_note: bool,
    met: usize,
    applicable: usize,
    results: Vec<CheckView>,
    /// The methodology: the outcomes and every check's rule.
    method: String,
}

#[derive(Serialize)]
struct CheckView {
    number: usize,
    title: &'static str,
    status: Status,
    label: &'static str,
    reason: String,
    /// The records it was worked out from.
    evidence: Option<Link>,
    /// The check's page: every CCG that does not meet it.
    url: String,
}

/// The checks' results; made before `as_of` when the CCG had closed.
pub(crate) fn checks(site: &Published, ccg: &Ccg, checks: &CcgChecks, as_of: Date) -> ChecksView {
    ChecksView {
        on: DateView::of(checks.on),
        closed_note: checks.on < as_of,
        met: checks.met(),
        applicable: checks.applicable(),
        results: checks
            .results
            .iter()
            .map(|r| CheckView {
                number: r.id.number(),
                title: r.id.title(),
                status: r.status,
                label: r.status.label(),
                reason: r.reason.clone(),
                evidence: r.evidence.as_ref().and_then(|e| evidence_link(site, ccg, e)),
                url: site.href(&SitePath::check(r.id.number())),
            })
            .collect(),
        method: site.href(&SitePath::checks_index()),
    }
}
