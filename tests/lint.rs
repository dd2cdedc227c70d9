//! The linter: every rule is documented in fixed sections, its documented Example fires
//! and its Use instead does not; the seed examples get the verdicts their authors give;
//! the variants the seeds discuss are caught.

mod common;

use archc::diagnostic::Severity;
use archc::lint::{self, rules::ALL};

/// The findings of a source, as (level, rule name) pairs.
fn findings(source: &str) -> Vec<(Severity, &'static str)> {
    let compiled = archc::compile(source);
    assert!(
        !compiled.has_errors(),
        "does not compile:\n{}",
        common::render(source, "lint")
    );
    lint::lint(&compiled.diagram)
        .into_iter()
        .map(|f| (f.diagnostic.severity, f.diagnostic.name))
        .collect()
}

/// The messages of the findings of a source.
fn lint_messages(source: &str) -> Vec<String> {
    let compiled = archc::compile(source);
    lint::lint(&compiled.diagram)
        .into_iter()
        .map(|f| f.diagnostic.message)
        .collect()
}

/// The findings of a source that must compile.
fn lint_clean(source: &str) -> Vec<lint::LintDiagnostic> {
    let compiled = archc::compile(source);
    assert!(!compiled.has_errors(), "{}", common::render(source, "lint"));
    lint::lint(&compiled.diagram)
}

/// The messages of the unused-suppression findings.
fn unused_messages(found: &[lint::LintDiagnostic]) -> Vec<&str> {
    found
        .iter()
        .filter(|f| f.diagnostic.name == "unused-suppression")
        .map(|f| f.diagnostic.message.as_str())
        .collect()
}

fn fired(source: &str, rule: &str) -> Option<Severity> {
    findings(source)
        .into_iter()
        .filter(|(_, name)| *name == rule)
        .map(|(s, _)| s)
        .max()
}

/// The ```arch blocks under a section of a rule's documentation.
fn block(doc: &str, section: &str) -> String {
    let after = doc
        .split(&format!("## {section}"))
        .nth(1)
        .unwrap_or_else(|| panic!("no {section} section"));
    let code = after
        .split("```arch")
        .nth(1)
        .unwrap_or_else(|| panic!("no arch block under {section}"));
    code.split("```")
        .next()
        .unwrap()
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_rule_is_documented_and_its_examples_hold() {
    let mut codes = std::collections::HashSet::new();
    for rule in ALL {
        let m = rule.meta();
        assert!(codes.insert(m.code), "{} is used twice", m.code);
        for section in [
            "What it does",
            "Why is this bad",
            "Example",
            "Use instead",
            "References",
        ] {
            assert!(
                m.doc.contains(&format!("## {section}")),
                "{} has no `{section}` section",
                m.name
            );
        }
        assert!(
            m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is not kebab-case",
            m.name
        );
        let example = block(m.doc, "Example");
        assert!(
            fired(&example, m.name).is_some(),
            "{}: its Example does not fire:\n{example}",
            m.name
        );
        let fixed = block(m.doc, "Use instead");
        assert_eq!(
            fired(&fixed, m.name),
            None,
            "{}: its Use instead fires:\n{fixed}",
            m.name
        );
    }
}

fn example(name: &str) -> String {
    std::fs::read_to_string(common::root().join("examples").join(format!("{name}.arch"))).unwrap()
}

/// Warnings and errors only.
fn serious(source: &str) -> Vec<(Severity, &'static str)> {
    findings(source)
        .into_iter()
        .filter(|(s, _)| *s >= Severity::Warning)
        .collect()
}

#[test]
fn the_seed_designs_get_their_authors_verdicts() {
    for name in [
        "solo-dev-mvp",
        "scaling-startup",
        "black-friday",
        "microservices-15",
        "invoice-pipeline",
        "fintech-after",
        "multi-region",
    ] {
        assert_eq!(
            serious(&example(name)),
            vec![],
            "{name} should have no warning or error"
        );
    }
    // The solo-dev EC2 is a single point of failure, accepted at info level.
    assert_eq!(
        fired(&example("solo-dev-mvp"), "single-point-of-failure"),
        Some(Severity::Info)
    );
    // The fintech "before" design has what its seed lists.
    let before = example("fintech-before");
    assert_eq!(
        fired(&before, "single-point-of-failure"),
        Some(Severity::Error)
    );
    assert_eq!(
        fired(&before, "stateful-store-without-backup"),
        Some(Severity::Error)
    );
    assert!(fired(&before, "manual-deployment").is_some_and(|s| s >= Severity::Warning));
    assert_eq!(
        fired(&before, "unmonitored-critical-component"),
        Some(Severity::Warning)
    );
}

#[test]
fn the_variants_the_seeds_discuss_are_caught() {
    // The solo-dev app on EKS.
    let on_eks = example("solo-dev-mvp")
        .replace("vm ec2 \"EC2 t3.micro (Free Tier)\"", "cluster ec2 \"EKS\"");
    assert_eq!(
        fired(&on_eks, "orchestration-overkill"),
        Some(Severity::Warning)
    );
    // Stripe webhooks straight to the API.
    let direct = "external stripe \"Stripe\" [sends = webhooks]\nservice api [replicas = 2]\ndatabase db [multi_az]\nstripe -> api : \"webhook\"\napi -> db\n";
    assert_eq!(fired(direct, "unbuffered-webhook"), Some(Severity::Error));
    // One EC2 with Docker Compose for 50,000 users with spiky traffic.
    let one_vm = "context [users = 500..50000, traffic = spiky]\nperson customers\nvm ec2 { group compose { container api; database db } }\ncustomers -> api\napi -> db\n";
    assert_eq!(
        fired(one_vm, "single-point-of-failure"),
        Some(Severity::Error)
    );
    // Black Friday on one bigger EC2.
    let bigger = example("black-friday").replace("service  web        \"Web app (ECS Fargate)\" [runtime = ecs-fargate, replicas = 2..20, autoscale = cpu]", "vm web \"One big EC2\" [instance = m5.4xlarge]");
    assert_ne!(bigger, example("black-friday"));
    assert_eq!(
        fired(&bigger, "single-point-of-failure"),
        Some(Severity::Error)
    );
    // Microservices deployed by hand.
    let by_hand =
        example("microservices-15").replace("[managed, deploy = ci]", "[managed, deploy = manual]");
    assert_ne!(by_hand, example("microservices-15"));
    assert_eq!(
        fired(&by_hand, "manual-deployment"),
        Some(Severity::Warning)
    );
}

#[test]
fn findings_of_every_example_match_their_snapshots() {
    for path in common::files("examples", "arch") {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = common::stem(&path);
        let compiled = archc::compile(&source);
        let text: Vec<String> = lint::lint(&compiled.diagram)
            .iter()
            .map(|f| {
                format!(
                    "{}[{}] {}: {}\n  components: {}",
                    f.diagnostic.severity,
                    f.diagnostic.code,
                    f.diagnostic.name,
                    f.diagnostic.message,
                    f.components.join(", ")
                )
            })
            .collect();
        insta::assert_snapshot!(format!("lint-{name}"), text.join("\n"));
    }
}

#[test]
fn more_variants_the_seeds_discuss_are_caught() {
    // Black Friday without Redis and read replicas, then without autoscaling.
    let bf = example("black-friday");
    let uncached = bf
        .replace("web        -> redis      : \"cached product pages\"\n", "")
        .replace("read_replicas = 2,", "");
    assert_ne!(uncached, bf);
    assert_eq!(
        fired(&uncached, "uncached-hot-database"),
        Some(Severity::Warning)
    );
    let fixed = bf.replace("replicas = 2..20, autoscale = cpu", "replicas = 2");
    assert_ne!(fixed, bf);
    assert!(
        fired(&fixed, "fixed-capacity-under-variable-load").is_some_and(|s| s >= Severity::Warning)
    );
    // The solo-dev API as a Lambda, and an RDS instance on a $0 budget.
    let solo = example("solo-dev-mvp");
    let lambda = solo.replace(
        "container api \"Backend (Node.js)\"",
        "function api \"Backend (Lambda)\"",
    );
    assert_ne!(lambda, solo);
    assert_eq!(
        fired(&lambda, "serverless-continuous-workload"),
        Some(Severity::Warning)
    );
    let rds = format!("{solo}database rds \"RDS PostgreSQL\" [managed]\napi -> rds\n");
    assert_eq!(fired(&rds, "over-budget"), Some(Severity::Warning));
    // The invoice pipeline with its invoices stored unencrypted.
    let invoice = example("invoice-pipeline");
    let plain = invoice.replace(
        "[encrypted, data = [financial, pii]]",
        "[encrypted = false, data = [financial, pii]]",
    );
    assert_ne!(plain, invoice);
    assert_eq!(
        fired(&plain, "unencrypted-sensitive-data"),
        Some(Severity::Error)
    );
    // People straight onto machines: a warning, a note in a side project, and SSH named.
    assert_eq!(
        fired(&example("fintech-before"), "unguarded-public-entry"),
        Some(Severity::Warning)
    );
    assert_eq!(
        fired(&example("solo-dev-mvp"), "unguarded-public-entry"),
        Some(Severity::Info)
    );
    let ssh = "person ops\nvm box\nops -> box : \"ssh\"\n";
    assert!(lint_messages(ssh).iter().any(|m| m.contains("over SSH")));
    let guarded = "person users\nlb alb\nservice api\nusers -> alb -> api\n";
    assert_eq!(fired(guarded, "unguarded-public-entry"), None);
    // Static files from the application: a note for the solo dev's nginx container, a
    // warning once there is no side project, nothing behind a CDN.
    let solo = example("solo-dev-mvp");
    assert_eq!(
        fired(&solo, "static-assets-from-app-server"),
        Some(Severity::Info)
    );
    let grown = solo
        .replace("stage  = side-project,", "")
        .replace("users  = 10,", "users = 20k,");
    assert_ne!(grown, solo);
    assert_eq!(
        fired(&grown, "static-assets-from-app-server"),
        Some(Severity::Warning)
    );
    // A synchronous call to an outside API: what is missing is named; critical callers
    // make it an error; a bounded call passes.
    let call = "service checkout [criticality = critical]\nexternal psp\ncheckout -> psp\n";
    assert_eq!(
        fired(call, "unprotected-sync-dependency"),
        Some(Severity::Error)
    );
    let timed = call.replace("checkout -> psp", "checkout -> psp [timeout = 2s]");
    assert!(lint_messages(&timed)
        .iter()
        .any(|m| m.contains("with no retries, circuit breaker or fallback")));
    let bounded = call.replace(
        "checkout -> psp",
        "checkout -> psp [timeout = 2s, circuit_breaker]",
    );
    assert_eq!(fired(&bounded, "unprotected-sync-dependency"), None);
    assert_eq!(
        fired(
            &call.replace("checkout -> psp", "checkout ~> psp"),
            "unprotected-sync-dependency"
        ),
        None
    );
    // The 15 microservices with one team namespace left open.
    let ms = example("microservices-15");
    let open = ms.replacen(
        "[team = \"Users Team\", quota, policy = default-deny,",
        "[team = \"Users Team\",",
        1,
    );
    assert_ne!(open, ms);
    assert!(lint_messages(&open)
        .iter()
        .any(|m| m.contains("`eks.team-users`")
            && m.contains("no resource quota and no network policy")));
    // The multi-region design against its objectives: a tighter RTO than a warm standby
    // reaches, a slower strategy, no cross-region copy, no failover routing.
    let mr = example("multi-region");
    let dr_variants = [
        (
            "rto     = 15min",
            "rto     = 30s",
            "a recovery time objective of 30 s is tighter than `warm-standby` can reach (at best 1 min)",
        ),
        (
            "dr      = warm-standby",
            "dr      = backup-restore",
            "tighter than `backup-restore`",
        ),
        (
            "replica_of = aurora, ",
            "",
            "no store replicated across regions",
        ),
        (
            "[failover = dns, health_check]",
            "[health_check]",
            "nothing declares `failover`",
        ),
        (
            "dr      = warm-standby,",
            "",
            "declares no disaster-recovery strategy",
        ),
    ];
    for (from, to, says) in dr_variants {
        let variant = mr.replace(from, to);
        assert_ne!(variant, mr, "{from}");
        assert!(
            lint_messages(&variant).iter().any(|m| m.contains(says)),
            "{from} -> {to}: {:?}",
            lint_messages(&variant)
        );
        assert_eq!(
            fired(&variant, "dr-misses-objectives"),
            Some(Severity::Error)
        );
    }
    // Without a strategy or a copy, losing the only region is reported; an RTO in the
    // context makes it an error. (The multi-region design without its copy still has a
    // standby region that takes the traffic, so only a one-region design is reported.)
    let one = "person users\nregion east {\n  lb alb [health_check]\n  service api [replicas = 2, zones = 2]\n  database db [multi_az, backup = daily]\n}\nusers -> alb -> api -> db\n";
    assert_eq!(fired(one, "region-without-dr"), Some(Severity::Warning));
    let with_rto = format!("context [rto = 4h]\n{one}");
    assert_eq!(fired(&with_rto, "region-without-dr"), Some(Severity::Error));
    let with_dr = format!("context [dr = backup-restore, rto = 8h]\n{one}");
    assert_eq!(fired(&with_dr, "region-without-dr"), None);
    assert_eq!(fired(&mr, "region-without-dr"), None);
    // The invoice pipeline with OCR and extraction in one Lambda, or chained without the
    // queue: the seed's "each step can fail and be retried independently".
    let inv = example("invoice-pipeline");
    let one_lambda = inv.replace(
        "[workload = event]\n",
        "[workload = event, steps = [ocr, extract]]\n",
    );
    let chained = inv.replace("ocr     ~> jobs", "ocr     -> extract");
    for variant in [one_lambda, chained] {
        assert_ne!(variant, inv);
        assert_eq!(
            fired(&variant, "coupled-pipeline-steps"),
            Some(Severity::Warning)
        );
        assert!(lint_messages(&variant)
            .iter()
            .any(|m| m.contains("retried on its own") || m.contains("fails both")));
    }
    // DynamoDB keeps copies in several zones by itself: no standby to ask for, unless the
    // same store is declared as a plain database.
    let ms = example("microservices-15");
    let standby_rule = |source: &str| {
        lint_clean(source)
            .into_iter()
            .filter(|f| f.diagnostic.name == "database-without-standby")
            .flat_map(|f| f.components)
            .collect::<Vec<_>>()
    };
    assert_eq!(standby_rule(&ms), ["rds"]);
    let plain = ms.replace("[engine = dynamodb, managed]", "[managed]");
    assert_ne!(plain, ms);
    assert_eq!(standby_rule(&plain), ["rds", "dynamodb"]);
    // Lambda -> RDS without a pooler: a note when a queue feeds the function, a warning
    // when requests wait on it, nothing with a proxy, a concurrency cap or DynamoDB.
    let bf = example("black-friday");
    assert_eq!(
        fired(&bf, "serverless-db-connection-storm"),
        Some(Severity::Info)
    );
    let api = "gateway api [public]\nfunction orders\napi -> orders -> db\n";
    let sync = format!("{api}database db [engine = postgres]\n");
    assert_eq!(
        fired(&sync, "serverless-db-connection-storm"),
        Some(Severity::Warning)
    );
    for fixed in [
        sync.replace("engine = postgres", "engine = postgres, proxy = rds-proxy"),
        sync.replace("function orders", "function orders [concurrency = 20]"),
        sync.replace("engine = postgres", "engine = dynamodb"),
        format!("{api}database db \"DynamoDB (orders)\"\n"),
    ] {
        assert_eq!(
            fired(&fixed, "serverless-db-connection-storm"),
            None,
            "{fixed}"
        );
    }
    let unpooled = sync.replace("engine = postgres", "engine = postgres, proxy = false");
    assert!(fired(&unpooled, "serverless-db-connection-storm").is_some());
    // The multi-region design with everything in one zone, and without health checks.
    let mr = example("multi-region");
    let one_zone = mr
        .replace("zones = [use1a, use1c, use1d]", "zones = [use1b]")
        .replace(
            "multi_az, standby = aurora-standby, failover = automatic,",
            "",
        );
    assert_ne!(one_zone, mr);
    assert!(fired(&one_zone, "single-az-deployment").is_some());
    let unchecked = mr.replace(
        "[health_check, multi_az]",
        "[health_check = false, multi_az]",
    );
    assert_ne!(unchecked, mr);
    assert_eq!(
        fired(&unchecked, "missing-health-check"),
        Some(Severity::Warning)
    );
}

#[test]
fn suppressions_need_a_reason_cascade_from_groups_and_are_reported_when_unused() {
    let source = "context [users = 50k, traffic = spiky]\nperson users\n# allow(single-point-of-failure): one VM until the launch\nvm ec2 { service api; database db [backup = daily] }\nusers -> api\napi -> db\n# allow(REL010)\nservice lonely\nnamespace ns { # allow(orphaned-component): kept for the demo\n  cache c\n}\n# allow(unbuffered-webhook): nothing here\nservice quiet [replicas = 2]\nusers -> quiet\n";
    let found = lint_clean(source);
    let spof = found
        .iter()
        .find(|f| f.diagnostic.name == "single-point-of-failure")
        .expect("the VM");
    assert_eq!(spof.suppressed.as_deref(), Some("one VM until the launch"));
    // A group's suppression covers what it contains.
    let orphan_c = found
        .iter()
        .find(|f| f.diagnostic.name == "orphaned-component" && f.components == ["ns.c"])
        .expect("c");
    assert_eq!(orphan_c.suppressed.as_deref(), Some("kept for the demo"));
    // Without a reason nothing is suppressed; a suppression that matches nothing is reported.
    let unused = unused_messages(&found);
    assert_eq!(unused.len(), 2, "{unused:?}");
    assert!(unused.iter().any(|m| m.contains("gives no reason")));
    assert!(unused.iter().any(|m| m.contains("suppresses nothing here")));
    assert!(found
        .iter()
        .any(|f| f.diagnostic.name == "orphaned-component"
            && f.components == ["lonely"]
            && f.suppressed.is_none()));
}

#[test]
fn levels_set_in_the_source_cascade_and_the_most_specific_wins() {
    let source = "context [users = 50k, traffic = spiky]\nperson users\n# warn(single-point-of-failure)\ngroup legacy {\n  service api\n  # info(single-point-of-failure): rebuilt nightly\n  database db\n}\n# deny(orphaned-component)\nservice lonely\n# info(no-such-rule)\nservice other [replicas = 2]\n# deny(queue-without-dlq)\nservice calm [replicas = 2]\nusers -> api -> db\nusers -> other\nusers -> calm\n";
    let found = lint_clean(source);
    let level = |rule: &str, component: &str| {
        found
            .iter()
            .find(|f| f.diagnostic.name == rule && f.components == [component])
            .map(|f| f.diagnostic.severity)
    };
    // At 50k users with spiky traffic these would be errors; the group lowers them, and
    // the inner comment lowers the database further.
    assert_eq!(
        level("single-point-of-failure", "legacy.api"),
        Some(Severity::Warning)
    );
    assert_eq!(
        level("single-point-of-failure", "legacy.db"),
        Some(Severity::Info)
    );
    assert_eq!(level("orphaned-component", "lonely"), Some(Severity::Error));
    // Unknown rules and levels that match nothing are reported.
    let unused = unused_messages(&found);
    assert_eq!(unused.len(), 2, "{unused:?}");
    assert!(unused
        .iter()
        .any(|m| m.contains("names no known rule: no-such-rule")));
    assert!(unused
        .iter()
        .any(|m| m.contains("sets queue-without-dlq to error but nothing here reports it")));
}

#[test]
fn rules_say_when_they_cannot_decide() {
    // Whether traffic varies decides fixed-capacity-under-variable-load.
    let fleet =
        "person users\nlb alb [health_check]\nservice web [replicas = 2]\nusers -> alb -> web\n";
    assert_eq!(
        fired(
            &format!("context [users = 5000]\n{fleet}"),
            "fixed-capacity-under-variable-load"
        ),
        Some(Severity::Info),
        "no `traffic`: could not decide"
    );
    assert!(lint_messages(&format!("context [users = 5000]\n{fleet}"))
        .iter()
        .any(|m| m.contains("could not decide") && m.contains("`web`")));
    assert_eq!(
        fired(
            &format!("context [users = 5000, traffic = steady]\n{fleet}"),
            "fixed-capacity-under-variable-load"
        ),
        None
    );
    assert_eq!(
        fired(
            &format!("context [users = 5000, traffic = spiky]\n{fleet}"),
            "fixed-capacity-under-variable-load"
        ),
        Some(Severity::Warning)
    );
    assert_eq!(
        fired(
            &format!("context [users = 10, budget = \"$0\", team = 1]\n{fleet}"),
            "fixed-capacity-under-variable-load"
        ),
        None,
        "a side project is decided"
    );
    // How much a database is read decides uncached-hot-database.
    let reads = "person users\nservice api [replicas = 2..N, autoscale = cpu]\ndatabase db [multi_az]\nusers -> api -> db\n";
    assert_eq!(fired(reads, "uncached-hot-database"), Some(Severity::Info));
    assert_eq!(
        fired(
            &format!("context [users = 500]\n{reads}"),
            "uncached-hot-database"
        ),
        None
    );
    assert_eq!(
        fired(
            &format!("context [users = 500k]\n{reads}"),
            "uncached-hot-database"
        ),
        Some(Severity::Warning)
    );
}

/// Properties of the linter on random designs.
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// One component: its kind, replicas (1 or 2), the zones it lists (none, `za`, or
    /// `za` and `zb`), whether it autoscales.
    type Component = (usize, u8, u8, bool);

    const KINDS: &[&str] = &[
        "service",
        "database",
        "cache",
        "queue",
        "function",
        "container",
        "lb",
    ];

    fn declaration(
        i: usize,
        &(kind, replicas, zones, autoscale): &Component,
        extra: bool,
    ) -> String {
        let mut zones: Vec<&str> = ["za", "zb"][..zones as usize].to_vec();
        let mut replicas = replicas;
        if extra {
            // One more replica, in a zone it was not in.
            replicas += 1;
            zones.push("zc");
        }
        let mut attrs = vec![format!("replicas = {replicas}")];
        if !zones.is_empty() {
            attrs.push(format!("zones = [{}]", zones.join(", ")));
        }
        if autoscale {
            attrs.push("autoscale = cpu".into());
        }
        format!("{} n{i} [{}]\n", KINDS[kind], attrs.join(", "))
    }

    /// Components, arrows (from, to, synchronous), the component to grow, the context.
    type Design = (Vec<Component>, Vec<(usize, usize, bool)>, usize, u8);

    fn design() -> impl Strategy<Value = Design> {
        let components =
            prop::collection::vec((0..KINDS.len(), 1u8..3, 0u8..3, any::<bool>()), 1..10);
        let arrows = prop::collection::vec((0usize..10, 0usize..10, any::<bool>()), 0..16);
        (components, arrows, 0usize..10, 0u8..3)
    }

    fn source(
        components: &[Component],
        arrows: &[(usize, usize, bool)],
        grown: Option<usize>,
        context: u8,
    ) -> String {
        let mut s = String::from(match context {
            0 => "",
            1 => "context [users = 10, traffic = steady]\n",
            _ => "context [users = 50k, traffic = spiky]\n",
        });
        s.push_str("person users\nzone za\nzone zb\nzone zc\nusers -> n0\n");
        for (i, c) in components.iter().enumerate() {
            s.push_str(&declaration(i, c, grown == Some(i)));
        }
        let n = components.len();
        for &(a, b, sync) in arrows {
            let (a, b) = (a % n, b % n);
            if a != b {
                s.push_str(&format!("n{a} {} n{b}\n", if sync { "->" } else { "~>" }));
            }
        }
        s
    }

    /// A finding by what it is about: rule and components.
    fn keys(source: &str) -> Vec<(&'static str, Vec<String>)> {
        let compiled = archc::compile(source);
        assert!(!compiled.has_errors(), "{}", common::render(source, "lint"));
        let mut keys: Vec<_> = lint::lint(&compiled.diagram)
            .into_iter()
            .filter(|f| f.diagnostic.severity > Severity::Info)
            .map(|f| (f.diagnostic.name, f.components))
            .collect();
        keys.sort();
        keys
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Adding a replica in a new zone never adds a warning or an error.
        #[test]
        fn a_replica_in_a_new_zone_never_adds_a_finding(
            (components, arrows, grown, context) in design()
        ) {
            let grown = grown % components.len();
            // Where a component lists no zones its replicas' places are unknown, and a
            // zone list naming only the new zone would place them all there.
            prop_assume!(components[grown].2 > 0);
            let before = source(&components, &arrows, None, context);
            let after = source(&components, &arrows, Some(grown), context);
            let (old, new) = (keys(&before), keys(&after));
            let added: Vec<_> = new.iter().filter(|k| !old.contains(k)).collect();
            prop_assert!(added.is_empty(), "{:?} added by\n{}\nwas\n{}", added, after, before);
        }

        /// The linter never panics, on well-formed random designs and on token soup.
        #[test]
        fn the_linter_never_panics(text in common::random::diagram()) {
            let compiled = archc::compile(&text);
            let _ = lint::lint(&compiled.diagram);
        }
    }
}
