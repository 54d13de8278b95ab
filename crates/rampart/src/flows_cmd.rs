//! `rampart flows …`: VPC Flow Logs read as evidence against the inventory.

use std::fmt::Write;
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Instant;

use rampart_inventory::Inventory;
use rampart_logs::flow::evidence::{tighten_report, usage_report, Guard, RuleReport, TightenReport, UsageReport};
use rampart_logs::flow::model::Model;
use rampart_logs::flow::talk::{Conversations, Endpoint, Filter, Top, TopReport};
use rampart_logs::flow::usage::{Status, Tally};
use rampart_logs::flow::{FlowRecord, Format, ReadOptions, ReadStats};
use rampart_report::envelope;
use serde_json::json;

use crate::cli::{Cli, FlowArgs, FlowsCommand};
use crate::host_names::{protocol_name, HostNames};
use crate::{output, Error};

pub fn run(cli: &Cli, command: &FlowsCommand) -> Result<u8, Error> {
    match command {
        FlowsCommand::Usage { logs, unused } => {
            let inventory = inventory(cli, logs)?.ok_or_else(|| needs_inventory("usage"))?;
            let model = Model::new(&inventory);
            let (tally, stats) = tally(cli, logs, &model)?;
            let mut report = usage_report(&model, &tally, &stats);
            if *unused {
                report.rules.retain(|r| r.status == Status::Unused);
            }
            let code = output::report(logs.format, envelope::FLOW_USAGE, &report, || usage_text(&report))?;
            Ok(verdict(code, &report.read, logs))
        }
        FlowsCommand::Tighten { logs, max_cidrs } => {
            let config = crate::config::load(cli.config.as_deref())?;
            let inventory = inventory(cli, logs)?.ok_or_else(|| needs_inventory("tighten"))?;
            let model = Model::new(&inventory);
            let window = window(logs)?;
            let ((tally, top), stats) = read(
                cli,
                logs,
                || (Tally::new(&model), Top::default()),
                |(t, top), r| {
                    if window.in_time(r) {
                        t.add(&model, r);
                    }
                    if window.keeps(r) {
                        top.add(r);
                    }
                },
                |(a, ta), (b, tb)| (Tally::merge(a, b), Top::merge(ta, tb)),
            )?;
            let report = tighten_report(
                &model,
                &tally,
                &stats,
                &guard(&inventory, &config, &top, usize::from(*max_cidrs)),
            );
            let code = output::report(logs.format, envelope::FLOW_TIGHTEN, &report, || tighten_text(&report))?;
            Ok(verdict(code, &stats, logs))
        }
        FlowsCommand::Who {
            logs,
            dst,
            src,
            port,
            limit,
        } => {
            let inventory = inventory(cli, logs)?;
            let mut filter = window(logs)?;
            filter.src = src.as_deref().map(|e| endpoint(e, inventory.as_ref())).transpose()?;
            filter.dst = dst.as_deref().map(|e| endpoint(e, inventory.as_ref())).transpose()?;
            filter.port = *port;
            let (conversations, stats) = read(
                cli,
                logs,
                Conversations::default,
                |c, r| {
                    if filter.keeps(r) {
                        c.add(r)
                    }
                },
                Conversations::merge,
            )?;
            let ranked = conversations.ranked();
            let total = ranked.len();
            let shown: Vec<_> = ranked.into_iter().take(*limit).collect();
            let names = inventory.as_ref().map(HostNames::of).unwrap_or_default();
            let mut report = json!({
                "read": stats,
                "conversations": total,
                "shown": shown,
            });
            if !names.is_empty() {
                report["names"] = json!(names);
            }
            let code = output::report(logs.format, envelope::FLOW_WHO, &report, || {
                who_text(&shown, total, &stats, &names)
            })?;
            Ok(verdict(code, &stats, logs))
        }
        FlowsCommand::Top { logs, limit } => {
            let names = inventory(cli, logs)?.as_ref().map(HostNames::of).unwrap_or_default();
            let filter = window(logs)?;
            let (top, stats) = read(
                cli,
                logs,
                Top::default,
                |t, r| {
                    if filter.keeps(r) {
                        t.add(r)
                    }
                },
                Top::merge,
            )?;
            let report = top.report(*limit);
            let mut value = json!({ "read": stats, "top": report });
            if !names.is_empty() {
                value["names"] = json!(names);
            }
            let code = output::report(logs.format, envelope::FLOW_TOP, &value, || {
                top_text(&report, &stats, &names)
            })?;
            Ok(verdict(code, &stats, logs))
        }
    }
}

/// What tightening must leave alone (rules serving the public by design) and never allow
/// (destinations `flows top` flags for exfiltration review, with its default of 10 rows).
fn guard(inventory: &Inventory, config: &rampart_checks::Config, top: &Top, max_blocks: usize) -> Guard {
    Guard {
        max_blocks,
        public: Guard::public_by_design(inventory, &config.network.web_ports),
        suspects: Guard::suspects_of(&top.report(10)),
    }
}

/// Every record in the window, attributed to the model's rules.
fn tally(cli: &Cli, logs: &FlowArgs, model: &Model) -> Result<(Tally, ReadStats), Error> {
    let window = window(logs)?;
    read(
        cli,
        logs,
        || Tally::new(model),
        |t, r| {
            if window.in_time(r) {
                t.add(model, r)
            }
        },
        Tally::merge,
    )
}

fn needs_inventory(command: &str) -> Error {
    Error::Usage(format!(
        "`flows {command}` attributes flows to security-group rules: give the account with --inventory (an export folder, a snapshot file or `live`)"
    ))
}

fn inventory(cli: &Cli, logs: &FlowArgs) -> Result<Option<Inventory>, Error> {
    match logs.inventory.as_deref() {
        None => Ok(None),
        Some("live") => crate::load(cli, None, &logs.live).map(Some),
        Some(path) => crate::source::load(std::path::Path::new(path), cli.verbose).map(Some),
    }
}

/// The time filter of `--since`/`--until`.
fn window(logs: &FlowArgs) -> Result<Filter, Error> {
    let time = |flag: &str, v: &Option<String>| -> Result<Option<u64>, Error> {
        v.as_deref()
            .map(|t| {
                rampart_logs::time::parse(t).ok_or_else(|| {
                    Error::Usage(format!(
                        "--{flag} `{t}`: not a time (use YYYY-MM-DD, 2026-11-30T08:00:00Z or epoch seconds)"
                    ))
                })
            })
            .transpose()
    };
    Ok(Filter {
        since: time("since", &logs.since)?,
        until: time("until", &logs.until)?,
        ..Filter::default()
    })
}

/// An endpoint argument: an address or CIDR, an interface id, or an instance id (its
/// interfaces and addresses, from the inventory).
fn endpoint(text: &str, inventory: Option<&Inventory>) -> Result<Endpoint, Error> {
    if let Ok(net) = text.parse::<ipnet::IpNet>() {
        return Ok(Endpoint::Net(net));
    }
    if let Ok(a) = text.parse::<IpAddr>() {
        return Ok(Endpoint::Net(a.into()));
    }
    if text.starts_with("eni-") {
        let addresses = inventory
            .into_iter()
            .flat_map(|inv| inv.regions.values())
            .flat_map(|r| &r.network_interfaces)
            .filter(|e| e.id == text)
            .flat_map(|e| e.private_ips.iter().chain(&e.ipv6_addresses))
            .filter_map(|a| a.parse().ok())
            .collect();
        return Ok(Endpoint::Host {
            interfaces: vec![text.to_owned()],
            addresses,
        });
    }
    if text.starts_with("i-") {
        let inventory = inventory.ok_or_else(|| {
            Error::Usage(format!(
                "`{text}` is an instance: give --inventory to find its interfaces, or pass its address"
            ))
        })?;
        let enis: Vec<_> = inventory
            .regions
            .values()
            .flat_map(|r| &r.network_interfaces)
            .filter(|e| e.attached_instance_id.as_deref() == Some(text))
            .collect();
        if enis.is_empty() {
            return Err(Error::Usage(format!(
                "instance `{text}` has no network interface in the inventory"
            )));
        }
        return Ok(Endpoint::Host {
            interfaces: enis.iter().map(|e| e.id.clone()).collect(),
            addresses: enis
                .iter()
                .flat_map(|e| e.private_ips.iter().chain(&e.ipv6_addresses))
                .filter_map(|a| a.parse().ok())
                .collect(),
        });
    }
    Err(Error::Usage(format!(
        "`{text}` is not an address, a CIDR, an interface (eni-…) or an instance (i-…)"
    )))
}

fn read<A, I, V, M>(cli: &Cli, logs: &FlowArgs, init: I, visit: V, merge: M) -> Result<(A, ReadStats), Error>
where
    A: Send,
    I: Fn() -> A + Sync + Send,
    V: Fn(&mut A, &FlowRecord) + Sync + Send,
    M: Fn(A, A) -> A + Sync + Send,
{
    let (acc, stats) = read_logs(
        cli,
        &logs.logs,
        logs.log_format.as_deref(),
        &logs.live,
        init,
        visit,
        merge,
    )?;
    crate::log_read::require_some(&stats.coverage(), WORDS)?;
    Ok((acc, stats))
}

const WORDS: &str = "flow logs";

/// The exit code of a `flows` command: 3 under --require-coverage when part of the logs could
/// not be read.
fn verdict(code: u8, stats: &ReadStats, logs: &FlowArgs) -> u8 {
    crate::log_read::verdict(code, &stats.coverage(), WORDS, logs.live.require_coverage)
}

/// The evidence `scan --flow-logs` gives the checks: grant usage and tightening proposals.
pub fn evidence(
    cli: &Cli,
    config: &rampart_checks::Config,
    inventory: &Inventory,
    logs: &[String],
    live: &crate::cli::LiveArgs,
) -> Result<rampart_checks::Evidence, Error> {
    let model = Model::new(inventory);
    let ((tally, top), stats) = read_logs(
        cli,
        logs,
        None,
        live,
        || (Tally::new(&model), Top::default()),
        |(t, top), r| {
            t.add(&model, r);
            top.add(r);
        },
        |(a, ta), (b, tb)| (Tally::merge(a, b), Top::merge(ta, tb)),
    )?;
    Ok(rampart_checks::Evidence {
        flow_usage: Some(usage_report(&model, &tally, &stats)),
        flow_tighten: Some(tighten_report(
            &model,
            &tally,
            &stats,
            &guard(inventory, config, &top, 5),
        )),
        trail: None,
    })
}

/// Reads every log source named into one accumulator.
fn read_logs<A, I, V, M>(
    cli: &Cli,
    logs: &[String],
    log_format: Option<&str>,
    live: &crate::cli::LiveArgs,
    init: I,
    visit: V,
    merge: M,
) -> Result<(A, ReadStats), Error>
where
    A: Send,
    I: Fn() -> A + Sync + Send,
    V: Fn(&mut A, &FlowRecord) + Sync + Send,
    M: Fn(A, A) -> A + Sync + Send,
{
    let options = ReadOptions {
        format: log_format
            .map(Format::parse)
            .transpose()
            .map_err(|e| Error::Usage(format!("--log-format: {e}")))?,
    };
    let (s3, local): (Vec<&String>, Vec<&String>) = logs.iter().partition(|l| l.starts_with("s3://"));
    let started = Instant::now();
    let paths: Vec<PathBuf> = local.iter().map(PathBuf::from).collect();
    let files = rampart_logs::flow::list(&paths).map_err(|e| Error::Usage(format!("cannot read the logs: {e}")))?;
    let (mut acc, mut stats) = rampart_logs::flow::read_files(&files, &options, &init, &visit, &merge);
    for url in s3 {
        let (a, s) = read_s3(live, url, &options, &init, &visit)?;
        acc = merge(acc, a);
        stats = stats.merge(s);
    }
    if cli.verbose || std::io::stderr().is_terminal() {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "read {} flow-log file(s), {} records, {} of text in {secs:.2} s ({}/s)",
            stats.files,
            stats.records + stats.nodata + stats.skipdata,
            bytes(stats.bytes),
            bytes((stats.bytes as f64 / secs.max(1e-9)) as u64)
        );
    }
    for issue in &stats.file_errors {
        eprintln!("warning: {}: {}", issue.file, issue.reason);
    }
    if stats.bad_lines > 0 {
        eprintln!(
            "warning: {} line(s) are not flow-log records; the first: {}",
            stats.bad_lines,
            stats
                .errors
                .first()
                .map(|e| format!("{}:{}: {}", e.file, e.line, e.reason))
                .unwrap_or_default()
        );
    }
    Ok((acc, stats))
}

#[cfg(feature = "live")]
fn read_s3<A>(
    live: &crate::cli::LiveArgs,
    url: &str,
    options: &ReadOptions,
    init: &(dyn Fn() -> A + Sync),
    visit: &(dyn Fn(&mut A, &FlowRecord) + Sync),
) -> Result<(A, ReadStats), Error> {
    crate::live::read_s3(live, url, options, init, visit)
}

#[cfg(not(feature = "live"))]
fn read_s3<A>(
    _live: &crate::cli::LiveArgs,
    url: &str,
    _options: &ReadOptions,
    _init: &(dyn Fn() -> A + Sync),
    _visit: &(dyn Fn(&mut A, &FlowRecord) + Sync),
) -> Result<(A, ReadStats), Error> {
    Err(Error::Usage(format!("{url}: {}", crate::WITHOUT_LIVE)))
}

/// `1536` → `1.5 KiB`.
fn bytes(n: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", units[u])
    }
}

fn read_line(out: &mut String, stats: &ReadStats) {
    let _ = writeln!(
        out,
        "read {} file(s): {} traffic records, {} NODATA, {} SKIPDATA, {} bad line(s)",
        stats.files, stats.records, stats.nodata, stats.skipdata, stats.bad_lines
    );
    for e in stats.errors.iter().take(3) {
        let _ = writeln!(out, "  bad line {}:{}: {}", e.file, e.line, e.reason);
    }
    for e in &stats.file_errors {
        let _ = writeln!(out, "  {}: {}", e.file, e.reason);
    }
}

fn usage_text(report: &UsageReport) -> String {
    let mut out = String::new();
    read_line(&mut out, &report.read);
    match &report.window {
        Some(w) => {
            let _ = writeln!(out, "window: {} .. {} ({} days)", w.from, w.to, w.days);
        }
        None => out.push_str("window: no record with a time\n"),
    }
    let a = &report.attribution;
    let _ = writeln!(
        out,
        "accepted requests attributed to rules: {}\nnot counted as a use of any rule: {} reply record(s) (the return traffic of connections a rule allowed), {} rejected, {} whose direction could not be told (neither address is the interface's), {} admitted by no current rule, {} on interfaces not in the inventory",
        a.requests, a.replies, a.rejected, a.unplaced, a.unmatched, a.unknown_interface_records
    );
    for s in &a.unmatched_samples {
        let _ = writeln!(out, "  accepted but no current rule admits it: {s}");
    }
    let section = |out: &mut String, title: &str, rules: Vec<&RuleReport>, line: &dyn Fn(&RuleReport) -> String| {
        if rules.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title} ({}):", rules.len());
        for r in rules {
            let _ = writeln!(out, "  {} {} ({}) {}", r.region, r.group_id, r.group_name, r.rule);
            let _ = writeln!(out, "    {}", line(r));
        }
    };
    let mut unused: Vec<&RuleReport> = report.rules.iter().filter(|r| r.status == Status::Unused).collect();
    unused.sort_by_key(|r| !r.internet);
    section(&mut out, "Unused rules", unused, &|r| {
        let mut s = format!(
            "{}no accepted request on its {} interface(s){}",
            if r.internet { "open to the internet, " } else { "" },
            r.interfaces,
            r.reason.as_deref().map(|g| format!("; note: {g}")).unwrap_or_default()
        );
        if let Some(fix) = &r.revoke {
            let _ = write!(s, "\n    fix: {fix}");
        }
        s
    });
    let mut used: Vec<&RuleReport> = report.rules.iter().filter(|r| r.status == Status::Used).collect();
    used.sort_by_key(|r| std::cmp::Reverse(r.flows));
    section(&mut out, "Used rules", used, &|r| {
        format!(
            "{} flows, {} packets, {}, {}{} distinct peer(s), {} .. {}",
            r.flows,
            r.packets,
            bytes(r.bytes),
            if r.distinct_peers_at_least { "at least " } else { "" },
            r.distinct_peers,
            r.first_seen.as_deref().unwrap_or("?"),
            r.last_seen.as_deref().unwrap_or("?")
        )
    });
    let not_evaluated: Vec<&RuleReport> = report
        .rules
        .iter()
        .filter(|r| r.status == Status::NotEvaluated)
        .collect();
    section(&mut out, "Not evaluated", not_evaluated, &|r| {
        r.reason.clone().unwrap_or_default()
    });
    let detached = report.rules.iter().filter(|r| r.status == Status::NotAttached).count();
    if detached > 0 {
        let _ = writeln!(
            out,
            "\n{detached} rule(s) belong to groups no interface carries (see the unused-security-group check)"
        );
    }
    out
}

fn tighten_text(report: &TightenReport) -> String {
    let mut out = String::new();
    if let Some(w) = &report.window {
        let _ = writeln!(out, "window: {} .. {} ({} days)", w.from, w.to, w.days);
    }
    if report.proposals.is_empty() {
        out.push_str("no wide rule in use could be narrowed from the traffic seen\n");
    }
    for p in &report.proposals {
        let _ = writeln!(out, "\n{} {} {}", p.region, p.group_id, p.rule);
        let _ = writeln!(
            out,
            "  {} flows with {}{} distinct peer(s); admit only {} ({} addresses instead of {}); traffic seen that it rejects: {} flows",
            p.flows,
            if p.distinct_sources_at_least { "at least " } else { "" },
            p.distinct_sources,
            p.proposed.join(", "),
            p.addresses_after,
            p.addresses_before,
            p.flows_rejected
        );
        for c in &p.commands {
            let _ = writeln!(out, "  {c}");
        }
    }
    for r in &report.too_many_sources {
        let _ = writeln!(out, "\ntoo many distinct sources to narrow: {r}");
    }
    for r in &report.left_public {
        let _ = writeln!(out, "\n{r}");
    }
    for r in &report.exfiltration_suspects {
        let _ = writeln!(out, "\nEXFILTRATION REVIEW: {r}");
    }
    out
}

fn who_text(
    shown: &[rampart_logs::flow::talk::Conversation],
    total: usize,
    stats: &ReadStats,
    names: &HostNames,
) -> String {
    let mut out = String::new();
    read_line(&mut out, stats);
    let _ = writeln!(
        out,
        "{total} conversation(s){}",
        if shown.len() < total {
            format!(", the first {}", shown.len())
        } else {
            String::new()
        }
    );
    for c in shown {
        let _ = writeln!(
            out,
            "  {} {} {} -> {} {}/{}  {} flows, {}, {} .. {}",
            c.action,
            c.interface_id,
            c.src.as_deref().map_or("-".to_owned(), |a| names.show(a)),
            c.dst.as_deref().map_or("-".to_owned(), |a| names.show(a)),
            c.protocol.map_or("-".to_owned(), protocol_name),
            c.dst_port.map_or("-".to_owned(), |p| p.to_string()),
            c.traffic.flows,
            bytes(c.traffic.bytes),
            c.first_seen,
            c.last_seen
        );
    }
    out
}

fn top_text(report: &TopReport, stats: &ReadStats, names: &HostNames) -> String {
    let mut out = String::new();
    read_line(&mut out, stats);
    let u = &report.undercount;
    if u.talkers_bytes + u.rejected_flows + u.scanners_flows + u.sent_bytes > 0 {
        let _ = writeln!(
            out,
            "too many distinct peers to count each: counts shown may be short by at most {} (talkers), {} flows (rejected), {} flows (scanners), {} (sent)",
            bytes(u.talkers_bytes),
            u.rejected_flows,
            u.scanners_flows,
            bytes(u.sent_bytes)
        );
    }
    out.push_str("\nTop talkers (accepted, by bytes):\n");
    for t in &report.talkers {
        let _ = writeln!(
            out,
            "  {} -> {}  {}, {} flows",
            names.show(&t.src),
            names.show(&t.dst),
            bytes(t.traffic.bytes),
            t.traffic.flows
        );
    }
    out.push_str("\nRejected (by destination and port):\n");
    for r in &report.rejected {
        let _ = writeln!(
            out,
            "  {} {}/{}  {} flows from {} source(s)",
            names.show(&r.dst),
            protocol_name(r.protocol),
            r.dst_port,
            r.flows,
            r.distinct_sources
        );
    }
    out.push_str("\nScanners (sources rejected on the most destination:port pairs):\n");
    for s in &report.scanners {
        let _ = writeln!(
            out,
            "  {}  {} target(s), {} rejected flows",
            names.show(&s.src),
            s.targets,
            s.rejected_flows
        );
    }
    out.push_str("\nSent to the internet (exfiltration review, by bytes):\n");
    for s in &report.sent_to_internet {
        let top: Vec<String> = s
            .top_destinations
            .iter()
            .map(|(d, b)| format!("{d} {}", bytes(*b)))
            .collect();
        let _ = writeln!(
            out,
            "  {}  {} in {} flows to {} destination(s): {}",
            names.show(&s.host),
            bytes(s.bytes),
            s.flows,
            s.destinations,
            top.join(", ")
        );
    }
    out
}
