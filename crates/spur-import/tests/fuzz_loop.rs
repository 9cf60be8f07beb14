//! The importers fuzzed without cargo-fuzz (issue 27 item 5): structure-aware hostile DOCX,
//! XLSX and CSV files (`support/hostile_gen.rs`, the generator the libFuzzer targets in
//! `fuzz/fuzz_targets/import_*.rs` use) from a seeded PRNG, for a time budget per format. Every
//! file must end in an outcome or an error — never a panic. The slowest inputs of the long runs
//! are kept below by their seeds and replayed in every run.
//!
//! ```sh
//! SPUR_FUZZ_SECONDS=600 cargo test --release -p spur-import --test fuzz_loop -- --nocapture
//! ```
//!
//! (2 s per format by default.)

#[path = "support/hostile_gen.rs"]
mod hostile_gen;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use hostile_gen::Source;
use spur_core::{Catalog, Format};
use spur_import::{FilledFormat, Options, import};

const INSPECTION: &str = r#"[inspection]
unit = "Vårdcentralen Minimal"
visit_date = 2026-02-10
regulations = ["HSLF-FS 2021:8"]

[findings]
"D.F6" = { status = "not_met", note = "IUP saknas" }
"#;

/// The slowest inputs of the long runs (format, seed), replayed every time: the three slowest
/// of each format in 8 minutes each (2026-12-07: 5 005 DOCX, 2 517 XLSX, 18 436 CSV files).
const WORST: &[(FilledFormat, u64)] = &[
    (FilledFormat::Docx, 132_473_971_282_969),
    (FilledFormat::Docx, 132_473_971_283_146),
    (FilledFormat::Docx, 132_473_971_283_702),
    (FilledFormat::Xlsx, 132_473_971_280_643),
    (FilledFormat::Xlsx, 132_473_971_281_510),
    (FilledFormat::Xlsx, 132_473_971_280_064),
    (FilledFormat::Csv, 132_473_971_281_218),
    (FilledFormat::Csv, 132_473_971_295_196),
    (FilledFormat::Csv, 132_473_971_295_609),
];

/// The bytes a seed gives (splitmix64).
fn bytes_of(seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..512)
        .flat_map(|_| {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)).to_le_bytes()
        })
        .collect()
}

/// The hostile file of `format` for `seed`.
pub fn file_of(format: FilledFormat, seed: u64) -> Vec<u8> {
    let bytes = bytes_of(seed);
    let mut src = Source::new(&bytes);
    match format {
        FilledFormat::Docx => hostile_gen::docx(&mut src),
        FilledFormat::Xlsx => hostile_gen::xlsx(&mut src),
        _ => hostile_gen::csv(&mut src),
    }
}

/// Import one file: its time, or the panic's message.
fn run(format: FilledFormat, file: &[u8]) -> Result<Duration, String> {
    let started = Instant::now();
    catch_unwind(AssertUnwindSafe(|| {
        let _ = import(
            INSPECTION,
            Format::Toml,
            file,
            format,
            Catalog::embedded(),
            &Options::default(),
        );
    }))
    .map(|()| started.elapsed())
    .map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

fn budget() -> Duration {
    Duration::from_secs(
        std::env::var("SPUR_FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(2),
    )
}

fn fuzz(format: FilledFormat) {
    let budget = budget();
    let started = Instant::now();
    let mut runs = 0u64;
    let mut bytes = 0usize;
    let mut worst: Vec<(Duration, u64, usize)> = Vec::new();
    let mut panics = Vec::new();
    let base = u64::from(std::process::id()) << 32 ^ started.elapsed().as_nanos() as u64;
    let mut seed = base;
    while started.elapsed() < budget {
        seed = seed.wrapping_add(1);
        let file = file_of(format, seed);
        bytes += file.len();
        runs += 1;
        match run(format, &file) {
            Ok(t) => {
                worst.push((t, seed, file.len()));
                worst.sort_by_key(|w| std::cmp::Reverse(w.0));
                worst.truncate(3);
            }
            Err(msg) => panics.push((seed, msg)),
        }
    }
    eprintln!(
        "fuzz[{format:?}]: runs={runs} seconds={} bytes={bytes} panics={} worst(time,seed,len)={worst:?}",
        budget.as_secs(),
        panics.len()
    );
    assert!(panics.is_empty(), "panics (seed, message): {panics:?}");
}

#[test]
fn docx_importer_survives_hostile_zips() {
    fuzz(FilledFormat::Docx);
}

#[test]
fn xlsx_importer_survives_hostile_zips() {
    fuzz(FilledFormat::Xlsx);
}

#[test]
fn csv_importer_survives_hostile_files() {
    fuzz(FilledFormat::Csv);
}

/// The worst cases found so far, replayed: each ends without a panic.
#[test]
fn worst_cases_stay_fixed() {
    for (format, seed) in WORST {
        let file = file_of(*format, *seed);
        let outcome = run(*format, &file);
        eprintln!(
            "worst {format:?} seed {seed}: {} bytes, {outcome:?}",
            file.len()
        );
        assert!(outcome.is_ok(), "{format:?} seed {seed} panics again");
    }
}
