//! SG602: two duties or two privileges grant (nearly) the same access.

use super::context::object_path;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{EntryPoint, Model, Name, Privilege};
use crate::span::FileId;
use std::collections::{BTreeMap, BTreeSet};

pub(super) static RULE: Rule = Rule {
    code: "SG602",
    name: "entry-point-overlap",
    summary: "Two duties or two privileges grant largely the same access.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "Compares the access of every pair of privileges, and every pair of duties (the union \
               of their privileges): an entry point with the permissions it grants counts as one \
               item, and the share of common items among all items of the pair (Jaccard \
               similarity) is compared with `overlap-threshold` in `secgov.toml` (default 0.8, \
               that is 80%). Pairs at or above it are reported on the one that comes later.",
        why: "This is the similarity check of User security governance (Check similarity, Level for \
              similarity validation): near-copies of a duty or privilege drift apart over time, \
              and reviewers can no longer tell which one a role should get.",
        example: "<!-- two privileges granting Read on the same two menu items -->\n<AxSecurityPrivilege><Name>VendTableView</Name>...</AxSecurityPrivilege>\n<AxSecurityPrivilege><Name>VendTableInquire</Name>...</AxSecurityPrivilege>",
        fix: "Keep one of the two and point its references at it, or make the difference between \
              them deliberate. Raise `overlap-threshold` if the pairs are meant.",
    },
    check: Some(check),
};

/// A duty or privilege with its access items.
struct Item<'m> {
    kind: &'static str,
    element: &'static str,
    file: FileId,
    name: &'m Name,
    access: BTreeSet<String>,
}

fn items_of(eps: &[EntryPoint], into: &mut BTreeSet<String>) {
    for ep in eps {
        let grants: Vec<String> = ep
            .grant
            .iter()
            .map(|(p, a)| format!("{}={}", p.as_str(), a.as_str()))
            .collect();
        if !grants.is_empty() {
            into.insert(format!("{}[{}]", ep.key(), grants.join(",")));
        }
    }
}

fn privilege_access(p: &Privilege) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    items_of(&p.entry_points, &mut set);
    set
}

fn duty_access(model: &Model, duty: &crate::model::Duty) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    let ext = model
        .extensions_of_duty(&duty.name.value)
        .flat_map(|e| &e.privileges);
    for p in duty.privileges.iter().chain(ext) {
        if let Some(p) = model.find_privilege(&p.value) {
            items_of(&p.entry_points, &mut set);
        }
    }
    set
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let m = &cx.with_implied;
    let privileges: Vec<Item> = m
        .privileges
        .iter()
        .map(|p| Item {
            kind: "privilege",
            element: "AxSecurityPrivilege",
            file: p.file,
            name: &p.name,
            access: privilege_access(p),
        })
        .collect();
    let duties: Vec<Item> = m
        .duties
        .iter()
        .map(|d| Item {
            kind: "duty",
            element: "AxSecurityDuty",
            file: d.file,
            name: &d.name,
            access: duty_access(m, d),
        })
        .collect();
    compare(cx, &privileges, out);
    compare(cx, &duties, out);
}

fn compare(cx: &Context<'_>, items: &[Item<'_>], out: &mut Vec<Diagnostic>) {
    let threshold = cx.options.overlap_threshold;
    // Only pairs that share an item can reach any threshold above zero; index items to find them.
    let mut holders: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        for a in &item.access {
            holders.entry(a.as_str()).or_default().push(i);
        }
    }
    let mut common: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for list in holders.values() {
        for (x, &i) in list.iter().enumerate() {
            for &j in &list[x + 1..] {
                *common.entry((i, j)).or_default() += 1;
            }
        }
    }
    let mut reported = BTreeSet::new();
    for ((i, j), shared) in common {
        let (a, b) = (&items[i], &items[j]);
        if a.name.key() == b.name.key() || !cx.is_input(b.file) || !reported.insert(j) {
            continue;
        }
        let union = a.access.len() + b.access.len() - shared;
        let share = shared as f64 / union as f64;
        if share + 1e-9 < threshold {
            reported.remove(&j);
            continue;
        }
        out.push(
            RULE.diag(format!(
                "the {} `{}` grants {:.0}% the same access as `{}` ({shared} of {union} entry point grants in common)",
                b.kind,
                b.name.value,
                share * 100.0,
                a.name.value
            ))
            .at(b.file, b.name.span)
            .with_label(format!("{:.0}% overlap", share * 100.0))
            .with_related(a.file, a.name.span, "the similar one")
            .with_help(format!("keep one {} and reference it instead of the other, or raise overlap-threshold in secgov.toml", b.kind))
            .with_path(object_path(b.element, &b.name.value)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{governance, lines_of};

    #[test]
    fn same_grants_on_same_objects_overlap() {
        let ep = |n: &str, g: &str| {
            format!(
                "<EntryPoint><ObjectName>{n}</ObjectName><ObjectType>MenuItemDisplay</ObjectType><Grant><{g}>Allow</{g}></Grant></EntryPoint>"
            )
        };
        let task = |name: &str, duty: &str, g: &str| {
            format!(
                "<Task><Name>{name}</Name><Duty>{duty}</Duty><EntryPoints>{}{}</EntryPoints></Task>",
                ep("X", g),
                ep("Y", g)
            )
        };
        let xml = governance(&format!(
            "<Process><Name>A</Name>\n{}\n{}\n{}\n</Process>",
            task("T1", "D1", "Read"),
            task("T2", "D2", "Read"),
            task("T3", "D3", "Update")
        ));
        // D2 and its privilege D2 overlap D1: both reported at the task line.
        assert_eq!(lines_of("SG602", &xml, &Default::default()), [5, 5]);
    }
}
