//! Parse + validate an inspection document from arbitrary bytes, as TOML and as JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spur_core::{Catalog, Format, InspectionDocument};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Toml, Format::Json] {
        let checked = InspectionDocument::check(src, "fuzz", format, Catalog::embedded());
        for d in &checked.diagnostics.0 {
            let _ = d.to_string();
        }
        if let Some(doc) = checked.document {
            // A document that reads must survive a JSON round trip unchanged.
            let again = InspectionDocument::check(
                &doc.to_json(),
                "again.json",
                Format::Json,
                Catalog::embedded(),
            );
            assert_eq!(
                again.document.as_ref(),
                Some(&doc),
                "JSON round trip changed the document"
            );
        }
    }
});
