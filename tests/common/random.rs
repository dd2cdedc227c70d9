//! Random diagrams for property tests.

use proptest::prelude::*;

/// A random diagram: up to 14 declarations nested in up to 4 groups, with ports,
/// labelled arrows of every operator, cycles, self-loops and arrows to groups.
pub fn diagram() -> impl Strategy<Value = String> {
    let decls = prop::collection::vec((0usize..5, 0usize..3, any::<bool>()), 1..14);
    let arrows = prop::collection::vec(
        (
            0usize..20,
            0usize..20,
            0usize..4,
            any::<bool>(),
            any::<bool>(),
        ),
        0..24,
    );
    (
        decls,
        arrows,
        any::<bool>(),
        prop::collection::vec(0usize..3, 4),
    )
        .prop_map(|(decls, arrows, right, directions)| {
            let mut groups: Vec<Vec<String>> = vec![Vec::new(); 4];
            let mut top = Vec::new();
            let mut names = Vec::new();
            for (i, (group, ports, long)) in decls.iter().enumerate() {
                let label = if *long {
                    "a much longer label that has to wrap somewhere"
                } else {
                    "short"
                };
                let body = if *ports > 0 {
                    format!(
                        " {{ {} }}",
                        (0..*ports)
                            .map(|p| format!("port p{p}"))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                } else {
                    String::new()
                };
                let line = format!("service n{i} \"{label}\"{body}");
                let qualified = if *group < 4 {
                    format!("g{group}.n{i}")
                } else {
                    format!("n{i}")
                };
                names.push((qualified, *ports));
                if *group < 4 {
                    groups[*group].push(line);
                } else {
                    top.push(line);
                }
            }
            let mut source = String::new();
            if right {
                source.push_str("direction right\n");
            }
            for (g, members) in groups.iter().enumerate() {
                // Group 1 nests inside group 0.
                if g == 1 {
                    continue;
                }
                let direction =
                    |g: usize| ["", " [direction = right]", " [direction = down]"][directions[g]];
                source.push_str(&format!(
                    "group g{g}{} {{\n{}\n",
                    direction(g),
                    members.join("\n")
                ));
                if g == 0 {
                    source.push_str(&format!(
                        "group g1{} {{\n{}\n}}\n",
                        direction(1),
                        groups[1].join("\n")
                    ));
                }
                source.push_str("}\n");
            }
            for line in &top {
                source.push_str(line);
                source.push('\n');
            }
            let mut all: Vec<(String, usize)> = names
                .iter()
                .map(|(n, p)| (n.replace("g1.", "g0.g1."), *p))
                .collect();
            all.extend((0..4).map(|g| {
                (
                    if g == 1 {
                        "g0.g1".to_owned()
                    } else {
                        format!("g{g}")
                    },
                    0,
                )
            }));
            let ops = ["->", "~>", "<->", "<~>"];
            for (a, b, op, labelled, use_port) in arrows {
                let (from, fp) = &all[a % all.len()];
                let (to, tp) = &all[b % all.len()];
                let to = if use_port && *tp > 0 {
                    format!("{to}.p{}", b % tp)
                } else {
                    to.clone()
                };
                let from = if use_port && *fp > 0 {
                    format!("{from}.p0")
                } else {
                    from.clone()
                };
                let label = if labelled { " : \"calls\"" } else { "" };
                source.push_str(&format!("{from} {} {to}{label}\n", ops[op]));
            }
            source
        })
}
