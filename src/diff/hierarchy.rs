//! Categories and their process hierarchies: categories by name, processes by path (then by
//! name, which the product keeps unique in a category, to find moves), tasks by name within their
//! process (then by name in the category, to find moves), entry points by type, object and child.

use super::compare::{self, Ctx, Fingerprint};
use super::matching::{Pairing, pair_by_key, pair_by_name, pair_unique};
use super::options::Field;
use super::report::{Change, ChangeKind, Object};
use crate::model::{Category, Model, Process, RoleAssignment, Task};
use crate::span::name_key;
use std::collections::{HashMap, HashSet};

/// Categories in scope (all, or the one `--category` names), with their index in the model.
pub(crate) fn in_scope<'m>(ctx: &Ctx, model: &'m Model) -> Vec<(usize, &'m Category)> {
    let wanted = ctx.opts.category.as_deref().map(name_key);
    model
        .categories
        .iter()
        .enumerate()
        .filter(|(_, c)| wanted.as_ref().is_none_or(|w| *w == c.name.key()))
        .collect()
}

pub(crate) fn categories<'m>(ctx: &mut Ctx, old: &'m Model, new: &'m Model) -> Vec<Change> {
    let (olds, news) = (in_scope(ctx, old), in_scope(ctx, new));
    let (old_assigned, new_assigned) = (assigned(old), assigned(new));
    let named = |side: &[(usize, &'m Category)]| -> Vec<(usize, String, &'m str)> {
        side.iter()
            .enumerate()
            .map(|(x, (_, c))| (x, c.name.key(), c.name.value.trim()))
            .collect()
    };
    let mut p = pair_by_name(named(&olds), named(&news));
    let mut out = Vec::new();
    let renamed = if ctx.opts.renames {
        rename_pairs(
            &mut p,
            |i| category_fingerprint(ctx, olds[i].1),
            |j| category_fingerprint(ctx, news[j].1),
        )
    } else {
        Vec::new()
    };
    for (i, j, is_renamed) in p
        .pairs
        .iter()
        .map(|&(i, j)| (i, j, false))
        .chain(renamed.into_iter().map(|(i, j)| (i, j, true)))
    {
        let ((oi, o), (ni, n)) = (olds[i], news[j]);
        let mut c = ctx.paired(Object::Category, &o.name, &n.name, is_renamed);
        ctx.text_field(&mut c, Field::Description, &o.description, &n.description);
        ctx.text_field(&mut c, Field::Company, &o.company, &n.company);
        ctx.text_field(&mut c, Field::Owner, &o.owner, &n.owner);
        processes(ctx, &mut c, o, n);
        let none = Vec::new();
        let (a, b) = (
            old_assigned.get(&oi).unwrap_or(&none),
            new_assigned.get(&ni).unwrap_or(&none),
        );
        assignments(ctx, &mut c, a, b);
        if !c.is_empty() {
            out.push(c);
        }
    }
    out.extend(compare::unmatched(
        Object::Category,
        (&p.old_only, &p.new_only),
        |i| olds[i].1.name.value.trim(),
        |j| news[j].1.name.value.trim(),
    ));
    out
}

/// Pairs what `p` left over by name where the name is unique on each side (a process or task
/// moved elsewhere in the category) and takes the pairs out of the leftovers.
fn move_pairs(
    p: &mut Pairing,
    old_key: impl Fn(usize) -> String,
    new_key: impl Fn(usize) -> String,
) {
    let moved = pair_unique(
        p.old_only.iter().map(|&i| (i, old_key(i))),
        p.new_only.iter().map(|&j| (j, new_key(j))),
    );
    p.pairs.extend(&moved.pairs);
    p.old_only = moved.old_only;
    p.new_only = moved.new_only;
}

/// Pairs what `p` left over by content fingerprint and takes the pairs out of the leftovers.
fn rename_pairs(
    p: &mut Pairing,
    old_fp: impl Fn(usize) -> Option<u64>,
    new_fp: impl Fn(usize) -> Option<u64>,
) -> Vec<(usize, usize)> {
    if p.old_only.is_empty() || p.new_only.is_empty() {
        return Vec::new();
    }
    let r = pair_by_key(
        p.old_only.iter().filter_map(|&i| old_fp(i).map(|f| (i, f))),
        p.new_only.iter().filter_map(|&j| new_fp(j).map(|f| (j, f))),
    );
    let (gone, came): (HashSet<_>, HashSet<_>) = r.pairs.iter().copied().unzip();
    p.old_only.retain(|i| !gone.contains(i));
    p.new_only.retain(|j| !came.contains(j));
    r.pairs
}

/// A process with its place in the tree.
struct Node<'m> {
    process: &'m Process,
    parent: Option<usize>,
    /// `Category / Process / ...` down to this process's parent, as written.
    parent_path: String,
    /// Lower-case path including this process, for matching.
    key: String,
}

fn flatten<'m>(category: &'m Category) -> Vec<Node<'m>> {
    let mut out: Vec<Node<'m>> = Vec::new();
    let roots = category.hierarchy.iter().flat_map(|h| &h.processes);
    let mut stack: Vec<(&Process, Option<usize>)> = roots.rev().map(|p| (p, None)).collect();
    while let Some((process, parent)) = stack.pop() {
        let (parent_path, parent_key) = match parent {
            Some(i) => (
                format!(
                    "{} / {}",
                    out[i].parent_path,
                    out[i].process.name.value.trim()
                ),
                out[i].key.clone(),
            ),
            None => (category.name.value.trim().to_owned(), String::new()),
        };
        let key = format!("{parent_key}/{}", process.name.key());
        let index = out.len();
        out.push(Node {
            process,
            parent,
            parent_path,
            key,
        });
        stack.extend(process.processes.iter().rev().map(|p| (p, Some(index))));
    }
    out
}

/// Where a process or task sits, compared across the two sides.
#[derive(PartialEq, Eq)]
enum Place {
    Root,
    /// Under this process of NEW.
    Under(usize),
    /// Under a process of OLD that is not in NEW.
    Gone,
}

fn processes(ctx: &mut Ctx, out: &mut Change, old_cat: &Category, new_cat: &Category) {
    let (old, new) = (flatten(old_cat), flatten(new_cat));
    // Siblings whose names differ only in letter case share a path key; equal spellings pair
    // first.
    let mut p = pair_by_name(by_path(&old), by_path(&new));
    move_pairs(
        &mut p,
        |i| old[i].process.name.key(),
        |j| new[j].process.name.key(),
    );
    let renamed = if ctx.opts.renames && !p.old_only.is_empty() && !p.new_only.is_empty() {
        let (old_fingerprints, new_fingerprints) = (
            process_fingerprints(ctx, &old),
            process_fingerprints(ctx, &new),
        );
        rename_pairs(&mut p, |i| old_fingerprints[i], |j| new_fingerprints[j])
    } else {
        Vec::new()
    };
    let renamed_set: HashSet<usize> = renamed.iter().map(|&(_, j)| j).collect();
    p.pairs.extend(renamed);
    let mut old_match = vec![None; old.len()];
    let mut new_match = vec![None; new.len()];
    for &(i, j) in &p.pairs {
        old_match[i] = Some(j);
        new_match[j] = Some(i);
    }
    let place = |i: usize| match old[i].parent {
        None => Place::Root,
        Some(q) => old_match[q].map_or(Place::Gone, Place::Under),
    };
    for &(i, j) in &p.pairs {
        let (o, n) = (old[i].process, new[j].process);
        let renamed = renamed_set.contains(&j);
        let mut c = ctx.paired(Object::Process, &o.name, &n.name, renamed);
        if !renamed && place(i) != new[j].parent.map_or(Place::Root, Place::Under) {
            c.change = ChangeKind::Moved;
        }
        ctx.text_field(&mut c, Field::Description, &o.description, &n.description);
        ctx.text_field(&mut c, Field::Version, &o.version, &n.version);
        compare::name_field(ctx, &mut c, Field::Role, &o.role, &n.role);
        if !c.is_empty() {
            c.old_parent = Some(old[i].parent_path.clone());
            c.new_parent = Some(new[j].parent_path.clone());
            out.children.push(c);
        }
    }
    // A process added (removed) inside an added (removed) process is part of that change.
    let sides = [
        (ChangeKind::Removed, &old, &p.old_only, &old_match),
        (ChangeKind::Added, &new, &p.new_only, &new_match),
    ];
    for (kind, side, only, matched) in sides {
        for &i in only {
            if side[i].parent.is_some_and(|q| matched[q].is_none()) {
                continue;
            }
            let name = side[i].process.name.value.trim();
            let parent = side[i].parent_path.clone();
            out.children
                .push(whole(kind, Object::Process, name, parent));
        }
    }
    tasks(ctx, out, (&old, &old_match), (&new, &new_match));
}

/// Processes keyed by path, with their own name as spelled.
fn by_path<'a>(nodes: &'a [Node<'_>]) -> impl Iterator<Item = (usize, &'a str, &'a str)> {
    nodes
        .iter()
        .enumerate()
        .map(|(x, n)| (x, n.key.as_str(), n.process.name.value.trim()))
}

/// A task with the index of its process.
struct Placed<'m> {
    task: &'m Task,
    process: usize,
}

fn placed<'m>(nodes: &[Node<'m>]) -> Vec<Placed<'m>> {
    nodes
        .iter()
        .enumerate()
        .flat_map(|(i, n)| {
            n.process
                .tasks
                .iter()
                .map(move |task| Placed { task, process: i })
        })
        .collect()
}

type Side<'a, 'm> = (&'a [Node<'m>], &'a [Option<usize>]);

fn tasks(
    ctx: &mut Ctx,
    out: &mut Change,
    (old_nodes, old_match): Side,
    (new_nodes, new_match): Side,
) {
    let (old, new) = (placed(old_nodes), placed(new_nodes));
    // First within the same (matched) process; a task whose process is gone cannot pair here.
    let mut p = pair_by_name(
        old.iter().enumerate().filter_map(|(i, t)| {
            let spelled = t.task.name.value.trim();
            old_match[t.process].map(|j| (i, (j, t.task.name.key()), spelled))
        }),
        new.iter()
            .enumerate()
            .map(|(j, t)| (j, (t.process, t.task.name.key()), t.task.name.value.trim())),
    );
    let unplaced: Vec<usize> = (0..old.len())
        .filter(|&i| old_match[old[i].process].is_none())
        .collect();
    p.old_only.extend(unplaced);
    p.old_only.sort_unstable();
    move_pairs(
        &mut p,
        |i| old[i].task.name.key(),
        |j| new[j].task.name.key(),
    );
    let renamed = if ctx.opts.renames {
        rename_pairs(
            &mut p,
            |i| task_fingerprint(ctx, old[i].task),
            |j| task_fingerprint(ctx, new[j].task),
        )
    } else {
        Vec::new()
    };
    let renamed_set: HashSet<usize> = renamed.iter().map(|&(_, j)| j).collect();
    p.pairs.extend(renamed);
    let path = |nodes: &[Node], i: usize| {
        format!(
            "{} / {}",
            nodes[i].parent_path,
            nodes[i].process.name.value.trim()
        )
    };
    for &(i, j) in &p.pairs {
        let (o, n) = (old[i].task, new[j].task);
        let renamed = renamed_set.contains(&j);
        let mut c = ctx.paired(Object::Task, &o.name, &n.name, renamed);
        if !renamed && old_match[old[i].process] != Some(new[j].process) {
            c.change = ChangeKind::Moved;
        }
        ctx.text_field(&mut c, Field::Description, &o.description, &n.description);
        compare::name_field(ctx, &mut c, Field::Duty, &o.duty, &n.duty);
        compare::name_field(ctx, &mut c, Field::Privilege, &o.privilege, &n.privilege);
        compare::entry_points(ctx, &mut c, &o.entry_points, &n.entry_points);
        if !c.is_empty() {
            c.old_parent = Some(path(old_nodes, old[i].process));
            c.new_parent = Some(path(new_nodes, new[j].process));
            out.children.push(c);
        }
    }
    // Tasks of an added (removed) process are part of that change.
    let sides = [
        (ChangeKind::Removed, old, p.old_only, old_match, old_nodes),
        (ChangeKind::Added, new, p.new_only, new_match, new_nodes),
    ];
    for (kind, side, only, matched, nodes) in sides {
        for i in only
            .into_iter()
            .filter(|&i| matched[side[i].process].is_some())
        {
            let name = side[i].task.name.value.trim();
            let parent = path(nodes, side[i].process);
            out.children.push(whole(kind, Object::Task, name, parent));
        }
    }
}

/// A change adding or removing a whole process or task, placed under its parent on that side.
fn whole(kind: ChangeKind, object: Object, name: &str, parent: String) -> Change {
    let mut c = Change::new(kind, object, name);
    match kind {
        ChangeKind::Removed => c.old_parent = Some(parent),
        _ => c.new_parent = Some(parent),
    }
    c
}

/// Role assignments per category index, grouped once so that many categories stay linear.
fn assigned(model: &Model) -> HashMap<usize, Vec<&RoleAssignment>> {
    let mut out: HashMap<usize, Vec<&RoleAssignment>> = HashMap::new();
    for a in &model.role_assignments {
        out.entry(a.category).or_default().push(a);
    }
    out
}

/// Role assignments of a category, by role and user.
fn assignments(ctx: &mut Ctx, out: &mut Change, old: &[&RoleAssignment], new: &[&RoleAssignment]) {
    let key = |a: &RoleAssignment| (a.role.key(), a.user.key());
    let name = |a: &RoleAssignment| format!("{} to {}", a.role.value.trim(), a.user.value.trim());
    let p = pair_by_name(
        old.iter().enumerate().map(|(i, a)| (i, key(a), name(a))),
        new.iter().enumerate().map(|(j, a)| (j, key(a), name(a))),
    );
    for (i, j) in p.pairs {
        let (o, n) = (old[i], new[j]);
        let mut c = Change::new(ChangeKind::Changed, Object::Assignment, name(n));
        if ctx.opts.compares(Field::Validity) {
            for (field, a, b) in [
                ("valid-from", &o.valid_from, &n.valid_from),
                ("valid-to", &o.valid_to, &n.valid_to),
            ] {
                let (a, b) = (compare::text(a), compare::text(b));
                if a != b {
                    c.fields.push(super::report::FieldChange {
                        field: field.to_owned(),
                        old: a,
                        new: b,
                    });
                }
            }
        }
        if !c.is_empty() {
            out.children.push(c);
        }
    }
    out.children.extend(compare::unmatched(
        Object::Assignment,
        (&p.old_only, &p.new_only),
        |i| name(old[i]),
        |j| name(new[j]),
    ));
}

fn category_fingerprint(ctx: &Ctx, c: &Category) -> Option<u64> {
    let nodes = flatten(c);
    if nodes.is_empty() {
        return None;
    }
    let fingerprints = process_fingerprints(ctx, &nodes);
    let mut f = Fingerprint::default();
    f.text(ctx, Field::Description, &c.description);
    f.text(ctx, Field::Company, &c.company);
    f.text(ctx, Field::Owner, &c.owner);
    let roots = (0..nodes.len())
        .filter(|&i| nodes[i].parent.is_none())
        .map(|i| Fingerprint::part(&nodes[i].process.name, fingerprints[i]))
        .collect();
    f.parts("processes", roots);
    Some(f.finish())
}

/// Fingerprints of every process, children before parents (each node's index is larger than its
/// parent's), so each is computed once from its children's: linear in the size of the tree.
fn process_fingerprints(ctx: &Ctx, nodes: &[Node]) -> Vec<Option<u64>> {
    let mut children: Vec<Vec<u64>> = vec![Vec::new(); nodes.len()];
    let mut out = vec![None; nodes.len()];
    for i in (0..nodes.len()).rev() {
        let p = nodes[i].process;
        let subprocesses = std::mem::take(&mut children[i]);
        let fingerprint = if p.tasks.is_empty() && subprocesses.is_empty() {
            None
        } else {
            let mut f = Fingerprint::default();
            f.text(ctx, Field::Description, &p.description);
            f.text(ctx, Field::Version, &p.version);
            f.name(ctx, Field::Role, &p.role);
            let tasks = p
                .tasks
                .iter()
                .map(|t| Fingerprint::part(&t.name, task_fingerprint(ctx, t)))
                .collect();
            f.parts("tasks", tasks);
            f.parts("processes", subprocesses);
            Some(f.finish())
        };
        out[i] = fingerprint;
        if let Some(parent) = nodes[i].parent {
            children[parent].push(Fingerprint::part(&p.name, fingerprint));
        }
    }
    out
}

fn task_fingerprint(ctx: &Ctx, t: &Task) -> Option<u64> {
    if t.entry_points.is_empty() && t.duty.is_none() {
        return None;
    }
    let mut f = Fingerprint::default();
    f.text(ctx, Field::Description, &t.description);
    f.name(ctx, Field::Duty, &t.duty);
    f.name(ctx, Field::Privilege, &t.privilege);
    f.entry_points(ctx, &t.entry_points);
    Some(f.finish())
}
