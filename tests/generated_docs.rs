//! The reference pages and the pictures in docs/images/ are generated from the code and
//! must be current: `ARCHC_UPDATE_DOCS=1 cargo test --test generated_docs` (or
//! `scripts/update-docs`) regenerates them.

mod common;

use archc::render::{self, Options, Overlay, Theme};

fn check(name: &str, generated: impl AsRef<[u8]>) {
    let path = common::root().join("docs").join(name);
    if std::env::var_os("ARCHC_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).expect("docs are writable");
        std::fs::write(&path, generated.as_ref()).expect("docs are writable");
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated.as_ref(),
        "docs/{name} is stale: run `ARCHC_UPDATE_DOCS=1 cargo test --test generated_docs`"
    );
}

fn picture(source: &str, theme: Theme, legend: bool, annotate: bool) -> Vec<u8> {
    let diagram = archc::compile(source).diagram;
    let overlay = Overlay {
        findings: if annotate {
            render::annotations(&diagram, &archc::lint::lint(&diagram))
        } else {
            Vec::new()
        },
        ..Overlay::default()
    };
    let svg = render::draw(&diagram, &Options { theme, legend }, Some(&overlay)).expect("lays out");
    render::png(&svg, 1.0).expect("rasterises")
}

#[test]
fn pictures_are_current() {
    for path in common::files("examples", "arch") {
        let name = common::stem(&path);
        let source = std::fs::read_to_string(&path).unwrap();
        check(
            &format!("images/{name}.png"),
            picture(&source, Theme::Light, false, false),
        );
        if name == "scaling-startup" {
            for theme in [Theme::Dark, Theme::Whiteboard] {
                check(
                    &format!("images/{name}-{}.png", theme.name()),
                    picture(&source, theme, true, false),
                );
            }
        }
        if name == "fintech-before" {
            check(
                &format!("images/{name}-annotated.png"),
                picture(&source, Theme::Light, false, true),
            );
        }
    }
    let gallery = std::fs::read_to_string(common::root().join("docs/gallery.arch")).unwrap();
    check(
        "images/shapes.png",
        picture(&gallery, Theme::Light, false, false),
    );
    check(
        "images/shapes-whiteboard.png",
        picture(&gallery, Theme::Whiteboard, false, false),
    );
}

#[test]
fn reference_is_current() {
    check("reference.md", archc::docgen::reference());
}

#[test]
fn rules_page_is_current() {
    check("rules.md", archc::docgen::rules());
}

#[test]
fn diagnostics_list_is_current() {
    check("diagnostics.md", archc::docgen::diagnostics());
}
