//! `spur store …` and `spur audit …`: import, list, log, export (no lock-in: export → import into
//! an empty store → export gives byte-identical files), backup, and the audit chain.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/seed-vardcentral.toml"
);
const NORR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/overview/vardcentral-norr.toml"
);

fn spur(store: &str) -> Command {
    let mut c = Command::cargo_bin("spur").unwrap();
    c.env("SPUR_STORE", store);
    c
}

/// Every file under `dir`: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn export_import_export_gives_byte_identical_files() {
    let tmp = tempfile::tempdir().unwrap();
    let a = format!("sqlite:{}", tmp.path().join("a.db").display());
    let b = format!("sqlite:{}", tmp.path().join("b.db").display());
    let out = spur(&a)
        .args(["store", "import", SEED, NORR, "--author", "anna"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("created inspection 1"), "{out}");
    // The same content again adds nothing.
    let again = spur(&a).args(["store", "import", SEED]).assert().success();
    let again = String::from_utf8(again.get_output().stdout.clone()).unwrap();
    assert!(again.contains("unchanged"), "{again}");
    // A changed document of the same unit and visit is a new version.
    let changed = tmp.path().join("changed.toml");
    std::fs::write(
        &changed,
        std::fs::read_to_string(SEED).unwrap().replace(
            "Dokumentera handledningen.",
            "Dokumentera handledningen varje gång.",
        ),
    )
    .unwrap();
    spur(&a)
        .args(["store", "import", changed.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicates::str::contains("inspection 1 version 2"));

    let list = spur(&a)
        .args(["store", "list", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: serde_json::Value = serde_json::from_slice(&list).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["head_version"], 2);
    assert_eq!(list[0]["unit"], "Vårdcentralen Exempel (seed-enheten)");
    spur(&a)
        .args(["store", "log", "1"])
        .assert()
        .success()
        .stdout(predicates::str::contains("v1"))
        .stdout(predicates::str::contains("anna"));
    spur(&a).args(["store", "log", "99"]).assert().code(2);

    let x1 = tmp.path().join("x1");
    let x2 = tmp.path().join("x2");
    spur(&a)
        .args(["store", "export", x1.to_str().unwrap()])
        .assert()
        .success();
    let first = tree(&x1);
    assert_eq!(first.len(), 2, "{:?}", first.keys());
    assert!(
        first
            .keys()
            .any(|k| k.ends_with("2025-11-12-Allmänmedicin.toml")
                && k.contains("Västra Götalandsregionen")),
        "{:?}",
        first.keys()
    );
    // Exporting again over the same files is refused without --force.
    spur(&a)
        .args(["store", "export", x1.to_str().unwrap()])
        .assert()
        .code(2);
    spur(&b)
        .args(["store", "import", x1.to_str().unwrap()])
        .assert()
        .success();
    spur(&b)
        .args(["store", "export", x2.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        tree(&x2),
        first,
        "export → import → export changed the files"
    );

    // Every version, and the history rebuilt from it.
    let all = tmp.path().join("all");
    spur(&a)
        .args(["store", "export", all.to_str().unwrap(), "--all-versions"])
        .assert()
        .success();
    let versions = tree(&all);
    assert_eq!(versions.len(), 3, "{:?}", versions.keys());
    assert!(versions.keys().any(|k| k.ends_with("v0002.toml")));

    // The audit chain and its export.
    spur(&a)
        .args(["audit", "verify"])
        .assert()
        .success()
        .stdout(predicates::str::contains("audit chain intact"));
    let lines = spur(&a)
        .args(["audit", "export"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines = String::from_utf8(lines).unwrap();
    let events: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(events.len() >= 4, "{lines}");
    assert_eq!(events[0]["seq"], 1);
    assert_eq!(events[0]["actor"], "anna");

    // Backup: an online copy that opens as a store, never over a file.
    let backup = tmp.path().join("backup.db");
    spur(&a)
        .args(["store", "backup", backup.to_str().unwrap()])
        .assert()
        .success();
    spur(&a)
        .args(["store", "backup", backup.to_str().unwrap()])
        .assert()
        .code(2);
    Command::cargo_bin("spur")
        .unwrap()
        .env_remove("SPUR_STORE")
        .args(["store", "list", "--store"])
        .arg(format!("sqlite:{}", backup.display()))
        .assert()
        .success()
        .stdout(predicates::str::contains("Vårdcentralen Norr"));
}

#[test]
fn a_bad_store_url_or_a_bad_document_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    spur("mysql://x/y").args(["store", "list"]).assert().code(2);
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[inspection\n").unwrap();
    let store = format!("sqlite:{}", tmp.path().join("s.db").display());
    spur(&store)
        .args(["store", "import", bad.to_str().unwrap(), SEED])
        .assert()
        .code(2)
        .stdout(predicates::str::contains("created inspection 1"));
    spur(&store)
        .args([
            "store",
            "import",
            tmp.path().join("missing.toml").to_str().unwrap(),
        ])
        .assert()
        .code(2);
}
