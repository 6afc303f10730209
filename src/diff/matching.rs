//! Pairing objects of OLD and NEW by a key (name, path, content), in linear time with hash maps.
//!
//! Objects that share a key pair up in the order they were read on each side, which keeps the
//! pairing symmetric: swapping OLD and NEW yields the same pairs.

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

/// Pairs items whose key occurs exactly once on each side; used for second-chance matches (a
/// process or task found under another parent) where a repeated key would make a guess.
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
    fn unique_pairing_skips_ambiguous_keys() {
        let p = pair_unique([(0, "a"), (1, "a"), (2, "b")], [(5, "a"), (6, "b")]);
        assert_eq!(p.pairs, vec![(2, 6)]);
        assert_eq!(p.old_only, vec![0, 1]);
        assert_eq!(p.new_only, vec![5]);
    }
}
