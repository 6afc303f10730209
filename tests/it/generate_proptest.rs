//! Property: any outline the generator accepts produces XML that reads back into the hierarchy the
//! outline describes, whether it was written as CSV, YAML or TOML, and XML special characters
//! (`& < > " '`) in names and descriptions survive.

use proptest::prelude::*;
use secgov::generate::{Request, generate, hierarchy_lines};
use secgov::load::{LoadOptions, load_bytes};
use secgov::model::{Category, EntryPoint, Grant, Hierarchy, Permission, Process, Task};
use secgov::span::{Span, Spanned};

/// A name with XML special characters, no white space at either end.
fn name() -> impl Strategy<Value = String> {
    "[A-Za-z&<>\"'][A-Za-z0-9&<>\"'_.;, -]{0,8}[A-Za-z0-9&<>\"';]"
}

#[derive(Debug, Clone)]
struct P {
    name: String,
    role: Option<String>,
    tasks: Vec<T>,
    children: Vec<P>,
}

#[derive(Debug, Clone)]
struct T {
    name: String,
    description: Option<String>,
    entries: Vec<(usize, String, [Option<bool>; 6])>,
}

const TYPES: [&str; 4] = [
    "MenuItemDisplay",
    "MenuItemAction",
    "MenuItemOutput",
    "ServiceOperation",
];

fn task() -> impl Strategy<Value = T> {
    (
        name(),
        proptest::option::of(name()),
        prop::collection::vec(
            (
                0..TYPES.len(),
                name(),
                prop::array::uniform6(proptest::option::of(any::<bool>())),
            ),
            0..3,
        ),
    )
        .prop_map(|(name, description, entries)| T {
            name,
            description,
            entries,
        })
}

fn process() -> impl Strategy<Value = P> {
    let leaf = (
        name(),
        proptest::option::of(name()),
        prop::collection::vec(task(), 0..3),
    )
        .prop_map(|(name, role, tasks)| P {
            name,
            role,
            tasks,
            children: vec![],
        });
    leaf.prop_recursive(3, 12, 3, |inner| {
        (
            name(),
            proptest::option::of(name()),
            prop::collection::vec(task(), 0..3),
            prop::collection::vec(inner, 0..3),
        )
            .prop_map(|(name, role, tasks, children)| P {
                name,
                role,
                tasks,
                children,
            })
    })
}

/// Makes names unique where the product requires it (processes per category, tasks per
/// process, entry points per task, one duty per task) by numbering them.
fn uniquify(p: &mut P, counter: &mut usize) {
    *counter += 1;
    p.name = format!("{}{}", p.name, counter);
    for (i, t) in p.tasks.iter_mut().enumerate() {
        t.name = format!("{}{i}", t.name);
        for (j, e) in t.entries.iter_mut().enumerate() {
            e.1 = format!("{}{j}", e.1);
            if e.2.iter().all(Option::is_none) {
                e.2[0] = Some(true);
            }
        }
    }
    for c in &mut p.children {
        uniquify(c, counter);
    }
}

fn s(v: &str) -> Spanned<String> {
    Spanned::new(v.to_owned(), Span::default())
}

fn duty(p: &P, i: usize) -> String {
    format!("Duty {}/{}", p.name, i)
}

fn model_process(p: &P) -> Process {
    Process {
        span: Span::default(),
        name: s(&p.name),
        description: None,
        version: None,
        role: p.role.as_deref().map(s),
        processes: p.children.iter().map(model_process).collect(),
        tasks: p
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| Task {
                span: Span::default(),
                name: s(&t.name),
                description: t.description.as_deref().map(s),
                duty: Some(s(&duty(p, i))),
                privilege: None,
                entry_points: t
                    .entries
                    .iter()
                    .map(|(ty, n, g)| {
                        let mut grant = Grant::default();
                        for (k, v) in g.iter().enumerate() {
                            if let Some(allow) = v {
                                grant.set_raw(
                                    Permission::ALL[k],
                                    s(if *allow { "Allow" } else { "Deny" }),
                                );
                            }
                        }
                        EntryPoint {
                            span: Span::default(),
                            name: None,
                            object_name: s(n),
                            object_type: s(TYPES[*ty]),
                            child_name: None,
                            grant,
                            grant_current_data: None,
                            extras: None,
                            unknown: vec![],
                        }
                    })
                    .collect(),
                unknown: vec![],
            })
            .collect(),
        unknown: vec![],
    }
}

fn access(v: &Option<bool>) -> &'static str {
    match v {
        Some(true) => "Allow",
        Some(false) => "Deny",
        None => "",
    }
}

fn csv_cell(v: &str) -> String {
    format!("\"{}\"", v.replace('"', "\"\""))
}

/// CSV with Level columns (names may hold ` > `), one row per process, then one per entry point.
fn csv(category: &str, roots: &[P], depth: usize) -> String {
    let levels: Vec<String> = (1..=depth).map(|i| format!("Level{i}")).collect();
    let mut out = format!(
        "Category;{};Role;Task;Duty;Description;ObjectType;ObjectName;Read;Update;Create;Correct;Delete;Invoke\n",
        levels.join(";")
    );
    fn rows(out: &mut String, category: &str, path: &mut Vec<String>, p: &P, depth: usize) {
        path.push(p.name.clone());
        let mut cells: Vec<String> = path.iter().map(|n| csv_cell(n)).collect();
        cells.resize(depth, String::new());
        let level_cells = cells.join(";");
        out.push_str(&format!(
            "{};{};{};;;;;;;;;;;\n",
            csv_cell(category),
            level_cells,
            p.role.as_deref().map(csv_cell).unwrap_or_default()
        ));
        for (i, t) in p.tasks.iter().enumerate() {
            let description = t.description.as_deref().map(csv_cell).unwrap_or_default();
            if t.entries.is_empty() {
                out.push_str(&format!(
                    "{};{};;{};{};{};;;;;;;;\n",
                    csv_cell(category),
                    level_cells,
                    csv_cell(&t.name),
                    csv_cell(&duty(p, i)),
                    description
                ));
            }
            for (ty, n, g) in &t.entries {
                let grants: Vec<&str> = g.iter().map(access).collect();
                out.push_str(&format!(
                    "{};{};;{};{};{};{};{};{}\n",
                    csv_cell(category),
                    level_cells,
                    csv_cell(&t.name),
                    csv_cell(&duty(p, i)),
                    description,
                    TYPES[*ty],
                    csv_cell(n),
                    grants.join(";")
                ));
            }
        }
        for c in &p.children {
            rows(out, category, path, c, depth);
        }
        path.pop();
    }
    for r in roots {
        rows(&mut out, category, &mut Vec::new(), r, depth);
    }
    out
}

/// A double-quoted string for YAML and TOML (both escape `"` and `\` the same way).
fn quoted(v: &str) -> String {
    format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
}

fn yaml(category: &str, roots: &[P]) -> String {
    fn process(out: &mut String, p: &P, pad: &str) {
        out.push_str(&format!("{pad}- name: {}\n", quoted(&p.name)));
        if let Some(r) = &p.role {
            out.push_str(&format!("{pad}  role: {}\n", quoted(r)));
        }
        out.push_str(&format!("{pad}  tasks:\n"));
        for (i, t) in p.tasks.iter().enumerate() {
            out.push_str(&format!(
                "{pad}    - name: {}\n{pad}      duty: {}\n",
                quoted(&t.name),
                quoted(&duty(p, i))
            ));
            if let Some(d) = &t.description {
                out.push_str(&format!("{pad}      description: {}\n", quoted(d)));
            }
            out.push_str(&format!("{pad}      entry_points:\n"));
            for (ty, n, g) in &t.entries {
                out.push_str(&format!(
                    "{pad}        - object_type: {}\n{pad}          object_name: {}\n",
                    TYPES[*ty],
                    quoted(n)
                ));
                for (k, v) in g.iter().enumerate() {
                    if v.is_some() {
                        out.push_str(&format!(
                            "{pad}          {}: {}\n",
                            Permission::ALL[k].as_str().to_lowercase(),
                            access(v)
                        ));
                    }
                }
            }
        }
        out.push_str(&format!("{pad}  processes:\n"));
        for c in &p.children {
            process(out, c, &format!("{pad}    "));
        }
    }
    let mut out = format!(
        "categories:\n  - name: {}\n    processes:\n",
        quoted(category)
    );
    for r in roots {
        process(&mut out, r, "      ");
    }
    out
}

fn toml_outline(category: &str, roots: &[P]) -> String {
    fn process(out: &mut String, p: &P, table: &str) {
        out.push_str(&format!("\n[[{table}]]\nname = {}\n", quoted(&p.name)));
        if let Some(r) = &p.role {
            out.push_str(&format!("role = {}\n", quoted(r)));
        }
        for (i, t) in p.tasks.iter().enumerate() {
            out.push_str(&format!(
                "\n[[{table}.tasks]]\nname = {}\nduty = {}\n",
                quoted(&t.name),
                quoted(&duty(p, i))
            ));
            if let Some(d) = &t.description {
                out.push_str(&format!("description = {}\n", quoted(d)));
            }
            let entries: Vec<String> = t
                .entries
                .iter()
                .map(|(ty, n, g)| {
                    let mut fields = vec![
                        format!("object_type = \"{}\"", TYPES[*ty]),
                        format!("object_name = {}", quoted(n)),
                    ];
                    for (k, v) in g.iter().enumerate() {
                        if v.is_some() {
                            fields.push(format!(
                                "{} = \"{}\"",
                                Permission::ALL[k].as_str().to_lowercase(),
                                access(v)
                            ));
                        }
                    }
                    format!("{{ {} }}", fields.join(", "))
                })
                .collect();
            out.push_str(&format!("entry_points = [{}]\n", entries.join(", ")));
        }
        for c in &p.children {
            process(out, c, &format!("{table}.processes"));
        }
    }
    let mut out = format!("[[categories]]\nname = {}\n", quoted(category));
    for r in roots {
        process(&mut out, r, "categories.processes");
    }
    out
}

fn depth(p: &P) -> usize {
    1 + p.children.iter().map(depth).max().unwrap_or(0)
}

proptest! {
    #![proptest_config(crate::property::config(48))]

    #[test]
    fn accepted_outlines_read_back_into_the_same_hierarchy(category in name(), mut roots in prop::collection::vec(process(), 1..3)) {
        let mut counter = 0;
        for r in &mut roots {
            uniquify(r, &mut counter);
        }
        let expected = hierarchy_lines(&[Category {
            file: 0,
            span: Span::default(),
            name: s(&category),
            description: None,
            company: None,
            owner: None,
            hierarchy: Some(Hierarchy { span: Span::default(), processes: roots.iter().map(model_process).collect() }),
            configuration: None,
            assignments: None,
            unknown: vec![],
        }]);
        let max_depth = roots.iter().map(depth).max().unwrap_or(1);
        for (path, text) in [
            ("outline.csv", csv(&category, &roots, max_depth)),
            ("outline.yaml", yaml(&category, &roots)),
            ("outline.toml", toml_outline(&category, &roots)),
        ] {
            let g = generate(&Request {
                outlines: vec![(path.to_owned(), text.clone().into_bytes())],
                output_name: "generated.xml".into(),
                ..Request::default()
            });
            let errors: Vec<_> = g.diagnostics.iter().filter(|d| d.severity == secgov::diag::Severity::Error).collect();
            prop_assert!(errors.is_empty(), "{path} refused:\n{text}\n{errors:#?}");
            let xml = g.xml.expect("written when there are no errors");
            let reread = load_bytes("generated.xml", &xml, &LoadOptions::default());
            prop_assert!(reread.diagnostics.is_empty(), "{:#?}", reread.diagnostics);
            prop_assert_eq!(&hierarchy_lines(&reread.model.categories), &expected, "{}:\n{}", path, text);
        }
    }
}
