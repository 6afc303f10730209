//! Pairing objects of OLD and NEW by a key (name, path, content), in linear time with hash maps.
//!
//! Objects that share a key pair up in the order they were read on each side, which keeps the
//! pairing symmetric: swapping OLD and NEW yields the same pairs. Where names of one key are
//! spelled differently ("Alpha" and "alpha" side by side), [`pair_by_name`] pairs equal spellings
//! first, so the choice depends on the names, not on which of them comes first.

use std::collections::HashMap;
use std::collections::VecDeque;
use std::hash::Hash;

/// Indices into the OLD and NEW lists: matched pairs and what is left on either side.
#[derive(Debug, Default)]
pub(crate) struct Pairing {
    pub pairs: Vec<(usize, usize)>,
    pub old_only: Vec<usize>,
    pub new_only: Vec<usize>,
}

/// Pairs every old item with the new item of the same key, in order of appearance.
pub(crate) fn pair_by_key<K: Hash + Eq>(
    old: impl IntoIterator<Item = (usize, K)>,
    new: impl IntoIterator<Item = (usize, K)>,
) -> Pairing {
    let old: Vec<(usize, K)> = old.into_iter().collect();
    if old.len() <= SMALL {
        return pair_small(old, new);
    }
    pair_hashed(old, new)
}

/// [`pair_by_key`] for names: items carry their key and their spelling as written (trimmed). Items
/// spelled alike pair first; what is left pairs by key, in order of appearance. Both passes pair
/// the k-th item of a key on one side with the k-th on the other, so swapping OLD and NEW gives the
/// same pairs.
pub(crate) fn pair_by_name<K: Hash + Eq, S: Hash + Eq>(
    old: impl IntoIterator<Item = (usize, K, S)>,
    new: impl IntoIterator<Item = (usize, K, S)>,
) -> Pairing {
    let old: Vec<(usize, K, S)> = old.into_iter().collect();
    let new: Vec<(usize, K, S)> = new.into_iter().collect();
    let exact = pair_by_key(
        old.iter().enumerate().map(|(x, (_, k, s))| (x, (k, s))),
        new.iter().enumerate().map(|(y, (_, k, s))| (y, (k, s))),
    );
    let rest = pair_by_key(
        exact.old_only.iter().map(|&x| (x, &old[x].1)),
        exact.new_only.iter().map(|&y| (y, &new[y].1)),
    );
    let mut out = Pairing {
        pairs: exact.pairs.into_iter().chain(rest.pairs).collect(),
        old_only: rest.old_only,
        new_only: rest.new_only,
    };
    out.pairs.sort_unstable_by_key(|&(_, y)| y);
    out.new_only.sort_unstable();
    for (x, y) in &mut out.pairs {
        (*x, *y) = (old[*x].0, new[*y].0);
    }
    out.old_only.iter_mut().for_each(|x| *x = old[*x].0);
    out.new_only.iter_mut().for_each(|y| *y = new[*y].0);
    out
}

fn pair_hashed<K: Hash + Eq>(
    old: Vec<(usize, K)>,
    new: impl IntoIterator<Item = (usize, K)>,
) -> Pairing {
    let mut waiting: HashMap<K, VecDeque<usize>> = HashMap::new();
    let mut old_count = 0;
    for (i, k) in old {
        waiting.entry(k).or_default().push_back(i);
        old_count += 1;
    }
    let mut out = Pairing::default();
    for (j, k) in new {
        match waiting.get_mut(&k).and_then(VecDeque::pop_front) {
            Some(i) => out.pairs.push((i, j)),
            None => out.new_only.push(j),
        }
    }
    out.old_only.reserve(old_count - out.pairs.len());
    out.old_only.extend(waiting.into_values().flatten());
    out.old_only.sort_unstable();
    out
}

/// Lists this short (most: the entry points of one privilege, the duties of one role) are paired
/// by scanning instead of hashing every key.
const SMALL: usize = 16;

/// `pair_by_key` for a short `old`: each new item takes the first unpaired old item with its key,
/// as the hashed queues do.
fn pair_small<K: Eq>(old: Vec<(usize, K)>, new: impl IntoIterator<Item = (usize, K)>) -> Pairing {
    let mut paired = vec![false; old.len()];
    let mut out = Pairing::default();
    for (j, k) in new {
        match (0..old.len()).find(|&x| !paired[x] && old[x].1 == k) {
            Some(x) => {
                paired[x] = true;
                out.pairs.push((old[x].0, j));
            }
            None => out.new_only.push(j),
        }
    }
    out.old_only = old
        .iter()
        .zip(&paired)
        .filter(|(_, p)| !**p)
        .map(|((i, _), _)| *i)
        .collect();
    out.old_only.sort_unstable();
    out
}

/// Pairs items whose key occurs exactly once on each side; used for second-chance matches (a
/// process or task found under another parent) where a repeated key would make a guess.
pub(crate) fn pair_unique<K: Hash + Eq>(
    old: impl IntoIterator<Item = (usize, K)>,
    new: impl IntoIterator<Item = (usize, K)>,
) -> Pairing {
    let mut count: HashMap<K, (usize, Option<usize>, usize, Option<usize>)> = HashMap::new();
    let mut olds = Vec::new();
    let mut news = Vec::new();
    for (i, k) in old {
        olds.push(i);
        let e = count.entry(k).or_default();
        e.0 += 1;
        e.1 = Some(i);
    }
    for (j, k) in new {
        news.push(j);
        let e = count.entry(k).or_default();
        e.2 += 1;
        e.3 = Some(j);
    }
    let mut out = Pairing::default();
    let mut paired_old = std::collections::HashSet::new();
    let mut paired_new = std::collections::HashSet::new();
    for (_, (no, io, nn, jn)) in count {
        if let (1, Some(i), 1, Some(j)) = (no, io, nn, jn) {
            out.pairs.push((i, j));
            paired_old.insert(i);
            paired_new.insert(j);
        }
    }
    out.pairs.sort_unstable();
    out.old_only = olds
        .into_iter()
        .filter(|i| !paired_old.contains(i))
        .collect();
    out.new_only = news
        .into_iter()
        .filter(|j| !paired_new.contains(j))
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // A fixed seed: `cargo test` runs the same cases everywhere (docs/testing.md).
        #![proptest_config(proptest::test_runner::Config {
            rng_seed: proptest::test_runner::RngSeed::Fixed(21),
            ..Default::default()
        })]

        #[test]
        fn short_lists_pair_as_the_hashed_queues_do(
            old in proptest::collection::vec(0u8..4, 0..12),
            new in proptest::collection::vec(0u8..4, 0..12),
        ) {
            let o: Vec<(usize, u8)> = old.into_iter().enumerate().collect();
            let n: Vec<(usize, u8)> = new.into_iter().enumerate().collect();
            let (a, b) = (pair_small(o.clone(), n.clone()), pair_hashed(o, n));
            proptest::prop_assert_eq!((a.pairs, a.old_only, a.new_only), (b.pairs, b.old_only, b.new_only));
        }
    }

    #[test]
    fn repeated_keys_pair_in_order_and_the_rest_is_left_over() {
        let p = pair_by_key(
            [(0, "a"), (1, "b"), (2, "a")],
            [(0, "a"), (1, "c"), (2, "b")],
        );
        assert_eq!(p.pairs, vec![(0, 0), (1, 2)]);
        assert_eq!(p.old_only, vec![2]);
        assert_eq!(p.new_only, vec![1]);
    }

    #[test]
    fn equal_spellings_pair_before_other_spellings_of_the_key() {
        let old = [
            (0, "alpha", "Alpha"),
            (1, "alpha", "alpha"),
            (2, "beta", "Beta"),
        ];
        let new = [
            (0, "alpha", "alpha"),
            (1, "beta", "BETA"),
            (2, "alpha", "ALPHA"),
        ];
        let p = pair_by_name(old, new);
        assert_eq!(p.pairs, vec![(1, 0), (2, 1), (0, 2)]);
        let q = pair_by_name(new, old);
        let mut swapped: Vec<_> = q.pairs.iter().map(|&(j, i)| (i, j)).collect();
        swapped.sort_unstable_by_key(|&(_, j)| j);
        assert_eq!(p.pairs, swapped);
    }

    #[test]
    fn unique_pairing_skips_ambiguous_keys() {
        let p = pair_unique([(0, "a"), (1, "a"), (2, "b")], [(5, "a"), (6, "b")]);
        assert_eq!(p.pairs, vec![(2, 6)]);
        assert_eq!(p.old_only, vec![0, 1]);
        assert_eq!(p.new_only, vec![5]);
    }
}
