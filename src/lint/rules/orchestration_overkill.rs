use super::shown;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;

declare_rule! {
    /// ## What it does
    /// Reports a container orchestration `cluster` (Kubernetes, EKS) in a design whose
    /// `context` declares a small team (two people or fewer), few users (a thousand or
    /// fewer) or almost no budget (50 a month or less). Without a context, it cannot decide
    /// and reports at info level.
    ///
    /// ## Why is this bad
    /// A cluster costs a fixed fee for its control plane and, above all, the time of
    /// someone who understands it: upgrades, networking, RBAC, node groups. For ten users
    /// and one developer, that time is better spent on the product; a single VM with
    /// Docker Compose, a managed container service or functions do the job.
    ///
    /// ## Example
    /// ```arch
    /// context [users = 10, budget = 0, team = 1]
    /// cluster eks "EKS" { service api }
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// context [users = 10, budget = 0, team = 1]
    /// vm ec2 "EC2 t3.micro" { group compose "Docker Compose" { container api } }
    /// ```
    ///
    /// ## References
    /// - The solo-developer exercise of the course: "do NOT suggest Kubernetes for a side project"
    pub struct OrchestrationOverkill { code: "FIT001", name: "orchestration-overkill", group: Fit, level: Warning }
}

impl Rule for OrchestrationOverkill {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let s = cx.setting;
        let mut reasons = Vec::new();
        if let Some(team) = s.team.filter(|&t| t <= 2.0) {
            reasons.push(format!("a team of {team}"));
        }
        if let Some(users) = s.users.filter(|&u| u <= 1000.0) {
            reasons.push(format!("{users} users"));
        }
        if let Some(budget) = s.budget.filter(|&b| b <= 50.0) {
            reasons.push(format!("a budget of {budget} a month"));
        }
        let undecided = s.team.is_none() && s.users.is_none() && s.budget.is_none();
        for node in d.nodes.iter().filter(|n| n.kind == Kind::Cluster) {
            if undecided {
                out.report(node.name_span, vec![node.id], format!("{} is an orchestration cluster, and the context does not say whether the team and the load need one", shown(d, node.id)))
                    .level(Severity::Info)
                    .help("declare `context [users = ..., team = ..., budget = ...]`");
            } else if !reasons.is_empty() {
                out.report(node.name_span, vec![node.id], format!("{} is more than the design needs: {}", shown(d, node.id), reasons.join(", ")))
                    .help("a single VM with Docker Compose, a managed container service (ECS Fargate, Cloud Run) or functions; revisit when several teams deploy many services");
            }
        }
    }
}
