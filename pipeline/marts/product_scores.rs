//! `product_scores`: one row per candidate of the study region, by
//! `rank_regency`: names, raw criteria, expert scores, the normalised
//! criteria the study scored, the potential score, ranks, stars and
//! quadrant (SPEC §5.2, `docs/methods.md` §2–4).

use anyhow::Result;
use polars::prelude::*;

use super::{float, int, text, Mart};
use crate::domain::Quadrant;
use crate::lake::Lake;
use crate::reference::Reference;

pub static MART: Mart = Mart {
    name: "product_scores",
    family: super::Family::Products,
    columns: &[
        text("product_id"),
        text("product_name"),
        text("category"),
        text("village_code"),
        text("village_name"),
        text("district_code"),
        text("district_name"),
        float("sales_value"),
        text("source"),
    ],
    extra: "the raw value of every criterion of crate::criteria::CRITERIA, in its order; each expert_<criterion> with its expert_<criterion>_sd; a norm_<criterion> for each scored criterion, in alphabetical order",
    last: &[
        float("potential_score"),
        int("rank_regency"),
        int("rank_village"),
        int("rank_category"),
        int("stars"),
        text("quadrant"),
        text("gate"),
    ],
    table: true,
    when: "",
};

/// One candidate product as the charts see it (from `product_scores` joined
/// with `market_reach`).
#[derive(Debug, Clone)]
pub struct ProductRow {
    pub product_id: String,
    pub product_name: String,
    pub village_name: String,
    pub district_name: String,
    pub category: String,
    /// 0–100
    pub potential_score: f64,
    /// 0–1; None when the product has no sales
    pub reach_index: Option<f64>,
    /// 1–5
    pub stars: u8,
    pub quadrant: Quadrant,
    /// Shares of sales value per market tier (village … export), summing to 1;
    /// None when the product has no sales.
    pub tier_shares: Option<[f64; 6]>,
    /// Regency-wide rank by potential score (1 = best).
    pub rank: u32,
}

/// A product's normalised criteria (0–1, cost criteria reversed) in the
/// study's order (the `norm_*` columns of `product_scores`).
#[derive(Debug, Clone)]
pub struct CriterionValues {
    pub product_id: String,
    pub values: Vec<(String, f64)>,
    /// The criteria this product has no value for (drawn as "no data", not
    /// as the value it was scored with).
    pub missing: Vec<String>,
}

/// Candidates in regency rank order, with their market-tier shares.
pub fn read(lake: &Lake) -> Result<Vec<ProductRow>> {
    let scores = MART.read(lake)?;
    let tiers = super::market_reach::tier_shares(lake)?;
    let ids = scores.text("product_id")?;
    let names = scores.text("product_name")?;
    let villages = scores.text("village_name")?;
    let districts = scores.text("district_name")?;
    let categories = scores.text("category")?;
    let score = scores.num("potential_score")?;
    let reach_index = scores.num("reach_index")?;
    let stars = scores.num("stars")?;
    let rank = scores.num("rank_regency")?;
    let quadrant = scores.text("quadrant")?;
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

/// The `norm_<criterion>` columns of `product_scores`, in their order.
pub fn criterion_values(lake: &Lake) -> Result<Vec<CriterionValues>> {
    let scores = MART.read(lake)?;
    let ids = scores.text("product_id")?;
    let mut columns = Vec::new();
    for name in scores.df.get_column_names() {
        if let Some(criterion) = name.strip_prefix("norm_") {
            // The raw value says whether the product has data; norm_ holds
            // what it was scored with.
            let raw = scores.num(criterion)?;
            columns.push((criterion.to_string(), scores.num(name)?, raw));
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

/// `product_scores`: identity and names, raw criteria, normalised criteria,
/// score, ranks, stars and quadrant.
pub fn build(
    criteria: &DataFrame,
    scored: &crate::score::potential::Scored,
    star_thresholds: &[f64; 4],
) -> Result<DataFrame> {
    let reference = Reference::get();
    let ids = crate::score::potential::str_values(criteria, "product_id")?;
    let villages = crate::score::potential::str_values(criteria, "village_code")?;
    let categories = crate::score::potential::str_values(criteria, "category")?;
    let sales: Vec<f64> = crate::score::potential::f64_values(criteria, "sales_value")?
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();
    let reach: Vec<f64> = crate::score::potential::f64_values(criteria, "reach_index")?
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();
    let village_of = |code: &str| reference.village(code);
    let names = |f: fn(&crate::reference::Village) -> String| -> Vec<Option<String>> {
        villages.iter().map(|v| village_of(v).map(f)).collect()
    };
    let all: Vec<&str> = vec![""; ids.len()];
    let by_village: Vec<&str> = villages.iter().map(String::as_str).collect();
    let by_category: Vec<&str> = categories.iter().map(String::as_str).collect();
    let score = &scored.score;
    let thresholds = (
        crate::score::potential::median(score),
        crate::score::potential::median(&reach),
    );
    let mut columns = vec![
        Column::new("product_id".into(), ids.clone()),
        Column::new(
            "product_name".into(),
            crate::score::potential::str_values(criteria, "product_name")?,
        ),
        Column::new("category".into(), categories.clone()),
        Column::new("village_code".into(), villages.clone()),
        Column::new("village_name".into(), names(|v| v.name.clone())),
        Column::new("district_code".into(), names(|v| v.district_code.clone())),
        Column::new("district_name".into(), names(|v| v.district_name.clone())),
        Column::new("sales_value".into(), sales.clone()),
        Column::new(
            "source".into(),
            crate::score::potential::optional_text(criteria, "source")?,
        ),
    ];
    let expert: Vec<String> = criteria
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .filter(|c| c.starts_with("expert_"))
        .collect();
    for name in crate::criteria::CRITERIA
        .iter()
        .map(|c| c.name.to_string())
        .chain(expert)
    {
        columns.push(Column::new(
            name.as_str().into(),
            crate::score::potential::f64_values(criteria, &name)?,
        ));
    }
    for (name, values) in scored.criteria.iter().zip(&scored.normalised) {
        columns.push(Column::new(
            format!("norm_{name}").as_str().into(),
            values.clone(),
        ));
    }
    columns.extend([
        Column::new("potential_score".into(), score.clone()),
        Column::new(
            "rank_regency".into(),
            crate::score::potential::ranks_within(&all, score, &sales, &ids),
        ),
        Column::new(
            "rank_village".into(),
            crate::score::potential::ranks_within(&by_village, score, &sales, &ids),
        ),
        Column::new(
            "rank_category".into(),
            crate::score::potential::ranks_within(&by_category, score, &sales, &ids),
        ),
        Column::new(
            "stars".into(),
            score
                .iter()
                .map(|s| crate::score::potential::stars(*s, star_thresholds) as i32)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "quadrant".into(),
            crate::score::potential::quadrants(score, &reach, thresholds)
                .iter()
                .map(|q| q.name())
                .collect::<Vec<_>>(),
        ),
    ]);
    let df = DataFrame::new_infer_height(columns)?;
    Ok(df.sort(["rank_regency"], SortMultipleOptions::default())?)
}

#[cfg(test)]
mod tests {
    /// The criteria follow `source` in `product_scores` (`build` writes them
    /// from the list) and docs/data-contracts.md §6 names each one.
    #[test]
    fn the_contract_page_names_every_criterion() {
        let doc = include_str!("../../docs/data-contracts.md");
        let section = &doc[doc.find("**`product_scores`**").unwrap()..];
        let section = &section[..section.find("**`village_selection`**").unwrap()];
        for name in crate::criteria::names() {
            assert!(section.contains(&format!("`{name}`")), "{name}");
        }
    }
}
