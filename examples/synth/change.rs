//! A changed copy of a corpus, for measuring and testing `secgov diff`: a given fraction of the
//! tasks is added, removed, regranted, moved to another process or renamed.
//!
//! The security configuration is written from the edited hierarchy, so the changed copy is as
//! consistent as the original; the counts say what a diff should find.

use super::{Corpus, Process, Rng, Task};

/// How many edits of each kind `changed_copy` made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeCounts {
    pub added: usize,
    pub removed: usize,
    pub regranted: usize,
    pub moved: usize,
    pub renamed: usize,
}

impl ChangeCounts {
    pub fn total(&self) -> usize {
        self.added + self.removed + self.regranted + self.moved + self.renamed
    }
}

/// Where a process is: category index and child indexes from the root.
type ProcessPath = (usize, Vec<usize>);

/// Copies `corpus` with about `fraction` of its tasks edited, the kinds of edit taken in turn.
pub fn changed_copy(corpus: &Corpus, seed: u64, fraction: f64) -> (Corpus, ChangeCounts) {
    let mut out = corpus.clone();
    let mut rng = Rng::new(seed ^ 0xD1FF);
    let mut counts = ChangeCounts::default();
    let edits = ((corpus.task_count() as f64) * fraction.clamp(0.0, 1.0)).round() as usize;
    let holders = task_holders(&out);
    if holders.is_empty() {
        return (out, counts);
    }
    for i in 0..edits {
        let from = rng.pick(&holders).clone();
        let p = process_mut(&mut out, &from);
        if p.tasks.is_empty() {
            continue;
        }
        let t = rng.range(0, p.tasks.len() - 1);
        match i % 5 {
            0 => {
                let mut task = p.tasks[t].clone();
                task.name = format!("{} (copy {i})", task.name);
                task.duty = format!("{}Copy{i}", task.duty);
                p.tasks.insert(t + 1, task);
                counts.added += 1;
            }
            1 => {
                if p.tasks.len() < 2 {
                    continue;
                }
                p.tasks.remove(t);
                counts.removed += 1;
            }
            2 => {
                let ep = rng.range(0, p.tasks[t].entry_points.len() - 1);
                regrant(&mut p.tasks[t].entry_points[ep].grants);
                counts.regranted += 1;
            }
            3 => {
                if p.tasks.len() < 2 {
                    continue;
                }
                let task: Task = p.tasks.remove(t);
                let to = rng.pick(&holders).clone();
                process_mut(&mut out, &to).tasks.push(task);
                counts.moved += 1;
            }
            _ => {
                p.tasks[t].name = format!("{} (renamed)", p.tasks[t].name);
                counts.renamed += 1;
            }
        }
    }
    (out, counts)
}

/// Denies an allowed permission, or allows a denied one.
fn regrant(grants: &mut [(&'static str, &'static str)]) {
    if let Some(g) = grants.last_mut() {
        g.1 = if g.1 == "Allow" { "Deny" } else { "Allow" };
    }
}

fn task_holders(corpus: &Corpus) -> Vec<ProcessPath> {
    fn walk(p: &Process, path: &mut Vec<usize>, c: usize, out: &mut Vec<ProcessPath>) {
        if !p.tasks.is_empty() {
            out.push((c, path.clone()));
        }
        for (i, child) in p.processes.iter().enumerate() {
            path.push(i);
            walk(child, path, c, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    for (c, cat) in corpus.categories.iter().enumerate() {
        for (i, p) in cat.processes.iter().enumerate() {
            walk(p, &mut vec![i], c, &mut out);
        }
    }
    out
}

fn process_mut<'a>(corpus: &'a mut Corpus, (c, path): &ProcessPath) -> &'a mut Process {
    let mut p = &mut corpus.categories[*c].processes[path[0]];
    for &i in &path[1..] {
        p = &mut p.processes[i];
    }
    p
}

#[cfg(test)]
mod tests {
    use super::super::Size;
    use super::*;

    #[test]
    fn a_tenth_of_the_tasks_are_edited_in_every_way() {
        let corpus = Corpus::generate(11, Size::Tasks(1_000));
        let (changed, counts) = changed_copy(&corpus, 11, 0.1);
        assert!(counts.total() > 90 && counts.total() <= 100, "{counts:?}");
        for n in [
            counts.added,
            counts.removed,
            counts.regranted,
            counts.moved,
            counts.renamed,
        ] {
            assert!(n > 10, "{counts:?}");
        }
        assert_eq!(
            changed.task_count(),
            corpus.task_count() + counts.added - counts.removed
        );
        assert_ne!(changed, corpus);
    }

    #[test]
    fn no_edits_gives_an_identical_copy() {
        let corpus = Corpus::generate(11, Size::Tasks(100));
        let (changed, counts) = changed_copy(&corpus, 1, 0.0);
        assert_eq!(counts.total(), 0);
        assert_eq!(changed, corpus);
    }
}
