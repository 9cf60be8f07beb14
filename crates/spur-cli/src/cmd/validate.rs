//! `spur validate`: every problem with file:line:col, a caret excerpt and a hint.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use spur_core::messages::{Msg, Text};
use spur_core::{Code, Diagnostic, Format, InspectionDocument, Lang, Strictness, Warnings};

use super::common::{CatalogOpt, Style, stderr_color};
use crate::io::{display_name, read_input};

/// Check inspection documents and report every problem at once.
///
/// Exit status: 0 clean (or warnings only), 1 warnings with --deny-warnings, 2 errors.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  spur validate fixtures/seed-vardcentral.toml\n  spur validate --deny-warnings a.toml b.json\n  spur validate --strictness final a.toml   # ready to publish?\n  cat a.toml | spur validate -"
)]
pub struct Args {
    /// Documents to check (TOML or JSON; `-` reads stdin).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Exit 1 when there are warnings (e.g. unassessed criteria).
    #[arg(long)]
    deny_warnings: bool,
    /// Check as a report at this stage: `preliminary` makes placeholders errors (the report
    /// goes to the unit), `final` everything a published report may not carry. A document
    /// whose `[report] status` is `final` is always checked as final.
    #[arg(long, value_name = "STAGE", default_value = "draft", value_parser = parse_strictness)]
    strictness: Strictness,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
    #[command(flatten)]
    catalog: CatalogOpt,
}

impl Args {
    /// Whether the output is JSON (`--format json`).
    pub fn json(&self) -> bool {
        matches!(self.format, OutFormat::Json)
    }
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum OutFormat {
    Text,
    Json,
}

/// Parse `--strictness` (`draft`, `preliminary`, `final`).
fn parse_strictness(s: &str) -> Result<Strictness, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not a stage: use draft, preliminary or final"))
}

/// Run `spur validate`.
pub fn run(args: Args) -> Result<ExitCode> {
    let library = args.catalog.library()?;
    let lang = crate::lang::current();
    let style = Style { on: stderr_color() };
    let mut errors = 0usize;
    let mut warnings = 0usize;
    let mut json_report = spur_core::ValidationReport::default();
    for path in &args.files {
        let name = display_name(path);
        let diags: Vec<Diagnostic> = match read_input(path) {
            Ok(src) => {
                let format = if path.as_os_str() == "-" {
                    Format::sniff(&src)
                } else {
                    Format::from_path(path)
                };
                let mut checked = InspectionDocument::check_in_at(
                    &src,
                    &name,
                    format,
                    &library,
                    Warnings::Include,
                    args.strictness,
                )
                .checked
                .diagnostics;
                checked.localize(lang);
                checked.0
            }
            Err(e) => {
                crate::io::note(&e.to_string());
                errors += 1;
                continue;
            }
        };
        let (e, w) = spur_core::diagnostic::totals(&diags);
        errors += e;
        warnings += w;
        match args.format {
            OutFormat::Json => json_report.push(name, diags),
            OutFormat::Text => print_text(&name, &diags, style, lang),
        }
    }
    if args.format == OutFormat::Json {
        json_report.errors = errors;
        crate::io::Output::new(None, false).write(json_report.to_json().as_bytes())?;
    } else {
        let summary = Text::new(Msg::FilesSummary)
            .val("files", args.files.len())
            .val("errors", errors)
            .val("warnings", warnings)
            .render(lang);
        let summary = if errors > 0 {
            style.red(&summary)
        } else if warnings > 0 {
            style.yellow(&summary)
        } else {
            style.green(&summary)
        };
        crate::io::note(&summary);
    }
    Ok(if errors > 0 {
        ExitCode::from(2)
    } else if warnings > 0 && args.deny_warnings {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Print problems; unassessed-criterion warnings are folded into one line per area.
fn print_text(name: &str, diags: &[Diagnostic], style: Style, lang: Lang) {
    let mut unassessed: BTreeMap<char, Vec<String>> = BTreeMap::new();
    for d in diags {
        if d.code == Code::Unassessed {
            let id = d
                .path
                .trim_start_matches("findings.")
                .trim_matches('"')
                .to_string();
            unassessed
                .entry(id.chars().next().unwrap_or('?'))
                .or_default()
                .push(id);
            continue;
        }
        crate::io::note(&spur_core::render::diagnostic_in(d, style.on, lang));
    }
    let warning = Msg::Warning.template(lang);
    for (area, ids) in unassessed {
        let criteria = if ids.len() == 1 {
            Msg::CriterionWord
        } else {
            Msg::CriteriaWord
        };
        let line = Text::new(Msg::UnassessedFolded)
            .arg("file", spur_core::escape::terminal(name))
            .val("area", area)
            .val("count", ids.len())
            .arg("criteria", criteria)
            .arg("ids", spur_core::escape::terminal(&ids.join(", ")))
            .render(lang);
        crate::io::note(&format!(
            "{}: {line}\n",
            style.yellow(&format!("{warning}[unassessed]"))
        ));
    }
}
