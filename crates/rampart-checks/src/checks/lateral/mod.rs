//! Which hosts can reach which, inside the account.

pub mod exposed_host_reaches_directory;
