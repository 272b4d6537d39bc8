//! The integration tests: one test crate (one binary to build and link),
//! a module per part of ccgpages, fixture sites built and their output
//! asserted. Shared helpers are in `tests/common/`.
//!
//! Run one part with its module's name: `cargo test --release --test suite
//! -- withheld::`.

#[path = "../common/mod.rs"]
mod common;

mod action;
mod attend;
mod build;
mod checks;
mod content_format;
mod decisions;
mod exposure;
mod format;
mod import;
mod import_limits;
mod import_practices;
mod init;
mod links;
mod manifest;
mod messages;
mod opendata;
mod output;
mod papers;
mod people;
mod practice_links;
mod robust;
mod schema;
mod search;
mod serve;
mod snapshots;
mod theme;
mod tidy;
mod withheld;
mod years;
