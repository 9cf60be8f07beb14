//! The CSV importer with structure-aware inputs (issue 27 item 5): the fuzzer's bytes drive
//! the generator of `crates/spur-import/tests/support/hostile_gen.rs` (valid files with hostile
//! parts), and the result is imported into a minimal inspection. Never a panic; an error is
//! the importer's located answer.
#![no_main]

#[path = "../../crates/spur-import/tests/support/hostile_gen.rs"]
mod hostile_gen;

use libfuzzer_sys::fuzz_target;

const INSPECTION: &str = "[inspection]\nunit = \"Vårdcentralen Minimal\"\nvisit_date = 2026-02-10\nregulations = [\"HSLF-FS 2021:8\"]\n\n[findings]\n\"D.F6\" = { status = \"not_met\", note = \"IUP saknas\" }\n";

fuzz_target!(|data: &[u8]| {
    let mut src = hostile_gen::Source::new(data);
    let file = hostile_gen::csv(&mut src);
    let _ = spur_import::import(
        INSPECTION,
        spur_core::Format::Toml,
        &file,
        spur_import::FilledFormat::Csv,
        spur_core::Catalog::embedded(),
        &spur_import::Options::default(),
    );
});
