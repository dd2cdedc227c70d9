use super::shown;
use crate::declare_rule;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Reports a team namespace (one that declares its `team`) of a cluster shared by two
    /// teams or more that has no resource quota (`quota`) or no network policy (`policy`
    /// missing or `open`). Namespaces that split one team's services, by tier or by
    /// criticality, are left alone.
    ///
    /// ## Why is this bad
    /// A shared cluster is one failure domain unless each tenant is fenced in. A namespace
    /// without quotas lets one team's runaway deployment take the nodes' CPU and memory
    /// from every other team; one without a network policy lets any pod call any other,
    /// so a compromised or misbehaving service reaches everything. Namespaces alone are
    /// names, not bulkheads.
    ///
    /// ## Example
    /// ```arch
    /// cluster eks [managed] {
    ///   namespace orders [team = "Orders", quota, policy = default-deny] { service api }
    ///   namespace users [team = "Users"] { service accounts }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// cluster eks [managed] {
    ///   namespace orders [team = "Orders", quota, policy = default-deny] { service api }
    ///   namespace users [team = "Users", quota, policy = default-deny] { service accounts }
    /// }
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL10-BP03 (bulkhead architectures)
    /// - Kubernetes documentation: ResourceQuota, LimitRange and NetworkPolicy
    pub struct SharedClusterWithoutBulkheads { code: "REL015", name: "shared-cluster-without-bulkheads", group: Reliability, level: Warning }
}

impl Rule for SharedClusterWithoutBulkheads {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let mut namespaces = vec![Vec::new(); d.nodes.len()];
        // Team namespaces: where one team's workload can hurt another's.
        let teams = d
            .nodes
            .iter()
            .filter(|n| n.kind == Kind::Namespace && n.attrs.get("team").is_some());
        for ns in teams {
            if let Some(cluster) = d.enclosing(ns.id, Kind::Cluster) {
                namespaces[cluster.id.0].push(ns);
            }
        }
        for (cluster, list) in namespaces.iter().enumerate() {
            if list.len() < 2 {
                continue;
            }
            for ns in list {
                let quota = ns.attrs.flag("quota");
                let policy =
                    matches!(ns.attrs.get("policy"), Some(AttrValue::Word(w)) if w != "open");
                let missing = match (quota, policy) {
                    (true, true) => continue,
                    (false, false) => "no resource quota and no network policy",
                    (false, true) => "no resource quota",
                    (true, false) => "no network policy",
                };
                out.report(
                    ns.name_span,
                    vec![ns.id],
                    format!(
                        "{} shares {} with {} other teams but has {missing}: it is not a bulkhead",
                        shown(d, ns.id),
                        shown(d, crate::model::NodeId(cluster)),
                        list.len() - 1
                    ),
                )
                .help("set `quota` (a ResourceQuota and a LimitRange) and `policy = default-deny` (a NetworkPolicy), or give noisy workloads their own node group");
            }
        }
    }
}
