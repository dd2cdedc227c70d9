use super::{shown, COMPUTE};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::syntax::ast::ArrowStyle;

declare_rule! {
    /// ## What it does
    /// Reports people who reach application compute (a service, a container, a VM, a
    /// host or a function) directly, with no load balancer, API gateway or CDN in
    /// between. Only a note when the context declares a side project.
    ///
    /// ## Why is this bad
    /// The machine is then its own front door: its address is public, it terminates TLS
    /// itself, nothing throttles a flood of requests or absorbs a scan, and replacing it
    /// changes the address users know. A load balancer or a gateway gives one stable,
    /// health-checked entry that can rate-limit, carry a web application firewall and
    /// send traffic to healthy replicas only.
    ///
    /// ## Example
    /// ```arch
    /// person users
    /// service api [replicas = 2]
    /// users -> api
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// person users
    /// lb alb [health_check]
    /// service api [replicas = 2]
    /// users -> alb -> api
    /// ```
    ///
    /// ## References
    /// - Threagile risk rule "unguarded access from internet"
    /// - AWS Well-Architected REL05-BP02 (throttle requests) and PERF04 (networking)
    pub struct UnguardedPublicEntry { code: "SEC003", name: "unguarded-public-entry", group: Security, level: Warning }
}

impl Rule for UnguardedPublicEntry {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for arrow in &d.arrows {
            let (from, to) = (d.node(arrow.from.node), d.node(arrow.to.node));
            if from.kind != Kind::Person
                || arrow.style != ArrowStyle::Sync
                || !COMPUTE.contains(&to.kind)
            {
                continue;
            }
            let says_ssh = |s: &str| s.to_ascii_lowercase().contains("ssh");
            let ssh = arrow.label.as_deref().is_some_and(says_ssh)
                || from.label.as_deref().is_some_and(says_ssh)
                || arrow
                    .attrs
                    .get("protocol")
                    .is_some_and(|p| p.words().iter().any(|w| says_ssh(w)));
            let (how, help) = if ssh {
                (
                    "over SSH: its SSH port is open to whoever finds it",
                    "close port 22 and reach machines through SSM Session Manager or a bastion, or better, deploy from a pipeline",
                )
            } else {
                (
                    "directly: no load balancer, gateway or CDN in front",
                    "put a load balancer or an API gateway in front (with rate limiting and a WAF) and keep the machines private",
                )
            };
            let finding = out.report(
                arrow.span,
                vec![to.id],
                format!("{} reaches {} {how}", shown(d, from.id), shown(d, to.id)),
            );
            finding.help(help);
            // Open SSH is not a trade-off a side project makes knowingly.
            if !ssh && cx.setting.side_project() {
                finding.level(Severity::Info).help(
                    "accepted for now: the context declares a side project; put a load balancer or a gateway in front before real users depend on it",
                );
            }
        }
    }
}
