//! Terminal drawings: the diagram on a character grid, in Unicode box drawing or in plain
//! ASCII.
//!
//! The layout engine runs with character-cell metrics ([`GridMetrics`]), so boxes and
//! routes land on whole cells; this module snaps the geometry to the grid and draws it:
//! boxes with a compact kind tag (`[db]`) and a border style per family, frames with their
//! title in the top border, arrows as lines with a head at the target, asynchronous ones
//! dotted, crossings as crossing glyphs, labels over clear cells, ports marked on the
//! border, replica counts (`x3`). When the drawing is wider than asked, it is laid out
//! again turned and tightened; when nothing fits, the narrowest drawing is returned and
//! the caller is told.

use super::replica_tag;
use crate::layout::metrics::{cell_width, text_cells, wrap, Insets, Metrics, Spacing};
use crate::layout::{Geometry, LayoutError, Point, Rect, Side};
use crate::model::schema::Kind;
use crate::model::{ArrowId, Diagram, Direction, Node, NodeId};
use crate::syntax::ast::ArrowStyle;
use std::collections::BTreeMap;

/// Which characters a drawing may use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Charset {
    /// Box-drawing characters.
    #[default]
    Unicode,
    /// Only printable ASCII (`+-|<>^v.:` and text), for places that mangle Unicode.
    Ascii,
}

/// How to draw on a terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextOptions {
    pub charset: Charset,
    /// The most columns the drawing may take.
    pub width: usize,
    /// Colour with ANSI escape sequences.
    pub color: bool,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions {
            charset: Charset::Unicode,
            width: 100,
            color: false,
        }
    }
}

/// A terminal drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drawing {
    /// The rows, each ending in a newline.
    pub text: String,
    pub columns: usize,
    pub rows: usize,
    /// Whether it fits in the width asked for.
    pub fits: bool,
    /// What was changed to make it fit (turned, labels wrapped narrower), if anything.
    pub adjusted: Option<String>,
    /// What could not be drawn (an arrow whose route degenerated); empty when complete.
    pub missing: Vec<String>,
    /// Where things are in `text` (row, column in cells), for checking a drawing.
    pub anchors: Anchors,
    /// What [`super::check::problems`] finds wrong with it: empty unless no candidate
    /// drawing was sound.
    pub defects: Vec<String>,
}

/// A cell: column and row.
pub type At = (i64, i64);
/// Cells of a box: column, row, width, height.
pub type Cells = (i64, i64, i64, i64);

/// Positions in a drawing's text: rows count from its first line, columns in cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchors {
    /// Every box and frame: its node, its cells (column, row, width, height), whether
    /// it is a frame.
    pub boxes: Vec<(NodeId, Cells, bool)>,
    /// Every arrow drawn: its arrow, the cell of its head (at the target), the cell on
    /// the source's border where it leaves, and the head at the source for a two-way
    /// arrow.
    pub arrows: Vec<(ArrowId, At, At)>,
}

/// Character-cell metrics for the terminal, with a label wrap width and gaps that
/// [`draw`] tightens to fit a width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridMetrics {
    pub wrap_width: f64,
    pub node_gap: f64,
    /// Rows between ranks before routing tracks: 1 is compact, 2 gives every arrow a
    /// straight cell before its head.
    pub rank_gap: f64,
}

impl Default for GridMetrics {
    fn default() -> GridMetrics {
        GridMetrics {
            wrap_width: 14.0,
            node_gap: 2.0,
            rank_gap: 1.0,
        }
    }
}

impl Metrics for GridMetrics {
    fn text_width(&self, text: &str) -> f64 {
        text_cells(text) as f64
    }

    fn line_height(&self) -> f64 {
        1.0
    }

    fn spacing(&self) -> Spacing {
        Spacing {
            node_gap: self.node_gap,
            rank_gap: self.rank_gap,
            track_gap: 1.0,
            // The border and a space.
            box_pad_x: 2.0,
            // The border.
            box_pad_y: 1.0,
            // The border and a blank cell.
            frame_pad: 2.0,
            min_width: 5.0,
            min_height: 3.0,
            port_size: 1.0,
            // A blank cell between an arrow and its label.
            label_pad: 1.0,
            wrap_width: self.wrap_width,
            grid: true,
        }
    }

    /// Two cells per arrow and one more: lines a cell apart, none at a corner.
    fn pin_room(&self, pins: usize) -> f64 {
        if pins < 2 {
            0.0
        } else {
            2.0 * pins as f64 + 2.0
        }
    }

    /// A frame's first title line sits in its top border.
    fn title_band(&self, lines: usize) -> f64 {
        lines.saturating_sub(1) as f64
    }

    /// Narrower wrapping never breaks a word of up to 24 cells: `Customer/s` is worse than
    /// a wider box.
    fn word_limit(&self) -> f64 {
        24.0
    }

    fn title_width(&self, text: &str) -> f64 {
        // `─ Title ─` in the border.
        self.text_width(text) + 2.0
    }

    fn insets(&self, node: &Node) -> Insets {
        Insets {
            left: tag(node.kind).map_or(0.0, |t| t.len() as f64 + 1.0),
            right: replica_tag(node).map_or(0.0, |t| t.len() as f64 + 1.0),
            ..Insets::default()
        }
    }
}

/// The compact kind tag a box shows before its label (none for a plain service).
pub fn tag(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Person => "[user]",
        Kind::External => "[ext]",
        Kind::Dns => "[dns]",
        Kind::Cdn => "[cdn]",
        Kind::Lb => "[lb]",
        Kind::Gateway => "[gw]",
        Kind::Waf => "[waf]",
        Kind::Service => return None,
        Kind::Container => "[ctr]",
        Kind::Function => "[fn]",
        Kind::Database => "[db]",
        Kind::Cache => "[cache]",
        Kind::Queue => "[queue]",
        Kind::Topic => "[topic]",
        Kind::Stream => "[stream]",
        Kind::Bucket => "[bucket]",
        Kind::Registry => "[registry]",
        Kind::Ci => "[ci]",
        Kind::Repo => "[repo]",
        Kind::Monitoring => "[mon]",
        Kind::Nat => "[nat]",
        Kind::Vm => "[vm]",
        Kind::Host => "[host]",
        Kind::Cluster => "[cluster]",
        _ => return None,
    })
}

/// A line's look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stroke {
    Light,
    Heavy,
    Double,
    /// A frame's dashes (a zone).
    Dashed,
    /// An asynchronous arrow.
    Dotted,
}

const N: u8 = 1;
const E: u8 = 2;
const S: u8 = 4;
const W: u8 = 8;

/// Colours, as ANSI foreground codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum Colour {
    #[default]
    Plain,
    Dim,
    Blue,
    Green,
    Yellow,
    Magenta,
    Bold,
}

impl Colour {
    fn code(self) -> &'static str {
        match self {
            Colour::Plain => "0",
            Colour::Dim => "2",
            Colour::Blue => "34",
            Colour::Green => "32",
            Colour::Yellow => "33",
            Colour::Magenta => "35",
            Colour::Bold => "1",
        }
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    /// A character written there (text, an arrowhead, a port mark); `None` for lines.
    glyph: Option<char>,
    /// The second cell of a wide character.
    tail: bool,
    /// Line directions meeting in the cell.
    mask: u8,
    /// The strokes that drew lines there (a bit per [`Stroke`]).
    strokes: u8,
    /// Corners drawn rounded.
    round: bool,
    colour: Colour,
}

/// A character grid.
struct Grid {
    width: usize,
    height: usize,
    cells: Vec<Cell>,
    /// Combining marks after a cell's character.
    marks: BTreeMap<usize, String>,
}

impl Grid {
    fn new(width: usize, height: usize) -> Grid {
        Grid {
            width,
            height,
            cells: vec![Cell::default(); width * height],
            marks: BTreeMap::new(),
        }
    }

    fn at(&mut self, x: i64, y: i64) -> Option<&mut Cell> {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return None;
        }
        Some(&mut self.cells[y as usize * self.width + x as usize])
    }

    fn get(&self, x: i64, y: i64) -> Option<&Cell> {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return None;
        }
        Some(&self.cells[y as usize * self.width + x as usize])
    }

    fn line_cell(&mut self, x: i64, y: i64, mask: u8, stroke: Stroke, colour: Colour) {
        if let Some(c) = self.at(x, y) {
            c.mask |= mask;
            c.strokes |= 1 << stroke as u8;
            if c.glyph.is_none() && colour != Colour::Plain {
                c.colour = colour;
            }
        }
    }

    /// A straight line from `a` to `b`, inclusive; when they share neither a row nor a
    /// column, across first and then down or up (an elbow).
    fn line(&mut self, a: (i64, i64), b: (i64, i64), stroke: Stroke, colour: Colour) {
        if a.0 != b.0 && a.1 != b.1 {
            let elbow = (b.0, a.1);
            self.line(a, elbow, stroke, colour);
            self.line(elbow, b, stroke, colour);
            return;
        }
        let (dx, dy) = ((b.0 - a.0).signum(), (b.1 - a.1).signum());
        let (forward, backward) = match (dx, dy) {
            (1, _) => (E, W),
            (-1, _) => (W, E),
            (_, 1) => (S, N),
            (_, -1) => (N, S),
            _ => return,
        };
        let mut p = a;
        loop {
            let mut mask = 0;
            if p != a {
                mask |= backward;
            }
            if p != b {
                mask |= forward;
            }
            self.line_cell(p.0, p.1, mask, stroke, colour);
            if p == b {
                break;
            }
            p = (p.0 + dx, p.1 + dy);
        }
    }

    /// A box outline on the cells of `r`.
    fn outline(&mut self, r: CellRect, stroke: Stroke, round: bool, colour: Colour) {
        let (x0, y0, x1, y1) = (r.x, r.y, r.x + r.w - 1, r.y + r.h - 1);
        if r.w < 2 || r.h < 2 {
            return;
        }
        self.line((x0, y0), (x1, y0), stroke, colour);
        self.line((x0, y1), (x1, y1), stroke, colour);
        self.line((x0, y0), (x0, y1), stroke, colour);
        self.line((x1, y0), (x1, y1), stroke, colour);
        if round {
            for (x, y) in [(x0, y0), (x1, y0), (x0, y1), (x1, y1)] {
                if let Some(c) = self.at(x, y) {
                    c.round = true;
                }
            }
        }
    }

    /// Writes text from column `x`; returns the columns used. Wide characters take two
    /// cells, combining marks none.
    fn text(&mut self, x: i64, y: i64, text: &str, colour: Colour) -> i64 {
        self.write(x, y, text, colour, false)
    }

    /// Like [`Grid::text`]; `over` lets spaces erase lines too (a frame's title in its
    /// border), where `text` keeps them.
    fn write(&mut self, x: i64, y: i64, text: &str, colour: Colour, over: bool) -> i64 {
        let mut at = x;
        for c in text.chars() {
            if c.is_control() {
                continue;
            }
            let w = cell_width(c) as i64;
            if w == 0 {
                if at > x {
                    let index = y as usize * self.width + (at - 1) as usize;
                    let back = if self.cells[index].tail {
                        index - 1
                    } else {
                        index
                    };
                    self.marks.entry(back).or_default().push(c);
                }
                continue;
            }
            if let Some(cell) = self.at(at, y) {
                // A space never erases a line or an arrowhead.
                if c != ' ' || over || (cell.mask == 0 && cell.glyph.is_none()) {
                    cell.glyph = Some(c);
                    cell.tail = false;
                    cell.colour = colour;
                }
            }
            if w == 2 {
                if let Some(cell) = self.at(at + 1, y) {
                    cell.glyph = None;
                    cell.tail = true;
                    cell.colour = colour;
                }
            }
            at += w;
        }
        at - x
    }

    fn render(&self, charset: Charset, color: bool) -> String {
        let mut out = String::with_capacity(self.cells.len() + self.height);
        let mut row = String::new();
        let marks = charset == Charset::Unicode && !self.marks.is_empty();
        for y in 0..self.height {
            row.clear();
            let mut current = Colour::Plain;
            let mut visible_end = 0;
            for x in 0..self.width {
                let index = y * self.width + x;
                let cell = &self.cells[index];
                if cell.tail {
                    continue;
                }
                let c = match cell.glyph {
                    Some(c) => c,
                    None if cell.mask != 0 => glyph(cell, charset),
                    None => ' ',
                };
                if color && c != ' ' && cell.colour != current {
                    row.push_str(&format!("\x1b[{}m", cell.colour.code()));
                    current = cell.colour;
                }
                row.push(c);
                if marks {
                    if let Some(marks) = self.marks.get(&index) {
                        row.push_str(marks);
                    }
                }
                if c != ' ' {
                    visible_end = row.len();
                }
            }
            row.truncate(visible_end);
            if color && current != Colour::Plain {
                row.push_str("\x1b[0m");
            }
            out.push_str(&row);
            out.push('\n');
        }
        out
    }
}

/// The character for a line cell.
fn glyph(cell: &Cell, charset: Charset) -> char {
    let has = |s: Stroke| cell.strokes & (1 << s as u8) != 0;
    let only = |s: Stroke| cell.strokes == 1 << s as u8;
    let m = cell.mask;
    let vertical = m & (N | S) != 0 && m & (E | W) == 0;
    let horizontal = m & (E | W) != 0 && m & (N | S) == 0;
    if charset == Charset::Ascii {
        return if vertical {
            if only(Stroke::Dotted) {
                ':'
            } else {
                '|'
            }
        } else if horizontal {
            if only(Stroke::Dotted) {
                '.'
            } else if only(Stroke::Double) {
                '='
            } else {
                '-'
            }
        } else {
            '+'
        };
    }
    if vertical {
        return match () {
            _ if only(Stroke::Dotted) => '┆',
            _ if only(Stroke::Dashed) => '╎',
            _ if only(Stroke::Heavy) => '┃',
            _ if only(Stroke::Double) => '║',
            _ => '│',
        };
    }
    if horizontal {
        return match () {
            _ if only(Stroke::Dotted) => '┄',
            _ if only(Stroke::Dashed) => '╌',
            _ if only(Stroke::Heavy) => '━',
            _ if only(Stroke::Double) => '═',
            _ => '─',
        };
    }
    if only(Stroke::Heavy) {
        return match m {
            x if x == S | E => '┏',
            x if x == S | W => '┓',
            x if x == N | E => '┗',
            x if x == N | W => '┛',
            x if x == N | S | E => '┣',
            x if x == N | S | W => '┫',
            x if x == E | W | S => '┳',
            x if x == E | W | N => '┻',
            _ => '╋',
        };
    }
    if has(Stroke::Double) {
        // A double border with light lines meeting it.
        return match m {
            x if x == S | E => '╔',
            x if x == S | W => '╗',
            x if x == N | E => '╚',
            x if x == N | W => '╝',
            x if x == E | W | S => '╤',
            x if x == E | W | N => '╧',
            x if x == N | S | E => '╟',
            x if x == N | S | W => '╢',
            _ => '┼',
        };
    }
    match m {
        x if x == S | E => {
            if cell.round {
                '╭'
            } else {
                '┌'
            }
        }
        x if x == S | W => {
            if cell.round {
                '╮'
            } else {
                '┐'
            }
        }
        x if x == N | E => {
            if cell.round {
                '╰'
            } else {
                '└'
            }
        }
        x if x == N | W => {
            if cell.round {
                '╯'
            } else {
                '┘'
            }
        }
        x if x == N | S | E => '├',
        x if x == N | S | W => '┤',
        x if x == E | W | S => '┬',
        x if x == E | W | N => '┴',
        _ => '┼',
    }
}

/// A rectangle of whole cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct CellRect {
    x: i64,
    y: i64,
    w: i64,
    h: i64,
}

impl CellRect {
    fn of(r: &Rect) -> CellRect {
        CellRect {
            x: r.x.round() as i64,
            y: r.y.round() as i64,
            w: r.width.round().max(1.0) as i64,
            h: r.height.round().max(1.0) as i64,
        }
    }

    /// Whether a cell lies strictly inside the border.
    fn inner_contains(&self, (x, y): (i64, i64)) -> bool {
        x > self.x && x < self.x + self.w - 1 && y > self.y && y < self.y + self.h - 1
    }
}

fn colour_of(kind: Kind) -> Colour {
    use Kind::*;
    match kind {
        Person | External => Colour::Plain,
        Dns | Cdn | Lb | Gateway | Waf | Nat => Colour::Magenta,
        Database | Cache | Bucket => Colour::Green,
        Queue | Topic | Stream => Colour::Yellow,
        Registry | Ci | Repo | Monitoring => Colour::Dim,
        _ => Colour::Blue,
    }
}

fn stroke_of(kind: Kind) -> (Stroke, bool) {
    use Kind::*;
    match kind {
        Person | External => (Stroke::Light, true),
        Database | Cache | Bucket => (Stroke::Double, false),
        Region => (Stroke::Heavy, false),
        Zone => (Stroke::Dashed, false),
        Group | Namespace | Vpc | Subnet => (Stroke::Light, true),
        _ => (Stroke::Light, false),
    }
}

/// The most cells (columns times rows) a terminal drawing may take, ten million (for
/// example 2,000 columns by 5,000 rows): nobody reads a larger one in a terminal, and
/// drawing and checking it would take seconds and gigabytes. Larger diagrams are refused
/// with [`LayoutError::TooManyCells`].
pub const MAX_CELLS: usize = 10_000_000;

/// The columns and rows of the grid a geometry is drawn on.
fn grid_size(g: &Geometry) -> (usize, usize) {
    (
        g.width.round().max(1.0) as usize + 1,
        g.height.round().max(1.0) as usize + 1,
    )
}

/// Lays the diagram out on the grid and draws it, turning and tightening it to fit
/// `options.width` columns when needed. A diagram whose every drawing would take more
/// than [`MAX_CELLS`] cells is refused.
pub fn draw(diagram: &Diagram, options: &TextOptions) -> Result<Drawing, LayoutError> {
    let flipped = {
        let mut d = diagram.clone();
        d.direction = match d.direction {
            Direction::Down => Direction::Right,
            Direction::Right => Direction::Down,
        };
        d
    };
    let turned = match diagram.direction {
        Direction::Down => "laid out left to right",
        Direction::Right => "laid out top to bottom",
    };
    // The last two, roomier than the default, only when no other drawing is sound: more
    // room between boxes and ranks untangles what compact spacing cannot.
    let roomy = GridMetrics {
        node_gap: 4.0,
        ..GridMetrics::default()
    };
    let attempts: [(&Diagram, GridMetrics, Option<&str>); 7] = [
        (diagram, GridMetrics::default(), None),
        (&flipped, GridMetrics::default(), Some(turned)),
        (
            diagram,
            GridMetrics {
                wrap_width: 11.0,
                node_gap: 1.0,
                ..GridMetrics::default()
            },
            Some("labels wrapped narrower and spacing tightened"),
        ),
        (
            &flipped,
            GridMetrics {
                wrap_width: 11.0,
                node_gap: 1.0,
                ..GridMetrics::default()
            },
            Some("labels wrapped narrower, spacing tightened, and turned"),
        ),
        (
            diagram,
            GridMetrics {
                wrap_width: 8.0,
                node_gap: 1.0,
                ..GridMetrics::default()
            },
            Some("labels wrapped as narrow as they go"),
        ),
        (
            diagram,
            roomy,
            Some("spaced wider for the arrows to come through"),
        ),
        (
            &flipped,
            roomy,
            Some("spaced wider for the arrows to come through, and turned"),
        ),
    ];
    // Each variant is laid out compact first, then with room before every head, and
    // checked on its characters: a drawing with a broken or merged line is never chosen
    // while a sound one exists.
    let plain = TextOptions {
        color: false,
        ..*options
    };
    let mut best: Option<(Drawing, &Diagram, Geometry, GridMetrics)> = None;
    // The smallest grid of a drawing refused for its size, as (columns, rows).
    let mut smallest_refused: Option<(usize, usize)> = None;
    let cells = |(columns, rows): (usize, usize)| columns.saturating_mul(rows);
    let better = |a: &Drawing, b: &Drawing| {
        (a.defects.is_empty(), std::cmp::Reverse(a.columns))
            > (b.defects.is_empty(), std::cmp::Reverse(b.columns))
    };
    for (i, (d, base, adjusted)) in attempts.into_iter().enumerate() {
        // As declared and turned are always tried; when the better of them is more than
        // three times too wide, tightening will not fit it either: straight to the
        // narrowest variant.
        let hopeless = best
            .as_ref()
            .is_some_and(|(b, ..)| b.columns > 3 * options.width);
        if hopeless && (i == 2 || i == 3) {
            continue;
        }
        // As declared and turned both far over the limit: tightening will not bring it
        // under.
        if i == 2
            && best.is_none()
            && smallest_refused.is_some_and(|size| cells(size) > 2 * MAX_CELLS)
        {
            break;
        }
        let last_resort = i >= 5;
        if last_resort && best.as_ref().is_some_and(|(b, ..)| b.defects.is_empty()) {
            break;
        }
        let rank_gaps: &[f64] = if last_resort {
            &[1.0, 2.0, 3.0]
        } else {
            &[1.0, 2.0]
        };
        for &rank_gap in rank_gaps {
            let metrics = GridMetrics { rank_gap, ..base };
            let geometry = crate::layout::layout(d, &metrics)?;
            let size = grid_size(&geometry);
            if cells(size) > MAX_CELLS {
                // Too large to draw; more rows between ranks make it larger still.
                if smallest_refused.is_none_or(|smallest| cells(size) < cells(smallest)) {
                    smallest_refused = Some(size);
                }
                break;
            }
            // Drawing and checking cost as much as the cells drawn: a layout whose boxes
            // alone are wider than a sound drawing already found cannot be chosen, and
            // more rows between ranks will not make it narrower.
            if best
                .as_ref()
                .is_some_and(|(b, ..)| b.defects.is_empty() && boxes_span(&geometry) > b.columns)
            {
                break;
            }
            let mut drawing = draw_geometry(d, &geometry, &metrics, &plain);
            drawing.adjusted = adjusted.map(str::to_owned);
            let problems = super::check::problems(d, &drawing, options.charset);
            drawing.defects.extend(problems);
            let sound = drawing.defects.is_empty();
            if best.as_ref().is_none_or(|(b, ..)| better(&drawing, b)) {
                best = Some((drawing, d, geometry, metrics));
            }
            // Sound: done with this variant (more rows will not make it narrower).
            if sound {
                break;
            }
        }
        if best
            .as_ref()
            .is_some_and(|(b, ..)| b.defects.is_empty() && b.columns <= options.width)
        {
            break;
        }
    }
    let Some((mut drawing, d, geometry, metrics)) = best else {
        let (columns, rows) = smallest_refused.expect("every attempt drawn or refused");
        return Err(LayoutError::TooManyCells {
            columns,
            rows,
            limit: MAX_CELLS,
        });
    };
    drawing.fits = drawing.columns <= options.width;
    if options.color {
        let coloured = draw_geometry(d, &geometry, &metrics, options);
        drawing.text = coloured.text;
    }
    Ok(drawing)
}

/// The columns a drawing of the geometry takes at least: from its leftmost box's left
/// border to its rightmost box's right border.
fn boxes_span(g: &Geometry) -> usize {
    let rects = g.nodes.iter().map(|b| CellRect::of(&b.rect));
    let left = rects.clone().map(|r| r.x).min().unwrap_or(0);
    let right = rects.map(|r| r.x + r.w).max().unwrap_or(0);
    (right - left).max(0) as usize
}

/// Draws a geometry laid out with `metrics` (cells).
fn draw_geometry(
    d: &Diagram,
    g: &Geometry,
    metrics: &GridMetrics,
    options: &TextOptions,
) -> Drawing {
    let ascii = options.charset == Charset::Ascii;
    let (width, height) = grid_size(g);
    let mut grid = Grid::new(width, height);
    let mut missing = Vec::new();
    let boxes: BTreeMap<usize, CellRect> = g
        .nodes
        .iter()
        .map(|b| (b.node.0, CellRect::of(&b.rect)))
        .collect();

    // Frames and boxes.
    for b in &g.nodes {
        let node = d.node(b.node);
        let r = boxes[&b.node.0];
        let (stroke, round) = stroke_of(node.kind);
        let colour = if super::drawn_as_frame(d, b) {
            Colour::Dim
        } else {
            colour_of(node.kind)
        };
        grid.outline(r, stroke, round, colour);
    }
    // Arrows: lines first, heads and border marks after. An arrow must cross borders,
    // never run along one: remember where the borders are.
    let borders: Vec<u8> = grid.cells.iter().map(|c| c.mask).collect();
    let mut along = Vec::new();
    let mut heads = Vec::new();
    let mut anchors = Anchors {
        boxes: g
            .nodes
            .iter()
            .map(|b| {
                let r = boxes[&b.node.0];
                let frame = b.frame;
                (b.node, (r.x, r.y, r.w, r.h), frame)
            })
            .collect(),
        arrows: Vec::new(),
    };
    for e in &g.edges {
        let arrow = d.arrow(e.arrow);
        let points: Vec<(i64, i64)> = dedup(
            e.points
                .iter()
                .map(|p: &Point| (p.x.round() as i64, p.y.round() as i64)),
        );
        let from = boxes[&arrow.from.node.0];
        let to = boxes[&arrow.to.node.0];
        let route = normalise(&points, &from, &to, arrow.both)
            .or_else(|| (arrow.from.node == arrow.to.node).then(|| self_loop(&from)));
        let Some(route) = route else {
            missing.push(format!(
                "the arrow from `{}` to `{}`",
                d.node(arrow.from.node).qualified,
                d.node(arrow.to.node).qualified
            ));
            continue;
        };
        let stroke = if arrow.style == ArrowStyle::Async {
            Stroke::Dotted
        } else {
            Stroke::Light
        };
        for pair in route.points.windows(2) {
            grid.line(pair[0], pair[1], stroke, Colour::Plain);
            for (x, y, axis) in segment_cells(pair[0], pair[1]) {
                let on_border = x >= 0
                    && y >= 0
                    && (x as usize) < grid.width
                    && (y as usize) < grid.height
                    && borders[y as usize * grid.width + x as usize] & axis != 0;
                if on_border {
                    along.push(format!(
                        "the arrow from `{}` to `{}` runs along a border at ({x}, {y})",
                        d.node(arrow.from.node).qualified,
                        d.node(arrow.to.node).qualified
                    ));
                    break;
                }
            }
        }
        heads.push((route.head, route.head_dir));
        anchors
            .arrows
            .push((e.arrow, route.head, route.start_border));
        if arrow.both {
            heads.push((route.tail, route.tail_dir));
        }
        // The line leaves the source's border: a junction there (`┬` under a box). The
        // head touches the target's border, which stays unbroken.
        let (bx, by) = route.start_border;
        grid.line_cell(bx, by, route.start_dir, Stroke::Light, Colour::Plain);
        // The first cell out connects back to that junction, even where the line turns
        // at once.
        if route.tail != route.head {
            let (tx, ty) = route.tail;
            grid.line_cell(tx, ty, opposite(route.start_dir), stroke, Colour::Plain);
        }
    }
    for ((x, y), dir) in heads {
        let c = match (dir, ascii) {
            (S, false) => '▼',
            (N, false) => '▲',
            (E, false) => '▶',
            (W, false) => '◀',
            (S, true) => 'v',
            (N, true) => '^',
            (E, true) => '>',
            (_, true) => '<',
            _ => '◀',
        };
        if let Some(cell) = grid.at(x, y) {
            cell.glyph = Some(c);
            cell.colour = Colour::Plain;
        }
    }
    // Ports on the border.
    for b in &g.nodes {
        for p in &b.ports {
            let r = CellRect::of(&p.rect);
            let owner = boxes[&b.node.0];
            // On the side, never on a corner.
            let along_x =
                r.x.clamp(owner.x + 1, (owner.x + owner.w - 2).max(owner.x + 1));
            let along_y =
                r.y.clamp(owner.y + 1, (owner.y + owner.h - 2).max(owner.y + 1));
            let (x, y) = match p.side {
                Side::Top => (along_x, owner.y),
                Side::Bottom => (along_x, owner.y + owner.h - 1),
                Side::Left => (owner.x, along_y),
                Side::Right => (owner.x + owner.w - 1, along_y),
            };
            // A port with several arrows reaches along the border: a mark where each
            // attaches (every other cell), a heavy stretch of border between them.
            let (reach, step, between) = match p.side {
                Side::Top | Side::Bottom => (r.w, (1, 0), '━'),
                Side::Left | Side::Right => (r.h, (0, 1), '┃'),
            };
            for i in 0..reach.max(1) {
                let (cx, cy) = (x + i * step.0, y + i * step.1);
                let glyph = match (i % 2 == 0, ascii) {
                    (true, true) => 'o',
                    (true, false) => '●',
                    (false, true) => continue,
                    (false, false) => between,
                };
                if let Some(cell) = grid.at(cx, cy) {
                    cell.glyph = Some(glyph);
                }
            }
        }
    }
    // Text: labels and tags inside boxes, titles in frame borders, arrow labels.
    for b in &g.nodes {
        let node = d.node(b.node);
        let r = boxes[&b.node.0];
        if b.frame {
            let title = b.lines.first().cloned().unwrap_or_default();
            let title = ascii_safe(&title, ascii);
            // The layout places the title (a space either side) clear of the top ports.
            let at = b.title.map_or(r.x + 2, |t| CellRect::of(&t).x);
            grid.write(at, r.y, " ", Colour::Plain, true);
            let used = grid.write(at + 1, r.y, &title, Colour::Bold, true);
            grid.write(at + 1 + used, r.y, " ", Colour::Plain, true);
            for (i, line) in b.lines.iter().enumerate().skip(1) {
                grid.text(
                    at + 1,
                    r.y + i as i64,
                    &ascii_safe(line, ascii),
                    Colour::Bold,
                );
            }
            continue;
        }
        let inset = metrics.insets(node);
        let colour = colour_of(node.kind);
        let inner_w = r.w - 4 - inset.left as i64 - inset.right as i64;
        let top = r.y + 1 + ((r.h - 2 - b.lines.len() as i64) / 2).max(0);
        let tagged = tag(node.kind);
        if let Some(t) = tagged {
            grid.text(r.x + 2, top, t, colour);
        }
        // After a tag the lines start together; alone they are centred.
        let block = b
            .lines
            .iter()
            .map(|l| metrics.text_width(&ascii_safe(l, ascii)) as i64)
            .max()
            .unwrap_or(0);
        for (i, line) in b.lines.iter().enumerate() {
            let line = ascii_safe(line, ascii);
            let w = metrics.text_width(&line) as i64;
            let x = if tagged.is_some() {
                r.x + 2 + inset.left as i64 + ((inner_w - block) / 2).max(0)
            } else {
                r.x + 2 + ((inner_w - w) / 2).max(0)
            };
            grid.text(x, top + i as i64, &line, Colour::Plain);
        }
        // The count after the label's last line: read row by row, it follows the label.
        if let Some(count) = replica_tag(node) {
            let x = r.x + r.w - 2 - count.len() as i64;
            let last = top + b.lines.len().saturating_sub(1) as i64;
            grid.text(x, last, &count, colour);
        }
    }
    for e in &g.edges {
        let arrow = d.arrow(e.arrow);
        if let (Some(l), Some(text)) = (e.label, &arrow.label) {
            let r = CellRect::of(&l);
            let lines: Vec<String> = wrap(text, metrics.wrap_width, metrics)
                .iter()
                .map(|l| ascii_safe(l, ascii))
                .collect();
            // Rounding to cells can put a label against the line it labels, or on it:
            // move it right while that is so and the cells there are free.
            let mut x = r.x;
            for _ in 0..2 {
                let crowded = (0..lines.len() as i64).any(|i| {
                    let y = r.y + i;
                    let left = grid.get(x - 1, y).is_some_and(|c| c.mask & (N | S) != 0);
                    let on = grid.get(x, y).is_some_and(|c| c.mask != 0);
                    left || on
                });
                let free = (0..lines.len() as i64).all(|i| {
                    let w = metrics.text_width(&lines[i as usize]) as i64;
                    grid.get(x + w, r.y + i)
                        .is_some_and(|c| c.mask == 0 && c.glyph.is_none())
                });
                if crowded && free {
                    x += 1;
                } else {
                    break;
                }
            }
            for (i, line) in lines.iter().enumerate() {
                grid.text(x, r.y + i as i64, line, Colour::Dim);
            }
        }
    }
    // The title above everything.
    let mut text = String::new();
    if let Some(title) = &d.title {
        let title = ascii_safe(title, ascii);
        if options.color {
            text.push_str(&format!("\x1b[1m{title}\x1b[0m\n\n"));
        } else {
            text.push_str(&format!("{title}\n\n"));
        }
    }
    let (body, first_row, indent) = crop(&grid.render(options.charset, options.color));
    let top = text.lines().count() as i64 - first_row as i64;
    let shift = |(x, y): (i64, i64)| (x - indent as i64, y + top);
    for (_, r, _) in &mut anchors.boxes {
        let (x, y) = shift((r.0, r.1));
        *r = (x, y, r.2, r.3);
    }
    for (_, head, start) in &mut anchors.arrows {
        *head = shift(*head);
        *start = shift(*start);
    }
    text.push_str(&body);
    let (mut columns, mut rows) = (0, 0);
    for line in text.lines() {
        columns = columns.max(visible_width(line));
        rows += 1;
    }
    Drawing {
        text,
        columns,
        rows,
        fits: false,
        adjusted: None,
        missing,
        anchors,
        defects: along,
    }
}

/// The drawing without its blank margins: blank rows above and below, and the blank
/// columns every row starts with; with the rows and columns removed before it.
fn crop(body: &str) -> (String, usize, usize) {
    let rows: Vec<&str> = body.lines().collect();
    let first = rows.iter().position(|r| !r.trim().is_empty());
    let last = rows.iter().rposition(|r| !r.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return (String::new(), 0, 0);
    };
    let rows = &rows[first..=last];
    let indent = rows
        .iter()
        .filter(|r| !r.trim().is_empty())
        .map(|r| r.len() - r.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for r in rows {
        out.push_str(r.get(indent..).unwrap_or(""));
        out.push('\n');
    }
    (out, first, indent)
}

/// The columns a line takes on a terminal (escape sequences take none).
pub fn visible_width(line: &str) -> usize {
    let mut width = 0;
    let mut escape = false;
    for c in line.chars() {
        if escape {
            if c == 'm' {
                escape = false;
            }
            continue;
        }
        if c == '\x1b' {
            escape = true;
            continue;
        }
        width += cell_width(c);
    }
    width
}

/// Text for the ASCII charset: characters outside printable ASCII become `?` (wide ones
/// `??`, so the columns the layout measured stay right; combining marks vanish).
pub(super) fn ascii_safe(text: &str, ascii: bool) -> String {
    if !ascii {
        return super::clean(text);
    }
    super::clean(text)
        .chars()
        .map(|c| match cell_width(c) {
            _ if c.is_ascii_graphic() || c == ' ' => c.to_string(),
            0 => String::new(),
            2 => "??".to_owned(),
            _ => "?".to_owned(),
        })
        .collect()
}

/// The cells a line from `a` to `b` covers (as [`Grid::line`] draws it), each with the
/// directions of the line there.
fn segment_cells(a: (i64, i64), b: (i64, i64)) -> Vec<(i64, i64, u8)> {
    if a.0 != b.0 && a.1 != b.1 {
        let elbow = (b.0, a.1);
        let mut cells = segment_cells(a, elbow);
        cells.extend(segment_cells(elbow, b));
        return cells;
    }
    let (dx, dy) = ((b.0 - a.0).signum(), (b.1 - a.1).signum());
    let axis = if dx != 0 { E | W } else { N | S };
    let mut cells = Vec::new();
    let mut p = a;
    loop {
        cells.push((p.0, p.1, axis));
        if p == b || (dx, dy) == (0, 0) {
            return cells;
        }
        p = (p.0 + dx, p.1 + dy);
    }
}

fn dedup(points: impl Iterator<Item = (i64, i64)>) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    for p in points {
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

fn opposite(dir: u8) -> u8 {
    match dir {
        N => S,
        S => N,
        E => W,
        _ => E,
    }
}

fn direction(a: (i64, i64), b: (i64, i64)) -> u8 {
    match ((b.0 - a.0).signum(), (b.1 - a.1).signum()) {
        (1, _) => E,
        (-1, _) => W,
        (_, 1) => S,
        _ => N,
    }
}

fn step(p: (i64, i64), dir: u8) -> (i64, i64) {
    match dir {
        N => (p.0, p.1 - 1),
        S => (p.0, p.1 + 1),
        E => (p.0 + 1, p.1),
        _ => (p.0 - 1, p.1),
    }
}

/// A route on the grid: from just outside the source's border to the arrowhead just
/// outside the target's.
struct Route {
    points: Vec<(i64, i64)>,
    start_border: (i64, i64),
    start_dir: u8,
    head: (i64, i64),
    head_dir: u8,
    tail: (i64, i64),
    tail_dir: u8,
}

/// Adjusts a snapped route so that it leaves the source's border straight and ends in a
/// head just before the target's border, reached by a straight line. Geometry puts route
/// ends on box edges (the border cells on the top and left, the cells beyond on the bottom
/// and right); an arrow between a frame and what it holds runs inside the frame.
fn normalise(
    points: &[(i64, i64)],
    from: &CellRect,
    to: &CellRect,
    two_way: bool,
) -> Option<Route> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len();
    // The end.
    let last = points[n - 1];
    let prev = points[n - 2];
    // Arriving horizontally, the point belongs on a left or right side.
    let end_border = clamp(to, last, prev.1 == last.1 && prev.0 != last.0);
    let from_inside = to.inner_contains(prev);
    let head_dir = match outward(to, end_border) {
        Some(out) if from_inside => out,
        Some(out) => opposite(out),
        None => direction(prev, last),
    };
    let head = step(end_border, opposite(head_dir));
    // Boxes one cell apart, face to face: the head alone fills the gap.
    {
        let first = points[0];
        let start_border = clamp(
            from,
            first,
            points[1].1 == first.1 && points[1].0 != first.0,
        );
        if step(start_border, head_dir) == head && outward(from, start_border) == Some(head_dir) {
            return Some(Route {
                points: vec![head, head],
                start_border,
                start_dir: head_dir,
                head,
                head_dir,
                tail: head,
                tail_dir: opposite(head_dir),
            });
        }
    }
    let mut route: Vec<(i64, i64)> = points[..n - 1].to_vec();
    if !straight(prev, head, head_dir) {
        // Come in straight, through the cell before the head: what the route does at or
        // past that cell's depth (a jog on the head's row) is replaced by one elbow.
        let pre = step(head, opposite(head_dir));
        let depth = |p: (i64, i64)| match head_dir {
            S => p.1,
            N => -p.1,
            E => p.0,
            _ => -p.0,
        };
        while route.len() > 1 && depth(*route.last().expect("not empty")) >= depth(pre) {
            route.pop();
        }
        let last = *route.last().expect("not empty");
        let elbow = if head_dir == N || head_dir == S {
            (last.0, pre.1)
        } else {
            (pre.0, last.1)
        };
        route.extend([elbow, pre]);
    }
    route.push(head);
    // The start.
    let first = route[0];
    let next = route[1];
    let start_border = clamp(from, first, next.1 == first.1 && next.0 != first.0);
    let to_inside = from.inner_contains(next);
    let start_dir = match outward(from, start_border) {
        Some(out) if to_inside => opposite(out),
        Some(out) => out,
        None => direction(first, next),
    };
    let tail = step(start_border, start_dir);
    let mut points = vec![tail];
    // The line may turn right out of the border (`┬` then `└──`), unless a head sits
    // there too.
    let turns_at_tail = next == tail && !two_way;
    if !turns_at_tail && !straight(tail, next, start_dir) {
        let post = step(tail, start_dir);
        let elbow = if start_dir == N || start_dir == S {
            (next.0, post.1)
        } else {
            (post.0, next.1)
        };
        points.extend([post, elbow]);
    }
    points.extend_from_slice(&route[1..]);
    let points = dedup(points.into_iter());
    let points = if points.len() < 2 {
        vec![tail, head]
    } else {
        points
    };
    Some(Route {
        points,
        start_border,
        start_dir,
        head,
        head_dir,
        tail,
        tail_dir: opposite(start_dir),
    })
}

/// A loop from a box to itself when the layout's route collapsed on the grid: out of the
/// bottom border near the right corner, round the corner, back into the right side.
fn self_loop(r: &CellRect) -> Route {
    let (right, bottom) = (r.x + r.w - 1, r.y + r.h - 1);
    let start_border = (right - 2, bottom);
    let tail = (right - 2, bottom + 1);
    let head = (right + 1, r.y + 1);
    Route {
        points: vec![
            tail,
            (right - 2, bottom + 2),
            (right + 2, bottom + 2),
            (right + 2, r.y + 1),
            head,
        ],
        start_border,
        start_dir: S,
        head,
        head_dir: W,
        tail,
        tail_dir: N,
    }
}

/// Whether `b` lies beyond `a` in direction `dir`, on the same row or column.
fn straight(a: (i64, i64), b: (i64, i64), dir: u8) -> bool {
    match dir {
        N => a.0 == b.0 && b.1 < a.1,
        S => a.0 == b.0 && b.1 > a.1,
        E => a.1 == b.1 && b.0 > a.0,
        _ => a.1 == b.1 && b.0 < a.0,
    }
}

/// The cell of `r`'s border nearest to `p`, never a corner (a line cannot meet a corner
/// visibly): a point at a corner moves one cell along the side it came to.
fn clamp(r: &CellRect, p: (i64, i64), along_rows: bool) -> (i64, i64) {
    let mut x = p.0.clamp(r.x, r.x + r.w - 1);
    let mut y = p.1.clamp(r.y, r.y + r.h - 1);
    let corner = (x == r.x || x == r.x + r.w - 1) && (y == r.y || y == r.y + r.h - 1);
    if corner && r.w > 2 && r.h > 2 {
        if along_rows {
            y = y.clamp(r.y + 1, r.y + r.h - 2);
        } else {
            x = x.clamp(r.x + 1, r.x + r.w - 2);
        }
    }
    let (left, right) = (x - r.x, r.x + r.w - 1 - x);
    let (top, bottom) = (y - r.y, r.y + r.h - 1 - y);
    // Inside: onto the nearest side.
    match left.min(right).min(top).min(bottom) {
        0 => (x, y),
        d if d == top => (x, r.y),
        d if d == bottom => (x, r.y + r.h - 1),
        d if d == left => (r.x, y),
        _ => (r.x + r.w - 1, y),
    }
}

/// The outward direction of the side a border cell lies on (none at a corner).
fn outward(r: &CellRect, (x, y): (i64, i64)) -> Option<u8> {
    let (right, bottom) = (r.x + r.w - 1, r.y + r.h - 1);
    let corner = (x == r.x || x == right) && (y == r.y || y == bottom);
    if corner {
        return None;
    }
    match () {
        _ if y == r.y => Some(N),
        _ if y == bottom => Some(S),
        _ if x == r.x => Some(W),
        _ if x == right => Some(E),
        _ => None,
    }
}
