//! The CCG page's committees: members now and before, terms of reference.

use serde::Serialize;

use crate::model::*;
use crate::render::published::{Published, SitePath};
use crate::render::views::{DateView, Link};

#[derive(Serialize)]
pub(crate) struct CommitteeView {
    id: String,
    name: String,
    group: Option<Link>,
    current: Vec<MemberView>,
    former: Vec<MemberView>,
    /// Current members whose whole register entry is withheld: counted,
    /// with nothing of them shown (no role, category, chair or dates).
    withheld: usize,
    terms: Option<TermsSummary>,
}

#[derive(Serialize)]
struct MemberView {
    name: String,
    /// The person's page, if they have one.
    url: Option<String>,
    role: String,
    category: &'static str,
    voting: bool,
    chair: bool,
    from: Option<DateView>,
    to: Option<DateView>,
}

#[derive(Serialize)]
struct TermsSummary {
    url: String,
    title: String,
    version: Option<String>,
    approved: DateView,
    approved_by: Option<String>,
    review: Option<DateView>,
    review_overdue: bool,
    quorum: Option<String>,
    voting: Option<String>,
    meets_in_public: bool,
    scope_rows: usize,
}

/// Each committee of the CCG as it stood on `day`.
pub(crate) fn committees(site: &Published, ccg: &Ccg, day: Date) -> Vec<CommitteeView> {
    ccg.profile.data.committees.iter().map(|c| committee(site, ccg, c, day)).collect()
}

fn committee(site: &Published, ccg: &Ccg, c: &Committee, day: Date) -> CommitteeView {
    let group = c
        .group
        .as_ref()
        .and_then(|g| site.content.group(g))
        .map(|g| Link { text: g.profile.data.name.clone(), url: site.href(&SitePath::group(&g.id)) });
    let mut current: Vec<MemberView> = Vec::new();
    let mut former = Vec::new();
    let mut withheld = 0;
    for m in &c.members {
        if site.withholding(&m.name).is_entry() {
            // A former member withheld in full is not even counted: when
            // they left would single them out.
            withheld += usize::from(m.is_current(day));
        } else if m.is_current(day) {
            current.push(member(site, ccg, m));
        } else if m.to.is_some_and(|t| t < day) {
            former.push(member(site, ccg, m));
        }
    }
    // Chair first, then voting members, then observers; otherwise as written.
    current.sort_by_key(|m| (!m.chair, !m.voting));
    CommitteeView { id: c.id.clone(), name: c.name.clone(), group, current, former, withheld, terms: terms_summary(site, ccg, c, day) }
}

fn member(site: &Published, ccg: &Ccg, m: &Member) -> MemberView {
    MemberView {
        name: site.person(&m.name).to_owned(),
        url: site.person_href(ccg, &m.name),
        role: m.role.clone(),
        category: m.category.label(),
        voting: m.voting,
        chair: m.chair,
        from: m.from.map(DateView::of),
        to: m.to.map(DateView::of),
    }
}

/// The committee's terms of reference, if published, as the CCG page sums them up.
fn terms_summary(site: &Published, ccg: &Ccg, c: &Committee, day: Date) -> Option<TermsSummary> {
    let t = ccg.terms.iter().find(|t| t.data.front.committee == c.id)?;
    let f = &t.data.front;
    Some(TermsSummary {
        url: site.href(&SitePath::terms(ccg, &c.id)),
        title: f.title.clone().unwrap_or_else(|| format!("Terms of reference: {}", c.name)),
        version: f.version.clone(),
        approved: DateView::of(f.approved),
        approved_by: f.approved_by.clone(),
        review: f.review.map(DateView::of),
        review_overdue: f.review.is_some_and(|r| r < day),
        quorum: f.quorum.clone(),
        voting: f.voting.clone(),
        meets_in_public: f.meets_in_public,
        scope_rows: f.decisions.len(),
    })
}
