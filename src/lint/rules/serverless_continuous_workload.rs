use super::shown;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;
use crate::syntax::ast::ArrowStyle;

declare_rule! {
    /// ## What it does
    /// Reports a `function` used for continuous work: `workload = continuous`, a `timeout`
    /// beyond the 15 minutes a serverless function may run, or a function that serves
    /// requests synchronously to a service, a container, a balancer or a CDN (an API that
    /// is always on) rather than events, a gateway or a queue.
    ///
    /// ## Why is this bad
    /// Functions are billed and scaled per invocation: perfect for spiky, event-driven
    /// work, costly and slow (cold starts, connection setup) for an API that runs all day.
    /// Jobs longer than the platform's limit are killed half done.
    ///
    /// ## Example
    /// ```arch
    /// person users
    /// container web "nginx"
    /// function api "Lambda API"
    /// users -> web -> api
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// person users
    /// container web "nginx"
    /// container api "Node.js API"
    /// users -> web -> api
    /// ```
    ///
    /// ## References
    /// - The solo-developer exercise: "Lambda: the API runs continuously to serve users; Lambda would add unnecessary cold starts"
    /// - AWS Lambda quotas: 15 minutes per invocation at most
    pub struct ServerlessContinuousWorkload { code: "PERF005", name: "serverless-continuous-workload", group: Performance, level: Warning }
}

impl Rule for ServerlessContinuousWorkload {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for f in d.nodes.iter().filter(|n| n.kind == Kind::Function) {
            let too_long =
                matches!(f.attrs.get("timeout"), Some(AttrValue::Duration(s)) if *s > 900.0);
            if too_long {
                out.report(f.name_span, vec![f.id], format!("{} runs longer than the 15 minutes a function may run", shown(d, f.id)))
                    .level(Severity::Error)
                    .help("run long jobs on containers (ECS, Batch) or split them into steps (Step Functions)");
                continue;
            }
            let continuous =
                matches!(f.attrs.get("workload"), Some(AttrValue::Word(w)) if w == "continuous");
            let served = d.arrows.iter().any(|a| {
                a.to.node == f.id
                    && a.style == ArrowStyle::Sync
                    && matches!(
                        d.node(a.from.node).kind,
                        Kind::Service | Kind::Container | Kind::Lb | Kind::Cdn | Kind::Person
                    )
            });
            if continuous || served {
                out.report(f.name_span, vec![f.id], format!("{} serves continuous traffic: a function pays a cold start and a new connection where a container stays warm", shown(d, f.id)))
                    .help("run an always-on API as a container (ECS Fargate, App Runner) and keep functions for events");
            }
        }
    }
}
