//! `ccgpages import`: content written from other systems' files.
//! (The registers' import and the command's wiring are another change's:
//! this module holds the practices' part.)

pub mod practices;
