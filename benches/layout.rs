//! The layout benchmark: every graph of the external corpus (through `archc import`) and a
//! generated scaling series, laid out by archc and, where Graphviz is installed, by dot,
//! with the same quality metrics computed for both drawings.
//!
//! Run with `bench/layout.sh` (installs graphviz when missing) or `cargo bench --bench
//! layout`. Environment: `ARCHC_CORPUS` (default `../shared/corpus`), `ARCHC_BENCH_QUICK=1`
//! (skip the 5,000 and 10,000-node graphs), `ARCHC_DOT_TIMEOUT` (seconds, default 120).
//!
//! Metrics, identical for both tools: crossings are proper intersections between the route
//! polylines of two different edges (dot's B-splines sampled at 16 points per piece);
//! bends are the interior vertices of a polyline (for dot, the joints between spline
//! pieces); length is the total route length divided by the mean node height; area is the
//! drawing's bounding box divided by the total node area (both unit-free, since the two
//! tools size nodes differently). Time is the CPU time of a single-threaded layout, the
//! fastest of up to seven runs, fifteen from 1,000 to 4,999 nodes (archc in-process, from
//! the thread's CPU clock; dot's user + system CPU time for `dot -Tplain` from the kernel's
//! accounting, which includes dot's start-up, printed at the end, and parsing). Each timed
//! archc run is followed by one on every thread the machine offers (`layout::layout`, which
//! lays independent levels out at once), timed by the wall clock: the wall columns, with
//! their ratio to dot's CPU time. The two tools' runs alternate; for the 1,000-node scaling
//! graphs the median ratio of each archc run to the dot run right after it is printed
//! below the table too;
//! memory is the peak heap of the layout (archc, by a counting allocator, in a run of its
//! own after the timed ones, which count nothing) or the peak resident set (dot).

use archc::layout::{self, check, metrics::PixelMetrics};
use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

/// The binary's allocator (mimalloc), counting the bytes in use while `COUNTING` is on (the
/// memory run); the timed runs leave it off, so that they pay for no bookkeeping.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn count(delta: isize) {
    if COUNTING.load(Ordering::Relaxed) {
        let now = CURRENT.fetch_add(delta, Ordering::Relaxed) + delta;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { MiMalloc.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { MiMalloc.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { MiMalloc.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One tool's figures for one graph.
#[derive(Clone, Copy, Default)]
struct Figures {
    crossings: u64,
    /// archc only: crossings in the layer orders, before routing.
    order_crossings: u64,
    bends: u64,
    length: f64,
    area: f64,
    seconds: f64,
    /// archc only: the fastest wall time on every thread the machine offers.
    wall: f64,
    megabytes: f64,
}

/// Polylines and node boxes of a drawing, in any unit.
struct Drawing {
    edges: Vec<Vec<(f64, f64)>>,
    bends: u64,
    nodes: Vec<(f64, f64, f64, f64)>,
    width: f64,
    height: f64,
}

fn figures(d: &Drawing) -> Figures {
    let node_area: f64 = d.nodes.iter().map(|n| n.2 * n.3).sum::<f64>().max(1e-9);
    let mean_height =
        (d.nodes.iter().map(|n| n.3).sum::<f64>() / d.nodes.len().max(1) as f64).max(1e-9);
    let length: f64 = d
        .edges
        .iter()
        .flat_map(|e| e.windows(2))
        .map(|w| ((w[0].0 - w[1].0).powi(2) + (w[0].1 - w[1].1).powi(2)).sqrt())
        .sum();
    Figures {
        crossings: crossings(&d.edges),
        bends: d.bends,
        length: length / mean_height,
        area: d.width * d.height / node_area,
        ..Figures::default()
    }
}

/// Proper crossings between segments of different polylines, found through a grid.
/// A segment of an edge's polyline: its two ends and the edge.
type Seg = ((f64, f64), (f64, f64), usize);

fn crossings(edges: &[Vec<(f64, f64)>]) -> u64 {
    let mut segments: Vec<Seg> = Vec::new();
    for (k, e) in edges.iter().enumerate() {
        for w in e.windows(2) {
            if w[0] != w[1] {
                segments.push((w[0], w[1], k));
            }
        }
    }
    if segments.is_empty() {
        return 0;
    }
    let mean = segments
        .iter()
        .map(|s| (s.0 .0 - s.1 .0).abs() + (s.0 .1 - s.1 .1).abs())
        .sum::<f64>()
        / segments.len() as f64;
    let cell = mean.max(1e-3) * 2.0;
    let mut grid: std::collections::HashMap<(i64, i64), Vec<usize>> = Default::default();
    for (i, s) in segments.iter().enumerate() {
        let (x0, x1) = (s.0 .0.min(s.1 .0), s.0 .0.max(s.1 .0));
        let (y0, y1) = (s.0 .1.min(s.1 .1), s.0 .1.max(s.1 .1));
        for gx in (x0 / cell).floor() as i64..=(x1 / cell).floor() as i64 {
            for gy in (y0 / cell).floor() as i64..=(y1 / cell).floor() as i64 {
                grid.entry((gx, gy)).or_default().push(i);
            }
        }
    }
    let mut count = 0;
    for (&(gx, gy), members) in &grid {
        for (a, &i) in members.iter().enumerate() {
            for &j in &members[a + 1..] {
                let (s, t) = (segments[i], segments[j]);
                if s.2 == t.2 {
                    continue;
                }
                if let Some((x, y)) = intersection(s.0, s.1, t.0, t.1) {
                    // Count each crossing once: in the cell that holds it.
                    if (x / cell).floor() as i64 == gx && (y / cell).floor() as i64 == gy {
                        count += 1;
                    }
                }
            }
        }
    }
    count
}

/// The point where two segments cross properly (not at or near an end of either).
fn intersection(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> Option<(f64, f64)> {
    let r = (b.0 - a.0, b.1 - a.1);
    let s = (d.0 - c.0, d.1 - c.1);
    let denom = r.0 * s.1 - r.1 * s.0;
    if denom.abs() < 1e-12 {
        return None;
    }
    let t = ((c.0 - a.0) * s.1 - (c.1 - a.1) * s.0) / denom;
    let u = ((c.0 - a.0) * r.1 - (c.1 - a.1) * r.0) / denom;
    const E: f64 = 1e-6;
    (t > E && t < 1.0 - E && u > E && u < 1.0 - E).then_some((a.0 + t * r.0, a.1 + t * r.1))
}

/// An archc layout's figures, its overlaps and arrows through boxes, its violations of
/// the layout's invariants, and the CPU time (one thread) and the wall time (every thread)
/// of each timed run.
type ArchcRun = (Figures, usize, usize, usize, Vec<f64>, Vec<f64>);

/// Lays a graph out with archc: the fastest of `runs` timed runs, with `between` called
/// after each (dot's runs, so that the two tools' runs alternate and meet the machine in
/// the same state), then one run for the memory and the checks.
fn run_archc(dot: &str, runs: usize, between: &mut dyn FnMut()) -> Result<ArchcRun, String> {
    let imported = archc::dot::import(dot).map_err(|e| e.to_string())?;
    let compiled = archc::compile(&imported.source);
    if compiled.has_errors() {
        return Err("the imported source does not compile".into());
    }
    let d = &compiled.diagram;
    let mut times = Vec::with_capacity(runs);
    let mut walls = Vec::with_capacity(runs);
    for _ in 0..runs {
        // One thread, timed by its CPU clock.
        let start = thread_cpu_seconds();
        let g = layout::layout_on(d, &PixelMetrics, 1).map_err(|e| e.to_string())?;
        times.push(thread_cpu_seconds() - start);
        drop(std::hint::black_box(g));
        // Every thread the machine offers, timed by the clock on the wall.
        let start = Instant::now();
        let g = layout::layout(d, &PixelMetrics).map_err(|e| e.to_string())?;
        walls.push(start.elapsed().as_secs_f64());
        drop(std::hint::black_box(g));
        between();
    }
    // One more run for the memory: the peak of the bytes in use, over those in use before.
    CURRENT.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let geometry = layout::layout(d, &PixelMetrics).map_err(|e| e.to_string());
    COUNTING.store(false, Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed).max(0) as usize;
    let g = geometry?;
    let violations = check::violations(d, &g);
    let overlaps = violations
        .iter()
        .filter(|v| v.contains(" overlaps "))
        .count();
    let through = violations
        .iter()
        .filter(|v| v.contains("passes through"))
        .count();
    let drawing = Drawing {
        edges: g
            .edges
            .iter()
            .map(|e| e.points.iter().map(|p| (p.x, p.y)).collect())
            .collect(),
        bends: g
            .edges
            .iter()
            .map(|e| e.points.len().saturating_sub(2) as u64)
            .sum(),
        nodes: g
            .nodes
            .iter()
            .filter(|n| !n.frame)
            .map(|n| (n.rect.x, n.rect.y, n.rect.width, n.rect.height))
            .collect(),
        width: g.width,
        height: g.height,
    };
    let mut f = figures(&drawing);
    f.order_crossings = g.stats.order_crossings;
    f.seconds = times.iter().copied().fold(f64::INFINITY, f64::min);
    f.wall = walls.iter().copied().fold(f64::INFINITY, f64::min);
    f.megabytes = peak as f64 / 1e6;
    Ok((f, overlaps, through, violations.len(), times, walls))
}

/// The CPU time this thread has used, in seconds (to the nanosecond): like dot's, archc's
/// time leaves out the moments another process had the core.
fn thread_cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes into `t`.
    let r = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(r, 0, "the thread's CPU clock is readable");
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

/// One run of `dot -Tplain`: its CPU time (user + system, in seconds, to the microsecond
/// from the kernel's accounting of the child), its peak resident set in kilobytes, and its
/// output. The output goes to a file (a pipe could fill up while nobody reads it).
fn dot_once(path: &Path, timeout: Duration) -> Result<(f64, f64, String), String> {
    let out_path =
        std::env::temp_dir().join(format!("archc-bench-dot-{}.plain", std::process::id()));
    let file = std::fs::File::create(&out_path).map_err(|e| e.to_string())?;
    let mut child = Command::new("dot")
        .arg("-Tplain")
        .arg(path)
        .stdout(file)
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let pid = child.id() as libc::pid_t;
    let start = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        // SAFETY: `rusage` is plain old data, and wait4 only writes into the two locals.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break (status, usage);
        }
        if r < 0 {
            return Err("cannot wait for dot".into());
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_file(&out_path);
            return Err(format!("timeout ({} s)", timeout.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let plain = std::fs::read_to_string(&out_path).unwrap_or_default();
    let _ = std::fs::remove_file(&out_path);
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err("dot failed".into());
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    Ok((cpu, usage.ru_maxrss as f64, plain))
}

/// dot's CPU time for a trivial graph: the share of every dot figure that is not layout.
fn dot_startup(timeout: u64) -> Option<f64> {
    let path = std::env::temp_dir().join(format!("archc-bench-tiny-{}.dot", std::process::id()));
    std::fs::write(&path, "digraph { a -> b }\n").ok()?;
    let mut runs = DotRuns::new(&path, timeout);
    if let Some(r) = runs.as_mut() {
        (0..5).for_each(|_| r.run());
    }
    let _ = std::fs::remove_file(&path);
    runs.and_then(|r| r.failed.is_none().then(|| r.cpu()))
}

/// How often each tool lays a graph out, keeping the fastest run: the first run warms
/// caches up, and on a shared virtual machine the fastest of several is the figure least
/// disturbed by other work; the largest graphs take long enough for both effects to be
/// small.
fn runs_for(nodes: usize) -> usize {
    match nodes {
        0..1000 => 7,
        // Around the 1,000-node target more runs, for the paired ratios below the table.
        1000..5000 => 15,
        _ => 1,
    }
}

/// A median, with the lowest and the highest value.
type Spread = (f64, f64, f64);

/// The median of the ratios of each archc run to the dot run right after it, and their
/// range: runs close in time meet the machine in much the same state, so on a shared
/// machine whose speed drifts this is a steadier figure than the ratio of the fastest runs.
fn paired_ratios(archc: &[f64], dot: &[f64]) -> Option<Spread> {
    let mut ratios: Vec<f64> = archc
        .iter()
        .zip(dot)
        .filter(|(_, &d)| d > 0.0)
        .map(|(a, d)| a / d)
        .collect();
    if ratios.is_empty() {
        return None;
    }
    ratios.sort_by(f64::total_cmp);
    let n = ratios.len();
    let median = if n % 2 == 1 {
        ratios[n / 2]
    } else {
        (ratios[n / 2 - 1] + ratios[n / 2]) / 2.0
    };
    Some((median, ratios[0], ratios[n - 1]))
}

/// dot's peak resident set in kilobytes for one more run, as GNU time reports it (`None`
/// without /usr/bin/time).
fn peak_kb_by_gnu_time(path: &Path) -> Option<f64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", "dot", "-Tplain", "-o", "/dev/null"])
        .arg(path)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

/// dot's timed runs of one graph, taken one at a time between archc's: every run's CPU
/// time, the last output, or the first failure.
struct DotRuns<'a> {
    path: &'a Path,
    timeout: Duration,
    /// The CPU time of every run, in order.
    times: Vec<f64>,
    rss_kb: f64,
    plain: String,
    failed: Option<String>,
}

impl DotRuns<'_> {
    /// `None` when dot is not installed.
    fn new(path: &Path, timeout: u64) -> Option<DotRuns<'_>> {
        Command::new("dot").arg("-V").output().ok()?;
        Some(DotRuns {
            path,
            timeout: Duration::from_secs(timeout),
            times: Vec::new(),
            rss_kb: 0.0,
            plain: String::new(),
            failed: None,
        })
    }

    /// The fastest run's CPU time (infinite before the first).
    fn cpu(&self) -> f64 {
        self.times.iter().copied().fold(f64::INFINITY, f64::min)
    }

    /// One more run, unless one failed or took over a second (the largest graphs take
    /// long enough for one run to be a fair figure).
    fn run(&mut self) {
        if self.failed.is_some() || (!self.times.is_empty() && self.cpu() > 1.0) {
            return;
        }
        match dot_once(self.path, self.timeout) {
            Ok((c, m, p)) => {
                self.times.push(c);
                self.rss_kb = self.rss_kb.max(m);
                self.plain = p;
            }
            Err(e) => self.failed = Some(e),
        }
    }
}

/// dot's figures from its runs (one run is made if none was).
fn dot_figures(mut runs: DotRuns) -> Result<Figures, String> {
    if runs.times.is_empty() {
        runs.run();
    }
    if let Some(e) = runs.failed {
        return Err(e);
    }
    let (path, cpu, mut rss_kb, plain) = (runs.path, runs.cpu(), runs.rss_kb, runs.plain);
    // A child's peak resident set counts the memory of the process it was started from
    // (the benchmark's, until dot starts): GNU time, a small process, reports dot's own.
    // The largest graphs keep the figure above, where dot's own memory dominates.
    if cpu <= 10.0 {
        if let Some(kb) = peak_kb_by_gnu_time(path) {
            rss_kb = kb;
        }
    }
    let mut drawing = Drawing {
        edges: Vec::new(),
        bends: 0,
        nodes: Vec::new(),
        width: 0.0,
        height: 0.0,
    };
    for line in plain.lines() {
        let fields = split_plain(line);
        match fields.first().map(String::as_str) {
            Some("graph") if fields.len() >= 4 => {
                drawing.width = fields[2].parse().unwrap_or(0.0);
                drawing.height = fields[3].parse().unwrap_or(0.0);
            }
            Some("node") if fields.len() >= 6 => {
                let v: Vec<f64> = fields[2..6]
                    .iter()
                    .map(|f| f.parse().unwrap_or(0.0))
                    .collect();
                drawing
                    .nodes
                    .push((v[0] - v[2] / 2.0, v[1] - v[3] / 2.0, v[2], v[3]));
            }
            Some("edge") if fields.len() >= 4 => {
                let n: usize = fields[3].parse().unwrap_or(0);
                let pts: Vec<(f64, f64)> = (0..n)
                    .filter_map(|i| {
                        Some((
                            fields.get(4 + 2 * i)?.parse().ok()?,
                            fields.get(5 + 2 * i)?.parse().ok()?,
                        ))
                    })
                    .collect();
                drawing.bends += (pts.len().saturating_sub(1) / 3).saturating_sub(1) as u64;
                drawing.edges.push(sample_bezier(&pts));
            }
            _ => {}
        }
    }
    let mut f = figures(&drawing);
    f.seconds = cpu;
    f.megabytes = rss_kb / 1e3;
    Ok(f)
}

/// Splits a line of `-Tplain` output, honouring quoted fields.
fn split_plain(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == ' ' {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut s = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => s.extend(chars.next()),
                    '"' => break,
                    c => s.push(c),
                }
            }
            out.push(s);
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c == ' ' {
                    break;
                }
                s.push(c);
                chars.next();
            }
            out.push(s);
        }
    }
    out
}

/// Samples a piecewise cubic Bézier curve (1 + 3k control points) into a polyline.
fn sample_bezier(p: &[(f64, f64)]) -> Vec<(f64, f64)> {
    if p.len() < 4 {
        return p.to_vec();
    }
    let mut out = vec![p[0]];
    let mut i = 0;
    while i + 3 < p.len() {
        let (a, b, c, d) = (p[i], p[i + 1], p[i + 2], p[i + 3]);
        for k in 1..=16 {
            let t = k as f64 / 16.0;
            let mt = 1.0 - t;
            let w = (mt * mt * mt, 3.0 * mt * mt * t, 3.0 * mt * t * t, t * t * t);
            out.push((
                w.0 * a.0 + w.1 * b.0 + w.2 * c.0 + w.3 * d.0,
                w.0 * a.1 + w.1 * b.1 + w.2 * c.1 + w.3 * d.1,
            ));
        }
        i += 3;
    }
    out
}

fn graphs(corpus: &Path, quick: bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["north", "rome", "graphviz", "d2", "ptolemy", "large"] {
        if let Ok(entries) = std::fs::read_dir(corpus.join(dir)) {
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "dot"))
                .collect();
            found.sort();
            files.extend(found);
        }
    }
    // The scaling series, generated by the corpus's own generator.
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-graphs");
    let _ = std::fs::create_dir_all(&out);
    let sizes: &[usize] = if quick {
        &[100, 1000]
    } else {
        &[100, 1000, 5000, 10000]
    };
    for &n in sizes {
        for (kind, extra) in [
            ("flat", vec![]),
            (
                "nested",
                vec![
                    "--clusters".to_owned(),
                    (n / 25).max(2).to_string(),
                    "--depth".into(),
                    "2".into(),
                ],
            ),
        ] {
            let path = out.join(format!("scale_{kind}_{n}.dot"));
            if !path.exists() {
                let status = Command::new("python3")
                    .arg(corpus.join("gen.py"))
                    .args([
                        "--nodes",
                        &n.to_string(),
                        "--edge-factor",
                        "1.5",
                        "--locality",
                        "0.9",
                        "--seed",
                        "1",
                    ])
                    .args(&extra)
                    .arg("-o")
                    .arg(&path)
                    .status();
                if !status.is_ok_and(|s| s.success()) {
                    eprintln!("cannot generate {}", path.display());
                    continue;
                }
            }
            files.push(path);
        }
    }
    files
}

fn main() {
    let corpus =
        PathBuf::from(std::env::var("ARCHC_CORPUS").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_owned()
        }));
    let quick = std::env::var_os("ARCHC_BENCH_QUICK").is_some();
    let timeout: u64 = std::env::var("ARCHC_DOT_TIMEOUT")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(120);
    // `cargo bench` passes `--bench`; a name filter may follow.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("| graph | nodes | edges | archc crossings (in order) | dot crossings | archc bends | dot bends | archc length | dot length | archc area | dot area | archc ms | dot ms | time ratio | archc wall ms | wall ratio | archc MB | dot MB | overlaps | through boxes |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let (mut total_archc, mut total_dot, mut compared, mut not_worse) =
        (0u64, 0u64, 0usize, 0usize);
    let mut sound = true;
    let mut paired: Vec<(String, usize, Spread, Spread)> = Vec::new();
    for path in graphs(&corpus, quick) {
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let (nodes, edges) = archc::dot::import(&text)
            .map(|i| {
                let c = archc::compile(&i.source);
                (c.diagram.nodes.len(), c.diagram.arrows.len())
            })
            .unwrap_or((0, 0));
        let mut dot = DotRuns::new(&path, timeout);
        let ours = run_archc(&text, runs_for(nodes), &mut || {
            if let Some(d) = dot.as_mut() {
                d.run();
            }
        });
        let dot_times = dot.as_ref().map(|d| d.times.clone()).unwrap_or_default();
        let theirs = dot.map(dot_figures);
        let cell = |f: &dyn Fn(&Figures) -> String, r: &Option<Result<Figures, String>>| match r {
            Some(Ok(x)) => f(x),
            Some(Err(e)) => e.clone(),
            None => "n/a".into(),
        };
        match ours {
            Ok((a, overlaps, through, _, archc_times, archc_walls)) => {
                sound &= overlaps == 0 && through == 0;
                if name.starts_with("scale_") && (1000..5000).contains(&nodes) {
                    if let (Some(cpu), Some(wall)) = (
                        paired_ratios(&archc_times, &dot_times),
                        paired_ratios(&archc_walls, &dot_times),
                    ) {
                        let pairs = archc_times.len().min(dot_times.len());
                        paired.push((name.clone(), pairs, cpu, wall));
                    }
                }
                if let Some(Ok(d)) = &theirs {
                    total_archc += a.crossings;
                    total_dot += d.crossings;
                    compared += 1;
                    not_worse += usize::from(a.crossings <= d.crossings);
                }
                let ratio = |ours: f64| match &theirs {
                    Some(Ok(d)) if d.seconds > 0.0 => format!("{:.3}", ours / d.seconds),
                    _ => "".into(),
                };
                println!(
                    "| {name} | {nodes} | {edges} | {} ({}) | {} | {} | {} | {:.0} | {} | {:.2} | {} | {:.1} | {} | {} | {:.1} | {} | {:.1} | {} | {overlaps} | {through} |",
                    a.crossings,
                    a.order_crossings,
                    cell(&|d| d.crossings.to_string(), &theirs),
                    a.bends,
                    cell(&|d| d.bends.to_string(), &theirs),
                    a.length,
                    cell(&|d| format!("{:.0}", d.length), &theirs),
                    a.area,
                    cell(&|d| format!("{:.2}", d.area), &theirs),
                    a.seconds * 1e3,
                    cell(&|d| format!("{:.1}", d.seconds * 1e3), &theirs),
                    ratio(a.seconds),
                    a.wall * 1e3,
                    ratio(a.wall),
                    a.megabytes,
                    cell(&|d| format!("{:.1}", d.megabytes), &theirs),
                );
            }
            Err(e) => {
                sound = false;
                println!("| {name} | {nodes} | {edges} | error: {e} |");
            }
        }
    }
    println!();
    println!("Crossings over the {compared} graphs both tools drew: archc {total_archc}, dot {total_dot}; archc has no more crossings than dot on {not_worse} of {compared}.");
    for (name, pairs, (median, low, high), (wall, wall_low, wall_high)) in &paired {
        println!("{name}: each archc run against the dot run right after it, {pairs} pairs: median time ratio {median:.3} (from {low:.3} to {high:.3}) on one thread; on {threads} threads, wall time against dot's CPU time, {wall:.3} (from {wall_low:.3} to {wall_high:.3}).");
    }
    if let Some(startup) = dot_startup(timeout) {
        println!(
            "dot's start-up alone (CPU time for a two-node graph, fastest of 5): {:.1} ms.",
            startup * 1e3
        );
    }
    println!(
        "Every archc layout free of overlaps and of arrows through boxes: {}.",
        if sound { "yes" } else { "NO" }
    );
}
