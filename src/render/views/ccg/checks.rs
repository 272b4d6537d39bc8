//! The CCG page's transparency checks.

use serde::Serialize;

use crate::checks::{CcgChecks, Status};
use crate::model::Date;
use crate::render::published::{Published, SitePath};
use crate::render::views::DateView;

#[derive(Serialize)]
pub(crate) struct ChecksView {
    on: DateView,
    closed_note: bool,
    met: usize,
    applicable: usize,
    results: Vec<CheckView>,
}

#[derive(Serialize)]
struct CheckView {
    number: usize,
    title: &'static str,
    status: Status,
    label: &'static str,
    reason: String,
    /// What would make it pass (a check not met), as HTML.
    fix_html: Option<String>,
    /// The check's page: every CCG that does not meet it.
    url: String,
}

/// The checks' results; made before `as_of` when the CCG had closed.
pub(crate) fn checks(site: &Published, checks: &CcgChecks, as_of: Date) -> ChecksView {
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
                fix_html: r.fix.as_deref().map(crate::render::views::check::fix_html),
                url: site.href(&SitePath::check(r.id.number())),
            })
            .collect(),
    }
}
