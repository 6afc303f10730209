//! License changes per role (`diff --access`): the license each role needs on each side
//! (`crate::license`, from the menu items each side holds), and the grants that decide the
//! higher one, so that a change reads "SalesClerk: Activity -> Operations, because of Update on
//! MenuItemDisplay SalesTable via ...".

use super::matching::pair_by_name;
use super::report::LicenseChange;
use crate::license::{MenuItems, RoleLicense, role_license};
use crate::model::{Engine, Model};

/// One side of the comparison: its engine, roles in scope and menu items.
pub(crate) struct Side<'a, 'm> {
    pub engine: &'a Engine<'m>,
    pub roles: &'a [usize],
    pub model: &'m Model,
}

/// The roles whose license differs between OLD and NEW (a role on one side only counts as
/// needing none on the other).
pub(crate) fn licenses(old: &Side<'_, '_>, new: &Side<'_, '_>) -> Vec<LicenseChange> {
    let (old_items, new_items) = (MenuItems::new(old.model), MenuItems::new(new.model));
    let named = |side: &Side<'_, '_>| -> Vec<(usize, String, String)> {
        side.roles
            .iter()
            .enumerate()
            .map(|(i, &r)| {
                let name = &side.engine.roles()[r].name;
                (i, name.key(), name.value.trim().to_owned())
            })
            .collect()
    };
    let (o, n) = (named(old), named(new));
    let p = pair_by_name(
        o.iter().map(|(i, k, v)| (*i, k.as_str(), v.as_str())),
        n.iter().map(|(i, k, v)| (*i, k.as_str(), v.as_str())),
    );
    let of = |side: &Side<'_, '_>, items: &MenuItems<'_>, i: usize| {
        role_license(side.engine, side.roles[i], items)
    };
    let mut out = Vec::new();
    for (i, j) in p.pairs {
        change(
            Some(of(old, &old_items, i)),
            Some(of(new, &new_items, j)),
            (old.engine, new.engine),
            &mut out,
        );
    }
    for i in p.old_only {
        let o = Some(of(old, &old_items, i));
        change(o, None, (old.engine, new.engine), &mut out);
    }
    for j in p.new_only {
        let n = Some(of(new, &new_items, j));
        change(None, n, (old.engine, new.engine), &mut out);
    }
    out
}

/// Pushes the change between `old` and `new` when their licenses differ. The role's name and
/// the reasons come from the side that needs more, so that the mirror image reads the same;
/// only then are paths looked for (a path is a walk along sub-roles).
fn change(
    old: Option<RoleLicense>,
    new: Option<RoleLicense>,
    engines: (&Engine<'_>, &Engine<'_>),
    out: &mut Vec<LicenseChange>,
) {
    let level = |r: &Option<RoleLicense>| r.as_ref().and_then(|r| r.license);
    let (a, b) = (level(&old), level(&new));
    if a == b {
        return;
    }
    let label = |r: &Option<RoleLicense>| r.as_ref().map_or("none".to_owned(), RoleLicense::label);
    let higher = if b > a { new.as_ref() } else { old.as_ref() };
    let Some(mut h) = higher.cloned() else { return };
    if b > a {
        h.fill_paths(engines.1, false);
    } else {
        h.fill_paths(engines.0, false);
    }
    out.push(LicenseChange {
        role: h.role.clone(),
        old: a,
        new: b,
        old_label: label(&old),
        new_label: label(&new),
        because: h
            .grants
            .iter()
            .filter(|g| h.drives(g))
            .map(|g| g.because())
            .collect(),
    });
}
