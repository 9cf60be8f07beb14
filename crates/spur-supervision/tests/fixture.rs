//! The sample log in `fixtures/supervision-log.toml`: agenda and commitments at fixed dates,
//! checked by assertion and by snapshot.

use chrono::NaiveDate;
use spur_core::{Catalog, Format};
use spur_supervision::{
    CommitmentId, Due, Settings, Status, SupervisionLog, TargetId, Toolkit, agenda, commitments,
};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/supervision-log.toml"
);

fn log() -> SupervisionLog {
    let src = std::fs::read_to_string(FIXTURE).expect("fixture");
    let checked = SupervisionLog::check(
        &src,
        "fixtures/supervision-log.toml",
        Format::Toml,
        Toolkit::embedded(),
    );
    assert!(checked.diagnostics.is_empty(), "{}", checked.diagnostics);
    checked.document.unwrap()
}

fn d(s: &str) -> NaiveDate {
    spur_core::parse_date(s).unwrap()
}

fn ids(items: &[spur_supervision::AgendaItem]) -> Vec<&str> {
    items.iter().map(|i| i.topic.as_str()).collect()
}

#[test]
fn the_fixture_spans_about_a_year_and_a_half() {
    let log = log();
    let first = log.meetings.iter().map(|m| m.date).min().unwrap();
    let last = log.meetings.iter().map(|m| m.date).max().unwrap();
    assert!((last - first).num_days() > 500, "{first} – {last}");
    assert_eq!(log.st.id, "ST-07");
}

#[test]
fn agenda_in_march() {
    let a = agenda(&log(), Toolkit::embedded(), d("2026-03-04")).unwrap();
    assert_eq!(ids(&a.every_meeting), ["T01", "T02", "T03", "T04"]);
    // T05 last 2025-11-12 (+3 months), T10 last 2025-10-29 (regularly = 3 months), T15 never.
    assert_eq!(ids(&a.due), ["T05", "T10", "T15"]);
    assert_eq!(
        a.due[0].due,
        Due::Due {
            since: d("2026-02-12")
        }
    );
    assert_eq!(
        a.due[2].due,
        Due::Due {
            since: d("2025-09-01")
        }
    );
    assert!(a.end_of_year.is_empty());
    assert_eq!(ids(&a.upcoming), ["T13"]);
    assert_eq!(ids(&a.as_needed), ["T08", "T09", "T11", "T14", "T17"]);
    let sk = a
        .targets
        .iter()
        .find(|t| t.target == TargetId::Specialistkollegium)
        .unwrap();
    assert_eq!(
        (sk.done, sk.expected_by_now, sk.status),
        (0, 1, Status::AtRisk)
    );
    assert!(sk.overdue());
    let d360 = a
        .targets
        .iter()
        .find(|t| t.target == TargetId::Degree360)
        .unwrap();
    assert_eq!((d360.done, d360.status), (1, Status::OnTrack));
    insta::assert_snapshot!("agenda_2026-03-04", a.to_markdown());
}

#[test]
fn agenda_at_year_end() {
    let a = agenda(&log(), Toolkit::embedded(), d("2025-12-03")).unwrap();
    assert_eq!(ids(&a.end_of_year), ["T18"]);
    // T16 is covered by the 360° on 2025-11-18 (and the meeting on 2025-11-26).
    assert!(!ids(&a.due).contains(&"T16"));
    insta::assert_snapshot!("agenda_2025-12-03_json", a.to_json());
    // A week later the annual report was gone through.
    let a = agenda(&log(), Toolkit::embedded(), d("2025-12-10")).unwrap();
    assert!(a.end_of_year.is_empty());
}

#[test]
fn commitments_in_march() {
    let r = commitments(
        &log(),
        Toolkit::embedded(),
        Catalog::embedded(),
        d("2026-03-04"),
        &Settings::default(),
    )
    .unwrap();
    let get = |id| r.get(id).unwrap();

    let iup = get(CommitmentId::IupRevisions);
    let statuses: Vec<_> = iup
        .history
        .iter()
        .map(|p| (p.period.as_str(), p.target, p.actual, p.status))
        .collect();
    assert_eq!(
        statuses,
        [("2024", 1, 1, Status::Met), ("2025", 2, 1, Status::Missed)]
    );
    assert_eq!((iup.current.actual, iup.status), (1, Status::OnTrack));

    let a = get(CommitmentId::Assessments);
    let statuses: Vec<_> = a
        .history
        .iter()
        .map(|p| (p.period.as_str(), p.target, p.actual, p.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("HT 2024", 3, 2, Status::Missed),
            ("VT 2025", 4, 3, Status::Missed),
            ("HT 2025", 4, 5, Status::Met)
        ]
    );
    assert_eq!(
        (a.current.actual, a.current.expected_by_now, a.status),
        (2, Some(1), Status::OnTrack)
    );

    let s = get(CommitmentId::SupervisionTime);
    assert!(s.history.iter().all(|p| p.status == Status::Missed));
    // VT 2026: 7 × 120 min in 63 days = 93 min/week, behind 9 complete weeks × 120 = 1080 min.
    assert_eq!((s.current.actual, s.status), (93, Status::AtRisk));

    assert_eq!(
        get(CommitmentId::Specialistkollegium).status,
        Status::AtRisk
    );
    assert_eq!(get(CommitmentId::Degree360).status, Status::OnTrack);

    let e = &iup.evidences[0];
    assert_eq!(
        (e.criterion.to_string().as_str(), e.sv.as_deref()),
        (
            "D.F7",
            Some("Utbildningsprogrammet följs upp regelbundet och revideras vid behov.")
        )
    );
    insta::assert_snapshot!("commitments_2026-03-04", r.to_markdown());
    insta::assert_snapshot!("commitments_2026-03-04_json", r.to_json());
}

#[test]
fn after_the_planned_end_short_targets_are_missed() {
    let r = commitments(
        &log(),
        Toolkit::embedded(),
        Catalog::embedded(),
        d("2029-09-30"),
        &Settings::default(),
    )
    .unwrap();
    let sk = r.get(CommitmentId::Specialistkollegium).unwrap();
    assert_eq!(sk.status, Status::Missed);
    // The last termin evaluated is the one holding the planned end, clipped to it.
    let s = r.get(CommitmentId::SupervisionTime).unwrap();
    assert_eq!(
        (s.current.period.as_str(), s.current.end),
        ("HT 2029", d("2029-08-31"))
    );
    let a = agenda(&log(), Toolkit::embedded(), d("2029-09-30")).unwrap();
    assert!(
        a.notes
            .iter()
            .any(|n| n.contains("after the planned ST end"))
    );
}

#[test]
fn dates_before_the_st_start_are_refused() {
    let err = agenda(&log(), Toolkit::embedded(), d("2024-08-31")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "2024-08-31 is before the ST start 2024-09-01; choose a date on or after it"
    );
    assert!(
        commitments(
            &log(),
            Toolkit::embedded(),
            Catalog::embedded(),
            d("2024-01-01"),
            &Settings::default()
        )
        .is_err()
    );
}
