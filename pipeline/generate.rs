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
    ChunkedBuilder, Column, DataFrame, Float64Type, Int32Type, Int64Type, IntoColumn,
    ParquetCompression, ParquetWriter, PlSmallStr, PrimitiveChunkedBuilder, StatisticsOptions,
    StringChunkedBuilder,
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

/// Marks a folder that `ovop generate` wrote (and lists its files).
const GENERATED_MARKER: &str = ".ovop-generated";

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

// ---------------------------------------------------------------------------
// Categories, products and their attributes

/// One kind of product: name stem, unit and a plausible price range in rupiah.
struct Item {
    name: &'static str,
    unit: &'static str,
    price: (f64, f64),
}

/// A SPEC §3 category with its share of candidates, typical producer count,
/// local-material range and certification odds (pirt, halal, bpom, sni, haki).
struct Category {
    name: &'static str,
    weight: f64,
    producers: f64,
    local_material: (f64, f64),
    certification_odds: [f64; 5],
    items: &'static [Item],
}

const fn item(name: &'static str, unit: &'static str, lo: f64, hi: f64) -> Item {
    Item {
        name,
        unit,
        price: (lo, hi),
    }
}

const CRAFT_CERTIFICATION: [f64; 5] = [0.0, 0.0, 0.0, 0.04, 0.15];

const CATEGORIES: [Category; 12] = [
    Category {
        name: "food_beverage",
        weight: 0.28,
        producers: 18.0,
        local_material: (0.55, 0.98),
        certification_odds: [0.55, 0.40, 0.07, 0.0, 0.05],
        items: &[
            item("Keripik Singkong", "kg", 25e3, 45e3),
            item("Kerupuk Ikan", "kg", 40e3, 80e3),
            item("Legen Siwalan", "botol", 5e3, 15e3),
            item("Dodol Nangka", "kg", 30e3, 60e3),
            item("Kopi Bubuk", "kg", 60e3, 150e3),
            item("Terasi Rebon", "kg", 40e3, 90e3),
            item("Jamu Gendong", "botol", 5e3, 15e3),
            item("Keripik Tempe", "kg", 35e3, 60e3),
            item("Gula Merah", "kg", 15e3, 25e3),
            item("Sambal Bawang", "botol", 15e3, 35e3),
            item("Emping Melinjo", "kg", 60e3, 110e3),
            item("Rengginang", "kg", 30e3, 50e3),
        ],
    },
    Category {
        name: "batik",
        weight: 0.05,
        producers: 12.0,
        local_material: (0.15, 0.60),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Batik Tulis", "lembar", 250e3, 1.5e6),
            item("Batik Cap", "lembar", 80e3, 250e3),
            item("Batik Gedog", "lembar", 300e3, 2e6),
            item("Batik Kombinasi", "lembar", 120e3, 400e3),
        ],
    },
    Category {
        name: "woven_textile",
        weight: 0.03,
        producers: 10.0,
        local_material: (0.30, 0.90),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Tenun Gedog", "lembar", 200e3, 900e3),
            item("Sarung Tenun", "lembar", 150e3, 500e3),
            item("Selendang Tenun", "lembar", 100e3, 350e3),
        ],
    },
    Category {
        name: "plaiting",
        weight: 0.07,
        producers: 14.0,
        local_material: (0.70, 1.0),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Anyaman Bambu", "pcs", 15e3, 80e3),
            item("Anyaman Pandan", "pcs", 20e3, 90e3),
            item("Tikar Pandan", "lembar", 40e3, 120e3),
            item("Caping Bambu", "pcs", 10e3, 30e3),
            item("Keranjang Rotan", "pcs", 30e3, 150e3),
        ],
    },
    Category {
        name: "pottery",
        weight: 0.04,
        producers: 10.0,
        local_material: (0.75, 1.0),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Gerabah Hias", "pcs", 25e3, 200e3),
            item("Cobek Tanah Liat", "pcs", 10e3, 35e3),
            item("Kendi Gerabah", "pcs", 15e3, 50e3),
            item("Genteng Tanah Liat", "pcs", 1.5e3, 3.5e3),
        ],
    },
    Category {
        name: "wood_craft",
        weight: 0.05,
        producers: 8.0,
        local_material: (0.40, 0.95),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Ukiran Kayu Jati", "pcs", 150e3, 2.5e6),
            item("Mebel Kayu Jati", "pcs", 800e3, 6e6),
            item("Kerajinan Akar Jati", "pcs", 100e3, 1.5e6),
            item("Miniatur Kapal Kayu", "pcs", 75e3, 600e3),
        ],
    },
    Category {
        name: "other_craft",
        weight: 0.06,
        producers: 8.0,
        local_material: (0.30, 0.90),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Kerajinan Kerang", "pcs", 10e3, 75e3),
            item("Tas Rajut", "pcs", 50e3, 200e3),
            item("Kerajinan Batu Kapur", "pcs", 25e3, 300e3),
            item("Kerajinan Eceng Gondok", "pcs", 30e3, 150e3),
            item("Souvenir Manik-manik", "pcs", 10e3, 50e3),
        ],
    },
    Category {
        name: "agriculture",
        weight: 0.16,
        producers: 40.0,
        local_material: (0.90, 1.0),
        certification_odds: [0.05, 0.0, 0.0, 0.02, 0.0],
        items: &[
            item("Jagung Pipil", "kg", 4e3, 7e3),
            item("Kacang Tanah", "kg", 18e3, 30e3),
            item("Buah Siwalan", "pcs", 2e3, 5e3),
            item("Mangga", "kg", 10e3, 25e3),
            item("Cabai Rawit", "kg", 20e3, 70e3),
            item("Bawang Merah", "kg", 20e3, 45e3),
            item("Tembakau Rajang", "kg", 40e3, 90e3),
            item("Belimbing", "kg", 10e3, 20e3),
        ],
    },
    Category {
        name: "fishery",
        weight: 0.08,
        producers: 20.0,
        local_material: (0.85, 1.0),
        certification_odds: [0.30, 0.20, 0.03, 0.0, 0.02],
        items: &[
            item("Ikan Asap", "kg", 40e3, 80e3),
            item("Ikan Asin", "kg", 35e3, 90e3),
            item("Rajungan", "kg", 80e3, 160e3),
            item("Udang Vaname", "kg", 60e3, 110e3),
            item("Bandeng Presto", "kg", 50e3, 90e3),
            item("Ikan Teri Kering", "kg", 60e3, 140e3),
        ],
    },
    Category {
        name: "livestock",
        weight: 0.06,
        producers: 18.0,
        local_material: (0.60, 1.0),
        certification_odds: [0.05, 0.15, 0.0, 0.0, 0.0],
        items: &[
            item("Sapi Potong", "ekor", 12e6, 22e6),
            item("Kambing", "ekor", 1.8e6, 4e6),
            item("Telur Ayam Kampung", "kg", 35e3, 55e3),
            item("Madu Lebah", "botol", 60e3, 180e3),
            item("Ayam Kampung", "ekor", 60e3, 120e3),
        ],
    },
    Category {
        name: "tourism",
        weight: 0.05,
        producers: 5.0,
        local_material: (0.50, 1.0),
        certification_odds: [0.0, 0.0, 0.0, 0.0, 0.05],
        items: &[
            item("Paket Wisata Goa", "paket", 25e3, 150e3),
            item("Paket Wisata Pantai", "paket", 15e3, 100e3),
            item("Homestay Desa", "paket", 100e3, 300e3),
            item("Paket Edukasi Batik", "paket", 50e3, 200e3),
            item("Wisata Religi", "paket", 10e3, 50e3),
        ],
    },
    Category {
        name: "other",
        weight: 0.07,
        producers: 6.0,
        local_material: (0.30, 0.90),
        certification_odds: [0.10, 0.05, 0.03, 0.08, 0.05],
        items: &[
            item("Pupuk Organik", "kg", 2e3, 5e3),
            item("Arang Batok", "kg", 6e3, 12e3),
            item("Sabun Herbal", "pcs", 8e3, 25e3),
            item("Minyak Kayu Putih", "botol", 15e3, 45e3),
            item("Bata Merah", "pcs", 700.0, 1.2e3),
        ],
    },
];

const CERTIFICATIONS: [&str; 5] = ["pirt", "halal", "bpom", "sni", "haki"];
const DESIGN_ORIGINS: [&str; 3] = ["copied", "market", "own"];

fn category_index(name: &str) -> Option<usize> {
    CATEGORIES.iter().position(|c| c.name == name)
}

/// One row of `products`, plus the weight that decides its share of the sales rows.
struct Product {
    id: String,
    village: usize,
    name: String,
    category: usize,
    unit: &'static str,
    producers: u32,
    workers: u32,
    local_material_share: f64,
    capacity: i64,
    unit_price: i64,
    unit_cost: i64,
    year_established: i32,
    certifications: String,
    packaging_level: u8,
    design_origin: &'static str,
    /// The URL of a real product; `None` for a synthetic one.
    source: Option<String>,
    sales_weight: f64,
}

/// A product read from `--real-products`.
struct RealProduct {
    name: String,
    category: usize,
    source: String,
}

/// The sales years `first..=last`.
struct Years {
    first: i32,
    last: i32,
}

impl Years {
    fn new(last: i32, count: u32) -> Years {
        Years {
            first: last - count as i32 + 1,
            last,
        }
    }
}

/// Candidate products in village code order (real ones first within their
/// village), with ids assigned in that order.
fn plan_products(
    args: &GenerateArgs,
    areas: &Areas,
    selected: &[usize],
    real: &BTreeMap<usize, Vec<RealProduct>>,
    years: &Years,
) -> Vec<Product> {
    let mut rng = stream(args.seed, Stage::Products, 0);
    let mut products = Vec::new();
    let mut district_weights = Vec::new();
    let mut district = "";
    for &village in selected {
        let v = areas.villages[village];
        if v.district_code != district {
            district = &v.district_code;
            district_weights = draw_district_weights(&mut rng);
        }
        let signature = pick(&mut rng, &district_weights);
        let count = draw_product_count(&mut rng, args.products_per_village);
        let mut names: Vec<String> = Vec::new();
        let mut items: Vec<(usize, usize)> = Vec::new();
        for r in real.get(&village).map(Vec::as_slice).unwrap_or_default() {
            let item = matching_item(&mut rng, r.category, &r.name);
            let draw = Draw {
                village,
                category: r.category,
                item,
                signature: r.category == signature,
            };
            products.push(draw_product(
                &mut rng,
                &draw,
                r.name.clone(),
                Some(r.source.clone()),
                years,
            ));
            names.push(r.name.clone());
            items.push((r.category, item));
        }
        for _ in names.len()..count {
            let category = if rng.random_bool(0.45) {
                signature
            } else {
                pick(&mut rng, &district_weights)
            };
            let item = fresh_item(&mut rng, category, &items);
            let name = unique_name(&names, CATEGORIES[category].items[item].name, &v.name);
            let draw = Draw {
                village,
                category,
                item,
                signature: category == signature,
            };
            products.push(draw_product(&mut rng, &draw, name.clone(), None, years));
            names.push(name);
            items.push((category, item));
        }
    }
    let width = products.len().to_string().len().max(6);
    for (i, product) in products.iter_mut().enumerate() {
        product.id = format!("P{:0width$}", i + 1);
    }
    products
}

/// Category weights of one kecamatan: the national mix with two specialities boosted.
fn draw_district_weights(rng: &mut StdRng) -> Vec<f64> {
    let mut weights: Vec<f64> = CATEGORIES.iter().map(|c| c.weight).collect();
    for _ in 0..2 {
        let special = rng.random_range(0..weights.len());
        weights[special] *= rng.random_range(3.0..7.0);
    }
    weights
}

/// 1..=2K-1 products (mean K), none in about 6% of villages.
fn draw_product_count(rng: &mut StdRng, mean: usize) -> usize {
    if mean == 0 || rng.random_bool(0.06) {
        0
    } else {
        rng.random_range(1..=2 * mean - 1)
    }
}

/// The item of a category whose words best match a real product's name, for its unit and prices.
fn matching_item(rng: &mut StdRng, category: usize, name: &str) -> usize {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let items = CATEGORIES[category].items;
    let score = |item: &Item| {
        item.name
            .split(' ')
            .filter(|w| words.contains(&w.to_lowercase()))
            .count()
    };
    let best = (0..items.len()).max_by_key(|&i| (score(&items[i]), std::cmp::Reverse(i)));
    match best {
        Some(i) if score(&items[i]) > 0 => i,
        _ => rng.random_range(0..items.len()),
    }
}

/// An item of `category` that the village does not make yet, if one is left.
fn fresh_item(rng: &mut StdRng, category: usize, taken: &[(usize, usize)]) -> usize {
    let all = CATEGORIES[category].items.len();
    let unused: Vec<usize> = (0..all)
        .filter(|&i| !taken.contains(&(category, i)))
        .collect();
    match unused.len() {
        0 => rng.random_range(0..all),
        n => unused[rng.random_range(0..n)],
    }
}

/// "Keripik Singkong Margorejo", or with a number when the village already has that name.
fn unique_name(taken: &[String], stem: &str, village: &str) -> String {
    let base = format!("{stem} {village}");
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base} {n}");
        n += 1;
    }
    name
}

/// What is fixed about a product before its attributes are drawn.
struct Draw {
    village: usize,
    category: usize,
    item: usize,
    /// The village's signature category: more producers, so the village's LQ rises.
    signature: bool,
}

fn draw_product(
    rng: &mut StdRng,
    draw: &Draw,
    name: String,
    source: Option<String>,
    years: &Years,
) -> Product {
    let category = &CATEGORIES[draw.category];
    let item = &category.items[draw.item];
    let spread = LogNormal::new(0.0, 0.7).expect("valid lognormal");
    let boost = if draw.signature { 2.5 } else { 1.0 };
    let producers = (category.producers * boost * spread.sample(rng))
        .round()
        .max(1.0) as u32;
    let workers = (producers as f64 * rng.random_range(1.0..4.0))
        .round()
        .max(producers as f64) as u32;
    let (lo, hi) = item.price;
    let unit_price = round_price((lo.ln() + rng.random::<f64>() * (hi / lo).ln()).exp());
    let unit_cost = round_price(unit_price as f64 * rng.random_range(0.45..0.88))
        .min(unit_price - 1)
        .max(1);
    let output_per_producer = 40e6 * spread.sample(rng);
    let capacity = (producers as f64 * output_per_producer / unit_price as f64)
        .round()
        .max(1.0) as i64;
    let (m_lo, m_hi) = category.local_material;
    let real = source.is_some();
    Product {
        id: String::new(),
        village: draw.village,
        name,
        category: draw.category,
        unit: item.unit,
        producers,
        workers,
        local_material_share: round2(rng.random_range(m_lo..=m_hi)),
        capacity,
        unit_price,
        unit_cost,
        year_established: draw_year_established(rng, years),
        certifications: draw_certifications(rng, &category.certification_odds),
        packaging_level: [1, 2, 3][pick(rng, &[0.45, 0.38, 0.17])],
        design_origin: DESIGN_ORIGINS[pick(rng, &[0.30, 0.35, 0.35])],
        source,
        // Real products always sell; about 5% of the synthetic ones sell nothing.
        sales_weight: draw_sales_weight(rng, real, producers),
    }
}

/// A product's share of the sales rows: skewed (a few big sellers), larger with
/// more producers. Real products always sell, at least a median amount; about 5%
/// of the synthetic ones sell nothing.
fn draw_sales_weight(rng: &mut StdRng, real: bool, producers: u32) -> f64 {
    if !real && rng.random_bool(0.05) {
        return 0.0;
    }
    let draw: f64 = LogNormal::new(0.0, 1.2)
        .expect("valid lognormal")
        .sample(rng);
    let draw = if real { draw.max(1.0) } else { draw };
    draw * f64::from(producers).sqrt()
}

/// Mostly long-established; some start inside the sales window (so CAGR can be undefined).
fn draw_year_established(rng: &mut StdRng, years: &Years) -> i32 {
    if rng.random_bool(0.88) {
        rng.random_range(years.first - 45..years.first)
    } else {
        rng.random_range(years.first..=years.last.max(years.first + 1) - 1)
    }
}

fn draw_certifications(rng: &mut StdRng, odds: &[f64; 5]) -> String {
    let held: Vec<&str> = CERTIFICATIONS
        .iter()
        .zip(odds)
        .filter(|(_, &p)| rng.random_bool(p))
        .map(|(name, _)| *name)
        .collect();
    held.join(";")
}

/// Rupiah prices as shops quote them: to 500 above Rp 10,000, to 100 above Rp 1,000.
fn round_price(price: f64) -> i64 {
    let step = if price >= 10e3 {
        500.0
    } else if price >= 1e3 {
        100.0
    } else {
        1.0
    };
    ((price / step).round() * step).max(1.0) as i64
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

// ---------------------------------------------------------------------------
// Real products

fn read_real_products(
    path: &Path,
    areas: &Areas,
    selected: &[usize],
) -> anyhow::Result<BTreeMap<usize, Vec<RealProduct>>> {
    let file = path.display();
    let mut reader = csv::Reader::from_path(path)
        .map_err(|e| crate::bad_input!("cannot read --real-products {file}: {e}"))?;
    let headers = reader
        .headers()
        .map_err(|e| crate::bad_input!("{file}: {e}"))?
        .clone();
    let column = |name: &str| {
        // Excel saves UTF-8 with a byte-order mark before the first header.
        let found = headers.iter().position(|h| {
            h.trim_start_matches('\u{feff}')
                .trim()
                .eq_ignore_ascii_case(name)
        });
        found.ok_or_else(|| {
            crate::bad_input!("{file}: no column '{name}'; the header must be {REAL_HEADER}")
        })
    };
    let [name_col, code_col, category_col, source_col] = [
        column("product_name")?,
        column("village_code")?,
        column("category")?,
        column("source")?,
    ];
    let mut real: BTreeMap<usize, Vec<RealProduct>> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| crate::bad_input!("{file}: {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or_default().trim();
        let code = normalise_village_code(field(code_col));
        let village = areas.index_of(&code).ok_or_else(|| {
            crate::bad_input!(
                "{file}:{line}: village_code '{code}' is not a village in the reference \
                 (idn-area-data 4.0.1); use a dotted Kemendagri village code such as 35.23.08.2008"
            )
        })?;
        if selected.binary_search(&village).is_err() {
            return Err(crate::bad_input!(
                "{file}:{line}: village {code} ({}) is outside the generated villages; \
                 widen --region or --villages",
                areas.villages[village].name
            ));
        }
        let category = category_index(field(category_col)).ok_or_else(|| {
            let known: Vec<&str> = CATEGORIES.iter().map(|c| c.name).collect();
            crate::bad_input!(
                "{file}:{line}: category '{}' is not one of {}",
                field(category_col),
                known.join(", ")
            )
        })?;
        let (name, source) = (field(name_col), field(source_col));
        if name.is_empty() || source.is_empty() {
            return Err(crate::bad_input!(
                "{file}:{line}: product_name and source must not be empty"
            ));
        }
        real.entry(village).or_default().push(RealProduct {
            name: name.to_string(),
            category,
            source: source.to_string(),
        });
    }
    Ok(real)
}

const REAL_HEADER: &str = "product_name,village_code,category,source";

/// `3523082008` → `35.23.08.2008`; anything else is returned as given.
fn normalise_village_code(code: &str) -> String {
    if code.len() == 10 && code.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{}.{}.{}.{}",
            &code[..2],
            &code[2..4],
            &code[4..6],
            &code[6..]
        )
    } else {
        code.to_string()
    }
}

// ---------------------------------------------------------------------------
// Areas: every village with the runs of villages that share its kecamatan,
// regency and province, so buyers at each market tier are drawn by index.

#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn len(self) -> usize {
        self.end - self.start
    }
}

struct Areas {
    /// Every village of Indonesia, in code order.
    villages: Vec<&'static Village>,
    district: Vec<Span>,
    regency: Vec<Span>,
    province: Vec<Span>,
}

impl Areas {
    fn national() -> Areas {
        let mut villages: Vec<&'static Village> = Reference::get().villages_in("").collect();
        villages.sort_by(|a, b| a.code.cmp(&b.code));
        let spans = |segments: usize| runs(&villages, |v| leading(&v.code, segments));
        Areas {
            district: spans(3),
            regency: spans(2),
            province: spans(1),
            villages,
        }
    }

    fn index_of(&self, code: &str) -> Option<usize> {
        self.villages
            .binary_search_by(|v| v.code.as_str().cmp(code))
            .ok()
    }

    /// Indices of the villages of `region` ("" or "ID" for all), the first `limit` of them.
    fn select(&self, region: &str, limit: Option<usize>) -> anyhow::Result<Vec<usize>> {
        let region = region.trim();
        let prefix = if region.is_empty() || region.eq_ignore_ascii_case("ID") {
            ""
        } else {
            region
        };
        if !prefix.is_empty() && !Reference::get().contains(prefix) {
            return Err(crate::bad_input!(
                "--region '{region}' is not a code in the reference (idn-area-data 4.0.1); \
                 give a dotted Kemendagri code such as 35.23 (Kabupaten Tuban) or 35 (Jawa Timur), \
                 or \"\" for all of Indonesia"
            ));
        }
        let dotted = format!("{prefix}.");
        let within =
            |v: &Village| prefix.is_empty() || v.code == prefix || v.code.starts_with(&dotted);
        let selected: Vec<usize> = (0..self.villages.len())
            .filter(|&i| within(self.villages[i]))
            .take(limit.unwrap_or(usize::MAX))
            .collect();
        if selected.is_empty() {
            return Err(crate::bad_input!(
                "--region '{region}' has no villages in the reference"
            ));
        }
        Ok(selected)
    }

    /// A buyer code at `tier` (SPEC §5.1) from the point of view of `village`.
    fn buyer(&self, rng: &mut StdRng, village: usize, tier: usize) -> String {
        let code = |i: usize| self.villages[i].code.as_str();
        let own = code(village);
        let found = match tier {
            0 => Some(own.to_string()),
            1 if rng.random_bool(0.9) => {
                let district = self.district[village];
                (district.len() > 1).then(|| {
                    let j = district.start + rng.random_range(0..district.len() - 1);
                    code(if j >= village { j + 1 } else { j }).to_string()
                })
            }
            // Another kecamatan of the regency, as a village or as the kecamatan.
            2 if rng.random_bool(0.9) => {
                pick_outside(rng, self.regency[village], self.district[village])
                    .map(|j| coarsen(rng, code(j), 0.25, 3))
            }
            // Another regency of the province, as a village or as the regency.
            3 if rng.random_bool(0.9) => {
                pick_outside(rng, self.province[village], self.regency[village])
                    .map(|j| coarsen(rng, code(j), 0.4, 2))
            }
            // Another province, as a village or as a regency.
            4 if rng.random_bool(0.92) => {
                let nation = Span {
                    start: 0,
                    end: self.villages.len(),
                };
                pick_outside(rng, nation, self.province[village])
                    .map(|j| coarsen(rng, code(j), 0.5, 2))
            }
            5 => Some(COUNTRIES[pick(rng, &COUNTRY_WEIGHTS)].to_string()),
            _ => None,
        };
        // The coarse codes: the area itself at its own tier (or the nation for tier 4).
        found.unwrap_or_else(|| match tier {
            1 => leading(own, 3).to_string(),
            2 => leading(own, 2).to_string(),
            3 => leading(own, 1).to_string(),
            _ => "ID".to_string(),
        })
    }
}

/// A village code, or with probability `p` its first `segments` segments.
fn coarsen(rng: &mut StdRng, code: &str, p: f64, segments: usize) -> String {
    let code = if rng.random_bool(p) {
        leading(code, segments)
    } else {
        code
    };
    code.to_string()
}

/// For each village, the run of consecutive villages with the same key.
fn runs(villages: &[&Village], key: impl Fn(&Village) -> &str) -> Vec<Span> {
    let mut spans = Vec::with_capacity(villages.len());
    let mut start = 0;
    for i in 1..=villages.len() {
        if i == villages.len() || key(villages[i]) != key(villages[start]) {
            spans.extend(std::iter::repeat_n(Span { start, end: i }, i - start));
            start = i;
        }
    }
    spans
}

/// A random index in `outer` but not in `inner` (which lies inside `outer`).
fn pick_outside(rng: &mut StdRng, outer: Span, inner: Span) -> Option<usize> {
    let n = outer.len() - inner.len();
    (n > 0).then(|| {
        let i = outer.start + rng.random_range(0..n);
        if i >= inner.start {
            i + inner.len()
        } else {
            i
        }
    })
}

/// The first `segments` segments of a dotted code: `leading("35.23.08.2008", 2)` = `35.23`.
fn leading(code: &str, segments: usize) -> &str {
    code.match_indices('.')
        .nth(segments - 1)
        .map_or(code, |(i, _)| &code[..i])
}

const COUNTRIES: [&str; 13] = [
    "JP", "SG", "MY", "US", "NL", "SA", "AU", "CN", "KR", "HK", "TW", "AE", "DE",
];
const COUNTRY_WEIGHTS: [f64; 13] = [
    3.0, 3.0, 3.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0,
];

// ---------------------------------------------------------------------------
// Sales

const CHANNELS: [&str; 5] = [
    "direct",
    "reseller",
    "marketplace",
    "exhibition",
    "export_agent",
];
/// Channel weights by market tier: local sales are direct, exports go through agents.
const CHANNEL_WEIGHTS: [[f64; 5]; 6] = [
    [0.80, 0.10, 0.05, 0.05, 0.0],
    [0.55, 0.25, 0.10, 0.10, 0.0],
    [0.30, 0.35, 0.20, 0.15, 0.0],
    [0.10, 0.35, 0.40, 0.15, 0.0],
    [0.05, 0.25, 0.55, 0.15, 0.0],
    [0.0, 0.03, 0.07, 0.10, 0.80],
];
/// Reach profiles (weights of tiers 0–5) and how common each is.
const REACH_PROFILES: [[f64; 6]; 4] = [
    [0.45, 0.30, 0.15, 0.07, 0.03, 0.0],  // very local
    [0.15, 0.25, 0.30, 0.20, 0.10, 0.0],  // regional
    [0.05, 0.10, 0.20, 0.30, 0.35, 0.0],  // national
    [0.05, 0.10, 0.15, 0.20, 0.25, 0.25], // exporter
];
const REACH_PROFILE_ODDS: [f64; 4] = [0.40, 0.33, 0.21, 0.06];
/// Bigger orders further away (resellers and agents buy in bulk), but village
/// products mostly sell near home: most value stays within the province.
const TIER_QUANTITY: [f64; 6] = [0.5, 0.8, 1.0, 1.4, 1.8, 3.0];
/// How many distinct buyers a product has at most per tier.
const POOL_SIZES: [usize; 6] = [1, 5, 6, 4, 6, 3];
const PRICE_INFLATION: f64 = 0.035;

/// One product's sales behaviour: reach, buyers, trend and order size.
struct SalesProfile {
    tiers: [f64; 6],
    buyers: [Vec<String>; 6],
    buyer_weights: [Vec<f64>; 6],
    years: Vec<i32>,
    year_weights: Vec<f64>,
    order_quantity: f64,
}

impl SalesProfile {
    fn draw(rng: &mut StdRng, product: &Product, areas: &Areas, years: &Years) -> SalesProfile {
        let noise = LogNormal::new(0.0, 0.4).expect("valid lognormal");
        let mut tiers = REACH_PROFILES[pick(rng, &REACH_PROFILE_ODDS)];
        tiers.iter_mut().for_each(|w| *w *= noise.sample(rng));
        // A few regular buyers per tier, the first buying most (Zipf weights).
        let buyers: [Vec<String>; 6] = std::array::from_fn(|tier| {
            let n = if tiers[tier] > 0.0 {
                rng.random_range(1..=POOL_SIZES[tier])
            } else {
                1
            };
            (0..n)
                .map(|_| areas.buyer(rng, product.village, tier))
                .collect()
        });
        let buyer_weights = buyers
            .each_ref()
            .map(|pool| (0..pool.len()).map(|i| 1.0 / (i + 1) as f64).collect());
        let growth = Normal::new(0.03_f64, 0.2)
            .expect("valid normal")
            .sample(rng)
            .clamp(-0.45, 0.7);
        let start = product.year_established.clamp(years.first, years.last);
        let years: Vec<i32> = (start..=years.last).collect();
        let year_noise = LogNormal::new(0.0, 0.12).expect("valid lognormal");
        let year_weights = years
            .iter()
            .map(|&y| (1.0 + growth).powi(y - start) * year_noise.sample(rng))
            .collect();
        let order_value = 250e3
            * LogNormal::new(0.0, 0.9)
                .expect("valid lognormal")
                .sample(rng);
        let order_quantity = (order_value / product.unit_price as f64).max(1.0);
        SalesProfile {
            tiers,
            buyers,
            buyer_weights,
            years,
            year_weights,
            order_quantity,
        }
    }
}

/// Sales rows per product: proportional to the weights, summing exactly to `total`
/// (largest remainder).
fn allocate(total: u64, weights: &[f64]) -> Vec<u64> {
    if weights.is_empty() || total == 0 {
        return vec![0; weights.len()];
    }
    let weights: Vec<f64> = if weights.iter().any(|&w| w > 0.0) {
        weights.to_vec()
    } else {
        vec![1.0; weights.len()]
    };
    let sum: f64 = weights.iter().sum();
    let quotas: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut counts: Vec<u64> = quotas.iter().map(|q| q.floor() as u64).collect();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| {
        (quotas[b] - quotas[b].floor())
            .total_cmp(&(quotas[a] - quotas[a].floor()))
            .then(a.cmp(&b))
    });
    let assigned: u64 = counts.iter().sum();
    if assigned <= total {
        let mut missing = total - assigned;
        for &i in order.iter().filter(|&&i| weights[i] > 0.0).cycle() {
            if missing == 0 {
                break;
            }
            counts[i] += 1;
            missing -= 1;
        }
    } else {
        let mut excess = assigned - total;
        for &i in order.iter().rev().cycle() {
            if excess == 0 {
                break;
            }
            if counts[i] > 0 {
                counts[i] -= 1;
                excess -= 1;
            }
        }
    }
    counts
}

const SALES_COLUMNS: &[(&str, Kind)] = &[
    ("product_id", Kind::Str),
    ("date", Kind::Date),
    ("buyer_region", Kind::Str),
    ("value_idr", Kind::Int),
    ("quantity", Kind::Int),
    ("channel", Kind::Str),
];
const SALES_PART_ROWS: usize = 1_000_000;

fn write_sales(
    args: &GenerateArgs,
    areas: &Areas,
    products: &[Product],
    years: &Years,
    files: &mut Vec<PathBuf>,
) -> anyhow::Result<u64> {
    let weights: Vec<f64> = products.iter().map(|p| p.sales_weight).collect();
    let counts = allocate(args.sales_rows, &weights);
    let mut out = TableWriter::create(
        &args.out,
        "sales",
        SALES_COLUMNS,
        args.format,
        Some(SALES_PART_ROWS),
    )?;
    let quantity_noise = LogNormal::new(0.0, 0.5).expect("valid lognormal");
    let price_noise = Normal::new(1.0_f64, 0.04).expect("valid normal");
    let year_days: Vec<(i32, i32)> = (years.first..=years.last)
        .map(|y| (days_from_civil(y, 1, 1), days_in_year(y)))
        .collect();
    for (index, (product, &count)) in products.iter().zip(&counts).enumerate() {
        if count == 0 {
            continue;
        }
        let mut rng = stream(args.seed, Stage::Sales, index as u64);
        let profile = SalesProfile::draw(&mut rng, product, areas, years);
        // A product with enough rows sells in every active year (first rows), so
        // that its CAGR reflects its trend rather than a missing year.
        let cover_years = count >= 2 * profile.years.len() as u64;
        for row in 0..count as usize {
            let tier = pick(&mut rng, &profile.tiers);
            let buyer = &profile.buyers[tier][pick(&mut rng, &profile.buyer_weights[tier])];
            let year = match profile.years.get(row) {
                Some(&year) if cover_years => year,
                _ => profile.years[pick(&mut rng, &profile.year_weights)],
            };
            let (first_day, days) = year_days[(year - years.first) as usize];
            let date = first_day + rng.random_range(0..days);
            let channel = CHANNELS[pick(&mut rng, &CHANNEL_WEIGHTS[tier])];
            let quantity =
                (profile.order_quantity * TIER_QUANTITY[tier] * quantity_noise.sample(&mut rng))
                    .round()
                    .max(1.0);
            let price = product.unit_price as f64 * (1.0 + PRICE_INFLATION).powi(year - years.last);
            let value = (quantity * price * price_noise.sample(&mut rng).max(0.5))
                .round()
                .max(1.0);
            out.write(&[
                Cell::Str(&product.id),
                Cell::Date(date),
                Cell::Str(buyer),
                Cell::Int(value as i64),
                Cell::Int(quantity as i64),
                Cell::Str(channel),
            ])?;
        }
    }
    files.extend(out.finish()?);
    Ok(args.sales_rows)
}

// ---------------------------------------------------------------------------
// Villages, products and assessments tables

const VILLAGE_COLUMNS: &[(&str, Kind)] = &[
    ("village_code", Kind::Str),
    ("population", Kind::Int),
    ("households", Kind::Int),
    ("area_km2", Kind::Float),
];

fn write_villages(
    args: &GenerateArgs,
    areas: &Areas,
    selected: &[usize],
    files: &mut Vec<PathBuf>,
) -> anyhow::Result<u64> {
    let mut rng = stream(args.seed, Stage::Villages, 0);
    let mut out = TableWriter::create(&args.out, "villages", VILLAGE_COLUMNS, args.format, None)?;
    for &village in selected {
        let population = (1_500f64.ln() + rng.random::<f64>() * 8f64.ln())
            .exp()
            .round();
        let households = (population / 3.5 * rng.random_range(0.92..1.08)).round();
        let area = round2(rng.random_range(2.0..30.0));
        out.write(&[
            Cell::Str(&areas.villages[village].code),
            Cell::Int(population as i64),
            Cell::Int(households as i64),
            Cell::Float(area),
        ])?;
    }
    files.extend(out.finish()?);
    Ok(selected.len() as u64)
}

const PRODUCT_COLUMNS: &[(&str, Kind)] = &[
    ("product_id", Kind::Str),
    ("village_code", Kind::Str),
    ("product_name", Kind::Str),
    ("category", Kind::Str),
    ("producers", Kind::Int),
    ("workers", Kind::Int),
    ("local_material_share", Kind::Float),
    ("capacity", Kind::Int),
    ("unit", Kind::Str),
    ("unit_price_idr", Kind::Int),
    ("unit_cost_idr", Kind::Int),
    ("year_established", Kind::Int),
    ("certifications", Kind::Str),
    ("packaging_level", Kind::Int),
    ("design_origin", Kind::Str),
    ("source", Kind::Str),
];

fn write_products(
    args: &GenerateArgs,
    areas: &Areas,
    products: &[Product],
    files: &mut Vec<PathBuf>,
) -> anyhow::Result<()> {
    let mut out = TableWriter::create(&args.out, "products", PRODUCT_COLUMNS, args.format, None)?;
    for p in products {
        out.write(&[
            Cell::Str(&p.id),
            Cell::Str(&areas.villages[p.village].code),
            Cell::Str(&p.name),
            Cell::Str(CATEGORIES[p.category].name),
            Cell::Int(p.producers.into()),
            Cell::Int(p.workers.into()),
            Cell::Float(p.local_material_share),
            Cell::Int(p.capacity),
            Cell::Str(p.unit),
            Cell::Int(p.unit_price),
            Cell::Int(p.unit_cost),
            Cell::Int(p.year_established.into()),
            Cell::Str(&p.certifications),
            Cell::Int(p.packaging_level.into()),
            Cell::Str(p.design_origin),
            Cell::Str(p.source.as_deref().unwrap_or("synthetic")),
        ])?;
    }
    files.extend(out.finish()?);
    Ok(())
}

const ASSESSMENT_COLUMNS: &[(&str, Kind)] = &[
    ("product_id", Kind::Str),
    ("assessor", Kind::Str),
    ("criterion", Kind::Str),
    ("score", Kind::Int),
];
const ASSESSORS: [&str; 3] = ["A1", "A2", "A3"];
const CRITERIA: [&str; 5] = [
    "quality",
    "uniqueness",
    "market_potential",
    "raw_material",
    "community",
];

/// Expert scores (1–5) for about half of the products, from a latent quality that
/// follows packaging, certifications, design, local material and workforce.
fn write_assessments(
    args: &GenerateArgs,
    products: &[Product],
    files: &mut Vec<PathBuf>,
) -> anyhow::Result<u64> {
    let mut rng = stream(args.seed, Stage::Assessments, 0);
    let noise = Normal::new(0.0, 0.5).expect("valid normal");
    let bias = Normal::new(0.0, 0.3).expect("valid normal");
    let mut out = TableWriter::create(
        &args.out,
        "assessments",
        ASSESSMENT_COLUMNS,
        args.format,
        None,
    )?;
    let mut rows = 0;
    for p in products {
        if !rng.random_bool(0.5) {
            continue;
        }
        let certificates = p
            .certifications
            .split(';')
            .filter(|c| !c.is_empty())
            .count() as f64;
        let design = match p.design_origin {
            "own" => 0.5,
            "copied" => -0.5,
            _ => 0.0,
        };
        let latent =
            1.6 + 0.4 * f64::from(p.packaging_level) + 0.3 * certificates + noise.sample(&mut rng);
        let offsets = [
            0.0,
            design,
            (p.sales_weight + 1.0).ln() * 0.3 - 0.2,
            (p.local_material_share - 0.6) * 2.0,
            (f64::from(p.workers)).ln() / 3.0 - 0.6,
        ];
        for assessor in ASSESSORS {
            let leaning = bias.sample(&mut rng);
            for (criterion, offset) in CRITERIA.iter().zip(offsets) {
                let score = (latent + offset + leaning + noise.sample(&mut rng))
                    .round()
                    .clamp(1.0, 5.0);
                out.write(&[
                    Cell::Str(&p.id),
                    Cell::Str(assessor),
                    Cell::Str(criterion),
                    Cell::Int(score as i64),
                ])?;
                rows += 1;
            }
        }
    }
    files.extend(out.finish()?);
    Ok(rows)
}

// ---------------------------------------------------------------------------
// Table output: CSV streamed through csv::Writer, or Parquet parts built from
// column builders and written with zstd and full statistics.

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Int,
    Float,
    Date,
}

/// A value of one row; `Date` is days since 1970-01-01; floats are written with 2 decimals.
enum Cell<'a> {
    Str(&'a str),
    Int(i64),
    Float(f64),
    Date(i32),
}

struct TableWriter {
    inner: Sink,
    files: Vec<PathBuf>,
}

enum Sink {
    Csv {
        writer: Box<csv::Writer<BufWriter<File>>>,
        scratch: String,
    },
    Parquet(ParquetParts),
}

struct ParquetParts {
    dir: PathBuf,
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
    /// `Some(n)`: `<name>/part-0000.parquet`, … with at most n rows each;
    /// `None`: one `<name>.parquet`.
    part_rows: Option<usize>,
    builders: Vec<Builder>,
    rows: usize,
}

enum Builder {
    Str(StringChunkedBuilder),
    Int(PrimitiveChunkedBuilder<Int64Type>),
    Float(PrimitiveChunkedBuilder<Float64Type>),
    Date(PrimitiveChunkedBuilder<Int32Type>),
}

impl TableWriter {
    fn create(
        dir: &Path,
        name: &'static str,
        columns: &'static [(&'static str, Kind)],
        format: Format,
        part_rows: Option<usize>,
    ) -> anyhow::Result<TableWriter> {
        let inner = match format {
            Format::Csv => {
                let path = dir.join(format!("{name}.csv"));
                refuse_link_file(&path)?;
                let file = File::create(&path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                let mut writer = Box::new(csv::Writer::from_writer(BufWriter::with_capacity(
                    1 << 20,
                    file,
                )));
                writer.write_record(columns.iter().map(|(column, _)| column))?;
                return Ok(TableWriter {
                    inner: Sink::Csv {
                        writer,
                        scratch: String::new(),
                    },
                    files: vec![path],
                });
            }
            Format::Parquet => {
                if part_rows.is_some() {
                    remove_old_parts(&dir.join(name))?;
                }
                let builders = new_builders(columns, part_rows.unwrap_or(0));
                Sink::Parquet(ParquetParts {
                    dir: dir.to_path_buf(),
                    name,
                    columns,
                    part_rows,
                    builders,
                    rows: 0,
                })
            }
        };
        Ok(TableWriter {
            inner,
            files: Vec::new(),
        })
    }

    fn write(&mut self, row: &[Cell]) -> anyhow::Result<()> {
        match &mut self.inner {
            Sink::Csv { writer, scratch } => {
                for cell in row {
                    scratch.clear();
                    match cell {
                        Cell::Str(s) => writer.write_field(s)?,
                        Cell::Int(n) => {
                            write!(scratch, "{n}")?;
                            writer.write_field(&*scratch)?;
                        }
                        Cell::Float(x) => {
                            write!(scratch, "{x:.2}")?;
                            writer.write_field(&*scratch)?;
                        }
                        Cell::Date(days) => {
                            let (y, m, d) = civil_from_days(*days);
                            write!(scratch, "{y:04}-{m:02}-{d:02}")?;
                            writer.write_field(&*scratch)?;
                        }
                    }
                }
                writer.write_record(None::<&[u8]>)?;
            }
            Sink::Parquet(parts) => {
                parts.push(row);
                if parts.part_rows == Some(parts.rows) {
                    self.files.push(parts.flush(self.files.len())?);
                }
            }
        }
        Ok(())
    }

    /// Flushes and closes; returns every file written.
    fn finish(mut self) -> anyhow::Result<Vec<PathBuf>> {
        match &mut self.inner {
            Sink::Csv { writer, .. } => writer.flush()?,
            // The last part, or an empty one so that the dataset always has a schema.
            Sink::Parquet(parts) => {
                if parts.rows > 0 || self.files.is_empty() {
                    self.files.push(parts.flush(self.files.len())?);
                }
            }
        }
        Ok(self.files)
    }
}

impl ParquetParts {
    fn push(&mut self, row: &[Cell]) {
        for (builder, cell) in self.builders.iter_mut().zip(row) {
            match (builder, cell) {
                (Builder::Str(b), Cell::Str("")) => b.append_null(),
                (Builder::Str(b), Cell::Str(s)) => b.append_value(s),
                (Builder::Int(b), Cell::Int(n)) => b.append_value(*n),
                (Builder::Float(b), Cell::Float(x)) => b.append_value(*x),
                (Builder::Date(b), Cell::Date(d)) => b.append_value(*d),
                _ => unreachable!("cell kinds follow the table's columns"),
            }
        }
        self.rows += 1;
    }

    fn flush(&mut self, part: usize) -> anyhow::Result<PathBuf> {
        let capacity = self.part_rows.unwrap_or(0);
        let builders = std::mem::replace(&mut self.builders, new_builders(self.columns, capacity));
        let columns: Vec<Column> = builders.into_iter().map(Builder::finish).collect();
        let mut frame = DataFrame::new(self.rows, columns)?;
        self.rows = 0;
        let path = match self.part_rows {
            Some(_) => {
                let folder = self.dir.join(self.name);
                fs::create_dir_all(&folder)?;
                folder.join(format!("part-{part:04}.parquet"))
            }
            None => self.dir.join(format!("{}.parquet", self.name)),
        };
        refuse_link_file(&path)?;
        let file =
            File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        ParquetWriter::new(BufWriter::new(file))
            .with_compression(ParquetCompression::Zstd(None))
            .with_statistics(StatisticsOptions::full())
            .finish(&mut frame)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(path)
    }
}

fn new_builders(columns: &[(&'static str, Kind)], capacity: usize) -> Vec<Builder> {
    columns
        .iter()
        .map(|&(name, kind)| {
            let name = PlSmallStr::from_static(name);
            match kind {
                Kind::Str => Builder::Str(StringChunkedBuilder::new(name, capacity)),
                Kind::Int => Builder::Int(PrimitiveChunkedBuilder::new(name, capacity)),
                Kind::Float => Builder::Float(PrimitiveChunkedBuilder::new(name, capacity)),
                Kind::Date => Builder::Date(PrimitiveChunkedBuilder::new(name, capacity)),
            }
        })
        .collect()
}

impl Builder {
    fn finish(self) -> Column {
        match self {
            Builder::Str(b) => b.finish().into_column(),
            Builder::Int(b) => b.finish().into_column(),
            Builder::Float(b) => b.finish().into_column(),
            Builder::Date(b) => b.finish().into_date().into_column(),
        }
    }
}

/// A file `generate` is about to write must not be a link: writing would
/// replace the file it points to, which may be anyone's.
fn refuse_link_file(path: &Path) -> anyhow::Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(crate::bad_input!(
            "{} is a symbolic link; `ovop generate` does not write through links. Remove it",
            path.display()
        ));
    }
    Ok(())
}

/// Parts left by an earlier, larger run would otherwise join this run's dataset.
fn remove_old_parts(folder: &Path) -> anyhow::Result<()> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("part-") && name.ends_with(".parquet") {
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Randomness and calendar helpers

#[derive(Clone, Copy)]
enum Stage {
    Villages = 1,
    Products = 2,
    Sales = 3,
    Assessments = 4,
}

/// An independent random stream per stage (and per product for sales), so one
/// product's rows do not depend on how many rows the products before it drew.
fn stream(seed: u64, stage: Stage, index: u64) -> StdRng {
    StdRng::seed_from_u64(splitmix64(
        splitmix64(seed ^ ((stage as u64) << 56)) ^ index,
    ))
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An index drawn with probability proportional to `weights` (not all zero).
fn pick(rng: &mut StdRng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut r = rng.random::<f64>() * total;
    for (i, &w) in weights.iter().enumerate() {
        if r < w {
            return i;
        }
        r -= w;
    }
    weights.iter().rposition(|&w| w > 0.0).unwrap_or(0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    (yoe + era * 400 + i32::from(m <= 2), m, d)
}

fn days_in_year(y: i32) -> i32 {
    days_from_civil(y + 1, 1, 1) - days_from_civil(y, 1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn args(out: &Path) -> GenerateArgs {
        GenerateArgs {
            region: "35.23".into(),
            villages: None,
            products_per_village: 3,
            years: 5,
            last_year: 2024,
            sales_rows: 5_000,
            seed: 7,
            format: Format::Csv,
            real_products: None,
            out: out.to_path_buf(),
        }
    }

    fn read(path: &Path) -> Vec<csv::StringRecord> {
        csv::Reader::from_path(path)
            .unwrap()
            .records()
            .map(Result::unwrap)
            .collect()
    }

    /// SPEC §5.1: tier = 4 − shared leading segments; `ID` → 4; other alpha-2 → 5.
    fn tier(buyer: &str, village: &str) -> usize {
        if buyer.chars().all(|c| c.is_ascii_uppercase()) {
            return if buyer == "ID" { 4 } else { 5 };
        }
        let shared = buyer
            .split('.')
            .zip(village.split('.'))
            .take_while(|(a, b)| a == b)
            .count();
        4 - shared
    }

    #[test]
    fn same_arguments_give_the_same_bytes() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let small = |out: &Path| GenerateArgs {
            villages: Some(40),
            sales_rows: 2_000,
            ..args(out)
        };
        let first = run(&small(a.path())).unwrap();
        let second = run(&small(b.path())).unwrap();
        assert_eq!(first.files.len(), 4);
        for (x, y) in first.files.iter().zip(&second.files) {
            assert_eq!(x.file_name(), y.file_name());
            assert_eq!(
                fs::read(x).unwrap(),
                fs::read(y).unwrap(),
                "{}",
                x.display()
            );
        }
        let other = tempfile::tempdir().unwrap();
        let reseeded = run(&GenerateArgs {
            seed: 8,
            ..small(other.path())
        })
        .unwrap();
        assert_ne!(
            fs::read(&first.files[2]).unwrap(),
            fs::read(&reseeded.files[2]).unwrap()
        );
    }

    #[test]
    fn tuban_sales_are_consistent_and_cover_every_tier() {
        let dir = tempfile::tempdir().unwrap();
        let summary = run(&args(dir.path())).unwrap();
        let villages = read(&dir.path().join("villages.csv"));
        let products = read(&dir.path().join("products.csv"));
        let sales = read(&dir.path().join("sales.csv"));
        let assessments = read(&dir.path().join("assessments.csv"));
        assert_eq!(villages.len() as u64, summary.villages);
        assert_eq!(summary.villages, 328);
        assert_eq!(products.len() as u64, summary.products);
        assert_eq!(sales.len() as u64, summary.sales);
        assert_eq!(summary.sales, 5_000);
        assert_eq!(assessments.len() as u64, summary.assessments);
        assert_eq!(summary.assessments % 15, 0);

        let reference = Reference::get();
        let village_of: BTreeMap<&str, &str> = products.iter().map(|p| (&p[0], &p[1])).collect();
        let categories: BTreeSet<&str> = products.iter().map(|p| &p[3]).collect();
        assert_eq!(categories.len(), 12, "{categories:?}");
        let mut tiers = BTreeSet::new();
        let mut selling = BTreeSet::new();
        for sale in &sales {
            let village = village_of
                .get(&sale[0])
                .unwrap_or_else(|| panic!("unknown product {}", &sale[0]));
            let buyer = &sale[2];
            let country = buyer.len() == 2 && buyer.chars().all(|c| c.is_ascii_uppercase());
            assert!(
                country || reference.contains(buyer),
                "buyer {buyer} is not a reference code"
            );
            tiers.insert(tier(buyer, village));
            selling.insert(&sale[0]);
            assert_eq!(sale[1].len(), 10);
            assert!(("2020".."2025").contains(&&sale[1][..4]), "{}", &sale[1]);
            assert!(sale[3].parse::<i64>().unwrap() > 0 && sale[4].parse::<i64>().unwrap() > 0);
        }
        assert_eq!(tiers, (0..=5).collect::<BTreeSet<usize>>());
        let silent = products.len() - selling.len();
        assert!(
            silent > 0 && silent < products.len() / 4,
            "{silent} of {} without sales",
            products.len()
        );
        for p in &products {
            let (producers, workers): (u32, u32) = (p[4].parse().unwrap(), p[5].parse().unwrap());
            let (price, cost): (i64, i64) = (p[9].parse().unwrap(), p[10].parse().unwrap());
            assert!(workers >= producers && cost < price && cost > 0);
            assert_eq!(&p[15], "synthetic");
        }
    }

    #[test]
    fn real_products_come_first_in_their_village() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("real.csv");
        let header = format!("{REAL_HEADER}\n");
        fs::write(
            &list,
            format!("{header}Batik Gedog,3523082008,batik,https://example.org/a\n"),
        )
        .unwrap();
        let out = dir.path().join("out");
        run(&GenerateArgs {
            real_products: Some(list.clone()),
            sales_rows: 100,
            ..args(&out)
        })
        .unwrap();
        let products = read(&out.join("products.csv"));
        let first = products.iter().find(|p| &p[1] == "35.23.08.2008").unwrap();
        assert_eq!(
            (&first[2], &first[3], &first[15]),
            ("Batik Gedog", "batik", "https://example.org/a")
        );

        fs::write(
            &list,
            format!("{header}Legen,35.23.99.2001,food_beverage,x\n"),
        )
        .unwrap();
        let err = run(&GenerateArgs {
            real_products: Some(list),
            ..args(&out)
        })
        .unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 2);
        assert!(
            err.to_string().contains("real.csv:2") && err.to_string().contains("35.23.99.2001"),
            "{err}"
        );
    }

    #[test]
    fn unknown_region_is_bad_input() {
        let dir = tempfile::tempdir().unwrap();
        let err = run(&GenerateArgs {
            region: "35.99".into(),
            ..args(dir.path())
        })
        .unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 2);
        assert!(err.to_string().contains("35.99"));
    }

    #[test]
    fn parquet_parts_hold_every_row() {
        use polars::prelude::{ParquetReader, SerReader};
        let dir = tempfile::tempdir().unwrap();
        let summary = run(&GenerateArgs {
            villages: Some(30),
            sales_rows: 1_500,
            format: Format::Parquet,
            ..args(dir.path())
        })
        .unwrap();
        let part = dir.path().join("sales").join("part-0000.parquet");
        assert!(summary.files.contains(&part));
        let frame = ParquetReader::new(File::open(&part).unwrap())
            .finish()
            .unwrap();
        assert_eq!(frame.height(), 1_500);
        assert_eq!(
            frame.column("date").unwrap().dtype(),
            &polars::prelude::DataType::Date
        );
        let products = ParquetReader::new(File::open(dir.path().join("products.parquet")).unwrap())
            .finish()
            .unwrap();
        assert_eq!(products.height() as u64, summary.products);
    }

    #[test]
    fn allocation_sums_exactly_and_skips_zero_weights() {
        let counts = allocate(10, &[1.0, 0.0, 2.0, 0.5]);
        assert_eq!(counts.iter().sum::<u64>(), 10);
        assert_eq!(counts[1], 0);
        assert_eq!(allocate(7, &[0.0, 0.0]).iter().sum::<u64>(), 7);
        let skewed: Vec<f64> = (1..=1000).map(|i| 1.0 / i as f64).collect();
        assert_eq!(allocate(12_345, &skewed).iter().sum::<u64>(), 12_345);
    }

    #[test]
    fn calendar_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(days_in_year(2024), 366);
        assert_eq!(days_in_year(2023), 365);
        for day in days_from_civil(2019, 12, 25)..days_from_civil(2025, 1, 5) {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }

    #[test]
    fn leading_segments() {
        assert_eq!(leading("35.23.08.2008", 1), "35");
        assert_eq!(leading("35.23.08.2008", 3), "35.23.08");
        assert_eq!(leading("35", 2), "35");
    }
}
