use crate::declare_rule;
use crate::lint::simulate::{components, is_entry};
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::NodeId;
use crate::syntax::ast::ArrowStyle;

declare_rule! {
    /// ## What it does
    /// Reports components that call each other synchronously in a cycle (`a -> b -> a`),
    /// found as strongly connected components of the synchronous calls.
    ///
    /// ## Why is this bad
    /// In a synchronous cycle, each service waits for the other: one slow member slows
    /// them all, a failure cascades around the loop, and after an outage none can start
    /// first. It is also how two "independent" services end up deployed together.
    ///
    /// ## Example
    /// ```arch
    /// service orders
    /// service payments
    /// orders -> payments : "charge"
    /// payments -> orders : "confirm"
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// service orders
    /// service payments
    /// topic events
    /// orders -> payments : "charge"
    /// payments ~> events : "payment confirmed"
    /// events ~> orders
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL04-BP02 (implement loosely coupled dependencies)
    pub struct SyncDependencyCycle { code: "REL014", name: "sync-dependency-cycle", group: Reliability, level: Error }
}

impl Rule for SyncDependencyCycle {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let mut edges = Vec::new();
        for a in d
            .arrows
            .iter()
            .filter(|a| a.style == ArrowStyle::Sync && !a.attrs.flag("optional"))
        {
            let (u, v) = (a.from.node, a.to.node);
            if u == v || is_entry(d, u) || d.encloses(u, v) || d.encloses(v, u) {
                continue;
            }
            edges.push((u.0, v.0));
            if a.both {
                edges.push((v.0, u.0));
            }
        }
        for scc in components(d.nodes.len(), edges.into_iter()) {
            if scc.len() < 2 {
                continue;
            }
            let mut members: Vec<NodeId> = scc.into_iter().map(NodeId).collect();
            members.sort();
            let names: Vec<String> = members
                .iter()
                .map(|&m| format!("`{}`", d.node(m).qualified))
                .collect();
            out.report(
                d.node(members[0]).name_span,
                members.clone(),
                format!(
                    "{} call each other synchronously in a cycle",
                    names.join(", ")
                ),
            )
            .help(
                "break the cycle with an event or a queue in one direction, or merge the services",
            );
        }
    }
}
