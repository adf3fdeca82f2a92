//! `economic_base` (SPEC §5.5): the static LQ of every compared region,
//! sector and year against the reference (`docs/methods.md` §10.1), with the
//! values it is computed from. Written when the study has `economy` inputs.

use anyhow::Result;
use polars::prelude::*;

use super::{float, int, text, Family, Mart};
use crate::score::economy::BaseRow;

pub static MART: Mart = Mart {
    name: "economic_base",
    family: Family::Economy,
    columns: &[
        text("region_code"),
        text("region_name"),
        text("sector"),
        int("year"),
        float("value"),
        float("region_total"),
        float("reference_value"),
        float("reference_total"),
        float("slq"),
        text("reference"),
        text("measure"),
    ],
    extra: "",
    last: &[],
    table: true,
    when: "the study has economy inputs",
};

/// The mart from the computed rows; `reference` and `measure` name what
/// they were computed against.
pub fn frame(rows: &[BaseRow], reference: &str, measure: &str) -> Result<DataFrame> {
    let names = super::economy_build::region_names(rows.iter().map(|r| r.region.as_str()));
    let f = |g: fn(&BaseRow) -> f64| rows.iter().map(g).collect::<Vec<f64>>();
    Ok(DataFrame::new_infer_height(vec![
        Column::new(
            "region_code".into(),
            rows.iter().map(|r| r.region.as_str()).collect::<Vec<_>>(),
        ),
        Column::new("region_name".into(), names),
        Column::new(
            "sector".into(),
            rows.iter().map(|r| r.sector.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        ),
        Column::new("value".into(), f(|r| r.value)),
        Column::new("region_total".into(), f(|r| r.region_total)),
        Column::new("reference_value".into(), f(|r| r.reference_value)),
        Column::new("reference_total".into(), f(|r| r.reference_total)),
        Column::new("slq".into(), f(|r| r.slq)),
        Column::new("reference".into(), vec![reference; rows.len()]),
        Column::new("measure".into(), vec![measure; rows.len()]),
    ])?)
}
