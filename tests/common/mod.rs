//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod random;

use archc::report::{self, Style};
use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (relative to the root) with the extension, sorted.
pub fn files(dir: &str, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// The file name without its extension.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// Every diagnostic of `source`, rendered as the terminal shows them without colour.
pub fn render(source: &str, name: &str) -> String {
    let compiled = archc::compile(source);
    let style = Style {
        color: false,
        width: 90,
    };
    compiled
        .diagnostics
        .iter()
        .map(|d| report::human(d, source, name, style))
        .collect::<Vec<_>>()
        .join("\n")
}
