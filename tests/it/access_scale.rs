//! Issue 14, classes 1 and 2: sub-role chains and cycles of any length. A 50,000-role chain goes
//! through `diff --access` without overflowing the stack, and the engine's work (and validate's
//! findings) grow linearly with the length of a chain or cycle: judged by counting, never by time.

use crate::support::{fixture, secgov, unwrapped, within_watchdog};
use secgov::load::{LoadOptions, load_bytes};
use secgov::model::{Engine, Implied};

/// A backup whose roles R0 > R1 > ... > R{n-1} each hold the next as a sub-role (and, with
/// `cycle`, the last holds R0); the last role holds privilege P, which reads CustTable; with
/// `top_extra`, R0 also holds privilege Q, which deletes VendTable.
fn chain(n: usize, cycle: bool, top_extra: bool) -> String {
    let mut xml = String::from(
        "<SecurityCategoryBackup Type=\"SecurityConfiguration\"><SecurityCategory><Name>C</Name><SecurityConfiguration>\n",
    );
    for i in 0..n {
        xml.push_str(&format!("<AxSecurityRole><Name>R{i}</Name>"));
        if i == 0 && top_extra {
            xml.push_str("<Privileges><AxSecurityPrivilegeReference><Name>Q</Name></AxSecurityPrivilegeReference></Privileges>");
        }
        if i + 1 < n {
            xml.push_str(&format!(
                "<SubRoles><AxSecurityRoleReference><Name>R{}</Name></AxSecurityRoleReference></SubRoles>",
                i + 1
            ));
        } else {
            xml.push_str("<Privileges><AxSecurityPrivilegeReference><Name>P</Name></AxSecurityPrivilegeReference></Privileges>");
            if cycle {
                xml.push_str("<SubRoles><AxSecurityRoleReference><Name>R0</Name></AxSecurityRoleReference></SubRoles>");
            }
        }
        xml.push_str("</AxSecurityRole>\n");
    }
    for (p, object, permission) in [("P", "CustTable", "Read"), ("Q", "VendTable", "Delete")] {
        xml.push_str(&format!(
            "<AxSecurityPrivilege><Name>{p}</Name><EntryPoints><AxSecurityEntryPointReference><Name>{object}</Name><Grant><{permission}>Allow</{permission}></Grant><ObjectName>{object}</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>\n"
        ));
    }
    xml.push_str("</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>\n");
    xml
}

/// The engine's work to flatten every role of a chain (or cycle) of `n` roles.
fn work(n: usize, cycle: bool) -> usize {
    let text = chain(n, cycle, false);
    let loaded = load_bytes("chain.xml", text.as_bytes(), &LoadOptions::default());
    let implied = Implied::default();
    let engine = Engine::new(&loaded.model, &implied);
    for r in 0..engine.roles().len() {
        let access = engine.access(r);
        assert_eq!(access.entries.len(), 1, "every role reaches CustTable");
    }
    engine.steps()
}

#[test]
fn flattening_a_chain_or_cycle_is_linear_in_its_length() {
    for cycle in [false, true] {
        let (small, large) = within_watchdog("flattening chains", move || {
            (work(2_000, cycle), work(4_000, cycle))
        });
        assert!(
            large <= small * 2 + 16,
            "cycle {cycle}: {small} steps for 2,000 roles, {large} for 4,000: not linear"
        );
    }
}

#[test]
fn validate_reports_a_long_cycle_once() {
    for n in [2_000, 4_000] {
        let path = fixture(&format!("cycle-{n}.xml"), chain(n, true, false).as_bytes());
        let out = secgov(&["validate", "--format", "json", &path]);
        out.assert_no_panic();
        let cycles = out.stdout.matches("\"SG402\"").count();
        assert_eq!(cycles, 1, "one cycle of {n} roles, one finding");
    }
}

#[test]
fn diff_access_on_a_50000_role_chain_gives_a_result() {
    let n = 50_000;
    let old = fixture("chain-old.xml", chain(n, false, false).as_bytes());
    let new = fixture("chain-new.xml", chain(n, false, true).as_bytes());
    let out = secgov(&["diff", "--access", &old, &new]);
    out.assert_no_panic();
    assert_eq!(out.status, 1, "{}", out.stderr);
    let text = unwrapped(&out.stdout);
    assert!(text.contains("R0 gained Delete on VendTable"), "{text}");
    assert!(
        !text.contains("CustTable"),
        "no role's access to CustTable changed"
    );
}
