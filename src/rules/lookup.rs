//! Lookups by name over the model with its implied objects, for rules that check references and
//! duties. Flattening roles into what they grant is the one engine's job
//! (`crate::model::Engine`, `Context::engine`).

use super::Context;
use super::context::WithImplied;
use crate::model::names::{Key, KeyMap};
use crate::model::{Duty, Extension, Model, Privilege, Role};

/// Positions in `Context::with_implied` (extensions: in the model) by name key; the first
/// definition of a name wins, as with `Model::find_*`.
#[derive(Debug, Default)]
pub(crate) struct Index<'m> {
    roles: KeyMap<'m, usize>,
    duties: KeyMap<'m, usize>,
    privileges: KeyMap<'m, usize>,
    /// Ranges in `extensions` (a lookup copies the range out, so the answer borrows the index
    /// and not the name looked up).
    role_extensions: KeyMap<'m, (usize, usize)>,
    duty_extensions: KeyMap<'m, (usize, usize)>,
    /// Positions in the model's extension lists, grouped by base name in model order.
    extensions: Vec<usize>,
}

impl<'m> Index<'m> {
    pub(crate) fn new(model: &'m Model, objects: &WithImplied<'m>) -> Self {
        fn first<'m>(names: impl ExactSizeIterator<Item = &'m str>) -> KeyMap<'m, usize> {
            let mut map = KeyMap::with_capacity_and_hasher(names.len(), Default::default());
            for (i, name) in names.enumerate() {
                map.entry(Key(name)).or_insert(i);
            }
            map
        }
        fn by_base<'m>(
            list: &'m [Extension],
            extensions: &mut Vec<usize>,
        ) -> KeyMap<'m, (usize, usize)> {
            let mut groups: KeyMap<'_, Vec<usize>> = KeyMap::default();
            for (i, e) in list.iter().enumerate() {
                groups.entry(Key(&e.base)).or_default().push(i);
            }
            groups
                .into_iter()
                .map(|(key, positions)| {
                    let start = extensions.len();
                    extensions.extend(positions);
                    (key, (start, extensions.len()))
                })
                .collect()
        }
        let mut extensions = Vec::new();
        Index {
            roles: first(objects.roles.iter().map(|r| r.name.value.as_str())),
            duties: first(objects.duties.iter().map(|r| r.name.value.as_str())),
            privileges: first(objects.privileges.iter().map(|r| r.name.value.as_str())),
            role_extensions: by_base(&model.role_extensions, &mut extensions),
            duty_extensions: by_base(&model.duty_extensions, &mut extensions),
            extensions,
        }
    }
}

impl<'m> Context<'m> {
    pub(crate) fn role(&self, name: &str) -> Option<&Role> {
        let i = self.index.roles.get(&Key(name))?;
        self.with_implied.roles.get(*i).copied()
    }

    pub(crate) fn duty(&self, name: &str) -> Option<&Duty> {
        let i = self.index.duties.get(&Key(name))?;
        self.with_implied.duties.get(*i).copied()
    }

    pub(crate) fn privilege(&self, name: &str) -> Option<&Privilege> {
        let i = self.index.privileges.get(&Key(name))?;
        self.with_implied.privileges.get(*i).copied()
    }

    pub(crate) fn role_extensions(&self, name: &str) -> impl Iterator<Item = &Extension> {
        let range = self.index.role_extensions.get(&Key(name)).copied();
        self.extensions_in(range, &self.model.role_extensions)
    }

    pub(crate) fn duty_extensions(&self, name: &str) -> impl Iterator<Item = &Extension> {
        let range = self.index.duty_extensions.get(&Key(name)).copied();
        self.extensions_in(range, &self.model.duty_extensions)
    }

    /// The extensions of one base object: `range` in the index, positions in `all`.
    fn extensions_in<'a>(
        &'a self,
        range: Option<(usize, usize)>,
        all: &'a [Extension],
    ) -> impl Iterator<Item = &'a Extension> {
        let (start, end) = range.unwrap_or_default();
        self.index.extensions[start..end].iter().map(|i| &all[*i])
    }

    /// Positions in `with_implied.privileges` of the privileges `duty_privileges` yields, in the
    /// same order.
    pub(crate) fn duty_privilege_positions<'a>(
        &'a self,
        duty: &'a Duty,
    ) -> impl Iterator<Item = usize> + 'a {
        duty.privileges
            .iter()
            .chain(
                self.duty_extensions(&duty.name.value)
                    .flat_map(|e| &e.privileges),
            )
            .filter_map(|p| self.index.privileges.get(&Key(&p.value)).copied())
    }
}
