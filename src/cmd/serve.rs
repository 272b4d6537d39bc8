//! `serve`: preview the site while editing (the work is `ccgpages::serve`).

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use ccgpages::date::Date;
use ccgpages::serve::{self, ServeOptions};

pub(crate) fn run(content: PathBuf, as_of: Option<Date>, port: u16, bind: IpAddr, open: bool, poll: bool) -> ExitCode {
    match super::resolve_as_of(as_of) {
        Ok(as_of) => serve::run(ServeOptions { content, as_of, port, bind, open, poll }),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
