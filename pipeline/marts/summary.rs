//! `_summary.json`: what a scoring run made and with which settings, for
//! the console, the charts and the report.

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::bad_input;
use crate::lake::Lake;

/// What `build_marts` made, for the console and the report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScoreSummary {
    /// The study the marts were built for (a shared lake holds several).
    #[serde(default)]
    pub study: String,
    pub products: usize,
    pub villages_with_candidates: usize,
    pub sales_rows: u64,
    pub years: Option<[i32; 2]>,
    pub criteria: Vec<String>,
    pub weights: Vec<f64>,
    pub method: String,
    pub normalisation: String,
    /// `scoring.preset`, and for `mpe` (TKK) and `ocop` (points) the sum of
    /// the weights as given, which scales the unit weights back.
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub preset_scale: Option<f64>,
    /// Quadrant thresholds: medians of potential score and reach index.
    pub potential_threshold: f64,
    pub reach_threshold: f64,
    /// Sensitivity (SPEC §5.4): number of weight draws (0 = not run), κ and seed.
    pub sensitivity_draws: usize,
    pub sensitivity_concentration: f64,
    pub sensitivity_seed: u64,
    /// Spearman correlation of the draws' rankings with the base ranking.
    pub spearman_mean: Option<f64>,
    pub spearman_p05: Option<f64>,
    pub spearman_min: Option<f64>,
    /// Products without a value, per criterion (in `criteria` order), and
    /// how they were scored.
    #[serde(default)]
    pub missing: Vec<usize>,
    #[serde(default)]
    pub missing_policy: crate::domain::methods::Missing,
    /// The relatedness matrix (SPEC §5.6).
    #[serde(default)]
    pub relatedness: Option<super::relatedness::RelatednessSummary>,
    /// The AHP run behind the weights, when AHP set them.
    #[serde(default)]
    pub ahp: Option<crate::study::AhpSummary>,
    /// The economic base built with the marts (not saved: its marts are).
    #[serde(skip)]
    pub economy: Option<super::EconomySummary>,
    /// What a planner must know about the data (see `crate::warnings`).
    #[serde(default)]
    pub warnings: Vec<crate::warnings::Warning>,
}

fn path(lake: &Lake) -> std::path::PathBuf {
    lake.marts.join("_summary.json")
}

/// Writes the summary beside the marts it describes.
pub fn save(lake: &Lake, summary: &ScoreSummary) -> Result<()> {
    crate::files::write_text_atomic(&path(lake), &serde_json::to_string_pretty(summary)?)
}

/// The summary of the lake's marts, which must have been built for `study`.
pub fn load(lake: &Lake, study: &str) -> Result<ScoreSummary> {
    let path = path(lake);
    let text = std::fs::read_to_string(&path).map_err(|_| {
        bad_input!(
            "no marts at {}: run `ovop score` (or `ovop run`) first",
            lake.root.display()
        )
    })?;
    let summary: ScoreSummary = serde_json::from_str(&text).map_err(|e| {
        bad_input!(
            "{} is damaged ({e}); run `ovop score` again",
            path.display()
        )
    })?;
    if !summary.study.is_empty() && summary.study != study {
        return Err(bad_input!(
            "the marts in {} were built for study {:?}, not {:?}; run `ovop score` for this study first",
            lake.marts.display(),
            summary.study,
            study
        ));
    }
    Ok(summary)
}
