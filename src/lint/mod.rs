//! Phase 3 (beside layout): the architecture linter. It reviews a checked [`Diagram`] the
//! way a senior interviewer would and reports findings as [`Diagnostic`]s.
//!
//! **Contract.** [`lint`] takes a diagram and returns findings, each with its rule's code
//! and name, a level, a message that says what goes wrong and why, the components
//! involved, and a help text. It never fails and never panics.
//!
//! **Structure.** One rule per file under `rules/`, declared with [`declare_rule!`]: the
//! rule's doc comment, in the fixed sections *What it does*, *Why is this bad*,
//! *Example*, *Use instead* and *References*, is its documentation (printed by
//! `archc explain` and checked by a test). The analyses that several rules share are
//! computed once in a [`Context`]: the failure simulation ([`simulate`]) first of all.

pub mod config;
pub mod rules;
pub mod simulate;

use crate::diagnostic::{Diagnostic, Label, Severity, Span};
use crate::model::{Diagram, NodeId};

/// The family of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Reliability,
    Performance,
    Security,
    Fit,
    Operations,
    Model,
}

impl Group {
    pub fn name(self) -> &'static str {
        match self {
            Group::Reliability => "reliability",
            Group::Performance => "performance",
            Group::Security => "security",
            Group::Fit => "fit",
            Group::Operations => "operations",
            Group::Model => "model",
        }
    }
}

/// What a rule is, and its documentation.
#[derive(Clone, Copy, Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub group: Group,
    pub level: Severity,
    /// The rule's doc comment, in Markdown.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The first sentence of the *What it does* section.
    pub fn summary(&self) -> String {
        let what = self.doc.split("## What it does").nth(1).unwrap_or(self.doc);
        let paragraph = what.trim_start().split("\n\n").next().unwrap_or("");
        let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        let first = text
            .split(". ")
            .next()
            .unwrap_or(&text)
            .trim_end_matches('.')
            .to_owned();
        first
    }
}

/// A rule: its metadata and its check.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context<'_>, out: &mut Findings);
}

/// Declares a rule struct whose doc comment becomes its documentation.
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* pub struct $name:ident { code: $code:literal, name: $rule:literal, group: $group:ident, level: $level:ident $(,)? }) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::lint::RuleMeta = $crate::lint::RuleMeta {
                code: $code,
                name: $rule,
                group: $crate::lint::Group::$group,
                level: $crate::diagnostic::Severity::$level,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}

/// Facts about the diagram that several rules read.
pub struct Context<'a> {
    pub diagram: &'a Diagram,
    pub facts: simulate::Facts,
    /// The context statement, read into numbers.
    pub setting: Setting,
}

/// The facts of the `context` statement that change how severe a finding is.
#[derive(Clone, Copy, Debug, Default)]
pub struct Setting {
    /// The most users the design must serve (the end of a range).
    pub users: Option<f64>,
    /// The monthly budget, when one is declared.
    pub budget: Option<f64>,
    pub team: Option<f64>,
    /// Traffic declared spiky or seasonal.
    pub variable_traffic: bool,
}

impl Setting {
    fn read(d: &Diagram) -> Setting {
        use crate::model::{AttrValue, Period};
        let c = &d.context;
        let users = match c.get("users") {
            Some(AttrValue::Number(n)) => Some(*n),
            Some(AttrValue::Range { min, max }) => Some(max.unwrap_or(*min)),
            _ => None,
        };
        let budget = match c.get("budget") {
            Some(AttrValue::Money(m)) => Some(if m.period == Period::Year {
                m.amount / 12.0
            } else {
                m.amount
            }),
            _ => None,
        };
        let team = c.get("team").and_then(AttrValue::min_count);
        let variable_traffic = c
            .get("traffic")
            .is_some_and(|t| t.words().iter().any(|w| matches!(*w, "spiky" | "seasonal")));
        Setting {
            users,
            budget,
            team,
            variable_traffic,
        }
    }

    /// A side project: few users, no money, one person. Risks that would be errors for a
    /// business are conscious trade-offs here.
    pub fn side_project(&self) -> bool {
        self.users.is_some_and(|u| u <= 100.0)
            && self.budget.is_none_or(|b| b <= 50.0)
            && self.team.is_none_or(|t| t <= 2.0)
    }

    /// A design that must carry real load: many users or variable traffic.
    pub fn at_scale(&self) -> bool {
        self.users.is_some_and(|u| u >= 10_000.0) || self.variable_traffic
    }
}

/// One finding of a rule.
#[derive(Clone, Debug)]
pub struct Finding {
    pub level: Severity,
    pub message: String,
    pub span: Span,
    pub components: Vec<NodeId>,
    pub related: Vec<(Span, String)>,
    pub help: Option<String>,
}

/// Where a rule puts its findings.
pub struct Findings<'r> {
    meta: &'static RuleMeta,
    out: &'r mut Vec<(&'static RuleMeta, Finding)>,
}

impl Findings<'_> {
    /// Reports a finding at the rule's default level.
    pub fn report(
        &mut self,
        span: Span,
        components: Vec<NodeId>,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.out.push((
            self.meta,
            Finding {
                level: self.meta.level,
                message: message.into(),
                span,
                components,
                related: Vec::new(),
                help: None,
            },
        ));
        &mut self.out.last_mut().expect("just pushed").1
    }
}

impl Finding {
    pub fn level(&mut self, level: Severity) -> &mut Finding {
        self.level = level;
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Finding {
        self.help = Some(help.into());
        self
    }

    pub fn related(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        self.related.push((span, message.into()));
        self
    }
}

/// A lint finding as a diagnostic, with the fully qualified names of the components it
/// is about.
#[derive(Clone, Debug)]
pub struct LintDiagnostic {
    pub diagnostic: Diagnostic,
    pub components: Vec<String>,
    /// The reason of the `# allow(...)` comment that suppresses it: kept in JSON and
    /// SARIF, left out of the terminal and of the exit status.
    pub suppressed: Option<String>,
}

/// Runs every rule over the diagram at its default levels.
pub fn lint(diagram: &Diagram) -> Vec<LintDiagnostic> {
    lint_with(diagram, &config::Config::default())
}

/// Runs every rule, with the levels a configuration sets: a rule turned off reports
/// nothing, and a configured level replaces the level of each of its findings.
pub fn lint_with(diagram: &Diagram, config: &config::Config) -> Vec<LintDiagnostic> {
    let cx = Context {
        diagram,
        facts: simulate::Facts::new(diagram),
        setting: Setting::read(diagram),
    };
    let mut raw: Vec<(&'static RuleMeta, Finding)> = Vec::new();
    for rule in rules::ALL {
        let meta = rule.meta();
        if config.levels.get(meta.code) == Some(&None) {
            continue;
        }
        let start = raw.len();
        let mut findings = Findings {
            meta,
            out: &mut raw,
        };
        rule.check(&cx, &mut findings);
        if let Some(Some(level)) = config.levels.get(meta.code) {
            raw[start..].iter_mut().for_each(|(_, f)| f.level = *level);
        }
    }
    // A comment applies to a finding when it names its rule and is attached to one of its
    // components (or a group holding one), or to its arrow. How specific it is: an arrow
    // most, then the deeper the declaration the more.
    let applies = |s: &crate::model::Suppression, meta: &RuleMeta, f: &Finding| -> Option<usize> {
        let names_rule = s
            .allow
            .rules
            .iter()
            .any(|r| r.eq_ignore_ascii_case(meta.code) || r == meta.name);
        if !names_rule {
            return None;
        }
        match &s.target {
            crate::model::SuppressionTarget::Node(n) => f
                .components
                .iter()
                .any(|&c| c == *n || diagram.encloses(*n, c))
                .then(|| diagram.ancestors(*n).count() + 1),
            crate::model::SuppressionTarget::Arrows(ids) => ids
                .iter()
                .any(|&a| diagram.arrow(a).span == f.span)
                .then_some(usize::MAX),
            crate::model::SuppressionTarget::Nothing => None,
        }
    };
    let mut used = vec![false; diagram.suppressions.len()];
    // Levels set in the source (`# deny(rule)`, `# warn(rule)`, `# info(rule)`): the most
    // specific one wins, and they override the configuration.
    for (meta, f) in raw.iter_mut() {
        let mut best: Option<(usize, Severity)> = None;
        for (i, s) in diagram.suppressions.iter().enumerate() {
            let Some(level) = s.allow.level else { continue };
            if let Some(depth) = applies(s, meta, f) {
                used[i] = true;
                if best.is_none_or(|(d, _)| depth >= d) {
                    best = Some((depth, level));
                }
            }
        }
        if let Some((_, level)) = best {
            f.level = level;
        }
    }
    // Suppressions: `# allow(rule): reason`; the reason is required.
    let mut reasons: Vec<Option<String>> = Vec::with_capacity(raw.len());
    for (meta, f) in &raw {
        let mut reason = None;
        for (i, s) in diagram.suppressions.iter().enumerate() {
            if s.allow.level.is_some() {
                continue;
            }
            if applies(s, meta, f).is_some() && s.allow.reason.is_some() {
                used[i] = true;
                reason = reason.or_else(|| s.allow.reason.clone());
            }
        }
        reasons.push(reason);
    }
    let unused_meta = &rules::unused_suppression::UnusedSuppression::META;
    for (s, used) in diagram.suppressions.iter().zip(used) {
        if used {
            continue;
        }
        let known = s.allow.rules.iter().all(|r| find_rule(r).is_some());
        let message = if !known && s.allow.level.is_some() {
            format!(
                "this comment names no known rule: {}",
                s.allow.rules.join(", ")
            )
        } else if let Some(level) = s.allow.level {
            format!(
                "this comment sets {} to {level} but nothing here reports it",
                s.allow.rules.join(", ")
            )
        } else if s.allow.reason.is_none() {
            "this suppression gives no reason, so it suppresses nothing".to_owned()
        } else if !known {
            format!(
                "this suppression names no known rule: {}",
                s.allow.rules.join(", ")
            )
        } else {
            format!(
                "this suppression of {} suppresses nothing here",
                s.allow.rules.join(", ")
            )
        };
        let help = if s.allow.level.is_some() {
            "remove it, or attach it to the group or statement whose findings it is about"
        } else if s.allow.reason.is_none() {
            "say why the risk is accepted: `# allow(rule): reason`"
        } else {
            "remove it, or move it above the statement it is about"
        };
        raw.push((
            unused_meta,
            Finding {
                level: unused_meta.level,
                message,
                span: s.allow.span,
                components: Vec::new(),
                related: Vec::new(),
                help: Some(help.to_owned()),
            },
        ));
        reasons.push(None);
    }
    let mut out: Vec<LintDiagnostic> = raw
        .into_iter()
        .zip(reasons)
        .map(|((meta, f), suppressed)| {
            let diagnostic = Diagnostic {
                severity: f.level,
                code: meta.code,
                name: meta.name,
                message: f.message,
                primary: Label {
                    span: f.span,
                    message: None,
                },
                secondary: f
                    .related
                    .into_iter()
                    .map(|(span, message)| Label {
                        span,
                        message: Some(message),
                    })
                    .collect(),
                help: f.help,
            };
            let components = f
                .components
                .iter()
                .map(|&c| diagram.node(c).qualified.clone())
                .collect();
            LintDiagnostic {
                diagnostic,
                components,
                suppressed,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.diagnostic.primary.span.start, a.diagnostic.code)
            .cmp(&(b.diagnostic.primary.span.start, b.diagnostic.code))
    });
    out
}

/// Finds a rule by its code or its name.
pub fn find_rule(key: &str) -> Option<&'static RuleMeta> {
    rules::ALL
        .iter()
        .map(|r| r.meta())
        .find(|m| m.code.eq_ignore_ascii_case(key) || m.name == key)
}
