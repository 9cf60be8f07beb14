//! The countable commitments a plan makes, checked against a supervision log, each tied to the
//! SPUR criteria it evidences so a unit can bring evidence to its follow-up.
//!
//! | Commitment | Target | Period | Source | Evidences |
//! |---|---|---|---|---|
//! | IUP revisions | ≥ 2 | calendar year | handlingsplan (D.F6, E.F1) | D.F7, E.F1 |
//! | Documented assessments | ≥ 4 | termin | handlingsplan (E.F4) | E.F4, E.F6, E.F7 |
//! | Supervision time | ≥ 120 min a week, averaged over the termin | termin | regional guideline | E.F1, E.R2 |
//! | Specialistkollegium | 3 | whole ST | toolkit footnote 5 | E.F4 |
//! | 360° assessment | 2 | whole ST | toolkit footnote 5 | E.F4, H.F2 |
//!
//! **Assumptions** (also listed in every report):
//! - terms are VT 1 January–30 June and HT 1 July–31 December (see [`crate::Termin`]);
//! - a year or termin only partly inside the ST (its first and last) gets the target prorated
//!   by the days inside the ST, rounded up;
//! - supervision time is the logged meeting minutes over the termin so far divided by the weeks
//!   elapsed (days / 7); the actual shown is rounded down;
//! - status rules and pace are those of [`crate::pace`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_core::{Catalog, CriterionId, Lang, Regulation, Wording as _};

use crate::Error;
use crate::log::{Instrument, SupervisionLog};
use crate::pace::{
    CATCH_UP_FACTOR, Status, count_status, elapsed, even_pace, rate_status, target_progress,
};
use crate::period::{Termin, days_incl, year_end, year_start};
use crate::render::{md_cell, md_lines};
use crate::toolkit::{TargetId, Toolkit};
use crate::words::Says;

/// The commitments' targets. The defaults are the seed report's plan and the regional guideline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Settings {
    /// IUP revisions per calendar year (default 2: "Revidera IUP minst två gånger årligen").
    pub iup_revisions_per_year: u32,
    /// Documented assessments per termin (default 4: "Minst fyra dokumenterade bedömningar per
    /// termin").
    pub assessments_per_termin: u32,
    /// Supervision minutes per week (default 120: "2 timmar handledning per vecka").
    pub supervision_minutes_per_week: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            iup_revisions_per_year: 2,
            assessments_per_termin: 4,
            supervision_minutes_per_week: 120,
        }
    }
}

/// Which commitment.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CommitmentId {
    /// IUP revised at least N times per calendar year.
    IupRevisions,
    /// At least N documented assessments per termin.
    Assessments,
    /// At least N minutes of supervision per week.
    SupervisionTime,
    /// Specialistkollegium N times per ST.
    Specialistkollegium,
    /// 360-degree assessment N times per ST.
    Degree360,
}

/// The period a target is stated per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Calendar year.
    Year,
    /// Termin (VT/HT).
    Termin,
    /// Week (evaluated as an average over the termin).
    Week,
    /// The whole ST.
    St,
}

/// What `target` and `actual` count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Number of events.
    Count,
    /// Minutes per week.
    MinutesPerWeek,
}

/// A SPUR criterion a commitment evidences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// The criterion id.
    pub criterion: CriterionId,
    /// Its Swedish text from the catalog (`None` if the catalog lacks the criterion).
    pub sv: Option<String>,
    /// How the commitment evidences it.
    pub why: String,
}

/// A commitment's outcome in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PeriodResult {
    /// `2026`, `VT 2026`, or `ST`.
    pub period: String,
    /// First day counted (the period clipped to the ST).
    pub start: NaiveDate,
    /// Last day counted.
    pub end: NaiveDate,
    /// Whether the period ended before the as-of date.
    pub ended: bool,
    /// The target for this period (prorated where the period is only partly inside the ST).
    pub target: u32,
    /// The actual count, or average minutes per week (rounded down), up to the as-of date.
    pub actual: u32,
    /// How many are expected by the as-of date at the pace of [`crate::pace`] (counts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_by_now: Option<u32>,
    /// Where it stands.
    pub status: Status,
    /// The logged entries behind `actual`, in words.
    pub detail: String,
}

/// One commitment with its current and earlier periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Commitment {
    /// Which commitment.
    pub id: CommitmentId,
    /// What is committed, in English.
    pub title: String,
    /// The commitment's wording in the source, verbatim Swedish.
    pub source_sv: String,
    /// Where it comes from.
    pub source: String,
    /// The target in words, e.g. `≥ 2 per calendar year`.
    pub target: String,
    /// The period the target is stated per.
    pub per: Per,
    /// What `target` and `actual` count.
    pub unit: Unit,
    /// The SPUR criteria it evidences.
    pub evidences: Vec<Evidence>,
    /// The status in the current period.
    pub status: Status,
    /// The period containing the as-of date (or the last period of the ST, when it has ended).
    pub current: PeriodResult,
    /// Earlier periods since the ST start, oldest first.
    pub history: Vec<PeriodResult>,
    /// How the status is decided.
    pub rule: String,
}

/// Every commitment as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CommitmentsReport {
    /// The ST-läkare's pseudonym.
    pub st_id: String,
    /// The date evaluated.
    pub as_of: NaiveDate,
    /// ST start.
    pub st_start: NaiveDate,
    /// Planned ST end.
    pub st_planned_end: NaiveDate,
    /// The regulation, if the log records it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulation: Option<Regulation>,
    /// The catalog version the criterion texts come from.
    pub catalog: String,
    /// The toolkit the whole-ST targets come from.
    pub toolkit: String,
    /// The commitments.
    pub commitments: Vec<Commitment>,
    /// The assumptions behind the evaluation.
    pub assumptions: Vec<String>,
}

impl CommitmentsReport {
    /// The commitment `id`, if evaluated.
    pub fn get(&self, id: CommitmentId) -> Option<&Commitment> {
        self.commitments.iter().find(|c| c.id == id)
    }
}

/// Evaluate every commitment on `as_of`.
///
/// Errors when `as_of` is before the ST start.
///
/// ```
/// use chrono::NaiveDate;
/// use spur_core::Catalog;
/// use spur_supervision::{commitments, CommitmentId, Settings, Status, SupervisionLog, Toolkit};
/// let log = SupervisionLog::from_toml_str(
///     "[st]\nid = \"ST-01\"\nstart = 2025-01-01\nplanned_end = 2029-12-31\n\
///      [[iup_revisions]]\ndate = 2025-02-01\n[[iup_revisions]]\ndate = 2025-08-01\n",
/// ).unwrap();
/// let as_of = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
/// let r = commitments(&log, Toolkit::embedded(), Catalog::embedded(), as_of, &Settings::default()).unwrap();
/// let iup = r.get(CommitmentId::IupRevisions).unwrap();
/// assert_eq!(iup.history[0].status, Status::Met); // 2025: two revisions
/// assert_eq!(iup.current.status, Status::OnTrack); // 2026 has just begun
/// assert_eq!(iup.evidences[0].criterion.to_string(), "D.F7");
/// assert_eq!(iup.evidences[0].sv.as_deref(), Some("Utbildningsprogrammet följs upp regelbundet och revideras vid behov."));
/// ```
///
/// # Errors
///
/// [`Error::BeforeStart`] when `as_of` is before the ST's start.
pub fn commitments(
    log: &SupervisionLog,
    toolkit: &Toolkit,
    catalog: &Catalog,
    as_of: NaiveDate,
    settings: &Settings,
) -> Result<CommitmentsReport, Error> {
    let st = &log.st;
    if as_of < st.start {
        return Err(Error::BeforeStart {
            date: as_of,
            start: st.start,
        });
    }
    let evidence = |id: &str, why: &str| -> Evidence {
        let criterion: CriterionId = id
            .parse()
            .unwrap_or_else(|_| unreachable!("fixed criterion ids are well-formed"));
        Evidence {
            criterion,
            sv: catalog.criterion(criterion).map(|c| c.sv.clone()),
            why: why.to_string(),
        }
    };
    let mut out = Vec::new();

    // IUP revisions per calendar year.
    let n = settings.iup_revisions_per_year;
    let dates: Vec<NaiveDate> = log.iup_revisions.iter().map(|r| r.date).collect();
    let periods = years(log, as_of)
        .into_iter()
        .map(|y| {
            count_period(
                log,
                y.to_string(),
                year_start(y),
                year_end(y),
                n,
                &dates,
                as_of,
                |ds| match ds {
                    [] => Says::NoRevision.template(Lang::En).into(),
                    ds => Says::Revised.say(Lang::En, &[("dates", &join_dates(ds))]),
                },
            )
        })
        .collect();
    out.push(assemble(
        CommitmentId::IupRevisions,
        format!("IUP followed up and revised at least {n} times per calendar year"),
        "Revidera IUP minst två gånger årligen.",
        "Seed report handlingsplan (E.F1; D.F6: \"Uppföljning av IUP och revidering minst 2 ggr/år\")",
        nominal(Per::Year, Unit::Count, n, Lang::En),
        Per::Year,
        Unit::Count,
        vec![
            evidence("D.F7", "each logged revision is a dated follow-up and revision of the IUP"),
            evidence("E.F1", "supervision based on the IUP, which the plan keeps current by revising it"),
        ],
        periods,
        &rule(Per::Year, Unit::Count, n, Lang::En),
    ));

    // Documented assessments per termin.
    let n = settings.assessments_per_termin;
    let dates: Vec<NaiveDate> = log.assessments.iter().map(|a| a.date).collect();
    let periods = termins(log, as_of)
        .into_iter()
        .map(|t| {
            count_period(
                log,
                t.to_string(),
                t.start(),
                t.end(),
                n,
                &dates,
                as_of,
                |_| String::new(),
            )
        })
        .map(|mut p| {
            p.detail = assessment_detail(log, p.start, p.end.min(as_of));
            p
        })
        .collect();
    out.push(assemble(
        CommitmentId::Assessments,
        format!(
            "At least {n} documented assessments per termin (Mini-CEX, DOPS, CBD, Konsultation, …)"
        ),
        "Minst fyra dokumenterade bedömningar per termin.",
        "Seed report handlingsplan (E.F4)",
        nominal(Per::Termin, Unit::Count, n, Lang::En),
        Per::Termin,
        Unit::Count,
        vec![
            evidence(
                "E.F4",
                "the main supervisor's continuous assessment of competence development",
            ),
            evidence(
                "E.F6",
                "each assessment is documented (date, instrument, delmål)",
            ),
            evidence(
                "E.F7",
                "the instruments used are established assessment methods",
            ),
        ],
        periods,
        &rule(Per::Year, Unit::Count, n, Lang::En),
    ));

    // Supervision time per week, averaged over the termin.
    let per_week = settings.supervision_minutes_per_week;
    let periods = termins(log, as_of)
        .into_iter()
        .map(|t| rate_period(log, t, per_week, as_of))
        .collect();
    out.push(assemble(
        CommitmentId::SupervisionTime,
        format!("{} of supervision per week", hours(per_week)),
        "Nya riktlinjer från regionen att ST-läkare har rätt till 2 timmar handledning per vecka",
        "Regional guideline, seed report Förbättringspotential 6",
        nominal(Per::Week, Unit::MinutesPerWeek, per_week, Lang::En),
        Per::Week,
        Unit::MinutesPerWeek,
        vec![
            evidence("E.F1", "continuous supervision: logged meeting time"),
            evidence(
                "E.R2",
                "supervision scheduled in ordinary working time, week by week",
            ),
        ],
        periods,
        &rule(Per::Week, Unit::MinutesPerWeek, per_week, Lang::En),
    ));

    // Whole-ST targets from the toolkit.
    for target in &toolkit.targets {
        let p = target_progress(log, target, as_of);
        let footnote = target.footnote.and_then(|n| toolkit.footnote(n));
        let (id, evidences) = match target.id {
            TargetId::Specialistkollegium => (
                CommitmentId::Specialistkollegium,
                vec![evidence(
                    "E.F4",
                    "several specialists jointly assess the competence development",
                )],
            ),
            TargetId::Degree360 => (
                CommitmentId::Degree360,
                vec![
                    evidence(
                        "E.F4",
                        "structured assessment of the competence development",
                    ),
                    evidence(
                        "H.F2",
                        "multi-source feedback on leadership and multiprofessional collaboration",
                    ),
                ],
            ),
        };
        let next = p
            .next_by
            .map(|d| format!("{}{d}", Says::NextExpectedBy.template(Lang::En)))
            .unwrap_or_default();
        let detail = match p.dates.as_slice() {
            [] => format!("{}{next}", Says::NoneLogged.template(Lang::En)),
            ds => format!("{}{next}", join_dates(ds)),
        };
        let result = PeriodResult {
            period: "ST".into(),
            start: st.start,
            end: st.planned_end,
            ended: as_of > st.planned_end,
            target: p.required,
            actual: p.done,
            expected_by_now: Some(p.expected_by_now),
            status: p.status,
            detail,
        };
        out.push(assemble(
            id,
            Says::TimesDuringSt.say(
                Lang::En,
                &[("name", &target.en), ("n", &target.count.to_string())],
            ),
            footnote.map_or(target.sv.as_str(), |f| f.text.as_str()),
            &match target.footnote {
                Some(n) => format!("Toolkit {} footnote {n}", toolkit.id),
                None => format!("Toolkit {}", toolkit.id),
            },
            nominal(Per::St, Unit::Count, target.count, Lang::En),
            Per::St,
            Unit::Count,
            evidences,
            vec![result],
            &rule(Per::St, Unit::Count, target.count, Lang::En),
        ));
    }

    Ok(CommitmentsReport {
        st_id: st.id.clone(),
        as_of,
        st_start: st.start,
        st_planned_end: st.planned_end,
        regulation: st.regulation,
        catalog: catalog.version.clone(),
        toolkit: toolkit.id.clone(),
        commitments: out,
        assumptions: assumptions(Lang::En),
    })
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    id: CommitmentId,
    title: String,
    source_sv: &str,
    source: &str,
    target: String,
    per: Per,
    unit: Unit,
    evidences: Vec<Evidence>,
    mut periods: Vec<PeriodResult>,
    rule: &str,
) -> Commitment {
    let current = periods
        .pop()
        .unwrap_or_else(|| unreachable!("the ST always has a period"));
    Commitment {
        id,
        title,
        source_sv: source_sv.to_string(),
        source: source.to_string(),
        target,
        per,
        unit,
        evidences,
        status: current.status,
        current,
        history: periods,
        rule: rule.to_string(),
    }
}

/// The last day evaluated: the as-of date, or the planned end when the ST has ended.
fn last_day(log: &SupervisionLog, as_of: NaiveDate) -> NaiveDate {
    as_of.min(log.st.planned_end)
}

/// Calendar years from the ST start to the last day evaluated.
fn years(log: &SupervisionLog, as_of: NaiveDate) -> Vec<i32> {
    use chrono::Datelike;
    (log.st.start.year()..=last_day(log, as_of).year()).collect()
}

/// Terms from the ST start to the last day evaluated.
fn termins(log: &SupervisionLog, as_of: NaiveDate) -> Vec<Termin> {
    let last = Termin::containing(last_day(log, as_of));
    let mut t = Termin::containing(log.st.start);
    let mut out = vec![t];
    while t < last {
        t = t.next();
        out.push(t);
    }
    out
}

/// The period clipped to the ST, and its target prorated by the days inside the ST.
fn window(
    log: &SupervisionLog,
    start: NaiveDate,
    end: NaiveDate,
    target: u32,
) -> (NaiveDate, NaiveDate, u32) {
    let ws = start.max(log.st.start);
    let we = end.min(log.st.planned_end).max(ws);
    let full = days_incl(start, end).max(1) as u64;
    let inside = days_incl(ws, we) as u64;
    let prorated = (u64::from(target) * inside).div_ceil(full);
    (ws, we, u32::try_from(prorated).unwrap_or(target))
}

#[allow(clippy::too_many_arguments)]
fn count_period(
    log: &SupervisionLog,
    label: String,
    start: NaiveDate,
    end: NaiveDate,
    target: u32,
    dates: &[NaiveDate],
    as_of: NaiveDate,
    detail: impl Fn(&[NaiveDate]) -> String,
) -> PeriodResult {
    let (ws, we, target) = window(log, start, end, target);
    let (elapsed_days, ended) = elapsed(ws, we, as_of);
    let upto = we.min(as_of);
    let mut inside: Vec<NaiveDate> = dates
        .iter()
        .copied()
        .filter(|d| *d >= ws && *d <= upto)
        .collect();
    inside.sort();
    let actual = u32::try_from(inside.len()).unwrap_or(u32::MAX);
    let expected = even_pace(target, elapsed_days, days_incl(ws, we));
    PeriodResult {
        period: label,
        start: ws,
        end: we,
        ended,
        target,
        actual,
        expected_by_now: Some(expected),
        status: count_status(target, actual, expected, ended),
        detail: detail(&inside),
    }
}

fn rate_period(log: &SupervisionLog, t: Termin, per_week: u32, as_of: NaiveDate) -> PeriodResult {
    let ws = t.start().max(log.st.start);
    let we = t.end().min(log.st.planned_end).max(ws);
    let (elapsed_days, ended) = elapsed(ws, we, as_of);
    let upto = we.min(as_of);
    let meetings: Vec<_> = log
        .meetings
        .iter()
        .filter(|m| m.date >= ws && m.date <= upto)
        .collect();
    let minutes: u64 = meetings.iter().map(|m| u64::from(m.minutes)).sum();
    let window_days = days_incl(ws, we);
    let (status, _) = rate_status(per_week, minutes, window_days, elapsed_days, ended);
    let days = elapsed_days.max(1) as u64;
    let average = u32::try_from(minutes * 7 / days).unwrap_or(u32::MAX);
    let needed = (u64::from(per_week) * window_days.max(0) as u64).div_ceil(7);
    let weeks = elapsed_days as f64 / 7.0;
    PeriodResult {
        period: t.to_string(),
        start: ws,
        end: we,
        ended,
        target: per_week,
        actual: average,
        expected_by_now: None,
        status,
        detail: format!(
            "{} meeting{}, {minutes} min in {weeks:.1} weeks; the termin needs {needed} min",
            meetings.len(),
            if meetings.len() == 1 { "" } else { "s" }
        ),
    }
}

fn assessment_detail(log: &SupervisionLog, from: NaiveDate, to: NaiveDate) -> String {
    let inside: Vec<_> = log
        .assessments
        .iter()
        .filter(|a| a.date >= from && a.date <= to)
        .collect();
    if inside.is_empty() {
        return Says::NoAssessment.template(Lang::En).into();
    }
    let mut counts: BTreeMap<(usize, String), u32> = BTreeMap::new();
    for a in &inside {
        let rank = match &a.instrument {
            Instrument::MiniCex => 0,
            Instrument::Dops => 1,
            Instrument::Cbd => 2,
            Instrument::Konsultation => 3,
            Instrument::Other(_) => 4,
        };
        *counts
            .entry((rank, a.instrument.name().to_string()))
            .or_default() += 1;
    }
    let by_instrument: Vec<String> = counts
        .iter()
        .map(|((_, name), n)| format!("{name} {n}"))
        .collect();
    let with_delmal = inside.iter().filter(|a| a.delmal.is_some()).count();
    format!(
        "{}; {with_delmal} of {} linked to a delmål",
        by_instrument.join(", "),
        inside.len()
    )
}

fn join_dates(ds: &[NaiveDate]) -> String {
    ds.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn hours(minutes: u32) -> String {
    if minutes.is_multiple_of(60) {
        let h = minutes / 60;
        format!("{h} hour{}", if h == 1 { "" } else { "s" })
    } else {
        format!("{minutes} minutes")
    }
}

impl CommitmentsReport {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The report as Markdown in English: a summary table, then each commitment with its
    /// source, the criteria it evidences (id and Swedish text) and its periods.
    pub fn to_markdown(&self) -> String {
        self.to_markdown_in(Lang::En)
    }

    /// The report as Markdown in `lang`. In Swedish each commitment is named by its verbatim
    /// Swedish wording, with Swedish targets, statuses, details, rules and assumptions; the
    /// evidenced criteria by their Swedish text (the English reasons and sources are left out).
    pub fn to_markdown_in(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let mut s = String::new();
        let title = Says::CommitmentsTitle.say(
            lang,
            &[
                ("st", &md_cell(&self.st_id)),
                ("date", &self.as_of.to_string()),
            ],
        );
        let _ = writeln!(s, "{title}");
        let reg = self
            .regulation
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let _ = writeln!(s, "- ST: {} – {}{reg}", self.st_start, self.st_planned_end);
        let sources = Says::CommitmentsSources.say(
            lang,
            &[("catalog", &self.catalog), ("toolkit", &self.toolkit)],
        );
        let _ = writeln!(s, "{sources}");
        let _ = writeln!(s, "{}", Says::CommitmentsHead.template(lang));
        let _ = writeln!(s, "|---|---|---|---|---|---|");
        for c in &self.commitments {
            let ids: Vec<String> = c
                .evidences
                .iter()
                .map(|e| e.criterion.to_string())
                .collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                md_cell(&title_in(c, lang)),
                md_cell(&nominal(c.per, c.unit, target_number(c), lang)),
                c.current.period,
                actual_text(c.unit, c.current.actual, lang),
                c.status.label(lang),
                ids.join(", ")
            );
        }
        for c in &self.commitments {
            let _ = writeln!(s, "\n## {}\n", md_cell(&title_in(c, lang)));
            if en {
                let _ = writeln!(s, "{}\\", md_lines(&c.source_sv, "> "));
                let _ = writeln!(s, "> — {}\n", c.source);
            } else {
                let _ = writeln!(s, "{}\n", md_lines(&c.source_sv, "> "));
            }
            let _ = writeln!(s, "{}", Says::Evidences.template(lang));
            for e in &c.evidences {
                let text = e.sv.as_deref().unwrap_or(Says::NotInCatalog.template(lang));
                if en {
                    let _ = writeln!(s, "- **{}** {text}\\", e.criterion);
                    let _ = writeln!(s, "  *{}*", e.why);
                } else {
                    let _ = writeln!(s, "- **{}** {text}", e.criterion);
                }
            }
            let _ = writeln!(s, "\n{}", Says::PeriodsHead.template(lang));
            let _ = writeln!(s, "|---|---|---|---|---|---|---|");
            for p in c.history.iter().chain(std::iter::once(&c.current)) {
                let expected = p
                    .expected_by_now
                    .map_or_else(|| "—".to_string(), |e| e.to_string());
                let period = if std::ptr::eq(p, &c.current) {
                    format!("**{}**", p.period)
                } else {
                    p.period.clone()
                };
                let _ = writeln!(
                    s,
                    "| {period} | {} – {} | {} | {} | {expected} | {} | {} |",
                    p.start,
                    p.end,
                    target_text(c.unit, p.target, lang),
                    actual_text(c.unit, p.actual, lang),
                    p.status.label(lang),
                    md_cell(&detail_in(c.id, &p.detail, lang))
                );
            }
            let rule = rule(c.per, c.unit, c.current.target, lang);
            let _ = writeln!(s, "{}", Says::Rule.say(lang, &[("rule", &rule)]));
        }
        let _ = writeln!(s, "{}", Says::Assumptions.template(lang));
        for a in assumptions(lang) {
            let _ = writeln!(s, "- {a}");
        }
        s
    }
}

/// The commitment's name in `lang`: in English its title; in Swedish its verbatim wording, or
/// for the whole-ST targets (whose wording is one shared footnote) the event and its count.
fn title_in(c: &Commitment, lang: Lang) -> String {
    let name = match c.id {
        _ if lang == Lang::En => return c.title.clone(),
        CommitmentId::Specialistkollegium => "Specialistkollegium",
        CommitmentId::Degree360 => "360-gradersbedömning",
        _ => return c.source_sv.trim_end_matches('.').to_string(),
    };
    Says::TimesDuringSt.say(
        lang,
        &[("name", name), ("n", &c.current.target.to_string())],
    )
}

/// The number of the nominal target (the first number of its text).
fn target_number(c: &Commitment) -> String {
    c.target
        .chars()
        .skip_while(|ch| !ch.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect()
}

/// The nominal target in `lang`: `≥ 2 per calendar year`, `2 under ST`.
fn nominal(per: Per, unit: Unit, n: impl ToString, lang: Lang) -> String {
    let phrase = match (per, unit) {
        (_, Unit::MinutesPerWeek) => Says::PerWeekMinutes,
        (Per::Year, _) => Says::PerYear,
        (Per::Termin, _) => Says::PerTermin,
        (Per::Week, _) => Says::PerWeek,
        (Per::St, _) => Says::PerSt,
    };
    phrase.say(lang, &[("n", &n.to_string())])
}

/// How the status is decided, in `lang`; `w` is the weekly target in minutes.
fn rule(per: Per, unit: Unit, w: u32, lang: Lang) -> String {
    let phrase = match (per, unit) {
        (_, Unit::MinutesPerWeek) => Says::RuleRate,
        (Per::St, _) => Says::RuleMilestone,
        _ => Says::RuleCount,
    };
    phrase.say(
        lang,
        &[
            ("w", &w.to_string()),
            ("factor", &CATCH_UP_FACTOR.to_string()),
        ],
    )
}

/// The assumptions behind the evaluation, in `lang`.
fn assumptions(lang: Lang) -> Vec<String> {
    let factor = CATCH_UP_FACTOR.to_string();
    [
        Says::AssumeTerms,
        Says::AssumeProrated,
        Says::AssumeAsOf,
        Says::AssumeAveraged,
        Says::AssumeMilestones,
    ]
    .map(|p| p.say(lang, &[("factor", &factor)]))
    .to_vec()
}

/// A period's detail in `lang`. The details are written in English in a few fixed shapes
/// (above in this module); each fragment of the message table is swapped for its Swedish
/// wording, dates, numbers and instrument names staying as they are.
fn detail_in(id: CommitmentId, detail: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return detail.to_string();
    }
    let revised = Says::Revised.template(Lang::En).trim_end_matches("{dates}");
    let fragments: &[Says] = match id {
        CommitmentId::IupRevisions => {
            return match detail.strip_prefix(revised) {
                Some(dates) => Says::Revised.say(lang, &[("dates", dates)]),
                None => Says::NoRevision.template(lang).to_string(),
            };
        }
        CommitmentId::Assessments if detail == Says::NoAssessment.template(Lang::En) => {
            return Says::NoAssessment.template(lang).to_string();
        }
        CommitmentId::Assessments => &[Says::LinkedToDelmal, Says::Of],
        CommitmentId::SupervisionTime => &[
            Says::Meetings,
            Says::Meeting,
            Says::MinutesIn,
            Says::WeeksNeeds,
        ],
        CommitmentId::Specialistkollegium | CommitmentId::Degree360 => {
            &[Says::NoneLogged, Says::NextExpectedBy]
        }
    };
    fragments.iter().fold(detail.to_string(), |d, f| {
        d.replace(f.template(Lang::En), f.template(lang))
    })
}

fn target_text(unit: Unit, n: u32, lang: Lang) -> String {
    match unit {
        Unit::Count => format!("≥ {n}"),
        Unit::MinutesPerWeek => Says::MinutesTarget.say(lang, &[("n", &n.to_string())]),
    }
}

fn actual_text(unit: Unit, n: u32, lang: Lang) -> String {
    match unit {
        Unit::Count => n.to_string(),
        Unit::MinutesPerWeek => Says::MinutesActual.say(lang, &[("n", &n.to_string())]),
    }
}
