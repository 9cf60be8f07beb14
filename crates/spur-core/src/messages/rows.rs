//! The rows of the message table ([`super::Msg`]) about reading catalogs and indicator sets,
//! the handlingsplan's fields and its importer, and the API's parameters and bodies.
//! `with_more_rows!` appends them to the rows it is given (those in `mod.rs`) and hands the
//! whole table to [`crate::phrases!`]: one enum, one table, two files.

/// The rows given, then these, as the one `Msg` table.
macro_rules! with_more_rows {
    ($($rows:tt)*) => {
        crate::phrases! {
            /// One phrase of the diagnostics' message table.
            pub enum Msg {
            $($rows)*
    // Catalogs and indicator sets
    /// What: a criterion's kind under a regulation.
    WhatKind => "kind", "kriterietyp";
    /// What: an area's grading scale.
    WhatScale => "scale", "skala";
    /// What: an area's group.
    WhatGroup => "group", "grupp";
    /// Expected: a list of criterion ids.
    ExpectCriterionIds => "a list of criterion ids", "en lista med kriterie-id";
    /// The same key of a table twice, in two spellings (`"2015"` and `"SOSFS 2015:8"`).
    KeyTwice => "{key} is given twice in `{path}`", "{key} anges två gånger i `{path}`";
    /// Hint on a key given twice in two spellings.
    KeyTwiceHint => "keep one of them: both spellings name the same thing",
        "behåll en av dem: båda stavningarna avser samma sak";

    // Plan fields and the plan importer
    /// Plan field label: the planned action (the SPUR form's field 1).
    PlanFieldAction => "Planned action", "Planerad åtgärd";
    /// Plan field label: the due date (field 2).
    PlanFieldDue => "Date by which the action is to be completed",
        "Datum när åtgärden ska vara genomförd";
    /// Plan field label: who carries the action out (field 3).
    PlanFieldResponsible => "Responsible for implementation", "Ansvarig för genomförandet";
    /// Plan field label: the follow-up date (field 4).
    PlanFieldFollowUp => "Date of follow-up", "Datum för uppföljning";
    /// Plan field label: who follows up (field 5).
    PlanFieldFollowUpResponsible => "Responsible for follow-up", "Ansvarig för uppföljningen";
    /// Importer location: a row of a spreadsheet.
    ImportAtRow => "row {row}", "rad {row}";
    /// Importer location: a row of a file of some format (`CSV: row 1`).
    ImportAtFormatRow => "{format}: row {row}", "{format}: rad {row}";
    /// Importer location: a cell.
    ImportAtRowColumn => "row {row}, column {column}", "rad {row}, kolumn {column}";
    /// Importer location: a cell under its column header.
    ImportAtCell => "row {row}, column {column} ({name})", "rad {row}, kolumn {column} ({name})";
    /// Importer location: a DOCX table of one criterion.
    ImportAtTable => "table {table} ({id})", "tabell {table} ({id})";
    /// Importer location: a row of a DOCX table, by its label.
    ImportAtTableRow => "table {table} ({id}), row \"{label}\"",
        "tabell {table} ({id}), rad \"{label}\"";
    /// Importer location: a place in a TOML file.
    ImportAtLine => "line {line}, column {column}", "rad {line}, kolumn {column}";
    /// Importer location: the `received` date.
    ImportAtReceived => "{at} (received)", "{at} (received)";
    /// Importer location: a TOML or JSON entry, counted from 1.
    ImportEntryNo => "entry {n}", "post {n}";
    /// Importer location: a TOML or JSON entry with where it is.
    ImportAtEntry => "entry {n} ({at})", "post {n} ({at})";
    /// Importer location: a key of an entry.
    ImportAtEntryKey => "{entry}, `{key}` ({at})", "{entry}, `{key}` ({at})";
    /// Importer location: the unit's file as a whole.
    ImportTheFile => "the unit's file", "enhetens fil";
    /// A name as the unit sees it, quoted.
    ImportQuoted => "\"{name}\"", "\"{name}\"";
    /// An empty table file.
    ImportEmptyTable => "the file is empty: expected the template's header row",
        "filen är tom: mallens rubrikrad saknas";
    /// A table without the criterion column.
    ImportNoCriterionColumn => "no `Kriterium`/`Criterion` column: is this the handlingsplan template?",
        "ingen kolumn `Kriterium`/`Criterion`: är detta mallen för handlingsplanen?";
    /// More entries than any plan has.
    ImportTooManyEntries => "more than {max} entries: a handlingsplan has at most one per criterion; nothing was read beyond",
        "fler än {max} poster: en handlingsplan har högst en per kriterium; inget därefter lästes";
    /// More rows than any template has.
    ImportTooManyRows => "more than {max} rows: a handlingsplan template holds at most {entries} entries, one per row; nothing was read beyond",
        "fler än {max} rader: en mall för handlingsplan rymmer högst {entries} poster, en per rad; inget därefter lästes";
    /// Rows with cells right of the last column read.
    ImportWideRows => "{n} row(s) have filled cells right of column {column}, which were ignored: a handlingsplan template has at most {max} columns",
        "{n} rad(er) har ifyllda celler till höger om kolumn {column}, som inte lästes: en mall för handlingsplan har högst {max} kolumner";
    /// A DOCX table without any plan field.
    ImportTableWithoutFields => "the table has none of the five fields (Planerad åtgärd, …): skipped",
        "tabellen har inget av de fem fälten (Planerad åtgärd, …): hoppades över";
    /// A DOCX without plan tables.
    ImportNoDocxTable => "no handlingsplan table found: is this the template `spur handlingsplan --format docx` wrote?",
        "ingen tabell för handlingsplanen hittades: är detta mallen som `spur handlingsplan --format docx` skrev?";
    /// A TOML file without `[handlingsplan]`.
    ImportNoTomlPlan => "no [handlingsplan] table: expected the template `spur handlingsplan --format toml` wrote, or an inspection document with its [handlingsplan]",
        "ingen [handlingsplan]-tabell: mallen som `spur handlingsplan --format toml` skrev förväntades, eller ett inspektionsdokument med sin [handlingsplan]";
    /// `handlingsplan.entries` that are not tables.
    ImportEntriesNotTables => "expected [[handlingsplan.entries]] tables",
        "[[handlingsplan.entries]]-tabeller förväntades";
    /// A key that is no field of an entry.
    ImportUnknownField => "unknown field `{key}`: ignored", "okänt fält `{key}`: lästes inte";
    /// A TOML value of the wrong type.
    ImportTomlValue => "`{key}` must be text, a date or a list of names",
        "`{key}` ska vara text, ett datum eller en lista med namn";
    /// A JSON value of the wrong type.
    ImportJsonValue => "`{key}` must be text or a list of names",
        "`{key}` ska vara text eller en lista med namn";
    /// An entry with more keys than any entry has.
    ImportTooManyFields => "{n} fields: an entry has at most eight (criterion, action, due, …); skipped",
        "{n} fält: en post har högst åtta (criterion, action, due, …); hoppades över";
    /// A JSON file without a plan.
    ImportNoJsonPlan => "no `handlingsplan` object: expected the unit's answer or an inspection document",
        "inget `handlingsplan`-objekt: enhetens svar eller ett inspektionsdokument förväntades";
    /// How to write a date.
    ImportDateHint => "write dates as YYYY-MM-DD, e.g. 2026-03-01 (or 1 mars 2026)",
        "skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01 (eller 1 mars 2026)";
    /// A text that is no date.
    ImportNotADate => "`{text}` is not a date: {hint}", "`{text}` är inte ett datum: {hint}";
    /// A list where a date belongs.
    ImportListNotDate => "expected a date, found a list: {hint}",
        "ett datum förväntades, men är en lista: {hint}";
    /// An id that is no criterion.
    ImportNotACriterion => "`{id}` is not a criterion of catalog {catalog}",
        "`{id}` är inte ett kriterium i katalog {catalog}";
    /// A criterion answered twice.
    ImportAnsweredTwice => "{id} is answered twice", "{id} besvaras två gånger";
    /// A text that is no plan status.
    ImportNotAStatus => "`{text}` is not a plan status: use planned, in_progress, done, verified_effective or not_effective",
        "`{text}` är inte en status för handlingsplanen: använd planerad, pågår, genomförd, uppföljd, effektiv eller uppföljd, inte effektiv (eller planned, in_progress, done, verified_effective, not_effective)";
    /// A due date before the visit.
    ImportDueBeforeVisit => "{id}: due {due} is before the visit ({visit})",
        "{id}: datumet när åtgärden ska vara genomförd, {due}, är före besöket ({visit})";
    /// A follow-up before the due date.
    ImportFollowUpBeforeDue => "{id}: follow-up {follow_up} is before the due date {due}",
        "{id}: uppföljningen {follow_up} är före datumet när åtgärden ska vara genomförd, {due}";
    /// A required item left blank.
    ImportRequiredUnanswered => "{id} is required and was left unanswered",
        "{id} är ett krav och lämnades obesvarat";
    /// An answer to a criterion that is not a brist.
    ImportNotBrist => "{id} is not a brist of this inspection; the answer is kept",
        "{id} är inte en brist i denna inspektion; svaret behålls";
    /// An entry with empty fields.
    ImportNothingWritten => "{id}: nothing written in {fields}", "{id}: inget ifyllt i {fields}";
    /// A required item absent from the file.
    ImportRequiredMissing => "required item {id} is missing", "kravet {id} saknas";
    /// No received date anywhere.
    ImportReceivedToday => "the date the plan came in is given nowhere (the unit's file, the inspection, the import): it is recorded as received today, {today}; give the real date with --received YYYY-MM-DD (the API: `received`)",
        "datumet då handlingsplanen inkom anges ingenstans (enhetens fil, inspektionen, importen): den registreras som inkommen i dag, {today}; ange det verkliga datumet med --received ÅÅÅÅ-MM-DD (i API:t: `received`)";
    /// Problems beyond the listing limit.
    ImportMoreProblems => "{errors} more error(s) and {warnings} more warning(s) not listed (the first {max} of each are)",
        "ytterligare {errors} fel och {warnings} varning(ar) listas inte (de första {max} av varje listas)";
    /// The last line of a failed import.
    ImportNothingMerged => "{errors} error(s), {warnings} warning(s); nothing was merged",
        "{errors} fel, {warnings} varning(ar); inget fördes in";
    /// A file that cannot be read at all.
    ImportCannotRead => "cannot read the filled {format} file: {why}",
        "kan inte läsa den ifyllda {format}-filen: {why}";
    /// A reader that panicked.
    ImportReaderFailed => "the {format} reader failed on it ({detail}): the file is damaged or not the template; save it again, or send it to spur's maintainers",
        "{format}-läsaren misslyckades med den ({detail}): filen är skadad eller inte mallen; spara den igen, eller skicka den till spurs utvecklare";
    /// A CSV that is not UTF-8.
    ImportCsvNotUtf8 => "not UTF-8 (byte {byte}): save it as \"CSV UTF-8\"",
        "inte UTF-8 (byte {byte}): spara den som \"CSV UTF-8\"";
    /// A text file that is not UTF-8.
    ImportNotUtf8 => "not UTF-8 (byte {byte})", "inte UTF-8 (byte {byte})";
    /// A problem in one ZIP part; `{detail}` says what.
    ImportInPart => "its part `{part}`: {detail}", "dess del `{part}`: {detail}";
    /// Broken XML at a byte; `{detail}` is the parser's own (English) text.
    ImportBrokenXmlAt => "broken XML at byte {byte}: {detail}",
        "trasig XML vid byte {byte}: {detail}";
    /// Broken XML; `{detail}` is the parser's own (English) text.
    ImportBrokenXml => "broken XML: {detail}", "trasig XML: {detail}";
    /// XML that ends inside a text.
    ImportXmlEndsInText => "the XML ends inside a text", "XML:en slutar mitt i en text";
    /// XML that ends inside a value.
    ImportXmlEndsInValue => "the XML ends inside a value", "XML:en slutar mitt i ett värde";
    /// XML that ends inside a cell.
    ImportXmlEndsInCell => "the XML ends inside a cell", "XML:en slutar mitt i en cell";
    /// Too many shared strings.
    ImportTooManyStrings => "it has more than {max} shared strings; a handlingsplan template holds far fewer",
        "den har fler än {max} delade strängar; en mall för handlingsplan har långt färre";
    /// A shared-string index out of range.
    ImportBadSharedString => "the cell refers to shared string `{index}`, but the file has {count} shared string(s): the file is damaged; save it again in Excel",
        "cellen hänvisar till delad sträng `{index}`, men filen har {count} delad(e) sträng(ar): filen är skadad; spara den igen i Excel";
    /// A row number that is none.
    ImportNotRowNumber => "`{value}` is not a row number (row {row})",
        "`{value}` är inte ett radnummer (rad {row})";
    /// A cell reference that is none.
    ImportNotCellRef => "`{value}` is not a cell reference (row {row})",
        "`{value}` är inte en cellreferens (rad {row})";
    /// A ZIP without a workbook.
    ImportNoWorkbook => "it has no `xl/workbook.xml`: is it an Excel workbook?",
        "den saknar `xl/workbook.xml`: är det en Excel-arbetsbok?";
    /// A workbook without its first sheet.
    ImportNoSheet => "its first sheet `{part}` is missing", "dess första blad `{part}` saknas";
    /// Cells below the last row read.
    ImportDeepCells => "{n} filled cell(s) below row {rows}, the first at {first}: a handlingsplan template holds at most {max} entries, one per row; nothing was read beyond",
        "{n} ifylld(a) cell(er) under rad {rows}, den första i {first}: en mall för handlingsplan rymmer högst {max} poster, en per rad; inget därefter lästes";
    /// Cells right of the last column read.
    ImportWideCells => "{n} filled cell(s) right of column {column}, the first at {first}, were ignored: a handlingsplan template has at most {max} columns",
        "{n} ifylld(a) cell(er) till höger om kolumn {column}, den första i {first}, lästes inte: en mall för handlingsplan har högst {max} kolumner";
    /// A ZIP part over the unpacked budget.
    ImportZipBomb => "its part `{part}` unpacks to more than the {mib} MiB this file may unpack to (ZIP parts may unpack to {factor} times the file's size, at least {min} MiB): is it a ZIP bomb?",
        "dess del `{part}` packas upp till mer än de {mib} MiB som filen får packas upp till (ZIP-delar får packas upp till {factor} gånger filens storlek, minst {min} MiB): är det en ZIP-bomb?";
    /// A DOCX without its document part; `{detail}` is the ZIP reader's own (English) text.
    ImportNoDocumentXml => "no word/document.xml: {detail}", "ingen word/document.xml: {detail}";
    /// A DOCX with too many table cells.
    ImportTooManyCells => "its tables have more than {max} rows and cells; a handlingsplan template has six rows of two cells per entry",
        "dess tabeller har fler än {max} rader och celler; en mall för handlingsplan har sex rader med två celler per post";
    /// A DOCX with too many tables.
    ImportTooManyTables => "it has more than {max} tables; a handlingsplan template has one per entry",
        "den har fler än {max} tabeller; en mall för handlingsplan har en per post";
    /// An unknown format name.
    ImportUnknownFormat => "unknown filled-template format `{format}`: use docx, csv, xlsx, toml or json",
        "okänt format `{format}` för ifylld mall: använd docx, csv, xlsx, toml eller json";
    /// Summary: a conflict.
    ImportConflict => "conflict: {id} `{field}`: the inspection has \"{inspection}\", the unit wrote \"{unit}\" ({location}); {outcome}",
        "konflikt: {id} `{field}`: inspektionen har \"{inspection}\", enheten skrev \"{unit}\" ({location}); {outcome}";
    /// Summary: the unit's value was taken.
    ImportTookUnits => "took the unit's (--force)", "enhetens värde togs (--force)";
    /// Summary: the inspection's value was kept.
    ImportKeptInspections => "kept the inspection's (--force takes the unit's)",
        "inspektionens värde behölls (--force tar enhetens)";
    /// Summary: no entry merged.
    ImportMergedNone => "merged 0 entries", "0 poster infördes";
    /// Summary: one entry merged.
    ImportMergedOne => "merged 1 entry: {ids}", "1 post infördes: {ids}";
    /// Summary: entries merged.
    ImportMergedMany => "merged {count} entries: {ids}", "{count} poster infördes: {ids}";
    /// Summary: the received date.
    ImportPlanReceived => "handlingsplan received {date}", "handlingsplanen inkom {date}";
    /// Summary: the regrade changed nothing.
    ImportNoGradeChanged => "regrade: no grade changed", "omgradering: ingen gradering ändrades";
    /// Summary: the heading of the grades that changed.
    ImportRegrade => "regrade:", "omgradering:";
    // API parameters and bodies
    /// A request body over the size limit (HTTP API).
    ApiBodyTooLarge => "the request body is larger than the server accepts ({max} bytes, `spur serve --max-body`)",
        "förfrågans innehåll är större än servern tar emot ({max} byte, `spur serve --max-body`)";
    /// A request body over the size limit, the limit not at hand.
    ApiBodyTooLargeNoLimit => "the request body is larger than the server accepts (`spur serve --max-body`)",
        "förfrågans innehåll är större än servern tar emot (`spur serve --max-body`)";
    /// A body that could not be received; `{detail}` is the web framework's own (English) text.
    ApiBodyUnreadable => "cannot read the request body: {detail}", "förfrågans innehåll kan inte läsas: {detail}";
    /// A document request without Content-Type.
    ApiNoContentType => "the request has no Content-Type: send the inspection document as JSON or TOML",
        "förfrågan saknar Content-Type: skicka inspektionsdokumentet som JSON eller TOML";
    /// A document request with another Content-Type.
    ApiContentType => "unsupported Content-Type `{type}`: send the inspection document as JSON or TOML",
        "Content-Type `{type}` stöds inte: skicka inspektionsdokumentet som JSON eller TOML";
    /// Hint: the Content-Types of a document.
    ApiContentTypeHint => "use `Content-Type: application/json` or `Content-Type: application/toml`",
        "använd `Content-Type: application/json` eller `Content-Type: application/toml`";
    /// A body that is not UTF-8.
    ApiNotUtf8 => "the request body is not valid UTF-8 (invalid byte at offset {offset})",
        "förfrågans innehåll är inte giltig UTF-8 (ogiltig byte vid position {offset})";
    /// Hint: send UTF-8.
    ApiNotUtf8Hint => "send the document as UTF-8 text", "skicka dokumentet som UTF-8-text";
    /// An empty body.
    ApiEmptyBody => "the request body is empty: send an inspection document (JSON or TOML)",
        "förfrågans innehåll är tomt: skicka ett inspektionsdokument (JSON eller TOML)";
    /// Hint: where the document format is described.
    ApiEmptyBodyHint => "see GET /v1/schema/inspection for the format", "se GET /v1/schema/inspection för formatet";
    /// Errors beyond the listing limit, after the message.
    ApiMoreErrors => "; the first {limit} errors are listed, and {more} more", "; de första {limit} felen listas, och {more} till";
    /// Warnings beyond the listing limit, after the message.
    ApiMoreWarnings => "; the first {limit} warnings are listed, and {more} more",
        "; de första {limit} varningarna listas, och {more} till";
    /// An unreadable query string; `{detail}` is the web framework's own (English) text.
    ApiBadQuery => "bad query string: {detail}", "felaktig frågesträng: {detail}";
    /// A whole-number parameter out of range.
    ApiWholeNumber => "`{name}` must be a whole number from {min} to {max}, got `{value}`",
        "`{name}` ska vara ett heltal från {min} till {max}, men är `{value}`";
    /// Hint: what `tolerance` is.
    ApiToleranceHint => "the number of unmet kvalitetsindikatorer an area may have and still get A (default 1)",
        "antalet ej uppfyllda kvalitetsindikatorer ett område får ha och ändå få A (standard 1)";
    /// An unknown `lang` (answered in the default language).
    ApiUnknownLang => "unknown language `{lang}`: use `sv` (Swedish) or `en` (English)",
        "okänt språk `{lang}`: använd `sv` (svenska) eller `en` (engelska)";
    /// An unknown report format.
    ApiReportFormat => "unknown report format `{input}`: use one of {choices}",
        "okänt rapportformat `{input}`: använd ett av {choices}";
    /// An unknown handlingsplan format.
    ApiPlanFormat => "unknown handlingsplan format `{input}`: use one of {choices}",
        "okänt format för handlingsplanen `{input}`: använd ett av {choices}";
    /// A date parameter that is not a date.
    ApiNotADate => "`{value}` is not a valid date", "`{value}` är inget giltigt datum";
    /// Hint: how to write a date.
    ApiDateHint => "write the date as YYYY-MM-DD, e.g. 2026-03-01", "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01";
    /// An unknown `to` of `/v1/convert`.
    ApiConvertTo => "unknown target format `{to}`: use `json` or `toml`", "okänt målformat `{to}`: använd `json` eller `toml`";
    /// The import request is not JSON.
    ApiImportJson => "send the import request as `application/json`", "skicka importförfrågan som `application/json`";
    /// Hint: the import request's shape (JSON, the same in both languages).
    ApiImportJsonHint => "{\"inspection\": \"…\", \"filled_base64\": \"…\", \"filled_format\": \"docx\"}",
        "{\"inspection\": \"…\", \"filled_base64\": \"…\", \"filled_format\": \"docx\"}";
    /// The import request cannot be read; `{detail}` is the JSON reader's own (English) text.
    ApiImportUnreadable => "the import request is not readable: {detail}", "importförfrågan kan inte läsas: {detail}";
    /// Hint: the import request's schema.
    ApiImportHint => "see ImportRequest in GET /openapi.json", "se ImportRequest i GET /openapi.json";
    /// An unknown `inspection_format`.
    ApiInspectionFormat => "unknown inspection format `{format}`: use `toml` or `json`",
        "okänt format för inspektionen `{format}`: använd `toml` eller `json`";
    /// `filled_base64` that is not base64; `{detail}` is the decoder's own (English) text.
    ApiNotBase64 => "`filled_base64` is not base64: {detail}", "`filled_base64` är inte base64: {detail}";
    /// Neither or both of `filled` and `filled_base64`.
    ApiFilledOnce => "give the unit's file as exactly one of `filled` (text) or `filled_base64`",
        "ange enhetens fil som exakt ett av `filled` (text) eller `filled_base64`";
    /// Hint: binary files go in `filled_base64`.
    ApiFilledHint => "DOCX and XLSX files go in `filled_base64`", "DOCX- och XLSX-filer anges i `filled_base64`";
    /// The unit's filled-in file has errors.
    ApiImportErrors => "the unit's {format} file has {count} error(s); nothing was merged",
        "enhetens {format}-fil har {count} fel; inget har förts in";
    /// A report request with `previous` that cannot be read; `{detail}` is the JSON reader's text.
    ApiReportRequest => "a report request with `previous` is not readable: {detail}",
        "en rapportförfrågan med `previous` kan inte läsas: {detail}";
    /// Hint: the report request's shape.
    ApiReportRequestHint => "send {\"inspection\": …, \"previous\": …} (see ReportRequest in GET /openapi.json), or the inspection document alone",
        "skicka {\"inspection\": …, \"previous\": …} (se ReportRequest i GET /openapi.json), eller bara inspektionsdokumentet";
    /// The compare request is not JSON.
    ApiCompareJson => "send {\"previous\": …, \"current\": …} as application/json",
        "skicka {\"previous\": …, \"current\": …} som application/json";
    /// Hint: the compared documents' forms.
    ApiCompareJsonHint => "each document may be its TOML or JSON text, or the JSON document itself",
        "varje dokument kan vara dess TOML- eller JSON-text, eller själva JSON-dokumentet";
    /// The compare request cannot be read; `{detail}` is the JSON reader's own (English) text.
    ApiCompareUnreadable => "the compare request is not readable: {detail}", "jämförelseförfrågan kan inte läsas: {detail}";
    /// Hint: the compare request's shape.
    ApiCompareHint => "send {\"previous\": …, \"current\": …} (see CompareRequest in GET /openapi.json)",
        "skicka {\"previous\": …, \"current\": …} (se CompareRequest i GET /openapi.json)";
    /// A respondent group that is not one.
    ApiNotAGroup => "not a group: verksamhetschef, studierektor, handledare or st-lakare",
        "ingen grupp: verksamhetschef, studierektor, handledare eller st-lakare";
    /// Too many survey links for a group.
    ApiLinksPerGroup => "at most {max} links per group at a time", "högst {max} länkar per grupp åt gången";
    /// A bad `margin`.
    ApiMargin => "`margin` is a number from 0 to 1", "`margin` är ett tal från 0 till 1";
    /// A bad `lang` of the survey summary (answered in the default language).
    ApiLangSvEn => "`lang` is `sv` or `en`", "`lang` är `sv` eller `en`";
    /// A bad `format` of the survey summary.
    ApiSummaryFormat => "`format` is `json`, `html`, `md` or `csv`", "`format` är `json`, `html`, `md` eller `csv`";
    /// A bad `survey`.
    ApiSurveyFlag => "`survey` is `true` or `false`", "`survey` är `true` eller `false`";
    /// `survey=true` on the JSON report.
    ApiSurveyJson => "the survey appendix is added to the `md`, `html`, `docx` and `pdf` report, not to `json` (the summary's JSON is GET …/survey/summary)",
        "förenkätens bilaga läggs till rapporten i `md`, `html`, `docx` och `pdf`, inte i `json` (sammanställningens JSON är GET …/survey/summary)";
    /// `If-Match` that is not text.
    ApiIfMatchText => "`If-Match` is not text", "`If-Match` är inte text";
    /// `If-Match` without quoted tags.
    ApiIfMatchTags => "`If-Match` must list quoted entity tags, got `{value}`",
        "`If-Match` ska lista entitetstaggar inom citattecken, men är `{value}`";
    /// Hint: send the ETag as given.
    ApiIfMatchTagsHint => "send the `ETag` of GET …/document as it was given, quotes included",
        "skicka `ETag` från GET …/document som den gavs, med citattecken";
    /// Saving without `If-Match`.
    ApiIfMatchMissing => "saving needs `If-Match` with the ETag of the version you edited; nothing was saved",
        "att spara kräver `If-Match` med ETag för den version du redigerade; inget sparades";
    /// Hint: where the ETag comes from.
    ApiIfMatchMissingHint => "GET /v1/inspections/{id}/document gives the head and its ETag",
        "GET /v1/inspections/{id}/document ger den senaste versionen och dess ETag";
    /// A correction without a reason.
    ApiReasonMissing => "a correction needs a reason (`?reason=…`), shown in the report's history; nothing was saved",
        "en rättelse kräver ett skäl (`?reason=…`), som visas i rapportens historik; inget sparades";

    // The SPUR process over HTTP and the store's answers
    /// A JSON body the web framework cannot read; `{detail}` is its own (English) text.
    ApiJsonBody => "{detail}", "förfrågans JSON kan inte läsas: {detail}";
    /// An order without the unit's name.
    ApiUnitEmpty => "the unit's name is empty", "enhetens namn är tomt";
    /// A regulation that is not one.
    ApiNotARegulation => "`{value}` is not a regulation (2015, 2021, SOSFS 2015:8, HSLF-FS 2021:8)",
        "`{value}` är ingen föreskrift (2015, 2021, SOSFS 2015:8, HSLF-FS 2021:8)";
    /// A state of the process that is not one.
    ApiNotAState => "`{value}` is not a state (ordered, planned, preparing, visited, preliminary, final, plan_required, plan_received, closed, cancelled)",
        "`{value}` är inget tillstånd (ordered, planned, preparing, visited, preliminary, final, plan_required, plan_received, closed, cancelled)";
    /// A day that is not a date.
    ApiNotADay => "`{value}` is not a date (YYYY-MM-DD)", "`{value}` är inget datum (ÅÅÅÅ-MM-DD)";
    /// A transition given up after the inspection changed under it three times.
    ApiTransitionRetry => "the inspection kept changing while the transition was prepared; try again",
        "inspektionen ändrades hela tiden medan övergången förbereddes; försök igen";
    /// A step that lost the race with another change.
    ApiChangedMeanwhile => "the inspection changed meanwhile; try again",
        "inspektionen ändrades under tiden; försök igen";
    /// A return of the plan given up after the inspection changed under it three times.
    ApiKeptChanging => "the inspection kept changing meanwhile; try again",
        "inspektionen fortsatte att ändras under tiden; försök igen";
    /// An empty comment.
    ApiCommentEmpty => "the comment is empty", "kommentaren är tom";
    /// A comment over the length limit; `{max}` as written (`20 000`).
    ApiCommentTooLong => "the comment is longer than {max} characters", "kommentaren är längre än {max} tecken";
    /// An area letter that is not one.
    ApiNotAnArea => "`{value}` is not an area (A–H)", "`{value}` är inget område (A–H)";
    /// An attachment over the size limit.
    ApiAttachmentTooLarge => "the file is larger than {max} bytes", "filen är större än {max} byte";
    /// Hint on an attachment over the size limit.
    ApiAttachmentTooLargeHint => "attachments are at most 20 MB unless the server says otherwise",
        "bilagor får vara högst 20 MB om inte servern anger något annat";
    /// An attachment of a type not taken.
    ApiAttachmentType => "the file is not a PDF, DOCX, XLSX, ODT, PNG or JPEG (judged by its content)",
        "filen är inte en PDF, DOCX, XLSX, ODT, PNG eller JPEG (bedömt efter innehållet)";
    /// The unit's handlingsplan file with errors.
    ApiPlanFileProblems => "the {format} file has {count} problem(s); nothing was saved",
        "{format}-filen har {count} problem; inget sparades";
    /// The unit's plan lost the race with another change.
    ApiPlanChanged => "the inspection changed while the plan was merged; send it again",
        "inspektionen ändrades medan planen fördes in; skicka den igen";
    /// An unknown calendar feed.
    ApiNoCalendarFeed => "no such calendar feed", "kalenderflödet finns inte";
    /// Any other path.
    ApiNoEndpoint => "no such endpoint; see GET /openapi.json", "ingen sådan slutpunkt; se GET /openapi.json";
    /// An inspection the caller may not see, or that is not there (the same answer).
    ApiNoSuchInspection => "no such inspection", "inspektionen finns inte";
    /// What the caller's role may not do now.
    ApiForbidden => "your role may not do this to this inspection now",
        "din roll får inte göra detta med den här inspektionen nu";
    /// A store route on a server without a store.
    ApiNoStore => "this server has no store (`spur serve --stateless`)",
        "den här servern har inget lager (`spur serve --stateless`)";
    /// An id in a path that is not one.
    ApiNoSuchId => "inspection `{id}` not found", "inspektion `{id}` finns inte";
    /// A rendering of an inspection that is only ordered.
    ApiNoDocumentYet => "the inspection has no document yet", "inspektionen har inget dokument än";
    /// A version number in a path that is not one.
    ApiNoSuchVersion => "version `{n}` not found", "version `{n}` finns inte";
    /// Something the store does not have, as the store named it.
    ApiNotFound => "{what} not found", "{what} finns inte";
    /// No such inspection.
    ApiInspectionNotFound => "inspection {id} not found", "inspektion {id} finns inte";
    /// No such version.
    ApiVersionNotFound => "version {n} of inspection {id} not found", "version {n} av inspektion {id} finns inte";
    /// No such attachment.
    ApiAttachmentNotFound => "attachment {id} not found", "bilaga {id} finns inte";
    /// No such comment.
    ApiCommentNotFound => "comment {id} not found", "kommentar {id} finns inte";
    /// No open survey.
    ApiSurveyNotFound => "an open survey of inspection {id} not found", "en öppen enkät för inspektion {id} finns inte";
    /// Another inspection holds the unit and visit date.
    ApiDuplicate => "inspection {existing} already holds the unit `{unit}` visited on {visit_date}; save a new version of it instead",
        "inspektion {existing} har redan enheten `{unit}` besökt {visit_date}; spara en ny version av den i stället";
    /// The store is read-only.
    ApiStoreReadOnly => "the store is read-only at the moment: nothing was written (reads go on); try again later",
        "lagret är skrivskyddat just nu: inget skrevs (läsning fungerar); försök igen senare";
    /// The store is full.
    ApiStoreFull => "the store is full: nothing was written (reads go on); an administrator must make room, then try again",
        "lagret är fullt: inget skrevs (läsning fungerar); en administratör måste frigöra utrymme, försök sedan igen";
    /// The store cannot be reached.
    ApiStoreUnavailable => "the store is not available at the moment; try again",
        "lagret är inte tillgängligt just nu; försök igen";
    /// A save of an inspection that has no document yet.
    ApiOnlyOrdered => "the inspection is only ordered: it gets its document when it is planned",
        "inspektionen är bara beställd: den får sitt dokument när den planeras";
    /// A save based on an old version; `{yours}` is [`Msg::ApiStaleYours`] or empty.
    ApiStale => "inspection {id} has changed: it is at version {version}, saved by {author} at {at}{yours}; nothing was saved. Merge the changes and send the new ETag in If-Match",
        "inspektion {id} har ändrats: den är i version {version}, sparad av {author} {at}{yours}; inget sparades. För in ändringarna och skicka den nya ETag:en i If-Match";
    /// The client's version in [`Msg::ApiStale`].
    ApiStaleYours => " (you had version {n})", " (du hade version {n})";
    /// Several `Host` headers.
    ApiHostMany => "the request has {count} Host headers; send exactly one",
        "förfrågan har {count} Host-huvuden; skicka exakt ett";
    /// No `Host` header on HTTP/1.1.
    ApiHostMissing => "an HTTP/1.1 request needs a Host header (RFC 9112, section 3.2)",
        "en HTTP/1.1-förfrågan behöver ett Host-huvud (RFC 9112, avsnitt 3.2)";
    /// An absolute-form target naming another host.
    ApiHostTarget => "the request target names host `{host}`, which is not this server; send the path alone (`GET /v1/...`)",
        "förfrågans mål anger värden `{host}`, som inte är den här servern; skicka bara sökvägen (`GET /v1/...`)";
    /// A `Host` header that is not text.
    ApiHostUnreadable => "the Host header is not readable text",
        "Host-huvudet är inte läsbar text";
    /// A `Host` this server does not answer for.
    ApiHostNotServed => "this server does not answer for host `{host}`; start it with `spur serve --allowed-host NAME` to allow that name",
        "den här servern svarar inte för värden `{host}`; starta den med `spur serve --allowed-host NAMN` för att tillåta det namnet";
    /// A rendered answer over `spur serve --max-answer`.
    ApiAnswerTooLarge => "the answer would be {size} bytes, over the limit of {max} bytes (`spur serve --max-answer`)",
        "svaret skulle bli {size} byte, över gränsen på {max} byte (`spur serve --max-answer`)";
    /// A rendering over the request's memory budget.
    ApiRenderBudget => "rendering this document as {format} would take about {need} MB of memory ({items} texts), over the budget of {budget} MB per request ({factor} × the body, `spur serve --memory-factor`); send fewer or longer texts, or another format",
        "att återge dokumentet som {format} skulle ta omkring {need} MB minne ({items} texter), över budgeten på {budget} MB per förfrågan ({factor} × innehållet, `spur serve --memory-factor`); skicka färre eller längre texter, eller välj ett annat format";
    /// A method the route does not take.
    ApiMethodNotAllowed => "this endpoint does not take that method; see GET /openapi.json",
        "den här adressen tar inte emot den metoden; se GET /openapi.json";
    /// A save that changes what a final report freezes.
    ApiFinalFrozen => "the report is final: findings, grades and texts cannot change ({count} field(s) did); a coordinator makes a correction with a reason (POST /v1/inspections/{id}/corrections?reason=…); nothing was saved",
        "rapporten är slutlig: bedömningar, graderingar och texter kan inte ändras ({count} fält ändrades); en koordinator gör en rättelse med ett skäl (POST /v1/inspections/{id}/corrections?reason=…); inget sparades";
    /// One frozen field a save changes.
    ApiFinalField => "the report is final: this field cannot change (a coordinator's correction can)",
        "rapporten är slutlig: det här fältet kan inte ändras (det kan en koordinators rättelse)";
    /// Hint: how a final report is corrected.
    ApiFinalFieldHint => "POST /v1/inspections/{id}/corrections?reason=… with If-Match (coordinator)",
        "POST /v1/inspections/{id}/corrections?reason=… med If-Match (koordinator)";
    /// A survey opened in another state; `{state}` is the state's name.
    ApiSurveyNotPreparing => "the survey is opened while the inspection is preparing (it is {state})",
        "enkäten öppnas medan inspektionen förbereds (den är {state})";
    // The survey link's pages (no sign-in; each page says it in both languages)
    /// Too many wrong links from one address.
    SurveyTooMany => "Too many wrong links from this address; try again in a while.",
        "För många felaktiga länkar från den här adressen; försök igen om en stund.";
    /// A link that is not there (it may have been cut short).
    SurveyNoSuchLink => "No such link. Check that the whole link was copied.",
        "Länken finns inte. Kontrollera att hela länken kom med.";
    /// A link that is not there.
    SurveyNoLink => "No such link.", "Länken finns inte.";
    /// A link used already.
    SurveyLinkUsed => "This link has been used: each link takes one answer.",
        "Den här länken är redan använd: varje länk tar emot ett svar.";
    /// A closed survey.
    SurveyClosed => "The survey is closed.", "Enkäten är stängd.";
    /// Answers that could not be read.
    SurveyUnreadable => "The answers could not be read.", "Svaren kunde inte läsas.";
    /// Answers that could not be saved.
    SurveyNotSaved => "The answers could not be saved now; try again.",
        "Svaren kunde inte sparas just nu; försök igen.";
            }
        }
    };
}
