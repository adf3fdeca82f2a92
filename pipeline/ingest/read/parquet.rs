//! Parquet input through polars, read in slices so a large file never sits in
//! memory whole. Every column is cast to text, so Parquet rows meet the same
//! checks as CSV rows; the row number (1-based) stands in for a line.

use std::path::Path;

use anyhow::anyhow;
use polars::prelude::*;

use super::{Field, Record};
use crate::bad_input;

const SLICE_ROWS: usize = 65_536;

pub struct ParquetSource {
    pub headers: Vec<String>,
    /// Which columns hold numbers (not text).
    native: std::sync::Arc<[bool]>,
    scan: LazyFrame,
    offset: usize,
    rows: std::vec::IntoIter<Vec<Field>>,
    done: bool,
}

impl ParquetSource {
    pub fn open(path: &Path) -> anyhow::Result<ParquetSource> {
        let not_parquet = |e: &dyn std::fmt::Display| {
            bad_input!(
                "{}: not a readable Parquet file ({e}); write it again or give it a .csv name",
                path.display()
            )
        };
        let mut scan = crate::lake::parquet::scan_file(path).map_err(|e| not_parquet(&e))?;
        let schema = scan.collect_schema().map_err(|e| not_parquet(&e))?;
        let headers = schema.iter_names().map(|n| n.to_string()).collect();
        let native: Vec<bool> = schema
            .iter_values()
            .map(|t| t.is_primitive_numeric())
            .collect();
        Ok(ParquetSource {
            headers,
            native: native.into(),
            scan,
            offset: 0,
            rows: Vec::new().into_iter(),
            done: false,
        })
    }

    /// Rows read so far, for progress bars.
    pub fn rows_read(&self) -> u64 {
        self.offset as u64
    }

    pub fn next_record(&mut self, path: &Path) -> anyhow::Result<Option<Record>> {
        loop {
            if let Some(fields) = self.rows.next() {
                self.offset += 1;
                return Ok(Some(Record {
                    line: self.offset as u64,
                    fields,
                    native: Some(self.native.clone()),
                }));
            }
            if self.done {
                return Ok(None);
            }
            let df = self
                .scan
                .clone()
                .slice(self.offset as i64, SLICE_ROWS as IdxSize)
                .collect()
                .map_err(|e| {
                    anyhow!(
                        "{}: cannot read rows from {}: {e}",
                        path.display(),
                        self.offset + 1
                    )
                })?;
            self.done = df.height() < SLICE_ROWS;
            self.rows = text_rows(&df)?.into_iter();
        }
    }
}

/// Every cell of a frame as text (null as empty).
fn text_rows(df: &DataFrame) -> anyhow::Result<Vec<Vec<Field>>> {
    let columns: Vec<Vec<Field>> = df
        .columns()
        .iter()
        .map(|c| {
            let text = c.cast(&DataType::String)?;
            Ok(text
                .str()?
                .iter()
                .map(|v| Field::from(v.unwrap_or_default()))
                .collect())
        })
        .collect::<PolarsResult<_>>()?;
    Ok((0..df.height())
        .map(|i| columns.iter().map(|c| c[i].clone()).collect())
        .collect())
}
