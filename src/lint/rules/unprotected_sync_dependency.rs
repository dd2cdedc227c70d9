use super::{criticality, shown};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;
use crate::syntax::ast::ArrowStyle;

declare_rule! {
    /// ## What it does
    /// Reports a synchronous call from the design to an `external` system (a payment
    /// provider, a partner API) that says nothing about how it survives the callee being
    /// slow or down: no `timeout`, and neither `retries` nor a `circuit_breaker` or a
    /// `fallback`. An error when the caller is critical.
    ///
    /// ## Why is this bad
    /// An external API fails on its own schedule. Without a timeout, each slow answer holds
    /// a thread or a connection until the caller runs out of them and fails too; without
    /// bounded retries (with backoff and jitter) a blip becomes an error for the user;
    /// without a circuit breaker, a dead dependency is hammered by every request and
    /// every request waits for it.
    ///
    /// ## Example
    /// ```arch
    /// service checkout
    /// external psp "Payment provider"
    /// checkout -> psp : "charge"
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// service checkout
    /// external psp "Payment provider"
    /// checkout -> psp : "charge" [timeout = 2s, retries = 3, backoff = exponential, jitter, circuit_breaker, idempotent]
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL05-BP01 (graceful degradation), REL05-BP03 (control and
    ///   limit retry calls), REL05-BP05 (client timeouts)
    pub struct UnprotectedSyncDependency { code: "REL009", name: "unprotected-sync-dependency", group: Reliability, level: Warning }
}

impl Rule for UnprotectedSyncDependency {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let set = |a: &crate::model::Attributes, key: &str| {
            a.get(key)
                .is_some_and(|v| !matches!(v, AttrValue::Bool(false)))
        };
        for arrow in &d.arrows {
            let (from, to) = (d.node(arrow.from.node), d.node(arrow.to.node));
            if arrow.style != ArrowStyle::Sync
                || to.kind != Kind::External
                || matches!(from.kind, Kind::Person | Kind::External)
                || set(&arrow.attrs, "optional")
            {
                continue;
            }
            let a = &arrow.attrs;
            let timeout = set(a, "timeout");
            let guarded = ["retries", "circuit_breaker", "fallback"]
                .iter()
                .any(|k| set(a, k));
            if timeout && guarded {
                continue;
            }
            let missing = match (timeout, guarded) {
                (false, false) => "no timeout, no retries and no circuit breaker",
                (false, true) => "no timeout",
                _ => "no retries, circuit breaker or fallback",
            };
            let finding = out.report(
                arrow.span,
                vec![from.id, to.id],
                format!(
                    "{} calls {} synchronously with {missing}: when it is slow or down, so is the caller",
                    shown(d, from.id),
                    shown(d, to.id)
                ),
            );
            finding.help("bound the call: `[timeout = 2s, retries = 3, backoff = exponential, jitter, circuit_breaker]`, or make it asynchronous through a queue");
            if criticality(d, from.id) == Some("critical") {
                finding.level(Severity::Error);
            }
        }
    }
}
