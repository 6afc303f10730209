//! Case-insensitive name keys that borrow the name instead of allocating its lowercase copy.
//!
//! Rules look up every reference of a large model by name; `name_key` allocates a `String` per
//! lookup and per indexed name, which dominated building the rule context on large backups.
//! [`Key`] hashes and compares exactly as `name_key` would (trimmed, Unicode lowercase): ASCII
//! names (nearly all of them) are folded byte by byte without allocating, anything else goes
//! through `name_key` itself so the rare context-dependent lowercasings stay identical.

use crate::model::EntryPoint;
use crate::span::name_key;
use std::hash::{Hash, Hasher};

/// `str::trim`, answered from the first and last bytes when they are visible ASCII (nearly
/// always): the full trim decodes characters at both ends and showed up in profiles.
pub(crate) fn trim(s: &str) -> &str {
    let visible =
        |b: Option<&u8>| b.is_some_and(|b| b.is_ascii() && !b" \t\n\x0b\x0c\r".contains(b));
    let bytes = s.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        s
    } else {
        s.trim()
    }
}

/// A name compared and hashed as its `name_key`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key<'a>(pub &'a str);

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (trim(self.0), trim(other.0));
        if a.is_ascii() && b.is_ascii() {
            a.eq_ignore_ascii_case(b)
        } else {
            name_key(a) == name_key(b)
        }
    }
}

impl Eq for Key<'_> {}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Both paths feed the same bytes (those of `name_key`), so an ASCII name and a non-ASCII
        // one with the same key (the Kelvin sign folds to `k`) hash alike.
        let s = trim(self.0);
        let mut w = Folded::new(state);
        if s.is_ascii() {
            w.push(s.as_bytes());
        } else {
            w.push(name_key(s).as_bytes());
        }
        w.finish();
    }
}

/// An entry point compared and hashed as its `EntryPoint::key()` string (object type, object name
/// and child, case-insensitive), without building it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EntryPointKey<'a> {
    ep: &'a EntryPoint,
    /// The three parts of the key when all are ASCII: type as written, name and child trimmed;
    /// each is then lowercased byte by byte. Worked out once, as keys are compared many times.
    ascii: Option<[&'a str; 3]>,
}

impl<'a> EntryPointKey<'a> {
    pub(crate) fn new(ep: &'a EntryPoint) -> Self {
        let parts = [
            ep.object_type.value.as_str(),
            trim(&ep.object_name.value),
            ep.child_name.as_ref().map_or("", |c| trim(&c.value)),
        ];
        EntryPointKey {
            ep,
            ascii: parts.iter().all(|p| p.is_ascii()).then_some(parts),
        }
    }

    pub(crate) fn entry_point(&self) -> &'a EntryPoint {
        self.ep
    }
}

impl PartialEq for EntryPointKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self.ascii, other.ascii) {
            (Some(a), Some(b)) => {
                let len = |p: [&str; 3]| p.iter().map(|s| s.len()).sum::<usize>();
                len(a) == len(b) && key_bytes(a).eq(key_bytes(b))
            }
            _ => self.ep.key() == other.ep.key(),
        }
    }
}

impl Eq for EntryPointKey<'_> {}

/// The bytes of an ASCII entry point key, lowercased, with the separators.
fn key_bytes<'a>(parts: [&'a str; 3]) -> impl Iterator<Item = u8> + 'a {
    let [t, n, c] = parts.map(str::as_bytes);
    let lower = |b: &u8| b.to_ascii_lowercase();
    let slash = std::iter::once(b'/');
    (t.iter().map(lower))
        .chain(slash.clone())
        .chain(n.iter().map(lower))
        .chain(slash)
        .chain(c.iter().map(lower))
}

impl Hash for EntryPointKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut w = Folded::new(state);
        match self.ascii {
            Some([t, n, c]) => {
                w.push(t.as_bytes());
                w.push(b"/");
                w.push(n.as_bytes());
                w.push(b"/");
                w.push(c.as_bytes());
            }
            None => w.push(self.ep.key().as_bytes()),
        }
        w.finish();
    }
}

/// Feeds bytes, lowercased, to a hasher in fixed 64-byte chunks, so that the same byte stream
/// hashes alike however it was pieced together.
struct Folded<'h, H: Hasher> {
    state: &'h mut H,
    buf: [u8; 64],
    len: usize,
}

impl<'h, H: Hasher> Folded<'h, H> {
    fn new(state: &'h mut H) -> Self {
        Folded {
            state,
            buf: [0; 64],
            len: 0,
        }
    }

    fn push(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.len == self.buf.len() {
                self.state.write(&self.buf);
                self.len = 0;
            }
            let n = (self.buf.len() - self.len).min(bytes.len());
            for (o, b) in self.buf[self.len..self.len + n].iter_mut().zip(&bytes[..n]) {
                *o = b.to_ascii_lowercase();
            }
            self.len += n;
            bytes = &bytes[n..];
        }
    }

    fn finish(self) {
        self.state.write(&self.buf[..self.len]);
        self.state.write_u8(0xff);
    }
}

/// FxHash (rustc's, from `rustc-hash`): name keys come from the files being checked, not from an
/// attacker who can choose them per run to collide, and SipHash was a visible share of building
/// the context.
pub(crate) type FxBuild = rustc_hash::FxBuildHasher;
pub(crate) type KeyMap<'a, V> = std::collections::HashMap<Key<'a>, V, FxBuild>;
pub(crate) type KeySet<'a> = std::collections::HashSet<Key<'a>, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::hash::BuildHasher;

    fn hash(k: Key<'_>) -> u64 {
        FxBuild::default().hash_one(k)
    }

    #[test]
    fn equal_exactly_when_name_keys_are() {
        for (a, b) in [
            (" VendTable", "vendtable"),
            ("K", "\u{212A}"),
            ("ΟΔΟΣ", "οδος"),
            ("Straße", "STRASSE"),
            (
                "a-very-long-name-well-beyond-one-chunk-of-sixty-four-bytes-0123456789",
                "A-VERY-LONG-NAME-WELL-BEYOND-ONE-CHUNK-OF-SIXTY-FOUR-BYTES-0123456789",
            ),
        ] {
            let same = name_key(a) == name_key(b);
            assert_eq!(Key(a) == Key(b), same, "{a} {b}");
            if same {
                assert_eq!(hash(Key(a)), hash(Key(b)), "{a} {b}");
            }
        }
    }

    fn entry_point(object_type: &str, name: &str, child: Option<&str>) -> EntryPoint {
        use crate::span::{Span, Spanned};
        EntryPoint {
            span: Span::default(),
            name: None,
            object_name: Spanned::new(name.to_owned(), Span::default()),
            object_type: Spanned::new(object_type.to_owned(), Span::default()),
            child_name: child.map(|c| Spanned::new(c.to_owned(), Span::default())),
            grant: Default::default(),
            grant_current_data: None,
            extras: None,
            unknown: Vec::new(),
        }
    }

    proptest! {
        // A fixed seed: `cargo test` runs the same cases everywhere (docs/testing.md).
        #![proptest_config(ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(21),
            ..ProptestConfig::default()
        })]

        #[test]
        fn trim_is_str_trim(s in "[ \t\n\x0b\x0c\r\u{a0}\u{2003}a\u{85}]{0,6}") {
            prop_assert_eq!(trim(&s), s.trim());
        }

        #[test]
        fn entry_point_keys_agree_with_key_strings(
            a in ("[a/ ]{0,3}", "[ aA/\u{212A}Σ]{0,4}", proptest::option::of("[ aA/]{0,3}")),
            b in ("[A/ ]{0,3}", "[ aA/\u{212A}Σ]{0,4}", proptest::option::of("[ aA/]{0,3}")),
        ) {
            let a = entry_point(&a.0, &a.1, a.2.as_deref());
            let b = entry_point(&b.0, &b.1, b.2.as_deref());
            let same = a.key() == b.key();
            prop_assert_eq!(EntryPointKey::new(&a) == EntryPointKey::new(&b), same);
            if same {
                prop_assert_eq!(FxBuild::default().hash_one(EntryPointKey::new(&a)), FxBuild::default().hash_one(EntryPointKey::new(&b)));
            }
        }


        #[test]
        fn agrees_with_name_key(a in "[ a-zA-Z\u{212A}ΣσςİΟΔ]{0,12}", b in "[ a-zA-Z\u{212A}ΣσςİΟΔ]{0,12}") {
            let same = name_key(&a) == name_key(&b);
            prop_assert_eq!(Key(&a) == Key(&b), same);
            if same {
                prop_assert_eq!(hash(Key(&a)), hash(Key(&b)));
            }
        }
    }
}
