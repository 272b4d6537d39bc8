//! A meeting's page, for a CCG's meeting or a group's: agenda and papers,
//! the decisions it took, attendance, interests declared and minutes.

use serde::Serialize;

use super::ccg::decisions::{DecisionLink, decision_link};
use super::{DateView, Link, ccg_link};
use crate::diag::Diagnostic;
use crate::markdown;
use crate::model::*;
use crate::render::published::{NAME_WITHHELD, Owner, Published, SitePath, meeting_title};

#[derive(Serialize)]
pub(crate) struct MeetingView {
    pub(crate) title: String,
    pub(crate) owner: Link,
    owner_kind: &'static str,
    committee: Option<String>,
    in_common: Vec<Link>,
    pub(crate) date: DateView,
    start: Option<String>,
    end: Option<String>,
    venue: Option<String>,
    status: &'static str,
    status_key: &'static str,
    public: bool,
    papers_published: Option<DateView>,
    papers_clear_days: Option<i64>,
    agenda: Vec<AgendaView>,
    has_private: bool,
    group_decisions: Vec<GroupDecisions>,
    attendance: Option<AttendanceView>,
    declarations: Vec<DeclarationView>,
    /// Some declaration's details are withheld (the page says why).
    declarations_withheld: bool,
    minutes: &'static str,
    minutes_key: &'static str,
    minutes_html: Option<String>,
    /// Still to come on the as-of date: no declarations, attendance or
    /// minutes yet, and how to go to it.
    upcoming: bool,
    /// How to attend, register or ask a question (HTML), by CCG at a
    /// group's meeting when its CCGs say different things.
    participation: Vec<ParticipationView>,
    /// The meeting as a calendar file.
    calendar: String,
}

#[derive(Serialize)]
pub(crate) struct ParticipationView {
    ccg: Option<String>,
    html: String,
}

/// `public_participation` texts as published: Markdown to safe HTML, its
/// headings from level `top`.
pub(crate) fn participation_views(texts: Vec<(Option<&str>, &str)>, top: u8) -> Vec<ParticipationView> {
    texts.into_iter().map(|(ccg, md)| ParticipationView { ccg: ccg.map(str::to_owned), html: markdown::to_html(md, top) }).collect()
}

#[derive(Serialize)]
struct AgendaView {
    number: String,
    title: String,
    part: &'static str,
    private: bool,
    papers: Vec<PaperView>,
    decision: Option<DecisionLink>,
}

#[derive(Serialize)]
struct PaperView {
    title: String,
    url: String,
    external: bool,
    kind: Option<String>,
    size: Option<String>,
}

#[derive(Serialize)]
struct GroupDecisions {
    ccg: Link,
    decisions: Vec<DecisionLink>,
}

#[derive(Serialize)]
struct AttendanceView {
    present: Vec<NameView>,
    in_attendance: Vec<NameView>,
    apologies: Vec<NameView>,
}

/// A person's name as published, and their page if they have one.
#[derive(Serialize)]
struct NameView {
    name: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct DeclarationView {
    name: String,
    url: Option<String>,
    item: Option<String>,
    interest: String,
    action: String,
    /// The declarer's register entry is withheld in full: nothing but
    /// "Name withheld" is shown (not the item, the interest or the action).
    withheld: bool,
}

/// The meeting's page; fails only if its minutes cannot be read back.
pub(crate) fn meeting<'a>(site: &Published<'a>, m: &'a Meeting, owner: Owner<'a>) -> Result<MeetingView, Diagnostic> {
    let minutes_html = if m.body.is_blank() {
        None
    } else {
        let md = m.body.read().map_err(|e| Diagnostic::error(&site.content.files[m.file].path, e))?;
        Some(markdown::to_html(&md, 3))
    };
    let f = &m.front;
    let agenda: Vec<AgendaView> = f.agenda.iter().map(|item| agenda_item(site, item, owner)).collect();
    let (owner_kind, committee, in_common) = match owner {
        Owner::Ccg(c) => ("ccg", f.committee.as_deref().and_then(|id| c.committee_name(id)).map(str::to_owned), Vec::new()),
        Owner::Group(g) => ("group", None, site.members(g).map(|c| ccg_link(site, c)).collect()),
    };
    let minutes = m.minutes_status();
    // A group's meeting names people of any of its CCGs.
    let ccgs: Vec<&Ccg> = match owner {
        Owner::Ccg(c) => vec![c],
        Owner::Group(g) => site.members(g).collect(),
    };
    let href = |n: &str| ccgs.iter().find_map(|c| site.person_href(c, n));
    let names = |v: &[String]| v.iter().map(|n| NameView { name: person_key(site.person(n)), url: href(n) }).collect::<Vec<_>>();
    let declarations_withheld = f.declarations.iter().any(|d| site.withholding(&d.name).is_entry());
    Ok(MeetingView {
        declarations_withheld,
        title: meeting_title(m, &owner),
        owner: Link { text: owner.name().to_owned(), url: site.href(&SitePath::owner(&owner)) },
        owner_kind,
        committee,
        in_common,
        date: DateView::of(f.date),
        start: f.start.map(|t| t.to_string()),
        end: f.end.map(|t| t.to_string()),
        venue: f.venue.clone(),
        status: f.status.label(),
        status_key: f.status.as_str(),
        public: f.public,
        papers_published: f.papers_published.map(DateView::of),
        papers_clear_days: f.papers_published.map(|p| (f.date.to_days() - p.to_days() - 1).max(0)),
        has_private: agenda.iter().any(|a| a.private),
        agenda,
        group_decisions: group_decisions(site, m, owner),
        attendance: f.attendance.as_ref().map(|a| AttendanceView {
            present: names(&a.present),
            in_attendance: names(&a.in_attendance),
            apologies: names(&a.apologies),
        }),
        declarations: f
            .declarations
            .iter()
            .map(|d| {
                if site.withholding(&d.name).is_entry() {
                    DeclarationView {
                        name: NAME_WITHHELD.to_owned(),
                        url: None,
                        item: None,
                        interest: String::new(),
                        action: String::new(),
                        withheld: true,
                    }
                } else {
                    DeclarationView {
                        name: site.person(&d.name).to_owned(),
                        url: href(&d.name),
                        item: d.item.clone(),
                        interest: d.interest.clone(),
                        action: d.action.clone(),
                        withheld: false,
                    }
                }
            })
            .collect(),
        minutes: minutes.label(),
        minutes_key: minutes.as_str(),
        minutes_html,
        upcoming: site.is_upcoming(m),
        participation: if site.is_upcoming(m) { participation_views(site.participation(m, owner), 3) } else { Vec::new() },
        calendar: site.href(&SitePath::meeting_calendar(m, &owner)),
    })
}

/// An item of the agenda with its papers, and the decision it took (a
/// CCG's meeting: a group's decisions are listed by CCG below).
fn agenda_item(site: &Published, item: &AgendaItem, owner: Owner) -> AgendaView {
    AgendaView {
        number: item.number.clone(),
        title: item.title.clone(),
        part: item.part.label(),
        private: item.part == Part::Private,
        papers: item.papers.iter().map(|p| paper(site, p, owner)).collect(),
        decision: match (owner, &item.decision) {
            (Owner::Ccg(c), Some(id)) => decision_link(site, c, id, false),
            _ => None,
        },
    }
}

/// A paper: published below its owner's page with its type and size, or a
/// link to another site.
fn paper(site: &Published, p: &Paper, owner: Owner) -> PaperView {
    match (&p.file, &p.url) {
        (Some(file), _) => {
            let rel = paper_rel(file);
            let size = find_paper(owner.papers(), rel).map(|x| human_size(x.size));
            PaperView {
                title: p.title.clone(),
                url: site.href(&SitePath::paper(&owner, file)),
                external: false,
                kind: rel.rsplit_once('.').map(|(_, ext)| ext.to_ascii_uppercase()).filter(|e| e.len() <= 5),
                size,
            }
        }
        (None, url) => PaperView {
            title: p.title.clone(),
            url: url.clone().filter(|u| markdown::is_safe_link(u)).unwrap_or_default(),
            external: true,
            kind: None,
            size: None,
        },
    }
}

/// At a group's meeting, the decisions each member CCG's register says it
/// took there.
fn group_decisions(site: &Published, m: &Meeting, owner: Owner) -> Vec<GroupDecisions> {
    let Owner::Group(g) = owner else { return Vec::new() };
    let key = format!("{}/{}", g.id, m.id);
    site.members(g)
        .filter_map(|c| {
            let ids: Vec<&str> = c
                .decisions
                .as_ref()?
                .data
                .entries
                .iter()
                .filter(|d| d.meeting.as_deref() == Some(key.as_str()))
                .map(|d| d.id.as_str())
                .collect();
            if ids.is_empty() {
                return None;
            }
            Some(GroupDecisions {
                ccg: ccg_link(site, c),
                decisions: ids.iter().filter_map(|id| decision_link(site, c, id, true)).collect(),
            })
        })
        .collect()
}

fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_numbers() {
        assert_eq!(crate::model::thousands(208000), "208,000");
        assert_eq!(human_size(100), "100 bytes");
        assert_eq!(human_size(2048), "2 KB");
        assert_eq!(human_size(3 * 1024 * 1024 + 100 * 1024), "3.1 MB");
    }
}
