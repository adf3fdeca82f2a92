//! The `[economy]` section: how the economic base (SPEC §5.5) compares the
//! regions of the `economy` input. Every key is optional.

use serde::{Deserialize, Serialize};

use crate::bad_input;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomySection {
    /// A region of the data to compare with (`"35"`, the province), or
    /// `"sum"` for the sum of the compared regions. Default: the province of
    /// `study.region` when the data holds it, else `"sum"`.
    #[serde(default)]
    pub reference: Option<String>,
    /// First and last year of the period; default: the span of the data.
    #[serde(default)]
    pub years: Option<[i32; 2]>,
    /// The measure compared (`pdrb_adhk`, `pdrb_adhb`, `employment`, …);
    /// default: `pdrb_adhk` (constant prices) when present, else the first
    /// the data has.
    #[serde(default)]
    pub measure: Option<String>,
    /// How DLQ averages growth: `arithmetic` (the mean of yearly rates, the
    /// default) or `geometric` (compound rate).
    #[serde(default)]
    pub dlq: DlqForm,
    /// Product category → PDRB sector, for the criteria `sector_lq` and
    /// `sector_growth`; merged over the default map ([`default_sector`]).
    #[serde(default)]
    pub sectors: std::collections::BTreeMap<String, String>,
    /// The study's own sector codes (e.g. the nine sectors of the 2000-base
    /// PDRB) instead of BPS's 17 categories: economy rows with another
    /// sector are quarantined. `TOTAL` is always accepted.
    #[serde(default)]
    pub sector_list: Option<Vec<String>>,
}

/// The PDRB sector a product category belongs to by default (SPEC §5.5):
/// crafts and processed food are manufacturing (C), farm, fish and livestock
/// products agriculture (A), tourism accommodation and food service (I).
pub fn default_sector(category: &str) -> Option<&'static str> {
    match category {
        "food_beverage" | "batik" | "woven_textile" | "plaiting" | "pottery" | "wood_craft"
        | "other_craft" => Some("C"),
        "agriculture" | "fishery" | "livestock" => Some("A"),
        "tourism" => Some("I"),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DlqForm {
    #[default]
    Arithmetic,
    Geometric,
}

impl EconomySection {
    /// The sector of a product category: the study's map, else the default.
    /// With a study's own sector list, only the study's map applies (the
    /// default's BPS letters name no sector of the list), in the list's spelling.
    pub fn sector_of(&self, category: &str) -> Option<String> {
        let key = crate::domain::vocab::key;
        match (&self.sector_list, self.sectors.get(category)) {
            (Some(list), Some(sector)) => list.iter().find(|s| key(s) == key(sector)).cloned(),
            (Some(_), None) => None,
            (None, Some(sector)) => Some(sector.clone()),
            (None, None) => default_sector(category).map(String::from),
        }
    }

    pub fn check(&self) -> anyhow::Result<()> {
        if let Some(list) = &self.sector_list {
            let mut keys: Vec<String> = list.iter().map(|s| crate::domain::vocab::key(s)).collect();
            keys.sort();
            if let Some(t) = list.iter().find(|s| {
                crate::domain::vocab::SECTOR_VOCAB.lookup(s)
                    == Some(crate::domain::vocab::TOTAL_SECTOR)
            }) {
                return Err(bad_input!(
                    "economy.sector_list names {t:?}, which is the published total (TOTAL); list only the sectors"
                ));
            }
            if list.is_empty()
                || keys.iter().any(|k| k.is_empty())
                || keys.windows(2).any(|w| w[0] == w[1])
            {
                return Err(bad_input!(
                    "economy.sector_list = {list:?}: give distinct, non-empty sector codes"
                ));
            }
        }
        for (category, sector) in &self.sectors {
            if crate::domain::vocab::CATEGORY_VOCAB.lookup(category) != Some(category.as_str()) {
                return Err(bad_input!(
                    "economy.sectors names the category {category:?}; use one of {}",
                    crate::domain::vocab::CATEGORIES.join(", ")
                ));
            }
            let key = crate::domain::vocab::key;
            let fits = match &self.sector_list {
                Some(list) => list.iter().any(|s| key(s) == key(sector)),
                None => {
                    crate::domain::vocab::SECTOR_VOCAB.lookup(sector) == Some(sector.as_str())
                        && sector != "TOTAL"
                }
            };
            if !fits {
                return Err(bad_input!(
                    "economy.sectors.{category} = {sector:?}: give {}",
                    match &self.sector_list {
                        Some(list) => format!("one of economy.sector_list: {}", list.join(", ")),
                        None => "a BPS sector letter (A … L, M-N, O, P, Q, R-U)".to_string(),
                    }
                ));
            }
        }
        if let Some([first, last]) = self.years {
            if !(1900..=2100).contains(&first) || !(1900..=2100).contains(&last) || first > last {
                return Err(bad_input!(
                    "economy.years = [{first}, {last}]: give two years from 1900 to 2100, the first not after the last (one year gives SLQs only)"
                ));
            }
        }
        if let Some(reference) = &self.reference {
            if reference != "sum" && crate::ingest::parse::normalise_code(reference).is_err() {
                return Err(bad_input!(
                    "economy.reference = {reference:?}: give a region code of the economy data (\"35\") or \"sum\""
                ));
            }
        }
        if let Some(m) = &self.measure {
            if crate::domain::vocab::MEASURE_VOCAB.lookup(m).is_none() {
                return Err(bad_input!(
                    "economy.measure = {m:?}: use one of {}",
                    crate::domain::vocab::MEASURE_VOCAB.describe()
                ));
            }
        }
        Ok(())
    }
}
