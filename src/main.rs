//! The `ccgpages` command line.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use ccgpages::date::Date;
use ccgpages::diag::{self, Diagnostic};
use ccgpages::{links, scaffold, site};

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
        /// Where to write the site: a new or empty folder, or one ccgpages built before (replaced whole, only when the build succeeds).
        #[arg(long, default_value = "site")]
        output: PathBuf,
        /// The address the site is published at; overrides site.yaml's base_url.
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// The day the site is built as of (YYYY-MM-DD); default site.yaml's as_of, else SOURCE_DATE_EPOCH, else today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// Check the content and print every problem and failed transparency check; writes nothing.
    Check {
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The day to check as of (YYYY-MM-DD); default site.yaml's as_of, else SOURCE_DATE_EPOCH, else today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// Exit 1 on warnings as well as errors.
        #[arg(long)]
        strict: bool,
        /// Instead of the content, check that every link of the built site in --output reaches a page, file or id of it.
        #[arg(long)]
        links: bool,
        /// With --links: the built site.
        #[arg(long, default_value = "site", requires = "links")]
        output: PathBuf,
        /// With --links: the address the site was built for; default the one its home page names.
        #[arg(long, requires = "links", value_parser = parse_base_url)]
        base_url: Option<String>,
    },
    /// Make a new site in DIR: example content, a README for the team and a GitHub Pages workflow.
    Init {
        /// A new or empty folder.
        dir: PathBuf,
    },
    /// Add a CCG or a meeting to the content, as a skeleton file to fill in.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Preview the site while you edit: build it in memory, serve it on this computer, rebuild and reload on every save.
    Serve {
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The day the site is built as of (YYYY-MM-DD); default site.yaml's as_of, else SOURCE_DATE_EPOCH, else today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Look for changes by polling, for file systems that do not report them (network, some containers).
        #[arg(long)]
        poll: bool,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A CCG: writes ccgs/ID/ccg.yaml with one committee to add members to.
    Ccg {
        /// The CCG's folder name and address (/ccgs/ID/): a-z, 0-9 and -.
        id: String,
        /// The CCG's name, as it should be printed (NHS Central London (Westminster) CCG).
        #[arg(long)]
        name: String,
        /// The CCG's ODS code (09A).
        #[arg(long)]
        ods: String,
        /// Its NHS England region (London).
        #[arg(long)]
        region: String,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// A meeting: writes ccgs/CCG/meetings/DATE.md, scheduled, with a starting agenda.
    Meeting {
        /// The CCG's id (its folder name in ccgs/).
        ccg: String,
        /// The meeting's date, YYYY-MM-DD (or YYYY-MM-DD-<suffix> for a second meeting that day).
        date: String,
        /// The committee that meets; default the CCG's only committee.
        #[arg(long)]
        committee: Option<String>,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

/// `--base-url`: the rules of site.yaml's `base_url`.
fn parse_base_url(s: &str) -> Result<String, String> {
    match ccgpages::validate::base_url_problem(s) {
        None => Ok(s.to_owned()),
        Some(problem) => Err(format!("the address {problem}")),
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date: expected YYYY-MM-DD"))
}

/// `--as-of`, else `site.yaml`'s `as_of` (resolved after loading), else
/// `SOURCE_DATE_EPOCH`, else today (UTC).
fn resolve_as_of(flag: Option<Date>) -> Result<site::AsOf, String> {
    Ok(site::AsOf { flag, fallback: env_or_today()? })
}

fn env_or_today() -> Result<Date, String> {
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 =
            v.trim().parse().map_err(|_| format!("SOURCE_DATE_EPOCH is `{v}`: expected a number of seconds since 1970-01-01"))?;
        return Ok(Date::from_unix_seconds(secs));
    }
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
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
            let bar = Bar::start();
            let result = site::build_with(&opts, &bar);
            bar.finish();
            match result {
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
                        report.as_of,
                        report.elapsed.as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(site::BuildError::Refused(why)) => {
                    eprintln!("error: {why}");
                    eprintln!("The site was not built and nothing was changed.");
                    ExitCode::from(2)
                }
                Err(site::BuildError::Failed(diags)) => {
                    print_diagnostics(&diags);
                    eprintln!("{}; the site was not built and {} is unchanged", diag::summary(&diags), output.display());
                    ExitCode::from(1)
                }
            }
        }
        Command::Serve { content, as_of, port, bind, open, poll } => match resolve_as_of(as_of) {
            Ok(as_of) => ccgpages::serve::run(ccgpages::serve::ServeOptions { content, as_of, port, bind, open, poll }),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Check { links: true, output, base_url, content, .. } => check_links(&output, base_url, &content),
        Command::Init { dir } => init(&dir),
        Command::New { what } => {
            let written = match &what {
                NewCommand::Ccg { id, name, ods, region, content } => scaffold::new_ccg(content, id, name, ods, region),
                NewCommand::Meeting { ccg, date, committee, content } => scaffold::new_meeting(content, ccg, date, committee.as_deref()),
            };
            match written {
                Ok(path) => {
                    println!("{}", path.display());
                    match what {
                        NewCommand::Ccg { .. } => eprintln!(
                            "Next: add the committee's members to {}, then its terms of reference and registers; \
                             `ccgpages check` says what is missing",
                            path.display()
                        ),
                        NewCommand::Meeting { .. } => eprintln!(
                            "Next: fill in {} (times, venue, agenda and papers); after the meeting set `status: held` \
                             and write the minutes below the front matter",
                            path.display()
                        ),
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => scaffold_error(e),
            }
        }
        Command::Check { content, as_of, strict, .. } => {
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
                checked.as_of
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

/// `init DIR`: a new site, ready to build.
fn init(dir: &Path) -> ExitCode {
    let today = match scaffold::today() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match scaffold::init(dir, today) {
        Ok(files) => {
            for f in &files {
                println!("{}", f.display());
            }
            eprintln!(
                "Made a new site in {} with an example CCG. Next:\n  cd {}\n  ccgpages build\n\
                 then read README.md: it says how to publish on GitHub Pages and how to replace the example.",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => scaffold_error(e),
    }
}

fn scaffold_error(e: scaffold::Error) -> ExitCode {
    eprintln!("error: {e}");
    match e {
        scaffold::Error::Usage(_) => ExitCode::from(2),
        scaffold::Error::Failed(_) => ExitCode::from(1),
    }
}

/// `check --links`: every internal link of the built site resolves.
fn check_links(output: &Path, base_url: Option<String>, content: &Path) -> ExitCode {
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
            print_diagnostics(&report.warnings);
            print_diagnostics(&report.broken);
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
            if report.broken.is_empty() {
                println!("{summary}");
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

fn group_digits(n: usize) -> String {
    ccgpages::model::thousands(n as u64)
}
