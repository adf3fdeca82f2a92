//! Fuzzes the CSV path: arbitrary bytes as a file, read by ovop's CSV reader
//! (encoding, delimiter sniffing, quoting, line numbers), every field through
//! the code, number, share and date parsers. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The crate's `bad_input!` builds an error that carries exit code 2; here any error will do.
#[macro_export]
macro_rules! bad_input {
    ($($arg:tt)*) => { anyhow::anyhow!($($arg)*) };
}

#[path = "../../../pipeline/ingest/parse.rs"]
#[allow(dead_code)]
mod parse;

pub mod read;

/// `crate::ingest::read` as the readers name it.
mod ingest {
    pub use crate::read;
}

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    std::io::Write::write_all(&mut file, data).expect("write");
    let path = file.path().to_path_buf();
    let Ok(mut source) = read::csv::CsvSource::open(&path) else { return };
    let mut last_line = 0;
    while let Ok(Some(record)) = source.next_record(&path) {
        assert!(record.line > last_line, "line numbers increase");
        last_line = record.line;
        for field in &record.fields {
            let _ = parse::normalise_region(field);
            for mark in [None, Some(parse::DecimalMark::Comma), Some(parse::DecimalMark::Point)] {
                let _ = parse::parse_number(field, mark);
                if let Ok(share) = parse::parse_share(field, mark) {
                    assert!((0.0..=1.0).contains(&share));
                }
            }
            if let Ok(code) = parse::normalise_code(field) {
                assert_eq!(parse::normalise_code(&code).as_deref(), Ok(code.as_str()), "idempotent");
            }
            let _ = parse::parse_date(field);
        }
    }
});
