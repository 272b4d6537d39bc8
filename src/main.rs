//! The `ccgpages` command line: [`cli`] is what it accepts, and each command
//! is a module of [`cmd`] that calls the library (`site`, `serve`,
//! `scaffold`, `links`) and turns its result into messages and an exit code:
//! 0 success, 1 bad content, 2 bad usage.

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod cmd;

use cli::{Cli, Command};

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build { content, output, base_url, as_of, format } => {
            cmd::build::run(content, output, base_url, as_of, cmd::Printer::new(format))
        }
        Command::Check { links: true, output, base_url, content, format, .. } => {
            cmd::check::links(&output, base_url, &content, cmd::Printer::new(format))
        }
        Command::Check { content, as_of, strict, format, .. } => cmd::check::content(&content, as_of, strict, cmd::Printer::new(format)),
        Command::Serve { content, as_of, port, bind, open, poll } => cmd::serve::run(content, as_of, port, bind, open, poll),
        Command::Init { dir, ccgpages_repo } => cmd::init::run(&dir, &ccgpages_repo),
        Command::New { what } => cmd::new::run(what),
        Command::Import { what } => cmd::import::run(what),
        Command::Schema { out, content, manifest } => cmd::schema::run(out.as_deref(), &content, manifest),
    }
}
