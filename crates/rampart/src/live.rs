//! Reading the account live: the options from the command line, a progress line on a
//! terminal, and a closing line that says what was read, in how long, and what was not.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rampart_aws::{Event, Options};
use rampart_inventory::{Inventory, Status};

use crate::Error;

/// What the command line says about a live read.
pub struct Request<'a> {
    pub profile: Option<&'a str>,
    pub regions: &'a [String],
    pub concurrency: usize,
}

#[derive(Default)]
struct Progress {
    regions: AtomicUsize,
    regions_done: AtomicUsize,
    calls: AtomicUsize,
    failed: AtomicUsize,
    account: Mutex<String>,
    /// The call that finished last, as `region service operation`.
    last: Mutex<String>,
}

pub fn load(request: &Request) -> Result<Inventory, Error> {
    let options = Options {
        profile: request.profile.map(str::to_owned),
        regions: crate::cli::region_list(request.regions),
        concurrency: request.concurrency,
        ..Options::default()
    };
    let progress = Arc::new(Progress::default());
    let terminal = std::io::stderr().is_terminal();
    let seen = progress.clone();
    let collected = rampart_aws::collect(&options, move |event| {
        match event {
            Event::Started { account, regions } => {
                seen.regions.store(regions.len() + 1, Ordering::Relaxed);
                if let Ok(mut a) = seen.account.lock() {
                    *a = account;
                }
            }
            Event::Call { region, command, error } => {
                if let Ok(mut last) = seen.last.lock() {
                    *last = format!("{region} {command}");
                }
                seen.calls.fetch_add(1, Ordering::Relaxed);
                if error.is_some() {
                    seen.failed.fetch_add(1, Ordering::Relaxed);
                }
            }
            Event::RegionDone { .. } => {
                seen.regions_done.fetch_add(1, Ordering::Relaxed);
            }
        }
        if terminal {
            let account = seen.account.lock().map(|a| a.clone()).unwrap_or_default();
            let last = seen.last.lock().map(|l| l.clone()).unwrap_or_default();
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r\x1b[2Kreading account {account}: {}/{} regions (with global), {} calls, {} not answered · {last}",
                seen.regions_done.load(Ordering::Relaxed),
                seen.regions.load(Ordering::Relaxed),
                seen.calls.load(Ordering::Relaxed),
                seen.failed.load(Ordering::Relaxed),
            );
            let _ = err.flush();
        }
    })
    .map_err(|e| Error::Source(e.to_string()))?;
    if terminal {
        eprint!("\r\x1b[2K");
    }
    let inventory = collected.inventory;
    let gaps: Vec<String> = inventory
        .coverage
        .entries
        .iter()
        .filter(|e| !matches!(e.status, Status::Read))
        .map(|e| format!("{} {}", e.scope, e.kind.cli()))
        .collect();
    eprintln!(
        "read account {} live: {} region(s), {} call(s) in {:.1} s; {}",
        inventory.account(),
        inventory.regions.len(),
        progress.calls.load(Ordering::Relaxed),
        collected.elapsed.as_secs_f64(),
        match gaps.len() {
            0 => "every input read".to_owned(),
            n => format!(
                "{n} input(s) not read (denied, not enabled or failed), so their checks are not evaluated: {}{}",
                gaps.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
                if n > 5 { ", …" } else { "" }
            ),
        }
    );
    for note in &collected.report.notes {
        eprintln!("note: {note}");
    }
    Ok(inventory)
}

/// Reads the flow-log objects under an `s3://bucket/prefix` into one accumulator.
pub fn read_s3<A>(
    live: &crate::cli::LiveArgs,
    url: &str,
    options: &rampart_logs::flow::ReadOptions,
    init: &(dyn Fn() -> A + Sync),
    visit: &(dyn Fn(&mut A, &rampart_logs::flow::FlowRecord) + Sync),
) -> Result<(A, rampart_logs::flow::ReadStats), Error> {
    let aws = Options {
        profile: live.profile.clone(),
        concurrency: usize::from(live.concurrency),
        ..Options::default()
    };
    let mut acc = init();
    let mut stats = rampart_logs::flow::ReadStats::default();
    let terminal = std::io::stderr().is_terminal();
    rampart_aws::for_each_object(&aws, url, |key, bytes| {
        stats.stored_bytes += bytes.len() as u64;
        rampart_logs::flow::read_bytes(key, bytes, options, &mut stats, &mut |r| visit(&mut acc, r));
        if terminal {
            eprint!("\r\x1b[2Kreading {url}: {} object(s) · {key}", stats.files);
        }
    })
    .map_err(|e| Error::Source(e.to_string()))?;
    if terminal {
        eprintln!();
    }
    Ok((acc, stats))
}
