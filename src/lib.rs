//! secgov: read, validate, generate and compare the security XML of Dynamics 365 Finance and
//! Operations (USG security category backups, AOT security metadata, security configuration
//! exports). The library never prints; the `secgov` binary does.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod access;
pub mod catalog;
pub mod config;
pub mod diag;
pub mod dialect;
pub mod diff;
pub mod exit;
pub mod fmt;
pub mod generate;
pub mod input;
pub mod license;
pub mod load;
pub mod lsp;
pub mod model;
pub mod outline;
pub mod progress;
pub mod render;
pub mod roundtrip;
pub mod rules;
pub mod schema;
/// Segregation-of-duties rules read from Dynamics 365's export (`--sod`, `sod-file`).
pub use config::sod;
pub mod source;
pub mod span;
pub mod table;
pub mod timing;
pub mod write;
pub mod xml;
