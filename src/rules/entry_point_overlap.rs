//! SG602: two duties or two privileges grant (nearly) the same access.

use super::context::object_path;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::{EntryPoint, Name, Privilege};
use crate::span::FileId;
use std::collections::{BTreeSet, HashMap};

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

fn duty_access(cx: &Context<'_>, duty: &crate::model::Duty) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for p in cx.duty_privileges(duty) {
        items_of(&p.entry_points, &mut set);
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
            access: duty_access(cx, d),
        })
        .collect();
    compare(cx, &privileges, out);
    compare(cx, &duties, out);
}

fn compare(cx: &Context<'_>, items: &[Item<'_>], out: &mut Vec<Diagnostic>) {
    let threshold = cx.options.overlap_threshold;
    // Candidate pairs come from an inverted index (item -> holders), counted from the inputs'
    // side so a large --reference model costs no more than its overlap with the inputs. Prefix
    // filtering keeps popular items out of it: with items ordered rarest first, two sets whose
    // Jaccard similarity reaches t share at least ceil(t * |A|) items, so they share an item
    // within the first |A| - ceil(t * |A|) + 1 of each. Only those prefixes are indexed, and each
    // candidate's exact overlap is counted afterwards. Cost: linear in the items plus, per
    // candidate pair, the size of the two sets; the worst case stays quadratic in the number of
    // duties or privileges when many of them hold the same rare items (copies of each other),
    // which is exactly what this rule reports. A threshold of 0 indexes every item.
    let mut frequency: HashMap<&str, usize> = HashMap::new();
    for item in items {
        for a in &item.access {
            *frequency.entry(a.as_str()).or_default() += 1;
        }
    }
    let prefixes: Vec<Vec<&str>> = items
        .iter()
        .map(|item| {
            let mut tokens: Vec<&str> = item.access.iter().map(String::as_str).collect();
            tokens.sort_by_key(|a| (frequency[a], *a));
            // A little below the threshold, so rounding never drops a pair the check keeps.
            let needed = ((threshold - 1e-6) * tokens.len() as f64).ceil().max(1.0) as usize;
            tokens.truncate(tokens.len() + 1 - needed.min(tokens.len().max(1)));
            tokens
        })
        .collect();
    let mut holders: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, prefix) in prefixes.iter().enumerate() {
        for a in prefix {
            holders.entry(a).or_default().push(i);
        }
    }
    let mut candidates: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        if !cx.is_input(item.file) {
            continue;
        }
        for a in &prefixes[i] {
            for &j in &holders[a] {
                // A pair of two inputs is counted from its first member only.
                if j != i && !(j < i && cx.is_input(items[j].file)) {
                    candidates.insert((i.min(j), i.max(j)));
                }
            }
        }
    }
    let common = candidates.into_iter().map(|(i, j)| {
        let shared = items[i].access.intersection(&items[j].access).count();
        ((i, j), shared)
    });
    let mut reported = BTreeSet::new();
    for ((i, j), shared) in common {
        // Report on the later object when it is an input, else on the earlier one.
        let (here, other) = if cx.is_input(items[j].file) {
            (j, i)
        } else {
            (i, j)
        };
        let (a, b) = (&items[other], &items[here]);
        if a.name.key() == b.name.key() || reported.contains(&here) {
            continue;
        }
        let union = a.access.len() + b.access.len() - shared;
        let share = shared as f64 / union as f64;
        if share + 1e-9 < threshold {
            continue;
        }
        reported.insert(here);
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
