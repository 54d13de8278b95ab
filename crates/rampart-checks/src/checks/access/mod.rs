//! How the environment is reached from outside: remote desktops, and data made public.

pub mod buckets;
pub mod s3_account_public_access_block_off;
pub mod s3_bucket_public;
pub mod workspaces_certificate_auth_off;
pub mod workspaces_device_access_unrestricted;
pub mod workspaces_open_access;
