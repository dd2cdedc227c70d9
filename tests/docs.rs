//! Every `arch` code block in the documentation compiles: blocks marked `arch` must have no
//! error, blocks marked `arch,fails` must have at least one.

mod common;

#[test]
fn documentation_code_blocks_compile() {
    let mut checked = 0;
    for path in common::files("docs", "md")
        .into_iter()
        .chain([common::root().join("README.md")])
    {
        let text = std::fs::read_to_string(&path).expect("a doc is readable");
        let mut lines = text.lines().enumerate();
        while let Some((start, line)) = lines.next() {
            let Some(info) = line.trim_start().strip_prefix("```arch") else {
                continue;
            };
            let expect_errors = info.trim() == ",fails";
            let block: Vec<&str> = lines
                .by_ref()
                .map(|(_, l)| l)
                .take_while(|l| !l.trim_start().starts_with("```"))
                .collect();
            let source = block.join("\n");
            let compiled = archc::compile(&source);
            let place = format!("{}:{}", path.display(), start + 1);
            if expect_errors {
                assert!(
                    compiled.has_errors(),
                    "{place}: this block should fail to compile"
                );
            } else {
                assert!(
                    compiled.diagnostics.is_empty(),
                    "{place}:\n{}",
                    common::render(&source, &place)
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} blocks found");
}
