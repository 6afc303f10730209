//! The one effective-access engine: what each role really grants once sub-roles (to any depth),
//! duties, privileges, role and duty extensions, the role's own `DirectAccessPermissions` and the
//! objects a USG process hierarchy implies are flattened. Deny wins over Allow per permission, as
//! the platform resolves it. `diff --access`, the SG4xx/SG5xx rules and `secgov access` all read
//! it.
//!
//! Sub-roles form a graph that may be deep (a chain of 50,000 roles) or cyclic, so nothing here
//! recurses per sub-role: the strongly connected components are found with an iterative Tarjan
//! walk, and each component's access is computed once, after the components it reaches, and
//! shared (`Arc`) by every role in it. A role that adds nothing to its one sub-role shares that
//! sub-role's access outright, so a long chain costs linear work. Paths are not stored: a
//! [`Source`] names the role that holds a grant directly, and [`Engine::path`] finds the sub-role
//! steps from the role asked about only when a path is shown.

use super::{
    Access, Duty, Extension, GrantScope, Implied, Model, ObjectGrant, Permission, Privilege, Role,
    table_grants,
};
use crate::span::name_key;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// How a role holding a grant directly reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A privilege of one of the role's duties (own or from a duty extension).
    Duty { duty: usize, privilege: usize },
    /// A privilege assigned to the role (or a role extension) itself.
    Privilege { privilege: usize },
    /// The role's (or a role extension's) own `DirectAccessPermissions`.
    Direct,
}

/// A duty a role holds (defined or not): its name as referenced and the role that references it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldDuty {
    pub name: String,
    /// Index into [`Engine::roles`].
    pub holder: usize,
}

/// Where a grant comes from: the role that holds it directly, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// Index into [`Engine::roles`].
    pub holder: usize,
    pub via: Via,
}

/// The kind of one step of a path, as `secgov access` labels it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    Role,
    SubRole,
    Duty,
    Privilege,
    /// The role's own `DirectAccessPermissions`.
    Direct,
}

/// One step of a path from a role to a grant.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Step {
    pub kind: StepKind,
    pub name: String,
}

/// What a role reaches on one securable object (and child, and scope): for each permission the
/// first source that allows it and the first that denies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    pub securable_type: String,
    pub object: String,
    pub child: Option<String>,
    pub scope: GrantScope,
    pub allowed: [Option<Source>; 6],
    pub denied: [Option<Source>; 6],
}

impl AccessEntry {
    /// The resulting value: Deny if anything denies it, else Allow if anything allows it.
    pub fn value(&self, p: Permission) -> Option<Access> {
        if self.denied[p as usize].is_some() {
            Some(Access::Deny)
        } else if self.allowed[p as usize].is_some() {
            Some(Access::Allow)
        } else {
            None
        }
    }

    /// The source that decides the permission's value (the Deny when there is one).
    pub(crate) fn deciding(&self, p: Permission) -> Option<Source> {
        self.denied[p as usize].or(self.allowed[p as usize])
    }

    /// `Table CustTable`, `DataEntityField CustCustomerV3Entity.CreditLimit (past data)`.
    pub fn describe(&self) -> String {
        let mut s = format!("{} `{}", self.securable_type, self.object.trim());
        if let Some(c) = &self.child {
            s.push('.');
            s.push_str(c);
        }
        s.push('`');
        if self.scope != GrantScope::Grant {
            s.push_str(&format!(" ({} data)", self.scope.label()));
        }
        s
    }

    fn merge(&mut self, other: &AccessEntry) -> bool {
        let mut changed = false;
        for i in 0..6 {
            if self.allowed[i].is_none() && other.allowed[i].is_some() {
                self.allowed[i] = other.allowed[i];
                changed = true;
            }
            if self.denied[i].is_none() && other.denied[i].is_some() {
                self.denied[i] = other.denied[i];
                changed = true;
            }
        }
        changed
    }
}

/// Everything one role reaches, keyed by identity ([`ObjectGrant::key`]), and the duties it holds
/// (by name key; referenced duties count whether or not they are defined).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleAccess {
    pub entries: BTreeMap<String, AccessEntry>,
    pub duties: BTreeMap<String, HeldDuty>,
}

impl RoleAccess {
    /// Whether some permission is both allowed and denied on one object.
    pub(crate) fn has_conflict(&self) -> bool {
        self.entries
            .values()
            .any(|e| (0..6).any(|i| e.allowed[i].is_some() && e.denied[i].is_some()))
    }
}

/// The effective access of every role of a model (with what its hierarchies imply).
pub struct Engine<'m> {
    roles: Vec<&'m Role>,
    duties: Vec<&'m Duty>,
    privileges: Vec<&'m Privilege>,
    role_ext: HashMap<String, Vec<&'m Extension>>,
    duty_ext: HashMap<String, Vec<&'m Extension>>,
    duty_by_key: HashMap<String, usize>,
    privilege_by_key: HashMap<String, usize>,
    role_by_key: HashMap<String, usize>,
    /// Resolved sub-roles of each role (own and from extensions), in order, without repeats.
    sub: Vec<Vec<usize>>,
    /// Component of each role; components are numbered sinks first.
    component: Vec<usize>,
    members: Vec<Vec<usize>>,
    /// Components each component's roles reach through one sub-role (without itself).
    children: Vec<Vec<usize>>,
    memo: Vec<OnceLock<Arc<RoleAccess>>>,
    privilege_grants: Vec<OnceLock<Vec<(String, ObjectGrant<'m>)>>>,
    steps: AtomicUsize,
}

impl<'m> Engine<'m> {
    /// The engine over the model's objects followed by what its hierarchies imply.
    pub fn new(model: &'m Model, implied: &'m Implied) -> Self {
        Self::over(
            model,
            model.roles.iter().chain(&implied.roles).collect(),
            model.duties.iter().chain(&implied.duties).collect(),
            model.privileges.iter().chain(&implied.privileges).collect(),
        )
    }

    /// The engine over these objects (the first of a name wins, as with `Model::find_*`) and the
    /// model's extensions.
    pub fn over(
        model: &'m Model,
        roles: Vec<&'m Role>,
        duties: Vec<&'m Duty>,
        privileges: Vec<&'m Privilege>,
    ) -> Self {
        fn first<T>(items: &[&T], name: impl Fn(&T) -> &str) -> HashMap<String, usize> {
            let mut map = HashMap::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                map.entry(name_key(name(item))).or_insert(i);
            }
            map
        }
        fn by_base(list: &[Extension]) -> HashMap<String, Vec<&Extension>> {
            let mut map: HashMap<String, Vec<&Extension>> = HashMap::new();
            for e in list {
                map.entry(name_key(&e.base)).or_default().push(e);
            }
            map
        }
        let role_by_key = first(&roles, |r: &Role| &r.name.value);
        let role_ext = by_base(&model.role_extensions);
        let sub: Vec<Vec<usize>> = roles
            .iter()
            .map(|r| {
                let mut out: Vec<usize> = Vec::new();
                let ext = role_ext
                    .get(&r.name.key())
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                for s in r
                    .sub_roles
                    .iter()
                    .chain(ext.iter().flat_map(|e| &e.sub_roles))
                {
                    if let Some(&i) = role_by_key.get(&s.key()) {
                        if !out.contains(&i) {
                            out.push(i);
                        }
                    }
                }
                out
            })
            .collect();
        let (component, members) = components(&sub);
        let children = members
            .iter()
            .enumerate()
            .map(|(c, ms)| {
                let mut out: Vec<usize> = Vec::new();
                for &m in ms {
                    for &s in &sub[m] {
                        let sc = component[s];
                        if sc != c && !out.contains(&sc) {
                            out.push(sc);
                        }
                    }
                }
                out
            })
            .collect();
        Engine {
            duty_by_key: first(&duties, |d: &Duty| &d.name.value),
            privilege_by_key: first(&privileges, |p: &Privilege| &p.name.value),
            duty_ext: by_base(&model.duty_extensions),
            memo: (0..members.len()).map(|_| OnceLock::new()).collect(),
            privilege_grants: (0..privileges.len()).map(|_| OnceLock::new()).collect(),
            role_by_key,
            role_ext,
            roles,
            duties,
            privileges,
            sub,
            component,
            members,
            children,
            steps: AtomicUsize::new(0),
        }
    }

    pub fn roles(&self) -> &[&'m Role] {
        &self.roles
    }

    pub(crate) fn duty_at(&self, i: usize) -> Option<&'m Duty> {
        self.duties.get(i).copied()
    }

    pub(crate) fn privilege_at(&self, i: usize) -> Option<&'m Privilege> {
        self.privileges.get(i).copied()
    }

    /// The role named `name` (case-insensitive).
    pub(crate) fn role_index(&self, name: &str) -> Option<usize> {
        self.role_by_key.get(&name_key(name)).copied()
    }

    /// Work done so far: entries and duties copied or merged. Tests compare it at two sizes to
    /// check that the work grows linearly.
    pub fn steps(&self) -> usize {
        self.steps.load(Ordering::Relaxed)
    }

    /// Groups of roles that contain each other through sub-roles (each group once, members in
    /// model order), for SG402.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = self
            .members
            .iter()
            .filter(|ms| ms.len() > 1 || self.sub[ms[0]].contains(&ms[0]))
            .map(|ms| {
                let mut ms = ms.clone();
                ms.sort_unstable();
                ms
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// A shortest cycle through `start` along sub-roles, as role indices from `start` back to it.
    pub(crate) fn cycle_from(&self, start: usize) -> Option<Vec<usize>> {
        let mut chain = self.shortest(start, |r| self.sub[r].contains(&start))?;
        chain.push(start);
        Some(chain)
    }

    /// Roles from `from` to the first role that satisfies `goal`, breadth first along sub-roles.
    fn shortest(&self, from: usize, goal: impl Fn(usize) -> bool) -> Option<Vec<usize>> {
        let mut parent: HashMap<usize, usize> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        parent.insert(from, from);
        while let Some(r) = queue.pop_front() {
            if goal(r) {
                let mut chain = vec![r];
                let mut at = r;
                while at != from {
                    at = parent[&at];
                    chain.push(at);
                }
                chain.reverse();
                return Some(chain);
            }
            for &s in &self.sub[r] {
                if let std::collections::hash_map::Entry::Vacant(v) = parent.entry(s) {
                    v.insert(r);
                    queue.push_back(s);
                }
            }
        }
        None
    }

    /// The path from `role` to a grant: the role, sub-roles down to the holder, then the duty and
    /// privilege (or the role's own direct access).
    pub fn path(&self, role: usize, source: &Source) -> Vec<Step> {
        let chain = self
            .shortest(role, |r| r == source.holder)
            .unwrap_or_else(|| vec![role]);
        let mut out: Vec<Step> = chain
            .iter()
            .enumerate()
            .map(|(i, &r)| Step {
                kind: if i == 0 {
                    StepKind::Role
                } else {
                    StepKind::SubRole
                },
                name: self.roles[r].name.value.trim().to_owned(),
            })
            .collect();
        let step = |kind, name: &str| Step {
            kind,
            name: name.trim().to_owned(),
        };
        match source.via {
            Via::Duty { duty, privilege } => {
                out.push(step(StepKind::Duty, &self.duties[duty].name.value));
                out.push(step(
                    StepKind::Privilege,
                    &self.privileges[privilege].name.value,
                ));
            }
            Via::Privilege { privilege } => out.push(step(
                StepKind::Privilege,
                &self.privileges[privilege].name.value,
            )),
            Via::Direct => {}
        }
        out
    }

    /// The path from `role` to a duty it holds: `Clerk > Viewer > Duty`.
    pub(crate) fn duty_path(&self, role: usize, duty: &HeldDuty) -> String {
        let source = Source {
            holder: duty.holder,
            via: Via::Direct,
        };
        let mut path = self.path_string(role, &source);
        path.push_str(" > ");
        path.push_str(&duty.name);
        path
    }

    /// [`Engine::path`] as `Clerk > Viewer > Duty > Privilege`.
    pub(crate) fn path_string(&self, role: usize, source: &Source) -> String {
        self.path(role, source)
            .into_iter()
            .map(|s| s.name)
            .collect::<Vec<_>>()
            .join(" > ")
    }

    fn grants_of_privilege(&self, i: usize) -> &[(String, ObjectGrant<'m>)] {
        self.privilege_grants[i].get_or_init(|| {
            self.privileges[i]
                .grants()
                .into_iter()
                .map(|g| (g.key(), g))
                .collect()
        })
    }

    /// What `role` grants through its own duties, privileges and direct access (not sub-roles).
    fn own(&self, role: usize, out: &mut RoleAccess) {
        let r = self.roles[role];
        let ext = self
            .role_ext
            .get(&r.name.key())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut grants: Vec<(Source, &str, ObjectGrant<'m>)> = Vec::new();
        let mut direct = Vec::new();
        table_grants(&r.direct_access, &mut direct);
        for e in ext {
            table_grants(&e.direct_access, &mut direct);
        }
        let holder = role;
        for d in r.duties.iter().chain(ext.iter().flat_map(|e| &e.duties)) {
            self.steps.fetch_add(1, Ordering::Relaxed);
            out.duties.entry(d.key()).or_insert_with(|| HeldDuty {
                name: d.value.trim().to_owned(),
                holder,
            });
            let Some(&duty) = self.duty_by_key.get(&d.key()) else {
                continue;
            };
            let extended = self
                .duty_ext
                .get(&self.duties[duty].name.key())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            for p in self.duties[duty]
                .privileges
                .iter()
                .chain(extended.iter().flat_map(|e| &e.privileges))
            {
                if let Some(&privilege) = self.privilege_by_key.get(&p.key()) {
                    for (key, g) in self.grants_of_privilege(privilege) {
                        let via = Via::Duty { duty, privilege };
                        grants.push((Source { holder, via }, key, *g));
                    }
                }
            }
        }
        for p in r
            .privileges
            .iter()
            .chain(ext.iter().flat_map(|e| &e.privileges))
        {
            if let Some(&privilege) = self.privilege_by_key.get(&p.key()) {
                for (key, g) in self.grants_of_privilege(privilege) {
                    let via = Via::Privilege { privilege };
                    grants.push((Source { holder, via }, key, *g));
                }
            }
        }
        let direct_keys: Vec<String> = direct.iter().map(ObjectGrant::key).collect();
        for (g, key) in direct.iter().zip(&direct_keys) {
            let via = Via::Direct;
            grants.push((Source { holder, via }, key, *g));
        }
        for (source, key, g) in grants {
            self.steps.fetch_add(1, Ordering::Relaxed);
            let entry = out
                .entries
                .entry(key.to_owned())
                .or_insert_with(|| AccessEntry {
                    securable_type: g.securable_type.trim().to_owned(),
                    object: g.object.trim().to_owned(),
                    child: g.child_name(),
                    scope: g.scope,
                    allowed: [None; 6],
                    denied: [None; 6],
                });
            for (p, a) in g.grant.iter() {
                let slot = match a {
                    Access::Allow => &mut entry.allowed[p as usize],
                    Access::Deny => &mut entry.denied[p as usize],
                };
                slot.get_or_insert(source);
            }
        }
    }

    /// The effective access of the role at `role` (index into [`Engine::roles`]).
    pub fn access(&self, role: usize) -> Arc<RoleAccess> {
        let target = self.component[role];
        if let Some(done) = self.memo[target].get() {
            return done.clone();
        }
        // Post-order over the components below `target`, with an explicit stack.
        let mut stack = vec![(target, false)];
        while let Some((c, expanded)) = stack.pop() {
            if self.memo[c].get().is_some() {
                continue;
            }
            if !expanded {
                stack.push((c, true));
                for &child in &self.children[c] {
                    if self.memo[child].get().is_none() {
                        stack.push((child, false));
                    }
                }
                continue;
            }
            let computed = self.compute(c);
            let _ = self.memo[c].set(computed);
        }
        self.memo[target].get().cloned().unwrap_or_default()
    }

    /// One component's access, from its members' own grants and its children's (computed).
    fn compute(&self, c: usize) -> Arc<RoleAccess> {
        let mut own = RoleAccess::default();
        for &m in &self.members[c] {
            self.own(m, &mut own);
        }
        let children: Vec<Arc<RoleAccess>> = self.children[c]
            .iter()
            .filter_map(|&child| self.memo[child].get().cloned())
            .collect();
        // A role that adds nothing to its one sub-role has exactly its access: share it.
        if own.entries.is_empty() && own.duties.is_empty() && children.len() == 1 {
            self.steps.fetch_add(1, Ordering::Relaxed);
            return children[0].clone();
        }
        for child in children {
            for (key, entry) in &child.entries {
                self.steps.fetch_add(1, Ordering::Relaxed);
                match own.entries.get_mut(key) {
                    Some(mine) => {
                        mine.merge(entry);
                    }
                    None => {
                        own.entries.insert(key.clone(), entry.clone());
                    }
                }
            }
            for (key, held) in &child.duties {
                self.steps.fetch_add(1, Ordering::Relaxed);
                own.duties
                    .entry(key.clone())
                    .or_insert_with(|| held.clone());
            }
        }
        Arc::new(own)
    }
}

/// Strongly connected components of the sub-role graph, by an iterative Tarjan walk: the
/// component of each node, and the members of each component (components numbered sinks first,
/// so every component's children have smaller numbers).
fn components(sub: &[Vec<usize>]) -> (Vec<usize>, Vec<Vec<usize>>) {
    const UNSEEN: usize = usize::MAX;
    let n = sub.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0;
    // (node, position of the next sub-role to look at)
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        work.push((root, 0));
        while let Some(&(v, pos)) = work.last() {
            if pos == 0 && index[v] == UNSEEN {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = sub[v].get(pos) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let c = members.len();
                let mut group = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = c;
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                group.reverse();
                members.push(group);
            }
        }
    }
    (component, members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{LoadOptions, load_bytes};

    const BACKUP: &str = r#"<SecurityCategoryBackup Type="SecurityConfiguration"><SecurityCategory><Name>C</Name>
<SecurityConfiguration>
<AxSecurityRole><Name>Clerk</Name><Duties><AxSecurityDutyReference><Name>D</Name></AxSecurityDutyReference></Duties>
<SubRoles><AxSecurityRoleReference><Name>Viewer</Name></AxSecurityRoleReference></SubRoles></AxSecurityRole>
<AxSecurityRole><Name>Viewer</Name><Privileges><AxSecurityPrivilegeReference><Name>PView</Name></AxSecurityPrivilegeReference></Privileges>
<SubRoles><AxSecurityRoleReference><Name>clerk</Name></AxSecurityRoleReference></SubRoles></AxSecurityRole>
<AxSecurityDuty><Name>D</Name><Privileges><AxSecurityPrivilegeReference><Name>PEdit</Name></AxSecurityPrivilegeReference>
<AxSecurityPrivilegeReference><Name>Missing</Name></AxSecurityPrivilegeReference></Privileges></AxSecurityDuty>
<AxSecurityPrivilege><Name>PEdit</Name><EntryPoints><AxSecurityEntryPointReference><Name>X</Name>
<Grant><Delete>Deny</Delete><Update>Allow</Update></Grant><ObjectName>CustTable</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>
<AxSecurityPrivilege><Name>PView</Name><EntryPoints><AxSecurityEntryPointReference><Name>X</Name>
<Grant><Read>Allow</Read><Delete>Allow</Delete></Grant><ObjectName>custtable</ObjectName><ObjectType>MenuItemDisplay</ObjectType></AxSecurityEntryPointReference></EntryPoints></AxSecurityPrivilege>
</SecurityConfiguration></SecurityCategory></SecurityCategoryBackup>"#;

    #[test]
    fn flattens_sub_roles_duties_and_privileges_with_deny_winning() {
        let loaded = load_bytes("t.xml", BACKUP.as_bytes(), &LoadOptions::default());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let implied = Implied::default();
        let engine = Engine::new(&loaded.model, &implied);
        let clerk = engine.role_index("Clerk").unwrap();
        let access = engine.access(clerk);
        assert_eq!(access.entries.len(), 1, "CustTable and custtable are one");
        let e = access.entries.values().next().unwrap();
        assert_eq!(e.value(Permission::Read), Some(Access::Allow));
        assert_eq!(e.value(Permission::Update), Some(Access::Allow));
        assert_eq!(e.value(Permission::Delete), Some(Access::Deny));
        assert_eq!(e.value(Permission::Invoke), None);
        let read = e.allowed[Permission::Read as usize].unwrap();
        assert_eq!(engine.path_string(clerk, &read), "Clerk > Viewer > PView");
        let delete = e.denied[Permission::Delete as usize].unwrap();
        assert_eq!(engine.path_string(clerk, &delete), "Clerk > D > PEdit");
        assert_eq!(engine.cycles(), [vec![0, 1]]);
        assert_eq!(engine.cycle_from(clerk).unwrap(), [0, 1, 0]);
    }

    #[test]
    fn components_of_a_long_chain_are_found_without_recursion() {
        let n = 200_000;
        let sub: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![] })
            .collect();
        let (component, members) = components(&sub);
        assert_eq!(members.len(), n);
        assert!(component[0] > component[n - 1], "sinks first");
        let mut cycle = sub.clone();
        cycle[n - 1].push(0);
        let (_, members) = components(&cycle);
        assert_eq!(members.len(), 1);
    }
}
