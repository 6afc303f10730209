//! pack(unpack(export)) is the same XML as the export; unpack(pack(folder)) gives back each real
//! AOT file byte for byte; kept elements are re-indented when they move between dialects.

use crate::roundtrip_support;

use roundtrip_support::*;
use std::path::Path;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn the_template_export_survives_unpack_and_pack() {
    let dir = scratch("template");
    let o = secgov(&dir, &["unpack", TEMPLATE_EXPORT, "--out", "unpacked"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!(
        "template_unpacked_files",
        format!("{:#?}", files_below(&dir.join("unpacked")))
    );
    insta::assert_snapshot!(
        "template_manifest",
        read(&dir.join("unpacked/secgov-manifest.toml"))
    );
    let o = secgov(&dir, &["pack", "unpacked", "--out", "packed.xml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "nothing to report");
    let original = read(Path::new(TEMPLATE_EXPORT));
    let packed = read(&dir.join("packed.xml"));
    xml_equal(&original, &packed).unwrap();
    // Written the way the template is written, too.
    assert_eq!(packed, original);
}

#[test]
fn an_export_on_one_line_unpacks_to_the_same_files_as_an_indented_one() {
    let dir = scratch("oneline");
    let original = read(Path::new(TEMPLATE_EXPORT));
    let mut one_line = String::new();
    for line in original.lines() {
        one_line.push_str(line.trim());
    }
    std::fs::write(dir.join("oneline.xml"), &one_line).unwrap();
    assert_eq!(
        secgov(&dir, &["unpack", TEMPLATE_EXPORT, "--out", "a"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        secgov(&dir, &["unpack", "oneline.xml", "--out", "b"])
            .status
            .code(),
        Some(0)
    );
    let files = files_below(&dir.join("a"));
    assert_eq!(files, files_below(&dir.join("b")));
    for f in files {
        assert_eq!(
            read(&dir.join("a").join(&f)),
            read(&dir.join("b").join(&f)),
            "{}",
            f.display()
        );
    }
}

#[test]
fn the_real_aot_files_survive_pack_and_unpack_byte_for_byte() {
    let dir = scratch("corpus");
    let o = secgov(&dir, &["pack", CORPUS, "--out", "corpus.xml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The two duty extensions cannot go into an export; they and the repository's README and
    // LICENSE are reported, not dropped silently.
    // Unwrapped: where the lines break depends on the length of the checkout's path.
    let err = crate::support::unwrapped(&stderr(&o));
    assert_eq!(err.matches("SG952").count(), 4, "{err}");
    assert_eq!(err.matches("left out of the export").count(), 2, "{err}");
    assert!(
        err.contains("`SysServerAXBasicMaintain.DEVCommon`"),
        "{err}"
    );
    assert!(err.contains("README.md is not a"), "{err}");
    assert_eq!(
        stdout(&o),
        "packed 57 objects (0 customized, 57 new) and 0 disabled names into corpus.xml\n"
    );

    let o = secgov(&dir, &["unpack", "corpus.xml", "--out", "unpacked"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut same = 0;
    let mut extensions = 0;
    for original in files_below(Path::new(CORPUS)) {
        if original.extension().and_then(|e| e.to_str()) != Some("xml") {
            continue;
        }
        let folder = original.parent().unwrap().file_name().unwrap();
        if folder.to_string_lossy().ends_with("Extension") {
            extensions += 1;
            continue;
        }
        let unpacked = dir
            .join("unpacked/New")
            .join(folder)
            .join(original.file_name().unwrap());
        assert_eq!(
            std::fs::read(&unpacked).unwrap(),
            std::fs::read(Path::new(CORPUS).join(&original)).unwrap(),
            "{}",
            original.display()
        );
        same += 1;
    }
    assert_eq!((same, extensions), (57, 2));

    // And the export made of them survives unpack and pack as XML.
    let o = secgov(&dir, &["pack", "unpacked", "--out", "again.xml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    xml_equal(
        &read(&dir.join("corpus.xml")),
        &read(&dir.join("again.xml")),
    )
    .unwrap();
    assert_eq!(read(&dir.join("corpus.xml")), read(&dir.join("again.xml")));
}

#[test]
fn kept_elements_are_reindented_for_their_new_depth_and_come_back() {
    let dir = scratch("reindent");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/roundtrip/kept-elements.xml"
    );
    let o = secgov(&dir, &["unpack", fixture, "--out", "unpacked"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!(
        "kept_elements_privilege",
        read(&dir.join("unpacked/Customized/AxSecurityPrivilege/DEVBenchmarkLogMaintain.xml"))
    );
    let o = secgov(&dir, &["pack", "unpacked", "--out", "packed.xml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    xml_equal(&read(Path::new(fixture)), &read(&dir.join("packed.xml"))).unwrap();
}

#[test]
fn diff_reports_no_differences_between_an_export_and_its_unpacked_folder() {
    let dir = scratch("diff");
    let o = secgov(&dir, &["unpack", TEMPLATE_EXPORT, "--out", "unpacked"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = secgov(&dir, &["diff", TEMPLATE_EXPORT, "unpacked", "--access"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    // And it does see an edit made to the folder.
    let role = dir.join("unpacked/Customized/AxSecurityRole/VendAccountsPayableClerk.xml");
    let text = read(&role).replace("VendVendorMasterInquire", "VendVendorMasterMaintain");
    std::fs::write(&role, text).unwrap();
    let o = secgov(&dir, &["diff", TEMPLATE_EXPORT, "unpacked"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("VendVendorMasterMaintain"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn windows_line_breaks_survive_pack_and_unpack_byte_for_byte() {
    // Visual Studio on Windows writes CRLF; the corpus is stored with LF.
    let dir = scratch("crlf");
    let mut originals = Vec::new();
    for f in files_below(Path::new(CORPUS)) {
        let folder = f
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if folder == "AxSecurityPrivilege" || folder == "AxSecurityRole" {
            let crlf = read(&Path::new(CORPUS).join(&f)).replace('\n', "\r\n");
            let target = dir.join("model").join(&folder).join(f.file_name().unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(&target, &crlf).unwrap();
            originals.push((folder, f.file_name().unwrap().to_owned(), crlf));
        }
    }
    assert_eq!(
        secgov(&dir, &["pack", "model", "--out", "export.xml"])
            .status
            .code(),
        Some(0)
    );
    assert!(read(&dir.join("export.xml")).contains("\r\n"));
    assert_eq!(
        secgov(&dir, &["unpack", "export.xml", "--out", "unpacked"])
            .status
            .code(),
        Some(0)
    );
    for (folder, name, crlf) in originals {
        assert_eq!(
            read(&dir.join("unpacked/New").join(folder).join(&name)),
            crlf,
            "{name:?}"
        );
    }
}

#[test]
fn values_keep_their_spelling_when_unchanged() {
    let dir = scratch("entities");
    let role = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<AxSecurityRole xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n\t<Name>ContosoRnD</Name>\n\t<Description>R&#x26;D &apos;lab&apos; &gt; all</Description>\n\t<Label>R&amp;D</Label>\n\t<DirectAccessPermissions />\n\t<Duties />\n\t<Privileges />\n\t<SubRoles />\n</AxSecurityRole>";
    std::fs::create_dir_all(dir.join("model/AxSecurityRole")).unwrap();
    std::fs::write(dir.join("model/AxSecurityRole/ContosoRnD.xml"), role).unwrap();
    assert_eq!(
        secgov(&dir, &["pack", "model", "--out", "export.xml"])
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
    assert_eq!(
        read(&dir.join("unpacked/New/AxSecurityRole/ContosoRnD.xml")),
        role
    );
}
