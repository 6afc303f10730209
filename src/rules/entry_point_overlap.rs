//! SG602: two duties or two privileges grant (nearly) the same access.

use super::context::object_path;
use super::names::{EntryPointKey, FxBuild, Key};
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{Access, Grant, GrantFrom, GrantScope, Name, Privilege};
use crate::span::FileId;
use std::collections::HashMap;

pub(super) static RULE: Rule = Rule {
    code: "SG602",
    name: "entry-point-overlap",
    summary: "Two duties or two privileges grant largely the same access.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "Compares the access of every pair of privileges, and every pair of duties (the union \
               of their privileges): each grant (an entry point, a table, a data entity, a field, \
               a method, a form control or data source, each date-effective grant) with the \
               permissions it grants counts as one item, and the share of common items among all items of the pair (Jaccard \
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
    /// Ids of its access items, sorted, each once.
    access: Vec<u32>,
}

/// An access item is a grant (by identity: securable type, object, child, scope) with the
/// permissions it grants; equal items get equal ids, so sets of them compare as sorted integers
/// instead of strings. Every grant kind counts (tables, fields, methods, controls, date-effective
/// grants), so two privileges that differ in any grant never have the same set. Entry points'
/// own grants, the bulk of a large backup, are keyed without allocating.
#[derive(Default)]
struct Interner<'m> {
    ids: HashMap<(EntryPointKey<'m>, u16), u32, FxBuild>,
    others: HashMap<(String, u16), u32, FxBuild>,
}

impl<'m> Interner<'m> {
    fn items_of(&mut self, privilege: &'m Privilege, into: &mut Vec<u32>) {
        for ep in &privilege.entry_points {
            let grant = grant_code(&ep.grant);
            if grant != 0 {
                let next = self.len() as u32;
                into.push(
                    *self
                        .ids
                        .entry((EntryPointKey::new(ep), grant))
                        .or_insert(next),
                );
            }
        }
        for g in privilege.grants() {
            if g.from == GrantFrom::EntryPoint && g.scope == GrantScope::Grant {
                continue;
            }
            let grant = grant_code(g.grant);
            if grant != 0 {
                let next = self.len() as u32;
                into.push(*self.others.entry((g.key(), grant)).or_insert(next));
            }
        }
    }

    fn len(&self) -> usize {
        self.ids.len() + self.others.len()
    }
}

/// The grant's valid permissions, two bits each (allow or deny); 0 when it grants nothing.
fn grant_code(grant: &Grant) -> u16 {
    grant.iter().fold(0, |code, (p, a)| {
        let bits = match a {
            Access::Allow => 1,
            Access::Deny => 2,
        };
        code | bits << (2 * p as u16)
    })
}

fn sorted(mut ids: Vec<u32>) -> Vec<u32> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let m = &cx.with_implied;
    let mut interner = Interner::default();
    let privileges: Vec<Item> = m
        .privileges
        .iter()
        .map(|p| {
            let mut access = Vec::new();
            interner.items_of(p, &mut access);
            Item {
                kind: "privilege",
                element: "AxSecurityPrivilege",
                file: p.file,
                name: &p.name,
                access: sorted(access),
            }
        })
        .collect();
    // A duty's access is the union of its privileges' (duty_privileges in positions).
    let duties: Vec<Item> = m
        .duties
        .iter()
        .map(|d| {
            let access = cx
                .duty_privilege_positions(d)
                .flat_map(|i| privileges[i].access.iter().copied())
                .collect();
            Item {
                kind: "duty",
                element: "AxSecurityDuty",
                file: d.file,
                name: &d.name,
                access: sorted(access),
            }
        })
        .collect();
    let items = interner.len();
    compare(cx, &privileges, items, out);
    compare(cx, &duties, items, out);
}

/// How many ids two sorted lists share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn compare(cx: &Context<'_>, items: &[Item<'_>], ids: usize, out: &mut Vec<Diagnostic>) {
    let threshold = cx.options.overlap_threshold;
    // Candidate pairs come from an inverted index (item -> holders), counted from the inputs'
    // side so a large --reference model costs no more than its overlap with the inputs. Prefix
    // filtering keeps popular items out of it: with items ordered rarest first, two sets whose
    // Jaccard similarity reaches t share at least ceil(t * |A|) items, so they share an item
    // within the first |A| - ceil(t * |A|) + 1 of each. Only those prefixes are indexed, and each
    // candidate's exact overlap is counted afterwards. Any fixed order of the items finds the same
    // pairs; ties in rarity are broken by id. Cost: linear in the items plus, per candidate pair,
    // the size of the two sets; the worst case stays quadratic in the number of duties or
    // privileges when many of them hold the same rare items (copies of each other), which is
    // exactly what this rule reports. A threshold of 0 indexes every item.
    let mut frequency = vec![0usize; ids];
    for item in items {
        for &a in &item.access {
            frequency[a as usize] += 1;
        }
    }
    let prefixes: Vec<Vec<u32>> = items
        .iter()
        .map(|item| {
            let mut tokens = item.access.clone();
            tokens.sort_unstable_by_key(|&a| (frequency[a as usize], a));
            // A little below the threshold, so rounding never drops a pair the check keeps.
            let needed = ((threshold - 1e-6) * tokens.len() as f64).ceil().max(1.0) as usize;
            tokens.truncate(tokens.len() + 1 - needed.min(tokens.len().max(1)));
            tokens
        })
        .collect();
    let mut holders: Vec<Vec<u32>> = vec![Vec::new(); ids];
    for (i, prefix) in prefixes.iter().enumerate() {
        for &a in prefix {
            holders[a as usize].push(i as u32);
        }
    }
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if !cx.is_input(item.file) {
            continue;
        }
        for &a in &prefixes[i] {
            for &j in &holders[a as usize] {
                let j = j as usize;
                // A pair of two inputs is counted from its first member only.
                if j != i && !(j < i && cx.is_input(items[j].file)) {
                    candidates.push((i.min(j) as u32, i.max(j) as u32));
                }
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut reported = vec![false; items.len()];
    for (i, j) in candidates {
        let (i, j) = (i as usize, j as usize);
        // Report on the later object when it is an input, else on the earlier one.
        let (here, other) = if cx.is_input(items[j].file) {
            (j, i)
        } else {
            (i, j)
        };
        let (a, b) = (&items[other], &items[here]);
        if reported[here] || Key(&a.name.value) == Key(&b.name.value) {
            continue;
        }
        let shared = shared(&a.access, &b.access);
        let union = a.access.len() + b.access.len() - shared;
        let share = shared as f64 / union as f64;
        if share + 1e-9 < threshold {
            continue;
        }
        reported[here] = true;
        out.push(
            RULE.diag(format!(
                "the {} `{}` grants {:.0}% the same access as `{}` ({shared} of {union} grants in common)",
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

    #[test]
    fn an_input_copying_a_reference_privilege_is_reported_on_the_input() {
        use crate::load::{LoadOptions, load};
        use crate::rules::{CheckOptions, check};
        let dir = std::env::temp_dir().join(format!("secgov-overlap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let privilege = |name: &str| {
            format!(
                "<AxSecurityPrivilege><Name>{name}</Name><EntryPoints><AxSecurityEntryPointReference><Name>X</Name><Grant><Read>Allow</Read></Grant><ObjectName>VendTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>"
            )
        };
        let (standard, mine) = (dir.join("a-standard.xml"), dir.join("b-mine.xml"));
        std::fs::write(&standard, privilege("VendTableView")).unwrap();
        std::fs::write(&mine, privilege("MyVendTableView")).unwrap();
        // Inputs come first in a run, so the reference is the later file here.
        let loaded = load(&[mine.clone(), standard.clone()], &LoadOptions::default());
        let mut options = CheckOptions::default();
        options.assign_files(&loaded.model.files, &[mine], None, &[standard]);
        let found: Vec<_> = check(&loaded, &options)
            .into_iter()
            .filter(|d| d.code == "SG602")
            .collect();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, Some(0));
        assert!(
            found[0].message.contains("`MyVendTableView` grants 100%"),
            "{}",
            found[0].message
        );
    }
}
