use super::shown;
use crate::declare_rule;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::syntax::ast::ArrowStyle;

declare_rule! {
    /// ## What it does
    /// Reports the steps of an event pipeline that cannot fail and be retried on their
    /// own: a function that runs several steps in one invocation (`steps = [ocr,
    /// extract]`), or a function that calls the next function synchronously instead of
    /// handing its result over through a queue.
    ///
    /// ## Why is this bad
    /// When the last step fails, the whole invocation is retried, and the work of the
    /// steps before it is done again, or lost if the retries run out. Each step has the
    /// timeout, memory and concurrency of the slowest one. With a queue between the steps,
    /// each one succeeds once, and only the one that failed is retried.
    ///
    /// ## Example
    /// ```arch
    /// bucket pdfs
    /// function pipeline "OCR + extraction" [steps = [ocr, extract]]
    /// database db [proxy = rds-proxy]
    /// pdfs ~> pipeline : "upload" [trigger]
    /// pipeline -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// bucket pdfs
    /// function ocr
    /// queue texts [dlq]
    /// function extract
    /// database db [proxy = rds-proxy]
    /// pdfs ~> ocr : "upload" [trigger]
    /// ocr ~> texts ~> extract
    /// extract -> db
    /// ```
    ///
    /// ## References
    /// - AWS Lambda operator guide: avoid functions that call functions; decouple with
    ///   queues (SQS) or orchestrate with Step Functions
    pub struct CoupledPipelineSteps { code: "REL017", name: "coupled-pipeline-steps", group: Reliability, level: Warning }
}

impl Rule for CoupledPipelineSteps {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for node in &d.nodes {
            let steps = node
                .attrs
                .get("steps")
                .map(|s| s.words())
                .unwrap_or_default();
            if steps.len() < 2 {
                continue;
            }
            let list = steps
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ");
            out.report(
                node.name_span,
                vec![node.id],
                format!(
                    "{} runs {list} in one invocation: when a later step fails, the earlier ones are redone or lost, and no step can be retried on its own",
                    shown(d, node.id)
                ),
            )
            .help("give each step its own function with a queue between them (`ocr ~> texts ~> extract`), or orchestrate them with Step Functions");
        }
        for arrow in &d.arrows {
            let (from, to) = (d.node(arrow.from.node), d.node(arrow.to.node));
            if arrow.style != ArrowStyle::Sync
                || from.kind != Kind::Function
                || to.kind != Kind::Function
            {
                continue;
            }
            out.report(
                arrow.span,
                vec![from.id, to.id],
                format!(
                    "{} calls {} synchronously: it waits (and pays) while the next step runs, and a failure there fails both",
                    shown(d, from.id),
                    shown(d, to.id)
                ),
            )
            .help("hand the result over through a queue (`from ~> queue ~> to`) so each step is retried on its own");
        }
    }
}
