//! Writing results to disk safely. Writers per dialect live beside this file.

pub mod atomic;
pub mod usg;
