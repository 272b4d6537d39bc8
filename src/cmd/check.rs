//! `check`: the content and its transparency checks, or with `--links` the
//! links of a built site. Writes nothing.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use ccgpages::date::Date;
use ccgpages::{diag, links, report, site};

use super::{Printer, group_digits, resolve_as_of, write_job_summary};

/// `check`: every problem and failed transparency check of the content.
pub(crate) fn content(content: &Path, as_of: Option<Date>, strict: bool, printer: Printer) -> ExitCode {
    let as_of = match resolve_as_of(as_of) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let checked = site::check(content, as_of);
    printer.diagnostics(&checked.diagnostics);
    let summary =
        format!("{} in {} as of {}", diag::summary(&checked.diagnostics), diag::plural(checked.file_count(), "file"), checked.as_of);
    if std::io::stderr().is_terminal() || !checked.diagnostics.is_empty() {
        eprintln!("{summary}");
    } else {
        printer.out_line(&summary);
    }
    let warnings = checked.diagnostics.iter().any(|d| !d.is_error());
    let failed = checked.has_errors() || (strict && warnings);
    let outcome = format!(
        "{} checked as of {}: {}.",
        diag::plural(checked.file_count(), "file"),
        checked.as_of,
        if failed { "the check failed" } else { "the check passed" }
    );
    write_job_summary(&report::Summary {
        command: "check",
        outcome: &outcome,
        diagnostics: &checked.diagnostics,
        checks: &checked.checks,
        site: None,
    });
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// `check --links`: every internal link of the built site resolves.
pub(crate) fn links(output: &Path, base_url: Option<String>, content: &Path, printer: Printer) -> ExitCode {
    if !output.join("index.html").is_file() {
        eprintln!("error: {} holds no built site (no index.html): run `ccgpages build` first", output.display());
        return ExitCode::from(1);
    }
    let Some(base_url) = base_url.or_else(|| links::built_base_url(output)).or_else(|| links::content_base_url(content)) else {
        eprintln!(
            "error: cannot tell which address {} was built for (its index.html has no canonical link): pass --base-url",
            output.display()
        );
        return ExitCode::from(2);
    };
    match links::check_site(output, &base_url) {
        Ok(report) => {
            printer.diagnostics(&report.warnings);
            printer.diagnostics(&report.broken);
            let summary = format!(
                "Checked {} links in {} pages of {} built for {base_url}: {}",
                group_digits(report.links),
                group_digits(report.pages),
                output.display(),
                match report.broken.len() {
                    0 => "none is broken".to_owned(),
                    n => format!("{} broken", group_digits(n)),
                }
            );
            let mut found = report.warnings.clone();
            found.extend(report.broken.iter().cloned());
            write_job_summary(&report::Summary {
                command: "check --links",
                outcome: &format!("{summary}."),
                diagnostics: &found,
                checks: &ccgpages::checks::CheckResults::default(),
                site: None,
            });
            if report.broken.is_empty() {
                printer.out_line(&summary);
                ExitCode::SUCCESS
            } else {
                eprintln!("{summary}");
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("error: cannot check the links of {}: {e}; build the site first (ccgpages build)", output.display());
            ExitCode::from(1)
        }
    }
}
