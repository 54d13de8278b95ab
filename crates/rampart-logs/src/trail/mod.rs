//! CloudTrail: records read as streams, the changes to network and detection controls
//! normalised, a timeline per resource, detections of unauthorized and blinding changes, and
//! the integrity of the log files from their digests.

pub mod change;
pub mod detect;
pub mod digest;
pub mod event;
pub mod read;
pub mod timeline;

pub use event::Event;
pub use read::{list, read_files, read_stream, TrailStats};
