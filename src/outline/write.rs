//! Outlines written from categories (`secgov outline BACKUP -o FILE`): the spreadsheet (CSV or
//! Excel) or nested (YAML, TOML) form that `secgov generate` turns back into the same hierarchy,
//! so a category can be cloned through Excel and a sheet compared with a real backup.
//!
//! One row layout for CSV and Excel: a row per process (in tree order, so the order survives),
//! then a row per entry point of each task (a task without entry points gets one row); the path
//! in a `Process` column, or in `Level` columns when a name holds ` > `.

use crate::model::{Category, Permission, Process, Task};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The columns written, in order.
const COLUMNS: [&str; 18] = crate::table::with_permission_columns!(
    [
        "Category",
        "Process",
        "Role",
        "Task",
        "Duty",
        "Privilege",
        "Description",
        "Company",
        "ObjectType",
        "ObjectName",
        "ChildName",
    ],
    ["Version"]
);

fn text(v: &Option<crate::span::Spanned<String>>) -> String {
    v.as_ref().map(|s| s.value.clone()).unwrap_or_default()
}

/// The header and rows of the spreadsheet form.
pub fn rows(categories: &[Category]) -> Vec<Vec<String>> {
    let mut out = vec![COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    for c in categories {
        let mut row = vec![String::new(); COLUMNS.len()];
        row[0] = c.name.value.clone();
        row[6] = text(&c.description);
        row[7] = text(&c.company);
        let processes: &[Process] = c.hierarchy.as_ref().map_or(&[], |h| &h.processes);
        // A category row when there is something to say about the category itself, or nothing
        // else would create it.
        if !row[6].is_empty() || !row[7].is_empty() || processes.is_empty() {
            out.push(row);
        }
        for p in processes {
            process(&c.name.value, &mut Vec::new(), p, &mut out);
        }
    }
    // Paths were kept with NUL between levels (no XML name holds one). A name holding ` > `
    // would be read back as two levels from the Process column, so then the path goes into
    // Level1..LevelN columns instead.
    if paths_fit(categories) {
        for row in &mut out[1..] {
            row[1] = row[1].replace('\0', " > ");
        }
        return out;
    }
    let depth = out[1..]
        .iter()
        .map(|r| r[1].split('\0').count())
        .max()
        .unwrap_or(1);
    out.into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            let path = std::mem::take(&mut row[1]);
            let mut levels: Vec<String> = match i {
                0 => (1..=depth).map(|n| format!("Level{n}")).collect(),
                _ if path.is_empty() => Vec::new(),
                _ => path.split('\0').map(str::to_owned).collect(),
            };
            levels.resize(depth, String::new());
            row.splice(1..2, levels);
            row
        })
        .collect()
}

fn process<'p>(
    category: &str,
    path: &mut Vec<&'p str>,
    p: &'p Process,
    out: &mut Vec<Vec<String>>,
) {
    path.push(&p.name.value);
    let joined = path.join("\0");
    let mut row = vec![String::new(); COLUMNS.len()];
    row[0] = category.to_owned();
    row[1] = joined.clone();
    row[2] = text(
        &p.role
            .clone()
            .map(|r| crate::span::Spanned::new(r.value, r.span)),
    );
    row[6] = text(&p.description);
    row[17] = text(&p.version);
    out.push(row);
    for t in &p.tasks {
        task(category, &joined, t, out);
    }
    for child in &p.processes {
        process(category, path, child, out);
    }
    path.pop();
}

fn task(category: &str, path: &str, t: &Task, out: &mut Vec<Vec<String>>) {
    let first = || {
        let mut row = vec![String::new(); COLUMNS.len()];
        row[0] = category.to_owned();
        row[1] = path.to_owned();
        row[3] = t.name.value.clone();
        row
    };
    let mut head = first();
    head[4] = t.duty.as_ref().map(|d| d.value.clone()).unwrap_or_default();
    head[5] = t
        .privilege
        .as_ref()
        .map(|d| d.value.clone())
        .unwrap_or_default();
    head[6] = text(&t.description);
    if t.entry_points.is_empty() {
        out.push(head);
        return;
    }
    for (i, ep) in t.entry_points.iter().enumerate() {
        let mut row = if i == 0 { head.clone() } else { first() };
        row[8] = ep.object_type.value.clone();
        row[9] = ep.object_name.value.clone();
        row[10] = ep
            .child_name
            .as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_default();
        for (k, p) in Permission::ALL.iter().enumerate() {
            row[11 + k] = ep
                .grant
                .raw(*p)
                .map(|v| v.value.to_owned())
                .unwrap_or_default();
        }
        out.push(row);
    }
}

/// Whether the `Process` column can hold every path: a name with ` > ` in it would be read as
/// two levels.
pub(crate) fn paths_fit(categories: &[Category]) -> bool {
    categories
        .iter()
        .flat_map(|c| c.hierarchy.iter().flat_map(|h| &h.processes))
        .flat_map(Process::walk)
        .all(|p| !p.name.value.contains(" > "))
}

/// The CSV form (UTF-8, comma separated, quoted where needed by the csv crate).
pub fn csv(categories: &[Category]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows(categories) {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// Why an outline could not be written in a format: its writer refused it.
#[derive(Debug)]
pub enum WriteError {
    Xlsx(rust_xlsxwriter::XlsxError),
    Toml(toml::ser::Error),
    /// More rows than a sheet holds.
    TooManyRows,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Xlsx(e) => write!(f, "{e}"),
            WriteError::Toml(e) => write!(f, "{e}"),
            WriteError::TooManyRows => f.write_str("more rows than a sheet holds"),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<rust_xlsxwriter::XlsxError> for WriteError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        WriteError::Xlsx(e)
    }
}

/// The Excel form: the same rows on one sheet named `Outline`.
pub fn xlsx(categories: &[Category]) -> Result<Vec<u8>, WriteError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    // A fixed creation date instead of the clock's, so one backup always gives the same bytes.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    sheet.set_name("Outline")?;
    for (r, row) in rows(categories).iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                let r = u32::try_from(r).map_err(|_| WriteError::TooManyRows)?;
                sheet.write_string(r, c as u16, value)?;
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

/// The nested form as a tree, keys in the order docs/generate.md lists them.
enum Node {
    Text(String),
    List(Vec<Node>),
    Map(Vec<(&'static str, Node)>),
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Text(t) => s.serialize_str(t),
            Node::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Node::Map(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// An optional value of the model as text.
fn opt(v: &Option<crate::span::Spanned<String>>) -> Option<&str> {
    v.as_ref().map(|d| d.value.as_str())
}

fn put(map: &mut Vec<(&'static str, Node)>, key: &'static str, value: Option<&str>) {
    if let Some(v) = value {
        map.push((key, Node::Text(v.to_owned())));
    }
}

fn nested(categories: &[Category]) -> Node {
    let list = categories
        .iter()
        .map(|c| {
            let mut m = Vec::new();
            put(&mut m, "name", Some(&c.name.value));
            put(&mut m, "description", opt(&c.description));
            put(&mut m, "company", opt(&c.company));
            let processes: Vec<Node> = c
                .hierarchy
                .iter()
                .flat_map(|h| &h.processes)
                .map(nested_process)
                .collect();
            if !processes.is_empty() {
                m.push(("processes", Node::List(processes)));
            }
            Node::Map(m)
        })
        .collect();
    Node::Map(vec![("categories", Node::List(list))])
}

fn nested_process(p: &Process) -> Node {
    let mut m = Vec::new();
    put(&mut m, "name", Some(&p.name.value));
    put(&mut m, "description", opt(&p.description));
    put(&mut m, "version", opt(&p.version));
    put(&mut m, "role", opt(&p.role));
    let tasks: Vec<Node> = p
        .tasks
        .iter()
        .map(|t| {
            let mut m = Vec::new();
            put(&mut m, "name", Some(&t.name.value));
            put(&mut m, "description", opt(&t.description));
            put(&mut m, "duty", opt(&t.duty));
            put(&mut m, "privilege", opt(&t.privilege));
            let eps: Vec<Node> = t
                .entry_points
                .iter()
                .map(|ep| {
                    let mut m = Vec::new();
                    put(&mut m, "object_type", Some(&ep.object_type.value));
                    put(&mut m, "object_name", Some(&ep.object_name.value));
                    put(&mut m, "child_name", opt(&ep.child_name));
                    for (p, key) in Permission::ALL
                        .iter()
                        .zip(["read", "update", "create", "correct", "delete", "invoke"])
                    {
                        put(&mut m, key, ep.grant.raw(*p).map(|v| v.value));
                    }
                    Node::Map(m)
                })
                .collect();
            if !eps.is_empty() {
                m.push(("entry_points", Node::List(eps)));
            }
            Node::Map(m)
        })
        .collect();
    if !tasks.is_empty() {
        m.push(("tasks", Node::List(tasks)));
    }
    let children: Vec<Node> = p.processes.iter().map(nested_process).collect();
    if !children.is_empty() {
        m.push(("processes", Node::List(children)));
    }
    Node::Map(m)
}

/// The TOML form (arrays of tables), written by the toml crate.
pub fn toml(categories: &[Category]) -> Result<Vec<u8>, WriteError> {
    toml::to_string(&nested(categories))
        .map(String::into_bytes)
        .map_err(WriteError::Toml)
}

/// The YAML form, block style; every text is a double-quoted scalar written by serde_json (a
/// JSON string is a valid YAML double-quoted scalar), so no name can be read as a number, a
/// boolean or YAML syntax.
pub fn yaml(categories: &[Category]) -> Vec<u8> {
    let mut out = String::new();
    yaml_map(&nested(categories), 0, &mut out);
    out.into_bytes()
}

fn yaml_map(node: &Node, indent: usize, out: &mut String) {
    let Node::Map(entries) = node else { return };
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(key);
        out.push(':');
        match value {
            Node::Text(t) => {
                out.push(' ');
                out.push_str(&serde_json::to_string(t).unwrap_or_default());
                out.push('\n');
            }
            Node::List(items) => {
                out.push('\n');
                for item in items {
                    let mut inner = String::new();
                    yaml_map(item, indent + 4, &mut inner);
                    // The first key goes on the `- ` line.
                    out.push_str(&" ".repeat(indent + 2));
                    out.push_str("- ");
                    out.push_str(inner.trim_start_matches(' '));
                }
            }
            Node::Map(_) => {
                out.push('\n');
                yaml_map(value, indent + 2, out);
            }
        }
    }
}
