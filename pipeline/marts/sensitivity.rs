//! `sensitivity` (when `sensitivity.draws` > 0): one row per product, by
//! base rank: its rank under the study's weights and across Dirichlet
//! weight draws, and how often it stays its village's pick
//! (`docs/methods.md` §5; the draws are in `score::sensitivity`).

use anyhow::Result;
use polars::prelude::*;

use super::{float, int, text, Mart};
use crate::bad_input;
use crate::lake::Lake;

pub static MART: Mart = Mart {
    name: "sensitivity",
    family: super::Family::Products,
    columns: &[
        text("product_id"),
        text("village_code"),
        int("rank_regency"),
        float("mean_rank"),
        int("rank_p05"),
        int("rank_p95"),
        float("p_village_pick"),
    ],
    extra: "",
    last: &[],
    table: true,
    when: "sensitivity.draws > 0",
};

/// A product's regency rank under the study weights and across the draws.
#[derive(Debug, Clone)]
pub struct RankInterval {
    pub product_id: String,
    /// Rank under the study's weights (1 = best).
    pub rank: u32,
    pub mean_rank: f64,
    pub rank_p05: f64,
    pub rank_p95: f64,
}

/// The rank intervals; none when the study turned the analysis off.
pub fn read(lake: &Lake) -> Result<Vec<RankInterval>> {
    let Some(sensitivity) = MART.read_if_present(lake)? else {
        return Ok(Vec::new());
    };
    let ids = sensitivity.text("product_id")?;
    let f = |c: &str| sensitivity.num(c);
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

/// The sensitivity mart and the columns it adds to `village_selection`.
pub struct Robustness {
    /// `sensitivity`: per product.
    pub products: DataFrame,
    /// product_id → p_stays_pick
    pub stays: DataFrame,
    /// village_code → the smallest one-weight change that flips the pick (SAW only).
    pub flips: DataFrame,
    pub spearman: Vec<f64>,
    /// `rank_acceptability` and `central_weights` (SMAA-2).
    pub acceptability: DataFrame,
    pub central: DataFrame,
}

/// The ranks kept for the percentiles, draws × products: 4 bytes each.
const MAX_DRAW_RANKS: usize = 250_000_000;

pub fn build(
    criteria: &DataFrame,
    scored: &crate::score::potential::Scored,
    settings: crate::score::sensitivity::Settings,
    eligible: &[bool],
) -> Result<Option<Robustness>> {
    if settings.draws == 0 || criteria.height() == 0 {
        return Ok(None);
    }
    if settings.draws.saturating_mul(criteria.height()) > MAX_DRAW_RANKS {
        return Err(bad_input!(
            "sensitivity.draws = {} for {} candidates keeps {} ranks (1 GB at most is {MAX_DRAW_RANKS}); set draws to {} or fewer",
            settings.draws,
            criteria.height(),
            settings.draws.saturating_mul(criteria.height()),
            MAX_DRAW_RANKS / criteria.height()
        ));
    }
    let ids = crate::score::potential::str_values(criteria, "product_id")?;
    let village_codes = crate::score::potential::str_values(criteria, "village_code")?;
    let sales: Vec<f64> = crate::score::potential::f64_values(criteria, "sales_value")?
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();
    // Villages as small integers, in code order; the tie-break order of SPEC §5.3.
    let codes: std::collections::BTreeSet<&str> =
        village_codes.iter().map(String::as_str).collect();
    let code_list: Vec<&str> = codes.into_iter().collect();
    let village: Vec<usize> = village_codes
        .iter()
        .map(|c| code_list.binary_search(&c.as_str()).unwrap_or(0))
        .collect();
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| sales[b].total_cmp(&sales[a]).then(ids[a].cmp(&ids[b])));
    let mut tiebreak = vec![0; ids.len()];
    for (pos, i) in order.into_iter().enumerate() {
        tiebreak[i] = pos;
    }
    let products = crate::score::sensitivity::Products {
        village: &village,
        villages: code_list.len(),
        tiebreak: &tiebreak,
        eligible,
    };
    let result =
        crate::score::sensitivity::run(&scored.weights, &products, settings, |w| scored.rescore(w));
    let base = scored.rescore(&scored.weights);
    let base_ranks = crate::score::sensitivity::regency_ranks(&base, &tiebreak);
    let flips = if scored.is_linear_saw() {
        crate::score::sensitivity::smallest_saw_flips(
            &scored.normalised,
            &scored.weights,
            &base,
            &products,
        )
    } else if ids
        .len()
        .saturating_mul(crate::score::flips::steps(&scored.weights))
        .saturating_mul(scored.rankings_per_rescore())
        <= crate::score::flips::MAX_WORK
    {
        crate::score::flips::search(&scored.weights, &products, |w| scored.rescore(w))
    } else {
        vec![None; code_list.len()]
    };
    let acceptability = super::rank_acceptability::build(&ids, &village_codes, &result)?;
    let confidence = crate::score::sensitivity::confidence_factors(
        &result.central_weights,
        &products,
        crate::score::flips::MAX_WORK / scored.rankings_per_rescore(),
        |w| scored.rescore(w),
    );
    let central = super::central_weights::build(
        &ids,
        &village_codes,
        &scored.criteria,
        &result,
        &confidence,
    )?;
    let sensitivity_df = DataFrame::new_infer_height(vec![
        Column::new("product_id".into(), ids.clone()),
        Column::new("village_code".into(), village_codes.clone()),
        Column::new("rank_regency".into(), base_ranks),
        Column::new("mean_rank".into(), result.mean_rank),
        Column::new("rank_p05".into(), result.rank_p05),
        Column::new("rank_p95".into(), result.rank_p95),
        Column::new("p_village_pick".into(), result.p_village_pick.clone()),
    ])?
    .sort(["rank_regency"], SortMultipleOptions::default())?;
    let stays = DataFrame::new_infer_height(vec![
        Column::new("product_id".into(), ids.clone()),
        Column::new("p_stays_pick".into(), result.p_village_pick),
    ])?;
    let flips_df = DataFrame::new_infer_height(vec![
        Column::new(
            "village_code".into(),
            code_list.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        ),
        Column::new(
            "flip_criterion".into(),
            flips
                .iter()
                .map(|f| f.as_ref().map(|f| scored.criteria[f.criterion].clone()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "flip_weight_change".into(),
            flips
                .iter()
                .map(|f| f.as_ref().map(|f| f.weight_change))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "flip_challenger_id".into(),
            flips
                .iter()
                .map(|f| f.as_ref().map(|f| ids[f.challenger].clone()))
                .collect::<Vec<_>>(),
        ),
    ])?;
    Ok(Some(Robustness {
        products: sensitivity_df,
        stays,
        flips: flips_df,
        spearman: result.spearman,
        acceptability,
        central,
    }))
}
