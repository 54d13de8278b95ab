//! `rampart suppress`: appends a `[[suppress]]` entry to the configuration file, keeping the
//! rest of the file as it was, and checks that the file still loads.

use std::path::{Path, PathBuf};

use rampart_checks::Suppression;

use crate::Error;

pub struct Request<'a> {
    pub check: &'a str,
    pub resource: &'a str,
    pub reason: &'a str,
    pub owner: &'a str,
    pub expires: &'a str,
    /// Days since 1970-01-01 today: the expiry must be later.
    pub today: i64,
}

/// The file written: `--config`, else `$RAMPART_CONFIG`, else `./rampart.toml` (created).
pub fn target(explicit: Option<&Path>) -> PathBuf {
    crate::config::named(explicit).unwrap_or_else(|| PathBuf::from("rampart.toml"))
}

pub fn run(path: &Path, request: &Request) -> Result<u8, Error> {
    let entry = Suppression {
        check: request.check.to_string(),
        resource: request.resource.to_string(),
        reason: request.reason.to_string(),
        owner: request.owner.to_string(),
        expires: request.expires.to_string(),
    };
    entry.validate().map_err(Error::Usage)?;
    if rampart_checks::days::day_number(&entry.expires).is_some_and(|d| d <= request.today) {
        return Err(Error::Usage(format!(
            "`--expires {}` is not in the future: a suppression must end on a later day",
            entry.expires
        )));
    }
    let before = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::Usage(format!("cannot read `{}`: {e}", path.display()))),
    };
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut text = before.clone().unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&format!(
        "[[suppress]]\ncheck = {}\nresource = {}\nreason = {}\nowner = {}\nexpires = {}\n",
        quote(&entry.check),
        quote(&entry.resource),
        quote(&entry.reason),
        quote(&entry.owner),
        quote(&entry.expires)
    ));
    let write =
        |t: &str| std::fs::write(path, t).map_err(|e| Error::Usage(format!("cannot write `{}`: {e}", path.display())));
    write(&text)?;
    // The file must still load; if it does not (it did not before either, or the entry
    // clashes with its layout), put it back as it was.
    if let Err(e) = crate::config::load(Some(path)) {
        match &before {
            Some(original) => write(original)?,
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
        return Err(e);
    }
    eprintln!(
        "suppressed `{}` on `{}` until {} in `{}` (owner {})",
        entry.check,
        entry.resource,
        entry.expires,
        path.display(),
        entry.owner
    );
    Ok(0)
}
