//! Writing results to disk safely, and the writers per dialect.

pub mod aot;
pub mod atomic;
pub mod catalog;
pub mod encoding;
mod object;
pub mod project;
pub mod secconfig;
mod source_tree;
pub mod stage;
pub mod usg;
