//! The home page: every CCG in a table, by region, with totals.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use super::check::{CheckSummary, summaries};
use super::{DateView, LevelView};
use crate::checks::CcgChecks;
use crate::model::*;
use crate::render::published::{Owner, Published, SitePath, meeting_title, region_order};

#[derive(Serialize)]
pub(crate) struct IndexView {
    rows: Vec<IndexRow>,
    regions: Vec<RegionView>,
    levels: Vec<CountView>,
    check_totals: Vec<CheckSummary>,
    totals: Totals,
    /// For "Find your CCG or GP practice".
    lookup: String,
    practices: usize,
    people: String,
    practices_url: String,
    /// `/checks/`.
    checks_url: String,
}

#[derive(Serialize)]
struct RegionView {
    name: String,
    count: usize,
    open: usize,
}

#[derive(Serialize)]
struct CountView {
    label: String,
    number: u8,
    count: usize,
}

#[derive(Serialize, Default)]
struct Totals {
    ccgs: usize,
    open: usize,
    meetings: usize,
    decisions: usize,
    interests: usize,
}

#[derive(Serialize)]
struct IndexRow {
    id: String,
    url: String,
    name: String,
    ods_code: String,
    region: String,
    region_order: usize,
    level: Option<LevelView>,
    closed: Option<DateView>,
    committees: String,
    latest_meeting: Option<MeetingLink>,
    next_meeting: Option<MeetingLink>,
    meetings: usize,
    decisions: Option<usize>,
    interests: Option<usize>,
    checks_met: usize,
    checks_applicable: usize,
    /// The "Checks met" column's sort key for sort.js (see [`share_key`]).
    checks_key: String,
}

#[derive(Serialize, Clone)]
struct MeetingLink {
    url: String,
    date: DateView,
    title: String,
}

pub(crate) fn index(site: &Published) -> IndexView {
    let content = site.content;
    let mut totals = Totals::default();
    let mut rows = Vec::new();
    for ccg in &content.ccgs {
        let row = row(site, ccg, site.checks(ccg));
        totals.ccgs += 1;
        totals.open += usize::from(ccg.profile.data.closed.is_none_or(|c| c >= site.input.as_of));
        totals.meetings += ccg.meetings.len();
        totals.decisions += row.decisions.unwrap_or(0);
        totals.interests += row.interests.unwrap_or(0);
        rows.push(row);
    }
    totals.meetings += content.groups.iter().map(|g| g.meetings.len()).sum::<usize>();
    rows.sort_by(|a, b| {
        by_share((a.checks_met, a.checks_applicable), (b.checks_met, b.checks_applicable))
            .then_with(|| (&a.name, &a.id).cmp(&(&b.name, &b.id)))
    });
    IndexView {
        regions: regions(&rows),
        levels: levels(&rows),
        check_totals: summaries(site),
        rows,
        totals,
        lookup: site.href(&SitePath::lookup_json()),
        practices: site.all_practices().count(),
        people: site.href(&SitePath::people_index()),
        practices_url: site.href(&SitePath::practices_index()),
        checks_url: site.href(&SitePath::checks_index()),
    }
}

/// A CCG's row: its latest and next meetings, its registers' sizes, its checks.
fn row(site: &Published, ccg: &Ccg, checks: &CcgChecks) -> IndexRow {
    let p = &ccg.profile.data;
    let meetings = site.meetings_of(ccg);
    let as_of = site.input.as_of;
    let latest = meetings.iter().rev().find(|(m, _)| m.front.date <= as_of && m.front.status == MeetingStatus::Held);
    let next = meetings.iter().find(|(m, _)| site.is_upcoming(m) && m.front.status != MeetingStatus::Cancelled);
    let link = |(m, owner): &(&Meeting, Owner)| MeetingLink {
        url: site.href(&SitePath::meeting(m, owner)),
        date: DateView::of(m.front.date),
        title: meeting_title(m, owner),
    };
    IndexRow {
        id: ccg.id.clone(),
        url: site.href(&SitePath::ccg(&ccg.id)),
        name: p.name.clone(),
        ods_code: p.ods_code.clone(),
        region: p.region.clone(),
        region_order: region_order(&p.region),
        level: ccg.level_on(checks.on).map(LevelView::of),
        closed: p.closed.filter(|c| *c < as_of).map(DateView::of),
        committees: p.committees.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("; "),
        latest_meeting: latest.map(link),
        next_meeting: next.map(link),
        meetings: meetings.len(),
        decisions: ccg.decisions.as_ref().map(|d| d.data.entries.len()),
        // An entry withheld in full: its interests are not counted either.
        interests: ccg
            .interests
            .as_ref()
            .map(|r| r.data.entries.iter().filter(|e| !site.entry_withholding(e).is_entry()).map(|e| e.interests.len()).sum()),
        checks_met: checks.met(),
        checks_applicable: checks.applicable(),
        checks_key: share_key(checks.met(), checks.applicable()),
    }
}

/// The order of the index, best first: the share of the checks that apply
/// which are met (`(met, applicable)`), then more checks met; a CCG to
/// which no check applies comes last. ("2 of 2" comes before "6 of 10".)
fn by_share(a: (usize, usize), b: (usize, usize)) -> Ordering {
    match (a.1, b.1) {
        (0, 0) => Ordering::Equal,
        (0, _) => Ordering::Greater,
        (_, 0) => Ordering::Less,
        // a.0 / a.1 > b.0 / b.1, in whole numbers.
        _ => (b.0 * a.1).cmp(&(a.0 * b.1)).then(b.0.cmp(&a.0)),
    }
}

/// The sort key of [`by_share`] as sort.js reads it (`data-sort`): a number
/// that grows with the share met (in ten-thousandths: two shares of at
/// most 11 checks differ by more than one), then with the checks met; empty
/// (always last) when no check applies. Equal keys keep the page's order,
/// which is by name among equals.
fn share_key(met: usize, applicable: usize) -> String {
    if applicable == 0 {
        return String::new();
    }
    let share = (met * 10_000 + applicable / 2) / applicable;
    (share * 100 + met).to_string()
}

/// Each region with its CCGs and those open, in the rows' order.
fn regions(rows: &[IndexRow]) -> Vec<RegionView> {
    let mut regions: BTreeMap<(usize, String), (usize, usize)> = BTreeMap::new();
    for r in rows {
        let e = regions.entry((r.region_order, r.region.clone())).or_default();
        e.0 += 1;
        e.1 += usize::from(r.closed.is_none());
    }
    regions.into_iter().map(|((_, name), (count, open))| RegionView { name, count, open }).collect()
}

/// How many CCGs are at each level of co-commissioning.
fn levels(rows: &[IndexRow]) -> Vec<CountView> {
    Level::ALL
        .iter()
        .map(|l| CountView {
            label: l.label().into(),
            number: l.number(),
            count: rows.iter().filter(|r| r.level.as_ref().is_some_and(|x| x.key == l.as_str())).count(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_met_comes_first_then_the_checks_met() {
        let order = |a, b| by_share(a, b);
        assert_eq!(order((2, 2), (6, 10)), Ordering::Less);
        assert_eq!(order((6, 10), (3, 5)), Ordering::Less);
        assert_eq!(order((3, 5), (6, 10)), Ordering::Greater);
        assert_eq!(order((0, 3), (0, 0)), Ordering::Less);
        assert_eq!(order((0, 0), (11, 11)), Ordering::Greater);
        assert_eq!(order((4, 4), (4, 4)), Ordering::Equal);
        assert_eq!(share_key(0, 0), "");
        assert_eq!(share_key(2, 2), "1000002");
        assert_eq!(share_key(6, 10), "600006");
    }

    /// sort.js, sorting by the key descending, gives the order of the page:
    /// every pair of results a CCG can have.
    #[test]
    fn the_sort_key_orders_as_the_page_does() {
        let max = crate::checks::CHECKS.len();
        let all: Vec<(usize, usize)> = (1..=max).flat_map(|a| (0..=a).map(move |m| (m, a))).collect();
        for &a in &all {
            for &b in &all {
                let ka: u64 = share_key(a.0, a.1).parse().unwrap();
                let kb: u64 = share_key(b.0, b.1).parse().unwrap();
                assert_eq!(by_share(a, b), kb.cmp(&ka), "{a:?} {b:?}");
            }
        }
    }
}
