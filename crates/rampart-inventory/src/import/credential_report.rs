//! The IAM credential report: a CSV with a fixed header (documented in the IAM user guide,
//! "Getting credential reports"). `get-credential-report` returns it base64-encoded in `Content`.

use base64::Engine;

use crate::model::{CredentialReport, CredentialReportRow};

/// True when the text starts like a credential report.
pub fn looks_like_report(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .starts_with("user,arn,user_creation_time")
}

/// The CSV of a `get-credential-report` answer's `Content`: base64 as the AWS CLI prints it,
/// or already decoded, as some collectors store it (the text starts with the report's header).
pub fn content_text(content: &str) -> Result<String, String> {
    if looks_like_report(content.trim_start()) {
        return Ok(content.to_owned());
    }
    decode_base64(content)
}

pub fn decode_base64(content: &str) -> Result<String, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .map_err(|e| format!("`Content` is not base64: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "`Content` is not UTF-8 text".to_owned())
}

/// Parses the CSV. Columns are found by name, so added or reordered columns do not matter.
/// The report has no quoted fields (ARNs and dates hold no commas).
pub fn parse(text: &str, generated_time: Option<String>) -> Result<CredentialReport, String> {
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .ok_or("the credential report is empty")?
        .split(',')
        .collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let user_col = col("user").ok_or("the credential report has no `user` column")?;
    let cols: Vec<Option<usize>> = [
        "arn",
        "user_creation_time",
        "password_enabled",
        "password_last_used",
        "password_last_changed",
        "mfa_active",
        "access_key_1_active",
        "access_key_1_last_rotated",
        "access_key_1_last_used_date",
        "access_key_2_active",
        "access_key_2_last_rotated",
        "access_key_2_last_used_date",
        "cert_1_active",
        "cert_2_active",
    ]
    .iter()
    .map(|c| col(c))
    .collect();
    let mut rows = Vec::new();
    for (n, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if fields.len() < header.len() {
            return Err(format!(
                "credential report line {} has {} fields, expected {}",
                n + 2,
                fields.len(),
                header.len()
            ));
        }
        let get = |i: usize| cols[i].and_then(|c| fields.get(c).copied()).unwrap_or("");
        let date = |i: usize| {
            let v = get(i);
            match v {
                "" | "N/A" | "no_information" | "not_supported" => None,
                v => Some(super::timestamp::canonical(v)),
            }
        };
        let flag = |i: usize| get(i) == "true";
        rows.push(CredentialReportRow {
            user: fields[user_col].to_owned(),
            arn: get(0).to_owned(),
            user_creation_time: date(1),
            password_enabled: flag(2),
            password_last_used: date(3),
            password_last_changed: date(4),
            mfa_active: flag(5),
            access_key_1_active: flag(6),
            access_key_1_last_rotated: date(7),
            access_key_1_last_used: date(8),
            access_key_2_active: flag(9),
            access_key_2_last_rotated: date(10),
            access_key_2_last_used: date(11),
            cert_1_active: flag(12),
            cert_2_active: flag(13),
        });
    }
    Ok(CredentialReport { generated_time, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2024-05-01T10:00:00+00:00,not_supported,not_supported,false,true,2020-01-02T00:00:00+00:00,2024-04-30T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::123456789012:user/alice,2021-03-04T00:00:00+00:00,true,no_information,2021-03-04T00:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
";

    #[test]
    fn parses_root_and_users() {
        assert!(looks_like_report(REPORT));
        let report = parse(REPORT, None).unwrap();
        assert_eq!(report.rows.len(), 2);
        let root = &report.rows[0];
        assert!(root.is_root() && !root.mfa_active && root.access_key_1_active);
        assert_eq!(root.access_key_1_last_used.as_deref(), Some("2024-04-30T00:00:00Z"));
        let alice = &report.rows[1];
        assert!(alice.password_enabled && !alice.mfa_active);
        assert_eq!(alice.password_last_used, None);
    }

    #[test]
    fn base64_round_trip_and_errors() {
        let encoded = base64::engine::general_purpose::STANDARD.encode(REPORT);
        assert_eq!(decode_base64(&encoded).unwrap(), REPORT);
        assert!(decode_base64("%%%").is_err());
        assert!(parse("", None).is_err());
        assert!(parse("user,arn\nbob", None).is_err());
    }
}
