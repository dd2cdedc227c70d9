use super::shown;
use crate::declare_rule;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Reports a declaration marked `criticality = critical` that runs a single instance:
    /// `replicas = 1`, or an autoscaling range that starts at 1.
    ///
    /// ## Why is this bad
    /// The design says the business cannot do without it, and the deployment says one
    /// crash takes it away. One of the two statements is wrong.
    ///
    /// ## Example
    /// ```arch
    /// service payment [criticality = critical, replicas = 1]
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// service payment [criticality = critical, replicas = 3, zones = 3]
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL10-BP01
    pub struct CriticalSingleReplica { code: "FIT002", name: "critical-single-replica", group: Fit, level: Error }
}

impl Rule for CriticalSingleReplica {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for node in &d.nodes {
            let critical = matches!(node.attrs.get("criticality"), Some(AttrValue::Word(w)) if w == "critical");
            let single = node.attrs.get("replicas").and_then(AttrValue::min_count) == Some(1.0);
            if critical && single {
                out.report(
                    node.name_span,
                    vec![node.id],
                    format!(
                        "{} is declared critical but runs a single instance",
                        shown(d, node.id)
                    ),
                )
                .help("run two replicas or more across zones, or lower its criticality");
            }
        }
    }
}
