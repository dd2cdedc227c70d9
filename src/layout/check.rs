//! The layout's invariants, checked on a finished [`Geometry`], and the quality metrics the
//! benchmark reports. Used by the tests (on every example and on random diagrams) and by
//! the benchmark (on every graph of the corpus).

use super::{Geometry, Point, Rect};
use crate::model::Diagram;

/// Every broken invariant, in words; empty when the geometry is sound.
pub fn violations(diagram: &Diagram, g: &Geometry) -> Vec<String> {
    let mut out = Vec::new();
    let name = |i: usize| diagram.nodes[i].qualified.clone();
    let finite = |r: &Rect| {
        r.x.is_finite() && r.y.is_finite() && r.width.is_finite() && r.height.is_finite()
    };
    for n in &g.nodes {
        if !finite(&n.rect) || n.rect.width < 0.0 || n.rect.height < 0.0 {
            out.push(format!("{}: box is not finite", name(n.node.0)));
        }
    }
    for e in &g.edges {
        if e.points
            .iter()
            .any(|p| !p.x.is_finite() || !p.y.is_finite())
        {
            out.push(format!("arrow {}: a point is not finite", e.arrow.0));
        }
    }
    if !out.is_empty() {
        return out;
    }
    let related = |a: usize, b: usize| {
        a == b
            || diagram.encloses(crate::model::NodeId(a), crate::model::NodeId(b))
            || diagram.encloses(crate::model::NodeId(b), crate::model::NodeId(a))
    };
    let index = Grid::new(g.nodes.iter().map(|n| n.rect).collect());
    // Boxes: unrelated boxes do not overlap.
    for (i, n) in g.nodes.iter().enumerate() {
        for j in index.query(&n.rect) {
            if j > i && !related(i, j) && n.rect.overlaps(&g.nodes[j].rect) {
                out.push(format!("{} overlaps {}", name(i), name(j)));
            }
        }
    }
    // Children inside their frame, clear of its title.
    for n in &g.nodes {
        if let Some(parent) = diagram.nodes[n.node.0].parent {
            let frame = &g.nodes[parent.0];
            if !frame.rect.contains(&n.rect) {
                out.push(format!(
                    "{} is not inside {}",
                    name(n.node.0),
                    name(parent.0)
                ));
            }
            if frame.title.is_some_and(|t| t.overlaps(&n.rect)) {
                out.push(format!(
                    "{} overlaps the title of {}",
                    name(n.node.0),
                    name(parent.0)
                ));
            }
        }
    }
    // Routes: orthogonal, from border to border, through no unrelated box.
    for e in &g.edges {
        let arrow = diagram.arrow(e.arrow);
        let (u, v) = (arrow.from.node.0, arrow.to.node.0);
        let what = format!("arrow {} ({} -> {})", e.arrow.0, name(u), name(v));
        if e.points.len() < 2 {
            out.push(format!("{what}: fewer than two points"));
            continue;
        }
        for w in e.points.windows(2) {
            if (w[0].x - w[1].x).abs() > 1e-6 && (w[0].y - w[1].y).abs() > 1e-6 {
                out.push(format!("{what}: a segment is not orthogonal"));
            }
        }
        let start = e.points[0];
        let end = *e.points.last().unwrap_or(&start);
        let on_end = |p: Point, node: usize, port: Option<usize>| match port {
            Some(port) => g.nodes[node]
                .ports
                .iter()
                .find(|pb| pb.port == port)
                .is_some_and(|pb| inside(p, &pb.rect)),
            None => on_border(p, &g.nodes[node].rect),
        };
        if !on_end(start, u, arrow.from.port) {
            out.push(format!("{what}: does not start on its source's border"));
        }
        if !on_end(end, v, arrow.to.port) {
            out.push(format!("{what}: does not end on its target's border"));
        }
        for w in e.points.windows(2) {
            let seg = Rect {
                x: w[0].x.min(w[1].x),
                y: w[0].y.min(w[1].y),
                width: (w[0].x - w[1].x).abs(),
                height: (w[0].y - w[1].y).abs(),
            };
            for j in index.query(&seg) {
                if related(j, u) || related(j, v) {
                    continue;
                }
                if crosses(w[0], w[1], &g.nodes[j].rect) {
                    out.push(format!("{what}: passes through {}", name(j)));
                }
            }
        }
    }
    // Labels: on no box (except inside enclosing frames' content) and on no other label.
    let labels: Vec<(usize, Rect)> = g
        .edges
        .iter()
        .filter_map(|e| e.label.map(|l| (e.arrow.0, l)))
        .collect();
    for &(a, l) in &labels {
        for j in index.query(&l) {
            let n = &g.nodes[j];
            if !l.overlaps(&n.rect) {
                continue;
            }
            let encloses =
                n.frame && n.rect.contains(&l) && !n.title.is_some_and(|t| t.overlaps(&l));
            if !encloses {
                out.push(format!("the label of arrow {a} overlaps {}", name(j)));
            }
        }
    }
    let label_index = Grid::new(labels.iter().map(|l| l.1).collect());
    for (i, &(a, l)) in labels.iter().enumerate() {
        for j in label_index.query(&l) {
            if j > i && l.overlaps(&labels[j].1) {
                out.push(format!(
                    "the labels of arrows {a} and {} overlap",
                    labels[j].0
                ));
            }
        }
    }
    out
}

fn inside(p: Point, r: &Rect) -> bool {
    const E: f64 = 1e-6;
    p.x >= r.x - E && p.x <= r.right() + E && p.y >= r.y - E && p.y <= r.bottom() + E
}

fn on_border(p: Point, r: &Rect) -> bool {
    const E: f64 = 1e-6;
    inside(p, r)
        && ((p.x - r.x).abs() < E
            || (p.x - r.right()).abs() < E
            || (p.y - r.y).abs() < E
            || (p.y - r.bottom()).abs() < E)
}

/// Whether the orthogonal segment a-b passes through the interior of `r`.
fn crosses(a: Point, b: Point, r: &Rect) -> bool {
    const E: f64 = 1e-6;
    if (a.x - b.x).abs() < E {
        let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
        a.x > r.x + E && a.x < r.right() - E && y0 < r.bottom() - E && y1 > r.y + E
    } else {
        let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
        a.y > r.y + E && a.y < r.bottom() - E && x0 < r.right() - E && x1 > r.x + E
    }
}

/// Quality figures of a drawing.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Metrics {
    pub crossings: u64,
    pub bends: u64,
    pub length: f64,
    pub area: f64,
}

/// Crossings between routes (proper crossings of a horizontal and a vertical segment of
/// two different arrows), bends, total route length and drawing area.
pub fn metrics(g: &Geometry) -> Metrics {
    let mut m = Metrics {
        area: g.width * g.height,
        ..Metrics::default()
    };
    let mut horizontal: Vec<(f64, f64, f64, usize)> = Vec::new();
    let mut vertical: Vec<(f64, f64, f64, usize)> = Vec::new();
    for (k, e) in g.edges.iter().enumerate() {
        m.bends += e.points.len().saturating_sub(2) as u64;
        for w in e.points.windows(2) {
            m.length += (w[0].x - w[1].x).abs() + (w[0].y - w[1].y).abs();
            if (w[0].y - w[1].y).abs() < 1e-9 {
                horizontal.push((w[0].y, w[0].x.min(w[1].x), w[0].x.max(w[1].x), k));
            } else {
                vertical.push((w[0].x, w[0].y.min(w[1].y), w[0].y.max(w[1].y), k));
            }
        }
    }
    m.crossings = polyline_crossings(&horizontal, &vertical);
    m
}

/// Counts proper crossings between horizontal segments `(y, x0, x1, edge)` and vertical
/// segments `(x, y0, y1, edge)` of different edges, with a sweep over x.
pub fn polyline_crossings(
    horizontal: &[(f64, f64, f64, usize)],
    vertical: &[(f64, f64, f64, usize)],
) -> u64 {
    const E: f64 = 1e-6;
    let mut verticals: Vec<&(f64, f64, f64, usize)> = vertical.iter().collect();
    verticals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut count = 0;
    for h in horizontal {
        let start = verticals.partition_point(|v| v.0 <= h.1 + E);
        for v in &verticals[start..] {
            if v.0 >= h.2 - E {
                break;
            }
            if v.3 != h.3 && h.0 > v.1 + E && h.0 < v.2 - E {
                count += 1;
            }
        }
    }
    count
}

/// A uniform grid over rectangles, for finding the ones near a query.
struct Grid {
    rects: Vec<Rect>,
    cell: f64,
    cells: std::collections::HashMap<(i64, i64), Vec<usize>>,
}

impl Grid {
    fn new(rects: Vec<Rect>) -> Grid {
        let n = rects.len().max(1) as f64;
        let mean = rects.iter().map(|r| r.width.max(r.height)).sum::<f64>() / n;
        let cell = mean.max(1.0) * 2.0;
        let mut cells: std::collections::HashMap<(i64, i64), Vec<usize>> = Default::default();
        for (i, r) in rects.iter().enumerate() {
            // Big frames go into many cells; cap the work by skipping none (frames are few).
            for key in Self::keys(r, cell) {
                cells.entry(key).or_default().push(i);
            }
        }
        Grid { rects, cell, cells }
    }

    fn keys(r: &Rect, cell: f64) -> impl Iterator<Item = (i64, i64)> {
        let (x0, x1) = (
            (r.x / cell).floor() as i64,
            (r.right() / cell).floor() as i64,
        );
        let (y0, y1) = (
            (r.y / cell).floor() as i64,
            (r.bottom() / cell).floor() as i64,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// Indices of rectangles that may touch `r`, each once, ascending.
    fn query(&self, r: &Rect) -> Vec<usize> {
        let mut found: Vec<usize> = Self::keys(r, self.cell)
            .filter_map(|k| self.cells.get(&k))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        let _ = &self.rects;
        found
    }
}
