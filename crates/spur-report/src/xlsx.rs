//! The handlingsplan template as an Excel workbook: the same columns as the CSV, with the two
//! date columns as real date cells (validated: on or after the visit) and the status column as a
//! drop-down list, so the unit fills it in Excel and `spur handlingsplan import` reads it back.
//!
//! The drop-down's values come from a hidden sheet ([`LISTS_SHEET`]), not from an inline list:
//! Excel splits an inline list on every comma, and the status labels (`uppföljd, effektiv`)
//! contain one. A range keeps each label whole, exactly as the report prints it.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, Formula,
    Workbook,
};
use spur_core::{PlanField, PlanFieldKind, PlanStatus};

use crate::Error;
use crate::view::TemplateView;

/// Column indexes (0-based) of the template, shared with the CSV: five fixed columns, then one
/// per [`PlanField`] in the form's order, then the status.
pub(crate) mod columns {
    use spur_core::PlanField;

    /// Area heading.
    pub const AREA: u16 = 0;
    /// Criterion id.
    pub const CRITERION: u16 = 1;
    /// Criterion text.
    pub const TEXT: u16 = 2;
    /// Krav / rekommendation.
    pub const TYPE: u16 = 3;
    /// The inspector's note.
    pub const NOTE: u16 = 4;
    /// The first plan field's column.
    const FIRST_FIELD: u16 = 5;
    /// Status (XLSX only), after the plan fields.
    pub const STATUS: u16 = FIRST_FIELD + <PlanField as strum::EnumCount>::COUNT as u16;

    /// The column of `field`.
    pub fn of(field: PlanField) -> u16 {
        FIRST_FIELD + field.index() as u16
    }
}

/// The width of a plan field's column, in characters.
fn width(kind: PlanFieldKind) -> f64 {
    match kind {
        PlanFieldKind::Text => 40.0,
        PlanFieldKind::Date => 14.0,
        PlanFieldKind::Names => 22.0,
    }
}

const ALL_STATUSES: [PlanStatus; 5] = [
    PlanStatus::Planned,
    PlanStatus::InProgress,
    PlanStatus::Done,
    PlanStatus::VerifiedEffective,
    PlanStatus::NotEffective,
];

/// The name of the hidden sheet that holds the drop-down lists' values (one list per column).
pub(crate) const LISTS_SHEET: &str = "Listor";

fn err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Xlsx(e.to_string())
}

/// `YYYY-MM-DD` as an Excel date.
fn excel_date(iso: &str) -> Option<ExcelDateTime> {
    let mut parts = iso.split('-');
    let y: u16 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    ExcelDateTime::from_ymd(y, m, d).ok()
}

pub(crate) fn template(v: &TemplateView<'_>, visit_date: &str) -> Result<Vec<u8>, Error> {
    let m = v.m;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(m.template_title).map_err(err)?;
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDDDDD");
    let wrap = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let fixed = [
        (m.area, 18.0),
        (m.csv_criterion, 9.0),
        (m.csv_criterion_text, 48.0),
        (m.csv_type, 14.0),
        (m.note, 32.0),
    ];
    let header = fixed
        .into_iter()
        .chain(PlanField::all().map(|f| (m.plan_field(f), width(f.kind()))))
        .chain([(m.plan_status, 18.0)]);
    for (col, (label, width)) in header.enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, label, &head)
            .map_err(err)?;
        ws.set_column_width(col, width).map_err(err)?;
    }
    ws.set_freeze_panes(1, 2).map_err(err)?;
    let mut row: u32 = 0;
    for item in v.items() {
        row += 1;
        let note = item.note.as_deref().unwrap_or("");
        for (col, text) in [
            (columns::AREA, item.area_heading.as_str()),
            (columns::CRITERION, item.id.as_str()),
            (columns::TEXT, item.text),
            (columns::TYPE, item.relevance),
            (columns::NOTE, note),
        ] {
            // Strings are written as strings: a leading `=` is text, never a formula.
            ws.write_string_with_format(row, col, text, &wrap)
                .map_err(err)?;
        }
        for field in PlanField::all() {
            let format = match field.kind() {
                PlanFieldKind::Date => &date,
                PlanFieldKind::Text | PlanFieldKind::Names => &wrap,
            };
            ws.write_blank(row, columns::of(field), format)
                .map_err(err)?;
        }
    }
    if row > 0 {
        let mut dates = DataValidation::new()
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_input_message(m.template_date_hint)
            .map_err(err)?;
        if let Some(visit) = excel_date(visit_date) {
            dates = dates.allow_date(DataValidationRule::GreaterThanOrEqualTo(visit));
        }
        for field in PlanField::all().filter(|f| f.kind() == PlanFieldKind::Date) {
            let col = columns::of(field);
            ws.add_data_validation(1, col, row, col, &dates)
                .map_err(err)?;
        }
        let list = DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "{LISTS_SHEET}!$A$1:$A${}",
                ALL_STATUSES.len()
            )))
            .set_error_style(DataValidationErrorStyle::Stop);
        ws.add_data_validation(1, columns::STATUS, row, columns::STATUS, &list)
            .map_err(err)?;
    }
    // The lists' values, one per cell, on a hidden sheet after the template (the importer reads
    // the first sheet only).
    let lists = wb.add_worksheet();
    lists.set_name(LISTS_SHEET).map_err(err)?;
    for (i, s) in ALL_STATUSES.iter().enumerate() {
        lists
            .write_string(i as u32, 0, m.plan_status_label(*s))
            .map_err(err)?;
    }
    lists.set_hidden(true);
    wb.save_to_buffer().map_err(err)
}
