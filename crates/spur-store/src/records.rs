//! Inspections and their append-only versions: the records as listed, creating and saving
//! versions (compare-and-set on the head), reading versions back and diffing them.

use serde::Serialize;

use crate::db::{Conn, Row, args};
use crate::units::unit_id;
use crate::{Conflict, Diff, Error, Prepared, Store, append_audit, diff, now, process, workflow};

/// One stored version, without its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct VersionInfo {
    /// 1, 2, 3, … per inspection.
    pub number: i64,
    /// Lowercase hex SHA-256 of the canonical TOML.
    pub sha256: String,
    /// Who saved it.
    pub author: String,
    /// Why (free text, e.g. `import`), if given.
    pub reason: Option<String>,
    /// When (ISO 8601, UTC).
    pub saved_at: String,
}

impl VersionInfo {
    /// The strong entity tag of this version: `"v{number}-{first 16 hex digits of the SHA-256}"`
    /// (with the quotes).
    pub fn etag(&self) -> String {
        format!(
            "\"v{}-{}\"",
            self.number,
            &self.sha256[..16.min(self.sha256.len())]
        )
    }
}

/// One stored version with its document and graded result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Number, hash, author, reason, time.
    pub info: VersionInfo,
    /// The canonical TOML.
    pub toml: String,
    /// The graded result (the JSON of `spur grade --format json`).
    pub grading: String,
}

impl Version {
    /// The stored document.
    ///
    /// # Errors
    ///
    /// [`Error::Document`] when the stored text does not read back (a damaged row).
    pub fn document(&self) -> Result<spur_core::InspectionDocument, Error> {
        toml::from_str(&self.toml).map_err(|e| {
            Error::Document(format!(
                "version {} does not read back: {e}",
                self.info.number
            ))
        })
    }

    /// The stored graded result.
    ///
    /// # Errors
    ///
    /// [`Error::Document`] when the stored JSON does not read back (a damaged row).
    pub fn grading(&self) -> Result<spur_grading::Grading, Error> {
        serde_json::from_str(&self.grading).map_err(|e| {
            Error::Document(format!(
                "the grading of version {} does not read back: {e}",
                self.info.number
            ))
        })
    }
}

/// An inspection as listed: who, when, and its head version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Record {
    /// The store's id.
    pub id: i64,
    /// The unit's name.
    pub unit: String,
    /// The unit's region, if the document names one.
    pub region: Option<String>,
    /// The unit's specialty, if the document names one.
    pub specialty: Option<String>,
    /// The visit date, `YYYY-MM-DD` (`None` while the inspection is only ordered).
    pub visit_date: Option<String>,
    /// The newest version's number (0 while the inspection is only ordered).
    pub head_version: i64,
    /// Who saved the head version.
    pub saved_by: String,
    /// When the head version was saved.
    pub saved_at: String,
    /// The head version's SHA-256.
    pub sha256: String,
    /// Who created the inspection, and when.
    pub created_by: String,
    /// When the inspection was created.
    pub created_at: String,
    /// The workflow state (reserved; `None` until the workflow is built).
    pub state: Option<String>,
}

/// An inspection's head, as [`Store::heads`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The record.
    pub record: Record,
    /// The head document, canonical TOML.
    pub toml: String,
    /// The head's graded result (the JSON of `spur grade --format json`); empty when read by
    /// [`Store::overview_heads`] for a version with a digest.
    pub grading: String,
    /// The head's overview digest ([`crate::overview_digest`]), when it has one (versions saved
    /// since schema 5) and it was read ([`Store::overview_heads`]).
    pub digest: Option<String>,
}

impl Head {
    /// The head document and its stored grading, read back without validating or grading
    /// again (both were checked when saved). From the digest when the head has one: then the
    /// texts, findings and reasons are empty — enough for the overview, not for a report.
    ///
    /// # Errors
    ///
    /// [`Error::Document`] for a stored text that does not read back (a damaged row).
    pub fn read(&self) -> Result<(spur_core::InspectionDocument, spur_grading::Grading), Error> {
        if let Some(digest) = &self.digest {
            #[derive(serde::Deserialize)]
            struct Digest {
                document: spur_core::InspectionDocument,
                grading: spur_grading::Grading,
            }
            let d: Digest = serde_json::from_str(digest).map_err(|e| {
                Error::Document(format!(
                    "the overview digest of inspection {} does not read back: {e}",
                    self.record.id
                ))
            })?;
            return Ok((d.document, d.grading));
        }
        let doc = toml::from_str(&self.toml).map_err(|e| {
            Error::Document(format!(
                "inspection {} does not read back: {e}",
                self.record.id
            ))
        })?;
        let grading = serde_json::from_str(&self.grading).map_err(|e| {
            Error::Document(format!(
                "the grading of inspection {} does not read back: {e}",
                self.record.id
            ))
        })?;
        Ok((doc, grading))
    }
}

/// Filters of [`Store::list`]; every given one must match (exactly).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The unit's name.
    pub unit: Option<String>,
    /// The region's name.
    pub region: Option<String>,
    /// The specialty.
    pub specialty: Option<String>,
    /// The visit year.
    pub year: Option<i32>,
}

/// One page of [`Store::list`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Page {
    /// The records, by id.
    pub items: Vec<Record>,
    /// The cursor of the next page (`None`: this was the last).
    pub next: Option<i64>,
}

/// What a write did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Saved {
    /// The inspection.
    pub inspection_id: i64,
    /// The version written.
    pub version: VersionInfo,
}

/// An inspection ordered but not yet planned has no version (head 0): its record shows who
/// created it and when, and an empty hash.
pub(crate) const RECORD_SQL: &str = "SELECT i.id, u.name, r.name, u.specialty, i.visit_date, i.head_version, \
     COALESCE(v.author, i.created_by), COALESCE(v.saved_at, i.created_at), COALESCE(v.sha256, ''), \
     i.created_by, i.created_at, i.state \
     FROM inspections i JOIN units u ON u.id = i.unit_id \
     LEFT JOIN regions r ON r.id = u.region_id \
     LEFT JOIN versions v ON v.inspection_id = i.id AND v.number = i.head_version";

pub(crate) fn record(r: &Row) -> Result<Record, sqlx::Error> {
    Ok(Record {
        id: r.int(0)?,
        unit: r.text(1)?,
        region: r.opt_text(2)?,
        specialty: r.opt_text(3)?,
        visit_date: r.opt_text(4)?,
        head_version: r.int(5)?,
        saved_by: r.text(6)?,
        saved_at: r.text(7)?,
        sha256: r.text(8)?,
        created_by: r.text(9)?,
        created_at: r.text(10)?,
        state: r.opt_text(11)?,
    })
}

pub(crate) const VERSION_INFO_SQL: &str =
    "SELECT number, sha256, author, reason, saved_at FROM versions";

pub(crate) fn version_info(r: &Row) -> Result<VersionInfo, sqlx::Error> {
    Ok(VersionInfo {
        number: r.int(0)?,
        sha256: r.text(1)?,
        author: r.text(2)?,
        reason: r.opt_text(3)?,
        saved_at: r.text(4)?,
    })
}

/// Give an ordered inspection (head 0, no document) its first version: the skeleton written
/// when it is planned. Its unit and visit date come from the document.
pub(crate) async fn first_version_in(
    c: &mut Conn<'_>,
    id: i64,
    p: &Prepared,
    author: &str,
    reason: Option<&str>,
) -> Result<Saved, Error> {
    let unit = unit_id(c, &p.doc).await?;
    let date = p.doc.inspection.visit_date.to_string();
    if let Some((existing, _)) = holder(c, unit, &date).await?
        && existing != id
    {
        return Err(Error::Duplicate {
            existing,
            unit: p.doc.inspection.unit.clone(),
            visit_date: date,
        });
    }
    let version = insert_version(c, id, 1, p, author, reason).await?;
    let moved = c
        .execute(
            "UPDATE inspections SET head_version = 1, unit_id = $1, visit_date = $2 \
             WHERE id = $3 AND head_version = 0",
            args![unit, date, id],
        )
        .await?;
    if moved != 1 {
        let current = head_info(c, id, 1).await?;
        return Err(Error::Conflict(Box::new(Conflict {
            inspection_id: id,
            base: 0,
            current,
        })));
    }
    append_audit(
        c,
        author,
        "version.saved",
        Some(id),
        Some(1),
        serde_json::json!({"sha256": p.sha256, "base": 0, "reason": reason}),
    )
    .await?;
    Ok(Saved {
        inspection_id: id,
        version,
    })
}

pub(crate) async fn insert_version(
    c: &mut Conn<'_>,
    inspection_id: i64,
    number: i64,
    p: &Prepared,
    author: &str,
    reason: Option<&str>,
) -> Result<VersionInfo, sqlx::Error> {
    let info = VersionInfo {
        number,
        sha256: p.sha256.clone(),
        author: author.to_string(),
        reason: reason.map(str::to_string),
        saved_at: now(),
    };
    c.execute(
        "INSERT INTO versions (inspection_id, number, document, sha256, author, reason, saved_at, grading, digest) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        args![
            inspection_id,
            number,
            p.toml.clone(),
            p.sha256.clone(),
            info.author.clone(),
            info.reason.clone(),
            info.saved_at.clone(),
            p.grading.clone(),
            p.digest.clone()
        ],
    )
    .await?;
    Ok(info)
}

/// The inspection holding `unit_id` and `visit_date`, if any.
pub(crate) async fn holder(
    c: &mut Conn<'_>,
    unit_id: i64,
    visit_date: &str,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    c.fetch_optional(
        "SELECT id, head_version FROM inspections WHERE unit_id = $1 AND visit_date = $2",
        args![unit_id, visit_date.to_string()],
    )
    .await?
    .map(|r| Ok((r.int(0)?, r.int(1)?)))
    .transpose()
}

pub(crate) async fn head_info(
    c: &mut Conn<'_>,
    id: i64,
    number: i64,
) -> Result<VersionInfo, sqlx::Error> {
    version_info(
        &c.fetch_one(
            &format!("{VERSION_INFO_SQL} WHERE inspection_id = $1 AND number = $2"),
            args![id, number],
        )
        .await?,
    )
}

/// Create an inspection with version 1 (inside a write transaction).
pub(crate) async fn create_in(
    c: &mut Conn<'_>,
    p: &Prepared,
    author: &str,
    reason: Option<&str>,
    action: &str,
) -> Result<Saved, Error> {
    let unit = unit_id(c, &p.doc).await?;
    let date = p.doc.inspection.visit_date.to_string();
    if let Some((existing, _)) = holder(c, unit, &date).await? {
        return Err(Error::Duplicate {
            existing,
            unit: p.doc.inspection.unit.clone(),
            visit_date: date,
        });
    }
    let at = now();
    let id = c
        .fetch_one(
            "INSERT INTO inspections (unit_id, visit_date, head_version, created_by, created_at) \
             VALUES ($1, $2, 1, $3, $4) RETURNING id",
            args![unit, date, author.to_string(), at],
        )
        .await?
        .int(0)?;
    let version = insert_version(c, id, 1, p, author, reason).await?;
    // A document brought in starts in the state its `[report] status` implies.
    let graded: serde_json::Value = serde_json::from_str(&p.grading).unwrap_or_default();
    let start = workflow::State::imported(
        p.doc.report.status.unwrap_or_default(),
        graded["handlingsplan_required"].as_bool().unwrap_or(false),
        p.doc
            .handlingsplan
            .as_ref()
            .is_some_and(|h| h.received.is_some()),
    );
    process::start_in(c, id, start, author, p.doc.report.date).await?;
    append_audit(
        c,
        author,
        action,
        Some(id),
        Some(1),
        serde_json::json!({"sha256": p.sha256, "unit": p.doc.inspection.unit, "visit_date": p.doc.inspection.visit_date}),
    )
    .await?;
    Ok(Saved {
        inspection_id: id,
        version,
    })
}

/// Append a version to an inspection whose head is `base` (inside a write transaction).
pub(crate) async fn save_in(
    c: &mut Conn<'_>,
    id: i64,
    base: i64,
    p: &Prepared,
    author: &str,
    reason: Option<&str>,
    action: &str,
) -> Result<Saved, Error> {
    let head = c
        .fetch_optional(
            "SELECT head_version FROM inspections WHERE id = $1",
            args![id],
        )
        .await?
        .ok_or_else(|| Error::NotFound(format!("inspection {id}")))?
        .int(0)?;
    if head != base {
        let current = head_info(c, id, head).await?;
        return Err(Error::Conflict(Box::new(Conflict {
            inspection_id: id,
            base,
            current,
        })));
    }
    let unit = unit_id(c, &p.doc).await?;
    let date = p.doc.inspection.visit_date.to_string();
    if let Some((existing, _)) = holder(c, unit, &date).await?
        && existing != id
    {
        return Err(Error::Duplicate {
            existing,
            unit: p.doc.inspection.unit.clone(),
            visit_date: date,
        });
    }
    let number = head + 1;
    let version = insert_version(c, id, number, p, author, reason).await?;
    // Compare-and-set: the head moves only from the version the change was based on.
    let moved = c
        .execute(
            "UPDATE inspections SET head_version = $1, unit_id = $2, visit_date = $3 \
             WHERE id = $4 AND head_version = $5",
            args![number, unit, date, id, base],
        )
        .await?;
    if moved != 1 {
        let current = head_info(c, id, head).await?;
        return Err(Error::Conflict(Box::new(Conflict {
            inspection_id: id,
            base,
            current,
        })));
    }
    append_audit(
        c,
        author,
        action,
        Some(id),
        Some(number),
        serde_json::json!({"sha256": p.sha256, "base": base, "reason": reason}),
    )
    .await?;
    Ok(Saved {
        inspection_id: id,
        version,
    })
}

impl Store {
    /// Create an inspection from a prepared document: version 1, by `author`.
    ///
    /// # Errors
    ///
    /// [`Error::Duplicate`] when an inspection of the same unit and visit date exists;
    /// [`Error::Db`] when the write fails (nothing is written then).
    pub async fn create(
        &self,
        p: &Prepared,
        author: &str,
        reason: Option<&str>,
    ) -> Result<Saved, Error> {
        let mut tx = self.write().await?;
        let saved = create_in(&mut tx.conn(), p, author, reason, "inspection.created").await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Save a new version of inspection `id`, based on version `base`.
    ///
    /// # Errors
    ///
    /// [`Error::Conflict`] when `base` is not the head (nothing is written: exactly one save
    /// per base wins); [`Error::NotFound`]; [`Error::Duplicate`] when the document moves the
    /// inspection onto another one's unit and visit date.
    pub async fn save(
        &self,
        id: i64,
        base: i64,
        p: &Prepared,
        author: &str,
        reason: Option<&str>,
    ) -> Result<Saved, Error> {
        let mut tx = self.write().await?;
        let saved = save_in(&mut tx.conn(), id, base, p, author, reason, "version.saved").await?;
        tx.commit().await?;
        Ok(saved)
    }
    /// The record of inspection `id`.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`].
    pub async fn record(&self, id: i64) -> Result<Record, Error> {
        let mut c = self.read().await?;
        let r = c
            .conn()
            .fetch_optional(&format!("{RECORD_SQL} WHERE i.id = $1"), args![id])
            .await?
            .ok_or_else(|| Error::NotFound(format!("inspection {id}")))?;
        Ok(record(&r)?)
    }

    /// A page of inspections matching `filter`, by id, after `cursor` (the previous page's
    /// `next`); `limit` is clamped to 1..=1000.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn list(
        &self,
        filter: &Filter,
        limit: i64,
        cursor: Option<i64>,
    ) -> Result<Page, Error> {
        let limit = limit.clamp(1, 1000);
        let (from, to) = match filter.year {
            Some(y) => (
                Some(format!("{y:04}-01-01")),
                Some(format!("{:04}-01-01", y + 1)),
            ),
            None => (None, None),
        };
        let sql = format!(
            "{RECORD_SQL} WHERE i.id > $1 AND ($2 IS NULL OR u.name = $2) \
             AND ($3 IS NULL OR r.name = $3) AND ($4 IS NULL OR u.specialty = $4) \
             AND ($5 IS NULL OR i.visit_date >= $5) AND ($6 IS NULL OR i.visit_date < $6) \
             ORDER BY i.id LIMIT $7"
        );
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                &sql,
                args![
                    cursor.unwrap_or(0),
                    filter.unit.clone(),
                    filter.region.clone(),
                    filter.specialty.clone(),
                    from,
                    to,
                    limit + 1
                ],
            )
            .await?;
        let mut items = rows.iter().map(record).collect::<Result<Vec<_>, _>>()?;
        let next = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|r| r.id)
        } else {
            None
        };
        Ok(Page { items, next })
    }

    /// Every inspection's record, by id.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn all_records(&self) -> Result<Vec<Record>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(&format!("{RECORD_SQL} ORDER BY i.id"), vec![])
            .await?;
        Ok(rows.iter().map(record).collect::<Result<_, _>>()?)
    }

    /// Every inspection's record with its head document (canonical TOML) and graded result,
    /// by id: what the regional overview and the export read.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn heads(&self) -> Result<Vec<Head>, Error> {
        self.heads_with(", v.document, v.grading, CAST(NULL AS TEXT)")
            .await
    }

    /// Every inspection's record with what the regional overview reads of its head: the
    /// overview digest where the head has one (its document and grading are then left empty),
    /// else the whole document and grading. By id.
    ///
    /// # Errors
    ///
    /// [`Error::Db`].
    pub async fn overview_heads(&self) -> Result<Vec<Head>, Error> {
        self.heads_with(
            ", CASE WHEN v.digest IS NULL THEN v.document ELSE '' END, \
             CASE WHEN v.digest IS NULL THEN v.grading ELSE '' END, v.digest",
        )
        .await
    }

    /// The heads with `columns` (document, grading, digest) after the record's.
    async fn heads_with(&self, columns: &str) -> Result<Vec<Head>, Error> {
        let mut c = self.read().await?;
        let sql = RECORD_SQL.replacen(" FROM ", &format!("{columns} FROM "), 1);
        let rows = c
            .conn()
            .fetch_all(
                &format!("{sql} WHERE i.head_version > 0 ORDER BY i.id"),
                vec![],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                Ok(Head {
                    record: record(r)?,
                    toml: r.text(12)?,
                    grading: r.text(13)?,
                    digest: r.opt_text(14)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?)
    }

    /// The versions of inspection `id`, oldest first.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when there is no such inspection.
    pub async fn versions(&self, id: i64) -> Result<Vec<VersionInfo>, Error> {
        let mut c = self.read().await?;
        let rows = c
            .conn()
            .fetch_all(
                &format!("{VERSION_INFO_SQL} WHERE inspection_id = $1 ORDER BY number"),
                args![id],
            )
            .await?;
        if rows.is_empty() {
            return Err(Error::NotFound(format!("inspection {id}")));
        }
        Ok(rows.iter().map(version_info).collect::<Result<_, _>>()?)
    }

    /// Version `number` of inspection `id` (the head when `None`), with its document.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`].
    pub async fn version(&self, id: i64, number: Option<i64>) -> Result<Version, Error> {
        let mut c = self.read().await?;
        let sql = "SELECT v.number, v.sha256, v.author, v.reason, v.saved_at, v.document, v.grading \
                   FROM versions v JOIN inspections i ON i.id = v.inspection_id \
                   WHERE v.inspection_id = $1 AND v.number = COALESCE($2, i.head_version)";
        let r = c
            .conn()
            .fetch_optional(sql, args![id, number])
            .await?
            .ok_or_else(|| match number {
                Some(n) => Error::NotFound(format!("version {n} of inspection {id}")),
                None => Error::NotFound(format!("inspection {id}")),
            })?;
        Ok(Version {
            info: version_info(&r)?,
            toml: r.text(5)?,
            grading: r.text(6)?,
        })
    }

    /// What changed in inspection `id` from version `from` to version `to`.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when a version does not exist; [`Error::Document`] for a stored
    /// document that does not read back.
    pub async fn diff(&self, id: i64, from: i64, to: i64) -> Result<Diff, Error> {
        let a = self.version(id, Some(from)).await?;
        let b = self.version(id, Some(to)).await?;
        let value = |v: &Version| -> Result<(serde_json::Value, serde_json::Value), Error> {
            let doc =
                serde_json::to_value(v.document()?).map_err(|e| Error::Document(e.to_string()))?;
            let grading: serde_json::Value =
                serde_json::from_str(&v.grading).map_err(|e| Error::Document(e.to_string()))?;
            Ok((doc, grading))
        };
        let (ad, ag) = value(&a)?;
        let (bd, bg) = value(&b)?;
        Ok(diff::diff(from, to, (&ad, &ag), (&bd, &bg)))
    }
}
