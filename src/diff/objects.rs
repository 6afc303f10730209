//! Roles, duties, privileges, extensions and disabled objects: matched by name
//! (case-insensitive), whatever dialect or file they were read from, then compared field by field.
//! Where an object came from (`Origin`) and elements the model keeps only verbatim (`Forms`,
//! `FormControlOverrides`, ...) are not compared.

use super::compare::{self, Ctx, Fingerprint};
use super::matching::{pair_by_key, pair_by_name};
use super::options::Field;
use super::report::{Change, ChangeKind, Object};
use crate::model::{DisabledObject, Duty, Extension, Name, ObjectKind, Privilege, Role};
use std::collections::HashSet;

/// How one kind of named security object is compared.
trait Compared {
    fn name(&self) -> &Name;
    /// Everything but the name; `None` when there is nothing to recognise a rename by.
    fn fingerprint(&self, ctx: &Ctx) -> Option<u64>;
    fn compare(&self, new: &Self, ctx: &mut Ctx, change: &mut Change);
}

impl Compared for Role {
    fn name(&self) -> &Name {
        &self.name
    }

    fn fingerprint(&self, ctx: &Ctx) -> Option<u64> {
        if self.duties.is_empty()
            && self.privileges.is_empty()
            && self.sub_roles.is_empty()
            && self.direct_access.is_empty()
        {
            return None;
        }
        let mut f = Fingerprint::default();
        f.text(ctx, Field::Label, &self.label);
        f.text(ctx, Field::Description, &self.description);
        f.names("duties", &self.duties);
        f.names("privileges", &self.privileges);
        f.names("sub-roles", &self.sub_roles);
        f.object_grants(&tables(&self.direct_access));
        Some(f.finish())
    }

    fn compare(&self, new: &Self, ctx: &mut Ctx, c: &mut Change) {
        ctx.field(
            c,
            Field::Label,
            compare::text(&self.label),
            compare::text(&new.label),
        );
        let (old_d, new_d) = (
            compare::text(&self.description),
            compare::text(&new.description),
        );
        ctx.field(c, Field::Description, old_d, new_d);
        compare::references(c, Object::DutyReference, &self.duties, &new.duties);
        compare::references(
            c,
            Object::PrivilegeReference,
            &self.privileges,
            &new.privileges,
        );
        compare::references(c, Object::SubRole, &self.sub_roles, &new.sub_roles);
        compare::object_grants(
            ctx,
            c,
            &tables(&self.direct_access),
            &tables(&new.direct_access),
        );
    }
}

impl Compared for Duty {
    fn name(&self) -> &Name {
        &self.name
    }

    fn fingerprint(&self, ctx: &Ctx) -> Option<u64> {
        if self.privileges.is_empty() {
            return None;
        }
        let mut f = Fingerprint::default();
        f.text(ctx, Field::Label, &self.label);
        f.text(ctx, Field::Description, &self.description);
        f.names("privileges", &self.privileges);
        Some(f.finish())
    }

    fn compare(&self, new: &Self, ctx: &mut Ctx, c: &mut Change) {
        ctx.field(
            c,
            Field::Label,
            compare::text(&self.label),
            compare::text(&new.label),
        );
        let (old_d, new_d) = (
            compare::text(&self.description),
            compare::text(&new.description),
        );
        ctx.field(c, Field::Description, old_d, new_d);
        compare::references(
            c,
            Object::PrivilegeReference,
            &self.privileges,
            &new.privileges,
        );
    }
}

impl Compared for Privilege {
    fn name(&self) -> &Name {
        &self.name
    }

    fn fingerprint(&self, ctx: &Ctx) -> Option<u64> {
        let others = compare::other_grants(self.grants());
        if self.entry_points.is_empty() && self.data_entities.is_empty() && others.is_empty() {
            return None;
        }
        let mut f = Fingerprint::default();
        f.text(ctx, Field::Label, &self.label);
        f.text(ctx, Field::Description, &self.description);
        f.entry_points(ctx, &self.entry_points);
        f.data_entities(&self.data_entities);
        f.object_grants(&others);
        Some(f.finish())
    }

    fn compare(&self, new: &Self, ctx: &mut Ctx, c: &mut Change) {
        ctx.field(
            c,
            Field::Label,
            compare::text(&self.label),
            compare::text(&new.label),
        );
        let (old_d, new_d) = (
            compare::text(&self.description),
            compare::text(&new.description),
        );
        ctx.field(c, Field::Description, old_d, new_d);
        compare::entry_points(ctx, c, &self.entry_points, &new.entry_points);
        compare::data_entities(ctx, c, &self.data_entities, &new.data_entities);
        compare::object_grants(
            ctx,
            c,
            &compare::other_grants(self.grants()),
            &compare::other_grants(new.grants()),
        );
    }
}

impl Compared for Extension {
    fn name(&self) -> &Name {
        &self.name
    }

    /// Extensions are named after their base object; a new name is a new extension.
    fn fingerprint(&self, _: &Ctx) -> Option<u64> {
        None
    }

    fn compare(&self, new: &Self, ctx: &mut Ctx, c: &mut Change) {
        compare::references(c, Object::DutyReference, &self.duties, &new.duties);
        compare::references(
            c,
            Object::PrivilegeReference,
            &self.privileges,
            &new.privileges,
        );
        compare::references(c, Object::SubRole, &self.sub_roles, &new.sub_roles);
        compare::object_grants(
            ctx,
            c,
            &tables(&self.direct_access),
            &tables(&new.direct_access),
        );
    }
}

/// The grants of a `DirectAccessPermissions` list.
fn tables(t: &[crate::model::TableGrant]) -> Vec<crate::model::ObjectGrant<'_>> {
    let mut out = Vec::new();
    crate::model::table_grants(t, &mut out);
    out
}

/// Matches by name, then (with renames on) pairs what is left by content.
fn diff_named<'m, T: Compared>(
    ctx: &mut Ctx,
    object: Object,
    old: &[&'m T],
    new: &[&'m T],
) -> Vec<Change> {
    let named = |side: &[&'m T]| -> Vec<(usize, String, &'m str)> {
        side.iter()
            .enumerate()
            .map(|(i, o)| (i, o.name().key(), o.name().value.trim()))
            .collect()
    };
    let p = pair_by_name(named(old), named(new));
    let mut out = Vec::new();
    for (i, j) in p.pairs {
        let (o, n) = (old[i], new[j]);
        let mut c = ctx.matched(object, o.name().value.trim(), n.name().value.trim());
        o.compare(n, ctx, &mut c);
        if !c.is_empty() {
            out.push(c);
        }
    }
    let (mut old_only, mut new_only) = (p.old_only, p.new_only);
    if ctx.opts.renames && !old_only.is_empty() && !new_only.is_empty() {
        let fingerprints = |side: &[&T], idx: &[usize]| -> Vec<(usize, u64)> {
            idx.iter()
                .filter_map(|&i| side[i].fingerprint(ctx).map(|f| (i, f)))
                .collect()
        };
        let renamed = pair_by_key(fingerprints(old, &old_only), fingerprints(new, &new_only));
        for &(i, j) in &renamed.pairs {
            let mut c = Change::new(ChangeKind::Renamed, object, new[j].name().value.trim());
            c.old_name = Some(old[i].name().value.trim().to_owned());
            out.push(c);
        }
        let (gone, came): (HashSet<_>, HashSet<_>) = renamed.pairs.into_iter().unzip();
        old_only.retain(|i| !gone.contains(i));
        new_only.retain(|j| !came.contains(j));
    }
    for i in old_only {
        out.push(Change::new(
            ChangeKind::Removed,
            object,
            old[i].name().value.trim(),
        ));
    }
    for j in new_only {
        out.push(Change::new(
            ChangeKind::Added,
            object,
            new[j].name().value.trim(),
        ));
    }
    out
}

pub(crate) fn roles(ctx: &mut Ctx, old: &[&Role], new: &[&Role]) -> Vec<Change> {
    diff_named(ctx, Object::Role, old, new)
}

pub(crate) fn duties(ctx: &mut Ctx, old: &[&Duty], new: &[&Duty]) -> Vec<Change> {
    diff_named(ctx, Object::Duty, old, new)
}

pub(crate) fn privileges(ctx: &mut Ctx, old: &[&Privilege], new: &[&Privilege]) -> Vec<Change> {
    diff_named(ctx, Object::Privilege, old, new)
}

pub(crate) fn extensions(
    ctx: &mut Ctx,
    object: Object,
    old: &[Extension],
    new: &[Extension],
) -> Vec<Change> {
    let old: Vec<_> = old.iter().collect();
    let new: Vec<_> = new.iter().collect();
    diff_named(ctx, object, &old, &new)
}

/// Names in a security configuration export's disabled set, per kind.
pub(crate) fn disabled(
    ctx: &mut Ctx,
    kind: ObjectKind,
    old: &[DisabledObject],
    new: &[DisabledObject],
) -> Vec<Change> {
    let object = match kind {
        ObjectKind::Role => Object::DisabledRole,
        ObjectKind::Duty => Object::DisabledDuty,
        ObjectKind::Privilege => Object::DisabledPrivilege,
    };
    let pick = |side: &[DisabledObject]| -> Vec<Name> {
        side.iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.name.clone())
            .collect()
    };
    let (old, new) = (pick(old), pick(new));
    let p = pair_by_name(
        old.iter()
            .enumerate()
            .map(|(i, n)| (i, n.key(), n.value.trim())),
        new.iter()
            .enumerate()
            .map(|(j, n)| (j, n.key(), n.value.trim())),
    );
    for &(i, j) in &p.pairs {
        ctx.respell(object, old[i].value.trim(), new[j].value.trim());
    }
    let removed = p
        .old_only
        .into_iter()
        .map(|i| Change::new(ChangeKind::Removed, object, old[i].value.trim()));
    let added = p
        .new_only
        .into_iter()
        .map(|j| Change::new(ChangeKind::Added, object, new[j].value.trim()));
    removed.chain(added).collect()
}
