//! The security objects a process hierarchy implies, as User security governance creates them:
//! one duty per task, a privilege of the same name (or the task's `Privilege`) holding the task's
//! entry points, and a role for each process that names one, holding the duties of the tasks in
//! its part of the tree.

use super::names::{EntryPointKey, FxBuild, Key, KeyMap};
use super::{Duty, Header, Model, Name, Origin, Privilege, Process, Role};
use crate::span::name_key;
use std::collections::HashSet;
use std::collections::hash_map::Entry;
use std::hash::Hash;

/// Roles, duties and privileges implied by the categories' hierarchies.
#[derive(Debug, Default)]
pub struct Implied {
    pub roles: Vec<Role>,
    pub duties: Vec<Duty>,
    pub privileges: Vec<Privilege>,
}

/// Objects of one kind being implied, by name, holding members keyed by `M`. Keys borrow the
/// model's names (no lowercase copies) and the model is asked once per name whether it defines
/// the object: with 100,000 tasks the keys and the copying, not the objects, were most of the
/// work.
struct Objects<'m, T, M> {
    /// `None`: the model defines an object of this name, so it is not implied.
    slots: KeyMap<'m, Option<usize>>,
    items: Vec<(&'m str, T)>,
    /// (object, member) already added: keeps a large hierarchy linear (a role over 100,000
    /// tasks must not search its duty list for every task). One set for all objects, because
    /// most hold one to four members and a set each cost more to build and drop than the rest.
    members: HashSet<(usize, M), FxBuild>,
}

impl<'m, T, M: Hash + Eq> Objects<'m, T, M> {
    /// Room for `objects` objects and `members` members: growing the tables step by step
    /// rehashed every key several times.
    fn with_capacity(objects: usize, members: usize) -> Self {
        Objects {
            slots: KeyMap::with_capacity_and_hasher(objects, FxBuild::default()),
            items: Vec::with_capacity(objects),
            members: HashSet::with_capacity_and_hasher(members, FxBuild::default()),
        }
    }

    /// The object named `name`, made on first sight, or `None` when the model defines it.
    fn slot(
        &mut self,
        name: &'m str,
        defined: impl FnOnce() -> bool,
        make: impl FnOnce() -> T,
    ) -> Option<usize> {
        match self.slots.entry(Key(name)) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                let slot = (!defined()).then(|| {
                    self.items.push((name, make()));
                    self.items.len() - 1
                });
                *e.insert(slot)
            }
        }
    }

    /// The object at `slot` when `member` is new to it.
    fn add(&mut self, slot: usize, member: M) -> Option<&mut T> {
        if self.members.insert((slot, member)) {
            self.items.get_mut(slot).map(|(_, object)| object)
        } else {
            None
        }
    }

    /// The objects in name-key order (the order the model's writers and reports rely on).
    fn finish(self) -> Vec<T> {
        let mut items = self.items;
        items.sort_by_cached_key(|(name, _)| name_key(name));
        items.into_iter().map(|(_, object)| object).collect()
    }
}

/// Derives the implied objects of every category. Objects that the model already defines
/// (explicit security configuration) are not implied, nor built: with a full security
/// configuration that skips copying every task's entry points only to throw them away.
pub fn implied_security(model: &Model) -> Implied {
    let (mut tasks, mut entry_points) = (0, 0);
    for hierarchy in model.categories.iter().flat_map(|c| &c.hierarchy) {
        for root in &hierarchy.processes {
            for p in root.walk() {
                tasks += p.tasks.len();
                entry_points += p.tasks.iter().map(|t| t.entry_points.len()).sum::<usize>();
            }
        }
    }
    let mut roles: Objects<Role, Key> = Objects::with_capacity(0, tasks);
    let mut duties: Objects<Duty, Key> = Objects::with_capacity(tasks, tasks);
    let mut privileges: Objects<Privilege, EntryPointKey> =
        Objects::with_capacity(tasks, entry_points);
    for (index, category) in model.categories.iter().enumerate() {
        // An implied object stands at the task or process implying it, labelled with its name.
        let header = |name: &Name, span, label: &Name, description: &Option<Name>| Header {
            file: category.file,
            span,
            origin: Origin::Backup { category: index },
            name: name.clone(),
            label: Some(label.clone()),
            description: description.clone(),
        };
        for root in category.hierarchy.iter().flat_map(|h| &h.processes) {
            for process in root.walk() {
                for task in &process.tasks {
                    let Some(duty) = &task.duty else { continue };
                    let privilege_name = task.privilege.as_ref().unwrap_or(duty);
                    let d = duties.slot(
                        &duty.value,
                        || model.find_duty(&duty.value).is_some(),
                        || Duty {
                            header: header(duty, task.span, &task.name, &task.description),
                            privileges: Vec::new(),
                            unknown: Vec::new(),
                        },
                    );
                    if let Some(d) = d.and_then(|d| duties.add(d, Key(&privilege_name.value))) {
                        d.privileges.push(privilege_name.clone());
                    }
                    let p = privileges.slot(
                        &privilege_name.value,
                        || model.find_privilege(&privilege_name.value).is_some(),
                        || Privilege {
                            header: header(
                                privilege_name,
                                task.span,
                                &task.name,
                                &task.description,
                            ),
                            entry_points: Vec::new(),
                            data_entities: Vec::new(),
                            direct_access: Vec::new(),
                            form_control_overrides: Vec::new(),
                            unknown: Vec::new(),
                        },
                    );
                    let Some(p) = p else { continue };
                    // Entry points are large (a grant holds six permissions with their
                    // spans) and most privileges get all theirs from one task: exact capacity
                    // instead of doubling halves what implied privileges hold.
                    privileges.items[p]
                        .1
                        .entry_points
                        .reserve_exact(task.entry_points.len());
                    for ep in &task.entry_points {
                        if let Some(privilege) = privileges.add(p, EntryPointKey::new(ep)) {
                            privilege.entry_points.push(ep.clone());
                        }
                    }
                }
                let Some(role) = &process.role else { continue };
                let r = roles.slot(
                    &role.value,
                    || model.find_role(&role.value).is_some(),
                    || Role {
                        header: header(role, process.span, &process.name, &process.description),
                        duties: Vec::new(),
                        privileges: Vec::new(),
                        sub_roles: Vec::new(),
                        direct_access: Vec::new(),
                        unknown: Vec::new(),
                    },
                );
                if let Some(r) = r {
                    add_task_duties(&mut roles, r, process);
                }
            }
        }
    }
    Implied {
        roles: roles.finish(),
        duties: duties.finish(),
        privileges: privileges.finish(),
    }
}

/// Adds to a role the duties of the tasks in `process` and every process below it, in tree
/// order, without repeats.
fn add_task_duties<'m>(roles: &mut Objects<'m, Role, Key<'m>>, r: usize, process: &'m Process) {
    for p in process.walk() {
        for duty in p.tasks.iter().filter_map(|t| t.duty.as_ref()) {
            if let Some(role) = roles.add(r, Key(&duty.value)) {
                role.duties.push(duty.clone());
            }
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    #[test]
    fn order_to_cash_implies_a_duty_and_privilege_per_task_and_a_role_per_process_role() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/usg/order-to-cash.xml"
        );
        let loaded = load_bytes(path, &std::fs::read(path).unwrap(), &LoadOptions::default());
        let implied = implied_security(&loaded.model);
        assert_eq!(implied.duties.len(), 5);
        assert_eq!(implied.privileges.len(), 5);
        let clerk = implied
            .roles
            .iter()
            .find(|r| r.name.value == "SalesSalesClerk")
            .unwrap();
        let duties: Vec<_> = clerk.duties.iter().map(|d| d.value.as_str()).collect();
        assert_eq!(
            duties,
            ["SalesSalesOrderMaintain", "CustCustomerMasterInquire"]
        );
        let p = implied
            .privileges
            .iter()
            .find(|p| p.name.value == "SalesSalesOrderMaintain")
            .unwrap();
        assert_eq!(p.entry_points.len(), 3);
    }
}
