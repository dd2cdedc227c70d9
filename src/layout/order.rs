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
}

/// A segment as seen from one of its ends.
#[derive(Clone, Copy, Debug, Default)]
struct Far {
    /// The node at the other end.
    node: u32,
    /// The segment's index.
    segment: u32,
    /// Where it attaches on the far node, and on this one.
    far_at: f64,
    own_at: f64,
    /// The rank of `far_at` among the places where the far node's segments on this side
    /// attach, and of `own_at` among this node's (equal places share a rank): comparing
    /// ends on one node by rank is comparing them by place.
    far_slot: u32,
    own_slot: u32,
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
    pub fn new(
        layer_of: Vec<usize>,
        layers: usize,
        segments: Vec<Segment>,
        pinned: Vec<bool>,
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
                    segment: i as u32,
                    far_at: s.upper_at,
                    own_at: s.lower_at,
                    far_slot: upper_slot[i],
                    own_slot: lower_slot[i],
                }
            } else {
                Far {
                    node: s.lower as u32,
                    segment: i as u32,
                    far_at: s.lower_at,
                    own_at: s.upper_at,
                    far_slot: lower_slot[i],
                    own_slot: upper_slot[i],
                }
            }
        };
        let up_far = up.map(|i| seen_from(i, true));
        let down_far = down.map(|i| seen_from(i, false));
        let sorted = |lists: &Adjacency<Far>| {
            let mut lists = lists.map(|f| OwnEnd {
                segment: f.segment,
                own_slot: f.own_slot,
            });
            lists.retain_each(|ends| {
                if ends.windows(2).any(|p| p[0].own_slot > p[1].own_slot) {
                    ends.sort_by_key(|f| f.own_slot);
                }
                ends.len()
            });
            lists
        };
        let (up_sorted, down_sorted) = (sorted(&up_far), sorted(&down_far));
        Layered {
            layers: vec![Vec::new(); layers],
            layer_of,
            segments,
            up,
            down,
            pinned,
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
    /// Finish each start with sifting (quadratic in the layer sizes: small diagrams only).
    pub sifting: bool,
}

/// Orders the layers to reduce crossings. Several starting orders are tried (fewer on big
/// graphs) and the best result is kept.
/// Returns the crossings of the chosen order.
pub(crate) fn order(g: &mut Layered, effort: Effort) -> u64 {
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
        let crossings = improve(g, iterations, effort.patience);
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
    crossings
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
fn improve(g: &mut Layered, iterations: usize, patience: usize) -> u64 {
    let mut pos = positions(g);
    let mut best = Snapshot::of(g);
    let mut tally = Tally::new(g);
    let mut best_crossings = tally.total(g);
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
        sweep(g, &mut pos, i % 2 == 0, estimate, &mut memo, &mut buffers);
        // Every other round, transpose also takes swaps that change nothing, to leave
        // plateaus (dot's "reverse" pass).
        transpose(g, &mut pos, i % 4 >= 2, &mut memo);
        let c = tally.total(g);
        // As dot: an improvement of less than half a percent does not count as progress.
        if (c as f64) < best_crossings as f64 * 0.995 {
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

    fn total(&mut self, g: &Layered) -> u64 {
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
                self.between[r] = crossings_between(g, r, &mut self.counter);
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

fn positions(g: &Layered) -> Vec<usize> {
    let mut pos = vec![0; g.layer_of.len()];
    for layer in &g.layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    pos
}

/// How a node's place is estimated from its neighbours in the fixed layer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Estimate {
    Barycenter,
    /// The weighted median of dot (Gansner et al., section 3).
    Median,
}

fn sweep(
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
            let place = |f: &Far| {
                pos[f.node as usize] as f64 + (f.far_at - 0.5) * 0.9 - (f.own_at - 0.5) * 0.9
            };
            if let [only] = ends {
                // One neighbour (every dummy): its place is the estimate.
                return (sort_key(!g.pinned[v], place(only), pos[v]), v);
            }
            places.clear();
            places.extend(ends.iter().map(place));
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
        for (i, &v) in g.layers[r].iter().enumerate() {
            pos[v] = i;
        }
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
    /// The ranks of one node's segments that leave it at one place, sorted.
    local: Vec<usize>,
    tree: Vec<u64>,
}

/// Crossings between layer `r` and `r + 1`: inversions of the lower ends when segments are
/// sorted by their upper ends (Barth, Jünger, Mutzel). The ends are ranked by walking the
/// layers in order (a node's own ends sorted by where they attach), so no sort over all
/// segments is needed; equal ends share a rank and do not cross.
fn crossings_between(g: &Layered, r: usize, c: &mut Counter) -> u64 {
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
    // One end into the tree: the earlier ends strictly greater than it cross it.
    let mut insert = |tree: &mut [u64], k: usize| {
        let mut i = k;
        let mut not_greater = 0;
        while i > 0 {
            not_greater += tree[i];
            i &= i - 1;
        }
        inversions += seen - not_greater;
        let mut i = k;
        while i < tree.len() {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
        seen += 1;
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
                insert(&mut c.tree, c.rank[ends[i].segment as usize]);
            } else {
                c.local.clear();
                c.local
                    .extend(ends[i..j].iter().map(|f| c.rank[f.segment as usize]));
                c.local.sort_unstable();
                for &k in &c.local {
                    insert(&mut c.tree, k);
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
        .map(|r| crossings_between(g, r, &mut counter))
        .sum()
}

/// Crossings among the segments of `v` and `w` to both sides, with `v` left of `w` and
/// with `w` left of `v`. Two segments sharing their far end (same node, same place) cross
/// in neither order.
fn pair_crossings(g: &Layered, pos: &[usize], v: usize, w: usize) -> (u64, u64) {
    // Where each far end is: its node's place, then its rank along the node.
    let key = |f: &Far| ((pos[f.node as usize] as u64) << 32) | u64::from(f.far_slot);
    let side = |sv: &[Far], sw: &[Far]| match (sv, sw) {
        // One end each (most pairs, dummies among them): one comparison.
        ([a], [b]) => {
            let (ka, kb) = (key(a), key(b));
            (u64::from(ka > kb), u64::from(kb > ka))
        }
        _ if sv.len() * sw.len() > 4096 => (0, 0),
        _ => {
            let (mut v_first, mut w_first) = (0, 0);
            for a in sv {
                let ka = key(a);
                for b in sw {
                    let kb = key(b);
                    v_first += u64::from(ka > kb);
                    w_first += u64::from(kb > ka);
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
                    for (i, &w) in layer.iter().enumerate() {
                        pos[w] = i;
                    }
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
fn transpose(g: &mut Layered, pos: &mut [usize], equal: bool, memo: &mut Memo) {
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
                let (before, after) = pair_crossings(g, pos, v, w);
                if after < before || (equal && after == before && before > 0) {
                    g.layers[r].swap(i, i + 1);
                    pos[v] = i + 1;
                    pos[w] = i;
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
                sifting: true,
            },
        );
        assert_eq!(total_crossings(&g), 0);
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
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
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
