//! Builds categories from flat rows (CSV): each row names its category, its process path, and
//! optionally a task and an entry point. Rows that name the same process or task add to it, so
//! a task spreads over one row per entry point. Lookups go through hash maps keyed by name, so
//! a large outline is read in linear time.

use super::{OutlineOptions, codes};
use super::{blank, fields};
use crate::diag::{Diagnostic, codes as read_codes};
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
    category_index: HashMap<String, usize>,
    /// (category, path of name keys) -> index path into the process tree.
    process_index: HashMap<(usize, Vec<String>), Vec<usize>>,
    /// (category, process index path, task key) -> task index in its process.
    task_index: HashMap<(usize, Vec<usize>, String), usize>,
    /// (category, process index path, task index, entry point key) -> entry point index.
    entry_index: HashMap<(usize, Vec<usize>, usize, String), usize>,
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
            category_index: HashMap::new(),
            process_index: HashMap::new(),
            task_index: HashMap::new(),
            entry_index: HashMap::new(),
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

    /// Sets `slot` to `value`, or reports that rows disagree about it.
    fn agree(
        &mut self,
        slot: &mut Option<Spanned<String>>,
        value: Spanned<String>,
        what: &str,
        of: &str,
    ) {
        match slot {
            None => *slot = Some(value),
            Some(old) if name_key(&old.value) == name_key(&value.value) => {}
            Some(old) => {
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

    pub(crate) fn row(&mut self, row: Row) {
        let Some(cat) = self.row_category(&row) else {
            return;
        };
        // `None`: the path was wrong and has been reported.
        let Some(levels) = self.levels(&row) else {
            return;
        };
        let has_task = filled(&row.task).is_some();
        let has_entry = filled(&row.object_name).is_some() || filled(&row.object_type).is_some();
        if levels.is_empty() {
            if has_task || has_entry || filled(&row.role).is_some() {
                let span = row.process_cell.unwrap_or(row.span);
                self.error(codes::INCOMPLETE_ROW, span, "the row has a task, entry point or role but no process".into(), "process missing", "give the process path in the Process column (levels separated by ` > `) or in Level1, Level2, ...");
            } else if let Some(d) = filled(&row.description) {
                let mut slot = self.categories[cat].description.take();
                let of = format!("category `{}`", self.categories[cat].name.value);
                self.agree(&mut slot, d, "description", &of);
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
        let path = self.process_path(cat, &levels);
        let process = process_mut(&mut self.categories[cat], &path);
        let of = format!("process `{}`", process.name.value);
        if let Some(role) = filled(&row.role) {
            let role = Spanned::new(fields::name(self.file, &role, self.diags), role.span);
            let mut slot = process_mut(&mut self.categories[cat], &path).role.take();
            self.agree(&mut slot, role, "role", &of);
            process_mut(&mut self.categories[cat], &path).role = slot;
        }
        if let Some(version) = filled(&row.version) {
            let mut slot = process_mut(&mut self.categories[cat], &path).version.take();
            self.agree(&mut slot, version, "version", &of);
            process_mut(&mut self.categories[cat], &path).version = slot;
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
                let mut slot = process_mut(&mut self.categories[cat], &path)
                    .description
                    .take();
                self.agree(&mut slot, d, "description", &of);
                process_mut(&mut self.categories[cat], &path).description = slot;
            }
            return;
        };
        self.task_row(cat, &path, task_name, &row, has_entry);
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
            let of = format!("category `{}`", self.categories[cat].name.value);
            self.agree(&mut slot, company, "company", &of);
            self.categories[cat].company = slot;
        }
        Some(cat)
    }

    /// The task of a row in process `path`: its duty, privilege and description, and the row's
    /// entry point.
    fn task_row(
        &mut self,
        cat: usize,
        path: &[usize],
        task_name: Spanned<String>,
        row: &Row,
        has_entry: bool,
    ) {
        let task_name = Spanned::new(
            fields::name(self.file, &task_name, self.diags),
            task_name.span,
        );
        let t = self.task(cat, path, task_name);
        let task_of = format!(
            "task `{}`",
            process_mut(&mut self.categories[cat], path).tasks[t]
                .name
                .value
        );
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
            let task = &mut process_mut(&mut self.categories[cat], path).tasks[t];
            let mut slot = match what {
                "duty" => task.duty.take(),
                "privilege" => task.privilege.take(),
                _ => task.description.take(),
            };
            self.agree(&mut slot, value, what, &task_of);
            let task = &mut process_mut(&mut self.categories[cat], path).tasks[t];
            match what {
                "duty" => task.duty = slot,
                "privilege" => task.privilege = slot,
                _ => task.description = slot,
            }
        }
        if has_entry {
            let entry = self.entry_point(row);
            self.add_entry_point(cat, path, t, entry);
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
    fn levels(&mut self, row: &Row) -> Option<Vec<Spanned<String>>> {
        let mut out = Vec::new();
        if !row.levels.is_empty() {
            for level in &row.levels {
                if level.value.trim().is_empty() {
                    self.error(codes::EMPTY_NAME, level.span, "a level of the process path is empty".into(), "empty level", "write the path as `Parent > Child`, with a name on each side of every ` > `");
                    return None;
                }
                out.push(level.clone());
            }
        } else {
            let mut gap: Option<usize> = None;
            for (n, cell) in &row.level_cells {
                if cell.value.trim().is_empty() {
                    gap.get_or_insert(*n);
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
                    out.push(cell.clone());
                }
            }
        }
        Some(
            out.into_iter()
                .map(|l| Spanned::new(fields::name(self.file, &l, self.diags), l.span))
                .collect(),
        )
    }

    /// Finds or creates each process along the path; returns the index path of the last one.
    fn process_path(&mut self, cat: usize, levels: &[Spanned<String>]) -> Vec<usize> {
        let mut keys = Vec::with_capacity(levels.len());
        let mut path: Vec<usize> = Vec::with_capacity(levels.len());
        for level in levels {
            keys.push(name_key(&level.value));
            if let Some(found) = self.process_index.get(&(cat, keys.clone())) {
                path = found.clone();
                continue;
            }
            let process = blank::process(level.span, level.clone());
            let siblings = match path.is_empty() {
                true => {
                    &mut self.categories[cat]
                        .hierarchy
                        .get_or_insert_with(|| Hierarchy {
                            span: Span::default(),
                            processes: Vec::new(),
                        })
                        .processes
                }
                false => &mut process_mut(&mut self.categories[cat], &path).processes,
            };
            path.push(siblings.len());
            siblings.push(process);
            self.process_index.insert((cat, keys.clone()), path.clone());
        }
        path
    }

    fn task(&mut self, cat: usize, path: &[usize], name: Spanned<String>) -> usize {
        let key = (cat, path.to_vec(), name_key(&name.value));
        if let Some(&t) = self.task_index.get(&key) {
            return t;
        }
        let tasks = &mut process_mut(&mut self.categories[cat], path).tasks;
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
    fn add_entry_point(&mut self, cat: usize, path: &[usize], task: usize, entry: EntryPoint) {
        let key = (cat, path.to_vec(), task, entry.key());
        let Some(&i) = self.entry_index.get(&key) else {
            let eps = &mut process_mut(&mut self.categories[cat], path).tasks[task].entry_points;
            self.entry_index.insert(key, eps.len());
            eps.push(entry);
            return;
        };
        let file = self.file;
        let existing =
            &mut process_mut(&mut self.categories[cat], path).tasks[task].entry_points[i];
        let mut conflicts = Vec::new();
        for p in Permission::ALL {
            let Some(new) = entry.grant.raw(p) else {
                continue;
            };
            match existing.grant.raw(p) {
                None => existing.grant.set_raw(p, new.clone()),
                Some(old) if old.value == new.value => {}
                Some(old) => conflicts.push((p, old.clone(), new.clone())),
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
