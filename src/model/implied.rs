//! The security objects a process hierarchy implies, as User security governance creates them:
//! one duty per task, a privilege of the same name (or the task's `Privilege`) holding the task's
//! entry points, and a role for each process that names one, holding the duties of the tasks in
//! its part of the tree.

use super::{Duty, Header, Model, Name, Origin, Privilege, Process, Role};
use crate::span::{Spanned, name_key};
use std::collections::BTreeMap;

/// Roles, duties and privileges implied by the categories' hierarchies.
#[derive(Debug, Default)]
pub struct Implied {
    pub roles: Vec<Role>,
    pub duties: Vec<Duty>,
    pub privileges: Vec<Privilege>,
}

/// Derives the implied objects of every category. Objects that the model already defines
/// (explicit security configuration) are not implied again.
pub fn implied_security(model: &Model) -> Implied {
    let mut roles: BTreeMap<String, Role> = BTreeMap::new();
    let mut duties: BTreeMap<String, Duty> = BTreeMap::new();
    let mut privileges: BTreeMap<String, Privilege> = BTreeMap::new();
    // (object kind, object key, member key) already added: keeps a large hierarchy linear
    // (a role over 100,000 tasks must not search its duty list for every task).
    let mut members: std::collections::HashSet<(u8, String, String)> =
        std::collections::HashSet::new();
    // Objects the model defines are never implied (see the filter below), so they are not
    // built either: with a full security configuration that skips copying every task's entry
    // points only to throw them away.
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
                    if model.find_duty(&duty.value).is_none() {
                        let d = duties.entry(duty.key()).or_insert_with(|| Duty {
                            header: header(duty, task.span, &task.name, &task.description),
                            privileges: Vec::new(),
                            unknown: Vec::new(),
                        });
                        if members.insert((0, duty.key(), privilege_name.key())) {
                            d.privileges.push(privilege_name.clone());
                        }
                    }
                    if model.find_privilege(&privilege_name.value).is_some() {
                        continue;
                    }
                    let p = privileges
                        .entry(privilege_name.key())
                        .or_insert_with(|| Privilege {
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
                        });
                    // Entry points are large (a grant holds six permissions with their
                    // spans) and most privileges get all theirs from one task: exact capacity
                    // instead of doubling halves what implied privileges hold.
                    p.entry_points.reserve_exact(task.entry_points.len());
                    for ep in &task.entry_points {
                        if members.insert((1, privilege_name.key(), ep.key())) {
                            p.entry_points.push(ep.clone());
                        }
                    }
                }
                if let Some(role) = process
                    .role
                    .as_ref()
                    .filter(|r| model.find_role(&r.value).is_none())
                {
                    let r = roles.entry(role.key()).or_insert_with(|| Role {
                        header: header(role, process.span, &process.name, &process.description),
                        duties: Vec::new(),
                        privileges: Vec::new(),
                        sub_roles: Vec::new(),
                        direct_access: Vec::new(),
                        unknown: Vec::new(),
                    });
                    for duty in task_duties(process) {
                        if members.insert((2, role.key(), duty.key())) {
                            r.duties.push(duty);
                        }
                    }
                }
            }
        }
    }
    Implied {
        roles: roles
            .into_values()
            .filter(|r| model.find_role(&r.name.value).is_none())
            .collect(),
        duties: duties
            .into_values()
            .filter(|d| model.find_duty(&d.name.value).is_none())
            .collect(),
        privileges: privileges
            .into_values()
            .filter(|p| model.find_privilege(&p.name.value).is_none())
            .collect(),
    }
}

/// Duties of the tasks in `process` and every process below it, in tree order, without repeats.
fn task_duties(process: &Process) -> Vec<Spanned<String>> {
    let mut seen = std::collections::HashSet::new();
    process
        .walk()
        .into_iter()
        .flat_map(|p| &p.tasks)
        .filter_map(|t| t.duty.clone())
        .filter(|d| seen.insert(name_key(&d.value)))
        .collect()
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
