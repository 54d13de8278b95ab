//! Log-file integrity from CloudTrail digest files (CloudTrail user guide, "CloudTrail digest
//! file structure" and "Custom implementations of CloudTrail log file integrity validation"):
//! every hour a digest lists the log files delivered in the hour, each with the hex SHA-256 of
//! its uncompressed content (`logFiles[].hashValue`), and names the previous digest with the
//! hex SHA-256 of that digest's uncompressed content (`previousDigestHashValue`).
//!
//! rampart checks both links — each log file against its digest, each digest against the one
//! before — and reports log files that are missing, altered, or in no digest.
//!
//! Signatures ([`verify_signatures`]): each digest is signed (SHA256withRSA, PKCS#1 v1.5) over the
//! data signing string `digestEndTime \n digestS3Bucket/digestS3Object \n
//! hex(SHA-256(uncompressed digest)) \n previousDigestSignature` (`null` for the first), the
//! signature hex-encoded in the S3 object's `x-amz-meta-signature` metadata, the key the regional
//! public key of `ListPublicKeys` whose fingerprint the digest names. A downloaded folder has no
//! object metadata: signatures are checked when the digests are read from S3.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct DigestFile {
    digest_end_time: Option<String>,
    #[serde(rename = "digestS3Object")]
    digest_s3_object: Option<String>,
    #[serde(rename = "previousDigestS3Object")]
    previous_digest_s3_object: Option<String>,
    previous_digest_hash_value: Option<String>,
    log_files: Vec<LogFileEntry>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct LogFileEntry {
    #[serde(rename = "s3Object")]
    s3_object: String,
    hash_value: String,
    hash_algorithm: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Integrity {
    pub digests: usize,
    pub log_files_listed: usize,
    pub log_files_verified: usize,
    /// Listed in a digest, with a different hash here: altered after delivery.
    pub altered: Vec<String>,
    /// Listed in a digest, not in the files given.
    pub missing: Vec<String>,
    /// Log files given that no digest lists (delivered without validation, or added).
    pub unlisted: Vec<String>,
    /// Digests whose previous digest has another hash than they say.
    pub chain_broken: Vec<String>,
    /// Digests whose previous digest is not in the files given.
    pub chain_missing: Vec<String>,
    /// Files that could not be read.
    pub unreadable: Vec<String>,
    pub signatures: Signatures,
    /// The verdict, set by [`Integrity::conclude`] once signatures are in: intact only when
    /// something was verified and nothing is wrong.
    pub intact: bool,
    /// Why nothing was verified, when nothing was.
    pub nothing_verified: Option<String>,
}

/// What the digests' signatures say.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Signatures {
    pub checked: bool,
    pub verified: usize,
    /// Digests whose signature does not verify: the digest was altered, or not signed by CloudTrail.
    pub invalid: Vec<String>,
    /// Digests without a signature, or signed by a key `ListPublicKeys` did not return.
    pub unverifiable: Vec<String>,
    pub note: String,
}

impl Integrity {
    /// Intact only on evidence: at least one log file verified against its digest, and every
    /// log file given covered by one (a file no digest lists is unverified, not intact).
    pub fn intact(&self) -> bool {
        self.log_files_verified > 0
            && self.unlisted.is_empty()
            && self.altered.is_empty()
            && self.missing.is_empty()
            && self.chain_broken.is_empty()
            && self.unreadable.is_empty()
            && self.signatures.invalid.is_empty()
    }
}

impl Integrity {
    /// Sets the verdict fields from what was found.
    pub fn conclude(&mut self) {
        self.intact = self.intact();
        self.nothing_verified = self.why_nothing_verified();
    }

    /// Why nothing was verified, when nothing was.
    pub fn why_nothing_verified(&self) -> Option<String> {
        if self.log_files_verified > 0 {
            return None;
        }
        Some(if self.digests == 0 {
            format!(
                "no CloudTrail digest file (CloudTrail-Digest) among the files given, {} log file(s) unverified",
                self.unlisted.len()
            )
        } else if self.log_files_listed == 0 {
            format!("the {} digest file(s) list no log file", self.digests)
        } else {
            format!(
                "none of the {} log file(s) the digests list could be verified",
                self.log_files_listed
            )
        })
    }
}

/// A CloudTrail public key: its fingerprint and DER (PKCS#1 RSAPublicKey) bytes.
#[derive(Debug, Clone)]
pub struct PublicKey {
    pub fingerprint: String,
    pub der: Vec<u8>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct SigningFields {
    digest_end_time: Option<String>,
    #[serde(rename = "digestS3Bucket")]
    digest_s3_bucket: Option<String>,
    #[serde(rename = "digestS3Object")]
    digest_s3_object: Option<String>,
    previous_digest_signature: Option<String>,
    digest_public_key_fingerprint: Option<String>,
}

/// Checks each digest's signature (`digests`: the digest file and the hex signature of its S3
/// object's metadata) with the public keys.
pub fn verify_signatures(digests: &[(PathBuf, Option<String>)], keys: &[PublicKey]) -> Signatures {
    use rsa::pkcs1::DecodeRsaPublicKey;
    let mut out = Signatures {
        checked: true,
        note: format!("{} public key(s) from ListPublicKeys", keys.len()),
        ..Signatures::default()
    };
    for (path, signature) in digests {
        let name = path.display().to_string();
        let Some(signature) = signature.as_deref().and_then(|s| hex::decode(s.trim()).ok()) else {
            out.unverifiable
                .push(format!("{name}: no signature in the object's metadata"));
            continue;
        };
        let fields = match read_bytes(path).and_then(|b| {
            serde_json::from_slice::<SigningFields>(&b)
                .map(|f| (f, b))
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        }) {
            Ok(f) => f,
            Err(e) => {
                out.unverifiable.push(format!("{name}: {e}"));
                continue;
            }
        };
        let (f, content) = fields;
        let Some(key) = keys
            .iter()
            .find(|k| Some(&k.fingerprint) == f.digest_public_key_fingerprint.as_ref())
        else {
            out.unverifiable.push(format!(
                "{name}: signed by key {:?}, which ListPublicKeys did not return",
                f.digest_public_key_fingerprint
            ));
            continue;
        };
        let data = format!(
            "{}\n{}/{}\n{}\n{}",
            f.digest_end_time.unwrap_or_default(),
            f.digest_s3_bucket.unwrap_or_default(),
            f.digest_s3_object.unwrap_or_default(),
            hex(&Sha256::digest(&content)),
            f.previous_digest_signature.unwrap_or_else(|| "null".into())
        );
        let verified = rsa::RsaPublicKey::from_pkcs1_der(&key.der).is_ok_and(|k| {
            k.verify(
                rsa::Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(data.as_bytes()),
                &signature,
            )
            .is_ok()
        });
        if verified {
            out.verified += 1;
        } else {
            out.invalid.push(name);
        }
    }
    out
}

/// A file's uncompressed bytes.
fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut f = std::io::BufReader::new(std::fs::File::open(path)?);
    let gzip = std::io::BufRead::fill_buf(&mut f)?.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn Read> = if gzip {
        Box::new(flate2::bufread::MultiGzDecoder::new(f))
    } else {
        Box::new(f)
    };
    let mut out = Vec::new();
    reader.read_to_end(&mut out)?;
    Ok(out)
}

/// The SHA-256 (hex) of a file's uncompressed content, streamed.
fn sha256_uncompressed(path: &Path) -> std::io::Result<String> {
    let mut f = std::io::BufReader::new(std::fs::File::open(path)?);
    let gzip = std::io::BufRead::fill_buf(&mut f)?.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn Read> = if gzip {
        Box::new(flate2::bufread::MultiGzDecoder::new(f))
    } else {
        Box::new(f)
    };
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn read_json(path: &Path) -> std::io::Result<DigestFile> {
    let mut f = std::io::BufReader::new(std::fs::File::open(path)?);
    let gzip = std::io::BufRead::fill_buf(&mut f)?.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn Read> = if gzip {
        Box::new(flate2::bufread::MultiGzDecoder::new(f))
    } else {
        Box::new(f)
    };
    serde_json::from_reader(reader).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Checks the digests and log files among `files` (S3 keys are matched to local paths by
/// their trailing path, so a folder downloaded from the bucket at any level works).
pub fn verify(files: &[PathBuf]) -> Integrity {
    let mut report = Integrity {
        signatures: Signatures {
            note: "not checked: digest signatures are S3 object metadata (x-amz-meta-signature), not in local files; verify s3://… to check them".into(),
            ..Signatures::default()
        },
        ..Integrity::default()
    };
    let key_of = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let (digest_paths, log_paths): (Vec<&PathBuf>, Vec<&PathBuf>) = files.iter().partition(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().contains("CloudTrail-Digest"))
    });
    let find = |paths: &[&PathBuf], key: &str| -> Option<PathBuf> {
        let suffix = format!("/{key}");
        paths
            .iter()
            .find(|p| {
                let k = key_of(p);
                k == key || k.ends_with(&suffix)
            })
            .map(|p| (*p).clone())
    };
    let mut digests: BTreeMap<(String, String), (PathBuf, DigestFile)> = BTreeMap::new();
    for p in &digest_paths {
        match read_json(p) {
            Ok(d) => {
                let folder = d
                    .digest_s3_object
                    .as_deref()
                    .and_then(|k| k.rsplit_once('/'))
                    .map(|(f, _)| f.to_owned())
                    .unwrap_or_default();
                digests.insert(
                    (d.digest_end_time.clone().unwrap_or_default(), folder + &key_of(p)),
                    ((*p).clone(), d),
                );
            }
            Err(e) => report.unreadable.push(format!("{}: {e}", p.display())),
        }
    }
    report.digests = digests.len();
    let mut listed: HashMap<PathBuf, ()> = HashMap::new();
    for (path, d) in digests.values() {
        for entry in &d.log_files {
            report.log_files_listed += 1;
            let Some(local) = find(&log_paths, &entry.s3_object) else {
                report.missing.push(entry.s3_object.clone());
                continue;
            };
            listed.insert(local.clone(), ());
            if entry.hash_algorithm.as_deref().is_some_and(|a| a != "SHA-256") {
                report.unreadable.push(format!(
                    "{}: hash algorithm {:?} is not SHA-256",
                    entry.s3_object, entry.hash_algorithm
                ));
                continue;
            }
            match sha256_uncompressed(&local) {
                Ok(h) if h.eq_ignore_ascii_case(&entry.hash_value) => report.log_files_verified += 1,
                Ok(_) => report.altered.push(entry.s3_object.clone()),
                Err(e) => report.unreadable.push(format!("{}: {e}", local.display())),
            }
        }
        if let (Some(prev), Some(expected)) = (&d.previous_digest_s3_object, &d.previous_digest_hash_value) {
            match digest_paths
                .iter()
                .find(|p| key_of(p).ends_with(&format!("/{prev}")) || key_of(p) == *prev)
            {
                None => report.chain_missing.push(format!("{} names {prev}", path.display())),
                Some(p) => match sha256_uncompressed(p) {
                    Ok(h) if h.eq_ignore_ascii_case(expected) => {}
                    Ok(_) => report
                        .chain_broken
                        .push(format!("{prev} (named by {})", path.display())),
                    Err(e) => report.unreadable.push(format!("{}: {e}", p.display())),
                },
            }
        }
    }
    for p in log_paths {
        if !listed.contains_key(p) {
            report.unlisted.push(key_of(p));
        }
    }
    report.conclude();
    report
}
