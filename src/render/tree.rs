//! The containment tree (`--format tree`), the way the seed's solo-dev answer draws its
//! EC2: each declaration under what contains it, with its kind tag, and its outgoing
//! arrows listed under it in the language's own notation.

use super::text::{tag, Charset};
use crate::model::{Diagram, NodeId};
use crate::syntax::ast::ArrowStyle;

/// The tree as text, one declaration or arrow per line.
pub fn tree(diagram: &Diagram, charset: Charset) -> String {
    let (branch, last, pipe, blank) = match charset {
        Charset::Unicode => ("├── ", "└── ", "│   ", "    "),
        Charset::Ascii => ("|-- ", "`-- ", "|   ", "    "),
    };
    let clean = |text: &str| super::text::ascii_safe(text, charset == Charset::Ascii);
    let mut out = String::new();
    let roots: Vec<NodeId> = diagram.roots().map(|n| n.id).collect();
    let top_prefix = if let Some(title) = &diagram.title {
        out.push_str(&clean(title));
        out.push('\n');
        Some(String::new())
    } else {
        None
    };
    // Outgoing arrows per node, in source order.
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); diagram.nodes.len()];
    for (i, a) in diagram.arrows.iter().enumerate() {
        outgoing[a.from.node.0].push(i);
    }
    let line = |id: NodeId| -> String {
        let node = diagram.node(id);
        let mut s = clean(node.display_label());
        if node.label.is_some() && node.name != node.display_label() {
            s.push_str(&format!(" ({})", node.name));
        }
        match tag(node.kind) {
            Some(t) => s.push_str(&format!(" {t}")),
            None => s.push_str(&format!(" [{}]", node.kind.name())),
        }
        if let Some(count) = super::replica_tag(node) {
            s.push_str(&format!(" {count}"));
        }
        s
    };
    // Depth-first, with the prefix each level adds.
    struct Frame {
        id: NodeId,
        prefix: String,
        last: bool,
        top: bool,
    }
    let mut stack: Vec<Frame> = roots
        .iter()
        .enumerate()
        .rev()
        .map(|(i, &id)| Frame {
            id,
            prefix: String::new(),
            last: i + 1 == roots.len(),
            top: top_prefix.is_none(),
        })
        .collect();
    while let Some(Frame {
        id,
        prefix,
        last: is_last,
        top,
    }) = stack.pop()
    {
        let node = diagram.node(id);
        let (here, below) = if top {
            (String::new(), String::new())
        } else if is_last {
            (format!("{prefix}{last}"), format!("{prefix}{blank}"))
        } else {
            (format!("{prefix}{branch}"), format!("{prefix}{pipe}"))
        };
        out.push_str(&here);
        out.push_str(&line(id));
        out.push('\n');
        let children = &node.children;
        let arrow_prefix = if children.is_empty() {
            format!("{below}  ")
        } else {
            format!("{below}{pipe}  ")
        };
        for &a in &outgoing[id.0] {
            let arrow = &diagram.arrows[a];
            let op = match (arrow.style, arrow.both) {
                (ArrowStyle::Sync, false) => "->",
                (ArrowStyle::Sync, true) => "<->",
                (ArrowStyle::Async, false) => "~>",
                (ArrowStyle::Async, true) => "<~>",
            };
            let target = diagram.node(arrow.to.node);
            let mut s = format!("{arrow_prefix}{op} {}", clean(target.display_label()));
            if let Some(p) = arrow.to.port {
                s.push_str(&format!(".{}", target.ports[p].name));
            }
            if let Some(label) = &arrow.label {
                s.push_str(&format!(" : \"{}\"", clean(label)));
            }
            out.push_str(&s);
            out.push('\n');
        }
        for (i, &child) in children.iter().enumerate().rev() {
            stack.push(Frame {
                id: child,
                prefix: below.clone(),
                last: i + 1 == children.len(),
                top: false,
            });
        }
    }
    out
}
