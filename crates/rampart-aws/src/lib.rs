//! rampart's live collector: the only crate that depends on the AWS SDK (ARCHITECTURE.md,
//! invariant 3).
//!
//! It makes the read-only calls of `rampart export-script` through the official AWS SDK for
//! Rust and writes each answer in the shape the AWS CLI prints it; the importer then builds
//! the inventory from those answers exactly as it does from an export folder, so live and
//! offline scans of one account give one inventory (invariant 2). A call that fails —
//! denied, not enabled, not available in the region, throttled past its retries — is
//! written as the export script writes it, and becomes a coverage gap, never a pass
//! (invariant 5). Only the operations in [`operations::OPERATIONS`] are called, every one a
//! read (invariant 4).
//!
//! Credentials and region come from the default chain, exactly as the AWS CLI resolves them
//! (environment, `--profile`/`AWS_PROFILE`, SSO, web identity, IMDS); `AWS_ENDPOINT_URL` is
//! honoured. Regions are read concurrently, and so are the services within a region, under
//! one bound on calls in flight. Retries are adaptive (client-side rate limiting on
//! throttling) unless `AWS_RETRY_MODE` / `AWS_MAX_ATTEMPTS` say otherwise.

mod call;
mod ec2;
mod elb;
mod fleet;
mod iam;
mod lookup;
mod monitoring;
pub mod operations;
mod references;
mod s3_logs;
mod shape;
mod workloads;

use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use rampart_inventory::{ImportReport, Inventory, GLOBAL};
use serde_json::json;

use call::Ctx;
pub use lookup::{list_public_keys, lookup_events, Lookup};
pub use s3_logs::{for_each_object, for_each_object_with_metadata, parse_url};

/// What to read, and how hard to push.
#[derive(Debug, Clone)]
pub struct Options {
    /// A named profile of the AWS CLI configuration (else `AWS_PROFILE`, else `default`).
    pub profile: Option<String>,
    /// The regions to read; empty: every region enabled for the account.
    pub regions: Vec<String>,
    /// Calls in flight at once, over all regions and services.
    pub concurrency: usize,
    /// How long one attempt of one call may take.
    pub attempt_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            profile: None,
            regions: Vec::new(),
            concurrency: 16,
            attempt_timeout: Duration::from_secs(30),
        }
    }
}

/// Progress, for a terminal display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The account and the regions to read are known.
    Started { account: String, regions: Vec<String> },
    /// One call finished; `error` is its code when it failed.
    Call {
        region: String,
        command: &'static str,
        error: Option<String>,
    },
    /// Every call of a region (or of `global`) finished.
    RegionDone { region: String },
}

/// The inventory read live, with what the reading took.
pub struct Collected {
    pub inventory: Inventory,
    pub report: ImportReport,
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot identify the AWS account ({0}): check the credentials (`aws sts get-caller-identity`; `aws sso login` for SSO profiles)")]
    Identity(String),
    #[error("cannot start the collector: {0}")]
    Runtime(String),
    #[error("the answers read do not fit the importer's shapes: {0}")]
    Shapes(String),
    #[error("cannot read the logs: {0}")]
    Logs(String),
}

/// Reads the account. `events` is told about every call (from several threads).
pub fn collect(options: &Options, events: impl Fn(Event) + Send + Sync + 'static) -> Result<Collected, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Runtime(e.to_string()))?;
    runtime.block_on(collect_async(options, Box::new(events)))
}

async fn collect_async(options: &Options, events: Box<dyn Fn(Event) + Send + Sync>) -> Result<Collected, Error> {
    let started = Instant::now();
    // Loaded once: every region shares its credentials (and their cache: one SSO or
    // assume-role exchange, not one per region) and its HTTP connection pool.
    let loaded = sdk_config(options).await;
    let home = loaded
        .region()
        .map(|r| r.as_ref().to_owned())
        .unwrap_or_else(|| "us-east-1".to_owned());
    let in_region = |r: &str| loaded.to_builder().region(Region::new(r.to_owned())).build();
    let base = in_region(&home);
    let ctx = Arc::new(Ctx::new(options.concurrency, events));

    // Who we are: without an account nothing else is worth asking.
    let sts = aws_sdk_sts::Client::new(&base);
    let identity = sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| Error::Identity(call::describe(&e).1))?;
    let account = identity.account().unwrap_or_default().to_owned();
    ctx.put(
        GLOBAL,
        "caller-identity.json",
        json!({"Account": identity.account(), "Arn": identity.arn(), "UserId": identity.user_id()}),
    );

    // Every enabled region (opted-in or not needing it), unless the user named them.
    let ec2 = aws_sdk_ec2::Client::new(&base);
    // Regions named by the user are the scope: only they are listed, as the export script
    // lists only the regions in $REGIONS.
    let mut regions = options.regions.clone();
    let request = ec2
        .describe_regions()
        .set_region_names((!regions.is_empty()).then(|| regions.clone()))
        .send();
    let listed = ctx.call(GLOBAL, "regions.json", "ec2 describe-regions", request).await;
    if let Some(out) = &listed {
        let enabled: Vec<_> = out
            .regions()
            .iter()
            .map(|r| json!({"RegionName": r.region_name(), "OptInStatus": r.opt_in_status()}))
            .collect();
        ctx.put(GLOBAL, "regions.json", json!({ "Regions": enabled }));
        if regions.is_empty() {
            regions = out
                .regions()
                .iter()
                .filter(|r| r.opt_in_status() != Some("not-opted-in"))
                .filter_map(|r| r.region_name().map(str::to_owned))
                .collect();
        }
    }
    if regions.is_empty() {
        regions.push(home.clone());
    }
    regions.sort();
    ctx.event(Event::Started {
        account: account.clone(),
        regions: regions.clone(),
    });

    let mut tasks = tokio::task::JoinSet::new();
    {
        let (ctx, config, account) = (ctx.clone(), base.clone(), account.clone());
        tasks.spawn(async move {
            iam::collect(&ctx, &config, &account).await;
            ctx.event(Event::RegionDone {
                region: GLOBAL.to_owned(),
            });
        });
    }
    for region in regions {
        let ctx = ctx.clone();
        let config = in_region(&region);
        let account = account.clone();
        tasks.spawn(async move {
            tokio::join!(
                ec2::collect(&ctx, &config, &region),
                elb::collect(&ctx, &config, &region),
                monitoring::collect(&ctx, &config, &region),
                fleet::collect(&ctx, &config, &region, &account),
                workloads::collect(&ctx, &config, &region),
                references::collect(&ctx, &config, &region),
            );
            ctx.event(Event::RegionDone { region });
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.map_err(|e| Error::Runtime(e.to_string()))?;
    }

    let ctx = Arc::into_inner(ctx).ok_or_else(|| Error::Runtime("a reader outlived the collection".into()))?;
    let source = match &options.profile {
        Some(p) => format!("live: account {account}, profile {p}"),
        None => format!("live: account {account}"),
    };
    let (inventory, report) =
        rampart_inventory::import_documents(&source, ctx.into_documents()).map_err(|e| Error::Shapes(e.to_string()))?;
    Ok(Collected {
        inventory,
        report,
        elapsed: started.elapsed(),
    })
}

/// The SDK configuration: the default credential chain, profile and region, the endpoint
/// from `AWS_ENDPOINT_URL` if set, a rustls client, timeouts, adaptive retries.
async fn sdk_config(options: &Options) -> SdkConfig {
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http)
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(options.attempt_timeout)
                .build(),
        );
    let env_says = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if !env_says("AWS_RETRY_MODE") && !env_says("AWS_MAX_ATTEMPTS") {
        loader = loader.retry_config(RetryConfig::adaptive().with_max_attempts(5));
    }
    if let Some(p) = &options.profile {
        loader = loader.profile_name(p);
    }
    loader.load().await
}
