use super::shown;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// When the `context` declares variable traffic (`traffic = spiky` or `seasonal`),
    /// reports the services, containers and machines on a user's path that cannot grow:
    /// no `autoscale` and no range of `replicas`. When the context does not say how
    /// traffic behaves (no `traffic`), it says once, at info level, that it could not
    /// decide, and which components cannot grow (unless the context describes a side
    /// project, where one machine is enough).
    ///
    /// ## Why is this bad
    /// A fixed fleet sized for a normal day falls over at the peak (the lunch rush, Black
    /// Friday's forty times), and a fleet sized for the peak pays for idle machines the
    /// rest of the year. Autoscaling follows the load both ways.
    ///
    /// ## Example
    /// ```arch
    /// context [traffic = spiky]
    /// person users
    /// lb alb
    /// service web [replicas = 2]
    /// users -> alb -> web
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// context [traffic = spiky]
    /// person users
    /// lb alb
    /// service web [replicas = 2..20, autoscale = cpu]
    /// users -> alb -> web
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL07-BP01 (use automation when obtaining or scaling resources)
    pub struct FixedCapacityUnderVariableLoad { code: "REL008", name: "fixed-capacity-under-variable-load", group: Reliability, level: Warning }
}

impl Rule for FixedCapacityUnderVariableLoad {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let fixed: Vec<&crate::model::Node> = d
            .nodes
            .iter()
            .filter(|n| {
                matches!(
                    n.kind,
                    Kind::Service | Kind::Container | Kind::Vm | Kind::Host
                )
            })
            .filter(|node| {
                let a = &node.attrs;
                let grows = a
                    .get("autoscale")
                    .is_some_and(|v| !matches!(v, AttrValue::Bool(false)))
                    || matches!(a.get("replicas"), Some(AttrValue::Range { .. }));
                // A host that runs the components is what cannot grow; report it once.
                let hosted = d
                    .ancestors(node.id)
                    .any(|h| matches!(h.kind, Kind::Vm | Kind::Host));
                !grows && !hosted && cx.facts.on_entry_flow(node.id)
            })
            .collect();
        if !cx.setting.variable_traffic {
            // Whether traffic varies is the question; when the context does not say,
            // the rule says it cannot tell rather than guess.
            // A side project (a few users, no budget) is decided: one machine is enough.
            if d.context.get("traffic").is_none() && !fixed.is_empty() && !cx.setting.side_project()
            {
                let names: Vec<String> = fixed.iter().map(|n| shown(d, n.id)).collect();
                let span = d.context_span.unwrap_or(fixed[0].name_span);
                out.report(
                    span,
                    fixed.iter().map(|n| n.id).collect(),
                    format!(
                        "could not decide whether a fixed capacity is enough: the context does not say how traffic varies, and {} cannot grow",
                        names.join(", ")
                    ),
                )
                .help("declare `traffic = steady`, `spiky` or `seasonal` in the context")
                .level(Severity::Info);
            }
            return;
        }
        for node in fixed {
            let finding = out.report(
                node.name_span,
                vec![node.id],
                format!(
                    "{} has a fixed capacity while the traffic it serves varies",
                    shown(d, node.id)
                ),
            );
            finding.help("let it scale with the load: `replicas = 2..20, autoscale = cpu` (and pre-warm before known peaks)");
            if cx.setting.at_scale() && cx.setting.users.is_some_and(|u| u >= 10_000.0) {
                finding.level(Severity::Error);
            }
        }
    }
}
