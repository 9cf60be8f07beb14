//! The summary as Markdown and as a standalone HTML page, in Swedish or English. Both render
//! from the [`SurveySummary`] alone, which holds no figure of a suppressed group: what is not
//! there cannot be shown.

use spur_core::{Lang, escape};

use crate::words::{area_title, percent, words};
use crate::{Figures, Group, Step, SurveySummary};

impl SurveySummary {
    /// Markdown: the groups, the discrepancies, then per area a table of statements × groups
    /// with the counts per step and the share, and the area's free texts.
    pub fn to_markdown(&self, lang: Lang) -> String {
        let w = words(lang);
        let md = escape::markdown_inline;
        let mut out = format!("# {}\n\n", w.summary_title);
        if let Some(s) = &self.specialty {
            out += &format!("*{}*\n\n", md(s));
        }
        out += &format!("**{}:** {}\n\n", w.respondents, self.groups_line(lang));
        if let Some(p) = &self.answered {
            out += &format!("**{}:** {} – {}\n\n", w.answered, p.first, p.last);
        }
        out += &format!("{} {}\n\n", w.summary_intro, w.withheld);
        out += &format!("## {}\n\n", w.discrepancies);
        if self.discrepancies.is_empty() {
            out += &format!("{}\n", w.no_discrepancies);
        } else {
            out += &format!("{} ({}):\n\n", w.discrepancies_intro, percent(self.margin));
            out += &format!(
                "| {} | {} | {} | {} |\n|---|---|---|---|\n",
                w.area,
                Group::Handledare.short(lang),
                Group::StLakare.short(lang),
                w.difference
            );
            for d in &self.discrepancies {
                let text = |id: &str| {
                    self.statement(id)
                        .map(|s| md(if lang == Lang::Sv { &s.sv } else { &s.en }))
                        .unwrap_or_default()
                };
                out += &format!(
                    "| {} | {} {} (**{}**) | {} {} (**{}**) | {} |\n",
                    d.area,
                    md(&d.handledare.statement),
                    text(&d.handledare.statement),
                    percent(d.handledare.share_positive),
                    md(&d.st_lakare.statement),
                    text(&d.st_lakare.statement),
                    percent(d.st_lakare.share_positive),
                    percent(d.difference)
                );
            }
        }
        let steps: Vec<String> = Step::ALL.iter().map(|s| md(s.label(lang))).collect();
        for area in &self.areas {
            out += &format!("\n## {}\n\n", md(&area_title(area.area, lang)));
            out += &format!(
                "| {} | {} | {} | {} | {} |\n|---|---|---|{}---|\n",
                w.statement,
                w.group,
                w.answers,
                steps.join(" | "),
                w.share_positive,
                "---|".repeat(Step::ALL.len())
            );
            for s in &area.statements {
                let text = if lang == Lang::Sv { &s.sv } else { &s.en };
                for (i, f) in s.groups.iter().enumerate() {
                    let first = if i == 0 {
                        format!("{} {}", md(&s.id), md(text))
                    } else {
                        String::new()
                    };
                    let cells = figure_cells(f, lang);
                    out += &format!(
                        "| {first} | {} | {} |\n",
                        md(f.group.label(lang)),
                        cells.join(" | ")
                    );
                }
            }
            if !area.free_texts.is_empty() {
                out += &format!("\n**{}**\n\n", w.free_texts);
                for t in &area.free_texts {
                    out += &format!("- *{}:* {}\n", md(t.group.label(lang)), md(&t.text));
                }
            }
        }
        out
    }

    /// A standalone HTML page for the inspectors, with the same content as
    /// [`SurveySummary::to_markdown`].
    pub fn to_html(&self, lang: Lang) -> String {
        let w = words(lang);
        let h = escape::html;
        let mut body = String::new();
        if let Some(s) = &self.specialty {
            body += &format!("<p><em>{}</em></p>\n", h(s));
        }
        body += &format!(
            "<p><strong>{}:</strong> {}</p>\n",
            w.respondents,
            h(&self.groups_line(lang))
        );
        if let Some(p) = &self.answered {
            body += &format!(
                "<p><strong>{}:</strong> {} – {}</p>\n",
                w.answered, p.first, p.last
            );
        }
        body += &format!("<p>{} {}</p>\n", h(w.summary_intro), h(w.withheld));
        body += &format!(
            "<section aria-labelledby=\"discrepancies\">\n<h2 id=\"discrepancies\">{}</h2>\n",
            w.discrepancies
        );
        if self.discrepancies.is_empty() {
            body += &format!("<p>{}</p>\n", w.no_discrepancies);
        } else {
            body += &format!(
                "<table class=\"gap\">\n<caption>{} ({})</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
                h(w.discrepancies_intro),
                percent(self.margin),
                w.area,
                h(Group::Handledare.short(lang)),
                h(Group::StLakare.short(lang)),
                w.difference
            );
            for d in &self.discrepancies {
                let text = |id: &str| {
                    self.statement(id)
                        .map(|s| h(if lang == Lang::Sv { &s.sv } else { &s.en }))
                        .unwrap_or_default()
                };
                body += &format!(
                    "<tr><td>{}</td><td>{} {} (<strong>{}</strong>)</td><td>{} {} (<strong>{}</strong>)</td><td>{}</td></tr>\n",
                    d.area,
                    h(&d.handledare.statement),
                    text(&d.handledare.statement),
                    percent(d.handledare.share_positive),
                    h(&d.st_lakare.statement),
                    text(&d.st_lakare.statement),
                    percent(d.st_lakare.share_positive),
                    percent(d.difference)
                );
            }
            body += "</tbody>\n</table>\n";
        }
        body += "</section>\n";
        for area in &self.areas {
            let anchor = format!("area-{}", area.area);
            body += &format!(
                "<section aria-labelledby=\"{anchor}\">\n<h2 id=\"{anchor}\">{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
                h(&area_title(area.area, lang)),
                w.statement,
                w.group,
                w.answers
            );
            for s in Step::ALL {
                body += &format!("<th scope=\"col\">{}</th>", h(s.label(lang)));
            }
            body += &format!("<th scope=\"col\">{}</th></tr></thead>\n", w.share_positive);
            for s in &area.statements {
                let text = if lang == Lang::Sv { &s.sv } else { &s.en };
                body += "<tbody>\n";
                for (i, f) in s.groups.iter().enumerate() {
                    body += "<tr>";
                    if i == 0 {
                        body += &format!(
                            "<th scope=\"rowgroup\" rowspan=\"{}\"><span class=\"id\">{}</span> {}</th>",
                            s.groups.len(),
                            h(&s.id),
                            h(text)
                        );
                    }
                    body += &format!("<th scope=\"row\">{}</th>", h(f.group.label(lang)));
                    if f.suppressed {
                        body += &format!(
                            "<td colspan=\"{}\" class=\"suppressed\">{}</td>",
                            Step::ALL.len() + 2,
                            w.too_few
                        );
                    } else {
                        for c in figure_cells(f, lang) {
                            body += &format!("<td>{}</td>", h(&c));
                        }
                    }
                    body += "</tr>\n";
                }
                body += "</tbody>\n";
            }
            body += "</table>\n";
            if !area.free_texts.is_empty() {
                body += &format!("<h3>{}</h3>\n<ul class=\"free\">\n", w.free_texts);
                for t in &area.free_texts {
                    body += &format!(
                        "<li><em>{}:</em> {}</li>\n",
                        h(t.group.label(lang)),
                        h(&t.text)
                    );
                }
                body += "</ul>\n";
            }
            body += "</section>\n";
        }
        crate::questions::page(lang, w.summary_title, SUMMARY_CSS, &body)
    }

    /// CSV for Swedish Excel (UTF-8 with BOM, `;`): one row per statement and group —
    /// `område;påstående;text;grupp;svar;<the five steps>;andel helt/ganska bra` — then one per
    /// free text (`område;fritext;text;grupp`). A suppressed group's row says "för få svar" in
    /// the answers column and leaves every figure empty; its free texts are not there.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Csv`] only on a defect (it is written to memory).
    pub fn to_csv(&self, lang: Lang) -> Result<Vec<u8>, crate::Error> {
        let w = words(lang);
        let csv_err = |e: csv::Error| crate::Error::Csv(e.to_string());
        let mut writer = crate::csv_writer();
        let mut header = vec![
            w.area.to_string(),
            w.statement.to_string(),
            "text".to_string(),
            w.group.to_string(),
            w.answers.to_string(),
        ];
        header.extend(Step::ALL.iter().map(|s| s.label(lang).to_string()));
        header.push(w.share_positive.to_string());
        writer.write_record(&header).map_err(csv_err)?;
        for area in &self.areas {
            for s in &area.statements {
                let text = if lang == Lang::Sv { &s.sv } else { &s.en };
                for f in &s.groups {
                    let mut row = vec![
                        area.area.to_string(),
                        escape::csv(&s.id).into_owned(),
                        escape::csv(text).into_owned(),
                        f.group.id().to_string(),
                    ];
                    match (f.suppressed, f.counts, f.answers) {
                        (false, Some(c), Some(n)) => {
                            row.push(n.to_string());
                            row.extend(Step::ALL.iter().map(|&st| c.get(st).to_string()));
                            row.push(
                                f.share_positive
                                    .map_or_else(String::new, |p| format!("{p:.2}")),
                            );
                        }
                        _ => {
                            row.push(w.too_few.to_string());
                            row.extend(std::iter::repeat_n(String::new(), Step::ALL.len() + 1));
                        }
                    }
                    writer.write_record(&row).map_err(csv_err)?;
                }
            }
            for t in &area.free_texts {
                let mut row = vec![
                    area.area.to_string(),
                    crate::free_text_id(area.area),
                    escape::csv(&t.text).into_owned(),
                    t.group.id().to_string(),
                ];
                row.extend(std::iter::repeat_n(String::new(), Step::ALL.len() + 2));
                writer.write_record(&row).map_err(csv_err)?;
            }
        }
        writer
            .into_inner()
            .map_err(|e| crate::Error::Csv(e.to_string()))
    }

    /// `Verksamhetschef: 1 (svar redovisas som personens) · Handledare: för få svar · …`
    pub(crate) fn groups_line(&self, lang: Lang) -> String {
        let w = words(lang);
        self.groups
            .iter()
            .map(|g| {
                let label = g.group.label(lang);
                match g.respondents {
                    _ if g.suppressed => format!("{label}: {}", w.too_few),
                    Some(n) if g.individual && n > 0 => {
                        format!("{label}: {n} ({})", w.shown_individually)
                    }
                    Some(n) => format!("{label}: {n}"),
                    None => format!("{label}: {}", w.no_answers),
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The cells after the group: answers, the count of each step, the share. A suppressed group's
/// first cell says so and the rest are dashes.
pub(crate) fn figure_cells(f: &Figures, lang: Lang) -> Vec<String> {
    let w = words(lang);
    match (f.suppressed, f.counts, f.answers) {
        (false, Some(c), Some(n)) => {
            let mut cells = vec![n.to_string()];
            cells.extend(Step::ALL.iter().map(|&s| c.get(s).to_string()));
            cells.push(f.share_positive.map_or_else(|| "–".to_string(), percent));
            cells
        }
        _ => {
            let mut cells = vec![w.too_few.to_string()];
            cells.extend(std::iter::repeat_n("–".to_string(), Step::ALL.len() + 1));
            cells
        }
    }
}

const SUMMARY_CSS: &str = "body{font-family:system-ui,sans-serif;line-height:1.45;margin:0 auto;max-width:72rem;padding:1rem;color:#1a1a1a}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}\
th,td{border:1px solid #999;padding:.3rem .45rem;vertical-align:top;text-align:left}\
thead th{background:#eef;font-size:.85rem}\
th[scope=rowgroup]{font-weight:normal;max-width:28rem}\
th[scope=row]{font-weight:normal;white-space:nowrap}\
td{text-align:right}\
td.suppressed{text-align:left;font-style:italic;color:#444}\
table.gap td{text-align:left}\
caption{text-align:left;font-weight:bold;padding:.25rem 0}\
.id{color:#555;font-size:.85rem}";
