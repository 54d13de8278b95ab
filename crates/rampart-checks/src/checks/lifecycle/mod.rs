//! Hygiene and change control: what is left behind, what refers to what is gone.

pub mod cloudtrail_log_validation_off;
pub mod cloudtrail_management_events_not_logged;
pub mod cloudtrail_not_in_cloudwatch_logs;
pub mod cloudtrail_not_kms_encrypted;
pub mod cloudtrail_s3_data_events_off;
pub mod config_recorder_not_recording;
pub mod internet_rule_unused_in_flow_logs;
pub mod rule_unused_in_flow_logs;
pub mod rule_wider_than_observed_traffic;
pub mod security_group_changes_not_alarmed;
pub mod security_group_not_managed_as_code;
pub mod stale_rule_reference;
pub mod trail_access_denied_burst;
pub mod trail_change_outside_deployers;
pub mod trail_detection_turned_off;
pub mod trail_opened_to_internet;
pub mod trail_root_activity;
pub mod trail_unusual_source_ip;
mod trails;
pub mod unused_security_group;
pub mod vpc_flow_logs_missing;
