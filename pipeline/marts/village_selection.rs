//! `village_selection`, the OVOP pick (SPEC §5.3): per village with
//! candidates, the top product by potential score (ties: sales value, then
//! product id), its runner-up and the margin between them; with sensitivity
//! on, how robust the pick is.

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::*;

use super::{float, int, text, Mart};
use crate::lake::Lake;
use crate::score::potential::{f64_values, optional_text, str_values};

pub static MART: Mart = Mart {
    name: "village_selection",
    family: super::Family::Products,
    columns: &[
        text("village_code"),
        text("village_name"),
        text("district_code"),
        text("district_name"),
        int("candidates"),
        text("product_id"),
        text("product_name"),
        text("category"),
        text("source"),
        float("potential_score"),
        int("stars"),
        text("runner_up_id"),
        text("runner_up_name"),
        float("runner_up_score"),
        float("margin"),
    ],
    extra:
        "with sensitivity on: p_stays_pick, flip_criterion, flip_weight_change, flip_challenger_id",
    last: &[],
    table: true,
    when: "",
};

/// `village_selection` from `product_scores` (which carries `rank_village`).
pub fn build(scores: &DataFrame) -> Result<DataFrame> {
    let village = str_values(scores, "village_code")?;
    let id = str_values(scores, "product_id")?;
    let name = str_values(scores, "product_name")?;
    let category = str_values(scores, "category")?;
    let village_name = str_values(scores, "village_name")?;
    let district_code = str_values(scores, "district_code")?;
    let district_name = str_values(scores, "district_name")?;
    let source = optional_text(scores, "source")?;
    let score = f64_values(scores, "potential_score")?;
    let stars = f64_values(scores, "stars")?;
    let rank: Vec<Option<f64>> = f64_values(scores, "rank_village")?;

    // A product a gate of `scoring.require` holds back cannot be the pick
    // or its runner-up; it still counts as a candidate.
    let gate = optional_text(scores, "gate")?;
    // village → (best eligible, second eligible, number of candidates), by rank_village
    let mut picks: BTreeMap<&str, (Option<usize>, Option<usize>, u32)> = BTreeMap::new();
    let rank_of = |i: usize| rank[i].unwrap_or(f64::INFINITY);
    for i in 0..scores.height() {
        let entry = picks.entry(village[i].as_str()).or_default();
        entry.2 += 1;
        if gate[i].is_some() {
            continue;
        }
        match (entry.0, entry.1) {
            (None, _) => entry.0 = Some(i),
            (Some(t), _) if rank_of(i) < rank_of(t) => {
                entry.1 = entry.0;
                entry.0 = Some(i);
            }
            (Some(_), None) => entry.1 = Some(i),
            (Some(_), Some(s)) if rank_of(i) < rank_of(s) => entry.1 = Some(i),
            _ => {}
        }
    }
    let rows: Vec<(usize, Option<usize>, u32)> = picks
        .values()
        .filter_map(|(top, second, n)| top.map(|t| (t, *second, *n)))
        .collect();
    let pick = |f: &dyn Fn(usize) -> String| rows.iter().map(|r| f(r.0)).collect::<Vec<_>>();
    let runner = |f: &dyn Fn(usize) -> String| rows.iter().map(|r| r.1.map(f)).collect::<Vec<_>>();
    let top_score: Vec<Option<f64>> = rows.iter().map(|r| score[r.0]).collect();
    let second_score: Vec<Option<f64>> = rows.iter().map(|r| r.1.and_then(|s| score[s])).collect();
    let margin: Vec<Option<f64>> = top_score
        .iter()
        .zip(&second_score)
        .map(|(a, b)| Some((*a)? - (*b)?))
        .collect();
    let df = DataFrame::new_infer_height(vec![
        Column::new("village_code".into(), pick(&|i| village[i].clone())),
        Column::new("village_name".into(), pick(&|i| village_name[i].clone())),
        Column::new("district_code".into(), pick(&|i| district_code[i].clone())),
        Column::new("district_name".into(), pick(&|i| district_name[i].clone())),
        Column::new(
            "candidates".into(),
            rows.iter().map(|r| r.2).collect::<Vec<u32>>(),
        ),
        Column::new("product_id".into(), pick(&|i| id[i].clone())),
        Column::new("product_name".into(), pick(&|i| name[i].clone())),
        Column::new("category".into(), pick(&|i| category[i].clone())),
        Column::new(
            "source".into(),
            rows.iter().map(|r| source[r.0].clone()).collect::<Vec<_>>(),
        ),
        Column::new("potential_score".into(), top_score),
        Column::new(
            "stars".into(),
            rows.iter()
                .map(|r| stars[r.0].map(|s| s as i32))
                .collect::<Vec<_>>(),
        ),
        Column::new("runner_up_id".into(), runner(&|i| id[i].clone())),
        Column::new("runner_up_name".into(), runner(&|i| name[i].clone())),
        Column::new("runner_up_score".into(), second_score),
        Column::new("margin".into(), margin),
    ])?;
    Ok(df)
}

/// One village's OVOP pick, as the report shows it.
#[derive(Debug, Clone)]
pub struct PickRow {
    pub village_code: String,
    pub village_name: String,
    pub district_name: String,
    pub candidates: u32,
    pub product_id: String,
    pub product_name: String,
    pub category: String,
    /// Where the candidate comes from (a publication's address, or "synthetic").
    pub source: Option<String>,
    pub potential_score: f64,
    pub stars: u8,
    pub runner_up_name: Option<String>,
    pub margin: Option<f64>,
    /// Share of sensitivity draws in which the pick stays on top (None: not run).
    pub p_stays_pick: Option<f64>,
    /// The criterion whose smallest weight change flips the pick, and that change.
    pub flip: Option<(String, f64)>,
}

/// How many villages of a district picked a product of a category, and how
/// many candidates those villages had.
#[derive(Debug, Clone)]
pub struct PickCount {
    pub district_name: String,
    pub category: String,
    pub picks: u32,
    pub candidates: u32,
}

/// Picks and candidates per district and category of the pick.
pub fn pick_counts(lake: &Lake) -> Result<Vec<PickCount>> {
    let mut counts: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
    for pick in read(lake)? {
        let count = counts
            .entry((pick.district_name, pick.category))
            .or_default();
        count.0 += 1;
        count.1 += pick.candidates;
    }
    Ok(counts
        .into_iter()
        .map(
            |((district_name, category), (picks, candidates))| PickCount {
                district_name,
                category,
                picks,
                candidates,
            },
        )
        .collect())
}

/// The OVOP pick of every village with candidates, by district then village.
pub fn read(lake: &Lake) -> Result<Vec<PickRow>> {
    let sel = MART.read(lake)?;
    let s = |c: &str| sel.text(c);
    let (codes, names, districts, ids, products, categories) = (
        s("village_code")?,
        s("village_name")?,
        s("district_name")?,
        s("product_id")?,
        s("product_name")?,
        s("category")?,
    );
    let source = sel.opt_text("source")?;
    let runner = sel.opt_text("runner_up_name")?;
    let score = sel.num("potential_score")?;
    // Only with sensitivity on (flips: SAW only).
    let p_stays = sel.num_if_present("p_stays_pick")?;
    let flip_change = sel.num_if_present("flip_weight_change")?;
    let flip_criterion = sel.opt_text_if_present("flip_criterion")?;
    let stars = sel.num("stars")?;
    let margin = sel.num("margin")?;
    let candidates = sel.num("candidates")?;
    Ok((0..sel.height())
        .map(|i| PickRow {
            village_code: codes[i].clone(),
            village_name: names[i].clone(),
            district_name: districts[i].clone(),
            candidates: candidates[i].unwrap_or(0.0) as u32,
            product_id: ids[i].clone(),
            product_name: products[i].clone(),
            category: categories[i].clone(),
            source: source[i].clone(),
            potential_score: score[i].unwrap_or(0.0),
            stars: stars[i].unwrap_or(1.0) as u8,
            runner_up_name: runner[i].clone(),
            margin: margin[i],
            p_stays_pick: p_stays[i],
            flip: flip_criterion[i].clone().zip(flip_change[i]),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pick_per_village_with_runner_up_and_margin() {
        let scores = df!(
            "village_code" => ["A", "A", "B"],
            "village_name" => ["Desa A", "Desa A", "Desa B"],
            "district_code" => ["D", "D", "D"],
            "district_name" => ["Kec", "Kec", "Kec"],
            "product_id" => ["P1", "P2", "P3"],
            "product_name" => ["Batik", "Terasi", "Legen"],
            "category" => ["batik", "food_beverage", "food_beverage"],
            "potential_score" => [70.0, 82.5, 40.0],
            "stars" => [4i32, 4, 2],
            "rank_village" => [2u32, 1, 1],
        )
        .unwrap();
        let sel = build(&scores).unwrap();
        assert_eq!(sel.height(), 2);
        assert_eq!(str_values(&sel, "product_id").unwrap(), vec!["P2", "P3"]);
        let margin = f64_values(&sel, "margin").unwrap();
        assert_eq!(margin, vec![Some(12.5), None]);
    }
}
