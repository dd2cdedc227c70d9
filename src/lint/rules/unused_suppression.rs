use crate::declare_rule;
use crate::lint::{Context, Findings, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an `# allow(...)` comment that suppresses nothing: no finding of the rules
    /// it names concerns the statement it is attached to, it names no known rule, or it
    /// gives no reason (a suppression without a reason suppresses nothing). Also reports a
    /// level comment (`# deny(...)`, `# warn(...)`, `# info(...)`) that no finding matches.
    ///
    /// ## Why is this bad
    /// A stale suppression hides the next real finding on that component, and one without
    /// a reason tells the next reader nothing about why a risk was accepted.
    ///
    /// ## Example
    /// ```arch
    /// # allow(single-point-of-failure): accepted for the demo
    /// service api [replicas = 3]
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// service api [replicas = 3]
    /// ```
    ///
    /// ## References
    /// - ruff's RUF100 (unused `noqa`)
    pub struct UnusedSuppression { code: "MOD003", name: "unused-suppression", group: Model, level: Warning }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// The engine reports unused suppressions itself, after all rules ran.
    fn check(&self, _: &Context<'_>, _: &mut Findings) {}
}
