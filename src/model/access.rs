//! Entry point permissions: the six permissions and their Allow / Deny / unset grants.

use crate::span::{Span, Spanned};
use serde::{Serialize, Serializer};
use strum::{EnumString, IntoStaticStr};

/// One of the six permissions an entry point grant can carry, in the order the product lists them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, IntoStaticStr, EnumString,
)]
#[strum(ascii_case_insensitive)]
pub enum Permission {
    Read,
    Update,
    Create,
    Correct,
    Delete,
    Invoke,
}

impl Permission {
    pub const ALL: [Permission; 6] = [
        Permission::Read,
        Permission::Update,
        Permission::Create,
        Permission::Correct,
        Permission::Delete,
        Permission::Invoke,
    ];

    /// The element name in every dialect.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Any case.
    pub fn parse(s: &str) -> Option<Permission> {
        s.parse().ok()
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A grant value: Allow or Deny. An absent element means unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, IntoStaticStr)]
pub enum Access {
    Allow,
    Deny,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Case-insensitive; `Grant` is accepted as the UI's word for Allow.
    pub fn parse(s: &str) -> Option<Access> {
        // Compared in place: every permission of every grant is parsed on each look, so a
        // lowercased copy per call was a visible share of validating large backups.
        let s = s.trim();
        if s.eq_ignore_ascii_case("allow") || s.eq_ignore_ascii_case("grant") {
            Some(Access::Allow)
        } else if s.eq_ignore_ascii_case("deny") {
            Some(Access::Deny)
        } else {
            None
        }
    }
}

/// The `<Grant>` of an entry point or data entity permission. Values are kept as written so that
/// invalid ones can be reported and round-tripped; [`Grant::get`] interprets them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grant {
    /// Span of the `<Grant>` element, when there is one.
    pub span: Option<Span>,
    values: [Option<Spanned<String>>; 6],
}

impl Grant {
    /// An empty grant read from the `<Grant>` element at `span`.
    pub fn at(span: Span) -> Self {
        Grant {
            span: Some(span),
            values: Default::default(),
        }
    }

    pub fn raw(&self, p: Permission) -> Option<&Spanned<String>> {
        self.values[p.index()].as_ref()
    }

    pub fn set_raw(&mut self, p: Permission, value: Spanned<String>) {
        self.values[p.index()] = Some(value);
    }

    /// The permission's value, `None` when unset or not a valid value.
    pub fn get(&self, p: Permission) -> Option<Access> {
        self.raw(p).and_then(|v| Access::parse(&v.value))
    }

    pub fn set(&mut self, p: Permission, access: Option<Access>) {
        self.values[p.index()] =
            access.map(|a| Spanned::new(a.as_str().to_owned(), Span::default()));
    }

    /// Permissions with a valid value, in product order.
    pub fn iter(&self) -> impl Iterator<Item = (Permission, Access)> + '_ {
        Permission::ALL
            .into_iter()
            .filter_map(|p| self.get(p).map(|a| (p, a)))
    }

    /// True when no permission is allowed or denied: the entry point grants nothing.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl Serialize for Grant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        for p in Permission::ALL {
            if let Some(v) = self.raw(p) {
                map.serialize_entry(p.as_str(), &v.value)?;
            }
        }
        map.end()
    }
}
