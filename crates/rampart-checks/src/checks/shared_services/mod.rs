//! Fleet management: can every host be reached by Systems Manager, and is it patched; the
//! directory servers first.

pub mod directory_server_not_maintained;
pub mod instance_not_managed_by_ssm;
pub mod instance_patches_missing;

use rampart_inventory::Instance;

/// `i-… (Name)`.
fn describe(instance: &Instance) -> String {
    match instance.name() {
        Some(name) => format!("{} ({name})", instance.id),
        None => instance.id.clone(),
    }
}
