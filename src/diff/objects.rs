//! Roles, duties, privileges, extensions and disabled objects: matched by name
//! (case-insensitive), whatever dialect or file they were read from, then compared field by field.
//! Where an object came from (`Origin`) and elements the model keeps only verbatim (`Forms`,
//! `FormControlOverrides`, ...) are not compared.

use super::compare::{self, Ctx, Fingerprint};
use super::matching::{pair_by_key, pair_by_name};
use super::report::{Change, Object};
use crate::model::{
    DisabledObject, Duty, Extension, Header, Model, Name, ObjectKind, Origin, Privilege, Role,
    TableGrant,
};
use std::collections::HashSet;
use std::ops::Deref;

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
        f.header(ctx, self);
        f.names("duties", &self.duties);
        f.names("privileges", &self.privileges);
        f.names("sub-roles", &self.sub_roles);
        f.object_grants(&tables(&self.direct_access));
        Some(f.finish())
    }

    fn compare(&self, new: &Self, ctx: &mut Ctx, c: &mut Change) {
        compare::header(ctx, c, self, new);
        members(ctx, c, role_members(self), role_members(new));
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
        f.header(ctx, self);
        f.names("privileges", &self.privileges);
        Some(f.finish())
    }

    fn compare(&self, new: &Self, ctx: &mut Ctx, c: &mut Change) {
        compare::header(ctx, c, self, new);
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
        f.header(ctx, self);
        f.entry_points(ctx, &self.entry_points);
        f.data_entities(&self.data_entities);
        f.object_grants(&others);
        Some(f.finish())
    }

    fn compare(&self, new: &Self, ctx: &mut Ctx, c: &mut Change) {
        compare::header(ctx, c, self, new);
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
        members(ctx, c, extension_members(self), extension_members(new));
    }
}

/// What a role or an extension holds: duties, privileges, sub-roles and tables.
type Members<'m> = (&'m [Name], &'m [Name], &'m [Name], &'m [TableGrant]);

fn role_members(r: &Role) -> Members<'_> {
    (&r.duties, &r.privileges, &r.sub_roles, &r.direct_access)
}

fn extension_members(e: &Extension) -> Members<'_> {
    (&e.duties, &e.privileges, &e.sub_roles, &e.direct_access)
}

fn members(ctx: &mut Ctx, c: &mut Change, old: Members<'_>, new: Members<'_>) {
    compare::references(c, Object::DutyReference, old.0, new.0);
    compare::references(c, Object::PrivilegeReference, old.1, new.1);
    compare::references(c, Object::SubRole, old.2, new.2);
    compare::object_grants(ctx, c, &tables(old.3), &tables(new.3));
}

/// The grants of a `DirectAccessPermissions` list.
fn tables(t: &[TableGrant]) -> Vec<crate::model::ObjectGrant<'_>> {
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
    let spelled = |side: &[&'m T], i: usize| side[i].name().value.trim();
    let p = pair_by_name(named(old), named(new));
    let mut out = Vec::new();
    for (i, j) in p.pairs {
        let mut c = ctx.matched(object, spelled(old, i), spelled(new, j));
        old[i].compare(new[j], ctx, &mut c);
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
            out.push(ctx.paired(object, old[i].name(), new[j].name(), true));
        }
        let (gone, came): (HashSet<_>, HashSet<_>) = renamed.pairs.into_iter().unzip();
        old_only.retain(|i| !gone.contains(i));
        new_only.retain(|j| !came.contains(j));
    }
    out.extend(compare::unmatched(
        object,
        (&old_only, &new_only),
        |i| spelled(old, i),
        |j| spelled(new, j),
    ));
    out
}

/// The roles, duties or privileges (`kind`) that `keep` keeps on either side; with `everything`,
/// also the kind's extensions and disabled names (they never sit in a backup category).
pub(crate) fn of_kind(
    ctx: &mut Ctx,
    kind: ObjectKind,
    (old, new): (&Model, &Model),
    keep: impl Fn(&Model, Origin) -> bool,
    everything: bool,
) -> Vec<Change> {
    let mut out = match kind {
        ObjectKind::Role => in_scope(ctx, Object::Role, (old, new), |m| &m.roles, &keep),
        ObjectKind::Duty => in_scope(ctx, Object::Duty, (old, new), |m| &m.duties, &keep),
        ObjectKind::Privilege => {
            in_scope(ctx, Object::Privilege, (old, new), |m| &m.privileges, &keep)
        }
    };
    if !everything {
        return out;
    }
    let extensions = match kind {
        ObjectKind::Role => Some((
            Object::RoleExtension,
            &old.role_extensions,
            &new.role_extensions,
        )),
        ObjectKind::Duty => Some((
            Object::DutyExtension,
            &old.duty_extensions,
            &new.duty_extensions,
        )),
        ObjectKind::Privilege => None,
    };
    if let Some((object, old, new)) = extensions {
        let (old, new): (Vec<_>, Vec<_>) = (old.iter().collect(), new.iter().collect());
        out.extend(diff_named(ctx, object, &old, &new));
    }
    out.extend(disabled(ctx, kind, &old.disabled, &new.disabled));
    out
}

/// [`diff_named`] over the objects of one list that `keep` keeps.
fn in_scope<'m, T: Compared + Deref<Target = Header> + 'm>(
    ctx: &mut Ctx,
    object: Object,
    (old, new): (&'m Model, &'m Model),
    list: impl Fn(&'m Model) -> &'m [T],
    keep: impl Fn(&Model, Origin) -> bool,
) -> Vec<Change> {
    let pick =
        |m: &'m Model| -> Vec<&'m T> { list(m).iter().filter(|o| keep(m, o.origin)).collect() };
    diff_named(ctx, object, &pick(old), &pick(new))
}

/// Names in a security configuration export's disabled set, per kind.
fn disabled(
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
    compare::unmatched(
        object,
        (&p.old_only, &p.new_only),
        |i| old[i].value.trim(),
        |j| new[j].value.trim(),
    )
    .collect()
}
