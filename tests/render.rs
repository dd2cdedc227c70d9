//! The SVG and PNG renderer: snapshots of every example, rasterisation, determinism, text
//! that fits, Unicode, and hostile input that must stay inert.

mod common;

use archc::layout::metrics::Metrics;
use archc::render::{self, font, Options, Overlay, Theme};
use resvg::tiny_skia::Pixmap;

fn example(name: &str) -> (String, archc::Diagram) {
    let path = common::root().join("examples").join(format!("{name}.arch"));
    let source = std::fs::read_to_string(path).expect("example");
    let diagram = archc::compile(&source).diagram;
    (source, diagram)
}

fn draw(diagram: &archc::Diagram, theme: Theme) -> String {
    render::draw(
        diagram,
        &Options {
            theme,
            legend: false,
        },
        None,
    )
    .expect("lays out")
}

/// The SVG with the embedded fonts' data replaced by its length, for readable snapshots
/// (the fonts are checked by their own tests and by the determinism test).
fn without_font_data(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(at) = rest.find("base64,") {
        out.push_str(&rest[..at + 7]);
        rest = &rest[at + 7..];
        let end = rest.find(')').expect("the data URL ends");
        out.push_str(&format!("<{} characters>", end));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn decode(png: &[u8]) -> Pixmap {
    Pixmap::decode_png(png).expect("a valid PNG")
}

/// How many pixels differ from the top-left one (the background).
fn ink(pixmap: &Pixmap) -> usize {
    let background = pixmap.pixels()[0];
    pixmap.pixels().iter().filter(|p| **p != background).count()
}

fn svg_size(svg: &str) -> (u32, u32) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let root = doc.root_element();
    let number = |name: &str| -> u32 {
        root.attribute(name)
            .expect("a size attribute")
            .parse::<f64>()
            .expect("a number")
            .ceil() as u32
    };
    (number("width"), number("height"))
}

#[test]
fn every_example_matches_its_svg_snapshot() {
    for path in common::files("examples", "arch") {
        let name = common::stem(&path);
        let (_, diagram) = example(&name);
        let svg = draw(&diagram, Theme::Light);
        insta::assert_snapshot!(format!("svg-{name}"), without_font_data(&svg));
    }
}

#[test]
fn every_example_rasterises_in_every_theme() {
    for path in common::files("examples", "arch") {
        let name = common::stem(&path);
        let (_, diagram) = example(&name);
        for theme in Theme::ALL {
            let svg = draw(&diagram, theme);
            let (w, h) = svg_size(&svg);
            let png = render::png(&svg, 1.0).expect("rasterises");
            let pixmap = decode(&png);
            assert_eq!(
                (pixmap.width(), pixmap.height()),
                (w, h),
                "{name} {theme:?}"
            );
            let ratio = ink(&pixmap) as f64 / (w * h) as f64;
            assert!(ratio > 0.02, "{name} {theme:?} is nearly blank: {ratio}");
            // Twice the scale, twice the pixels each way.
            let big = decode(&render::png(&svg, 2.0).unwrap());
            assert_eq!((big.width(), big.height()), (2 * w, 2 * h));
        }
    }
}

#[test]
fn output_is_deterministic() {
    let (_, diagram) = example("fintech-after");
    for theme in Theme::ALL {
        let a = draw(&diagram, theme);
        let b = draw(&diagram.clone(), theme);
        assert_eq!(a, b, "{theme:?} SVG");
        assert_eq!(render::png(&a, 1.0), render::png(&b, 1.0), "{theme:?} PNG");
    }
}

#[test]
fn every_label_fits_its_box() {
    let mut sources: Vec<String> = common::files("examples", "arch")
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    sources.push(UNICODE.to_owned());
    for source in &sources {
        let diagram = archc::compile(source).diagram;
        for theme in Theme::ALL {
            let m = theme.metrics();
            let sp = m.spacing();
            let g = render::layout(&diagram, theme).unwrap();
            for b in &g.nodes {
                let node = diagram.node(b.node);
                if b.frame || node.is_group() {
                    continue;
                }
                let inset = m.insets(node);
                let room = b.rect.width - inset.left - inset.right - sp.box_pad_x;
                let height = b.rect.height - inset.top - inset.bottom;
                for line in &b.lines {
                    let width = m.text_width(line);
                    assert!(
                        width <= room + 0.01,
                        "{theme:?}: `{line}` ({width}) overflows `{}` ({room})",
                        node.qualified
                    );
                }
                assert!(b.lines.len() as f64 * m.line_height() <= height + 0.01);
            }
        }
    }
}

const UNICODE: &str = r#"title "Ünïcödé → 東京 サービス"
person customers "顧客 (お客様)"
service api "Café API ⇒ naïve façade, e\u{301}"
database db "데이터베이스 Ωμέγα"
customers -> api : "注文 → order"
api -> db : "SQL ✓"
"#;

#[test]
fn unicode_labels_are_measured_and_drawn_by_bundled_fonts() {
    let diagram = archc::compile(UNICODE).diagram;
    // Every character is drawn by a bundled font, so the PNG (which has no other font)
    // shows the same text as the SVG.
    for node in &diagram.nodes {
        for c in node.display_label().chars() {
            assert!(
                font::drawn_by(font::FontFile::SansRegular, c).is_some(),
                "{c:?} has no glyph"
            );
        }
    }
    let svg = draw(&diagram, Theme::Light);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(texts.contains(&"顧客 (お客様)"), "{texts:?}");
    assert!(texts.contains(&"데이터베이스 Ωμέγα"));
    // The CJK glyphs come from the fallback font, embedded beside Inter.
    assert!(svg.contains(r#"font-family:"Droid Sans Fallback""#));
    // A wide character is measured a full em, not the width of a Latin letter.
    let m = Theme::Light.metrics();
    assert!(m.text_width("東京") >= 2.0 * m.size - 0.01);
    assert_eq!(m.text_width("e\u{301}"), m.text_width("e"));
    let png = decode(&render::png(&svg, 1.0).unwrap());
    assert!(ink(&png) > 1000);
}

#[test]
fn hostile_labels_stay_inert() {
    let source = r#"title "</title><script>alert(1)</script>"
service a "<script>alert('x')</script>" [link = "javascript:alert(1)", description = "\"><svg onload=alert(1)>"]
service b "\"><svg onload=alert(1)> ]]> &amp; <![CDATA[x]]>" [link = "https://example.com/a\"onmouseover=\"x"]
database c "bidi \u{202E}evil\u{2066} and control \u{7}\u{1b}[31m" [link = "data:text/html,<script>x</script>"]
a -> b : "<img src=x onerror=alert(1)>"
b -> c : "url(javascript:x)"
"#;
    let compiled = archc::compile(source);
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    for theme in Theme::ALL {
        let overlay = Overlay {
            findings: render::annotations(&compiled.diagram, &archc::lint::lint(&compiled.diagram)),
            ..Overlay::default()
        };
        let svg = render::draw(
            &compiled.diagram,
            &Options {
                theme,
                legend: true,
            },
            Some(&overlay),
        )
        .unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        let allowed = [
            "svg", "defs", "style", "marker", "path", "rect", "g", "text", "title", "a", "line",
        ];
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            assert!(allowed.contains(&tag), "unexpected element <{tag}>");
            for attr in node.attributes() {
                let name = attr.name().to_ascii_lowercase();
                assert!(!name.starts_with("on"), "event handler {name}");
                if name == "href" {
                    assert!(attr.value().starts_with("https://"), "{}", attr.value());
                    assert!(!attr.value().contains('"'));
                }
                if attr.value().contains("url(") {
                    assert!(attr.value().starts_with("url(#"), "{}", attr.value());
                }
            }
            if tag == "style" {
                let css = node.text().unwrap_or("");
                assert_eq!(
                    css.matches("url(").count(),
                    css.matches("url(data:font/ttf;base64,").count()
                );
            }
        }
        // Exactly one link: the https one, its quote percent-encoded.
        let links: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].attribute("href"),
            Some("https://example.com/a%22onmouseover=%22x")
        );
        // The text is there, as text, without the control and bidi characters.
        let texts: String = doc
            .descendants()
            .filter(|n| n.has_tag_name("text") || n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.contains("<script>alert('x')</script>"));
        assert!(texts.contains("bidi evil and control [31m"));
        assert!(!texts.contains('\u{202E}') && !texts.contains('\u{7}'));
        render::png(&svg, 1.0).expect("the PNG renders");
    }
}

#[test]
fn overlays_mark_findings_and_failures() {
    let (_, diagram) = example("fintech-before");
    let findings = archc::lint::lint(&diagram);
    let overlay = Overlay {
        findings: render::annotations(&diagram, &findings),
        ..Overlay::default()
    };
    assert!(!overlay.findings.is_empty());
    let svg = render::draw(&diagram, &Options::default(), Some(&overlay)).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    // A badge per component named, and a line per finding in the legend.
    for finding in &overlay.findings {
        assert!(
            texts.iter().filter(|t| **t == finding.code).count() > finding.nodes.len(),
            "{}",
            finding.code
        );
    }
    assert!(texts
        .iter()
        .any(|t| t.starts_with("single-point-of-failure:")));
    // The plain drawing has none of it, and the layout is the same.
    let plain = draw(&diagram, Theme::Light);
    assert!(!plain.contains("single-point-of-failure"));
    assert!(svg.len() > plain.len());
}
