//! Builds the [`Diagram`] from the syntax tree in two passes: declarations first (kinds,
//! names, ports, attributes), then everything that refers to them (arrows, attributes
//! holding names).

use super::attrs::{self, AttrValue};
use super::resolve::{target_node, Resolution, Resolver, Target};
use super::schema::{self, AttrSpec, Kind, KIND_SYNONYMS};
use super::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::suggest;
use crate::syntax::ast::{self, ArrowChain, AttrList, Stmt};
use std::collections::{HashMap, HashSet};

pub(super) fn lower(file: &SourceFile) -> (Diagram, Vec<Diagnostic>) {
    let mut builder = Builder::default();
    builder.body(&file.items, None);
    builder.resolve();
    builder.finish()
}

/// A reference held by an attribute, resolved in the second pass.
struct PendingRef {
    owner: NodeId,
    key: String,
    /// The position in a list value, or `None` for the whole value.
    index: Option<usize>,
    /// The kinds the reference may designate (any when empty).
    kinds: &'static [Kind],
    path: ast::Path,
}

#[derive(Default)]
struct Builder<'a> {
    diagram: Diagram,
    diagnostics: Vec<Diagnostic>,
    /// Words of statements that did not parse: names that may have been declared there.
    poisoned: HashSet<String>,
    chains: Vec<(&'a ArrowChain, Option<NodeId>)>,
    refs: Vec<PendingRef>,
    title_span: Option<Span>,
    direction_span: Option<Span>,
}

impl<'a> Builder<'a> {
    /// Lowers the body of a declaration: a new scope.
    fn body(&mut self, items: &'a [Stmt], parent: Option<NodeId>) {
        self.body_items(items.iter().collect(), parent, &mut HashMap::new());
    }

    /// Lowers statements into the scope of `parent`, whose names so far are `seen`. A body
    /// that belongs to no valid declaration (after a broken statement, an unknown kind or
    /// a duplicate name) lands in its enclosing scope, so it shares that scope's names.
    fn body_items(
        &mut self,
        items: Vec<&'a Stmt>,
        parent: Option<NodeId>,
        seen: &mut HashMap<&'a str, Span>,
    ) {
        for stmt in items {
            match stmt {
                Stmt::Title(title) => {
                    if self.top_level_once(parent, title.span, "title") {
                        self.diagram.title = Some(title.value.clone());
                        self.title_span = Some(title.span);
                    }
                }
                Stmt::Direction(word) => {
                    if self.top_level_once(parent, word.span, "direction") {
                        self.direction_span = Some(word.span);
                        match word.text.as_str() {
                            "down" => self.diagram.direction = Direction::Down,
                            "right" => self.diagram.direction = Direction::Right,
                            other => self.diagnostics.push(
                                Diagnostic::new(
                                    Code::InvalidValue,
                                    word.span,
                                    format!("`{other}` is not a direction"),
                                )
                                .with_label("expected `down` or `right`")
                                .with_help(
                                    "write `direction down` (the default) or `direction right`",
                                ),
                            ),
                        }
                    }
                }
                Stmt::Context(list) => {
                    if self.top_level_once(parent, list.span, "context") {
                        self.diagram.context =
                            self.attributes(list, schema::CONTEXT_ATTRS, None, None);
                        self.diagram.context_span = Some(list.span);
                    }
                }
                Stmt::Port(port) => self.port(port, parent),
                Stmt::Decl(decl) => self.decl(decl, parent, seen),
                Stmt::Arrow(chain) => self.chains.push((chain, parent)),
                Stmt::Error(error) => {
                    self.poisoned.extend(error.declared.iter().cloned());
                    if let Some(body) = &error.body {
                        self.body_items(body.items.iter().collect(), parent, seen);
                    }
                }
            }
        }
    }

    /// Checks that a statement that may appear once at the top level does; returns whether
    /// it should take effect.
    fn top_level_once(&mut self, parent: Option<NodeId>, span: Span, what: &str) -> bool {
        if parent.is_some() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::MisplacedStatement,
                    span,
                    format!("`{what}` belongs at the top level"),
                )
                .with_label("inside a body")
                .with_help(format!(
                    "move the `{what}` statement out of the braces, to the top of the file"
                )),
            );
            return false;
        }
        let previous = match what {
            "title" => self.title_span,
            "direction" => self.direction_span,
            _ => self.diagram.context_span,
        };
        if let Some(previous) = previous {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::RepeatedStatement,
                    span,
                    format!("a second `{what}` statement"),
                )
                .with_label("repeated here")
                .with_secondary(previous, "first given here")
                .with_help(format!("a file has one `{what}`; merge the two")),
            );
            return false;
        }
        true
    }

    fn decl(
        &mut self,
        decl: &'a ast::Decl,
        parent: Option<NodeId>,
        seen: &mut HashMap<&'a str, Span>,
    ) {
        let Some(kind) = Kind::from_name(&decl.kind.text) else {
            self.unknown_kind(&decl.kind);
            self.poisoned.insert(decl.name.text.clone());
            if let Some(list) = &decl.attrs {
                // Still check the values' types; the kind-specific checks cannot run.
                self.attributes(list, schema::DECL_ATTRS, None, None);
            }
            if let Some(body) = &decl.body {
                // Keep what the body declares; its ports have no owner left to belong to.
                let items: Vec<&'a Stmt> = body
                    .items
                    .iter()
                    .filter(|s| !matches!(s, Stmt::Port(_)))
                    .collect();
                self.body_items(items, parent, seen);
            }
            return;
        };
        if let Some(parent_id) = parent {
            let owner = self.diagram.node(parent_id);
            if !owner.kind.can_contain() {
                let diagnostic = Diagnostic::new(
                    Code::InvalidNesting,
                    decl.kind.span.join(decl.name.span),
                    format!("a `{}` cannot contain declarations", owner.kind.name()),
                )
                .with_label(format!("`{}` is declared inside `{}`", decl.name.text, owner.name))
                .with_secondary(owner.name_span, format!("`{}` is a `{}`", owner.name, owner.kind.name()))
                .with_help(format!(
                    "only hosts (`vm`, `host`, `cluster`) and groups contain declarations; move `{}` out of `{}`, or wrap both in a `group`",
                    decl.name.text, owner.name
                ));
                self.diagnostics.push(diagnostic);
            }
        }
        if let Some(&first) = seen.get(decl.name.text.as_str()) {
            let scope = parent.map_or("the top level".to_owned(), |p| {
                format!("`{}`", self.diagram.node(p).qualified)
            });
            self.diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateName,
                    decl.name.span,
                    format!("`{}` is declared twice {scope}", decl.name.text),
                )
                .with_label("declared again here")
                .with_secondary(first, "first declared here")
                .with_help("rename one of them; the same name may be used in different groups"),
            );
            // Keep the first declaration; still check the body of the second.
            if let Some(body) = &decl.body {
                self.body_items(body.items.iter().collect(), parent, seen);
            }
            return;
        }
        seen.insert(&decl.name.text, decl.name.span);

        let id = NodeId(self.diagram.nodes.len());
        let qualified = match parent {
            Some(p) => format!("{}.{}", self.diagram.node(p).qualified, decl.name.text),
            None => decl.name.text.clone(),
        };
        self.diagram.nodes.push(Node {
            id,
            kind,
            name: decl.name.text.clone(),
            qualified,
            label: decl.label.as_ref().map(|l| l.value.clone()),
            attrs: Attributes::default(),
            ports: Vec::new(),
            parent,
            children: Vec::new(),
            span: decl.span,
            name_span: decl.name.span,
        });
        if let Some(p) = parent {
            self.diagram.nodes[p.0].children.push(id);
        }
        if let Some(list) = &decl.attrs {
            let attrs = self.attributes(list, schema::DECL_ATTRS, Some(kind), Some(id));
            self.diagram.nodes[id.0].attrs = attrs;
        }
        if let Some(body) = &decl.body {
            self.body(&body.items, Some(id));
        }
    }

    fn unknown_kind(&mut self, kind: &ast::Ident) {
        let word = kind.text.as_str();
        let lower = word.to_ascii_lowercase();
        let synonym = KIND_SYNONYMS
            .iter()
            .find(|(synonym, _)| *synonym == lower)
            .map(|(_, k)| k.name());
        let typo = Kind::from_name(&lower)
            .map(Kind::name)
            .or_else(|| suggest::closest(word, Kind::ALL.iter().map(|k| k.name())));
        let mut diagnostic = Diagnostic::new(
            Code::UnknownKind,
            kind.span,
            format!("unknown kind `{word}`"),
        )
        .with_label("not a kind");
        diagnostic = match (synonym, typo) {
            (Some(s), _) => diagnostic.with_help(format!(
                "did you mean `{s}`? Kinds say what a component is; the product goes in the label: `{s} name \"{word}\"`"
            )),
            (None, Some(s)) => diagnostic.with_help(format!("did you mean `{s}`?")),
            (None, None) => diagnostic.with_help(format!(
                "the kinds are {}",
                Kind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
            )),
        };
        self.diagnostics.push(diagnostic);
    }

    fn port(&mut self, port: &'a ast::PortDecl, parent: Option<NodeId>) {
        let Some(owner_id) = parent else {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::MisplacedStatement,
                    port.span,
                    "a port belongs in a component's body",
                )
                .with_label("at the top level")
                .with_help(format!(
                    "declare it inside its component: `service api {{ port {} = 8000 }}`",
                    port.name.text
                )),
            );
            return;
        };
        let owner = self.diagram.node(owner_id);
        if !owner.kind.has_ports() {
            let diagnostic = Diagnostic::new(
                Code::MisplacedStatement,
                port.span,
                format!("a `{}` has no ports", owner.kind.name()),
            )
            .with_label("port in a group")
            .with_secondary(owner.name_span, format!("`{}` is a group", owner.name))
            .with_help(
                "ports belong to components; declare the port on the component inside the group",
            );
            self.diagnostics.push(diagnostic);
            return;
        }
        if let Some(existing) = owner.ports.iter().find(|p| p.name == port.name.text) {
            let diagnostic = Diagnostic::new(
                Code::DuplicatePort,
                port.name.span,
                format!("`{}` declares port `{}` twice", owner.name, port.name.text),
            )
            .with_label("declared again here")
            .with_secondary(existing.span, "first declared here")
            .with_help("give each port its own name");
            self.diagnostics.push(diagnostic);
            return;
        }
        let number = match port.number {
            Some((n, _)) if (1..=65535).contains(&n) => Some(n as u16),
            Some((n, span)) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidPort,
                        span,
                        format!("port number {n} is out of range"),
                    )
                    .with_label("not between 1 and 65535")
                    .with_help("port numbers go from 1 to 65535"),
                );
                None
            }
            None => None,
        };
        let attrs = match &port.attrs {
            Some(list) => self.attributes(list, schema::PORT_ATTRS, None, None),
            None => Attributes::default(),
        };
        self.diagram.nodes[owner_id.0].ports.push(Port {
            name: port.name.text.clone(),
            number,
            protocol: port.protocol.as_ref().map(|p| p.text.clone()),
            attrs,
            span: port.span,
        });
    }

    /// Checks an attribute list against a table. `kind` is the declaration's kind (`None`
    /// for arrows, ports and the context); `owner` receives the references to resolve.
    fn attributes(
        &mut self,
        list: &AttrList,
        table: &'static [AttrSpec],
        kind: Option<Kind>,
        owner: Option<NodeId>,
    ) -> Attributes {
        let mut out = Attributes::default();
        for attr in &list.attrs {
            let key = attr.key.text();
            if let Some(previous) = out.0.get(&key) {
                let diagnostic = Diagnostic::new(
                    Code::DuplicateAttribute,
                    attr.key.span,
                    format!("`{key}` is given twice"),
                )
                .with_label("given again here; this one counts")
                .with_secondary(previous.span, "first given here")
                .with_help("remove one of them");
                self.diagnostics.push(diagnostic);
            }
            let value_span = attr.value.as_ref().map_or(attr.span, |v| v.span);
            let Some(spec) = schema::find(table, &key) else {
                self.unknown_attribute(&key, attr.key.span, table, kind);
                out.0.insert(
                    key,
                    Attribute {
                        value: attrs::untyped(attr.value.as_ref()),
                        span: attr.span,
                    },
                );
                continue;
            };
            if let Some(kind) = kind {
                if !spec.applies.allows(kind) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::InapplicableAttribute,
                            attr.key.span,
                            format!("`{key}` does not apply to a `{}`", kind.name()),
                        )
                        .with_label("ignored by this kind")
                        .with_help(format!("`{key}` applies to {}", spec.applies.describe())),
                    );
                }
            }
            match attrs::check(&spec.ty, attr.value.as_ref()) {
                Ok((value, slots)) => {
                    if let Some(owner) = owner {
                        for slot in slots {
                            if let Some(path) = slot_path(attr, slot.index) {
                                self.refs.push(PendingRef {
                                    owner,
                                    key: key.clone(),
                                    index: slot.index,
                                    kinds: slot.kinds,
                                    path,
                                });
                            }
                        }
                    }
                    out.0.insert(
                        key,
                        Attribute {
                            value,
                            span: attr.span,
                        },
                    );
                }
                Err(error) => {
                    let label = match (error.code, &attr.value) {
                        (Code::WrongType, Some(v)) => {
                            format!("{} is not accepted here", v.kind.describe())
                        }
                        (Code::WrongType, None) => "a bare flag means `true`".to_owned(),
                        _ => "not allowed".to_owned(),
                    };
                    let mut diagnostic = Diagnostic::new(
                        error.code,
                        value_span,
                        format!("`{key}`: {}", error.message),
                    )
                    .with_label(label);
                    if let Some(help) = error.help {
                        diagnostic = diagnostic.with_help(help);
                    }
                    self.diagnostics.push(diagnostic);
                }
            }
        }
        out
    }

    fn unknown_attribute(
        &mut self,
        key: &str,
        span: Span,
        table: &'static [AttrSpec],
        kind: Option<Kind>,
    ) {
        let mut diagnostic = Diagnostic::new(
            Code::UnknownAttribute,
            span,
            format!("unknown attribute `{key}`"),
        )
        .with_label("not checked");
        let elsewhere = [
            schema::DECL_ATTRS,
            schema::ARROW_ATTRS,
            schema::CONTEXT_ATTRS,
        ]
        .into_iter()
        .filter(|t| !std::ptr::eq(*t, table))
        .find_map(|t| schema::find(t, key));
        let usable = table
            .iter()
            .filter(|s| kind.is_none_or(|k| s.applies.allows(k)))
            .map(|s| s.name);
        if let Some(s) = suggest::closest(key, usable.clone())
            .or_else(|| suggest::closest(key, table.iter().map(|s| s.name)))
        {
            diagnostic = diagnostic.with_help(format!("did you mean `{s}`?"));
        } else if let Some(spec) = elsewhere {
            let place = if schema::find(schema::ARROW_ATTRS, spec.name).is_some() {
                "an arrow attribute"
            } else if schema::find(schema::CONTEXT_ATTRS, spec.name).is_some() {
                "a `context` key"
            } else {
                "a declaration attribute"
            };
            diagnostic = diagnostic.with_help(format!("`{key}` is {place}"));
        } else {
            let names: Vec<String> = usable.map(str::to_owned).collect();
            diagnostic = diagnostic.with_help(format!("known here: {}", names.join(", ")));
        }
        self.diagnostics.push(diagnostic);
    }

    /// The second pass: arrows and references held by attributes.
    fn resolve(&mut self) {
        let chains = std::mem::take(&mut self.chains);
        let refs = std::mem::take(&mut self.refs);
        let nodes = std::mem::take(&mut self.diagram.nodes);
        let resolver = Resolver::new(&nodes);
        let mut arrows = Vec::new();
        let mut updates = Vec::new();
        // An attribute with a reference that does not resolve is dropped whole, so that
        // every kept value has its declared type.
        let mut failed: HashSet<(NodeId, String)> = HashSet::new();
        for pending in refs {
            let scope = nodes[pending.owner.0].parent;
            let hint = pending.kinds.first().copied().unwrap_or(Kind::Service);
            let target = self
                .lookup(&resolver, &nodes, &pending.path, scope, hint)
                .map(target_node);
            match target {
                Some(target)
                    if pending.kinds.is_empty()
                        || pending.kinds.contains(&nodes[target.0].kind) =>
                {
                    updates.push((pending.owner, pending.key, pending.index, target));
                }
                Some(target) => {
                    let found = &nodes[target.0];
                    let wanted = suggest::one_of(
                        &pending.kinds.iter().map(|k| k.name()).collect::<Vec<_>>(),
                    );
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            pending.path.span,
                            format!(
                                "`{}` names `{}`, a `{}`, where a {wanted} is expected",
                                pending.key,
                                found.qualified,
                                found.kind.name()
                            ),
                        )
                        .with_label(format!("not a {wanted}"))
                        .with_secondary(
                            found.name_span,
                            format!("`{}` is declared here", found.name),
                        ),
                    );
                    failed.insert((pending.owner, pending.key));
                }
                None => {
                    failed.insert((pending.owner, pending.key));
                }
            }
        }
        for (chain, scope) in chains {
            let ends: Vec<Option<Target>> = chain
                .endpoints
                .iter()
                .map(|path| self.lookup(&resolver, &nodes, path, scope, Kind::Service))
                .collect();
            let attrs = match &chain.attrs {
                Some(list) => self.attributes(list, schema::ARROW_ATTRS, None, None),
                None => Attributes::default(),
            };
            for (i, op) in chain.ops.iter().enumerate() {
                if let (Some(from), Some(to)) = (ends[i], ends[i + 1]) {
                    arrows.push((
                        endpoint(from, chain.endpoints[i].span),
                        endpoint(to, chain.endpoints[i + 1].span),
                        *op,
                        chain,
                        attrs.clone(),
                    ));
                }
            }
        }
        self.diagram.nodes = nodes;
        for (owner, key, index, target) in updates {
            let value = self.diagram.nodes[owner.0]
                .attrs
                .0
                .get_mut(&key)
                .map(|a| &mut a.value);
            match (value, index) {
                (Some(AttrValue::List(items)), Some(i)) if i < items.len() => {
                    items[i] = AttrValue::Ref(target)
                }
                (Some(value), None) => *value = AttrValue::Ref(target),
                _ => {}
            }
        }
        for (owner, key) in failed {
            self.diagram.nodes[owner.0].attrs.0.remove(&key);
        }
        for (from, to, op, chain, attrs) in arrows {
            let id = ArrowId(self.diagram.arrows.len());
            self.diagram.arrows.push(Arrow {
                id,
                from,
                to,
                style: op.style,
                both: op.both,
                label: chain.label.as_ref().map(|l| l.value.clone()),
                attrs,
                span: op.span,
            });
        }
    }

    /// Resolves a reference, reporting failures; `kind_hint` is the kind the help suggests
    /// declaring when nothing matches.
    fn lookup(
        &mut self,
        resolver: &Resolver<'_>,
        nodes: &[Node],
        path: &ast::Path,
        scope: Option<NodeId>,
        kind_hint: Kind,
    ) -> Option<Target> {
        let segments: Vec<&str> = path.segments.iter().map(|s| s.text.as_str()).collect();
        match resolver.resolve(&segments, scope) {
            Resolution::Found(target) => Some(target),
            Resolution::Ambiguous(targets) => {
                let names: Vec<String> = targets.iter().map(|t| target_name(nodes, *t)).collect();
                let mut diagnostic = Diagnostic::new(
                    Code::AmbiguousReference,
                    path.span,
                    format!(
                        "`{}` is ambiguous: it matches {} declarations",
                        path.text(),
                        targets.len()
                    ),
                )
                .with_label("ambiguous");
                for (target, name) in targets.iter().zip(&names) {
                    diagnostic = diagnostic.with_secondary(
                        nodes[target_node(*target).0].name_span,
                        format!("could be `{name}`"),
                    );
                }
                self.diagnostics.push(diagnostic.with_help(format!(
                    "write a qualified name: {}",
                    suggest::one_of(&names)
                )));
                None
            }
            Resolution::NotFound => {
                if let Some((port, owner_path)) =
                    segments.split_last().filter(|(_, rest)| !rest.is_empty())
                {
                    if let Resolution::Found(Target::Node(owner)) =
                        resolver.resolve(owner_path, scope)
                    {
                        if !self.poisoned.contains(*port) {
                            self.unknown_port(&nodes[owner.0], port, path);
                        }
                        return None;
                    }
                }
                // A name that a broken statement may have declared was reported there.
                if segments.iter().any(|s| self.poisoned.contains(*s)) {
                    return None;
                }
                let last = segments.last().copied().unwrap_or_default();
                let mut close: Vec<String> =
                    suggest::all_close(last, nodes.iter().map(|n| n.name.as_str()))
                        .into_iter()
                        .flat_map(|name| {
                            nodes
                                .iter()
                                .filter(move |n| n.name == name)
                                .map(|n| n.qualified.clone())
                        })
                        .collect();
                close.dedup();
                close.truncate(3);
                let diagnostic = Diagnostic::new(
                    Code::UnknownReference,
                    path.span,
                    format!("nothing is named `{}`", path.text()),
                )
                .with_label("unknown name");
                let help = if close.is_empty() {
                    format!(
                        "declare it first, for example `{} {last}`",
                        kind_hint.name()
                    )
                } else {
                    format!("did you mean {}?", suggest::one_of(&close))
                };
                self.diagnostics.push(diagnostic.with_help(help));
                None
            }
        }
    }

    fn unknown_port(&mut self, owner: &Node, port: &str, path: &ast::Path) {
        let span = path.segments.last().map_or(path.span, |s| s.span);
        let mut diagnostic = Diagnostic::new(
            Code::UnknownPort,
            span,
            format!("`{}` has no port `{port}`", owner.qualified),
        )
        .with_label("no such port")
        .with_secondary(
            owner.name_span,
            format!("`{}` is declared here", owner.name),
        );
        let names: Vec<String> = owner.ports.iter().map(|p| p.name.clone()).collect();
        diagnostic = if names.is_empty() {
            diagnostic.with_help(format!(
                "`{}` declares no ports; add one in its body: `{{ port {port} = 8080 }}`",
                owner.name
            ))
        } else if let Some(s) = suggest::closest(port, names.iter().map(String::as_str)) {
            diagnostic.with_help(format!(
                "did you mean `{}.{s}`? Its ports are {}",
                owner.name,
                suggest::one_of(&names)
            ))
        } else {
            diagnostic.with_help(format!("its ports are {}", suggest::one_of(&names)))
        };
        self.diagnostics.push(diagnostic);
    }

    fn finish(mut self) -> (Diagram, Vec<Diagnostic>) {
        let mut graph = DiGraph::with_capacity(self.diagram.nodes.len(), self.diagram.arrows.len());
        for node in &self.diagram.nodes {
            graph.add_node(node.id);
        }
        for arrow in &self.diagram.arrows {
            graph.add_edge(
                petgraph::graph::NodeIndex::new(arrow.from.node.0),
                petgraph::graph::NodeIndex::new(arrow.to.node.0),
                arrow.id,
            );
        }
        self.diagram.graph = graph;
        self.diagnostics
            .sort_by_key(|d| (d.primary.span.start, d.primary.span.end));
        (self.diagram, self.diagnostics)
    }
}

fn endpoint(target: Target, span: Span) -> Endpoint {
    match target {
        Target::Node(node) => Endpoint {
            node,
            port: None,
            span,
        },
        Target::Port(node, port) => Endpoint {
            node,
            port: Some(port),
            span,
        },
    }
}

fn target_name(nodes: &[Node], target: Target) -> String {
    match target {
        Target::Node(n) => nodes[n.0].qualified.clone(),
        Target::Port(n, p) => format!("{}.{}", nodes[n.0].qualified, nodes[n.0].ports[p].name),
    }
}

/// The reference an attribute's word value spells (the whole value, or item `index` of a
/// list), with a span for each segment.
fn slot_path(attr: &ast::Attr, index: Option<usize>) -> Option<ast::Path> {
    let value = attr.value.as_ref()?;
    let value = match (&value.kind, index) {
        (ast::ValueKind::List(items), Some(i)) => items.get(i)?,
        _ => value,
    };
    let ast::ValueKind::Word(text) = &value.kind else {
        return None;
    };
    let mut offset = value.span.start;
    let segments = text
        .split('.')
        .map(|segment| {
            let ident = ast::Ident {
                text: segment.to_owned(),
                span: Span::new(offset, offset + segment.len()),
            };
            offset += segment.len() + 1;
            ident
        })
        .collect();
    Some(ast::Path {
        segments,
        span: value.span,
    })
}
