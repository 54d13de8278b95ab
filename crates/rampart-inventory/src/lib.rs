//! rampart's inventory: one normalized, serializable model of an AWS account, the importer
//! that builds it from AWS CLI JSON exports, and versioned snapshot files.
//!
//! The inventory is the only contract between collectors and analyses (ARCHITECTURE.md).
//! It never holds secrets: no Lambda environment, no user data, no parameter values, no keys.

pub mod coverage;
pub mod export_script;
pub mod import;
pub mod json_path;
pub mod kind;
pub mod model;
pub mod snapshot;

pub use coverage::{Coverage, CoverageEntry, Status, GLOBAL};
pub use import::{import_bytes, import_dir, import_documents, FileError, ImportError, ImportReport, LiveDocument};
pub use kind::{ResourceKind, Scope};
pub use model::*;
pub use snapshot::{is_snapshot, read_snapshot, write_snapshot, SnapshotError};
