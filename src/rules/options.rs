//! How a run is checked: the restore Type and action the user will choose, settings from
//! `secgov.toml`, and which files are the destination (`--target`) or only resolve names
//! (`--reference`).

use crate::diag::Severity;
use crate::model::BackupType;
use crate::source::SourceFile;
use crate::span::FileId;
use std::collections::{BTreeMap, BTreeSet, HashSet};
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

/// The process-level Restore from XML (`--restore-into`, `--overwrite`): the node of the
/// destination's hierarchy the file is restored under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreInto {
    /// The category's name, then each process down to the node.
    pub path: Vec<String>,
    /// Overwrite = Yes: names already taken are replaced instead of blocking the restore.
    pub overwrite: bool,
}

impl RestoreInto {
    /// `CATEGORY/PROCESS/...`; white space around each part is ignored.
    pub fn parse(path: &str, overwrite: bool) -> RestoreInto {
        RestoreInto {
            path: path
                .split('/')
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect(),
            overwrite,
        }
    }
}

/// A per-code severity from `secgov.toml`: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// The Severity of a segregation-of-duties rule: how serious the risk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

impl RiskLevel {
    /// `Low`, `Medium`, `High` in any case, or the enum values 0, 1, 2. The lint severities of
    /// earlier secgov versions (`note`, `warning`, `error`) are read as Low, Medium and High.
    pub fn parse(s: &str) -> Option<RiskLevel> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" | "0" | "note" => Some(RiskLevel::Low),
            "medium" | "1" | "warning" => Some(RiskLevel::Medium),
            "high" | "2" | "error" => Some(RiskLevel::High),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RiskLevel::Low => "Low",
            RiskLevel::Medium => "Medium",
            RiskLevel::High => "High",
        }
    }

    /// The severity of an SG601 finding for a rule of this risk level (secgov's own mapping;
    /// `[severity] SG601` in `secgov.toml` overrides it for every rule).
    pub fn finding_severity(self) -> Severity {
        match self {
            RiskLevel::Low => Severity::Note,
            RiskLevel::Medium => Severity::Warning,
            RiskLevel::High => Severity::Error,
        }
    }
}

/// A date of a rule's validity as `(year, month, day)`; D365 writes `1900-01-01` for "no start"
/// and `2154-12-31` for "no end", which need no special case.
pub type Day = (u32, u32, u32);

/// A segregation-of-duties rule as Dynamics 365 defines it (`set-up-segregation-duties.md`): a
/// role must not hold both duties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SodRule {
    pub name: String,
    /// The duties' AOT names (the entity's `FIRSTSECURITYDUTYIDENTIFIER` and
    /// `SECONDSECURITYDUTYIDENTIFIER`).
    pub first_duty: String,
    pub second_duty: String,
    /// The risk level; findings take [`RiskLevel::finding_severity`].
    pub severity: RiskLevel,
    /// Security risk.
    pub risk: Option<String>,
    /// Security mitigation.
    pub mitigation: Option<String>,
    /// The rule's validity (`ValidFrom`, `ValidTo`), open when `None`.
    pub valid_from: Option<Day>,
    pub valid_to: Option<Day>,
}

impl SodRule {
    /// A rule in effect on every day, with the given risk level.
    pub fn new(name: &str, first_duty: &str, second_duty: &str, severity: RiskLevel) -> SodRule {
        SodRule {
            name: name.to_owned(),
            first_duty: first_duty.to_owned(),
            second_duty: second_duty.to_owned(),
            severity,
            risk: None,
            mitigation: None,
            valid_from: None,
            valid_to: None,
        }
    }

    /// Whether the rule is in effect on `day`.
    pub fn in_effect_on(&self, day: Day) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }
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
    /// Findings reported at most; 0 means no limit (`--max-findings`, SG099).
    pub max_findings: usize,
    /// The node a process-level restore goes under (`--restore-into`).
    pub restore_into: Option<RestoreInto>,
    /// The day segregation-of-duties rules are checked for: rules not valid on it are skipped.
    /// `None` checks every rule (the CLI passes today's date).
    pub today: Option<Day>,
    /// License ceilings by role name pattern (`[license-ceiling]` in `secgov.toml`, SG503).
    pub license_ceilings: Vec<crate::license::Ceiling>,
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
            max_findings: crate::diag::DEFAULT_MAX_FINDINGS,
            restore_into: None,
            today: None,
            license_ceilings: Vec::new(),
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
        // Hashed: a BTreeSet compared paths component by component, a sixth of validating a
        // folder of 20,000 files, on one thread.
        let mut seen = HashSet::with_capacity(files.len());
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
