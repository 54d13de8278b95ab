//! CloudTrail log files as streams: the S3 delivery form `{"Records": [...]}` (plain or gzip,
//! one file or folders in the layout `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/`), the
//! AWS CLI's `lookup-events` output (`{"Events": [{"CloudTrailEvent": "<json>"}]}`), a bare JSON
//! array of records (CloudTrail Lake and SIEM exports, attack-simulation captures, `jq -s`), and
//! JSON lines (or pretty-printed values one after another) of records, EventBridge envelopes
//! (`{"detail": <record>}`) or `CloudTrailEvent` strings. Fields SIEM pipelines add (`p_*`,
//! `@timestamp`) are ignored, `@timestamp` standing in for a missing `eventTime`; times in any
//! ISO 8601 form are made canonical ([`crate::time::event_time`]).
//! Digest files (`CloudTrail-Digest`) are recognised and counted, not read as events.
//! A record that cannot be used (not JSON, not an object, no `eventName`) is counted in
//! `bad_records` and named by file and position (line, or 1-based index in its array), never
//! dropped silently; `records` counts the usable ones only.
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

    /// How much was read: usable records against unusable ones (digest files are neither).
    pub fn coverage(&self) -> crate::coverage::LogCoverage {
        crate::coverage::LogCoverage::new(
            "record",
            self.files,
            self.records,
            self.bad_records,
            &self.errors,
            &self.file_errors,
        )
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
    let position = stats.records + stats.bad_records + 1;
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

/// A text stream: a delivered document (`{"Records": …}`, `{"Events": …}`), a bare JSON array
/// of records (CloudTrail Lake and SIEM exports, attack-simulation captures, `jq -s`), or JSON
/// values one after another (JSON lines, or pretty-printed values spanning lines).
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
    let document = start.starts_with(b"{\"Records\"") || start.starts_with(b"{\"Events\"");
    if document || start.starts_with(b"[") {
        let mut de = serde_json::Deserializer::from_reader(input);
        let mut context = Context {
            name,
            wanted,
            stats,
            visit,
            position: 0,
        };
        return if document {
            Document(&mut context).deserialize(&mut de).map_err(to_io)
        } else {
            Elements(&mut context, Element::Any).deserialize(&mut de).map_err(to_io)
        }
        .and_then(|()| de.end().map_err(to_io));
    }
    let mut line_no = 0;
    let mut line = String::new();
    // A value that spans lines (pretty-printed), with the line it began on.
    let mut pending = String::new();
    let mut pending_from = 0;
    loop {
        line.clear();
        let n = input.read_line(&mut line)?;
        if n > 0 {
            line_no += 1;
        }
        if pending.is_empty() && line.trim().is_empty() {
            if n == 0 {
                return Ok(());
            }
            continue;
        }
        if pending.is_empty() {
            pending_from = line_no;
        }
        pending.push_str(&line);
        let mut context = Context {
            name,
            wanted,
            stats,
            visit,
            position: pending_from,
        };
        match serde_json::from_str::<Value>(pending.trim()) {
            Ok(v) => {
                context.value(v);
                pending.clear();
            }
            // A pretty-printed value (its first line opens an object or array and no more):
            // read on, up to a bound. A line of JSON lines that is cut short is bad at once, so
            // that it never swallows the lines after it.
            Err(e) if e.is_eof() && n > 0 && pending.len() < MAX_VALUE && opens_value(&pending) => {}
            Err(e) => {
                context.stats.bad(name, pending_from, format!("not JSON: {e}"));
                pending.clear();
            }
        }
        if n == 0 {
            return Ok(());
        }
    }
}

/// True when the text's first line only opens a value (`{`, `[`, `{"Records": [`), as
/// pretty-printers write it.
fn opens_value(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").trim_end();
    first.ends_with('{') || first.ends_with('[')
}

/// The longest JSON value read across lines (a whole pretty-printed document).
const MAX_VALUE: usize = 256 << 20;

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
    /// The record's index in its array (from 1), or the line number.
    position: u64,
}

impl Context<'_> {
    /// One record's text: its head first, in full when wanted.
    fn record(&mut self, text: &str) {
        match serde_json::from_str::<Head>(text) {
            Ok(head) if head.event_name.is_none() => {
                self.stats
                    .bad(self.name, self.position, "a record without eventName".into())
            }
            Ok(head) if (self.wanted)(&head) => match serde_json::from_str::<Event>(text) {
                Ok(e) => {
                    self.stats.records += 1;
                    self.stats.kept += 1;
                    (self.visit)(e.tidy());
                }
                Err(e) => self.stats.bad(self.name, self.position, format!("record: {e}")),
            },
            Ok(_) => self.stats.records += 1,
            Err(e) => self.stats.bad(self.name, self.position, format!("record: {e}")),
        }
    }

    /// An element of a bare array: a record, or any of the wrappers a line may hold.
    fn element(&mut self, text: &str) {
        match serde_json::from_str::<Head>(text) {
            Ok(head) if head.event_name.is_some() => self.record(text),
            _ => match serde_json::from_str::<Value>(text) {
                Ok(v) => self.value(v),
                Err(e) => self.stats.bad(self.name, self.position, format!("element: {e}")),
            },
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
        } else if ["eventSource", "eventTime", "eventID", "userIdentity"]
            .iter()
            .any(|k| v.get(k).is_some())
        {
            self.stats
                .bad(self.name, self.position, "a record without eventName".into());
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
                "Records" => map.next_value_seed(Elements(&mut *self.0, Element::Record))?,
                "Events" => map.next_value_seed(Elements(&mut *self.0, Element::Lookup))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// What the elements of an array are.
#[derive(Clone, Copy)]
enum Element {
    /// `Records`: raw records.
    Record,
    /// `Events`: lookup-events entries.
    Lookup,
    /// A bare array: records or wrappers.
    Any,
}

/// The elements of `Records`, `Events` or a bare array, one at a time.
struct Elements<'a, 'c>(&'a mut Context<'c>, Element);

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
        let (cx, what) = (self.0, self.1);
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            cx.position += 1;
            match what {
                Element::Lookup => match serde_json::from_str::<Value>(raw.get()) {
                    Ok(v) => cx.lookup_event(&v),
                    Err(e) => cx.stats.bad(cx.name, cx.position, format!("entry: {e}")),
                },
                Element::Record => cx.record(raw.get()),
                Element::Any => cx.element(raw.get()),
            }
        }
        Ok(())
    }
}
