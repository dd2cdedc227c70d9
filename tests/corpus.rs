//! Every graph of the external corpus (../shared/corpus, beside the repository in CI)
//! imports, compiles without errors and lays out with every invariant holding.

mod common;

use archc::layout::{self, check, metrics::PixelMetrics};

#[test]
fn every_corpus_graph_imports_and_lays_out_soundly() {
    let corpus = common::root().join("../shared/corpus");
    assert!(
        corpus.is_dir(),
        "the corpus is expected at {}",
        corpus.display()
    );
    let mut count = 0;
    for dir in ["north", "rome", "graphviz", "d2", "ptolemy", "large"] {
        for path in common::files(&format!("../shared/corpus/{dir}"), "dot") {
            let text = std::fs::read_to_string(&path).expect("a corpus file is readable");
            let imported =
                archc::dot::import(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let compiled = archc::compile(&imported.source);
            assert!(
                !compiled.has_errors(),
                "{}: the import does not compile",
                path.display()
            );
            let g = layout::layout(&compiled.diagram, &PixelMetrics)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let problems = check::violations(&compiled.diagram, &g);
            assert!(
                problems.is_empty(),
                "{}:\n{}",
                path.display(),
                problems.join("\n")
            );
            count += 1;
        }
    }
    assert!(count >= 70, "only {count} corpus graphs found");
}
