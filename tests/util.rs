//! Helpers: a temporary working folder per test, the binary, and readers for
//! what ovop writes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use polars::prelude::*;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}

pub fn ovop(dir: &Path) -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("ovop");
    cmd.current_dir(dir);
    cmd
}

pub fn read_parquet(path: &Path) -> DataFrame {
    ovop::lake::parquet::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Rows of every data file of a dataset in a lake (all batches).
pub fn lake_rows(lake: &Path, dataset: &str) -> usize {
    let manifest = ovop::lake::Lake::new(lake).manifest().unwrap();
    manifest
        .batches_of(dataset)
        .flat_map(|b| b.files.clone())
        .filter(|f| !f.starts_with("_quarantine/"))
        .map(|f| read_parquet(&lake.join(f)).height())
        .sum()
}

/// Data rows of a CSV file (records after the header).
pub fn csv_rows(path: &Path) -> usize {
    csv::Reader::from_path(path).unwrap().records().count()
}

pub fn f64s(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
    ovop::score::potential::f64_values(df, name).unwrap()
}

pub fn strs(df: &DataFrame, name: &str) -> Vec<String> {
    ovop::score::potential::str_values(df, name).unwrap()
}

/// Copies a fixture folder into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs the study copied to `<dir>/study` (see `copy_dir`) into `out`; it must succeed.
pub fn run_small(dir: &Path, out: &Path) -> assert_cmd::assert::Assert {
    ovop(dir)
        .args(["run", "study/study.toml", "--out"])
        .arg(out)
        .assert()
        .success()
}

/// Runs the study copied to `<dir>/study` into `out`; it must be refused (exit 2).
pub fn run_refused(dir: &Path, out: &Path) -> assert_cmd::assert::Assert {
    ovop(dir)
        .args(["run", "study/study.toml", "--out"])
        .arg(out)
        .assert()
        .code(2)
}

/// potential_score by product_id from a run's product_scores mart.
pub fn scores_by_id(out: &Path) -> std::collections::BTreeMap<String, f64> {
    let scores = read_parquet(&out.join("lake/marts/product_scores.parquet"));
    strs(&scores, "product_id")
        .into_iter()
        .zip(
            f64s(&scores, "potential_score")
                .into_iter()
                .map(Option::unwrap),
        )
        .collect()
}

/// `ovop ingest DATASET FILE --lake lake`, run in `dir`.
pub fn ingest_into_lake(dir: &Path, dataset: &str, file: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = ovop(dir);
    cmd.args(["ingest", dataset])
        .arg(file)
        .args(["--lake", "lake"]);
    cmd
}

/// What a finished command wrote on stdout and stderr.
pub fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

pub fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}
