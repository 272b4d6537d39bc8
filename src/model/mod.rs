//! The content model: every type the content format defines.
//!
//! The structs mirror the content format (docs/content-format.md, held
//! equal to them by tests/suite/content_format.rs) field for field. They deserialize
//! with `deny_unknown_fields` (a typo must not drop data) and carry an
//! `extra` map that the format reserves for anything a theme wants. Parsing
//! itself lives in `load`; this module knows nothing about files, except that
//! minutes stay in theirs until rendered ([`Minutes`], from `source`).
//!
//! This file holds the content as a whole and the site's own files; the
//! submodules hold the rest, all re-exported here (`crate::model::X`):
//! `ccg` (a CCG's and a group's folder: profile, committees, terms of
//! reference, papers), `files` (the content's text files, the ids that
//! point into them, and replacing one CCG's), `layout` (the content folder's
//! layout: [`ContentPath`], every content path and file name), `meeting` (a meeting file), `register` (the
//! registers of decisions, interests and gifts) and `values` (the
//! kebab-case enumerations, money and `extra`).

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::Deserialize;

pub use crate::date::{Date, Time};
pub use crate::source::{Minutes, MinutesText};

mod ccg;
mod files;
mod layout;
mod meeting;
mod register;
mod values;

pub use ccg::*;
pub use files::*;
pub use layout::ContentPath;
pub use meeting::*;
pub use register::*;
pub use values::*;

use values::or_default;

/// Everything the content directory holds, loaded and parsed.
#[derive(Debug, Default)]
pub struct Content {
    /// The content directory as given on the command line.
    pub root: PathBuf,
    /// Every text file read, for diagnostics (line lookup) and scanning.
    pub files: Vec<SourceFile>,
    pub site: Option<Loaded<Site>>,
    pub pages: Vec<Page>,
    /// Sorted by id.
    pub ccgs: Vec<Ccg>,
    /// Sorted by id.
    pub groups: Vec<Group>,
    /// Files that exist but could not be read or parsed (already reported):
    /// references into them are not reported again.
    pub unparsed: std::collections::HashSet<PathBuf>,
}

/// What a text that names a withheld person is told.
pub const WITHHELD_NAME_IN_TEXT: &str = "this text names a person whose register entry is withheld (`withheld: true`): \
                                         the published site must never contain that name; remove or reword it";

/// What a withheld person's surname on its own in published text is told,
/// when no one else named in the content has it (or the entry says
/// `surname_alone: error`).
pub const SURNAME_ALONE_ERROR: &str = "this text holds, on its own, the surname of a person whose register entry is withheld \
                                       (`withheld: true`): it may point readers to them; reword it. If it means someone else, \
                                       add `surname_alone: warning` (or `allowed`) to the withheld entry";

/// The same, when someone else named in the content has the surname (or
/// the entry says `surname_alone: warning`).
pub const SURNAME_ALONE_WARNING: &str = "this text holds, on its own, the surname of a person whose register entry is withheld \
                                         (`withheld: true`), which someone else named in the content has too: check that it \
                                         does not mean the withheld person (`surname_alone: allowed` in the entry stops this warning)";

/// What a file or folder name that names a withheld person is told.
pub const WITHHELD_NAME_IN_PATH: &str = "names a person whose register entry is withheld (`withheld: true`): \
                                         file and folder names are published in the site's addresses; rename it";

/// The YAML keys whose values name a person (committee members, attendance,
/// declarations, conflicts, procurement leads, the registers' `name`): a
/// withheld name there is published as "Name withheld", in any spelling
/// (`Withheld::is_withheld_name`), and is not an error. (`name` is also the
/// key of a CCG's, a group's and a committee's name, which are free text.)
pub const PERSON_KEYS: &[&str] = &["name", "present", "in_attendance", "apologies", "clinical_lead", "contract_manager"];

/// A person's name as the site matches it: as written, with runs of
/// whitespace made one space and the ends trimmed (`Dr  Sam Sample ` is
/// `Dr Sam Sample`; `Sam Sample` is someone else).
pub fn person_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Content {
    /// The practice with this ODS code, and its CCG.
    pub fn practice(&self, ods: &str) -> Option<(&Ccg, &Practice)> {
        self.ccgs.iter().find_map(|c| c.practice_entries().iter().find(|p| p.ods == ods).map(|p| (c, p)))
    }

    /// The register's spellings of the names that must appear in no output
    /// file, in any spelling: every CCG's withheld ones. Build the matcher
    /// with `Withheld::new(content.withheld_names())`, or with
    /// what else the entries say, [`Content::withheld_people`].
    pub fn withheld_names(&self) -> std::collections::HashSet<&str> {
        self.ccgs.iter().flat_map(|c| c.withheld_names()).filter(|n| !n.trim().is_empty()).collect()
    }

    /// The group with this id (groups are sorted by id).
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.binary_search_by(|g| g.id.as_str().cmp(id)).ok().map(|i| &self.groups[i])
    }

    /// Every Markdown body with the file it is in and the line it starts on
    /// (minutes are read back from their files, which can fail).
    pub fn bodies(&self) -> impl Iterator<Item = (FileId, usize, Result<MinutesText<'_>, String>)> {
        let line = |f: FileId| self.files[f].text.matches('\n').count() + 1;
        let pages = self.pages.iter().map(move |p| (p.file, line(p.file), Ok(MinutesText::Held(&p.body))));
        let ccgs = self.ccgs.iter().flat_map(move |c| {
            c.terms
                .iter()
                .map(move |t| (t.file, line(t.file), Ok(MinutesText::Held(&t.data.body))))
                .chain(c.meetings.iter().map(move |m| (m.file, line(m.file), m.body.read())))
        });
        let groups = self.groups.iter().flat_map(move |g| g.meetings.iter().map(move |m| (m.file, line(m.file), m.body.read())));
        pages.chain(ccgs).chain(groups)
    }
}

/// A parsed value and the file it came from.
#[derive(Debug)]
pub struct Loaded<T> {
    pub file: FileId,
    pub data: T,
}

#[derive(Debug)]
pub struct Page {
    /// File name without `.md`: the page's URL segment.
    pub slug: String,
    pub file: FileId,
    pub front: PageFront,
    pub body: String,
}

// ---- site.yaml ------------------------------------------------------------

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The site's name: at the top of every page and in the browser's tab.
    pub title: String,
    /// One or two sentences under the title on the home page; also each page's summary for search engines, unless the page has its own.
    pub description: Option<String>,
    /// The full address the site is published at, starting with `https://` (or `http://`), such as `https://example.github.io/pcc-transparency/`. Every link is built from its path (`/pcc-transparency/`), so get it right. `ccgpages build --base-url` overrides it.
    pub base_url: String,
    /// The language of the text, as a language code. Default `en-GB`.
    pub language: Option<String>,
    /// Who runs the site, shown at the foot of every page ("Published by …").
    pub publisher: Option<String>,
    /// Shown at the foot of every page as a link ("Contact: …").
    pub contact: Option<String>,
    /// A custom domain for GitHub Pages, such as `transparency.example.nhs.uk` (the name only, no `https://`). The build writes it into a `CNAME` file.
    pub cname: Option<String>,
    /// `true` when the content is illustrative, not real: every page then says so. Default `false`.
    #[serde(default, deserialize_with = "or_default")]
    pub sample: bool,
    // Not in the format's minimum: pins the as-of date for an archive
    // (`--as-of` still wins; it beats SOURCE_DATE_EPOCH and today).
    /// *ccgpages adds this.* Fixes the as-of date (the day the site is shown as of: which meetings are upcoming, which members current) for an archive that should always be shown as on one day. `--as-of` on the command line still wins.
    pub as_of: Option<Date>,
    pub extra: ExtraMap,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    /// The page's title.
    pub title: String,
    // Not in the format's minimum: a one-line summary for the page's description.
    /// *ccgpages adds this.* A one-line summary of the page, for search engines and link previews. Default the site's `description`.
    pub description: Option<String>,
    pub extra: ExtraMap,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_field_takes_its_default() {
        let m: Member = crate::yaml::parse("name: A\nrole: B\ncategory: lay\nvoting:\nchair:\n").unwrap();
        assert!(m.voting && !m.chair);
        let f: MeetingFront =
            crate::yaml::parse("date: 2015-09-17\nstatus:\npublic:\nagenda:\n  - number: \"1\"\n    title: T\n    part:\n").unwrap();
        assert_eq!((f.status, f.public, f.agenda[0].part), (MeetingStatus::Held, true, Part::Public));
        let chair: Result<Member, _> = crate::yaml::parse("name: A\nrole: B\ncategory: lay\nchair: yes\n");
        assert!(chair.unwrap_err().to_string().contains("expected a boolean"), "a value still has to be true or false");
    }
}
