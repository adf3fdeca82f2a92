//! The `[scoring]` section: criteria and weights, method, normalisation,
//! Borda, stars, AHP and missing values; and its rules (parsing already
//! refused unknown keys and words, these check the values).

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::bad_input;
use crate::domain::methods::{BordaOver, Method, Missing, Normalisation, Preset};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// A named recipe (kpju, cpi, mpe, ocop) that sets method, normalisation,
    /// weights convention and stars as its source publishes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<Preset>,
    #[serde(default = "default_method")]
    pub method: Method,
    /// minmax | vector | max | sum; default: vector for topsis, minmax otherwise.
    #[serde(default)]
    pub normalisation: Option<Normalisation>,
    /// The methods whose rankings `borda` combines.
    #[serde(default = "default_borda_methods")]
    pub borda_methods: Vec<Method>,
    /// What `borda` combines: the rankings of `borda_methods` ("methods") or each
    /// assessor's ranking by their mean score ("assessors").
    #[serde(default)]
    pub borda_over: BordaOver,
    /// Criterion name → weight; weights are rescaled to sum to 1.
    #[serde(default = "default_criteria")]
    pub criteria: BTreeMap<String, f64>,
    /// Criteria where lower is better.
    #[serde(default)]
    pub cost_criteria: Vec<String>,
    /// Lower bounds of 2, 3, 4 and 5 stars on the 0–100 score.
    #[serde(default = "default_stars")]
    pub stars: [f64; 4],
    /// Pairwise-comparison matrices whose AHP weights replace `criteria`'s:
    /// one file, one file per expert, or one long table of every expert's
    /// judgements (`expert,row,col,value`).
    #[serde(default)]
    pub ahp: Option<AhpFiles>,
    /// How several experts combine: `aij` (geometric mean of judgements) or `aip`.
    #[serde(default)]
    pub ahp_aggregate: crate::ahp::Aggregation,
    /// Use the AHP weights even when CR > 0.10.
    #[serde(default)]
    pub ahp_accept_inconsistent: bool,
    /// How a product without a value for a criterion is scored.
    #[serde(default)]
    pub missing: Missing,
    /// Gates: category (or `all`) → certifications of which a product needs
    /// at least one to be a village's pick (`food_beverage = ["pirt", "halal"]`).
    /// A gated product keeps its score and rank.
    #[serde(default)]
    pub require: BTreeMap<String, Vec<String>>,
    /// What AHP made of `ahp` (filled in when the study is loaded).
    #[serde(skip)]
    pub ahp_result: Option<AhpSummary>,
    /// The weights as the study gave them, before rescaling to sum to 1.
    #[serde(skip)]
    pub weights_given_sum: Option<f64>,
}

/// `scoring.ahp = "ahp.csv"` or `["pakar_1.csv", "pakar_2.csv"]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum AhpFiles {
    One(PathBuf),
    Many(Vec<PathBuf>),
}

impl AhpFiles {
    pub fn paths(&self) -> Vec<PathBuf> {
        match self {
            AhpFiles::One(p) => vec![p.clone()],
            AhpFiles::Many(p) => p.clone(),
        }
    }
}

/// One expert's consistency and the judgements to revisit, for the report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExpertSummary {
    pub name: String,
    pub lambda_max: f64,
    pub ci: f64,
    pub cr: f64,
    pub weights: Vec<f64>,
    /// Largest first: (row, column, given, consistent w_i/w_j, nearest Saaty
    /// value, share of the inconsistency); empty when CR ≤ 0.10.
    pub revisions: Vec<(String, String, f64, f64, f64, f64)>,
}

/// The AHP run behind the weights, for the report. With several experts
/// λmax, CI and CR are those of the geometric mean of their judgements.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AhpSummary {
    pub matrix: String,
    pub lambda_max: f64,
    pub ci: f64,
    pub cr: f64,
    /// CR > 0.10 (of an expert, or of the group) but the study accepted it.
    pub accepted_inconsistent: bool,
    /// `aij` or `aip`, with several experts.
    #[serde(default)]
    pub aggregation: Option<String>,
    /// The criteria in the matrices' order, and each expert (several only).
    #[serde(default)]
    pub criteria: Vec<String>,
    #[serde(default)]
    pub experts: Vec<ExpertSummary>,
}

/// The largest sum of MPE's whole-number TKK: 5^100 ≈ 8·10⁶⁹, far from f64's limit.
const MAX_TKK_SUM: f64 = 100.0;

impl Scoring {
    /// Checks the scoring section alone (criteria names, weights, method).
    pub fn check(&self) -> Result<()> {
        let scoring = self;
        // Unknown methods, normalisations and Borda modes are refused by
        // parsing (serde enums); what is left is how they combine.
        if let Some(m) = scoring.borda_methods.iter().find(|m| **m == Method::Borda) {
            return Err(bad_input!(
                "scoring.borda_methods names {:?}; borda combines saw, wp, mpe and topsis",
                m.name()
            ));
        }
        if scoring.criteria.is_empty() {
            return Err(bad_input!(
                "scoring.criteria is empty: give at least one criterion with a weight"
            ));
        }
        for (name, w) in &scoring.criteria {
            if crate::criteria::find(name).is_none() && !name.starts_with("expert_") {
                return Err(bad_input!(
                    "scoring.criteria: unknown criterion {name:?}; known: {}, or expert_<criterion> from assessments",
                    crate::criteria::names().join(", ")
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
        crate::domain::gates::check(&scoring.require)?;
        if let Some(c) = scoring
            .cost_criteria
            .iter()
            .find(|c| !scoring.criteria.contains_key(*c))
        {
            return Err(bad_input!(
                "scoring.cost_criteria names {c:?}, which is not in scoring.criteria"
            ));
        }
        if let Some(preset) = scoring.preset {
            scoring.check_preset(preset)?;
        }
        if !scoring.stars.windows(2).all(|w| w[0] < w[1]) {
            return Err(bad_input!(
                "scoring.stars = {:?}: the four thresholds must increase",
                scoring.stars
            ));
        }
        Ok(())
    }

    /// Sets what `preset` fixes. `given` holds the keys the study wrote in
    /// `[scoring]`: one that the preset fixes to another value is an error
    /// (the study would say two things).
    pub fn apply_preset(&mut self, given: &toml::Table) -> Result<()> {
        let Some(preset) = self.preset else {
            return Ok(());
        };
        let conflicts = [
            (
                "method",
                self.method != preset.method(),
                preset.method().name().to_string(),
            ),
            (
                "normalisation",
                self.normalisation
                    .is_some_and(|n| n != preset.normalisation()),
                preset.normalisation().name().to_string(),
            ),
            (
                "stars",
                self.stars != preset.stars(),
                format!("{:?}", preset.stars()),
            ),
        ];
        for (key, differs, fixed) in conflicts {
            if given.contains_key(key) && differs {
                return Err(bad_input!(
                    "scoring.preset = {:?} sets scoring.{key} = {fixed}, but the study sets it otherwise; remove scoring.{key} or the preset",
                    preset.name()
                ));
            }
        }
        self.method = preset.method();
        self.normalisation = Some(preset.normalisation());
        self.stars = preset.stars();
        Ok(())
    }

    /// The weights convention of a preset.
    fn check_preset(&self, preset: Preset) -> Result<()> {
        let name = preset.name();
        if self.ahp.is_some() && (preset.integer_weights() || preset.points()) {
            return Err(bad_input!(
                "scoring.preset = {name:?} takes its weights from scoring.criteria ({}), so it cannot use scoring.ahp; remove one of them (preset \"kpju\" uses AHP weights)",
                match preset.points() {
                    true => "points out of 100",
                    false => "whole-number importance TKK",
                }
            ));
        }
        if self.ahp_result.is_some() {
            return Ok(());
        }
        if preset.integer_weights() {
            if let Some((c, w)) = self
                .criteria
                .iter()
                .find(|(_, w)| **w < 1.0 || w.fract() != 0.0)
            {
                return Err(bad_input!(
                    "scoring.criteria.{c} = {w}: preset \"mpe\" takes whole-number importance weights (TKK ≥ 1, e.g. 1–5, Marimin 2004); write the criterion's TKK"
                ));
            }
        }
        let total: f64 = self.criteria.values().sum();
        // 5^TKK must stay finite even when a weight draw puts every unit on one criterion.
        if preset.integer_weights() && total > MAX_TKK_SUM {
            return Err(bad_input!(
                "scoring.criteria: the TKK sum to {total}; preset \"mpe\" takes importance degrees such as 1–5 (at most {MAX_TKK_SUM} in all), since TN = Σ RK^TKK grows as 5^TKK"
            ));
        }
        if preset.points() && (total - 100.0).abs() > 1e-6 {
            return Err(bad_input!(
                "scoring.criteria: preset \"ocop\" reads the weights as points out of 100, but they sum to {total}; give each criterion its points (OCOP, Decision 148/QĐ-TTg: part A 40, B 25, C 35)"
            ));
        }
        Ok(())
    }

    /// The normalisation in force: the study's, else vector for TOPSIS (Hwang &
    /// Yoon's original) and min–max for the other methods.
    pub fn normalisation(&self) -> Normalisation {
        match self.normalisation {
            Some(n) => n,
            None if self.method == Method::Topsis => Normalisation::Vector,
            None => Normalisation::MinMax,
        }
    }

    /// Borda over the assessors' rankings (needs an assessments file).
    pub fn borda_over_assessors(&self) -> bool {
        self.method == Method::Borda && self.borda_over == BordaOver::Assessors
    }
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            preset: None,
            method: default_method(),
            normalisation: None,
            borda_methods: default_borda_methods(),
            borda_over: BordaOver::default(),
            criteria: default_criteria(),
            cost_criteria: Vec::new(),
            stars: default_stars(),
            ahp: None,
            require: BTreeMap::new(),
            ahp_aggregate: Default::default(),
            ahp_accept_inconsistent: false,
            missing: Default::default(),
            ahp_result: None,
            weights_given_sum: None,
        }
    }
}

fn default_method() -> Method {
    Method::Saw
}

fn default_borda_methods() -> Vec<Method> {
    vec![Method::Saw, Method::Wp, Method::Topsis]
}
fn default_stars() -> [f64; 4] {
    [30.0, 50.0, 70.0, 90.0]
}
/// SPEC §8's example weights: market reach and local material first (OVOP's
/// "local yet global" principle), then specialisation, labour and value added.
fn default_criteria() -> BTreeMap<String, f64> {
    [
        ("reach_index", 0.25),
        ("local_material_share", 0.20),
        ("lq", 0.15),
        ("workers", 0.15),
        ("value_added_ratio", 0.15),
        ("sales_growth", 0.10),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}
