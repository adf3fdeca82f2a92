//! The OVOP pick (SPEC §5.3): per village with candidates, the top product by
//! potential score (ties: sales value, then product id), its runner-up and
//! the margin between them.

use std::collections::BTreeMap;

use anyhow::Result;
use polars::prelude::*;

use super::potential::{f64_values, optional_text, str_values};

/// `village_selection` from `product_scores` (which carries `rank_village`).
pub fn village_selection(scores: &DataFrame) -> Result<DataFrame> {
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

    // village → (index of rank 1, index of rank 2, number of candidates)
    let mut picks: BTreeMap<&str, (Option<usize>, Option<usize>, u32)> = BTreeMap::new();
    for i in 0..scores.height() {
        let entry = picks.entry(village[i].as_str()).or_default();
        entry.2 += 1;
        match rank[i].map(|r| r as u32) {
            Some(1) => entry.0 = Some(i),
            Some(2) => entry.1 = Some(i),
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
        let sel = village_selection(&scores).unwrap();
        assert_eq!(sel.height(), 2);
        assert_eq!(str_values(&sel, "product_id").unwrap(), vec!["P2", "P3"]);
        let margin = f64_values(&sel, "margin").unwrap();
        assert_eq!(margin, vec![Some(12.5), None]);
    }
}
