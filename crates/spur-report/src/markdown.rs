//! Markdown (CommonMark with pipe tables).

use std::fmt::Write as _;

use crate::view::{ReportView, TemplateView};

/// Escape text so that it renders literally: Markdown punctuation and raw HTML (`<`) are
/// backslash-escaped, and no line can start a heading, list, quote, fence or table
/// ([`spur_core::escape::markdown_block`]).
pub(crate) fn escape(text: &str) -> String {
    spur_core::escape::markdown_block(text)
}

fn w(out: &mut String, line: impl AsRef<str>) {
    out.push_str(line.as_ref());
    out.push('\n');
}

fn or_none(text: &str, none: &str) -> String {
    if text.is_empty() {
        none.to_string()
    } else {
        escape(text)
    }
}

pub(crate) fn report(v: &ReportView<'_>) -> String {
    let m = v.m;
    let mut s = String::new();
    w(&mut s, format!("# {}: {}", m.report_title, escape(&v.unit)));
    w(&mut s, "");
    if let Some(b) = v.life.banner {
        w(&mut s, format!("> **{}**", escape(b)));
    }
    w(&mut s, "");
    for (label, value) in &v.header {
        w(&mut s, format!("- **{label}:** {}", escape(value)));
    }
    w(&mut s, "");
    for note in &v.notes {
        w(&mut s, format!("> {}", escape(note)));
        w(&mut s, "");
    }

    // One-page summary.
    w(&mut s, format!("## {}", m.summary));
    w(&mut s, "");
    let mut head = format!("| {} |", m.area);
    let mut rule = "|---|".to_string();
    for reg in &v.regs {
        let _ = write!(head, " {} |", reg.year());
        rule.push_str(":---:|");
    }
    w(&mut s, head);
    w(&mut s, rule);
    for row in &v.summary.rows {
        let mut line = format!("| {} |", escape(&row.heading));
        for cell in &row.cells {
            let _ = write!(line, " {} |", escape(&cell.long));
        }
        w(&mut s, line);
    }
    w(&mut s, "");
    w(&mut s, escape(&v.summary.plan_line));
    w(&mut s, "");
    w(&mut s, escape(&v.summary.legend.join(" · ")));
    w(&mut s, "");

    for (title, items, numbered) in [
        (m.strengths, &v.strengths, false),
        (m.weaknesses, &v.weaknesses, false),
        (m.improvements, &v.improvements, true),
    ] {
        w(&mut s, format!("## {title}"));
        w(&mut s, "");
        if items.is_empty() {
            w(&mut s, m.none);
        }
        for (i, item) in items.iter().enumerate() {
            if numbered {
                w(&mut s, format!("{}. {}", i + 1, escape(item)));
            } else {
                w(&mut s, format!("- {}", escape(item)));
            }
        }
        w(&mut s, "");
    }

    for group in &v.groups {
        w(&mut s, format!("## {}", group.title));
        w(&mut s, "");
        for area in &group.areas {
            w(&mut s, format!("### {}", escape(&area.heading)));
            w(&mut s, "");
            for p in &area.paragraphs {
                w(&mut s, escape(p));
                w(&mut s, "");
            }
            for note in &area.notes {
                w(&mut s, format!("*{}*", escape(note)));
                w(&mut s, "");
            }
            for kind in &area.kinds {
                w(&mut s, format!("#### {}", escape(&kind.label)));
                w(&mut s, "");
                if let Some(basis) = kind.legal_basis {
                    w(&mut s, format!("*{}*", escape(basis)));
                    w(&mut s, "");
                }
                w(
                    &mut s,
                    format!("| {} | {} | {} |", m.col_id, m.col_criterion, m.col_finding),
                );
                w(&mut s, "|---|---|---|");
                for row in &kind.rows {
                    let mut finding = if row.brist {
                        format!("**{}**", escape(&row.finding))
                    } else {
                        escape(&row.finding)
                    };
                    if let Some(note) = &row.note {
                        let _ = write!(finding, " — {}", escape(note));
                    }
                    w(
                        &mut s,
                        format!("| {} | {} | {} |", row.id, escape(row.text), finding),
                    );
                }
                w(&mut s, "");
            }
            w(&mut s, format!("#### {}", m.grading));
            w(&mut s, "");
            let mut head = "| |".to_string();
            let mut rule = "|---|".to_string();
            for g in &area.grades {
                let _ = write!(head, " {} |", g.year);
                rule.push_str("---|");
            }
            w(&mut s, head);
            w(&mut s, rule);
            for level in &area.scale {
                let mut line = format!("| {} |", escape(&level.text));
                for mark in &level.marks {
                    match mark {
                        Some(c) => {
                            let _ = write!(line, " **{}** |", escape(&c.long));
                        }
                        None => line.push_str(" |"),
                    }
                }
                w(&mut s, line);
            }
            let mut grade = format!("| {} |", m.grade);
            for g in &area.grades {
                let _ = write!(grade, " **{}** |", escape(&g.cell.long));
            }
            w(&mut s, grade);
            w(&mut s, "");
        }
    }

    w(&mut s, format!("## {}", m.handlingsplan));
    w(&mut s, "");
    for p in &v.plan.intro {
        w(&mut s, escape(p));
        w(&mut s, "");
    }
    for e in &v.plan.entries {
        if e.first_of_area {
            w(&mut s, format!("### {}", escape(&e.area_heading)));
            w(&mut s, "");
        }
        w(
            &mut s,
            format!("**{}** {}", e.id, escape(&e.criterion_text)),
        );
        w(&mut s, "");
        for (label, value) in &e.fields {
            w(&mut s, format!("- **{label}:** {}", or_none(value, m.none)));
        }
        w(&mut s, "");
    }
    if let Some(p) = &v.previous {
        w(&mut s, p.to_markdown(2));
    }
    if v.life.signature {
        w(&mut s, format!("## {}", m.signatures));
        w(&mut s, "");
        for name in &v.life.signers {
            w(
                &mut s,
                "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_",
            );
            w(&mut s, "");
            w(
                &mut s,
                format!("{} · {}", escape(name), m.signature_place_date),
            );
            w(&mut s, "");
        }
    }
    if let Some(fp) = &v.life.fingerprint {
        w(
            &mut s,
            format!("*{}:* `{}`", m.fingerprint, crate::life::keyword(fp)),
        );
        w(&mut s, "");
        w(&mut s, escape(m.fingerprint_note));
    }
    if let Some(head) = &v.life.chain_head {
        w(&mut s, "");
        w(&mut s, format!("*{}:* `{}`", m.chain_head, head));
        w(&mut s, "");
        w(&mut s, escape(m.chain_head_note));
    }
    if !v.life.corrections.is_empty() {
        use spur_core::escape::markdown_cell as cell;
        w(&mut s, "");
        w(&mut s, format!("## {}", m.corrections));
        w(&mut s, "");
        w(&mut s, format!("| {} |", m.correction_heads.join(" | ")));
        w(&mut s, "| --- | --- | --- | --- |");
        for c in &v.life.corrections {
            w(
                &mut s,
                format!(
                    "| {} | {} | {} | {} |",
                    c.version,
                    cell(&c.by),
                    cell(&c.at),
                    cell(&c.reason)
                ),
            );
        }
    }
    s
}

pub(crate) fn template(v: &TemplateView<'_>) -> String {
    let m = v.m;
    let mut s = String::new();
    w(
        &mut s,
        format!("# {}: {}", m.template_title, escape(&v.unit)),
    );
    w(&mut s, "");
    for (label, value) in &v.header {
        w(&mut s, format!("- **{label}:** {}", escape(value)));
    }
    w(&mut s, "");
    if v.sections.is_empty() {
        w(&mut s, m.template_empty);
        return s;
    }
    w(&mut s, m.template_intro);
    w(&mut s, "");
    for section in &v.sections {
        w(&mut s, format!("## {}", section.heading));
        w(&mut s, "");
        for area in &section.areas {
            w(&mut s, format!("### {}", escape(&area.heading)));
            w(&mut s, "");
            for item in &area.items {
                w(&mut s, format!("#### {} ({})", item.id, item.relevance));
                w(&mut s, "");
                w(&mut s, format!("> {}", escape(item.text)));
                w(&mut s, "");
                w(&mut s, format!("*{}*", escape(&item.regulations)));
                w(&mut s, "");
                if let Some(note) = &item.note {
                    w(
                        &mut s,
                        format!("**{}:** {}", m.note, escape(&crate::text::one_line(note))),
                    );
                    w(&mut s, "");
                }
                w(&mut s, "| | |");
                w(&mut s, "|---|---|");
                for field in spur_core::PlanField::all() {
                    w(&mut s, format!("| **{}** | |", m.plan_field(field)));
                }
                w(&mut s, "");
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markdown_escape_defuses_markup_and_html() {
        assert_eq!(
            escape("<script>a|b</script>"),
            "\\<script\\>a\\|b\\</script\\>"
        );
        assert_eq!(escape("# rubrik"), "\\# rubrik");
        assert_eq!(escape("1. punkt"), "1\\. punkt");
        assert_eq!(escape("17000 listade"), "17000 listade");
        assert_eq!(
            escape("ST-läkare, \"TG-doktor\""),
            "ST-läkare, \"TG-doktor\""
        );
    }
}
