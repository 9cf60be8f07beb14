//! The survey as a document (`spur survey questions`), for a unit that runs it on paper or in
//! another tool: Markdown, standalone HTML, CSV for Swedish Excel, and JSON
//! ([`Questions::to_json`], schema `docs/schema/survey-questions.schema.json`).

use schemars::JsonSchema;
use serde::Serialize;
use spur_core::escape;
use spur_core::{AreaId, CriterionId, Lang};

use crate::words::{area_title, group_list, words};
use crate::{Error, Group, Step, Survey};

/// The questions of a survey in one language, for one group or all: what every format renders.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Questions {
    /// The statement sets merged (`spur-default` first).
    pub sets: Vec<String>,
    /// The specialty whose statements were added, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specialty: Option<String>,
    /// The language of the texts: `sv` or `en`.
    pub lang: String,
    /// The group the questions were chosen for; absent when they are every group's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
    /// The answer scale, in order, in the chosen language.
    pub scale: Vec<ScaleStep>,
    /// The areas that have statements, in order, each with its free-text field.
    pub areas: Vec<QuestionArea>,
    /// Every statement, in survey order (by area).
    pub statements: Vec<Question>,
}

/// A step of the answer scale.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ScaleStep {
    /// The step's id, as answers are written (`stammer_helt`).
    pub id: Step,
    /// The number on a paper form: 1–4, 0 for "Ej relevant".
    pub number: u8,
    /// The step's words in the chosen language.
    pub text: String,
}

/// An area of the questions, with its optional free text.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct QuestionArea {
    /// The area letter.
    pub area: AreaId,
    /// The area's title in the chosen language (`H. Ledarskapskompetens och kommunikativ
    /// kompetens`).
    pub title: String,
    /// The id of the area's free-text answer (`H.fritext`).
    pub free_text_id: String,
    /// The free-text prompt in the chosen language.
    pub free_text: String,
}

/// A statement of the questions.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Question {
    /// The statement id (`E.S1`).
    pub id: String,
    /// The area letter.
    pub area: AreaId,
    /// The groups the statement is put to.
    pub groups: Vec<Group>,
    /// The statement in the chosen language.
    pub text: String,
    /// The catalog criteria it is derived from.
    pub criteria: Vec<CriterionId>,
}

/// The id of `area`'s free-text answer: `H.fritext`.
pub fn free_text_id(area: AreaId) -> String {
    format!("{area}.fritext")
}

impl Questions {
    /// The questions of `survey` in `lang`, for `group` (every statement put to it) or for
    /// every group.
    ///
    /// ```
    /// use spur_core::Lang;
    /// use spur_survey::{Group, Questions, Survey};
    /// let survey = Survey::embedded(None).unwrap();
    /// let q = Questions::new(&survey, Some(Group::StLakare), Lang::Sv);
    /// assert!(q.statements.iter().any(|s| s.text == "Jag har en utsedd huvudansvarig handledare."));
    /// assert!(q.statements.iter().all(|s| s.groups.contains(&Group::StLakare)));
    /// assert_eq!(q.scale[0].text, "Stämmer helt");
    /// ```
    pub fn new(survey: &Survey, group: Option<Group>, lang: Lang) -> Questions {
        let w = words(lang);
        let statements: Vec<Question> = survey
            .statements
            .iter()
            .filter(|s| group.is_none_or(|g| s.is_for(g)))
            .map(|s| Question {
                id: s.id.clone(),
                area: s.area,
                groups: s.groups.clone(),
                text: s.text(lang).to_string(),
                criteria: s.criteria.clone(),
            })
            .collect();
        let areas = AreaId::ALL
            .into_iter()
            .filter(|a| statements.iter().any(|s| s.area == *a))
            .map(|area| QuestionArea {
                area,
                title: area_title(area, lang),
                free_text_id: free_text_id(area),
                free_text: w.free_text.to_string(),
            })
            .collect();
        Questions {
            sets: survey.sets.clone(),
            specialty: survey.specialty.clone(),
            lang: lang.code().to_string(),
            group,
            scale: Step::ALL
                .iter()
                .map(|&s| ScaleStep {
                    id: s,
                    number: s.number(),
                    text: s.label(lang).to_string(),
                })
                .collect(),
            areas,
            statements,
        }
    }

    fn lang(&self) -> Lang {
        self.lang.parse().unwrap_or_default()
    }

    /// The statements of `area`.
    fn in_area(&self, area: AreaId) -> impl Iterator<Item = &Question> {
        self.statements.iter().filter(move |s| s.area == area)
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        crate::pretty_json(self)
    }

    /// Markdown: a paper form, per area a numbered list of statements with the scale's boxes
    /// and the free-text line.
    pub fn to_markdown(&self) -> String {
        let lang = self.lang();
        let w = words(lang);
        let mut out = format!("# {}\n\n", w.title);
        if let Some(g) = self.group {
            out += &format!(
                "**{}:** {}\n\n",
                w.group,
                escape::markdown_inline(g.label(lang))
            );
        }
        if let Some(s) = &self.specialty {
            out += &format!("*{}*\n\n", escape::markdown_inline(s));
        }
        out += &format!("{}\n\n", w.intro);
        out += &format!("{}\n\n", w.anonymity);
        if matches!(
            self.group,
            Some(Group::Verksamhetschef | Group::Studierektor)
        ) {
            out += &format!("{}\n\n", w.shown_as_theirs);
        }
        out += &format!("**{}:** ", w.scale);
        out += &self
            .scale
            .iter()
            .map(scale_step_label)
            .collect::<Vec<_>>()
            .join(" · ");
        out += "\n";
        for area in &self.areas {
            out += &format!("\n## {}\n\n", escape::markdown_inline(&area.title));
            for q in self.in_area(area.area) {
                out += &format!(
                    "- **{}** {}",
                    escape::markdown_inline(&q.id),
                    escape::markdown_inline(&q.text)
                );
                if self.group.is_none() {
                    out += &format!(
                        " *({})*",
                        escape::markdown_inline(&group_list(&q.groups, lang))
                    );
                }
                out += "\\\n  ";
                out += &self
                    .scale
                    .iter()
                    .map(|s| format!("☐ {}", scale_step_label(s)))
                    .collect::<Vec<_>>()
                    .join("  ");
                out += "\n";
            }
            out += &format!(
                "\n*{}* ({}): \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\n",
                area.free_text,
                escape::markdown_inline(&area.free_text_id)
            );
        }
        out
    }

    /// CSV for Swedish Excel (UTF-8 with BOM, `;`, CRLF): one row per statement, then one row
    /// per area for its free text (id `H.fritext`), with the headers in the chosen language.
    ///
    /// # Errors
    ///
    /// [`Error::Csv`] when the CSV writer fails (it writes to memory, so only on a defect).
    pub fn to_csv(&self) -> Result<Vec<u8>, Error> {
        let lang = self.lang();
        let w = words(lang);
        let mut writer = crate::csv_writer();
        let header = ["id", w.area, w.groups, w.statement, w.criteria];
        let csv_err = |e: csv::Error| Error::Csv(e.to_string());
        writer.write_record(header).map_err(csv_err)?;
        for q in &self.statements {
            let groups = q
                .groups
                .iter()
                .map(|g| g.id())
                .collect::<Vec<_>>()
                .join(", ");
            let criteria = q
                .criteria
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            writer
                .write_record([
                    escape::csv(&q.id).as_ref(),
                    &q.area.to_string(),
                    &groups,
                    escape::csv(&q.text).as_ref(),
                    &criteria,
                ])
                .map_err(csv_err)?;
        }
        for area in &self.areas {
            writer
                .write_record([
                    area.free_text_id.as_str(),
                    &area.area.to_string(),
                    "",
                    escape::csv(&area.free_text).as_ref(),
                    "",
                ])
                .map_err(csv_err)?;
        }
        writer.into_inner().map_err(|e| Error::Csv(e.to_string()))
    }

    /// A standalone, printable HTML page: per area a table whose rows are statements and whose
    /// columns are the scale's steps (header cells scoped for screen readers), and the area's
    /// free-text field.
    pub fn to_html(&self) -> String {
        let lang = self.lang();
        let w = words(lang);
        let h = escape::html;
        let mut body = String::new();
        if let Some(g) = self.group {
            body += &format!(
                "<p><strong>{}:</strong> {}</p>\n",
                w.group,
                h(g.label(lang))
            );
        }
        if let Some(s) = &self.specialty {
            body += &format!("<p><em>{}</em></p>\n", h(s));
        }
        body += &format!("<p>{}</p>\n<p>{}</p>\n", h(w.intro), h(w.anonymity));
        if matches!(
            self.group,
            Some(Group::Verksamhetschef | Group::Studierektor)
        ) {
            body += &format!("<p>{}</p>\n", h(w.shown_as_theirs));
        }
        body += &format!("<p><strong>{}:</strong> ", w.scale);
        body += &self
            .scale
            .iter()
            .map(|s| h(&scale_step_label(s)))
            .collect::<Vec<_>>()
            .join(" · ");
        body += "</p>\n";
        for area in &self.areas {
            let anchor = format!("area-{}", area.area);
            body += &format!(
                "<section aria-labelledby=\"{anchor}\">\n<h2 id=\"{anchor}\">{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th>",
                h(&area.title),
                w.statement
            );
            if self.group.is_none() {
                body += &format!("<th scope=\"col\">{}</th>", w.groups);
            }
            for s in &self.scale {
                body += &format!("<th scope=\"col\" class=\"step\">{}</th>", h(&s.text));
            }
            body += "</tr></thead>\n<tbody>\n";
            for q in self.in_area(area.area) {
                body += &format!(
                    "<tr><th scope=\"row\"><span class=\"id\">{}</span> {}</th>",
                    h(&q.id),
                    h(&q.text)
                );
                if self.group.is_none() {
                    body += &format!("<td>{}</td>", h(&group_list(&q.groups, lang)));
                }
                for _ in &self.scale {
                    body += "<td class=\"box\" aria-hidden=\"true\">☐</td>";
                }
                body += "</tr>\n";
            }
            body += &format!(
                "</tbody>\n</table>\n<p class=\"free\">{} <span class=\"id\">({})</span></p>\n<div class=\"lines\" aria-hidden=\"true\"></div>\n</section>\n",
                h(&area.free_text),
                h(&area.free_text_id)
            );
        }
        page(lang, w.title, QUESTIONS_CSS, &body)
    }
}

fn scale_step_label(s: &ScaleStep) -> String {
    if s.number == 0 {
        s.text.clone()
    } else {
        format!("{} {}", s.number, s.text)
    }
}

const QUESTIONS_CSS: &str = "body{font-family:system-ui,sans-serif;line-height:1.45;margin:0 auto;max-width:60rem;padding:1rem;color:#1a1a1a}\
table{border-collapse:collapse;width:100%;margin:.5rem 0}\
th,td{border:1px solid #888;padding:.35rem .5rem;vertical-align:top;text-align:left}\
thead th{background:#eef;font-size:.85rem}\
th[scope=row]{font-weight:normal}\
.step,.box{text-align:center;width:5.5rem}\
.id{color:#555;font-size:.85rem}\
.lines{border-bottom:1px solid #888;height:3rem;margin-bottom:1.5rem}\
@media print{body{max-width:none}section{break-inside:avoid}}";

/// A standalone HTML page around `body`.
pub(crate) fn page(lang: Lang, title: &str, css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n{body}</main>\n</body>\n</html>\n",
        lang.code(),
        escape::html(title),
        escape::html(title)
    )
}
