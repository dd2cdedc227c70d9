use super::{criticality, shown};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::{Family, Kind};
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Reports a component whose criticality is `critical` or `high`, its own or its
    /// group's, when monitoring is off for it (`monitored = false` on it or on what hosts
    /// it). When the design has no `monitoring` component and says nothing either way, the
    /// rule cannot decide and reports at info level.
    ///
    /// ## Why is this bad
    /// Without metrics and alarms, the first to notice that payments fail are the
    /// customers. Automatic recovery (health checks, failover, autoscaling) also needs the
    /// signals that monitoring provides.
    ///
    /// ## Example
    /// ```arch
    /// vm ec2 [monitored = false] { service payment [criticality = critical] }
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// monitoring cloudwatch "CloudWatch"
    /// service payment [criticality = critical, replicas = 3]
    /// payment ~> cloudwatch : "metrics, logs"
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL06 (monitor workload resources) and REL11-BP01
    pub struct UnmonitoredCriticalComponent { code: "OPS002", name: "unmonitored-critical-component", group: Operations, level: Warning }
}

impl Rule for UnmonitoredCriticalComponent {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let has_monitoring = d.nodes.iter().any(|n| n.kind == Kind::Monitoring);
        for node in d
            .nodes
            .iter()
            .filter(|n| n.kind.family() != Family::Group && n.kind != Kind::Monitoring)
        {
            let level = criticality(d, node.id);
            if !matches!(level, Some("critical") | Some("high")) {
                continue;
            }
            // The nearest declaration that says whether it is monitored.
            let declared = std::iter::once(node)
                .chain(d.ancestors(node.id))
                .find_map(|n| match n.attrs.get("monitored") {
                    Some(AttrValue::Bool(b)) => Some(*b),
                    _ => None,
                });
            match declared {
                Some(false) => {
                    out.report(node.name_span, vec![node.id], format!("{} is {} but not monitored: nobody is told when it fails", shown(d, node.id), level.unwrap_or("critical")))
                        .help("collect its metrics and logs and alarm on its errors and latency (a `monitoring` component it reports to)");
                }
                None if !has_monitoring => {
                    out.report(node.name_span, vec![node.id], format!("{} is {}, and the design shows no monitoring", shown(d, node.id), level.unwrap_or("critical")))
                        .level(Severity::Info)
                        .help("add the `monitoring` component that watches it, or declare `monitored` on it");
                }
                _ => {}
            }
        }
    }
}
