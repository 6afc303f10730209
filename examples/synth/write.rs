//! Writers for synthetic corpora: a USG backup (Governance + configuration), AOT security files
//! and a CSV outline, all in the canonical element order so that they read without findings.
//!
//! Written by hand into one `String` rather than with xmlwriter: generating a 100 MB backup is
//! part of every benchmark run and should take well under a second.

use super::{Corpus, EntryPoint, Process};
use std::fmt::Write;

/// A Governance + configuration backup of every category in `corpus`. `crlf` writes CRLF line
/// ends and a byte order mark, as Dynamics 365 does.
pub fn usg_backup(corpus: &Corpus) -> String {
    let mut out = String::with_capacity(corpus.task_count() * 1600 + 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(
        "<SecurityCategoryBackup Type=\"GovernanceAndConfiguration\" SchemaVersion=\"1\">\n",
    );
    let tasks = corpus.tasks();
    for c in &corpus.categories {
        out.push_str("  <SecurityCategory>\n");
        element(&mut out, 4, "Name", &c.name);
        element(&mut out, 4, "Description", &c.description);
        element(&mut out, 4, "Company", &c.company);
        out.push_str("    <ProcessHierarchy>\n");
        for p in &c.processes {
            process(&mut out, 6, p);
        }
        out.push_str("    </ProcessHierarchy>\n");
        out.push_str("    <SecurityConfiguration>\n");
        let mut roots: Vec<&Process> = Vec::new();
        fn with_roles<'a>(p: &'a Process, out: &mut Vec<&'a Process>) {
            if p.role.is_some() {
                out.push(p);
            }
            for c in &p.processes {
                with_roles(c, out);
            }
        }
        for p in &c.processes {
            with_roles(p, &mut roots);
        }
        for p in roots {
            role(&mut out, 6, p);
        }
        for (_, _, t) in tasks.iter().filter(|(cat, _, _)| std::ptr::eq(*cat, c)) {
            duty(&mut out, 6, &t.duty);
            privilege(&mut out, 6, &t.duty, &t.name, &t.entry_points);
        }
        out.push_str("    </SecurityConfiguration>\n");
        out.push_str("  </SecurityCategory>\n");
    }
    out.push_str("</SecurityCategoryBackup>\n");
    out
}

/// `count` AOT files (privileges, then duties, then roles, as many as the corpus has) as paths
/// relative to a model folder, with their contents.
pub fn aot_files(corpus: &Corpus, count: usize) -> Vec<(String, String)> {
    let model = "SynthSecurity/SynthSecurity";
    let mut files = Vec::new();
    let header = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    let tasks = corpus.tasks();
    for (_, _, t) in &tasks {
        let mut s = String::from(header);
        privilege(&mut s, 0, &t.duty, &t.name, &t.entry_points);
        files.push((format!("{model}/AxSecurityPrivilege/{}.xml", t.duty), s));
    }
    for (_, _, t) in &tasks {
        let mut s = String::from(header);
        duty(&mut s, 0, &t.duty);
        files.push((format!("{model}/AxSecurityDuty/{}.xml", t.duty), s));
    }
    let mut seen = std::collections::HashSet::new();
    for (_, path, _) in &tasks {
        for p in path {
            if let Some(r) = &p.role
                && seen.insert(r.clone())
            {
                let mut s = String::from(header);
                role(&mut s, 0, p);
                files.push((format!("{model}/AxSecurityRole/{r}.xml"), s));
            }
        }
    }
    files.truncate(count);
    files
}

/// A CSV outline as `secgov generate` reads it: one row per entry point, the process path joined
/// with ` > `.
pub fn outline_csv(corpus: &Corpus) -> String {
    let mut out = String::from(
        "Category,Process,Task,Duty,Role,ObjectType,ObjectName,Read,Update,Create,Correct,Delete,Invoke\n",
    );
    for (c, path, t) in corpus.tasks() {
        let process_path: Vec<&str> = path.iter().map(|p| p.name.as_str()).collect();
        let role = path.last().and_then(|p| p.role.as_deref()).unwrap_or("");
        for ep in &t.entry_points {
            let grant = |perm: &str| {
                ep.grants
                    .iter()
                    .find(|(p, _)| *p == perm)
                    .map_or("", |(_, g)| g)
            };
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{}",
                csv(&c.name),
                csv(&process_path.join(" > ")),
                csv(&t.name),
                csv(&t.duty),
                csv(role),
                ep.object_type,
                csv(&ep.object_name),
                grant("Read"),
                grant("Update"),
                grant("Create"),
                grant("Correct"),
                grant("Delete"),
                grant("Invoke"),
            );
        }
    }
    out
}

fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', ';']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn process(out: &mut String, indent: usize, p: &Process) {
    open(out, indent, "Process");
    element(out, indent + 2, "Name", &p.name);
    if let Some(d) = &p.description {
        element(out, indent + 2, "Description", d);
    }
    if let Some(r) = &p.role {
        element(out, indent + 2, "Role", r);
    }
    for c in &p.processes {
        process(out, indent + 2, c);
    }
    for t in &p.tasks {
        open(out, indent + 2, "Task");
        element(out, indent + 4, "Name", &t.name);
        element(out, indent + 4, "Duty", &t.duty);
        open(out, indent + 4, "EntryPoints");
        for ep in &t.entry_points {
            open(out, indent + 6, "EntryPoint");
            element(out, indent + 8, "ObjectName", &ep.object_name);
            element(out, indent + 8, "ObjectType", ep.object_type);
            if let Some(c) = &ep.child_name {
                element(out, indent + 8, "ChildName", c);
            }
            grant(out, indent + 8, ep);
            close(out, indent + 6, "EntryPoint");
        }
        close(out, indent + 4, "EntryPoints");
        close(out, indent + 2, "Task");
    }
    close(out, indent, "Process");
}

fn role(out: &mut String, indent: usize, p: &Process) {
    let Some(name) = &p.role else { return };
    open(out, indent, "AxSecurityRole");
    element(out, indent + 2, "Name", name);
    element(out, indent + 2, "Label", &p.name);
    open(out, indent + 2, "Duties");
    for d in p.subtree_duties() {
        reference(out, indent + 4, "AxSecurityDutyReference", d);
    }
    close(out, indent + 2, "Duties");
    pad(out, indent + 2);
    out.push_str("<Privileges />\n");
    pad(out, indent + 2);
    out.push_str("<SubRoles />\n");
    close(out, indent, "AxSecurityRole");
}

fn duty(out: &mut String, indent: usize, name: &str) {
    open(out, indent, "AxSecurityDuty");
    element(out, indent + 2, "Name", name);
    open(out, indent + 2, "Privileges");
    reference(out, indent + 4, "AxSecurityPrivilegeReference", name);
    close(out, indent + 2, "Privileges");
    close(out, indent, "AxSecurityDuty");
}

fn privilege(out: &mut String, indent: usize, name: &str, label: &str, eps: &[EntryPoint]) {
    open(out, indent, "AxSecurityPrivilege");
    element(out, indent + 2, "Name", name);
    element(out, indent + 2, "Label", label);
    open(out, indent + 2, "EntryPoints");
    for ep in eps {
        open(out, indent + 4, "AxSecurityEntryPointReference");
        element(out, indent + 6, "Name", &ep.object_name);
        grant(out, indent + 6, ep);
        element(out, indent + 6, "ObjectName", &ep.object_name);
        element(out, indent + 6, "ObjectType", ep.object_type);
        if let Some(c) = &ep.child_name {
            element(out, indent + 6, "ObjectChildName", c);
        }
        close(out, indent + 4, "AxSecurityEntryPointReference");
    }
    close(out, indent + 2, "EntryPoints");
    close(out, indent, "AxSecurityPrivilege");
}

fn grant(out: &mut String, indent: usize, ep: &EntryPoint) {
    pad(out, indent);
    out.push_str("<Grant>");
    for (perm, value) in &ep.grants {
        let _ = write!(out, "<{perm}>{value}</{perm}>");
    }
    out.push_str("</Grant>\n");
}

fn reference(out: &mut String, indent: usize, tag: &str, name: &str) {
    pad(out, indent);
    let _ = writeln!(out, "<{tag}><Name>{}</Name></{tag}>", escape(name));
}

fn element(out: &mut String, indent: usize, tag: &str, text: &str) {
    pad(out, indent);
    let _ = writeln!(out, "<{tag}>{}</{tag}>", escape(text));
}

fn open(out: &mut String, indent: usize, tag: &str) {
    pad(out, indent);
    let _ = writeln!(out, "<{tag}>");
}

fn close(out: &mut String, indent: usize, tag: &str) {
    pad(out, indent);
    let _ = writeln!(out, "</{tag}>");
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Element content, escaped as every writer escapes it (src/xml/escape.rs).
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    secgov::xml::escape::text(text)
}

#[cfg(test)]
mod tests {
    use super::super::Size;
    use super::*;
    use secgov::load::{LoadOptions, load_bytes};

    #[test]
    fn backup_reads_without_findings_and_matches_the_corpus() {
        let corpus = Corpus::generate(3, Size::Tasks(300));
        let xml = usg_backup(&corpus);
        let loaded = load_bytes("synth.xml", xml.as_bytes(), &LoadOptions::default());
        assert_eq!(loaded.diagnostics, vec![]);
        let m = &loaded.model;
        assert_eq!(m.categories.len(), corpus.categories.len());
        assert_eq!(m.duties.len(), 300);
        assert_eq!(m.privileges.len(), 300);
        // The configuration is exactly what the hierarchy implies: nothing is left to imply.
        let implied = secgov::model::implied_security(m);
        assert!(implied.roles.is_empty() && implied.duties.is_empty());
        assert!(implied.privileges.is_empty());
    }

    #[test]
    fn process_trees_are_three_to_five_levels_deep() {
        fn depth(p: &Process) -> usize {
            1 + p.processes.iter().map(depth).max().unwrap_or(0)
        }
        let corpus = Corpus::generate(5, Size::Tasks(2_000));
        let roots: Vec<_> = corpus
            .categories
            .iter()
            .flat_map(|c| &c.processes)
            .collect();
        // The last tree may be cut short when the task budget runs out.
        for p in &roots[..roots.len() - 1] {
            assert!((3..=5).contains(&depth(p)), "{}", depth(p));
        }
    }

    #[test]
    fn aot_files_read_as_aot_objects() {
        let corpus = Corpus::generate(4, Size::Tasks(50));
        let roles: std::collections::HashSet<_> = corpus
            .tasks()
            .iter()
            .flat_map(|(_, path, _)| path.iter().filter_map(|p| p.role.clone()))
            .collect();
        let all = aot_files(&corpus, usize::MAX);
        assert_eq!(all.len(), 100 + roles.len());
        let files = aot_files(&corpus, 60);
        assert_eq!(files.len(), 60);
        for (path, text) in &files {
            let loaded = load_bytes(path, text.as_bytes(), &LoadOptions::default());
            assert_eq!(loaded.diagnostics, vec![], "{path}");
        }
    }

    #[test]
    fn outline_has_one_row_per_entry_point() {
        let corpus = Corpus::generate(4, Size::Tasks(50));
        let csv = outline_csv(&corpus);
        let eps: usize = corpus
            .tasks()
            .iter()
            .map(|(_, _, t)| t.entry_points.len())
            .sum();
        assert_eq!(csv.lines().count(), eps + 1);
    }
}
