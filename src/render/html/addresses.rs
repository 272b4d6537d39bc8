//! The two template functions that give a template the site's addresses,
//! so that no template writes one out after `site.base`:
//!
//! - `url(...)` asks for an address by what it is, and [`SitePath`]'s
//!   builders make it: `url(page="decisions")`, `url(ccg=ccg.id)`,
//!   `url(ccg=ccg.id, file="decisions.csv")`, `url(feed="national")`…
//!   (Zola's `get_url` is the model; the arguments are typed here, so a
//!   misspelt name is an error, not a broken link).
//! - `asset(path=...)` gives a static file of the theme (`static/<path>`)
//!   with a hash of its bytes as published (a content folder's overriding
//!   file, not the built-in one) for cache-busting: `/assets/css/x.css?h=…`
//!   (mdBook's `resource` helper is the model).
//!
//! Both return the link under the base path, escaped for an HTML or XML
//! attribute and marked safe (the same bytes Tera's escaping would give),
//! so they serve the HTML templates and `feed.xsl`, which is not escaped.

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::{Kwargs, State, TeraResult, Value};

use crate::diag::Diagnostic;
use crate::escape::escape_text;
use crate::hash;
use crate::model::REGIONS;
use crate::render::published::{Base, DataFile, SitePath};
use crate::suggest::{did_you_mean, one_of};
use crate::theme::Theme;

/// An address by a name a template gives: the name, and its builder.
type Named = (&'static str, fn() -> SitePath);

/// The site's own pages, by the name `url(page=...)` takes: each the
/// folder it is published in (the home page is `home`).
const PAGES: &[Named] = &[
    ("home", SitePath::home),
    ("decisions", SitePath::decisions_page),
    ("people", SitePath::people_index),
    ("practices", SitePath::practices_index),
    ("interests", SitePath::interests_page),
    ("checks", SitePath::checks_index),
    ("search", SitePath::search_page),
    ("open-data", SitePath::open_data_page),
    ("subscribe", SitePath::subscribe_page),
];

/// The site's national files, by the name `url(file=...)` takes.
const FILES: &[Named] = &[
    ("decisions.csv", SitePath::national_decisions_csv),
    ("interests.csv", || SitePath::national_interests(false)),
    ("interests.json", || SitePath::national_interests(true)),
    ("ccgs.json", SitePath::ccgs_json),
    ("checks.csv", || SitePath::national_checks(false)),
    ("checks.json", || SitePath::national_checks(true)),
    ("attendance.csv", SitePath::attendance_csv),
    ("declarations.csv", SitePath::declarations_csv),
    ("lookup.json", SitePath::lookup_json),
    ("ccgpages.json", SitePath::manifest),
    ("ccgpages.schema.json", SitePath::manifest_schema),
];

/// A CCG's files, by the name `url(ccg=..., file=...)` takes.
const CCG_FILES: &[DataFile] =
    &[DataFile::DecisionsCsv, DataFile::DecisionsJson, DataFile::InterestsCsv, DataFile::InterestsJson, DataFile::Calendar, DataFile::Feed];

/// What `url(...)` can be asked for: exactly one of these.
const WHAT: &[&str] = &["page", "ccg", "group", "practice", "check", "feed", "file"];

/// The arguments `url(...)` takes: one of [`WHAT`], and with `ccg` a
/// `file` or a `section`.
const URL_ARGS: &[&str] = &["page", "ccg", "group", "practice", "check", "feed", "file", "section"];

/// What the two functions need: the base, and the hash of each asset.
pub(super) struct Addresses {
    base: Base,
    /// The hash of each static file of the theme (by path under
    /// `static/`): the first 8 hex digits of its XXH64.
    hashes: BTreeMap<String, String>,
}

impl Addresses {
    pub(super) fn new(theme: &Theme, base_url: &str) -> Addresses {
        let hashes = theme.statics().map(|(path, bytes)| (path.to_owned(), format!("{:08x}", hash::hash(bytes) >> 32))).collect();
        Addresses { base: Base::new(base_url), hashes }
    }

    /// Registers `url` and `asset` with `tera`.
    pub(super) fn register(self, tera: &mut tera::Tera) {
        let this = Arc::new(self);
        let url = Arc::clone(&this);
        tera.register_function("url", move |kwargs: Kwargs, _: &State| url.url(&kwargs));
        let asset = Arc::clone(&this);
        tera.register_function("asset", move |kwargs: Kwargs, _: &State| asset.asset(&kwargs));
        tera.register_function("import_map", move |kwargs: Kwargs, _: &State| this.import_map(&kwargs));
    }

    fn link(&self, p: &SitePath) -> Value {
        Value::safe_string(&escape_text(&self.base.href(p)))
    }

    /// `url(...)`: see the module's documentation and [`WHAT`].
    fn url(&self, kwargs: &Kwargs) -> TeraResult<Value> {
        let mut what: Vec<&str> = Vec::new();
        for (key, _) in kwargs.iter() {
            let key = key.as_str().unwrap_or_default();
            if !URL_ARGS.contains(&key) {
                return Err(error(format!(
                    "url() takes no argument `{key}`{}: it takes {}",
                    did_you_mean(key, URL_ARGS.iter().copied()),
                    one_of(URL_ARGS.iter().copied())
                )));
            }
            if WHAT.contains(&key) {
                what.push(key);
            }
        }
        what.sort_unstable();
        // A CCG's file: `ccg` and `file` together.
        let what = match what.as_slice() {
            [one] => *one,
            [a, b] if [*a, *b].contains(&"ccg") && [*a, *b].contains(&"file") => "ccg",
            [] => return Err(error(format!("url() needs to know what to link: give it one of {}", one_of(WHAT.iter().copied())))),
            many => {
                return Err(error(format!(
                    "url() links one thing, and was given {}: give it one of {} (a CCG's file is `ccg` and `file`)",
                    many.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and "),
                    one_of(WHAT.iter().copied())
                )));
            }
        };
        if what != "ccg" && kwargs.get::<&Value>("section")?.is_some() {
            return Err(error("url(): `section` is a part of a CCG's page, and goes with `ccg`"));
        }
        let path = match what {
            "page" => named("page", text(kwargs, "page")?, PAGES)?,
            "file" => named("file", text(kwargs, "file")?, FILES)?,
            "ccg" => {
                let id = id(kwargs, "ccg")?;
                match (kwargs.get::<&Value>("file")?.is_some(), kwargs.get::<&Value>("section")?.is_some()) {
                    (true, true) => {
                        return Err(error("url(ccg=...) links a CCG's page or one of its files: give it `file` or `section`, not both"));
                    }
                    (true, false) => {
                        let name = text(kwargs, "file")?;
                        let file = CCG_FILES.iter().find(|f| f.name() == name).ok_or_else(|| {
                            let names = CCG_FILES.iter().map(|f| f.name());
                            error(format!(
                                "url(ccg=..., file=\"{name}\"): a CCG has no such file{}; its files are {}",
                                did_you_mean(name, names.clone()),
                                one_of(names)
                            ))
                        })?;
                        SitePath::ccg_file(id, *file)
                    }
                    (false, true) => SitePath::ccg_section(id, text(kwargs, "section")?),
                    (false, false) => SitePath::ccg(id),
                }
            }
            "group" => SitePath::group(id(kwargs, "group")?),
            "practice" => SitePath::practice(id(kwargs, "practice")?),
            "check" => {
                let n = kwargs.get::<usize>("check").ok().flatten().filter(|n| (1..=crate::checks::CHECKS.len()).contains(n));
                SitePath::check(n.ok_or_else(|| {
                    error(format!("url(check=...) takes the number of a transparency check, 1 to {}", crate::checks::CHECKS.len()))
                })?)
            }
            _ => {
                let feed = text(kwargs, "feed")?;
                if feed == "national" {
                    SitePath::national_feed()
                } else if REGIONS.contains(&feed) {
                    SitePath::region_feed(feed)
                } else {
                    let names = std::iter::once("national").chain(REGIONS.iter().copied());
                    return Err(error(format!(
                        "url(feed=\"{feed}\"): no such feed{}; the feeds are {}",
                        did_you_mean(feed, names.clone()),
                        one_of(names)
                    )));
                }
            }
        };
        Ok(self.link(&path))
    }

    /// `asset(path=...)`: a static file of the theme, with its hash.
    fn asset(&self, kwargs: &Kwargs) -> TeraResult<Value> {
        if let Some((key, _)) = kwargs.iter().find(|(k, _)| k.as_str() != Some("path")) {
            return Err(error(format!("asset() takes no argument `{}`: it takes `path`", key.as_str().unwrap_or_default())));
        }
        let path =
            text(kwargs, "path").map_err(|_| error("asset() needs `path`, a file under the theme's static/ (\"css/ccgpages.css\")"))?;
        let hash = self.hashes.get(path).ok_or_else(|| error(self.missing(path)))?;
        let href = format!("{}?h={hash}", self.base.href(&SitePath::asset(path)));
        Ok(Value::safe_string(&escape_text(&href)))
    }

    /// `import_map()`: an import map (the text of a `<script
    /// type="importmap">`) that sends each script of the theme, as a module
    /// imports another (`import … from './common.js'`), to its address with
    /// its hash, as `asset` links it: so that an imported module is fetched
    /// again when it changes, like the page's own scripts.
    fn import_map(&self, kwargs: &Kwargs) -> TeraResult<Value> {
        if let Some((key, _)) = kwargs.iter().next() {
            return Err(error(format!("import_map() takes no argument, and was given `{}`", key.as_str().unwrap_or_default())));
        }
        let imports: serde_json::Map<String, serde_json::Value> = self
            .hashes
            .iter()
            .filter(|(path, _)| path.ends_with(".js") || path.ends_with(".mjs"))
            .map(|(path, hash)| {
                let href = self.base.href(&SitePath::asset(path));
                (href.clone(), serde_json::Value::String(format!("{href}?h={hash}")))
            })
            .collect();
        let json = serde_json::json!({ "imports": imports }).to_string();
        // Inside a <script> element: no `</script>` can end it early.
        Ok(Value::safe_string(&json.replace('<', "\\u003c")))
    }

    /// The message for an asset the theme does not have.
    fn missing(&self, path: &str) -> String {
        format!("asset(path=\"{path}\"): the theme has no file static/{path}{}", did_you_mean(path, self.hashes.keys().map(String::as_str)))
    }

    /// Every call of `url` or `asset` in the theme's templates whose
    /// arguments are all literals (`url(page="decisions")`,
    /// `asset(path="css/x.css")`) and that fails: found once, when the
    /// templates are compiled, rather than on every page that renders them.
    /// (A call with a variable, `url(ccg=ccg.id)`, fails when it renders.)
    pub(super) fn check_calls(&self, theme: &Theme, template_path: impl Fn(&str) -> std::path::PathBuf) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for (name, bytes) in theme.templates() {
            let Ok(text) = std::str::from_utf8(bytes) else { continue };
            for func in ["url", "asset"] {
                for (at, args) in literal_calls(text, func) {
                    let mut map = tera::Map::new();
                    for (k, v) in args {
                        map.insert(k.into(), v);
                    }
                    let kwargs = Kwargs::new(Arc::new(map));
                    let result = if func == "url" { self.url(&kwargs) } else { self.asset(&kwargs) };
                    if let Err(e) = result {
                        let (line, col) = crate::source::line_col(text, at);
                        diags.push(Diagnostic::error(template_path(name), e.to_string()).at(text, line, col));
                    }
                }
            }
        }
        diags
    }
}

/// The calls of the function `func` in `text` whose arguments are all
/// literal text or whole numbers: where each starts, and its arguments.
fn literal_calls(text: &str, func: &str) -> Vec<(usize, Vec<(String, Value)>)> {
    let mut calls = Vec::new();
    let call = format!("{func}(");
    for (at, _) in text.match_indices(&call) {
        if text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        if let Some(args) = literal_args(&text[at + call.len()..]) {
            calls.push((at, args));
        }
    }
    calls
}

/// The arguments `rest` starts with, up to the call's `)`, if they are all
/// literals: `page="decisions", check=3)`.
fn literal_args(rest: &str) -> Option<Vec<(String, Value)>> {
    let mut args = Vec::new();
    let mut s = rest.trim_start();
    loop {
        if s.starts_with(')') {
            return Some(args);
        }
        let key_len = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
        let key = &s[..key_len];
        s = s[key_len..].trim_start().strip_prefix('=')?.trim_start();
        let value = if let Some(quote) = s.chars().next().filter(|c| matches!(c, '"' | '\'' | '`')) {
            let end = s[1..].find(quote)?;
            let v = Value::from(s[1..1 + end].to_owned());
            s = &s[end + 2..];
            v
        } else {
            let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let n: i64 = s[..digits].parse().ok()?;
            s = &s[digits..];
            Value::from(n)
        };
        if key.is_empty() {
            return None;
        }
        args.push((key.to_owned(), value));
        s = s.trim_start();
        if let Some(after) = s.strip_prefix(',') {
            s = after.trim_start();
        } else if !s.starts_with(')') {
            return None;
        }
    }
}

fn error(message: impl ToString) -> tera::Error {
    tera::Error::message(message)
}

/// The text argument `key`.
fn text<'k>(kwargs: &'k Kwargs, key: &'k str) -> TeraResult<&'k str> {
    match kwargs.get::<&Value>(key)? {
        Some(v) => v.as_str().ok_or_else(|| error(format!("url(): `{key}` takes text, and was given {}", v.name()))),
        None => Err(error(format!("`{key}` is missing"))),
    }
}

/// The id argument `key` (a CCG's, a group's, a practice's ODS code): text
/// that can be a folder's name.
fn id<'k>(kwargs: &'k Kwargs, key: &'k str) -> TeraResult<&'k str> {
    let id = text(kwargs, key)?;
    if id.is_empty() || id.contains('/') || id == "." || id == ".." {
        return Err(error(format!("url({key}=\"{id}\"): not an id")));
    }
    Ok(id)
}

/// The address of `name` in `list`, or an error naming the others.
fn named(arg: &str, name: &str, list: &[Named]) -> TeraResult<SitePath> {
    match list.iter().find(|(n, _)| *n == name) {
        Some((_, make)) => Ok(make()),
        None => {
            let names = list.iter().map(|(n, _)| *n);
            Err(error(format!(
                "url({arg}=\"{name}\"): no such {arg}{}; the {arg}s are {}",
                did_you_mean(name, names.clone()),
                one_of(names)
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A theme of `files` (path under the theme folder, text).
    fn theme(files: &[(&str, &str)]) -> Theme {
        Theme { files: files.iter().map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec())).collect(), override_dir: None }
    }

    /// `source` rendered as a template, with `url` and `asset` for a site
    /// at `base_url` with `theme`'s static files.
    fn render_with(theme: &Theme, base_url: &str, source: &str) -> Result<String, String> {
        let mut tera = tera::Tera::new();
        Addresses::new(theme, base_url).register(&mut tera);
        tera.add_raw_template("t.html", source).map_err(|e| e.to_string())?;
        tera.render("t.html", &tera::Context::new())
            .map_err(|e| format!("{e} {}", std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_default()))
    }

    fn render(source: &str) -> Result<String, String> {
        render_with(&theme(&[("static/css/site.css", "body{}"), ("static/js/a b.js", "x")]), "https://example.github.io/repo/", source)
    }

    fn url(args: &str) -> String {
        render(&format!("{{{{ url({args}) }}}}")).unwrap_or_else(|e| panic!("url({args}): {e}"))
    }

    fn url_error(args: &str) -> String {
        match render(&format!("{{{{ url({args}) }}}}")) {
            Ok(out) => panic!("url({args}) gave {out}, not an error"),
            Err(e) => e,
        }
    }

    #[test]
    fn url_makes_each_address_with_its_builder() {
        assert_eq!(url(r#"page="home""#), "/repo/");
        assert_eq!(url(r#"page="decisions""#), "/repo/decisions/");
        assert_eq!(url(r#"page="open-data""#), "/repo/open-data/");
        assert_eq!(url(r#"page="subscribe""#), "/repo/subscribe/");
        assert_eq!(url(r#"ccg="alpha""#), "/repo/ccgs/alpha/");
        assert_eq!(url(r#"ccg="alpha", file="decisions.csv""#), "/repo/ccgs/alpha/decisions.csv");
        assert_eq!(url(r#"file="meetings.ics", ccg="alpha""#), "/repo/ccgs/alpha/meetings.ics");
        assert_eq!(url(r#"ccg="alpha", section="checks""#), "/repo/ccgs/alpha/#checks");
        assert_eq!(url(r#"group="north""#), "/repo/groups/north/");
        assert_eq!(url(r#"practice="A81001""#), "/repo/practices/A81001/");
        assert_eq!(url("check=3"), "/repo/checks/3/");
        assert_eq!(url(r#"feed="national""#), "/repo/feed.xml");
        assert_eq!(url(r#"feed="North West""#), "/repo/regions/north-west/feed.xml");
        assert_eq!(url(r#"file="ccgs.json""#), "/repo/ccgs.json");
        assert_eq!(url(r#"file="interests.json""#), "/repo/interests.json");
        // Each page name is the folder it is published in.
        for (name, make) in PAGES {
            let folder = make().into_file();
            assert!(folder.is_empty() && *name == "home" || folder == format!("{name}/"), "{name}: {folder}");
        }
        // Each national file's name is its path.
        for (name, make) in FILES {
            assert_eq!(make().into_file(), *name);
        }
    }

    #[test]
    fn url_encodes_and_escapes() {
        // Encoded as a path, then escaped for an attribute, and not escaped again.
        assert_eq!(url(r#"ccg="a b""#), "/repo/ccgs/a%20b/");
        assert_eq!(url(r#"ccg="a&b""#), "/repo/ccgs/a&amp;b/");
        let t = theme(&[]);
        assert_eq!(render_with(&t, "https://x.org/a&b/", r#"{{ url(page="people") }}"#).unwrap(), "/a&amp;b/people/");
        assert_eq!(render_with(&t, "http://127.0.0.1:8000/", r#"<a href="{{ url(page="home") }}">"#).unwrap(), r#"<a href="/">"#);
    }

    #[test]
    fn url_refuses_what_it_does_not_know() {
        let e = url_error(r#"page="decision""#);
        assert!(e.contains(r#"url(page="decision"): no such page; did you mean `decisions`?"#), "{e}");
        assert!(e.contains("`open-data`"), "lists the pages: {e}");
        let e = url_error(r#"pgae="decisions""#);
        assert!(e.contains("url() takes no argument `pgae`; did you mean `page`?"), "{e}");
        let e = url_error("");
        assert!(e.contains("url() needs to know what to link"), "{e}");
        let e = url_error(r#"page="people", ccg="alpha""#);
        assert!(e.contains("url() links one thing, and was given `ccg` and `page`"), "{e}");
        let e = url_error(r#"ccg="alpha", file="minutes.pdf""#);
        assert!(e.contains("a CCG has no such file") && e.contains("`decisions.csv`"), "{e}");
        let e = url_error(r#"ccg="alpha", file="feed.xml", section="checks""#);
        assert!(e.contains("not both"), "{e}");
        let e = url_error(r#"page="people", section="checks""#);
        assert!(e.contains("`section` is a part of a CCG's page"), "{e}");
        let e = url_error(r#"file="people.csv""#);
        assert!(e.contains(r#"url(file="people.csv"): no such file"#), "{e}");
        let e = url_error(r#"feed="North-West""#);
        assert!(e.contains("no such feed; did you mean `North West`?"), "{e}");
        for bad in ["check=0", "check=99", r#"check="3""#] {
            let e = url_error(bad);
            assert!(e.contains("takes the number of a transparency check, 1 to"), "{bad}: {e}");
        }
        for bad in [r#"ccg="""#, r#"ccg="a/b""#, r#"group="..""#] {
            let e = url_error(bad);
            assert!(e.contains("not an id"), "{bad}: {e}");
        }
        let e = url_error("page=3");
        assert!(e.contains("`page` takes text"), "{e}");
        // The error names the template and the line.
        let e = render("line one\n{{ url(page=\"nope\") }}").unwrap_err();
        assert!(e.contains("t.html") && e.contains(":2:"), "{e}");
    }

    #[test]
    fn asset_has_the_hash_of_the_bytes_published() {
        let t = theme(&[("static/css/site.css", "body{}")]);
        let hash = format!("{:08x}", hash::hash(b"body{}") >> 32);
        assert_eq!(hash.len(), 8);
        let out = render_with(&t, "https://example.github.io/repo/", r#"{{ asset(path="css/site.css") }}"#).unwrap();
        assert_eq!(out, format!("/repo/assets/css/site.css?h={hash}"));
        // Other bytes (a content folder's file overriding the built-in one), another hash.
        let other = theme(&[("static/css/site.css", "body{color:red}")]);
        let out2 = render_with(&other, "https://example.github.io/repo/", r#"{{ asset(path="css/site.css") }}"#).unwrap();
        assert_ne!(out, out2);
        assert_eq!(
            out,
            render_with(&t, "https://example.github.io/repo/", r#"{{ asset(path="css/site.css") }}"#).unwrap(),
            "deterministic"
        );
        assert!(render(r#"{{ asset(path="js/a b.js") }}"#).unwrap().starts_with("/repo/assets/js/a%20b.js?h="));
        // The built-in theme's files, as a site at the root.
        let out = render_with(&Theme::built_in(), "https://x.org/", r#"{{ asset(path="css/ccgpages.css") }}"#).unwrap();
        assert!(out.starts_with("/assets/css/ccgpages.css?h=") && out.len() == "/assets/css/ccgpages.css?h=".len() + 8, "{out}");
    }

    #[test]
    fn a_missing_asset_is_an_error_naming_the_template_and_the_path() {
        let e = render("\n\n{{ asset(path=\"css/sites.css\") }}").unwrap_err();
        assert!(
            e.contains(r#"asset(path="css/sites.css"): the theme has no file static/css/sites.css; did you mean `css/site.css`?"#),
            "{e}"
        );
        assert!(e.contains("t.html") && e.contains(":3:"), "{e}");
        let e = render(r#"{{ asset(file="css/site.css") }}"#).unwrap_err();
        assert!(e.contains("asset() takes no argument `file`"), "{e}");
        // Found once, when the templates are compiled, with a literal path.
        let t = theme(&[
            ("static/css/site.css", ""),
            ("templates/base.html", "<head>\n<link href=\"{{ asset(path=\"css/sites.css\") }}\">{{ asset(path=\"css/site.css\") }}"),
            (
                "templates/page.html",
                "{{ url(page=\"home\") }}\n {{ url( page = 'decision' ) }} {{ url(ccg=ccg.id) }} {{ url(ccg=\"\", file=x) }}\n{{ url(check=12) }}",
            ),
        ]);
        let diags = Addresses::new(&t, "https://x.org/").check_calls(&t, |n| format!("theme/templates/{n}").into());
        let diags: Vec<String> = diags.iter().map(|d| d.render()).collect();
        assert_eq!(diags.len(), 3, "{diags:#?}");
        assert!(diags[0].contains("theme/templates/base.html:2:16") && diags[0].contains("static/css/sites.css"), "{}", diags[0]);
        assert!(diags[1].contains("theme/templates/page.html:2:5") && diags[1].contains("did you mean `decisions`?"), "{}", diags[1]);
        assert!(
            diags[2].contains("theme/templates/page.html:3:4") && diags[2].contains(&format!("1 to {}", crate::checks::CHECKS.len())),
            "{}",
            diags[2]
        );
        let built_in = Theme::built_in();
        assert!(Addresses::new(&built_in, "https://x.org/").check_calls(&built_in, |n| n.into()).is_empty());
        // Every literal call of the built-in templates is found.
        let calls: usize = built_in.templates().map(|(_, b)| literal_calls(std::str::from_utf8(b).unwrap(), "url").len()).sum();
        let written: usize = built_in.templates().map(|(_, b)| std::str::from_utf8(b).unwrap().matches("{{ url(").count()).sum();
        assert!(calls > 20 && calls == written, "{calls} of {written}");
    }

    /// The addresses `text` (the template `name`) writes out after the
    /// base (`{{ site.base }}decisions/`), or from the root without it
    /// (`href="/…"`), by line.
    fn written_out(name: &str, text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for (i, line) in text.lines().enumerate() {
            for end in ["base }}", "base | safe }}", "base_url }}", "base_url | safe }}"] {
                for (at, _) in line.match_indices(end) {
                    let next = line[at + end.len()..].chars().next();
                    if next.is_some_and(|c| c.is_alphanumeric() || "/.#?-_%".contains(c)) {
                        found.push(format!("{name}:{}: {}", i + 1, &line[at..]));
                    }
                }
            }
            for start in ["href=\"/", "src=\"/", "action=\"/"] {
                if line.contains(start) {
                    found.push(format!("{name}:{}: {line}", i + 1));
                }
            }
        }
        found
    }

    #[test]
    fn import_map_sends_each_script_to_its_hashed_address() {
        let t = theme(&[("static/js/common.js", "export const a = 1;"), ("static/js/a.js", "x"), ("static/css/x.css", "")]);
        let out = render_with(&t, "https://example.github.io/repo/", "{{ import_map() }}").unwrap();
        let hash = |b: &[u8]| format!("{:08x}", hash::hash(b) >> 32);
        let expected = format!(
            r#"{{"imports":{{"/repo/assets/js/a.js":"/repo/assets/js/a.js?h={}","/repo/assets/js/common.js":"/repo/assets/js/common.js?h={}"}}}}"#,
            hash(b"x"),
            hash(b"export const a = 1;")
        );
        assert_eq!(out, expected);
        let odd = render_with(&t, "https://x.org/</script>/", "{{ import_map() }}").unwrap();
        assert!(!odd.contains('<') && serde_json::from_str::<serde_json::Value>(&odd).is_ok(), "{odd}");
        assert!(render_with(&t, "https://x.org/", "{{ import_map(x=1) }}").unwrap_err().contains("import_map() takes no argument"));
    }

    /// No built-in template writes an address out: each asks `url` or
    /// `asset` for it.
    #[test]
    fn no_template_writes_an_address_after_the_base() {
        let theme = Theme::built_in();
        assert!(theme.templates().count() > 10);
        let found: Vec<String> =
            theme.templates().flat_map(|(name, bytes)| written_out(name, std::str::from_utf8(bytes).unwrap())).collect();
        assert!(found.is_empty(), "addresses written out in a template, not asked of url() or asset():\n{}", found.join("\n"));
        // The scan finds them.
        let bad = "<a href=\"{{ site.base }}\">Home</a>\n<a href=\"{{ site.base }}decisions/\">\n\
                   <link href=\"{{ feed.base | safe }}assets/x.css\"> <script src=\"/assets/a.js\"></script>";
        assert_eq!(written_out("bad.html", bad).len(), 3, "{:?}", written_out("bad.html", bad));
        assert_eq!(written_out("bad.html", bad)[0], "bad.html:2: base }}decisions/\">");
    }
}
