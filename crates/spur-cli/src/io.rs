//! Input and output conventions shared by every subcommand: `-` is stdin/stdout, inputs are
//! capped (`--max-input`), files are never overwritten without `--force` (a dangling symlink
//! counts as a file), an output is never one of the inputs, and writes are atomic: a temp file
//! with an unpredictable name created exclusively beside the target (the `tempfile` crate),
//! persisted by a rename, removed on error and on Ctrl-C/SIGTERM.

use std::borrow::Cow;
use std::fs;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};
use spur_core::messages::{Msg, Text};
use spur_core::{Catalog, CatalogLibrary, Diagnostics, Format, InspectionDocument};
use spur_grading::{Graded, Settings};

/// An error caused by the user's input: exit code 2.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// A document with errors (exit 2): the text for a terminal and the located diagnostics for
/// `--format json`, which answers them as `spur validate --format json` does.
#[derive(Debug)]
pub struct InvalidDocument {
    /// The rendered problems and the summary line.
    pub text: String,
    /// The file name as given.
    pub file: String,
    /// Every error, located.
    pub diagnostics: Vec<spur_core::Diagnostic>,
}

impl std::fmt::Display for InvalidDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for InvalidDocument {}

/// Whether the command's output is JSON (`--format json`): its errors are then JSON on stdout.
static JSON_ERRORS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Answer errors as JSON on stdout (a command run with `--format json`).
pub fn set_json_errors(on: bool) {
    JSON_ERRORS.store(on, Ordering::Relaxed);
}

/// Whether errors are answered as JSON.
pub fn json_errors() -> bool {
    JSON_ERRORS.load(Ordering::Relaxed)
}

/// Print an error the way the command answers: for `--format json` the validation result
/// (`docs/schema/validation.schema.json`) on stdout — the document's located errors, or none
/// listed and one counted for a problem that is not in a document (its text on stderr, as
/// `spur validate` does for a file it cannot read); otherwise the text on stderr.
pub fn report_error(e: &anyhow::Error) {
    let lang = crate::lang::current();
    let mut report = spur_core::ValidationReport::default();
    if let Some(doc) = e.downcast_ref::<InvalidDocument>() {
        if !json_errors() {
            note(doc.text.trim_end());
            return;
        }
        let mut diagnostics = Diagnostics(doc.diagnostics.clone());
        diagnostics.localize(lang);
        report.push(doc.file.clone(), diagnostics.0);
    } else {
        let text = match e.downcast_ref::<BadInput>() {
            Some(bad) => bad.0.trim_end().to_string(),
            None => format!("error: {e:#}"),
        };
        note(&text);
        if !json_errors() {
            return;
        }
        report.errors = 1;
    }
    let _ = Output::new(None, false).write(report.to_json().as_bytes());
}

/// The error of a document with errors: every error of `diagnostics` rendered (with colours
/// where `styled` allows), the summary line, and the diagnostics for `--format json`.
pub fn invalid_document(
    path: &Path,
    diagnostics: Vec<spur_core::Diagnostic>,
    styled: bool,
) -> anyhow::Error {
    let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
    let lang = crate::lang::current();
    let text = format!(
        "{}{}",
        spur_core::render::diagnostics_in(&errors, styled, lang),
        Text::new(Msg::Summary)
            .val("errors", spur_core::diagnostic::totals(&errors).0)
            .val("warnings", 0)
            .render(lang)
    );
    anyhow::Error::new(InvalidDocument {
        text,
        file: display_name(path),
        diagnostics: errors,
    })
}

/// Shorthand for a bad-input error.
pub fn bad_input(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(BadInput(msg.into()))
}

/// Print a line to stderr, ignoring a closed pipe (unlike `eprintln!`, which panics). Styles
/// (ANSI codes) in `line` are dropped unless stderr is a terminal and colours are allowed.
///
/// C1 controls (U+0080–U+009F: CSI, OSC, …) and bidi overrides and isolates are shown as
/// `\u{…}` escapes whatever the caller passed: no line reaches the terminal with them raw (ESC
/// sequences are the styles' own, and user text has gone through [`spur_core::escape::terminal`]).
pub fn note(line: &str) {
    let line = no_c1_or_bidi(line);
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// `text` with C1 controls and bidi overrides/isolates as visible `\u{…}` escapes; ESC and the
/// other C0 controls are left to [`spur_core::escape::terminal`] (styles use ESC).
pub fn no_c1_or_bidi(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// The default input cap: 32 MiB.
pub const DEFAULT_MAX_INPUT: u64 = 32 * 1024 * 1024;

static MAX_INPUT: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT);

/// Set the input cap (`--max-input`).
pub fn set_max_input(bytes: u64) {
    MAX_INPUT.store(bytes, Ordering::Relaxed);
}

/// The files read so far (canonical paths): an output may never be one of them.
static INPUTS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Read at most the input cap from `r`; more is bad input.
fn read_capped(r: impl Read, name: &str) -> Result<Vec<u8>> {
    let max = MAX_INPUT.load(Ordering::Relaxed);
    let mut buf = Vec::new();
    r.take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| bad_input(format!("cannot read {name}: {e}")))?;
    if buf.len() as u64 > max {
        return Err(bad_input(format!(
            "{name} is larger than the input limit of {max} bytes; raise it with --max-input BYTES"
        )));
    }
    Ok(buf)
}

/// Read a file, or stdin for `-`, up to the input cap (`--max-input`, default 32 MiB). A
/// missing, unreadable or oversized file is bad input.
pub fn read_input(path: &Path) -> Result<String> {
    let bytes = if path.as_os_str() == "-" {
        read_capped(std::io::stdin().lock(), "standard input")?
    } else {
        let file = fs::File::open(path)
            .map_err(|e| bad_input(format!("cannot read {}: {e}", display_name(path))))?;
        let max = MAX_INPUT.load(Ordering::Relaxed);
        if let Ok(meta) = file.metadata()
            && meta.is_file()
            && meta.len() > max
        {
            return Err(bad_input(format!(
                "{} is {} bytes, larger than the input limit of {max} bytes; raise it with --max-input BYTES",
                display_name(path),
                meta.len()
            )));
        }
        if let Ok(canonical) = fs::canonicalize(path)
            && let Ok(mut inputs) = INPUTS.lock()
        {
            inputs.push(canonical);
        }
        read_capped(file, &display_name(path).to_string())?
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..at];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        bad_input(format!(
            "error[encoding]: the file is not valid UTF-8\n --> {}:{line}:{column}\n  = hint: invalid byte at offset {at}; save the file as UTF-8",
            display_name(path)
        ))
    })
}

/// The name used in messages: the path, or `<stdin>`.
///
/// Control characters, C1 controls and bidi overrides in the name are shown as `\u{…}`
/// escapes ([`spur_core::escape::terminal`]): a file name is user text.
pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        spur_core::escape::terminal(&path.display().to_string()).into_owned()
    }
}

/// Load a catalog: the embedded one (borrowed), or a user file (owned).
pub fn load_catalog(path: Option<&Path>) -> Result<Cow<'static, Catalog>> {
    match path {
        None => Ok(Cow::Borrowed(Catalog::embedded())),
        Some(p) => {
            let src = read_input(p)?;
            let catalog = Catalog::from_toml_str(&src, &display_name(p))
                .map_err(|e| bad_input(format!("invalid catalog {}:\n{e}", display_name(p))))?;
            Ok(Cow::Owned(catalog))
        }
    }
}

/// Read, validate and grade an inspection document against the catalog its `specialty` and
/// `catalog` select from `library`. Warnings about the catalog (a missing indicator set) and
/// each mapping applied are printed to stderr, other warnings counted; errors become exit 2.
pub fn load_document(path: &Path, library: &CatalogLibrary, settings: &Settings) -> Result<Graded> {
    let graded = check_document(path, library, settings)?;
    let mut other = 0;
    for w in &graded.diagnostics().0 {
        if w.code == spur_core::Code::UnknownCatalog {
            note(spur_core::render::diagnostic_in(w, false, crate::lang::current()).trim_end());
        } else {
            other += 1;
        }
    }
    for m in graded.mappings() {
        note(&format!(
            "note: {}: mapped {}",
            display_name(path),
            spur_core::escape::terminal(&m.to_string())
        ));
    }
    if other > 0 {
        note(
            &Text::new(Msg::WarningsSeeValidate)
                .arg("file", display_name(path))
                .val("count", other)
                .render(crate::lang::current()),
        );
    }
    Ok(graded)
}

/// Read, validate and grade; the graded document (its warnings in
/// [`Graded::diagnostics`]), or an exit-2 error with every problem.
pub fn check_document(
    path: &Path,
    library: &CatalogLibrary,
    settings: &Settings,
) -> Result<Graded> {
    let src = read_input(path)?;
    let format = if path.as_os_str() == "-" {
        Format::sniff(&src)
    } else {
        Format::from_path(path)
    };
    let checked = InspectionDocument::check_in(
        &src,
        &display_name(path),
        format,
        library,
        spur_core::Warnings::Include,
    );
    match Graded::from_checked(checked, settings) {
        Ok(graded) => Ok(graded),
        Err(spur_grading::Error::Invalid { diagnostics, .. }) => {
            Err(invalid_document(path, diagnostics.0, true))
        }
    }
}

/// The catalogs and indicator sets available: the embedded ones, every `*.toml` of `dirs` and
/// of the directories in `SPUR_CATALOG_PATH` (missing ones there are skipped), and `catalog`
/// (a `--catalog FILE`) pinned as the version to grade with.
pub fn load_library(catalog: Option<&Path>, dirs: &[PathBuf]) -> Result<CatalogLibrary> {
    let mut library = CatalogLibrary::embedded();
    let env_dirs: Vec<PathBuf> = CatalogLibrary::env_dirs()
        .into_iter()
        .filter(|d| d.is_dir())
        .collect();
    for dir in dirs.iter().chain(&env_dirs) {
        if !dir.is_dir() {
            return Err(bad_input(format!(
                "error: catalog directory {} does not exist or is not a directory",
                display_name(dir)
            )));
        }
        library.add_dir(dir).map_err(|e| match e {
            spur_core::Error::Invalid(d) => bad_input(format!(
                "{}{} error(s) in catalog directory {}",
                spur_core::render::diagnostics_in(&d.0, true, crate::lang::current()),
                d.0.len(),
                display_name(dir)
            )),
            other => bad_input(format!("error: {other}")),
        })?;
    }
    if let Some(p) = catalog {
        library.pin(load_catalog(Some(p))?.into_owned());
    }
    Ok(library)
}

/// Where output goes.
pub struct Output {
    target: Option<PathBuf>,
    force: bool,
    in_place: bool,
}

impl Output {
    /// `None` or `-` is stdout.
    pub fn new(target: Option<PathBuf>, force: bool) -> Output {
        let target = target.filter(|p| p.as_os_str() != "-");
        Output {
            target,
            force,
            in_place: false,
        }
    }

    /// Allow the target to be one of the command's inputs when `--force` is given: for commands
    /// whose output is the updated input (`spur handlingsplan import insp.toml … -o insp.toml
    /// --force`). The input has been read completely and the write is atomic, so the file is
    /// either the old or the new document, never a mix.
    pub fn in_place(mut self) -> Output {
        self.in_place = true;
        self
    }

    /// Whether output goes to a terminal (for colours).
    pub fn is_tty(&self) -> bool {
        self.target.is_none() && std::io::stdout().is_terminal()
    }

    /// Write `bytes` to stdout or atomically to the target file.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        self.write_with(|w| w.write_all(bytes))
    }

    /// Stream the output: `produce` writes it piece by piece into a buffered writer on stdout
    /// or on the temporary file that then atomically replaces the target. Nothing of the
    /// output is held whole in memory, which is what keeps `spur overview` over 10 000
    /// documents as small as over 1 000.
    ///
    /// # Errors
    ///
    /// When the target may not be written (see [`Output::write`]) or writing fails; a closed
    /// pipe on stdout (`spur … | head`) is not an error.
    pub fn write_with(
        &self,
        produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        match &self.target {
            None => {
                let mut out =
                    std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
                match produce(&mut out).and_then(|()| out.flush()) {
                    // A closed pipe (`spur … | head`) is not an error worth reporting.
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        Err(e).context("cannot write to standard output")
                    }
                    _ => Ok(()),
                }
            }
            Some(path) => {
                write_atomic_with(path, produce, self.force, self.in_place, pause_for_tests)
            }
        }
    }
}

/// Write `bytes` to `path` via a temporary file in the same directory and a rename, so an
/// interrupted write never leaves a half-written file. Refuses to replace an existing file
/// (a dangling symlink included) unless `force`, and never writes over an input file.
#[cfg(test)]
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes), force, false, |_| Ok(()))
}

/// [`write_atomic`] with a step between writing the temp file and persisting it (tests use it
/// to fail or to pause there).
fn write_atomic_with(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    force: bool,
    in_place: bool,
    before_persist: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<()> {
    if is_an_input(path) {
        if !in_place {
            return Err(bad_input(format!(
                "{} is an input file of this command; write the output to another file",
                display_name(path)
            )));
        }
        if !force {
            return Err(bad_input(format!(
                "{} is an input file of this command; use --force to replace it with the result",
                display_name(path)
            )));
        }
    }
    if let Ok(meta) = fs::metadata(path) {
        if meta.is_dir() {
            return Err(bad_input(format!("{} is a directory", display_name(path))));
        }
        if !meta.is_file() {
            // A device or pipe (/dev/null, a FIFO): nothing to replace, and renaming a temp file
            // over it would destroy it. Write straight through.
            let mut f = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| bad_input(format!("cannot write {}: {e}", display_name(path))))?;
            let mut w = std::io::BufWriter::new(&mut f);
            return produce(&mut w)
                .and_then(|()| w.flush())
                .with_context(|| format!("cannot write {}", display_name(path)));
        }
    }
    // `symlink_metadata`: a dangling symlink exists too.
    let existing = fs::symlink_metadata(path).ok();
    if existing.is_some() && !force {
        return Err(bad_input(format!(
            "{} already exists; use --force to overwrite it",
            display_name(path)
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Created with O_EXCL, mode 0666 less the umask (0644 as a rule, so colleagues on a shared
    // drive can open the report) and a random name: a planted file or symlink cannot
    // redirect the write. The name is registered for removal on Ctrl-C/SIGTERM *before* the
    // file exists, so there is no moment in which a signal leaves it behind; declared before
    // `tmp`, the registration also outlives the file when an error drops both.
    install_signal_cleanup();
    let mut _cleanup: Option<Pending> = None;
    let mut tmp = tempfile::Builder::new()
        .prefix(".spur-")
        .suffix(".tmp")
        .make_in(&dir, |candidate| {
            let pending = Pending::register(candidate);
            let file = create_exclusive(candidate)?; // on error `pending` unregisters the name
            _cleanup = Some(pending);
            Ok(file)
        })
        .map_err(|e| bad_input(format!("cannot write in {}: {e}", display_name(&dir))))?;
    let written = {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        produce(&mut buffered).and_then(|()| buffered.flush())
    };
    written
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", display_name(path)))?;
    // The replaced file keeps its permissions (a 0600 report stays 0600).
    if let Ok(meta) = fs::metadata(path)
        && meta.is_file()
    {
        fs::set_permissions(tmp.path(), meta.permissions())
            .with_context(|| format!("cannot copy the permissions of {}", display_name(path)))?;
    }
    before_persist(tmp.path()).with_context(|| format!("cannot write {}", display_name(path)))?;
    if force {
        tmp.persist(path)
            .map_err(|e| anyhow::Error::new(e.error))
            .with_context(|| format!("cannot write {}", display_name(path)))?;
    } else {
        // Fails instead of replacing a file created meanwhile.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                bad_input(format!(
                    "{} already exists; use --force to overwrite it",
                    display_name(path)
                ))
            } else {
                anyhow::Error::new(e.error).context(format!("cannot write {}", display_name(path)))
            }
        })?;
    }
    Ok(())
}

/// Whether `path` is (resolves to) a file this process has read.
fn is_an_input(path: &Path) -> bool {
    let resolved = fs::canonicalize(path).ok().or_else(|| {
        let name = path.file_name()?;
        let parent = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(fs::canonicalize(parent).ok()?.join(name))
    });
    match (resolved, INPUTS.lock()) {
        (Some(p), Ok(inputs)) => inputs.contains(&p),
        _ => false,
    }
}

/// Creates `path` exclusively (fails if anything, even a dangling symlink, is there), with the
/// mode an ordinary new file gets: 0666 less the process's umask (0644 under the usual 022).
fn create_exclusive(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
    options.open(path)
}

/// Temp files not yet persisted: removed if Ctrl-C or SIGTERM ends the process.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A registered temp file; unregistered on drop (persisted, or removed by `NamedTempFile`).
struct Pending(PathBuf);

impl Pending {
    fn register(path: &Path) -> Pending {
        if let Ok(mut p) = PENDING.lock() {
            p.push(path.to_path_buf());
        }
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut p) = PENDING.lock() {
            p.retain(|x| *x != self.0);
        }
    }
}

/// On SIGINT/SIGTERM: remove the pending temp files, then exit 130/143 like the default action.
fn install_signal_cleanup() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                if let Ok(pending) = PENDING.lock() {
                    for p in pending.iter() {
                        let _ = fs::remove_file(p);
                    }
                }
                std::process::exit(128 + signal);
            }
        });
    });
}

/// Test hook: `SPUR_TEST_PAUSE_BEFORE_PERSIST_MS` pauses between writing the temp file and
/// persisting it, so the interruption tests can send a signal at that moment.
pub fn pause_for_tests(_: &Path) -> std::io::Result<()> {
    if let Some(ms) = std::env::var("SPUR_TEST_PAUSE_BEFORE_PERSIST_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
    }
    Ok(())
}

/// Line and column (1-based) of the value at `at` (`handlingsplan.entries[0].due`) in the file
/// `path`, for problems found after reading. `None` for stdin and when the file has no spans
/// there.
pub fn locate(path: &Path, at: &str) -> Option<(usize, usize)> {
    use spur_core::spanned::{Value, parse};
    if path.as_os_str() == "-" {
        return None;
    }
    let src = read_input(path).ok()?;
    let mut node = parse(&src, Format::from_path(path)).ok()?;
    for segment in at.split('.') {
        let (name, index) = match segment.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        node = match node.value {
            Value::Table(fields) => fields.into_iter().find(|(k, _)| k.name == name)?.1,
            _ => return None,
        };
        if let Some(i) = index {
            node = match node.value {
                Value::Array(mut items) if i < items.len() => items.swap_remove(i),
                _ => return None,
            };
        }
    }
    let span = node.span?;
    let loc = spur_core::Location::from_span(&display_name(path), &src, span);
    Some((loc.line, loc.column))
}

/// Whether colours may be used on stdout: a terminal, and neither `NO_COLOR` nor `CLICOLOR=0`
/// set (anstream's rules).
pub fn use_color(out: &Output) -> bool {
    out.is_tty() && anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_interrupted_write_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("rapport.html");
        fs::write(&target, "old report").unwrap();
        // The write fails between the temp file and the rename, as a full disk would.
        let failed = write_atomic_with(
            &target,
            |w| w.write_all(b"new report"),
            true,
            false,
            |tmp| {
                assert!(tmp.exists());
                Err(std::io::Error::other("disk full"))
            },
        );
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "old report");
        assert_eq!(
            names_in(dir.path()),
            ["rapport.html"],
            "no temp file is left"
        );
        write_atomic(&target, b"new report", true).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new report");
        assert_eq!(
            names_in(dir.path()),
            ["rapport.html"],
            "no temp file is left"
        );
    }

    #[test]
    fn a_planted_symlink_at_the_old_temp_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        let target = dir.path().join("rapport.html");
        std::os::unix::fs::symlink(
            &victim,
            dir.path()
                .join(format!(".rapport.html.tmp-{}", std::process::id())),
        )
        .unwrap();
        write_atomic(&target, b"report", false).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(fs::read_to_string(&target).unwrap(), "report");
    }

    #[test]
    fn a_new_file_gets_the_mode_of_any_new_file() {
        // Issue 28 item 9: 0600 kept colleagues on a shared drive out. The mode is 0666 less
        // the umask, as for a file any other program creates.
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ordinary = dir.path().join("ordinary");
        fs::write(&ordinary, "x").unwrap();
        let want = fs::metadata(&ordinary).unwrap().permissions().mode() & 0o777;
        let target = dir.path().join("rapport.pdf");
        write_atomic(&target, b"new", false).unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, want);
        assert_ne!(mode & 0o044, 0, "readable by others under the usual umask");
    }

    #[test]
    fn an_input_is_replaced_in_place_only_where_allowed_and_forced() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("insp.toml");
        fs::write(&input, "old").unwrap();
        read_input(&input).unwrap();
        let err = write_atomic_with(&input, |w| w.write_all(b"new"), false, true, |_| Ok(()))
            .unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(fs::read_to_string(&input).unwrap(), "old");
        write_atomic_with(&input, |w| w.write_all(b"new"), true, true, |_| Ok(())).unwrap();
        assert_eq!(fs::read_to_string(&input).unwrap(), "new");
    }

    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("plan.csv");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&target, b"new", true).unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&target, b"newer", true).unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_dangling_symlink_counts_as_existing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.html");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &target).unwrap();
        let err = write_atomic(&target, b"x", false).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert!(!dir.path().join("nowhere").exists());
    }

    #[test]
    fn an_input_is_never_an_output() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.toml");
        fs::write(&input, "unit = 1").unwrap();
        read_input(&input).unwrap();
        let same = dir.path().join(".").join("in.toml");
        let err = write_atomic(&same, b"report", true).unwrap_err();
        assert!(err.to_string().contains("input file"), "{err}");
        assert_eq!(fs::read_to_string(&input).unwrap(), "unit = 1");
    }

    #[test]
    fn inputs_over_the_cap_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("big.toml");
        fs::write(&input, vec![b'#'; 5000]).unwrap();
        let before = MAX_INPUT.load(Ordering::Relaxed);
        // Other tests read small files; a cap of 4 KiB does not disturb them.
        set_max_input(4096);
        let err = read_input(&input).unwrap_err();
        let zero = read_capped(fs::File::open("/dev/zero").unwrap(), "/dev/zero").unwrap_err();
        set_max_input(before);
        assert!(err.to_string().contains("--max-input"), "{err}");
        assert!(zero.to_string().contains("--max-input"), "{zero}");
    }

    #[test]
    fn an_existing_file_is_never_replaced_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("plan.csv");
        fs::write(&target, "keep").unwrap();
        let err = write_atomic(&target, b"x", false).unwrap_err();
        assert!(err.to_string().contains("already exists; use --force"));
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep");
    }
}
