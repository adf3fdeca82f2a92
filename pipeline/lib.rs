//! ovop: One Village One Product analytics.
//!
//! Data flows through the stages in this order: `ingest` (read, normalise,
//! validate, quarantine) → `lake` (atomic Parquet writes, manifest, lock) →
//! `marts` (built with the maths of `score`: market reach, potential, the
//! OVOP pick) → `chart` → `report`. `domain`, `criteria`, `reference`,
//! `files` and `i18n` are the vocabulary and helpers below every stage;
//! `study` reads the study file and owns what a run may touch; `cmd` runs
//! each command. `docs/architecture.md` has the layers and how to add a
//! criterion, chart, mart, dataset or command.

pub mod ahp;
pub mod boundaries;
pub mod chart;
pub mod cli;
pub mod cmd;
pub mod console;
pub mod criteria;
pub mod domain;
pub mod error;
pub mod fault;
pub mod files;
pub mod generate;
pub mod i18n;
pub mod ingest;
pub mod init;
pub mod interrupt;
pub mod lake;
pub mod marts;
pub mod reference;
pub mod report;
pub mod score;
pub mod sql;
pub mod study;
pub mod warnings;

pub use error::InputError;

/// Hash maps with a fast, fixed-seed hasher. Keys are codes and ids from the
/// user's own files (not untrusted network input), and a fixed seed keeps the
/// iteration order, and so every sum over a map, the same on every run.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;
