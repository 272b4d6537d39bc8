//! `build`: the content folder into the output folder, with a progress bar
//! on a terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ccgpages::date::Date;
use ccgpages::site;
use ccgpages::{diag, report};

use super::{Printer, group_digits, resolve_as_of, write_job_summary};

pub(crate) fn run(content: PathBuf, output: PathBuf, base_url: Option<String>, as_of: Option<Date>, printer: Printer) -> ExitCode {
    let as_of = match resolve_as_of(as_of) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = site::BuildOptions { content, output: output.clone(), base_url, as_of };
    let bar = Bar::start();
    let result = site::build_with(&opts, &bar);
    bar.finish();
    match result {
        Ok(report) => {
            printer.diagnostics(&report.warnings);
            if !report.warnings.is_empty() {
                eprintln!("{}", diag::summary(&report.warnings));
            }
            printer.out_line(&format!(
                "Built {} pages and copied {} files for {} into {} as of {} in {:.2} s",
                group_digits(report.pages),
                group_digits(report.copied),
                diag::plural(report.ccgs, "CCG"),
                output.display(),
                report.as_of,
                report.elapsed.as_secs_f64()
            ));
            let outcome = format!(
                "The site was built: {} pages for {} as of {}.",
                group_digits(report.pages),
                diag::plural(report.ccgs, "CCG"),
                report.as_of
            );
            write_job_summary(&report::Summary {
                command: "build",
                outcome: &outcome,
                diagnostics: &report.warnings,
                checks: &report.checks,
                site: Some(&report.base_url),
            });
            ExitCode::SUCCESS
        }
        Err(site::BuildError::Refused(why)) => {
            eprintln!("error: {why}");
            eprintln!("The site was not built and nothing was changed.");
            ExitCode::from(2)
        }
        Err(site::BuildError::Failed { diagnostics: diags, checks }) => {
            printer.diagnostics(&diags);
            eprintln!("{}; the site was not built and {} is unchanged", diag::summary(&diags), output.display());
            write_job_summary(&report::Summary {
                command: "build",
                outcome: "The site was not built: fix the errors below.",
                diagnostics: &diags,
                checks: &checks,
                site: None,
            });
            ExitCode::from(1)
        }
    }
}

/// The build's progress bar: drawn on stderr when it is a terminal, and
/// only once the build has taken more than a second (a quick build prints
/// nothing but its summary).
struct Bar {
    bar: indicatif::ProgressBar,
    done: Option<std::sync::mpsc::Sender<()>>,
    shower: Option<std::thread::JoinHandle<()>>,
}

impl Bar {
    fn start() -> Bar {
        use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("a valid template"));
        bar.set_message("Checking the content");
        if !std::io::stderr().is_terminal() {
            return Bar { bar, done: None, shower: None };
        }
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let shown = bar.clone();
        let shower = std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(std::time::Duration::from_secs(1)) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(100));
            }
        });
        Bar { bar, done: Some(done), shower: Some(shower) }
    }

    fn finish(mut self) {
        drop(self.done.take());
        if let Some(s) = self.shower.take() {
            let _ = s.join();
        }
        self.bar.finish_and_clear();
    }
}

impl site::Progress for Bar {
    fn planned(&self, total: usize) {
        let style = indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {human_pos}/{human_len} pages and papers, {elapsed}")
            .expect("a valid template")
            .progress_chars("=> ");
        self.bar.set_style(style);
        self.bar.set_length(total as u64);
        self.bar.set_message("Writing");
    }
    fn step(&self) {
        self.bar.inc(1);
    }
    fn waiting(&self, output: &Path) {
        self.bar.suspend(|| eprintln!("Another build is writing {}: waiting for it to finish", output.display()));
    }
}
