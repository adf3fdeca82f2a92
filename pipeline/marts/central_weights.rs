//! `central_weights` (when `sensitivity.draws` > 0): SMAA-2's central
//! weight vector (Lahdelma & Salminen 2001) of every product that was its
//! village's pick in at least one weight draw: the mean of the weights of
//! those draws, one row per criterion. It describes the preferences under
//! which a planner would choose that product; and its SMAA-2 confidence
//! factor (the same on each of its rows).

use anyhow::Result;
use polars::prelude::*;

use super::{float, text, Mart};
use crate::score::sensitivity::Sensitivity;

pub static MART: Mart = Mart {
    name: "central_weights",
    family: super::Family::Products,
    columns: &[
        text("product_id"),
        text("village_code"),
        text("criterion"),
        float("central_weight"),
        float("confidence_factor"),
    ],
    extra: "",
    last: &[],
    table: true,
    when: "sensitivity.draws > 0",
};

/// Rows by village, product, then criterion in the scoring order.
pub fn build(
    ids: &[String],
    villages: &[String],
    criteria: &[String],
    result: &Sensitivity,
    confidence: &[Option<f64>],
) -> Result<DataFrame> {
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| villages[a].cmp(&villages[b]).then(ids[a].cmp(&ids[b])));
    // Row indices, not strings (see rank_acceptability).
    let (mut rows, mut criterion, mut weight, mut factor) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in order {
        if let Some(w) = &result.central_weights[i] {
            for (j, wj) in w.iter().enumerate() {
                rows.push(i as IdxSize);
                criterion.push(j as IdxSize);
                weight.push(*wj);
                factor.push(confidence[i]);
            }
        }
    }
    let take = |name: &str, values: &[String], at: &[IdxSize]| -> Result<Column> {
        let series = Series::new(name.into(), values);
        Ok(series
            .take(&IdxCa::from_vec("".into(), at.to_vec()))?
            .into())
    };
    Ok(DataFrame::new_infer_height(vec![
        take("product_id", ids, &rows)?,
        take("village_code", villages, &rows)?,
        take("criterion", criteria, &criterion)?,
        Column::new("central_weight".into(), weight),
        Column::new("confidence_factor".into(), factor),
    ])?)
}
