//! CSV for Swedish Excel: UTF-8 with BOM, `;` separator, CRLF line ends, formula injection
//! neutralised.

use spur_core::PlanField;

use crate::Error;
use crate::view::TemplateView;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Neutralise a CSV cell that a spreadsheet would read as a formula: a cell that starts with
/// `=`, `+`, `-`, `@` (or their fullwidth forms), a tab or a carriage return gets a leading `'`
/// ([`spur_core::escape::csv`]).
///
/// ```
/// use spur_report::neutralise_formula;
/// assert_eq!(neutralise_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(neutralise_formula("-1"), "'-1");
/// assert_eq!(neutralise_formula("\tx"), "'\tx");
/// assert_eq!(neutralise_formula("＝1"), "'＝1");
/// assert_eq!(neutralise_formula("ST-läkare"), "ST-läkare");
/// ```
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    spur_core::escape::csv(cell)
}

pub(crate) fn template(v: &TemplateView<'_>) -> Result<Vec<u8>, Error> {
    let m = v.m;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let header = [
        m.area,
        m.csv_criterion,
        m.csv_criterion_text,
        m.csv_type,
        m.note,
    ]
    .into_iter()
    .chain(PlanField::all().map(|f| m.plan_field(f)));
    writer
        .write_record(header)
        .map_err(|e| Error::Csv(e.to_string()))?;
    for item in v.items() {
        let note = item.note.as_deref().unwrap_or("");
        let cells = [
            item.area_heading.as_str(),
            item.id.as_str(),
            item.text,
            item.relevance,
            note,
        ]
        .into_iter()
        // One empty cell per plan field, for the unit to fill in.
        .chain(PlanField::all().map(|_| ""));
        writer
            .write_record(cells.map(|c| neutralise_formula(c).into_owned()))
            .map_err(|e| Error::Csv(e.to_string()))?;
    }
    writer.into_inner().map_err(|e| Error::Csv(e.to_string()))
}
