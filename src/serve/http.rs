//! The HTTP side of `serve`: the built site from memory, only to this
//! computer (the `Host` and `Origin` check), and the live reload of open
//! pages over Server-Sent Events. axum on a current-thread tokio runtime,
//! confined to this module.

use std::convert::Infallible;
use std::io::Read as _;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;

use super::rebuild::{Entry, Live, Snapshot, Stored};
use crate::escape::{self, percent_decode_utf8};

/// Where the preview's own endpoints live; no content id can start with `_`.
const PREFIX: &str = "/__ccgpages/";
const LIVE_JS: &str = include_str!("live.js");

#[derive(Clone)]
struct App {
    live: watch::Receiver<Arc<Live>>,
    /// Tells pages served by an earlier run of `serve` apart.
    run: Arc<str>,
    /// Becomes true on Ctrl-C: open event streams end.
    stop: watch::Receiver<bool>,
}

pub(super) async fn serve(
    listener: std::net::TcpListener,
    live: watch::Receiver<Arc<Live>>,
    run: Arc<str>,
    hosts: Arc<Hosts>,
) -> std::io::Result<()> {
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
pub(super) struct Hosts {
    /// Lower case; IPv6 in brackets.
    names: Vec<String>,
    port: u16,
    any_address: bool,
    /// What a refused request is told.
    refusal: String,
}

impl Hosts {
    pub(super) fn new(bind: IpAddr, port: u16, address: &str) -> Hosts {
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

/// `GET /__ccgpages/events?page=/a/x/&since=3&run=…`: tells the page at
/// `page`, served from build `since`, to reload when it is out of date, and
/// what is wrong while the content does not build.
async fn events(State(app): State<App>, uri: Uri) -> Response {
    let mut page = String::from("/");
    let mut since = 0;
    let mut run = String::new();
    for pair in uri.query().unwrap_or("").split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = percent_decode_utf8(&v.replace('+', " ")).unwrap_or_default();
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
    // `/a/x` → `/a/x/`, as GitHub Pages does.
    if !key.ends_with("index.html") && site.files.contains_key(&format!("{key}/index.html")) {
        let location = format!("/{}/", escape::percent_path(&key));
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
        Stored::File(stamp) => {
            let stamp = stamp.clone();
            // The file the last build checked, or nothing: never what the
            // content's path leads to now.
            let opened = tokio::task::spawn_blocking(move || stamp.open().map(|f| (f, stamp.len))).await;
            let (file, len) = match opened {
                Ok(Ok(opened)) => opened,
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                    return respond(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", "This file has gone from the content folder.\n");
                }
                _ => {
                    return respond(
                        StatusCode::NOT_FOUND,
                        "text/plain; charset=utf-8",
                        "This file has changed since the preview last checked it: it is served again once the site has \
                         rebuilt without errors.\n",
                    );
                }
            };
            // No more than the size checked, should the file grow meanwhile.
            let chunks = futures_util::stream::unfold(Some(file.take(len)), |file| async move {
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
        escape::escape_text(errors)
    )
}

/// Adds the live-preview client to an HTML page, before `</body>`.
fn inject(html: &[u8], generation: u64, run: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}live.js\" data-build=\"{generation}\" data-run=\"{}\"></script>\n", escape::escape_text(run));
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

/// The site file a request path names: `/` → `index.html`, `/a/` →
/// `a/index.html`, percent-decoded. `None` for a path that tries to climb
/// out (`..`) or is not UTF-8. Files are only ever looked up among the
/// built site's own paths, so nothing outside it can be reached.
fn site_key(path: &str) -> Option<String> {
    let decoded = percent_decode_utf8(path)?;
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
        assert_eq!(site_key("/a/x/").as_deref(), Some("a/x/index.html"));
        assert_eq!(site_key("/a/x").as_deref(), Some("a/x"));
        assert_eq!(site_key("/assets/css/a.css").as_deref(), Some("assets/css/a.css"));
        assert_eq!(site_key("/a/x/papers/a%20b.pdf").as_deref(), Some("a/x/papers/a b.pdf"));
        assert_eq!(site_key("//a//b/").as_deref(), Some("a/b/index.html"));
        assert_eq!(site_key("/../etc/passwd"), None);
        assert_eq!(site_key("/a/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(site_key("/a/..%5c..%5cwin.ini"), None);
        assert_eq!(site_key("/%ff"), None);
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
}
