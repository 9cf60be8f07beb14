//! One module per subcommand: each has `Args` (clap) and `run(Args) -> Result<ExitCode>`.

pub mod catalog;
pub mod common;
pub mod explain;
pub mod grade;
pub mod init;
pub mod schema;
pub mod validate;
