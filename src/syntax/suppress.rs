//! Suppression comments: `# allow(single-point-of-failure): side project, accepted`.
//! A comment on its own line applies to the next statement; a comment after code applies
//! to the statement on its line. Several rules may be listed, by code or name:
//! `# allow(REL001, manual-deployment): reason`. The reason is required.
//!
//! The same comments set a rule's level instead, cascading from a group to what it holds:
//! `# deny(rule)` makes its findings errors, `# warn(rule)` warnings, `# info(rule)` notes.
//! A reason is welcome but not required.

use crate::diagnostic::Span;

/// A suppression comment as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    /// The rules, by code or name, as written.
    pub rules: Vec<String>,
    /// The reason after the colon; `None` when missing.
    pub reason: Option<String>,
    /// The comment.
    pub span: Span,
    /// Whether code precedes the comment on its line (it applies to that line).
    pub trailing: bool,
    /// `Some` for `deny`, `warn` and `info`: the level the findings take instead of being
    /// suppressed.
    pub level: Option<crate::diagnostic::Severity>,
}

/// The directives a comment may start with, and the level each sets (`None`: suppress).
const DIRECTIVES: &[(&str, Option<crate::diagnostic::Severity>)] = &[
    ("allow(", None),
    ("deny(", Some(crate::diagnostic::Severity::Error)),
    ("warn(", Some(crate::diagnostic::Severity::Warning)),
    ("info(", Some(crate::diagnostic::Severity::Info)),
];

/// Every suppression comment of the source, in order.
pub fn scan(source: &str) -> Vec<Allow> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if let Some(hash) = comment_start(line) {
            let comment = line[hash + 1..].trim_end_matches(['\n', '\r']);
            let text = comment.trim_start();
            let directive = DIRECTIVES
                .iter()
                .find_map(|&(prefix, level)| text.strip_prefix(prefix).map(|rest| (rest, level)));
            if let Some((rest, level)) = directive {
                if let Some(close) = rest.find(')') {
                    let rules: Vec<String> = rest[..close]
                        .split(',')
                        .map(|r| r.trim().to_owned())
                        .filter(|r| !r.is_empty())
                        .collect();
                    let after = rest[close + 1..].trim_start();
                    let reason = after
                        .strip_prefix(':')
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(str::to_owned);
                    let start = offset + hash;
                    out.push(Allow {
                        rules,
                        reason,
                        span: Span::new(start, offset + hash + 1 + comment.len()),
                        trailing: !line[..hash].trim().is_empty(),
                        level,
                    });
                }
            }
        }
        offset += line.len();
    }
    out
}

/// Where the comment of a line starts, outside strings.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = super::string_end(bytes, i).0,
            b'#' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_level_directives() {
        use crate::diagnostic::Severity;
        let src = "# deny(REL001)\n# warn(a, b): why\n# info(c)\n# allow(d): ok\n# allowed(e)\n";
        let levels: Vec<Option<Severity>> = scan(src).iter().map(|a| a.level).collect();
        assert_eq!(
            levels,
            [
                Some(Severity::Error),
                Some(Severity::Warning),
                Some(Severity::Info),
                None
            ]
        );
    }

    #[test]
    fn reads_rules_reasons_and_placement() {
        let src = "# allow(REL001, manual-deployment): side project, accepted\nvm ec2 # allow(OPS001)\nservice a \"# not a comment\"\n";
        let allows = scan(src);
        assert_eq!(allows.len(), 2);
        assert_eq!(allows[0].rules, vec!["REL001", "manual-deployment"]);
        assert_eq!(allows[0].reason.as_deref(), Some("side project, accepted"));
        assert!(!allows[0].trailing);
        assert_eq!(allows[1].reason, None);
        assert!(allows[1].trailing);
    }
}
