//! Every JSON Schema spur publishes, by name: what `GET /v1/schema/{name}` and
//! `spur schema NAME` serve and `docs/schema/NAME.schema.json` holds.

/// The names of the schemas, inputs first, then outputs.
pub const SCHEMA_NAMES: &[&str] = &[
    "inspection",
    "catalog",
    "indicators",
    "supervision-log",
    "toolkit",
    "validation",
    "grading",
    "report",
    "followup",
    "overview",
    "agenda",
    "commitments",
    "compare",
    "survey-statements",
    "survey-questions",
    "survey-summary",
];

/// The schema called `name` (see [`SCHEMA_NAMES`]), pretty-printed with a trailing newline.
///
/// ```
/// let grading = spur_server::schema("grading").unwrap();
/// assert!(grading.contains("\"$id\""));
/// assert!(spur_server::schema("nope").is_none());
/// ```
pub fn schema(name: &str) -> Option<String> {
    Some(match name {
        "inspection" => spur_core::schema::inspection(),
        "catalog" => spur_core::schema::catalog(),
        "indicators" => spur_core::schema::indicators(),
        "supervision-log" => spur_supervision::schema::log(),
        "toolkit" => spur_supervision::schema::toolkit(),
        "validation" => spur_core::schema::validation(),
        "grading" => spur_grading::Grading::json_schema(),
        "report" => spur_report::ReportJson::json_schema(),
        "followup" => spur_followup::FollowUp::json_schema(),
        "overview" => spur_followup::Overview::json_schema(),
        "agenda" => spur_supervision::schema::agenda(),
        "commitments" => spur_supervision::schema::commitments(),
        "compare" => spur_followup::Comparison::json_schema(),
        "survey-statements" => spur_survey::schema::statements(),
        "survey-questions" => spur_survey::schema::questions(),
        "survey-summary" => spur_survey::schema::summary(),
        _ => return None,
    })
}
