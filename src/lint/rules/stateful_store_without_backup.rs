use super::shown;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Reports a database you run yourself (on a `vm` or `host`, or marked
    /// `managed = false`) whose backups are off (`backup = false`) or not declared. A
    /// managed database (`managed`, `multi_az`) keeps automated backups unless
    /// `backup = false` says otherwise.
    ///
    /// ## Why is this bad
    /// Replication does not protect against a bad migration, a deleted table or a lost
    /// disk: only a backup kept elsewhere does. A database on a VM with no backup loses
    /// everything with the VM's volume.
    ///
    /// ## Example
    /// ```arch
    /// vm ec2 "EC2 (database)" { database db "PostgreSQL" [backup = false] }
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// database db "RDS PostgreSQL" [managed, multi_az, backup = pitr]
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL09-BP01 to BP04 (back up data, secure and test backups)
    pub struct StatefulStoreWithoutBackup { code: "REL006", name: "stateful-store-without-backup", group: Reliability, level: Error }
}

impl Rule for StatefulStoreWithoutBackup {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for node in d.nodes.iter().filter(|n| n.kind == Kind::Database) {
            let a = &node.attrs;
            let backup = a.get("backup");
            let off = matches!(backup, Some(AttrValue::Bool(false)));
            let self_run = matches!(a.get("managed"), Some(AttrValue::Bool(false)))
                || d.ancestors(node.id)
                    .any(|h| matches!(h.kind, Kind::Vm | Kind::Host));
            if !(off || (self_run && backup.is_none())) {
                continue;
            }
            let message = if off {
                format!("{} has no backup: a deleted table, a bad migration or a lost disk loses its data for good", shown(d, node.id))
            } else {
                format!("{} runs on your own machine and declares no backup: when that machine's disk is lost, so is the data", shown(d, node.id))
            };
            let finding = out.report(node.name_span, vec![node.id], message);
            finding.help("schedule backups copied off the machine (`backup = daily`), or use a managed database with point-in-time recovery (`managed, backup = pitr`)");
            if cx.setting.side_project() {
                finding.level(Severity::Info).help("accepted for a side project if you keep a copy elsewhere; say so with `backup = daily` once you do");
            } else if !off {
                finding.level(Severity::Warning);
            }
        }
    }
}
