//! The layout's invariants on every example, in both directions and both metrics, and on
//! the hard cases the engine must survive.

mod common;

use archc::layout::{self, check, metrics::PixelMetrics};
use archc::render::text::GridMetrics;

fn assert_sound(source: &str, name: &str) -> layout::Geometry {
    let compiled = archc::compile(source);
    assert!(
        !compiled.has_errors(),
        "{name} does not compile:\n{}",
        common::render(source, name)
    );
    let mut last = None;
    // The terminal's own cell metrics, as `render::text::draw` starts with them.
    for metrics in [
        &PixelMetrics as &dyn layout::metrics::Metrics,
        &GridMetrics::default(),
    ] {
        let g =
            layout::layout(&compiled.diagram, metrics).unwrap_or_else(|e| panic!("{name}: {e}"));
        let problems = check::violations(&compiled.diagram, &g);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
        assert_eq!(g.nodes.len(), compiled.diagram.nodes.len());
        assert_eq!(g.edges.len(), compiled.diagram.arrows.len());
        last = Some(g);
    }
    last.expect("laid out")
}

#[test]
fn every_example_lays_out_soundly_in_both_directions() {
    for path in common::files("examples", "arch") {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = common::stem(&path);
        assert_sound(&source, &name);
        let flipped = if source.contains("direction right") {
            source.replace("direction right", "direction down")
        } else {
            format!("direction right\n{source}")
        };
        assert_sound(&flipped, &format!("{name} (flipped)"));
    }
}

/// An arrow into a port off its box's middle, or across a frame's border to something
/// inside, runs straight when nothing is in its way: the boxes line up on the port, not on
/// their middles (both metrics, both directions).
#[test]
fn arrows_to_ports_run_straight() {
    let sources = [
        "service a\nservice b { port p; port q; port r }\na -> b.r\n",
        "person u\ngroup outer {\n  group inner {\n    service w { port http }\n    service x\n    w -> x\n  }\n}\nu -> inner.w.http : \"HTTP\"\n",
    ];
    for source in sources {
        for flipped in [false, true] {
            let source = if flipped {
                format!("direction right\n{source}")
            } else {
                source.to_owned()
            };
            let diagram = archc::compile(&source).diagram;
            for metrics in [
                &PixelMetrics as &dyn layout::metrics::Metrics,
                &GridMetrics::default(),
            ] {
                let g = layout::layout(&diagram, metrics).unwrap();
                let first = &g.edges[g.edges.len() - 1];
                assert_eq!(first.points.len(), 2, "{source}: {:?}", first.points);
            }
        }
    }
}

#[test]
fn a_group_runs_in_its_own_direction() {
    let source = "person user\ngroup pipeline [direction = right] {\n  function a\n  queue b\n  function c\n  a ~> b ~> c\n}\ndatabase db\nuser -> pipeline.a\npipeline.c -> db\n";
    let g = assert_sound(source, "mixed directions");
    let compiled = archc::compile(source);
    let rect = |name: &str| g.nodes[compiled.diagram.find(name).unwrap().id.0].rect;
    let (a, b, c) = (rect("pipeline.a"), rect("pipeline.b"), rect("pipeline.c"));
    assert!(
        a.right() <= b.x && b.right() <= c.x,
        "left to right inside the group: {a:?} {b:?} {c:?}"
    );
    // The diagram itself still runs top to bottom.
    assert!(
        rect("user").bottom() <= rect("pipeline").y && rect("pipeline").bottom() <= rect("db").y
    );
    // And the other way round: a top-to-bottom group in a left-to-right diagram.
    let flipped = source
        .replace("[direction = right]", "[direction = down]")
        .replacen("person user", "direction right\nperson user", 1);
    let g = assert_sound(&flipped, "mixed directions, flipped");
    let compiled = archc::compile(&flipped);
    let rect = |name: &str| g.nodes[compiled.diagram.find(name).unwrap().id.0].rect;
    assert!(rect("pipeline.a").bottom() <= rect("pipeline.b").y);
    assert!(rect("user").right() <= rect("pipeline").x);
}

#[test]
fn layout_is_deterministic() {
    let source =
        std::fs::read_to_string(common::root().join("examples/multi-region.arch")).unwrap();
    let compiled = archc::compile(&source);
    let a = archc::json::layout(
        &compiled.diagram,
        &layout::layout(&compiled.diagram, &PixelMetrics).unwrap(),
    );
    let b = archc::json::layout(
        &compiled.diagram,
        &layout::layout(&compiled.diagram, &PixelMetrics).unwrap(),
    );
    assert_eq!(a, b);
}

#[test]
fn hard_cases_lay_out_soundly() {
    let fan: String = (0..200)
        .map(|i| format!("service s{i}\nhub -> s{i}\n"))
        .collect();
    let deep = format!(
        "{}service leaf\n{}",
        "group g {\n".repeat(50),
        "}\n".repeat(50)
    );
    let cases = [
        ("self-loops", "service a\na -> a : \"retry\"\na -> a\na -> b\nservice b\n".to_owned()),
        ("multi-edges", "service a\nservice b\na -> b : \"one\"\na -> b : \"two\"\na ~> b\nb -> a\n".to_owned()),
        ("group and its child", "group g { service c }\ng -> c\nc -> g\ng -> g\n".to_owned()),
        ("empty groups", "group empty\nzone z\nregion r { zone a }\nservice s\ns -> empty\n".to_owned()),
        ("a component with 200 arrows", format!("service hub\n{fan}")),
        ("a 500-character label", format!("service a \"{}\"\nservice b\na -> b : \"{}\"\n", "word ".repeat(100), "x".repeat(500))),
        ("50 levels of nesting", format!("{deep}service outside\noutside -> g.leaf\n")),
        ("cycles across groups", "group a { service x\nservice y }\ngroup b { service z }\nx -> z\nz -> y\ny -> x\n".to_owned()),
        ("ports on both sides", "service api { port http = 80\nport admin = 9000 }\nlb alb\ndatabase db\nalb -> api.http\napi.admin -> db\ndb -> api.http\n".to_owned()),
    ];
    for (name, source) in cases {
        assert_sound(&source, name);
    }
}

/// A small deterministic generator (xorshift): numbers below the bound given.
fn xorshift(mut state: u64) -> impl FnMut(usize) -> usize {
    move |bound| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    }
}

/// 1,000 services `s0`..`s999` in 8 regions of 5 zones of 25; `group(i)` adds to region
/// or zone `i`'s header (zone `z` of region `r` is `z + r`), `service(i)` to each zone's `i`-th
/// service.
fn regions(
    group: impl Fn(usize) -> &'static str,
    service: impl Fn(usize) -> &'static str,
) -> String {
    let mut source = String::new();
    for r in 0..8 {
        source += &format!("region r{r}{} {{\n", group(r));
        for z in 0..5 {
            source += &format!("  zone z{z}{} {{\n", group(z + r));
            for i in 0..25 {
                source += &format!("    service s{}{}\n", r * 125 + z * 25 + i, service(i));
            }
            source += "  }\n";
        }
        source += "}\n";
    }
    source
}

/// The qualified name of service `i` of `regions`.
fn service_name(i: usize) -> String {
    format!("r{}.z{}.s{i}", i / 125, i / 25 % 5)
}

/// A diagram big enough for the layout's lightest effort (more than 1,500 components and
/// arrows), where border chains are ordered in bundles: 1,000 services in 8 regions of
/// 5 zones, 1,500 arrows, most within a zone, some across zones and regions.
fn large_nested_source() -> String {
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
    let mut source = regions(|_| "", |_| "");
    for _ in 0..1500 {
        let a = next(1000);
        let b = match next(10) {
            0 => next(1000),
            1 => a / 125 * 125 + next(125),
            _ => a / 25 * 25 + next(25),
        };
        if a != b {
            source += &format!("{} -> {}\n", service_name(a.min(b)), service_name(a.max(b)));
        }
    }
    source
}

#[test]
fn a_large_nested_diagram_lays_out_soundly() {
    let source = large_nested_source();
    let compiled = archc::compile(&source);
    assert!(compiled.diagram.nodes.len() + compiled.diagram.arrows.len() > 1500);
    let g = assert_sound(&source, "large nested");
    assert!(g.stats.order_crossings > 0);
}

/// The same size with every feature the bundles meet: groups laid out left to right,
/// ports, labels, arrows of every operator, arrows to groups and self-loops.
fn every_feature_source() -> String {
    let mut next = xorshift(0x2545_F491_4F6C_DD1D);
    let right = |i: usize| {
        if i % 3 == 1 {
            " [direction = right]"
        } else {
            ""
        }
    };
    let ports = |i: usize| {
        if i % 5 == 0 {
            " { port p0; port p1 }"
        } else {
            ""
        }
    };
    let mut source = regions(right, ports);
    let ops = ["->", "~>", "<->", "<~>"];
    for _ in 0..1500 {
        let a = next(1000);
        let b = match next(10) {
            0 => next(1000),
            1 => a / 125 * 125 + next(125),
            2 => a,
            _ => a / 25 * 25 + next(25),
        };
        let from = service_name(a);
        let to = match (next(20), b % 5) {
            (0, _) => format!("r{}.z{}", b / 125, b / 25 % 5),
            (1, _) => format!("r{}", b / 125),
            (2..=5, 0) => format!("{}.p{}", service_name(b), next(2)),
            _ => service_name(b),
        };
        let label = if next(5) == 0 { " : \"calls\"" } else { "" };
        source += &format!("{from} {} {to}{label}\n", ops[next(4)]);
    }
    source
}

#[test]
fn a_large_diagram_with_every_feature_lays_out_soundly() {
    let source = every_feature_source();
    let compiled = archc::compile(&source);
    assert!(compiled.diagram.nodes.len() + compiled.diagram.arrows.len() > 1500);
    assert_sound(&source, "large diagram with every feature");
}

/// Large diagrams' levels are laid out several at a time: the geometry is the same bytes
/// on one thread as on several, in both metrics.
#[test]
fn the_layout_is_the_same_on_any_number_of_threads() {
    for source in [large_nested_source(), every_feature_source()] {
        let d = archc::compile(&source).diagram;
        for metrics in [
            &PixelMetrics as &dyn layout::metrics::Metrics,
            &GridMetrics::default(),
        ] {
            let on = |threads| {
                let g = layout::layout_on(&d, metrics, threads).unwrap();
                archc::json::layout(&d, &g)
            };
            let one = on(1);
            for threads in [2, 3, 8] {
                assert!(one == on(threads), "{threads} threads differ from one");
            }
        }
    }
}

mod random {
    use super::*;
    use common::random::diagram;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn random_diagrams_lay_out_soundly(source in diagram()) {
            assert_sound(&source, &source);
        }
    }
}

#[test]
fn pathological_sizes_are_refused_with_a_clear_error() {
    let source: String = (0..=layout::MAX_NODES)
        .map(|i| format!("service n{i}\n"))
        .collect();
    let compiled = archc::compile(&source);
    assert!(!compiled.has_errors());
    let error = layout::layout(&compiled.diagram, &PixelMetrics).expect_err("too large");
    let message = error.to_string();
    assert!(
        message.contains("too large to lay out") && message.contains("50000"),
        "{message}"
    );
}
