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
