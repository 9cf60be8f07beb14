//! Hostile attachments (issue 33, item 7): zip bombs, XML entity bombs, polyglots, wrong
//! content types and oversize bodies are refused or stored inert, with bounded memory.
//!
//! An attachment is judged by its first bytes (and, for a ZIP, its central directory's names:
//! nothing is ever inflated or parsed); what is stored comes back byte for byte as a download
//! (`Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`, a sandboxing CSP),
//! never rendered by spur.

use std::io::Write;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use spur_server::{Config, router_with};
use spur_store::{NewToken, Store};
use tower::ServiceExt;

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");
/// The attachment limit of these tests (the default is 20 MB).
const LIMIT: usize = 1_000_000;

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

struct Api {
    store: Store,
    token: String,
    config: Config,
    id: i64,
    _dir: tempfile::TempDir,
}

impl Api {
    async fn new() -> Api {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite:{}", dir.path().join("a.db").display()))
            .await
            .unwrap();
        let (token, _) = spur_server::auth::generate_token().unwrap();
        store
            .create_token(
                &NewToken {
                    name: "bilagor".into(),
                    role: "admin".into(),
                    scope_kind: None,
                    scope_value: None,
                    expires_at: None,
                },
                &token,
                "test",
            )
            .await
            .unwrap();
        let config = Config {
            max_attachment: LIMIT,
            ..Config::default()
        };
        let mut api = Api {
            store,
            token,
            config,
            id: 0,
            _dir: dir,
        };
        let r = api
            .send(
                "POST",
                "/v1/inspections",
                &[("content-type", "application/toml")],
                SEED.as_bytes().to_vec(),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        api.id = r.json()["id"].as_i64().unwrap();
        api
    }

    async fn send(
        &self,
        method: &str,
        uri: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let app = router_with(&self.config, Some(self.store.clone()));
        let response = app
            .oneshot(req.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn upload(&self, name: &str, content_type: &str, bytes: Vec<u8>) -> Reply {
        self.send(
            "POST",
            &format!("/v1/inspections/{}/attachments?name={name}", self.id),
            &[("content-type", content_type)],
            bytes,
        )
        .await
    }

    /// Stored inert: 201, downloaded byte for byte as an attachment that is never sniffed
    /// nor rendered; the stored media type is `media_type`.
    async fn stored_inert(&self, r: &Reply, bytes: &[u8], media_type: &str) {
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        assert_eq!(r.json()["media_type"], media_type);
        let n = r.json()["id"].as_i64().unwrap();
        let d = self
            .send(
                "GET",
                &format!("/v1/inspections/{}/attachments/{n}", self.id),
                &[],
                vec![],
            )
            .await;
        assert_eq!(d.status, StatusCode::OK);
        assert!(d.body == bytes, "the bytes come back unchanged");
        assert_eq!(d.headers["content-type"], media_type);
        assert_eq!(d.headers["x-content-type-options"], "nosniff");
        assert!(
            d.headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
        assert!(
            d.headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("sandbox")
        );
    }
}

/// Peak resident memory of this process so far (VmHWM), in bytes (0 where /proc is missing).
fn peak_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// What writes one entry's bytes.
type Fill<'a> = &'a dyn Fn(&mut dyn Write);

/// A ZIP with `entries` (name, what writes its bytes), deflated.
fn zip_of(entries: &[(&str, Fill)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, fill) in entries {
        w.start_file(*name, options).unwrap();
        fill(&mut w);
    }
    w.finish().unwrap().into_inner()
}

/// `mib` MiB of zeros.
fn zeros(mib: usize) -> impl Fn(&mut dyn Write) {
    move |w: &mut dyn Write| {
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..mib {
            w.write_all(&chunk).unwrap();
        }
    }
}

fn text(s: &'static str) -> impl Fn(&mut dyn Write) {
    move |w: &mut dyn Write| w.write_all(s.as_bytes()).unwrap()
}

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"#;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[tokio::test]
async fn zip_bombs_are_stored_inert_or_refused_with_bounded_memory() {
    let api = Api::new().await;
    // A DOCX whose document.xml inflates to 256 MiB (the body is ~260 KB): stored as it is,
    // never inflated.
    let bomb = zip_of(&[
        ("[Content_Types].xml", &text("<Types/>")),
        ("word/document.xml", &zeros(256)),
    ]);
    assert!(bomb.len() < LIMIT, "{} bytes", bomb.len());
    let before = peak_rss();
    let r = api
        .upload("bomb.docx", "application/octet-stream", bomb.clone())
        .await;
    let grown = peak_rss().saturating_sub(before);
    api.stored_inert(&r, &bomb, DOCX).await;
    assert!(
        grown < 64 << 20,
        "the 256 MiB entry was never inflated: peak memory grew by {grown} bytes"
    );
    // The same inside an XLSX.
    let bomb = zip_of(&[
        ("xl/workbook.xml", &text("<workbook/>")),
        ("xl/sharedStrings.xml", &zeros(128)),
    ]);
    let r = api
        .upload("bomb.xlsx", "application/octet-stream", bomb.clone())
        .await;
    api.stored_inert(&r, &bomb, XLSX).await;
    // A plain ZIP bomb (neither DOCX nor XLSX): refused by type.
    let plain = zip_of(&[("zeros.bin", &zeros(64))]);
    let r = api.upload("bomb.zip", "application/zip", plain).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.text());
    // A ZIP of more than 10 000 entries: its directory is not even listed.
    let many: Vec<(String, ())> = (0..10_001).map(|k| (format!("{k}"), ())).collect();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("word/document.xml", stored).unwrap();
    for (name, ()) in &many {
        w.start_file(name.as_str(), stored).unwrap();
    }
    let many = w.finish().unwrap().into_inner();
    let r = api
        .upload("many.docx", "application/octet-stream", many)
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.text());
    let total = peak_rss().saturating_sub(before);
    eprintln!(
        "attachments: 256 MiB DOCX bomb stored inert (peak RSS +{} KiB), 128 MiB XLSX bomb inert, plain ZIP bomb 415, 10 001 entries 415 (peak RSS +{} KiB in all)",
        grown / 1024,
        total / 1024
    );
}

#[tokio::test]
async fn xml_entity_bombs_are_never_parsed() {
    let api = Api::new().await;
    // Inside a DOCX: stored as bytes, never parsed.
    let docx = zip_of(&[("word/document.xml", &text(BILLION_LAUGHS))]);
    let r = api
        .upload("lol.docx", "application/octet-stream", docx.clone())
        .await;
    api.stored_inert(&r, &docx, DOCX).await;
    // Bare XML (and SVG, which is XML that browsers run scripts in): not an attachment type.
    for (name, body) in [
        ("lol.xml", BILLION_LAUGHS.to_string()),
        (
            "x.svg",
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_string(),
        ),
    ] {
        let r = api.upload(name, "application/xml", body.into_bytes()).await;
        assert_eq!(
            r.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{name}: {}",
            r.text()
        );
    }
}

#[tokio::test]
async fn polyglots_are_stored_inert_as_what_their_first_bytes_say() {
    let api = Api::new().await;
    // A PDF that is also an HTML page with a script.
    let pdf_html =
        b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
            .to_vec();
    let r = api
        .upload("rapport.html", "text/html", pdf_html.clone())
        .await;
    api.stored_inert(&r, &pdf_html, "application/pdf").await;
    // A JPEG with a ZIP (a DOCX) appended (GIFAR-style).
    let mut jpeg_zip = vec![0xff, 0xd8, 0xff, 0xe0, 0, 16, b'J', b'F', b'I', b'F', 0];
    jpeg_zip.extend(zip_of(&[("word/document.xml", &text("<w:document/>"))]));
    let r = api.upload("bild.docx", DOCX, jpeg_zip.clone()).await;
    api.stored_inert(&r, &jpeg_zip, "image/jpeg").await;
    // A PNG signature followed by HTML.
    let png_html = [
        b"\x89PNG\r\n\x1a\n".as_slice(),
        b"<script>alert(1)</script>",
    ]
    .concat();
    let r = api.upload("x.png", "image/png", png_html.clone()).await;
    api.stored_inert(&r, &png_html, "image/png").await;
    // HTML with a leading byte-order mark or whitespace is not a PDF.
    for body in [
        b"\xef\xbb\xbf%PDF-1.4 <script>".to_vec(),
        b" %PDF-1.4".to_vec(),
        b"<!-- %PDF-1.4 --><script>alert(1)</script>".to_vec(),
    ] {
        let r = api.upload("x.pdf", "application/pdf", body).await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.text());
    }
}

#[tokio::test]
async fn the_content_decides_never_the_name_nor_the_content_type() {
    let api = Api::new().await;
    let html = b"<html><script>alert(1)</script></html>".to_vec();
    for (name, ct) in [
        ("x.pdf", "application/pdf"),
        ("x.docx", DOCX),
        ("x.png", "image/png"),
        ("x.exe", "application/octet-stream"),
    ] {
        let r = api.upload(name, ct, html.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{name}: {}",
            r.text()
        );
    }
    // An executable, whatever it claims.
    let r = api
        .upload(
            "x.pdf",
            "application/pdf",
            b"MZ\x90\x00\x03\x00\x00\x00".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = api
        .upload("x.pdf", "application/pdf", b"\x7fELF\x02\x01\x01".to_vec())
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A real PDF sent as text/html is a PDF; its name cannot inject a header.
    let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
    let r = api
        .upload(
            "a%22%0d%0aSet-Cookie:%20x=1%0d%0a.pdf",
            "text/html",
            pdf.clone(),
        )
        .await;
    api.stored_inert(&r, &pdf, "application/pdf").await;
    let n = r.json()["id"].as_i64().unwrap();
    let d = api
        .send(
            "GET",
            &format!("/v1/inspections/{}/attachments/{n}", api.id),
            &[],
            vec![],
        )
        .await;
    assert!(d.headers.get("set-cookie").is_none());
    let disposition = d.headers["content-disposition"].to_str().unwrap();
    assert!(!disposition.contains('\r') && !disposition.contains('\n'));
    assert_eq!(disposition.matches('"').count(), 2, "{disposition}");
}

#[tokio::test]
async fn oversize_bodies_are_413_and_nothing_is_stored() {
    let api = Api::new().await;
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(LIMIT + 1, b' ');
    let r = api.upload("stor.pdf", "application/pdf", big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    let mut huge = b"%PDF-1.4\n".to_vec();
    huge.resize(8 * LIMIT, b' ');
    let before = peak_rss();
    let r = api.upload("enorm.pdf", "application/pdf", huge).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    let grown = peak_rss().saturating_sub(before);
    assert!(grown < 64 << 20, "peak memory grew by {grown} bytes");
    let mut fits = b"%PDF-1.4\n".to_vec();
    fits.resize(LIMIT, b' ');
    let r = api.upload("precis.pdf", "application/pdf", fits).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let list = api
        .send(
            "GET",
            &format!("/v1/inspections/{}/attachments", api.id),
            &[],
            vec![],
        )
        .await;
    assert_eq!(
        list.json()["attachments"].as_array().unwrap().len(),
        1,
        "only the one that fits is stored"
    );
}
