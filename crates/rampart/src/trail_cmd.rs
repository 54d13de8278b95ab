//! `rampart trail …`: CloudTrail read as the change history of the account.

use std::fmt::Write;
use std::io::IsTerminal;
use std::path::PathBuf;

use rampart_logs::trail::detect::{detect, wanted, Detection, Gathered, Policy};
use rampart_logs::trail::timeline::{provenance, ChangeEvent};
use rampart_logs::trail::TrailStats;
use rampart_report::envelope;
use serde_json::json;

use crate::cli::{Cli, ExposureFormat, TrailArgs, TrailCommand};
use crate::{output, Error};

const WORDS: &str = "CloudTrail logs";

pub fn run(cli: &Cli, command: &TrailCommand) -> Result<u8, Error> {
    match command {
        TrailCommand::Timeline {
            logs,
            resource,
            inventory,
        } => {
            let (g, stats) = read(cli, logs, Some(resource))?;
            crate::log_read::require_some(&stats.coverage(), WORDS)?;
            let changes: Vec<&ChangeEvent> = g.changes.about(resource).collect();
            let inventory = match inventory.as_deref() {
                None => None,
                Some("live") => Some(crate::load(cli, None, &logs.live)?),
                Some(path) => Some(crate::source::load(std::path::Path::new(path), cli.verbose)?),
            };
            let current: Vec<serde_json::Value> = inventory
                .iter()
                .flat_map(|inv| inv.regions.values())
                .flat_map(|r| &r.security_groups)
                .filter(|g| g.id == *resource)
                .flat_map(|group| {
                    let ingress = group.ingress.iter().map(|r| (r, true));
                    ingress
                        .chain(group.egress.iter().map(|r| (r, false)))
                        .map(|(rule, inbound)| {
                            let origin = provenance(&g.changes, &group.id, rule);
                            json!({
                                "rule": rampart_net::describe::rule_in(rule, inbound),
                                "rule_id": rule.rule_id,
                                "added": origin.map(|o| json!({
                                    "event_id": o.event_id, "event_time": o.event_time, "event_name": o.event_name,
                                    "principal": o.actor(), "source_ip": o.source_ip, "tool": o.tool,
                                })),
                            })
                        })
                })
                .collect();
            let report = json!({
                "resource": resource,
                "read": stats,
                "duplicates_dropped": g.changes.duplicates,
                "changes": changes,
                "current_rules": current,
            });
            let code = output::report(logs.format, envelope::TRAIL_TIMELINE, &report, || {
                timeline_text(resource, &changes, &current, &stats)
            })?;
            Ok(crate::log_read::verdict(
                code,
                &stats.coverage(),
                WORDS,
                logs.live.require_coverage,
            ))
        }
        TrailCommand::Detect { logs } => {
            let config = crate::config::load(cli.config.as_deref())?;
            let (g, stats) = read(cli, logs, None)?;
            crate::log_read::require_some(&stats.coverage(), WORDS)?;
            let found = run_detect(&config, &g);
            let report = json!({"read": stats, "detections": found});
            let code = output::report(logs.format, envelope::TRAIL_DETECT, &report, || {
                detect_text(&found, &stats)
            })?;
            Ok(crate::log_read::verdict(
                code,
                &stats.coverage(),
                WORDS,
                logs.live.require_coverage,
            ))
        }
        TrailCommand::Verify { paths, live, format } => {
            let (s3, local): (Vec<&String>, Vec<&String>) = paths.iter().partition(|p| p.starts_with("s3://"));
            let local: Vec<PathBuf> = local.iter().map(PathBuf::from).collect();
            let mut files =
                rampart_logs::trail::list(&local).map_err(|e| Error::Usage(format!("cannot read the logs: {e}")))?;
            let download = Download::new();
            let mut signed = Vec::new();
            for url in s3 {
                signed.extend(download.fetch(live, url, &mut files)?);
            }
            let mut report = rampart_logs::trail::digest::verify(&files);
            if !signed.is_empty() {
                report.signatures = signatures(live, &signed)?;
            }
            download.name_objects(&mut report);
            // Nothing verified is not intact: exit 1, never a clean bill.
            report.conclude();
            let code = u8::from(!report.intact);
            output::report(*format, envelope::TRAIL_VERIFY, &report, || verify_text(&report))?;
            if let Some(why) = &report.nothing_verified {
                eprintln!("error: nothing was verified: {why}");
            }
            Ok(code)
        }
    }
}

fn verify_text(report: &rampart_logs::trail::digest::Integrity) -> String {
    let s = &report.signatures;
    let mut out = format!(
        "{} digest file(s) list {} log file(s): {} verified, {} altered, {} missing; {} log file(s) in no digest; chain: {} broken, {} previous digest(s) not given\nsignatures: {}\n",
        report.digests,
        report.log_files_listed,
        report.log_files_verified,
        report.altered.len(),
        report.missing.len(),
        report.unlisted.len(),
        report.chain_broken.len(),
        report.chain_missing.len(),
        if s.checked {
            format!("{} verified, {} invalid, {} unverifiable ({})", s.verified, s.invalid.len(), s.unverifiable.len(), s.note)
        } else {
            s.note.clone()
        }
    );
    if let Some(why) = &report.nothing_verified {
        let _ = writeln!(out, "NOT VERIFIED: nothing was verified: {why}");
    }
    for (what, list) in [
        ("ALTERED", &report.altered),
        ("MISSING", &report.missing),
        ("IN NO DIGEST", &report.unlisted),
        ("CHAIN BROKEN", &report.chain_broken),
        ("UNREADABLE", &report.unreadable),
        ("SIGNATURE INVALID", &s.invalid),
        ("SIGNATURE UNVERIFIABLE", &s.unverifiable),
    ] {
        for f in list {
            let _ = writeln!(out, "  {what}: {f}");
        }
    }
    out
}

/// A temporary folder the S3 objects of `trail verify` are copied into (their keys as paths),
/// removed when done. rampart writes only here, never to the account.
struct Download(PathBuf, std::cell::RefCell<Vec<(String, String)>>);

impl Download {
    fn new() -> Download {
        let dir = std::env::temp_dir().join(format!("rampart-verify-{}", std::process::id()));
        Download(dir, std::cell::RefCell::new(Vec::new()))
    }

    /// Copies the objects under `url`, adds them to `files`, and returns the digests with the
    /// signature of their object metadata.
    #[cfg(feature = "live")]
    fn fetch(
        &self,
        live: &crate::cli::LiveArgs,
        url: &str,
        files: &mut Vec<PathBuf>,
    ) -> Result<Vec<(PathBuf, Option<String>)>, Error> {
        let aws = rampart_aws::Options {
            profile: live.profile.clone(),
            ..rampart_aws::Options::default()
        };
        let mut signed = Vec::new();
        let mut failure = None;
        rampart_aws::for_each_object_with_metadata(&aws, url, |name, bytes, metadata| {
            let (bucket, key) = name.trim_start_matches("s3://").split_once('/').unwrap_or((name, ""));
            // Each bucket in its own folder, so that two buckets' keys never meet.
            let path = self.0.join(bucket).join(key);
            let local = self.0.join(bucket).to_string_lossy().replace('\\', "/") + "/";
            let mut names = self.1.borrow_mut();
            if !names.iter().any(|(l, _)| *l == local) {
                names.push((local, format!("s3://{bucket}/")));
            }
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, bytes));
            if let Err(e) = written {
                failure = Some(format!("cannot keep {name} in {}: {e}", self.0.display()));
                return;
            }
            if key.contains("CloudTrail-Digest") {
                signed.push((path.clone(), metadata.get("signature").cloned()));
            }
            files.push(path);
        })
        .map_err(|e| Error::Source(e.to_string()))?;
        match failure {
            Some(f) => Err(Error::Source(f)),
            None => Ok(signed),
        }
    }

    #[cfg(not(feature = "live"))]
    fn fetch(
        &self,
        _live: &crate::cli::LiveArgs,
        url: &str,
        _files: &mut Vec<PathBuf>,
    ) -> Result<Vec<(PathBuf, Option<String>)>, Error> {
        Err(Error::Usage(format!("{url}: {}", crate::WITHOUT_LIVE)))
    }
}

impl Download {
    /// Names the copied objects by their s3:// address again in the report.
    fn name_objects(&self, report: &mut rampart_logs::trail::digest::Integrity) {
        let local = self.0.to_string_lossy().replace('\\', "/");
        let names = self.1.borrow();
        let rename = |list: &mut Vec<String>| {
            for entry in list.iter_mut() {
                if let Some((prefix, url)) = names.iter().find(|(prefix, _)| entry.starts_with(prefix.as_str())) {
                    *entry = format!("{url}{}", &entry[prefix.len()..]);
                } else if let Some(rest) = entry.strip_prefix(&local) {
                    *entry = rest.trim_start_matches('/').to_owned();
                }
            }
        };
        for list in [
            &mut report.altered,
            &mut report.unlisted,
            &mut report.chain_broken,
            &mut report.chain_missing,
            &mut report.unreadable,
            &mut report.signatures.invalid,
            &mut report.signatures.unverifiable,
        ] {
            rename(list);
        }
    }
}

impl Drop for Download {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The digests' signatures, with the public keys of each digest's region for its time.
#[cfg(feature = "live")]
fn signatures(
    live: &crate::cli::LiveArgs,
    signed: &[(PathBuf, Option<String>)],
) -> Result<rampart_logs::trail::digest::Signatures, Error> {
    let aws = rampart_aws::Options {
        profile: live.profile.clone(),
        ..rampart_aws::Options::default()
    };
    // The region is the folder after CloudTrail-Digest; the window spans every digest's day.
    let mut regions: Vec<String> = signed
        .iter()
        .filter_map(|(p, _)| {
            let text = p.to_string_lossy().replace('\\', "/");
            let after = text.split("/CloudTrail-Digest/").nth(1)?;
            after.split('/').next().map(str::to_owned)
        })
        .collect();
    regions.sort();
    regions.dedup();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let mut keys = Vec::new();
    for region in regions {
        for (fingerprint, der) in rampart_aws::list_public_keys(&aws, &region, now - 400 * 86_400, now)
            .map_err(|e| Error::Source(e.to_string()))?
        {
            keys.push(rampart_logs::trail::digest::PublicKey { fingerprint, der });
        }
    }
    Ok(rampart_logs::trail::digest::verify_signatures(signed, &keys))
}

#[cfg(not(feature = "live"))]
fn signatures(
    _live: &crate::cli::LiveArgs,
    _signed: &[(PathBuf, Option<String>)],
) -> Result<rampart_logs::trail::digest::Signatures, Error> {
    Err(Error::Usage(crate::WITHOUT_LIVE.into()))
}

fn run_detect(config: &rampart_checks::Config, g: &Gathered) -> Vec<Detection> {
    let trusted = config.trusted_networks();
    let is_deployer = |arn: &str| config.change_control.is_deployer(arn);
    let trusted_source =
        |ip: &str| rampart_logs::time::lenient_ip(ip).is_some_and(|a| trusted.iter().any(|n| n.contains(&a)));
    let policy = Policy {
        is_deployer: &is_deployer,
        trusted_source: (!trusted.is_empty()).then_some(&trusted_source as &(dyn Fn(&str) -> bool + Sync)),
        burst: 10,
        burst_seconds: 600,
    };
    detect(g, &policy)
}

/// The evidence `scan --trail` gives the checks.
pub fn evidence(
    cli: &Cli,
    config: &rampart_checks::Config,
    logs: &[String],
    live: &crate::cli::LiveArgs,
) -> Result<rampart_checks::evidence::TrailEvidence, Error> {
    let args = TrailArgs {
        logs: logs.to_vec(),
        live: live.clone(),
        format: ExposureFormat::Text,
    };
    let (g, stats) = read(cli, &args, None)?;
    let times: Vec<&str> = g
        .changes
        .events
        .iter()
        .filter_map(|e| e.event_time.as_deref())
        .collect();
    Ok(rampart_checks::evidence::TrailEvidence {
        coverage: stats.coverage(),
        detections: run_detect(config, &g),
        scope: format!(
            "{} records in {} file(s){}",
            stats.records,
            stats.files,
            match (times.first(), times.last()) {
                (Some(a), Some(b)) => format!(", changes from {a} to {b}"),
                _ => String::new(),
            }
        ),
    })
}

fn read(cli: &Cli, logs: &TrailArgs, resource: Option<&str>) -> Result<(Gathered, TrailStats), Error> {
    let lookup = logs.logs.iter().any(|l| l == "lookup");
    let (s3, local): (Vec<&String>, Vec<&String>) = logs
        .logs
        .iter()
        .filter(|l| *l != "lookup")
        .partition(|l| l.starts_with("s3://"));
    let paths: Vec<PathBuf> = local.iter().map(PathBuf::from).collect();
    let files = rampart_logs::trail::list(&paths).map_err(|e| Error::Usage(format!("cannot read the logs: {e}")))?;
    let (mut g, mut stats) =
        rampart_logs::trail::read_files(&files, &wanted, Gathered::default, |g, e| g.add(e), Gathered::merge);
    for url in s3 {
        let (g2, s2) = read_s3(&logs.live, url)?;
        g = g.merge(g2);
        stats = stats.merge(s2);
    }
    if lookup {
        let (g2, s2) = read_lookup(&logs.live, resource)?;
        g = g.merge(g2);
        stats = stats.merge(s2);
    }
    if cli.verbose || std::io::stderr().is_terminal() {
        eprintln!(
            "read {} CloudTrail file(s): {} records, {} kept",
            stats.files, stats.records, stats.kept
        );
    }
    for issue in &stats.file_errors {
        eprintln!("warning: {}: {}", issue.file, issue.reason);
    }
    if stats.bad_records > 0 {
        eprintln!(
            "warning: {} record(s) could not be read; the first: {}",
            stats.bad_records,
            stats
                .errors
                .first()
                .map(|e| format!("{}:{}: {}", e.file, e.line, e.reason))
                .unwrap_or_default()
        );
    }
    Ok((g.finish(), stats))
}

#[cfg(feature = "live")]
fn read_s3(live: &crate::cli::LiveArgs, url: &str) -> Result<(Gathered, TrailStats), Error> {
    let aws = rampart_aws::Options {
        profile: live.profile.clone(),
        ..rampart_aws::Options::default()
    };
    let mut g = Gathered::default();
    let mut stats = TrailStats::default();
    rampart_aws::for_each_object(&aws, url, |key, bytes| {
        stats.stored_bytes += bytes.len() as u64;
        rampart_logs::trail::read_stream(key, bytes, &wanted, &mut stats, &mut |e| g.add(e));
    })
    .map_err(|e| Error::Source(e.to_string()))?;
    Ok((g, stats))
}

#[cfg(not(feature = "live"))]
fn read_s3(_live: &crate::cli::LiveArgs, url: &str) -> Result<(Gathered, TrailStats), Error> {
    Err(Error::Usage(format!("{url}: {}", crate::WITHOUT_LIVE)))
}

/// `lookup`: CloudTrail's LookupEvents in the regions given — the events naming the resource
/// for a timeline, else every write of the last 90 days.
#[cfg(feature = "live")]
fn read_lookup(live: &crate::cli::LiveArgs, resource: Option<&str>) -> Result<(Gathered, TrailStats), Error> {
    let aws = rampart_aws::Options {
        profile: live.profile.clone(),
        regions: live
            .regions
            .iter()
            .flat_map(|r| r.split(','))
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect(),
        ..rampart_aws::Options::default()
    };
    let lookup = match resource {
        Some(id) => rampart_aws::Lookup::Resource(id),
        None => rampart_aws::Lookup::Writes,
    };
    let mut g = Gathered::default();
    let mut stats = TrailStats {
        files: 1,
        ..TrailStats::default()
    };
    rampart_aws::lookup_events(&aws, &lookup, |name, record| {
        rampart_logs::trail::read::read_record(name, record, &wanted, &mut stats, &mut |e| g.add(e));
    })
    .map_err(|e| Error::Source(e.to_string()))?;
    Ok((g, stats))
}

#[cfg(not(feature = "live"))]
fn read_lookup(_live: &crate::cli::LiveArgs, _resource: Option<&str>) -> Result<(Gathered, TrailStats), Error> {
    Err(Error::Usage(format!("lookup: {}", crate::WITHOUT_LIVE)))
}

fn timeline_text(
    resource: &str,
    changes: &[&ChangeEvent],
    current: &[serde_json::Value],
    stats: &TrailStats,
) -> String {
    let mut out = format!(
        "{resource}: {} change(s) in {} record(s) of {} file(s)\n",
        changes.len(),
        stats.records,
        stats.files
    );
    unread_line(&mut out, stats);
    for c in changes {
        let what = serde_json::to_value(&c.change).ok();
        let rules: Vec<String> = what
            .as_ref()
            .and_then(|v| v.get("rules"))
            .and_then(|r| r.as_array())
            .map(|rs| {
                rs.iter()
                    .filter_map(|r| r["rule"].as_str().filter(|s| !s.is_empty()).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}  {}{}  by {} ({}) from {}{}",
            c.event_time.as_deref().unwrap_or("?"),
            c.event_name,
            if rules.is_empty() {
                String::new()
            } else {
                format!(": {}", rules.join("; "))
            },
            c.actor().unwrap_or("?"),
            c.tool,
            c.source_ip.as_deref().unwrap_or("?"),
            c.error_code
                .as_deref()
                .map(|e| format!("  FAILED: {e}"))
                .unwrap_or_default()
        );
    }
    if !current.is_empty() {
        out.push_str("\nCurrent rules:\n");
        for r in current {
            let added = &r["added"];
            let _ = writeln!(
                out,
                "  {}  {}",
                r["rule"].as_str().unwrap_or(""),
                if added.is_null() {
                    "not added in the logs given (older than them)".to_owned()
                } else {
                    format!(
                        "added {} by {} ({}) from {}",
                        added["event_time"].as_str().unwrap_or("?"),
                        added["principal"].as_str().unwrap_or("?"),
                        added["tool"].as_str().unwrap_or("?"),
                        added["source_ip"].as_str().unwrap_or("?")
                    )
                }
            );
        }
    }
    out
}

fn detect_text(found: &[Detection], stats: &TrailStats) -> String {
    let mut out = format!(
        "{} detection(s) in {} record(s) of {} file(s)\n",
        found.len(),
        stats.records,
        stats.files
    );
    unread_line(&mut out, stats);
    for d in found {
        let _ = writeln!(out, "  {:<6} {:<26} {}", d.severity.to_uppercase(), d.kind, d.message);
    }
    out
}

/// `only part of the logs could be read: …` when some of them could not be.
fn unread_line(out: &mut String, stats: &TrailStats) {
    let coverage = stats.coverage();
    if coverage.completeness() != rampart_logs::coverage::Completeness::Complete {
        let _ = writeln!(out, "only part of the logs could be read: {}", coverage.describe());
    }
}
