//! The five fields of a handlingsplan entry as one list: every plan template (CSV, XLSX,
//! Markdown, DOCX, HTML, TOML), the report's plan section and the importer iterate over
//! [`PlanField`] instead of naming the fields, so a sixth field is one more variant (and its
//! label in the message table) and the compiler points at what else it needs.
//!
//! ```
//! use spur_core::{Lang, PlanEntry, PlanField};
//! let keys: Vec<&str> = PlanField::all().map(PlanField::key).collect();
//! assert_eq!(keys, ["action", "due", "responsible", "follow_up", "follow_up_responsible"]);
//! assert_eq!(PlanField::FollowUp.label(Lang::Sv), "Datum för uppföljning");
//! assert_eq!(PlanField::from_label("datum för uppföljning"), Some(PlanField::FollowUp));
//! let blank = PlanEntry::blank("D.F6".parse().unwrap());
//! assert!(!PlanField::Responsible.value(&blank).is_filled());
//! ```

use chrono::NaiveDate;
use strum::{Display, EnumCount, EnumIter, EnumString, IntoEnumIterator, IntoStaticStr};

use super::PlanEntry;
use crate::lang::Lang;
use crate::messages::Msg;

/// One field of the SPUR handlingsplan form, in the form's order. Its [`key`](Self::key) is
/// the key in the inspection document (`snake_case`, also its `Display`), its
/// [`label`](Self::label) the words the templates and the report print.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    EnumIter,
    EnumCount,
    EnumString,
    IntoStaticStr,
    Display,
)]
#[strum(serialize_all = "snake_case")]
pub enum PlanField {
    /// *Planerad åtgärd*, the planned action: what the unit will do to remedy the brist
    /// (deficiency).
    Action,
    /// *Datum när åtgärden ska vara genomförd*, the due date: by when the action is to be
    /// completed (on or after the visit).
    Due,
    /// *Ansvarig för genomförandet*, who is responsible for carrying the action out: roles such
    /// as verksamhetschef (head of unit) or studierektor (director of studies).
    Responsible,
    /// *Datum för uppföljning*, the follow-up date: when the unit checks that the completed
    /// action worked (on or after the due date).
    FollowUp,
    /// *Ansvarig för uppföljningen*, who is responsible for that follow-up (roles).
    FollowUpResponsible,
}

/// What a [`PlanField`] holds, which decides how templates offer it and how the importer reads
/// it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanFieldKind {
    /// Free text (a TOML string).
    Text,
    /// A date, `YYYY-MM-DD` (a date cell in XLSX).
    Date,
    /// A list of names or roles (a TOML array; comma-separated in a table cell).
    Names,
}

/// The value of one [`PlanField`] of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanValue<'a> {
    /// A [`PlanFieldKind::Text`] field.
    Text(Option<&'a str>),
    /// A [`PlanFieldKind::Date`] field.
    Date(Option<NaiveDate>),
    /// A [`PlanFieldKind::Names`] field.
    Names(&'a [String]),
}

impl PlanValue<'_> {
    /// Whether the field is filled in: text that is not blank, a date, at least one name.
    pub fn is_filled(&self) -> bool {
        match self {
            PlanValue::Text(t) => t.is_some_and(|t| !t.trim().is_empty()),
            PlanValue::Date(d) => d.is_some(),
            PlanValue::Names(n) => !n.is_empty(),
        }
    }
}

impl std::fmt::Display for PlanValue<'_> {
    /// The value as one would write it in a cell: the text, the date `YYYY-MM-DD`, the names
    /// joined by `, `; nothing when empty.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanValue::Text(t) => f.write_str(t.unwrap_or("")),
            PlanValue::Date(Some(d)) => write!(f, "{d}"),
            PlanValue::Date(None) => Ok(()),
            PlanValue::Names(n) => f.write_str(&n.join(", ")),
        }
    }
}

/// The place of one [`PlanField`] in an entry, to fill it in.
#[derive(Debug)]
pub enum PlanSlot<'a> {
    /// A [`PlanFieldKind::Text`] field.
    Text(&'a mut Option<String>),
    /// A [`PlanFieldKind::Date`] field.
    Date(&'a mut Option<NaiveDate>),
    /// A [`PlanFieldKind::Names`] field.
    Names(&'a mut Vec<String>),
}

impl PlanField {
    /// Every field, in the form's order.
    pub fn all() -> impl DoubleEndedIterator<Item = PlanField> + ExactSizeIterator + Clone {
        <PlanField as IntoEnumIterator>::iter()
    }

    /// The key in the inspection document (`follow_up_responsible`).
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The field of a document key.
    pub fn from_key(key: &str) -> Option<PlanField> {
        key.parse().ok()
    }

    /// The field's place in the form, from 0 (the column after the template's fixed columns).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The phrase of the message table that names the field (its template label).
    pub const fn msg(self) -> Msg {
        match self {
            PlanField::Action => Msg::PlanFieldAction,
            PlanField::Due => Msg::PlanFieldDue,
            PlanField::Responsible => Msg::PlanFieldResponsible,
            PlanField::FollowUp => Msg::PlanFieldFollowUp,
            PlanField::FollowUpResponsible => Msg::PlanFieldFollowUpResponsible,
        }
    }

    /// The label in `lang`: the template's column head or row label (`Datum för uppföljning`).
    pub const fn label(self, lang: Lang) -> &'static str {
        self.msg().template(lang)
    }

    /// The field a label names, in either language and any case (a trailing `:` ignored).
    pub fn from_label(label: &str) -> Option<PlanField> {
        let label = label.trim().trim_end_matches(':').trim().to_lowercase();
        [Lang::Sv, Lang::En]
            .into_iter()
            .flat_map(|lang| PlanField::all().map(move |f| (f, f.label(lang))))
            .find(|(_, l)| l.to_lowercase() == label)
            .map(|(f, _)| f)
    }

    /// What the field holds.
    pub const fn kind(self) -> PlanFieldKind {
        match self {
            PlanField::Action => PlanFieldKind::Text,
            PlanField::Due | PlanField::FollowUp => PlanFieldKind::Date,
            PlanField::Responsible | PlanField::FollowUpResponsible => PlanFieldKind::Names,
        }
    }

    /// Whether an entry is complete only with this field filled in. All five are: the SPUR form
    /// asks for each, and a brist against a föreskrift counts as answered (D adjusted to C) only
    /// when its entry is complete.
    pub const fn is_required(self) -> bool {
        match self {
            PlanField::Action
            | PlanField::Due
            | PlanField::Responsible
            | PlanField::FollowUp
            | PlanField::FollowUpResponsible => true,
        }
    }

    /// The field's value in `entry`.
    pub fn value(self, entry: &PlanEntry) -> PlanValue<'_> {
        match self {
            PlanField::Action => PlanValue::Text(entry.action.as_deref()),
            PlanField::Due => PlanValue::Date(entry.due),
            PlanField::Responsible => PlanValue::Names(&entry.responsible),
            PlanField::FollowUp => PlanValue::Date(entry.follow_up),
            PlanField::FollowUpResponsible => PlanValue::Names(&entry.follow_up_responsible),
        }
    }

    /// The field's place in `entry`, to fill it in.
    pub fn slot(self, entry: &mut PlanEntry) -> PlanSlot<'_> {
        match self {
            PlanField::Action => PlanSlot::Text(&mut entry.action),
            PlanField::Due => PlanSlot::Date(&mut entry.due),
            PlanField::Responsible => PlanSlot::Names(&mut entry.responsible),
            PlanField::FollowUp => PlanSlot::Date(&mut entry.follow_up),
            PlanField::FollowUpResponsible => PlanSlot::Names(&mut entry.follow_up_responsible),
        }
    }

    /// Set the field of `to` to its value in `from`.
    pub fn copy(self, from: &PlanEntry, to: &mut PlanEntry) {
        match (self.value(from), self.slot(to)) {
            (PlanValue::Text(v), PlanSlot::Text(t)) => *t = v.map(str::to_string),
            (PlanValue::Date(v), PlanSlot::Date(d)) => *d = v,
            (PlanValue::Names(v), PlanSlot::Names(n)) => *n = v.to_vec(),
            _ => unreachable!("the value and the slot of one field are of its kind"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_labels_are_distinct_and_read_back() {
        let keys: std::collections::HashSet<_> = PlanField::all().map(PlanField::key).collect();
        assert_eq!(keys.len(), PlanField::COUNT);
        for f in PlanField::all() {
            assert_eq!(PlanField::from_key(f.key()), Some(f));
            assert_eq!(f.to_string(), f.key());
            for lang in [Lang::Sv, Lang::En] {
                assert_eq!(PlanField::from_label(f.label(lang)), Some(f));
                assert_eq!(
                    PlanField::from_label(&format!(" {}: ", f.label(lang).to_uppercase())),
                    Some(f)
                );
            }
        }
        assert_eq!(PlanField::from_label("Status"), None);
    }

    #[test]
    fn copy_and_value_cover_every_field() {
        let mut full = PlanEntry::blank("D.F6".parse().unwrap());
        for f in PlanField::all() {
            match f.slot(&mut full) {
                PlanSlot::Text(t) => *t = Some("x".into()),
                PlanSlot::Date(d) => *d = NaiveDate::from_ymd_opt(2026, 3, 1),
                PlanSlot::Names(n) => *n = vec!["a".into(), "b".into()],
            }
        }
        assert!(full.is_complete());
        let mut copy = PlanEntry::blank(full.criterion);
        for f in PlanField::all() {
            f.copy(&full, &mut copy);
            assert_eq!(f.value(&copy), f.value(&full));
        }
        assert_eq!(copy, full);
        assert_eq!(PlanField::Responsible.value(&full).to_string(), "a, b");
    }
}
