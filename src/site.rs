//! Runs the pipeline: load → validate → render → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::checks::{self, CcgChecks};
use crate::diag::{self, Diagnostic};
use crate::model::{Content, Date};
use crate::feeds::{self, Feeds};
use crate::national::DecisionsPage;
use crate::opendata::OpenData;
use crate::render::{self, HtmlSite, Input, Output};
use crate::search::Search;
use crate::theme::Theme;
use crate::{load, validate, write};

/// Loaded and validated content, with every diagnostic found.
pub struct Checked {
    pub content: Content,
    pub checks: Vec<CcgChecks>,
    /// Errors and warnings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
    /// How many content files were read.
    pub fn file_count(&self) -> usize {
        self.content.files.len()
    }
}

/// Loads and validates `content_dir` as on `as_of`. Writes nothing.
pub fn check(content_dir: &Path, as_of: Date) -> Checked {
    let (content, mut diagnostics) = load::load(content_dir);
    diagnostics.extend(validate::validate(&content, as_of));
    let checks = checks::run(&content, as_of);
    diagnostics.extend(checks::warnings(&content, &checks));
    diag::sort(&mut diagnostics);
    Checked { content, checks, diagnostics }
}

pub struct BuildOptions {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Overrides `site.yaml`'s `base_url`.
    pub base_url: Option<String>,
    pub as_of: Date,
}

pub struct BuildReport {
    pub pages: usize,
    pub copied: usize,
    pub ccgs: usize,
    pub elapsed: Duration,
    /// Warnings (the build had no errors).
    pub warnings: Vec<Diagnostic>,
}

/// Checks the content, renders it and swaps the result into the output
/// folder. On any error the output folder is left as it was.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let start = Instant::now();
    let checked = check(&opts.content, opts.as_of);
    if checked.has_errors() {
        return Err(checked.diagnostics);
    }
    let outputs = render_site(&checked, opts)?;
    let written = write::write_site(&opts.output, &outputs).map_err(|e| {
        vec![Diagnostic::error(&opts.output, format!("cannot write the site here: {e}"))]
    })?;
    Ok(BuildReport {
        pages: written.pages,
        copied: written.copied,
        ccgs: checked.content.ccgs.len(),
        elapsed: start.elapsed(),
        warnings: checked.diagnostics,
    })
}

/// Renders checked content into output files (in memory; papers by path).
pub fn render_site(checked: &Checked, opts: &BuildOptions) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let theme = Theme::load(&opts.content).map_err(|d| vec![d])?;
    let site_base = checked.content.site.as_ref().map(|s| s.data.base_url.clone()).unwrap_or_default();
    let mut base_url = opts.base_url.clone().unwrap_or(site_base);
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let input = Input { content: &checked.content, checks: &checked.checks, as_of: opts.as_of, base_url, theme: &theme };
    let html = HtmlSite::new(&theme)?;
    let data = OpenData { html: &html };
    let decisions = DecisionsPage { html: &html };
    let search = Search { html: &html };
    let mut out = render::render_all(&input, &[&html, &data, &decisions, &search, &Feeds])?;
    out.push(feeds::sitemap(&input, &out));
    Ok(out)
}
