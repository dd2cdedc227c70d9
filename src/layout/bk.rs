//! Horizontal coordinates by Brandes and Köpf (2001), with the corrections of Brandes,
//! Walter and Zink (2020): four vertical alignments (up/down × left/right) that favour
//! straight long edges (inner segments win type-1 conflicts), each compacted into a block
//! graph by longest path, aligned to the narrowest and balanced by the average median.
//! A final pass per layer restores the separation the balancing may have lost.

use super::order::Layered;
use super::Adjacency;

/// What coordinate assignment knows of a layered graph's nodes and segments.
pub(crate) struct Extents<'a> {
    /// How far a node reaches to the left and to the right of its anchor (a box is
    /// symmetric; a label's place has its edge at the left and the text to the right).
    pub left: &'a [f64],
    pub right: &'a [f64],
    /// Dummies: their segments are inner segments, which win type-1 conflicts.
    pub dummy: &'a [bool],
    /// The space to keep between neighbours `a` and `b`.
    pub gap: &'a dyn Fn(usize, usize) -> f64,
    /// Where each segment attaches on its upper and its lower node, from their anchors:
    /// an aligned segment runs straight between those two points (a port off a box's
    /// middle), not between the anchors.
    pub offsets: &'a [(f64, f64)],
}

/// The anchor x of every node: the point its segments align on.
pub(crate) fn positions(g: &Layered, e: &Extents) -> Vec<f64> {
    let Extents {
        left,
        right,
        dummy,
        gap,
        offsets,
    } = *e;
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
    // Each node's place in its layer.
    let mut place = vec![0usize; n];
    for layer in &g.layers {
        for (i, &v) in layer.iter().enumerate() {
            place[v] = i;
        }
    }
    // Each node's neighbours in its layer, and the separation from its left neighbour
    // (the same in every pass: a mirrored pass reads it from the other side).
    let none = usize::MAX;
    let mut beside = Beside {
        left_of: vec![none; n],
        right_of: vec![none; n],
        base: vec![0.0; n],
    };
    for layer in &g.layers {
        for pair in layer.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            beside.right_of[a] = b;
            beside.left_of[b] = a;
            beside.base[b] = right[a] + left[b] + gap(a, b);
        }
    }
    let conflicted = |pair: (usize, usize)| {
        (in_conflict[pair.0] && in_conflict[pair.1]) && conflicts.binary_search(&pair).is_ok()
    };
    let mut results: Vec<Vec<f64>> = Vec::with_capacity(4);
    let mut pos = vec![0usize; n];
    let mut work = Work::default();
    for downward in [true, false] {
        // Each node's neighbours in the layer the passes come from, by place, one per
        // neighbour (of several segments to one, the first counts), with the shift that
        // puts the node where the segment runs straight (the neighbour's offset less the
        // node's): the same lists serve the pass from the left and, read backwards, the
        // pass from the right.
        let neighbours = aligned_neighbours(g, &place, offsets, downward);
        for leftward in [true, false] {
            for layer in &g.layers {
                let len = layer.len();
                for (i, &v) in layer.iter().enumerate() {
                    pos[v] = if leftward { i } else { len - 1 - i };
                }
            }
            let view = Layers {
                g,
                downward,
                leftward,
            };
            vertical_alignment(&view, &pos, conflicted, &neighbours, &mut work);
            let mut xs = compaction(&beside, !leftward, &mut work);
            if !leftward {
                xs.iter_mut().for_each(|x| *x = -*x);
            }
            results.push(xs);
        }
    }
    // Align every candidate to the narrowest one: left ones by their minimum, right ones
    // by their maximum.
    let extent = |xs: &[f64]| {
        let min = xs
            .iter()
            .zip(left)
            .map(|(x, l)| x - l)
            .fold(f64::INFINITY, f64::min);
        let max = xs
            .iter()
            .zip(right)
            .map(|(x, r)| x + r)
            .fold(f64::NEG_INFINITY, f64::max);
        (min, max)
    };
    let extents: Vec<(f64, f64)> = results.iter().map(|xs| extent(xs)).collect();
    let narrowest = (0..4).min_by(|&a, &b| {
        let (ea, eb) = (extents[a], extents[b]);
        (ea.1 - ea.0).total_cmp(&(eb.1 - eb.0))
    });
    let (min_to, max_to) = extents[narrowest.unwrap_or(0)];
    for (i, xs) in results.iter_mut().enumerate() {
        let (min, max) = extents[i];
        let delta = if i % 2 == 0 {
            min_to - min
        } else {
            max_to - max
        };
        xs.iter_mut().for_each(|x| *x += delta);
    }
    let [r0, r1, r2, r3] = [&results[0], &results[1], &results[2], &results[3]];
    let mut x: Vec<f64> = r0
        .iter()
        .zip(r1)
        .zip(r2.iter().zip(r3))
        .map(|((&a, &b), (&c, &d))| average_median([a, b, c, d]))
        .collect();
    // Restore separation within each layer (balancing can break it), then shift to 0.
    separate(g, &mut x, left, right, gap, |_, least| least);
    let min = x
        .iter()
        .zip(left)
        .map(|(x, l)| x - l)
        .fold(f64::INFINITY, f64::min);
    x.iter_mut().for_each(|v| *v -= min);
    x
}

/// The mean of the middle two of four values (in `f64::total_cmp` order): of the two
/// pairs' smaller ends the larger, and of their larger ends the smaller.
fn average_median([a, b, c, d]: [f64; 4]) -> f64 {
    let sorted = |x: f64, y: f64| {
        if y.total_cmp(&x).is_lt() {
            (y, x)
        } else {
            (x, y)
        }
    };
    let ((low1, high1), (low2, high2)) = (sorted(a, b), sorted(c, d));
    let second = if low1.total_cmp(&low2).is_lt() {
        low2
    } else {
        low1
    };
    let third = if high1.total_cmp(&high2).is_lt() {
        high1
    } else {
        high2
    };
    (second + third) / 2.0
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

    /// The `r`-th layer of the pass, left to right (a pass from the right reads it
    /// backwards).
    fn layer(&self, r: usize) -> &[usize] {
        let r = if self.downward {
            r
        } else {
            self.count() - 1 - r
        };
        &self.g.layers[r]
    }
}

/// Per node: its neighbours on the side a group of passes comes from, sorted by place and
/// one per neighbour, each with the shift that aligns the node on it (in the coordinates of
/// a pass from the left; a pass from the right negates it).
fn aligned_neighbours(
    g: &Layered,
    place: &[usize],
    offsets: &[(f64, f64)],
    downward: bool,
) -> Adjacency<(usize, f64)> {
    let mut list = if downward {
        g.up.map(|s| {
            let (up, low) = offsets[s];
            (g.segments[s].upper, up - low)
        })
    } else {
        g.down.map(|s| {
            let (up, low) = offsets[s];
            (g.segments[s].lower, low - up)
        })
    };
    list.retain_each(|items| {
        // Stable: of several segments to one neighbour, the first stays first.
        if items.len() > 1 {
            items.sort_by_key(|&(w, _)| place[w]);
        }
        let mut kept = 0;
        for i in 0..items.len() {
            if kept == 0 || items[kept - 1].0 != items[i].0 {
                items[kept] = items[i];
                kept += 1;
            }
        }
        kept
    });
    list
}

/// The median neighbours of `v` among `ws` (its aligned neighbours), in increasing place:
/// one, or two when there is an even number. On a bundled graph a bundle of border chains
/// counts once per line: a node its lines reach aligns on it wherever the full graph's
/// medians would be its lines.
fn medians<'a>(g: &Layered, v: usize, ws: &'a [(usize, f64)]) -> &'a [(usize, f64)] {
    let by_count = &ws[(ws.len() - 1) / 2..=ws.len() / 2];
    if !g.is_bundled() {
        return by_count;
    }
    let weight = |w: usize| g.weight(w).max(g.weight(v)) as usize;
    let total: usize = ws.iter().map(|&(w, _)| weight(w)).sum();
    if total == ws.len() {
        return by_count;
    }
    // The neighbours holding the two middle lines (the same one when it holds both).
    let (low, high) = ((total - 1) / 2, total / 2);
    // The first neighbour whose lines, counted in order, reach past `index` holds it.
    let holder = |index: usize| {
        let mut lines = 0;
        ws.iter()
            .position(|&(w, _)| {
                lines += weight(w);
                lines > index
            })
            .expect("the middle lines lie within the total")
    };
    let (first, last) = (holder(low), holder(high));
    &ws[first..=last]
}

/// Each node's left and right neighbour in its layer (`usize::MAX` for none), and the
/// separation its left neighbour needs from it, anchor to anchor.
struct Beside {
    left_of: Vec<usize>,
    right_of: Vec<usize>,
    base: Vec<f64>,
}

/// Buffers of one pass, reused by the next: each node's block (its root and the next node
/// down the block, the last pointing back to the root) and its place relative to the root.
#[derive(Default)]
struct Work {
    root: Vec<usize>,
    align: Vec<usize>,
    shift: Vec<f64>,
    /// Compaction: each node's separation from the node before it in its layer (in the
    /// pass's order), the state of each block (0 to do, 1 under way, 2 placed), the order
    /// blocks were placed in, and the stack of the depth-first search.
    before: Vec<f64>,
    state: Vec<u8>,
    placed: Vec<usize>,
    stack: Vec<(usize, usize)>,
    xs: Vec<f64>,
}

fn vertical_alignment(
    layers: &Layers,
    pos: &[usize],
    conflicted: impl Fn((usize, usize)) -> bool,
    neighbours: &Adjacency<(usize, f64)>,
    work: &mut Work,
) {
    let n = pos.len();
    let (root, align, shift) = (&mut work.root, &mut work.align, &mut work.shift);
    root.clear();
    root.extend(0..n);
    align.clear();
    align.extend(0..n);
    shift.clear();
    shift.resize(n, 0.0);
    let sign = if layers.leftward { 1.0 } else { -1.0 };
    for r in 0..layers.count() {
        let mut previous: i64 = -1;
        let mut visit = |v: usize| {
            let ws = neighbours.of(v);
            if ws.is_empty() {
                return;
            }
            // The median neighbours, in the pass's order.
            let medians = medians(layers.g, v, ws);
            let mut take = |w: usize, by: f64| {
                if align[v] == v
                    && previous < pos[w] as i64
                    && !conflicted((w, v))
                    && !conflicted((v, w))
                {
                    align[w] = v;
                    root[v] = root[w];
                    align[v] = root[v];
                    shift[v] = shift[w] + sign * by;
                    previous = pos[w] as i64;
                }
            };
            if layers.leftward {
                medians.iter().for_each(|&(w, by)| take(w, by));
            } else {
                medians.iter().rev().for_each(|&(w, by)| take(w, by));
            }
        };
        // In the pass's order: a pass from the right reads the layer backwards.
        if layers.leftward {
            layers.layer(r).iter().for_each(|&v| visit(v));
        } else {
            layers.layer(r).iter().rev().for_each(|&v| visit(v));
        }
    }
}

/// Places the blocks: longest path from the left in the block graph (a block's left
/// neighbours are those of its nodes, a depth-first search placing them first), then each
/// block pulled right towards its right neighbours where that is free (in the reverse of
/// the order they were placed in).
fn compaction(beside: &Beside, mirrored: bool, work: &mut Work) -> Vec<f64> {
    let n = beside.base.len();
    let Work {
        root,
        align,
        shift,
        before,
        state,
        placed,
        stack,
        xs,
    } = work;
    // The node before and after `v` in its layer, in the pass's order (a mirrored pass
    // runs right to left).
    let (back, ahead) = if mirrored {
        (&beside.right_of, &beside.left_of)
    } else {
        (&beside.left_of, &beside.right_of)
    };
    let step = |v: usize, forward: bool| -> Option<usize> {
        let w = if forward { ahead[v] } else { back[v] };
        (w != usize::MAX).then_some(w)
    };
    // Between `u` and the node `v` after it: the nodes' separation less their shifts.
    before.clear();
    before.resize(n, 0.0);
    for v in 0..n {
        let u = back[v];
        if u != usize::MAX {
            let base = if mirrored {
                beside.base[u]
            } else {
                beside.base[v]
            };
            before[v] = base + shift[u] - shift[v];
        }
    }
    state.clear();
    state.resize(n, 0);
    placed.clear();
    xs.clear();
    xs.resize(n, 0.0);
    for start in 0..n {
        if root[start] != start || state[start] != 0 {
            continue;
        }
        state[start] = 1;
        stack.push((start, start));
        while let Some(top) = stack.last_mut() {
            let (r, w) = *top;
            if let Some(u) = step(w, false) {
                let ru = root[u];
                if state[ru] == 0 {
                    state[ru] = 1;
                    stack.push((ru, ru));
                    continue;
                }
                xs[r] = xs[r].max(xs[ru] + before[w]);
            }
            if align[w] == r {
                state[r] = 2;
                placed.push(r);
                stack.pop();
            } else {
                top.1 = align[w];
            }
        }
    }
    for &r in placed.iter().rev() {
        let mut min = f64::INFINITY;
        let mut w = r;
        loop {
            if let Some(z) = step(w, true) {
                min = min.min(xs[root[z]] - before[z]);
            }
            w = align[w];
            if w == r {
                break;
            }
        }
        if min.is_finite() {
            xs[r] = xs[r].max(min);
        }
    }
    root.iter()
        .zip(shift.iter())
        .map(|(&r, &s)| xs[r] + s)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::average_median;

    #[test]
    fn average_median_is_the_mean_of_the_sorted_middle_two() {
        let values = [-3.5, -0.0, 0.0, 1.0, 1.0, 2.25, 7.0, f64::MAX];
        for a in values {
            for b in values {
                for c in values {
                    for d in values {
                        let mut sorted = [a, b, c, d];
                        sorted.sort_by(f64::total_cmp);
                        let expected = (sorted[1] + sorted[2]) / 2.0;
                        let got = average_median([a, b, c, d]);
                        assert_eq!(got.to_bits(), expected.to_bits(), "{a} {b} {c} {d}");
                    }
                }
            }
        }
    }
}
