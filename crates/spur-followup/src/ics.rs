//! iCalendar (RFC 5545) output of a follow-up: one all-day event per due date and per
//! follow-up date, deterministic byte for byte.
//!
//! - lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character);
//! - text values escape `\`, `;`, `,` and newlines;
//! - `UID` is derived from the unit, the criterion and the kind of date (`due` or
//!   `follow-up`): `<criterion>-<kind>-<FNV-1a 64 of the unit name, hex>@spur`, so importing
//!   an updated file replaces the events instead of duplicating them;
//! - `DTSTAMP` is the as-of date at 00:00:00 UTC, so the same input gives the same file.

use chrono::{Datelike, NaiveDate};

use crate::followup::{EntryFollowUp, FollowUp};

/// Escape a TEXT value (RFC 5545 §3.3.11): `\` → `\\`, `;` → `\;`, `,` → `\,`, any line
/// break (CRLF, LF or CR) → `\n`, and control characters removed
/// ([`spur_core::escape::ics_text`]).
///
/// ```
/// assert_eq!(spur_followup::ics_escape("a,b;c\\d\ne\u{1b}"), "a\\,b\\;c\\\\d\\ne");
/// ```
pub fn ics_escape(s: &str) -> String {
    spur_core::escape::ics_text(s)
}

/// The dates an iCalendar `DATE` value can carry here: four-digit years, and the day after
/// (the all-day event's `DTEND`) too.
pub fn ics_date_ok(d: NaiveDate) -> bool {
    d.year() >= 1900 && d.succ_opt().is_some_and(|next| next.year() <= 9999)
}

/// Why a follow-up cannot be written as a calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcsError {
    /// No entry has a due or follow-up date: there would be no event.
    #[error(
        "no calendar: the handlingsplan has no entry with a due or follow-up date (a calendar needs at least one event); add `due` or `follow_up` dates, or use another --format"
    )]
    NoEvents,
    /// A date outside what an iCalendar file here can carry.
    #[error(
        "no calendar: {criterion} has the {kind} date {date}, outside 1900-01-01 … 9999-12-30 (an iCalendar date has a four-digit year)"
    )]
    DateOutOfRange {
        /// The criterion of the plan entry.
        criterion: String,
        /// `due` or `follow-up`.
        kind: &'static str,
        /// The date.
        date: NaiveDate,
    },
}

impl FollowUp {
    /// An iCalendar file (RFC 5545) with one all-day event per due date and per follow-up date.
    /// See [`crate::ics_escape`] and [`crate::fold_line`] for the text rules.
    ///
    /// Dates an iCalendar file cannot carry (outside 1900–9999) are left out; use
    /// [`FollowUp::try_to_ics`] to refuse them, and an empty calendar, instead.
    pub fn to_ics(&self) -> String {
        calendar(self)
    }

    /// [`FollowUp::to_ics`], refusing a plan without any dated entry (a calendar without an
    /// event is not valid RFC 5545) and dates outside 1900-01-01 … 9999-12-30.
    ///
    /// # Errors
    /// [`crate::IcsError`] says which.
    pub fn try_to_ics(&self) -> Result<String, crate::IcsError> {
        try_calendar(self)
    }
}

/// Fold one content line (RFC 5545 §3.1): no physical line longer than 75 octets, each
/// continuation starting with a space, never splitting a UTF-8 character. The result has no
/// trailing line break; physical lines are joined with CRLF.
///
/// ```
/// let long = "DESCRIPTION:".to_string() + &"å".repeat(40);
/// let folded = spur_followup::fold_line(&long);
/// assert!(folded.split("\r\n").all(|l| l.len() <= 75));
/// assert_eq!(folded.replace("\r\n ", ""), long);
/// ```
pub fn fold_line(line: &str) -> String {
    const MAX: usize = 75;
    if line.len() <= MAX {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut rest = line;
    let mut first = true;
    while !rest.is_empty() {
        // A continuation line's leading space counts towards its 75 octets.
        let room = if first { MAX } else { MAX - 1 };
        let mut cut = room.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if !first {
            out.push_str("\r\n ");
        }
        out.push_str(&rest[..cut]);
        rest = &rest[cut..];
        first = false;
    }
    out
}

/// FNV-1a, 64 bit: a stable hash that does not change between Rust versions.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

struct Writer(String);

impl Writer {
    fn line(&mut self, l: &str) {
        self.0.push_str(&fold_line(l));
        self.0.push_str("\r\n");
    }
}

fn event(w: &mut Writer, f: &FollowUp, e: &EntryFollowUp, kind: &str, date: NaiveDate) {
    let unit_hash = fnv1a(&f.unit);
    let (what, who) = match kind {
        "due" => ("åtgärd ska vara genomförd", &e.responsible),
        _ => ("uppföljning", &e.follow_up_responsible),
    };
    let mut description = format!("Enhet: {}", f.unit);
    if let Some(a) = &e.action {
        description.push_str(&format!("\nÅtgärd: {a}"));
    }
    if !who.is_empty() {
        description.push_str(&format!("\nAnsvarig: {}", who.join(", ")));
    }
    description.push_str(&format!(
        "\nLäge {}: {}",
        f.as_of.format("%Y-%m-%d"),
        e.state.label_in(spur_core::Lang::Sv)
    ));
    w.line("BEGIN:VEVENT");
    w.line(&format!("UID:{}-{kind}-{unit_hash:016x}@spur", e.criterion));
    w.line(&format!("DTSTAMP:{}T000000Z", ymd(f.as_of)));
    w.line(&format!("DTSTART;VALUE=DATE:{}", ymd(date)));
    w.line(&format!(
        "DTEND;VALUE=DATE:{}",
        ymd(date.succ_opt().unwrap_or(date))
    ));
    w.line(&format!(
        "SUMMARY:{}",
        ics_escape(&format!(
            "Handlingsplan {}: {what} ({})",
            e.criterion, f.unit
        ))
    ));
    w.line(&format!("DESCRIPTION:{}", ics_escape(&description)));
    // CATEGORIES is a list: the comma separates categories, so only the items are escaped.
    w.line(&format!(
        "CATEGORIES:{},{}",
        ics_escape("SPUR"),
        ics_escape("handlingsplan")
    ));
    w.line("TRANSP:TRANSPARENT");
    w.line("END:VEVENT");
}

/// The whole calendar, or why there can be none: no event at all, or a date outside
/// 1900–9999.
pub(crate) fn try_calendar(f: &FollowUp) -> Result<String, IcsError> {
    let mut events = 0;
    for e in &f.entries {
        for (kind, date) in [("due", e.due), ("follow-up", e.follow_up)] {
            if let Some(date) = date {
                if !ics_date_ok(date) {
                    return Err(IcsError::DateOutOfRange {
                        criterion: e.criterion.to_string(),
                        kind,
                        date,
                    });
                }
                events += 1;
            }
        }
    }
    if events == 0 {
        return Err(IcsError::NoEvents);
    }
    Ok(calendar(f))
}

/// The whole calendar; dates an iCalendar file cannot carry are left out.
pub(crate) fn calendar(f: &FollowUp) -> String {
    let mut w = Writer(String::new());
    w.line("BEGIN:VCALENDAR");
    w.line("VERSION:2.0");
    w.line("PRODID:-//spur//spur-followup//SV");
    w.line("CALSCALE:GREGORIAN");
    w.line("METHOD:PUBLISH");
    w.line(&format!(
        "X-WR-CALNAME:{}",
        ics_escape(&format!("Handlingsplan {}", f.unit))
    ));
    for e in &f.entries {
        if let Some(d) = e.due.filter(|d| ics_date_ok(*d)) {
            event(&mut w, f, e, "due", d);
        }
        if let Some(d) = e.follow_up.filter(|d| ics_date_ok(*d)) {
            event(&mut w, f, e, "follow-up", d);
        }
    }
    w.line("END:VCALENDAR");
    w.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_keeps_short_lines_and_splits_long_ones_at_char_boundaries() {
        assert_eq!(fold_line("SUMMARY:x"), "SUMMARY:x");
        let exact = "X".repeat(75);
        assert_eq!(fold_line(&exact), exact);
        let long = "X".repeat(76);
        assert_eq!(fold_line(&long), format!("{}\r\n X", "X".repeat(75)));
        // 74 ASCII octets, then a 2-octet character that does not fit on the first line.
        let s = format!("{}ää", "a".repeat(74));
        let folded = fold_line(&s);
        assert_eq!(folded, format!("{}\r\n ää", "a".repeat(74)));
        for l in fold_line(&"ö".repeat(200)).split("\r\n") {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
    }

    #[test]
    fn escape_handles_every_special_character() {
        assert_eq!(ics_escape("a\r\nb\rc"), "a\\nb\\nc");
        assert_eq!(
            ics_escape("Vårdcentral; ST, BT\\AT"),
            "Vårdcentral\\; ST\\, BT\\\\AT"
        );
    }

    #[test]
    fn control_characters_never_reach_the_calendar() {
        assert_eq!(ics_escape("a\u{1b}[2Jb\u{7}\u{9b}c"), "a[2Jbc");
    }

    #[test]
    fn only_four_digit_years_are_calendar_dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(ics_date_ok(d(1900, 1, 1)));
        assert!(ics_date_ok(d(9999, 12, 30)));
        assert!(
            !ics_date_ok(d(9999, 12, 31)),
            "its DTEND would be in year 10000"
        );
        assert!(!ics_date_ok(d(1899, 12, 31)));
        assert!(!ics_date_ok(d(-5, 1, 1)));
    }

    #[test]
    fn fnv_is_the_published_function() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
