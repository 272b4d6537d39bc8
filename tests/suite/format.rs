//! `--format github|json` and the job summary: problems in several files
//! printed as GitHub workflow commands and as JSON lines, at the right
//! file, line and column, and the Markdown summary GitHub Actions shows.

use std::process::Command;

use crate::common::*;

/// The fixture with an error in two files, and its failed checks (beta has
/// no register of interests, check 1, and no observers, check 5).
fn broken() -> Fixture {
    let fx = Fixture::new("minimal");
    fx.edit("ccgs/alpha/decisions.yaml", "      value_total: 1250000", "      vaule_total: 1250000");
    fx.edit("pages/about.md", "title: About this site\n", "title: About this site\nweb,50%: x\n");
    fx
}

/// The 1-based line and column of `needle` in the fixture's file `rel`.
fn position(fx: &Fixture, rel: &str, needle: &str) -> (usize, usize) {
    let text = fx.read(rel);
    text.lines().enumerate().find_map(|(i, l)| l.find(needle).map(|c| (i + 1, c + 1))).unwrap_or_else(|| panic!("{needle} in {rel}"))
}

/// Runs ccgpages in the fixture's folder (so that paths are
/// `content/…`, as from a repository's root), with `env` set and GitHub's
/// variables otherwise unset.
fn run_in(fx: &Fixture, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(fx.tmp.path())
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const CHECK: &[&str] = &["check", "--content", "content", "--as-of", "2016-06-30"];
const BUILD: &[&str] = &["build", "--content", "content", "--output", "site", "--as-of", "2016-06-30"];

fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(extra).copied().collect()
}

fn assert_github_commands(fx: &Fixture, r: &Run) {
    let (line, col) = position(fx, "ccgs/alpha/decisions.yaml", "vaule_total");
    let lines: Vec<&str> = r.stdout.lines().collect();
    let decisions = lines
        .iter()
        .find(|l| l.starts_with("::error file=content/ccgs/alpha/decisions.yaml,"))
        .unwrap_or_else(|| panic!("no annotation for decisions.yaml in {:?}", r.stdout));
    assert!(decisions.starts_with(&format!("::error file=content/ccgs/alpha/decisions.yaml,line={line},col={col},title=")), "{decisions}");
    assert!(decisions.contains("vaule_total"), "{decisions}");
    // The key's `%` is escaped in the message; its `,` is not (only in properties).
    let (line, col) = position(fx, "pages/about.md", "web,50%");
    let about = lines
        .iter()
        .find(|l| l.starts_with("::error file=content/pages/about.md,"))
        .unwrap_or_else(|| panic!("no annotation for about.md in {:?}", r.stdout));
    assert!(about.starts_with(&format!("::error file=content/pages/about.md,line={line},col={col},title=")), "{about}");
    assert!(about.contains("web,50%25"), "{about}");
    assert!(!about.contains("50%:") && !about.contains("50%`"), "{about}");
    // The failed transparency check, as a warning with its title.
    let beta = lines.iter().find(|l| l.starts_with("::warning file=content/ccgs/beta/")).unwrap_or_else(|| panic!("{:?}", r.stdout));
    assert!(beta.contains(",title=Transparency check ") && beta.contains("%3A "), "{beta}");
    assert!(beta.contains("to meet it: "), "{beta}");
    // Every line of stdout is a workflow command here.
    assert!(lines.iter().all(|l| l.starts_with("::error ") || l.starts_with("::warning ")), "{:?}", r.stdout);
}

#[test]
fn github_format_annotates_every_problem_at_its_line() {
    let fx = broken();
    let r = run_in(&fx, &with(CHECK, &["--format", "github"]), &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_github_commands(&fx, &r);
    // The human output is still there, on stderr.
    assert!(r.stderr.contains("content/ccgs/alpha/decisions.yaml:"), "{}", r.stderr);

    // In GitHub Actions the default is the same.
    let r = run_in(&fx, CHECK, &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_github_commands(&fx, &r);
    // --format human turns it off there; without GitHub Actions there is none.
    let r = run_in(&fx, &with(CHECK, &["--format", "human"]), &[("GITHUB_ACTIONS", "true")]);
    assert!(!r.stdout.contains("::"), "{}", r.stdout);
    let r = run_in(&fx, CHECK, &[]);
    assert!(!r.stdout.contains("::"), "{}", r.stdout);

    // build annotates the same errors, and builds nothing.
    let r = run_in(&fx, &with(BUILD, &["--format", "github"]), &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_github_commands(&fx, &r);
    assert!(!fx.site().exists());
}

#[test]
fn json_format_is_one_object_a_line_and_nothing_else() {
    let fx = broken();
    let r = run_in(&fx, &with(CHECK, &["--format", "json"]), &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let objects: Vec<serde_json::Value> =
        r.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}"))).collect();
    let (line, col) = position(&fx, "ccgs/alpha/decisions.yaml", "vaule_total");
    let d = objects.iter().find(|o| o["file"] == "content/ccgs/alpha/decisions.yaml" && o["severity"] == "error").expect("decisions.yaml");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(line as u64), Some(col as u64)), "{d}");
    assert!(d["message"].as_str().unwrap().contains("vaule_total"), "{d}");
    assert!(d.get("title").is_none(), "{d}");
    let (line, col) = position(&fx, "pages/about.md", "web,50%");
    let d = objects.iter().find(|o| o["file"] == "content/pages/about.md").expect("about.md");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(line as u64), Some(col as u64)), "{d}");
    assert!(d["message"].as_str().unwrap().contains("web,50%"), "{d}");
    let w =
        objects.iter().find(|o| o["severity"] == "warning" && o["file"].as_str().unwrap().starts_with("content/ccgs/beta/")).expect("beta");
    assert!(w["title"].as_str().unwrap().starts_with("Transparency check "), "{w}");
    for o in &objects {
        let keys: Vec<&str> = o.as_object().unwrap().keys().map(String::as_str).collect();
        assert!(keys.iter().all(|k| ["severity", "file", "line", "column", "message", "title"].contains(k)), "{o}");
    }
    // No human output on stdout, and not the annotations either; the count
    // is on stderr.
    assert!(!r.stdout.contains("::") && !r.stdout.contains("error:"), "{}", r.stdout);
    assert!(r.stderr.contains("2 errors"), "{}", r.stderr);

    // A clean build: its summary line goes to stderr, stdout stays JSON.
    let fx = Fixture::new("minimal");
    let r = run_in(&fx, &with(BUILD, &["--format", "json"]), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for l in r.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}"));
        assert_eq!(v["severity"], "warning", "{v}");
    }
    assert!(r.stderr.contains("Built "), "{}", r.stderr);
    // Bad usage is still 2.
    let r = run_in(&fx, &with(CHECK, &["--format", "xml"]), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn job_summary_counts_problems_and_lists_failed_checks() {
    let fx = broken();
    let summary = fx.tmp.path().join("summary.md");
    std::fs::write(&summary, "before\n").unwrap();
    let s = summary.to_str().unwrap();
    let r = run_in(&fx, CHECK, &[("GITHUB_STEP_SUMMARY", s)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("before\n## ccgpages check\n"), "{md}");
    let errors = r.stdout.lines().count() + r.stderr.matches(": error: ").count();
    assert_eq!(errors, 2, "{}", r.stderr);
    let warnings = r.stderr.matches(": warning: ").count();
    assert!(
        md.contains(&format!("**2 errors**, **{}**.", if warnings == 1 { "1 warning".to_owned() } else { format!("{warnings} warnings") })),
        "{md}"
    );
    // Each error, at its place, with the content's text escaped.
    let (line, col) = position(&fx, "ccgs/alpha/decisions.yaml", "vaule_total");
    assert!(md.contains(&format!("- **error** content\\/ccgs\\/alpha\\/decisions\\.yaml line {line}, column {col}: ")), "{md}");
    assert!(md.contains("web\\,50\\%"), "{md}");
    // Beta's failed check, under its CCG, with what would make it pass.
    let beta = md.split("#### beta\n").nth(1).unwrap_or_else(|| panic!("{md}"));
    let first = beta.lines().nth(1).unwrap();
    assert!(first.starts_with("- Check 1, "), "{beta}");
    assert!(beta.lines().nth(2).unwrap().starts_with("  - To pass: "), "{beta}");
    assert!(!md.contains("Site:"), "{md}");

    // A build: the site's address, and the checks again.
    let fx = Fixture::new("minimal");
    let summary = fx.tmp.path().join("summary.md");
    let r = run_in(&fx, &with(BUILD, &["--base-url", "https://example.org/a_b/"]), &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("## ccgpages build\n\n**0 errors**, "), "{md}");
    assert!(md.contains("The site was built"), "{md}");
    assert!(md.contains("Site: https\\:\\/\\/example\\.org\\/a\\_b\\/\n"), "{md}");
    assert!(md.contains("#### beta\n\n- Check 1, "), "{md}");
    assert!(md.contains("  - To pass: "), "{md}");
    // A withheld name (alpha's interests.yaml) appears nowhere.
    assert!(!md.contains("Secretperson"), "{md}");
}

#[test]
fn a_failed_build_summary_groups_failed_checks_by_ccg() {
    // The build stops at the errors; the checks were still worked out, and
    // are listed under their CCG with what would make them pass, not as
    // problems.
    let fx = broken();
    let summary = fx.tmp.path().join("summary.md");
    let r = run_in(&fx, BUILD, &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("## ccgpages build\n\n**2 errors**, "), "{md}");
    assert!(md.contains("The site was not built"), "{md}");
    let problems = md.split("### Failed transparency checks").next().unwrap();
    assert!(!problems.contains("Check 1"), "failed checks are not listed among the problems: {md}");
    assert!(md.contains("#### beta\n\n- Check 1, "), "{md}");
    assert!(md.contains("  - To pass: "), "{md}");
}

#[test]
fn check_links_adds_its_summary() {
    let fx = Fixture::new("minimal");
    ok_build(&fx);
    // A broken link in a built page.
    let page = fx.tmp.path().join("site/ccgs/alpha/index.html");
    let html = std::fs::read_to_string(&page).unwrap().replacen("</main>", "<a href=\"missing-page/\">x</a></main>", 1);
    std::fs::write(&page, html).unwrap();
    let summary = fx.tmp.path().join("summary.md");
    let r = run_in(&fx, &["check", "--links", "--output", "site"], &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("## ccgpages check \\-\\-links\n\n**1 error**, "), "{md}");
    assert!(md.contains("1 broken"), "{md}");
    assert!(md.contains("missing\\-page"), "{md}");
}

fn ok_build(fx: &Fixture) {
    let r = run_in(fx, BUILD, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
