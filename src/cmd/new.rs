//! `new ccg` and `new meeting`: a skeleton file to fill in, and what to do
//! next. `scaffold_error` gives `init` and `new` the same exit codes.

use std::process::ExitCode;

use ccgpages::scaffold;

use crate::cli::NewCommand;

pub(crate) fn run(what: NewCommand) -> ExitCode {
    let written = match &what {
        NewCommand::Ccg { id, name, ods, region, content } => scaffold::new_ccg(content, id, name, ods, region),
        NewCommand::Meeting { ccg, date, committee, content } => scaffold::new_meeting(content, ccg, date, committee.as_deref()),
    };
    match written {
        Ok(path) => {
            println!("{}", path.display());
            let content = match &what {
                NewCommand::Ccg { content, .. } | NewCommand::Meeting { content, .. } => content,
            };
            // The editor's schemas follow this version of ccgpages, quietly;
            // failing to write them fails nothing.
            if let Err(e) = scaffold::set_up_editor(content) {
                eprintln!("warning: {e}");
            }
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

pub(crate) fn scaffold_error(e: scaffold::Error) -> ExitCode {
    eprintln!("error: {e}");
    match e {
        scaffold::Error::Usage(_) => ExitCode::from(2),
        scaffold::Error::Failed(_) => ExitCode::from(1),
    }
}
