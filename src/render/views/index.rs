//! The home page: every CCG in a table, by region, with totals.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{DateView, LevelView};
use crate::checks::{CcgChecks, Status, TITLES};
use crate::model::*;
use crate::render::published::{Owner, Published, SitePath, meeting_title, region_order};

#[derive(Serialize)]
pub(crate) struct IndexView {
    rows: Vec<IndexRow>,
    regions: Vec<RegionView>,
    levels: Vec<CountView>,
    check_totals: Vec<CheckTotal>,
    totals: Totals,
    /// For "Find your CCG or GP practice".
    lookup: String,
    practices: usize,
    people: String,
    practices_url: String,
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
struct CheckTotal {
    number: usize,
    title: &'static str,
    pass: usize,
    fail: usize,
    not_applicable: usize,
    unknown: usize,
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
    for (i, ccg) in content.ccgs.iter().enumerate() {
        let row = row(site, ccg, &site.input.checks[i]);
        totals.ccgs += 1;
        totals.open += usize::from(ccg.profile.data.closed.is_none_or(|c| c >= site.input.as_of));
        totals.meetings += ccg.meetings.len();
        totals.decisions += row.decisions.unwrap_or(0);
        totals.interests += row.interests.unwrap_or(0);
        rows.push(row);
    }
    totals.meetings += content.groups.iter().map(|g| g.meetings.len()).sum::<usize>();
    rows.sort_by(|a, b| (a.region_order, &a.region, &a.name).cmp(&(b.region_order, &b.region, &b.name)));
    IndexView {
        regions: regions(&rows),
        levels: levels(&rows),
        check_totals: check_totals(site.input.checks),
        rows,
        totals,
        lookup: site.href(&SitePath::lookup_json()),
        practices: site.all_practices().count(),
        people: site.href(&SitePath::people_index()),
        practices_url: site.href(&SitePath::practices_index()),
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
        interests: ccg.interests.as_ref().map(|r| r.data.entries.iter().map(|e| e.interests.len()).sum()),
        checks_met: checks.met(),
        checks_applicable: checks.applicable(),
    }
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

/// Each transparency check's results over every CCG.
fn check_totals(checks: &[CcgChecks]) -> Vec<CheckTotal> {
    (0..TITLES.len())
        .map(|i| {
            let count = |s: Status| checks.iter().filter(|c| c.results[i].status == s).count();
            CheckTotal {
                number: i + 1,
                title: TITLES[i],
                pass: count(Status::Pass),
                fail: count(Status::Fail),
                not_applicable: count(Status::NotApplicable),
                unknown: count(Status::Unknown),
            }
        })
        .collect()
}
