//! Fuzzes the study file: arbitrary text parsed as a study (serde + toml, every key `deny_unknown_fields`)
//! and, when it parses, checked by the study's own rules (`Study::validate`: names, years, limits,
//! region, the scoring section) and titled. Nothing may panic whatever the values (NaN weights,
//! huge draws, odd region codes).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[macro_export]
macro_rules! bad_input {
    ($($arg:tt)*) => { anyhow::anyhow!($($arg)*) };
}

pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

#[path = "../../../pipeline/i18n.rs"]
#[allow(dead_code)]
pub mod i18n;

#[path = "../../../pipeline/reference.rs"]
#[allow(dead_code)]
pub mod reference;

#[path = "../../../pipeline/study/file.rs"]
#[allow(dead_code)]
pub mod study_file;
#[path = "../../../pipeline/study/scoring.rs"]
#[allow(dead_code)]
pub mod study_scoring;
#[path = "../../../pipeline/study/economy.rs"]
#[allow(dead_code)]
pub mod study_economy;
#[path = "../../../pipeline/study/relatedness.rs"]
#[allow(dead_code)]
pub mod study_relatedness;

#[path = "../../../pipeline/boundaries/spec.rs"]
pub mod boundaries_spec;
pub mod boundaries {
    pub use crate::boundaries_spec::*;
}

pub mod study {
    pub use crate::study_file::*;
    pub use crate::study_scoring::{AhpFiles, AhpSummary, ExpertSummary, Scoring};
    pub use crate::study_economy::{DlqForm, EconomySection};
    pub use crate::study_relatedness::{By, Measure, RelatednessSection};
}

// Nested modules by #[path] resolve through folders that must exist, so the
// sources are declared at the root and arranged below as the pipeline names them.
#[path = "../../../pipeline/ingest/parse.rs"]
#[allow(dead_code)]
pub mod ingest_parse;
#[path = "../../../pipeline/domain/dataset.rs"]
#[allow(dead_code)]
pub mod domain_dataset;
#[path = "../../../pipeline/domain/methods.rs"]
#[allow(dead_code)]
pub mod domain_methods;
#[path = "../../../pipeline/domain/vocab.rs"]
#[allow(dead_code)]
pub mod domain_vocab;

pub mod ingest {
    pub use crate::ingest_parse as parse;
}

#[path = "../../../pipeline/domain/gates.rs"]
#[allow(dead_code)]
pub mod domain_gates;

pub mod domain {
    pub use crate::domain_dataset::Dataset;
    pub use crate::domain_gates as gates;
    pub use crate::domain_methods as methods;
    pub use crate::domain_vocab as vocab;
}

/// The criteria list without its polars expressions (the target has no polars).
pub mod criteria {
    const NAMES: &[&str] = &[
        "lq",
        "producers",
        "workers",
        "labour_absorption",
        "local_material_share",
        "value_added_ratio",
        "sales_growth",
        "reach_index",
        "outside_regency_share",
        "sector_lq",
        "sector_growth",
        "relatedness_density",
        "category_complexity",
    ];
    pub fn find(name: &str) -> Option<&'static str> {
        NAMES.iter().copied().find(|n| *n == name)
    }
    pub fn names() -> Vec<&'static str> {
        NAMES.to_vec()
    }
}

/// `Study::load` reads AHP matrices; the target only parses and validates.
pub mod ahp {
    use std::path::PathBuf;
    pub const MAX_CR: f64 = 0.1;
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Aggregation {
        #[default]
        Aij,
        Aip,
    }
    impl Aggregation {
        pub fn name(self) -> &'static str {
            match self {
                Aggregation::Aij => "aij",
                Aggregation::Aip => "aip",
            }
        }
    }
    pub struct Revision {
        pub i: usize,
        pub j: usize,
        pub given: f64,
        pub consistent: f64,
        pub scale: f64,
        pub share: f64,
    }
    pub struct Ahp {
        pub criteria: Vec<String>,
        pub weights: Vec<f64>,
        pub lambda_max: f64,
        pub ci: f64,
        pub cr: f64,
    }
    impl Ahp {
        pub fn check_consistency(&self, _: &str) -> anyhow::Result<()> {
            Ok(())
        }
        pub fn revisions(&self, _: usize) -> Vec<Revision> {
            Vec::new()
        }
    }
    pub struct Expert {
        pub name: String,
        pub ahp: Ahp,
    }
    pub struct Group {
        pub criteria: Vec<String>,
        pub experts: Vec<Expert>,
        pub aggregation: Aggregation,
        pub weights: Vec<f64>,
        pub combined: Ahp,
    }
    impl Group {
        pub fn inconsistent(&self) -> impl Iterator<Item = &Expert> {
            self.experts.iter().filter(|e| e.ahp.cr > MAX_CR)
        }
        pub fn check_consistency(&self, _: &str) -> anyhow::Result<()> {
            Ok(())
        }
    }
    pub fn read_experts(_: &[PathBuf]) -> anyhow::Result<(Vec<String>, Vec<(String, Vec<Vec<f64>>)>)> {
        anyhow::bail!("not in the fuzz target")
    }
    pub fn group(_: Vec<String>, _: Vec<(String, Vec<Vec<f64>>)>, _: Aggregation) -> Group {
        unreachable!("read_experts fails first in the fuzz target")
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(study) = toml::from_str::<study::Study>(text) else { return };
    let _ = study.validate();
    let _ = study.display_title();
    let _ = study.region_name();
});
