//! Hygiene and change control: what is left behind, what refers to what is gone.

pub mod stale_rule_reference;
pub mod unused_security_group;
