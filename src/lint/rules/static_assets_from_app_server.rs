use super::{shown, COMPUTE};
use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::lint::{Context, Findings, Rule, RuleMeta};
use crate::model::schema::Kind;

declare_rule! {
    /// ## What it does
    /// Reports static files (`serves = static`: a built frontend, images, CSS, JS) served
    /// by application compute (a service, a container, a VM, a host or a function) with
    /// no CDN in front. Only a note when the context declares a side project.
    ///
    /// ## Why is this bad
    /// Static files are most of the requests a web page makes. Served by the application,
    /// they take its CPU, connections and bandwidth, they scale with it and fail with it,
    /// and every user far from the region waits a round trip for each file. An object
    /// store behind a CDN serves them from near the user, for a fraction of the cost, and
    /// leaves the application the requests only it can answer.
    ///
    /// ## Example
    /// ```arch
    /// person users
    /// lb alb [health_check]
    /// service web [serves = [static, api], replicas = 2]
    /// users -> alb -> web
    /// ```
    ///
    /// ## Use instead
    /// ```arch
    /// person users
    /// cdn cloudfront [serves = static]
    /// lb alb [health_check]
    /// service web [serves = api, replicas = 2]
    /// users -> cloudfront -> alb -> web
    /// ```
    ///
    /// ## References
    /// - AWS Well-Architected PERF04 (networking and content delivery) and the cost pillar
    pub struct StaticAssetsFromAppServer { code: "PERF002", name: "static-assets-from-app-server", group: Performance, level: Warning }
}

impl Rule for StaticAssetsFromAppServer {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let d = cx.diagram;
        let mut behind_cdn = vec![false; d.nodes.len()];
        for a in &d.arrows {
            if d.node(a.from.node).kind == Kind::Cdn {
                behind_cdn[a.to.node.0] = true;
            }
        }
        for node in &d.nodes {
            let serves_static = node
                .attrs
                .get("serves")
                .is_some_and(|s| s.words().contains(&"static"));
            if !serves_static || !COMPUTE.contains(&node.kind) || behind_cdn[node.id.0] {
                continue;
            }
            let finding = out.report(
                node.name_span,
                vec![node.id],
                format!(
                    "{} serves static files from application compute, with no CDN in front",
                    shown(d, node.id)
                ),
            );
            finding.help("host the built files in an object store (S3) behind a CDN (CloudFront) and let the application serve only the API");
            if cx.setting.side_project() {
                finding.level(Severity::Info).help(
                    "fine while the users are few: move the files to an object store behind a CDN when the traffic grows",
                );
            }
        }
    }
}
