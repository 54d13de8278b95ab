//! Where an inventory comes from: an export folder or a snapshot file.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use rampart_inventory::{import_dir, is_snapshot, read_snapshot, Inventory};

use crate::Error;

pub fn load(path: &Path, verbose: bool) -> Result<Inventory, Error> {
    if !path.exists() {
        return Err(Error::Usage(format!(
            "`{}` does not exist: pass an export folder or a snapshot file",
            path.display()
        )));
    }
    if path.is_file() {
        if !is_snapshot(path) {
            return Err(Error::Usage(format!(
                "`{}` is not a rampart snapshot: pass the export folder itself, or a file written by `rampart collect`",
                path.display()
            )));
        }
        return read_snapshot(path).map_err(|e| Error::Source(e.to_string()));
    }
    let started = Instant::now();
    let (inventory, report) = import_dir(path).map_err(|e| Error::Source(e.to_string()))?;
    if verbose || std::io::stderr().is_terminal() {
        eprintln!(
            "read {} file(s) from `{}` in {} ms",
            report.files_read,
            path.display(),
            started.elapsed().as_millis()
        );
    }
    if !report.skipped.is_empty() {
        if verbose {
            for (file, reason) in &report.skipped {
                eprintln!("skipped `{}`: {reason}", file.display());
            }
        } else {
            // Named, so that a reader knows what the audit did not look at.
            let names: Vec<String> = report
                .skipped
                .iter()
                .take(8)
                .map(|(f, _)| format!("`{}`", f.display()))
                .collect();
            let more = report.skipped.len() - names.len();
            eprintln!(
                "skipped {} file(s) that hold no AWS response rampart reads: {}{} (--verbose says why)",
                report.skipped.len(),
                names.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
        }
    }
    for note in &report.notes {
        if verbose || !note.contains("region was inferred") {
            eprintln!("note: {note}");
        }
    }
    Ok(inventory)
}
