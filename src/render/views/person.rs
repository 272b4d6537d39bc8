//! A person's page (`SitePath::person`, below their CCG's): roles over time, the
//! register entry, declarations at meetings and conflicts on decisions,
//! gifts and hospitality, attendance; and the `/people/` index, A to Z.
//! A withheld person has no page and is only counted.

use serde::Serialize;

use super::ccg::decisions::UndeclaredView;
use super::{DateView, Link, ccg_link, practice_link};
use crate::model::*;
use crate::render::people::Person;
use crate::render::published::{Owner, Published, SitePath, meeting_title};

#[derive(Serialize)]
pub(crate) struct PersonView {
    pub(crate) name: String,
    pub(crate) ccg: Link,
    id: String,
    roles: Vec<RoleView>,
    register: Option<RegisterView>,
    declarations: Vec<DeclarationRow>,
    conflicts: Vec<ConflictRow>,
    gifts: Vec<GiftRow>,
    attendance: Option<AttendanceSummary>,
    /// Check 11: their registered interests not declared at decisions.
    undeclared: Vec<UndeclaredView>,
    data_url: String,
}

#[derive(Serialize)]
struct RoleView {
    committee: String,
    role: String,
    category: &'static str,
    voting: bool,
    chair: bool,
    from: Option<DateView>,
    to: Option<DateView>,
    current: bool,
}

#[derive(Serialize)]
struct RegisterView {
    url: String,
    updated: DateView,
    roles: String,
    nil_return: bool,
    interests: Vec<InterestRow>,
}

#[derive(Serialize)]
struct InterestRow {
    kind: &'static str,
    description: String,
    from: Option<DateView>,
    to: Option<DateView>,
    ended: bool,
    action: String,
    practices: Vec<Link>,
}

#[derive(Serialize)]
struct DeclarationRow {
    meeting: Link,
    date: DateView,
    item: Option<String>,
    interest: String,
    action: String,
}

#[derive(Serialize)]
struct ConflictRow {
    decision: Link,
    id: String,
    date: DateView,
    interest: String,
    action: String,
}

#[derive(Serialize)]
struct GiftRow {
    date: DateView,
    offered_by: String,
    description: String,
    value: Option<String>,
    accepted: bool,
    notes: Option<String>,
}

/// Attendance at the meetings held while the person was a member of the
/// committee that met.
#[derive(Serialize)]
pub(crate) struct AttendanceSummary {
    pub(crate) present: usize,
    pub(crate) apologies: usize,
    pub(crate) absent: usize,
    /// Present as a share of the meetings counted: `80%`.
    pub(crate) rate: String,
    /// Meetings held while a member with no attendance recorded (not counted).
    pub(crate) not_recorded: usize,
    meetings: Vec<AttendedMeeting>,
}

#[derive(Serialize)]
struct AttendedMeeting {
    url: String,
    title: String,
    date: DateView,
    status: &'static str,
}

/// The page of `person` of `ccg` (who is not withheld).
pub(crate) fn person(site: &Published, ccg: &Ccg, person: &Person) -> PersonView {
    let key = person.key.as_str();
    let is = |name: &str| person_key(name) == key;
    let as_of = site.input.as_of;
    let mut roles = Vec::new();
    for c in &ccg.profile.data.committees {
        for m in c.members.iter().filter(|m| is(&m.name)) {
            roles.push(RoleView {
                committee: c.name.clone(),
                role: m.role.clone(),
                category: m.category.label(),
                voting: m.voting,
                chair: m.chair,
                from: m.from.map(DateView::of),
                to: m.to.map(DateView::of),
                current: m.is_current(as_of),
            });
        }
    }
    let register = ccg.interests.as_ref().and_then(|r| {
        let e = r.data.entries.iter().find(|e| is(&e.name))?;
        Some(RegisterView {
            url: site.href(&SitePath::ccg_section(&ccg.id, "interests")),
            updated: DateView::of(r.data.updated),
            roles: e.roles.join(", "),
            nil_return: e.nil_return,
            interests: e
                .interests
                .iter()
                .map(|i| InterestRow {
                    kind: i.kind.label(),
                    description: i.description.clone(),
                    from: i.from.map(DateView::of),
                    to: i.to.map(DateView::of),
                    ended: i.to.is_some_and(|t| t < as_of),
                    action: i.action.clone(),
                    practices: i.practices.iter().filter_map(|ods| practice_link(site, ods)).collect(),
                })
                .collect(),
        })
    });
    let meetings = site.meetings_of(ccg);
    let mut declarations = Vec::new();
    for (m, owner) in &meetings {
        for d in m.front.declarations.iter().filter(|d| is(&d.name)) {
            declarations.push(DeclarationRow {
                meeting: Link { text: meeting_title(m, owner), url: site.href(&SitePath::meeting(m, owner)) },
                date: DateView::of(m.front.date),
                item: d.item.clone(),
                interest: d.interest.clone(),
                action: d.action.clone(),
            });
        }
    }
    let mut conflicts = Vec::new();
    for d in ccg.decisions.iter().flat_map(|r| &r.data.entries) {
        for c in d.conflicts.iter().filter(|c| is(&c.name)) {
            conflicts.push(ConflictRow {
                decision: Link { text: d.title.clone(), url: site.href(&SitePath::decision(ccg, &d.id)) },
                id: d.id.clone(),
                date: DateView::of(d.date),
                interest: c.interest.clone(),
                action: c.action.clone(),
            });
        }
    }
    conflicts.sort_by(|a, b| (&b.date.iso, &a.id).cmp(&(&a.date.iso, &b.id)));
    let mut gifts: Vec<GiftRow> = ccg
        .gifts
        .iter()
        .flat_map(|r| &r.data.entries)
        .filter(|g| is(&g.name))
        .map(|g| GiftRow {
            date: DateView::of(g.date),
            offered_by: g.offered_by.clone(),
            description: g.description.clone(),
            value: g.value.map(Money::display),
            accepted: g.accepted,
            notes: g.notes.clone(),
        })
        .collect();
    gifts.sort_by(|a, b| b.date.iso.cmp(&a.date.iso));
    PersonView {
        name: key.to_owned(),
        ccg: ccg_link(site, ccg),
        id: format!("{}/{}", ccg.id, person.stem),
        roles,
        register,
        declarations,
        conflicts,
        gifts,
        attendance: attendance(site, ccg, key, &meetings),
        undeclared: site
            .undeclared(ccg)
            .iter()
            .filter(|u| !u.withheld.is_withheld() && u.name == key)
            .map(|u| UndeclaredView::of(site, ccg, u))
            .collect(),
        data_url: site.href(&SitePath::open_data_page()),
    }
}

/// The committee of `ccg` that met at `m`: the meeting's `committee`, the
/// only committee, or for a group's meeting the committee that meets in it.
fn committee_at<'c>(ccg: &'c Ccg, m: &Meeting, owner: &Owner) -> Option<&'c Committee> {
    let committees = &ccg.profile.data.committees;
    match owner {
        Owner::Ccg(_) => match &m.front.committee {
            Some(id) => committees.iter().find(|c| &c.id == id),
            None if committees.len() == 1 => committees.first(),
            None => None,
        },
        Owner::Group(g) => committees.iter().find(|c| c.group.as_deref() == Some(g.id.as_str())),
    }
}

/// Attendance of the person `key` at the meetings (of the CCG and its
/// groups) held on or before the as-of date while they were a member of the
/// committee that met; `None` when there were none.
pub(crate) fn attendance(site: &Published, ccg: &Ccg, key: &str, meetings: &[(&Meeting, Owner)]) -> Option<AttendanceSummary> {
    let as_of = site.input.as_of;
    let is = |name: &String| person_key(name) == key;
    let mut s = AttendanceSummary { present: 0, apologies: 0, absent: 0, rate: String::new(), not_recorded: 0, meetings: Vec::new() };
    let mut any = false;
    for (m, owner) in meetings {
        let f = &m.front;
        if f.status != MeetingStatus::Held || f.date > as_of {
            continue;
        }
        let Some(c) = committee_at(ccg, m, owner) else { continue };
        if !c.members.iter().any(|x| person_key(&x.name) == key && x.is_current(f.date)) {
            continue;
        }
        any = true;
        let Some(a) = &f.attendance else {
            s.not_recorded += 1;
            continue;
        };
        let status = if a.present.iter().any(is) || a.in_attendance.iter().any(is) {
            s.present += 1;
            "Present"
        } else if a.apologies.iter().any(is) {
            s.apologies += 1;
            "Apologies"
        } else {
            s.absent += 1;
            "Absent"
        };
        s.meetings.push(AttendedMeeting {
            url: site.href(&SitePath::meeting(m, owner)),
            title: meeting_title(m, owner),
            date: DateView::of(f.date),
            status,
        });
    }
    let counted = s.present + s.apologies + s.absent;
    if let Some(rate) = (s.present * 100 + counted / 2).checked_div(counted) {
        s.rate = format!("{rate}%");
    }
    s.meetings.reverse();
    any.then_some(s)
}

// ---- /people/ ---------------------------------------------------------------------

#[derive(Serialize)]
pub(crate) struct PeopleIndexView {
    letters: Vec<LetterGroup>,
    count: usize,
    withheld: usize,
}

#[derive(Serialize)]
struct LetterGroup {
    letter: String,
    people: Vec<PersonRow>,
}

#[derive(Serialize)]
struct PersonRow {
    name: String,
    url: String,
    ccg: Link,
    roles: String,
}

/// Everyone with a page, A to Z by surname (the last word of the name).
pub(crate) fn people_index(site: &Published) -> PeopleIndexView {
    let mut rows: Vec<(String, PersonRow)> = Vec::new();
    let mut withheld = 0;
    for ccg in &site.content.ccgs {
        let people = site.people(ccg);
        withheld += people.withheld();
        for p in people.with_pages() {
            let roles =
                ccg.interests.iter().flat_map(|r| &r.data.entries).find(|e| person_key(&e.name) == p.key).map(|e| e.roles.join(", "));
            let roles = roles.unwrap_or_else(|| {
                let mut v: Vec<&str> = Vec::new();
                for m in ccg.profile.data.committees.iter().flat_map(|c| &c.members).filter(|m| person_key(&m.name) == p.key) {
                    if !v.contains(&m.role.as_str()) {
                        v.push(&m.role);
                    }
                }
                v.join(", ")
            });
            let surname = p.key.rsplit(' ').next().unwrap_or(&p.key).to_lowercase();
            rows.push((
                format!("{surname}\u{0}{}\u{0}{}", p.key.to_lowercase(), ccg.id),
                PersonRow { name: p.key.clone(), url: site.href(&SitePath::person(&ccg.id, &p.stem)), ccg: ccg_link(site, ccg), roles },
            ));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let count = rows.len();
    let mut letters: Vec<LetterGroup> = Vec::new();
    for (sort, row) in rows {
        let letter = sort.chars().next().filter(char::is_ascii_alphabetic).map_or("#".to_owned(), |c| c.to_ascii_uppercase().to_string());
        match letters.last_mut() {
            Some(g) if g.letter == letter => g.people.push(row),
            _ => letters.push(LetterGroup { letter, people: vec![row] }),
        }
    }
    PeopleIndexView { letters, count, withheld }
}
