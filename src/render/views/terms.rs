//! A committee's terms of reference: its scope as a table by area, and
//! the text.

use serde::Serialize;

use super::{DateView, Link, ccg_link};
use crate::markdown;
use crate::model::*;
use crate::render::published::Published;

#[derive(Serialize)]
pub(crate) struct TermsView {
    pub(crate) title: String,
    ccg: Link,
    committee: String,
    version: Option<String>,
    approved: DateView,
    approved_by: Option<String>,
    review: Option<DateView>,
    quorum: Option<String>,
    voting: Option<String>,
    meets_in_public: bool,
    scope: Vec<ScopeArea>,
    body_html: String,
}

#[derive(Serialize)]
struct ScopeArea {
    area: Option<String>,
    rows: Vec<ScopeRowView>,
}

#[derive(Serialize)]
struct ScopeRowView {
    function: String,
    route: &'static str,
    route_key: &'static str,
}

pub(crate) fn terms(site: &Published, ccg: &Ccg, t: &TermsFile) -> TermsView {
    let f = &t.front;
    let committee = ccg.committee_name(&f.committee).unwrap_or(&f.committee).to_owned();
    // The scope's rows by area, areas in the order they first appear.
    let mut scope: Vec<ScopeArea> = Vec::new();
    for row in &f.decisions {
        let view = ScopeRowView { function: row.function.clone(), route: row.route.label(), route_key: row.route.as_str() };
        match scope.iter_mut().find(|a| a.area == row.area) {
            Some(a) => a.rows.push(view),
            None => scope.push(ScopeArea { area: row.area.clone(), rows: vec![view] }),
        }
    }
    TermsView {
        title: f.title.clone().unwrap_or_else(|| format!("Terms of reference: {committee}")),
        ccg: ccg_link(site, ccg),
        committee,
        version: f.version.clone(),
        approved: DateView::of(f.approved),
        approved_by: f.approved_by.clone(),
        review: f.review.map(DateView::of),
        quorum: f.quorum.clone(),
        voting: f.voting.clone(),
        meets_in_public: f.meets_in_public,
        scope,
        body_html: markdown::to_html(&t.body, 2),
    }
}
