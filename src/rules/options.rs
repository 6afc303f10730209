//! How a run is checked: the restore Type and action the user will choose, settings from
//! `secgov.toml`, and which files are the destination (`--target`) or only resolve names
//! (`--reference`).

use crate::diag::Severity;
use crate::model::BackupType;
use crate::source::SourceFile;
use crate::span::FileId;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The Security related action chosen at Restore from XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestoreAction {
    Create,
    Clear,
    None,
}

impl RestoreAction {
    pub fn parse(s: &str) -> Option<RestoreAction> {
        match s.trim().to_ascii_lowercase().as_str() {
            "create" => Some(RestoreAction::Create),
            "clear" => Some(RestoreAction::Clear),
            "none" => Some(RestoreAction::None),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RestoreAction::Create => "Create",
            RestoreAction::Clear => "Clear",
            RestoreAction::None => "None",
        }
    }
}

/// A per-code severity from `secgov.toml`: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// A segregation-of-duties rule: a role must not hold both duties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SodRule {
    pub name: String,
    pub first_duty: String,
    pub second_duty: String,
    pub severity: Severity,
    pub risk: Option<String>,
    pub mitigation: Option<String>,
}

/// Default share of common entry points at which two duties or privileges are reported.
pub const DEFAULT_OVERLAP_THRESHOLD: f64 = 0.8;

/// How a run is checked.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The Type the restore will be run with (`--restore-type`).
    pub restore_type: Option<BackupType>,
    /// The Security related action of the restore (`--action`).
    pub action: Option<RestoreAction>,
    /// Users in a backup are expected (`--allow-users`).
    pub allow_users: bool,
    /// Per-code severity overrides, keyed by code (`SG201`).
    pub levels: BTreeMap<String, Level>,
    pub sod_rules: Vec<SodRule>,
    /// Share (0..=1) of common entry points at which duties or privileges are reported.
    pub overlap_threshold: f64,
    /// Files of the destination environment (`--target`); not reported on.
    pub target_files: BTreeSet<FileId>,
    /// Files read only to resolve references (`--reference`); not reported on.
    pub reference_files: BTreeSet<FileId>,
    /// Threads to run the rules on; 0 means one per core (`--threads`).
    pub threads: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            restore_type: None,
            action: None,
            allow_users: false,
            levels: BTreeMap::new(),
            sod_rules: Vec::new(),
            overlap_threshold: DEFAULT_OVERLAP_THRESHOLD,
            target_files: BTreeSet::new(),
            reference_files: BTreeSet::new(),
            threads: 0,
        }
    }
}

impl CheckOptions {
    /// Whether findings in `file` are reported (it is neither target nor reference).
    pub fn is_input(&self, file: FileId) -> bool {
        !self.target_files.contains(&file) && !self.reference_files.contains(&file)
    }

    /// Sorts the files of a run loaded from `inputs`, `target` and `references` in one call into
    /// target and reference files: the most specific path given that contains a file decides.
    /// `files` must be in load order (inputs, then target, then references), as
    /// [`crate::load::load`] returns them for `inputs ++ target ++ references`.
    pub fn assign_files(
        &mut self,
        files: &[SourceFile],
        inputs: &[PathBuf],
        target: Option<&Path>,
        references: &[PathBuf],
    ) {
        #[derive(Clone, Copy, PartialEq)]
        enum Role {
            Input,
            Target,
            Reference,
        }
        let given: Vec<(&Path, Role)> = inputs
            .iter()
            .map(|p| (p.as_path(), Role::Input))
            .chain(target.map(|t| (t, Role::Target)))
            .chain(references.iter().map(|r| (r.as_path(), Role::Reference)))
            .collect();
        let mut seen = BTreeSet::new();
        for (id, file) in files.iter().enumerate() {
            let path = Path::new(&file.path);
            // A file reached twice (an input inside a --reference folder) is checked once; the
            // later copy only resolves names, like a reference.
            if !seen.insert(path) {
                self.reference_files.insert(id);
                continue;
            }
            let role = given
                .iter()
                .filter(|(p, _)| path.starts_with(p))
                .max_by_key(|(p, r)| (p.components().count(), *r == Role::Input))
                .map_or(Role::Input, |(_, r)| *r);
            match role {
                Role::Target => {
                    self.target_files.insert(id);
                }
                Role::Reference => {
                    self.reference_files.insert(id);
                }
                Role::Input => {}
            }
        }
    }
}
