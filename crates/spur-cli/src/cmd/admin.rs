//! `spur admin token …`: API tokens for integrations and people without the region's sign-in.
//! A token is printed once (`spur_` and 32 random bytes); the store keeps only its SHA-256.

use std::process::ExitCode;

use anyhow::Result;
use spur_store::NewToken;

use super::store::{StoreOpt, author, open, runtime};
use crate::io::bad_input;

/// Sign-in for `spur serve --store`: API tokens.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  spur admin token create --role admin --name \"LIPUS kansli\"\n  spur admin token create --role unit --unit \"VC Norr\" --name SR\n  spur admin token create --role region --region VGR --name VGR --expires 2027-06-30\n  spur admin token create --role inspector --inspection 12 --name Anna\n  spur admin token list\n  spur admin token revoke 3\n\nThe token is printed once and sent as `Authorization: Bearer spur_…`."
)]
pub struct Args {
    #[command(subcommand)]
    command: AdminCommand,
    #[command(flatten)]
    store: StoreOpt,
}

#[derive(clap::Subcommand)]
enum AdminCommand {
    /// API tokens: create, list, revoke.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(clap::Subcommand)]
enum TokenCommand {
    /// Create a token and print it once.
    Create {
        /// admin, coordinator, inspector, unit or region.
        #[arg(long, value_name = "ROLE")]
        role: String,
        /// A unit's name, as the inspection documents write it (or its store id).
        #[arg(long, value_name = "UNIT", group = "scope")]
        unit: Option<String>,
        /// A region's name, as the inspection documents write it (or its store id).
        #[arg(long, value_name = "REGION", group = "scope")]
        region: Option<String>,
        /// A specialty (for a coordinator), e.g. Allmänmedicin.
        #[arg(long, value_name = "SPECIALTY", group = "scope")]
        specialty: Option<String>,
        /// An inspection's id (for an inspector).
        #[arg(long, value_name = "ID", group = "scope")]
        inspection: Option<String>,
        /// A name for people: who or what uses it (recorded as the author of its writes).
        #[arg(long, value_name = "TEXT")]
        name: String,
        /// The last day it works, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        expires: Option<String>,
    },
    /// List tokens (never the tokens themselves).
    List,
    /// Revoke a token by its id.
    Revoke {
        /// The id `spur admin token list` shows.
        id: i64,
    },
}

/// Run `spur admin …`.
pub fn run(args: Args) -> Result<ExitCode> {
    let url = args.store.url();
    let AdminCommand::Token(cmd) = args.command;
    runtime()?.block_on(async move {
        let store = open(&url).await?;
        let code = match cmd {
            TokenCommand::Create {
                role,
                unit,
                region,
                specialty,
                inspection,
                name,
                expires,
            } => {
                let role: spur_server::auth::Role = role.parse().map_err(|_| {
                    bad_input(format!(
                        "error: `{}` is not a role: use admin, coordinator, inspector, unit or region",
                        spur_core::escape::terminal(&role)
                    ))
                })?;
                let (kind, value) = match (unit, region, specialty, inspection) {
                    (Some(u), ..) => ("unit", Some(u)),
                    (_, Some(r), ..) => ("region", Some(r)),
                    (_, _, Some(s), _) => ("specialty", Some(s)),
                    (_, _, _, Some(i)) => ("inspection", Some(i)),
                    _ => ("all", None),
                };
                let needs = match role {
                    spur_server::auth::Role::Admin => None,
                    spur_server::auth::Role::Coordinator => Some("specialty"),
                    // An inspector reaches the inspections they are appointed to by name, or
                    // the one inspection of `--inspection`.
                    spur_server::auth::Role::Inspector if kind != "all" => Some("inspection"),
                    spur_server::auth::Role::Inspector => None,
                    spur_server::auth::Role::Unit => Some("unit"),
                    spur_server::auth::Role::Region => Some("region"),
                };
                if let Some(needed) = needs
                    && needed != kind
                {
                    return Err(bad_input(format!(
                        "error: a {role} token needs --{needed}"
                    )));
                }
                let expires_at = match expires.as_deref() {
                    Some(d) => Some(
                        spur_core::parse_date(d)
                            .ok_or_else(|| {
                                bad_input(format!(
                                    "error: --expires `{}` is not a date (YYYY-MM-DD)",
                                    spur_core::escape::terminal(d)
                                ))
                            })?
                            .to_string(),
                    ),
                    None => None,
                };
                let (token, _) = spur_server::auth::generate_token()
                    .map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
                let record = store
                    .create_token(
                        &NewToken {
                            name,
                            role: role.to_string(),
                            scope_kind: (kind != "all").then(|| kind.to_string()),
                            scope_value: value,
                            expires_at,
                        },
                        &token,
                        &author(None),
                    )
                    .await?;
                eprintln!(
                    "token {} created ({} {}); it is shown once:",
                    record.id,
                    record.role,
                    spur_core::escape::terminal(&record.name)
                );
                println!("{token}");
                ExitCode::SUCCESS
            }
            TokenCommand::List => {
                println!(
                    "{:>4}  {:<11}  {:<30}  {:<10}  {:<10}  name",
                    "id", "role", "scope", "expires", "revoked"
                );
                for t in store.tokens().await? {
                    let scope = match (&t.scope_kind, &t.scope_value) {
                        (Some(k), Some(v)) => format!("{k}={v}"),
                        _ => "all".to_string(),
                    };
                    println!(
                        "{:>4}  {:<11}  {:<30}  {:<10}  {:<10}  {}",
                        t.id,
                        t.role,
                        spur_core::escape::terminal(&scope),
                        t.expires_at.as_deref().map_or("–", |e| e.get(..10).unwrap_or(e)),
                        t.revoked_at.as_deref().map_or("–", |e| e.get(..10).unwrap_or(e)),
                        spur_core::escape::terminal(&t.name)
                    );
                }
                ExitCode::SUCCESS
            }
            TokenCommand::Revoke { id } => {
                let t = store.revoke_token(id, &author(None)).await.map_err(|e| match e {
                    spur_store::Error::NotFound(what) => bad_input(format!("error: {what} not found")),
                    e => e.into(),
                })?;
                println!("token {} revoked", t.id);
                ExitCode::SUCCESS
            }
        };
        store.close().await;
        Ok(code)
    })
}
