//! Phase 3: the checked [`Diagram`] to a [`Geometry`]: a box for every component, port and
//! group frame, an orthogonal route for every arrow, a box for every label.
//!
//! **Contract.** [`layout`] is deterministic (same diagram and metrics, same bytes of
//! output, on any machine) and never panics; a diagram too large to lay out in bounded time
//! gives a [`LayoutError`].
//!
//! **Method.** A compound graph is laid out recursively, one level per container (the
//! root, every group and every host with children): each level is a flat layered graph of
//! the container's children ([`level`]), and a laid-out container becomes one box of its
//! parent's level. An arrow that crosses a frame is split into pieces, one per level it
//! crosses, joined at virtual ports on the frame's border. Whether an arrow points down or
//! up is decided once, by cycle breaking at the level of its endpoints' lowest common
//! container, before any level is laid out, so every piece of it agrees on the side of the
//! frames it leaves and enters.
//!
//! **Invariants** (checked by [`check::violations`] in the tests): boxes of siblings do not
//! overlap; a child lies inside its frame, below the frame's title; a route starts and ends
//! on its endpoints' borders (at the port when it has one) and crosses no box except its
//! endpoints and their enclosing frames; labels overlap no box and no other label; every
//! coordinate is finite.

mod acyclic;
mod bk;
mod channel;
pub mod check;
mod level;
pub mod metrics;
mod order;
mod simplex;

use crate::model::schema::Family;
use crate::model::{ArrowId, Diagram, Direction, NodeId};
use level::{Edge, Item, Role};
use metrics::{wrap, Metrics, Spacing};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A point; y grows downwards.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// An axis-aligned rectangle given by its top-left corner and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Whether the interiors of the two rectangles overlap.
    pub fn overlaps(&self, other: &Rect) -> bool {
        const E: f64 = 1e-6;
        self.x < other.right() - E
            && other.x < self.right() - E
            && self.y < other.bottom() - E
            && other.y < self.bottom() - E
    }

    /// Whether `other` lies inside this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        const E: f64 = 1e-6;
        other.x >= self.x - E
            && other.y >= self.y - E
            && other.right() <= self.right() + E
            && other.bottom() <= self.bottom() + E
    }
}

/// The side of a box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Top,
    Bottom,
    Left,
    Right,
}

/// The laid-out diagram that every renderer reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    pub width: f64,
    pub height: f64,
    /// One box per declaration, in declaration order.
    pub nodes: Vec<NodeBox>,
    /// One route per arrow, in arrow order.
    pub edges: Vec<EdgeRoute>,
    /// Figures about how the layout was made.
    pub stats: Stats,
}

/// Figures about how a layout was made, for benchmarks and diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Crossings between adjacent layers in the chosen orders, summed over all levels
    /// (the routes may add crossings where pins interleave in a channel).
    pub order_crossings: u64,
    /// Dummy nodes made for long arrows and labels (per level, by the most demanding of
    /// the rankings it tried), the figure the size limit counts.
    pub dummies: usize,
}

/// A declaration's box: a component, or a frame around a container's content.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    pub node: NodeId,
    pub rect: Rect,
    /// Whether this is a frame around other boxes.
    pub frame: bool,
    /// A frame's title area.
    pub title: Option<Rect>,
    /// The lines of the box's label (or the frame's title), as wrapped for its width.
    pub lines: Vec<String>,
    pub ports: Vec<PortBox>,
}

/// A port's square on its component's border.
#[derive(Clone, Debug, PartialEq)]
pub struct PortBox {
    /// The index of the port in the node's ports.
    pub port: usize,
    pub rect: Rect,
    pub side: Side,
}

/// An arrow's route.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeRoute {
    pub arrow: ArrowId,
    /// Orthogonal polyline from the source's border to the target's border.
    pub points: Vec<Point>,
    pub label: Option<Rect>,
}

/// Why a diagram cannot be laid out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayoutError {
    TooLarge {
        what: &'static str,
        count: usize,
        limit: usize,
    },
    /// The levels would need more dummy nodes (one per rank an arrow crosses) than the
    /// limit, over the whole diagram.
    TooManyDummies { limit: usize },
    /// A drawing on the character grid would take more cells than the limit (the
    /// smallest of the drawings tried).
    TooManyCells {
        columns: usize,
        rows: usize,
        limit: usize,
    },
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LayoutError::TooLarge { what, count, limit } => {
                write!(
                    f,
                    "the diagram is too large to lay out: {count} {what}, the limit is {limit}"
                )
            }
            LayoutError::TooManyDummies { limit } => {
                write!(
                    f,
                    "the diagram is too large to lay out: its arrows would cross more than \
                     {limit} ranks in all"
                )
            }
            LayoutError::TooManyCells {
                columns,
                rows,
                limit,
            } => write!(
                f,
                "the diagram is too large to draw in a terminal: its drawing would be {columns} columns by {rows} rows, more than the limit of {limit} cells"
            ),
        }
    }
}

/// The most declarations a diagram may have to be laid out.
pub const MAX_NODES: usize = 50_000;
/// The most arrows.
pub const MAX_ARROWS: usize = 100_000;
/// The most dummy nodes (one per rank an arrow crosses) over all levels.
pub const MAX_DUMMIES: usize = 2_000_000;

/// A container: the root (`None`) or a declaration with children.
type Level = Option<NodeId>;

/// A value per level, in an array: the root's first, then each declaration's by id.
#[derive(Clone, Debug)]
struct LevelMap<T>(Vec<Option<T>>);

impl<T> LevelMap<T> {
    fn new(nodes: usize) -> LevelMap<T> {
        LevelMap((0..=nodes).map(|_| None).collect())
    }

    fn slot(level: Level) -> usize {
        level.map_or(0, |n| n.0 + 1)
    }

    fn get(&self, level: Level) -> Option<&T> {
        self.0[Self::slot(level)].as_ref()
    }

    fn insert(&mut self, level: Level, value: T) {
        self.0[Self::slot(level)] = Some(value);
    }

    fn take(&mut self, level: Level) -> Option<T> {
        self.0[Self::slot(level)].take()
    }

    fn get_or_insert_default(&mut self, level: Level) -> &mut T
    where
        T: Default,
    {
        self.0[Self::slot(level)].get_or_insert_with(T::default)
    }

    fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().flatten()
    }
}

impl<T> std::ops::Index<Level> for LevelMap<T> {
    type Output = T;

    fn index(&self, level: Level) -> &T {
        self.get(level).expect("a level laid out before it is read")
    }
}

/// One end of an arrow's piece at one level.
#[derive(Clone, Copy, Debug, PartialEq)]
enum End {
    /// A child of the level (the arrow's endpoint, or a container holding it).
    Child(NodeId),
    /// The level's own border, on the side of the role.
    Border(Role),
}

#[derive(Clone, Debug)]
struct Piece {
    level: Level,
    from: End,
    to: End,
    reversed: bool,
    label: bool,
    /// The index of its edge among its level's edges (set when the level is laid out).
    edge: usize,
}

/// A container's layout: `placed` in the level's own orientation, the rest absolute.
#[derive(Clone, Debug, Default)]
struct Frame {
    placed: level::Placed,
    width: f64,
    height: f64,
    /// Where the content starts inside the frame.
    content: Point,
    /// For each arrow crossing the border: the side (absolute) and the offset along it.
    ports: IdMap<ArrowId, (Side, f64)>,
    /// The level items that are this level's border ports, per arrow.
    port_items: IdMap<ArrowId, usize>,
    /// Where the title starts, from the frame's left edge.
    title_x: f64,
}

/// A level ready for `level::layout`, with what its frame needs afterwards.
struct Prepared {
    level: Level,
    items: Vec<Item>,
    edges: Vec<Edge>,
    /// The items that are the level's border ports, per arrow.
    port_items: IdMap<ArrowId, usize>,
    title_width: f64,
    right: bool,
}

/// Lays the diagram out with the given metrics, on as many threads as the machine offers
/// (see `layout_on`).
pub fn layout(diagram: &Diagram, metrics: &dyn Metrics) -> Result<Geometry, LayoutError> {
    layout_on(diagram, metrics, 0)
}

/// Lays the diagram out with the given metrics on at most `threads` threads (0: as many
/// as the machine offers). The levels of containers of the same height (those holding no
/// container, then those holding only those, and so on) are independent, so a large
/// diagram's levels are laid out several at a time; the result is the same bytes
/// whatever the number of threads.
pub fn layout_on(
    diagram: &Diagram,
    metrics: &dyn Metrics,
    threads: usize,
) -> Result<Geometry, LayoutError> {
    if diagram.nodes.len() > MAX_NODES {
        return Err(LayoutError::TooLarge {
            what: "declarations",
            count: diagram.nodes.len(),
            limit: MAX_NODES,
        });
    }
    if diagram.arrows.len() > MAX_ARROWS {
        return Err(LayoutError::TooLarge {
            what: "arrows",
            count: diagram.arrows.len(),
            limit: MAX_ARROWS,
        });
    }
    Engine::new(diagram, metrics).run(threads, MAX_DUMMIES)
}

struct Engine<'a> {
    d: &'a Diagram,
    m: &'a dyn Metrics,
    sp: Spacing,
    /// Per level: laid out left to right (the level's own `direction`, else its parent's).
    level_right: LevelMap<bool>,
    /// Per node: the wrapped label lines and the box size (final orientation).
    lines: Vec<Vec<String>>,
    size: Vec<(f64, f64)>,
    /// Per arrow: drawn against the ranking at its common level.
    reversed: Vec<bool>,
    pieces: Vec<Vec<Piece>>,
    /// Per level: its pieces (arrow and index among the arrow's pieces), in arrow order.
    level_pieces: LevelMap<Vec<(ArrowId, usize)>>,
    frames: LevelMap<Frame>,
    /// Per leaf node with ports: the side (absolute), the offset along it of each port and
    /// how far the port reaches on from there (on the grid, a cell per arrow, a cell
    /// apart; nothing in pixels).
    port_places: IdMap<NodeId, Vec<(Side, f64, f64)>>,
    /// On the grid, per arrow end at a port (arrow, at its source): how far from the
    /// port's first cell it attaches.
    port_slots: IdMap<(ArrowId, bool), f64>,
    dummies: usize,
}

/// Each level's direction: a container's own `direction` attribute, else its parent's;
/// the root follows the diagram's `direction`.
fn level_directions(d: &Diagram) -> LevelMap<bool> {
    let mut right = LevelMap::new(d.nodes.len());
    right.insert(None, d.direction == Direction::Right);
    // Parents are declared before their children.
    for node in &d.nodes {
        let inherited = right[node.parent];
        let own = match node.attrs.get("direction") {
            Some(crate::model::AttrValue::Word(w)) => w == "right",
            _ => inherited,
        };
        right.insert(Some(node.id), own);
    }
    right
}

/// A side in a level's own orientation: transposed when the level runs left to right.
fn local_side(side: Side, right: bool) -> Side {
    match (side, right) {
        (s, false) => s,
        (Side::Top, true) => Side::Left,
        (Side::Bottom, true) => Side::Right,
        (Side::Left, true) => Side::Top,
        (Side::Right, true) => Side::Bottom,
    }
}

impl<'a> Engine<'a> {
    fn new(d: &'a Diagram, m: &'a dyn Metrics) -> Engine<'a> {
        let sp = m.spacing();
        Engine {
            d,
            m,
            sp,
            level_right: level_directions(d),
            lines: Vec::new(),
            size: Vec::new(),
            reversed: vec![false; d.arrows.len()],
            pieces: vec![Vec::new(); d.arrows.len()],
            level_pieces: LevelMap::new(d.nodes.len()),
            frames: LevelMap::new(d.nodes.len()),
            port_places: IdMap::default(),
            port_slots: IdMap::default(),
            dummies: 0,
        }
    }

    fn is_container(&self, id: NodeId) -> bool {
        !self.d.node(id).children.is_empty()
    }

    /// The child of `level` that is `id` or holds it.
    fn child_of(&self, level: Level, id: NodeId) -> NodeId {
        let mut current = id;
        while self.d.node(current).parent != level {
            current = self
                .d
                .node(current)
                .parent
                .expect("the level encloses the node");
        }
        current
    }

    /// The containers that hold `id`, nearest first, up to (not including) `stop`.
    fn holders(&self, id: NodeId, stop: Level) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut current = self.d.node(id).parent;
        while current != stop {
            let Some(c) = current else { break };
            out.push(c);
            current = self.d.node(c).parent;
        }
        out
    }

    /// The innermost container holding both `a` and `b` (`None`: the root).
    fn lca(&self, a: NodeId, b: NodeId) -> Level {
        let up = |l: Level| l.and_then(|n| self.d.node(n).parent);
        let depth = |mut l: Level| {
            let mut depth = 0;
            while l.is_some() {
                l = up(l);
                depth += 1;
            }
            depth
        };
        let (mut x, mut y) = (self.d.node(a).parent, self.d.node(b).parent);
        let (mut dx, mut dy) = (depth(x), depth(y));
        while dx > dy {
            x = up(x);
            dx -= 1;
        }
        while dy > dx {
            y = up(y);
            dy -= 1;
        }
        while x != y {
            x = up(x);
            y = up(y);
        }
        x
    }

    /// Lays out every level, on up to `threads` threads, refusing diagrams that need more
    /// than `dummy_limit` dummy nodes in all.
    fn run(mut self, threads: usize, dummy_limit: usize) -> Result<Geometry, LayoutError> {
        self.measure();
        self.plan();
        // Containers children-first: reverse declaration order puts children before
        // parents; the root comes last.
        let containers: Vec<NodeId> = self
            .d
            .nodes
            .iter()
            .rev()
            .filter(|n| self.is_container(n.id))
            .map(|n| n.id)
            .collect();
        self.place_ports();
        for a in &self.d.arrows {
            for (p, piece) in self.pieces[a.id.0].iter().enumerate() {
                self.level_pieces
                    .get_or_insert_default(piece.level)
                    .push((a.id, p));
            }
        }
        let effort = effort(self.d.nodes.len() + self.d.arrows.len(), self.sp.grid);
        for batch in batches(self.d, containers) {
            let prepared: Vec<Prepared> =
                batch.into_iter().map(|l| self.prepare_level(l)).collect();
            let left = dummy_limit.saturating_sub(self.dummies);
            let placed = lay_out_levels(&prepared, &self.sp, effort, left, threads);
            // A level stops only when the levels together need more dummies than were
            // left, whatever the threads did: the outcome is the same on any of them, and
            // the levels that all finish took no more than were left.
            for (p, placed) in prepared.into_iter().zip(placed) {
                let placed =
                    placed.map_err(|_| LayoutError::TooManyDummies { limit: dummy_limit })?;
                self.dummies += placed.dummies;
                self.finish_level(p, placed);
            }
        }
        Ok(self.compose())
    }

    /// Label lines and box sizes of every node (final orientation).
    fn measure(&mut self) {
        let sp = self.sp;
        let line = self.m.line_height();
        // Arrows that leave and enter each node: the side they share must hold them.
        let mut ends = vec![(0usize, 0usize); self.d.nodes.len()];
        let mut loops = vec![0usize; self.d.nodes.len()];
        let mut port_ends = vec![0usize; self.d.nodes.len()];
        for a in &self.d.arrows {
            ends[a.from.node.0].0 += 1;
            ends[a.to.node.0].1 += 1;
            for e in [a.from, a.to] {
                if e.port.is_some() {
                    port_ends[e.node.0] += 1;
                }
            }
            if a.from.node == a.to.node {
                loops[a.from.node.0] += 1;
            }
        }
        for node in &self.d.nodes {
            let text = node.display_label();
            if self.is_container(node.id) {
                let lines = wrap(text, sp.wrap_width * 2.0, self.m);
                let width = lines
                    .iter()
                    .map(|l| self.m.title_width(l))
                    .fold(0.0, f64::max);
                self.size.push((width, line * lines.len() as f64));
                self.lines.push(lines);
                continue;
            }
            let lines = wrap(text, sp.wrap_width, self.m);
            let text_width = lines
                .iter()
                .map(|l| self.m.text_width(l))
                .fold(0.0, f64::max);
            let inset = self.m.insets(node);
            let ports = node.ports.len() as f64;
            let mut width =
                (text_width + 2.0 * sp.box_pad_x + inset.left + inset.right).max(sp.min_width);
            width = width.max((ports + 1.0) * sp.port_size * 3.0);
            // Ports take a place on the side as an arrow does, used or not.
            let mut room = self
                .m
                .pin_room(ends[node.id.0].0.max(ends[node.id.0].1) + node.ports.len());
            if sp.grid && !node.ports.is_empty() {
                // Every arrow at a port has a cell of its own, a cell apart, the ports a
                // cell apart, none at a corner: all of them on one side if need be.
                let at_ports = (port_ends[node.id.0] + node.ports.len()) as f64;
                room = room.max(2.0 * at_ports + 1.0);
            }
            let mut height =
                (lines.len() as f64 * line + 2.0 * sp.box_pad_y + inset.top + inset.bottom)
                    .max(sp.min_height);
            if node.kind.family() == Family::Group {
                // An empty group: a frame with its title and room inside.
                height = height.max(line * 2.0 + 2.0 * sp.frame_pad);
            }
            if self.level_right.get(node.parent).copied().unwrap_or(false) {
                height = height.max(room);
            } else {
                width = width.max(room);
                // On the grid a self-loop leaves the right side by one row and comes back
                // by the next, between the corners.
                if sp.grid && loops[node.id.0] > 0 {
                    height = height.max(2.0 * loops[node.id.0] as f64 + 2.0);
                }
            }
            width = width.ceil();
            height = height.ceil();
            self.size.push((width, height));
            self.lines.push(lines);
        }
    }

    fn lr(&self, level: Level) -> bool {
        self.level_right[level]
    }

    /// A size in a level's own orientation.
    fn local(&self, (w, h): (f64, f64), right: bool) -> (f64, f64) {
        if right {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// Decides each arrow's direction and splits it into pieces, one per level.
    fn plan(&mut self) {
        let d = self.d;
        // Cycle breaking per common level, over the lifted edges of that level.
        let mut by_level: IdMap<Level, Vec<ArrowId>> = IdMap::default();
        for a in &d.arrows {
            let (u, v) = (a.from.node, a.to.node);
            if u != v && !d.encloses(u, v) && !d.encloses(v, u) {
                by_level.entry(self.lca(u, v)).or_default().push(a.id);
            }
        }
        let mut levels: Vec<(Level, Vec<ArrowId>)> = by_level.into_iter().collect();
        levels.sort_by_key(|(l, _)| l.map_or(0, |n| n.0 + 1));
        for (level, arrows) in levels {
            let children: Vec<NodeId> = level_children(d, level);
            let index: IdMap<NodeId, usize> =
                children.iter().enumerate().map(|(i, &c)| (c, i)).collect();
            let pairs: Vec<(usize, usize)> = arrows
                .iter()
                .map(|&a| {
                    let arrow = d.arrow(a);
                    (
                        index[&self.child_of(level, arrow.from.node)],
                        index[&self.child_of(level, arrow.to.node)],
                    )
                })
                .collect();
            for (a, r) in arrows
                .iter()
                .zip(acyclic::reversed_edges(children.len(), &pairs))
            {
                self.reversed[a.0] = r;
            }
        }
        for a in &d.arrows {
            let (u, v) = (a.from.node, a.to.node);
            let has_label = a.label.is_some();
            let mut pieces = Vec::new();
            if u == v {
                let level = d.node(u).parent;
                pieces.push(Piece {
                    level,
                    from: End::Child(u),
                    to: End::Child(u),
                    reversed: false,
                    label: has_label,
                    edge: 0,
                });
            } else if d.encloses(u, v) {
                // From a frame to something inside it: in through the frame's top.
                pieces.push(Piece {
                    level: Some(u),
                    from: End::Border(Role::North),
                    to: End::Child(self.child_of(Some(u), v)),
                    reversed: false,
                    label: has_label,
                    edge: 0,
                });
                for c in self.holders(v, Some(u)).into_iter().rev() {
                    pieces.push(Piece {
                        level: Some(c),
                        from: End::Border(Role::North),
                        to: End::Child(self.child_of(Some(c), v)),
                        reversed: false,
                        label: false,
                        edge: 0,
                    });
                }
            } else if d.encloses(v, u) {
                for c in self.holders(u, Some(v)) {
                    pieces.push(Piece {
                        level: Some(c),
                        from: End::Child(self.child_of(Some(c), u)),
                        to: End::Border(Role::South),
                        reversed: false,
                        label: false,
                        edge: 0,
                    });
                }
                pieces.push(Piece {
                    level: Some(v),
                    from: End::Child(self.child_of(Some(v), u)),
                    to: End::Border(Role::South),
                    reversed: false,
                    label: has_label,
                    edge: 0,
                });
            } else {
                let common = self.lca(u, v);
                let rev = self.reversed[a.id.0];
                let (exit, entry) = if rev {
                    (Role::North, Role::South)
                } else {
                    (Role::South, Role::North)
                };
                for c in self.holders(u, common) {
                    pieces.push(Piece {
                        level: Some(c),
                        from: End::Child(self.child_of(Some(c), u)),
                        to: End::Border(exit),
                        reversed: rev,
                        label: false,
                        edge: 0,
                    });
                }
                pieces.push(Piece {
                    level: common,
                    from: End::Child(self.child_of(common, u)),
                    to: End::Child(self.child_of(common, v)),
                    reversed: rev,
                    label: has_label,
                    edge: 0,
                });
                for c in self.holders(v, common).into_iter().rev() {
                    pieces.push(Piece {
                        level: Some(c),
                        from: End::Border(entry),
                        to: End::Child(self.child_of(Some(c), v)),
                        reversed: rev,
                        label: false,
                        edge: 0,
                    });
                }
            }
            self.pieces[a.id.0] = pieces;
        }
    }

    /// Puts every declared port of a leaf on the side most of its arrows need (in its
    /// level's orientation), in declaration order along the side.
    fn place_ports(&mut self) {
        let d = self.d;
        let mut votes: IdMap<(NodeId, usize), i64> = IdMap::default();
        // The arrow ends at each port, in arrow order.
        let mut at_port: IdMap<(NodeId, usize), Vec<(ArrowId, bool)>> = IdMap::default();
        for a in &d.arrows {
            for (e, source) in [(a.from, true), (a.to, false)] {
                if let Some(p) = e.port {
                    at_port.entry((e.node, p)).or_default().push((a.id, source));
                }
            }
        }
        for a in &d.arrows {
            let pieces = &self.pieces[a.id.0];
            let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
                continue;
            };
            if let Some(p) = a.from.port {
                // The source end leaves by the bottom unless its piece is reversed.
                *votes.entry((a.from.node, p)).or_default() += if first.reversed { -1 } else { 1 };
            }
            if let Some(p) = a.to.port {
                *votes.entry((a.to.node, p)).or_default() += if last.reversed { 1 } else { -1 };
            }
        }
        for node in &d.nodes {
            if node.ports.is_empty() || self.is_container(node.id) {
                continue;
            }
            let right = self.lr(node.parent);
            let (w, _) = self.local(self.size[node.id.0], right);
            let bottom: Vec<bool> = (0..node.ports.len())
                .map(|p| votes.get(&(node.id, p)).copied().unwrap_or(0) > 0)
                .collect();
            // On the grid, a port with several arrows gives each a cell of its own, a cell
            // apart: two lines at one cell would merge, or a head would block the line
            // leaving beside it.
            let reach = |p: usize| -> f64 {
                let arrows = at_port.get(&(node.id, p)).map_or(0, Vec::len);
                if self.sp.grid {
                    2.0 * arrows.saturating_sub(1) as f64
                } else {
                    0.0
                }
            };
            let mut places = vec![(Side::Top, 0.0, 0.0); node.ports.len()];
            for on_bottom in [false, true] {
                let same: Vec<usize> = (0..node.ports.len())
                    .filter(|&q| bottom[q] == on_bottom)
                    .collect();
                let local = if on_bottom { Side::Bottom } else { Side::Top };
                let side = local_side(local, right);
                let count = same.len() as f64;
                let mut starts: Vec<f64> = same
                    .iter()
                    .enumerate()
                    .map(|(i, &p)| {
                        let centre = w * (i as f64 + 1.0) / (count + 1.0);
                        if self.sp.grid {
                            (centre - reach(p) / 2.0).floor()
                        } else {
                            centre
                        }
                    })
                    .collect();
                if self.sp.grid {
                    // Whole cells off the corners, a free cell between two ports: pushed
                    // apart left to right, then back from the far corner.
                    let mut least = 1.0;
                    for (i, &p) in same.iter().enumerate() {
                        starts[i] = starts[i].max(least);
                        least = starts[i] + reach(p) + 2.0;
                    }
                    let mut most = w - 2.0;
                    for (i, &p) in same.iter().enumerate().rev() {
                        starts[i] = starts[i].min(most - reach(p)).max(1.0);
                        most = starts[i] - 2.0;
                    }
                }
                for (i, &p) in same.iter().enumerate() {
                    places[p] = (side, starts[i], reach(p));
                    if let Some(ends) = at_port.get(&(node.id, p)).filter(|_| self.sp.grid) {
                        for (j, &end) in ends.iter().enumerate() {
                            self.port_slots.insert(end, 2.0 * j as f64);
                        }
                    }
                }
            }
            self.port_places.insert(node.id, places);
        }
    }

    /// Where an arrow attaches to a child item of a level, when that is a fixed point: the
    /// side (absolute) and the offset along it.
    fn attach(&self, child: NodeId, arrow: ArrowId, at_source: bool) -> Option<(Side, f64)> {
        let a = self.d.arrow(arrow);
        let endpoint = if at_source { a.from } else { a.to };
        if endpoint.node == child {
            let port = endpoint.port?;
            let slot = self
                .port_slots
                .get(&(arrow, at_source))
                .copied()
                .unwrap_or(0.0);
            return self.port_places.get(&child).map(|places| {
                let (side, at, _) = places[port];
                (side, at + slot)
            });
        }
        // A container the arrow crosses: its border port for this arrow.
        self.frames
            .get(Some(child))
            .and_then(|f| f.ports.get(&arrow))
            .copied()
    }

    /// What `level::layout` needs to lay out one level, and what its frame needs after.
    /// Reads only the levels below it, which are laid out already.
    fn prepare_level(&mut self, level: Level) -> Prepared {
        let d = self.d;
        let sp = self.sp;
        let children: Vec<NodeId> = level_children(d, level);
        let right = self.lr(level);
        // Each level is laid out once: its list of pieces is not needed afterwards.
        let level_pieces = self.level_pieces.take(level).unwrap_or_default();
        let mut index: IdMap<NodeId, usize> =
            IdMap::with_capacity_and_hasher(children.len(), Default::default());
        // The children, then a border port per piece at most.
        let mut items: Vec<Item> = Vec::with_capacity(children.len() + level_pieces.len());
        for &c in &children {
            index.insert(c, items.len());
            let frame = self.frames.get(Some(c));
            let absolute = match frame {
                Some(f) => (f.width, f.height),
                None => self.size[c.0],
            };
            let (w, h) = self.local(absolute, right);
            let ports = self.port_places.get(&c).map_or(Vec::new(), |places| {
                places
                    .iter()
                    .flat_map(|&(side, at, reach)| {
                        let bottom = local_side(side, right) == Side::Bottom;
                        // Every cell an arrow may attach at.
                        (0..=(reach / 2.0) as usize).map(move |j| (bottom, at + 2.0 * j as f64))
                    })
                    .collect()
            });
            items.push(Item {
                width: w,
                height: h,
                role: Role::Box,
                frame: frame.is_some(),
                ports,
            });
        }
        let mut edges: Vec<Edge> = Vec::with_capacity(level_pieces.len());
        let mut port_items: IdMap<ArrowId, usize> =
            IdMap::with_capacity_and_hasher(level_pieces.len(), Default::default());
        for &(arrow, p) in &level_pieces {
            let a = d.arrow(arrow);
            {
                let piece = &self.pieces[arrow.0][p];
                let mut end_item = |end: End, items: &mut Vec<Item>| -> usize {
                    match end {
                        End::Child(n) => index[&n],
                        End::Border(role) => *port_items.entry(a.id).or_insert_with(|| {
                            items.push(Item {
                                width: 0.0,
                                height: 0.0,
                                role,
                                frame: false,
                                ports: Vec::new(),
                            });
                            items.len() - 1
                        }),
                    }
                };
                let from = end_item(piece.from, &mut items);
                let to = end_item(piece.to, &mut items);
                // A fixed attachment, turned into this level's orientation.
                let fixed = |end: End, at_source: bool| -> (Option<f64>, Option<Role>) {
                    let End::Child(n) = end else {
                        return (None, None);
                    };
                    match self.attach(n, a.id, at_source) {
                        Some((side, offset)) => {
                            let role = match local_side(side, right) {
                                Side::Top => Role::North,
                                Side::Bottom => Role::South,
                                Side::Left => Role::West,
                                Side::Right => Role::East,
                            };
                            (Some(offset), Some(role))
                        }
                        None => (None, None),
                    }
                };
                let (from_at, from_side) = fixed(piece.from, true);
                let (to_at, to_side) = fixed(piece.to, false);
                let label = if piece.label {
                    a.label.as_deref().map(|t| self.label_size(t, right))
                } else {
                    None
                };
                edges.push(Edge {
                    from,
                    to,
                    reversed: piece.reversed,
                    from_at,
                    to_at,
                    label,
                    from_side,
                    to_side,
                });
            }
        }
        for (k, &(arrow, p)) in level_pieces.iter().enumerate() {
            self.pieces[arrow.0][p].edge = k;
        }
        // The title's place in the top rank, kept free of border ports. On the grid the
        // title moves instead, past the ports in its way (see below): reserving its place
        // would push the content under it aside, and leave a wide empty margin.
        let title_width = level.map_or(0.0, |c| self.size[c.0].0);
        let has_north = items.iter().any(|i| i.role == Role::North);
        if level.is_some() && has_north && !right && !sp.grid {
            items.push(Item {
                width: title_width + sp.frame_pad,
                height: 0.0,
                role: Role::Title,
                frame: false,
                ports: Vec::new(),
            });
        }
        Prepared {
            level,
            items,
            edges,
            port_items,
            title_width,
            right,
        }
    }

    /// Builds a laid-out level's frame, with the border ports where the layout put them.
    fn finish_level(&mut self, prepared: Prepared, placed: level::Placed) {
        let Prepared {
            level,
            items,
            port_items,
            title_width,
            right,
            ..
        } = prepared;
        let sp = self.sp;
        // The frame around the content.
        let title_band = level.map_or(0.0, |c| self.m.title_band(self.lines[c.0].len()));
        // The frame, in absolute terms: the title band on top, the content below it.
        let (cw, ch) = self.local((placed.width, placed.height), right);
        let mut frame = Frame::default();
        if level.is_none() {
            frame.content = Point {
                x: sp.frame_pad,
                y: sp.frame_pad,
            };
            frame.width = cw + 2.0 * sp.frame_pad;
            frame.height = ch + 2.0 * sp.frame_pad;
        } else {
            frame.width = (cw + 2.0 * sp.frame_pad)
                .max(title_width + 2.0 * sp.frame_pad)
                .ceil();
            frame.height = (ch + title_band + 2.0 * sp.frame_pad).ceil();
            frame.content = Point {
                x: {
                    let x = sp.frame_pad + (frame.width - 2.0 * sp.frame_pad - cw) / 2.0;
                    if sp.grid {
                        x.floor()
                    } else {
                        x
                    }
                },
                y: title_band + sp.frame_pad,
            };
        }
        // Border ports: top and bottom of a top-to-bottom level, left and right of a
        // left-to-right one.
        for (&arrow, &item) in &port_items {
            let along = placed.items[item].x;
            let port = match (items[item].role, right) {
                (Role::North, false) => (Side::Top, frame.content.x + along),
                (Role::North, true) => (Side::Left, frame.content.y + along),
                (_, false) => (Side::Bottom, frame.content.x + along),
                (_, true) => (Side::Right, frame.content.y + along),
            };
            frame.ports.insert(arrow, port);
        }
        frame.title_x = sp.frame_pad;
        if sp.grid && level.is_some() {
            // The title (and a border cell either side of it) clear of the top ports.
            let mut tops: Vec<f64> = frame
                .ports
                .values()
                .filter(|(side, _)| *side == Side::Top)
                .map(|&(_, x)| x.round())
                .collect();
            tops.sort_by(f64::total_cmp);
            for x in tops {
                if x >= frame.title_x - 1.0 && x < frame.title_x + title_width + 1.0 {
                    frame.title_x = x + 2.0;
                }
            }
            // Room for it on the right; the content keeps its place.
            frame.width = frame
                .width
                .max(frame.title_x + title_width + sp.frame_pad)
                .ceil();
        }
        frame.port_items = port_items;
        frame.placed = placed;
        self.frames.insert(level, frame);
    }

    fn label_size(&self, text: &str, right: bool) -> (f64, f64) {
        let lines = wrap(text, self.sp.wrap_width, self.m);
        let w = lines
            .iter()
            .map(|l| self.m.text_width(l))
            .fold(0.0, f64::max);
        let h = lines.len() as f64 * self.m.line_height();
        self.local((w.ceil(), h.ceil()), right)
    }

    /// Places every level in absolute coordinates and joins the pieces of each arrow.
    fn compose(mut self) -> Geometry {
        // The label lines move into the geometry.
        let mut lines = std::mem::take(&mut self.lines);
        let d = self.d;
        let sp = self.sp;
        let root = &self.frames[None];
        // A level's own coordinates, relative to its content's origin, made absolute.
        let to_abs = |origin: Point, right: bool, p: Point| -> Point {
            if right {
                Point {
                    x: origin.x + p.y,
                    y: origin.y + p.x,
                }
            } else {
                Point {
                    x: origin.x + p.x,
                    y: origin.y + p.y,
                }
            }
        };
        let mut origin: LevelMap<Point> = LevelMap::new(d.nodes.len());
        origin.insert(None, root.content);
        let mut rects: Vec<Rect> = vec![
            Rect {
                x: 0.0,
                y: 0.0,
                width: 0.0,
                height: 0.0
            };
            d.nodes.len()
        ];
        let mut root_index = 0;
        for node in &d.nodes {
            let parent = node.parent;
            let index = match parent {
                Some(p) => d
                    .node(p)
                    .children
                    .iter()
                    .position(|&c| c == node.id)
                    .unwrap_or(0),
                None => {
                    root_index += 1;
                    root_index - 1
                }
            };
            let at = to_abs(
                origin[parent],
                self.lr(parent),
                self.frames[parent].placed.items[index],
            );
            let (width, height) = match self.frames.get(Some(node.id)) {
                Some(f) => (f.width, f.height),
                None => self.size[node.id.0],
            };
            let rect = Rect {
                x: at.x,
                y: at.y,
                width,
                height,
            };
            rects[node.id.0] = rect;
            if let Some(f) = self.frames.get(Some(node.id)) {
                origin.insert(
                    Some(node.id),
                    Point {
                        x: rect.x + f.content.x,
                        y: rect.y + f.content.y,
                    },
                );
            }
        }
        let mut edges = Vec::with_capacity(d.arrows.len());
        for a in &d.arrows {
            let pieces = &self.pieces[a.id.0];
            let length: usize = pieces
                .iter()
                .map(|p| self.frames[p.level].placed.routes[p.edge].len() + 2)
                .sum();
            let mut points: Vec<Point> = Vec::with_capacity(length);
            let mut label = None;
            for piece in &self.pieces[a.id.0] {
                let frame = &self.frames[piece.level];
                let i = piece.edge;
                let (o, right) = (origin[piece.level], self.lr(piece.level));
                let route = &frame.placed.routes[i];
                // From a border port out to the frame's edge.
                let border = |role: Role, p: Point| -> Point {
                    let r = rects[piece.level.expect("a border belongs to a container").0];
                    match (role, right) {
                        (Role::North, false) => Point { x: p.x, y: r.y },
                        (_, false) => Point {
                            x: p.x,
                            y: r.bottom(),
                        },
                        (Role::North, true) => Point { x: r.x, y: p.y },
                        (_, true) => Point {
                            x: r.right(),
                            y: p.y,
                        },
                    }
                };
                if let (End::Border(role), Some(&first)) = (piece.from, route.first()) {
                    points.push(border(role, to_abs(o, right, first)));
                }
                points.extend(route.iter().map(|&p| to_abs(o, right, p)));
                if let (End::Border(role), Some(&last)) = (piece.to, route.last()) {
                    points.push(border(role, to_abs(o, right, last)));
                }
                if piece.label {
                    label = frame.placed.labels[i].map(|r| {
                        let corner = to_abs(o, right, Point { x: r.x, y: r.y });
                        let (width, height) = self.local((r.width, r.height), right);
                        Rect {
                            x: corner.x,
                            y: corner.y,
                            width,
                            height,
                        }
                    });
                }
            }
            edges.push(EdgeRoute {
                arrow: a.id,
                points: level::simplify(points),
                label,
            });
        }
        let line = self.m.line_height();
        let nodes: Vec<NodeBox> = d
            .nodes
            .iter()
            .map(|node| {
                let rect = rects[node.id.0];
                let ports = self
                    .port_places
                    .get(&node.id)
                    .map(|places| {
                        places
                            .iter()
                            .enumerate()
                            .map(|(p, &(side, offset, reach))| {
                                let (cx, cy) = match side {
                                    Side::Top => (rect.x + offset, rect.y),
                                    Side::Bottom => (rect.x + offset, rect.bottom()),
                                    Side::Left => (rect.x, rect.y + offset),
                                    Side::Right => (rect.right(), rect.y + offset),
                                };
                                let s = sp.port_size;
                                let (along_x, along_y) = match side {
                                    Side::Top | Side::Bottom => (reach, 0.0),
                                    Side::Left | Side::Right => (0.0, reach),
                                };
                                PortBox {
                                    port: p,
                                    rect: Rect {
                                        x: cx - s / 2.0,
                                        y: cy - s / 2.0,
                                        width: s + along_x,
                                        height: s + along_y,
                                    },
                                    side,
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let frame = self.is_container(node.id);
                let title = frame.then(|| {
                    let (tw, _) = self.size[node.id.0];
                    let from = self
                        .frames
                        .get(Some(node.id))
                        .map_or(sp.frame_pad, |f| f.title_x);
                    Rect {
                        x: rect.x + from,
                        y: rect.y + sp.frame_pad / 4.0,
                        width: tw,
                        height: lines[node.id.0].len() as f64 * line,
                    }
                });
                NodeBox {
                    node: node.id,
                    rect,
                    frame,
                    title,
                    lines: std::mem::take(&mut lines[node.id.0]),
                    ports,
                }
            })
            .collect();
        let stats = Stats {
            order_crossings: self.frames.values().map(|f| f.placed.order_crossings).sum(),
            dummies: self.dummies,
        };
        Geometry {
            width: root.width,
            height: root.height,
            nodes,
            edges,
            stats,
        }
    }
}

/// How hard crossing reduction works, by the diagram's size (components and arrows):
/// small diagrams get more, it costs microseconds there.
fn effort(size: usize, grid: bool) -> order::Effort {
    match size {
        // On the grid (a terminal drawing, redrawn as the user types) fewer random
        // starts: the three deterministic starts and sifting find most of it.
        0..=400 => order::Effort {
            iterations: 48,
            starts: 3,
            random_starts: if grid { 4 } else { 40 },
            patience: 8,
            convergence: 0.995,
            sifting: true,
            bundle: false,
        },
        401..=1500 => order::Effort {
            iterations: 24,
            starts: 3,
            random_starts: 0,
            patience: 4,
            convergence: 0.995,
            sifting: false,
            bundle: false,
        },
        _ => order::Effort::LARGE,
    }
}

/// The levels in batches that can be laid out at once: the containers by height (those
/// holding no container first, then those holding only those, and so on), each batch in
/// the order given, and the root last.
fn batches(d: &Diagram, containers: Vec<NodeId>) -> Vec<Vec<Level>> {
    // Children are declared after their parents: in reverse, a container's height is
    // known before its parent's.
    let mut height = vec![0usize; d.nodes.len()];
    for node in d.nodes.iter().rev() {
        if let Some(p) = node.parent {
            if !node.children.is_empty() {
                height[p.0] = height[p.0].max(height[node.id.0] + 1);
            }
        }
    }
    let mut batches: Vec<Vec<Level>> = Vec::new();
    for c in containers {
        let h = height[c.0];
        if batches.len() <= h {
            batches.resize_with(h + 1, Vec::new);
        }
        batches[h].push(Some(c));
    }
    batches.push(vec![None]);
    batches
}

/// Below this many items and edges in a batch, its levels are laid out one after the
/// other: a thread costs more than it saves.
const PARALLEL_WORK: usize = 1000;

/// The threads the machine offers, once asked.
static MACHINE_THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

/// Lays out a batch of independent levels, on up to `threads` threads (0: the machine's)
/// when it is worth it: the biggest levels first, each to the first thread free. Each
/// result has its own slot, so the results are the same whatever the threads and their
/// timing.
fn lay_out_levels(
    jobs: &[Prepared],
    sp: &Spacing,
    effort: order::Effort,
    left: usize,
    threads: usize,
) -> Vec<Result<level::Placed, level::OverBudget>> {
    // The levels take their dummies from one budget as they make them, so that together
    // they make no more than are left; once one has gone over, the rest do not start.
    let budget = level::DummyBudget::new(left);
    let one = |j: &Prepared| {
        if budget.exhausted() {
            return Err(level::OverBudget);
        }
        level::layout(&j.items, &j.edges, sp, effort, &budget)
    };
    let size = |j: &Prepared| j.items.len() + j.edges.len();
    let worth_it =
        threads != 1 && jobs.len() >= 2 && jobs.iter().map(size).sum::<usize>() >= PARALLEL_WORK;
    let threads = match threads {
        _ if !worth_it => 1,
        // Asked once: the answer reads the system's limits.
        0 => *MACHINE_THREADS.get_or_init(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        }),
        t => t,
    };
    if threads < 2 {
        return jobs.iter().map(one).collect();
    }
    let mut biggest_first: Vec<usize> = (0..jobs.len()).collect();
    biggest_first.sort_by_key(|&i| std::cmp::Reverse(size(&jobs[i])));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Result<level::Placed, level::OverBudget>>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let work = || {
        while let Some(&i) =
            biggest_first.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
        {
            let placed = one(&jobs[i]);
            *slots[i].lock().expect("no thread panics holding a slot") = Some(placed);
        }
    };
    std::thread::scope(|s| {
        for _ in 1..threads.min(jobs.len()) {
            // Where no thread can be started, this one does the work alone.
            let _ = std::thread::Builder::new().spawn_scoped(s, work);
        }
        work();
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .expect("no thread panics holding a slot")
                .expect("every level laid out")
        })
        .collect()
}

/// The declarations a level lays out: a container's children, or the top level.
fn level_children(d: &Diagram, level: Level) -> Vec<NodeId> {
    match level {
        Some(c) => d.node(c).children.clone(),
        None => d.roots().map(|n| n.id).collect(),
    }
}

/// A number as an integer in `f64::total_cmp` order (negative numbers reversed, below
/// the positive ones), for sorting by integer keys.
pub(crate) fn ordered(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// Out-lists of a graph on `0..n` in one array: node `v`'s are `items[start[v]..start[v + 1]]`,
/// in the order the pairs were given.
#[derive(Clone)]
pub(crate) struct Adjacency<T> {
    /// Offsets into `items` (32 bits: the layout bounds its sizes far below that).
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Default> Adjacency<T> {
    pub(crate) fn new(n: usize, pairs: impl Iterator<Item = (usize, T)> + Clone) -> Adjacency<T> {
        let mut start = vec![0u32; n + 1];
        for (u, _) in pairs.clone() {
            start[u + 1] += 1;
        }
        for v in 0..n {
            start[v + 1] += start[v];
        }
        let mut fill = start.clone();
        let mut items = vec![T::default(); start[n] as usize];
        for (u, item) in pairs {
            items[fill[u] as usize] = item;
            fill[u] += 1;
        }
        Adjacency { start, items }
    }

    pub(crate) fn of(&self, v: usize) -> &[T] {
        &self.items[self.start[v] as usize..self.start[v + 1] as usize]
    }

    /// The same lists with each item mapped.
    pub(crate) fn map<U>(&self, f: impl Fn(T) -> U) -> Adjacency<U> {
        Adjacency {
            start: self.start.clone(),
            items: self.items.iter().map(|&t| f(t)).collect(),
        }
    }

    /// Rewrites each list in place: `f` may reorder it and returns how many of its first
    /// items to keep.
    pub(crate) fn retain_each(&mut self, mut f: impl FnMut(&mut [T]) -> usize) {
        let mut to = 0;
        for v in 0..self.start.len() - 1 {
            let (from, end) = (self.start[v] as usize, self.start[v + 1] as usize);
            let kept = f(&mut self.items[from..end]).min(end - from);
            if to != from {
                self.items.copy_within(from..from + kept, to);
            }
            self.start[v] = to as u32;
            to += kept;
        }
        let n = self.start.len() - 1;
        self.start[n] = to as u32;
        self.items.truncate(to);
    }
}

/// A hasher for the layout's maps, whose keys are ids (small integers): a multiply and a
/// rotate per word, and the same on every run (unlike the standard library's random one).
#[derive(Clone, Copy, Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7C_C1_B7_27_22_0A_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map keyed by ids.
pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::metrics::PixelMetrics;

    /// Fourteen groups, each a chain of 40 services with an arrow from its first to its
    /// last one (38 dummies each): enough boxes and arrows in one batch for threads.
    fn chains() -> Diagram {
        let mut source = String::new();
        for g in 0..14 {
            source += &format!("group g{g} {{\n");
            for i in 0..40 {
                source += &format!("  service s{i}\n");
            }
            for i in 0..39 {
                source += &format!("  s{i} -> s{}\n", i + 1);
            }
            source += "  s0 -> s39\n}\n";
        }
        let compiled = crate::compile(&source);
        assert!(!compiled.has_errors());
        compiled.diagram
    }

    /// The dummy limit holds over the whole diagram, whatever the threads: a diagram that
    /// needs more is refused on any number of them, one that needs no more is laid out.
    #[test]
    fn the_dummy_limit_holds_over_all_levels_on_any_threads() {
        let d = chains();
        let needed = Engine::new(&d, &PixelMetrics)
            .run(1, usize::MAX)
            .expect("no limit")
            .stats
            .dummies;
        assert_eq!(needed, 14 * 38);
        for threads in [1, 2, 4] {
            for _ in 0..10 {
                let refused = Engine::new(&d, &PixelMetrics).run(threads, needed - 1);
                assert_eq!(
                    refused.map(|_| ()),
                    Err(LayoutError::TooManyDummies { limit: needed - 1 }),
                    "{threads} threads"
                );
                let laid_out = Engine::new(&d, &PixelMetrics).run(threads, needed);
                assert!(laid_out.is_ok(), "{threads} threads");
            }
        }
    }
}
