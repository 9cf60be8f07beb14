//! Who may do what: the one pure function [`authorize`] and its vocabulary.
//!
//! Every handler of the store asks [`authorize`] before it reads or writes anything, with what it
//! knows about the inspection (a [`Resource`]). The answer is a [`Decision`]:
//!
//! - [`Decision::NotFound`] (**404**): the inspection is outside the caller's scope; its
//!   existence is not revealed, so the answer is the same as for an id that does not exist;
//! - [`Decision::Forbidden`] (**403**): the caller may see the inspection but not do this to it
//!   (a unit saving findings, an inspector writing after `final`);
//! - [`Decision::Allow`].
//!
//! No credential or a bad one is decided before this, by the sign-in
//! ([`authenticate`](super::authenticate)): **401**.
//!
//! Lists and the overview ask for each row: a list keeps the rows for which
//! `authorize(p, Action::ReadRecord, row)` allows, the overview the rows for which
//! `Action::RenderReport` allows (so a region counts only its units' final reports).
//!
//! The workflow's own rules (which transition may follow which state, that a correction after
//! `final` carries a reason) are the store's, answered with 409; this module says only whether
//! this person may ask.

use serde::{Deserialize, Serialize};

/// A person's or an integration's role. Stored as the lowercase name (`admin`, …) in tokens and
/// in the server configuration.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::Display,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Role {
    /// LIPUS: everything, including tokens and role assignments.
    Admin,
    /// The specialty society's SPUR coordinator: the specialty's inspections, appoints inspectors,
    /// makes transitions and corrections after `final`.
    Coordinator,
    /// An inspector appointed to an inspection: reads and writes it until it is `final`.
    Inspector,
    /// A unit (verksamhetschef, studierektor): its own inspections — the preliminary and final
    /// report, comments during the factual check, the handlingsplan answer, attachments.
    Unit,
    /// A region: the final reports and the overview of its own units.
    Region,
}

impl Role {
    /// Every role, in order of reach.
    pub const ALL: &'static [Role] = <Role as strum::VariantArray>::VARIANTS;
}

/// What part of the store a principal's role applies to.
///
/// Serialised as `{"kind": "unit", "value": "Kirurgkliniken"}` (`{"kind": "all"}` for
/// [`Scope::All`]); stored as the two columns `scope_kind` and `scope_value` (see
/// [`Scope::from_parts`]). Units, regions and specialties are named exactly as the inspection
/// documents write them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Scope {
    /// The whole store (admin; an inspector signed in by OIDC, who reaches the inspections
    /// that name them).
    All,
    /// The inspections of one specialty (`specialty` in the document).
    Specialty(String),
    /// One inspection, by its store id.
    Inspection(String),
    /// The inspections of one unit (`unit` in the document).
    Unit(String),
    /// The inspections of one region's units (`region` in the document).
    Region(String),
}

/// A scope that cannot be built from its stored parts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid scope `{kind}`: {reason}")]
pub struct ScopeError {
    /// The kind as given.
    pub kind: String,
    /// Why it is refused.
    pub reason: &'static str,
}

impl Scope {
    /// The stored kind: `all`, `specialty`, `inspection`, `unit` or `region`.
    pub fn kind(&self) -> &'static str {
        match self {
            Scope::All => "all",
            Scope::Specialty(_) => "specialty",
            Scope::Inspection(_) => "inspection",
            Scope::Unit(_) => "unit",
            Scope::Region(_) => "region",
        }
    }

    /// The stored value (`None` for [`Scope::All`]).
    pub fn value(&self) -> Option<&str> {
        match self {
            Scope::All => None,
            Scope::Specialty(v) | Scope::Inspection(v) | Scope::Unit(v) | Scope::Region(v) => {
                Some(v)
            }
        }
    }

    /// The scope from the two stored columns (`scope_kind`, `scope_value`).
    ///
    /// # Errors
    /// An unknown kind, a value for `all`, or a missing or empty value for any other kind.
    pub fn from_parts(kind: &str, value: Option<&str>) -> Result<Scope, ScopeError> {
        let err = |reason| ScopeError {
            kind: kind.to_string(),
            reason,
        };
        let value = value.map(str::trim).filter(|v| !v.is_empty());
        let need = |v: Option<&str>| {
            v.map(str::to_string)
                .ok_or_else(|| err("a value is needed"))
        };
        match kind {
            "all" if value.is_none() => Ok(Scope::All),
            "all" => Err(err("`all` takes no value")),
            "specialty" => Ok(Scope::Specialty(need(value)?)),
            "inspection" => Ok(Scope::Inspection(need(value)?)),
            "unit" => Ok(Scope::Unit(need(value)?)),
            "region" => Ok(Scope::Region(need(value)?)),
            _ => Err(err(
                "the kind is one of all, specialty, inspection, unit, region",
            )),
        }
    }

    /// Whether an inspection with these facts lies in this scope.
    fn contains(&self, id: Option<&str>, unit: &str, region: &str, specialty: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Specialty(s) => s == specialty,
            Scope::Inspection(i) => Some(i.as_str()) == id,
            Scope::Unit(u) => u == unit,
            Scope::Region(r) => r == region,
        }
    }
}

/// How a principal proved who they are (kept for the audit trail and `GET /v1/me`; never the
/// credential itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Via {
    /// An API token, by its store id.
    Token {
        /// The token's id in the store (what `spur admin token list` shows).
        id: String,
    },
    /// An OIDC bearer token (or a browser session begun with one).
    Oidc {
        /// The issuer (`iss`).
        issuer: String,
        /// The issuer's subject claim (`sub`, or the configured claim).
        subject: String,
    },
}

/// Who is asking: the outcome of a successful sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// The name recorded as the author of what they write (a token's name, the person's OIDC
    /// subject). For an inspector signed in by OIDC this is also what the inspection's
    /// list of appointed inspectors is matched against.
    pub subject: String,
    /// The role.
    pub role: Role,
    /// Where the role applies.
    pub scope: Scope,
    /// How they signed in.
    pub via: Via,
}

/// An inspection's workflow state (issue 31's names, exactly): the store's
/// [`spur_store::workflow::State`], so that the rules of who may act and of what may follow are
/// about one type.
pub use spur_store::workflow::State;

/// Every thing a caller can ask of the store. Each has the route the issues name for it
/// ([`Action::route`]); the table test in `tests/auth_policy.rs` has a row for every action and
/// role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action", content = "to")]
pub enum Action {
    // ---- the store as a whole (Resource::Store) ----
    /// `GET /v1/inspections` (each row then filtered by [`Action::ReadRecord`]).
    ListInspections,
    /// `GET /v1/overview` (each inspection then filtered by [`Action::RenderReport`]).
    Overview,
    /// `GET /v1/deadlines` (what is due for the caller; rows filtered by [`Action::ReadRecord`]).
    ReadDeadlines,
    /// `GET /v1/me`.
    ReadMe,
    /// `spur admin token create|list|revoke` (and any route for them).
    ManageTokens,
    /// `spur store export|backup`, `spur audit export|verify`: the whole store.
    ExportStore,
    // ---- an inspection about to be made (Resource::New) ----
    /// `POST /v1/inspections`: a complete document brought in.
    CreateInspection,
    /// `POST /v1/orders`: an inspection ordered by a unit or a region.
    Order,
    // ---- one inspection (Resource::Inspection) ----
    /// `GET /v1/inspections/{id}`: the record (state, deadlines, links).
    ReadRecord,
    /// `GET /v1/inspections/{id}/document`.
    ReadDocument,
    /// `PUT /v1/inspections/{id}/document`: a new version (until `final`; from then on only
    /// fields outside findings, grades and texts).
    SaveDocument,
    /// `POST /v1/inspections/{id}/corrections`: a coordinator's correction of a final report,
    /// with its reason.
    Correct,
    /// `GET /v1/inspections/{id}/versions` and `…/versions/{n}`.
    ReadVersions,
    /// `GET /v1/inspections/{id}/diff`.
    ReadDiff,
    /// `GET /v1/inspections/{id}/report`.
    RenderReport,
    /// `GET /v1/inspections/{id}/handlingsplan` (the template).
    RenderHandlingsplan,
    /// `PUT /v1/inspections/{id}/handlingsplan`: the unit's answer.
    AnswerPlan,
    /// `GET /v1/inspections/{id}/audit`.
    ReadAudit,
    /// `POST /v1/inspections/{id}/transitions` with `{"to": STATE}` (appointing inspectors is the
    /// transition to `planned`).
    Transition(State),
    /// `POST /v1/inspections/{id}/comments`: the unit's factual-check comment.
    Comment,
    /// `GET /v1/inspections/{id}/comments`.
    ReadComments,
    /// An inspector's answer to (or resolution of) a comment.
    AnswerComment,
    /// `POST /v1/inspections/{id}/attachments`.
    UploadAttachment,
    /// `GET /v1/inspections/{id}/attachments`.
    ListAttachments,
    /// `GET /v1/inspections/{id}/attachments/{n}`.
    DownloadAttachment,
    /// Opening (or closing) the pre-visit survey and receiving its one-time links.
    OpenSurvey,
    /// `GET /v1/inspections/{id}/survey/summary`.
    ReadSurveySummary,
}

/// What an action applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The store as a whole.
    Store,
    /// An inspection being created or ordered.
    New,
    /// One existing inspection.
    Inspection,
}

impl Action {
    /// Every action (each transition once per target state).
    pub fn all() -> Vec<Action> {
        use Action::*;
        let mut all = vec![
            ListInspections,
            Overview,
            ReadDeadlines,
            ReadMe,
            ManageTokens,
            ExportStore,
            CreateInspection,
            Order,
            ReadRecord,
            ReadDocument,
            SaveDocument,
            Correct,
            ReadVersions,
            ReadDiff,
            RenderReport,
            RenderHandlingsplan,
            AnswerPlan,
            ReadAudit,
        ];
        all.extend(State::ALL.iter().map(|s| Transition(*s)));
        all.extend([
            Comment,
            ReadComments,
            AnswerComment,
            UploadAttachment,
            ListAttachments,
            DownloadAttachment,
            OpenSurvey,
            ReadSurveySummary,
        ]);
        all
    }

    /// The action's name as `GET /v1/me` and the tests write it: `read_document`,
    /// `transition:final`, ….
    pub fn name(self) -> String {
        match self {
            Action::Transition(s) => format!("transition:{s}"),
            other => {
                // The serde name of a unit variant is its snake_case name.
                serde_json::to_value(other)
                    .ok()
                    .and_then(|v| v.get("action").and_then(|a| a.as_str()).map(str::to_string))
                    .unwrap_or_default()
            }
        }
    }

    /// What the action applies to.
    pub fn target(self) -> Target {
        use Action::*;
        match self {
            ListInspections | Overview | ReadDeadlines | ReadMe | ManageTokens | ExportStore => {
                Target::Store
            }
            CreateInspection | Order => Target::New,
            _ => Target::Inspection,
        }
    }

    /// The methods and routes the issues name for the action (none for what is only a CLI
    /// command or not routed yet). Paths use OpenAPI's `{id}` placeholders. The test
    /// `auth_policy::every_route_of_the_openapi_document_is_decided` checks that every route of
    /// `docs/openapi.json` is one of these or in [`OPEN_ROUTES`].
    pub fn routes(self) -> &'static [(&'static str, &'static str)] {
        use Action::*;
        match self {
            ListInspections => &[("GET", "/v1/inspections")],
            Overview => &[("GET", "/v1/overview")],
            ReadDeadlines => &[
                ("GET", "/v1/deadlines"),
                ("POST", "/v1/calendar"),
                ("DELETE", "/v1/calendar"),
            ],
            ReadMe => &[("GET", "/v1/me")],
            ManageTokens | ExportStore => &[],
            AnswerComment => &[("POST", "/v1/inspections/{id}/comments/{comment}/answer")],
            CreateInspection => &[("POST", "/v1/inspections")],
            Order => &[("POST", "/v1/orders")],
            ReadRecord => &[("GET", "/v1/inspections/{id}")],
            ReadDocument => &[("GET", "/v1/inspections/{id}/document")],
            SaveDocument => &[("PUT", "/v1/inspections/{id}/document")],
            Correct => &[("POST", "/v1/inspections/{id}/corrections")],
            ReadVersions => &[
                ("GET", "/v1/inspections/{id}/versions"),
                ("GET", "/v1/inspections/{id}/versions/{n}"),
            ],
            ReadDiff => &[("GET", "/v1/inspections/{id}/diff")],
            RenderReport => &[("GET", "/v1/inspections/{id}/report")],
            RenderHandlingsplan => &[("GET", "/v1/inspections/{id}/handlingsplan")],
            AnswerPlan => &[("PUT", "/v1/inspections/{id}/handlingsplan")],
            ReadAudit => &[("GET", "/v1/inspections/{id}/audit")],
            // Returning the unit's plan is `Transition(PlanRequired)` during `plan_required`.
            Transition(_) => &[
                ("POST", "/v1/inspections/{id}/transitions"),
                ("POST", "/v1/inspections/{id}/handlingsplan/return"),
            ],
            Comment => &[
                ("POST", "/v1/inspections/{id}/comments"),
                ("POST", "/v1/inspections/{id}/factual-check"),
            ],
            ReadComments => &[("GET", "/v1/inspections/{id}/comments")],
            UploadAttachment => &[("POST", "/v1/inspections/{id}/attachments")],
            ListAttachments => &[("GET", "/v1/inspections/{id}/attachments")],
            DownloadAttachment => &[("GET", "/v1/inspections/{id}/attachments/{n}")],
            OpenSurvey => &[
                ("POST", "/v1/inspections/{id}/survey"),
                ("DELETE", "/v1/inspections/{id}/survey"),
            ],
            ReadSurveySummary => &[("GET", "/v1/inspections/{id}/survey/summary")],
        }
    }
}

/// Routes that need no sign-in: the stateless endpoints (they hold nothing), the service's own
/// description, and the capability links that carry their own random secret in the path (survey
/// links, calendar feeds) because their clients cannot send headers.
pub const OPEN_ROUTES: &[(&str, &str)] = &[
    ("GET", "/healthz"),
    ("GET", "/openapi.json"),
    ("GET", "/v1/catalog"),
    ("POST", "/v1/compare"),
    ("POST", "/v1/convert"),
    ("POST", "/v1/followup"),
    ("POST", "/v1/grade"),
    ("POST", "/v1/handlingsplan"),
    ("POST", "/v1/handlingsplan/import"),
    ("POST", "/v1/report"),
    ("GET", "/v1/schema/{name}"),
    ("POST", "/v1/validate"),
    ("GET", "/v1/calendar/{feed}"),
    ("GET", "/survey/{token}"),
    ("POST", "/survey/{token}"),
];

/// What the handler knows about the thing asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// The store as a whole (lists, the overview, tokens, export, `/v1/me`).
    Store,
    /// An inspection that does not exist yet: what the order or the posted document says.
    New {
        /// The unit (as the documents write it).
        unit: String,
        /// The unit's region.
        region: String,
        /// The specialty.
        specialty: String,
    },
    /// One inspection in the store.
    Inspection(InspectionFacts),
}

/// The facts about one stored inspection that decide who may touch it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionFacts {
    /// The store id.
    pub id: String,
    /// The unit (as the documents write it).
    pub unit: String,
    /// The unit's region.
    pub region: String,
    /// The specialty.
    pub specialty: String,
    /// The appointed inspectors, as principals' subjects (OIDC subjects or token names).
    pub inspectors: Vec<String>,
    /// The workflow state.
    pub state: State,
}

/// The answer of [`authorize`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// 404: outside the caller's scope; the answer does not reveal that it exists.
    NotFound,
    /// 403: in scope, but this role may not do this (now).
    Forbidden,
}

impl Decision {
    /// The HTTP status the decision answers with (200 for [`Decision::Allow`], which the
    /// handler replaces with its own).
    pub fn status(self) -> u16 {
        match self {
            Decision::Allow => 200,
            Decision::NotFound => 404,
            Decision::Forbidden => 403,
        }
    }
}

fn allow_if(ok: bool) -> Decision {
    if ok {
        Decision::Allow
    } else {
        Decision::Forbidden
    }
}

/// May `principal` do `action` to `resource`? The one place that decides; pure and total.
///
/// An inspection outside the principal's scope is [`Decision::NotFound`] whatever the action,
/// so that no route reveals whether it exists. An inspector reaches an inspection only when
/// appointed to it: their subject is among its inspectors, or their token's scope is the
/// inspection. An action whose [`Action::target`] does not match the resource's kind is
/// [`Decision::NotFound`] (a handler's mistake never opens anything).
pub fn authorize(principal: &Principal, action: Action, resource: &Resource) -> Decision {
    let role = principal.role;
    match (action.target(), resource) {
        (Target::Store, Resource::Store) => store_action(role, action),
        (
            Target::New,
            Resource::New {
                unit,
                region,
                specialty,
            },
        ) => {
            if !principal.scope.contains(None, unit, region, specialty) {
                // Nothing exists yet, so nothing is hidden: the caller may just not order for
                // someone else.
                return Decision::Forbidden;
            }
            new_action(role, action)
        }
        (Target::Inspection, Resource::Inspection(facts)) => {
            let scope = &principal.scope;
            let mut in_scope = scope.contains(
                Some(&facts.id),
                &facts.unit,
                &facts.region,
                &facts.specialty,
            );
            if role == Role::Inspector {
                let appointed = matches!(scope, Scope::Inspection(id) if *id == facts.id)
                    || facts.inspectors.contains(&principal.subject);
                in_scope &= appointed;
            }
            if !in_scope {
                return Decision::NotFound;
            }
            inspection_action(role, action, facts.state)
        }
        _ => Decision::NotFound,
    }
}

fn store_action(role: Role, action: Action) -> Decision {
    use Action::*;
    match (role, action) {
        (Role::Admin, _) => Decision::Allow,
        (_, ListInspections | ReadDeadlines | ReadMe) => Decision::Allow,
        (Role::Coordinator | Role::Region, Overview) => Decision::Allow,
        _ => Decision::Forbidden,
    }
}

fn new_action(role: Role, action: Action) -> Decision {
    match (role, action) {
        (Role::Admin, _) => Decision::Allow,
        (Role::Coordinator, Action::CreateInspection | Action::Order) => Decision::Allow,
        (Role::Unit | Role::Region, Action::Order) => Decision::Allow,
        _ => Decision::Forbidden,
    }
}

fn inspection_action(role: Role, action: Action, state: State) -> Decision {
    use Action::*;
    match role {
        Role::Admin => Decision::Allow,
        Role::Coordinator => match action {
            // Before final an edit; from final on a correction (the store demands its reason).
            SaveDocument | Correct => allow_if(state != State::Cancelled),
            // The unit's own voice.
            Comment | AnswerPlan => Decision::Forbidden,
            Transition(State::Ordered) => Decision::Forbidden,
            _ => Decision::Allow,
        },
        Role::Inspector => match action {
            ReadRecord | ReadDocument | ReadVersions | ReadDiff | RenderReport
            | RenderHandlingsplan | ReadAudit | ReadComments | ListAttachments
            | DownloadAttachment | ReadSurveySummary => Decision::Allow,
            // Writes until final, none from final on.
            SaveDocument | OpenSurvey => allow_if(state.before_final()),
            AnswerComment => allow_if(state == State::Preliminary),
            // The inspectors move their inspection on, and accept the unit's plan after final;
            // planning, cancelling and ordering are the coordinator's.
            Transition(to) => allow_if(!matches!(
                to,
                State::Ordered | State::Planned | State::Cancelled
            )),
            Comment | AnswerPlan | UploadAttachment => Decision::Forbidden,
            _ => Decision::Forbidden,
        },
        Role::Unit => match action {
            ReadRecord | ReadAudit | ListAttachments | DownloadAttachment => Decision::Allow,
            ReadDocument | RenderReport | RenderHandlingsplan | ReadComments => {
                allow_if(state.from_preliminary())
            }
            Comment => allow_if(state == State::Preliminary),
            AnswerPlan => allow_if(state == State::PlanRequired),
            UploadAttachment => allow_if(!matches!(state, State::Closed | State::Cancelled)),
            // Never findings or grades; versions and diffs show the drafts.
            _ => Decision::Forbidden,
        },
        Role::Region => match action {
            ReadRecord => Decision::Allow,
            ReadDocument | RenderReport | RenderHandlingsplan => allow_if(state.from_final()),
            _ => Decision::Forbidden,
        },
    }
}
