//! DOCX via `docx-rs`: A4, heading styles Word and LibreOffice recognise, a page break before
//! every area, a table per handlingsplan entry. `docx-rs` XML-escapes all text it is given
//! (`Run::add_text`); the views have already dropped characters XML cannot carry.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, Shading, ShdType, Style, StyleType,
    Table, TableCell, TableRow, WidthType,
};

use crate::Error;
use crate::view::{GradeCell, ReportView, TemplateView};

/// A4 in twentieths of a point.
const A4_W: u32 = 11906;
const A4_H: u32 = 16838;
/// 2 cm margins.
const MARGIN: i32 = 1134;
/// The text width between the margins.
const TEXT_W: usize = (A4_W as usize) - 2 * (MARGIN as usize);

fn base() -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
            .outline_lvl(level)
    };
    Docx::new()
        .page_size(A4_W, A4_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        )
        .default_size(21)
        .add_style(heading("Title", "Title", 36, 0))
        .add_style(heading("Heading1", "heading 1", 30, 0))
        .add_style(heading("Heading2", "heading 2", 26, 1))
        .add_style(heading("Heading3", "heading 3", 22, 2))
}

fn text(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(t))
}

fn italic(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(t).italic())
}

fn heading(style: &str, t: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .keep_next(true)
        .add_run(Run::new().add_text(t))
}

fn labelled(label: &str, value: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(format!("{label}: ")).bold())
        .add_run(Run::new().add_text(value))
}

fn cell(t: &str, width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(text(t))
}

fn bold_cell(t: &str, width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(t).bold()))
}

fn shaded(c: TableCell, fill: &str) -> TableCell {
    c.shading(
        Shading::new()
            .shd_type(ShdType::Clear)
            .color("auto")
            .fill(fill),
    )
}

fn grade_cell(g: &GradeCell, width: usize) -> TableCell {
    shaded(
        TableCell::new().width(width, WidthType::Dxa).add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(&g.long).bold()),
        ),
        g.class.fill(),
    )
}

fn header_row(cells: &[&str], widths: &[usize]) -> TableRow {
    TableRow::new(
        cells
            .iter()
            .zip(widths)
            .map(|(t, w)| shaded(bold_cell(t, *w), "EEEEEE"))
            .collect(),
    )
    .cant_split()
}

fn table(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
}

fn pack(docx: Docx) -> Result<Vec<u8>, Error> {
    let mut buf = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buf)
        .map_err(|e| Error::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}

pub(crate) fn report(v: &ReportView<'_>) -> Result<Vec<u8>, Error> {
    let m = v.m;
    let mut d = base().add_paragraph(heading("Title", &format!("{}: {}", m.report_title, v.unit)));
    for (label, value) in &v.header {
        d = d.add_paragraph(labelled(label, value));
    }
    for note in &v.notes {
        d = d.add_paragraph(italic(note));
    }

    // Summary.
    d = d.add_paragraph(heading("Heading1", m.summary));
    let ncols = v.regs.len().max(1);
    let col = 1800;
    let first = TEXT_W - ncols * col;
    let mut widths = vec![first];
    widths.extend(std::iter::repeat_n(col, ncols));
    let mut head = vec![m.area];
    head.extend(v.regs.iter().map(|r| r.designation()));
    let mut rows = vec![header_row(&head, &widths)];
    for row in &v.summary.rows {
        let mut cells = vec![cell(&row.heading, first)];
        cells.extend(row.cells.iter().map(|g| grade_cell(g, col)));
        rows.push(TableRow::new(cells).cant_split());
    }
    d = d.add_table(table(rows, &widths));
    d = d.add_paragraph(text(&v.summary.plan_line));
    d = d.add_paragraph(italic(&v.summary.legend.join(" · ")));

    // Styrkor, svagheter, förbättringspotential.
    let mut first_list = true;
    for (title, items, numbered) in [
        (m.strengths, &v.strengths, false),
        (m.weaknesses, &v.weaknesses, false),
        (m.improvements, &v.improvements, true),
    ] {
        d = d.add_paragraph(heading("Heading1", title).page_break_before(first_list));
        first_list = false;
        if items.is_empty() {
            d = d.add_paragraph(text(m.none));
        }
        for (i, item) in items.iter().enumerate() {
            let marker = if numbered {
                format!("{}.", i + 1)
            } else {
                "•".to_string()
            };
            d = d.add_paragraph(
                Paragraph::new()
                    .indent(
                        Some(567),
                        Some(docx_rs::SpecialIndentType::Hanging(397)),
                        None,
                        None,
                    )
                    .add_run(Run::new().add_text(marker).add_tab().add_text(item)),
            );
        }
    }

    // Areas.
    let widths3 = [1000, TEXT_W - 1000 - 2400, 2400];
    for group in &v.groups {
        for (i, area) in group.areas.iter().enumerate() {
            if i == 0 {
                d = d.add_paragraph(heading("Heading1", group.title).page_break_before(true));
                d = d.add_paragraph(heading("Heading2", &area.heading));
            } else {
                d = d.add_paragraph(heading("Heading2", &area.heading).page_break_before(true));
            }
            for p in &area.paragraphs {
                d = d.add_paragraph(text(p));
            }
            for note in &area.notes {
                d = d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(note).bold()));
            }
            for kind in &area.kinds {
                d = d.add_paragraph(heading("Heading3", &kind.label));
                if let Some(basis) = kind.legal_basis {
                    d = d.add_paragraph(italic(basis));
                }
                let mut rows = vec![header_row(
                    &[m.col_id, m.col_criterion, m.col_finding],
                    &widths3,
                )];
                for row in &kind.rows {
                    let finding = {
                        let mut p = Paragraph::new();
                        let run = Run::new().add_text(&row.finding);
                        p = p.add_run(if row.brist { run.bold() } else { run });
                        p
                    };
                    let mut finding_cell = TableCell::new()
                        .width(widths3[2], WidthType::Dxa)
                        .add_paragraph(finding);
                    if let Some(note) = &row.note {
                        finding_cell = finding_cell.add_paragraph(italic(note));
                    }
                    rows.push(
                        TableRow::new(vec![
                            cell(&row.id, widths3[0]),
                            cell(row.text, widths3[1]),
                            finding_cell,
                        ])
                        .cant_split(),
                    );
                }
                d = d.add_table(table(rows, &widths3));
            }
            d = d.add_paragraph(heading("Heading3", m.grading));
            let label_w = 1400;
            let gcol = (TEXT_W - label_w) / area.grades.len().max(1);
            let mut widths = vec![label_w];
            widths.extend(std::iter::repeat_n(gcol, area.grades.len()));
            let mut head: Vec<&str> = vec![""];
            head.extend(area.grades.iter().map(|g| g.year));
            let mut grade_row = vec![bold_cell(m.grade, label_w)];
            grade_row.extend(area.grades.iter().map(|g| grade_cell(&g.cell, gcol)));
            let mut level_row = vec![bold_cell(m.level, label_w)];
            level_row.extend(
                area.grades
                    .iter()
                    .map(|g| cell(if g.level.is_empty() { m.none } else { &g.level }, gcol)),
            );
            d = d.add_table(table(
                vec![
                    header_row(&head, &widths),
                    TableRow::new(grade_row).cant_split(),
                    TableRow::new(level_row).cant_split(),
                ],
                &widths,
            ));
        }
    }

    // Handlingsplan: a table per entry, as in the seed.
    d = d.add_paragraph(heading("Heading1", m.handlingsplan).page_break_before(true));
    for p in &v.plan.intro {
        d = d.add_paragraph(text(p));
    }
    let widths2 = [3600, TEXT_W - 3600];
    for entry in &v.plan.entries {
        d = d.add_paragraph(heading("Heading2", &entry.area_heading));
        let mut rows = vec![
            TableRow::new(vec![
                TableCell::new()
                    .grid_span(2)
                    .width(TEXT_W, WidthType::Dxa)
                    .add_paragraph(
                        Paragraph::new()
                            .add_run(Run::new().add_text(format!("{} ", entry.id)).bold())
                            .add_run(Run::new().add_text(&entry.criterion_text)),
                    ),
            ])
            .cant_split(),
        ];
        for (label, value) in &entry.fields {
            let value = if value.is_empty() { m.none } else { value };
            rows.push(
                TableRow::new(vec![bold_cell(label, widths2[0]), cell(value, widths2[1])])
                    .cant_split(),
            );
        }
        d = d
            .add_table(table(rows, &widths2))
            .add_paragraph(Paragraph::new());
    }
    pack(d)
}

pub(crate) fn template(v: &TemplateView<'_>) -> Result<Vec<u8>, Error> {
    let m = v.m;
    let mut d = base().add_paragraph(heading(
        "Title",
        &format!("{}: {}", m.template_title, v.unit),
    ));
    for (label, value) in &v.header {
        d = d.add_paragraph(labelled(label, value));
    }
    if v.sections.is_empty() {
        d = d.add_paragraph(text(m.template_empty));
        return pack(d);
    }
    d = d.add_paragraph(italic(m.template_intro));
    let widths2 = [3600, TEXT_W - 3600];
    for section in &v.sections {
        d = d.add_paragraph(heading("Heading1", section.heading));
        for area in &section.areas {
            d = d.add_paragraph(heading("Heading2", &area.heading));
            for item in &area.items {
                let span = |p: Paragraph| {
                    TableRow::new(vec![
                        TableCell::new()
                            .grid_span(2)
                            .width(TEXT_W, WidthType::Dxa)
                            .add_paragraph(p),
                    ])
                    .cant_split()
                };
                let mut rows = vec![
                    span(
                        Paragraph::new().add_run(
                            Run::new()
                                .add_text(format!(
                                    "{} · {} ({})",
                                    item.area_heading, item.id, item.relevance
                                ))
                                .bold(),
                        ),
                    ),
                    span(text(item.text)),
                    span(italic(&item.regulations)),
                ];
                if let Some(note) = &item.note {
                    rows.push(
                        TableRow::new(vec![
                            bold_cell(m.note, widths2[0]),
                            cell(&crate::view::one_line(note), widths2[1]),
                        ])
                        .cant_split(),
                    );
                }
                for label in [
                    m.action,
                    m.due,
                    m.responsible,
                    m.follow_up,
                    m.follow_up_responsible,
                ] {
                    rows.push(
                        TableRow::new(vec![bold_cell(label, widths2[0]), cell("", widths2[1])])
                            .row_height(567.0)
                            .cant_split(),
                    );
                }
                d = d
                    .add_table(table(rows, &widths2))
                    .add_paragraph(Paragraph::new());
            }
        }
    }
    pack(d)
}
