//! From the generated XML back to the outline: the generated file is read again and checked, and
//! each finding is moved to the outline row (or template element) that produced the element it
//! is about. Also the round-trip self-check: the XML must read back into the same hierarchy.

use crate::diag::{Diagnostic, Related};
use crate::load::Loaded;
use crate::model::{
    BackupType, Category, EntryPoint, Implied, Model, Origin, Permission, Process, Task,
};
use crate::outline::codes;
use crate::rules::CheckOptions;
use crate::span::{FileId, Span};
use std::collections::HashMap;

/// The checks `secgov validate` runs (the reader's findings and every rule), on the generated
/// file read back, for a restore with the Type the file is written with.
pub(crate) fn validate(reread: &Loaded, backup_type: BackupType) -> Vec<Diagnostic> {
    let options = CheckOptions {
        restore_type: Some(backup_type),
        ..CheckOptions::default()
    };
    crate::rules::check(&reread.model, &reread.diagnostics, &options)
}

/// Generated element spans and the outline places they came from.
pub(crate) struct Trace {
    /// (span in the generated XML, outline file, outline span), sorted by start, outer first.
    places: Vec<(Span, FileId, Span)>,
}

impl Trace {
    pub(crate) fn new(model: &Model, implied: &Implied, reread: &Model) -> Trace {
        let mut places = Vec::new();
        for (g, r) in model.categories.iter().zip(&reread.categories) {
            places.push((r.span, g.file, g.name.span));
            places.push((r.name.span, g.file, g.name.span));
            let gp = g.hierarchy.iter().flat_map(|h| &h.processes);
            let rp = r.hierarchy.iter().flat_map(|h| &h.processes);
            for (gp, rp) in gp.zip(rp) {
                process(g.file, gp, rp, &mut places);
            }
        }
        let mut by_name: HashMap<(u8, String), (FileId, Span)> = HashMap::new();
        for r in model.roles.iter().chain(&implied.roles) {
            by_name.insert((0, r.name.key()), (r.file, r.span));
        }
        for d in model.duties.iter().chain(&implied.duties) {
            by_name.insert((1, d.name.key()), (d.file, d.span));
        }
        for p in model.privileges.iter().chain(&implied.privileges) {
            by_name.insert((2, p.name.key()), (p.file, p.span));
        }
        let objects = reread
            .roles
            .iter()
            .map(|r| (0, r.name.key(), r.span, r.origin))
            .chain(
                reread
                    .duties
                    .iter()
                    .map(|d| (1, d.name.key(), d.span, d.origin)),
            )
            .chain(
                reread
                    .privileges
                    .iter()
                    .map(|p| (2, p.name.key(), p.span, p.origin)),
            );
        for (kind, key, span, origin) in objects {
            if let (Origin::Backup { .. }, Some(&(file, at))) = (origin, by_name.get(&(kind, key)))
            {
                places.push((span, file, at));
            }
        }
        places.sort_by_key(|(s, _, _)| (s.start, std::cmp::Reverse(s.end)));
        Trace { places }
    }

    /// The innermost generated element around `span`, and where it came from.
    fn find(&self, span: Span) -> Option<(FileId, Span)> {
        let upto = self
            .places
            .partition_point(|(s, _, _)| s.start <= span.start);
        self.places[..upto]
            .iter()
            .rev()
            .find(|(s, _, _)| s.end >= span.end)
            .map(|(_, f, at)| (*f, *at))
    }

    /// Moves a finding about the generated file (read as file 0) to the outline.
    pub(crate) fn to_outline(&self, mut d: Diagnostic, generated: FileId) -> Diagnostic {
        let place = d.span.and_then(|s| self.find(s));
        match place {
            Some((file, span)) => {
                d.message = format!("in the generated file: {}", d.message);
                d.file = Some(file);
                d.span = Some(span);
            }
            None => d.file = d.file.map(|f| f + generated),
        }
        d.related = d
            .related
            .into_iter()
            .map(|r| match self.find(r.span) {
                Some((file, span)) => Related { file, span, ..r },
                None => Related {
                    file: r.file + generated,
                    ..r
                },
            })
            .collect();
        d
    }
}

fn process(file: FileId, g: &Process, r: &Process, places: &mut Vec<(Span, FileId, Span)>) {
    places.push((r.span, file, g.span));
    places.push((r.name.span, file, g.name.span));
    if let (Some(gr), Some(rr)) = (&g.role, &r.role) {
        places.push((rr.span, file, gr.span));
    }
    for (gc, rc) in g.processes.iter().zip(&r.processes) {
        process(file, gc, rc, places);
    }
    for (gt, rt) in g.tasks.iter().zip(&r.tasks) {
        task(file, gt, rt, places);
    }
}

fn task(file: FileId, g: &Task, r: &Task, places: &mut Vec<(Span, FileId, Span)>) {
    places.push((r.span, file, g.span));
    places.push((r.name.span, file, g.name.span));
    if let (Some(gd), Some(rd)) = (&g.duty, &r.duty) {
        places.push((rd.span, file, gd.span));
    }
    for (ge, re) in g.entry_points.iter().zip(&r.entry_points) {
        entry_point(file, ge, re, places);
    }
}

fn entry_point(
    file: FileId,
    g: &EntryPoint,
    r: &EntryPoint,
    places: &mut Vec<(Span, FileId, Span)>,
) {
    places.push((r.span, file, g.span));
    places.push((r.object_name.span, file, g.object_name.span));
    places.push((r.object_type.span, file, g.object_type.span));
    for p in Permission::ALL {
        if let (Some(gv), Some(rv)) = (g.grant.raw(p), r.grant.raw(p)) {
            places.push((rv.span, file, gv.span));
        }
    }
}

/// The hierarchy of `categories` as lines of text, for comparing two models without spans:
/// names, descriptions, companies, roles, duties, privileges, entry points and grants.
pub fn hierarchy_lines(categories: &[Category]) -> Vec<String> {
    let mut out = Vec::new();
    let text = |v: &Option<crate::span::Spanned<String>>| {
        v.as_ref()
            .map_or("-".to_owned(), |s| format!("{:?}", s.value))
    };
    for c in categories {
        out.push(format!(
            "category {:?} description={} company={}",
            c.name.value,
            text(&c.description),
            text(&c.company)
        ));
        for p in c.hierarchy.iter().flat_map(|h| &h.processes) {
            process_lines(p, 1, &mut out, &text);
        }
    }
    out
}

fn process_lines(
    p: &Process,
    depth: usize,
    out: &mut Vec<String>,
    text: &dyn Fn(&Option<crate::span::Spanned<String>>) -> String,
) {
    let pad = "  ".repeat(depth);
    out.push(format!(
        "{pad}process {:?} description={} version={} role={}",
        p.name.value,
        text(&p.description),
        text(&p.version),
        text(&p.role)
    ));
    for c in &p.processes {
        process_lines(c, depth + 1, out, text);
    }
    for t in &p.tasks {
        out.push(format!(
            "{pad}  task {:?} description={} duty={} privilege={}",
            t.name.value,
            text(&t.description),
            text(&t.duty),
            text(&t.privilege)
        ));
        for ep in &t.entry_points {
            let grants: Vec<String> = ep
                .grant
                .iter()
                .map(|(p, a)| format!("{}={}", p.as_str(), a.as_str()))
                .collect();
            out.push(format!(
                "{pad}    entry point {} {:?} child={} {}",
                ep.object_type.value,
                ep.object_name.value,
                text(&ep.child_name),
                grants.join(",")
            ));
        }
    }
}

/// What [`hierarchy_lines`] shows of two lists of categories is the same. Compared field by
/// field because printing both hierarchies of a 100,000-task outline cost more than writing
/// it; the lines are printed only to name the first difference.
fn same_categories(a: &[Category], b: &[Category]) -> bool {
    pairwise(a, b, |x, y| {
        x.name.value == y.name.value
            && same_text(&x.description, &y.description)
            && same_text(&x.company, &y.company)
            && same_processes(processes(x), processes(y))
    })
}

fn same_processes(a: &[Process], b: &[Process]) -> bool {
    pairwise(a, b, |x, y| {
        x.name.value == y.name.value
            && same_text(&x.description, &y.description)
            && same_text(&x.version, &y.version)
            && same_text(&x.role, &y.role)
            && same_processes(&x.processes, &y.processes)
            && pairwise(&x.tasks, &y.tasks, same_task)
    })
}

fn same_task(s: &Task, t: &Task) -> bool {
    s.name.value == t.name.value
        && same_text(&s.description, &t.description)
        && same_text(&s.duty, &t.duty)
        && same_text(&s.privilege, &t.privilege)
        && pairwise(&s.entry_points, &t.entry_points, |e, f| {
            e.object_type.value == f.object_type.value
                && e.object_name.value == f.object_name.value
                && same_text(&e.child_name, &f.child_name)
                && e.grant.iter().eq(f.grant.iter())
        })
}

/// Two lists of the same length whose items are `same` in order.
fn pairwise<T>(a: &[T], b: &[T], same: impl Fn(&T, &T) -> bool) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

fn processes(c: &Category) -> &[Process] {
    c.hierarchy.as_ref().map_or(&[], |h| &h.processes)
}

fn same_text(
    a: &Option<crate::span::Spanned<String>>,
    b: &Option<crate::span::Spanned<String>>,
) -> bool {
    a.as_ref().map(|s| &s.value) == b.as_ref().map(|s| &s.value)
}

/// A finding when the written file does not read back into the generated hierarchy (a defect of
/// the writer, never of the outline; checked on every run so it can never go unnoticed).
pub(crate) fn round_trip(model: &Model, reread: &Model, t: BackupType) -> Option<Diagnostic> {
    if !t.has_hierarchy() || same_categories(&model.categories, &reread.categories) {
        return None;
    }
    let a = hierarchy_lines(&model.categories);
    let b = hierarchy_lines(&reread.categories);
    if a == b {
        return None;
    }
    let first = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    Some(
        Diagnostic::error(codes::GENERATED_INVALID, format!(
            "the generated file does not read back the same (first difference: {:?} became {:?})",
            a.get(first).map_or("", String::as_str),
            b.get(first).map_or("", String::as_str)
        ))
        .with_help("this is a defect in secgov; please report it with the outline"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};
    use crate::model::Access;

    fn order_to_cash() -> Model {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/usg/order-to-cash.xml"
        );
        load_bytes(path, &std::fs::read(path).unwrap(), &LoadOptions::default()).model
    }

    fn first_task(model: &mut Model) -> &mut Task {
        let h = model.categories[0].hierarchy.as_mut().unwrap();
        let mut p = &mut h.processes[0];
        while p.tasks.is_empty() {
            p = &mut p.processes[0];
        }
        &mut p.tasks[0]
    }

    #[test]
    fn a_hierarchy_reads_back_the_same_until_any_shown_field_differs() {
        let t = BackupType::UserSecurityGovernance;
        let written = order_to_cash();
        assert!(round_trip(&written, &order_to_cash(), t).is_none());

        let mut lost_delete = order_to_cash();
        let ep = &mut first_task(&mut lost_delete).entry_points[0];
        let changed = match ep.grant.get(Permission::Delete) {
            Some(Access::Allow) => None,
            _ => Some(Access::Allow),
        };
        ep.grant.set(Permission::Delete, changed);
        let d = round_trip(&written, &lost_delete, t).expect("a changed grant is a difference");
        assert_eq!(d.code, codes::GENERATED_INVALID);
        assert!(d.message.contains("entry point"), "{}", d.message);

        let mut renamed_duty = order_to_cash();
        first_task(&mut renamed_duty)
            .duty
            .as_mut()
            .unwrap()
            .value
            .push('X');
        let d = round_trip(&written, &renamed_duty, t).expect("a changed duty is a difference");
        assert!(d.message.contains("duty="), "{}", d.message);

        let mut extra_process = order_to_cash();
        let copy = extra_process.categories[0]
            .hierarchy
            .as_ref()
            .unwrap()
            .processes[0]
            .clone();
        extra_process.categories[0]
            .hierarchy
            .as_mut()
            .unwrap()
            .processes
            .push(copy);
        assert!(round_trip(&written, &extra_process, t).is_some());
    }
}
