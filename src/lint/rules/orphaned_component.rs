use super::shown;
use crate::declare_rule;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Family;

declare_rule! {
    /// ## What it does
    /// Reports a component that no arrow reaches or leaves, directly or through what it
    /// hosts.
    ///
    /// ## Why is this bad
    /// A box with no arrows is either dead (it can go) or a missing arrow (the design does
    /// not say who uses it, so nobody can reason about what happens when it fails).
    ///
    /// ## Example
    /// ```arch
    /// service api
    /// database db
    /// cache redis
    /// api -> db
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// service api
    /// database db
    /// cache redis
    /// api -> db
    /// api -> redis
    /// ```
    ///
    /// ## References
    /// - Structurizr's inspection `model.element.orphaned`
    pub struct OrphanedComponent { code: "MOD002", name: "orphaned-component", group: Model, level: Warning }
}

impl Rule for OrphanedComponent {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let mut touched = vec![false; d.nodes.len()];
        for a in &d.arrows {
            for end in [a.from.node, a.to.node] {
                touched[end.0] = true;
                for anc in d.ancestors(end) {
                    touched[anc.id.0] = true;
                }
            }
        }
        // A group with an arrow inside is touched through the ancestors above, so only
        // declarations nothing touches remain; they are few, and `referenced` is linear.
        let referenced = super::referenced(d);
        for node in &d.nodes {
            if node.kind.family() == Family::Group || touched[node.id.0] || referenced[node.id.0] {
                continue;
            }
            out.report(
                node.name_span,
                vec![node.id],
                format!(
                    "{} has no arrows: nothing uses it and it uses nothing",
                    shown(d, node.id)
                ),
            )
            .help("add the arrows that say who calls it, or remove it");
        }
    }
}
