//! Failure simulation: mark a unit failed (a component, a host, a zone or a region),
//! propagate over the dependencies until nothing changes, and see which entry flows
//! break.
//!
//! The dependency semantics, from the lint catalogue:
//!
//! - `a -> b` (synchronous): `a` needs `b`, unless the arrow is `optional` or has a
//!   `fallback`, or `b` is a `cache` (cache-aside reads fall back to the store);
//! - `a ~> q` (asynchronous) to a durable store (`queue`, `topic`, `stream`, `bucket`):
//!   the producer needs the store, not whoever consumes it; to anything else, `a` hands
//!   the message over and does not wait;
//! - `<->` and `<~>`: both ways;
//! - a load balancer and a DNS service need *one* of their targets (they route around
//!   failed ones); a frame is up while anything inside it is;
//! - a component hosted on a `vm`, `host` or `cluster` needs its host.
//!
//! A unit's direct failure honours redundancy: a component with `replicas` of two or more,
//! `multi_az` or a `standby`, and the managed kinds (load balancers, CDNs, DNS, gateways,
//! queues, topics, streams, buckets, functions and the like) are not taken down by one
//! instance failing; a zone takes down what is placed in it alone; a region takes down
//! everything declared in it.
//!
//! An entry flow is an arrow from a `person` or an `external` to what it calls; it breaks
//! when its target goes down. Each simulation is linear in the size of the diagram.

use crate::model::schema::{Family, Kind};
use crate::model::{ArrowId, AttrValue, Diagram, NodeId};
use crate::syntax::ast::ArrowStyle;

/// Something that can fail as one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// A component or a host (with everything it hosts).
    Node(NodeId),
    /// An availability zone.
    Zone(NodeId),
    /// A region.
    Region(NodeId),
}

/// An arrow from a person or an external system into the design.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flow {
    pub entry: NodeId,
    pub target: NodeId,
    pub arrow: ArrowId,
}

impl Flow {
    /// How the flow reads: `entry -> target`, by qualified names.
    pub fn name(&self, d: &Diagram) -> String {
        format!(
            "{} -> {}",
            d.node(self.entry).qualified,
            d.node(self.target).qualified
        )
    }
}

/// The dependency structure of a diagram, computed once.
#[derive(Clone, Debug)]
pub struct Facts {
    /// Per node: survives the failure of one instance of itself.
    pub redundant: Vec<bool>,
    /// Per node: what it needs, all of it.
    pub needs: Vec<Vec<NodeId>>,
    /// Per node: alternatives, one of which it needs (empty: none).
    pub any_of: Vec<Vec<NodeId>>,
    /// Per node: who needs it (directly or as an alternative).
    dependents: Vec<Vec<Dependent>>,
    pub flows: Vec<Flow>,
    /// Per node: the entry flows that end at it.
    flows_by_target: Vec<Vec<usize>>,
    /// Reused by sparse simulations, so that failing one component costs only what goes
    /// down with it.
    scratch: std::cell::RefCell<Scratch>,
    /// Per node, computed on the first question: whether the entry flows need it
    /// (several rules ask, the single-point-of-failure rule for every node).
    on_flow: std::cell::OnceCell<Vec<bool>>,
}

/// One node that depends on another: whether it needs it, and whether it has it as an
/// alternative (both may hold).
#[derive(Clone, Copy, Debug)]
struct Dependent {
    node: NodeId,
    needs: bool,
    alternative: bool,
}

#[derive(Clone, Debug, Default)]
struct Scratch {
    down: Vec<bool>,
    alive: Vec<usize>,
    alive_set: Vec<bool>,
}

/// The outcome of one simulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Per node: down.
    pub down: Vec<bool>,
    /// The entry flows that broke.
    pub broken: Vec<Flow>,
}

/// Whether the store's engine is replicated across zones by the provider whatever the
/// design says (DynamoDB, Firestore, Cosmos DB, Spanner keep copies in several zones).
pub fn zone_replicated_engine(node: &crate::model::Node) -> bool {
    const ENGINES: &[&str] = &["dynamodb", "firestore", "cosmosdb", "spanner"];
    node.attrs.get("engine").is_some_and(|e| {
        e.words()
            .iter()
            .any(|w| ENGINES.contains(&w.to_ascii_lowercase().as_str()))
    })
}

/// Kinds a cloud provider runs redundantly by default.
fn managed_by_nature(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Lb
            | Kind::Cdn
            | Kind::Dns
            | Kind::Gateway
            | Kind::Waf
            | Kind::Queue
            | Kind::Topic
            | Kind::Stream
            | Kind::Bucket
            | Kind::Function
            | Kind::Registry
            | Kind::Ci
            | Kind::Repo
            | Kind::Monitoring
            | Kind::Nat
    )
}

fn durable(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Queue | Kind::Topic | Kind::Stream | Kind::Bucket
    )
}

/// Whether `id` is an entry of traffic (a person or an external system).
pub fn is_entry(d: &Diagram, id: NodeId) -> bool {
    matches!(d.node(id).kind, Kind::Person | Kind::External)
}

impl Facts {
    pub fn new(d: &Diagram) -> Facts {
        let n = d.nodes.len();
        let mut redundant = vec![false; n];
        for node in &d.nodes {
            let a = &node.attrs;
            let replicas = a.get("replicas").and_then(AttrValue::min_count);
            let self_hosted = d
                .ancestors(node.id)
                .any(|h| matches!(h.kind, Kind::Vm | Kind::Host));
            redundant[node.id.0] = match node.kind.family() {
                Family::Group => true,
                _ if is_entry(d, node.id) => true,
                _ if replicas == Some(1.0) => false,
                _ if replicas.is_some_and(|r| r >= 2.0) => true,
                _ if a.flag("multi_az")
                    || a.get("standby")
                        .is_some_and(|s| !matches!(s, AttrValue::Bool(false))) =>
                {
                    true
                }
                _ if matches!(a.get("managed"), Some(AttrValue::Bool(false))) => false,
                _ if zone_replicated_engine(node) && !self_hosted => true,
                Family::Host if node.kind == Kind::Cluster => a.flag("managed") || !self_hosted,
                _ => managed_by_nature(node.kind) && !self_hosted,
            };
        }
        let mut needs: Vec<Vec<NodeId>> = vec![Vec::new(); n];
        let mut any_of: Vec<Vec<NodeId>> = vec![Vec::new(); n];
        for node in &d.nodes {
            // A hosted component needs its host; a frame is up while anything in it is.
            if let Some(host) = d
                .ancestors(node.id)
                .find(|p| p.kind.family() == Family::Host)
            {
                needs[node.id.0].push(host.id);
            }
            if node.kind.family() == Family::Group {
                any_of[node.id.0].extend(node.children.iter().copied());
            }
        }
        let mut flows = Vec::new();
        for arrow in &d.arrows {
            let (u, v) = (arrow.from.node, arrow.to.node);
            if u == v || d.encloses(u, v) || d.encloses(v, u) {
                continue;
            }
            if is_entry(d, u) {
                flows.push(Flow {
                    entry: u,
                    target: v,
                    arrow: arrow.id,
                });
            }
            let soft = arrow.attrs.flag("optional")
                || arrow
                    .attrs
                    .get("fallback")
                    .is_some_and(|f| !matches!(f, AttrValue::Bool(false)));
            let pairs: &[(NodeId, NodeId)] = if arrow.both {
                &[(u, v), (v, u)]
            } else {
                &[(u, v)]
            };
            for &(a, b) in pairs {
                if is_entry(d, a) || soft {
                    continue;
                }
                let hard = match arrow.style {
                    ArrowStyle::Sync => d.node(b).kind != Kind::Cache,
                    ArrowStyle::Async => durable(d.node(b).kind),
                };
                if !hard {
                    continue;
                }
                let router = matches!(d.node(a).kind, Kind::Lb | Kind::Dns)
                    && arrow.style == ArrowStyle::Sync;
                if router {
                    any_of[a.0].push(b);
                } else {
                    needs[a.0].push(b);
                }
            }
        }
        for list in needs.iter_mut().chain(any_of.iter_mut()) {
            list.sort();
            list.dedup();
        }
        let mut dependents: Vec<Vec<Dependent>> = vec![Vec::new(); n];
        for v in 0..n {
            for &w in &needs[v] {
                dependents[w.0].push(Dependent {
                    node: NodeId(v),
                    needs: true,
                    alternative: false,
                });
            }
            for &w in &any_of[v] {
                match dependents[w.0].last_mut() {
                    Some(last) if last.node == NodeId(v) => last.alternative = true,
                    _ => dependents[w.0].push(Dependent {
                        node: NodeId(v),
                        needs: false,
                        alternative: true,
                    }),
                }
            }
        }
        let mut flows_by_target = vec![Vec::new(); n];
        for (i, f) in flows.iter().enumerate() {
            flows_by_target[f.target.0].push(i);
        }
        let scratch = std::cell::RefCell::new(Scratch {
            down: vec![false; n],
            alive: vec![0; n],
            alive_set: vec![false; n],
        });
        Facts {
            redundant,
            needs,
            any_of,
            dependents,
            flows,
            flows_by_target,
            scratch,
            on_flow: std::cell::OnceCell::new(),
        }
    }

    /// The units worth simulating: every component and host that can fail by itself,
    /// every zone and every region.
    pub fn units(&self, d: &Diagram) -> Vec<Unit> {
        d.nodes
            .iter()
            .filter_map(|n| match n.kind {
                Kind::Zone => Some(Unit::Zone(n.id)),
                Kind::Region => Some(Unit::Region(n.id)),
                _ if n.kind.family() != Family::Group && !is_entry(d, n.id) => {
                    Some(Unit::Node(n.id))
                }
                _ => None,
            })
            .collect()
    }

    /// What fails directly when the unit fails.
    fn direct(&self, d: &Diagram, unit: Unit) -> Vec<bool> {
        let mut down = vec![false; d.nodes.len()];
        match unit {
            Unit::Node(c) => down[c.0] = !self.redundant[c.0],
            Unit::Region(r) => {
                for node in &d.nodes {
                    if d.encloses(r, node.id) {
                        down[node.id.0] = true;
                    }
                }
            }
            Unit::Zone(z) => {
                for node in &d.nodes {
                    if node.kind.family() == Family::Group {
                        continue;
                    }
                    let listed: Vec<NodeId> = match node.attrs.get("zones") {
                        Some(AttrValue::List(items)) => items
                            .iter()
                            .filter_map(|i| {
                                if let AttrValue::Ref(r) = i {
                                    Some(*r)
                                } else {
                                    None
                                }
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    let inside = d.encloses(z, node.id);
                    let failover = node.attrs.flag("multi_az")
                        || matches!(node.attrs.get("standby"), Some(AttrValue::Ref(s)) if !d.encloses(z, *s))
                        || node.attrs.flag("standby");
                    down[node.id.0] = if !listed.is_empty() {
                        listed.iter().all(|&l| l == z)
                    } else {
                        inside && !failover
                    };
                }
            }
        }
        down
    }

    /// Whether the entry flows need `id`: whether they break when it is down, whatever its
    /// redundancy.
    pub fn on_entry_flow(&self, id: NodeId) -> bool {
        self.on_flow.get_or_init(|| self.entry_critical())[id.0]
    }

    /// For every node at once, whether failing it (whatever its redundancy) breaks an
    /// entry flow.
    ///
    /// Failing each node in turn costs the sum of what goes down, which is quadratic in a
    /// layered design (a store deep down takes every caller above it with it). Instead,
    /// for every node `v` this computes the set `X(v)` of nodes whose failure takes `v`
    /// down, from the dependency equations of the simulation:
    ///
    /// `X(v) = {v} ∪ ⋃ X(needed) ∪ ⋂ X(alternative)` (the intersection only when `v`
    /// has alternatives),
    ///
    /// as bit sets, dependencies before their dependents. Nodes on a cycle of needs go
    /// down together, so they share one set (a class); what cycles remain pass through
    /// alternatives and are iterated from below to their least fixpoint, which is what
    /// the worklist simulation computes. A node breaks an entry flow when it is in `X(t)`
    /// of a flow's target `t`. The sets are computed for a block of at most 4,096 failing
    /// nodes at a time, so memory stays at `n × 512` bytes; time is
    /// `O((n + arrows) × n / 64)` word operations.
    fn entry_critical(&self) -> Vec<bool> {
        let n = self.needs.len();
        let mut critical = vec![false; n];
        let mut targets: Vec<usize> = self.flows.iter().map(|f| f.target.0).collect();
        targets.sort_unstable();
        targets.dedup();
        if targets.is_empty() {
            return critical;
        }
        let members = components(
            n,
            (0..n).flat_map(|v| self.needs[v].iter().map(move |w| (v, w.0))),
        );
        let mut class = vec![0usize; n];
        for (c, cycle) in members.iter().enumerate() {
            for &v in cycle {
                class[v] = c;
            }
        }
        let class = &class;
        let order = components(
            members.len(),
            (0..n)
                .flat_map(|v| {
                    let deps = self.needs[v].iter().chain(&self.any_of[v]);
                    deps.map(move |w| (class[v], class[w.0]))
                })
                .filter(|(a, b)| a != b),
        );
        let total_words = n.div_ceil(64);
        let width = total_words.min(64);
        let mut block = Block {
            width,
            words: width,
            first: 0,
            rows: vec![0; members.len() * width],
        };
        let (mut row, mut choice) = (vec![0u64; width], vec![0u64; width]);
        while block.first < total_words {
            block.words = width.min(total_words - block.first);
            block.rows.fill(0);
            let words = block.words;
            for component in &order {
                // A cycle through alternatives is iterated to its least fixpoint.
                loop {
                    let mut changed = false;
                    for &c in component {
                        row[..words].copy_from_slice(block.row(c));
                        for &v in &members[c] {
                            self.add_equation(
                                v,
                                class,
                                &block,
                                &mut row[..words],
                                &mut choice[..words],
                            );
                        }
                        changed |= block.set(c, &row[..words]);
                    }
                    if component.len() == 1 || !changed {
                        break;
                    }
                }
            }
            for &t in &targets {
                for (i, &word) in block.row(class[t]).iter().enumerate() {
                    let mut bits = word;
                    while bits != 0 {
                        critical[(block.first + i) * 64 + bits.trailing_zeros() as usize] = true;
                        bits &= bits - 1;
                    }
                }
            }
            block.first += words;
        }
        critical
    }

    /// Adds to `row` what node `v`'s equation says takes it down: itself, what its needs
    /// lose to, and what all its alternatives lose to.
    fn add_equation(
        &self,
        v: usize,
        class: &[usize],
        block: &Block,
        row: &mut [u64],
        choice: &mut [u64],
    ) {
        if let Some((word, bit)) = block.bit(v) {
            row[word] |= bit;
        }
        for w in &self.needs[v] {
            row.iter_mut()
                .zip(block.row(class[w.0]))
                .for_each(|(x, y)| *x |= y);
        }
        if let Some((a, rest)) = self.any_of[v].split_first() {
            choice.copy_from_slice(block.row(class[a.0]));
            for b in rest {
                choice
                    .iter_mut()
                    .zip(block.row(class[b.0]))
                    .for_each(|(x, y)| *x &= y);
            }
            row.iter_mut().zip(&*choice).for_each(|(x, y)| *x |= y);
        }
    }

    /// Fails one component (as a unit: honouring its redundancy) and returns what goes
    /// down and the entry flows that break, in time proportional to what goes down.
    pub fn simulate_node(&self, id: NodeId) -> (Vec<NodeId>, Vec<Flow>) {
        if self.redundant[id.0] {
            return (Vec::new(), Vec::new());
        }
        self.fail_sparse(&[id])
    }

    /// The worklist propagation, touching only what goes down and its dependents; the
    /// scratch buffers are reset through the lists of what was touched.
    fn fail_sparse(&self, start: &[NodeId]) -> (Vec<NodeId>, Vec<Flow>) {
        let mut guard = self.scratch.borrow_mut();
        let s = &mut *guard;
        let mut down_list: Vec<NodeId> = Vec::new();
        let mut alive_touched: Vec<usize> = Vec::new();
        for &v in start {
            if !s.down[v.0] {
                s.down[v.0] = true;
                down_list.push(v);
            }
        }
        let mut next = 0;
        while next < down_list.len() {
            let v = down_list[next];
            next += 1;
            for &Dependent {
                node: dep,
                needs: needed,
                alternative,
            } in &self.dependents[v.0]
            {
                if s.down[dep.0] {
                    continue;
                }
                if !needed && alternative {
                    if !s.alive_set[dep.0] {
                        s.alive_set[dep.0] = true;
                        s.alive[dep.0] = self.any_of[dep.0].len();
                        alive_touched.push(dep.0);
                    }
                    s.alive[dep.0] -= 1;
                }
                if needed || (s.alive_set[dep.0] && s.alive[dep.0] == 0) {
                    s.down[dep.0] = true;
                    down_list.push(dep);
                }
            }
        }
        let mut broken_ids: Vec<usize> = down_list
            .iter()
            .flat_map(|v| self.flows_by_target[v.0].iter().copied())
            .collect();
        // In source order, as the dense simulation reports them.
        broken_ids.sort_unstable();
        let broken = broken_ids.into_iter().map(|i| self.flows[i]).collect();
        for v in &down_list {
            s.down[v.0] = false;
        }
        for &v in &alive_touched {
            s.alive_set[v] = false;
        }
        (down_list, broken)
    }

    /// Fails the unit and propagates to a fixpoint with a worklist.
    pub fn simulate(&self, d: &Diagram, unit: Unit) -> Outcome {
        self.propagate(self.direct(d, unit))
    }

    /// Fails several units at once (`archc what-if --fail a --fail zone:b`).
    pub fn simulate_all(&self, d: &Diagram, units: &[Unit]) -> Outcome {
        self.propagate(self.direct_all(d, units))
    }

    /// What fails directly when the units fail together, before propagation.
    pub fn direct_all(&self, d: &Diagram, units: &[Unit]) -> Vec<bool> {
        let mut down = vec![false; d.nodes.len()];
        for &unit in units {
            for (v, failed) in self.direct(d, unit).into_iter().enumerate() {
                down[v] |= failed;
            }
        }
        down
    }

    fn propagate(&self, mut down: Vec<bool>) -> Outcome {
        let mut alive_choices: Vec<usize> = self.any_of.iter().map(Vec::len).collect();
        // Every node that goes down is processed once: it takes down those that need it,
        // and counts against those that have it as an alternative.
        let mut work: Vec<NodeId> = (0..down.len()).filter(|&v| down[v]).map(NodeId).collect();
        while let Some(v) = work.pop() {
            for &Dependent {
                node: dep,
                needs: needed,
                alternative,
            } in &self.dependents[v.0]
            {
                if down[dep.0] {
                    continue;
                }
                if alternative {
                    alive_choices[dep.0] = alive_choices[dep.0].saturating_sub(1);
                }
                if needed || (!self.any_of[dep.0].is_empty() && alive_choices[dep.0] == 0) {
                    down[dep.0] = true;
                    work.push(dep);
                }
            }
        }
        let broken = self
            .flows
            .iter()
            .copied()
            .filter(|f| down[f.target.0])
            .collect();
        Outcome { down, broken }
    }
}

/// Strongly connected components of a graph on `0..n`, dependencies (edge targets)
/// first. Iterative: no recursion however long the chains.
pub(crate) fn components(n: usize, edges: impl Iterator<Item = (usize, usize)>) -> Vec<Vec<usize>> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut graph = DiGraph::<(), ()>::with_capacity(n, n);
    for _ in 0..n {
        graph.add_node(());
    }
    for (a, b) in edges {
        graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
    }
    petgraph::algo::kosaraju_scc(&graph)
        .into_iter()
        .map(|c| c.into_iter().map(NodeIndex::index).collect())
        .collect()
}

/// One bit set per class over a block of failing nodes: `words × 64` of them from node
/// `first × 64`.
struct Block {
    width: usize,
    words: usize,
    first: usize,
    rows: Vec<u64>,
}

impl Block {
    fn row(&self, class: usize) -> &[u64] {
        &self.rows[class * self.width..class * self.width + self.words]
    }

    /// Replaces a class's row; says whether it changed.
    fn set(&mut self, class: usize, row: &[u64]) -> bool {
        let slot = &mut self.rows[class * self.width..class * self.width + self.words];
        let changed = slot != row;
        slot.copy_from_slice(row);
        changed
    }

    /// Node `v`'s word and bit in a row, when it is in this block.
    fn bit(&self, v: usize) -> Option<(usize, u64)> {
        let word = (v / 64).checked_sub(self.first)?;
        (word < self.words).then(|| (word, 1 << (v % 64)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(source: &str, unit: &str) -> (Diagram, Outcome) {
        let compiled = crate::compile(source);
        assert!(!compiled.has_errors());
        let d = compiled.diagram;
        let node = d.find(unit).expect("the unit").id;
        let facts = Facts::new(&d);
        let unit = match d.node(node).kind {
            Kind::Zone => Unit::Zone(node),
            Kind::Region => Unit::Region(node),
            _ => Unit::Node(node),
        };
        let o = facts.simulate(&d, unit);
        (d, o)
    }

    #[test]
    fn a_single_vm_takes_down_what_it_hosts() {
        let src = "person u\nvm ec2 { service api\n database db }\nu -> api\napi -> db\n";
        let (_, o) = outcome(src, "ec2");
        assert_eq!(o.broken.len(), 1);
    }

    #[test]
    fn replicas_behind_a_balancer_survive_and_queues_decouple() {
        let src = "person u\nlb alb\nservice api [replicas = 2]\ndatabase db [multi_az]\nqueue q\nfunction w [replicas = 1]\nu -> alb -> api -> db\napi ~> q ~> w\n";
        for unit in ["alb", "api", "db", "q"] {
            assert!(outcome(src, unit).1.broken.is_empty(), "{unit}");
        }
        // The worker behind the queue can fail without breaking the user's flow.
        assert!(outcome(src, "w").1.broken.is_empty());
        let single = src.replace("[multi_az]", "");
        assert_eq!(outcome(&single, "db").1.broken.len(), 1);
    }

    #[test]
    fn zones_and_failover() {
        let src = "person u\ndns r53 [failover]\nregion east {\n zone a { database db [multi_az] }\n zone b\n service api [zones = [a, b], replicas = 2]\n lb alb\n alb -> api -> db\n}\nregion west {\n lb alb\n service api [replicas = 2]\n alb -> api\n}\nu -> r53\nr53 -> east.alb\nr53 -> west.alb\n";
        assert!(outcome(src, "east.a").1.broken.is_empty());
        assert!(
            outcome(src, "east").1.broken.is_empty(),
            "DNS fails over to the other region"
        );
        let one_region = src.replace("r53 -> west.alb\n", "");
        assert_eq!(outcome(&one_region, "east").1.broken.len(), 1);
    }
}

#[cfg(test)]
mod brute_force {
    use super::*;
    use proptest::prelude::*;

    /// The structure function evaluated naively: repeat over every node until nothing
    /// changes.
    fn naive(facts: &Facts, mut down: Vec<bool>) -> Vec<bool> {
        loop {
            let mut changed = false;
            for v in 0..down.len() {
                if down[v] {
                    continue;
                }
                let need = facts.needs[v].iter().any(|w| down[w.0]);
                let alternatives =
                    !facts.any_of[v].is_empty() && facts.any_of[v].iter().all(|w| down[w.0]);
                if need || alternatives {
                    down[v] = true;
                    changed = true;
                }
            }
            if !changed {
                return down;
            }
        }
    }

    fn diagram() -> impl Strategy<Value = String> {
        let kinds = [
            "service", "database", "queue", "lb", "cache", "function", "vm",
        ];
        let decls = prop::collection::vec((0usize..kinds.len(), 0u8..3, any::<bool>()), 2..12);
        let arrows = prop::collection::vec(
            (0usize..14, 0usize..14, any::<bool>(), any::<bool>()),
            0..20,
        );
        (decls, arrows).prop_map(move |(decls, arrows)| {
            let mut s = String::from("person user\nzone za\nzone zb\n");
            let n = decls.len();
            for (i, (k, replicas, in_zone)) in decls.iter().enumerate() {
                let attrs = format!("[replicas = {}]", replicas + 1);
                let decl = format!("{} n{i} {attrs}", kinds[*k]);
                if *in_zone {
                    s.push_str(&format!("zone z{i} {{ {decl} }}\n"));
                } else {
                    s.push_str(&format!("{decl}\n"));
                }
            }
            let name = |i: usize| {
                let i = i % n;
                if decls[i].2 {
                    format!("z{i}.n{i}")
                } else {
                    format!("n{i}")
                }
            };
            s.push_str(&format!("user -> {}\n", name(0)));
            for (a, b, sync, _) in arrows {
                s.push_str(&format!(
                    "{} {} {}\n",
                    name(a),
                    if sync { "->" } else { "~>" },
                    name(b)
                ));
            }
            s
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// The worklist agrees with the naive fixpoint for every unit.
        #[test]
        fn simulation_matches_the_naive_fixpoint(source in diagram()) {
            let compiled = crate::compile(&source);
            prop_assume!(!compiled.has_errors());
            let d = &compiled.diagram;
            let facts = Facts::new(d);
            for unit in facts.units(d) {
                let fast = facts.simulate(d, unit);
                let slow = naive(&facts, facts.direct(d, unit));
                prop_assert_eq!(&fast.down, &slow, "{:?} in\n{}", unit, source);
            }
        }

        /// The bit-set closure answers "does failing this break an entry flow?" as the
        /// naive fixpoint does, for every node, cycles included.
        #[test]
        fn entry_critical_matches_the_naive_fixpoint(source in diagram()) {
            let compiled = crate::compile(&source);
            prop_assume!(!compiled.has_errors());
            let d = &compiled.diagram;
            let facts = Facts::new(d);
            for v in 0..d.nodes.len() {
                let mut down = vec![false; d.nodes.len()];
                down[v] = true;
                let down = naive(&facts, down);
                let breaks = facts.flows.iter().any(|f| down[f.target.0]);
                prop_assert_eq!(facts.on_entry_flow(NodeId(v)), breaks, "node {} in\n{}", v, source);
            }
        }

        /// Adding a replica never makes more things fail.
        #[test]
        fn a_replica_never_adds_failures(source in diagram()) {
            let compiled = crate::compile(&source);
            prop_assume!(!compiled.has_errors());
            let more = source.replace("[replicas = 1]", "[replicas = 2]");
            let other = crate::compile(&more);
            prop_assume!(!other.has_errors());
            let (d, e) = (&compiled.diagram, &other.diagram);
            let (f, g) = (Facts::new(d), Facts::new(e));
            for (u, w) in f.units(d).into_iter().zip(g.units(e)) {
                let before = f.simulate(d, u).down.iter().filter(|x| **x).count();
                let after = g.simulate(e, w).down.iter().filter(|x| **x).count();
                prop_assert!(after <= before, "{:?}: {} down before, {} after", u, before, after);
            }
        }
    }
}

#[cfg(test)]
mod sparse {
    use super::*;

    /// The sparse path agrees with the dense one on every component of every example.
    #[test]
    fn sparse_and_dense_agree_on_the_examples() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        for entry in std::fs::read_dir(dir).unwrap() {
            let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let compiled = crate::compile(&source);
            let d = &compiled.diagram;
            let facts = Facts::new(d);
            for unit in facts.units(d) {
                let Unit::Node(id) = unit else { continue };
                let dense = facts.simulate(d, unit);
                let (mut down, broken) = facts.simulate_node(id);
                down.sort();
                let expected: Vec<NodeId> = (0..d.nodes.len())
                    .filter(|&v| dense.down[v])
                    .map(NodeId)
                    .collect();
                assert_eq!(down, expected);
                assert_eq!(broken, dense.broken);
            }
            for v in 0..d.nodes.len() {
                let mut down = vec![false; d.nodes.len()];
                down[v] = true;
                let expected = !facts.propagate(down).broken.is_empty();
                // Twice: the second answer comes from the memo.
                assert_eq!(facts.on_entry_flow(NodeId(v)), expected);
                assert_eq!(facts.on_entry_flow(NodeId(v)), expected);
            }
        }
    }
}

#[cfg(test)]
mod blocks {
    use super::*;

    /// More than one block of 4,096 failing nodes, with cycles and alternatives: the
    /// closure agrees with the dense simulation of each node.
    #[test]
    fn entry_critical_across_blocks() {
        let n = 5_000;
        let mut s = String::from("person users\nusers -> s0\n");
        for i in 0..n {
            let decl = match i % 10 {
                3 => format!("service s{i} [replicas = 2]\n"),
                7 => format!("lb s{i}\n"),
                _ => format!("service s{i}\n"),
            };
            s.push_str(&decl);
        }
        for i in 0..n - 2 {
            s.push_str(&format!("s{i} -> s{}\n", i + 1));
            if i % 10 == 7 {
                // A balancer with two targets: either will do.
                s.push_str(&format!("s{i} -> s{}\n", i + 2));
            }
            // Back edges make cycles (not from a balancer: a cycle through one of its
            // targets would keep it up, by the least fixpoint).
            if i % 97 == 5 && i % 10 != 7 {
                s.push_str(&format!("s{i} -> s{}\n", i - 3));
            }
        }
        let compiled = crate::compile(&s);
        assert!(!compiled.has_errors());
        let d = &compiled.diagram;
        let facts = Facts::new(d);
        let mut critical = 0;
        for v in (0..d.nodes.len()).step_by(7) {
            let mut down = vec![false; d.nodes.len()];
            down[v] = true;
            let expected = !facts.propagate(down).broken.is_empty();
            assert_eq!(facts.on_entry_flow(NodeId(v)), expected, "node {v}");
            critical += usize::from(expected);
        }
        // Both answers occur, on both sides of the first block.
        assert!(
            critical > 10 && critical < d.nodes.len() / 7 - 10,
            "{critical}"
        );
        // Past the first block too.
        let far = (4_400..4_600).filter(|&v| facts.on_entry_flow(NodeId(v)));
        assert!(far.count() > 100);
    }
}
