//! One fixture per diagnostic code, like ruff's one fixture and one snapshot per rule:
//! `fixtures/invalid/<code>.toml` (plus `<code>.json` where JSON behaves differently) must
//! produce that code, and the rendered output of each fixture is an insta snapshot.
//!
//! A new `Code` without a fixture fails `every_code_has_a_fixture`.

use std::path::{Path, PathBuf};

use spur_core::{Catalog, Code, Diagnostic, Format, InspectionDocument, Lang};

fn dir() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/invalid"
    ))
    .to_path_buf()
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("fixtures/invalid exists")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("toml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

fn code_of(path: &Path) -> Code {
    let stem = path.file_stem().unwrap().to_str().unwrap();
    *Code::ALL
        .iter()
        .find(|c| c.name() == stem)
        .unwrap_or_else(|| panic!("{} is not named after a diagnostic code", path.display()))
}

/// Every diagnostic of a fixture: catalogs are read as catalogs, everything else as an
/// inspection document.
fn diagnostics(path: &Path, code: Code) -> Vec<Diagnostic> {
    let src = std::fs::read_to_string(path).unwrap();
    let name = format!(
        "fixtures/invalid/{}",
        path.file_name().unwrap().to_str().unwrap()
    );
    if code == Code::CatalogInconsistent {
        return match Catalog::from_toml_str(&src, &name) {
            Ok(_) => Vec::new(),
            Err(spur_core::Error::Invalid(d)) => d.0,
            Err(e) => panic!("{e}"),
        };
    }
    InspectionDocument::check(&src, &name, Format::from_path(path), Catalog::embedded())
        .diagnostics
        .0
}

/// What a fixture's snapshot shows: unassessed-criterion warnings are the same for every small
/// document, so only their own fixture shows them, and there only the first three; the
/// too-many-problems fixture shows its first two problems and the summary.
fn shown_of(code: Code, all: &[Diagnostic]) -> Vec<&Diagnostic> {
    match code {
        Code::Unassessed => all.iter().take(3).collect(),
        Code::TooManyProblems => {
            assert_eq!(
                all.len(),
                spur_core::MAX_PROBLEMS + 1,
                "listed problems and the summary"
            );
            let summary = all.last().filter(|d| d.code == code);
            all.iter().take(2).chain(summary).collect()
        }
        _ => all.iter().filter(|d| d.code != Code::Unassessed).collect(),
    }
}

#[test]
fn every_code_has_a_fixture() {
    let missing: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("fixtures/invalid/{}.toml", c.name()))
        .filter(|f| !dir().join(Path::new(f).file_name().unwrap()).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "every diagnostic code needs a fixture; add {missing:?} and accept its snapshot \
         (cargo insta test -p spur-core --test fixtures --accept)"
    );
}

#[test]
fn every_fixture_produces_its_code_and_renders_as_snapshotted() {
    let files = fixtures();
    assert!(files.len() >= Code::ALL.len());
    for path in files {
        let code = code_of(&path);
        let all = diagnostics(&path, code);
        assert!(
            all.iter().any(|d| d.code == code),
            "{} does not produce `{code}`: {all:#?}",
            path.display()
        );
        // Unassessed-criterion warnings are the same for every small document: show them only
        // in their own fixture, and there only the first three.
        let shown: Vec<&Diagnostic> = shown_of(code, &all);
        let mut text = spur_core::render::diagnostics(shown.iter().copied(), false);
        if shown.len() < all.len() && code != Code::TooManyProblems {
            text.push_str(&format!(
                "… and {} unassessed-criterion warning(s) not shown\n",
                all.len() - shown.len()
            ));
        }
        let json = serde_json::to_string_pretty(&shown).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        insta::assert_snapshot!(name.clone(), format!("{text}---- JSON\n{json}\n"));
    }
}

/// The same fixtures in Swedish (`spur validate --lang sv`): one snapshot per fixture,
/// `<fixture>.sv`, rendered text and JSON. Code, path and location are those of the English
/// snapshot; the message and hint of every problem of the fixture's own code are Swedish.
#[test]
fn every_fixture_renders_in_swedish() {
    for path in fixtures() {
        let code = code_of(&path);
        let all = diagnostics(&path, code);
        let shown: Vec<Diagnostic> = shown_of(code, &all).into_iter().cloned().collect();
        let sv: Vec<Diagnostic> = shown
            .iter()
            .cloned()
            .map(|d| d.localized(Lang::Sv))
            .collect();
        for (en, sv) in shown.iter().zip(&sv) {
            assert_eq!(
                (en.code, &en.path, &en.location, en.severity),
                (sv.code, &sv.path, &sv.location, sv.severity)
            );
            if en.code == code {
                assert_ne!(en.message, sv.message, "{}: not translated", path.display());
                if en.hint.is_some() {
                    assert_ne!(en.hint, sv.hint, "{}: hint not translated", path.display());
                }
            }
        }
        let mut text = spur_core::render::diagnostics_in(&sv, false, Lang::Sv);
        if shown.len() < all.len() && code != Code::TooManyProblems {
            text.push_str(&format!(
                "… och {} varning(ar) om ej bedömda kriterier visas inte\n",
                all.len() - shown.len()
            ));
        }
        let json = serde_json::to_string_pretty(&sv).unwrap();
        let name = format!("{}.sv", path.file_name().unwrap().to_str().unwrap());
        insta::assert_snapshot!(name, format!("{text}---- JSON\n{json}\n"));
    }
}
