//! The statement sets' rules, each checked and located (the unit tests of `statements.rs`).

use super::*;

fn check(src: &str) -> String {
    let c = StatementSet::check(src, "s.toml", Catalog::embedded(), None);
    if c.diagnostics.is_empty() {
        return String::new();
    }
    c.diagnostics.to_string()
}

#[test]
fn the_id_shape() {
    for ok in ["E.S1", "H.AM1", "A.x-y_2"] {
        assert!(id_shape_ok(ok), "{ok}");
    }
    for bad in ["", "E", "E.", "I.S1", "e.S1", "E.S 1", "E.S1.2", "ES1"] {
        assert!(!id_shape_ok(bad), "{bad}");
    }
}

#[test]
fn the_default_set_is_valid_and_sized_as_intended() {
    let set = StatementSet::embedded_default();
    assert!(set.validate(Catalog::embedded(), None).is_empty());
    assert_eq!(set.set, DEFAULT_SET);
    assert!(set.specialty.is_none());
    for area in AreaId::ALL {
        let n = set.statements.iter().filter(|s| s.area == area).count();
        assert!((5..=11).contains(&n), "area {area}: {n}");
    }
    for g in Group::ALL {
        assert!(
            set.statements.iter().any(|s| s.is_for(*g)),
            "no statement for {g}"
        );
    }
}

#[test]
fn every_embedded_specialty_set_is_valid_and_names_a_known_specialty() {
    for s in StatementSet::embedded_specialties() {
        assert!(
            s.validate(Catalog::embedded(), Some(StatementSet::embedded_default()))
                .is_empty()
        );
        assert!(spur_core::find_specialty(s.specialty.as_deref().unwrap()).is_some());
    }
}

#[test]
fn the_seed_area_h_pairs_exist() {
    let survey = Survey::embedded(None).unwrap();
    let pairs: Vec<(&str, &str)> = survey
        .pairs()
        .filter(|(h, _)| h.area == AreaId::H)
        .map(|(h, s)| (h.id.as_str(), s.id.as_str()))
        .collect();
    assert!(pairs.contains(&("H.S2", "H.S3")), "{pairs:?}");
    assert_eq!(
        survey.statement("H.S2").unwrap().sv,
        "Jag ger ST-läkaren återkoppling på ledarskap."
    );
    assert_eq!(
        survey.statement("E.S1").unwrap().sv,
        "Jag har en utsedd huvudansvarig handledare."
    );
}

const ONE: &str = "set = \"x\"\ncatalog = \"spur-2026.1\"\n";

fn item(id: &str, area: &str, groups: &str, extra: &str) -> String {
    format!(
        "[[statements]]\nid = \"{id}\"\narea = \"{area}\"\ngroups = [{groups}]\ncriteria = [\"E.F1\"]\nsv = \"s\"\nen = \"e\"\n{extra}"
    )
}

#[test]
fn every_rule_is_checked_and_located() {
    let cases: &[(&str, &str)] = &[
        (&item("E.S1", "E", "\"handledare\"", ""), ""),
        (
            &format!(
                "{}{}",
                item("E.S1", "E", "\"handledare\"", ""),
                item("E.S1", "E", "\"st-lakare\"", "")
            ),
            "statement id `E.S1` is used twice",
        ),
        (
            &item("E.S1", "E", "", ""),
            "statement `E.S1` is addressed to no group",
        ),
        (
            &item("E.S1", "E", "\"chef\"", ""),
            "`chef` is not a survey group",
        ),
        (
            &item("E.S1", "E", "\"handledare\", \"handledare\"", ""),
            "lists the group handledare twice",
        ),
        (
            &item("E.S1", "I", "\"handledare\"", ""),
            "`I` is not an area",
        ),
        (
            &item("D.S1", "E", "\"handledare\"", ""),
            "statement `D.S1` is in area E",
        ),
        (
            &item("E 1", "E", "\"handledare\"", ""),
            "statement id `E 1` must be",
        ),
        (
            &item("E.S1", "E", "\"handledare\"", "pair = \"E.S9\"\n"),
            "paired with `E.S9`, which does not exist",
        ),
        (
            &format!(
                "{}{}",
                item("E.S1", "E", "\"handledare\"", "pair = \"E.S2\"\n"),
                item("E.S2", "E", "\"handledare\"", "pair = \"E.S1\"\n")
            ),
            "a pair links a statement for handledare alone",
        ),
        (
            &format!(
                "{}{}",
                item("E.S1", "E", "\"handledare\"", "pair = \"E.S2\"\n"),
                item("E.S2", "E", "\"st-lakare\"", "")
            ),
            "but `E.S2` is not paired with `E.S1`",
        ),
        (
            &format!(
                "{}{}",
                item("E.S1", "E", "\"handledare\"", "pair = \"F.S2\"\n"),
                item("F.S2", "F", "\"st-lakare\"", "pair = \"E.S1\"\n")
            ),
            "is paired with `F.S2` of another area",
        ),
        (
            &item("E.S1", "E", "\"handledare\"", "").replace("en = \"e\"", "en = \" \""),
            "has an empty `en` text",
        ),
        (
            &item("E.S1", "E", "\"handledare\"", "").replace("en = \"e\"\n", ""),
            "missing required key `statements[0].en`",
        ),
        (
            &item("E.S1", "E", "\"handledare\"", "").replace("E.F1", "E.F99"),
            "unknown criterion id `E.F99`",
        ),
        (
            &item("E.S1", "E", "\"handledare\"", "").replace("[\"E.F1\"]", "[]"),
            "relates to no criterion",
        ),
        (
            &item("E.S1", "E", "\"handledare\"", "text = 1\n"),
            "unknown key `text`",
        ),
    ];
    for (body, expected) in cases {
        let text = check(&format!("{ONE}{body}"));
        if expected.is_empty() {
            assert!(text.is_empty(), "{text}");
        } else {
            assert!(text.contains(expected), "{expected}:\n{text}");
            assert!(text.contains("s.toml:"), "not located: {text}");
        }
    }
    assert!(
        check("set = \"x\"\ncatalog = \"spur-2026.1\"\nstatements = []\n")
            .contains("the set `x` has no statements")
    );
    assert!(
        check(&format!(
            "set = \"x\"\ncatalog = \"spur-1999.1\"\n{}",
            item("E.S1", "E", "\"handledare\"", "")
        ))
        .contains("written for catalog `spur-1999.1`")
    );
    assert!(
        check(&format!(
            "set = \"x\"\nspecialty = \"astrologi\"\ncatalog = \"spur-2026.1\"\n{}",
            item("E.S1", "E", "\"handledare\"", "")
        ))
        .contains("`astrologi` is not a known specialty")
    );
}

#[test]
fn every_problem_is_reported_at_once_in_both_languages() {
    let src = format!(
        "{ONE}{}{}",
        item("E.S1", "E", "\"chef\"", ""),
        item("E.S1", "E", "\"handledare\"", "pair = \"E.S7\"\n").replace("sv = \"s\"", "sv = \"\"")
    );
    let c = StatementSet::check(&src, "s.toml", Catalog::embedded(), None);
    let d = &c.diagnostics;
    assert!(d.len() >= 3, "{d}");
    let sv = spur_core::render::diagnostics_in(&d.0, false, spur_core::Lang::Sv);
    assert!(sv.contains("`chef` är ingen grupp i enkäten"), "{sv}");
    assert!(
        sv.contains("påståendet `E.S1` har en tom text i `sv`"),
        "{sv}"
    );
    assert!(sv.contains("är parat med `E.S7`, som inte finns"), "{sv}");
}

#[test]
fn a_specialty_set_may_not_reuse_a_default_id() {
    let src = format!(
        "set = \"x\"\nspecialty = \"allmänmedicin\"\ncatalog = \"spur-2026.1\"\n{}",
        item("E.S1", "E", "\"st-lakare\"", "")
    );
    let c = StatementSet::check(
        &src,
        "s.toml",
        Catalog::embedded(),
        Some(StatementSet::embedded_default()),
    );
    assert!(
        c.diagnostics
            .to_string()
            .contains("already used by set `spur-default`"),
        "{}",
        c.diagnostics
    );
}
