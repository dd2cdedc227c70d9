//! A plain SVG of a [`Geometry`], for looking at layouts while developing the engine (the
//! styled renderer is its own module). Every text is escaped.

use super::Geometry;
use crate::model::Diagram;
use std::fmt::Write;

/// Escapes text for SVG content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn n(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// The geometry as a plain SVG document.
pub fn render(diagram: &Diagram, g: &Geometry, line_height: f64) -> String {
    render_marked(diagram, g, line_height, None)
}

/// A failure to draw (`build --what-if`): per node, whether it failed (crossed out) or
/// went down with what failed (highlighted).
#[derive(Clone, Debug)]
pub struct Marks {
    pub failed: Vec<bool>,
    pub impacted: Vec<bool>,
}

const FAILED: &str = "#c0392b";
const IMPACTED: &str = "#d35400";

/// Like [`render`], with a failure drawn over it: failed boxes crossed out in red, boxes
/// that went down with them filled in orange, and the arrows into either drawn in red.
pub fn render_marked(
    diagram: &Diagram,
    g: &Geometry,
    line_height: f64,
    marks: Option<&Marks>,
) -> String {
    let failed = |id: crate::model::NodeId| marks.is_some_and(|m| m.failed[id.0]);
    let impacted = |id: crate::model::NodeId| marks.is_some_and(|m| m.impacted[id.0]);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="14">"#,
        w = n(g.width),
        h = n(g.height)
    );
    s.push_str(r##"<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker>"##);
    if marks.is_some() {
        let _ = write!(
            s,
            r##"<marker id="head-failed" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{FAILED}"/></marker>"##
        );
    }
    s.push_str("</defs>");
    s.push('\n');
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    for b in &g.nodes {
        let node = diagram.node(b.node);
        let r = b.rect;
        let (fill, stroke, frame_fill) = if failed(b.node) {
            ("#fdecea", FAILED, "#fdecea")
        } else if impacted(b.node) {
            ("#fdebd0", IMPACTED, "#fdf2e9")
        } else {
            ("white", "#333", "#f6f8fa")
        };
        if b.frame {
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="{frame_fill}" stroke="{}" stroke-dasharray="6 3" rx="6"/>"##,
                n(r.x),
                n(r.y),
                n(r.width),
                n(r.height),
                if failed(b.node) { FAILED } else { "#888" }
            );
            if let Some(t) = b.title {
                for (i, line) in b.lines.iter().enumerate() {
                    let _ = writeln!(
                        s,
                        r##"<text x="{}" y="{}" font-weight="bold" fill="#444">{}</text>"##,
                        n(t.x),
                        n(t.y + line_height * (i as f64 + 0.8)),
                        escape(line)
                    );
                }
            }
        } else {
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{stroke}" rx="4"/>"##,
                n(r.x),
                n(r.y),
                n(r.width),
                n(r.height)
            );
            if failed(b.node) {
                // Crossed out, corner to corner.
                let _ = writeln!(
                    s,
                    r##"<path d="M{},{} L{},{} M{},{} L{},{}" stroke="{FAILED}" stroke-width="2"/>"##,
                    n(r.x),
                    n(r.y),
                    n(r.x + r.width),
                    n(r.y + r.height),
                    n(r.x + r.width),
                    n(r.y),
                    n(r.x),
                    n(r.y + r.height)
                );
            }
            let total = (b.lines.len() + 1) as f64 * line_height;
            let top = r.y + (r.height - total) / 2.0;
            let _ = writeln!(
                s,
                r##"<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#777">«{}»</text>"##,
                n(r.x + r.width / 2.0),
                n(top + line_height * 0.75),
                escape(node.kind.name())
            );
            for (i, line) in b.lines.iter().enumerate() {
                let _ = writeln!(
                    s,
                    r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
                    n(r.x + r.width / 2.0),
                    n(top + line_height * (i as f64 + 1.75)),
                    escape(line)
                );
            }
        }
        for p in &b.ports {
            let _ = writeln!(
                s,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#555"/>"##,
                n(p.rect.x),
                n(p.rect.y),
                n(p.rect.width),
                n(p.rect.height)
            );
        }
    }
    for e in &g.edges {
        let arrow = diagram.arrow(e.arrow);
        let points: Vec<String> = e
            .points
            .iter()
            .map(|p| format!("{},{}", n(p.x), n(p.y)))
            .collect();
        let dash = if arrow.style == crate::syntax::ast::ArrowStyle::Async {
            r#" stroke-dasharray="5 4""#
        } else {
            ""
        };
        let to = arrow.to.node;
        let (stroke, head) = if failed(to) || impacted(to) {
            (FAILED, "head-failed")
        } else {
            ("#333", "head")
        };
        let start = if arrow.both {
            format!(r#" marker-start="url(#{head})""#)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            r##"<polyline points="{}" fill="none" stroke="{stroke}"{dash}{start} marker-end="url(#{head})"/>"##,
            points.join(" ")
        );
        if let (Some(l), Some(text)) = (e.label, &arrow.label) {
            let _ = writeln!(
                s,
                r##"<text x="{}" y="{}" font-size="12" fill="#333">{}</text>"##,
                n(l.x),
                n(l.y + line_height * 0.75),
                escape(text)
            );
        }
    }
    s.push_str("</svg>\n");
    s
}
