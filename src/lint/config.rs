//! Rule levels from `archc.toml`:
//!
//! ```toml
//! [rules]
//! single-point-of-failure = "error"   # error, warning, info or off
//! REL011 = "off"
//! ```
//!
//! Rules are named by code or name. The file is plain TOML, limited to that table of
//! strings; anything else is an error with its line. The CLI finds the file next to the
//! checked file or in a directory above it (or takes `--config`); this module only reads
//! text.

use super::find_rule;
use crate::diagnostic::Severity;
use std::collections::HashMap;

/// Levels set by configuration, by rule code; `None` turns a rule off.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub levels: HashMap<&'static str, Option<Severity>>,
}

/// A line of the file that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub message: String,
}

impl Config {
    /// Reads the text of an `archc.toml`.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        let mut config = Config::default();
        let mut errors = Vec::new();
        let mut in_rules = false;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let code = strip_comment(raw).trim();
            if code.is_empty() {
                continue;
            }
            if let Some(section) = code.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                in_rules = section.trim() == "rules";
                if !in_rules {
                    errors.push(ConfigError {
                        line,
                        message: format!(
                            "unknown table `[{}]`; archc.toml has a `[rules]` table",
                            section.trim()
                        ),
                    });
                }
                continue;
            }
            let Some((key, value)) = code.split_once('=') else {
                errors.push(ConfigError {
                    line,
                    message: "expected `rule = \"level\"`".into(),
                });
                continue;
            };
            if !in_rules {
                errors.push(ConfigError {
                    line,
                    message: "rule levels go in the `[rules]` table".into(),
                });
                continue;
            }
            let key = key.trim().trim_matches('"');
            let value = value.trim().trim_matches('"');
            let Some(rule) = find_rule(key) else {
                errors.push(ConfigError {
                    line,
                    message: format!("no rule `{key}` (`archc rules` lists them)"),
                });
                continue;
            };
            let level = match value {
                "error" => Some(Severity::Error),
                "warning" | "warn" => Some(Severity::Warning),
                "info" => Some(Severity::Info),
                "off" => None,
                other => {
                    errors.push(ConfigError {
                        line,
                        message: format!(
                            "`{other}` is not a level: use error, warning, info or off"
                        ),
                    });
                    continue;
                }
            };
            config.levels.insert(rule.code, level);
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }
}

fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '#' if !in_string => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_levels_and_reports_mistakes() {
        let config = Config::parse(
            "# levels\n[rules]\nsingle-point-of-failure = \"error\"\nREL011 = \"off\" # noisy\n",
        )
        .unwrap();
        assert_eq!(config.levels["REL001"], Some(Severity::Error));
        assert_eq!(config.levels["REL011"], None);
        let errors =
            Config::parse("[rules]\nno-such-rule = \"error\"\nREL001 = \"loud\"\n[other]\n")
                .unwrap_err();
        assert_eq!(
            errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![2, 3, 4]
        );
    }
}
