//! `ccgpages serve`: a live preview that survives mistakes.
//!
//! The site is built in memory (never over `site/`) and served on this
//! computer. The content folder and the theme folder beside it are watched;
//! on a change the site is rebuilt and open pages are told to reload over
//! Server-Sent Events by a small script added to HTML responses (only here,
//! never in a built site). When the content does not build, the last good
//! site stays up and every open page shows the diagnostics over it until the
//! problem is fixed.
//!
//! A change inside one CCG's folder reloads just that CCG, re-runs the
//! site-wide checks and renders that CCG's pages first; the whole site is
//! rendered again as soon as the files are quiet, so pages that depend on
//! the CCG (the national index, feeds) catch up a moment later.
//!
//! The HTTP side is axum on a current-thread tokio runtime, confined to
//! this module; building runs on a thread of its own.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::io::Read as _;
use std::net::{IpAddr, SocketAddr};
use std::panic::AssertUnwindSafe;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::notify::{self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, NoCache, RecommendedCache};
use rayon::prelude::*;
use tokio::sync::watch;

use crate::diag::{self, Diagnostic};
use crate::render::{self, Output};
use crate::site::{self, AsOf, BuildOptions, Checked};

/// How long the files must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(40);
/// How long the files must be quiet before the whole site is rendered again
/// after a quick rebuild of one CCG.
const SETTLE: Duration = Duration::from_millis(250);
/// `--poll`: how often the files are looked at.
const POLL_EVERY: Duration = Duration::from_millis(500);
/// Where the preview's own endpoints live; no content id can start with `_`.
const PREFIX: &str = "/__ccgpages/";
const LIVE_JS: &str = include_str!("serve/live.js");

pub struct ServeOptions {
    pub content: PathBuf,
    pub as_of: AsOf,
    pub port: u16,
    pub bind: IpAddr,
    /// Open the site in the default browser once it is up.
    pub open: bool,
    /// Watch by polling rather than by the system's change notifications.
    pub poll: bool,
}

/// Runs the preview until Ctrl-C. Exit code 2 for bad options, 1 when the
/// preview could not start.
pub fn run(opts: ServeOptions) -> ExitCode {
    if !opts.content.is_dir() {
        eprintln!(
            "error: {}: content folder not found: expected a folder holding site.yaml and ccgs/ (use --content)",
            opts.content.display()
        );
        return ExitCode::from(2);
    }
    let listener = match std::net::TcpListener::bind(SocketAddr::new(opts.bind, opts.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}: {e}{}",
                SocketAddr::new(opts.bind, opts.port),
                if e.kind() == std::io::ErrorKind::AddrInUse { "; choose another port with --port" } else { "" }
            );
            return ExitCode::from(1);
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(opts.port);
    let host = match opts.bind {
        IpAddr::V6(a) if a.is_unspecified() => "[::1]".to_owned(),
        IpAddr::V6(a) => format!("[{a}]"),
        IpAddr::V4(a) if a.is_unspecified() => "127.0.0.1".to_owned(),
        IpAddr::V4(a) => a.to_string(),
    };
    let address = format!("http://{host}:{port}/");

    let (live_tx, live_rx) = watch::channel(Arc::new(Live::default()));
    let (events_tx, events_rx) = mpsc::channel();
    let mut builder = Builder::new(&opts, address.clone(), live_tx, events_tx.clone());

    // Watch before the first build, so that nothing saved during it is missed.
    let watcher = match Watcher::start(&builder.paths, opts.poll, events_tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {} for changes: {e}", opts.content.display());
            if !opts.poll {
                eprintln!("  (on a network or container file system, try --poll)");
            }
            return ExitCode::from(1);
        }
    };

    println!("Building the site from {}…", opts.content.display());
    builder.guarded(|b| b.rebuild(Scope::Full));
    println!("Serving {} at {address} (Ctrl-C to stop)", opts.content.display());
    let build_thread = std::thread::Builder::new().name("ccgpages-build".into()).spawn(move || builder.run(events_rx, watcher));
    if let Err(e) = build_thread {
        eprintln!("error: cannot start the build thread: {e}");
        return ExitCode::from(1);
    }
    if opts.open {
        open_browser(&address);
    }

    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return ExitCode::from(1);
        }
    };
    let run_id =
        format!("{:x}{:x}", std::process::id(), SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos()));
    let hosts = Arc::new(Hosts::new(opts.bind, port, &address));
    let result = runtime.block_on(serve(listener, live_rx, run_id.into(), hosts));
    match result {
        Ok(()) => {
            println!("Stopped.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            ExitCode::from(1)
        }
    }
}

fn open_browser(address: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(address).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    if let Err(e) = cmd.spawn() {
        eprintln!("note: could not open a browser ({e}); open {address} yourself");
    }
}

// ---------------------------------------------------------------------------
// What is being served.

/// The state every request and every open page sees; replaced whole.
#[derive(Default)]
struct Live {
    /// The last site that built; none until one has.
    site: Option<Arc<Snapshot>>,
    /// Why the latest build failed (summary line, then the diagnostics).
    errors: Option<Arc<str>>,
}

/// One built site, in memory.
struct Snapshot {
    generation: u64,
    files: HashMap<String, Arc<Entry>>,
    /// The last generation in which a file appeared or disappeared.
    paths_changed: u64,
    /// The last generation in which anything under `assets/` changed.
    assets_changed: u64,
}

struct Entry {
    body: Stored,
    /// The generation in which this file last changed.
    changed: u64,
}

enum Stored {
    Bytes(Bytes),
    /// Streamed from this file (papers); the size and time stamp tell a
    /// changed file.
    File {
        path: PathBuf,
        stamp: Option<(u64, SystemTime)>,
    },
}

impl Stored {
    fn of(body: render::Body) -> Stored {
        match body {
            render::Body::Bytes(b) => Stored::Bytes(Bytes::from(b)),
            render::Body::Copy(path) => {
                let stamp = std::fs::metadata(&path).ok().map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH)));
                Stored::File { path, stamp }
            }
        }
    }

    fn same(&self, other: &Stored) -> bool {
        match (self, other) {
            (Stored::Bytes(a), Stored::Bytes(b)) => a == b,
            (Stored::File { path: a, stamp: sa }, Stored::File { path: b, stamp: sb }) => a == b && sa == sb && sa.is_some(),
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
    fn stale(&self, key: &str, since: u64) -> bool {
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
// Watching.

/// The folders watched and how their paths are told apart.
struct Paths {
    /// The content folder as given (diagnostics and output paths use it).
    content: PathBuf,
    /// The same, absolute, to match change events against.
    content_abs: PathBuf,
    /// `<content>/../themes`, where a theme overriding the default lives.
    themes: Option<PathBuf>,
    /// The current directory, to make relative event paths absolute.
    cwd: PathBuf,
}

impl Paths {
    fn new(content: &Path) -> Paths {
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
                [ccgs, id, _, ..] if ccgs == "ccgs" => Scope::Ccg(id.clone()),
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
enum Scope {
    /// One CCG folder changed.
    Ccg(String),
    Full,
}

enum Watcher {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    fn start(paths: &Paths, poll: bool, tx: mpsc::Sender<Msg>) -> notify::Result<Watcher> {
        let tx = move |r: DebounceEventResult| {
            let _ = tx.send(Msg::Files(r));
        };
        let mut w = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_EVERY);
            Watcher::Poll(notify_debouncer_full::new_debouncer_opt(DEBOUNCE, None, tx, NoCache, config)?)
        } else {
            Watcher::Native(notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx)?)
        };
        w.watch(&paths.content_abs, RecursiveMode::Recursive)?;
        w.watch_themes(paths);
        Ok(w)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll(d) => d.watch(path, mode),
        }
    }

    /// Watches the themes folder, or the folder it would appear in.
    fn watch_themes(&mut self, paths: &Paths) {
        let Some(themes) = &paths.themes else { return };
        if themes.is_dir() {
            let _ = self.watch(themes, RecursiveMode::Recursive);
        } else if let Some(parent) = themes.parent() {
            let _ = self.watch(parent, RecursiveMode::NonRecursive);
        }
    }
}

// ---------------------------------------------------------------------------
// Building.

struct Builder {
    paths: Paths,
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

enum Msg {
    Files(DebounceEventResult),
    Whole(Whole),
}

/// A whole-site build made in the background from the files as they were
/// at `version`: the outputs and warnings, or why it failed.
struct Whole {
    version: u64,
    result: Result<(Vec<Output>, Vec<Diagnostic>), Vec<Diagnostic>>,
    start: Instant,
}

fn internal_error(content: &Path) -> Diagnostic {
    Diagnostic::error(content, "internal error while building (a bug in ccgpages); save again to retry")
}

impl Builder {
    fn new(opts: &ServeOptions, base_url: String, live: watch::Sender<Arc<Live>>, tx: mpsc::Sender<Msg>) -> Builder {
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
    fn run(mut self, messages: mpsc::Receiver<Msg>, mut watcher: Watcher) {
        let mut themes_watched = self.paths.themes.as_ref().is_some_and(|t| t.is_dir());
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
            let mut scope: Option<Scope> = None;
            let mut note = |s: Scope| {
                scope = Some(match (scope.take(), s) {
                    (None, s) => s,
                    (Some(Scope::Ccg(a)), Scope::Ccg(b)) if a == b => Scope::Ccg(a),
                    _ => Scope::Full,
                })
            };
            let mut wholes = Vec::new();
            let mut batches = vec![first];
            for m in messages.try_iter() {
                match m {
                    Msg::Files(b) => batches.push(b),
                    Msg::Whole(w) => wholes.push(w),
                }
            }
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
                                if let Some(s) = self.paths.scope_of(p) {
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
            if !themes_watched && self.paths.themes.as_ref().is_some_and(|t| t.is_dir()) {
                watcher.watch_themes(&self.paths);
                themes_watched = true;
            }
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
    fn guarded(&mut self, step: impl FnOnce(&mut Builder)) {
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

    fn rebuild(&mut self, scope: Scope) {
        let start = Instant::now();
        let scope = match scope {
            Scope::Ccg(id) if self.checked.is_some() && self.site.is_some() && self.paths.content.join("ccgs").join(&id).is_dir() => {
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
                    Scope::Ccg(id) => format!("ccgs/{id}"),
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

// ---------------------------------------------------------------------------
// Serving.

#[derive(Clone)]
struct App {
    live: watch::Receiver<Arc<Live>>,
    /// Tells pages served by an earlier run of `serve` apart.
    run: Arc<str>,
    /// Becomes true on Ctrl-C: open event streams end.
    stop: watch::Receiver<bool>,
}

async fn serve(listener: std::net::TcpListener, live: watch::Receiver<Arc<Live>>, run: Arc<str>, hosts: Arc<Hosts>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let app = App { live, run, stop: stop_rx.clone() };
    let router = Router::new()
        .route("/__ccgpages/events", get(events))
        .route("/__ccgpages/live.js", get(live_js))
        .route("/__ccgpages/status", get(status))
        .fallback(site_file)
        .with_state(app)
        // Every route, the preview's own included.
        .layer(axum::middleware::from_fn_with_state(hosts, only_this_computer));
    let shutdown = async move {
        stop_signal().await;
        let _ = stop_tx.send(true);
    };
    let server = axum::serve(listener, router).with_graceful_shutdown(shutdown);
    let mut stopped = stop_rx;
    tokio::select! {
        r = server.into_future() => r,
        // Connections still open two seconds after Ctrl-C are dropped.
        _ = async {
            let _ = stopped.wait_for(|s| *s).await;
            tokio::time::sleep(Duration::from_secs(2)).await;
        } => Ok(()),
    }
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The names a request may give for the preview (in `Host`, and in
/// `Origin` when it has one): `localhost`, `127.0.0.1`, `[::1]` or the
/// address it listens on, with its port (no port: 80). A page on another
/// site whose name was pointed at this computer (DNS rebinding) names
/// that site, and is refused: it cannot read the preview's pages or its
/// status, which quotes content lines. Listening on every address
/// (`--bind 0.0.0.0`), any IP address is allowed as well, for other
/// computers on the network: a name pointed elsewhere is never one.
struct Hosts {
    /// Lower case; IPv6 in brackets.
    names: Vec<String>,
    port: u16,
    any_address: bool,
    /// What a refused request is told.
    refusal: String,
}

impl Hosts {
    fn new(bind: IpAddr, port: u16, address: &str) -> Hosts {
        let mut names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()];
        names.push(match bind {
            IpAddr::V4(a) => a.to_string(),
            IpAddr::V6(a) => format!("[{a}]"),
        });
        let refusal = format!("This preview answers only at its own address on this computer: {address}\n");
        Hosts { names, port, any_address: bind.is_unspecified(), refusal }
    }

    /// Whether `authority` (`host` or `host:port`) names the preview.
    fn allows(&self, authority: &str) -> bool {
        let (host, port) = match authority.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((inside, port)) => (&authority[..inside.len() + 2], port),
                None => return false,
            },
            None => match authority.split_once(':') {
                Some((host, _)) => (host, &authority[host.len()..]),
                None => (authority, ""),
            },
        };
        let port_ok = match port.strip_prefix(':') {
            None => port.is_empty() && self.port == 80,
            Some(digits) => digits == self.port.to_string(),
        };
        if !port_ok || host.is_empty() {
            return false;
        }
        let host = host.to_ascii_lowercase();
        if self.names.contains(&host) {
            return true;
        }
        self.any_address
            && match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
                Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
                None => host.parse::<std::net::Ipv4Addr>().is_ok(),
            }
    }

    /// Why a request is refused, if it is.
    fn refuse(&self, request: &axum::extract::Request) -> Option<Response> {
        let headers = request.headers();
        let mut host = headers.get_all(axum::http::header::HOST).iter();
        let named = match (host.next(), host.next()) {
            (Some(h), None) => h.to_str().is_ok_and(|h| self.allows(h)),
            _ => false,
        };
        // A request line with a whole address must name the preview too.
        let target = request.uri().authority().is_none_or(|a| request.uri().scheme_str() == Some("http") && self.allows(a.as_str()));
        if !named || !target {
            return Some(respond(StatusCode::MISDIRECTED_REQUEST, "text/plain; charset=utf-8", self.refusal.clone()));
        }
        if let Some(origin) = headers.get(axum::http::header::ORIGIN) {
            let ok = origin.to_str().ok().and_then(|o| o.strip_prefix("http://")).is_some_and(|a| self.allows(a));
            if !ok {
                return Some(respond(
                    StatusCode::FORBIDDEN,
                    "text/plain; charset=utf-8",
                    "Pages of other sites may not read this preview.\n",
                ));
            }
        }
        None
    }
}

async fn only_this_computer(State(hosts): State<Arc<Hosts>>, request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    match hosts.refuse(&request) {
        Some(refusal) => refusal,
        None => next.run(request).await,
    }
}

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    (status, [(CONTENT_TYPE, content_type), (CACHE_CONTROL, "no-store")], body.into()).into_response()
}

async fn live_js() -> Response {
    respond(StatusCode::OK, "text/javascript; charset=utf-8", LIVE_JS)
}

async fn status(State(app): State<App>) -> Response {
    let live = app.live.borrow().clone();
    let generation = live.site.as_ref().map_or(0, |s| s.generation);
    let text = match &live.errors {
        Some(e) => format!("failed; serving build {generation}\n\n{e}"),
        None if live.site.is_some() => format!("ok; serving build {generation}\n"),
        None => "building\n".to_owned(),
    };
    respond(StatusCode::OK, "text/plain; charset=utf-8", text)
}

/// `GET /__ccgpages/events?page=/ccgs/x/&since=3&run=…`: tells the page at
/// `page`, served from build `since`, to reload when it is out of date, and
/// what is wrong while the content does not build.
async fn events(State(app): State<App>, uri: Uri) -> Response {
    let mut page = String::from("/");
    let mut since = 0;
    let mut run = String::new();
    for pair in uri.query().unwrap_or("").split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_decode(&v.replace('+', " ")).unwrap_or_default();
        match k {
            "page" => page = v,
            "since" => since = v.parse().unwrap_or(0),
            "run" => run = v,
            _ => {}
        }
    }
    let client = Client {
        live: app.live.clone(),
        stop: app.stop.clone(),
        key: site_key(&page).unwrap_or_default(),
        since,
        other_run: run != *app.run,
        shown: None,
        started: false,
        done: false,
    };
    let stream = futures_util::stream::unfold(client, |mut c| async move {
        let event = c.next().await?;
        Some((Ok::<Event, Infallible>(event), c))
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

/// One open page's event stream.
struct Client {
    live: watch::Receiver<Arc<Live>>,
    stop: watch::Receiver<bool>,
    key: String,
    since: u64,
    other_run: bool,
    /// The diagnostics this page shows.
    shown: Option<Arc<str>>,
    started: bool,
    done: bool,
}

impl Client {
    async fn next(&mut self) -> Option<Event> {
        loop {
            if self.done || *self.stop.borrow() {
                return None;
            }
            if self.started {
                tokio::select! {
                    r = self.live.changed() => r.ok()?,
                    _ = self.stop.changed() => return None,
                }
            }
            self.started = true;
            let live = self.live.borrow_and_update().clone();
            if let Some(event) = self.decide(&live) {
                return Some(event);
            }
        }
    }

    fn decide(&mut self, live: &Live) -> Option<Event> {
        if let Some(errors) = &live.errors {
            if self.shown.as_ref() != Some(errors) {
                self.shown = Some(errors.clone());
                return Some(Event::default().event("failed").data(errors.as_ref()));
            }
            return None;
        }
        let site = live.site.as_ref()?;
        if self.other_run || self.shown.is_some() || site.stale(&self.key, self.since) {
            self.done = true;
            return Some(Event::default().event("reload").data(site.generation.to_string()));
        }
        None
    }
}

async fn site_file(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(axum::http::header::ALLOW, "GET, HEAD")]).into_response();
    }
    let live = app.live.borrow().clone();
    let Some(site) = &live.site else {
        let errors = live.errors.as_deref().unwrap_or("0 errors\n\nThe site is still being built.");
        let html = inject(not_built_page(errors).as_bytes(), 0, &app.run);
        return respond(StatusCode::SERVICE_UNAVAILABLE, "text/html; charset=utf-8", html);
    };
    let Some(key) = site_key(uri.path()) else {
        return not_found(site, &app.run);
    };
    if let Some(entry) = site.files.get(&key) {
        return send(entry, &key, site.generation, &app.run).await;
    }
    // `/ccgs/x` → `/ccgs/x/`, as GitHub Pages does.
    if !key.ends_with("index.html") && site.files.contains_key(&format!("{key}/index.html")) {
        let location = format!("/{}/", render::percent_path(&key));
        if let Ok(v) = HeaderValue::try_from(location) {
            return (StatusCode::MOVED_PERMANENTLY, [(LOCATION, v)]).into_response();
        }
    }
    not_found(site, &app.run)
}

fn not_found(site: &Snapshot, run: &str) -> Response {
    match site.files.get("404.html").map(|e| &e.body) {
        Some(Stored::Bytes(b)) => respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", inject(b, site.generation, run)),
        _ => respond(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", "Not found\n"),
    }
}

async fn send(entry: &Entry, key: &str, generation: u64, run: &str) -> Response {
    let kind = content_type(key);
    match &entry.body {
        Stored::Bytes(b) if kind.starts_with("text/html") => respond(StatusCode::OK, kind, inject(b, generation, run)),
        Stored::Bytes(b) => respond(StatusCode::OK, kind, b.clone()),
        Stored::File { path, .. } => {
            let path = path.clone();
            let opened = tokio::task::spawn_blocking(move || {
                let f = std::fs::File::open(&path)?;
                let len = f.metadata()?.len();
                Ok::<_, std::io::Error>((f, len))
            })
            .await;
            let Ok(Ok((file, len))) = opened else {
                return respond(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", "This file has gone from the content folder.\n");
            };
            let chunks = futures_util::stream::unfold(Some(file), |file| async move {
                let mut file = file?;
                let read = tokio::task::spawn_blocking(move || {
                    let mut buf = vec![0; 256 * 1024];
                    let n = file.read(&mut buf)?;
                    buf.truncate(n);
                    Ok::<_, std::io::Error>((file, buf))
                })
                .await
                .unwrap_or_else(|e| Err(std::io::Error::other(e)));
                match read {
                    Ok((_, buf)) if buf.is_empty() => None,
                    Ok((file, buf)) => Some((Ok(Bytes::from(buf)), Some(file))),
                    Err(e) => Some((Err(e), None)),
                }
            });
            (
                StatusCode::OK,
                [(CONTENT_TYPE, kind), (CACHE_CONTROL, "no-store")],
                [(CONTENT_LENGTH, HeaderValue::from(len))],
                Body::from_stream(chunks),
            )
                .into_response()
        }
    }
}

/// The page shown before the site has ever built.
fn not_built_page(errors: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>The site did not build – ccgpages preview</title>\n</head>\n\
         <body style=\"font:16px/1.5 Arial,Helvetica,sans-serif;color:#212b32;max-width:960px;margin:2em auto;padding:0 16px\">\n\
         <main>\n<h1>The site did not build</h1>\n\
         <p>Fix the problems below and save: this page reloads by itself.</p>\n\
         <pre style=\"white-space:pre-wrap;background:#f0f4f5;padding:16px;border:1px solid #aeb7bd\">{}</pre>\n\
         </main>\n</body>\n</html>\n",
        render::escape_text(errors)
    )
}

/// Adds the live-preview client to an HTML page, before `</body>`.
fn inject(html: &[u8], generation: u64, run: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js\" data-build=\"{generation}\" data-run=\"{}\"></script>\n", render::escape_text(run));
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// `%XX` decoded, or `None` when the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    String::from_utf8(render::percent_decode(s)).ok()
}

/// The site file a request path names: `/` → `index.html`, `/a/` →
/// `a/index.html`, percent-decoded. `None` for a path that tries to climb
/// out (`..`) or is not UTF-8. Files are only ever looked up among the
/// built site's own paths, so nothing outside it can be reached.
fn site_key(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains(['\\', '\0']) => return None,
            p => parts.push(p),
        }
    }
    let mut key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

/// The media type of a site file, by its extension.
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "rtf" => "application/rtf",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_site_files() {
        assert_eq!(site_key("/").as_deref(), Some("index.html"));
        assert_eq!(site_key("/ccgs/x/").as_deref(), Some("ccgs/x/index.html"));
        assert_eq!(site_key("/ccgs/x").as_deref(), Some("ccgs/x"));
        assert_eq!(site_key("/assets/css/a.css").as_deref(), Some("assets/css/a.css"));
        assert_eq!(site_key("/ccgs/x/papers/a%20b.pdf").as_deref(), Some("ccgs/x/papers/a b.pdf"));
        assert_eq!(site_key("//a//b/").as_deref(), Some("a/b/index.html"));
        assert_eq!(site_key("/../etc/passwd"), None);
        assert_eq!(site_key("/a/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(site_key("/a/..%5c..%5cwin.ini"), None);
        assert_eq!(site_key("/%ff"), None);
    }

    #[test]
    fn editor_temporary_files_are_ignored() {
        for name in ["a.md.swp", ".a.md.swx", "a.md~", ".#a.md", "#a.md#", "4913", "a.md___jb_tmp___", ".git/x"] {
            assert!(ignored(Path::new(&format!("ccgs/x/meetings/{name}"))), "{name}");
        }
        for name in ["2016-01-01.md", "ccg.yaml", "papers/a.pdf"] {
            assert!(!ignored(Path::new(&format!("ccgs/x/{name}"))), "{name}");
        }
    }

    #[test]
    fn changes_are_scoped_to_a_ccg_where_they_can_be() {
        let cwd = std::env::current_dir().unwrap();
        let paths =
            Paths { content: "content".into(), content_abs: cwd.join("content"), themes: Some(cwd.join("themes")), cwd: cwd.clone() };
        assert_eq!(paths.scope_of(Path::new("content/ccgs/a/meetings/2016-01-01.md")), Some(Scope::Ccg("a".into())));
        assert_eq!(paths.scope_of(&cwd.join("content/ccgs/a/ccg.yaml")), Some(Scope::Ccg("a".into())));
        assert_eq!(paths.scope_of(Path::new("content/ccgs/a")), Some(Scope::Full));
        assert_eq!(paths.scope_of(Path::new("content/site.yaml")), Some(Scope::Full));
        assert_eq!(paths.scope_of(Path::new("themes/default/templates/base.html")), Some(Scope::Full));
        assert_eq!(paths.scope_of(Path::new("content/ccgs/a/meetings/.2016-01-01.md.swp")), None);
        assert_eq!(paths.scope_of(Path::new("site/index.html")), None);
    }

    #[test]
    fn the_client_goes_before_the_end_of_the_body() {
        let out = inject(b"<html><body><p>x</p></body></html>", 7, "r1");
        let s = String::from_utf8(out).unwrap();
        assert!(s.ends_with("<script src=\"/__ccgpages/live.js\" data-build=\"7\" data-run=\"r1\"></script>\n</body></html>"), "{s}");
        let s = String::from_utf8(inject(b"<p>no body", 1, "r")).unwrap();
        assert!(s.starts_with("<p>no body<script"), "{s}");
    }

    #[test]
    fn media_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/css/x.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("p/A.PDF"), "application/pdf");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
    }

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

    #[test]
    fn only_this_computer_is_answered() {
        let hosts = Hosts::new("127.0.0.1".parse().unwrap(), 1111, "http://127.0.0.1:1111/");
        for ok in ["localhost:1111", "LocalHost:1111", "127.0.0.1:1111", "[::1]:1111"] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for no in [
            "evil.example:1111",
            "localhost",
            "localhost:80",
            "localhost:01111",
            "localhost:",
            "localhost.:1111",
            "127.0.0.1",
            "127.0.0.2:1111",
            "[::1]",
            "::1:1111",
            "[::1:1111",
            "localhost:1111:1111",
            "",
            ":1111",
            "localhost.evil.example:1111",
            "[::ffff:127.0.0.1]:1111",
            "0x7f.1:1111",
        ] {
            assert!(!hosts.allows(no), "{no}");
        }
        // On port 80 a browser leaves the port out.
        let on_80 = Hosts::new("127.0.0.1".parse().unwrap(), 80, "http://127.0.0.1:80/");
        assert!(on_80.allows("localhost") && on_80.allows("localhost:80") && on_80.allows("[::1]"));
        assert!(!on_80.allows("evil.example") && !on_80.allows("localhost:8080"));
        // The address it listens on; every address: any IP address, never a name.
        let lan = Hosts::new("192.168.1.5".parse().unwrap(), 1111, "http://192.168.1.5:1111/");
        assert!(lan.allows("192.168.1.5:1111") && !lan.allows("192.168.1.6:1111"));
        let v6 = Hosts::new("fe80::1".parse().unwrap(), 1111, "http://[fe80::1]:1111/");
        assert!(v6.allows("[FE80::1]:1111") && !v6.allows("[fe80::2]:1111"));
        let all = Hosts::new("0.0.0.0".parse().unwrap(), 1111, "http://127.0.0.1:1111/");
        assert!(all.allows("192.168.1.5:1111") && all.allows("[fe80::1]:1111") && all.allows("localhost:1111"));
        assert!(!all.allows("evil.example:1111") && !all.allows("192.168.1.5:2222") && !all.allows("0.0.0.0.evil.example:1111"));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b%2Fc").as_deref(), Some("a b/c"));
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
        assert_eq!(percent_decode("%e2%80%93").as_deref(), Some("–"));
    }
}
