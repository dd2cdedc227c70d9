use super::shown;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Reports webhooks (an `external` that `sends = webhooks`, or an arrow labelled as a
    /// webhook) that go straight to a service or function instead of into a queue, a topic
    /// or a stream. Payment providers make it an error.
    ///
    /// ## Why is this bad
    /// A webhook is delivered once, or retried for a while and then dropped. When the
    /// receiver is down, slow or failing on its database, the event is lost: a payment
    /// confirmed at Stripe and never recorded. A queue accepts the event at once, and a
    /// worker processes it when it can, as often as it must.
    ///
    /// ## Example
    /// ```arch
    /// external stripe "Stripe" [sends = webhooks]
    /// service api
    /// stripe -> api : "webhook"
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// external stripe "Stripe" [sends = webhooks]
    /// queue hooks "SQS" [dlq]
    /// function worker
    /// stripe ~> hooks : "webhook"
    /// hooks ~> worker : "consumes"
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL04-BP02 (loosely coupled dependencies) and REL05-BP04
    /// - Stripe: webhook deliveries are retried for a limited time and may arrive twice
    pub struct UnbufferedWebhook { code: "REL010", name: "unbuffered-webhook", group: Reliability, level: Warning }
}

impl Rule for UnbufferedWebhook {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for arrow in &d.arrows {
            let source = d.node(arrow.from.node);
            let target = d.node(arrow.to.node);
            let sends_hooks = source.kind == Kind::External
                && (source
                    .attrs
                    .get("sends")
                    .is_some_and(|s| s.words().iter().any(|w| w.starts_with("webhook")))
                    || arrow
                        .label
                        .as_deref()
                        .is_some_and(|l| l.to_ascii_lowercase().contains("webhook")));
            if !sends_hooks || matches!(target.kind, Kind::Queue | Kind::Topic | Kind::Stream) {
                continue;
            }
            let text = format!("{} {}", source.name, source.label.as_deref().unwrap_or(""))
                .to_ascii_lowercase();
            let payments = ["stripe", "payment", "paypal", "adyen", "braintree"]
                .iter()
                .any(|p| text.contains(p))
                || source
                    .attrs
                    .get("data")
                    .is_some_and(|v| v.words().contains(&"payment"));
            let finding = out.report(
                arrow.span,
                vec![source.id, target.id],
                format!(
                    "webhooks from {} go straight to {}: when it is down or slow, the events are lost",
                    shown(d, source.id),
                    shown(d, target.id)
                ),
            );
            finding.help("receive them into a queue (`queue hooks [dlq]`, `stripe ~> hooks`) and process them from there, idempotently");
            if payments
                || matches!(source.attrs.get("criticality"), Some(AttrValue::Word(w)) if w == "critical")
            {
                finding.level(Severity::Error);
            }
        }
    }
}
