//! The edge where diagnostics leave the core: rendered like rustc (through miette) for
//! people, or as JSON objects for machines. Both read the source text to turn byte spans
//! into lines and columns.

use crate::diagnostic::{Diagnostic, LineIndex, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};
use serde_json::{json, Value};
use std::fmt;

/// How human-readable diagnostics are drawn.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    /// The terminal width to wrap at.
    pub width: usize,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: false,
            width: 100,
        }
    }
}

/// Renders one diagnostic like rustc: the message, `file:line:col`, the source lines with
/// the spans underlined, secondary labels and help.
pub fn human(diagnostic: &Diagnostic, source: &str, file: &str, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let adapter = Adapter {
        diagnostic,
        source: NamedSource::new(file, source.to_owned()).with_language("archc"),
    };
    let mut out = String::new();
    handler
        .render_report(&mut out, &adapter)
        .expect("writing to a String cannot fail");
    out
}

/// One diagnostic as the JSON object of `archc check --format json`; `components` are the
/// qualified names a lint finding is about (empty for compiler diagnostics).
pub fn json(
    diagnostic: &Diagnostic,
    lines: &LineIndex<'_>,
    file: &str,
    components: &[String],
) -> Value {
    let (line, column) = lines.line_col(diagnostic.primary.span.start);
    let (end_line, end_column) = lines.line_col(diagnostic.primary.span.end);
    let related: Vec<Value> = diagnostic
        .secondary
        .iter()
        .map(|label| {
            let (line, column) = lines.line_col(label.span.start);
            json!({"message": label.message, "line": line, "column": column})
        })
        .collect();
    json!({
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "name": diagnostic.name,
        "message": diagnostic.message,
        "file": file,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "label": diagnostic.primary.message,
        "help": diagnostic.help,
        "related": related,
        "components": components,
    })
}

/// Presents a [`Diagnostic`] to miette.
struct Adapter<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<String>,
}

impl fmt::Debug for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Adapter<'_> {}

impl Adapter<'_> {
    /// A span clamped to the source and to character boundaries, as miette needs.
    fn span(&self, span: crate::Span) -> miette::SourceSpan {
        let text = self.source.inner();
        let clamp = |mut at: usize| {
            at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at += 1;
            }
            at
        };
        let start = clamp(span.start);
        let end = clamp(span.end.max(span.start));
        (start, end - start).into()
    }
}

impl miette::Diagnostic for Adapter<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let d = self.diagnostic;
        Some(Box::new(format!("{}[{}] {}", d.severity, d.code, d.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = &self.diagnostic.primary;
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            primary.message.clone(),
            self.span(primary.span),
        )];
        labels.extend(
            self.diagnostic
                .secondary
                .iter()
                .map(|l| LabeledSpan::new_with_span(l.message.clone(), self.span(l.span))),
        );
        Some(Box::new(labels.into_iter()))
    }
}

/// One checked file, as SARIF needs it.
pub struct SarifFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// Each diagnostic with the components it is about and its suppression's reason.
    pub diagnostics: Vec<(&'a Diagnostic, &'a [String], Option<&'a str>)>,
}

/// The diagnostics of several files as a SARIF 2.1.0 log (what GitHub code scanning
/// reads): the rules with their documentation and default level, each result with its
/// physical location in the `.arch` file and the components as logical locations, and
/// suppressed results kept with their justification.
pub fn sarif(files: &[SarifFile<'_>]) -> Value {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let mut rules: Vec<Value> = crate::lint::rules::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            let doc: Vec<&str> = m
                .doc
                .lines()
                .map(|l| l.strip_prefix(' ').unwrap_or(l))
                .collect();
            let doc = doc.join("\n");
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": m.summary()},
                "fullDescription": {"text": m.summary()},
                "help": {"text": doc, "markdown": doc},
                "defaultConfiguration": {"level": level(m.level)},
                "properties": {"tags": [m.group.name()]},
            })
        })
        .collect();
    rules.extend(crate::diagnostic::Code::ALL.iter().map(|c| {
        json!({
            "id": c.code(),
            "name": c.name(),
            "shortDescription": {"text": c.doc()},
            "defaultConfiguration": {"level": level(c.severity())},
            "properties": {"tags": ["compiler"]},
        })
    }));
    let index = |code: &str| rules.iter().position(|r| r["id"] == code);
    let mut results = Vec::new();
    for file in files {
        let lines = LineIndex::new(file.text);
        for &(d, components, suppressed) in &file.diagnostics {
            let (line, column) = lines.line_col(d.primary.span.start);
            let (end_line, end_column) = lines.line_col(d.primary.span.end);
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file.name},
                        "region": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column.max(column + usize::from(end_line == line))},
                    },
                    "logicalLocations": components.iter().map(|c| json!({"fullyQualifiedName": c, "kind": "module"})).collect::<Vec<_>>(),
                }],
            });
            if let Some(i) = index(d.code) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(reason) = suppressed {
                result["suppressions"] = json!([{"kind": "inSource", "justification": reason}]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "archc",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/archc/archc",
                "rules": rules,
            }},
            "results": results,
        }],
    })
}
