//! The server configuration file (`spur serve --config FILE`), as far as sign-in goes.
//!
//! ```toml
//! [[oidc]]
//! issuer = "https://idp.example.se/realms/region"
//! audience = "spur"
//! jwks_file = "/etc/spur/region-jwks.json"   # or jwks_url = "https://…/certs"
//! algorithms = ["RS256"]                       # the default
//! subject_claim = "sub"                        # the default; e.g. "hsaId" or "email"
//!
//! # The first rule that matches gives the role and the scope.
//! [[oidc.roles]]
//! claim = "groups"               # a string claim, or an array of strings
//! value = "spur-admin"
//! role = "admin"
//! scope = "all"
//!
//! [[oidc.roles]]
//! claim = "groups"
//! value = "spur-region"
//! role = "region"
//! scope = "region"
//! scope_value = "Region Örebro län"   # a fixed value …
//!
//! [[oidc.roles]]
//! claim = "groups"
//! value = "spur-unit"
//! role = "unit"
//! scope = "unit"
//! scope_claim = "unit_name"           # … or the value of another claim
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::policy::{Role, Scope};

/// The server configuration file. Unknown keys are refused, so that a mistyped security
/// setting is an error and not a silent default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// OIDC issuers whose bearer tokens are accepted.
    #[serde(default)]
    pub oidc: Vec<OidcConfig>,
    /// Receivers of the process's notifications (`[[webhook]]` url and secret).
    #[serde(default)]
    pub webhook: Vec<crate::webhook::WebhookConfig>,
    /// Sign-in settings (`[sign_in]`).
    #[serde(default)]
    pub sign_in: SignInConfig,
}

/// `[sign_in]`: the failure budget, the reverse proxies, and the browser sessions.
///
/// ```toml
/// [sign_in]
/// failures_per_minute = 10
/// trusted_proxies = ["127.0.0.1"]
/// behind_tls = true                       # Secure, __Host- session cookies
/// session_hours = 8                      # how long a browser session lasts
/// session_key_file = "/etc/spur/session.key"   # 64 hex digits, shared by all instances
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInConfig {
    /// Failed sign-ins per client address and minute before 429.
    #[serde(default = "default_failures")]
    pub failures_per_minute: u32,
    /// Peers whose `X-Forwarded-For` names the client.
    #[serde(default)]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The server is reached over HTTPS (through the proxy): session cookies are `Secure`.
    #[serde(default)]
    pub behind_tls: bool,
    /// How long a browser session lasts.
    #[serde(default = "default_session_hours")]
    pub session_hours: u32,
    /// The file with the key that signs session cookies (64 hex digits). Without it each server
    /// process makes its own, so sessions end with a restart and do not span instances.
    #[serde(default)]
    pub session_key_file: Option<PathBuf>,
}

impl Default for SignInConfig {
    fn default() -> SignInConfig {
        SignInConfig {
            failures_per_minute: default_failures(),
            trusted_proxies: Vec::new(),
            behind_tls: false,
            session_hours: default_session_hours(),
            session_key_file: None,
        }
    }
}

fn default_failures() -> u32 {
    super::DEFAULT_FAILURES
}

fn default_session_hours() -> u32 {
    8
}

impl SignInConfig {
    /// The session key: read from `session_key_file` (relative to `base`), else a new random
    /// one.
    ///
    /// # Errors
    /// The file cannot be read or is not 64 hex digits ([`ConfigError::Invalid`]), or the
    /// random source failed.
    pub fn session_key(&self, base: &Path) -> Result<super::session::SessionKey, ConfigError> {
        let invalid = |path: &Path, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            location: "sign_in.session_key_file".into(),
            message,
        };
        let Some(file) = &self.session_key_file else {
            return super::session::SessionKey::generate()
                .map_err(|e| invalid(base, format!("no random source: {e}")));
        };
        let path = base.join(file);
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        let hex = text.trim();
        let mut key = [0u8; 32];
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid(
                &path,
                "the key is 64 hex digits (e.g. `openssl rand -hex 32`)".into(),
            ));
        }
        for (i, k) in key.iter_mut().enumerate() {
            *k = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
                .map_err(|_| invalid(&path, "not hex".into()))?;
        }
        Ok(super::session::SessionKey::from_bytes(key))
    }
}

/// One trusted OIDC issuer (`[[oidc]]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcConfig {
    /// The issuer, exactly as tokens write `iss`.
    pub issuer: String,
    /// The audience this server is (`aud` must contain it).
    pub audience: String,
    /// Where the issuer publishes its keys (JWKS over HTTPS).
    #[serde(default)]
    pub jwks_url: Option<String>,
    /// A file holding the issuer's JWKS (read again on an unknown key id).
    #[serde(default)]
    pub jwks_file: Option<PathBuf>,
    /// The accepted signature algorithms (`RS256`, `RS384`, `RS512`, `PS256`, `PS384`, `PS512`,
    /// `ES256`, `ES384`, `EdDSA`). HMAC (`HS*`) and `none` are never accepted.
    #[serde(default = "default_algorithms")]
    pub algorithms: Vec<String>,
    /// The claim that names the person (recorded as author; matched against an inspection's
    /// inspectors).
    #[serde(default = "default_subject_claim")]
    pub subject_claim: String,
    /// Clock skew allowed for `exp` and `nbf`, in seconds.
    #[serde(default = "default_leeway")]
    pub leeway_seconds: u64,
    /// How claims map to a role and a scope; the first rule that matches wins. A token that
    /// matches none is signed in but has no role (403).
    #[serde(default)]
    pub roles: Vec<RoleRule>,
    /// Browser sign-in with this issuer ("Logga in med regionen", the authorization-code flow
    /// with PKCE): where the browser is sent to sign in (`https://…/authorize`). Set together
    /// with `token_endpoint`, `client_id` and `redirect_uri`, or not at all.
    #[serde(default)]
    pub authorization_endpoint: Option<String>,
    /// Where the server exchanges the code for an ID token (`https://…/token`).
    #[serde(default)]
    pub token_endpoint: Option<String>,
    /// This server's client id at the issuer (the ID token's `aud` must be `audience`, which is
    /// usually the same text).
    #[serde(default)]
    pub client_id: Option<String>,
    /// A file holding the client secret, for an issuer that wants a confidential client
    /// (`client_secret_post`); without it the server is a public client and PKCE alone binds
    /// the code.
    #[serde(default)]
    pub client_secret_file: Option<PathBuf>,
    /// The callback registered at the issuer: this server's public address followed by
    /// `/sign-in/callback` (`https://spur.region.se/sign-in/callback`).
    #[serde(default)]
    pub redirect_uri: Option<String>,
    /// The button's name for people (default: "Logga in med regionen" / "Sign in with the
    /// region").
    #[serde(default)]
    pub display_name: Option<String>,
    /// The scopes asked for (default `openid`; add e.g. `profile` or the IdP's group scope).
    #[serde(default)]
    pub scopes: Vec<String>,
}

impl OidcConfig {
    /// Whether the issuer is configured for browser sign-in (the code flow).
    pub fn has_code_flow(&self) -> bool {
        self.authorization_endpoint.is_some()
            && self.token_endpoint.is_some()
            && self.client_id.is_some()
            && self.redirect_uri.is_some()
    }
}

fn default_algorithms() -> Vec<String> {
    vec!["RS256".to_string()]
}

fn default_subject_claim() -> String {
    "sub".to_string()
}

fn default_leeway() -> u64 {
    60
}

/// One `[[oidc.roles]]` rule: when `claim` equals `value` (or, for an array claim, contains
/// it), the person has `role` in `scope`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleRule {
    /// The claim to look at (`groups`, `roles`, …).
    pub claim: String,
    /// The value it must have or contain.
    pub value: String,
    /// The role given.
    pub role: Role,
    /// The scope kind: `all`, `specialty`, `inspection`, `unit` or `region`.
    pub scope: String,
    /// A fixed scope value.
    #[serde(default)]
    pub scope_value: Option<String>,
    /// The claim whose value is the scope value (e.g. the person's unit).
    #[serde(default)]
    pub scope_claim: Option<String>,
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML for the configuration.
    #[error("{path}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The parser's message (with line and column).
        message: String,
    },
    /// A value is not allowed.
    #[error("{path}: {location}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Which entry (`oidc[0].roles[1]`).
        location: String,
        /// What is wrong.
        message: String,
    },
}

/// The signature algorithms an issuer may be configured with (asymmetric only).
pub const ALLOWED_ALGORITHMS: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA",
];

impl ServerConfig {
    /// Read and check a configuration file.
    ///
    /// # Errors
    /// [`ConfigError`] naming the file and, for a bad value, the entry.
    pub fn load(path: &Path) -> Result<ServerConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        ServerConfig::parse(&text, path)
    }

    /// Parse and check configuration text (`path` only names it in errors).
    ///
    /// # Errors
    /// [`ConfigError::Syntax`] or [`ConfigError::Invalid`].
    pub fn parse(text: &str, path: &Path) -> Result<ServerConfig, ConfigError> {
        let config: ServerConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        config.check(path)?;
        Ok(config)
    }

    fn check(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |location: String, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            location,
            message,
        };
        if self.sign_in.failures_per_minute == 0 || self.sign_in.session_hours == 0 {
            return Err(invalid(
                "sign_in".into(),
                "failures_per_minute and session_hours must be at least 1".into(),
            ));
        }
        let mut issuers = std::collections::HashSet::new();
        for (i, o) in self.oidc.iter().enumerate() {
            let at = format!("oidc[{i}]");
            if o.issuer.trim().is_empty() || o.audience.trim().is_empty() {
                return Err(invalid(at, "issuer and audience must not be empty".into()));
            }
            if !issuers.insert(o.issuer.as_str()) {
                return Err(invalid(
                    at,
                    format!("issuer `{}` is configured twice", o.issuer),
                ));
            }
            match (&o.jwks_url, &o.jwks_file) {
                (Some(_), Some(_)) | (None, None) => {
                    return Err(invalid(
                        at,
                        "give exactly one of jwks_url and jwks_file".into(),
                    ));
                }
                (Some(url), None) if !url.starts_with("https://") && !is_loopback_http(url) => {
                    return Err(invalid(
                        at,
                        "jwks_url must be https:// (plain http only to a loopback address)".into(),
                    ));
                }
                _ => {}
            }
            if o.algorithms.is_empty() {
                return Err(invalid(at, "algorithms must not be empty".into()));
            }
            for a in &o.algorithms {
                if !ALLOWED_ALGORITHMS.contains(&a.as_str()) {
                    return Err(invalid(
                        at,
                        format!(
                            "algorithm `{a}` is not accepted; one of {}",
                            ALLOWED_ALGORITHMS.join(", ")
                        ),
                    ));
                }
            }
            for (j, r) in o.roles.iter().enumerate() {
                let at = format!("oidc[{i}].roles[{j}]");
                r.check().map_err(|m| invalid(at, m))?;
            }
            let flow = [
                &o.authorization_endpoint,
                &o.token_endpoint,
                &o.client_id,
                &o.redirect_uri,
            ];
            let set = flow.iter().filter(|f| f.is_some()).count();
            if set != 0 && set != flow.len() {
                return Err(invalid(
                    format!("oidc[{i}]"),
                    "browser sign-in needs all of authorization_endpoint, token_endpoint, client_id and redirect_uri".into(),
                ));
            }
            for (name, url) in [
                ("authorization_endpoint", &o.authorization_endpoint),
                ("token_endpoint", &o.token_endpoint),
                ("redirect_uri", &o.redirect_uri),
            ] {
                if let Some(url) = url
                    && !url.starts_with("https://")
                    && !is_loopback_http(url)
                {
                    return Err(invalid(
                        format!("oidc[{i}].{name}"),
                        "must be https:// (plain http:// only to a loopback address)".into(),
                    ));
                }
            }
            if o.client_secret_file.is_some() && set == 0 {
                return Err(invalid(
                    format!("oidc[{i}].client_secret_file"),
                    "a client secret is only used by browser sign-in (set token_endpoint …)".into(),
                ));
            }
        }
        Ok(())
    }
}

fn is_loopback_http(url: &str) -> bool {
    ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| {
            url.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        })
}

impl RoleRule {
    fn check(&self) -> Result<(), String> {
        let fixed = self.scope_value.is_some();
        let from_claim = self.scope_claim.is_some();
        match self.scope.as_str() {
            "all" if fixed || from_claim => Err("scope `all` takes no value".into()),
            "all" => Ok(()),
            "specialty" | "inspection" | "unit" | "region" => match (fixed, from_claim) {
                (true, false) | (false, true) => {
                    // A fixed value must make a valid scope.
                    if let Some(v) = &self.scope_value {
                        Scope::from_parts(&self.scope, Some(v)).map_err(|e| e.to_string())?;
                    }
                    Ok(())
                }
                _ => Err(format!(
                    "scope `{}` needs exactly one of scope_value and scope_claim",
                    self.scope
                )),
            },
            other => Err(format!(
                "scope `{other}` is not one of all, specialty, inspection, unit, region"
            )),
        }
        .and_then(|()| {
            if self.role == Role::Admin && self.scope != "all" {
                Err("the admin role has scope `all`".into())
            } else {
                Ok(())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ServerConfig, ConfigError> {
        ServerConfig::parse(text, Path::new("spur.toml"))
    }

    #[test]
    fn full_example_reads_with_defaults() {
        let c = parse(
            r#"
[[oidc]]
issuer = "https://idp.example/realms/r"
audience = "spur"
jwks_file = "jwks.json"

[[oidc.roles]]
claim = "groups"
value = "spur-unit"
role = "unit"
scope = "unit"
scope_claim = "unit_name"
"#,
        )
        .unwrap();
        assert_eq!(c.oidc[0].algorithms, vec!["RS256"]);
        assert_eq!(c.oidc[0].subject_claim, "sub");
        assert_eq!(c.oidc[0].roles[0].role, Role::Unit);
    }

    #[test]
    fn session_key_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("k"), format!("{}\n", "ab".repeat(32))).unwrap();
        std::fs::write(dir.path().join("bad"), "xyz").unwrap();
        let mut c = SignInConfig {
            session_key_file: Some("k".into()),
            ..SignInConfig::default()
        };
        c.session_key(dir.path()).unwrap();
        c.session_key_file = Some("bad".into());
        assert!(c.session_key(dir.path()).is_err());
        c.session_key_file = Some("missing".into());
        assert!(c.session_key(dir.path()).is_err());
        c.session_key_file = None;
        c.session_key(dir.path()).unwrap();
    }

    #[test]
    fn bad_configurations_are_refused() {
        let base = "[[oidc]]\nissuer = \"https://i\"\naudience = \"spur\"\n";
        let cases = [
            ("", "exactly one of jwks_url"),
            ("jwks_url = \"http://idp.example/certs\"\n", "https://"),
            ("jwks_file = \"a\"\nalgorithms = [\"HS256\"]\n", "HS256"),
            ("jwks_file = \"a\"\nalgorithms = [\"none\"]\n", "none"),
            ("jwks_file = \"a\"\nalgorithms = []\n", "empty"),
            ("jwks_file = \"a\"\nsecret = \"x\"\n", "unknown field"),
            (
                "jwks_file = \"a\"\n[[oidc.roles]]\nclaim = \"g\"\nvalue = \"v\"\nrole = \"admin\"\nscope = \"unit\"\nscope_value = \"U\"\n",
                "admin",
            ),
            (
                "jwks_file = \"a\"\n[[oidc.roles]]\nclaim = \"g\"\nvalue = \"v\"\nrole = \"unit\"\nscope = \"unit\"\n",
                "exactly one of scope_value",
            ),
            (
                "jwks_file = \"a\"\n[[oidc.roles]]\nclaim = \"g\"\nvalue = \"v\"\nrole = \"chief\"\nscope = \"all\"\n",
                "chief",
            ),
        ];
        for (extra, expected) in cases {
            let err = parse(&format!("{base}{extra}")).unwrap_err().to_string();
            assert!(err.contains(expected), "{extra:?}: {err}");
        }
        assert!(parse("jwks_url = \"http://127.0.0.1:8080/certs\"").is_err());
        assert!(parse("[sign_in]\nfailures_per_minute = 0\n").is_err());
        assert!(parse("[sign_in]\nsecure = true\n").is_err());
        let c = parse("[sign_in]\ntrusted_proxies = [\"127.0.0.1\", \"::1\"]\nbehind_tls = true\n")
            .unwrap();
        assert_eq!(c.sign_in.trusted_proxies.len(), 2);
        assert_eq!(c.sign_in.failures_per_minute, 10);
        assert_eq!(c.sign_in.session_hours, 8);
        let ok = format!("{base}jwks_url = \"http://127.0.0.1:8080/certs\"\n");
        parse(&ok).unwrap();
    }
}
