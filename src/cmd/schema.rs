//! `schema`: the content files' JSON Schemas, for editors.

use std::path::Path;
use std::process::ExitCode;

use ccgpages::model::ContentPath;
use ccgpages::{scaffold, schema};

/// `schema --out DIR` writes the schemas alone into DIR; `schema` sets up
/// the site around `content` for editing with completion.
pub(crate) fn run(out: Option<&Path>, content: &Path) -> ExitCode {
    if out.is_none()
        && let Some(not) = ContentPath::not_content(content)
    {
        eprintln!("error: {not}: pass --content, or --out DIR to write the schemas alone");
        return ExitCode::from(2);
    }
    let written = match out {
        Some(dir) => schema::write(dir),
        None => scaffold::set_up_editor(content).map_err(|e| e.to_string()),
    };
    match written {
        Ok(files) => {
            for f in &files {
                println!("{}", f.display());
            }
            if out.is_none() {
                eprintln!(
                    "Open the site's folder in VS Code (or press . on its GitHub page for github.dev) and install the YAML \
                     extension it recommends: the content's YAML files are then completed and checked as you type."
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
