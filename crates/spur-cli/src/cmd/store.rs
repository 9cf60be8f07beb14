//! `spur store …` and `spur audit …`: the shared store of `spur serve` from the command line
//! (crate `spur-store`): import documents, export them, list, show a history, back up, and
//! check or export the audit trail.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use spur_core::Format;
use spur_store::{Imported, Prepared, Store};

use crate::io::{bad_input, note};

/// `--store URL`: which store (`sqlite:PATH` or `postgres://…`).
#[derive(clap::Args, Debug, Clone)]
pub struct StoreOpt {
    /// The store: `sqlite:PATH` or `postgres://USER@HOST/DB` [default: $SPUR_STORE, else
    /// sqlite:spur-data/spur.db].
    #[arg(long = "store", value_name = "URL", global = true)]
    pub store: Option<String>,
}

impl StoreOpt {
    /// The URL chosen: `--store`, else `SPUR_STORE`, else the default.
    pub fn url(&self) -> String {
        resolve_store(self.store.as_deref())
    }
}

/// `--store`, else `SPUR_STORE`, else [`spur_store::DEFAULT_URL`].
pub fn resolve_store(flag: Option<&str>) -> String {
    flag.map(str::to_string)
        .or_else(|| {
            std::env::var("SPUR_STORE")
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| spur_store::DEFAULT_URL.to_string())
}

/// Who the CLI writes as: `--author`, else `cli:$USER`, else `cli`.
pub(crate) fn author(flag: Option<&str>) -> String {
    flag.map(str::to_string).unwrap_or_else(|| {
        std::env::var("USER")
            .ok()
            .filter(|u| !u.is_empty())
            .map_or_else(|| "cli".to_string(), |u| format!("cli:{u}"))
    })
}

/// The shared store of `spur serve`: import, export, list, history, backup.
#[derive(clap::Args)]
#[command(
    after_help = "The store is `--store URL`, else $SPUR_STORE, else sqlite:spur-data/spur.db (created on first use).\n\nExamples:\n  spur store import fixtures/seed-vardcentral.toml fixtures/minimal.toml\n  spur store list\n  spur store log 1\n  spur store export out/\n  spur store backup spur-backup.db\n\nA region's PostgreSQL: --store postgres://USER@HOST/DB (or SPUR_STORE)."
)]
pub struct Args {
    #[command(subcommand)]
    command: StoreCommand,
    #[command(flatten)]
    store: StoreOpt,
}

#[derive(clap::Subcommand)]
enum StoreCommand {
    /// Import inspection documents (files, or directories searched recursively for *.toml and
    /// *.json): a new inspection per unit and visit date, a new version when the content
    /// changed, nothing when it is the same.
    Import {
        /// Documents and/or directories.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The author recorded for the versions [default: cli:$USER].
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
        #[command(flatten)]
        catalog: super::common::CatalogOpt,
    },
    /// Write the head of every inspection as canonical TOML to DIR/REGION/UNIT/DATE.toml (never
    /// named by store ids: two stores with the same inspections export the same tree).
    Export {
        /// The directory (created if missing).
        dir: PathBuf,
        /// Write every version instead: DIR/REGION/UNIT/DATE/v0001.toml, v0002.toml, ….
        #[arg(long)]
        all_versions: bool,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
        /// The author recorded in the audit trail [default: cli:$USER].
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
    },
    /// List the inspections: id, visit date, head version, unit, region.
    List {
        /// `table` or `json`.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// The versions of inspection ID: number, time, author, SHA-256, reason.
    Log {
        /// The inspection's id (see `spur store list`).
        id: i64,
        /// `table` or `json`.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// An online, consistent copy of a SQLite store (safe while the server writes). A
    /// PostgreSQL store is backed up with pg_dump (see docs/store.md): exit 2.
    Backup {
        /// The new file (never overwritten).
        file: PathBuf,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum ListFormat {
    Table,
    Json,
}

/// A tokio runtime for one command (the rest of the CLI stays synchronous).
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

pub(crate) async fn open(url: &str) -> Result<Store> {
    Store::open(url).await.map_err(|e| match e {
        spur_store::Error::Url(_) => bad_input(format!("error: {e}")),
        e => anyhow::anyhow!("cannot open the store {}: {e}", redact(url)),
    })
}

/// The URL without a password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Run `spur store …`.
pub fn run(args: Args) -> Result<ExitCode> {
    let url = args.store.url();
    runtime()?.block_on(async move {
        match args.command {
            StoreCommand::Import {
                paths,
                author: who,
                catalog,
            } => import(&url, &paths, &author(who.as_deref()), &catalog).await,
            StoreCommand::Export {
                dir,
                all_versions,
                force,
                author: who,
            } => export(&url, &dir, all_versions, force, &author(who.as_deref())).await,
            StoreCommand::List { format } => list(&url, format).await,
            StoreCommand::Log { id, format } => log(&url, id, format).await,
            StoreCommand::Backup { file } => backup(&url, &file).await,
        }
    })
}

/// Every *.toml and *.json under `paths` (directories recursively), each directory's files
/// sorted by path.
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the directory {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("toml" | "json")
            ) {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(bad_input(format!(
                "error: {} does not exist",
                crate::io::display_name(p)
            )));
        }
    }
    Ok(out)
}

async fn import(
    url: &str,
    paths: &[PathBuf],
    author: &str,
    catalog: &super::common::CatalogOpt,
) -> Result<ExitCode> {
    let files = collect(paths)?;
    if files.is_empty() {
        return Err(bad_input("error: no *.toml or *.json documents found"));
    }
    let library = catalog.library()?;
    let settings = spur_grading::Settings::default();
    // Read and grade every document before writing anything.
    let mut prepared = Vec::new();
    let mut failed = 0;
    for f in &files {
        let name = crate::io::display_name(f);
        let source = match crate::io::read_input(f) {
            Ok(s) => s,
            Err(e) => {
                note(&format!("error: {e:#}"));
                failed += 1;
                continue;
            }
        };
        match Prepared::from_source(&source, &name, Format::from_path(f), &library, &settings) {
            Ok(p) => prepared.push((name, p)),
            Err(spur_store::Error::Invalid(spur_core::Error::Invalid(d))) => {
                note(
                    spur_core::render::diagnostics_in(&d.0, true, crate::lang::current())
                        .trim_end(),
                );
                failed += 1;
            }
            Err(e) => {
                note(&format!("error: {name}: {e}"));
                failed += 1;
            }
        }
    }
    let store = open(url).await?;
    let (mut created, mut added, mut unchanged) = (0, 0, 0);
    for (name, p) in &prepared {
        match store.import(p, author).await {
            Ok(Imported::Created { inspection_id }) => {
                created += 1;
                println!("{name}: created inspection {inspection_id}");
            }
            Ok(Imported::Added {
                inspection_id,
                version,
            }) => {
                added += 1;
                println!("{name}: inspection {inspection_id} version {version}");
            }
            Ok(Imported::Unchanged { inspection_id }) => {
                unchanged += 1;
                println!("{name}: inspection {inspection_id} unchanged");
            }
            Err(e) => {
                note(&format!("error: {name}: {e}"));
                failed += 1;
            }
        }
    }
    store.close().await;
    note(&format!(
        "{created} created, {added} new versions, {unchanged} unchanged, {failed} failed"
    ));
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

async fn export(
    url: &str,
    dir: &Path,
    all_versions: bool,
    force: bool,
    author: &str,
) -> Result<ExitCode> {
    let store = open(url).await?;
    let records = store.all_records().await?;
    let mut written = 0usize;
    let mut paths = std::collections::BTreeSet::new();
    for r in &records {
        let jobs: Vec<(PathBuf, Option<i64>)> = if all_versions {
            let base = dir.join(spur_store::export_versions_dir(r));
            store
                .versions(r.id)
                .await?
                .iter()
                .map(|v| (base.join(format!("v{:04}.toml", v.number)), Some(v.number)))
                .collect()
        } else {
            vec![(dir.join(spur_store::export_path(r)), None)]
        };
        for (path, number) in jobs {
            if !paths.insert(path.clone()) {
                return Err(bad_input(format!(
                    "error: two inspections export to {}; rename a unit or its specialty",
                    path.display()
                )));
            }
            let v = store.version(r.id, number).await?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            crate::io::Output::new(Some(path), force).write(v.toml.as_bytes())?;
            written += 1;
        }
    }
    store
        .audit(
            author,
            "export",
            None,
            serde_json::json!({"files": written, "all_versions": all_versions}),
        )
        .await?;
    store.close().await;
    note(&format!(
        "{written} files written to {} ({} inspections)",
        dir.display(),
        records.len()
    ));
    Ok(ExitCode::SUCCESS)
}

async fn list(url: &str, format: ListFormat) -> Result<ExitCode> {
    let store = open(url).await?;
    let records = store.all_records().await?;
    store.close().await;
    match format {
        ListFormat::Json => println!("{}", serde_json::to_string_pretty(&records)?),
        ListFormat::Table => {
            println!(
                "{:>6}  {:<10}  {:>7}  {:<20}  unit (region)",
                "id", "visit", "version", "saved by"
            );
            for r in &records {
                println!(
                    "{:>6}  {:<10}  {:>7}  {:<20}  {}{}",
                    r.id,
                    r.visit_date.as_deref().unwrap_or("–"),
                    r.head_version,
                    spur_core::escape::terminal(&r.saved_by),
                    spur_core::escape::terminal(&r.unit),
                    r.region
                        .as_deref()
                        .map(|g| format!(" ({})", spur_core::escape::terminal(g)))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn log(url: &str, id: i64, format: ListFormat) -> Result<ExitCode> {
    let store = open(url).await?;
    let versions = match store.versions(id).await {
        Ok(v) => v,
        Err(spur_store::Error::NotFound(what)) => {
            return Err(bad_input(format!("error: {what} not found")));
        }
        Err(e) => return Err(e.into()),
    };
    store.close().await;
    match format {
        ListFormat::Json => println!("{}", serde_json::to_string_pretty(&versions)?),
        ListFormat::Table => {
            for v in &versions {
                println!(
                    "v{:<4} {}  {:<20}  {}  {}",
                    v.number,
                    v.saved_at,
                    spur_core::escape::terminal(&v.author),
                    &v.sha256[..16.min(v.sha256.len())],
                    v.reason
                        .as_deref()
                        .map(spur_core::escape::terminal)
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn backup(url: &str, file: &Path) -> Result<ExitCode> {
    let store = open(url).await?;
    let r = store.backup(file).await;
    store.close().await;
    match r {
        Ok(()) => {
            note(&format!("backed up to {}", file.display()));
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ (spur_store::Error::BackupUnsupported | spur_store::Error::Io(_))) => {
            Err(bad_input(format!("error: {e}")))
        }
        Err(e) => Err(e.into()),
    }
}

/// The audit trail of the store: check its hash chain, or export it.
#[derive(clap::Args)]
#[command(
    after_help = "Exit status of `verify`: 0 when the chain is whole, 1 naming the first broken row.\n\nExamples:\n  spur audit verify\n  spur audit export -o audit.jsonl"
)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
    #[command(flatten)]
    store: StoreOpt,
}

#[derive(clap::Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain; exit 1 naming the first broken row.
    Verify,
    /// Every event as JSON Lines (one object per line, by sequence number).
    Export {
        #[command(flatten)]
        output: super::common::OutputOpt,
    },
}

/// Run `spur audit …`.
pub fn run_audit(args: AuditArgs) -> Result<ExitCode> {
    let url = args.store.url();
    runtime()?.block_on(async move {
        let store = open(&url).await?;
        let code = match args.command {
            AuditCommand::Verify => match store.verify_audit().await? {
                Ok(v) => {
                    match &v.head {
                        Some((seq, hash)) => {
                            println!("audit chain intact: {} events, head {seq} {hash}", v.events)
                        }
                        None => println!("audit chain intact: no events"),
                    }
                    ExitCode::SUCCESS
                }
                Err(b) => {
                    println!("audit chain broken at seq {}: {}", b.seq, b.reason);
                    ExitCode::from(1)
                }
            },
            AuditCommand::Export { output } => {
                let mut text = String::new();
                for e in store.audit_events().await? {
                    text.push_str(&serde_json::to_string(&e)?);
                    text.push('\n');
                }
                output.open().write(text.as_bytes())?;
                ExitCode::SUCCESS
            }
        };
        store.close().await;
        Ok(code)
    })
}
