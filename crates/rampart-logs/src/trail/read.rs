//! CloudTrail log files as streams: the S3 delivery form `{"Records": [...]}` (plain or gzip,
//! one file or folders in the layout `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/`), the
//! AWS CLI's `lookup-events` output (`{"Events": [{"CloudTrailEvent": "<json>"}]}`), and JSON
//! lines of records, EventBridge envelopes (`{"detail": <record>}`) or `CloudTrailEvent` strings.
//! Digest files (`CloudTrail-Digest`) are recognised and counted, not read as events.
//!
//! The `Records` array is visited one record at a time (never built whole), and each record is
//! first read for its head — source, name, error, identity type — so that only the records a
//! question needs are parsed in full. Bad records are counted and the first few kept with file
//! and position; a truncated or corrupt gzip is reported and the records before it are kept.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::flow::read::{FileIssue, LineIssue, KEPT_ERRORS};
use crate::trail::event::{Event, Head};

/// What was read.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct TrailStats {
    pub files: u64,
    pub stored_bytes: u64,
    pub records: u64,
    /// Records parsed in full (the ones the question needs).
    pub kept: u64,
    pub digests: u64,
    pub bad_records: u64,
    pub errors: Vec<LineIssue>,
    pub file_errors: Vec<FileIssue>,
}

impl TrailStats {
    pub fn merge(mut self, o: TrailStats) -> TrailStats {
        self.files += o.files;
        self.stored_bytes += o.stored_bytes;
        self.records += o.records;
        self.kept += o.kept;
        self.digests += o.digests;
        self.bad_records += o.bad_records;
        self.errors.extend(o.errors);
        self.errors.sort();
        self.errors.truncate(KEPT_ERRORS);
        self.file_errors.extend(o.file_errors);
        self.file_errors.sort();
        self
    }

    fn bad(&mut self, file: &str, position: u64, reason: String) {
        self.bad_records += 1;
        if self.errors.len() < KEPT_ERRORS {
            self.errors.push(LineIssue {
                file: file.to_owned(),
                line: position,
                reason,
            });
        }
    }
}

/// Which records to parse in full, judged on their head.
pub type Wanted = dyn Fn(&Head) -> bool + Sync;

/// The files named, and below each folder every `.json`, `.json.gz`, `.jsonl` or `.gz` file, sorted.
pub fn list(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    crate::files::list(paths, &[".json", ".gz", ".jsonl"])
}

/// Reads files in parallel into per-worker accumulators, merged at the end.
pub fn read_files<A, I, V, M>(files: &[PathBuf], wanted: &Wanted, init: I, visit: V, merge: M) -> (A, TrailStats)
where
    A: Send,
    I: Fn() -> A + Sync + Send,
    V: Fn(&mut A, Event) + Sync + Send,
    M: Fn(A, A) -> A + Sync + Send,
{
    files
        .par_iter()
        .fold(
            || (init(), TrailStats::default()),
            |(mut acc, mut stats), path| {
                let name = path.display().to_string();
                match std::fs::File::open(path) {
                    Ok(f) => {
                        stats.stored_bytes += f.metadata().map(|m| m.len()).unwrap_or(0);
                        read_stream(&name, f, wanted, &mut stats, &mut |e| visit(&mut acc, e));
                    }
                    Err(e) => {
                        stats.files += 1;
                        stats.file_errors.push(FileIssue {
                            file: name,
                            reason: format!("cannot open: {e}"),
                        });
                    }
                }
                (acc, stats)
            },
        )
        .reduce(
            || (init(), TrailStats::default()),
            |(a, sa), (b, sb)| (merge(a, b), sa.merge(sb)),
        )
}

/// Reads one record given as JSON text (a `CloudTrailEvent` of `LookupEvents`).
pub fn read_record(name: &str, text: &str, wanted: &Wanted, stats: &mut TrailStats, visit: &mut dyn FnMut(Event)) {
    let position = stats.records + 1;
    Context {
        name,
        wanted,
        stats,
        visit,
        position,
    }
    .record(text);
}

/// Reads one stream (plain or gzip).
pub fn read_stream(
    name: &str,
    input: impl Read,
    wanted: &Wanted,
    stats: &mut TrailStats,
    visit: &mut dyn FnMut(Event),
) {
    stats.files += 1;
    let mut raw = BufReader::with_capacity(64 << 10, input);
    let gzip = raw.fill_buf().map(|h| h.starts_with(&[0x1f, 0x8b])).unwrap_or(false);
    let before = stats.records;
    let outcome = if gzip {
        read_text(
            name,
            BufReader::with_capacity(256 << 10, flate2::bufread::MultiGzDecoder::new(raw)),
            wanted,
            stats,
            visit,
        )
    } else {
        read_text(name, raw, wanted, stats, visit)
    };
    if let Err(e) = outcome {
        let kept = stats.records - before;
        let what = if gzip && e.kind() == std::io::ErrorKind::UnexpectedEof {
            "truncated gzip".to_owned()
        } else if gzip && e.kind() == std::io::ErrorKind::InvalidInput {
            format!("corrupt gzip ({e})")
        } else {
            format!("not CloudTrail JSON ({e})")
        };
        stats.file_errors.push(FileIssue {
            file: name.to_owned(),
            reason: format!("{what}: the {kept} records before it were kept"),
        });
    }
}

/// A text stream: one structured document, or JSON lines.
fn read_text(
    name: &str,
    mut input: impl BufRead,
    wanted: &Wanted,
    stats: &mut TrailStats,
    visit: &mut dyn FnMut(Event),
) -> std::io::Result<()> {
    let head = input.fill_buf()?;
    let start: Vec<u8> = head
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .take(12)
        .collect();
    if start.starts_with(b"{\"Records\"") || start.starts_with(b"{\"Events\"") {
        let mut de = serde_json::Deserializer::from_reader(input);
        let mut context = Context {
            name,
            wanted,
            stats,
            visit,
            position: 0,
        };
        return Document(&mut context).deserialize(&mut de).map_err(to_io);
    }
    let mut line_no = 0;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(());
        }
        line_no += 1;
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let mut context = Context {
            name,
            wanted,
            stats,
            visit,
            position: line_no,
        };
        match serde_json::from_str::<Value>(text) {
            Ok(v) => context.value(v),
            Err(e) => context.stats.bad(name, line_no, format!("not JSON: {e}")),
        }
    }
}

fn to_io(e: serde_json::Error) -> std::io::Error {
    match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e.to_string()),
        None => std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
    }
}

struct Context<'c> {
    name: &'c str,
    wanted: &'c Wanted,
    stats: &'c mut TrailStats,
    visit: &'c mut dyn FnMut(Event),
    /// The record's index in its array, or the line number.
    position: u64,
}

impl Context<'_> {
    /// One record's text: its head first, in full when wanted.
    fn record(&mut self, text: &str) {
        self.stats.records += 1;
        match serde_json::from_str::<Head>(text) {
            Ok(head) if (self.wanted)(&head) => match serde_json::from_str::<Event>(text) {
                Ok(e) => {
                    self.stats.kept += 1;
                    (self.visit)(e);
                }
                Err(e) => self.stats.bad(self.name, self.position, format!("record: {e}")),
            },
            Ok(_) => {}
            Err(e) => self.stats.bad(self.name, self.position, format!("record: {e}")),
        }
    }

    /// A JSON value of a line: a record, an envelope, a LookupEvents answer, or a digest.
    fn value(&mut self, v: Value) {
        if v.get("digestStartTime").is_some() {
            self.stats.digests += 1;
        } else if let Some(records) = v.get("Records").and_then(Value::as_array) {
            for r in records {
                self.record(&r.to_string());
            }
        } else if let Some(events) = v.get("Events").and_then(Value::as_array) {
            for e in events {
                self.lookup_event(e);
            }
        } else if v.get("CloudTrailEvent").is_some() {
            self.lookup_event(&v);
        } else if let Some(detail) = v.get("detail").filter(|d| d.get("eventName").is_some()) {
            self.record(&detail.to_string());
        } else if v.get("eventName").is_some() {
            self.record(&v.to_string());
        } else {
            self.stats.bad(
                self.name,
                self.position,
                "neither a CloudTrail record nor a file of them".into(),
            );
        }
    }

    /// `lookup-events` wraps the record as a JSON string in `CloudTrailEvent`.
    fn lookup_event(&mut self, e: &Value) {
        match e.get("CloudTrailEvent").and_then(Value::as_str) {
            Some(text) => self.record(text),
            None => self.stats.bad(
                self.name,
                self.position,
                "a lookup-events entry without CloudTrailEvent".into(),
            ),
        }
    }
}

/// The top-level object of a delivered file: `Records` (or `Events`) visited element by element.
struct Document<'a, 'c>(&'a mut Context<'c>);

impl<'de> DeserializeSeed<'de> for Document<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a CloudTrail log file")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "Records" => map.next_value_seed(Elements(&mut *self.0, false))?,
                "Events" => map.next_value_seed(Elements(&mut *self.0, true))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The elements of `Records` (raw records) or `Events` (lookup entries).
struct Elements<'a, 'c>(&'a mut Context<'c>, bool);

impl<'de> DeserializeSeed<'de> for Elements<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Elements<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of CloudTrail records")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let (cx, lookup) = (self.0, self.1);
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            cx.position += 1;
            if lookup {
                match serde_json::from_str::<Value>(raw.get()) {
                    Ok(v) => cx.lookup_event(&v),
                    Err(e) => cx.stats.bad(cx.name, cx.position, format!("entry: {e}")),
                }
            } else {
                cx.record(raw.get());
            }
        }
        Ok(())
    }
}
