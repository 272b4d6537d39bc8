//! The CCG page's meetings (its own and those held in common), upcoming
//! and past; the group page lists its meetings the same way.

use serde::Serialize;

use crate::model::*;
use crate::render::published::{Owner, Published, SitePath, meeting_title};
use crate::render::views::DateView;

#[derive(Serialize)]
pub(crate) struct MeetingRow {
    /// The day, for grouping by year.
    #[serde(skip)]
    pub(crate) day: Date,
    url: String,
    title: String,
    date: DateView,
    time: Option<String>,
    status: &'static str,
    status_key: &'static str,
    minutes: &'static str,
    minutes_key: &'static str,
    in_common: Option<String>,
    papers: usize,
    items: usize,
    /// The meeting's calendar file, for one to come.
    calendar: Option<String>,
}

/// The meetings (by date) as rows: those to come, soonest first, and those
/// past, latest first.
pub(crate) fn upcoming_and_past<'a>(
    site: &Published<'a>,
    meetings: impl IntoIterator<Item = (&'a Meeting, Owner<'a>)>,
) -> (Vec<MeetingRow>, Vec<MeetingRow>) {
    let mut upcoming = Vec::new();
    let mut past = Vec::new();
    for (m, owner) in meetings {
        let row = meeting_row(site, m, owner);
        if site.is_upcoming(m) { upcoming.push(row) } else { past.push(row) }
    }
    past.reverse();
    (upcoming, past)
}

fn meeting_row(site: &Published, m: &Meeting, owner: Owner) -> MeetingRow {
    let f = &m.front;
    let minutes = m.minutes_status();
    MeetingRow {
        day: f.date,
        url: site.href(&SitePath::meeting(m, &owner)),
        title: meeting_title(m, &owner),
        date: DateView::of(f.date),
        time: f.start.map(|s| match f.end {
            Some(e) => format!("{s} to {e}"),
            None => s.to_string(),
        }),
        status: f.status.label(),
        status_key: f.status.as_str(),
        minutes: minutes.label(),
        minutes_key: minutes.as_str(),
        in_common: match owner {
            Owner::Group(g) => Some(g.profile.data.name.clone()),
            Owner::Ccg(_) => None,
        },
        calendar: site.is_upcoming(m).then(|| site.href(&SitePath::meeting_calendar(m, &owner))),
        papers: f.agenda.iter().map(|a| a.papers.len()).sum(),
        items: f.agenda.len(),
    }
}
