//! Field-by-field comparison shared by the hierarchy and the security objects: text fields,
//! grants, references, entry points and data entity permissions, and the content fingerprints
//! that recognise a renamed object.

use super::matching::pair_by_name;
use super::options::{DiffOptions, Field};
use super::report::{Change, ChangeKind, FieldChange, Object, Respelled};
use crate::model::names::{EntryPointKey, Key};
use crate::model::{
    Access, DataEntityPermission, EntryPoint, Grant, GrantScope, Header, Name, ObjectGrant,
    Permission,
};
use crate::span::{Spanned, name_key};
use std::fmt::Write;
use std::hash::{DefaultHasher, Hash, Hasher};

/// State of one comparison: the options and the spelling notes found on the way.
pub(crate) struct Ctx<'o> {
    pub opts: &'o DiffOptions,
    pub respelled: Vec<Respelled>,
}

impl Ctx<'_> {
    /// Notes a matched name whose spelling changed.
    pub fn respell(&mut self, object: Object, old: &str, new: &str) {
        if old != new {
            self.respelled.push(Respelled {
                object,
                old: old.to_owned(),
                new: new.to_owned(),
            });
        }
    }

    /// A change for two objects matched by name; a spelling change is noted, and kept as
    /// `old_name` so that the report mirrors exactly.
    pub fn matched(&mut self, object: Object, old: &str, new: &str) -> Change {
        let mut c = Change::new(ChangeKind::Changed, object, new);
        if old != new {
            self.respell(object, old, new);
            c.old_name = Some(old.to_owned());
        }
        c
    }

    /// A change for two objects paired by name ([`Ctx::matched`]) or, `renamed`, by content:
    /// then the old name is kept whatever its spelling. Names are compared and shown trimmed.
    pub fn paired(&mut self, object: Object, old: &Name, new: &Name, renamed: bool) -> Change {
        let (old, new) = (old.value.trim(), new.value.trim());
        if !renamed {
            return self.matched(object, old, new);
        }
        let mut c = Change::new(ChangeKind::Renamed, object, new);
        c.old_name = Some(old.to_owned());
        c
    }

    /// [`Ctx::field`] for a text field, as [`text`] compares it.
    pub fn text_field(
        &self,
        change: &mut Change,
        field: Field,
        old: &Option<Spanned<String>>,
        new: &Option<Spanned<String>>,
    ) {
        self.field(change, field, text(old), text(new));
    }

    /// Records `field: old -> new` on `change` when the values differ and the field is compared.
    pub fn field(
        &self,
        change: &mut Change,
        field: Field,
        old: Option<String>,
        new: Option<String>,
    ) {
        if self.opts.compares(field) && old != new {
            change.fields.push(FieldChange {
                field: field.as_str().to_owned(),
                old,
                new,
            });
        }
    }
}

/// A text field as compared: trimmed, and an empty element counts as absent.
pub(crate) fn text(value: &Option<Spanned<String>>) -> Option<String> {
    value
        .as_ref()
        .map(|v| v.value.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// One `Removed` change for each index of `old_only`, then one `Added` for each of `new_only`,
/// named by `old_name` and `new_name`: what pairing left over on either side.
pub(crate) fn unmatched<A: Into<String>, B: Into<String>>(
    object: Object,
    (old_only, new_only): (&[usize], &[usize]),
    old_name: impl Fn(usize) -> A,
    new_name: impl Fn(usize) -> B,
) -> impl Iterator<Item = Change> {
    let removed = old_only
        .iter()
        .map(move |&i| Change::new(ChangeKind::Removed, object, old_name(i)));
    let added = new_only
        .iter()
        .map(move |&j| Change::new(ChangeKind::Added, object, new_name(j)));
    removed.chain(added)
}

/// The label and description of a role, duty or privilege.
pub(crate) fn header(ctx: &Ctx, change: &mut Change, old: &Header, new: &Header) {
    ctx.text_field(change, Field::Label, &old.label, &new.label);
    ctx.text_field(
        change,
        Field::Description,
        &old.description,
        &new.description,
    );
}

/// A name field (the duty of a task, the role of a process): compared case-insensitively but
/// reported as written.
pub(crate) fn name_field(
    ctx: &Ctx,
    change: &mut Change,
    field: Field,
    old: &Option<Name>,
    new: &Option<Name>,
) {
    let key = |n: &Option<Name>| n.as_ref().map(|n| n.key()).filter(|k| !k.is_empty());
    if key(old) != key(new) {
        ctx.field(change, field, text(old), text(new));
    }
}

/// A permission's value as compared and shown: `Allow`, `Deny`, an invalid value as written, or
/// `None` when unset.
fn permission(grant: &Grant, p: Permission) -> Option<&str> {
    let raw = grant.raw(p)?;
    match Access::parse(raw.value) {
        Some(a) => Some(a.as_str()),
        None if raw.value.trim().is_empty() => None,
        None => Some(raw.value.trim()),
    }
}

/// One field change per permission whose value differs, named `prefix` + permission.
pub(crate) fn grant(change: &mut Change, prefix: &str, old: &Grant, new: &Grant) {
    for p in Permission::ALL {
        let (o, n) = (permission(old, p), permission(new, p));
        if o != n {
            change.fields.push(FieldChange {
                field: format!("{prefix}{}", p.as_str()),
                old: o.map(str::to_owned),
                new: n.map(str::to_owned),
            });
        }
    }
}

/// References by name (a role's duties, a duty's privileges, ...): added and removed, in any
/// order, case-insensitively.
pub(crate) fn references(change: &mut Change, object: Object, old: &[Name], new: &[Name]) {
    let p = pair_by_name(
        old.iter()
            .enumerate()
            .map(|(i, n)| (i, Key(&n.value), n.value.trim())),
        new.iter()
            .enumerate()
            .map(|(j, n)| (j, Key(&n.value), n.value.trim())),
    );
    change.children.extend(unmatched(
        object,
        (&p.old_only, &p.new_only),
        |i| old[i].value.trim(),
        |j| new[j].value.trim(),
    ));
}

/// How an entry point is shown: `MenuItemDisplay CustTable`, `ServiceOperation Svc.method`.
pub(crate) fn entry_point_name(ep: &EntryPoint) -> String {
    let mut s = format!(
        "{} {}",
        ep.object_type.value.trim(),
        ep.object_name.value.trim()
    );
    if let Some(c) = &ep.child_name {
        let _ = write!(s, ".{}", c.value.trim());
    }
    s
}

/// Entry points matched by type, object and child; each grant permission compared.
pub(crate) fn entry_points<'e>(
    ctx: &mut Ctx,
    change: &mut Change,
    old: &'e [EntryPoint],
    new: &'e [EntryPoint],
) {
    let keyed = |eps: &'e [EntryPoint]| {
        eps.iter()
            .enumerate()
            .map(|(i, ep)| (i, EntryPointKey::new(ep), entry_point_name(ep)))
    };
    let p = pair_by_name(keyed(old), keyed(new));
    for (i, j) in p.pairs {
        let (o, n) = (&old[i], &new[j]);
        let mut c = ctx.matched(
            Object::EntryPoint,
            &entry_point_name(o),
            &entry_point_name(n),
        );
        if let (Some(a), Some(b)) = (&o.name, &n.name)
            && a.key() != b.key()
        {
            ctx.field(
                &mut c,
                Field::ReferenceName,
                Some(a.value.trim().to_owned()),
                Some(b.value.trim().to_owned()),
            );
        }
        grant(&mut c, "", &o.grant, &n.grant);
        if ctx.opts.compares(Field::GrantCurrentData) {
            let empty = Grant::default();
            grant(
                &mut c,
                "GrantCurrentData.",
                o.grant_current_data.as_deref().unwrap_or(&empty),
                n.grant_current_data.as_deref().unwrap_or(&empty),
            );
        }
        if !c.is_empty() {
            change.children.push(c);
        }
    }
    change.children.extend(unmatched(
        Object::EntryPoint,
        (&p.old_only, &p.new_only),
        |i| entry_point_name(&old[i]),
        |j| entry_point_name(&new[j]),
    ));
}

/// Data entity permissions matched by entity name; each grant permission compared.
pub(crate) fn data_entities(
    ctx: &mut Ctx,
    change: &mut Change,
    old: &[DataEntityPermission],
    new: &[DataEntityPermission],
) {
    let p = pair_by_name(
        old.iter()
            .enumerate()
            .map(|(i, d)| (i, d.name.key(), d.name.value.trim())),
        new.iter()
            .enumerate()
            .map(|(j, d)| (j, d.name.key(), d.name.value.trim())),
    );
    for (i, j) in p.pairs {
        let (o, n) = (&old[i], &new[j]);
        let mut c = ctx.matched(Object::DataEntity, o.name.value.trim(), n.name.value.trim());
        grant(&mut c, "", &o.grant, &n.grant);
        if !c.is_empty() {
            change.children.push(c);
        }
    }
    change.children.extend(unmatched(
        Object::DataEntity,
        (&p.old_only, &p.new_only),
        |i| old[i].name.value.trim(),
        |j| new[j].name.value.trim(),
    ));
}

/// The grants of `grants` that [`entry_points`] and [`data_entities`] do not already compare:
/// forms, date-effective grants beyond `GrantCurrentData`, entity fields and methods, tables and
/// form control overrides.
pub(crate) fn other_grants<'m>(grants: Vec<ObjectGrant<'m>>) -> Vec<ObjectGrant<'m>> {
    use crate::model::GrantFrom;
    grants
        .into_iter()
        .filter(|g| match g.from {
            GrantFrom::EntryPoint => {
                !matches!(g.scope, GrantScope::Grant | GrantScope::GrantCurrentData)
            }
            GrantFrom::DataEntity => g.child.is_some(),
            _ => true,
        })
        .collect()
}

/// How a grant is shown: `Table CustTable`, `FormControl CustTable.Button (past data)`.
pub(crate) fn object_grant_name(g: &ObjectGrant<'_>) -> String {
    let mut s = format!("{} {}", g.securable_type.trim(), g.object.trim());
    if let Some(c) = g.child_name() {
        let _ = write!(s, ".{c}");
    }
    if g.scope != GrantScope::Grant {
        let _ = write!(s, " ({} data)", g.scope.label());
    }
    s
}

/// Grants matched by identity (securable type, object, child, scope); each permission compared.
pub(crate) fn object_grants(
    ctx: &mut Ctx,
    change: &mut Change,
    old: &[ObjectGrant<'_>],
    new: &[ObjectGrant<'_>],
) {
    let keyed = |gs: &[ObjectGrant<'_>]| -> Vec<(usize, String, String)> {
        gs.iter()
            .enumerate()
            .map(|(i, g)| (i, g.key(), object_grant_name(g)))
            .collect()
    };
    let (o, n) = (keyed(old), keyed(new));
    let p = pair_by_name(
        o.iter().map(|(i, k, s)| (*i, k.as_str(), s.as_str())),
        n.iter().map(|(i, k, s)| (*i, k.as_str(), s.as_str())),
    );
    for (i, j) in p.pairs {
        let mut c = ctx.matched(Object::Grant, &o[i].2, &n[j].2);
        grant(&mut c, "", old[i].grant, new[j].grant);
        if !c.is_empty() {
            change.children.push(c);
        }
    }
    change.children.extend(unmatched(
        Object::Grant,
        (&p.old_only, &p.new_only),
        |i| o[i].2.clone(),
        |j| n[j].2.clone(),
    ));
}

/// Builds content fingerprints: a hash of everything compared except the object's own name, so
/// that two objects with equal fingerprints would show no differences. Nested content (a
/// process's tasks and subprocesses) goes in as the parts' own fingerprints, sorted, so the size
/// of a fingerprint never grows with nesting and order does not matter.
pub(crate) struct Fingerprint(DefaultHasher);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(DefaultHasher::new())
    }
}

impl Fingerprint {
    /// The label and description of a role, duty or privilege (the name is what may differ).
    pub fn header(&mut self, ctx: &Ctx, header: &Header) {
        self.text(ctx, Field::Label, &header.label);
        self.text(ctx, Field::Description, &header.description);
    }

    pub fn text(&mut self, ctx: &Ctx, field: Field, value: &Option<Spanned<String>>) {
        if ctx.opts.compares(field) {
            (field.as_str(), text(value)).hash(&mut self.0);
        }
    }

    pub fn name(&mut self, ctx: &Ctx, field: Field, value: &Option<Name>) {
        if ctx.opts.compares(field) {
            (field.as_str(), value.as_ref().map(|n| n.key())).hash(&mut self.0);
        }
    }

    /// A set of names, in any order.
    pub fn names(&mut self, label: &str, names: &[Name]) {
        let mut keys: Vec<String> = names.iter().map(|n| n.key()).collect();
        keys.sort_unstable();
        (label, keys).hash(&mut self.0);
    }

    /// A set of parts, each already a fingerprint, in any order.
    pub fn parts(&mut self, label: &str, mut parts: Vec<u64>) {
        parts.sort_unstable();
        (label, parts).hash(&mut self.0);
    }

    pub fn entry_points(&mut self, ctx: &Ctx, eps: &[EntryPoint]) {
        let parts = eps
            .iter()
            .map(|ep| {
                let mut f = Fingerprint::default();
                ep.key().hash(&mut f.0);
                if ctx.opts.compares(Field::ReferenceName) {
                    ep.name.as_ref().map(|n| n.key()).hash(&mut f.0);
                }
                f.grant(&ep.grant);
                if ctx.opts.compares(Field::GrantCurrentData) {
                    f.grant(
                        ep.grant_current_data
                            .as_deref()
                            .unwrap_or(&Grant::default()),
                    );
                }
                f.finish()
            })
            .collect();
        self.parts("entry-points", parts);
    }

    pub fn data_entities(&mut self, des: &[DataEntityPermission]) {
        let parts = des
            .iter()
            .map(|d| {
                let mut f = Fingerprint::default();
                name_key(&d.name.value).hash(&mut f.0);
                f.grant(&d.grant);
                f.finish()
            })
            .collect();
        self.parts("data-entities", parts);
    }

    /// Grants by identity and permissions, in any order.
    pub fn object_grants(&mut self, grants: &[ObjectGrant<'_>]) {
        let parts = grants
            .iter()
            .map(|g| {
                let mut f = Fingerprint::default();
                g.key().hash(&mut f.0);
                f.grant(g.grant);
                f.finish()
            })
            .collect();
        self.parts("grants", parts);
    }

    /// A named part (a task or subprocess with its fingerprint).
    pub fn part(name: &Name, fingerprint: Option<u64>) -> u64 {
        let mut f = Fingerprint::default();
        (name.key(), fingerprint).hash(&mut f.0);
        f.finish()
    }

    fn grant(&mut self, g: &Grant) {
        for p in Permission::ALL {
            permission(g, p).hash(&mut self.0);
        }
    }

    pub fn finish(self) -> u64 {
        self.0.finish()
    }
}
