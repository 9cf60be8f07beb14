//! Issue 28 item 9, the browser form: dates do not follow the browser's locale (text fields
//! read with the same rule as spur's `parse_human_date`: "1 mars 2026" is 2026-03-01, never
//! 2026-01-01, and what cannot be read is refused), a new inspection has no visit date, and a
//! report without a status shows Utkast (draft).

use std::path::PathBuf;
use std::process::Command;

fn asset(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn no_date_field_follows_the_browser_locale() {
    for name in [
        "index.html",
        "handlingsplan.html",
        "app.js",
        "plan.js",
        "common.js",
    ] {
        let text = asset(name);
        assert!(
            !text.contains("type=\"date\"") && !text.contains("type: 'date'"),
            "{name}: a locale-dependent date input"
        );
    }
}

#[test]
fn a_new_inspection_has_no_visit_date_and_a_draft_status() {
    let app = asset("app.js");
    let blank = app
        .split("function blankDocument()")
        .nth(1)
        .and_then(|rest| rest.split("\n  }\n").next())
        .expect("blankDocument");
    assert!(
        !blank.contains("visit_date"),
        "pre-filled visit date: {blank}"
    );
    assert!(!app.contains("today()"), "today as a default");
    assert!(
        app.contains("(rep.status || 'draft') === s"),
        "a report without status shows the draft option"
    );
    assert!(
        !app.contains("reportStatuses = ['', "),
        "no empty status option"
    );
}

#[test]
fn typed_dates_are_read_as_spur_reads_them() {
    let Ok(out) = Command::new("node").arg("--version").output() else {
        eprintln!("SKIPPED typed_dates_are_read_as_spur_reads_them: node is not installed");
        return;
    };
    assert!(out.status.success());
    let cases = [
        ("2026-03-01", Some("2026-03-01")),
        ("1 mars 2026", Some("2026-03-01")),
        (" 1 Mar. 2026 ", Some("2026-03-01")),
        ("1:a mars 2026", Some("2026-03-01")),
        ("15 september 2026", Some("2026-09-15")),
        ("1/3 2026", Some("2026-03-01")),
        ("1/3/2026", None),
        ("03/01/2026", None),
        ("1 mars", None),
        ("31 februari 2026", None),
        ("2026-02-30", None),
        ("mars 2026", None),
    ];
    let script = format!(
        "global.window = {{}}; global.document = {{}}; global.Node = function () {{}};\n{}\n\
         const cases = {};\n\
         for (const [text, want] of cases) {{\n\
           const got = window.Spur.parseDate(text);\n\
           if (got !== want) {{ console.error(`${{JSON.stringify(text)}}: got ${{got}}, want ${{want}}`); process.exitCode = 1; }}\n\
         }}\n",
        asset("common.js"),
        serde_json::to_string(&cases).unwrap()
    );
    let out = Command::new("node").arg("-e").arg(script).output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The same cases through spur's own reader.
    for (text, want) in cases {
        let got = spur_core::dates::parse_human_date(text).map(|d| d.to_string());
        assert_eq!(got.as_deref(), want, "{text}");
    }
}
