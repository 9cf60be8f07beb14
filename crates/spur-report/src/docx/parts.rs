//! Reading a DOCX package back: its XML parts, for finding a report's fingerprint. A leaf
//! module: writing the package (`mod.rs`, `package.rs`) and checking a report (`life.rs`) use
//! it; it uses neither.

use std::io::Cursor;

/// The XML parts of a DOCX package (for finding its fingerprint); nothing when it is not one.
pub(crate) fn xml_parts(bytes: &[u8]) -> Vec<Vec<u8>> {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let Ok(mut file) = archive.by_index(i) else {
            continue;
        };
        if !file.name().ends_with(".xml") || file.size() > 64 << 20 {
            continue;
        }
        let mut buf = Vec::new();
        if file.read_to_end(&mut buf).is_ok() {
            parts.push(buf);
        }
    }
    parts
}
