//! Workbooks (XLSX, XLSM, XLSB, XLS, ODS) through calamine. Cells become the
//! text a user sees: whole numbers without ".0", dates as XLSX serials (the
//! date parser reads them), error cells as `#DIV/0!` and the like. Leading
//! title rows (one merged cell) above the header are skipped.
//!
//! A workbook is a zip or OLE container whose sizes the file declares, so a
//! hostile one can claim or expand to anything. The budget (issue 11):
//! - XLSX, XLSM and XLSB sheets stream cell by cell on a thread of their own
//!   (calamine's cell readers): memory grows with one row, not with the
//!   sheet's declared dimensions, so one far-away cell (XFD1048576) costs a
//!   row of 16,384 empty cells, not 17 billion.
//! - Before calamine opens a zip workbook, every part it loads whole
//!   (shared strings, styles, the workbook) is decompressed and measured
//!   against [`WHOLE_PART_BYTES`]; the declared total must stay under
//!   [`WORKBOOK_BYTES`]. A zip bomb is refused before it expands.
//! - XLS and ODS are read whole by calamine: an ODS `content.xml` is
//!   scanned first, and an XLS's records walked (`xls.rs`), and the file is
//!   refused when the cells or text calamine would build exceed
//!   [`DENSE_CELLS`] or [`WHOLE_PART_BYTES`].
//! - An encrypted (password-protected) workbook is refused with a message.
//! - A panic inside calamine (it has some on malformed files) is caught at
//!   this boundary and reported as a damaged workbook (exit 2).
//! - A sheet with more than [`MAX_CELLS`] cells is refused: save it as CSV.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use anyhow::Result;
use calamine::{Data, DataRef, Reader};

use super::{Field, Record};
use crate::bad_input;

mod measure;
use measure::*;

/// Parts that calamine loads whole may expand to this much each.
const WHOLE_PART_BYTES: u64 = 256 << 20;
/// The declared uncompressed size of the whole workbook.
const WORKBOOK_BYTES: u64 = 8 << 30;
/// The most of an ODS `content.xml` that is read (it is parsed twice).
const ODS_CONTENT_BYTES: u64 = 2 << 30;
/// Cells an XLS or ODS sheet (read whole) may expand to.
const DENSE_CELLS: u64 = 5_000_000;
/// Non-empty cells a streamed sheet may hold (XLSX holds at most 2^34).
const MAX_CELLS: u64 = 200_000_000;
/// Columns a sheet can have (XFD): calamine reads a longer column reference
/// with an overflow that wraps (its get_row_column, reported upstream), so a
/// cell beyond means a damaged file, never a 4-billion-field row.
const MAX_COLUMNS: u32 = 16_384;
/// Rows go to the reader in batches (one channel handoff per row cost a
/// third of the time of a long sheet): at most this many rows, or rows of
/// this much text, in a batch, and this many batches in flight.
const BATCH_ROWS: usize = 1_024;
const BATCH_BYTES: usize = 1 << 20;
const BATCHES_AHEAD: usize = 4;
/// The text one row may hold: a row of 2,000 cells of a 1 MB shared string
/// would be 2 GB.
const MAX_ROW_BYTES: usize = 8 << 20;
/// Cell elements (empty ones too) a streamed sheet may hold: time grows with
/// them, and an XLSX sheet holds at most 2^34 but no real one this many.
const MAX_CELL_EVENTS: u64 = 400_000_000;
/// Shared strings a workbook may declare (each costs memory held to the end).
const MAX_SHARED_STRINGS: u64 = 10_000_000;
/// The longest cell text: a spreadsheet cell holds at most 32,767 characters,
/// so a longer one (a 200 MB shared string) means a damaged or crafted file.
const MAX_CELL_BYTES: usize = 1 << 20;

pub struct SheetSource {
    pub sheet: String,
    pub headers: Vec<String>,
    rows: Receiver<Message>,
    /// Rows read while looking for the header, not yet handed out.
    pending: VecDeque<Record>,
    handed_out: u64,
    /// Rows in the sheet, when the format says (0 otherwise).
    total: u64,
    /// An error the reading thread reported, to give on the next read.
    /// The reading thread, joined when the source is dropped: it never
    /// outlives the file's reader (it stops once `stop` is set).
    thread: Option<std::thread::JoinHandle<()>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for SheetSource {
    fn drop(&mut self) {
        // The thread checks the flag as it reads cells, and a closed channel
        // makes its next send fail: either way it returns.
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let (_, closed) = sync_channel(0);
        drop(std::mem::replace(&mut self.rows, closed));
        if let Some(thread) = self.thread.take() {
            thread.join().ok();
        }
    }
}

/// What the reading thread sends.
enum Message {
    /// The sheet being read, and how many rows it declares (0: unknown).
    Opened(String, u64),
    Rows(Vec<Record>),
    Failed(anyhow::Error),
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

fn kind_of(path: &Path) -> Kind {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsb" => Kind::Xlsb,
        "xls" => Kind::Xls,
        "ods" => Kind::Ods,
        _ => Kind::Xlsx,
    }
}

impl SheetSource {
    pub fn open(path: &Path, sheet: Option<&str>) -> anyhow::Result<SheetSource> {
        let kind = kind_of(path);
        check_container(path, kind)?;
        let (tx, rx) = sync_channel(BATCHES_AHEAD);
        let (file, wanted) = (path.to_path_buf(), sheet.map(String::from));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::Builder::new()
            .name("ovop-sheet".into())
            .spawn(move || read_guarded(&file, kind, wanted.as_deref(), &tx, &stopped))
            .map_err(|e| anyhow::anyhow!("cannot start the workbook reader: {e}"))?;
        let mut source = SheetSource {
            sheet: String::new(),
            headers: Vec::new(),
            rows: rx,
            pending: VecDeque::new(),
            handed_out: 0,
            total: 0,
            thread: Some(thread),
            stop,
        };
        match source.rows.recv() {
            Ok(Message::Opened(name, total)) => (source.sheet, source.total) = (name, total),
            Ok(Message::Failed(e)) => return Err(e),
            Ok(Message::Rows(_)) | Err(_) => {
                return Err(bad_input!(
                "{}: the workbook could not be read; save it again from the spreadsheet program",
                path.display()
            ))
            }
        }
        // The header is the first of the first 20 rows with at least two
        // filled cells (one when no row has two): title rows are skipped.
        let mut first = Vec::new();
        while first.len() < 20 {
            match source.next_record()? {
                Some(r) => first.push(r),
                None => break,
            }
        }
        source.handed_out = 0;
        let filled = |r: &Record| r.fields.iter().filter(|c| !c.trim().is_empty()).count();
        let widest = first.iter().map(filled).max().unwrap_or(0);
        let Some(header_at) = first
            .iter()
            .position(|r| filled(r) >= widest.min(2) && filled(r) > 0)
        else {
            return Err(bad_input!(
                "{} [{}]: the sheet is empty; it needs a header row and at least one data row",
                path.display(),
                source.sheet
            ));
        };
        let rest = source.pending.drain(..).collect::<Vec<_>>();
        source.pending = first.split_off(header_at + 1).into();
        source.pending.extend(rest);
        source.headers = first
            .pop()
            .map(|r| r.fields.iter().map(|f| f.to_string()).collect())
            .unwrap_or_default();
        Ok(source)
    }

    /// (rows read, rows in the sheet), for progress bars.
    pub fn progress(&self) -> (u64, u64) {
        (self.handed_out, self.total)
    }

    pub fn next_record(&mut self) -> Result<Option<Record>> {
        while self.pending.is_empty() {
            match self.rows.recv() {
                Ok(Message::Rows(rows)) => self.pending.extend(rows),
                Ok(Message::Failed(e)) => return Err(e),
                Ok(Message::Opened(..)) | Err(_) => return Ok(None),
            }
        }
        self.handed_out += 1;
        Ok(self.pending.pop_front())
    }
}

/// Reads the workbook on the current thread, sending rows; a panic inside
/// calamine becomes a bad-input error naming the file.
fn read_guarded(
    path: &Path,
    kind: Kind,
    sheet: Option<&str>,
    tx: &SyncSender<Message>,
    stop: &std::sync::atomic::AtomicBool,
) {
    let outcome =
        crate::ingest::read::catch_input_panic(|| read_workbook(path, kind, sheet, tx, stop));
    let error = match outcome {
        Ok(Ok(())) => return,
        Ok(Err(e)) => e,
        Err(panic) => bad_input!(
            "{}: the workbook is damaged (the spreadsheet reader failed: {panic}); open it in a spreadsheet program and save it again",
            path.display()
        ),
    };
    tx.send(Message::Failed(error)).ok();
}

fn damaged(path: &Path, e: impl std::fmt::Display) -> anyhow::Error {
    bad_input!(
        "{}: cannot open the workbook ({e}); is it a complete .xlsx/.xls/.ods file? Save it again from the spreadsheet program",
        path.display()
    )
}

/// A column's letters as a spreadsheet shows them: 0 is A, 26 is AA.
fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The sheet to read: the one named, or the first.
fn pick_sheet(path: &Path, names: &[String], wanted: Option<&str>) -> Result<String> {
    match wanted {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                bad_input!(
                    "{}: no sheet {s:?}; the workbook has: {}",
                    path.display(),
                    names.join(", ")
                )
            }),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| bad_input!("{}: the workbook has no sheets", path.display())),
    }
}

fn cell_too_long(path: &Path, row: u32, bytes: usize) -> anyhow::Error {
    bad_input!(
        "{}, row {}: a cell holds {:.1} MB of text, and a spreadsheet cell holds at most 32,767 characters; the workbook is damaged or was not written by a spreadsheet program",
        path.display(),
        row + 1,
        bytes as f64 / 1e6
    )
}

/// A streamed cell's shared string, refused before it is copied when it is
/// longer than any cell.
fn check_shared(path: &Path, cell: &calamine::Cell<DataRef<'_>>) -> Result<()> {
    match cell.get_value() {
        DataRef::SharedString(s) if s.len() > MAX_CELL_BYTES => {
            Err(cell_too_long(path, cell.get_position().0, s.len()))
        }
        _ => Ok(()),
    }
}

/// Builds rows from cells in sheet order and sends the non-empty ones.
struct RowBuilder<'t> {
    tx: &'t SyncSender<Message>,
    path: &'t Path,
    stop: &'t std::sync::atomic::AtomicBool,
    row: Option<u32>,
    /// The last column seen in `row`, to catch cells written twice.
    col: Option<u32>,
    fields: Vec<Field>,
    native: Vec<bool>,
    row_bytes: usize,
    cells: u64,
    events: u64,
    /// Rows built and not yet sent, and the text they hold.
    batch: Vec<Record>,
    batch_bytes: usize,
}

impl<'t> RowBuilder<'t> {
    fn new(
        tx: &'t SyncSender<Message>,
        path: &'t Path,
        stop: &'t std::sync::atomic::AtomicBool,
    ) -> Self {
        RowBuilder {
            tx,
            path,
            stop,
            row: None,
            col: None,
            fields: Vec::new(),
            native: Vec::new(),
            row_bytes: 0,
            cells: 0,
            events: 0,
            batch: Vec::new(),
            batch_bytes: 0,
        }
    }

    /// Adds a cell; false when the reader should stop (the file is done with).
    fn cell(&mut self, (row, col): (u32, u32), text: String, native: bool) -> Result<bool> {
        self.events += 1;
        if self.events.is_multiple_of(4096) && self.stop.load(std::sync::atomic::Ordering::Relaxed)
        {
            return Ok(false);
        }
        if self.events > MAX_CELL_EVENTS {
            return Err(bad_input!(
                "{}: the sheet holds more than {MAX_CELL_EVENTS} cells (empty ones included); save it as CSV",
                self.path.display()
            ));
        }
        if col >= MAX_COLUMNS {
            return Err(damaged(
                self.path,
                format!(
                    "a cell in row {} lies beyond the last column a sheet has (XFD)",
                    row + 1
                ),
            ));
        }
        // Spreadsheet programs write rows and cells in order; a row that comes
        // back, or a cell written twice, would split or overwrite a record.
        if let (Some(r), Some(c)) = (self.row, self.col) {
            if row < r || (row == r && col <= c) {
                return Err(damaged(
                    self.path,
                    format!(
                        "cell {}{} is written after cell {}{}; rows and cells must come in order",
                        column_name(col),
                        row + 1,
                        column_name(c),
                        r + 1
                    ),
                ));
            }
        }
        if self.row != Some(row) && !self.flush() {
            return Ok(false);
        }
        self.row = Some(row);
        self.col = Some(col);
        if text.is_empty() {
            return Ok(true);
        }
        if text.len() > MAX_CELL_BYTES {
            return Err(cell_too_long(self.path, row, text.len()));
        }
        self.row_bytes += text.len();
        if self.row_bytes > MAX_ROW_BYTES {
            return Err(bad_input!(
                "{}, row {}: the row holds more than {} MB of text; the workbook is damaged or crafted",
                self.path.display(),
                row + 1,
                MAX_ROW_BYTES >> 20
            ));
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(bad_input!(
                "{}: the sheet holds more than {MAX_CELLS} filled cells; save it as CSV (ovop streams CSV of any size)",
                self.path.display()
            ));
        }
        let col = col as usize;
        if self.fields.len() <= col {
            self.fields.resize(col + 1, Field::default());
            self.native.resize(col + 1, false);
        }
        self.fields[col] = Field::from(text);
        self.native[col] = native;
        Ok(true)
    }

    /// Sends the row being built if it holds anything; false when nobody listens.
    fn flush(&mut self) -> bool {
        let fields = std::mem::take(&mut self.fields);
        let native = std::mem::take(&mut self.native);
        self.row_bytes = 0;
        let Some(row) = self.row else { return true };
        if fields.iter().all(|f| f.trim().is_empty()) {
            return true;
        }
        self.batch_bytes += fields.iter().map(|f| f.len()).sum::<usize>();
        self.batch.push(Record {
            line: u64::from(row) + 1,
            fields,
            native: native.contains(&true).then(|| native.into()),
        });
        if self.batch.len() >= BATCH_ROWS || self.batch_bytes >= BATCH_BYTES {
            return self.send_batch();
        }
        true
    }

    /// Sends the rows built so far; false when nobody listens.
    fn send_batch(&mut self) -> bool {
        self.batch_bytes = 0;
        let batch = std::mem::take(&mut self.batch);
        batch.is_empty() || self.tx.send(Message::Rows(batch)).is_ok()
    }
}

fn read_workbook(
    path: &Path,
    kind: Kind,
    wanted: Option<&str>,
    tx: &SyncSender<Message>,
    stop: &std::sync::atomic::AtomicBool,
) -> Result<()> {
    let file = File::open(path).map_err(|e| bad_input!("{}: cannot open: {e}", path.display()))?;
    let reader = BufReader::new(file);
    let mut rows = RowBuilder::new(tx, path, stop);
    match kind {
        Kind::Xlsx => {
            let mut book: calamine::Xlsx<_> =
                calamine::Xlsx::new(reader).map_err(|e| damaged(path, e))?;
            let name = pick_sheet(path, book.sheet_names().as_slice(), wanted)?;
            let mut cells = book
                .worksheet_cells_reader(&name)
                .map_err(|e| bad_input!("{}: cannot read sheet {name:?}: {e}", path.display()))?;
            let total = u64::from(cells.dimensions().end.0) + 1;
            if tx.send(Message::Opened(name, total)).is_err() {
                return Ok(());
            }
            while let Some(cell) = cells.next_cell().map_err(|e| damaged(path, e))? {
                check_shared(path, &cell)?;
                let (text, native) = ref_text(cell.get_value());
                if !rows.cell(cell.get_position(), text, native)? {
                    return Ok(());
                }
            }
        }
        Kind::Xlsb => {
            let mut book: calamine::Xlsb<_> =
                calamine::Xlsb::new(reader).map_err(|e| damaged(path, e))?;
            let name = pick_sheet(path, book.sheet_names().as_slice(), wanted)?;
            let mut cells = book
                .worksheet_cells_reader(&name)
                .map_err(|e| bad_input!("{}: cannot read sheet {name:?}: {e}", path.display()))?;
            if tx.send(Message::Opened(name, 0)).is_err() {
                return Ok(());
            }
            while let Some(cell) = cells.next_cell().map_err(|e| damaged(path, e))? {
                check_shared(path, &cell)?;
                let (text, native) = ref_text(cell.get_value());
                if !rows.cell(cell.get_position(), text, native)? {
                    return Ok(());
                }
            }
        }
        Kind::Xls | Kind::Ods => {
            let (name, range) = match kind {
                Kind::Xls => {
                    let mut book: calamine::Xls<_> =
                        calamine::Xls::new(reader).map_err(|e| damaged(path, e))?;
                    let name = pick_sheet(path, book.sheet_names().as_slice(), wanted)?;
                    let range = book.worksheet_range(&name).map_err(|e| {
                        bad_input!("{}: cannot read sheet {name:?}: {e}", path.display())
                    })?;
                    (name, range)
                }
                _ => {
                    let mut book: calamine::Ods<_> =
                        calamine::Ods::new(reader).map_err(|e| damaged(path, e))?;
                    let name = pick_sheet(path, book.sheet_names().as_slice(), wanted)?;
                    let range = book.worksheet_range(&name).map_err(|e| {
                        bad_input!("{}: cannot read sheet {name:?}: {e}", path.display())
                    })?;
                    (name, range)
                }
            };
            let first = range.start().map_or(0, |(r, _)| r);
            if tx
                .send(Message::Opened(name, range.height() as u64))
                .is_err()
            {
                return Ok(());
            }
            for (i, row) in range.rows().enumerate() {
                for (j, cell) in row.iter().enumerate() {
                    let (text, native) = data_text(cell);
                    let col = range.start().map_or(0, |(_, c)| c) + j as u32;
                    if !rows.cell((first + i as u32, col), text, native)? {
                        return Ok(());
                    }
                }
            }
        }
    }
    if rows.flush() {
        rows.send_batch();
    }
    Ok(())
}

/// The text of a streamed cell as the user sees it, and whether it is a number.
fn ref_text(cell: &DataRef<'_>) -> (String, bool) {
    match cell {
        DataRef::Empty => (String::new(), false),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            (s.clone(), false)
        }
        // Not copied when too long to be a cell: `cell` refuses it by length.
        DataRef::SharedString(s) if s.len() > MAX_CELL_BYTES => (String::new(), false),
        DataRef::SharedString(s) => (s.to_string(), false),
        DataRef::Int(i) => (i.to_string(), true),
        DataRef::Float(f) => (number_text(*f), true),
        DataRef::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.to_string(), false),
        DataRef::DateTime(dt) => (number_text(dt.as_f64()), false),
        DataRef::Error(e) => (e.to_string(), false),
    }
}

/// The text of a cell read whole, and whether it is a number.
fn data_text(cell: &Data) -> (String, bool) {
    match cell {
        Data::Empty => (String::new(), false),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
        Data::Int(i) => (i.to_string(), true),
        Data::Float(f) => (number_text(*f), true),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.to_string(), false),
        Data::DateTime(dt) => (number_text(dt.as_f64()), false),
        Data::Error(e) => (e.to_string(), false),
    }
}

/// Whole numbers without a fractional part (codes typed as numbers stay
/// `3523082008`); others in Rust's shortest round-trip form.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests;
