//! The iCalendar follow-up with hostile text and dates: either a clear refusal, or a calendar
//! whose lines are folded at 75 octets, end in CRLF, carry no control characters, and whose dates
//! are 8 digits.
#![no_main]

#[path = "common/mod.rs"]
mod common;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (doc, _) = common::hostile(data);
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let followup = spur_followup::follow_up(&doc, as_of);
    let Ok(ics) = followup.try_to_ics() else {
        return;
    };
    assert!(ics.ends_with("\r\n"));
    assert!(ics.contains("BEGIN:VEVENT"), "a calendar without an event");
    for line in ics.strip_suffix("\r\n").unwrap_or(&ics).split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets", line.len());
        common::assert_no_controls(line, "an ICS line");
        assert!(!line.contains('\n') && !line.contains('\r'));
        for prefix in ["DTSTART;VALUE=DATE:", "DTEND;VALUE=DATE:"] {
            if let Some(date) = line.strip_prefix(prefix) {
                assert!(
                    date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()),
                    "{line}"
                );
            }
        }
    }
});
