//! ovop: One Village One Product analytics.
//!
//! Data flows through the modules in this order: `ingest` (read, normalise,
//! validate, quarantine) → `lake` (atomic Parquet writes, manifest, lock) →
//! `score` (market reach, potential, the OVOP pick) → `chart` → `report`.
//! `cli` parses arguments and `commands` runs them; `generate` makes synthetic
//! studies on real village codes.

pub mod chart;
pub mod cli;
pub mod commands;
pub mod error;
pub mod fault;
pub mod generate;
pub mod i18n;
pub mod ingest;
pub mod init;
pub mod lake;
pub mod marts;
pub mod reference;
pub mod report;
pub mod score;
pub mod sql;
pub mod study;

pub use error::InputError;
