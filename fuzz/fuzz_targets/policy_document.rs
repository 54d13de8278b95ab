//! Any bytes as an IAM policy document: parsing returns a policy or an error naming where,
//! and evaluating what parsed never panics, never hangs (the wildcard matcher is linear).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rampart_checks::policy::{decide, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(policy) = parse(text) {
        for action in ["iam:PassRole", "s3:GetObject", "*", ""] {
            let _ = decide([&policy], action, "arn:aws:s3:::bucket/key");
        }
    }
});
