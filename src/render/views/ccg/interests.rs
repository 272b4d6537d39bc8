//! The CCG page's register of interests. An entry withheld in full
//! (`withheld: true`) shows no name, roles or interests, is listed last
//! (where it stood in the register could say whose it is) and is counted,
//! its interests not; one whose name alone is withheld (`withheld: name`)
//! shows its roles and interests beside "Name withheld".

use serde::Serialize;

use crate::model::*;
use crate::render::published::{NAME_WITHHELD, Published};
use crate::render::views::DateView;

#[derive(Serialize)]
pub(crate) struct InterestsView {
    updated: DateView,
    entries: Vec<InterestEntryView>,
    people: usize,
    /// Entries withheld in full.
    withheld: usize,
    /// Entries whose name alone is withheld.
    names_withheld: usize,
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
    let mut entries: Vec<InterestEntryView> = r.data.entries.iter().map(|e| entry(site, ccg, e)).collect();
    entries.sort_by_key(|e| e.withheld);
    Some(InterestsView {
        updated: DateView::of(r.data.updated),
        people: entries.len(),
        withheld: entries.iter().filter(|e| e.withheld).count(),
        names_withheld: r.data.entries.iter().filter(|e| site.entry_withholding(e) == Withholding::Name).count(),
        nil_returns: entries.iter().filter(|e| e.nil_return).count(),
        interests: entries.iter().map(|e| e.interests.len()).sum(),
        entries,
    })
}

fn entry(site: &Published, ccg: &Ccg, e: &InterestEntry) -> InterestEntryView {
    // An entry whose name is withheld elsewhere in the register is withheld too.
    let withholding = site.entry_withholding(e);
    if withholding.is_entry() {
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
        name: if withholding.is_withheld() { NAME_WITHHELD.to_owned() } else { site.person(&e.name).to_owned() },
        url: if withholding.is_withheld() { None } else { site.person_href(ccg, &e.name) },
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
