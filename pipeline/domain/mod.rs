//! The domain's vocabulary, below every stage: market tiers, quadrants, the
//! input datasets and the listed words of the contracts. Nothing here reads
//! files or depends on another stage.

pub mod dataset;
pub mod gates;
pub mod methods;
pub mod vocab;

pub use dataset::Dataset;

use serde::{Deserialize, Serialize};

/// Market tier of a sale (SPEC §5.1): how far from the producing village the buyer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Village = 0,
    District = 1,
    Regency = 2,
    Province = 3,
    National = 4,
    Export = 5,
}

impl Tier {
    pub const ALL: [Tier; 6] = [
        Tier::Village,
        Tier::District,
        Tier::Regency,
        Tier::Province,
        Tier::National,
        Tier::Export,
    ];

    /// Column and label stem: `share_<name>`, `tier.<name>`.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Village => "village",
            Tier::District => "district",
            Tier::Regency => "regency",
            Tier::Province => "province",
            Tier::National => "national",
            Tier::Export => "export",
        }
    }
}

/// Potential against reach (SPEC §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quadrant {
    /// high potential, high reach
    Unggulan,
    /// high potential, low reach: needs market development
    Potensial,
    /// low potential, high reach
    Niche,
    /// low potential, low reach
    Tertinggal,
}

impl Quadrant {
    pub fn of(high_potential: bool, high_reach: bool) -> Quadrant {
        match (high_potential, high_reach) {
            (true, true) => Quadrant::Unggulan,
            (true, false) => Quadrant::Potensial,
            (false, true) => Quadrant::Niche,
            (false, false) => Quadrant::Tertinggal,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Quadrant::Unggulan => "unggulan",
            Quadrant::Potensial => "potensial",
            Quadrant::Niche => "niche",
            Quadrant::Tertinggal => "tertinggal",
        }
    }

    pub fn from_name(name: &str) -> Option<Quadrant> {
        [
            Quadrant::Unggulan,
            Quadrant::Potensial,
            Quadrant::Niche,
            Quadrant::Tertinggal,
        ]
        .into_iter()
        .find(|q| q.name() == name)
    }
}
