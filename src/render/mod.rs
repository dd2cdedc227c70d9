//! Phase 4: a laid-out diagram to a picture, as SVG or PNG.
//!
//! **Contract.** [`svg`] reads only the [`Diagram`] and its [`Geometry`] (laid out with the
//! theme's [`metrics`](Theme::metrics), so labels fit their boxes) and returns a complete,
//! self-contained SVG document: the fonts it uses are embedded as subsets, so browsers draw
//! exactly what was measured, and [`png`] rasterises the same document with the same font
//! bytes, without system fonts. Output is deterministic: the same input gives the same bytes.
//!
//! **Safety invariant.** Nothing from the input reaches the document except as escaped text
//! content: every label, title and tooltip is cleaned of control and bidirectional-override
//! characters and escaped; links are written only for `http` and `https` addresses,
//! percent-encoded. No input can add an element, an attribute, a script, an event handler
//! or an external reference.
//!
//! **Overlays.** An [`Overlay`] (a what-if failure, lint findings) is drawn over the same
//! picture: it changes paints and adds outlines and badges, never the layout.

pub mod check;
pub mod font;
mod legend;
pub mod shapes;
pub mod subset;
pub mod text;
pub mod theme;
pub mod tree;

use crate::layout::metrics::{wrap, Metrics};
use crate::layout::{Geometry, LayoutError, Rect, Side};
use crate::model::schema::Family;
use crate::model::AttrValue;
use crate::model::{Diagram, NodeId};
use crate::syntax::ast::ArrowStyle;
use font::{FontFile, FontMetrics};
use shapes::{Path, Shape};
use std::collections::{BTreeMap, BTreeSet};
use svg::node::element as el;
use svg::node::element::Element;
use svg::Node as _;
pub use theme::Theme;
use theme::{num, Jitter, Palette};

/// How to draw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub theme: Theme,
    /// Add a legend of the kinds and arrow styles used.
    pub legend: bool,
}

/// Things drawn over the diagram.
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    /// Per node: it failed (drawn crossed out).
    pub failed: Vec<bool>,
    /// Per node: it went down with what failed (highlighted).
    pub impacted: Vec<bool>,
    /// Lint findings: the components involved are outlined and badged with the rule code.
    pub findings: Vec<Annotation>,
}

/// A finding to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub message: String,
    pub nodes: Vec<NodeId>,
}

/// A finding's level, which sets its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
    Info,
}

/// The findings to draw: the active (unsuppressed) lint findings that name components.
pub fn annotations(diagram: &Diagram, findings: &[crate::lint::LintDiagnostic]) -> Vec<Annotation> {
    let by_name: BTreeMap<&str, NodeId> = diagram
        .nodes
        .iter()
        .map(|n| (n.qualified.as_str(), n.id))
        .collect();
    findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .filter_map(|f| {
            let nodes: Vec<NodeId> = f
                .components
                .iter()
                .filter_map(|c| by_name.get(c.as_str()).copied())
                .collect();
            (!nodes.is_empty()).then(|| Annotation {
                code: f.diagnostic.code.to_owned(),
                name: f.diagnostic.name.to_owned(),
                level: match f.diagnostic.severity {
                    crate::Severity::Error => Level::Error,
                    crate::Severity::Warning => Level::Warning,
                    crate::Severity::Info => Level::Info,
                },
                message: f.diagnostic.message.clone(),
                nodes,
            })
        })
        .collect()
}

/// Lays the diagram out with the theme's font metrics.
pub fn layout(diagram: &Diagram, theme: Theme) -> Result<Geometry, LayoutError> {
    crate::layout::layout(diagram, &theme.metrics())
}

/// Lays the diagram out and draws it as an SVG document.
pub fn draw(
    diagram: &Diagram,
    options: &Options,
    overlay: Option<&Overlay>,
) -> Result<String, LayoutError> {
    let geometry = layout(diagram, options.theme)?;
    Ok(svg(diagram, &geometry, options, overlay))
}

/// Removes what must never reach the document: control characters (invalid in XML or
/// invisible), bidirectional overrides and isolates (which can make text read differently
/// from what it is), and noncharacters.
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !c.is_control()
                && !matches!(c as u32, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069 | 0x061C | 0xFDD0..=0xFDEF)
                && (c as u32) & 0xFFFE != 0xFFFE
        })
        .collect()
}

/// The address of a link, if it is a well-formed http or https address; characters that
/// could leave the attribute are percent-encoded.
pub fn safe_link(link: &str) -> Option<String> {
    let lower = link.trim().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let mut out = String::new();
    for b in link.trim().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&()*+,;=%".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

/// The replica count a component shows (`x3`, `2-20`, `2-N`), when it runs more than one.
pub fn replica_tag(node: &crate::model::Node) -> Option<String> {
    let count = |v: f64| format!("{}", v as i64);
    match node.attrs.get("replicas")? {
        AttrValue::Number(n) if *n > 1.0 => Some(format!("x{}", count(*n))),
        AttrValue::Range { min, max } => Some(match max {
            Some(max) => format!("{}-{}", count(*min), count(*max)),
            None => format!("{}-N", count(*min)),
        }),
        _ => None,
    }
}

/// Whether a box is drawn as a frame: it holds other boxes, or it is a group (an empty
/// group keeps its frame look).
pub(crate) fn drawn_as_frame(d: &Diagram, b: &crate::layout::NodeBox) -> bool {
    b.frame || d.node(b.node).kind.family() == Family::Group
}

/// Text to be set, per font file, to embed the glyphs it needs.
#[derive(Default)]
struct Glyphs(BTreeMap<FontFile, BTreeSet<char>>);

impl Glyphs {
    fn add(&mut self, file: FontFile, text: &str) {
        for c in text.chars() {
            if let Some(f) = font::drawn_by(file, c) {
                self.0.entry(f).or_default().insert(c);
            }
        }
    }
}

/// How a line of text is set.
#[derive(Clone, Copy)]
struct Ts<'a> {
    size: f64,
    bold: bool,
    /// `start`, `middle` or `end`.
    anchor: &'static str,
    fill: &'a str,
}

/// The drawing in progress.
struct Canvas<'a> {
    d: &'a Diagram,
    g: &'a Geometry,
    theme: Theme,
    p: &'static Palette,
    m: FontMetrics,
    overlay: Option<&'a Overlay>,
    glyphs: Glyphs,
    /// Where the geometry's origin lands (below the title).
    dy: f64,
}

impl Canvas<'_> {
    fn failed(&self, id: NodeId) -> bool {
        self.overlay
            .is_some_and(|o| o.failed.get(id.0).copied().unwrap_or(false))
    }

    fn impacted(&self, id: NodeId) -> bool {
        self.overlay
            .is_some_and(|o| o.impacted.get(id.0).copied().unwrap_or(false))
    }

    /// A class suffix saying how a what-if touched the node.
    fn state(&self, id: NodeId) -> &'static str {
        if self.failed(id) {
            " failed"
        } else if self.impacted(id) {
            " impacted"
        } else {
            ""
        }
    }

    fn jitter(&self, salt: &str, index: usize) -> Jitter {
        Jitter::new(Jitter::seed(salt) ^ (index as u64).wrapping_mul(0x2545_F491_4F6C_DD1D))
    }

    /// A path element: filled and stroked, drawn by the theme's pen.
    fn path(
        &self,
        path: &Path,
        fill: &str,
        stroke: &str,
        width: f64,
        seed: (&str, usize),
    ) -> Element {
        let mut group = Element::new("g");
        if self.theme.rough() {
            if fill != "none" {
                group.append(
                    el::Path::new()
                        .set("d", theme::exact(path))
                        .set("fill", fill)
                        .set("stroke", "none"),
                );
            }
            let mut jitter = self.jitter(seed.0, seed.1);
            for _ in 0..2 {
                group.append(
                    el::Path::new()
                        .set("d", theme::rough(path, &mut jitter))
                        .set("fill", "none")
                        .set("stroke", stroke)
                        .set("stroke-width", num(width))
                        .set("stroke-linecap", "round"),
                );
            }
        } else {
            group.append(
                el::Path::new()
                    .set("d", theme::exact(path))
                    .set("fill", fill)
                    .set("stroke", stroke)
                    .set("stroke-width", num(width))
                    .set("stroke-linejoin", "round"),
            );
        }
        group
    }

    /// One line of text.
    fn text(&mut self, x: f64, baseline: f64, line: &str, style: Ts<'_>) -> Element {
        let Ts {
            size,
            bold,
            anchor,
            fill,
        } = style;
        let line = clean(line);
        let file = if bold { self.m.bold } else { self.m.regular };
        self.glyphs.add(file, &line);
        let mut text = with_text("text", &line);
        text.assign("x", num(x));
        text.assign("y", num(baseline));
        text.assign("fill", fill);
        if (size - self.m.size).abs() > 1e-9 {
            text.assign("font-size", num(size));
        }
        if bold {
            text.assign("font-weight", FontFile::weight(self.m.bold));
        }
        if anchor != "start" {
            text.assign("text-anchor", anchor);
        }
        text
    }

    /// Lines of text centred in `area`.
    fn centred_lines(&mut self, group: &mut Element, area: Rect, lines: &[String], fill: &str) {
        let line = self.m.line_height();
        let top = area.y + (area.height - line * lines.len() as f64) / 2.0;
        for (i, l) in lines.iter().enumerate() {
            let baseline = top + line * i as f64 + line * 0.72;
            group.append(self.text(
                area.x + area.width / 2.0,
                baseline,
                l,
                Ts {
                    size: self.m.size,
                    bold: false,
                    anchor: "middle",
                    fill,
                },
            ));
        }
    }

    fn frame(&mut self, index: usize) -> Element {
        let b = &self.g.nodes[index];
        let node = self.d.node(b.node);
        let p = self.p;
        let theme::FrameStyle {
            fill,
            stroke,
            width,
            dash,
        } = p.frame(node.kind);
        let (fill, stroke) = if self.failed(b.node) {
            (p.failed_fill, p.error)
        } else if self.impacted(b.node) {
            (p.impacted_fill, p.impacted)
        } else {
            (fill, stroke)
        };
        let mut group = Element::new("g");
        group.assign(
            "class",
            format!("frame {}{}", node.kind.name(), self.state(b.node)),
        );
        let mut outline = self.path(
            &Path::rounded(b.rect, 8.0),
            fill,
            stroke,
            width,
            (&node.qualified, 0),
        );
        if let Some(dash) = dash {
            outline.assign("stroke-dasharray", dash);
        }
        group.append(outline);
        // A frame's title sits in its title band; an empty group's at its top left.
        let sp = self.m.spacing();
        let title = b.title.or_else(|| {
            Some(Rect {
                x: b.rect.x + sp.frame_pad,
                y: b.rect.y + sp.frame_pad / 2.0,
                ..b.rect
            })
        });
        if let Some(t) = title {
            let line = self.m.line_height();
            let lines = b.lines.clone();
            for (i, l) in lines.iter().enumerate() {
                let text = self.text(
                    t.x,
                    t.y + line * i as f64 + line * 0.72,
                    l,
                    Ts {
                        size: self.m.size,
                        bold: true,
                        anchor: "start",
                        fill: self.p.text,
                    },
                );
                group.append(text);
            }
        }
        self.describe(&mut group, b.node);
        self.link(group, b.node)
    }

    fn component(&mut self, index: usize) -> Element {
        let b = &self.g.nodes[index];
        let node = self.d.node(b.node);
        let p = self.p;
        let paint = p.paint(node.kind);
        let (fill, stroke) = if self.failed(b.node) {
            (p.failed_fill, p.error)
        } else if self.impacted(b.node) {
            (p.impacted_fill, p.impacted)
        } else {
            (paint.fill, paint.stroke)
        };
        let mut group = Element::new("g");
        group.assign(
            "class",
            format!("node {}{}", node.kind.name(), self.state(b.node)),
        );
        let tag = replica_tag(node);
        let mut r = b.rect;
        if tag.is_some() {
            // Two copies peek out behind: the stack stays inside the laid-out box.
            const STEP: f64 = 4.0;
            r.width -= 2.0 * STEP;
            r.height -= 2.0 * STEP;
            for k in [2.0, 1.0] {
                let behind = Rect {
                    x: r.x + k * STEP,
                    y: r.y + k * STEP,
                    ..r
                };
                let shape = shapes::shape(node.kind, behind);
                group.append(self.path(
                    &shape.outline,
                    fill,
                    stroke,
                    1.2,
                    (&node.qualified, k as usize),
                ));
            }
        }
        let Shape {
            outline,
            detail,
            icon,
        } = shapes::shape(node.kind, r);
        group.append(self.path(&outline, fill, stroke, 1.5, (&node.qualified, 3)));
        if !detail.0.is_empty() {
            group.append(self.path(&detail, "none", stroke, 1.5, (&node.qualified, 4)));
        }
        if let Some((icon, ix, iy)) = icon {
            group.append(
                el::Path::new()
                    .set("d", theme::exact(&icon.path().placed(1.0, ix, iy)))
                    .set("fill", "none")
                    .set("stroke", stroke)
                    .set("stroke-width", "1.4")
                    .set("stroke-linecap", "round")
                    .set("stroke-linejoin", "round"),
            );
        }
        if self.failed(b.node) {
            let cross = Path(vec![
                shapes::Seg::Move(r.x, r.y),
                shapes::Seg::Line(r.right(), r.bottom()),
                shapes::Seg::Move(r.right(), r.y),
                shapes::Seg::Line(r.x, r.bottom()),
            ]);
            group.append(self.path(&cross, "none", p.error, 2.5, (&node.qualified, 5)));
        }
        // The label, in the room the shape leaves.
        let inset = self.m.insets(node);
        let sp = self.m.spacing();
        let area = Rect {
            x: r.x + inset.left + sp.box_pad_x / 2.0,
            y: r.y + inset.top,
            width: r.width - inset.left - inset.right - sp.box_pad_x,
            height: r.height - inset.top - inset.bottom,
        };
        let lines = b.lines.clone();
        self.centred_lines(&mut group, area, &lines, p.text);
        if let Some(tag) = tag {
            let small = self.m.small();
            let w = font::text_width(self.m.regular, small, &tag) + 8.0;
            let h = small + 4.0;
            let pill = Rect {
                x: b.rect.right() - w - 1.0,
                y: b.rect.bottom() - h - 1.0,
                width: w,
                height: h,
            };
            group.append(
                el::Rectangle::new()
                    .set("x", num(pill.x))
                    .set("y", num(pill.y))
                    .set("width", num(pill.width))
                    .set("height", num(pill.height))
                    .set("rx", num(h / 2.0))
                    .set("fill", stroke),
            );
            let text = self.text(
                pill.x + w / 2.0,
                pill.y + h * 0.75,
                &tag,
                Ts {
                    size: small,
                    bold: false,
                    anchor: "middle",
                    fill: p.background,
                },
            );
            group.append(text);
        }
        self.ports(&mut group, index, stroke);
        self.describe(&mut group, b.node);
        self.link(group, b.node)
    }

    /// Port squares on the border, their names just outside, beside the arrow that
    /// attaches there.
    fn ports(&mut self, group: &mut Element, index: usize, stroke: &str) {
        let b = &self.g.nodes[index];
        let node = self.d.node(b.node);
        let small = self.m.small() - 1.0;
        for port in &b.ports {
            let r = port.rect;
            group.append(
                el::Rectangle::new()
                    .set("x", num(r.x))
                    .set("y", num(r.y))
                    .set("width", num(r.width))
                    .set("height", num(r.height))
                    .set("fill", self.p.background)
                    .set("stroke", stroke)
                    .set("stroke-width", "1.2"),
            );
            let name = node.ports[port.port].name.clone();
            let (x, y, anchor) = match port.side {
                Side::Top => (r.right() + 3.0, r.y - 1.0, "start"),
                Side::Bottom => (r.right() + 3.0, r.bottom() + small, "start"),
                Side::Left => (r.x - 2.0, r.y - 2.0, "end"),
                Side::Right => (r.right() + 2.0, r.y - 2.0, "start"),
            };
            let text = self.text(
                x,
                y,
                &name,
                Ts {
                    size: small,
                    bold: false,
                    anchor,
                    fill: self.p.muted,
                },
            );
            group.append(text);
        }
    }

    /// A tooltip from the `description` attribute.
    fn describe(&mut self, group: &mut Element, id: NodeId) {
        let node = self.d.node(id);
        let text = match node.attrs.get("description") {
            Some(AttrValue::Text(t)) => format!("{}: {}", node.qualified, t),
            _ => node.qualified.clone(),
        };
        group.append(with_text("title", &clean(&text)));
    }

    /// Wraps the group in a link when the node has a safe `link`.
    fn link(&self, group: Element, id: NodeId) -> Element {
        match self.d.node(id).attrs.get("link") {
            Some(AttrValue::Text(url)) => match safe_link(url) {
                Some(href) => {
                    let mut a = Element::new("a");
                    a.assign("href", href);
                    a.append(group);
                    a
                }
                None => group,
            },
            _ => group,
        }
    }

    fn edge(&mut self, index: usize) -> Element {
        let e = &self.g.edges[index];
        let arrow = self.d.arrow(e.arrow);
        let to = arrow.to.node;
        let hit = self.failed(to) || self.impacted(to);
        let (stroke, head) = if hit {
            (self.p.error, "head-hit")
        } else {
            (self.p.arrow, "head")
        };
        let mut group = Element::new("g");
        group.assign("class", if hit { "edge hit" } else { "edge" });
        let mut path = Path::default();
        for (i, pt) in e.points.iter().enumerate() {
            path.0.push(if i == 0 {
                shapes::Seg::Move(pt.x, pt.y)
            } else {
                shapes::Seg::Line(pt.x, pt.y)
            });
        }
        let d = if self.theme.rough() {
            // One stroke with a gentle wobble; the ends stay on the borders.
            let mut jitter = self.jitter("edge", index);
            wobble(&path, &mut jitter)
        } else {
            rounded_corners(
                &e.points.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>(),
                5.0,
            )
        };
        let mut line = el::Path::new()
            .set("d", d)
            .set("fill", "none")
            .set("stroke", stroke)
            .set("stroke-width", "1.4")
            .set("marker-end", format!("url(#{head})"));
        if arrow.both {
            line = line.set("marker-start", format!("url(#{head})"));
        }
        if arrow.style == ArrowStyle::Async {
            line = line.set("stroke-dasharray", "6 4");
        }
        group.append(line);
        if let (Some(l), Some(text)) = (e.label, &arrow.label) {
            let pad = 2.0;
            group.append(
                el::Rectangle::new()
                    .set("x", num(l.x - pad))
                    .set("y", num(l.y - pad / 2.0))
                    .set("width", num(l.width + 2.0 * pad))
                    .set("height", num(l.height + pad))
                    .set("rx", "3")
                    .set("fill", self.p.label_background)
                    .set("fill-opacity", "0.92"),
            );
            let lines = wrap(text, self.m.spacing().wrap_width, &self.m);
            self.centred_lines(&mut group, l, &lines, self.p.muted);
        }
        group
    }

    /// Outlines and badges for the findings.
    fn findings(&mut self, doc: &mut Element) {
        let Some(overlay) = self.overlay else { return };
        let boxes: BTreeMap<usize, Rect> =
            self.g.nodes.iter().map(|b| (b.node.0, b.rect)).collect();
        // Badges already on each node, to stack the next one to their left.
        let mut badges: BTreeMap<usize, f64> = BTreeMap::new();
        let small = self.m.small() - 1.0;
        for finding in &overlay.findings {
            let colour = self.level_colour(finding.level);
            for id in &finding.nodes {
                let Some(r) = boxes.get(&id.0) else { continue };
                doc.append(
                    el::Rectangle::new()
                        .set("x", num(r.x - 3.0))
                        .set("y", num(r.y - 3.0))
                        .set("width", num(r.width + 6.0))
                        .set("height", num(r.height + 6.0))
                        .set("rx", "6")
                        .set("fill", "none")
                        .set("stroke", colour)
                        .set("stroke-width", "2")
                        .set("stroke-dasharray", "5 3"),
                );
                let w = font::text_width(self.m.bold, small, &finding.code) + 10.0;
                let h = small + 6.0;
                let used = badges.entry(id.0).or_insert(0.0);
                let x = r.right() - w - *used + 4.0;
                *used += w + 3.0;
                let y = r.y - h / 2.0 - 3.0;
                doc.append(
                    el::Rectangle::new()
                        .set("x", num(x))
                        .set("y", num(y))
                        .set("width", num(w))
                        .set("height", num(h))
                        .set("rx", num(h / 2.0))
                        .set("fill", colour),
                );
                let text = self.text(
                    x + w / 2.0,
                    y + h * 0.72,
                    &finding.code,
                    Ts {
                        size: small,
                        bold: true,
                        anchor: "middle",
                        fill: "#ffffff",
                    },
                );
                doc.append(text);
            }
        }
    }

    fn level_colour(&self, level: Level) -> &'static str {
        match level {
            Level::Error => self.p.error,
            Level::Warning => self.p.warning,
            Level::Info => self.p.info,
        }
    }
}

/// An element holding escaped text, written inline (no whitespace added around it, which
/// would change what is drawn).
fn with_text(name: &str, content: &str) -> Element {
    let mut element = Element::new(name);
    element.append(svg::node::Text::new(content));
    element
}

/// SVG path data for an orthogonal polyline with its bends rounded.
fn rounded_corners(points: &[(f64, f64)], radius: f64) -> String {
    let mut d = String::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        if i == 0 {
            d.push_str(&format!("M{},{}", num(x), num(y)));
            continue;
        }
        if i + 1 < points.len() {
            let (px, py) = points[i - 1];
            let (nx, ny) = points[i + 1];
            let into = ((x - px).hypot(y - py) / 2.0).min(radius);
            let out = ((nx - x).hypot(ny - y) / 2.0).min(radius);
            let k = into.min(out);
            if k > 0.5 {
                let (ax, ay) = (x - (x - px).signum() * k, y - (y - py).signum() * k);
                let (bx, by) = (x + (nx - x).signum() * k, y + (ny - y).signum() * k);
                d.push_str(&format!(
                    " L{},{} Q{},{} {},{}",
                    num(ax),
                    num(ay),
                    num(x),
                    num(y),
                    num(bx),
                    num(by)
                ));
                continue;
            }
        }
        d.push_str(&format!(" L{},{}", num(x), num(y)));
    }
    d
}

/// A polyline drawn by hand: the interior points shift a little, the ends stay put.
fn wobble(path: &Path, jitter: &mut Jitter) -> String {
    let n = path.0.len();
    let mut moved = Path::default();
    for (i, seg) in path.0.iter().enumerate() {
        moved.0.push(match *seg {
            shapes::Seg::Line(x, y) if i + 1 < n => {
                shapes::Seg::Line(x + jitter.offset(0.8), y + jitter.offset(0.8))
            }
            other => other,
        });
    }
    theme::exact(&moved)
}

/// Draws the laid-out diagram as a complete SVG document.
pub fn svg(
    diagram: &Diagram,
    geometry: &Geometry,
    options: &Options,
    overlay: Option<&Overlay>,
) -> String {
    let theme = options.theme;
    let m = theme.metrics();
    let p = theme.palette();
    let title = diagram
        .title
        .as_deref()
        .map(clean)
        .filter(|t| !t.is_empty());
    let title_size = (m.size * 1.35).round();
    let dy = if title.is_some() {
        (title_size * 1.6 + 8.0).round()
    } else {
        0.0
    };
    let mut canvas = Canvas {
        d: diagram,
        g: geometry,
        theme,
        p,
        m,
        overlay,
        glyphs: Glyphs::default(),
        dy,
    };

    let mut body = Element::new("g");
    body.assign("transform", format!("translate(0,{})", num(canvas.dy)));
    for (i, b) in geometry.nodes.iter().enumerate() {
        if drawn_as_frame(diagram, b) {
            body.append(canvas.frame(i));
        }
    }
    for (i, b) in geometry.nodes.iter().enumerate() {
        if !drawn_as_frame(diagram, b) {
            body.append(canvas.component(i));
        }
    }
    for i in 0..geometry.edges.len() {
        body.append(canvas.edge(i));
    }
    canvas.findings(&mut body);

    let mut width = geometry.width;
    let mut height = geometry.height + dy;
    let mut top = Vec::new();
    if let Some(title) = &title {
        let w = font::text_width(m.bold, title_size, title);
        width = width.max(w + 2.0 * 16.0);
        top.push(canvas.text(
            16.0,
            16.0 + title_size,
            title,
            Ts {
                size: title_size,
                bold: true,
                anchor: "start",
                fill: p.text,
            },
        ));
    }
    let legend = legend::Legend::new(&mut canvas, options.legend);
    let (legend_element, legend_size) = legend.draw(&mut canvas, height, width);
    if let Some((w, h)) = legend_size {
        width = width.max(w);
        height += h;
    }
    let (width, height) = (width.ceil(), height.ceil());

    let mut doc = Element::new("svg");
    doc.assign("xmlns", "http://www.w3.org/2000/svg");
    doc.assign("width", num(width));
    doc.assign("height", num(height));
    doc.assign("viewBox", format!("0 0 {} {}", num(width), num(height)));
    doc.assign(
        "font-family",
        format!(
            "{}, {}, sans-serif",
            m.regular.family(),
            FontFile::Fallback.family()
        ),
    );
    doc.assign("font-size", num(m.size));
    let mut defs = Element::new("defs");
    defs.append(with_text("style", &font_faces(&canvas.glyphs)));
    for (id, colour) in [("head", p.arrow), ("head-hit", p.error)] {
        let mut marker = Element::new("marker");
        marker.assign("id", id);
        marker.assign("viewBox", "0 0 10 10");
        marker.assign("refX", "9");
        marker.assign("refY", "5");
        marker.assign("markerWidth", "7");
        marker.assign("markerHeight", "7");
        marker.assign("orient", "auto-start-reverse");
        marker.append(
            el::Path::new()
                .set("d", "M0,0 L10,5 L0,10 L2.5,5 Z")
                .set("fill", colour),
        );
        defs.append(marker);
    }
    doc.append(defs);
    doc.append(
        el::Rectangle::new()
            .set("width", "100%")
            .set("height", "100%")
            .set("fill", p.background),
    );
    for t in top {
        doc.append(t);
    }
    doc.append(body);
    if let Some(legend) = legend_element {
        doc.append(legend);
    }
    format!("{doc}\n")
}

/// The `@font-face` rules embedding a subset of each font the drawing sets text in.
fn font_faces(glyphs: &Glyphs) -> String {
    let mut css = String::new();
    for (file, chars) in &glyphs.0 {
        let Ok(bytes) = subset::subset(file.bytes(), chars) else {
            continue;
        };
        css.push_str(&format!(
            "@font-face{{font-family:\"{}\";font-weight:{};src:url(data:font/ttf;base64,{}) format(\"truetype\")}}",
            file.family(),
            file.weight(),
            base64(&bytes)
        ));
    }
    css
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Why a PNG could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PngError(pub String);

impl std::fmt::Display for PngError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The most pixels a PNG may have (a 16k x 16k picture).
pub const MAX_PIXELS: u64 = 16_384 * 16_384;

/// Rasterises an SVG document made by [`svg`] at `scale` (1 = one pixel per unit), with
/// the bundled fonts only.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    use resvg::{tiny_skia, usvg};
    use std::sync::{Arc, OnceLock};
    if !(scale.is_finite() && scale > 0.0) {
        return Err(PngError(format!(
            "the scale must be a positive number, not {scale}"
        )));
    }
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        // The bundled fonts as the SVG embeds them: every glyph, but without the layout
        // tables (kerning, ligatures, contextual alternates), so that the PNG sets text
        // with the plain advances it was measured with, as browsers do with the subsets.
        let mut db = usvg::fontdb::Database::new();
        for file in FontFile::ALL {
            let bytes = file.bytes();
            let plain = subset::subset(bytes, &subset::characters(bytes));
            db.load_font_data(plain.unwrap_or_else(|_| bytes.to_vec()));
        }
        Arc::new(db)
    });
    let options = usvg::Options {
        fontdb: fonts.clone(),
        font_family: FontFile::SansRegular.family().to_owned(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| PngError(format!("the SVG cannot be read: {e}")))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil(),
        (size.height() * scale).ceil(),
    );
    if f64::from(w) * f64::from(h) > MAX_PIXELS as f64 {
        return Err(PngError(format!(
            "the picture would be {w} x {h} pixels, more than the limit of {MAX_PIXELS}; use a smaller --scale"
        )));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w as u32, h as u32)
        .ok_or_else(|| PngError("the picture has no area".to_owned()))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError(format!("cannot encode the PNG: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn links_only_http_and_https() {
        assert_eq!(
            safe_link("https://a.example/x?y=1"),
            Some("https://a.example/x?y=1".into())
        );
        assert_eq!(
            safe_link("HTTP://a.example/\"><x"),
            Some("HTTP://a.example/%22%3E%3Cx".into())
        );
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link(" data:text/html,x"), None);
        assert_eq!(safe_link("file:///etc/passwd"), None);
    }

    #[test]
    fn cleaning_removes_controls_and_bidi() {
        assert_eq!(clean("a\u{202E}b\u{0007}c\u{2066}d\u{FFFF}"), "abcd");
        assert_eq!(clean("café → 東京"), "café → 東京");
    }
}
