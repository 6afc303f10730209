//! Issue 18, point 4: SG911 and its page agree. Process names are unique within the category at
//! any depth (Microsoft: "enter a unique name for the process", not limited to the parent), as
//! SG202 checks backups; a common sub-process name under two areas is reported once, with a
//! qualified name to use, and the same name under two categories is fine.

use super::spreadsheet_csv::{report, run};

#[test]
fn a_sub_process_name_under_two_areas_is_reported_with_a_name_to_use() {
    let g = run(
        "setup.csv",
        "Category,Process,Task,Duty,ObjectType,ObjectName,Read\n\
         Supply chain,Sales > Setup,Sales parameters,SalesParametersMaintain,MenuItemDisplay,SalesParameters,Allow\n\
         Supply chain,Procurement > Setup,Purchase parameters,PurchParametersMaintain,MenuItemDisplay,PurchParameters,Allow\n",
    );
    assert!(g.xml.is_none());
    let codes: Vec<_> = g.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["SG911"]);
    insta::assert_snapshot!(report(&g));
}

#[test]
fn the_page_says_what_the_rule_does() {
    let page = std::fs::read_to_string("docs/rules/SG911.md").unwrap();
    assert!(page.contains("at any depth"), "{page}");
    assert!(!page.contains("within their parent"), "{page}");
}

#[test]
fn one_name_in_two_categories_and_one_path_over_many_rows_are_fine() {
    let g = run(
        "ok.csv",
        "Category,Process,Task,Duty,ObjectType,ObjectName,Read\n\
         Sales,Setup,Sales parameters,SalesParametersMaintain,MenuItemDisplay,SalesParameters,Allow\n\
         Sales,Setup,Sales parameters,SalesParametersMaintain,MenuItemDisplay,SalesTableSetup,Allow\n\
         Procurement,Setup,Purchase parameters,PurchParametersMaintain,MenuItemDisplay,PurchParameters,Allow\n",
    );
    assert!(g.diagnostics.is_empty(), "{}", report(&g));
    assert!(g.xml.is_some());
}
