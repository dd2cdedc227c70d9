//! The legend under the drawing: the kinds and arrow styles used (`--legend`), and the
//! findings drawn by `--annotate`, one line each.

use super::shapes::{self, Path};
use super::{font, num, Canvas, Level, Ts};
use crate::layout::metrics::{wrap, Metrics};
use crate::layout::Rect;
use crate::model::schema::Kind;
use crate::syntax::ast::ArrowStyle;
use svg::node::element as el;
use svg::node::element::Element;
use svg::Node as _;

const MARGIN: f64 = 16.0;
const SWATCH_W: f64 = 34.0;
const SWATCH_H: f64 = 22.0;
const GAP: f64 = 18.0;

pub(super) struct Legend {
    kinds: Vec<Kind>,
    frames: Vec<Kind>,
    styles: Vec<ArrowStyle>,
    findings: Vec<(String, Level, String)>,
}

impl Legend {
    pub(super) fn new(canvas: &mut Canvas<'_>, kinds: bool) -> Legend {
        let mut legend = Legend {
            kinds: Vec::new(),
            frames: Vec::new(),
            styles: Vec::new(),
            findings: Vec::new(),
        };
        if kinds {
            for b in &canvas.g.nodes {
                let kind = canvas.d.node(b.node).kind;
                if super::drawn_as_frame(canvas.d, b) {
                    legend.frames.push(kind);
                } else {
                    legend.kinds.push(kind);
                }
            }
            let order = |k: &Kind| Kind::ALL.iter().position(|x| x == k);
            for list in [&mut legend.kinds, &mut legend.frames] {
                list.sort_by_key(order);
                list.dedup();
            }
            for a in &canvas.d.arrows {
                if !legend.styles.contains(&a.style) {
                    legend.styles.push(a.style);
                }
            }
            legend.styles.sort_by_key(|s| *s != ArrowStyle::Sync);
        }
        if let Some(overlay) = canvas.overlay {
            let mut findings = overlay.findings.clone();
            findings.sort_by(|a, b| (a.level, &a.code).cmp(&(b.level, &b.code)));
            for f in findings {
                legend.findings.push((
                    f.code.clone(),
                    f.level,
                    format!("{}: {}", f.name, f.message.replace('`', "")),
                ));
            }
        }
        legend
    }

    /// The legend's element and size, placed below `top` in a picture `width` wide.
    pub(super) fn draw(
        &self,
        canvas: &mut Canvas<'_>,
        top: f64,
        width: f64,
    ) -> (Option<Element>, Option<(f64, f64)>) {
        if self.kinds.is_empty()
            && self.frames.is_empty()
            && self.styles.is_empty()
            && self.findings.is_empty()
        {
            return (None, None);
        }
        let m = canvas.m;
        let p = canvas.p;
        let line = m.line_height();
        let right = width.max(480.0) - MARGIN;
        let mut group = Element::new("g");
        group.assign("class", "legend");
        let mut y = top + 8.0;
        let mut used_width: f64 = 0.0;
        group.append(
            el::Line::new()
                .set("x1", num(MARGIN))
                .set("x2", num(right))
                .set("y1", num(y))
                .set("y2", num(y))
                .set("stroke", p.frame_stroke)
                .set("stroke-width", "0.8"),
        );
        y += 12.0;

        // Kinds, frames and arrow styles flow in rows.
        let mut x = MARGIN;
        let mut row_used = false;
        let items: Vec<Item> = self
            .kinds
            .iter()
            .map(|&k| Item::Kind(k))
            .chain(self.frames.iter().map(|&k| Item::Frame(k)))
            .chain(self.styles.iter().map(|&s| Item::Arrow(s)))
            .collect();
        for item in &items {
            let label = item.label();
            let w = SWATCH_W + 6.0 + font::text_width(m.regular, m.size, &label);
            if row_used && x + w > right {
                x = MARGIN;
                y += SWATCH_H + 10.0;
            }
            let swatch = Rect {
                x,
                y,
                width: SWATCH_W,
                height: SWATCH_H,
            };
            group.append(item.swatch(canvas, swatch));
            let text = canvas.text(
                x + SWATCH_W + 6.0,
                y + SWATCH_H / 2.0 + m.size * 0.35,
                &label,
                Ts {
                    size: m.size,
                    bold: false,
                    anchor: "start",
                    fill: p.text,
                },
            );
            group.append(text);
            x += w + GAP;
            used_width = used_width.max(x - GAP + MARGIN);
            row_used = true;
        }
        if row_used {
            y += SWATCH_H + 14.0;
        }

        // Findings, one per line, wrapped to the width.
        let small = m.small() - 1.0;
        for (code, level, text) in &self.findings {
            let colour = canvas.level_colour(*level);
            let bw = font::text_width(m.bold, small, code) + 10.0;
            let bh = small + 6.0;
            group.append(
                el::Rectangle::new()
                    .set("x", num(MARGIN))
                    .set("y", num(y + (line - bh) / 2.0))
                    .set("width", num(bw))
                    .set("height", num(bh))
                    .set("rx", num(bh / 2.0))
                    .set("fill", colour),
            );
            let badge = canvas.text(
                MARGIN + bw / 2.0,
                y + (line - bh) / 2.0 + bh * 0.72,
                code,
                Ts {
                    size: small,
                    bold: true,
                    anchor: "middle",
                    fill: "#ffffff",
                },
            );
            group.append(badge);
            let tx = MARGIN + bw + 8.0;
            let lines = wrap(text, (right - tx).max(120.0), &m);
            for l in &lines {
                let t = canvas.text(
                    tx,
                    y + line * 0.72,
                    l,
                    Ts {
                        size: m.size,
                        bold: false,
                        anchor: "start",
                        fill: p.text,
                    },
                );
                group.append(t);
                used_width = used_width.max(tx + m.text_width(l) + MARGIN);
                y += line;
            }
            y += 4.0;
        }
        (Some(group), Some((used_width, y + 8.0 - top)))
    }
}

enum Item {
    Kind(Kind),
    Frame(Kind),
    Arrow(ArrowStyle),
}

impl Item {
    fn label(&self) -> String {
        match self {
            Item::Kind(k) | Item::Frame(k) => k.name().to_owned(),
            Item::Arrow(ArrowStyle::Sync) => "call (synchronous)".to_owned(),
            Item::Arrow(ArrowStyle::Async) => "message (asynchronous)".to_owned(),
        }
    }

    fn swatch(&self, canvas: &Canvas<'_>, r: Rect) -> Element {
        let p = canvas.p;
        match self {
            Item::Kind(k) => {
                let paint = p.paint(*k);
                let shape = shapes::shape(*k, r);
                let mut g =
                    canvas.path(&shape.outline, paint.fill, paint.stroke, 1.2, (k.name(), 0));
                if !shape.detail.0.is_empty() {
                    g.append(canvas.path(&shape.detail, "none", paint.stroke, 1.2, (k.name(), 1)));
                }
                if let Some((icon, _, _)) = shape.icon {
                    // Scaled into the swatch's middle.
                    let s = 0.75;
                    let placed = icon.path().placed(
                        s,
                        r.x + (r.width - shapes::ICON * s) / 2.0,
                        r.y + (r.height - shapes::ICON * s) / 2.0,
                    );
                    g.append(
                        el::Path::new()
                            .set("d", super::theme::exact(&placed))
                            .set("fill", "none")
                            .set("stroke", paint.stroke)
                            .set("stroke-width", "1.2"),
                    );
                }
                g
            }
            Item::Frame(k) => {
                let style = p.frame(*k);
                let mut g = canvas.path(
                    &Path::rounded(r, 4.0),
                    style.fill,
                    style.stroke,
                    style.width,
                    (k.name(), 2),
                );
                if let Some(dash) = style.dash {
                    g.assign("stroke-dasharray", dash);
                }
                g
            }
            Item::Arrow(style) => {
                let mut line = el::Path::new()
                    .set(
                        "d",
                        format!(
                            "M{},{} L{},{}",
                            num(r.x),
                            num(r.y + r.height / 2.0),
                            num(r.right() - 2.0),
                            num(r.y + r.height / 2.0)
                        ),
                    )
                    .set("stroke", p.arrow)
                    .set("stroke-width", "1.4")
                    .set("marker-end", "url(#head)");
                if *style == ArrowStyle::Async {
                    line = line.set("stroke-dasharray", "6 4");
                }
                let mut g = Element::new("g");
                g.append(line);
                g
            }
        }
    }
}
