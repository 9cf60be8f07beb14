//! Reading an inspection document from a request, and the problem responses (400, 413, 422, …).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;
use spur_core::{Catalog, Code, Diagnostic, Format, InspectionDocument};

/// The file name that locations in problem responses carry.
pub(crate) const FILE_NAME: &str = "request";

/// The body of every 4xx/5xx response: a one-line message and the located problems, exactly the
/// diagnostics `spur validate --format json` prints (file name `request`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Problems {
    /// What went wrong, in one sentence.
    pub message: String,
    /// The errors (severity `error`), in document order.
    pub errors: Vec<Diagnostic>,
    /// The warnings (e.g. unassessed criteria), in document order.
    pub warnings: Vec<Diagnostic>,
}

impl Problems {
    /// A problem that is only a message (no document diagnostics).
    pub fn message(message: String) -> Problems {
        Problems {
            message,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// A problem about one request parameter (query, path or header), as an `invalid-value`
    /// diagnostic at `path` (e.g. `query.format`).
    pub(crate) fn parameter(path: &str, message: String, hint: Option<String>) -> Problems {
        let mut d = Diagnostic::error(Code::InvalidValue, path, message.clone());
        d.hint = hint;
        Problems {
            message,
            errors: vec![d],
            warnings: Vec::new(),
        }
    }

    /// A problem with the body as a whole (cannot be read as a document).
    pub(crate) fn body(message: String, hint: Option<String>) -> Problems {
        let mut d = Diagnostic::error(Code::Syntax, "", message.clone());
        d.hint = hint;
        Problems {
            message,
            errors: vec![d],
            warnings: Vec::new(),
        }
    }

    /// The response with `status` and this body as JSON.
    pub fn into_response_with(self, status: StatusCode) -> Response {
        (status, axum::Json(self)).into_response()
    }
}

/// An error response: a status and its problems.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub problems: Problems,
}

impl ApiError {
    pub(crate) fn bad_request(problems: Problems) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            problems,
        }
    }
    pub(crate) fn internal(message: String) -> ApiError {
        tracing::error!("internal error: {message}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            problems: Problems::message(format!("internal error: {message}")),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.problems.into_response_with(self.status)
    }
}

/// A document read from a request body, with its warnings.
pub(crate) struct Document {
    pub doc: InspectionDocument,
    pub warnings: Vec<Diagnostic>,
}

/// The document format a Content-Type names; `Ok(None)` when there is none (sniff).
fn format_of(headers: &HeaderMap) -> Result<Option<Format>, ApiError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(None);
    };
    let raw = value.to_str().unwrap_or("").to_string();
    let mime = raw
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match mime.as_str() {
        "" => Ok(None),
        "application/json" => Ok(Some(Format::Json)),
        m if m.starts_with("application/") && m.ends_with("+json") => Ok(Some(Format::Json)),
        "application/toml" | "text/toml" | "text/plain" | "text/x-toml" | "application/x-toml" => {
            Ok(Some(Format::Toml))
        }
        _ => Err(ApiError::bad_request(Problems::parameter(
            "header.content-type",
            format!(
                "unsupported Content-Type `{raw}`: send the inspection document as JSON or TOML"
            ),
            Some("use `Content-Type: application/json` or `Content-Type: application/toml`".into()),
        ))),
    }
}

/// The body bytes, or 413 / 400 when they could not be read.
pub(crate) fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError {
                status,
                problems: Problems::message(
                    "the request body is larger than the server accepts (`spur serve --max-body`)"
                        .into(),
                ),
            }
        } else {
            ApiError {
                status: if status.is_client_error() {
                    status
                } else {
                    StatusCode::BAD_REQUEST
                },
                problems: Problems::body(
                    format!("cannot read the request body: {}", rejection.body_text()),
                    None,
                ),
            }
        }
    })
}

/// Read and validate the inspection document in a request body.
///
/// 400 when the body is not a document at all (content type, UTF-8, syntax, empty); 422 when it
/// is a document with errors; otherwise the document and its warnings.
pub(crate) fn read_document(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Document, ApiError> {
    let checked = check_body(headers, body)?;
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = checked
        .diagnostics
        .0
        .into_iter()
        .partition(Diagnostic::is_error);
    if errors.iter().any(|d| d.code == Code::Syntax) {
        return Err(ApiError::bad_request(Problems {
            message: "the request body is not a readable inspection document".into(),
            errors,
            warnings,
        }));
    }
    match checked.document {
        Some(doc) if errors.is_empty() => Ok(Document { doc, warnings }),
        Some(_) => Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            problems: Problems {
                message: format!("the inspection document has {} error(s)", errors.len()),
                errors,
                warnings,
            },
        }),
        None if !errors.is_empty() => Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            problems: Problems {
                message: format!("the inspection document has {} error(s)", errors.len()),
                errors,
                warnings,
            },
        }),
        None => Err(ApiError::bad_request(Problems::body(
            "the request body is not a readable inspection document".into(),
            None,
        ))),
    }
}

/// Read the body as text in the right format and run spur-core's check on it.
fn check_body(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<spur_core::Checked, ApiError> {
    let format = format_of(headers)?;
    let bytes = body_bytes(body)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        ApiError::bad_request(Problems::body(
            format!(
                "the request body is not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
            Some("send the document as UTF-8 text".into()),
        ))
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ApiError::bad_request(Problems::body(
            "the request body is empty: send an inspection document (JSON or TOML)".into(),
            Some("see GET /v1/schema/inspection for the format".into()),
        )));
    }
    let format = format.unwrap_or_else(|| Format::sniff(text));
    Ok(InspectionDocument::check(
        text,
        FILE_NAME,
        format,
        Catalog::embedded(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(ct: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        h
    }

    #[test]
    fn content_types_map_to_formats() {
        assert_eq!(
            format_of(&headers("application/json; charset=utf-8")).unwrap(),
            Some(Format::Json)
        );
        assert_eq!(
            format_of(&headers("application/vnd.spur+json")).unwrap(),
            Some(Format::Json)
        );
        assert_eq!(
            format_of(&headers("application/toml")).unwrap(),
            Some(Format::Toml)
        );
        assert_eq!(
            format_of(&headers("Text/Plain;charset=UTF-8")).unwrap(),
            Some(Format::Toml)
        );
        assert_eq!(format_of(&HeaderMap::new()).unwrap(), None);
        let err = format_of(&headers("application/xml")).unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert_eq!(err.problems.errors[0].path, "header.content-type");
    }

    #[test]
    fn non_utf8_and_empty_bodies_are_400() {
        let e = read_document(&HeaderMap::new(), Ok(Bytes::from_static(b"\xff\xfe")))
            .err()
            .unwrap();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        let e = read_document(&HeaderMap::new(), Ok(Bytes::from_static(b"  \n")))
            .err()
            .unwrap();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }
}
