use super::shown;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::simulate::Unit;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Fails each declared availability `zone` in turn and reports those whose loss takes
    /// down an entry flow: everything the users need runs in that one zone, or depends on
    /// something that does. Also reports a replicated component whose replicas all sit
    /// in one zone (`zones = [a]`, or declared inside a zone), even when a standby region
    /// keeps the users served.
    ///
    /// ## Why is this bad
    /// A zone is a data centre: it loses power, network or, in the seed's war story, most
    /// of its performance. Replicas in one zone fail together, which is why providers
    /// recommend spreading over at least two.
    ///
    /// ## Example
    /// ```arch
    /// person users
    /// zone a { lb alb; service api [replicas = 3]; database db [multi_az] }
    /// zone b
    /// users -> a.alb
    /// alb -> api -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// person users
    /// zone a { database db [multi_az] }
    /// zone b
    /// lb alb [multi_az]
    /// service api [replicas = 3, zones = [a, b]]
    /// users -> alb -> api -> db
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL10-BP01 (deploy the workload to multiple locations)
    pub struct SingleAzDeployment { code: "REL002", name: "single-az-deployment", group: Reliability, level: Warning }
}

impl Rule for SingleAzDeployment {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for node in &d.nodes {
            let replicated = node
                .attrs
                .get("replicas")
                .and_then(AttrValue::min_count)
                .is_some_and(|r| r >= 2.0)
                || matches!(node.attrs.get("replicas"), Some(AttrValue::Range { .. }));
            let zone = match node.attrs.get("zones") {
                Some(AttrValue::List(items)) if items.len() == 1 => match items[0] {
                    AttrValue::Ref(z) => Some(z),
                    _ => None,
                },
                None => d.enclosing(node.id, Kind::Zone).map(|z| z.id),
                _ => None,
            };
            if let (true, Some(z)) = (replicated, zone) {
                out.report(
                    node.name_span,
                    vec![node.id, z],
                    format!(
                        "all replicas of {} run in zone {}: they fail together with it",
                        shown(d, node.id),
                        shown(d, z)
                    ),
                )
                .help("spread them over two zones or more: `zones = [a, b]`");
            }
        }
        for unit in cx.facts.units(d) {
            let Unit::Zone(z) = unit else { continue };
            let outcome = cx.facts.simulate(d, unit);
            if outcome.broken.is_empty() {
                continue;
            }
            let flows: Vec<String> = outcome
                .broken
                .iter()
                .map(|f| format!("`{}`", f.name(d)))
                .collect();
            let finding = out.report(
                d.node(z).name_span,
                vec![z],
                format!("losing zone {} stops {}", shown(d, z), flows.join(", ")),
            );
            finding.help("spread what the users need over two zones or more (`zones = [a, b]`, `multi_az`), behind a balancer that spans them");
            if cx.setting.at_scale() {
                finding.level(Severity::Error);
            }
        }
    }
}
