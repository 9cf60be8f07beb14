//! Which language a command speaks: the one place that decides it.
//!
//! `--lang sv|en` (on every command) wins; otherwise `SPUR_LANG`; otherwise the locale — the
//! first set of `LC_ALL`, `LC_MESSAGES`, `LANG` — when it names Swedish (`sv…`, e.g.
//! `sv_SE.UTF-8`) or English (`en…`); otherwise the command's default, which is English except
//! for the commands that write SPUR's Swedish documents (`report`, `handlingsplan`, `explain`,
//! `compare`, `init`, `form`, `survey`), whose output and tests were Swedish before `--lang` was everywhere
//! (`handlingsplan import`, whose summary and problems were English, stays English). `spur serve`
//! uses only its own `--lang` (default English) for the responses' default: a server's
//! environment is not its users' choice.

use std::sync::OnceLock;

use spur_core::Lang;

/// `--lang`: the language of the words a command prints.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    /// Svenska.
    Sv,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

/// Decide the language from the flag, the environment (read through `env`) and the command's
/// default. An unusable `SPUR_LANG` is an error naming the valid values.
pub fn decide(
    flag: Option<LangArg>,
    env: impl Fn(&str) -> Option<String>,
    default: Lang,
) -> Result<Lang, String> {
    if let Some(flag) = flag {
        return Ok(flag.into());
    }
    let set = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    if let Some(v) = set("SPUR_LANG") {
        return v
            .parse::<Lang>()
            .ok()
            .or_else(|| Lang::from_locale(&v))
            .ok_or_else(|| {
                format!(
                    "SPUR_LANG=`{}` is not a language spur speaks: use `sv` (Swedish) or `en` (English), or unset it",
                    v.trim()
                )
            });
    }
    // POSIX precedence: LC_ALL overrides LC_MESSAGES overrides LANG.
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(set);
    Ok(locale
        .and_then(|v| Lang::from_locale(&v))
        .unwrap_or(default))
}

/// The default of a command when neither `--lang`, `SPUR_LANG` nor a Swedish or English
/// locale says otherwise.
pub fn command_default(command: &str) -> Lang {
    match command {
        "report" | "handlingsplan" | "explain" | "compare" | "init" | "form" | "survey" => Lang::Sv,
        _ => Lang::En,
    }
}

static CURRENT: OnceLock<Lang> = OnceLock::new();
static SERVE: OnceLock<Option<Lang>> = OnceLock::new();

/// Remember `spur serve --lang` (once, in `main`).
pub fn set_serve(flag: Option<LangArg>) {
    let _ = SERVE.set(flag.map(Into::into));
}

/// `spur serve --lang`, if given: the default of requests without `lang`.
pub fn serve_default() -> Option<Lang> {
    SERVE.get().copied().flatten()
}

/// Set the language of this run (once, in `main`).
pub fn set(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The language of this run (English before [`set`]).
pub fn current() -> Lang {
    CURRENT.get().copied().unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_flag_wins_over_everything() {
        let env = with(&[("SPUR_LANG", "en"), ("LC_ALL", "en_US.UTF-8")]);
        assert_eq!(decide(Some(LangArg::Sv), &env, Lang::En), Ok(Lang::Sv));
        let env = with(&[("SPUR_LANG", "sv"), ("LANG", "sv_SE.UTF-8")]);
        assert_eq!(decide(Some(LangArg::En), &env, Lang::Sv), Ok(Lang::En));
    }

    #[test]
    fn spur_lang_wins_over_the_locale() {
        let env = with(&[("SPUR_LANG", "sv"), ("LC_ALL", "en_US.UTF-8")]);
        assert_eq!(decide(None, &env, Lang::En), Ok(Lang::Sv));
        let env = with(&[("SPUR_LANG", "EN"), ("LANG", "sv_SE.UTF-8")]);
        assert_eq!(decide(None, &env, Lang::Sv), Ok(Lang::En));
        // A locale-shaped value is understood too.
        let env = with(&[("SPUR_LANG", "sv_SE.UTF-8")]);
        assert_eq!(decide(None, &env, Lang::En), Ok(Lang::Sv));
    }

    #[test]
    fn an_empty_spur_lang_is_unset_and_a_bad_one_is_an_error() {
        let env = with(&[("SPUR_LANG", ""), ("LANG", "sv_SE.UTF-8")]);
        assert_eq!(decide(None, &env, Lang::En), Ok(Lang::Sv));
        let env = with(&[("SPUR_LANG", "de")]);
        let e = decide(None, &env, Lang::En).unwrap_err();
        assert!(e.contains("`sv`") && e.contains("`en`"), "{e}");
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang() {
        let env = with(&[
            ("LC_ALL", "sv_SE.UTF-8"),
            ("LC_MESSAGES", "en_US.UTF-8"),
            ("LANG", "en_US.UTF-8"),
        ]);
        assert_eq!(decide(None, &env, Lang::En), Ok(Lang::Sv));
        let env = with(&[("LC_MESSAGES", "sv_FI.UTF-8"), ("LANG", "en_GB.UTF-8")]);
        assert_eq!(decide(None, &env, Lang::En), Ok(Lang::Sv));
        let env = with(&[("LC_ALL", ""), ("LANG", "sv_SE.UTF-8")]);
        assert_eq!(decide(None, &env, Lang::En), Ok(Lang::Sv));
        let env = with(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "sv_SE.UTF-8")]);
        assert_eq!(decide(None, &env, Lang::Sv), Ok(Lang::En));
    }

    #[test]
    fn a_locale_without_a_known_language_leaves_the_command_default() {
        for v in ["C", "C.UTF-8", "POSIX", "de_DE.UTF-8"] {
            let vars = [("LANG", v)];
            let env = with(&vars);
            assert_eq!(decide(None, &env, Lang::En), Ok(Lang::En), "{v}");
            assert_eq!(decide(None, &env, Lang::Sv), Ok(Lang::Sv), "{v}");
        }
        assert_eq!(decide(None, with(&[]), Lang::En), Ok(Lang::En));
        assert_eq!(command_default("validate"), Lang::En);
        assert_eq!(command_default("grade"), Lang::En);
        assert_eq!(command_default("report"), Lang::Sv);
    }
}
