//! The study's `[inputs.boundaries]` (`docs/data-contracts.md` §9): serde
//! only, so the study-file fuzz target builds it without the geometry crates.

use serde::{Deserialize, Serialize};

/// `[inputs] boundaries = "villages.geojson"`, or a table with the details.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BoundarySpec {
    Path(String),
    Described(BoundaryInput),
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoundaryInput {
    /// Village polygons: `.geojson`/`.json` or `.shp` (with its `.dbf`).
    pub villages: String,
    /// The property holding the village code; default: the first of
    /// `codes::VILLAGE_CODE_PROPERTIES` the file has.
    #[serde(default)]
    pub code: Option<String>,
    /// Kecamatan outlines; default: dissolved from the village polygons.
    #[serde(default)]
    pub districts: Option<String>,
    /// The property holding the kecamatan code in `districts`.
    #[serde(default)]
    pub district_code: Option<String>,
    /// Coordinate system when the file does not say (`EPSG:4326`, or a WGS84
    /// UTM zone such as `EPSG:32749`).
    #[serde(default)]
    pub crs: Option<String>,
    /// Credit line shown on every map; default: the bundled data's credit
    /// when the file is the bundled one, else the file's name.
    #[serde(default)]
    pub credit: Option<String>,
}

impl BoundarySpec {
    pub fn input(&self) -> BoundaryInput {
        match self {
            BoundarySpec::Path(p) => BoundaryInput {
                villages: p.clone(),
                ..BoundaryInput::default()
            },
            BoundarySpec::Described(d) => d.clone(),
        }
    }
}
