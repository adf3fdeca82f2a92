//! `ovop generate`: deterministic synthetic OVOP data on real village codes.
//!
//! Villages and every buyer code come from the bundled reference, so codes are
//! real; everything else (population, products, producers, prices, sales and
//! expert scores) is drawn from seeded random streams, and the same arguments
//! give byte-identical files.
//!
//! The data is shaped so that the scores have something to find: categories
//! cluster by kecamatan and village (location quotients differ), each product
//! has its own growth trend (CAGR varies) and its own reach profile over the six
//! market tiers of SPEC §5.1, a few products sell most, and about 5% sell
//! nothing.
//!
//! Sales are streamed product by product so that 100 million rows never sit in
//! memory: every product's row count is fixed up front (the counts sum exactly
//! to `--sales-rows`), and its rows come from its own seeded stream.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::Context;
use polars::prelude::{
    ChunkedBuilder, Column, DataFrame, Float64Type, Int32Type, Int64Type, IntoColumn, PlSmallStr,
    PrimitiveChunkedBuilder, StringChunkedBuilder,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, LogNormal, Normal};

use crate::reference::{Reference, Village};

#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// Region code prefix whose real villages are used ("35.23" = Kabupaten Tuban; "" or "ID" = all 83,762 villages)
    #[arg(long, default_value = "35.23")]
    pub region: String,
    /// Use only the first N villages of the region (in code order); default all
    #[arg(long)]
    pub villages: Option<usize>,
    /// Mean number of candidate products per village (each village draws 1..=2K-1; a few draw none)
    #[arg(long, default_value_t = 3)]
    pub products_per_village: usize,
    /// Number of sales years, ending at --last-year
    #[arg(long, default_value_t = 5)]
    pub years: u32,
    /// Last sales year
    #[arg(long, default_value_t = 2024)]
    pub last_year: i32,
    /// Total number of sales rows, spread over the products with a few big sellers
    #[arg(long, default_value_t = 50_000)]
    pub sales_rows: u64,
    /// Random seed: the same arguments give byte-identical files
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Output format: CSV files, or Parquet (sales split into parts of 1,000,000 rows)
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Real candidate products to place first (CSV with columns product_name,village_code,category,source), e.g. the Tuban sourced pairs
    #[arg(long)]
    pub real_products: Option<PathBuf>,
    /// Output folder (created if missing; the generator's own files in it are replaced)
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Parquet,
}

/// Row counts and the files written, in writing order.
#[derive(Debug, Clone)]
pub struct Summary {
    pub villages: u64,
    pub products: u64,
    pub sales: u64,
    pub assessments: u64,
    pub files: Vec<PathBuf>,
}

pub fn run(args: &GenerateArgs) -> anyhow::Result<Summary> {
    check_args(args)?;
    let areas = Areas::national();
    let selected = areas.select(&args.region, args.villages)?;
    let real = match &args.real_products {
        Some(path) => read_real_products(path, &areas, &selected)?,
        None => BTreeMap::new(),
    };
    let years = Years::new(args.last_year, args.years);
    let products = plan_products(args, &areas, &selected, &real, &years);
    if args.sales_rows > 0 && products.is_empty() {
        return Err(crate::bad_input!(
            "no candidate products to sell: the villages drew none; \
             raise --products-per-village or give --sales-rows 0"
        ));
    }

    claim_out(&args.out)?;
    let mut files = Vec::new();
    let villages = write_villages(args, &areas, &selected, &mut files)?;
    write_products(args, &areas, &products, &mut files)?;
    let sales = write_sales(args, &areas, &products, &years, &mut files)?;
    let assessments = write_assessments(args, &products, &mut files)?;
    let listed: Vec<String> = files
        .iter()
        .filter_map(|f| f.strip_prefix(&args.out).ok())
        .map(|f| f.display().to_string())
        .collect();
    crate::files::write_text_atomic(
        &args.out.join(GENERATED_MARKER),
        &format!(
            "Synthetic data (data sintetis) written by `ovop generate`, which may replace these files:\n{}\n",
            listed.join("\n")
        ),
    )?;
    Ok(Summary {
        villages,
        products: products.len() as u64,
        sales,
        assessments,
        files,
    })
}

use crate::files::GENERATED_MARKER;

/// `generate` writes into a new or empty folder, or one it wrote before:
/// never over a user's own `products.csv`.
fn claim_out(out: &Path) -> anyhow::Result<()> {
    if out.is_file() {
        return Err(crate::bad_input!(
            "--out {} is a file; give a folder",
            out.display()
        ));
    }
    let foreign = out.exists()
        && !out.join(GENERATED_MARKER).exists()
        && fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .next()
            .is_some();
    if foreign {
        return Err(crate::bad_input!(
            "{} holds files that `ovop generate` did not write; give a new or empty folder so that none of yours is replaced",
            out.display()
        ));
    }
    crate::files::refuse_link(&out.join("sales"))?;
    fs::create_dir_all(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))
}

fn check_args(args: &GenerateArgs) -> anyhow::Result<()> {
    if args.years == 0 || args.years > 100 {
        return Err(crate::bad_input!(
            "--years {} must be between 1 and 100",
            args.years
        ));
    }
    if !(1900..=2100).contains(&args.last_year) {
        return Err(crate::bad_input!(
            "--last-year {} must be between 1900 and 2100",
            args.last_year
        ));
    }
    if args.villages == Some(0) {
        return Err(crate::bad_input!(
            "--villages 0 selects nothing: give at least 1, or leave it out for all"
        ));
    }
    Ok(())
}

mod areas;
mod catalogue;
mod output;
mod random;
mod real;
mod sales;
mod tables;
#[cfg(test)]
mod tests;

use areas::*;
use catalogue::*;
use output::*;
use random::*;
use real::*;
use sales::*;
use tables::*;
