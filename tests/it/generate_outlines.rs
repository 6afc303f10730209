//! Outline reading and outline findings through the library: Excel's `sep=` line, tabs, YAML
//! and TOML syntax errors at their place, unknown keys, gaps in Level columns, duplicates
//! across outlines. Findings are rendered as people see them and snapshot-tested.

use secgov::generate::{Generated, Request, generate, hierarchy_lines};
use secgov::render::human::{HumanOptions, render};

fn run(outlines: &[(&str, &str)]) -> Generated {
    generate(&Request {
        outlines: outlines
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect(),
        output_name: "generated.xml".into(),
        ..Request::default()
    })
}

fn report(g: &Generated) -> String {
    render(&g.files, &g.diagnostics, HumanOptions::default())
}

#[test]
fn excel_sep_line_and_tab_separated_outlines_read_like_commas() {
    let comma = run(&[(
        "a.csv",
        "Category,Process,Task,ObjectType,ObjectName,Read\nC,P,T,MenuItemDisplay,M,Allow\n",
    )]);
    let sep = run(&[(
        "b.csv",
        "sep=|\nCategory|Process|Task|ObjectType|ObjectName|Read\nC|P|T|MenuItemDisplay|M|Allow\n",
    )]);
    let tab = run(&[(
        "c.txt",
        "Category\tProcess\tTask\tObjectType\tObjectName\tRead\nC\tP\tT\tMenuItemDisplay\tM\tAllow\n",
    )]);
    for g in [&comma, &sep, &tab] {
        assert!(g.diagnostics.is_empty(), "{}", report(g));
    }
    assert_eq!(comma.xml, sep.xml);
    assert_eq!(comma.xml, tab.xml);
    assert_eq!(hierarchy_lines(&comma.model.categories).len(), 4);
}

#[test]
fn a_level_after_an_empty_level_is_reported() {
    let g = run(&[(
        "levels.csv",
        "Category,Level1,Level2,Level3,Task\nC,A,,B,T\n",
    )]);
    assert!(g.xml.is_none());
    insta::assert_snapshot!(report(&g));
}

#[test]
fn yaml_syntax_errors_point_at_their_line() {
    let g = run(&[(
        "bad.yaml",
        "categories:\n  - name: Sales\n    processes: [\n      - name: x\n",
    )]);
    assert!(g.xml.is_none());
    insta::assert_snapshot!(report(&g));
}

#[test]
fn toml_syntax_errors_point_at_their_line() {
    let g = run(&[("bad.toml", "[[categories]]\nname = \"Sales\n")]);
    assert!(g.xml.is_none());
    insta::assert_snapshot!(report(&g));
}

#[test]
fn unknown_keys_are_named_with_a_suggestion() {
    let g = run(&[(
        "keys.yaml",
        "categories:\n  - name: Sales\n    procesess:\n      - name: Orders\n",
    )]);
    assert!(g.xml.is_none());
    insta::assert_snapshot!(report(&g));
}

#[test]
fn a_category_in_two_outlines_is_reported_in_both() {
    let g = run(&[
        ("one.csv", "Category,Process\nSales,Orders\n"),
        ("two.toml", "[[categories]]\nname = \"sales\"\n"),
    ]);
    assert!(g.xml.is_none());
    insta::assert_snapshot!(report(&g));
}

#[test]
fn control_characters_in_names_are_refused() {
    let g = run(&[("ctl.csv", "Category,Process,Task\nC,P,\"Line\nbreak\"\n")]);
    assert!(g.xml.is_none());
    assert!(
        g.diagnostics.iter().any(|d| d.code == "SG913"),
        "{}",
        report(&g)
    );
}

#[test]
fn tasks_sharing_a_duty_must_agree_on_grants() {
    let g = run(&[(
        "shared.yaml",
        "categories:\n  - name: C\n    processes:\n      - name: P\n        tasks:\n          - name: A\n            duty: D\n            entry_points: [{ object_type: MenuItemDisplay, object_name: M, read: Allow }]\n          - name: B\n            duty: D\n            entry_points: [{ object_type: MenuItemDisplay, object_name: M, read: Deny }]\n",
    )]);
    assert!(g.xml.is_none());
    assert!(
        g.diagnostics.iter().any(|d| d.code == "SG908"),
        "{}",
        report(&g)
    );
}
