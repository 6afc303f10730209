//! Renderers: turn diagnostics (and other results) into text for people and tools.

pub mod human;
pub mod inspect;
