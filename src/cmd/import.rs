//! `import interests|gifts|decisions FILE --ccg ID`: a register from a
//! spreadsheet into the CCG's YAML file, or onto standard output. Exit 0
//! when written (or printed), 1 when rows could not be imported or the file
//! could not be read, 2 for bad usage (no such CCG, a register already
//! there). `import practices FILE`: NHS Digital's list of GP practices into
//! each CCG's `practices.yaml`.

use std::process::ExitCode;

use ccgpages::date::Date;
use ccgpages::import;

use super::new::scaffold_error;
use crate::cli::{ImportCommand, PracticesArgs};

pub(crate) fn run(what: ImportCommand) -> ExitCode {
    let (kind, args) = match what.parts() {
        Ok(parts) => parts,
        Err(practices_args) => return practices(practices_args),
    };
    let today = match Date::today() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // Where it goes, first: a register already there stops the import before any work.
    let target = if args.stdout {
        None
    } else {
        match import::target(&args.content, &args.ccg, kind, args.overwrite) {
            Ok(path) => Some(path),
            Err(e) => return scaffold_error(e),
        }
    };
    let updated = args.updated.unwrap_or(today);
    // The practices an interest can be linked to.
    let practices = if kind == import::Kind::Interests { import::practices(&args.content, &args.ccg) } else { import::Practices::none() };
    let imported = match import::convert(kind, &args.file, args.sheet.as_deref(), updated, today, &practices) {
        Ok(i) => i,
        Err(e) => return scaffold_error(e),
    };
    eprintln!("Read the {} from {}.", kind.what(), imported.source);
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
    for file in &practices.unreadable {
        eprintln!("note: {file} could not be read, so no interest is linked to its practices");
    }
    if kind == import::Kind::Interests && practices.is_empty() {
        eprintln!(
            "note: no practices.yaml lists the CCGs' GP practices yet, so no interest is linked to one (`practices:`, which \
             check 11 needs). Add them with `ccgpages import practices epraccur.csv`, then import this again with --overwrite"
        );
    }
    if !imported.left_out.is_empty() {
        eprintln!(
            "note: {} no place in the site's {}, and {} left out: {}",
            if imported.left_out.len() == 1 { "this column has" } else { "these columns have" },
            kind.file_name(),
            if imported.left_out.len() == 1 { "is" } else { "are" },
            imported.left_out.join("; ")
        );
    }
    if !imported.problems.is_empty() {
        eprintln!();
        eprintln!("{} could not be imported:", plural_rows(&imported.problems));
        for p in &imported.problems {
            eprintln!("  {p}");
        }
        eprintln!();
        if !args.force {
            eprintln!(
                "Nothing was written. Correct these rows in the spreadsheet and import it again; or add --force to \
                 import the other rows and leave these out, then add them to the file by hand."
            );
            return ExitCode::from(1);
        }
    }
    let linked = || {
        if imported.linked.is_empty() {
            if !practices.is_empty() {
                eprintln!("No declared interest names a GP practice of {}: none is linked to one.", practices.read.join(", "));
            }
            return;
        }
        eprintln!(
            "Linked {} to the GP practices {} (`practices:`), so check 11 can see {}:",
            if imported.linked.len() == 1 { "1 interest".to_owned() } else { format!("{} interests", imported.linked.len()) },
            if imported.linked.len() == 1 { "it names" } else { "they name" },
            if imported.linked.len() == 1 { "it" } else { "them" },
        );
        for row in &imported.linked {
            eprintln!("  {row}");
        }
    };
    match target {
        None => {
            print!("{}", imported.yaml);
            eprintln!("Printed {}.", imported.counts);
            linked();
        }
        Some(path) => {
            if let Err(e) = import::write(&args.content, &path, &imported.yaml, args.overwrite) {
                return scaffold_error(e);
            }
            println!("{}", path.display());
            eprintln!("Wrote {}: {}.", path.display(), imported.counts);
            linked();
            if args.updated.is_none() {
                eprintln!(
                    "Its `updated` date is today, {updated}: if the register was last brought up to date on another day, \
                     change it in the file (or import again with --overwrite --updated YYYY-MM-DD)."
                );
            }
            let content = args.content.display();
            eprintln!(
                "Next: run `ccgpages check --content {content}` to see the register against the rest of the site, or `ccgpages serve --content {content}` to look at the CCG's page."
            );
        }
    }
    ExitCode::SUCCESS
}

fn plural_rows(problems: &[import::Problem]) -> String {
    let rows: std::collections::BTreeSet<(Option<&str>, u32)> = problems.iter().map(|p| (p.sheet.as_deref(), p.row)).collect();
    if rows.len() == 1 { "1 row".to_owned() } else { format!("{} rows", rows.len()) }
}

/// `import practices FILE`: each CCG whose `ods_code` the file names as a
/// practice's commissioner gets its `practices.yaml`. Nothing is written if
/// any of them already has one (unless `--overwrite`).
fn practices(args: PracticesArgs) -> ExitCode {
    let updated = match args.updated.map(Ok).unwrap_or_else(Date::today) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let files = match import::practices::read(&args.content, &args.file, updated) {
        Ok(files) => files,
        Err(e) => return scaffold_error(e),
    };
    if args.stdout {
        for f in &files {
            println!("# ---- {}", f.at);
            print!("{}", f.yaml);
        }
        return ExitCode::SUCCESS;
    }
    if let Err(e) = import::practices::write(&args.content, &files, args.overwrite, |path| println!("{}", path.display())) {
        return scaffold_error(e);
    }
    eprintln!(
        "Wrote the GP practices of {} CCG{}. Next: run `ccgpages check --content {}`.",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        args.content.display()
    );
    ExitCode::SUCCESS
}
