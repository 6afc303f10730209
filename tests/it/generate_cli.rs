//! `secgov generate` and `secgov init` as users run them: outlines in every format, --from and
//! --rename, --emit aot, --dry-run, refusing to overwrite, and outline errors with row and column.

use secgov::generate::hierarchy_lines;
use secgov::load::{LoadOptions, load_bytes};
use std::path::{Path, PathBuf};
use std::process::Output;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secgov-generate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn secgov(dir: &Path, args: &[&str]) -> Output {
    crate::support::command()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .output()
        .unwrap()
}

fn template(name: &str) -> String {
    format!("{ROOT}/templates/outlines/{name}")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn hierarchy(path: &Path) -> Vec<String> {
    let loaded = load_bytes(
        "x.xml",
        &std::fs::read(path).unwrap(),
        &LoadOptions::default(),
    );
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    hierarchy_lines(&loaded.model.categories)
}

#[test]
fn csv_with_semicolons_and_a_byte_order_mark() {
    let dir = temp("semicolon");
    let mut csv = vec![0xEF, 0xBB, 0xBF];
    csv.extend_from_slice(
        "Category;Process;Task;Duty;ObjectType;ObjectName;Read;Update\r\n\
         \"Ops; Europe\";Finance > Ledger;Post journals;LedgerJournalPost;MenuItemDisplay;LedgerJournalTable;Allow;Allow\r\n\
         \"Ops; Europe\";Finance > Ledger;Post journals;LedgerJournalPost;MenuItemAction;\"Ledger \"\"post\"\"\";;\r\n"
            .as_bytes(),
    );
    std::fs::write(dir.join("outline.csv"), csv).unwrap();
    let o = secgov(&dir, &["generate", "outline.csv", "-o", "out.xml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = hierarchy(&dir.join("out.xml"));
    assert_eq!(lines[0], "category \"Ops; Europe\" description=- company=-");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("entry point MenuItemAction \"Ledger \\\"post\\\"\"")),
        "{lines:#?}"
    );
    // The second entry point sets no permission: a warning, not an error.
    assert!(stderr(&o).contains("SG915"), "{}", stderr(&o));
}

#[test]
fn yaml_toml_and_csv_outlines_write_the_same_backup_to_standard_output() {
    let dir = temp("formats");
    let outputs: Vec<Vec<u8>> = [
        "order-to-cash.csv",
        "order-to-cash.yaml",
        "order-to-cash.toml",
    ]
    .iter()
    .map(|name| {
        let o = secgov(&dir, &["generate", &template(name), "-o", "-"]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        o.stdout
    })
    .collect();
    assert!(outputs[0].starts_with(b"<?xml"));
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn from_backup_with_rename_copies_the_category() {
    let dir = temp("from");
    let backup = format!("{ROOT}/templates/usg/procure-to-pay.xml");
    let o = secgov(
        &dir,
        &[
            "generate",
            "--from",
            &backup,
            "--category",
            "procure to pay",
            "--rename",
            "Procure to pay (EU)",
            "--type",
            "both",
            "-o",
            "eu.xml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let copy = hierarchy(&dir.join("eu.xml"));
    let original = hierarchy(Path::new(&backup));
    assert_eq!(
        copy[0],
        original[0].replace("\"Procure to pay\"", "\"Procure to pay (EU)\"")
    );
    assert_eq!(copy[1..], original[1..]);
    let text = std::fs::read_to_string(dir.join("eu.xml")).unwrap();
    assert!(
        text.contains("<Name>VendVendorAdministrator</Name>"),
        "the template's roles travel"
    );
}

#[test]
fn from_backup_with_an_outline_replaces_the_hierarchy() {
    let dir = temp("from-outline");
    std::fs::write(
        dir.join("new.csv"),
        "Process,Task,Duty,ObjectType,ObjectName,Read\nReporting,View vendor invoices,VendInvoiceView,MenuItemDisplay,VendInvoiceJournal,Allow\n",
    )
    .unwrap();
    let backup = format!("{ROOT}/templates/usg/procure-to-pay.xml");
    let o = secgov(
        &dir,
        &[
            "generate",
            "new.csv",
            "--from",
            &backup,
            "--category",
            "Procure to pay",
            "--rename",
            "P2P reporting",
            "-o",
            "out.xml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = hierarchy(&dir.join("out.xml"));
    assert_eq!(
        lines[0],
        "category \"P2P reporting\" description=\"Purchasing, vendor management and accounts payable\" company=\"USMF\""
    );
    assert_eq!(
        lines[1],
        "  process \"Reporting\" description=- version=- role=-"
    );
    assert_eq!(lines.len(), 4);
}

#[test]
fn from_backup_names_a_missing_category_with_a_suggestion() {
    let dir = temp("from-missing");
    let backup = format!("{ROOT}/templates/usg/procure-to-pay.xml");
    let o = secgov(
        &dir,
        &[
            "generate",
            "--from",
            &backup,
            "--category",
            "Procure to pya",
            "-o",
            "out.xml",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("SG916") && err.contains("did you mean `Procure to pay`?"),
        "{err}"
    );
    assert!(!dir.join("out.xml").exists());
}

#[test]
fn emit_aot_writes_a_folder_and_refuses_to_overwrite_it() {
    let dir = temp("aot");
    let o = secgov(
        &dir,
        &[
            "generate",
            &template("procure-to-pay.yaml"),
            "--emit",
            "aot",
            "--out",
            "aot",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in [
        "AxSecurityRole/VendVendorAdministrator.xml",
        "AxSecurityDuty/VendInvoiceProcess.xml",
        "AxSecurityPrivilege/PurchPurchaseOrderMaintain.xml",
    ] {
        assert!(dir.join("aot").join(f).is_file(), "{f}");
    }
    let loaded = secgov::load::load(&[dir.join("aot")], &LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(
        (
            loaded.model.roles.len(),
            loaded.model.duties.len(),
            loaded.model.privileges.len()
        ),
        (3, 4, 4)
    );
    let again = secgov(
        &dir,
        &[
            "generate",
            &template("procure-to-pay.yaml"),
            "--emit",
            "aot",
            "--out",
            "aot",
        ],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    let forced = secgov(
        &dir,
        &[
            "generate",
            &template("procure-to-pay.yaml"),
            "--emit",
            "aot",
            "--out",
            "aot",
            "--force",
        ],
    );
    assert_eq!(forced.status.code(), Some(0));
}

#[test]
fn dry_run_prints_the_summary_and_tree_and_writes_nothing() {
    let dir = temp("dry-run");
    let o = secgov(
        &dir,
        &[
            "generate",
            &template("order-to-cash.toml"),
            "-o",
            "out.xml",
            "--dry-run",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!dir.join("out.xml").exists());
    insta::assert_snapshot!(String::from_utf8(o.stdout).unwrap());
}

#[test]
fn an_existing_output_is_not_overwritten_without_force() {
    let dir = temp("overwrite");
    std::fs::write(dir.join("out.xml"), "keep me").unwrap();
    let o = secgov(
        &dir,
        &["generate", &template("order-to-cash.csv"), "-o", "out.xml"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("already exists; pass --force"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("out.xml")).unwrap(),
        "keep me"
    );
    let o = secgov(
        &dir,
        &[
            "generate",
            &template("order-to-cash.csv"),
            "-o",
            "out.xml",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(dir.join("out.xml"))
            .unwrap()
            .starts_with("<?xml")
    );
}

#[test]
fn outline_errors_show_the_row_and_column_and_nothing_is_written() {
    let dir = temp("errors");
    std::fs::write(
        dir.join("bad.csv"),
        "Category,Process,Task,Duty,ObjectType,ObjectName,Read\n\
         Sales,Orders,Enter orders,SalesOrderMaintain,MenuItemDisplay,SalesTable,Allow\n\
         Sales,Orders,Enter orders,SalesOrderMaintain,MenuItemDisplai,SalesLine,Allow\n\
         Sales,Orders,Enter orders,SalesOrderMaintain,MenuItemDisplay,SalesTable,Deny\n",
    )
    .unwrap();
    let o = secgov(&dir, &["generate", "bad.csv", "-o", "out.xml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.join("out.xml").exists());
    insta::assert_snapshot!(stderr(&o));
}

#[test]
fn a_category_already_in_the_target_is_refused() {
    let dir = temp("target");
    let target = format!("{ROOT}/templates/usg/order-to-cash.xml");
    let o = secgov(
        &dir,
        &[
            "generate",
            &template("order-to-cash.yaml"),
            "--target",
            &target,
            "-o",
            "out.xml",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("SG910"), "{}", stderr(&o));
    assert!(!dir.join("out.xml").exists());
}

#[test]
fn init_writes_a_starter_that_generates_and_never_overwrites() {
    let dir = temp("init");
    let o = secgov(
        &dir,
        &[
            "init",
            "project",
            "--template",
            "order-to-cash",
            "--format",
            "yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("project/outline.yaml").is_file());
    assert!(dir.join("project/secgov.toml").is_file());
    let again = secgov(&dir, &["init", "project"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("never overwrites"),
        "{}",
        stderr(&again)
    );
    let o = secgov(&dir.join("project"), &["generate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = hierarchy(&dir.join("project/category-backup.xml"));
    assert!(lines[0].starts_with("category \"Order to cash\""));
}

#[test]
fn validate_accepts_the_secgov_toml_that_init_writes() {
    // Regression: `secgov validate` refused unknown tables, so the [generate] table of an
    // init'd folder broke it.
    let dir = temp("init-validate");
    assert_eq!(secgov(&dir, &["init", "p"]).status.code(), Some(0));
    assert_eq!(secgov(&dir.join("p"), &["generate"]).status.code(), Some(0));
    let o = secgov(&dir.join("p"), &["validate", "category-backup.xml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn findings_of_validate_on_the_generated_file_point_at_the_outline() {
    let dir = temp("traced");
    std::fs::write(
        dir.join("dup.yaml"),
        "categories:\n  - name: Sales\n    processes:\n      - name: Orders\n        tasks:\n          - name: Enter orders\n            duty: SalesOrderMaintain\n            entry_points:\n              - { object_type: MenuItemDisplay, object_name: SalesTable, read: Allow }\n              - { object_type: MenuItemDisplay, object_name: SalesTable, read: Allow }\n",
    )
    .unwrap();
    let o = secgov(&dir, &["generate", "dup.yaml", "-o", "dup.xml"]);
    // A warning of `secgov validate` (SG204), shown at the YAML lines; the file is written.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("dup.xml").is_file());
    insta::assert_snapshot!(stderr(&o));
}

/// A duty name becomes an AOT element only with --emit aot; there it must be one (SG953).
#[test]
fn emit_aot_refuses_names_that_cannot_be_aot_elements() {
    let dir = temp("aot-bad-name");
    std::fs::write(
        dir.join("p2p.csv"),
        "Category,Process,Task,Duty,ObjectType,ObjectName,Read\nProcure to pay,Vendors,Maintain vendors,Vendor master (maintain),MenuItemDisplay,VendTable,Allow\n",
    )
    .unwrap();
    let o = secgov(
        &dir,
        &["generate", "p2p.csv", "--emit", "aot", "--out", "aot"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("SG953"), "{}", stderr(&o));
    assert!(!dir.join("aot").exists());
    // The same outline as a backup is fine: the name stays text until something creates it.
    let usg = secgov(&dir, &["generate", "p2p.csv", "--out", "p2p.xml"]);
    assert_eq!(usg.status.code(), Some(0), "{}", stderr(&usg));
}
