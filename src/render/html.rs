//! The HTML site: the theme's Tera templates, compiled once, rendered with
//! the views of `render::views` into every page, and the files published
//! as they are (the theme's assets, the papers meetings link to).
//!
//! Every template sees the same global context (`site`, `as_of`,
//! `footer_pages`) and the page's `page` (title, description, address,
//! breadcrumbs), and its view under its own key (`ccg`, `meeting`…).

use std::path::PathBuf;

mod addresses;

use rayon::prelude::*;
use serde::Serialize;

use super::published::{Owner, Published, SitePath};
use super::views::{self, DateView, PageMeta};
use super::{Body, Emit, Output, Renderer, collect};
use crate::diag::Diagnostic;
use crate::escape::percent_path;
use crate::model::*;
use crate::theme::Theme;
use addresses::Addresses;

/// The HTML pages of the site, and the files it publishes as they are.
pub(crate) struct HtmlSite {
    tera: tera::Tera,
}

impl HtmlSite {
    /// Compiles the theme's templates once, for a site served at
    /// `base_url` (`https://host/repo/`).
    pub(crate) fn new(theme: &Theme, base_url: &str) -> Result<HtmlSite, Vec<Diagnostic>> {
        let mut tera = tera::Tera::new();
        // `url(...)` and `asset(path=...)`: every address a template links.
        let addresses = Addresses::new(theme, base_url);
        let mut diags = addresses.check_calls(theme, |name| template_path(theme, name));
        addresses.register(&mut tera);
        tera.register_filter("url", |s: &str, _: tera::Kwargs, _: &tera::State| percent_path(s));
        // `{{ n | num }}`: a count with its digits grouped ("10,560").
        tera.register_filter("num", |n: u64, _: tera::Kwargs, _: &tera::State| crate::model::thousands(n));
        let mut templates = Vec::new();
        for (name, bytes) in theme.templates() {
            match std::str::from_utf8(bytes) {
                Ok(text) => templates.push((name.to_owned(), text.to_owned())),
                Err(_) => diags.push(Diagnostic::error(template_path(theme, name), "template is not UTF-8 text")),
            }
        }
        if let Err(e) = tera.add_raw_templates(templates) {
            diags.push(Diagnostic::error(
                theme.override_dir.clone().unwrap_or_else(|| "themes/default".into()),
                format!("a theme template does not compile: {}", tera_message(&e)),
            ));
        }
        if diags.is_empty() { Ok(HtmlSite { tera }) } else { Err(diags) }
    }

    /// Renders one more page of the site for another renderer (the national
    /// decisions page, search…): `template` with the same layout and global
    /// context as every page, `data` under `key`, at `at`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn render_page(
        &self,
        site: &Published,
        template: &str,
        title: &str,
        description: &str,
        at: &SitePath,
        key: &str,
        data: &(impl Serialize + Sync),
    ) -> Result<Output, Diagnostic> {
        let mut ctx = global_context(site);
        ctx.insert("page", &views::meta(site, title, Some(description.to_owned()), vec![], at));
        ctx.insert(key.to_owned(), data);
        self.page(template, &ctx, &at.page_file())
    }

    /// Renders a fragment of a page: `template` with only `data` under
    /// `key` (no layout), for pages too large to render in one piece.
    pub(crate) fn fragment(&self, template: &str, key: &str, data: &impl Serialize) -> Result<String, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert(key.to_owned(), data);
        let bytes = self.render_bytes(template, &ctx, template)?;
        String::from_utf8(bytes).map_err(|e| Diagnostic::error(format!("themes/default/templates/{template}"), e.to_string()))
    }

    fn page(&self, template: &str, ctx: &tera::Context, path: &str) -> Result<Output, Diagnostic> {
        Ok(Output { path: path.to_owned(), body: Body::Bytes(self.render_bytes(template, ctx, path)?) })
    }

    /// `template` rendered with `ctx`; `what` names the result in an error.
    fn render_bytes(&self, template: &str, ctx: &tera::Context, what: &str) -> Result<Vec<u8>, Diagnostic> {
        let mut buf = Vec::with_capacity(32 * 1024);
        self.tera.render_to(template, ctx, &mut buf).map_err(|e| {
            Diagnostic::error(format!("themes/default/templates/{template}"), format!("rendering {what} failed: {}", tera_message(&e)))
        })?;
        Ok(buf)
    }
}

fn template_path(theme: &Theme, name: &str) -> PathBuf {
    theme.override_dir.clone().unwrap_or_else(|| "themes/default".into()).join("templates").join(name)
}

fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

impl Renderer for HtmlSite {
    fn render(&self, site: &Published) -> Result<Vec<Output>, Vec<Diagnostic>> {
        collect(|emit| self.render_to(site, emit))
    }

    /// Renders pages in parallel, handing each to `emit` as soon as it is
    /// made, so a national site is never held in memory whole.
    fn render_to(&self, site: &Published, emit: &Emit) -> Result<(), Vec<Diagnostic>> {
        let pages = Pages { html: self, site, global: global_context(site) };
        let mut errors: Vec<Diagnostic> = pages.all().par_iter().filter_map(|p| pages.render(p).and_then(emit).err()).collect();
        // Papers are most of the files: linked or copied on every core.
        errors.extend(
            files_as_they_are(site.input.content, site.input.theme).into_par_iter().filter_map(|o| emit(o).err()).collect::<Vec<_>>(),
        );
        errors.sort_by_key(|a| a.render());
        errors.dedup();
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// What every page's template sees: `site`, `as_of`, `footer_pages`.
fn global_context(site: &Published) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("site", &views::site_view(site));
    ctx.insert("as_of", &DateView::of(site.input.as_of));
    ctx.insert("footer_pages", &views::footer_pages(site));
    ctx
}

/// A page of the site to render.
enum HtmlPage<'a> {
    Home,
    NotFound,
    Free(&'a Page),
    /// A CCG's page.
    Ccg(&'a Ccg),
    Meeting(&'a Meeting, Owner<'a>),
    Terms(&'a Ccg, &'a TermsFile),
    Group(&'a Group),
    /// A person of a CCG, by their place in its people.
    Person(&'a Ccg, usize),
    People,
    Practice(&'a Ccg, &'a Practice),
    Practices,
    /// `/checks/`, and a transparency check's page.
    Checks,
    Check(crate::checks::CheckId),
}

/// The pages of the site, rendered with one global context.
struct Pages<'s, 'a> {
    html: &'s HtmlSite,
    site: &'s Published<'a>,
    global: tera::Context,
}

impl<'a> Pages<'_, 'a> {
    /// Every page, in the order they are handed out to the cores.
    fn all(&self) -> Vec<HtmlPage<'a>> {
        let content = self.site.content;
        let mut pages = vec![HtmlPage::Home, HtmlPage::NotFound];
        pages.extend(content.pages.iter().map(HtmlPage::Free));
        for ccg in &content.ccgs {
            pages.push(HtmlPage::Ccg(ccg));
            pages.extend(ccg.meetings.iter().map(|m| HtmlPage::Meeting(m, Owner::Ccg(ccg))));
            pages.extend(ccg.terms.iter().map(|t| HtmlPage::Terms(ccg, &t.data)));
            let people = self.site.people(ccg);
            pages.extend((0..people.list.len()).filter(|&i| !people.list[i].withheld).map(|i| HtmlPage::Person(ccg, i)));
        }
        pages.push(HtmlPage::People);
        pages.extend(content.ccgs.iter().flat_map(|c| c.practice_entries().iter().map(move |p| HtmlPage::Practice(c, p))));
        pages.push(HtmlPage::Practices);
        pages.push(HtmlPage::Checks);
        pages.extend(crate::checks::CHECKS.iter().map(|c| HtmlPage::Check(c.id)));
        for g in &content.groups {
            pages.push(HtmlPage::Group(g));
            pages.extend(g.meetings.iter().map(|m| HtmlPage::Meeting(m, Owner::Group(g))));
        }
        pages
    }

    fn render(&self, page: &HtmlPage<'a>) -> Result<Output, Diagnostic> {
        let site = self.site;
        let meta = |title: &str, description: Option<String>, crumbs, at: &SitePath| views::meta(site, title, description, crumbs, at);
        match *page {
            HtmlPage::Home => {
                let view = views::index::index(site);
                let at = SitePath::home();
                self.page("index.html", meta("Co-commissioning committees of every CCG", None, vec![], &at), "index", &view, at.page_file())
            }
            HtmlPage::NotFound => {
                let at = SitePath::not_found();
                self.page("404.html", meta("Page not found", None, vec![], &at), "none", &(), at.into_file())
            }
            HtmlPage::Free(p) => {
                let at = SitePath::free_page(&p.slug);
                let meta = meta(&p.front.title, p.front.description.clone(), vec![], &at);
                self.page("page.html", meta, "content", &views::free_page(p), at.page_file())
            }
            HtmlPage::Ccg(ccg) => {
                let view = views::ccg::ccg(site, ccg, site.checks(ccg));
                let at = SitePath::ccg(&ccg.id);
                let name = &ccg.profile.data.name;
                let description =
                    format!("Primary care co-commissioning at {name}: committee, meetings, decisions, interests and transparency checks");
                self.page("ccg.html", meta(name, Some(description), vec![], &at), "ccg", &view, at.page_file())
            }
            HtmlPage::Meeting(m, owner) => {
                let view = views::meeting::meeting(site, m, owner)?;
                let at = SitePath::meeting(m, &owner);
                let description = format!("Agenda, papers, interests declared and minutes: {}, {}", view.owner.text, view.date.long);
                // The owner's page is the breadcrumb.
                let meta = meta(&view.title, Some(description), vec![(view.owner.text.clone(), SitePath::owner(&owner))], &at);
                self.page("meeting.html", meta, "meeting", &view, at.page_file())
            }
            HtmlPage::Terms(ccg, t) => {
                let view = views::terms::terms(site, ccg, t);
                let at = SitePath::terms(ccg, &t.front.committee);
                let meta = meta(&view.title, None, vec![(ccg.profile.data.name.clone(), SitePath::ccg(&ccg.id))], &at);
                self.page("terms.html", meta, "terms", &view, at.page_file())
            }
            HtmlPage::Group(g) => {
                let at = SitePath::group(&g.id);
                let meta = meta(&g.profile.data.name, g.profile.data.description.clone(), vec![], &at);
                self.page("group.html", meta, "group", &views::group::group(site, g), at.page_file())
            }
            HtmlPage::Person(ccg, i) => {
                let p = &site.people(ccg).list[i];
                let view = views::person::person(site, ccg, p);
                let at = SitePath::person(&ccg.id, &p.stem);
                let description = format!(
                    "{}, {}: roles, register of interests, declarations at meetings, conflicts on decisions and attendance",
                    view.name, view.ccg.text
                );
                let meta = meta(&view.name, Some(description), vec![(view.ccg.text.clone(), SitePath::ccg(&ccg.id))], &at);
                self.page("person.html", meta, "person", &view, at.page_file())
            }
            HtmlPage::People => {
                let at = SitePath::people_index();
                let description = "Everyone named on the site's committees, registers, meetings and decisions, A to Z".to_owned();
                let meta = meta("People", Some(description), vec![], &at);
                self.page("people.html", meta, "people", &views::person::people_index(site), at.page_file())
            }
            HtmlPage::Practice(ccg, p) => {
                let view = views::practice::practice(site, ccg, p);
                let at = SitePath::practice(&p.ods);
                let description = format!("{} ({}), a GP practice of {}: the decisions that affect it", view.name, view.ods, view.ccg.text);
                let meta = meta(&view.name, Some(description), vec![("GP practices".into(), SitePath::practices_index())], &at);
                self.page("practice.html", meta, "practice", &view, at.page_file())
            }
            HtmlPage::Practices => {
                let at = SitePath::practices_index();
                let description = "Every GP practice of the site's CCGs, A to Z, with its ODS code and postcode district".to_owned();
                let meta = meta("GP practices", Some(description), vec![], &at);
                self.page("practices.html", meta, "practices", &views::practice::practices_index(site), at.page_file())
            }
            HtmlPage::Checks => {
                let at = SitePath::checks_index();
                let description = "The transparency checks worked out for every CCG, with how many meet each one".to_owned();
                let meta = meta("Transparency checks", Some(description), vec![], &at);
                self.page("checks.html", meta, "checks", &views::check::checks_index(site), at.page_file())
            }
            HtmlPage::Check(id) => {
                let view = views::check::check_page(site, id);
                let at = SitePath::check(id.number());
                let title = format!("Check {}: {}", id.number(), id.title());
                let description = format!("{title}: what it asks, how many CCGs meet it, and the CCGs that do not, with the reason");
                let meta = meta(&title, Some(description), vec![("Transparency checks".into(), SitePath::checks_index())], &at);
                self.page("check.html", meta, "check", &view, at.page_file())
            }
        }
    }

    /// `template` with the global context, `page`, and `data` under `key`.
    fn page(&self, template: &str, page: PageMeta, key: &str, data: &impl Serialize, file: String) -> Result<Output, Diagnostic> {
        let mut ctx = self.global.clone();
        ctx.insert("page", &page);
        ctx.insert(key.to_owned(), data);
        self.html.page(template, &ctx, &file)
    }
}

/// The files published as they are: the theme's assets, the papers a
/// meeting links to (`check` warns of the others), `.nojekyll` and `CNAME`.
fn files_as_they_are(content: &Content, theme: &Theme) -> Vec<Output> {
    let mut out = Vec::new();
    for (path, bytes) in theme.statics() {
        out.push(Output { path: SitePath::asset(path).into_file(), body: Body::Bytes(bytes.to_vec()) });
    }
    let owners = content.ccgs.iter().map(Owner::Ccg).chain(content.groups.iter().map(Owner::Group));
    for owner in owners {
        for p in owner.papers().iter().filter(|p| p.linked) {
            out.push(Output { path: SitePath::paper(&owner, &p.rel).into_file(), body: Body::Copy(p.stamp.clone()) });
        }
    }
    out.push(Output { path: ".nojekyll".into(), body: Body::Bytes(Vec::new()) });
    if let Some(cname) = content.site.as_ref().and_then(|s| s.data.cname.as_ref()) {
        out.push(Output { path: "CNAME".into(), body: Body::Bytes(format!("{cname}\n").into_bytes()) });
    }
    out
}

/// How many pages and papers [`HtmlSite`] writes for `content`: the length
/// of a build's progress bar (the other renderers add a page each).
pub(crate) fn planned_pages_and_papers(content: &Content, withheld: &crate::withheld::Withheld) -> usize {
    let linked = |papers: &[PaperFile]| papers.iter().filter(|p| p.linked).count();
    let people = |c: &Ccg| super::people::People::new(withheld, c).with_pages().count();
    let ccgs: usize = content
        .ccgs
        .iter()
        .map(|c| 1 + c.meetings.len() + c.terms.len() + linked(&c.papers) + people(c) + c.practice_entries().len())
        .sum();
    let groups: usize = content.groups.iter().map(|g| 1 + g.meetings.len() + linked(&g.papers)).sum();
    // The index, 404.html, /people/, /practices/, /checks/ and a page a check.
    5 + crate::checks::CHECKS.len() + content.pages.len() + ccgs + groups
}
