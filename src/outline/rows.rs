//! Builds categories from flat rows (CSV): each row names its category, its process path, and
//! optionally a task and an entry point. Rows that name the same process or task add to it, so
//! a task spreads over one row per entry point. Lookups go through hash maps keyed by name, so
//! a large outline is read in linear time.

use super::{OutlineOptions, codes};
use super::{blank, fields};
use crate::diag::{Diagnostic, codes as read_codes};
use crate::model::names::FxBuild;
use crate::model::{Category, EntryPoint, Grant, Hierarchy, Permission, Process};
use crate::span::{FileId, Span, Spanned, name_key};
use std::collections::HashMap;

/// Deepest process path an outline may give; deeper trees would exceed the XML nesting limit
/// when the generated file is read back.
pub(crate) const MAX_LEVELS: usize = 100;

/// One row of an outline, as cells with their spans.
#[derive(Debug, Default)]
pub(crate) struct Row {
    pub span: Span,
    pub category: Option<Spanned<String>>,
    /// From the Process column, split at ` > `.
    pub levels: Vec<Spanned<String>>,
    /// An empty Process cell (for the finding's position).
    pub process_cell: Option<Span>,
    /// From Level1..LevelN columns, sorted by level.
    pub level_cells: Vec<(usize, Spanned<String>)>,
    pub task: Option<Spanned<String>>,
    pub duty: Option<Spanned<String>>,
    pub privilege: Option<Spanned<String>>,
    pub role: Option<Spanned<String>>,
    /// The process's version (the deepest process of the row).
    pub version: Option<Spanned<String>>,
    pub object_type: Option<Spanned<String>>,
    pub object_name: Option<Spanned<String>>,
    pub child_name: Option<Spanned<String>>,
    pub grants: Vec<(Permission, Spanned<String>)>,
    pub description: Option<Spanned<String>>,
    pub company: Option<Spanned<String>>,
}

/// Whether a cell holds more than white space.
fn is_filled(cell: &Option<Spanned<String>>) -> bool {
    cell.as_ref().is_some_and(|c| !c.value.trim().is_empty())
}

/// A non-empty cell, trimmed.
fn filled(cell: &Option<Spanned<String>>) -> Option<Spanned<String>> {
    cell.as_ref()
        .filter(|c| !c.value.trim().is_empty())
        .map(|c| Spanned::new(c.value.trim().to_owned(), c.span))
}

pub(crate) struct Builder<'o, 'd> {
    file: FileId,
    options: &'o OutlineOptions,
    pub diags: &'d mut Vec<Diagnostic>,
    categories: Vec<Category>,
    category_index: HashMap<String, usize, FxBuild>,
    /// Every process by number: its category and index path into that category's tree.
    processes: Vec<(usize, Vec<usize>)>,
    /// (category, parent process number or [`TOP`], name key) -> process number. One key per
    /// level, not the whole path: a row's path is looked up without copying its names.
    process_index: HashMap<(usize, usize, String), usize, FxBuild>,
    /// (process number, task key) -> task index in its process.
    task_index: HashMap<(usize, String), usize, FxBuild>,
    /// (process number, task index, entry point key) -> entry point index.
    entry_index: HashMap<(usize, usize, String), usize, FxBuild>,
}

/// The "parent" of a top-level process in [`Builder::process_index`].
const TOP: usize = usize::MAX;

/// What a value belongs to, named in the message when rows disagree about it. Only named
/// then: building the words for every row cost more than reading it.
#[derive(Clone, Copy)]
enum Owner {
    Category(usize),
    Process(usize),
    Task(usize, usize),
}

impl<'o, 'd> Builder<'o, 'd> {
    pub(crate) fn new(
        file: FileId,
        options: &'o OutlineOptions,
        diags: &'d mut Vec<Diagnostic>,
    ) -> Self {
        Builder {
            file,
            options,
            diags,
            categories: Vec::new(),
            category_index: HashMap::default(),
            processes: Vec::new(),
            process_index: HashMap::default(),
            task_index: HashMap::default(),
            entry_index: HashMap::default(),
        }
    }

    pub(crate) fn finish(self) -> Vec<Category> {
        self.categories
    }

    fn error(&mut self, code: &'static str, span: Span, message: String, label: &str, help: &str) {
        self.diags.push(
            Diagnostic::error(code, message)
                .at(self.file, span)
                .with_label(label.to_owned())
                .with_help(help.to_owned()),
        );
    }

    /// The process numbered `id`.
    fn process(&mut self, id: usize) -> &mut Process {
        let (cat, path) = &self.processes[id];
        process_mut(&mut self.categories[*cat], path)
    }

    /// "category `X`", "process `Y`" or "task `Z`".
    fn owner_name(&mut self, owner: Owner) -> String {
        match owner {
            Owner::Category(cat) => format!("category `{}`", self.categories[cat].name.value),
            Owner::Process(id) => format!("process `{}`", self.process(id).name.value),
            Owner::Task(id, t) => format!("task `{}`", self.process(id).tasks[t].name.value),
        }
    }

    /// Sets `slot` to `value`, or reports that rows disagree about it.
    fn agree(
        &mut self,
        slot: &mut Option<Spanned<String>>,
        value: Spanned<String>,
        what: &str,
        owner: Owner,
    ) {
        match slot {
            None => *slot = Some(value),
            Some(old) if name_key(&old.value) == name_key(&value.value) => {}
            Some(old) => {
                let of = self.owner_name(owner);
                let d = Diagnostic::error(
                    codes::CONFLICTING_VALUES,
                    format!("{of} is given {what} `{}` here but `{}` before", value.value, old.value),
                )
                .at(self.file, value.span)
                .with_label(format!("second {what}"))
                .with_related(self.file, old.span, format!("first {what}"))
                .with_help(format!("give {of} one {what}: make the rows agree, or leave the cell empty in all but one row"));
                self.diags.push(d);
            }
        }
    }

    pub(crate) fn row(&mut self, mut row: Row) {
        let Some(cat) = self.row_category(&row) else {
            return;
        };
        // `None`: the path was wrong and has been reported.
        let Some(levels) = self.levels(&mut row) else {
            return;
        };
        let has_task = is_filled(&row.task);
        let has_entry = is_filled(&row.object_name) || is_filled(&row.object_type);
        if levels.is_empty() {
            if has_task || has_entry || is_filled(&row.role) {
                let span = row.process_cell.unwrap_or(row.span);
                self.error(codes::INCOMPLETE_ROW, span, "the row has a task, entry point or role but no process".into(), "process missing", "give the process path in the Process column (levels separated by ` > `) or in Level1, Level2, ...");
            } else if let Some(d) = filled(&row.description) {
                let mut slot = self.categories[cat].description.take();
                self.agree(&mut slot, d, "description", Owner::Category(cat));
                self.categories[cat].description = slot;
            }
            return;
        }
        if levels.len() > MAX_LEVELS {
            self.diags.push(
                Diagnostic::error(
                    read_codes::LIMIT_EXCEEDED,
                    format!(
                        "the process path is {} levels deep, more than {MAX_LEVELS}",
                        levels.len()
                    ),
                )
                .at(self.file, levels[MAX_LEVELS].span)
                .with_label("too deep from here")
                .with_help("flatten the hierarchy; a restore file this deep cannot be read back"),
            );
            return;
        }
        let id = self.process_path(cat, levels);
        let owner = Owner::Process(id);
        if let Some(role) = filled(&row.role) {
            let role = Spanned::new(fields::name(self.file, &role, self.diags), role.span);
            let mut slot = self.process(id).role.take();
            self.agree(&mut slot, role, "role", owner);
            self.process(id).role = slot;
        }
        if let Some(version) = filled(&row.version) {
            let mut slot = self.process(id).version.take();
            self.agree(&mut slot, version, "version", owner);
            self.process(id).version = slot;
        }
        let Some(task_name) = filled(&row.task) else {
            if has_entry {
                let span = row.task.as_ref().map_or(row.span, |t| t.span);
                self.error(
                    codes::INCOMPLETE_ROW,
                    span,
                    "the row has an entry point but no task".into(),
                    "task missing",
                    "name the security task that holds the entry point in the Task column",
                );
            } else if let Some(d) = filled(&row.description) {
                let mut slot = self.process(id).description.take();
                self.agree(&mut slot, d, "description", owner);
                self.process(id).description = slot;
            }
            return;
        };
        self.task_row(id, task_name, &row, has_entry);
    }

    /// The category of `row` (or `--category`), created on first sight, with the row's company.
    /// `None` when the row names none (reported).
    fn row_category(&mut self, row: &Row) -> Option<usize> {
        let category = match (filled(&row.category), &self.options.default_category) {
            (Some(c), _) => c,
            (None, Some(default)) => Spanned::new(default.clone(), row.span),
            (None, None) => {
                let span = row.category.as_ref().map_or(row.span, |c| c.span);
                self.error(
                    codes::EMPTY_NAME,
                    span,
                    "the row has no category".into(),
                    "category missing",
                    "name the security category in the Category column",
                );
                return None;
            }
        };
        let name = fields::name(self.file, &category, self.diags);
        let cat = self.category(Spanned::new(name, category.span));
        if let Some(company) = filled(&row.company) {
            let mut slot = self.categories[cat].company.take();
            self.agree(&mut slot, company, "company", Owner::Category(cat));
            self.categories[cat].company = slot;
        }
        Some(cat)
    }

    /// The task of a row in process `id`: its duty, privilege and description, and the row's
    /// entry point.
    fn task_row(&mut self, id: usize, task_name: Spanned<String>, row: &Row, has_entry: bool) {
        let task_name = Spanned::new(
            fields::name(self.file, &task_name, self.diags),
            task_name.span,
        );
        let t = self.task(id, task_name);
        let owner = Owner::Task(id, t);
        for (value, what) in [
            (filled(&row.duty), "duty"),
            (filled(&row.privilege), "privilege"),
            (filled(&row.description), "description"),
        ] {
            let Some(value) = value else { continue };
            let value = if what == "description" {
                value
            } else {
                Spanned::new(fields::name(self.file, &value, self.diags), value.span)
            };
            let task = &mut self.process(id).tasks[t];
            let mut slot = match what {
                "duty" => task.duty.take(),
                "privilege" => task.privilege.take(),
                _ => task.description.take(),
            };
            self.agree(&mut slot, value, what, owner);
            let task = &mut self.process(id).tasks[t];
            match what {
                "duty" => task.duty = slot,
                "privilege" => task.privilege = slot,
                _ => task.description = slot,
            }
        }
        if has_entry {
            let entry = self.entry_point(row);
            self.add_entry_point(id, t, entry);
        }
    }

    fn category(&mut self, name: Spanned<String>) -> usize {
        let key = name_key(&name.value);
        if let Some(&i) = self.category_index.get(&key) {
            return i;
        }
        let i = self.categories.len();
        self.categories
            .push(blank::category(self.file, name.span, name));
        self.category_index.insert(key, i);
        i
    }

    /// The process path of a row: the Process column split at ` > `, or the Level columns up to
    /// the first empty one (a filled level after an empty one is reported, giving `None`).
    fn levels(&mut self, row: &mut Row) -> Option<Vec<Spanned<String>>> {
        let mut out = Vec::new();
        if !row.levels.is_empty() {
            for level in std::mem::take(&mut row.levels) {
                if level.value.trim().is_empty() {
                    self.error(codes::EMPTY_NAME, level.span, "a level of the process path is empty".into(), "empty level", "write the path as `Parent > Child`, with a name on each side of every ` > `");
                    return None;
                }
                out.push(level);
            }
        } else {
            let mut gap: Option<usize> = None;
            for (n, cell) in std::mem::take(&mut row.level_cells) {
                if cell.value.trim().is_empty() {
                    gap.get_or_insert(n);
                } else if let Some(g) = gap {
                    self.error(
                        codes::INCOMPLETE_ROW,
                        cell.span,
                        format!("Level{n} is filled but Level{g} is empty"),
                        "level after a gap",
                        "fill the levels from Level1 on without gaps",
                    );
                    return None;
                } else {
                    out.push(cell);
                }
            }
        }
        Some(
            out.into_iter()
                .map(|l| Spanned::new(fields::name(self.file, &l, self.diags), l.span))
                .collect(),
        )
    }

    /// Finds or creates each process along the path; returns the number of the last one.
    fn process_path(&mut self, cat: usize, levels: Vec<Spanned<String>>) -> usize {
        let mut parent = TOP;
        for level in levels {
            let key = (cat, parent, name_key(&level.value));
            if let Some(&found) = self.process_index.get(&key) {
                parent = found;
                continue;
            }
            let process = blank::process(level.span, level);
            let (siblings, mut path) = if parent == TOP {
                let hierarchy = self.categories[cat]
                    .hierarchy
                    .get_or_insert_with(|| Hierarchy {
                        span: Span::default(),
                        processes: Vec::new(),
                    });
                (&mut hierarchy.processes, Vec::new())
            } else {
                let path = self.processes[parent].1.clone();
                let (c, p) = &self.processes[parent];
                let siblings = &mut process_mut(&mut self.categories[*c], p).processes;
                (siblings, path)
            };
            path.push(siblings.len());
            siblings.push(process);
            parent = self.processes.len();
            self.processes.push((cat, path));
            self.process_index.insert(key, parent);
        }
        parent
    }

    fn task(&mut self, id: usize, name: Spanned<String>) -> usize {
        let key = (id, name_key(&name.value));
        if let Some(&t) = self.task_index.get(&key) {
            return t;
        }
        let tasks = &mut self.process(id).tasks;
        let t = tasks.len();
        tasks.push(blank::task(name.span, name));
        self.task_index.insert(key, t);
        t
    }

    fn entry_point(&mut self, row: &Row) -> EntryPoint {
        let file = self.file;
        let type_cell = row
            .object_type
            .clone()
            .unwrap_or_else(|| Spanned::new(String::new(), row.span));
        let object_type = fields::object_type(file, &type_cell, self.diags);
        let object_name = match filled(&row.object_name) {
            Some(n) => Spanned::new(fields::name(file, &n, self.diags), n.span),
            None => {
                let span = row.object_name.as_ref().map_or(row.span, |c| c.span);
                self.error(codes::EMPTY_NAME, span, "the entry point has no object name".into(), "object name missing", "name the menu item, service operation or other securable object in the ObjectName column");
                Spanned::new(String::new(), span)
            }
        };
        let child_name = filled(&row.child_name)
            .map(|c| Spanned::new(fields::name(file, &c, self.diags), c.span));
        let mut grant = Grant::at(row.span);
        for (p, cell) in &row.grants {
            if let Some(v) = fields::access(file, *p, cell, self.diags) {
                grant.set_raw(*p, v);
            }
        }
        blank::entry_point(row.span, object_type, object_name, child_name, grant)
    }

    /// Adds an entry point to a task, merging it into an earlier row for the same object.
    fn add_entry_point(&mut self, id: usize, task: usize, entry: EntryPoint) {
        let key = (id, task, entry.key());
        let Some(&i) = self.entry_index.get(&key) else {
            let eps = &mut self.process(id).tasks[task].entry_points;
            let i = eps.len();
            eps.push(entry);
            self.entry_index.insert(key, i);
            return;
        };
        let file = self.file;
        let existing = &mut self.process(id).tasks[task].entry_points[i];
        let mut conflicts = Vec::new();
        for p in Permission::ALL {
            let Some(new) = entry.grant.raw(p) else {
                continue;
            };
            match existing.grant.raw(p) {
                None => existing.grant.set_raw(p, new.to_spanned()),
                Some(old) if old.value == new.value => {}
                Some(old) => conflicts.push((p, old.to_spanned(), new.to_spanned())),
            }
        }
        for (p, old, new) in conflicts {
            self.diags.push(
                Diagnostic::error(
                    codes::CONFLICTING_GRANTS,
                    format!(
                        "{} on `{}` is {} here but {} in an earlier row of the same task",
                        p.as_str(),
                        entry.object_name.value,
                        new.value,
                        old.value
                    ),
                )
                .at(file, new.span)
                .with_label(format!("{} here", new.value))
                .with_related(file, old.span, format!("{} here", old.value))
                .with_help(
                    "decide on one value; a task grants each permission on an entry point once",
                ),
            );
        }
    }
}

/// The process at `path` (indexes from the category's top level down).
pub(crate) fn process_mut<'c>(category: &'c mut Category, path: &[usize]) -> &'c mut Process {
    let hierarchy = category.hierarchy.get_or_insert_with(|| Hierarchy {
        span: Span::default(),
        processes: Vec::new(),
    });
    let mut process = &mut hierarchy.processes[path[0]];
    for &i in &path[1..] {
        process = &mut process.processes[i];
    }
    process
}
