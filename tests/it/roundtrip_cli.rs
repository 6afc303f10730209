//! `secgov unpack`, `pack` and `convert` as users run them: outputs, refusals to overwrite, name
//! clashes and files that are not security objects.

use crate::roundtrip_support;

use roundtrip_support::*;
use std::path::Path;

const ORDER_TO_CASH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/usg/order-to-cash.xml"
);

/// An export whose new roles differ only in case.
const CLASHING_EXPORT: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<SecurityCustomizationData xmlns="http://schemas.datacontract.org/2004/07/Microsoft.Dynamics.AX.Security.Management" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
  <_x003C_CustomizationsForTypeList_x003E_k__BackingField>
    <BaseRepositoryCustomizations i:type="RepositoryCustomizationsOfAxSecurityRoleNcCATIYq">
      <_x003C_CustomizedObjectList_x003E_k__BackingField />
      <_x003C_DisabledObjectSet_x003E_k__BackingField xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays" />
      <_x003C_NewObjectList_x003E_k__BackingField>
        <AxSecurityRole xmlns="">
          <Name>ContosoClerk</Name>
        </AxSecurityRole>
        <AxSecurityRole xmlns="">
          <Name>CONTOSOCLERK</Name>
        </AxSecurityRole>
      </_x003C_NewObjectList_x003E_k__BackingField>
    </BaseRepositoryCustomizations>
  </_x003C_CustomizationsForTypeList_x003E_k__BackingField>
</SecurityCustomizationData>
"#;

fn role_file(name: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<AxSecurityRole xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n\t<Name>{name}</Name>\n</AxSecurityRole>"
    )
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn unpack_refuses_to_overwrite_an_unpacked_folder_unless_forced() {
    let dir = scratch("unpack-force");
    assert_eq!(
        secgov(&dir, &["unpack", TEMPLATE_EXPORT, "--out", "out"])
            .status
            .code(),
        Some(0)
    );
    let edited = dir.join("out/New/AxSecurityDuty/ContosoProcurementReview.xml");
    std::fs::write(&edited, "edited").unwrap();
    let o = secgov(&dir, &["unpack", TEMPLATE_EXPORT, "--out", "out"]);
    assert_eq!(o.status.code(), Some(2));
    insta::assert_snapshot!("unpack_refuses_overwrite", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&edited).unwrap(),
        "edited",
        "nothing was written"
    );
    let o = secgov(
        &dir,
        &["unpack", TEMPLATE_EXPORT, "--out", "out", "--force"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&edited)
            .unwrap()
            .contains("<Name>ContosoProcurementReview</Name>")
    );
}

#[test]
fn pack_refuses_to_overwrite_an_export_unless_forced() {
    let dir = scratch("pack-force");
    write(
        &dir.join("model/AxSecurityRole/ContosoClerk.xml"),
        &role_file("ContosoClerk"),
    );
    write(&dir.join("export.xml"), "keep");
    let o = secgov(&dir, &["pack", "model", "--out", "export.xml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "secgov: export.xml already exists; pass --force to overwrite it; nothing was written\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("export.xml")).unwrap(),
        "keep"
    );
    let o = secgov(&dir, &["pack", "model", "--out", "export.xml", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(dir.join("export.xml"))
            .unwrap()
            .contains("<Name>ContosoClerk</Name>")
    );
}

#[test]
fn unpack_reports_names_that_differ_only_in_case_and_writes_nothing() {
    let dir = scratch("unpack-clash");
    write(&dir.join("clash.xml"), CLASHING_EXPORT);
    let o = secgov(&dir, &["unpack", "clash.xml", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("unpack_clash", stderr(&o));
    assert!(!dir.join("out").exists());
}

#[test]
fn pack_reports_names_that_differ_only_in_case_and_writes_nothing() {
    let dir = scratch("pack-clash");
    write(
        &dir.join("model/New/AxSecurityRole/ContosoClerk.xml"),
        &role_file("ContosoClerk"),
    );
    write(
        &dir.join("model/Customized/AxSecurityRole/Copy.xml"),
        &role_file("contosoclerk"),
    );
    let o = secgov(&dir, &["pack", "model", "--out", "export.xml"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("pack_clash", stderr(&o));
    assert!(!dir.join("export.xml").exists());
}

#[test]
fn pack_reports_files_that_are_not_security_objects() {
    let dir = scratch("pack-strays");
    write(
        &dir.join("model/AxSecurityRole/ContosoClerk.xml"),
        &role_file("ContosoClerk"),
    );
    write(&dir.join("model/notes.txt"), "remember to review");
    std::fs::copy(ORDER_TO_CASH, dir.join("model/order-to-cash.xml")).unwrap();
    let o = secgov(&dir, &["pack", "model", "--out", "export.xml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("pack_strays", stderr(&o));
    let export = std::fs::read_to_string(dir.join("export.xml")).unwrap();
    assert_eq!(
        export.matches("<AxSecurityRole ").count(),
        1,
        "only the AOT role is packed"
    );
}

#[test]
fn unpack_refuses_a_file_that_is_not_an_export() {
    let dir = scratch("unpack-backup");
    let o = secgov(&dir, &["unpack", ORDER_TO_CASH, "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        crate::support::unwrapped(&stderr(&o)).contains("not a security configuration export"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.join("out").exists());
}

#[test]
fn convert_writes_the_objects_a_backup_implies_as_aot_files() {
    let dir = scratch("convert-aot");
    let o = secgov(
        &dir,
        &["convert", ORDER_TO_CASH, "--to", "aot", "--out", "aot"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "converted 13 objects (13 implied by the process hierarchy) into aot\n"
    );
    insta::assert_snapshot!(
        "convert_aot_files",
        format!("{:#?}", files_below(&dir.join("aot")))
    );
    insta::assert_snapshot!(
        "convert_aot_role",
        std::fs::read_to_string(dir.join("aot/AxSecurityRole/SalesSalesClerk.xml")).unwrap()
    );
    insta::assert_snapshot!(
        "convert_aot_privilege",
        std::fs::read_to_string(dir.join("aot/AxSecurityPrivilege/SalesSalesOrderMaintain.xml"))
            .unwrap()
    );
    let o = secgov(
        &dir,
        &["convert", ORDER_TO_CASH, "--to", "aot", "--out", "aot"],
    );
    assert_eq!(o.status.code(), Some(2), "the folder is not overwritten");
}

#[test]
fn convert_to_an_export_unpacks_to_the_same_files_as_convert_to_aot() {
    let dir = scratch("convert-secconfig");
    let o = secgov(
        &dir,
        &[
            "convert",
            ORDER_TO_CASH,
            "--to",
            "secconfig",
            "--out",
            "export.xml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let export = std::fs::read_to_string(dir.join("export.xml")).unwrap();
    insta::assert_snapshot!("convert_secconfig", export);
    assert_eq!(
        secgov(
            &dir,
            &["convert", ORDER_TO_CASH, "--to", "aot", "--out", "aot"]
        )
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        secgov(&dir, &["unpack", "export.xml", "--out", "unpacked"])
            .status
            .code(),
        Some(0)
    );
    let aot = files_below(&dir.join("aot"));
    assert_eq!(aot.len(), 13);
    for f in aot {
        assert_eq!(
            std::fs::read_to_string(dir.join("aot").join(&f)).unwrap(),
            std::fs::read_to_string(dir.join("unpacked/New").join(&f)).unwrap(),
            "{}",
            f.display()
        );
    }
}

#[test]
fn pack_refuses_a_manifest_it_cannot_read() {
    let dir = scratch("pack-manifest");
    write(
        &dir.join("model/AxSecurityRole/ContosoClerk.xml"),
        &role_file("ContosoClerk"),
    );
    write(
        &dir.join("model/secgov-manifest.toml"),
        "[role]\ndisabled = [\"ContosoClerk\"]\n",
    );
    let o = secgov(&dir, &["pack", "model", "--out", "export.xml"]);
    assert_eq!(o.status.code(), Some(2));
    insta::assert_snapshot!("pack_bad_manifest", stderr(&o));
    assert!(!dir.join("export.xml").exists());
}

#[test]
fn disabled_names_in_the_manifest_are_packed_and_seen_by_inspect() {
    let dir = scratch("pack-disabled");
    write(
        &dir.join("model/AxSecurityRole/ContosoClerk.xml"),
        &role_file("ContosoClerk"),
    );
    write(
        &dir.join("model/secgov-manifest.toml"),
        "[duties]\ndisabled = [\"VendInvoiceProcess\"]\n",
    );
    let o = secgov(&dir, &["pack", "model", "--out", "export.xml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let export = std::fs::read_to_string(dir.join("export.xml")).unwrap();
    assert!(
        export.contains("<a:string>VendInvoiceProcess</a:string>"),
        "{export}"
    );
    let o = secgov(&dir, &["inspect", "model", "--format", "json"]);
    assert!(stdout(&o).contains("VendInvoiceProcess"), "{}", stdout(&o));
}

#[test]
fn unpacking_over_an_earlier_folder_names_files_the_export_no_longer_has() {
    let dir = scratch("unpack-stale");
    write(
        &dir.join("out/New/AxSecurityRole/Retired.xml"),
        &role_file("Retired"),
    );
    let o = secgov(
        &dir,
        &["unpack", TEMPLATE_EXPORT, "--out", "out", "--force"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "secgov: warning: 1 XML file below out is not in this export; `secgov pack` would include it:\n  out/New/AxSecurityRole/Retired.xml\n"
    );
}

/// A backup whose task names a duty `Vendor master (maintain)`: fine as a backup, but the duty
/// cannot be an AOT element, so `convert --to aot` writes nothing (SG953).
#[test]
fn convert_to_aot_refuses_names_that_cannot_be_aot_elements() {
    let dir = scratch("convert-bad-name");
    let backup =
        std::fs::read_to_string(ORDER_TO_CASH)
            .unwrap()
            .replacen("<Duty>", "<Duty>Bad name ", 1);
    write(&dir.join("bad.xml"), &backup);
    let o = secgov(&dir, &["convert", "bad.xml", "--to", "aot", "--out", "aot"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("convert_not_an_aot_name", stderr(&o));
    assert!(!dir.join("aot").exists());
    let export = secgov(
        &dir,
        &["convert", "bad.xml", "--to", "secconfig", "--out", "x.xml"],
    );
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
}
