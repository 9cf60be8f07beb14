//! One vocabulary and one palette for grades, shared by every output: the terminal, Markdown,
//! HTML, DOCX, PDF, the SVG overview, the regional heat map and the browser form.
//!
//! | mark | meaning |
//! |---|---|
//! | `A` … `D` | the grade |
//! | `D→C` | computed D, adjusted to C after a received handlingsplan |
//! | `C*` | set by the inspector (override) |
//! | `B–D` | provisional: unassessed criteria decide; only the range is shown |
//! | `–` | not graded |
//!
//! Colours are Okabe–Ito (safe for the common colour-vision deficiencies) and every cell also
//! carries its letters, so colour is never the only signal.
//!
//! ```
//! use spur_core::Lang;
//! use spur_grading::marks::{MarkClass, legend};
//! assert_eq!(MarkClass::D.fill(), "D55E00");
//! assert_eq!(legend(Lang::Sv)[1], "D→C: justerad efter inkommen handlingsplan");
//! ```

use spur_core::Grade;

use crate::RegulationResult;

/// How a grade is marked and coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkClass {
    /// Grade A.
    A,
    /// Grade B.
    B,
    /// Grade C.
    C,
    /// Grade D.
    D,
    /// A provisional range.
    Provisional,
    /// A computed grade that an adjustment or override replaced.
    Computed,
    /// Not graded.
    NotGraded,
}

impl MarkClass {
    /// The class of a grade.
    pub fn of(grade: Grade) -> Self {
        match grade {
            Grade::A => MarkClass::A,
            Grade::B => MarkClass::B,
            Grade::C => MarkClass::C,
            Grade::D => MarkClass::D,
        }
    }

    /// Fill colour, hex without `#`.
    pub fn fill(self) -> &'static str {
        match self {
            MarkClass::A => "009E73",
            MarkClass::B => "56B4E9",
            MarkClass::C => "E69F00",
            MarkClass::D => "D55E00",
            MarkClass::Provisional => "F0E442",
            MarkClass::Computed => "E0E0E0",
            MarkClass::NotGraded => "FFFFFF",
        }
    }

    /// Text colour on [`fill`](Self::fill): black on every fill (contrast ≥ 4.5:1).
    pub fn ink(self) -> &'static str {
        "000000"
    }

    /// Whether the cell is drawn with a dashed border (not a settled grade).
    pub fn dashed(self) -> bool {
        matches!(
            self,
            MarkClass::Provisional | MarkClass::Computed | MarkClass::NotGraded
        )
    }

    /// CSS class suffix: `a`, `b`, `c`, `d`, `p`, `x`, `n`.
    pub fn css(self) -> &'static str {
        match self {
            MarkClass::A => "a",
            MarkClass::B => "b",
            MarkClass::C => "c",
            MarkClass::D => "d",
            MarkClass::Provisional => "p",
            MarkClass::Computed => "x",
            MarkClass::NotGraded => "n",
        }
    }
}

/// A grade as marked: its text and class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// `A`, `D→C`, `C*`, `B–D` or `–`.
    pub text: String,
    /// Colour class.
    pub class: MarkClass,
}

/// The mark of one area under one regulation (`None`: the unit does not train under it).
pub fn mark(result: Option<&RegulationResult>) -> Mark {
    match result {
        None => mark_of(None, false, None, None),
        Some(r) => mark_of(
            r.final_grade,
            r.overridden,
            r.range,
            r.computed.filter(|_| r.adjusted),
        ),
    }
}

/// The mark from its parts, for outputs that keep only these (the regional overview):
/// the final grade, whether the inspector set it, the provisional range and the computed
/// grade an adjustment replaced.
///
/// ```
/// use spur_core::Grade::{A, C, D};
/// use spur_grading::marks::{MarkClass, mark_of};
/// assert_eq!(mark_of(Some(C), false, None, Some(D)).text, "D→C");
/// assert_eq!(mark_of(Some(C), true, None, None).text, "C*");
/// let provisional = mark_of(Some(A), false, Some([A, D]), None);
/// assert_eq!((provisional.text.as_str(), provisional.class), ("A–D", MarkClass::Provisional));
/// assert_eq!(mark_of(None, false, None, None).text, "–");
/// ```
pub fn mark_of(
    final_grade: Option<Grade>,
    overridden: bool,
    range: Option<[Grade; 2]>,
    adjusted_from: Option<Grade>,
) -> Mark {
    let Some(final_grade) = final_grade else {
        return Mark {
            text: "–".into(),
            class: MarkClass::NotGraded,
        };
    };
    let (text, class) = if overridden {
        (format!("{final_grade}*"), MarkClass::of(final_grade))
    } else if let Some([best, worst]) = range {
        (format!("{best}–{worst}"), MarkClass::Provisional)
    } else if let Some(computed) = adjusted_from {
        (
            format!("{computed}→{final_grade}"),
            MarkClass::of(final_grade),
        )
    } else {
        (final_grade.to_string(), MarkClass::of(final_grade))
    };
    Mark { text, class }
}

spur_core::phrases! {
    /// The legend of the marks, one line per mark.
    pub enum Legend {
        /// A grade letter.
        Grades => "A–D: grade", "A–D: gradering";
        /// An adjusted grade.
        Adjusted => "D→C: adjusted after the action plan was received",
            "D→C: justerad efter inkommen handlingsplan";
        /// A provisional range.
        Provisional => "B–D: provisional, unassessed criteria decide",
            "B–D: preliminär, ej bedömda kriterier avgör";
        /// An override.
        Overridden => "*: set by the inspector", "*: satt av inspektören";
        /// No grade.
        NotGraded => "–: not graded", "–: ej bedömd";
    }
}

/// The legend in `lang`, one line per mark.
pub const fn legend(lang: spur_core::Lang) -> [&'static str; 5] {
    [
        Legend::Grades.template(lang),
        Legend::Adjusted.template(lang),
        Legend::Provisional.template(lang),
        Legend::Overridden.template(lang),
        Legend::NotGraded.template(lang),
    ]
}

/// The Swedish legend.
pub const LEGEND_SV: [&str; 5] = legend(spur_core::Lang::Sv);

/// The English legend.
pub const LEGEND_EN: [&str; 5] = legend(spur_core::Lang::En);

#[cfg(test)]
mod legend_tests {
    #[test]
    fn every_phrase_has_both_languages_with_the_same_placeholders() {
        assert!(spur_core::lang::parity_problems::<super::Legend>().is_empty());
    }
}
