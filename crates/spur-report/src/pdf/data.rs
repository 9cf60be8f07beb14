//! The JSON the typst templates read: built from the views, labels from the message table.

use serde_json::{Value, json};

use crate::view::{GradeCell, GradeClass, ReportView, TemplateView};

fn cell(c: &GradeCell) -> Value {
    json!({
        "text": c.long,
        "fill": c.class.fill(),
        "dashed": matches!(c.class, GradeClass::Provisional | GradeClass::NotGraded | GradeClass::Computed),
    })
}

fn pairs(rows: &[(&'static str, String)]) -> Value {
    Value::Array(rows.iter().map(|(l, v)| json!([l, v])).collect())
}

/// `[year, month, day]` of an ISO date, for `datetime(..)` in the template.
fn ymd(date: Option<&str>) -> Value {
    let Some(date) = date else { return Value::Null };
    let parts: Vec<i64> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [y, m, d] => json!([y, m, d]),
        _ => Value::Null,
    }
}

fn labels(m: &crate::messages::Messages) -> Value {
    json!({
        "page_of": m.page_of,
        "area": m.area,
        "none": m.none,
        "col_id": m.col_id,
        "col_criterion": m.col_criterion,
        "col_finding": m.col_finding,
        "grading": m.grading,
        "grade": m.grade,
        "level": m.level,
        "handlingsplan": m.handlingsplan,
        "note": m.note,
    })
}

fn region(lang: &str) -> &'static str {
    if lang == "sv" { "SE" } else { "GB" }
}

pub(crate) fn report(v: &ReportView<'_>) -> Value {
    let m = v.m;
    let life = &v.life;
    let cols: Vec<&str> = v.regs.iter().map(|r| r.designation()).collect();
    let years: Vec<&str> = v.regs.iter().map(|r| r.year()).collect();
    let groups: Vec<Value> = v
        .groups
        .iter()
        .map(|g| {
            let areas: Vec<Value> = g
                .areas
                .iter()
                .map(|a| {
                    let kinds: Vec<Value> = a
                        .kinds
                        .iter()
                        .map(|k| {
                            let rows: Vec<Value> = k
                                .rows
                                .iter()
                                .map(|r| {
                                    json!({"id": r.id, "text": r.text, "finding": r.finding,
                                           "brist": r.brist, "note": r.note})
                                })
                                .collect();
                            json!({"label": k.label, "basis": k.legal_basis, "rows": rows})
                        })
                        .collect();
                    let scale: Vec<Value> = a
                        .scale
                        .iter()
                        .map(|r| {
                            json!({
                                "text": r.text,
                                "marks": r.marks.iter().map(|c| c.as_ref().map(cell)).collect::<Vec<_>>(),
                            })
                        })
                        .collect();
                    json!({
                        "heading": a.heading,
                        "paragraphs": a.paragraphs,
                        "notes": a.notes,
                        "kinds": kinds,
                        "grading": {
                            "cols": years,
                            "scale": scale,
                            "grades": a.grades.iter().map(|g| cell(&g.cell)).collect::<Vec<_>>(),
                        },
                    })
                })
                .collect();
            json!({"title": g.title, "areas": areas})
        })
        .collect();
    let entries: Vec<Value> = v
        .plan
        .entries
        .iter()
        .map(|e| {
            let fields: Vec<Value> = e
                .fields
                .iter()
                .map(|(l, val)| json!([l, if val.is_empty() { m.none } else { val.as_str() }]))
                .collect();
            let area = e.first_of_area.then_some(e.area_heading.as_str());
            json!({"area": area, "id": e.id, "text": e.criterion_text, "fields": fields})
        })
        .collect();
    let mut keywords = vec!["SPUR".to_string()];
    if let Some(fp) = &life.fingerprint {
        keywords.push(crate::life::keyword(fp));
    }
    json!({
        "ident": format!("spur-report/{}/{}", v.unit, life.version.as_deref().unwrap_or("")),
        "title": format!("{}: {}", m.report_title, v.unit),
        "heading": format!("{}: {}", m.report_title, v.unit),
        "authors": life.signers,
        "keywords": keywords,
        "date": ymd(Some(life.date.as_deref().unwrap_or(&v.visit_date))),
        "lang": m.html_lang,
        "region": region(m.html_lang),
        "labels": labels(m),
        "running": running(v.m, &v.unit, &v.visit_date, life),
        "banner": life.banner,
        "header": pairs(&v.header),
        "notes": v.notes,
        "summary": {
            "title": m.summary,
            "cols": cols,
            "rows": v.summary.rows.iter().map(|r| json!({
                "heading": r.heading,
                "cells": r.cells.iter().map(cell).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "plan_line": v.summary.plan_line,
            "legend": v.summary.legend,
        },
        "lists": [
            {"title": m.strengths, "items": v.strengths, "numbered": false},
            {"title": m.weaknesses, "items": v.weaknesses, "numbered": false},
            {"title": m.improvements, "items": v.improvements, "numbered": true},
        ],
        "groups": groups,
        "plan": {"intro": v.plan.intro, "entries": entries},
        "previous": v.previous.as_ref().map(previous),
        "signature": if life.signature { json!({
            "heading": m.signatures,
            "names": life.signers,
            "place_date": m.signature_place_date,
        }) } else { Value::Null },
        "fingerprint": life.fingerprint.as_ref().map(|fp| json!({
            "label": m.fingerprint,
            "value": fp,
            "note": m.fingerprint_note,
        })),
        "corrections": (!life.corrections.is_empty()).then(|| json!({
            "title": m.corrections,
            "heads": m.correction_heads,
            "rows": life.corrections.iter().map(|c| json!([
                c.version.to_string(), c.by, c.at, c.reason,
            ])).collect::<Vec<_>>(),
        })),
        "appendix": life.appendix.as_ref().map(|a| json!({
            "title": a.title,
            "parts": a.parts.iter().map(|p| match p {
                crate::AppendixPart::Heading(h) => json!({"kind": "heading", "text": h}),
                crate::AppendixPart::Paragraph(t) => json!({"kind": "paragraph", "text": t}),
                crate::AppendixPart::List(items) => json!({"kind": "list", "items": items}),
                crate::AppendixPart::Table { heads, rows } => {
                    json!({"kind": "table", "heads": heads, "rows": rows,
                        "widths": crate::view::column_weights(heads, rows)})
                }
            }).collect::<Vec<_>>(),
        })),
        "chain_head": life.chain_head.as_ref().map(|head| json!({
            "label": m.chain_head,
            "value": head,
            "note": m.chain_head_note,
        })),
    })
}

/// The comparison with the previous inspection: its parts as tables, each row with `change`
/// (`improved`, `worsened` or none).
fn previous(p: &crate::compare::CompareView) -> Value {
    json!({
        "title": p.title,
        "sides": p.sides.iter().map(|(l, v)| json!([l, v])).collect::<Vec<_>>(),
        "warnings": p.warnings.iter().map(|w| format!("{}: {w}", p.warning)).collect::<Vec<_>>(),
        "none": p.none,
        "sections": p.sections.iter().map(|sec| json!({
            "title": sec.title,
            "heads": sec.heads,
            "rows": sec.rows.iter().map(|r| json!({
                "cells": r.cells,
                "change": r.class(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn running(
    m: &crate::messages::Messages,
    unit: &str,
    visit_date: &str,
    life: &crate::view::LifeView,
) -> Value {
    let version = life
        .version
        .as_deref()
        .map(|v| format!("{} {v}", m.version))
        .unwrap_or_default();
    json!({
        "title": m.running_title,
        "unit": unit,
        "date": visit_date,
        "status": format!("{}: {}", m.status, life.status_label),
        "version": version,
    })
}

pub(crate) fn plan(v: &TemplateView<'_>) -> Value {
    let m = v.m;
    let sections: Vec<Value> = v
        .sections
        .iter()
        .map(|s| {
            let areas: Vec<Value> = s
                .areas
                .iter()
                .map(|a| {
                    let items: Vec<Value> = a
                        .items
                        .iter()
                        .map(|it| {
                            json!({
                                "title": format!("{} · {} ({})", it.area_heading, it.id, it.relevance),
                                "text": it.text,
                                "regulations": it.regulations,
                                "note": it.note.as_deref().map(crate::view::one_line),
                                "fields": [m.action, m.due, m.responsible, m.follow_up, m.follow_up_responsible],
                            })
                        })
                        .collect();
                    json!({"heading": a.heading, "items": items})
                })
                .collect();
            json!({"heading": s.heading, "areas": areas})
        })
        .collect();
    json!({
        "ident": format!("spur-handlingsplan/{}", v.unit),
        "title": format!("{}: {}", m.template_title, v.unit),
        "heading": format!("{}: {}", m.template_title, v.unit),
        "authors": v.life.signers,
        "keywords": ["SPUR", "handlingsplan"],
        "date": ymd(Some(v.life.date.as_deref().unwrap_or(&v.visit_date))),
        "lang": m.html_lang,
        "region": region(m.html_lang),
        "labels": labels(m),
        "running": running(m, &v.unit, &v.visit_date, &v.life),
        "banner": Value::Null,
        "header": pairs(&v.header),
        "intro": m.template_intro,
        "empty": m.template_empty,
        "sections": sections,
    })
}
