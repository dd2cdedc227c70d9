//! Horizontal coordinates by Brandes and Köpf (2001), with the corrections of Brandes,
//! Walter and Zink (2020): four vertical alignments (up/down × left/right) that favour
//! straight long edges (inner segments win type-1 conflicts), each compacted into a block
//! graph by longest path, aligned to the narrowest and balanced by the average median.
//! A final pass per layer restores the separation the balancing may have lost.

use super::order::Layered;
use super::Adjacency;

/// The anchor x of every node: the point its segments align on. A node reaches `left[v]`
/// to the left of its anchor and `right[v]` to the right (a box is symmetric; a label's
/// place has its edge at the left and the text to the right). `gap(a, b)` is the space to
/// keep between neighbours `a` and `b`. `offsets[s]` is where segment `s` attaches on its
/// upper and its lower node, from their anchors: an aligned segment runs straight between
/// those two points (a port off a box's middle), not between the anchors.
pub(crate) fn positions(
    g: &Layered,
    left: &[f64],
    right: &[f64],
    dummy: &[bool],
    gap: &dyn Fn(usize, usize) -> f64,
    offsets: &[(f64, f64)],
) -> Vec<f64> {
    let n = g.layer_of.len();
    if n == 0 {
        return Vec::new();
    }
    let conflicts = type1_conflicts(g, dummy);
    // Nodes in no conflict need no search.
    let mut in_conflict = vec![false; n];
    for &(u, w) in &conflicts {
        in_conflict[u] = true;
        in_conflict[w] = true;
    }
    let count = g.layers.len();
    let mut results: Vec<Vec<f64>> = Vec::new();
    let mut pos = vec![0usize; n];
    for downward in [true, false] {
        for leftward in [true, false] {
            // The pass's view of the layers: from its start side, each from its start end.
            let view = Layers {
                g,
                downward,
                leftward,
            };
            for r in 0..count {
                let len = g.layers[r].len();
                for (i, &v) in g.layers[r].iter().enumerate() {
                    pos[v] = if leftward { i } else { len - 1 - i };
                }
            }
            // Each neighbour with the shift, in the pass's coordinates, that puts `v` where
            // the segment to it runs straight: the neighbour's offset less `v`'s.
            let sign = if leftward { 1.0 } else { -1.0 };
            let neighbours = |v: usize, out: &mut Vec<(usize, f64)>| {
                out.clear();
                if downward {
                    out.extend(g.up.of(v).iter().map(|&s| {
                        let (up, low) = offsets[s];
                        (g.segments[s].upper, sign * (up - low))
                    }));
                } else {
                    out.extend(g.down.of(v).iter().map(|&s| {
                        let (up, low) = offsets[s];
                        (g.segments[s].lower, sign * (low - up))
                    }));
                }
            };
            let conflicted = |pair: (usize, usize)| {
                (in_conflict[pair.0] && in_conflict[pair.1])
                    && conflicts.binary_search(&pair).is_ok()
            };
            let (root, shift) = vertical_alignment(&view, &pos, &conflicted, &neighbours, n);
            let mut xs = compaction(&view, &root, &shift, left, right, gap, !leftward);
            if !leftward {
                xs.iter_mut().for_each(|x| *x = -*x);
            }
            results.push(xs);
        }
    }
    // Align every candidate to the narrowest one: left ones by their minimum, right ones
    // by their maximum.
    let extent = |xs: &[f64]| {
        let min = (0..n)
            .map(|v| xs[v] - left[v])
            .fold(f64::INFINITY, f64::min);
        let max = (0..n)
            .map(|v| xs[v] + right[v])
            .fold(f64::NEG_INFINITY, f64::max);
        (min, max)
    };
    let narrowest = (0..4).min_by(|&a, &b| {
        let (ea, eb) = (extent(&results[a]), extent(&results[b]));
        (ea.1 - ea.0).total_cmp(&(eb.1 - eb.0))
    });
    let (min_to, max_to) = extent(&results[narrowest.unwrap_or(0)]);
    for (i, xs) in results.iter_mut().enumerate() {
        let (min, max) = extent(xs);
        let delta = if i % 2 == 0 {
            min_to - min
        } else {
            max_to - max
        };
        xs.iter_mut().for_each(|x| *x += delta);
    }
    let mut x: Vec<f64> = (0..n)
        .map(|v| {
            let mut c = [results[0][v], results[1][v], results[2][v], results[3][v]];
            c.sort_by(f64::total_cmp);
            (c[1] + c[2]) / 2.0
        })
        .collect();
    // Restore separation within each layer (balancing can break it), then shift to 0.
    separate(g, &mut x, left, right, gap, |_, least| least);
    let min = (0..n).map(|v| x[v] - left[v]).fold(f64::INFINITY, f64::min);
    x.iter_mut().for_each(|v| *v -= min);
    x
}

/// Pushes each node right, layer by layer from the left, until it is `gap` clear of its
/// left neighbour; `place(v, least)` gives the position used for the least one allowed
/// (the grid rounds it up to a whole cell).
pub(crate) fn separate(
    g: &Layered,
    x: &mut [f64],
    left: &[f64],
    right: &[f64],
    gap: &dyn Fn(usize, usize) -> f64,
    place: impl Fn(usize, f64) -> f64,
) {
    for layer in &g.layers {
        for pair in layer.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let least = x[a] + right[a] + left[b] + gap(a, b);
            if x[b] < least {
                x[b] = place(b, least);
            }
        }
    }
}

/// Pairs (upper, lower) of non-inner segments that cross an inner segment (one between two
/// dummies); those lose their alignment. Sorted, for binary search.
fn type1_conflicts(g: &Layered, dummy: &[bool]) -> Vec<(usize, usize)> {
    let mut conflicts = Vec::new();
    let mut pos = vec![0usize; g.layer_of.len()];
    for layer in &g.layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    for r in 1..g.layers.len() {
        let prev_len = g.layers[r - 1].len();
        let layer = &g.layers[r];
        let mut k0 = 0;
        let mut scan = 0;
        for (i, &v) in layer.iter().enumerate() {
            let inner = if dummy[v] {
                g.up.of(v)
                    .iter()
                    .map(|&s| g.segments[s].upper)
                    .find(|&u| dummy[u])
            } else {
                None
            };
            let k1 = inner.map_or(prev_len, |u| pos[u]);
            if inner.is_some() || i + 1 == layer.len() {
                for &w in &layer[scan..=i] {
                    for &s in g.up.of(w) {
                        let u = g.segments[s].upper;
                        if (pos[u] < k0 || k1 < pos[u]) && !(dummy[u] && dummy[w]) {
                            conflicts.push((u, w));
                        }
                    }
                }
                scan = i + 1;
                k0 = k1;
            }
        }
    }
    conflicts.sort_unstable();
    conflicts.dedup();
    conflicts
}

/// The layers as one pass of Brandes-Köpf sees them: from the top or the bottom layer,
/// each from its left or its right end.
struct Layers<'a> {
    g: &'a Layered,
    downward: bool,
    leftward: bool,
}

impl Layers<'_> {
    fn count(&self) -> usize {
        self.g.layers.len()
    }

    /// The `r`-th layer of the pass, in the pass's order.
    fn layer(&self, r: usize) -> impl DoubleEndedIterator<Item = usize> + Clone + '_ {
        let r = if self.downward {
            r
        } else {
            self.count() - 1 - r
        };
        let layer = &self.g.layers[r];
        let leftward = self.leftward;
        (0..layer.len()).map(move |i| {
            if leftward {
                layer[i]
            } else {
                layer[layer.len() - 1 - i]
            }
        })
    }
}

/// Fills the list with a node's neighbours in the pass's previous layer, each with the shift
/// that aligns the node on it.
type Neighbours<'a> = dyn Fn(usize, &mut Vec<(usize, f64)>) + 'a;

fn vertical_alignment(
    layers: &Layers,
    pos: &[usize],
    conflicted: &dyn Fn((usize, usize)) -> bool,
    neighbours: &Neighbours,
    n: usize,
) -> (Vec<usize>, Vec<f64>) {
    let mut root: Vec<usize> = (0..n).collect();
    let mut align: Vec<usize> = (0..n).collect();
    // Each node's place relative to its block's root.
    let mut shift = vec![0.0f64; n];
    let mut ws = Vec::new();
    for r in 0..layers.count() {
        let mut previous: i64 = -1;
        for v in layers.layer(r) {
            neighbours(v, &mut ws);
            if ws.is_empty() {
                continue;
            }
            // By position; of several segments to one neighbour, the first counts.
            ws.sort_by_key(|&(w, _)| pos[w]);
            ws.dedup_by_key(|&mut (w, _)| w);
            let mid = (ws.len() - 1) as f64 / 2.0;
            for &(w, by) in &ws[(mid.floor() as usize)..=(mid.ceil() as usize)] {
                let conflicted = conflicted((w, v)) || conflicted((v, w));
                if align[v] == v && previous < pos[w] as i64 && !conflicted {
                    align[w] = v;
                    root[v] = root[w];
                    align[v] = root[v];
                    shift[v] = shift[w] + by;
                    previous = pos[w] as i64;
                }
            }
        }
    }
    (root, shift)
}

/// Places the blocks: longest path from the left in the block graph, then each block pulled
/// right towards its successors where that is free.
fn compaction(
    layers: &Layers,
    root: &[usize],
    shift: &[f64],
    left: &[f64],
    right: &[f64],
    gap: &dyn Fn(usize, usize) -> f64,
    mirrored: bool,
) -> Vec<f64> {
    let n = root.len();
    // Block graph edges: left neighbour's root -> right neighbour's root, with separation,
    // in two flat adjacency arrays (one allocation each rather than one per node).
    let mut edges: Vec<(usize, usize, f64)> = Vec::new();
    for r in 0..layers.count() {
        let layer = layers.layer(r);
        for (u, v) in layer.clone().zip(layer.skip(1)) {
            // In a mirrored pass the layer runs right to left: `u` is right of `v`.
            let (a, b) = if mirrored { (v, u) } else { (u, v) };
            // Between the blocks' roots: the nodes' separation less their shifts.
            let sep = right[a] + left[b] + gap(a, b) + shift[u] - shift[v];
            edges.push((root[u], root[v], sep));
        }
    }
    let succ = Adjacency::new(n, edges.iter().map(|&(u, v, sep)| (u, (v, sep))));
    let pred = Adjacency::new(n, edges.iter().map(|&(u, v, sep)| (v, (u, sep))));
    // Topological order of the roots (Kahn).
    let roots: Vec<usize> = (0..n).filter(|&v| root[v] == v).collect();
    let mut indegree = vec![0usize; n];
    for &r in &roots {
        for &(s, _) in succ.of(r) {
            indegree[s] += 1;
        }
    }
    let mut order: Vec<usize> = roots
        .iter()
        .copied()
        .filter(|&r| indegree[r] == 0)
        .collect();
    let mut head = 0;
    while head < order.len() {
        let r = order[head];
        head += 1;
        for &(s, _) in succ.of(r) {
            indegree[s] -= 1;
            if indegree[s] == 0 {
                order.push(s);
            }
        }
    }
    let mut xs = vec![0.0f64; n];
    for &r in &order {
        xs[r] = pred
            .of(r)
            .iter()
            .map(|&(p, sep)| xs[p] + sep)
            .fold(0.0, f64::max);
    }
    for &r in order.iter().rev() {
        let min = succ
            .of(r)
            .iter()
            .map(|&(s, sep)| xs[s] - sep)
            .fold(f64::INFINITY, f64::min);
        if min.is_finite() {
            xs[r] = xs[r].max(min);
        }
    }
    (0..n).map(|v| xs[root[v]] + shift[v]).collect()
}
