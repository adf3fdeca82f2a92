//! Test-only fault injection: `OVOP_FAULT=rows:N` aborts an ingest after N
//! rows, `OVOP_FAULT=publish` aborts after a batch's files are moved into the
//! lake but before the manifest names them. Tests use it to show that a
//! killed ingest leaves the previous lake intact. Abort, not panic: it must
//! look like `kill -9`, with no destructors or cleanup running.
//! `OVOP_FAULT=pause:rows:N` and `pause:marts` stop instead (the process
//! sleeps after saying so on stderr), so a test can press Ctrl-C at a known
//! step: while an ingest is staged, or while the marts are temporary files.
//!
//! Only with the `fault-injection` feature (the test command enables it);
//! without it every hook is an empty function and `OVOP_FAULT` is ignored.

#[cfg(feature = "fault-injection")]
use std::sync::OnceLock;

/// Without the feature there is no setting, so every hook below compiles to nothing.
#[cfg(not(feature = "fault-injection"))]
fn setting() -> Option<&'static str> {
    None
}

#[cfg(feature = "fault-injection")]
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

/// Sleeps forever, after saying so, when `pause:<point>` is set.
pub fn pause(point: &str) {
    if setting().and_then(|s| s.strip_prefix("pause:")) == Some(point) {
        hold(point);
    }
}

fn hold(what: &str) {
    eprintln!("OVOP_FAULT=pause:{what}: paused on purpose");
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
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
    if let Some(n) = setting()
        .and_then(|s| s.strip_prefix("pause:rows:"))
        .and_then(|n| n.parse::<u64>().ok())
    {
        if rows >= n {
            hold(&format!("rows:{n}"));
        }
    }
}
