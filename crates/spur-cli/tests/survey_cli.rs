//! `spur survey questions` and `spur survey summary` end to end.

mod common;
use common::spur;

use predicates::prelude::*;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/survey/seed-area-h.csv"
);
const TWO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/survey/two-supervisors.csv"
);

fn json(args: &[&str]) -> serde_json::Value {
    let out = spur()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn questions_as_json_list_the_scale_and_every_statement() {
    let v = json(&["survey", "questions", "--format", "json"]);
    assert_eq!(v["lang"], "sv", "Swedish by default");
    assert_eq!(v["scale"][0]["text"], "Stämmer helt");
    assert_eq!(v["scale"][4]["id"], "ej_relevant");
    let statements = v["statements"].as_array().unwrap();
    assert_eq!(statements.len(), 60);
    let e1 = statements.iter().find(|s| s["id"] == "E.S1").unwrap();
    assert_eq!(e1["area"], "E");
    assert_eq!(e1["groups"], serde_json::json!(["st-lakare"]));
    assert_eq!(e1["text"], "Jag har en utsedd huvudansvarig handledare.");

    let v = json(&[
        "survey",
        "questions",
        "--group",
        "handledare",
        "--lang",
        "en",
        "--format",
        "json",
    ]);
    assert_eq!(v["scale"][0]["text"], "Fully agree");
    assert_eq!(v["group"], "handledare");
    let statements = v["statements"].as_array().unwrap();
    assert!(statements.iter().all(|s| {
        s["groups"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("handledare"))
    }));
    assert!(
        statements
            .iter()
            .any(|s| s["text"] == "I give the ST doctor feedback on leadership.")
    );
}

#[test]
fn questions_in_every_format() {
    spur()
        .args(["survey", "questions", "--group", "st-lakare"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "- **E.S1** Jag har en utsedd huvudansvarig handledare.",
        ));
    spur()
        .args(["survey", "questions", "--format", "html"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "<!DOCTYPE html>\n<html lang=\"sv\">",
        ));
    let out = spur()
        .args([
            "survey",
            "questions",
            "--format",
            "csv",
            "--specialty",
            "allmänmedicin",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(out.starts_with(b"\xEF\xBB\xBFid;"));
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("\r\nA.AM1;A;st-lakare;"), "{text}");
    assert!(text.contains("\r\nH.fritext;H;;"), "{text}");
}

#[test]
fn questions_refuse_an_unknown_group_or_specialty() {
    spur()
        .args(["survey", "questions", "--group", "chef"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a survey group"));
    spur()
        .args([
            "survey",
            "questions",
            "--specialty",
            "kardiologgi",
            "--lang",
            "en",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`kardiologgi` is not a known specialty",
        ))
        .stderr(predicate::str::contains("did you mean `kardiologi`?"));
}

#[test]
fn the_seed_summary_flags_area_h() {
    let v = json(&["survey", "summary", SEED, "--format", "json"]);
    let d = v["discrepancies"].as_array().unwrap();
    assert!(d.iter().any(|d| d["area"] == "H"
        && d["handledare"]["statement"] == "H.S2"
        && d["st_lakare"]["statement"] == "H.S3"));
    spur()
        .args(["survey", "summary", SEED])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "## Skillnader mellan handledare och ST-läkare",
        ))
        .stdout(predicate::str::contains("| H | H.S2 "));
    // A margin of 0.8 keeps only supervision (100 % against 0 %).
    let v = json(&[
        "survey", "summary", SEED, "--margin", "0.8", "--format", "json",
    ]);
    let d = v["discrepancies"].as_array().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["handledare"]["statement"], "H.S6");
}

#[test]
fn two_supervisors_are_too_few_in_every_format() {
    let v = json(&["survey", "summary", TWO, "--format", "json"]);
    assert_eq!(v["discrepancies"], serde_json::json!([]));
    assert_eq!(
        v["groups"][2],
        serde_json::json!({"group": "handledare", "suppressed": true, "individual": false})
    );
    spur()
        .args(["survey", "summary", TWO])
        .assert()
        .success()
        .stdout(predicate::str::contains("Handledare: för få svar"));
    spur()
        .args(["survey", "summary", TWO, "--format", "html", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "class=\"suppressed\">too few answers<",
        ));
}

#[test]
fn a_bad_answers_file_is_every_located_problem_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("svar.csv");
    std::fs::write(
        &path,
        "svarande;grupp;påstående;svar\nH1;handledare;H.S2;kanske\nS1;st-lakare;H.S2;1\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    spur()
        .args(["survey", "summary", p])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("svar.csv:2:20"))
        .stderr(predicate::str::contains("`kanske` är inget svar på skalan"))
        .stderr(predicate::str::contains("svar.csv:3:"))
        .stderr(predicate::str::contains(
            "påståendet `H.S2` ställs inte till st-lakare",
        ));
    spur()
        .args(["survey", "summary", p, "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`kanske` is not an answer on the scale",
        ));
    spur()
        .args(["survey", "summary", SEED, "--margin", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a margin"));
}

const REPORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/seed-vardcentral.toml"
);

fn stdout(args: &[&str]) -> String {
    let out = spur()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_summary_as_csv_withholds_two_supervisors() {
    let csv = stdout(&["survey", "summary", TWO, "--format", "csv"]);
    assert!(csv.starts_with('\u{feff}'), "a BOM for Excel");
    let rows: Vec<&str> = csv.lines().filter(|l| l.contains(";handledare;")).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let figures = row.split(";handledare;").nth(1).unwrap();
        assert!(figures.starts_with("för få svar;"), "{row}");
        assert!(!figures.chars().any(|c| c.is_ascii_digit()), "{row}");
    }
    assert!(!csv.contains("dokumenterar den sällan"));
    let seed = stdout(&["survey", "summary", SEED, "--format", "csv"]);
    assert!(seed.contains("H;H.S2;"), "{seed}");
    assert!(seed.contains(";handledare;3;"), "{seed}");
    assert!(
        seed.contains("dokumenterar den sällan"),
        "a shown group's free text"
    );
}

#[test]
fn the_report_takes_the_survey_as_an_appendix() {
    // From the answers (CSV) and from a summary (JSON), in Markdown and HTML.
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.json");
    std::fs::write(
        &summary,
        stdout(&["survey", "summary", TWO, "--format", "json"]),
    )
    .unwrap();
    let summary = summary.to_str().unwrap();
    for (source, too_few) in [(TWO, true), (summary, true), (SEED, false)] {
        let md = stdout(&["report", REPORT, "--survey", source]);
        let at = md
            .find("\n## Bilaga: Förenkät: sammanställning\n")
            .expect(source);
        assert!(at > md.find("HANDLINGSPLAN").unwrap(), "after the report");
        assert_eq!(md.contains("Handledare: för få svar"), too_few, "{source}");
        assert_eq!(md.contains("dokumenterar den sällan"), !too_few, "{source}");
        let html = stdout(&["report", REPORT, "--format", "html", "--survey", source]);
        assert!(html.contains("<h2 id=\"survey-h\">Bilaga: Förenkät: sammanställning</h2>"));
        assert!(html.find("id=\"survey-h\"").unwrap() < html.rfind("</body>").unwrap());
    }
    let md = stdout(&["report", REPORT, "--survey", SEED]);
    assert!(md.contains("H.S2"), "the seed's gap is in the appendix");
    // Other formats, and a file that is not a summary, are exit 2 with a reason.
    spur()
        .args(["report", REPORT, "--format", "docx", "--survey", SEED, "-o"])
        .arg(dir.path().join("r.docx"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format md or --format html"));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"groups\": 1}").unwrap();
    spur()
        .args(["report", REPORT, "--survey"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.json:1:12"));
    assert!(!dir.path().join("r.docx").exists(), "nothing written");
}
