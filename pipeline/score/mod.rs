//! Scoring: market reach per product, potential scores and the OVOP pick per
//! village. The maths lives in small pure functions (over polars expressions
//! or plain slices) so each formula is testable on a few hand-made rows.

pub mod ahp;
pub mod checks;
pub mod mcdm;
pub mod potential;
pub mod reach;
pub mod reach_pass;
pub mod rules;
pub mod selection;
pub mod sensitivity;

use anyhow::Result;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::bad_input;
use crate::lake::{parquet, Lake};
use crate::reference::Reference;
use crate::study::Study;

/// What `build_marts` made, for the console and the report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScoreSummary {
    /// The study the marts were built for (a shared lake holds several).
    #[serde(default)]
    pub study: String,
    pub products: usize,
    pub villages_with_candidates: usize,
    pub sales_rows: u64,
    pub years: Option<[i32; 2]>,
    pub criteria: Vec<String>,
    pub weights: Vec<f64>,
    pub method: String,
    pub normalisation: String,
    /// Quadrant thresholds: medians of potential score and reach index.
    pub potential_threshold: f64,
    pub reach_threshold: f64,
    /// Sensitivity (SPEC §5.4): number of weight draws (0 = not run), κ and seed.
    pub sensitivity_draws: usize,
    pub sensitivity_concentration: f64,
    pub sensitivity_seed: u64,
    /// Spearman correlation of the draws' rankings with the base ranking.
    pub spearman_mean: Option<f64>,
    pub spearman_p05: Option<f64>,
    pub spearman_min: Option<f64>,
    /// Products without a value, per criterion (in `criteria` order), and
    /// how they were scored.
    #[serde(default)]
    pub missing: Vec<usize>,
    #[serde(default)]
    pub missing_policy: mcdm::Missing,
    /// The AHP run behind the weights, when AHP set them.
    #[serde(default)]
    pub ahp: Option<crate::study::AhpSummary>,
    /// What a planner must know about the data (see `crate::warnings`).
    #[serde(default)]
    pub warnings: Vec<crate::warnings::Warning>,
}

/// Builds every mart from the lake and writes them to `lake/marts/`.
pub fn build_marts(study: &Study, lake: &Lake) -> Result<ScoreSummary> {
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
    let by_year_path = lake.mart_path("market_reach_by_year");
    std::thread::scope(|scope| {
        let pending = scope.spawn(|| parquet::write_temp(&by_year, &by_year_path));
        let scored = score_products(study, lake, &manifest, products, &reach_df, years);
        let by_year_file = pending
            .join()
            .map_err(|_| anyhow::anyhow!("writing market_reach_by_year panicked"))?;
        let (mut summary, marts) = scored?;
        warnings.append(&mut summary.warnings);
        summary.warnings = warnings;
        let mut written = vec![(by_year_path.clone(), by_year_file?)];
        for (name, df) in marts {
            let path = lake.mart_path(name);
            written.push((path.clone(), parquet::write_temp(&df, &path)?));
        }
        crate::fault::pause("marts");
        for (path, file) in written {
            crate::files::persist(file, &path)?;
        }
        Ok(ScoreSummary {
            sales_rows,
            study: study.study.name.clone(),
            ..summary
        })
    })
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
) -> Result<(ScoreSummary, Vec<(&'static str, DataFrame)>)> {
    let scan = |name: &str| parquet::scan_dataset(lake, manifest, name);
    let mut marts = Vec::new();
    let criteria = potential::criteria_frame(
        products,
        scan("villages")?,
        reach_df.clone().lazy(),
        scan("assessments")?,
    )?;
    let assessor_means = match scan("assessments")? {
        Some(a) if study.scoring.method == "borda" && study.scoring.borda_over == "assessors" => {
            Some(potential::assessor_means(&criteria, a)?)
        }
        _ => None,
    };
    let scored = potential::score(&criteria, &study.scoring, assessor_means)?;
    let village_codes = match scan("villages")? {
        Some(v) => Some(potential::str_values(
            &v.select([col("village_code")]).collect()?,
            "village_code",
        )?),
        None => None,
    };
    let warnings = checks::data_warnings(study, &criteria, &scored, village_codes.as_deref())?;
    let product_scores = product_scores_frame(&criteria, &scored, &study.scoring.stars)?;
    let mut village_selection = selection::village_selection(&product_scores)?;
    let settings = sensitivity::Settings {
        draws: study.sensitivity.draws,
        concentration: study.sensitivity.concentration,
        seed: study.sensitivity.seed,
    };
    let robustness = robustness_frames(&criteria, &scored, settings)?;
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
        marts.push(("sensitivity", r.products.clone()));
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
        study: String::new(), // filled in by build_marts
        products: criteria.height(),
        villages_with_candidates: village_selection.height(),
        sales_rows: 0, // filled in by build_marts
        years: years.map(|y| [y.first, y.last]),
        criteria: scored.criteria.clone(),
        weights: scored.weights.clone(),
        method: study.scoring.method.clone(),
        normalisation: study.scoring.normalisation_name().to_string(),
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
        warnings,
    };
    marts.extend([
        ("market_reach", reach_df.clone()),
        ("product_scores", product_scores),
        ("village_selection", village_selection),
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

/// The sensitivity mart and the columns it adds to `village_selection`.
struct Robustness {
    /// `sensitivity`: per product.
    products: DataFrame,
    /// product_id → p_stays_pick
    stays: DataFrame,
    /// village_code → the smallest one-weight change that flips the pick (SAW only).
    flips: DataFrame,
    spearman: Vec<f64>,
}

/// The ranks kept for the percentiles, draws × products: 4 bytes each.
const MAX_DRAW_RANKS: usize = 250_000_000;

fn robustness_frames(
    criteria: &DataFrame,
    scored: &potential::Scored,
    settings: sensitivity::Settings,
) -> Result<Option<Robustness>> {
    if settings.draws == 0 || criteria.height() == 0 {
        return Ok(None);
    }
    if settings.draws.saturating_mul(criteria.height()) > MAX_DRAW_RANKS {
        return Err(bad_input!(
            "sensitivity.draws = {} for {} candidates keeps {} ranks (1 GB at most is {MAX_DRAW_RANKS}); set draws to {} or fewer",
            settings.draws,
            criteria.height(),
            settings.draws.saturating_mul(criteria.height()),
            MAX_DRAW_RANKS / criteria.height()
        ));
    }
    let ids = potential::str_values(criteria, "product_id")?;
    let village_codes = potential::str_values(criteria, "village_code")?;
    let sales: Vec<f64> = potential::f64_values(criteria, "sales_value")?
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();
    // Villages as small integers, in code order; the tie-break order of SPEC §5.3.
    let codes: std::collections::BTreeSet<&str> =
        village_codes.iter().map(String::as_str).collect();
    let code_list: Vec<&str> = codes.into_iter().collect();
    let village: Vec<usize> = village_codes
        .iter()
        .map(|c| code_list.binary_search(&c.as_str()).unwrap_or(0))
        .collect();
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| sales[b].total_cmp(&sales[a]).then(ids[a].cmp(&ids[b])));
    let mut tiebreak = vec![0; ids.len()];
    for (pos, i) in order.into_iter().enumerate() {
        tiebreak[i] = pos;
    }
    let products = sensitivity::Products {
        village: &village,
        villages: code_list.len(),
        tiebreak: &tiebreak,
    };
    let result = sensitivity::run(&scored.weights, &products, settings, |w| scored.rescore(w));
    let base = scored.rescore(&scored.weights);
    let base_ranks = sensitivity::regency_ranks(&base, &tiebreak);
    let flips = if scored.is_linear_saw() {
        sensitivity::smallest_saw_flips(&scored.normalised, &scored.weights, &base, &products)
    } else {
        vec![None; code_list.len()]
    };
    let sensitivity_df = DataFrame::new_infer_height(vec![
        Column::new("product_id".into(), ids.clone()),
        Column::new("village_code".into(), village_codes.clone()),
        Column::new("rank_regency".into(), base_ranks),
        Column::new("mean_rank".into(), result.mean_rank),
        Column::new("rank_p05".into(), result.rank_p05),
        Column::new("rank_p95".into(), result.rank_p95),
        Column::new("p_village_pick".into(), result.p_village_pick.clone()),
    ])?
    .sort(["rank_regency"], SortMultipleOptions::default())?;
    let stays = DataFrame::new_infer_height(vec![
        Column::new("product_id".into(), ids.clone()),
        Column::new("p_stays_pick".into(), result.p_village_pick),
    ])?;
    let flips_df = DataFrame::new_infer_height(vec![
        Column::new(
            "village_code".into(),
            code_list.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        ),
        Column::new(
            "flip_criterion".into(),
            flips
                .iter()
                .map(|f| f.as_ref().map(|f| scored.criteria[f.criterion].clone()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "flip_weight_change".into(),
            flips
                .iter()
                .map(|f| f.as_ref().map(|f| f.weight_change))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "flip_challenger_id".into(),
            flips
                .iter()
                .map(|f| f.as_ref().map(|f| ids[f.challenger].clone()))
                .collect::<Vec<_>>(),
        ),
    ])?;
    Ok(Some(Robustness {
        products: sensitivity_df,
        stays,
        flips: flips_df,
        spearman: result.spearman,
    }))
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

/// `product_scores`: identity and names, raw criteria, normalised criteria,
/// score, ranks, stars and quadrant.
fn product_scores_frame(
    criteria: &DataFrame,
    scored: &potential::Scored,
    star_thresholds: &[f64; 4],
) -> Result<DataFrame> {
    let reference = Reference::get();
    let ids = potential::str_values(criteria, "product_id")?;
    let villages = potential::str_values(criteria, "village_code")?;
    let categories = potential::str_values(criteria, "category")?;
    let sales: Vec<f64> = potential::f64_values(criteria, "sales_value")?
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();
    let reach: Vec<f64> = potential::f64_values(criteria, "reach_index")?
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();
    let village_of = |code: &str| reference.village(code);
    let names = |f: fn(&crate::reference::Village) -> String| -> Vec<Option<String>> {
        villages.iter().map(|v| village_of(v).map(f)).collect()
    };
    let all: Vec<&str> = vec![""; ids.len()];
    let by_village: Vec<&str> = villages.iter().map(String::as_str).collect();
    let by_category: Vec<&str> = categories.iter().map(String::as_str).collect();
    let score = &scored.score;
    let thresholds = (potential::median(score), potential::median(&reach));
    let mut columns = vec![
        Column::new("product_id".into(), ids.clone()),
        Column::new(
            "product_name".into(),
            potential::str_values(criteria, "product_name")?,
        ),
        Column::new("category".into(), categories.clone()),
        Column::new("village_code".into(), villages.clone()),
        Column::new("village_name".into(), names(|v| v.name.clone())),
        Column::new("district_code".into(), names(|v| v.district_code.clone())),
        Column::new("district_name".into(), names(|v| v.district_name.clone())),
        Column::new("sales_value".into(), sales.clone()),
        Column::new(
            "source".into(),
            potential::optional_text(criteria, "source")?,
        ),
    ];
    let expert: Vec<String> = criteria
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .filter(|c| c.starts_with("expert_"))
        .collect();
    for name in potential::CRITERIA
        .iter()
        .map(|c| c.to_string())
        .chain(expert)
    {
        columns.push(Column::new(
            name.as_str().into(),
            potential::f64_values(criteria, &name)?,
        ));
    }
    for (name, values) in scored.criteria.iter().zip(&scored.normalised) {
        columns.push(Column::new(
            format!("norm_{name}").as_str().into(),
            values.clone(),
        ));
    }
    columns.extend([
        Column::new("potential_score".into(), score.clone()),
        Column::new(
            "rank_regency".into(),
            potential::ranks_within(&all, score, &sales, &ids),
        ),
        Column::new(
            "rank_village".into(),
            potential::ranks_within(&by_village, score, &sales, &ids),
        ),
        Column::new(
            "rank_category".into(),
            potential::ranks_within(&by_category, score, &sales, &ids),
        ),
        Column::new(
            "stars".into(),
            score
                .iter()
                .map(|s| potential::stars(*s, star_thresholds) as i32)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "quadrant".into(),
            potential::quadrants(score, &reach, thresholds)
                .iter()
                .map(|q| q.name())
                .collect::<Vec<_>>(),
        ),
    ]);
    let df = DataFrame::new_infer_height(columns)?;
    Ok(df.sort(["rank_regency"], SortMultipleOptions::default())?)
}
