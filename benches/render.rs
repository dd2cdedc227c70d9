//! SVG and PNG rendering of every example (the largest is the target: SVG under 5 ms, PNG
//! under 50 ms), excluding process start and layout. Run with `cargo bench --bench render`.

use archc::render::{self, Options, Theme};
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
    for path in examples {
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
}
