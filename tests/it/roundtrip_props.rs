//! Property: names and labels with XML special characters, white space and non-ASCII letters
//! survive writing as AOT files, packing into an export and unpacking again, and every name gets
//! a file inside its folder.

use proptest::prelude::*;
use secgov::load::{LoadOptions, load_bytes};
use secgov::model::{Header, Model, Origin, Role};
use secgov::roundtrip::unpack::unpack;
use secgov::span::{Span, Spanned};
use secgov::write::aot::{self, AotKind, Object};
use secgov::write::secconfig::{self, Contents};
use std::path::Component;

fn spanned(s: &str) -> Spanned<String> {
    Spanned::new(s.to_owned(), Span::default())
}

fn role(name: &str, label: &str, duty: &str) -> Role {
    Role {
        header: Header {
            file: 0,
            span: Span::default(),
            origin: Origin::New,
            name: spanned(name),
            label: Some(spanned(label)),
            description: None,
        },
        duties: vec![spanned(duty)],
        privileges: Vec::new(),
        sub_roles: Vec::new(),
        direct_access: Vec::new(),
        unknown: Vec::new(),
    }
}

fn read_role(path: &str, text: &str) -> (String, Option<String>, Vec<String>) {
    let loaded = load_bytes(path, text.as_bytes(), &LoadOptions::default());
    assert!(
        !loaded.has_input_errors(),
        "{text}\n{:?}",
        loaded.diagnostics
    );
    let r = &loaded.model.roles[0];
    (
        r.name.value.clone(),
        r.label.as_ref().map(|l| l.value.clone()),
        r.duties.iter().map(|d| d.value.clone()).collect(),
    )
}

const TEXT: &str = "[a-zA-Z0-9 <>&\"'./\\\\:%é中\t\n\r]{0,16}";

proptest! {
    #![proptest_config(crate::property::config(256))]

    #[test]
    fn names_with_special_characters_survive_pack_and_unpack(
        name in TEXT, label in TEXT, duty in TEXT, disabled in TEXT,
    ) {
        let model = Model::default();
        let r = role(&name, &label, &duty);
        let expected = (name.clone(), Some(label.clone()), vec![duty.clone()]);

        // As an AOT file.
        let file = aot::role(&model, &r);
        prop_assert_eq!(read_role("role.xml", &file), expected.clone());

        // Packed into an export with a disabled name, then unpacked.
        let contents = Contents {
            new: vec![Object::Role(&r)],
            disabled: vec![(secgov::model::ObjectKind::Privilege, disabled.clone())],
            ..Contents::default()
        };
        let export = secconfig::export(&model, &contents);
        let loaded = load_bytes("export.xml", export.as_bytes(), &LoadOptions::default());
        prop_assert!(!loaded.has_input_errors());
        prop_assert_eq!(&loaded.model.disabled[0].name.value, &disabled);
        let unpacked = unpack(&loaded.model);
        let role_file = unpacked.files.iter().find(|f| f.object.is_some()).unwrap();
        prop_assert_eq!(read_role("unpacked.xml", &role_file.text), expected);

        // The file stays inside New/AxSecurityRole/.
        let parts: Vec<_> = role_file.path.components().collect();
        prop_assert_eq!(parts.len(), 3);
        prop_assert!(parts.iter().all(|c| matches!(c, Component::Normal(_))));
        let own = aot::object_path(AotKind::Role, &name);
        prop_assert_eq!(own.components().count(), 2);
    }
}
