//! One module per theme, one file per check.

pub mod access;
pub mod egress;
pub mod environment;
pub mod identity;
pub mod ingress;
pub mod lateral;
pub mod lifecycle;
pub mod shared_services;
pub mod web;
