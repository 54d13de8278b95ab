//! Any bytes as one file of an export: the importer returns an inventory or an error, never
//! panics, never hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = rampart_inventory::import_bytes(data, "us-east-1");
});
