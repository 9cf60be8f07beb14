//! Table-driven due-date logic: intervals with end-of-month clamping, leap years, year ends,
//! terms, and the end-of-year window.

use chrono::NaiveDate;
use spur_supervision::{Due, Frequency, Half, Termin, add_months, due, even_pace};

fn d(s: &str) -> NaiveDate {
    spur_core::parse_date(s).unwrap_or_else(|| panic!("bad date {s}"))
}

#[test]
fn due_dates() {
    use Frequency::*;
    let start = "2024-09-01";
    // (frequency, last covered, ST start, date) → expected
    let table: &[(Frequency, Option<&str>, &str, &str, &str)] = &[
        (EveryMeeting, None, start, "2024-09-01", "always"),
        (
            EveryMeeting,
            Some("2025-01-01"),
            start,
            "2025-01-02",
            "always",
        ),
        (AsNeeded, None, start, "2029-01-01", "optional"),
        // Never covered: counted from the ST start.
        (Every3Months, None, start, "2024-11-30", "not 2024-12-01"),
        (Every3Months, None, start, "2024-12-01", "due 2024-12-01"),
        (Every6Months, None, start, "2025-03-01", "due 2025-03-01"),
        (Yearly, None, start, "2025-08-31", "not 2025-09-01"),
        // Across a year end.
        (
            Every3Months,
            Some("2025-10-15"),
            start,
            "2025-12-31",
            "not 2026-01-15",
        ),
        (
            Every3Months,
            Some("2025-10-15"),
            start,
            "2026-01-15",
            "due 2026-01-15",
        ),
        (
            Every6Months,
            Some("2025-09-17"),
            start,
            "2026-03-04",
            "not 2026-03-17",
        ),
        // End-of-month clamping and leap years.
        (
            Every3Months,
            Some("2023-11-30"),
            start,
            "2024-02-28",
            "not 2024-02-29",
        ),
        (
            Every3Months,
            Some("2023-11-30"),
            start,
            "2024-02-29",
            "due 2024-02-29",
        ),
        (
            Every3Months,
            Some("2024-11-30"),
            start,
            "2025-03-01",
            "due 2025-02-28",
        ),
        (
            Every6Months,
            Some("2024-08-31"),
            start,
            "2025-02-27",
            "not 2025-02-28",
        ),
        (
            Yearly,
            Some("2024-02-29"),
            start,
            "2025-02-28",
            "due 2025-02-28",
        ),
        (
            Yearly,
            Some("2027-02-28"),
            start,
            "2028-02-28",
            "due 2028-02-28",
        ),
        (
            Yearly,
            Some("2027-03-01"),
            start,
            "2028-02-29",
            "not 2028-03-01",
        ),
        // "Regularly" is every 3 months.
        (
            Regularly,
            Some("2025-11-30"),
            start,
            "2026-02-27",
            "not 2026-02-28",
        ),
        (
            Regularly,
            Some("2025-11-30"),
            start,
            "2026-03-04",
            "due 2026-02-28",
        ),
        // End of year: only November–December, until covered since 1 November.
        (EndOfYear, None, start, "2025-10-31", "not 2025-11-01"),
        (EndOfYear, None, start, "2025-11-01", "due 2025-11-01"),
        (
            EndOfYear,
            Some("2024-12-11"),
            start,
            "2025-11-20",
            "due 2025-11-01",
        ),
        (
            EndOfYear,
            Some("2025-11-05"),
            start,
            "2025-12-31",
            "not 2026-11-01",
        ),
        (
            EndOfYear,
            Some("2025-12-10"),
            start,
            "2026-01-01",
            "not 2026-11-01",
        ),
        (
            EndOfYear,
            Some("2025-12-20"),
            start,
            "2025-12-01",
            "due 2025-11-01",
        ), // a later entry does not count
        (
            EndOfYear,
            None,
            "2025-12-15",
            "2025-12-20",
            "due 2025-12-15",
        ), // ST began inside the window
        (
            EndOfYear,
            None,
            "2024-02-29",
            "2024-12-31",
            "due 2024-11-01",
        ),
    ];
    for (freq, last, st_start, date, want) in table {
        let got = due(*freq, last.map(d), d(st_start), d(date));
        let want = match want.split_once(' ') {
            Some(("due", s)) => Due::Due { since: d(s) },
            Some(("not", s)) => Due::NotDue { next: d(s) },
            None if *want == "always" => Due::Always,
            None if *want == "optional" => Due::Optional,
            _ => panic!("bad expectation {want}"),
        };
        assert_eq!(got, want, "{freq} last {last:?} start {st_start} on {date}");
        assert_eq!(got.is_due(), matches!(want, Due::Always | Due::Due { .. }));
    }
}

#[test]
fn month_arithmetic() {
    let table = [
        ("2024-01-31", 1, "2024-02-29"),
        ("2025-01-31", 1, "2025-02-28"),
        ("2025-12-31", 2, "2026-02-28"),
        ("2025-11-15", 3, "2026-02-15"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2026-05-31", 6, "2026-11-30"),
    ];
    for (from, months, want) in table {
        assert_eq!(add_months(d(from), months), d(want), "{from} + {months}");
    }
}

#[test]
fn terms() {
    // (date, termin, first day, last day, days)
    let table = [
        ("2026-01-01", "VT 2026", "2026-01-01", "2026-06-30", 181),
        ("2026-06-30", "VT 2026", "2026-01-01", "2026-06-30", 181),
        ("2026-07-01", "HT 2026", "2026-07-01", "2026-12-31", 184),
        ("2025-12-31", "HT 2025", "2025-07-01", "2025-12-31", 184),
        ("2024-02-29", "VT 2024", "2024-01-01", "2024-06-30", 182),
    ];
    for (date, label, first, last, days) in table {
        let t = Termin::containing(d(date));
        assert_eq!(t.to_string(), label, "{date}");
        assert_eq!((t.start(), t.end()), (d(first), d(last)), "{date}");
        assert_eq!((t.end() - t.start()).num_days() + 1, days, "{date}");
    }
    let ht = Termin {
        year: 2025,
        half: Half::Autumn,
    };
    assert_eq!(
        ht.next(),
        Termin {
            year: 2026,
            half: Half::Spring
        }
    );
    assert_eq!(
        ht.next().next(),
        Termin {
            year: 2026,
            half: Half::Autumn
        }
    );
    assert!(ht < ht.next());
}

#[test]
fn even_pace_table() {
    // (target, elapsed days, total days) → expected
    let table = [
        (4, 0, 181, 0),
        (4, 45, 181, 0),
        (4, 46, 181, 1),
        (4, 63, 181, 1),
        (4, 181, 181, 4),
        (2, 182, 365, 0),
        (2, 183, 365, 1),
        (2, 1, 0, 2),
    ];
    for (target, elapsed, total, want) in table {
        assert_eq!(
            even_pace(target, elapsed, total),
            want,
            "{target} after {elapsed}/{total}"
        );
    }
}
