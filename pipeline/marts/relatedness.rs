//! `relatedness` (village × category) and, with it, `village_complexity`
//! (one row per village): which categories a village is specialised in,
//! how related each other category is to them (density), how complex each
//! category is (PCI) and which it could add next (SPEC §5.6). The matrix is
//! built from the lake's products of the reference region; the rows are the
//! study's villages. `docs/methods.md` §12.

use std::collections::BTreeMap;

use crate::FastMap;

type FastSet<'a> = std::collections::HashSet<&'a str, foldhash::fast::FixedState>;

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

use super::{float, int, text, Mart};
use crate::score::potential::{f64_values, str_values};
use crate::score::relatedness::{complexity, Complexity, Matrix};
use crate::study::{Measure, Study};
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
    let df = products
        .select([
            col("product_id"),
            col("village_code"),
            col("category"),
            col("producers"),
            col("workers"),
        ])
        .collect()?;
    let ids = str_values(&df, "product_id")?;
    let producers = f64_values(&df, "producers")?;
    let workers = f64_values(&df, "workers")?;
    let cells: Vec<Cell> = str_values(&df, "village_code")?
        .into_iter()
        .zip(str_values(&df, "category")?)
        .enumerate()
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

    // Each scored product's own cell.
    let study_ids = str_values(study_products, "product_id")?;
    let study_villages_of = str_values(study_products, "village_code")?;
    let study_categories = str_values(study_products, "category")?;
    let mut density = Vec::with_capacity(study_ids.len());
    let mut pci = Vec::with_capacity(study_ids.len());
    for (v, c) in study_villages_of.iter().zip(&study_categories) {
        let (i, j) = (row.get(v.as_str()), column.get(c.as_str()));
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

/// A point of the `relatedness` chart: a candidate in its own category, or
/// a village's first next product (a category it lacks).
#[derive(Debug, Clone)]
pub struct RelatedPoint {
    /// The product's name, or the village's.
    pub name: String,
    /// Regency rank of a candidate; None for a next product.
    pub rank: Option<u32>,
    /// The category of a next product.
    pub next_category: Option<String>,
    pub density: f64,
    pub pci: f64,
}

/// What the chart and the report show of the relatedness marts.
#[derive(Debug, Clone, Default)]
pub struct RelatednessView {
    pub points: Vec<RelatedPoint>,
    /// Median density over the study's village × category rows.
    pub density_median: f64,
    /// The next products of the picked villages: village code, name,
    /// category, rank, density and PCI; the strongest picks (by potential
    /// score) first, each village's by rank.
    pub next: Vec<NextProduct>,
}

#[derive(Debug, Clone)]
pub struct NextProduct {
    pub village_code: String,
    pub village_name: String,
    pub pick: String,
    pub category: String,
    pub rank: u32,
    pub density: f64,
    pub pci: Option<f64>,
}

/// How many candidates and next products the chart shows, and how many
/// villages' next products the report lists (all: `tables/relatedness.*`).
pub const CHART_CANDIDATES: usize = 12;
pub const CHART_NEXT: usize = 6;
pub const LISTED_VILLAGES: usize = 20;

/// Reads the view from the lake (None when the lake has no relatedness mart).
pub fn view(lake: &crate::lake::Lake, next: usize) -> Result<Option<RelatednessView>> {
    let Some(rel) = MART.read_if_present(lake)? else {
        return Ok(None);
    };
    let scores = super::product_scores::MART.read(lake)?;
    let picks = super::village_selection::read(lake)?;
    let (villages, categories) = (rel.text("village_code")?, rel.text("category")?);
    let (density, pci, rank) = (rel.num("density")?, rel.num("pci")?, rel.num("next_rank")?);
    let all: Vec<f64> = density.iter().flatten().copied().collect();
    let density_median = crate::score::potential::median(&all);

    // Candidates: the best-ranked with both values.
    let mut candidates: Vec<RelatedPoint> = Vec::new();
    let (names, ranks) = (scores.text("product_name")?, scores.num("rank_regency")?);
    let (own, complexity) = (
        scores.num_if_present("relatedness_density")?,
        scores.num_if_present("category_complexity")?,
    );
    for i in 0..names.len() {
        if let (Some(r), Some(d), Some(p)) = (ranks[i], own[i], complexity[i]) {
            candidates.push(RelatedPoint {
                name: names[i].clone(),
                rank: Some(r as u32),
                next_category: None,
                density: d,
                pci: p,
            });
        }
    }
    candidates.sort_by_key(|c| c.rank);
    candidates.truncate(CHART_CANDIDATES);

    // Next products of the picked villages, the strongest picks first.
    let mut by_village: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, v) in villages.iter().enumerate() {
        if rank[i].is_some_and(|r| r as usize <= next.max(1)) {
            by_village.entry(v).or_default().push(i);
        }
    }
    let mut villages_listed = 0;
    let mut order: Vec<&super::village_selection::PickRow> = picks.iter().collect();
    order.sort_by(|a, b| {
        b.potential_score
            .total_cmp(&a.potential_score)
            .then(a.village_code.cmp(&b.village_code))
    });
    let mut listed = Vec::new();
    let mut points = candidates;
    for pick in &order {
        if villages_listed == LISTED_VILLAGES {
            break;
        }
        let Some(rows) = by_village.get(pick.village_code.as_str()) else {
            continue;
        };
        villages_listed += 1;
        let mut rows = rows.clone();
        rows.sort_by_key(|&i| rank[i].map(|r| r as u32));
        // The chart takes each village's first next product even when the
        // study lists none (`next = 0`).
        for &i in rows.iter().take(next.max(1)) {
            let item = NextProduct {
                village_code: pick.village_code.clone(),
                village_name: pick.village_name.clone(),
                pick: pick.product_name.clone(),
                category: categories[i].clone(),
                rank: rank[i].map_or(0, |r| r as u32),
                density: density[i].unwrap_or(0.0),
                pci: pci[i],
            };
            if item.rank == 1 && points.iter().filter(|p| p.rank.is_none()).count() < CHART_NEXT {
                if let Some(p) = item.pci {
                    points.push(RelatedPoint {
                        name: item.village_name.clone(),
                        rank: None,
                        next_category: Some(item.category.clone()),
                        density: item.density,
                        pci: p,
                    });
                }
            }
            if (item.rank as usize) <= next {
                listed.push(item);
            }
        }
    }
    Ok(Some(RelatednessView {
        points,
        density_median,
        next: listed,
    }))
}
