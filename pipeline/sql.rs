//! `ovop sql "SELECT …"`: polars SQL over the lake. Every dataset with a batch
//! (villages, products, sales with its `year`, economy, assessments),
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
    // Held while the query runs: a writer's publish is never seen half done.
    let _lock = lake.lock_to_read()?;
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
    let synthetic = synthetic_tables(lake, &manifest, query);
    if !synthetic.is_empty() {
        eprintln!(
            "note: data sintetis / synthetic data: the query reads synthetic rows from {}; its numbers do not describe real conditions",
            synthetic.join(", ")
        );
    }
    Ok(tables)
}

/// The tables `query` names that hold synthetic data: a dataset with a
/// synthetic batch, the quarantine of one, a mart built from one.
pub fn synthetic_tables(lake: &Lake, manifest: &crate::lake::Manifest, query: &str) -> Vec<String> {
    let words: std::collections::HashSet<String> = query
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(str::to_lowercase)
        .collect();
    let marts = crate::marts::synthetic_marts(lake);
    let any_synthetic = manifest.batches.iter().any(|b| b.synthetic);
    let mut names: Vec<String> = Dataset::ALL
        .iter()
        .filter(|d| manifest.batches_of(d.name()).any(|b| b.synthetic))
        .map(|d| d.name().to_string())
        .collect();
    if any_synthetic {
        names.push("rejected".into());
    }
    names.extend(marts.into_iter().filter(|(_, s)| *s).map(|(name, _)| name));
    names.retain(|name| words.contains(name));
    names
}
