//! What the CLI tests share.

use assert_cmd::Command;

/// The `spur` binary with the language environment cleared (`SPUR_LANG`, `LC_ALL`,
/// `LC_MESSAGES`, `LANG`): the language comes from the flag, `SPUR_LANG` or the locale, and
/// each test chooses it itself rather than inheriting the developer's shell.
pub fn spur() -> Command {
    let mut c = Command::cargo_bin("spur").unwrap();
    for v in ["SPUR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(v);
    }
    c
}
