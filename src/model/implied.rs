//! The security objects a process hierarchy implies, as User security governance creates them:
//! one duty per task, a privilege of the same name (or the task's `Privilege`) holding the task's
//! entry points, and a role for each process that names one, holding the duties of the tasks in
//! its part of the tree.

use super::{Duty, Header, Model, Name, Origin, Privilege, Process, Role};
use crate::span::name_key;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// Roles, duties and privileges implied by the categories' hierarchies.
#[derive(Debug, Default)]
pub struct Implied {
    pub roles: Vec<Role>,
    pub duties: Vec<Duty>,
    pub privileges: Vec<Privilege>,
}

/// Objects of one kind being implied, by name key. Each key is computed once per task and the
/// model is asked once per name whether it defines the object: with 100,000 tasks the keys and
/// the copying, not the objects, were most of the work.
struct Objects<T> {
    /// `None`: the model defines an object of this name, so it is not implied.
    slots: HashMap<String, Option<usize>>,
    items: Vec<T>,
    /// (object, member key) already added: keeps a large hierarchy linear (a role over 100,000
    /// tasks must not search its duty list for every task). One set for all objects, because
    /// most hold one to four members and a set each cost more to build and drop than the rest.
    members: HashSet<(usize, String)>,
}

impl<T> Objects<T> {
    /// Room for `objects` objects and `members` members: growing the tables step by step
    /// rehashed every key several times.
    fn with_capacity(objects: usize, members: usize) -> Self {
        Objects {
            slots: HashMap::with_capacity(objects),
            items: Vec::with_capacity(objects),
            members: HashSet::with_capacity(members),
        }
    }

    /// The object named by `key`, made on first sight, or `None` when the model defines it.
    fn slot(
        &mut self,
        key: String,
        defined: impl FnOnce() -> bool,
        make: impl FnOnce() -> T,
    ) -> Option<usize> {
        match self.slots.entry(key) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                let slot = (!defined()).then(|| {
                    self.items.push(make());
                    self.items.len() - 1
                });
                *e.insert(slot)
            }
        }
    }

    /// The object at `slot` when `member` is new to it.
    fn add(&mut self, slot: usize, member: String) -> Option<&mut T> {
        if self.members.insert((slot, member)) {
            self.items.get_mut(slot)
        } else {
            None
        }
    }

    /// The objects in name-key order (the order the model's writers and reports rely on).
    fn finish(self) -> Vec<T> {
        let mut order: Vec<(String, usize)> = self
            .slots
            .into_iter()
            .filter_map(|(key, slot)| Some((key, slot?)))
            .collect();
        order.sort_unstable();
        let mut items: Vec<Option<T>> = self.items.into_iter().map(Some).collect();
        order
            .into_iter()
            .filter_map(|(_, slot)| items.get_mut(slot).and_then(Option::take))
            .collect()
    }
}

/// Derives the implied objects of every category. Objects that the model already defines
/// (explicit security configuration) are not implied, nor built: with a full security
/// configuration that skips copying every task's entry points only to throw them away.
pub fn implied_security(model: &Model) -> Implied {
    let (mut tasks, mut entry_points) = (0, 0);
    for process in model.categories.iter().flat_map(|c| &c.hierarchy) {
        for root in &process.processes {
            for p in root.walk() {
                tasks += p.tasks.len();
                entry_points += p.tasks.iter().map(|t| t.entry_points.len()).sum::<usize>();
            }
        }
    }
    let mut roles: Objects<Role> = Objects::with_capacity(0, tasks);
    let mut duties: Objects<Duty> = Objects::with_capacity(tasks, tasks);
    let mut privileges: Objects<Privilege> = Objects::with_capacity(tasks, entry_points);
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
                    let duty_key = name_key(&duty.value);
                    let (privilege_name, privilege_key) = match &task.privilege {
                        Some(p) => (p, name_key(&p.value)),
                        None => (duty, duty_key.clone()),
                    };
                    let d = duties.slot(
                        duty_key,
                        || model.find_duty(&duty.value).is_some(),
                        || Duty {
                            header: header(duty, task.span, &task.name, &task.description),
                            privileges: Vec::new(),
                            unknown: Vec::new(),
                        },
                    );
                    if let Some(d) = d.and_then(|d| duties.add(d, privilege_key.clone())) {
                        d.privileges.push(privilege_name.clone());
                    }
                    let p = privileges.slot(
                        privilege_key,
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
                        .entry_points
                        .reserve_exact(task.entry_points.len());
                    for ep in &task.entry_points {
                        if let Some(privilege) = privileges.add(p, ep.key()) {
                            privilege.entry_points.push(ep.clone());
                        }
                    }
                }
                let Some(role) = &process.role else { continue };
                let r = roles.slot(
                    name_key(&role.value),
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
fn add_task_duties(roles: &mut Objects<Role>, r: usize, process: &Process) {
    for p in process.walk() {
        for duty in p.tasks.iter().filter_map(|t| t.duty.as_ref()) {
            if let Some(role) = roles.add(r, name_key(&duty.value)) {
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
