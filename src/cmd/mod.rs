//! One module a command, and what they share: the as-of date, printing
//! diagnostics, numbers with thousands separators.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod schema;
pub(crate) mod serve;

use ccgpages::date::Date;
use std::io::Write as _;

use ccgpages::diag::{self, Diagnostic};
use ccgpages::{report, site};

use crate::cli::Format;

/// `--as-of`, else `site.yaml`'s `as_of` (resolved after loading), else
/// `SOURCE_DATE_EPOCH`, else today (UTC).
fn resolve_as_of(flag: Option<Date>) -> Result<site::AsOf, String> {
    Ok(site::AsOf { flag, fallback: Date::today()? })
}

/// How `check` and `build` print diagnostics (`--format`): as a compiler
/// does on stderr; also as GitHub workflow commands on stdout; or as JSON
/// lines on stdout, alone there.
///
/// Workflow commands go to stdout, the stream GitHub documents for them
/// (its runner reads both), so that they are not interleaved with the human
/// text on stderr.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Printer {
    human: bool,
    github: bool,
    json: bool,
}

impl Printer {
    /// `--format`, else human, and github as well in GitHub Actions
    /// (`GITHUB_ACTIONS=true`).
    pub(crate) fn new(format: Option<Format>) -> Printer {
        let format = format.unwrap_or_else(|| {
            if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") { Format::Github } else { Format::Human }
        });
        Printer { human: format != Format::Json, github: format == Format::Github, json: format == Format::Json }
    }

    fn diagnostics(&self, diags: &[Diagnostic]) {
        if self.human {
            let mut err = String::new();
            for d in diags {
                err.push_str(&d.render());
                err.push_str("\n\n");
            }
            eprint!("{err}");
        }
        let mut out = String::new();
        for d in diags {
            if self.github {
                out.push_str(&diag::github_command(&workspace_relative(d)));
                out.push('\n');
            }
            if self.json {
                out.push_str(&diag::json_line(d));
                out.push('\n');
            }
        }
        if !out.is_empty() {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(out.as_bytes());
            let _ = stdout.flush();
        }
    }

    /// A line of the human output meant for stdout (a summary): on stderr
    /// with `--format json`, which keeps stdout for JSON.
    fn out_line(&self, line: &str) {
        if self.json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }
}

/// The diagnostic with its file relative to the working folder (where
/// GitHub looks for it: the repository's root) when it is under it, and
/// without `./` parts.
fn workspace_relative(d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    if d.file.is_absolute()
        && let Ok(cwd) = std::env::current_dir()
        && let Ok(rel) = d.file.strip_prefix(&cwd)
    {
        d.file = rel.to_path_buf();
    }
    d.file = d.file.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect();
    d
}

/// Appends the job summary to `$GITHUB_STEP_SUMMARY` when it names a file;
/// a failure to is a warning on stderr, not a failed command.
fn write_job_summary(summary: &report::Summary<'_>) {
    if let Err(e) = report::append_step_summary(&report::job_summary(summary)) {
        eprintln!("warning: {e}");
    }
}

fn group_digits(n: usize) -> String {
    ccgpages::model::thousands(n as u64)
}
