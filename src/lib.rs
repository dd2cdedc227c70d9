//! archc: a compiler for a small language that describes software architectures.
//!
//! The library is a pipeline of phases with data flowing one way:
//! [`syntax`] (text to syntax tree) then [`model`] (syntax tree to a checked [`Diagram`]);
//! later phases (lint, layout, render) read the diagram. Nothing in the library reads files,
//! prints or exits: the CLI, a language server or a WebAssembly build supply the text and
//! present the results.
//!
//! ```
//! let compiled = archc::compile("service api\ndatabase db\napi -> db : \"SQL\"\n");
//! assert!(!compiled.has_errors());
//! assert_eq!(compiled.diagram.arrows.len(), 1);
//! ```

// The pest parser is built without its `std` feature (see Cargo.toml): its code refers to
// the `alloc` crate by name.
extern crate alloc;

pub mod diagnostic;
pub mod docgen;
pub mod dot;
pub mod json;
pub mod layout;
pub mod lint;
pub mod model;
pub mod render;
pub mod report;
pub mod suggest;
pub mod syntax;

pub use diagnostic::{Diagnostic, Severity, Span};
pub use model::Diagram;

/// The result of compiling one source text.
#[derive(Clone, Debug)]
pub struct Compilation {
    /// What could be understood of the source, even when it has errors.
    pub diagram: Diagram,
    /// Every problem found, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and checks a source text. Never panics, whatever the input.
pub fn compile(source: &str) -> Compilation {
    let (file, mut diagnostics) = syntax::parse(source);
    let (mut diagram, model_diagnostics) = model::lower(&file);
    diagram.attach_suppressions(
        syntax::suppress::scan(source),
        &diagnostic::LineIndex::new(source),
    );
    diagnostics.extend(model_diagnostics);
    diagnostics.sort_by_key(|d| (d.primary.span.start, d.primary.span.end));
    Compilation {
        diagram,
        diagnostics,
    }
}

/// Decodes the bytes of a source file. Invalid UTF-8 is replaced (so the rest can still be
/// checked) and reported at the first invalid byte.
pub fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<Diagnostic>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (std::borrow::Cow::Borrowed(text), None),
        Err(error) => {
            let at = error.valid_up_to();
            let diagnostic = Diagnostic::new(
                diagnostic::Code::InvalidUtf8,
                Span::new(at, at + 1),
                "the file is not valid UTF-8",
            )
            .with_label("invalid byte here")
            .with_help("save the file as UTF-8");
            (String::from_utf8_lossy(bytes), Some(diagnostic))
        }
    }
}
