//! Property: `diff(b, a)` is the mirror image of `diff(a, b)` (added <-> removed, old <-> new,
//! gained <-> lost), for random backups with repeated names, names in other letter case, moved
//! tasks and processes, and every kind of grant.

use proptest::prelude::*;
use secgov::diff::{DiffOptions, diff};
use secgov::load::{LoadOptions, load_bytes};

/// Small pools so that the two sides share, repeat and respell names.
const NAMES: [&str; 6] = ["Alpha", "alpha", "Beta", "Gamma", "DELTA", "Delta"];
const OBJECTS: [&str; 4] = ["CustTable", "custtable", "SalesTable", "VendTable"];
const TYPES: [&str; 2] = ["MenuItemDisplay", "MenuItemAction"];
const VALUES: [Option<&str>; 3] = [None, Some("Allow"), Some("Deny")];
const PERMISSIONS: [&str; 6] = ["Read", "Update", "Create", "Correct", "Delete", "Invoke"];

fn name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&NAMES[..])
}

fn names() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(name(), 0..3)
}

fn entry_point() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&OBJECTS[..]),
        prop::sample::select(&TYPES[..]),
        prop::collection::vec(prop::sample::select(&VALUES[..]), 6),
        any::<bool>(),
    )
        .prop_map(|(object, kind, values, usg)| {
            let grant: String = PERMISSIONS
                .iter()
                .zip(values)
                .filter_map(|(p, v)| v.map(|v| format!("<{p}>{v}</{p}>")))
                .collect();
            if usg {
                format!("<EntryPoint><ObjectName>{object}</ObjectName><ObjectType>{kind}</ObjectType><Grant>{grant}</Grant></EntryPoint>")
            } else {
                format!("<AxSecurityEntryPointReference><Name>{object}</Name><Grant>{grant}</Grant><ObjectName>{object}</ObjectName><ObjectType>{kind}</ObjectType></AxSecurityEntryPointReference>")
            }
        })
}

fn usg_entry_points() -> impl Strategy<Value = String> {
    prop::collection::vec(entry_point(), 0..3).prop_map(|eps| {
        eps.into_iter()
            .map(|e| {
                if e.starts_with("<EntryPoint>") {
                    e
                } else {
                    String::new()
                }
            })
            .collect()
    })
}

fn task() -> impl Strategy<Value = String> {
    (name(), prop::option::of(name()), usg_entry_points()).prop_map(|(n, duty, eps)| {
        let duty = duty
            .map(|d| format!("<Duty>{d}</Duty>"))
            .unwrap_or_default();
        format!("<Task><Name>{n}</Name>{duty}<EntryPoints>{eps}</EntryPoints></Task>")
    })
}

fn process() -> impl Strategy<Value = String> {
    let leaf = (name(), prop::collection::vec(task(), 0..3))
        .prop_map(|(n, tasks)| format!("<Process><Name>{n}</Name>{}</Process>", tasks.concat()));
    leaf.prop_recursive(2, 8, 3, |inner| {
        (
            name(),
            prop::option::of(name()),
            prop::collection::vec(inner, 0..3),
            prop::collection::vec(task(), 0..2),
        )
            .prop_map(|(n, role, children, tasks)| {
                let role = role
                    .map(|r| format!("<Role>{r}</Role>"))
                    .unwrap_or_default();
                format!(
                    "<Process><Name>{n}</Name>{role}{}{}</Process>",
                    children.concat(),
                    tasks.concat()
                )
            })
    })
}

fn refs(tag: &str, reference: &str, names: &[&str]) -> String {
    let inner: String = names
        .iter()
        .map(|n| format!("<{reference}><Name>{n}</Name></{reference}>"))
        .collect();
    format!("<{tag}>{inner}</{tag}>")
}

fn role() -> impl Strategy<Value = String> {
    (name(), prop::option::of(name()), names(), names(), names()).prop_map(
        |(n, label, duties, privileges, subs)| {
            let label = label
                .map(|l| format!("<Label>{l}</Label>"))
                .unwrap_or_default();
            format!(
                "<AxSecurityRole><Name>{n}</Name>{label}{}{}{}</AxSecurityRole>",
                refs("Duties", "AxSecurityDutyReference", &duties),
                refs("Privileges", "AxSecurityPrivilegeReference", &privileges),
                refs("SubRoles", "AxSecurityRoleReference", &subs)
            )
        },
    )
}

fn duty() -> impl Strategy<Value = String> {
    (name(), names()).prop_map(|(n, privileges)| {
        format!(
            "<AxSecurityDuty><Name>{n}</Name>{}</AxSecurityDuty>",
            refs("Privileges", "AxSecurityPrivilegeReference", &privileges)
        )
    })
}

fn privilege() -> impl Strategy<Value = String> {
    (name(), prop::collection::vec(entry_point(), 0..3)).prop_map(|(n, eps)| {
        let eps: String = eps
            .into_iter()
            .filter(|e| e.starts_with("<AxSecurityEntryPointReference>"))
            .collect();
        format!("<AxSecurityPrivilege><Name>{n}</Name><EntryPoints>{eps}</EntryPoints></AxSecurityPrivilege>")
    })
}

fn backup() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(process(), 0..3),
        prop::collection::vec(role(), 0..4),
        prop::collection::vec(duty(), 0..3),
        prop::collection::vec(privilege(), 0..4),
        prop::sample::select(&["Order to cash", "order to cash", "Procure to pay"][..]),
    )
        .prop_map(|(processes, roles, duties, privileges, category)| {
            format!(
                "<SecurityCategoryBackup Type=\"GovernanceAndConfiguration\" SchemaVersion=\"1\"><SecurityCategory><Name>{category}</Name>\
                 <ProcessHierarchy>{}</ProcessHierarchy><SecurityConfiguration>{}{}{}</SecurityConfiguration>\
                 </SecurityCategory></SecurityCategoryBackup>",
                processes.concat(),
                roles.concat(),
                duties.concat(),
                privileges.concat()
            )
        })
}

proptest! {
    #![proptest_config(crate::property::config(300))]

    #[test]
    fn diff_b_a_mirrors_diff_a_b(a in backup(), b in backup(), renames in any::<bool>()) {
        let options = DiffOptions { renames, access: true, ..DiffOptions::default() };
        let a = load_bytes("a.xml", a.as_bytes(), &LoadOptions::default()).model;
        let b = load_bytes("b.xml", b.as_bytes(), &LoadOptions::default()).model;
        let forward = diff(&a, &b, &options);
        let backward = diff(&b, &a, &options);
        prop_assert_eq!(forward.mirror(), backward);
        prop_assert_eq!(forward.is_same(), diff(&b, &a, &options).is_same());
    }

    #[test]
    fn a_backup_equals_itself(a in backup()) {
        let options = DiffOptions { access: true, ..DiffOptions::default() };
        let a1 = load_bytes("a.xml", a.as_bytes(), &LoadOptions::default()).model;
        let a2 = load_bytes("a.xml", a.as_bytes(), &LoadOptions::default()).model;
        prop_assert!(diff(&a1, &a2, &options).is_same());
    }
}

/// Regression: two tasks respelled in opposite directions (Delta -> DELTA and DELTA -> Delta)
/// sorted in input order, so diff(b, a) and diff(a, b).mirror() listed them differently.
#[test]
fn opposite_respellings_sort_the_same_in_both_directions() {
    let a = "<SecurityCategoryBackup Type=\"GovernanceAndConfiguration\" SchemaVersion=\"1\"><SecurityCategory><Name>Order to cash</Name><ProcessHierarchy><Process><Name>DELTA</Name><Task><Name>Delta</Name><EntryPoints></EntryPoints></Task></Process><Process><Name>Alpha</Name><Task><Name>DELTA</Name><EntryPoints></EntryPoints></Task></Process></ProcessHierarchy><SecurityConfiguration></SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>";
    let b = "<SecurityCategoryBackup Type=\"GovernanceAndConfiguration\" SchemaVersion=\"1\"><SecurityCategory><Name>Order to cash</Name><ProcessHierarchy><Process><Name>Alpha</Name><Task><Name>Delta</Name><EntryPoints></EntryPoints></Task></Process><Process><Name>Alpha</Name><Process><Name>DELTA</Name><Task><Name>DELTA</Name><EntryPoints></EntryPoints></Task></Process></Process></ProcessHierarchy><SecurityConfiguration></SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>";
    let load = |t: &str| {
        secgov::load::load_bytes("x.xml", t.as_bytes(), &secgov::load::LoadOptions::default()).model
    };
    let (ma, mb) = (load(a), load(b));
    let options = secgov::diff::DiffOptions {
        renames: false,
        ..Default::default()
    };
    let forward = secgov::diff::diff(&ma, &mb, &options);
    let backward = secgov::diff::diff(&mb, &ma, &options);
    assert_eq!(backward, forward.mirror());
}

/// Regression (issue 21): processes named "Alpha" and "alpha" under one parent competed for one
/// match, and a removed and an added task with the same name and parent tied in the sort, so
/// diff(a, b) listed the added task first and the mirror of diff(b, a) the removed one.
#[test]
fn case_variant_processes_and_a_tied_task_mirror_exactly() {
    let a = "<SecurityCategoryBackup Type=\"GovernanceAndConfiguration\" SchemaVersion=\"1\"><SecurityCategory><Name>Order to cash</Name><ProcessHierarchy><Process><Name>Beta</Name><Process><Name>Alpha</Name></Process></Process><Process><Name>Delta</Name><Process><Name>alpha</Name><Task><Name>Alpha</Name><EntryPoints></EntryPoints></Task></Process><Task><Name>Alpha</Name><EntryPoints></EntryPoints></Task></Process></ProcessHierarchy><SecurityConfiguration></SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>";
    let b = "<SecurityCategoryBackup Type=\"GovernanceAndConfiguration\" SchemaVersion=\"1\"><SecurityCategory><Name>Order to cash</Name><ProcessHierarchy><Process><Name>Delta</Name><Process><Name>Alpha</Name></Process><Process><Name>alpha</Name><Task><Name>Alpha</Name><EntryPoints></EntryPoints></Task></Process></Process></ProcessHierarchy><SecurityConfiguration></SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>";
    let load = |t: &str| load_bytes("x.xml", t.as_bytes(), &LoadOptions::default()).model;
    let (ma, mb) = (load(a), load(b));
    for renames in [false, true] {
        let options = DiffOptions {
            renames,
            access: true,
            ..DiffOptions::default()
        };
        let forward = diff(&ma, &mb, &options);
        let backward = diff(&mb, &ma, &options);
        assert_eq!(backward, forward.mirror(), "renames: {renames}");
    }
}

/// Names that differ only in letter case on one side pair with their own spelling on the other,
/// wherever they stand: swapping two such siblings (or roles) is no difference.
#[test]
fn case_variant_names_pair_with_their_own_spelling_whatever_their_order() {
    let backup = |first: (&str, &str, &str), second: (&str, &str, &str)| {
        let process = |(name, task, _): (&str, &str, &str)| {
            format!(
                "<Process><Name>{name}</Name><Task><Name>{task}</Name><EntryPoints></EntryPoints></Task></Process>"
            )
        };
        let role = |(name, _, label): (&str, &str, &str)| {
            format!("<AxSecurityRole><Name>{name}</Name><Label>{label}</Label></AxSecurityRole>")
        };
        format!(
            "<SecurityCategoryBackup Type=\"GovernanceAndConfiguration\" SchemaVersion=\"1\"><SecurityCategory><Name>Order to cash</Name>\
             <ProcessHierarchy><Process><Name>Sales</Name>{}{}</Process></ProcessHierarchy>\
             <SecurityConfiguration>{}{}</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>",
            process(first),
            process(second),
            role(first),
            role(second)
        )
    };
    let upper = ("Alpha", "Take orders", "Clerk");
    let lower = ("alpha", "Ship orders", "Manager");
    let load = |t: String| load_bytes("x.xml", t.as_bytes(), &LoadOptions::default()).model;
    let (a, b) = (load(backup(upper, lower)), load(backup(lower, upper)));
    for renames in [false, true] {
        let options = DiffOptions {
            renames,
            access: true,
            ..DiffOptions::default()
        };
        let report = diff(&a, &b, &options);
        assert!(report.is_same(), "renames: {renames}: {report:#?}");
        assert!(report.respelled.is_empty(), "{:#?}", report.respelled);
    }
}
