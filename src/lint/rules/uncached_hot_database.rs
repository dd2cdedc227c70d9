use super::shown;
use crate::declare_rule;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Reports a database on the users' path that is hot (it declares `traffic = hot` or
    /// `read-heavy`, or the `context` declares a `peak` or a hundred thousand users or
    /// more) and has neither read replicas nor a cache in front of it
    /// (a `cache` its callers use). When nothing says how much it is read (no `users` or
    /// `peak` in the context, no `traffic` on the database), it says at info level that
    /// it could not decide.
    ///
    /// ## Why is this bad
    /// Reads dominate most sites (product pages, catalogues), and one primary answering
    /// every one of them is the first thing to break under a peak: the Black Friday
    /// exercise's database "broke first (too many queries)". A cache answers repeated
    /// reads; read replicas share the rest.
    ///
    /// ## Example
    /// ```arch
    /// context [users = 200k, peak = "40x on Black Friday"]
    /// person shoppers
    /// service web [replicas = 2..20, autoscale = cpu]
    /// database db [multi_az]
    /// shoppers -> web -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// context [users = 200k, peak = "40x on Black Friday"]
    /// person shoppers
    /// service web [replicas = 2..20, autoscale = cpu]
    /// cache redis "ElastiCache"
    /// database db [multi_az, read_replicas = 2]
    /// shoppers -> web -> db
    /// web -> redis
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected PERF03-BP05 (implement data access patterns that use caching)
    pub struct UncachedHotDatabase { code: "PERF001", name: "uncached-hot-database", group: Performance, level: Warning }
}

fn hot(v: Option<&AttrValue>) -> bool {
    v.is_some_and(|t| t.words().iter().any(|w| matches!(*w, "hot" | "read-heavy")))
}

impl Rule for UncachedHotDatabase {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let context_hot =
            d.context.get("peak").is_some() || cx.setting.users.is_some_and(|u| u >= 100_000.0);
        for db in d.nodes.iter().filter(|n| n.kind == Kind::Database) {
            let callers: Vec<_> = d
                .arrows
                .iter()
                .filter(|a| a.to.node == db.id)
                .map(|a| a.from.node)
                .collect();
            let is_hot = context_hot || hot(db.attrs.get("traffic"));
            let replicas = db
                .attrs
                .get("read_replicas")
                .and_then(AttrValue::min_count)
                .unwrap_or(0.0)
                > 0.0;
            let cached = callers.iter().any(|&c| {
                d.arrows
                    .iter()
                    .any(|a| a.from.node == c && d.node(a.to.node).kind == Kind::Cache)
            });
            if replicas || cached || !cx.facts.on_entry_flow(db.id) {
                continue;
            }
            let unknown = d.context.get("peak").is_none()
                && cx.setting.users.is_none()
                && db.attrs.get("traffic").is_none();
            if unknown {
                out.report(db.name_span, vec![db.id], format!("could not decide whether {} is hot: neither the context (`users`, `peak`) nor the database (`traffic`) says how much it is read", shown(d, db.id)))
                    .help("declare `users = ...` in the context, or `traffic = hot` (or `steady`) on the database")
                    .level(crate::diagnostic::Severity::Info);
                continue;
            }
            if !is_hot {
                continue;
            }
            out.report(db.name_span, vec![db.id], format!("{} takes every read of a hot path, with no cache and no read replicas", shown(d, db.id)))
                .help("put a cache in front of repeated reads (`cache redis`, `web -> redis`) and add `read_replicas` for the rest");
        }
    }
}
