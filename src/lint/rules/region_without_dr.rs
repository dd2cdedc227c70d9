use super::{criticality, cross_region_copy, dr_strategy, shown};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::simulate::Unit;
use crate::lint::{Context, Findings, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Fails each declared region in turn and reports one whose loss stops entry flows
    /// when the design has no disaster recovery: no `dr` strategy in the context (or
    /// `dr = none`) and no store replicated into another region. An error when the
    /// context declares a recovery time objective (`rto`) or what goes down is critical.
    ///
    /// ## Why is this bad
    /// Zones protect against a data centre; a region fails as a whole more rarely, but it
    /// does, and then a single-region design is down until the region comes back, with
    /// its data only where the region keeps it. Whether that is acceptable is a business
    /// decision, and a design should show it was taken: a strategy, and the data copy
    /// that any strategy needs.
    ///
    /// ## Example
    /// ```arch
    /// person users
    /// region east [role = primary] {
    ///   lb alb [health_check]
    ///   service api [replicas = 2, zones = 2]
    ///   database db [multi_az, backup = daily]
    /// }
    /// users -> alb -> api -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// context [dr = backup-restore, rto = 24h, rpo = 24h]
    /// person users
    /// region east [role = primary] {
    ///   lb alb [health_check]
    ///   service api [replicas = 2, zones = 2]
    ///   database db [multi_az, backup = daily]
    /// }
    /// region west [role = dr] {
    ///   database copy [replica_of = db]
    /// }
    /// users -> alb -> api -> db
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected REL13-BP01 (define recovery objectives) and REL13-BP02 (use
    ///   defined recovery strategies)
    pub struct RegionWithoutDr { code: "REL003", name: "region-without-dr", group: Reliability, level: Warning }
}

impl Rule for RegionWithoutDr {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        if dr_strategy(d) != "none" || cross_region_copy(d) {
            return;
        }
        for unit in cx.facts.units(d) {
            let Unit::Region(r) = unit else { continue };
            let outcome = cx.facts.simulate(d, unit);
            if outcome.broken.is_empty() {
                continue;
            }
            let critical = (0..d.nodes.len()).any(|v| {
                outcome.down[v] && criticality(d, crate::model::NodeId(v)) == Some("critical")
            });
            let finding = out.report(
                d.node(r).name_span,
                vec![r],
                format!(
                    "when {} fails, {} of the {} entry flows stop, and the design has no disaster recovery",
                    shown(d, r),
                    outcome.broken.len(),
                    cx.facts.flows.len()
                ),
            );
            finding.help("declare a strategy (`context [dr = backup-restore, rto = 4h, rpo = 24h]`) and copy the data to another region (`replica_of`, a cross-region backup)");
            if critical || d.context.get("rto").is_some() {
                finding.level(Severity::Error);
            }
        }
    }
}
