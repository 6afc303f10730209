//! SG702 and SG703: the validity dates of role assignments found in a file (no Microsoft page
//! says a backup carries them; Dynamics 365's temporary roles are sessions of their own).

use super::context::category_path;
use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::span::Spanned;

pub(super) static ENDS_BEFORE_START: Rule = Rule {
    code: "SG702",
    name: "assignment-ends-before-start",
    summary: "A role assignment in the file ends before it starts.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That a role assignment's `ValidTo` is not earlier than its `ValidFrom`, where a file \
               has `RoleAssignments` (see SG701: no Microsoft page says a backup carries them).",
        why: "An assignment whose end precedes its start is never in effect for whatever tool reads \
              it: the user it was made for never gets the access, and nobody is told. Dynamics \
              365's own temporary roles are sessions on the Temporary role management page \
              (`temp-role-mgmt.md`: \"assign temporary roles to a specific user account for a \
              specific amount of time\"), not elements of a backup. This check is secgov's own \
              judgement.",
        example: "<Assignment>\n  <Role>VendorAdministrator</Role>\n  <User>jdoe</User>\n  <ValidFrom>2025-03-01T00:00:00</ValidFrom>\n  <ValidTo>2025-02-01T00:00:00</ValidTo>\n</Assignment>",
        fix: "Correct the dates; most often the two were swapped or the year is wrong. To give a \
              user a role for a limited time in Dynamics 365, use a Temporary role management \
              session instead.",
    },
    check: Some(check),
};

pub(super) static INVALID_DATE: Rule = Rule {
    code: "SG703",
    name: "invalid-assignment-date",
    summary: "A role assignment's ValidFrom or ValidTo is not an ISO 8601 date-time.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "That `ValidFrom` and `ValidTo` of a role assignment in the file are ISO 8601 dates or \
               date-times, such as `2025-03-01` or `2025-03-01T08:00:00Z`, with a real month and \
               day (see SG701: no Microsoft page says a backup carries role assignments).",
        why: "A date that cannot be read leaves the assignment without its limit for whatever tool \
              reads it: a temporary role becomes permanent. XML date-times are ISO 8601 \
              (`xs:dateTime`); Dynamics 365's own temporary roles are Temporary role management \
              sessions (`temp-role-mgmt.md`), not elements of a backup. This check is secgov's own \
              judgement.",
        example: "<ValidFrom>03/01/2025</ValidFrom>",
        fix: "Write the date as `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ss`, optionally with `Z` or an offset.",
    },
    check: None,
};

/// A date-time reduced to comparable parts (offsets are not applied; both ends of one assignment
/// are written the same way in practice).
type Moment = (u32, u32, u32, u32, u32, u32);

pub(crate) fn parse_moment(s: &str) -> Option<Moment> {
    let s = s.trim();
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut d = date.split('-');
    let year: u32 = num(d.next()?, 4)?;
    let month: u32 = num(d.next()?, 2)?;
    let day: u32 = num(d.next()?, 2)?;
    if d.next().is_some() || !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
        return None;
    }
    let (mut h, mut mi, mut sec) = (0, 0, 0);
    if let Some(t) = time {
        let t = t.trim_end_matches('Z');
        let t = t.split(['+', '-']).next()?;
        let t = t.split('.').next()?;
        let mut parts = t.split(':');
        h = num(parts.next()?, 2)?;
        mi = num(parts.next()?, 2)?;
        sec = parts.next().map_or(Some(0), |p| num(p, 2))?;
        if h > 23 || mi > 59 || sec > 60 {
            return None;
        }
    }
    Some((year, month, day, h, mi, sec))
}

fn num(s: &str, digits: usize) -> Option<u32> {
    (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for a in cx
        .model
        .role_assignments
        .iter()
        .filter(|a| cx.is_input(a.file))
    {
        let path = format!(
            "{}/RoleAssignments/Assignment[User='{}']",
            category_path(&cx.model.categories[a.category]),
            a.user.value
        );
        let at = |span| Place {
            file: a.file,
            span,
            path: Some(path.clone()),
        };
        let mut read = |v: &Option<Spanned<String>>| {
            let v = v.as_ref()?;
            let m = parse_moment(&v.value);
            if m.is_none() {
                let message = format!("`{}` is not an ISO 8601 date-time", v.value);
                out.push(
                    INVALID_DATE
                        .at(at(v.span), message)
                        .with_label("not a date")
                        .with_help("write it as YYYY-MM-DD or YYYY-MM-DDThh:mm:ss"),
                );
            }
            m.map(|m| (m, v.span))
        };
        let from = read(&a.valid_from);
        let to = read(&a.valid_to);
        if let (Some((f, from_span)), Some((t, to_span))) = (from, to) {
            if t < f {
                let message = format!(
                    "the assignment of `{}` to `{}` ends before it starts",
                    a.role.value, a.user.value
                );
                out.push(
                    ENDS_BEFORE_START
                        .at(at(to_span), message)
                        .with_label("ends here")
                        .with_related(a.file, from_span, "starts here")
                        .with_help("correct the dates; were ValidFrom and ValidTo swapped?"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(parse_moment("2025-02-29").is_none());
        assert!(parse_moment("2024-02-29T23:59:59Z").is_some());
        assert!(parse_moment("2025-03-01T08:00:00+01:00").is_some());
        assert!(parse_moment("03/01/2025").is_none());
        assert!(
            parse_moment("2025-03-01T08:00").unwrap() < parse_moment("2025-03-01T09:00").unwrap()
        );
    }
}
