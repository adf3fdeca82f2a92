//! The potential criteria (SPEC §5.2), one entry each: name, what it is
//! computed from and how, its labels and its section of `docs/methods.md`.
//! The study file, the scorer, `product_scores`, the tables and the docs all
//! follow [`CRITERIA`]; adding a criterion is one entry here (and its label
//! in `i18n.rs`, its formula in `docs/methods.md`).
//!
//! Each expression runs over one row per candidate: the products with their
//! village's `population`, their `market_reach` columns (`reach_index`,
//! `outside_regency_share`, `cagr`, `sales_value`) and their sector's
//! economic base (`sector_lq`, `sector_growth`; null without economy data)
//! joined on.

use polars::prelude::*;

/// One criterion a study may weight.
pub struct Criterion {
    /// Column name in `product_scores` and key in `scoring.criteria`.
    pub name: &'static str,
    /// The columns it is computed from (products, villages or market_reach).
    pub sources: &'static [&'static str],
    /// Section of `docs/methods.md` with its formula.
    pub doc: &'static str,
    /// Its raw value per candidate (null when it cannot be computed).
    pub value: fn() -> PolarsResult<Expr>,
}

impl Criterion {
    /// Its label key in `i18n.rs` (`criterion.<name>`).
    pub fn label_key(&self) -> String {
        format!("criterion.{}", self.name)
    }
}

/// Every criterion computed from the lake, in `product_scores` column order.
/// Expert criteria (`expert_<criterion>`) come from the assessments.
pub const CRITERIA: &[Criterion] = &[
    Criterion {
        name: "lq",
        sources: &["producers", "category", "village_code"],
        doc: "2.1",
        value: location_quotient,
    },
    Criterion {
        name: "producers",
        sources: &["producers"],
        doc: "2.2",
        value: || Ok(col("producers")),
    },
    Criterion {
        name: "workers",
        sources: &["workers"],
        doc: "2.2",
        value: || Ok(col("workers")),
    },
    Criterion {
        name: "labour_absorption",
        sources: &["workers", "population"],
        doc: "2.2",
        value: || Ok(ratio(col("workers"), col("population"))),
    },
    Criterion {
        name: "local_material_share",
        sources: &["local_material_share"],
        doc: "2.3",
        value: || Ok(col("local_material_share")),
    },
    Criterion {
        name: "value_added_ratio",
        sources: &["unit_price_idr", "unit_cost_idr"],
        doc: "2.4",
        value: || {
            Ok(ratio(
                col("unit_price_idr") - col("unit_cost_idr"),
                col("unit_price_idr"),
            ))
        },
    },
    Criterion {
        name: "sales_growth",
        sources: &["cagr"],
        doc: "2.5",
        value: || Ok(col("cagr")),
    },
    Criterion {
        name: "reach_index",
        sources: &["reach_index"],
        doc: "2.5",
        value: || Ok(col("reach_index")),
    },
    Criterion {
        name: "outside_regency_share",
        sources: &["outside_regency_share"],
        doc: "2.5",
        value: || Ok(col("outside_regency_share")),
    },
    Criterion {
        name: "sector_lq",
        sources: &["category", "village_code", "economic_base"],
        doc: "10.7",
        value: || Ok(col("sector_lq")),
    },
    Criterion {
        name: "sector_growth",
        sources: &["category", "village_code", "shift_share"],
        doc: "10.7",
        value: || Ok(col("sector_growth")),
    },
    Criterion {
        name: "relatedness_density",
        sources: &["producers", "category", "village_code"],
        doc: "12",
        value: || Ok(col("relatedness_density")),
    },
    Criterion {
        name: "category_complexity",
        sources: &["producers", "category", "village_code"],
        doc: "12",
        value: || Ok(col("category_complexity")),
    },
];

/// The criterion called `name`, if it is one of [`CRITERIA`].
pub fn find(name: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.name == name)
}

/// The names of [`CRITERIA`], for messages.
pub fn names() -> Vec<&'static str> {
    CRITERIA.iter().map(|c| c.name).collect()
}

/// Location quotient by producers, null when infinite or NaN or the product
/// has no village: (p_cat,village / p_all,village) / (p_cat,regency / p_all,regency).
fn location_quotient() -> PolarsResult<Expr> {
    let producers = || col("producers").fill_null(lit(0.0));
    let lq = (producers()
        .sum()
        .over([col("village_code"), col("category")])?
        / producers().sum().over([col("village_code")])?)
        / (producers().sum().over([col("category")])? / producers().sum());
    let lq = when(col("village_code").is_not_null())
        .then(lq)
        .otherwise(lit(NULL));
    Ok(when(lq.clone().is_finite()).then(lq).otherwise(lit(NULL)))
}

/// num / den, null unless den > 0.
fn ratio(num: Expr, den: Expr) -> Expr {
    when(den.clone().gt(lit(0.0)))
        .then(num / den)
        .otherwise(lit(NULL).cast(DataType::Float64))
}
