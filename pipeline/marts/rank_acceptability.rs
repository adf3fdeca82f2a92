//! `rank_acceptability` (when `sensitivity.draws` > 0): SMAA-2's rank
//! acceptability indices (Lahdelma & Salminen 2001) from the same seeded
//! weight draws as `sensitivity`: for each product and each rank it held
//! within its village, the share of draws in which it held it (ranks it never
//! held are left out; a product's shares sum to 1). `docs/methods.md`,
//! "Sensitivity to the weights".

use anyhow::Result;
use polars::prelude::*;

use super::{float, int, text, Mart};
use crate::score::sensitivity::Sensitivity;

pub static MART: Mart = Mart {
    name: "rank_acceptability",
    family: super::Family::Products,
    columns: &[
        text("product_id"),
        text("village_code"),
        int("rank_village"),
        float("acceptability"),
    ],
    extra: "",
    last: &[],
    table: true,
    when: "sensitivity.draws > 0",
};

/// Rows by village, product, rank.
pub fn build(ids: &[String], villages: &[String], result: &Sensitivity) -> Result<DataFrame> {
    let n = ids.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| villages[a].cmp(&villages[b]).then(ids[a].cmp(&ids[b])));
    // Row indices, not strings: hundreds of thousands of rows take the ids
    // and codes by index in one go.
    let (mut rows, mut rank, mut share) = (Vec::new(), Vec::new(), Vec::new());
    for i in order {
        let end = if i + 1 < n {
            result.offset[i + 1]
        } else {
            result.acceptability.len()
        };
        // Offsets follow product order, so product i's slots end where i + 1's begin.
        for (r, a) in result.acceptability[result.offset[i]..end]
            .iter()
            .enumerate()
        {
            if *a > 0.0 {
                rows.push(i as IdxSize);
                rank.push(r as u32 + 1);
                share.push(*a);
            }
        }
    }
    let take = |name: &str, values: &[String]| -> Result<Column> {
        let series = Series::new(name.into(), values);
        Ok(series
            .take(&IdxCa::from_vec("".into(), rows.clone()))?
            .into())
    };
    Ok(DataFrame::new_infer_height(vec![
        take("product_id", ids)?,
        take("village_code", villages)?,
        Column::new("rank_village".into(), rank),
        Column::new("acceptability".into(), share),
    ])?)
}
