//! Stage 3, render: turn validated content into output files.
//!
//! This module is the framework: a [`Renderer`] reads the site as published
//! and hands over the files it makes ([`Output`]); [`render_all`] runs every
//! renderer side by side and refuses any file that would publish a withheld
//! name. Around it:
//!
//! - `published`: the site as published, built once per build from the
//!   [`Input`]: every address of the site ([`SitePath`]) and the content as
//!   the site shows it;
//! - the renderers: `html` (the pages, from the view structs of `views`,
//!   one module a page and one a section of the CCG page; and the files
//!   published as they are), [`opendata`] (CSV and JSON, and the page that
//!   documents them), `feeds` (Atom, iCalendar, sitemap, robots.txt),
//!   `national` (every decision in numbered pages, and as JSON pieces for
//!   its filters) and `search` (the search page and its index).
//!
//! The renderers depend on this framework and on `published`; neither
//! depends on a renderer, and no renderer on another but through
//! [`HtmlSite`] (pages of other renderers share its layout) and the rows of
//! [`opendata`] (the feeds list the decisions as the open data does).

use std::collections::BTreeSet;

use crate::diag::Diagnostic;
use crate::model::*;
use crate::source::{line_col, yaml_key_at};

pub(crate) mod feeds;
pub(crate) mod html;
pub(crate) mod national;
pub(crate) mod opendata;
pub(crate) mod people;
pub(crate) mod published;
pub(crate) mod search;
mod views;

// The renderers, as `site` runs them.
pub(crate) use feeds::Feeds;
pub(crate) use html::{HtmlSite, planned_pages_and_papers};
pub(crate) use national::DecisionsPage;
pub(crate) use opendata::OpenData;
pub(crate) use published::{
    Base, DETAILS_WITHHELD, DataFile, Input, NAME_WITHHELD, Owner, Published, SitePath, data_files, meeting_title, region_order,
};
pub(crate) use search::Search;

/// One file of the built site, by path relative to the output folder.
#[derive(Debug)]
pub struct Output {
    pub path: String,
    pub body: Body,
}

#[derive(Debug)]
pub enum Body {
    Bytes(Vec<u8>),
    /// Copied as it is from this file (a paper), read only through its
    /// stamp: the file that was checked, or none.
    Copy(FileStamp),
}

/// Where a renderer hands each file it makes: written at once by `build`,
/// kept in memory by `serve`.
pub(crate) type Emit<'a> = dyn Fn(Output) -> Result<(), Diagnostic> + Sync + 'a;

/// A way to turn the content into files (HTML pages, open data, feeds…).
pub(crate) trait Renderer {
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
pub(crate) fn render_all(input: &Input, renderers: &[&(dyn Renderer + Sync)], emit: &Emit) -> Result<(), Vec<Diagnostic>> {
    // Render shows the checks stage 2 worked out, and works out none: a CCG
    // without its results is a bug in the stage before.
    if let Some(c) = input.content.ccgs.iter().find(|c| input.checks.of(&c.id).is_none()) {
        let message = format!("internal error: the transparency checks of CCG {} were not worked out (a bug in ccgpages)", c.id);
        return Err(vec![Diagnostic::error(&input.content.root, message)]);
    }
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
pub(crate) fn collect(render: impl FnOnce(&Emit) -> Result<(), Vec<Diagnostic>>) -> Result<Vec<Output>, Vec<Diagnostic>> {
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
    let only = input.withheld.only(&names.iter().copied().collect::<Vec<_>>());
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
