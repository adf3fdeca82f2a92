//! `ovop sql "SELECT …"`: polars SQL over the lake. Every dataset with a batch
//! (villages, products, sales with its hive `year`, economy, assessments),
//! the quarantine (`rejected`) and every mart of `marts::MARTS` is a table; the
//! result goes to stdout as CSV.

use std::io::Write;

use anyhow::{anyhow, Result};
use polars::prelude::*;
use polars::sql::SQLContext;

use crate::bad_input;
use crate::domain::Dataset;
use crate::lake::{parquet, Lake};

/// Runs `query` and writes the result as CSV to `out`; returns the table names.
pub fn run(lake: &Lake, query: &str, out: &mut impl Write) -> Result<Vec<String>> {
    if !lake.root.join("_manifest.json").exists() && !lake.marts.exists() {
        return Err(bad_input!(
            "no lake at {}: give the lake with --lake DIR (a run's lake is <out>/lake, e.g. reports/<study name>/lake) or the study with --study STUDY.toml",
            lake.root.display()
        ));
    }
    let manifest = lake.manifest()?;
    let mut context = SQLContext::new();
    let mut tables = Vec::new();
    for dataset in Dataset::ALL {
        if let Some(lf) = parquet::scan_dataset(lake, &manifest, dataset.name())? {
            context.register(dataset.name(), lf);
            tables.push(dataset.name().to_string());
        }
    }
    if let Some(lf) = crate::lake::quarantine::scan(lake, &manifest)? {
        context.register("rejected", lf);
        tables.push("rejected".to_string());
    }
    for mart in crate::marts::MARTS {
        let path = mart.path(lake);
        if path.exists() {
            context.register(mart.name, parquet::scan_file(&path)?);
            tables.push(mart.name.to_string());
        }
    }
    if tables.is_empty() {
        return Err(bad_input!(
            "the lake {} is empty: ingest data or run a study first",
            lake.root.display()
        ));
    }
    // A statement ends with `;` in every SQL client; polars' parser refuses it.
    let query = query
        .trim()
        .trim_end_matches(|c: char| c == ';' || c.is_whitespace());
    let mut df = context
        .execute(query)
        .and_then(|lf| lf.collect())
        .map_err(|e| bad_input!("SQL error: {e}. Tables: {}", tables.join(", ")))?;
    CsvWriter::new(out)
        .include_header(true)
        .finish(&mut df)
        .map_err(|e| anyhow!("cannot write the result: {e}"))?;
    Ok(tables)
}
