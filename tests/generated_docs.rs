//! The reference pages are generated from the code's tables and must be current.

mod common;

fn check(name: &str, generated: String) {
    let path = common::root().join("docs").join(name);
    if std::env::var_os("ARCHC_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("docs are writable");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/{name} is stale: run `ARCHC_UPDATE_DOCS=1 cargo test --test generated_docs`"
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
