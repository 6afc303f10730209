//! Value parsers for options whose values live in the library (`--format` of validate,
//! `--restore-type`): they accept the library's lenient spellings (any case, kebab-case) but tell
//! clap the canonical values, so `--help` and every shell's completion list them.

use clap::builder::{PossibleValue, TypedValueParser};
use secgov::model::BackupType;
use secgov::render::Format;

/// Parses with the library's `parse` and lists `values` to clap.
#[derive(Clone)]
pub(crate) struct Listed<T: 'static> {
    parse: fn(&str) -> Option<T>,
    values: fn() -> Vec<PossibleValue>,
    hint: &'static str,
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Listed<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let found = value.to_str().and_then(self.parse);
        found.ok_or_else(|| {
            let mut err = clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd);
            use clap::error::{ContextKind, ContextValue};
            if let Some(arg) = arg {
                err.insert(
                    ContextKind::InvalidArg,
                    ContextValue::String(arg.to_string()),
                );
            }
            err.insert(
                ContextKind::InvalidValue,
                ContextValue::String(value.to_string_lossy().into_owned()),
            );
            err.insert(
                ContextKind::ValidValue,
                ContextValue::Strings(
                    (self.values)()
                        .iter()
                        .map(|v| v.get_name().to_owned())
                        .collect(),
                ),
            );
            err.insert(
                ContextKind::Suggested,
                ContextValue::StyledStrs(vec![self.hint.into()]),
            );
            err
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.values)().into_iter()))
    }
}

/// `--restore-type`: the three Types of the Restore from XML dialog.
pub(crate) fn restore_type() -> Listed<BackupType> {
    Listed {
        parse: BackupType::parse,
        values: || {
            BackupType::ALL
                .into_iter()
                .map(|t| PossibleValue::new(t.as_str()).help(t.ui_label()))
                .collect()
        },
        hint: "any case or kebab-case is accepted, e.g. governance-and-configuration",
    }
}

/// `validate --format`: the report formats.
pub(crate) fn report_format() -> Listed<Format> {
    Listed {
        parse: Format::parse,
        values: || {
            Format::ALL
                .into_iter()
                .map(|f| PossibleValue::new(f.as_str()))
                .collect()
        },
        hint: "see docs/output-formats.md",
    }
}
