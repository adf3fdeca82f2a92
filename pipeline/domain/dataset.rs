//! The five input datasets of SPEC §3, by name. Their columns are in
//! `ingest::contract`.

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    Villages,
    Products,
    Sales,
    Economy,
    Assessments,
}

impl Dataset {
    /// Products and villages have a key that must be unique within the
    /// lake; an economy file, one value per region, sector, year and measure.
    /// Their rows are checked in file order (the first of two equal keys wins).
    pub fn has_unique_key(self) -> bool {
        matches!(
            self,
            Dataset::Products | Dataset::Villages | Dataset::Economy
        )
    }

    /// In dependency order: products need villages' codes, sales need products.
    pub const ALL: [Dataset; 5] = [
        Dataset::Villages,
        Dataset::Products,
        Dataset::Sales,
        Dataset::Economy,
        Dataset::Assessments,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dataset::Villages => "villages",
            Dataset::Products => "products",
            Dataset::Sales => "sales",
            Dataset::Economy => "economy",
            Dataset::Assessments => "assessments",
        }
    }
}
