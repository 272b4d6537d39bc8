//! The CCG page's register of interests. A withheld entry shows no name,
//! roles or interests, but is counted.

use serde::Serialize;

use crate::model::*;
use crate::render::published::Published;
use crate::render::views::DateView;

#[derive(Serialize)]
pub(crate) struct InterestsView {
    updated: DateView,
    entries: Vec<InterestEntryView>,
    people: usize,
    withheld: usize,
    nil_returns: usize,
    interests: usize,
}

#[derive(Serialize)]
struct InterestEntryView {
    name: String,
    url: Option<String>,
    withheld: bool,
    roles: String,
    nil_return: bool,
    interests: Vec<InterestView>,
}

#[derive(Serialize)]
struct InterestView {
    kind: &'static str,
    description: String,
    from: Option<DateView>,
    to: Option<DateView>,
    ended: bool,
    action: String,
}

/// The register, as written, if the CCG publishes one.
pub(crate) fn interests(site: &Published, ccg: &Ccg) -> Option<InterestsView> {
    let r = ccg.interests.as_ref()?;
    let entries: Vec<InterestEntryView> = r.data.entries.iter().map(|e| entry(site, ccg, e)).collect();
    Some(InterestsView {
        updated: DateView::of(r.data.updated),
        people: entries.len(),
        withheld: entries.iter().filter(|e| e.withheld).count(),
        nil_returns: entries.iter().filter(|e| e.nil_return).count(),
        interests: r.data.entries.iter().map(|e| e.interests.len()).sum(),
        entries,
    })
}

fn entry(site: &Published, ccg: &Ccg, e: &InterestEntry) -> InterestEntryView {
    // An entry whose name is withheld elsewhere in the register is withheld too.
    if e.withheld || site.input.withheld.is_withheld_name(&e.name) {
        return InterestEntryView {
            name: "Name withheld".into(),
            url: None,
            withheld: true,
            roles: String::new(),
            nil_return: false,
            interests: vec![],
        };
    }
    let as_of = site.input.as_of;
    InterestEntryView {
        name: site.person(&e.name).to_owned(),
        url: site.person_href(ccg, &e.name),
        withheld: false,
        roles: e.roles.join(", "),
        nil_return: e.nil_return,
        interests: e
            .interests
            .iter()
            .map(|i| InterestView {
                kind: i.kind.label(),
                description: i.description.clone(),
                from: i.from.map(DateView::of),
                to: i.to.map(DateView::of),
                ended: i.to.is_some_and(|t| t < as_of),
                action: i.action.clone(),
            })
            .collect(),
    }
}
