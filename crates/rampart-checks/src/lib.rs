//! rampart's checks: pure functions from the inventory to findings (ARCHITECTURE.md,
//! invariant 1: no IO, no clock, no SDK types, no global state).
//!
//! A check is a static [`Check`] with its metadata and a run function, one file per check
//! under `checks/<theme>/`, listed in [`registry::CHECKS`]. The [`engine`] runs them per
//! region, reports checks whose inputs were not read as not evaluated, and ranks findings.

pub mod checks;
pub mod config;
pub mod context;
pub mod days;
pub mod engine;
pub mod evidence;
pub mod exposure;
pub mod finding;
pub mod meta;
pub mod policy;
pub mod ports;
pub mod registry;
pub mod remediate;
pub mod suppress;

pub use config::Config;
pub use engine::{run, run_checks, run_checks_with, run_with, run_with_evidence, NotEvaluated, Outcomes, ScanResult};
pub use evidence::Evidence;
pub use finding::{BaselineState, Finding};
pub use meta::{CheckMeta, Confidence, Reference, Severity, Theme};
pub use registry::{find, Check, Runner, CHECKS};
pub use suppress::{AppliedSuppression, Suppression};
