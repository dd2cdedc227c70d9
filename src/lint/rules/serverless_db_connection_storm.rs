use super::shown;
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::{AttrValue, Diagram, Node};
use crate::syntax::ast::ArrowStyle;

declare_rule! {
    /// ## What it does
    /// Reports a serverless function that talks to a relational database directly: no
    /// connection pooler on the database (`proxy`) and no cap on the function's
    /// concurrency (`concurrency`). A warning when requests invoke the function; only a
    /// note when it is fed by a queue or by events, which can wait for a free connection.
    ///
    /// ## Why is this bad
    /// Every concurrent invocation opens its own connection. A burst of a thousand
    /// invocations opens a thousand connections, and a PostgreSQL or MySQL server accepts a
    /// few hundred: the database refuses the rest, or spends its memory on them, just when
    /// the load peaks. A pooler such as RDS Proxy or PgBouncer shares a few connections
    /// among all invocations; a reserved-concurrency cap bounds how many there can be.
    ///
    /// ## Example
    /// ```arch
    /// gateway api [public]
    /// function orders
    /// database db [engine = postgres]
    /// api -> orders -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// gateway api [public]
    /// function orders [concurrency = 50]
    /// database db [engine = postgres, proxy = rds-proxy]
    /// api -> orders -> db
    /// ```
    ///
    /// ## References
    /// - AWS Lambda developer guide: using Lambda with Amazon RDS (a proxy for production
    ///   workloads and for functions that open many short connections)
    pub struct ServerlessDbConnectionStorm { code: "PERF004", name: "serverless-db-connection-storm", group: Performance, level: Warning }
}

/// Engines that do not hold a connection per client.
const CONNECTIONLESS: &[&str] = &[
    "dynamodb",
    "dynamo",
    "mongodb",
    "mongo",
    "documentdb",
    "cassandra",
    "keyspaces",
    "firestore",
    "cosmosdb",
    "redis",
    "s3",
];

/// Whether the database keeps a connection per client: a relational one, unless its engine
/// or its label says otherwise.
fn holds_connections(db: &Node) -> bool {
    let engine = db
        .attrs
        .get("engine")
        .map(|v| v.words().join(" ").to_ascii_lowercase());
    let text = engine.unwrap_or_else(|| db.display_label().to_ascii_lowercase());
    !CONNECTIONLESS.iter().any(|e| text.contains(e))
}

/// Whether a request waits on the function: a synchronous arrow comes into it.
fn request_driven(d: &Diagram, f: &Node) -> bool {
    d.arrows
        .iter()
        .any(|a| a.to.node == f.id && a.style == ArrowStyle::Sync)
}

impl Rule for ServerlessDbConnectionStorm {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for arrow in &d.arrows {
            let (f, db) = (d.node(arrow.from.node), d.node(arrow.to.node));
            if f.kind != Kind::Function || db.kind != Kind::Database {
                continue;
            }
            let pooled = db
                .attrs
                .get("proxy")
                .is_some_and(|p| !matches!(p, AttrValue::Bool(false)));
            if pooled || f.attrs.get("concurrency").is_some() || !holds_connections(db) {
                continue;
            }
            let sync = request_driven(d, f);
            let help = if sync {
                "put a pooler in front (`proxy = rds-proxy` or `pgbouncer`) or cap the function (`concurrency = 50`)"
            } else {
                "it is fed by a queue or by events, so a burst can wait: cap its concurrency below the database's connection limit (`concurrency = 50`), or add a pooler"
            };
            let finding = out.report(
                arrow.span,
                vec![f.id, db.id],
                format!(
                    "{} connects to {} directly: every concurrent invocation opens its own connection",
                    shown(d, f.id),
                    shown(d, db.id)
                ),
            );
            finding
                .related(
                    db.name_span,
                    "no connection pooler (`proxy`) on this database",
                )
                .help(help);
            if !sync {
                finding.level(Severity::Info);
            }
        }
    }
}
