//! What rules see: the model, the run's options, the objects the hierarchies imply, and the ways
//! to walk input categories with the element path of each process and task.

use super::CheckOptions;
use crate::model::{
    BackupType, Category, Dialect, Implied, Model, Process, Task, implied_security,
};
use crate::span::{FileId, name_key};
use std::collections::BTreeSet;

/// A process with the path to it, e.g. `SecurityCategory[Name='P2P']/Process[Name='Vendors']`.
pub struct ProcessAt<'m> {
    pub category: &'m Category,
    pub process: &'m Process,
    pub path: String,
}

pub struct Context<'m> {
    pub model: &'m Model,
    pub options: &'m CheckOptions,
    /// Roles, duties and privileges the hierarchies create (those not defined explicitly).
    pub implied: Implied,
    /// The model's objects plus the implied ones, for flattening access.
    pub with_implied: Model,
    roles: BTreeSet<String>,
    duties: BTreeSet<String>,
    privileges: BTreeSet<String>,
}

impl<'m> Context<'m> {
    pub fn new(model: &'m Model, options: &'m CheckOptions) -> Self {
        let implied = implied_security(model);
        let with_implied = Model {
            roles: model.roles.iter().chain(&implied.roles).cloned().collect(),
            duties: model
                .duties
                .iter()
                .chain(&implied.duties)
                .cloned()
                .collect(),
            privileges: model
                .privileges
                .iter()
                .chain(&implied.privileges)
                .cloned()
                .collect(),
            role_extensions: model.role_extensions.clone(),
            duty_extensions: model.duty_extensions.clone(),
            ..Model::default()
        };
        // A destination backup's tasks reference duties and roles that exist there, so what its
        // hierarchy implies counts as defined; what the inputs' hierarchies imply does not (it
        // only exists after a restore with Create).
        let in_target = |file: FileId| options.target_files.contains(&file);
        Context {
            roles: model
                .roles
                .iter()
                .chain(implied.roles.iter().filter(|r| in_target(r.file)))
                .map(|r| r.name.key())
                .collect(),
            duties: model
                .duties
                .iter()
                .chain(implied.duties.iter().filter(|r| in_target(r.file)))
                .map(|r| r.name.key())
                .collect(),
            privileges: model
                .privileges
                .iter()
                .chain(implied.privileges.iter().filter(|r| in_target(r.file)))
                .map(|r| r.name.key())
                .collect(),
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
        self.roles.contains(&name_key(name))
    }

    pub fn duty_defined(&self, name: &str) -> bool {
        self.duties.contains(&name_key(name))
    }

    pub fn privilege_defined(&self, name: &str) -> bool {
        self.privileges.contains(&name_key(name))
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
            .and_then(|t| BackupType::ALL.into_iter().find(|b| b.as_str() == t.value))
            .or(doc.inferred_type)
    }

    /// Whether the Security related action applies to `file` (restored as User security
    /// governance).
    pub fn action_applies(&self, file: FileId) -> bool {
        self.restore_type(file) == Some(BackupType::UserSecurityGovernance)
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

    /// Every task of every input category with its path and the process that holds it.
    pub fn input_tasks(&self) -> Vec<(ProcessAt<'m>, &'m Task, String)> {
        let mut out = Vec::new();
        for p in self.input_processes() {
            for task in &p.process.tasks {
                let path = format!("{}/Task[Name='{}']", p.path, task.name.value);
                out.push((
                    ProcessAt {
                        category: p.category,
                        process: p.process,
                        path: p.path.clone(),
                    },
                    task,
                    path,
                ));
            }
        }
        out
    }
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
