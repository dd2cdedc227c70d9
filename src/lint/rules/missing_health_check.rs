use super::shown;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;
use crate::syntax::ast::ArrowStyle;

declare_rule! {
    /// ## What it does
    /// Reports a load balancer or DNS failover that routes to targets without health
    /// checks: `health_check = false` on it or on its targets. When neither says, the rule
    /// cannot decide and reports at info level.
    ///
    /// ## Why is this bad
    /// A balancer without health checks keeps sending traffic to a task that is up but
    /// broken (the "grey failure" of a sick zone), and DNS failover without a health check
    /// never fails over. The health check is what turns redundancy into availability.
    ///
    /// ## Example
    /// ```arch
    /// lb alb [health_check = false]
    /// service api [replicas = 2]
    /// alb -> api
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// lb alb [health_check = "/healthz"]
    /// service api [replicas = 2]
    /// alb -> api
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL11-BP01 and REL11-BP02 (monitor and fail over to healthy resources)
    pub struct MissingHealthCheck { code: "REL007", name: "missing-health-check", group: Reliability, level: Warning }
}

impl Rule for MissingHealthCheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let state = |v: Option<&AttrValue>| match v {
            None => None,
            Some(AttrValue::Bool(false)) => Some(false),
            Some(_) => Some(true),
        };
        for lb in d
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, Kind::Lb | Kind::Dns))
        {
            let targets: Vec<_> = d
                .arrows
                .iter()
                .filter(|a| a.from.node == lb.id && a.style == ArrowStyle::Sync)
                .map(|a| a.to.node)
                .collect();
            if targets.is_empty() {
                continue;
            }
            let own = state(lb.attrs.get("health_check"));
            let theirs: Vec<Option<bool>> = targets
                .iter()
                .map(|&t| state(d.node(t).attrs.get("health_check")))
                .collect();
            if own == Some(true) || theirs.iter().all(|t| *t == Some(true)) {
                continue;
            }
            let off = own == Some(false) || theirs.contains(&Some(false));
            let finding = out.report(lb.name_span, vec![lb.id], if off {
                format!("{} routes to targets without health checks: it keeps sending traffic to broken ones", shown(d, lb.id))
            } else {
                format!("{} does not say whether it checks its targets' health", shown(d, lb.id))
            });
            finding.help("declare `health_check = \"/healthz\"` on it (or on its targets)");
            if !off {
                finding.level(Severity::Info);
            }
        }
    }
}
