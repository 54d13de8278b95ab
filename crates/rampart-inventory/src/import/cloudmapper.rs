//! CloudMapper's `collect` layout (duo-labs/cloudmapper, `commands/collect.py`): account-wide and
//! list calls are `<region>/<service>-<request>.json`, read like any export file; a call made once
//! per resource is `<region>/<service>-<request>/<parameter>`, one file per resource, URL-encoded
//! (`urllib.parse.quote_plus`) and without an extension. Such an answer does not always name its
//! resource — the path does — so it is given the shape rampart's export script writes, where
//! `--query` adds the resource's name.

use std::path::Path;

use percent_encoding::percent_decode_str;
use serde_json::{json, Value};

/// The calls CloudMapper makes once per resource (`collect_commands.yaml`, every entry whose
/// parameter is read from another answer), each writing `<service>-<request>/<parameter>`.
const PER_RESOURCE: &[&str] = &[
    "cloudformation-describe-stack-resources",
    "cloudformation-get-template",
    "cloudsearch-describe-service-access-policies",
    "cloudtrail-get-event-selectors",
    "ec2-describe-snapshot-attribute",
    "ecr-get-repository-policy",
    "ecs-list-tasks",
    "eks-describe-cluster",
    "elb-describe-load-balancer-attributes",
    "elb-describe-tags",
    "elbv2-describe-load-balancer-attributes",
    "elbv2-describe-tags",
    "elbv2-describe-target-groups",
    "elbv2-describe-target-health",
    "es-describe-elasticsearch-domain",
    "firehose-describe-delivery-stream",
    "glacier-get-vault-access-policy",
    "guardduty-get-detector",
    "iam-generate-service-last-accessed-details",
    "iam-get-open-id-connect-provider",
    "iam-get-role",
    "iam-get-saml-provider",
    "iam-get-service-last-accessed-details",
    "iam-get-user",
    "kms-get-key-policy",
    "kms-get-key-rotation-status",
    "kms-list-grants",
    "kms-list-key-policies",
    "lambda-get-policy",
    "lambda-list-layer-versions",
    "rds-describe-db-snapshot-attributes",
    "rds-list-tags-for-resource",
    "route53-list-resource-record-sets",
    "s3-get-bucket-acl",
    "s3-get-bucket-encryption",
    "s3-get-bucket-location",
    "s3-get-bucket-logging",
    "s3-get-bucket-policy",
    "s3control-get-public-access-block",
    "secretsmanager-get-resource-policy",
    "sns-get-topic-attributes",
    "sqs-get-queue-attributes",
];

/// A per-resource answer's file: any file in the folder of a call CloudMapper makes once per
/// resource. Its name is the resource (a bucket name may hold dots, so no extension is assumed);
/// a `.json` file there is an ordinary answer, read as one anyway.
pub fn is_per_resource(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    !name.starts_with('.') && !name.ends_with(".json") && !name.ends_with(".json.gz") && PER_RESOURCE.contains(&folder)
}

/// The answer in the shape the importer reads: wrapped with the resource its path names where
/// the answer does not name it; as it is otherwise (target groups name their load balancer,
/// event selectors their trail), and for calls rampart does not read (listed as not read).
pub fn wrap(path: &Path, answer: Value) -> Value {
    let call = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let raw = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // quote_plus writes a space as `+`; AWS names and ARNs hold no space, so `+` is one.
    let resource = percent_decode_str(&raw.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned();
    let field = |name: &str| answer.get(name).cloned().unwrap_or(Value::Null);
    match call {
        "s3-get-bucket-acl" => json!({"BucketAcls": [{"Bucket": resource, "Grants": field("Grants")}]}),
        "elbv2-describe-target-health" => json!({"LoadBalancerTargetHealth": [{
            "TargetGroupArn": resource,
            "TargetHealthDescriptions": field("TargetHealthDescriptions"),
        }]}),
        "guardduty-get-detector" => json!({"Detectors": [{"DetectorId": resource, "Detector": answer}]}),
        "es-describe-elasticsearch-domain" => json!({"DomainStatusList": [field("DomainStatus")]}),
        _ => answer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_resource_files_are_known_by_their_folder() {
        assert!(is_per_resource(Path::new("acct/us-east-1/s3-get-bucket-acl/my.bucket")));
        assert!(is_per_resource(Path::new(
            "us-east-1/elbv2-describe-target-health/arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A1%3Atargetgroup%2Fweb%2F1"
        )));
        assert!(!is_per_resource(Path::new("us-east-1/ec2-describe-vpcs.json")));
        assert!(!is_per_resource(Path::new("us-east-1/s3-get-bucket-acl/b.json")));
        assert!(!is_per_resource(Path::new("us-east-1/notes/readme")));
        assert!(!is_per_resource(Path::new("us-east-1/Some-Folder/x")));
        assert!(
            !is_per_resource(Path::new("export/us-east-1/notes")),
            "a region's folder is not a call"
        );
        assert!(!is_per_resource(Path::new("fixtures/aws-batfish-example/SOURCE.md")));
    }

    #[test]
    fn an_answer_that_does_not_name_its_resource_gets_it_from_the_path() {
        let acl = wrap(
            Path::new("us-east-1/s3-get-bucket-acl/logs.example.com"),
            json!({"Grants": [], "Owner": {"ID": "x"}}),
        );
        assert_eq!(
            acl,
            json!({"BucketAcls": [{"Bucket": "logs.example.com", "Grants": []}]})
        );
        let health = wrap(
            Path::new("r/elbv2-describe-target-health/arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A1%3Atargetgroup%2Fweb%2F1"),
            json!({"TargetHealthDescriptions": []}),
        );
        assert_eq!(
            health["LoadBalancerTargetHealth"][0]["TargetGroupArn"],
            "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1"
        );
        let same = json!({"TargetGroups": []});
        assert_eq!(wrap(Path::new("r/elbv2-describe-target-groups/x"), same.clone()), same);
    }
}
