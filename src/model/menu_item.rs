//! A menu item's license properties, read from `AxMenuItemDisplay`, `AxMenuItemAction` and
//! `AxMenuItemOutput` metadata (and kept in a reference catalog): what a license check needs to
//! know about the entry points that privileges grant.

use crate::span::FileId;
use serde::Serialize;

use super::Name;
use crate::span::Spanned;

/// The three kinds of menu item, by their AOT element (and folder) name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MenuItemKind {
    Display,
    Action,
    Output,
}

impl MenuItemKind {
    pub const ALL: [MenuItemKind; 3] = [
        MenuItemKind::Display,
        MenuItemKind::Action,
        MenuItemKind::Output,
    ];

    /// The AOT element and folder name: `AxMenuItemDisplay`...
    pub fn element(self) -> &'static str {
        match self {
            MenuItemKind::Display => "AxMenuItemDisplay",
            MenuItemKind::Action => "AxMenuItemAction",
            MenuItemKind::Output => "AxMenuItemOutput",
        }
    }

    /// The word a catalog writes in its `Kind` attribute, and a privilege's entry point in its
    /// `ObjectType` (`MenuItemDisplay`...).
    pub fn word(self) -> &'static str {
        match self {
            MenuItemKind::Display => "Display",
            MenuItemKind::Action => "Action",
            MenuItemKind::Output => "Output",
        }
    }

    pub fn from_element(name: &str) -> Option<MenuItemKind> {
        Self::ALL.into_iter().find(|k| k.element() == name)
    }

    pub fn from_word(word: &str) -> Option<MenuItemKind> {
        Self::ALL.into_iter().find(|k| k.word() == word)
    }
}

/// One menu item. Properties are kept as written; an absent property is `None` (Visual Studio
/// leaves out the defaults, so `None` means the platform's default, not "unknown").
#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    pub file: FileId,
    pub kind: MenuItemKind,
    pub name: Name,
    /// The form, class or report the item opens or runs.
    pub object: Option<Spanned<String>>,
    /// `Form`, `Class`, `SSRSReport`...; absent on most display items (a form).
    pub object_type: Option<Spanned<String>>,
    /// The license a user needs to open the item read-only (`Universal`, `Activity`...).
    pub view_user_license: Option<Spanned<String>>,
    /// The license a user needs to change data through the item.
    pub maintain_user_license: Option<Spanned<String>>,
}
