//! Reader for the USG security category backup (canonical form in `schema/usg-backup.toml`).
//!
//! Structure is checked against the declarative schema as the tree is walked: unknown elements
//! and attributes, missing and repeated elements, stray text and enumerated values are reported
//! with "did you mean" help, and reading carries on.

use super::ax::{self, Ctx, check_name};
use super::xmlnode::{elements, start_tag, stray_text, tag_name, text_value};
use crate::diag::{Diagnostic, Severity, codes, did_you_mean};
use crate::model::{
    BackupType, Category, Dialect, Document, EntryPoint, Grant, Hierarchy, Model, Name, Origin,
    Permission, Process, RoleAssignment, Task, Verbatim,
};
use crate::schema::{El, Schema};
use crate::span::{Span, Spanned};
use crate::xml::Node;
use rustc_hash::FxHashMap;
use std::sync::Arc;

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The permissions of a USG `<Grant>`, as the elements the schema names them by, in schema
/// order: read here, written in this order by `write/usg.rs`.
pub(crate) const GRANT_ELEMENTS: [(El, Permission); 6] = [
    (El::Read, Permission::Read),
    (El::Update, Permission::Update),
    (El::Create, Permission::Create),
    (El::Correct, Permission::Correct),
    (El::Delete, Permission::Delete),
    (El::Invoke, Permission::Invoke),
];

/// The children of one element, sorted by their semantic key.
struct Children<'a> {
    found: Vec<(El, Node<'a>)>,
    unknown: Vec<Verbatim>,
}

impl<'a> Children<'a> {
    fn first(&self, el: El) -> Option<Node<'a>> {
        self.found.iter().find(|(e, _)| *e == el).map(|(_, n)| *n)
    }

    fn all(&self, el: El) -> impl Iterator<Item = Node<'a>> + '_ {
        self.found
            .iter()
            .filter(move |(e, _)| *e == el)
            .map(|(_, n)| *n)
    }
}

struct Reader<'c, 'd> {
    ctx: Ctx<'c>,
    schema: &'static Schema,
    model: &'d mut Model,
    /// The names of unknown elements met so far, each held once (see `Verbatim::element`).
    unknown_names: FxHashMap<String, Arc<str>>,
}

/// Reads a backup whose root element is `root`, its categories on up to `threads` threads.
pub(crate) fn read(ctx: Ctx<'_>, root: Node<'_>, model: &mut Model, threads: usize) {
    let schema = Schema::get();
    let mut r = Reader {
        ctx,
        schema,
        model,
        unknown_names: FxHashMap::default(),
    };
    r.attributes(root, El::Backup);
    let declared_type = schema
        .attribute(El::Backup, "type")
        .and_then(|a| attribute(root, a));
    if let Some(t) = &declared_type {
        r.check_type(t);
    }
    let schema_version = schema
        .attribute(El::Backup, "schema_version")
        .and_then(|a| attribute(root, a));
    let first_category = r.model.categories.len();
    let children = r.children(root, El::Backup);
    let categories: Vec<Node<'_>> = children.all(El::Category).collect();
    r.categories(&categories, threads);
    let categories = &r.model.categories[first_category..];
    let hierarchy = categories.iter().any(|c| {
        c.hierarchy
            .as_ref()
            .is_some_and(|h| !h.processes.is_empty())
    });
    let ours = |o: &Origin| matches!(o, Origin::Backup { category } if *category >= first_category);
    let m = &r.model;
    let configuration = m
        .roles
        .iter()
        .map(|x| &x.origin)
        .chain(m.duties.iter().map(|x| &x.origin))
        .chain(m.privileges.iter().map(|x| &x.origin))
        .any(ours);
    r.model.documents.push(Document {
        file: r.ctx.file,
        dialect: Dialect::UsgBackup,
        root: Spanned::new(root.name().to_owned(), tag_name(root)),
        declared_type,
        inferred_type: Some(BackupType::infer(hierarchy, configuration)),
        schema_version,
    });
}

/// `nodes` cut into at most `parts` runs of consecutive nodes of about equal size in bytes.
fn split_by_size<'n, 'a>(nodes: &'n [Node<'a>], parts: usize) -> Vec<&'n [Node<'a>]> {
    let total: usize = nodes.iter().map(|n| n.range().len()).sum();
    let mut chunks = Vec::with_capacity(parts);
    let (mut start, mut sum) = (0, 0);
    for (i, n) in nodes.iter().enumerate() {
        sum += n.range().len();
        if sum * parts >= total * (chunks.len() + 1) && chunks.len() + 1 < parts {
            chunks.push(&nodes[start..=i]);
            start = i + 1;
        }
    }
    if start < nodes.len() {
        chunks.push(&nodes[start..]);
    }
    chunks
}

fn attribute(node: Node<'_>, name: &str) -> Option<Spanned<String>> {
    node.attributes()
        .find(|a| a.name() == name && a.namespace().is_none())
        .map(|a| {
            let r = a.range_value();
            let span = if r.is_empty() {
                Span::from(a.range())
            } else {
                Span::from(r)
            };
            Spanned::new(a.value().to_owned(), span)
        })
}

/// Below this size a backup's categories are read on one thread: starting threads costs more.
const PARALLEL_FROM_BYTES: usize = 4 << 20;

impl Reader<'_, '_> {
    /// Reads the categories, on every core when the backup is large: each thread reads a run of
    /// consecutive categories (split by size) into a model of its own, and the parts are merged
    /// in document order, so the result does not depend on the threads.
    fn categories(&mut self, nodes: &[Node<'_>], threads: usize) {
        let bytes: usize = nodes.iter().map(|n| n.range().len()).sum();
        if threads < 2 || nodes.len() < 2 || bytes < PARALLEL_FROM_BYTES {
            for c in nodes {
                self.category(*c);
            }
            return;
        }
        let chunks = split_by_size(nodes, threads);
        let (file, text, max_findings) = (self.ctx.file, self.ctx.text, self.ctx.max_findings);
        use rayon::prelude::*;
        // Tasks of the one rayon pool: when several large backups are read at once, their
        // categories share its threads instead of each file starting threads of its own.
        let parts: Vec<(Model, Vec<Diagnostic>)> = chunks
            .par_iter()
            .with_max_len(1)
            .map(|chunk| {
                let mut model = Model::default();
                let mut diags = Vec::new();
                let mut r = Reader {
                    ctx: Ctx::new(file, text, &mut diags, max_findings),
                    schema: Schema::get(),
                    model: &mut model,
                    unknown_names: FxHashMap::default(),
                };
                for c in *chunk {
                    r.category(*c);
                }
                (model, diags)
            })
            .collect();
        for (model, diags) in parts {
            self.model.append(model);
            for d in diags {
                self.ctx.push(d);
            }
        }
    }

    fn push(&mut self, d: Diagnostic) {
        self.ctx.push(d);
    }

    fn check_type(&mut self, t: &Spanned<String>) {
        // A legacy EASS Type is a valid Type: Microsoft's migration page restores it as its
        // current equivalent (src/model/legacy_type.rs).
        if BackupType::ALL.iter().any(|b| b.as_str() == t.value)
            || crate::model::LegacyType::parse(&t.value).is_some()
        {
            return;
        }
        let help = match BackupType::parse(&t.value) {
            Some(b) => format!("write it as Type=\"{}\" ({})", b.as_str(), b.ui_label()),
            None => format!(
                "use one of {}",
                BackupType::ALL
                    .map(|b| format!("\"{}\"", b.as_str()))
                    .join(", ")
            ),
        };
        self.push(
            Diagnostic::error(
                codes::INVALID_VALUE,
                format!("`{}` is not a backup Type", t.value),
            )
            .at(self.ctx.file, t.span)
            .with_label("unknown Type")
            .with_help(help),
        );
    }

    fn attributes(&mut self, node: Node<'_>, el: El) {
        if node.attributes().next().is_none() {
            return;
        }
        let known: Vec<&str> = self
            .schema
            .element(el)
            .attributes
            .iter()
            .map(|(_, v)| v.as_str())
            .collect();
        for a in node.attributes() {
            if a.namespace() == Some(XSI) || known.contains(&a.name()) {
                continue;
            }
            let mut d = Diagnostic::error(
                codes::UNKNOWN_ATTRIBUTE,
                format!("<{}> has no attribute `{}`", node.name(), a.name()),
            )
            .at(self.ctx.file, Span::from(a.range_qname()))
            .with_label("unknown attribute");
            d = match did_you_mean(a.name(), known.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None if known.is_empty() => {
                    d.with_help("remove the attribute; this element takes none")
                }
                None => d.with_help(format!("remove it; allowed here: {}", known.join(", "))),
            };
            self.push(d);
        }
    }

    /// Sorts the children of `node` by key, reporting unknown, repeated and missing ones and text.
    fn children<'a>(&mut self, node: Node<'a>, el: El) -> Children<'a> {
        let decl = self.schema.element(el);
        let mut found: Vec<(El, Node<'a>)> = Vec::with_capacity(elements(node).count());
        let mut unknown: Vec<Verbatim> = Vec::new();
        // Entry points reach the AOT writer (implied privileges), which copies its kept elements
        // one by one; every other list here is only ever listed in JSON, so a run of unknown
        // siblings of one name is kept as one entry (see `Verbatim::count`).
        let runs = el != El::EntryPoint;
        // Whether the previous child element was kept as the last entry of `unknown`.
        let mut in_run = false;
        for c in elements(node) {
            let tag = c.name();
            let was_in_run = std::mem::replace(&mut in_run, false);
            match self.schema.child(el, tag) {
                Some(child) => {
                    if !child.repeats && found.iter().any(|(e, _)| *e == child.el) {
                        self.push(
                            Diagnostic::error(
                                codes::REPEATED_ELEMENT,
                                format!("<{}> may contain only one <{tag}>", node.name()),
                            )
                            .at(self.ctx.file, start_tag(c))
                            .with_label("second occurrence")
                            .with_related(
                                self.ctx.file,
                                found
                                    .iter()
                                    .find(|(e, _)| *e == child.el)
                                    .map_or(Span::default(), |(_, n)| start_tag(*n)),
                                "first occurrence",
                            )
                            .with_help(format!("keep one <{tag}>; the second one is ignored")),
                        );
                        continue;
                    }
                    self.attributes(c, child.el);
                    found.push((child.el, c));
                }
                None => {
                    in_run = runs;
                    match unknown.last_mut() {
                        Some(last) if was_in_run && *last.element == *tag => {
                            last.span = Span::new(last.span.start, c.range().end);
                            last.count += 1;
                        }
                        _ => {
                            let element = self.unknown_name(tag);
                            unknown.push(Verbatim::one(element, Span::from(c.range())));
                        }
                    }
                    self.unknown_element(node, c, el);
                }
            }
        }
        if let Some(span) = (!decl.text).then(|| stray_text(node)).flatten() {
            self.push(
                Diagnostic::error(
                    codes::UNEXPECTED_TEXT,
                    format!("<{}> holds elements, not text", node.name()),
                )
                .at(self.ctx.file, span)
                .with_label("text here")
                .with_help("remove the text or move it into the element it belongs to, such as <Name> or <Description>"),
            );
        }
        for child in decl.children.iter().filter(|c| c.required) {
            if !found.iter().any(|(e, _)| *e == child.el) {
                let tag = self.schema.tag(child.el).to_owned();
                self.ctx.missing(node, &tag, "a value");
            }
        }
        Children { found, unknown }
    }

    /// The shared name of an unknown element (see `Verbatim::element`).
    fn unknown_name(&mut self, tag: &str) -> Arc<str> {
        if let Some(name) = self.unknown_names.get(tag) {
            return name.clone();
        }
        let name: Arc<str> = tag.into();
        self.unknown_names.insert(tag.to_owned(), name.clone());
        name
    }

    fn unknown_element(&mut self, parent: Node<'_>, node: Node<'_>, el: El) {
        let at = tag_name(node);
        if self.ctx.counted_past_cap(Severity::Error, at) {
            return;
        }
        let tag = node.name();
        let allowed: Vec<&str> = self
            .schema
            .element(el)
            .children
            .iter()
            .map(|c| self.schema.tag(c.el))
            .collect();
        let mut d = Diagnostic::error(
            codes::UNKNOWN_ELEMENT,
            format!("<{tag}> is not allowed inside <{}>", parent.name()),
        )
        .at(self.ctx.file, tag_name(node))
        .with_label("unknown element");
        d = match did_you_mean(tag, allowed.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean <{s}>?")),
            None if allowed.is_empty() => d.with_help(format!(
                "<{}> holds only text; remove the element",
                parent.name()
            )),
            None => d.with_help(format!(
                "allowed here: {}",
                allowed
                    .iter()
                    .map(|a| format!("<{a}>"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        self.push(d);
    }

    /// A text element's value, with its own children and enumerations checked.
    fn text(&mut self, node: Node<'_>, el: El) -> Spanned<String> {
        let _ = self.children(node, el);
        let value = text_value(node);
        let values = &self.schema.element(el).values;
        if !values.is_empty() && !values.contains(&value.value) {
            ax::check_access(&mut self.ctx, &value);
        }
        value
    }

    fn name(&mut self, node: Node<'_>, el: El) -> Name {
        let value = self.text(node, el);
        check_name(&mut self.ctx, &value);
        value
    }

    /// The required name child, or an empty name at the start tag (the finding is already out).
    fn required_name(&mut self, node: Node<'_>, children: &Children<'_>, el: El) -> Name {
        match children.first(el) {
            Some(n) => self.name(n, el),
            None => Spanned::new(String::new(), start_tag(node)),
        }
    }

    fn optional(&mut self, children: &Children<'_>, el: El) -> Option<Spanned<String>> {
        children.first(el).map(|n| self.text(n, el))
    }

    fn optional_name(&mut self, children: &Children<'_>, el: El) -> Option<Name> {
        children.first(el).map(|n| self.name(n, el))
    }

    fn category(&mut self, node: Node<'_>) {
        let index = self.model.categories.len();
        let ch = self.children(node, El::Category);
        let name = self.required_name(node, &ch, El::Name);
        let hierarchy = ch.first(El::Hierarchy).map(|h| {
            let hc = self.children(h, El::Hierarchy);
            let processes = hc.all(El::Process).map(|p| self.process(p)).collect();
            Hierarchy {
                span: Span::from(h.range()),
                processes,
            }
        });
        let configuration = ch.first(El::Configuration).map(|c| {
            self.configuration(c, index);
            Span::from(c.range())
        });
        let assignments = ch.first(El::Assignments).map(|a| {
            self.assignments(a, index);
            Span::from(a.range())
        });
        let category = Category {
            file: self.ctx.file,
            span: Span::from(node.range()),
            name,
            description: self.optional(&ch, El::Description),
            company: self.optional(&ch, El::Company),
            owner: self.optional(&ch, El::Owner),
            hierarchy,
            configuration,
            assignments,
            unknown: ch.unknown,
        };
        self.model.categories.push(category);
    }

    fn process(&mut self, node: Node<'_>) -> Process {
        let ch = self.children(node, El::Process);
        Process {
            span: Span::from(node.range()),
            name: self.required_name(node, &ch, El::Name),
            description: self.optional(&ch, El::Description),
            version: self.optional(&ch, El::Version),
            role: self.optional_name(&ch, El::Role),
            processes: ch
                .all(El::Process)
                .collect::<Vec<_>>()
                .into_iter()
                .map(|p| self.process(p))
                .collect(),
            tasks: ch
                .all(El::Task)
                .collect::<Vec<_>>()
                .into_iter()
                .map(|t| self.task(t))
                .collect(),
            unknown: ch.unknown,
        }
    }

    fn task(&mut self, node: Node<'_>) -> Task {
        let ch = self.children(node, El::Task);
        let mut entry_points = Vec::new();
        if let Some(eps) = ch.first(El::EntryPoints) {
            let ec = self.children(eps, El::EntryPoints);
            // Entry points are large and kept: exact capacity (see `ax::entry_points`).
            entry_points.reserve_exact(ec.all(El::EntryPoint).count());
            for ep in ec.all(El::EntryPoint) {
                entry_points.push(self.entry_point(ep));
            }
        }
        Task {
            span: Span::from(node.range()),
            name: self.required_name(node, &ch, El::Name),
            description: self.optional(&ch, El::Description),
            duty: self.optional_name(&ch, El::Duty),
            privilege: self.optional_name(&ch, El::Privilege),
            entry_points,
            unknown: ch.unknown,
        }
    }

    fn entry_point(&mut self, node: Node<'_>) -> EntryPoint {
        let ch = self.children(node, El::EntryPoint);
        let object_name = self.required_name(node, &ch, El::ObjectName);
        let object_type = match ch.first(El::ObjectType) {
            Some(n) => {
                let _ = self.children(n, El::ObjectType);
                ax::object_type(&mut self.ctx, n)
            }
            None => Spanned::new(String::new(), start_tag(node)),
        };
        let grant = match ch.first(El::Grant) {
            Some(g) => self.grant(g),
            None => Grant::default(),
        };
        EntryPoint {
            span: Span::from(node.range()),
            name: None,
            object_name,
            object_type,
            child_name: self.optional_name(&ch, El::ChildName),
            grant,
            grant_current_data: None,
            extras: None,
            unknown: ch.unknown,
        }
    }

    fn grant(&mut self, node: Node<'_>) -> Grant {
        let ch = self.children(node, El::Grant);
        let mut grant = Grant::at(Span::from(node.range()));
        for (el, p) in GRANT_ELEMENTS {
            if let Some(n) = ch.first(el) {
                let value = self.text(n, el);
                grant.set_raw(p, value);
            }
        }
        grant
    }

    fn configuration(&mut self, node: Node<'_>, category: usize) {
        const ALLOWED: [&str; 3] = [ax::ROLE, ax::DUTY, ax::PRIVILEGE];
        for c in elements(node) {
            if ALLOWED.contains(&c.name()) {
                ax::lower_object(&mut self.ctx, c, Origin::Backup { category }, self.model);
            } else {
                let tag = c.name();
                let mut d = Diagnostic::error(
                    codes::UNKNOWN_ELEMENT,
                    format!("<{tag}> is not a security object; <SecurityConfiguration> holds roles, duties and privileges"),
                )
                .at(self.ctx.file, tag_name(c))
                .with_label("unknown element");
                d = match did_you_mean(tag, ALLOWED) {
                    Some(s) => d.with_help(format!("did you mean <{s}>?")),
                    None => d.with_help("use <AxSecurityRole>, <AxSecurityDuty> or <AxSecurityPrivilege> in AOT shape"),
                };
                self.push(d);
            }
        }
        if let Some(span) = stray_text(node) {
            self.push(
                Diagnostic::error(
                    codes::UNEXPECTED_TEXT,
                    "<SecurityConfiguration> holds elements, not text",
                )
                .at(self.ctx.file, span)
                .with_label("text here")
                .with_help("remove the text"),
            );
        }
    }

    fn assignments(&mut self, node: Node<'_>, category: usize) {
        let ch = self.children(node, El::Assignments);
        for a in ch.all(El::Assignment).collect::<Vec<_>>() {
            let ac = self.children(a, El::Assignment);
            let assignment = RoleAssignment {
                file: self.ctx.file,
                span: Span::from(a.range()),
                category,
                role: self.required_name(a, &ac, El::Role),
                user: self.required_name(a, &ac, El::User),
                valid_from: self.optional(&ac, El::ValidFrom),
                valid_to: self.optional(&ac, El::ValidTo),
            };
            self.model.role_assignments.push(assignment);
        }
    }
}
