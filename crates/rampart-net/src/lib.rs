//! rampart's network semantics: integer interval sets for ports and addresses, the public
//! internet as an address set, security-group rule analysis, and the indexes that relate
//! groups to the interfaces that carry them.
//!
//! Every rule here is derived from AWS documentation, quoted next to the code, and tested
//! against a brute-force model.

pub mod address;
pub mod attachments;
pub mod cidr;
pub mod commands;
pub mod describe;
pub mod egress;
pub mod exposure;
pub mod icmp;
pub mod interval;
pub mod lateral;
pub mod load_balancer;
pub mod nacl;
pub mod public_ip;
pub mod route;
pub mod sg;

pub use attachments::Attachments;
pub use exposure::{
    analyze as analyze_exposure, analyze_checked as analyze_exposure_checked, Exposure, NotExposed, RegionExposure,
    Step,
};
pub use interval::{IntervalSet, PortSet};
pub use sg::{internet_open, InternetOpen, PrefixLists};
