//! `spur form`: one self-contained HTML file, never replacing a file without --force.
//! (The file is driven in headless Chromium by crates/spur-server/tests/browser.rs.)

use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn spur() -> Command {
    let mut c = Command::cargo_bin("spur").unwrap();
    // The language comes from the flag, SPUR_LANG or the locale: tests choose it themselves.
    for v in ["SPUR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(v);
    }
    c
}

#[test]
fn writes_one_self_contained_file_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spur-form.html");
    let s = spur().args(["form", "-o"]).arg(&out).output().unwrap();
    assert!(s.status.success(), "{}", String::from_utf8_lossy(&s.stderr));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(!html.contains("src=\"/assets"), "no script from a server");
    assert!(
        !html.contains("href=\"/assets"),
        "no stylesheet from a server"
    );
    assert!(html.contains("<script type=\"module\">"));
    assert!(html.len() > 2_000_000, "the WebAssembly module is inlined");

    std::fs::write(&out, "mine").unwrap();
    let s = spur().args(["form", "-o"]).arg(&out).output().unwrap();
    assert_eq!(s.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&s.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");

    let s = spur()
        .args(["form", "--force", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(s.status.success());
    assert!(std::fs::read_to_string(&out).unwrap().len() > 2_000_000);
}
