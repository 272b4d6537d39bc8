//! The `ccgpages` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use ccgpages::date::Date;
use ccgpages::diag::{self, Diagnostic};
use ccgpages::site;

#[derive(Parser)]
#[command(name = "ccgpages", version, about = "Publish CCG primary care co-commissioning governance as a static website")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from the content folder into the output folder.
    Build {
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Where to write the site (replaced whole, only when the build succeeds).
        #[arg(long, default_value = "site")]
        output: PathBuf,
        /// The address the site is published at; overrides site.yaml's base_url.
        #[arg(long)]
        base_url: Option<String>,
        /// The day the site is built as of (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// Check the content and print every problem and failed transparency check; writes nothing.
    Check {
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The day to check as of (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// Exit 1 on warnings as well as errors.
        #[arg(long)]
        strict: bool,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date: expected YYYY-MM-DD"))
}

/// `--as-of`, else `SOURCE_DATE_EPOCH`, else today (UTC).
fn resolve_as_of(flag: Option<Date>) -> Result<Date, String> {
    if let Some(d) = flag {
        return Ok(d);
    }
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = v.trim().parse().map_err(|_| {
            format!("SOURCE_DATE_EPOCH is `{v}`: expected a number of seconds since 1970-01-01")
        })?;
        return Ok(Date::from_unix_seconds(secs));
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Ok(Date::from_unix_seconds(secs))
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = String::new();
    for d in diags {
        err.push_str(&d.render());
        err.push_str("\n\n");
    }
    eprint!("{err}");
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { content, output, base_url, as_of } => {
            let as_of = match resolve_as_of(as_of) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let opts = site::BuildOptions { content, output: output.clone(), base_url, as_of };
            match site::build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    if !report.warnings.is_empty() {
                        eprintln!("{}", diag::summary(&report.warnings));
                    }
                    println!(
                        "Built {} pages and copied {} files for {} into {} as of {} in {:.2} s",
                        group_digits(report.pages),
                        group_digits(report.copied),
                        diag::plural(report.ccgs, "CCG"),
                        output.display(),
                        as_of,
                        report.elapsed.as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    eprintln!("{}; the site was not built and {} is unchanged", diag::summary(&diags), output.display());
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { content, as_of, strict } => {
            let as_of = match resolve_as_of(as_of) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let checked = site::check(&content, as_of);
            print_diagnostics(&checked.diagnostics);
            let summary = format!(
                "{} in {} as of {}",
                diag::summary(&checked.diagnostics),
                diag::plural(checked.file_count(), "file"),
                as_of
            );
            if std::io::stderr().is_terminal() || !checked.diagnostics.is_empty() {
                eprintln!("{summary}");
            } else {
                println!("{summary}");
            }
            let warnings = checked.diagnostics.iter().any(|d| !d.is_error());
            if checked.has_errors() || (strict && warnings) { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
    }
}

fn group_digits(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
