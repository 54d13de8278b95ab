//! rampart's log evidence. Logs are read as streams: constant memory whatever their size, plain
//! or gzip, files, folders and S3 key layouts; bad lines are counted and reported, never fatal.
//!
//! - [`flow`]: VPC Flow Logs — records of every version, grant usage per security-group rule,
//!   tightening proposals, and who-talked-to-whom questions.

pub mod coverage;
mod files;
pub mod flow;
pub mod time;
pub mod trail;
