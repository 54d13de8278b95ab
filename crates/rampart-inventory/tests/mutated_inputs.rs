//! The fuzz target's property, run in every test pass: real export files, truncated and
//! mutated at random, give an inventory or an error from the importer — never a panic.
//! `cargo fuzz run import_document` explores further (fuzz/README.md).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use proptest::prelude::*;
use rampart_inventory::import_bytes;

fn seeds() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/import_document");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn mutated_real_files_never_panic(
        seed in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
    ) {
        let seeds = seeds();
        let mut bytes = seeds[seed.index(seeds.len())].clone();
        for (at, byte) in flips {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
        }
        let len = bytes.len();
        bytes.truncate(cut.index(len + 1));
        let _ = import_bytes(&bytes, "us-east-1");
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = import_bytes(&bytes, "us-east-1");
    }
}

#[test]
fn every_seed_imports() {
    for (i, seed) in seeds().iter().enumerate() {
        // Seeds are real files: each is either read or skipped with a reason, never an error.
        match import_bytes(seed, "us-east-1") {
            Ok(_) => {}
            Err(reason) => assert!(
                reason.contains("no AWS response") || reason.contains("array"),
                "seed {i}: {reason}"
            ),
        }
    }
}
