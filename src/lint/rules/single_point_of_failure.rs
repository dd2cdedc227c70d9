use super::{criticality, shown};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::simulate::Unit;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Family;

declare_rule! {
    /// ## What it does
    /// Fails every component and host in turn, propagates the failure over the
    /// dependencies (honouring replicas, Multi-AZ standbys, load balancers and queues), and
    /// reports those whose failure takes down an entry flow: an arrow from a person or an
    /// external system into the design.
    ///
    /// ## Why is this bad
    /// When one box can take the whole service down, every deployment, crash or full disk
    /// on it is an outage for your users. Redundant parts only help when they fail
    /// independently, which is why this is a simulation and not a count of replicas. A
    /// side project on a $0 budget may accept the risk: the `context` statement lowers
    /// the finding to info, with the reason, and `criticality = low` declares it accepted.
    ///
    /// ## Example
    /// ```arch
    /// context [users = 50k, traffic = spiky]
    /// person users
    /// vm ec2 "EC2 + Docker Compose" { service api; database db }
    /// users -> api
    /// api -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// context [users = 50k, traffic = spiky]
    /// person users
    /// lb alb
    /// service api [replicas = 2..N, autoscale = cpu, zones = 2]
    /// database db [multi_az]
    /// users -> alb -> api -> db
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL10-BP01, "Deploy the workload to multiple locations"
    /// - AWS Well-Architected REL04-BP02 (avoid singletons)
    pub struct SinglePointOfFailure { code: "REL001", name: "single-point-of-failure", group: Reliability, level: Warning }
}

impl Rule for SinglePointOfFailure {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for unit in cx.facts.units(d) {
            let Unit::Node(id) = unit else { continue };
            // A part on a host that is a single point of failure is reported with its host.
            if d.ancestors(id)
                .any(|h| h.kind.family() == Family::Host && !cx.facts.redundant[h.id.0])
            {
                continue;
            }
            // Whether anything breaks is known for every node at once; only those that
            // break a flow are simulated for the details.
            if criticality(d, id) == Some("low") || !cx.facts.on_entry_flow(id) {
                continue;
            }
            let (down_nodes, broken) = cx.facts.simulate_node(id);
            if broken.is_empty() {
                continue;
            }
            let flows: Vec<String> = broken.iter().map(|f| format!("`{}`", f.name(d))).collect();
            let mut down_sorted = down_nodes.clone();
            down_sorted.sort();
            let down: Vec<&str> = down_sorted
                .iter()
                .map(|&v| d.node(v))
                .filter(|n| n.id != id && n.kind.family() != Family::Group)
                .map(|n| n.qualified.as_str())
                .collect();
            let critical = down_nodes
                .iter()
                .any(|&v| criticality(d, v) == Some("critical"));
            let verb = if flows.len() == 1 { "stops" } else { "stop" };
            let mut message = format!(
                "{} is a single point of failure: when it fails, {} {verb}",
                shown(d, id),
                list(&flows)
            );
            if !down.is_empty() {
                message.push_str(&format!(" (down with it: {})", list_names(&down)));
            }
            let node = d.node(id);
            let finding = out.report(node.name_span, vec![id], message);
            finding.help(
                "run it with `replicas = 2` or more across zones behind a load balancer, use a managed Multi-AZ service, or put a queue between it and its callers",
            );
            if cx.setting.side_project() {
                finding.level(Severity::Info).help(
                    "accepted for now: the context declares a side project (few users, no budget, a team of one or two); revisit before real users depend on it",
                );
            } else if critical || cx.setting.at_scale() {
                finding.level(Severity::Error);
            }
        }
    }
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [first, rest @ ..] if rest.len() < 3 => format!("{first} and {}", rest.join(" and ")),
        _ => format!(
            "{} and {} other flows",
            items[..2].join(", "),
            items.len() - 2
        ),
    }
}

fn list_names(items: &[&str]) -> String {
    let shown: Vec<String> = items.iter().take(5).map(|n| format!("`{n}`")).collect();
    if items.len() > 5 {
        format!("{} and {} more", shown.join(", "), items.len() - 5)
    } else {
        shown.join(", ")
    }
}
