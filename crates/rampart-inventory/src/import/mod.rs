//! Offline import of a folder of AWS API JSON responses, as the AWS CLI writes them.
//!
//! - A file is recognised by its top-level keys (`SecurityGroups`, `Reservations`, …), never
//!   by its name. Files that hold no known key are skipped and listed in the report.
//! - The region of a file is the nearest region-named folder above it (`us-east-1/`); else it
//!   is read from the data (availability zones, ARNs); else from the other files of its folder.
//! - Paginated outputs split over several files merge; a resource seen twice is kept once.
//! - `{"RampartError": {...}}` files (written by `rampart export-script` when a call fails)
//!   turn into coverage entries, so a denied call is reported as not evaluated, never a pass.
//! - Malformed JSON is an error naming the file and the JSON path inside it; so is a `.json`
//!   file that holds no JSON at all (binary bytes, another encoding): it is never "missing".
//! - A folder from which no AWS response was read (empty, only unknown files, every call
//!   failed) is an error naming the folder: an audit that read nothing has no verdict.

mod accumulate;
mod cloudmapper;
mod convert;
pub mod credential_report;
mod policy;
pub(crate) mod raw;
pub mod region;
pub mod timestamp;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::Inventory;
use accumulate::Accumulator;

/// What the importer did besides building the inventory.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ImportReport {
    /// Files whose content was used.
    pub files_read: usize,
    /// JSON files that hold no AWS response rampart reads, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// Things the user should know (a region guessed, a status with no trail to attach to).
    pub notes: Vec<String>,
}

/// A file that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {message}", file.display())]
pub struct FileError {
    pub file: PathBuf,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read `{}`: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("`{}` is not a folder of AWS CLI JSON exports", path.display())]
    NotAFolder { path: PathBuf },
    #[error("{} (and {} more file(s) with errors)", errors[0], errors.len() - 1)]
    Files { errors: Vec<FileError> },
    /// Nothing in the folder answered for any kind: an audit of it would judge nothing.
    #[error("nothing was read from `{}`: {why}", path.display())]
    NothingRead { path: PathBuf, why: String },
}

/// Reads an export folder into an inventory.
pub fn import_dir(root: &Path) -> Result<(Inventory, ImportReport), ImportError> {
    if !root.is_dir() {
        return Err(ImportError::NotAFolder { path: root.to_owned() });
    }
    let mut files = Vec::new();
    walk(root, &mut files)?;
    files.sort();

    // Parse in parallel; merge in path order so the result does not depend on scheduling.
    let listed = files.len();
    let parsed: Vec<(PathBuf, Result<FileContent, String>)> = files
        .into_par_iter()
        .map(|f| {
            let r = parse_file(&f);
            (f, r)
        })
        .collect();

    let mut errors = Vec::new();
    let mut report = ImportReport::default();
    let mut docs = Vec::new();
    let mut unread = Vec::new();
    for (file, result) in parsed {
        let rel = file.strip_prefix(root).unwrap_or(&file).to_owned();
        match result {
            Err(message) => errors.push(FileError { file: rel, message }),
            Ok((Parsed::Skip(reason), group_ids)) => {
                unread.push(crate::model::UnreadResponse {
                    file: rel.display().to_string(),
                    region: folder_region(&rel),
                    reason: reason.clone(),
                    group_ids,
                });
                report.skipped.push((rel, reason));
            }
            Ok((parsed, _)) => docs.push((rel, parsed)),
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Files { errors });
    }

    let regions = assign_regions(&docs, &mut report);
    let mut acc = Accumulator::default();
    for ((file, parsed), region) in docs.into_iter().zip(regions) {
        report.files_read += 1;
        match parsed {
            Parsed::Document(doc) => acc.add(*doc, &region, &file, &mut report),
            Parsed::CredentialReport(text) => acc.add_credential_report(&text, None, &file, &mut report),
            Parsed::Skip(_) => {}
        }
    }
    let mut inventory = acc.finish(&mut report);
    inventory.source = root.display().to_string();
    inventory.unread_responses = unread;
    if !inventory.read_anything() {
        return Err(ImportError::NothingRead {
            path: root.to_owned(),
            why: nothing_read(listed, &report),
        });
    }
    Ok((inventory, report))
}

/// Why a folder gave nothing: no files, only files rampart does not read, or only failed calls.
fn nothing_read(listed: usize, report: &ImportReport) -> String {
    if listed == 0 {
        return "it holds no `.json`, `.json.gz` or `.csv` file (pass the folder `rampart export-script` wrote)".into();
    }
    let mut parts = Vec::new();
    if !report.skipped.is_empty() {
        let names: Vec<String> = report
            .skipped
            .iter()
            .take(3)
            .map(|(f, why)| format!("`{}` ({why})", f.display()))
            .collect();
        let more = report.skipped.len().saturating_sub(names.len());
        parts.push(format!(
            "{} file(s) hold no AWS response rampart reads: {}{}",
            report.skipped.len(),
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if report.files_read > 0 {
        parts.push(format!(
            "its {} other file(s) record only failed calls (`RampartError`) or no resource data",
            report.files_read
        ));
    }
    if parts.is_empty() {
        parts.push(format!(
            "its {listed} file(s) answer for no kind of resource rampart judges"
        ));
    }
    parts.join("; ")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    let io = |source| ImportError::Io {
        path: dir.to_owned(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let file_type = entry.file_type().map_err(io)?;
        if file_type.is_dir() {
            walk(&path, out)?;
        } else if name.ends_with(".json")
            || name.ends_with(".json.gz")
            || name.ends_with(".csv")
            || cloudmapper::is_per_resource(&path)
        {
            out.push(path);
        }
    }
    Ok(())
}

enum Parsed {
    Document(Box<raw::Document>),
    CredentialReport(String),
    Skip(String),
}

/// A file's content, and for a file rampart does not read, the security groups it names.
type FileContent = (Parsed, Vec<String>);

fn parse_file(path: &Path) -> Result<FileContent, String> {
    let mut bytes = read_bytes(path)?;
    if cloudmapper::is_per_resource(path) {
        let answer: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("a CloudMapper answer that is not JSON: {e}"))?;
        bytes = serde_json::to_vec(&cloudmapper::wrap(path, answer)).map_err(|e| e.to_string())?;
    }
    let csv = path.to_string_lossy().ends_with(".csv");
    let parsed = parse_bytes(&bytes, if csv { Expect::Csv } else { Expect::Json })?;
    let groups = match &parsed {
        Parsed::Skip(_) => group_ids_in(&bytes),
        _ => Vec::new(),
    };
    Ok((parsed, groups))
}

/// Every `sg-` followed by 8 or 17 hex digits (EC2 resource ids), sorted, once each. A tag
/// listing (`ec2 describe-tags`) names groups without using them: it names none here.
fn group_ids_in(bytes: &[u8]) -> Vec<String> {
    if bytes.windows(14).any(|w| w == b"\"ResourceType\"") && bytes.windows(6).any(|w| w == b"\"Tags\"") {
        return Vec::new();
    }
    let mut ids = std::collections::BTreeSet::new();
    for (i, _) in bytes.windows(3).enumerate().filter(|(_, w)| *w == b"sg-") {
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let hex = bytes[i + 3..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            .count();
        if hex == 8 || hex == 17 {
            if let Ok(id) = std::str::from_utf8(&bytes[i..i + 3 + hex]) {
                ids.insert(id.to_owned());
            }
        }
    }
    ids.into_iter().collect()
}

/// What a file's name says it holds.
#[derive(Clone, Copy, PartialEq)]
enum Expect {
    /// `.json`, `.json.gz`: an AWS response; anything that is not JSON is an error.
    Json,
    /// `.csv`: a credential report, else a file rampart does not read.
    Csv,
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let raw = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    if !path.to_string_lossy().ends_with(".gz") {
        return Ok(raw);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&raw[..])
        .read_to_end(&mut out)
        .map_err(|e| format!("not a complete gzip file ({e})"))?;
    Ok(out)
}

/// One AWS answer in the shape the AWS CLI prints it, as the live collector builds it.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveDocument {
    /// The region it was read in, or `global`.
    pub region: String,
    /// Where an export would have put it (`us-east-1/security-groups.json`): named in notes.
    pub label: String,
    pub json: serde_json::Value,
}

/// Builds the inventory from answers read live, through exactly the path an export folder
/// takes: the same shapes, the same merging, the same coverage (ARCHITECTURE.md, invariant 2).
/// An answer that does not fit its shape is an error naming it and the JSON path.
pub fn import_documents(source: &str, mut docs: Vec<LiveDocument>) -> Result<(Inventory, ImportReport), ImportError> {
    // In label order, as an export folder is merged in path order.
    docs.sort_by(|a, b| a.label.cmp(&b.label));
    let mut acc = Accumulator::default();
    let mut report = ImportReport::default();
    let mut errors = Vec::new();
    for doc in docs {
        let file = PathBuf::from(&doc.label);
        match serde_path_to_error::deserialize::<_, raw::Document>(doc.json) {
            Ok(d) => {
                report.files_read += 1;
                acc.add(d, &doc.region, &file, &mut report);
            }
            Err(e) => errors.push(FileError {
                message: format!("unexpected answer{}: {}", crate::json_path::at(e.path()), e.inner()),
                file,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Files { errors });
    }
    let mut inventory = acc.finish(&mut report);
    inventory.source = source.to_owned();
    Ok((inventory, report))
}

/// Imports the content of one file, as if it were the only file of an export in `region`.
/// Any bytes give an inventory or an error, never a panic (the fuzz target's entry point).
pub fn import_bytes(bytes: &[u8], region: &str) -> Result<Inventory, String> {
    let mut acc = Accumulator::default();
    let mut report = ImportReport::default();
    let file = Path::new("input.json");
    match parse_bytes(bytes, Expect::Json)? {
        Parsed::Document(doc) => acc.add(*doc, region, file, &mut report),
        Parsed::CredentialReport(text) => acc.add_credential_report(&text, None, file, &mut report),
        Parsed::Skip(reason) => return Err(reason),
    }
    Ok(acc.finish(&mut report))
}

/// Recognises one file's content.
fn parse_bytes(bytes: &[u8], expect: Expect) -> Result<Parsed, String> {
    let utf16 = utf16_to_utf8(bytes)?;
    let bytes = utf16.as_deref().unwrap_or(bytes);
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Ok(Parsed::Skip("empty file".into()));
    };
    if bytes[start..].starts_with(b"user,arn,") {
        let text = std::str::from_utf8(bytes).map_err(|_| "the credential report is not UTF-8 text".to_owned())?;
        return Ok(Parsed::CredentialReport(text.to_owned()));
    }
    match (bytes[start], expect) {
        (b'{', _) => {}
        (b'[', _) => {
            return Ok(Parsed::Skip(
                "a JSON array (a `--query` projection?), not an API response".into(),
            ))
        }
        (_, Expect::Csv) => return Ok(Parsed::Skip("a CSV file that is not a credential report".into())),
        (first, Expect::Json) => {
            let head: Vec<String> = bytes[start..].iter().take(8).map(|b| format!("{b:02x}")).collect();
            return Err(format!(
                "not JSON: an AWS CLI answer starts with `{{`, this file with byte 0x{first:02x} (first bytes {}): a damaged or binary file, or another encoding",
                head.join(" ")
            ));
        }
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let doc: raw::Document = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = crate::json_path::at(e.path());
        let inner = e.into_inner();
        let position = if inner.line() > 0 {
            format!(" (line {}, column {})", inner.line(), inner.column())
        } else {
            String::new()
        };
        format!("invalid JSON{path}{position}: {}", strip_position(&inner.to_string()))
    })?;
    if accumulate::is_empty(&doc) {
        return Ok(Parsed::Skip(
            "no AWS response rampart reads (unknown top-level keys)".into(),
        ));
    }
    Ok(Parsed::Document(Box::new(doc)))
}

/// A UTF-16 file (PowerShell 5's `>` writes UTF-16LE with a byte-order mark) as UTF-8;
/// None when the file has no UTF-16 byte-order mark.
fn utf16_to_utf8(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let little = match bytes {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return Ok(None),
    };
    let units = bytes[2..].chunks(2).map(|c| match (c, little) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        _ => 0xfffd,
    });
    let text: String = char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| "not JSON: a UTF-16 byte-order mark, but invalid UTF-16 after it".to_owned())?;
    Ok(Some(text.into_bytes()))
}

/// serde_json appends " at line L column C"; we print the position once, ourselves.
fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

/// The region of each document: its folder's, else its data's, else its folder-mates', else
/// the only region of the import, else `unknown`.
/// The nearest region-named folder above a file.
fn folder_region(file: &Path) -> Option<String> {
    file.parent()?
        .components()
        .rev()
        .filter_map(|c| c.as_os_str().to_str())
        .find(|c| region::is_region(c))
        .map(String::from)
}

fn assign_regions(docs: &[(PathBuf, Parsed)], report: &mut ImportReport) -> Vec<String> {
    let from_folder = folder_region;
    let first: Vec<Option<String>> = docs
        .iter()
        .map(|(file, parsed)| {
            from_folder(file).or_else(|| match parsed {
                Parsed::Document(doc) => accumulate::region_in_data(doc),
                _ => None,
            })
        })
        .collect();

    let mut by_dir: BTreeMap<&Path, BTreeMap<&str, usize>> = BTreeMap::new();
    for ((file, _), region) in docs.iter().zip(&first) {
        if let (Some(dir), Some(region)) = (file.parent(), region) {
            *by_dir.entry(dir).or_default().entry(region).or_default() += 1;
        }
    }
    let all: std::collections::BTreeSet<&str> = first.iter().flatten().map(String::as_str).collect();
    let only = (all.len() == 1)
        .then(|| all.iter().next().map(|s| s.to_string()))
        .flatten();

    let mut guessed = Vec::new();
    let out = docs
        .iter()
        .zip(&first)
        .map(|((file, parsed), region)| {
            if let Some(r) = region {
                return r.clone();
            }
            let from_dir = file
                .parent()
                .and_then(|d| by_dir.get(d))
                .and_then(|counts| counts.iter().max_by_key(|(_, n)| **n).map(|(r, _)| r.to_string()));
            let region = from_dir.or_else(|| only.clone()).unwrap_or_else(|| "unknown".into());
            if matches!(parsed, Parsed::Document(doc) if accumulate::has_regional_data(doc)) {
                guessed.push(format!("{} → {region}", file.display()));
            }
            region
        })
        .collect();
    if !guessed.is_empty() {
        report.notes.push(format!(
            "{} file(s) are not in a region-named folder; their region was inferred: {}",
            guessed.len(),
            guessed.join(", ")
        ));
    }
    out
}
