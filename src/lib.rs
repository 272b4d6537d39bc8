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
mod escape;
mod hash;
pub mod import;
pub mod links;
mod load;
mod markdown;
pub mod model;
mod papertext;
mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
mod source;
mod stamp;
mod suggest;
mod theme;
mod validate;
mod withheld;
mod write;
mod yaml;

// The few items of the crate's private modules that the command line or the
// integration tests use. Everything else in those modules is the crate's own
// (`pub(crate)` at most), so the `unreachable_pub` lint finds any `pub` that
// nothing outside uses; tests/suite/tidy.rs holds this list to those uses.
pub use escape::percent_decode;
pub use markdown::MAX_DEPTH as MARKDOWN_MAX_DEPTH;
pub use render::opendata::columns_markdown as open_data_columns;
pub use validate::base_url_problem;
pub use withheld::Withheld;
