//! Phase 2: syntax tree to a checked [`Diagram`].
//!
//! **Contract.** [`lower`] takes a [`SourceFile`] and always returns a [`Diagram`] and the
//! model diagnostics (unknown kinds, names and ports, duplicate names, attribute types).
//! The diagram holds what could be understood; a declaration with an unknown kind is left
//! out (its body is kept, attached to its parent) and an arrow whose endpoint does not
//! resolve is left out.
//!
//! **Invariants.** `diagram.nodes[i]` is the node with `NodeId(i)` and is the weight of graph
//! node `i`; nodes are in declaration order, every parent before its children. Every arrow
//! endpoint names an existing node, and its port, when present, exists on that node. Every
//! attribute value has the type its specification asks for (unknown attributes keep the
//! type they were written with). Qualified names are unique.

mod attrs;
mod lower;
mod resolve;
pub mod schema;

use crate::diagnostic::{Diagnostic, Span};
use crate::syntax::ast::{ArrowStyle, SourceFile};
use petgraph::graph::DiGraph;
use schema::{Family, Kind};
use std::collections::BTreeMap;

pub use attrs::{AttrValue, Money, Period};

/// The index of a node (component or group) in [`Diagram::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub usize);

/// The index of an arrow in [`Diagram::arrows`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArrowId(pub usize);

/// The layout direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Direction {
    #[default]
    Down,
    Right,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Down => "down",
            Direction::Right => "right",
        }
    }
}

/// A checked architecture.
#[derive(Clone, Debug, Default)]
pub struct Diagram {
    pub title: Option<String>,
    pub direction: Direction,
    /// The facts of the `context` statement.
    pub context: Attributes,
    pub context_span: Option<Span>,
    /// Every declaration, components and groups, in declaration order.
    pub nodes: Vec<Node>,
    pub arrows: Vec<Arrow>,
    /// The dependency graph: node `i` is `NodeId(i)`, each edge carries its arrow. An arrow
    /// that goes both ways is one edge, from its first endpoint to its second.
    pub graph: DiGraph<NodeId, ArrowId>,
    /// The `# allow(...)` comments, attached to what they suppress.
    pub suppressions: Vec<Suppression>,
}

/// A suppression comment attached to a declaration (and what it contains) or to the
/// arrows of a statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    pub allow: crate::syntax::suppress::Allow,
    pub target: SuppressionTarget,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SuppressionTarget {
    Node(NodeId),
    Arrows(Vec<ArrowId>),
    /// No statement follows the comment.
    Nothing,
}

/// A declaration: a component, a host or a group.
#[derive(Clone, Debug)]
pub struct Node {
    pub id: NodeId,
    pub kind: Kind,
    pub name: String,
    /// The names from the outermost enclosing declaration to this one, joined by dots.
    pub qualified: String,
    pub label: Option<String>,
    pub attrs: Attributes,
    pub ports: Vec<Port>,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    /// The whole declaration.
    pub span: Span,
    /// The name in the declaration.
    pub name_span: Span,
}

impl Node {
    /// The text a drawing shows: the label, or the name.
    pub fn display_label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }

    pub fn is_group(&self) -> bool {
        self.kind.family() == Family::Group
    }

    pub fn port(&self, name: &str) -> Option<usize> {
        self.ports.iter().position(|p| p.name == name)
    }
}

/// A named port on a component's border.
#[derive(Clone, Debug)]
pub struct Port {
    pub name: String,
    pub number: Option<u16>,
    pub protocol: Option<String>,
    pub attrs: Attributes,
    pub span: Span,
}

/// One end of an arrow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub node: NodeId,
    /// An index into the node's ports.
    pub port: Option<usize>,
    /// The reference in the source.
    pub span: Span,
}

/// A resolved arrow.
#[derive(Clone, Debug)]
pub struct Arrow {
    pub id: ArrowId,
    pub from: Endpoint,
    pub to: Endpoint,
    pub style: ArrowStyle,
    /// `<->` or `<~>`.
    pub both: bool,
    pub label: Option<String>,
    pub attrs: Attributes,
    /// The operator of this arrow in its chain.
    pub span: Span,
}

/// Typed attributes, ordered by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attributes(pub BTreeMap<String, Attribute>);

/// One attribute's value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub value: AttrValue,
    pub span: Span,
}

impl Attributes {
    pub fn get(&self, key: &str) -> Option<&AttrValue> {
        self.0.get(key).map(|a| &a.value)
    }

    pub fn span(&self, key: &str) -> Option<Span> {
        self.0.get(key).map(|a| a.span)
    }

    /// Whether the flag is set (`[multi_az]` or `[multi_az = true]`).
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some(AttrValue::Bool(true)))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Attribute)> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Diagram {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0]
    }

    pub fn arrow(&self, id: ArrowId) -> &Arrow {
        &self.arrows[id.0]
    }

    /// The declarations at the top level.
    pub fn roots(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.parent.is_none())
    }

    /// The enclosing declarations of `id`, nearest first.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = &Node> {
        std::iter::successors(self.node(id).parent, |&p| self.node(p).parent).map(|p| self.node(p))
    }

    /// The nearest enclosing declaration of the given kind.
    pub fn enclosing(&self, id: NodeId, kind: Kind) -> Option<&Node> {
        self.ancestors(id).find(|n| n.kind == kind)
    }

    /// Whether `ancestor` encloses `id` (a node does not enclose itself).
    pub fn encloses(&self, ancestor: NodeId, id: NodeId) -> bool {
        self.ancestors(id).any(|n| n.id == ancestor)
    }

    /// Looks a node up by its qualified name.
    pub fn find(&self, qualified: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.qualified == qualified)
    }

    /// Attaches suppression comments: a trailing comment to the statement on its line, a
    /// comment on its own line to the next line that holds a statement.
    pub fn attach_suppressions(
        &mut self,
        allows: Vec<crate::syntax::suppress::Allow>,
        lines: &crate::diagnostic::LineIndex<'_>,
    ) {
        let line = |offset: usize| lines.line_col(offset).0;
        let mut statements: Vec<(usize, SuppressionTarget)> = self
            .nodes
            .iter()
            .map(|n| (line(n.name_span.start), SuppressionTarget::Node(n.id)))
            .collect();
        let mut arrow_lines: std::collections::BTreeMap<usize, Vec<ArrowId>> = Default::default();
        for a in &self.arrows {
            arrow_lines
                .entry(line(a.span.start))
                .or_default()
                .push(a.id);
        }
        statements.extend(
            arrow_lines
                .into_iter()
                .map(|(l, ids)| (l, SuppressionTarget::Arrows(ids))),
        );
        statements.sort_by_key(|(l, _)| *l);
        for allow in allows {
            let at = line(allow.span.start);
            let target = statements
                .iter()
                .find(|(l, _)| if allow.trailing { *l == at } else { *l > at })
                .map_or(SuppressionTarget::Nothing, |(_, t)| t.clone());
            self.suppressions.push(Suppression { allow, target });
        }
    }

    /// How an endpoint reads: `api` or `api.http`.
    pub fn endpoint_name(&self, endpoint: Endpoint) -> String {
        let node = self.node(endpoint.node);
        match endpoint.port {
            Some(p) => format!("{}.{}", node.qualified, node.ports[p].name),
            None => node.qualified.clone(),
        }
    }
}

/// Builds the checked diagram from a syntax tree.
pub fn lower(file: &SourceFile) -> (Diagram, Vec<Diagnostic>) {
    lower::lower(file)
}
