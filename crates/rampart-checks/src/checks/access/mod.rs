//! How the environment is reached from outside: remote desktops, and data made public.

pub mod buckets;
pub mod s3_account_public_access_block_off;
pub mod s3_bucket_public;
pub mod workspaces_certificate_auth_off;
pub mod workspaces_device_access_unrestricted;
pub mod workspaces_open_access;

use rampart_inventory::WorkspacesDirectory;

use crate::context::RegionContext;
use crate::finding::{Finding, FindingBuilder};
use crate::meta::CheckMeta;

/// A finding about a WorkSpaces directory, with its ARN (Service Authorization Reference:
/// `arn:${Partition}:workspaces:${Region}:${Account}:directory/${DirectoryId}`).
fn directory_finding(cx: &RegionContext, meta: &'static CheckMeta, dir: &WorkspacesDirectory) -> FindingBuilder {
    let region = &cx.region.name;
    Finding::builder(meta, cx.account, region, "AWS::WorkSpaces::Directory", &dir.id).arn(format!(
        "arn:{}:workspaces:{region}:{}:directory/{}",
        cx.partition(),
        cx.account,
        dir.id
    ))
}
