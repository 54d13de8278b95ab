//! Every check, in one list. Adding a check: a file under `checks/<theme>/`, a line here.

use crate::checks::{access, egress, environment, identity, ingress, lateral, lifecycle, shared_services, web};
use crate::context::{GlobalContext, RegionContext};
use crate::engine::Outcomes;
use crate::meta::CheckMeta;

/// How a check runs: once per region, or once per account for global services (IAM).
pub enum Runner {
    Regional(fn(&RegionContext, &mut Outcomes)),
    Global(fn(&GlobalContext, &mut Outcomes)),
}

pub struct Check {
    pub meta: &'static CheckMeta,
    pub run: Runner,
}

pub static CHECKS: &[&Check] = &[
    &ingress::admin_port_open_to_internet::CHECK,
    &ingress::database_port_open_to_internet::CHECK,
    &ingress::sensitive_port_open_to_internet::CHECK,
    &ingress::all_ports_open_to_internet::CHECK,
    &ingress::unexpected_port_exposed::CHECK,
    &ingress::default_security_group_allows_traffic::CHECK,
    &ingress::nacl_allows_admin_ports_from_internet::CHECK,
    &egress::egress_open_to_internet::CHECK,
    &lateral::exposed_host_reaches_directory::CHECK,
    &lateral::group_trusts_group_all_traffic::CHECK,
    &lateral::shared_self_referencing_group::CHECK,
    &lifecycle::unused_security_group::CHECK,
    &lifecycle::stale_rule_reference::CHECK,
    &lifecycle::vpc_flow_logs_missing::CHECK,
    &lifecycle::internet_rule_unused_in_flow_logs::CHECK,
    &lifecycle::rule_unused_in_flow_logs::CHECK,
    &lifecycle::rule_wider_than_observed_traffic::CHECK,
    &lifecycle::trail_opened_to_internet::CHECK,
    &lifecycle::trail_detection_turned_off::CHECK,
    &lifecycle::trail_change_outside_deployers::CHECK,
    &lifecycle::trail_root_activity::CHECK,
    &lifecycle::trail_access_denied_burst::CHECK,
    &lifecycle::trail_unusual_source_ip::CHECK,
    &lifecycle::trail_sign_in_failures::CHECK,
    &lifecycle::trail_privilege_change::CHECK,
    &lifecycle::config_recorder_not_recording::CHECK,
    &lifecycle::cloudtrail_management_events_not_logged::CHECK,
    &lifecycle::cloudtrail_log_validation_off::CHECK,
    &lifecycle::cloudtrail_not_in_cloudwatch_logs::CHECK,
    &lifecycle::cloudtrail_not_kms_encrypted::CHECK,
    &lifecycle::cloudtrail_s3_data_events_off::CHECK,
    &lifecycle::cloudtrail_bucket_public::CHECK,
    &lifecycle::security_group_changes_not_alarmed::CHECK,
    &lifecycle::network_acl_changes_not_alarmed::CHECK,
    &lifecycle::network_gateway_changes_not_alarmed::CHECK,
    &lifecycle::route_table_changes_not_alarmed::CHECK,
    &lifecycle::vpc_changes_not_alarmed::CHECK,
    &lifecycle::cloudtrail_changes_not_alarmed::CHECK,
    &lifecycle::config_changes_not_alarmed::CHECK,
    &lifecycle::iam_policy_changes_not_alarmed::CHECK,
    &lifecycle::kms_key_deletion_not_alarmed::CHECK,
    &lifecycle::s3_bucket_policy_changes_not_alarmed::CHECK,
    &lifecycle::organizations_changes_not_alarmed::CHECK,
    &lifecycle::security_group_not_managed_as_code::CHECK,
    &environment::guardduty_disabled::CHECK,
    &environment::guardduty_malware_protection_off::CHECK,
    &environment::guardduty_high_findings_open::CHECK,
    &environment::imdsv1_allowed::CHECK,
    &environment::instance_outside_auto_scaling::CHECK,
    &environment::instance_without_cloudwatch_agent::CHECK,
    &environment::auto_scaling_group_without_max_lifetime::CHECK,
    &environment::lambda_runtime_deprecated::CHECK,
    &environment::workload_footprint::CHECK,
    &shared_services::instance_not_managed_by_ssm::CHECK,
    &shared_services::instance_patches_missing::CHECK,
    &shared_services::directory_server_not_maintained::CHECK,
    &web::http_listener_without_redirect::CHECK,
    &web::tls_policy_outdated::CHECK,
    &web::load_balancer_without_waf::CHECK,
    &web::inspector_scanning_off::CHECK,
    &web::vulnerable_host_exposed::CHECK,
    &access::workspaces_open_access::CHECK,
    &access::workspaces_device_access_unrestricted::CHECK,
    &access::workspaces_certificate_auth_off::CHECK,
    &access::s3_account_public_access_block_off::CHECK,
    &access::s3_bucket_public::CHECK,
    &identity::root_without_mfa::CHECK,
    &identity::root_mfa_not_hardware::CHECK,
    &identity::root_access_key::CHECK,
    &identity::root_used_recently::CHECK,
    &identity::console_user_without_mfa::CHECK,
    &identity::console_users_not_federated::CHECK,
    &identity::access_key_not_rotated::CHECK,
    &identity::access_keys_two_active::CHECK,
    &identity::credentials_unused::CHECK,
    &identity::password_policy_weak::CHECK,
    &identity::user_is_administrator::CHECK,
    &identity::user_with_access_keys::CHECK,
    &identity::user_with_direct_policies::CHECK,
    &identity::support_role_missing::CHECK,
    &identity::cloudshell_full_access_attached::CHECK,
    &identity::role_trusts_any_principal::CHECK,
    &identity::role_trusts_external_account::CHECK,
    &identity::data_exfiltration_rights::CHECK,
    &identity::execution_environment_rights::CHECK,
    &identity::network_controls_changeable_by_people::CHECK,
];

/// A check by id.
pub fn find(id: &str) -> Option<&'static Check> {
    CHECKS.iter().copied().find(|c| c.meta.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut ids = std::collections::HashSet::new();
        for c in CHECKS {
            let m = c.meta;
            assert!(ids.insert(m.id), "duplicate id {}", m.id);
            assert!(
                m.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && m.id.starts_with(|c: char| c.is_ascii_lowercase()),
                "{}",
                m.id
            );
            assert!(
                !m.summary.is_empty() && !m.rationale.is_empty() && !m.remediation.is_empty(),
                "{}",
                m.id
            );
            // The trail checks read only the CloudTrail evidence given with the scan, no inventory kind.
            assert!(
                !m.requires.is_empty() || !m.requires_one_of.is_empty() || m.id.starts_with("trail-"),
                "{} must say what it reads",
                m.id
            );
        }
    }
}
