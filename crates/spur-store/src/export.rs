//! Import and export: bringing documents in (created, added or unchanged) and the file tree an
//! export writes (names safe on every file system, no store ids).

use serde::Serialize;

use crate::records::{create_in, head_info, holder, save_in};
use crate::units::unit_id;
use crate::{Error, Prepared, Record, Store};

/// What importing one document did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Imported {
    /// A new inspection (version 1).
    Created {
        /// The inspection.
        inspection_id: i64,
    },
    /// A new version of an existing inspection (same unit and visit date, other content).
    Added {
        /// The inspection.
        inspection_id: i64,
        /// The version written.
        version: i64,
    },
    /// The same content is already the head: nothing written.
    Unchanged {
        /// The inspection.
        inspection_id: i64,
    },
}

impl Store {
    /// Import a document: a new inspection, a new version of the inspection of the same unit
    /// and visit date, or nothing when that inspection's head has the same content.
    ///
    /// # Errors
    ///
    /// [`Error::Db`] when the write fails.
    pub async fn import(&self, p: &Prepared, author: &str) -> Result<Imported, Error> {
        let mut tx = self.write().await?;
        let mut c = tx.conn();
        let unit = unit_id(&mut c, &p.doc).await?;
        let date = p.doc.inspection.visit_date.to_string();
        let outcome = match holder(&mut c, unit, &date).await? {
            None => {
                let s = create_in(&mut c, p, author, Some("import"), "import").await?;
                Imported::Created {
                    inspection_id: s.inspection_id,
                }
            }
            Some((id, head)) => {
                let current = head_info(&mut c, id, head).await?;
                if current.sha256 == p.sha256 {
                    Imported::Unchanged { inspection_id: id }
                } else {
                    let s = save_in(&mut c, id, head, p, author, Some("import"), "import").await?;
                    Imported::Added {
                        inspection_id: id,
                        version: s.version.number,
                    }
                }
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }
}

/// The relative path an inspection's head is exported to: `REGION/UNIT/VISIT_DATE.toml`
/// (`_` for a document without region; the specialty is added to the file name when given,
/// so units of the same name in different specialties do not collide). Names are made safe
/// for every file system; store ids are never used, so two stores with the same inspections
/// export the same tree.
pub fn export_path(r: &Record) -> std::path::PathBuf {
    let mut p = std::path::PathBuf::from(safe_name(r.region.as_deref().unwrap_or("_")));
    p.push(safe_name(&r.unit));
    // An inspection only ordered has no visit date (and no document to export).
    let date = r.visit_date.as_deref().unwrap_or("ordered");
    let file = match &r.specialty {
        Some(s) => format!("{date}-{}", safe_name(s)),
        None => date.to_string(),
    };
    p.push(format!("{file}.toml"));
    p
}

/// The directory an inspection's versions are exported to with `--all-versions`:
/// [`export_path`] without `.toml`, holding `v0001.toml`, `v0002.toml`, ….
pub fn export_versions_dir(r: &Record) -> std::path::PathBuf {
    export_path(r).with_extension("")
}

/// A name usable as a file or directory name everywhere: separators, control characters and
/// the characters Windows refuses become `_`, leading dots are dropped, at most 100 characters.
pub fn safe_name(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(100)
        .collect();
    let s = s.trim_start_matches('.').trim().to_string();
    if s.is_empty() { "_".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_are_safe() {
        assert_eq!(safe_name("../etc/passwd"), "_etc_passwd");
        assert_eq!(safe_name("Vårdcentral Ö"), "Vårdcentral Ö");
        assert_eq!(safe_name("  "), "_");
    }
}
