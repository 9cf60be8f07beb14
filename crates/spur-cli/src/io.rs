//! Input and output conventions shared by every subcommand: `-` is stdin/stdout, files are never
//! overwritten without `--force`, and writes are atomic (temp file + rename).

use std::fs;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use spur_core::{Catalog, Diagnostics, Format, InspectionDocument};

/// An error caused by the user's input: exit code 2.
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// Shorthand for a bad-input error.
pub fn bad_input(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(BadInput(msg.into()))
}

/// Print a line to stderr, ignoring a closed pipe (unlike `eprintln!`, which panics). Styles
/// (ANSI codes) in `line` are dropped unless stderr is a terminal and colours are allowed.
pub fn note(line: &str) {
    let mut err = anstream::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// Read a file, or stdin for `-`. A missing or unreadable file is bad input.
pub fn read_input(path: &Path) -> Result<String> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        buf
    } else {
        fs::read(path).map_err(|e| bad_input(format!("cannot read {}: {e}", path.display())))?
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
pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

/// Load a catalog: the embedded one, or a user file.
pub fn load_catalog(path: Option<&Path>) -> Result<&'static Catalog> {
    match path {
        None => Ok(Catalog::embedded()),
        Some(p) => {
            let src = read_input(p)?;
            let catalog = Catalog::from_toml_str(&src, &display_name(p))
                .map_err(|e| bad_input(format!("invalid catalog {}:\n{e}", display_name(p))))?;
            Ok(Box::leak(Box::new(catalog)))
        }
    }
}

/// Read and validate an inspection document. Warnings go to stderr; errors become exit 2.
pub fn load_document(path: &Path, catalog: &Catalog) -> Result<InspectionDocument> {
    let (doc, warnings) = check_document(path, catalog)?;
    if !warnings.is_empty() {
        note(&format!(
            "{}: {} warning(s); run `spur validate {}` to see them",
            display_name(path),
            warnings.len(),
            display_name(path)
        ));
    }
    Ok(doc)
}

/// Read and validate; return the document and its warnings, or exit-2 error with every problem.
pub fn check_document(path: &Path, catalog: &Catalog) -> Result<(InspectionDocument, Diagnostics)> {
    let src = read_input(path)?;
    let format = if path.as_os_str() == "-" {
        Format::sniff(&src)
    } else {
        Format::from_path(path)
    };
    let checked = InspectionDocument::check(&src, &display_name(path), format, catalog);
    match checked.into_result() {
        Ok(ok) => Ok(ok),
        Err(spur_core::Error::Invalid(diags)) => {
            let errors: Vec<_> = diags.0.into_iter().filter(|d| d.is_error()).collect();
            Err(bad_input(format!(
                "{}{} error(s), 0 warning(s)",
                spur_core::render::diagnostics(&errors, true),
                errors.len()
            )))
        }
        Err(e) => Err(bad_input(e.to_string())),
    }
}

/// Where output goes.
pub struct Output {
    target: Option<PathBuf>,
    force: bool,
}

impl Output {
    /// `None` or `-` is stdout.
    pub fn new(target: Option<PathBuf>, force: bool) -> Output {
        let target = target.filter(|p| p.as_os_str() != "-");
        Output { target, force }
    }

    /// Whether output goes to a terminal (for colours).
    pub fn is_tty(&self) -> bool {
        self.target.is_none() && std::io::stdout().is_terminal()
    }

    /// Write `bytes` to stdout or atomically to the target file.
    pub fn write(&self, bytes: &[u8]) -> Result<()> {
        match &self.target {
            None => {
                let mut out = std::io::stdout().lock();
                match out.write_all(bytes).and_then(|()| out.flush()) {
                    // A closed pipe (`spur … | head`) is not an error worth reporting.
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        Err(e).context("cannot write to standard output")
                    }
                    _ => Ok(()),
                }
            }
            Some(path) => write_atomic(path, bytes, self.force),
        }
    }
}

/// Write `bytes` to `path` via a temporary file in the same directory and a rename, so an
/// interrupted write never leaves a half-written file. Refuses to replace an existing file
/// unless `force`.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if let Ok(meta) = fs::metadata(path) {
        if meta.is_dir() {
            return Err(bad_input(format!("{} is a directory", path.display())));
        }
        if !meta.is_file() {
            // A device or pipe (/dev/null, a FIFO): nothing to replace, and renaming a temp file
            // over it would destroy it. Write straight through.
            let mut f = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| bad_input(format!("cannot write {}: {e}", path.display())))?;
            return f
                .write_all(bytes)
                .with_context(|| format!("cannot write {}", path.display()));
        }
    }
    if path.exists() && !force {
        return Err(bad_input(format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> Result<()> {
        let mut f = fs::File::create(&tmp)
            .map_err(|e| bad_input(format!("cannot create {}: {e}", tmp.display())))?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if !force && path.exists() {
            return Err(bad_input(format!(
                "{} already exists; use --force to overwrite it",
                path.display()
            )));
        }
        fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Whether colours may be used on stdout: a terminal, and neither `NO_COLOR` nor `CLICOLOR=0`
/// set (anstream's rules).
pub fn use_color(out: &Output) -> bool {
    out.is_tty() && anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interrupted_write_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("rapport.html");
        fs::write(&target, "old report").unwrap();
        // Block the temporary file: creating it fails, as a full disk or a kill mid-write would
        // make the write fail before the rename.
        let tmp = dir
            .path()
            .join(format!(".rapport.html.tmp-{}", std::process::id()));
        fs::create_dir(&tmp).unwrap();
        assert!(write_atomic(&target, b"new report", true).is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "old report");
        fs::remove_dir(&tmp).unwrap();
        write_atomic(&target, b"new report", true).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new report");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["rapport.html"], "no temporary file is left behind");
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
