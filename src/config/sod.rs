//! Segregation-of-duties rules as Dynamics 365 defines them, and reading them from the export of
//! the "Security segregation of duties rule" data entity (`SystemSegregationOfDutiesRuleEntity`).
//!
//! A rule has a Name, a First duty, a Second duty, a Severity, a Security risk and a Security
//! mitigation (`set-up-segregation-duties.md`), and is date-effective (`ValidFrom`, `ValidTo` on
//! the entity). The Severity is the risk level of the `SegregationOfDutiesSeverity` enum (Low 0,
//! Medium 1, High 2), not a lint severity; [`RiskLevel::finding_severity`] maps it to one.
//!
//! The export is read as Data management writes it to CSV (upper-case field names such as
//! `FIRSTSECURITYDUTYIDENTIFIER`), or as Excel saves such an export as CSV (the same headers, the
//! delimiter of the locale: `,`, `;` or tab). Headers are matched case-insensitively, ignoring spaces
//! and punctuation, so the labels of the Segregation of duties rules page (`First duty`,
//! `Security risk`, ...) are read too.

pub use crate::rules::{Day, RiskLevel};

use super::ConfigError;
use crate::rules::SodRule;
use std::path::Path;

/// A `ValidFrom` or `ValidTo` value: empty (open), or an ISO 8601 date or date-time.
pub(crate) fn parse_day(s: &str) -> Result<Option<Day>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    crate::rules::parse_moment(s)
        .map(|(y, m, d, ..)| Some((y, m, d)))
        .ok_or_else(|| {
            format!(
                "`{s}` is not a date; write it as YYYY-MM-DD (in Excel, format the column as yyyy-mm-dd before saving as CSV)"
            )
        })
}

/// Today's date in UTC, for the validity of rules.
pub fn today() -> Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> Day {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as u32, month as u32, day as u32)
}

/// Which field of a rule a CSV column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    FirstDuty,
    FirstDutyIdentifier,
    SecondDuty,
    SecondDutyIdentifier,
    Severity,
    Risk,
    Mitigation,
    ValidFrom,
    ValidTo,
}

fn field(header: &str) -> Option<Field> {
    let key: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    Some(match key.as_str() {
        "name" | "rulename" => Field::Name,
        "firstduty" => Field::FirstDuty,
        "firstsecuritydutyidentifier" => Field::FirstDutyIdentifier,
        "secondduty" => Field::SecondDuty,
        "secondsecuritydutyidentifier" => Field::SecondDutyIdentifier,
        "severity" => Field::Severity,
        "risk" | "securityrisk" => Field::Risk,
        "mitigation" | "securitymitigation" => Field::Mitigation,
        "validfrom" => Field::ValidFrom,
        "validto" => Field::ValidTo,
        _ => return None,
    })
}

/// Reads the rules from an export of the segregation-of-duties rules entity at `path`.
pub fn read_csv(path: &Path) -> Result<Vec<SodRule>, ConfigError> {
    let fail = |message: String| ConfigError::whole(path, message);
    let bytes = ConfigError::read(path)?;
    let decoded = crate::source::decode(0, &path.display().to_string(), &bytes);
    if decoded.fatal {
        return Err(fail(
            "cannot read it as text; save it as CSV (UTF-8) or Unicode text".to_owned(),
        ));
    }
    parse_csv(&decoded.file.text).map_err(fail)
}

/// The rules in `text`, a CSV export with a header row.
pub(crate) fn parse_csv(text: &str) -> Result<Vec<SodRule>, String> {
    let text = text.trim_start_matches('\u{feff}');
    // The same sniffing as CSV outlines: Excel's `sep=` line, else `,` `;` or tab.
    let (start, delimiter) = crate::outline::csv::delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(&text.as_bytes()[start..]);
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the header row: {e}"))?
        .clone();
    let columns: Vec<Option<Field>> = headers.iter().map(field).collect();
    let has = |f: Field| columns.contains(&Some(f));
    for (needed, either) in [
        (Field::Name, None),
        (Field::FirstDutyIdentifier, Some(Field::FirstDuty)),
        (Field::SecondDutyIdentifier, Some(Field::SecondDuty)),
    ] {
        if !has(needed) && !either.is_some_and(has) {
            return Err(format!(
                "no {} column; export the \"Security segregation of duties rule\" entity with all its fields",
                match needed {
                    Field::Name => "NAME",
                    Field::FirstDutyIdentifier => "FIRSTSECURITYDUTYIDENTIFIER (or FIRSTDUTY)",
                    _ => "SECONDSECURITYDUTYIDENTIFIER (or SECONDDUTY)",
                }
            ));
        }
    }
    let mut rules = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let line = row + 2;
        let record = record.map_err(|e| format!("line {line}: {e}"))?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let get = |f: Field| -> Option<String> {
            columns
                .iter()
                .position(|c| *c == Some(f))
                .and_then(|i| record.get(i))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let at = |m: String| format!("line {line}: {m}");
        let name = get(Field::Name).ok_or_else(|| at("the rule has no name".into()))?;
        // The identifier is the duty's AOT name, which roles refer to; FIRSTDUTY is the
        // fallback for exports without it.
        let first = get(Field::FirstDutyIdentifier)
            .or_else(|| get(Field::FirstDuty))
            .ok_or_else(|| at(format!("rule `{name}` has no first duty")))?;
        let second = get(Field::SecondDutyIdentifier)
            .or_else(|| get(Field::SecondDuty))
            .ok_or_else(|| at(format!("rule `{name}` has no second duty")))?;
        let severity = match get(Field::Severity) {
            None => RiskLevel::High,
            Some(s) => RiskLevel::parse(&s)
                .ok_or_else(|| at(format!("`{s}` is not a Severity; use Low, Medium or High")))?,
        };
        let day = |f: Field| parse_day(&get(f).unwrap_or_default()).map_err(&at);
        rules.push(SodRule {
            name,
            first_duty: first,
            second_duty: second,
            severity,
            risk: get(Field::Risk),
            mitigation: get(Field::Mitigation),
            valid_from: day(Field::ValidFrom)?,
            valid_to: day(Field::ValidTo)?,
        });
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_management_export() {
        let text = "\u{feff}NAME,FIRSTDUTY,SECONDDUTY,FIRSTSECURITYDUTYIDENTIFIER,FIRSTSECURITYDUTYNAME,SECONDSECURITYDUTYIDENTIFIER,SECONDSECURITYDUTYNAME,SEVERITY,RISK,MITIGATION,VALIDFROM,VALIDTO\r\n\"Vendor and payment\",5637144576,5637144577,VendTableMaintain,Maintain vendor master,VendPaymentProcess,\"Process payments, vendors\",High,\"A user can create a vendor and pay it\",Review monthly,1900-01-01T00:00:00,2154-12-31T23:59:59\r\n";
        let rules = parse_csv(text).unwrap();
        assert_eq!(rules.len(), 1);
        let r = &rules[0];
        assert_eq!(
            (r.first_duty.as_str(), r.second_duty.as_str()),
            ("VendTableMaintain", "VendPaymentProcess")
        );
        assert_eq!(r.severity, RiskLevel::High);
        assert_eq!(r.valid_from, Some((1900, 1, 1)));
        assert_eq!(r.valid_to, Some((2154, 12, 31)));
    }

    #[test]
    fn excel_csv_with_labels_and_semicolons() {
        let text = "Name;First duty;Second duty;Severity;Security risk;Security mitigation\nR;A;B;medium;;\n;;;;;\n";
        let rules = parse_csv(text).unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].severity, RiskLevel::Medium);
        assert_eq!(rules[0].risk, None);
    }

    #[test]
    fn mistakes_name_the_line() {
        let e = parse_csv("Name,First duty,Second duty,Severity\nR,A,B,Critical\n").unwrap_err();
        assert!(
            e.starts_with("line 2:") && e.contains("Low, Medium or High"),
            "{e}"
        );
        let e = parse_csv("Name,First duty\nR,A\n").unwrap_err();
        assert!(e.contains("SECONDSECURITYDUTYIDENTIFIER"), "{e}");
        let e = parse_csv("Name,First duty,Second duty,ValidTo\nR,A,B,31/12/2025\n").unwrap_err();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
