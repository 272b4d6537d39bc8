//! A `themes/default/` folder beside the content overrides the built-in
//! theme file by file, and the templates call components that
//! `templates/components.html` defines: a theme that overrides some
//! templates keeps the built-in components, one that overrides
//! `components.html` changes every page that calls them, and one whose
//! components lack one the templates call is refused. Its static files are
//! linked with the hash of the bytes published (`asset(path=...)`), and a
//! template that asks for an asset or an address the site lacks is refused.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::*;

const ROW: &str = r#"<div class="nhsuk-summary-list__row">"#;

fn default_template(name: &str) -> String {
    std::fs::read_to_string(repo().join("themes/default/templates").join(name)).unwrap()
}

/// Writes `templates/<name>` of the fixture's theme folder.
fn theme_template(fx: &Fixture, name: &str, text: &str) {
    let dir = fx.tmp.path().join("themes/default/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

/// The minimal fixture built with the built-in theme, as text by path.
fn built_with_default_theme() -> BTreeMap<String, Vec<u8>> {
    let fx = Fixture::new("minimal");
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    all_files(&fx.site()).into_iter().collect()
}

fn built(fx: &Fixture) -> BTreeMap<String, Vec<u8>> {
    let run = fx.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    all_files(&fx.site()).into_iter().collect()
}

fn text(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    String::from_utf8(files[rel].clone()).unwrap()
}

#[test]
fn a_theme_overriding_one_template_keeps_the_built_in_components() {
    let default = built_with_default_theme();
    let fx = Fixture::new("minimal");
    let ccg = default_template("ccg.html");
    assert!(ccg.contains("<summary_row"), "ccg.html no longer calls summary_row: test another component");
    let heading = r#"id="profile">Profile</h2>"#;
    assert!(ccg.contains(heading));
    theme_template(&fx, "ccg.html", &ccg.replace(heading, r#"id="profile">The CCG</h2>"#));
    let themed = built(&fx);

    assert_eq!(themed.keys().collect::<Vec<_>>(), default.keys().collect::<Vec<_>>());
    for (rel, bytes) in &themed {
        if rel.starts_with("ccgs/") && rel.ends_with("/index.html") && rel.matches('/').count() == 2 {
            let expected = text(&default, rel).replace(heading, r#"id="profile">The CCG</h2>"#);
            assert_eq!(text(&themed, rel), expected, "{rel}");
            assert!(expected.contains(ROW), "{rel}: no summary list row");
        } else if rel != ".ccgpages-site" {
            // (The marker lists every file with its hash: it changes with them.)
            assert!(bytes == &default[rel], "{rel} changed");
        }
    }
}

#[test]
fn a_theme_overriding_the_components_changes_every_page_that_calls_them() {
    let default = built_with_default_theme();
    let fx = Fixture::new("minimal");
    let components = default_template("components.html");
    let new_row = r#"<div class="nhsuk-summary-list__row ccg-row">"#;
    assert_eq!(components.matches(ROW).count(), 1, "summary_row's markup");
    theme_template(&fx, "components.html", &components.replace(ROW, new_row));
    let themed = built(&fx);

    // The terms of reference page makes every row with summary_row.
    let terms = "ccgs/alpha/terms-of-reference/index.html";
    assert!(text(&default, terms).contains(ROW));
    assert_eq!(text(&themed, terms), text(&default, terms).replace(ROW, new_row));
    // The CCG page makes its profile with it.
    let ccg = text(&themed, "ccgs/alpha/index.html");
    assert!(ccg.contains(&format!(r#"{new_row}<dt class="nhsuk-summary-list__key">ODS code</dt>"#)), "{ccg}");
    // A meeting page calls no component.
    let meeting = "ccgs/alpha/meetings/2016-01-14/index.html";
    assert!(text(&default, meeting).contains(ROW));
    assert!(themed[meeting] == default[meeting], "{meeting} changed");
}

#[test]
fn a_theme_whose_components_lack_one_the_templates_call_is_refused() {
    let fx = Fixture::new("minimal");
    let components = default_template("components.html");
    let start = components.find("{% component inset()").expect("the inset component");
    let end = components.find("{%- endcomponent inset %}").unwrap() + "{%- endcomponent inset %}".len();
    theme_template(&fx, "components.html", &format!("{}{}", &components[..start], &components[end..]));
    let run = fx.build(&[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("a theme template does not compile"), "{}", run.stderr);
    assert!(run.stderr.contains("Unknown component `inset`"), "{}", run.stderr);
    assert!(!fx.site().exists(), "a site was written");
}

/// The theme's scripts are ES modules: every `<script>` of a page is
/// `type="module"` and names a published file, every `modulepreload` link
/// too, and every module they import (`from './common.js'`) is published
/// beside them, so a shared module cannot be left out of the site.
#[test]
fn the_theme_scripts_are_modules_whose_imports_are_published() {
    let files = built_with_default_theme();
    let published = |src: &str| src.strip_prefix("/fixture/").map(|p| p.split('?').next().unwrap_or(p).to_owned());
    let mut scripts = BTreeSet::new();
    let mut preloads = 0;
    for (rel, bytes) in files.iter().filter(|(rel, _)| rel.ends_with(".html")) {
        let page = String::from_utf8_lossy(bytes);
        for tag in page.split("<script").skip(1) {
            let tag = &tag[..tag.find('>').unwrap()];
            if tag == r#" type="importmap""# {
                continue;
            }
            assert!(tag.starts_with(r#" type="module" src=""#), "{rel}: <script{tag}>");
            let src = tag.split('"').nth(3).unwrap();
            let path = published(src).filter(|p| files.contains_key(p));
            scripts.insert(path.unwrap_or_else(|| panic!("{rel}: {src} is not published")));
        }
        for tag in page.split(r#"<link rel="modulepreload" href=""#).skip(1) {
            let src = &tag[..tag.find('"').unwrap()];
            // The import map sends `./common.js` to the address preloaded,
            // so the preload is the module imported, not a second copy.
            let plain = src.split('?').next().unwrap();
            assert!(page.contains(&format!(r#""{plain}":"{src}""#)), "{rel}: the import map does not send {plain} to {src}");
            assert!(published(src).is_some_and(|p| files.contains_key(&p)), "{rel}: {src} is not published");
            preloads += 1;
        }
    }
    for name in ["sort", "lookup", "reveal", "decisions", "search"] {
        assert!(scripts.contains(&format!("assets/js/{name}.js")), "no page runs {name}.js: {scripts:?}");
    }
    assert!(preloads > 0, "no page preloads the shared module");
    let mut todo: Vec<String> = scripts.iter().cloned().collect();
    let mut imported = BTreeSet::new();
    while let Some(path) = todo.pop() {
        for line in text(&files, &path).lines().filter(|l| l.starts_with("import ")) {
            let spec = line.rsplit_once(" from '").map(|(_, s)| s.trim_end_matches("';")).unwrap_or_else(|| panic!("{path}: {line}"));
            let dep = format!("assets/js/{}", spec.strip_prefix("./").unwrap_or_else(|| panic!("{path}: {line}")));
            assert!(files.contains_key(&dep), "{path} imports {spec}, which is not published");
            if imported.insert(dep.clone()) {
                todo.push(dep);
            }
        }
    }
    assert!(imported.contains("assets/js/common.js"), "{imported:?}");
}

/// The `?h=` of the asset `rel` (under `assets/`) in a page: the hash
/// `asset(path=...)` gave it.
fn asset_hash(page: &str, rel: &str) -> String {
    let at = format!("/assets/{rel}?h=");
    let start = page.find(&at).unwrap_or_else(|| panic!("no {at} in the page")) + at.len();
    page[start..start + 8].to_owned()
}

/// The first 8 hex digits of the file's hash in the output's manifest.
fn manifest_hash(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    let manifest = text(files, ".ccgpages-site");
    let line = manifest.lines().find(|l| l.ends_with(&format!(" {rel}"))).unwrap_or_else(|| panic!("{rel} not in the manifest"));
    line[..8].to_owned()
}

#[test]
fn an_overriding_asset_is_linked_with_the_hash_of_its_own_bytes() {
    let default = built_with_default_theme();
    let home = text(&default, "index.html");
    let css = "css/ccgpages.css";
    let built_in = asset_hash(&home, css);
    assert_eq!(built_in, manifest_hash(&default, &format!("assets/{css}")), "the hash of the file published");
    assert!(built_in.bytes().all(|b| b.is_ascii_hexdigit()));

    let fx = Fixture::new("minimal");
    let dir = fx.tmp.path().join("themes/default/static/css");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ccgpages.css"), "body { color: #005eb8 }\n").unwrap();
    let themed = built(&fx);
    assert_eq!(themed[&format!("assets/{css}")], b"body { color: #005eb8 }\n", "the overriding file is published");
    let hash = asset_hash(&text(&themed, "index.html"), css);
    assert_ne!(hash, built_in);
    assert_eq!(hash, manifest_hash(&themed, &format!("assets/{css}")), "the hash of the overriding file");
    // Every page and the feeds' stylesheet link the same, and only the hash changed.
    for rel in ["index.html", "ccgs/alpha/index.html", "decisions/index.html", "feed.xsl"] {
        assert_eq!(asset_hash(&text(&themed, rel), css), hash, "{rel}");
        assert_eq!(text(&themed, rel), text(&default, rel).replace(&built_in, &hash), "{rel}");
    }
}

#[test]
fn a_theme_that_asks_for_a_missing_asset_is_refused() {
    let fx = Fixture::new("minimal");
    let base = default_template("base.html");
    let css = r#"{{ asset(path="css/ccgpages.css") }}"#;
    assert!(base.contains(css));
    theme_template(&fx, "base.html", &base.replace(css, r#"{{ asset(path="css/ccgpage.css") }}"#));
    let run = fx.build(&[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("themes/default/templates/base.html"), "names the template: {}", run.stderr);
    assert!(run.stderr.contains("the theme has no file static/css/ccgpage.css; did you mean `css/ccgpages.css`?"), "{}", run.stderr);
    assert!(!fx.site().exists(), "a site was written");
}

#[test]
fn a_theme_that_asks_for_an_unknown_address_is_refused() {
    let fx = Fixture::new("minimal");
    let base = default_template("base.html");
    let people = r#"{{ url(page="people") }}"#;
    assert!(base.contains(people));
    theme_template(&fx, "base.html", &base.replace(people, r#"{{ url(page="persons") }}"#));
    let run = fx.build(&[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("base.html"), "names the template: {}", run.stderr);
    assert!(run.stderr.contains(r#"url(page="persons"): no such page"#), "{}", run.stderr);
    assert!(!fx.site().exists(), "a site was written");
}
