//! Input files as rows of text cells with their location, whatever the
//! format: CSV (`csv`), XLSX/XLS/ODS workbooks (`sheet`) and Parquet
//! (`parquet`). Values are typed and checked later, by the data contract, so
//! every format gets the same rules and the same messages.

mod csv;
mod parquet;
mod sheet;
mod xls;

use std::path::Path;

use anyhow::Result;

pub use self::csv::CsvSource;

/// One data row: its 1-based line (CSV), row (sheet) or row number (Parquet)
/// and its cells as text.
pub struct Record {
    pub line: u64,
    pub fields: Vec<Field>,
    /// Which cells held a number rather than text (workbook number cells,
    /// Parquet number columns); their text is plain (`12.345` is twelve point
    /// three four five) whatever decimal mark the study sets. None for CSV.
    pub native: Native,
}

/// Per field: true when the cell was a number. Shared by all rows of a
/// Parquet file, so cloning costs a reference count, not an allocation.
pub type Native = Option<std::sync::Arc<[bool]>>;

impl Record {
    /// Bytes the record holds in memory, roughly: what batches are bounded by.
    pub fn weight(&self) -> usize {
        self.fields
            .iter()
            .map(|f| std::mem::size_of::<Field>() + if f.len() > 23 { f.len() } else { 0 })
            .sum()
    }

    /// True when field `i` held a number (not text).
    pub fn is_native(&self, i: usize) -> bool {
        self.native
            .as_ref()
            .is_some_and(|n| n.get(i).copied().unwrap_or(false))
    }
}

/// A cell's text. Codes, ids and numbers fit inline (up to 23 bytes), so
/// most cells cost no heap allocation on the way from reader to lake.
pub type Field = polars::prelude::PlSmallStr;

pub enum Source {
    Csv(CsvSource),
    Sheet(sheet::SheetSource),
    Parquet(parquet::ParquetSource),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Sheet,
    Parquet,
}

/// The format a file name says it has.
pub fn format_of(path: &Path) -> Format {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Format::Sheet,
        "parquet" | "pq" => Format::Parquet,
        _ => Format::Csv,
    }
}

/// Readers running a library on user input: a panic there (on any thread,
/// polars runs its own) is the input's fault, reported as bad input, so the
/// hook keeps quiet while any such reader runs.
static QUIET_PANICS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Runs `f` (a file library on user input) and turns a panic inside it into
/// `Err(message)`: the last line of defence of SPEC §10's "bad input never
/// panics". The panic hook installed by [`install_panic_hook`] stays quiet.
pub fn catch_input_panic<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    use std::sync::atomic::Ordering::SeqCst;
    QUIET_PANICS.fetch_add(1, SeqCst);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET_PANICS.fetch_sub(1, SeqCst);
    outcome.map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an internal error".into())
    })
}

/// Keeps the default panic message for real bugs, and silence for panics
/// that [`catch_input_panic`] turns into bad-input errors.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if QUIET_PANICS.load(std::sync::atomic::Ordering::SeqCst) == 0 {
            default(info);
        }
    }));
}

/// A path that may name a workbook sheet after `#` (`data.xlsx#Penjualan`):
/// the file and the sheet. Only workbooks take a sheet; `#` in another
/// file's name is part of the name.
pub fn split_sheet(path: &Path) -> (std::path::PathBuf, Option<String>) {
    let text = path.to_string_lossy();
    match text.rsplit_once('#') {
        Some((file, sheet)) if format_of(Path::new(file)) == Format::Sheet => {
            (file.into(), Some(sheet.to_string()))
        }
        _ => (path.to_path_buf(), None),
    }
}

impl Source {
    /// Opens a file by its extension; `sheet` picks a workbook sheet (default: the first).
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<Source> {
        check_regular_file(path)?;
        if sheet.is_some() && format_of(path) != Format::Sheet {
            return Err(crate::bad_input!(
                "{}: --sheet applies only to workbooks (.xlsx, .xls, .ods)",
                path.display()
            ));
        }
        Ok(match format_of(path) {
            Format::Csv => Source::Csv(CsvSource::open(path)?),
            Format::Sheet => Source::Sheet(sheet::SheetSource::open(path, sheet)?),
            Format::Parquet => Source::Parquet(parquet::ParquetSource::open(path)?),
        })
    }

    pub fn headers(&self) -> &[String] {
        match self {
            Source::Csv(s) => &s.headers,
            Source::Sheet(s) => &s.headers,
            Source::Parquet(s) => &s.headers,
        }
    }

    /// How rows of this file are named in messages and the quarantine:
    /// `file.csv`, `file.xlsx [Sheet1]`.
    pub fn label(&self, path: &Path) -> String {
        match self {
            Source::Sheet(s) => format!("{} [{}]", path.display(), s.sheet),
            _ => path.display().to_string(),
        }
    }

    /// The word for a record's position: "line" for text, "row" for sheets and Parquet.
    pub fn unit(&self) -> &'static str {
        match self {
            Source::Csv(_) => "line",
            _ => "row",
        }
    }

    /// How far through the file we are: (done, total) in bytes for CSV and
    /// rows otherwise; total is 0 when unknown.
    pub fn progress(&self, path: &Path) -> (u64, u64) {
        match self {
            Source::Csv(s) => (
                s.bytes_read(),
                std::fs::metadata(path).map_or(0, |m| m.len()),
            ),
            Source::Sheet(s) => s.progress(),
            Source::Parquet(s) => (s.rows_read(), 0),
        }
    }

    pub fn next_record(&mut self, path: &Path) -> Result<Option<Record>> {
        match self {
            Source::Csv(s) => s.next_record(path),
            Source::Sheet(s) => s.next_record(),
            Source::Parquet(s) => s.next_record(path),
        }
    }
}

/// An input must be a regular file: a folder, a device (`/dev/zero`) or a
/// pipe would never end or is not data.
pub fn check_regular_file(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path)
        .map_err(|e| crate::bad_input!("{}: cannot open: {e}", path.display()))?;
    if meta.is_dir() {
        return Err(crate::bad_input!(
            "{} is a folder; give a file (a folder of files can be listed with a pattern such as \"sales/*.csv\" in the study)",
            path.display()
        ));
    }
    if !meta.is_file() {
        return Err(crate::bad_input!(
            "{} is not a regular file (a device or a pipe); give a data file",
            path.display()
        ));
    }
    Ok(())
}
