//! Round trips between the dialects: unpacking a security configuration export into AOT files,
//! packing AOT files into an export, and converting a USG backup to either. The writers live in
//! `crate::write`; this module decides what goes where and reports what cannot.

pub mod convert;
pub mod folder;
// The manifest is read by `load` (an unpacked folder reads as its export) and written here.
pub use crate::load::manifest;
pub mod pack;
mod select;
pub mod unpack;
