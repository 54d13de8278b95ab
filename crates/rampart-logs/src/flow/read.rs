//! Flow-log files as streams: plain or gzip (recognised by content, multi-member included),
//! one file or folders of them (the S3 layout `AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/`,
//! Hive-style `…/year=YYYY/month=MM/…` and hourly partitions are just folders), a header line
//! announcing the fields wherever it appears, CloudWatch Logs exports with one
//! `{"message": "…"}` object per line.
//!
//! Memory is constant: a fixed read buffer per file (grown only for a line longer than it),
//! records parsed in place. Files are read in parallel, one per core. A bad line is counted and
//! the first few are kept with file and line number; a truncated or corrupt gzip is reported and
//! every record read before the damage is kept.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::flow::field::Format;
use crate::flow::record::{FlowRecord, LogStatus};

/// How many bad lines are kept with their reason.
pub const KEPT_ERRORS: usize = 10;
const BUFFER: usize = 1 << 20;
const MAX_LINE: usize = 64 << 20;

#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The format of files without a header line (default: version 2).
    pub format: Option<Format>,
}

/// What was read, and what could not be.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ReadStats {
    pub files: u64,
    /// Bytes of the files as stored (compressed for gzip).
    pub stored_bytes: u64,
    /// Bytes of text after decompression.
    pub bytes: u64,
    pub lines: u64,
    /// Traffic records (log-status OK).
    pub records: u64,
    pub nodata: u64,
    pub skipdata: u64,
    pub headers: u64,
    pub bad_lines: u64,
    /// The first bad lines, by file and line.
    pub errors: Vec<LineIssue>,
    /// Files that could not be read to their end (truncated, corrupt, unreadable).
    pub file_errors: Vec<FileIssue>,
    /// The earliest `start` and latest `end` of any record.
    pub first_start: Option<u64>,
    pub last_end: Option<u64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineIssue {
    pub file: String,
    pub line: u64,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileIssue {
    pub file: String,
    pub reason: String,
}

impl ReadStats {
    pub fn merge(mut self, other: ReadStats) -> ReadStats {
        self.files += other.files;
        self.stored_bytes += other.stored_bytes;
        self.bytes += other.bytes;
        self.lines += other.lines;
        self.records += other.records;
        self.nodata += other.nodata;
        self.skipdata += other.skipdata;
        self.headers += other.headers;
        self.bad_lines += other.bad_lines;
        self.errors.extend(other.errors);
        self.errors.sort();
        self.errors.truncate(KEPT_ERRORS);
        self.file_errors.extend(other.file_errors);
        self.file_errors.sort();
        self.first_start = min_opt(self.first_start, other.first_start);
        self.last_end = self.last_end.max(other.last_end);
        self
    }

    /// How much was read: usable lines (traffic, NODATA, SKIPDATA) against bad ones.
    pub fn coverage(&self) -> crate::coverage::LogCoverage {
        crate::coverage::LogCoverage::new(
            "line",
            self.files,
            self.records + self.nodata + self.skipdata,
            self.bad_lines,
            &self.errors,
            &self.file_errors,
        )
    }

    pub(crate) fn note_times(&mut self, start: Option<u64>, end: Option<u64>) {
        self.first_start = min_opt(self.first_start, start);
        self.last_end = self.last_end.max(end);
    }

    pub(crate) fn bad_line(&mut self, file: &str, line: u64, reason: String) {
        self.bad_lines += 1;
        if self.errors.len() < KEPT_ERRORS {
            self.errors.push(LineIssue {
                file: file.to_owned(),
                line,
                reason,
            });
        }
    }
}

fn min_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The files named, and in each folder named every file below it whose name says it holds
/// flow logs (`.log`, `.log.gz`, `.gz`, `.txt`, `.parquet`), sorted. Hidden entries are skipped.
pub fn list(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    crate::files::list(paths, &[".log", ".gz", ".txt", ".parquet"])
}

/// Reads files in parallel: each worker folds records into its own `A`, the results are merged.
pub fn read_files<A, I, V, M>(files: &[PathBuf], options: &ReadOptions, init: I, visit: V, merge: M) -> (A, ReadStats)
where
    A: Send,
    I: Fn() -> A + Sync + Send,
    V: Fn(&mut A, &FlowRecord) + Sync + Send,
    M: Fn(A, A) -> A + Sync + Send,
{
    files
        .par_iter()
        .fold(
            || (init(), ReadStats::default()),
            |(mut acc, mut stats), path| {
                read_file(path, options, &mut stats, &mut |r| visit(&mut acc, r));
                (acc, stats)
            },
        )
        .reduce(
            || (init(), ReadStats::default()),
            |(a, sa), (b, sb)| (merge(a, b), sa.merge(sb)),
        )
}

/// Reads one file into `visit`.
pub fn read_file(path: &Path, options: &ReadOptions, stats: &mut ReadStats, visit: &mut dyn FnMut(&FlowRecord)) {
    let name = path.display().to_string();
    match std::fs::File::open(path) {
        Ok(mut file) => {
            stats.stored_bytes += file.metadata().map(|m| m.len()).unwrap_or(0);
            let mut head = [0u8; 4];
            let parquet =
                std::io::Read::read_exact(&mut file, &mut head).is_ok() && head == crate::flow::parquet::MAGIC;
            if let Err(e) = std::io::Seek::rewind(&mut file) {
                stats.files += 1;
                stats.file_errors.push(FileIssue {
                    file: name,
                    reason: format!("cannot read: {e}"),
                });
                return;
            }
            if parquet {
                crate::flow::parquet::read_parquet(&name, file, stats, visit);
            } else {
                read_stream(&name, file, options, stats, visit);
            }
        }
        Err(e) => {
            stats.files += 1;
            stats.file_errors.push(FileIssue {
                file: name,
                reason: format!("cannot open: {e}"),
            });
        }
    }
}

/// Reads a whole object held in memory (an S3 object): Parquet, gzip or plain text.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    options: &ReadOptions,
    stats: &mut ReadStats,
    visit: &mut dyn FnMut(&FlowRecord),
) {
    if bytes.starts_with(crate::flow::parquet::MAGIC) {
        let owned = bytes::Bytes::copy_from_slice(bytes);
        crate::flow::parquet::read_parquet(name, owned, stats, visit);
    } else {
        read_stream(name, bytes, options, stats, visit);
    }
}

/// Reads one stream (plain or gzip) into `visit`. `name` names it in messages.
pub fn read_stream(
    name: &str,
    reader: impl Read,
    options: &ReadOptions,
    stats: &mut ReadStats,
    visit: &mut dyn FnMut(&FlowRecord),
) {
    stats.files += 1;
    let mut reader = BufReader::with_capacity(64 << 10, reader);
    let gzip = match reader.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(e) => {
            stats.file_errors.push(FileIssue {
                file: name.to_owned(),
                reason: format!("cannot read: {e}"),
            });
            return;
        }
    };
    let mut lines = Lines::new(name, options, stats, visit);
    let outcome = if gzip {
        lines.feed(flate2::bufread::MultiGzDecoder::new(reader))
    } else {
        lines.feed(reader)
    };
    if let Err(e) = outcome {
        let what = match e.kind() {
            std::io::ErrorKind::UnexpectedEof if gzip => "truncated gzip".to_owned(),
            _ if gzip => format!("corrupt gzip ({e})"),
            _ => format!("read error ({e})"),
        };
        lines.stats.file_errors.push(FileIssue {
            file: name.to_owned(),
            reason: format!(
                "{what} after {} bytes of text: the {} lines before it were kept{}",
                lines.read,
                lines.line_no,
                if lines.dropped_tail {
                    ", an incomplete last line was dropped"
                } else {
                    ""
                }
            ),
        });
    }
}

/// Splits a stream into lines and lines into records, with the format in force.
struct Lines<'s, 'v> {
    name: &'s str,
    format: Format,
    stats: &'s mut ReadStats,
    visit: &'v mut dyn FnMut(&FlowRecord),
    line_no: u64,
    read: u64,
    dropped_tail: bool,
}

impl<'s, 'v> Lines<'s, 'v> {
    fn new(
        name: &'s str,
        options: &ReadOptions,
        stats: &'s mut ReadStats,
        visit: &'v mut dyn FnMut(&FlowRecord),
    ) -> Self {
        Lines {
            name,
            format: options.format.clone().unwrap_or_else(Format::default_v2),
            stats,
            visit,
            line_no: 0,
            read: 0,
            dropped_tail: false,
        }
    }

    fn feed(&mut self, mut input: impl Read) -> std::io::Result<()> {
        let mut buf = vec![0u8; BUFFER];
        let mut filled = 0;
        loop {
            if filled == buf.len() {
                if buf.len() >= MAX_LINE {
                    return Err(std::io::Error::other(format!("a line is longer than {MAX_LINE} bytes")));
                }
                buf.resize(buf.len() * 2, 0);
            }
            let n = match input.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    // Keep the complete lines read before the damage; the tail may be cut.
                    let done = self.lines(&buf[..filled]);
                    self.dropped_tail = done < filled;
                    return Err(e);
                }
            };
            self.read += n as u64;
            self.stats.bytes += n as u64;
            filled += n;
            let done = self.lines(&buf[..filled]);
            buf.copy_within(done..filled, 0);
            filled -= done;
        }
        if filled > 0 {
            self.line(&buf[..filled]);
        }
        Ok(())
    }

    /// Handles every complete line of `chunk`; returns how many bytes were consumed.
    fn lines(&mut self, chunk: &[u8]) -> usize {
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', chunk) {
            self.line(&chunk[start..end]);
            start = end + 1;
        }
        start
    }

    fn line(&mut self, line: &[u8]) {
        self.line_no += 1;
        self.stats.lines += 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            return;
        }
        if line.first() == Some(&b'{') {
            return self.json_line(line);
        }
        if Format::is_header(line) {
            self.stats.headers += 1;
            match std::str::from_utf8(line)
                .map_err(|e| e.to_string())
                .and_then(Format::parse)
            {
                Ok(f) => self.format = f,
                Err(e) => self.stats.bad_line(self.name, self.line_no, format!("header: {e}")),
            }
            return;
        }
        self.record(line);
    }

    /// A CloudWatch Logs export line: `{"message": "<record>", …}`.
    fn json_line(&mut self, line: &[u8]) {
        #[derive(serde::Deserialize)]
        struct Wrapped {
            message: String,
        }
        match serde_json::from_slice::<Wrapped>(line) {
            Ok(w) => self.record(w.message.as_bytes()),
            Err(e) => self.stats.bad_line(
                self.name,
                self.line_no,
                format!("a JSON line without a `message` string: {e}"),
            ),
        }
    }

    fn record(&mut self, line: &[u8]) {
        match FlowRecord::parse(&self.format, line) {
            Ok(r) => {
                match r.log_status {
                    Some(LogStatus::NoData) => self.stats.nodata += 1,
                    Some(LogStatus::SkipData) => self.stats.skipdata += 1,
                    _ => self.stats.records += 1,
                }
                self.stats.note_times(r.start, r.end);
                (self.visit)(&r);
            }
            Err(e) => self.stats.bad_line(self.name, self.line_no, e.to_string()),
        }
    }
}
