//! Reading an inspection document from a request, and the problem responses (400, 413, 422, …).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;
use spur_core::messages::{Msg, Text};
use spur_core::{Catalog, Code, Diagnostic, Format, InspectionDocument, Lang};

/// The file name that locations in problem responses carry.
pub(crate) const FILE_NAME: &str = "request";

/// The content type of every error answer (RFC 9457 problem details; spur's members are
/// `message`, `errors` and `warnings`).
pub(crate) const PROBLEM_JSON: &str = "application/problem+json";

/// At most this many errors and this many warnings are listed in one answer; the message says
/// how many more there are.
pub const MAX_LISTED: usize = 200;

/// `text` cut to at most `max` characters (with `…`), for echoing user input in messages.
pub(crate) fn clip_text(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// `msg` in `lang`, with its values (`{name}` placeholders) filled in.
pub(crate) fn say(
    lang: Lang,
    msg: Msg,
    values: &[(&'static str, &dyn std::fmt::Display)],
) -> String {
    values
        .iter()
        .fold(Text::new(msg), |t, (name, value)| t.val(name, value))
        .render(lang)
}

/// 413 for a body over `max_body` bytes.
pub(crate) fn too_large(max_body: usize, lang: Lang) -> Response {
    Problems::message(say(lang, Msg::ApiBodyTooLarge, &[("max", &max_body)]))
        .into_response_with(StatusCode::PAYLOAD_TOO_LARGE)
}

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

    /// Problems with at most [`MAX_LISTED`] errors and as many warnings; the message names how
    /// many more there are (answers stay small whatever the document).
    pub(crate) fn capped(
        message: String,
        mut errors: Vec<Diagnostic>,
        mut warnings: Vec<Diagnostic>,
        lang: Lang,
    ) -> Problems {
        let mut message = message;
        // A `too-many-problems` diagnostic stands for the problems spur-core only counted: the
        // message says how many there are in all instead.
        let total_errors = spur_core::diagnostic::totals(&errors).0;
        let total_warnings = spur_core::diagnostic::totals(&warnings).1;
        errors.retain(|d| d.code != Code::TooManyProblems);
        warnings.retain(|d| d.code != Code::TooManyProblems);
        errors.truncate(MAX_LISTED);
        warnings.truncate(MAX_LISTED);
        let more_errors = total_errors.saturating_sub(errors.len());
        let more_warnings = total_warnings.saturating_sub(warnings.len());
        for (more, msg) in [
            (more_errors, Msg::ApiMoreErrors),
            (more_warnings, Msg::ApiMoreWarnings),
        ] {
            if more > 0 {
                let values: [(&'static str, &dyn std::fmt::Display); 2] =
                    [("limit", &MAX_LISTED), ("more", &more)];
                message.push_str(&say(lang, msg, &values));
            }
        }
        Problems {
            message,
            errors,
            warnings,
        }
    }

    /// The response with `status` and this body as problem JSON (`application/problem+json`);
    /// 503 answers also carry `Retry-After`.
    pub fn into_response_with(self, status: StatusCode) -> Response {
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut r = (status, [(header::CONTENT_TYPE, PROBLEM_JSON)], body).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            r.headers_mut().insert(
                header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
        }
        r
    }
}

/// An error response: a status and its problems.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub problems: Problems,
}

impl ApiError {
    /// 422: the inspection document has errors (every one counted in the message, the first
    /// ones listed).
    pub(crate) fn document_has_errors(
        errors: Vec<Diagnostic>,
        warnings: Vec<Diagnostic>,
        lang: Lang,
    ) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            problems: Problems::capped(
                Text::new(Msg::DocumentHasErrors)
                    .val("count", spur_core::diagnostic::totals(&errors).0)
                    .render(lang),
                errors,
                warnings,
                lang,
            ),
        }
    }

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
    /// The catalog the document's `specialty` and `catalog` chose (grade with this one).
    pub catalog: std::sync::Arc<Catalog>,
    /// Each mapping from an older catalog version applied to the findings.
    pub mappings: Vec<spur_core::AppliedMapping>,
}

impl Document {
    /// Grade the document with the catalog it chose: the one graded value every answer is made
    /// from (its diagnostics are the document's warnings).
    pub(crate) fn grade(self, settings: &spur_grading::Settings) -> spur_grading::Graded {
        spur_grading::Graded::with_check(
            self.doc,
            self.catalog,
            self.mappings,
            spur_core::Diagnostics(self.warnings),
            settings,
        )
    }
}

/// The catalogs and indicator sets of the server (`spur serve --catalog-dir`).
#[derive(Clone)]
pub(crate) struct Library(pub std::sync::Arc<spur_core::CatalogLibrary>);

/// The answer to a failed store call, in `lang`: 404 for what is not there, 409 for a
/// duplicate, 503 (logged) when the database is unavailable, 500 otherwise. Curried, for
/// `.map_err(store_failed(lang))`.
pub(crate) fn store_failed(lang: Lang) -> impl Fn(spur_store::Error) -> ApiError {
    move |e| match e {
        spur_store::Error::NotFound(what) => ApiError {
            status: StatusCode::NOT_FOUND,
            problems: Problems::message(not_found_text(&what).render(lang)),
        },
        spur_store::Error::Duplicate {
            existing,
            unit,
            visit_date,
        } => ApiError {
            status: StatusCode::CONFLICT,
            problems: Problems::message(say(
                lang,
                Msg::ApiDuplicate,
                &[
                    ("existing", &existing),
                    ("unit", &unit),
                    ("visit_date", &visit_date),
                ],
            )),
        },
        spur_store::Error::Db(e) => {
            tracing::warn!("store: {e}");
            let msg = match spur_store::unavailable(&e) {
                spur_store::Unavailable::ReadOnly => Msg::ApiStoreReadOnly,
                spur_store::Unavailable::Full => Msg::ApiStoreFull,
                spur_store::Unavailable::Other => Msg::ApiStoreUnavailable,
            };
            ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                problems: Problems::message(say(lang, msg, &[])),
            }
        }
        e => ApiError::internal(e.to_string()),
    }
}

/// What the store says is not there (`inspection 3`, `version 2 of inspection 3`, `comment 7`,
/// …) as a phrase: the store names it in English, the answer says it in the request's language.
/// Anything else keeps the store's words.
fn not_found_text(what: &str) -> Text {
    let number = |s: &str| s.parse::<i64>().ok();
    let words: Vec<&str> = what.split(' ').collect();
    match words.as_slice() {
        ["inspection", id] if number(id).is_some() => {
            Text::new(Msg::ApiInspectionNotFound).val("id", id)
        }
        ["version", n, "of", "inspection", id] if number(n).is_some() && number(id).is_some() => {
            Text::new(Msg::ApiVersionNotFound).val("n", n).val("id", id)
        }
        ["attachment", id] if number(id).is_some() => {
            Text::new(Msg::ApiAttachmentNotFound).val("id", id)
        }
        ["comment", id] if number(id).is_some() => Text::new(Msg::ApiCommentNotFound).val("id", id),
        ["an", "open", "survey", "of", "inspection", id] if number(id).is_some() => {
            Text::new(Msg::ApiSurveyNotFound).val("id", id)
        }
        _ => Text::new(Msg::ApiNotFound).val("what", what),
    }
}

/// The id in a path: a number, else 404 in `lang` (ids are never guessed into errors).
pub(crate) fn id_of(raw: &str, lang: Lang) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(|| ApiError {
            status: StatusCode::NOT_FOUND,
            problems: Problems::message(say(
                lang,
                Msg::ApiNoSuchId,
                &[("id", &crate::input::clip_text(raw, 40))],
            )),
        })
}

/// `value` as an `application/json` answer with `status`.
pub(crate) fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The embedded catalogs only (the tests' library).
#[cfg(test)]
fn embedded_library() -> &'static spur_core::CatalogLibrary {
    static LIB: std::sync::OnceLock<spur_core::CatalogLibrary> = std::sync::OnceLock::new();
    LIB.get_or_init(spur_core::CatalogLibrary::embedded)
}

/// The document format a Content-Type names: `application/json` or `application/toml` only
/// (parameters such as `charset=utf-8` are allowed); anything else, or none, is 415. Refusing
/// `text/plain` and form types keeps a web page from posting documents cross-origin without a
/// CORS preflight.
fn format_of(headers: &HeaderMap, lang: Lang) -> Result<Format, ApiError> {
    let raw = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let mime = raw
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match mime.as_str() {
        "application/json" => Ok(Format::Json),
        "application/toml" => Ok(Format::Toml),
        _ => Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            problems: Problems::parameter(
                "header.content-type",
                if raw.trim().is_empty() {
                    say(lang, Msg::ApiNoContentType, &[])
                } else {
                    say(
                        lang,
                        Msg::ApiContentType,
                        &[("type", &clip_text(&raw, 100))],
                    )
                },
                Some(say(lang, Msg::ApiContentTypeHint, &[])),
            ),
        }),
    }
}

/// The body bytes, or 413 / 400 when they could not be read.
pub(crate) fn body_bytes(
    body: Result<Bytes, BytesRejection>,
    lang: Lang,
) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError {
                status,
                problems: Problems::message(say(lang, Msg::ApiBodyTooLargeNoLimit, &[])),
            }
        } else {
            ApiError {
                status: if status.is_client_error() {
                    status
                } else {
                    StatusCode::BAD_REQUEST
                },
                problems: Problems::body(
                    say(
                        lang,
                        Msg::ApiBodyUnreadable,
                        &[("detail", &rejection.body_text())],
                    ),
                    None,
                ),
            }
        }
    })
}

/// A request body that claims to be a document: its format (from Content-Type) and bytes. Taking
/// it is cheap and happens on the async side; reading it ([`read_document_in`]) is CPU work for the
/// pool.
pub(crate) struct Upload {
    pub format: Format,
    pub bytes: Bytes,
}

/// The body and its format: 415 for another content type, 413 / 400 when the body could not be
/// received.
pub(crate) fn upload(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    lang: Lang,
) -> Result<Upload, ApiError> {
    let format = format_of(headers, lang)?;
    let bytes = body_bytes(body, lang)?;
    Ok(Upload { format, bytes })
}

/// The body of a request that carries its documents inside JSON (`/v1/compare`, the import):
/// 415 unless it is `application/json`, with `message` saying what to send and `hint` how (in
/// `lang`).
pub(crate) fn json_request(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    (message, hint): (Msg, Msg),
    lang: Lang,
) -> Result<Bytes, ApiError> {
    if !matches!(format_of(headers, lang), Ok(Format::Json)) {
        return Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            problems: Problems::parameter(
                "header.content-type",
                say(lang, message, &[]),
                Some(say(lang, hint, &[])),
            ),
        });
    }
    body_bytes(body, lang)
}

/// [`read_document_in`] with the embedded catalogs (the tests').
#[cfg(test)]
pub(crate) fn read_document(upload: &Upload, lang: Lang) -> Result<Document, ApiError> {
    read_document_in(upload, lang, embedded_library())
}

/// Read and validate the inspection document in a request body, with the catalog chosen from
/// `library` by the document's `specialty` and `catalog`.
///
/// 400 when the body is not a document at all (UTF-8, syntax, empty); 422 when it is a document
/// with errors; otherwise the document and its warnings. At most [`MAX_LISTED`] errors and
/// warnings are listed.
pub(crate) fn read_document_in(
    upload: &Upload,
    lang: Lang,
    library: &spur_core::CatalogLibrary,
) -> Result<Document, ApiError> {
    let spur_core::CheckedIn {
        mut checked,
        catalog,
        mappings,
    } = check_body(upload, library, lang)?;
    checked.diagnostics.localize(lang);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = checked
        .diagnostics
        .0
        .into_iter()
        .partition(Diagnostic::is_error);
    if errors.iter().any(|d| d.code == Code::Syntax) {
        return Err(ApiError::bad_request(Problems::capped(
            Msg::NotReadableDocument.template(lang).into(),
            errors,
            warnings,
            lang,
        )));
    }
    match checked.document {
        Some(doc) if errors.is_empty() => Ok(Document {
            doc,
            warnings,
            catalog,
            mappings,
        }),
        _ if !errors.is_empty() => Err(ApiError::document_has_errors(errors, warnings, lang)),
        _ => Err(ApiError::bad_request(Problems::body(
            Msg::NotReadableDocument.template(lang).into(),
            None,
        ))),
    }
}

/// Read the body as text in its format and run spur-core's check on it.
fn check_body(
    upload: &Upload,
    library: &spur_core::CatalogLibrary,
    lang: Lang,
) -> Result<spur_core::CheckedIn, ApiError> {
    let text = std::str::from_utf8(&upload.bytes).map_err(|e| {
        ApiError::bad_request(Problems::body(
            say(lang, Msg::ApiNotUtf8, &[("offset", &e.valid_up_to())]),
            Some(say(lang, Msg::ApiNotUtf8Hint, &[])),
        ))
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ApiError::bad_request(Problems::body(
            say(lang, Msg::ApiEmptyBody, &[]),
            Some(say(lang, Msg::ApiEmptyBodyHint, &[])),
        )));
    }
    Ok(InspectionDocument::check_in(
        text,
        FILE_NAME,
        upload.format,
        library,
        spur_core::Warnings::Include,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn format_of_en(h: &HeaderMap) -> Result<Format, ApiError> {
        format_of(h, Lang::En)
    }

    fn headers(ct: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        h
    }

    #[test]
    fn only_json_and_toml_content_types_are_documents() {
        assert_eq!(
            format_of_en(&headers("application/json; charset=utf-8")).unwrap(),
            Format::Json
        );
        assert_eq!(
            format_of_en(&headers("Application/TOML")).unwrap(),
            Format::Toml
        );
        for refused in [
            "text/plain",
            "Text/Plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/xml",
            "text/toml",
        ] {
            let err = format_of_en(&headers(refused)).unwrap_err();
            assert_eq!(err.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{refused}");
            assert_eq!(err.problems.errors[0].path, "header.content-type");
        }
        let err = format_of_en(&HeaderMap::new()).unwrap_err();
        assert_eq!(err.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }

    #[test]
    fn what_the_store_has_not_is_said_in_either_language() {
        for (what, en, sv) in [
            (
                "inspection 3",
                "inspection 3 not found",
                "inspektion 3 finns inte",
            ),
            (
                "version 2 of inspection 3",
                "version 2 of inspection 3 not found",
                "version 2 av inspektion 3 finns inte",
            ),
            (
                "attachment 9",
                "attachment 9 not found",
                "bilaga 9 finns inte",
            ),
            ("comment 7", "comment 7 not found", "kommentar 7 finns inte"),
            (
                "an open survey of inspection 4",
                "an open survey of inspection 4 not found",
                "en öppen enkät för inspektion 4 finns inte",
            ),
            ("token abc", "token abc not found", "token abc finns inte"),
        ] {
            let e = spur_store::Error::NotFound(what.into());
            assert_eq!(e.to_string(), en);
            let t = not_found_text(what);
            assert_eq!(t.render(Lang::En), en);
            assert_eq!(t.render(Lang::Sv), sv);
        }
    }

    #[test]
    fn non_utf8_and_empty_bodies_are_400() {
        let up = |b: &'static [u8]| Upload {
            format: Format::Toml,
            bytes: Bytes::from_static(b),
        };
        let e = read_document(&up(b"\xff\xfe"), Lang::En).err().unwrap();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        let e = read_document(&up(b"  \n"), Lang::En).err().unwrap();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn answers_list_at_most_200_problems_and_count_the_rest() {
        let mut doc = String::from(
            "unit = \"U\"\nregulations = [\"2021\"]\nvisit_date = \"2026-01-01\"\n[findings]\n",
        );
        for i in 0..5000 {
            doc.push_str(&format!("\"Q.X{i}\" = \"met\"\n"));
        }
        let e = read_document(
            &Upload {
                format: Format::Toml,
                bytes: Bytes::from(doc),
            },
            Lang::En,
        )
        .err()
        .unwrap();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.problems.errors.len(), MAX_LISTED);
        assert!(e.problems.warnings.len() <= MAX_LISTED);
        assert!(
            e.problems
                .message
                .contains("first 200 errors are listed, and 48"),
            "{}",
            e.problems.message
        );
    }
}
