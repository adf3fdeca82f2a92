//! The bundled national reference of administrative areas (idn-area-data 4.0.1,
//! ODbL; see `notebooks-data/reference/README.md`). It is compiled into the
//! binary so that `ovop` checks and names codes wherever it runs.

use crate::FastMap;
use std::sync::OnceLock;

const PROVINCES: &str = include_str!("../notebooks-data/reference/provinces.csv");
const REGENCIES: &str = include_str!("../notebooks-data/reference/regencies.csv");
const DISTRICTS: &str = include_str!("../notebooks-data/reference/districts.csv");
const VILLAGES: &str = include_str!("../notebooks-data/reference/villages.csv");

/// Credit line required by the ODbL wherever names or codes are shown.
pub fn attribution(lang: crate::i18n::Lang) -> &'static str {
    crate::i18n::label(lang, "attribution")
}

/// One village with the names of the areas that contain it.
#[derive(Debug, Clone)]
pub struct Village {
    pub code: String,
    pub name: String,
    pub district_code: String,
    pub district_name: String,
    pub regency_name: String,
    pub province_name: String,
}

/// All areas by dotted code, at every level.
pub struct Reference {
    names: FastMap<String, String>,
    villages: Vec<Village>,
    village_index: FastMap<String, usize>,
}

impl Reference {
    /// The process-wide reference, parsed on first use (about 90,000 rows).
    pub fn get() -> &'static Reference {
        static REFERENCE: OnceLock<Reference> = OnceLock::new();
        REFERENCE.get_or_init(Reference::parse)
    }

    fn parse() -> Reference {
        let mut names = FastMap::with_capacity_and_hasher(92_000, Default::default());
        for table in [PROVINCES, REGENCIES, DISTRICTS] {
            for (code, _parent, name) in rows(table) {
                names.insert(code, name);
            }
        }
        let mut villages = Vec::with_capacity(84_000);
        let mut village_index = FastMap::with_capacity_and_hasher(84_000, Default::default());
        for (code, district, name) in rows(VILLAGES) {
            let name_of = |c: &str| names.get(c).cloned().unwrap_or_default();
            village_index.insert(code.clone(), villages.len());
            villages.push(Village {
                district_name: name_of(&district),
                regency_name: name_of(&district[..5]),
                province_name: name_of(&district[..2]),
                code,
                name,
                district_code: district,
            });
        }
        Reference {
            names,
            villages,
            village_index,
        }
    }

    /// The name of a province, regency or district code.
    pub fn area_name(&self, code: &str) -> Option<&str> {
        self.names.get(code).map(String::as_str)
    }

    pub fn village(&self, code: &str) -> Option<&Village> {
        self.village_index.get(code).map(|&i| &self.villages[i])
    }

    /// True when `code` is a known area at any level (province … village).
    pub fn contains(&self, code: &str) -> bool {
        self.names.contains_key(code) || self.village_index.contains_key(code)
    }

    /// Villages whose code starts with `prefix` (a region code, or "" for all), in code order.
    pub fn villages_in(&self, prefix: &str) -> impl Iterator<Item = &Village> {
        let prefix = prefix.to_string();
        let child = format!("{prefix}.");
        self.villages
            .iter()
            .filter(move |v| prefix.is_empty() || v.code == prefix || v.code.starts_with(&child))
    }
}

/// Rows of a bundled CSV as (code, parent, name); provinces have no parent column.
fn rows(table: &'static str) -> Vec<(String, String, String)> {
    let mut reader = csv::Reader::from_reader(table.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.expect("bundled reference CSV is well-formed");
            let field = |i: usize| record.get(i).unwrap_or_default().to_string();
            match record.len() {
                2 => (field(0), String::new(), field(1)),
                _ => (field(0), field(1), field(2)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_published_totals() {
        let r = Reference::get();
        assert_eq!(r.villages_in("").count(), 83_762);
        // Kabupaten Tuban: 328 villages in 20 kecamatan (idn-area-data README).
        let tuban: Vec<_> = r.villages_in("35.23").collect();
        assert_eq!(tuban.len(), 328);
        let districts: std::collections::BTreeSet<_> =
            tuban.iter().map(|v| v.district_code.as_str()).collect();
        assert_eq!(districts.len(), 20);
    }

    #[test]
    fn names_come_with_their_hierarchy() {
        let r = Reference::get();
        let v = r.village("35.23.08.2008").unwrap();
        assert_eq!(v.name, "Margorejo");
        assert_eq!(v.district_name, "Kerek");
        assert_eq!(v.regency_name, "Kabupaten Tuban");
        assert_eq!(v.province_name, "Jawa Timur");
        assert!(r.contains("35.23") && r.contains("35") && !r.contains("35.99"));
        assert_eq!(r.village("35.13.15.2017").unwrap().name, "Soka\"an");
        // "35.1" is not a prefix of "35.10.…": matching is by whole segments.
        assert!(r.villages_in("35.1").all(|v| v.code.starts_with("35.1.")));
    }
}
