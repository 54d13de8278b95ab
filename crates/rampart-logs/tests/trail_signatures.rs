//! Digest signatures (SHA256withRSA over the data signing string of the CloudTrail user guide),
//! with a key made here: a signed digest verifies; an altered one, an unsigned one and one
//! signed by a key ListPublicKeys did not return are reported.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_logs::trail::digest::{verify_signatures, PublicKey};
use rsa::pkcs1::EncodeRsaPublicKey;
use sha2::{Digest, Sha256};

#[test]
fn signatures_verify_and_tampering_is_reported() {
    let private = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 1024).unwrap();
    let der = private.to_public_key().to_pkcs1_der().unwrap().as_bytes().to_vec();
    let keys = [PublicKey {
        fingerprint: "f1".into(),
        der,
    }];
    let dir = tempfile::tempdir().unwrap();
    let digest = |name: &str, fingerprint: &str| {
        let body = serde_json::json!({
            "digestEndTime": "2026-11-30T15:00:00Z", "digestS3Bucket": "trail-logs",
            "digestS3Object": format!("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/30/{name}"),
            "digestPublicKeyFingerprint": fingerprint, "previousDigestSignature": "ab12", "logFiles": [],
        })
        .to_string();
        let path = dir.path().join(name);
        std::fs::write(&path, &body).unwrap();
        let data = format!(
            "2026-11-30T15:00:00Z\ntrail-logs/AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/30/{name}\n{}\nab12",
            hex::encode(Sha256::digest(body.as_bytes()))
        );
        let signature = private
            .sign(rsa::Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(data.as_bytes()))
            .unwrap();
        (path, Some(hex::encode(signature)))
    };
    let good = digest("a_CloudTrail-Digest_1.json", "f1");
    let (altered_path, altered_sig) = digest("b_CloudTrail-Digest_2.json", "f1");
    let text = std::fs::read_to_string(&altered_path)
        .unwrap()
        .replace("15:00:00", "16:00:00");
    std::fs::write(&altered_path, text).unwrap();
    let (unsigned_path, _) = digest("c_CloudTrail-Digest_3.json", "f1");
    let foreign = digest("d_CloudTrail-Digest_4.json", "other-key");
    let report = verify_signatures(
        &[good, (altered_path, altered_sig), (unsigned_path, None), foreign],
        &keys,
    );
    assert!(report.checked);
    assert_eq!(report.verified, 1);
    assert_eq!(report.invalid.len(), 1);
    assert!(report.invalid[0].ends_with("b_CloudTrail-Digest_2.json"));
    assert_eq!(report.unverifiable.len(), 2, "{:?}", report.unverifiable);
}
