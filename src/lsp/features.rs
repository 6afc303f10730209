//! What the server answers: diagnostics for open documents, hover, completion and go to
//! definition, all computed from the same model `secgov validate` uses.

use super::context::{self, Context};
use super::position;
use super::workspace::Workspace;
use crate::diag::{Diagnostic, Severity, codes};
use crate::load::Loaded;
use crate::model::{BackupType, Model, OBJECT_TYPES};
use crate::schema::{El, Schema};
use crate::span::Span;
use lsp_types as lsp;

/// The diagnostics of the file at `path`, as LSP diagnostics.
///
/// Related spans ("first defined here") become `relatedInformation`, with the URI the editor
/// knows the other file by.
pub(crate) fn diagnostics_for(
    ws: &Workspace,
    loaded: &Loaded,
    findings: &[Diagnostic],
    path: &str,
) -> Vec<lsp::Diagnostic> {
    let Some(id) = loaded.model.files.iter().position(|f| f.path == path) else {
        return Vec::new();
    };
    let files = &loaded.model.files;
    let lines = position::LineIndex::new(&files[id].text);
    // One line index per other file a related span points into, built once.
    let mut others: std::collections::HashMap<usize, (Option<lsp::Uri>, position::LineIndex)> =
        std::collections::HashMap::new();
    let mut related = |r: &crate::diag::Related| {
        let (uri, index) = others.entry(r.file).or_insert_with(|| {
            let file = &files[r.file];
            (ws.uri_of(&file.path), position::LineIndex::new(&file.text))
        });
        Some(lsp::DiagnosticRelatedInformation {
            location: lsp::Location {
                uri: uri.clone()?,
                range: index.range(r.span.start, r.span.end),
            },
            message: r.message.clone(),
        })
    };
    findings
        .iter()
        // SG099 belongs to no file; the editor shows it at the top so a capped list is never
        // mistaken for the whole.
        .filter(|d| d.file == Some(id) || (d.file.is_none() && d.code == codes::FINDINGS_CAPPED))
        .map(|d| {
            let span = d.span.unwrap_or_default();
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            lsp::Diagnostic {
                range: lines.range(span.start, span.end),
                severity: Some(match d.severity {
                    Severity::Error => lsp::DiagnosticSeverity::ERROR,
                    Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                    Severity::Note => lsp::DiagnosticSeverity::INFORMATION,
                }),
                code: Some(lsp::NumberOrString::String(d.code.to_owned())),
                source: Some("secgov".to_owned()),
                message,
                related_information: Some(
                    d.related
                        .iter()
                        .filter_map(&mut related)
                        .collect::<Vec<_>>(),
                )
                .filter(|r| !r.is_empty()),
                ..lsp::Diagnostic::default()
            }
        })
        .collect()
}

/// What kind of object a name in the text refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Role,
    Duty,
    Privilege,
}

/// The kind of object the text of the innermost open element names, if it is a reference or a
/// definition's name.
fn reference_kind(open: &[String]) -> Option<Kind> {
    let n = open.len();
    let last = open.last()?.as_str();
    let parent = if n >= 2 { open[n - 2].as_str() } else { "" };
    match (parent, last) {
        ("AxSecurityDutyReference" | "AxSecurityDuty", "Name") | ("Task", "Duty") => {
            Some(Kind::Duty)
        }
        ("AxSecurityPrivilegeReference" | "AxSecurityPrivilege", "Name")
        | ("Task", "Privilege") => Some(Kind::Privilege),
        ("AxSecurityRoleReference" | "AxSecurityRole", "Name")
        | ("Process" | "Assignment", "Role") => Some(Kind::Role),
        _ => None,
    }
}

fn find(model: &Model, kind: Kind, name: &str) -> Option<(usize, Span)> {
    match kind {
        Kind::Role => model.find_role(name).map(|o| (o.file, o.name.span)),
        Kind::Duty => model.find_duty(name).map(|o| (o.file, o.name.span)),
        Kind::Privilege => model.find_privilege(name).map(|o| (o.file, o.name.span)),
    }
}

fn names(model: &Model, kind: Kind) -> Vec<String> {
    let mut v: Vec<String> = match kind {
        Kind::Role => model.roles.iter().map(|o| o.name.value.clone()).collect(),
        Kind::Duty => model.duties.iter().map(|o| o.name.value.clone()).collect(),
        Kind::Privilege => model
            .privileges
            .iter()
            .map(|o| o.name.value.clone())
            .collect(),
    };
    v.sort();
    v.dedup();
    v
}

/// A role's effective access in one line, from the one engine (with what hierarchies imply).
fn effective(model: &Model, role: &str) -> String {
    let implied = crate::model::implied_security(model);
    let engine = crate::model::Engine::new(model, &implied);
    let Some(i) = engine.role_index(role) else {
        return String::new();
    };
    let access = engine.access(i);
    let denied = access
        .entries
        .values()
        .filter(|e| e.denied.iter().any(Option::is_some))
        .count();
    format!(
        "Effective access: {} securable objects through sub-roles, duties and privileges ({denied} with a Deny); `secgov access --role {}` lists them",
        access.entries.len(),
        role
    )
}

/// Hover: the referenced object (a role's duties, a duty's privileges, a privilege's entry
/// points), or what an element means.
pub fn hover(ws: &Workspace, loaded: &Loaded, text: &str, offset: usize) -> Option<lsp::Hover> {
    // An element name, in a start or an end tag, wherever the cursor is in it.
    if let Some((name, start, end)) = context::tag_name_at(text, offset) {
        return Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: element_doc(name)?.to_owned(),
            }),
            range: Some(position::range(text, start, end)),
        });
    }
    match context::at(text, offset) {
        Context::Text {
            open,
            value,
            start,
            end,
        } => {
            let name = value.trim();
            let model = &loaded.model;
            let body = match reference_kind(&open)? {
                Kind::Role => model.find_role(name).map(|r| {
                    format!(
                        "**Role** `{}`{}\n\nDuties: {}\n\nPrivileges: {}\n\nSub-roles: {}\n\n{}",
                        r.name.value,
                        label(r.label.as_ref()),
                        list(r.duties.iter().map(|d| d.value.as_str())),
                        list(r.privileges.iter().map(|d| d.value.as_str())),
                        list(r.sub_roles.iter().map(|d| d.value.as_str())),
                        effective(model, name)
                    )
                }),
                Kind::Duty => model.find_duty(name).map(|d| {
                    let extended: Vec<&str> = model
                        .extensions_of_duty(name)
                        .flat_map(|e| &e.privileges)
                        .map(|p| p.value.as_str())
                        .collect();
                    format!(
                        "**Duty** `{}`{}\n\nPrivileges: {}{}",
                        d.name.value,
                        label(d.label.as_ref()),
                        list(d.privileges.iter().map(|p| p.value.as_str())),
                        if extended.is_empty() {
                            String::new()
                        } else {
                            format!("\n\nAdded by extensions: {}", list(extended.into_iter()))
                        }
                    )
                }),
                Kind::Privilege => model.find_privilege(name).map(|p| {
                    let eps: Vec<String> = p
                        .grants()
                        .iter()
                        .map(|g| {
                            let grants: Vec<String> = g
                                .grant
                                .iter()
                                .map(|(perm, a)| format!("{} {}", perm.as_str(), a.as_str()))
                                .collect();
                            let mut object = g.object.to_owned();
                            if let Some(c) = g.child_name() {
                                object = format!("{object}.{c}");
                            }
                            let scope = match g.scope {
                                crate::model::GrantScope::Grant => String::new(),
                                s => format!(" ({} data)", s.label()),
                            };
                            format!(
                                "- {} `{}`{scope}: {}",
                                g.securable_type,
                                object,
                                grants.join(", ")
                            )
                        })
                        .collect();
                    format!(
                        "**Privilege** `{}`{}\n\n{}",
                        p.name.value,
                        label(p.label.as_ref()),
                        eps.join("\n")
                    )
                }),
            }
            .unwrap_or_else(|| format!("`{name}` is not defined in the workspace"));
            let _ = ws;
            Some(lsp::Hover {
                contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                    kind: lsp::MarkupKind::Markdown,
                    value: body,
                }),
                range: Some(position::range(text, start, end)),
            })
        }
        _ => None,
    }
}

fn label(l: Option<&crate::span::Spanned<String>>) -> String {
    l.map(|l| format!(" ({})", l.value)).unwrap_or_default()
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<String> = items.map(|s| format!("`{s}`")).collect();
    if v.is_empty() {
        "none".to_owned()
    } else {
        v.join(", ")
    }
}

/// Short documentation of the elements admins meet most.
fn element_doc(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "SecurityCategory" => {
            "A security category: Name (unique, case-insensitive), Description, Company, Owner, its process hierarchy and security configuration."
        }
        "Process" => {
            "A process of the hierarchy. Name is unique within the category; a Role can be created at any level."
        }
        "Task" => "A security task: its entry points and (one per task) the Duty that grants them.",
        "EntryPoint" | "AxSecurityEntryPointReference" => {
            "A securable object (menu item, service operation, ...) with Read, Update, Create, Correct, Delete and Invoke grants."
        }
        "Grant" => {
            "Permissions: Read, Update, Create, Correct, Delete, Invoke, each Allow or Deny; leave one out for unset."
        }
        "AxSecurityRole" => "A security role: duties, privileges and sub-roles.",
        "AxSecurityDuty" => "A security duty: a set of privileges.",
        "AxSecurityPrivilege" => "A security privilege: entry points and data entity permissions.",
        _ => return None,
    })
}

/// Completion at `offset`: element names allowed there, enumerated values, or object names.
pub fn completion(loaded: &Loaded, text: &str, offset: usize) -> Vec<lsp::CompletionItem> {
    let item = |label: &str, kind| lsp::CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        ..Default::default()
    };
    match context::at(text, offset) {
        Context::TagName { open, .. } => allowed_children(open.last().map(String::as_str))
            .into_iter()
            .map(|t| item(&t, lsp::CompletionItemKind::PROPERTY))
            .collect(),
        Context::AttributeValue { attribute, .. } if attribute == "Type" => BackupType::ALL
            .iter()
            .map(|t| item(t.as_str(), lsp::CompletionItemKind::ENUM_MEMBER))
            .collect(),
        Context::Text { open, .. } => {
            let last = open.last().map(String::as_str).unwrap_or("");
            if last == "ObjectType" {
                return OBJECT_TYPES
                    .iter()
                    .map(|t| item(t, lsp::CompletionItemKind::ENUM_MEMBER))
                    .collect();
            }
            if crate::model::Permission::parse(last).is_some()
                && open.iter().any(|o| o.starts_with("Grant"))
            {
                return ["Allow", "Deny"]
                    .iter()
                    .map(|t| item(t, lsp::CompletionItemKind::ENUM_MEMBER))
                    .collect();
            }
            match reference_kind(&open) {
                Some(kind) => names(&loaded.model, kind)
                    .iter()
                    .map(|n| item(n, lsp::CompletionItemKind::REFERENCE))
                    .collect(),
                None => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

fn allowed_children(parent: Option<&str>) -> Vec<String> {
    let schema = Schema::get();
    let Some(parent) = parent else {
        let mut roots = vec![schema.tag(schema.root).to_owned()];
        roots.extend(
            crate::dialect::ax::OBJECT_ELEMENTS
                .iter()
                .map(|s| s.to_string()),
        );
        return roots;
    };
    if parent == schema.tag(El::Configuration) {
        return ["AxSecurityRole", "AxSecurityDuty", "AxSecurityPrivilege"]
            .map(String::from)
            .to_vec();
    }
    let aot: &[&str] = match parent {
        "AxSecurityRole" => &[
            "Name",
            "Description",
            "Label",
            "DirectAccessPermissions",
            "Duties",
            "Privileges",
            "SubRoles",
        ],
        "AxSecurityDuty" => &["Name", "Description", "Label", "Privileges"],
        "AxSecurityPrivilege" => &[
            "Name",
            "Description",
            "Label",
            "DataEntityPermissions",
            "DirectAccessPermissions",
            "EntryPoints",
            "FormControlOverrides",
        ],
        "Duties" => &["AxSecurityDutyReference"],
        "Privileges" => &["AxSecurityPrivilegeReference"],
        "SubRoles" => &["AxSecurityRoleReference"],
        "EntryPoints" => &["AxSecurityEntryPointReference", "EntryPoint"],
        "AxSecurityEntryPointReference" => &[
            "Name",
            "Grant",
            "ObjectChildName",
            "ObjectName",
            "ObjectType",
            "Forms",
        ],
        _ => &[],
    };
    if !aot.is_empty() && parent != "EntryPoints" {
        return aot.iter().map(|s| s.to_string()).collect();
    }
    match El::ALL
        .into_iter()
        .find(|e| schema.tag(*e) == parent && !schema.element(*e).children.is_empty())
    {
        Some(el) => schema
            .element(el)
            .children
            .iter()
            .map(|c| schema.tag(c.el).to_owned())
            .collect(),
        None => aot.iter().map(|s| s.to_string()).collect(),
    }
}

/// Go to definition from a role, duty or privilege name to where the object is defined.
pub fn definition(
    ws: &Workspace,
    loaded: &Loaded,
    text: &str,
    offset: usize,
) -> Option<lsp::Location> {
    let Context::Text { open, value, .. } = context::at(text, offset) else {
        return None;
    };
    let kind = reference_kind(&open)?;
    let (file, span) = find(&loaded.model, kind, value.trim())?;
    let target = &loaded.model.files[file];
    Some(lsp::Location {
        uri: ws.uri_of(&target.path)?,
        range: position::range(&target.text, span.start, span.end),
    })
}
