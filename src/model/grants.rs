//! Grants below and beside entry points: tables and views (`DirectAccessPermissions`), data entity
//! fields and methods, form controls and data sources, and the date-effective grants
//! (`GrantCurrentData`, `GrantPastData`, `GrantFutureData`); and [`ObjectGrant`], the one flat view
//! of every grant an object holds, by identity (securable type, object, child), that the
//! effective-access engine, diff and rules read.
//!
//! These elements are also kept in their owner's `unknown` list, so writers copy them byte for
//! byte from the source text; the typed copy here is what secgov reasons about.

use super::{Grant, Name, Privilege};
use crate::span::Span;
use serde::Serialize;
use strum::{EnumString, IntoStaticStr};

/// Which of an object's grants a set of permissions is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, IntoStaticStr, EnumString,
)]
pub enum GrantScope {
    /// `Grant`: all data.
    Grant,
    /// `GrantCurrentData`: rows valid today (date-effective tables).
    GrantCurrentData,
    /// `GrantPastData`: rows no longer valid.
    GrantPastData,
    /// `GrantFutureData`: rows valid from a later date.
    GrantFutureData,
}

impl GrantScope {
    pub const ALL: [GrantScope; 4] = [
        GrantScope::Grant,
        GrantScope::GrantCurrentData,
        GrantScope::GrantPastData,
        GrantScope::GrantFutureData,
    ];

    /// The element name in AOT files.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Short label for reports ("Grant" column of `secgov access`).
    pub fn label(self) -> &'static str {
        match self {
            GrantScope::Grant => "all",
            GrantScope::GrantCurrentData => "current",
            GrantScope::GrantPastData => "past",
            GrantScope::GrantFutureData => "future",
        }
    }

    /// The element name, exactly.
    pub fn parse(element: &str) -> Option<GrantScope> {
        element.parse().ok()
    }
}

/// The date-effective grants of an object, by scope; `Grant` itself is kept apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DatedGrants {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<Grant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub past: Option<Grant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub future: Option<Grant>,
}

impl DatedGrants {
    pub fn is_empty(&self) -> bool {
        self.current.is_none() && self.past.is_none() && self.future.is_none()
    }

    pub(crate) fn slot(&mut self, scope: GrantScope) -> Option<&mut Option<Grant>> {
        match scope {
            GrantScope::Grant => None,
            GrantScope::GrantCurrentData => Some(&mut self.current),
            GrantScope::GrantPastData => Some(&mut self.past),
            GrantScope::GrantFutureData => Some(&mut self.future),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (GrantScope, &Grant)> {
        [
            (GrantScope::GrantCurrentData, &self.current),
            (GrantScope::GrantPastData, &self.past),
            (GrantScope::GrantFutureData, &self.future),
        ]
        .into_iter()
        .filter_map(|(s, g)| g.as_ref().map(|g| (s, g)))
    }
}

/// A grant on a named child: a field, a method, a form control or a form data source (whose own
/// fields are in `fields`).
#[derive(Debug, Clone, Serialize)]
pub struct ChildGrant {
    #[serde(skip)]
    pub span: Span,
    pub name: Name,
    pub grant: Grant,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ChildGrant>,
}

/// A form reached through an entry point (`Forms`), or an entry of a privilege's
/// `FormControlOverrides`: the form's name with grants on its controls and data sources.
#[derive(Debug, Clone, Serialize)]
pub struct FormGrant {
    #[serde(skip)]
    pub span: Span,
    pub name: Name,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<ChildGrant>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_sources: Vec<ChildGrant>,
}

/// A table or view granted directly (`DirectAccessPermissions` / `AxSecurityDataEntityReference`),
/// on a privilege, a role or a role extension.
#[derive(Debug, Clone, Serialize)]
pub struct TableGrant {
    #[serde(skip)]
    pub span: Span,
    pub name: Name,
    pub grant: Grant,
    #[serde(skip_serializing_if = "DatedGrants::is_empty")]
    pub dated: DatedGrants,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ChildGrant>,
}

/// What an AOT entry point holds beyond `Grant` and `GrantCurrentData`; boxed on the entry point
/// because it is rare and a large backup has millions of entry points.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EntryPointExtras {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant_past_data: Option<Grant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant_future_data: Option<Grant>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<FormGrant>,
}

/// The element a grant was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrantFrom {
    /// An entry point's own grants.
    EntryPoint,
    /// The `Forms` of an entry point.
    Forms,
    /// `DataEntityPermissions`, with fields and methods.
    DataEntity,
    /// `DirectAccessPermissions`, with fields.
    DirectAccess,
    FormControlOverrides,
}

/// One grant of one securable object, whatever element it was read from: the identity
/// (securable type, object, child) and scope, the permissions, and where it stands.
#[derive(Debug, Clone, Copy)]
pub struct ObjectGrant<'m> {
    /// A name from `schema/securables.toml`, or an entry point's `ObjectType` as written.
    pub securable_type: &'m str,
    pub object: &'m str,
    /// The field, method, control or data source; a data source's field is `DataSource.Field`
    /// (built in `child_buf`).
    pub child: Option<&'m str>,
    /// For a data source field: the field's name, joined with `child` when shown.
    pub sub_child: Option<&'m str>,
    pub scope: GrantScope,
    pub grant: &'m Grant,
    pub span: Span,
    pub from: GrantFrom,
}

impl ObjectGrant<'_> {
    /// The child as shown (`DataSource.Field` for a data source field).
    pub fn child_name(&self) -> Option<String> {
        match (self.child, self.sub_child) {
            (Some(c), Some(f)) => Some(format!("{}.{}", c.trim(), f.trim())),
            (Some(c), None) => Some(c.trim().to_owned()),
            (None, _) => None,
        }
    }

    /// Identity for comparison: type, object, child and scope, case-insensitive.
    pub fn key(&self) -> String {
        use crate::span::name_key;
        let child = self.child_name().map(|c| name_key(&c)).unwrap_or_default();
        let mut key = format!(
            "{}/{}/{}",
            self.securable_type.trim().to_lowercase(),
            name_key(self.object),
            child
        );
        if self.scope != GrantScope::Grant {
            key.push('#');
            key.push_str(self.scope.label());
        }
        key
    }
}

fn child<'m>(
    out: &mut Vec<ObjectGrant<'m>>,
    (securable_type, from): (&'m str, GrantFrom),
    object: &'m str,
    c: &'m ChildGrant,
) {
    out.push(ObjectGrant {
        securable_type,
        object,
        child: Some(&c.name.value),
        sub_child: None,
        scope: GrantScope::Grant,
        grant: &c.grant,
        span: c.span,
        from,
    });
}

fn form<'m>(out: &mut Vec<ObjectGrant<'m>>, f: &'m FormGrant, from: GrantFrom) {
    for c in &f.controls {
        child(out, ("FormControl", from), &f.name.value, c);
    }
    for ds in &f.data_sources {
        child(out, ("FormDatasource", from), &f.name.value, ds);
        for field in &ds.fields {
            out.push(ObjectGrant {
                securable_type: "FormDatasourceField",
                object: &f.name.value,
                child: Some(&ds.name.value),
                sub_child: Some(&field.name.value),
                scope: GrantScope::Grant,
                grant: &field.grant,
                span: field.span,
                from,
            });
        }
    }
}

/// Every grant of a `DirectAccessPermissions` list (on a privilege, role or role extension).
pub(crate) fn table_grants<'m>(tables: &'m [TableGrant], out: &mut Vec<ObjectGrant<'m>>) {
    for t in tables {
        let base = ObjectGrant {
            securable_type: "Table",
            object: &t.name.value,
            child: None,
            sub_child: None,
            scope: GrantScope::Grant,
            grant: &t.grant,
            span: t.span,
            from: GrantFrom::DirectAccess,
        };
        out.push(base);
        for (scope, grant) in t.dated.iter() {
            out.push(ObjectGrant {
                scope,
                grant,
                ..base
            });
        }
        for f in &t.fields {
            child(
                out,
                ("TableField", GrantFrom::DirectAccess),
                &t.name.value,
                f,
            );
        }
    }
}

impl Privilege {
    /// Every grant this privilege holds, in file order within each kind: entry points (with their
    /// date-effective grants and forms), data entities with fields and methods, tables, and form
    /// control overrides.
    pub fn grants(&self) -> Vec<ObjectGrant<'_>> {
        let mut out = Vec::new();
        for ep in &self.entry_points {
            let base = ObjectGrant {
                securable_type: &ep.object_type.value,
                object: &ep.object_name.value,
                child: ep.child_name.as_ref().map(|c| c.value.as_str()),
                sub_child: None,
                scope: GrantScope::Grant,
                grant: &ep.grant,
                span: ep.span,
                from: GrantFrom::EntryPoint,
            };
            out.push(base);
            if let Some(g) = ep.grant_current_data.as_deref() {
                out.push(ObjectGrant {
                    scope: GrantScope::GrantCurrentData,
                    grant: g,
                    ..base
                });
            }
            if let Some(x) = ep.extras.as_deref() {
                for (scope, g) in [
                    (GrantScope::GrantPastData, &x.grant_past_data),
                    (GrantScope::GrantFutureData, &x.grant_future_data),
                ] {
                    if let Some(g) = g {
                        out.push(ObjectGrant {
                            scope,
                            grant: g,
                            ..base
                        });
                    }
                }
                for f in &x.forms {
                    form(&mut out, f, GrantFrom::Forms);
                }
            }
        }
        for de in &self.data_entities {
            out.push(ObjectGrant {
                securable_type: "DataEntity",
                object: &de.name.value,
                child: None,
                sub_child: None,
                scope: GrantScope::Grant,
                grant: &de.grant,
                span: de.span,
                from: GrantFrom::DataEntity,
            });
            for f in &de.fields {
                child(
                    &mut out,
                    ("DataEntityField", GrantFrom::DataEntity),
                    &de.name.value,
                    f,
                );
            }
            for m in &de.methods {
                child(
                    &mut out,
                    ("DataEntityMethod", GrantFrom::DataEntity),
                    &de.name.value,
                    m,
                );
            }
        }
        table_grants(&self.direct_access, &mut out);
        for f in &self.form_control_overrides {
            form(&mut out, f, GrantFrom::FormControlOverrides);
        }
        out
    }
}

impl TableGrant {
    /// True when neither the table's grants nor its fields' allow or deny anything.
    pub(crate) fn grants_nothing(&self) -> bool {
        self.grant.is_empty()
            && self.dated.iter().all(|(_, g)| g.is_empty())
            && self.fields.iter().all(|f| f.grant.is_empty())
    }
}

impl super::DataEntityPermission {
    /// True when neither the entity's grant nor its fields' and methods' allow or deny anything.
    pub(crate) fn grants_nothing(&self) -> bool {
        self.grant.is_empty()
            && self
                .fields
                .iter()
                .chain(&self.methods)
                .all(|f| f.grant.is_empty())
    }
}
