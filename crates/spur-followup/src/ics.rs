//! iCalendar (RFC 5545) output of a follow-up: one all-day event per due date and per
//! follow-up date, deterministic byte for byte.
//!
//! - lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character);
//! - text values escape `\`, `;`, `,` and newlines;
//! - `UID` is derived from the unit, the criterion and the kind of date (`due` or
//!   `follow-up`): `<criterion>-<kind>-<FNV-1a 64 of the unit name, hex>@spur`, so importing
//!   an updated file replaces the events instead of duplicating them;
//! - `DTSTAMP` is the as-of date at 00:00:00 UTC, so the same input gives the same file.

use chrono::NaiveDate;

use crate::followup::{EntryFollowUp, FollowUp};

/// Escape a TEXT value (RFC 5545 §3.3.11): `\` → `\\`, `;` → `\;`, `,` → `\,`, and any line
/// break (CRLF, LF or CR) → `\n`.
///
/// ```
/// assert_eq!(spur_followup::ics_escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
/// ```
pub fn ics_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
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
        e.state.label_sv()
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

/// The whole calendar.
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
        if let Some(d) = e.due {
            event(&mut w, f, e, "due", d);
        }
        if let Some(d) = e.follow_up {
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
    fn fnv_is_the_published_function() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
