//! VPC Flow Logs: records, streaming readers, grant usage and the questions of an incident.

pub mod bounded;
pub mod classify;
pub mod evidence;
pub mod field;
pub mod model;
pub mod parquet;
pub mod peers;
pub mod read;
pub mod record;
pub mod talk;
pub mod tighten;
pub mod usage;

pub use field::{Field, Format};
pub use read::{list, read_bytes, read_file, read_files, read_stream, ReadOptions, ReadStats};
pub use record::{Action, FlowDirection, FlowRecord, LogStatus};
