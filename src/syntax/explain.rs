//! Explains why a statement did not parse: the grammar's fallback (`bad_stmt`) says *that*
//! a line is broken; this module says *where* and *why*, re-parsing the line alone against
//! the statement forms and recognising the common mistakes.

use super::{string_end, ArchParser, Rule};
use crate::diagnostic::{Code, Diagnostic, Span};
use pest::Parser as _;

/// The diagnostic for the broken statement text at `span` of `source`.
pub(super) fn explain(source: &str, span: Span) -> Diagnostic {
    let text = &source[span.range()];
    // Spans stay inside the source, whatever the offsets computed below.
    let clamp = |start: usize, len: usize| {
        let start = start.min(source.len());
        Span::new(start, (start + len).min(source.len()))
    };
    let at = |offset: usize, len: usize| clamp(span.start + offset, len);

    if let Some(quote) = unterminated_quote(text) {
        let end = strip_comment_free_end(text, quote);
        return Diagnostic::new(
            Code::UnterminatedString,
            at(quote, end - quote),
            "unterminated string",
        )
        .with_label("this string is not closed on its line")
        .with_help(
            "close it with `\"`; strings stay on one line (write \\n for a line break in a label)",
        );
    }

    if let Some(open) = unclosed_bracket(&text[..code_end(text)]) {
        return Diagnostic::new(Code::Syntax, at(open, 1), "this `[` is never closed")
            .with_label("opened here")
            .with_help(
                "close the list with `]`; a list may span lines, but only while it is open",
            );
    }

    let error = match ArchParser::parse(Rule::check_stmt, text) {
        Ok(_) => {
            // The statement is fine alone, so what follows it is wrong: a body on a statement
            // that cannot have one.
            let next = span.end;
            return Diagnostic::new(Code::Syntax, clamp(next, 1), "only declarations have a body")
                .with_label("unexpected `{`")
                .with_help("put declarations in a body: `group name { ... }`; a title, a context, a port or an arrow has none");
        }
        Err(error) => error,
    };
    let pos = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
    .min(text.len());
    let positives = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };

    let code_end = code_end(text);
    if let Some(op) = trailing_arrow(&text[..code_end]) {
        if pos >= op {
            let len = code_end - op;
            return Diagnostic::new(
                Code::ArrowWithoutTarget,
                at(op, len),
                "arrow without a target",
            )
            .with_label("nothing follows this arrow")
            .with_help("name what the arrow points to: `a -> b`");
        }
    }

    let (found, found_len) = found_at(text, pos, code_end);
    let expected = describe(&positives);
    let message = match &expected {
        Some(expected) => format!("expected {expected}, found {found}"),
        None => format!("unexpected {found}"),
    };
    // At the end of the line there is nothing to underline: point at the last character
    // of the statement instead, as in "expected X after this".
    let (primary, after) = if pos >= code_end && code_end > 0 {
        let last = text[..code_end]
            .chars()
            .next_back()
            .map_or(1, char::len_utf8);
        (at(code_end - last, last), " after this")
    } else {
        (at(pos, found_len), "")
    };
    let mut diagnostic = Diagnostic::new(Code::Syntax, primary, message);
    diagnostic = diagnostic.with_label(match &expected {
        Some(expected) => format!("expected {expected}{after}"),
        None => "unexpected here".to_owned(),
    });
    if let Some(help) = hint(text, pos, &positives) {
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
}

/// The name a broken statement may have declared: the second word when the statement
/// starts like a declaration (`KIND NAME ...`) or a port (`port NAME ...`). Later phases
/// stay quiet about references to it.
pub(super) fn declared_name(text: &str) -> Option<String> {
    let is_word = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let mut words = text[..code_end(text)].split_whitespace();
    let (first, second) = (words.next()?, words.next()?);
    let second = second
        .split(['[', '"', '=', ','])
        .next()
        .unwrap_or_default();
    (is_word(first) && is_word(second)).then(|| second.to_owned())
}

/// The offset of a `"` that opens a string that is not closed, if any.
fn unterminated_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => return None,
            b'"' => match string_end(bytes, i) {
                (end, true) => i = end,
                (_, false) => return Some(i),
            },
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the last `[` that no `]` closes, outside strings.
fn unclosed_bracket(code: &str) -> Option<usize> {
    let bytes = code.as_bytes();
    let mut open = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i).0,
            b'[' => open.push(i),
            b']' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}

/// Where the line that holds `from` ends (trailing spaces excluded).
fn strip_comment_free_end(text: &str, from: usize) -> usize {
    let end = text[from..]
        .find(['\n', '\r'])
        .map_or(text.len(), |e| from + e);
    from + text[from..end].trim_end().len()
}

/// The end of the code of a statement: before a trailing comment and trailing spaces.
fn code_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut end = text.len();
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i).0,
            b'#' => {
                end = i;
                break;
            }
            _ => {}
        }
        i += 1;
    }
    text[..end.min(text.len())].trim_end().len()
}

/// The offset of an arrow operator that ends the code, if any.
fn trailing_arrow(code: &str) -> Option<usize> {
    ["<->", "<~>", "->", "~>"]
        .iter()
        .find(|op| code.ends_with(*op))
        .map(|op| code.len() - op.len())
}

/// What stands at `pos`, as a diagnostic says it, and its length.
fn found_at(text: &str, pos: usize, code_end: usize) -> (String, usize) {
    if pos >= code_end {
        return ("the end of the line".to_owned(), 0);
    }
    let rest = &text[pos..];
    let first = rest.chars().next().unwrap_or(' ');
    if first == '"' {
        let len = rest[1..].find('"').map_or(rest.len(), |e| e + 2);
        return ("a string".to_owned(), len);
    }
    if first.is_ascii_alphanumeric() || first == '_' {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .unwrap_or(rest.len());
        return (format!("`{}`", &rest[..len]), len);
    }
    for op in ["<->", "<~>", "-->", "->", "~>", "<-", "=>", "..", "--"] {
        if rest.starts_with(op) {
            return (format!("`{op}`"), op.len());
        }
    }
    (format!("`{}`", first.escape_debug()), first.len_utf8())
}

/// The tokens the grammar expected, in words.
fn describe(positives: &[Rule]) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for rule in positives {
        let word = match rule {
            Rule::ident | Rule::path => "a name",
            Rule::word => "a value",
            Rule::string | Rule::string_text => "a quoted string",
            Rule::attrs => "`[`",
            Rule::attr => "an attribute",
            Rule::arrow_op => "an arrow (`->`, `~>`)",
            Rule::range
            | Rule::duration
            | Rule::number
            | Rule::boolean
            | Rule::list
            | Rule::unbounded => "a value",
            Rule::port_number => "a port number",
            Rule::body => "`{`",
            Rule::EOI => "the end of the statement",
            Rule::kw_title => "`title`",
            Rule::kw_direction => "`direction`",
            Rule::kw_context => "`context`",
            Rule::kw_port => "`port`",
            _ => "a statement",
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    if words.contains(&"a value") {
        words.retain(|w| *w != "a name" && *w != "a quoted string");
    }
    match words.split_last() {
        None => None,
        Some((last, [])) => Some((*last).to_owned()),
        Some((last, rest)) => Some(format!("{} or {}", rest.join(", "), last)),
    }
}

/// A hint for the mistakes people make most.
fn hint(text: &str, pos: usize, positives: &[Rule]) -> Option<String> {
    let rest = &text[pos.min(text.len())..];
    let before = text[..pos.min(text.len())].trim_end();
    if text[..code_end(text)].split_whitespace().count() == 1
        && !text.trim_start().starts_with(['{', '[', '"'])
    {
        return Some("a statement is a declaration (`service api`), an arrow (`api -> db`), a `port`, a `title`, a `direction` or a `context`".into());
    }
    if rest.starts_with(|c: char| !c.is_ascii() && c.is_alphanumeric()) {
        return Some("names are ASCII letters, digits, `_` and `-`; any text can go in the quoted label: `service cafe \"Café\"`".into());
    }
    if rest.starts_with("<-") {
        return Some(
            "arrows point from the caller to the callee: write `b -> a` rather than `a <- b`"
                .into(),
        );
    }
    if rest.starts_with("=>") || rest.starts_with("-->") || rest.starts_with("--") {
        return Some("use `->` for a request and `~>` for a message or event".into());
    }
    if before.ends_with(':') && positives.contains(&Rule::string) {
        return Some("labels are quoted: `a -> b : \"HTTPS\"`".into());
    }
    let word_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let word = &rest[..word_len];
    if word.starts_with(|c: char| c.is_ascii_digit())
        && word.contains(|c: char| c.is_ascii_alphabetic())
    {
        return Some(
            "numbers take `k` or `M`; durations take `ms`, `s`, `min`, `h` or `d` (`15min`)".into(),
        );
    }
    if rest.starts_with('"')
        && positives.contains(&Rule::ident)
        && before.split_whitespace().count() == 1
    {
        return Some(
            "a declaration needs a name before its label: `service api \"Python API\"`".into(),
        );
    }
    if before.ends_with('=') {
        return Some("values are numbers (`3`, `50k`), ranges (`2..N`), durations (`30s`), strings, words or lists (`[a, b]`)".into());
    }
    if rest.starts_with('.')
        && positives
            .iter()
            .any(|r| matches!(r, Rule::EOI | Rule::arrow_op | Rule::string | Rule::attrs))
    {
        return Some("a declaration's name is a single word; dots are for references".into());
    }
    None
}
