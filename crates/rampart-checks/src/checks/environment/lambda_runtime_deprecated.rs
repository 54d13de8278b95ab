//! Lambda functions on deprecated runtimes. AWS semantics (Lambda Developer Guide, "Runtime
//! deprecation"): after deprecation a runtime gets no security patches and functions on it no
//! technical support. The table below holds the runtimes deprecated by December 2025 according
//! to the Lambda runtimes page; a runtime deprecated since is not reported until the table is
//! updated (the check never guesses a date). Container-image functions have no `Runtime`.

use rampart_inventory::ResourceKind;

use crate::context::RegionContext;
use crate::engine::Outcomes;
use crate::finding::Finding;
use crate::meta::{CheckMeta, Reference, Severity, Theme, FSBP};
use crate::registry::{Check, Runner};

/// (deprecated runtime identifier, a supported successor).
const DEPRECATED: &[(&str, &str)] = &[
    ("nodejs", "nodejs22.x"),
    ("nodejs4.3", "nodejs22.x"),
    ("nodejs4.3-edge", "nodejs22.x"),
    ("nodejs6.10", "nodejs22.x"),
    ("nodejs8.10", "nodejs22.x"),
    ("nodejs10.x", "nodejs22.x"),
    ("nodejs12.x", "nodejs22.x"),
    ("nodejs14.x", "nodejs22.x"),
    ("nodejs16.x", "nodejs22.x"),
    ("nodejs18.x", "nodejs22.x"),
    ("python2.7", "python3.13"),
    ("python3.6", "python3.13"),
    ("python3.7", "python3.13"),
    ("python3.8", "python3.13"),
    ("python3.9", "python3.13"),
    ("ruby2.5", "ruby3.4"),
    ("ruby2.7", "ruby3.4"),
    ("java8", "java21"),
    ("go1.x", "provided.al2023"),
    ("provided", "provided.al2023"),
    ("dotnetcore1.0", "dotnet8"),
    ("dotnetcore2.0", "dotnet8"),
    ("dotnetcore2.1", "dotnet8"),
    ("dotnetcore3.1", "dotnet8"),
    ("dotnet5.0", "dotnet8"),
    ("dotnet6", "dotnet8"),
    ("dotnet7", "dotnet8"),
];

pub static CHECK: Check = Check {
    meta: &CheckMeta {
        id: "lambda-runtime-deprecated",
        theme: Theme::Environment,
        title: "Lambda function on a deprecated runtime",
        severity: Severity::Medium,
        summary: "Lambda functions whose runtime AWS has deprecated (no more security patches).",
        rationale: "A deprecated runtime keeps its known vulnerabilities forever, and functions on it can no longer be updated once AWS blocks updates.",
        remediation: "Move the function to a supported runtime of its language after testing it there.",
        references: &[Reference { framework: FSBP, control: "Lambda.2" }],
        requires: &[ResourceKind::LambdaFunctions],
        requires_one_of: &[],
    },
    run: Runner::Regional(run),
};

fn run(cx: &RegionContext, out: &mut Outcomes) {
    let region = &cx.region.name;
    for function in &cx.region.lambda_functions {
        let Some(runtime) = function.runtime.as_deref() else {
            continue;
        };
        let Some((_, successor)) = DEPRECATED.iter().find(|(r, _)| *r == runtime) else {
            continue;
        };
        out.findings.push(
            Finding::builder(CHECK.meta, cx.account, region, "AWS::Lambda::Function", &function.name)
                .arn(function.arn.clone())
                .message(format!("Lambda function {} runs on deprecated {runtime}", function.name))
                .evidence(format!(
                    "runtime {runtime}; last modified {}",
                    function.last_modified.as_deref().unwrap_or("unknown")
                ))
                .remediation(format!(
                    "aws lambda update-function-configuration --region {region} --function-name {} --runtime {successor}",
                    function.name
                ))
                .build(),
        );
    }
}
