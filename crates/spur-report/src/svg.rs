//! The grade overview picture: areas × regulations.

use std::fmt::Write as _;

use spur_core::Catalog;
use spur_grading::Grading;

use crate::Lang;
use crate::markup::escape_html as e;
use crate::messages::Messages;
use crate::view::{GradeClass, area_heading, grade_cell};

const ROW_H: usize = 30;
const COL_W: usize = 120;
const PAD: usize = 12;
const CHAR_W: usize = 13; // half-pixels per character at font-size 13

/// The grade overview as a standalone SVG document: one row per area, one column per
/// regulation the unit trains under.
///
/// Cells are filled from the Okabe–Ito palette, which stays distinct under the common
/// colour-vision deficiencies, and always carry the grade as text too: `A`…`D`, `D→C` for a
/// grade adjusted after the handlingsplan, `B–D` for a provisional range (also hatched), `C*`
/// for an inspector's override and `–` for not graded. All text is escaped.
///
/// ```
/// use spur_core::{Catalog, InspectionDocument};
/// use spur_grading::{grade, Settings};
/// use spur_report::{grade_overview_svg, Lang};
/// let doc = InspectionDocument::from_toml_str(r#"
/// [inspection]
/// unit = "Enhet <A&B>"
/// visit_date = 2026-01-20
/// regulations = ["HSLF-FS 2021:8"]
/// [findings]
/// "D.F6" = "not_met"
/// "#).unwrap();
/// let grading = grade(&doc, Catalog::embedded(), &Settings::default());
/// let svg = grade_overview_svg(&grading, Catalog::embedded(), Lang::Sv);
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("Enhet &lt;A&amp;B&gt;"));
/// assert!(svg.contains(">D<"));
/// ```
pub fn grade_overview_svg(grading: &Grading, catalog: &Catalog, lang: Lang) -> String {
    let m = Messages::for_lang(lang);
    let rows: Vec<(String, Vec<crate::view::GradeCell>)> = catalog
        .areas
        .iter()
        .map(|a| {
            let cells = grading
                .regulations
                .iter()
                .map(|r| grade_cell(grading.result(a.id, *r), m))
                .collect();
            (area_heading(a, lang), cells)
        })
        .collect();
    let label_w = rows
        .iter()
        .map(|(h, _)| h.chars().count())
        .max()
        .unwrap_or(20)
        .max(m.area.chars().count())
        * CHAR_W
        / 2
        + PAD;
    let ncols = grading.regulations.len().max(1);
    let legend: Vec<&str> = vec![
        m.legend_grades,
        m.legend_adjusted,
        m.legend_provisional,
        m.legend_overridden,
        m.legend_not_graded,
    ];
    let legend_w = legend.iter().map(|l| l.chars().count()).max().unwrap_or(0) * CHAR_W / 2;
    let width = (PAD + label_w + ncols * COL_W + PAD).max(PAD * 2 + legend_w);
    let title_h = 34;
    let head_h = ROW_H;
    let grid_top = title_h + head_h;
    let legend_top = grid_top + rows.len() * ROW_H + 18;
    let height = legend_top + legend.len() * 18 + PAD;
    let title = format!(
        "{}: {}",
        m.overview_title,
        crate::text::one_line(&grading.unit)
    );

    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"spur-overview-title\" font-family=\"Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"13\">"
    );
    let _ = writeln!(s, "<title id=\"spur-overview-title\">{}</title>", e(&title));
    s.push_str("<defs><pattern id=\"spur-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#F0E442\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#FFFFFF\" stroke-width=\"3\"/></pattern></defs>\n");
    let _ = writeln!(
        s,
        "<rect width=\"{width}\" height=\"{height}\" fill=\"#FFFFFF\"/>"
    );
    let _ = writeln!(
        s,
        "<text x=\"{PAD}\" y=\"22\" font-size=\"15\" font-weight=\"700\" fill=\"#000000\">{}</text>",
        e(&title)
    );
    let x0 = PAD + label_w;
    let hy = title_h + ROW_H / 2 + 5;
    let _ = writeln!(
        s,
        "<text x=\"{PAD}\" y=\"{hy}\" font-weight=\"700\" fill=\"#000000\">{}</text>",
        e(m.area)
    );
    for (i, reg) in grading.regulations.iter().enumerate() {
        let cx = x0 + i * COL_W + COL_W / 2;
        let _ = writeln!(
            s,
            "<text x=\"{cx}\" y=\"{hy}\" text-anchor=\"middle\" font-weight=\"700\" fill=\"#000000\">{}</text>",
            e(reg.designation())
        );
    }
    for (r, (heading, cells)) in rows.iter().enumerate() {
        let y = grid_top + r * ROW_H;
        let ty = y + ROW_H / 2 + 5;
        let _ = writeln!(
            s,
            "<text x=\"{PAD}\" y=\"{ty}\" fill=\"#000000\">{}</text>",
            e(heading)
        );
        for (i, cell) in cells.iter().enumerate() {
            let x = x0 + i * COL_W;
            let (fill, dash) = match cell.class {
                GradeClass::Provisional => {
                    ("url(#spur-hatch)".to_string(), " stroke-dasharray=\"4 3\"")
                }
                GradeClass::NotGraded => (
                    format!("#{}", cell.class.fill()),
                    " stroke-dasharray=\"4 3\"",
                ),
                _ => (format!("#{}", cell.class.fill()), ""),
            };
            let _ = writeln!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#000000\"{dash}/>",
                x + 3,
                y + 3,
                COL_W - 6,
                ROW_H - 6
            );
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{ty}\" text-anchor=\"middle\" font-weight=\"700\" font-size=\"14\" fill=\"#000000\">{}</text>",
                x + COL_W / 2,
                e(&cell.short)
            );
        }
    }
    for (i, line) in legend.iter().enumerate() {
        let y = legend_top + i * 18;
        let _ = writeln!(
            s,
            "<text x=\"{PAD}\" y=\"{y}\" font-size=\"12\" fill=\"#333333\">{}</text>",
            e(line)
        );
    }
    s.push_str("</svg>\n");
    s
}
