//! Write N synthetic inspection documents into a directory, for benchmarks and demos.
//!
//! ```text
//! cargo run --release -p spur-followup --features synth --example generate -- N DIR [SEED]
//! ```
//!
//! Files are named `unit-00000.toml` … ; the same N and SEED (default 1) always give the same
//! files. Existing files of the same name are overwritten.
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: generate N DIR [SEED]");
        return ExitCode::from(2);
    };
    let seed = match args.get(2).map(|s| s.parse::<u64>()) {
        None => 1,
        Some(Ok(s)) => s,
        Some(Err(_)) => {
            eprintln!("SEED must be a non-negative integer");
            return ExitCode::from(2);
        }
    };
    let dir = PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    for i in 0..n {
        let path = dir.join(format!("unit-{i:05}.toml"));
        if let Err(e) = std::fs::write(&path, spur_followup::synthetic_document(i, seed)) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    println!("wrote {n} documents to {}", dir.display());
    ExitCode::SUCCESS
}
