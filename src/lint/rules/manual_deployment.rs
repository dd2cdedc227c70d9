use super::shown;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Reports what is deployed by hand: `deploy = manual` or `deploy = ssh` (the classic
    /// `ssh` + `git pull`).
    ///
    /// ## Why is this bad
    /// A deployment by hand is a deployment nobody can repeat exactly, roll back quickly or
    /// review. It is how a Friday evening fix takes the site down, and it does not scale
    /// past one person.
    ///
    /// ## Example
    /// ```arch
    /// vm ec2 "EC2" [deploy = ssh] { service api }
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// ci actions "GitHub Actions"
    /// registry ecr "ECR"
    /// service api [deploy = ci]
    /// actions -> ecr : "push image"
    /// actions -> api : "deploy"
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL08-BP04 and REL08-BP05 (deploy using automation)
    pub struct ManualDeployment { code: "OPS001", name: "manual-deployment", group: Operations, level: Warning }
}

impl Rule for ManualDeployment {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for node in &d.nodes {
            let by_hand = matches!(node.attrs.get("deploy"), Some(AttrValue::Word(w)) if w == "manual" || w == "ssh");
            if !by_hand {
                continue;
            }
            let finding = out.report(
                node.attrs.span("deploy").unwrap_or(node.name_span),
                vec![node.id],
                format!("{} is deployed by hand", shown(d, node.id)),
            );
            finding.help(
                "build images in CI and deploy them automatically, with a way back (`deploy = ci`)",
            );
            if cx.setting.side_project() {
                finding.level(Severity::Info).help("fine for a side project; a CI pipeline that deploys is the first thing to add when others depend on it");
            }
        }
    }
}
