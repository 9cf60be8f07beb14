//! Browser sign-in (issue 30, item 4) and the start page after it (issue 31, item 8).
//!
//! | route | does |
//! |---|---|
//! | `GET /sign-in[?lang=en]` | the sign-in page: an API token, and "Logga in med regionen" for each `[[oidc]]` issuer configured for the code flow |
//! | `POST /sign-in` | form field `token` → a new session (cookie) → `303` to `/start` |
//! | `GET /sign-in/region?issuer=N` | begins the region's OIDC code flow with PKCE (→ the issuer) |
//! | `GET /sign-in/callback?code=…&state=…` | the issuer's redirect back: state, code verifier and nonce checked → a new session |
//! | `POST /sign-out` | ends the session (CSRF token in `X-CSRF-Token` or the form field `csrf`) → `303` to `/sign-in` |
//! | `GET /start[?lang=en]` | the start page of the signed-in person (`/assets/start.js` fills it from the JSON routes) |
//!
//! Sessions live in the store (`sessions`, only the SHA-256 of the random id), so every
//! instance on one PostgreSQL knows them; the cookie is `ID.EXPIRES.MAC` signed with the
//! shared session key ([`crate::auth::session`]). A session begun with an API token ends when
//! the token is revoked or expires. A refused sign-in is counted by the failure limiter (429
//! with `Retry-After`) and appended to the audit trail (`sign_in.refused`, never the token).

use std::net::{IpAddr, Ipv4Addr};

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use spur_core::escape::html as esc;
use spur_store::Store;

use crate::auth::code_flow::{self, Flow};
use crate::auth::session::{self, cookie_value, csrf_token};
use crate::auth::{AuthError, Authenticator, OidcConfig, Principal, Role, Scope, Via};
use crate::caller::Peer;
use crate::cookie::{CookieSession, Sessions, csrf, db_time, from_cookie};

spur_core::phrases! {
    /// The words of the sign-in and start pages.
    enum Says {
        SkipToContent => "Skip to content",
            "Hoppa till innehållet";
        SignInToSpur => "Sign in to spur",
            "Logga in i spur";
        ApiToken => "API token",
            "API-token";
        TokenHelp => "The token your administrator made for you (it begins with spur_). It is sent only to the server and not kept in the browser.",
            "Token som administratören skapade åt dig (börjar med spur_). Den skickas bara till servern och sparas inte i webbläsaren.";
        SignIn => "Sign in",
            "Logga in";
        OrWithTheRegionsSignIn => "Or with the region's sign-in",
            "Eller med regionens inloggning";
        SignInWithTheRegion => "Sign in with the region",
            "Logga in med regionen";
        AdministratorLipus => "administrator (LIPUS)",
            "administratör (LIPUS)";
        SpurCoordinator => "SPUR coordinator",
            "SPUR-samordnare";
        Inspector => "inspector",
            "inspektör";
        Unit => "unit",
            "enhet";
        Region => "region",
            "region";
        Everything => "everything",
            "alla";
        TheSpecialty => "the specialty",
            "specialiteten";
        Inspection => "inspection",
            "inspektion";
        SignedInLabel => "Signed in:",
            "Inloggad:";
        SignOut => "Sign out",
            "Logga ut";
        ToDo => "To do",
            "Att göra";
        Loading => "Loading …",
            "Hämtar …";
        Tools => "Tools",
            "Verktyg";
        TheInspectionForm => "The inspection form",
            "Inspektionsformuläret";
        TheHandlingsplanAnswerPage => "The handlingsplan answer page",
            "Handlingsplanens svarssida";
        Start => "Start",
            "Start";
        SignInUnavailable => "Sign-in is unavailable for a moment. Try again.",
            "Inloggningen är inte tillgänglig just nu. Försök igen.";
        CrossSiteRefused => "A sign-in sent from another site is refused.",
            "Inloggning från en annan webbplats tas inte emot.";
        RegionSignInNotConfigured => "The region's sign-in is not configured on this server.",
            "Den regionala inloggningen är inte inställd på den här servern.";
        SignedInTitle => "Signed in",
            "Inloggad";
        YouAreSignedIn => "You are signed in",
            "Du är inloggad";
        ContinueToTheStartPage => "Continue to the start page",
            "Fortsätt till startsidan";
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Sv,
    En,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
    fn of(query: Option<&str>) -> Lang {
        match form_value(query.unwrap_or(""), "lang").as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Sv,
        }
    }
    fn t(self, phrase: Says) -> &'static str {
        phrase.template(match self {
            Lang::Sv => spur_core::Lang::Sv,
            Lang::En => spur_core::Lang::En,
        })
    }
    fn suffix(self) -> &'static str {
        match self {
            Lang::Sv => "",
            Lang::En => "?lang=en",
        }
    }
}

/// The pages' Content-Security-Policy: the form's, but forms may post to this origin.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
frame-ancestors 'none'";

fn html_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_CSP),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    r.extensions_mut().insert(crate::guard::HtmlPage);
    r
}

fn page(lang: Lang, title: &str, head: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} – spur</title>\n{head}\
         <link rel=\"stylesheet\" href=\"/assets/app.css\">\n\
         <link rel=\"stylesheet\" href=\"/assets/start.css\">\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">{skip}</a>\n{body}\n</body>\n</html>\n",
        lang = lang.code(),
        title = esc(title),
        skip = lang.t(Says::SkipToContent),
    )
}

fn sign_in_page(sessions: &Sessions, lang: Lang, error: Option<&str>) -> String {
    let mut body = String::new();
    body.push_str(&format!(
        "<main id=\"main\" class=\"signin\">\n<h1>{}</h1>\n",
        lang.t(Says::SignInToSpur)
    ));
    if let Some(e) = error {
        body.push_str(&format!(
            "<p class=\"signin-error\" role=\"alert\" id=\"signin-error\">{}</p>\n",
            esc(e)
        ));
    }
    let described = if error.is_some() {
        "token-help signin-error"
    } else {
        "token-help"
    };
    body.push_str(&format!(
        "<form method=\"post\" action=\"/sign-in\" class=\"signin-form\">\n\
         <input type=\"hidden\" name=\"lang\" value=\"{code}\">\n\
         <label for=\"token\">{label}</label>\n\
         <input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" spellcheck=\"false\" required aria-describedby=\"{described}\">\n\
         <p id=\"token-help\" class=\"hint\">{help}</p>\n\
         <button type=\"submit\" id=\"sign-in\">{button}</button>\n</form>\n",
        code = lang.code(),
        label = lang.t(Says::ApiToken),
        help = lang.t(Says::TokenHelp),
        button = lang.t(Says::SignIn),
    ));
    let regions: Vec<(usize, &OidcConfig)> = sessions
        .issuers
        .iter()
        .enumerate()
        .filter(|(_, o)| o.has_code_flow())
        .collect();
    if !regions.is_empty() {
        body.push_str(&format!(
            "<h2>{}</h2>\n<ul class=\"signin-regions\">\n",
            lang.t(Says::OrWithTheRegionsSignIn)
        ));
        for (i, o) in regions {
            let name = o
                .display_name
                .clone()
                .unwrap_or_else(|| lang.t(Says::SignInWithTheRegion).to_string());
            body.push_str(&format!(
                "<li><a class=\"button\" href=\"/sign-in/region?issuer={i}{amp}\">{}</a></li>\n",
                esc(&name),
                amp = if lang == Lang::En { "&amp;lang=en" } else { "" },
            ));
        }
        body.push_str("</ul>\n");
    }
    body.push_str(&match lang {
        Lang::Sv => "<p class=\"lang-switch\"><a href=\"/sign-in?lang=en\" lang=\"en\" hreflang=\"en\">In English</a></p>\n".to_string(),
        Lang::En => "<p class=\"lang-switch\"><a href=\"/sign-in\" lang=\"sv\" hreflang=\"sv\">På svenska</a></p>\n".to_string(),
    });
    body.push_str("</main>");
    page(lang, lang.t(Says::SignIn), "", &body)
}

/// The role's name for people.
fn role_name(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Admin => lang.t(Says::AdministratorLipus),
        Role::Coordinator => lang.t(Says::SpurCoordinator),
        Role::Inspector => lang.t(Says::Inspector),
        Role::Unit => lang.t(Says::Unit),
        Role::Region => lang.t(Says::Region),
    }
}

/// The scope's words for people.
fn scope_words(lang: Lang, scope: &Scope) -> String {
    let v = scope.value().unwrap_or_default();
    match scope {
        Scope::All => lang.t(Says::Everything).to_string(),
        Scope::Specialty(_) => format!("{} {v}", lang.t(Says::TheSpecialty)),
        Scope::Inspection(_) => format!("{} {v}", lang.t(Says::Inspection)),
        Scope::Unit(_) | Scope::Region(_) => v.to_string(),
    }
}

/// The bar every signed-in page shows: who, role, scope, and the sign-out button.
fn signed_in_bar(lang: Lang, p: &Principal, csrf: &str) -> String {
    format!(
        "<header class=\"signed-in\" id=\"signed-in\">\n<p><span class=\"who\">{label} <strong id=\"who-name\">{name}</strong></span> \
         <span class=\"role\" id=\"who-role\" data-role=\"{role_code}\">{role}</span> \
         <span class=\"scope\" id=\"who-scope\">{scope}</span></p>\n\
         <form method=\"post\" action=\"/sign-out\" class=\"sign-out\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <input type=\"hidden\" name=\"lang\" value=\"{code}\">\
         <button type=\"submit\" id=\"sign-out\">{out}</button></form>\n</header>\n",
        label = lang.t(Says::SignedInLabel),
        name = esc(&p.subject),
        role_code = p.role,
        role = role_name(lang, p.role),
        scope = esc(&scope_words(lang, &p.scope)),
        csrf = esc(csrf),
        code = lang.code(),
        out = lang.t(Says::SignOut),
    )
}

fn start_page(lang: Lang, s: &CookieSession, sessions: &Sessions) -> String {
    let csrf = csrf_token(&sessions.key, &s.id);
    let head = format!(
        "<meta name=\"csrf-token\" content=\"{}\">\n<script src=\"/assets/common.js\" defer></script>\n\
         <script src=\"/assets/start.js\" defer></script>\n",
        esc(&csrf)
    );
    let p = &s.principal;
    let body = format!(
        "{bar}<main id=\"main\" class=\"start\" data-role=\"{role}\" aria-busy=\"true\">\n<h1>{title}</h1>\n\
         <p class=\"lang-switch\">{switch}</p>\n\
         <div id=\"start-content\"><p>{loading}</p></div>\n\
         <nav aria-label=\"{tools}\"><ul class=\"start-links\">\
         <li><a href=\"/\">{form}</a></li><li><a href=\"/handlingsplan\">{plan}</a></li></ul></nav>\n</main>",
        bar = signed_in_bar(lang, p, &csrf),
        role = p.role,
        title = lang.t(Says::ToDo),
        switch = match lang {
            Lang::Sv => "<a href=\"/start?lang=en\" lang=\"en\" hreflang=\"en\">In English</a>",
            Lang::En => "<a href=\"/start\" lang=\"sv\" hreflang=\"sv\">På svenska</a>",
        },
        loading = lang.t(Says::Loading),
        tools = lang.t(Says::Tools),
        form = lang.t(Says::TheInspectionForm),
        plan = lang.t(Says::TheHandlingsplanAnswerPage),
    );
    page(lang, lang.t(Says::Start), &head, &body)
}

// ---------------------------------------------------------------------------------------------
// Handlers.

fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn add_cookie(r: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// The form value `name` of an `application/x-www-form-urlencoded` text (or a query string).
fn form_value(text: &str, name: &str) -> Option<String> {
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (crate::auth::token::percent_decode(k) == name)
            .then(|| crate::auth::token::percent_decode(v))
    })
}

struct Ctx {
    store: Store,
    auth: Authenticator,
    sessions: Sessions,
    client: IpAddr,
}

fn ctx(req: &Request) -> Option<Ctx> {
    let ext = req.extensions();
    let auth = ext.get::<Authenticator>()?.clone();
    let peer = ext
        .get::<Peer>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |p| p.0.ip());
    let client = crate::auth::limit::client_address(peer, req.headers(), &auth.trusted_proxies);
    Some(Ctx {
        store: ext.get::<Store>()?.clone(),
        sessions: ext.get::<Sessions>()?.clone(),
        auth,
        client,
    })
}

fn no_store() -> Response {
    crate::input::Problems::message("this server has no store (`spur serve --stateless`)".into())
        .into_response_with(StatusCode::NOT_FOUND)
}

impl Ctx {
    /// The 429 page when this address is over its failure budget.
    fn limited(&self, lang: Lang) -> Option<Response> {
        let wait = self
            .auth
            .limiter
            .check(self.client, std::time::Instant::now())
            .err()?;
        let secs = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
        let msg = match lang {
            Lang::Sv => format!(
                "För många misslyckade inloggningar från den här adressen. Försök igen om {secs} sekunder."
            ),
            Lang::En => {
                format!("Too many failed sign-ins from this address. Try again in {secs} seconds.")
            }
        };
        let mut r = html_response(
            StatusCode::TOO_MANY_REQUESTS,
            sign_in_page(&self.sessions, lang, Some(&msg)),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        Some(r)
    }

    /// A refused sign-in: counted per address, audited (how and why, never the credential),
    /// and answered with the sign-in page and its message.
    async fn refuse(&self, lang: Lang, via: &str, reason: &str, status: StatusCode) -> Response {
        self.auth
            .limiter
            .record_failure(self.client, std::time::Instant::now());
        tracing::info!(client = %self.client, via, "refused sign-in: {reason}");
        if let Err(e) = self
            .store
            .audit(
                "anonymous",
                "sign_in.refused",
                None,
                serde_json::json!({"via": via, "reason": reason, "client": self.client.to_string()}),
            )
            .await
        {
            tracing::error!("audit of a refused sign-in failed: {e}");
        }
        let msg = match (lang, via) {
            (Lang::Sv, "token") => {
                "Inloggningen misslyckades: token gäller inte (okänd, återkallad eller utgången)."
                    .to_string()
            }
            (Lang::En, "token") => {
                "Sign-in failed: the token is not valid (unknown, revoked or expired).".to_string()
            }
            (Lang::Sv, _) => {
                format!("Inloggningen med regionen misslyckades ({reason}). Försök igen.")
            }
            (Lang::En, _) => format!("Sign-in with the region failed ({reason}). Try again."),
        };
        let mut r = html_response(status, sign_in_page(&self.sessions, lang, Some(&msg)));
        add_cookie(&mut r, &code_flow::clear_flow_cookie(self.sessions.opts));
        r
    }

    /// Begin a session for `principal`: stored, cookie set, the request's old session (if
    /// any) ended — a session id is never taken from the browser.
    async fn begin(
        &self,
        headers: &HeaderMap,
        principal: &Principal,
        lang: Lang,
    ) -> Result<(String, String), Response> {
        if let Ok(Some(old)) = from_cookie(headers, &self.store, &self.sessions).await {
            let _ = self
                .store
                .end_session(&spur_store::sha256_hex(old.id.as_bytes()))
                .await;
        }
        let unavailable = || {
            html_response(
                StatusCode::SERVICE_UNAVAILABLE,
                sign_in_page(&self.sessions, lang, Some(lang.t(Says::SignInUnavailable))),
            )
        };
        let id = session::new_session_id().map_err(|_| unavailable())?;
        let now = Utc::now();
        let expires = now + chrono::Duration::hours(i64::from(self.sessions.hours));
        let token_id = match &principal.via {
            Via::Token { id } => id.parse::<i64>().ok(),
            Via::Oidc { .. } => None,
        };
        let json = serde_json::to_string(principal).map_err(|_| unavailable())?;
        self.store
            .create_session(
                &spur_store::sha256_hex(id.as_bytes()),
                &json,
                token_id,
                &db_time(expires),
            )
            .await
            .map_err(|e| {
                tracing::error!("storing a session failed: {e}");
                unavailable()
            })?;
        let value = session::sign_cookie(&self.sessions.key, &id, expires);
        Ok((
            session::set_cookie(&value, expires, now, self.sessions.opts),
            id,
        ))
    }
}

/// `GET /sign-in`.
pub(crate) async fn sign_in_form(req: Request) -> Response {
    let Some(c) = ctx(&req) else {
        return no_store();
    };
    let lang = Lang::of(req.uri().query());
    html_response(StatusCode::OK, sign_in_page(&c.sessions, lang, None))
}

/// `POST /sign-in`: form field `token`.
pub(crate) async fn sign_in_submit(req: Request) -> Response {
    let Some(c) = ctx(&req) else {
        return no_store();
    };
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let form = String::from_utf8_lossy(&bytes);
    let lang = Lang::of(Some(&form));
    // A sign-in posted from another site (login CSRF) is refused.
    if parts
        .headers
        .get("sec-fetch-site")
        .is_some_and(|v| v == "cross-site")
    {
        return html_response(
            StatusCode::FORBIDDEN,
            sign_in_page(&c.sessions, lang, Some(lang.t(Says::CrossSiteRefused))),
        );
    }
    if let Some(r) = c.limited(lang) {
        return r;
    }
    let token = form_value(&form, "token").unwrap_or_default();
    let token = token.trim();
    let principal = if crate::auth::token::looks_like_token(token) {
        let digest = crate::auth::TokenDigest::of(token);
        match c.auth.tokens.lookup(&digest).await {
            Ok(Some(record)) => record.principal(&digest, Utc::now()),
            Ok(None) => Err(AuthError::Invalid("unknown token")),
            Err(e) => {
                tracing::error!("token lookup failed: {e}");
                Err(AuthError::Unavailable)
            }
        }
    } else {
        Err(AuthError::Invalid("not a spur token"))
    };
    let principal = match principal {
        Ok(p) => p,
        Err(AuthError::Invalid(reason)) => {
            return c
                .refuse(lang, "token", reason, StatusCode::UNAUTHORIZED)
                .await;
        }
        Err(_) => {
            return html_response(
                StatusCode::SERVICE_UNAVAILABLE,
                sign_in_page(&c.sessions, lang, Some(lang.t(Says::SignInUnavailable))),
            );
        }
    };
    match c.begin(&parts.headers, &principal, lang).await {
        Ok((cookie, _)) => {
            let mut r = see_other(&format!("/start{}", lang.suffix()));
            add_cookie(&mut r, &cookie);
            r
        }
        Err(r) => r,
    }
}

/// `GET /sign-in/region?issuer=N`: begin the code flow.
pub(crate) async fn sign_in_region(req: Request) -> Response {
    let Some(c) = ctx(&req) else {
        return no_store();
    };
    let query = req.uri().query().unwrap_or("");
    let lang = Lang::of(Some(query));
    let index = form_value(query, "issuer")
        .and_then(|i| i.parse::<usize>().ok())
        .unwrap_or(0);
    let Some(config) = c.sessions.issuers.get(index).filter(|o| o.has_code_flow()) else {
        return html_response(
            StatusCode::NOT_FOUND,
            sign_in_page(
                &c.sessions,
                lang,
                Some(lang.t(Says::RegionSignInNotConfigured)),
            ),
        );
    };
    let Ok(flow) = Flow::new(index, Utc::now(), lang.code()) else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let mut r = see_other(&code_flow::authorization_url(config, &flow));
    add_cookie(
        &mut r,
        &code_flow::set_flow_cookie(
            &code_flow::sign_flow(&c.sessions.key, &flow),
            c.sessions.opts,
        ),
    );
    r
}

/// `GET /sign-in/callback?code=…&state=…`: the issuer's redirect back.
pub(crate) async fn sign_in_callback(req: Request) -> Response {
    let Some(c) = ctx(&req) else {
        return no_store();
    };
    let query = req.uri().query().unwrap_or("").to_string();
    let flow = cookie_value(req.headers(), code_flow::flow_cookie_name(c.sessions.opts))
        .and_then(|v| code_flow::verify_flow(&c.sessions.key, v, Utc::now()));
    let lang = match flow.as_ref().map(|f| f.lang.as_str()) {
        Some("en") => Lang::En,
        _ => Lang::Sv,
    };
    if let Some(r) = c.limited(lang) {
        return r;
    }
    let refuse = |reason: &'static str| c.refuse(lang, "oidc", reason, StatusCode::UNAUTHORIZED);
    let Some(flow) = flow else {
        return refuse("no sign-in in progress, or it took too long").await;
    };
    if form_value(&query, "error").is_some() {
        return refuse("the region's sign-in service refused").await;
    }
    if !code_flow::state_matches(&flow, &form_value(&query, "state").unwrap_or_default()) {
        return refuse("the state does not match this sign-in").await;
    }
    let Some(code) = form_value(&query, "code").filter(|c| !c.is_empty()) else {
        return refuse("no code").await;
    };
    let Some(config) = c
        .sessions
        .issuers
        .get(flow.issuer)
        .filter(|o| o.has_code_flow())
    else {
        return refuse("the issuer is not configured").await;
    };
    let secret = match &config.client_secret_file {
        Some(f) => match std::fs::read_to_string(c.sessions.base.join(f)) {
            Ok(s) => Some(s.trim().to_string()),
            Err(e) => {
                tracing::error!(issuer = %config.issuer, "client_secret_file: {e}");
                return refuse("the client secret cannot be read").await;
            }
        },
        None => None,
    };
    let id_token = match code_flow::exchange(config, &code, &flow.verifier, secret.as_deref()).await
    {
        Ok(t) => t,
        Err(reason) => return refuse(reason).await,
    };
    let principal = match c.auth.oidc.verify_id_token(&id_token, &flow.nonce).await {
        Ok(p) => p,
        Err(AuthError::Invalid(reason)) => return refuse(reason).await,
        Err(AuthError::NoRole) => {
            return refuse("no role is configured for this person").await;
        }
        Err(_) => return refuse("the ID token could not be checked").await,
    };
    match c.begin(req.headers(), &principal, lang).await {
        Ok((cookie, _)) => {
            // The browser arrives here from the issuer (a cross-site navigation), which does
            // not send `SameSite=Strict` cookies; a page of this site moves it on, and that
            // same-site navigation does.
            let target = format!("/start{}", lang.suffix());
            let body = page(
                lang,
                lang.t(Says::SignedInTitle),
                &format!("<meta http-equiv=\"refresh\" content=\"0;url={target}\">\n"),
                &format!(
                    "<main id=\"main\"><h1>{}</h1><p><a href=\"{target}\">{}</a></p></main>",
                    lang.t(Says::YouAreSignedIn),
                    lang.t(Says::ContinueToTheStartPage),
                ),
            );
            let mut r = html_response(StatusCode::OK, body);
            add_cookie(&mut r, &cookie);
            add_cookie(&mut r, &code_flow::clear_flow_cookie(c.sessions.opts));
            r
        }
        Err(r) => r,
    }
}

/// `POST /sign-out`: end the session (its CSRF token in `X-CSRF-Token` or the form field
/// `csrf`), clear the cookie, back to the sign-in page.
pub(crate) async fn sign_out(req: Request) -> Response {
    let Some(c) = ctx(&req) else {
        return no_store();
    };
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let form = String::from_utf8_lossy(&bytes);
    let lang = Lang::of(Some(&form));
    if let Ok(Some(s)) = from_cookie(&parts.headers, &c.store, &c.sessions).await {
        let mut headers = parts.headers.clone();
        if !headers.contains_key(session::CSRF_HEADER)
            && let Some(t) = form_value(&form, "csrf")
            && let Ok(v) = HeaderValue::from_str(&t)
        {
            headers.insert(session::CSRF_HEADER, v);
        }
        if let Err(r) = csrf(&c.sessions, &s, &Method::POST, &headers) {
            return r;
        }
        if let Err(e) = c
            .store
            .end_session(&spur_store::sha256_hex(s.id.as_bytes()))
            .await
        {
            tracing::error!("ending a session failed: {e}");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let mut r = see_other(&format!("/sign-in{}", lang.suffix()));
    add_cookie(&mut r, &session::clear_cookie(c.sessions.opts));
    r
}

/// `GET /start`: the signed-in person's start page (to the sign-in page without a session).
pub(crate) async fn start(req: Request) -> Response {
    let Some(c) = ctx(&req) else {
        return no_store();
    };
    let lang = Lang::of(req.uri().query());
    match from_cookie(req.headers(), &c.store, &c.sessions).await {
        Ok(Some(s)) => html_response(StatusCode::OK, start_page(lang, &s, &c.sessions)),
        Ok(None) | Err(AuthError::Invalid(_)) => {
            let mut r = see_other(&format!("/sign-in{}", lang.suffix()));
            if cookie_value(req.headers(), c.sessions.opts.name()).is_some() {
                add_cookie(&mut r, &session::clear_cookie(c.sessions.opts));
            }
            r
        }
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_decode() {
        assert_eq!(
            form_value("lang=en&token=spur_a%2Bb", "token").as_deref(),
            Some("spur_a+b")
        );
        assert_eq!(form_value("a=1", "token"), None);
        assert_eq!(form_value("token", "token").as_deref(), Some(""));
    }
}
