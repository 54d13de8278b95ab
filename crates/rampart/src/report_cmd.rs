//! Rendering a scan in any format, to stdout or a file: for `scan --format F [-o FILE]` right
//! after the checks, and for `rampart report [SCAN]`, which renders a recorded scan from the
//! history (its findings, coverage, exposure graph and the account's trend up to it).

use std::io::Write;
use std::path::{Path, PathBuf};

use rampart_checks::evidence::LogKind;
use rampart_checks::Severity;
use rampart_report::graph::ExposureGraph;
use rampart_report::html::{self, TrendPoint};
use rampart_report::{About, CoverageLine, Scan};
use rampart_store::{ScanSummary, Store};

use crate::cli::Format;
use crate::history_cmd::store_error;
use crate::{output, Error};

/// Scans in the HTML trend, at most.
const TREND: usize = 30;

/// Writes the report in a format; JSON is streamed (no copy of a large report in memory);
/// `summary` makes the text report its summary and top findings only.
fn write(
    format: Format,
    summary: bool,
    scan: &Scan,
    page: &html::Page,
    color: bool,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    use rampart_report as r;
    let text = match format {
        Format::Json | Format::JsonV1 => return r::json_v1::write(scan, w),
        Format::Text if summary => r::text::render_summary(scan, r::text::Style { color }),
        Format::Text => r::text::render(scan, r::text::Style { color }),
        Format::Sarif => r::sarif::render(scan),
        Format::Csv => r::csv::render(scan),
        Format::Junit => r::junit::render(scan),
        Format::Markdown => r::markdown::render(scan),
        Format::Ocsf => r::ocsf::render(scan),
        Format::Asff => r::asff::render(scan),
        Format::Html => html::render(scan, page),
    };
    w.write_all(text.as_bytes())
}

/// Renders a report to the file, or to stdout without one. Colour only for text on a
/// terminal, never in a file.
pub fn emit(
    format: Format,
    scan: &Scan,
    page: &html::Page,
    color: crate::cli::ColorChoice,
    to: Option<&Path>,
) -> Result<(), Error> {
    Outputs::plan(&[format], to, None, false, false)?.emit(scan, page, color)
}

/// Where a scan's reports go: one format to stdout or a file, or several into a folder.
pub struct Outputs {
    /// A format and its file; None: stdout.
    targets: Vec<(Format, Option<PathBuf>)>,
    summary: bool,
    /// `--quiet`: not even the names of the files written.
    quiet: bool,
}

impl Outputs {
    /// Decided before the scan runs, so a wrong folder or flag costs no scan.
    pub fn plan(
        formats: &[Format],
        file: Option<&Path>,
        dir: Option<&Path>,
        quiet: bool,
        summary: bool,
    ) -> Result<Outputs, Error> {
        let mut unique: Vec<Format> = Vec::new();
        for &f in formats {
            // json and json-v1 are one format today: one file.
            let f = if f == Format::JsonV1 { Format::Json } else { f };
            if !unique.contains(&f) {
                unique.push(f);
            }
        }
        let targets = match (dir, file) {
            (Some(dir), _) => {
                output::folder_exists(dir, "reports")?;
                unique.iter().map(|&f| (f, Some(dir.join(file_name(f))))).collect()
            }
            (None, _) if unique.len() > 1 => {
                return Err(Error::Usage(
                    "several formats need --output-dir DIR (each is written there as rampart.<ext>)".into(),
                ))
            }
            (None, Some(file)) => {
                output::folder_exists(file.parent().unwrap_or(Path::new("")), "report")?;
                vec![(unique[0], Some(file.to_path_buf()))]
            }
            (None, None) if quiet => Vec::new(),
            (None, None) => vec![(unique[0], None)],
        };
        Ok(Outputs {
            targets,
            summary,
            quiet,
        })
    }

    pub fn wants(&self, format: Format) -> bool {
        self.targets.iter().any(|(f, _)| *f == format)
    }

    /// Whether more than one file is written (then each is named on stderr, unless quiet).
    fn several(&self) -> bool {
        self.targets.len() > 1 && !self.quiet
    }

    pub fn emit(&self, scan: &Scan, page: &html::Page, color: crate::cli::ColorChoice) -> Result<(), Error> {
        for (format, to) in &self.targets {
            let format = *format;
            match to {
                None => {
                    let color = format == Format::Text && output::color(color);
                    output::stdout_with(|w| write(format, self.summary, scan, page, color, w))?;
                }
                Some(path) => {
                    let failed = |e: std::io::Error| {
                        Error::Usage(format!("cannot write the report to `{}`: {e}", path.display()))
                    };
                    // `plan` checked the folder.
                    let file = std::fs::File::create(path).map_err(failed)?;
                    let mut w = std::io::BufWriter::new(file);
                    write(format, self.summary, scan, page, false, &mut w)
                        .and_then(|()| w.flush())
                        .map_err(failed)?;
                    if self.several() {
                        eprintln!("wrote {}", path.display());
                    }
                }
            }
        }
        Ok(())
    }
}

/// A format's file in --output-dir.
fn file_name(format: Format) -> &'static str {
    match format {
        Format::Text => "rampart.txt",
        Format::Json | Format::JsonV1 => "rampart.json",
        Format::Sarif => "rampart.sarif",
        Format::Csv => "rampart.csv",
        Format::Junit => "rampart.junit.xml",
        Format::Markdown => "rampart.md",
        Format::Ocsf => "rampart.ocsf.json",
        Format::Asff => "rampart.asff.json",
        Format::Html => "rampart.html",
    }
}

fn point(s: &ScanSummary) -> TrendPoint {
    TrendPoint {
        label: format!("#{}", s.id),
        started_ms: s.started_ms,
        counts: s.counts,
        unverified: [0; 5],
        missing_logs: Vec::new(),
    }
}

/// The account's recorded scans up to and including `last` (all when None), oldest first.
/// A scan that read no CloudTrail (or flow logs) while an earlier one did does not drop: the
/// findings over those logs of the last scan that read them are counted as unverified, and
/// the point is marked.
pub fn trend(store: &Store, account: &str, last: Option<i64>) -> Result<Vec<TrendPoint>, Error> {
    let mut scans = store.scans(Some(account), usize::MAX).map_err(store_error)?;
    scans.retain(|s| last.is_none_or(|id| s.id <= id));
    scans.truncate(TREND);
    scans.reverse();
    let mut carry = Carry::default();
    let mut points = Vec::new();
    for s in &scans {
        let mut p = point(s);
        for kind in LogKind::ALL {
            let read = match s.read_logs(kind) {
                Some(read) => read,
                // Recorded before rampart kept it: judged by its findings.
                None => store
                    .findings(s.id)
                    .map_err(store_error)?
                    .iter()
                    .any(|f| LogKind::of_check(&f.check_id) == Some(kind)),
            };
            carry.step(store, &mut p, kind, s.id, read)?;
        }
        points.push(p);
    }
    Ok(points)
}

/// The scan being shown when it is not recorded, after the account's history: it too carries
/// the findings over logs it was not given.
pub fn unrecorded_point(
    store: Option<&Store>,
    account: &str,
    result: &rampart_checks::ScanResult,
    started_ms: u64,
) -> Result<TrendPoint, Error> {
    let mut p = TrendPoint::unrecorded(result, started_ms);
    let Some(store) = store else { return Ok(p) };
    let mut carry = Carry::default();
    for s in store.scans(Some(account), TREND).map_err(store_error)?.iter().rev() {
        for kind in LogKind::ALL {
            if s.read_logs(kind) == Some(true) {
                carry.last.retain(|(k, _)| *k != kind);
                carry.last.push((kind, s.id));
            }
        }
    }
    for kind in LogKind::ALL {
        let read = result.logs.iter().any(|l| l.kind == kind && l.coverage.read > 0);
        carry.step(store, &mut p, kind, 0, read)?;
    }
    Ok(p)
}

/// Per log kind, the last scan that read it.
#[derive(Default)]
struct Carry {
    last: Vec<(LogKind, i64)>,
}

impl Carry {
    fn step(&mut self, store: &Store, p: &mut TrendPoint, kind: LogKind, id: i64, read: bool) -> Result<(), Error> {
        if read {
            self.last.retain(|(k, _)| *k != kind);
            self.last.push((kind, id));
            return Ok(());
        }
        let Some(&(_, from)) = self.last.iter().find(|(k, _)| *k == kind) else {
            return Ok(());
        };
        for f in store.findings(from).map_err(store_error)? {
            if LogKind::of_check(&f.check_id) == Some(kind) && !f.is_suppressed() {
                if let Some(i) = Severity::ALL.iter().position(|x| *x == f.severity) {
                    p.unverified[i] += 1;
                }
            }
        }
        p.missing_logs.push(kind.words());
        Ok(())
    }
}

pub struct Request<'a> {
    pub scan: Option<&'a str>,
    pub account: Option<&'a str>,
    pub format: Format,
    pub output: Option<&'a Path>,
}

pub fn run(cli: &crate::cli::Cli, req: &Request) -> Result<u8, Error> {
    let store = crate::history_cmd::open(cli.db.as_deref(), crate::history_cmd::Access::Read)?;
    let summary = store
        .resolve(req.scan.unwrap_or("latest"), req.account)
        .map_err(store_error)?;
    let mut result = store.result(&summary).map_err(store_error)?;
    // New since the baseline only means something for a scan after it.
    if store
        .baseline(&summary.account)
        .map_err(store_error)?
        .is_some_and(|b| b < summary.id)
    {
        crate::history_cmd::mark_baseline(&store, &summary.account, &mut result.findings)?;
    }
    let graph: Option<ExposureGraph> = match store.graph(summary.id).map_err(store_error)? {
        Some(body) => Some(
            serde_json::from_str(&body)
                .map_err(|e| Error::Source(format!("the exposure graph of scan {} does not parse: {e}", summary.id)))?,
        ),
        None => None,
    };
    let trend = trend(&store, &summary.account, Some(summary.id))?;
    let scan = Scan {
        about: about(&summary),
        result: &result,
        version: &summary.rampart_version,
    };
    let page = html::Page {
        graph: graph.as_ref(),
        trend: &trend,
    };
    emit(req.format, &scan, &page, cli.color, req.output)?;
    Ok(0)
}

fn about(s: &ScanSummary) -> About<'_> {
    About {
        source: &s.source,
        account: &s.account,
        regions: s
            .regions
            .iter()
            .map(String::as_str)
            .filter(|r| *r != rampart_inventory::GLOBAL)
            .collect(),
        coverage: s
            .coverage
            .iter()
            .map(|c| CoverageLine {
                scope: &c.scope,
                kind: c.kind.clone(),
                cli: rampart_inventory::ResourceKind::from_name(&c.kind).map(|k| k.cli()),
                state: &c.state,
                reason: c.reason.as_deref(),
            })
            .collect(),
        started_ms: s.started_ms,
    }
}
