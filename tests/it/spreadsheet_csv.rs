//! Issue 18, CSV as spreadsheets save it: rows with another separator than the header, lines
//! quoted as one cell, a cell holding an unquoted comma, and misspelt permission values. Each
//! must be named for what it is, at its cell, and never become a junk category with no finding.

use secgov::diag::Severity;
use secgov::generate::{Generated, Request, generate};
use secgov::render::human::{HumanOptions, render};

pub(crate) fn run(path: &str, text: &str) -> Generated {
    generate(&Request {
        outlines: vec![(path.to_owned(), text.as_bytes().to_vec())],
        output_name: "generated.xml".into(),
        ..Request::default()
    })
}

pub(crate) fn report(g: &Generated) -> String {
    render(&g.files, &g.diagnostics, HumanOptions::default())
}

fn codes(g: &Generated) -> Vec<&str> {
    g.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn rows_separated_otherwise_than_the_header_are_one_finding_not_a_category() {
    let g = run(
        "mixed.csv",
        "Category;Process;Task;Duty;ObjectType;ObjectName;Read\n\
         Sales,Orders,Enter orders,SalesOrderMaintain,MenuItemDisplay,SalesTable,Allow\n\
         Sales,Orders,Enter orders,SalesOrderMaintain,MenuItemDisplay,SalesLine,Allow\n",
    );
    assert!(g.xml.is_none());
    assert_eq!(codes(&g), ["SG901"]);
    insta::assert_snapshot!(report(&g));
}

#[test]
fn a_file_whose_lines_are_each_quoted_is_one_finding_on_the_header() {
    let g = run(
        "quoted.csv",
        "\"Category,Process,Task,Duty,ObjectType,ObjectName,Read\"\n\
         \"Sales,Orders,Enter orders,SalesOrderMaintain,MenuItemDisplay,SalesTable,Allow\"\n",
    );
    assert!(g.xml.is_none());
    assert_eq!(codes(&g), ["SG901"]);
    insta::assert_snapshot!(report(&g));
}

#[test]
fn a_data_row_quoted_as_one_cell_is_named_as_such() {
    let g = run(
        "row.csv",
        "Category,Process,Task,Duty,ObjectType,ObjectName,Read\n\
         Sales,Orders,Enter orders,SalesOrderMaintain,MenuItemDisplay,SalesTable,Allow\n\
         \"Sales,Orders,Enter orders,SalesOrderMaintain,MenuItemDisplay,SalesLine,Allow\"\n",
    );
    assert!(g.xml.is_none());
    assert_eq!(codes(&g), ["SG901"]);
    assert!(g.diagnostics[0].message.contains("quoted as one cell"));
}

#[test]
fn a_category_only_row_with_a_comma_in_its_quoted_name_is_still_a_category() {
    let g = run(
        "ok.csv",
        "Category,Process,Task,Duty,ObjectType,ObjectName,Read\n\
         \"Sales, EU\"\n\
         \"Sales, EU\",Orders,Enter orders,SalesOrderMaintain,MenuItemDisplay,SalesTable,Allow\n",
    );
    assert!(
        !g.diagnostics.iter().any(|d| d.severity == Severity::Error),
        "{}",
        report(&g)
    );
}

#[test]
fn an_unquoted_comma_in_a_cell_is_the_one_finding_of_its_row() {
    let g = run(
        "comma.csv",
        "Category,Process,Task,Duty,ObjectType,ObjectName,Read\n\
         Sales,Orders,Create, change and confirm,SalesOrderMaintain,MenuItemDisplay,SalesTable,Allow\n",
    );
    assert!(g.xml.is_none());
    assert_eq!(codes(&g), ["SG902"], "{}", report(&g));
    insta::assert_snapshot!(report(&g));
}

#[test]
fn a_misspelt_permission_value_gets_a_suggestion() {
    let g = run(
        "alow.csv",
        "Category,Process,Task,Duty,ObjectType,ObjectName,Read,Delete\n\
         Sales,Orders,Enter,SalesOrderMaintain,MenuItemDisplay,SalesTable,Alow,Denny\n",
    );
    let helps: Vec<_> = g
        .diagnostics
        .iter()
        .map(|d| (d.code, d.help.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        helps,
        [
            ("SG906", "did you mean `Allow`?".to_owned()),
            ("SG906", "did you mean `Deny`?".to_owned())
        ]
    );
}
