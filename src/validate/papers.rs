//! Meeting papers: unlinked ones, the paths meetings give, and papers that
//! name a withheld person (read with `papertext`, each scan kept for the
//! next check).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::{Validator, locate};
use crate::diag::Diagnostic;
use crate::model::*;
use crate::papertext::{self, Extracted};

impl<'a> Validator<'a> {
    /// Papers are published as they are. One that no meeting links to is
    /// not published at all, and said so. When a name is withheld, every
    /// linked paper is read: one that names a withheld person is refused at
    /// each line that links it, and so is one that cannot be read (nobody
    /// has looked in it for names) unless the meeting says a person has
    /// (`checked_by_eye: true`).
    pub(super) fn papers(&mut self) {
        let owners: Vec<(ContentPath, &'a [Meeting], &'a [PaperFile])> = (self.content.ccgs.iter())
            .map(|c| (ContentPath::ccg(&c.id), c.meetings.as_slice(), c.papers.as_slice()))
            .chain(self.content.groups.iter().map(|g| (ContentPath::group(&g.id), g.meetings.as_slice(), g.papers.as_slice())))
            .collect();
        for (dir, _, papers) in &owners {
            // A meeting that did not load may link any of them: no guessing.
            let meetings = dir.join(ContentPath::MEETINGS).within(&self.content.root);
            if self.content.unparsed.iter().any(|p| p.starts_with(&meetings)) {
                continue;
            }
            for p in papers.iter().filter(|p| !p.linked) {
                self.diags.push(Diagnostic::warning(
                    &p.source,
                    format!(
                        "not linked from any meeting, so not published: list it under a meeting's agenda item \
                     (`papers:` with `file: {}`), or remove it",
                        p.rel
                    ),
                ));
            }
        }

        // Every link to a paper that exists; each paper is read once.
        let mut links: Vec<(FileId, &'a Paper, &'a str, usize)> = Vec::new();
        let mut read: Vec<&'a PaperFile> = Vec::new();
        let mut index: HashMap<&'a Path, usize> = HashMap::new();
        for (_, meetings, papers) in &owners {
            for m in meetings.iter() {
                for paper in m.front.agenda.iter().flat_map(|item| &item.papers) {
                    let Some(file) = &paper.file else { continue };
                    let Some(found) = find_paper(papers, paper_rel(file)) else { continue };
                    let i = *index.entry(&found.source).or_insert_with(|| {
                        read.push(found);
                        read.len() - 1
                    });
                    links.push((m.file, paper, file.as_str(), i));
                }
            }
        }

        // Papers are published at the site's own address: one a browser
        // would run as a page, or a drawing with script, is refused.
        let refused: Vec<Option<String>> = read.par_iter().map(|p| papertext::refused(&p.source, || p.stamp.open())).collect();
        for (meeting, paper, file, i) in &links {
            if let Some(why) = &refused[*i] {
                self.err(
                    *meeting,
                    Some(("title", paper.title.as_str())),
                    "file",
                    file,
                    format!("paper `{file}` is not published: {why}; or take it off this agenda"),
                );
            }
        }

        if self.withheld.is_empty() {
            return;
        }
        let w = self.withheld;
        let finds_withheld = move |text: &str| w.find_in_text(text).map(|m| m.name.to_owned());
        let names: Vec<&str> = w.names().iter().map(String::as_str).collect();
        let key = names_key(&names);
        let scans: Vec<Scan> = read.par_iter().map(|p| scan(p, key, &finds_withheld)).collect();
        for (meeting, paper, file, i) in links {
            let at = Some(("title", paper.title.as_str()));
            match &scans[i] {
                Scan::Clean => {}
                Scan::Names(name) => {
                    let place = self.withheld_at(name).map(|p| format!(" ({p})")).unwrap_or_default();
                    self.err(
                        meeting,
                        at,
                        "file",
                        file,
                        format!(
                            "paper `{file}` names a person whose register entry is withheld{place}: the published site \
                         must never contain that name; remove the name from the paper, or do not publish the paper \
                         (take it off this agenda)"
                        ),
                    );
                }
                // A person read it and vouches for it; or it is refused above.
                Scan::Unread(_) if paper.checked_by_eye || refused[i].is_some() => {}
                Scan::Unread(why) => {
                    self.err(
                        meeting,
                        at,
                        "file",
                        file,
                        format!(
                            "paper `{file}` cannot be read for withheld names: {why}. A name is withheld on this site, \
                         so a paper nobody has read for it is not published: read the whole paper yourself and, once \
                         you are sure it does not name any person whose register entry is withheld, add \
                         `checked_by_eye: true` to this paper (under its `file:`); or save it as a PDF with a text \
                         layer; or take it off this agenda"
                        ),
                    );
                }
            }
        }
    }

    /// Where `name` is withheld: the CCG's `interests.yaml, line N`.
    fn withheld_at(&self, name: &str) -> Option<String> {
        self.content.ccgs.iter().find_map(|c| {
            let reg = c.interests.as_ref()?;
            reg.data.entries.iter().find(|e| e.withheld.is_withheld() && e.name == name)?;
            let src = self.file(reg.file);
            let rel = src.path.strip_prefix(&self.content.root).unwrap_or(&src.path);
            match locate(&src.text, None, "name", name) {
                (0, _) => Some(rel.display().to_string()),
                (line, _) => Some(format!("{}, line {line}", rel.display())),
            }
        })
    }
}

/// What reading a paper for withheld names found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scan {
    Clean,
    /// It names this withheld person.
    Names(String),
    /// It was not read: why, in plain words.
    Unread(String),
}

/// Identifies a set of withheld names, for [`SCANNED`].
fn names_key(names: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    names.hash(&mut h);
    h.finish()
}

/// A paper as it was when scanned (the very file, its size and time
/// stamp), for the same set of names.
type ScanKey = (FileStamp, u64);

/// Scans already made in this process: `serve` checks the content again on
/// every change, and reading every paper each time would make it slow.
static SCANNED: OnceLock<Mutex<HashMap<ScanKey, Scan>>> = OnceLock::new();

/// Reads one paper and looks in it for withheld names.
fn scan(paper: &PaperFile, names: u64, finds_withheld: &(impl Fn(&str) -> Option<String> + Sync)) -> Scan {
    let key: ScanKey = (paper.stamp.clone(), names);
    let cache = SCANNED.get_or_init(Default::default);
    if let Some(known) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return known.clone();
    }
    // Read through the stamp: the file listed, which is the one copied into
    // the site (a file put in its place since is refused, there too).
    let file = match paper.stamp.open() {
        Ok(f) => f,
        Err(e) => return Scan::Unread(format!("it cannot be opened: {e}")),
    };
    let result = match papertext::extract_open(file, &paper.source) {
        Extracted::Text(text) => finds_withheld(&text).map_or(Scan::Clean, Scan::Names),
        Extracted::NotText => Scan::Unread("it is an image, a sound or a video, which this check cannot read".into()),
        Extracted::Unreadable(why) => Scan::Unread(why),
    };
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= 100_000 {
        cache.clear();
    }
    cache.insert(key, result.clone());
    result
}

/// A paper's `file` must be a relative path under the folder's `papers/`,
/// without `..`, naming a file that exists.
pub(super) fn check_paper_path(path: &str, papers: &[PaperFile]) -> Result<(), String> {
    let papers_dir = ContentPath::PAPERS;
    if path.starts_with('/') || path.starts_with('\\') || path.contains(':') {
        return Err(format!("paper file `{path}` must be a relative path under this folder's {papers_dir}/, not an absolute path"));
    }
    if path.split(['/', '\\']).any(|seg| seg == "..") {
        return Err(format!("paper file `{path}` may not use `..`: it must stay inside this folder's {papers_dir}/"));
    }
    let normal = paper_rel(path);
    if normal.strip_prefix(papers_dir).is_none_or(|rest| !rest.starts_with('/')) {
        return Err(format!("paper file `{path}` must be under this folder's {papers_dir}/ (e.g. {papers_dir}/2015-09-17/item.pdf)"));
    }
    if find_paper(papers, normal).is_none() {
        return Err(format!("paper file `{path}` does not exist (or is refused, see above): add the file, or correct the path"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_paths() {
        let stamp = FileStamp::of(Path::new("x"), Path::new("x"), &std::fs::metadata(".").unwrap());
        let papers = vec![PaperFile { rel: "papers/a.pdf".into(), source: "x".into(), size: 1, linked: true, stamp }];
        assert!(check_paper_path("papers/a.pdf", &papers).is_ok());
        assert!(check_paper_path("/etc/passwd", &papers).unwrap_err().contains("absolute"));
        assert!(check_paper_path("papers/../ccg.yaml", &papers).unwrap_err().contains(".."));
        assert!(check_paper_path("other/a.pdf", &papers).unwrap_err().contains("under"));
        assert!(check_paper_path("papers/b.pdf", &papers).unwrap_err().contains("does not exist"));
    }
}
