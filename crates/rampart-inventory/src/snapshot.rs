//! Snapshot files: an inventory written once and replayed later, without credentials.
//!
//! Format: gzip-compressed JSON `{"format": "rampart-snapshot", "version": 1, "inventory": {…}}`.
//! A reader refuses versions it does not know rather than guessing.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Inventory;

pub const FORMAT: &str = "rampart-snapshot";
pub const VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("cannot read `{}`: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write `{}`: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("`{}` is not a rampart snapshot: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("`{}` is a version {found} snapshot; this rampart reads version {VERSION}", path.display())]
    Version { path: PathBuf, found: u32 },
}

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'static str,
    version: u32,
    inventory: &'a Inventory,
}

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct EnvelopeOwned {
    inventory: Inventory,
}

pub fn write_snapshot(inventory: &Inventory, path: &Path) -> Result<(), SnapshotError> {
    let err = |source| SnapshotError::Write {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::create(path).map_err(err)?;
    // Fast compression: snapshots are written on every collect; level 1 keeps most of the gain.
    let gz = flate2::write::GzEncoder::new(BufWriter::new(file), flate2::Compression::fast());
    let mut buffered = BufWriter::with_capacity(1 << 16, gz);
    serde_json::to_writer(
        &mut buffered,
        &Envelope {
            format: FORMAT,
            version: VERSION,
            inventory,
        },
    )
    .map_err(|e| err(std::io::Error::other(e)))?;
    let gz = buffered.into_inner().map_err(|e| err(e.into_error()))?;
    gz.finish().map_err(err)?.flush().map_err(err)
}

/// True when the file starts with the gzip magic number (a snapshot, not an export folder).
pub fn is_snapshot(path: &Path) -> bool {
    let mut magic = [0u8; 2];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok()
        && magic == [0x1f, 0x8b]
}

pub fn read_snapshot(path: &Path) -> Result<Inventory, SnapshotError> {
    let file = std::fs::File::open(path).map_err(|source| SnapshotError::Read {
        path: path.to_owned(),
        source,
    })?;
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(BufReader::new(file))
        .read_to_end(&mut text)
        .map_err(|e| SnapshotError::Invalid {
            path: path.to_owned(),
            message: format!("not a complete gzip file ({e})"),
        })?;
    let invalid = |message: String| SnapshotError::Invalid {
        path: path.to_owned(),
        message,
    };
    let header: Header = serde_json::from_slice(&text).map_err(|e| invalid(e.to_string()))?;
    if header.format != FORMAT {
        return Err(invalid(format!("format is `{}`", header.format)));
    }
    if header.version != VERSION {
        return Err(SnapshotError::Version {
            path: path.to_owned(),
            found: header.version,
        });
    }
    let envelope: EnvelopeOwned = serde_json::from_slice(&text).map_err(|e| invalid(e.to_string()))?;
    Ok(envelope.inventory)
}
