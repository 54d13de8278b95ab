//! Hygiene and change control: what is left behind, what refers to what is gone.

pub mod config_recorder_not_recording;
pub mod stale_rule_reference;
pub mod unused_security_group;
pub mod vpc_flow_logs_missing;
