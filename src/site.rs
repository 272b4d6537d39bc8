//! Runs the pipeline: load → validate → render → write; and, for `serve`,
//! the incremental operations that rebuild one CCG ([`Checked::reload_ccg`],
//! [`render_ccg`]), as Zola's `Site::add_and_render_page` does for a page.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::checks::{self, CheckResults};
use crate::diag::{self, Diagnostic};
use crate::model::{Content, Date};
use crate::render::published::SitePath;
use crate::render::{self, DecisionsPage, Feeds, HtmlSite, Input, OpenData, Output, Search, feeds};
use crate::theme::Theme;
use crate::withheld::Withheld;
use crate::{load, validate, write};

/// Where the as-of date comes from: `--as-of`, else `site.yaml`'s `as_of`,
/// else `SOURCE_DATE_EPOCH`, else today.
#[derive(Debug, Clone, Copy)]
pub struct AsOf {
    pub flag: Option<Date>,
    /// `SOURCE_DATE_EPOCH` if set, else today.
    pub fallback: Date,
}

impl AsOf {
    pub fn fixed(d: Date) -> AsOf {
        AsOf { flag: Some(d), fallback: d }
    }
    fn resolve(self, content: &Content) -> Date {
        self.flag.or_else(|| content.site.as_ref().and_then(|s| s.data.as_of)).unwrap_or(self.fallback)
    }
}

/// Loaded and validated content, with every diagnostic found.
pub struct Checked {
    /// The day the content was checked as of.
    pub as_of: Date,
    pub content: Content,
    /// The transparency checks of every CCG, by CCG id, with what render
    /// shows of their findings: worked out here, once, never by render.
    pub checks: CheckResults,
    /// Errors and warnings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The withheld names of the whole content, built once: validation
    /// looked for them, rendering redacts and scans with the same matcher
    /// (also when `serve` renders only part of the content).
    pub withheld: Withheld,
    /// The diagnostics of loading `content`, kept for [`Checked::reload_ccg`]
    /// (a CCG's folder loaded again replaces its own).
    load_diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
    /// How many content files were read.
    pub fn file_count(&self) -> usize {
        self.content.files.len()
    }

    /// The content with the folder of the CCG `id` loaded again on its own
    /// (the rest as it was loaded before), and all of it checked again:
    /// validation and the checks look across CCGs (successors, groups,
    /// withheld names). With [`render_ccg`], the quick rebuild of one CCG
    /// that `serve` makes when a file in its folder changes.
    pub fn reload_ccg(self, id: &str, as_of: AsOf) -> Checked {
        let Checked { mut content, mut load_diagnostics, .. } = self;
        let dir = crate::model::ContentPath::ccg(id).within(&content.root);
        let (fresh, diagnostics) = load::load_ccg(&content.root, &dir);
        content.replace_ccg(id, fresh);
        load_diagnostics.retain(|d| !d.file.starts_with(&dir));
        load_diagnostics.extend(diagnostics);
        check_loaded(content, load_diagnostics, as_of)
    }
}

/// Loads and validates `content_dir` as on `as_of`. Writes nothing.
pub fn check(content_dir: &Path, as_of: AsOf) -> Checked {
    let (content, diagnostics) = load::load(content_dir);
    check_loaded(content, diagnostics, as_of)
}

/// Validates content already loaded, with the load's own diagnostics.
fn check_loaded(content: Content, load_diagnostics: Vec<Diagnostic>, as_of: AsOf) -> Checked {
    let as_of = as_of.resolve(&content);
    let withheld = Withheld::of_people(content.withheld_people());
    let mut diagnostics = load_diagnostics.clone();
    diagnostics.extend(validate::validate(&content, &withheld, as_of));
    let checks = checks::run(&content, &withheld, as_of);
    diagnostics.extend(checks::warnings(&content, &checks));
    diag::mask_withheld(&withheld, &mut diagnostics);
    diag::sort(&mut diagnostics);
    Checked { as_of, content, checks, diagnostics, withheld, load_diagnostics }
}

pub struct BuildOptions {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Overrides `site.yaml`'s `base_url`.
    pub base_url: Option<String>,
    pub as_of: AsOf,
}

pub struct BuildReport {
    pub pages: usize,
    pub copied: usize,
    pub ccgs: usize,
    pub as_of: Date,
    pub elapsed: Duration,
    /// Warnings (the build had no errors).
    pub warnings: Vec<Diagnostic>,
    /// The transparency checks of every CCG (for the job summary).
    pub checks: CheckResults,
    /// The address the site was built for, ending in `/`.
    pub base_url: String,
}

/// What a build reports as it goes (the command line draws a bar on a
/// terminal).
pub trait Progress: Sync {
    /// The content is checked: `total` pages and papers are to be written.
    fn planned(&self, total: usize);
    /// One more page or paper is written.
    fn step(&self);
    /// Another build of the same output folder is under way: this one waits
    /// for it to finish.
    fn waiting(&self, _output: &Path) {}
}

/// Why a build wrote nothing.
#[derive(Debug)]
pub enum BuildError {
    /// The output folder may not be replaced, in plain words (a usage
    /// error: nothing was checked or written).
    Refused(String),
    /// The content has errors, or the site could not be written: every
    /// problem, and the transparency checks where the content was read far
    /// enough to work them out (for the job summary).
    Failed { diagnostics: Vec<Diagnostic>, checks: CheckResults },
}

impl From<Vec<Diagnostic>> for BuildError {
    fn from(d: Vec<Diagnostic>) -> BuildError {
        BuildError::Failed { diagnostics: d, checks: CheckResults::default() }
    }
}

/// Reports nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn planned(&self, _: usize) {}
    fn step(&self) {}
}

/// Pages other renderers than the HTML site write: `/decisions/`,
/// `/search/`, `/open-data/`, `/interests/` and `/subscribe/` (see
/// [`render_site_to`]).
const OTHER_PAGES: usize = 5;

/// Checks the content, renders it and swaps the result into the output
/// folder. On any error the output folder is left as it was. The output
/// folder is checked first (see [`write::check_output`]): one that must not
/// be replaced is refused before anything is read or written.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with(opts, &Quiet)
}

/// [`build`], reporting progress.
pub fn build_with(opts: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    // CCGPAGES_TIMINGS=1 prints how long each stage took, and the peak
    // memory (for profiling).
    let timings = std::env::var_os("CCGPAGES_TIMINGS").is_some();
    let lap = |stage: &str, since: Instant| {
        if timings {
            eprintln!("{stage:>8}: {:.3} s", since.elapsed().as_secs_f64());
        }
    };
    let cannot_write = |e: std::io::Error| Diagnostic::error(&opts.output, format!("cannot write the site here: {e}"));
    // Two builds of one output take turns: the lock is held until the new
    // site is in place.
    let out = write::claim(&opts.output, &opts.content, &|o| progress.waiting(o)).map_err(|e| match e {
        write::ClaimError::Refused(m) => BuildError::Refused(m),
        write::ClaimError::Io(e) => BuildError::from(vec![cannot_write(e)]),
    })?;
    lap("output", start);
    let t = Instant::now();
    let checked = check(&opts.content, opts.as_of);
    lap("check", t);
    if checked.has_errors() {
        return Err(BuildError::Failed { diagnostics: checked.diagnostics, checks: checked.checks });
    }
    // `/decisions/no-declaration-recorded/` is written when check 11 flags a decision.
    let flagged = usize::from(checked.checks.iter().any(|c| !c.undeclared.is_empty()));
    progress.planned(render::planned_pages_and_papers(&checked.content, &checked.withheld) + OTHER_PAGES + flagged);
    let t = Instant::now();
    // Pages go straight into a folder beside the output as they are made;
    // it replaces the output only when everything succeeded.
    let staging = write::Staging::new(out).map_err(|e| vec![cannot_write(e)])?;
    render_site_to(&checked, opts, &|o| {
        // The bar counts what the summary does: pages, and papers copied.
        if staging.put(&o)? {
            progress.step();
        }
        Ok(())
    })?;
    lap("render and write", t);
    let t = Instant::now();
    let written = staging.commit().map_err(|e| match e {
        write::CommitError::Refused(m) => BuildError::Refused(m),
        write::CommitError::Io(e) => BuildError::from(vec![cannot_write(e)]),
    })?;
    lap("swap", t);
    if timings && let Some(kb) = peak_memory_kb() {
        eprintln!("    peak: {kb} KB");
    }
    Ok(BuildReport {
        base_url: base_url(&checked, opts),
        pages: written.pages,
        copied: written.copied,
        ccgs: checked.content.ccgs.len(),
        as_of: checked.as_of,
        elapsed: start.elapsed(),
        warnings: checked.diagnostics,
        checks: checked.checks,
    })
}

/// The most memory this process has held (its peak resident set), where the
/// system says (Linux).
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}

/// Renders checked content into output files (in memory; papers by path).
pub fn render_site(checked: &Checked, opts: &BuildOptions) -> Result<Vec<Output>, Vec<Diagnostic>> {
    render::collect(|emit| render_site_to(checked, opts, emit))
}

/// The address the site is built for: `--base-url`, else site.yaml's,
/// ending in `/`.
fn base_url(checked: &Checked, opts: &BuildOptions) -> String {
    let site_base = checked.content.site.as_ref().map(|s| s.data.base_url.clone()).unwrap_or_default();
    let mut base_url = opts.base_url.clone().unwrap_or(site_base);
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    base_url
}

/// Renders checked content, handing each file to `emit` as it is made.
pub fn render_site_to(checked: &Checked, opts: &BuildOptions, emit: &render::Emit) -> Result<(), Vec<Diagnostic>> {
    render_site_unmasked(checked, opts, emit).map_err(|mut d| {
        diag::mask_withheld(&checked.withheld, &mut d);
        d
    })
}

fn render_site_unmasked(checked: &Checked, opts: &BuildOptions, emit: &render::Emit) -> Result<(), Vec<Diagnostic>> {
    let theme = Theme::load(&opts.content).map_err(|d| vec![d])?;
    let base_url = base_url(checked, opts);
    let input = Input {
        content: &checked.content,
        checks: &checked.checks,
        as_of: checked.as_of,
        base_url,
        theme: &theme,
        withheld: &checked.withheld,
    };
    let html = HtmlSite::new(&theme, &input.base_url)?;
    let data = OpenData { html: &html };
    let decisions = DecisionsPage { html: &html };
    let search = Search { html: &html };
    let feeds = Feeds { html: &html };
    // The sitemap lists every page, so it comes last.
    let paths = std::sync::Mutex::new(Vec::new());
    render::render_all(&input, &[&html, &data, &decisions, &search, &feeds], &|o| {
        if o.path.ends_with("index.html") {
            paths.lock().unwrap_or_else(|e| e.into_inner()).push(Output { path: o.path.clone(), body: render::Body::Bytes(Vec::new()) });
        }
        emit(o)
    })?;
    let paths = paths.into_inner().unwrap_or_else(|e| e.into_inner());
    emit(feeds::sitemap(&input, &paths)).map_err(|d| vec![d])
}

/// The pages of one CCG, rendered alone ([`render_ccg`]).
pub struct CcgPages {
    /// The files under `prefixes`.
    pub outputs: Vec<Output>,
    /// The folders of the site these files replace whole: the CCG's and
    /// those of the groups it meets in ([`SitePath::ccg`], [`SitePath::group`]).
    pub prefixes: Vec<String>,
}

/// Renders the pages of one CCG and of the groups it meets in, for a quick
/// rebuild after [`Checked::reload_ccg`]. The site is rendered with only
/// that CCG and those its pages name (successor, predecessors, partners in
/// a group); the other CCGs are set aside meanwhile and put back after.
/// Only the files under the CCG's and its groups' folders are returned: the
/// pages built from every CCG (the national index, feeds) are not, and
/// catch up when the whole site is rendered again.
pub fn render_ccg(checked: &mut Checked, id: &str, opts: &BuildOptions) -> Result<CcgPages, Vec<Diagnostic>> {
    let content = &checked.content;
    let mut related: HashSet<String> = HashSet::from([id.to_owned()]);
    let mut prefixes = vec![SitePath::ccg(id).into_file()];
    if let Some(c) = content.ccgs.iter().find(|c| c.id == id) {
        related.extend(c.profile.data.successor.clone());
    }
    for c in &content.ccgs {
        if c.profile.data.successor.as_deref() == Some(id) {
            related.insert(c.id.clone());
        }
    }
    for g in &content.groups {
        if g.profile.data.members.iter().any(|m| m == id) {
            related.extend(g.profile.data.members.iter().cloned());
            prefixes.push(SitePath::group(&g.id).into_file());
        }
    }
    // Set the other CCGs aside for the render, then put them back. Their
    // check results stay where they are: render finds each CCG's by its id.
    let (shown, aside): (Vec<_>, Vec<_>) = std::mem::take(&mut checked.content.ccgs).into_iter().partition(|c| related.contains(&c.id));
    checked.content.ccgs = shown;
    let result = render_site(checked, opts);
    checked.content.ccgs.extend(aside);
    checked.content.ccgs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut outputs = result?;
    outputs.retain(|o| prefixes.iter().any(|p| o.path.starts_with(p.as_str())));
    Ok(CcgPages { outputs, prefixes })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each file as bytes, or as the path it is copied from.
    fn files(outputs: Vec<Output>) -> Vec<(String, Result<Vec<u8>, PathBuf>)> {
        let mut v: Vec<_> = outputs
            .into_iter()
            .map(|o| {
                let body = match o.body {
                    render::Body::Bytes(b) => Ok(b),
                    render::Body::Copy(p) => Err(p.shown),
                };
                (o.path, body)
            })
            .collect();
        v.sort();
        v
    }

    fn minimal_options(content: &Path) -> (AsOf, BuildOptions) {
        let as_of = AsOf::fixed(Date::parse("2016-06-30").unwrap());
        (as_of, BuildOptions { content: content.to_owned(), output: PathBuf::new(), base_url: None, as_of })
    }

    /// The files of the whole build under the folders `part` replaces.
    fn expected(site: &[(String, Result<Vec<u8>, PathBuf>)], part: &CcgPages) -> Vec<(String, Result<Vec<u8>, PathBuf>)> {
        site.iter().filter(|(path, _)| part.prefixes.iter().any(|p| path.starts_with(p.as_str()))).cloned().collect()
    }

    /// Each CCG's pages show its own checks whatever the order of the
    /// content's CCGs: render finds the results by CCG id, not by place.
    #[test]
    fn a_ccgs_checks_are_found_by_its_id_not_its_place() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let (as_of, opts) = minimal_options(&content);
        let whole = check(&content, as_of);
        let site = files(render_site(&whole, &opts).unwrap());
        let mut checked = check(&content, as_of);
        for id in ["alpha", "beta"] {
            // The CCGs in another order than their results were worked out in.
            checked.content.ccgs.reverse();
            let part = render_ccg(&mut checked, id, &opts).unwrap();
            let ids: Vec<&str> = checked.content.ccgs.iter().map(|c| c.id.as_str()).collect();
            assert_eq!(ids, ["alpha", "beta"], "put back in order");
            let expected = expected(&site, &part);
            assert!(expected.iter().any(|(p, _)| p == &format!("ccgs/{id}/index.html")));
            assert!(files(part.outputs) == expected, "the pages of {id} differ from the whole build's");
        }
        // Results for a CCG of the content missing: an error, not a page without checks.
        checked.checks = checked.checks.iter().filter(|c| c.ccg != "beta").cloned().collect();
        let errors = render_site(&checked, &opts).unwrap_err();
        assert!(errors.iter().any(|d| d.message.contains("checks of CCG beta were not worked out")), "{errors:?}");
    }

    /// The manifest, `/ccgpages.json`, goes through the withheld scan like
    /// every output: a withheld name that only the published site would
    /// show (here a group's name, set after validation) stops the build,
    /// and the manifest is among the files named.
    #[test]
    fn the_withheld_scan_covers_the_manifest() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let (as_of, opts) = minimal_options(&content);
        let mut checked = check(&content, as_of);
        assert!(!checked.has_errors());
        let site = files(render_site(&checked, &opts).unwrap());
        let manifest = site.iter().find(|(p, _)| p == "ccgpages.json").expect("the site has a manifest");
        let group = checked.content.groups[0].profile.data.name.clone();
        assert!(manifest.1.as_ref().is_ok_and(|b| String::from_utf8_lossy(b).contains(&group)), "the manifest names the group");
        checked.content.groups[0].profile.data.name = "Dr Quentin Zyborg".into();
        checked.withheld = crate::withheld::Withheld::new(["Dr Quentin Zyborg"]);
        let errors = render_site(&checked, &opts).unwrap_err();
        let said = errors.iter().map(|d| d.message.as_str()).find(|m| m.contains("refusing to publish")).unwrap_or_default();
        assert!(said.contains("in ccgpages.json,"), "{errors:?}");
    }

    /// `serve` adds a CCG in the middle of the list: its pages, and those
    /// of the CCG after it, are what a whole build of the new content makes.
    #[test]
    fn a_ccg_added_in_the_middle_is_rebuilt_alone() {
        let dir = std::env::temp_dir().join(format!("ccgpages-site-added-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for e in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal")) {
            let e = e.unwrap();
            let to = dir.join(e.path().strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal")).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        let (as_of, opts) = minimal_options(&dir);
        let mut checked = check(&dir, as_of);
        std::fs::create_dir_all(dir.join("ccgs/ant")).unwrap();
        std::fs::write(
            dir.join("ccgs/ant/ccg.yaml"),
            "name: NHS Ant CCG\nods_code: 99C\nregion: North\nco_commissioning:\n  - level: greater-involvement\n    from: 2015-04-01\ncommittees: []\n",
        )
        .unwrap();
        let whole = check(&dir, as_of);
        assert!(!whole.has_errors(), "{:?}", whole.diagnostics);
        let site = files(render_site(&whole, &opts).unwrap());
        checked = checked.reload_ccg("ant", as_of);
        let render = |d: &[Diagnostic]| d.iter().map(Diagnostic::render).collect::<Vec<_>>();
        assert_eq!(render(&checked.diagnostics), render(&whole.diagnostics));
        for id in ["ant", "beta"] {
            let part = render_ccg(&mut checked, id, &opts).unwrap();
            let expected = expected(&site, &part);
            assert!(expected.iter().any(|(p, _)| p == &format!("ccgs/{id}/index.html")));
            assert!(files(part.outputs) == expected, "the pages of {id} differ from the whole build's");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn one_ccg_rebuilt_alone_is_what_the_whole_build_makes_of_it() {
        for name in ["tests/fixtures/minimal", "content"] {
            let content = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
            let as_of = AsOf::fixed(Date::parse("2016-06-30").unwrap());
            let opts = BuildOptions { content: content.clone(), output: PathBuf::new(), base_url: None, as_of };
            let whole = check(&content, as_of);
            assert!(!whole.has_errors(), "{name}");
            let site = files(render_site(&whole, &opts).unwrap());
            let ids: Vec<String> = whole.content.ccgs.iter().map(|c| c.id.clone()).collect();
            let mut checked = check(&content, as_of);
            for id in &ids {
                checked = checked.reload_ccg(id, as_of);
                let render = |d: &[Diagnostic]| d.iter().map(Diagnostic::render).collect::<Vec<_>>();
                assert_eq!(render(&checked.diagnostics), render(&whole.diagnostics), "{name}: {id} reloaded");
                let part = render_ccg(&mut checked, id, &opts).unwrap();
                let ids_after: Vec<&String> = checked.content.ccgs.iter().map(|c| &c.id).collect();
                assert_eq!(ids_after, ids.iter().collect::<Vec<_>>(), "{name}: the CCGs set aside are put back");
                assert!(part.prefixes.iter().any(|p| p == SitePath::ccg(id).as_str()));
                let expected: Vec<_> =
                    site.iter().filter(|(path, _)| part.prefixes.iter().any(|p| path.starts_with(p.as_str()))).cloned().collect();
                assert!(!expected.is_empty());
                assert!(files(part.outputs) == expected, "{name}: the pages of {id} rendered alone differ from the whole build's");
            }
        }
    }
}
