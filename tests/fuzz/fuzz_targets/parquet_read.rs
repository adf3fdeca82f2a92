//! Fuzzes the Parquet path: arbitrary bytes as a `.parquet` file, opened and read
//! to the end by ovop's reader (polars underneath). Every failure must be bad
//! input (exit 2), and a panic may only happen inside polars, where the reader
//! catches it; any other panic aborts as a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ovop::error::exit_code;
use ovop::ingest::read::Source;

static HOOK: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    // Wraps libFuzzer's aborting hook: quiet only inside `catch_input_panic`.
    HOOK.call_once(ovop::ingest::read::install_panic_hook);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("f.parquet");
    std::fs::write(&path, data).expect("write");
    let mut source = match Source::open(&path, None) {
        Ok(source) => source,
        Err(e) => {
            assert_eq!(exit_code(&e), 2, "open: {e:#}");
            return;
        }
    };
    let mut last = 0;
    loop {
        match source.next_record(&path) {
            Ok(Some(record)) => {
                assert!(record.line > last, "rows come in order");
                last = record.line;
            }
            Ok(None) => break,
            Err(e) => {
                assert_eq!(exit_code(&e), 2, "read: {e:#}");
                break;
            }
        }
    }
});
