//! The text files of the content and the ids that point into them: every
//! value loaded from a file carries its [`FileId`], for diagnostics that
//! quote the file. [`Content::file_ids_mut`] lists every such id, and
//! [`Content::replace_ccg`] uses it to put one CCG folder, loaded again on
//! its own, back into the content (`serve`'s quick rebuild).

use std::ops::Index;
use std::path::PathBuf;

use super::{Ccg, Content, Group};

/// Which of [`Content::files`] a value came from (an index into it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(usize);

impl FileId {
    /// The id of `Content::files[index]` (the loader hands them out).
    pub fn new(index: usize) -> FileId {
        FileId(index)
    }

    pub fn index(self) -> usize {
        self.0
    }
}

/// A text file of the content, kept for messages that quote it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to the user (content dir joined with the relative path).
    pub path: PathBuf,
    /// The YAML: the whole file, or a Markdown file's front matter with its
    /// `---` lines (the body is kept once, by the page or meeting).
    pub text: String,
    /// Lines before the YAML starts (1 for a Markdown file's front matter).
    pub yaml_line_offset: usize,
}

/// `content.files[id]`.
impl Index<FileId> for Vec<SourceFile> {
    type Output = SourceFile;

    fn index(&self, id: FileId) -> &SourceFile {
        &self[id.0]
    }
}

impl Content {
    /// Every file id the content holds, to change in place. Each field that
    /// holds one is named here: the structs are taken apart without `..`,
    /// so that a field added to them is not missed silently (the compiler
    /// asks), and a test checks that every file the loader read is listed.
    pub fn file_ids_mut(&mut self) -> impl Iterator<Item = &mut FileId> {
        let Content { root: _, files: _, site, pages, ccgs, groups, unparsed: _ } = self;
        let site = site.iter_mut().map(|s| &mut s.file);
        let pages = pages.iter_mut().map(|p| &mut p.file);
        let ccgs = ccgs.iter_mut().flat_map(|c| {
            let Ccg { id: _, profile, terms, meetings, decisions, interests, gifts, practices, papers: _, decision_index: _ } = c;
            std::iter::once(&mut profile.file)
                .chain(terms.iter_mut().map(|t| &mut t.file))
                .chain(meetings.iter_mut().map(|m| &mut m.file))
                .chain(decisions.iter_mut().map(|r| &mut r.file))
                .chain(interests.iter_mut().map(|r| &mut r.file))
                .chain(gifts.iter_mut().map(|r| &mut r.file))
                .chain(practices.iter_mut().map(|r| &mut r.file))
        });
        let groups = groups.iter_mut().flat_map(|g| {
            let Group { id: _, profile, meetings, papers: _ } = g;
            std::iter::once(&mut profile.file).chain(meetings.iter_mut().map(|m| &mut m.file))
        });
        site.chain(pages).chain(ccgs).chain(groups)
    }

    /// Replaces what the content holds of the CCG `id` with `fresh`, its
    /// folder loaded again on its own (`load::load_ccg`): the files of the
    /// folder go, whether or not they parsed, the others are renumbered, and
    /// the fresh files are added after them.
    pub fn replace_ccg(&mut self, id: &str, mut fresh: Content) {
        let dir = super::ContentPath::ccg(id).within(&self.root);
        let old_files = std::mem::take(&mut self.files);
        let mut renumber = vec![None; old_files.len()];
        for (i, f) in old_files.into_iter().enumerate() {
            if !f.path.starts_with(&dir) {
                renumber[i] = Some(FileId(self.files.len()));
                self.files.push(f);
            }
        }
        self.ccgs.retain(|c| c.id != id);
        // What stays held no file of the folder (those were the CCG's, just
        // removed): a gone file's id would be a bug, and panics here.
        for f in self.file_ids_mut() {
            *f = renumber[f.0].expect("a file outside the CCG's folder");
        }
        self.unparsed.retain(|p| !p.starts_with(&dir));

        let offset = self.files.len();
        for f in fresh.file_ids_mut() {
            f.0 += offset;
        }
        self.files.append(&mut fresh.files);
        self.unparsed.extend(fresh.unparsed);
        self.ccgs.append(&mut fresh.ccgs);
        self.ccgs.sort_by(|a, b| a.id.cmp(&b.id));
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load;
    use crate::model::ContentPath;

    fn fixture(name: &str) -> Content {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let (content, diags) = load::load(&root);
        assert!(diags.iter().all(|d| !d.is_error()), "{name} loads without errors");
        content
    }

    /// The ids `file_ids_mut` lists, sorted.
    fn listed(c: &mut Content) -> Vec<FileId> {
        let mut ids: Vec<FileId> = c.file_ids_mut().map(|f| *f).collect();
        ids.sort();
        ids
    }

    /// The path of every file id held, sorted.
    fn held_paths(c: &mut Content) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = listed(c).into_iter().map(|f| c.files[f].path.clone()).collect();
        paths.sort();
        paths
    }

    /// Every file id the model holds, field by field, with the name of the
    /// file it should point at.
    fn file_refs(c: &Content) -> Vec<(FileId, String)> {
        let mut v = Vec::new();
        v.extend(c.site.iter().map(|s| (s.file, ContentPath::site().to_string())));
        v.extend(c.pages.iter().map(|p| (p.file, ContentPath::pages().join(&format!("{}.md", p.slug)).to_string())));
        for ccg in &c.ccgs {
            let dir = ContentPath::ccg(&ccg.id);
            v.push((ccg.profile.file, ContentPath::ccg_profile(&ccg.id).to_string()));
            v.extend(ccg.terms.iter().map(|t| (t.file, dir.join(&file_name(c, t.file, ContentPath::TERMS)).to_string())));
            v.extend(ccg.meetings.iter().map(|m| (m.file, dir.meeting(&m.id).to_string())));
            v.extend(ccg.decisions.iter().map(|r| (r.file, ContentPath::decisions(&ccg.id).to_string())));
            v.extend(ccg.interests.iter().map(|r| (r.file, ContentPath::interests(&ccg.id).to_string())));
            v.extend(ccg.gifts.iter().map(|r| (r.file, dir.join(ContentPath::GIFTS).to_string())));
            v.extend(ccg.practices.iter().map(|r| (r.file, ContentPath::practices(&ccg.id).to_string())));
        }
        for g in &c.groups {
            v.push((g.profile.file, ContentPath::group(&g.id).join(ContentPath::GROUP_PROFILE).to_string()));
            v.extend(g.meetings.iter().map(|m| (m.file, ContentPath::group_meeting(&g.id, &m.id).to_string())));
        }
        v
    }

    /// The file name of `id`, which must start with `prefix`.
    fn file_name(c: &Content, id: FileId, prefix: &str) -> String {
        let name = c.files[id].path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        assert!(name.starts_with(prefix), "{name} should start with {prefix}");
        name
    }

    #[test]
    fn every_file_the_loader_read_is_listed_once() {
        for name in ["tests/fixtures/minimal", "content"] {
            let mut content = fixture(name);
            let all: Vec<FileId> = (0..content.files.len()).map(FileId::new).collect();
            assert_eq!(listed(&mut content), all, "{name}: file_ids_mut lists each file read, once");
            assert_eq!(file_refs(&content).len(), all.len(), "{name}: every file has a field");
        }
        // The fixture has a file of every kind that the model holds an id
        // of, so that leaving a field out of file_ids_mut fails above.
        let mut minimal = fixture("tests/fixtures/minimal");
        let paths = held_paths(&mut minimal);
        let alpha = ContentPath::ccg("alpha");
        for kind in [
            ContentPath::site(),
            ContentPath::pages().join("about.md"),
            ContentPath::ccg_profile("alpha"),
            alpha.join("terms-of-reference.md"),
            ContentPath::ccg_meeting("alpha", "2016-01-14"),
            ContentPath::decisions("alpha"),
            ContentPath::interests("alpha"),
            alpha.join(ContentPath::GIFTS),
            ContentPath::group("pair").join(ContentPath::GROUP_PROFILE),
            ContentPath::group_meeting("pair", "2016-01-14"),
        ] {
            assert!(paths.iter().any(|p| p.ends_with(kind.as_str())), "the fixture has no {kind}");
        }
    }

    #[test]
    fn a_ccg_reloaded_alone_fits_back_into_the_content() {
        for name in ["tests/fixtures/minimal", "content"] {
            let mut whole = fixture(name);
            let ids: Vec<String> = whole.ccgs.iter().map(|c| c.id.clone()).collect();
            assert!(!ids.is_empty());
            for id in &ids {
                let mut content = fixture(name);
                let (fresh, _) = load::load_ccg(&content.root, &ContentPath::ccg(id).within(&content.root));
                assert_eq!(fresh.ccgs.len(), 1);
                content.replace_ccg(id, fresh);
                assert_eq!(content.files.len(), whole.files.len(), "{name}: {id}");
                assert_eq!(&content.ccgs.iter().map(|c| c.id.clone()).collect::<Vec<_>>(), &ids);
                assert_eq!(listed(&mut content), (0..content.files.len()).map(FileId::new).collect::<Vec<_>>());
                assert_eq!(held_paths(&mut content), held_paths(&mut whole), "{name}: {id}");
                let refs = file_refs(&content);
                assert!(refs.len() >= 10);
                for (file, expected) in refs {
                    let path = &content.files[file].path;
                    assert!(path.ends_with(&expected), "{name}, {id} replaced: {} should be {expected}", path.display());
                }
            }
        }
    }
}
