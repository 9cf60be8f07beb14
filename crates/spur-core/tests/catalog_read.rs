//! Catalogs and indicator sets are read through the reading layer, as inspection documents are:
//! one parse, every problem at once, each located; and every bundled file reads to the very
//! model serde gives (the way they were read before).

use std::path::{Path, PathBuf};

use spur_core::{Catalog, Code, Diagnostic, Error, IndicatorSet};

/// The repository root.
fn root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).to_path_buf()
}

/// Every `*.toml` under `dir`, recursively (none when it does not exist).
fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() && p.file_name().is_some_and(|n| n != "target") {
            toml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

/// The bundled catalogs and indicator sets, the fixtures and `../shared` (when beside the
/// repository): every TOML file that could be one.
fn bundled() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        "crates/spur-core/catalog",
        "fixtures",
        "fuzz/corpus",
        "../shared",
    ] {
        toml_files(&root().join(dir), &mut files);
    }
    files.sort();
    files
}

/// The problems of reading `src`, which must be invalid.
fn problems<T: std::fmt::Debug>(result: Result<T, Error>) -> Vec<Diagnostic> {
    match result {
        Err(Error::Invalid(d)) => d.0,
        other => panic!("expected problems, got {other:?}"),
    }
}

/// The 1-based line of the `nth` occurrence of `needle` in `src`.
fn line_of(src: &str, needle: &str, nth: usize) -> usize {
    let (at, _) = src.match_indices(needle).nth(nth).expect(needle);
    src[..at].lines().count() + usize::from(src[..at].ends_with('\n') || at == 0)
}

fn line(d: &Diagnostic) -> usize {
    d.location.as_ref().expect("located").line
}

#[test]
fn every_bundled_catalog_and_indicator_set_reads_to_the_model_serde_gives() {
    let (mut catalogs, mut sets) = (0, 0);
    for path in bundled() {
        let src = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        // The way they were read before: serde, then the consistency checks.
        let by_serde = toml::from_str::<Catalog>(&src)
            .ok()
            .filter(|c| c.validate().is_empty());
        let read = Catalog::from_toml_str(&src, &name).ok();
        assert_eq!(read, by_serde, "{name}");
        catalogs += usize::from(read.is_some());
        let by_serde = toml::from_str::<IndicatorSet>(&src)
            .ok()
            .filter(|s| s.validate().is_empty());
        let read = IndicatorSet::from_toml_str(&src, &name).ok();
        assert_eq!(read, by_serde, "{name}");
        sets += usize::from(read.is_some());
    }
    // The embedded catalog, its fuzz-corpus copy and spur-2027.1; allmänmedicin and kardiologi.
    assert!(catalogs >= 3, "{catalogs} catalogs");
    assert!(sets >= 2, "{sets} indicator sets");
    // The embedded ones, to the last field.
    let shared = toml::from_str::<Catalog>(Catalog::embedded_source()).unwrap();
    assert_eq!(&shared, Catalog::shared());
    let set = toml::from_str::<IndicatorSet>(IndicatorSet::embedded_allmanmedicin_source());
    assert_eq!(&set.unwrap(), IndicatorSet::embedded_allmanmedicin());
}

#[test]
fn a_catalog_with_three_independent_errors_reports_all_three_located() {
    let src = Catalog::embedded_source()
        // A wrong type …
        .replacen("handlingsplan = true", "handlingsplan = \"yes\"", 1)
        // … a missing required key (the second area's group) …
        .replacen("group = \"STRUKTUR\"\n", "", 2)
        .replacen(
            "[[areas]]\nid = \"A\"\n",
            "[[areas]]\nid = \"A\"\ngroup = \"STRUKTUR\"\n",
            1,
        )
        // … and an unknown key.
        .replacen("legal_basis = ", "legal_bases = ", 1);
    let d = problems(Catalog::from_toml_str(&src, "c.toml"));
    let codes: Vec<Code> = d.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [Code::UnknownField, Code::WrongType, Code::MissingField],
        "{d:#?}"
    );
    assert_eq!(d[0].message, "unknown key `legal_bases` in areas[0]");
    assert_eq!(d[0].hint.as_deref(), Some("did you mean `legal_basis`?"));
    assert_eq!(line(&d[0]), line_of(&src, "legal_bases", 0));
    assert_eq!(
        d[1].message,
        "`areas[0].criteria[0].handlingsplan` must be a boolean, found a string"
    );
    assert_eq!(line(&d[1]), line_of(&src, "handlingsplan = \"yes\"", 0));
    assert_eq!(d[2].message, "missing required key `areas[1].group`");
    // Reported at the start of the area's table, its `[[areas]]` header.
    assert_eq!(line(&d[2]), line_of(&src, "[[areas]]", 1));
    for d in &d {
        assert!(d.hint.is_some(), "every problem has a hint: {d:?}");
        assert!(d.location.as_ref().unwrap().file == "c.toml");
    }
}

#[test]
fn an_indicator_set_with_three_independent_errors_reports_all_three_located() {
    let src = IndicatorSet::embedded_allmanmedicin_source()
        .replacen("confidence = \"medium\"", "confidence = 2", 1)
        .replacen("id = \"B.K1\"\n", "", 1)
        .replacen("note = ", "notes = ", 1);
    let d = problems(IndicatorSet::from_toml_str(&src, "s.toml"));
    let text: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        text,
        [
            "`indicators[0].confidence` must be a string, found an integer",
            "unknown key `notes` in indicators[0]",
            "missing required key `indicators[1].id`",
        ],
        "{d:#?}"
    );
    assert_eq!(line(&d[0]), line_of(&src, "confidence = 2", 0));
    assert_eq!(line(&d[1]), line_of(&src, "notes = ", 0));
    assert_eq!(line(&d[2]), line_of(&src, "[[indicators]]", 1));
    assert!(d.iter().all(|d| d.hint.is_some()), "{d:#?}");
    assert_eq!(
        d[0].hint.as_deref(),
        Some("see `spur catalog new-indicators --specialty NAME` for the format")
    );
}

#[test]
fn a_repeated_area_or_indicator_shows_both_places() {
    let src = Catalog::embedded_source().replacen("id = \"B\"", "id = \"A\"", 1);
    let d = problems(Catalog::from_toml_str(&src, "c.toml"));
    let twice = d
        .iter()
        .find(|d| d.message == "area A appears twice")
        .expect("reported");
    assert_eq!(line(twice), line_of(&src, "id = \"A\"", 1));
    assert_eq!(
        twice.labels[0].location.line,
        line_of(&src, "id = \"A\"", 0)
    );
    assert_eq!(twice.labels[0].message, "first given here");

    let src =
        IndicatorSet::embedded_allmanmedicin_source().replacen("id = \"B.K2\"", "id = \"B.K1\"", 1);
    let d = problems(IndicatorSet::from_toml_str(&src, "s.toml"));
    let twice = d
        .iter()
        .find(|d| d.message == "indicator id B.K1 is used twice")
        .expect("reported");
    assert_eq!(line(twice), line_of(&src, "id = \"B.K1\"", 1));
    assert_eq!(
        twice.labels[0].location.line,
        line_of(&src, "id = \"B.K1\"", 0)
    );
}

#[test]
fn a_regulation_spelled_twice_in_one_kind_table_is_a_located_duplicate() {
    let src = Catalog::embedded_source().replacen(
        "kind = { \"SOSFS 2015:8\" = \"föreskrift\", \"HSLF-FS 2021:8\" = \"föreskrift\" }",
        "kind = { \"SOSFS 2015:8\" = \"föreskrift\", \"2015\" = \"föreskrift\", \"HSLF-FS 2021:8\" = \"föreskrift\" }",
        1,
    );
    let d = problems(Catalog::from_toml_str(&src, "c.toml"));
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, Code::Duplicate);
    assert_eq!(
        d[0].message,
        "SOSFS 2015:8 is given twice in `areas[0].criteria[0].kind`"
    );
    let at = d[0].location.as_ref().unwrap();
    let excerpt: String = at
        .source_line
        .chars()
        .skip(at.excerpt_column - 1)
        .take(at.width)
        .collect();
    assert_eq!(excerpt, "\"2015\"");
    assert_eq!(d[0].labels[0].message, "first given here");
}

#[test]
fn an_unknown_vocabulary_word_gets_the_closest_choice() {
    let src = Catalog::embedded_source().replacen("scale = \"abd\"", "scale = \"abcde\"", 1);
    let d = problems(Catalog::from_toml_str(&src, "c.toml"));
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].message, "`abcde` is not a valid scale");
    assert_eq!(
        d[0].hint.as_deref(),
        Some("did you mean `abcd`? (scale is one of: abcd, abd)")
    );
}
