//! `spur survey`: the pre-visit survey — the questions as a document, and the summary of
//! answers collected elsewhere.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_survey::{AnswerSheet, DEFAULT_MARGIN, Group, Questions, Survey, summarize};

use crate::io::{bad_input, display_name, note, read_input};

/// The pre-visit survey (förenkäten): statements per area for the verksamhetschef, the
/// studierektor, the supervisors (handledare) and the ST-läkare.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  spur survey questions --group handledare --format md\n  spur survey summary fixtures/survey/seed-area-h.csv --format json"
)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    Questions(QuestionsArgs),
    Summary(SummaryArgs),
}

/// The survey as a document, for a unit that runs it on paper or in another tool: every
/// statement (or a group's), the answer scale and a free-text field per area. Swedish unless
/// --lang en.
#[derive(clap::Args)]
#[command(
    after_help = "Groups: verksamhetschef, studierektor, handledare, st-lakare.\n\nExamples:\n  spur survey questions --group st-lakare --format html -o enkat-st.html\n  spur survey questions --specialty allmänmedicin --lang en --format json"
)]
pub struct QuestionsArgs {
    /// Only the statements put to this group.
    #[arg(long, value_name = "GROUP", value_parser = parse_group)]
    group: Option<Group>,
    /// Add the specialty's statements, when it has a set of its own.
    #[arg(long, value_name = "SPECIALTY")]
    specialty: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QuestionsFormat::Md)]
    format: QuestionsFormat,
    #[command(flatten)]
    output: super::common::OutputOpt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum QuestionsFormat {
    /// Markdown: a paper form.
    #[value(alias = "markdown")]
    Md,
    /// Standalone, printable HTML.
    Html,
    /// CSV for Swedish Excel (UTF-8 with BOM, `;`).
    Csv,
    /// Pretty JSON (`spur_survey::Questions`, docs/schema/survey-questions.schema.json).
    Json,
}

/// Summarise answers collected elsewhere (CSV): per area, statement and group the counts per
/// step and the share "stämmer helt/ganska bra"; supervisors or ST-läkare with fewer than 3
/// answers are shown as "för få svar" and their figures withheld; pairs where supervisors and
/// ST-läkare differ by the margin are flagged.
#[derive(clap::Args)]
#[command(
    after_help = "The CSV has a header row and one row per answer: respondent;group;statement;answer;date (Swedish: svarande;grupp;påstående;svar;datum; date may be left out). `statement` is a statement id (H.S3) or H.fritext for area H's free text; `answer` is a step (stammer_helt … ej_relevant, its words or 1–4/0) or the free text. See docs/survey.md.\n\nExamples:\n  spur survey summary fixtures/survey/seed-area-h.csv\n  spur survey summary fixtures/survey/seed-area-h.csv --format html -o s.html"
)]
pub struct SummaryArgs {
    /// The answers (CSV; `-` reads stdin).
    answers: PathBuf,
    /// The difference in share "helt/ganska bra" between supervisors and ST-läkare on a pair
    /// that counts as a discrepancy (0–1).
    #[arg(long, value_name = "M", default_value_t = DEFAULT_MARGIN, value_parser = parse_margin)]
    margin: f64,
    /// The specialty whose statements were asked too.
    #[arg(long, value_name = "SPECIALTY")]
    specialty: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Md)]
    format: SummaryFormat,
    #[command(flatten)]
    output: super::common::OutputOpt,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum SummaryFormat {
    /// Markdown.
    #[value(alias = "markdown")]
    Md,
    /// Standalone HTML for the inspectors.
    Html,
    /// Pretty JSON (`spur_survey::SurveySummary`, docs/schema/survey-summary.schema.json).
    Json,
    /// CSV for Swedish Excel (UTF-8 with BOM, `;`): a row per statement and group.
    Csv,
}

fn parse_group(s: &str) -> Result<Group, String> {
    Group::from_name(s).ok_or_else(|| {
        format!("`{s}` is not a survey group: use verksamhetschef, studierektor, handledare or st-lakare")
    })
}

fn parse_margin(s: &str) -> Result<f64, String> {
    match s.trim().replace(',', ".").parse::<f64>() {
        Ok(m) if (0.0..=1.0).contains(&m) && m.is_finite() => Ok(m),
        _ => Err(format!(
            "`{s}` is not a margin: give a share from 0 to 1, e.g. 0.34"
        )),
    }
}

/// Problems as located text in the run's language, exit 2.
fn invalid(diags: spur_core::Diagnostics) -> anyhow::Error {
    let lang = crate::lang::current();
    let errors: Vec<_> = diags.0.into_iter().filter(|d| d.is_error()).collect();
    bad_input(format!(
        "{}{}",
        spur_core::render::diagnostics_in(&errors, false, lang),
        spur_core::messages::Text::new(spur_core::messages::Msg::Summary)
            .val("errors", spur_core::diagnostic::totals(&errors).0)
            .val("warnings", 0)
            .render(lang)
    ))
}

fn survey(specialty: Option<&str>) -> Result<Survey> {
    Survey::embedded(specialty).map_err(|e| match e {
        spur_survey::Error::Invalid(d) => invalid(d),
        e => bad_input(e.to_string()),
    })
}

/// Run `spur survey`.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Sub::Questions(a) => questions(a),
        Sub::Summary(a) => summary(a),
    }
}

fn questions(args: QuestionsArgs) -> Result<ExitCode> {
    let survey = survey(args.specialty.as_deref())?;
    let q = Questions::new(&survey, args.group, crate::lang::current());
    let bytes = match args.format {
        QuestionsFormat::Md => q.to_markdown().into_bytes(),
        QuestionsFormat::Html => q.to_html().into_bytes(),
        QuestionsFormat::Csv => q.to_csv()?,
        QuestionsFormat::Json => q.to_json().into_bytes(),
    };
    args.output.open().write(&bytes)?;
    Ok(ExitCode::SUCCESS)
}

fn summary(args: SummaryArgs) -> Result<ExitCode> {
    let survey = survey(args.specialty.as_deref())?;
    let source = read_input(&args.answers)?;
    let checked = AnswerSheet::check(&source, &display_name(&args.answers), &survey);
    let sheet = match checked.into_result() {
        Ok((sheet, warnings)) => {
            let lang = crate::lang::current();
            for w in &warnings.0 {
                note(spur_core::render::diagnostic_in(w, false, lang).trim_end());
            }
            sheet
        }
        Err(spur_survey::Error::Invalid(d)) => return Err(invalid(d)),
        Err(e) => return Err(bad_input(e.to_string())),
    };
    let summary = summarize(&survey, &sheet.responses, args.margin);
    let lang = crate::lang::current();
    let bytes = match args.format {
        SummaryFormat::Md => summary.to_markdown(lang).into_bytes(),
        SummaryFormat::Html => summary.to_html(lang).into_bytes(),
        SummaryFormat::Json => summary.to_json().into_bytes(),
        SummaryFormat::Csv => summary.to_csv(lang)?,
    };
    args.output.open().write(&bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// The survey summary for `spur report --survey FILE`: a summary as JSON (`spur survey summary
/// --format json`, `GET …/survey/summary`; read back with the anonymity rules applied again)
/// or answers as CSV (summarised with the default margin and the document's specialty when it
/// has statements of its own).
pub fn summary_for_report(
    path: &std::path::Path,
    specialty: Option<&str>,
) -> Result<spur_survey::SurveySummary> {
    let source = read_input(path)?;
    let name = display_name(path);
    if source.trim_start().starts_with('{') {
        return spur_survey::SurveySummary::from_json(&source, &name).map_err(|e| match e {
            spur_survey::Error::Invalid(d) => invalid(d),
            e => bad_input(e.to_string()),
        });
    }
    let survey = Survey::embedded(specialty).or_else(|_| survey(None))?;
    let sheet = match AnswerSheet::check(&source, &name, &survey).into_result() {
        Ok((sheet, _)) => sheet,
        Err(spur_survey::Error::Invalid(d)) => return Err(invalid(d)),
        Err(e) => return Err(bad_input(e.to_string())),
    };
    Ok(summarize(&survey, &sheet.responses, DEFAULT_MARGIN))
}
