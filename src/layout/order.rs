//! Crossing reduction by layer sweeps: barycenters (with port offsets) alternately down and
//! up, each sweep followed by the transpose heuristic of dot, keeping the best ordering.
//! Crossings between two layers are counted as inversions (Barth, Jünger, Mutzel 2004) in
//! O(E log E).

use super::{ordered, Adjacency};

/// A proper layered graph: every segment joins two adjacent layers.
pub(crate) struct Layered {
    pub layers: Vec<Vec<usize>>,
    /// Per node: the layer it is in.
    pub layer_of: Vec<usize>,
    pub segments: Vec<Segment>,
    /// Per node: segments to the layer above and below.
    pub up: Adjacency<usize>,
    pub down: Adjacency<usize>,
    /// Per node: kept first in its layer (a frame title's reserved place).
    pub pinned: Vec<bool>,
    /// Per node: how many parallel lines it stands for (more than one for a bundle of
    /// border chains while they are ordered as one, see `Bundles`; `positions` counts a
    /// layer's places in lines).
    weight: Vec<u32>,
    /// Whether any node stands for more than one line.
    bundled: bool,
    /// The same lists as `up` and `down`, each segment seen from the node: its far end and
    /// where it attaches at both ends, in one place (the sweeps and the counts read these
    /// in their inner loops).
    up_far: Adjacency<Far>,
    down_far: Adjacency<Far>,
    /// The same again, each list sorted by where its segments attach to the node, with
    /// only what the crossing count reads (it walks a layer's ends in order).
    up_sorted: Adjacency<OwnEnd>,
    down_sorted: Adjacency<OwnEnd>,
}

/// A segment's end on a node, for the crossing count: the segment and the end's rank
/// along the node.
#[derive(Clone, Copy, Debug, Default)]
struct OwnEnd {
    segment: u32,
    own_slot: u32,
    /// The lines the segment stands for.
    weight: u32,
}

/// A segment as seen from one of its ends.
#[derive(Clone, Copy, Debug, Default)]
struct Far {
    /// The node at the other end.
    node: u32,
    /// The lines the segment stands for (1 but in a bundle).
    weight: u32,
    /// Where it attaches on the far node, and on this one.
    far_at: f64,
    own_at: f64,
    /// The rank of `far_at` among the places where the far node's segments on this side
    /// attach (equal places share a rank): comparing ends on one node by rank is comparing
    /// them by place.
    far_slot: u32,
}

/// A segment between a node of layer `r` (`upper`) and one of layer `r + 1` (`lower`), with
/// where it attaches along each node's side (0 = left end, 1 = right end).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Segment {
    pub upper: usize,
    pub lower: usize,
    pub upper_at: f64,
    pub lower_at: f64,
}

impl Layered {
    /// Whether some node stands for several parallel lines (a bundle of border chains).
    pub(crate) fn is_bundled(&self) -> bool {
        self.bundled
    }

    /// How many parallel lines node `v` stands for.
    pub(crate) fn weight(&self, v: usize) -> u32 {
        self.weight[v]
    }

    pub fn new(
        layer_of: Vec<usize>,
        layers: usize,
        segments: Vec<Segment>,
        pinned: Vec<bool>,
    ) -> Layered {
        let n = layer_of.len();
        let weights = vec![1; segments.len()];
        Layered::weighted(layer_of, layers, segments, pinned, vec![1; n], weights)
    }

    /// A layered graph whose nodes and segments may stand for several parallel lines.
    fn weighted(
        layer_of: Vec<usize>,
        layers: usize,
        segments: Vec<Segment>,
        pinned: Vec<bool>,
        weight: Vec<u32>,
        segment_weight: Vec<u32>,
    ) -> Layered {
        let n = layer_of.len();
        let up = Adjacency::new(n, segments.iter().enumerate().map(|(i, s)| (s.lower, i)));
        let down = Adjacency::new(n, segments.iter().enumerate().map(|(i, s)| (s.upper, i)));
        // Each end's rank among its node's ends on that side, by place.
        let slots = |lists: &Adjacency<usize>, at: &dyn Fn(usize) -> f64| {
            let mut slot = vec![0u32; segments.len()];
            let mut local: Vec<(f64, usize)> = Vec::new();
            for v in 0..n {
                let list = lists.of(v);
                if list.len() < 2 {
                    // A lone end has rank 0.
                    continue;
                }
                local.clear();
                local.extend(list.iter().map(|&s| (at(s), s)));
                local.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
                let (mut rank, mut previous) = (0u32, None);
                for &(place, s) in &local {
                    if previous.is_some_and(|p| p != place) {
                        rank += 1;
                    }
                    previous = Some(place);
                    slot[s] = rank;
                }
            }
            slot
        };
        let upper_slot = slots(&down, &|s| segments[s].upper_at);
        let lower_slot = slots(&up, &|s| segments[s].lower_at);
        let seen_from = |i: usize, below: bool| {
            let s = segments[i];
            if below {
                Far {
                    node: s.upper as u32,
                    far_at: s.upper_at,
                    own_at: s.lower_at,
                    far_slot: upper_slot[i],
                    weight: segment_weight[i],
                }
            } else {
                Far {
                    node: s.lower as u32,
                    far_at: s.lower_at,
                    own_at: s.upper_at,
                    far_slot: lower_slot[i],
                    weight: segment_weight[i],
                }
            }
        };
        let up_far = up.map(|i| seen_from(i, true));
        let down_far = down.map(|i| seen_from(i, false));
        let sorted = |lists: &Adjacency<usize>, slot: &[u32]| {
            let mut lists = lists.map(|i| OwnEnd {
                segment: i as u32,
                own_slot: slot[i],
                weight: segment_weight[i],
            });
            lists.retain_each(|ends| {
                if ends.windows(2).any(|p| p[0].own_slot > p[1].own_slot) {
                    ends.sort_by_key(|f| f.own_slot);
                }
                ends.len()
            });
            lists
        };
        let (up_sorted, down_sorted) = (sorted(&up, &lower_slot), sorted(&down, &upper_slot));
        let bundled = weight.iter().any(|&w| w > 1);
        Layered {
            layers: vec![Vec::new(); layers],
            layer_of,
            segments,
            up,
            down,
            pinned,
            weight,
            bundled,
            up_far,
            down_far,
            up_sorted,
            down_sorted,
        }
    }
}

/// The work, in nodes and segments swept, that random starts may take in one level.
const RANDOM_START_WORK: usize = 250_000;

/// How hard to try: sweeps per start, and whether to add seeded random starts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Effort {
    pub iterations: usize,
    /// Depth-first starts to try: top-down, then bottom-up, then the input order.
    pub starts: usize,
    pub random_starts: usize,
    /// Rounds without progress before a start gives up.
    pub patience: usize,
    /// Progress: a round that brings the best count below this share of it (dot's
    /// "convergence", 0.995: a gain under half a percent is no progress).
    pub convergence: f64,
    /// Finish each start with sifting (quadratic in the layer sizes: small diagrams only).
    pub sifting: bool,
    /// Order runs of border chains as bundles (see `Bundles`).
    pub bundle: bool,
}

impl Effort {
    /// For large diagrams: one start, and border chains ordered in bundles.
    pub(crate) const LARGE: Effort = Effort {
        iterations: 24,
        starts: 1,
        random_starts: 0,
        patience: 4,
        // Its levels hold thousands of crossings, and rounds that gain under 2% of them
        // seldom lead to a better order (none did on the benchmark's large graphs).
        convergence: 0.98,
        sifting: false,
        bundle: true,
    };
}

/// Rounds without progress before the ordering of a bundled graph gives up (one less
/// than `Effort::LARGE`). Bundles are found in the levels of nested diagrams, where border
/// ports fix where most lines enter and leave, and there the rounds after the best one
/// swing between a few orders: on the nested 1,000, 5,000 and 10,000-node benchmark
/// graphs the last round of patience changed the crossings by +0.8%, -0.6% and +0.2%
/// (docs/benchmarks.md) for 5% of the 1,000-node layout's instructions.
const BUNDLED_PATIENCE: usize = 3;

/// What a node of the layered graph is, for bundling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A point on the container's top or bottom border where one edge enters or leaves.
    Port,
    /// A plain dummy: a point of a long edge, without a label.
    Line,
    /// Anything else: a box, a frame, a label's place, the title's place.
    Other,
}

/// Orders the layers to reduce crossings. Several starting orders are tried (fewer on big
/// graphs) and the best result is kept. `kinds` says what each node is (or is empty), for
/// bundling.
/// Returns the crossings of the chosen order, and the bundles if runs of border chains were
/// ordered as one (their graph's order is the same order, bundled).
pub(crate) fn order(g: &mut Layered, effort: Effort, kinds: &[Kind]) -> (u64, Option<Bundles>) {
    if effort.bundle && kinds.len() == g.layer_of.len() {
        if let Some(mut bundles) = Bundles::find(g, kinds) {
            let effort = Effort {
                patience: effort.patience.min(BUNDLED_PATIENCE),
                ..effort
            };
            let (weighted, _) = order(&mut bundles.g, effort, &[]);
            bundles.expand(g);
            let crossings = if bundles.exact {
                weighted
            } else {
                total_crossings(g)
            };
            return (crossings, Some(bundles));
        }
    }
    let iterations = effort.iterations;
    let mut starts: Vec<Start> = [Start::TopDown, Start::BottomUp, Start::Input]
        .into_iter()
        .take(effort.starts.max(1))
        .collect();
    // Small diagrams also try seeded random starts (deterministic: the seeds are fixed),
    // as many as a fixed amount of work allows (counted in nodes and segments swept, not
    // in time, so that the result is the same on every machine).
    let units = (g.layer_of.len() + g.segments.len()).max(1) * iterations.max(1);
    let affordable = RANDOM_START_WORK / units;
    starts.extend((1..=effort.random_starts.min(affordable) as u64).map(Start::Random));
    let mut best: Option<(u64, Vec<Vec<usize>>)> = None;
    for start in starts {
        initial_order(g, start);
        let crossings = improve(g, &effort);
        if best.as_ref().is_none_or(|(c, _)| crossings < *c) {
            best = Some((crossings, g.layers.clone()));
        }
        if crossings == 0 {
            break;
        }
    }
    let (mut crossings, layers) = best.expect("at least one start");
    g.layers = layers;
    // Sifting polishes the best start (it is quadratic in the layer sizes).
    if effort.sifting && crossings > 0 {
        crossings = sift(g, crossings);
    }
    (crossings, None)
}

/// Runs of border chains ordered as one node per layer each, standing for all their lines.
///
/// A border chain is a border port and the plain dummies of its edge, down (or up) to the
/// first other node: its target. Chains that reach the same target at neighbouring places
/// of its side (no other segment attaches between them) are interchangeable for the
/// order: whatever the order of the rest, they can run side by side without crossing each
/// other, each crossing what the best of them crosses. Ordering such a run as one weighted
/// line does the work once instead of once per chain: nested diagrams have many border
/// chains (on the nested 1,000-node benchmark, bundling takes 42% of the nodes out of
/// crossing reduction).
pub(crate) struct Bundles {
    /// The graph with each run's chains replaced by its first, weighted.
    g: Layered,
    /// Per segment of `g`: the segment of the full graph whose attachments it takes (for
    /// a run's first chain, the run's middle chain's; otherwise its own).
    segment_of: Vec<u32>,
    /// Whether the weighted count of any order of `g` is the full graph's count in the
    /// expanded order.
    exact: bool,
    /// Per node of `g`: the node of the full graph it stands for, or (`run | RUN`) the
    /// nodes at its step of every chain of a run.
    stands_for: Vec<(u32, u32)>,
    /// The chains' nodes from the port on, one after the other: chain `c` starts at
    /// `chain_start[c]`.
    chain_nodes: Vec<u32>,
    /// Per chain node: the segment after it, towards the target.
    chain_segments: Vec<u32>,
    chain_start: Vec<u32>,
    /// The runs' chains, in their order along the target: run `r` is
    /// `run_chains[run_start[r]..run_start[r + 1]]`.
    run_chains: Vec<u32>,
    run_start: Vec<u32>,
}

/// Marks a run in `Bundles::stands_for`.
const RUN: u32 = 1 << 31;

impl Bundles {
    /// The runs of two chains or more, and the graph without their other chains; `None`
    /// when there are no such runs.
    fn find(g: &Layered, kinds: &[Kind]) -> Option<Bundles> {
        let n = g.layer_of.len();
        let last = g.layers.len().saturating_sub(1);
        // Per segment: the chain it ends (the segment reaching the chain's target).
        let mut ending = vec![u32::MAX; g.segments.len()];
        // Each chain's nodes, and per node the segment after it (towards the target): at
        // most every node, and a chain per port.
        let ports = kinds.iter().filter(|&&k| k == Kind::Port).count();
        let mut chain_nodes: Vec<u32> = Vec::with_capacity(n);
        let mut chain_segments: Vec<u32> = Vec::with_capacity(n);
        let mut chain_start: Vec<u32> = Vec::with_capacity(ports + 1);
        for p in 0..n {
            if kinds[p] != Kind::Port || g.pinned[p] {
                continue;
            }
            // Down from the top border, or up from the bottom one.
            let down = match (g.layer_of[p], g.up.of(p), g.down.of(p)) {
                (0, [], [_]) => true,
                (r, [_], []) if r == last => false,
                _ => continue,
            };
            let next = |v: usize| if down { g.down.of(v)[0] } else { g.up.of(v)[0] };
            chain_start.push(chain_nodes.len() as u32);
            let mut v = p;
            loop {
                let s = next(v);
                chain_nodes.push(v as u32);
                chain_segments.push(s as u32);
                let far = if down {
                    g.segments[s].lower
                } else {
                    g.segments[s].upper
                };
                let plain = kinds[far] == Kind::Line
                    && g.up.of(far).len() == 1
                    && g.down.of(far).len() == 1;
                if !plain {
                    ending[s] = chain_start.len() as u32 - 1;
                    break;
                }
                v = far;
            }
        }
        chain_start.push(chain_nodes.len() as u32);
        // Runs along each target's sides, in the order of their places: ends at one place
        // may be in any order, so a place with other ends closes the run after its chains.
        let mut run_chains: Vec<u32> = Vec::new();
        let mut run_start: Vec<u32> = vec![0];
        // The weighted count is the full graph's unless a run spans several places and
        // shares one with another end: the chains there cross that end as the run's first
        // one does not.
        let mut exact = true;
        // The open run's places, and whether one of them has other ends.
        let (mut places, mut shared) = (0, false);
        let mut close = |run_chains: &mut Vec<u32>, places: &mut usize, shared: &mut bool| {
            let open = *run_start.last().expect("a start") as usize;
            if run_chains.len() - open >= 2 {
                run_start.push(run_chains.len() as u32);
                exact &= *places < 2 || !*shared;
            } else {
                run_chains.truncate(open);
            }
            (*places, *shared) = (0, false);
        };
        for t in 0..n {
            for ends in [g.up_sorted.of(t), g.down_sorted.of(t)] {
                let mut i = 0;
                while i < ends.len() {
                    let slot = ends[i].own_slot;
                    let (mut others, mut chains) = (false, false);
                    while i < ends.len() && ends[i].own_slot == slot {
                        match ending[ends[i].segment as usize] {
                            u32::MAX => others = true,
                            c => {
                                run_chains.push(c);
                                chains = true;
                            }
                        }
                        i += 1;
                    }
                    if chains {
                        places += 1;
                        shared |= others;
                    }
                    if others {
                        close(&mut run_chains, &mut places, &mut shared);
                    }
                }
                close(&mut run_chains, &mut places, &mut shared);
            }
        }
        if run_start.len() < 2 {
            return None;
        }
        // The kept nodes: all but the chains after each run's first; the first stands for
        // the run.
        // The first chain's nodes stand for the run, each at its step along the chain; its
        // segments take the middle chain's attachments.
        let chain = |c: u32| chain_start[c as usize] as usize..chain_start[c as usize + 1] as usize;
        let mut stands_for_run = vec![(u32::MAX, 0); n];
        let mut node_weight = vec![1u32; n];
        let mut segment_weight = vec![1u32; g.segments.len()];
        let mut twin: Vec<u32> = (0..g.segments.len() as u32).collect();
        let mut dropped = vec![false; n];
        let mut dropped_segment = vec![false; g.segments.len()];
        for (k, run) in run_start.windows(2).enumerate() {
            let chains = &run_chains[run[0] as usize..run[1] as usize];
            let lines = chains.len() as u32;
            let middle = chains[(chains.len() - 1) / 2];
            for (step, (i, j)) in chain(chains[0]).zip(chain(middle)).enumerate() {
                node_weight[chain_nodes[i] as usize] = lines;
                stands_for_run[chain_nodes[i] as usize] = (k as u32 | RUN, step as u32);
                segment_weight[chain_segments[i] as usize] = lines;
                twin[chain_segments[i] as usize] = chain_segments[j];
            }
            for &c in &chains[1..] {
                for i in chain(c) {
                    dropped[chain_nodes[i] as usize] = true;
                    dropped_segment[chain_segments[i] as usize] = true;
                }
            }
        }
        let mut new_index = vec![u32::MAX; n];
        let kept = n - dropped.iter().filter(|&&d| d).count();
        let mut layer_of = Vec::with_capacity(kept);
        let mut pinned = Vec::with_capacity(kept);
        let mut weight = Vec::with_capacity(kept);
        let mut stands_for = Vec::with_capacity(kept);
        for v in 0..n {
            if dropped[v] {
                continue;
            }
            new_index[v] = layer_of.len() as u32;
            layer_of.push(g.layer_of[v]);
            pinned.push(g.pinned[v]);
            weight.push(node_weight[v]);
            stands_for.push(match stands_for_run[v] {
                (u32::MAX, _) => (v as u32, 0),
                run => run,
            });
        }
        let kept = g.segments.len() - dropped_segment.iter().filter(|&&d| d).count();
        let mut segments = Vec::with_capacity(kept);
        let mut weights = Vec::with_capacity(kept);
        let mut segment_of = Vec::with_capacity(kept);
        for (s, seg) in g.segments.iter().enumerate() {
            if !dropped_segment[s] {
                segments.push(Segment {
                    upper: new_index[seg.upper] as usize,
                    lower: new_index[seg.lower] as usize,
                    ..*seg
                });
                weights.push(segment_weight[s]);
                segment_of.push(twin[s]);
            }
        }
        let layers = g.layers.len();
        Some(Bundles {
            g: Layered::weighted(layer_of, layers, segments, pinned, weight, weights),
            segment_of,
            exact,
            chain_segments,
            stands_for,
            chain_nodes,
            chain_start,
            run_chains,
            run_start,
        })
    }

    /// The bundled graph.
    pub(crate) fn graph(&self) -> &Layered {
        &self.g
    }

    /// The segment of the full graph whose attachments segment `s` of the bundled graph
    /// takes.
    pub(crate) fn segment_of(&self, s: usize) -> usize {
        self.segment_of[s] as usize
    }

    /// The chains of the run node `v` of the bundled graph stands for (none when it
    /// stands for one node).
    fn chains(&self, v: usize) -> &[u32] {
        let (run, _) = self.stands_for[v];
        if run & RUN == 0 {
            return &[];
        }
        let run = (run & !RUN) as usize;
        &self.run_chains[self.run_start[run] as usize..self.run_start[run + 1] as usize]
    }

    /// The nodes of the full graph node `v` of the bundled graph stands for: itself, or
    /// its run's chains' nodes at its step, in their order along the target.
    pub(crate) fn lines(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        let (node, step) = self.stands_for[v];
        let single = (node & RUN == 0).then_some(node as usize);
        let at = move |&c: &u32| self.chain_nodes[(self.chain_start[c as usize] + step) as usize];
        single
            .into_iter()
            .chain(self.chains(v).iter().map(move |c| at(c) as usize))
    }

    /// For a run's node of the bundled graph, the segment by which each of its chains
    /// reaches the target, with the chain's node at that segment's other end, in the
    /// run's order (nothing for other nodes).
    pub(crate) fn ends(&self, v: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.chains(v).iter().map(move |&c| {
            let last = self.chain_start[c as usize + 1] as usize - 1;
            (
                self.chain_segments[last] as usize,
                self.chain_nodes[last] as usize,
            )
        })
    }

    /// The order of the bundled graph, with each run's chains side by side, for `full`.
    fn expand(&self, full: &mut Layered) {
        for (layer, bundled) in full.layers.iter_mut().zip(&self.g.layers) {
            layer.clear();
            for &v in bundled {
                layer.extend(self.lines(v));
            }
        }
    }
}

/// What the sweeps and transpose of one start know of earlier rounds, to skip work whose
/// result is known: a layer's version changes with its order; a sweep that found a layer
/// already in order, or a transpose pass that found no swap to make in it, notes the
/// versions it saw, and while they stand the same step would again change nothing.
struct Memo {
    version: Vec<u64>,
    /// Per kind of sweep (down or up, median or barycenter), per layer: the versions of
    /// the layer it is sorted by and of the layer itself when the sweep left it as it was.
    settled: [Vec<Option<(u64, u64)>>; 4],
    /// Per layer: the versions of the layers above, itself and below when a transpose pass
    /// found no swap that removes crossings.
    clean: Vec<Option<(u64, u64, u64)>>,
}

impl Memo {
    fn new(layers: usize) -> Memo {
        Memo {
            version: vec![0; layers],
            settled: std::array::from_fn(|_| vec![None; layers]),
            clean: vec![None; layers],
        }
    }

    /// The versions of layer `r` and its neighbours (0 beyond the first and last).
    fn around(&self, r: usize) -> (u64, u64, u64) {
        let at = |i: Option<usize>| i.and_then(|i| self.version.get(i)).copied().unwrap_or(0);
        (at(r.checked_sub(1)), self.version[r], at(Some(r + 1)))
    }
}

/// Sweeps from the current order; leaves the best order found in `g` and returns its
/// crossings.
fn improve(g: &mut Layered, effort: &Effort) -> u64 {
    if g.bundled {
        improve_of::<true>(g, effort)
    } else {
        improve_of::<false>(g, effort)
    }
}

/// `improve`, for a graph with bundles (`W`: the segments' weights are read) or without
/// (every weight is 1, and the inner loops need not read it).
fn improve_of<const W: bool>(g: &mut Layered, effort: &Effort) -> u64 {
    let Effort {
        iterations,
        patience,
        convergence,
        ..
    } = *effort;
    let mut pos = positions(g);
    let mut best = Snapshot::of(g);
    let mut tally = Tally::new(g);
    let mut best_crossings = tally.total::<W>(g);
    let mut memo = Memo::new(g.layers.len());
    // The order after the last round of each kind.
    let mut seen: [Snapshot; 4] = std::array::from_fn(|_| Snapshot(Vec::new()));
    let mut stale = 0;
    let mut buffers = SweepBuffers::default();
    for i in 0..iterations {
        if best_crossings == 0 {
            break;
        }
        let estimate = if (i / 2) % 2 == 0 {
            Estimate::Median
        } else {
            Estimate::Barycenter
        };
        sweep::<W>(g, &mut pos, i % 2 == 0, estimate, &mut memo, &mut buffers);
        // Every other round, transpose also takes swaps that change nothing, to leave
        // plateaus (dot's "reverse" pass).
        transpose::<W>(g, &mut pos, i % 4 >= 2, &mut memo);
        let c = tally.total::<W>(g);
        // As dot: an improvement of less than a small share does not count as progress.
        if (c as f64) < best_crossings as f64 * convergence {
            stale = 0;
        } else {
            stale += 1;
        }
        if c < best_crossings {
            best_crossings = c;
            best.take(g);
        }
        // The rounds repeat every four (the kind of sweep and transpose); an order met
        // again at the same point of that cycle would lead through the same orders again,
        // none better than the best: stop.
        let phase = i % 4;
        if i >= 4 && seen[phase].matches(g) {
            break;
        }
        seen[phase].take(g);
        if stale >= patience {
            break;
        }
    }
    best.restore(g);
    best_crossings
}

/// The layer orders of a moment, in one array.
struct Snapshot(Vec<usize>);

impl Snapshot {
    fn of(g: &Layered) -> Snapshot {
        Snapshot(g.layers.iter().flatten().copied().collect())
    }

    fn matches(&self, g: &Layered) -> bool {
        g.layers.iter().map(Vec::len).sum::<usize>() == self.0.len()
            && g.layers.iter().flatten().eq(self.0.iter())
    }

    fn take(&mut self, g: &Layered) {
        self.0.clear();
        self.0.extend(g.layers.iter().flatten());
    }

    fn restore(&self, g: &mut Layered) {
        let mut rest = self.0.as_slice();
        for layer in &mut g.layers {
            let (mine, after) = rest.split_at(layer.len());
            layer.copy_from_slice(mine);
            rest = after;
        }
    }
}

/// The crossings between each pair of adjacent layers, recounted only where a layer
/// changed since the last count.
struct Tally {
    between: Vec<u64>,
    /// The orders counted last (empty before the first count).
    counted: Vec<usize>,
    changed: Vec<bool>,
    counter: Counter,
}

impl Tally {
    fn new(g: &Layered) -> Tally {
        Tally {
            between: vec![0; g.layers.len().saturating_sub(1)],
            counted: Vec::new(),
            changed: vec![true; g.layers.len()],
            counter: Counter::default(),
        }
    }

    fn total<const W: bool>(&mut self, g: &Layered) -> u64 {
        if self.counted.is_empty() {
            self.changed.fill(true);
        } else {
            let mut at = 0;
            for (r, layer) in g.layers.iter().enumerate() {
                self.changed[r] = self.counted[at..at + layer.len()] != layer[..];
                at += layer.len();
            }
        }
        for r in 0..self.between.len() {
            if self.changed[r] || self.changed[r + 1] {
                self.between[r] = crossings_between::<W>(g, r, &mut self.counter);
            }
        }
        self.counted.clear();
        self.counted.extend(g.layers.iter().flatten());
        self.between.iter().sum()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// Depth first from the top layer, following edges down.
    TopDown,
    /// Depth first from the bottom layer, following edges up.
    BottomUp,
    /// The order of the input.
    Input,
    /// A shuffle of each layer, from a fixed seed.
    Random(u64),
}

/// A starting order: depth first, so that connected nodes start close together.
fn initial_order(g: &mut Layered, start: Start) {
    let n = g.layer_of.len();
    let mut by_layer: Vec<Vec<usize>> = vec![Vec::new(); g.layers.len()];
    if let Start::Random(seed) = start {
        for v in 0..n {
            by_layer[g.layer_of[v]].push(v);
        }
        // xorshift64*: a tiny deterministic generator.
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        for layer in &mut by_layer {
            for i in (1..layer.len()).rev() {
                let j = (next() % (i as u64 + 1)) as usize;
                layer.swap(i, j);
            }
        }
    } else if start == Start::Input {
        for v in 0..n {
            by_layer[g.layer_of[v]].push(v);
        }
    } else {
        let down = matches!(start, Start::TopDown);
        let mut seen = vec![false; n];
        // Roots layer by layer from the start side; in a layer, pinned nodes first, each
        // kind in node order (a counting sort).
        let layers = g.layers.len();
        let slot = |v: usize| {
            let layer = if down {
                g.layer_of[v]
            } else {
                layers - 1 - g.layer_of[v]
            };
            2 * layer + usize::from(!g.pinned[v])
        };
        let mut start = vec![0usize; 2 * layers + 1];
        for v in 0..n {
            start[slot(v) + 1] += 1;
        }
        for i in 0..2 * layers {
            start[i + 1] += start[i];
        }
        let mut roots = vec![0usize; n];
        for v in 0..n {
            let k = slot(v);
            roots[start[k]] = v;
            start[k] += 1;
        }
        let mut stack = Vec::new();
        for root in roots {
            if seen[root] {
                continue;
            }
            stack.push(root);
            while let Some(v) = stack.pop() {
                if seen[v] {
                    continue;
                }
                seen[v] = true;
                by_layer[g.layer_of[v]].push(v);
                let segments = if down { g.down.of(v) } else { g.up.of(v) };
                for &s in segments.iter().rev() {
                    let w = if down {
                        g.segments[s].lower
                    } else {
                        g.segments[s].upper
                    };
                    if !seen[w] {
                        stack.push(w);
                    }
                }
            }
        }
    }
    for layer in &mut by_layer {
        layer.sort_by_key(|&v| !g.pinned[v]);
    }
    g.layers = by_layer;
}

/// Each node's place in its layer, counted in lines: a bundle takes as many places as it
/// has lines (in a graph without bundles, the node's index).
fn positions(g: &Layered) -> Vec<usize> {
    let mut pos = vec![0; g.layer_of.len()];
    for layer in &g.layers {
        place_layer(layer, &g.weight, &mut pos);
    }
    pos
}

fn place_layer(layer: &[usize], weight: &[u32], pos: &mut [usize]) {
    let mut at = 0;
    for &v in layer {
        pos[v] = at;
        at += weight[v] as usize;
    }
}

/// How a node's place is estimated from its neighbours in the fixed layer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Estimate {
    Barycenter,
    /// The weighted median of dot (Gansner et al., section 3).
    Median,
}

fn sweep<const W: bool>(
    g: &mut Layered,
    pos: &mut [usize],
    downward: bool,
    estimate: Estimate,
    memo: &mut Memo,
    buffers: &mut SweepBuffers,
) {
    let count = g.layers.len();
    let SweepBuffers { places, keyed } = buffers;
    let kind = usize::from(downward) * 2 + usize::from(estimate == Estimate::Median);
    // Down: layers 1 to the last, each by the one above; up: the last but one to 0.
    for k in 0..count.saturating_sub(1) {
        let r = if downward { k + 1 } else { count - 2 - k };
        if g.layers[r].len() < 2 {
            continue;
        }
        let (above, own, below) = memo.around(r);
        let stamp = (if downward { above } else { below }, own);
        if memo.settled[kind][r] == Some(stamp) {
            continue;
        }
        keyed.clear();
        keyed.extend(g.layers[r].iter().map(|&v| {
            let ends = if downward {
                g.up_far.of(v)
            } else {
                g.down_far.of(v)
            };
            // A bundle's place is its middle line's.
            let place = |f: &Far| {
                let far = f.node as usize;
                let at = pos[far] as f64;
                let at = if W {
                    at + f64::from(g.weight[far] - 1) * 0.5
                } else {
                    at
                };
                at + (f.far_at - 0.5) * 0.9 - (f.own_at - 0.5) * 0.9
            };
            if let [only] = ends {
                // One neighbour (every dummy): its place is the estimate.
                return (sort_key(!g.pinned[v], place(only), pos[v]), v);
            }
            places.clear();
            if W {
                // A bundle's lines each count.
                for f in ends {
                    places.extend(std::iter::repeat_n(place(f), f.weight as usize));
                }
            } else {
                places.extend(ends.iter().map(place));
            }
            let bary = if places.is_empty() {
                pos[v] as f64
            } else if estimate == Estimate::Barycenter || places.len() <= 2 {
                places.iter().sum::<f64>() / places.len() as f64
            } else {
                places.sort_by(f64::total_cmp);
                let m = places.len() / 2;
                if places.len() % 2 == 1 {
                    places[m]
                } else {
                    let left = places[m - 1] - places[0];
                    let right = places[places.len() - 1] - places[m];
                    if left + right > 0.0 {
                        (places[m - 1] * right + places[m] * left) / (left + right)
                    } else {
                        (places[m - 1] + places[m]) / 2.0
                    }
                }
            };
            (sort_key(!g.pinned[v], bary, pos[v]), v)
        }));
        // The current place breaks ties, so the order is total and the sort need not be
        // stable.
        if keyed.is_sorted_by_key(|k| k.0) {
            // Already in order (as most layers are once the sweeps settle).
            memo.settled[kind][r] = Some(stamp);
            continue;
        }
        memo.version[r] += 1;
        keyed.sort_unstable_by_key(|k| k.0);
        let layer = &mut g.layers[r];
        layer.clear();
        layer.extend(keyed.iter().map(|k| k.1));
        place_layer(&g.layers[r], &g.weight, pos);
    }
}

/// Buffers of the sweeps, kept from one to the next: a node's estimates from its
/// neighbours, and a layer's nodes with their sort keys.
#[derive(Default)]
struct SweepBuffers {
    places: Vec<f64>,
    keyed: Vec<(u128, usize)>,
}

/// A node's place in a sweep's sort as one number: unpinned after pinned, then by its
/// estimate (in `f64::total_cmp` order), then by its current place (so no two are equal).
fn sort_key(unpinned: bool, estimate: f64, place: usize) -> u128 {
    (u128::from(unpinned) << 96) | (u128::from(ordered(estimate)) << 32) | place as u128
}

/// Buffers for counting crossings, reused from one pair of layers to the next.
#[derive(Default)]
struct Counter {
    /// Per segment: the rank of its lower end among the lower layer's ends.
    rank: Vec<usize>,
    /// The ranks of one node's segments that leave it at one place, sorted, with the lines
    /// each stands for.
    local: Vec<(usize, u64)>,
    tree: Vec<u64>,
}

/// Crossings between layer `r` and `r + 1`: inversions of the lower ends when segments are
/// sorted by their upper ends (Barth, Jünger, Mutzel). The ends are ranked by walking the
/// layers in order (a node's own ends sorted by where they attach), so no sort over all
/// segments is needed; equal ends share a rank and do not cross.
fn crossings_between<const W: bool>(g: &Layered, r: usize, c: &mut Counter) -> u64 {
    let weight = |f: &OwnEnd| if W { u64::from(f.weight) } else { 1 };
    if c.rank.len() < g.segments.len() {
        c.rank.resize(g.segments.len(), 0);
    }
    // Ranks of the lower ends: by the lower node's place, then where along it.
    let mut ranks = 0;
    for &w in &g.layers[r + 1] {
        let mut previous = None;
        for f in g.up_sorted.of(w) {
            if previous != Some(f.own_slot) {
                ranks += 1;
                previous = Some(f.own_slot);
            }
            c.rank[f.segment as usize] = ranks;
        }
    }
    if ranks < 2 {
        return 0;
    }
    c.tree.clear();
    c.tree.resize(ranks + 1, 0);
    let mut seen = 0u64;
    let mut inversions = 0u64;
    // One end of `w` lines into the tree: the earlier ends strictly greater than it cross
    // each of them.
    let mut insert = |tree: &mut [u64], k: usize, w: u64| {
        let mut i = k;
        let mut not_greater = 0;
        while i > 0 {
            not_greater += tree[i];
            i &= i - 1;
        }
        inversions += (seen - not_greater) * w;
        let mut i = k;
        while i < tree.len() {
            tree[i] += w;
            i += i & i.wrapping_neg();
        }
        seen += w;
    };
    for &v in &g.layers[r] {
        // By where they leave `v`, then by where they arrive.
        let ends = g.down_sorted.of(v);
        let mut i = 0;
        while i < ends.len() {
            let slot = ends[i].own_slot;
            let mut j = i + 1;
            while j < ends.len() && ends[j].own_slot == slot {
                j += 1;
            }
            if j - i == 1 {
                // A lone end at its place (the usual case): nothing to sort.
                let f = ends[i];
                insert(&mut c.tree, c.rank[f.segment as usize], weight(&f));
            } else {
                c.local.clear();
                c.local.extend(
                    ends[i..j]
                        .iter()
                        .map(|f| (c.rank[f.segment as usize], weight(f))),
                );
                c.local.sort_unstable();
                for &(k, w) in &c.local {
                    insert(&mut c.tree, k, w);
                }
            }
            i = j;
        }
    }
    inversions
}

/// All crossings of the current order (the layers' order: positions are not consulted).
pub(crate) fn total_crossings(g: &Layered) -> u64 {
    let mut counter = Counter::default();
    (0..g.layers.len().saturating_sub(1))
        .map(|r| {
            if g.bundled {
                crossings_between::<true>(g, r, &mut counter)
            } else {
                crossings_between::<false>(g, r, &mut counter)
            }
        })
        .sum()
}

/// Crossings among the segments of `v` and `w` to both sides, with `v` left of `w` and
/// with `w` left of `v`. Two segments sharing their far end (same node, same place) cross
/// in neither order.
fn pair_crossings(g: &Layered, pos: &[usize], v: usize, w: usize) -> (u64, u64) {
    if g.bundled {
        pair_crossings_of::<true>(g, pos, v, w)
    } else {
        pair_crossings_of::<false>(g, pos, v, w)
    }
}

/// `pair_crossings`, reading the weights (`W`) or not.
fn pair_crossings_of<const W: bool>(g: &Layered, pos: &[usize], v: usize, w: usize) -> (u64, u64) {
    // Where each far end is: its node's place, then its rank along the node.
    let key = |f: &Far| ((pos[f.node as usize] as u64) << 32) | u64::from(f.far_slot);
    // Two segments standing for a and b lines cross a * b times.
    let times = |a: &Far, b: &Far| {
        if W {
            u64::from(a.weight) * u64::from(b.weight)
        } else {
            1
        }
    };
    let side = |sv: &[Far], sw: &[Far]| match (sv, sw) {
        // One end each (most pairs, dummies among them): one comparison.
        ([a], [b]) => {
            let (ka, kb) = (key(a), key(b));
            let t = times(a, b);
            (u64::from(ka > kb) * t, u64::from(kb > ka) * t)
        }
        _ if sv.len() * sw.len() > 4096 => (0, 0),
        _ => {
            let (mut v_first, mut w_first) = (0, 0);
            for a in sv {
                let ka = key(a);
                for b in sw {
                    let (kb, t) = (key(b), times(a, b));
                    v_first += u64::from(ka > kb) * t;
                    w_first += u64::from(kb > ka) * t;
                }
            }
            (v_first, w_first)
        }
    };
    let (up_v, up_w) = side(g.up_far.of(v), g.up_far.of(w));
    let (down_v, down_w) = side(g.down_far.of(v), g.down_far.of(w));
    (up_v + down_v, up_w + down_w)
}

/// Sifting (Matuszewski, Schönfeld, Molitor 1999): each node in turn, most connected first,
/// moves to the position of its layer where it crosses least, given every other node's
/// place. Repeated while it helps (at most three rounds); returns the crossings.
fn sift(g: &mut Layered, mut best: u64) -> u64 {
    let mut pos = positions(g);
    for _ in 0..3 {
        let before = best;
        for r in 0..g.layers.len() {
            let mut nodes: Vec<usize> = g.layers[r]
                .iter()
                .copied()
                .filter(|&v| !g.pinned[v])
                .collect();
            nodes.sort_by_key(|&v| std::cmp::Reverse(g.up.of(v).len() + g.down.of(v).len()));
            for v in nodes {
                let others: Vec<usize> = g.layers[r].iter().copied().filter(|&w| w != v).collect();
                // c(v, w): crossings with v left of w; c(w, v): with w left of v.
                let (left_of, right_of): (Vec<u64>, Vec<u64>) = others
                    .iter()
                    .map(|&w| pair_crossings(g, &pos, v, w))
                    .unzip();
                // Cost of inserting v at slot p: others before p are left of v.
                let first = others.iter().take_while(|&&w| g.pinned[w]).count();
                let mut cost: u64 =
                    left_of[first..].iter().sum::<u64>() + right_of[..first].iter().sum::<u64>();
                let current = others
                    .iter()
                    .position(|&w| pos[w] > pos[v])
                    .unwrap_or(others.len());
                let (mut best_slot, mut best_cost) = (first, cost);
                let mut current_cost = if current == first { cost } else { u64::MAX };
                for p in first..others.len() {
                    cost = cost - left_of[p] + right_of[p];
                    if p + 1 == current {
                        current_cost = cost;
                    }
                    if cost < best_cost {
                        best_cost = cost;
                        best_slot = p + 1;
                    }
                }
                if best_cost < current_cost {
                    let mut layer = others;
                    layer.insert(best_slot, v);
                    place_layer(&layer, &g.weight, &mut pos);
                    g.layers[r] = layer;
                }
            }
        }
        best = total_crossings(g);
        if best >= before {
            break;
        }
    }
    best
}

/// Swaps neighbours while that removes crossings (dot's transpose); with `equal`, also
/// swaps that leave the count unchanged (one pass). A layer is revisited only when it or
/// a neighbouring layer changed.
fn transpose<const W: bool>(g: &mut Layered, pos: &mut [usize], equal: bool, memo: &mut Memo) {
    let count = g.layers.len();
    let mut dirty = vec![true; count];
    for _ in 0..4 {
        let mut improved = false;
        for r in 0..count {
            if !dirty[r] {
                continue;
            }
            dirty[r] = false;
            let stamp = memo.around(r);
            if !equal && memo.clean[r] == Some(stamp) {
                continue;
            }
            let mut swapped = false;
            for i in 0..g.layers[r].len().saturating_sub(1) {
                let (v, w) = (g.layers[r][i], g.layers[r][i + 1]);
                if g.pinned[v] || g.pinned[w] {
                    continue;
                }
                let (before, after) = pair_crossings_of::<W>(g, pos, v, w);
                if after < before || (equal && after == before && before > 0) {
                    g.layers[r].swap(i, i + 1);
                    pos[w] = pos[v];
                    pos[v] += if W { g.weight[w] as usize } else { 1 };
                    swapped = true;
                    dirty[r] = true;
                    if r > 0 {
                        dirty[r - 1] = true;
                    }
                    if r + 1 < count {
                        dirty[r + 1] = true;
                    }
                }
            }
            if swapped {
                improved = true;
                memo.version[r] += 1;
            } else if !equal {
                memo.clean[r] = Some(stamp);
            }
        }
        if !improved || equal {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(upper: usize, lower: usize) -> Segment {
        Segment {
            upper,
            lower,
            upper_at: 0.5,
            lower_at: 0.5,
        }
    }

    #[test]
    fn counts_and_removes_crossings() {
        // Two nodes above, two below, crossed.
        let mut g = Layered::new(
            vec![0, 0, 1, 1],
            2,
            vec![seg(0, 3), seg(1, 2)],
            vec![false; 4],
        );
        g.layers = vec![vec![0, 1], vec![2, 3]];
        assert_eq!(total_crossings(&g), 1);
        order(
            &mut g,
            Effort {
                iterations: 8,
                starts: 1,
                random_starts: 0,
                patience: 4,
                convergence: 0.995,
                sifting: true,
                bundle: false,
            },
            &[],
        );
        assert_eq!(total_crossings(&g), 0);
    }

    /// A small deterministic generator (xorshift): numbers below the bound given.
    fn xorshift(mut state: u64) -> impl FnMut(u64) -> u64 {
        move |bound| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        }
    }

    /// A level's graph built chain by chain: nodes with their layer and kind, and
    /// segments (upper, lower, where along the lower node).
    struct Level {
        layer_of: Vec<usize>,
        kinds: Vec<Kind>,
        segments: Vec<Segment>,
    }

    impl Level {
        fn node(&mut self, layer: usize, kind: Kind) -> usize {
            self.layer_of.push(layer);
            self.kinds.push(kind);
            self.layer_of.len() - 1
        }

        /// An edge from `upper` down to `lower` through plain dummies, attached to `lower`
        /// at `at`; returns its nodes before `lower`.
        fn edge(&mut self, upper: usize, lower: usize, at: f64) -> Vec<usize> {
            let mut nodes = vec![upper];
            for layer in self.layer_of[upper] + 1..self.layer_of[lower] {
                let d = self.node(layer, Kind::Line);
                self.segments.push(seg(nodes[nodes.len() - 1], d));
                nodes.push(d);
            }
            self.segments.push(Segment {
                lower_at: at,
                ..seg(nodes[nodes.len() - 1], lower)
            });
            nodes
        }

        fn graph(&self, layers: usize) -> Layered {
            let n = self.layer_of.len();
            let mut g = Layered::new(
                self.layer_of.clone(),
                layers,
                self.segments.clone(),
                vec![false; n],
            );
            initial_order(&mut g, Start::Input);
            g
        }
    }

    fn level() -> Level {
        Level {
            layer_of: Vec::new(),
            kinds: Vec::new(),
            segments: Vec::new(),
        }
    }

    #[test]
    fn border_chains_side_by_side_at_their_target_are_ordered_as_one() {
        // Four top ports reach a box three layers down; another box's edge lands between
        // the third chain and the fourth.
        let mut l = level();
        let target = l.node(3, Kind::Other);
        let other = l.node(2, Kind::Other);
        let chains: Vec<Vec<usize>> = [0.1, 0.2, 0.3, 0.5]
            .into_iter()
            .map(|at| {
                let p = l.node(0, Kind::Port);
                l.edge(p, target, at)
            })
            .collect();
        l.edge(other, target, 0.4);
        let mut g = l.graph(4);
        let bundles = Bundles::find(&g, &l.kinds).expect("a run");
        // The first three chains are one (port and two dummies each); the fourth is alone.
        assert_eq!(bundles.g.layer_of.len(), l.layer_of.len() - 6);
        assert_eq!(bundles.g.weight.iter().filter(|&&w| w == 3).count(), 3);
        assert!(bundles.g.bundled);
        let (crossings, bundles) = order(&mut g, Effort::LARGE, &l.kinds);
        assert!(bundles.is_some());
        assert_eq!(crossings, total_crossings(&g));
        assert_eq!(crossings, 0);
        // The three chains run side by side in every layer, in the order of their places.
        let pos = positions(&g);
        for layer in 0..3 {
            let (a, b, c) = (
                pos[chains[0][layer]],
                pos[chains[1][layer]],
                pos[chains[2][layer]],
            );
            assert_eq!((b, c), (a + 1, a + 2), "layer {layer}");
        }
    }

    #[test]
    fn a_bundled_graph_counts_the_crossings_of_its_lines() {
        // Random levels: top and bottom border ports with chains to boxes, and edges
        // between boxes, at places the chains may share. In any order of the bundled
        // graph its weighted count is the count of the full graph in the expanded order,
        // whenever the bundles say it is exact; they say so on most levels.
        let mut random = xorshift(0x2545_F491_4F6C_DD1D);
        let mut next = |bound: usize| random(bound as u64) as usize;
        let (mut exact, mut inexact) = (0, 0);
        for _ in 0..200 {
            let mut l = level();
            let boxes: Vec<usize> = (0..4 + next(6))
                .map(|_| l.node(1 + next(4), Kind::Other))
                .collect();
            let places = [0.1, 0.25, 0.4, 0.6, 0.75, 0.9];
            for _ in 0..next(12) {
                let p = l.node(0, Kind::Port);
                let b = boxes[next(boxes.len())];
                l.edge(p, b, places[next(places.len())]);
            }
            for _ in 0..next(8) {
                let p = l.node(5, Kind::Port);
                let b = boxes[next(boxes.len())];
                l.edge(b, p, 0.5);
            }
            for _ in 0..next(10) {
                let (a, b) = (boxes[next(boxes.len())], boxes[next(boxes.len())]);
                if l.layer_of[a] < l.layer_of[b] {
                    let at = if next(3) == 0 {
                        places[next(places.len())]
                    } else {
                        0.5
                    };
                    l.edge(a, b, at);
                }
            }
            let mut full = l.graph(6);
            let Some(mut bundles) = Bundles::find(&full, &l.kinds) else {
                continue;
            };
            if bundles.exact {
                exact += 1;
            } else {
                inexact += 1;
            }
            initial_order(&mut bundles.g, Start::Input);
            for _ in 0..5 {
                for layer in &mut bundles.g.layers {
                    for i in (1..layer.len()).rev() {
                        layer.swap(i, next(i + 1));
                    }
                }
                bundles.expand(&mut full);
                if bundles.exact {
                    assert_eq!(total_crossings(&bundles.g), total_crossings(&full));
                }
                // Every node of the full graph is placed once.
                let mut seen: Vec<usize> = full.layers.iter().flatten().copied().collect();
                seen.sort_unstable();
                assert_eq!(seen, (0..full.layer_of.len()).collect::<Vec<_>>());
            }
        }
        assert!(exact > 100 && inexact > 0, "{exact} exact, {inexact} not");
    }

    #[test]
    fn integer_keys_sort_as_total_cmp() {
        let values = [
            3.5,
            -0.0,
            0.0,
            -2.25,
            f64::INFINITY,
            -1e-300,
            1e-300,
            f64::NEG_INFINITY,
            -7.0,
            7.0,
        ];
        let mut by_cmp = values.to_vec();
        by_cmp.sort_by(f64::total_cmp);
        let mut by_key = values.to_vec();
        by_key.sort_by_key(|&v| ordered(v));
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&by_cmp), bits(&by_key));
        // Pinned first, then by estimate, then by place.
        assert!(sort_key(false, 9.0, 5) < sort_key(true, -9.0, 0));
        assert!(sort_key(true, -0.5, 9) < sort_key(true, 0.25, 0));
        assert!(sort_key(true, 1.0, 2) < sort_key(true, 1.0, 3));
    }

    #[test]
    fn inversions_match_brute_force() {
        let segments: Vec<Segment> = [(0, 5), (0, 3), (1, 4), (2, 3), (2, 5), (1, 5)]
            .iter()
            .map(|&(a, b)| seg(a, b))
            .collect();
        let mut g = Layered::new(vec![0, 0, 0, 1, 1, 1], 2, segments.clone(), vec![false; 6]);
        g.layers = vec![vec![0, 1, 2], vec![3, 4, 5]];
        let pos = positions(&g);
        let mut brute = 0;
        for (i, a) in segments.iter().enumerate() {
            for b in &segments[i + 1..] {
                let (au, al, bu, bl) = (pos[a.upper], pos[a.lower], pos[b.upper], pos[b.lower]);
                if (au < bu && al > bl) || (au > bu && al < bl) {
                    brute += 1;
                }
            }
        }
        assert_eq!(total_crossings(&g), brute);
    }

    /// What transpose reads for two neighbours (their crossings in either order, with the
    /// one-end-each shortcut) is what swapping them changes in the full count, on random
    /// three-layer graphs with several ends per node and ends sharing a place.
    #[test]
    fn pair_crossings_are_what_a_swap_changes() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..500 {
            let sizes = [
                1 + next(5) as usize,
                2 + next(5) as usize,
                1 + next(5) as usize,
            ];
            let layer_of: Vec<usize> = (0..3).flat_map(|r| vec![r; sizes[r]]).collect();
            let first = [0, sizes[0], sizes[0] + sizes[1]];
            let places = [0.0, 0.5, 1.0];
            let mut segments = Vec::new();
            for _ in 0..next(12) {
                let r = next(2) as usize;
                segments.push(Segment {
                    upper: first[r] + next(sizes[r] as u64) as usize,
                    lower: first[r + 1] + next(sizes[r + 1] as u64) as usize,
                    upper_at: places[next(3) as usize],
                    lower_at: places[next(3) as usize],
                });
            }
            let n = layer_of.len();
            let mut g = Layered::new(layer_of, 3, segments, vec![false; n]);
            g.layers = (0..3)
                .map(|r| (first[r]..first[r] + sizes[r]).collect())
                .collect();
            let i = next(sizes[1] as u64 - 1) as usize;
            let (v, w) = (g.layers[1][i], g.layers[1][i + 1]);
            let (v_first, w_first) = pair_crossings(&g, &positions(&g), v, w);
            let before = total_crossings(&g) as i64;
            g.layers[1].swap(i, i + 1);
            let after = total_crossings(&g) as i64;
            assert_eq!(after - before, w_first as i64 - v_first as i64);
        }
    }
}
