//! AOT files written back from the model: the real files of ../shared/corpus/aot come out byte
//! for byte as Visual Studio wrote them.

use secgov::load::{LoadOptions, load};
use secgov::write::aot;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/aot"))
}

#[test]
fn every_real_file_is_written_back_byte_for_byte() {
    let loaded = load(&[corpus()], &LoadOptions::default());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let m = &loaded.model;
    assert_eq!(m.files.len(), 59);
    let mut written = Vec::new();
    written.extend(m.roles.iter().map(|o| (o.file, aot::role(m, o))));
    written.extend(m.duties.iter().map(|o| (o.file, aot::duty(m, o))));
    written.extend(m.privileges.iter().map(|o| (o.file, aot::privilege(m, o))));
    written.extend(
        m.duty_extensions
            .iter()
            .map(|o| (o.file, aot::extension(m, o))),
    );
    written.extend(
        m.role_extensions
            .iter()
            .map(|o| (o.file, aot::extension(m, o))),
    );
    assert_eq!(written.len(), 59);
    for (file, text) in written {
        let original = std::fs::read_to_string(&m.files[file].path).unwrap();
        assert_eq!(text, original, "{}", m.files[file].path);
    }
}

#[test]
fn edits_made_in_memory_show_and_everything_else_stays_as_read() {
    let path = corpus().join(
        "XppTools/DEVTutorial/DEVExternalIntegration/AxSecurityRole/DEVIntegDeveloperRole.xml",
    );
    let loaded = load(&[path], &LoadOptions::default());
    let mut model = loaded.model;
    let mut role = model.roles.remove(0);
    role.label = None;
    role.privileges.push(secgov::span::Spanned::new(
        "DEVIntegWorkspaceView".to_owned(),
        secgov::span::Span::default(),
    ));
    role.duties.clear();
    insta::assert_snapshot!(aot::role(&model, &role), @r#"
    <?xml version="1.0" encoding="utf-8"?>
    <AxSecurityRole xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
    	<Name>DEVIntegDeveloperRole</Name>
    	<Description>Integration developer may delete messages and documents</Description>
    	<DirectAccessPermissions />
    	<Duties />
    	<Privileges>
    		<AxSecurityPrivilegeReference>
    			<Name>DEVIntegWorkspaceView</Name>
    		</AxSecurityPrivilegeReference>
    	</Privileges>
    	<SubRoles />
    </AxSecurityRole>
    "#);
}

#[test]
fn a_field_the_source_lacked_is_inserted_where_visual_studio_puts_it() {
    // The template's customized role has no Description and no DirectAccessPermissions.
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/secconfig/SecurityDatabaseCustomizations.xml"
    ));
    let loaded = load(&[path], &LoadOptions::default());
    let model = loaded.model;
    let mut role = model.find_role("VendAccountsPayableClerk").unwrap().clone();
    role.description = Some(secgov::span::Spanned::new(
        "Enters & approves invoices".to_owned(),
        secgov::span::Span::default(),
    ));
    insta::assert_snapshot!(aot::role(&model, &role), @r#"
    <?xml version="1.0" encoding="utf-8"?>
    <AxSecurityRole xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
    	<Name>VendAccountsPayableClerk</Name>
    	<Description>Enters &amp; approves invoices</Description>
    	<Label>Accounts payable clerk</Label>
    	<Duties>
    		<AxSecurityDutyReference>
    			<Name>VendInvoiceProcess</Name>
    		</AxSecurityDutyReference>
    		<AxSecurityDutyReference>
    			<Name>VendVendorMasterInquire</Name>
    		</AxSecurityDutyReference>
    	</Duties>
    	<Privileges>
    		<AxSecurityPrivilegeReference>
    			<Name>9f1c2e4a-5b7d-4c8e-a1f2-3d4e5f6a7b8c</Name>
    		</AxSecurityPrivilegeReference>
    	</Privileges>
    	<SubRoles />
    </AxSecurityRole>
    "#);
}

/// Issue 13, point 6: objects that reach the AOT writer from another dialect come out as Visual
/// Studio writes them, every grant kind included. The real roles, duties and privileges are
/// re-indented with two spaces, their permissions listed in reverse, and embedded in a USG
/// backup; `convert --to aot` and `generate --from ... --emit aot` must each give back every
/// real file byte for byte (line ends aside).
#[test]
fn objects_from_a_backup_come_out_as_visual_studio_writes_them() {
    use crate::support::{fixture, secgov};
    const PERMISSIONS: [&str; 6] = ["Correct", "Create", "Delete", "Invoke", "Read", "Update"];
    let mut originals = Vec::new();
    let mut embedded = String::new();
    for path in secgov::load::expand_paths(&[corpus()]).0 {
        let folder = path.parent().unwrap().file_name().unwrap().to_owned();
        if !["AxSecurityRole", "AxSecurityDuty", "AxSecurityPrivilege"]
            .iter()
            .any(|f| folder == *f)
        {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\r\n", "\n");
        let text = text.trim_start_matches('\u{feff}').to_owned();
        let body = text.split_once("?>\n").unwrap().1;
        let body = body.replace(" xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"", "");
        let mut run: Vec<String> = Vec::new();
        for line in body.lines() {
            let line = format!("      {}", line.replace('\t', "  "));
            let permission = PERMISSIONS
                .iter()
                .any(|p| line.trim_start().starts_with(&format!("<{p}>")));
            if permission {
                run.push(line);
                continue;
            }
            for l in run.drain(..).rev() {
                embedded.push_str(&l);
                embedded.push('\n');
            }
            embedded.push_str(&line);
            embedded.push('\n');
        }
        let name = path.file_name().unwrap().to_owned();
        originals.push((PathBuf::from(folder).join(name), text));
    }
    assert_eq!(originals.len(), 57);
    assert!(
        embedded.find("<Update>") < embedded.find("<Correct>"),
        "reversed"
    );
    let backup = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SecurityCategoryBackup Type=\"SecurityConfiguration\" SchemaVersion=\"1\">\n  <SecurityCategory>\n    <Name>Corpus</Name>\n    <SecurityConfiguration>\n{embedded}    </SecurityConfiguration>\n  </SecurityCategory>\n</SecurityCategoryBackup>\n"
    );
    let input = fixture("visual-studio-shape/backup.xml", backup.as_bytes());
    let convert = fixture("visual-studio-shape/convert/", b"");
    let generate = fixture("visual-studio-shape/generate/", b"");
    for out in [&convert, &generate] {
        let _ = std::fs::remove_dir_all(out);
    }
    let o = secgov(&["convert", &input, "--to", "aot", "-o", &convert]);
    assert_eq!(o.status, 0, "{}", o.stderr);
    let args = ["generate", "--from", &input, "--category", "Corpus"];
    let o = secgov(&[&args[..], &["--emit", "aot", "-o", &generate]].concat());
    assert_eq!(o.status, 0, "{}", o.stderr);
    for out in [&convert, &generate] {
        for (relative, original) in &originals {
            let written = std::fs::read_to_string(PathBuf::from(out).join(relative)).unwrap();
            assert_eq!(&written, original, "{out}: {}", relative.display());
        }
    }
}
