use super::{criticality, shown};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Reports a database with no standby: no `multi_az`, no `standby` and fewer than two
    /// `replicas`. Read replicas do not count, since nothing promotes them on their own.
    /// A database that only asynchronous work reaches is reported at info level. Engines the
    /// provider replicates across zones by themselves (`engine = dynamodb`, `firestore`,
    /// `cosmosdb`, `spanner`) need no standby.
    ///
    /// ## Why is this bad
    /// The database is where the state lives. When its one instance fails, every request
    /// that reads or writes stops until someone restores it, which takes minutes with a
    /// managed standby but hours by hand.
    ///
    /// ## Example
    /// ```arch
    /// person users
    /// service api [replicas = 2]
    /// database db "RDS PostgreSQL" [engine = postgres]
    /// users -> api -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// person users
    /// service api [replicas = 2]
    /// database db "RDS PostgreSQL" [engine = postgres, multi_az]
    /// users -> api -> db
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL10-BP01 and REL11-BP02 (fail over to healthy resources)
    pub struct DatabaseWithoutStandby { code: "REL005", name: "database-without-standby", group: Reliability, level: Warning }
}

impl Rule for DatabaseWithoutStandby {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let referenced = super::referenced(d);
        for node in d.nodes.iter().filter(|n| n.kind == Kind::Database) {
            let a = &node.attrs;
            let replicas = a
                .get("replicas")
                .and_then(AttrValue::min_count)
                .unwrap_or(1.0);
            let is_standby = matches!(a.get("role"), Some(AttrValue::Word(w)) if w == "standby" || w == "dr")
                || referenced[node.id.0];
            if is_standby
                || a.flag("multi_az")
                || a.get("standby")
                    .is_some_and(|s| !matches!(s, AttrValue::Bool(false)))
                || replicas >= 2.0
                || a.get("replica_of").is_some()
                || crate::lint::simulate::zone_replicated_engine(node)
            {
                continue;
            }
            let on_flow = cx.facts.on_entry_flow(node.id);
            let message = if on_flow {
                format!("{} has no standby: when its one instance fails, the requests that need it fail until it is restored", shown(d, node.id))
            } else {
                format!("{} has no standby; only asynchronous work reaches it, so a failure delays that work rather than failing users", shown(d, node.id))
            };
            let finding = out.report(node.name_span, vec![node.id], message);
            finding.help("add `multi_az` (a managed standby in another zone) or a `standby = ...` that takes over");
            if !on_flow || cx.setting.side_project() {
                finding.level(Severity::Info);
            } else if criticality(d, node.id) == Some("critical") || cx.setting.at_scale() {
                finding.level(Severity::Error);
            }
        }
    }
}
