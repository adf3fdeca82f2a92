//! Spreadsheet tables for planners (SPEC §7): each mart, and the quarantine,
//! as `<name>.csv` and `<name>.xlsx`, ready for a brief: headers, criteria,
//! categories and quadrants in the study's language, product and village
//! names in every table, missing values shown as "no data" (XLSX) rather
//! than a number. The XLSX rounds for display (the cell keeps full precision;
//! the CSV and the marts are exact). Text cells that a spreadsheet would run
//! as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) are
//! prefixed with `'`, so data never becomes code; codes stay text. The XLSX
//! carries a fixed creation time so reruns give byte-identical files.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use polars::prelude::*;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Workbook};

use crate::i18n::{label, lookup, Lang};

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

/// How a table is written.
#[derive(Debug, Clone, Copy)]
pub struct TableOptions {
    pub lang: Lang,
    /// Adds a `data_note` column, "data sintetis / synthetic data", to every row.
    pub synthetic: bool,
}

enum Cell {
    /// A missing number: "no data" in a criterion column, "—" elsewhere.
    Missing,
    Empty,
    Text(String),
    Number(f64),
}

/// How a column's numbers are shown in the XLSX.
#[derive(Clone, Copy, PartialEq)]
enum Display {
    /// Rupiah and counts: `#,##0`.
    Whole,
    /// Shares and growth rates: `0.0%`.
    Percent,
    /// Scores on 0–100: `0.0`.
    Score,
    /// Indices and ratios: `0.000`.
    Ratio,
}

/// Columns whose empty cells mean "this product has no value" (a criterion or
/// a reach indicator) rather than "not applicable".
fn is_measure(name: &str) -> bool {
    crate::criteria::find(name).is_some()
        || name.starts_with("expert_")
        || name.starts_with("share_")
        || name.starts_with("destination")
        || matches!(name, "cagr" | "yoy_growth" | "capacity_utilisation")
}

fn display_of(name: &str) -> Display {
    match name {
        n if n.starts_with("share_") || n.starts_with("p_") => Display::Percent,
        "local_material_share"
        | "outside_regency_share"
        | "capacity_utilisation"
        | "cagr"
        | "yoy_growth"
        | "sales_growth"
        | "labour_absorption"
        | "value_added_ratio" => Display::Percent,
        "potential_score" | "runner_up_score" | "margin" | "mean_rank" | "rank_p05"
        | "rank_p95" => Display::Score,
        n if n.starts_with("norm_") || n.starts_with("expert_") => Display::Ratio,
        "reach_index" | "destination_hhi" | "destination_entropy" | "lq" | "flip_weight_change" => {
            Display::Ratio
        }
        _ => Display::Whole,
    }
}

fn num_format(display: Display) -> &'static str {
    match display {
        Display::Whole => "#,##0",
        Display::Percent => "0.0%",
        Display::Score => "0.0",
        Display::Ratio => "0.000",
    }
}

/// A mart column's header in the study's language.
pub fn column_label(lang: Lang, name: &str) -> String {
    let with = |key: &str, x: &str| label(lang, key).replace("{x}", x);
    let criterion = |c: &str| criterion_label(lang, c);
    if let Some(l) = lookup(lang, &format!("column.{name}")) {
        return l.to_string();
    }
    if let Some(c) = name.strip_prefix("norm_") {
        return with("column.norm", &criterion(c));
    }
    if let Some(c) = name.strip_prefix("expert_") {
        return match c.strip_suffix("_sd") {
            Some(c) => with("column.expert_sd", c),
            None => with("column.expert", c),
        };
    }
    if let Some(ch) = name.strip_prefix("share_channel_") {
        return with(
            "column.share_channel",
            label(lang, &format!("channel.{ch}")),
        );
    }
    if let Some(t) = name.strip_prefix("share_") {
        return with(
            "column.share",
            &label(lang, &format!("tier.{t}")).to_lowercase(),
        );
    }
    lookup(lang, &format!("criterion.{name}")).map_or_else(|| name.to_string(), String::from)
}

/// A criterion's name in the study's language (`expert_quality` → "Ahli: quality").
pub fn criterion_label(lang: Lang, criterion: &str) -> String {
    if let Some(c) = criterion.strip_prefix("expert_") {
        return label(lang, "column.expert").replace("{x}", c);
    }
    lookup(lang, &format!("criterion.{criterion}"))
        .map_or_else(|| criterion.to_string(), String::from)
}

/// Text values that are keys of a vocabulary, shown by their label.
fn value_label(lang: Lang, column: &str, value: &str) -> String {
    let prefix = match column {
        "category" => "category.",
        "quadrant" => "quadrant.",
        "dataset" => "dataset.",
        "action" => "action.",
        "flip_criterion" => return criterion_label(lang, value),
        "column" if !value.is_empty() => return column_label(lang, value),
        _ => return value.to_string(),
    };
    lookup(lang, &format!("{prefix}{value}")).map_or_else(|| value.to_string(), String::from)
}

fn cells(lang: Lang, column: &Column) -> Result<Vec<Cell>> {
    let name = column.name().as_str();
    if column.dtype().is_primitive_numeric() {
        let values = column.cast(&DataType::Float64)?;
        return Ok(values
            .f64()?
            .iter()
            .map(|v| v.map_or(Cell::Missing, Cell::Number))
            .collect());
    }
    let text = column.cast(&DataType::String)?;
    Ok(text
        .str()?
        .iter()
        .map(|v| {
            v.map_or(Cell::Empty, |s| {
                Cell::Text(neutralise(&value_label(lang, name, s)))
            })
        })
        .collect())
}

/// The most characters an Excel cell holds.
const EXCEL_CELL_CHARS: usize = 32_767;

/// `text` cut to what an Excel cell holds, ending in "…" when cut (the CSV
/// keeps it whole).
fn excel_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(EXCEL_CELL_CHARS) {
        None => text.into(),
        Some(_) => {
            let kept: String = text.chars().take(EXCEL_CELL_CHARS - 1).collect();
            format!("{kept}…").into()
        }
    }
}

/// Writes `df` as `<dir>/<name>.csv` and `<dir>/<name>.xlsx`; returns both paths.
pub fn write_table(
    df: &DataFrame,
    dir: &Path,
    name: &str,
    opts: TableOptions,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let lang = opts.lang;
    // Synthetic data is labelled in every row, so a copied or filtered table keeps the label.
    let labelled;
    let df = if opts.synthetic {
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
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let headers: Vec<String> = names.iter().map(|n| column_label(lang, n)).collect();
    let columns: Vec<Vec<Cell>> = df
        .columns()
        .iter()
        .map(|c| cells(lang, c))
        .collect::<Result<_>>()?;
    let no_data = label(lang, "no_data");

    let csv_path = dir.join(format!("{name}.csv"));
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(&headers)?;
    for i in 0..df.height() {
        csv.write_record(columns.iter().map(|c| match &c[i] {
            Cell::Empty | Cell::Missing => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(x) if x.is_finite() => format!("{x}"),
            Cell::Number(_) => String::new(),
        }))?;
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| anyhow!("cannot write {}: {e}", csv_path.display()))?;
    crate::files::write_text_atomic(&csv_path, std::str::from_utf8(&bytes)?)?;

    let xlsx_path = dir.join(format!("{name}.xlsx"));
    let mut book = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(|e| anyhow!("{e}"))?;
    let title = if opts.synthetic {
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
    let bold = Format::new().set_bold().set_text_wrap();
    let missing = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x808080));
    for (j, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, j as u16, h, &bold)
            .map_err(|e| anyhow!("{e}"))?;
    }
    for (j, column) in columns.iter().enumerate() {
        let number = Format::new().set_num_format(num_format(display_of(&names[j])));
        let gap = match is_measure(&names[j]) {
            true => no_data,
            false => "—",
        };
        for (i, cell) in column.iter().enumerate() {
            let (row, col) = (i as u32 + 1, j as u16);
            let written = match cell {
                Cell::Empty => Ok(&mut *sheet),
                Cell::Missing => sheet.write_string_with_format(row, col, gap, &missing),
                Cell::Text(t) => sheet.write_string(row, col, excel_text(t)),
                Cell::Number(x) if x.is_finite() => {
                    sheet.write_number_with_format(row, col, *x, &number)
                }
                Cell::Number(_) => sheet.write_string_with_format(row, col, gap, &missing),
            };
            written.map_err(|e| anyhow!("{e}"))?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| anyhow!("{e}"))?;
    sheet.autofit_to_max_width(320);
    let buffer = book
        .save_to_buffer()
        .map_err(|e| anyhow!("cannot write {}: {e}", xlsx_path.display()))?;
    let mut tmp = crate::files::temp_file_in(dir)?;
    std::io::Write::write_all(&mut tmp, &buffer)?;
    crate::files::persist(tmp, &xlsx_path)?;
    Ok(vec![csv_path, xlsx_path])
}

/// Writes every mart of [`crate::marts::MARTS`] that planners get as a
/// table and the lake holds into `<out>/tables/`, with product and village
/// names added where the mart has only ids; removes the tables of marts the
/// run did not produce (a study that turned sensitivity off).
pub fn write_mart_tables(
    lake: &crate::lake::Lake,
    out: &Path,
    opts: TableOptions,
    economy: TableOptions,
    next: usize,
) -> Result<Vec<PathBuf>> {
    use crate::marts::{
        central_weights, market_reach, product_scores, rank_acceptability, relatedness,
        sensitivity, Family, MARTS,
    };
    let mut written = Vec::new();
    let scores = product_scores::MART.read_if_present(lake)?.map(|f| f.df);
    let dir = out.join("tables");
    for mart in MARTS.iter().filter(|m| m.table) {
        let Some(frame) = mart.read_if_present(lake)? else {
            for ext in ["csv", "xlsx"] {
                crate::files::remove_file_if_present(&dir.join(format!("{}.{ext}", mart.name)))?;
            }
            continue;
        };
        let df = match (mart.name, &scores) {
            (n, _) if n == product_scores::MART.name => with_missing_criteria(opts.lang, frame.df)?,
            (n, Some(scores)) if n == market_reach::MART.name || n == sensitivity::MART.name => {
                with_names(frame.df, scores)?
            }
            // The planner's relatedness table: what each village does and
            // its next products (the lake's mart has every category).
            (n, _) if n == relatedness::MART.name => frame
                .df
                .lazy()
                .filter(
                    col("m")
                        .eq(lit(1))
                        .or(col("next_rank").lt_eq(lit(next as u32))),
                )
                .collect()?,
            (n, Some(scores)) if n == rank_acceptability::MART.name => {
                with_names(by_rank(frame.df)?, scores)?
            }
            (n, Some(scores)) if n == central_weights::MART.name => {
                with_names(by_criterion(frame.df)?, scores)?
            }
            _ => frame.df,
        };
        // The label follows the data: the economy's tables carry its own provenance.
        let options = match mart.family {
            Family::Economy => economy,
            Family::Products => opts,
        };
        written.extend(write_table(&df, &dir, mart.name, options)?);
    }
    Ok(written)
}

/// Rank acceptability for a spreadsheet: one row per product (the mart has
/// one per product and rank), the shares of ranks 1, 2, 3 and 4 or below.
fn by_rank(df: DataFrame) -> Result<DataFrame> {
    let share = |keep: Expr, name: &str| {
        when(keep)
            .then(col("acceptability"))
            .otherwise(lit(0.0))
            .sum()
            .alias(name)
    };
    let rank = || col("rank_village");
    Ok(df
        .lazy()
        .group_by_stable([col("product_id"), col("village_code")])
        .agg([
            share(rank().eq(lit(1)), "rank_1"),
            share(rank().eq(lit(2)), "rank_2"),
            share(rank().eq(lit(3)), "rank_3"),
            share(rank().gt_eq(lit(4)), "rank_4_plus"),
        ])
        .collect()?)
}

/// Central weights for a spreadsheet: one row per pick, a column per
/// criterion (in the mart's order).
fn by_criterion(df: DataFrame) -> Result<DataFrame> {
    let mut criteria: Vec<String> = Vec::new();
    for c in df.column("criterion")?.str()?.iter().flatten() {
        if !criteria.iter().any(|k| k == c) {
            criteria.push(c.to_string());
        }
    }
    let mut columns: Vec<Expr> = criteria
        .iter()
        .map(|c| {
            col("central_weight")
                .filter(col("criterion").eq(lit(c.as_str())))
                .first()
                .alias(c.as_str())
        })
        .collect();
    columns.push(col("confidence_factor").first());
    Ok(df
        .lazy()
        .group_by_stable([col("product_id"), col("village_code")])
        .agg(columns)
        .collect()?)
}

/// Puts product_name, village_name and district_name (from `product_scores`)
/// after `product_id`.
fn with_names(df: DataFrame, scores: &DataFrame) -> Result<DataFrame> {
    let wanted = ["product_name", "village_name", "district_name"];
    let add: Vec<&str> = wanted
        .into_iter()
        .filter(|c| df.column(c).is_err())
        .collect();
    let names = scores.select(std::iter::once("product_id").chain(add.iter().copied()))?;
    let mut order: Vec<String> = vec!["product_id".into()];
    order.extend(add.iter().map(|c| c.to_string()));
    order.extend(
        df.get_column_names()
            .iter()
            .map(|c| c.to_string())
            .filter(|c| c != "product_id"),
    );
    let joined = df
        .lazy()
        .join(
            names.lazy(),
            [col("product_id")],
            [col("product_id")],
            JoinArgs {
                maintain_order: MaintainOrderJoin::Left,
                ..JoinArgs::new(JoinType::Left)
            },
        )
        .select(order.iter().map(|c| col(c.as_str())).collect::<Vec<_>>())
        .collect()?;
    Ok(joined)
}

/// Adds `missing_criteria`: the scored criteria a product has no value for,
/// by name in the study's language (empty when it has them all).
fn with_missing_criteria(lang: Lang, mut df: DataFrame) -> Result<DataFrame> {
    let criteria: Vec<String> = df
        .get_column_names()
        .iter()
        .filter_map(|c| c.strip_prefix("norm_").map(String::from))
        .collect();
    let mut lists = vec![Vec::new(); df.height()];
    for c in &criteria {
        let Ok(values) = df.column(c) else { continue };
        for (i, list) in lists.iter_mut().enumerate() {
            if values.get(i).map_or(true, |v| v.is_null()) {
                list.push(criterion_label(lang, c));
            }
        }
    }
    let text: Vec<Option<String>> = lists
        .into_iter()
        .map(|l| (!l.is_empty()).then(|| l.join("; ")))
        .collect();
    let at = df
        .get_column_names()
        .iter()
        .position(|c| *c == "potential_score")
        .unwrap_or(df.width());
    df.insert_column(at, Column::new("missing_criteria".into(), text))?;
    Ok(df)
}

/// Writes the quarantine of the study's batches as `<out>/rejected.csv` and
/// `.xlsx` (every rejected row and emptied cell with file, line, column,
/// value and reason); returns the paths. Files are named relative to
/// `base` (the study's folder), as the planner knows them.
pub fn write_rejected(
    quarantine: &DataFrame,
    out: &Path,
    base: &Path,
    opts: TableOptions,
) -> Result<Vec<PathBuf>> {
    let mut df = quarantine.drop("batch")?;
    let files: Vec<Option<String>> = df
        .column("source")?
        .str()?
        .iter()
        .map(|s| s.map(|s| crate::files::relative_to(base, s)))
        .collect();
    df.replace("source", Column::new("source".into(), files))?;
    df.rename("source", "file".into())?;
    // The rows are the user's own input, not synthetic output: no data note.
    write_table(
        &df,
        out,
        "rejected",
        TableOptions {
            synthetic: false,
            ..opts
        },
    )
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

    /// Regression (review of issue 10): a 33,000-character value (kept in the quarantine)
    /// made the XLSX writer fail and the whole run with it.
    #[test]
    fn text_longer_than_an_excel_cell_is_cut() {
        let long = "X".repeat(33_000);
        let cut = excel_text(&long);
        assert_eq!(cut.chars().count(), EXCEL_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(excel_text("Batik"), "Batik");
        let dir = tempfile::tempdir().unwrap();
        let df = df!("value" => [long.as_str()]).unwrap();
        let opts = TableOptions {
            lang: Lang::Id,
            synthetic: false,
        };
        write_table(&df, dir.path(), "rejected", opts).unwrap();
        let csv = std::fs::read_to_string(dir.path().join("rejected.csv")).unwrap();
        assert!(csv.contains(&long), "the CSV keeps the whole value");
    }

    #[test]
    fn every_mart_column_has_a_label_in_both_languages() {
        let columns = [
            "product_id",
            "sales_value",
            "share_village",
            "share_channel_unknown",
            "reach_index",
            "cagr",
            "norm_lq",
            "expert_quality",
            "expert_quality_sd",
            "potential_score",
            "quadrant",
            "p_stays_pick",
            "rank_1",
            "rank_4_plus",
            "flip_weight_change",
            "rank_p95",
            "labour_absorption",
            "data_note",
        ];
        for lang in [Lang::Id, Lang::En] {
            for c in columns {
                let l = column_label(lang, c);
                assert!(!l.contains('_') || c.starts_with("expert_"), "{c}: {l}");
                assert!(!l.contains("column.") && !l.contains("{x}"), "{c}: {l}");
            }
        }
        assert_eq!(column_label(Lang::Id, "share_export"), "Pangsa ekspor");
        assert_eq!(
            column_label(Lang::Id, "norm_lq"),
            "Kuosien lokasi (LQ) (ternormalisasi)"
        );
        assert_eq!(
            value_label(Lang::Id, "category", "food_beverage"),
            "Makanan & minuman"
        );
        assert_eq!(value_label(Lang::En, "quadrant", "tertinggal"), "Lagging");
    }
}
