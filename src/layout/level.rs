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
}

#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub width: f64,
    pub height: f64,
    pub role: Role,
}

#[derive(Clone, Debug)]
pub(crate) struct Edge {
    pub from: usize,
    pub to: usize,
    /// Drawn against the ranking (from below to above).
    pub reversed: bool,
    /// A fixed attachment, as an offset from the item's left side.
    pub from_at: Option<f64>,
    pub to_at: Option<f64>,
    /// The label's size.
    pub label: Option<(f64, f64)>,
    /// The side a fixed attachment is on, when it may not be the side the edge leaves or
    /// enters by (a port shared by arrows going both ways): the route then goes round the
    /// box through the gap beside it.
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
    /// How many dummy nodes were made (for the size limit).
    pub dummies: usize,
}

/// The maximum exchanges of network simplex per level: enough for a good ranking of
/// diagrams, bounded for huge graphs.
const SIMPLEX_ITERATIONS: usize = 4000;

pub(crate) fn layout(
    items: &[Item],
    edges: &[Edge],
    sp: &Spacing,
    effort: order::Effort,
    dummy_budget: usize,
) -> Result<Placed, usize> {
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
    let box_ranks = simplex::rank(n, &constraints, SIMPLEX_ITERATIONS);
    let labelled_port = |role: Role| {
        edges.iter().zip(&oriented).any(|(e, &(a, b))| {
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
            Role::Box => box_ranks[i] as usize + north_offset,
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
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    let mut chain_segments: Vec<std::ops::Range<usize>> = Vec::with_capacity(edges.len());
    let mut segments = Vec::new();
    // Per segment: whether its upper (lower) end attaches at a fixed point.
    let mut fixed_upper = Vec::new();
    let mut fixed_lower = Vec::new();
    for (k, (e, &(top, bottom))) in edges.iter().zip(&oriented).enumerate() {
        if top == bottom {
            chains.push(Vec::new());
            chain_segments.push(0..0);
            continue;
        }
        let (r0, r1) = (rank[top], rank[bottom]);
        let span = r1.saturating_sub(r0);
        let mid = r0 + span / 2;
        let mut chain = vec![top];
        for r in r0 + 1..r1 {
            if layer_of.len() - n >= dummy_budget {
                return Err(layer_of.len() - n);
            }
            let d = layer_of.len();
            layer_of.push(r);
            is_dummy.push(true);
            match (e.label, r == mid) {
                (Some((lw, lh)), true) => {
                    width.push(sp.track_gap + lw + sp.label_pad * 2.0);
                    height.push(lh + sp.label_pad * 2.0);
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
        let first = segments.len();
        for (i, pair) in chain.windows(2).enumerate() {
            let (is_first, is_last) = (i == 0, i + 2 == chain.len());
            let upper_at = if is_first {
                fraction(top_at, width[top])
            } else {
                0.5
            };
            let lower_at = if is_last {
                fraction(bottom_at, width[bottom])
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
        }
        chain_segments.push(first..segments.len());
        chains.push(chain);
    }
    let total = layer_of.len();
    let dummies = total - n;
    let pinned: Vec<bool> = (0..total)
        .map(|v| v < n && items[v].role == Role::Title)
        .collect();
    let mut g = Layered::new(layer_of.clone(), layer_count, segments, pinned);

    // 3. Order.
    order::order(&mut g, effort);

    // 4. x: self-loops reserve room on their box's right.
    let mut loops = vec![0usize; n];
    let mut loop_room = vec![0.0f64; n];
    for (e, &(a, b)) in edges.iter().zip(&oriented) {
        if a == b {
            loops[a] += 1;
            loop_room[a] +=
                sp.track_gap * 1.5 + e.label.map_or(0.0, |(lw, _)| lw + sp.label_pad * 2.0);
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
    let x = bk::positions(&g, &reach_left, &reach_right, &is_dummy, &gap);

    // 5. Attachment points along each box side, then tracks per channel.
    let left = |v: usize| x[v] - reach_left[v];
    let seg_count = g.segments.len();
    let mut upper_x = vec![0.0f64; seg_count];
    let mut lower_x = vec![0.0f64; seg_count];
    for v in 0..total {
        for (segs, is_upper_side) in [(&g.down[v], true), (&g.up[v], false)] {
            // Fixed attachments keep their place; free ones share the rest of the side,
            // sorted by where their other end is.
            let mut free: Vec<(f64, usize)> = Vec::new();
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
                    left(v) + at * width[v]
                } else {
                    free.push((x[other], s));
                    continue;
                };
                if is_upper_side {
                    upper_x[s] = px;
                } else {
                    lower_x[s] = px;
                }
            }
            free.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let k = free.len();
            for (i, &(_, s)) in free.iter().enumerate() {
                let px = left(v) + width[v] * (i as f64 + 1.0) / (k as f64 + 1.0);
                if is_upper_side {
                    upper_x[s] = px;
                } else {
                    lower_x[s] = px;
                }
            }
        }
    }
    // Ends whose port is on the far side of their box: the segment leaves through the gap
    // to the right of the box instead, and the route goes round to the port.
    let mut detour_start: Vec<Option<(f64, f64)>> = vec![None; edges.len()];
    let mut detour_end: Vec<Option<(f64, f64)>> = vec![None; edges.len()];
    let right_gap = |v: usize| -> f64 {
        let r = layer_of[v];
        let layer = &g.layers[r];
        let i = layer.iter().position(|&w| w == v).unwrap_or(0);
        let right = left(v) + width[v];
        match layer.get(i + 1) {
            Some(&w) => right + (left(w) - right) / 2.0,
            None => right + sp.node_gap / 2.0,
        }
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
        if top_side == Some(Role::North) {
            let s = range.start;
            let v = g.segments[s].upper;
            detour_start[k] = Some((upper_x[s], right_gap(v)));
            upper_x[s] = right_gap(v);
        }
        if bottom_side == Some(Role::South) {
            let s = range.end - 1;
            let v = g.segments[s].lower;
            detour_end[k] = Some((lower_x[s], right_gap(v)));
            lower_x[s] = right_gap(v);
        }
    }
    let mut track = vec![0usize; seg_count];
    let mut tracks_in = vec![0usize; layer_count];
    for (r, layer) in g.layers.iter().enumerate() {
        let in_channel: Vec<usize> = layer
            .iter()
            .flat_map(|&v| g.down[v].iter().copied())
            .collect();
        let pins: Vec<(f64, f64)> = in_channel
            .iter()
            .map(|&s| (upper_x[s], lower_x[s]))
            .collect();
        let (tracks, count) = channel::assign(&pins, sp.track_gap);
        for (&s, t) in in_channel.iter().zip(tracks) {
            track[s] = t;
        }
        tracks_in[r] = count;
    }

    // 6. y: rank bands and channels.
    let mut band_top = vec![0.0f64; layer_count];
    let mut band_height = vec![0.0f64; layer_count];
    let mut y = 0.0;
    for r in 0..layer_count {
        band_top[r] = y;
        band_height[r] = g.layers[r].iter().map(|&v| height[v]).fold(0.0, f64::max);
        y += band_height[r];
        if r + 1 < layer_count {
            y += sp.rank_gap + tracks_in[r] as f64 * sp.track_gap;
        }
    }
    let total_height = y;
    let node_top = |v: usize| -> f64 {
        if v < n {
            match items[v].role {
                Role::North | Role::Title => 0.0,
                Role::South => total_height,
                Role::Box => band_top[layer_of[v]] + (band_height[layer_of[v]] - height[v]) / 2.0,
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
    let mut routes = vec![Vec::new(); edges.len()];
    let mut labels = vec![None; edges.len()];
    for (k, chain) in chains.iter().enumerate() {
        if chain.is_empty() {
            continue;
        }
        let mut points: Vec<Point> = Vec::new();
        for (i, pair) in chain.windows(2).enumerate() {
            let s = chain_segments[k].start + i;
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
            if i + 2 == chain.len() {
                points.push(Point {
                    x: xb,
                    y: node_top(pair[1]),
                });
            }
        }
        for &d in &chain[1..chain.len() - 1] {
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
        let d = sp.rank_gap / 4.0;
        if let Some((port_x, gap_x)) = detour_start[k] {
            let top = node_top(chain[0]);
            let mut head = vec![
                Point { x: port_x, y: top },
                Point {
                    x: port_x,
                    y: top - d,
                },
                Point {
                    x: gap_x,
                    y: top - d,
                },
            ];
            head.extend(points);
            points = head;
        }
        if let Some((port_x, gap_x)) = detour_end[k] {
            let bottom = node_bottom(chain[chain.len() - 1]);
            // Replace the arrival at the top by the way round to the bottom.
            points.pop();
            points.push(Point {
                x: gap_x,
                y: bottom + d,
            });
            points.push(Point {
                x: port_x,
                y: bottom + d,
            });
            points.push(Point {
                x: port_x,
                y: bottom,
            });
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
        let out = right + sp.track_gap * 1.5 * (i as f64 + 1.0);
        let (top, h) = (node_top(a), height[a].max(1.0));
        let bottom = top + h;
        let step = sp.rank_gap / 4.0;
        let y0 = top + h * (0.5 - 0.35 * (i as f64 + 1.0) / (loops[a] as f64 + 1.0));
        let y1 = top + h * (0.5 + 0.35 * (i as f64 + 1.0) / (loops[a] as f64 + 1.0));
        // One end: at a port (out of its side, then across to the loop's column) or on
        // the right side.
        let end = |at: Option<f64>, side: Option<Role>, y_side: f64| -> Vec<Point> {
            match (at, side) {
                (Some(at), Some(side)) => {
                    let (edge_y, out_y) = if side == Role::North {
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
        let mut points = end(e.from_at, e.from_side, y0);
        let mut back = end(e.to_at, e.to_side, y1);
        back.reverse();
        points.extend(back);
        routes[k] = simplify(points);
        if let Some((lw, lh)) = e.label {
            let lx = right + sp.track_gap * 1.5 * loops[a] as f64 + sp.label_pad + label_offset[a];
            label_offset[a] += lw + 2.0 * sp.label_pad;
            labels[k] = Some(Rect {
                x: lx,
                y: top + (h - lh) / 2.0,
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
        dummies,
    })
}

fn fraction(at: Option<f64>, width: f64) -> f64 {
    match at {
        Some(a) if width > 0.0 => (a / width).clamp(0.0, 1.0),
        _ => 0.5,
    }
}

/// Removes repeated points and the middle of three collinear points.
pub(crate) fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out
            .last()
            .is_some_and(|q: &Point| (q.x - p.x).abs() < 1e-9 && (q.y - p.y).abs() < 1e-9)
        {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let collinear = ((a.x - b.x).abs() < 1e-9 && (b.x - p.x).abs() < 1e-9)
                || ((a.y - b.y).abs() < 1e-9 && (b.y - p.y).abs() < 1e-9);
            if collinear {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
