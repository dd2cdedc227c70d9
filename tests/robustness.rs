//! No input makes the compiler panic, overflow the stack or hang, and the model's
//! invariants hold for whatever it could understand.

mod common;

use archc::report::{self, Style};
use proptest::prelude::*;

/// Compiles, renders every diagnostic, and checks the spans and the model's invariants.
fn compile_and_check(source: &str) {
    let compiled = archc::compile(source);
    for d in &compiled.diagnostics {
        for span in std::iter::once(d.primary.span).chain(d.secondary.iter().map(|l| l.span)) {
            assert!(
                span.start <= span.end && span.end <= source.len(),
                "span {span:?} outside the source"
            );
        }
        let _ = report::human(d, source, "fuzz.arch", Style::default());
    }
    let diagram = &compiled.diagram;
    let mut names = std::collections::HashSet::new();
    for (i, node) in diagram.nodes.iter().enumerate() {
        assert_eq!(node.id.0, i);
        assert!(
            names.insert(node.qualified.clone()),
            "duplicate qualified name {}",
            node.qualified
        );
        if let Some(parent) = node.parent {
            assert!(parent.0 < i, "a parent comes before its children");
            assert!(diagram.node(parent).children.contains(&node.id));
        }
    }
    for arrow in &diagram.arrows {
        for end in [arrow.from, arrow.to] {
            assert!(end.node.0 < diagram.nodes.len());
            if let Some(port) = end.port {
                assert!(port < diagram.node(end.node).ports.len());
            }
        }
    }
    assert_eq!(diagram.graph.node_count(), diagram.nodes.len());
    assert_eq!(diagram.graph.edge_count(), diagram.arrows.len());
    // The linter runs on whatever the model made of it (as an editor runs it on
    // half-typed text).
    for finding in archc::lint::lint(diagram) {
        let span = finding.diagnostic.primary.span;
        assert!(span.start <= span.end && span.end <= source.len());
    }
}

const TOKENS: &[&str] = &[
    "service",
    "vm",
    "group",
    "zone",
    "region",
    "database",
    "queue",
    "cluster",
    "namespace",
    "sevice",
    "a",
    "b",
    "c",
    "api",
    "db",
    "a.b",
    "api.http",
    "b.a",
    "->",
    "~>",
    "<->",
    "<~>",
    "<-",
    "{",
    "}",
    "[",
    "]",
    "=",
    ",",
    ":",
    "\"label\"",
    "\"",
    "\"a\\q\"",
    "\"\\u{41}\"",
    "port",
    "http",
    "= 80",
    "title",
    "context",
    "direction",
    "right",
    "1",
    "2..N",
    "20..2",
    "15min",
    "50k",
    "1.5",
    "true",
    "replicas",
    "multi_az",
    "zones",
    "[a, b]",
    "dlq",
    "\n",
    "\n",
    "\n",
    ";",
    "# note",
    " ",
    "\t",
    "\\",
    "é",
    "漢",
    "\r\n",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..120).prop_map(|tokens| tokens.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let (text, _) = archc::decode(&bytes);
        compile_and_check(&text);
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        compile_and_check(&text);
    }

    #[test]
    fn token_soup_never_panics(text in token_soup()) {
        compile_and_check(&text);
    }
}

#[test]
fn hostile_nesting_is_refused_without_overflowing_the_stack() {
    for open in ["{", "[", "group g {", "service s [a = ["] {
        let source = open.repeat(200_000);
        let compiled = archc::compile(&source);
        assert!(
            compiled.diagnostics.iter().any(|d| d.code == "E007"),
            "{open}"
        );
    }
}

#[test]
fn nesting_at_the_limit_compiles() {
    let depth = archc::syntax::MAX_DEPTH;
    let source = format!(
        "{}service leaf\n{}",
        "group g {\n".repeat(depth),
        "}\n".repeat(depth)
    );
    let compiled = archc::compile(&source);
    assert!(
        compiled.diagnostics.is_empty(),
        "{}",
        common::render(&source, "deep")
    );
    assert_eq!(compiled.diagram.nodes.len(), depth + 1);
}

#[test]
fn long_inputs_compile() {
    // A chain of 20,000 arrows on one line, and 20,000 declarations.
    let chain = (0..20_000)
        .map(|i| format!("n{i}"))
        .collect::<Vec<_>>()
        .join(" -> ");
    let decls: String = (0..20_000).map(|i| format!("service n{i}\n")).collect();
    let compiled = archc::compile(&format!("{decls}{chain}\n"));
    assert!(!compiled.has_errors());
    assert_eq!(compiled.diagram.arrows.len(), 19_999);
    // A 500-character label and a line of 100,000 unclosed brackets' worth of text.
    compile_and_check(&format!("service a \"{}\"\n", "x".repeat(500)));
    compile_and_check(&format!("service a [{}\n", "b = 1, ".repeat(10_000)));
}

/// The linter's graph algorithms (cycles, the failure closure) are iterative: a cycle of
/// 20,000 synchronous calls is linted without overflowing the stack.
#[test]
fn long_dependency_chains_lint_without_overflowing_the_stack() {
    let n = 20_000;
    let decls: String = (0..n)
        .map(|i| format!("service n{i} [replicas = 2]\n"))
        .collect();
    let arrows: String = (0..n)
        .map(|i| format!("n{i} -> n{}\n", (i + 1) % n))
        .collect();
    let source = format!("person users\nusers -> n0\n{decls}{arrows}");
    let compiled = archc::compile(&source);
    assert!(!compiled.has_errors());
    let found = archc::lint::lint(&compiled.diagram);
    assert!(
        found
            .iter()
            .any(|f| f.diagnostic.name == "sync-dependency-cycle"),
        "{:?}",
        found.iter().map(|f| f.diagnostic.name).collect::<Vec<_>>()
    );
}

/// A body that belongs to no declaration lands in the enclosing scope, and its names are
/// checked against that scope's (found by the token soup).
#[test]
fn an_orphan_body_shares_its_scope() {
    for source in [
        "service database \n { service database",
        "service a\n{ service a }\n",
        "service a\nwidget b { service a }\n",
        "service a\nservice a { service a }\n",
    ] {
        compile_and_check(source);
        let compiled = archc::compile(source);
        assert!(
            compiled
                .diagnostics
                .iter()
                .any(|d| d.message.contains("declared twice")),
            "{source:?}"
        );
    }
}
