//! Issue 28 item 2: every example of every `--help` runs. The examples are read from the help
//! text itself (`spur --help`, `spur CMD --help`, `spur CMD SUB --help`), each command's in
//! order in a fresh directory holding the files the examples name (as a user following them
//! would), and none may exit 2 — a bad-input exit means the example contradicts itself or spur.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn spur_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("spur")
}

fn help(path: &[&str]) -> String {
    let out = common::spur().args(path).arg("--help").output().unwrap();
    assert!(out.status.success(), "{path:?} --help");
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands a help text lists under `Commands:`.
fn commands(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if line.starts_with("Commands:") {
            inside = true;
            continue;
        }
        if inside {
            if !line.starts_with("  ") {
                break;
            }
            // A wrapped description, not a command.
            if line.starts_with("   ") {
                continue;
            }
            let name = line.split_whitespace().next().unwrap_or("");
            if !name.is_empty() && name != "help" {
                out.push(name.to_string());
            }
        }
    }
    out
}

/// The example command lines of a help text: lines that (after an optional `N. `) start with
/// `spur ` or pipe into it, with a trailing comment (`# …`, `   (…)`) cut off.
fn examples(help: &str) -> Vec<String> {
    help.lines()
        .filter_map(|l| {
            let t = l.trim_start();
            let t = t
                .split_once(". ")
                .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                .map_or(t, |(_, rest)| rest);
            let runs_spur = t.starts_with("spur ") || t.contains("| spur ");
            // Usage lines (`spur catalog <COMMAND>`, `[OPTIONS]`) are not examples.
            let usage = t.contains('<') || t.contains("[OPTIONS]");
            if !runs_spur || usage || !l.starts_with("  ") {
                return None;
            }
            let mut cmd = t.to_string();
            for cut in ["   ", "  #"] {
                if let Some(i) = cmd.find(cut) {
                    cmd.truncate(i);
                }
            }
            Some(cmd.trim_end().to_string())
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A document ready for a final report (every criterion assessed, the texts written).
fn final_document() -> String {
    let seed = std::fs::read_to_string(root().join("fixtures/seed-vardcentral.toml")).unwrap();
    let mut s = seed.replacen(
        "[report]\n",
        "[report]\nstatus = \"final\"\ndate = 2026-01-20\nversion = \"1.0\"\n",
        1,
    );
    for area in &spur_core::Catalog::embedded().areas {
        for c in &area.criteria {
            let key = format!("\"{}\"", c.id);
            if !s.lines().any(|l| l.trim_start().starts_with(&key)) {
                s = s.replacen("[findings]\n", &format!("[findings]\n{key} = \"met\"\n"), 1);
            }
        }
    }
    s
}

/// The files the examples name and do not make themselves.
fn base(dir: &Path) {
    let r = root();
    copy_dir(&r.join("fixtures"), &dir.join("fixtures"));
    let seed = r.join("fixtures/seed-vardcentral.toml");
    for name in ["inspection.toml", "insp.toml", "a.toml", "new.toml"] {
        std::fs::copy(&seed, dir.join(name)).unwrap();
    }
    std::fs::copy(r.join("fixtures/compare/2021.toml"), dir.join("old.toml")).unwrap();
    std::fs::copy(
        r.join("fixtures/overview/medicin-ostersund.json"),
        dir.join("b.json"),
    )
    .unwrap();
    copy_dir(&r.join("fixtures/overview"), &dir.join("inspections"));
    copy_dir(
        &r.join("fixtures/kardiologi/indicators"),
        &dir.join("my-sets"),
    );
    std::fs::write(dir.join("final.toml"), final_document()).unwrap();
    // The unit's filled templates.
    for (format, name) in [
        ("docx", "handlingsplan-ifylld.docx"),
        ("xlsx", "svar.xlsx"),
        ("xlsx", "ifylld.xlsx"),
    ] {
        let status = common::spur()
            .current_dir(dir)
            .args([
                "handlingsplan",
                "inspection.toml",
                "--format",
                format,
                "-o",
                name,
            ])
            .output()
            .unwrap()
            .status;
        assert!(status.success());
    }
}

/// Run one example in `dir` through the shell, with `spur` on PATH. A server example runs on
/// a free port until it is seen to serve (then it is stopped: it ran).
fn run(dir: &Path, example: &str) -> (Option<i32>, String) {
    let bin_dir = spur_bin().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let serve = example.starts_with("spur serve");
    let line = if serve {
        let mut words: Vec<String> = example.split(' ').map(str::to_string).collect();
        match words.iter().position(|w| w == "--bind") {
            Some(i) => words[i + 1] = "127.0.0.1:0".into(),
            None => words.extend(["--bind".into(), "127.0.0.1:0".into()]),
        }
        // `exec`: the shell becomes the server, so stopping the child stops the server (a
        // server left behind by the shell would outlive the test).
        format!("exec {}", words.join(" "))
    } else {
        example.to_string()
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(&line)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("SPUR_LANG")
        .env_remove("SPUR_CATALOG_PATH")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    if serve {
        // Give it a moment; still running means it is serving.
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3) {
            if let Some(status) = child.try_wait().unwrap() {
                let out = child.wait_with_output().unwrap();
                return (
                    status.code(),
                    String::from_utf8_lossy(&out.stderr).to_string(),
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        child.kill().unwrap();
        let _ = child.wait();
        return (Some(0), String::new());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
                .chars()
                .take(400)
                .collect::<String>()
        ),
    )
}

#[test]
fn every_help_example_runs() {
    let mut paths: Vec<Vec<String>> = vec![vec![]];
    for c in commands(&help(&[])) {
        let subs = commands(&help(&[&c]));
        paths.push(vec![c.clone()]);
        for s in subs {
            paths.push(vec![c.clone(), s]);
        }
    }
    let mut ran = 0;
    let mut failures = Vec::new();
    for path in &paths {
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        let examples = examples(&help(&args));
        if path.len() == 1 && path[0] != "serve" {
            assert!(
                !examples.is_empty(),
                "spur {} --help has no example",
                path[0]
            );
        }
        let dir = tempfile::tempdir().unwrap();
        base(dir.path());
        for example in examples {
            ran += 1;
            let (code, text) = run(dir.path(), &example);
            // Exit 1 is a verdict, not a failure: --deny-warnings with warnings, and
            // verifying the draft report of the walk-through (a draft has no fingerprint).
            let verdict = example.contains("--deny-warnings")
                || (path.is_empty() && example.starts_with("spur verify"));
            let ok = code == Some(0) || (verdict && code == Some(1));
            if !ok {
                failures.push(format!(
                    "spur {} --help: `{example}` exited {code:?}: {text}",
                    path.join(" ")
                ));
            }
        }
    }
    assert!(ran >= 40, "only {ran} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `spur --help` gives the order to start in.
#[test]
fn the_top_level_help_gives_the_order_to_start_in() {
    let text = help(&[]);
    let order = [
        "spur init",
        "spur validate",
        "spur grade",
        "spur report",
        "spur handlingsplan ",
        "spur handlingsplan import",
        "slutrapport.pdf",
        "spur verify",
    ];
    let mut at = 0;
    for step in order {
        let i = text[at..]
            .find(step)
            .unwrap_or_else(|| panic!("`{step}` after byte {at} of: {text}"));
        at += i + step.len();
    }
}
