//! Standalone HTML: one file, inline CSS and SVG, no external assets; prints on A4 with a page
//! break before every area.

//!
//! Built with maud: markup is escaped by construction, and every text goes through spur's one
//! HTML escaper ([`spur_core::escape::html`]) by way of [`crate::markup::Text`].

use std::fmt::Write as _;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::markup::{NL, t};
use crate::view::{GradeCell, LifeView, ReportView, TemplateView};

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
.improved { color: #1a7f37; } .worsened { color: #b42318; }
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

/// `<!DOCTYPE html>`, `<head>` with the title, the fingerprint and the CSS, and `<body>`
/// around `body`.
fn page(lang: &str, title: &str, r: &Running<'_>, body: Markup) -> String {
    // `Sida {n} av {total}` as CSS content with the page counters.
    let (before, rest) = r.page_of.split_once("{n}").unwrap_or((r.page_of, ""));
    let (middle, after) = rest.split_once("{total}").unwrap_or((rest, ""));
    let margin = "font-family: sans-serif; font-size: 8pt; color: #555;";
    // Inside `<style>` nothing is unescaped: the user's strings are CSS string literals with
    // every character but letters, digits and space hex-escaped (`css_string`).
    let margins = format!(
        "@page {{\n  @top-left {{ content: {}; {margin} }}\n  @top-right {{ content: {}; {margin} }}\n  @bottom-left {{ content: {}; {margin} }}\n  @bottom-center {{ content: {} counter(page) {} counter(pages) {}; {margin} }}\n  @bottom-right {{ content: {}; {margin} }}\n}}\n",
        css_string(&r.left),
        css_string(r.right),
        css_string(&r.status),
        css_string(before),
        css_string(middle),
        css_string(after),
        css_string(&r.version),
    );
    let markup = html! {
        (DOCTYPE) (NL)
        html lang=(t(lang)) {
            (NL)
            head {
                (NL)
                meta charset="utf-8"; (NL)
                meta name="viewport" content="width=device-width, initial-scale=1"; (NL)
                title { (t(title)) } (NL)
                @if let Some(fp) = r.fingerprint {
                    meta name="spur-fingerprint" content=(t(&crate::life::keyword(fp))); (NL)
                }
                style { (PreEscaped(CSS)) (PreEscaped(&margins)) } (NL)
            }
            (NL)
            body { (NL) (body) }
            (NL)
        }
        (NL)
    };
    markup.into_string()
}

fn badge(cell: &GradeCell) -> Markup {
    html! {
        span class={ "grade grade-" (cell.class.css()) } { (t(&cell.long)) }
    }
}

fn meta(header: &[(&'static str, String)]) -> Markup {
    html! {
        dl.meta {
            (NL)
            @for (label, value) in header {
                dt { (t(label)) } dd { (t(value)) } (NL)
            }
        }
        (NL)
    }
}

pub(crate) fn report(v: &ReportView<'_>, svg: &str) -> String {
    let m = v.m;
    let body = html! {
        header {
            (NL)
            @if let Some(b) = v.life.banner {
                p.banner { (t(b)) } (NL)
            }
            h1 { (t(m.report_title)) ": " (t(&v.unit)) } (NL)
            (meta(&v.header))
            @for note in &v.notes {
                p.note { (t(note)) } (NL)
            }
        }
        (NL)
        (summary(v, svg))
        (texts(v))
        @for group in &v.groups {
            section.group {
                (NL)
                h2 { (t(group.title)) } (NL)
                @for area in &group.areas {
                    (area_section(m, area))
                }
            }
            (NL)
        }
        (plan(v))
        @if let Some(p) = &v.previous {
            // The same comparison as `spur compare` (`compare.rs`).
            (p.html_section(2))
        }
        @if v.life.signature {
            section.signoff {
                (NL)
                h2 { (t(m.signatures)) } (NL)
                div.signatures {
                    (NL)
                    @for name in &v.life.signers {
                        div.signature { (t(name)) br; small { (t(m.signature_place_date)) } } (NL)
                    }
                }
                (NL)
            }
            (NL)
        }
        @if let Some(fp) = &v.life.fingerprint {
            p.fingerprint { strong { (t(m.fingerprint)) ":" } " " (t(fp)) br; (t(m.fingerprint_note)) } (NL)
        }
        @if let Some(head) = &v.life.chain_head {
            p.fingerprint.chain-head { strong { (t(m.chain_head)) ":" } " " (t(head)) br; (t(m.chain_head_note)) } (NL)
        }
        @if !v.life.corrections.is_empty() {
            section.corrections #corrections {
                (NL)
                h2 { (t(m.corrections)) } (NL)
                table {
                    thead { tr { @for h in m.correction_heads { th scope="col" { (t(h)) } } } } (NL)
                    tbody {
                        @for c in &v.life.corrections {
                            tr { td { (c.version) } td { (t(&c.by)) } td { (t(&c.at)) } td { (t(&c.reason)) } } (NL)
                        }
                    }
                }
                (NL)
            }
            (NL)
        }
    };
    page(
        m.html_lang,
        &format!("{}: {}", m.report_title, v.unit),
        &running(m, &v.unit, &v.visit_date, &v.life),
        body,
    )
}

/// One-page summary: the picture, then the same grades as a table.
fn summary(v: &ReportView<'_>, svg: &str) -> Markup {
    let m = v.m;
    html! {
        section.summary {
            (NL)
            h2 { (t(m.summary)) } (NL)
            // The SVG is built by `svg.rs`, which escapes every text it writes.
            figure.overview { (NL) (PreEscaped(svg)) } (NL)
            table {
                (NL)
                thead { tr { th { (t(m.area)) } @for reg in &v.regs { th { (t(reg.designation())) } } } } (NL)
                tbody {
                    (NL)
                    @for row in &v.summary.rows {
                        tr { td { (t(&row.heading)) } @for cell in &row.cells { td { (badge(cell)) } } } (NL)
                    }
                }
                (NL)
            }
            (NL)
            p { (t(&v.summary.plan_line)) } (NL)
            p.legend { (t(&v.summary.legend.join(" · "))) } (NL)
        }
        (NL)
    }
}

/// Styrkor, svagheter and förbättringspotential (numbered).
fn texts(v: &ReportView<'_>) -> Markup {
    let m = v.m;
    html! {
        section.texts {
            (NL)
            @for (title, items, numbered) in [
                (m.strengths, &v.strengths, false),
                (m.weaknesses, &v.weaknesses, false),
                (m.improvements, &v.improvements, true),
            ] {
                h2 { (t(title)) } (NL)
                @if items.is_empty() {
                    p { (t(m.none)) } (NL)
                } @else if numbered {
                    ol { (NL) @for item in items.iter() { li { (t(item)) } (NL) } } (NL)
                } @else {
                    ul { (NL) @for item in items.iter() { li { (t(item)) } (NL) } } (NL)
                }
            }
        }
        (NL)
    }
}

fn area_section(m: &crate::messages::Messages, area: &crate::view::AreaView<'_>) -> Markup {
    html! {
        section.area id={ "area-" (area.id) } {
            (NL)
            h3 { (t(&area.heading)) } (NL)
            @for p in &area.paragraphs {
                p { (t(p)) } (NL)
            }
            @for note in &area.notes {
                p class="note grade-note" { (t(note)) } (NL)
            }
            @for kind in &area.kinds {
                h4 { (t(&kind.label)) } (NL)
                @if let Some(basis) = kind.legal_basis {
                    p.legal-basis { (t(basis)) } (NL)
                }
                table.criteria {
                    (NL)
                    thead { tr { th { (t(m.col_id)) } th { (t(m.col_criterion)) } th { (t(m.col_finding)) } } } (NL)
                    tbody {
                        (NL)
                        @for row in &kind.rows {
                            tr {
                                td.id { (t(&row.id)) }
                                td { (t(row.text)) }
                                td class=[row.brist.then_some("brist")] {
                                    (t(&row.finding))
                                    @if let Some(n) = &row.note {
                                        span.finding-note { (t(n)) }
                                    }
                                }
                            }
                            (NL)
                        }
                    }
                    (NL)
                }
                (NL)
            }
            div.grading {
                (NL)
                h4 { (t(m.grading)) } (NL)
                table.grades {
                    (NL)
                    thead { tr { th { (t(m.level)) } @for g in &area.grades { th { (t(g.year)) } } } } (NL)
                    tbody {
                        (NL)
                        @for level in &area.scale {
                            tr {
                                td { (t(&level.text)) }
                                @for mark in &level.marks {
                                    td.mark { @if let Some(c) = mark { (badge(c)) } }
                                }
                            }
                            (NL)
                        }
                        tr.final { th { (t(m.grade)) } @for g in &area.grades { td.mark { (badge(&g.cell)) } } } (NL)
                    }
                    (NL)
                }
                (NL)
            }
            (NL)
        }
        (NL)
    }
}

/// The handlingsplan as the inspection holds it: one table per entry.
fn plan(v: &ReportView<'_>) -> Markup {
    let m = v.m;
    html! {
        section.handlingsplan {
            (NL)
            h2 { (t(m.handlingsplan)) } (NL)
            @for p in &v.plan.intro {
                p { (t(p)) } (NL)
            }
            @for entry in &v.plan.entries {
                div.entry {
                    (NL)
                    @if entry.first_of_area {
                        h3 { (t(&entry.area_heading)) } (NL)
                    }
                    p { strong { (t(&entry.id)) } " " (t(&entry.criterion_text)) } (NL)
                    table {
                        (NL)
                        tbody {
                            (NL)
                            @for (label, value) in &entry.fields {
                                tr { th { (t(label)) } td { (t(if value.is_empty() { m.none } else { value })) } } (NL)
                            }
                        }
                        (NL)
                    }
                    (NL)
                }
                (NL)
            }
        }
        (NL)
    }
}

pub(crate) fn template(v: &TemplateView<'_>) -> String {
    let m = v.m;
    let body = html! {
        h1 { (t(m.template_title)) ": " (t(&v.unit)) } (NL)
        (meta(&v.header))
        @if v.sections.is_empty() {
            p { (t(m.template_empty)) } (NL)
        } @else {
            p.note { (t(m.template_intro)) } (NL)
        }
        @for section in &v.sections {
            h2 { (t(section.heading)) } (NL)
            @for area in &section.areas {
                h3 { (t(&area.heading)) } (NL)
                @for item in &area.items {
                    div.entry {
                        (NL)
                        table.fill {
                            (NL)
                            tbody {
                                (NL)
                                tr { th colspan="2" { (t(&item.area_heading)) " · " (t(&item.id)) " (" (t(item.relevance)) ")" } } (NL)
                                tr { td colspan="2" { (t(item.text)) br; em { (t(&item.regulations)) } } } (NL)
                                @if let Some(note) = &item.note {
                                    tr { th { (t(m.note)) } td { (t(&crate::text::one_line(note))) } } (NL)
                                }
                                @for field in spur_core::PlanField::all() {
                                    tr { th { (t(m.plan_field(field))) } td {} } (NL)
                                }
                            }
                            (NL)
                        }
                        (NL)
                    }
                    (NL)
                }
            }
        }
    };
    page(
        m.html_lang,
        &format!("{}: {}", m.template_title, v.unit),
        &running(m, &v.unit, &v.visit_date, &v.life),
        body,
    )
}
