//! The national decisions pages (`/decisions/`, `/decisions/page/N/`) and
//! the JSON pieces decisions.js reads (`/decisions/data/`), on the built
//! output: a generated corpus of many decisions (bench/gen_corpus.py) for
//! the pages, their sizes and the pieces; the minimal fixture for withheld
//! names.

use std::path::Path;
use std::process::Command;

use crate::common::*;
use serde_json::Value;

/// Decisions a page (src/render/national.rs `PER_PAGE`).
const PER_PAGE: usize = 200;
/// The budget of issue 17 for any HTML page.
const MAX_RAW: usize = 1_000_000;
const MAX_GZIP: usize = 100_000;

/// A built site of bench/gen_corpus.py's content: 25 CCGs, 2 years,
/// 1,500 decisions.
fn generated() -> (TempDir, std::path::PathBuf) {
    let tmp = TempDir::new("decisions-gen");
    let out = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .arg(tmp.path().join("corpus"))
        .args(["--ccgs", "25", "--years", "2", "--minutes-paragraphs", "1"])
        .output()
        .expect("python3 is needed for these tests");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let content = tmp.path().join("corpus/content");
    let site = tmp.path().join("site");
    let run = run(&[
        "build",
        "--content",
        content.to_str().unwrap(),
        "--output",
        site.to_str().unwrap(),
        "--as-of",
        "2020-01-01",
        "--base-url",
        "https://example.org/pcc/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (tmp, site)
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(site: &Path, rel: &str) -> Value {
    serde_json::from_str(&read(site, rel)).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

/// Each file's gzip size (level 9, as a server would send it), by Python's gzip.
fn gzip_sizes(site: &Path, rels: &[String]) -> Vec<usize> {
    let out = Command::new("python3")
        .arg("-c")
        .arg("import gzip,sys\nfor f in sys.argv[2:]: print(len(gzip.compress(open(sys.argv[1]+'/'+f,'rb').read(),9)))")
        .arg(site)
        .args(rels)
        .output()
        .expect("python3 is needed for these tests");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(|l| l.parse().unwrap()).collect()
}

fn page_file(n: usize) -> String {
    if n == 1 { "decisions/index.html".to_owned() } else { format!("decisions/page/{n}/index.html") }
}

/// The rows of a page: (date, title) of each.
fn rows(html: &str) -> Vec<(String, String)> {
    html.split(r#"<tr class="nhsuk-table__row"><td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" aria-hidden="true">Date </span><time datetime=""#)
        .skip(1)
        .map(|r| {
            let date = r[..10].to_owned();
            let link = r.split("<a href=\"").nth(1).and_then(|t| t.split_once("\">")).map_or("", |(_, rest)| rest);
            let title = link.split("</a>").next().unwrap_or_default().to_owned();
            (date, title)
        })
        .collect()
}

#[test]
fn many_decisions_come_in_numbered_pages_within_budget_and_in_json_pieces() {
    let (_tmp, site) = generated();
    let index = json(&site, "decisions/data/index.json");
    let total = index["total"].as_u64().unwrap() as usize;
    assert!(total > 5 * PER_PAGE, "the corpus has {total} decisions: too few to test pages");
    let pages = total.div_ceil(PER_PAGE);

    // Pages: the first at /decisions/, then /decisions/page/2/ …, no more.
    assert!(!site.join("decisions/page/1").exists(), "page 1 is /decisions/ itself");
    assert!(!site.join(format!("decisions/page/{}", pages + 1)).exists());
    let files: Vec<String> = (1..=pages).map(page_file).collect();
    let gz = gzip_sizes(&site, &files);
    let mut html_rows = Vec::new();
    for (n, file) in files.iter().enumerate().map(|(i, f)| (i + 1, f)) {
        let html = read(&site, file);
        assert!(html.len() <= MAX_RAW, "{file} is {} bytes", html.len());
        assert!(gz[n - 1] <= MAX_GZIP, "{file} is {} bytes compressed", gz[n - 1]);
        let r = rows(&html);
        let expected = if n < pages { PER_PAGE } else { total - PER_PAGE * (pages - 1) };
        assert_eq!(r.len(), expected, "{file}: rows");
        let from = (n - 1) * PER_PAGE + 1;
        let range = format!("Decisions {} to {} of {}.", thousands(from), thousands(from + r.len() - 1), thousands(total));
        assert!(html.contains(&range), "{file}: {range}");
        assert!(html.contains(&format!(r#"aria-label="Page {n}" aria-current="page">{n}</a>"#)), "{file}: current page");
        assert_eq!(html.matches(r#"aria-current="page""#).count(), 1, "{file}: one current page");
        assert!(html.contains(r#"<nav class="nhsuk-pagination nhsuk-pagination--numbered ccg-decisions-pager" id="decision-pager" aria-label="Pages of decisions">"#));
        assert_eq!(html.contains(r#"rel="prev""#), n > 1, "{file}: previous");
        assert_eq!(html.contains(r#"rel="next""#), n < pages, "{file}: next");
        // The first and the last page are always linked.
        assert!(html.contains(r#"href="/pcc/decisions/" aria-label="Page 1""#), "{file}: first");
        assert!(html.contains(&format!(r#"href="/pcc/decisions/page/{pages}/" aria-label="Page {pages}""#)), "{file}: last");
        assert!(html.contains(r#"href="/pcc/decisions.csv""#) && html.contains(r#"href="/pcc/feed.xml""#), "{file}: CSV and feed");
        html_rows.extend(r);
    }
    let third = read(&site, &page_file(3));
    assert!(third.contains(r#"<a class="nhsuk-pagination__link" href="/pcc/decisions/page/2/" rel="prev">"#));
    assert!(third.contains(r#"<a class="nhsuk-pagination__link" href="/pcc/decisions/page/4/" rel="next">"#));
    assert!(third.contains(&format!("<title>Every decision in the country: page 3 of {pages}")), "each page its own title");
    // Newest first, across the pages; dates in the site's long style.
    assert!(html_rows.windows(2).all(|w| w[0].0 >= w[1].0), "newest first");
    let first = read(&site, &page_file(1));
    let long = regex_like_long_date(&first);
    assert!(long, "dates as 17 September 2015");
    // The sitemap lists every page.
    let sitemap = read(&site, "sitemap.xml");
    for n in 1..=pages {
        let url =
            if n == 1 { "https://example.org/pcc/decisions/".to_owned() } else { format!("https://example.org/pcc/decisions/page/{n}/") };
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "sitemap: {url}");
    }

    // The pieces: in order, whole, each decision an array of the columns.
    let columns: Vec<&str> = index["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(columns, ["date", "ccg", "id", "title", "level", "category", "outcome", "conflicts", "value", "undeclared"]);
    assert_eq!(index["per_page"], PER_PAGE);
    let ccgs = index["ccgs"].as_array().unwrap();
    let regions = index["regions"].as_array().unwrap().len();
    let categories = index["categories"].as_array().unwrap().len();
    let outcomes = index["outcomes"].as_array().unwrap().len();
    assert_eq!(ccgs.len(), 25);
    for c in ccgs {
        let c = c.as_array().unwrap();
        assert!(c[3].as_str().unwrap().starts_with("/pcc/ccgs/"), "{c:?}");
        assert!((c[2].as_u64().unwrap() as usize) < regions);
    }
    let mut decoded = Vec::new();
    for p in index["pieces"].as_array().unwrap() {
        let url = p["url"].as_str().unwrap();
        let rel = url.strip_prefix("/pcc/").unwrap();
        assert!(rel.starts_with("decisions/data/") && rel.ends_with(".json"), "{url}");
        let piece = json(&site, rel);
        let piece = piece.as_array().unwrap();
        assert_eq!(piece.len(), p["n"].as_u64().unwrap() as usize, "{rel}: n");
        assert_eq!(piece[0][0], p["newest"], "{rel}: newest");
        assert_eq!(piece[piece.len() - 1][0], p["oldest"], "{rel}: oldest");
        for d in piece {
            let d = d.as_array().unwrap();
            assert_eq!(d.len(), columns.len(), "{rel}: {d:?}");
            assert!((d[1].as_u64().unwrap() as usize) < ccgs.len());
            assert!(d[4].as_u64().unwrap() <= 3);
            assert!((d[5].as_u64().unwrap() as usize) < categories);
            assert!((d[6].as_u64().unwrap() as usize) < outcomes);
            assert!(d[8].is_null() || d[8].is_u64());
            // Check 11 finds nothing here: no practices.
            assert_eq!(d[9], 0, "{rel}: {d:?}");
            decoded.push((d[0].as_str().unwrap().to_owned(), d[3].as_str().unwrap().to_owned()));
        }
    }
    assert_eq!(decoded.len(), total);
    // The same decisions in the same order as the pages (titles as HTML escapes them).
    let unescaped: Vec<(String, String)> =
        html_rows.iter().map(|(d, t)| (d.clone(), t.replace("&#x27;", "'").replace("&quot;", "\"").replace("&amp;", "&"))).collect();
    let differ = decoded.iter().zip(&unescaped).position(|(a, b)| a != b);
    assert_eq!(differ, None, "the pieces hold the pages' decisions in order: {:?}", differ.map(|i| (&decoded[i], &unescaped[i])));
    // Each piece a whole number of pages and well below a page's budget.
    let piece_files: Vec<String> = std::fs::read_dir(site.join("decisions/data"))
        .unwrap()
        .map(|e| format!("decisions/data/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    for (f, gz) in piece_files.iter().zip(gzip_sizes(&site, &piece_files)) {
        assert!(gz <= MAX_GZIP, "{f}: {gz} bytes compressed");
    }
}

/// Whether the page shows its dates as `17 September 2015`.
fn regex_like_long_date(html: &str) -> bool {
    const MONTHS: [&str; 12] =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    let mut times = html.split("<time datetime=\"").skip(1).peekable();
    times.peek().is_some()
        && times.all(|t| {
            let (iso, rest) = t.split_at(10);
            let shown = rest.trim_start_matches("\">").split('<').next().unwrap_or_default();
            let parts: Vec<&str> = iso.split('-').collect();
            let month = MONTHS[parts[1].parse::<usize>().unwrap() - 1];
            shown == format!("{} {month} {}", parts[2].parse::<u8>().unwrap(), parts[0])
        })
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn the_decisions_pages_and_their_data_hold_no_withheld_name() {
    let fx = Fixture::new("minimal");
    // The withheld person noted a conflict at a decision.
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "    conflicts:\n",
        "    conflicts:\n      - name: Hidden Secretperson\n        interest: Shareholder\n        action: Left\n",
    );
    let r = fx.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let site = fx.site();
    let mut files = vec!["decisions/index.html".to_owned()];
    for e in std::fs::read_dir(site.join("decisions/data")).unwrap() {
        files.push(format!("decisions/data/{}", e.unwrap().file_name().to_string_lossy()));
    }
    assert!(files.len() >= 3, "{files:?}");
    for f in &files {
        let text: String = read(&site, f).to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
        assert!(!text.contains("secretperson"), "{f} names the withheld person");
    }
    // Their conflict is counted all the same: two on AL-2016-01.
    let piece = json(&site, "decisions/data/1.json");
    let al1 = piece.as_array().unwrap().iter().find(|d| d[2] == "AL-2016-01").unwrap();
    assert_eq!(al1[7], 2, "{al1:?}");
}
