//! Which hosts can send data out.

pub mod egress_open_to_internet;
