use super::shown;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Reports a queue that someone consumes but that has no dead-letter queue
    /// (`dlq = false`). When the queue does not say (`dlq` missing), the rule cannot
    /// decide and reports it at info level.
    ///
    /// ## Why is this bad
    /// A message that always fails (a poison message) is retried forever, blocks or slows
    /// the consumer and hides in the metrics. A dead-letter queue sets it aside after a
    /// few attempts, where an alarm can catch it.
    ///
    /// ## Example
    /// ```arch
    /// queue jobs "SQS" [dlq = false]
    /// function worker
    /// jobs ~> worker
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// queue jobs "SQS" [dlq]
    /// function worker
    /// jobs ~> worker
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL05-BP04 (fail fast and limit queues)
    pub struct QueueWithoutDlq { code: "REL011", name: "queue-without-dlq", group: Reliability, level: Warning }
}

impl Rule for QueueWithoutDlq {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let mut consumed = vec![false; d.nodes.len()];
        for a in &d.arrows {
            consumed[a.from.node.0] = true;
            if a.both {
                consumed[a.to.node.0] = true;
            }
        }
        for node in d.nodes.iter().filter(|n| n.kind == Kind::Queue) {
            if !consumed[node.id.0] {
                continue;
            }
            match node.attrs.get("dlq") {
                Some(AttrValue::Bool(false)) => {
                    out.report(node.name_span, vec![node.id], format!("{} has no dead-letter queue: a message that keeps failing is retried forever", shown(d, node.id)))
                        .help("add `dlq` (with a redrive policy after a few attempts) and an alarm on its depth");
                }
                None => {
                    out.report(
                        node.name_span,
                        vec![node.id],
                        format!(
                            "{} does not say whether it has a dead-letter queue",
                            shown(d, node.id)
                        ),
                    )
                    .level(Severity::Info)
                    .help("declare `dlq` when it has one, `dlq = false` when it has none");
                }
                Some(_) => {}
            }
        }
    }
}
