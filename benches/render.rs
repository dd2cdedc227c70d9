//! SVG and PNG rendering of every example (the largest is the target: SVG under 5 ms, PNG
//! under 50 ms), excluding process start and layout; then terminal drawings (layout on
//! cells included: under 2 ms for the largest example, under 200 ms for 1,000
//! components). Run with `cargo bench --bench render`.

use archc::render::text::{self, Charset, TextOptions};
use archc::render::{self, Options, Theme};
use std::fmt::Write;
use std::time::Instant;

/// The median time of `f` in milliseconds over enough runs to take about half a second.
fn median_ms(mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    f();
    let once = start.elapsed().as_secs_f64();
    let runs = ((0.5 / once.max(1e-6)) as usize).clamp(5, 2000);
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut examples: Vec<_> = std::fs::read_dir(root.join("examples"))
        .expect("examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "arch"))
        .collect();
    examples.sort();
    println!(
        "{:<20} {:>6} {:>9} {:>9} {:>9} {:>10} {:>10}",
        "example", "nodes", "layout", "svg", "png", "svg bytes", "png bytes"
    );
    for path in examples.clone() {
        let source = std::fs::read_to_string(&path).expect("readable");
        let diagram = archc::compile(&source).diagram;
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        for theme in [Theme::Light, Theme::Whiteboard] {
            let geometry = render::layout(&diagram, theme).expect("lays out");
            let options = Options {
                theme,
                legend: false,
            };
            let svg = render::svg(&diagram, &geometry, &options, None);
            let png = render::png(&svg, 1.0).expect("rasterises");
            let layout_ms = median_ms(|| {
                std::hint::black_box(render::layout(&diagram, theme).unwrap());
            });
            let svg_ms = median_ms(|| {
                std::hint::black_box(render::svg(&diagram, &geometry, &options, None));
            });
            let png_ms = median_ms(|| {
                std::hint::black_box(render::png(&svg, 1.0).unwrap());
            });
            println!(
                "{:<20} {:>6} {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>10} {:>10}",
                format!("{name} ({})", &theme.name()[..1]),
                diagram.nodes.len(),
                layout_ms,
                svg_ms,
                png_ms,
                svg.len(),
                png.len()
            );
        }
    }

    terminal(&examples);
}

/// A layered design of `n` components in groups of ten, about 1.5 arrows each.
fn design(n: usize) -> String {
    let mut s = String::new();
    let per_layer = ((n as f64).sqrt() * 1.5).ceil() as usize;
    for i in 0..n {
        if i % 10 == 0 {
            if i > 0 {
                s.push_str("}\n");
            }
            let _ = writeln!(s, "group g{} {{", i / 10);
        }
        let kind = ["service", "database", "queue", "cache"][i % 4];
        let _ = writeln!(s, "  {kind} c{i} \"component {i}\"");
    }
    s.push_str("}\n");
    for i in per_layer..n {
        let _ = writeln!(
            s,
            "g{}.c{} -> g{}.c{}",
            (i - per_layer) / 10,
            i - per_layer,
            i / 10,
            i
        );
        if i % 2 == 0 {
            let j = i - per_layer + (i * 7) % per_layer.min(i - per_layer + 1);
            let _ = writeln!(s, "g{}.c{j} ~> g{}.c{i}", j / 10, i / 10);
        }
    }
    s
}

fn terminal(examples: &[std::path::PathBuf]) {
    println!();
    println!(
        "{:<24} {:>6} {:>12} {:>12} {:>9}",
        "terminal drawing", "nodes", "one layout", "fit to 100", "columns"
    );
    let mut sources: Vec<(String, String)> = examples
        .iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(p).unwrap(),
            )
        })
        .collect();
    sources.push(("generated 1,000".to_owned(), design(1000)));
    for (name, source) in &sources {
        let diagram = archc::compile(source).diagram;
        let wide = TextOptions {
            charset: Charset::Unicode,
            width: 100_000,
            color: false,
        };
        let narrow = TextOptions { width: 100, ..wide };
        let drawing = text::draw(&diagram, &narrow).expect("lays out");
        let once = median_ms(|| {
            std::hint::black_box(text::draw(&diagram, &wide).unwrap());
        });
        let fit = median_ms(|| {
            std::hint::black_box(text::draw(&diagram, &narrow).unwrap());
        });
        println!(
            "{:<24} {:>6} {:>10.2}ms {:>10.2}ms {:>9}",
            name,
            diagram.nodes.len(),
            once,
            fit,
            drawing.columns
        );
    }
}
