//! The content folder's layout: the one owner of every content path and
//! content file name, as `SitePath` (render/published.rs) is of every
//! published address. Load walks the folder by these names; validate,
//! checks, scaffold, import, serve and the command line name files by them.
//! No other module writes `ccgs/`, `ccg.yaml` or `interests.yaml` itself.
//!
//! ```text
//! site.yaml
//! pages/<page>.md
//! ccgs/<id>/ccg.yaml, terms-of-reference*.md, decisions.yaml, interests.yaml,
//!           gifts-hospitality.yaml, practices.yaml, meetings/<meeting>.md, papers/…
//! groups/<id>/group.yaml, meetings/<meeting>.md, papers/…
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

/// The name of the CCGs' folder, for text put together at compile time
/// (`concat!`, `include_bytes!`, help text): [`ContentPath::CCGS`] everywhere
/// else.
#[macro_export]
macro_rules! ccgs_folder {
    () => {
        "ccgs"
    };
}

/// A path inside the content folder, relative to it, `/` between names:
/// `ccgs/riverside/decisions.yaml`. Shown as it is in messages; made a file
/// system path by [`ContentPath::within`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContentPath(String);

impl ContentPath {
    /// The site's file, at the top.
    pub const SITE: &'static str = "site.yaml";
    /// The folder of CCGs: one folder a CCG, named by its id.
    pub const CCGS: &'static str = ccgs_folder!();
    /// The folder of groups of CCGs whose committees meet in common.
    pub const GROUPS: &'static str = "groups";
    /// The folder of free pages.
    pub const PAGES: &'static str = "pages";
    /// A CCG's profile, in its folder.
    pub const CCG_PROFILE: &'static str = "ccg.yaml";
    /// A group's profile, in its folder.
    pub const GROUP_PROFILE: &'static str = "group.yaml";
    /// A CCG's register of decisions.
    pub const DECISIONS: &'static str = "decisions.yaml";
    /// A CCG's register of interests.
    pub const INTERESTS: &'static str = "interests.yaml";
    /// A CCG's register of gifts and hospitality.
    pub const GIFTS: &'static str = "gifts-hospitality.yaml";
    /// A CCG's member GP practices.
    pub const PRACTICES: &'static str = "practices.yaml";
    /// The folder of a CCG's or a group's meetings, one `.md` file a meeting.
    pub const MEETINGS: &'static str = "meetings";
    /// The folder of a CCG's or a group's papers.
    pub const PAPERS: &'static str = "papers";
    /// How the names of a CCG's terms of reference start (they end `.md`).
    pub const TERMS: &'static str = "terms-of-reference";

    /// `site.yaml`.
    pub fn site() -> ContentPath {
        ContentPath(Self::SITE.to_owned())
    }

    /// `ccgs`.
    pub fn ccgs() -> ContentPath {
        ContentPath(Self::CCGS.to_owned())
    }

    /// `groups`.
    pub fn groups() -> ContentPath {
        ContentPath(Self::GROUPS.to_owned())
    }

    /// `pages`.
    pub fn pages() -> ContentPath {
        ContentPath(Self::PAGES.to_owned())
    }

    /// A CCG's folder: `ccgs/<id>`.
    pub fn ccg(id: &str) -> ContentPath {
        Self::ccgs().join(id)
    }

    /// A group's folder: `groups/<id>`.
    pub fn group(id: &str) -> ContentPath {
        Self::groups().join(id)
    }

    /// `ccgs/<id>/ccg.yaml`.
    pub fn ccg_profile(id: &str) -> ContentPath {
        Self::ccg(id).join(Self::CCG_PROFILE)
    }

    /// `ccgs/<id>/decisions.yaml`.
    pub fn decisions(id: &str) -> ContentPath {
        Self::ccg(id).join(Self::DECISIONS)
    }

    /// `ccgs/<id>/interests.yaml`.
    pub fn interests(id: &str) -> ContentPath {
        Self::ccg(id).join(Self::INTERESTS)
    }

    /// `ccgs/<id>/practices.yaml`.
    pub fn practices(id: &str) -> ContentPath {
        Self::ccg(id).join(Self::PRACTICES)
    }

    /// `ccgs/<id>/meetings/<meeting>.md`.
    pub fn ccg_meeting(id: &str, meeting: &str) -> ContentPath {
        Self::ccg(id).meeting(meeting)
    }

    /// `groups/<id>/meetings/<meeting>.md`.
    pub fn group_meeting(id: &str, meeting: &str) -> ContentPath {
        Self::group(id).meeting(meeting)
    }

    /// In this folder (a CCG's or a group's), `meetings/<meeting>.md`.
    pub fn meeting(&self, meeting: &str) -> ContentPath {
        self.join(Self::MEETINGS).join(&format!("{meeting}.md"))
    }

    /// `name` in this folder.
    pub fn join(&self, name: &str) -> ContentPath {
        ContentPath(format!("{}/{name}", self.0))
    }

    /// The path as text, `/` between names.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This path in the content folder `content`.
    pub fn within(&self, content: &Path) -> PathBuf {
        let mut out = content.to_path_buf();
        out.extend(self.0.split('/'));
        out
    }

    /// `content/ccgs/<id>/ccg.yaml`, and the like, for each CCG folder
    /// of `content` that has one: (id, its profile's path), by id.
    pub fn ccg_profiles(content: &Path) -> Vec<(String, PathBuf)> {
        let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(Self::ccgs().within(content))
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path().join(Self::CCG_PROFILE)))
                    .filter(|(_, profile)| profile.is_file())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    /// What a content folder holds, for a message about a folder that is
    /// not one: `expected a folder holding site.yaml and ccgs/`.
    pub fn expected() -> String {
        format!("expected a folder holding {} and {}/", Self::SITE, Self::CCGS)
    }

    /// `None` when `content` is a content folder (it has a `site.yaml`);
    /// else the start of the message that says it is not, for the caller to
    /// add what to do.
    pub fn not_content(content: &Path) -> Option<String> {
        if Self::site().within(content).is_file() {
            None
        } else {
            Some(format!("{} is not a content folder (it has no {})", content.display(), Self::SITE))
        }
    }
}

impl fmt::Display for ContentPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_content_path_is_made_here() {
        assert_eq!(ContentPath::ccg("riverside").as_str(), concat!(ccgs_folder!(), "/riverside"));
        assert_eq!(ContentPath::ccg_profile("a").to_string(), "ccgs/a/ccg.yaml");
        assert_eq!(ContentPath::decisions("a").as_str(), "ccgs/a/decisions.yaml");
        assert_eq!(ContentPath::interests("a").as_str(), "ccgs/a/interests.yaml");
        assert_eq!(ContentPath::practices("a").as_str(), "ccgs/a/practices.yaml");
        assert_eq!(ContentPath::ccg("a").join(ContentPath::GIFTS).as_str(), "ccgs/a/gifts-hospitality.yaml");
        assert_eq!(ContentPath::ccg_meeting("a", "2016-01-14").as_str(), "ccgs/a/meetings/2016-01-14.md");
        assert_eq!(ContentPath::group_meeting("g", "2016-01-14").as_str(), "groups/g/meetings/2016-01-14.md");
        assert_eq!(ContentPath::site().as_str(), "site.yaml");
        assert_eq!(ContentPath::expected(), "expected a folder holding site.yaml and ccgs/");
    }

    #[test]
    fn a_content_path_within_a_folder_is_that_folders_file() {
        let p = ContentPath::decisions("a").within(Path::new("content"));
        assert_eq!(p, Path::new("content").join("ccgs").join("a").join("decisions.yaml"));
        assert_eq!(p, Path::new("content/ccgs/a/decisions.yaml"), "the same path, component by component");
    }

    #[test]
    fn a_folder_without_site_yaml_is_not_content_and_ccgs_are_folders_with_a_profile() {
        let dir = std::env::temp_dir().join(format!("ccgpages-layout-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("ccgs/b")).unwrap();
        std::fs::create_dir_all(dir.join("ccgs/a")).unwrap();
        std::fs::create_dir_all(dir.join("ccgs/empty")).unwrap();
        std::fs::write(dir.join("ccgs/b/ccg.yaml"), "").unwrap();
        std::fs::write(dir.join("ccgs/a/ccg.yaml"), "").unwrap();
        let not = ContentPath::not_content(&dir).unwrap();
        assert_eq!(not, format!("{} is not a content folder (it has no site.yaml)", dir.display()));
        std::fs::write(dir.join("site.yaml"), "").unwrap();
        assert_eq!(ContentPath::not_content(&dir), None);
        let ids: Vec<String> = ContentPath::ccg_profiles(&dir).into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, ["a", "b"], "sorted, and only folders with a ccg.yaml");
        assert_eq!(ContentPath::ccg_profiles(&dir)[0].1, dir.join("ccgs/a/ccg.yaml"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
