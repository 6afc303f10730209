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
use crate::xml::{Content, Node};

const AOT_OBJECTS: [&str; 5] = [
    "AxSecurityRole",
    "AxSecurityDuty",
    "AxSecurityPrivilege",
    "AxSecurityRoleExtension",
    "AxSecurityDutyExtension",
];

/// Whether an element named `name` is an AOT security object: inside one, a backup's embedded
/// AOT elements keep Visual Studio's order.
pub(super) fn is_aot_object(name: &str) -> bool {
    AOT_OBJECTS.contains(&name)
}

/// `children` of `parent` in the order `secgov fmt` writes them; `aot`: whether `parent` is an
/// AOT object or inside one.
pub(super) fn children<'a>(
    parent: Node<'a>,
    aot: bool,
    children: Vec<Content<'a>>,
    dialect: Dialect,
) -> Vec<Content<'a>> {
    let rank = ranking(parent.name(), aot, dialect);
    let Some(rank) = rank else { return children };
    // Group each element with the comments before it.
    let mut groups: Vec<(usize, Vec<Content<'a>>)> = Vec::new();
    let mut pending = Vec::new();
    let mut last = 0;
    for child in children {
        if let Content::Node(element) = &child {
            let key = rank(element.name()).unwrap_or(last);
            last = key;
            pending.push(child);
            groups.push((key, std::mem::take(&mut pending)));
        } else {
            pending.push(child);
        }
    }
    groups.sort_by_key(|(key, _)| *key);
    let mut out: Vec<Content<'a>> = groups.into_iter().flat_map(|(_, nodes)| nodes).collect();
    out.extend(pending);
    out
}

type Rank = Box<dyn Fn(&str) -> Option<usize>>;

/// How to rank the children of an element named `tag`, or `None` to keep their order.
fn ranking(tag: &str, aot: bool, dialect: Dialect) -> Option<Rank> {
    if tag == "Grant" || tag == "GrantCurrentData" {
        if dialect == Dialect::UsgBackup && !aot {
            return Some(Box::new(|t: &str| Permission::parse(t).map(|p| p as usize)));
        }
        let mut alphabetical: Vec<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        alphabetical.sort_unstable();
        return Some(Box::new(move |t: &str| {
            alphabetical.iter().position(|a| *a == t)
        }));
    }
    if dialect != Dialect::UsgBackup || aot {
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
