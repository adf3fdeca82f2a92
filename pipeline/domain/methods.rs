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

/// A named recipe (`scoring.preset`) that sets the method, the normalisation,
/// the weights convention and the star bands as its source publishes them
/// (docs/methods.md §4.2, each with its source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// Bank Indonesia's KPJU Unggulan: AHP weights, the "Bayes" weighted sum
    /// of 1–5 scores, Borda across assessors.
    Kpju,
    /// Marimin's Comparative Performance Index.
    Cpi,
    /// Marimin's MPE with whole-number importance weights (TKK).
    Mpe,
    /// OCOP (Viet Nam): criteria as points out of 100, stars by 100-point bands.
    Ocop,
}

impl Preset {
    pub fn name(self) -> &'static str {
        match self {
            Preset::Kpju => "kpju",
            Preset::Cpi => "cpi",
            Preset::Mpe => "mpe",
            Preset::Ocop => "ocop",
        }
    }

    pub fn method(self) -> Method {
        match self {
            Preset::Kpju => Method::Bayes,
            Preset::Cpi => Method::Cpi,
            Preset::Mpe => Method::Mpe,
            Preset::Ocop => Method::Saw,
        }
    }

    /// KPJU and MPE grade each criterion on 1–5 from its range (min–max);
    /// CPI indexes raw values (the normalisation is not used); OCOP awards a
    /// criterion's points in proportion to the best product's value.
    pub fn normalisation(self) -> Normalisation {
        match self {
            Preset::Ocop => Normalisation::Max,
            _ => Normalisation::MinMax,
        }
    }

    /// Lower bounds of 2–5 stars on 0–100: OCOP's bands (Decision
    /// 1048/QĐ-TTg 2019; 148/QĐ-TTg 2023 keeps 50, 70 and 90); the other
    /// sources publish no stars, so ovop's default bands, which are OCOP's.
    pub fn stars(self) -> [f64; 4] {
        [30.0, 50.0, 70.0, 90.0]
    }

    /// The weights are whole numbers used as given (MPE's TKK).
    pub fn integer_weights(self) -> bool {
        self == Preset::Mpe
    }

    /// The weights are points out of 100 (OCOP).
    pub fn points(self) -> bool {
        self == Preset::Ocop
    }
}
