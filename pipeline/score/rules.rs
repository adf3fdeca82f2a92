//! The scoring section's rules: which criteria and methods exist and what a
//! study may ask for. Pure (no polars), so the study-file fuzz target checks
//! them too.

use anyhow::Result;

use crate::bad_input;
use crate::score::mcdm::Normalisation;
use crate::study::Scoring;

/// Criteria computed from the lake; `expert_<criterion>` come from assessments.
pub const CRITERIA: &[&str] = &[
    "lq",
    "producers",
    "workers",
    "labour_absorption",
    "local_material_share",
    "value_added_ratio",
    "sales_growth",
    "reach_index",
    "outside_regency_share",
];

pub const METHODS: &[&str] = &["saw", "wp", "mpe", "topsis", "borda"];

/// Checks the scoring section alone (criteria names, weights, method).
pub fn check_scoring(scoring: &Scoring) -> Result<()> {
    if !METHODS.contains(&scoring.method.as_str()) {
        return Err(bad_input!(
            "scoring.method = {:?}: this version computes {}; use one of those",
            scoring.method,
            METHODS.join(", ")
        ));
    }
    if Normalisation::parse(scoring.normalisation_name()).is_none() {
        return Err(bad_input!(
            "scoring.normalisation = {:?}: use minmax, vector, max or sum",
            scoring.normalisation_name()
        ));
    }
    if !["methods", "assessors"].contains(&scoring.borda_over.as_str()) {
        return Err(bad_input!(
            "scoring.borda_over = {:?}: use \"methods\" or \"assessors\"",
            scoring.borda_over
        ));
    }
    if let Some(m) = scoring
        .borda_methods
        .iter()
        .find(|m| !METHODS.contains(&m.as_str()) || *m == "borda")
    {
        return Err(bad_input!(
            "scoring.borda_methods names {m:?}; borda combines saw, wp, mpe and topsis"
        ));
    }
    if scoring.criteria.is_empty() {
        return Err(bad_input!(
            "scoring.criteria is empty: give at least one criterion with a weight"
        ));
    }
    for (name, w) in &scoring.criteria {
        if !CRITERIA.contains(&name.as_str()) && !name.starts_with("expert_") {
            return Err(bad_input!(
                "scoring.criteria: unknown criterion {name:?}; known: {}, or expert_<criterion> from assessments",
                CRITERIA.join(", ")
            ));
        }
        if !w.is_finite() || *w < 0.0 {
            return Err(bad_input!(
                "scoring.criteria.{name} = {w}: a weight must be a number ≥ 0"
            ));
        }
    }
    if scoring.criteria.values().sum::<f64>() <= 0.0 {
        return Err(bad_input!("scoring.criteria: the weights sum to 0"));
    }
    if let Some(c) = scoring
        .cost_criteria
        .iter()
        .find(|c| !scoring.criteria.contains_key(*c))
    {
        return Err(bad_input!(
            "scoring.cost_criteria names {c:?}, which is not in scoring.criteria"
        ));
    }
    if !scoring.stars.windows(2).all(|w| w[0] < w[1]) {
        return Err(bad_input!(
            "scoring.stars = {:?}: the four thresholds must increase",
            scoring.stars
        ));
    }
    Ok(())
}
