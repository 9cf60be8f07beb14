//! Rendering the overview: table, JSON, CSV and self-contained HTML with an SVG heat map.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use maud::{DOCTYPE, Markup, PreEscaped, Render, html};
use spur_core::{AreaId, Lang, Regulation, Wording as _};
use spur_grading::marks::{self, MarkClass};

use crate::Error;
use crate::dates::opt;
use crate::overview::{
    GradeMatrix, MissingPlan, NOT_TRAINED, OverdueEntry, Overview, Reinspection, UnitRow, UnitTrend,
};
use crate::render::{csv_cell, html_escape as h, write_text_table};

fn ymd(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn plan_text(row: &UnitRow, lang: Lang) -> String {
    match (row.plan_received, row.handlingsplan_required) {
        (Some(d), _) => Says::Received.say(lang, &[("date", &ymd(d))]),
        (None, true) => Says::Missing.template(lang).into(),
        (None, false) => "-".into(),
    }
}

spur_core::phrases! {
    /// The words of the overview in one language.
    enum Says {
        HtmlLang => "en",
            "sv";
        Title => "SPUR regional overview — as of {date} — {units} unit(s) from {files} file(s)",
            "SPUR regional översikt — per {date} — {units} enhet(er) från {files} fil(er)";
        Heading => "SPUR regional overview",
            "SPUR regional översikt";
        CouldNotRead => ", {count} could not be read",
            ", {count} kunde inte läsas";
        HtmlAsOf => "As of <strong>{date}</strong>: {units} unit(s) from {files} file(s){unread}.",
            "Per <strong>{date}</strong>: {units} enhet(er) från {files} fil(er){unread}.";
        Legend => "Final grades per area: SOSFS 2015:8 / HSLF-FS 2021:8 (- not trained under; A–D grade, D→C adjusted after the action plan was received, B–D provisional, * set by the inspector, – not graded)",
            "Slutlig gradering per område: SOSFS 2015:8 / HSLF-FS 2021:8 (- utbildar inte enligt; A–D gradering, D→C justerad efter inkommen handlingsplan, B–D preliminär, * satt av inspektören, – ej bedömd)";
        Unit => "Unit",
            "Enhet";
        Region => "Region",
            "Region";
        Visit => "Visit",
            "Besök";
        Plan => "Plan",
            "Handlingsplan";
        Overdue => "Overdue",
            "Försenade";
        Reinspection => "Re-inspection",
            "Ny inspektion";
        Received => "received {date}",
            "inkommen {date}";
        Missing => "MISSING",
            "SAKNAS";
        DueSince => "due since {date}",
            "borde ha skett {date}";
        MissingPlan => "Units with a D and no received handlingsplan",
            "Enheter med D och utan inkommen handlingsplan";
        DIn => "D in",
            "D i";
        File => "File",
            "Fil";
        OverdueEntries => "Overdue plan entries",
            "Försenade åtgärder i handlingsplaner";
        Criterion => "Criterion",
            "Kriterium";
        State => "State",
            "Läge";
        Due => "Due",
            "Genomförd senast";
        FollowUp => "Follow-up",
            "Uppföljning";
        DaysOver => "Days over",
            "Dagar över";
        NextBy => "Due",
            "Senast";
        ReinspectionDue => "Units due for re-inspection (visit more than {years} years ago)",
            "Enheter som ska inspekteras igen (besök för mer än {years} år sedan)";
        Unreadable => "Files that could not be read",
            "Filer som inte kunde läsas";
        Error => "Error",
            "Fel";
        FinalGrades => "Final grades",
            "Slutlig gradering";
        None => "None.",
            "Inga.";
        Trends => "Trend per unit inspected more than once (oldest → newest)",
            "Utveckling per enhet som inspekterats flera gånger (äldst → nyast)";
        Area => "Area",
            "Område";
        Change => "Change",
            "Förändring";
    }
}

fn pair(m: &GradeMatrix, a: AreaId) -> String {
    format!(
        "{}/{}",
        m.cell_text(a, Regulation::Sosfs2015_8),
        m.cell_text(a, Regulation::HslfFs2021_8)
    )
}

/// The trend of one unit as a table: a row per area, a column per visit (oldest first), then
/// the change from the oldest to the newest.
fn trend_table(t: &UnitTrend, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headers = vec![Says::Area.template(lang).to_string()];
    headers.extend(t.visits.iter().map(|v| ymd(v.visit_date)));
    headers.push(Says::Change.template(lang).to_string());
    let rows = t
        .areas
        .iter()
        .map(|a| {
            let mut r = vec![a.area.to_string()];
            r.extend(a.marks.iter().cloned());
            r.push(a.change.label(lang).to_string());
            r
        })
        .collect();
    (headers, rows)
}

fn trend_title(t: &UnitTrend) -> String {
    match &t.region {
        Some(r) => format!("{} ({r})", t.unit),
        None => t.unit.clone(),
    }
}

impl Overview {
    /// Compact JSON (one line, ending in a newline): the shape documented on the fields.
    pub fn to_json(&self) -> String {
        into_string(|w| self.write_json(w))
    }

    /// [`Overview::to_json`] streamed to `out`.
    ///
    /// # Errors
    ///
    /// When writing to `out` fails.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer(&mut *out, self)?;
        out.write_all(b"\n")
    }

    /// JSON Schema of [`Overview::to_json`].
    pub fn json_schema() -> String {
        spur_core::schema::generate::<Overview>("overview", spur_core::schema::Direction::Output)
    }

    /// A plain-text report: the grade matrix, then the lists, then the unreadable files.
    pub fn to_table(&self) -> String {
        self.to_table_in(Lang::En)
    }

    fn unread(&self, lang: Lang) -> String {
        if self.errors.is_empty() {
            String::new()
        } else {
            Says::CouldNotRead.say(lang, &[("count", &self.errors.len().to_string())])
        }
    }

    /// [`Overview::to_table`] in `lang`.
    pub fn to_table_in(&self, lang: Lang) -> String {
        into_string(|w| self.write_table_in(lang, w))
    }

    /// [`Overview::to_table_in`] streamed to `out`: the long tables are written line by line,
    /// so the text of 10 000 units is never held whole. Every text is escaped for a terminal.
    ///
    /// # Errors
    ///
    /// When writing to `out` fails.
    pub fn write_table_in(&self, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
        let put = |out: &mut dyn Write, text: &str| {
            out.write_all(spur_core::escape::terminal(text).as_bytes())
        };
        let title = Says::Title.say(
            lang,
            &[
                ("date", &ymd(self.as_of)),
                ("units", &self.units.len().to_string()),
                ("files", &self.files.to_string()),
            ],
        );
        put(out, &title)?;
        put(out, &self.unread(lang))?;
        put(out, "\n\n")?;
        put(out, Says::Legend.template(lang))?;
        put(out, "\n\n")?;
        let mut headers = vec![
            Says::Unit.template(lang),
            Says::Region.template(lang),
            Says::Visit.template(lang),
        ];
        let letters: Vec<String> = AreaId::ALL.iter().map(ToString::to_string).collect();
        headers.extend(letters.iter().map(String::as_str));
        headers.extend([
            Says::Plan.template(lang),
            Says::Overdue.template(lang),
            Says::Reinspection.template(lang),
        ]);
        write_text_table(out, &headers, || {
            self.units.iter().map(|r| unit_cells(r, lang))
        })?;

        if !self.trends.is_empty() {
            put(
                out,
                &format!("\n{}: {}\n", Says::Trends.template(lang), self.trends.len()),
            )?;
            for t in &self.trends {
                put(out, &format!("\n{}\n", trend_title(t)))?;
                let (headers, rows) = trend_table(t, lang);
                let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                write_text_table(out, &headers, || rows.iter().cloned())?;
            }
        }

        put(
            out,
            &format!(
                "\n{}: {}\n",
                Says::MissingPlan.template(lang),
                self.missing_plan.len()
            ),
        )?;
        if !self.missing_plan.is_empty() {
            write_text_table(out, &missing_plan_headers(lang), || {
                self.missing_plan.iter().map(missing_plan_cells)
            })?;
        }

        put(
            out,
            &format!(
                "\n{}: {}\n",
                Says::OverdueEntries.template(lang),
                self.overdue_entries.len()
            ),
        )?;
        if !self.overdue_entries.is_empty() {
            write_text_table(out, &overdue_headers(lang), || {
                self.overdue_entries.iter().map(|e| overdue_cells(e, lang))
            })?;
        }

        put(
            out,
            &format!(
                "\n{}: {}\n",
                Says::ReinspectionDue.say(lang, &[("years", &self.reinspect_years.to_string())]),
                self.reinspection_due.len()
            ),
        )?;
        if !self.reinspection_due.is_empty() {
            write_text_table(out, &reinspection_headers(lang), || {
                self.reinspection_due.iter().map(reinspection_cells)
            })?;
        }

        if !self.errors.is_empty() {
            put(
                out,
                &format!(
                    "\n{}: {}\n",
                    Says::Unreadable.template(lang),
                    self.errors.len()
                ),
            )?;
            for e in &self.errors {
                put(out, &format!("  {}: {}\n", e.file, e.error))?;
            }
        }
        Ok(())
    }

    /// CSV for spreadsheets: `;`-separated, UTF-8 with a byte-order mark, one row per unit,
    /// formula-like cells neutralised with a leading `'` (see [`crate::csv_cell`]). Grade
    /// cells are empty when the unit does not train under the regulation and `not graded`
    /// when the area has nothing applicable. The columns `A trend` … `H trend` show, on each row
    /// of a unit inspected more than once, its grades over the visits (`2021-03-10: C/- →
    /// 2025-11-12: B/A`). Unreadable files are not in the CSV.
    ///
    /// # Errors
    ///
    /// [`Error::Csv`] when the CSV writer fails (it writes to memory, so only on a bug).
    pub fn to_csv(&self) -> Result<Vec<u8>, Error> {
        let mut buf = Vec::new();
        self.write_csv(&mut buf)?;
        Ok(buf)
    }

    /// [`Overview::to_csv`] streamed to `out`, row by row.
    ///
    /// # Errors
    ///
    /// [`Error::Csv`] when writing to `out` fails.
    pub fn write_csv(&self, out: &mut dyn Write) -> Result<(), Error> {
        out.write_all("\u{feff}".as_bytes())
            .map_err(|e| Error::Csv(e.into()))?;
        // Each unit's trend, found by what makes rows visits of one unit.
        let trends: HashMap<(&str, Option<&str>), &UnitTrend> = self
            .trends
            .iter()
            .map(|t| ((t.unit.as_str(), t.region.as_deref()), t))
            .collect();
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(b';')
                .terminator(csv::Terminator::CRLF)
                .from_writer(out);
            let mut header: Vec<String> = [
                "unit",
                "region",
                "specialty",
                "file",
                "visit_date",
                "regulations",
            ]
            .map(String::from)
            .to_vec();
            for a in AreaId::ALL {
                for r in Regulation::ALL {
                    header.push(format!("{a} {}", r.designation()));
                }
            }
            header.extend(
                [
                    "worst",
                    "provisional_areas",
                    "adjusted_areas",
                    "handlingsplan_required",
                    "plan_received",
                    "plan_entries",
                    "overdue_entries",
                    "reinspection_due",
                    "reinspection_overdue",
                ]
                .map(String::from),
            );
            // The unit's trend when it was inspected more than once: the grades per area over
            // the visits, oldest first (the same on each of its rows).
            header.extend(AreaId::ALL.iter().map(|a| format!("{a} trend")));
            w.write_record(&header)?;
            for row in &self.units {
                let join_areas = |v: &[AreaId]| {
                    v.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let mut rec: Vec<String> = vec![
                    row.unit.clone(),
                    row.region.clone().unwrap_or_default(),
                    row.specialty.clone().unwrap_or_default(),
                    row.file.clone(),
                    ymd(row.visit_date),
                    row.regulations
                        .iter()
                        .map(|r| r.designation())
                        .collect::<Vec<_>>()
                        .join(", "),
                ];
                for a in AreaId::ALL {
                    for r in Regulation::ALL {
                        rec.push(if !row.grades.trains_under(r) {
                            String::new()
                        } else {
                            row.grades
                                .grade(a, r)
                                .map_or_else(|| "not graded".into(), |g| g.to_string())
                        });
                    }
                }
                rec.push(row.worst.map_or_else(String::new, |g| g.to_string()));
                rec.push(join_areas(&row.provisional_areas));
                rec.push(join_areas(&row.adjusted_areas));
                rec.push(row.handlingsplan_required.to_string());
                rec.push(row.plan_received.map_or_else(String::new, ymd));
                rec.push(row.plan_entries.to_string());
                rec.push(row.overdue_entries().to_string());
                rec.push(ymd(row.reinspection_due));
                rec.push(row.reinspection_overdue.to_string());
                let trend = trends
                    .get(&(row.unit.trim(), row.region.as_deref()))
                    .copied();
                for i in 0..AreaId::ALL.len() {
                    rec.push(trend.map_or_else(String::new, |t| {
                        let dates = t.visits.iter().map(|v| ymd(v.visit_date));
                        dates
                            .zip(&t.areas[i].marks)
                            .map(|(d, m)| format!("{d}: {m}"))
                            .collect::<Vec<_>>()
                            .join(" → ")
                    }));
                }
                w.write_record(rec.iter().map(|c| csv_cell(c).into_owned()))?;
            }
            w.flush().map_err(|e| Error::Csv(e.into()))?;
        }
        Ok(())
    }

    /// A self-contained HTML page (no external resources): an SVG heat map of the final grades
    /// (colour-blind-safe ColorBrewer RdYlBu palette, the grade letter in every cell), then the
    /// lists. All document text is escaped.
    pub fn to_html(&self) -> String {
        self.to_html_in(Lang::En)
    }

    /// [`Overview::to_html`] in `lang` (headings and labels; the heat map's tooltips stay
    /// English).
    pub fn to_html_in(&self, lang: Lang) -> String {
        into_string(|w| self.write_html_in(lang, w))
    }

    /// [`Overview::to_html_in`] streamed to `out`: the heat map row by row and each trend and
    /// list on its own, so the page of 10 000 units is never held whole.
    ///
    /// # Errors
    ///
    /// When writing to `out` fails.
    pub fn write_html_in(&self, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
        // The page's frame around a marker for the body, which is written in pieces between.
        const BODY: &str = "\u{0}body\u{0}";
        let frame = html! {
            (DOCTYPE) (NL)
            html lang=(Says::HtmlLang.template(lang)) {
                (NL)
                head {
                    (NL)
                    meta charset="utf-8"; (NL)
                    title { (t(Says::Heading.template(lang))) " " (ymd(self.as_of)) } (NL)
                    (PreEscaped(STYLE))
                }
                (NL)
                body { (NL) (PreEscaped(BODY)) }
                (NL)
            }
            (NL)
        }
        .into_string();
        let (before, after) = frame.split_once(BODY).unwrap_or((&frame, ""));
        out.write_all(before.as_bytes())?;
        self.write_html_body(lang, out)?;
        out.write_all(after.as_bytes())
    }

    fn write_html_body(&self, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
        let put = |out: &mut dyn Write, markup: Markup| out.write_all(markup.0.as_bytes());
        let as_of = Says::HtmlAsOf.say(
            lang,
            &[
                ("date", &ymd(self.as_of)),
                ("units", &self.units.len().to_string()),
                ("files", &self.files.to_string()),
                ("unread", &self.unread(lang)),
            ],
        );
        put(
            out,
            html! {
                h1 { (t(Says::Heading.template(lang))) } (NL)
                // The phrase carries `<strong>` around the date; its values are a date and counts.
                p { (PreEscaped(&as_of)) } (NL)
                h2 { (t(Says::FinalGrades.template(lang))) } (NL)
            },
        )?;
        // The SVG is written by `heat_map`, which escapes every text it writes.
        heat_map(out, &self.units)?;
        if !self.trends.is_empty() {
            put(
                out,
                html! {
                    (PreEscaped("<section class=\"trends\">")) (NL)
                    h2 { (t(Says::Trends.template(lang))) " (" (self.trends.len()) ")" } (NL)
                },
            )?;
            for trend in &self.trends {
                put(
                    out,
                    html! {
                        h3 { (t(&trend_title(trend))) } (NL)
                        (trend_html(trend, lang))
                    },
                )?;
            }
            put(out, html! { (PreEscaped("</section>")) (NL) })?;
        }
        let reinspection_title =
            Says::ReinspectionDue.say(lang, &[("years", &self.reinspect_years.to_string())]);
        put(
            out,
            html! { h2 { (t(Says::MissingPlan.template(lang))) " (" (self.missing_plan.len()) ")" } (NL) },
        )?;
        write_table(
            out,
            lang,
            &missing_plan_headers(lang),
            self.missing_plan.iter().map(missing_plan_cells),
        )?;
        put(
            out,
            html! { h2 { (t(Says::OverdueEntries.template(lang))) " (" (self.overdue_entries.len()) ")" } (NL) },
        )?;
        write_table(
            out,
            lang,
            &overdue_headers(lang),
            self.overdue_entries.iter().map(|e| overdue_cells(e, lang)),
        )?;
        put(
            out,
            html! { h2 { (t(&reinspection_title)) " (" (self.reinspection_due.len()) ")" } (NL) },
        )?;
        write_table(
            out,
            lang,
            &reinspection_headers(lang),
            self.reinspection_due.iter().map(reinspection_cells),
        )?;
        if !self.errors.is_empty() {
            put(
                out,
                html! { h2 { (t(Says::Unreadable.template(lang))) " (" (self.errors.len()) ")" } (NL) },
            )?;
            write_table(
                out,
                lang,
                &[Says::File.template(lang), Says::Error.template(lang)],
                self.errors
                    .iter()
                    .map(|e| vec![e.file.clone(), e.error.clone()]),
            )?;
        }
        Ok(())
    }
}

/// Collect a streamed output in memory (writing to memory cannot fail).
fn into_string(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// A unit's row in the plain-text table.
fn unit_cells(r: &UnitRow, lang: Lang) -> Vec<String> {
    let mut v = vec![
        r.unit.clone(),
        r.region.clone().unwrap_or_default(),
        ymd(r.visit_date),
    ];
    v.extend(AreaId::ALL.iter().map(|a| pair(&r.grades, *a)));
    v.push(plan_text(r, lang));
    v.push(r.overdue_entries().to_string());
    v.push(if r.reinspection_overdue {
        Says::DueSince.say(lang, &[("date", &ymd(r.reinspection_due))])
    } else {
        ymd(r.reinspection_due)
    });
    v
}

/// The columns of the units with a D and no plan (table and HTML).
fn missing_plan_headers(lang: Lang) -> [&'static str; 4] {
    [
        Says::Unit.template(lang),
        Says::DIn.template(lang),
        Says::Visit.template(lang),
        Says::File.template(lang),
    ]
}

/// The columns of the overdue plan entries (table and HTML).
fn overdue_headers(lang: Lang) -> [&'static str; 6] {
    [
        Says::Unit.template(lang),
        Says::Criterion.template(lang),
        Says::State.template(lang),
        Says::Due.template(lang),
        Says::FollowUp.template(lang),
        Says::DaysOver.template(lang),
    ]
}

/// The columns of the units due for re-inspection (table and HTML).
fn reinspection_headers(lang: Lang) -> [&'static str; 4] {
    [
        Says::Unit.template(lang),
        Says::Visit.template(lang),
        Says::NextBy.template(lang),
        Says::DaysOver.template(lang),
    ]
}

/// A unit with a D and no plan, as a table row.
fn missing_plan_cells(m: &MissingPlan) -> Vec<String> {
    vec![
        m.unit.clone(),
        m.d_areas
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        ymd(m.visit_date),
        m.file.clone(),
    ]
}

/// An overdue plan entry, as a table row.
fn overdue_cells(e: &OverdueEntry, lang: Lang) -> Vec<String> {
    vec![
        e.unit.clone(),
        e.criterion.to_string(),
        e.state.label_in(lang).to_string(),
        opt(e.due),
        opt(e.follow_up),
        e.days.map_or_else(String::new, |d| d.to_string()),
    ]
}

/// A unit due for re-inspection, as a table row.
fn reinspection_cells(r: &Reinspection) -> Vec<String> {
    vec![
        r.unit.clone(),
        ymd(r.visit_date),
        ymd(r.due),
        r.days_overdue.to_string(),
    ]
}

/// Text for HTML, escaped by spur's one escaper ([`spur_core::escape::html`]).
struct Text<'a>(&'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        buffer.push_str(&h(self.0));
    }
}

fn t(text: &str) -> Text<'_> {
    Text(text)
}

/// The newline that keeps the page line-oriented.
const NL: PreEscaped<&str> = PreEscaped("\n");

const STYLE: &str = "<style>\nbody{font-family:system-ui,sans-serif;margin:2em;color:#222}\ntable{border-collapse:collapse;margin:.5em 0 1.5em}\nth,td{border:1px solid #bbb;padding:.2em .5em;text-align:left}\nth{background:#f3f3f3}\nsvg text{font-family:system-ui,sans-serif;font-size:12px}\n.empty{color:#666;font-style:italic}\n</style>\n";

/// A list as an HTML table written row by row ("None." when it is empty).
fn write_table(
    out: &mut dyn Write,
    lang: Lang,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        let empty = html! { p.empty { (t(Says::None.template(lang))) } (NL) };
        return out.write_all(empty.0.as_bytes());
    }
    let head = html! {
        (PreEscaped("<table>")) (NL)
        thead { tr { @for hd in headers { th { (t(hd)) } } } } (NL)
        (PreEscaped("<tbody>")) (NL)
    };
    out.write_all(head.0.as_bytes())?;
    for row in rows {
        let line = html! { tr { @for c in &row { td { (t(c)) } } } (NL) };
        out.write_all(line.0.as_bytes())?;
    }
    let tail = html! { (PreEscaped("</tbody>")) (NL) (PreEscaped("</table>")) (NL) };
    out.write_all(tail.0.as_bytes())
}

/// A unit's trend: a row per area, a cell per visit coloured like the heat map (the worst grade
/// of the visit), the change in the last column.
fn trend_html(trend: &UnitTrend, lang: Lang) -> Markup {
    let (headers, _) = trend_table(trend, lang);
    html! {
        table.trend {
            (NL)
            thead { tr { @for hd in &headers { th { (t(hd)) } } } } (NL)
            tbody {
                (NL)
                @for a in &trend.areas {
                    tr {
                        th { (a.area) }
                        @for (mark, worst) in a.marks.iter().zip(&a.worst) {
                            @let (fill, ink) = colours(worst.map_or(MarkClass::NotGraded, MarkClass::of));
                            td style={ "background:" (fill) ";color:" (ink) } { (t(mark)) }
                        }
                        td class=(match a.change {
                            spur_report::compare::Change::Improved => "improved",
                            spur_report::compare::Change::Worsened => "worsened",
                            _ => "same",
                        }) { (t(a.change.label(lang))) }
                    }
                    (NL)
                }
            }
            (NL)
        }
        (NL)
    }
}

/// Fill and text colour of a mark: the one palette of every spur output
/// ([`spur_grading::marks`], Okabe–Ito).
fn colours(class: MarkClass) -> (String, String) {
    (format!("#{}", class.fill()), format!("#{}", class.ink()))
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// The SVG heat map, written to `out` one unit (one `<g>`) at a time.
fn heat_map(out: &mut dyn Write, units: &[UnitRow]) -> io::Result<()> {
    let mut o = String::with_capacity(4096);
    const LABEL: usize = 300;
    const CW: usize = 36;
    const GAP: usize = 6;
    const CH: usize = 20;
    const HEAD: usize = 40;
    let width = LABEL + 8 * (2 * CW + GAP) + 10;
    let cell_x = |i: usize, j: usize| LABEL + i * (2 * CW + GAP) + j * CW;
    let height = HEAD + units.len().max(1) * CH + 64;
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Final grades per unit, area and regulation\">"
    );
    for (i, a) in AreaId::ALL.iter().enumerate() {
        let x = cell_x(i, 1);
        let _ = writeln!(
            o,
            "<text x=\"{x}\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">{a}</text>"
        );
        for (j, r) in Regulation::ALL.iter().enumerate() {
            let x = cell_x(i, j) + CW / 2;
            let _ = writeln!(
                o,
                "<text x=\"{x}\" y=\"32\" text-anchor=\"middle\" font-size=\"9\">{}</text>",
                r.year()
            );
        }
    }
    for (k, row) in units.iter().enumerate() {
        let y = HEAD + k * CH;
        let _ = writeln!(
            o,
            "<g><title>{}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            h(&format!("{} — {}", row.unit, row.file)),
            LABEL - 6,
            y + 14,
            h(&truncate(&row.unit, 40))
        );
        for (i, a) in AreaId::ALL.iter().enumerate() {
            for (j, r) in Regulation::ALL.iter().enumerate() {
                let x = cell_x(i, j);
                let (fill, ink, text, tip) = match row.grades.mark(*a, *r) {
                    None => (
                        "#ffffff".to_string(),
                        "#888888".to_string(),
                        NOT_TRAINED.to_string(),
                        "not trained under".to_string(),
                    ),
                    Some(mark) => {
                        let (f, t) = colours(mark.class);
                        let g = row.grades.grade(*a, *r);
                        let mut tip =
                            g.map_or_else(|| "not graded".to_string(), |g| format!("grade {g}"));
                        if row.grades.is_provisional(*a, *r) {
                            tip.push_str(", provisional");
                        }
                        if row.grades.is_adjusted(*a, *r) {
                            tip.push_str(", adjusted from D");
                        }
                        (f, t, mark.text, tip)
                    }
                };
                let _ = writeln!(
                    o,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{CW}\" height=\"{CH}\" fill=\"{fill}\" stroke=\"#ffffff\"><title>{}</title></rect><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{ink}\">{}</text>",
                    h(&format!("{a} {}: {tip}", r.designation())),
                    x + CW / 2,
                    y + 14,
                    h(&text)
                );
            }
        }
        o.push_str("</g>\n");
        out.write_all(o.as_bytes())?;
        o.clear();
    }
    let ly = HEAD + units.len().max(1) * CH + 12;
    for (i, class) in [
        MarkClass::A,
        MarkClass::B,
        MarkClass::C,
        MarkClass::D,
        MarkClass::Provisional,
        MarkClass::NotGraded,
    ]
    .into_iter()
    .enumerate()
    {
        let (fill, ink) = colours(class);
        let label: String = match class {
            MarkClass::Provisional => "A–D".into(),
            MarkClass::NotGraded => "–".into(),
            _ => class.css().to_uppercase(),
        };
        let x = LABEL + i * (CW + 8);
        let _ = writeln!(
            o,
            "<rect x=\"{x}\" y=\"{ly}\" width=\"{CW}\" height=\"{CH}\" fill=\"{fill}\" stroke=\"#888888\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{ink}\">{label}</text>",
            x + CW / 2,
            ly + 14,
        );
    }
    let legend = marks::legend(Lang::En)[1..].join("   ");
    let _ = writeln!(
        o,
        "<text x=\"{LABEL}\" y=\"{}\">{}   - not trained under</text>",
        ly + 40,
        h(&legend)
    );
    o.push_str("</svg>\n");
    out.write_all(o.as_bytes())
}
