//! A group's page: CCGs meeting in common, and their meetings.

use serde::Serialize;

use super::ccg::meetings::{MeetingRow, upcoming_and_past};
use super::{Link, ccg_link};
use crate::model::*;
use crate::render::published::{Owner, Published};

#[derive(Serialize)]
pub(crate) struct GroupView {
    name: String,
    description: Option<String>,
    members: Vec<Link>,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
}

pub(crate) fn group<'a>(site: &Published<'a>, g: &'a Group) -> GroupView {
    let (upcoming, past) = upcoming_and_past(site, g.meetings.iter().map(|m| (m, Owner::Group(g))));
    GroupView {
        name: g.profile.data.name.clone(),
        description: g.profile.data.description.clone(),
        members: site.members(g).map(|c| ccg_link(site, c)).collect(),
        upcoming,
        past,
    }
}
