//! Finding the configuration: `--config PATH`, else `$RAMPART_CONFIG`, else `./rampart.toml`,
//! else the defaults. A file that was named but cannot be read or parsed is an error: a typo
//! must not silently fall back to defaults.

use std::path::{Path, PathBuf};

use rampart_checks::Config;

use crate::Error;

/// The file named by `--config` or `$RAMPART_CONFIG`, if any.
pub fn named(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("RAMPART_CONFIG").map(PathBuf::from))
}

pub fn load(explicit: Option<&Path>) -> Result<Config, Error> {
    let path = match named(explicit) {
        Some(p) => p,
        None => {
            let local = PathBuf::from("rampart.toml");
            if !local.is_file() {
                return Ok(Config::default());
            }
            local
        }
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::Usage(format!("cannot read the config file `{}`: {e}", path.display())))?;
    let config: Config = toml::from_str(&text).map_err(|e: toml::de::Error| {
        let line = e.span().map_or(1, |s| text[..s.start].matches('\n').count() + 1);
        Error::Usage(format!(
            "config file `{}`, line {line}: {}",
            path.display(),
            e.message()
        ))
    })?;
    config
        .validate()
        .map_err(|e| Error::Usage(format!("config file `{}`: {e}", path.display())))?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example file says its uncommented values are the defaults: hold it to that, so an
    /// example value never reads as what rampart does without a configuration.
    #[test]
    fn the_example_configuration_is_the_defaults() {
        let text = include_str!("../../../rampart.example.toml");
        let parsed: Config = toml::from_str(text).unwrap();
        assert_eq!(parsed, Config::default());
    }
}
