//! A CCG's page: its profile here, and a module for each section below it
//! (committees, meetings and decisions by year, interests, gifts, checks).

use serde::Serialize;

use super::{DateView, LevelView, Link, ccg_link};
use crate::checks::CcgChecks;
use crate::markdown;
use crate::model::*;
use crate::render::published::{DataFile, Published, SitePath, data_files};

pub(crate) mod checks;
pub(crate) mod committee;
pub(crate) mod decisions;
pub(crate) mod gifts;
pub(crate) mod interests;
pub(crate) mod meetings;
pub(crate) mod years;

use checks::ChecksView;
use committee::CommitteeView;
use decisions::DecisionsView;
use gifts::GiftsView;
use interests::InterestsView;
use meetings::MeetingRow;
use years::YearView;

#[derive(Serialize)]
pub(crate) struct CcgView {
    id: String,
    name: String,
    ods_code: String,
    region: String,
    area_team: Option<String>,
    website: Option<String>,
    population: Option<String>,
    member_practices: Option<u32>,
    established: Option<DateView>,
    closed: Option<DateView>,
    successor: Option<Link>,
    successor_name: Option<String>,
    predecessors: Vec<Link>,
    level: Option<LevelView>,
    levels: Vec<LevelPeriodView>,
    committees: Vec<CommitteeView>,
    upcoming: Vec<MeetingRow>,
    /// The register of decisions, if published: when it was updated, how
    /// many decisions it holds.
    decisions: Option<DecisionsView>,
    /// Past meetings and decisions, by financial year, newest first.
    years: Vec<YearView>,
    interests: Option<InterestsView>,
    gifts: Option<GiftsView>,
    checks: ChecksView,
    data_files: Vec<Link>,
    /// How to attend, register or ask a question (the CCG's, and each
    /// committee's own, named), shown by the upcoming meetings.
    participation: Vec<super::meeting::ParticipationView>,
    /// The CCG's calendar to subscribe to.
    calendar: CalendarView,
}

/// A calendar to subscribe to (`webcal://`) or download (`https://`).
#[derive(Serialize)]
pub(crate) struct CalendarView {
    pub(crate) webcal: String,
    /// The link to download it.
    pub(crate) url: String,
    /// Its absolute address, to paste into a calendar app.
    pub(crate) address: String,
}

#[derive(Serialize)]
struct LevelPeriodView {
    level: LevelView,
    from: DateView,
    to: Option<DateView>,
    current: bool,
}

/// The CCG's page; `checks` are its transparency checks, made on the day
/// it is shown as of (the as-of date, or the day it closed).
pub(crate) fn ccg<'a>(site: &Published<'a>, ccg: &'a Ccg, checks: &CcgChecks) -> CcgView {
    let p = &ccg.profile.data;
    let day = checks.on;
    let (upcoming, past) = meetings::upcoming_and_past(site, site.meetings_of(ccg));
    let (decisions, entries) = match decisions::decisions(site, ccg) {
        Some((view, entries)) => (Some(view), entries),
        None => (None, Vec::new()),
    };
    let register = decisions.is_some();
    CcgView {
        id: ccg.id.clone(),
        name: p.name.clone(),
        ods_code: p.ods_code.clone(),
        region: p.region.clone(),
        area_team: p.area_team.clone(),
        website: p.website.clone().filter(|w| markdown::is_safe_link(w)),
        population: p.population.map(crate::model::thousands),
        member_practices: p.member_practices,
        established: p.established.map(DateView::of),
        closed: p.closed.map(DateView::of),
        successor: p.successor.as_ref().and_then(|s| site.ccg(s)).map(|s| ccg_link(site, s)),
        successor_name: p.successor_name.clone(),
        predecessors: predecessors(site, ccg),
        level: ccg.level_on(day).map(LevelView::of),
        levels: p
            .co_commissioning
            .iter()
            .map(|l| LevelPeriodView {
                level: LevelView::of(l.level),
                from: DateView::of(l.from),
                to: l.to.map(DateView::of),
                current: current(Some(l.from), l.to, day),
            })
            .collect(),
        committees: committee::committees(site, ccg, day),
        upcoming,
        decisions,
        years: years::years(past, entries, day, register),
        interests: interests::interests(site, ccg),
        gifts: gifts::gifts(site, ccg),
        checks: checks::checks(site, ccg, checks, site.input.as_of),
        data_files: data_files(ccg)
            .into_iter()
            .map(|f| Link { text: f.description().to_owned(), url: site.href(&SitePath::data_file(ccg, f)) })
            .collect(),
        participation: participation(ccg),
        calendar: {
            let at = SitePath::data_file(ccg, DataFile::Calendar);
            CalendarView { webcal: site.base.webcal(&at), url: site.href(&at), address: site.abs(&at) }
        },
    }
}

/// The CCG's `public_participation`, then each committee's own (named)
/// where it differs.
fn participation(ccg: &Ccg) -> Vec<super::meeting::ParticipationView> {
    let p = &ccg.profile.data;
    let own = p.public_participation.as_deref().filter(|t| !t.trim().is_empty());
    let mut texts: Vec<(Option<&str>, &str)> = own.map(|t| (None, t)).into_iter().collect();
    for c in &p.committees {
        if let Some(t) = c.public_participation.as_deref().filter(|t| !t.trim().is_empty() && Some(*t) != own) {
            texts.push((Some(c.name.as_str()), t));
        }
    }
    // One committee and its text alone: no need to name it.
    if let [(Some(_), t)] = texts[..] {
        texts = vec![(None, t)];
    }
    super::meeting::participation_views(texts, 4)
}

/// The CCGs this one succeeded.
fn predecessors(site: &Published, ccg: &Ccg) -> Vec<Link> {
    site.content.ccgs.iter().filter(|c| c.profile.data.successor.as_deref() == Some(ccg.id.as_str())).map(|c| ccg_link(site, c)).collect()
}
