//! Which children `secgov fmt` may reorder: only where the platform gives order no meaning.
//!
//! - Grant permissions: Visual Studio writes them alphabetically in AOT shape; USG backups list
//!   them in the product's order (Read, Update, Create, Correct, Delete, Invoke).
//! - The fields of a USG element (Name, Description, ...) follow the schema's canonical order.
//!   Repeated children (processes, tasks, entry points) keep their order among themselves,
//!   because that is the order the hierarchy is shown in.
//!
//! Comments and processing instructions travel with the element that follows them; unknown
//! elements stay right after the known element they followed.

use crate::model::{Dialect, Permission};
use crate::schema::{El, Schema};
use roxmltree::Node;

const AOT_OBJECTS: [&str; 5] = [
    "AxSecurityRole",
    "AxSecurityDuty",
    "AxSecurityPrivilege",
    "AxSecurityRoleExtension",
    "AxSecurityDutyExtension",
];

pub(super) fn children<'a, 'i>(
    parent: Node<'a, 'i>,
    children: Vec<Node<'a, 'i>>,
    dialect: Dialect,
) -> Vec<Node<'a, 'i>> {
    let rank = ranking(parent, dialect);
    let Some(rank) = rank else { return children };
    // Group each element with the comments before it.
    let mut groups: Vec<(usize, Vec<Node<'a, 'i>>)> = Vec::new();
    let mut pending = Vec::new();
    let mut last = 0;
    for child in children {
        if child.is_element() {
            let key = rank(child.tag_name().name()).unwrap_or(last);
            last = key;
            pending.push(child);
            groups.push((key, std::mem::take(&mut pending)));
        } else {
            pending.push(child);
        }
    }
    groups.sort_by_key(|(key, _)| *key);
    let mut out: Vec<Node<'a, 'i>> = groups.into_iter().flat_map(|(_, nodes)| nodes).collect();
    out.extend(pending);
    out
}

type Rank = Box<dyn Fn(&str) -> Option<usize>>;

/// How to rank the children of `parent`, or `None` to keep their order.
fn ranking(parent: Node<'_, '_>, dialect: Dialect) -> Option<Rank> {
    let tag = parent.tag_name().name();
    if tag == "Grant" || tag == "GrantCurrentData" {
        if dialect == Dialect::UsgBackup && !inside_aot_object(parent) {
            return Some(Box::new(|t: &str| Permission::parse(t).map(|p| p as usize)));
        }
        let mut alphabetical: Vec<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        alphabetical.sort_unstable();
        return Some(Box::new(move |t: &str| {
            alphabetical.iter().position(|a| *a == t)
        }));
    }
    if dialect != Dialect::UsgBackup || inside_aot_object(parent) {
        return None;
    }
    let schema = Schema::get();
    let el = El::ALL
        .into_iter()
        .find(|e| schema.tag(*e) == tag && !schema.element(*e).children.is_empty())?;
    let order: Vec<String> = schema
        .element(el)
        .children
        .iter()
        .map(|c| schema.tag(c.el).to_owned())
        .collect();
    Some(Box::new(move |t: &str| order.iter().position(|o| o == t)))
}

fn inside_aot_object(node: Node<'_, '_>) -> bool {
    node.ancestors()
        .any(|a| AOT_OBJECTS.contains(&a.tag_name().name()))
}
