//! `--lang sv|en` on every command, and the default rule: `--lang`, then `SPUR_LANG`, then the
//! locale (`LC_ALL`, `LC_MESSAGES`, `LANG`: `sv…` → Swedish, `en…` → English), then the
//! command's default. Environment variables are set on the child process only.

mod common;

use common::SEED;

use assert_cmd::Command;
use predicates::prelude::*;

const UNKNOWN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/invalid/unknown-criterion.toml"
);

/// `spur` with no language in its environment.
fn spur() -> Command {
    let mut c = common::spur();
    c.env("NO_COLOR", "1");
    c
}

fn stderr_of(c: &mut Command) -> String {
    String::from_utf8(c.output().unwrap().stderr).unwrap()
}

fn stdout_of(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const SV_ERROR: &str = "fel[unknown-criterion]: okänt kriterie-id `D.F33`";
const EN_ERROR: &str = "error[unknown-criterion]: unknown criterion id `D.F33`";

#[test]
fn validate_speaks_swedish_with_lang_sv_and_english_by_default() {
    spur()
        .args(["validate", UNKNOWN, "--lang", "sv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(SV_ERROR))
        .stderr(predicate::str::contains(
            "= tips: menade du `D.F3`? (`spur catalog --area D` listar dem)",
        ))
        .stderr(predicate::str::contains("varning[unassessed]"))
        .stderr(predicate::str::contains("område A: 4 kriterier ej bedömda"))
        .stderr(predicate::str::contains("1 fil(er): 1 fel, 75 varning(ar)"))
        .stderr(predicate::str::contains("hint:").not());
    spur()
        .args(["validate", UNKNOWN])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(EN_ERROR))
        .stderr(predicate::str::contains("= hint: did you mean `D.F3`?"))
        .stderr(predicate::str::contains(
            "1 file(s): 1 error(s), 75 warning(s)",
        ));
}

#[test]
fn validate_json_keeps_code_path_and_location_and_translates_the_words() {
    let json = |lang: &str| -> serde_json::Value {
        let out = spur()
            .args(["validate", UNKNOWN, "--format", "json", "--lang", lang])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (sv, en) = (json("sv"), json("en"));
    let first = |v: &serde_json::Value| {
        v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "unknown-criterion")
            .unwrap()
            .clone()
    };
    let (s, e) = (first(&sv), first(&en));
    for key in ["code", "severity", "path", "location"] {
        assert_eq!(s[key], e[key], "{key}");
    }
    assert_eq!(s["message"], "okänt kriterie-id `D.F33`");
    assert_eq!(e["message"], "unknown criterion id `D.F33`");
    assert_eq!(
        s["hint"],
        "menade du `D.F3`? (`spur catalog --area D` listar dem)"
    );
}

#[test]
fn spur_lang_then_the_locale_then_english() {
    let run = |vars: &[(&str, &str)]| {
        let mut c = spur();
        c.args(["validate", UNKNOWN]);
        for (k, v) in vars {
            c.env(k, v);
        }
        stderr_of(&mut c)
    };
    let sv = |vars: &[(&str, &str)]| {
        let text = run(vars);
        assert!(text.contains(SV_ERROR), "{vars:?}: {text}");
    };
    let en = |vars: &[(&str, &str)]| {
        let text = run(vars);
        assert!(text.contains(EN_ERROR), "{vars:?}: {text}");
    };
    sv(&[("SPUR_LANG", "sv")]);
    sv(&[("LANG", "sv_SE.UTF-8")]);
    sv(&[("LC_MESSAGES", "sv_SE.UTF-8"), ("LANG", "en_US.UTF-8")]);
    sv(&[("LC_ALL", "sv_SE.UTF-8"), ("LC_MESSAGES", "en_US.UTF-8")]);
    en(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "sv_SE.UTF-8")]);
    en(&[("SPUR_LANG", "en"), ("LANG", "sv_SE.UTF-8")]);
    sv(&[("SPUR_LANG", "sv"), ("LC_ALL", "en_US.UTF-8")]);
    en(&[("LANG", "C.UTF-8")]);
    en(&[]);
    // The flag wins over everything.
    let mut c = spur();
    c.args(["validate", UNKNOWN, "--lang", "en"])
        .env("SPUR_LANG", "sv")
        .env("LANG", "sv_SE.UTF-8");
    assert!(stderr_of(&mut c).contains(EN_ERROR));
    let mut c = spur();
    c.args(["validate", "--lang", "sv", UNKNOWN])
        .env("SPUR_LANG", "en");
    assert!(stderr_of(&mut c).contains(SV_ERROR));
}

#[test]
fn a_bad_lang_exits_2_with_the_valid_values() {
    spur()
        .args(["grade", SEED, "--lang", "de"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values: sv, en"));
    spur()
        .args(["grade", SEED])
        .env("SPUR_LANG", "de")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SPUR_LANG"))
        .stderr(predicate::str::contains("`sv`").and(predicate::str::contains("`en`")));
}

#[test]
fn grade_labels_follow_the_language() {
    let sv = stdout_of(spur().args(["grade", SEED, "--lang", "sv"]));
    for want in [
        "SPUR-gradering (katalog",
        "Område",
        "D Tjänstgöringens upplägg",
        "Handlingsplan krävs: ja (inkommen 2026-01-15)",
        "Krav i handlingsplanen: D.F6",
        "Förklaring: D→C justerad efter inkommen handlingsplan",
    ] {
        assert!(sv.contains(want), "{want}: {sv}");
    }
    for english in [
        "Area",
        "required",
        "Legend",
        "received",
        "grades",
        "tolerance",
    ] {
        assert!(!sv.contains(english), "`{english}` in Swedish: {sv}");
    }
    let en = stdout_of(spur().args(["grade", SEED, "--lang", "en"]));
    for want in [
        "SPUR grades (catalog",
        "Area",
        "Handlingsplan required: yes (received 2026-01-15)",
        "Legend:",
    ] {
        assert!(en.contains(want), "{want}: {en}");
    }
    let by_env = stdout_of(spur().args(["grade", SEED]).env("LANG", "sv_SE.UTF-8"));
    assert_eq!(by_env, sv);
}

#[test]
fn report_stays_swedish_by_default_and_follows_spur_lang_and_the_locale() {
    let md = |vars: &[(&str, &str)]| {
        let mut c = spur();
        c.args(["report", SEED]);
        for (k, v) in vars {
            c.env(k, v);
        }
        stdout_of(&mut c)
    };
    assert!(md(&[]).starts_with("# SPUR-rapport:"));
    assert!(md(&[("LANG", "C.UTF-8")]).starts_with("# SPUR-rapport:"));
    assert!(md(&[("LANG", "en_US.UTF-8")]).starts_with("# SPUR report:"));
    assert!(md(&[("SPUR_LANG", "en"), ("LANG", "sv_SE.UTF-8")]).starts_with("# SPUR report:"));
    assert!(
        stdout_of(
            spur()
                .args(["report", SEED, "--lang", "en"])
                .env("SPUR_LANG", "sv")
        )
        .starts_with("# SPUR report:")
    );
}

#[test]
fn a_document_with_errors_is_reported_in_the_chosen_language_by_every_command() {
    for cmd in ["grade", "report", "handlingsplan", "explain"] {
        let mut args = vec![cmd, "-", "--lang", "sv"];
        if cmd == "explain" {
            args.insert(2, "D");
        }
        spur()
            .args(&args)
            .write_stdin("[inspection]\nunit = \"x\"\n")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "fel[missing-field]: obligatorisk nyckel `inspection.visit_date` saknas",
            ))
            .stderr(predicate::str::contains("= tips: ange besöksdatum"));
    }
}

#[test]
fn every_command_that_prints_words_takes_lang() {
    for cmd in [
        "init",
        "validate",
        "grade",
        "explain",
        "catalog",
        "serve",
        "form",
        "followup",
        "overview",
        "report",
        "handlingsplan",
        "agenda",
        "commitments",
        "compare",
    ] {
        spur()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("--lang <LANG>"));
    }
}

#[test]
fn followup_speaks_the_chosen_language() {
    let sv = stdout_of(spur().args(["followup", SEED, "--as-of", "2026-03-01", "--lang", "sv"]));
    for want in [
        "Uppföljning av handlingsplan: Vårdcentralen Exempel (seed-enheten) — per 2026-03-01",
        "Besök 2025-11-12, handlingsplan inkommen 2026-01-15",
        "Kriterium",
        "ska vara genomförd i dag",
        "Sammanfattning: 3 ej förfallen",
    ] {
        assert!(sv.contains(want), "{want}: {sv}");
    }
    for english in ["Criterion", "Summary", "as of", "due soon"] {
        assert!(!sv.contains(english), "`{english}` in Swedish: {sv}");
    }
    let by_env = stdout_of(
        spur()
            .args(["followup", SEED, "--as-of", "2026-03-01"])
            .env("SPUR_LANG", "sv"),
    );
    assert_eq!(by_env, sv);
    let en = stdout_of(spur().args(["followup", SEED, "--as-of", "2026-03-01"]));
    assert!(en.starts_with("Handlingsplan follow-up:"), "{en}");
    let md = stdout_of(spur().args([
        "followup",
        SEED,
        "--as-of",
        "2026-03-01",
        "--format",
        "md",
        "--lang",
        "sv",
    ]));
    assert!(md.starts_with("# Uppföljning av handlingsplan:"), "{md}");
}

#[test]
fn overview_speaks_the_chosen_language() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/overview");
    let out = spur()
        .args(["overview", dir, "--as-of", "2026-06-01", "--lang", "sv"])
        .output()
        .unwrap();
    let sv = String::from_utf8(out.stdout).unwrap();
    for want in [
        "SPUR regional översikt — per 2026-06-01 — 4 enhet(er) från 5 fil(er)",
        "Enheter med D och utan inkommen handlingsplan: 1",
        "Försenade åtgärder i handlingsplaner: 1",
        "uppföljning försenad",
        "SAKNAS",
    ] {
        assert!(sv.contains(want), "{want}: {sv}");
    }
    for english in ["Unit", "Overdue plan entries", "MISSING", "received"] {
        assert!(!sv.contains(english), "`{english}` in Swedish: {sv}");
    }
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("varning: 1 av 5 fil(er)")
    );
    let html = spur()
        .args([
            "overview",
            dir,
            "--as-of",
            "2026-06-01",
            "--format",
            "html",
            "--lang",
            "sv",
        ])
        .output()
        .unwrap();
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(
        html.contains("<html lang=\"sv\">") && html.contains("<h1>SPUR regional översikt</h1>")
    );
    let en = spur()
        .args(["overview", dir, "--as-of", "2026-06-01", "--format", "html"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(en.stdout)
            .unwrap()
            .contains("<html lang=\"en\">")
    );
}

#[test]
fn catalog_speaks_the_chosen_language() {
    let sv = stdout_of(spur().args(["catalog", "--area", "G", "--lang", "sv"]));
    assert!(
        sv.starts_with("Katalog spur-2026.1 — typ: F föreskrift"),
        "{sv}"
    );
    assert!(sv.contains("(PROCESS, skala abcd)"), "{sv}");
    assert!(
        !sv.contains("not applicable") && !sv.contains("scale"),
        "{sv}"
    );
    let en = stdout_of(spur().args(["catalog", "--area", "G"]));
    assert!(en.starts_with("Catalog spur-2026.1 — kinds:"), "{en}");
}

#[test]
fn agenda_speaks_the_chosen_language() {
    let log = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/supervision-log.toml"
    );
    let sv = stdout_of(spur().args(["agenda", log, "--date", "2026-11-04", "--lang", "sv"]));
    for want in [
        "# Handledning — agenda för ST-07 — 2026-11-04",
        "## Varje möte",
        "## Aktuellt enligt frekvens",
        "var 3:e månad; senast behandlat 2025-11-12, aktuellt sedan 2026-02-12",
        "## Mål för hela ST",
        "(frekvensen osäker: medel)",
    ] {
        assert!(sv.contains(want), "{want}: {sv}");
    }
    for english in [
        "Every meeting",
        "Due by frequency",
        "last covered",
        "due since",
        "Toolkit",
    ] {
        assert!(!sv.contains(english), "`{english}` in Swedish: {sv}");
    }
    let en = stdout_of(spur().args(["agenda", log, "--date", "2026-11-04"]));
    assert!(en.contains("## Due by frequency"), "{en}");
}

#[test]
fn supervision_log_problems_follow_the_language() {
    let log = "[st]\nid = \"ST-01\"\nstart = 2025-01-01\nplanned_end = 2029-12-31\n\
               [[meetings]]\ndate = 2025-02-03\nminutes = 60\ntopics = [\"T99\"]\n";
    for cmd in ["agenda", "commitments"] {
        spur()
            .args([cmd, "-", "--lang", "sv"])
            .write_stdin(log)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "fel[invalid-value]: okänt ämnes-id `T99`",
            ))
            .stderr(predicate::str::contains("1 fel, 0 varning(ar)"));
        spur()
            .args([cmd, "-"])
            .write_stdin(log)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "error[invalid-value]: unknown topic id `T99`",
            ));
    }
}

#[test]
fn init_comments_follow_the_language_and_stay_swedish_by_default() {
    let sv = stdout_of(spur().args(["init", "--regulations", "2021", "-"]));
    assert!(
        sv.starts_with("# SPUR-inspektion — inspektionsdokument"),
        "{sv}"
    );
    assert!(
        sv.contains("# Varje ST-läkare har ett utbildningsprogram"),
        "{sv}"
    );
    let en = stdout_of(spur().args(["init", "--regulations", "2021", "--lang", "en", "-"]));
    assert!(
        en.starts_with("# SPUR inspection — inspection document"),
        "{en}"
    );
    assert!(
        en.contains("# Each ST doctor has a training programme"),
        "{en}"
    );
    assert!(
        !en.contains("Fyll i status") && !en.contains("skala"),
        "{en}"
    );
    // The same document either way: only comments differ.
    let strip = |t: &str| -> Vec<String> {
        t.lines()
            .map(|l| l.split('#').next().unwrap().trim_end().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    assert_eq!(strip(&sv), strip(&en));
    let by_env = stdout_of(
        spur()
            .args(["init", "--regulations", "2021", "-"])
            .env("LANG", "en_GB.UTF-8"),
    );
    assert_eq!(by_env, en);
}

#[test]
fn commitments_speak_the_chosen_language() {
    let log = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/supervision-log.toml"
    );
    let sv = stdout_of(spur().args(["commitments", log, "--as-of", "2026-03-04", "--lang", "sv"]));
    for want in [
        "# Åtaganden — ST-07 — per 2026-03-04",
        "| Revidera IUP minst två gånger årligen | ≥ 2 per kalenderår | 2026 | 1 | i fas |",
        "93 min/vecka | i riskzonen",
        "Specialistkollegium 3 gånger under ST",
        "7 möten, 840 min på 9.0 veckor; terminen kräver 3103 min",
        "## Antaganden",
    ] {
        assert!(sv.contains(want), "{want}: {sv}");
    }
    for english in [
        "Commitment",
        "on track",
        "at risk",
        "meetings",
        "Evidences",
        "Assumptions",
        "Rule:",
        "per calendar year",
        " linked to ",
    ] {
        assert!(!sv.contains(english), "`{english}` in Swedish: {sv}");
    }
    let en = stdout_of(spur().args(["commitments", log, "--as-of", "2026-03-04"]));
    assert!(en.starts_with("# Commitments — ST-07"), "{en}");
}

#[test]
fn the_offline_form_opens_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let sv = dir.path().join("sv.html");
    let en = dir.path().join("en.html");
    spur()
        .args(["form", "-o", sv.to_str().unwrap()])
        .assert()
        .success();
    spur()
        .args(["form", "--lang", "en", "-o", en.to_str().unwrap()])
        .assert()
        .success();
    let sv = std::fs::read_to_string(sv).unwrap();
    let en = std::fs::read_to_string(en).unwrap();
    assert!(sv.contains("<html lang=\"sv\">"));
    assert!(en.contains("<html lang=\"en\">") && !en.contains("<html lang=\"sv\">"));
}
