//! `ccgpages serve`: the real binary on a free port, over a content folder
//! that is edited, broken and fixed while it runs. Only std networking (a
//! small HTTP/1.1 client); every wait has a deadline and the server is
//! killed when a test ends, however it ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ccgpages");
const WAIT: Duration = Duration::from_secs(10);
const MEETING: &str = "ccgs/alpha/meetings/2016-01-14.md";
const MEETING_URL: &str = "/ccgs/alpha/meetings/2016-01-14/";

struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!("ccgpages-serve-{label}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A one-CCG site that builds (with warnings only).
fn write_site(root: &Path) -> PathBuf {
    let content = root.join("content");
    let files = [
        ("site.yaml", "title: Serve test site\nbase_url: https://example.org/serve-test/\nas_of: 2016-06-30\n"),
        (
            "ccgs/alpha/ccg.yaml",
            "name: NHS Alpha CCG\nods_code: \"00A\"\nregion: London\ncommittees:\n  - id: pccc\n    name: Primary Care Committee\n    members:\n      - name: Ann Example\n        role: Lay member, Chair\n        category: lay\n        chair: true\n",
        ),
        (MEETING, &meeting("", "MARKER-ONE")),
    ];
    for (path, text) in files {
        let path = content.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    content
}

fn meeting(extra_field: &str, marker: &str) -> String {
    format!(
        "---\ncommittee: pccc\ndate: 2016-01-14\n{extra_field}agenda:\n  - number: \"1\"\n    title: Apologies\n---\nThe committee noted the apologies. {marker}\n"
    )
}

/// Saves as many editors do: a temporary file beside, renamed over the file.
fn save(content: &Path, rel: &str, text: &str) {
    let path = content.join(rel);
    let tmp = path.with_file_name(format!(".{}.swp", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

/// The server, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(content: &Path) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0", "--content"])
            .arg(content)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ccgpages serve");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let sink = stdout.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let _ = tx.send(rest.trim_end_matches(|c: char| !c.is_ascii_digit()).parse::<u16>().ok());
                }
            }
        });
        let err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let port = rx.recv_timeout(WAIT).ok().flatten();
        let mut server = Server { child, port: 0, stdout, stderr };
        match port {
            Some(p) => server.port = p,
            None => panic!("serve did not print its address in time\nstdout:\n{}\nstderr:\n{}", server.out(), server.err()),
        }
        server
    }

    fn out(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn err(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    fn events(&self, page: &str, since: &str, run: &str) -> Events {
        Events::open(self.port, &format!("/__ccgpages/events?page={page}&since={since}&run={run}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }

    /// `data-build` and `data-run` of the live-preview script.
    fn build_and_run(&self) -> (String, String) {
        let attr = |name: &str| {
            let at = self.body.find(&format!("{name}=\"")).unwrap_or_else(|| panic!("no {name} in:\n{}", self.body));
            let rest = &self.body[at + name.len() + 2..];
            rest[..rest.find('"').unwrap()].to_owned()
        };
        (attr("data-build"), attr("data-run"))
    }
}

fn connect(port: u16, path: &str) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    s
}

/// Reads the status line and headers.
fn read_head(r: &mut impl BufRead) -> (u16, String) {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head)
}

fn get(port: u16, path: &str) -> Response {
    let mut r = BufReader::new(connect(port, path));
    let (status, head) = read_head(&mut r);
    let mut body = Vec::new();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        while let Some(chunk) = read_chunk(&mut r) {
            body.extend(chunk);
        }
    } else {
        let _ = r.read_to_end(&mut body);
    }
    Response { status, head, body: String::from_utf8_lossy(&body).into_owned() }
}

/// One chunk of a chunked body; `None` at the end (or on a timeout).
fn read_chunk(r: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut size = String::new();
    r.read_line(&mut size).ok()?;
    let size = usize::from_str_radix(size.trim().split(';').next()?, 16).ok()?;
    if size == 0 {
        return None;
    }
    let mut buf = vec![0; size + 2];
    r.read_exact(&mut buf).ok()?;
    buf.truncate(size);
    Some(buf)
}

/// A Server-Sent Events stream.
struct Events {
    reader: BufReader<TcpStream>,
    pending: String,
}

impl Events {
    fn open(port: u16, path: &str) -> Events {
        let mut reader = BufReader::new(connect(port, path));
        let (status, head) = read_head(&mut reader);
        assert_eq!(status, 200, "{head}");
        assert!(head.contains("text/event-stream"), "{head}");
        reader.get_ref().set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        Events { reader, pending: String::new() }
    }

    /// The next event other than a keep-alive, as (name, data), within `WAIT`.
    fn next(&mut self) -> (String, String) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                let (mut name, mut data) = (String::from("message"), Vec::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v).to_owned());
                    }
                }
                if !data.is_empty() {
                    return (name, data.join("\n"));
                }
                continue;
            }
            assert!(Instant::now() < deadline, "no event within {WAIT:?}; so far: {:?}", self.pending);
            match read_chunk(&mut self.reader) {
                Some(chunk) => self.pending.push_str(&String::from_utf8_lossy(&chunk)),
                None => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }
}

#[test]
fn serve_reloads_on_save_and_survives_a_broken_file() {
    let tmp = TempDir::new("edit");
    let content = write_site(&tmp.0);
    let server = Server::start(&content);

    // The site, from memory, with the live-preview client in its pages.
    let page = server.get(MEETING_URL);
    assert_eq!(page.status, 200, "{}", page.head);
    assert!(page.body.contains("MARKER-ONE"));
    assert!(page.body.contains("<script src=\"/__ccgpages/live.js\""), "{}", page.body);
    let (build, run) = page.build_and_run();
    let home = server.get("/");
    assert_eq!(home.header("content-type").as_deref(), Some("text/html; charset=utf-8"));
    assert!(home.body.contains("href=\"/ccgs/alpha/\""), "links resolve at /");
    let css = server.get("/assets/css/ccgpages.css");
    assert_eq!((css.status, css.header("content-type").as_deref()), (200, Some("text/css; charset=utf-8")));
    assert!(!css.body.contains("live.js"), "only HTML gets the client");
    // The theme's scripts are ES modules: browsers run them only when they
    // come with a JavaScript media type.
    let module = server.get("/assets/js/common.js");
    assert_eq!((module.status, module.header("content-type").as_deref()), (200, Some("text/javascript; charset=utf-8")));
    assert!(module.body.contains("export function"), "{}", module.body);
    let js = server.get("/__ccgpages/live.js");
    assert!(js.body.contains("EventSource"));
    // `/dir` → `/dir/`; the site's own not-found page; nothing outside the site.
    let dir = server.get("/ccgs/alpha");
    assert_eq!((dir.status, dir.header("location").as_deref()), (301, Some("/ccgs/alpha/")));
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html") && missing.body.contains("live.js"), "{}", missing.body);
    for path in ["/../site.yaml", "/%2e%2e/%2e%2e/etc/passwd", "/ccgs/alpha/ccg.yaml", "/..%2fcontent%2fsite.yaml"] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
    assert!(!std::fs::exists(tmp.0.join("site")).unwrap(), "serve writes no site folder");

    // An edit: the open page is told to reload and gets the new text.
    let mut events = server.events(MEETING_URL, &build, &run);
    save(&content, MEETING, &meeting("", "MARKER-TWO"));
    assert_eq!(events.next().0, "reload");
    let page = server.get(MEETING_URL);
    assert!(page.body.contains("MARKER-TWO"), "{}", page.body);
    let (build, run) = page.build_and_run();

    // A mistake: the last good site stays up, the error is reported.
    let mut events = server.events(MEETING_URL, &build, &run);
    save(&content, MEETING, &meeting("vneue: Board room\n", "MARKER-BROKEN"));
    let (name, data) = events.next();
    assert_eq!(name, "failed");
    assert!(data.contains("2016-01-14.md:4:1: error: `vneue` is not a field here; did you mean `venue`?"), "{data}");
    let page = server.get(MEETING_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("MARKER-TWO") && !page.body.contains("MARKER-BROKEN"));
    let status = server.get("/__ccgpages/status");
    assert!(status.body.starts_with("failed") && status.body.contains("`vneue` is not a field here"), "{}", status.body);
    // A page opened now is told at once.
    let mut late = server.events("/", "0", &run);
    assert_eq!(late.next().0, "failed");

    // Fixed: the open page reloads, with the new text.
    save(&content, MEETING, &meeting("venue: Board room\n", "MARKER-THREE"));
    assert_eq!(events.next().0, "reload");
    let page = server.get(MEETING_URL);
    assert!(page.body.contains("MARKER-THREE") && page.body.contains("Board room"), "{}", page.body);
    assert!(server.get("/__ccgpages/status").body.starts_with("ok"));
    assert!(server.err().contains("`vneue` is not a field here"), "the terminal shows the error too:\n{}", server.err());

    // Ctrl-C stops it cleanly.
    #[cfg(unix)]
    {
        let mut server = server;
        let pid = server.child.id().to_string();
        assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(s) = server.child.try_wait().unwrap() {
                break s;
            }
            assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{status:?}\n{}", server.err());
        std::thread::sleep(Duration::from_millis(100));
        assert!(server.out().contains("Stopped."), "{}", server.out());
    }
}

#[test]
fn serve_starts_on_broken_content_and_shows_the_errors_escaped() {
    let tmp = TempDir::new("broken");
    let content = write_site(&tmp.0);
    save(&content, MEETING, &meeting("<b>venue</b>: x\n", "MARKER-ONE"));
    let server = Server::start(&content);

    let page = server.get(MEETING_URL);
    assert_eq!(page.status, 503);
    assert!(page.body.contains("`&lt;b&gt;venue&lt;/b&gt;` is not a field here"), "{}", page.body);
    assert!(!page.body.contains("<b>venue"), "diagnostics are escaped");
    let (build, run) = page.build_and_run();
    let mut events = server.events(MEETING_URL, &build, &run);
    assert_eq!(events.next().0, "failed");

    save(&content, MEETING, &meeting("", "MARKER-FIXED"));
    assert_eq!(events.next().0, "reload");
    let page = server.get(MEETING_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("MARKER-FIXED"));
}

/// Sends `GET path` with these header lines; returns the status, the head
/// and (unless it is an event stream, which does not end) the body.
fn request(port: u16, path: &str, headers: &[String]) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut text = format!("GET {path} HTTP/1.1\r\n");
    for h in headers {
        text.push_str(h);
        text.push_str("\r\n");
    }
    text.push_str("Connection: close\r\n\r\n");
    s.write_all(text.as_bytes()).unwrap();
    let mut r = BufReader::new(s);
    let (status, head) = read_head(&mut r);
    let mut body = Vec::new();
    if !head.contains("text/event-stream") {
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
            while let Some(chunk) = read_chunk(&mut r) {
                body.extend(chunk);
            }
        } else {
            let _ = r.read_to_end(&mut body);
        }
    }
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn serve_answers_only_its_own_host() {
    let tmp = TempDir::new("host");
    let content = write_site(&tmp.0);
    // The status quotes content lines: make it say something.
    save(&content, MEETING, &meeting("vneue: SECRET-LINE\n", "MARKER-ONE"));
    let server = Server::start(&content);
    let port = server.port;
    let routes = [
        "/",
        MEETING_URL,
        "/assets/css/ccgpages.css",
        "/no/such/page/",
        "/ccgs/alpha",
        "/__ccgpages/status",
        "/__ccgpages/live.js",
        "/__ccgpages/events?page=/&since=0&run=x",
    ];
    // A page of another site whose name now points at 127.0.0.1 (DNS
    // rebinding) sends its own name: refused on every route.
    for host in
        ["evil.example:1111".to_owned(), format!("evil.example:{port}"), format!("localhost.evil.example:{port}"), "localhost".to_owned()]
    {
        for path in routes {
            let (status, head, body) = request(port, path, &[format!("Host: {host}")]);
            assert_eq!(status, 421, "{host} {path}\n{head}");
            assert!(head.to_ascii_lowercase().contains("content-type: text/plain"), "{head}");
            assert!(body.contains(&format!("http://127.0.0.1:{port}/")), "{body}");
            assert!(!body.contains("SECRET-LINE") && !body.contains("vneue") && !body.contains("<html"), "{body}");
        }
    }
    // No Host, two of them, or a request line naming another host.
    assert_eq!(request(port, "/__ccgpages/status", &[]).0, 421);
    assert_eq!(request(port, "/__ccgpages/status", &[format!("Host: localhost:{port}"), "Host: evil.example".into()]).0, 421);
    assert_eq!(request(port, "http://evil.example/__ccgpages/status", &[format!("Host: localhost:{port}")]).0, 421);

    // Its own names are served, every route.
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("LOCALHOST:{port}"), format!("[::1]:{port}")] {
        let (status, _, body) = request(port, "/__ccgpages/status", &[format!("Host: {host}")]);
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("SECRET-LINE"), "{body}");
        for path in routes {
            let (status, head, _) = request(port, path, &[format!("Host: {host}")]);
            assert!(status != 421 && status != 403, "{host} {path}\n{head}");
        }
    }
    assert_eq!(request(port, &format!("http://localhost:{port}/__ccgpages/status"), &[format!("Host: localhost:{port}")]).0, 200);

    // The live-reload stream: a page of another origin is refused, the
    // preview's own pages are not.
    let host = format!("Host: 127.0.0.1:{port}");
    let events = "/__ccgpages/events?page=/&since=0&run=x";
    for origin in ["http://evil.example", "null", "https://127.0.0.1:1", &format!("http://evil.example:{port}")] {
        let (status, head, _) = request(port, events, &[host.clone(), format!("Origin: {origin}")]);
        assert_eq!(status, 403, "{origin}\n{head}");
        assert_eq!(request(port, "/__ccgpages/status", &[host.clone(), format!("Origin: {origin}")]).0, 403, "{origin}");
    }
    let (status, head, _) = request(port, events, &[host.clone(), format!("Origin: http://127.0.0.1:{port}")]);
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("text/event-stream"), "{head}");
}

/// A paper swapped for a link to a file outside the content while the
/// preview runs: never served, neither before the preview has noticed the
/// change nor after (the link is refused when the content is checked
/// again, and the last site that built serves only the file it checked).
#[cfg(unix)]
#[test]
fn serve_never_answers_with_what_a_swapped_paper_leads_to() {
    let tmp = TempDir::new("swap");
    let content = write_site(&tmp.0);
    let paper = content.join("ccgs/alpha/papers/2016-01-14/report.pdf");
    std::fs::create_dir_all(paper.parent().unwrap()).unwrap();
    std::fs::write(&paper, "%PDF-1.4 the real paper").unwrap();
    let linked = "---\ncommittee: pccc\ndate: 2016-01-14\nagenda:\n  - number: \"1\"\n    title: Apologies\n    papers:\n      - title: Report\n        file: papers/2016-01-14/report.pdf\n---\nThe committee noted the apologies.\n";
    save(&content, MEETING, linked);
    let secret = tmp.0.join("passwd");
    std::fs::write(&secret, "root:x:0:0:SECRET-PASSWD-LINE:/root:/bin/sh\n").unwrap();
    let server = Server::start(&content);
    let url = "/ccgs/alpha/papers/2016-01-14/report.pdf";
    let deadline = Instant::now() + WAIT;
    loop {
        let r = server.get(url);
        if r.status == 200 && r.body == "%PDF-1.4 the real paper" {
            break;
        }
        assert!(Instant::now() < deadline, "the paper was never served: {} {}\n{}", r.status, r.body, server.err());
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::remove_file(&paper).unwrap();
    std::os::unix::fs::symlink(&secret, &paper).unwrap();
    let until = Instant::now() + Duration::from_secs(3);
    let mut last = 0;
    while Instant::now() < until {
        let r = server.get(url);
        assert!(!r.body.contains("SECRET-PASSWD-LINE"), "served what the link leads to: {}", r.body);
        last = r.status;
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(last, 404);
    assert!(server.err().contains("this symbolic link leads outside the content directory"), "{}", server.err());
}
