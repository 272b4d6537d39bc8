//! Views: what each template shows, one module a page (and one a section
//! of the CCG page), each view struct beside the function that builds it.
//!
//! A view holds exactly what its template shows, already formatted, with
//! every address from [`SitePath`] and every name as published, so the
//! templates stay simple and cannot leak what a view does not carry. The
//! field names are the templates' interface: renaming one changes a theme.

use serde::Serialize;

use crate::markdown;
use crate::model::*;
use crate::render::published::{Published, SitePath};

pub(crate) mod ccg;
pub(crate) mod check;
pub(crate) mod group;
pub(crate) mod index;
pub(crate) mod meeting;
pub(crate) mod person;
pub(crate) mod practice;
pub(crate) mod terms;

/// What every page's template sees as `site`.
#[derive(Serialize)]
pub(crate) struct SiteView {
    title: String,
    description: String,
    publisher: String,
    contact: Option<Link>,
    language: String,
    sample: bool,
    /// Path the site lives at, `/` or `/repo/`.
    base: String,
    base_url: String,
    /// The Atom feed of each region of the site's CCGs, North to South.
    region_feeds: Vec<Link>,
}

/// The site's `site.yaml`, as every page shows it.
pub(crate) fn site_view(site: &Published) -> SiteView {
    let s = site.site();
    let contact = s.and_then(|s| s.contact.clone()).map(|c| {
        let url = if c.contains('@') && !c.contains("://") { format!("mailto:{c}") } else { c.clone() };
        let url = if markdown::is_safe_link(&url) { url } else { String::new() };
        Link { text: c, url }
    });
    SiteView {
        title: s.map(|s| s.title.clone()).unwrap_or_default(),
        description: s.and_then(|s| s.description.clone()).unwrap_or_default(),
        publisher: s.and_then(|s| s.publisher.clone()).unwrap_or_default(),
        contact,
        language: s.and_then(|s| s.language.clone()).unwrap_or_else(|| "en-GB".into()),
        sample: s.is_some_and(|s| s.sample),
        base: site.base.path().to_owned(),
        base_url: site.input.base_url.clone(),
        region_feeds: site.regions().into_iter().map(|r| Link { text: r.to_owned(), url: site.href(&SitePath::region_feed(r)) }).collect(),
    }
}

/// The free pages, linked from every page's footer.
pub(crate) fn footer_pages(site: &Published) -> Vec<Link> {
    site.content.pages.iter().map(|p| Link { text: p.front.title.clone(), url: site.href(&SitePath::free_page(&p.slug)) }).collect()
}

#[derive(Serialize, Clone)]
pub(crate) struct Link {
    pub(crate) text: String,
    pub(crate) url: String,
}

/// A link to a CCG's page, by its name.
pub(crate) fn ccg_link(site: &Published, c: &Ccg) -> Link {
    Link { text: c.profile.data.name.clone(), url: site.href(&SitePath::ccg(&c.id)) }
}

/// A link to a practice's page, by its name, if the site has it.
pub(crate) fn practice_link(site: &Published, ods: &str) -> Option<Link> {
    let (_, p) = site.practice(ods)?;
    Some(Link { text: p.name.clone(), url: site.href(&SitePath::practice(ods)) })
}

/// What every page's template sees as `page`.
#[derive(Serialize)]
pub(crate) struct PageMeta {
    title: String,
    description: String,
    /// This page's path (with the base), for canonical links.
    url: String,
    canonical: String,
    breadcrumbs: Vec<Link>,
}

/// A page's title, description, address and breadcrumbs (below Home).
pub(crate) fn meta(site: &Published, title: &str, description: Option<String>, crumbs: Vec<(String, SitePath)>, at: &SitePath) -> PageMeta {
    let mut breadcrumbs = vec![Link { text: "Home".into(), url: site.base.path().to_owned() }];
    breadcrumbs.extend(crumbs.into_iter().map(|(text, p)| Link { text, url: site.href(&p) }));
    let description = description.or_else(|| site.site().and_then(|s| s.description.clone())).unwrap_or_else(|| title.to_owned());
    PageMeta { title: title.to_owned(), description, url: site.href(at), canonical: site.base.canonical(at), breadcrumbs }
}

#[derive(Serialize, Clone)]
pub(crate) struct DateView {
    pub(crate) iso: String,
    pub(crate) long: String,
}

impl DateView {
    pub(crate) fn of(d: Date) -> DateView {
        DateView { iso: d.to_string(), long: d.long() }
    }
}

#[derive(Serialize)]
pub(crate) struct LevelView {
    pub(crate) key: &'static str,
    label: &'static str,
    number: u8,
}

impl LevelView {
    pub(crate) fn of(l: Level) -> LevelView {
        LevelView { key: l.as_str(), label: l.label(), number: l.number() }
    }
}

/// A free page of the content's `pages/`.
#[derive(Serialize)]
pub(crate) struct FreePageView {
    body_html: String,
}

pub(crate) fn free_page(p: &Page) -> FreePageView {
    FreePageView { body_html: markdown::to_html(&p.body, 2) }
}
