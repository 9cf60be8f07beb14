//! Plan entry states, table-driven on dates; the seed plan on 2026-11-23; JSON, Markdown and
//! iCalendar output.

use chrono::NaiveDate;
use spur_core::{Catalog, Format, InspectionDocument, PlanEntry, PlanStatus, parse_date};
use spur_followup::{EntryState, EntryState::*, entry_state, follow_up};

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn seed() -> InspectionDocument {
    let src = include_str!("../../../fixtures/seed-vardcentral.toml");
    InspectionDocument::check(src, "seed", Format::Toml, Catalog::embedded())
        .into_result()
        .unwrap()
        .0
}

struct Case {
    due: Option<&'static str>,
    follow_up: Option<&'static str>,
    status: Option<PlanStatus>,
    completed: Option<&'static str>,
    as_of: &'static str,
    state: EntryState,
    days: Option<i64>,
}

const fn case(
    due: Option<&'static str>,
    follow_up: Option<&'static str>,
    status: Option<PlanStatus>,
    completed: Option<&'static str>,
    as_of: &'static str,
    state: EntryState,
    days: Option<i64>,
) -> Case {
    Case {
        due,
        follow_up,
        status,
        completed,
        as_of,
        state,
        days,
    }
}

const DUE: Option<&str> = Some("2026-03-01");
const FU: Option<&str> = Some("2026-10-01");
use PlanStatus::{Done, InProgress, NotEffective, Planned, VerifiedEffective};

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Walking one entry (due 2026-03-01, follow-up 2026-10-01, no status) through the calendar.
    case(DUE, FU, None, None, "2025-12-01", NotYetDue, Some(90)),
    case(DUE, FU, None, None, "2026-01-29", NotYetDue, Some(31)),
    case(DUE, FU, None, None, "2026-01-30", DueSoon, Some(30)),          // exactly 30 days: due soon
    case(DUE, FU, None, None, "2026-03-01", DueSoon, Some(0)),           // due today: not yet passed
    case(DUE, FU, None, None, "2026-03-02", Overdue, Some(1)),
    case(DUE, FU, None, None, "2026-10-01", Overdue, Some(214)),         // follow-up today: not yet passed
    case(DUE, FU, None, None, "2026-10-02", FollowUpOverdue, Some(1)),   // not done and follow-up passed
    // Planned / in progress behave like no status.
    case(DUE, FU, Some(Planned), None, "2026-03-02", Overdue, Some(1)),
    case(DUE, FU, Some(InProgress), None, "2026-02-20", DueSoon, Some(9)),
    // Done: awaiting follow-up until the follow-up date has passed.
    case(DUE, FU, Some(Done), None, "2026-02-01", DoneAwaitingFollowUp, Some(242)),
    case(DUE, FU, Some(Done), None, "2026-10-01", DoneAwaitingFollowUp, Some(0)),
    case(DUE, FU, Some(Done), None, "2026-10-02", FollowUpOverdue, Some(1)),
    case(DUE, None, Some(Done), None, "2027-01-01", DoneAwaitingFollowUp, None),
    // A completed date counts as done from that date on, whatever the status says.
    case(DUE, FU, None, Some("2026-02-15"), "2026-03-10", DoneAwaitingFollowUp, Some(205)),
    case(DUE, FU, Some(Done), Some("2026-04-15"), "2026-04-01", Overdue, Some(31)),
    case(DUE, FU, Some(Done), Some("2026-04-15"), "2026-04-15", DoneAwaitingFollowUp, Some(169)),
    // Closed by the follow-up, whatever the dates.
    case(DUE, FU, Some(VerifiedEffective), None, "2026-11-23", ClosedEffective, None),
    case(DUE, FU, Some(VerifiedEffective), None, "2025-12-01", ClosedEffective, None),
    case(DUE, FU, Some(NotEffective), None, "2026-11-23", ClosedNotEffective, None),
    // Missing dates.
    case(None, None, None, None, "2026-11-23", NoDueDate, None),
    case(None, FU, None, None, "2026-11-23", FollowUpOverdue, Some(53)),
    case(None, FU, None, None, "2026-05-01", NoDueDate, None),
    case(DUE, None, None, None, "2027-06-01", Overdue, Some(457)),
];

#[test]
fn state_transitions_follow_the_dates() {
    for (i, c) in CASES.iter().enumerate() {
        let mut e = PlanEntry::blank("D.F6".parse().unwrap());
        e.due = c.due.map(d);
        e.follow_up = c.follow_up.map(d);
        e.status = c.status;
        e.completed = c.completed.map(d);
        let at = entry_state(&e, d(c.as_of));
        assert_eq!(
            (at.state, at.days),
            (c.state, c.days),
            "case {i}: due {:?} follow-up {:?} status {:?} completed {:?} as of {}",
            c.due,
            c.follow_up,
            c.status,
            c.completed,
            c.as_of
        );
    }
}

#[test]
fn seed_plan_on_2026_11_23() {
    let report = follow_up(&seed(), d("2026-11-23"));
    let states: Vec<(String, EntryState)> = report
        .entries
        .iter()
        .map(|e| (e.criterion.to_string(), e.state))
        .collect();
    let expect = |id: &str, s| (id.to_string(), s);
    assert_eq!(
        states,
        [
            expect("D.F6", FollowUpOverdue),
            expect("E.F1", FollowUpOverdue),
            expect("E.F4", FollowUpOverdue),
            expect("H.F2", Overdue),
            expect("H.F7", Overdue),
            expect("H.F9", Overdue),
        ]
    );
    assert_eq!(report.entries[0].days, Some(53)); // 2026-10-01 → 2026-11-23
    assert_eq!(report.entries[3].days, Some(146)); // 2026-06-30 → 2026-11-23
    assert_eq!(report.count(FollowUpOverdue), 3);
    assert_eq!(report.count(Overdue), 3);
    assert_eq!(report.count(ClosedEffective), 0);
}

#[test]
fn marking_entries_closes_them() {
    let mut doc = seed();
    let plan = doc.handlingsplan.as_mut().unwrap();
    plan.entries[0].status = Some(PlanStatus::VerifiedEffective);
    plan.entries[1].status = Some(PlanStatus::NotEffective);
    plan.entries[3].status = Some(PlanStatus::Done);
    let report = follow_up(&doc, d("2026-11-23"));
    let states: Vec<EntryState> = report.entries.iter().map(|e| e.state).collect();
    assert_eq!(
        states,
        [
            ClosedEffective,
            ClosedNotEffective,
            FollowUpOverdue,
            DoneAwaitingFollowUp,
            Overdue,
            Overdue
        ]
    );
    assert_eq!(report.entries[3].days, Some(38)); // follow-up 2026-12-31
}

#[test]
fn json_has_the_documented_shape() {
    let report = follow_up(&seed(), d("2026-11-23"));
    let v: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(v["unit"], "Vårdcentralen Exempel (seed-enheten)");
    assert_eq!(v["as_of"], "2026-11-23");
    let first = &v["entries"][0];
    assert_eq!(first["criterion"], "D.F6");
    assert_eq!(first["area"], "D");
    assert_eq!(first["due"], "2026-03-01");
    assert_eq!(first["follow_up"], "2026-10-01");
    assert_eq!(first["status"], serde_json::Value::Null);
    assert_eq!(first["state"], "follow_up_overdue");
    assert_eq!(first["days"], 53);
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        &keys[..7],
        [
            "criterion",
            "area",
            "due",
            "follow_up",
            "status",
            "state",
            "days"
        ]
    );
    let summary = v["summary"].as_object().unwrap();
    let names: Vec<&str> = summary.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "not_yet_due",
            "due_soon",
            "overdue",
            "done_awaiting_follow_up",
            "follow_up_overdue",
            "closed_effective",
            "closed_not_effective",
            "no_due_date"
        ]
    );
    assert_eq!(summary["follow_up_overdue"], 3);
    assert_eq!(summary["overdue"], 3);
    assert_eq!(summary["not_yet_due"], 0);
}

#[test]
fn markdown_lists_every_entry_with_escaped_text() {
    let mut doc = seed();
    doc.handlingsplan.as_mut().unwrap().entries[0].action = Some("IUP | mall *ny*\nrad två".into());
    let md = follow_up(&doc, d("2026-11-23")).to_markdown();
    assert!(md.starts_with("# Handlingsplan follow-up: Vårdcentralen Exempel (seed-enheten)\n"));
    assert!(
        md.contains("| D.F6 | IUP \\| mall \\*ny\\*<br>rad två |"),
        "{md}"
    );
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| ") && l.contains(".F"))
            .count(),
        6
    );
    assert!(md.contains("**follow-up overdue**"));
    assert!(md.contains("- overdue: 3\n"));
}

#[test]
fn table_shows_states_and_summary() {
    let t = follow_up(&seed(), d("2026-11-23")).to_table();
    let d_f6 = t.lines().find(|l| l.starts_with("D.F6")).unwrap();
    assert!(
        d_f6.contains("follow-up overdue") && d_f6.contains("53 days past follow-up"),
        "{d_f6}"
    );
    let h_f9 = t.lines().find(|l| l.starts_with("H.F9")).unwrap();
    assert!(
        h_f9.contains("overdue") && h_f9.contains("146 days overdue"),
        "{h_f9}"
    );
    assert!(
        t.ends_with("Summary: 3 overdue, 3 follow-up overdue\n"),
        "{t}"
    );
}

#[test]
fn ics_is_rfc5545_crlf_folded_escaped_and_deterministic() {
    let mut doc = seed();
    doc.inspection.unit = "Vårdcentralen Exempel; Väst, \\ Göteborg".into();
    let report = follow_up(&doc, d("2026-11-23"));
    let ics = report.to_ics();
    assert_eq!(
        ics,
        follow_up(&doc, d("2026-11-23")).to_ics(),
        "same input, same bytes"
    );

    // CRLF only: every LF is preceded by CR, and the file ends in CRLF.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
    // Folded: no physical line longer than 75 octets; unfolding restores valid lines.
    let physical: Vec<&str> = ics.split("\r\n").collect();
    assert!(
        physical.iter().all(|l| l.len() <= 75),
        "a line exceeds 75 octets"
    );
    assert!(
        physical.iter().any(|l| l.starts_with(' ')),
        "the long descriptions are folded"
    );
    let unfolded = ics.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "BEGIN:VCALENDAR");
    assert!(lines.contains(&"VERSION:2.0"));

    // One all-day event per due date and per follow-up date: 6 + 6.
    assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(), 12);
    assert_eq!(
        lines
            .iter()
            .filter(|l| **l == "DTSTART;VALUE=DATE:20260301")
            .count(),
        3
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| **l == "DTSTART;VALUE=DATE:20261001")
            .count(),
        3
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| **l == "DTEND;VALUE=DATE:20260302")
            .count(),
        3
    );
    assert!(
        lines
            .iter()
            .filter(|l| l.starts_with("DTSTAMP"))
            .all(|l| *l == "DTSTAMP:20261123T000000Z")
    );

    // Stable, unique UIDs from unit + criterion + kind.
    let uids: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("UID:"))
        .copied()
        .collect();
    let unique: std::collections::BTreeSet<&str> = uids.iter().copied().collect();
    assert_eq!(unique.len(), 12);
    assert!(
        uids[0].starts_with("UID:D.F6-due-") && uids[0].ends_with("@spur"),
        "{}",
        uids[0]
    );
    assert!(uids[1].starts_with("UID:D.F6-follow-up-"));
    let other_unit = {
        let mut o = doc.clone();
        o.inspection.unit = "Annan enhet".into();
        follow_up(&o, d("2026-11-23")).to_ics()
    };
    assert!(
        !other_unit.contains(&uids[0][4..].to_string()),
        "the unit is part of the UID"
    );

    // Text escaping: `;` `,` `\` and newlines.
    let summary = lines.iter().find(|l| l.starts_with("SUMMARY:")).unwrap();
    assert_eq!(
        *summary,
        "SUMMARY:Handlingsplan D.F6: åtgärd ska vara genomförd (Vårdcentralen Exempel\\; Väst\\, \\\\ Göteborg)"
    );
    let desc = lines
        .iter()
        .find(|l| l.starts_with("DESCRIPTION:"))
        .unwrap();
    assert!(desc.contains("\\nÅtgärd: Levandegöra IUP"), "{desc}");
    assert!(
        desc.contains("Ansvarig: ST-läkare\\, handledare\\n"),
        "{desc}"
    );
    assert!(
        desc.ends_with("\\nLäge 2026-11-23: uppföljning försenad"),
        "{desc}"
    );
    assert!(!desc.contains('\n'));
    assert!(
        lines.contains(&"CATEGORIES:SPUR,handlingsplan"),
        "a list, not one escaped text"
    );
}
