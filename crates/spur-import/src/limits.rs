//! The bounds of reading a unit's file: what a handlingsplan template can hold, how far its ZIP
//! parts may unpack, and how many problems are built.
//!
//! A unit's file is untrusted input. Every reader here stops at these bounds with a located
//! problem instead of allocating what the file claims: a sheet cell at `XFD1048576` is not a
//! reason to build a 16 384 × 1 048 576 grid, and a 6 KB ZIP part that inflates to gigabytes is
//! not read to its end.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use spur_core::Lang;
use spur_core::messages::{Msg, Text};

use crate::{Problem, Severity};

/// The most entries (criteria answered) one file may hold. The catalog has about a hundred
/// criteria and a template one row (or table, or entry) per criterion, so this is twenty times
/// what a real plan needs. The number of XLSX and CSV rows, DOCX tables and TOML/JSON entries
/// is bounded by it.
pub const MAX_ENTRIES: usize = 2_000;

/// The most spreadsheet columns read: the template has 11 (`A`–`K`); cells right of column
/// `BL` (the 64th) are ignored with one warning.
pub const MAX_COLUMNS: usize = 64;

/// The most rows of a spreadsheet (XLSX, CSV): the header row and [`MAX_ENTRIES`] rows. A
/// filled cell below is an error (nothing is merged), since entries would be lost.
pub const MAX_ROWS: usize = MAX_ENTRIES + 1;

/// The most strings of an XLSX shared-string table.
pub const MAX_SHARED_STRINGS: usize = 100_000;

/// The most DOCX table rows and cells (all tables together): a template table has six rows of
/// two cells.
pub const MAX_DOCX_CELLS: usize = 100_000;

/// The most fields one TOML/JSON entry may have (it has eight; unknown ones are warned about).
pub const MAX_FIELDS: usize = 64;

/// The most errors and the most warnings built for one file; the rest are counted, not built
/// (as `spur_core::MAX_PROBLEMS` for the inspection document).
pub const MAX_PROBLEMS: usize = 1_000;

/// The least budget of unpacked bytes of a ZIP file (DOCX, XLSX), for small files: 4 MiB, the
/// least memory budget of a request to `spur serve` (64 × 64 KiB). A template a unit filled
/// unpacks to far less (a 100-entry DOCX: about 1 MB of XML).
pub const MIN_UNPACKED: u64 = 4 << 20;

/// The unpacked bytes allowed per packed byte beyond [`MIN_UNPACKED`]: office XML packs about
/// 10–30 to 1; a ZIP bomb packs 1 000 to 1.
pub const UNPACKED_PER_BYTE: u64 = 32;

/// The most unpacked bytes of all parts of a ZIP file together, whatever its size: 128 MiB.
pub const MAX_UNPACKED: u64 = 128 << 20;

/// The unpacked-bytes budget of a ZIP file of `packed` bytes: [`UNPACKED_PER_BYTE`] × its
/// size, at least [`MIN_UNPACKED`] and at most [`MAX_UNPACKED`].
pub fn unpacked_budget(packed: usize) -> u64 {
    (packed as u64)
        .saturating_mul(UNPACKED_PER_BYTE)
        .clamp(MIN_UNPACKED, MAX_UNPACKED)
}

/// The unpacked bytes still allowed for the parts of one ZIP file, shared by the readers of
/// its parts.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    left: Rc<Cell<u64>>,
    /// Whether a part went over the budget.
    over: Rc<Cell<bool>>,
    total: u64,
}

impl Budget {
    pub(crate) fn for_packed(packed: usize) -> Budget {
        let total = unpacked_budget(packed);
        Budget {
            left: Rc::new(Cell::new(total)),
            over: Rc::new(Cell::new(false)),
            total,
        }
    }

    /// Whether a part went over the budget: a read error then means that, not a broken file.
    pub(crate) fn spent(&self) -> bool {
        self.over.get()
    }

    /// `inner` (one ZIP part) read against this budget: an error of kind `FileTooLarge` once
    /// the parts read so far unpack to more than the budget.
    pub(crate) fn reader<R: Read>(&self, inner: R, part: &str) -> Bounded<R> {
        Bounded {
            inner,
            budget: self.clone(),
            part: part.to_string(),
        }
    }

    /// The message for a part that went over the budget.
    pub(crate) fn message(&self, part: &str) -> Text {
        Text::new(Msg::ImportZipBomb)
            .val("part", part)
            .val("mib", self.total >> 20)
            .val("factor", UNPACKED_PER_BYTE)
            .val("min", MIN_UNPACKED >> 20)
    }
}

/// A reader of one ZIP part that fails when the file's [`Budget`] is spent.
pub(crate) struct Bounded<R> {
    inner: R,
    budget: Budget,
    part: String,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.budget.left.get();
        if left == 0 {
            // One byte more decides between "exactly the budget" and "over it".
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => {
                    self.budget.over.set(true);
                    Err(io::Error::new(
                        io::ErrorKind::FileTooLarge,
                        self.budget.message(&self.part).render(Lang::En),
                    ))
                }
            };
        }
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.budget.left.set(left - n as u64);
        Ok(n)
    }
}

/// The problems found in a unit's file, at most [`MAX_PROBLEMS`] errors and as many warnings
/// built; the rest are counted and summed up in one problem at the end.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
    errors: usize,
    warnings: usize,
    more_errors: usize,
    more_warnings: usize,
}

impl Problems {
    /// No problems.
    pub fn new() -> Problems {
        Problems::default()
    }

    /// Add `p`, or count it when there are [`MAX_PROBLEMS`] of its severity already.
    pub fn push(&mut self, p: Problem) {
        let (built, more) = match p.severity {
            Severity::Error => (&mut self.errors, &mut self.more_errors),
            Severity::Warning => (&mut self.warnings, &mut self.more_warnings),
        };
        if *built < MAX_PROBLEMS {
            *built += 1;
            self.list.push(p);
        } else {
            *more += 1;
        }
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// The problems built, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.list.iter()
    }

    /// The number of problems built.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.more_errors == 0 && self.more_warnings == 0
    }

    /// The problems built, and one more saying how many were only counted.
    pub fn into_vec(mut self) -> Vec<Problem> {
        if self.more_errors + self.more_warnings > 0 {
            let message = Text::new(Msg::ImportMoreProblems)
                .val("errors", self.more_errors)
                .val("warnings", self.more_warnings)
                .val("max", MAX_PROBLEMS);
            self.list.push(if self.more_errors > 0 {
                Problem::error(Msg::ImportTheFile, message)
            } else {
                Problem::warning(Msg::ImportTheFile, message)
            });
        }
        self.list
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_built_up_to_the_bound_and_counted_beyond() {
        let mut p = Problems::new();
        for i in 0..MAX_PROBLEMS + 5 {
            p.push(Problem::warning(format!("row {i}"), "w"));
        }
        // Errors still get their own room after many warnings.
        p.push(Problem::error("row 1", "e"));
        assert!(p.has_errors());
        assert_eq!(p.len(), MAX_PROBLEMS + 1);
        let v = p.into_vec();
        assert_eq!(v.len(), MAX_PROBLEMS + 2);
        assert!(
            v.last()
                .unwrap()
                .message
                .starts_with("0 more error(s) and 5 more warning(s)")
        );
    }

    #[test]
    fn the_unpacked_budget_grows_with_the_file_between_its_bounds() {
        assert_eq!(unpacked_budget(0), MIN_UNPACKED);
        assert_eq!(unpacked_budget(1 << 20), 32 << 20);
        assert_eq!(unpacked_budget(100 << 10), MIN_UNPACKED);
        assert_eq!(unpacked_budget(usize::MAX), MAX_UNPACKED);
    }

    #[test]
    fn a_bounded_reader_fails_past_the_budget_and_not_at_it() {
        let budget = Budget {
            left: Rc::new(Cell::new(4)),
            over: Rc::new(Cell::new(false)),
            total: 4,
        };
        let mut s = String::new();
        budget
            .reader(&b"abcd"[..], "x")
            .read_to_string(&mut s)
            .unwrap();
        let budget = Budget {
            left: Rc::new(Cell::new(4)),
            over: Rc::new(Cell::new(false)),
            total: 4,
        };
        let e = budget
            .reader(&b"abcde"[..], "x")
            .read_to_string(&mut String::new())
            .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert!(budget.spent());
    }
}
