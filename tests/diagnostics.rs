//! One fixture per diagnostic: each file under tests/fixtures/diagnostics is named after the
//! code it must produce, and its rendered diagnostics are snapshotted.

mod common;

use archc::diagnostic::Code;

#[test]
fn every_fixture_reports_its_code_and_matches_its_snapshot() {
    for path in common::files("tests/fixtures/diagnostics", "arch") {
        let source = std::fs::read_to_string(&path).expect("a fixture is readable");
        let name = common::stem(&path);
        let compiled = archc::compile(&source);
        assert!(
            !compiled.diagnostics.is_empty(),
            "{name} produced no diagnostic"
        );
        if let Some(code) = name
            .split('-')
            .next()
            .filter(|c| c.len() == 4 && c[1..].bytes().all(|b| b.is_ascii_digit()))
        {
            assert!(
                compiled.diagnostics.iter().any(|d| d.code == code),
                "{name} does not report {code}:\n{}",
                common::render(&source, &name)
            );
        }
        insta::assert_snapshot!(
            name.clone(),
            common::render(&source, &format!("{name}.arch"))
        );
    }
}

#[test]
fn every_code_has_a_fixture_or_a_dedicated_test() {
    let fixtures: Vec<String> = common::files("tests/fixtures/diagnostics", "arch")
        .iter()
        .map(|p| common::stem(p))
        .collect();
    // These two need inputs that do not fit a text fixture; tests below cover them.
    let dedicated = ["E008", "E009"];
    for code in Code::ALL {
        assert!(
            dedicated.contains(&code.code()) || fixtures.iter().any(|f| f.starts_with(code.code())),
            "no fixture for {} ({})",
            code.code(),
            code.name()
        );
    }
}

#[test]
fn input_too_large_is_refused_with_a_diagnostic() {
    let source = "service a\n".repeat(archc::syntax::MAX_SOURCE_BYTES / 10 + 1);
    let compiled = archc::compile(&source);
    assert_eq!(compiled.diagnostics.len(), 1);
    assert_eq!(compiled.diagnostics[0].code, "E008");
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let bytes = b"service api \"caf\xe9\"\ndatabase db\n";
    let (text, error) = archc::decode(bytes);
    let error = error.expect("an invalid UTF-8 diagnostic");
    assert_eq!(error.code, "E009");
    assert_eq!(error.primary.span.start, 16);
    // The rest of the file is still compiled.
    assert!(!archc::compile(&text).has_errors());
}

#[test]
fn recovery_reports_each_broken_line_once_and_keeps_checking() {
    let source = std::fs::read_to_string(
        common::root().join("tests/fixtures/diagnostics/many-errors-recovery.arch"),
    )
    .unwrap();
    let compiled = archc::compile(&source);
    let lines: Vec<usize> = compiled
        .diagnostics
        .iter()
        .map(|d| {
            archc::diagnostic::LineIndex::new(&source)
                .line_col(d.primary.span.start)
                .0
        })
        .collect();
    // Lines 3, 4, 5 and 9 are broken; line 7 references an unknown name.
    assert_eq!(
        lines,
        vec![3, 4, 5, 7, 9],
        "{}",
        common::render(&source, "recovery")
    );
    // `api`, `db` and `redis` were declared on broken lines: no cascade of unknown-reference
    // errors for them (lines 8 and 9), and the valid arrow of line 11 is kept.
    assert_eq!(compiled.diagram.arrows.len(), 1);
    assert_eq!(
        compiled
            .diagram
            .node(compiled.diagram.arrows[0].to.node)
            .name,
        "worker"
    );
}
