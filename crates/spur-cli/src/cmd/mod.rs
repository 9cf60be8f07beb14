//! One module per subcommand: each has `Args` (clap) and `run(Args) -> Result<ExitCode>`.

pub mod admin;
pub mod agenda;
pub mod catalog;
pub mod commitments;
pub mod common;
pub mod compare;
pub mod explain;
pub mod followup;
pub mod form;
pub mod grade;
pub mod handlingsplan;
pub mod import;
pub mod init;
pub mod overview;
pub mod report;
pub mod schema;
pub mod serve;
pub mod store;
pub mod survey;
pub mod validate;
pub mod verify;
