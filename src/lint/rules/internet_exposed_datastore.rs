use super::shown;
use crate::declare_rule;
use crate::lint::simulate::is_entry;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;

declare_rule! {
    /// ## What it does
    /// Reports a database or cache that a person or an external system reaches directly,
    /// or that is declared `public`.
    ///
    /// ## Why is this bad
    /// A datastore on the internet is scanned within minutes: one weak password or one
    /// unpatched version gives away all the data at once. Services in front of it check
    /// who may read what; the store itself should only accept them.
    ///
    /// ## Example
    /// ```arch
    /// person users
    /// database db [public]
    /// users -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// person users
    /// service api
    /// database db [public = false]
    /// users -> api -> db
    /// ```
    ///
    /// ## References
    /// - Threagile's `unguarded-direct-datastore-access`
    pub struct InternetExposedDatastore { code: "SEC002", name: "internet-exposed-datastore", group: Security, level: Error }
}

impl Rule for InternetExposedDatastore {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for store in d
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, Kind::Database | Kind::Cache))
        {
            let from_outside: Vec<_> = d
                .arrows
                .iter()
                .filter(|a| a.to.node == store.id && is_entry(d, a.from.node))
                .map(|a| a.from.node)
                .collect();
            if store.attrs.flag("public") || !from_outside.is_empty() {
                let mut components = vec![store.id];
                components.extend(from_outside);
                out.report(store.name_span, components, format!("{} is reachable from the internet", shown(d, store.id)))
                    .help("keep datastores in private subnets, reached only by the services in front of them");
            }
        }
    }
}
