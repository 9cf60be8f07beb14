//! `GET /v1/me`: who the caller is and what they may do, derived from [`authorize`] itself (so
//! it cannot disagree with what the handlers allow).

use std::collections::BTreeMap;

use serde::Serialize;

use super::SignedIn;

use super::policy::{
    Action, Decision, InspectionFacts, Principal, Resource, Role, Scope, State, Target, Via,
    authorize,
};

/// The answer of `GET /v1/me`.
///
/// ```json
/// {"subject": "Kirurgkliniken, token", "role": "unit",
///  "scope": {"kind": "unit", "value": "Kirurgkliniken"},
///  "via": {"kind": "token", "id": "7"},
///  "may": ["list_inspections", "read_deadlines", "read_me", "order"],
///  "on_inspections": {"preliminary": ["read_record", "read_document", "comment", …], …}}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Me {
    /// The name recorded as the author of the caller's writes.
    pub subject: String,
    /// The role.
    pub role: Role,
    /// Where the role applies.
    pub scope: Scope,
    /// How the caller signed in (a token's id, or the OIDC issuer and subject).
    pub via: Via,
    /// What the caller may do to the store as a whole, and what they may order or create in
    /// their own scope.
    pub may: Vec<String>,
    /// Per workflow state, what the caller may do to an inspection of their scope (for an
    /// inspector: one they are appointed to) in that state.
    pub on_inspections: BTreeMap<String, Vec<String>>,
    /// Signed in by the browser's session cookie: the token its state-changing requests send
    /// in `X-CSRF-Token`. Absent for bearer tokens (they need none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

/// The `GET /v1/me` handler: `.route("/v1/me", get(auth::me_handler))` on a router whose state
/// gives an [`Authenticator`](super::Authenticator).
pub async fn me_handler(SignedIn(principal): SignedIn) -> axum::Json<Me> {
    axum::Json(me(&principal))
}

/// The `GET /v1/me` answer for `principal`.
pub fn me(principal: &Principal) -> Me {
    let (unit, region, specialty, id) = in_scope_names(&principal.scope);
    let mut may = Vec::new();
    let mut on_inspections = BTreeMap::new();
    for action in Action::all() {
        let resource = match action.target() {
            Target::Store => Resource::Store,
            Target::New => Resource::New {
                unit: unit.clone(),
                region: region.clone(),
                specialty: specialty.clone(),
            },
            Target::Inspection => continue,
        };
        if authorize(principal, action, &resource) == Decision::Allow {
            may.push(action.name());
        }
    }
    for state in State::ALL {
        let facts = Resource::Inspection(InspectionFacts {
            id: id.clone(),
            unit: unit.clone(),
            region: region.clone(),
            specialty: specialty.clone(),
            inspectors: vec![principal.subject.clone()],
            state: *state,
        });
        let allowed: Vec<String> = Action::all()
            .into_iter()
            .filter(|a| a.target() == Target::Inspection)
            .filter(|a| authorize(principal, *a, &facts) == Decision::Allow)
            .map(Action::name)
            .collect();
        on_inspections.insert(state.to_string(), allowed);
    }
    Me {
        subject: principal.subject.clone(),
        role: principal.role,
        scope: principal.scope.clone(),
        via: principal.via.clone(),
        may,
        on_inspections,
        csrf_token: None,
    }
}

/// Names that put a hypothetical inspection inside `scope`: (unit, region, specialty, id).
fn in_scope_names(scope: &Scope) -> (String, String, String, String) {
    let v = scope.value().unwrap_or_default().to_string();
    match scope {
        Scope::All => Default::default(),
        Scope::Specialty(_) => (String::new(), String::new(), v, String::new()),
        Scope::Inspection(_) => (String::new(), String::new(), String::new(), v),
        Scope::Unit(_) => (v, String::new(), String::new(), String::new()),
        Scope::Region(_) => (String::new(), v, String::new(), String::new()),
    }
}
