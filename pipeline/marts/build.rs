//! Builds every mart from the lake, in data-flow order: market reach from
//! the sales, the criteria and scores of the candidates, the pick per
//! village and the sensitivity draws.

use anyhow::Result;
use polars::prelude::*;

use super::{product_scores, sensitivity, village_selection, ScoreSummary};
use crate::bad_input;
use crate::lake::{parquet, Lake};
use crate::score::{checks, potential, reach, reach_pass};
use crate::study::Study;

/// Builds every mart from the lake and writes them to `lake/marts/`.
pub fn build_marts(study: &Study, lake: &Lake) -> Result<ScoreSummary> {
    // The economic base first: its sector LQ and growth are product criteria.
    let (economy, economy_files) = super::economy_build::prepare_economy(study, lake)?;
    let manifest = lake.manifest()?;
    let scan = |name: &str| parquet::scan_dataset(lake, &manifest, name);
    let all_products = scan("products")?.ok_or_else(|| {
        bad_input!(
            "the lake {} has no products: ingest a products file first",
            lake.root.display()
        )
    })?;
    let mut warnings = checks::template_rows(
        &all_products
            .clone()
            .select([col("product_id"), col("product_name"), col("village_code")])
            .collect()?,
    )?;
    let (products, outside) = checks::in_region(study, all_products)?;
    warnings.extend(outside);
    let sales = scan("sales")?.unwrap_or_else(empty_sales);
    let years = match study.study.years {
        Some([first, last]) => Some(reach::Years { first, last }),
        None => sales_years(sales.clone())?,
    };
    let (reach_df, by_year, sales_rows) = match years {
        Some(years) => {
            let (reach_df, by_year) = reach_pass::reach_marts(sales, products.clone(), years)?;
            let rows = reach_df.column("sales_rows")?.i64()?.sum().unwrap_or(0) as u64;
            (reach_df, by_year, rows)
        }
        None => {
            let empty = reach::Years { first: 0, last: 0 };
            let tiered = reach::tiered_sales(empty_sales(), products.clone(), empty);
            (
                reach::market_reach(tiered.clone(), products.clone(), empty)?.collect()?,
                reach::market_reach_by_year(tiered, products.clone())?.collect()?,
                0,
            )
        }
    };
    // The by-year mart is the largest: compress it on a second thread while
    // the products are scored. Every mart is first written to a temporary
    // file; only when all are written are they renamed into place, so a
    // failed run leaves the previous marts as they were.
    std::thread::scope(|scope| {
        let pending =
            scope.spawn(|| super::write_temp(lake, &super::market_reach_by_year::MART, &by_year));
        let sectors = economy
            .as_ref()
            .map(|e| sector_values(study, &products, e))
            .transpose();
        let scored = sectors.and_then(|sectors| {
            score_products(study, lake, &manifest, products, &reach_df, years, sectors)
        });
        let by_year_file = pending
            .join()
            .map_err(|_| anyhow::anyhow!("writing market_reach_by_year panicked"))?;
        let (mut summary, marts) = scored?;
        warnings.append(&mut summary.warnings);
        summary.warnings = warnings;
        let mut written = vec![by_year_file?];
        for (mart, df) in marts {
            written.push(super::write_temp(lake, mart, &df)?);
        }
        // Both families go in place only now, after every mart was built.
        super::write_all(
            lake,
            super::Family::Products,
            written,
            study.products_synthetic(),
        )?;
        super::write_all(
            lake,
            super::Family::Economy,
            economy_files,
            study.economy_synthetic(),
        )?;
        Ok(ScoreSummary {
            sales_rows,
            study: study.study.name.clone(),
            economy,
            ..summary
        })
    })
}

/// product_id → the SLQ (last year) and mean yearly growth of the product's
/// sector (its category through `[economy] sectors`) in its regency.
fn sector_values(
    study: &Study,
    products: &LazyFrame,
    economy: &super::EconomySummary,
) -> Result<DataFrame> {
    let df = products
        .clone()
        .select([col("product_id"), col("village_code"), col("category")])
        .collect()?;
    let ids = potential::str_values(&df, "product_id")?;
    let villages = potential::str_values(&df, "village_code")?;
    let categories = potential::str_values(&df, "category")?;
    let (mut lq, mut growth) = (Vec::new(), Vec::new());
    for (village, category) in villages.iter().zip(&categories) {
        let regency: String = village.split('.').take(2).collect::<Vec<_>>().join(".");
        let values = study
            .economy
            .sector_of(category)
            .and_then(|sector| economy.sector_values.get(&(regency, sector)).copied());
        lq.push(values.and_then(|v| v.0));
        growth.push(values.and_then(|v| v.1));
    }
    Ok(DataFrame::new_infer_height(vec![
        Column::new("product_id".into(), ids),
        Column::new("sector_lq".into(), lq),
        Column::new("sector_growth".into(), growth),
    ])?)
}

/// Scores the products from their market reach; returns the summary and the
/// marts to write (all but `market_reach_by_year`).
fn score_products(
    study: &Study,
    lake: &Lake,
    manifest: &crate::lake::Manifest,
    products: LazyFrame,
    reach_df: &DataFrame,
    years: Option<reach::Years>,
    sectors: Option<DataFrame>,
) -> Result<(ScoreSummary, Vec<(&'static super::Mart, DataFrame)>)> {
    let scan = |name: &str| parquet::scan_dataset(lake, manifest, name);
    let mut marts = Vec::new();
    let certifications = certifications_by_id(&products)?;
    // The lake keeps every contract column, so a products file without
    // `certifications` shows as a column of nulls: with gates, every product
    // of a gated category would be held back. Most likely the column was
    // left out; say so rather than pick nothing.
    let any_certified = certifications.as_ref().is_some_and(|c| {
        c.values()
            .any(|v| v.as_deref().is_some_and(|v| !v.is_empty()))
    });
    if !study.scoring.require.is_empty() && !any_certified {
        return Err(crate::bad_input!(
            "scoring.require gates picks by certification, but no product has any certification: the products files have no certifications column (sertifikasi), or it is empty; add it (e.g. \"pirt;halal\") or remove scoring.require"
        ));
    }
    // Relatedness first: its density and PCI are product criteria.
    let study_products = products
        .clone()
        .select([col("product_id"), col("village_code"), col("category")])
        .collect()?;
    let sales_value = match (study.relatedness.measure, scan("sales")?, years) {
        (crate::study::Measure::Sales, Some(sales), Some(years)) => sales_by_product(sales, years)?,
        _ => Default::default(),
    };
    let all_products = scan("products")?.unwrap_or_else(|| products.clone());
    let related = super::relatedness::build(study, all_products, &study_products, &sales_value)?;
    marts.push((&super::relatedness::MART, related.relatedness));
    marts.push((&super::relatedness::COMPLEXITY, related.complexity));
    let criteria = potential::criteria_frame(
        products,
        scan("villages")?,
        reach_df.clone().lazy(),
        scan("assessments")?,
        sectors,
        Some(related.criteria),
    )?;
    let by_assessor = study.scoring.borda_over_assessors()
        || study.scoring.preset == Some(crate::domain::methods::Preset::Kpju);
    let assessor_scores = match scan("assessments")? {
        Some(a) if by_assessor => Some(potential::assessor_scores(&criteria, a)?),
        _ => None,
    };
    let scored = potential::score(&criteria, &study.scoring, assessor_scores)?;
    let village_codes = match scan("villages")? {
        Some(v) => Some(potential::str_values(
            &v.select([col("village_code")]).collect()?,
            "village_code",
        )?),
        None => None,
    };
    let mut warnings = checks::data_warnings(study, &criteria, &scored, village_codes.as_deref())?;
    warnings.extend(related.warnings);
    // Gates (scoring.require): why each product cannot be its village's pick.
    let ids = potential::str_values(&criteria, "product_id")?;
    let categories = potential::str_values(&criteria, "category")?;
    let gates: Vec<Option<String>> = ids
        .iter()
        .zip(&categories)
        .map(|(id, category)| {
            let certs = certifications
                .as_ref()
                .and_then(|c| c.get(id))
                .and_then(|c| c.as_deref());
            crate::domain::gates::gate(&study.scoring.require, category, certs)
        })
        .collect();
    let eligible: Vec<bool> = gates.iter().map(Option::is_none).collect();
    let mut product_scores = product_scores::build(&criteria, &scored, &study.scoring.stars)?;
    let gate_of: std::collections::HashMap<&str, &Option<String>> =
        ids.iter().map(String::as_str).zip(&gates).collect();
    let gate_column: Vec<Option<String>> = potential::str_values(&product_scores, "product_id")?
        .iter()
        .map(|id| gate_of.get(id.as_str()).and_then(|g| (*g).clone()))
        .collect();
    product_scores.with_column(Column::new("gate".into(), gate_column))?;
    let mut village_selection = village_selection::build(&product_scores)?;
    let gated = gates.iter().filter(|g| g.is_some()).count();
    if gated > 0 {
        let picked: std::collections::HashSet<String> =
            potential::str_values(&village_selection, "village_code")?
                .into_iter()
                .collect();
        let villages: std::collections::BTreeSet<String> =
            potential::str_values(&criteria, "village_code")?
                .into_iter()
                .filter(|v| !picked.contains(v))
                .collect();
        warnings.push(crate::warnings::Warning::Gated {
            products: gated,
            villages_without_pick: villages.into_iter().collect(),
        });
    }
    let settings = crate::score::sensitivity::Settings {
        draws: study.sensitivity.draws,
        concentration: study.sensitivity.concentration,
        seed: study.sensitivity.seed,
    };
    let robustness = sensitivity::build(&criteria, &scored, settings, &eligible)?;
    if let Some(r) = &robustness {
        village_selection = village_selection
            .lazy()
            .left_join(r.stays.clone().lazy(), col("product_id"), col("product_id"))
            .left_join(
                r.flips.clone().lazy(),
                col("village_code"),
                col("village_code"),
            )
            .collect()?;
        marts.push((&sensitivity::MART, r.products.clone()));
        marts.push((&super::rank_acceptability::MART, r.acceptability.clone()));
        marts.push((&super::central_weights::MART, r.central.clone()));
    }
    let spearman = robustness
        .as_ref()
        .map(|r| r.spearman.clone())
        .unwrap_or_default();
    let potential_threshold = potential::median(&scored.score);
    let reach_values: Vec<f64> = potential::f64_values(&criteria, "reach_index")?
        .iter()
        .map(|r| r.unwrap_or(0.0))
        .collect();
    let reach_threshold = potential::median(&reach_values);

    let summary = ScoreSummary {
        economy: None,        // filled in by build_marts
        study: String::new(), // filled in by build_marts
        products: criteria.height(),
        villages_with_candidates: village_selection.height(),
        sales_rows: 0, // filled in by build_marts
        years: years.map(|y| [y.first, y.last]),
        criteria: scored.criteria.clone(),
        weights: scored.weights.clone(),
        method: study.scoring.method.name().to_string(),
        normalisation: study.scoring.normalisation().name().to_string(),
        preset: study.scoring.preset.map(|p| p.name().to_string()),
        preset_scale: study
            .scoring
            .preset
            .filter(|p| p.integer_weights() || p.points())
            .and(study.scoring.weights_given_sum),
        potential_threshold,
        reach_threshold,
        sensitivity_draws: settings.draws,
        sensitivity_concentration: settings.concentration,
        sensitivity_seed: settings.seed,
        spearman_mean: (!spearman.is_empty())
            .then(|| spearman.iter().sum::<f64>() / spearman.len() as f64),
        spearman_p05: percentile(&spearman, 0.05),
        spearman_min: spearman.iter().copied().reduce(f64::min),
        missing: scored.missing_counts(),
        missing_policy: study.scoring.missing,
        ahp: study.scoring.ahp_result.clone(),
        relatedness: Some(related.summary),
        warnings,
    };
    marts.extend([
        (&super::market_reach::MART, reach_df.clone()),
        (&product_scores::MART, product_scores),
        (&village_selection::MART, village_selection),
    ]);
    Ok((summary, marts))
}

/// The p-th percentile (nearest rank) of values, None when empty.
fn percentile(values: &[f64], p: f64) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let k = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len().max(1));
    v.get(k - 1).copied()
}

/// A sales frame with no rows, for studies without sales.
fn empty_sales() -> LazyFrame {
    let schema = Schema::from_iter([
        Field::new("product_id".into(), DataType::String),
        Field::new("buyer_region".into(), DataType::String),
        Field::new("value_idr".into(), DataType::Float64),
        Field::new("quantity".into(), DataType::Float64),
        Field::new("channel".into(), DataType::String),
        Field::new("year".into(), DataType::Int32),
    ]);
    DataFrame::empty_with_schema(&schema).lazy()
}

/// product_id → sales value in the study years.
fn sales_by_product(
    sales: LazyFrame,
    years: reach::Years,
) -> Result<std::collections::BTreeMap<String, f64>> {
    let df = sales
        .filter(
            col("year")
                .gt_eq(lit(years.first))
                .and(col("year").lt_eq(lit(years.last))),
        )
        .group_by([col("product_id")])
        .agg([col("value_idr").sum().alias("value")])
        .collect()?;
    Ok(potential::str_values(&df, "product_id")?
        .into_iter()
        .zip(potential::f64_values(&df, "value")?)
        .filter_map(|(id, v)| v.map(|v| (id, v)))
        .collect())
}

/// First and last year with any sale.
fn sales_years(sales: LazyFrame) -> Result<Option<reach::Years>> {
    let df = sales
        .select([
            col("year").min().alias("first"),
            col("year").max().alias("last"),
        ])
        .collect()?;
    let get = |c: &str| -> Result<Option<i32>> {
        Ok(df.column(c)?.cast(&DataType::Int32)?.i32()?.get(0))
    };
    Ok(match (get("first")?, get("last")?) {
        (Some(first), Some(last)) => Some(reach::Years { first, last }),
        _ => None,
    })
}

/// product_id → the products' `certifications` (words joined by `;`); None
/// when no products file has the column.
fn certifications_by_id(
    products: &LazyFrame,
) -> Result<Option<std::collections::HashMap<String, Option<String>>>> {
    let mut lf = products.clone();
    if !lf.collect_schema()?.contains("certifications") {
        return Ok(None);
    }
    let df = products
        .clone()
        .select([col("product_id"), col("certifications")])
        .collect()?;
    let ids = potential::str_values(&df, "product_id")?;
    let certs = potential::optional_text(&df, "certifications")?;
    Ok(Some(ids.into_iter().zip(certs).collect()))
}
