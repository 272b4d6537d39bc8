//! The bundled sample builds with every internal link resolving, under a
//! project sub-path (`https://example.github.io/repo/`) and at a custom
//! domain's root; `check --links` finds what is broken.

use std::path::Path;

use crate::common::*;
use ccgpages::links;

fn build(content: &Path, site: &Path, base_url: &str) {
    let r = run(&[
        "build",
        "--content",
        content.to_str().unwrap(),
        "--output",
        site.to_str().unwrap(),
        "--base-url",
        base_url,
        "--as-of",
        "2016-06-30",
    ]);
    assert_eq!(r.code, 0, "build for {base_url} failed:\n{}", r.stderr);
}

fn check_links(site: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--links", "--output", site.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn bundled_site_under_a_sub_path_has_no_broken_links() {
    let tmp = TempDir::new("links-subpath");
    let site = tmp.path().join("site");
    build(&repo().join("content"), &site, "https://example.github.io/repo/");

    let report = links::check_site(&site, "https://example.github.io/repo/").unwrap();
    let shown: Vec<String> = report.broken.iter().map(|d| d.render()).collect();
    assert!(report.broken.is_empty(), "broken links:\n{}", shown.join("\n"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(report.links > 1000, "only {} links checked", report.links);
    assert!(site.join(".nojekyll").is_file());
    assert!(!site.join("CNAME").exists(), "the sample names no custom domain");

    // Every root-relative link starts with the base path.
    for (rel, bytes) in all_files(&site).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(&bytes);
        for attr in ["href=\"/", "src=\"/", "action=\"/"] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len() - 1..];
                assert!(rest.starts_with("/repo/") || rest.starts_with("/repo\""), "{rel}: {}", &rest[..rest.len().min(60)]);
            }
        }
    }

    // The command reads the base URL from the home page's canonical link.
    let r = check_links(&site, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("built for https://example.github.io/repo/: none is broken"), "{}", r.stdout);

    // Checked as if published at a domain's root, every internal link leaves the site.
    let r = check_links(&site, &["--base-url", "https://transparency.example.nhs.uk/"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("(outside the site's base path /: links within the site must start with /)")
            || r.stderr.contains("(no such file)"),
        "{}",
        r.stderr
    );
}

#[test]
fn bundled_site_at_a_custom_domain_has_no_broken_links_and_a_cname() {
    let tmp = TempDir::new("links-domain");
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let site_yaml = content.join("site.yaml");
    let text = std::fs::read_to_string(&site_yaml).unwrap();
    std::fs::write(&site_yaml, format!("{text}\ncname: transparency.example.nhs.uk\n")).unwrap();
    let site = tmp.path().join("site");
    build(&content, &site, "https://transparency.example.nhs.uk/");

    assert_eq!(std::fs::read_to_string(site.join("CNAME")).unwrap(), "transparency.example.nhs.uk\n");
    assert!(site.join(".nojekyll").is_file());
    let report = links::check_site(&site, "https://transparency.example.nhs.uk/").unwrap();
    let shown: Vec<String> = report.broken.iter().map(|d| d.render()).collect();
    assert!(report.broken.is_empty(), "broken links:\n{}", shown.join("\n"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(home.contains("href=\"https://transparency.example.nhs.uk/\""), "canonical link of the home page");
    assert!(!home.contains("example.github.io"), "--base-url overrides site.yaml everywhere");

    // The same content built for a project sub-path with the CNAME: warned.
    build(&content, &site, "https://example.github.io/repo/");
    let r = check_links(&site, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "CNAME: warning: the site is built for https://example.github.io/repo/ but CNAME names the domain transparency.example.nhs.uk"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn check_links_names_the_file_line_and_target_of_a_broken_link() {
    let f = Fixture::new("minimal");
    let r = f.build(&["--base-url", "https://org.github.io/pcc/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let about = f.site().join("index.html");
    let html = std::fs::read_to_string(&about).unwrap();
    let html = html.replacen("<main", "\n<a href=\"/pcc/ccgs/nowhere/\">x</a>\n<a href=\"/pcc/#no-such-id\">y</a>\n<main", 1);
    let line = html[..html.find("/pcc/ccgs/nowhere/").unwrap()].lines().count();
    std::fs::write(&about, html).unwrap();

    let r = check_links(&f.site(), &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let page = about.display().to_string();
    assert!(r.stderr.contains(&format!("{page}:{line}:10: error: broken link to /pcc/ccgs/nowhere/ (no such file)")), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{page}:{}:10: error: broken link to /pcc/#no-such-id (no element with id=\"no-such-id\" in {page})",
            line + 1
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(": 2 broken"), "{}", r.stderr);

    // No built site: a clear message, not a crash.
    let r = check_links(&f.tmp.path().join("nothing-here"), &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("holds no built site (no index.html): run `ccgpages build` first"), "{}", r.stderr);
}

#[test]
fn a_paper_with_percent_in_its_name_is_linked_so_that_the_link_reaches_it() {
    let f = Fixture::new("minimal");
    let dir = "ccgs/alpha/papers/2016-01-14";
    std::fs::copy(f.file(&format!("{dir}/merger.pdf")), f.file(&format!("{dir}/a%20b.pdf"))).unwrap();
    // A file named as the first one would wrongly be read: the link must not reach it.
    std::fs::write(f.file(&format!("{dir}/a b.pdf")), "the wrong paper").unwrap();
    f.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "      - title: NHS England guidance",
        "      - title: Percent paper\n        file: \"papers/2016-01-14/a%20b.pdf\"\n      - title: NHS England guidance",
    );
    let r = f.build(&["--base-url", "https://org.github.io/pcc/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(f.site().join(format!("{dir}/a%20b.pdf")).is_file(), "published under its own name");

    // `%` is encoded, so the address decodes to the file's name.
    let page_path = f.site().join("ccgs/alpha/meetings/2016-01-14/index.html");
    let page = std::fs::read_to_string(&page_path).unwrap();
    let href = format!("/pcc/{dir}/a%2520b.pdf");
    assert!(page.contains(&format!("href=\"{href}\"")), "{page}");
    assert!(!page.contains(&format!("/{dir}/a%20b.pdf\"")));
    let decoded = String::from_utf8(ccgpages::percent_decode(&href)).unwrap();
    assert_eq!(decoded, format!("/pcc/{dir}/a%20b.pdf"));
    // The search index links it the same way.
    let index: String = all_files(&f.site().join("search/index")).into_iter().map(|(_, b)| String::from_utf8(b).unwrap()).collect();
    assert!(index.contains(&format!("\"{href}\"")), "{index}");
    let r = check_links(&f.site(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("none is broken"), "{}", r.stdout);

    // Links that do not reach the file are reported: the old, unencoded
    // `%` (which reaches `a b.pdf`, another file, or nothing), and a bare one.
    // (The decoy `a b.pdf` is linked from no meeting, so it was not published.)
    assert!(!f.site().join(format!("{dir}/a b.pdf")).exists(), "an unlinked paper is not published");
    let broken = page.replacen(&href, &format!("/pcc/{dir}/a%20b.pdf"), 1).replacen(
        "<main",
        &format!("<a href=\"/pcc/{dir}/a%zz.pdf\">x</a><main"),
        1,
    );
    std::fs::write(&page_path, broken).unwrap();
    std::fs::copy(f.file(&format!("{dir}/merger.pdf")), f.site().join(format!("{dir}/a%zz.pdf"))).unwrap();
    let r = check_links(&f.site(), &[]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stderr.contains(&format!("broken link to /pcc/{dir}/a%20b.pdf (no such file)")), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "broken link to /pcc/{dir}/a%zz.pdf (`%` must start an escape such as %20; a % in a file name is written %25"
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(": 2 broken"), "{}", r.stderr);
}

#[test]
fn a_bad_base_url_on_the_command_line_is_a_usage_error() {
    let f = Fixture::new("minimal");
    for (url, why) in [
        ("javascript:alert(1)//", "must be an absolute http or https address"),
        ("https://org.github.io//evil.example/", "without `//` in its path"),
        ("ftp://org.github.io/pcc/", "must be an absolute http or https address"),
        ("https://evil.example@org.github.io/", "`@`"),
    ] {
        let r = f.build(&["--base-url", url]);
        assert_eq!(r.code, 2, "{url}: {}", r.stderr);
        assert!(r.stderr.contains(why), "{url}: {}", r.stderr);
        assert!(!f.site().exists(), "nothing is written");
        let r = check_links(&f.site(), &["--base-url", url]);
        assert_eq!(r.code, 2, "{url}: {}", r.stderr);
    }
    // A good one is taken, and overrides site.yaml's.
    let r = f.build(&["--base-url", "http://localhost:8000/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(f.page("index.html").contains("href=\"http://localhost:8000/\""));
    // site.yaml's base_url follows the same rules (bad content: exit 1).
    f.edit("site.yaml", "base_url: https://example.github.io/fixture/", "base_url: https://example.github.io//evil.example/");
    let r = f.check(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("site.yaml:3:11: error: `base_url` must be an absolute http or https address, such as https://example.github.io/repo/, without `//` in its path"), "{}", r.stderr);
}
