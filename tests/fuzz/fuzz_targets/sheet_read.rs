//! Fuzzes the workbook path: arbitrary bytes as an .xlsx, .xlsb, .xls or .ods file (the first
//! byte picks which), read by ovop's sheet reader: its container checks (zip parts measured,
//! OLE header, ODS repeats), calamine behind its panic guard, and the rows it streams. Nothing
//! may panic out of the reader, and memory must stay bounded (libFuzzer's -rss_limit_mb).
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The crate's `bad_input!` builds an error that carries exit code 2; here any error will do.
#[macro_export]
macro_rules! bad_input {
    ($($arg:tt)*) => { anyhow::anyhow!($($arg)*) };
}

pub mod read;

/// `crate::ingest::read` as the readers name it.
mod ingest {
    pub use crate::read;
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else { return };
    let ext = ["xlsx", "xlsb", "xls", "ods"][kind as usize % 4];
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("f.{ext}"));
    std::fs::write(&path, bytes).expect("write");
    let Ok(mut source) = read::sheet::SheetSource::open(&path, None) else { return };
    let mut last = 0;
    while let Ok(Some(record)) = source.next_record() {
        assert!(record.line > last || last == 0, "rows come in order");
        last = record.line;
    }
});
