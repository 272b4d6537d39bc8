//! Which files `serve` watches, and what a change to one needs rebuilt:
//! one CCG when the change is inside its folder, else the whole site.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use crate::model::ContentPath;

use notify_debouncer_full::notify::{self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, NoCache, RecommendedCache};

/// How long the files must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// `--poll`: how often the files are looked at.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// The folders watched and how their paths are told apart.
pub(super) struct Paths {
    /// The content folder as given (diagnostics and output paths use it).
    pub(super) content: PathBuf,
    /// The same, absolute, to match change events against.
    content_abs: PathBuf,
    /// `<content>/../themes`, where a theme overriding the default lives.
    pub(super) themes: Option<PathBuf>,
    /// The current directory, to make relative event paths absolute.
    cwd: PathBuf,
}

impl Paths {
    pub(super) fn new(content: &Path) -> Paths {
        let cwd = std::env::current_dir().unwrap_or_default();
        let content_abs = std::path::absolute(content).unwrap_or_else(|_| cwd.join(content));
        let themes = content.canonicalize().ok().and_then(|c| c.parent().map(|p| p.join("themes")));
        Paths { content: content.to_path_buf(), content_abs, themes, cwd }
    }

    /// What a change to `path` needs rebuilt, if anything.
    fn scope_of(&self, path: &Path) -> Option<Scope> {
        let abs = if path.is_absolute() { path.to_path_buf() } else { self.cwd.join(path) };
        if let Ok(rel) = abs.strip_prefix(&self.content_abs) {
            if ignored(rel) {
                return None;
            }
            let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            return Some(match parts.as_slice() {
                [ccgs, id, _, ..] if ccgs == ContentPath::CCGS => Scope::Ccg(id.clone()),
                _ => Scope::Full,
            });
        }
        if let Some(themes) = &self.themes
            && let Ok(rel) = abs.strip_prefix(themes)
            && !ignored(rel)
        {
            return Some(Scope::Full);
        }
        // Another file beside the content folder.
        None
    }

    /// What the changes in `batches` need rebuilt, if anything. A change the
    /// watcher could not follow (it lost events, or failed) needs the whole
    /// site.
    pub(super) fn scope_of_events(&self, batches: Vec<DebounceEventResult>) -> Option<Scope> {
        let mut scope: Option<Scope> = None;
        let mut note = |s: Scope| {
            scope = Some(match (scope.take(), s) {
                (None, s) => s,
                (Some(Scope::Ccg(a)), Scope::Ccg(b)) if a == b => Scope::Ccg(a),
                _ => Scope::Full,
            })
        };
        for result in batches {
            match result {
                Ok(batch) => {
                    for ev in batch {
                        if ev.need_rescan() {
                            note(Scope::Full);
                        }
                        if matches!(ev.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for p in &ev.paths {
                            if let Some(s) = self.scope_of(p) {
                                note(s);
                            }
                        }
                    }
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: watching for changes: {e}");
                    }
                    note(Scope::Full);
                }
            }
        }
        scope
    }
}

/// Names the loader skips and the temporary files editors write while saving.
fn ignored(rel: &Path) -> bool {
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.iter().any(|p| p.starts_with('.')) {
        return true;
    }
    let Some(name) = parts.last() else { return false };
    name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || [".swp", ".swo", ".swx", ".swpx", ".kate-swp", ".crswap", "___jb_tmp___", "___jb_old___"].iter().any(|s| name.ends_with(s))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Scope {
    /// One CCG folder changed.
    Ccg(String),
    Full,
}

/// The file watcher, native or polling, with what it watches.
pub(super) struct Watcher {
    debouncer: Debouncer,
    /// Whether the themes folder itself is watched (not only the folder it
    /// would appear in).
    themes_watched: bool,
}

enum Debouncer {
    Native(notify_debouncer_full::Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(notify_debouncer_full::Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    /// Watches the content folder and the themes folder beside it, handing
    /// each batch of changes, once the files are quiet for a moment, to
    /// `changed`.
    pub(super) fn start(paths: &Paths, poll: bool, changed: impl FnMut(DebounceEventResult) + Send + 'static) -> notify::Result<Watcher> {
        let debouncer = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_EVERY);
            Debouncer::Poll(notify_debouncer_full::new_debouncer_opt(DEBOUNCE, None, changed, NoCache, config)?)
        } else {
            Debouncer::Native(notify_debouncer_full::new_debouncer(DEBOUNCE, None, changed)?)
        };
        let mut w = Watcher { debouncer, themes_watched: false };
        w.watch(&paths.content_abs, RecursiveMode::Recursive)?;
        w.watch_themes(paths);
        Ok(w)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.debouncer {
            Debouncer::Native(d) => d.watch(path, mode),
            Debouncer::Poll(d) => d.watch(path, mode),
        }
    }

    /// Watches the themes folder, or the folder it would appear in.
    fn watch_themes(&mut self, paths: &Paths) {
        let Some(themes) = &paths.themes else { return };
        if themes.is_dir() {
            let _ = self.watch(themes, RecursiveMode::Recursive);
            self.themes_watched = true;
        } else if let Some(parent) = themes.parent() {
            let _ = self.watch(parent, RecursiveMode::NonRecursive);
        }
    }

    /// Watches the themes folder if it has appeared since.
    pub(super) fn catch_up(&mut self, paths: &Paths) {
        if !self.themes_watched && paths.themes.as_ref().is_some_and(|t| t.is_dir()) {
            self.watch_themes(paths);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporary_files_are_ignored() {
        for name in ["a.md.swp", ".a.md.swx", "a.md~", ".#a.md", "#a.md#", "4913", "a.md___jb_tmp___", ".git/x"] {
            assert!(ignored(&ContentPath::ccg("x").join("meetings").join(name).within(Path::new(""))), "{name}");
        }
        for name in ["2016-01-01.md", "ccg.yaml", "papers/a.pdf"] {
            assert!(!ignored(&ContentPath::ccg("x").join(name).within(Path::new(""))), "{name}");
        }
    }

    #[test]
    fn changes_are_scoped_to_a_ccg_where_they_can_be() {
        let cwd = std::env::current_dir().unwrap();
        let paths =
            Paths { content: "content".into(), content_abs: cwd.join("content"), themes: Some(cwd.join("themes")), cwd: cwd.clone() };
        let content = Path::new("content");
        assert_eq!(paths.scope_of(&ContentPath::ccg_meeting("a", "2016-01-01").within(content)), Some(Scope::Ccg("a".into())));
        assert_eq!(paths.scope_of(&ContentPath::ccg_profile("a").within(&cwd.join(content))), Some(Scope::Ccg("a".into())));
        assert_eq!(paths.scope_of(&ContentPath::ccg("a").within(content)), Some(Scope::Full));
        assert_eq!(paths.scope_of(&ContentPath::site().within(content)), Some(Scope::Full));
        assert_eq!(paths.scope_of(Path::new("themes/default/templates/base.html")), Some(Scope::Full));
        assert_eq!(paths.scope_of(&ContentPath::ccg("a").join("meetings/.2016-01-01.md.swp").within(content)), None);
        assert_eq!(paths.scope_of(Path::new("site/index.html")), None);
    }
}
