//! Scale of the store (issue 29, item 8): N inspections with V versions each, then p50/p99 of
//! list, open, save, report from a version, and the overview from the store against
//! `spur overview` over the same heads as files.
//!
//! ```sh
//! cargo run --release -p spur-store --example scale -- [INSPECTIONS] [VERSIONS] [STORE-URL]
//! cargo run --release -p spur-store --example scale -- 10000 20                       # SQLite in a temp dir
//! cargo run --release -p spur-store --example scale -- 10000 20 "$SPUR_TEST_POSTGRES_URL"
//! ```
//!
//! Every version differs from the one before in a text (the report's strengths), as a
//! region's decades of edits would; the grading is computed once per inspection (texts do not
//! change grades) so loading measures the store, not the grader.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use spur_core::{CatalogLibrary, Format};
use spur_grading::Settings;
use spur_store::{Filter, Prepared, Store};

const SEED: &str = include_str!("../../../fixtures/seed-vardcentral.toml");
const REGIONS: [&str; 6] = [
    "Region Skåne",
    "Region Stockholm",
    "Västra Götalandsregionen",
    "Region Uppsala",
    "Region Örebro län",
    "Region Norrbotten",
];
const SAMPLES: usize = 200;

fn pct(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let at = |p: f64| {
        let i = ((v.len() as f64 - 1.0) * p).round() as usize;
        v[i].as_secs_f64() * 1000.0
    };
    (at(0.5), at(0.99))
}

/// A cheap deterministic sequence (no rand dependency).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as i64
    }
}

fn version_of(base: &Prepared, v: usize) -> Prepared {
    let mut doc = base.doc.clone();
    doc.report.strengths.push(format!("Ändring {v}"));
    let toml = spur_store::canonical_toml(&doc).unwrap();
    Prepared {
        sha256: spur_store::sha256_hex(toml.as_bytes()),
        toml,
        doc,
        grading: base.grading.clone(),
        digest: base.digest.clone(),
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: i64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(500);
    let versions: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(20);
    let dir = tempfile::tempdir().unwrap();
    let url = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| format!("sqlite:{}", dir.path().join("scale.db").display()));
    let store = Store::open(&url).await.unwrap();
    println!(
        "backend {:?}: {n} inspections × {versions} versions",
        store.backend()
    );
    let library = CatalogLibrary::embedded();
    let settings = Settings::default();
    let seed = Prepared::from_source(SEED, "seed", Format::Toml, &library, &settings).unwrap();

    // A store that already holds them (a second run on the same PostgreSQL database) is
    // measured as it is.
    let already = store.all_records().await.unwrap().len() as i64;
    let t = Instant::now();
    for i in already..n {
        let mut doc = seed.doc.clone();
        doc.inspection.unit = format!("Vårdcentralen {i:05}");
        doc.inspection.region = Some(REGIONS[i as usize % REGIONS.len()].to_string());
        let text = spur_store::canonical_toml(&doc).unwrap();
        let base =
            Prepared::from_source(&text, "scale", Format::Toml, &library, &settings).unwrap();
        let id = store
            .create(&base, "scale", None)
            .await
            .unwrap()
            .inspection_id;
        for v in 2..=versions {
            store
                .save(id, v as i64 - 1, &version_of(&base, v), "scale", None)
                .await
                .unwrap();
        }
    }
    let load = t.elapsed();
    println!(
        "load: {:.1} s ({:.2} ms per version)",
        load.as_secs_f64(),
        load.as_secs_f64() * 1000.0 / (n as f64 * versions as f64)
    );

    let mut rng = Lcg(42);
    let mut list = Vec::new();
    let mut open = Vec::new();
    let mut save = Vec::new();
    let mut report = Vec::new();
    for _ in 0..SAMPLES {
        let filter = Filter {
            region: Some(REGIONS[rng.next(REGIONS.len() as i64) as usize].to_string()),
            ..Filter::default()
        };
        let t = Instant::now();
        let page = store.list(&filter, 100, None).await.unwrap();
        list.push(t.elapsed());
        assert!(!page.items.is_empty());

        let id = rng.next(n) + 1;
        let t = Instant::now();
        let head = store.version(id, None).await.unwrap();
        let _ = head.document().unwrap();
        open.push(t.elapsed());

        let p = version_of(
            &Prepared::graded(
                head.document().unwrap(),
                &serde_json::from_str(&head.grading).unwrap(),
            )
            .unwrap(),
            head.info.number as usize + 1,
        );
        let t = Instant::now();
        store
            .save(id, head.info.number, &p, "scale", None)
            .await
            .unwrap();
        save.push(t.elapsed());

        let t = Instant::now();
        let v = store.version(id, Some(1)).await.unwrap();
        let doc = v.document().unwrap();
        let grading = v.grading().unwrap();
        let catalog = library
            .resolve(
                doc.inspection.specialty.as_deref(),
                doc.inspection.catalog.as_deref(),
            )
            .catalog;
        let graded = spur_grading::Graded::stored(doc, catalog, grading);
        let md = spur_report::render_report(
            &graded,
            spur_report::ReportFormat::Markdown,
            spur_report::Lang::Sv,
        )
        .unwrap();
        report.push(t.elapsed());
        assert!(!md.is_empty());
    }
    let mut medians = Vec::new();
    for (name, v) in [
        ("list (100 of a region)", list),
        ("open (head document)", open),
        ("save (new version)", save),
        ("report of version 1 (md)", report),
    ] {
        let (p50, p99) = pct(v);
        println!("{name:<28} p50 {p50:8.2} ms   p99 {p99:8.2} ms");
        medians.push(p50);
    }

    // The overview: from the store, and over the same heads as files.
    let options = spur_followup::OverviewOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        reinspect_years: 5,
        settings: Settings::default(),
    };
    // As GET /v1/overview: the stored documents and gradings, nothing graded again; first from
    // the digests (what the handler reads), then from the whole versions (what it read before
    // schema 5).
    let summarise = |heads: &[spur_store::Head]| {
        let summaries: Vec<_> = heads
            .par_iter()
            .map(|h| {
                let (doc, grading) = h.read().unwrap();
                spur_followup::summarize_graded(
                    &doc,
                    &grading,
                    &spur_store::export_path(&h.record).display().to_string(),
                    &options,
                )
            })
            .collect();
        spur_followup::assemble(summaries, Vec::new(), &options)
    };
    let t = Instant::now();
    let heads = store.overview_heads().await.unwrap();
    let read_time = t.elapsed();
    let from_store = summarise(&heads);
    let store_time = t.elapsed();
    let t = Instant::now();
    let whole_heads = store.heads().await.unwrap();
    let whole_read_time = t.elapsed();
    let from_whole = summarise(&whole_heads);
    let whole_time = t.elapsed();
    assert_eq!(
        from_store.to_json(),
        from_whole.to_json(),
        "digests summarise as the whole"
    );
    let files_dir = dir.path().join("heads");
    let mut files = Vec::new();
    for h in &whole_heads {
        let p = files_dir.join(format!("{}.toml", h.record.id));
        std::fs::create_dir_all(&files_dir).unwrap();
        std::fs::write(&p, &h.toml).unwrap();
        files.push(p);
    }
    let t = Instant::now();
    let from_files =
        spur_followup::overview_in(&files, spur_followup::Catalogs::Library(&library), &options);
    let files_time = t.elapsed();
    assert_eq!(from_store.units.len(), from_files.units.len());
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "overview of {} heads: from the store's digests {:.0} ms (reading {:.0} ms), from the whole versions {:.0} ms (reading {:.0} ms), over the same heads as files {:.0} ms",
        heads.len(),
        ms(store_time),
        ms(read_time),
        ms(whole_time),
        ms(whole_read_time),
        ms(files_time)
    );
    // One line of `key=value` words for the benchmark script (crates/spur-cli/examples/perf.rs).
    println!(
        "perf: list_p50_ms={:.3} open_p50_ms={:.3} save_p50_ms={:.3} report_p50_ms={:.3} overview_digests_ms={:.1} overview_whole_ms={:.1} overview_files_ms={:.1}",
        medians[0],
        medians[1],
        medians[2],
        medians[3],
        ms(store_time),
        ms(whole_time),
        ms(files_time)
    );
    store.close().await;
}
