//! The CCG page's register of gifts and hospitality. An offer to someone
//! whose register entry is withheld in full (`withheld: true`) is only
//! counted: its date, offerer, description and value could say whose it was.

use serde::Serialize;

use crate::model::*;
use crate::render::published::Published;
use crate::render::views::DateView;

#[derive(Serialize)]
pub(crate) struct GiftsView {
    updated: DateView,
    entries: Vec<GiftView>,
    accepted: usize,
    /// Offers to people whose entry is withheld in full: counted only.
    withheld: usize,
}

#[derive(Serialize)]
struct GiftView {
    name: String,
    url: Option<String>,
    role: String,
    date: DateView,
    offered_by: String,
    description: String,
    value: Option<String>,
    accepted: bool,
    notes: Option<String>,
}

/// The register, newest first, if the CCG publishes one.
pub(crate) fn gifts(site: &Published, ccg: &Ccg) -> Option<GiftsView> {
    let r = ccg.gifts.as_ref()?;
    let mut entries: Vec<GiftView> = r
        .data
        .entries
        .iter()
        .filter(|g| !site.withholding(&g.name).is_entry())
        .map(|g| GiftView {
            name: site.person(&g.name).to_owned(),
            url: site.person_href(ccg, &g.name),
            role: g.role.clone(),
            date: DateView::of(g.date),
            offered_by: g.offered_by.clone(),
            description: g.description.clone(),
            value: g.value.map(Money::display),
            accepted: g.accepted,
            notes: g.notes.clone(),
        })
        .collect();
    entries.sort_by(|a, b| b.date.iso.cmp(&a.date.iso));
    let withheld = r.data.entries.len() - entries.len();
    Some(GiftsView { updated: DateView::of(r.data.updated), accepted: entries.iter().filter(|e| e.accepted).count(), entries, withheld })
}
