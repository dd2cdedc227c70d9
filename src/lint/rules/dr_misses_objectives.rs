use super::{cross_region_copy, dr_strategy};
use crate::declare_rule;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Checks the recovery objectives of the context (`rto`, `rpo`) against its
    /// disaster-recovery strategy (`dr`), and the strategy against the design:
    ///
    /// - an objective tighter than the strategy can reach: a restore from backups takes
    ///   hours and loses what the last backup missed; a pilot light needs tens of minutes
    ///   to scale up; a warm standby needs minutes to take over;
    /// - a pilot light, a warm standby or active-active with no store replicated into
    ///   another region, or with a single region;
    /// - a warm standby or active-active with nothing that moves traffic (`failover` on a
    ///   DNS, a balancer or a gateway).
    ///
    /// ## Why is this bad
    /// An objective the strategy cannot reach is a promise the design breaks on the day
    /// it matters: "RTO 5 minutes" with nightly snapshots is the classic interview trap.
    /// A strategy whose parts are missing is only a word.
    ///
    /// ## Example
    /// ```arch
    /// context [dr = backup-restore, rto = 5min]
    /// person users
    /// service api [replicas = 2]
    /// database db [multi_az, backup = daily]
    /// users -> api -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// context [dr = backup-restore, rto = 8h, rpo = 24h]
    /// person users
    /// service api [replicas = 2]
    /// database db [multi_az, backup = daily]
    /// users -> api -> db
    /// ```
    ///
    /// ## References
    /// - AWS whitepaper "Disaster Recovery of Workloads on AWS": the four strategies and
    ///   their recovery bands (hours; tens of minutes; minutes; near zero)
    /// - AWS Well-Architected REL13-BP02 and REL13-BP03
    pub struct DrMissesObjectives { code: "REL004", name: "dr-misses-objectives", group: Reliability, level: Error }
}

/// The fastest recovery (seconds) a strategy reaches, and the least data loss (seconds).
fn band(strategy: &str) -> Option<(f64, f64)> {
    match strategy {
        "backup-restore" => Some((3600.0, 3600.0)),
        "pilot-light" => Some((600.0, 0.0)),
        "warm-standby" => Some((60.0, 0.0)),
        "active-active" => Some((0.0, 0.0)),
        _ => None,
    }
}

fn human(seconds: f64) -> String {
    if seconds >= 3600.0 {
        format!("{} h", seconds / 3600.0)
    } else if seconds >= 60.0 {
        format!("{} min", seconds / 60.0)
    } else {
        format!("{seconds} s")
    }
}

impl Rule for DrMissesObjectives {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let strategy = dr_strategy(d);
        let at = |key: &str| d.context.span(key).or(d.context_span);
        for (key, what) in [("rto", "recovery time"), ("rpo", "recovery point")] {
            let Some(AttrValue::Duration(goal)) = d.context.get(key) else {
                continue;
            };
            let Some(span) = at(key) else { continue };
            let reach = band(strategy).map(|(rto, rpo)| if key == "rto" { rto } else { rpo });
            match reach {
                None => {
                    out.report(span, vec![], format!("the {what} objective is {} but the context declares no disaster-recovery strategy", human(*goal)))
                        .help("declare how the design recovers: `dr = backup-restore`, `pilot-light`, `warm-standby` or `active-active`");
                }
                Some(best) if *goal < best => {
                    out.report(span, vec![], format!("a {what} objective of {} is tighter than `{strategy}` can reach (at best {})", human(*goal), human(best)))
                        .help("move up to a faster strategy (pilot light, warm standby, active-active) or relax the objective");
                }
                Some(_) => {}
            }
        }
        let Some(span) = at("dr") else { return };
        if !matches!(strategy, "pilot-light" | "warm-standby" | "active-active") {
            return;
        }
        let regions = d.nodes.iter().filter(|n| n.kind == Kind::Region).count();
        if regions < 2 || !cross_region_copy(d) {
            out.report(span, vec![], format!("`{strategy}` needs a second region with a copy of the data, and the design has {}", if regions < 2 { "a single region" } else { "no store replicated across regions" }))
                .help("declare the recovery region and a store in it with `replica_of` (Aurora Global, a DynamoDB global table, S3 replication)");
        }
        // Automatic failover of traffic (a database's failover moves its primary role, not
        // the users): a flag, or `dns` / `automatic`, not `manual`.
        let routers = [Kind::Dns, Kind::Lb, Kind::Gateway, Kind::Cdn];
        let routed = d.nodes.iter().any(|n| {
            routers.contains(&n.kind)
                && n.attrs.get("failover").is_some_and(|v| match v {
                    AttrValue::Bool(b) => *b,
                    AttrValue::Word(w) => w != "manual",
                    _ => false,
                })
        });
        if strategy != "pilot-light" && !routed {
            out.report(span, vec![], format!("`{strategy}` needs something that moves the traffic to the recovery region, and nothing declares `failover`"))
                .help("add DNS failover with health checks (`dns route53 [failover = dns, health_check]`)");
        }
    }
}
