//! The authorization table: every action × role × own scope / another scope, with the expected
//! decision per workflow state. A missing row, a duplicate row or a row for an unknown action
//! fails the test.

use std::collections::HashMap;

use spur_server::auth::{
    Action, Decision, InspectionFacts, Principal, Resource, Role, Scope, State, Via, authorize,
};

/// `(action, role, own scope, other scope)`. For an action on one inspection the two strings
/// give the decision in each state, in this order: ordered planned preparing visited
/// preliminary final plan_required plan_received closed cancelled. For the store as a whole
/// and for creating or ordering, one letter. `A` allow, `F` forbidden (403), `N` not found (404).
///
/// "Own scope" is an inspection of the principal's unit / region / specialty (an inspector's:
/// one they are appointed to); "other scope" an inspection of another unit, region and
/// specialty, not naming the inspector.
#[rustfmt::skip]
const TABLE: &[(&str, &str, &str, &str)] = &[
    ("list_inspections",         "admin",       "A",          "A"),
    ("list_inspections",         "coordinator", "A",          "A"),
    ("list_inspections",         "inspector",   "A",          "A"),
    ("list_inspections",         "unit",        "A",          "A"),
    ("list_inspections",         "region",      "A",          "A"),
    ("overview",                 "admin",       "A",          "A"),
    ("overview",                 "coordinator", "A",          "A"),
    ("overview",                 "inspector",   "F",          "F"),
    ("overview",                 "unit",        "F",          "F"),
    ("overview",                 "region",      "A",          "A"),
    ("read_deadlines",           "admin",       "A",          "A"),
    ("read_deadlines",           "coordinator", "A",          "A"),
    ("read_deadlines",           "inspector",   "A",          "A"),
    ("read_deadlines",           "unit",        "A",          "A"),
    ("read_deadlines",           "region",      "A",          "A"),
    ("read_me",                  "admin",       "A",          "A"),
    ("read_me",                  "coordinator", "A",          "A"),
    ("read_me",                  "inspector",   "A",          "A"),
    ("read_me",                  "unit",        "A",          "A"),
    ("read_me",                  "region",      "A",          "A"),
    ("manage_tokens",            "admin",       "A",          "A"),
    ("manage_tokens",            "coordinator", "F",          "F"),
    ("manage_tokens",            "inspector",   "F",          "F"),
    ("manage_tokens",            "unit",        "F",          "F"),
    ("manage_tokens",            "region",      "F",          "F"),
    ("export_store",             "admin",       "A",          "A"),
    ("export_store",             "coordinator", "F",          "F"),
    ("export_store",             "inspector",   "F",          "F"),
    ("export_store",             "unit",        "F",          "F"),
    ("export_store",             "region",      "F",          "F"),
    ("create_inspection",        "admin",       "A",          "A"),
    ("create_inspection",        "coordinator", "A",          "F"),
    ("create_inspection",        "inspector",   "F",          "F"),
    ("create_inspection",        "unit",        "F",          "F"),
    ("create_inspection",        "region",      "F",          "F"),
    ("order",                    "admin",       "A",          "A"),
    ("order",                    "coordinator", "A",          "F"),
    ("order",                    "inspector",   "F",          "F"),
    ("order",                    "unit",        "A",          "F"),
    ("order",                    "region",      "A",          "F"),
    ("read_record",              "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("read_record",              "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_record",              "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_record",              "unit",        "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_record",              "region",      "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_document",            "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("read_document",            "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_document",            "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_document",            "unit",        "FFFFAAAAAF", "NNNNNNNNNN"),
    ("read_document",            "region",      "FFFFFAAAAF", "NNNNNNNNNN"),
    ("save_document",            "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("save_document",            "coordinator", "AAAAAAAAAF", "NNNNNNNNNN"),
    ("save_document",            "inspector",   "AAAAAFFFFF", "NNNNNNNNNN"),
    ("save_document",            "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("save_document",            "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("correct",                  "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("correct",                  "coordinator", "AAAAAAAAAF", "NNNNNNNNNN"),
    ("correct",                  "inspector",   "FFFFFFFFFF", "NNNNNNNNNN"),
    ("correct",                  "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("correct",                  "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("read_versions",            "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("read_versions",            "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_versions",            "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_versions",            "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("read_versions",            "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("read_diff",                "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("read_diff",                "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_diff",                "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_diff",                "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("read_diff",                "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("render_report",            "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("render_report",            "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("render_report",            "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("render_report",            "unit",        "FFFFAAAAAF", "NNNNNNNNNN"),
    ("render_report",            "region",      "FFFFFAAAAF", "NNNNNNNNNN"),
    ("render_handlingsplan",     "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("render_handlingsplan",     "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("render_handlingsplan",     "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("render_handlingsplan",     "unit",        "FFFFAAAAAF", "NNNNNNNNNN"),
    ("render_handlingsplan",     "region",      "FFFFFAAAAF", "NNNNNNNNNN"),
    ("answer_plan",              "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("answer_plan",              "coordinator", "FFFFFFFFFF", "NNNNNNNNNN"),
    ("answer_plan",              "inspector",   "FFFFFFFFFF", "NNNNNNNNNN"),
    ("answer_plan",              "unit",        "FFFFFFAFFF", "NNNNNNNNNN"),
    ("answer_plan",              "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("read_audit",               "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("read_audit",               "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_audit",               "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_audit",               "unit",        "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_audit",               "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:ordered",       "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("transition:ordered",       "coordinator", "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:ordered",       "inspector",   "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:ordered",       "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:ordered",       "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:planned",       "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("transition:planned",       "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:planned",       "inspector",   "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:planned",       "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:planned",       "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:preparing",     "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("transition:preparing",     "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:preparing",     "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:preparing",     "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:preparing",     "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:visited",       "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("transition:visited",       "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:visited",       "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:visited",       "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:visited",       "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:preliminary",   "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("transition:preliminary",   "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:preliminary",   "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:preliminary",   "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:preliminary",   "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:final",         "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("transition:final",         "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:final",         "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:final",         "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:final",         "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:plan_required", "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("transition:plan_required", "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:plan_required", "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:plan_required", "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:plan_required", "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:plan_received", "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("transition:plan_received", "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:plan_received", "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:plan_received", "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:plan_received", "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:closed",        "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("transition:closed",        "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:closed",        "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:closed",        "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:closed",        "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:cancelled",     "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("transition:cancelled",     "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("transition:cancelled",     "inspector",   "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:cancelled",     "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("transition:cancelled",     "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("comment",                  "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("comment",                  "coordinator", "FFFFFFFFFF", "NNNNNNNNNN"),
    ("comment",                  "inspector",   "FFFFFFFFFF", "NNNNNNNNNN"),
    ("comment",                  "unit",        "FFFFAFFFFF", "NNNNNNNNNN"),
    ("comment",                  "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("read_comments",            "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("read_comments",            "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_comments",            "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_comments",            "unit",        "FFFFAAAAAF", "NNNNNNNNNN"),
    ("read_comments",            "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("answer_comment",           "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("answer_comment",           "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("answer_comment",           "inspector",   "FFFFAFFFFF", "NNNNNNNNNN"),
    ("answer_comment",           "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("answer_comment",           "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("upload_attachment",        "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("upload_attachment",        "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("upload_attachment",        "inspector",   "FFFFFFFFFF", "NNNNNNNNNN"),
    ("upload_attachment",        "unit",        "AAAAAAAAFF", "NNNNNNNNNN"),
    ("upload_attachment",        "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("list_attachments",         "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("list_attachments",         "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("list_attachments",         "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("list_attachments",         "unit",        "AAAAAAAAAA", "NNNNNNNNNN"),
    ("list_attachments",         "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("download_attachment",      "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("download_attachment",      "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("download_attachment",      "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("download_attachment",      "unit",        "AAAAAAAAAA", "NNNNNNNNNN"),
    ("download_attachment",      "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("open_survey",              "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("open_survey",              "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("open_survey",              "inspector",   "AAAAAFFFFF", "NNNNNNNNNN"),
    ("open_survey",              "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("open_survey",              "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
    ("read_survey_summary",      "admin",       "AAAAAAAAAA", "AAAAAAAAAA"),
    ("read_survey_summary",      "coordinator", "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_survey_summary",      "inspector",   "AAAAAAAAAA", "NNNNNNNNNN"),
    ("read_survey_summary",      "unit",        "FFFFFFFFFF", "NNNNNNNNNN"),
    ("read_survey_summary",      "region",      "FFFFFFFFFF", "NNNNNNNNNN"),
];

const STATES_IN_TABLE_ORDER: [State; 10] = [
    State::Ordered,
    State::Planned,
    State::Preparing,
    State::Visited,
    State::Preliminary,
    State::Final,
    State::PlanRequired,
    State::PlanReceived,
    State::Closed,
    State::Cancelled,
];

const UNIT: &str = "Kirurgkliniken, Universitetssjukhuset Örebro";
const REGION: &str = "Region Örebro län";
const SPECIALTY: &str = "allmänmedicin";
const INSPECTOR: &str = "Anna Andersson";

fn principal(role: Role, scope: Scope, subject: &str) -> Principal {
    Principal {
        subject: subject.to_string(),
        role,
        scope,
        via: Via::Token { id: "1".into() },
    }
}

/// Every principal that plays `role` in the own scope (an inspector both by a token scoped to
/// the inspection and by OIDC, appointed by name).
fn principals(role: Role) -> Vec<Principal> {
    match role {
        Role::Admin => vec![principal(role, Scope::All, "LIPUS")],
        Role::Coordinator => vec![principal(
            role,
            Scope::Specialty(SPECIALTY.into()),
            "Samordnare",
        )],
        Role::Inspector => vec![
            principal(role, Scope::Inspection("insp-1".into()), "token for insp-1"),
            Principal {
                via: Via::Oidc {
                    issuer: "https://idp".into(),
                    subject: INSPECTOR.into(),
                },
                ..principal(role, Scope::All, INSPECTOR)
            },
        ],
        Role::Unit => vec![principal(role, Scope::Unit(UNIT.into()), "Verksamhetschef")],
        Role::Region => vec![principal(role, Scope::Region(REGION.into()), "Regionen")],
    }
}

fn own(state: State) -> Resource {
    Resource::Inspection(InspectionFacts {
        id: "insp-1".into(),
        unit: UNIT.into(),
        region: REGION.into(),
        specialty: SPECIALTY.into(),
        inspectors: vec![INSPECTOR.into(), "Bertil Berg".into()],
        state,
    })
}

fn other(state: State) -> Resource {
    Resource::Inspection(InspectionFacts {
        id: "insp-2".into(),
        unit: "Medicinkliniken, Skånes universitetssjukhus".into(),
        region: "Region Skåne".into(),
        specialty: "internmedicin".into(),
        inspectors: vec!["Cecilia Ceder".into()],
        state,
    })
}

fn letter(d: Decision) -> char {
    match d {
        Decision::Allow => 'A',
        Decision::Forbidden => 'F',
        Decision::NotFound => 'N',
    }
}

#[test]
fn every_action_and_role_has_exactly_one_row() {
    let actions: HashMap<String, Action> =
        Action::all().into_iter().map(|a| (a.name(), a)).collect();
    let mut seen = HashMap::new();
    for (action, role, _, _) in TABLE {
        assert!(
            actions.contains_key(*action),
            "row for unknown action {action}"
        );
        assert!(role.parse::<Role>().is_ok(), "row for unknown role {role}");
        assert!(
            seen.insert((*action, *role), ()).is_none(),
            "duplicate row {action} {role}"
        );
    }
    for action in actions.keys() {
        for role in Role::ALL {
            assert!(
                seen.contains_key(&(action.as_str(), <&str>::from(*role))),
                "no row for {action} × {role}"
            );
        }
    }
}

#[test]
fn decisions_match_the_table() {
    let actions: HashMap<String, Action> =
        Action::all().into_iter().map(|a| (a.name(), a)).collect();
    let mut failures = Vec::new();
    let mut cells = 0;
    for (name, role, want_own, want_other) in TABLE {
        let action = actions[*name];
        let role: Role = role.parse().unwrap();
        for p in principals(role) {
            let cases: Vec<(&str, Resource, char)> = match action.target() {
                spur_server::auth::policy::Target::Store => vec![
                    ("own", Resource::Store, want_own.chars().next().unwrap()),
                    ("other", Resource::Store, want_other.chars().next().unwrap()),
                ],
                spur_server::auth::policy::Target::New => vec![
                    (
                        "own",
                        Resource::New {
                            unit: UNIT.into(),
                            region: REGION.into(),
                            specialty: SPECIALTY.into(),
                        },
                        want_own.chars().next().unwrap(),
                    ),
                    (
                        "other",
                        Resource::New {
                            unit: "X".into(),
                            region: "Y".into(),
                            specialty: "Z".into(),
                        },
                        want_other.chars().next().unwrap(),
                    ),
                ],
                spur_server::auth::policy::Target::Inspection => {
                    assert_eq!(want_own.len(), 10, "{name} {role}: one letter per state");
                    assert_eq!(want_other.len(), 10, "{name} {role}: one letter per state");
                    STATES_IN_TABLE_ORDER
                        .iter()
                        .zip(want_own.chars().zip(want_other.chars()))
                        .flat_map(|(s, (o, x))| [("own", own(*s), o), ("other", other(*s), x)])
                        .collect()
                }
            };
            for (which, resource, want) in cases {
                cells += 1;
                let got = letter(authorize(&p, action, &resource));
                if got != want {
                    failures.push(format!(
                        "{name} × {role} ({} via {:?}) × {which} {:?}: want {want}, got {got}",
                        p.subject,
                        p.scope,
                        match &resource {
                            Resource::Inspection(f) => Some(f.state),
                            _ => None,
                        },
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cells} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cells > 2000, "{cells} cells");
}

/// A unit never reaches another unit's inspection by any action, in any state: always 404.
#[test]
fn unit_a_never_reaches_unit_b() {
    let a = principal(Role::Unit, Scope::Unit(UNIT.into()), "A");
    for action in Action::all()
        .into_iter()
        .filter(|a| a.target() == spur_server::auth::policy::Target::Inspection)
    {
        for s in State::ALL {
            assert_eq!(
                authorize(&a, action, &other(*s)),
                Decision::NotFound,
                "{action:?} {s}"
            );
        }
    }
}

/// An inspector of the right specialty who is not appointed does not reach the inspection;
/// a token scoped to another inspection neither.
#[test]
fn inspectors_reach_only_their_inspections() {
    let not_appointed = principal(Role::Inspector, Scope::All, "Someone Else");
    let other_token = principal(
        Role::Inspector,
        Scope::Inspection("insp-9".into()),
        INSPECTOR,
    );
    let same_specialty = principal(
        Role::Inspector,
        Scope::Specialty(SPECIALTY.into()),
        "Someone Else",
    );
    for p in [not_appointed, same_specialty] {
        assert_eq!(
            authorize(&p, Action::ReadRecord, &own(State::Visited)),
            Decision::NotFound
        );
    }
    // Named among the inspectors, but the token is scoped to another inspection.
    assert_eq!(
        authorize(&other_token, Action::ReadRecord, &own(State::Visited)),
        Decision::NotFound
    );
}

/// A handler that mixes up the resource kind opens nothing.
#[test]
fn mismatched_resources_are_not_found() {
    let admin = principal(Role::Admin, Scope::All, "LIPUS");
    assert_eq!(
        authorize(&admin, Action::ReadDocument, &Resource::Store),
        Decision::NotFound
    );
    assert_eq!(
        authorize(&admin, Action::ListInspections, &own(State::Final)),
        Decision::NotFound
    );
}

#[test]
fn names_and_scopes_round_trip() {
    for s in State::ALL {
        assert_eq!(s.to_string().parse::<State>().unwrap(), *s);
        assert_eq!(
            serde_json::to_value(s).unwrap(),
            serde_json::json!(s.to_string())
        );
    }
    assert_eq!(
        State::ALL
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        "ordered planned preparing visited preliminary final plan_required plan_received closed cancelled"
    );
    for r in Role::ALL {
        assert_eq!(
            serde_json::to_value(r).unwrap(),
            serde_json::json!(r.to_string())
        );
    }
    for scope in [
        Scope::All,
        Scope::Unit("U".into()),
        Scope::Region("R".into()),
        Scope::Specialty("S".into()),
        Scope::Inspection("7".into()),
    ] {
        assert_eq!(
            Scope::from_parts(scope.kind(), scope.value()).unwrap(),
            scope
        );
    }
    assert_eq!(
        serde_json::to_value(Scope::Unit("U".into())).unwrap(),
        serde_json::json!({"kind": "unit", "value": "U"})
    );
    assert!(Scope::from_parts("unit", None).is_err());
    assert!(Scope::from_parts("unit", Some("  ")).is_err());
    assert!(Scope::from_parts("all", Some("x")).is_err());
    assert!(Scope::from_parts("county", Some("x")).is_err());
    let names: Vec<String> = Action::all().into_iter().map(Action::name).collect();
    assert!(names.iter().all(|n| !n.is_empty()));
    assert!(names.contains(&"transition:plan_required".to_string()));
    assert!(names.contains(&"save_document".to_string()));
}

/// Every route of the OpenAPI document is decided: it is open (stateless, or carries its own
/// secret) or it is the route of an action, which has its rows in the table above. A new store
/// route without an action fails here.
#[test]
fn every_route_of_the_openapi_document_is_decided() {
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let decided: Vec<(&str, &str)> = Action::all()
        .into_iter()
        .flat_map(|a| a.routes().iter().copied())
        .chain(spur_server::auth::policy::OPEN_ROUTES.iter().copied())
        .collect();
    let mut undecided = Vec::new();
    let mut routes = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let method = method.to_uppercase();
            if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                continue;
            }
            routes += 1;
            // `/v1/calendar/{feed}.ics` is the route of `/v1/calendar/{feed}`.
            let path = path.trim_end_matches(".ics");
            if !decided.contains(&(method.as_str(), path)) {
                undecided.push(format!("{method} {path}"));
            }
        }
    }
    assert!(routes >= 12, "{routes} routes");
    assert!(
        undecided.is_empty(),
        "routes with no action in spur_server::auth (add an Action with its rows, or an OPEN_ROUTES entry):\n{}",
        undecided.join("\n")
    );
}
