//! `schema`: the content files' JSON Schemas, for editors; with
//! `--manifest`, the schema of a built site's `/ccgpages.json`.

use std::path::Path;
use std::process::ExitCode;

use ccgpages::model::ContentPath;
use ccgpages::{scaffold, schema};

/// `schema --out DIR` writes the schemas alone into DIR; `schema` sets up
/// the site around `content` for editing with completion. `schema
/// --manifest` prints the manifest's schema, or writes it into `--out`.
pub(crate) fn run(out: Option<&Path>, content: &Path, manifest: bool) -> ExitCode {
    if manifest {
        return write_manifest(out);
    }
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

/// The manifest's schema on stdout, or as `ccgpages.schema.json` in `out`.
fn write_manifest(out: Option<&Path>) -> ExitCode {
    let text = schema::manifest();
    let Some(dir) = out else {
        print!("{text}");
        return ExitCode::SUCCESS;
    };
    let path = dir.join(schema::MANIFEST_FILE);
    match std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, text)) {
        Ok(()) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::from(1)
        }
    }
}
