//! Test-only fault injection: `OVOP_FAULT=rows:N` aborts an ingest after N
//! rows, `OVOP_FAULT=publish` aborts after a batch's files are moved into the
//! lake but before the manifest names them. Tests use it to show that a
//! killed ingest leaves the previous lake intact. Abort, not panic: it must
//! look like `kill -9`, with no destructors or cleanup running.

use std::sync::OnceLock;

fn setting() -> Option<&'static str> {
    static FAULT: OnceLock<Option<String>> = OnceLock::new();
    FAULT
        .get_or_init(|| std::env::var("OVOP_FAULT").ok())
        .as_deref()
}

/// Aborts the process when the fault named `point` is set.
pub fn point(point: &str) {
    if setting() == Some(point) {
        eprintln!("OVOP_FAULT={point}: aborting on purpose");
        std::process::abort();
    }
}

/// Aborts the process once `rows` rows have been read, when `rows:N` is set.
/// Ingest calls it per batch of rows (32,768), so it fires after the batch
/// that holds row N, before that batch is written.
pub fn after_rows(rows: u64) {
    if let Some(n) = setting()
        .and_then(|s| s.strip_prefix("rows:"))
        .and_then(|n| n.parse::<u64>().ok())
    {
        if rows >= n {
            eprintln!("OVOP_FAULT=rows:{n}: aborting on purpose");
            std::process::abort();
        }
    }
}
