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
