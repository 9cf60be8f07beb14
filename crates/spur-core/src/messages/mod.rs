//! The words of spur's diagnostics, in English and Swedish: one table, one row per phrase with
//! both languages side by side (the report's phrases are in `spur_report::messages`).
//!
//! A diagnostic keeps the [`Text`]s it was made from (phrase and values), so its message, hint,
//! labels and notes can be rendered in either language after the fact
//! ([`crate::Diagnostic::localize`]); its code, path, location and severity never change.
//! Values are filled into `{name}` placeholders with [`fill`]. Swedish follows the seed
//! report's vocabulary: brist, föreskrift, allmänt råd, handlingsplan, uppfyllt/ej uppfyllt.
//!
//! ```
//! use spur_core::{Lang, messages::{Msg, Text}};
//! let t = Text::new(Msg::UnknownCriterionId).arg("id", "D.F33");
//! assert_eq!(t.render(Lang::En), "unknown criterion id `D.F33`");
//! assert_eq!(t.render(Lang::Sv), "okänt kriterie-id `D.F33`");
//! ```

#[cfg(test)]
use crate::{
    lang::Lang,
    model::{Regulation, Status},
};

mod text;
pub use text::{Arg, Text, regulations};

// The table is one enum; its rows about reading catalogs, plan fields and the plan importer, and
// the API's parameters and bodies are in `rows.rs` (a file of its own only to keep files short),
// which appends them to these and makes the table.
#[macro_use]
mod rows;

with_more_rows! {
    // ---- rendering -------------------------------------------------------------------------
    /// Severity word of an error in rendered text.
    Error => "error", "fel";
    /// Severity word of a warning in rendered text.
    Warning => "warning", "varning";
    /// Prefix of a hint line.
    Hint => "hint: {hint}", "tips: {hint}";
    /// Prefix of a note line.
    Note => "note: {note}", "obs: {note}";
    /// Where an unlocated problem is, with a file.
    InFileAt => "in {file} at `{path}`", "i {file} vid `{path}`";
    /// Where a problem of a whole file is.
    InFile => "in {file}", "i {file}";
    /// Where an unlocated problem is.
    At => "at `{path}`", "vid `{path}`";
    /// Two things joined.
    And => "{a} and {b}", "{a} och {b}";
    /// Count of problems.
    Summary => "{errors} error(s), {warnings} warning(s)", "{errors} fel, {warnings} varning(ar)";
    /// Count of problems in files.
    FilesSummary => "{files} file(s): {errors} error(s), {warnings} warning(s)",
        "{files} fil(er): {errors} fel, {warnings} varning(ar)";
    /// Count of errors in one file.
    FileErrors => "{file}: {errors} error(s)", "{file}: {errors} fel";
    /// Warnings not shown by a command other than `validate`.
    WarningsSeeValidate => "{file}: {count} warning(s); run `spur validate {file}` to see them",
        "{file}: {count} varning(ar); kör `spur validate {file}` för att se dem";
    /// Unassessed criteria of one area, folded into one line.
    UnassessedFolded => "{file}: area {area}: {count} {criteria} not assessed ({ids}); grades stay provisional until they are",
        "{file}: område {area}: {count} {criteria} ej bedömda ({ids}); graderingarna är preliminära tills de är bedömda";
    /// One criterion.
    CriterionWord => "criterion", "kriterium";
    /// Several criteria.
    CriteriaWord => "criteria", "kriterier";
    /// A request body that is not a document (HTTP API).
    NotReadableDocument => "the request body is not a readable inspection document",
        "förfrågans innehåll är inte ett läsbart inspektionsdokument";
    /// Problems beyond the listing limit.
    TooManyProblems => "{errors} more error(s) and {warnings} more warning(s) are not listed: only the first {limit} problems are",
        "ytterligare {errors} fel och {warnings} varning(ar) listas inte: bara de första {limit} problemen listas";
    /// How to go on with a document that has too many problems.
    TooManyProblemsHint => "fix the problems listed and check again; so many usually means the file is not an inspection document, or one mistake repeated",
        "rätta de listade problemen och kontrollera igen; så många betyder oftast att filen inte är ett inspektionsdokument, eller ett och samma misstag upprepat";
    /// A document with errors (HTTP API).
    DocumentHasErrors => "the inspection document has {count} error(s)",
        "inspektionsdokumentet har {count} fel";
    /// A status under a regulation.
    StatusUnder => "{status} under {regulation}", "{status} enligt {regulation}";

    // ---- value types -----------------------------------------------------------------------
    /// Type: string.
    TypeString => "a string", "en sträng";
    /// Type: integer.
    TypeInteger => "an integer", "ett heltal";
    /// Type: number.
    TypeNumber => "a number", "ett tal";
    /// Type: boolean.
    TypeBoolean => "a boolean", "ett sanningsvärde (true/false)";
    /// Type: date.
    TypeDate => "a date", "ett datum";
    /// Type: list.
    TypeList => "a list", "en lista";
    /// Type: table.
    TypeTable => "a table", "en tabell";
    /// Type: null.
    TypeNull => "null", "null";
    /// Expected: a date.
    ExpectDate => "a date (YYYY-MM-DD)", "ett datum (ÅÅÅÅ-MM-DD)";
    /// Expected: a list of strings.
    ExpectStrings => "a list of strings", "en lista med strängar";
    /// Expected: a list of regulations.
    ExpectRegulations => "a list of regulations", "en lista med föreskrifter";
    /// Expected: a finding.
    ExpectFinding => "a status string or a table { status = …, note = … }",
        "en statussträng eller en tabell { status = …, note = … }";
    /// Expected: plan entries.
    ExpectPlanEntries => "a list of tables ([[handlingsplan.entries]])",
        "en lista med tabeller ([[handlingsplan.entries]])";

    // ---- syntax and structure --------------------------------------------------------------
    /// A TOML syntax error; `{detail}` is the parser's own (English) text.
    InvalidToml => "invalid TOML: {detail}", "ogiltig TOML: {detail}";
    /// A JSON syntax error; `{detail}` is the parser's own (English) text.
    InvalidJson => "invalid JSON: {detail}", "ogiltig JSON: {detail}";
    /// Hint on a TOML syntax error.
    SyntaxHint => "check quoting, brackets and that no key is given twice",
        "kontrollera citattecken, hakparenteser och att ingen nyckel anges två gånger";
    /// A value of the wrong type.
    WrongType => "`{path}` must be {expected}, found {found}",
        "`{path}` ska vara {expected}, men är {found}";
    /// A float where a whole number belongs.
    WholeNumber => "`{path}` must be a whole number, found {found}",
        "`{path}` ska vara ett heltal, men är {found}";
    /// The label at the first copy of something given twice.
    FirstGivenHere => "first given here", "först angiven här";
    /// A required key is missing.
    MissingKey => "missing required key `{path}`", "obligatorisk nyckel `{path}` saknas";
    /// An unknown key.
    UnknownKey => "unknown key `{key}` in {place}", "okänd nyckel `{key}` i {place}";
    /// The place of a top-level key.
    TheDocument => "the document", "dokumentet";
    /// Hint: the closest name.
    DidYouMean => "did you mean `{name}`?", "menade du `{name}`?";
    /// Hint: the keys allowed.
    KnownKeys => "known keys here: {keys}", "kända nycklar här: {keys}";
    /// Missing [inspection].
    HintInspectionTable => "start the document with an [inspection] table: unit, visit_date, regulations",
        "börja dokumentet med en [inspection]-tabell: unit, visit_date, regulations";
    /// Missing unit.
    HintUnit => "name the inspected unit: unit = \"Vårdcentralen …\"",
        "ange den inspekterade enheten: unit = \"Vårdcentralen …\"";
    /// Missing visit date.
    HintVisitDate => "add the visit date: visit_date = 2026-01-20",
        "ange besöksdatum: visit_date = 2026-01-20";
    /// Missing regulations.
    HintRegulations => "list the regimes the ST-läkare train under: regulations = [\"SOSFS 2015:8\", \"HSLF-FS 2021:8\"]",
        "ange de föreskrifter ST-läkarna utbildas enligt: regulations = [\"SOSFS 2015:8\", \"HSLF-FS 2021:8\"]";
    /// Missing finding status.
    HintFindingStatus => "give the finding a status: met, partially_met, not_met, not_assessed or not_applicable",
        "ge bedömningen en status: uppfyllt, delvis uppfyllt, ej uppfyllt, ej bedömt eller ej tillämpligt (eller met, partially_met, not_met, not_assessed, not_applicable)";
    /// Missing override grade.
    HintOverrideGrade => "give the grade: grade = \"C\" (or per regulation)",
        "ange graderingen: grade = \"C\" (eller per föreskrift)";
    /// Missing plan entry criterion.
    HintEntryCriterion => "name the criterion the entry answers: criterion = \"D.F6\"",
        "ange vilket kriterium posten besvarar: criterion = \"D.F6\"";

    // ---- values ----------------------------------------------------------------------------
    /// An impossible date.
    BadDate => "`{text}` is not a valid date", "`{text}` är inte ett giltigt datum";
    /// Hint on a bad date.
    BadDateHint => "write a calendar date as YYYY-MM-DD, e.g. 2026-03-01 (no time of day)",
        "skriv ett datum som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01 (utan klockslag)";
    /// An empty required date.
    EmptyDate => "the date is empty", "datumet är tomt";
    /// Hint on an empty date.
    EmptyDateHint => "write a calendar date as YYYY-MM-DD, e.g. 2026-03-01",
        "skriv ett datum som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01";
    /// A value that is not one of the choices.
    NotAValid => "`{text}` is not a valid {what}", "`{text}` är inte en giltig {what}";
    /// Hint: the closest choice and all choices.
    DidYouMeanChoice => "did you mean `{name}`? ({what} is one of: {choices})",
        "menade du `{name}`? ({what} är en av: {choices})";
    /// Hint: all choices.
    OneOf => "{what} is one of: {choices}", "{what} är en av: {choices}";
    /// What: a finding status.
    WhatStatus => "status", "status";
    /// What: a grade.
    WhatGrade => "grade", "gradering";
    /// What: a plan entry status.
    WhatPlanStatus => "plan status", "åtgärdsstatus";
    /// What: the report's status (`[report] status`).
    WhatReportStatus => "report status", "rapportstatus";
    /// The finding statuses accepted.
    StatusChoices => "met, partially_met, not_met, not_assessed, not_applicable; in Swedish: uppfyllt, delvis uppfyllt, ej uppfyllt, ej bedömt, ej tillämpligt",
        "uppfyllt, delvis uppfyllt, ej uppfyllt, ej bedömt, ej tillämpligt; på engelska: met, partially_met, not_met, not_assessed, not_applicable";
    /// An unknown regulation.
    UnknownRegulation => "`{name}` is not a known regulation", "`{name}` är ingen känd föreskrift";
    /// Hint on an unknown regulation.
    UnknownRegulationHint => "use \"SOSFS 2015:8\" or \"HSLF-FS 2021:8\" (or \"sosfs-2015-8\", \"hslf-fs-2021-8\", \"2015\", \"2021\")",
        "använd \"SOSFS 2015:8\" eller \"HSLF-FS 2021:8\" (eller \"sosfs-2015-8\", \"hslf-fs-2021-8\", \"2015\", \"2021\")";
    /// An empty unit name.
    UnitEmpty => "the unit name is empty", "enhetens namn är tomt";
    /// A regulation listed twice.
    RegulationTwice => "{regulation} is listed twice", "{regulation} anges två gånger";
    /// No regulation.
    NoRegulation => "no regulation listed", "ingen föreskrift angiven";
    /// Hint on no regulation.
    NoRegulationHint => "list at least one: \"SOSFS 2015:8\" and/or \"HSLF-FS 2021:8\"",
        "ange minst en: \"SOSFS 2015:8\" och/eller \"HSLF-FS 2021:8\"";
    /// Not an area letter.
    NotAnArea => "`{key}` is not an area", "`{key}` är inte ett område";
    /// Hint on an area letter.
    AreasAreLetters => "areas are the letters A–H", "områdena är bokstäverna A–H";
    /// Two narratives.
    TwoNarratives => "area {area} has two narratives", "område {area} har två beskrivningar";
    /// Hint on two narratives.
    TwoNarrativesHint => "keep one: [areas.X].narrative", "behåll en: [areas.X].narrative";
    /// A malformed criterion id.
    MalformedId => "`{text}` is not a criterion id: expected `<area A–H>.<F|R|K><number>`, e.g. `D.F3`",
        "`{text}` är inget kriterie-id: det ska se ut som `<område A–H>.<F|R|K><nummer>`, t.ex. `D.F3`";
    /// Hint: look-alike characters.
    MalformedIdNonAscii => "criterion ids use plain ASCII letters and digits (look-alike characters such as Cyrillic `Е` are not accepted), e.g. `E.F1`",
        "kriterie-id skrivs med vanliga ASCII-bokstäver och siffror (förväxlingsbara tecken som kyrilliskt `Е` godtas inte), t.ex. `E.F1`";
    /// Hint: the shape of an id.
    MalformedIdShape => "criterion ids look like `D.F3`: area letter, dot, F/R/K, number",
        "kriterie-id ser ut som `D.F3`: områdesbokstav, punkt, F/R/K, nummer";
    /// Two findings for one criterion.
    TwoFindings => "criterion {id} has two findings", "kriterium {id} har två bedömningar";
    /// Hint on two findings.
    TwoFindingsHint => "ids are case-insensitive; keep one",
        "id skiljer inte på stora och små bokstäver; behåll en";
    /// Two statuses for one regulation.
    TwoStatuses => "two statuses for {regulation}", "två statusar för {regulation}";

    // ---- validation ------------------------------------------------------------------------
    /// The document names another catalog.
    CatalogNotInUse => "catalog version `{version}` is not the catalog in use (`{used}`)",
        "katalogversion `{version}` är inte den katalog som används (`{used}`)";
    /// Hint on another catalog.
    CatalogNotInUseHint => "remove `catalog` to use the embedded catalog `{used}`, or load that catalog file with --catalog",
        "ta bort `catalog` för att använda den inbyggda katalogen `{used}`, eller läs in den katalogfilen med --catalog";
    /// An unknown criterion id.
    UnknownCriterionId => "unknown criterion id `{id}`", "okänt kriterie-id `{id}`";
    /// Hint: the closest id and where to list them.
    DidYouMeanInArea => "did you mean `{name}`? (`spur catalog --area {area}` lists them)",
        "menade du `{name}`? (`spur catalog --area {area}` listar dem)";
    /// An indicator no set defines.
    IndicatorNotInSet => "`{id}` is a kvalitetsindikator, but no available indicator set for {specialty} defines it",
        "`{id}` är en kvalitetsindikator, men ingen tillgänglig indikatoruppsättning för {specialty} har den";
    /// Hint: how to add an indicator set.
    MissingSetHint => "write one with `spur catalog new-indicators --specialty \"{specialty}\" -o FILE`, check it with `spur catalog check FILE`, and put it in a directory given by --catalog-dir DIR or SPUR_CATALOG_PATH",
        "skriv en med `spur catalog new-indicators --specialty \"{specialty}\" -o FIL`, kontrollera den med `spur catalog check FIL` och lägg den i en katalog som anges med --catalog-dir KATALOG eller SPUR_CATALOG_PATH";
    /// A criterion not applicable under the regulations.
    NotApplicableUnder => "criterion {id} is not applicable under {regulations}",
        "kriterium {id} är inte tillämpligt enligt {regulations}";
    /// Hint: where it applies.
    AppliesOnlyUnder => "it applies only under {regulations}; remove the finding or add that regulation to [inspection].regulations",
        "det gäller bara enligt {regulations}; ta bort bedömningen eller lägg till den föreskriften i [inspection].regulations";
    /// A status for an unlisted regulation.
    StatusForUnlisted => "status given for {regulation}, which is not in [inspection].regulations",
        "status angiven för {regulation}, som inte finns i [inspection].regulations";
    /// Hint on a status for an unlisted regulation.
    StatusForUnlistedHint => "add the regulation to [inspection].regulations or remove this status",
        "lägg till föreskriften i [inspection].regulations eller ta bort denna status";
    /// Hint: remove a per-regulation status.
    RemovePerRegulationStatus => "remove this per-regulation status", "ta bort denna status per föreskrift";
    /// An override without a reason.
    OverrideWithoutReason => "the override of area {area} has no reason",
        "den ändrade graderingen av område {area} saknar motivering";
    /// Hint on an override without a reason.
    OverrideWithoutReasonHint => "add `reason = \"…\"`: an override must say why the computed grade does not stand",
        "lägg till `reason = \"…\"`: en ändrad gradering ska motivera varför den beräknade graderingen inte står sig";
    /// A grade not on the 3-level scale.
    GradeNotOnScale => "area {area} is graded on the 3-level scale A/B/D; {grade} is not a level of it",
        "område {area} graderas på den tregradiga skalan A/B/D; {grade} är ingen nivå i den";
    /// Hint on a grade not on the scale.
    GradeNotOnScaleHint => "use A, B or D", "använd A, B eller D";
    /// An override for an unlisted regulation.
    OverrideForUnlisted => "override given for {regulation}, which is not in [inspection].regulations",
        "ändrad gradering angiven för {regulation}, som inte finns i [inspection].regulations";
    /// The unit is the `spur init` placeholder.
    PlaceholderUnit => "the unit is still the placeholder `{unit}`",
        "enheten är fortfarande platshållaren `{unit}`";
    /// Hint on the unit placeholder.
    PlaceholderUnitHint => "write the inspected unit's name (`spur init --unit NAME` sets it)",
        "skriv den inspekterade enhetens namn (`spur init --unit NAMN` sätter det)";
    /// The visit date is the `spur init` placeholder.
    PlaceholderDate => "the visit date is still the placeholder {date} that `spur init` writes",
        "besöksdatum är fortfarande platshållaren {date} som `spur init` skriver";
    /// Hint on the visit date placeholder.
    PlaceholderDateHint => "write the date of the visit (`spur init --visit-date YYYY-MM-DD` sets it)",
        "skriv besöksdatum (`spur init --visit-date ÅÅÅÅ-MM-DD` sätter det)";
    /// No inspectors.
    NoInspectors => "no inspectors are named", "inga inspektörer är angivna";
    /// Hint on no inspectors.
    NoInspectorsHint => "list the inspectors: inspectors = [\"Namn Efternamn\"]",
        "ange inspektörerna: inspectors = [\"Namn Efternamn\"]";
    /// A text value still holds a placeholder word.
    PlaceholderText => "`{path}` still holds the placeholder `{word}`",
        "`{path}` innehåller fortfarande platshållaren `{word}`";
    /// Hint on a placeholder word.
    PlaceholderTextHint => "write the text the report should show, or remove the value",
        "skriv den text rapporten ska visa, eller ta bort värdet";
    /// A final report without one of its lists.
    FinalEmptyList => "a final report states its {what}; none are given",
        "en slutlig rapport anger {what}; inga är angivna";
    /// Hint on an empty list of a final report.
    FinalEmptyListHint => "write at least one item: {key} = [\"…\"] under [report]",
        "skriv minst en punkt: {key} = [\"…\"] under [report]";
    /// A final report without any narrative.
    FinalNoNarratives => "a final report gives the inspectors' assessment of the areas; no area has a narrative",
        "en slutlig rapport ger inspektörernas bedömning av områdena; inget område har en beskrivning";
    /// Hint on no narratives.
    FinalNoNarrativesHint => "write the assessment per area: [areas.D] narrative = \"…\"",
        "skriv bedömningen per område: [areas.D] narrative = \"…\"";
    /// Why a warning is an error here.
    FinalStrict => "the report is marked final ([report] status = \"final\"): a final report cannot carry this",
        "rapporten är markerad som slutlig ([report] status = \"final\"): en slutlig rapport kan inte innehålla detta";
    /// Why a problem is an error when the caller checks the document as a final report.
    FinalStrictAsked => "checked as a final report (it is about to be published): a final report cannot carry this",
        "kontrollerad som slutlig rapport (den ska just publiceras): en slutlig rapport kan inte innehålla detta";
    /// Why a placeholder is an error in a preliminary report.
    PreliminaryStrict => "checked as a preliminary report (it goes to the unit for its factual check): no placeholder may reach the unit",
        "kontrollerad som preliminär rapport (den går till enheten för faktagranskning): ingen platshållare får nå enheten";
    /// A received plan without a required item.
    PlanMissingRequired => "the handlingsplan is marked received but has no entry for the required item {id}",
        "handlingsplanen är markerad som inkommen men saknar åtgärd för kravet {id}";
    /// Hint on a missing required item.
    PlanMissingRequiredHint => "every föreskrift brist needs an entry; the D is not adjusted to C until it has one",
        "varje brist mot föreskrift ska besvaras; graderingen D justeras inte till C förrän den är det";
    /// A blank plan entry.
    PlanEntryBlank => "the handlingsplan entry for {id} is blank",
        "handlingsplanens åtgärd för {id} är tom";
    /// A plan entry with empty fields.
    PlanEntryEmptyFields => "the handlingsplan entry for {id} has empty fields: {fields}",
        "handlingsplanens åtgärd för {id} har tomma fält: {fields}";
    /// Hint on an incomplete plan entry.
    PlanEntryEmptyFieldsHint => "fill in action, due, responsible, follow_up and follow_up_responsible, or remove the entry",
        "fyll i action, due, responsible, follow_up och follow_up_responsible, eller ta bort posten";
    /// A plan entry for a criterion that is not a brist.
    PlanEntryNotBrist => "handlingsplan entry for {id}, which is not a brist ({statuses})",
        "handlingsplanen har en åtgärd för {id}, som inte är en brist ({statuses})";
    /// Hint on a plan entry that is not a brist.
    PlanEntryNotBristHint => "plan entries answer föreskrift or allmänt råd findings that are `not_met` or `partially_met`; check the criterion id or the finding",
        "handlingsplanen besvarar brister mot föreskrift eller allmänt råd (ej uppfyllt eller delvis uppfyllt); kontrollera kriterie-id eller bedömningen";
    /// A due date before the visit.
    DueBeforeVisit => "due date {due} is before the visit date {visit}",
        "datumet när åtgärden ska vara genomförd, {due}, är före besöksdatum {visit}";
    /// Hint on a due date before the visit.
    DueBeforeVisitHint => "an action is planned after the inspection; check the year",
        "en åtgärd planeras efter inspektionen; kontrollera årtalet";
    /// A follow-up before the due date.
    FollowUpBeforeDue => "follow-up date {follow_up} is before the due date {due}",
        "datum för uppföljning, {follow_up}, är före datumet när åtgärden ska vara genomförd, {due}";
    /// Hint on a follow-up before the due date.
    FollowUpBeforeDueHint => "the follow-up checks a completed action, so it comes on or after the due date",
        "uppföljningen kontrollerar en genomförd åtgärd och kommer därför samma dag eller senare";
    /// An unassessed criterion.
    Unassessed => "criterion {id} is not assessed under {regulations}",
        "kriterium {id} är inte bedömt enligt {regulations}";
    /// Hint on an unassessed criterion.
    UnassessedHint => "set its status (met, partially_met, not_met, not_applicable); until then grades are provisional",
        "ange dess status (uppfyllt, delvis uppfyllt, ej uppfyllt, ej tillämpligt); till dess är graderingarna preliminära";

    // ---- catalogs and specialties ----------------------------------------------------------
    /// A catalog version that is not available.
    CatalogNotAvailable => "catalog version `{version}` is not available and no newer catalog maps it (available: {known})",
        "katalogversion `{version}` finns inte och ingen nyare katalog översätter den (tillgängliga: {known})";
    /// Hint on a catalog that is not available.
    CatalogNotAvailableHint => "load that catalog with --catalog FILE, put it in --catalog-dir DIR or SPUR_CATALOG_PATH, or remove `catalog` to use the embedded one",
        "läs in den katalogen med --catalog FIL, lägg den i --catalog-dir KATALOG eller SPUR_CATALOG_PATH, eller ta bort `catalog` för att använda den inbyggda";
    /// An unknown specialty.
    UnknownSpecialty => "`{name}` is not a known specialty", "`{name}` är ingen känd specialitet";
    /// Hint: the closest specialty.
    DidYouMeanSpecialty => "did you mean `{name}`? known specialties: {known}",
        "menade du `{name}`? kända specialiteter: {known}";
    /// Hint: the specialties.
    KnownSpecialties => "known specialties: {known}", "kända specialiteter: {known}";
    /// A problem of an indicator set.
    IndicatorSetProblem => "indicator set {version} ({specialty}): {message}",
        "indikatoruppsättning {version} ({specialty}): {message}";
    /// No indicator set for the specialty.
    NoIndicatorSet => "no indicator set for {specialty} is available: graded on the shared föreskrift and allmänt råd criteria only; where only the kvalitetsindikatorer could separate A from B the grade is A–B (provisional)",
        "det finns ingen indikatoruppsättning för {specialty}: graderas endast på de gemensamma kriterierna för föreskrift och allmänt råd; där bara kvalitetsindikatorerna kan skilja A från B blir graderingen A–B (preliminär)";
    /// Hint on a catalog syntax error.
    CatalogSyntaxHint => "see `spur schema catalog` for the catalog format",
        "se `spur schema catalog` för katalogformatet";
    /// Hint on an indicator set syntax error.
    IndicatorSyntaxHint => "see `spur catalog new-indicators --specialty NAME` for the format",
        "se `spur catalog new-indicators --specialty NAMN` för formatet";
    // ---- the pre-visit survey (spur-survey) -----------------------------------------------
    /// A statement id of the wrong shape.
    SurveyIdShape => "statement id `{id}` must be an area letter, a dot and a name of ASCII letters, digits, `-` or `_`, e.g. `E.S1`",
        "påståendets id `{id}` ska vara en områdesbokstav, en punkt och ett namn av ASCII-bokstäver, siffror, `-` eller `_`, t.ex. `E.S1`";
    /// A statement id whose letter is not its area.
    SurveyIdArea => "statement `{id}` is in area {area}, but its id starts with another letter",
        "påståendet `{id}` hör till område {area}, men dess id börjar med en annan bokstav";
    /// A statement id used twice.
    SurveyIdTwice => "statement id `{id}` is used twice", "påståendets id `{id}` används två gånger";
    /// A statement id of a specialty's set that the default set already has.
    SurveyIdInOtherSet => "statement id `{id}` of set `{set}` is already used by set `{other}`",
        "påståendets id `{id}` i uppsättningen `{set}` används redan av uppsättningen `{other}`";
    /// A statement addressed to no group.
    SurveyNoGroups => "statement `{id}` is addressed to no group", "påståendet `{id}` riktar sig inte till någon grupp";
    /// Hint: the groups.
    SurveyGroupsHint => "list at least one of: {groups}", "ange minst en av: {groups}";
    /// A group listed twice for one statement.
    SurveyGroupTwice => "statement `{id}` lists the group {group} twice",
        "påståendet `{id}` anger gruppen {group} två gånger";
    /// A statement with an empty text.
    SurveyEmptyText => "statement `{id}` has an empty `{field}` text",
        "påståendet `{id}` har en tom text i `{field}`";
    /// Hint: both languages.
    SurveyTextsHint => "every statement is written in Swedish (`sv`) and English (`en`)",
        "varje påstående skrivs på svenska (`sv`) och engelska (`en`)";
    /// A statement related to no criterion.
    SurveyNoCriteria => "statement `{id}` relates to no criterion", "påståendet `{id}` hör inte till något kriterium";
    /// Hint: name the criteria.
    SurveyNoCriteriaHint => "list the catalog criteria the statement is derived from: criteria = [\"E.F2\"]",
        "ange de kriterier i katalogen som påståendet bygger på: criteria = [\"E.F2\"]";
    /// A pair target that does not exist.
    SurveyPairMissing => "statement `{id}` is paired with `{pair}`, which does not exist",
        "påståendet `{id}` är parat med `{pair}`, som inte finns";
    /// A pair that does not link the two groups.
    SurveyPairGroups => "statement `{id}` is paired with `{pair}`, but a pair links a statement for handledare alone with its twin for st-lakare alone",
        "påståendet `{id}` är parat med `{pair}`, men ett par förbinder ett påstående enbart för handledare med dess tvilling enbart för st-lakare";
    /// A pair across areas.
    SurveyPairArea => "statement `{id}` is paired with `{pair}` of another area",
        "påståendet `{id}` är parat med `{pair}` i ett annat område";
    /// A pair declared on one side only.
    SurveyPairOneWay => "statement `{id}` is paired with `{pair}`, but `{pair}` is not paired with `{id}`",
        "påståendet `{id}` är parat med `{pair}`, men `{pair}` är inte parat med `{id}`";
    /// Hint: pairs are mutual.
    SurveyPairOneWayHint => "write `pair` on both twins", "ange `pair` på båda tvillingarna";
    /// A set without statements.
    SurveySetEmpty => "the set `{set}` has no statements", "uppsättningen `{set}` har inga påståenden";
    /// A set without a name.
    SurveySetName => "the set name is empty", "uppsättningens namn är tomt";
    /// A set written for another catalog.
    SurveyCatalog => "the statements are written for catalog `{version}`, not `{used}`",
        "påståendena är skrivna för katalogen `{version}`, inte `{used}`";
    /// An answers file that is not UTF-8.
    SurveyNotUtf8 => "the file is not UTF-8 (byte {byte})", "filen är inte UTF-8 (byte {byte})";
    /// Hint: save as CSV UTF-8.
    SurveyNotUtf8Hint => "save it as \"CSV UTF-8\"", "spara den som \"CSV UTF-8\"";
    /// An empty answers file.
    SurveyNoHeader => "the file is empty: expected a header row", "filen är tom: en rubrikrad förväntades";
    /// A column the answers file needs.
    SurveyMissingColumn => "the header row has no `{column}` column", "rubrikraden saknar kolumnen `{column}`";
    /// Hint: the columns of an answers file.
    SurveyColumnsHint => "the columns are respondent;group;statement;answer;date (in Swedish: svarande;grupp;påstående;svar;datum); date may be left out",
        "kolumnerna är svarande;grupp;påstående;svar;datum (på engelska: respondent;group;statement;answer;date); datum kan utelämnas";
    /// An unknown column.
    SurveyUnknownColumn => "unknown column `{column}`", "okänd kolumn `{column}`";
    /// A row the CSV reader could not read.
    SurveyBadRow => "the row cannot be read: {detail}", "raden kan inte läsas: {detail}";
    /// An empty respondent.
    SurveyNoRespondent => "the respondent is empty", "svarande är tomt";
    /// Hint: respondents are pseudonyms.
    SurveyRespondentHint => "give each respondent a pseudonym such as H1 or ST2: the rows with the same respondent are one person's answers",
        "ge varje svarande en pseudonym, t.ex. H1 eller ST2: raderna med samma svarande är en persons svar";
    /// A group that is not one of the four.
    SurveyUnknownGroup => "`{text}` is not a survey group", "`{text}` är ingen grupp i enkäten";
    /// A statement id the survey does not have.
    SurveyUnknownStatement => "unknown statement id `{id}`", "okänt id för påstående `{id}`";
    /// Hint: the free-text row.
    SurveyStatementHint => "use a statement id of `spur survey questions --format csv` (e.g. `H.S3`), or `{area}.fritext` for the area's free text",
        "använd ett påståendes id från `spur survey questions --format csv` (t.ex. `H.S3`), eller `{area}.fritext` för områdets fritext";
    /// An answer that is not a step of the scale.
    SurveyUnknownStep => "`{text}` is not an answer on the scale", "`{text}` är inget svar på skalan";
    /// Hint: the steps.
    SurveyStepsHint => "answer with one of: {steps}", "svara med en av: {steps}";
    /// A statement put to another group.
    SurveyNotForGroup => "statement `{id}` is not put to {group}", "påståendet `{id}` ställs inte till {group}";
    /// Hint: the groups a statement is put to.
    SurveyPutTo => "it is put to: {groups}; check the group or the statement id",
        "det ställs till: {groups}; kontrollera gruppen eller påståendets id";
    /// A respondent in two groups.
    SurveyTwoGroups => "respondent `{respondent}` is {group} here but {other} on an earlier row",
        "svarande `{respondent}` är {group} här men {other} på en tidigare rad";
    /// A statement answered twice by one respondent.
    SurveyAnsweredTwice => "respondent `{respondent}` answers `{id}` twice",
        "svarande `{respondent}` besvarar `{id}` två gånger";
    /// Two free texts of one area by one respondent.
    SurveyFreeTextTwice => "respondent `{respondent}` gives two free texts for area {area}",
        "svarande `{respondent}` lämnar två fritexter för område {area}";
    /// A free text over the length limit.
    SurveyFreeTextLong => "the free text is longer than {max} characters", "fritexten är längre än {max} tecken";
    /// A respondent with two answer dates.
    SurveyTwoDates => "respondent `{respondent}` answered on {date} here but on {other} on an earlier row",
        "svarande `{respondent}` svarade {date} här men {other} på en tidigare rad";
    /// Hint: one submission, one day.
    SurveyTwoDatesHint => "one respondent's answers are one submission with one date (the day only)",
        "en svarandes svar är ett inskick med ett datum (bara dagen)";

    // ---- supervision logs (handledning) --------------------------------------------------
    /// The ST id is empty.
    LogIdEmpty => "`st.id` is empty", "`st.id` är tomt";
    /// Hint: a pseudonym.
    LogIdHint => "give a pseudonym such as \"ST-07\"", "ange en pseudonym, t.ex. \"ST-07\"";
    /// The ST id looks like a personnummer.
    LogIdPersonnummer => "`st.id` = \"{id}\" looks like a personnummer",
        "`st.id` = \"{id}\" ser ut som ett personnummer";
    /// Hint: no personal data.
    LogIdPersonnummerHint => "the log needs no personal data: use a pseudonym such as \"ST-07\"",
        "loggen behöver inga personuppgifter: använd en pseudonym, t.ex. \"ST-07\"";
    /// The planned end is not after the start.
    LogEndBeforeStart => "the planned end {end} is not after the ST start {start}",
        "planerat slut {end} är inte efter ST-start {start}";
    /// An impossible meeting length.
    LogMinutes => "a meeting of {minutes} minutes is not possible",
        "ett möte på {minutes} minuter är inte möjligt";
    /// Hint on a meeting length.
    LogMinutesHint => "give the duration in minutes, 1–1440", "ange längden i minuter, 1–1440";
    /// An unknown topic id.
    LogUnknownTopic => "unknown topic id `{topic}`", "okänt ämnes-id `{topic}`";
    /// Hint: the topic ids of the toolkit.
    LogTopicIds => "topic ids of toolkit `{toolkit}`: {ids}", "ämnes-id i verktygslådan `{toolkit}`: {ids}";
    /// A topic twice in one meeting.
    LogTopicTwice => "topic `{topic}` is listed twice for the same meeting",
        "ämnet `{topic}` anges två gånger för samma möte";
    /// An empty instrument.
    LogInstrumentEmpty => "the instrument is empty", "bedömningsinstrumentet är tomt";
    /// An instrument that is not one of the named ones.
    LogInstrumentOther => "instrument `{text}` is not one of the named instruments; it is kept as written",
        "instrumentet `{text}` är inte ett av de namngivna instrumenten; det behålls som det är skrivet";
    /// An empty delmål.
    LogDelmalEmpty => "`delmal` is empty", "`delmal` är tomt";
    /// Hint on an empty delmål.
    LogDelmalHint => "name the delmål (e.g. \"c1\" or \"STa3\") or leave the key out",
        "ange delmålet (t.ex. \"c1\" eller \"STa3\") eller utelämna nyckeln";
    /// A date twice in a list.
    LogDateTwice => "{date} is listed twice in `{field}`", "{date} anges två gånger i `{field}`";
    /// A date before the ST start.
    LogBeforeStart => "{date} is before the ST start {start}", "{date} är före ST-start {start}";
    /// Hint on a date before the start.
    LogBeforeStartHint => "check the date, or the ST start in [st]",
        "kontrollera datumet, eller ST-start i [st]";
    /// A date after the planned end.
    LogAfterEnd => "{date} is after the planned ST end {end}; update `st.planned_end` if the ST was extended",
        "{date} är efter planerat ST-slut {end}; ändra `st.planned_end` om ST har förlängts";
    /// An unknown key in a log.
    LogUnknownKey => "unknown key `{key}` in {place}", "okänd nyckel `{key}` i {place}";
    /// The place of a top-level key of a log.
    TheLog => "the log", "loggen";
    /// Hint: a misplaced top-level key.
    LogMisplacedKey => "`{key}` is a top-level key: TOML puts every key after a [table] or [[table]] header into that table, so write it before the first header (at the top of the file)",
        "`{key}` är en nyckel på toppnivå: TOML lägger varje nyckel efter en [tabell]- eller [[tabell]]-rubrik i den tabellen, så skriv den före första rubriken (överst i filen)";

    /// The catalog version is empty.
    CatalogVersionEmpty => "the catalog version is empty", "katalogversionen är tom";
    /// A designation that does not match its id.
    DesignationMismatch => "designation `{designation}` does not match id `{id}`",
        "beteckningen `{designation}` stämmer inte med id `{id}`";
    /// A regulation listed twice in a catalog.
    CatalogRegulationTwice => "regulation {regulation} listed twice",
        "föreskriften {regulation} anges två gånger";
    /// A catalog without regulations.
    CatalogNoRegulation => "the catalog lists no regulation", "katalogen anger ingen föreskrift";
    /// An area twice.
    AreaTwice => "area {area} appears twice", "område {area} förekommer två gånger";
    /// An area without a title.
    AreaEmptyTitle => "area {area} has an empty title", "område {area} saknar rubrik";
    /// Levels that do not match the scale.
    AreaLevels => "area {area} is on the {scale} scale, so its levels must be {want} in order, found {found}",
        "område {area} har skalan {scale}, så dess nivåer ska vara {want} i ordning, men är {found}";
    /// An empty level text.
    EmptyLevelText => "empty level text", "tom nivåtext";
    /// An area without criteria.
    AreaNoCriteria => "area {area} has no criteria", "område {area} saknar kriterier";
    /// A criterion under the wrong area.
    CriterionWrongArea => "criterion {id} is listed under area {area}",
        "kriterium {id} står under område {area}";
    /// A criterion id used twice.
    CriterionIdTwice => "criterion id {id} is used twice", "kriterie-id {id} används två gånger";
    /// A criterion without text.
    CriterionEmptyText => "criterion {id} has an empty text", "kriterium {id} saknar text";
    /// A Swedish text twice.
    CriterionTextTwice => "the Swedish text of {id} appears twice in the catalog",
        "den svenska texten för {id} förekommer två gånger i katalogen";
    /// No kind under a regulation.
    CriterionNoKind => "criterion {id} gives no kind under {regulation}",
        "kriterium {id} anger ingen typ enligt {regulation}";
    /// Applicable under no regulation.
    CriterionNowhere => "criterion {id} is not applicable under any regulation",
        "kriterium {id} är inte tillämpligt enligt någon föreskrift";
    /// The handlingsplan flag disagrees with the kinds.
    CriterionPlanFlag => "criterion {id}: handlingsplan = {flag} but its kinds say {derived}",
        "kriterium {id}: handlingsplan = {flag} men dess typer ger {derived}";
    /// The confidence disagrees with the per-regulation ones.
    CriterionConfidence => "criterion {id}: confidence is {confidence} but the lowest per-regulation confidence is {worst}",
        "kriterium {id}: confidence är {confidence} men den lägsta per föreskrift är {worst}";
    /// An allmänt råd on the 3-level scale.
    CriterionAdviceOnAbd => "criterion {id} is an allmänt råd in area {area}, which is on the 3-level scale (no C)",
        "kriterium {id} är ett allmänt råd i område {area}, som har den tregradiga skalan (inget C)";
    /// A mapping from the wrong version.
    MappingFrom => "mapping.from must name the previous catalog version, not `{from}`",
        "mapping.from ska ange den tidigare katalogversionen, inte `{from}`";
    /// A mapping to an unknown id.
    MappingTarget => "mapping.{table} maps to {id}, which this catalog does not have",
        "mapping.{table} översätter till {id}, som den här katalogen inte har";
    /// An old id mapped twice.
    MappingTwice => "old id {id} is mapped more than once",
        "det gamla id:t {id} översätts mer än en gång";
    /// An area missing from a catalog.
    AreaMissing => "area {area} is missing", "område {area} saknas";

    // ---- indicator sets (kvalitetsindikatorer per specialty) ------------------------------
    /// An empty society.
    SetSocietyEmpty => "the society is empty", "specialitetsföreningen är tom";
    /// An empty set version.
    SetVersionEmpty => "the version is empty", "versionen är tom";
    /// Not a K id.
    SetNotIndicatorId => "{id} is not an indicator id: indicator ids are `<area>.K<n>`",
        "{id} är inget indikator-id: indikator-id skrivs `<område>.K<n>`";
    /// Hint on a non-K id.
    SetNotIndicatorIdHint => "föreskrift and allmänt råd criteria are shared; only K criteria belong in a set",
        "kriterier för föreskrift och allmänt råd är gemensamma; bara K-kriterier hör hemma i en uppsättning";
    /// An indicator id twice.
    SetIdTwice => "indicator id {id} is used twice", "indikator-id {id} används två gånger";
    /// An indicator without text.
    SetEmptyText => "indicator {id} has an empty text", "indikator {id} saknar text";
    /// An indicator with the skeleton's TODO.
    SetTodoText => "indicator {id} still has the skeleton's TODO text",
        "indikator {id} har fortfarande mallens TODO-text";
    /// An indicator of another kind.
    SetWrongKind => "indicator {id} is a {kind} under {regulation}: a set holds only kvalitetsindikatorer (or `not applicable`)",
        "indikator {id} är {kind} enligt {regulation}: en uppsättning innehåller bara kvalitetsindikatorer (eller `not applicable`)";
    /// An indicator applicable nowhere.
    SetNowhere => "indicator {id} is not applicable under any regulation",
        "indikator {id} är inte tillämplig enligt någon föreskrift";
    /// A doubtful indicator without a note.
    SetConfidenceNoNote => "indicator {id} has {confidence} confidence but no note saying why",
        "indikator {id} har säkerheten {confidence} men ingen anteckning om varför";
    /// Indicators not numbered 1…n.
    SetNumbering => "the indicators of area {area} are not numbered {area}.K1…{area}.K{count}",
        "indikatorerna i område {area} är inte numrerade {area}.K1…{area}.K{count}";

    // ---- toolkits (handledningsverktyg) --------------------------------------------------
    /// The toolkit id is empty.
    ToolkitIdEmpty => "the toolkit id is empty", "verktygslådans id är tomt";
    /// A toolkit without topics.
    ToolkitNoTopics => "the toolkit has no topics", "verktygslådan har inga ämnen";
    /// A footnote number twice.
    FootnoteTwice => "footnote {number} appears twice", "fotnot {number} förekommer två gånger";
    /// An empty footnote.
    FootnoteEmpty => "footnote {number} is empty", "fotnot {number} är tom";
    /// A topic id of the wrong shape.
    TopicIdShape => "topic id `{id}` must be non-empty ASCII letters, digits, `-` or `_`",
        "ämnes-id `{id}` ska vara icke-tomt och bestå av ASCII-bokstäver, siffror, `-` eller `_`";
    /// A topic id twice.
    TopicIdTwice => "topic id `{id}` is used twice", "ämnes-id `{id}` används två gånger";
    /// A topic with an empty field.
    TopicFieldEmpty => "topic `{id}` has an empty `{field}`", "ämnet `{id}` har ett tomt `{field}`";
    /// A reference to a missing footnote.
    TopicFootnoteMissing => "topic `{id}` refers to footnote {number}, which is not defined",
        "ämnet `{id}` hänvisar till fotnot {number}, som inte finns";
    /// `also_as_needed` without an interval.
    TopicAlsoAsNeeded => "topic `{id}`: also_as_needed only makes sense with an interval frequency, not {frequency}",
        "ämnet `{id}`: also_as_needed är bara meningsfullt med en frekvens med intervall, inte {frequency}";
    /// A target twice.
    TargetTwice => "target `{id}` is given twice", "målet `{id}` anges två gånger";
    /// A target of count 0.
    TargetCountZero => "target `{id}` has count 0", "målet `{id}` har antalet 0";
    /// A target without a name.
    TargetNameEmpty => "target `{id}` has an empty name", "målet `{id}` saknar namn";
    /// A target referring to a missing footnote.
    TargetFootnoteMissing => "target `{id}` refers to footnote {number}, which is not defined",
        "målet `{id}` hänvisar till fotnot {number}, som inte finns";
    /// Hint: the choices of a word.
    OneOfChoices => "one of: {choices}", "en av: {choices}";
    /// What: a frequency.
    WhatFrequency => "frequency", "frekvens";
    /// What: a confidence.
    WhatConfidence => "confidence", "säkerhet";
    /// What: a log event.
    WhatLogEvent => "log event", "logghändelse";
    /// What: a target.
    WhatTarget => "target", "mål";
    /// A number out of range.
    OutOfRange => "`{path}` is out of range: {value}", "`{path}` ligger utanför tillåtna värden: {value}";
    /// Expected: a list of tables.
    ExpectTables => "a list of tables ([[{path}]])", "en lista med tabeller ([[{path}]])";
    /// Hint on a toolkit's format.
    ToolkitFormatHint => "see the embedded toolkit (toolkit/skane-bilaga-1.toml) for the format",
        "se den inbyggda verktygslådan (toolkit/skane-bilaga-1.toml) för formatet";

    // ---- terms of art: defined once here, capitalised where a line starts with them ---------
    /// Kind: föreskrift.
    KindForeskrift => "regulation (föreskrift)", "föreskrift";
    /// Kind: allmänt råd.
    KindAllmantRad => "general advice (allmänt råd)", "allmänt råd";
    /// Kind: kvalitetsindikator.
    KindKvalitetsindikator => "quality indicator", "kvalitetsindikator";
    /// Kind: not applicable under a regulation.
    KindNotApplicable => "not applicable", "ej tillämplig";
    /// Confidence: high.
    ConfidenceHigh => "high", "hög";
    /// Confidence: medium.
    ConfidenceMedium => "medium", "medel";
    /// Confidence: low.
    ConfidenceLow => "low", "låg";

}

#[cfg(test)]
mod tests;
