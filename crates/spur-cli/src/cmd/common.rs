//! Options shared by several subcommands.

use std::path::PathBuf;

use anyhow::Result;
use spur_core::{AreaId, Regulation};

/// `--catalog FILE`: grade against a user catalog instead of the embedded one.
#[derive(clap::Args, Debug, Clone)]
pub struct CatalogOpt {
    /// Catalog file (TOML) to use instead of the embedded catalog.
    #[arg(long, value_name = "FILE", global = true)]
    pub catalog: Option<PathBuf>,
    /// Directory of user catalog files (indicator sets, catalog versions); repeatable. The
    /// directories in SPUR_CATALOG_PATH are searched too.
    #[arg(long = "catalog-dir", value_name = "DIR", global = true)]
    pub catalog_dir: Vec<PathBuf>,
}

impl CatalogOpt {
    /// Load the chosen catalog.
    pub fn load(&self) -> Result<std::borrow::Cow<'static, spur_core::Catalog>> {
        crate::io::load_catalog(self.catalog.as_deref())
    }

    /// Every catalog and indicator set available (embedded, --catalog-dir, SPUR_CATALOG_PATH,
    /// --catalog): documents choose theirs by `specialty` and `catalog`.
    pub fn library(&self) -> Result<spur_core::CatalogLibrary> {
        crate::io::load_library(self.catalog.as_deref(), &self.catalog_dir)
    }
}

/// `-o/--output OUT` and `--force`: where a command writes, and whether it may replace a file.
#[derive(clap::Args, Debug, Clone)]
pub struct OutputOpt {
    /// Write to this file instead of stdout (`-` is stdout). An existing file is never replaced
    /// without --force; files are written atomically.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

impl OutputOpt {
    /// The chosen output.
    pub fn open(self) -> crate::io::Output {
        crate::io::Output::new(self.out, self.force)
    }
}

/// Parse a regulation for clap (`2015`, `2021`, `SOSFS 2015:8`, `sosfs-2015-8`, …).
pub fn parse_regulation(s: &str) -> Result<Regulation, String> {
    s.parse::<Regulation>().map_err(|e| e.to_string())
}

/// Parse an area letter for clap.
pub fn parse_area(s: &str) -> Result<AreaId, String> {
    match s.trim().parse::<AreaId>() {
        Ok(a) if s.trim().len() == 1 => Ok(a),
        _ => Err(format!("`{s}` is not an area: use a letter A–H")),
    }
}

/// Parse a `YYYY-MM-DD` date for clap.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    spur_core::dates::parse_human_date(s)
        .ok_or_else(|| format!("`{s}` is not a valid date (YYYY-MM-DD, or e.g. 1 mars 2026)"))
}

/// Styling for terminal text (anstyle), a no-op when colours are off.
#[derive(Clone, Copy)]
pub struct Style {
    pub on: bool,
}

impl Style {
    fn wrap(self, style: anstyle::Style, s: &str) -> String {
        if self.on {
            format!("{style}{s}{style:#}")
        } else {
            s.to_string()
        }
    }
    fn fg(self, colour: anstyle::AnsiColor, s: &str) -> String {
        self.wrap(anstyle::Style::new().fg_color(Some(colour.into())), s)
    }
    /// Bold.
    pub fn bold(self, s: &str) -> String {
        self.wrap(anstyle::Style::new().bold(), s)
    }
    /// Red (errors, grade D).
    pub fn red(self, s: &str) -> String {
        self.fg(anstyle::AnsiColor::Red, s)
    }
    /// Yellow (warnings, provisional).
    pub fn yellow(self, s: &str) -> String {
        self.fg(anstyle::AnsiColor::Yellow, s)
    }
    /// Green.
    pub fn green(self, s: &str) -> String {
        self.fg(anstyle::AnsiColor::Green, s)
    }
}

/// Whether stderr may be coloured: a terminal, and neither `NO_COLOR` nor `CLICOLOR=0` set
/// (anstream's rules).
pub fn stderr_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// A `--format` value for one of spur-report's format enums: clap offers every variant the enum
/// lists (`VariantArray::VARIANTS`) under its name, with its help line, so a new format needs
/// nothing here.
macro_rules! format_arg {
    ($(#[$doc:meta])* $name:ident, $format:ty) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name(pub $format);

        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                static ALL: std::sync::LazyLock<Vec<$name>> = std::sync::LazyLock::new(|| {
                    <$format as spur_report::VariantArray>::VARIANTS
                        .iter()
                        .map(|f| $name(*f))
                        .collect()
                });
                &ALL
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.0.name()).help(self.0.description()))
            }
        }
    };
}

format_arg!(
    /// `spur report --format`: a [`spur_report::ReportFormat`].
    ReportFormatArg,
    spur_report::ReportFormat
);
format_arg!(
    /// `spur handlingsplan --format`: a [`spur_report::PlanFormat`].
    PlanFormatArg,
    spur_report::PlanFormat
);
