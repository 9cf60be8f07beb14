//! Attachments: the unit's documents, recognised by content, stored with their SHA-256 and
//! served only as downloads.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Extension, Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use spur_store::Store;

use crate::auth::Action;
use crate::caller::{self, Caller};
use crate::input::{ApiError, Problems, say};
use crate::input::{id_of, json_response, store_failed};
use crate::request::ProblemLang;
use spur_core::messages::Msg;

/// Content types an attachment may have, found by its first bytes (never by its name).
pub(crate) fn sniff_attachment(bytes: &[u8]) -> Option<&'static str> {
    const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const ODT: &str = "application/vnd.oasis.opendocument.text";
    if bytes.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        return Some("image/jpeg");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // ODF puts an uncompressed `mimetype` entry first.
        if bytes.len() > 38 + 39 && &bytes[30..38] == b"mimetype" {
            let rest = &bytes[38..];
            if rest.starts_with(ODT.as_bytes()) {
                return Some(ODT);
            }
            return None;
        }
        let names = zip_names(bytes)?;
        if names.iter().any(|n| n == "word/document.xml") {
            return Some(DOCX);
        }
        if names.iter().any(|n| n == "xl/workbook.xml") {
            return Some(XLSX);
        }
    }
    None
}

/// The entry names of a ZIP (central directory only: nothing is decompressed).
fn zip_names(bytes: &[u8]) -> Option<Vec<String>> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    if archive.len() > 10_000 {
        return None;
    }
    Some(archive.file_names().map(str::to_string).collect())
}

/// Query of `POST /v1/inspections/{id}/attachments`.
#[derive(Debug, Deserialize)]
pub(crate) struct AttachQuery {
    name: Option<String>,
}

/// The attachments of an inspection.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct AttachmentList {
    /// The inspection.
    inspection: i64,
    /// Oldest first, without content (download each by its link).
    attachments: Vec<spur_store::Attachment>,
}

/// The largest attachment by default: 20 MB.
pub const DEFAULT_MAX_ATTACHMENT: usize = 20 * 1000 * 1000;

/// A file name fit for `Content-Disposition`: the last path part, printable ASCII and a few
/// safe characters only, at most 100 characters.
pub(crate) fn safe_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else if c.is_alphabetic() {
                // å, ä, ö and other letters: keep the name readable in ASCII.
                match c {
                    'å' | 'ä' => 'a',
                    'Å' | 'Ä' => 'A',
                    'ö' => 'o',
                    'Ö' => 'O',
                    _ => '_',
                }
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c == ' ');
    if trimmed.is_empty() {
        "bilaga".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Upload a document of the unit (PDF, DOCX, XLSX, ODT, PNG, JPEG — by content).
#[utoipa::path(post, path = "/v1/inspections/{id}/attachments", tag = "process", operation_id = "add_attachment",
    params(
        ("id" = i64, Path, description = "The inspection's id."),
        ("name" = Option<String>, Query, description = "The file's name (for downloads)."),
    ),
    request_body(description = "The file's bytes.", content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored with its SHA-256.", body = ref("#/components/schemas/Attachment")),
        (status = 404, description = "No such inspection."),
        (status = 413, description = "Larger than the attachment limit."),
        (status = 415, description = "Not a PDF, DOCX, XLSX, ODT, PNG or JPEG by its content."),
    ))]
#[allow(clippy::too_many_arguments)] // an axum handler: one extractor per argument
pub(crate) async fn add_attachment(
    Extension(store): Extension<Store>,
    Extension(limit): Extension<AttachmentLimit>,
    Path(id): Path<String>,
    q: Result<Query<AttachQuery>, QueryRejection>,
    caller: Caller,
    ProblemLang(lang): ProblemLang,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::UploadAttachment, id, lang).await {
        return Ok(r);
    }
    let q = q.map(|Query(q)| q).unwrap_or(AttachQuery { name: None });
    let bytes = crate::input::body_bytes(body, lang)?;
    if bytes.len() > limit.0 {
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            problems: Problems::body(
                say(lang, Msg::ApiAttachmentTooLarge, &[("max", &limit.0)]),
                Some(say(lang, Msg::ApiAttachmentTooLargeHint, &[])),
            ),
        });
    }
    let Some(media_type) = sniff_attachment(&bytes) else {
        return Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            problems: Problems::body(say(lang, Msg::ApiAttachmentType, &[]), None),
        });
    };
    let name = safe_file_name(q.name.as_deref().unwrap_or("bilaga"));
    let a = store
        .attach(id, &name, media_type, &bytes, &caller.0.subject)
        .await
        .map_err(store_failed(lang))?;
    Ok(json_response(StatusCode::CREATED, &a))
}

/// The documents the unit uploaded.
#[utoipa::path(get, path = "/v1/inspections/{id}/attachments", tag = "process", operation_id = "list_attachments",
    params(("id" = i64, Path, description = "The inspection's id.")),
    responses(
        (status = 200, description = "Every attachment, without content.", body = ref("#/components/schemas/AttachmentList")),
        (status = 404, description = "No such inspection."),
    ))]
pub(crate) async fn attachments(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path(id): Path<String>,
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::ListAttachments, id, lang).await {
        return Ok(r);
    }
    let attachments = store.attachments(id).await.map_err(store_failed(lang))?;
    Ok(json_response(
        StatusCode::OK,
        &AttachmentList {
            inspection: id,
            attachments,
        },
    ))
}

/// Download an attachment: always as a download, never rendered inline.
#[utoipa::path(get, path = "/v1/inspections/{id}/attachments/{n}", tag = "process", operation_id = "get_attachment",
    params(("id" = i64, Path, description = "The inspection's id."), ("n" = i64, Path, description = "The attachment's id.")),
    responses(
        (status = 200, description = "The file, with `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`.", content_type = "application/octet-stream"),
        (status = 404, description = "No such inspection or attachment."),
    ))]
pub(crate) async fn attachment(
    Extension(store): Extension<Store>,
    caller: Caller,
    Path((id, attachment)): Path<(String, String)>,
    ProblemLang(lang): ProblemLang,
) -> Result<Response, ApiError> {
    let id = id_of(&id, lang)?;
    let attachment = id_of(&attachment, lang)?;
    if let Err(r) = caller::inspection(&store, &caller, Action::DownloadAttachment, id, lang).await
    {
        return Ok(r);
    }
    let (meta, content) = store
        .attachment(id, attachment)
        .await
        .map_err(store_failed(lang))?;
    let disposition = format!("attachment; filename=\"{}\"", safe_file_name(&meta.name));
    let mut r = (StatusCode::OK, content).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&meta.media_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", meta.sha256)) {
        h.insert(header::ETAG, v);
    }
    Ok(r)
}

/// The largest attachment accepted, in bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AttachmentLimit(pub usize);
