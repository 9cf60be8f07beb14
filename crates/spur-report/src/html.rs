//! Standalone HTML: one file, inline CSS and SVG, no external assets; prints on A4 with a page
//! break before every area.

use std::fmt::Write as _;

use crate::view::{GradeCell, LifeView, ReportView, TemplateView};

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
table.grades th { width: 6.5em; }
table.grades th:first-child { width: auto; }
td.brist { font-weight: 600; }
.finding-note { display: block; font-weight: normal; font-style: italic; color: var(--muted); }
.legal-basis { font-style: italic; color: var(--muted); }
.grade { display: inline-block; min-width: 2.6em; padding: .1rem .4rem; border: 1px solid #000; border-radius: 3px; font-weight: 700; text-align: center; color: #000; }
.grade-a { background: #009E73; } .grade-b { background: #56B4E9; } .grade-c { background: #E69F00; }
.grade-d { background: #D55E00; } .grade-p { background: #F0E442; border-style: dashed; }
.grade-n { background: #fff; border-style: dashed; color: var(--muted); }
.overview svg { max-width: 100%; height: auto; }
.legend { color: var(--muted); font-size: .9em; }
.entry { margin: .8rem 0 1.2rem; }
.entry th { width: 40%; }
.fill td { height: 2.4rem; }
.banner { border: 2px solid #D55E00; background: #fde7e1; color: #8a2b00; font-weight: 700; font-size: 1.2rem; text-align: center; padding: .4rem; margin: 0 0 1rem; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 2.5rem 2rem; margin-top: 1rem; }
.signature { border-top: 1px solid #000; padding-top: .2rem; margin-top: 2.5rem; font-size: .9rem; }
.fingerprint { font-size: .8rem; color: var(--muted); word-break: break-all; margin-top: 1.5rem; }
.grading { break-inside: avoid; page-break-inside: avoid; }
td.mark { text-align: center; }
tr.final th { background: #f6f6f6; }
@page { size: A4; margin: 16mm 14mm 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9pt; line-height: 1.3; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.2rem; margin: 1rem 0 .4rem; }
  h3 { font-size: 1.05rem; margin: .9rem 0 .35rem; }
  h4 { font-size: .95rem; margin: .6rem 0 .25rem; }
  th, td { padding: .1rem .3rem; }
  .fill td { height: 1.8rem; }
  .entry { margin: .5rem 0 .8rem; }
  section.texts, section.handlingsplan { break-before: page; page-break-before: always; }
  section.summary { break-inside: avoid; page-break-inside: avoid; }
  .overview { display: none; }
  .entry, tr, .overview, .grading, .signatures, .note { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2, h3, h4, .legal-basis { break-after: avoid; page-break-after: avoid; }
  .grade, th, .banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// A CSS string literal: every character but ASCII letters, digits and space is written as a
/// hex escape, so user text can neither end the string nor the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:06x}", c as u32);
        }
    }
    out.push('"');
    out
}

/// What the printed pages carry in their margins: the running header and the footer.
struct Running<'a> {
    left: String,
    right: &'a str,
    status: String,
    page_of: &'a str,
    version: String,
    fingerprint: Option<&'a str>,
}

fn running<'a>(
    m: &'a crate::messages::Messages,
    unit: &str,
    visit_date: &'a str,
    life: &'a LifeView,
) -> Running<'a> {
    Running {
        left: format!("{} · {unit}", m.running_title),
        right: visit_date,
        status: format!("{}: {}", m.status, life.status_label),
        page_of: m.page_of,
        version: life
            .version
            .as_deref()
            .map(|v| format!("{} {v}", m.version))
            .unwrap_or_default(),
        fingerprint: life.fingerprint.as_deref(),
    }
}

fn head(s: &mut String, lang: &str, title: &str, r: &Running<'_>) {
    // `Sida {n} av {total}` as CSS content with the page counters.
    let (before, rest) = r.page_of.split_once("{n}").unwrap_or((r.page_of, ""));
    let (middle, after) = rest.split_once("{total}").unwrap_or((rest, ""));
    let margin = "font-family: sans-serif; font-size: 8pt; color: #555;";
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n",
        e(lang),
        e(title)
    );
    if let Some(fp) = r.fingerprint {
        let _ = writeln!(
            s,
            "<meta name=\"spur-fingerprint\" content=\"{}\">",
            e(&crate::life::keyword(fp))
        );
    }
    let _ = write!(
        s,
        "<style>{CSS}@page {{\n  @top-left {{ content: {}; {margin} }}\n  @top-right {{ content: {}; {margin} }}\n  @bottom-left {{ content: {}; {margin} }}\n  @bottom-center {{ content: {} counter(page) {} counter(pages) {}; {margin} }}\n  @bottom-right {{ content: {}; {margin} }}\n}}\n</style>\n</head>\n<body>\n",
        css_string(&r.left),
        css_string(r.right),
        css_string(&r.status),
        css_string(before),
        css_string(middle),
        css_string(after),
        css_string(&r.version),
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
        &running(m, &v.unit, &v.visit_date, &v.life),
    );
    s.push_str("<header>\n");
    if let Some(b) = v.life.banner {
        let _ = writeln!(s, "<p class=\"banner\">{}</p>", e(b));
    }
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
        s.push_str("<section class=\"group\">\n");
        let _ = writeln!(s, "<h2>{}</h2>", e(group.title));
        for area in &group.areas {
            let _ = writeln!(s, "<section class=\"area\" id=\"area-{}\">", area.id);
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
            let _ = writeln!(s, "<div class=\"grading\">\n<h4>{}</h4>", e(m.grading));
            let _ = write!(
                s,
                "<table class=\"grades\">\n<thead><tr><th>{}</th>",
                e(m.level)
            );
            for g in &area.grades {
                let _ = write!(s, "<th>{}</th>", e(g.year));
            }
            s.push_str("</tr></thead>\n<tbody>\n");
            for level in &area.scale {
                let _ = write!(s, "<tr><td>{}</td>", e(&level.text));
                for mark in &level.marks {
                    match mark {
                        Some(c) => {
                            let _ = write!(s, "<td class=\"mark\">{}</td>", badge(c));
                        }
                        None => s.push_str("<td class=\"mark\"></td>"),
                    }
                }
                s.push_str("</tr>\n");
            }
            let _ = write!(s, "<tr class=\"final\"><th>{}</th>", e(m.grade));
            for g in &area.grades {
                let _ = write!(s, "<td class=\"mark\">{}</td>", badge(&g.cell));
            }
            s.push_str("</tr>\n</tbody>\n</table>\n</div>\n</section>\n");
        }
        s.push_str("</section>\n");
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
    s.push_str("</section>\n");
    if let Some(p) = &v.previous {
        s.push_str(&p.to_html_section(2));
    }
    if v.life.signature {
        let _ = writeln!(
            s,
            "<section class=\"signoff\">\n<h2>{}</h2>\n<div class=\"signatures\">",
            e(m.signatures)
        );
        for name in &v.life.signers {
            let _ = writeln!(
                s,
                "<div class=\"signature\">{}<br><small>{}</small></div>",
                e(name),
                e(m.signature_place_date)
            );
        }
        s.push_str("</div>\n</section>\n");
    }
    if let Some(fp) = &v.life.fingerprint {
        let _ = writeln!(
            s,
            "<p class=\"fingerprint\"><strong>{}:</strong> {}<br>{}</p>",
            e(m.fingerprint),
            e(fp),
            e(m.fingerprint_note)
        );
    }
    s.push_str("</body>\n</html>\n");
    s
}

pub(crate) fn template(v: &TemplateView<'_>) -> String {
    let m = v.m;
    let mut s = String::new();
    head(
        &mut s,
        m.html_lang,
        &format!("{}: {}", m.template_title, v.unit),
        &running(m, &v.unit, &v.visit_date, &v.life),
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
