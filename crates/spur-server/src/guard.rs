//! Checks made before a request reaches a handler, and the rule that every error is problem
//! JSON:
//! - `Host` must name this server (the bind address, `localhost`, a loopback address or an
//!   `--allowed-host`): a page in the inspector's browser cannot reach the API through DNS
//!   rebinding. A request read from the socket has exactly one `Host` when it is HTTP/1.1
//!   (RFC 9112 §3.2: 400 otherwise; two `Host` headers are 400 whatever the version), and an
//!   absolute-form target (`GET http://host/path`) must name this server too (400). A request
//!   without `Host` over HTTP/1.0, or made in-process (tests, no socket), is let through.
//! - A `Content-Length` over the body limit is refused with 413 before any of the body is read,
//!   so `Expect: 100-continue` gets no `100 Continue`.
//! - Any 4xx/5xx answer that is not already `application/problem+json` (axum's own rejections,
//!   405) is rewritten as one.

use std::net::IpAddr;
use std::sync::Arc;

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::input::{PROBLEM_JSON, Problems, say};
use crate::request::problem_lang;
use spur_core::messages::Msg;

/// The host names and addresses this server answers to.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    names: Vec<String>,
}

impl Hosts {
    pub(crate) fn new(bind: IpAddr, allowed: &[String]) -> Hosts {
        let mut names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
        if !bind.is_unspecified() {
            names.push(bind.to_string());
        }
        names.extend(allowed.iter().map(|h| normalise(h)));
        Hosts { names }
    }

    fn allows(&self, host: &str) -> bool {
        let host = normalise(host);
        self.names.contains(&host)
    }
}

/// A `Host` value without its port, lower-cased, without IPv6 brackets or a trailing dot.
fn normalise(host: &str) -> String {
    let host = host.trim();
    let bare = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    bare.trim_end_matches('.').to_ascii_lowercase()
}

/// Marks a request read from a socket (set by the connection driver): only those must carry
/// `Host` on HTTP/1.1.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FromSocket;

fn bad_host(message: String) -> Response {
    Problems::message(message).into_response_with(StatusCode::BAD_REQUEST)
}

/// 421 for a `Host` that is not this server; 400 for an unreadable one, for two, for none on an
/// HTTP/1.1 request from the socket, and for an absolute-form target naming another host.
pub(crate) async fn check_host(
    State((hosts, server_lang)): State<(Arc<Hosts>, crate::request::DefaultLang)>,
    req: Request,
    next: Next,
) -> Response {
    // The answer's language is read from the query only when there is a problem to say.
    let lang = || problem_lang(req.uri(), server_lang);
    let count = req.headers().get_all(header::HOST).iter().count();
    if count > 1 {
        return bad_host(say(
            lang(),
            Msg::ApiHostMany,
            &[("count", &count.to_string())],
        ));
    }
    if count == 0
        && req.version() >= axum::http::Version::HTTP_11
        && req.extensions().get::<FromSocket>().is_some()
    {
        return bad_host(say(lang(), Msg::ApiHostMissing, &[]));
    }
    if let Some(target) = req.uri().authority()
        && !hosts.allows(target.as_str())
    {
        let host = crate::input::clip_text(target.as_str(), 100);
        return bad_host(say(lang(), Msg::ApiHostTarget, &[("host", &host)]));
    }
    let host = match req.headers().get(header::HOST) {
        None => req.uri().host().map(str::to_string),
        Some(v) => match v.to_str() {
            Ok(h) => Some(h.to_string()),
            Err(_) => {
                return bad_host(say(lang(), Msg::ApiHostUnreadable, &[]));
            }
        },
    };
    match host {
        Some(h) if !hosts.allows(&h) => {
            let host = crate::input::clip_text(&h, 100);
            Problems::message(say(lang(), Msg::ApiHostNotServed, &[("host", &host)]))
                .into_response_with(StatusCode::MISDIRECTED_REQUEST)
        }
        _ => next.run(req).await,
    }
}

/// 413 at once for a declared body over the limit (the body is never read).
pub(crate) async fn check_length(
    State((max_body, max_attachment, server_lang)): State<(
        usize,
        usize,
        crate::request::DefaultLang,
    )>,
    req: Request,
    next: Next,
) -> Response {
    // The unit's documents (`POST …/attachments`) have their own, larger limit.
    let max_body =
        if req.method() == axum::http::Method::POST && req.uri().path().ends_with("/attachments") {
            max_body.max(max_attachment)
        } else {
            max_body
        };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(n) = declared
        && n > max_body as u64
    {
        let mut r = crate::input::too_large(
            max_body,
            crate::request::problem_lang(req.uri(), server_lang),
        );
        // The unread body makes the connection unusable for another request.
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    }
    next.run(req).await
}

/// Rewrite any error answer that is not problem JSON yet (405, axum's extractor rejections) as
/// problem JSON with the original text as its message.
/// Marks an error answer that is a page for people (the sign-in page with its message): it
/// is sent as it is, not turned into problem+json.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HtmlPage;

pub(crate) async fn problem_errors(
    State(server_lang): State<crate::request::DefaultLang>,
    req: Request,
    next: Next,
) -> Response {
    // Only the URI is kept (a cheap clone): the query is read for the language only when an
    // error answer has to be written here.
    let uri = req.uri().clone();
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem || response.extensions().get::<HtmlPage>().is_some() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = to_bytes(body, 16 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text).trim().to_string();
    let message = if text.is_empty() {
        match status {
            StatusCode::METHOD_NOT_ALLOWED => say(
                problem_lang(&uri, server_lang),
                Msg::ApiMethodNotAllowed,
                &[],
            ),
            s => s
                .canonical_reason()
                .unwrap_or("the request failed")
                .to_string(),
        }
    } else {
        text
    };
    let mut fresh = Problems::message(message).into_response_with(status);
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            fresh.headers_mut().insert(name.clone(), value.clone());
        }
    }
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_compared_without_port_case_or_brackets() {
        let hosts = Hosts::new(
            "127.0.0.1".parse().unwrap(),
            &["spur.region.example".to_string()],
        );
        for ok in [
            "localhost",
            "localhost:8080",
            "LOCALHOST.",
            "127.0.0.1:9",
            "[::1]:8080",
            "spur.region.example",
            "Spur.Region.Example:443",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.2",
            "",
            "[::2]",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        let any = Hosts::new("0.0.0.0".parse().unwrap(), &[]);
        assert!(!any.allows("0.0.0.0"));
        assert!(any.allows("localhost"));
    }
}
