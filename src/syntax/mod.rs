//! Phase 1: source text to a typed syntax tree.
//!
//! **Contract.** [`parse`] takes the source text and always returns a [`SourceFile`] and
//! the syntax diagnostics; it never fails and never panics. A statement that does not parse
//! is reported (with what was expected and, for common mistakes, a hint) and kept as
//! [`Stmt::Error`]; the statements around it are parsed normally.
//!
//! **Invariants.** Spans are byte offsets into the text given to [`parse`]. Nesting of
//! braces and brackets is checked against [`MAX_DEPTH`] and the size against
//! [`MAX_SOURCE_BYTES`] before the PEG parser runs, so that its recursion is bounded.
//! This module knows nothing about kinds, names or attributes' meaning.

pub mod ast;
mod explain;
pub mod suppress;

use crate::diagnostic::{Code, Diagnostic, Span};
use ast::*;
use pest::iterators::Pair;
use pest::Parser as _;

/// The deepest nesting of `{}` and `[]` accepted.
pub const MAX_DEPTH: usize = 64;

/// The largest source accepted, in bytes.
pub const MAX_SOURCE_BYTES: usize = 8 * 1024 * 1024;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/archc.pest"]
pub(crate) struct ArchParser;

/// Parses `source` into a syntax tree and the syntax diagnostics.
pub fn parse(source: &str) -> (SourceFile, Vec<Diagnostic>) {
    if let Some(diagnostic) = check_limits(source) {
        return (SourceFile::default(), vec![diagnostic]);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(source.len() / PARALLEL_CHUNK)
        .min(8);
    if threads >= 2 && !cfg!(target_arch = "wasm32") {
        if let Some(parsed) = parse_in_pieces(source, threads) {
            return parsed;
        }
    }
    parse_whole(source)
}

/// The sequential parse.
fn parse_whole(source: &str) -> (SourceFile, Vec<Diagnostic>) {
    let (items, diagnostics) = parse_range(source, 0..source.len());
    (SourceFile { items }, diagnostics)
}

/// The smallest piece of source worth a thread of its own when parsing in parallel.
const PARALLEL_CHUNK: usize = 16 * 1024;

/// Parses a source in about `pieces` pieces, one thread each, or returns `None` to leave
/// it to the sequential parser.
///
/// The pieces are cut after a line break outside any brace, bracket, string or comment,
/// where a statement of a well-formed file always ends. When any piece has a syntax
/// error, the cut may have fallen inside what the whole-file parse reads as one broken
/// statement, so the pieces are discarded and the file is parsed whole: either way the
/// tree and the diagnostics are exactly those of the sequential parse (a test compares
/// them on random inputs).
fn parse_in_pieces(source: &str, pieces: usize) -> Option<(SourceFile, Vec<Diagnostic>)> {
    let cuts = statement_cuts(source, pieces);
    let ranges: Vec<std::ops::Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    if ranges.len() < 2 {
        return None;
    }
    let parsed: Vec<(Vec<Stmt>, Vec<Diagnostic>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges[1..]
            .iter()
            .map(|range| scope.spawn(|| parse_range(source, range.clone())))
            .collect();
        let mut parsed = vec![parse_range(source, ranges[0].clone())];
        for handle in handles {
            // A piece whose thread panicked leaves the file to the sequential parse.
            parsed.push(handle.join().ok()?);
        }
        Some(parsed)
    })?;
    if parsed
        .iter()
        .any(|(_, diagnostics)| !diagnostics.is_empty())
    {
        return None;
    }
    let items = parsed.into_iter().flat_map(|(items, _)| items).collect();
    Some((SourceFile { items }, Vec::new()))
}

/// Where to cut `source` into about `parts` pieces of about equal size: its start, the
/// offset just past the first line break outside braces, brackets, strings and comments
/// after each equal share, and its end.
fn statement_cuts(source: &str, parts: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    structure(source, |i, byte, depth| {
        if byte == b'\n'
            && depth == 0
            && i + 1 >= source.len() * cuts.len() / parts
            && i + 1 < source.len()
        {
            cuts.push(i + 1);
        }
        cuts.len() < parts
    });
    cuts.push(source.len());
    cuts
}

/// Walks the bytes that give `source` its structure, outside strings and comments: each
/// brace, bracket and line feed, with its offset and the nesting depth after it (an
/// unmatched close leaves it at 0). Stops when `visit` returns false.
fn structure(source: &str, mut visit: impl FnMut(usize, u8, usize) -> bool) {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i).0,
            b'#' => {
                // To the end of the line; the line feed itself is visited.
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                    i += 1;
                }
            }
            byte @ (b'{' | b'[' | b'}' | b']' | b'\n') => {
                depth = match byte {
                    b'{' | b'[' => depth + 1,
                    b'}' | b']' => depth.saturating_sub(1),
                    _ => depth,
                };
                if !visit(i, byte, depth) {
                    return;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// Parses `source[range]` (which starts a statement) with spans in the whole source.
fn parse_range(source: &str, range: std::ops::Range<usize>) -> (Vec<Stmt>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let base = range.start;
    let items = match ArchParser::parse(Rule::file, &source[range]) {
        Ok(mut pairs) => {
            let file = pairs.next().expect("the file rule always yields one pair");
            let mut lower = Lower {
                source,
                base,
                diagnostics: &mut diagnostics,
            };
            lower.items(file)
        }
        // The grammar is total, so this is unreachable in practice; it is still reported
        // rather than trusted.
        Err(error) => {
            let at = base
                + match error.location {
                    pest::error::InputLocation::Pos(p) => p,
                    pest::error::InputLocation::Span((s, _)) => s,
                };
            diagnostics.push(Diagnostic::new(
                Code::Syntax,
                Span::new(at, at),
                "the file could not be parsed",
            ));
            Vec::new()
        }
    };
    (items, diagnostics)
}

/// Checks the size and nesting limits with a linear scan that skips strings and comments.
fn check_limits(source: &str) -> Option<Diagnostic> {
    if source.len() > MAX_SOURCE_BYTES {
        return Some(
            Diagnostic::new(
                Code::InputTooLarge,
                Span::new(0, 0),
                format!(
                    "the input is {} bytes, more than the limit of {} bytes",
                    source.len(),
                    MAX_SOURCE_BYTES
                ),
            )
            .with_help("split the architecture into several files"),
        );
    }
    let mut too_deep = None;
    structure(source, |i, _, depth| {
        if depth > MAX_DEPTH {
            too_deep = Some(i);
        }
        too_deep.is_none()
    });
    too_deep.map(|i| {
        Diagnostic::new(
            Code::NestingTooDeep,
            Span::new(i, i + 1),
            format!("braces and brackets nest more than {MAX_DEPTH} levels deep"),
        )
        .with_label("this one is too deep")
        .with_help("flatten the structure: nested groups rarely need more than a handful of levels")
    })
}

/// Scans the string literal that opens at `open`: returns the offset of its closing quote
/// and `true`, or the offset of the line break or end of text that cuts it and `false`.
pub(crate) fn string_end(bytes: &[u8], open: usize) -> (usize, bool) {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (i, true),
            b'\n' | b'\r' => return (i, false),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// Lowers pest pairs to the typed tree.
struct Lower<'a, 'd> {
    /// The whole source.
    source: &'a str,
    /// Where the text given to the parser starts in the whole source.
    base: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Lower<'_, '_> {
    fn items(&mut self, parent: Pair<'_, Rule>) -> Vec<Stmt> {
        let mut items = Vec::new();
        for pair in parent.into_inner() {
            match pair.as_rule() {
                Rule::title_stmt => {
                    let string = pair.into_inner().nth(1).expect("title has a string");
                    items.push(Stmt::Title(self.string(string)));
                }
                Rule::direction_stmt => {
                    let ident = pair.into_inner().nth(1).expect("direction has a word");
                    items.push(Stmt::Direction(self.ident(ident)));
                }
                Rule::context_stmt => {
                    let attrs = pair.into_inner().nth(1).expect("context has attributes");
                    items.push(Stmt::Context(self.attrs(attrs)));
                }
                Rule::port_stmt => items.push(Stmt::Port(self.port(pair))),
                Rule::decl => items.push(Stmt::Decl(self.decl(pair))),
                Rule::arrow_stmt => items.push(Stmt::Arrow(self.arrow(pair))),
                Rule::bad_stmt => items.push(Stmt::Error(self.bad(pair))),
                Rule::stray_close => {
                    let span = self.span(&pair);
                    self.diagnostics.push(
                        Diagnostic::new(Code::UnmatchedBrace, span, "this `}` has no `{` to close")
                            .with_label("unmatched")
                            .with_help("remove it, or add the `{` it was meant to close"),
                    );
                }
                Rule::EOI | Rule::unclosed => {}
                rule => unreachable!("unexpected rule {rule:?} among statements"),
            }
        }
        items
    }

    fn body(&mut self, pair: Pair<'_, Rule>) -> Body {
        let span = self.span(&pair);
        let unclosed = pair
            .clone()
            .into_inner()
            .any(|p| p.as_rule() == Rule::unclosed);
        if unclosed {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnclosedBrace,
                    Span::new(span.start, span.start + 1),
                    "this `{` is never closed",
                )
                .with_label("opened here")
                .with_help("add a `}` where the body ends"),
            );
        }
        Body {
            items: self.items(pair),
            span,
        }
    }

    fn decl(&mut self, pair: Pair<'_, Rule>) -> Decl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let kind = self.ident(inner.next().expect("decl has a kind"));
        let name = self.ident(inner.next().expect("decl has a name"));
        let mut decl = Decl {
            kind,
            name,
            label: None,
            attrs: None,
            body: None,
            span,
        };
        for part in inner {
            match part.as_rule() {
                Rule::string => decl.label = Some(self.string(part)),
                Rule::attrs => decl.attrs = Some(self.attrs(part)),
                Rule::body => decl.body = Some(self.body(part)),
                rule => unreachable!("unexpected rule {rule:?} in a declaration"),
            }
        }
        decl
    }

    fn port(&mut self, pair: Pair<'_, Rule>) -> PortDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next().expect("port has a name"));
        let mut port = PortDecl {
            name,
            number: None,
            protocol: None,
            attrs: None,
            span,
        };
        for part in inner {
            match part.as_rule() {
                Rule::port_number => {
                    // Digits only; a number too large for u64 is saturated and rejected by
                    // the model's range check.
                    let number = part.as_str().parse::<u64>().unwrap_or(u64::MAX);
                    port.number = Some((number, self.span(&part)));
                }
                Rule::ident => port.protocol = Some(self.ident(part)),
                Rule::attrs => port.attrs = Some(self.attrs(part)),
                rule => unreachable!("unexpected rule {rule:?} in a port"),
            }
        }
        port
    }

    fn arrow(&mut self, pair: Pair<'_, Rule>) -> ArrowChain {
        let span = self.span(&pair);
        let mut chain = ArrowChain {
            endpoints: Vec::new(),
            ops: Vec::new(),
            label: None,
            attrs: None,
            span,
        };
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::path => chain.endpoints.push(self.path(part)),
                Rule::arrow_op => {
                    let (style, both) = match part.as_str() {
                        "->" => (ArrowStyle::Sync, false),
                        "~>" => (ArrowStyle::Async, false),
                        "<->" => (ArrowStyle::Sync, true),
                        _ => (ArrowStyle::Async, true),
                    };
                    chain.ops.push(ArrowOp {
                        style,
                        both,
                        span: self.span(&part),
                    });
                }
                Rule::string => chain.label = Some(self.string(part)),
                Rule::attrs => chain.attrs = Some(self.attrs(part)),
                rule => unreachable!("unexpected rule {rule:?} in an arrow"),
            }
        }
        chain
    }

    fn bad(&mut self, pair: Pair<'_, Rule>) -> ErrorStmt {
        let span = self.span(&pair);
        let mut stmt = ErrorStmt {
            span,
            declared: None,
            body: None,
        };
        let mut has_text = false;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::bad_text => {
                    let text_span = self.span(&part);
                    has_text = true;
                    stmt.declared = explain::declared_name(part.as_str());
                    self.diagnostics
                        .push(explain::explain(self.source, text_span));
                }
                Rule::body => {
                    if !has_text {
                        // A body with no statement before it.
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::Syntax,
                                Span::new(span.start, span.start + 1),
                                "a body must follow a declaration",
                            )
                            .with_label("this `{` belongs to no declaration")
                            .with_help("write the declaration first: `group name { ... }`"),
                        );
                    }
                    stmt.body = Some(self.body(part));
                }
                rule => unreachable!("unexpected rule {rule:?} in a broken statement"),
            }
        }
        stmt
    }

    fn attrs(&mut self, pair: Pair<'_, Rule>) -> AttrList {
        let span = self.span(&pair);
        let attrs = pair.into_inner().map(|attr| self.attr(attr)).collect();
        AttrList { attrs, span }
    }

    fn attr(&mut self, pair: Pair<'_, Rule>) -> Attr {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let key = self.path(inner.next().expect("attribute has a key"));
        let value = inner.next().map(|v| self.value(v));
        Attr { key, value, span }
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::boolean => ValueKind::Bool(pair.as_str() == "true"),
            Rule::number => ValueKind::Number(number(pair.as_str())),
            Rule::duration => ValueKind::Duration(duration(pair.as_str())),
            Rule::range => {
                let mut inner = pair.into_inner();
                let lo = number(inner.next().expect("range has a start").as_str());
                let hi = inner.next().expect("range has an end");
                let hi = (hi.as_rule() == Rule::number).then(|| number(hi.as_str()));
                ValueKind::Range(lo, hi)
            }
            Rule::string => ValueKind::Str(self.string(pair).value),
            Rule::word => ValueKind::Word(pair.as_str().to_owned()),
            Rule::list => ValueKind::List(pair.into_inner().map(|v| self.value(v)).collect()),
            rule => unreachable!("unexpected rule {rule:?} as a value"),
        };
        Value { kind, span }
    }

    fn string(&mut self, pair: Pair<'_, Rule>) -> Str {
        let span = self.span(&pair);
        let raw = pair.into_inner().next().expect("string has text");
        let value = self.unescape(raw.as_str(), self.base + raw.as_span().start());
        Str { value, span }
    }

    /// Resolves escapes; reports unknown ones and keeps them as written.
    fn unescape(&mut self, raw: &str, offset: usize) -> String {
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some((_, e)) = chars.next() else { break };
            match e {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'u' => {
                    // \u{XXXX}
                    let rest = &raw[i + 2..];
                    let parsed = rest
                        .strip_prefix('{')
                        .and_then(|r| r.find('}').map(|end| &r[..end]))
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok().map(|v| (v, hex.len())))
                        .and_then(|(v, len)| char::from_u32(v).map(|ch| (ch, len)));
                    match parsed {
                        Some((ch, len)) => {
                            out.push(ch);
                            for _ in 0..len + 2 {
                                chars.next();
                            }
                        }
                        None => {
                            self.bad_escape(offset + i, 2, "\\u");
                            out.push_str("\\u");
                        }
                    }
                }
                other => {
                    self.bad_escape(offset + i, 1 + other.len_utf8(), &format!("\\{other}"));
                    out.push('\\');
                    out.push(other);
                }
            }
        }
        out
    }

    /// The pair's span in the whole source.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        Span::new(self.base + span.start(), self.base + span.end())
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            text: pair.as_str().to_owned(),
            span: self.span(&pair),
        }
    }

    fn path(&self, pair: Pair<'_, Rule>) -> Path {
        let span = self.span(&pair);
        Path {
            segments: pair.into_inner().map(|p| self.ident(p)).collect(),
            span,
        }
    }

    fn bad_escape(&mut self, at: usize, len: usize, text: &str) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::InvalidEscape,
                Span::new(at, at + len),
                format!("unknown escape `{text}` in a string"),
            )
            .with_help(
                "the escapes are \\\" \\\\ \\n \\t and \\u{XXXX}; write \\\\ for a backslash",
            ),
        );
    }
}

/// Reads a number literal: digits with `_`, an optional fraction and a `k` or `M` suffix.
fn number(text: &str) -> f64 {
    let (digits, scale) = match text.as_bytes().last() {
        Some(b'k' | b'K') => (&text[..text.len() - 1], 1e3),
        Some(b'M') => (&text[..text.len() - 1], 1e6),
        _ => (text, 1.0),
    };
    let cleaned: String = digits.chars().filter(|&c| c != '_').collect();
    cleaned.parse::<f64>().unwrap_or(f64::MAX) * scale
}

/// Reads a duration literal, in seconds.
fn duration(text: &str) -> f64 {
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let scale = match unit {
        "ms" => 0.001,
        "s" => 1.0,
        "min" => 60.0,
        "h" => 3600.0,
        _ => 86400.0,
    };
    number(digits) * scale
}

#[cfg(test)]
mod pieces {
    use super::*;
    use proptest::prelude::*;

    fn same_as_whole(source: &str, pieces: usize) -> Result<bool, TestCaseError> {
        match parse_in_pieces(source, pieces) {
            Some(parsed) => {
                prop_assert_eq!(&parsed, &parse_whole(source), "{:?}", source);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Well-formed files are parsed in pieces, to the same tree as the whole-file parse.
    #[test]
    fn the_examples_parse_in_pieces_as_whole() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        for entry in std::fs::read_dir(dir).unwrap() {
            let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for pieces in [2, 3, 5, 8] {
                assert!(same_as_whole(&source, pieces).unwrap(), "{pieces}");
            }
        }
    }

    fn line() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec![
            "service", "a", "b.c", "->", "~>", "<->", "[", "]", "{", "}", "\"", "\"x\"", "#",
            "# {", "# [", "=", ",", "2..N", ";", "port", "title", "\\", " ", ":",
        ]);
        let soup = prop::collection::vec(token, 0..8).prop_map(|t| t.join(" "));
        // Well-formed lines, so that many inputs are parsed in pieces.
        let good = prop::sample::select(vec![
            "service a [replicas = 2..N]",
            "a -> b : \"x # {\"",
            "group g {\n  service x # }\n  x -> a\n}",
            "service db [\n  zones = [a, b],\n  # ]\n]",
            "}",
            "db [",
            "# a comment { [",
            "title \"t\"",
            "port http = 80",
            "",
        ])
        .prop_map(str::to_owned);
        prop_oneof![1 => soup, 12 => good]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Whatever the input, the pieces give the whole-file parse or are discarded.
        #[test]
        fn pieces_agree_with_the_whole_file(lines in prop::collection::vec(line(), 1..30), pieces in 2usize..6) {
            let source = lines.join("\n");
            same_as_whole(&source, pieces)?;

        }
    }
}
