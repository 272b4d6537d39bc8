//! Stage 3, render: turn validated content into output files.
//!
//! A [`Renderer`] takes the whole [`Input`] and returns the files it makes;
//! the HTML site is one renderer. Pages are rendered from view structs that
//! hold exactly what a template shows, already formatted and with withheld
//! names replaced, so templates stay simple and cannot leak what a view
//! does not carry.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::checks::{CcgChecks, Status, TITLES};
use crate::diag::Diagnostic;
use crate::markdown;
use crate::model::*;
use crate::source::{line_col, yaml_key_at};
use crate::theme::Theme;
use crate::withheld::Withheld;

pub mod published;

// Kept here for callers outside render (serve) until they use `crate::escape`.
pub use crate::escape::{base_path, escape_text, percent_decode, percent_path};
pub use published::{
    Base, DataFile, Input, NAME_WITHHELD, Owner, Published, SitePath, data_files, decision_anchor, meeting_title, redact, region_order,
};

/// One file of the built site, by path relative to the output folder.
#[derive(Debug)]
pub struct Output {
    pub path: String,
    pub body: Body,
}

#[derive(Debug)]
pub enum Body {
    Bytes(Vec<u8>),
    /// Copied as it is from this file.
    Copy(PathBuf),
}

/// Where a renderer hands each file it makes: written at once by `build`,
/// kept in memory by `serve`.
pub type Emit<'a> = dyn Fn(Output) -> Result<(), Diagnostic> + Sync + 'a;

/// A way to turn the content into files (HTML pages, open data, feeds…).
pub trait Renderer {
    fn render(&self, site: &Published) -> Result<Vec<Output>, Vec<Diagnostic>>;

    /// Hands each file to `emit` as it is made. By default all at once,
    /// after `render`; renderers of many files stream them.
    fn render_to(&self, site: &Published, emit: &Emit) -> Result<(), Vec<Diagnostic>> {
        for o in self.render(site)? {
            emit(o).map_err(|d| vec![d])?;
        }
        Ok(())
    }
}

/// Runs every renderer on the site as published (built here, once),
/// streaming their files to `emit`; fails with all their diagnostics. Every generated file is scanned for withheld names
/// (in any spelling, with its escapes undone, and its path too) before it
/// is emitted: one that holds one is not emitted, and the build fails.
pub fn render_all(input: &Input, renderers: &[&(dyn Renderer + Sync)], emit: &Emit) -> Result<(), Vec<Diagnostic>> {
    let site = Published::new(input);
    // (output path, name) of every file that would publish a withheld name.
    let leaked = std::sync::Mutex::new(Vec::<(String, String)>::new());
    let scanned = |o: Output| -> Result<(), Diagnostic> {
        let body = match &o.body {
            Body::Bytes(b) => Some(b.as_slice()),
            Body::Copy(_) => None,
        };
        if let Some(name) = input.withheld.find_in_output(&o.path, body) {
            leaked.lock().unwrap_or_else(|e| e.into_inner()).push((o.path, name.to_owned()));
            // Not emitted: the build fails below.
            return Ok(());
        }
        emit(o)
    };
    // Side by side: each renderer is parallel inside, but each also has
    // parts that are not (sorting, joining, one big file), which the others
    // fill. Errors are kept in renderer order.
    let results: Vec<std::sync::Mutex<Result<(), Vec<Diagnostic>>>> = renderers.iter().map(|_| std::sync::Mutex::new(Ok(()))).collect();
    let timings = std::env::var_os("CCGPAGES_TIMINGS").is_some();
    rayon::scope(|s| {
        for (i, r) in renderers.iter().enumerate() {
            let (scanned, results, site) = (&scanned, &results, &site);
            s.spawn(move |_| {
                let t = std::time::Instant::now();
                let result = r.render_to(site, scanned);
                if timings {
                    eprintln!("  renderer {i}: {:.3} s", t.elapsed().as_secs_f64());
                }
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = result;
            });
        }
    });
    let mut errors = Vec::new();
    for r in results {
        if let Err(e) = r.into_inner().unwrap_or_else(|e| e.into_inner()) {
            errors.extend(e);
        }
    }
    let mut leaked = leaked.into_inner().unwrap_or_else(|e| e.into_inner());
    leaked.sort();
    errors.extend(locate_leaks(input, &leaked));
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Runs `render` with an emitter that keeps every file in memory, sorted
/// by path (parallel renderers emit in any order).
pub fn collect(render: impl FnOnce(&Emit) -> Result<(), Vec<Diagnostic>>) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let out = std::sync::Mutex::new(Vec::new());
    render(&|o| {
        out.lock().unwrap_or_else(|e| e.into_inner()).push(o);
        Ok(())
    })?;
    let mut out = out.into_inner().unwrap_or_else(|e| e.into_inner());
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Defence in depth: a withheld name that reached a generated file stops
/// the build, naming the content lines that hold it in any spelling (but
/// fields that name a person, which are published as "Name withheld").
/// `validate` refuses a name in free text before anything is built, so this
/// is for what only the published form shows: it also names the files.
fn locate_leaks(input: &Input, leaked: &[(String, String)]) -> Vec<Diagnostic> {
    if leaked.is_empty() {
        return Vec::new();
    }
    let names: BTreeSet<&str> = leaked.iter().map(|(_, n)| n.as_str()).collect();
    let only = Withheld::new(names.iter().copied());
    let content = input.content;
    let mut diags = Vec::new();
    for f in &content.files {
        for m in only.find_all_in_text(&f.text) {
            if yaml_key_at(&f.text, m.range.start).is_some_and(|k| PERSON_KEYS.contains(&k)) {
                continue;
            }
            let (line, col) = line_col(&f.text, m.range.start);
            diags.push(Diagnostic::error(&f.path, WITHHELD_NAME_IN_TEXT).at(&f.text, line, col));
        }
    }
    for (file, first_line, body) in content.bodies() {
        let Ok(body) = body else { continue };
        for m in only.find_in_markdown(&body) {
            let (line, col) = line_col(&body, m.range.start);
            let mut d = Diagnostic::error(&content.files[file].path, WITHHELD_NAME_IN_TEXT).at(&body, line, col);
            d.line = first_line + line - 1;
            diags.push(d);
        }
    }
    // And which published files would have held it (a few, if many).
    let paths: BTreeSet<&str> = leaked.iter().map(|(p, _)| p.as_str()).collect();
    let shown: Vec<&str> = paths.iter().take(5).copied().collect();
    let more = paths.len() - shown.len();
    let more = if more > 0 { format!(" and {}", crate::diag::plural(more, "more file")) } else { String::new() };
    diags.push(Diagnostic::error(
        &content.root,
        format!(
            "a withheld person's name (in some spelling) would appear in the site, in {}{more}; refusing to publish it. \
         Reword the lines listed{}",
            shown.join(", "),
            if diags.is_empty() { " (none could be found: search the content for other spellings of the name)" } else { " above" }
        ),
    ));
    diags
}

// ---------------------------------------------------------------------------
// The HTML site.

pub struct HtmlSite {
    tera: tera::Tera,
}

impl HtmlSite {
    /// Compiles the theme's templates once.
    pub fn new(theme: &Theme) -> Result<HtmlSite, Vec<Diagnostic>> {
        let mut tera = tera::Tera::new();
        let mut diags = Vec::new();
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
        tera.register_filter("url", |s: &str, _: tera::Kwargs, _: &tera::State| percent_path(s));
        if diags.is_empty() { Ok(HtmlSite { tera }) } else { Err(diags) }
    }

    /// Renders one more page of the site for another renderer (the national
    /// decisions page, search…): `template` with the same layout and global
    /// context as every page, `data` under `key`, at `at`.
    #[allow(clippy::too_many_arguments)]
    pub fn render_page(
        &self,
        site: &Published,
        template: &str,
        title: &str,
        description: &str,
        at: &SitePath,
        key: &str,
        data: &(impl Serialize + Sync),
    ) -> Result<Output, Diagnostic> {
        let cx = Views::new(site);
        let mut ctx = cx.global_context();
        ctx.insert("page", &cx.meta(title, Some(description.to_owned()), vec![], at));
        ctx.insert(key.to_owned(), data);
        self.page(template, &ctx, &at.page_file())
    }

    /// Renders a fragment of a page: `template` with only `data` under
    /// `key` (no layout), for pages too large to render in one piece.
    pub fn fragment(&self, template: &str, key: &str, data: &impl Serialize) -> Result<String, Diagnostic> {
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
        let input = site.input;
        let cx = Views::new(site);
        let tera_global = cx.global_context();
        // Templates see the global context on every page.
        let page = |template: &str, page: PageMeta, key: &str, data: &dyn erased::Ser, file: String| {
            let mut ctx = tera_global.clone();
            ctx.insert("page", &page);
            data.insert_into(&mut ctx, key);
            self.page(template, &ctx, &file)
        };

        let cxr = &cx;
        let page = &page;
        // A meeting's page, for a CCG's meeting or a group's: the owner's
        // page is the breadcrumb.
        let meeting_page = move |m, owner: Owner<'_>| {
            let view = cxr.meeting(m, owner)?;
            let at = SitePath::meeting(m, &owner);
            let meta = cxr.meta(
                &view.title,
                Some(format!("Agenda, papers, interests declared and minutes: {}, {}", view.owner.text, view.date.long)),
                vec![(view.owner.text.clone(), SitePath::owner(&owner))],
                &at,
            );
            page("meeting.html", meta, "meeting", &view, at.page_file())
        };
        let meeting_page = &meeting_page;
        let mut jobs: Vec<Box<dyn Fn() -> Result<Output, Diagnostic> + Sync + '_>> = Vec::new();
        jobs.push(Box::new(move || {
            let view = cxr.index();
            let at = SitePath::home();
            page("index.html", cxr.meta("Co-commissioning committees of every CCG", None, vec![], &at), "index", &view, at.page_file())
        }));
        jobs.push(Box::new(move || {
            let at = SitePath::not_found();
            page("404.html", cxr.meta("Page not found", None, vec![], &at), "none", &(), at.into_file())
        }));
        for p in &input.content.pages {
            jobs.push(Box::new(move || {
                let view = cxr.free_page(p);
                let at = SitePath::free_page(&p.slug);
                let meta = cxr.meta(&p.front.title, p.front.description.clone(), vec![], &at);
                page("page.html", meta, "content", &view, at.page_file())
            }));
        }
        for (i, ccg) in input.content.ccgs.iter().enumerate() {
            jobs.push(Box::new(move || {
                let view = cxr.ccg(ccg, &input.checks[i]);
                let at = SitePath::ccg(&ccg.id);
                let meta = cxr.meta(
                    &ccg.profile.data.name,
                    Some(format!(
                        "Primary care co-commissioning at {}: committee, meetings, decisions, interests and transparency checks",
                        ccg.profile.data.name
                    )),
                    vec![],
                    &at,
                );
                page("ccg.html", meta, "ccg", &view, at.page_file())
            }));
            for m in &ccg.meetings {
                jobs.push(Box::new(move || meeting_page(m, Owner::Ccg(ccg))));
            }
            for t in &ccg.terms {
                jobs.push(Box::new(move || {
                    let view = cxr.terms(ccg, &t.data);
                    let at = SitePath::terms(ccg, &t.data.front.committee);
                    let meta = cxr.meta(&view.title, None, vec![(ccg.profile.data.name.clone(), SitePath::ccg(&ccg.id))], &at);
                    page("terms.html", meta, "terms", &view, at.page_file())
                }));
            }
        }
        for g in &input.content.groups {
            jobs.push(Box::new(move || {
                let view = cxr.group(g);
                let at = SitePath::group(&g.id);
                let meta = cxr.meta(&g.profile.data.name, g.profile.data.description.clone(), vec![], &at);
                page("group.html", meta, "group", &view, at.page_file())
            }));
            for m in &g.meetings {
                jobs.push(Box::new(move || meeting_page(m, Owner::Group(g))));
            }
        }

        let mut errors: Vec<Diagnostic> = jobs.par_iter().filter_map(|j| j().and_then(emit).err()).collect();
        let mut out = Vec::new();
        for (path, bytes) in input.theme.statics() {
            out.push(Output { path: SitePath::asset(path).into_file(), body: Body::Bytes(bytes.to_vec()) });
        }
        // Only the papers a meeting links to are published (`check` warns of the others).
        for ccg in &input.content.ccgs {
            for p in ccg.papers.iter().filter(|p| p.linked) {
                out.push(Output { path: SitePath::paper(&Owner::Ccg(ccg), &p.rel).into_file(), body: Body::Copy(p.source.clone()) });
            }
        }
        for g in &input.content.groups {
            for p in g.papers.iter().filter(|p| p.linked) {
                out.push(Output { path: SitePath::paper(&Owner::Group(g), &p.rel).into_file(), body: Body::Copy(p.source.clone()) });
            }
        }
        out.push(Output { path: ".nojekyll".into(), body: Body::Bytes(Vec::new()) });
        if let Some(cname) = input.content.site.as_ref().and_then(|s| s.data.cname.as_ref()) {
            out.push(Output { path: "CNAME".into(), body: Body::Bytes(format!("{cname}\n").into_bytes()) });
        }
        // Papers are most of the files: linked or copied on every core.
        errors.extend(out.into_par_iter().filter_map(|o| emit(o).err()).collect::<Vec<_>>());
        errors.sort_by_key(|a| a.render());
        errors.dedup();
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// Lets the page closure take any view without generics.
mod erased {
    pub trait Ser: Sync {
        fn insert_into(&self, ctx: &mut tera::Context, key: &str);
    }
    impl<T: serde::Serialize + Sync> Ser for T {
        fn insert_into(&self, ctx: &mut tera::Context, key: &str) {
            ctx.insert(key.to_owned(), self);
        }
    }
}

/// How many pages and papers [`HtmlSite`] writes for `content`: the length
/// of a build's progress bar (the other renderers add a page each).
pub fn planned_pages_and_papers(content: &Content) -> usize {
    let linked = |papers: &[PaperFile]| papers.iter().filter(|p| p.linked).count();
    let ccgs: usize = content.ccgs.iter().map(|c| 1 + c.meetings.len() + c.terms.len() + linked(&c.papers)).sum();
    let groups: usize = content.groups.iter().map(|g| 1 + g.meetings.len() + linked(&g.papers)).sum();
    // The index and 404.html.
    2 + content.pages.len() + ccgs + groups
}

// ---------------------------------------------------------------------------
// Views: what each template shows.

#[derive(Serialize)]
struct SiteView {
    title: String,
    description: String,
    publisher: String,
    contact: Option<Link>,
    language: String,
    sample: bool,
    /// Path the site lives at, `/` or `/repo/`.
    base: String,
    base_url: String,
}

#[derive(Serialize, Clone)]
struct Link {
    text: String,
    url: String,
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    description: String,
    /// This page's path (with the base), for canonical links.
    url: String,
    canonical: String,
    breadcrumbs: Vec<Link>,
}

#[derive(Serialize, Clone)]
struct DateView {
    iso: String,
    long: String,
}

impl DateView {
    fn of(d: Date) -> DateView {
        DateView { iso: d.to_string(), long: d.long() }
    }
}

#[derive(Serialize)]
struct LevelView {
    key: &'static str,
    label: &'static str,
    number: u8,
}

impl LevelView {
    fn of(l: Level) -> LevelView {
        LevelView { key: l.as_str(), label: l.label(), number: l.number() }
    }
}

#[derive(Serialize)]
struct IndexView {
    rows: Vec<IndexRow>,
    regions: Vec<RegionView>,
    levels: Vec<CountView>,
    check_totals: Vec<CheckTotal>,
    totals: Totals,
}

#[derive(Serialize)]
struct RegionView {
    name: String,
    count: usize,
    open: usize,
}

#[derive(Serialize)]
struct CountView {
    label: String,
    number: u8,
    count: usize,
}

#[derive(Serialize, Default)]
struct Totals {
    ccgs: usize,
    open: usize,
    meetings: usize,
    decisions: usize,
    interests: usize,
}

#[derive(Serialize)]
struct CheckTotal {
    number: usize,
    title: &'static str,
    pass: usize,
    fail: usize,
    not_applicable: usize,
    unknown: usize,
}

#[derive(Serialize)]
struct IndexRow {
    id: String,
    url: String,
    name: String,
    ods_code: String,
    region: String,
    region_order: usize,
    level: Option<LevelView>,
    closed: Option<DateView>,
    committees: String,
    latest_meeting: Option<MeetingLink>,
    next_meeting: Option<MeetingLink>,
    meetings: usize,
    decisions: Option<usize>,
    interests: Option<usize>,
    checks_met: usize,
    checks_applicable: usize,
}

#[derive(Serialize, Clone)]
struct MeetingLink {
    url: String,
    date: DateView,
    title: String,
}

#[derive(Serialize)]
struct CcgView {
    id: String,
    name: String,
    ods_code: String,
    region: String,
    area_team: Option<String>,
    website: Option<String>,
    population: Option<String>,
    member_practices: Option<u32>,
    established: Option<DateView>,
    closed: Option<DateView>,
    successor: Option<Link>,
    successor_name: Option<String>,
    predecessors: Vec<Link>,
    level: Option<LevelView>,
    levels: Vec<LevelPeriodView>,
    committees: Vec<CommitteeView>,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
    decisions: Option<DecisionsView>,
    interests: Option<InterestsView>,
    gifts: Option<GiftsView>,
    checks: ChecksView,
    data_files: Vec<Link>,
}

#[derive(Serialize)]
struct LevelPeriodView {
    level: LevelView,
    from: DateView,
    to: Option<DateView>,
    current: bool,
}

#[derive(Serialize)]
struct CommitteeView {
    id: String,
    name: String,
    group: Option<Link>,
    current: Vec<MemberView>,
    former: Vec<MemberView>,
    terms: Option<TermsSummary>,
}

#[derive(Serialize)]
struct MemberView {
    name: String,
    role: String,
    category: &'static str,
    voting: bool,
    chair: bool,
    from: Option<DateView>,
    to: Option<DateView>,
}

#[derive(Serialize)]
struct TermsSummary {
    url: String,
    title: String,
    version: Option<String>,
    approved: DateView,
    approved_by: Option<String>,
    review: Option<DateView>,
    review_overdue: bool,
    quorum: Option<String>,
    voting: Option<String>,
    meets_in_public: bool,
    scope_rows: usize,
}

#[derive(Serialize)]
struct MeetingRow {
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
}

#[derive(Serialize)]
struct DecisionsView {
    updated: DateView,
    entries: Vec<DecisionView>,
    procurement_count: usize,
}

#[derive(Serialize)]
struct DecisionView {
    id: String,
    anchor: String,
    date: DateView,
    title: String,
    category: &'static str,
    route: &'static str,
    outcome: &'static str,
    outcome_key: &'static str,
    summary_html: Option<String>,
    meeting: Option<Link>,
    conflicts: Vec<ConflictView>,
    procurement: Option<ProcurementView>,
}

#[derive(Serialize)]
struct ConflictView {
    name: String,
    interest: String,
    action: String,
}

#[derive(Serialize)]
struct ProcurementView {
    reference: Option<String>,
    description: Option<String>,
    existing_contract: Option<&'static str>,
    procedure: Option<String>,
    clinical_lead: Option<String>,
    contract_manager: Option<String>,
    supplier: Option<String>,
    supplier_address: Option<String>,
    value_total: Option<String>,
    value_annual: Option<String>,
    start: Option<DateView>,
    end: Option<DateView>,
    justification: Option<String>,
}

#[derive(Serialize)]
struct InterestsView {
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

#[derive(Serialize)]
struct GiftsView {
    updated: DateView,
    entries: Vec<GiftView>,
    accepted: usize,
}

#[derive(Serialize)]
struct GiftView {
    name: String,
    role: String,
    date: DateView,
    offered_by: String,
    description: String,
    value: Option<String>,
    accepted: bool,
    notes: Option<String>,
}

#[derive(Serialize)]
struct ChecksView {
    on: DateView,
    closed_note: bool,
    met: usize,
    applicable: usize,
    results: Vec<CheckView>,
}

#[derive(Serialize)]
struct CheckView {
    number: usize,
    title: &'static str,
    status: Status,
    label: &'static str,
    reason: String,
}

#[derive(Serialize)]
struct MeetingView {
    title: String,
    owner: Link,
    owner_kind: &'static str,
    committee: Option<String>,
    in_common: Vec<Link>,
    date: DateView,
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
    minutes: &'static str,
    minutes_key: &'static str,
    minutes_html: Option<String>,
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
struct DecisionLink {
    id: String,
    title: String,
    outcome: &'static str,
    outcome_key: &'static str,
    url: String,
    ccg: Option<String>,
}

#[derive(Serialize)]
struct GroupDecisions {
    ccg: Link,
    decisions: Vec<DecisionLink>,
}

#[derive(Serialize)]
struct AttendanceView {
    present: Vec<String>,
    in_attendance: Vec<String>,
    apologies: Vec<String>,
}

#[derive(Serialize)]
struct DeclarationView {
    name: String,
    item: Option<String>,
    interest: String,
    action: String,
}

#[derive(Serialize)]
struct TermsView {
    title: String,
    ccg: Link,
    committee: String,
    version: Option<String>,
    approved: DateView,
    approved_by: Option<String>,
    review: Option<DateView>,
    quorum: Option<String>,
    voting: Option<String>,
    meets_in_public: bool,
    scope: Vec<ScopeArea>,
    body_html: String,
}

#[derive(Serialize)]
struct ScopeArea {
    area: Option<String>,
    rows: Vec<ScopeRowView>,
}

#[derive(Serialize)]
struct ScopeRowView {
    function: String,
    route: &'static str,
    route_key: &'static str,
}

#[derive(Serialize)]
struct FreePageView {
    body_html: String,
}

#[derive(Serialize)]
struct GroupView {
    name: String,
    description: Option<String>,
    members: Vec<Link>,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
}

/// Builds views from the content; shared by every page.
struct Views<'a> {
    site: &'a Published<'a>,
    input: &'a Input<'a>,
}

impl<'a> Views<'a> {
    fn new(site: &'a Published<'a>) -> Views<'a> {
        Views { site, input: site.input }
    }

    fn href(&self, p: &SitePath) -> String {
        self.site.href(p)
    }

    /// A person's name, or "Name withheld".
    fn person(&self, name: &str) -> String {
        self.site.person(name).to_owned()
    }

    fn site(&self) -> Option<&'a Site> {
        self.site.site()
    }

    fn site_view(&self) -> SiteView {
        let s = self.site();
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
            base: self.site.base.path().to_owned(),
            base_url: self.input.base_url.clone(),
        }
    }

    /// What every page's template sees: `site`, `as_of`, `footer_pages`.
    fn global_context(&self) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("site", &self.site_view());
        ctx.insert("as_of", &DateView::of(self.input.as_of));
        ctx.insert("footer_pages", &self.footer_pages());
        ctx
    }

    fn footer_pages(&self) -> Vec<Link> {
        self.input
            .content
            .pages
            .iter()
            .map(|p| Link { text: p.front.title.clone(), url: self.href(&SitePath::free_page(&p.slug)) })
            .collect()
    }

    /// A page's title, description, address and breadcrumbs (below Home).
    fn meta(&self, title: &str, description: Option<String>, crumbs: Vec<(String, SitePath)>, at: &SitePath) -> PageMeta {
        let mut breadcrumbs = vec![Link { text: "Home".into(), url: self.site.base.path().to_owned() }];
        breadcrumbs.extend(crumbs.into_iter().map(|(text, p)| Link { text, url: self.href(&p) }));
        let description = description.or_else(|| self.site().and_then(|s| s.description.clone())).unwrap_or_else(|| title.to_owned());
        PageMeta { title: title.to_owned(), description, url: self.href(at), canonical: self.site.base.canonical(at), breadcrumbs }
    }

    /// A link to a CCG's page, by its name.
    fn ccg_link(&self, c: &Ccg) -> Link {
        Link { text: c.profile.data.name.clone(), url: self.href(&SitePath::ccg(&c.id)) }
    }

    fn meeting_url(&self, m: &Meeting, owner: &Owner) -> String {
        self.href(&SitePath::meeting(m, owner))
    }

    fn meeting_row(&self, m: &'a Meeting, owner: Owner) -> MeetingRow {
        let f = &m.front;
        let minutes = m.minutes_status();
        MeetingRow {
            url: self.meeting_url(m, &owner),
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
            papers: f.agenda.iter().map(|a| a.papers.len()).sum(),
            items: f.agenda.len(),
        }
    }

    fn is_upcoming(&self, m: &Meeting) -> bool {
        self.site.is_upcoming(m)
    }

    fn index(&self) -> IndexView {
        let content = self.input.content;
        let mut totals = Totals::default();
        let mut rows = Vec::new();
        for (i, ccg) in content.ccgs.iter().enumerate() {
            let p = &ccg.profile.data;
            let checks = &self.input.checks[i];
            let meetings = self.site.meetings_of(ccg);
            let as_of = self.input.as_of;
            let latest = meetings.iter().rev().find(|(m, _)| m.front.date <= as_of && m.front.status == MeetingStatus::Held);
            let next = meetings.iter().find(|(m, _)| self.is_upcoming(m) && m.front.status != MeetingStatus::Cancelled);
            let link = |(m, owner): &(&'a Meeting, Owner<'a>)| MeetingLink {
                url: self.meeting_url(m, owner),
                date: DateView::of(m.front.date),
                title: meeting_title(m, owner),
            };
            let decisions = ccg.decisions.as_ref().map(|d| d.data.entries.len());
            let interests = ccg.interests.as_ref().map(|r| r.data.entries.iter().map(|e| e.interests.len()).sum());
            totals.ccgs += 1;
            totals.open += usize::from(p.closed.is_none_or(|c| c >= as_of));
            totals.meetings += ccg.meetings.len();
            totals.decisions += decisions.unwrap_or(0);
            totals.interests += interests.unwrap_or(0);
            rows.push(IndexRow {
                id: ccg.id.clone(),
                url: self.href(&SitePath::ccg(&ccg.id)),
                name: p.name.clone(),
                ods_code: p.ods_code.clone(),
                region: p.region.clone(),
                region_order: region_order(&p.region),
                level: ccg.level_on(checks.on).map(LevelView::of),
                closed: p.closed.filter(|c| *c < as_of).map(DateView::of),
                committees: p.committees.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("; "),
                latest_meeting: latest.map(link),
                next_meeting: next.map(link),
                meetings: meetings.len(),
                decisions,
                interests,
                checks_met: checks.met(),
                checks_applicable: checks.applicable(),
            });
        }
        totals.meetings += content.groups.iter().map(|g| g.meetings.len()).sum::<usize>();
        rows.sort_by(|a, b| (a.region_order, &a.region, &a.name).cmp(&(b.region_order, &b.region, &b.name)));

        let mut regions: BTreeMap<(usize, String), (usize, usize)> = BTreeMap::new();
        for r in &rows {
            let e = regions.entry((r.region_order, r.region.clone())).or_default();
            e.0 += 1;
            e.1 += usize::from(r.closed.is_none());
        }
        let levels = Level::ALL
            .iter()
            .map(|l| CountView {
                label: l.label().into(),
                number: l.number(),
                count: rows.iter().filter(|r| r.level.as_ref().is_some_and(|x| x.key == l.as_str())).count(),
            })
            .collect();
        let check_totals = (0..10)
            .map(|i| {
                let count = |s: Status| self.input.checks.iter().filter(|c| c.results[i].status == s).count();
                CheckTotal {
                    number: i + 1,
                    title: TITLES[i],
                    pass: count(Status::Pass),
                    fail: count(Status::Fail),
                    not_applicable: count(Status::NotApplicable),
                    unknown: count(Status::Unknown),
                }
            })
            .collect();
        IndexView {
            regions: regions.into_iter().map(|((_, name), (count, open))| RegionView { name, count, open }).collect(),
            rows,
            levels,
            check_totals,
            totals,
        }
    }

    fn ccg(&self, ccg: &'a Ccg, checks: &CcgChecks) -> CcgView {
        let p = &ccg.profile.data;
        let as_of = self.input.as_of;
        let day = checks.on;
        let opt_date = |d: Option<Date>| d.map(DateView::of);
        let member = |m: &Member| MemberView {
            name: self.person(&m.name),
            role: m.role.clone(),
            category: m.category.label(),
            voting: m.voting,
            chair: m.chair,
            from: opt_date(m.from),
            to: opt_date(m.to),
        };
        let committees = p
            .committees
            .iter()
            .map(|c| {
                let group = c
                    .group
                    .as_ref()
                    .and_then(|g| self.input.content.group(g))
                    .map(|g| Link { text: g.profile.data.name.clone(), url: self.href(&SitePath::group(&g.id)) });
                let terms = ccg.terms.iter().find(|t| t.data.front.committee == c.id).map(|t| {
                    let f = &t.data.front;
                    TermsSummary {
                        url: self.href(&SitePath::terms(ccg, &c.id)),
                        title: f.title.clone().unwrap_or_else(|| format!("Terms of reference: {}", c.name)),
                        version: f.version.clone(),
                        approved: DateView::of(f.approved),
                        approved_by: f.approved_by.clone(),
                        review: opt_date(f.review),
                        review_overdue: f.review.is_some_and(|r| r < day),
                        quorum: f.quorum.clone(),
                        voting: f.voting.clone(),
                        meets_in_public: f.meets_in_public,
                        scope_rows: f.decisions.len(),
                    }
                });
                let mut current: Vec<MemberView> = Vec::new();
                let mut former = Vec::new();
                for m in &c.members {
                    if m.is_current(day) {
                        current.push(member(m));
                    } else if m.to.is_some_and(|t| t < day) {
                        former.push(member(m));
                    }
                }
                // Chair first, then voting members, then observers; otherwise as written.
                current.sort_by_key(|m| (!m.chair, !m.voting));
                CommitteeView { id: c.id.clone(), name: c.name.clone(), group, current, former, terms }
            })
            .collect();

        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        for (m, owner) in self.site.meetings_of(ccg) {
            let row = self.meeting_row(m, owner);
            if self.is_upcoming(m) { upcoming.push(row) } else { past.push(row) }
        }
        past.reverse();

        let decisions = ccg.decisions.as_ref().map(|r| {
            let mut entries: Vec<DecisionView> = r.data.entries.iter().map(|d| self.decision(ccg, d)).collect();
            entries.sort_by(|a, b| (&b.date.iso, &b.id).cmp(&(&a.date.iso, &a.id)));
            DecisionsView {
                updated: DateView::of(r.data.updated),
                procurement_count: entries.iter().filter(|e| e.procurement.is_some()).count(),
                entries,
            }
        });

        let interests = ccg.interests.as_ref().map(|r| {
            let entries: Vec<InterestEntryView> = r
                .data
                .entries
                .iter()
                .map(|e| {
                    // An entry whose name is withheld elsewhere in the register is withheld too.
                    if e.withheld || self.input.withheld.is_withheld_name(&e.name) {
                        InterestEntryView {
                            name: "Name withheld".into(),
                            withheld: true,
                            roles: String::new(),
                            nil_return: false,
                            interests: vec![],
                        }
                    } else {
                        InterestEntryView {
                            name: self.person(&e.name),
                            withheld: false,
                            roles: e.roles.join(", "),
                            nil_return: e.nil_return,
                            interests: e
                                .interests
                                .iter()
                                .map(|i| InterestView {
                                    kind: i.kind.label(),
                                    description: i.description.clone(),
                                    from: opt_date(i.from),
                                    to: opt_date(i.to),
                                    ended: i.to.is_some_and(|t| t < as_of),
                                    action: i.action.clone(),
                                })
                                .collect(),
                        }
                    }
                })
                .collect();
            InterestsView {
                updated: DateView::of(r.data.updated),
                people: entries.len(),
                withheld: entries.iter().filter(|e| e.withheld).count(),
                nil_returns: entries.iter().filter(|e| e.nil_return).count(),
                interests: r.data.entries.iter().map(|e| e.interests.len()).sum(),
                entries,
            }
        });

        let gifts = ccg.gifts.as_ref().map(|r| {
            let mut entries: Vec<GiftView> = r
                .data
                .entries
                .iter()
                .map(|g| GiftView {
                    name: self.person(&g.name),
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
            GiftsView { updated: DateView::of(r.data.updated), accepted: entries.iter().filter(|e| e.accepted).count(), entries }
        });

        let predecessors = self
            .input
            .content
            .ccgs
            .iter()
            .filter(|c| c.profile.data.successor.as_deref() == Some(ccg.id.as_str()))
            .map(|c| self.ccg_link(c))
            .collect();

        CcgView {
            id: ccg.id.clone(),
            name: p.name.clone(),
            ods_code: p.ods_code.clone(),
            region: p.region.clone(),
            area_team: p.area_team.clone(),
            website: p.website.clone().filter(|w| markdown::is_safe_link(w)),
            population: p.population.map(crate::model::thousands),
            member_practices: p.member_practices,
            established: opt_date(p.established),
            closed: opt_date(p.closed),
            successor: p.successor.as_ref().and_then(|s| self.site.ccg(s)).map(|s| self.ccg_link(s)),
            successor_name: p.successor_name.clone(),
            predecessors,
            level: ccg.level_on(day).map(LevelView::of),
            levels: p
                .co_commissioning
                .iter()
                .map(|l| LevelPeriodView {
                    level: LevelView::of(l.level),
                    from: DateView::of(l.from),
                    to: opt_date(l.to),
                    current: current(Some(l.from), l.to, day),
                })
                .collect(),
            committees,
            upcoming,
            past,
            decisions,
            interests,
            gifts,
            checks: ChecksView {
                on: DateView::of(checks.on),
                closed_note: checks.on < as_of,
                met: checks.met(),
                applicable: checks.applicable(),
                results: checks
                    .results
                    .iter()
                    .map(|r| CheckView {
                        number: r.number,
                        title: r.title,
                        status: r.status,
                        label: r.status.label(),
                        reason: r.reason.clone(),
                    })
                    .collect(),
            },
            data_files: data_files(ccg)
                .into_iter()
                .map(|f| Link { text: f.description().to_owned(), url: self.href(&SitePath::data_file(ccg, f)) })
                .collect(),
        }
    }

    fn decision(&self, ccg: &'a Ccg, d: &Decision) -> DecisionView {
        let meeting = self
            .site
            .decision_meeting(ccg, d)
            .map(|(meeting, owner)| Link { text: meeting_title(meeting, &owner), url: self.meeting_url(meeting, &owner) });
        DecisionView {
            id: d.id.clone(),
            anchor: decision_anchor(&d.id),
            date: DateView::of(d.date),
            title: d.title.clone(),
            category: d.category.label(),
            route: d.route.label(),
            outcome: d.outcome.label(),
            outcome_key: d.outcome.as_str(),
            summary_html: d.summary.as_ref().map(|s| markdown::to_html(s, 4)),
            meeting,
            conflicts: d
                .conflicts
                .iter()
                .map(|c| ConflictView { name: self.person(&c.name), interest: c.interest.clone(), action: c.action.clone() })
                .collect(),
            procurement: d.procurement.as_ref().map(|p| ProcurementView {
                reference: p.reference.clone(),
                description: p.description.clone(),
                existing_contract: p.existing_contract.map(|b| if b { "Yes" } else { "No" }),
                procedure: p.procedure.clone(),
                clinical_lead: p.clinical_lead.as_deref().map(|n| self.person(n)),
                contract_manager: p.contract_manager.as_deref().map(|n| self.person(n)),
                supplier: p.supplier.clone(),
                supplier_address: p.supplier_address.clone(),
                value_total: p.value_total.map(Money::display),
                value_annual: p.value_annual.map(Money::display),
                start: p.start.map(DateView::of),
                end: p.end.map(DateView::of),
                justification: p.justification.clone(),
            }),
        }
    }

    fn decision_link(&self, ccg: &'a Ccg, id: &str, with_ccg: bool) -> Option<DecisionLink> {
        let d = ccg.decision(id)?;
        Some(DecisionLink {
            id: d.id.clone(),
            title: d.title.clone(),
            outcome: d.outcome.label(),
            outcome_key: d.outcome.as_str(),
            url: self.href(&SitePath::decision(ccg, &d.id)),
            ccg: with_ccg.then(|| ccg.profile.data.name.clone()),
        })
    }

    fn meeting(&self, m: &'a Meeting, owner: Owner<'a>) -> Result<MeetingView, Diagnostic> {
        let minutes_html = if m.body.is_blank() {
            None
        } else {
            let md = m.body.read().map_err(|e| Diagnostic::error(&self.input.content.files[m.file].path, e))?;
            Some(markdown::to_html(&md, 3))
        };
        let f = &m.front;
        let owner_link = Link { text: owner.name().to_owned(), url: self.href(&SitePath::owner(&owner)) };
        let owner_kind = match owner {
            Owner::Ccg(_) => "ccg",
            Owner::Group(_) => "group",
        };
        let papers_list = owner.papers();
        let agenda = f
            .agenda
            .iter()
            .map(|item| AgendaView {
                number: item.number.clone(),
                title: item.title.clone(),
                part: item.part.label(),
                private: item.part == Part::Private,
                papers: item
                    .papers
                    .iter()
                    .map(|p| match (&p.file, &p.url) {
                        (Some(file), _) => {
                            let rel = paper_rel(file);
                            let size = find_paper(papers_list, rel).map(|x| human_size(x.size));
                            PaperView {
                                title: p.title.clone(),
                                url: self.href(&SitePath::paper(&owner, file)),
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
                    })
                    .collect(),
                decision: match (&owner, &item.decision) {
                    (Owner::Ccg(c), Some(id)) => self.decision_link(c, id, false),
                    _ => None,
                },
            })
            .collect::<Vec<_>>();
        let group_decisions = match &owner {
            Owner::Group(g) => {
                let key = format!("{}/{}", g.id, m.id);
                self.site
                    .members(g)
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
                            ccg: self.ccg_link(c),
                            decisions: ids.iter().filter_map(|id| self.decision_link(c, id, true)).collect(),
                        })
                    })
                    .collect()
            }
            Owner::Ccg(_) => Vec::new(),
        };
        let in_common = match &owner {
            Owner::Group(g) => self.site.members(g).map(|c| self.ccg_link(c)).collect(),
            Owner::Ccg(_) => Vec::new(),
        };
        let committee = match &owner {
            Owner::Ccg(c) => f.committee.as_deref().and_then(|id| c.committee_name(id)).map(str::to_owned),
            Owner::Group(_) => None,
        };
        let minutes = m.minutes_status();
        let names = |v: &[String]| v.iter().map(|n| self.person(n)).collect::<Vec<_>>();
        Ok(MeetingView {
            title: meeting_title(m, &owner),
            owner: owner_link,
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
            group_decisions,
            attendance: f.attendance.as_ref().map(|a| AttendanceView {
                present: names(&a.present),
                in_attendance: names(&a.in_attendance),
                apologies: names(&a.apologies),
            }),
            declarations: f
                .declarations
                .iter()
                .map(|d| DeclarationView {
                    name: self.person(&d.name),
                    item: d.item.clone(),
                    interest: d.interest.clone(),
                    action: d.action.clone(),
                })
                .collect(),
            minutes: minutes.label(),
            minutes_key: minutes.as_str(),
            minutes_html,
        })
    }

    fn terms(&self, ccg: &'a Ccg, t: &TermsFile) -> TermsView {
        let f = &t.front;
        let committee = ccg.committee_name(&f.committee).unwrap_or(&f.committee).to_owned();
        let mut scope: Vec<ScopeArea> = Vec::new();
        for row in &f.decisions {
            let view = ScopeRowView { function: row.function.clone(), route: row.route.label(), route_key: row.route.as_str() };
            match scope.iter_mut().find(|a| a.area == row.area) {
                Some(a) => a.rows.push(view),
                None => scope.push(ScopeArea { area: row.area.clone(), rows: vec![view] }),
            }
        }
        TermsView {
            title: f.title.clone().unwrap_or_else(|| format!("Terms of reference: {committee}")),
            ccg: self.ccg_link(ccg),
            committee,
            version: f.version.clone(),
            approved: DateView::of(f.approved),
            approved_by: f.approved_by.clone(),
            review: f.review.map(DateView::of),
            quorum: f.quorum.clone(),
            voting: f.voting.clone(),
            meets_in_public: f.meets_in_public,
            scope,
            body_html: markdown::to_html(&t.body, 2),
        }
    }

    fn free_page(&self, p: &Page) -> FreePageView {
        FreePageView { body_html: markdown::to_html(&p.body, 2) }
    }

    fn group(&self, g: &'a Group) -> GroupView {
        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        for m in &g.meetings {
            let row = self.meeting_row(m, Owner::Group(g));
            if self.is_upcoming(m) { upcoming.push(row) } else { past.push(row) }
        }
        past.reverse();
        GroupView {
            name: g.profile.data.name.clone(),
            description: g.profile.data.description.clone(),
            members: self.site.members(g).map(|c| self.ccg_link(c)).collect(),
            upcoming,
            past,
        }
    }
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
        assert_eq!(human_size(2048), "2 KB");
    }
}
