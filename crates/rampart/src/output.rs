//! Writing to the terminal: reports to stdout (a closed pipe is not an error), colour only
//! where a person reads it.

use std::io::{IsTerminal, Write};

use crate::cli::ColorChoice;
use crate::Error;

pub fn stdout(text: &str) -> Result<(), Error> {
    stdout_with(|w| w.write_all(text.as_bytes()))
}

/// Runs a writer on buffered stdout; a closed pipe ends the output quietly.
pub fn stdout_with(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Error> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match f(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        _ => Ok(()),
    }
}

/// `auto` colours a terminal unless `NO_COLOR` is set to anything non-empty (no-color.org)
/// or `TERM=dumb`.
pub fn color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
                && std::io::stdout().is_terminal()
        }
    }
}

/// A report as pretty JSON after its envelope, or as the text `text` renders; exit code 0.
pub fn report<T: serde::Serialize>(
    format: crate::cli::ExposureFormat,
    envelope: rampart_report::envelope::Envelope,
    body: &T,
    text: impl FnOnce() -> String,
) -> Result<u8, Error> {
    match format {
        crate::cli::ExposureFormat::Json => stdout(&json(envelope, body)?)?,
        crate::cli::ExposureFormat::Text => stdout(&text())?,
    }
    Ok(0)
}

/// A file is written only into a folder that exists: a typo in a path is said, not made.
pub fn folder_exists(folder: &std::path::Path, what: &str) -> Result<(), Error> {
    if folder.as_os_str().is_empty() || folder.is_dir() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "cannot write the {what} into `{}`: that folder does not exist",
        folder.display()
    )))
}

/// `body` as pretty JSON after its envelope, ending in a newline.
pub fn json<T: serde::Serialize>(envelope: rampart_report::envelope::Envelope, body: &T) -> Result<String, Error> {
    envelope.render(body).map_err(|e| Error::Source(e.to_string()))
}
