//! The rebuild loop of `serve`: on each change, what to rebuild (one CCG
//! or the whole site, by the operations of `site`), and the built site as
//! snapshots in memory that know which of their files changed.

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use notify_debouncer_full::DebounceEventResult;
use rayon::prelude::*;
use tokio::sync::watch;

use super::ServeOptions;
use super::watch::{Paths, Scope, Watcher};
use crate::diag::{self, Diagnostic};
use crate::model::FileStamp;
use crate::render::{self, Output};
use crate::site::{self, AsOf, BuildOptions, Checked};

/// How long the files must be quiet before the whole site is rendered again
/// after a quick rebuild of one CCG.
const SETTLE: Duration = Duration::from_millis(250);

// ---------------------------------------------------------------------------
// What is being served.

/// The state every request and every open page sees; replaced whole.
#[derive(Default)]
pub(super) struct Live {
    /// The last site that built; none until one has.
    pub(super) site: Option<Arc<Snapshot>>,
    /// Why the latest build failed (summary line, then the diagnostics).
    pub(super) errors: Option<Arc<str>>,
}

/// One built site, in memory.
pub(super) struct Snapshot {
    pub(super) generation: u64,
    pub(super) files: HashMap<String, Arc<Entry>>,
    /// The last generation in which a file appeared or disappeared.
    paths_changed: u64,
    /// The last generation in which anything under `assets/` changed.
    assets_changed: u64,
}

pub(super) struct Entry {
    pub(super) body: Stored,
    /// The generation in which this file last changed.
    changed: u64,
}

pub(super) enum Stored {
    Bytes(Bytes),
    /// Streamed from this file (papers), opened only through its stamp:
    /// the file the build checked, never what the content's path leads to
    /// now (a file put in its place is refused until the next build checks
    /// it).
    File(FileStamp),
}

impl Stored {
    fn of(body: render::Body) -> Stored {
        match body {
            render::Body::Bytes(b) => Stored::Bytes(Bytes::from(b)),
            render::Body::Copy(stamp) => Stored::File(stamp),
        }
    }

    fn same(&self, other: &Stored) -> bool {
        match (self, other) {
            (Stored::Bytes(a), Stored::Bytes(b)) => a == b,
            (Stored::File(a), Stored::File(b)) => a == b,
            _ => false,
        }
    }
}

impl Snapshot {
    /// The next snapshot: `outputs` replace the files of `old` whose paths
    /// start with one of `replace` (all of them when `replace` is `None`).
    /// Returns it with the paths that changed.
    fn next(old: Option<&Snapshot>, outputs: Vec<Output>, replace: Option<&[String]>, generation: u64) -> (Snapshot, Vec<String>) {
        let in_scope = |p: &str| replace.is_none_or(|prefixes| prefixes.iter().any(|x| p.starts_with(x.as_str())));
        let fresh: Vec<(String, Stored)> =
            outputs.into_par_iter().filter(|o| in_scope(&o.path)).map(|o| (o.path, Stored::of(o.body))).collect();
        let mut changed: Vec<String> = Vec::new();
        let mut files: HashMap<String, Arc<Entry>> = HashMap::with_capacity(fresh.len() + old.map_or(0, |o| o.files.len()));
        let mut paths_moved = false;
        if let (Some(old), Some(_)) = (old, replace) {
            for (path, entry) in &old.files {
                if !in_scope(path) {
                    files.insert(path.clone(), entry.clone());
                }
            }
        }
        let entries: Vec<(String, Arc<Entry>, bool)> = fresh
            .into_par_iter()
            .map(|(path, body)| {
                let prev = old.and_then(|o| o.files.get(&path));
                match prev {
                    Some(p) if p.body.same(&body) => (path, p.clone(), false),
                    _ => (path, Arc::new(Entry { body, changed: generation }), true),
                }
            })
            .collect();
        for (path, entry, did_change) in entries {
            if did_change {
                if old.is_some_and(|o| !o.files.contains_key(&path)) {
                    paths_moved = true;
                }
                changed.push(path.clone());
            }
            files.insert(path, entry);
        }
        if let Some(old) = old {
            for path in old.files.keys() {
                if !files.contains_key(path) {
                    paths_moved = true;
                    changed.push(path.clone());
                }
            }
        }
        changed.sort();
        let first = old.is_none();
        let snapshot = Snapshot {
            generation,
            paths_changed: if paths_moved || first { generation } else { old.map_or(0, |o| o.paths_changed) },
            assets_changed: if first || changed.iter().any(|p| p.starts_with("assets/")) {
                generation
            } else {
                old.map_or(0, |o| o.assets_changed)
            },
            files,
        };
        (snapshot, changed)
    }

    /// Whether a page served from generation `since` is out of date.
    pub(super) fn stale(&self, key: &str, since: u64) -> bool {
        if self.assets_changed > since {
            return true;
        }
        match self.files.get(key) {
            Some(e) => e.changed > since,
            // A missing page (the not-found page) may have appeared.
            None => self.paths_changed > since,
        }
    }
}

// ---------------------------------------------------------------------------
// Building.

pub(super) struct Builder {
    pub(super) paths: Paths,
    as_of: AsOf,
    base_url: String,
    /// The content as last loaded and checked.
    checked: Option<Checked>,
    /// The last site that built.
    site: Option<Arc<Snapshot>>,
    generation: u64,
    failing: bool,
    warnings_seen: HashSet<String>,
    live: watch::Sender<Arc<Live>>,
    /// Counts the changes to the files seen.
    version: u64,
    /// When to build the whole site again, after a quick rebuild of one CCG.
    whole_due: Option<Instant>,
    whole_running: bool,
    /// Threads for whole-site builds in the background: one core is left
    /// for the quick rebuilds.
    pool: Option<Arc<rayon::ThreadPool>>,
    tx: mpsc::Sender<Msg>,
}

pub(super) enum Msg {
    Files(DebounceEventResult),
    Whole(Whole),
}

/// A whole-site build made in the background from the files as they were
/// at `version`: the outputs and warnings, or why it failed.
pub(super) struct Whole {
    version: u64,
    result: Result<(Vec<Output>, Vec<Diagnostic>), Vec<Diagnostic>>,
    start: Instant,
}

fn internal_error(content: &Path) -> Diagnostic {
    Diagnostic::error(content, "internal error while building (a bug in ccgpages); save again to retry")
}

impl Builder {
    pub(super) fn new(opts: &ServeOptions, base_url: String, live: watch::Sender<Arc<Live>>, tx: mpsc::Sender<Msg>) -> Builder {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(cores.saturating_sub(1).max(1))
            .thread_name(|i| format!("ccgpages-whole-{i}"))
            .build()
            .ok()
            .map(Arc::new);
        Builder {
            paths: Paths::new(&opts.content),
            as_of: opts.as_of,
            base_url,
            checked: None,
            site: None,
            generation: 0,
            failing: false,
            warnings_seen: HashSet::new(),
            live,
            version: 0,
            whole_due: None,
            whole_running: false,
            pool,
            tx,
        }
    }

    /// Rebuilds on every change until the watcher goes away.
    pub(super) fn run(mut self, messages: mpsc::Receiver<Msg>, mut watcher: Watcher) {
        loop {
            let msg = match self.whole_due {
                Some(due) if !self.whole_running => {
                    let now = Instant::now();
                    if now >= due {
                        self.start_whole();
                        continue;
                    }
                    match messages.recv_timeout(due - now) {
                        Ok(m) => m,
                        Err(mpsc::RecvTimeoutError::Timeout) => continue,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
                _ => match messages.recv() {
                    Ok(m) => m,
                    Err(_) => return,
                },
            };
            let first = match msg {
                Msg::Whole(whole) => {
                    self.finish_whole(whole);
                    continue;
                }
                Msg::Files(first) => first,
            };
            // Take every change that has come in, and what it needs rebuilt.
            let mut wholes = Vec::new();
            let mut batches = vec![first];
            for m in messages.try_iter() {
                match m {
                    Msg::Files(b) => batches.push(b),
                    Msg::Whole(w) => wholes.push(w),
                }
            }
            let scope = self.paths.scope_of_events(batches);
            watcher.catch_up(&self.paths);
            if let Some(scope) = scope {
                self.version += 1;
                self.guarded(|b| b.rebuild(scope));
            }
            for w in wholes {
                self.finish_whole(w);
            }
        }
    }

    /// Builds the whole site again in the background, from the files as
    /// they are now, on threads of its own so that quick rebuilds of the
    /// next saves are not kept waiting.
    fn start_whole(&mut self) {
        self.whole_due = None;
        self.whole_running = true;
        let (version, opts, as_of, pool, tx) = (self.version, self.options(), self.as_of, self.pool.clone(), self.tx.clone());
        let spawned = std::thread::Builder::new().name("ccgpages-whole".into()).spawn(move || {
            let start = Instant::now();
            let work = || {
                let checked = site::check(&opts.content, as_of);
                if checked.has_errors() {
                    return Err(checked.diagnostics);
                }
                site::render_site(&checked, &opts).map(|o| (o, checked.diagnostics))
            };
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| match &pool {
                Some(p) => p.install(work),
                None => work(),
            }))
            .unwrap_or_else(|_| Err(vec![internal_error(&opts.content)]));
            let _ = tx.send(Msg::Whole(Whole { version, result, start }));
        });
        if spawned.is_err() {
            self.whole_running = false;
            self.whole_due = Some(Instant::now() + SETTLE);
        }
    }

    fn finish_whole(&mut self, whole: Whole) {
        self.whole_running = false;
        if whole.version != self.version {
            // The files changed while it ran: another starts when they are quiet.
            return;
        }
        self.guarded(|b| match whole.result {
            Ok((outputs, warnings)) => b.publish(outputs, None, &warnings, whole.start, "the rest of the site"),
            Err(diags) => b.fail(diags, whole.start),
        });
    }

    /// Runs a build step; a panic (a bug) is reported and the next build
    /// starts from scratch rather than taking the preview down.
    pub(super) fn guarded(&mut self, step: impl FnOnce(&mut Builder)) {
        if std::panic::catch_unwind(AssertUnwindSafe(|| step(self))).is_err() {
            self.checked = None;
            self.whole_due = None;
            let d = internal_error(&self.paths.content);
            self.fail(vec![d], Instant::now());
        }
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            content: self.paths.content.clone(),
            output: PathBuf::new(),
            base_url: Some(self.base_url.clone()),
            as_of: self.as_of,
        }
    }

    /// Rebuilds what `scope` needs and publishes it: one CCG (reloaded and
    /// rendered by `site`'s incremental operations) when the site has built
    /// before and the CCG's folder is still there, else the whole site.
    pub(super) fn rebuild(&mut self, scope: Scope) {
        let start = Instant::now();
        let scope = match scope {
            Scope::Ccg(id)
                if self.checked.is_some()
                    && self.site.is_some()
                    && crate::model::ContentPath::ccg(&id).within(&self.paths.content).is_dir() =>
            {
                Scope::Ccg(id)
            }
            _ => Scope::Full,
        };
        let checked = match &scope {
            Scope::Full => site::check(&self.paths.content, self.as_of),
            Scope::Ccg(id) => {
                let Some(prev) = self.checked.take() else { return };
                prev.reload_ccg(id, self.as_of)
            }
        };
        self.whole_due = None;
        if checked.has_errors() {
            let errors = checked.diagnostics.clone();
            self.checked = Some(checked);
            self.fail(errors, start);
            return;
        }
        let mut checked = checked;
        let rendered = match &scope {
            Scope::Ccg(id) => site::render_ccg(&mut checked, id, &self.options()).map(|p| (p.outputs, Some(p.prefixes))),
            Scope::Full => site::render_site(&checked, &self.options()).map(|o| (o, None)),
        };
        let warnings: Vec<Diagnostic> = checked.diagnostics.clone();
        self.checked = Some(checked);
        match rendered {
            Ok((outputs, Some(prefixes))) => {
                // The pages built from every CCG catch up once the files are quiet.
                self.whole_due = Some(Instant::now() + SETTLE);
                let what = match &scope {
                    Scope::Ccg(id) => crate::model::ContentPath::ccg(id).to_string(),
                    Scope::Full => "the site".to_owned(),
                };
                self.publish(outputs, Some(&prefixes), &warnings, start, &what);
            }
            Ok((outputs, None)) => self.publish(outputs, None, &warnings, start, "the site"),
            Err(diags) => self.fail(diags, start),
        }
    }

    fn publish(&mut self, outputs: Vec<Output>, prefixes: Option<&[String]>, warnings: &[Diagnostic], start: Instant, what: &str) {
        let generation = self.generation + 1;
        let (snapshot, changed) = Snapshot::next(self.site.as_deref(), outputs, prefixes, generation);
        let was_failing = std::mem::replace(&mut self.failing, false);
        let first = self.site.is_none();
        if changed.is_empty() && !was_failing && !first {
            // Nothing visible changed: no need to disturb anyone.
            return;
        }
        self.generation = generation;
        let snapshot = Arc::new(snapshot);
        self.site = Some(snapshot.clone());
        self.live.send_replace(Arc::new(Live { site: Some(snapshot.clone()), errors: None }));

        let new_warnings = self.new_warnings(warnings);
        let took = took(start.elapsed());
        if first {
            let n = snapshot.files.keys().filter(|p| p.ends_with(".html")).count();
            let summary = match warnings.iter().filter(|d| !d.is_error()).count() {
                0 => String::new(),
                w => format!(" ({}: `ccgpages check` lists them)", diag::plural(w, "warning")),
            };
            println!("Built {} in {took}{summary}", diag::plural(n, "page"));
        } else {
            eprint!("{new_warnings}");
            let pages = changed.iter().filter(|p| p.ends_with(".html")).count();
            let fixed = if was_failing { "; fixed" } else { "" };
            println!("Rebuilt {what} in {took}: {} changed ({}){fixed}", diag::plural(changed.len(), "file"), diag::plural(pages, "page"));
        }
    }

    fn fail(&mut self, diags: Vec<Diagnostic>, start: Instant) {
        let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
        let errors: Vec<&Diagnostic> = if errors.is_empty() { diags.iter().collect() } else { errors };
        let mut text = format!("{}\n", diag::plural(errors.len(), "error"));
        for d in &errors {
            text.push('\n');
            text.push_str(&d.render());
            text.push('\n');
        }
        let text = text.replace('\r', "");
        self.failing = true;
        self.generation += 1;
        eprintln!("{}", text.trim_end());
        eprintln!(
            "The site did not rebuild ({}, {}); {}",
            diag::plural(errors.len(), "error"),
            took(start.elapsed()),
            if self.site.is_some() { "still serving the last version that built" } else { "nothing to serve until it does" }
        );
        self.live.send_replace(Arc::new(Live { site: self.site.clone(), errors: Some(text.into()) }));
    }

    /// Warnings that the last build did not have, to print.
    fn new_warnings(&mut self, warnings: &[Diagnostic]) -> String {
        let mut out = String::new();
        let mut now = HashSet::new();
        for w in warnings.iter().filter(|d| !d.is_error()) {
            let r = w.render();
            if !self.warnings_seen.contains(&r) {
                out.push_str(&r);
                out.push_str("\n\n");
            }
            now.insert(r);
        }
        self.warnings_seen = now;
        out
    }
}

fn took(d: Duration) -> String {
    if d < Duration::from_secs(1) { format!("{} ms", d.as_millis()) } else { format!("{:.2} s", d.as_secs_f64()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(path: &str, body: &str) -> Output {
        Output { path: path.into(), body: render::Body::Bytes(body.as_bytes().to_vec()) }
    }

    #[test]
    fn snapshots_know_which_pages_changed() {
        let (s1, c1) = Snapshot::next(None, vec![out("index.html", "a"), out("x/index.html", "b"), out("assets/s.css", "c")], None, 1);
        assert_eq!(c1.len(), 3);
        let (s2, c2) = Snapshot::next(Some(&s1), vec![out("index.html", "a"), out("x/index.html", "B"), out("assets/s.css", "c")], None, 2);
        assert_eq!(c2, vec!["x/index.html"]);
        assert!(s2.stale("x/index.html", 1));
        assert!(!s2.stale("index.html", 1));
        assert!(!s2.stale("nope/index.html", 1), "no page appeared or went");
        // Only x/ is replaced: index.html is kept as it was.
        let (s3, c3) = Snapshot::next(Some(&s2), vec![out("index.html", "ignored"), out("x/new.html", "n")], Some(&["x/".to_owned()]), 3);
        assert_eq!(c3, vec!["x/index.html", "x/new.html"]);
        assert!(s3.files.contains_key("index.html") && !s3.files.contains_key("x/index.html"));
        assert!(s3.stale("nope/index.html", 2), "pages appeared or went");
        assert!(!s3.stale("index.html", 2));
        let (s4, _) = Snapshot::next(Some(&s3), vec![out("index.html", "a"), out("assets/s.css", "C"), out("x/new.html", "n")], None, 4);
        assert!(s4.stale("index.html", 3), "a stylesheet changed: every page reloads");
    }
}
