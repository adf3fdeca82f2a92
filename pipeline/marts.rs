//! Reading the marts back as plain rows for the charts and the report, so
//! neither of those stages touches polars.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;

use crate::chart::{self, CriterionValues, PickCount, ProductRow, RankInterval, YearlySales};
use crate::domain::{Quadrant, Tier};
use crate::lake::{parquet, Lake};
use crate::score::potential::{f64_values, optional_text, str_values};

/// One village's OVOP pick, as the report shows it.
#[derive(Debug, Clone)]
pub struct PickRow {
    pub village_code: String,
    pub village_name: String,
    pub district_name: String,
    pub candidates: u32,
    pub product_id: String,
    pub product_name: String,
    pub category: String,
    /// Where the candidate comes from (a publication's address, or "synthetic").
    pub source: Option<String>,
    pub potential_score: f64,
    pub stars: u8,
    pub runner_up_name: Option<String>,
    pub margin: Option<f64>,
    /// Share of sensitivity draws in which the pick stays on top (None: not run).
    pub p_stays_pick: Option<f64>,
    /// The criterion whose smallest weight change flips the pick, and that change.
    pub flip: Option<(String, f64)>,
}

/// Candidates in regency rank order, with their market-tier shares.
pub fn product_rows(lake: &Lake) -> Result<Vec<ProductRow>> {
    let scores = parquet::read(&lake.mart_path("product_scores"))?;
    let reach = parquet::read(&lake.mart_path("market_reach"))?;
    let reach_ids = str_values(&reach, "product_id")?;
    let tier_cols: Vec<Vec<Option<f64>>> = Tier::ALL
        .iter()
        .map(|t| f64_values(&reach, &format!("share_{}", t.name())))
        .collect::<Result<_>>()?;
    let tiers: HashMap<&str, Option<[f64; 6]>> = reach_ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let shares: Option<Vec<f64>> = tier_cols.iter().map(|c| c[i]).collect();
            (
                id.as_str(),
                shares.map(|s| [s[0], s[1], s[2], s[3], s[4], s[5]]),
            )
        })
        .collect();
    let ids = str_values(&scores, "product_id")?;
    let names = str_values(&scores, "product_name")?;
    let villages = str_values(&scores, "village_name")?;
    let districts = str_values(&scores, "district_name")?;
    let categories = str_values(&scores, "category")?;
    let score = f64_values(&scores, "potential_score")?;
    let reach_index = f64_values(&scores, "reach_index")?;
    let stars = f64_values(&scores, "stars")?;
    let rank = f64_values(&scores, "rank_regency")?;
    let quadrant = str_values(&scores, "quadrant")?;
    Ok((0..scores.height())
        .map(|i| ProductRow {
            product_id: ids[i].clone(),
            product_name: names[i].clone(),
            village_name: villages[i].clone(),
            district_name: districts[i].clone(),
            category: categories[i].clone(),
            potential_score: score[i].unwrap_or(0.0),
            reach_index: reach_index[i],
            stars: stars[i].unwrap_or(1.0) as u8,
            quadrant: Quadrant::from_name(&quadrant[i]).unwrap_or(Quadrant::Tertinggal),
            tier_shares: tiers.get(ids[i].as_str()).copied().flatten(),
            rank: rank[i].unwrap_or(0.0) as u32,
        })
        .collect())
}

/// Everything the charts draw. The sensitivity mart is absent when the study
/// turns the analysis off: then there are no rank intervals.
pub fn chart_data(lake: &Lake) -> Result<chart::ChartData> {
    Ok(chart::ChartData {
        products: product_rows(lake)?,
        yearly: yearly_sales(lake)?,
        picks: pick_counts(lake)?,
        intervals: rank_intervals(lake)?,
        criteria: criterion_values(lake)?,
    })
}

fn yearly_sales(lake: &Lake) -> Result<Vec<YearlySales>> {
    let by_year = parquet::read(&lake.mart_path("market_reach_by_year"))?;
    let ids = str_values(&by_year, "product_id")?;
    let years = f64_values(&by_year, "year")?;
    let values = f64_values(&by_year, "sales_value")?;
    Ok((0..by_year.height())
        .filter_map(|i| {
            Some(YearlySales {
                product_id: ids[i].clone(),
                year: years[i]? as i32,
                sales_value: values[i].unwrap_or(0.0),
            })
        })
        .collect())
}

/// Picks and candidates per district and category of the pick.
fn pick_counts(lake: &Lake) -> Result<Vec<PickCount>> {
    let mut counts: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
    for pick in pick_rows(lake)? {
        let count = counts
            .entry((pick.district_name, pick.category))
            .or_default();
        count.0 += 1;
        count.1 += pick.candidates;
    }
    Ok(counts
        .into_iter()
        .map(
            |((district_name, category), (picks, candidates))| PickCount {
                district_name,
                category,
                picks,
                candidates,
            },
        )
        .collect())
}

fn rank_intervals(lake: &Lake) -> Result<Vec<RankInterval>> {
    let path = lake.mart_path("sensitivity");
    if !path.exists() {
        return Ok(Vec::new());
    }
    let sensitivity = parquet::read(&path)?;
    let ids = str_values(&sensitivity, "product_id")?;
    let f = |c: &str| f64_values(&sensitivity, c);
    let (rank, mean, p05, p95) = (
        f("rank_regency")?,
        f("mean_rank")?,
        f("rank_p05")?,
        f("rank_p95")?,
    );
    Ok((0..sensitivity.height())
        .filter_map(|i| {
            Some(RankInterval {
                product_id: ids[i].clone(),
                rank: rank[i]? as u32,
                mean_rank: mean[i]?,
                rank_p05: p05[i]?,
                rank_p95: p95[i]?,
            })
        })
        .collect())
}

/// The `norm_<criterion>` columns of `product_scores`, in their order.
fn criterion_values(lake: &Lake) -> Result<Vec<CriterionValues>> {
    let scores = parquet::read(&lake.mart_path("product_scores"))?;
    let ids = str_values(&scores, "product_id")?;
    let mut columns = Vec::new();
    for name in scores.get_column_names() {
        if let Some(criterion) = name.strip_prefix("norm_") {
            // The raw value says whether the product has data; norm_ holds
            // what it was scored with.
            let raw = f64_values(&scores, criterion)?;
            columns.push((criterion.to_string(), f64_values(&scores, name)?, raw));
        }
    }
    Ok(ids
        .into_iter()
        .enumerate()
        .map(|(i, product_id)| CriterionValues {
            product_id,
            values: columns
                .iter()
                .filter_map(|(name, values, _)| Some((name.clone(), values[i]?)))
                .collect(),
            missing: columns
                .iter()
                .filter(|(_, _, raw)| raw[i].is_none_or(|v| !v.is_finite()))
                .map(|(name, _, _)| name.clone())
                .collect(),
        })
        .collect())
}

/// The OVOP pick of every village with candidates, by district then village.
pub fn pick_rows(lake: &Lake) -> Result<Vec<PickRow>> {
    let sel = parquet::read(&lake.mart_path("village_selection"))?;
    let s = |c: &str| str_values(&sel, c);
    let (codes, names, districts, ids, products, categories) = (
        s("village_code")?,
        s("village_name")?,
        s("district_name")?,
        s("product_id")?,
        s("product_name")?,
        s("category")?,
    );
    let source = optional_text(&sel, "source")?;
    let runner = optional_text(&sel, "runner_up_name")?;
    let score = f64_values(&sel, "potential_score")?;
    let optional = |c: &str| f64_values(&sel, c).unwrap_or_else(|_| vec![None; sel.height()]);
    let p_stays = optional("p_stays_pick");
    let flip_change = optional("flip_weight_change");
    let flip_criterion = optional_text(&sel, "flip_criterion")?;
    let stars = f64_values(&sel, "stars")?;
    let margin = f64_values(&sel, "margin")?;
    let candidates = f64_values(&sel, "candidates")?;
    Ok((0..sel.height())
        .map(|i| PickRow {
            village_code: codes[i].clone(),
            village_name: names[i].clone(),
            district_name: districts[i].clone(),
            candidates: candidates[i].unwrap_or(0.0) as u32,
            product_id: ids[i].clone(),
            product_name: products[i].clone(),
            category: categories[i].clone(),
            source: source[i].clone(),
            potential_score: score[i].unwrap_or(0.0),
            stars: stars[i].unwrap_or(1.0) as u8,
            runner_up_name: runner[i].clone(),
            margin: margin[i],
            p_stays_pick: p_stays[i],
            flip: flip_criterion[i].clone().zip(flip_change[i]),
        })
        .collect())
}
