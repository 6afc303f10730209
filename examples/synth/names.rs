//! The vocabulary and tree shape of synthetic corpora: Dynamics 365-style module prefixes,
//! business objects and verbs combined into unique process, task, duty, role and menu item names.

use super::{Category, Corpus, EntryPoint, Process, Rng, Shape, Size, Task};

/// (AOT prefix, business area as people say it, what it manages)
const AREAS: &[(&str, &str, &str)] = &[
    ("Vend", "Vendor management", "vendors"),
    ("Cust", "Customer management", "customers"),
    ("Ledger", "General ledger", "ledger journals"),
    ("Purch", "Procurement and sourcing", "purchase orders"),
    ("Sales", "Sales and marketing", "sales orders"),
    ("Invent", "Inventory management", "inventory"),
    ("Bank", "Cash and bank management", "bank accounts"),
    ("Asset", "Fixed assets", "fixed assets"),
    ("Proj", "Project management", "projects"),
    ("Hcm", "Human resources", "workers"),
    ("Tax", "Tax", "sales tax"),
    ("Budget", "Budgeting", "budget plans"),
    ("Prod", "Production control", "production orders"),
    ("WHS", "Warehouse management", "warehouse work"),
    ("Trv", "Expense management", "expense reports"),
];

/// (AOT object suffix, words)
const OBJECTS: &[(&str, &str)] = &[
    ("Table", "master data"),
    ("Invoice", "invoices"),
    ("InvoiceJournal", "invoice journals"),
    ("PaymentJournal", "payment journals"),
    ("Posting", "posting profiles"),
    ("Parameters", "parameters"),
    ("Group", "groups"),
    ("Aging", "aging"),
    ("Statement", "statements"),
    ("Trans", "transactions"),
    ("Settlement", "settlements"),
    ("Agreement", "agreements"),
    ("Charges", "charges"),
    ("Approval", "approvals"),
];

/// (duty verb, task verb, permissions granted on display menu items)
const VERBS: &[(&str, &str, &[&str])] = &[
    (
        "Maintain",
        "Maintain",
        &["Read", "Update", "Create", "Delete"],
    ),
    ("Inquire", "Inquire into", &["Read"]),
    ("Approve", "Approve", &["Read", "Update"]),
    ("Post", "Post", &["Read", "Update", "Create"]),
    ("Print", "Print", &["Read"]),
    (
        "Process",
        "Process",
        &["Read", "Update", "Create", "Correct"],
    ),
    ("Review", "Review", &["Read"]),
    ("Import", "Import", &["Read", "Create"]),
];

const STAGES: &[&str] = &[
    "setup",
    "daily operations",
    "period end",
    "inquiries and reports",
    "approvals",
    "corrections",
    "integration",
    "year end",
];

const COMPANIES: &[&str] = &["USMF", "USRT", "DEMF", "GBSI", "FRRT", "JPMF", "CNMF"];

const ROLE_SUFFIXES: &[&str] = &[
    "Clerk",
    "Manager",
    "Administrator",
    "Supervisor",
    "Coordinator",
    "Agent",
];

/// Bytes one task adds to a Governance + configuration backup, roughly: its hierarchy element
/// plus its duty, privilege and role reference (calibrated on generated files).
const BYTES_PER_TASK: usize = 2090;

struct Gen {
    rng: Rng,
    /// Counter that makes every generated name unique in the corpus.
    serial: usize,
    tasks: usize,
    limit: usize,
    /// Draw every task's entry points from a small pool shared by the whole corpus
    /// ([`Shape::Overlapping`]).
    pool: bool,
}

pub(super) fn generate(seed: u64, size: Size, shape: Shape) -> Corpus {
    let limit = match size {
        Size::Bytes(b) => (b / BYTES_PER_TASK).max(1),
        Size::Tasks(n) => n,
    };
    let mut g = Gen {
        rng: Rng::new(seed),
        serial: 0,
        tasks: 0,
        limit,
        pool: shape == Shape::Overlapping,
    };
    // About 2,000 tasks per category, as "All categories" backups of large tenants have.
    let category_count = limit.div_ceil(2_000).max(1);
    let mut categories: Vec<Category> = (0..category_count)
        .map(|i| {
            let (_, area, what) = AREAS[i % AREAS.len()];
            let round = i / AREAS.len();
            Category {
                name: if round == 0 {
                    area.to_string()
                } else {
                    format!("{area} {}", round + 1)
                },
                description: format!("Processes, tasks & security for {what}"),
                company: g.rng.pick(COMPANIES).to_string(),
                processes: Vec::new(),
            }
        })
        .collect();
    let mut i = 0;
    while g.tasks < g.limit {
        let c = i % category_count;
        let area = c % AREAS.len();
        let depth = g.rng.range(3, 5);
        let p = g.process(area, depth, 1);
        categories[c].processes.push(p);
        i += 1;
    }
    Corpus { categories }
}

impl Gen {
    fn unique(&mut self) -> usize {
        self.serial += 1;
        self.serial
    }

    fn process(&mut self, area: usize, depth: usize, level: usize) -> Process {
        let (prefix, area_name, what) = AREAS[area];
        let n = self.unique();
        let stage = *self.rng.pick(STAGES);
        let name = match level {
            1 => format!("{area_name} {n}"),
            _ => format!("{} {what}, {stage} {n}", capitalize(stage)),
        };
        let role = (level <= 2 && self.rng.chance(0.6))
            .then(|| format!("{prefix}{}{n}", self.rng.pick(ROLE_SUFFIXES)));
        let description = self
            .rng
            .chance(0.3)
            .then(|| format!("How {what} are handled during {stage} <level {level}>"));
        let mut processes = Vec::new();
        if level < depth {
            for _ in 0..self.rng.range(2, 3) {
                if self.tasks >= self.limit {
                    break;
                }
                processes.push(self.process(area, depth, level + 1));
            }
        }
        let mut tasks = Vec::new();
        if level == depth || self.rng.chance(0.3) {
            for _ in 0..self.rng.range(2, 5) {
                if self.tasks >= self.limit {
                    break;
                }
                tasks.push(self.task(area));
            }
        }
        Process {
            name,
            description,
            role,
            processes,
            tasks,
        }
    }

    fn task(&mut self, area: usize) -> Task {
        self.tasks += 1;
        let (prefix, _, _) = AREAS[area];
        let (object, object_words) = *self.rng.pick(OBJECTS);
        let (verb, task_verb, permissions) = *self.rng.pick(VERBS);
        let n = self.unique();
        let mut entry_points = Vec::new();
        for k in 0..self.rng.range(1, 4) {
            let ep = if self.pool {
                // Two areas, three objects, two verbs: about 100 distinct entry points for the
                // whole corpus, so most duties share their access with many others.
                let prefix = AREAS[self.rng.range(0, 1)].0;
                let object = OBJECTS[self.rng.range(0, 2)].0;
                let permissions = VERBS[self.rng.range(0, 1)].2;
                self.entry_point(prefix, object, permissions, k)
            } else {
                self.entry_point(prefix, object, permissions, k)
            };
            // A privilege grants each entry point once.
            if !entry_points.iter().any(|e: &EntryPoint| {
                e.object_name == ep.object_name && e.object_type == ep.object_type
            }) {
                entry_points.push(ep);
            }
        }
        Task {
            name: format!("{task_verb} {object_words} {n}"),
            duty: format!("{prefix}{object}{verb}{n}"),
            entry_points,
        }
    }

    fn entry_point(
        &mut self,
        prefix: &str,
        object: &str,
        permissions: &[&'static str],
        k: usize,
    ) -> EntryPoint {
        let kind = self.rng.range(0, 9);
        let (object_type, suffix, child_name, grants): (_, _, _, Vec<_>) = match (k, kind) {
            (0, _) | (_, 0..=4) => (
                "MenuItemDisplay",
                ["", "ListPage", "Details", "Inquiry"][kind % 4],
                None,
                permissions.iter().map(|p| (*p, "Allow")).collect(),
            ),
            (_, 5 | 6) => ("MenuItemAction", "_Post", None, vec![("Invoke", "Allow")]),
            (_, 7) => ("MenuItemOutput", "Report", None, vec![("Read", "Allow")]),
            (_, 8) => (
                "ServiceOperation",
                "Service",
                Some(["create", "read", "update", "find"][self.rng.range(0, 3)].to_string()),
                vec![("Invoke", "Allow")],
            ),
            _ => (
                "DataEntity",
                "Entity",
                None,
                vec![("Read", "Allow"), ("Update", "Deny")],
            ),
        };
        EntryPoint {
            object_name: format!("{prefix}{object}{suffix}"),
            object_type,
            child_name,
            grants,
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
