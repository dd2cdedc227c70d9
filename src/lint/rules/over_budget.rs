use super::shown;
use crate::declare_rule;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::{AttrValue, Period};

declare_rule! {
    /// ## What it does
    /// When the `context` declares a budget, adds up the design's fixed monthly costs and
    /// reports when they exceed it. A component's `cost` counts when declared; otherwise
    /// the parts that cost money whether used or not are estimated at the smallest
    /// on-demand price in US dollars: a managed database 15 (twice with `multi_az`), a
    /// managed cache 12, a cluster's control plane 73, a load balancer 16, a NAT gateway
    /// 32, a VM 8. Serverless and self-hosted parts count as zero.
    ///
    /// ## Why is this bad
    /// A design that the budget cannot pay for is not a design: the interviewer asked for
    /// $0, and a Multi-AZ RDS is not $0.
    ///
    /// ## Example
    /// ```arch
    /// context [users = 10, budget = "$0", team = 1]
    /// vm ec2 "EC2 t3.micro (Free Tier)" [cost = 0] { container api }
    /// database db "RDS PostgreSQL" [managed]
    /// api -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// context [users = 10, budget = "$0", team = 1]
    /// vm ec2 "EC2 t3.micro (Free Tier)" [cost = 0] { container api; database db "PostgreSQL" [volume = pgdata] }
    /// api -> db
    /// ```
    ///
    /// ## References
    /// - The solo-developer exercise: "RDS: the extra cost isn't justified for a side project"
    pub struct OverBudget { code: "FIT003", name: "over-budget", group: Fit, level: Warning }
}

/// The fixed monthly cost of a component: declared, or estimated.
fn cost(d: &crate::model::Diagram, node: &crate::model::Node) -> f64 {
    if let Some(AttrValue::Money(m)) = node.attrs.get("cost") {
        return if m.period == Period::Year {
            m.amount / 12.0
        } else {
            m.amount
        };
    }
    let self_hosted = d
        .ancestors(node.id)
        .any(|h| matches!(h.kind, Kind::Vm | Kind::Host | Kind::Cluster));
    if self_hosted {
        return 0.0;
    }
    let twice = if node.attrs.flag("multi_az") {
        2.0
    } else {
        1.0
    };
    match node.kind {
        Kind::Database => 15.0 * twice,
        Kind::Cache => 12.0 * twice,
        Kind::Cluster => 73.0,
        Kind::Lb => 16.0,
        Kind::Nat => 32.0,
        Kind::Vm => 8.0,
        _ => 0.0,
    }
}

impl Rule for OverBudget {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let Some(budget) = cx.setting.budget else {
            return;
        };
        let parts: Vec<(&crate::model::Node, f64)> = d
            .nodes
            .iter()
            .map(|n| (n, cost(d, n)))
            .filter(|(_, c)| *c > 0.0)
            .collect();
        let total: f64 = parts.iter().map(|(_, c)| c).sum();
        if total <= budget {
            return;
        }
        let span = d
            .context
            .span("budget")
            .or(d.context_span)
            .unwrap_or(parts[0].0.name_span);
        let listed: Vec<String> = parts
            .iter()
            .map(|(n, c)| format!("{} ({c:.0})", shown(d, n.id)))
            .collect();
        out.report(span, parts.iter().map(|(n, _)| n.id).collect(), format!("the fixed costs come to about {total:.0} a month, over the budget of {budget:.0}: {}", listed.join(", ")))
            .help("use the free tier or self-hosted parts, or raise the budget; declare `cost = ...` where you know the real price");
    }
}
