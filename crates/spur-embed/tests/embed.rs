//! The facade the bindings share: the seed grades to D→C in D, E and H under both regulations,
//! bad input gives located diagnostics, arguments are checked.

use spur_embed::{Error, Options};

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");

#[test]
fn seed_grades_d_to_c_in_d_e_h() {
    let grading = spur_embed::grade(SEED, "seed.toml", None, &Options::default()).unwrap();
    let json = serde_json::to_value(&grading).unwrap();
    for area in json["areas"].as_array().unwrap() {
        let letter = area["area"].as_str().unwrap();
        for r in area["results"].as_array().unwrap() {
            let d_to_c = r["computed"] == "D" && r["final"] == "C" && r["adjusted"] == true;
            assert_eq!(d_to_c, matches!(letter, "D" | "E" | "H"), "{letter}: {r}");
        }
        assert_eq!(area["results"].as_array().unwrap().len(), 2);
    }
}

#[test]
fn bad_input_is_located() {
    let bad = SEED.replace("\"D.F6\" = ", "\"D.F66\" = ");
    let v = spur_embed::check(&bad, "bad.toml", Some("toml")).unwrap();
    assert!(!v.valid);
    let e = &v.errors[0];
    assert_eq!(e.code.to_string(), "unknown-criterion");
    let loc = e.location.as_ref().expect("located");
    assert_eq!(loc.file, "bad.toml");
    assert!(loc.line > 1);
    let err = spur_embed::grade(&bad, "bad.toml", None, &Options::default()).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)));
    assert!(!err.problems().errors.is_empty());
    let json: serde_json::Value = serde_json::from_str(&err.problems().to_json()).unwrap();
    assert_eq!(json["errors"][0]["location"]["file"], "bad.toml");
}

#[test]
fn empty_and_syntax_errors_are_invalid() {
    assert!(!spur_embed::check("", "x", None).unwrap().valid);
    assert!(!spur_embed::check("{", "x", None).unwrap().valid);
    assert!(spur_embed::grade("   ", "x", None, &Options::default()).is_err());
}

#[test]
fn arguments_are_checked() {
    assert!(matches!(
        spur_embed::check(SEED, "s", Some("yaml")),
        Err(Error::Argument(_))
    ));
    assert!(matches!(
        Options::from_json("{\"tolerans\": 1}"),
        Err(Error::Argument(_))
    ));
    assert_eq!(Options::from_json("").unwrap(), Options::default());
    assert_eq!(
        Options::from_json("{\"tolerance\": 0}").unwrap().tolerance,
        Some(0)
    );
    let o = Options::default();
    // PDF exists only where spur-report is built with its `pdf` feature (the CLI's build;
    // cargo unifies features across a workspace test run): elsewhere it is an argument error.
    match spur_embed::report(SEED, "s", None, "pdf", None, &o) {
        Ok(bytes) => assert!(bytes.starts_with(b"%PDF-")),
        Err(Error::Argument(p)) => assert!(p.message.contains("pdf"), "{}", p.message),
        Err(other) => panic!("pdf: {other:?}"),
    }
    assert!(matches!(
        spur_embed::report(SEED, "s", None, "md", Some("de"), &o),
        Err(Error::Argument(_))
    ));
    assert!(spur_embed::schema("grading").is_ok());
    assert!(spur_embed::schema("nope").is_err());
}

#[test]
fn renders_and_converts() {
    let o = Options::default();
    let html = spur_embed::report(SEED, "s", None, "html", Some("en"), &o).unwrap();
    assert!(String::from_utf8(html).unwrap().contains("<html"));
    let md = spur_embed::handlingsplan(SEED, "s", None, "md", None, &o).unwrap();
    assert!(String::from_utf8(md).unwrap().contains("D.F6"));
    let json = spur_embed::convert(SEED, "s", None, "json").unwrap();
    let toml = spur_embed::convert(&json, "s", Some("json"), "toml").unwrap();
    let back = spur_embed::grade(&toml, "s", Some("toml"), &o).unwrap();
    assert_eq!(back, spur_embed::grade(SEED, "s", None, &o).unwrap());
    let catalog: serde_json::Value = serde_json::from_str(&spur_embed::catalog_json()).unwrap();
    assert_eq!(catalog["areas"].as_array().unwrap().len(), 8);
}

/// Issue 19: extra indicator sets as TOML texts (`Options::indicator_sets`).
#[test]
fn kardiologi_with_and_without_a_user_indicator_set() {
    let read = |p: &str| std::fs::read_to_string(format!("../../fixtures/kardiologi/{p}")).unwrap();
    let (kard, kard_no_k, set) = (
        read("enhet.toml"),
        read("utan-indikatorer.toml"),
        read("indicators/kardiologi.toml"),
    );
    let with = spur_embed::Options {
        indicator_sets: vec![set.clone()],
        ..Default::default()
    };
    let g =
        serde_json::to_value(spur_embed::grade(&kard, "enhet.toml", None, &with).unwrap()).unwrap();
    assert_eq!(g["specialty"], "kardiologi");
    assert_eq!(g["indicator_set"]["version"], "kardiologi-exempel-2026.1");
    let g = serde_json::to_value(
        spur_embed::grade(&kard_no_k, "utan.toml", None, &Default::default()).unwrap(),
    )
    .unwrap();
    assert!(g["indicator_set"].is_null());
    let area = |a: &str| {
        g["areas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["area"] == a)
            .unwrap()["results"][0]
            .clone()
    };
    for a in ["A", "B", "C", "F", "G"] {
        assert_eq!(area(a)["range"], serde_json::json!(["A", "B"]), "{a}");
    }
    assert!(matches!(
        spur_embed::grade(&kard, "enhet.toml", None, &Default::default()),
        Err(spur_embed::Error::Invalid(_))
    ));
    let bad = spur_embed::Options::from_json(r#"{"indicator_sets": ["specialty = 1"]}"#).unwrap();
    assert!(matches!(
        spur_embed::grade(&kard, "enhet.toml", None, &bad),
        Err(spur_embed::Error::Argument(_))
    ));
    let md = spur_embed::report(&kard, "enhet.toml", None, "md", None, &with).unwrap();
    assert!(
        String::from_utf8(md)
            .unwrap()
            .contains("Kardiologiska kliniken Exempel")
    );
}
