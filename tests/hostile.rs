//! Hostile input: every file in `tests/hostile/` (and a few generated monsters) must give a
//! located error and exit 2 through the CLI — never a panic, never a hang — while the process
//! stays under 200 MB of address space beyond its own executable (enforced with `ulimit -v`, so
//! an over-allocation fails the run). The executable's size is added because `ulimit -v` counts
//! its mapping too: a debug `spur` with the embedded WebAssembly form is ~100 MB, and that is
//! not memory the input made spur take.

use std::path::{Path, PathBuf};
use std::process::Output;

const LIMIT_KB: u64 = 200 * 1024;

fn spur_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_spur"))
}

/// Run `spur ARGS` under an address-space limit of the executable's size plus 200 MB.
fn run_limited(args: &[&str]) -> Output {
    let exe_kb = std::fs::metadata(spur_bin()).map_or(0, |m| m.len() / 1024);
    let limit = LIMIT_KB + exe_kb;
    let script = format!("ulimit -v {limit}; exec \"$0\" \"$@\"");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(spur_bin())
        .args(args)
        .env("NO_COLOR", "1")
        // mimalloc (the binary's allocator) reserves 1 GiB of address space per arena up
        // front; without that reservation the address-space limit measures memory use again.
        .env("MIMALLOC_ARENA_RESERVE", "0")
        // English problems whatever the machine's locale (`--lang` default rule).
        .env("SPUR_LANG", "en")
        .output()
        .expect("sh runs")
}

fn hostile_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() >= 12,
        "the hostile corpus is in {}",
        dir.display()
    );
    files
}

/// Exit 2, no panic, and at least one `FILE:LINE:COL` location for this file.
fn assert_located_exit_2(out: &Output, file: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{file}: exit {:?}\n{stderr}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{file}: panic\n{stderr}");
    let located = stderr.lines().any(|l| {
        l.find(&format!("{file}:")).is_some_and(|i| {
            let rest = &l[i + file.len() + 1..];
            let mut parts = rest.splitn(3, ':');
            let line = parts.next().unwrap_or("");
            let col = parts.next().unwrap_or("");
            line.parse::<usize>().is_ok_and(|n| n > 0)
                && col
                    .trim_end()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count()
                    > 0
        })
    });
    assert!(located, "{file}: no file:line:col location in\n{stderr}");
    assert!(
        stderr.len() < 64 * 1024,
        "{file}: {} bytes of messages",
        stderr.len()
    );
}

#[test]
fn every_hostile_file_gives_a_located_error_and_exit_2() {
    for path in hostile_files() {
        let p = path.to_str().unwrap();
        for cmd in ["validate", "grade", "report", "handlingsplan"] {
            let out = run_limited(&[cmd, p]);
            if cmd == "validate" {
                assert_located_exit_2(&out, p);
            } else {
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert_eq!(out.status.code(), Some(2), "{cmd} {p}: {stderr}");
                assert!(out.stdout.is_empty(), "{cmd} {p}: no output on bad input");
            }
        }
    }
}

#[test]
fn hostile_stdin_gives_the_same_errors() {
    for path in hostile_files() {
        let bytes = std::fs::read(&path).unwrap();
        let mut child = std::process::Command::new(spur_bin())
            .args(["validate", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_located_exit_2(&out, "<stdin>");
    }
}

fn write_temp(name: &str, content: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    (dir, path)
}

const HEAD: &str =
    "[inspection]\nunit = \"x\"\nvisit_date = 2026-01-20\nregulations = [\"2021\"]\n";

#[test]
fn ten_megabyte_strings_are_clipped_and_cheap() {
    let big = "A".repeat(10 * 1024 * 1024);
    let cases = [
        format!("{HEAD}[findings]\n\"D.F6\" = \"{big}\"\n"),
        format!("{HEAD}[findings]\n\"{big}\" = \"met\"\n"),
        format!("{HEAD}{big} = 1\n"),
        format!(
            "{HEAD}[findings]\n\"D.F6\" = {{ status = \"not_met\", note = \"{big}\" }}\n[[handlingsplan.entries]]\ncriterion = \"D.F6\"\naction = \"{big}\"\ndue = 2020-01-01\n"
        ),
    ];
    for (i, src) in cases.iter().enumerate() {
        let (_dir, path) = write_temp(&format!("big{i}.toml"), src.as_bytes());
        let p = path.to_str().unwrap();
        let out = run_limited(&["validate", p]);
        assert_located_exit_2(&out, p);
    }
    let json = format!(
        "{{\"inspection\": {{\"unit\": \"x\", \"visit_date\": \"2026-01-20\", \"regulations\": [\"2021\"]}}, \"findings\": {{\"D.F6\": \"{big}\"}}}}"
    );
    let (_dir, path) = write_temp("big.json", json.as_bytes());
    assert_located_exit_2(
        &run_limited(&["validate", path.to_str().unwrap()]),
        path.to_str().unwrap(),
    );
}

#[test]
fn deep_nesting_is_refused_not_recursed() {
    let toml = format!("{HEAD}x = {}\n", "[".repeat(200_000));
    let (_d1, p1) = write_temp("deep.toml", toml.as_bytes());
    assert_located_exit_2(
        &run_limited(&["validate", p1.to_str().unwrap()]),
        p1.to_str().unwrap(),
    );
    let json = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let (_d2, p2) = write_temp("deep.json", json.as_bytes());
    assert_located_exit_2(
        &run_limited(&["validate", p2.to_str().unwrap()]),
        p2.to_str().unwrap(),
    );
    let inline = format!("{HEAD}[findings]\n\"D.F6\" = {}\n", "{ a = ".repeat(50_000));
    let (_d3, p3) = write_temp("deep-inline.toml", inline.as_bytes());
    assert_located_exit_2(
        &run_limited(&["validate", p3.to_str().unwrap()]),
        p3.to_str().unwrap(),
    );
}

#[test]
fn every_wrong_type_is_reported_at_once() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile/wrong-types.toml");
    let out = run_limited(&["validate", path.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let count = stderr.matches("error[wrong-type]").count();
    assert!(count >= 10, "{count} wrong-type errors:\n{stderr}");
}
