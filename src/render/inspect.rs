//! What `secgov inspect` shows: a summary tree for people, the model as JSON, and the process
//! hierarchy as a Mermaid flowchart.

use crate::model::{Category, Dialect, Extension, Header, Model, Origin, Process};
use serde_json::json;
use std::fmt::Write;
use std::ops::Deref;

fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) if !word.ends_with("ey") => format!("{n} {stem}ies"),
        _ if word.ends_with('s') => format!("{n} {word}es"),
        _ => format!("{n} {word}s"),
    }
}

/// The summary tree.
pub fn text(model: &Model) -> String {
    let mut out = String::new();
    let aot: Vec<_> = model
        .documents
        .iter()
        .filter(|d| d.dialect == Dialect::Aot)
        .collect();
    for doc in model
        .documents
        .iter()
        .filter(|d| d.dialect != Dialect::Aot || aot.len() == 1)
    {
        let f = model.file(doc.file);
        let _ = write!(
            out,
            "{}: {} ({}, {})",
            f.path,
            doc.dialect.label(),
            f.encoding.label(),
            if f.crlf { "CRLF" } else { "LF" }
        );
        if doc.dialect == Dialect::UsgBackup {
            let inferred = doc.inferred_type.map_or("?", |t| t.as_str());
            match &doc.declared_type {
                Some(t) => {
                    let _ = write!(out, ", Type {} (content fits {inferred})", t.value);
                }
                None => {
                    let _ = write!(out, ", no Type (content fits {inferred})");
                }
            }
        }
        out.push('\n');
    }
    if aot.len() > 1 {
        let mut encodings: Vec<String> = aot
            .iter()
            .map(|d| {
                let f = model.file(d.file);
                format!(
                    "{}, {}",
                    f.encoding.label(),
                    if f.crlf { "CRLF" } else { "LF" }
                )
            })
            .collect();
        encodings.sort();
        encodings.dedup();
        let _ = writeln!(
            out,
            "{} AOT security files ({})",
            aot.len(),
            encodings.join("; ")
        );
    }
    for (index, c) in model.categories.iter().enumerate() {
        category(&mut out, model, index, c);
    }
    objects(&mut out, model);
    out
}

fn category(out: &mut String, model: &Model, index: usize, c: &Category) {
    let processes: Vec<&Process> = c
        .hierarchy
        .iter()
        .flat_map(|h| &h.processes)
        .flat_map(|p| p.walk())
        .collect();
    let tasks: usize = processes.iter().map(|p| p.tasks.len()).sum();
    let entry_points: usize = processes
        .iter()
        .flat_map(|p| &p.tasks)
        .map(|t| t.entry_points.len())
        .sum();
    let _ = write!(out, "\nCategory \"{}\"", c.name.value);
    if let Some(company) = &c.company {
        let _ = write!(out, " [company {}]", company.value);
    }
    let _ = writeln!(
        out,
        ": {}, {}, {}",
        plural(processes.len(), "process"),
        plural(tasks, "task"),
        plural(entry_points, "entry point")
    );
    for p in c.hierarchy.iter().flat_map(|h| &h.processes) {
        process(out, p, 1);
    }
    if c.configuration.is_some() {
        let here = Origin::Backup { category: index };
        let _ = writeln!(
            out,
            "  security configuration: {}, {}, {}",
            plural(from(here, &model.roles), "role"),
            plural(from(here, &model.duties), "duty"),
            plural(from(here, &model.privileges), "privilege")
        );
    }
    let assignments = model
        .role_assignments
        .iter()
        .filter(|a| a.category == index)
        .count();
    if assignments > 0 {
        let _ = writeln!(out, "  role assignments: {assignments} (user data)");
    }
}

/// How many of `objects` were read from `origin`.
fn from<T: Deref<Target = Header>>(origin: Origin, objects: &[T]) -> usize {
    objects.iter().filter(|o| o.origin == origin).count()
}

fn process(out: &mut String, p: &Process, depth: usize) {
    let indent = "  ".repeat(depth);
    let _ = write!(out, "{indent}{}", p.name.value);
    if let Some(role) = &p.role {
        let _ = write!(out, " (role {})", role.value);
    }
    let _ = writeln!(
        out,
        ": {}, {}",
        plural(p.task_count(), "task"),
        plural(p.entry_point_count(), "entry point")
    );
    for child in &p.processes {
        process(out, child, depth + 1);
    }
    for t in &p.tasks {
        let _ = write!(out, "{indent}  - task {}", t.name.value);
        if let Some(duty) = &t.duty {
            let _ = write!(out, " [duty {}]", duty.value);
        }
        let _ = writeln!(out, ": {}", plural(t.entry_points.len(), "entry point"));
    }
}

/// ` (customized)` or ` (new)` for objects of a security configuration export.
fn origin_note(origin: Origin) -> &'static str {
    match origin {
        Origin::Customized => " (customized)",
        Origin::New => " (new)",
        _ => "",
    }
}

fn objects(out: &mut String, model: &Model) {
    roles(out, model);
    duties(out, model);
    loose_extensions(out, model);
    privileges(out, model);
    disabled(out, model);
}

/// A heading with the count, then a line for each object: its name, where it came from and what
/// `details` writes (given the object's position).
fn listing<T: Deref<Target = Header>>(
    out: &mut String,
    title: &str,
    objects: &[T],
    mut details: impl FnMut(&mut String, usize, &T),
) {
    if objects.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({})", objects.len());
    for (i, o) in objects.iter().enumerate() {
        let _ = write!(out, "  {}{}: ", o.name.value, origin_note(o.origin));
        details(out, i, o);
        out.push('\n');
    }
}

/// Each role with its counts, extensions and how many securable objects it reaches.
fn roles(out: &mut String, model: &Model) {
    if model.roles.is_empty() {
        return;
    }
    // What each role reaches once flattened, from the one engine (roles come first in it, in
    // model order, so its index is the role's position).
    let implied = crate::model::implied_security(model);
    let engine = crate::model::Engine::new(model, &implied);
    // Flattening every role is a tenth of `inspect --threads 1` on the 100 MiB benchmark file
    // (perf): the roles are independent, so the pool's threads share them; the listing below
    // then reads the counts in order.
    let reached: Vec<usize> = {
        use rayon::prelude::*;
        (0..model.roles.len())
            .into_par_iter()
            .map(|i| engine.access(i).entries.len())
            .collect()
    };
    listing(out, "Roles", &model.roles, |out, i, r| {
        let _ = write!(
            out,
            "{}, {}, {}",
            plural(r.duties.len(), "duty"),
            plural(r.privileges.len(), "privilege"),
            plural(r.sub_roles.len(), "sub-role")
        );
        for e in model.extensions_of_role(&r.name.value) {
            let added = e.duties.len() + e.privileges.len() + e.sub_roles.len();
            let _ = write!(out, "; extended by {} (+{added})", e.name.value);
        }
        let _ = write!(out, "; reaches {}", plural(reached[i], "securable object"));
    });
}

/// Each duty with its privileges and extensions.
fn duties(out: &mut String, model: &Model) {
    listing(out, "Duties", &model.duties, |out, _, d| {
        out.push_str(&plural(d.privileges.len(), "privilege"));
        for e in model.extensions_of_duty(&d.name.value) {
            let added = plural(e.privileges.len(), "privilege");
            let _ = write!(out, "; extended by {} (+{added})", e.name.value);
        }
    });
}

/// Extensions whose base object is not among the files read.
fn loose_extensions(out: &mut String, model: &Model) {
    let attached = |base: &str, duty: bool| {
        if duty {
            model.find_duty(base).is_some()
        } else {
            model.find_role(base).is_some()
        }
    };
    let loose: Vec<_> = model
        .role_extensions
        .iter()
        .map(|e| (e, false))
        .chain(model.duty_extensions.iter().map(|e| (e, true)))
        .filter(|(e, duty)| !attached(&e.base, *duty))
        .collect();
    if !loose.is_empty() {
        // Extensions of standard objects are the usual case in a model folder: the base lives in
        // Microsoft's packages, which the user did not point at.
        let _ = writeln!(
            out,
            "\nExtensions of objects not in the files read ({})",
            loose.len()
        );
        for (e, duty) in loose {
            let what = if duty { "duty" } else { "role" };
            let added: Vec<String> = [
                (&e.duties, "duty"),
                (&e.privileges, "privilege"),
                (&e.sub_roles, "sub-role"),
            ]
            .into_iter()
            .filter(|(names, _)| !names.is_empty())
            .map(|(names, word)| {
                let list: Vec<&str> = names.iter().map(|n| n.value.as_str()).collect();
                format!("+{} ({})", plural(names.len(), word), list.join(", "))
            })
            .collect();
            let added = if added.is_empty() {
                "adds nothing".to_owned()
            } else {
                added.join(", ")
            };
            let _ = writeln!(
                out,
                "  {what} {} extended by {}: {added}",
                e.base, e.name.value
            );
        }
    }
}

/// Each privilege with its entry points and data entities.
fn privileges(out: &mut String, model: &Model) {
    listing(out, "Privileges", &model.privileges, |out, _, p| {
        out.push_str(&plural(p.entry_points.len(), "entry point"));
        if !p.data_entities.is_empty() {
            let _ = write!(out, ", {}", plural(p.data_entities.len(), "data entity"));
        }
    });
}

/// The disabled objects an export (or an unpacked folder's manifest) lists.
fn disabled(out: &mut String, model: &Model) {
    if !model.disabled.is_empty() {
        let _ = writeln!(out, "\nDisabled objects ({})", model.disabled.len());
        for d in &model.disabled {
            let kind = format!("{:?}", d.kind).to_lowercase();
            let _ = writeln!(out, "  {kind} {}", d.name.value);
        }
    }
}

/// Version of the JSON document `json` prints; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// The model as JSON (documented in `docs/json-model.md`).
pub fn json(model: &Model) -> String {
    let files: Vec<_> = model
        .files
        .iter()
        .enumerate()
        .map(|(id, f)| {
            let doc = model.document(id);
            json!({
                "path": f.path,
                "encoding": f.encoding,
                "line_ending": if f.crlf { "CRLF" } else { "LF" },
                "dialect": doc.map(|d| d.dialect),
                "declared_type": doc.and_then(|d| d.declared_type.as_ref()).map(|t| &t.value),
                "inferred_type": doc.and_then(|d| d.inferred_type),
            })
        })
        .collect();
    let value = json!({
        "secgov_model": JSON_VERSION,
        "files": files,
        "categories": model.categories,
        "roles": model.roles,
        "duties": model.duties,
        "privileges": model.privileges,
        "role_extensions": extensions(&model.role_extensions, |b| model.find_role(b).is_some()),
        "duty_extensions": extensions(&model.duty_extensions, |b| model.find_duty(b).is_some()),
        "disabled": model.disabled,
        "role_assignments": model.role_assignments,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// Extensions as JSON, each with `base_read`: whether its base object is among the files read.
fn extensions(list: &[Extension], read: impl Fn(&str) -> bool) -> Vec<serde_json::Value> {
    list.iter()
        .map(|e| {
            let mut v = serde_json::to_value(e).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert("base_read".into(), read(&e.base).into());
            }
            v
        })
        .collect()
}

/// The process hierarchies as a Mermaid flowchart, ready to paste into Markdown.
pub fn mermaid(model: &Model) -> String {
    let mut out = String::from("flowchart TD\n");
    if model.categories.is_empty() {
        // A valid, empty chart; the comment tells the reader why it is empty.
        out.push_str("  %% no security category with a process hierarchy in the files read\n");
    }
    for (ci, c) in model.categories.iter().enumerate() {
        let id = format!("c{ci}");
        let _ = writeln!(
            out,
            "  {id}[\"{}\"]",
            mermaid_label(&format!("Category: {}", c.name.value))
        );
        for (pi, p) in c.hierarchy.iter().flat_map(|h| &h.processes).enumerate() {
            mermaid_process(&mut out, &id, &format!("{id}p{pi}"), p);
        }
    }
    out
}

fn mermaid_process(out: &mut String, parent: &str, id: &str, p: &Process) {
    let mut label = p.name.value.clone();
    if let Some(role) = &p.role {
        label.push_str(&format!("\nrole {}", role.value));
    }
    let _ = writeln!(out, "  {id}[\"{}\"]", mermaid_label(&label));
    let _ = writeln!(out, "  {parent} --> {id}");
    for (i, child) in p.processes.iter().enumerate() {
        mermaid_process(out, id, &format!("{id}p{i}"), child);
    }
    for (i, t) in p.tasks.iter().enumerate() {
        let mut label = t.name.value.clone();
        if let Some(duty) = &t.duty {
            label.push_str(&format!("\nduty {}", duty.value));
        }
        label.push_str(&format!(
            "\n{}",
            plural(t.entry_points.len(), "entry point")
        ));
        let _ = writeln!(out, "  {id}t{i}([\"{}\"])", mermaid_label(&label));
        let _ = writeln!(out, "  {id} --> {id}t{i}");
    }
}

/// Mermaid labels are quoted; quotes and markup characters become entity codes, line breaks `<br/>`.
/// `#` goes first: every entity code written after it starts with one.
fn mermaid_label(s: &str) -> String {
    s.replace('#', "#35;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('\n', "<br/>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_read_naturally() {
        assert_eq!(plural(1, "duty"), "1 duty");
        assert_eq!(plural(2, "duty"), "2 duties");
        assert_eq!(plural(0, "process"), "0 processes");
        assert_eq!(plural(3, "entry point"), "3 entry points");
    }

    #[test]
    fn mermaid_labels_escape_quotes_and_markup() {
        assert_eq!(
            mermaid_label("A \"B\" <C>\nD"),
            "A #quot;B#quot; #lt;C#gt;<br/>D"
        );
    }
}
