//! Every bundled example compiles without any diagnostic, and its resolved model is
//! snapshotted.

mod common;

#[test]
fn examples_compile_cleanly_and_match_their_model_snapshots() {
    let examples = common::files("examples", "arch");
    assert!(examples.len() >= 8, "the eight seed examples are bundled");
    for path in examples {
        let source = std::fs::read_to_string(&path).expect("an example is readable");
        let name = common::stem(&path);
        let compiled = archc::compile(&source);
        assert!(
            compiled.diagnostics.is_empty(),
            "{name} has diagnostics:\n{}",
            common::render(&source, &name)
        );
        let model = archc::json::to_string(&archc::json::model(&compiled.diagram, &source));
        insta::assert_snapshot!(format!("model-{name}"), model);
    }
}

#[test]
fn seed_examples_carry_what_their_seeds_say() {
    let load = |name: &str| {
        let source =
            std::fs::read_to_string(common::root().join("examples").join(name)).expect("example");
        archc::compile(&source).diagram
    };
    // Solo dev: one EC2 hosting Docker Compose with three containers/databases.
    let solo = load("solo-dev-mvp.arch");
    let ec2 = solo.find("ec2").expect("the EC2");
    assert_eq!(ec2.kind.name(), "vm");
    assert_eq!(solo.find("ec2.compose").expect("compose").children.len(), 3);
    assert!(solo.context.get("budget").is_some() && solo.context.get("users").is_some());

    // Scaling startup: an autoscaled API range, Multi-AZ database, webhooks through a queue.
    let startup = load("scaling-startup.arch");
    let api = startup
        .nodes
        .iter()
        .find(|n| n.kind.name() == "service")
        .expect("the API");
    assert!(matches!(
        api.attrs.get("replicas"),
        Some(archc::model::AttrValue::Range { max: None, .. })
    ));
    assert!(startup
        .nodes
        .iter()
        .any(|n| n.kind.name() == "database" && n.attrs.flag("multi_az")));
    assert!(startup.arrows.iter().any(|a| {
        a.style == archc::syntax::ast::ArrowStyle::Async
            && startup.node(a.from.node).kind.name() == "external"
            && startup.node(a.to.node).kind.name() == "queue"
    }));

    // Black Friday: read replicas and a cache.
    let bf = load("black-friday.arch");
    assert!(bf
        .nodes
        .iter()
        .any(|n| n.attrs.get("read_replicas").is_some()));
    assert!(bf.nodes.iter().any(|n| n.kind.name() == "cache"));

    // Fintech after: four namespaces in one cluster, payment with three replicas.
    let after = load("fintech-after.arch");
    let cluster = after
        .nodes
        .iter()
        .find(|n| n.kind.name() == "cluster")
        .expect("EKS");
    let namespaces = cluster
        .children
        .iter()
        .filter(|c| after.node(**c).kind.name() == "namespace")
        .count();
    assert_eq!(namespaces, 4);

    // Multi-region: services placed in named zones of the primary region.
    let mr = load("multi-region.arch");
    assert!(mr.nodes.iter().any(|n| matches!(n.attrs.get("zones"), Some(archc::model::AttrValue::List(items)) if items.len() == 3)));
    assert_eq!(
        mr.nodes
            .iter()
            .filter(|n| n.kind.name() == "region")
            .count(),
        2
    );
}
