//! The command line, defined once: help, and later man page and completions, come from here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "rampart",
    version,
    about = "Audit the security of an AWS account: what is really exposed, and how to fix it",
    long_about = "rampart reads an AWS account live (AWS SDK, read-only calls), from an AWS CLI export folder or \
from a snapshot, judges what is effectively exposed, and prints a ranked list of findings, each with its evidence and the AWS CLI command \
that fixes it.",
    after_help = "Examples:\n  rampart scan examples/demo-account\n  rampart scan --profile audit                 # live, every enabled region\n  rampart scan ./export --format json > findings.json\n  rampart scan ./export --fail-on high        # exit 1 when anything high or critical is found\n  rampart export-script > export.sh          # run it in CloudShell, zip the folder\n  rampart checks explain admin-port-open-to-internet"
)]
pub struct Cli {
    /// When to colour the output (auto: on a terminal, unless NO_COLOR is set)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Say more on stderr (skipped files, inferred regions)
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// The configuration file (default: $RAMPART_CONFIG, else ./rampart.toml if present)
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// The scan history (default: $RAMPART_DB, else history.sqlite in the user's data folder,
    /// e.g. ~/.local/share/rampart)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Read an account, run every check, report the findings
    #[command(
        after_help = "Examples:\n  rampart scan examples/demo-account\n  rampart scan snapshot.rampart --format json\n  rampart scan ./export --fail-on high\n  rampart scan ./export --fail-on new:high     # CI: fail only on risk that is not in the baseline\n\nEvery scan is recorded in the history (see `rampart history`) unless --no-record is given."
    )]
    Scan {
        /// An export folder (see `rampart export-script`) or a snapshot file (see `rampart
        /// collect`); none: read the account live with the AWS credentials of the environment
        source: Option<PathBuf>,
        #[command(flatten)]
        live: LiveArgs,
        /// Output format; several, comma-separated, with --output-dir (text,html,sarif)
        #[arg(long, short, value_enum, value_delimiter = ',', default_value = "text")]
        format: Vec<Format>,
        /// Write the report to this file instead of stdout
        #[arg(long, short, value_name = "FILE", conflicts_with = "output_dir")]
        output: Option<PathBuf>,
        /// Write each format into this folder (rampart.txt, rampart.html, rampart.sarif, …)
        #[arg(long, value_name = "DIR")]
        output_dir: Option<PathBuf>,
        #[command(flatten)]
        shown: ShownArgs,
        /// Exit with 1 when an open finding at or above this severity is found: none, info,
        /// low, medium, high, critical; `new:high` counts only findings not in the baseline
        #[arg(long, default_value = "none", value_parser = parse_fail_on, value_name = "[new:]SEVERITY")]
        fail_on: FailOn,
        /// Do not record this scan in the history
        #[arg(long)]
        no_record: bool,
        /// Flow-log files or folders, or s3://bucket/prefix: judge which rules traffic uses
        /// (repeatable; see `rampart flows usage`)
        #[arg(long = "flow-logs", value_name = "LOGS")]
        flow_logs: Vec<String>,
        /// CloudTrail log files or folders, or s3://bucket/prefix: report unauthorized, opening
        /// and blinding changes (repeatable; see `rampart trail detect`)
        #[arg(long = "trail", value_name = "LOGS")]
        trail: Vec<String>,
    },
    /// Render a recorded scan in any format: the HTML report, SARIF, OCSF, ASFF, CSV, …
    #[command(
        after_help = "Scans are named by number (see `rampart history`), latest, latest~N or baseline.\n\nExamples:\n  rampart report --format html -o report.html      # the latest scan, with its graph and trend\n  rampart report 12 --format sarif -o scan-12.sarif\n  rampart report baseline --format csv"
    )]
    Report {
        /// The scan (default: latest)
        scan: Option<String>,
        /// The account, when the history holds several
        #[arg(long)]
        account: Option<String>,
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write the report to this file instead of stdout
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The recorded scans, newest first, with counts by severity and the trend
    #[command(
        after_help = "Examples:\n  rampart history\n  rampart history --account 123456789012 --limit 5\n  rampart history --format json"
    )]
    History {
        /// Only this account's scans
        #[arg(long)]
        account: Option<String>,
        /// How many scans to show
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format; json is rampart-history v1 (docs/formats.md)
        #[arg(long, short, value_enum, default_value_t = ExposureFormat::Text)]
        format: ExposureFormat,
    },
    /// New, resolved, changed and unchanged findings between two recorded scans
    #[command(
        after_help = "Scans are named by number (see `rampart history`), latest, latest~N or baseline.\n\nExamples:\n  rampart diff                      # the latest scan against the one before it\n  rampart diff --baseline           # the latest scan against the account's baseline\n  rampart diff 3 7 --format json\n  rampart diff latest~5"
    )]
    Diff {
        /// The earlier scan (default: the scan before the later one, of the same account)
        from: Option<String>,
        /// The later scan (default: latest)
        to: Option<String>,
        /// Compare with the account's baseline
        #[arg(long)]
        baseline: bool,
        /// The account, when the history holds several
        #[arg(long)]
        account: Option<String>,
        /// Output format; json is rampart-diff v1 (docs/formats.md)
        #[arg(long, short, value_enum, default_value_t = ExposureFormat::Text)]
        format: ExposureFormat,
    },
    /// The scan that `diff --baseline` and `scan --fail-on new:…` compare with
    Baseline {
        #[command(subcommand)]
        command: BaselineCommand,
    },
    /// Accept a finding for a while: adds a [[suppress]] entry to rampart.toml
    #[command(
        after_help = "The finding stays in every report, marked suppressed, and stops counting for --fail-on. On the expiry\ndate the suppression stops applying and the finding is open again.\n\nExample:\n  rampart suppress admin-port-open-to-internet --resource sg-0a000000000000002 \\\n    --reason \"bastion, replaced by SSM in Q1\" --owner alice@example.com --expires 2027-03-31"
    )]
    Suppress {
        /// The check id (`rampart checks list`)
        check: String,
        /// The resource id or ARN; `*` matches any run of characters, `?` one
        #[arg(long)]
        resource: String,
        /// Why the risk is accepted
        #[arg(long)]
        reason: String,
        /// Who answers for it
        #[arg(long)]
        owner: String,
        /// The first day it no longer applies (YYYY-MM-DD)
        #[arg(long)]
        expires: String,
    },
    /// What the internet can really reach: per host and port, with the path that allows it
    #[command(
        after_help = "Examples:\n  rampart exposure examples/demo-account\n  rampart exposure ./export --port 22 --format json\n  rampart exposure ./export --resource i-0a00000000000001"
    )]
    Exposure {
        /// An export folder or a snapshot file
        source: Option<PathBuf>,
        /// Output format; json is rampart-exposure v1 (docs/exposure-v1.md)
        #[arg(long, short, value_enum, default_value_t = ExposureFormat::Text)]
        format: ExposureFormat,
        /// Only exposures that include this port
        #[arg(long)]
        port: Option<u16>,
        /// Only this protocol: tcp, udp, icmp, icmpv6
        #[arg(long)]
        protocol: Option<String>,
        /// Only this instance, load balancer or network interface
        #[arg(long)]
        resource: Option<String>,
        /// Only this region
        #[arg(long)]
        region: Option<String>,
    },
    /// Which hosts can open connections to the internet, on which ports, through what
    #[command(
        after_help = "Examples:\n  rampart egress examples/demo-account\n  rampart egress ./export --format json"
    )]
    Egress {
        /// An export folder or a snapshot file
        source: PathBuf,
        /// Output format; json is rampart-egress v1 (docs/formats.md)
        #[arg(long, short, value_enum, default_value_t = ExposureFormat::Text)]
        format: ExposureFormat,
        /// Only this region
        #[arg(long)]
        region: Option<String>,
    },
    /// Lateral-movement paths, multi-hop, with each hop's rules, NACLs and VPC connection
    #[command(
        after_help = "Examples:\n  rampart paths examples/demo-account --from internet --to service:ad\n  rampart paths ./export --from i-0a00000000000001 --to tag:Role=ad\n  rampart paths ./export --from sg-0123456789abcdef0 --to service:db --max-hops 2"
    )]
    Paths {
        /// An export folder or a snapshot file
        source: PathBuf,
        /// internet, i-…, eni-…, sg-… (hosts carrying it) or tag:Key=Value
        #[arg(long)]
        from: String,
        /// i-…, eni-…, sg-…, tag:Key=Value, or service:ad|db|admin (hosts on those ports)
        #[arg(long)]
        to: String,
        #[arg(long, default_value_t = 3)]
        max_hops: usize,
        /// Only this region
        #[arg(long)]
        region: Option<String>,
        /// Output format; json is rampart-paths v1 (docs/formats.md)
        #[arg(long, short, value_enum, default_value_t = ExposureFormat::Text)]
        format: ExposureFormat,
    },
    /// VPC Flow Logs as evidence: which grants are used, what to tighten, who talked to whom
    #[command(
        after_help = "Examples:\n  rampart flows usage ./flowlogs --inventory ./export\n  rampart flows usage s3://my-log-bucket/AWSLogs/123456789012/vpcflowlogs/ --inventory live\n  rampart flows tighten ./flowlogs --inventory account.rampart --max-cidrs 3\n  rampart flows who ./flowlogs --dst 10.0.1.10 --port 22 --since 2026-11-28\n  rampart flows who ./flowlogs --inventory ./export --src i-0a00000000000001\n  rampart flows top ./flowlogs --format json"
    )]
    Flows {
        #[command(subcommand)]
        command: FlowsCommand,
    },
    /// CloudTrail: who changed what, when and from where; unauthorized and blinding changes; log integrity
    #[command(
        after_help = "Examples:\n  rampart trail timeline ./cloudtrail --resource sg-0123456789abcdef0 --inventory ./export\n  rampart trail timeline s3://trail-bucket/AWSLogs/123456789012/CloudTrail/ --resource sg-0123456789abcdef0\n  rampart trail detect ./cloudtrail --format json\n  rampart trail timeline lookup --region eu-west-1 --resource sg-0123456789abcdef0   # LookupEvents, no bucket needed\n  rampart trail verify ./cloudtrail            # log files against their digest files"
    )]
    Trail {
        #[command(subcommand)]
        command: TrailCommand,
    },
    /// Query security-group rules with real semantics (ports inside ranges, -1, split CIDRs)
    Sg {
        #[command(subcommand)]
        command: SgCommand,
    },
    /// Write a snapshot of an account, to scan later without credentials
    #[command(
        after_help = "Examples:\n  rampart collect -o account.rampart                      # live, every enabled region\n  rampart collect --profile audit --region eu-west-1 -o account.rampart\n  rampart collect --from ./export -o account.rampart"
    )]
    Collect {
        /// The export folder to read; none: read the account live
        #[arg(long)]
        from: Option<PathBuf>,
        #[command(flatten)]
        live: LiveArgs,
        /// The snapshot file to write
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Print the least-privilege IAM policy for a live scan: exactly the read calls rampart makes
    #[command(
        after_help = "Example:\n  rampart iam-policy > rampart-policy.json\n  aws iam create-policy --policy-name rampart-audit --policy-document file://rampart-policy.json"
    )]
    IamPolicy,
    /// Print the bash script of read-only AWS CLI calls that produces an export folder
    #[command(
        after_help = "Example (in AWS CloudShell):\n  rampart export-script > export.sh\n  bash export.sh my-account && zip -r my-account.zip my-account"
    )]
    ExportScript,
    /// Print the shell completion script for rampart
    #[command(
        after_help = "Examples:\n  rampart completions bash > ~/.local/share/bash-completion/completions/rampart\n  rampart completions zsh > \"${fpath[1]}/_rampart\"\n  rampart completions fish > ~/.config/fish/completions/rampart.fish"
    )]
    Completions {
        /// The shell to complete in
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): rampart(1), or one command's, rampart-COMMAND(1)
    #[command(
        after_help = "Examples:\n  rampart man > rampart.1 && man ./rampart.1\n  rampart man scan | gzip > /usr/local/share/man/man1/rampart-scan.1.gz\n  for c in $(rampart man --list); do rampart man $c > rampart-$c.1; done"
    )]
    Man {
        /// The command whose page to print (none: rampart's own page)
        command: Option<String>,
        /// List the commands that have a page, one per line
        #[arg(long, conflicts_with = "command")]
        list: bool,
    },
    /// List the checks, or explain one
    Checks {
        #[command(subcommand)]
        command: ChecksCommand,
    },
}

#[derive(Subcommand)]
pub enum SgCommand {
    /// Rules that match every filter given, with what they are attached to
    #[command(
        after_help = "Examples:\n  rampart sg query examples/demo-account --port 22 --source internet\n  rampart sg query ./export --port 3389 --source ::/0\n  rampart sg query ./export --source sg-0a000000000000001     # who trusts this group\n  rampart sg query ./export --egress --protocol -1 --source internet\n  rampart sg query ./export --source internet --direction both --format csv > internet-rules.csv"
    )]
    Query {
        /// An export folder or a snapshot file
        source_path: PathBuf,
        /// Rules whose port range holds this port (protocol -1 and all-port protocols match any port)
        #[arg(long)]
        port: Option<u16>,
        /// tcp, udp, icmp, icmpv6, -1 or a protocol number (-1 rules match every protocol)
        #[arg(long)]
        protocol: Option<String>,
        /// A CIDR or address the rule admits some of, `internet`, a security group id, or an
        /// address space named in rampart.toml
        #[arg(long)]
        source: Option<String>,
        /// Outbound rules (the source is then the destination); same as `--direction egress`
        #[arg(long, conflicts_with = "direction")]
        egress: bool,
        /// Which rules: ingress, egress or both
        #[arg(long, value_enum, default_value_t = Direction::Ingress)]
        direction: Direction,
        /// Only this region
        #[arg(long)]
        region: Option<String>,
        #[arg(long, short, value_enum, default_value_t = QueryFormat::Text)]
        format: QueryFormat,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Direction {
    Ingress,
    Egress,
    Both,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    Text,
    /// rampart-sg-query version 1
    Json,
    /// One row per rule with what it is attached to, for stakeholders' spreadsheets
    Csv,
}

#[derive(Subcommand)]
pub enum FlowsCommand {
    /// Per security-group rule: the accepted flows it admitted, and the rules nothing used
    #[command(
        after_help = "A rule is unused only when every interface carrying its group has accepted traffic in the logs;\notherwise it is reported as not evaluated, with the interfaces that were not observed. A reply record\n(the return traffic of a connection a rule allowed) is not a use of any rule; replies are told from\nrequests by tcp-flags where the format has them, else the lower port is taken as the service."
    )]
    Usage {
        #[command(flatten)]
        logs: FlowArgs,
        /// Only the unused rules
        #[arg(long)]
        unused: bool,
    },
    /// For wide rules in use: the sources really seen, as at most N CIDRs, with the commands
    Tighten {
        #[command(flatten)]
        logs: FlowArgs,
        /// The most CIDR blocks a proposal may have (1-64)
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=64))]
        max_cidrs: u16,
    },
    /// Who talked to (--dst) or from (--src) an address, network, interface or instance
    Who {
        #[command(flatten)]
        logs: FlowArgs,
        /// The destination: an address, a CIDR, eni-… or i-… (instances need --inventory)
        #[arg(long, required_unless_present = "src")]
        dst: Option<String>,
        /// The source, as for --dst
        #[arg(long)]
        src: Option<String>,
        /// Only this destination port
        #[arg(long)]
        port: Option<u16>,
        /// How many conversations to show
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Top talkers, rejected traffic and scanners, and the hosts that sent data to the internet
    Top {
        #[command(flatten)]
        logs: FlowArgs,
        /// How many rows per table
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

#[derive(Subcommand)]
pub enum TrailCommand {
    /// Every change to a resource: who (principal, session, service), what (normalised), when,
    /// where (region, source address), how (console, CLI, Terraform, CloudFormation, SDK)
    Timeline {
        #[command(flatten)]
        logs: TrailArgs,
        /// The resource: sg-…, sgr-…, acl-…, rtb-…, igw-…, pl-…, eni-…, i-…, fl-…, a trail name, …
        #[arg(long)]
        resource: String,
        /// The account (export folder, snapshot or `live`): say when each current rule of a
        /// group was added and by whom
        #[arg(long, value_name = "SOURCE")]
        inventory: Option<String>,
    },
    /// Changes outside the allowed deployers (rampart.toml [change_control]), openings to the
    /// internet, detection turned off, root activity, bursts of denied calls, unusual sources,
    /// failed console sign-ins (attempts and brute-force bursts), privileges granted
    Detect {
        #[command(flatten)]
        logs: TrailArgs,
    },
    /// Check the log files against their digest files: each file's SHA-256, each digest's link
    /// to the one before, and — read from S3 — each digest's signature with CloudTrail's public
    /// keys (exit 1 when a file is altered or missing, the chain is broken or a signature fails,
    /// a log file is in no digest, or nothing at all was verified)
    Verify {
        /// Folders or files holding both the CloudTrail and the CloudTrail-Digest files, or
        /// s3://bucket/prefix (then signatures are checked too)
        #[arg(required = true)]
        paths: Vec<String>,
        #[command(flatten)]
        live: LiveArgs,
        /// Output format; json is rampart-trail-verify v1 (docs/formats.md)
        #[arg(long, short, value_enum, default_value_t = ExposureFormat::Text)]
        format: ExposureFormat,
    },
}

/// The CloudTrail logs a trail command reads.
#[derive(clap::Args, Clone)]
pub struct TrailArgs {
    /// CloudTrail log files or folders (the S3 layout as downloaded, .json or .json.gz, JSON
    /// lines, `aws cloudtrail lookup-events` output), s3://bucket/prefix, or `lookup` to ask
    /// CloudTrail's LookupEvents (the last 90 days of management events; --region for others
    /// than the default; a timeline asks for its resource, detect for every write)
    #[arg(required = true, value_name = "LOGS")]
    pub logs: Vec<String>,
    #[command(flatten)]
    pub live: LiveArgs,
    /// Output format; json is rampart-trail-timeline or rampart-trail-detect v2, by command
    /// (docs/formats.md)
    #[arg(long, short, value_enum, default_value_t = ExposureFormat::Text)]
    pub format: ExposureFormat,
}

/// The logs a flows command reads, and the account they belong to.
#[derive(clap::Args, Clone)]
pub struct FlowArgs {
    /// Flow-log files or folders (plain, .gz or Parquet; the S3 layout as downloaded), or
    /// s3://bucket/prefix to read them from S3 with the AWS credentials of the environment
    #[arg(required = true, value_name = "LOGS")]
    pub logs: Vec<String>,
    /// The account: an export folder, a snapshot file, or `live`
    #[arg(long, value_name = "SOURCE")]
    pub inventory: Option<String>,
    /// The fields of files without a header line: the flow log's LogFormat, e.g.
    /// '${version} ${interface-id} ${srcaddr} …' (default: the version 2 default format)
    #[arg(long, value_name = "FIELDS")]
    pub log_format: Option<String>,
    /// Only records that end at or after this time (YYYY-MM-DD, RFC 3339 or epoch seconds)
    #[arg(long)]
    pub since: Option<String>,
    /// Only records that start at or before this time
    #[arg(long)]
    pub until: Option<String>,
    #[command(flatten)]
    pub live: LiveArgs,
    /// Output format; json is rampart-flow-usage, -tighten, -who or -top v2, by command
    /// (docs/formats.md)
    #[arg(long, short, value_enum, default_value_t = ExposureFormat::Text)]
    pub format: ExposureFormat,
}

/// How to read the account live (when no source is given).
#[derive(clap::Args, Clone, Debug)]
pub struct LiveArgs {
    /// The AWS CLI profile to use (default: AWS_PROFILE, else the default chain); live reads only
    #[arg(long)]
    pub profile: Option<String>,
    /// Only these regions (repeat, or separate by commas); default: every enabled region (live)
    /// or every region in the export or snapshot
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// AWS calls in flight at once
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Exit with 3 when any input could not be read (denied, not enabled, failed)
    #[arg(long)]
    pub require_coverage: bool,
}

/// `--region` values: repeated, or separated by commas.
pub fn region_list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|r| r.split(','))
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect()
}

#[derive(Subcommand)]
pub enum BaselineCommand {
    /// Make a scan its account's baseline (default: the latest)
    Set {
        #[arg(default_value = "latest")]
        scan: String,
        #[arg(long)]
        account: Option<String>,
    },
    /// Which scan is the baseline
    Show {
        #[arg(long)]
        account: Option<String>,
    },
    /// Remove the baseline
    Clear {
        #[arg(long)]
        account: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ChecksCommand {
    /// Every check: id, theme, severity, title
    List {
        #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// What a check looks at, why it matters, how to fix it, and what it reads
    Explain { id: String },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What a report shows. The history always records the whole scan; these narrow what is
/// printed and what --fail-on counts.
#[derive(clap::Args, Clone, Default)]
pub struct ShownArgs {
    /// Only findings at or above this severity: info, low, medium, high, critical
    #[arg(long, value_parser = parse_severity, value_name = "SEVERITY")]
    pub severity: Option<rampart_checks::Severity>,
    /// Only these checks (repeat, or separate by commas)
    #[arg(long = "check", value_delimiter = ',', value_name = "ID")]
    pub checks: Vec<String>,
    /// Only these themes: ingress, egress, lateral, lifecycle, environment, shared-services,
    /// web, identity, access (repeat, or separate by commas)
    #[arg(long = "theme", value_delimiter = ',', value_parser = parse_theme, value_name = "THEME")]
    pub themes: Vec<rampart_checks::Theme>,
    /// Only findings of these accounts (repeat, or separate by commas)
    #[arg(long = "account", value_delimiter = ',', value_name = "ID")]
    pub accounts: Vec<String>,
    /// Text: the summary and the top findings only
    #[arg(long)]
    pub summary: bool,
    /// Print no report (files named by -o or --output-dir are still written); the exit code and
    /// errors say the rest
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_severity(s: &str) -> Result<rampart_checks::Severity, String> {
    rampart_checks::Severity::parse(s).ok_or_else(|| format!("`{s}` is not one of info, low, medium, high, critical"))
}

fn parse_theme(s: &str) -> Result<rampart_checks::Theme, String> {
    rampart_checks::Theme::parse(s).ok_or_else(|| {
        let all: Vec<&str> = rampart_checks::Theme::ALL.iter().map(|t| t.name()).collect();
        format!("`{s}` is not a theme: {}", all.join(", "))
    })
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    /// The current JSON format, json-v1
    Json,
    #[value(name = "json-v1")]
    JsonV1,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// One row per finding
    Csv,
    /// JUnit XML: a suite per check, a failure per finding
    Junit,
    /// A summary for a pull-request comment
    Markdown,
    /// OCSF 1.3.0 Detection Finding events (class 2004)
    Ocsf,
    /// AWS Security Finding Format, in batches of 100 for Security Hub
    Asff,
    /// One self-contained HTML page: summary, filters, exposure graph, trend
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExposureFormat {
    Text,
    /// Versioned JSON: the schema the command's --format help names
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Text,
    /// rampart-checks version 1 (docs/formats.md)
    Json,
    Markdown,
}

/// `--fail-on`: a severity threshold, optionally only for findings not in the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailOn {
    pub severity: Option<rampart_checks::Severity>,
    pub only_new: bool,
}

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    let (only_new, level) = match s.strip_prefix("new:") {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if level == "none" && !only_new {
        return Ok(FailOn {
            severity: None,
            only_new,
        });
    }
    rampart_checks::Severity::parse(level)
        .map(|severity| FailOn {
            severity: Some(severity),
            only_new,
        })
        .ok_or_else(|| format!("`{s}`: use none, info, low, medium, high or critical, optionally after `new:`"))
}
