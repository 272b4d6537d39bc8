//! The documents search finds: their titles (which tell results apart),
//! the text an excerpt is cut from, and the words indexed but not shown.
//!
//! People's names are indexed where the pages show them (committee
//! members, attendance, declarations, conflicts, procurement leads, the
//! person pages) and only as the pages show them: a name that is withheld
//! in any spelling is left out, never written as "Name withheld".

use std::collections::HashMap;

use rayon::prelude::*;

use crate::markdown;
use crate::model::*;
use crate::render::{Owner, Published, SitePath, meeting_title};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(super) enum Kind {
    Ccg,
    Person,
    Decision,
    Meeting,
    Paper,
    Terms,
    Page,
}

impl Kind {
    pub(super) const ALL: [Kind; 7] = [Kind::Ccg, Kind::Person, Kind::Decision, Kind::Meeting, Kind::Paper, Kind::Terms, Kind::Page];

    /// The kind in the address (`?kind=meeting`) and in file names.
    pub(super) fn key(self) -> &'static str {
        match self {
            Kind::Ccg => "ccg",
            Kind::Person => "person",
            Kind::Decision => "decision",
            Kind::Meeting => "meeting",
            Kind::Paper => "paper",
            Kind::Terms => "terms",
            Kind::Page => "page",
        }
    }

    /// `(one, many)`: "1 meeting", "12 meetings".
    pub(super) fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Kind::Ccg => ("CCG", "CCGs"),
            Kind::Person => ("person", "people"),
            Kind::Decision => ("decision", "decisions"),
            Kind::Meeting => ("meeting", "meetings"),
            Kind::Paper => ("paper", "papers"),
            Kind::Terms => ("terms of reference", "terms of reference"),
            Kind::Page => ("page", "pages"),
        }
    }

    /// The heading of its results.
    pub(super) fn label(self) -> &'static str {
        match self {
            Kind::Ccg => "CCGs",
            Kind::Person => "People",
            Kind::Decision => "Decisions",
            Kind::Meeting => "Meetings",
            Kind::Paper => "Papers",
            Kind::Terms => "Terms of reference",
            Kind::Page => "Pages",
        }
    }
}

/// One searchable thing.
pub(super) struct Doc<'a> {
    pub(super) kind: Kind,
    pub(super) title: String,
    /// The link to it: below the base path, or another site's address.
    pub(super) url: String,
    /// Index into the owners list (the CCG or group it belongs to), or -1.
    pub(super) owner: i64,
    pub(super) date: Option<Date>,
    /// Words indexed but not shown (the owner's name, the year…).
    pub(super) keywords: String,
    /// Readable text, indexed and shown in excerpts, before the body's.
    pub(super) text: String,
    /// Markdown whose text is indexed too (and begins the excerpt after
    /// `text`): turned into text only while the postings are made, so the
    /// minutes are never held as text.
    pub(super) body: Markdown<'a>,
}

#[derive(Clone, Copy)]
pub(super) enum Markdown<'a> {
    None,
    Text(&'a str),
    /// Read back from the meeting's file.
    Minutes(&'a Meeting),
}

/// `title — owner`, unless the title names the owner already (a group's
/// meeting is titled with the group's name).
fn with_owner(title: String, owner: &str) -> String {
    if title.contains(owner) { title } else { format!("{title} — {owner}") }
}

/// A person's name as the pages show it, or `None` if it is withheld (in
/// any spelling): then nothing of it is indexed or shown.
fn shown(cx: &Published, name: &str) -> Option<String> {
    (cx.person(name) == name).then(|| person_key(name)).filter(|k| !k.is_empty())
}

/// Appends `sep` and `part` when `part` is not empty.
fn push(text: &mut String, sep: &str, part: &str) {
    if part.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push_str(sep);
    }
    text.push_str(part);
}

/// Every document, by kind, then by owner and newest first within an
/// owner, with the owners they name as `[name, link, id]`. The CCGs come
/// first in the owners; `ccgs` of them.
pub(super) fn collect_docs<'a>(cx: &Published<'a>) -> (Vec<Doc<'a>>, Vec<(String, String, String)>, usize) {
    let owners = Owners::new(cx);
    let mut docs = ccg_docs(cx, &owners);
    docs.extend(person_docs(cx, &owners));
    docs.extend(decision_docs(cx, &owners));
    docs.extend(meeting_docs(cx, &owners));
    docs.extend(terms_docs(cx, &owners));
    docs.extend(page_docs(cx));
    docs.sort_by(|a, b| {
        (a.kind, a.owner, std::cmp::Reverse(a.date), &a.url, &a.title).cmp(&(b.kind, b.owner, std::cmp::Reverse(b.date), &b.url, &b.title))
    });
    (docs, owners.list, cx.content.ccgs.len())
}

/// The CCGs and groups that documents belong to, by index.
struct Owners<'a> {
    list: Vec<(String, String, String)>,
    index: HashMap<(bool, &'a str), i64>,
}

impl<'a> Owners<'a> {
    fn new(cx: &Published<'a>) -> Owners<'a> {
        let mut owners = Owners { list: Vec::new(), index: HashMap::new() };
        for c in &cx.content.ccgs {
            owners.index.insert((true, &c.id), owners.list.len() as i64);
            owners.list.push((c.profile.data.name.clone(), cx.href(&SitePath::ccg(&c.id)), c.id.clone()));
        }
        for g in &cx.content.groups {
            owners.index.insert((false, &g.id), owners.list.len() as i64);
            owners.list.push((g.profile.data.name.clone(), cx.href(&SitePath::group(&g.id)), g.id.clone()));
        }
        owners
    }

    fn of(&self, o: &Owner) -> i64 {
        match o {
            Owner::Ccg(c) => self.index[&(true, c.id.as_str())],
            Owner::Group(g) => self.index[&(false, g.id.as_str())],
        }
    }
}

/// A CCG: its committees and their members.
fn ccg_docs<'a>(cx: &Published<'a>, owners: &Owners) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    for c in &cx.content.ccgs {
        let p = &c.profile.data;
        let mut text = format!("{}, {}.", p.region, p.ods_code);
        for com in &p.committees {
            let members: Vec<String> = com
                .members
                .iter()
                .filter_map(|m| shown(cx, &m.name).map(|name| if m.role.is_empty() { name } else { format!("{name} ({})", m.role) }))
                .collect();
            text.push(' ');
            text.push_str(&com.name);
            text.push_str(if members.is_empty() { "." } else { ": " });
            if !members.is_empty() {
                text.push_str(&members.join(", "));
                text.push('.');
            }
        }
        docs.push(Doc {
            kind: Kind::Ccg,
            title: p.name.clone(),
            url: cx.href(&SitePath::ccg(&c.id)),
            owner: owners.of(&Owner::Ccg(c)),
            date: None,
            keywords: p.area_team.clone().unwrap_or_default(),
            text,
            body: Markdown::None,
        });
    }
    docs
}

/// A person's page: their roles, committees and registered interests.
/// Only the people with a page: never a withheld one.
fn person_docs<'a>(cx: &Published<'a>, owners: &Owners) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    for c in &cx.content.ccgs {
        for person in cx.people(c).with_pages() {
            let key = person.key.as_str();
            let is = |name: &str| person_key(name) == key;
            let mut text = String::new();
            let entry = c.interests.iter().flat_map(|r| &r.data.entries).find(|e| is(&e.name));
            if let Some(e) = entry {
                push(&mut text, "", &e.roles.join(", "));
            }
            for com in &c.profile.data.committees {
                for m in com.members.iter().filter(|m| is(&m.name)) {
                    let role =
                        if m.role.is_empty() || text.contains(&m.role) { com.name.clone() } else { format!("{}, {}", m.role, com.name) };
                    push(&mut text, ". ", &role);
                }
            }
            if let Some(e) = entry {
                let interests: Vec<&str> = e.interests.iter().map(|i| i.description.as_str()).collect();
                push(&mut text, ". Interests: ", &interests.join("; "));
            }
            if !text.is_empty() {
                text.push('.');
            }
            docs.push(Doc {
                kind: Kind::Person,
                title: key.to_owned(),
                url: cx.href(&SitePath::person(&c.id, &person.stem)),
                owner: owners.of(&Owner::Ccg(c)),
                date: None,
                keywords: c.profile.data.name.clone(),
                text,
                body: Markdown::None,
            });
        }
    }
    docs
}

/// Decisions: titled with their CCG and date; the text their summary, the
/// interests in conflict and who declared them, and the procurement.
fn decision_docs<'a>(cx: &Published<'a>, owners: &Owners) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    for c in &cx.content.ccgs {
        let Some(reg) = &c.decisions else { continue };
        let ccg = &c.profile.data.name;
        for d in &reg.data.entries {
            let mut text = format!("{}: {}.", d.category.label(), d.outcome.label());
            if let Some(s) = &d.summary {
                text.push(' ');
                markdown::text_into(s, &mut text);
            }
            // A person withheld in full: not their interest either.
            for conflict in d.conflicts.iter().filter(|c| !cx.withholding(&c.name).is_entry()) {
                let who = shown(cx, &conflict.name).map(|n| format!("{n}: ")).unwrap_or_default();
                push(&mut text, " ", &format!("Conflict of interest: {who}{} ({}).", conflict.interest, conflict.action));
            }
            if let Some(p) = &d.procurement {
                let parts = [&p.reference, &p.description, &p.procedure, &p.supplier].into_iter().flatten().map(String::as_str);
                let mut proc: Vec<String> = parts.map(str::to_owned).collect();
                proc.extend([&p.clinical_lead, &p.contract_manager].into_iter().flatten().filter_map(|n| shown(cx, n)));
                push(&mut text, " Procurement: ", &proc.join("; "));
            }
            docs.push(Doc {
                kind: Kind::Decision,
                title: format!("{} — {ccg}, {}", d.title, d.date.long()),
                url: cx.href(&SitePath::decision(c, &d.id)),
                owner: owners.of(&Owner::Ccg(c)),
                date: Some(d.date),
                keywords: format!("{} {}", d.id, d.date.year()),
                text,
                body: Markdown::None,
            });
        }
    }
    docs
}

/// Every meeting (its minutes read back only when the postings are made)
/// followed by its papers, the meetings in parallel.
fn meeting_docs<'a>(cx: &Published<'a>, owners: &Owners) -> Vec<Doc<'a>> {
    let content = cx.content;
    let mut meetings: Vec<(&Meeting, Owner)> = Vec::new();
    for c in &content.ccgs {
        meetings.extend(c.meetings.iter().map(|m| (m, Owner::Ccg(c))));
    }
    for g in &content.groups {
        meetings.extend(g.meetings.iter().map(|m| (m, Owner::Group(g))));
    }
    let per_meeting: Vec<Vec<Doc>> = meetings.par_iter().map(|(m, owner)| meeting_and_papers(cx, owners, m, owner)).collect();
    per_meeting.into_iter().flatten().collect()
}

/// A meeting is titled with its committee, date and CCG; its text is the
/// agenda, the declarations and who came, then the minutes. A paper is
/// titled with its meeting.
fn meeting_and_papers<'a>(cx: &Published, owners: &Owners, m: &'a Meeting, owner: &Owner) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    let f = &m.front;
    // The committee and the date, whatever the meeting's own title says.
    let mut title = meeting_title(m, owner);
    let date = f.date.long();
    if !title.contains(&date) {
        title = format!("{title}, {date}");
    }
    let mut text = String::new();
    let agenda: Vec<String> = f.agenda.iter().map(|item| format!("{} {}", item.number, item.title)).collect();
    push(&mut text, "", &agenda.join("; "));
    if !text.is_empty() {
        text.push('.');
    }
    for d in f.declarations.iter().filter(|d| !cx.withholding(&d.name).is_entry()) {
        let who = shown(cx, &d.name).map(|n| format!("{n}: ")).unwrap_or_default();
        push(&mut text, " ", &format!("Declared: {who}{} ({}).", d.interest, d.action));
    }
    if let Some(a) = &f.attendance {
        for (label, names) in [("Present", &a.present), ("In attendance", &a.in_attendance), ("Apologies", &a.apologies)] {
            let names: Vec<String> = names.iter().filter_map(|n| shown(cx, n)).collect();
            if !names.is_empty() {
                push(&mut text, " ", &format!("{label}: {}.", names.join(", ")));
            }
        }
    }
    let mut keywords = format!("{} {}", f.date.year(), f.status.label());
    push(&mut keywords, " ", f.venue.as_deref().unwrap_or(""));
    docs.push(Doc {
        kind: Kind::Meeting,
        title: with_owner(title.clone(), owner.name()),
        url: cx.href(&SitePath::meeting(m, owner)),
        owner: owners.of(owner),
        date: Some(f.date),
        keywords,
        text,
        body: Markdown::Minutes(m),
    });
    for item in &f.agenda {
        for p in &item.papers {
            let url = match (&p.file, &p.url) {
                (Some(file), _) => cx.href(&SitePath::paper(owner, file)),
                (None, Some(u)) if markdown::is_safe_link(u) => u.clone(),
                _ => continue,
            };
            docs.push(Doc {
                kind: Kind::Paper,
                title: format!("{} — {title}", p.title),
                url,
                owner: owners.of(owner),
                date: Some(f.date),
                keywords: owner.name().to_owned(),
                text: format!("Item {} {}.", item.number, item.title),
                body: Markdown::None,
            });
        }
    }
    docs
}

/// Terms of reference, titled with their committee and CCG.
fn terms_docs<'a>(cx: &Published<'a>, owners: &Owners) -> Vec<Doc<'a>> {
    let mut docs = Vec::new();
    for c in &cx.content.ccgs {
        for t in &c.terms {
            let front = &t.data.front;
            let committee = c.committee_name(&front.committee).unwrap_or(&front.committee);
            let title = match &front.title {
                Some(t) if t.contains(committee) => t.clone(),
                Some(t) => format!("{t}: {committee}"),
                None => format!("Terms of reference: {committee}"),
            };
            docs.push(Doc {
                kind: Kind::Terms,
                title: with_owner(title, &c.profile.data.name),
                url: cx.href(&SitePath::terms(c, &front.committee)),
                owner: owners.of(&Owner::Ccg(c)),
                date: Some(front.approved),
                keywords: "terms of reference".into(),
                text: String::new(),
                body: Markdown::Text(&t.data.body),
            });
        }
    }
    docs
}

fn page_docs<'a>(cx: &Published<'a>) -> Vec<Doc<'a>> {
    cx.content
        .pages
        .iter()
        .map(|p| Doc {
            kind: Kind::Page,
            title: p.front.title.clone(),
            url: cx.href(&SitePath::free_page(&p.slug)),
            owner: -1,
            date: None,
            keywords: String::new(),
            text: String::new(),
            body: Markdown::Text(&p.body),
        })
        .collect()
}
