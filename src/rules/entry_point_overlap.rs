//! SG602: duties or privileges that grant (nearly) the same access, reported as clusters.
//!
//! Duties (and privileges) are grouped by identical access first, so n copies of one duty cost
//! n, not n(n-1)/2 comparisons; only distinct access sets are compared pairwise (prefix-filtered
//! Jaccard similarity), and the pairs at or above the threshold join their groups into clusters
//! (union-find). Each cluster is one finding, naming every member.

use super::finding::Place;
use super::{Context, Docs, Rule};
use crate::diag::{Diagnostic, Severity};
use crate::model::names::{EntryPointKey, FxBuild, Key};
use crate::model::{
    Access, EntryPoint, Grant, GrantFrom, GrantScope, Name, ObjectGrant, Privilege,
};
use crate::span::FileId;
use std::collections::HashMap;

pub(super) static RULE: Rule = Rule {
    code: "SG602",
    name: "entry-point-overlap",
    summary: "Two duties or two privileges grant largely the same access.",
    default_severity: Severity::Warning,
    retired: None,
    docs: Docs {
        what: "Compares the access of privileges with each other, and of duties (the union of \
               their privileges) with each other: each grant (an entry point, a table, a data \
               entity, a field, a method, a form control or data source, each date-effective \
               grant) with the permissions it grants counts as one item, and the share of common \
               items among all items of a pair (Jaccard similarity) is compared with \
               `overlap-threshold` in `secgov.toml` (default 0.8, that is 80%). Duties or \
               privileges linked by pairs at or above it form a cluster, reported once, on its \
               first member read from the inputs: the message names the members and the grants \
               they all hold (the first five), and every other member is shown as a related \
               location with its similarity to the first. Seven copies of one duty are one \
               finding, not 21 pairs.",
        why: "This is the similarity check of User security governance (Check similarity, Level for \
              similarity validation): near-copies of a duty or privilege drift apart over time, \
              and reviewers can no longer tell which one a role should get.",
        example: "<!-- two privileges granting Read on the same two menu items: one cluster -->\n<AxSecurityPrivilege><Name>VendTableView</Name>...</AxSecurityPrivilege>\n<AxSecurityPrivilege><Name>VendTableInquire</Name>...</AxSecurityPrivilege>",
        fix: "Keep one member of the cluster and point the references of the others at it, or \
              make the differences between them deliberate. Raise `overlap-threshold` if the \
              similarity is meant.",
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

/// Where an access item was first seen, to name it in a finding.
enum Origin<'m> {
    EntryPoint(&'m EntryPoint),
    Other(ObjectGrant<'m>),
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
    /// Per id: where it was first seen and its permission code.
    origins: Vec<(Origin<'m>, u16)>,
}

impl<'m> Interner<'m> {
    fn items_of(&mut self, privilege: &'m Privilege, into: &mut Vec<u32>) {
        for ep in &privilege.entry_points {
            let grant = grant_code(&ep.grant);
            if grant != 0 {
                let next = self.origins.len() as u32;
                let id = *self
                    .ids
                    .entry((EntryPointKey::new(ep), grant))
                    .or_insert(next);
                if id == next {
                    self.origins.push((Origin::EntryPoint(ep), grant));
                }
                into.push(id);
            }
        }
        for g in privilege.grants() {
            if g.from == GrantFrom::EntryPoint && g.scope == GrantScope::Grant {
                continue;
            }
            let grant = grant_code(g.grant);
            if grant != 0 {
                let next = self.origins.len() as u32;
                let id = *self.others.entry((g.key(), grant)).or_insert(next);
                if id == next {
                    self.origins.push((Origin::Other(g), grant));
                }
                into.push(id);
            }
        }
    }

    fn len(&self) -> usize {
        self.origins.len()
    }

    /// The item as an admin reads it: `MenuItemDisplay VendTable: Read, Delete denied`.
    fn describe(&self, id: u32) -> String {
        let (origin, code) = &self.origins[id as usize];
        let mut text = match origin {
            Origin::EntryPoint(ep) => {
                let mut t = format!(
                    "{} `{}",
                    ep.object_type.value.trim(),
                    ep.object_name.value.trim()
                );
                if let Some(c) = &ep.child_name {
                    t.push('.');
                    t.push_str(c.value.trim());
                }
                t.push('`');
                t
            }
            Origin::Other(g) => {
                let mut t = format!("{} `{}", g.securable_type.trim(), g.object.trim());
                if let Some(c) = g.child_name() {
                    t.push('.');
                    t.push_str(&c);
                }
                t.push('`');
                if g.scope != GrantScope::Grant {
                    t.push_str(&format!(" ({} data)", g.scope.label()));
                }
                t
            }
        };
        let permissions: Vec<String> = crate::model::Permission::ALL
            .into_iter()
            .filter_map(|p| match (code >> (2 * p as u16)) & 3 {
                1 => Some(p.as_str().to_owned()),
                2 => Some(format!("{} denied", p.as_str())),
                _ => None,
            })
            .collect();
        text.push_str(": ");
        text.push_str(&permissions.join(", "));
        text
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
    // Privileges and duties are clustered apart, so on two threads at once. A duty's access is
    // the union of its privileges' (duty_privileges in positions).
    let duties = || -> Vec<Item> {
        m.duties
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
            .collect()
    };
    let (of_privileges, of_duties) = rayon::join(
        || {
            let mut found = Vec::new();
            clusters(cx, &privileges, &interner, &mut found);
            found
        },
        || {
            let mut found = Vec::new();
            clusters(cx, &duties(), &interner, &mut found);
            found
        },
    );
    out.extend(of_privileges);
    out.extend(of_duties);
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

/// The Jaccard similarity of two sorted id lists.
fn similarity(a: &[u32], b: &[u32]) -> f64 {
    let common = shared(a, b);
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

/// Items with identical access, in the order of their first member.
struct Group {
    /// Indexes into the items, ascending.
    members: Vec<u32>,
    /// Whether any member was read from the inputs.
    input: bool,
}

/// Union-find over groups, with path halving; the smaller index becomes the root, so roots are
/// deterministic.
fn find(parent: &mut [u32], mut g: u32) -> u32 {
    while parent[g as usize] != g {
        parent[g as usize] = parent[parent[g as usize] as usize];
        g = parent[g as usize];
    }
    g
}

fn clusters(
    cx: &Context<'_>,
    items: &[Item<'_>],
    interner: &Interner<'_>,
    out: &mut Vec<Diagnostic>,
) {
    // Identical access sets first: one hash lookup per item. Items granting nothing never
    // overlap anything.
    let mut groups: Vec<Group> = Vec::new();
    let mut by_access: HashMap<&[u32], u32, FxBuild> = HashMap::default();
    for (i, item) in items.iter().enumerate() {
        if item.access.is_empty() {
            continue;
        }
        let next = groups.len() as u32;
        let g = *by_access.entry(&item.access).or_insert(next);
        if g == next {
            groups.push(Group {
                members: Vec::new(),
                input: false,
            });
        }
        let group = &mut groups[g as usize];
        group.members.push(i as u32);
        group.input |= cx.is_input(item.file);
    }
    drop(by_access);
    let access = |g: usize| -> &[u32] { &items[groups[g].members[0] as usize].access };
    let pairs = similar_pairs(
        cx.options.overlap_threshold,
        &groups,
        access,
        interner.len(),
    );
    let mut parent: Vec<u32> = (0..groups.len() as u32).collect();
    let mut lowest = vec![1.0f64; groups.len()];
    for &(a, b, share) in &pairs {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        let (low, high) = (ra.min(rb), ra.max(rb));
        parent[high as usize] = low;
        lowest[low as usize] = lowest[low as usize].min(lowest[high as usize]).min(share);
    }
    // Members of each cluster, in item order (groups are numbered by their first member).
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); groups.len()];
    let mut input = vec![false; groups.len()];
    for g in 0..groups.len() as u32 {
        let root = find(&mut parent, g) as usize;
        members[root].extend_from_slice(&groups[g as usize].members);
        input[root] |= groups[g as usize].input;
    }
    for (root, mut cluster) in members.into_iter().enumerate() {
        if cluster.len() < 2 || !input[root] {
            continue;
        }
        cluster.sort_unstable();
        // The same name twice (an input and a reference copy of one object, or a duplicate
        // reported by its own rule) is one member.
        let mut seen =
            std::collections::HashSet::with_capacity_and_hasher(cluster.len(), FxBuild::default());
        cluster.retain(|&i| seen.insert(Key(&items[i as usize].name.value)));
        if cluster.len() < 2 {
            continue;
        }
        out.push(finding(cx, items, interner, &cluster, lowest[root]));
    }
}

/// Pairs of groups whose similarity reaches the threshold, with it; at least one of each pair
/// holds an input.
///
/// Candidate pairs come from an inverted index (item -> holders), probed from the inputs' side so
/// a large --reference model costs no more than its overlap with the inputs. Prefix filtering
/// keeps popular items out of it: with items ordered rarest first, two sets whose Jaccard
/// similarity reaches t share at least ceil(t * |A|) items, so they share an item within the first
/// |A| - ceil(t * |A|) + 1 of each. Only those prefixes are indexed, each item's holders ordered
/// by size, so only the holders whose size could reach the threshold are visited ([`most_alike`]:
/// two distinct sets of n items each are at most (n - 1) / (n + 1) alike, 60% for four), and each
/// remaining candidate's exact overlap is counted once. Any fixed order of the items
/// finds the same pairs; ties in rarity are broken by id. As identical sets are one group, the
/// worst case is quadratic only in the number of distinct sets of alike sizes sharing a rare item.
/// A threshold of 0 indexes every item.
fn similar_pairs<'a>(
    threshold: f64,
    groups: &[Group],
    access: impl Fn(usize) -> &'a [u32],
    ids: usize,
) -> Vec<(u32, u32, f64)> {
    let sets: Vec<&[u32]> = (0..groups.len()).map(access).collect();
    let mut frequency = vec![0u32; ids];
    for set in &sets {
        for &a in *set {
            frequency[a as usize] += 1;
        }
    }
    // Every group's prefix, one after another: `prefix_at[g]..prefix_at[g + 1]`.
    let mut prefixes: Vec<u32> = Vec::new();
    let mut prefix_at: Vec<usize> = Vec::with_capacity(sets.len() + 1);
    prefix_at.push(0);
    for set in &sets {
        let from = prefixes.len();
        prefixes.extend_from_slice(set);
        let tokens = &mut prefixes[from..];
        tokens.sort_unstable_by_key(|&a| (frequency[a as usize], a));
        // A little below the threshold, so rounding never drops a pair the check keeps.
        let needed = ((threshold - 1e-6) * tokens.len() as f64).ceil().max(1.0) as usize;
        let keep = tokens.len() + 1 - needed.min(tokens.len().max(1));
        prefixes.truncate(from + keep);
        prefix_at.push(prefixes.len());
    }
    let prefix = |g: usize| &prefixes[prefix_at[g]..prefix_at[g + 1]];
    // Holders of each item, smallest sets first (then in group order), so the holders of any
    // range of sizes are one slice: `holders[holder_at[a]..holder_at[a + 1]]`.
    let sizes: Vec<usize> = sets.iter().map(|s| s.len()).collect();
    let mut by_size: Vec<usize> = (0..sets.len()).collect();
    by_size.sort_by_key(|&g| (sizes[g], g));
    let mut holder_at = vec![0usize; ids + 1];
    for &a in &prefixes {
        holder_at[a as usize + 1] += 1;
    }
    for a in 0..ids {
        holder_at[a + 1] += holder_at[a];
    }
    let mut holders = vec![0u32; prefixes.len()];
    let mut next = holder_at.clone();
    for &g in &by_size {
        for &a in prefix(g) {
            holders[next[a as usize]] = g as u32;
            next[a as usize] += 1;
        }
    }
    drop((next, by_size));
    let reaches = |a: usize, b: usize| most_alike(a, b) + 1e-9 >= threshold;
    let mut probed_by = vec![u32::MAX; sets.len()];
    let mut candidates: Vec<u32> = Vec::new();
    let mut pairs = Vec::new();
    for (g, set) in sets.iter().enumerate() {
        if !groups[g].input {
            continue;
        }
        let size = set.len();
        candidates.clear();
        for &a in prefix(g) {
            let all = &holders[holder_at[a as usize]..holder_at[a as usize + 1]];
            // Smaller sets reach the threshold from some size up, larger ones up to some size;
            // sets of the same size are distinct groups, so alike only when one item apart is
            // close enough.
            let from = all.partition_point(|&h| {
                sizes[h as usize] < size && !reaches(size, sizes[h as usize])
            });
            let same = all.partition_point(|&h| sizes[h as usize] < size);
            let larger = all.partition_point(|&h| sizes[h as usize] <= size);
            let to = all.partition_point(|&h| {
                sizes[h as usize] <= size || reaches(size, sizes[h as usize])
            });
            let same_sized = if reaches(size, size) {
                same..larger
            } else {
                same..same
            };
            for range in [from..same, same_sized, larger..to] {
                for &h in &all[range] {
                    let h = h as usize;
                    // A pair of two inputs is counted from its first member only.
                    if h == g || (h < g && groups[h].input) || probed_by[h] == g as u32 {
                        continue;
                    }
                    probed_by[h] = g as u32;
                    candidates.push(h as u32);
                }
            }
        }
        for &h in &candidates {
            let share = similarity(set, sets[h as usize]);
            if share + 1e-9 >= threshold {
                let (a, b) = (g.min(h as usize) as u32, g.max(h as usize) as u32);
                pairs.push((a, b, share));
            }
        }
    }
    pairs
}

/// The highest similarity two distinct sets of these sizes can have: all of the smaller one in
/// the larger, or all but one item when they are the same size.
fn most_alike(a: usize, b: usize) -> f64 {
    let common = a.min(b) - usize::from(a == b);
    common as f64 / (a + b - common) as f64
}

/// How many members and grants a message names; the rest are counted (the members all appear as
/// related locations).
const NAMED: usize = 5;

/// `a`, `b` and `c`; past `NAMED`, `and N more`.
fn listing(names: impl ExactSizeIterator<Item = String>) -> String {
    let total = names.len();
    let shown: Vec<String> = names.take(NAMED).collect();
    match (shown.len(), total - shown.len()) {
        (1, 0) => shown[0].clone(),
        (n, 0) => format!("{} and {}", shown[..n - 1].join(", "), shown[n - 1]),
        (_, more) => format!("{} and {more} more", shown.join(", ")),
    }
}

fn finding(
    cx: &Context<'_>,
    items: &[Item<'_>],
    interner: &Interner<'_>,
    cluster: &[u32],
    lowest: f64,
) -> Diagnostic {
    let here = *cluster
        .iter()
        .find(|&&i| cx.is_input(items[i as usize].file))
        .unwrap_or(&cluster[0]) as usize;
    let first = &items[here];
    // Grants every member holds: intersect the sorted lists, shortest work first.
    let mut common: Vec<u32> = first.access.clone();
    for &i in cluster {
        if common.is_empty() {
            break;
        }
        let other = &items[i as usize].access;
        let mut j = 0;
        common.retain(|a| {
            while j < other.len() && other[j] < *a {
                j += 1;
            }
            j < other.len() && other[j] == *a
        });
    }
    let same = cluster
        .iter()
        .all(|&i| items[i as usize].access == first.access);
    let names = listing(
        cluster
            .iter()
            .map(|&i| format!("`{}`", items[i as usize].name.value)),
    );
    let grants = if common.is_empty() {
        "no grant is held by all of them".to_owned()
    } else {
        listing(common.iter().map(|&a| interner.describe(a)))
    };
    let n = cluster.len();
    // "duty" makes "duties", not "dutys".
    let kinds = match first.kind {
        "duty" => "duties",
        _ => "privileges",
    };
    let message = if same {
        format!("{n} {kinds} grant the same access: {names}; they grant {grants}")
    } else {
        format!(
            "{n} {kinds} grant overlapping access (each at least {:.0}% the same as another of them): {names}; {} in common: {grants}",
            (lowest * 100.0).floor(),
            match common.len() {
                1 => "1 grant".to_owned(),
                k => format!("{k} grants"),
            }
        )
    };
    let at = Place::object(first.element, first.file, first.name, first.name.span);
    let mut d = RULE
        .at(at, message)
        .with_label(format!("{n} alike {kinds}"));
    for &i in cluster {
        let i = i as usize;
        if i == here {
            continue;
        }
        let other = &items[i];
        let share = similarity(&first.access, &other.access);
        let label = if share >= 1.0 {
            format!("same access as `{}`", first.name.value)
        } else {
            format!(
                "{:.0}% the same as `{}`",
                (share * 100.0).floor(),
                first.name.value
            )
        };
        d = d.with_related(other.file, other.name.span, label);
    }
    d.with_help(format!(
        "keep one {} and reference it instead of the others, or raise overlap-threshold in secgov.toml",
        first.kind
    ))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{configuration, governance};

    /// The pairs the filtered search finds are those that comparing all pairs finds:
    /// the prefix and length filters may only skip pairs that cannot reach the threshold.
    mod filters {
        use super::super::{Group, shared, similar_pairs, similarity};
        use proptest::prelude::*;

        fn brute_force(threshold: f64, groups: &[Group], sets: &[Vec<u32>]) -> Vec<(u32, u32)> {
            let mut pairs = Vec::new();
            for a in 0..sets.len() {
                for b in a + 1..sets.len() {
                    // Sets with nothing in common are never alike, even at a threshold of 0.
                    if (groups[a].input || groups[b].input)
                        && shared(&sets[a], &sets[b]) > 0
                        && similarity(&sets[a], &sets[b]) + 1e-9 >= threshold
                    {
                        pairs.push((a as u32, b as u32));
                    }
                }
            }
            pairs
        }

        proptest! {
            #[test]
            fn filtered_pairs_are_all_pairs_at_the_threshold(
                raw in prop::collection::vec(
                    (prop::collection::btree_set(0u32..12, 1..7), any::<bool>()),
                    0..40,
                ),
                threshold in prop::sample::select(vec![0.0, 0.25, 0.5, 0.6, 0.75, 0.8, 0.9, 1.0]),
            ) {
                let mut sets: Vec<Vec<u32>> = Vec::new();
                let mut groups = Vec::new();
                for (set, input) in raw {
                    let set: Vec<u32> = set.into_iter().collect();
                    // Groups hold distinct sets, as `clusters` builds them.
                    if !sets.contains(&set) {
                        sets.push(set);
                        groups.push(Group { members: vec![0], input });
                    }
                }
                let mut found: Vec<(u32, u32)> =
                    similar_pairs(threshold, &groups, |g| &sets[g], 12)
                        .into_iter()
                        .map(|(a, b, _)| (a, b))
                        .collect();
                found.sort_unstable();
                prop_assert_eq!(found, brute_force(threshold, &groups, &sets));
            }
        }
    }

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
        let run = governance(&format!(
            "<Process><Name>A</Name>\n{}\n{}\n{}\n</Process>",
            task("T1", "D1", "Read"),
            task("T2", "D2", "Read"),
            task("T3", "D3", "Update")
        ));
        // D1 and D2 (and their privileges) are one cluster each, reported at D1's task line.
        assert_eq!(run.lines("SG602"), [4, 4]);
    }

    /// Privileges granting Read on the entry points named, one a line.
    fn privileges(names: &[(&str, &[&str])]) -> String {
        let mut objects = String::new();
        for (name, items) in names {
            objects.push_str(&format!(
                "<AxSecurityPrivilege><Name>{name}</Name><EntryPoints>"
            ));
            for item in *items {
                objects.push_str(&format!(
                    "<AxSecurityEntryPointReference><Name>{item}</Name><Grant><Read>Allow</Read></Grant><ObjectName>{item}</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference>"
                ));
            }
            objects.push_str("</EntryPoints></AxSecurityPrivilege>\n");
        }
        objects
    }

    fn findings_of(objects: &str) -> Vec<crate::diag::Diagnostic> {
        configuration(objects).found("SG602")
    }

    #[test]
    fn copies_of_one_privilege_are_one_finding_naming_every_copy() {
        // Seven copies gave 21 pair findings before clusters (issue 16).
        let names = ["P1", "P2", "P3", "P4", "P5", "P6", "P7"];
        let list: Vec<(&str, &[&str])> = names.iter().map(|n| (*n, &["X", "Y"][..])).collect();
        let found = findings_of(&privileges(&list));
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(
            d.message,
            "7 privileges grant the same access: `P1`, `P2`, `P3`, `P4`, `P5` and 2 more; \
             they grant MenuItemDisplay `X`: Read and MenuItemDisplay `Y`: Read"
        );
        assert_eq!(d.related.len(), 6);
        assert!(d.related.iter().all(|r| r.message == "same access as `P1`"));
    }

    #[test]
    fn duties_are_named_in_the_plural_as_duties() {
        let duties = "<AxSecurityDuty><Name>D1</Name><Privileges><AxSecurityPrivilegeReference><Name>P</Name></AxSecurityPrivilegeReference></Privileges></AxSecurityDuty>\n<AxSecurityDuty><Name>D2</Name><Privileges><AxSecurityPrivilegeReference><Name>P</Name></AxSecurityPrivilegeReference></Privileges></AxSecurityDuty>\n";
        let found = findings_of(&(privileges(&[("P", &["X", "Y"][..])]) + duties));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("2 duties grant the same access: `D1` and `D2`"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].label.as_deref(), Some("2 alike duties"));
    }

    #[test]
    fn near_copies_join_one_cluster_through_a_chain() {
        // A~B and B~C at 80%, A and C only 66% alike: still one group an admin should look at.
        let a: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8"];
        let b: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];
        let c: &[&str] = &["3", "4", "5", "6", "7", "8", "9", "10"];
        let unrelated: &[&str] = &["Z"];
        let found = findings_of(&privileges(&[
            ("A", a),
            ("B", b),
            ("C", c),
            ("D", unrelated),
        ]));
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert!(
            d.message.starts_with(
                "3 privileges grant overlapping access (each at least 80% the same as another of them): `A`, `B` and `C`; 6 grants in common:"
            ),
            "{}",
            d.message
        );
        let labels: Vec<&str> = d.related.iter().map(|r| r.message.as_str()).collect();
        assert_eq!(labels, ["80% the same as `A`", "60% the same as `A`"]);
    }

    #[test]
    fn four_hundred_copies_are_one_finding_relating_every_copy() {
        // 400 copies of one access set are one group: no pair is compared at all.
        let names: Vec<String> = (0..400).map(|i| format!("P{i}")).collect();
        let list: Vec<(&str, &[&str])> = names.iter().map(|n| (n.as_str(), &["X"][..])).collect();
        let found = findings_of(&privileges(&list));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].related.len(), 399);
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
        let found: Vec<_> = check(&loaded.model, &loaded.diagnostics, &options)
            .into_iter()
            .filter(|d| d.code == "SG602")
            .collect();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, Some(0));
        assert!(
            found[0].message.starts_with(
                "2 privileges grant the same access: `MyVendTableView` and `VendTableView`"
            ),
            "{}",
            found[0].message
        );
    }
}
