use super::shown;
use crate::declare_rule;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;
use crate::model::AttrValue;

declare_rule! {
    /// ## What it does
    /// Reports a store (database, bucket, cache, queue, topic, stream) that holds
    /// sensitive data (`data` with `pii`, `payment`, `financial`, `health` or `secret`)
    /// and is not encrypted (`encrypted = false`). When the store does not say, the rule
    /// cannot decide and reports at info level.
    ///
    /// ## Why is this bad
    /// A leaked disk, snapshot or backup of a store that holds names, amounts or card data
    /// is a breach to report and, under GDPR or PCI DSS, a fine. Encryption at rest costs
    /// a flag on managed services.
    ///
    /// ## Example
    /// ```arch
    /// bucket invoices "S3 (PDF invoices)" [data = [financial, pii], encrypted = false]
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// bucket invoices "S3 (PDF invoices)" [data = [financial, pii], encrypted]
    /// ```
    ///
    /// ## References
    /// - Threagile's `unencrypted-asset`; OWASP pytm DR01
    /// - GDPR article 32 (security of processing)
    pub struct UnencryptedSensitiveData { code: "SEC001", name: "unencrypted-sensitive-data", group: Security, level: Error }
}

impl Rule for UnencryptedSensitiveData {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        for store in d.nodes.iter().filter(|n| {
            matches!(
                n.kind,
                Kind::Database
                    | Kind::Bucket
                    | Kind::Cache
                    | Kind::Queue
                    | Kind::Topic
                    | Kind::Stream
            )
        }) {
            let sensitive: Vec<&str> = store
                .attrs
                .get("data")
                .map(AttrValue::words)
                .unwrap_or_default()
                .into_iter()
                .filter(|w| matches!(*w, "pii" | "payment" | "financial" | "health" | "secret"))
                .collect();
            match store.attrs.get("encrypted") {
                _ if sensitive.is_empty() => {}
                Some(AttrValue::Bool(false)) => {
                    out.report(store.name_span, vec![store.id], format!("{} holds {} data and is not encrypted", shown(d, store.id), sensitive.join(", ")))
                        .help("encrypt it at rest (`encrypted`, with KMS keys) and its connections in transit (`tls`)");
                }
                None => {
                    out.report(
                        store.name_span,
                        vec![store.id],
                        format!(
                            "{} holds {} data and does not say whether it is encrypted",
                            shown(d, store.id),
                            sensitive.join(", ")
                        ),
                    )
                    .level(crate::diagnostic::Severity::Info)
                    .help("declare `encrypted` when it is (`encrypted = false` when it is not)");
                }
                Some(_) => {}
            }
        }
    }
}
