//! ccgpages: NHS CCG primary care co-commissioning governance as a static
//! website.
//!
//! The pipeline reads top to bottom, one module a stage:
//!
//! 1. `load`: walk the content folder, parse every file into the [`model`];
//! 2. [`validate`]: cross-references and rules (errors), then [`checks`]:
//!    the eleven transparency checks (warnings);
//! 3. [`render`]: tera templates of the `theme` and [`markdown`] into files;
//! 4. `write`: into a folder beside the output, swapped in when complete.
//!
//! `papertext` reads the words of meeting papers, for validate to look
//! for withheld names in them. `stamp` makes sure every read of a paper
//! (for names, for the copy, for the preview) is of the file first listed.
//!
//! [`site`] runs the stages; [`serve`] runs them again on every save;
//! `main.rs`, `cli.rs` and `cmd/` are the command line. `source` holds the
//! rules for reading content text, which the minutes use again when they
//! are read back from their files at render time. [`withheld`] finds
//! withheld names in any spelling; [`escape`] is text and URL escaping.
//!
//! ARCHITECTURE.md at the root of the repository is the map: each module,
//! what it may use, and the invariants.

pub mod checks;
pub mod date;
pub mod diag;
pub mod escape;
mod hash;
pub mod import;
pub mod links;
mod load;
pub mod markdown;
pub mod model;
mod papertext;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
mod source;
mod stamp;
mod suggest;
mod theme;
pub mod validate;
pub mod withheld;
mod write;
mod yaml;
