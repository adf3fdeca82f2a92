//! The `[relatedness]` section: how the villages × categories matrix behind
//! relatedness and complexity (SPEC §5.6) is made. Every key is optional.

use serde::{Deserialize, Serialize};

use crate::bad_input;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelatednessSection {
    /// What a cell counts: the products' `producers` (default), `workers`,
    /// or `sales` (sales value in the study years).
    #[serde(default)]
    pub measure: Measure,
    /// The villages whose matrix the proximities come from: a region code
    /// prefix of the lake's products (`"35"`, the province) or `"ID"` (every
    /// product in the lake). Default: the study region.
    #[serde(default)]
    pub reference: Option<String>,
    /// M = 1 when RCA ≥ this (Balassa's 1 by default).
    #[serde(default = "default_threshold")]
    pub threshold: f64,
    /// Villages with fewer producers than this are flagged: one producer
    /// more or less swings their RCA.
    #[serde(default = "default_min_producers")]
    pub min_producers: f64,
    /// How many next products each village lists.
    #[serde(default = "default_next")]
    pub next: usize,
    /// The matrix's columns: the 12 `category` words (default) or the
    /// products' finer `product_type`.
    #[serde(default)]
    pub by: By,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    #[default]
    Category,
    ProductType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    #[default]
    Producers,
    Workers,
    Sales,
}

impl Measure {
    pub fn name(self) -> &'static str {
        match self {
            Measure::Producers => "producers",
            Measure::Workers => "workers",
            Measure::Sales => "sales",
        }
    }
}

impl Default for RelatednessSection {
    fn default() -> Self {
        RelatednessSection {
            measure: Measure::default(),
            reference: None,
            threshold: default_threshold(),
            min_producers: default_min_producers(),
            next: default_next(),
            by: By::default(),
        }
    }
}

fn default_threshold() -> f64 {
    1.0
}
fn default_min_producers() -> f64 {
    5.0
}
fn default_next() -> usize {
    3
}

impl RelatednessSection {
    /// `region`: the study's region code, which the reference must contain
    /// (the rows are the study's villages, inside the matrix).
    pub fn check(&self, region: Option<&str>) -> anyhow::Result<()> {
        if !self.threshold.is_finite() || self.threshold <= 0.0 {
            return Err(bad_input!(
                "relatedness.threshold = {}: the RCA threshold must be a number > 0 (1 is Balassa's)",
                self.threshold
            ));
        }
        if !self.min_producers.is_finite() || self.min_producers < 0.0 {
            return Err(bad_input!(
                "relatedness.min_producers = {}: must be a number ≥ 0",
                self.min_producers
            ));
        }
        if let Some(r) = &self.reference {
            let plain = r == "ID"
                || (!r.is_empty()
                    && r.split('.')
                        .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())));
            if !plain {
                return Err(bad_input!(
                    "relatedness.reference = {r:?}: give a region code such as \"35\" (the province) or \"35.23\", or \"ID\" for every product in the lake"
                ));
            }
            let inside = |code: &str| r == "ID" || code == r || code.starts_with(&format!("{r}."));
            if let Some(region) = region.filter(|g| !inside(g)) {
                return Err(bad_input!(
                    "relatedness.reference = {r:?} does not contain the study region {region}: the study's villages would be outside the matrix; give the region itself, a larger one (its province), or \"ID\""
                ));
            }
        }
        Ok(())
    }
}
