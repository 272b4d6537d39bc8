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
//! `watch` tells what a change needs rebuilt, `rebuild` rebuilds it on a
//! thread of its own (with the incremental operations of `site`) and keeps
//! the built site in memory, `http` serves it (axum on a current-thread
//! tokio runtime, confined to that module).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::SystemTime;

use crate::site::AsOf;

mod http;
mod rebuild;
mod watch;

use rebuild::{Builder, Live, Msg};
use watch::{Scope, Watcher};

/// What `ccgpages serve` was asked for.
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
        eprintln!("error: {}: content folder not found: {} (use --content)", opts.content.display(), crate::model::ContentPath::expected());
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

    let (live_tx, live_rx) = tokio::sync::watch::channel(Arc::new(Live::default()));
    let (events_tx, events_rx) = mpsc::channel();
    let mut builder = Builder::new(&opts, address.clone(), live_tx, events_tx.clone());

    // Watch before the first build, so that nothing saved during it is missed.
    let watcher = match Watcher::start(&builder.paths, opts.poll, move |r| {
        let _ = events_tx.send(Msg::Files(r));
    }) {
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
    let hosts = Arc::new(http::Hosts::new(opts.bind, port, &address));
    let result = runtime.block_on(http::serve(listener, live_rx, run_id.into(), hosts));
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
