//! The typed syntax tree. Every node carries the byte span it was parsed from.

use crate::diagnostic::Span;

/// A parsed source file: its statements, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceFile {
    pub items: Vec<Stmt>,
}

/// A statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    Title(Str),
    Direction(Ident),
    Context(AttrList),
    Port(PortDecl),
    Decl(Decl),
    Arrow(ArrowChain),
    /// A statement that could not be parsed; it was reported already. Its body, when it had
    /// one, is parsed, and the name it may have declared is kept so that later phases do not
    /// report it as unknown.
    Error(ErrorStmt),
}

impl Stmt {
    pub fn span(&self) -> Span {
        match self {
            Stmt::Title(s) => s.span,
            Stmt::Direction(i) => i.span,
            Stmt::Context(a) => a.span,
            Stmt::Port(p) => p.span,
            Stmt::Decl(d) => d.span,
            Stmt::Arrow(a) => a.span,
            Stmt::Error(e) => e.span,
        }
    }
}

/// A name as written in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub text: String,
    pub span: Span,
}

/// A string literal, unescaped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

/// A dotted reference: `eks.critical.payment`, `api.http`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub segments: Vec<Ident>,
    pub span: Span,
}

impl Path {
    /// The path as written, segments joined with dots.
    pub fn text(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// `KIND NAME ["LABEL"] [[attributes]] [{ body }]`
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    pub kind: Ident,
    pub name: Ident,
    pub label: Option<Str>,
    pub attrs: Option<AttrList>,
    pub body: Option<Body>,
    pub span: Span,
}

/// The statements between `{` and `}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub items: Vec<Stmt>,
    /// The whole body, braces included.
    pub span: Span,
}

/// `port NAME [= NUMBER[/PROTOCOL]] [[attributes]]`
#[derive(Clone, Debug, PartialEq)]
pub struct PortDecl {
    pub name: Ident,
    /// The number as written, with its span; range-checked by the model.
    pub number: Option<(u64, Span)>,
    pub protocol: Option<Ident>,
    pub attrs: Option<AttrList>,
    pub span: Span,
}

/// Whether an arrow waits for an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArrowStyle {
    /// `->`: a request; the caller fails when the callee fails.
    Sync,
    /// `~>`: a message or event.
    Async,
}

/// One arrow operator of a chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArrowOp {
    pub style: ArrowStyle,
    /// `<->` and `<~>`.
    pub both: bool,
    pub span: Span,
}

/// `a -> b ~> c : "label" [attributes]`
#[derive(Clone, Debug, PartialEq)]
pub struct ArrowChain {
    /// The endpoints; there is always one more endpoint than operators.
    pub endpoints: Vec<Path>,
    pub ops: Vec<ArrowOp>,
    pub label: Option<Str>,
    pub attrs: Option<AttrList>,
    pub span: Span,
}

/// A statement that failed to parse.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorStmt {
    pub span: Span,
    /// The name the statement may have declared (see `Stmt::Error`).
    pub declared: Option<String>,
    pub body: Option<Body>,
}

/// `[key = value, flag, ...]`
#[derive(Clone, Debug, PartialEq)]
pub struct AttrList {
    pub attrs: Vec<Attr>,
    pub span: Span,
}

/// `key = value`, or a bare `flag` (whose value is `None`).
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    pub key: Path,
    pub value: Option<Value>,
    pub span: Span,
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    Bool(bool),
    Number(f64),
    /// In seconds.
    Duration(f64),
    /// `lo..hi`; `hi` is `None` for `lo..N`.
    Range(f64, Option<f64>),
    Str(String),
    /// A bare word or dotted path.
    Word(String),
    List(Vec<Value>),
}

impl ValueKind {
    /// What the value is, as a diagnostic says it ("a string").
    pub fn describe(&self) -> &'static str {
        match self {
            ValueKind::Bool(_) => "a boolean",
            ValueKind::Number(_) => "a number",
            ValueKind::Duration(_) => "a duration",
            ValueKind::Range(..) => "a range",
            ValueKind::Str(_) => "a string",
            ValueKind::Word(_) => "a word",
            ValueKind::List(_) => "a list",
        }
    }
}
