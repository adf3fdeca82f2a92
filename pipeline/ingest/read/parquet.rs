//! Parquet input through polars, read in slices so a large file never sits in
//! memory whole. Every column is cast to text, so Parquet rows meet the same
//! checks as CSV rows; the row number (1-based) stands in for a line.
//! Columns must be flat (text, numbers, booleans, dates): a nested or binary
//! column is refused by name. A damaged file is bad input (exit 2), a panic
//! inside polars included (caught at this boundary).

use std::path::Path;

use polars::prelude::*;

use super::{Field, Record};
use crate::bad_input;

const SLICE_ROWS: usize = 65_536;
/// Cells per slice: a file with many columns reads fewer rows at a time.
const SLICE_CELLS: usize = 4_000_000;
/// The first slice; later slices are sized from the bytes rows took so far,
/// so a file of long texts (a 100 KB string repeated through a dictionary)
/// reads a few rows at a time, not 65,536 copies.
const FIRST_SLICE_ROWS: usize = 1_024;
const SLICE_BYTES: usize = 16 << 20;
/// The longest text a cell may hold (as in workbooks).
const MAX_CELL_BYTES: usize = 1 << 20;

/// Refuses a file whose footer claims column chunks beyond the end of the
/// file. polars' streaming reader slices those ranges without a bounds check
/// (polars-stream 0.55.2, `row_group_data_fetch.rs`): out of range, that is
/// undefined behaviour, not a panic this module could catch (found by the
/// `parquet_read` fuzz target).
fn check_byte_ranges(path: &Path) -> anyhow::Result<()> {
    let damaged = |e: &dyn std::fmt::Display| {
        bad_input!(
            "{}: not a readable Parquet file ({e}); write it again or give it a .csv name",
            path.display()
        )
    };
    let mut file = std::fs::File::open(path).map_err(|e| crate::files::io_error(e, path))?;
    let len = file
        .metadata()
        .map_err(|e| crate::files::io_error(e, path))?
        .len();
    let metadata =
        crate::ingest::read::catch_input_panic(|| polars_parquet::read::read_metadata(&mut file))
            .map_err(|panic| damaged(&panic))?
            .map_err(|e| damaged(&e))?;
    let outside = |r: &std::ops::Range<u64>| r.start > r.end || r.end > len;
    for (i, group) in metadata.row_groups.iter().enumerate() {
        if outside(&group.full_byte_range()) || group.byte_ranges_iter().any(|r| outside(&r)) {
            return Err(damaged(&format!(
                "row group {} claims bytes beyond the end of the file, which has {len}",
                i + 1
            )));
        }
        check_page_headers(&mut file, group, i + 1).map_err(|e| damaged(&e))?;
    }
    Ok(())
}

/// Refuses a row group whose column chunks or pages claim more values than
/// the group has rows: polars sizes its buffers by those counts before it
/// reads a value, and an allocation of 2⁶¹ bytes aborts the process (found by
/// the `parquet_read` fuzz target). Nested columns, which may hold more values
/// than rows, are refused by name later anyway.
fn check_page_headers(
    file: &mut std::fs::File,
    group: &polars_parquet::parquet::metadata::RowGroupMetadata,
    index: usize,
) -> Result<(), String> {
    use std::io::{Read, Seek, SeekFrom};
    let rows = group.num_rows();
    // A repeated (list) column holds more values than rows by design; it is
    // refused by name after this check.
    for column in group
        .parquet_columns()
        .iter()
        .filter(|c| c.descriptor().descriptor.max_rep_level == 0)
    {
        let claims = column.num_values();
        if claims < 0 || claims as u64 > rows as u64 {
            return Err(format!(
                "row group {index} has {rows} rows but a column claims {claims} values"
            ));
        }
        let range = column.byte_range();
        let mut bytes = vec![0u8; (range.end - range.start) as usize];
        file.seek(SeekFrom::Start(range.start))
            .and_then(|_| file.read_exact(&mut bytes))
            .map_err(|e| e.to_string())?;
        let size = bytes.len();
        let reader = polars_parquet::parquet::read::PageReader::new_with_page_meta(
            std::io::Cursor::new(polars_buffer::Buffer::from_vec(bytes)),
            column.into(),
            Vec::new(),
            size,
        );
        for page in reader {
            if let polars_parquet::parquet::page::CompressedPage::Data(page) =
                page.map_err(|e| e.to_string())?
            {
                if page.num_values() > rows {
                    return Err(format!(
                        "row group {index} has {rows} rows but a page claims {} values",
                        page.num_values()
                    ));
                }
            }
        }
    }
    Ok(())
}

pub struct ParquetSource {
    pub headers: Vec<String>,
    slice_rows: usize,
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
        check_byte_ranges(path)?;
        let opened = crate::ingest::read::catch_input_panic(|| {
            let mut scan = crate::lake::parquet::scan_file(path)?;
            let schema = scan.collect_schema()?;
            anyhow::Ok((scan, schema))
        });
        let (scan, schema) = match opened {
            Ok(Ok(opened)) => opened,
            Ok(Err(e)) => return Err(not_parquet(&e)),
            Err(panic) => return Err(not_parquet(&panic)),
        };
        if let Some((name, dtype)) = schema.iter().find(|(_, t)| !is_flat(t)) {
            return Err(bad_input!(
                "{}: column {name:?} holds {dtype} values; ovop reads flat columns (text, numbers, dates). Write the file with plain columns",
                path.display()
            ));
        }
        let headers: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
        let native: Vec<bool> = schema
            .iter_values()
            .map(|t| t.is_primitive_numeric())
            .collect();
        Ok(ParquetSource {
            slice_rows: (SLICE_CELLS / headers.len().max(1)).clamp(1, FIRST_SLICE_ROWS),
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
            let (scan, offset, rows) = (self.scan.clone(), self.offset, self.slice_rows);
            let read = crate::ingest::read::catch_input_panic(|| {
                let df = scan.slice(offset as i64, rows as IdxSize).collect()?;
                let text = text_rows(&df, offset)?;
                anyhow::Ok((df.height(), text))
            });
            let damaged = |e: &dyn std::fmt::Display| {
                bad_input!(
                    "{}: cannot read rows from {}: the file is damaged ({e}); write it again",
                    path.display(),
                    offset + 1
                )
            };
            let (height, text) = match read {
                Ok(Ok(read)) => read,
                Ok(Err(e)) if crate::error::exit_code(&e) == 2 => {
                    return Err(e.context(format!("{}", path.display())))
                }
                Ok(Err(e)) => return Err(damaged(&e)),
                Err(panic) => return Err(damaged(&panic)),
            };
            self.done = height < self.slice_rows;
            let bytes: usize = text
                .iter()
                .flat_map(|row| row.iter().map(|f| f.len() + 24))
                .sum();
            let per_row = (bytes / height.max(1)).max(1);
            let cap = (SLICE_CELLS / self.headers.len().max(1)).max(1);
            self.slice_rows = (SLICE_BYTES / per_row).clamp(1, SLICE_ROWS.min(cap));
            self.rows = text.into_iter();
        }
    }
}

/// Types whose values read as one text each: numbers, text, booleans,
/// dates and times, and the dictionary (categorical) and decimal columns
/// that pandas and Arrow write.
fn is_flat(dtype: &DataType) -> bool {
    dtype.is_primitive_numeric()
        || matches!(
            dtype,
            DataType::String | DataType::Boolean | DataType::Date | DataType::Null
        )
        || dtype.is_temporal()
        || dtype.is_categorical()
        || dtype.is_enum()
        || dtype.is_decimal()
}

/// Every cell of a frame as text (null as empty); `offset` numbers its rows.
fn text_rows(df: &DataFrame, offset: usize) -> anyhow::Result<Vec<Vec<Field>>> {
    let mut columns: Vec<Vec<Field>> = Vec::with_capacity(df.width());
    for c in df.columns() {
        let text = c.cast(&DataType::String)?;
        let mut values = Vec::with_capacity(df.height());
        for (i, v) in text.str()?.iter().enumerate() {
            let v = v.unwrap_or_default();
            if v.len() > MAX_CELL_BYTES {
                return Err(bad_input!(
                    "row {}, column {:?}: a cell holds {:.1} MB of text; ovop reads cells of up to 1 MB (names, codes and numbers)",
                    offset + i + 1,
                    c.name(),
                    v.len() as f64 / 1e6
                ));
            }
            values.push(Field::from(v));
        }
        columns.push(values);
    }
    Ok((0..df.height())
        .map(|i| columns.iter().map(|c| c[i].clone()).collect())
        .collect())
}

#[cfg(test)]
mod tests {
    /// Regression (found by the `parquet_read` fuzz target): a footer whose
    /// column chunk reaches past the end of the file made polars slice out
    /// of bounds (an abort in debug builds, undefined behaviour in release).
    #[test]
    fn a_chunk_beyond_the_end_of_the_file_is_refused_before_polars_reads_it() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile/parquet_chunk_beyond_end.parquet");
        let err = super::ParquetSource::open(&path)
            .err()
            .expect("the damaged file must be refused")
            .to_string();
        assert!(err.contains("beyond the end of the file"), "{err}");
    }

    /// Regression (found by the `parquet_read` fuzz target): a page header
    /// claiming 2⁶¹ values made polars allocate for them and abort.
    #[test]
    fn a_page_claiming_more_values_than_rows_is_refused_before_polars_reads_it() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile/parquet_page_claims_2e61_values.parquet");
        let err = super::ParquetSource::open(&path)
            .err()
            .expect("the damaged file must be refused")
            .to_string();
        assert!(err.contains("claims") && err.contains("values"), "{err}");
    }
}
