//! Every fixed phrase of the report and the handlingsplan template, one table per language.
//!
//! Renderers never write Swedish or English words themselves: they take them from
//! [`Messages::for_lang`]. Swedish phrases that SPUR prints are verbatim from the seed report.
//! A few phrases take a value; they mark it as `{name}` and are filled with [`fill`].
//!
//! ```
//! use spur_report::{messages::Messages, Lang};
//! assert_eq!(Messages::for_lang(Lang::Sv).follow_up, "Datum för uppföljning");
//! assert_eq!(Messages::for_lang(Lang::En).not_graded, "not graded");
//! ```

use spur_core::{Grade, Group, Kind, PlanRelevance, PlanStatus, Status};

use crate::Lang;

/// The fixed phrases of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Messages {
    /// The language's code for `<html lang>`.
    pub html_lang: &'static str,

    // ---- report header -------------------------------------------------------------------
    /// Title of the report.
    pub report_title: &'static str,
    /// Header label: the unit.
    pub unit: &'static str,
    /// Header label: the region.
    pub region: &'static str,
    /// Header label: the specialty.
    pub specialty: &'static str,
    /// Header label: the visit date.
    pub visit_date: &'static str,
    /// Header label: the inspectors.
    pub inspectors: &'static str,
    /// Header label: the catalog version.
    pub catalog: &'static str,
    /// Header label: the regulations.
    pub regulations: &'static str,
    /// The dual-regulation note (verbatim from the seed in Swedish).
    pub dual_note: &'static str,
    /// The applicability note (verbatim from the seed in Swedish).
    pub applicability_note: &'static str,
    /// Note for a unit under one regulation only; `{regulation}` is its designation.
    pub single_note: &'static str,

    // ---- summary ---------------------------------------------------------------------------
    /// Heading of the one-page summary.
    pub summary: &'static str,
    /// Title of the grade overview picture.
    pub overview_title: &'static str,
    /// Column head of the area column.
    pub area: &'static str,
    /// Legend: grade letters.
    pub legend_grades: &'static str,
    /// Legend: `D→C`.
    pub legend_adjusted: &'static str,
    /// Legend: `B–D`.
    pub legend_provisional: &'static str,
    /// Legend: `*`.
    pub legend_overridden: &'static str,
    /// Legend: `–`.
    pub legend_not_graded: &'static str,
    /// Summary line: the handlingsplan is required; `{state}` follows.
    pub plan_required: &'static str,
    /// Summary line: no handlingsplan is required.
    pub plan_not_required: &'static str,
    /// State: received on `{date}`.
    pub plan_received_on: &'static str,
    /// State: not received.
    pub plan_not_received: &'static str,

    // ---- report text -----------------------------------------------------------------------
    /// Styrkor.
    pub strengths: &'static str,
    /// Svagheter.
    pub weaknesses: &'static str,
    /// Förbättringspotential.
    pub improvements: &'static str,
    /// Shown when a list is empty.
    pub none: &'static str,
    /// Group heading STRUKTUR.
    pub group_struktur: &'static str,
    /// Group heading PROCESS.
    pub group_process: &'static str,

    // ---- areas -----------------------------------------------------------------------------
    /// Kind label: föreskrift.
    pub kind_foreskrift: &'static str,
    /// Kind label: allmänna råd.
    pub kind_allmant_rad: &'static str,
    /// Kind label: kvalitetsindikator.
    pub kind_indikator: &'static str,
    /// Mark for a criterion of that kind under one regulation only; `{year}` is `2015`/`2021`.
    pub only: &'static str,
    /// Column head: criterion id.
    pub col_id: &'static str,
    /// Column head: criterion text.
    pub col_criterion: &'static str,
    /// Column head: the finding.
    pub col_finding: &'static str,
    /// Status: met.
    pub status_met: &'static str,
    /// Status: partially met.
    pub status_partially_met: &'static str,
    /// Status: not met.
    pub status_not_met: &'static str,
    /// Status: not assessed.
    pub status_not_assessed: &'static str,
    /// Status: not applicable.
    pub status_not_applicable: &'static str,
    /// Heading of the grade block of an area.
    pub grading: &'static str,
    /// Row label: the grade.
    pub grade: &'static str,
    /// Row label: the level text of the grade.
    pub level: &'static str,
    /// A grade that is `null`.
    pub not_graded: &'static str,
    /// A provisional grade; `{range}` is e.g. `B–D`.
    pub provisional: &'static str,
    /// Note on a provisional grade; `{criteria}` lists the deciding unassessed criteria.
    pub provisional_note: &'static str,

    // ---- handlingsplan in the report -------------------------------------------------------
    /// Heading of the handlingsplan section.
    pub handlingsplan: &'static str,
    /// Intro of a received handlingsplan (verbatim from the seed in Swedish).
    pub plan_intro: &'static str,
    /// Line giving the date received; `{date}`.
    pub plan_received_line: &'static str,
    /// Intro when entries exist but the plan is not marked received.
    pub plan_draft: &'static str,
    /// Text when the plan is required but absent.
    pub plan_missing: &'static str,
    /// Text when no plan is needed and none was given.
    pub plan_none: &'static str,
    /// Field 1 of the seed's form.
    pub action: &'static str,
    /// Field 2 of the seed's form.
    pub due: &'static str,
    /// Field 3 of the seed's form.
    pub responsible: &'static str,
    /// Field 4 of the seed's form.
    pub follow_up: &'static str,
    /// Field 5 of the seed's form.
    pub follow_up_responsible: &'static str,
    /// Entry field: status.
    pub plan_status: &'static str,
    /// Entry field: completed on.
    pub completed: &'static str,
    /// Entry field and template column: note.
    pub note: &'static str,
    /// Plan status: planned.
    pub ps_planned: &'static str,
    /// Plan status: in progress.
    pub ps_in_progress: &'static str,
    /// Plan status: done.
    pub ps_done: &'static str,
    /// Plan status: verified effective.
    pub ps_verified_effective: &'static str,
    /// Plan status: not effective.
    pub ps_not_effective: &'static str,

    // ---- handlingsplan template ------------------------------------------------------------
    /// Title of the template.
    pub template_title: &'static str,
    /// Instructions at the top of the template.
    pub template_intro: &'static str,
    /// Heading of the required items.
    pub template_required: &'static str,
    /// Heading of the recommended items.
    pub template_recommended: &'static str,
    /// Text when there is nothing to answer.
    pub template_empty: &'static str,
    /// Input hint on the date cells of the XLSX template.
    pub template_date_hint: &'static str,
    /// Marker of a required item.
    pub required: &'static str,
    /// Marker of a recommended item.
    pub recommended: &'static str,
    /// "Brist enligt"; `{regulations}`.
    pub brist_under: &'static str,
    /// CSV column: criterion id.
    pub csv_criterion: &'static str,
    /// CSV column: criterion text.
    pub csv_criterion_text: &'static str,
    /// CSV column: required or recommended.
    pub csv_type: &'static str,
    /// TOML comment: how to use the template.
    pub toml_intro: &'static str,
    /// TOML comment: how to mark the plan as received.
    pub toml_received: &'static str,

    // ---- the report's life, running header and footer ----------------------------------------
    /// Mark on the adjusted level of a Gradering block.
    pub mark_adjusted: &'static str,
    /// Mark on the computed level that an adjustment or override replaced.
    pub mark_computed: &'static str,
    /// Running header title.
    pub running_title: &'static str,
    /// Footer page number; `{n}` and `{total}`.
    pub page_of: &'static str,
    /// Header label and footer prefix: the report's status.
    pub status: &'static str,
    /// Status `draft`.
    pub status_draft: &'static str,
    /// Status `preliminary`.
    pub status_preliminary: &'static str,
    /// Status `final`.
    pub status_final: &'static str,
    /// Banner on a draft report.
    pub banner_draft: &'static str,
    /// Banner on a preliminary report.
    pub banner_preliminary: &'static str,
    /// Header label and footer: the report's version.
    pub version: &'static str,
    /// Header label: the report's date.
    pub report_date: &'static str,
    /// Heading of the signature block of a final report.
    pub signatures: &'static str,
    /// Line under a signature: the place and date.
    pub signature_place_date: &'static str,
    /// Label of the fingerprint of a final report.
    pub fingerprint: &'static str,
    /// What the fingerprint proves.
    pub fingerprint_note: &'static str,
}

/// Swedish.
pub const SV: Messages = Messages {
    html_lang: "sv",
    report_title: "SPUR-rapport",
    unit: "Enhet",
    region: "Region",
    specialty: "Specialitet",
    visit_date: "Besöksdatum",
    inspectors: "Inspektörer",
    catalog: "Katalogversion",
    regulations: "Föreskrifter",
    dual_note: "Vid två parallella utbildningar – enligt SOSFS 2015:8 och HSLF-FS 2021:8 års föreskrifter – bedöms följsamheten i förhållande till båda. Om brister påvisats vad gäller följsamheten till någon av föreskrifterna krävs en handlingsplan.",
    applicability_note: "Observera att bedömning av följsamhet till föreskrift, allmänna råd och kvalitetsindikatorer gäller både SOSFS 2015:8 och HSLF-FS 2021:8, såvida inte annat anges.",
    single_note: "Följsamheten bedöms i förhållande till {regulation}. Om brister påvisats vad gäller följsamheten till föreskrifterna krävs en handlingsplan.",
    summary: "Sammanfattning",
    overview_title: "Gradering per område",
    area: "Område",
    legend_grades: spur_grading::marks::LEGEND_SV[0],
    legend_adjusted: spur_grading::marks::LEGEND_SV[1],
    legend_provisional: spur_grading::marks::LEGEND_SV[2],
    legend_overridden: spur_grading::marks::LEGEND_SV[3],
    legend_not_graded: spur_grading::marks::LEGEND_SV[4],
    plan_required: "Handlingsplan krävs: {state}.",
    plan_not_required: "Ingen handlingsplan krävs.",
    plan_received_on: "inkommen {date}",
    plan_not_received: "ännu inte inkommen",
    strengths: "Styrkor",
    weaknesses: "Svagheter",
    improvements: "Förbättringspotential",
    none: "–",
    group_struktur: "STRUKTUR",
    group_process: "PROCESS",
    kind_foreskrift: "Föreskrift",
    kind_allmant_rad: "Allmänna råd",
    kind_indikator: "Kvalitetsindikator",
    only: "endast {year}",
    col_id: "Id",
    col_criterion: "Kriterium",
    col_finding: "Bedömning",
    status_met: "uppfyllt",
    status_partially_met: "delvis uppfyllt",
    status_not_met: "ej uppfyllt",
    status_not_assessed: "ej bedömt",
    status_not_applicable: "ej tillämpligt",
    grading: "Gradering",
    grade: "Gradering",
    level: "Nivå",
    not_graded: "ej bedömd",
    provisional: "preliminär {range}",
    provisional_note: "Preliminär gradering: ej bedömda kriterier avgör ({criteria}).",
    handlingsplan: "HANDLINGSPLAN",
    plan_intro: "Under granskningen påvisades brister vad gäller följsamheten till Socialstyrelsens föreskrifter och allmänna råd. Verksamheten har efter granskningen inkommit med följande handlingsplan.",
    plan_received_line: "Handlingsplanen inkom {date}.",
    plan_draft: "Handlingsplanen är inte registrerad som inkommen. Följande åtgärder är hittills angivna.",
    plan_missing: "Brister har påvisats vad gäller följsamheten till Socialstyrelsens föreskrifter. En handlingsplan krävs men har ännu inte inkommit.",
    plan_none: "Ingen handlingsplan krävs.",
    action: "Planerad åtgärd",
    due: "Datum när åtgärden ska vara genomförd",
    responsible: "Ansvarig för genomförandet",
    follow_up: "Datum för uppföljning",
    follow_up_responsible: "Ansvarig för uppföljningen",
    plan_status: "Status",
    completed: "Genomförd",
    note: "Anteckning",
    ps_planned: "planerad",
    ps_in_progress: "pågår",
    ps_done: "genomförd",
    ps_verified_effective: "uppföljd, effektiv",
    ps_not_effective: "uppföljd, inte effektiv",
    template_title: "Handlingsplan",
    template_intro: "Besvara varje brist nedan med de fem fälten. Krav (brist mot föreskrift) ska besvaras; rekommendationer (brist mot allmänt råd) bör besvaras. Skriv datum som ÅÅÅÅ-MM-DD.",
    template_required: "Krav (brist mot föreskrift)",
    template_recommended: "Rekommendationer (brist mot allmänt råd)",
    template_empty: "Inga brister att besvara: ingen handlingsplan behövs.",
    template_date_hint: "Ett datum (ÅÅÅÅ-MM-DD), tidigast besöksdagen.",
    required: "krav",
    recommended: "rekommendation",
    brist_under: "Brist enligt {regulations}",
    csv_criterion: "Kriterium",
    csv_criterion_text: "Kriterietext",
    csv_type: "Typ (krav/rekommendation)",
    toml_intro: "Klistra in i inspektionsdokumentet och fyll i fälten. Datum skrivs ÅÅÅÅ-MM-DD, ansvariga som lista: [\"ST-läkare\", \"handledare\"].",
    toml_received: "Ange datum då handlingsplanen inkom:",
    mark_adjusted: "justerad",
    mark_computed: "beräknad",
    running_title: "SPUR-inspektion",
    page_of: "Sida {n} av {total}",
    status: "Status",
    status_draft: "utkast",
    status_preliminary: "preliminär",
    status_final: "slutlig",
    banner_draft: "UTKAST",
    banner_preliminary: "PRELIMINÄR – för faktagranskning",
    version: "Version",
    report_date: "Rapportdatum",
    signatures: "Underskrifter",
    signature_place_date: "Ort och datum",
    fingerprint: "Fingeravtryck (SHA-256)",
    fingerprint_note: "Att rapporten är gjord från inspektionsdokumentet och inte ändrad kontrolleras med kommandot: spur verify RAPPORT INSPEKTION",
};

/// English.
pub const EN: Messages = Messages {
    html_lang: "en",
    report_title: "SPUR report",
    unit: "Unit",
    region: "Region",
    specialty: "Specialty",
    visit_date: "Visit date",
    inspectors: "Inspectors",
    catalog: "Catalog version",
    regulations: "Regulations",
    dual_note: "Where training runs under two regimes in parallel – SOSFS 2015:8 and HSLF-FS 2021:8 – compliance is assessed against both. If deficiencies are found in compliance with either regulation, an action plan (handlingsplan) is required.",
    applicability_note: "Note that the assessment of compliance with regulations (föreskrifter), general advice (allmänna råd) and quality indicators applies to both SOSFS 2015:8 and HSLF-FS 2021:8 unless stated otherwise.",
    single_note: "Compliance is assessed against {regulation}. If deficiencies are found in compliance with the regulations, an action plan (handlingsplan) is required.",
    summary: "Summary",
    overview_title: "Grades by area",
    area: "Area",
    legend_grades: spur_grading::marks::LEGEND_EN[0],
    legend_adjusted: spur_grading::marks::LEGEND_EN[1],
    legend_provisional: spur_grading::marks::LEGEND_EN[2],
    legend_overridden: spur_grading::marks::LEGEND_EN[3],
    legend_not_graded: spur_grading::marks::LEGEND_EN[4],
    plan_required: "Action plan (handlingsplan) required: {state}.",
    plan_not_required: "No action plan is required.",
    plan_received_on: "received {date}",
    plan_not_received: "not yet received",
    strengths: "Strengths",
    weaknesses: "Weaknesses",
    improvements: "Areas for improvement",
    none: "–",
    group_struktur: "STRUCTURE",
    group_process: "PROCESS",
    kind_foreskrift: "Regulation (föreskrift)",
    kind_allmant_rad: "General advice (allmänna råd)",
    kind_indikator: "Quality indicator",
    only: "only {year}",
    col_id: "Id",
    col_criterion: "Criterion",
    col_finding: "Finding",
    status_met: "met",
    status_partially_met: "partially met",
    status_not_met: "not met",
    status_not_assessed: "not assessed",
    status_not_applicable: "not applicable",
    grading: "Grade",
    grade: "Grade",
    level: "Level",
    not_graded: "not graded",
    provisional: "provisional {range}",
    provisional_note: "Provisional grade: unassessed criteria decide it ({criteria}).",
    handlingsplan: "ACTION PLAN (HANDLINGSPLAN)",
    plan_intro: "During the review, deficiencies were found in compliance with Socialstyrelsen's regulations and general advice. After the review, the unit has submitted the following action plan.",
    plan_received_line: "The action plan was received on {date}.",
    plan_draft: "The action plan is not recorded as received. The following actions have been entered so far.",
    plan_missing: "Deficiencies have been found in compliance with Socialstyrelsen's regulations. An action plan is required but has not yet been received.",
    plan_none: "No action plan is required.",
    action: "Planned action",
    due: "Date by which the action is to be completed",
    responsible: "Responsible for implementation",
    follow_up: "Date of follow-up",
    follow_up_responsible: "Responsible for follow-up",
    plan_status: "Status",
    completed: "Completed",
    note: "Note",
    ps_planned: "planned",
    ps_in_progress: "in progress",
    ps_done: "done",
    ps_verified_effective: "followed up, effective",
    ps_not_effective: "followed up, not effective",
    template_title: "Action plan (handlingsplan)",
    template_intro: "Answer each deficiency below with the five fields. Required items (deficiency against a regulation) must be answered; recommended items (deficiency against general advice) should be answered. Write dates as YYYY-MM-DD.",
    template_required: "Required (deficiency against a regulation)",
    template_recommended: "Recommended (deficiency against general advice)",
    template_empty: "No deficiencies to answer: no action plan is needed.",
    template_date_hint: "A date (YYYY-MM-DD), no earlier than the visit.",
    required: "required",
    recommended: "recommended",
    brist_under: "Deficiency under {regulations}",
    csv_criterion: "Criterion",
    csv_criterion_text: "Criterion text",
    csv_type: "Type (required/recommended)",
    toml_intro: "Paste into the inspection document and fill in the fields. Dates as YYYY-MM-DD, responsible roles as a list: [\"ST-läkare\", \"handledare\"].",
    toml_received: "Give the date the action plan was received:",
    mark_adjusted: "adjusted",
    mark_computed: "computed",
    running_title: "SPUR inspection",
    page_of: "Page {n} of {total}",
    status: "Status",
    status_draft: "draft",
    status_preliminary: "preliminary",
    status_final: "final",
    banner_draft: "DRAFT",
    banner_preliminary: "PRELIMINARY – for fact-checking",
    version: "Version",
    report_date: "Report date",
    signatures: "Signatures",
    signature_place_date: "Place and date",
    fingerprint: "Fingerprint (SHA-256)",
    fingerprint_note: "That the report was made from the inspection document and not changed is checked with the command: spur verify REPORT INSPECTION",
};

impl Messages {
    /// The table of `lang`.
    pub fn for_lang(lang: Lang) -> &'static Messages {
        match lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    /// The label of a finding status.
    pub fn status(&self, status: Status) -> &'static str {
        match status {
            Status::Met => self.status_met,
            Status::PartiallyMet => self.status_partially_met,
            Status::NotMet => self.status_not_met,
            Status::NotAssessed => self.status_not_assessed,
            Status::NotApplicable => self.status_not_applicable,
        }
    }

    /// The row label of a kind (`Föreskrift`, `Allmänna råd`, `Kvalitetsindikator`).
    pub fn kind(&self, kind: Kind) -> &'static str {
        match kind {
            Kind::Foreskrift => self.kind_foreskrift,
            Kind::AllmantRad => self.kind_allmant_rad,
            Kind::Kvalitetsindikator | Kind::NotApplicable => self.kind_indikator,
        }
    }

    /// The heading of a group of areas.
    pub fn group(&self, group: Group) -> &'static str {
        match group {
            Group::Struktur => self.group_struktur,
            Group::Process => self.group_process,
        }
    }

    /// The label of a plan entry's status.
    pub fn plan_status_label(&self, status: PlanStatus) -> &'static str {
        match status {
            PlanStatus::Planned => self.ps_planned,
            PlanStatus::InProgress => self.ps_in_progress,
            PlanStatus::Done => self.ps_done,
            PlanStatus::VerifiedEffective => self.ps_verified_effective,
            PlanStatus::NotEffective => self.ps_not_effective,
        }
    }

    /// `krav` or `rekommendation`.
    pub fn relevance(&self, relevance: PlanRelevance) -> &'static str {
        match relevance {
            PlanRelevance::Required => self.required,
            _ => self.recommended,
        }
    }

    /// The grade label for a missing grade or a letter.
    pub fn grade_or_not_graded(&self, grade: Option<Grade>) -> String {
        grade.map_or_else(|| self.not_graded.to_string(), |g| g.to_string())
    }
}

/// Replace each `{name}` in `template` with its value (spur-core's, shared with the
/// diagnostics' message table).
///
/// ```
/// use spur_report::messages::{fill, SV};
/// assert_eq!(fill(SV.only, &[("year", "2021")]), "endast 2021");
/// ```
pub use spur_core::fill;
