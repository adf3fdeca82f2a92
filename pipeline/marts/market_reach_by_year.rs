//! `market_reach_by_year`: `market_reach`'s columns per product and study
//! year with sales (without `cagr` and `yoy_growth`), by product and year.

use anyhow::Result;

use super::market_reach::reach_columns;
use super::{float, int, text, Field, Mart};
use crate::lake::Lake;

const COLUMNS: [Field; 23] = {
    let shared = reach_columns!();
    let mut all = [text("product_id"); 23];
    all[1] = int("year");
    let mut i = 0;
    while i < shared.len() {
        all[i + 2] = shared[i];
        i += 1;
    }
    all[22] = float("capacity_utilisation");
    all
};

pub static MART: Mart = Mart {
    name: "market_reach_by_year",
    family: super::Family::Products,
    columns: &COLUMNS,
    extra: "",
    last: &[],
    table: false,
    when: "",
};

/// Sales value of one product in one year.
#[derive(Debug, Clone)]
pub struct YearlySales {
    pub product_id: String,
    pub year: i32,
    /// Rupiah.
    pub sales_value: f64,
}

pub fn read(lake: &Lake) -> Result<Vec<YearlySales>> {
    let by_year = MART.read(lake)?;
    let ids = by_year.text("product_id")?;
    let years = by_year.num("year")?;
    let values = by_year.num("sales_value")?;
    Ok(ids
        .into_iter()
        .zip(years)
        .zip(values)
        .filter_map(|((product_id, year), value)| {
            Some(YearlySales {
                product_id,
                year: year? as i32,
                sales_value: value.unwrap_or(0.0),
            })
        })
        .collect())
}
