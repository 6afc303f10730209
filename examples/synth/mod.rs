//! Synthetic, deterministic security corpora for benchmarks, hostile-input tests and fuzz seeds.
//!
//! A [`Corpus`] is a set of categories with process trees 3-5 levels deep, tasks with entry points
//! and grants, all with Dynamics 365-style names (vendors, customers, ledger, procurement, ...).
//! The security configuration (roles, duties, privileges) is derived from the hierarchy the way
//! User security governance creates it, so a generated backup is consistent. The same seed gives
//! the same bytes on every machine: the generator uses its own small PRNG (splitmix64), never the
//! clock or the hash seed.
//!
//! Writers are in `write.rs` (USG backup, AOT files, CSV outline); `change.rs` makes the edited
//! copy that `secgov diff` is measured on. Front end: `cargo run --example synth`.
//!
//! Not part of the library: a development aid compiled into the programs that use it with
//! `#[path = ".../examples/synth/mod.rs"] mod synth;` (the `synth` and `bench` examples, the
//! integration tests). Each of them uses only part of it.
#![allow(dead_code, unused_imports)]

mod change;
mod names;
mod write;

pub use change::{ChangeCounts, changed_copy};
pub use write::{aot_files, outline_csv, usg_backup};

/// A deterministic pseudo-random number generator (splitmix64): tiny, fast and good enough for
/// picking names; not for anything secret.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
}

/// All categories of one synthetic backup.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub name: String,
    pub description: String,
    pub company: String,
    pub processes: Vec<Process>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Process {
    pub name: String,
    pub description: Option<String>,
    /// The role created at this level, if any.
    pub role: Option<String>,
    pub processes: Vec<Process>,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub name: String,
    /// The duty this task creates; its privilege has the same name.
    pub duty: String,
    pub entry_points: Vec<EntryPoint>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryPoint {
    pub object_name: String,
    pub object_type: &'static str,
    pub child_name: Option<String>,
    /// Permissions in canonical order (Read, Update, Create, Correct, Delete, Invoke), each
    /// `Allow` or `Deny`.
    pub grants: Vec<(&'static str, &'static str)>,
}

/// When to stop generating.
#[derive(Debug, Clone, Copy)]
pub enum Size {
    /// About this many bytes of USG backup (Governance + configuration).
    Bytes(usize),
    /// Exactly this many tasks.
    Tasks(usize),
}

/// How the corpus grants access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// Each task's entry points come from its own area and business object: few duties grant
    /// the same (the benchmark's "clean" backups).
    #[default]
    Clean,
    /// Every task draws its entry points from one small pool (about 100 entry points), as in a
    /// tenant where duties were copied and edited for years: most duties and privileges have the
    /// same or overlapping access and SG602 fires for nearly all of them (findings-heavy).
    Overlapping,
}

impl Corpus {
    /// Generates a corpus of the given size from `seed`.
    pub fn generate(seed: u64, size: Size) -> Corpus {
        names::generate(seed, size, Shape::Clean)
    }

    /// [`Corpus::generate`] with the given shape; `Shape::Clean` gives the same corpus.
    pub fn generate_shaped(seed: u64, size: Size, shape: Shape) -> Corpus {
        names::generate(seed, size, shape)
    }

    /// Every task, in document order, with the path of process names leading to it.
    pub fn tasks(&self) -> Vec<(&Category, Vec<&Process>, &Task)> {
        fn walk<'a>(
            c: &'a Category,
            path: &mut Vec<&'a Process>,
            p: &'a Process,
            out: &mut Vec<(&'a Category, Vec<&'a Process>, &'a Task)>,
        ) {
            path.push(p);
            for child in &p.processes {
                walk(c, path, child, out);
            }
            for t in &p.tasks {
                out.push((c, path.clone(), t));
            }
            path.pop();
        }
        let mut out = Vec::new();
        for c in &self.categories {
            for p in &c.processes {
                walk(c, &mut Vec::new(), p, &mut out);
            }
        }
        out
    }

    pub fn task_count(&self) -> usize {
        fn count(p: &Process) -> usize {
            p.tasks.len() + p.processes.iter().map(count).sum::<usize>()
        }
        self.categories
            .iter()
            .flat_map(|c| &c.processes)
            .map(count)
            .sum()
    }
}

impl Process {
    /// Duties of the tasks in this process and every process below it, in tree order.
    pub fn subtree_duties(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for child in &self.processes {
            out.extend(child.subtree_duties());
        }
        out.extend(self.tasks.iter().map(|t| t.duty.as_str()));
        let mut seen = std::collections::HashSet::new();
        out.retain(|d| seen.insert(d.to_ascii_lowercase()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_other_seed_other_corpus() {
        let a = Corpus::generate(7, Size::Tasks(200));
        let b = Corpus::generate(7, Size::Tasks(200));
        let c = Corpus::generate(8, Size::Tasks(200));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.task_count(), 200);
    }

    #[test]
    fn the_overlapping_shape_draws_entry_points_from_a_small_pool() {
        let clean = Corpus::generate(7, Size::Tasks(2000));
        let overlapping = Corpus::generate_shaped(7, Size::Tasks(2000), Shape::Overlapping);
        let distinct = |c: &Corpus| {
            let mut names: Vec<&str> = c
                .tasks()
                .into_iter()
                .flat_map(|(_, _, t)| t.entry_points.iter().map(|e| e.object_name.as_str()))
                .collect();
            names.sort_unstable();
            names.dedup();
            names.len()
        };
        assert!(
            distinct(&overlapping) <= 2 * 3 * 8,
            "{}",
            distinct(&overlapping)
        );
        assert!(distinct(&clean) > distinct(&overlapping));
        assert_eq!(overlapping.task_count(), 2000);
    }

    #[test]
    fn rng_range_stays_in_bounds() {
        let mut r = Rng::new(1);
        for _ in 0..10_000 {
            let x = r.range(3, 5);
            assert!((3..=5).contains(&x));
        }
    }
}
