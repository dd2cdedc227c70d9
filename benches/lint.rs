//! Compile plus lint of generated architectures of 100 to 10,000 components, the way an
//! editor would run them on every keystroke. Run with `cargo bench --bench lint`.
//!
//! A generated design: users behind a balancer, layers of services (half of them
//! replicated, some on a shared VM), databases with and without standbys, queues with
//! workers, zones, and about 1.5 arrows per component.

use std::fmt::Write;
use std::time::Instant;

/// The allocator the `archc` binary uses, so that the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn design(n: usize) -> String {
    let mut s = String::from("context [users = 50k, traffic = spiky]\nperson users\nlb alb [health_check]\nzone a\nzone b\nvm shared \"Shared VM\" {\n  service legacy\n}\n");
    let layers = ((n as f64).sqrt() / 2.0).ceil().max(2.0) as usize;
    let per = n.div_ceil(layers);
    let mut state = 42u64;
    let mut next = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m.max(1) as u64) as usize
    };
    let mut names: Vec<Vec<String>> = Vec::new();
    let mut count = 0;
    for layer in 0..layers {
        let mut here = Vec::new();
        for i in 0..per {
            if count >= n {
                break;
            }
            let name = format!("c{layer}_{i}");
            let decl = match (layer + 1 == layers, i % 4) {
                (true, 0) => format!("database {name} [multi_az]"),
                (true, 1) => format!("database {name} [backup = daily]"),
                (_, 2) => format!("queue {name} [dlq]"),
                (_, 3) => {
                    format!("service {name} [replicas = 2..N, autoscale = cpu, zones = [a, b]]")
                }
                _ => format!("service {name}"),
            };
            let _ = writeln!(s, "{decl}");
            here.push(name);
            count += 1;
        }
        names.push(here);
    }
    for name in &names[0] {
        let _ = writeln!(s, "alb -> {name}");
    }
    let _ = writeln!(s, "users -> alb\nusers -> legacy");
    for layer in 0..layers - 1 {
        for (i, name) in names[layer].iter().enumerate() {
            let below = &names[layer + 1];
            let op = if i % 3 == 0 { "~>" } else { "->" };
            let _ = writeln!(s, "{name} {op} {}", below[next(below.len())]);
            if i % 2 == 0 {
                let _ = writeln!(s, "{name} -> {}", below[next(below.len())]);
            }
        }
    }
    s
}

fn main() {
    println!(
        "| components | bytes | arrows | parse (ms) | compile (ms) | lint (ms) | total (ms) | findings |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    // `ARCHC_BENCH_SIZES=1000` (a comma-separated list) times only those sizes, e.g. under
    // a profiler.
    let sizes: Vec<usize> = std::env::var("ARCHC_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1_000, 10_000]);
    for n in sizes {
        let source = design(n);
        let runs = if n <= 1_000 { 200 } else { 3 };
        let (mut best_parse, mut best_compile, mut best_lint) =
            (f64::INFINITY, f64::INFINITY, f64::INFINITY);
        let mut findings = 0;
        let mut arrows = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let parsed = archc::syntax::parse(&source);
            best_parse = best_parse.min(t.elapsed().as_secs_f64());
            assert!(parsed.1.is_empty());
            let t = Instant::now();
            let compiled = archc::compile(&source);
            let c = t.elapsed().as_secs_f64();
            assert!(!compiled.has_errors());
            arrows = compiled.diagram.arrows.len();
            let t = Instant::now();
            findings = archc::lint::lint(&compiled.diagram).len();
            let l = t.elapsed().as_secs_f64();
            best_compile = best_compile.min(c);
            best_lint = best_lint.min(l);
        }
        println!(
            "| {n} | {} | {arrows} | {:.2} | {:.2} | {:.2} | {:.2} | {findings} |",
            source.len(),
            best_parse * 1e3,
            best_compile * 1e3,
            best_lint * 1e3,
            (best_compile + best_lint) * 1e3
        );
    }
}
