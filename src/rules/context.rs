//! What rules see: the model, the run's options, the objects the hierarchies imply, and the ways
//! to walk the input backups and categories, with the element path of each process and task.

use super::objects::defined;
use super::{CheckOptions, RestoreAction};
use crate::model::names::{Key, KeySet};
use crate::model::{
    BackupType, Category, Dialect, Document, Duty, Implied, Model, Privilege, Process, Role, Task,
};
use crate::span::FileId;

/// A process with the path to it, e.g. `SecurityCategory[Name='P2P']/Process[Name='Vendors']`.
pub struct ProcessAt<'m> {
    pub category: &'m Category,
    pub process: &'m Process,
    pub path: String,
}

/// The model's roles, duties and privileges followed by the implied ones, borrowed: flattening
/// access sees both, and copying them cost more than every rule together on large backups.
#[derive(Debug, Default)]
pub struct WithImplied<'m> {
    pub roles: Vec<&'m Role>,
    pub duties: Vec<&'m Duty>,
    pub privileges: Vec<&'m Privilege>,
}

pub struct Context<'m> {
    pub model: &'m Model,
    pub options: &'m CheckOptions,
    /// Roles, duties and privileges the hierarchies create (those not defined explicitly).
    pub implied: &'m Implied,
    /// The model's objects plus the implied ones, for flattening access.
    pub with_implied: WithImplied<'m>,
    pub(super) index: super::lookup::Index<'m>,
    /// Effective access of every role (model and implied; indices as in `with_implied.roles`).
    pub engine: crate::model::Engine<'m>,
    roles: KeySet<'m>,
    duties: KeySet<'m>,
    privileges: KeySet<'m>,
}

impl<'m> Context<'m> {
    /// `implied` is `implied_security(model)`.
    pub fn new(model: &'m Model, implied: &'m Implied, options: &'m CheckOptions) -> Self {
        let with_implied = WithImplied {
            roles: model.roles.iter().chain(&implied.roles).collect(),
            duties: model.duties.iter().chain(&implied.duties).collect(),
            privileges: model.privileges.iter().chain(&implied.privileges).collect(),
        };
        // A destination backup's tasks reference duties and roles that exist there, so what its
        // hierarchy implies counts as defined; what the inputs' hierarchies imply does not (it
        // only exists after a restore with Create).
        let in_target = |file: FileId| options.target_files.contains(&file);
        // The name index, the access engine and the defined names do not depend on each other:
        // built on the pool's threads, since no rule can start before them (89-100 ms on one
        // thread, about 50 ms on two, on the 100 MiB benchmark backup).
        let ((index, engine), (roles, duties, privileges)) = rayon::join(
            || {
                let engine = || {
                    crate::model::Engine::over(
                        model,
                        with_implied.roles.clone(),
                        with_implied.duties.clone(),
                        with_implied.privileges.clone(),
                    )
                };
                rayon::join(|| super::lookup::Index::new(model, &with_implied), engine)
            },
            || {
                (
                    defined(&model.roles, &implied.roles, in_target),
                    defined(&model.duties, &implied.duties, in_target),
                    defined(&model.privileges, &implied.privileges, in_target),
                )
            },
        );
        Context {
            index,
            engine,
            roles,
            duties,
            privileges,
            model,
            options,
            implied,
            with_implied,
        }
    }

    pub fn is_input(&self, file: FileId) -> bool {
        self.options.is_input(file)
    }

    pub fn is_target(&self, file: FileId) -> bool {
        self.options.target_files.contains(&file)
    }

    /// Whether the run has anything beyond its inputs to resolve names against.
    pub fn has_outside_definitions(&self) -> bool {
        !self.options.target_files.is_empty() || !self.options.reference_files.is_empty()
    }

    /// A role defined explicitly somewhere in the run (inputs, target or reference), or implied by
    /// the destination's process hierarchy.
    pub fn role_defined(&self, name: &str) -> bool {
        self.roles.contains(&Key(name))
    }

    pub fn duty_defined(&self, name: &str) -> bool {
        self.duties.contains(&Key(name))
    }

    pub fn privilege_defined(&self, name: &str) -> bool {
        self.privileges.contains(&Key(name))
    }

    /// The Type a file will be restored with: `--restore-type`, else the file's own Type (as
    /// declared, or as its content implies). `None` for files that are not backups.
    pub fn restore_type(&self, file: FileId) -> Option<BackupType> {
        let doc = self.model.document(file)?;
        if doc.dialect != Dialect::UsgBackup {
            return None;
        }
        self.options.restore_type.or_else(|| self.file_type(file))
    }

    /// The file's own Type: as declared if valid, else as inferred from its content.
    pub fn file_type(&self, file: FileId) -> Option<BackupType> {
        let doc = self.model.document(file)?;
        doc.declared_type
            .as_ref()
            .and_then(|t| BackupType::from_declared(&t.value))
            .or(doc.inferred_type)
    }

    /// Whether the Security related action applies to `file`: it is restored with a Type that
    /// brings in the process hierarchy (User security governance, or Governance + configuration,
    /// for which Microsoft's migration page recommends Create), whose task lines the action works
    /// on.
    pub fn action_applies(&self, file: FileId) -> bool {
        self.restore_type(file)
            .is_some_and(BackupType::has_hierarchy)
    }

    /// The backups among the input files (the documents a restore reads).
    pub fn input_backups(&self) -> impl Iterator<Item = &'m Document> + '_ {
        self.model
            .documents
            .iter()
            .filter(|d| d.dialect == Dialect::UsgBackup && self.is_input(d.file))
    }

    /// The input categories whose task lines `action` works on: none unless the run's action is
    /// `action`, then those restored with a Type that brings in the hierarchy.
    pub fn restored_with(&self, action: RestoreAction) -> impl Iterator<Item = &'m Category> + '_ {
        let chosen = self.options.action == Some(action);
        self.input_categories()
            .map(|(_, c)| c)
            .filter(move |c| chosen && self.action_applies(c.file))
    }

    /// Categories in input files, with their index in the model.
    pub fn input_categories(&self) -> impl Iterator<Item = (usize, &'m Category)> + '_ {
        self.model
            .categories
            .iter()
            .enumerate()
            .filter(|(_, c)| self.is_input(c.file))
    }

    /// Every process of every input category, depth first, with its path.
    pub fn input_processes(&self) -> Vec<ProcessAt<'m>> {
        let mut out = Vec::new();
        for (_, category) in self.input_categories() {
            let base = category_path(category);
            for root in category.hierarchy.iter().flat_map(|h| &h.processes) {
                walk(category, root, &base, &mut out);
            }
        }
        out
    }
}

/// A task of an input category with the process that holds it.
pub struct TaskAt<'p, 'm> {
    pub process: &'p ProcessAt<'m>,
    pub task: &'m Task,
}

impl TaskAt<'_, '_> {
    /// `.../Process[Name='...']/Task[Name='...']`, built only for findings (most tasks have none).
    pub fn path(&self) -> String {
        format!(
            "{}/Task[Name='{}']",
            self.process.path, self.task.name.value
        )
    }
}

/// Every task of `processes` (see [`Context::input_processes`]), in order.
pub fn tasks_of<'p, 'm>(processes: &'p [ProcessAt<'m>]) -> impl Iterator<Item = TaskAt<'p, 'm>> {
    processes.iter().flat_map(|process| {
        process
            .process
            .tasks
            .iter()
            .map(move |task| TaskAt { process, task })
    })
}

fn walk<'m>(
    category: &'m Category,
    process: &'m Process,
    parent: &str,
    out: &mut Vec<ProcessAt<'m>>,
) {
    let path = format!("{parent}/Process[Name='{}']", process.name.value);
    out.push(ProcessAt {
        category,
        process,
        path: path.clone(),
    });
    for child in &process.processes {
        walk(category, child, &path, out);
    }
}

/// `SecurityCategory[Name='...']`.
pub fn category_path(category: &Category) -> String {
    format!("SecurityCategory[Name='{}']", category.name.value)
}

/// `AxSecurityRole[Name='...']` and the like.
pub fn object_path(element: &str, name: &str) -> String {
    format!("{element}[Name='{name}']")
}
