//! Memory a worst-case document costs while it is read and checked: the rise of peak RSS
//! (Linux `VmHWM`) divided by the document's size. The server's
//! memory target (docs/security.md) is 64× the body for the whole request.
//!
//! ```text
//! cargo run --release -p spur-core --example read_memory
//! ```

use spur_core::{Catalog, Format, InspectionDocument};

/// A `kB` figure of `/proc/self/status` (Linux).
fn status_kb(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

const MINIMAL: &str = include_str!("../../../fixtures/minimal.toml");
const TWO_MB: usize = 2 * 1024 * 1024 - 4096;

/// The rise of peak RSS (`VmHWM`, reset through `/proc/self/clear_refs`) while `f` runs, in
/// bytes.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let base = status_kb("VmRSS:");
    let out = f();
    (out, status_kb("VmHWM:").saturating_sub(base) * 1024)
}

fn report(name: &str, body: &str) {
    let catalog = Catalog::embedded();
    let format = if body.starts_with('{') {
        Format::Json
    } else {
        Format::Toml
    };
    let (checked, peak) = peak_of(|| InspectionDocument::check(body, "worst", format, catalog));
    let n = checked.diagnostics.len();
    let kept: usize = std::mem::size_of_val(checked.diagnostics.0.as_slice());
    drop(checked);
    println!(
        "{name}: {:.2} MB, {n} diagnostics; peak RSS rise {:.1} MB = {:.1}× the body (diagnostic structs alone {:.1} MB)",
        body.len() as f64 / 1e6,
        peak as f64 / 1e6,
        peak as f64 / body.len() as f64,
        kept as f64 / 1e6,
    );
}

/// Each case in a process of its own (`… -- N`, N = 0, 1, 2; all of them without), as freed
/// memory a case leaves behind would hide the next one's peak.
fn main() {
    let only: Option<usize> = std::env::args().nth(1).and_then(|a| a.parse().ok());
    if only.is_none() {
        let me = std::env::current_exe().expect("own path");
        for n in 0..CASES {
            let status = std::process::Command::new(&me).arg(n.to_string()).status();
            assert!(status.is_ok_and(|s| s.success()), "case {n} failed");
        }
        return;
    }
    let _ = Catalog::embedded();
    match only {
        Some(0) => report("110k malformed ids, TOML", &toml_findings("Q.Z")),
        Some(1) => report("110k unknown well-formed ids, TOML", &toml_findings("D.F")),
        Some(2) => report("110k malformed ids, one-line JSON", &json_findings("Q.Z")),
        // Issue 27: dense TOML, 72–101 × the body before the value bound.
        Some(3) => report(
            "1M integers, TOML",
            &dense("[inspection]\nunit = \"U\"\nx = [", "1,", "]\n"),
        ),
        Some(4) => report(
            "empty inline tables, TOML",
            &dense("[inspection]\nunit = \"U\"\nx = [", "{},", "]\n"),
        ),
        Some(5) => report(
            "700k empty strengths, TOML",
            &dense("[report]\nstrengths = [", "\"\",", "]\n"),
        ),
        Some(6) => report("deep dotted keys, TOML", &dense("", "a.", "a = 1\n")),
        // Just within the bound: the densest document still read.
        Some(7) => {
            // One value per 3 bytes: the densest a document of this size may be.
            let n = spur_core::spanned::MAX_TOML_VALUES - 10;
            report(
                "200k integers at the value bound, TOML",
                &format!("[inspection]\nunit = \"U\"\nx = [{}]\n", "1, ".repeat(n)),
            );
        }
        Some(8) => {
            let n = spur_core::spanned::MIN_TOML_VALUES - 10;
            report(
                "integers at the value bound, small TOML",
                &format!("[inspection]\nunit = \"U\"\nx = [{}]\n", "1,".repeat(n)),
            );
        }
        _ => {}
    }
}

/// The number of cases.
const CASES: usize = 9;

/// `head`, then `unit` repeated to ~2 MB, then `tail`.
fn dense(head: &str, unit: &str, tail: &str) -> String {
    let n = (TWO_MB - head.len() - tail.len()) / unit.len();
    format!("{head}{}{tail}", unit.repeat(n))
}

/// The minimal document with ~2 MB of findings `"{prefix}{n}" = "met"`, one per line.
fn toml_findings(prefix: &str) -> String {
    let head = &MINIMAL[..MINIMAL.find("[findings]").expect("minimal has findings")];
    let mut toml = format!("{head}[findings]\n");
    let mut n = 0;
    while toml.len() < TWO_MB - 40 {
        toml.push_str(&format!("\"{prefix}{n}\" = \"met\"\n"));
        n += 1;
    }
    toml
}

/// The same as one line of JSON.
fn json_findings(prefix: &str) -> String {
    let mut json = String::from(
        r#"{"inspection":{"unit":"U","visit_date":"2026-01-01","regulations":["2021"]},"findings":{"#,
    );
    let mut n = 0;
    while json.len() < TWO_MB - 40 {
        if n > 0 {
            json.push(',');
        }
        json.push_str(&format!("\"{prefix}{n}\":\"met\""));
        n += 1;
    }
    json.push_str("}}");
    json
}
