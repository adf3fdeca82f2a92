//! The scoring vocabulary of the study file (`[scoring]`): methods,
//! normalisations, what Borda combines and how missing values are scored.
//! Serde enums, so an unknown word is an error listing the allowed ones.
//! `score::mcdm` computes them; `docs/methods.md` §4 has the formulas.

use serde::{Deserialize, Serialize};

/// An MCDM method (`scoring.method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Simple additive weighting.
    Saw,
    /// Weighted product.
    Wp,
    /// Exponential comparison (Metode Perbandingan Eksponensial).
    Mpe,
    Topsis,
    /// Borda count over other methods' or assessors' rankings.
    Borda,
    /// Comparative Performance Index (Marimin 2004): each value as an index
    /// of its criterion's minimum, weighted and summed.
    Cpi,
    /// Bayes (Marimin 2004), as Bank Indonesia's KPJU uses it: a weighted
    /// sum of ordinal 1–5 scores.
    Bayes,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::Saw,
        Method::Wp,
        Method::Mpe,
        Method::Topsis,
        Method::Borda,
        Method::Cpi,
        Method::Bayes,
    ];

    /// As the study file, the summary and the label keys (`method.<name>`) write it.
    pub fn name(self) -> &'static str {
        match self {
            Method::Saw => "saw",
            Method::Wp => "wp",
            Method::Mpe => "mpe",
            Method::Topsis => "topsis",
            Method::Borda => "borda",
            Method::Cpi => "cpi",
            Method::Bayes => "bayes",
        }
    }
}

/// What `borda` combines (`scoring.borda_over`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BordaOver {
    /// The rankings of `scoring.borda_methods`.
    #[default]
    Methods,
    /// Each assessor's ranking by their mean score.
    Assessors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Normalisation {
    /// (x − min)/(max − min); cost: (max − x)/(max − min)
    MinMax,
    /// x/√Σx²; cost: 1 − x/√Σx²
    Vector,
    /// x/max; cost: min/x
    Max,
    /// x/Σx; cost: (1/x)/Σ(1/x)
    Sum,
}

/// How a product without a value for a criterion is scored (`scoring.missing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Missing {
    /// As the worst value (0 after normalisation): no evidence earns no credit,
    /// so leaving a weak value blank can never raise a product's score.
    #[default]
    Worst,
    /// As the mean of the products that have a value (unconditional mean
    /// imputation; OECD/JRC 2008, Handbook on Constructing Composite Indicators).
    Neutral,
    /// Left out: the product is scored on the criteria it has, their weights
    /// rescaled to sum to 1 for that product.
    Exclude,
}

impl Missing {
    pub fn name(self) -> &'static str {
        match self {
            Missing::Worst => "worst",
            Missing::Neutral => "neutral",
            Missing::Exclude => "exclude",
        }
    }
}

impl Normalisation {
    pub fn name(self) -> &'static str {
        match self {
            Normalisation::MinMax => "minmax",
            Normalisation::Vector => "vector",
            Normalisation::Max => "max",
            Normalisation::Sum => "sum",
        }
    }
}
