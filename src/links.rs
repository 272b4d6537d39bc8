//! The link checker: walks a built site and checks that every internal link
//! (`href`, `src`, `action`, `srcset`, `og:url`, and a sitemap's `<loc>`)
//! reaches a file of the site, and that a `#fragment` names an element of
//! the page it points at.
//!
//! Links are resolved as a web server would serve the folder at the base
//! URL's path: with the base path `/repo/`, a link to `/repo/ccgs/x/` must
//! find `ccgs/x/index.html` in the folder, and a link to `/ccgs/x/` is
//! broken, because on GitHub Pages it leaves the project site. Absolute
//! links to the base URL itself (`https://org.github.io/repo/…`, as in
//! canonical links and sitemaps) are checked the same way; other absolute
//! links are external and not followed.
//!
//! The HTML is read with a small attribute scanner rather than a parser:
//! the checker needs tags, attributes, comments and raw-text elements, and
//! the pages it reads are our own.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use quick_xml::events::Event;
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::escape::{base_path, decode_entities, percent_decode_lossy, percent_decode_utf8};

/// What the link check found.
#[derive(Debug, Default)]
pub struct LinkReport {
    /// Files in the site.
    pub files: usize,
    /// HTML and XML files read for links.
    pub pages: usize,
    /// Internal links checked.
    pub links: usize,
    /// One error per broken link (file, line and column of the link).
    pub broken: Vec<Diagnostic>,
    /// Problems that break the site only where it is served in some ways.
    pub warnings: Vec<Diagnostic>,
}

/// The base URL a built site was made for, read from its home page's
/// canonical link (`<link rel="canonical" href="…">`).
pub fn built_base_url(site: &Path) -> Option<String> {
    let html = fs::read_to_string(site.join("index.html")).ok()?;
    let scan = scan(&html, false);
    let canonical = scan.canonical?;
    let url = canonical.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    // The home page's canonical address is the base URL.
    Some(if url.ends_with('/') { url.to_owned() } else { format!("{url}/") })
}

/// The `base_url` of the content's `site.yaml`, if it can be read.
pub fn content_base_url(content: &Path) -> Option<String> {
    let text = fs::read_to_string(crate::model::ContentPath::site().within(content)).ok()?;
    #[derive(serde::Deserialize)]
    struct Site {
        base_url: String,
    }
    crate::yaml::parse::<Site>(&text).ok().map(|s| s.base_url)
}

/// Checks every internal link of the site in `site`, built for `base_url`.
pub fn check_site(site: &Path, base_url: &str) -> io::Result<LinkReport> {
    if !site.is_dir() {
        return Err(io::Error::new(io::ErrorKind::NotFound, format!("{} is not a folder", site.display())));
    }
    let mut files: Vec<String> = Vec::new();
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(site).unwrap_or(entry.path());
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    let base_url = if base_url.ends_with('/') { base_url.to_owned() } else { format!("{base_url}/") };
    let checker = Checker { base_path: base_path(&base_url), base_url, files: files.iter().cloned().collect() };

    let scanned: Vec<(String, io::Result<Scan>)> = files
        .par_iter()
        .filter(|f| is_html(f) || f.ends_with(".xml"))
        .map(|f| {
            let scan = fs::read(site.join(f)).map(|bytes| scan_fast(&String::from_utf8_lossy(&bytes), f.ends_with(".xml")));
            (f.clone(), scan)
        })
        .collect();
    let mut pages: HashMap<&str, &Scan> = HashMap::new();
    for (f, s) in &scanned {
        match s {
            Ok(s) => {
                pages.insert(f.as_str(), s);
            }
            Err(e) => return Err(io::Error::new(e.kind(), format!("cannot read {}: {e}", site.join(f).display()))),
        }
    }

    let mut report = LinkReport { files: files.len(), pages: pages.len(), ..LinkReport::default() };
    let mut names: Vec<&&str> = pages.keys().collect();
    names.sort();
    for name in names {
        let page = pages[*name];
        // Where each link is, read again only for a page with one to report.
        let mut positions: Option<Vec<(usize, usize)>> = None;
        let mut at = |k: usize| {
            let all = positions.get_or_insert_with(|| {
                let text = fs::read(site.join(name)).unwrap_or_default();
                scan(&String::from_utf8_lossy(&text), name.ends_with(".xml")).links.iter().map(|l| (l.line, l.col)).collect()
            });
            all.get(k).copied().unwrap_or((0, 0))
        };
        for (k, link) in page.links.iter().enumerate() {
            if let Some(scheme) = unsafe_scheme(&link.value, &checker.base_url) {
                let mut d = Diagnostic::error(
                    site.join(name),
                    format!("unsafe link to {} (`{scheme}:` links are not published: only http, https and mailto)", link.value),
                );
                (d.line, d.col) = at(k);
                report.broken.push(d);
                continue;
            }
            // A calendar's webcal link is followed as the https address it stands for.
            let value = match checker.base_url.split_once("://") {
                Some((scheme, site)) if is_own_webcal(&link.value, &checker.base_url) => {
                    format!("{scheme}://{site}{}", &link.value.trim()[9 + site.len()..])
                }
                _ => link.value.clone(),
            };
            let outcome = checker.resolve(name, page.base_href.as_deref(), &value);
            if outcome == Resolved::External {
                continue;
            }
            report.links += 1;
            let problem = match outcome {
                Resolved::External => None,
                Resolved::Broken(reason) => Some(reason),
                Resolved::File { path, fragment } => fragment.and_then(|frag| {
                    let target = pages.get(path.as_str()).filter(|_| is_html(&path))?;
                    (!target.ids.contains(&frag)).then(|| format!("no element with id=\"{frag}\" in {}", site.join(&path).display()))
                }),
            };
            if let Some(reason) = problem {
                let mut d = Diagnostic::error(site.join(name), format!("broken link to {} ({reason})", link.value));
                (d.line, d.col) = at(k);
                report.broken.push(d);
            }
        }
    }
    report.warnings.extend(checker.cname(site));
    Ok(report)
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

struct Checker {
    /// Ends with `/`.
    base_url: String,
    /// `/` or `/repo/`.
    base_path: String,
    files: HashSet<String>,
}

#[derive(Debug, PartialEq)]
enum Resolved {
    /// Leaves the site: not followed.
    External,
    /// A file of the site, and the fragment to find in it.
    File {
        path: String,
        fragment: Option<String>,
    },
    Broken(String),
}

impl Checker {
    /// Resolves `url`, found in the file `from` (relative to the site), to
    /// a file of the site.
    fn resolve(&self, from: &str, base_href: Option<&str>, url: &str) -> Resolved {
        let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
        if url.starts_with("//") {
            return Resolved::External;
        }
        let lower = url.to_ascii_lowercase();
        let path_and_more = if has_scheme(url) {
            let base = self.base_url.to_ascii_lowercase();
            if lower.starts_with(&base) {
                format!("{}{}", self.base_path, &url[base.len()..])
            } else if lower == base.trim_end_matches('/') {
                self.base_path.clone()
            } else {
                return Resolved::External;
            }
        } else {
            url.to_owned()
        };
        let (before_fragment, fragment) = match path_and_more.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (path_and_more.as_str(), None),
        };
        let path = before_fragment.split('?').next().unwrap_or("");

        // Where relative links start: the folder of the page's address
        // (`ccgs/x/index.html` is served at `ccgs/x/`), or its <base href>.
        let mut dir = from.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        if let Some(b) = base_href {
            match self.resolve(from, None, b) {
                Resolved::File { path, .. } => dir = path.rsplit_once('/').map_or("", |(d, _)| d).to_owned(),
                Resolved::Broken(reason) => return Resolved::Broken(format!("the page's <base href> is broken: {reason}")),
                Resolved::External => return Resolved::External,
            }
        }

        let joined = if path.is_empty() {
            // `#x` or `?q`: this page.
            let fragment = fragment.map(percent_decode_lossy).filter(|f| !f.is_empty() && f != "top");
            return Resolved::File { path: from.to_owned(), fragment };
        } else if let Some(abs) = path.strip_prefix('/') {
            let root = self.base_path.trim_start_matches('/');
            if let Some(rest) = abs.strip_prefix(root) {
                rest.to_owned()
            } else if format!("{abs}/") == root {
                String::new()
            } else {
                return Resolved::Broken(format!(
                    "outside the site's base path {}: links within the site must start with {}",
                    self.base_path, self.base_path
                ));
            }
        } else {
            if from == "404.html" && base_href.is_none() {
                return Resolved::Broken(format!(
                    "404.html is served at every missing address, so its links must start with the base path {}",
                    self.base_path
                ));
            }
            if dir.is_empty() { path.to_owned() } else { format!("{dir}/{path}") }
        };

        // Normalise `.` and `..`, then decode each segment: strictly, as a
        // web server does (a `%` that does not start an escape is refused,
        // and a file whose name holds `%` is reached only by `%25`).
        let mut segments: Vec<String> = Vec::new();
        let trailing_slash = joined.is_empty()
            || joined.ends_with('/')
            || joined.ends_with("/.")
            || joined == "."
            || joined.ends_with("/..")
            || joined == "..";
        for seg in joined.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if segments.pop().is_none() {
                        return Resolved::Broken("goes above the site's root folder".into());
                    }
                }
                s => match strict_percent_decode(s) {
                    Ok(decoded) => segments.push(decoded),
                    Err(reason) => return Resolved::Broken(reason),
                },
            }
        }
        let mut rel = segments.join("/");
        if trailing_slash {
            if !rel.is_empty() {
                rel.push('/');
            }
            rel.push_str("index.html");
        }
        let found = if self.files.contains(&rel) {
            Some(rel)
        } else if !trailing_slash && self.files.contains(&format!("{rel}/index.html")) {
            // GitHub Pages redirects `/x` to `/x/` when x is a folder.
            Some(format!("{rel}/index.html"))
        } else {
            None
        };
        match found {
            Some(path) => Resolved::File { path, fragment: fragment.map(percent_decode_lossy).filter(|f| !f.is_empty() && f != "top") },
            None => Resolved::Broken("no such file".into()),
        }
    }

    /// A CNAME file serves the site from that domain's root (when GitHub
    /// Pages publishes a branch; a workflow's deployment ignores the file),
    /// so a site built for a sub-path would have every link broken there.
    fn cname(&self, site: &Path) -> Option<Diagnostic> {
        let cname = fs::read_to_string(site.join("CNAME")).ok()?;
        let cname = cname.trim();
        (!cname.is_empty() && self.base_path != "/").then(|| {
            Diagnostic::warning(
                site.join("CNAME"),
                format!(
                    "the site is built for {} but CNAME names the domain {cname}, which serves a site at its root, \
                 where links starting with {} would not work: publish it at https://{cname}/ (set it in \
                 Settings > Pages, and base_url to https://{cname}/) or remove `cname` from site.yaml",
                    self.base_url, self.base_path
                ),
            )
        })
    }
}

/// The scheme of a link the site must not publish: any but http, https
/// and mailto (and relative links, which have none), with one exception
/// the generator writes itself: a calendar's subscription link, `webcal://`
/// followed by the site's own address ([`is_own_webcal`]).
fn unsafe_scheme<'u>(url: &'u str, base_url: &str) -> Option<&'u str> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
    if !has_scheme(url) {
        return None;
    }
    let scheme = &url[..url.find(':')?];
    let safe = ["http", "https", "mailto"].iter().any(|s| scheme.eq_ignore_ascii_case(s)) || is_own_webcal(url, base_url);
    (!safe).then_some(scheme)
}

/// Whether `url` is `webcal://` and the site's base URL without its scheme
/// (`https://x.org/repo/` gives `webcal://x.org/repo/…`): the only webcal
/// links the site has, made by `Base::webcal` for its calendars. Content
/// cannot write one: Markdown keeps only http, https and mailto links.
pub(crate) fn is_own_webcal(url: &str, base_url: &str) -> bool {
    let Some((_, site)) = base_url.split_once("://") else { return false };
    url.get(..9).is_some_and(|s| s.eq_ignore_ascii_case("webcal://"))
        && url[9..].get(..site.len()).is_some_and(|s| s.eq_ignore_ascii_case(site))
        && url.ends_with(".ics")
}

/// `http:`, `mailto:`, `data:`…: a scheme before any `/`, `?` or `#`.
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else { return false };
    let scheme = &url[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
}

/// A path segment decoded, or why a web server would not find it: a `%`
/// not followed by two hex digits, or escapes that are not UTF-8.
fn strict_percent_decode(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    for (i, _) in s.match_indices('%') {
        if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)) {
            return Err(format!("`%` must start an escape such as %20; a % in a file name is written %25 (in `{s}`)"));
        }
    }
    percent_decode_utf8(s).ok_or_else(|| format!("`{s}` decodes to bytes that are not UTF-8 text"))
}

// ---------------------------------------------------------------------------
// The scanner.

/// A link found in a page.
#[derive(Debug, Clone, PartialEq)]
struct Link {
    /// The URL, with character references decoded.
    value: String,
    line: usize,
    col: usize,
}

#[derive(Debug, Default)]
struct Scan {
    links: Vec<Link>,
    /// Every `id` (and `<a name>`) in the page.
    ids: HashSet<String>,
    base_href: Option<String>,
    canonical: Option<String>,
}

/// Reads the links and ids of an HTML page (or, with `xml`, a sitemap or
/// feed: `<loc>` text counts as a link too). HTML is read by html5ever's
/// tokenizer, as a browser reads it; XML by quick-xml, or as HTML if it is
/// not well-formed.
fn scan(text: &str, xml: bool) -> Scan {
    if xml && let Some(scan) = scan_xml(text) {
        return scan;
    }
    scan_html(text, xml, true)
}

/// [`scan`] without the positions of a page's links (line and column 0):
/// the tokenizer reads the page in one piece, several times faster. The
/// same links in the same order: a page with a link to report is read
/// again with [`scan`].
fn scan_fast(text: &str, xml: bool) -> Scan {
    if xml { scan(text, xml) } else { scan_html(text, xml, false) }
}

/// What one tag says: links, ids, a base or a canonical address. `tag` is
/// the element's name in lower case, `attrs` its attributes (names in lower
/// case, values decoded), and `source` the tag as written, from `start` in
/// the text, to say where each value is.
/// Every attribute [`read_tag`] reads (the HTML tokenizer's sink passes
/// only these).
const READ_ATTRIBUTES: &[&str] = &["id", "name", "href", "src", "action", "poster", "srcset", "content", "rel", "property"];

fn read_tag(out: &mut Scan, lines: Option<&LineIndex>, text: &str, tag: &str, attrs: &[(String, String)], start: usize, end: usize) {
    let get = |n: &str| attrs.iter().find(|a| a.0 == n).map(|a| a.1.as_str());
    let mut push = |name: &str, value: &str| {
        let (line, col) = lines.map_or((0, 0), |lines| lines.position(text, value_offset(text, start, end, name)));
        out.links.push(Link { value: value.to_owned(), line, col });
    };
    for (name, value) in attrs {
        match name.as_str() {
            "id" if !value.is_empty() => {
                out.ids.insert(value.clone());
            }
            "name" if tag == "a" && !value.is_empty() => {
                out.ids.insert(value.clone());
            }
            "href" if tag == "base" => out.base_href = Some(value.clone()),
            "href" | "src" | "action" | "poster" => {
                if tag == "link" && get("rel").is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("canonical"))) {
                    out.canonical = Some(value.clone());
                }
                if !value.trim().is_empty() || name == "src" {
                    push(name, value);
                }
            }
            "srcset" => {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        push(name, url);
                    }
                }
            }
            "content"
                if tag == "meta"
                    && get("property").or(get("name")).is_some_and(|p| matches!(p, "og:url" | "og:image" | "twitter:image")) =>
            {
                push(name, value);
            }
            _ => {}
        }
    }
}

/// Where the value of attribute `name` starts in the tag written at
/// `start..end` of `text` (after its quote), for messages: the parsers say
/// what a value is, not where. The attribute's name if it has no value, the
/// tag's start if it is not found.
fn value_offset(text: &str, start: usize, end: usize, name: &str) -> usize {
    let b = text.as_bytes();
    let end = end.min(b.len());
    let mut from = start + 1;
    let mut bare = None;
    while let Some(at) = b.get(from..end).and_then(|t| t.windows(name.len()).position(|w| w.eq_ignore_ascii_case(name.as_bytes()))) {
        let at = from + at;
        from = at + 1;
        if !b.get(at - 1).is_some_and(|c| c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'/')) {
            continue;
        }
        let mut k = at + name.len();
        while b.get(k).is_some_and(u8::is_ascii_whitespace) {
            k += 1;
        }
        if b.get(k) != Some(&b'=') {
            bare = bare.or(Some(at));
            continue;
        }
        k += 1;
        while b.get(k).is_some_and(u8::is_ascii_whitespace) {
            k += 1;
        }
        return if matches!(b.get(k), Some(b'"' | b'\'')) { k + 1 } else { k };
    }
    bare.unwrap_or(start)
}

/// The tokens of an HTML page, into a [`Scan`].
struct HtmlSink<'t> {
    text: &'t str,
    /// None when positions are not wanted (see [`scan_fast`]).
    lines: Option<&'t LineIndex>,
    xml: bool,
    out: RefCell<Scan>,
    /// Where the piece of text being read ends: each piece ends with a
    /// `>`, so a tag read ends there.
    end: Cell<usize>,
    /// Where the last tag ended: the next one starts after it.
    prev: Cell<usize>,
    /// Where the text of a `<loc>` starts, while it is read.
    loc: RefCell<Option<(usize, String)>>,
}

impl TokenSink for HtmlSink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let end = self.end.get();
                let prev = self.prev.replace(end).min(end);
                let name: &str = &tag.name;
                if tag.kind == TagKind::EndTag {
                    if self.xml
                        && name == "loc"
                        && let Some((at, value)) = self.loc.borrow_mut().take()
                    {
                        self.push_loc(at, &value);
                    }
                    return TokenSinkResult::Continue;
                }
                // Only the attributes `read_tag` reads: most tags have none
                // of them, and are not looked at further.
                let attrs: Vec<(String, String)> = tag
                    .attrs
                    .iter()
                    .filter(|a| READ_ATTRIBUTES.contains(&&*a.name.local))
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                if !attrs.is_empty() {
                    // The tag's `<`: the last one before its `>` that starts this name.
                    let start = if self.lines.is_none() {
                        prev
                    } else {
                        let open = format!("<{name}");
                        self.text.as_bytes()[prev..end]
                            .windows(open.len())
                            .rposition(|w| w.eq_ignore_ascii_case(open.as_bytes()))
                            .map_or(prev, |p| prev + p)
                    };
                    read_tag(&mut self.out.borrow_mut(), self.lines, self.text, name, &attrs, start, end);
                }
                if self.xml && name == "loc" {
                    *self.loc.borrow_mut() = Some((end, String::new()));
                }
                // Raw text: nothing inside is markup.
                if !self.xml && !tag.self_closing {
                    match name {
                        "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" => return TokenSinkResult::RawData(RawKind::Rawtext),
                        "textarea" | "title" => return TokenSinkResult::RawData(RawKind::Rcdata),
                        _ => {}
                    }
                }
            }
            Token::CharacterTokens(t) => {
                if let Some((_, value)) = self.loc.borrow_mut().as_mut() {
                    value.push_str(&t);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl HtmlSink<'_> {
    fn push_loc(&self, at: usize, value: &str) {
        push_loc(&mut self.out.borrow_mut(), self.lines, self.text, at, value);
    }
}

fn scan_html(text: &str, xml: bool, positions: bool) -> Scan {
    let lines = positions.then(|| LineIndex::new(text));
    let sink = HtmlSink {
        text,
        lines: lines.as_ref(),
        xml,
        out: RefCell::default(),
        end: Cell::new(text.len()),
        prev: Cell::new(0),
        loc: RefCell::default(),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    // A piece at a time, each ending with a `>`: a tag is read when its
    // `>` is, so the sink knows where it ends.
    let mut from = 0;
    while from < text.len() {
        let to = if positions { memchr(b'>', text.as_bytes(), from).map_or(text.len(), |e| e + 1) } else { text.len() };
        tokenizer.sink.end.set(to);
        input.push_back(StrTendril::from_slice(&text[from..to]));
        let _ = tokenizer.feed(&input);
        from = to;
    }
    tokenizer.end();
    if let Some((at, value)) = tokenizer.sink.loc.take() {
        tokenizer.sink.push_loc(at, &value);
    }
    tokenizer.sink.out.into_inner()
}

/// A sitemap or feed read by quick-xml; `None` if it is not well-formed.
fn scan_xml(text: &str) -> Option<Scan> {
    let lines = LineIndex::new(text);
    let mut out = Scan::default();
    let mut reader = quick_xml::Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    // The text of a `<loc>`, from where it starts.
    let mut loc: Option<(usize, String)> = None;
    loop {
        let start = usize::try_from(reader.buffer_position()).ok()?;
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => {
                let end = usize::try_from(reader.buffer_position()).ok()?;
                let name = e.name().as_ref().to_ascii_lowercase();
                let mut attrs = Vec::new();
                for attr in e.attributes().with_checks(false) {
                    let attr = attr.ok()?;
                    attrs.push((attr.key.as_ref().to_ascii_lowercase(), decode_entities(&attr.value).into_owned()));
                }
                read_tag(&mut out, Some(&lines), text, &name, &attrs, start, end);
                if name == "loc" {
                    loc = Some((end, String::new()));
                }
            }
            Event::End(e) if e.name().as_ref().eq_ignore_ascii_case("loc") => {
                if let Some((at, value)) = loc.take() {
                    push_loc(&mut out, Some(&lines), text, at, &value);
                }
            }
            Event::Text(t) => {
                if let Some((_, value)) = loc.as_mut() {
                    value.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, value)) = loc.as_mut() {
                    value.push_str(&decode_entities(&format!("&{};", &*r)));
                }
            }
            Event::CData(t) => {
                if let Some((_, value)) = loc.as_mut() {
                    value.push_str(&t);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((at, value)) = loc {
        push_loc(&mut out, Some(&lines), text, at, &value);
    }
    Some(out)
}

/// A `<loc>`'s text (from `at` in the text) is a link.
fn push_loc(out: &mut Scan, lines: Option<&LineIndex>, text: &str, at: usize, value: &str) {
    let lead = text[at..].len() - text[at..].trim_start().len();
    let (line, col) = lines.map_or((0, 0), |lines| lines.position(text, at + lead));
    out.links.push(Link { value: value.trim().to_owned(), line, col });
}

fn memchr(c: u8, b: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?.iter().position(|&x| x == c).map(|p| p + from)
}

/// Byte offset → 1-based line and column (in characters).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, c)| *c == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }
    fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn only_safe_schemes_and_the_sites_own_webcal_links() {
        let base = "https://example.github.io/repo/";
        for ok in [
            "/repo/x/",
            "x.ics",
            "https://other.org/",
            "HTTP://x.org/",
            "mailto:a@b.org",
            "#top",
            "webcal://example.github.io/repo/ccgs/x/meetings.ics",
        ] {
            assert_eq!(unsafe_scheme(ok, base), None, "{ok}");
        }
        for (bad, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("data:text/html,x", "data"),
            ("webcal://evil.example/repo/x.ics", "webcal"),
            ("webcal://example.github.io/other/x.ics", "webcal"),
            ("webcal://example.github.io/repo/x/", "webcal"),
            ("tel:123", "tel"),
        ] {
            assert_eq!(unsafe_scheme(bad, base), Some(scheme), "{bad}");
        }
    }

    fn checker(base_url: &str, files: &[&str]) -> Checker {
        Checker { base_url: base_url.to_owned(), base_path: base_path(base_url), files: files.iter().map(|s| (*s).to_owned()).collect() }
    }

    fn file(path: &str, fragment: Option<&str>) -> Resolved {
        Resolved::File { path: path.into(), fragment: fragment.map(str::to_owned) }
    }

    #[test]
    fn scans_attributes_ids_and_skips_comments_and_scripts() {
        let html = "<!DOCTYPE html>\n<a href=\"/repo/a/\" id=x>A</a><!-- <a href=\"/gone/\"> -->\n\
                    <script>var s = '<a href=\"/nope/\">';</script><img src='/repo/i.png' alt=\"\">\n\
                    <a href=/repo/b/?q=1&amp;r=2#top name=old>B</a><p ID=\"Y\">";
        let s = scan(html, false);
        let values: Vec<&str> = s.links.iter().map(|l| l.value.as_str()).collect();
        assert_eq!(values, ["/repo/a/", "/repo/i.png", "/repo/b/?q=1&r=2#top"]);
        assert_eq!((s.links[0].line, s.links[0].col), (2, 10));
        assert_eq!((s.links[1].line, s.links[1].col), (3, 56));
        assert!(s.ids.contains("x") && s.ids.contains("old") && s.ids.contains("Y"));
    }

    /// Links are read as a browser reads them; each is reported where its
    /// value starts.
    #[test]
    fn scans_as_a_browser_reads() {
        let html = "<p title=\"see href=/x/\">\n<IMG SRC = '/repo/a.png' data-src=/no/>\
                    <img\nsrc>\n<textarea><a href=/no/></textarea><a href=\"/repo/b/?a=1&copy=2&amp;c\" href=/no/>";
        let s = scan(html, false);
        let found: Vec<(&str, usize, usize)> = s.links.iter().map(|l| (l.value.as_str(), l.line, l.col)).collect();
        assert_eq!(found, [("/repo/a.png", 2, 13), ("", 3, 1), ("/repo/b/?a=1&copy=2&c", 4, 44)]);
        // A sitemap's CDATA is text, and a sitemap that is not well-formed is still read.
        let s = scan("<urlset><url><loc><![CDATA[https://x.org/a/]]></loc><x><![CDATA[<a href=\"/no/\">]]></x></url></urlset>", true);
        assert_eq!(s.links.iter().map(|l| l.value.as_str()).collect::<Vec<_>>(), ["https://x.org/a/"]);
        let s = scan("<urlset><loc>https://x.org/a/?b&amp;c</loc><loc>https://x.org/b/</url>", true);
        assert_eq!(s.links.iter().map(|l| l.value.as_str()).collect::<Vec<_>>(), ["https://x.org/a/?b&c", "https://x.org/b/"]);
    }

    #[test]
    fn scans_sitemap_locations_and_canonical() {
        let s = scan("<urlset><url><loc>\n https://x.org/repo/a/ </loc></url></urlset>", true);
        assert_eq!(s.links[0].value, "https://x.org/repo/a/");
        assert_eq!(s.links[0].line, 2);
        let s = scan("<link href=\"https://x.org/repo/\" rel=\"canonical\">", false);
        assert_eq!(s.canonical.as_deref(), Some("https://x.org/repo/"));
    }

    #[test]
    fn resolves_under_a_base_path() {
        let c = checker("https://org.github.io/repo/", &["index.html", "ccgs/x/index.html", "ccgs/x/papers/a b.pdf", "404.html"]);
        assert_eq!(c.resolve("index.html", None, "/repo/ccgs/x/"), file("ccgs/x/index.html", None));
        assert_eq!(c.resolve("index.html", None, "/repo/"), file("index.html", None));
        assert_eq!(c.resolve("index.html", None, "/repo"), file("index.html", None));
        assert_eq!(c.resolve("index.html", None, "/repo/ccgs/x"), file("ccgs/x/index.html", None));
        assert_eq!(c.resolve("index.html", None, "ccgs/x/#decisions"), file("ccgs/x/index.html", Some("decisions")));
        assert_eq!(c.resolve("ccgs/x/index.html", None, "papers/a%20b.pdf"), file("ccgs/x/papers/a b.pdf", None));
        assert_eq!(c.resolve("ccgs/x/index.html", None, "../../"), file("index.html", None));
        assert_eq!(c.resolve("ccgs/x/index.html", None, "#top"), file("ccgs/x/index.html", None));
        assert_eq!(c.resolve("ccgs/x/index.html", None, "#m"), file("ccgs/x/index.html", Some("m")));
        assert_eq!(c.resolve("index.html", None, "https://org.github.io/repo/ccgs/x/"), file("ccgs/x/index.html", None));
        assert_eq!(c.resolve("index.html", None, "https://www.england.nhs.uk/x/"), Resolved::External);
        assert_eq!(c.resolve("index.html", None, "mailto:a@b.org"), Resolved::External);
        assert_eq!(c.resolve("index.html", None, "//cdn.example.org/x.js"), Resolved::External);
        assert_eq!(c.resolve("index.html", None, "/repo/ccgs/y/"), Resolved::Broken("no such file".into()));
        assert!(
            matches!(c.resolve("index.html", None, "/ccgs/x/"), Resolved::Broken(r) if r.contains("outside the site's base path /repo/"))
        );
        assert!(matches!(c.resolve("index.html", None, "../x"), Resolved::Broken(r) if r.contains("above")));
        assert!(matches!(c.resolve("404.html", None, "ccgs/x/"), Resolved::Broken(r) if r.contains("404.html")));
        assert_eq!(c.resolve("404.html", None, "/repo/ccgs/x/"), file("ccgs/x/index.html", None));
        assert_eq!(c.resolve("ccgs/x/index.html", Some("/repo/"), "ccgs/x/"), file("ccgs/x/index.html", None));
    }

    #[test]
    fn percent_escapes_are_read_as_a_web_server_reads_them() {
        let c = checker("https://org.github.io/repo/", &["p/a b.pdf", "p/a%20b.pdf", "p/100%.pdf", "p/é.pdf"]);
        assert_eq!(c.resolve("index.html", None, "p/a%20b.pdf"), file("p/a b.pdf", None));
        assert_eq!(c.resolve("index.html", None, "p/a%2520b.pdf"), file("p/a%20b.pdf", None));
        assert_eq!(c.resolve("index.html", None, "p/100%25.pdf"), file("p/100%.pdf", None));
        assert_eq!(c.resolve("index.html", None, "p/%C3%A9.pdf"), file("p/é.pdf", None));
        // A bare `%` does not reach the file named with it.
        for bad in ["p/100%.pdf", "p/a%2.pdf", "p/a%zz.pdf", "p/%"] {
            assert!(matches!(c.resolve("index.html", None, bad), Resolved::Broken(r) if r.contains("%25")), "{bad}");
        }
        assert!(matches!(c.resolve("index.html", None, "p/%FF.pdf"), Resolved::Broken(r) if r.contains("UTF-8")));
    }

    #[test]
    fn resolves_at_a_domain_root() {
        let c = checker("https://transparency.example.nhs.uk/", &["index.html", "ccgs/x/index.html"]);
        assert_eq!(c.resolve("index.html", None, "/ccgs/x/"), file("ccgs/x/index.html", None));
        assert_eq!(c.resolve("index.html", None, "/"), file("index.html", None));
        assert_eq!(c.resolve("index.html", None, "https://transparency.example.nhs.uk"), file("index.html", None));
    }

    struct Tmp(PathBuf);
    impl Drop for Tmp {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn site(label: &str, files: &[(&str, &str)]) -> Tmp {
        let dir = std::env::temp_dir().join(format!("ccgpages-links-{label}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, text) in files {
            let p = dir.join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        Tmp(dir)
    }

    #[test]
    fn reports_each_broken_link_with_its_position() {
        let s = site(
            "broken",
            &[
                (
                    "index.html",
                    "<link rel=\"canonical\" href=\"https://org.github.io/repo/\">\n<a href=\"/repo/ccgs/x/\">x</a>\n<a href=\"/repo/ccgs/y/\">y</a>",
                ),
                (
                    "ccgs/x/index.html",
                    "<h2 id=\"decisions\">D</h2><a href=\"#decisions\">ok</a> <a href=\"/repo/ccgs/x/#gifts\">no</a> <a href=\"../../\">home</a>",
                ),
                (
                    "sitemap.xml",
                    "<urlset><url><loc>https://org.github.io/repo/ccgs/x/</loc></url><url><loc>https://org.github.io/repo/gone/</loc></url></urlset>",
                ),
            ],
        );
        assert_eq!(built_base_url(&s.0).as_deref(), Some("https://org.github.io/repo/"));
        let r = check_site(&s.0, "https://org.github.io/repo/").unwrap();
        let messages: Vec<String> = r.broken.iter().map(Diagnostic::render).collect();
        let shown = |rel: &str| s.0.join(rel).display().to_string();
        assert_eq!(
            messages,
            [
                format!(
                    "{}:1:63: error: broken link to /repo/ccgs/x/#gifts (no element with id=\"gifts\" in {})",
                    shown("ccgs/x/index.html"),
                    shown("ccgs/x/index.html")
                ),
                format!("{}:3:10: error: broken link to /repo/ccgs/y/ (no such file)", shown("index.html")),
                format!("{}:1:75: error: broken link to https://org.github.io/repo/gone/ (no such file)", shown("sitemap.xml")),
            ]
        );
        assert_eq!(r.pages, 3);
    }

    #[test]
    fn a_clean_site_passes_and_cname_must_match_the_base_path() {
        let s = site(
            "clean",
            &[
                ("index.html", "<a href=\"/repo/about/\">About</a><img src=\"/repo/assets/logo.svg\" alt=\"\">"),
                ("about/index.html", "<a href=\"../\">Home</a>"),
                ("assets/logo.svg", "<svg/>"),
                ("CNAME", "transparency.example.nhs.uk\n"),
            ],
        );
        let r = check_site(&s.0, "https://org.github.io/repo/").unwrap();
        assert_eq!(r.links, 3);
        assert!(r.broken.is_empty(), "{:?}", r.broken);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].message.contains("base_url to https://transparency.example.nhs.uk/"));
        let r = check_site(&s.0, "https://transparency.example.nhs.uk/").unwrap();
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(r.broken.len(), 2, "{:?}", r.broken);
    }
}
