//! YAML and TOML outlines: the same content as a CSV outline, as nested structures. Both are
//! parsed into [`Node`]s (values with their spans) and lowered here, so the two formats accept
//! the same keys and report the same findings.
//!
//! ```yaml
//! categories:
//!   - name: Procure to pay
//!     processes:
//!       - name: Vendor management
//!         role: VendVendorAdministrator
//!         tasks:
//!           - name: Maintain vendor master
//!             duty: VendVendorMasterMaintain
//!             entry_points:
//!               - { object_type: MenuItemDisplay, object_name: VendTable, read: Allow }
//! ```

use super::blank;
use super::fields::{self, Field};
use super::rows::MAX_LEVELS;
use super::{OutlineOptions, codes};
use crate::diag::{Diagnostic, codes as read_codes};
use crate::model::{Category, EntryPoint, Grant, Hierarchy, Permission, Process, Task};
use crate::span::{FileId, Span, Spanned};

/// A parsed YAML or TOML value with its span in the outline's text.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// Any scalar, as text (numbers as written).
    Text(String),
    List(Vec<Node>),
    Map(Vec<(Spanned<String>, Node)>),
    Null,
}

const CATEGORY_KEYS: &[&str] = &["name", "description", "company", "processes"];
const PROCESS_KEYS: &[&str] = &[
    "name",
    "description",
    "version",
    "role",
    "processes",
    "tasks",
];
const TASK_KEYS: &[&str] = &["name", "description", "duty", "privilege", "entry_points"];
const ENTRY_KEYS: &[&str] = &[
    "object_type",
    "object_name",
    "child_name",
    "grant",
    "read",
    "update",
    "create",
    "correct",
    "delete",
    "invoke",
];

struct Lower<'o, 'd> {
    file: FileId,
    options: &'o OutlineOptions,
    diags: &'d mut Vec<Diagnostic>,
}

/// Lowers the document's root into categories.
pub(crate) fn lower(
    file: FileId,
    root: &Node,
    options: &OutlineOptions,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Category> {
    let mut l = Lower {
        file,
        options,
        diags,
    };
    let list = match &root.value {
        Value::Map(entries) => {
            let mut list = None;
            for (key, value) in entries {
                match Field::parse(&key.value) {
                    Some(Field::Category) => list = Some(value),
                    _ => l
                        .diags
                        .push(fields::unknown(file, key, "top-level key", &["categories"])),
                }
            }
            match list {
                Some(v) => v,
                None => {
                    l.syntax(
                        root.span,
                        "the outline has no `categories` list",
                        "add `categories:` with a list of categories (see docs/generate.md)",
                    );
                    return Vec::new();
                }
            }
        }
        Value::List(_) => root,
        Value::Null => {
            l.syntax(
                root.span,
                "the outline is empty",
                "add `categories:` with a list of categories (see docs/generate.md)",
            );
            return Vec::new();
        }
        Value::Text(_) => {
            l.syntax(
                root.span,
                "the outline is a single value, not a list of categories",
                "add `categories:` with a list of categories (see docs/generate.md)",
            );
            return Vec::new();
        }
    };
    l.items(list, "categories")
        .iter()
        .filter_map(|c| l.category(c))
        .collect()
}

impl Lower<'_, '_> {
    fn syntax(&mut self, span: Span, message: &str, help: &str) {
        self.diags.push(
            Diagnostic::error(codes::OUTLINE_SYNTAX, message)
                .at(self.file, span)
                .with_label("here")
                .with_help(help),
        );
    }

    /// A list's items; a single map counts as a list of one.
    fn items<'n>(&mut self, node: &'n Node, what: &str) -> Vec<&'n Node> {
        match &node.value {
            Value::List(items) => items.iter().collect(),
            Value::Map(_) => vec![node],
            Value::Null => Vec::new(),
            Value::Text(_) => {
                self.syntax(node.span, &format!("`{what}` must be a list"), &format!("write `{what}` as a list of tables (`- name: ...` in YAML, `[[...]]` in TOML)"));
                Vec::new()
            }
        }
    }

    /// The entries of a map with their fields; unknown keys are reported.
    fn entries<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&str],
    ) -> Vec<(Field, &'n Spanned<String>, &'n Node)> {
        let Value::Map(entries) = &node.value else {
            self.syntax(
                node.span,
                &format!("a {what} must be a table of keys such as `name`"),
                &format!("write the {what} as `name: ...` with its other keys"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in entries {
            let field = Field::parse(&key.value);
            let allowed = field.is_some_and(|f| known.iter().any(|k| Field::parse(k) == Some(f)));
            match field {
                Some(f) if allowed => out.push((f, key, value)),
                _ => self.diags.push(fields::unknown(
                    self.file,
                    key,
                    &format!("{what} key"),
                    known,
                )),
            }
        }
        out
    }

    fn text(&mut self, node: &Node, key: &Spanned<String>) -> Option<Spanned<String>> {
        match &node.value {
            Value::Text(t) => Some(Spanned::new(t.clone(), node.span)),
            Value::Null => None,
            _ => {
                self.syntax(
                    node.span,
                    &format!("`{}` must be a single value", key.value),
                    "write a text value",
                );
                None
            }
        }
    }

    fn name(&mut self, node: &Node, key: &Spanned<String>) -> Option<Spanned<String>> {
        self.text(node, key)
            .map(|t| Spanned::new(fields::name(self.file, &t, self.diags), t.span))
    }

    /// The required `name`, or an empty name (and a finding) at the table.
    fn required_name(
        &mut self,
        name: Option<Spanned<String>>,
        node: &Node,
        what: &str,
    ) -> Spanned<String> {
        match name {
            Some(n) if !n.value.is_empty() => n,
            other => {
                let span = other.as_ref().map_or(node.span, |n| n.span);
                self.diags.push(
                    Diagnostic::error(codes::EMPTY_NAME, format!("the {what} has no name"))
                        .at(self.file, span)
                        .with_label("name missing")
                        .with_help(format!("give the {what} a `name`")),
                );
                Spanned::new(String::new(), span)
            }
        }
    }

    fn category(&mut self, node: &Node) -> Option<Category> {
        let mut name = None;
        let mut c = blank::category(self.file, node.span, blank::unnamed(node.span));
        let mut processes = Vec::new();
        for (field, key, value) in self.entries(node, "category", CATEGORY_KEYS) {
            match field {
                Field::Name => name = self.name(value, key),
                Field::Description => c.description = self.text(value, key),
                Field::Company => c.company = self.text(value, key),
                _ => {
                    for p in self.items(value, "processes") {
                        processes.extend(self.process(p, 1));
                    }
                }
            }
        }
        c.name = match (name, &self.options.default_category) {
            (None, Some(d)) => Spanned::new(d.clone(), node.span),
            (name, _) => self.required_name(name, node, "category"),
        };
        c.hierarchy = Some(Hierarchy {
            span: Span::default(),
            processes,
        });
        Some(c)
    }

    fn process(&mut self, node: &Node, depth: usize) -> Option<Process> {
        if depth > MAX_LEVELS {
            self.diags.push(
                Diagnostic::error(
                    read_codes::LIMIT_EXCEEDED,
                    format!("processes nest more than {MAX_LEVELS} levels deep"),
                )
                .at(self.file, node.span)
                .with_label("too deep from here")
                .with_help("flatten the hierarchy; a restore file this deep cannot be read back"),
            );
            return None;
        }
        let mut name = None;
        let mut p = blank::process(node.span, blank::unnamed(node.span));
        for (field, key, value) in self.entries(node, "process", PROCESS_KEYS) {
            match field {
                Field::Name => name = self.name(value, key),
                Field::Description => p.description = self.text(value, key),
                Field::Version => p.version = self.text(value, key),
                Field::Role => p.role = self.name(value, key).filter(|r| !r.value.is_empty()),
                Field::Process => {
                    for child in self.items(value, "processes") {
                        p.processes.extend(self.process(child, depth + 1));
                    }
                }
                _ => {
                    for t in self.items(value, "tasks") {
                        p.tasks.extend(self.task(t));
                    }
                }
            }
        }
        p.name = self.required_name(name, node, "process");
        Some(p)
    }

    fn task(&mut self, node: &Node) -> Option<Task> {
        let mut name = None;
        let mut t = blank::task(node.span, blank::unnamed(node.span));
        for (field, key, value) in self.entries(node, "task", TASK_KEYS) {
            match field {
                Field::Name => name = self.name(value, key),
                Field::Description => t.description = self.text(value, key),
                Field::Duty => t.duty = self.name(value, key).filter(|d| !d.value.is_empty()),
                Field::Privilege => {
                    t.privilege = self.name(value, key).filter(|d| !d.value.is_empty())
                }
                _ => {
                    for e in self.items(value, "entry_points") {
                        t.entry_points.extend(self.entry_point(e));
                    }
                }
            }
        }
        t.name = self.required_name(name, node, "task");
        Some(t)
    }

    fn entry_point(&mut self, node: &Node) -> Option<EntryPoint> {
        let mut object_type = None;
        let mut object_name = None;
        let mut child_name = None;
        let mut grant = Grant::at(node.span);
        for (field, key, value) in self.entries(node, "entry point", ENTRY_KEYS) {
            match field {
                Field::ObjectType => object_type = self.text(value, key),
                Field::ObjectName => object_name = self.name(value, key),
                Field::ChildName => {
                    child_name = self.name(value, key).filter(|c| !c.value.is_empty())
                }
                Field::Permission(p) => self.permission(&mut grant, p, value, key),
                _ => {
                    for (f, k, v) in self.entries(value, "grant", &ENTRY_KEYS[4..]) {
                        if let Field::Permission(p) = f {
                            self.permission(&mut grant, p, v, k);
                        }
                    }
                }
            }
        }
        let object_type = fields::object_type(
            self.file,
            &object_type.unwrap_or_else(|| Spanned::new(String::new(), node.span)),
            self.diags,
        );
        let object_name = match object_name {
            Some(n) if !n.value.is_empty() => n,
            other => {
                let span = other.as_ref().map_or(node.span, |n| n.span);
                self.diags.push(
                    Diagnostic::error(codes::EMPTY_NAME, "the entry point has no object name")
                        .at(self.file, span)
                        .with_label("object_name missing")
                        .with_help("name the menu item, service operation or other securable object in `object_name`"),
                );
                Spanned::new(String::new(), span)
            }
        };
        Some(blank::entry_point(
            node.span,
            object_type,
            object_name,
            child_name,
            grant,
        ))
    }

    fn permission(
        &mut self,
        grant: &mut Grant,
        p: Permission,
        value: &Node,
        key: &Spanned<String>,
    ) {
        if let Some(v) = self.text(value, key) {
            if let Some(a) = fields::access(self.file, p, &v, self.diags) {
                grant.set_raw(p, a);
            }
        }
    }
}
