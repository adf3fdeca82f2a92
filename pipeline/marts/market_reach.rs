//! `market_reach`: one row per product, by `product_id`: sales totals, the
//! shares of each market tier and channel, reach, destinations and growth
//! (`docs/methods.md` §1; computed in `score::reach_pass`).

use std::collections::HashMap;

use anyhow::Result;

use super::{float, int, text, Field, Mart};
use crate::domain::Tier;
use crate::lake::Lake;

/// The columns both reach marts share after their keys.
macro_rules! reach_columns {
    () => {
        [
            float("sales_value"),
            float("sales_quantity"),
            int("sales_rows"),
            float("share_village"),
            float("share_district"),
            float("share_regency"),
            float("share_province"),
            float("share_national"),
            float("share_export"),
            float("share_channel_direct"),
            float("share_channel_reseller"),
            float("share_channel_marketplace"),
            float("share_channel_exhibition"),
            float("share_channel_export_agent"),
            float("share_channel_unknown"),
            float("reach_index"),
            float("outside_regency_share"),
            int("destinations"),
            float("destination_hhi"),
            float("destination_entropy"),
        ]
    };
}
pub(super) use reach_columns;

const COLUMNS: [Field; 24] = {
    let shared = reach_columns!();
    let mut all = [text("product_id"); 24];
    let mut i = 0;
    while i < shared.len() {
        all[i + 1] = shared[i];
        i += 1;
    }
    all[21] = float("cagr");
    all[22] = float("yoy_growth");
    all[23] = float("capacity_utilisation");
    all
};

pub static MART: Mart = Mart {
    name: "market_reach",
    family: super::Family::Products,
    columns: &COLUMNS,
    extra: "",
    last: &[],
    table: true,
    when: "",
};

/// Each product's shares of sales value per market tier (village … export);
/// None for a product without sales.
pub fn tier_shares(lake: &Lake) -> Result<HashMap<String, Option<[f64; 6]>>> {
    let reach = MART.read(lake)?;
    let ids = reach.text("product_id")?;
    let columns: Vec<Vec<Option<f64>>> = Tier::ALL
        .iter()
        .map(|t| reach.num(&format!("share_{}", t.name())))
        .collect::<Result<_>>()?;
    Ok(ids
        .into_iter()
        .enumerate()
        .map(|(i, id)| {
            let shares: Option<Vec<f64>> = columns.iter().map(|c| c[i]).collect();
            (id, shares.map(|s| [s[0], s[1], s[2], s[3], s[4], s[5]]))
        })
        .collect())
}
