//! `init DIR`: a new site with example content, a README for the team and a
//! GitHub Pages workflow.

use std::path::Path;
use std::process::ExitCode;

use ccgpages::date::Date;
use ccgpages::scaffold;

/// `init DIR`: a new site, ready to build.
pub(crate) fn run(dir: &Path, ccgpages_repo: &str) -> ExitCode {
    let today = match Date::today() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match scaffold::init(dir, today, ccgpages_repo) {
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
        Err(e) => super::new::scaffold_error(e),
    }
}
