//! DOCX written directly as WordprocessingML: a fixed package (styles, settings, header and
//! footer with page numbers, core properties) around a body generated from the views, zipped
//! with deflate. Every element is written in the order the Office Open XML schema requires,
//! so the Open XML SDK validator reports no errors (CI runs it over every DOCX the tests
//! produce). All text passes through [`esc`]; the views have already dropped characters XML
//! cannot carry.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use crate::Error;
use crate::view::{GradeCell, LifeView, ReportView, TemplateView};

mod package;
pub(crate) mod parts;

use package::{Package, Props, footer_part, header_part, pack};

/// A4 in twentieths of a point, 2 cm side margins.
const A4_W: u32 = 11906;
const A4_H: u32 = 16838;
const MARGIN_X: u32 = 1134;
/// The text width between the margins.
const TEXT_W: u32 = A4_W - 2 * MARGIN_X;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Escape text for XML content and attribute values.
fn esc(text: &str) -> String {
    spur_core::escape::xml(text)
}

/// A run of text.
#[derive(Clone, Copy, Default)]
struct Fmt {
    bold: bool,
    italic: bool,
    /// Hex colour without `#`.
    color: Option<&'static str>,
}

const PLAIN: Fmt = Fmt {
    bold: false,
    italic: false,
    color: None,
};
const BOLD: Fmt = Fmt {
    bold: true,
    italic: false,
    color: None,
};
const ITALIC: Fmt = Fmt {
    bold: false,
    italic: true,
    color: None,
};

fn run(s: &mut String, text: &str, f: Fmt) {
    s.push_str("<w:r>");
    if f.bold || f.italic || f.color.is_some() {
        s.push_str("<w:rPr>");
        if f.bold {
            s.push_str("<w:b/><w:bCs/>");
        }
        if f.italic {
            s.push_str("<w:i/><w:iCs/>");
        }
        if let Some(c) = f.color {
            let _ = write!(s, "<w:color w:val=\"{c}\"/>");
        }
        s.push_str("</w:rPr>");
    }
    let _ = write!(s, "<w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text));
}

/// Paragraph properties, written in schema order.
#[derive(Clone, Copy, Default)]
struct Para {
    style: Option<&'static str>,
    keep_next: bool,
    page_break_before: bool,
    center: bool,
    /// Hanging indent for list items (left, hanging).
    hanging: Option<(u32, u32)>,
}

fn para(s: &mut String, p: Para, runs: &[(&str, Fmt)]) {
    s.push_str("<w:p>");
    let has_props = p.style.is_some() || p.keep_next || p.page_break_before || p.center;
    if has_props || p.hanging.is_some() {
        s.push_str("<w:pPr>");
        if let Some(st) = p.style {
            let _ = write!(s, "<w:pStyle w:val=\"{st}\"/>");
        }
        if p.keep_next {
            s.push_str("<w:keepNext/>");
        }
        if p.page_break_before {
            s.push_str("<w:pageBreakBefore/>");
        }
        if let Some((left, hanging)) = p.hanging {
            let _ = write!(s, "<w:ind w:left=\"{left}\" w:hanging=\"{hanging}\"/>");
        }
        if p.center {
            s.push_str("<w:jc w:val=\"center\"/>");
        }
        s.push_str("</w:pPr>");
    }
    for (text, f) in runs {
        run(s, text, *f);
    }
    s.push_str("</w:p>");
}

fn styled(s: &mut String, style: &'static str, text: &str) {
    para(
        s,
        Para {
            style: Some(style),
            ..Para::default()
        },
        &[(text, PLAIN)],
    );
}

fn heading(s: &mut String, style: &'static str, text: &str, page_break: bool) {
    para(
        s,
        Para {
            style: Some(style),
            keep_next: true,
            page_break_before: page_break,
            ..Para::default()
        },
        &[(text, PLAIN)],
    );
}

/// A table cell.
struct Cell<'a> {
    width: u32,
    span: u32,
    fill: Option<&'static str>,
    center: bool,
    /// Paragraphs of runs.
    paras: Vec<Vec<(&'a str, Fmt)>>,
}

impl<'a> Cell<'a> {
    fn text(width: u32, text: &'a str, f: Fmt) -> Self {
        Cell {
            width,
            span: 1,
            fill: None,
            center: false,
            paras: vec![vec![(text, f)]],
        }
    }
    fn grade(width: u32, g: &'a GradeCell) -> Self {
        Cell {
            width,
            span: 1,
            fill: Some(g.class.fill()),
            center: true,
            paras: vec![vec![(g.long.as_str(), BOLD)]],
        }
    }
    fn empty(width: u32) -> Self {
        Cell {
            width,
            span: 1,
            fill: None,
            center: false,
            paras: vec![vec![]],
        }
    }
}

/// A row: the header row repeats on every page; no row splits over a page; `keep` keeps the
/// row with the next one (a short block stays whole).
fn row(s: &mut String, cells: &[Cell<'_>], header: bool, keep: bool) {
    s.push_str("<w:tr><w:trPr><w:cantSplit/>");
    if header {
        s.push_str("<w:tblHeader/>");
    }
    s.push_str("</w:trPr>");
    for c in cells {
        let _ = write!(
            s,
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>",
            c.width
        );
        if c.span > 1 {
            let _ = write!(s, "<w:gridSpan w:val=\"{}\"/>", c.span);
        }
        if let Some(fill) = c.fill {
            let _ = write!(
                s,
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
            );
        } else if header {
            s.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEEEEE\"/>");
        }
        s.push_str("</w:tcPr>");
        for runs in &c.paras {
            let runs: Vec<(&str, Fmt)> = runs
                .iter()
                .map(|(t, f)| (*t, if header { Fmt { bold: true, ..*f } } else { *f }))
                .collect();
            para(
                s,
                Para {
                    style: Some("TableText"),
                    keep_next: keep || header,
                    center: c.center,
                    ..Para::default()
                },
                &runs,
            );
        }
        s.push_str("</w:tc>");
    }
    s.push_str("</w:tr>");
}

fn table_start(s: &mut String, widths: &[u32]) {
    let total: u32 = widths.iter().sum();
    let _ = write!(
        s,
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"SpurTable\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
    );
    for w in widths {
        let _ = write!(s, "<w:gridCol w:w=\"{w}\"/>");
    }
    s.push_str("</w:tblGrid>");
}

fn table_end(s: &mut String) {
    // A table is followed by a paragraph so two tables never merge.
    s.push_str("</w:tbl><w:p><w:pPr><w:pStyle w:val=\"AfterTable\"/></w:pPr></w:p>");
}

fn banner(s: &mut String, life: &LifeView) {
    if let Some(b) = life.banner {
        para(
            s,
            Para {
                style: Some("Banner"),
                center: true,
                ..Para::default()
            },
            &[(b, BOLD)],
        );
    }
}

fn meta(s: &mut String, header: &[(&'static str, String)]) {
    for (label, value) in header {
        para(
            s,
            Para {
                style: Some("Meta"),
                ..Para::default()
            },
            &[(&format!("{label}: "), BOLD), (value, PLAIN)],
        );
    }
}

/// The body of the report.
fn report_body(v: &ReportView<'_>) -> String {
    let m = v.m;
    let mut s = String::with_capacity(256 * 1024);
    banner(&mut s, &v.life);
    styled(&mut s, "Title", &format!("{}: {}", m.report_title, v.unit));
    meta(&mut s, &v.header);
    for note in &v.notes {
        styled(&mut s, "Note", note);
    }

    // Summary.
    heading(&mut s, "Heading1", m.summary, false);
    let ncols = v.regs.len().max(1) as u32;
    let col = 1900;
    let first = TEXT_W - ncols * col;
    let mut widths = vec![first];
    widths.extend(std::iter::repeat_n(col, ncols as usize));
    table_start(&mut s, &widths);
    let mut head = vec![Cell::text(first, m.area, BOLD)];
    head.extend(
        v.regs
            .iter()
            .map(|r| Cell::text(col, r.designation(), BOLD)),
    );
    row(&mut s, &head, true, true);
    let n = v.summary.rows.len();
    for (i, r) in v.summary.rows.iter().enumerate() {
        let mut cells = vec![Cell::text(first, &r.heading, PLAIN)];
        cells.extend(r.cells.iter().map(|g| Cell::grade(col, g)));
        row(&mut s, &cells, false, i + 1 < n);
    }
    table_end(&mut s);
    styled(&mut s, "Normal", &v.summary.plan_line);
    styled(&mut s, "Small", &v.summary.legend.join(" · "));

    // Styrkor, svagheter, förbättringspotential.
    for (i, (title, items, numbered)) in [
        (m.strengths, &v.strengths, false),
        (m.weaknesses, &v.weaknesses, false),
        (m.improvements, &v.improvements, true),
    ]
    .into_iter()
    .enumerate()
    {
        heading(&mut s, "Heading1", title, i == 0);
        if items.is_empty() {
            styled(&mut s, "Normal", m.none);
        }
        for (j, item) in items.iter().enumerate() {
            let marker = if numbered {
                format!("{}.\t", j + 1)
            } else {
                "•\t".to_string()
            };
            para(
                &mut s,
                Para {
                    style: Some("ListItem"),
                    hanging: Some((567, 397)),
                    ..Para::default()
                },
                &[(&marker, PLAIN), (item, PLAIN)],
            );
        }
    }

    // Areas.
    let widths3 = [900, TEXT_W - 900 - 2600, 2600];
    for (g, group) in v.groups.iter().enumerate() {
        for (i, area) in group.areas.iter().enumerate() {
            // STRUKTUR starts a new page; PROCESS and every area follow on (headings are kept
            // with what follows them): a page per area left pages nearly empty.
            if i == 0 {
                heading(&mut s, "Heading1", group.title, g == 0);
            }
            heading(&mut s, "Heading2", &area.heading, false);
            for p in &area.paragraphs {
                styled(&mut s, "Normal", p);
            }
            for note in &area.notes {
                para(
                    &mut s,
                    Para {
                        style: Some("Note"),
                        ..Para::default()
                    },
                    &[(note, BOLD)],
                );
            }
            for kind in &area.kinds {
                heading(&mut s, "Heading3", &kind.label, false);
                if let Some(basis) = kind.legal_basis {
                    para(
                        &mut s,
                        Para {
                            style: Some("Normal"),
                            keep_next: true,
                            ..Para::default()
                        },
                        &[(basis, ITALIC)],
                    );
                }
                table_start(&mut s, &widths3);
                row(
                    &mut s,
                    &[
                        Cell::text(widths3[0], m.col_id, BOLD),
                        Cell::text(widths3[1], m.col_criterion, BOLD),
                        Cell::text(widths3[2], m.col_finding, BOLD),
                    ],
                    true,
                    true,
                );
                for r in &kind.rows {
                    let mut finding =
                        Cell::text(widths3[2], &r.finding, if r.brist { BOLD } else { PLAIN });
                    if let Some(note) = &r.note {
                        finding.paras.push(vec![(
                            note.as_str(),
                            Fmt {
                                italic: true,
                                color: Some("555555"),
                                ..PLAIN
                            },
                        )]);
                    }
                    row(
                        &mut s,
                        &[
                            Cell::text(widths3[0], &r.id, PLAIN),
                            Cell::text(widths3[1], r.text, PLAIN),
                            finding,
                        ],
                        false,
                        false,
                    );
                }
                table_end(&mut s);
            }
            // The Gradering block: the whole scale, the grade marked per regulation; kept whole.
            heading(&mut s, "Heading3", m.grading, false);
            let gcol = 1500;
            let label_w = TEXT_W - gcol * area.grades.len().max(1) as u32;
            let mut widths = vec![label_w];
            widths.extend(std::iter::repeat_n(gcol, area.grades.len()));
            table_start(&mut s, &widths);
            let mut head = vec![Cell::text(label_w, m.level, BOLD)];
            head.extend(area.grades.iter().map(|g| Cell::text(gcol, g.year, BOLD)));
            row(&mut s, &head, true, true);
            for level in &area.scale {
                let mut cells = vec![Cell::text(label_w, &level.text, PLAIN)];
                cells.extend(level.marks.iter().map(|mk| match mk {
                    Some(c) => Cell::grade(gcol, c),
                    None => Cell::empty(gcol),
                }));
                row(&mut s, &cells, false, true);
            }
            let mut cells = vec![Cell::text(label_w, m.grade, BOLD)];
            cells.extend(area.grades.iter().map(|g| Cell::grade(gcol, &g.cell)));
            row(&mut s, &cells, false, false);
            table_end(&mut s);
        }
    }

    // Handlingsplan: a table per entry, as in the seed.
    heading(&mut s, "Heading1", m.handlingsplan, true);
    for p in &v.plan.intro {
        styled(&mut s, "Normal", p);
    }
    let widths2 = [3400, TEXT_W - 3400];
    for entry in &v.plan.entries {
        if entry.first_of_area {
            heading(&mut s, "Heading3", &entry.area_heading, false);
        }
        table_start(&mut s, &widths2);
        let title = format!("{} ", entry.id);
        row(
            &mut s,
            &[Cell {
                width: TEXT_W,
                span: 2,
                fill: Some("EEEEEE"),
                center: false,
                paras: vec![vec![(&title, BOLD), (&entry.criterion_text, PLAIN)]],
            }],
            false,
            true,
        );
        let n = entry.fields.len();
        for (i, (label, value)) in entry.fields.iter().enumerate() {
            let value = if value.is_empty() { m.none } else { value };
            row(
                &mut s,
                &[
                    Cell::text(widths2[0], label, BOLD),
                    Cell::text(widths2[1], value, PLAIN),
                ],
                false,
                i + 1 < n,
            );
        }
        table_end(&mut s);
    }
    if let Some(p) = &v.previous {
        previous(&mut s, p);
    }

    if v.life.signature {
        heading(&mut s, "Heading1", m.signatures, false);
        for name in &v.life.signers {
            styled(&mut s, "SignatureLine", "");
            para(
                &mut s,
                Para {
                    style: Some("Small"),
                    keep_next: false,
                    ..Para::default()
                },
                &[
                    (name, PLAIN),
                    (&format!(" · {}", m.signature_place_date), PLAIN),
                ],
            );
        }
    }
    if let Some(fp) = &v.life.fingerprint {
        small_note(&mut s, m.fingerprint, fp, m.fingerprint_note);
    }
    if let Some(head) = &v.life.chain_head {
        small_note(&mut s, m.chain_head, head, m.chain_head_note);
    }
    if !v.life.corrections.is_empty() {
        corrections(&mut s, m, &v.life.corrections);
    }
    if let Some(a) = &v.life.appendix {
        appendix(&mut s, a);
    }
    s
}

/// An appendix from a store: its title on a new page, then its parts.
fn appendix(s: &mut String, a: &crate::Appendix) {
    heading(s, "Heading1", &a.title, true);
    for part in &a.parts {
        match part {
            crate::AppendixPart::Heading(h) => heading(s, "Heading2", h, false),
            crate::AppendixPart::Paragraph(p) => styled(s, "Normal", p),
            crate::AppendixPart::List(items) => {
                for item in items {
                    styled(s, "Normal", &format!("• {item}"));
                }
            }
            crate::AppendixPart::Table { heads, rows } => {
                let weights: Vec<u32> = crate::view::column_weights(heads, rows)
                    .into_iter()
                    .map(|w| w as u32)
                    .collect();
                let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
                let rows: Vec<(Vec<&str>, Fmt)> = rows
                    .iter()
                    .map(|r| (r.iter().map(String::as_str).collect(), PLAIN))
                    .collect();
                weighted_table(s, &heads, &rows, &weights);
            }
        }
    }
}

/// A label, its value and what it proves, in small type kept together (the fingerprint, the
/// audit chain's head).
fn small_note(s: &mut String, label: &str, value: &str, note: &str) {
    para(
        s,
        Para {
            style: Some("Small"),
            keep_next: true,
            ..Para::default()
        },
        &[(&format!("{label}: "), BOLD), (value, PLAIN)],
    );
    styled(s, "Small", note);
}

/// The history of corrections: version, by, when, reason.
fn corrections(s: &mut String, m: &crate::messages::Messages, list: &[crate::Correction]) {
    heading(s, "Heading1", m.corrections, false);
    let versions: Vec<String> = list.iter().map(|c| c.version.to_string()).collect();
    let rows: Vec<(Vec<&str>, Fmt)> = list
        .iter()
        .zip(&versions)
        .map(|(c, n)| (vec![n.as_str(), &c.by, &c.at, &c.reason], PLAIN))
        .collect();
    weighted_table(s, &m.correction_heads, &rows, &[1, 2, 2, 3]);
}

/// "Jämfört med föregående inspektion": the two inspections, then a table per part; the rows
/// of an improved grade or status in green, of a worsened one in red.
fn previous(s: &mut String, p: &crate::compare::CompareView) {
    heading(s, "Heading1", p.title, true);
    meta(s, &p.sides);
    for w in &p.warnings {
        para(
            s,
            Para {
                style: Some("Note"),
                ..Para::default()
            },
            &[(&format!("{}: ", p.warning), BOLD), (w, PLAIN)],
        );
    }
    for sec in &p.sections {
        heading(s, "Heading2", sec.title, false);
        if sec.rows.is_empty() {
            styled(s, "Normal", p.none);
            continue;
        }
        let rows: Vec<(Vec<&str>, Fmt)> = sec
            .rows
            .iter()
            .map(|r| {
                let f = Fmt {
                    color: match r.class() {
                        Some("improved") => Some("1A7F37"),
                        Some("worsened") => Some("B42318"),
                        _ => None,
                    },
                    ..PLAIN
                };
                (r.cells.iter().map(String::as_str).collect(), f)
            })
            .collect();
        // Column widths in proportion to the longest cell of each column (within bounds).
        let weights: Vec<u32> = (0..sec.heads.len())
            .map(|i| {
                let longest = rows
                    .iter()
                    .filter_map(|(cells, _)| cells.get(i))
                    .map(|c| c.chars().count())
                    .chain(std::iter::once(sec.heads[i].chars().count()))
                    .max()
                    .unwrap_or(1);
                (longest as u32).clamp(6, 48)
            })
            .collect();
        weighted_table(s, &sec.heads, &rows, &weights);
    }
}

/// A table with column widths in proportion to `weights`, its header row repeated on every
/// page; each row in its own format.
fn weighted_table(s: &mut String, heads: &[&str], rows: &[(Vec<&str>, Fmt)], weights: &[u32]) {
    let total: u32 = weights.iter().sum();
    let mut widths: Vec<u32> = weights.iter().map(|w| TEXT_W * w / total).collect();
    let used: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += TEXT_W - used;
    }
    table_start(s, &widths);
    let head: Vec<Cell<'_>> = heads
        .iter()
        .zip(&widths)
        .map(|(h, w)| Cell::text(*w, h, BOLD))
        .collect();
    row(s, &head, true, true);
    for (cells, f) in rows {
        let cells: Vec<Cell<'_>> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| Cell::text(*w, c, *f))
            .collect();
        row(s, &cells, false, false);
    }
    table_end(s);
}

/// The body of the handlingsplan template.
fn template_body(v: &TemplateView<'_>) -> String {
    let m = v.m;
    let mut s = String::with_capacity(64 * 1024);
    styled(
        &mut s,
        "Title",
        &format!("{}: {}", m.template_title, v.unit),
    );
    meta(&mut s, &v.header);
    if v.sections.is_empty() {
        styled(&mut s, "Normal", m.template_empty);
        return s;
    }
    styled(&mut s, "Note", m.template_intro);
    let widths2 = [3400, TEXT_W - 3400];
    for section in &v.sections {
        heading(&mut s, "Heading1", section.heading, false);
        for area in &section.areas {
            heading(&mut s, "Heading2", &area.heading, false);
            for item in &area.items {
                table_start(&mut s, &widths2);
                fn span<'a>(
                    paras: Vec<Vec<(&'a str, Fmt)>>,
                    fill: Option<&'static str>,
                ) -> Cell<'a> {
                    let mut c = Cell::text(TEXT_W, "", PLAIN);
                    c.span = 2;
                    c.fill = fill;
                    c.paras = paras;
                    c
                }
                let title = format!("{} · {} ({})", item.area_heading, item.id, item.relevance);
                row(
                    &mut s,
                    &[span(vec![vec![(&title, BOLD)]], Some("EEEEEE"))],
                    false,
                    true,
                );
                row(
                    &mut s,
                    &[span(
                        vec![vec![(item.text, PLAIN)], vec![(&item.regulations, ITALIC)]],
                        None,
                    )],
                    false,
                    true,
                );
                let note = item.note.as_deref().map(crate::text::one_line);
                if let Some(note) = &note {
                    row(
                        &mut s,
                        &[
                            Cell::text(widths2[0], m.note, BOLD),
                            Cell::text(widths2[1], note, PLAIN),
                        ],
                        false,
                        true,
                    );
                }
                let fields = spur_core::PlanField::all();
                let last = fields.len() - 1;
                for (i, field) in fields.enumerate() {
                    let mut value = Cell::empty(widths2[1]);
                    value.paras = vec![vec![], vec![]];
                    row(
                        &mut s,
                        &[Cell::text(widths2[0], m.plan_field(field), BOLD), value],
                        false,
                        i < last,
                    );
                }
                table_end(&mut s);
            }
        }
    }
    s
}

fn lang_tag(html_lang: &str) -> &'static str {
    if html_lang == "sv" { "sv-SE" } else { "en-GB" }
}

fn footer_for(m: &crate::messages::Messages, life: &LifeView) -> String {
    let version = life
        .version
        .as_deref()
        .map(|v| format!("{} {v}", m.version))
        .unwrap_or_default();
    footer_part(
        m.page_of,
        &format!("{}: {}", m.status, life.status_label),
        &version,
    )
}

pub(crate) fn report(v: &ReportView<'_>) -> Result<Vec<u8>, Error> {
    let m = v.m;
    let mut keywords = vec!["SPUR".to_string()];
    if let Some(fp) = &v.life.fingerprint {
        keywords.push(crate::life::keyword(fp));
    }
    pack(Package {
        body: report_body(v),
        header: header_part(m.running_title, &v.unit, &v.visit_date, v.life.banner),
        footer: footer_for(m, &v.life),
        props: Props {
            title: format!("{}: {}", m.report_title, v.unit),
            creator: v.life.signers.join(", "),
            keywords: keywords.join(" "),
            lang_tag: lang_tag(m.html_lang),
            created: v.life.date.clone().unwrap_or_else(|| v.visit_date.clone()),
        },
    })
}

pub(crate) fn template(v: &TemplateView<'_>) -> Result<Vec<u8>, Error> {
    let m = v.m;
    pack(Package {
        body: template_body(v),
        header: header_part(m.running_title, &v.unit, &v.visit_date, None),
        footer: footer_for(m, &v.life),
        props: Props {
            title: format!("{}: {}", m.template_title, v.unit),
            creator: v.life.signers.join(", "),
            keywords: "SPUR handlingsplan".into(),
            lang_tag: lang_tag(m.html_lang),
            created: v.life.date.clone().unwrap_or_else(|| v.visit_date.clone()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(esc("a<b>&\"'\u{7f}"), "a&lt;b&gt;&amp;&quot;&#39;");
    }
}
