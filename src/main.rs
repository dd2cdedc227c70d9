//! The `archc` command line: reads files, calls the library, prints and exits.
//!
//! Exit codes: 0 when no error, 1 when a diagram has errors, 2 for usage errors and files
//! that cannot be read or written.

use archc::diagnostic::LineIndex;
use archc::{report, Compilation, Diagnostic, Severity};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc, not the system's allocator: the layout's many small vectors come and go
/// faster (see the comment in Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES: &str = "\
Examples:
  archc check examples/scaling-startup.arch
  archc check --format json examples/*.arch
  archc build examples/solo-dev-mvp.arch --format json -o model.json
  cat design.arch | archc check -";

#[derive(Parser)]
#[command(
    name = "archc",
    version,
    about = "Compile architecture descriptions: check them, critique them, draw them.",
    after_help = EXAMPLES,
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile files and report problems.
    #[command(
        after_help = "Examples:\n  archc check examples/black-friday.arch\n  archc check --format json a.arch b.arch\n  archc check -   (reads standard input)"
    )]
    Check {
        /// The .arch files to check; `-` reads standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
        /// The rule levels to use (an `archc.toml`); by default the `archc.toml` next to
        /// each file or in a directory above it.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Fail (exit 1) on warnings too: `--deny warnings`.
        #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
        deny: Option<String>,
    },
    /// Fail parts of a design and see what goes down and which entry flows break.
    #[command(
        name = "what-if",
        after_help = "Examples:\n  archc what-if examples/multi-region.arch --fail zone:use1b\n  archc what-if design.arch --fail db --fail zone:a\n\nA NAME is a component or host (as in an arrow: `db`, `eks.critical.payment`), `zone:NAME` or `region:NAME`."
    )]
    WhatIf {
        /// The .arch file; `-` reads standard input.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// What fails: a component, `zone:NAME` or `region:NAME`. Repeatable.
        #[arg(long = "fail", value_name = "NAME", required = true)]
        fail: Vec<String>,
        /// How to print the outcome.
        #[arg(long, value_enum, default_value_t = DataFormat::Human)]
        format: DataFormat,
    },
    /// List the architecture rules of the linter.
    Rules {
        /// How to print them.
        #[arg(long, value_enum, default_value_t = DataFormat::Human)]
        format: DataFormat,
    },
    /// Print a rule's documentation, by code or name (`archc explain REL001`).
    Explain {
        /// The rule's code (`REL001`) or name (`single-point-of-failure`).
        #[arg(value_name = "RULE")]
        rule: String,
    },
    /// Compile a file and write an output.
    #[command(
        after_help = "Examples:\n  archc build design.arch                      (draw it in the terminal)\n  archc build design.arch --charset ascii --width 80\n  archc build design.arch --format tree\n  archc build design.arch -o design.svg        (or .png, .json, .txt)\n  archc build design.arch -o review.png --annotate --theme whiteboard\n  archc build - --format json -o -            (standard input to standard output)"
    )]
    Build {
        /// The .arch file; `-` reads standard input.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Where to write; `-` (the default) is standard output. Written atomically: a
        /// failed build leaves no partial file.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The output format; by default taken from the output's extension, else a
        /// drawing for the terminal.
        #[arg(long, value_enum)]
        format: Option<BuildFormat>,
        /// Draw a failure (SVG and PNG): a component, `zone:NAME` or `region:NAME`,
        /// repeatable. What fails is crossed out, what goes down with it is highlighted.
        #[arg(long = "what-if", value_name = "NAME")]
        what_if: Vec<String>,
        #[command(flatten)]
        draw: DrawArgs,
    },
    /// Convert a Graphviz DOT file to archc source.
    #[command(
        after_help = "Examples:\n  archc import graph.dot > graph.arch\n  archc import graph.dot -o graph.arch\n\nClusters become groups, labels and rankdir are kept; what archc cannot express is\nreported as a warning and left out."
    )]
    Import {
        /// The .dot file; `-` reads standard input.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Where to write the archc source; `-` (the default) is standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
}

/// How `build` draws (SVG and PNG).
#[derive(Clone, Debug, clap::Args)]
struct DrawArgs {
    /// The look of the drawing.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    theme: ThemeArg,
    /// Add a legend of the kinds and arrow styles used.
    #[arg(long)]
    legend: bool,
    /// Draw the linter's findings on the picture: the components involved outlined, a
    /// badge with the rule code, and the findings listed under the drawing.
    #[arg(long)]
    annotate: bool,
    /// The rule levels for --annotate (default: the nearest archc.toml).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// PNG pixels per unit (2 for high-density screens).
    #[arg(long, default_value_t = 1.0, value_name = "FACTOR")]
    scale: f32,
    /// The characters of a terminal drawing.
    #[arg(long, value_enum, default_value_t = CharsetArg::Unicode)]
    charset: CharsetArg,
    /// The columns a terminal drawing may take (default: the terminal's width, or 100).
    #[arg(long, value_name = "N")]
    width: Option<usize>,
    /// Colour a terminal drawing.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ThemeArg {
    /// Dark text on white.
    Light,
    /// Light text on a dark background.
    Dark,
    /// Hand-drawn strokes and a handwriting font.
    Whiteboard,
}

/// The output of `rules` and `what-if`.
#[derive(Clone, Copy, ValueEnum)]
enum DataFormat {
    /// Text for people.
    Human,
    /// JSON for machines.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// Like rustc: the source line with the problem underlined.
    Human,
    /// One JSON object with a `diagnostics` array.
    Json,
    /// SARIF 2.1.0, as GitHub code scanning reads it (`archc check` only).
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum BuildFormat {
    /// The resolved model (docs/model-json.md).
    Json,
    /// The laid-out geometry (docs/layout-json.md).
    Layout,
    /// The drawing as SVG, fonts embedded.
    Svg,
    /// The drawing as PNG.
    Png,
    /// A drawing in box-drawing characters, for a terminal (the default on standard output).
    Text,
    /// The same drawing in plain ASCII.
    Ascii,
    /// The containment tree, with each component's arrows under it.
    Tree,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CharsetArg {
    Unicode,
    Ascii,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorArg {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            files,
            format,
            deny,
            config,
        } => check(&files, format, deny.is_some(), config.as_deref()),
        Command::Rules { format } => rules(format),
        Command::WhatIf { file, fail, format } => what_if(&file, &fail, format),
        Command::Explain { rule } => explain(&rule),
        Command::Build {
            file,
            output,
            format,
            what_if,
            draw,
        } => build(&file, output.as_deref(), format, &what_if, &draw),
        Command::Import { file, output } => import(&file, output.as_deref()),
    }
}

/// A source file read and compiled.
struct Compiled {
    name: String,
    text: String,
    result: Compilation,
    /// Per diagnostic: the components a lint finding is about.
    components: Vec<Vec<String>>,
    /// Per diagnostic: the reason of the suppression that silences it.
    suppressed: Vec<Option<String>>,
}

/// What the CLI keeps beside a diagnostic: its components and its suppression's reason.
type Extra = (Vec<String>, Option<String>);

impl Compiled {
    /// The diagnostics that count: those no `# allow(...)` comment suppresses.
    fn active(&self) -> impl Iterator<Item = &Diagnostic> {
        self.result
            .diagnostics
            .iter()
            .zip(&self.suppressed)
            .filter(|(_, s)| s.is_none())
            .map(|(d, _)| d)
    }

    /// Runs the linter when the file compiled without errors, and merges its findings
    /// into the diagnostics in source order.
    fn lint(&mut self, config: &archc::lint::config::Config) {
        if self.result.has_errors() {
            return;
        }
        let mut all: Vec<(Diagnostic, Extra)> = std::mem::take(&mut self.result.diagnostics)
            .into_iter()
            .map(|d| (d, (Vec::new(), None)))
            .collect();
        all.extend(
            archc::lint::lint_with(&self.result.diagram, config)
                .into_iter()
                .map(|l| (l.diagnostic, (l.components, l.suppressed))),
        );
        all.sort_by_key(|(d, _)| d.primary.span.start);
        let (diagnostics, extra): (Vec<Diagnostic>, Vec<Extra>) = all.into_iter().unzip();
        self.result.diagnostics = diagnostics;
        (self.components, self.suppressed) = extra.into_iter().unzip();
    }
}

/// Reads and compiles a file; a file that cannot be read is reported and gives `None`.
fn compile_file(path: &Path) -> Option<Compiled> {
    let (name, bytes) = match read_input(path) {
        Ok(read) => read,
        Err(message) => {
            eprintln!("archc: error: {message}");
            return None;
        }
    };
    let (text, decode_error) = archc::decode(&bytes);
    let mut result = archc::compile(&text);
    if let Some(error) = decode_error {
        result.diagnostics.insert(0, error);
    }
    let components = vec![Vec::new(); result.diagnostics.len()];
    let suppressed = vec![None; result.diagnostics.len()];
    Some(Compiled {
        name,
        text: text.into_owned(),
        result,
        components,
        suppressed,
    })
}

fn read_input(path: &Path) -> Result<(String, Vec<u8>), String> {
    let limit = archc::syntax::MAX_SOURCE_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(("<stdin>".to_owned(), bytes));
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|e| format!("cannot read `{name}`: {}", io_reason(&e)))?;
    if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(format!("cannot read `{name}`: it is a directory"));
    }
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read `{name}`: {}", io_reason(&e)))?;
    Ok((name, bytes))
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

fn human_style() -> report::Style {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    report::Style { color, width: 100 }
}

fn print_human(compiled: &Compiled) {
    let style = human_style();
    let mut stderr = std::io::stderr().lock();
    for diagnostic in compiled.active() {
        let _ = write!(
            stderr,
            "{}",
            report::human(diagnostic, &compiled.text, &compiled.name, style)
        );
    }
}

fn summary(diagnostics: &[&Diagnostic]) -> Option<String> {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    match (errors, warnings) {
        (0, 0) => None,
        (0, w) => Some(plural(w, "warning")),
        (e, 0) => Some(plural(e, "error")),
        (e, w) => Some(format!("{}, {}", plural(e, "error"), plural(w, "warning"))),
    }
}

fn check(
    files: &[PathBuf],
    format: ReportFormat,
    deny_warnings: bool,
    config: Option<&Path>,
) -> ExitCode {
    let mut unreadable = false;
    let mut has_errors = false;
    let mut json_items = Vec::new();
    let mut all: Vec<&Diagnostic> = Vec::new();
    let mut suppressed_count = 0;
    let mut bad_config = false;
    let compiled: Vec<Compiled> = files
        .iter()
        .filter_map(|f| {
            let mut c = compile_file(f);
            unreadable |= c.is_none();
            if let Some(c) = &mut c {
                match load_config(f, config) {
                    Ok(levels) => c.lint(&levels),
                    Err(message) => {
                        eprintln!("archc: error: {message}");
                        bad_config = true;
                    }
                }
            }
            c
        })
        .collect();
    for c in &compiled {
        has_errors |= c.active().any(|d| {
            d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
        });
        all.extend(c.active());
        suppressed_count += c.suppressed.iter().filter(|s| s.is_some()).count();
        match format {
            ReportFormat::Human => print_human(c),
            // Written once for all files, below.
            ReportFormat::Sarif => {}
            ReportFormat::Json => {
                let lines = LineIndex::new(&c.text);
                json_items.extend(
                    c.result
                        .diagnostics
                        .iter()
                        .zip(c.components.iter().zip(&c.suppressed))
                        .map(|(d, (components, suppressed))| {
                            let mut item = report::json(d, &lines, &c.name, components);
                            item["suppressed"] = serde_json::json!(suppressed
                                .as_ref()
                                .map(|reason| serde_json::json!({ "reason": reason })));
                            item
                        }),
                );
            }
        }
    }
    if let ReportFormat::Sarif = format {
        let files: Vec<report::SarifFile<'_>> = compiled
            .iter()
            .map(|c| report::SarifFile {
                name: &c.name,
                text: &c.text,
                diagnostics: c
                    .result
                    .diagnostics
                    .iter()
                    .zip(c.components.iter().zip(&c.suppressed))
                    .map(|(d, (components, suppressed))| {
                        (d, components.as_slice(), suppressed.as_deref())
                    })
                    .collect(),
            })
            .collect();
        stdout(&archc::json::to_string(&report::sarif(&files)));
    }
    match format {
        ReportFormat::Human => match summary(&all) {
            Some(s) => eprintln!(
                "archc: {s} in {}{}",
                plural_files(compiled.len()),
                suppressed_note(suppressed_count)
            ),
            None if !compiled.is_empty() => {
                let notes = all.iter().filter(|d| d.severity == Severity::Info).count();
                let notes = match notes {
                    0 => String::new(),
                    1 => " (1 note)".to_owned(),
                    n => format!(" ({n} notes)"),
                };
                eprintln!(
                    "archc: {} checked, no problems{notes}{}",
                    plural_files(compiled.len()),
                    suppressed_note(suppressed_count)
                )
            }
            None => {}
        },
        ReportFormat::Sarif => {}
        ReportFormat::Json => {
            let value = serde_json::json!({ "diagnostics": json_items });
            stdout(&archc::json::to_string(&value));
        }
    }
    if unreadable || bad_config {
        ExitCode::from(2)
    } else if has_errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The failure units `--fail` names: a component (by a reference-like path), `zone:NAME`
/// or `region:NAME`. Reports the first name that matches nothing or several things.
fn failure_units(
    d: &archc::model::Diagram,
    names: &[String],
    file_name: &str,
) -> Option<Vec<archc::lint::simulate::Unit>> {
    use archc::lint::simulate::Unit;
    use archc::model::schema::{Family, Kind};
    let mut units = Vec::new();
    for name in names {
        let (kind, path) = match name.split_once(':') {
            Some(("zone", p)) => (Some(Kind::Zone), p),
            Some(("region", p)) => (Some(Kind::Region), p),
            _ => (None, name.as_str()),
        };
        // Like a reference: the last part is the name, the others enclose it in order.
        let wanted: Vec<&str> = path.split('.').collect();
        let matches: Vec<&archc::model::Node> = d
            .nodes
            .iter()
            .filter(|n| {
                kind.is_none_or(|k| n.kind == k)
                    && (kind.is_some() || n.kind.family() != Family::Group)
            })
            .filter(|n| {
                let mut parts: Vec<&str> = n.qualified.split('.').collect();
                let mut want = wanted.clone();
                if parts.pop() != want.pop() {
                    return false;
                }
                want.iter().rev().all(|w| {
                    while let Some(p) = parts.pop() {
                        if p == *w {
                            return true;
                        }
                    }
                    false
                })
            })
            .collect();
        match matches.as_slice() {
            [one] => units.push(match one.kind {
                Kind::Zone => Unit::Zone(one.id),
                Kind::Region => Unit::Region(one.id),
                _ => Unit::Node(one.id),
            }),
            [] => {
                eprintln!(
                    "archc: error: `{name}` names no component, zone or region of {file_name}"
                );
                return None;
            }
            many => {
                let names: Vec<&str> = many.iter().map(|n| n.qualified.as_str()).collect();
                eprintln!("archc: error: `{name}` is ambiguous: {}", names.join(", "));
                return None;
            }
        }
    }
    Some(units)
}

fn what_if(file: &Path, names: &[String], format: DataFormat) -> ExitCode {
    use archc::lint::simulate::{Facts, Unit};
    use archc::model::schema::Family;
    let Some(compiled) = compile_file(file) else {
        return ExitCode::from(2);
    };
    if compiled.result.has_errors() {
        print_human(&compiled);
        return ExitCode::from(1);
    }
    let d = &compiled.result.diagram;
    let Some(units) = failure_units(d, names, &compiled.name) else {
        return ExitCode::from(2);
    };
    let facts = Facts::new(d);
    let outcome = facts.simulate_all(d, &units);
    let parts: Vec<&archc::model::Node> = d
        .nodes
        .iter()
        .filter(|n| n.kind.family() != Family::Group && !archc::lint::simulate::is_entry(d, n.id))
        .collect();
    let down: Vec<&str> = parts
        .iter()
        .filter(|n| outcome.down[n.id.0])
        .map(|n| n.qualified.as_str())
        .collect();
    // Parts placed in a failed zone or region that redundancy kept up (a standby took
    // over, or replicas in other zones carry on).
    let placed_in = |n: &archc::model::Node, area: archc::model::NodeId| {
        d.encloses(area, n.id)
            || matches!(n.attrs.get("zones"), Some(archc::model::AttrValue::List(items)) if items.iter().any(|i| matches!(i, archc::model::AttrValue::Ref(r) if *r == area)))
    };
    let areas: Vec<archc::model::NodeId> = units
        .iter()
        .filter_map(|u| match u {
            Unit::Zone(z) | Unit::Region(z) => Some(*z),
            Unit::Node(_) => None,
        })
        .collect();
    let kept_up: Vec<&str> = parts
        .iter()
        .filter(|n| !outcome.down[n.id.0] && areas.iter().any(|&a| placed_in(n, a)))
        .map(|n| n.qualified.as_str())
        .collect();
    let up: Vec<&str> = parts
        .iter()
        .filter(|n| !outcome.down[n.id.0] && !kept_up.contains(&n.qualified.as_str()))
        .map(|n| n.qualified.as_str())
        .collect();
    let flow = |f: &archc::lint::simulate::Flow| f.name(d);
    let broken: Vec<String> = outcome.broken.iter().map(flow).collect();
    let kept: Vec<String> = facts
        .flows
        .iter()
        .filter(|f| !outcome.broken.contains(f))
        .map(flow)
        .collect();
    match format {
        DataFormat::Json => stdout(&archc::json::to_string(&serde_json::json!({
            "failed": names,
            "down": down,
            "broken_flows": broken,
            "working_flows": kept,
            "kept_up_by_redundancy": kept_up,
            "survivors": up,
        }))),
        DataFormat::Human => {
            let list = |items: &[String]| {
                if items.is_empty() {
                    "  none\n".to_owned()
                } else {
                    items.iter().map(|i| format!("  {i}\n")).collect()
                }
            };
            let owned = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            stdout(&format!(
                "What if {} fails?\n\nDown ({}):\n{}\nKept up by redundancy in the failed area ({}):\n{}\nEntry flows broken ({}):\n{}\nEntry flows still working ({}):\n{}\nStill up ({}):\n{}",
                names.join(" and "),
                down.len(),
                list(&owned(&down)),
                kept_up.len(),
                list(&owned(&kept_up)),
                broken.len(),
                list(&broken),
                kept.len(),
                list(&kept),
                up.len(),
                list(&owned(&up)),
            ));
        }
    }
    ExitCode::SUCCESS
}

fn rules(format: DataFormat) -> ExitCode {
    let metas: Vec<&archc::lint::RuleMeta> =
        archc::lint::rules::ALL.iter().map(|r| r.meta()).collect();
    match format {
        DataFormat::Human => {
            let lines: String = metas
                .iter()
                .map(|m| {
                    format!(
                        "{:<8} {:<36} {:<12} {:<8} {}\n",
                        m.code,
                        m.name,
                        m.group.name(),
                        m.level.to_string(),
                        m.summary()
                    )
                })
                .collect();
            stdout(&lines);
        }
        DataFormat::Json => {
            let items: Vec<serde_json::Value> = metas
                .iter()
                .map(|m| serde_json::json!({"code": m.code, "name": m.name, "group": m.group.name(), "level": m.level, "summary": m.summary()}))
                .collect();
            stdout(&archc::json::to_string(
                &serde_json::json!({ "rules": items }),
            ));
        }
    }
    ExitCode::SUCCESS
}

fn explain(rule: &str) -> ExitCode {
    match archc::lint::find_rule(rule) {
        Some(m) => {
            let doc: Vec<&str> = m
                .doc
                .lines()
                .map(|l| l.strip_prefix(' ').unwrap_or(l))
                .collect();
            stdout(&format!(
                "# {} {} ({}, {} by default)\n\n{}\n",
                m.code,
                m.name,
                m.group.name(),
                m.level,
                doc.join("\n")
            ));
            ExitCode::SUCCESS
        }
        None => {
            let names: Vec<&str> = archc::lint::rules::ALL
                .iter()
                .flat_map(|r| [r.meta().name, r.meta().code])
                .collect();
            let hint = archc::suggest::closest(rule, names.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            eprintln!("archc: error: no rule `{rule}`{hint} (`archc rules` lists them)");
            ExitCode::from(2)
        }
    }
}

/// The rule levels for a file: `--config`, else the `archc.toml` next to the file or in
/// the nearest directory above it (from the current directory for standard input), else
/// the defaults.
fn load_config(
    file: &Path,
    explicit: Option<&Path>,
) -> Result<archc::lint::config::Config, String> {
    let found = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => {
            let start = if file == Path::new("-") {
                std::env::current_dir().ok()
            } else {
                std::fs::canonicalize(file)
                    .ok()
                    .and_then(|f| f.parent().map(Path::to_path_buf))
            };
            start.and_then(|dir| {
                dir.ancestors()
                    .map(|d| d.join("archc.toml"))
                    .find(|p| p.is_file())
            })
        }
    };
    let Some(path) = found else {
        return Ok(Default::default());
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read `{}`: {}", path.display(), io_reason(&e)))?;
    archc::lint::config::Config::parse(&text).map_err(|errors| {
        errors
            .iter()
            .map(|e| format!("{}:{}: {}", path.display(), e.line, e.message))
            .collect::<Vec<_>>()
            .join("\narchc: error: ")
    })
}

fn suppressed_note(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " (1 finding suppressed)".to_owned(),
        n => format!(" ({n} findings suppressed)"),
    }
}

fn plural_files(n: usize) -> String {
    format!("{n} file{}", if n == 1 { "" } else { "s" })
}

fn build(
    file: &Path,
    output: Option<&Path>,
    format: Option<BuildFormat>,
    what_if: &[String],
    draw: &DrawArgs,
) -> ExitCode {
    let output = output.filter(|o| *o != Path::new("-"));
    let format = match (
        format,
        output
            .and_then(|o| o.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
    ) {
        (Some(f), _) => f,
        (None, None) => match draw.charset {
            CharsetArg::Unicode => BuildFormat::Text,
            CharsetArg::Ascii => BuildFormat::Ascii,
        },
        (None, Some("json")) => BuildFormat::Json,
        (None, Some("svg")) => BuildFormat::Svg,
        (None, Some("png")) => BuildFormat::Png,
        (None, Some("txt")) => match draw.charset {
            CharsetArg::Unicode => BuildFormat::Text,
            CharsetArg::Ascii => BuildFormat::Ascii,
        },
        (None, Some(other)) => {
            eprintln!("archc: error: cannot tell the output format from `.{other}`; give one with --format (json, layout, svg, png, text, ascii, tree)");
            return ExitCode::from(2);
        }
    };
    let drawing = matches!(format, BuildFormat::Svg | BuildFormat::Png);
    if matches!(format, BuildFormat::Png) && output.is_none() && std::io::stdout().is_terminal() {
        eprintln!("archc: error: a PNG is binary; write it to a file with -o, or redirect standard output");
        return ExitCode::from(2);
    }
    if !(draw.scale.is_finite() && draw.scale > 0.0 && draw.scale <= 16.0) {
        eprintln!("archc: error: --scale must be a number above 0 and at most 16");
        return ExitCode::from(2);
    }
    if let Some(out) = output {
        if file != Path::new("-") && same_file(file, out) {
            eprintln!(
                "archc: error: the output `{}` is the input file; refusing to overwrite the source",
                out.display()
            );
            return ExitCode::from(2);
        }
    }
    let Some(compiled) = compile_file(file) else {
        return ExitCode::from(2);
    };
    print_human(&compiled);
    if compiled.result.has_errors() {
        let all: Vec<&Diagnostic> = compiled.result.diagnostics.iter().collect();
        eprintln!(
            "archc: {}; nothing written",
            summary(&all).unwrap_or_default()
        );
        return ExitCode::from(1);
    }
    let diagram = &compiled.result.diagram;
    if !drawing && (!what_if.is_empty() || draw.annotate || draw.legend) {
        eprintln!(
            "archc: error: --what-if, --annotate and --legend draw on the picture, so they need --format svg or png; nothing written"
        );
        return ExitCode::from(2);
    }
    let mut overlay = archc::render::Overlay::default();
    if draw.annotate {
        let config = match load_config(file, draw.config.as_deref()) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("archc: error: {e}");
                return ExitCode::from(2);
            }
        };
        let findings = archc::lint::lint_with(diagram, &config);
        overlay.findings = archc::render::annotations(diagram, &findings);
    }
    if !what_if.is_empty() {
        let Some(units) = failure_units(diagram, what_if, &compiled.name) else {
            return ExitCode::from(2);
        };
        let facts = archc::lint::simulate::Facts::new(diagram);
        let mut failed = facts.direct_all(diagram, &units);
        // The named parts themselves are crossed out, even when redundancy absorbs it, and
        // so is what a failed host runs.
        for unit in &units {
            let (archc::lint::simulate::Unit::Node(id)
            | archc::lint::simulate::Unit::Zone(id)
            | archc::lint::simulate::Unit::Region(id)) = *unit;
            failed[id.0] = true;
            if let archc::lint::simulate::Unit::Node(host) = *unit {
                for n in &diagram.nodes {
                    if diagram.encloses(host, n.id) {
                        failed[n.id.0] = true;
                    }
                }
            }
        }
        let outcome = facts.simulate_all(diagram, &units);
        overlay.impacted = outcome
            .down
            .iter()
            .zip(&failed)
            .map(|(&down, &failed)| down && !failed)
            .collect();
        overlay.failed = failed;
    }
    let theme = match draw.theme {
        ThemeArg::Light => archc::render::Theme::Light,
        ThemeArg::Dark => archc::render::Theme::Dark,
        ThemeArg::Whiteboard => archc::render::Theme::Whiteboard,
    };
    let options = archc::render::Options {
        theme,
        legend: draw.legend,
    };
    if let BuildFormat::Text | BuildFormat::Ascii | BuildFormat::Tree = format {
        return build_text(diagram, output, format, draw);
    }
    let bytes = match format {
        BuildFormat::Text | BuildFormat::Ascii | BuildFormat::Tree => unreachable!("drawn above"),
        BuildFormat::Json => {
            archc::json::to_string(&archc::json::model(diagram, &compiled.text)).into_bytes()
        }
        BuildFormat::Layout | BuildFormat::Svg | BuildFormat::Png => {
            let geometry = match archc::render::layout(diagram, theme) {
                Ok(g) => g,
                Err(e) => {
                    eprintln!("archc: error: {e}; nothing written");
                    return ExitCode::from(1);
                }
            };
            let svg = || archc::render::svg(diagram, &geometry, &options, Some(&overlay));
            match format {
                BuildFormat::Layout => {
                    archc::json::to_string(&archc::json::layout(diagram, &geometry)).into_bytes()
                }
                BuildFormat::Png => match archc::render::png(&svg(), draw.scale) {
                    Ok(png) => png,
                    Err(e) => {
                        eprintln!("archc: error: {e}; nothing written");
                        return ExitCode::from(1);
                    }
                },
                _ => svg().into_bytes(),
            }
        }
    };
    write_output(output, &bytes)
}

/// A terminal drawing or the tree, to standard output or a file.
fn build_text(
    diagram: &archc::Diagram,
    output: Option<&Path>,
    format: BuildFormat,
    draw: &DrawArgs,
) -> ExitCode {
    use archc::render::text::{self, Charset, TextOptions};
    let charset = match (format, draw.charset) {
        (BuildFormat::Ascii, _) | (_, CharsetArg::Ascii) => Charset::Ascii,
        _ => Charset::Unicode,
    };
    if let BuildFormat::Tree = format {
        let tree = archc::render::tree::tree(diagram, charset);
        return write_output(output, tree.as_bytes());
    }
    let terminal = output.is_none() && std::io::stdout().is_terminal();
    let width = draw.width.unwrap_or_else(|| {
        terminal_size::terminal_size()
            .filter(|_| terminal)
            .map_or(100, |(w, _)| usize::from(w.0))
    });
    if width < 10 {
        eprintln!("archc: error: --width must be at least 10 columns");
        return ExitCode::from(2);
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match draw.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => terminal && !no_color,
    };
    let options = TextOptions {
        charset,
        width,
        color,
    };
    let drawing = match text::draw(diagram, &options) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("archc: error: {e}; nothing written");
            if matches!(e, archc::layout::LayoutError::TooManyCells { .. }) {
                eprintln!(
                    "  help: draw it as SVG or PNG (`-o diagram.svg`), or as a tree (`--format tree`)"
                );
            }
            return ExitCode::from(1);
        }
    };
    let code = write_output(output, drawing.text.as_bytes());
    if code != ExitCode::SUCCESS {
        return code;
    }
    if let Some(adjusted) = &drawing.adjusted {
        if drawing.fits {
            eprintln!("archc: note: {adjusted} to fit in {width} columns");
        }
    }
    if !drawing.fits {
        eprintln!(
            "archc: warning: the drawing needs {} columns and does not fit in {width}; this is the narrowest archc could make it (try --format tree, or --width {})",
            drawing.columns, drawing.columns
        );
    }
    if !drawing.missing.is_empty() {
        eprintln!(
            "archc: error: could not draw {}",
            drawing.missing.join(", ")
        );
        return ExitCode::from(1);
    }
    if !drawing.defects.is_empty() {
        eprintln!(
            "archc: error: no drawing archc could make is sound; in this one {} (try --format tree or an SVG)",
            drawing.defects.join("; ")
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn import(file: &Path, output: Option<&Path>) -> ExitCode {
    let output = output.filter(|o| *o != Path::new("-"));
    if let Some(out) = output {
        if file != Path::new("-") && same_file(file, out) {
            eprintln!(
                "archc: error: the output `{}` is the input file; refusing to overwrite it",
                out.display()
            );
            return ExitCode::from(2);
        }
    }
    let (name, bytes) = match read_input(file) {
        Ok(read) => read,
        Err(message) => {
            eprintln!("archc: error: {message}");
            return ExitCode::from(2);
        }
    };
    let imported = match archc::dot::import(&String::from_utf8_lossy(&bytes)) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("archc: error: {name}:{error}; nothing written");
            return ExitCode::from(1);
        }
    };
    for (line, warning) in &imported.warnings {
        eprintln!("archc: warning: {name}:{line}: {warning}");
    }
    write_output(output, imported.source.as_bytes())
}

/// Prints to standard output; a closed pipe (`archc rules | head`) is not an error.
fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// Writes to the output file atomically, or to standard output.
fn write_output(output: Option<&Path>, bytes: &[u8]) -> ExitCode {
    match output {
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(bytes)
                .and_then(|_| stdout.flush())
                .is_err()
            {
                return ExitCode::from(2);
            }
        }
        Some(out) => {
            if let Err(e) = write_atomically(out, bytes) {
                eprintln!("archc: error: cannot write `{}`: {e}", out.display());
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes to a temporary file beside `path`, then renames it into place, so that readers
/// never see a partial file and a failure leaves the old file untouched.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the output has no file name"))?;
    let temp = dir.join(format!(
        ".{}.archc-{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
