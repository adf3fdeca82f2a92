//! Spreadsheet tables for planners (SPEC §7): each mart as `tables/<name>.csv`
//! and `tables/<name>.xlsx`. Text cells that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) are
//! prefixed with `'`, so data never becomes code; numbers stay numbers and
//! codes stay text. The XLSX carries a fixed creation time so reruns give
//! byte-identical files.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use polars::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// The label every row of a synthetic study's tables carries.
pub const SYNTHETIC_NOTE: &str = "data sintetis / synthetic data";

/// Prefixes text that a spreadsheet would treat as a formula (OWASP CSV injection).
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

fn cells(column: &Column) -> Result<Vec<Cell>> {
    let dtype = column.dtype();
    if dtype.is_primitive_numeric() {
        let values = column.cast(&DataType::Float64)?;
        return Ok(values
            .f64()?
            .iter()
            .map(|v| v.map_or(Cell::Empty, Cell::Number))
            .collect());
    }
    let text = column.cast(&DataType::String)?;
    Ok(text
        .str()?
        .iter()
        .map(|v| v.map_or(Cell::Empty, |s| Cell::Text(neutralise(s))))
        .collect())
}

/// Writes `df` as `<dir>/<name>.csv` and `<dir>/<name>.xlsx`; returns both paths.
pub fn write_table(
    df: &DataFrame,
    dir: &Path,
    name: &str,
    synthetic: bool,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    // Synthetic data is labelled in every row, so a copied or filtered table keeps the label.
    let labelled;
    let df = if synthetic {
        let mut d = df.clone();
        d.with_column(Column::new(
            "data_note".into(),
            vec![SYNTHETIC_NOTE; df.height()],
        ))?;
        labelled = d;
        &labelled
    } else {
        df
    };
    let headers: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let columns: Vec<Vec<Cell>> = df.columns().iter().map(cells).collect::<Result<_>>()?;

    let csv_path = dir.join(format!("{name}.csv"));
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(&headers)?;
    for i in 0..df.height() {
        csv.write_record(columns.iter().map(|c| match &c[i] {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(x) => format!("{x}"),
        }))?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| anyhow!("cannot write {}: {e}", csv_path.display()))?;
    crate::lake::write_text_atomic(&csv_path, std::str::from_utf8(&bytes)?)?;

    let xlsx_path = dir.join(format!("{name}.xlsx"));
    let mut book = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(|e| anyhow!("{e}"))?;
    let title = if synthetic {
        format!("ovop {name} (data sintetis / synthetic data)")
    } else {
        format!("ovop {name}")
    };
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&fixed),
    );
    let sheet = book.add_worksheet();
    sheet
        .set_name(name.chars().take(31).collect::<String>())
        .map_err(|e| anyhow!("{e}"))?;
    let bold = Format::new().set_bold();
    for (j, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, j as u16, h, &bold)
            .map_err(|e| anyhow!("{e}"))?;
    }
    for (j, column) in columns.iter().enumerate() {
        for (i, cell) in column.iter().enumerate() {
            let (row, col) = (i as u32 + 1, j as u16);
            match cell {
                Cell::Empty => {}
                Cell::Text(t) => {
                    sheet
                        .write_string(row, col, t)
                        .map_err(|e| anyhow!("{e}"))?;
                }
                Cell::Number(x) if x.is_finite() => {
                    sheet
                        .write_number(row, col, *x)
                        .map_err(|e| anyhow!("{e}"))?;
                }
                Cell::Number(_) => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| anyhow!("{e}"))?;
    let buffer = book
        .save_to_buffer()
        .map_err(|e| anyhow!("cannot write {}: {e}", xlsx_path.display()))?;
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::fs::write(tmp.path(), buffer)?;
    crate::lake::persist(tmp, &xlsx_path)?;
    Ok(vec![csv_path, xlsx_path])
}

/// The marts a spreadsheet user needs, as tables.
pub const TABLES: [&str; 4] = [
    "village_selection",
    "product_scores",
    "market_reach",
    "sensitivity",
];

/// Writes every mart of [`TABLES`] that exists into `<out>/tables/`.
pub fn write_mart_tables(
    lake: &crate::lake::Lake,
    out: &Path,
    synthetic: bool,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for name in TABLES {
        let path = lake.mart_path(name);
        if path.exists() {
            let df = crate::lake::parquet::read(&path)?;
            written.extend(write_table(&df, &out.join("tables"), name, synthetic)?);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("Batik Gedog"), "Batik Gedog");
    }
}
