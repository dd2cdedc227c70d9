//! A check of a terminal drawing, made on its characters: every box closed, no two boxes
//! overlapping unless one holds the other, every arrow a line traced cell by cell from
//! its head back to its source's border, no two arrows sharing a head unless they end at
//! the same port. [`super::text::draw`] uses it to choose among candidate drawings, and
//! the tests use it on every example and on random diagrams.

use super::text::{Charset, Drawing};
use crate::layout::metrics::cell_width;
use crate::model::Diagram;

/// The drawing as a grid of cells: the character in each (wide characters fill two
/// cells, the second `\0`; combining marks are dropped).
pub fn cells(text: &str) -> Vec<Vec<char>> {
    text.lines()
        .map(|line| {
            let mut row = Vec::new();
            for c in line.chars() {
                match cell_width(c) {
                    0 => {}
                    2 => {
                        row.push(c);
                        row.push('\0');
                    }
                    _ => row.push(c),
                }
            }
            row
        })
        .collect()
}

const N: u8 = 1;
const E: u8 = 2;
const S: u8 = 4;
const W: u8 = 8;

/// The directions a line character connects to.
pub fn connections(c: char) -> u8 {
    match c {
        '│' | '┆' | '╎' | '┃' | '║' | '|' | ':' => N | S,
        '─' | '┄' | '╌' | '━' | '═' | '-' | '.' | '=' => E | W,
        '┌' | '╭' | '┏' | '╔' => S | E,
        '┐' | '╮' | '┓' | '╗' => S | W,
        '└' | '╰' | '┗' | '╚' => N | E,
        '┘' | '╯' | '┛' | '╝' => N | W,
        '├' | '┣' | '╟' => N | S | E,
        '┤' | '┫' | '╢' => N | S | W,
        '┬' | '┳' | '╤' => E | W | S,
        '┴' | '┻' | '╧' => E | W | N,
        '┼' | '╋' | '╪' | '╫' | '+' => N | S | E | W,
        _ => 0,
    }
}

pub fn at(grid: &[Vec<char>], (x, y): (i64, i64)) -> char {
    if x < 0 || y < 0 {
        return ' ';
    }
    grid.get(y as usize)
        .and_then(|r| r.get(x as usize))
        .copied()
        .unwrap_or(' ')
}

fn step((x, y): (i64, i64), dir: u8) -> (i64, i64) {
    match dir {
        N => (x, y - 1),
        S => (x, y + 1),
        E => (x + 1, y),
        _ => (x - 1, y),
    }
}

fn back(dir: u8) -> u8 {
    match dir {
        N => S,
        S => N,
        E => W,
        _ => E,
    }
}

/// Follows the line that ends in the head at `head` backwards and says whether it reaches
/// `start` (a cell on the source's border). Straight through crossings; both ways at a
/// junction where two lines merge.
fn traces_back(
    grid: &[Vec<char>],
    head: (i64, i64),
    start: (i64, i64),
    ascii: bool,
    seen: &mut Seen,
) -> bool {
    seen.clear();
    let into = match (at(grid, head), ascii) {
        ('▼', false) | ('v', true) => S,
        ('▲', false) | ('^', true) => N,
        ('▶', false) | ('>', true) => E,
        ('◀', false) | ('<', true) => W,
        _ => return false,
    };
    // The cell behind the head, entered moving away from the target.
    let mut stack = vec![(step(head, back(into)), back(into))];
    if head == step(start, back(into)) || step(head, back(into)) == start {
        return true;
    }
    while let Some((p, moving)) = stack.pop() {
        if p == start {
            return true;
        }
        if !seen.insert(p, moving) {
            continue;
        }
        let c = at(grid, p);
        let links = connections(c);
        let from = back(moving);
        if links & from == 0 {
            // A head of another arrow, a port mark or text: a two-way arrow's head at the
            // source's side counts when it is next to `start`.
            if step(p, moving) == start {
                return true;
            }
            continue;
        }
        let others = links & !from;
        // In ASCII `+` is every corner and crossing: any way on. In Unicode a crossing
        // (`┼`, `╋`, ...) is straight on.
        if c != '+' && others.count_ones() == 3 {
            // A crossing: straight on.
            stack.push((step(p, moving), moving));
            continue;
        }
        for dir in [N, E, S, W] {
            if others & dir != 0 {
                stack.push((step(p, dir), dir));
            }
        }
    }
    false
}

/// What is wrong with a drawing of `diagram`: empty when it is sound.
pub fn problems(diagram: &Diagram, drawing: &Drawing, charset: Charset) -> Vec<String> {
    let grid = cells(&drawing.text);
    let ascii = charset == Charset::Ascii;
    let mut problems: Vec<String> = drawing
        .missing
        .iter()
        .map(|m| format!("{m} is missing"))
        .collect();
    for (id, (x, y, w, h), frame) in &drawing.anchors.boxes {
        let name = &diagram.node(*id).qualified;
        for (cx, cy, want) in [
            (*x, *y, S | E),
            (x + w - 1, *y, S | W),
            (*x, y + h - 1, N | E),
            (x + w - 1, y + h - 1, N | W),
        ] {
            let c = at(&grid, (cx, cy));
            if connections(c) & want != want {
                problems.push(format!("`{name}` has {c:?} at a corner ({cx}, {cy})"));
            }
        }
        // A frame's title is written in its top border.
        let rows = if *frame {
            vec![y + h - 1]
        } else {
            vec![*y, y + h - 1]
        };
        for cy in rows {
            for cx in x + 1..x + w - 1 {
                let c = at(&grid, (cx, cy));
                let ok = connections(c) & (E | W) == (E | W)
                    || matches!(c, '●' | 'o' | '▲' | '▼' | '^' | 'v')
                    || (!c.is_ascii() && connections(c) == 0 && c != ' ');
                if !ok {
                    problems.push(format!("`{name}` is open at ({cx}, {cy}): {c:?}"));
                }
            }
        }
        for cy in y + 1..y + h - 1 {
            for cx in [*x, x + w - 1] {
                let c = at(&grid, (cx, cy));
                let ok = connections(c) & (N | S) == (N | S)
                    || matches!(c, '●' | 'o' | '◀' | '▶' | '<' | '>');
                if !ok {
                    problems.push(format!("`{name}` is open at ({cx}, {cy}): {c:?}"));
                }
            }
        }
    }
    let boxes = &drawing.anchors.boxes;
    for (i, (a, ra, _)) in boxes.iter().enumerate() {
        for (b, rb, _) in &boxes[i + 1..] {
            if diagram.encloses(*a, *b) || diagram.encloses(*b, *a) {
                continue;
            }
            let apart = ra.0 + ra.2 <= rb.0
                || rb.0 + rb.2 <= ra.0
                || ra.1 + ra.3 <= rb.1
                || rb.1 + rb.3 <= ra.1;
            if !apart {
                problems.push(format!(
                    "`{}` and `{}` overlap",
                    diagram.node(*a).qualified,
                    diagram.node(*b).qualified
                ));
            }
        }
    }
    if drawing.anchors.arrows.len() + drawing.missing.len() != diagram.arrows.len() {
        problems.push(format!(
            "{} of {} arrows are drawn",
            drawing.anchors.arrows.len(),
            diagram.arrows.len()
        ));
    }
    let mut heads = std::collections::BTreeMap::new();
    let mut seen = Seen::new(&grid);
    for (arrow, head, start) in &drawing.anchors.arrows {
        let a = diagram.arrow(*arrow);
        let to = a.to;
        if let Some(other) = heads.insert(*head, (to.node, to.port)) {
            if other != (to.node, to.port) || to.port.is_none() {
                problems.push(format!(
                    "two arrows into `{}` share the head at {head:?}",
                    diagram.node(to.node).qualified
                ));
            }
        }
        if !traces_back(&grid, *head, *start, ascii, &mut seen) {
            problems.push(format!(
                "the arrow `{}` -> `{}` does not connect (head {head:?}, start {start:?})",
                diagram.node(a.from.node).qualified,
                diagram.node(to.node).qualified
            ));
        }
    }
    problems
}

/// The (cell, direction) pairs a trace has visited: a bit per direction per cell of the
/// drawing, cleared through the list of cells touched (traces are short, drawings big).
struct Seen {
    width: usize,
    bits: Vec<u8>,
    touched: Vec<usize>,
}

impl Seen {
    fn new(grid: &[Vec<char>]) -> Seen {
        let width = grid.iter().map(Vec::len).max().unwrap_or(0) + 2;
        Seen {
            width,
            bits: vec![0; width * (grid.len() + 2)],
            touched: Vec::new(),
        }
    }

    fn clear(&mut self) {
        for &i in &self.touched {
            self.bits[i] = 0;
        }
        self.touched.clear();
    }

    /// Marks `(p, dir)`; false when it was already marked. Cells outside the drawing
    /// (one cell of margin round it is kept) are never marked: nothing leads on from them.
    fn insert(&mut self, (x, y): (i64, i64), dir: u8) -> bool {
        let (x, y) = (x + 1, y + 1);
        if x < 0 || y < 0 || x as usize >= self.width {
            return true;
        }
        let Some(cell) = self.bits.get_mut(y as usize * self.width + x as usize) else {
            return true;
        };
        if *cell & dir != 0 {
            return false;
        }
        if *cell == 0 {
            self.touched.push(y as usize * self.width + x as usize);
        }
        *cell |= dir;
        true
    }
}
