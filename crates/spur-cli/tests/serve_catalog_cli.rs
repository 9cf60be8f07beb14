//! Issue 19: `spur serve --catalog-dir DIR` checks the user's catalog files before it starts;
//! a bad directory or file stops it with exit 2 and the located problem (the server's grading
//! with the set is tested in crates/spur-server/tests/previous.rs).

mod common;

use predicates::prelude::*;

#[test]
fn serve_refuses_a_missing_catalog_dir_with_exit_2() {
    common::spur()
        .env_remove("SPUR_CATALOG_PATH")
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--catalog-dir",
            "/nonexistent/spur-sets",
        ])
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/spur-sets"));
}

#[test]
fn serve_refuses_a_bad_indicator_set_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("trasig.toml"),
        "specialty = \"kardiologi\"\nsociety = \"X\"\nversion = \"x-1\"\n\n[[indicators]]\nid = \"A.F1\"\nsv = \"Text\"\n",
    )
    .unwrap();
    common::spur()
        .env_remove("SPUR_CATALOG_PATH")
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--stateless",
            "--catalog-dir",
        ])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("trasig.toml"));
}
