//! Standalone HTML: one file, inline CSS and SVG, no external assets; prints on A4 with a page
//! break before every area.

use std::fmt::Write as _;

use crate::view::{GradeCell, ReportView, TemplateView};

/// Escape text for HTML and XML content and attribute values: `&`, `<`, `>`, `"` and `'`.
///
/// Every piece of text the HTML and SVG renderers write goes through this function, which is
/// [`spur_core::escape::html`] (control characters are removed too).
///
/// ```
/// use spur_report::escape_html;
/// assert_eq!(
///     escape_html(r#"<script>alert("x & 'y'")</script>"#),
///     "&lt;script&gt;alert(&quot;x &amp; &#39;y&#39;&quot;)&lt;/script&gt;"
/// );
/// ```
pub fn escape_html(text: &str) -> String {
    spur_core::escape::html(text)
}

use escape_html as e;

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #555; --rule: #bbb; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink); line-height: 1.45; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; font-size: 11pt; }
h1 { font-size: 1.7rem; margin: 0 0 .6rem; }
h2 { font-size: 1.3rem; margin: 1.6rem 0 .6rem; border-bottom: 2px solid var(--ink); padding-bottom: .15rem; }
h3 { font-size: 1.15rem; margin: 1.2rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .35rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.note { border-left: 4px solid var(--rule); padding: .3rem .8rem; margin: .6rem 0; background: #f6f6f6; }
.grade-note { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.id { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.criteria { table-layout: fixed; }
table.criteria th:first-child { width: 4.5em; }
table.criteria th:last-child { width: 32%; }
table.grades { table-layout: fixed; }
table.grades th:first-child { width: 7em; }
td.brist { font-weight: 600; }
.finding-note { display: block; font-weight: normal; font-style: italic; color: var(--muted); }
.legal-basis { font-style: italic; color: var(--muted); }
.grade { display: inline-block; min-width: 2.6em; padding: .1rem .4rem; border: 1px solid #000; border-radius: 3px; font-weight: 700; text-align: center; color: #000; }
.grade-a { background: #009E73; } .grade-b { background: #56B4E9; } .grade-c { background: #E69F00; }
.grade-d { background: #D55E00; } .grade-p { background: #F0E442; border-style: dashed; }
.grade-n { background: #fff; border-style: dashed; color: var(--muted); }
.overview svg { max-width: 100%; height: auto; }
.legend { color: var(--muted); font-size: .9rem; }
.entry { margin: .8rem 0 1.2rem; }
.entry th { width: 40%; }
.fill td { height: 2.4rem; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  section.area, section.handlingsplan, section.texts { break-before: page; page-break-before: always; }
  section.summary { break-after: page; page-break-after: always; }
  .entry, tr, .overview { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .grade, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

fn head(s: &mut String, lang: &str, title: &str) {
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        e(lang),
        e(title)
    );
}

fn badge(cell: &GradeCell) -> String {
    format!(
        "<span class=\"grade grade-{}\">{}</span>",
        cell.class.css(),
        e(&cell.long)
    )
}

fn meta(s: &mut String, header: &[(&'static str, String)]) {
    s.push_str("<dl class=\"meta\">\n");
    for (label, value) in header {
        let _ = writeln!(s, "<dt>{}</dt><dd>{}</dd>", e(label), e(value));
    }
    s.push_str("</dl>\n");
}

pub(crate) fn report(v: &ReportView<'_>, svg: &str) -> String {
    let m = v.m;
    let mut s = String::new();
    head(
        &mut s,
        m.html_lang,
        &format!("{}: {}", m.report_title, v.unit),
    );
    s.push_str("<header>\n");
    let _ = writeln!(s, "<h1>{}: {}</h1>", e(m.report_title), e(&v.unit));
    meta(&mut s, &v.header);
    for note in &v.notes {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", e(note));
    }
    s.push_str("</header>\n");

    // One-page summary: the picture, then the same grades as a table.
    s.push_str("<section class=\"summary\">\n");
    let _ = writeln!(s, "<h2>{}</h2>", e(m.summary));
    let _ = writeln!(s, "<figure class=\"overview\">\n{svg}</figure>");
    s.push_str("<table>\n<thead><tr>");
    let _ = write!(s, "<th>{}</th>", e(m.area));
    for reg in &v.regs {
        let _ = write!(s, "<th>{}</th>", e(reg.designation()));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in &v.summary.rows {
        let _ = write!(s, "<tr><td>{}</td>", e(&row.heading));
        for cell in &row.cells {
            let _ = write!(s, "<td>{}</td>", badge(cell));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
    let _ = writeln!(s, "<p>{}</p>", e(&v.summary.plan_line));
    let _ = writeln!(
        s,
        "<p class=\"legend\">{}</p>",
        e(&v.summary.legend.join(" · "))
    );
    s.push_str("</section>\n");

    s.push_str("<section class=\"texts\">\n");
    for (title, items, tag) in [
        (m.strengths, &v.strengths, "ul"),
        (m.weaknesses, &v.weaknesses, "ul"),
        (m.improvements, &v.improvements, "ol"),
    ] {
        let _ = writeln!(s, "<h2>{}</h2>", e(title));
        if items.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", e(m.none));
            continue;
        }
        let _ = writeln!(s, "<{tag}>");
        for item in items.iter() {
            let _ = writeln!(s, "<li>{}</li>", e(item));
        }
        let _ = writeln!(s, "</{tag}>");
    }
    s.push_str("</section>\n");

    for group in &v.groups {
        for (i, area) in group.areas.iter().enumerate() {
            let _ = writeln!(s, "<section class=\"area\" id=\"area-{}\">", area.id);
            if i == 0 {
                let _ = writeln!(s, "<h2>{}</h2>", e(group.title));
            }
            let _ = writeln!(s, "<h3>{}</h3>", e(&area.heading));
            for p in &area.paragraphs {
                let _ = writeln!(s, "<p>{}</p>", e(p));
            }
            for note in &area.notes {
                let _ = writeln!(s, "<p class=\"note grade-note\">{}</p>", e(note));
            }
            for kind in &area.kinds {
                let _ = writeln!(s, "<h4>{}</h4>", e(&kind.label));
                if let Some(basis) = kind.legal_basis {
                    let _ = writeln!(s, "<p class=\"legal-basis\">{}</p>", e(basis));
                }
                let _ = writeln!(
                    s,
                    "<table class=\"criteria\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
                    e(m.col_id),
                    e(m.col_criterion),
                    e(m.col_finding)
                );
                for row in &kind.rows {
                    let class = if row.brist { " class=\"brist\"" } else { "" };
                    let note = row
                        .note
                        .as_deref()
                        .map(|n| format!("<span class=\"finding-note\">{}</span>", e(n)))
                        .unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "<tr><td class=\"id\">{}</td><td>{}</td><td{class}>{}{note}</td></tr>",
                        e(&row.id),
                        e(row.text),
                        e(&row.finding)
                    );
                }
                s.push_str("</tbody>\n</table>\n");
            }
            let _ = writeln!(s, "<h4>{}</h4>", e(m.grading));
            s.push_str("<table class=\"grades\">\n<thead><tr><th></th>");
            for g in &area.grades {
                let _ = write!(s, "<th>{}</th>", e(g.year));
            }
            let _ = write!(s, "</tr></thead>\n<tbody>\n<tr><th>{}</th>", e(m.grade));
            for g in &area.grades {
                let _ = write!(s, "<td>{}</td>", badge(&g.cell));
            }
            let _ = write!(s, "</tr>\n<tr><th>{}</th>", e(m.level));
            for g in &area.grades {
                let level = if g.level.is_empty() { m.none } else { &g.level };
                let _ = write!(s, "<td>{}</td>", e(level));
            }
            s.push_str("</tr>\n</tbody>\n</table>\n</section>\n");
        }
    }

    s.push_str("<section class=\"handlingsplan\">\n");
    let _ = writeln!(s, "<h2>{}</h2>", e(m.handlingsplan));
    for p in &v.plan.intro {
        let _ = writeln!(s, "<p>{}</p>", e(p));
    }
    for entry in &v.plan.entries {
        s.push_str("<div class=\"entry\">\n");
        let _ = writeln!(s, "<h3>{}</h3>", e(&entry.area_heading));
        let _ = writeln!(
            s,
            "<p><strong>{}</strong> {}</p>",
            e(&entry.id),
            e(&entry.criterion_text)
        );
        s.push_str("<table>\n<tbody>\n");
        for (label, value) in &entry.fields {
            let value = if value.is_empty() { m.none } else { value };
            let _ = writeln!(s, "<tr><th>{}</th><td>{}</td></tr>", e(label), e(value));
        }
        s.push_str("</tbody>\n</table>\n</div>\n");
    }
    s.push_str("</section>\n</body>\n</html>\n");
    s
}

pub(crate) fn template(v: &TemplateView<'_>) -> String {
    let m = v.m;
    let mut s = String::new();
    head(
        &mut s,
        m.html_lang,
        &format!("{}: {}", m.template_title, v.unit),
    );
    let _ = writeln!(s, "<h1>{}: {}</h1>", e(m.template_title), e(&v.unit));
    meta(&mut s, &v.header);
    if v.sections.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", e(m.template_empty));
    } else {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", e(m.template_intro));
    }
    for section in &v.sections {
        let _ = writeln!(s, "<h2>{}</h2>", e(section.heading));
        for area in &section.areas {
            let _ = writeln!(s, "<h3>{}</h3>", e(&area.heading));
            for item in &area.items {
                s.push_str("<div class=\"entry\">\n<table class=\"fill\">\n<tbody>\n");
                let _ = writeln!(
                    s,
                    "<tr><th colspan=\"2\">{} · {} ({})</th></tr>",
                    e(&item.area_heading),
                    e(&item.id),
                    e(item.relevance)
                );
                let _ = writeln!(
                    s,
                    "<tr><td colspan=\"2\">{}<br><em>{}</em></td></tr>",
                    e(item.text),
                    e(&item.regulations)
                );
                if let Some(note) = &item.note {
                    let _ = writeln!(
                        s,
                        "<tr><th>{}</th><td>{}</td></tr>",
                        e(m.note),
                        e(&crate::view::one_line(note))
                    );
                }
                for label in [
                    m.action,
                    m.due,
                    m.responsible,
                    m.follow_up,
                    m.follow_up_responsible,
                ] {
                    let _ = writeln!(s, "<tr><th>{}</th><td></td></tr>", e(label));
                }
                s.push_str("</tbody>\n</table>\n</div>\n");
            }
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}
