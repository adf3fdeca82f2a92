//! `relatedness` (village × category) and, with it, `village_complexity`
//! (one row per village): which categories a village is specialised in,
//! how related each other category is to them (density), how complex each
//! category is (PCI) and which it could add next (SPEC §5.6). The matrix is
//! built from the lake's products of the reference region; the rows are the
//! study's villages. `docs/methods.md` §12.

use std::collections::BTreeMap;

use crate::FastMap;

type FastSet<'a> = std::collections::HashSet<&'a str, foldhash::fast::FixedState>;

/// Each product's group: the category word as stored, or its product type
/// as first spelt among the products of the same key (`Legen Siwalan` and
/// `legen siwalan` are one type); None for a product without a type.
fn group_names(raw: &[Option<String>]) -> Vec<Option<String>> {
    let mut first: FastMap<String, String> = FastMap::default();
    raw.iter()
        .map(|g| {
            let g = g.as_deref().map(str::trim).filter(|g| !g.is_empty())?;
            let key = crate::domain::vocab::key(g);
            Some(first.entry(key).or_insert_with(|| g.to_string()).clone())
        })
        .collect()
}

/// The keys with a positive total, sorted.
fn positive<'a>(totals: &FastMap<&'a str, f64>) -> Vec<&'a str> {
    let mut keys: Vec<&str> = totals
        .iter()
        .filter(|(_, t)| **t > 0.0)
        .map(|(k, _)| *k)
        .collect();
    keys.sort_unstable();
    keys
}

use anyhow::Result;
use polars::prelude::*;

mod view;

pub use view::{
    view, NextProduct, RelatedPoint, RelatednessView, CHART_CANDIDATES, CHART_NEXT, LISTED_VILLAGES,
};

use super::{float, int, text, Mart};
use crate::score::potential::{f64_values, str_values};
use crate::score::relatedness::{complexity, Complexity, Matrix};
use crate::study::{By, Measure, Study};
use crate::warnings::Warning;

pub static MART: Mart = Mart {
    name: "relatedness",
    family: super::Family::Products,
    columns: &[
        text("village_code"),
        text("category"),
        float("value"),
        float("rca"),
        int("m"),
        int("ubiquity"),
        float("density"),
        float("distance"),
        float("pci"),
        float("cog"),
        int("next_rank"),
        int("small_village"),
        text("reference"),
        text("measure"),
    ],
    extra: "",
    last: &[],
    table: true,
    when: "",
};

pub static COMPLEXITY: Mart = Mart {
    name: "village_complexity",
    family: super::Family::Products,
    columns: &[
        text("village_code"),
        float("value"),
        float("producers"),
        int("diversity"),
        float("eci"),
        float("coi"),
        int("small_village"),
        text("note"),
        text("reference"),
        text("measure"),
    ],
    extra: "",
    last: &[],
    table: true,
    when: "",
};

/// Fewer villages than this in the matrix make proximities guesswork.
pub const MIN_VILLAGES: usize = 30;
/// A category specialised in by fewer villages than this (the median) gives
/// proximities from one or two co-occurrences.
pub const MIN_UBIQUITY: f64 = 3.0;

/// What the run reports of the matrix.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct RelatednessSummary {
    pub reference: String,
    pub measure: String,
    /// Villages and categories of the matrix (those with a positive total).
    pub villages: usize,
    pub categories: usize,
    /// Why ECI and PCI are null, when they are.
    pub undefined: Option<String>,
    pub small_villages: usize,
    pub min_producers: f64,
    /// Too few villages or categories, or too sparse, for proximities.
    #[serde(default)]
    pub thin: bool,
}

pub struct Built {
    pub relatedness: DataFrame,
    pub complexity: DataFrame,
    /// product_id → `relatedness_density`, `category_complexity`.
    pub criteria: DataFrame,
    pub summary: RelatednessSummary,
    pub warnings: Vec<Warning>,
}

/// One product of the reference region: its village, category and value.
struct Cell {
    village: String,
    category: String,
    value: f64,
    producers: f64,
}

/// Builds both marts. `all_products` is every product of the lake,
/// `study_products` those the study scores (its region), `sales_value`
/// product_id → sales value in the study years (for `measure = "sales"`).
pub fn build(
    study: &Study,
    all_products: LazyFrame,
    study_products: &DataFrame,
    sales_value: &BTreeMap<String, f64>,
) -> Result<Built> {
    let settings = &study.relatedness;
    let reference = match &settings.reference {
        Some(r) if r == "ID" => None,
        Some(r) => Some(
            crate::ingest::parse::normalise_code(r)
                .map_err(|e| crate::bad_input!("relatedness.reference = {r:?}: {e}"))?,
        ),
        None => study.region_code(),
    };
    let reference_name = reference.clone().unwrap_or_else(|| "ID".to_string());
    let products = match &reference {
        Some(code) => all_products.filter(
            col("village_code")
                .eq(lit(code.clone()))
                .or(col("village_code")
                    .str()
                    .starts_with(lit(format!("{code}.")))),
        ),
        None => all_products,
    };
    let mut products = products;
    let by_type = settings.by == By::ProductType;
    if by_type && !products.collect_schema()?.contains("product_type") {
        return Err(crate::bad_input!(
            "relatedness.by = \"product_type\", but no product has a product_type: add the column (tipe_produk, sub_kategori) to the products files, or remove relatedness.by"
        ));
    }
    let group = if by_type { "product_type" } else { "category" };
    let df = products
        .select([
            col("product_id"),
            col("village_code"),
            col(group).alias("group"),
            col("producers"),
            col("workers"),
        ])
        .collect()?;
    let ids = str_values(&df, "product_id")?;
    let producers = f64_values(&df, "producers")?;
    let workers = f64_values(&df, "workers")?;
    let raw = crate::score::potential::optional_text(&df, "group")?;
    // Categories are vocabulary words already; only free-text types need keys.
    let groups = match by_type {
        true => group_names(&raw),
        false => raw,
    };
    let untyped = groups.iter().filter(|g| g.is_none()).count();
    if by_type && untyped == groups.len() && !groups.is_empty() {
        return Err(crate::bad_input!(
            "relatedness.by = \"product_type\", but no product has a product_type: add the column (tipe_produk, sub_kategori) to the products files, or remove relatedness.by"
        ));
    }
    let group_of: FastMap<&str, &str> = ids
        .iter()
        .zip(&groups)
        .filter_map(|(id, g)| Some((id.as_str(), g.as_deref()?)))
        .collect();
    let cells: Vec<Cell> = str_values(&df, "village_code")?
        .into_iter()
        .zip(groups.iter())
        .enumerate()
        .filter_map(|(i, (village, category))| Some((i, (village, category.clone()?))))
        .map(|(i, (village, category))| {
            let value = match settings.measure {
                Measure::Producers => producers[i],
                Measure::Workers => workers[i],
                Measure::Sales => sales_value.get(&ids[i]).copied(),
            };
            Cell {
                village,
                category,
                value: value.filter(|v| v.is_finite() && *v > 0.0).unwrap_or(0.0),
                producers: producers[i].filter(|v| v.is_finite()).unwrap_or(0.0),
            }
        })
        .collect();

    // The matrix: villages and categories with a positive total.
    // Hash maps: a national study adds a quarter of a million cells.
    let mut village_total: FastMap<&str, f64> = FastMap::default();
    let mut category_total: FastMap<&str, f64> = FastMap::default();
    let mut producers_of: FastMap<&str, f64> = FastMap::default();
    for c in &cells {
        *village_total.entry(&c.village).or_default() += c.value;
        *category_total.entry(&c.category).or_default() += c.value;
        *producers_of.entry(&c.village).or_default() += c.producers;
    }
    let (villages, categories) = (positive(&village_total), positive(&category_total));
    let row: FastMap<&str, usize> = villages.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let column: FastMap<&str, usize> = categories
        .iter()
        .enumerate()
        .map(|(j, c)| (*c, j))
        .collect();
    let (nc, np) = (villages.len(), categories.len());
    let mut values = vec![0.0; nc * np];
    for c in &cells {
        if let (Some(i), Some(j)) = (row.get(c.village.as_str()), column.get(c.category.as_str())) {
            values[i * np + j] += c.value;
        }
    }
    let cx = complexity(
        &Matrix {
            values: &values,
            locations: nc,
            products: np,
        },
        settings.threshold,
    );

    // The study's villages: those of the products it scores.
    let mut study_villages: Vec<String> = str_values(study_products, "village_code")?;
    study_villages.sort_unstable();
    study_villages.dedup();
    let in_study: FastSet = study_villages.iter().map(String::as_str).collect();
    let small = |v: &str| producers_of.get(v).copied().unwrap_or(0.0) < settings.min_producers;
    let relatedness = relatedness_rows(&cx, &villages, &categories, &in_study, &values, &small)?;
    let complexity_df = complexity_rows(
        &cx,
        &villages,
        &study_villages,
        &village_total,
        &producers_of,
        &small,
        settings.measure,
    )?;
    let extra = |mut df: DataFrame| -> Result<DataFrame> {
        let n = df.height();
        df.with_column(Column::new(
            "reference".into(),
            vec![reference_name.as_str(); n],
        ))?;
        df.with_column(Column::new(
            "measure".into(),
            vec![settings.measure.name(); n],
        ))?;
        Ok(df)
    };
    let relatedness = extra(relatedness)?;
    let complexity_df = extra(complexity_df)?;

    // Each scored product's own cell (its category, or its product type).
    let study_ids = str_values(study_products, "product_id")?;
    let study_villages_of = str_values(study_products, "village_code")?;
    let mut density = Vec::with_capacity(study_ids.len());
    let mut pci = Vec::with_capacity(study_ids.len());
    for (id, v) in study_ids.iter().zip(&study_villages_of) {
        let c = group_of.get(id.as_str()).copied().unwrap_or_default();
        let (i, j) = (row.get(v.as_str()), column.get(c));
        density.push(i.zip(j).map(|(i, j)| cx.density[i * np + j]));
        pci.push(
            j.and_then(|j| cx.pci.as_ref().map(|p| p[*j]))
                .filter(|p| p.is_finite()),
        );
    }
    let criteria = DataFrame::new_infer_height(vec![
        Column::new("product_id".into(), study_ids),
        Column::new("relatedness_density".into(), density),
        Column::new("category_complexity".into(), pci),
    ])?;

    let median_ubiquity = crate::score::potential::median(&cx.ubiquity);
    let thin = nc < MIN_VILLAGES || np < 3 || median_ubiquity < MIN_UBIQUITY;
    // The console warns when the study uses relatedness (weights one of its
    // criteria or sets a reference); the report's section says it always.
    let used = study.relatedness.reference.is_some()
        || by_type
        || study
            .scoring
            .criteria
            .keys()
            .any(|c| c == "relatedness_density" || c == "category_complexity");
    let mut warnings = Vec::new();
    if thin && used {
        warnings.push(Warning::RelatednessThin {
            villages: nc,
            categories: np,
            median_ubiquity,
        });
    }
    if untyped > 0 {
        warnings.push(Warning::UntypedProducts { products: untyped });
    }
    if let Some(why) = cx.undefined.filter(|_| used) {
        warnings.push(Warning::ComplexityUndefined {
            reason: why.reason().to_string(),
        });
    }
    let small_villages = study_villages.iter().filter(|v| small(v)).count();
    let summary = RelatednessSummary {
        reference: reference_name,
        measure: settings.measure.name().to_string(),
        villages: nc,
        categories: np,
        undefined: cx.undefined.map(|u| u.reason().to_string()),
        small_villages,
        min_producers: settings.min_producers,
        thin,
    };
    Ok(Built {
        relatedness,
        complexity: complexity_df,
        criteria,
        summary,
        warnings,
    })
}

/// One row per study village in the matrix and category of the matrix.
fn relatedness_rows(
    cx: &Complexity,
    villages: &[&str],
    categories: &[&str],
    study: &FastSet,
    values: &[f64],
    small: &dyn Fn(&str) -> bool,
) -> Result<DataFrame> {
    let np = categories.len();
    let (mut village, mut category, mut value, mut rca, mut m, mut ubiquity) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    let (mut density, mut distance, mut pci, mut cog, mut rank, mut flag) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    let pci_of = |j: usize| cx.pci.as_ref().map(|p| p[j]).filter(|p| p.is_finite());
    for (i, v) in villages.iter().enumerate() {
        if !study.contains(*v) {
            continue;
        }
        // Next products: the categories the village lacks and that relate
        // to something it does (density > 0), densest first; ties by PCI
        // (a null PCI last), then by name.
        let mut lacking: Vec<usize> = (0..np)
            .filter(|&j| !cx.m[i * np + j] && cx.density[i * np + j] > 0.0)
            .collect();
        lacking.sort_by(|&a, &b| {
            let (da, db) = (cx.density[i * np + a], cx.density[i * np + b]);
            db.total_cmp(&da)
                .then_with(|| match (pci_of(a), pci_of(b)) {
                    (Some(x), Some(y)) => y.total_cmp(&x),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
                .then(categories[a].cmp(categories[b]))
        });
        let mut next_rank = vec![None; np];
        for (r, j) in lacking.iter().enumerate() {
            next_rank[*j] = Some(r as u32 + 1);
        }
        let is_small = small(v) as i32;
        for j in 0..np {
            let k = i * np + j;
            village.push(*v);
            category.push(categories[j]);
            value.push(values[k]);
            rca.push(cx.rca[k]);
            m.push(cx.m[k] as i32);
            ubiquity.push(cx.ubiquity[j] as i32);
            density.push(cx.density[k]);
            distance.push(1.0 - cx.density[k]);
            pci.push(pci_of(j));
            cog.push(cx.cog.as_ref().map(|c| c[k]));
            rank.push(next_rank[j]);
            flag.push(is_small);
        }
    }
    Ok(DataFrame::new_infer_height(vec![
        Column::new("village_code".into(), village),
        Column::new("category".into(), category),
        Column::new("value".into(), value),
        Column::new("rca".into(), rca),
        Column::new("m".into(), m),
        Column::new("ubiquity".into(), ubiquity),
        Column::new("density".into(), density),
        Column::new("distance".into(), distance),
        Column::new("pci".into(), pci),
        Column::new("cog".into(), cog),
        Column::new("next_rank".into(), rank),
        Column::new("small_village".into(), flag),
    ])?)
}

/// One row per study village; a village outside the matrix (no value) has
/// nulls and a note.
fn complexity_rows(
    cx: &Complexity,
    villages: &[&str],
    study: &[String],
    totals: &FastMap<&str, f64>,
    producers: &FastMap<&str, f64>,
    small: &dyn Fn(&str) -> bool,
    measure: Measure,
) -> Result<DataFrame> {
    let row: FastMap<&str, usize> = villages.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let (mut village, mut value, mut prod, mut diversity, mut eci, mut coi, mut flag, mut note) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for v in study {
        let i = row.get(v.as_str()).copied();
        village.push(v.clone());
        value.push(totals.get(v.as_str()).copied().unwrap_or(0.0));
        prod.push(producers.get(v.as_str()).copied().unwrap_or(0.0));
        diversity.push(i.map(|i| cx.diversity[i] as i32));
        eci.push(
            i.and_then(|i| cx.eci.as_ref().map(|e| e[i]))
                .filter(|e| e.is_finite()),
        );
        coi.push(
            i.and_then(|i| cx.coi.as_ref().map(|e| e[i]))
                .filter(|e| e.is_finite()),
        );
        flag.push(small(v) as i32);
        note.push(match (i, cx.undefined) {
            (None, _) => Some(format!("no {} recorded", measure.name())),
            (Some(_), Some(why)) => Some(why.reason().to_string()),
            (Some(_), None) => None,
        });
    }
    Ok(DataFrame::new_infer_height(vec![
        Column::new("village_code".into(), village),
        Column::new("value".into(), value),
        Column::new("producers".into(), prod),
        Column::new("diversity".into(), diversity),
        Column::new("eci".into(), eci),
        Column::new("coi".into(), coi),
        Column::new("small_village".into(), flag),
        Column::new("note".into(), note),
    ])?)
}
