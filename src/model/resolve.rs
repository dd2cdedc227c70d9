//! Name resolution: a dotted reference to a node or a port.
//!
//! A reference `s1.s2...sn` matches a node named `sn` whose enclosing declarations include
//! `s1 ... s(n-1)` in that order (not necessarily consecutive), or port `sn` of a node
//! matching `s1 ... s(n-1)`. The lookup starts in the innermost body that holds the
//! reference and widens one enclosing declaration at a time; the first level with any match
//! decides: one match resolves, several are ambiguous.

use super::{Node, NodeId};
use std::collections::HashMap;

/// What a reference designates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Node(NodeId),
    Port(NodeId, usize),
}

pub(super) enum Resolution {
    Found(Target),
    NotFound,
    Ambiguous(Vec<Target>),
}

pub(super) struct Resolver<'a> {
    nodes: &'a [Node],
    by_name: HashMap<&'a str, Vec<NodeId>>,
}

impl<'a> Resolver<'a> {
    pub fn new(nodes: &'a [Node]) -> Resolver<'a> {
        let mut by_name: HashMap<&str, Vec<NodeId>> = HashMap::new();
        for node in nodes {
            by_name.entry(node.name.as_str()).or_default().push(node.id);
        }
        Resolver { nodes, by_name }
    }

    /// Resolves `segments` as written inside the body of `scope` (`None`: the top level).
    pub fn resolve(&self, segments: &[&str], scope: Option<NodeId>) -> Resolution {
        let candidates = self.candidates(segments);
        let mut level = scope;
        loop {
            let inside: Vec<Target> = candidates
                .iter()
                .copied()
                .filter(|t| match level {
                    None => true,
                    Some(s) => self.within(target_node(*t), s),
                })
                .collect();
            match inside.len() {
                0 => {}
                1 => return Resolution::Found(inside[0]),
                _ => return Resolution::Ambiguous(inside),
            }
            match level {
                None => return Resolution::NotFound,
                Some(s) => level = self.nodes[s.0].parent,
            }
        }
    }

    /// Every node and port the segments can designate, from anywhere.
    fn candidates(&self, segments: &[&str]) -> Vec<Target> {
        let Some((last, prefix)) = segments.split_last() else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for &id in self.by_name.get(last).map(Vec::as_slice).unwrap_or(&[]) {
            if self.ancestors_match(id, prefix) {
                found.push(Target::Node(id));
            }
        }
        if let Some((owner, owner_prefix)) = prefix.split_last() {
            for &id in self.by_name.get(owner).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(port) = self.nodes[id.0].port(last) {
                    if self.ancestors_match(id, owner_prefix) {
                        found.push(Target::Port(id, port));
                    }
                }
            }
        }
        found
    }

    /// Whether the enclosing declarations of `id` include `prefix`, in order.
    fn ancestors_match(&self, id: NodeId, prefix: &[&str]) -> bool {
        let mut wanted = prefix.iter().rev().peekable();
        let mut current = self.nodes[id.0].parent;
        while let (Some(want), Some(p)) = (wanted.peek(), current) {
            if self.nodes[p.0].name == **want {
                wanted.next();
            }
            current = self.nodes[p.0].parent;
        }
        wanted.peek().is_none()
    }

    /// Whether `id` is `scope` or inside it.
    fn within(&self, id: NodeId, scope: NodeId) -> bool {
        let mut current = Some(id);
        while let Some(c) = current {
            if c == scope {
                return true;
            }
            current = self.nodes[c.0].parent;
        }
        false
    }
}

pub(super) fn target_node(target: Target) -> NodeId {
    match target {
        Target::Node(n) | Target::Port(n, _) => n,
    }
}
