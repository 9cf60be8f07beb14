//! What the CLI tests share.
#![allow(dead_code)] // each test crate uses its own part

use assert_cmd::Command;

/// The seed inspection (fixtures/seed-vardcentral.toml).
pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/seed-vardcentral.toml"
);

/// The seed unit's previous inspection (fixtures/compare/2021.toml).
pub const PREV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/compare/2021.toml"
);

/// The `spur` binary with the language environment cleared (`SPUR_LANG`, `LC_ALL`,
/// `LC_MESSAGES`, `LANG`): the language comes from the flag, `SPUR_LANG` or the locale, and
/// each test chooses it itself rather than inheriting the developer's shell. `SPUR_CATALOG_PATH`
/// is cleared too: a test's catalogs are the ones it names.
pub fn spur() -> Command {
    let mut c = Command::cargo_bin("spur").unwrap();
    for v in [
        "SPUR_LANG",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "SPUR_CATALOG_PATH",
    ] {
        c.env_remove(v);
    }
    c
}
