//! The template as TOML that pastes into the inspection document as its `[handlingsplan]`.
//!
//! Only the keys spur-core reads are written; everything a person needs to know (area,
//! criterion text, finding note, krav/rekommendation) is in comments. Empty strings and empty
//! lists read as "not filled in", so the unfilled template parses and grades as an incomplete
//! plan.

use std::fmt::Write as _;

use spur_core::{PlanField, PlanFieldKind};

use crate::text::one_line;
use crate::view::TemplateView;

const WRAP: usize = 96;

/// `text` as comment lines of at most [`WRAP`] characters (longer words stay whole).
fn comment(out: &mut String, text: &str) {
    let text = one_line(text);
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WRAP {
            let _ = writeln!(out, "# {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if line.is_empty() {
        out.push_str("#\n");
    } else {
        let _ = writeln!(out, "# {line}");
    }
}

pub(crate) fn template(v: &TemplateView<'_>) -> String {
    let m = v.m;
    let mut s = String::new();
    comment(&mut s, &format!("{}: {}", m.template_title, v.unit));
    for (label, value) in &v.header {
        comment(&mut s, &format!("{label}: {value}"));
    }
    comment(&mut s, m.toml_intro);
    s.push('\n');
    s.push_str("[handlingsplan]\n");
    comment(&mut s, m.toml_received);
    s.push_str("# received = YYYY-MM-DD\n");
    if v.sections.is_empty() {
        s.push('\n');
        comment(&mut s, m.template_empty);
        return s;
    }
    for section in &v.sections {
        s.push('\n');
        comment(&mut s, &format!("==== {} ====", section.heading));
        for area in &section.areas {
            s.push('\n');
            comment(&mut s, &format!("---- {} ----", area.heading));
            for item in &area.items {
                s.push('\n');
                comment(
                    &mut s,
                    &format!("{} ({}): {}", item.id, item.relevance, item.text),
                );
                comment(&mut s, &item.regulations);
                if let Some(note) = &item.note {
                    comment(&mut s, &format!("{}: {note}", m.note));
                }
                s.push_str("[[handlingsplan.entries]]\n");
                let _ = writeln!(s, "criterion = \"{}\"", item.id);
                for field in PlanField::all() {
                    let empty = match field.kind() {
                        PlanFieldKind::Names => "[]",
                        PlanFieldKind::Text | PlanFieldKind::Date => "\"\"",
                    };
                    let _ = writeln!(s, "{} = {empty}  # {}", field.key(), m.plan_field(field));
                }
            }
        }
    }
    s
}
