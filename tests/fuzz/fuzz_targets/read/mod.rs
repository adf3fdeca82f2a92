//! Stands in for `pipeline/ingest/read/mod.rs`: the record type the readers fill and the
//! panic guard around libraries, so the readers compile without polars.

pub struct Record {
    pub line: u64,
    pub fields: Vec<Field>,
    pub native: Option<std::sync::Arc<[bool]>>,
}

/// The pipeline uses polars' small string; plain `String` has the same `From`s.
pub type Field = String;

/// As in the pipeline: a panic inside a library on user input becomes an error.
pub fn catch_input_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| "panic".to_string())
}

#[path = "../../../../pipeline/ingest/read/csv.rs"]
#[allow(dead_code)]
pub mod csv;

#[path = "../../../../pipeline/ingest/read/sheet.rs"]
#[allow(dead_code)]
pub mod sheet;

#[path = "../../../../pipeline/ingest/read/xls.rs"]
#[allow(dead_code)]
pub mod xls;
