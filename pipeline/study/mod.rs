//! A study: its file (`file.rs`, with the `[scoring]` section in
//! `scoring.rs`): parsed into serde types, validated, then resolved (paths,
//! AHP weights); and how a run of it treats its output folder and lake
//! (`run.rs`). The study-file fuzz target builds `file.rs` and `scoring.rs`
//! alone, so those two name each other through `crate::study`.

mod economy;
mod file;
mod relatedness;
pub mod run;
mod scoring;

pub use economy::{DlqForm, EconomySection};
pub use file::*;
pub use relatedness::{By, Measure, RelatednessSection};
pub use scoring::{AhpFiles, AhpSummary, ExpertSummary, Scoring};
