//! The command line as a user runs it: exit codes, formats, standard input and output, and
//! never a partial or overwritten file.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn archc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_archc"))
        .args(args)
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .output()
        .expect("archc runs")
}

fn archc_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_archc"))
        .args(args)
        .current_dir(common::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("archc runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("archc-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_exit_codes() {
    assert_eq!(
        archc(&["check", "examples/scaling-startup.arch"])
            .status
            .code(),
        Some(0)
    );
    let broken = archc(&[
        "check",
        "tests/fixtures/diagnostics/E103-unknown-reference.arch",
    ]);
    assert_eq!(broken.status.code(), Some(1));
    let stderr = text(&broken.stderr);
    assert!(stderr.contains("error[E103] unknown-reference"), "{stderr}");
    assert!(
        stderr.contains("tests/fixtures/diagnostics/E103-unknown-reference.arch:3:8"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `orders`?"), "{stderr}");
    // Warnings alone do not fail.
    assert_eq!(
        archc(&[
            "check",
            "tests/fixtures/diagnostics/W201-unknown-attribute.arch"
        ])
        .status
        .code(),
        Some(0)
    );
    // Unreadable files and usage errors exit with 2.
    let missing = archc(&["check", "no/such/file.arch"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read `no/such/file.arch`: no such file"));
    assert_eq!(archc(&["check"]).status.code(), Some(2));
    assert_eq!(archc(&["check", "examples"]).status.code(), Some(2));
    assert_eq!(archc(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn check_json_lists_every_diagnostic_with_its_position() {
    let out = archc(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/diagnostics/E105-unknown-port.arch",
        "examples/solo-dev-mvp.arch",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let items = value["diagnostics"]
        .as_array()
        .expect("a diagnostics array");
    // Two compiler errors in the first file; the linter's findings on the second (it
    // compiles), each with the components it is about.
    assert_eq!(
        items
            .iter()
            .filter(|i| i["file"] == "tests/fixtures/diagnostics/E105-unknown-port.arch")
            .count(),
        2
    );
    let spof = items
        .iter()
        .find(|i| i["code"] == "REL001")
        .expect("the solo-dev EC2 finding");
    assert_eq!(spof["severity"], "info");
    assert_eq!(spof["name"], "single-point-of-failure");
    assert_eq!(spof["components"], serde_json::json!(["ec2"]));
    assert_eq!(items[0]["components"], serde_json::json!([]));
    let first = &items[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "E105");
    assert_eq!(first["name"], "unknown-port");
    assert_eq!(first["message"], "`api` has no port `htp`");
    assert_eq!(
        first["file"],
        "tests/fixtures/diagnostics/E105-unknown-port.arch"
    );
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(4), Some(12))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(4), Some(15))
    );
    assert!(first["help"].as_str().unwrap().contains("api.http"));
}

#[test]
fn standard_input_and_output() {
    let out = archc_stdin(&["check", "-"], "service api\ndatabase db\napi -> dbb\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("<stdin>:3:8"));
    let out = archc_stdin(
        &["build", "-", "--format", "json", "-o", "-"],
        "service api\ndatabase db\napi -> db\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let model: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a model on stdout");
    assert_eq!(model["arrows"][0]["to"], "db");
    // With no output named, the drawing goes to the terminal.
    let out = archc_stdin(&["build", "-"], "service api\ndatabase db\napi -> db\n");
    assert_eq!(out.status.code(), Some(0));
    let drawing = text(&out.stdout);
    assert!(
        drawing.contains("[db] db") && drawing.contains('▼'),
        "{drawing}"
    );
}

#[test]
fn build_writes_the_model_atomically_and_never_on_error() {
    let dir = temp_dir("build");
    let out = dir.join("model.json");
    let ok = archc(&[
        "build",
        "examples/fintech-after.arch",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(model["format"], "archc-model");

    // A failed build leaves the previous output untouched and no temporary file behind.
    let before = std::fs::read(&out).unwrap();
    let bad = dir.join("bad.arch");
    std::fs::write(&bad, "service api\napi -> nowhere\n").unwrap();
    let failed = archc(&["build", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(text(&failed.stderr).contains("nothing written"));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let fresh = dir.join("fresh.json");
    assert_eq!(
        archc(&[
            "build",
            bad.to_str().unwrap(),
            "-o",
            fresh.to_str().unwrap()
        ])
        .status
        .code(),
        Some(1)
    );
    assert!(!fresh.exists());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn build_refuses_to_overwrite_its_source() {
    let dir = temp_dir("source");
    let source = dir.join("design.arch");
    std::fs::write(&source, "service api\n").unwrap();
    let out = archc(&[
        "build",
        source.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        source.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&source).unwrap(), "service api\n");
}

#[test]
fn build_output_is_deterministic() {
    let a = archc(&["build", "examples/multi-region.arch"]);
    let b = archc(&["build", "examples/multi-region.arch"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn help_and_version() {
    let help = text(&archc(&["--help"]).stdout);
    assert!(help.contains("Examples:") && help.contains("archc check"));
    let version = text(&archc(&["--version"]).stdout);
    assert!(version.starts_with("archc "));
    assert!(text(&archc(&["build", "--help"]).stdout).contains("Examples:"));
}

#[test]
fn build_layout_and_svg() {
    let layout = archc(&[
        "build",
        "examples/scaling-startup.arch",
        "--format",
        "layout",
    ]);
    assert_eq!(layout.status.code(), Some(0), "{}", text(&layout.stderr));
    let g: serde_json::Value = serde_json::from_slice(&layout.stdout).expect("layout JSON");
    assert!(g["width"].as_f64().unwrap() > 0.0);
    let nodes = g["nodes"].as_array().unwrap();
    assert!(nodes
        .iter()
        .any(|n| n["id"] == "db" && n["ports"][0]["name"] == "sql"));
    let edge = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to"] == "db.sql")
        .expect("the port arrow");
    assert!(edge["points"].as_array().unwrap().len() >= 2);
    let dir = temp_dir("svg");
    let out = dir.join("startup.svg");
    assert_eq!(
        archc(&[
            "build",
            "examples/scaling-startup.arch",
            "-o",
            out.to_str().unwrap()
        ])
        .status
        .code(),
        Some(0)
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("RDS PostgreSQL"));
}

#[test]
fn build_png_with_themes_legend_annotations_and_scale() {
    let dir = temp_dir("png");
    let png_size = |bytes: &[u8]| -> (u32, u32) {
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
        let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
        (be(16), be(20))
    };
    // The format comes from the extension, in any case.
    let out = dir.join("startup.PNG");
    let run = archc(&[
        "build",
        "examples/scaling-startup.arch",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let (w, h) = png_size(&std::fs::read(&out).unwrap());
    // --scale 2 doubles both sides; standard output takes a PNG when it is not a terminal.
    let big = archc(&[
        "build",
        "examples/scaling-startup.arch",
        "--format",
        "png",
        "--scale",
        "2",
    ]);
    assert_eq!(big.status.code(), Some(0), "{}", text(&big.stderr));
    assert_eq!(png_size(&big.stdout), (2 * w, 2 * h));
    // Themes, the legend and the findings change the picture; the legend and the findings
    // add room below it.
    let svg = |extra: &[&str]| {
        let mut args = vec!["build", "examples/fintech-before.arch", "--format", "svg"];
        args.extend_from_slice(extra);
        let out = archc(&args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let plain = svg(&[]);
    let dark = svg(&["--theme", "dark"]);
    assert!(dark.contains("#0d1117") && !plain.contains("#0d1117"));
    let board = svg(&["--theme", "whiteboard"]);
    assert!(board.contains(r#"font-family:"Caveat""#));
    let legend = svg(&["--legend"]);
    assert!(legend.contains(r#"class="legend""#) && legend.contains(">database</text>"));
    let annotated = svg(&["--annotate"]);
    assert!(annotated.contains(">REL001</text>") && annotated.contains(">manual-deployment: "));
    // Drawing options need a drawing; a bad scale is refused; nothing is written.
    let json = archc(&["build", "examples/fintech-before.arch", "--annotate"]);
    assert_eq!(json.status.code(), Some(2));
    let bad = dir.join("bad.png");
    let refused = archc(&[
        "build",
        "examples/fintech-before.arch",
        "--scale",
        "0",
        "-o",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("--scale"));
    assert!(!bad.exists());
    let unknown = archc(&["build", "examples/fintech-before.arch", "-o", "x.gif"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("json, layout, svg, png"));
}

#[test]
fn build_draws_in_the_terminal() {
    let run = |args: &[&str]| {
        let out = archc(args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let solo = "examples/solo-dev-mvp.arch";
    // Piped: no colour, 100 columns at most, box drawing.
    let plain = run(&["build", solo]);
    assert!(!plain.contains('\x1b') && plain.contains("─ EC2 t3.micro (Free Tier) ─┐"));
    assert!(plain.lines().all(|l| l.chars().count() <= 100));
    let coloured = run(&["build", solo, "--color", "always"]);
    assert!(coloured.contains("\x1b["));
    let ascii = run(&["build", solo, "--charset", "ascii", "--width", "80"]);
    assert!(ascii.is_ascii() && ascii.lines().all(|l| l.len() <= 80));
    assert_eq!(
        ascii,
        run(&["build", solo, "--format", "ascii", "--width", "80"])
    );
    let tree = run(&["build", solo, "--format", "tree"]);
    assert!(tree.contains("└── EC2 t3.micro (Free Tier) (ec2) [vm]"));
    assert!(tree.contains("-> PostgreSQL (with volume).sql : \"SQL :5432\""));
    // To a file, by its extension.
    let dir = temp_dir("txt");
    let out = dir.join("solo.txt");
    run(&["build", solo, "-o", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), plain);
    // Too narrow: the narrowest drawing, and a warning that says so.
    let narrow = archc(&["build", "examples/microservices-15.arch", "--width", "40"]);
    assert_eq!(narrow.status.code(), Some(0));
    assert!(text(&narrow.stderr).contains("does not fit in 40"));
    assert!(!narrow.stdout.is_empty());
}

#[test]
fn import_dot() {
    let out = archc_stdin(
        &["import", "-"],
        "digraph { rankdir=LR; subgraph cluster_a { label=\"A\"; x -> y } y -> z:p }",
    );
    assert_eq!(out.status.code(), Some(0));
    let source = text(&out.stdout);
    assert!(
        source.contains("direction right") && source.contains("group cluster_a \"A\""),
        "{source}"
    );
    assert!(text(&out.stderr).contains("warning: <stdin>:1: node ports"));
    let compiled = archc::compile(&source);
    assert!(!compiled.has_errors());
    let broken = archc_stdin(&["import", "-"], "digraph { a -> }");
    assert_eq!(broken.status.code(), Some(1));
    assert!(text(&broken.stderr).contains("<stdin>:1:"));
}

#[test]
fn lint_exit_codes_rules_and_explain() {
    // A design with a lint error fails the check; warnings fail only with --deny warnings.
    let dir = temp_dir("lint");
    let bad = dir.join("bad.arch");
    std::fs::write(&bad, "external stripe \"Stripe\" [sends = webhooks]\nservice api [replicas = 2]\nstripe -> api : \"webhook\"\n").unwrap();
    let out = archc(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("error[REL010] unbuffered-webhook"),
        "{}",
        text(&out.stderr)
    );
    let warn = dir.join("warn.arch");
    std::fs::write(&warn, "service api\ndatabase db\ncache orphan\napi -> db\n").unwrap();
    assert_eq!(
        archc(&["check", warn.to_str().unwrap()]).status.code(),
        Some(0)
    );
    assert_eq!(
        archc(&["check", "--deny", "warnings", warn.to_str().unwrap()])
            .status
            .code(),
        Some(1)
    );
    // The rules and their documentation.
    let rules = text(&archc(&["rules"]).stdout);
    assert!(rules.contains("REL001") && rules.contains("single-point-of-failure"));
    let json: serde_json::Value =
        serde_json::from_slice(&archc(&["rules", "--format", "json"]).stdout).unwrap();
    assert!(json["rules"].as_array().unwrap().len() >= 9);
    let doc = text(&archc(&["explain", "REL010"]).stdout);
    assert!(doc.contains("## Why is this bad") && doc.contains("## Use instead"));
    assert_eq!(text(&archc(&["explain", "unbuffered-webhook"]).stdout), doc);
    let unknown = archc(&["explain", "REL01"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("did you mean `REL001`?"));
}

#[test]
fn what_if_shows_what_goes_down() {
    // The seed's grey failure of us-east-1b: no entry flow is lost.
    let out = archc(&[
        "what-if",
        "examples/multi-region.arch",
        "--fail",
        "zone:use1b",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["broken_flows"], serde_json::json!([]));
    assert_eq!(
        v["kept_up_by_redundancy"],
        serde_json::json!(["us-east-1.use1b.aurora"])
    );
    // A whole region: the DNS fails over.
    let v: serde_json::Value = serde_json::from_slice(
        &archc(&[
            "what-if",
            "examples/multi-region.arch",
            "--fail",
            "region:us-east-1",
            "--format",
            "json",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(v["broken_flows"], serde_json::json!([]));
    assert!(v["down"].as_array().unwrap().len() > 5);
    // The fintech EC2 that runs six services.
    let human =
        text(&archc(&["what-if", "examples/fintech-before.arch", "--fail", "ec2-1"]).stdout);
    assert!(
        human.contains("Down (7)") && human.contains("customers -> ec2-1.api-gateway"),
        "{human}"
    );
    // Several failures at once, and names that do not resolve.
    let both = archc(&[
        "what-if",
        "examples/scaling-startup.arch",
        "--fail",
        "api",
        "--fail",
        "db",
    ]);
    assert_eq!(both.status.code(), Some(0));
    let unknown = archc(&[
        "what-if",
        "examples/scaling-startup.arch",
        "--fail",
        "nothing",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("names no component"));
}

#[test]
fn check_writes_sarif_for_code_scanning() {
    let dir = temp_dir("sarif");
    let file = dir.join("design.arch");
    std::fs::write(&file, "person users\n# allow(single-point-of-failure): demo only\nvm box { service api }\nusers -> api\nservice lonely\n").unwrap();
    let out = archc(&["check", "--format", "sarif", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings do not fail the check: {}",
        text(&out.stderr)
    );
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "archc");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let spof_rule = rules
        .iter()
        .find(|r| r["id"] == "REL001")
        .expect("the rule");
    assert!(spof_rule["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Why is this bad"));
    assert_eq!(spof_rule["defaultConfiguration"]["level"], "warning");
    let results = run["results"].as_array().unwrap();
    let spof = results
        .iter()
        .find(|r| r["ruleId"] == "REL001")
        .expect("the suppressed finding is kept");
    assert_eq!(spof["suppressions"][0]["justification"], "demo only");
    assert_eq!(
        spof["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "box"
    );
    assert_eq!(
        spof["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    let orphan = results
        .iter()
        .find(|r| r["ruleId"] == "MOD002")
        .expect("the orphan");
    assert_eq!(orphan["level"], "warning");
    assert!(orphan.get("suppressions").is_none());
    assert_eq!(
        rules[orphan["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "MOD002"
    );
}

#[test]
fn archc_toml_sets_rule_levels() {
    let dir = temp_dir("config");
    std::fs::create_dir_all(dir.join("designs")).unwrap();
    let design = dir.join("designs/a.arch");
    std::fs::write(&design, "service lonely\n").unwrap();
    // Defaults: an orphan is a warning.
    assert_eq!(
        archc(&["check", design.to_str().unwrap()]).status.code(),
        Some(0)
    );
    // The archc.toml of a directory above raises it to an error.
    std::fs::write(
        dir.join("archc.toml"),
        "[rules]\norphaned-component = \"error\" # strict\n",
    )
    .unwrap();
    let strict = archc(&["check", design.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(text(&strict.stderr).contains("error[MOD002]"));
    // --config wins, and can turn a rule off.
    let off = dir.join("off.toml");
    std::fs::write(&off, "[rules]\nMOD002 = \"off\"\n").unwrap();
    let quiet = archc(&[
        "check",
        "--config",
        off.to_str().unwrap(),
        design.to_str().unwrap(),
    ]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(!text(&quiet.stderr).contains("MOD002"));
    // A configuration that cannot be read is a usage error with its line.
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[rules]\nno-such-rule = \"off\"\n").unwrap();
    let out = archc(&[
        "check",
        "--config",
        bad.to_str().unwrap(),
        design.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("bad.toml:2: no rule `no-such-rule`"));
}

#[test]
fn build_what_if_draws_the_failure() {
    let out = archc(&[
        "build",
        "examples/fintech-before.arch",
        "--format",
        "svg",
        "--what-if",
        "ec2-db",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let svg = text(&out.stdout);
    // The failed host's database is crossed out; the services that need it are
    // highlighted; the unaffected notification service is not; arrows into the failure
    // are red.
    let classes = |svg: &str, class: &str| svg.matches(&format!(r#"class="{class}""#)).count();
    assert_eq!(classes(&svg, "node database failed"), 1, "the database");
    assert_eq!(classes(&svg, "frame vm failed"), 1, "its host");
    assert_eq!(
        classes(&svg, "node service impacted") + classes(&svg, "node gateway impacted"),
        7,
        "the 7 services that need the database"
    );
    assert!(
        classes(&svg, "node service") >= 1,
        "the notification service is untouched"
    );
    assert!(svg.contains(r##"marker-end="url(#head-hit)""##));
    // The same drawing without --what-if has none of it, and is deterministic.
    let plain = text(&archc(&["build", "examples/fintech-before.arch", "--format", "svg"]).stdout);
    assert!(
        !plain.contains("failed\"") && !plain.contains("impacted\"") && !plain.contains("edge hit")
    );
    let again = archc(&[
        "build",
        "examples/fintech-before.arch",
        "--format",
        "svg",
        "--what-if",
        "ec2-db",
    ]);
    assert_eq!(again.stdout, out.stdout);
    // It draws, so it needs SVG; a name that matches nothing is refused; nothing written.
    let json = archc(&[
        "build",
        "examples/fintech-before.arch",
        "--what-if",
        "ec2-db",
    ]);
    assert_eq!(json.status.code(), Some(2));
    assert!(text(&json.stderr).contains("need --format svg or png"));
    let unknown = archc(&[
        "build",
        "examples/fintech-before.arch",
        "--format",
        "svg",
        "--what-if",
        "nope",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(unknown.stdout.is_empty());
}

/// A diagram whose terminal drawing would take more than `text::MAX_CELLS` cells (50
/// boxes above 50 others, every one joined to every one: 2,500 arrows, each on a track of
/// its own) is refused quickly, with the size and a way out, and nothing written; its
/// SVG is still drawn.
#[test]
fn a_terminal_drawing_too_large_to_read_is_refused() {
    let dir = temp_dir("too-many-cells");
    let mut source = String::new();
    for side in ["a", "b"] {
        for i in 0..50 {
            source.push_str(&format!("service {side}{i}\n"));
        }
    }
    for i in 0..50 {
        for j in 0..50 {
            source.push_str(&format!("a{i} -> b{j}\n"));
        }
    }
    let file = dir.join("dense.arch");
    std::fs::write(&file, &source).unwrap();
    let out = dir.join("dense.txt");
    let refused = archc(&["build", file.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("too large to draw in a terminal")
            && stderr.contains("limit of 10000000 cells")
            && stderr.contains("--format tree")
            && stderr.contains("nothing written"),
        "{stderr}"
    );
    assert!(!out.exists());
    let svg = dir.join("dense.svg");
    let drawn = archc(&["build", file.to_str().unwrap(), "-o", svg.to_str().unwrap()]);
    assert_eq!(drawn.status.code(), Some(0), "{}", text(&drawn.stderr));
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
}
