//! Diagnostic codes are data: unique, described, and listed in `docs/diagnostics.md`, which is
//! generated from the enum. Regenerate it with
//! `SPUR_UPDATE_DOCS=1 cargo test -p spur-core --test codes`.

use std::collections::BTreeSet;
use std::path::Path;

use spur_core::Code;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn codes_are_unique_kebab_case_and_described() {
    let mut names = BTreeSet::new();
    let mut descriptions = BTreeSet::new();
    for &code in Code::ALL {
        let name = code.name();
        assert!(names.insert(name), "code `{name}` is declared twice");
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "`{name}` is not kebab-case"
        );
        assert_eq!(code.to_string(), name);
        assert_eq!(
            serde_json::to_value(code).unwrap(),
            serde_json::Value::String(name.to_string()),
            "JSON and text name of {code:?} differ"
        );
        let d = code.description();
        assert!(d.ends_with('.') && d.len() > 10, "{name}: {d:?}");
        assert!(
            descriptions.insert(d),
            "description of `{name}` repeats another"
        );
    }
    assert!(names.len() >= 20);
}

fn generated() -> String {
    let mut s = String::from(
        "# Diagnostic codes\n\n\
         <!-- Generated from `spur_core::Code` by crates/spur-core/tests/codes.rs; do not edit.\n     \
         Regenerate: SPUR_UPDATE_DOCS=1 cargo test -p spur-core --test codes -->\n\n\
         Every problem spur reports has a stable code, printed as `error[code]` or `warning[code]`\n\
         and given as `\"code\"` in JSON (`spur validate --format json`, the HTTP API). Each code has\n\
         an example input under [`fixtures/invalid/`](../fixtures/invalid/) and a snapshot of its\n\
         rendered output under `crates/spur-core/tests/snapshots/`.\n\n\
         | code | meaning | example |\n|---|---|---|\n",
    );
    for &code in Code::ALL {
        let name = code.name();
        s.push_str(&format!(
            "| `{name}` | {} | [`{name}.toml`](../fixtures/invalid/{name}.toml) |\n",
            code.description().replace('|', "\\|")
        ));
    }
    s
}

#[test]
fn docs_list_every_code() {
    let path = root().join("docs/diagnostics.md");
    let want = generated();
    if std::env::var_os("SPUR_UPDATE_DOCS").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/diagnostics.md is out of date with spur_core::Code; regenerate it with\n\n    \
         SPUR_UPDATE_DOCS=1 cargo test -p spur-core --test codes\n"
    );
}
