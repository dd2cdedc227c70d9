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
    /// no `autoscale` and no range of `replicas`.
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
        if !cx.setting.variable_traffic {
            return;
        }
        let d = cx.diagram;
        for node in d.nodes.iter().filter(|n| {
            matches!(
                n.kind,
                Kind::Service | Kind::Container | Kind::Vm | Kind::Host
            )
        }) {
            let a = &node.attrs;
            let grows = a
                .get("autoscale")
                .is_some_and(|v| !matches!(v, AttrValue::Bool(false)))
                || matches!(a.get("replicas"), Some(AttrValue::Range { .. }));
            // A host that runs the components is what cannot grow; report it once.
            let hosted = d
                .ancestors(node.id)
                .any(|h| matches!(h.kind, Kind::Vm | Kind::Host));
            if grows || hosted || !cx.facts.on_entry_flow(node.id) {
                continue;
            }
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
