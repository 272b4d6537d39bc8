//! Stage 2, validate: the rules that span fields and files (identifiers,
//! cross-references, date order, papers), reported as errors. The
//! transparency checks, which are warnings, are in `checks`.
//!
//! [`validate`] runs the rules in this order, one file each:
//! - here: `site.yaml` and the free pages;
//! - `ccgs.rs`: groups and CCG folders (profiles, committees,
//!   co-commissioning levels, terms of reference, registers of interests),
//!   with `decisions.rs` (the register of decisions and the meetings it
//!   names) and `meetings.rs` (each meeting's date, committee, agenda and
//!   declarations);
//! - `practices.rs`: practices.yaml, and the practices decisions and
//!   interests name, with `practices:` or only in their words (warnings;
//!   `practice_names.rs` finds a practice's name or code in text);
//!   `people.rs`: names that differ only by a title, case
//!   or spacing (warnings);
//! - `withheld_names.rs`: withheld names in the Markdown, in the free-text
//!   fields (which `fields.rs` lists) and in file names;
//! - `papers.rs`: papers no meeting links, and papers that name a withheld
//!   person.
//!
//! Rules that need no content: `ids.rs` (identifiers) and `urls.rs` (web
//! and base addresses); `locate.rs` finds the line an error is at.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::*;
use crate::withheld::Withheld;

mod ccgs;
mod decisions;
mod fields;
mod ids;
mod locate;
mod meetings;
mod papers;
mod people;
mod practice_names;
mod practices;
mod urls;
mod withheld_names;

pub(crate) use ids::{is_decision_id, is_url_id, meeting_id_date};
pub(crate) use locate::locate;
pub(crate) use practice_names::PracticeNames;
pub use urls::base_url_problem;
pub(crate) use urls::is_web_url;

/// Validates loaded content. Returns one error per broken rule.
/// `withheld` is the matcher of the content's withheld names.
pub(crate) fn validate(content: &Content, withheld: &Withheld, as_of: Date) -> Vec<Diagnostic> {
    let mut v = Validator { content, withheld, as_of, diags: Vec::new() };
    v.site();
    v.pages();
    v.groups();
    v.ccgs();
    v.practices();
    v.similar_names();
    if !withheld.is_empty() {
        v.withheld_in_markdown();
        v.withheld_in_fields();
        v.withheld_in_file_names();
        v.withheld_names_the_site_prints();
    }
    v.papers();
    v.diags
}

struct Validator<'a> {
    content: &'a Content,
    withheld: &'a Withheld,
    as_of: Date,
    diags: Vec<Diagnostic>,
}

/// Pages whose names the site uses itself.
const RESERVED_PAGES: &[&str] = &[
    "ccgs",
    "groups",
    "decisions",
    "search",
    "open-data",
    "404",
    "assets",
    "static",
    "people",
    "practices",
    "interests",
    "subscribe",
    "regions",
    "checks",
];

impl<'a> Validator<'a> {
    fn file(&self, id: FileId) -> &'a SourceFile {
        &self.content.files[id]
    }

    /// An error pointed at the first line, at or after the line holding
    /// `anchor` (`key: value`), that holds `key: value`.
    fn err(&mut self, file: FileId, anchor: Option<(&str, &str)>, key: &str, value: &str, message: String) {
        self.push_at(file, anchor, key, value, |p, m| Diagnostic::error(p, m), message);
    }

    /// A warning at `key: value` of `file`, found as [`Self::err`] finds it.
    fn warn(&mut self, file: FileId, key: &str, value: &str, message: String) {
        self.push_at(file, None, key, value, |p, m| Diagnostic::warning(p, m), message);
    }

    /// A diagnostic of the kind `make` makes, at `key: value` of `file`
    /// (after `anchor`), or at the file when it is not found.
    fn push_at(
        &mut self,
        file: FileId,
        anchor: Option<(&str, &str)>,
        key: &str,
        value: &str,
        make: fn(&Path, String) -> Diagnostic,
        message: String,
    ) {
        let src = self.file(file);
        let (line, col) = locate(&src.text, anchor, key, value);
        let mut d = make(&src.path, message);
        if line > 0 {
            d = d.at(&src.text, line, col);
        }
        self.diags.push(d);
    }

    fn err_path(&mut self, path: &Path, message: String) {
        self.diags.push(Diagnostic::error(path, message));
    }

    /// Whether `rel` (under the content folder) exists but failed to load.
    fn unparsed(&self, rel: &ContentPath) -> bool {
        self.content.unparsed.contains(&rel.within(&self.content.root))
    }

    fn site(&mut self) {
        let Some(site) = &self.content.site else { return };
        let s = &site.data;
        if let Some(problem) = base_url_problem(&s.base_url) {
            self.err(site.file, None, "base_url", &s.base_url, format!("`base_url` {problem} (found `{}`)", s.base_url));
        }
        if let Some(cname) = &s.cname
            && (cname.is_empty() || !cname.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.') || !cname.contains('.'))
        {
            self.err(
                site.file,
                None,
                "cname",
                cname,
                format!("`cname` must be a domain name only, such as transparency.example.nhs.uk (found `{cname}`)"),
            );
        }
    }

    fn pages(&mut self) {
        for page in &self.content.pages {
            let path = &self.file(page.file).path;
            if !is_url_id(&page.slug) {
                self.err_path(
                    path,
                    format!(
                        "the file name `{}` becomes the page's address: use only a-z, 0-9 and -, starting with a letter or digit",
                        page.slug
                    ),
                );
            } else if RESERVED_PAGES.contains(&page.slug.as_str()) {
                self.err_path(path, format!("the page name `{}` is used by the site itself: choose another file name", page.slug));
            }
        }
    }
}
