//! Potential (SPEC §5.2): the criteria of each candidate product, their
//! normalisation and weighted score on 0–100, ranks, stars and quadrant.

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::*;

use super::mcdm;
use crate::bad_input;
use crate::domain::methods::{Method, Missing, Normalisation, Preset};
use crate::domain::Quadrant;
use crate::study::Scoring;

/// One row per product with every criterion's raw value.
/// `products` from the lake; `villages` (village_code, population) and
/// `assessments` optional; `reach` is the market_reach mart.
pub fn criteria_frame(
    products: LazyFrame,
    villages: Option<LazyFrame>,
    reach: LazyFrame,
    assessments: Option<LazyFrame>,
    sector_values: Option<DataFrame>,
    relatedness: Option<DataFrame>,
) -> Result<DataFrame> {
    // product_id → the economic base of its sector in its regency.
    let sector_values = match sector_values {
        Some(df) => df.lazy(),
        None => DataFrame::empty_with_schema(&Schema::from_iter([
            Field::new("product_id".into(), DataType::String),
            Field::new("sector_lq".into(), DataType::Float64),
            Field::new("sector_growth".into(), DataType::Float64),
        ]))
        .lazy(),
    };
    // product_id → its village's relatedness density and its category's PCI.
    let relatedness = match relatedness {
        Some(df) => df.lazy(),
        None => DataFrame::empty_with_schema(&Schema::from_iter([
            Field::new("product_id".into(), DataType::String),
            Field::new("relatedness_density".into(), DataType::Float64),
            Field::new("category_complexity".into(), DataType::Float64),
        ]))
        .lazy(),
    };
    let population = match villages {
        Some(v) => v.select([col("village_code"), col("population")]),
        None => DataFrame::empty_with_schema(&Schema::from_iter([
            Field::new("village_code".into(), DataType::String),
            Field::new("population".into(), DataType::Float64),
        ]))
        .lazy(),
    };
    let values = crate::criteria::CRITERIA
        .iter()
        .map(|c| Ok((c.value)()?.alias(c.name)))
        .collect::<PolarsResult<Vec<Expr>>>()?;
    let mut frame = products
        .left_join(population, col("village_code"), col("village_code"))
        .left_join(
            reach.select([
                col("product_id"),
                col("reach_index"),
                col("outside_regency_share"),
                col("cagr"),
                col("sales_value"),
            ]),
            col("product_id"),
            col("product_id"),
        )
        .left_join(sector_values, col("product_id"), col("product_id"))
        .left_join(relatedness, col("product_id"), col("product_id"))
        .with_columns(values)
        .collect()?;
    if let Some(assessments) = assessments {
        // Criteria are named by their key, before aggregating: `Quality` and
        // `quality` are one criterion (issue 11: the second overwrote the first).
        let expert = keyed_assessments(assessments, &["product_id"])?
            .lazy()
            .group_by([col("product_id"), col("criterion")])
            .agg([
                col("score").mean().alias("mean"),
                col("score").std(1).alias("sd"),
            ])
            .collect()?;
        frame = add_expert_columns(frame, &expert)?;
    }
    Ok(frame)
}

/// Adds `expert_<criterion>` (mean over assessors) and `expert_<criterion>_sd` (spread).
fn add_expert_columns(frame: DataFrame, expert: &DataFrame) -> Result<DataFrame> {
    let mut by_criterion: BTreeMap<String, BTreeMap<String, (f64, Option<f64>)>> = BTreeMap::new();
    let ids = expert.column("product_id")?.str()?;
    let crits = expert.column("criterion")?.str()?;
    let means = expert.column("mean")?.f64()?;
    let sds = expert.column("sd")?.f64()?;
    for i in 0..expert.height() {
        if let (Some(id), Some(c), Some(m)) = (ids.get(i), crits.get(i), means.get(i)) {
            by_criterion
                .entry(c.to_string())
                .or_default()
                .insert(id.to_string(), (m, sds.get(i)));
        }
    }
    let products: Vec<String> = frame
        .column("product_id")?
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default().to_string())
        .collect();
    let mut frame = frame;
    for (criterion, scores) in by_criterion {
        let name = format!("expert_{criterion}");
        let mean: Vec<Option<f64>> = products
            .iter()
            .map(|p| scores.get(p).map(|s| s.0))
            .collect();
        let sd: Vec<Option<f64>> = products
            .iter()
            .map(|p| scores.get(p).and_then(|s| s.1))
            .collect();
        frame.with_column(Column::new(name.as_str().into(), mean))?;
        frame.with_column(Column::new(format!("{name}_sd").as_str().into(), sd))?;
    }
    Ok(frame)
}

/// Values of a numeric column as `Option<f64>`.
pub fn f64_values(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().collect())
}

/// A text column that the frame may lack (then all null), nulls kept.
pub fn optional_text(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    Ok(match df.column(name) {
        Ok(c) => c.str()?.iter().map(|v| v.map(String::from)).collect(),
        Err(_) => vec![None; df.height()],
    })
}

pub fn str_values(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    Ok(df
        .column(name)?
        .str()?
        .iter()
        .map(|s| s.unwrap_or_default().to_string())
        .collect())
}

/// The scored candidates: inputs for `product_scores`.
pub struct Scored {
    pub criteria: Vec<String>,
    pub weights: Vec<f64>,
    /// Normalised criteria (criterion-major), cost criteria reversed.
    pub normalised: Vec<Vec<f64>>,
    raw: Vec<Vec<Option<f64>>>,
    /// Which products have a value for each criterion (criterion-major).
    pub present: Vec<Vec<bool>>,
    missing: Missing,
    benefits: Vec<bool>,
    normalisation: Normalisation,
    method: Method,
    borda_methods: Vec<Method>,
    /// Each assessor's ranking of the products (for `borda` over assessors).
    assessor_rankings: Option<Vec<Vec<u32>>>,
    /// Preset `kpju` with several assessors: each assessor's own grades
    /// (0–1) in the weighted expert criteria, by product: `(product,
    /// [(criterion, grade)])`. Each ranks by Bayes with them (the panel's
    /// values elsewhere) and Borda combines the rankings.
    assessor_grades: Option<Vec<OwnGrades>>,
    /// Preset `mpe`: TKK_j = scale · w_j (the whole-number weights as given);
    /// otherwise TKK_j = 5 w_j / max w.
    mpe_scale: Option<f64>,
    /// potential_score, 0–100
    pub score: Vec<f64>,
}

impl Scored {
    /// Scores on 0–1 for other weights (same method and data): the sensitivity
    /// draws call this, so they are matrix work, not a new polars plan.
    pub fn rescore(&self, weights: &[f64]) -> Vec<f64> {
        let mask = self.mask();
        let by = |method: Method| match method {
            Method::Wp => mcdm::wp(&self.normalised, weights, mask),
            Method::Mpe => mcdm::mpe(&self.normalised, weights, mask, self.mpe_scale),
            Method::Topsis => mcdm::topsis(
                &self.raw,
                &self.benefits,
                weights,
                self.normalisation,
                self.missing,
            ),
            Method::Bayes => mcdm::bayes(&self.normalised, weights, mask),
            Method::Cpi => mcdm::cpi(&self.raw, &self.benefits, weights, self.missing, mask),
            Method::Saw | Method::Borda => mcdm::saw(&self.normalised, weights, mask),
        };
        match self.method {
            Method::Bayes if self.assessor_grades.is_some() => {
                let panel = mcdm::bayes(&self.normalised, weights, mask);
                let rankings: Vec<Vec<f64>> = (self.assessor_grades.iter().flatten())
                    .map(|own| {
                        let mut scores = panel.clone();
                        for (i, grades) in own {
                            let value = |j: usize| {
                                grades
                                    .iter()
                                    .find(|(k, _)| *k == j)
                                    .map_or(self.normalised[j][*i], |g| g.1)
                            };
                            scores[*i] =
                                mcdm::bayes_at(value, self.normalised.len(), weights, mask, *i);
                        }
                        // Bayes grades tie often: tied products share their mean rank.
                        mcdm::mean_ranks(&scores)
                    })
                    .collect();
                mcdm::borda_of_ranks(&rankings)
            }
            Method::Borda if self.assessor_rankings.is_some() => {
                mcdm::borda(self.assessor_rankings.as_deref().unwrap_or_default())
            }
            Method::Borda => {
                let rankings: Vec<Vec<u32>> = self
                    .borda_methods
                    .iter()
                    .map(|m| mcdm::ranks(&by(*m)))
                    .collect();
                mcdm::borda(&rankings)
            }
            method => by(method),
        }
    }

    /// The presence mask when missing values are excluded and some are missing.
    fn mask(&self) -> mcdm::Present<'_> {
        let any_missing = self.present.iter().any(|c| c.contains(&false));
        (self.missing == Missing::Exclude && any_missing).then_some(self.present.as_slice())
    }

    /// SAW with one weight vector for every product: the score is linear in
    /// the weights, which the smallest-flip search relies on.
    pub fn is_linear_saw(&self) -> bool {
        self.method == Method::Saw && self.mask().is_none()
    }

    /// How many rankings one rescoring sorts (KPJU: one per assessor), for
    /// the smallest-flip search's work estimate.
    pub fn rankings_per_rescore(&self) -> usize {
        self.assessor_grades.as_ref().map_or(1, Vec::len)
    }

    /// Products without a value, per criterion (in `criteria` order).
    pub fn missing_counts(&self) -> Vec<usize> {
        self.present
            .iter()
            .map(|c| c.iter().filter(|p| !**p).count())
            .collect()
    }
}

/// Normalises the study's criteria and computes the 0–100 potential score.
/// `assessor_scores`: each assessor's scores, needed for `borda` over
/// assessors and the `kpju` preset's Borda.
pub fn score(
    frame: &DataFrame,
    scoring: &Scoring,
    assessor_scores: Option<Vec<AssessorScores>>,
) -> Result<Scored> {
    let normalisation = scoring.normalisation();
    let mut criteria = Vec::new();
    let mut weights = Vec::new();
    let mut normalised = Vec::new();
    let mut raw = Vec::new();
    let mut present = Vec::new();
    let mut benefits = Vec::new();
    for (name, w) in &scoring.criteria {
        if frame.column(name).is_err() {
            return Err(bad_input!(
                "scoring.criteria names {name:?}, but the data has no such criterion (expert criteria need an assessments file with that criterion)"
            ));
        }
        let benefit = !scoring.cost_criteria.contains(name);
        let values = f64_values(frame, name)?;
        let has: Vec<bool> = values
            .iter()
            .map(|v| v.is_some_and(f64::is_finite))
            .collect();
        // Under a preset an assessor's 1–5 score is a grade, as the sources
        // read it, not a value to rescale by the range of the others.
        let graded = name.starts_with("expert_") && !name.ends_with("_sd");
        let mut column = match scoring.preset.is_some() && graded {
            true => values.iter().map(|v| on_scale(*v, benefit)).collect(),
            false => mcdm::normalise(&values, benefit, normalisation),
        };
        if scoring.missing == Missing::Neutral {
            mcdm::impute_mean(&mut column, &has);
        }
        normalised.push(column);
        present.push(has);
        raw.push(values);
        benefits.push(benefit);
        criteria.push(name.clone());
        weights.push(*w);
    }
    let mut scored = Scored {
        criteria,
        weights: mcdm::unit_weights(&weights),
        normalised,
        raw,
        present,
        missing: scoring.missing,
        benefits,
        normalisation,
        method: scoring.method,
        borda_methods: scoring.borda_methods.clone(),
        assessor_rankings: None,
        assessor_grades: None,
        mpe_scale: scoring
            .preset
            .filter(|p| p.integer_weights())
            .and(scoring.weights_given_sum),
        score: Vec::new(),
    };
    if let (Some(scores), Some(Preset::Kpju)) = (assessor_scores.as_deref(), scoring.preset) {
        // Only assessors who graded a weighted expert criterion have a
        // ranking of their own; with fewer than two, KPJU is plain Bayes.
        let own: Vec<_> = scores
            .iter()
            .map(|a| own_grades(&scored, a))
            .filter(|g| !g.is_empty())
            .collect();
        if own.len() > 1 {
            scored.assessor_grades = Some(own);
        }
    }
    if scoring.borda_over_assessors() {
        let scores = assessor_scores.filter(|m| !m.is_empty()).ok_or_else(|| {
            bad_input!(
                "scoring.borda_over = \"assessors\" needs an assessments file (inputs.assessments)"
            )
        })?;
        // Each assessor ranks by their mean score over the criteria they
        // scored; a product they did not score ranks last.
        let rankings = scores
            .iter()
            .map(|own| {
                let mut sum = vec![(0.0, 0usize); frame.height()];
                for (i, score) in own.values().flatten() {
                    sum[*i].0 += score;
                    sum[*i].1 += 1;
                }
                let mean: Vec<f64> = sum
                    .iter()
                    .map(|(s, n)| match n {
                        0 => f64::NEG_INFINITY,
                        n => s / *n as f64,
                    })
                    .collect();
                mcdm::ranks(&mean)
            })
            .collect();
        scored.assessor_rankings = Some(rankings);
    }
    scored.score = scored
        .rescore(&scored.weights)
        .into_iter()
        .map(|s| (100.0 * s).clamp(0.0, 100.0))
        .collect();
    Ok(scored)
}

/// One assessor's scores: criterion key (without `expert_`) → the products
/// of the criteria frame they scored (by index), with the score (an
/// assessor who scored a product twice on a criterion: the mean).
pub type AssessorScores = BTreeMap<String, Vec<(usize, f64)>>;

/// Each assessor's scores of the products of `frame`, assessors in name
/// order. Criteria are named by their key, as the `expert_` columns are.
pub fn assessor_scores(frame: &DataFrame, assessments: LazyFrame) -> Result<Vec<AssessorScores>> {
    let means = keyed_assessments(assessments, &["assessor", "product_id"])?
        .lazy()
        .group_by([col("assessor"), col("product_id"), col("criterion")])
        .agg([col("score").mean().alias("mean")])
        .collect()?;
    let products = str_values(frame, "product_id")?;
    let index: std::collections::HashMap<&str, usize> = products
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut by_assessor: BTreeMap<String, AssessorScores> = BTreeMap::new();
    let (who, what, which, mean) = (
        str_values(&means, "assessor")?,
        str_values(&means, "product_id")?,
        str_values(&means, "criterion")?,
        f64_values(&means, "mean")?,
    );
    for k in 0..means.height() {
        if let (Some(&i), Some(m)) = (index.get(what[k].as_str()), mean[k]) {
            by_assessor
                .entry(who[k].clone())
                .or_default()
                .entry(which[k].clone())
                .or_default()
                .push((i, m));
        }
    }
    Ok(by_assessor.into_values().collect())
}

/// The assessments' `columns`, `criterion` and `score`, each criterion named
/// by its key (`Quality` and `quality` are one criterion; issue 11).
fn keyed_assessments(assessments: LazyFrame, columns: &[&str]) -> Result<DataFrame> {
    let mut select: Vec<Expr> = columns.iter().map(|c| col(*c)).collect();
    select.extend([col("criterion"), col("score")]);
    let mut raw = assessments.select(select).collect()?;
    let keys: Vec<Option<String>> = raw
        .column("criterion")?
        .str()?
        .iter()
        .map(|c| c.map(crate::domain::vocab::key))
        .collect();
    raw.replace("criterion", Column::new("criterion".into(), keys))?;
    Ok(raw)
}

/// A 1–5 assessment score as a grade on 0–1: (x − 1)/4, or (5 − x)/4 for a
/// cost criterion; a missing score is the worst grade.
fn on_scale(score: Option<f64>, benefit: bool) -> f64 {
    let Some(x) = score.filter(|x| x.is_finite()) else {
        return 0.0;
    };
    let r = (x - 1.0) / 4.0;
    (if benefit { r } else { 1.0 - r }).clamp(0.0, 1.0)
}

/// An assessor's own grades in the study's weighted expert criteria, by
/// product: `(product, [(criterion index, grade 0–1)])`.
type OwnGrades = Vec<(usize, Vec<(usize, f64)>)>;

/// An assessor's [`OwnGrades`] from their scores.
fn own_grades(scored: &Scored, own: &AssessorScores) -> OwnGrades {
    let mut by_product: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
    for (j, name) in scored.criteria.iter().enumerate() {
        let Some(scores) = name.strip_prefix("expert_").and_then(|c| own.get(c)) else {
            continue;
        };
        for (i, x) in scores {
            let grade = on_scale(Some(*x), scored.benefits[j]);
            by_product.entry(*i).or_default().push((j, grade));
        }
    }
    by_product.into_iter().collect()
}

/// Stars 1–5: one plus the number of thresholds the score reaches.
pub fn stars(score: f64, thresholds: &[f64; 4]) -> u8 {
    1 + thresholds.iter().filter(|t| score >= **t).count() as u8
}

/// Ordinal ranks (1 = best) within groups: by score descending, then sales
/// value descending, then product id — the tie rule of SPEC §5.3.
pub fn ranks_within(groups: &[&str], score: &[f64], sales: &[f64], ids: &[String]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| {
        groups[a]
            .cmp(groups[b])
            .then(score[b].total_cmp(&score[a]))
            .then(sales[b].total_cmp(&sales[a]))
            .then(ids[a].cmp(&ids[b]))
    });
    let mut ranks = vec![0u32; score.len()];
    let mut rank = 0;
    for (k, &i) in order.iter().enumerate() {
        rank = if k > 0 && groups[order[k - 1]] == groups[i] {
            rank + 1
        } else {
            1
        };
        ranks[i] = rank;
    }
    ranks
}

/// Median of the values (missing counted as 0).
pub fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.to_vec();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

pub fn quadrants(potential: &[f64], reach: &[f64], thresholds: (f64, f64)) -> Vec<Quadrant> {
    potential
        .iter()
        .zip(reach)
        .map(|(p, r)| Quadrant::of(*p >= thresholds.0, *r >= thresholds.1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_follow_the_thresholds() {
        let t = [30.0, 50.0, 70.0, 90.0];
        assert_eq!(
            [0.0, 29.9, 30.0, 69.9, 70.0, 90.0, 100.0].map(|s| stars(s, &t)),
            [1, 1, 2, 3, 4, 5, 5]
        );
    }

    #[test]
    fn ranks_break_ties_by_sales_then_id() {
        let ids: Vec<String> = ["P3", "P1", "P2", "P4"].map(String::from).to_vec();
        let groups = ["a", "a", "a", "b"];
        let ranks = ranks_within(
            &groups,
            &[50.0, 50.0, 60.0, 10.0],
            &[5.0, 5.0, 0.0, 0.0],
            &ids,
        );
        assert_eq!(ranks, vec![3, 2, 1, 1]);
    }

    /// LQ by hand: village A has 8 batik of 10 producers, the regency 10 batik
    /// of 40: LQ = (8/10)/(10/40) = 3.2.
    #[test]
    fn location_quotient_by_hand() {
        let products = df!(
            "product_id" => ["P1", "P2", "P3", "P4"],
            "village_code" => ["A", "A", "B", "B"],
            "category" => ["batik", "fishery", "batik", "fishery"],
            "producers" => [8.0, 2.0, 2.0, 28.0],
            "workers" => [10.0, 2.0, 3.0, 30.0],
            "unit_price_idr" => [100.0, 50.0, 80.0, 10.0],
            "unit_cost_idr" => [60.0, 40.0, 80.0, 5.0],
            "local_material_share" => [0.9, 0.5, 1.0, 0.2],
        )
        .unwrap();
        let reach = df!("product_id" => ["P1"], "reach_index" => [0.5], "outside_regency_share" => [0.2], "cagr" => [0.1], "sales_value" => [9.0]).unwrap();
        let f = criteria_frame(products.lazy(), None, reach.lazy(), None, None, None).unwrap();
        let lq = f64_values(&f, "lq").unwrap();
        assert!((lq[0].unwrap() - 3.2).abs() < 1e-12);
        // P4: (28/30)/(30/40)
        assert!((lq[3].unwrap() - (28.0 / 30.0) / 0.75).abs() < 1e-12);
        let va = f64_values(&f, "value_added_ratio").unwrap();
        assert!((va[0].unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(f64_values(&f, "reach_index").unwrap()[1], None);
    }
}
