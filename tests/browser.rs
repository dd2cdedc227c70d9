//! A browser check: headless Chromium opens each example's SVG, and its screenshot must
//! be the SVG's size, not blank, and close to archc's own PNG of the same SVG (which shows
//! that the embedded fonts load and that browsers draw what was measured).
//!
//! Needs Chromium, so it is ignored by default; `.ci/run` installs Debian's chromium and
//! runs it with `cargo test --test browser -- --ignored`. `ARCHC_CHROMIUM` names another
//! binary.

mod common;

use archc::render::{self, Options, Theme};
use resvg::tiny_skia::Pixmap;
use std::path::PathBuf;
use std::process::Command;

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("ARCHC_CHROMIUM") {
        return PathBuf::from(path);
    }
    for candidate in ["/usr/lib/chromium/chromium", "/usr/bin/chromium"] {
        if std::path::Path::new(candidate).exists() {
            return PathBuf::from(candidate);
        }
    }
    panic!("Chromium not found: install Debian's chromium or set ARCHC_CHROMIUM");
}

/// The share of pixels that differ by more than half the range in some channel.
/// Anti-aliasing differs between rasterisers in small amounts along edges; a font that did
/// not load, or an element drawn elsewhere, differs in large amounts over whole glyphs.
fn difference(a: &Pixmap, b: &Pixmap) -> f64 {
    let far = a
        .pixels()
        .iter()
        .zip(b.pixels())
        .filter(|(x, y)| {
            let (x, y) = (x.demultiply(), y.demultiply());
            x.red().abs_diff(y.red()) > 128
                || x.green().abs_diff(y.green()) > 128
                || x.blue().abs_diff(y.blue()) > 128
        })
        .count();
    far as f64 / a.pixels().len() as f64
}

#[test]
#[ignore = "needs Chromium; run by .ci/run"]
fn chromium_draws_every_example_like_archc() {
    let browser = chromium();
    let dir = std::env::temp_dir().join(format!("archc-browser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut report = Vec::new();
    for path in common::files("examples", "arch") {
        let name = common::stem(&path);
        let source = std::fs::read_to_string(&path).unwrap();
        let diagram = archc::compile(&source).diagram;
        for theme in [Theme::Light, Theme::Whiteboard] {
            let svg = render::draw(
                &diagram,
                &Options {
                    theme,
                    legend: true,
                },
                None,
            )
            .unwrap();
            let ours = Pixmap::decode_png(&render::png(&svg, 1.0).unwrap()).unwrap();
            let (w, h) = (ours.width(), ours.height());
            let svg_path = dir.join(format!("{name}-{}.svg", theme.name()));
            let shot = dir.join(format!("{name}-{}.png", theme.name()));
            std::fs::write(&svg_path, &svg).unwrap();
            let _ = std::fs::remove_file(&shot);
            let out = Command::new(&browser)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--hide-scrollbars",
                    "--log-level=3",
                    &format!("--window-size={w},{h}"),
                    &format!("--screenshot={}", shot.display()),
                ])
                .arg(&svg_path)
                .output()
                .expect("Chromium runs");
            // Chromium exits 0 even when it wrote nothing: the file is the evidence.
            let bytes = std::fs::read(&shot).unwrap_or_else(|_| {
                panic!(
                    "{name}: no screenshot; Chromium said:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                )
            });
            let theirs = Pixmap::decode_png(&bytes).expect("a PNG screenshot");
            assert_eq!((theirs.width(), theirs.height()), (w, h), "{name}: size");
            let background = theirs.pixels()[0];
            let ink = theirs.pixels().iter().filter(|p| **p != background).count();
            assert!(
                ink as f64 > 0.02 * f64::from(w * h),
                "{name}: the screenshot is blank"
            );
            let diff = difference(&ours, &theirs);
            report.push(format!("{name} ({}): {:.2}%", theme.name(), diff * 100.0));
            // Measured: at most 0.3% with the embedded fonts, 1.4% when the light
            // theme's font is left out and the browser falls back to its own.
            assert!(
                diff < 0.005,
                "{name} ({}): {:.2}% of Chromium's pixels differ from archc's PNG",
                theme.name(),
                diff * 100.0
            );
        }
    }
    println!(
        "pixels that differ, Chromium vs archc PNG:\n{}",
        report.join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
