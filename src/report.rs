//! The Markdown job summary a GitHub Actions run shows on its page
//! (`$GITHUB_STEP_SUMMARY`): errors and warnings counted, the problems, each
//! failed transparency check by CCG with what would make it pass, and the
//! site's address after a build. Text from the content is escaped so that
//! GitHub shows it as it is, never as Markdown or HTML.
//!
//! The workflow commands and JSON lines of single diagnostics are in
//! [`crate::diag`]. No name enters the summary that the diagnostics and
//! check results do not already publish (withheld names are shown as
//! published there).

use std::fmt::Write as _;

use crate::checks::{CcgChecks, CheckResults, Status};
use crate::diag::{self, Diagnostic};

/// At most this many problems are listed (all are counted).
const LISTED: usize = 50;

/// What one run of `check` or `build` found.
pub struct Summary<'a> {
    /// `check` or `build`.
    pub command: &'a str,
    /// One line on the outcome, in plain words (`The site was built.`).
    pub outcome: &'a str,
    pub diagnostics: &'a [Diagnostic],
    /// The transparency checks, where they were worked out to the end (not
    /// after a build that failed).
    pub checks: &'a CheckResults,
    /// The address the site was built for (a build that succeeded).
    pub site: Option<&'a str>,
}

/// The summary as Markdown.
pub fn job_summary(s: &Summary<'_>) -> String {
    let mut out = String::new();
    let errors = s.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = s.diagnostics.len() - errors;
    let _ = writeln!(out, "## ccgpages {}\n", markdown_escape(s.command));
    let _ =
        writeln!(out, "**{}**, **{}**. {}\n", diag::plural(errors, "error"), diag::plural(warnings, "warning"), markdown_escape(s.outcome));
    if let Some(site) = s.site {
        let _ = writeln!(out, "Site: {}\n", markdown_escape(site));
    }
    // Problems other than failed checks (those are listed by CCG below,
    // when the checks were worked out to the end).
    let problems: Vec<&Diagnostic> = s.diagnostics.iter().filter(|d| d.is_error() || d.title.is_none() || s.checks.is_empty()).collect();
    if !problems.is_empty() {
        let _ = writeln!(out, "### Problems\n");
        for d in problems.iter().take(LISTED) {
            let mut at = markdown_escape(&d.file.to_string_lossy());
            if d.line > 0 {
                let _ = write!(at, " line {}", d.line);
                if d.col > 0 {
                    let _ = write!(at, ", column {}", d.col);
                }
            }
            let _ = writeln!(out, "- **{}** {at}: {}", d.severity.word(), markdown_escape(&d.message));
        }
        if problems.len() > LISTED {
            let _ = writeln!(out, "- and {} more (see the log)", problems.len() - LISTED);
        }
        out.push('\n');
    }
    let failed: Vec<&CcgChecks> = s.checks.iter().filter(|c| c.results.iter().any(|r| r.status == Status::Fail)).collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "### Failed transparency checks\n");
        for c in failed {
            let _ = writeln!(out, "#### {}\n", markdown_escape(&c.ccg));
            for r in c.results.iter().filter(|r| r.status == Status::Fail) {
                let _ = writeln!(out, "- Check {}, {}: {}", r.id.number(), markdown_escape(r.id.title()), markdown_escape(&r.reason));
                if let Some(fix) = &r.fix {
                    let _ = writeln!(out, "  - To pass: {}", markdown_escape(fix));
                }
            }
            out.push('\n');
        }
    }
    out
}

/// `s` as literal Markdown text on one line: every ASCII punctuation
/// character backslash-escaped (CommonMark lets any be, so `*`, `_`, `` ` ``,
/// `|`, `[`, `<` and `&` are shown, never read as emphasis, code, a table
/// cell, a link, HTML or an entity), line breaks as spaces, and other
/// control characters shown escaped.
pub fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in diag::escape_controls(&s.replace(['\r', '\n'], " ")).chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Appends `text` to the file `$GITHUB_STEP_SUMMARY` names, when it names
/// one. An error is returned in plain words, for a warning on stderr.
pub fn append_step_summary(text: &str) -> Result<(), String> {
    use std::io::Write as _;
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| format!("cannot write the job summary to {}: {e}", std::path::Path::new(&path).display()))?;
    file.write_all(text.as_bytes()).map_err(|e| format!("cannot write the job summary to {}: {e}", std::path::Path::new(&path).display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{CheckId, CheckResult};
    use crate::date::Date;

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(
            markdown_escape("a|b <script> `c` *d* _e_ [f](g) &amp; #h \\ ~"),
            r"a\|b \<script\> \`c\` \*d\* \_e\_ \[f\]\(g\) \&amp\; \#h \\ \~"
        );
        assert_eq!(markdown_escape("one\r\ntwo\nthree\x1b"), r"one  two three\\u\{1b\}");
        assert_eq!(markdown_escape("plain words – é"), "plain words – é");
    }

    #[test]
    fn summary_counts_and_lists_checks() {
        let diags = vec![
            Diagnostic::error("content/a/ccg.yaml", "bad <b>").at("x\ny\n", 2, 1),
            Diagnostic::warning("content/a/decisions.yaml", "a (check 3: T): r").titled("Transparency check 3: T"),
        ];
        let checks: CheckResults = [CcgChecks {
            ccg: "a".into(),
            on: Date::parse("2016-06-30").unwrap(),
            results: vec![
                CheckResult {
                    id: CheckId::LayChair,
                    status: Status::Fail,
                    reason: "none | yet".into(),
                    fix: Some("publish `them`".into()),
                    file: "decisions.yaml".into(),
                    at: None,
                    evidence: None,
                },
                CheckResult {
                    id: CheckId::LayMajority,
                    status: Status::Pass,
                    reason: "ok".into(),
                    fix: None,
                    file: "ccg.yaml".into(),
                    at: None,
                    evidence: None,
                },
            ],
            undeclared: Vec::new(),
        }]
        .into_iter()
        .collect();
        let md = job_summary(&Summary {
            command: "build",
            outcome: "Built.",
            diagnostics: &diags,
            checks: &checks,
            site: Some("https://x.org/"),
        });
        assert!(md.contains("**1 error**, **1 warning**. Built\\."), "{md}");
        assert!(md.contains("Site: https\\:\\/\\/x\\.org\\/"), "{md}");
        assert!(md.contains("- **error** content\\/a\\/ccg\\.yaml line 2, column 1: bad \\<b\\>"), "{md}");
        assert!(!md.contains("decisions.yaml: a (check"), "{md}");
        assert!(md.contains("#### a\n\n- Check 3, Lay chair: none \\| yet\n  - To pass: publish \\`them\\`\n"), "{md}");
        assert!(!md.contains("Check 4"), "{md}");
    }
}
