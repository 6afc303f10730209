//! `secgov.toml`: project settings for `secgov validate`, found upward from the working folder or
//! given with `--config`. Raw TOML is read into [`Raw`], then checked into a [`Config`] whose
//! values are all meaningful (known codes, severities, Types, a threshold between 0 and 1).

pub mod sod;

use crate::diag::{Severity, did_you_mean};
use crate::model::BackupType;
use crate::rules::{CheckOptions, Level, RestoreAction, RestoreInto, RiskLevel, SodRule};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = "secgov.toml";

/// Settings from `secgov.toml`, with paths made relative to the folder holding the file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the settings were read from.
    pub path: PathBuf,
    pub restore_type: Option<BackupType>,
    pub action: Option<RestoreAction>,
    pub allow_users: bool,
    pub fail_on: Option<Severity>,
    pub target: Option<PathBuf>,
    pub references: Vec<PathBuf>,
    pub levels: BTreeMap<String, Level>,
    pub sod_rules: Vec<SodRule>,
    pub overlap_threshold: Option<f64>,
    /// The node of a process-level restore (`restore-into`) and its Overwrite option.
    pub restore_into: Option<RestoreInto>,
    /// `[license-ceiling]`: the highest user license roles matching each pattern may need (SG503).
    pub license_ceilings: Vec<crate::license::Ceiling>,
}

/// Why `secgov.toml` could not be used.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
    /// The byte range in the file of the value (or key) at fault, when known: the language
    /// server underlines it.
    pub span: Option<std::ops::Range<usize>>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// A problem with the file at `path` as a whole, not with one of its values.
    pub(crate) fn whole(path: &Path, message: String) -> ConfigError {
        ConfigError {
            path: path.to_owned(),
            message,
            span: None,
        }
    }

    /// The bytes of the file at `path`, read with the bound every input has.
    pub(crate) fn read(path: &Path) -> Result<Vec<u8>, ConfigError> {
        crate::input::read(path, crate::input::DEFAULT_MAX_SIZE)
            .map_err(|e| ConfigError::whole(path, format!("cannot read it: {e}")))
    }
}

impl miette::Diagnostic for ConfigError {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("the format is described in docs/validate.md"))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    restore_type: Option<String>,
    action: Option<String>,
    #[serde(default)]
    allow_users: bool,
    fail_on: Option<String>,
    target: Option<PathBuf>,
    #[serde(default)]
    reference: Vec<PathBuf>,
    overlap_threshold: Option<f64>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    sod: Vec<RawSod>,
    sod_file: Option<PathBuf>,
    restore_into: Option<String>,
    #[serde(default)]
    overwrite: bool,
    #[serde(default)]
    license_ceiling: BTreeMap<String, String>,
    /// The `[generate]` table holds the defaults of `secgov generate` (read in
    /// src/cli/generate.rs); validate leaves it alone.
    #[serde(default, rename = "generate")]
    _generate: Option<toml::Table>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSod {
    name: String,
    first_duty: String,
    second_duty: String,
    severity: Option<String>,
    risk: Option<String>,
    mitigation: Option<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
}

/// The nearest `secgov.toml` in `start` or one of its parents.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads and checks the settings at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = String::from_utf8(ConfigError::read(path)?).map_err(|e| {
        ConfigError::whole(path, format!("cannot read it: it is not UTF-8 text ({e})"))
    })?;
    parse(&text, path)
}

/// Checks the settings in `text`, read from `path` (relative paths in it are taken from its folder).
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    parse_checked(text, path).map_err(|(mut e, at)| {
        if e.span.is_none() {
            e.span = at.and_then(|keys| value_span(text, &keys));
        }
        e
    })
}

/// One step of a key path into the TOML document: a key or an index into an array of tables.
#[derive(Debug, Clone)]
enum Key {
    Name(String),
    /// The key itself, not its value: when the name is what is wrong.
    NameItself(String),
    Index(usize),
}

fn name(k: &str) -> Key {
    Key::Name(k.to_owned())
}

/// The byte range of the value at `keys` in `text` (the key itself when `keys` ends in a key
/// whose value is a table), from toml's spanned document; `None` when it is not there.
fn value_span(text: &str, keys: &[Key]) -> Option<std::ops::Range<usize>> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut table = root.get_ref();
    let mut span = None;
    let mut value: Option<&toml::Spanned<DeValue<'_>>> = None;
    for key in keys {
        match key {
            Key::Name(k) => {
                let (key, v) = table.get_key_value(k.as_str())?;
                span = Some(v.span());
                if let DeValue::Table(t) = v.get_ref() {
                    // A table's span is its header or braces; its key is what is wrong.
                    span = Some(key.span());
                    table = t;
                }
                value = Some(v);
            }
            Key::NameItself(k) => {
                let (key, v) = table.get_key_value(k.as_str())?;
                span = Some(key.span());
                value = Some(v);
            }
            Key::Index(i) => {
                let DeValue::Array(a) = value?.get_ref() else {
                    return None;
                };
                let item = a.get(*i)?;
                span = Some(item.span());
                if let DeValue::Table(t) = item.get_ref() {
                    table = t;
                }
                value = Some(item);
            }
        }
    }
    span
}

/// A failure with the key path of what is wrong.
type Failure = (ConfigError, Option<Vec<Key>>);

fn parse_checked(text: &str, path: &Path) -> Result<Config, Failure> {
    let fail = |message: String| ConfigError {
        path: path.to_owned(),
        message,
        span: None,
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let mut error = fail(e.to_string().trim().to_owned());
        error.span = e.span();
        (error, None)
    })?;
    let fail_at = |keys: &[Key], message: String| (fail(message), Some(keys.to_vec()));
    let dir = path.parent().unwrap_or(Path::new(""));
    let severity = |s: &str, what: &str, keys: &[Key]| {
        Severity::parse(s).ok_or_else(|| {
            fail_at(
                keys,
                format!("{what}: `{s}` is not a severity; use error, warning or note"),
            )
        })
    };
    let mut config = Config {
        path: path.to_owned(),
        allow_users: raw.allow_users,
        target: raw.target.map(|t| dir.join(t)),
        references: raw.reference.into_iter().map(|r| dir.join(r)).collect(),
        ..Config::default()
    };
    if let Some(t) = raw.restore_type {
        config.restore_type = Some(BackupType::parse(&t).ok_or_else(|| {
            fail_at(&[name("restore-type")], format!("restore-type: `{t}` is not a Type; use UserSecurityGovernance, SecurityConfiguration or GovernanceAndConfiguration"))
        })?);
    }
    if let Some(a) = raw.action {
        config.action = Some(RestoreAction::parse(&a).ok_or_else(|| {
            fail_at(
                &[name("action")],
                format!("action: `{a}` is not an action; use create, clear or none"),
            )
        })?);
    }
    if let Some(f) = raw.fail_on {
        config.fail_on = Some(severity(&f, "fail-on", &[name("fail-on")])?);
    }
    if let Some(t) = raw.overlap_threshold {
        // Accept a percentage as the Dynamics 365 parameter shows it.
        let share = if t > 1.0 { t / 100.0 } else { t };
        if !(0.0..=1.0).contains(&share) || share == 0.0 {
            return Err(fail_at(
                &[name("overlap-threshold")],
                format!(
                    "overlap-threshold: {t} is not a share between 0 and 1 (or a percentage up to 100)"
                ),
            ));
        }
        config.overlap_threshold = Some(share);
    }
    for (code, level) in raw.severity {
        let keys = [name("severity"), name(&code)];
        let Some(rule) = crate::rules::find(&code) else {
            let codes: Vec<&str> = crate::rules::registry().iter().map(|r| r.code).collect();
            let hint = did_you_mean(&code, codes)
                .map_or(String::new(), |c| format!(" (did you mean {c}?)"));
            return Err(fail_at(
                &[name("severity"), Key::NameItself(code.clone())],
                format!("[severity]: `{code}` is not a secgov code{hint}"),
            ));
        };
        let level = if level.eq_ignore_ascii_case("off") {
            Level::Off
        } else {
            Level::On(severity(&level, &format!("[severity] {code}"), &keys)?)
        };
        config.levels.insert(rule.code.to_owned(), level);
    }
    for (i, s) in raw.sod.into_iter().enumerate() {
        let what = format!("[[sod]] `{}`", s.name);
        let at = |field: &str| [name("sod"), Key::Index(i), name(field)];
        let day = |v: &Option<String>, field: &str| {
            sod::parse_day(v.as_deref().unwrap_or(""))
                .map_err(|e| fail_at(&at(field), format!("{what}: {e}")))
        };
        config.sod_rules.push(SodRule {
            severity: match &s.severity {
                Some(v) => RiskLevel::parse(v).ok_or_else(|| {
                    fail_at(
                        &at("severity"),
                        format!("{what}: `{v}` is not a severity; use Low, Medium or High"),
                    )
                })?,
                None => RiskLevel::High,
            },
            valid_from: day(&s.valid_from, "valid-from")?,
            valid_to: day(&s.valid_to, "valid-to")?,
            name: s.name,
            first_duty: s.first_duty,
            second_duty: s.second_duty,
            risk: s.risk,
            mitigation: s.mitigation,
        });
    }
    // `sod-file`: Dynamics 365's export of the rules, read like `--sod FILE`. Its errors name
    // the CSV file; in secgov.toml they are shown at the `sod-file` value.
    if let Some(file) = raw.sod_file {
        let rules = sod::read_csv(&dir.join(file)).map_err(|e| {
            let keys = vec![name("sod-file")];
            (e, Some(keys))
        })?;
        config.sod_rules.extend(rules);
    }
    for (pattern, value) in raw.license_ceiling {
        let keys = [name("license-ceiling"), name(&pattern)];
        let license = crate::license::License::parse(&value).ok_or_else(|| {
            fail_at(
                &keys,
                format!(
                    "[license-ceiling] `{pattern}`: `{value}` is not a license; use Team Members (Universal), Activity or Operations (Enterprise)"
                ),
            )
        })?;
        if pattern.trim().is_empty() {
            return Err(fail_at(
                &[name("license-ceiling"), Key::NameItself(pattern.clone())],
                "[license-ceiling]: a role name pattern is empty".to_owned(),
            ));
        }
        config
            .license_ceilings
            .push(crate::license::Ceiling { pattern, license });
    }
    if raw.overwrite && raw.restore_into.is_none() {
        return Err(fail_at(
            &[name("overwrite")],
            "`overwrite` needs `restore-into`".to_owned(),
        ));
    }
    config.restore_into = raw
        .restore_into
        .map(|p| RestoreInto::parse(&p, raw.overwrite));
    Ok(config)
}

impl Config {
    /// Copies the settings into `options` (command-line flags are applied after, and win).
    pub fn apply(&self, options: &mut CheckOptions) {
        options.restore_type = self.restore_type.or(options.restore_type);
        options.action = self.action.or(options.action);
        options.allow_users |= self.allow_users;
        options
            .levels
            .extend(self.levels.iter().map(|(k, v)| (k.clone(), *v)));
        options.sod_rules.extend(self.sod_rules.iter().cloned());
        if self.restore_into.is_some() {
            options.restore_into = self.restore_into.clone();
        }
        if let Some(t) = self.overlap_threshold {
            options.overlap_threshold = t;
        }
        options
            .license_ceilings
            .extend(self.license_ceilings.iter().cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_example() {
        let text = r#"
restore-type = "user-security-governance"
action = "None"
allow-users = true
fail-on = "warning"
target = "prod"
reference = ["aot/ApplicationSuite"]
overlap-threshold = 90

[severity]
SG305 = "off"
sg401 = "error"

[[sod]]
name = "Vendor and payment"
first-duty = "VendTableMaintain"
second-duty = "VendPaymentProcess"
risk = "A user can create a vendor and pay it."
"#;
        let c = parse(text, Path::new("proj/secgov.toml")).unwrap();
        assert_eq!(c.restore_type, Some(BackupType::UserSecurityGovernance));
        assert_eq!(c.action, Some(RestoreAction::None));
        assert_eq!(c.target, Some(PathBuf::from("proj/prod")));
        assert_eq!(c.overlap_threshold, Some(0.9));
        assert_eq!(c.levels["SG305"], Level::Off);
        assert_eq!(c.levels["SG401"], Level::On(Severity::Error));
        assert_eq!(c.sod_rules[0].severity, RiskLevel::High);
    }

    #[test]
    fn the_documented_example_is_valid() {
        let doc = include_str!("../docs/validate.md");
        let start = doc
            .find("```toml\n# The Type")
            .expect("example in docs/validate.md")
            + 8;
        let end = start + doc[start..].find("```").unwrap();
        let c = parse(&doc[start..end], Path::new("secgov.toml")).unwrap();
        assert_eq!(c.sod_rules.len(), 1);
        assert_eq!(c.overlap_threshold, Some(0.8));
    }

    /// The range an error is shown at in the editor.
    fn span_of(text: &str) -> Option<&str> {
        let e = parse(text, Path::new("secgov.toml")).unwrap_err();
        e.span.map(|r| &text[r])
    }

    #[test]
    fn errors_carry_the_range_of_what_is_wrong() {
        assert_eq!(span_of("restore-type = \"Bogus\"\n"), Some("\"Bogus\""));
        assert_eq!(span_of("[severity]\nSG2O1 = \"off\"\n"), Some("SG2O1"));
        assert_eq!(span_of("[severity]\nSG201 = \"loud\"\n"), Some("\"loud\""));
        assert_eq!(span_of("overlap-threshold = -1\n"), Some("-1"));
        assert_eq!(span_of("overwrite = true\n"), Some("true"));
        assert_eq!(
            span_of(
                "[[sod]]\nname = \"a\"\nfirst-duty = \"x\"\nsecond-duty = \"y\"\n[[sod]]\nname = \"b\"\nfirst-duty = \"x\"\nsecond-duty = \"y\"\nseverity = \"Huge\"\n"
            ),
            Some("\"Huge\"")
        );
        // Syntax and shape errors: toml's own span.
        assert_eq!(span_of("colour = true\n"), Some("colour"));
        assert!(span_of("a = \"x\n").is_some());
    }

    #[test]
    fn license_ceilings_by_pattern() {
        let text = "[license-ceiling]\n\"Sales*\" = \"Activity\"\nAuditor = \"Team Members\"\n\"*\" = \"Enterprise\"\n";
        let c = parse(text, Path::new("secgov.toml")).unwrap();
        let of = |p: &str| {
            c.license_ceilings
                .iter()
                .find(|x| x.pattern == p)
                .map(|x| x.license)
        };
        use crate::license::License;
        assert_eq!(of("Sales*"), Some(License::Activity));
        assert_eq!(of("Auditor"), Some(License::TeamMembers));
        assert_eq!(of("*"), Some(License::Operations));
        assert_eq!(
            span_of("[license-ceiling]\n\"Sales*\" = \"Gold\"\n"),
            Some("\"Gold\"")
        );
        let e = parse("[license-ceiling]\nX = \"Task\"\n", Path::new("s")).unwrap_err();
        assert!(e.message.contains("not a license"), "{e}");
    }

    #[test]
    fn mistakes_are_explained() {
        let e = parse("[severity]\nSG2O1 = \"off\"\n", Path::new("secgov.toml")).unwrap_err();
        assert!(e.message.contains("did you mean SG201"), "{e}");
        let e = parse("colour = true\n", Path::new("secgov.toml")).unwrap_err();
        assert!(e.message.contains("unknown field"), "{e}");
        assert!(parse("overlap-threshold = -1\n", Path::new("x")).is_err());
    }
}
