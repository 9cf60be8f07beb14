//! The report's life: its status (draft, preliminary, final), date and version, the banner of
//! an unfinished report, and the fingerprint that ties a final report to its inspection
//! document (SHA-256 of the canonical JSON of the graded inspection).

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use spur_core::InspectionDocument;
use spur_grading::Grading;

/// The prefix of the fingerprint wherever a report carries it (PDF keywords, DOCX properties,
/// HTML `<meta>`, the visible text).
pub const FINGERPRINT_PREFIX: &str = "spur-fingerprint:sha256:";

pub use spur_core::ReportStatus;

/// The `[report]` status, date and version of a document.
pub(crate) struct Meta {
    pub status: ReportStatus,
    pub date: Option<String>,
    pub version: Option<String>,
}

pub(crate) fn meta(doc: &InspectionDocument) -> Meta {
    Meta {
        status: doc.report.status.unwrap_or_default(),
        date: doc.report.date.map(|d| d.to_string()),
        version: doc.report.version.clone(),
    }
}

/// The JSON the report's `json` format prints and the fingerprint hashes.
#[derive(Serialize)]
pub(crate) struct Full<'a> {
    pub inspection: &'a InspectionDocument,
    pub grading: &'a Grading,
}

/// The canonical JSON of a graded inspection: object keys sorted, no whitespace, strings and
/// numbers as serde_json writes them.
pub fn canonical_json(doc: &InspectionDocument, grading: &Grading) -> String {
    let value = serde_json::to_value(Full {
        inspection: doc,
        grading,
    })
    .unwrap_or(Value::Null);
    let mut out = String::new();
    write_canonical(&value, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write_canonical(&map[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The fingerprint of a graded inspection: lowercase hex SHA-256 of [`canonical_json`].
///
/// ```
/// use spur_core::{Catalog, InspectionDocument};
/// use spur_grading::{grade, Settings};
/// let doc = InspectionDocument::from_toml_str(
///     "[inspection]\nunit = \"U\"\nvisit_date = 2026-01-20\nregulations = [\"HSLF-FS 2021:8\"]\n",
/// ).unwrap();
/// let g = grade(&doc, Catalog::embedded(), &Settings::default());
/// let fp = spur_report::fingerprint(&doc, &g);
/// assert_eq!(fp.len(), 64);
/// assert_eq!(fp, spur_report::fingerprint(&doc, &g));
/// ```
pub fn fingerprint(doc: &InspectionDocument, grading: &Grading) -> String {
    let digest = Sha256::digest(canonical_json(doc, grading).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `spur-fingerprint:sha256:<hex>`.
pub(crate) fn keyword(fp: &str) -> String {
    format!("{FINGERPRINT_PREFIX}{fp}")
}

/// Every fingerprint a rendered report carries, in the order found: searched in the raw bytes
/// (HTML, PDF metadata) and, for a DOCX, inside its XML parts.
pub fn fingerprints_in(report: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    scan(report, &mut found);
    #[cfg(feature = "docx")]
    if report.starts_with(b"PK") {
        for part in crate::docx::parts::xml_parts(report) {
            scan(&part, &mut found);
        }
    }
    found
}

fn scan(bytes: &[u8], found: &mut Vec<String>) {
    let prefix = FINGERPRINT_PREFIX.as_bytes();
    let mut i = 0;
    while i + prefix.len() + 64 <= bytes.len() {
        if &bytes[i..i + prefix.len()] == prefix {
            let hex = &bytes[i + prefix.len()..i + prefix.len() + 64];
            if hex.iter().all(|b| b.is_ascii_hexdigit()) {
                let fp = String::from_utf8_lossy(hex).to_ascii_lowercase();
                if !found.contains(&fp) {
                    found.push(fp);
                }
            }
            i += prefix.len();
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys() {
        let v: Value = serde_json::from_str(r#"{"b":1,"a":{"d":[1,{"z":1,"y":2}],"c":"x"}}"#)
            .unwrap_or(Value::Null);
        let mut out = String::new();
        write_canonical(&v, &mut out);
        assert_eq!(out, r#"{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}"#);
    }
}
