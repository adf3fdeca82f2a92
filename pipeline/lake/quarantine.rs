//! The quarantine as one table: every rejected row and every dropped cell
//! of the batches the manifest lists, with the dataset it belongs to. `ovop
//! sql` serves it as `rejected`; the report writes it to `rejected.csv`.

use anyhow::Result;
use polars::prelude::*;

use super::{parquet, Lake, Manifest};

/// Columns of the table, in order.
pub const COLUMNS: [&str; 8] = [
    "dataset", "batch", "source", "line", "column", "value", "reason", "action",
];

/// The quarantine of every batch in the manifest, or None when nothing was
/// ever quarantined. Files written before the `action` column existed hold
/// rejected rows only.
pub fn scan(lake: &Lake, manifest: &Manifest) -> Result<Option<LazyFrame>> {
    let mut frames = Vec::new();
    for batch in &manifest.batches {
        for rel in batch.files.iter().filter(|f| f.starts_with("_quarantine/")) {
            let mut lf = parquet::scan_file(&lake.root.join(rel))?;
            let has_action = lf.collect_schema()?.contains("action");
            if !has_action {
                lf = lf.with_column(lit("row_rejected").alias("action"));
            }
            frames.push(
                lf.with_column(lit(batch.dataset.clone()).alias("dataset"))
                    .select(COLUMNS.map(col)),
            );
        }
    }
    if frames.is_empty() {
        return Ok(None);
    }
    Ok(Some(concat(frames, UnionArgs::default())?))
}

/// How many values the quarantine holds in all, and how many of them were
/// dropped from kept rows (counted over every batch, not a sample).
pub fn totals(lake: &Lake, manifest: &Manifest) -> Result<(u64, u64)> {
    let Some(lf) = scan(lake, manifest)? else {
        return Ok((0, 0));
    };
    let df = lf
        .select([
            len().cast(DataType::UInt64).alias("all"),
            col("action")
                .eq(lit("value_dropped"))
                .cast(DataType::UInt64)
                .sum()
                .alias("dropped"),
        ])
        .collect()?;
    let get = |c: &str| -> Result<u64> { Ok(df.column(c)?.u64()?.get(0).unwrap_or(0)) };
    Ok((get("all")?, get("dropped")?))
}

/// The rejected rows of `dataset` counted by file and reason, over every
/// batch: source, column, reason, count, first_line.
pub fn rejected_reasons(lake: &Lake, manifest: &Manifest, dataset: &str) -> Result<DataFrame> {
    let Some(lf) = scan(lake, manifest)? else {
        return Ok(DataFrame::empty_with_schema(&Schema::from_iter([
            Field::new("source".into(), DataType::String),
            Field::new("column".into(), DataType::String),
            Field::new("reason".into(), DataType::String),
            Field::new("count".into(), DataType::UInt64),
            Field::new("first_line".into(), DataType::Int32),
        ])));
    };
    Ok(lf
        .filter(
            col("dataset")
                .eq(lit(dataset.to_string()))
                .and(col("action").eq(lit("row_rejected"))),
        )
        .group_by([col("source"), col("column"), col("reason")])
        .agg([
            len().cast(DataType::UInt64).alias("count"),
            col("line").min().alias("first_line"),
        ])
        .sort(
            ["source", "column", "reason"],
            SortMultipleOptions::default(),
        )
        .collect()?)
}

/// The first `limit` rows of the quarantine by dataset, file and line,
/// collected (an empty table with the columns when there is none). Sorting
/// with a limit keeps only `limit` rows in memory, however many were rejected.
pub fn read(lake: &Lake, manifest: &Manifest, limit: usize) -> Result<DataFrame> {
    match scan(lake, manifest)? {
        Some(lf) => Ok(lf
            .sort(
                ["dataset", "source", "line"],
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .limit(limit as IdxSize)
            .collect()?),
        None => Ok(DataFrame::empty_with_schema(&Schema::from_iter(
            COLUMNS.map(|c| {
                let dtype = match c {
                    "line" => DataType::Int32,
                    _ => DataType::String,
                };
                Field::new(c.into(), dtype)
            }),
        ))),
    }
}
