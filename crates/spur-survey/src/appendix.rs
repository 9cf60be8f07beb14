//! The summary as an appendix to the SPUR report ("Bilaga: förenkät"), in the report's own
//! Markdown or HTML: `spur report … --survey ANSWERS.csv|SUMMARY.json` and
//! `GET /v1/inspections/{id}/report?format=html&survey=true` add it after the HANDLINGSPLAN.
//!
//! The appendix is the same content as [`SurveySummary::to_markdown`] /
//! [`SurveySummary::to_html`] — groups, discrepancies, then per area the statements — with its
//! headings one level down under the appendix heading, and its HTML ids prefixed `survey-` so
//! they cannot collide with the report's own (`area-H`). It renders from the summary alone, so
//! a suppressed group has no figures to show here either.
//!
//! A summary read back from JSON ([`SurveySummary::from_json`]) is first
//! [`sanitized`](SurveySummary::sanitized): a hand-edited file cannot bring a small group's
//! figures into a report.

use spur_core::Lang;

use crate::words::words;
use crate::{Error, Figures, Group, MIN_ANONYMOUS, SurveySummary};

/// The byte offset of 1-based `line` and `column` (in characters) in `text`, clamped.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The report formats the appendix is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppendixFormat {
    /// The report's Markdown.
    Markdown,
    /// The report's standalone HTML.
    Html,
}

/// One part of the appendix as plain text ([`SurveySummary::appendix_parts`]): the report's
/// own type, which its DOCX and PDF render.
pub use spur_report::AppendixPart;

/// The appendix heading.
pub fn appendix_title(lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("Bilaga: {}", words(lang).summary_title),
        Lang::En => format!("Appendix: {}", words(lang).summary_title),
    }
}

impl SurveySummary {
    /// The appendix in Markdown: `## Bilaga: Förenkät: sammanställning`, the summary's
    /// sections as `###`.
    ///
    /// ```
    /// use spur_survey::{Survey, summarize, DEFAULT_MARGIN};
    /// let s = summarize(&Survey::embedded(None).unwrap(), &[], DEFAULT_MARGIN);
    /// let md = s.appendix_markdown(spur_core::Lang::Sv);
    /// assert!(md.starts_with("## Bilaga: Förenkät: sammanställning\n"));
    /// assert!(md.contains("\n### H. "));
    /// ```
    pub fn appendix_markdown(&self, lang: Lang) -> String {
        let full = self.to_markdown(lang);
        let mut out = format!("## {}\n", appendix_title(lang));
        for line in full.lines().skip(1) {
            if line.starts_with('#') {
                out.push('#');
            }
            out += line;
            out.push('\n');
        }
        out
    }

    /// The appendix as an HTML `<section class="appendix survey">` with an `<h2>` and the
    /// summary's sections as `<h3>`; ids prefixed `survey-`.
    ///
    /// ```
    /// use spur_survey::{Survey, summarize, DEFAULT_MARGIN};
    /// let s = summarize(&Survey::embedded(None).unwrap(), &[], DEFAULT_MARGIN);
    /// let html = s.appendix_html(spur_core::Lang::En);
    /// assert!(html.starts_with("<section class=\"appendix survey\""));
    /// assert!(html.contains("id=\"survey-area-H\""));
    /// assert!(!html.contains("<h1"));
    /// ```
    pub fn appendix_html(&self, lang: Lang) -> String {
        let page = self.to_html(lang);
        // The page's body: what is between `<main>\n<h1>…</h1>\n` and `</main>`. Every text in
        // it is escaped, so the tags and attributes below are the renderer's own.
        let body = page
            .split_once("</h1>\n")
            .map_or("", |(_, rest)| rest)
            .rsplit_once("</main>")
            .map_or("", |(body, _)| body);
        let body = body
            .replace("<h3", "<h4")
            .replace("</h3>", "</h4>")
            .replace("<h2", "<h3")
            .replace("</h2>", "</h3>")
            .replace(" id=\"", " id=\"survey-")
            .replace(" aria-labelledby=\"", " aria-labelledby=\"survey-");
        format!(
            "<section class=\"appendix survey\" id=\"survey\" aria-labelledby=\"survey-h\">\n<h2 id=\"survey-h\">{}</h2>\n{body}</section>\n",
            spur_core::escape::html(&appendix_title(lang))
        )
    }

    /// `report` (the report in `format`) with the appendix at its end: in HTML before
    /// `</body>`, in Markdown after a blank line.
    pub fn append_to_report(&self, report: &str, format: AppendixFormat, lang: Lang) -> String {
        match format {
            AppendixFormat::Markdown => {
                let mut out = report.trim_end().to_string();
                out += "\n\n";
                out += &self.appendix_markdown(lang);
                out
            }
            AppendixFormat::Html => {
                let appendix = self.appendix_html(lang);
                match report.rfind("</body>") {
                    Some(i) => format!("{}{appendix}{}", &report[..i], &report[i..]),
                    None => format!("{report}{appendix}"),
                }
            }
        }
    }

    /// The appendix as plain parts (headings, paragraphs, tables, lists; no markup, nothing
    /// escaped) for a renderer of its own — the DOCX and PDF report — with the same content as
    /// [`SurveySummary::appendix_markdown`]. The title is [`appendix_title`].
    ///
    /// ```
    /// use spur_survey::{AppendixPart, Survey, summarize, DEFAULT_MARGIN};
    /// let s = summarize(&Survey::embedded(None).unwrap(), &[], DEFAULT_MARGIN);
    /// let parts = s.appendix_parts(spur_core::Lang::Sv);
    /// assert!(parts.iter().any(|p| matches!(p, AppendixPart::Heading(h) if h.starts_with("H. "))));
    /// ```
    pub fn appendix_parts(&self, lang: Lang) -> Vec<AppendixPart> {
        use crate::words::{area_title, percent};
        let w = words(lang);
        let mut parts = Vec::new();
        if let Some(s) = &self.specialty {
            parts.push(AppendixPart::Paragraph(s.clone()));
        }
        parts.push(AppendixPart::Paragraph(format!(
            "{}: {}",
            w.respondents,
            self.groups_line(lang)
        )));
        if let Some(p) = &self.answered {
            parts.push(AppendixPart::Paragraph(format!(
                "{}: {} – {}",
                w.answered, p.first, p.last
            )));
        }
        parts.push(AppendixPart::Paragraph(format!(
            "{} {}",
            w.summary_intro, w.withheld
        )));
        parts.push(AppendixPart::Heading(w.discrepancies.to_string()));
        let text = |id: &str| {
            self.statement(id)
                .map(|s| {
                    if lang == Lang::Sv {
                        s.sv.clone()
                    } else {
                        s.en.clone()
                    }
                })
                .unwrap_or_default()
        };
        if self.discrepancies.is_empty() {
            parts.push(AppendixPart::Paragraph(w.no_discrepancies.to_string()));
        } else {
            parts.push(AppendixPart::Paragraph(format!(
                "{} ({}):",
                w.discrepancies_intro,
                percent(self.margin)
            )));
            parts.push(AppendixPart::Table {
                heads: vec![
                    w.area.to_string(),
                    Group::Handledare.short(lang).to_string(),
                    Group::StLakare.short(lang).to_string(),
                    w.difference.to_string(),
                ],
                rows: self
                    .discrepancies
                    .iter()
                    .map(|d| {
                        vec![
                            d.area.to_string(),
                            format!(
                                "{} {} ({})",
                                d.handledare.statement,
                                text(&d.handledare.statement),
                                percent(d.handledare.share_positive)
                            ),
                            format!(
                                "{} {} ({})",
                                d.st_lakare.statement,
                                text(&d.st_lakare.statement),
                                percent(d.st_lakare.share_positive)
                            ),
                            percent(d.difference),
                        ]
                    })
                    .collect(),
            });
        }
        let mut heads = vec![
            w.statement.to_string(),
            w.group.to_string(),
            w.answers.to_string(),
        ];
        heads.extend(crate::Step::ALL.iter().map(|s| s.label(lang).to_string()));
        heads.push(w.share_positive.to_string());
        for area in &self.areas {
            parts.push(AppendixPart::Heading(area_title(area.area, lang)));
            let mut rows = Vec::new();
            for s in &area.statements {
                let statement = if lang == Lang::Sv { &s.sv } else { &s.en };
                for (i, f) in s.groups.iter().enumerate() {
                    let mut row = vec![
                        if i == 0 {
                            format!("{} {statement}", s.id)
                        } else {
                            String::new()
                        },
                        f.group.label(lang).to_string(),
                    ];
                    row.extend(crate::render::figure_cells(f, lang));
                    rows.push(row);
                }
            }
            parts.push(AppendixPart::Table {
                heads: heads.clone(),
                rows,
            });
            if !area.free_texts.is_empty() {
                parts.push(AppendixPart::Paragraph(w.free_texts.to_string()));
                parts.push(AppendixPart::List(
                    area.free_texts
                        .iter()
                        .map(|t| format!("{}: {}", t.group.label(lang), t.text))
                        .collect(),
                ));
            }
        }
        parts
    }

    /// A summary read back from its JSON (`spur survey summary --format json`,
    /// `GET …/survey/summary`), [`sanitized`](SurveySummary::sanitized).
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the text is not a survey summary (located, both languages).
    pub fn from_json(text: &str, origin: &str) -> Result<SurveySummary, Error> {
        match serde_json::from_str::<SurveySummary>(text) {
            Ok(s) => Ok(s.sanitized()),
            Err(e) => {
                use spur_core::spanned::syntax_message;
                use spur_core::{Code, Diagnostic, Diagnostics, Location};
                let at = Location::from_span(
                    origin,
                    text,
                    offset(text, e.line(), e.column())..offset(text, e.line(), e.column()),
                );
                let d = Diagnostics(vec![
                    Diagnostic::error(
                        Code::Syntax,
                        "survey summary",
                        syntax_message(format!("invalid JSON: {e}")),
                    )
                    .at(Some(at)),
                ]);
                Err(Error::Invalid(d))
            }
        }
    }

    /// The summary with the anonymity rules applied again: an anonymous group whose overview
    /// is suppressed or counts fewer than [`MIN_ANONYMOUS`] respondents is suppressed
    /// everywhere (its figures, free texts and discrepancies dropped); a statement's figures of
    /// an anonymous group with fewer than [`MIN_ANONYMOUS`] answers are dropped.
    pub fn sanitized(mut self) -> SurveySummary {
        let too_few = |n: Option<usize>| n.is_none_or(|n| n < MIN_ANONYMOUS);
        let mut hidden: Vec<Group> = Vec::new();
        for g in &mut self.groups {
            g.individual = !g.group.is_anonymous();
            if g.group.is_anonymous() && (g.suppressed || too_few(g.respondents)) {
                g.suppressed = true;
                g.respondents = None;
                hidden.push(g.group);
            }
        }
        for area in &mut self.areas {
            for s in &mut area.statements {
                for f in &mut s.groups {
                    if f.group.is_anonymous()
                        && (f.suppressed || hidden.contains(&f.group) || too_few(f.answers))
                    {
                        *f = Figures::suppressed(f.group);
                    }
                }
            }
            area.free_texts.retain(|t| !hidden.contains(&t.group));
        }
        let shown = |id: &str, g: Group, areas: &[crate::AreaSummary]| {
            areas
                .iter()
                .flat_map(|a| &a.statements)
                .find(|s| s.id == id)
                .and_then(|s| s.groups.iter().find(|f| f.group == g))
                .is_some_and(|f| !f.suppressed)
        };
        let areas = self.areas.clone();
        self.discrepancies.retain(|d| {
            shown(&d.handledare.statement, Group::Handledare, &areas)
                && shown(&d.st_lakare.statement, Group::StLakare, &areas)
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DEFAULT_MARGIN, Response, Step, Survey, summarize};

    fn seed(supervisors: usize) -> SurveySummary {
        let survey = Survey::embedded(None).unwrap();
        let mut responses = Vec::new();
        for _ in 0..supervisors {
            responses.push(
                Response::new(Group::Handledare)
                    .answer("H.S2", Step::StammerHelt)
                    .free_text(spur_core::AreaId::H, "Vi ger återkoppling."),
            );
        }
        for _ in 0..4 {
            responses.push(Response::new(Group::StLakare).answer("H.S3", Step::StammerInteAlls));
        }
        summarize(&survey, &responses, DEFAULT_MARGIN)
    }

    #[test]
    fn the_appendix_goes_before_the_end_of_the_report() {
        let s = seed(3);
        let html = s.append_to_report(
            "<html><body><h1>Rapport</h1>\n</body>\n</html>\n",
            AppendixFormat::Html,
            Lang::Sv,
        );
        let at = html.find("<section class=\"appendix survey\"").unwrap();
        assert!(at < html.find("</body>").unwrap());
        assert!(html.contains("<h2 id=\"survey-h\">Bilaga: Förenkät: sammanställning</h2>"));
        assert!(!html.contains("id=\"area-H\""), "ids are prefixed");
        assert!(html.contains("H.S2"));
        let md = s.append_to_report("# Rapport\n\ntext\n", AppendixFormat::Markdown, Lang::Sv);
        assert!(
            md.starts_with("# Rapport\n\ntext\n\n## Bilaga: Förenkät"),
            "{md}"
        );
        assert!(!md.lines().skip(1).any(|l| l.starts_with("# ")), "{md}");
    }

    #[test]
    fn the_appendix_withholds_small_groups() {
        let s = seed(2);
        for text in [s.appendix_markdown(Lang::Sv), s.appendix_html(Lang::Sv)] {
            assert!(text.contains("för få svar"));
            assert!(!text.contains("Vi ger återkoppling"), "{text}");
        }
    }

    #[test]
    fn a_summary_read_back_is_sanitized() {
        let shown = seed(3);
        let back = SurveySummary::from_json(&shown.to_json(), "s.json").unwrap();
        assert_eq!(
            back, shown,
            "a summary as spur wrote it comes back unchanged"
        );
        // A hand-edited file that claims two supervisors but carries their figures.
        let mut edited: serde_json::Value = serde_json::from_str(&shown.to_json()).unwrap();
        for g in edited["groups"].as_array_mut().unwrap() {
            if g["group"] == "handledare" {
                g["respondents"] = 2.into();
            }
        }
        let back = SurveySummary::from_json(&edited.to_string(), "s.json").unwrap();
        assert!(back.group(Group::Handledare).unwrap().suppressed);
        assert!(back.discrepancies.is_empty());
        let h = back.statement("H.S2").unwrap();
        assert!(h.groups.iter().all(|f| f.suppressed && f.counts.is_none()));
        assert!(
            back.area(spur_core::AreaId::H)
                .unwrap()
                .free_texts
                .is_empty()
        );
        let err = SurveySummary::from_json("{}", "s.json").unwrap_err();
        assert!(err.to_string().contains("s.json:1:2"), "{err}");
    }
}
