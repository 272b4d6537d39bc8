//! The command line's words: commands, options and their help, as clap
//! reads them. `main.rs` hands each command to its module in `cmd/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use ccgpages::ccgs_folder;
use ccgpages::date::Date;

#[derive(Parser)]
#[command(name = "ccgpages", version, about = "Publish CCG primary care co-commissioning governance as a static website")]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        /// How to print problems: human (for people), github (also as GitHub Actions annotations, shown at the line on the commit and pull request), json (one JSON object a line on stdout, for other tools). Default human, and github too when GITHUB_ACTIONS=true.
        #[arg(long, value_enum)]
        format: Option<Format>,
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
        /// How to print problems: human (for people), github (also as GitHub Actions annotations, shown at the line on the commit and pull request), json (one JSON object a line on stdout, for other tools). Default human, and github too when GITHUB_ACTIONS=true.
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Make a new site in DIR: example content, a README for the team and a GitHub Pages workflow.
    Init {
        /// A new or empty folder.
        dir: PathBuf,
        /// The GitHub repository (owner/name) whose releases and action the new site's workflow uses: for a fork or mirror of ccgpages.
        #[arg(long, value_name = "OWNER/NAME", default_value = ccgpages::scaffold::DEFAULT_REPO)]
        ccgpages_repo: String,
    },
    /// Write the content files' JSON Schemas, so that an editor (VS Code, github.dev) completes and checks them as you type; or, with --manifest, the schema of a built site's /ccgpages.json.
    Schema {
        /// Write only the schemas, into this folder. Without it: into the site's .ccgpages/schema/, with VS Code's settings (.vscode/) unless the site has its own. With --manifest: write ccgpages.schema.json into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The content folder (the site is the folder around it).
        #[arg(long, default_value = "content", conflicts_with_all = ["out", "manifest"])]
        content: PathBuf,
        /// Instead of the content files' schemas, the JSON Schema of the manifest every built site publishes as /ccgpages.json (for building an index from many sites): printed, or written into --out.
        #[arg(long)]
        manifest: bool,
    },
    /// Add a CCG or a meeting to the content, as a skeleton file to fill in.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Bring in a register kept in a spreadsheet (.xlsx, .ods or .csv, in NHS England's template layout) as the CCG's YAML file.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
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

/// `--format`: how problems are printed.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub(crate) enum Format {
    /// As a compiler prints them, on stderr.
    Human,
    /// As a compiler prints them, and as GitHub Actions workflow commands on stdout.
    Github,
    /// One JSON object a line on stdout, and nothing else there.
    Json,
}

/// The help of a `--ccg` or `CCG` argument.
const CCG_ID_HELP: &str = concat!("The CCG's id (its folder name in ", ccgs_folder!(), "/)");

#[derive(Subcommand)]
pub(crate) enum NewCommand {
    // The help names the CCGs' folder as the content layout (model::ContentPath) does.
    #[command(about = concat!("A CCG: writes ", ccgs_folder!(), "/ID/ccg.yaml with one committee to add members to"))]
    Ccg {
        #[arg(help = concat!("The CCG's folder name and address (/", ccgs_folder!(), "/ID/): a-z, 0-9 and -"))]
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
    #[command(about = concat!("A meeting: writes ", ccgs_folder!(), "/CCG/meetings/DATE.md, scheduled, with a starting agenda"))]
    Meeting {
        #[arg(help = CCG_ID_HELP)]
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

#[derive(Subcommand)]
pub(crate) enum ImportCommand {
    #[command(about = concat!("The register of interests: writes ", ccgs_folder!(), "/CCG/interests.yaml"))]
    Interests(ImportArgs),
    #[command(about = concat!("The register of gifts and hospitality: writes ", ccgs_folder!(), "/CCG/gifts-hospitality.yaml"))]
    Gifts(ImportArgs),
    #[command(about = concat!("The register of procurement decisions: writes ", ccgs_folder!(), "/CCG/decisions.yaml"))]
    Decisions(ImportArgs),
    #[command(about = concat!(
        "GP practices from NHS Digital's list (epraccur.csv): writes ",
        ccgs_folder!(),
        "/CCG/practices.yaml for each CCG whose ods_code it names as commissioner"
    ))]
    Practices(PracticesArgs),
}

impl ImportCommand {
    /// A register's kind and arguments, or the practices' arguments.
    pub(crate) fn parts(self) -> Result<(ccgpages::import::Kind, ImportArgs), PracticesArgs> {
        use ccgpages::import::Kind;
        match self {
            ImportCommand::Interests(a) => Ok((Kind::Interests, a)),
            ImportCommand::Gifts(a) => Ok((Kind::Gifts, a)),
            ImportCommand::Decisions(a) => Ok((Kind::Decisions, a)),
            ImportCommand::Practices(a) => Err(a),
        }
    }
}

#[derive(clap::Args)]
pub(crate) struct PracticesArgs {
    /// NHS Digital's epraccur.csv (the GP practices of England, no header row).
    pub(crate) file: PathBuf,
    /// The day the list was published (YYYY-MM-DD); default today (or SOURCE_DATE_EPOCH).
    #[arg(long, value_parser = parse_date)]
    pub(crate) updated: Option<Date>,
    /// Replace a CCG's practices.yaml if it already has one.
    #[arg(long)]
    pub(crate) overwrite: bool,
    /// Print the files instead of writing them.
    #[arg(long)]
    pub(crate) stdout: bool,
    /// The content folder.
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
}

#[derive(clap::Args)]
pub(crate) struct ImportArgs {
    /// The spreadsheet: .xlsx, .xls, .ods or .csv.
    pub(crate) file: PathBuf,
    #[arg(long, help = CCG_ID_HELP)]
    pub(crate) ccg: String,
    /// The sheet to read; default the one whose headings match the register best.
    #[arg(long)]
    pub(crate) sheet: Option<String>,
    /// The day the register was last brought up to date (YYYY-MM-DD); default today (or SOURCE_DATE_EPOCH).
    #[arg(long, value_parser = parse_date)]
    pub(crate) updated: Option<Date>,
    /// Write the file even if some rows could not be imported (they are left out).
    #[arg(long)]
    pub(crate) force: bool,
    /// Replace the CCG's register if it already has one.
    #[arg(long)]
    pub(crate) overwrite: bool,
    /// Print the register instead of writing it.
    #[arg(long)]
    pub(crate) stdout: bool,
    /// The content folder.
    #[arg(long, default_value = "content")]
    pub(crate) content: PathBuf,
}

/// `--base-url`: the rules of site.yaml's `base_url`.
fn parse_base_url(s: &str) -> Result<String, String> {
    match ccgpages::base_url_problem(s) {
        None => Ok(s.to_owned()),
        Some(problem) => Err(format!("the address {problem}")),
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date: expected YYYY-MM-DD"))
}
