//! The one integration-test binary: every area of the CLI and library is a module here, so the
//! crate is linked once for all of them (as cargo's `tests/testsuite` and rust-analyzer do).
//! A test that needs a process of its own would get its own file beside this folder.

mod access_cli;
mod access_diff;
mod access_read;
mod access_rules;
mod access_scale;
mod aot_project;
mod architecture;
mod catalog_cli;
mod cli_shell;
mod corpus;
mod diff_cases;
mod diff_cli;
mod diff_identity;
mod diff_mirror;
mod diff_regression;
mod encodings;
mod fmt;
mod generate_cli;
mod generate_outlines;
mod generate_proptest;
mod generate_templates;
mod hardening_input;
mod hardening_output;
mod hostile;
mod inspect_cli;
mod license;
mod lsp;
mod lsp_features;
mod no_data_loss;
mod parallel_read;
mod pipelines_inputs;
mod pipelines_junit;
mod pipelines_sarif;
mod pipelines_unread;
mod pipelines_volume;
mod precommit;
mod progress;
mod property;
mod read;
#[allow(dead_code)]
mod render_fixture;
mod render_formats;
mod render_pipelines;
mod render_properties;
mod render_real_inputs;
mod render_sarif;
mod roundtrip_aot;
mod roundtrip_cli;
mod roundtrip_pack_unpack;
mod roundtrip_props;
#[allow(dead_code)]
mod roundtrip_support;
mod rules_docs;
mod rules_fixtures;
mod spreadsheet_csv;
mod spreadsheet_dry_run;
mod spreadsheet_duties;
mod spreadsheet_excel;
mod spreadsheet_outline;
mod spreadsheet_processes;
#[allow(dead_code)]
mod support;
// The synthetic corpora of the benchmark (not in the library); their unit tests run here.
#[path = "../../examples/synth/mod.rs"]
mod synth;
mod validate_cli;
mod validate_formats;
mod validate_grounded;
mod validate_props;
mod xsd;
