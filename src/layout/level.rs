//! One level of the compound layout: a flat layered graph of boxes (the children of one
//! container), the container's virtual border ports, and the edges among them. Laid out
//! top to bottom; the caller transposes for left-to-right diagrams.
//!
//! Steps: rank (network simplex), long edges and labels become dummy nodes (so labels are
//! placed like boxes and can overlap nothing), order (sweeps and transpose), x by
//! Brandes–Köpf, y by ranks with channels sized for their routing tracks, then orthogonal
//! routes: vertical through the dummies, horizontal on a track of the channel between two
//! ranks. Boxes only live inside rank bands and horizontal segments only inside channels,
//! so no route crosses a box.

use super::bk;
use super::channel;
use super::metrics::Spacing;
use super::order::{self, Layered, Segment};
use super::simplex::{self, Constraint};
use super::{Point, Rect};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a level item stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// A component or a child container's frame.
    Box,
    /// A point on the container's top border where an edge enters or leaves.
    North,
    /// A point on the container's bottom border.
    South,
    /// The place of the container's title in the top rank, kept free of ports.
    Title,
    /// Only as the side of a fixed attachment: the item's left side.
    West,
    /// Only as the side of a fixed attachment: the item's right side.
    East,
}

#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub width: f64,
    pub height: f64,
    pub role: Role,
    /// A group's frame (lines cross its border; no arrowhead lands on it).
    pub frame: bool,
    /// A box's ports: on its bottom side or not (top), and the offset from its left.
    /// Arrows to the box itself keep off them, even where no arrow uses the port.
    pub ports: Vec<(bool, f64)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Edge {
    pub from: usize,
    pub to: usize,
    /// Drawn against the ranking (from below to above).
    pub reversed: bool,
    /// A fixed attachment, as an offset along its side: from the item's left on the top
    /// and bottom sides, from its top on the west and east sides.
    pub from_at: Option<f64>,
    pub to_at: Option<f64>,
    /// The label's size.
    pub label: Option<(f64, f64)>,
    /// The side a fixed attachment is on (`North`, `South`, `West` or `East`), when it may
    /// not be the side the edge leaves or enters by (a port shared by arrows going both
    /// ways, or the border port of a child frame laid out in the other direction): the
    /// route then goes round the box, or out of its flank, through the gap beside it.
    pub from_side: Option<Role>,
    pub to_side: Option<Role>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Placed {
    pub width: f64,
    pub height: f64,
    /// The top-left corner of each item.
    pub items: Vec<Point>,
    /// Each edge's route, from `from`'s border to `to`'s border.
    pub routes: Vec<Vec<Point>>,
    pub labels: Vec<Option<Rect>>,
    /// How many dummy nodes the most demanding ranking tried made (for the size limit:
    /// a level fails exactly when this is over its budget).
    pub dummies: usize,
    /// Crossings between layers in the chosen order (before routing).
    pub order_crossings: u64,
}

/// The maximum exchanges of network simplex per level: enough for a good ranking of
/// diagrams, bounded for huge graphs.
const SIMPLEX_ITERATIONS: usize = 4000;

/// The dummy nodes that levels laid out at once may still make, shared between them:
/// each level takes its dummies as it makes them (for its most demanding ranking), so
/// together they never make more than the limit, and a level that would is stopped.
pub(crate) struct DummyBudget {
    taken: AtomicUsize,
    limit: usize,
}

impl DummyBudget {
    pub(crate) fn new(limit: usize) -> DummyBudget {
        DummyBudget {
            taken: AtomicUsize::new(0),
            limit,
        }
    }

    /// Takes `n` more; false when that goes over the limit (and then every later take
    /// fails too: the levels need more than the limit in all).
    fn take(&self, n: usize) -> bool {
        self.taken.fetch_add(n, Ordering::Relaxed).saturating_add(n) <= self.limit
    }

    /// Whether some level has gone over the limit.
    pub(crate) fn exhausted(&self) -> bool {
        self.taken.load(Ordering::Relaxed) > self.limit
    }
}

/// A level stopped because its dummies would have taken the shared budget over its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OverBudget;

/// Lays one level out. Fails when its dummies would take the budget over its limit.
pub(crate) fn layout(
    items: &[Item],
    edges: &[Edge],
    sp: &Spacing,
    effort: order::Effort,
    budget: &DummyBudget,
) -> Result<Placed, OverBudget> {
    let n = items.len();
    // 1. Ranks of the boxes; border ports go to the extreme ranks.
    let oriented: Vec<(usize, usize)> = edges
        .iter()
        .map(|e| {
            if e.reversed {
                (e.to, e.from)
            } else {
                (e.from, e.to)
            }
        })
        .collect();
    let is_box = |i: usize| items[i].role == Role::Box;
    let constraints: Vec<Constraint> = edges
        .iter()
        .zip(&oriented)
        .filter(|(_, &(a, b))| a != b && is_box(a) && is_box(b))
        .map(|(e, &(a, b))| Constraint {
            from: a,
            to: b,
            minlen: if e.label.is_some() { 2 } else { 1 },
            weight: 1.0,
        })
        .collect();
    // Rankings of equal edge length can differ in crossings: small diagrams try network
    // simplex with and without balancing, and the longest path, and keep the ranking
    // whose order crosses least.
    let mut candidates = vec![simplex::rank(n, &constraints, SIMPLEX_ITERATIONS, true)];
    if effort.sifting {
        candidates.push(simplex::rank(n, &constraints, SIMPLEX_ITERATIONS, false));
        candidates.push(simplex::longest_path_ranks(n, &constraints));
    }
    let mut best: Option<Arranged> = None;
    // The dummies taken from the budget: those of the most demanding ranking so far.
    let mut made = 0;
    for box_ranks in candidates {
        let arranged = arrange(
            items,
            edges,
            &oriented,
            &box_ranks,
            sp,
            effort,
            (budget, &mut made),
        )?;
        if best
            .as_ref()
            .is_none_or(|b| arranged.order_crossings < b.order_crossings)
        {
            best = Some(arranged);
        }
    }
    let Arranged {
        layer_count,
        layer_of,
        width,
        height,
        is_dummy,
        label_of,
        chain_segments,
        fixed_upper,
        fixed_lower,
        facing,
        g,
        total,
        order_crossings,
        bundles,
    } = best.expect("at least one ranking");

    // 4. x: self-loops reserve room on their box's right: on the grid two cells each (a
    // column for the line and one between), elsewhere a track and a half.
    let loop_step = if sp.grid { 2.0 } else { sp.track_gap * 1.5 };
    let mut loops = vec![0usize; n];
    for &(a, b) in &oriented {
        if a == b {
            loops[a] += 1;
        }
    }
    // On the grid a loop has two rows of its own when the box is tall enough (a box is
    // made so, see `measure`; a frame may not be). Its label then goes on its first row
    // when it fits in the two (the widest sets the room); otherwise side by side.
    let rows_for_loops = |a: usize| sp.grid && height[a] >= 2.0 * loops[a] as f64 + 2.0;
    let mut stacked: Vec<bool> = (0..n).map(rows_for_loops).collect();
    for (e, &(a, b)) in edges.iter().zip(&oriented) {
        if a == b && e.label.is_some_and(|(_, lh)| lh > 2.0) {
            stacked[a] = false;
        }
    }
    let mut loop_room = vec![0.0f64; n];
    let mut widest_label = vec![0.0f64; n];
    for (e, &(a, b)) in edges.iter().zip(&oriented) {
        if a == b {
            let label = e.label.map_or(0.0, |(lw, _)| lw + sp.label_pad * 2.0);
            if stacked[a] {
                loop_room[a] += loop_step + (label - widest_label[a]).max(0.0);
                widest_label[a] = widest_label[a].max(label);
            } else {
                loop_room[a] += loop_step + label;
            }
        }
    }
    let gap = |a: usize, b: usize| -> f64 {
        let extra = if a < n { loop_room[a] } else { 0.0 };
        let base = match (
            a >= n && label_of[a].is_none(),
            b >= n && label_of[b].is_none(),
        ) {
            (true, true) => sp.track_gap,
            (true, false) | (false, true) => (sp.node_gap / 2.0).max(sp.track_gap),
            (false, false) => sp.node_gap,
        };
        base + extra
    };
    // A label's place has its edge at the left; everything else is centred.
    let reach_left: Vec<f64> = (0..total)
        .map(|v| {
            if label_of[v].is_some() {
                sp.track_gap / 2.0
            } else {
                width[v] / 2.0
            }
        })
        .collect();
    let reach_right: Vec<f64> = (0..total).map(|v| width[v] - reach_left[v]).collect();
    // Where each segment's ends attach, from their nodes' anchors: a port on the side the
    // segment leaves by is off its box's middle, and the segment is aligned on the port.
    // On the grid in whole cells, as the attachments are placed below.
    let round = |v: f64| if sp.grid { v.round() } else { v };
    let off = |v: usize, at: f64, fixed: bool| {
        if fixed && v < n && items[v].role == Role::Box {
            round(at * width[v]) - round(reach_left[v])
        } else {
            0.0
        }
    };
    let offsets: Vec<(f64, f64)> = g
        .segments
        .iter()
        .zip(&facing)
        .map(|(seg, &(up, low))| {
            (
                off(seg.upper, seg.upper_at, up),
                off(seg.lower, seg.lower_at, low),
            )
        })
        .collect();
    let extents = bk::Extents {
        left: &reach_left,
        right: &reach_right,
        dummy: &is_dummy,
        gap: &gap,
        offsets: &offsets,
    };
    let mut x = match &bundles {
        None => bk::positions(&g, &extents),
        Some(b) => bundled_positions(b, &g, &extents),
    };
    if sp.grid {
        // Whole cells: every box's left edge on an integer, placed so that its middle
        // attachment lands on the cell a dummy aligned with it takes (`round(x)`): an
        // arrow through a label or a long edge then runs straight, with no one-cell jog.
        for v in 0..total {
            x[v] = if v >= n {
                x[v].round()
            } else if items[v].role == Role::Box {
                // Off the corner: a box three cells across has one cell between.
                let middle = (width[v] / 2.0).round().min((width[v] - 2.0).max(0.0));
                x[v].round() - middle + reach_left[v]
            } else {
                (x[v] - reach_left[v]).round() + reach_left[v]
            };
        }
        // Rounding may have brought two neighbours a cell too close: push the right one
        // back out, onto whole cells again.
        bk::separate(&g, &mut x, &reach_left, &reach_right, &gap, |b, least| {
            if b >= n {
                least.ceil()
            } else {
                (least - reach_left[b]).ceil() + reach_left[b]
            }
        });
    }
    let snap = |v: f64| if sp.grid { v.round() } else { v };

    // 5. Attachment points along each box side, then tracks per channel.
    let left = |v: usize| x[v] - reach_left[v];
    let seg_count = g.segments.len();
    let mut upper_x = vec![0.0f64; seg_count];
    let mut lower_x = vec![0.0f64; seg_count];
    // Buffers reused from one side to the next.
    let mut free: Vec<(f64, usize, bool)> = Vec::new();
    let mut fixed_at: Vec<f64> = Vec::new();
    let mut open: Vec<f64> = Vec::new();
    for v in 0..total {
        for (segs, is_upper_side) in [(g.down.of(v), true), (g.up.of(v), false)] {
            // Fixed attachments keep their place; free ones share the rest of the side,
            // sorted by where their other end is.
            free.clear();
            fixed_at.clear();
            for &s in segs.iter() {
                let seg = g.segments[s];
                let (at, other) = if is_upper_side {
                    (seg.upper_at, seg.lower)
                } else {
                    (seg.lower_at, seg.upper)
                };
                let fixed_here = if is_upper_side {
                    fixed_upper[s]
                } else {
                    fixed_lower[s]
                };
                let px = if v >= n {
                    x[v]
                } else if items[v].role != Role::Box || fixed_here {
                    let px = snap(left(v) + at * width[v]);
                    fixed_at.push(px);
                    px
                } else {
                    // Whether the other end is a line (a dummy or a border port) rather
                    // than a box, whose attachment is not known yet.
                    let line = other >= n || items[other].role != Role::Box;
                    free.push((x[other], s, line));
                    continue;
                };
                if is_upper_side {
                    upper_x[s] = px;
                } else {
                    lower_x[s] = px;
                }
            }
            // The box's ports on this side are kept clear too, used or not.
            if v < n {
                for &(on_bottom, at) in &items[v].ports {
                    let px = snap(left(v) + at);
                    if on_bottom == is_upper_side && fixed_at.iter().all(|f| (f - px).abs() > 0.5) {
                        fixed_at.push(px);
                    }
                }
            }
            if free.is_empty() {
                // All fixed (a frame's border ports, a dummy): nothing to share out.
                continue;
            }
            free.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let k = free.len();
            // Evenly spaced slots for the free ends and the fixed ones (ports) together;
            // the slot nearest each fixed end is left to it, so that an arrow to the box
            // never attaches where one to its port does.
            let slots = k + fixed_at.len();
            open.clear();
            // On the grid, never a corner: the cells between run from `left + 1` to
            // `left + width - 2`.
            let inside = |p: f64| {
                if sp.grid && width[v] >= 3.0 {
                    p.clamp(left(v) + 1.0, left(v) + width[v] - 2.0)
                } else {
                    p
                }
            };
            open.extend((0..slots).map(|i| {
                inside(snap(
                    left(v) + width[v] * (i as f64 + 1.0) / (slots as f64 + 1.0),
                ))
            }));
            for f in &fixed_at {
                if open.len() > k {
                    let nearest = (0..open.len())
                        .min_by(|&a, &b| (open[a] - f).abs().total_cmp(&(open[b] - f).abs()))
                        .expect("more slots than free ends");
                    open.remove(nearest);
                }
            }
            // An end whose other end is a line moves onto that line where the side has
            // room: the segment then runs straight, with no jog. Its neighbours, the ports
            // and the corners stay clear by a track (two cells on the grid).
            let (margin, spacing) = if sp.grid {
                (1.0, 2.0)
            } else {
                (sp.track_gap, sp.track_gap)
            };
            let (lo, hi) = (
                left(v) + margin,
                left(v) + width[v] - margin - if sp.grid { 1.0 } else { 0.0 },
            );
            for i in 0..k {
                let (want, _, line) = free[i];
                let want = snap(want);
                let clear = |p: f64| (p - want).abs() >= spacing - 1e-9;
                if line
                    && (lo..=hi).contains(&want)
                    && (i == 0 || open[i - 1] <= want - spacing + 1e-9)
                    && (i + 1 == k || open[i + 1] >= want + spacing - 1e-9)
                    && fixed_at.iter().all(|&f| clear(f))
                {
                    open[i] = want;
                }
            }
            for (i, &(_, s, _)) in free.iter().enumerate() {
                let px = open[i];
                if is_upper_side {
                    upper_x[s] = px;
                } else {
                    lower_x[s] = px;
                }
            }
        }
    }
    // Ends attached away from the side they leave or enter by: the segment uses the gap
    // beside the box instead, and the route goes round the box (a port on the far side)
    // or straight out of its flank (a port on the left or right side).
    let mut detour_start: Vec<Option<Detour>> = vec![None; edges.len()];
    let mut detour_end: Vec<Option<Detour>> = vec![None; edges.len()];
    let gap_beside = |v: usize, on_right: bool| -> f64 {
        let layer = &g.layers[layer_of[v]];
        let i = layer.iter().position(|&w| w == v).unwrap_or(0);
        // Past the box's self-loops and their labels on its right.
        let (l, r) = (left(v), left(v) + width[v] + loop_room[v]);
        let neighbour = if on_right {
            layer.get(i + 1).map(|&w| left(w))
        } else {
            i.checked_sub(1).map(|p| left(layer[p]) + width[layer[p]])
        };
        if sp.grid {
            // Whole cells: the free cells beside a box run from the one after its border
            // to the one before its neighbour's; the middle one, rounded towards the box.
            // Beside the last box, the cell next to it: the next may be a frame's border.
            return match (on_right, neighbour) {
                (true, Some(w)) => ((r + w - 1.0) / 2.0).floor(),
                (false, Some(w)) => ((w + l - 1.0) / 2.0).ceil(),
                (true, None) => r,
                (false, None) => l - 1.0,
            };
        }
        match (on_right, neighbour) {
            (true, Some(w)) => r + (w - r) / 2.0,
            (false, Some(w)) => l - (l - w) / 2.0,
            (true, None) => r + sp.node_gap / 2.0,
            (false, None) => l - sp.node_gap / 2.0,
        }
    };
    // The detour of an end on box `v` whose port is on `side`: round the box when the port
    // faces away (`far`), out of the flank when it is on the left or right.
    let detour = |side: Option<Role>, far: Role, v: usize, port: f64, at: Option<f64>| {
        let on_right = match side {
            Some(r) if r == far => true,
            Some(Role::West) => false,
            Some(Role::East) => true,
            _ => return None,
        };
        let gap = gap_beside(v, on_right);
        Some(match side {
            Some(Role::West) => Detour::Flank {
                side: left(v),
                along: at.unwrap_or(0.0),
                gap,
            },
            Some(Role::East) => Detour::Flank {
                side: left(v) + width[v],
                along: at.unwrap_or(0.0),
                gap,
            },
            _ => Detour::Over { port, gap },
        })
    };
    for (k, e) in edges.iter().enumerate() {
        let range = chain_segments[k].clone();
        if range.is_empty() {
            continue;
        }
        let (top_side, bottom_side) = if e.reversed {
            (e.to_side, e.from_side)
        } else {
            (e.from_side, e.to_side)
        };
        let (top_at, bottom_at) = if e.reversed {
            (e.to_at, e.from_at)
        } else {
            (e.from_at, e.to_at)
        };
        let s = range.start;
        if let Some(d) = detour(
            top_side,
            Role::North,
            g.segments[s].upper,
            upper_x[s],
            top_at,
        ) {
            upper_x[s] = d.gap();
            detour_start[k] = Some(d);
        }
        let s = range.end - 1;
        if let Some(d) = detour(
            bottom_side,
            Role::South,
            g.segments[s].lower,
            lower_x[s],
            bottom_at,
        ) {
            lower_x[s] = d.gap();
            detour_end[k] = Some(d);
        }
    }
    // On the grid, the way round a box runs on a track of its own in the channel it
    // turns in (above the box for an end that leaves by its top, below it for one that
    // arrives at its bottom), nearest the box it leaves: in the row next to the box it
    // would run over the heads of the arrows there. Per slot (0 above the first rank,
    // `r + 1` below rank `r`, the last one below the last rank): its turns (edge, at the
    // edge's top end, span).
    let mut turns: Vec<Vec<(usize, bool, f64, f64)>> = vec![Vec::new(); layer_count + 1];
    if sp.grid {
        // A self-loop at a port turns the same way, out of the port's side and across
        // to the loop's column: `true` here for its source end.
        let mut loop_index = vec![0usize; n];
        for (k, (e, &(a, b))) in edges.iter().zip(&oriented).enumerate() {
            if a != b {
                continue;
            }
            let out = left(a) + width[a] + loop_step * (loop_index[a] as f64 + 1.0);
            loop_index[a] += 1;
            let r = layer_of[a];
            for (source, at, side) in [(true, e.from_at, e.from_side), (false, e.to_at, e.to_side)]
            {
                let (Some(at), Some(side)) = (at, side) else {
                    continue;
                };
                let x = left(a) + at;
                let slot = if side == Role::North { r } else { r + 1 };
                turns[slot].push((k, source, x.min(out), x.max(out)));
            }
        }
        for k in 0..edges.len() {
            let range = chain_segments[k].clone();
            if range.is_empty() {
                continue;
            }
            if let Some(Detour::Over { port, gap }) = detour_start[k] {
                let r = layer_of[g.segments[range.start].upper];
                turns[r].push((k, true, port.min(gap), port.max(gap)));
            }
            if let Some(Detour::Over { port, gap }) = detour_end[k] {
                let r = layer_of[g.segments[range.end - 1].lower];
                turns[r + 1].push((k, false, port.min(gap), port.max(gap)));
            }
        }
    }
    // Per edge, the track of the turn at its top end and at its bottom end.
    let mut turn_track: Vec<[Option<usize>; 2]> = vec![[None; 2]; edges.len()];
    let mut turn_rows = vec![0usize; layer_count + 1];
    for (r, list) in turns.iter_mut().enumerate() {
        list.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.3.total_cmp(&b.3)));
        let mut placed: Vec<(f64, f64, usize)> = Vec::new();
        for &(k, top, lo, hi) in list.iter() {
            let t = placed
                .iter()
                .filter(|&&(l, h, _)| lo < h + sp.track_gap && l < hi + sp.track_gap)
                .map(|&(_, _, t)| t + 1)
                .max()
                .unwrap_or(0);
            placed.push((lo, hi, t));
            turn_track[k][usize::from(!top)] = Some(t);
            turn_rows[r] = turn_rows[r].max(t + 1);
        }
    }
    let mut track = vec![0usize; seg_count];
    let mut tracks_in = vec![0usize; layer_count];
    for (r, layer) in g.layers.iter().enumerate() {
        let in_channel: Vec<usize> = layer
            .iter()
            .flat_map(|&v| g.down.of(v).iter().copied())
            .collect();
        let pins: Vec<(f64, f64)> = in_channel
            .iter()
            .map(|&s| (upper_x[s], lower_x[s]))
            .collect();
        let (tracks, count) = channel::assign(&pins, sp.track_gap);
        // The turns take the first tracks, and the channel a row more, so that the heads
        // below have a row of their own (in a compact channel they share the last track's).
        let turned = turn_rows[r + 1];
        for (&s, t) in in_channel.iter().zip(tracks) {
            track[s] = t + turned;
        }
        tracks_in[r] = count + turned + usize::from(turned > 0);
    }

    // 6. y: rank bands and channels.
    let mut band_top = vec![0.0f64; layer_count];
    let mut band_height = vec![0.0f64; layer_count];
    // Turns above the first rank and below the last get rows of their own there, and a
    // row for the heads next to the boxes.
    let rows_beyond = |slot: usize| {
        let t = turn_rows[slot];
        if t > 0 {
            (t + 1) as f64 * sp.track_gap
        } else {
            0.0
        }
    };
    let rows_above = rows_beyond(0);
    let mut y = rows_above;
    for r in 0..layer_count {
        band_top[r] = y;
        band_height[r] = g.layers[r].iter().map(|&v| height[v]).fold(0.0, f64::max);
        y += band_height[r];
        if r + 1 < layer_count {
            // On the grid, lines running straight down into a rank of dummies alone (long
            // arrows, labels) need no row between: no arrowhead lands there and nothing
            // turns, so a label starts right under the box its arrow leaves.
            let straight_into_dummies =
                sp.grid && tracks_in[r] == 0 && g.layers[r + 1].iter().all(|&v| v >= n);
            // Nor do lines running straight down from the frame's top border: the frame's
            // padding is the row their heads land in.
            let straight_from_border = sp.grid
                && tracks_in[r] == 0
                && g.layers[r]
                    .iter()
                    .all(|&v| v < n && items[v].role == Role::North);
            // Nor lines running straight from dummies across frames' borders (at a border
            // port, so on to something inside): no head lands there.
            let straight_into_frames = sp.grid
                && tracks_in[r] == 0
                && g.layers[r].iter().all(|&v| {
                    v >= n
                        && g.down.of(v).iter().all(|&s| {
                            let w = g.segments[s].lower;
                            w < n && items[w].frame && fixed_lower[s]
                        })
                });
            if !straight_into_dummies && !straight_from_border && !straight_into_frames {
                y += sp.rank_gap + tracks_in[r] as f64 * sp.track_gap;
            }
        }
    }
    let total_height = y + rows_beyond(layer_count);
    let node_top = |v: usize| -> f64 {
        if v < n {
            match items[v].role {
                Role::North | Role::Title => 0.0,
                Role::South => total_height,
                Role::Box | Role::West | Role::East => {
                    band_top[layer_of[v]] + (band_height[layer_of[v]] - height[v]) / 2.0
                }
            }
        } else {
            band_top[layer_of[v]]
        }
    };
    let node_bottom = |v: usize| -> f64 {
        if v < n {
            node_top(v)
                + if items[v].role == Role::Box {
                    height[v]
                } else {
                    0.0
                }
        } else {
            band_top[layer_of[v]] + band_height[layer_of[v]]
        }
    };

    // 7. Routes.
    // The row of track `t` in a turn slot: above the first rank, outwards from the row
    // its heads take; in the channel below rank `slot - 1`, as its other tracks.
    let turn_row = |slot: usize, t: usize| {
        if slot == 0 {
            rows_above - (2 + t) as f64 * sp.track_gap
        } else {
            let r = slot - 1;
            band_top[r] + band_height[r] + sp.rank_gap / 2.0 + t as f64 * sp.track_gap
        }
    };
    let mut routes = vec![Vec::new(); edges.len()];
    let mut labels = vec![None; edges.len()];
    for k in 0..edges.len() {
        // The edge's chain of nodes: the upper end of its first segment, then the lower
        // end of each.
        let range = chain_segments[k].clone();
        if range.is_empty() {
            continue;
        }
        let first = g.segments[range.start].upper;
        let last = g.segments[range.end - 1].lower;
        // Up to four points per segment, and two per detour.
        let mut points: Vec<Point> = Vec::with_capacity(4 * range.len() + 8);
        for (i, s) in range.clone().enumerate() {
            let pair = [g.segments[s].upper, g.segments[s].lower];
            let r = layer_of[pair[0]];
            let (xa, xb) = (upper_x[s], lower_x[s]);
            let ya = node_bottom(pair[0]);
            if i == 0 {
                points.push(Point { x: xa, y: ya });
            } else {
                // Through the dummy's rank band.
                points.push(Point {
                    x: xa,
                    y: band_top[r],
                });
                points.push(Point { x: xa, y: ya });
            }
            if (xa - xb).abs() > 1e-6 {
                let ty = band_top[r]
                    + band_height[r]
                    + sp.rank_gap / 2.0
                    + track[s] as f64 * sp.track_gap;
                points.push(Point { x: xa, y: ty });
                points.push(Point { x: xb, y: ty });
            }
            if i + 1 == range.len() {
                points.push(Point {
                    x: xb,
                    y: node_top(pair[1]),
                });
            }
        }
        for d in range.start..range.end - 1 {
            let d = g.segments[d].lower;
            if label_of[d] == Some(k) {
                if let Some((lw, lh)) = edges[k].label {
                    let r = layer_of[d];
                    labels[k] = Some(Rect {
                        x: left(d) + sp.track_gap + sp.label_pad,
                        y: band_top[r] + (band_height[r] - lh) / 2.0,
                        width: lw,
                        height: lh,
                    });
                }
            }
        }
        // The way round a box runs on its turn track on the grid (every way round has
        // one there), elsewhere a little above or below the box.
        let d = sp.rank_gap / 4.0;
        match detour_start[k] {
            Some(Detour::Over { port, gap }) => {
                let top = node_top(first);
                let y = match turn_track[k][0] {
                    Some(t) => turn_row(layer_of[first], t),
                    None => top - d,
                };
                let mut head = vec![
                    Point { x: port, y: top },
                    Point { x: port, y },
                    Point { x: gap, y },
                ];
                head.extend(points);
                points = head;
            }
            Some(Detour::Flank { side, along, gap }) => {
                let y = node_top(first) + along;
                let mut head = vec![Point { x: side, y }, Point { x: gap, y }];
                head.extend(points);
                points = head;
            }
            None => {}
        }
        match detour_end[k] {
            Some(Detour::Over { port, gap }) => {
                let bottom = node_bottom(last);
                let y = match turn_track[k][1] {
                    Some(t) => turn_row(layer_of[last] + 1, t),
                    None => bottom + d,
                };
                // Replace the arrival at the top by the way round to the bottom.
                points.pop();
                points.push(Point { x: gap, y });
                points.push(Point { x: port, y });
                points.push(Point { x: port, y: bottom });
            }
            Some(Detour::Flank { side, along, gap }) => {
                let y = node_top(last) + along;
                points.pop();
                points.push(Point { x: gap, y });
                points.push(Point { x: side, y });
            }
            None => {}
        }
        if edges[k].reversed {
            points.reverse();
        }
        routes[k] = simplify(points);
    }
    // Self-loops: out of the right side (or out of a port, then round) and back, nested
    // outwards; their labels side by side further right.
    let mut loop_index = vec![0usize; n];
    let mut label_offset = vec![0.0f64; n];
    let mut right_extent: f64 = (0..total).map(|v| left(v) + width[v]).fold(0.0, f64::max);
    for (k, (e, &(a, b))) in edges.iter().zip(&oriented).enumerate() {
        if a != b {
            continue;
        }
        let i = loop_index[a];
        loop_index[a] += 1;
        let right = left(a) + width[a];
        let out = right + loop_step * (i as f64 + 1.0);
        let (top, h) = (node_top(a), height[a].max(1.0));
        let bottom = top + h;
        let step = sp.rank_gap / 4.0;
        let (y0, y1) = if rows_for_loops(a) {
            // Two rows of their own between the corners (a box is made tall enough, see
            // `measure`; a frame may not be), out of the first and back into the second.
            let row = top + 1.0 + 2.0 * i as f64;
            (row, row + 1.0)
        } else {
            (
                top + h * (0.5 - 0.35 * (i as f64 + 1.0) / (loops[a] as f64 + 1.0)),
                top + h * (0.5 + 0.35 * (i as f64 + 1.0) / (loops[a] as f64 + 1.0)),
            )
        };
        // One end: at a port (out of its side, then across to the loop's column) or on
        // the right side.
        let end = |at: Option<f64>, side: Option<Role>, y_side: f64, source: bool| -> Vec<Point> {
            match (at, side) {
                (Some(at), Some(side)) => {
                    // On the grid across on the end's turn track (every loop end at a
                    // port has one there), elsewhere a little outside the border, further
                    // out for each loop.
                    let turned = turn_track[k][usize::from(!source)];
                    let (edge_y, out_y) = if let Some(t) = turned {
                        let r = layer_of[a];
                        if side == Role::North {
                            (top, turn_row(r, t))
                        } else {
                            (bottom, turn_row(r + 1, t))
                        }
                    } else if side == Role::North {
                        (top, top - step * (1.0 + i as f64 / (loops[a] as f64 + 1.0)))
                    } else {
                        (
                            bottom,
                            bottom + step * (1.0 + i as f64 / (loops[a] as f64 + 1.0)),
                        )
                    };
                    vec![
                        Point {
                            x: left(a) + at,
                            y: edge_y,
                        },
                        Point {
                            x: left(a) + at,
                            y: out_y,
                        },
                        Point { x: out, y: out_y },
                    ]
                }
                _ => vec![
                    Point {
                        x: right,
                        y: y_side,
                    },
                    Point { x: out, y: y_side },
                ],
            }
        };
        let mut points = end(e.from_at, e.from_side, y0, true);
        let mut back = end(e.to_at, e.to_side, y1, false);
        back.reverse();
        points.extend(back);
        routes[k] = simplify(points);
        if let Some((lw, lh)) = e.label {
            let lx = right + loop_step * loops[a] as f64 + sp.label_pad + label_offset[a];
            let ly = if stacked[a] {
                y0
            } else {
                label_offset[a] += lw + 2.0 * sp.label_pad;
                top + (h - lh) / 2.0
            };
            labels[k] = Some(Rect {
                x: lx,
                y: ly,
                width: lw,
                height: lh,
            });
        }
        right_extent = right_extent.max(right + loop_room[a]);
    }
    let items_out = (0..n)
        .map(|v| {
            let xv = if items[v].role == Role::Box || items[v].role == Role::Title {
                left(v)
            } else {
                x[v]
            };
            Point {
                x: xv,
                y: node_top(v),
            }
        })
        .collect();
    Ok(Placed {
        width: right_extent,
        height: total_height,
        items: items_out,
        routes,
        labels,
        dummies: made,
        order_crossings,
    })
}

/// Ranks, dummies and order for one ranking of the boxes.
struct Arranged {
    layer_count: usize,
    layer_of: Vec<usize>,
    width: Vec<f64>,
    height: Vec<f64>,
    is_dummy: Vec<bool>,
    label_of: Vec<Option<usize>>,
    chain_segments: Vec<std::ops::Range<usize>>,
    fixed_upper: Vec<bool>,
    fixed_lower: Vec<bool>,
    facing: Vec<(bool, bool)>,
    g: Layered,
    total: usize,
    order_crossings: u64,
    /// The runs of border chains crossing reduction ordered as one, if any.
    bundles: Option<order::Bundles>,
}

/// Steps 1 (border ports to the extreme ranks) to 3 (order) for the given box ranks.
fn arrange(
    items: &[Item],
    edges: &[Edge],
    oriented: &[(usize, usize)],
    box_ranks: &[i32],
    sp: &Spacing,
    effort: order::Effort,
    (budget, made): (&DummyBudget, &mut usize),
) -> Result<Arranged, OverBudget> {
    let n = items.len();
    let is_box = |i: usize| items[i].role == Role::Box;
    let labelled_port = |role: Role| {
        edges.iter().zip(oriented).any(|(e, &(a, b))| {
            e.label.is_some() && (items[a].role == role || items[b].role == role)
        })
    };
    let has_north = items.iter().any(|i| i.role == Role::North);
    let north_offset = if has_north {
        1 + usize::from(labelled_port(Role::North))
    } else {
        0
    };
    let max_box = (0..n)
        .filter(|&i| is_box(i))
        .map(|i| box_ranks[i] as usize)
        .max()
        .unwrap_or(0)
        + north_offset;
    let south_rank = max_box + 1 + usize::from(labelled_port(Role::South));
    let has_south = items.iter().any(|i| i.role == Role::South);
    let layer_count = if has_south {
        south_rank + 1
    } else {
        max_box + 1
    };
    let rank: Vec<usize> = (0..n)
        .map(|i| match items[i].role {
            // West and East are never item roles; they rank as boxes.
            Role::Box | Role::West | Role::East => box_ranks[i] as usize + north_offset,
            Role::North | Role::Title => 0,
            Role::South => south_rank,
        })
        .collect();

    // 2. Dummies: one per rank crossed; the label dummy sits in the middle.
    let mut layer_of = rank.clone();
    let mut width: Vec<f64> = items.iter().map(|i| i.width).collect();
    let mut height: Vec<f64> = items.iter().map(|i| i.height).collect();
    let mut is_dummy = vec![false; n];
    let mut label_of: Vec<Option<usize>> = vec![None; n];
    // One edge's chain of nodes at a time (the segments keep it).
    let mut chain: Vec<usize> = Vec::new();
    let mut chain_segments: Vec<std::ops::Range<usize>> = Vec::with_capacity(edges.len());
    let mut segments = Vec::new();
    // Per segment: whether its upper (lower) end attaches at a fixed point, and whether
    // that point is on the side the segment leaves by (not reached by a detour).
    let mut fixed_upper = Vec::new();
    let mut fixed_lower = Vec::new();
    let mut facing = Vec::new();
    for (k, (e, &(top, bottom))) in edges.iter().zip(oriented).enumerate() {
        if top == bottom {
            chain_segments.push(0..0);
            continue;
        }
        let (r0, r1) = (rank[top], rank[bottom]);
        let span = r1.saturating_sub(r0);
        let mid = r0 + span / 2;
        chain.clear();
        chain.push(top);
        // This edge's dummies, taken from the budget beyond what the level took already.
        let needed = layer_of.len() - n + span.saturating_sub(1);
        if needed > *made {
            if !budget.take(needed - *made) {
                return Err(OverBudget);
            }
            *made = needed;
        }
        for r in r0 + 1..r1 {
            let d = layer_of.len();
            layer_of.push(r);
            is_dummy.push(true);
            match (e.label, r == mid) {
                (Some((lw, lh)), true) => {
                    width.push(sp.track_gap + lw + sp.label_pad * 2.0);
                    // Along its arrow a label needs no padding on the grid: the arrow's
                    // own line runs beside it, a cell away.
                    height.push(lh + if sp.grid { 0.0 } else { sp.label_pad * 2.0 });
                    label_of.push(Some(k));
                }
                _ => {
                    width.push(0.0);
                    height.push(0.0);
                    label_of.push(None);
                }
            }
            chain.push(d);
        }
        chain.push(bottom);
        let (top_at, bottom_at) = if e.reversed {
            (e.to_at, e.from_at)
        } else {
            (e.from_at, e.to_at)
        };
        let (top_side, bottom_side) = if e.reversed {
            (e.to_side, e.from_side)
        } else {
            (e.from_side, e.to_side)
        };
        // Where along the side an end attaches, for the ordering: a flank counts as the
        // box's left or right end.
        let at = |side: Option<Role>, at: Option<f64>, w: f64| match side {
            Some(Role::West) => 0.0,
            Some(Role::East) => 1.0,
            _ => fraction(at, w),
        };
        let first = segments.len();
        for (i, pair) in chain.windows(2).enumerate() {
            let (is_first, is_last) = (i == 0, i + 2 == chain.len());
            let upper_at = if is_first {
                at(top_side, top_at, width[top])
            } else {
                0.5
            };
            let lower_at = if is_last {
                at(bottom_side, bottom_at, width[bottom])
            } else {
                0.5
            };
            segments.push(Segment {
                upper: pair[0],
                lower: pair[1],
                upper_at,
                lower_at,
            });
            fixed_upper.push(is_first && top_at.is_some());
            fixed_lower.push(is_last && bottom_at.is_some());
            facing.push((
                is_first && top_at.is_some() && top_side == Some(Role::South),
                is_last && bottom_at.is_some() && bottom_side == Some(Role::North),
            ));
        }
        chain_segments.push(first..segments.len());
    }
    let total = layer_of.len();
    let pinned: Vec<bool> = (0..total)
        .map(|v| v < n && items[v].role == Role::Title)
        .collect();
    let mut g = Layered::new(layer_of.clone(), layer_count, segments, pinned);

    // 3. Order.
    let kinds: Vec<order::Kind> = (0..total)
        .map(|v| {
            if v < n && matches!(items[v].role, Role::North | Role::South) {
                order::Kind::Port
            } else if is_dummy[v] && label_of[v].is_none() {
                order::Kind::Line
            } else {
                order::Kind::Other
            }
        })
        .collect();
    let (order_crossings, bundles) = order::order(&mut g, effort, &kinds);
    Ok(Arranged {
        layer_count,
        layer_of,
        width,
        height,
        is_dummy,
        label_of,
        chain_segments,
        fixed_upper,
        fixed_lower,
        facing,
        g,
        total,
        order_crossings,
        bundles,
    })
}

/// Brandes–Köpf on the bundled graph of crossing reduction: each run of border chains is
/// one rigid node, as wide as its lines; they keep their distances across it. A line's
/// distance from the previous one is where it reaches the target less where that one
/// does, and at least the separation of two neighbours: lines to a declared port run
/// straight into it, and the others stand as close as neighbours may. The run is aligned
/// on its middle line, which takes its attachments (see `order::Bundles`). `e` is the full
/// graph's, as for `bk::positions`; returns the full graph's anchors.
fn bundled_positions(b: &order::Bundles, full: &Layered, e: &bk::Extents) -> Vec<f64> {
    let bg = b.graph();
    let m = bg.layer_of.len();
    // Per node of the bundled graph: its lines' distances from its first, one after the
    // other (`start[v]..start[v + 1]`), and its first and last lines.
    let mut distance: Vec<f64> = Vec::with_capacity(full.layer_of.len());
    let mut start = Vec::with_capacity(m + 1);
    let mut outer = vec![(0, 0); m];
    let mut reach = vec![(0.0, 0.0); m];
    let mut lines: Vec<usize> = Vec::new();
    let mut middle = vec![0.0; m];
    for v in 0..m {
        start.push(distance.len());
        lines.clear();
        lines.extend(b.lines(v));
        let at = b.ends(v).map(|(s, line)| {
            let seg = full.segments[s];
            if seg.upper == line {
                e.offsets[s].1
            } else {
                e.offsets[s].0
            }
        });
        let mut previous: Option<(usize, f64, f64)> = None;
        for (&l, target) in lines.iter().zip(at.chain(std::iter::repeat(0.0))) {
            let d = match previous {
                None => 0.0,
                Some((p, d, t)) => d + (target - t).max(e.right[p] + e.left[l] + (e.gap)(p, l)),
            };
            distance.push(d);
            previous = Some((l, d, target));
        }
        let (first, last) = (lines[0], lines[lines.len() - 1]);
        let line_distances = &distance[start[v]..];
        let mid = line_distances[(lines.len() - 1) / 2];
        middle[v] = mid;
        outer[v] = (first, last);
        reach[v] = (
            mid + e.left[first],
            line_distances[lines.len() - 1] - mid + e.right[last],
        );
    }
    start.push(distance.len());
    let (reach_left, reach_right): (Vec<f64>, Vec<f64>) = reach.into_iter().unzip();
    let is_dummy: Vec<bool> = outer.iter().map(|&(first, _)| e.dummy[first]).collect();
    let bundled_gap = |a: usize, c: usize| (e.gap)(outer[a].1, outer[c].0);
    let bundled_offsets: Vec<(f64, f64)> = (0..bg.segments.len())
        .map(|s| e.offsets[b.segment_of(s)])
        .collect();
    let xb = bk::positions(
        bg,
        &bk::Extents {
            left: &reach_left,
            right: &reach_right,
            dummy: &is_dummy,
            gap: &bundled_gap,
            offsets: &bundled_offsets,
        },
    );
    let mut x = vec![0.0; full.layer_of.len()];
    for v in 0..m {
        for (l, d) in b.lines(v).zip(&distance[start[v]..start[v + 1]]) {
            x[l] = xb[v] - middle[v] + d;
        }
    }
    x
}

/// How a route reaches an end attached away from the side it uses.
#[derive(Clone, Copy, Debug)]
enum Detour {
    /// Round the box to a port on its far side, through the gap at `gap`.
    Over { port: f64, gap: f64 },
    /// Straight out of the flank at `side`, `along` from the box's top, to the gap.
    Flank { side: f64, along: f64, gap: f64 },
}

impl Detour {
    fn gap(self) -> f64 {
        match self {
            Detour::Over { gap, .. } | Detour::Flank { gap, .. } => gap,
        }
    }
}

fn fraction(at: Option<f64>, width: f64) -> f64 {
    match at {
        Some(a) if width > 0.0 => (a / width).clamp(0.0, 1.0),
        _ => 0.5,
    }
}

/// Removes repeated points and the middle of three collinear points.
pub(crate) fn simplify(mut points: Vec<Point>) -> Vec<Point> {
    // In place: the kept points are `points[..kept]`, and `kept` never passes the reader.
    let mut kept = 0;
    for i in 0..points.len() {
        let p = points[i];
        if kept > 0 {
            let q = points[kept - 1];
            if (q.x - p.x).abs() < 1e-9 && (q.y - p.y).abs() < 1e-9 {
                continue;
            }
        }
        if kept >= 2 {
            let (a, b) = (points[kept - 2], points[kept - 1]);
            let collinear = ((a.x - b.x).abs() < 1e-9 && (b.x - p.x).abs() < 1e-9)
                || ((a.y - b.y).abs() < 1e-9 && (b.y - p.y).abs() < 1e-9);
            if collinear {
                kept -= 1;
            }
        }
        points[kept] = p;
        kept += 1;
    }
    points.truncate(kept);
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::metrics::{Metrics, PixelMetrics};

    /// The shared dummy budget: takes within the limit succeed, the first that goes over
    /// fails and leaves it exhausted, and every later take fails.
    #[test]
    fn the_dummy_budget_stops_every_level_once_one_goes_over() {
        let budget = DummyBudget::new(10);
        assert!(budget.take(4) && budget.take(6));
        assert!(!budget.exhausted());
        assert!(!budget.take(1));
        assert!(budget.exhausted());
        assert!(!budget.take(1));
    }

    fn item(width: f64, role: Role, ports: Vec<(bool, f64)>) -> Item {
        Item {
            width,
            height: if role == Role::Box { 40.0 } else { 0.0 },
            role,
            frame: false,
            ports,
        }
    }

    fn edge(from: usize, to: usize, to_at: Option<f64>) -> Edge {
        Edge {
            from,
            to,
            reversed: false,
            from_at: None,
            to_at,
            label: None,
            from_side: None,
            // A fixed attachment on the top, as the engine gives it.
            to_side: to_at.map(|_| Role::North),
        }
    }

    /// Border arrows into a box's declared ports, side by side along its top, are one
    /// bundle on large diagrams: each still runs straight down into its port, and the
    /// drawing holds no other arrow between them.
    #[test]
    fn bundled_border_arrows_run_straight_into_their_ports() {
        let places = [20.0, 60.0, 100.0];
        let ports: Vec<(bool, f64)> = places.iter().map(|&at| (false, at)).collect();
        let mut items = vec![
            item(200.0, Role::Box, ports),
            item(80.0, Role::Box, Vec::new()),
        ];
        let mut edges = vec![edge(1, 0, Some(180.0))];
        for &at in &places {
            items.push(item(0.0, Role::North, Vec::new()));
            edges.push(edge(items.len() - 1, 0, Some(at)));
        }
        let effort = order::Effort::LARGE;
        let placed = layout(
            &items,
            &edges,
            &PixelMetrics.spacing(),
            effort,
            &DummyBudget::new(1000),
        )
        .unwrap();
        let target = placed.items[0];
        for (k, &at) in places.iter().enumerate() {
            let route = &placed.routes[k + 1];
            assert!(
                route.iter().all(|p| (p.x - (target.x + at)).abs() < 1e-9),
                "arrow {k}: {route:?}, target at {target:?}"
            );
        }
    }
}
