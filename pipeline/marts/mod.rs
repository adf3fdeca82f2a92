//! The marts: the tables scoring writes to `lake/marts/`, one module each.
//! A mart module owns its schema (the columns every copy has), how it is
//! built and how it is read back into typed rows. [`MARTS`] is the one list
//! that building, the report's tables, `ovop sql`, the manifest, cleanup and
//! `docs/data-contracts.md` §6 follow; adding a mart is a module and an entry.

pub mod build;
pub mod central_weights;
pub mod economic_base;
pub mod economy_build;
pub mod market_reach;
pub mod market_reach_by_year;
pub mod product_scores;
pub mod rank_acceptability;
pub mod relatedness;
pub mod sensitivity;
pub mod shift_share;
pub mod summary;
pub mod village_selection;

use std::path::PathBuf;

use anyhow::Result;
use polars::prelude::*;

use crate::bad_input;
use crate::lake::{parquet, Lake};

pub use build::build_marts;
pub use economy_build::{build_economy, EconomySummary};
pub use summary::ScoreSummary;

/// A column's type as the marts store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A count, rank or year (any integer type).
    Int,
    Float,
}

/// A column every copy of a mart has.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

pub const fn text(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Text,
    }
}
pub const fn int(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Int,
    }
}
pub const fn float(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::Float,
    }
}

/// The marts a build writes together: a run writes both; `ovop economy`
/// only the economy's, leaving the product marts as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Products,
    Economy,
}

/// One mart: its name (the file `lake/marts/<name>.parquet` and the table
/// `ovop sql` serves), its columns and whether planners get it as a table.
pub struct Mart {
    pub name: &'static str,
    pub family: Family,
    /// The columns every copy has, in order; a mart may add more after
    /// (the criteria of `product_scores`, the sensitivity columns of
    /// `village_selection`), which `extra` describes.
    pub columns: &'static [Field],
    pub extra: &'static str,
    /// The columns that end every copy, after any extra ones.
    pub last: &'static [Field],
    /// Written as `<out>/tables/<name>.csv` and `.xlsx`, in [`MARTS`] order.
    pub table: bool,
    /// When a run writes it (every run, unless this says otherwise).
    pub when: &'static str,
}

/// Every mart, in the order the report's tables list them.
pub static MARTS: &[&Mart] = &[
    &village_selection::MART,
    &product_scores::MART,
    &market_reach::MART,
    &sensitivity::MART,
    &rank_acceptability::MART,
    &central_weights::MART,
    &relatedness::MART,
    &relatedness::COMPLEXITY,
    &market_reach_by_year::MART,
    &economic_base::MART,
    &shift_share::MART,
];

/// The mart called `name`.
pub fn find(name: &str) -> Option<&'static Mart> {
    MARTS.iter().copied().find(|m| m.name == name)
}

impl Mart {
    pub fn path(&self, lake: &Lake) -> PathBuf {
        lake.mart_path(self.name)
    }

    /// Whether the lake holds this mart (a run removes the marts its
    /// settings no longer produce, so a file here is current).
    pub fn exists(&self, lake: &Lake) -> bool {
        self.path(lake).exists()
    }

    /// Reads the mart, checking it has its columns.
    pub fn read(&'static self, lake: &Lake) -> Result<Frame> {
        let path = self.path(lake);
        if !path.exists() {
            return Err(bad_input!(
                "{}: the lake has no mart {}; run `ovop score` (or `ovop run`) first",
                path.display(),
                self.name
            ));
        }
        let frame = Frame {
            mart: self,
            df: parquet::read(&path)?,
            path,
        };
        for field in self.columns.iter().chain(self.last) {
            frame.column(field.name)?;
        }
        Ok(frame)
    }

    /// The mart, if the lake holds it.
    pub fn read_if_present(&'static self, lake: &Lake) -> Result<Option<Frame>> {
        match self.exists(lake) {
            true => self.read(lake).map(Some),
            false => Ok(None),
        }
    }

    /// Checks a frame about to be written has this mart's columns, in order
    /// and of their kinds: a mismatch is a bug in the builder.
    pub fn check(&self, df: &DataFrame) -> Result<()> {
        let names = df.get_column_names();
        let tail = names.len().saturating_sub(self.last.len());
        let expected = self
            .columns
            .iter()
            .enumerate()
            .chain(self.last.iter().enumerate().map(|(i, f)| (tail + i, f)));
        for (i, field) in expected {
            let Some(found) = names.get(i) else {
                anyhow::bail!("mart {} was built without column {}", self.name, field.name);
            };
            if found.as_str() != field.name {
                anyhow::bail!(
                    "mart {}: column {} is {found}, expected {}",
                    self.name,
                    i + 1,
                    field.name
                );
            }
            let dtype = df.column(field.name)?.dtype();
            if !kind_fits(field.kind, dtype) {
                anyhow::bail!(
                    "mart {}: column {} is {dtype}, expected {:?}",
                    self.name,
                    field.name,
                    field.kind
                );
            }
        }
        Ok(())
    }
}

fn kind_fits(kind: Kind, dtype: &DataType) -> bool {
    match kind {
        Kind::Text => matches!(dtype, DataType::String | DataType::Null),
        Kind::Int => dtype.is_integer(),
        Kind::Float => dtype.is_float(),
    }
}

/// A mart read back: typed access to its columns, with errors that name
/// the file, the mart and the column.
pub struct Frame {
    mart: &'static Mart,
    path: PathBuf,
    pub df: DataFrame,
}

impl Frame {
    pub fn height(&self) -> usize {
        self.df.height()
    }

    pub fn has(&self, name: &str) -> bool {
        self.df.column(name).is_ok()
    }

    fn column(&self, name: &str) -> Result<&polars::prelude::Column> {
        self.df.column(name).map_err(|_| {
            bad_input!(
                "{}: mart {} has no column {name}; it was written by another version of ovop or edited. Run `ovop score` again",
                self.path.display(),
                self.mart.name
            )
        })
    }

    fn wrong_type(&self, name: &str, want: &str) -> anyhow::Error {
        bad_input!(
            "{}: column {name} of mart {} is not {want}; run `ovop score` again",
            self.path.display(),
            self.mart.name
        )
    }

    /// A text column, nulls as "".
    pub fn text(&self, name: &str) -> Result<Vec<String>> {
        Ok(self
            .opt_text(name)?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect())
    }

    /// A text column with its nulls.
    pub fn opt_text(&self, name: &str) -> Result<Vec<Option<String>>> {
        let column = self.column(name)?;
        if column.dtype() == &DataType::Null {
            return Ok(vec![None; column.len()]);
        }
        let values = column.str().map_err(|_| self.wrong_type(name, "text"))?;
        Ok(values.iter().map(|v| v.map(String::from)).collect())
    }

    /// A numeric column as f64, with its nulls.
    pub fn num(&self, name: &str) -> Result<Vec<Option<f64>>> {
        let column = self.column(name)?;
        let cast = column
            .cast(&DataType::Float64)
            .map_err(|_| self.wrong_type(name, "a number"))?;
        Ok(cast
            .f64()
            .map_err(|_| self.wrong_type(name, "a number"))?
            .iter()
            .collect())
    }

    /// A numeric column that older or other runs may lack (all null then).
    pub fn num_if_present(&self, name: &str) -> Result<Vec<Option<f64>>> {
        match self.has(name) {
            true => self.num(name),
            false => Ok(vec![None; self.height()]),
        }
    }

    /// A text column that the mart has only under some settings.
    pub fn opt_text_if_present(&self, name: &str) -> Result<Vec<Option<String>>> {
        match self.has(name) {
            true => self.opt_text(name),
            false => Ok(vec![None; self.height()]),
        }
    }
}

/// Writes the marts a build of `family` produced, then removes every mart
/// of that family in [`MARTS`] it did not produce (a study that turned sensitivity off must not keep
/// the last run's `sensitivity`). Each is written to a temporary file first;
/// only when all are written are they renamed into place, so a failed run
/// leaves the previous marts as they were.
pub fn write_all(
    lake: &Lake,
    family: Family,
    written: Vec<(&'static Mart, tempfile::NamedTempFile)>,
    synthetic: bool,
) -> Result<()> {
    if !written.is_empty() {
        // A test stops here, while the marts are temporary files.
        crate::fault::pause("marts");
    }
    let produced: Vec<&str> = written.iter().map(|(m, _)| m.name).collect();
    for (mart, file) in written {
        crate::files::persist(file, &mart.path(lake))?;
    }
    for mart in MARTS
        .iter()
        .filter(|m| m.family == family && !produced.contains(&m.name))
    {
        crate::files::remove_file_if_present(&mart.path(lake))?;
    }
    let mut labels = synthetic_marts(lake);
    labels.retain(|name, _| find(name).is_some_and(|m| m.family != family));
    labels.extend(produced.iter().map(|name| (name.to_string(), synthetic)));
    let text = serde_json::to_string_pretty(&labels)?;
    crate::files::write_text_atomic(&lake.marts.join(PROVENANCE), &format!("{text}\n"))
}

/// `<marts>/_provenance.json`: whether each mart shows synthetic data
/// (the study's provenance when it was built), for `ovop sql`.
pub const PROVENANCE: &str = "_provenance.json";

/// Each mart's label from [`PROVENANCE`]; empty when there is none (marts
/// written before it was recorded).
pub fn synthetic_marts(lake: &Lake) -> std::collections::BTreeMap<String, bool> {
    std::fs::read_to_string(lake.marts.join(PROVENANCE))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Writes one built mart to a temporary file beside its place, after
/// checking it has the mart's columns.
pub fn write_temp(
    lake: &Lake,
    mart: &'static Mart,
    df: &DataFrame,
) -> Result<(&'static Mart, tempfile::NamedTempFile)> {
    mart.check(df)?;
    Ok((mart, parquet::write_temp(df, &mart.path(lake))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/data-contracts.md §6 follows the registry: every mart and every
    /// column it always has is named there.
    #[test]
    fn the_data_contract_page_lists_every_mart_and_column() {
        let doc = include_str!("../../docs/data-contracts.md");
        let start = doc.find("## 6. Marts").unwrap();
        let section = &doc[start..doc[start..].find("## 7.").unwrap() + start];
        for mart in MARTS {
            assert!(
                section.contains(&format!("**`{}`**", mart.name)),
                "{}",
                mart.name
            );
            for field in mart.columns.iter().chain(mart.last) {
                // Channel shares are abbreviated `…_reseller` after the first.
                let short = field
                    .name
                    .strip_prefix("share_channel")
                    .map(|s| format!("…{s}"));
                assert!(
                    section.contains(&format!("`{}`", field.name))
                        || short.is_some_and(|s| section.contains(&format!("`{s}`"))),
                    "{}.{} is not in docs/data-contracts.md §6",
                    mart.name,
                    field.name
                );
            }
        }
    }

    #[test]
    fn a_frame_without_a_mart_column_is_refused_naming_both() {
        let df = df!("product_id" => ["P1"], "year" => [2024i32]).unwrap();
        let err = market_reach_by_year::MART
            .check(&df)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("market_reach_by_year") && err.contains("sales_value"),
            "{err}"
        );
        let frame = Frame {
            mart: &market_reach_by_year::MART,
            path: PathBuf::from("lake/marts/market_reach_by_year.parquet"),
            df,
        };
        let err = frame.num("sales_value").unwrap_err().to_string();
        assert!(
            err.contains("market_reach_by_year")
                && err.contains("sales_value")
                && err.contains("lake/marts"),
            "{err}"
        );
        assert_eq!(frame.num_if_present("sales_value").unwrap(), vec![None]);
    }
}
