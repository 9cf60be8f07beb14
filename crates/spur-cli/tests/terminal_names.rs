//! Issue 27: C1 controls (U+009B CSI, U+009D OSC) and bidi overrides reach the terminal from no
//! path — file names in messages and the `spur overview` error list included — and a hostile
//! unit file ends in exit 2, never a panic (exit 101).

mod common;
use common::spur;

use std::path::PathBuf;

/// A file name with CSI, OSC, BEL, ESC, a right-to-left override and an isolate.
const EVIL: &str = "ev\u{9b}2J\u{9d}0;x\u{7}il\u{1b}[31m\u{202e}lmot\u{2066}.toml";

fn assert_clean(stream: &[u8]) {
    let text = String::from_utf8_lossy(stream);
    for c in text.chars() {
        assert!(
            !matches!(c, '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{1b}' | '\u{7}'),
            "raw {:?} in {text:?}",
            c
        );
    }
}

fn evil_file(dir: &std::path::Path, content: &str) -> PathBuf {
    let path = dir.join(EVIL);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn a_file_name_with_c1_and_bidi_controls_is_escaped_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = evil_file(dir.path(), "[inspection]\nunit = 1\n");
    let out = spur().arg("validate").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_clean(&out.stdout);
    assert_clean(&out.stderr);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\\u{9b}2J"), "{err}");
    assert!(err.contains("\\u{202e}"), "{err}");
    // A file that cannot be read at all: the name in the I/O message.
    let missing = dir.path().join(format!("missing-{EVIL}"));
    let out = spur().arg("grade").arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_clean(&out.stderr);
}

#[test]
fn the_overview_error_list_escapes_file_names() {
    let dir = tempfile::tempdir().unwrap();
    evil_file(dir.path(), "[inspection]\nunit = 1\n");
    // Only unreadable files: the error list is the message.
    let out = spur().arg("overview").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_clean(&out.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("\\u{9d}0;x"));
    // One readable document beside it: the list goes to stderr with CSV output.
    std::fs::copy(common::SEED, dir.path().join("seed.toml")).unwrap();
    let out = spur()
        .arg("overview")
        .arg(dir.path())
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_clean(&out.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("\\u{9d}0;x"));
    let out = spur().arg("overview").arg(dir.path()).output().unwrap();
    assert_clean(&out.stdout);
    assert_clean(&out.stderr);
}

/// A workbook whose sheet refers to shared string 7 of 1: calamine panicked on it (exit 101).
fn xlsx_with_a_bad_shared_string() -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in [
        (
            "xl/workbook.xml",
            r#"<workbook xmlns:r="r"><sheets><sheet name="P" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/sharedStrings.xml",
            "<sst><si><t>Kriterium</t></si></sst>",
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData></worksheet>"#,
        ),
    ] {
        out.start_file(name, opts).unwrap();
        out.write_all(data.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_damaged_xlsx_is_exit_2_with_a_located_problem_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let filled = dir.path().join("svar.xlsx");
    std::fs::write(&filled, xlsx_with_a_bad_shared_string()).unwrap();
    let out = spur()
        .args(["handlingsplan", "import"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/minimal.toml"
        ))
        .arg(&filled)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("row 2, column A"), "{err}");
    assert!(err.contains("shared string `7`"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
