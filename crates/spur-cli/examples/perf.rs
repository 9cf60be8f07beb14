//! The one benchmark script (issue 34): runs every measurement of `docs/performance.md`, prints
//! each figure beside its floor (the parse of the same input, `cat` of the same files, the
//! stateless path) as a ratio, and with `--write` regenerates the document, so it is never
//! edited by hand.
//!
//! ```sh
//! cargo run --release -p spur-cli --example perf                                  # print
//! cargo run --release -p spur-cli --example perf -- --write docs/performance.md   # regenerate
//! cargo run --release -p spur-cli --example perf -- --quick                       # smaller, faster
//! cargo run --release -p spur-cli --example perf -- --postgres "$SPUR_TEST_POSTGRES_URL"
//! ```
//!
//! Every figure carries the command that made it, the machine's load average before and after
//! its section and the date. Timings are medians of several runs; ratios are taken within the
//! same section, a few seconds apart, because the project machine (2 cores) is noisy.
//! Memory of a child process is its `VmHWM` (peak resident set), sampled from `/proc` while it
//! runs.

#[path = "perf/output.rs"]
mod output;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One figure of the document.
struct Figure {
    /// What is measured.
    what: String,
    /// The goal, in words.
    goal: String,
    /// The measurement, formatted.
    measured: String,
    /// The floor it is compared with, formatted (empty when the goal is absolute).
    floor: String,
    /// measured / floor, when there is a floor.
    ratio: Option<f64>,
    /// Whether the goal is met.
    met: bool,
}

/// A group of figures made by the same commands at the same time.
struct Section {
    title: String,
    commands: Vec<String>,
    load_before: String,
    load_after: String,
    at: String,
    figures: Vec<Figure>,
    note: String,
}

struct Options {
    quick: bool,
    write: Option<PathBuf>,
    postgres: Option<String>,
    only: Vec<String>,
}

fn main() {
    let options = parse_args();
    let root = workspace_root();
    std::env::set_current_dir(&root).expect("the workspace root exists");
    let target = target_dir(&root);
    run_cmd(cargo().args(["build", "--release", "--locked", "-p", "spur-cli"]));
    let spur = target.join("release/spur");
    let mut sections = Vec::new();
    let wanted = |name: &str| options.only.is_empty() || options.only.iter().any(|o| o == name);
    if wanted("bench") {
        sections.push(criterion_section(&target, options.quick));
    }
    if wanted("process") {
        sections.push(process_section(&spur, options.quick));
    }
    if wanted("overview") {
        sections.push(overview_section(&spur, &target, options.quick));
    }
    if wanted("pdf") {
        sections.push(pdf_memory_section(options.quick));
    }
    if wanted("server") {
        sections.push(server_section(options.quick));
    }
    if wanted("wasm") {
        sections.extend(wasm_section());
    }
    if wanted("store") {
        sections.push(store_section(options.quick, None));
        if let Some(url) = &options.postgres {
            sections.push(store_section(options.quick, Some(url)));
        }
    }
    for s in &sections {
        output::print_section(s);
    }
    if let Some(path) = &options.write {
        let doc = output::document(&sections, &options);
        std::fs::write(path, doc).expect("the document is written");
        println!("\nwrote {}", path.display());
    }
    if sections.iter().flat_map(|s| &s.figures).any(|f| !f.met) {
        println!("\nsome goals are not met (marked NOT MET above)");
    }
}

fn parse_args() -> Options {
    let mut o = Options {
        quick: false,
        write: None,
        postgres: None,
        only: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--write" => o.write = args.next().map(PathBuf::from),
            "--postgres" => o.postgres = args.next(),
            "--only" => o.only.extend(args.next()),
            "-h" | "--help" => {
                println!(
                    "perf [--quick] [--write FILE] [--postgres URL] [--only bench|process|overview|pdf|server|wasm|store]..."
                );
                std::process::exit(0);
            }
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    o
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Run to completion, failing loudly; the standard output.
fn run_cmd(cmd: &mut Command) -> String {
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", out.status);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string()
}

fn section(title: &str, commands: Vec<String>) -> Section {
    Section {
        title: title.into(),
        commands,
        load_before: load_average(),
        load_after: String::new(),
        at: now(),
        figures: Vec::new(),
        note: String::new(),
    }
}

fn finish(mut s: Section) -> Section {
    s.load_after = load_average();
    s
}

fn figure(
    what: &str,
    goal: &str,
    measured: String,
    floor: String,
    ratio: Option<f64>,
    met: bool,
) -> Figure {
    Figure {
        what: what.into(),
        goal: goal.into(),
        measured,
        floor,
        ratio,
        met,
    }
}

/// A duration in the unit that reads best.
fn time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.1} µs", ns / 1e3)
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

// ---------------------------------------------------------------------------------------------
// criterion benchmarks

/// The criterion benchmarks, each figure against the floor benchmarked beside it.
fn criterion_section(target: &Path, quick: bool) -> Section {
    let timing: &[&str] = if quick {
        &["--warm-up-time", "1", "--measurement-time", "2", "--noplot"]
    } else {
        &["--warm-up-time", "2", "--measurement-time", "5", "--noplot"]
    };
    // The benchmark and its filter: only what the figures below use (the read bench's
    // worst-case group is measured by `examples/read_memory.rs` and docs/security.md).
    let benches = [
        ("spur-grading", "grading", ""),
        (
            "spur-core",
            "read",
            "^(toml syntax tree|check toml|validate)",
        ),
        ("spur-report", "pipeline", ""),
    ];
    let commands = benches
        .iter()
        .map(|(p, b, f)| {
            let filter = if f.is_empty() {
                String::new()
            } else {
                format!(" '{f}'")
            };
            format!(
                "cargo bench -p {p} --bench {b} -- {}{filter}",
                timing.join(" ")
            )
        })
        .collect();
    let mut s = section(
        "Grading, reading and the report against parsing (criterion)",
        commands,
    );
    for (package, bench, filter) in benches {
        run_cmd(
            cargo()
                .args(["bench", "--locked", "-p", package, "--bench", bench, "--"])
                .args(timing)
                .args((!filter.is_empty()).then_some(filter))
                .stdout(Stdio::null()),
        );
    }
    let est = |id: &str| criterion_median(target, id);
    let pairs: [(&str, &str, &str, &str, f64); 4] = [
        (
            "grade one inspection (`grade seed`)",
            "serde_json parse seed (Value)",
            "grade seed",
            "≤ 1× a bare `serde_json` parse of the same document",
            1.0,
        ),
        (
            "read, check and validate the seed, TOML (`check toml`)",
            "toml syntax tree (toml crate)",
            "check toml",
            "informational: where reading goes (no goal of its own)",
            f64::INFINITY,
        ),
        (
            "parse → grade → HTML report (`parse+grade+html seed`)",
            "parse+validate seed (baseline)",
            "parse+grade+html seed",
            "≤ 3× parsing and validating the same document",
            3.0,
        ),
        (
            "validate only (`validate`)",
            "check toml",
            "validate",
            "informational: the share of validation in the check",
            f64::INFINITY,
        ),
    ];
    for (what, floor_id, id, goal, limit) in pairs {
        let (m, f) = (est(id), est(floor_id));
        let ratio = m / f;
        s.figures.push(figure(
            what,
            goal,
            time(m),
            format!("{} (`{floor_id}`)", time(f)),
            Some(ratio),
            ratio <= limit,
        ));
    }
    finish(s)
}

/// The median estimate of the criterion benchmark whose full id is `id`, in nanoseconds.
fn criterion_median(target: &Path, id: &str) -> f64 {
    let mut stack = vec![target.join("criterion")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.ends_with("new/benchmark.json") {
                let meta: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_default())
                        .unwrap_or_default();
                if meta["full_id"] == id {
                    let est: serde_json::Value = serde_json::from_str(
                        &std::fs::read_to_string(p.with_file_name("estimates.json"))
                            .unwrap_or_default(),
                    )
                    .unwrap_or_default();
                    return est["median"]["point_estimate"].as_f64().unwrap_or(f64::NAN);
                }
            }
        }
    }
    panic!("no criterion result for `{id}` under {}", target.display());
}

// ---------------------------------------------------------------------------------------------
// whole processes

/// A finished child: wall time and peak resident set.
struct Ran {
    wall: Duration,
    peak_kib: u64,
}

/// Run `cmd` with its output discarded, sampling its peak resident set (`VmHWM`) from `/proc`
/// until it exits.
fn measure(cmd: &mut Command) -> Ran {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    assert!(status.success(), "{cmd:?} failed: {status}");
    Ran {
        wall: start.elapsed(),
        peak_kib,
    }
}

/// Median wall time and the largest peak over `runs` runs of `make()`.
fn repeat(runs: usize, make: impl Fn() -> Command) -> (f64, u64) {
    let ran: Vec<Ran> = (0..runs).map(|_| measure(&mut make())).collect();
    let peak = ran.iter().map(|r| r.peak_kib).max().unwrap_or(0);
    (
        median(ran.iter().map(|r| r.wall.as_nanos() as f64).collect()),
        peak,
    )
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

const SEED: &str = "fixtures/seed-vardcentral.toml";

/// `spur` as a process: grade and each report format against `cat` and the HTML report, and
/// the allocator with and without transparent huge pages.
fn process_section(spur: &Path, quick: bool) -> Section {
    let runs = if quick { 11 } else { 31 };
    let mut s = section(
        "`spur` as a process",
        vec![
            "cat fixtures/seed-vardcentral.toml".into(),
            "target/release/spur grade fixtures/seed-vardcentral.toml".into(),
            "MIMALLOC_ALLOW_THP=0 target/release/spur grade fixtures/seed-vardcentral.toml".into(),
            "target/release/spur report fixtures/seed-vardcentral.toml --format html|docx|pdf -o /dev/null".into(),
        ],
    );
    let spur_cmd = |args: &[&str]| {
        let mut c = Command::new(spur);
        c.args(args);
        c
    };
    let (cat, _) = repeat(runs, || {
        let mut c = Command::new("cat");
        c.arg(SEED);
        c
    });
    let (grade, grade_peak) = repeat(runs, || spur_cmd(&["grade", SEED]));
    s.figures.push(figure(
        "`spur grade` of the seed, whole process",
        "< 10 ms",
        time(grade),
        format!("{} (`cat` of the same file)", time(cat)),
        Some(grade / cat),
        grade < 10e6,
    ));
    let (no_thp, no_thp_peak) = repeat(runs, || {
        let mut c = spur_cmd(&["grade", SEED]);
        c.env("MIMALLOC_ALLOW_THP", "0");
        c
    });
    s.figures.push(figure(
        "`spur grade`, mimalloc without transparent huge pages",
        "informs the allocator decision: < 10 ms",
        format!("{}, peak {}", time(no_thp), mib(no_thp_peak)),
        format!(
            "{}, peak {} (mimalloc's default)",
            time(grade),
            mib(grade_peak)
        ),
        Some(no_thp / grade),
        no_thp < 10e6,
    ));
    let report = |format: &str| {
        repeat(runs.min(15), || {
            spur_cmd(&["report", SEED, "--format", format, "-o", "/dev/null"])
        })
    };
    let (html, _) = report("html");
    let (docx, _) = report("docx");
    let (pdf, pdf_peak) = report("pdf");
    s.figures.push(figure(
        "`spur report --format html`, whole process",
        "< 10× `spur grade`",
        time(html),
        format!("{} (`spur grade`)", time(grade)),
        Some(html / grade),
        html < 10.0 * grade,
    ));
    s.figures.push(figure(
        "`spur report --format docx`",
        "≤ 2× the HTML report",
        time(docx),
        format!("{} (HTML)", time(html)),
        Some(docx / html),
        docx <= 2.0 * html,
    ));
    s.figures.push(figure(
        "`spur report --format pdf`",
        "< 500 ms",
        format!("{}, peak {}", time(pdf), mib(pdf_peak)),
        format!("{} (HTML)", time(html)),
        Some(pdf / html),
        pdf < 500e6,
    ));
    finish(s)
}

// ---------------------------------------------------------------------------------------------
// the overview

fn overview_section(spur: &Path, target: &Path, quick: bool) -> Section {
    let sizes: &[usize] = if quick {
        &[1000, 3000]
    } else {
        &[1000, 10_000]
    };
    let runs = if quick { 3 } else { 5 };
    let mut s = section(
        "`spur overview` over many documents",
        sizes
            .iter()
            .flat_map(|n| {
                [
                    format!("cargo run --release -p spur-followup --features synth --example generate -- {n} target/perf/docs-{n}"),
                    format!("target/release/spur overview target/perf/docs-{n} --format json|html --as-of 2026-11-23"),
                    format!("cat target/perf/docs-{n}/*"),
                ]
            })
            .collect(),
    );
    let mut peaks = Vec::new();
    for &n in sizes {
        let dir = target.join(format!("perf/docs-{n}"));
        if !dir.join(".complete").exists() {
            let _ = std::fs::remove_dir_all(&dir);
            run_cmd(
                cargo()
                    .args([
                        "run",
                        "--release",
                        "--locked",
                        "-p",
                        "spur-followup",
                        "--features",
                        "synth",
                    ])
                    .args(["--example", "generate", "--"])
                    .arg(n.to_string())
                    .arg(&dir)
                    .stdout(Stdio::null()),
            );
            std::fs::write(dir.join(".complete"), "").expect("mark the corpus complete");
        }
        let (read, refused) = corpus_read(spur, &dir);
        s.figures.push(figure(
            &format!("{n} documents: read and graded"),
            "every document (a refused one measures the error path)",
            format!("{read} of {}", read + refused),
            format!("{n} generated"),
            None,
            refused == 0 && read == n,
        ));
        let (cat, _) = repeat(runs, || {
            let mut c = Command::new("sh");
            c.args([
                "-c",
                "cat \"$1\"/*.toml \"$1\"/*.json 2>/dev/null; true",
                "sh",
            ])
            .arg(&dir);
            c
        });
        let mut peak_of_size = 0;
        for format in ["json", "html"] {
            let (wall, peak) = repeat(runs, || {
                let mut c = Command::new(spur);
                c.arg("overview")
                    .arg(&dir)
                    .args(["--format", format, "--as-of", "2026-11-23"]);
                c
            });
            peak_of_size = peak_of_size.max(peak);
            let (goal, met) = ("< 1 s on 2 cores", wall < 1e9);
            s.figures.push(figure(
                &format!("{n} documents, `--format {format}`"),
                goal,
                format!("{}, peak {}", time(wall), mib(peak)),
                format!("{} (`cat` of the same files)", time(cat)),
                Some(wall / cat),
                met,
            ));
        }
        peaks.push((n, peak_of_size));
    }
    if let [(small, a), .., (large, b)] = peaks[..] {
        let ratio = b as f64 / a as f64;
        s.figures.push(figure(
            &format!("peak memory, {large} documents against {small}"),
            "≤ 1.5× (results streamed, not collected)",
            mib(b),
            mib(a),
            Some(ratio),
            ratio <= 1.5,
        ));
    }
    finish(s)
}

/// How many documents of the corpus `spur overview` reads into rows, and how many it refuses.
fn corpus_read(spur: &Path, dir: &Path) -> (usize, usize) {
    let out = Command::new(spur)
        .arg("overview")
        .arg(dir)
        .args(["--format", "json", "--as-of", "2026-11-23"])
        .stderr(Stdio::null())
        .output()
        .expect("spur overview runs");
    let overview: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("spur overview writes JSON");
    let count = |key: &str| overview[key].as_array().map_or(0, Vec::len);
    (count("units"), count("errors"))
}

// ---------------------------------------------------------------------------------------------
// examples that report `key=value` figures

/// Run an example and read its `key=value` words (from lines that have them).
fn example_figures(package: &str, example: &str, args: &[String]) -> Vec<(String, f64)> {
    let out = run_cmd(
        cargo()
            .args([
                "run",
                "--release",
                "--locked",
                "-p",
                package,
                "--example",
                example,
                "--",
            ])
            .args(args),
    );
    key_values(&out)
}

/// The `key=value` words of a program's output, as numbers.
fn key_values(out: &str) -> Vec<(String, f64)> {
    out.lines()
        .flat_map(str::split_whitespace)
        .filter_map(|w| {
            let (k, v) = w.split_once('=')?;
            Some((k.to_string(), v.parse::<f64>().ok()?))
        })
        .collect()
}

fn value(figures: &[(String, f64)], key: &str) -> f64 {
    figures
        .iter()
        .find(|(k, _)| k == key)
        .map_or(f64::NAN, |(_, v)| *v)
}

fn pdf_memory_section(quick: bool) -> Section {
    let n = if quick { 50 } else { 200 };
    let args = vec![n.to_string(), "400".to_string()];
    let mut s = section(
        "PDF memory in a long-running process",
        vec![format!(
            "cargo run --release -p spur-report --example pdf_memory -- {n} 400"
        )],
    );
    let f = example_figures("spur-report", "pdf_memory", &args);
    let (rss, peak, rate) = (
        value(&f, "rss_mib"),
        value(&f, "peak_mib"),
        value(&f, "per_second"),
    );
    s.figures.push(figure(
        &format!("RSS after {n} different PDFs"),
        "< 400 MiB (2.2 GB after ~250 before typst's cache was evicted)",
        format!("{rss:.0} MiB (peak {peak:.0} MiB)"),
        String::new(),
        None,
        rss < 400.0,
    ));
    s.figures.push(figure(
        "PDFs per second, one after another",
        "informational (12–13 req/s before the eviction)",
        format!("{rate:.1}/s"),
        String::new(),
        None,
        true,
    ));
    finish(s)
}

fn server_section(quick: bool) -> Section {
    let requests = if quick { 2000 } else { 10_000 };
    let args = vec![
        "--requests".to_string(),
        requests.to_string(),
        "--concurrency".to_string(),
        "32".to_string(),
    ];
    let mut s = section(
        "spur-server under load",
        vec![format!(
            "cargo run --release -p spur-server --example load -- --requests {requests} --concurrency 32"
        )],
    );
    let f = example_figures("spur-server", "load", &args);
    let (errors, p50, p99, rate) = (
        value(&f, "errors"),
        value(&f, "p50_ms"),
        value(&f, "p99_ms"),
        value(&f, "throughput"),
    );
    s.figures.push(figure(
        &format!("`POST /v1/grade`, {requests} requests at 32 concurrent"),
        "0 errors, p99 < 20 ms",
        format!("{errors:.0} errors, p50 {p50:.1} ms, p99 {p99:.1} ms, {rate:.0} req/s"),
        String::new(),
        None,
        errors == 0.0 && p99 < 20.0,
    ));
    finish(s)
}

/// Grading the seed in node through the committed WebAssembly module against the same call
/// natively; skipped (and said so) without `node`.
fn wasm_section() -> Option<Section> {
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok || !Path::new("bindings/npm/node_modules").exists() {
        println!("SKIP wasm: no node, or `npm ci` not run in bindings/npm");
        return None;
    }
    let mut s = section(
        "WebAssembly against native",
        vec![
            "node bindings/npm/scripts/bench.mjs".into(),
            "cargo run --release -p spur-embed --example grade_seed".into(),
        ],
    );
    let wasm = value(
        &key_values(&run_cmd(
            Command::new("node").arg("bindings/npm/scripts/bench.mjs"),
        )),
        "per_call_us",
    );
    let native = value(
        &example_figures("spur-embed", "grade_seed", &[]),
        "per_call_us",
    );
    s.figures.push(figure(
        "grade the seed in node (text → grading object)",
        "≤ 3× native",
        time(wasm * 1e3),
        format!("{} (native, `spur_embed::grade_json`)", time(native * 1e3)),
        Some(wasm / native),
        wasm <= 3.0 * native,
    ));
    let size = std::fs::metadata("bindings/npm/wasm/spur_wasm_bg.wasm").map_or(0, |m| m.len());
    s.figures.push(figure(
        "the committed module `bindings/npm/wasm/spur_wasm_bg.wasm`",
        "informational (its gzipped size is checked by `bindings/npm/build.sh`)",
        format!("{size} bytes"),
        String::new(),
        None,
        true,
    ));
    Some(finish(s))
}

fn store_section(quick: bool, postgres: Option<&String>) -> Section {
    let (n, v) = if quick { (1000, 2) } else { (10_000, 2) };
    let mut args = vec![n.to_string(), v.to_string()];
    let backend = match postgres {
        Some(url) => {
            args.push(url.clone());
            "PostgreSQL"
        }
        None => "SQLite",
    };
    let shown = if postgres.is_some() {
        " \"$SPUR_TEST_POSTGRES_URL\""
    } else {
        ""
    };
    let mut s = section(
        &format!("The store at a region's scale ({backend})"),
        vec![format!(
            "cargo run --release -p spur-store --example scale -- {n} {v}{shown}"
        )],
    );
    s.note = "A PostgreSQL database that already holds the inspections is measured as it is; \
              run on a fresh database for the load figure."
        .into();
    let f = example_figures("spur-store", "scale", &args);
    let (digests, files) = (
        value(&f, "overview_digests_ms"),
        value(&f, "overview_files_ms"),
    );
    s.figures.push(figure(
        &format!("`GET /v1/overview` work, {n} inspections, from the stored digests"),
        "no slower than `spur overview` over the same heads as files",
        format!("{digests:.0} ms"),
        format!("{files:.0} ms (the stateless path over files)"),
        Some(digests / files),
        digests <= files,
    ));
    for (key, what, limit) in [
        ("list_p50_ms", "list 100 of a region, p50", 50.0),
        ("open_p50_ms", "open the head document, p50", 50.0),
        ("save_p50_ms", "save a new version, p50", 50.0),
    ] {
        let ms = value(&f, key);
        s.figures.push(figure(
            what,
            "< 50 ms",
            format!("{ms:.1} ms"),
            String::new(),
            None,
            ms < limit,
        ));
    }
    finish(s)
}
