//! Load a catalog from arbitrary bytes: never panics, errors are located.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spur_core::Catalog;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    match Catalog::from_toml_str(src, "fuzz.toml") {
        Ok(c) => assert!(c.validate().is_empty()),
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
