//! A GP practice's page (`/practices/<ods>/`): its CCG, address, contract,
//! merges, the decisions that affect it and the registered interests that
//! concern it; and the `/practices/` index, A to Z.

use serde::Serialize;

use super::ccg::decisions::flag;
use super::{DateView, Link, ccg_link};
use crate::checks::CheckId;
use crate::model::*;
use crate::render::published::{Published, SitePath};

#[derive(Serialize)]
pub(crate) struct PracticeView {
    pub(crate) ods: String,
    pub(crate) name: String,
    pub(crate) ccg: Link,
    address: Option<String>,
    postcode: Option<String>,
    contract: Option<&'static str>,
    from: Option<DateView>,
    to: Option<DateView>,
    merged_into: Option<Link>,
    merged_from: Vec<Link>,
    decisions: Vec<DecisionRef>,
    /// Whether a decision here carries check 11's flag, and check 11's page.
    flagged: bool,
    check_11: String,
    interests: Vec<InterestRef>,
}

#[derive(Serialize)]
struct DecisionRef {
    url: String,
    id: String,
    title: String,
    date: DateView,
    category: &'static str,
    outcome: &'static str,
    ccg: Link,
    /// Check 11's flag on the decision, as its card shows it.
    flag: Option<String>,
}

#[derive(Serialize)]
struct InterestRef {
    name: String,
    url: Option<String>,
    description: String,
    ended: bool,
}

/// The postcode district (outward code) of a postcode: `NW1 5AB` → `NW1`.
pub(crate) fn district(postcode: &str) -> String {
    postcode.split_whitespace().next().unwrap_or("").to_ascii_uppercase()
}

pub(crate) fn practice(site: &Published, ccg: &Ccg, p: &Practice) -> PracticeView {
    let link = |ods: &str| site.practice(ods).map(|(_, q)| Link { text: q.name.clone(), url: site.href(&SitePath::practice(ods)) });
    let merged_from =
        site.all_practices().filter(|(_, q)| q.merged_into.as_deref() == Some(p.ods.as_str())).filter_map(|(_, q)| link(&q.ods)).collect();
    let decisions = site
        .decisions_affecting(&p.ods)
        .into_iter()
        .map(|(c, d)| DecisionRef {
            url: site.href(&SitePath::decision(c, &d.id)),
            id: d.id.clone(),
            title: d.title.clone(),
            date: DateView::of(d.date),
            category: d.category.label(),
            outcome: d.outcome.label(),
            ccg: ccg_link(site, c),
            flag: flag(site, c, &d.id),
        })
        .collect::<Vec<DecisionRef>>();
    let as_of = site.input.as_of;
    let mut interests = Vec::new();
    for c in &site.content.ccgs {
        for e in c.interests.iter().flat_map(|r| &r.data.entries) {
            // An entry withheld in full publishes none of its interests; one
            // withheld by name, its interests beside "Name withheld".
            if site.entry_withholding(e).is_entry() {
                continue;
            }
            for i in e.interests.iter().filter(|i| i.practices.contains(&p.ods)) {
                interests.push(InterestRef {
                    name: person_key(site.person(&e.name)),
                    url: site.person_href(c, &e.name),
                    description: i.description.clone(),
                    ended: i.to.is_some_and(|t| t < as_of),
                });
            }
        }
    }
    PracticeView {
        ods: p.ods.clone(),
        name: p.name.clone(),
        ccg: ccg_link(site, ccg),
        address: p.address.clone(),
        postcode: p.postcode.clone(),
        contract: p.contract.map(Contract::label),
        from: p.from.map(DateView::of),
        to: p.to.map(DateView::of),
        merged_into: p.merged_into.as_deref().and_then(link),
        merged_from,
        flagged: decisions.iter().any(|d| d.flag.is_some()),
        check_11: site.href(&SitePath::check(CheckId::InterestsDeclaredAtDecisions.number())),
        decisions,
        interests,
    }
}

// ---- /practices/ ------------------------------------------------------------------

#[derive(Serialize)]
pub(crate) struct PracticesIndexView {
    letters: Vec<LetterGroup>,
    count: usize,
}

#[derive(Serialize)]
struct LetterGroup {
    letter: String,
    practices: Vec<PracticeRow>,
}

#[derive(Serialize)]
struct PracticeRow {
    name: String,
    url: String,
    ods: String,
    district: String,
    ccg: Link,
    closed: Option<DateView>,
}

/// Every practice, A to Z by name.
pub(crate) fn practices_index(site: &Published) -> PracticesIndexView {
    let as_of = site.input.as_of;
    let mut rows: Vec<PracticeRow> = site
        .all_practices()
        .map(|(c, p)| PracticeRow {
            name: p.name.clone(),
            url: site.href(&SitePath::practice(&p.ods)),
            ods: p.ods.clone(),
            district: p.postcode.as_deref().map(district).unwrap_or_default(),
            ccg: ccg_link(site, c),
            closed: p.to.filter(|t| *t < as_of).map(DateView::of),
        })
        .collect();
    rows.sort_by(|a, b| (a.name.to_lowercase(), &a.ods).cmp(&(b.name.to_lowercase(), &b.ods)));
    let count = rows.len();
    let mut letters: Vec<LetterGroup> = Vec::new();
    for row in rows {
        let letter =
            row.name.chars().next().filter(char::is_ascii_alphabetic).map_or("#".to_owned(), |c| c.to_ascii_uppercase().to_string());
        match letters.last_mut() {
            Some(g) if g.letter == letter => g.practices.push(row),
            _ => letters.push(LetterGroup { letter, practices: vec![row] }),
        }
    }
    PracticesIndexView { letters, count }
}
