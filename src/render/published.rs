//! The site as published: what every renderer reads, built once per build.
//!
//! [`Published`] is the content seen the way the site shows it: every
//! address of the site ([`SitePath`], turned into a link by [`Base`]), names
//! as published ([`redact`]), a CCG's meetings with those it holds in
//! common, the meeting a decision names, a meeting's title. The HTML pages,
//! the open data, the feeds and the search index all ask it, so an address
//! or a name is spelled in one place. (Zola's `Config::make_permalink` is
//! the model.)
//!
//! It depends on nothing else in `render` but `people` (who the people of
//! a CCG are): the renderers depend on it.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::people::People;
use crate::checks::{CcgChecks, CheckResults, Undeclared};
use crate::escape::{base_path, percent_path};
use crate::model::*;
use crate::theme::Theme;
use crate::withheld::Withheld;

/// Everything a renderer may read, as the build hands it over.
pub(crate) struct Input<'a> {
    pub content: &'a Content,
    /// Stage 2's results: each CCG's checks and their findings, by CCG id.
    /// Render reads them and runs no check.
    pub checks: &'a CheckResults,
    pub as_of: Date,
    /// `https://example.github.io/repo/`, always ending in `/`.
    pub base_url: String,
    pub theme: &'a Theme,
    /// The withheld names of the whole content (see `site::Checked`).
    pub withheld: &'a Withheld,
}

// ---------------------------------------------------------------------------
// Addresses.

/// A path of the published site below its root, as the output folder holds
/// it: a page's folder (`ccgs/x/`, ending in `/`; the home page is empty)
/// or a file (`ccgs/x/decisions.csv`), a page with an optional fragment
/// (`#decision-y`). Made only by the builders below, so each address of the
/// site is written once; [`Base`] turns it into a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePath {
    path: String,
    fragment: Option<String>,
}

impl SitePath {
    fn new(path: impl Into<String>) -> SitePath {
        SitePath { path: path.into(), fragment: None }
    }

    /// The home page.
    pub(crate) fn home() -> SitePath {
        SitePath::new("")
    }

    /// The not-found page (a file: servers show it for any missing path).
    pub(crate) fn not_found() -> SitePath {
        SitePath::new("404.html")
    }

    /// A free page of the content's `pages/`.
    pub(crate) fn free_page(slug: &str) -> SitePath {
        SitePath::new(format!("{slug}/"))
    }

    /// `/decisions/`: every decision in the country.
    pub(crate) fn decisions_page() -> SitePath {
        SitePath::new("decisions/")
    }

    /// `/search/`.
    pub(crate) fn search_page() -> SitePath {
        SitePath::new("search/")
    }

    /// The folder of the search index.
    pub(crate) fn search_index() -> SitePath {
        SitePath::new("search/index/")
    }

    /// A file of the search index (`manifest.json`, `t/pr.json`).
    pub(crate) fn search_index_file(name: &str) -> SitePath {
        SitePath::new(format!("search/index/{name}"))
    }

    /// `/open-data/`: the page that documents the data files.
    pub(crate) fn open_data_page() -> SitePath {
        SitePath::new("open-data/")
    }

    /// `/decisions.csv`: every decision in the country.
    pub(crate) fn national_decisions_csv() -> SitePath {
        SitePath::new("decisions.csv")
    }

    /// `/ccgs.json`: the machine-readable index.
    pub(crate) fn ccgs_json() -> SitePath {
        SitePath::new("ccgs.json")
    }

    /// `/ccgpages.json`: the site's manifest, for an index built from many
    /// sites.
    pub(crate) fn manifest() -> SitePath {
        SitePath::new("ccgpages.json")
    }

    /// `/ccgpages.schema.json`: the manifest's JSON Schema.
    pub(crate) fn manifest_schema() -> SitePath {
        SitePath::new("ccgpages.schema.json")
    }

    /// `/feed.xml`: the national Atom feed.
    pub(crate) fn national_feed() -> SitePath {
        SitePath::new("feed.xml")
    }

    pub(crate) fn sitemap() -> SitePath {
        SitePath::new("sitemap.xml")
    }

    pub(crate) fn robots() -> SitePath {
        SitePath::new("robots.txt")
    }

    /// A static file of the theme (`css/site.css`).
    pub(crate) fn asset(path: &str) -> SitePath {
        SitePath::new(format!("assets/{path}"))
    }

    /// `/people/`: everyone named on the site, A to Z.
    pub(crate) fn people_index() -> SitePath {
        SitePath::new("people/")
    }

    /// A person's page, below their CCG's (`stem` from [`People`]).
    pub(crate) fn person(ccg_id: &str, stem: &str) -> SitePath {
        SitePath::new(format!("ccgs/{ccg_id}/people/{stem}/"))
    }

    /// `/practices/`: every GP practice, A to Z.
    pub(crate) fn practices_index() -> SitePath {
        SitePath::new("practices/")
    }

    /// A GP practice's page, by its ODS code.
    pub(crate) fn practice(ods: &str) -> SitePath {
        SitePath::new(format!("practices/{ods}/"))
    }

    /// `/lookup.json`: the CCGs and practices the home page's box finds.
    pub(crate) fn lookup_json() -> SitePath {
        SitePath::new("lookup.json")
    }

    /// `/interests/`: every register of interests in one table.
    pub(crate) fn interests_page() -> SitePath {
        SitePath::new("interests/")
    }

    /// `/interests.csv`, `/interests.json`: every register of interests.
    pub(crate) fn national_interests(json: bool) -> SitePath {
        SitePath::new(if json { "interests.json" } else { "interests.csv" })
    }

    /// `/checks.csv`, `/checks.json`: every CCG's result of every check.
    pub(crate) fn national_checks(json: bool) -> SitePath {
        SitePath::new(if json { "checks.json" } else { "checks.csv" })
    }

    /// `/attendance.csv`: who came to every meeting, as recorded.
    pub(crate) fn attendance_csv() -> SitePath {
        SitePath::new("attendance.csv")
    }

    /// `/declarations.csv`: every interest declared at a meeting.
    pub(crate) fn declarations_csv() -> SitePath {
        SitePath::new("declarations.csv")
    }

    /// A CCG's page.
    pub(crate) fn ccg(id: &str) -> SitePath {
        SitePath::new(format!("ccgs/{id}/"))
    }

    /// A group's page (CCGs meeting in common).
    pub(crate) fn group(id: &str) -> SitePath {
        SitePath::new(format!("groups/{id}/"))
    }

    /// The page of who holds a meeting: a CCG's or a group's.
    pub(crate) fn owner(owner: &Owner) -> SitePath {
        match owner {
            Owner::Ccg(c) => SitePath::ccg(&c.id),
            Owner::Group(g) => SitePath::group(&g.id),
        }
    }

    /// A meeting's page, below its owner's.
    pub(crate) fn meeting(m: &Meeting, owner: &Owner) -> SitePath {
        let mut p = SitePath::owner(owner);
        p.path.push_str("meetings/");
        p.path.push_str(&m.id);
        p.path.push('/');
        p
    }

    /// A CCG's page at a fragment of it (`checks`).
    pub(crate) fn ccg_section(id: &str, fragment: &str) -> SitePath {
        SitePath { fragment: Some(fragment.to_owned()), ..SitePath::ccg(id) }
    }

    /// A decision on its CCG's page.
    pub(crate) fn decision(ccg: &Ccg, decision_id: &str) -> SitePath {
        SitePath { fragment: Some(decision_anchor(decision_id)), ..SitePath::ccg(&ccg.id) }
    }

    /// A committee's terms of reference: one page below the CCG's, or one
    /// for each committee when it has several.
    pub(crate) fn terms(ccg: &Ccg, committee: &str) -> SitePath {
        if ccg.profile.data.committees.len() > 1 {
            SitePath::new(format!("ccgs/{}/terms-of-reference/{committee}/", ccg.id))
        } else {
            SitePath::new(format!("ccgs/{}/terms-of-reference/", ccg.id))
        }
    }

    /// A paper, published below its owner's page: `file` as a meeting names
    /// it (`./papers/a.pdf`) or as the folder holds it (`papers/a.pdf`).
    pub(crate) fn paper(owner: &Owner, file: &str) -> SitePath {
        let mut p = SitePath::owner(owner);
        p.path.push_str(paper_rel(file));
        p
    }

    /// One of a CCG's data files.
    pub(crate) fn data_file(ccg: &Ccg, file: DataFile) -> SitePath {
        SitePath::ccg_file(&ccg.id, file)
    }

    /// One of the data files of the CCG `id`.
    pub(crate) fn ccg_file(id: &str, file: DataFile) -> SitePath {
        let mut p = SitePath::ccg(id);
        p.path.push_str(file.name());
        p
    }

    /// `/checks/`: every transparency check, with its national counts.
    pub(crate) fn checks_index() -> SitePath {
        SitePath::new("checks/")
    }

    /// `/checks/<number>/`: one transparency check, and the CCGs that do not
    /// meet it.
    pub(crate) fn check(number: usize) -> SitePath {
        SitePath::new(format!("checks/{number}/"))
    }

    /// `/subscribe/`: how to follow the site in a feed reader or a calendar.
    pub(crate) fn subscribe_page() -> SitePath {
        SitePath::new("subscribe/")
    }

    /// `/regions/<slug>/feed.xml`: the Atom feed of an NHS England region.
    pub(crate) fn region_feed(region: &str) -> SitePath {
        SitePath::new(format!("regions/{}/feed.xml", region_slug(region)))
    }

    /// `/feed.xsl`: the stylesheet that shows a feed in a browser as a
    /// page (made by the feeds renderer, not a theme asset copied as it is).
    pub(crate) fn feed_stylesheet() -> SitePath {
        SitePath::new("feed.xsl")
    }

    /// A meeting as a calendar file of one event, in its page's folder.
    pub(crate) fn meeting_calendar(m: &Meeting, owner: &Owner) -> SitePath {
        let mut p = SitePath::meeting(m, owner);
        p.path.push_str("meeting.ics");
        p
    }

    /// A numbered page of `/decisions/`: the first is `/decisions/` itself,
    /// the others `/decisions/page/2/` and on.
    pub(crate) fn decisions_numbered(n: usize) -> SitePath {
        if n <= 1 { SitePath::decisions_page() } else { SitePath::new(format!("decisions/page/{n}/")) }
    }

    /// `/decisions/no-declaration-recorded/`: the decisions that carry check
    /// 11's flag, for a reader without JavaScript.
    pub(crate) fn decisions_flagged() -> SitePath {
        SitePath::new("decisions/no-declaration-recorded/")
    }

    /// A file of the data the decisions page's filters read
    /// (`decisions/data/index.json`, `decisions/data/3.json`).
    pub(crate) fn decisions_data(name: &str) -> SitePath {
        SitePath::new(format!("decisions/data/{name}"))
    }

    /// The page whose file is `path` (`ccgs/x/index.html` → `ccgs/x/`), or
    /// `None` for a file that is no page's.
    pub(crate) fn of_page_file(path: &str) -> Option<SitePath> {
        path.strip_suffix("index.html").filter(|p| p.is_empty() || p.ends_with('/')).map(SitePath::new)
    }

    /// The path without its fragment: for a file, where the output holds it.
    pub(crate) fn as_str(&self) -> &str {
        &self.path
    }

    /// For a file, where the output holds it.
    pub(crate) fn into_file(self) -> String {
        self.path
    }

    /// For a page, the file that holds it: `ccgs/x/index.html`.
    pub(crate) fn page_file(&self) -> String {
        format!("{}index.html", self.path)
    }

    /// Percent-encoded, with its fragment: what follows the base.
    fn encoded(&self) -> String {
        let mut s = percent_path(&self.path);
        if let Some(f) = &self.fragment {
            s.push('#');
            s.push_str(&percent_path(f));
        }
        s
    }
}

/// The data files a CCG may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataFile {
    DecisionsCsv,
    DecisionsJson,
    InterestsCsv,
    InterestsJson,
    Calendar,
    Feed,
}

impl DataFile {
    /// The file's name below the CCG's page.
    pub(crate) fn name(self) -> &'static str {
        match self {
            DataFile::DecisionsCsv => "decisions.csv",
            DataFile::DecisionsJson => "decisions.json",
            DataFile::InterestsCsv => "interests.csv",
            DataFile::InterestsJson => "interests.json",
            DataFile::Calendar => "meetings.ics",
            DataFile::Feed => "feed.xml",
        }
    }

    /// What it holds, as the CCG's page lists it.
    pub(crate) fn description(self) -> &'static str {
        match self {
            DataFile::DecisionsCsv => "Register of decisions (CSV)",
            DataFile::DecisionsJson => "Register of decisions (JSON, with Open Contracting award fields)",
            DataFile::InterestsCsv => "Register of interests (CSV)",
            DataFile::InterestsJson => "Register of interests (JSON, Popolo people)",
            DataFile::Calendar => "Meetings calendar (iCalendar)",
            DataFile::Feed => "Decisions and meetings (Atom feed)",
        }
    }
}

/// The data files a CCG has. A register that is not published has no
/// files: an empty file would say "published, nothing in it".
pub(crate) fn data_files(ccg: &Ccg) -> Vec<DataFile> {
    let mut v = Vec::new();
    if ccg.decisions.is_some() {
        v.extend([DataFile::DecisionsCsv, DataFile::DecisionsJson]);
    }
    if ccg.interests.is_some() {
        v.extend([DataFile::InterestsCsv, DataFile::InterestsJson]);
    }
    v.extend([DataFile::Calendar, DataFile::Feed]);
    v
}

/// Where the site is served: turns a [`SitePath`] into a link.
#[derive(Debug, Clone)]
pub(crate) struct Base {
    /// `https://host/repo/`, ending in `/`.
    url: String,
    /// `/repo/`.
    path: String,
    /// `https://host`: the base URL without its path.
    origin: String,
}

impl Base {
    pub(crate) fn new(base_url: &str) -> Base {
        let path = base_path(base_url);
        let origin = base_url.trim_end_matches('/');
        let origin = origin.strip_suffix(path.trim_end_matches('/')).unwrap_or(origin).to_owned();
        Base { url: base_url.to_owned(), path, origin }
    }

    /// `/repo/`: the site's root as the pages link it.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The link the pages use: `/repo/ccgs/x/`.
    pub(crate) fn href(&self, p: &SitePath) -> String {
        format!("{}{}", self.path, p.encoded())
    }

    /// The absolute URL, for files read elsewhere (feeds, data, sitemap):
    /// `https://host/repo/ccgs/x/`.
    pub(crate) fn abs(&self, p: &SitePath) -> String {
        format!("{}{}", self.url, p.encoded())
    }

    /// A calendar's subscription link: the absolute URL with `webcal` for
    /// its scheme, which calendar apps open as a subscription. The one
    /// link scheme beside http, https and mailto that the site writes, and
    /// only to its own address (see `links::is_own_webcal`).
    pub(crate) fn webcal(&self, p: &SitePath) -> String {
        let abs = self.abs(p);
        match abs.split_once("://") {
            Some((_, rest)) => format!("webcal://{rest}"),
            None => abs,
        }
    }

    /// A page's canonical URL: the origin and its link.
    pub(crate) fn canonical(&self, p: &SitePath) -> String {
        format!("{}{}", self.origin, self.href(p))
    }
}

// ---------------------------------------------------------------------------
// The content as published.

/// Who holds a meeting: a CCG, or a group meeting in common.
#[derive(Clone, Copy)]
pub(crate) enum Owner<'a> {
    Ccg(&'a Ccg),
    Group(&'a Group),
}

impl<'a> Owner<'a> {
    pub(crate) fn name(&self) -> &'a str {
        match self {
            Owner::Ccg(c) => &c.profile.data.name,
            Owner::Group(g) => &g.profile.data.name,
        }
    }

    /// The papers in the owner's folder, sorted by path.
    pub(crate) fn papers(&self) -> &'a [PaperFile] {
        match self {
            Owner::Ccg(c) => &c.papers,
            Owner::Group(g) => &g.papers,
        }
    }
}

/// The site as published, built once per build from the [`Input`].
pub(crate) struct Published<'a> {
    pub input: &'a Input<'a>,
    pub content: &'a Content,
    pub base: Base,
    ccg_by_id: HashMap<&'a str, &'a Ccg>,
    /// Each CCG's people, worked out on first use.
    people: HashMap<&'a str, OnceLock<People>>,
    /// Every practice by ODS code, and the decisions that affect each.
    practices: OnceLock<Practices>,
}

/// Every practice of the site by ODS code, as (CCG, entry) indices, and the
/// decisions (of any CCG) that name it, as (CCG, entry) indices, newest
/// first. (Indices, not references: a cell of references would tie
/// `Published` to one lifetime.)
#[derive(Default)]
struct Practices {
    by_ods: HashMap<String, (usize, usize)>,
    decisions: HashMap<String, Vec<(usize, usize)>>,
}

impl<'a> Published<'a> {
    pub(crate) fn new(input: &'a Input<'a>) -> Published<'a> {
        Published {
            input,
            content: input.content,
            base: Base::new(&input.base_url),
            ccg_by_id: input.content.ccgs.iter().map(|c| (c.id.as_str(), c)).collect(),
            people: input.content.ccgs.iter().map(|c| (c.id.as_str(), OnceLock::new())).collect(),
            practices: OnceLock::new(),
        }
    }

    /// The CCG's transparency checks, as stage 2 worked them out (on the
    /// day it closed, for a CCG closed before the as-of date). Every CCG
    /// of the content has them: [`super::render_all`] makes sure before
    /// anything is rendered, so the empty results here are never shown.
    pub(crate) fn checks(&self, ccg: &Ccg) -> &'a CcgChecks {
        static NONE: OnceLock<CcgChecks> = OnceLock::new();
        self.input.checks.of(&ccg.id).unwrap_or_else(|| {
            NONE.get_or_init(|| CcgChecks { ccg: String::new(), on: Date::from_days(0), results: Vec::new(), undeclared: Vec::new() })
        })
    }

    /// The registered interests check 11 found undeclared at the CCG's
    /// decisions, as on the day its checks were made (its findings, handed
    /// on with the results).
    pub(crate) fn undeclared(&self, ccg: &Ccg) -> &'a [Undeclared] {
        &self.checks(ccg).undeclared
    }

    /// The people of a CCG (see [`People`]).
    pub(crate) fn people(&self, ccg: &Ccg) -> &People {
        static NONE: OnceLock<People> = OnceLock::new();
        let cell = self.people.get(ccg.id.as_str()).unwrap_or(&NONE);
        cell.get_or_init(|| People::new(self.input.withheld, ccg))
    }

    /// The link to the page of the person `name` of `ccg`, if they have one.
    pub(crate) fn person_href(&self, ccg: &Ccg, name: &str) -> Option<String> {
        let p = self.people(ccg).get(name).filter(|p| !p.withheld)?;
        Some(self.href(&SitePath::person(&ccg.id, &p.stem)))
    }

    /// The open-data id of the person `name` of `ccg` (`<ccg>/<stem>`), or
    /// empty for a name the CCG does not hold.
    pub(crate) fn person_id(&self, ccg: &Ccg, name: &str) -> String {
        self.people(ccg).get(name).map_or(String::new(), |p| format!("{}/{}", ccg.id, p.stem))
    }

    fn practice_index(&self) -> &Practices {
        self.practices.get_or_init(|| {
            let ccgs = &self.content.ccgs;
            let mut all = Practices::default();
            for (ci, c) in ccgs.iter().enumerate() {
                for (pi, p) in c.practice_entries().iter().enumerate() {
                    all.by_ods.entry(p.ods.clone()).or_insert((ci, pi));
                }
                for (di, d) in c.decisions.iter().flat_map(|r| &r.data.entries).enumerate() {
                    for ods in &d.practices {
                        all.decisions.entry(ods.clone()).or_default().push((ci, di));
                    }
                }
            }
            let decision = |(ci, di): (usize, usize)| ccgs[ci].decisions.as_ref().map(|r| &r.data.entries[di]);
            for v in all.decisions.values_mut() {
                v.sort_by(|&a, &b| {
                    let (da, db) = (decision(a), decision(b));
                    (db.map(|d| d.date), a.0, da.map(|d| &d.id)).cmp(&(da.map(|d| d.date), b.0, db.map(|d| &d.id)))
                });
            }
            all
        })
    }

    /// The practice with this ODS code, and its CCG.
    pub(crate) fn practice(&self, ods: &str) -> Option<(&'a Ccg, &'a Practice)> {
        let &(ci, pi) = self.practice_index().by_ods.get(ods)?;
        let c = &self.content.ccgs[ci];
        Some((c, &c.practice_entries()[pi]))
    }

    /// Every practice of the site, with its CCG, in the content's order.
    pub(crate) fn all_practices(&self) -> impl Iterator<Item = (&'a Ccg, &'a Practice)> + 'a {
        self.content.ccgs.iter().flat_map(|c| c.practice_entries().iter().map(move |p| (c, p)))
    }

    /// The decisions that affect the practice `ods`, newest first.
    pub(crate) fn decisions_affecting(&self, ods: &str) -> Vec<(&'a Ccg, &'a Decision)> {
        let ccgs = &self.content.ccgs;
        let Some(v) = self.practice_index().decisions.get(ods) else { return Vec::new() };
        v.iter().filter_map(|&(ci, di)| Some((&ccgs[ci], ccgs[ci].decisions.as_ref().map(|r| &r.data.entries[di])?))).collect()
    }

    /// See [`Base::href`].
    pub(crate) fn href(&self, p: &SitePath) -> String {
        self.base.href(p)
    }

    /// See [`Base::abs`].
    pub(crate) fn abs(&self, p: &SitePath) -> String {
        self.base.abs(p)
    }

    /// A person's name as published: the name, or "Name withheld".
    pub(crate) fn person<'n>(&self, name: &'n str) -> &'n str {
        redact(self.input.withheld, name)
    }

    /// How much of what names `name` is withheld (see
    /// [`Content::withholding`]): with [`Withholding::Entry`] a renderer
    /// publishes "Name withheld" and nothing else of the person's (no
    /// role, interest, declaration, gift or date).
    pub(crate) fn withholding(&self, name: &str) -> Withholding {
        self.content.withholding(self.input.withheld, name)
    }

    /// How much of a register entry is withheld.
    pub(crate) fn entry_withholding(&self, e: &InterestEntry) -> Withholding {
        self.content.entry_withholding(self.input.withheld, e)
    }

    pub(crate) fn site(&self) -> Option<&'a Site> {
        self.content.site.as_ref().map(|s| &s.data)
    }

    pub(crate) fn site_title(&self) -> &'a str {
        self.site().map_or("", |s| s.title.as_str())
    }

    /// The CCG of an id, if the content has it.
    pub(crate) fn ccg(&self, id: &str) -> Option<&'a Ccg> {
        self.ccg_by_id.get(id).copied()
    }

    /// A group's member CCGs that the content has, in the group's order.
    pub(crate) fn members(&self, g: &'a Group) -> impl Iterator<Item = &'a Ccg> + '_ {
        g.profile.data.members.iter().filter_map(|id| self.ccg(id))
    }

    /// The CCG's meetings and those held in common by its groups, by date.
    pub(crate) fn meetings_of(&self, ccg: &'a Ccg) -> Vec<(&'a Meeting, Owner<'a>)> {
        let mut v: Vec<(&Meeting, Owner)> = ccg.meetings.iter().map(|m| (m, Owner::Ccg(ccg))).collect();
        for g in self.content.groups.iter().filter(|g| g.profile.data.members.contains(&ccg.id)) {
            v.extend(g.meetings.iter().map(|m| (m, Owner::Group(g))));
        }
        v.sort_by(|a, b| (a.0.front.date, &a.0.id).cmp(&(b.0.front.date, &b.0.id)));
        v
    }

    /// The meeting a decision names (`2015-09-17` or `group/2015-09-17`),
    /// with who held it.
    pub(crate) fn decision_meeting(&self, ccg: &'a Ccg, d: &Decision) -> Option<(&'a Meeting, Owner<'a>)> {
        let m = d.meeting.as_deref()?;
        if let Some((gid, mid)) = m.split_once('/') {
            let g = self.content.group(gid)?;
            Some((g.meeting(mid)?, Owner::Group(g)))
        } else {
            Some((ccg.meeting(m)?, Owner::Ccg(ccg)))
        }
    }

    /// Whether a meeting is still to come on the as-of date: later, or that
    /// day and not yet held.
    pub(crate) fn is_upcoming(&self, m: &Meeting) -> bool {
        let as_of = self.input.as_of;
        m.front.date >= as_of && !matches!(m.front.status, MeetingStatus::Held) || m.front.date > as_of
    }
}

impl<'a> Published<'a> {
    /// The regions of the site's CCGs, North to South: each has a feed.
    pub(crate) fn regions(&self) -> Vec<&'a str> {
        let mut v: Vec<&str> = self.content.ccgs.iter().map(|c| c.profile.data.region.as_str()).collect();
        v.sort_by_key(|r| (region_order(r), *r));
        v.dedup();
        v
    }

    /// How the public can take part in a meeting (`public_participation`,
    /// Markdown): the committee's, else its CCG's. At a group's meeting,
    /// each member CCG's, named, unless they all say the same.
    pub(crate) fn participation(&self, m: &Meeting, owner: Owner<'a>) -> Vec<(Option<&'a str>, &'a str)> {
        match owner {
            Owner::Ccg(c) => c.public_participation(m.front.committee.as_deref(), false).map(|t| (None, t)).into_iter().collect(),
            Owner::Group(g) => {
                let all: Vec<(Option<&str>, &str)> = self
                    .members(g)
                    .filter_map(|c| Some((Some(c.profile.data.name.as_str()), c.public_participation(Some(&g.id), true)?)))
                    .collect();
                if all.windows(2).all(|w| w[0].1 == w[1].1) { all.into_iter().take(1).map(|(_, t)| (None, t)).collect() } else { all }
            }
        }
    }
}

/// The texts that replace a withheld name, and the details of an entry
/// withheld in full.
pub(crate) use crate::withheld::{DETAILS_WITHHELD, NAME_WITHHELD};

/// A person's name as published: the name, or "Name withheld" if it names
/// a withheld person in any spelling.
pub(crate) fn redact<'n>(withheld: &Withheld, name: &'n str) -> &'n str {
    withheld.published(name)
}

/// A meeting's title, or its committee's (or group's) name and date.
pub(crate) fn meeting_title(m: &Meeting, owner: &Owner) -> String {
    if let Some(t) = &m.front.title {
        return t.clone();
    }
    let name = match owner {
        Owner::Ccg(c) => m.front.committee.as_deref().and_then(|id| c.committee_name(id)).unwrap_or("Committee").to_owned(),
        Owner::Group(g) => g.profile.data.name.clone(),
    };
    format!("{name}, {}", m.front.date.long())
}

/// The fragment of a decision on its CCG's page: the id as written, so that
/// ids that differ only in case or in `.`, `_` and `-` (all allowed, see
/// `validate::is_decision_id`) never share an anchor. They need no escaping
/// in a URL or an HTML id.
pub(crate) fn decision_anchor(id: &str) -> String {
    format!("decision-{id}")
}

/// A region's name in an address: `Midlands and East` is `midlands-and-east`.
pub(crate) fn region_slug(region: &str) -> String {
    let mut slug = String::with_capacity(region.len());
    for c in region.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Where a region sorts: North to South, then any other.
pub(crate) fn region_order(r: &str) -> usize {
    crate::model::REGIONS.iter().position(|x| *x == r).unwrap_or(crate::model::REGIONS.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_one_per_decision() {
        assert_eq!(decision_anchor("WL-2015.07"), "decision-WL-2015.07");
        let ids = ["A.1", "A-1", "A_1", "a.1"];
        let anchors: std::collections::HashSet<String> = ids.iter().map(|i| decision_anchor(i)).collect();
        assert_eq!(anchors.len(), ids.len(), "one anchor per decision");
    }

    #[test]
    fn links_under_a_base_path() {
        let base = Base::new("https://example.github.io/repo/");
        let page = SitePath::free_page("about");
        assert_eq!(base.href(&page), "/repo/about/");
        assert_eq!(base.abs(&page), "https://example.github.io/repo/about/");
        assert_eq!(base.canonical(&page), "https://example.github.io/repo/about/");
        assert_eq!(page.page_file(), "about/index.html");
        assert_eq!(SitePath::of_page_file("about/index.html"), Some(page));
        assert_eq!(SitePath::of_page_file("index.html"), Some(SitePath::home()));
        assert_eq!(SitePath::of_page_file("aboutindex.html"), None);
        let root = Base::new("https://transparency.example.nhs.uk/");
        assert_eq!(root.href(&SitePath::home()), "/");
        assert_eq!(root.canonical(&SitePath::home()), "https://transparency.example.nhs.uk/");
    }

    #[test]
    fn regions_and_webcal() {
        assert_eq!(region_slug("Midlands and East"), "midlands-and-east");
        assert_eq!(region_slug("North East and Yorkshire"), "north-east-and-yorkshire");
        assert_eq!(SitePath::region_feed("South West").as_str(), "regions/south-west/feed.xml");
        let base = Base::new("https://example.github.io/repo/");
        let cal = SitePath::new("ccgs/x/meetings.ics");
        assert_eq!(base.webcal(&cal), "webcal://example.github.io/repo/ccgs/x/meetings.ics");
        assert_eq!(Base::new("http://127.0.0.1:8000/").webcal(&cal), "webcal://127.0.0.1:8000/ccgs/x/meetings.ics");
    }

    #[test]
    fn encodes_the_path_and_the_fragment() {
        let base = Base::new("https://x.org/");
        let p = SitePath { path: "ccgs/x/papers/a b#1.pdf".into(), fragment: Some("f g".into()) };
        assert_eq!(base.href(&p), "/ccgs/x/papers/a%20b%231.pdf#f%20g");
    }
}
