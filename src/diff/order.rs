//! The one order of a change report: changes, effective-access changes and respellings.
//!
//! The order is total (two entries compare equal only when they are equal), so a report does not
//! depend on the order in which the comparison found its changes, and it is built from keys that
//! a change and its mirror image share, so that `diff(b, a)` reads in the same order as
//! `diff(a, b)`. `docs/diff.md` ("Order of the report") describes it for users; a new object
//! kind takes its place from [`Object`]'s declaration order and needs nothing here.

use super::report::{AccessChange, Change, ChangeKind, LicenseChange, Object, Respelled};
use std::cmp::Ordering;

/// The part of a change's order that a change and its mirror image share: object kind, where it
/// sits, its name (case-insensitively, then as spelled) and what happened to it.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    object: Object,
    path: (String, String),
    name: (String, String),
    path_spelled: (String, String),
    name_spelled: (String, String),
    /// Added and removed rank together here; [`side`] separates them last.
    change: ChangeKind,
}

impl Key {
    fn of(c: &Change) -> Key {
        let old_name = c.old_name.as_deref().unwrap_or(&c.name);
        let old_parent = c.old_parent.as_deref().or(c.new_parent.as_deref());
        let new_parent = c.new_parent.as_deref().or(c.old_parent.as_deref());
        let (old_parent, new_parent) = (old_parent.unwrap_or(""), new_parent.unwrap_or(""));
        Key {
            object: c.object,
            path: unordered(old_parent.to_lowercase(), new_parent.to_lowercase()),
            name: unordered(old_name.to_lowercase(), c.name.to_lowercase()),
            path_spelled: unordered(old_parent.to_owned(), new_parent.to_owned()),
            name_spelled: unordered(old_name.to_owned(), c.name.clone()),
            change: match c.change {
                ChangeKind::Removed => ChangeKind::Added,
                k => k,
            },
        }
    }
}

/// A pair that reads the same whichever side comes first.
fn unordered<T: Ord>(a: T, b: T) -> (T, T) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Removed (the OLD side) before added; the only part of the order that a mirror image reverses,
/// and it decides only between a removal and an addition that agree on everything else.
fn side(c: &Change) -> u8 {
    match c.change {
        ChangeKind::Added => 1,
        _ => 0,
    }
}

/// The last resort, for changes that agree on kind, place and names (a name repeated on one
/// side): their content, first in a form their mirror images share, then as it is.
fn content(a: &Change, b: &Change) -> Ordering {
    fn text(c: &Change) -> String {
        serde_json::to_string(c).unwrap_or_default()
    }
    fn shared(c: &Change) -> (String, String) {
        let mut m = c.clone();
        m.mirror();
        m.sort();
        unordered(text(c), text(&m))
    }
    shared(a)
        .cmp(&shared(b))
        .then_with(|| text(a).cmp(&text(b)))
}

/// Sorts `changes`, whose children are already sorted.
pub(super) fn changes(changes: &mut Vec<Change>) {
    let mut keyed: Vec<(Key, Change)> = changes.drain(..).map(|c| (Key::of(&c), c)).collect();
    keyed.sort_by(|(ka, a), (kb, b)| {
        ka.cmp(kb)
            .then_with(|| side(a).cmp(&side(b)))
            .then_with(|| content(a, b))
    });
    changes.extend(keyed.into_iter().map(|(_, c)| c));
}

/// Effective-access changes by role, securable object and permission (case-insensitively, then
/// as spelled), then direction and content.
pub(super) fn access(access: &mut [AccessChange]) {
    access.sort_by_cached_key(|a| {
        let lower = |s: &str| s.to_lowercase();
        (
            (
                lower(&a.role),
                lower(&a.object_type),
                lower(&a.object_name),
                a.child_name.as_deref().map(lower),
                a.scope,
                a.permission,
            ),
            (
                a.role.clone(),
                a.object_type.clone(),
                a.object_name.clone(),
                a.child_name.clone(),
            ),
            a.direction,
            unordered(a.old, a.new),
            a.via.clone(),
            (a.old, a.new),
        )
    });
}

/// License changes by role (case-insensitively, then as spelled), then by the pair of licenses
/// in an order a change and its mirror image share.
pub(super) fn licenses(licenses: &mut [LicenseChange]) {
    licenses.sort_by_cached_key(|l| {
        (
            crate::span::name_key(&l.role),
            l.role.clone(),
            unordered(l.old, l.new),
            l.because.clone(),
            (l.old, l.new),
        )
    });
}

/// Respellings by object kind and name, then both spellings; each direction of one pair of
/// spellings once (old then new) breaks the last tie.
pub(super) fn respelled(respelled: &mut [Respelled]) {
    respelled.sort_by_cached_key(|n| {
        let (a, b) = unordered(n.old.clone(), n.new.clone());
        (
            n.object,
            crate::span::name_key(&n.new),
            a,
            b,
            n.old.clone(),
            n.new.clone(),
        )
    });
}
