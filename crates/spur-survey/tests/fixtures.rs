//! The seed's area H case (supervisors say they give feedback on leadership, teaching and
//! supervision; the ST-läkare do not perceive it) read from the fixture CSVs: found with three
//! supervisors, withheld with two, in every output.

use spur_core::{AreaId, Lang};
use spur_survey::{AnswerSheet, DEFAULT_MARGIN, Group, Survey, SurveySummary, summarize};

fn fixture(name: &str) -> SurveySummary {
    let path = format!(
        "{}/../../fixtures/survey/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let src = std::fs::read_to_string(&path).unwrap();
    let survey = Survey::embedded(None).unwrap();
    let (sheet, warnings) = AnswerSheet::check(&src, name, &survey)
        .into_result()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(warnings.is_empty(), "{warnings}");
    summarize(&survey, &sheet.responses, DEFAULT_MARGIN)
}

#[test]
fn the_seed_area_h_discrepancy_is_found() {
    let s = fixture("seed-area-h.csv");
    let h = s.group(Group::Handledare).unwrap();
    assert_eq!((h.suppressed, h.respondents), (false, Some(3)));
    assert_eq!(s.group(Group::StLakare).unwrap().respondents, Some(4));
    let found: Vec<(AreaId, &str, &str)> = s
        .discrepancies
        .iter()
        .map(|d| {
            (
                d.area,
                d.handledare.statement.as_str(),
                d.st_lakare.statement.as_str(),
            )
        })
        .collect();
    // Leadership, teaching and supervision (area H), and medical science (area G).
    assert_eq!(
        found,
        [
            (AreaId::G, "G.S4", "G.S5"),
            (AreaId::H, "H.S2", "H.S3"),
            (AreaId::H, "H.S4", "H.S5"),
            (AreaId::H, "H.S6", "H.S7"),
        ]
    );
    let leadership = &s.discrepancies[1];
    assert_eq!(leadership.handledare.share_positive, 1.0);
    assert_eq!(leadership.st_lakare.share_positive, 0.25);
    // Communication: 100 % against 75 % is under the margin.
    assert!(!found.iter().any(|(_, h, _)| *h == "H.S8"));
    let md = s.to_markdown(Lang::Sv);
    assert!(md.contains("| H | H.S2 Jag ger ST-läkaren återkoppling på ledarskap. (**100 %**) | H.S3 Jag får återkoppling på mitt ledarskap. (**25 %**) | 75 % |"), "{md}");
    let html = s.to_html(Lang::En);
    assert!(
        html.contains("I give the ST doctor feedback on leadership."),
        "{html}"
    );
    let json: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
    assert_eq!(json["discrepancies"].as_array().unwrap().len(), 4);
    assert_eq!(json["discrepancies"][1]["handledare"]["statement"], "H.S2");
}

#[test]
fn two_supervisors_are_withheld_in_every_output_and_no_discrepancy_is_shown() {
    let s = fixture("two-supervisors.csv");
    assert!(s.discrepancies.is_empty());
    let h = s.group(Group::Handledare).unwrap();
    assert!(h.suppressed && h.respondents.is_none());
    // The ST-läkare are still shown.
    assert_eq!(s.group(Group::StLakare).unwrap().respondents, Some(4));
    let f = &s.statement("H.S3").unwrap().groups[0];
    assert_eq!(f.counts.unwrap().stammer_ganska_dalig, 2);

    // JSON: only "suppressed": true for the supervisors, nowhere a count.
    let json: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
    let overview = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "handledare")
        .unwrap();
    assert_eq!(
        overview,
        &serde_json::json!({"group": "handledare", "suppressed": true, "individual": false})
    );
    let mut cells = 0;
    for area in json["areas"].as_array().unwrap() {
        for st in area["statements"].as_array().unwrap() {
            for g in st["groups"].as_array().unwrap() {
                if g["group"] == "handledare" {
                    cells += 1;
                    assert_eq!(
                        g,
                        &serde_json::json!({"group": "handledare", "suppressed": true})
                    );
                }
            }
        }
        for t in area["free_texts"].as_array().unwrap() {
            assert_ne!(t["group"], "handledare");
        }
    }
    let put_to_handledare = Survey::embedded(None)
        .unwrap()
        .for_group(Group::Handledare)
        .count();
    assert_eq!(cells, put_to_handledare);
    let text = s.to_json();
    assert!(
        !text.contains("dokumenterar den sällan"),
        "a supervisor's free text leaked"
    );

    // Markdown and HTML, in both languages: "för få svar", no supervisor figure, no free text.
    for lang in Lang::ALL {
        let too_few = if lang == Lang::Sv {
            "för få svar"
        } else {
            "too few answers"
        };
        let label = Group::Handledare.label(lang);
        let md = s.to_markdown(lang);
        assert!(md.contains(&format!("{label}: {too_few}")), "{md}");
        let cell = format!("| {label} |");
        let mut rows = 0;
        for line in md.lines().filter(|l| l.contains(&cell)) {
            let figures = line.split(&cell).nth(1).unwrap();
            assert!(figures.contains(too_few), "{line}");
            assert!(
                !figures.chars().any(|c| c.is_ascii_digit()),
                "a figure in: {line}"
            );
            rows += 1;
        }
        assert_eq!(rows, put_to_handledare);
        assert!(!md.contains("dokumenterar den sällan"));
        let html = s.to_html(lang);
        assert!(html.contains(&format!("{label}: {too_few}")), "{html}");
        for row in html.split("<tr>").filter(|r| {
            r.contains(&format!(
                "<th scope=\"row\">{}",
                spur_core::escape::html(label)
            ))
        }) {
            assert!(
                row.contains(&format!("class=\"suppressed\">{too_few}<")),
                "{row}"
            );
        }
        assert!(!html.contains("dokumenterar den sällan"));
    }
}

#[test]
fn the_suppressed_fixture_differs_from_the_seed_only_by_the_third_supervisor() {
    let full = fixture("seed-area-h.csv");
    let two = fixture("two-supervisors.csv");
    // The ST-läkare's figures are the same in both.
    for id in ["H.S3", "H.S5", "H.S7", "G.S5"] {
        assert_eq!(
            full.statement(id).unwrap().groups,
            two.statement(id).unwrap().groups,
            "{id}"
        );
    }
}
