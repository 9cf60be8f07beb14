//! Safe files and bounded input: `-o` never replaces an input, a dangling symlink counts as an
//! existing file, inputs are capped, Ctrl-C leaves no temp file, and `--format ics` refuses
//! what a calendar cannot carry.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

fn spur() -> Command {
    let mut c = common::spur();
    c.env("NO_COLOR", "1");
    c
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_output_may_not_be_the_input_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("norr.toml");
    fs::write(&input, SEED).unwrap();
    let same = dir.path().join("sub/../norr.toml");
    fs::create_dir(dir.path().join("sub")).unwrap();
    spur()
        .args([
            "report",
            input.to_str().unwrap(),
            "--format",
            "md",
            "--force",
            "-o",
        ])
        .arg(&same)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("input file"));
    assert_eq!(fs::read_to_string(&input).unwrap(), SEED);
    // Through a symlink too.
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    spur()
        .args([
            "handlingsplan",
            input.to_str().unwrap(),
            "--format",
            "toml",
            "--force",
            "-o",
        ])
        .arg(&link)
        .assert()
        .code(2);
    assert_eq!(fs::read_to_string(&input).unwrap(), SEED);
}

#[test]
fn a_dangling_symlink_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.toml");
    fs::write(&input, SEED).unwrap();
    let out = dir.path().join("rapport.md");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &out).unwrap();
    spur()
        .args(["report", input.to_str().unwrap(), "--format", "md", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    assert!(!dir.path().join("nowhere").exists());
    assert!(fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
}

#[test]
fn inputs_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.toml");
    fs::write(&input, SEED).unwrap();
    spur()
        .args(["validate", "--max-input", "1000", input.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--max-input"));
    // An endless device stops at the default cap (32 MiB) instead of eating the memory.
    let started = Instant::now();
    spur()
        .args(["grade", "/dev/zero"])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("input limit"));
    assert!(started.elapsed() < Duration::from_secs(60));
    spur()
        .args(["validate", "-", "--max-input", "100"])
        .write_stdin(SEED)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--max-input"));
}

#[test]
fn an_interrupted_write_leaves_no_temp_file() {
    for signal in ["INT", "TERM"] {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.toml");
        fs::write(&input, SEED).unwrap();
        let out_dir = dir.path().join("out");
        fs::create_dir(&out_dir).unwrap();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("spur"))
            .args(["report", input.to_str().unwrap(), "--format", "html", "-o"])
            .arg(out_dir.join("rapport.html"))
            .env("SPUR_TEST_PAUSE_BEFORE_PERSIST_MS", "20000")
            .spawn()
            .unwrap();
        // Wait for the temp file (with the report's personal data) to appear…
        let started = Instant::now();
        while names_in(&out_dir).is_empty() {
            assert!(started.elapsed() < Duration::from_secs(30), "no temp file");
            std::thread::sleep(Duration::from_millis(20));
        }
        let tmp = names_in(&out_dir);
        assert!(tmp[0].starts_with(".spur-"), "{tmp:?}");
        // …then interrupt.
        let status = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let status = child.wait().unwrap();
        assert!(!status.success());
        assert_eq!(names_in(&out_dir), Vec::<String>::new(), "SIG{signal}");
    }
}

#[test]
fn a_calendar_refuses_dates_it_cannot_carry_with_their_location() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("far.toml");
    let far = SEED
        .replacen("due = 2026-03-01", "due = 9999-12-31", 1)
        .replacen("follow_up = 2026-10-01", "follow_up = 9999-12-31", 1);
    assert_ne!(far, SEED);
    fs::write(&input, &far).unwrap();
    let line = far
        .lines()
        .position(|l| l.starts_with("due = 9999"))
        .unwrap()
        + 1;
    spur()
        .args([
            "followup",
            input.to_str().unwrap(),
            "--format",
            "ics",
            "--as-of",
            "2026-11-23",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("VCALENDAR").not())
        .stderr(predicate::str::contains(format!("far.toml:{line}:7")))
        .stderr(predicate::str::contains("1900-01-01"));
}

#[test]
fn a_plan_without_dates_gives_no_calendar_but_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("nodates.toml");
    let undated: String = SEED
        .lines()
        .filter(|l| !l.starts_with("due =") && !l.starts_with("follow_up ="))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&input, &undated).unwrap();
    spur()
        .args([
            "followup",
            input.to_str().unwrap(),
            "--format",
            "ics",
            "--as-of",
            "2026-11-23",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("no calendar"));
}
