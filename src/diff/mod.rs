//! Semantic comparison of two security models (`secgov diff`): objects are matched by identity,
//! never by position, so reordering, whitespace, letter case and the dialect an object was read
//! from make no difference.
//!
//! Categories match by name, processes by path, tasks within their process, roles, duties and
//! privileges by name, entry points by type, object and child ([`crate::model::EntryPoint::key`]).
//! All matching goes through hash maps, so a diff is linear in the size of the inputs.

mod access;
mod compare;
mod hierarchy;
mod license;
mod matching;
mod objects;
mod options;
mod order;
pub mod render;
mod report;

pub use options::{DiffOptions, Field, Part};
pub use report::{
    AccessChange, AccessDirection, Change, ChangeKind, FieldChange, LicenseChange, Object, Report,
    Respelled, Summary,
};

use crate::model::{Dialect, Engine, Model, ObjectKind, Origin, implied_security};
use crate::span::name_key;
use compare::Ctx;

/// Compares `old` with `new`.
pub fn diff(old: &Model, new: &Model, options: &DiffOptions) -> Report {
    crate::progress::phase(crate::progress::Phase::Comparing);
    let mut ctx = Ctx {
        opts: options,
        respelled: Vec::new(),
    };
    let mut changes = Vec::new();
    // AOT files and security configuration exports have no categories: comparing them with a
    // backup's categories would only report every category as added or removed.
    if options.includes(Part::Hierarchy) && holds_categories(old) && holds_categories(new) {
        changes.extend(hierarchy::categories(&mut ctx, old, new));
    }
    let scope = |m: &Model, origin: Origin| scoped(options, m, origin);
    // Extensions and disabled objects never sit in a backup category.
    let everything = options.category.is_none();
    for (part, kind) in [
        (Part::Roles, ObjectKind::Role),
        (Part::Duties, ObjectKind::Duty),
        (Part::Privileges, ObjectKind::Privilege),
    ] {
        if options.includes(part) {
            let kind = objects::of_kind(&mut ctx, kind, (old, new), scope, everything);
            changes.extend(kind);
        }
    }
    let access = (options.access && options.includes(Part::Roles)).then(|| {
        // With what the hierarchies imply, so that a backup without security objects still
        // has the roles, duties and privileges its tasks create.
        let (old_implied, new_implied) = (implied_security(old), implied_security(new));
        let (old_engine, new_engine) = (
            Engine::new(old, &old_implied),
            Engine::new(new, &new_implied),
        );
        let in_scope = |engine: &Engine<'_>, model: &Model| -> Vec<usize> {
            (0..engine.roles().len())
                .filter(|&i| scope(model, engine.roles()[i].origin))
                .collect()
        };
        let (o, n) = (in_scope(&old_engine, old), in_scope(&new_engine, new));
        let licenses = license::licenses(
            &license::Side {
                engine: &old_engine,
                roles: &o,
                model: old,
            },
            &license::Side {
                engine: &new_engine,
                roles: &n,
                model: new,
            },
        );
        (access::access(&old_engine, &o, &new_engine, &n), licenses)
    });
    let (access, licenses) = access.unzip();
    let mut report = Report {
        changes,
        access,
        licenses,
        respelled: ctx.respelled,
    };
    report.sort();
    report
}

/// Whether an object read from `origin` is in the `--category` scope.
fn scoped(options: &DiffOptions, model: &Model, origin: Origin) -> bool {
    let Some(wanted) = &options.category else {
        return true;
    };
    match origin {
        Origin::Backup { category } => model
            .categories
            .get(category)
            .is_some_and(|c| c.name.key() == name_key(wanted)),
        _ => false,
    }
}

/// Category names in a model, for checking `--category` and suggesting a spelling.
pub fn category_names(model: &Model) -> Vec<&str> {
    model
        .categories
        .iter()
        .map(|c| c.name.value.trim())
        .collect()
}

/// True unless every input is of a dialect without categories (an empty side counts as holding
/// them, so that a backup compared with nothing shows its categories as added).
fn holds_categories(model: &Model) -> bool {
    model.documents.is_empty()
        || model
            .documents
            .iter()
            .any(|d| d.dialect == Dialect::UsgBackup)
}
