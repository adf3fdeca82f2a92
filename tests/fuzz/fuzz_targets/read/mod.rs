//! Stands in for `pipeline/ingest/read/mod.rs`: the record type the CSV reader fills.

pub struct Record {
    pub line: u64,
    pub fields: Vec<Field>,
}

/// The pipeline uses polars' small string; plain `String` has the same `From`s.
pub type Field = String;

#[path = "../../../../pipeline/ingest/read/csv.rs"]
#[allow(dead_code)]
pub mod csv;
