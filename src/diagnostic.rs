//! The project's own diagnostic type, shared by every phase.
//!
//! A [`Diagnostic`] carries byte spans into one source text; it knows nothing about files,
//! terminals or JSON. The edges convert it: [`crate::report`] renders it like rustc (through
//! miette) or as JSON, a language server would convert it to LSP types.

use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// A byte range in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span that covers both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(span: pest::Span<'_>) -> Span {
        Span::new(span.start(), span.end())
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A span with an optional message, pointing at the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Option<String>,
}

/// A problem found in the source, with where it is and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The stable code, for example `E103`.
    pub code: &'static str,
    /// The stable kebab-case name, for example `unknown-reference`.
    pub name: &'static str,
    pub message: String,
    /// Where the problem is.
    pub primary: Label,
    /// Other places that explain it (the first declaration of a duplicate, the candidates
    /// of an ambiguous reference).
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of the given code at `span`, with the code's default severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            code: code.code(),
            name: code.name(),
            message: message.into(),
            primary: Label {
                span,
                message: None,
            },
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Sets the message shown under the primary span.
    pub fn with_label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = Some(message.into());
        self
    }

    /// Adds another place that explains the problem.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: Some(message.into()),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $name:literal, $severity:ident, $doc:literal;)*) => {
        /// Every diagnostic the compiler itself can report.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $(#[doc = $doc] $variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn code(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One sentence of documentation.
            pub fn doc(self) -> &'static str {
                match self { $(Code::$variant => $doc,)* }
            }
        }
    };
}

codes! {
    Syntax = "E001", "syntax-error", Error, "A statement does not match any statement form.";
    UnterminatedString = "E002", "unterminated-string", Error, "A string is not closed before the end of its line.";
    ArrowWithoutTarget = "E003", "arrow-without-target", Error, "An arrow operator has nothing after it.";
    UnclosedBrace = "E004", "unclosed-brace", Error, "A `{` is never closed.";
    UnmatchedBrace = "E005", "unmatched-brace", Error, "A `}` has no `{` to close.";
    InvalidEscape = "E006", "invalid-escape", Error, "A string contains an escape sequence archc does not know.";
    NestingTooDeep = "E007", "nesting-too-deep", Error, "Braces or brackets nest deeper than the limit.";
    InputTooLarge = "E008", "input-too-large", Error, "The input is larger than the limit.";
    InvalidUtf8 = "E009", "invalid-utf8", Error, "The input is not valid UTF-8.";
    MisplacedStatement = "E010", "misplaced-statement", Error, "A statement appears where it is not allowed (a `title` inside a body, a `port` in a group).";
    RepeatedStatement = "E011", "repeated-statement", Error, "A statement that may appear once appears again.";
    UnknownKind = "E101", "unknown-kind", Error, "A declaration uses a kind that is not in the vocabulary.";
    DuplicateName = "E102", "duplicate-name", Error, "Two declarations in the same body have the same name.";
    UnknownReference = "E103", "unknown-reference", Error, "A reference names nothing that is declared.";
    AmbiguousReference = "E104", "ambiguous-reference", Error, "A reference matches several declarations.";
    UnknownPort = "E105", "unknown-port", Error, "A reference names a port that the component does not declare.";
    DuplicatePort = "E106", "duplicate-port", Error, "A component declares two ports with the same name.";
    InvalidNesting = "E107", "invalid-nesting", Error, "A component that cannot contain declarations has some in its body.";
    InvalidPort = "E108", "invalid-port", Error, "A port number is out of range.";
    WrongType = "E201", "wrong-attribute-type", Error, "An attribute's value has the wrong type.";
    InvalidValue = "E202", "invalid-attribute-value", Error, "An attribute's value has the right type but is not allowed (an unknown word, an empty range).";
    UnknownAttribute = "W201", "unknown-attribute", Warning, "An attribute archc does not know; it is kept but not checked.";
    InapplicableAttribute = "W202", "inapplicable-attribute", Warning, "A known attribute on a kind that does not use it.";
    DuplicateAttribute = "W203", "duplicate-attribute", Warning, "The same attribute appears twice in one list; the last one counts.";
}

/// Converts byte offsets to 1-based lines and columns (columns count Unicode scalar
/// values, as terminals and most editors show them).
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The 1-based line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }
}
