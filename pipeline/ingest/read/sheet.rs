//! Workbooks (XLSX, XLSM, XLSB, XLS, ODS) through calamine. Cells become the
//! text a user sees: whole numbers without ".0", dates as XLSX serials (the
//! date parser reads them), error cells as `#DIV/0!` and the like. Leading
//! title rows (one merged cell) above the header are skipped.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};

use super::{Field, Record};
use crate::bad_input;

pub struct SheetSource {
    pub sheet: String,
    pub headers: Vec<String>,
    range: Range<Data>,
    /// Index (within the range) of the next data row.
    next: usize,
    /// Sheet row number (1-based) of the range's first row.
    first_row: u64,
}

impl SheetSource {
    pub fn open(path: &Path, sheet: Option<&str>) -> anyhow::Result<SheetSource> {
        let mut workbook = open_workbook_auto(path).map_err(|e| {
            bad_input!("{}: cannot open the workbook ({e}); is it a complete .xlsx/.xls/.ods file? Save it again from the spreadsheet program", path.display())
        })?;
        let names = workbook.sheet_names().to_vec();
        let name = match sheet {
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
                })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| bad_input!("{}: the workbook has no sheets", path.display()))?,
        };
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| bad_input!("{}: cannot read sheet {name:?}: {e}", path.display()))?;
        let first_row = range.start().map_or(1, |(r, _)| r as u64 + 1);
        let rows: Vec<Vec<String>> = range
            .rows()
            .take(20)
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        let filled = |r: &Vec<String>| r.iter().filter(|c| !c.trim().is_empty()).count();
        let widest = rows.iter().map(filled).max().unwrap_or(0);
        let Some(header_at) = rows
            .iter()
            .position(|r| filled(r) >= widest.min(2) && filled(r) > 0)
        else {
            return Err(bad_input!(
                "{} [{name}]: the sheet is empty; it needs a header row and at least one data row",
                path.display()
            ));
        };
        let headers = rows[header_at].clone();
        Ok(SheetSource {
            sheet: name,
            headers,
            range,
            next: header_at + 1,
            first_row,
        })
    }

    /// (rows read, rows in the sheet), for progress bars.
    pub fn progress(&self) -> (u64, u64) {
        (self.next as u64, self.range.height() as u64)
    }

    pub fn next_record(&mut self) -> Option<Record> {
        loop {
            let row = self.range.rows().nth(self.next)?;
            let index = self.next;
            self.next += 1;
            let fields: Vec<Field> = row.iter().map(|c| Field::from(cell_text(c))).collect();
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let native: Vec<bool> = row
                .iter()
                .map(|c| matches!(c, Data::Int(_) | Data::Float(_)))
                .collect();
            return Some(Record {
                line: self.first_row + index as u64,
                fields,
                native: native.contains(&true).then(|| native.into()),
            });
        }
    }
}

/// The text of a cell as the user sees it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::Error(e) => e.to_string(),
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
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_user_sees_them() {
        assert_eq!(number_text(3523082008.0), "3523082008");
        assert_eq!(number_text(35.1), "35.1");
        assert_eq!(number_text(0.25), "0.25");
        assert_eq!(
            cell_text(&Data::Error(calamine::CellErrorType::Div0)),
            "#DIV/0!"
        );
    }
}
