//! Input that cannot hurt: no content makes ccgpages panic, hang or blow
//! up in memory. A mutation fuzzer over the fixture's files, the corpus of
//! cases found so far, and the awkward inputs the format must survive.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use crate::common::*;
use ccgpages::date::Date;
use ccgpages::site::{self, AsOf, BuildOptions};

const AS_OF: &str = "2016-06-30";

/// Loads, validates and (when it is clean) renders `fx` in this process.
/// Returns whether it had errors; panics are caught and reported.
fn exercise(fx: &Fixture, render: bool) -> Result<bool, String> {
    let content = fx.content();
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let as_of = AsOf::fixed(Date::parse(AS_OF).unwrap());
        let checked = site::check(&content, as_of);
        if render && !checked.has_errors() {
            let opts = BuildOptions { content: content.clone(), output: fx.site(), base_url: None, as_of };
            let _ = site::render_site(&checked, &opts);
        }
        checked.has_errors()
    }));
    let took = started.elapsed();
    if took > Duration::from_secs(5) {
        return Err(format!("took {took:?}"));
    }
    result.map_err(|e| e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default())
}

/// xorshift: deterministic, so a failure can be replayed by its seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "\n",
    "---\n",
    "\t",
    "\"",
    "'",
    "!!binary ",
    "~",
    "null",
    "0x1F",
    "1e9999",
    "-1",
    "2015-02-30",
    "\u{feff}",
    "\r",
    "\\",
    "#",
    "|\n",
    ">-\n",
    "? ",
    "<<: ",
    "%YAML 1.2\n",
    "\u{0}",
    "é",
    "🏥",
    "extra: {}",
    "withheld: true",
    "../",
    "/etc/passwd",
    "javascript:",
    "<script>",
    "99999999999999999999",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, t.bytes());
            }
            1 if !bytes.is_empty() => {
                let end = (at + 1 + rng.below(40)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            2 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << rng.below(8);
            }
            3 => {
                // Duplicate a line.
                let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
                if !lines.is_empty() {
                    let i = rng.below(lines.len());
                    let mut out = Vec::new();
                    for (j, l) in lines.iter().enumerate() {
                        out.extend_from_slice(l);
                        if j == i {
                            out.extend_from_slice(l);
                        }
                    }
                    bytes = out;
                }
            }
            4 => bytes.truncate(at),
            5 if !bytes.is_empty() => {
                // Change indentation of a line.
                let i = at.min(bytes.len() - 1);
                let start = bytes[..i].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                if rng.below(2) == 0 {
                    bytes.insert(start, b' ')
                } else if bytes.get(start) == Some(&b' ') {
                    bytes.remove(start);
                }
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, t.repeat(1 + rng.below(4)).bytes());
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_files_never_panic_or_hang() {
    let iterations: usize = std::env::var("CCGPAGES_FUZZ_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(120);
    let fx = Fixture::new("minimal");
    let mut targets: Vec<String> =
        all_files(&fx.content()).into_iter().map(|(p, _)| p).filter(|p| p.ends_with(".yaml") || p.ends_with(".md")).collect();
    targets.sort();
    let mut failures = Vec::new();
    let mut runs = 0;
    for (t, target) in targets.iter().enumerate() {
        let original = fx.read(target);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (t as u64 + 1));
        for i in 0..iterations {
            let seed = rng.0;
            let mutant = mutate(&original, &mut rng);
            fx.write(target, &mutant);
            runs += 1;
            if let Err(e) = exercise(&fx, i % 8 == 0) {
                failures.push(format!("{target} seed {seed:#x}: {e}\n--- mutant ---\n{mutant}"));
            }
        }
        fx.write(target, &original);
    }
    assert!(failures.is_empty(), "{} of {runs} runs failed:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn corpus_cases_are_refused_or_accepted_without_harm() {
    let dir = repo().join("tests/fuzz-corpus");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 10);
    for case in cases {
        let text = std::fs::read_to_string(&case).unwrap();
        let (header, body) = text.split_once('\n').unwrap();
        let target = header.strip_prefix("# target: ").expect("first line names the target file");
        let fx = Fixture::new("minimal");
        fx.write(target, body);
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        match exercise(&fx, true) {
            Ok(_) => {}
            Err(e) => panic!("{name}: {e}"),
        }
    }
}

fn first_error(fx: &Fixture) -> String {
    let run = fx.check(&[]);
    assert_eq!(run.code, 1, "expected an error:\n{}", run.stderr);
    run.stderr.lines().find(|l| l.contains(": error: ")).unwrap_or_default().to_owned()
}

#[test]
fn awkward_text_gets_a_clear_message_or_works() {
    // A byte order mark and CRLF line endings: accepted.
    let fx = Fixture::new("minimal");
    fx.write("pages/about.md", "\u{feff}---\r\ntitle: BOM and CRLF\r\n---\r\nBody\r\n");
    fx.write("ccgs/alpha/gifts-hospitality.yaml", &fx.read("ccgs/alpha/gifts-hospitality.yaml").replace('\n', "\r\n"));
    assert_eq!(fx.build(&[]).code, 0);
    assert!(fx.page("about/index.html").contains("BOM and CRLF"));

    let cases: &[(&str, &[u8], &str)] = &[
        ("pages/about.md", b"---\ntitle: caf\xe9\n---\n", "about.md:2:11: error: this file is not UTF-8 text (invalid byte 0xE9)"),
        ("ccgs/alpha/interests.yaml", b"", "interests.yaml:1:1: error: the file is empty: `updated` is missing: it is required"),
        ("pages/about.md", b"", "about.md:1:1: error: expected YAML front matter"),
        ("ccgs/alpha/ccg.yaml", b"name: a\nname: b\nods_code: x\nregion: y\n", "ccg.yaml:2:1: error: `name` is written twice"),
        ("site.yaml", b"title: t\nbase_url: https://x.org/\nextra:\n  a: &a [1,1,1,1,1,1,1,1,1]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n  h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n",
            "site.yaml: error: repetition limit exceeded"),
        ("pages/about.md", format!("---\ntitle: t\nextra: {}{}\n---\n", "[".repeat(200), "]".repeat(200)).as_bytes().to_vec().leak(),
            "about.md:3:72: error: nesting deeper than 64 levels is refused"),
        ("ccgs/alpha/decisions.yaml", b"updated: 2016-02-01\nentries:\n\t- id: x\n", "decisions.yaml:3:1: error: a tab: indent with spaces, never tabs"),
    ];
    for (file, bytes, expected) in cases {
        let fx = Fixture::new("minimal");
        std::fs::write(fx.file(file), bytes).unwrap();
        let got = first_error(&fx);
        assert!(got.contains(expected), "{file}: expected {expected:?}, got {got:?}");
    }

    // Very long lines work.
    let fx = Fixture::new("minimal");
    fx.write("pages/about.md", &format!("---\ntitle: {}\n---\n{}\n", "x".repeat(200_000), "y ".repeat(500_000)));
    assert_eq!(fx.check(&[]).code, 0);
}

#[cfg(unix)]
#[test]
fn papers_cannot_escape_the_content_folder() {
    let fx = Fixture::new("minimal");
    let secret = fx.tmp.path().join("secret.txt");
    std::fs::write(&secret, "outside").unwrap();
    std::os::unix::fs::symlink(&secret, fx.file("ccgs/alpha/papers/2016-01-14/link.pdf")).unwrap();
    let got = first_error(&fx);
    assert!(got.contains("papers/2016-01-14/link.pdf: error: this symbolic link leads outside the content directory"), "{got}");

    // A link inside the content is followed and copied.
    let fx = Fixture::new("minimal");
    std::os::unix::fs::symlink(fx.file("ccgs/alpha/papers/2016-01-14/merger.pdf"), fx.file("ccgs/alpha/papers/2016-01-14/alias.pdf"))
        .unwrap();
    // Only papers a meeting links to are published.
    fx.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "        file: papers/2016-01-14/merger.pdf",
        "        file: papers/2016-01-14/merger.pdf\n      - title: Alias\n        file: papers/2016-01-14/alias.pdf",
    );
    assert_eq!(fx.build(&[]).code, 0);
    let published = std::fs::symlink_metadata(fx.site().join("ccgs/alpha/papers/2016-01-14/alias.pdf")).unwrap();
    assert!(published.file_type().is_file(), "published as a file, not a link");
}

/// The build reports its own peak memory (`CCGPAGES_TIMINGS=1`, from
/// Linux's /proc/self/status), so the check needs no other tool and cannot
/// be skipped: Linux only.
#[cfg(target_os = "linux")]
#[test]
fn a_200_mb_paper_is_copied_as_it_is() {
    use std::os::unix::fs::MetadataExt;
    let fx = Fixture::new("minimal");
    let big = fx.file("ccgs/alpha/papers/2016-01-14/merger.pdf");
    // Sparse: costs no disk to make, but is 200 MB to anything that reads it.
    let f = std::fs::OpenOptions::new().write(true).open(&big).unwrap();
    f.set_len(200 * 1024 * 1024).unwrap();
    drop(f);
    // Larger than is read for names, so unreadable: a person has read it.
    fx.edit(
        "ccgs/alpha/meetings/2016-01-14.md",
        "        file: papers/2016-01-14/merger.pdf",
        "        file: papers/2016-01-14/merger.pdf\n        checked_by_eye: true",
    );
    let out = std::process::Command::new(BIN)
        .args(["build", "--content", fx.content().to_str().unwrap(), "--output", fx.site().to_str().unwrap(), "--as-of", AS_OF])
        .env("CCGPAGES_TIMINGS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let kb: u64 = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("peak: ")?.strip_suffix(" KB")?.parse().ok())
        .unwrap_or_else(|| panic!("the build did not report its peak memory:\n{stderr}"));
    assert!(kb > 1024, "a peak of {kb} KB cannot be right");
    assert!(kb < 100 * 1024, "peak memory {kb} KB: the paper was read into memory");
    let copied = std::fs::metadata(fx.site().join("ccgs/alpha/papers/2016-01-14/merger.pdf")).unwrap();
    assert_eq!(copied.len(), 200 * 1024 * 1024);
    assert!(copied.ino() != std::fs::metadata(&big).unwrap().ino(), "a copy, not a link to the content's file");
}

/// The line (1-based) of `content/<rel>` that holds `needle`.
fn line_of(fx: &Fixture, rel: &str, needle: &str) -> usize {
    fx.read(rel).lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} not in {rel}")) + 1
}

#[test]
fn raw_html_that_would_hide_the_rest_of_the_text_is_an_error_where_it_opens() {
    let minutes = "ccgs/alpha/meetings/2016-01-14.md";
    for name in ["style", "textarea", "script", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"] {
        let fx = Fixture::new("minimal");
        fx.edit(
            minutes,
            "| Item | Outcome |",
            &format!("Noted. <{name} class=\"x\">\n\n## Any other business\n\nNone.\n\n| Item | Outcome |"),
        );
        let line = line_of(&fx, minutes, &format!("Noted. <{name}"));
        let want = format!("2016-01-14.md:{line}:8: error: the HTML `<{name}>` here ");
        let check = fx.check(&[]);
        assert_eq!(check.code, 1, "{name}: {}", check.stderr);
        assert!(check.stderr.contains(&want), "{name}: want {want:?} in\n{}", check.stderr);
        let build = fx.build(&[]);
        assert_eq!(build.code, 1, "{name}");
        assert!(build.stderr.contains(&want), "{name}: {}", build.stderr);
        assert!(!fx.site().exists(), "{name}: nothing is published");
    }
    // Closed, the minutes build: the sanitiser keeps or drops the element,
    // and the rest of the minutes is there.
    let fx = Fixture::new("minimal");
    fx.edit(
        minutes,
        "| Item | Outcome |",
        "Noted. <textarea>kept as text</textarea> <style>p{}</style>\n\nAFTER-THE-STYLE\n\n| Item | Outcome |",
    );
    assert_eq!(fx.build(&[]).code, 0);
    assert!(fx.page("ccgs/alpha/meetings/2016-01-14/index.html").contains("AFTER-THE-STYLE"));

    // Pages, terms of reference and a decision's summary too; an unclosed comment as well.
    let fx = Fixture::new("minimal");
    fx.edit("pages/about.md", "## What this is", "## What this is\n\n<!-- draft");
    fx.edit("ccgs/alpha/terms-of-reference.md", "## Purpose", "## Purpose\n\n<TEXTAREA>");
    fx.edit(
        "ccgs/alpha/decisions.yaml",
        "summary: Approved, subject to *patient engagement*.",
        "summary: Approved <style> subject to *patient engagement*.",
    );
    let check = fx.check(&[]);
    assert_eq!(check.code, 1);
    for want in [
        format!("about.md:{}:1: error: the HTML comment `<!--` here is never closed with `-->`", line_of(&fx, "pages/about.md", "<!--")),
        format!(
            "terms-of-reference.md:{}:1: error: the HTML `<textarea>` here is never closed with `</textarea>`",
            line_of(&fx, "ccgs/alpha/terms-of-reference.md", "<TEXTAREA")
        ),
        format!(
            "decisions.yaml:{}:5: error: in the summary of decision `AL-2016-01`: the HTML `<style>` here is never closed",
            line_of(&fx, "ccgs/alpha/decisions.yaml", "<style>")
        ),
    ] {
        assert!(check.stderr.contains(&want), "want {want:?} in\n{}", check.stderr);
    }
}

#[test]
fn many_equal_headings_and_deep_nesting_take_no_time() {
    // 20,000 headings `## same` took 41 s (each repeat tried every number
    // before its own); now 0.1 s. The bound allows a loaded machine.
    let fx = Fixture::new("minimal");
    fx.write("pages/about.md", &format!("---\ntitle: About\n---\n{}", "## same\n\nText.\n\n".repeat(20_000)));
    let started = Instant::now();
    let build = fx.build(&[]);
    let took = started.elapsed();
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let page = fx.page("about/index.html");
    assert!(page.contains("id=\"md-same\"") && page.contains("id=\"md-same-20000\""));

    // 100,000 nested <div> took 50 s in the sanitiser's HTML parser (its
    // time grows with the square of the depth): refused, at the element
    // that goes too deep, by check and by build, at once.
    let fx = Fixture::new("minimal");
    fx.write("pages/about.md", &format!("---\ntitle: About\n---\nIntro.\n\n{}x{}\n", "<div>".repeat(100_000), "</div>".repeat(100_000)));
    for run in ["check", "build"] {
        let started = Instant::now();
        let r = if run == "check" { fx.check(&[]) } else { fx.build(&[]) };
        let took = started.elapsed();
        assert_eq!(r.code, 1, "{run}");
        assert!(took < Duration::from_secs(20), "{run} took {took:?}");
        let col = 5 * ccgpages::MARKDOWN_MAX_DEPTH + 1;
        assert!(
            r.stderr.contains(&format!(
                "about.md:6:{col}: error: more than {} HTML elements, quotes or lists are nested inside one another here",
                ccgpages::MARKDOWN_MAX_DEPTH
            )),
            "{run}: {}",
            r.stderr
        );
    }
    // Nested as deep as real minutes ever are: fine.
    fx.write("pages/about.md", &format!("---\ntitle: About\n---\n{}DEEP{}\n", "<div>".repeat(40), "</div>".repeat(40)));
    assert_eq!(fx.build(&[]).code, 0);
    assert!(fx.page("about/index.html").contains("DEEP"));
}

#[test]
fn control_characters_in_content_are_shown_escaped() {
    let fx = Fixture::new("minimal");
    // YAML's escapes: ESC, carriage return, bell, a C1 control.
    fx.edit("ccgs/alpha/decisions.yaml", "category: practice-merger", "category: \"\\e[2J\\r\\a\\x9b31m\"");
    let check = fx.check(&[]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("`category` `\\u{1b}[2J\\u{d}\\u{7}\\u{9b}31m` is not one of"), "{}", check.stderr);
    assert!(!check.stderr.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{:?}", check.stderr);
    // In a Markdown line quoted under a problem.
    let fx = Fixture::new("minimal");
    fx.edit("pages/about.md", "## What this is", "## What this is\n\n\u{1b}[2J\u{7}<style>");
    let check = fx.check(&[]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("| \\u{1b}[2J\\u{7}<style>"), "{}", check.stderr);
    assert!(!check.stderr.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{:?}", check.stderr);
}
