//! The `rampart` binary: parses the command line, runs the command, renders errors once and
//! maps outcomes to exit codes (0 clean, 1 findings at or above --fail-on, 2 usage or
//! configuration error, 3 the audit could not run).

mod checks_cmd;
mod cli;
mod config;
mod exposure_cmd;
mod flows_cmd;
mod history_cmd;
mod host_names;
#[cfg(feature = "live")]
mod live;
mod log_read;
mod output;
mod paths_cmd;
mod report_cmd;
mod sg_query;
mod shown;
mod source;
mod suppress_cmd;
mod trail_cmd;

use std::process::ExitCode;

use clap::Parser;
use rampart_report::Scan;

use cli::{Cli, Command, FailOn, Format};

/// The import and the checks make millions of small allocations: on the large benchmark
/// mimalloc took a scan from 2.1 s to 1.4 s against the system allocator (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Errors the binary renders: one line, lowercase, with a hint where one helps.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Source(String),
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
}

impl Error {
    fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Source(_) | Error::Output(_) => 3,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: &Cli) -> Result<u8, Error> {
    match &cli.command {
        Command::Scan {
            source,
            live,
            format,
            output,
            output_dir,
            shown,
            fail_on,
            no_record,
            flow_logs,
            trail,
        } => scan(
            cli,
            source.as_deref(),
            live,
            &Report {
                outputs: report_cmd::Outputs::plan(
                    format,
                    output.as_deref(),
                    output_dir.as_deref(),
                    shown.quiet,
                    shown.summary,
                )?,
                shown,
            },
            *fail_on,
            *no_record,
            &EvidenceLogs { flow: flow_logs, trail },
        ),
        Command::IamPolicy => {
            #[cfg(feature = "live")]
            {
                let mut text = serde_json::to_string_pretty(&rampart_aws::operations::policy()).unwrap_or_default();
                text.push('\n');
                output::stdout(&text)?;
                Ok(0)
            }
            #[cfg(not(feature = "live"))]
            Err(Error::Usage(WITHOUT_LIVE.into()))
        }
        Command::Report {
            scan,
            account,
            format,
            output,
        } => report_cmd::run(
            cli,
            &report_cmd::Request {
                scan: scan.as_deref(),
                account: account.as_deref(),
                format: *format,
                output: output.as_deref(),
            },
        ),
        Command::History { account, limit, format } => history_cmd::history(
            &history_cmd::open(cli.db.as_deref(), history_cmd::Access::Read)?,
            &history_cmd::ListRequest {
                account: account.as_deref(),
                limit: *limit,
                format: *format,
            },
        ),
        Command::Diff {
            from,
            to,
            baseline,
            account,
            format,
        } => history_cmd::diff(
            &history_cmd::open(cli.db.as_deref(), history_cmd::Access::Read)?,
            &history_cmd::DiffRequest {
                from: from.as_deref(),
                to: to.as_deref(),
                baseline: *baseline,
                account: account.as_deref(),
                format: *format,
            },
        ),
        Command::Baseline { command } => history_cmd::baseline(
            &mut history_cmd::open(cli.db.as_deref(), history_cmd::Access::Read)?,
            command,
            now_ms(),
        ),
        Command::Suppress {
            check,
            resource,
            reason,
            owner,
            expires,
        } => suppress_cmd::run(
            &suppress_cmd::target(cli.config.as_deref()),
            &suppress_cmd::Request {
                check,
                resource,
                reason,
                owner,
                expires,
                today: today(),
            },
        ),
        Command::Collect { from, live, output } => {
            refuse_offline_profile(from.as_deref(), live, false)?;
            let inventory = load(cli, from.as_deref(), live)?;
            rampart_inventory::write_snapshot(&inventory, output).map_err(|e| Error::Source(e.to_string()))?;
            eprintln!(
                "wrote snapshot `{}` ({} region(s), account {})",
                output.display(),
                inventory.regions.len(),
                inventory.account()
            );
            coverage_verdict(&inventory, live, 0)
        }
        Command::Exposure {
            source,
            format,
            port,
            protocol,
            resource,
            region,
        } => {
            let source = source
                .as_deref()
                .ok_or_else(|| Error::Usage("pass an export folder or a snapshot file".into()))?;
            let inventory = source::load(source, cli.verbose)?;
            let filters = exposure_cmd::Filters {
                port: *port,
                protocol: protocol.as_deref(),
                resource: resource.as_deref(),
                region: region.as_deref(),
            };
            exposure_cmd::run(&inventory, *format, &filters, output::color(cli.color))
        }
        Command::Sg {
            command:
                cli::SgCommand::Query {
                    source_path,
                    port,
                    protocol,
                    source,
                    egress,
                    direction,
                    region,
                    format,
                },
        } => {
            let config = config::load(cli.config.as_deref())?;
            let inventory = source::load(source_path, cli.verbose)?;
            let query = sg_query::Query {
                port: *port,
                protocol: protocol.as_deref(),
                source: source.as_deref(),
                ingress: !*egress && *direction != cli::Direction::Egress,
                egress: *egress || *direction != cli::Direction::Ingress,
                region: region.as_deref(),
            };
            sg_query::run(&inventory, &config, &query, *format)
        }
        Command::Egress { source, format, region } => {
            let inventory = source::load(source, cli.verbose)?;
            let lists: Vec<rampart_net::PrefixLists> = inventory
                .regions
                .values()
                .map(|r| rampart_net::PrefixLists::new(&r.prefix_lists))
                .collect();
            let results: Vec<rampart_report::egress_v1::RegionEgress> = inventory
                .regions
                .values()
                .zip(&lists)
                .filter(|(r, _)| region.as_deref().is_none_or(|name| name == r.name))
                .map(|(r, lists)| {
                    let checked = rampart_net::egress::analyze_checked(&inventory, r, lists);
                    (r.name.as_str(), checked)
                })
                .collect();
            let text = match format {
                cli::ExposureFormat::Json => rampart_report::egress_v1::render_json(inventory.account(), &results),
                cli::ExposureFormat::Text => rampart_report::egress_v1::render_text(inventory.account(), &results),
            };
            output::stdout(&text)?;
            Ok(0)
        }
        Command::Paths {
            source,
            from,
            to,
            max_hops,
            region,
            format,
        } => {
            let config = config::load(cli.config.as_deref())?;
            let inventory = source::load(source, cli.verbose)?;
            let request = paths_cmd::Request {
                from,
                to,
                max_hops: *max_hops,
                region: region.as_deref(),
                format: *format,
            };
            paths_cmd::run(&inventory, &config, &request)
        }
        Command::ExportScript => {
            output::stdout(&rampart_inventory::export_script::script())?;
            Ok(0)
        }
        Command::Completions { shell } => {
            let mut buffer = Vec::new();
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "rampart",
                &mut buffer,
            );
            output::stdout(&String::from_utf8_lossy(&buffer))?;
            Ok(0)
        }
        Command::Man { command, list } => man(command.as_deref(), *list),
        Command::Checks { command } => checks_cmd::run(command, output::color(cli.color)),
        Command::Flows { command } => flows_cmd::run(cli, command),
        Command::Trail { command } => trail_cmd::run(cli, command),
    }
}

/// `rampart man`: a page per command, as git has, generated from the one CLI definition.
fn man(command: Option<&str>, list: bool) -> Result<u8, Error> {
    let cli = <Cli as clap::CommandFactory>::command();
    if list {
        let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
        output::stdout(&(names.join("\n") + "\n"))?;
        return Ok(0);
    }
    let page = match command {
        None => cli,
        Some(name) => cli
            .find_subcommand(name)
            .cloned()
            .map(|sub| {
                sub.display_name(format!("rampart-{name}"))
                    .bin_name(format!("rampart {name}"))
                    .version(env!("CARGO_PKG_VERSION"))
            })
            .ok_or_else(|| Error::Usage(format!("no command `{name}` (`rampart man --list` lists them)")))?,
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff).map_err(Error::Output)?;
    output::stdout(&String::from_utf8_lossy(&roff))?;
    Ok(0)
}

/// The scan's time for formats that carry one; `SOURCE_DATE_EPOCH` (seconds) pins it, for
/// reproducible output.
fn now_ms() -> u64 {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    {
        return secs * 1000;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Today as days since 1970-01-01 (UTC), from the same clock as [`now_ms`].
fn today() -> i64 {
    (now_ms() / 86_400_000) as i64
}

#[cfg(not(feature = "live"))]
pub(crate) const WITHOUT_LIVE: &str = "this rampart was built without the live collector (cargo feature `live`): pass an export folder (see `rampart export-script`) or a snapshot file, or rebuild with default features";

/// The inventory from a source path, or live when there is none.
pub(crate) fn load(
    cli: &Cli,
    source: Option<&std::path::Path>,
    live: &cli::LiveArgs,
) -> Result<rampart_inventory::Inventory, Error> {
    let inventory = match source {
        Some(path) => {
            let mut inventory = source::load(path, cli.verbose)?;
            // `--region` limits an offline scan as it limits a live one.
            let regions = cli::region_list(&live.regions);
            if !regions.is_empty() {
                inventory
                    .retain_regions(&regions)
                    .map_err(|e| Error::Usage(format!("--region: {e}")))?;
            }
            Ok(inventory)
        }
        #[cfg(feature = "live")]
        None => live::load(&live::Request {
            profile: live.profile.as_deref(),
            regions: &live.regions,
            concurrency: usize::from(live.concurrency),
        }),
        #[cfg(not(feature = "live"))]
        None => Err(Error::Usage(WITHOUT_LIVE.into())),
    }?;
    // An audit that read nothing has no verdict: never a clean bill, whatever --fail-on says.
    if !inventory.read_anything() {
        return Err(Error::Source(format!(
            "nothing was read from {}: no kind of AWS data is in it, so no check can be judged",
            source.map_or_else(|| "the account".to_owned(), |p| format!("`{}`", p.display()))
        )));
    }
    Ok(inventory)
}

/// `--profile` names credentials; an offline source uses none, so the flag would be silently
/// ignored: refuse it, unless something else in the command reads AWS (`needs_aws`: logs
/// under s3://, CloudTrail lookups).
fn refuse_offline_profile(
    source: Option<&std::path::Path>,
    live: &cli::LiveArgs,
    needs_aws: bool,
) -> Result<(), Error> {
    match (source, &live.profile) {
        (Some(path), Some(profile)) if !needs_aws => Err(Error::Usage(format!(
            "--profile {profile}: `{}` is read offline, so no AWS credentials are used (drop --profile, or drop the source to read the account live)",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// `--require-coverage`: exit 3 when an input was not read, else `code`.
fn coverage_verdict(inventory: &rampart_inventory::Inventory, live: &cli::LiveArgs, code: u8) -> Result<u8, Error> {
    let gaps = inventory.coverage.gaps().count();
    if live.require_coverage && gaps > 0 {
        eprintln!("error: {gaps} input(s) were not read and --require-coverage is set (the report says which)");
        return Ok(3);
    }
    Ok(code)
}

/// `--require-coverage` over the log evidence of a scan: exit 3 when nothing or only part of
/// it could be read, else `code`.
fn logs_verdict(result: &rampart_checks::ScanResult, live: &cli::LiveArgs, code: u8) -> u8 {
    result.logs.iter().fold(code, |code, l| {
        log_read::verdict(code, &l.coverage, l.kind.words(), live.require_coverage)
    })
}

/// What a scan's report shows and where it goes.
struct Report<'a> {
    outputs: report_cmd::Outputs,
    shown: &'a cli::ShownArgs,
}

/// The logs a scan is given besides the account: flow logs and CloudTrail.
struct EvidenceLogs<'a> {
    flow: &'a [String],
    trail: &'a [String],
}

fn scan(
    cli: &Cli,
    source: Option<&std::path::Path>,
    live: &cli::LiveArgs,
    report: &Report,
    fail_on: FailOn,
    no_record: bool,
    logs: &EvidenceLogs,
) -> Result<u8, Error> {
    let reads_aws = logs
        .flow
        .iter()
        .chain(logs.trail)
        .any(|l| l.starts_with("s3://") || l == "lookup");
    refuse_offline_profile(source, live, reads_aws)?;
    let config = config::load(cli.config.as_deref())?;
    report.shown.validate()?;
    let mut store = history_for_scan(cli.db.as_deref(), no_record, fail_on.only_new)?;
    let started_ms = now_ms();
    let started = std::time::Instant::now();
    let inventory = load(cli, source, live)?;
    let mut evidence = if logs.flow.is_empty() {
        rampart_checks::Evidence::default()
    } else {
        flows_cmd::evidence(cli, &config, &inventory, logs.flow, live)?
    };
    if !logs.trail.is_empty() {
        evidence.trail = Some(trail_cmd::evidence(cli, &config, logs.trail, live)?);
    }
    let mut result = rampart_checks::run_with_evidence(&inventory, &config, &evidence);
    rampart_checks::suppress::apply(&mut result.findings, &config.suppress, today());
    let compared = match &store {
        Some(store) => history_cmd::mark_baseline(store, inventory.account(), &mut result.findings)?,
        None => false,
    };
    if fail_on.only_new && !compared {
        eprintln!(
            "note: account {} has no baseline in the history: every finding counts as new (set one with `rampart baseline set`)",
            inventory.account()
        );
    }
    if cli.verbose {
        eprintln!(
            "ran {} check(s) in {} ms: {} finding(s)",
            rampart_checks::CHECKS.len(),
            started.elapsed().as_millis(),
            result.findings.len()
        );
    }
    // The graph is kept with the scan in the history, so it is built whenever one of the
    // two wants it.
    let recording = store.is_some() && !no_record;
    let graph = (recording || report.outputs.wants(Format::Html)).then(|| rampart_report::graph::build(&inventory));
    // A scan that cannot be recorded still reports (the history is a convenience, the
    // report is the job): the failure is a warning.
    let mut recorded = None;
    if let (Some(store), false) = (store.as_mut(), no_record) {
        let graph_json = graph.as_ref().and_then(|g| serde_json::to_string(g).ok());
        let record = rampart_store::NewScan {
            inventory: &inventory,
            result: &result,
            rampart_version: env!("CARGO_PKG_VERSION"),
            started_ms,
            duration_ms: started.elapsed().as_millis() as u64,
            graph: graph_json.as_deref(),
        };
        match store.record(&record, &mut |_| {}) {
            Ok(id) => {
                if cli.verbose || std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                    eprintln!(
                        "recorded as scan {id} in `{}` (`rampart diff` compares it with the one before)",
                        store.path().display()
                    );
                }
                recorded = Some(id);
            }
            Err(e) => eprintln!("warning: this scan is not recorded: {e}"),
        }
    }
    let mut trend = Vec::new();
    if report.outputs.wants(Format::Html) {
        if let Some(store) = &store {
            trend = report_cmd::trend(store, inventory.account(), recorded)?;
        }
        if recorded.is_none() {
            // Not recorded: the history so far, then this scan.
            trend.push(report_cmd::unrecorded_point(
                store.as_ref(),
                inventory.account(),
                &result,
                started_ms,
            )?);
        }
    }
    // The history has the whole scan; the report and --fail-on what the filters show.
    let narrowed = report.shown.apply(&result);
    let shown = narrowed.as_ref().unwrap_or(&result);
    let scan = Scan {
        about: rampart_report::About::of(&inventory, started_ms),
        result: shown,
        version: env!("CARGO_PKG_VERSION"),
    };
    let page = rampart_report::html::Page {
        graph: graph.as_ref(),
        trend: &trend,
    };
    report.outputs.emit(&scan, &page, cli.color)?;
    let failing = history_cmd::failing(&shown.findings, fail_on.severity, fail_on.only_new);
    if failing > 0 {
        // A CI log shows the exit code; say what caused it.
        eprintln!(
            "rampart: exit 1: {failing} {}finding(s) at or above {} (--fail-on)",
            if fail_on.only_new { "new " } else { "" },
            fail_on.severity.map_or("", |s| s.name())
        );
    }
    let code = u8::from(failing > 0);
    coverage_verdict(&inventory, live, logs_verdict(&result, live, code))
}

/// The history a scan records into, or with `--no-record` reads its baseline from (never
/// created then). One that cannot be opened is a warning — the report is the job — unless
/// `--fail-on new` needs its baseline.
fn history_for_scan(
    db: Option<&std::path::Path>,
    no_record: bool,
    needed: bool,
) -> Result<Option<rampart_store::Store>, Error> {
    if db.is_none() && history_cmd::db_path(None).is_none() && !needed {
        return Ok(None); // no home for a history: nothing to say
    }
    let access = if no_record {
        history_cmd::Access::Read
    } else {
        history_cmd::Access::Record
    };
    // With --no-record a history that is not there is simply not compared with (`--fail-on new`
    // then says there is no baseline).
    let absent = no_record && history_cmd::db_path(db).is_none_or(|p| !p.is_file());
    match history_cmd::open(db, access) {
        Ok(store) => Ok(Some(store)),
        Err(_) if absent => Ok(None),
        Err(e) if needed => Err(e),
        Err(e) if no_record => {
            eprintln!("warning: the history is not read: {e}");
            Ok(None)
        }
        Err(e) => {
            eprintln!("warning: this scan is not recorded: {e}");
            Ok(None)
        }
    }
}
