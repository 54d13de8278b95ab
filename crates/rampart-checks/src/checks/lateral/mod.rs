//! Which hosts can reach which, inside the account.

pub mod exposed_host_reaches_directory;
pub mod group_trusts_group_all_traffic;
pub mod shared_self_referencing_group;
