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

use spur_core::{Grade, Group, Kind, PlanField, PlanRelevance, PlanStatus, Status};

use crate::Lang;

/// The fixed phrases of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Messages {
    /// The language of these phrases.
    pub lang: Lang,
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
    /// [`PlanField::Action`]'s label. The five plan fields' labels are spur-core's
    /// ([`PlanField::label`]); renderers iterate over [`PlanField::all`] with
    /// [`Messages::plan_field`] rather than naming these.
    pub action: &'static str,
    /// [`PlanField::Due`]'s label.
    pub due: &'static str,
    /// [`PlanField::Responsible`]'s label.
    pub responsible: &'static str,
    /// [`PlanField::FollowUp`]'s label.
    pub follow_up: &'static str,
    /// [`PlanField::FollowUpResponsible`]'s label.
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
    /// Heading of the history of corrections.
    pub corrections: &'static str,
    /// Columns of the corrections: version, by, when, reason.
    pub correction_heads: [&'static str; 4],
    /// Label of the audit chain's head.
    pub chain_head: &'static str,
    /// What the chain head proves.
    pub chain_head_note: &'static str,
}

spur_core::phrases! {
    /// Every fixed phrase of the report, both languages side by side: the one definition
    /// [`Messages`] is built from.
    enum Says {
        /// The language's code for `<html lang>`.
        HtmlLang => "en",
            "sv";
        // ---- report header -------------------------------------------------------------------
        /// Title of the report.
        ReportTitle => "SPUR report",
            "SPUR-rapport";
        /// Header label: the unit.
        Unit => "Unit",
            "Enhet";
        /// Header label: the region.
        Region => "Region",
            "Region";
        /// Header label: the specialty.
        Specialty => "Specialty",
            "Specialitet";
        /// Header label: the visit date.
        VisitDate => "Visit date",
            "Besöksdatum";
        /// Header label: the inspectors.
        Inspectors => "Inspectors",
            "Inspektörer";
        /// Header label: the catalog version.
        Catalog => "Catalog version",
            "Katalogversion";
        /// Header label: the regulations.
        Regulations => "Regulations",
            "Föreskrifter";
        /// The dual-regulation note (verbatim from the seed in Swedish).
        DualNote => "Where training runs under two regimes in parallel – SOSFS 2015:8 and HSLF-FS 2021:8 – compliance is assessed against both. If deficiencies are found in compliance with either regulation, an action plan (handlingsplan) is required.",
            "Vid två parallella utbildningar – enligt SOSFS 2015:8 och HSLF-FS 2021:8 års föreskrifter – bedöms följsamheten i förhållande till båda. Om brister påvisats vad gäller följsamheten till någon av föreskrifterna krävs en handlingsplan.";
        /// The applicability note (verbatim from the seed in Swedish).
        ApplicabilityNote => "Note that the assessment of compliance with regulations (föreskrifter), general advice (allmänna råd) and quality indicators applies to both SOSFS 2015:8 and HSLF-FS 2021:8 unless stated otherwise.",
            "Observera att bedömning av följsamhet till föreskrift, allmänna råd och kvalitetsindikatorer gäller både SOSFS 2015:8 och HSLF-FS 2021:8, såvida inte annat anges.";
        /// Note for a unit under one regulation only; `{regulation}` is its designation.
        SingleNote => "Compliance is assessed against {regulation}. If deficiencies are found in compliance with the regulations, an action plan (handlingsplan) is required.",
            "Följsamheten bedöms i förhållande till {regulation}. Om brister påvisats vad gäller följsamheten till föreskrifterna krävs en handlingsplan.";
        // ---- summary ---------------------------------------------------------------------------
        /// Heading of the one-page summary.
        Summary => "Summary",
            "Sammanfattning";
        /// Title of the grade overview picture.
        OverviewTitle => "Grades by area",
            "Gradering per område";
        /// Column head of the area column.
        Area => "Area",
            "Område";
        /// Legend: grade letters.
        LegendGrades => spur_grading::marks::LEGEND_EN[0],
            spur_grading::marks::LEGEND_SV[0];
        /// Legend: `D→C`.
        LegendAdjusted => spur_grading::marks::LEGEND_EN[1],
            spur_grading::marks::LEGEND_SV[1];
        /// Legend: `B–D`.
        LegendProvisional => spur_grading::marks::LEGEND_EN[2],
            spur_grading::marks::LEGEND_SV[2];
        /// Legend: `*`.
        LegendOverridden => spur_grading::marks::LEGEND_EN[3],
            spur_grading::marks::LEGEND_SV[3];
        /// Legend: `–`.
        LegendNotGraded => spur_grading::marks::LEGEND_EN[4],
            spur_grading::marks::LEGEND_SV[4];
        /// Summary line: the handlingsplan is required; `{state}` follows.
        PlanRequired => "Action plan (handlingsplan) required: {state}.",
            "Handlingsplan krävs: {state}.";
        /// Summary line: no handlingsplan is required.
        PlanNotRequired => "No action plan is required.",
            "Ingen handlingsplan krävs.";
        /// State: received on `{date}`.
        PlanReceivedOn => "received {date}",
            "inkommen {date}";
        /// State: not received.
        PlanNotReceived => "not yet received",
            "ännu inte inkommen";
        // ---- report text -----------------------------------------------------------------------
        /// Styrkor.
        Strengths => "Strengths",
            "Styrkor";
        /// Svagheter.
        Weaknesses => "Weaknesses",
            "Svagheter";
        /// Förbättringspotential.
        Improvements => "Areas for improvement",
            "Förbättringspotential";
        /// Shown when a list is empty.
        None => "–",
            "–";
        /// Group heading STRUKTUR.
        GroupStruktur => "STRUCTURE",
            "STRUKTUR";
        /// Group heading PROCESS.
        GroupProcess => "PROCESS",
            "PROCESS";
        // ---- areas -----------------------------------------------------------------------------
        /// Kind label: föreskrift.
        KindForeskrift => "Regulation (föreskrift)",
            "Föreskrift";
        /// Kind label: allmänna råd.
        KindAllmantRad => "General advice (allmänna råd)",
            "Allmänna råd";
        /// Kind label: kvalitetsindikator.
        KindIndikator => "Quality indicator",
            "Kvalitetsindikator";
        /// Mark for a criterion of that kind under one regulation only; `{year}` is `2015`/`2021`.
        Only => "only {year}",
            "endast {year}";
        /// Column head: criterion id.
        ColId => "Id",
            "Id";
        /// Column head: criterion text.
        ColCriterion => "Criterion",
            "Kriterium";
        /// Column head: the finding.
        ColFinding => "Finding",
            "Bedömning";
        /// Status: met.
        StatusMet => Status::Met.english(),
            Status::Met.swedish();
        /// Status: partially met.
        StatusPartiallyMet => Status::PartiallyMet.english(),
            Status::PartiallyMet.swedish();
        /// Status: not met.
        StatusNotMet => Status::NotMet.english(),
            Status::NotMet.swedish();
        /// Status: not assessed.
        StatusNotAssessed => Status::NotAssessed.english(),
            Status::NotAssessed.swedish();
        /// Status: not applicable.
        StatusNotApplicable => Status::NotApplicable.english(),
            Status::NotApplicable.swedish();
        /// Heading of the grade block of an area.
        Grading => "Grade",
            "Gradering";
        /// Row label: the grade.
        Grade => "Grade",
            "Gradering";
        /// Row label: the level text of the grade.
        Level => "Level",
            "Nivå";
        /// A grade that is `null`.
        NotGraded => "not graded",
            "ej bedömd";
        /// A provisional grade; `{range}` is e.g. `B–D`.
        Provisional => "provisional {range}",
            "preliminär {range}";
        /// Note on a provisional grade; `{criteria}` lists the deciding unassessed criteria.
        ProvisionalNote => "Provisional grade: unassessed criteria decide it ({criteria}).",
            "Preliminär gradering: ej bedömda kriterier avgör ({criteria}).";
        // ---- handlingsplan in the report -------------------------------------------------------
        /// Heading of the handlingsplan section.
        Handlingsplan => "ACTION PLAN (HANDLINGSPLAN)",
            "HANDLINGSPLAN";
        /// Intro of a received handlingsplan (verbatim from the seed in Swedish).
        PlanIntro => "During the review, deficiencies were found in compliance with Socialstyrelsen's regulations and general advice. After the review, the unit has submitted the following action plan.",
            "Under granskningen påvisades brister vad gäller följsamheten till Socialstyrelsens föreskrifter och allmänna råd. Verksamheten har efter granskningen inkommit med följande handlingsplan.";
        /// Line giving the date received; `{date}`.
        PlanReceivedLine => "The action plan was received on {date}.",
            "Handlingsplanen inkom {date}.";
        /// Intro when entries exist but the plan is not marked received.
        PlanDraft => "The action plan is not recorded as received. The following actions have been entered so far.",
            "Handlingsplanen är inte registrerad som inkommen. Följande åtgärder är hittills angivna.";
        /// Text when the plan is required but absent.
        PlanMissing => "Deficiencies have been found in compliance with Socialstyrelsen's regulations. An action plan is required but has not yet been received.",
            "Brister har påvisats vad gäller följsamheten till Socialstyrelsens föreskrifter. En handlingsplan krävs men har ännu inte inkommit.";
        /// Text when no plan is needed and none was given.
        PlanNone => "No action plan is required.",
            "Ingen handlingsplan krävs.";
        /// Entry field: status.
        PlanStatus => "Status",
            "Status";
        /// Entry field: completed on.
        Completed => "Completed",
            "Genomförd";
        /// Entry field and template column: note.
        Note => "Note",
            "Anteckning";
        /// Plan status: planned.
        PsPlanned => "planned",
            "planerad";
        /// Plan status: in progress.
        PsInProgress => "in progress",
            "pågår";
        /// Plan status: done.
        PsDone => "done",
            "genomförd";
        /// Plan status: verified effective.
        PsVerifiedEffective => "followed up, effective",
            "uppföljd, effektiv";
        /// Plan status: not effective.
        PsNotEffective => "followed up, not effective",
            "uppföljd, inte effektiv";
        // ---- handlingsplan template ------------------------------------------------------------
        /// Title of the template.
        TemplateTitle => "Action plan (handlingsplan)",
            "Handlingsplan";
        /// Instructions at the top of the template.
        TemplateIntro => "Answer each deficiency below with the five fields. Required items (deficiency against a regulation) must be answered; recommended items (deficiency against general advice) should be answered. Write dates as YYYY-MM-DD.",
            "Besvara varje brist nedan med de fem fälten. Krav (brist mot föreskrift) ska besvaras; rekommendationer (brist mot allmänt råd) bör besvaras. Skriv datum som ÅÅÅÅ-MM-DD.";
        /// Heading of the required items.
        TemplateRequired => "Required (deficiency against a regulation)",
            "Krav (brist mot föreskrift)";
        /// Heading of the recommended items.
        TemplateRecommended => "Recommended (deficiency against general advice)",
            "Rekommendationer (brist mot allmänt råd)";
        /// Text when there is nothing to answer.
        TemplateEmpty => "No deficiencies to answer: no action plan is needed.",
            "Inga brister att besvara: ingen handlingsplan behövs.";
        /// Input hint on the date cells of the XLSX template.
        TemplateDateHint => "A date (YYYY-MM-DD), no earlier than the visit.",
            "Ett datum (ÅÅÅÅ-MM-DD), tidigast besöksdagen.";
        /// Marker of a required item.
        Required => "required",
            "krav";
        /// Marker of a recommended item.
        Recommended => "recommended",
            "rekommendation";
        /// "Brist enligt"; `{regulations}`.
        BristUnder => "Deficiency under {regulations}",
            "Brist enligt {regulations}";
        /// CSV column: criterion id.
        CsvCriterion => "Criterion",
            "Kriterium";
        /// CSV column: criterion text.
        CsvCriterionText => "Criterion text",
            "Kriterietext";
        /// CSV column: required or recommended.
        CsvType => "Type (required/recommended)",
            "Typ (krav/rekommendation)";
        /// TOML comment: how to use the template.
        TomlIntro => "Paste into the inspection document and fill in the fields. Dates as YYYY-MM-DD, responsible roles as a list: [\"ST-läkare\", \"handledare\"].",
            "Klistra in i inspektionsdokumentet och fyll i fälten. Datum skrivs ÅÅÅÅ-MM-DD, ansvariga som lista: [\"ST-läkare\", \"handledare\"].";
        /// TOML comment: how to mark the plan as received.
        TomlReceived => "Give the date the action plan was received:",
            "Ange datum då handlingsplanen inkom:";
        // ---- the report's life, running header and footer ----------------------------------------
        /// Mark on the adjusted level of a Gradering block.
        MarkAdjusted => "adjusted",
            "justerad";
        /// Mark on the computed level that an adjustment or override replaced.
        MarkComputed => "computed",
            "beräknad";
        /// Running header title.
        RunningTitle => "SPUR inspection",
            "SPUR-inspektion";
        /// Footer page number; `{n}` and `{total}`.
        PageOf => "Page {n} of {total}",
            "Sida {n} av {total}";
        /// Header label and footer prefix: the report's status.
        Status => "Status",
            "Status";
        /// Status `draft`.
        StatusDraft => "draft",
            "utkast";
        /// Status `preliminary`.
        StatusPreliminary => "preliminary",
            "preliminär";
        /// Status `final`.
        StatusFinal => "final",
            "slutlig";
        /// Banner on a draft report.
        BannerDraft => "DRAFT",
            "UTKAST";
        /// Banner on a preliminary report.
        BannerPreliminary => "PRELIMINARY – for fact-checking",
            "PRELIMINÄR – för faktagranskning";
        /// Header label and footer: the report's version.
        Version => "Version",
            "Version";
        /// Header label: the report's date.
        ReportDate => "Report date",
            "Rapportdatum";
        /// Heading of the signature block of a final report.
        Signatures => "Signatures",
            "Underskrifter";
        /// Line under a signature: the place and date.
        SignaturePlaceDate => "Place and date",
            "Ort och datum";
        /// Label of the fingerprint of a final report.
        Fingerprint => "Fingerprint (SHA-256)",
            "Fingeravtryck (SHA-256)";
        /// What the fingerprint proves.
        FingerprintNote => "That the report was made from the inspection document and not changed is checked with the command: spur verify REPORT INSPECTION",
            "Att rapporten är gjord från inspektionsdokumentet och inte ändrad kontrolleras med kommandot: spur verify RAPPORT INSPEKTION";
        /// Heading of the history of a final report's corrections (from a store).
        Corrections => "Corrections",
            "Rättelser";
        /// Column of the corrections: the version.
        CorrectionVersion => "Version",
            "Version";
        /// Column of the corrections: who corrected.
        CorrectionBy => "By",
            "Av";
        /// Column of the corrections: when.
        CorrectionAt => "When",
            "När";
        /// Column of the corrections: why.
        CorrectionReason => "Reason",
            "Skäl";
        /// Label of the audit chain's head when the final report was rendered from a store.
        ChainHead => "Audit chain head",
            "Granskningskedjans huvud";
        /// What the chain head proves.
        ChainHeadNote => "The store's audit trail up to this event (sequence · SHA-256). A copy of this report kept outside the database shows that the history was not rewritten afterwards: spur audit verify recomputes the chain and must pass through this sequence with this hash.",
            "Lagrets granskningslogg fram till denna händelse (löpnummer · SHA-256). En kopia av rapporten som sparas utanför databasen visar att historiken inte skrivits om i efterhand: spur audit verify räknar om kedjan, som ska passera detta löpnummer med denna hash.";
    }
}

impl Messages {
    /// The phrases of `lang`, from the message table.
    const fn of(lang: Lang) -> Messages {
        Messages {
            lang,
            html_lang: Says::HtmlLang.template(lang),
            report_title: Says::ReportTitle.template(lang),
            unit: Says::Unit.template(lang),
            region: Says::Region.template(lang),
            specialty: Says::Specialty.template(lang),
            visit_date: Says::VisitDate.template(lang),
            inspectors: Says::Inspectors.template(lang),
            catalog: Says::Catalog.template(lang),
            regulations: Says::Regulations.template(lang),
            dual_note: Says::DualNote.template(lang),
            applicability_note: Says::ApplicabilityNote.template(lang),
            single_note: Says::SingleNote.template(lang),
            summary: Says::Summary.template(lang),
            overview_title: Says::OverviewTitle.template(lang),
            area: Says::Area.template(lang),
            legend_grades: Says::LegendGrades.template(lang),
            legend_adjusted: Says::LegendAdjusted.template(lang),
            legend_provisional: Says::LegendProvisional.template(lang),
            legend_overridden: Says::LegendOverridden.template(lang),
            legend_not_graded: Says::LegendNotGraded.template(lang),
            plan_required: Says::PlanRequired.template(lang),
            plan_not_required: Says::PlanNotRequired.template(lang),
            plan_received_on: Says::PlanReceivedOn.template(lang),
            plan_not_received: Says::PlanNotReceived.template(lang),
            strengths: Says::Strengths.template(lang),
            weaknesses: Says::Weaknesses.template(lang),
            improvements: Says::Improvements.template(lang),
            none: Says::None.template(lang),
            group_struktur: Says::GroupStruktur.template(lang),
            group_process: Says::GroupProcess.template(lang),
            kind_foreskrift: Says::KindForeskrift.template(lang),
            kind_allmant_rad: Says::KindAllmantRad.template(lang),
            kind_indikator: Says::KindIndikator.template(lang),
            only: Says::Only.template(lang),
            col_id: Says::ColId.template(lang),
            col_criterion: Says::ColCriterion.template(lang),
            col_finding: Says::ColFinding.template(lang),
            status_met: Says::StatusMet.template(lang),
            status_partially_met: Says::StatusPartiallyMet.template(lang),
            status_not_met: Says::StatusNotMet.template(lang),
            status_not_assessed: Says::StatusNotAssessed.template(lang),
            status_not_applicable: Says::StatusNotApplicable.template(lang),
            grading: Says::Grading.template(lang),
            grade: Says::Grade.template(lang),
            level: Says::Level.template(lang),
            not_graded: Says::NotGraded.template(lang),
            provisional: Says::Provisional.template(lang),
            provisional_note: Says::ProvisionalNote.template(lang),
            handlingsplan: Says::Handlingsplan.template(lang),
            plan_intro: Says::PlanIntro.template(lang),
            plan_received_line: Says::PlanReceivedLine.template(lang),
            plan_draft: Says::PlanDraft.template(lang),
            plan_missing: Says::PlanMissing.template(lang),
            plan_none: Says::PlanNone.template(lang),
            action: PlanField::Action.label(lang),
            due: PlanField::Due.label(lang),
            responsible: PlanField::Responsible.label(lang),
            follow_up: PlanField::FollowUp.label(lang),
            follow_up_responsible: PlanField::FollowUpResponsible.label(lang),
            plan_status: Says::PlanStatus.template(lang),
            completed: Says::Completed.template(lang),
            note: Says::Note.template(lang),
            ps_planned: Says::PsPlanned.template(lang),
            ps_in_progress: Says::PsInProgress.template(lang),
            ps_done: Says::PsDone.template(lang),
            ps_verified_effective: Says::PsVerifiedEffective.template(lang),
            ps_not_effective: Says::PsNotEffective.template(lang),
            template_title: Says::TemplateTitle.template(lang),
            template_intro: Says::TemplateIntro.template(lang),
            template_required: Says::TemplateRequired.template(lang),
            template_recommended: Says::TemplateRecommended.template(lang),
            template_empty: Says::TemplateEmpty.template(lang),
            template_date_hint: Says::TemplateDateHint.template(lang),
            required: Says::Required.template(lang),
            recommended: Says::Recommended.template(lang),
            brist_under: Says::BristUnder.template(lang),
            csv_criterion: Says::CsvCriterion.template(lang),
            csv_criterion_text: Says::CsvCriterionText.template(lang),
            csv_type: Says::CsvType.template(lang),
            toml_intro: Says::TomlIntro.template(lang),
            toml_received: Says::TomlReceived.template(lang),
            mark_adjusted: Says::MarkAdjusted.template(lang),
            mark_computed: Says::MarkComputed.template(lang),
            running_title: Says::RunningTitle.template(lang),
            page_of: Says::PageOf.template(lang),
            status: Says::Status.template(lang),
            status_draft: Says::StatusDraft.template(lang),
            status_preliminary: Says::StatusPreliminary.template(lang),
            status_final: Says::StatusFinal.template(lang),
            banner_draft: Says::BannerDraft.template(lang),
            banner_preliminary: Says::BannerPreliminary.template(lang),
            version: Says::Version.template(lang),
            report_date: Says::ReportDate.template(lang),
            signatures: Says::Signatures.template(lang),
            signature_place_date: Says::SignaturePlaceDate.template(lang),
            fingerprint: Says::Fingerprint.template(lang),
            fingerprint_note: Says::FingerprintNote.template(lang),
            corrections: Says::Corrections.template(lang),
            correction_heads: [
                Says::CorrectionVersion.template(lang),
                Says::CorrectionBy.template(lang),
                Says::CorrectionAt.template(lang),
                Says::CorrectionReason.template(lang),
            ],
            chain_head: Says::ChainHead.template(lang),
            chain_head_note: Says::ChainHeadNote.template(lang),
        }
    }
}

/// Swedish.
pub const SV: Messages = Messages::of(Lang::Sv);

/// English.
pub const EN: Messages = Messages::of(Lang::En);

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

    /// The label of a handlingsplan field in these phrases' language (`Datum för uppföljning`):
    /// what every plan template prints for it.
    pub fn plan_field(&self, field: PlanField) -> &'static str {
        field.label(self.lang)
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
