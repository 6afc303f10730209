//! The Types of backups written by the tool User security governance replaced ("Executive
//! automates security setup", EASS), and the current Type each one restores as.
//!
//! Microsoft's migration page (`security-hierarchy-migration.md`) names the two legacy Types and
//! their equivalents: "If **EASS** was selected while generating the file ..., select this option
//! [User security governance] as they're equivalent to each other", and for **EASS + Security
//! configuration**, Governance + configuration "is the most suitable choice because it restores
//! everything". The page does not show how the Type attribute is spelled in the file, so secgov
//! accepts the labels with any case, spacing and `+`/`And` between the words.

use super::BackupType;

/// A Type from a legacy EASS export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegacyType {
    /// "EASS": the process hierarchy only.
    Eass,
    /// "EASS + Security configuration": the hierarchy and the security objects.
    EassAndConfiguration,
}

impl LegacyType {
    /// The label in the EASS export dialog.
    pub fn ui_label(self) -> &'static str {
        match self {
            LegacyType::Eass => "EASS",
            LegacyType::EassAndConfiguration => "EASS + Security configuration",
        }
    }

    /// The current Type the file is restored as.
    pub(crate) fn restores_as(self) -> BackupType {
        match self {
            LegacyType::Eass => BackupType::UserSecurityGovernance,
            LegacyType::EassAndConfiguration => BackupType::GovernanceAndConfiguration,
        }
    }

    /// A legacy Type attribute, case-insensitively, ignoring spaces and `+` (spelled as
    /// [`BackupType::parse`] reads the current Types).
    pub fn parse(s: &str) -> Option<LegacyType> {
        match super::squashed(s)?.as_str() {
            "eass" => Some(LegacyType::Eass),
            "easssecurityconfiguration" | "eassandsecurityconfiguration" => {
                Some(LegacyType::EassAndConfiguration)
            }
            _ => None,
        }
    }
}

impl BackupType {
    /// The Type a file's `Type` attribute declares: one of the three written exactly, or a
    /// legacy EASS Type read as the Type it restores as.
    pub(crate) fn from_declared(value: &str) -> Option<BackupType> {
        BackupType::ALL
            .into_iter()
            .find(|b| b.as_str() == value)
            .or_else(|| LegacyType::parse(value).map(LegacyType::restores_as))
    }

    /// How a declared Type reads in a message: its label, and for a legacy Type also the Type
    /// it restores as.
    pub(crate) fn declared_label(value: &str) -> Option<String> {
        match LegacyType::parse(value) {
            Some(l) => Some(format!(
                "{} (a legacy Type, restored as {})",
                l.ui_label(),
                l.restores_as().ui_label()
            )),
            None => BackupType::from_declared(value).map(|b| b.ui_label().to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_types_and_their_equivalents() {
        assert_eq!(
            BackupType::from_declared("EASS"),
            Some(BackupType::UserSecurityGovernance)
        );
        for s in [
            "EASS + Security configuration",
            "EASSAndSecurityConfiguration",
            "eass+securityconfiguration",
        ] {
            assert_eq!(
                BackupType::from_declared(s),
                Some(BackupType::GovernanceAndConfiguration),
                "{s}"
            );
        }
        assert_eq!(BackupType::from_declared("Eas"), None);
        // A letter outside ASCII is part of the word, not dropped.
        assert_eq!(BackupType::from_declared("EASSé"), None);
        assert_eq!(BackupType::from_declared("usg"), None);
        assert_eq!(
            BackupType::from_declared("SecurityConfiguration"),
            Some(BackupType::SecurityConfiguration)
        );
    }
}
