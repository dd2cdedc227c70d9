//! `archc import`: a Graphviz DOT graph to archc source, so that real-world graphs can be
//! laid out and compared with dot.
//!
//! Supported: `graph`/`digraph` (`strict` is accepted), node, edge and attribute
//! statements, edge chains and edges to `{ ... }` node sets, `label`s, `rankdir`, and
//! `subgraph cluster_*` as groups nested to any depth (other subgraphs are flattened). What
//! archc cannot express (ports, `rank=same`, `lhead`/`ltail`, undirected edges, styles) is
//! reported as a warning with its line; it never fails the import. Syntax errors are
//! reported with their line and column.

use std::collections::{BTreeSet, HashMap};

/// The result of an import.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub source: String,
    /// Each warning with the 1-based line it is about.
    pub warnings: Vec<(usize, String)>,
}

/// A DOT syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for DotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The deepest subgraph nesting accepted.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Id(String),
    /// A quoted string (kept apart so that keywords in quotes stay identifiers).
    Quoted(String),
    Html(String),
    Punct(&'static str),
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    line: usize,
    column: usize,
}

fn lex(text: &str) -> Result<Vec<Token>, DotError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1usize, 1usize);
    let advance = |i: &mut usize, line: &mut usize, col: &mut usize, c: char| {
        *i += 1;
        if c == '\n' {
            *line += 1;
            *col = 1;
        } else {
            *col += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let (tl, tc) = (line, col);
        let at_line_start = i == 0
            || chars[..i]
                .iter()
                .rev()
                .take_while(|&&c| c != '\n')
                .all(|c| c.is_whitespace());
        if c.is_whitespace() {
            advance(&mut i, &mut line, &mut col, c);
        } else if c == '#' && at_line_start || c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                {
                    let ch = chars[i];
                    advance(&mut i, &mut line, &mut col, ch);
                }
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            advance(&mut i, &mut line, &mut col, c);
            advance(&mut i, &mut line, &mut col, '*');
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                {
                    let ch = chars[i];
                    advance(&mut i, &mut line, &mut col, ch);
                }
            }
            if i >= chars.len() {
                return Err(DotError {
                    line: tl,
                    column: tc,
                    message: "unterminated comment".into(),
                });
            }
            advance(&mut i, &mut line, &mut col, '*');
            advance(&mut i, &mut line, &mut col, '/');
        } else if c == '"' {
            advance(&mut i, &mut line, &mut col, c);
            let mut s = String::new();
            loop {
                match chars.get(i) {
                    None => {
                        return Err(DotError {
                            line: tl,
                            column: tc,
                            message: "unterminated string".into(),
                        })
                    }
                    Some('"') => {
                        advance(&mut i, &mut line, &mut col, '"');
                        break;
                    }
                    Some('\\') if chars.get(i + 1) == Some(&'"') => {
                        s.push('"');
                        advance(&mut i, &mut line, &mut col, '\\');
                        advance(&mut i, &mut line, &mut col, '"');
                    }
                    Some('\\') if chars.get(i + 1) == Some(&'\n') => {
                        advance(&mut i, &mut line, &mut col, '\\');
                        advance(&mut i, &mut line, &mut col, '\n');
                    }
                    Some(&ch) => {
                        s.push(ch);
                        advance(&mut i, &mut line, &mut col, ch);
                    }
                }
            }
            // `"a" + "b"` concatenation.
            if let Some(Token {
                tok: Tok::Punct("+"),
                ..
            }) = tokens.last()
            {
                tokens.pop();
                if let Some(Token {
                    tok: Tok::Quoted(prev),
                    ..
                }) = tokens.last_mut()
                {
                    prev.push_str(&s);
                    continue;
                }
            }
            tokens.push(Token {
                tok: Tok::Quoted(s),
                line: tl,
                column: tc,
            });
        } else if c == '<' {
            let mut depth = 0;
            let mut s = String::new();
            loop {
                match chars.get(i) {
                    None => {
                        return Err(DotError {
                            line: tl,
                            column: tc,
                            message: "unterminated HTML string".into(),
                        })
                    }
                    Some(&ch) => {
                        if ch == '<' {
                            depth += 1;
                        } else if ch == '>' {
                            depth -= 1;
                        }
                        advance(&mut i, &mut line, &mut col, ch);
                        if depth == 0 {
                            break;
                        }
                        if depth > 1 || ch != '<' {
                            s.push(ch);
                        }
                    }
                }
            }
            tokens.push(Token {
                tok: Tok::Html(s),
                line: tl,
                column: tc,
            });
        } else if c == '-' && matches!(chars.get(i + 1), Some('>') | Some('-')) {
            let op = if chars[i + 1] == '>' { "->" } else { "--" };
            advance(&mut i, &mut line, &mut col, c);
            {
                let ch = chars[i];
                advance(&mut i, &mut line, &mut col, ch);
            }
            tokens.push(Token {
                tok: Tok::Punct(op),
                line: tl,
                column: tc,
            });
        } else if let Some(p) = ["{", "}", "[", "]", "=", ";", ",", ":", "+"]
            .iter()
            .find(|p| p.starts_with(c))
        {
            advance(&mut i, &mut line, &mut col, c);
            tokens.push(Token {
                tok: Tok::Punct(p),
                line: tl,
                column: tc,
            });
        } else if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' || !c.is_ascii() {
            let mut s = String::new();
            while let Some(&ch) = chars.get(i) {
                let numeric_minus = ch == '-' && s.is_empty();
                if ch.is_alphanumeric()
                    || ch == '_'
                    || ch == '.'
                    || numeric_minus
                    || !ch.is_ascii() && !ch.is_whitespace()
                {
                    s.push(ch);
                    advance(&mut i, &mut line, &mut col, ch);
                } else {
                    break;
                }
            }
            tokens.push(Token {
                tok: Tok::Id(s),
                line: tl,
                column: tc,
            });
        } else {
            return Err(DotError {
                line: tl,
                column: tc,
                message: format!("unexpected character `{c}`"),
            });
        }
    }
    Ok(tokens)
}

/// A cluster (group) in the DOT graph.
#[derive(Debug, Default)]
struct Cluster {
    name: String,
    label: Option<String>,
    parent: Option<usize>,
}

struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
    directed: bool,
    warnings: Vec<(usize, String)>,
    warned: BTreeSet<String>,
    /// Nodes in order of first appearance, with their cluster and label.
    nodes: Vec<(String, Option<usize>, Option<String>)>,
    node_index: HashMap<String, usize>,
    clusters: Vec<Cluster>,
    edges: Vec<(usize, usize, Option<String>)>,
    title: Option<String>,
    rankdir: Option<String>,
}

/// Attribute defaults in a scope.
#[derive(Clone, Default)]
struct Scope {
    cluster: Option<usize>,
    edge_label: Option<String>,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn here(&self) -> (usize, usize) {
        self.tokens
            .get(self.pos)
            .or_else(|| self.tokens.last())
            .map_or((1, 1), |t| (t.line, t.column))
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, DotError> {
        let (line, column) = self.here();
        Err(DotError {
            line,
            column,
            message: message.into(),
        })
    }

    fn warn(&mut self, line: usize, message: impl Into<String>) {
        let message = message.into();
        // Each kind of warning once, at its first line.
        if self.warned.insert(message.clone()) {
            self.warnings.push((line, message));
        }
    }

    fn eat(&mut self, p: &str) -> bool {
        if self.peek()
            == Some(&Tok::Punct(match p {
                "{" => "{",
                "}" => "}",
                "[" => "[",
                "]" => "]",
                "=" => "=",
                ";" => ";",
                "," => ",",
                ":" => ":",
                "->" => "->",
                "--" => "--",
                _ => "+",
            }))
        {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Id(s)) if s.eq_ignore_ascii_case(word))
    }

    fn id(&mut self) -> Result<String, DotError> {
        match self.peek().cloned() {
            Some(Tok::Id(s)) | Some(Tok::Quoted(s)) | Some(Tok::Html(s)) => {
                self.pos += 1;
                Ok(s)
            }
            _ => self.error("expected an identifier"),
        }
    }

    fn graph(&mut self) -> Result<(), DotError> {
        if self.keyword("strict") {
            self.pos += 1;
        }
        if self.keyword("digraph") {
            self.directed = true;
        } else if !self.keyword("graph") {
            return self.error("expected `graph` or `digraph`");
        }
        self.pos += 1;
        if !matches!(self.peek(), Some(Tok::Punct("{"))) {
            self.id()?;
        }
        if !self.eat("{") {
            return self.error("expected `{`");
        }
        self.statements(&Scope::default(), 1)?;
        if !self.eat("}") {
            return self.error("expected `}`");
        }
        Ok(())
    }

    fn statements(&mut self, scope: &Scope, depth: usize) -> Result<(), DotError> {
        if depth > MAX_DEPTH {
            return self.error(format!("subgraphs nest more than {MAX_DEPTH} levels deep"));
        }
        let mut scope = scope.clone();
        while !matches!(self.peek(), Some(Tok::Punct("}")) | None) {
            self.statement(&mut scope, depth)?;
            self.eat(";");
        }
        Ok(())
    }

    fn attributes(&mut self) -> Result<Vec<(String, String, usize)>, DotError> {
        let mut out = Vec::new();
        while self.eat("[") {
            while !self.eat("]") {
                let line = self.here().0;
                let key = self.id()?;
                let value = if self.eat("=") {
                    self.id()?
                } else {
                    "true".into()
                };
                out.push((key, value, line));
                if !self.eat(",") {
                    self.eat(";");
                }
                if self.peek().is_none() {
                    return self.error("expected `]`");
                }
            }
        }
        Ok(out)
    }

    fn statement(&mut self, scope: &mut Scope, depth: usize) -> Result<(), DotError> {
        let line = self.here().0;
        for kind in ["graph", "node", "edge"] {
            if self.keyword(kind)
                && matches!(
                    self.tokens.get(self.pos + 1).map(|t| &t.tok),
                    Some(Tok::Punct("["))
                )
            {
                self.pos += 1;
                let attrs = self.attributes()?;
                for (key, value, l) in attrs {
                    match (kind, key.as_str()) {
                        ("graph", _) => self.graph_attr(scope, &key, value, l),
                        ("edge", "label") => scope.edge_label = Some(value),
                        _ => self.warn(l, format!("`{kind} [{key}]` defaults are not imported")),
                    }
                }
                return Ok(());
            }
        }
        // `key = value` in a graph body.
        if matches!(self.peek(), Some(Tok::Id(_)) | Some(Tok::Quoted(_)))
            && matches!(
                self.tokens.get(self.pos + 1).map(|t| &t.tok),
                Some(Tok::Punct("="))
            )
        {
            let key = self.id()?;
            self.eat("=");
            let value = self.id()?;
            self.graph_attr(scope, &key, value, line);
            return Ok(());
        }
        // A node, an edge chain, or a subgraph (possibly the start of an edge chain).
        let mut operands: Vec<Vec<usize>> = vec![self.operand(scope, depth)?];
        while matches!(self.peek(), Some(Tok::Punct("->")) | Some(Tok::Punct("--"))) {
            if self.peek() == Some(&Tok::Punct("--")) && self.directed
                || self.peek() == Some(&Tok::Punct("->")) && !self.directed
            {
                return self.error("this edge operator does not match the graph type");
            }
            if !self.directed {
                self.warn(
                    line,
                    "undirected edges become arrows from the first node to the second",
                );
            }
            self.pos += 1;
            operands.push(self.operand(scope, depth)?);
        }
        let attrs = self.attributes()?;
        let mut label = scope.edge_label.clone();
        for (key, value, l) in attrs {
            match key.as_str() {
                "label" if operands.len() > 1 => label = Some(value),
                "label" => {
                    for &n in &operands[0] {
                        self.nodes[n].2 = Some(value.clone());
                    }
                }
                "lhead" | "ltail" => self.warn(
                    l,
                    "`lhead`/`ltail` are not imported: the edge goes to the node",
                ),
                _ => {}
            }
        }
        for pair in operands.windows(2) {
            for &a in &pair[0] {
                for &b in &pair[1] {
                    self.edges.push((a, b, label.clone()));
                }
            }
        }
        Ok(())
    }

    fn graph_attr(&mut self, scope: &mut Scope, key: &str, value: String, line: usize) {
        match key {
            "label" => match scope.cluster {
                Some(c) => self.clusters[c].label = Some(value),
                None => self.title = Some(value),
            },
            "rankdir" if scope.cluster.is_none() => {
                if value != "TB" && value != "LR" {
                    self.warn(
                        line,
                        format!(
                            "rankdir={value} is drawn as {}",
                            if value == "RL" { "LR" } else { "TB" }
                        ),
                    );
                }
                self.rankdir = Some(value);
            }
            "rank" => self.warn(
                line,
                "`rank=same` and other rank constraints are not imported",
            ),
            "compound" | "ranksep" | "nodesep" | "fontname" | "fontsize" | "color" | "style"
            | "bgcolor" | "fillcolor" | "size" | "ratio" | "splines" | "concentrate" | "center"
            | "margin" | "pad" | "root" | "overlap" | "fontcolor" | "labeljust" | "labelloc"
            | "penwidth" => {}
            _ => self.warn(line, format!("graph attribute `{key}` is not imported")),
        }
    }

    /// A node id (declared on first use) or a subgraph; the nodes it stands for.
    fn operand(&mut self, scope: &Scope, depth: usize) -> Result<Vec<usize>, DotError> {
        let line = self.here().0;
        if self.keyword("subgraph") || matches!(self.peek(), Some(Tok::Punct("{"))) {
            let mut name = None;
            if self.keyword("subgraph") {
                self.pos += 1;
                if !matches!(self.peek(), Some(Tok::Punct("{"))) {
                    name = Some(self.id()?);
                }
            }
            if !self.eat("{") {
                return self.error("expected `{`");
            }
            let is_cluster = name.as_deref().is_some_and(|n| n.starts_with("cluster"));
            let mut inner = scope.clone();
            if is_cluster {
                self.clusters.push(Cluster {
                    name: name.clone().unwrap_or_default(),
                    label: None,
                    parent: scope.cluster,
                });
                inner.cluster = Some(self.clusters.len() - 1);
            }
            let before = self.nodes.len();
            let edges_before = self.edges.len();
            let start_nodes: BTreeSet<usize> = BTreeSet::new();
            self.statements(&inner, depth + 1)?;
            if !self.eat("}") {
                return self.error("expected `}`");
            }
            // The subgraph stands for every node it mentions.
            let mut members: BTreeSet<usize> = start_nodes;
            members.extend(before..self.nodes.len());
            for &(a, b, _) in &self.edges[edges_before..] {
                members.insert(a);
                members.insert(b);
            }
            let _ = line;
            return Ok(members.into_iter().collect());
        }
        let id = self.id()?;
        if self.eat(":") {
            self.id()?;
            if self.eat(":") {
                self.id()?;
            }
            self.warn(
                line,
                "node ports (`node:port`) are not imported: the edge goes to the node",
            );
        }
        Ok(vec![self.node(&id, scope.cluster)])
    }

    fn node(&mut self, id: &str, cluster: Option<usize>) -> usize {
        if let Some(&i) = self.node_index.get(id) {
            // A node mentioned first outside every cluster and then in one moves in.
            if self.nodes[i].1.is_none() && cluster.is_some() {
                self.nodes[i].1 = cluster;
            }
            return i;
        }
        self.nodes.push((id.to_owned(), cluster, None));
        self.node_index.insert(id.to_owned(), self.nodes.len() - 1);
        self.nodes.len() - 1
    }
}

/// A unique archc name for a DOT id.
fn sanitize(id: &str, taken: &mut BTreeSet<String>) -> String {
    let mut name: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'n');
    }
    let base = name.clone();
    let mut k = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{k}");
        k += 1;
    }
    name
}

/// An archc string literal.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                // DOT's line breaks (centred, left, right) become plain line breaks.
                Some('n') | Some('l') | Some('r') => {
                    chars.next();
                    if chars.peek().is_some() {
                        out.push_str("\\n");
                    }
                }
                _ => out.push_str("\\\\"),
            },
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Converts DOT text to archc source.
pub fn import(text: &str) -> Result<Imported, DotError> {
    let tokens = lex(text)?;
    let mut p = Parser {
        tokens: &tokens,
        pos: 0,
        directed: false,
        warnings: Vec::new(),
        warned: BTreeSet::new(),
        nodes: Vec::new(),
        node_index: HashMap::new(),
        clusters: Vec::new(),
        edges: Vec::new(),
        title: None,
        rankdir: None,
    };
    p.graph()?;
    if p.pos < tokens.len() {
        p.warn(
            tokens[p.pos].line,
            "only the first graph of the file is imported",
        );
    }
    let mut taken = BTreeSet::new();
    let cluster_names: Vec<String> = p
        .clusters
        .iter()
        .map(|c| sanitize(&c.name, &mut taken))
        .collect();
    let node_names: Vec<String> = p.nodes.iter().map(|n| sanitize(&n.0, &mut taken)).collect();
    let mut out = String::from("# Imported from DOT by `archc import`.\n");
    if let Some(title) = &p.title {
        out.push_str(&format!("title {}\n", quote(title)));
    }
    if matches!(p.rankdir.as_deref(), Some("LR") | Some("RL")) {
        out.push_str("direction right\n");
    }
    // Clusters as nested groups, each with the nodes that belong to it.
    fn write_cluster(
        p: &Parser<'_>,
        c: Option<usize>,
        depth: usize,
        cluster_names: &[String],
        node_names: &[String],
        out: &mut String,
    ) {
        let indent = "  ".repeat(depth);
        for (i, node) in p.nodes.iter().enumerate() {
            if node.1 == c {
                let label = node.2.as_deref().unwrap_or(&node.0);
                out.push_str(&format!(
                    "{indent}service {} {}\n",
                    node_names[i],
                    quote(label)
                ));
            }
        }
        for (i, cluster) in p.clusters.iter().enumerate() {
            if cluster.parent == c {
                let label = cluster
                    .label
                    .as_deref()
                    .map(|l| format!(" {}", quote(l)))
                    .unwrap_or_default();
                out.push_str(&format!("{indent}group {}{label} {{\n", cluster_names[i]));
                write_cluster(p, Some(i), depth + 1, cluster_names, node_names, out);
                out.push_str(&format!("{indent}}}\n"));
            }
        }
    }
    write_cluster(&p, None, 0, &cluster_names, &node_names, &mut out);
    for (a, b, label) in &p.edges {
        let label = label
            .as_deref()
            .map(|l| format!(" : {}", quote(l)))
            .unwrap_or_default();
        out.push_str(&format!(
            "{} -> {}{label}\n",
            node_names[*a], node_names[*b]
        ));
    }
    Ok(Imported {
        source: out,
        warnings: p.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_labels_and_chains() {
        let dot = "digraph G { rankdir=LR; label=\"T\"; subgraph cluster_0 { label=\"hello\"; a -> b; } a -> {c d} [label=\"x\"]; \"my node\" [label=\"M\\nN\"]; }";
        let imported = import(dot).unwrap();
        assert!(
            imported.source.contains("direction right"),
            "{}",
            imported.source
        );
        assert!(
            imported
                .source
                .contains("group cluster_0 \"hello\" {\n  service a \"a\"\n  service b \"b\"\n}"),
            "{}",
            imported.source
        );
        assert!(
            imported.source.contains("a -> c : \"x\"\na -> d : \"x\""),
            "{}",
            imported.source
        );
        assert!(
            imported.source.contains("service my_node \"M\\nN\""),
            "{}",
            imported.source
        );
        assert!(!crate::compile(&imported.source).has_errors());
    }

    #[test]
    fn unsupported_features_warn() {
        let imported = import("graph { a -- b; a:p1 -- c; {rank=same; b c} }").unwrap();
        assert_eq!(imported.warnings.len(), 3, "{:?}", imported.warnings);
        assert!(!crate::compile(&imported.source).has_errors());
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let error = import("digraph {\n a -> ; }").unwrap_err();
        assert_eq!((error.line, error.column), (2, 7));
        assert!(import("digraph { \"open }").is_err());
    }
}
