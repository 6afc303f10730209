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
///
/// Laid out for size: a large backup holds millions of grants, and each once held six
/// `Option<Spanned<String>>` (264 bytes, a string allocation per value). The values the platform
/// writes, `Allow` and `Deny` spelled exactly so, are a code; anything else keeps its text in a
/// rarely allocated side table.
#[derive(Debug, Clone, Default)]
pub struct Grant {
    /// Span of the `<Grant>` element, when there is one.
    pub span: Option<Span>,
    spans: [Span; 6],
    codes: [Code; 6],
    /// The text of each value whose code is [`Code::Other`].
    other: Option<Box<[Option<Box<str>>; 6]>>,
}

/// Equal when the element and every value, as written and where, are: however the side table
/// came to be.
impl PartialEq for Grant {
    fn eq(&self, other: &Grant) -> bool {
        self.span == other.span && Permission::ALL.iter().all(|&p| self.raw(p) == other.raw(p))
    }
}

impl Eq for Grant {}

/// What a permission holds, as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Code {
    #[default]
    Unset,
    /// Exactly `Allow`.
    Allow,
    /// Exactly `Deny`.
    Deny,
    /// Anything else (`allow`, ` Deny `, `Maybe`): the text is in `other`.
    Other,
}

/// A permission's value as written, with the span of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawValue<'g> {
    pub value: &'g str,
    pub span: Span,
}

impl RawValue<'_> {
    pub fn to_spanned(self) -> Spanned<String> {
        Spanned::new(self.value.to_owned(), self.span)
    }
}

impl Grant {
    /// An empty grant read from the `<Grant>` element at `span`.
    pub fn at(span: Span) -> Self {
        Grant {
            span: Some(span),
            ..Grant::default()
        }
    }

    pub fn raw(&self, p: Permission) -> Option<RawValue<'_>> {
        let i = p.index();
        let value = match self.codes[i] {
            Code::Unset => return None,
            Code::Allow => "Allow",
            Code::Deny => "Deny",
            Code::Other => self
                .other
                .as_ref()
                .and_then(|o| o[i].as_deref())
                .unwrap_or_default(),
        };
        Some(RawValue {
            value,
            span: self.spans[i],
        })
    }

    pub fn set_raw(&mut self, p: Permission, value: Spanned<String>) {
        let i = p.index();
        self.spans[i] = value.span;
        self.codes[i] = match value.value.as_str() {
            "Allow" => Code::Allow,
            "Deny" => Code::Deny,
            _ => Code::Other,
        };
        let text = (self.codes[i] == Code::Other).then(|| value.value.into_boxed_str());
        if text.is_some() || self.other.is_some() {
            self.other.get_or_insert_with(Default::default)[i] = text;
        }
    }

    /// The permission's value, `None` when unset or not a valid value.
    pub fn get(&self, p: Permission) -> Option<Access> {
        match self.codes[p.index()] {
            Code::Unset => None,
            Code::Allow => Some(Access::Allow),
            Code::Deny => Some(Access::Deny),
            Code::Other => self.raw(p).and_then(|v| Access::parse(v.value)),
        }
    }

    pub fn set(&mut self, p: Permission, access: Option<Access>) {
        let i = p.index();
        self.spans[i] = Span::default();
        self.codes[i] = match access {
            None => Code::Unset,
            Some(Access::Allow) => Code::Allow,
            Some(Access::Deny) => Code::Deny,
        };
        if let Some(other) = &mut self.other {
            other[i] = None;
        }
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
                map.serialize_entry(p.as_str(), v.value)?;
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_stays_small() {
        // Six spans and codes, not six spanned strings (264 bytes before): a large backup holds
        // a grant per entry point.
        assert!(
            std::mem::size_of::<Grant>() <= 136,
            "{}",
            std::mem::size_of::<Grant>()
        );
    }

    #[test]
    fn values_read_back_as_written_and_compare_as_written() {
        let at = |n| Span::new(n, n + 5);
        let mut a = Grant::at(Span::new(0, 99));
        a.set_raw(Permission::Read, Spanned::new("Allow".into(), at(10)));
        a.set_raw(Permission::Delete, Spanned::new(" deny".into(), at(20)));
        a.set_raw(Permission::Invoke, Spanned::new("Maybe".into(), at(30)));
        let raw = |g: &Grant, p| g.raw(p).map(|v| (v.value.to_owned(), v.span));
        assert_eq!(raw(&a, Permission::Read), Some(("Allow".into(), at(10))));
        assert_eq!(raw(&a, Permission::Delete), Some((" deny".into(), at(20))));
        assert_eq!(raw(&a, Permission::Update), None);
        assert_eq!(a.get(Permission::Delete), Some(Access::Deny));
        assert_eq!(a.get(Permission::Invoke), None);
        assert_eq!(
            a.iter().collect::<Vec<_>>(),
            [
                (Permission::Read, Access::Allow),
                (Permission::Delete, Access::Deny)
            ]
        );
        // The same values reached another way compare equal; a different spelling does not.
        let mut b = Grant::at(Span::new(0, 99));
        b.set_raw(Permission::Read, Spanned::new("odd".into(), at(10)));
        b.set_raw(Permission::Read, Spanned::new("Allow".into(), at(10)));
        b.set_raw(Permission::Delete, Spanned::new(" deny".into(), at(20)));
        b.set_raw(Permission::Invoke, Spanned::new("Maybe".into(), at(30)));
        assert_eq!(a, b);
        b.set_raw(Permission::Delete, Spanned::new("Deny".into(), at(20)));
        assert_ne!(a, b);
        b.set(Permission::Invoke, None);
        assert_eq!(b.raw(Permission::Invoke), None);
    }
}
