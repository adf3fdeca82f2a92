//! SMAA-2 robustness from the sensitivity draws (SPEC §5.7): rank
//! acceptability indices and central weight vectors, as marts.

use std::collections::BTreeMap;

use crate::util::*;

#[test]
fn rank_acceptabilities_and_central_weights_are_shares_that_sum_to_one() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let marts = out.join("lake/marts");
    let ra = read_parquet(&marts.join("rank_acceptability.parquet"));
    let mut by_product: BTreeMap<String, f64> = BTreeMap::new();
    for (id, a) in strs(&ra, "product_id")
        .into_iter()
        .zip(f64s(&ra, "acceptability"))
    {
        *by_product.entry(id).or_default() += a.unwrap();
    }
    // Every scored product (P1–P4; P5's village is unknown) has its shares.
    assert_eq!(
        by_product.keys().cloned().collect::<Vec<_>>(),
        ["P1", "P2", "P3", "P4"]
    );
    for (id, total) in &by_product {
        assert!((total - 1.0).abs() < 1e-9, "{id}: {total}");
    }
    // Rank 1 acceptability is the share of draws the product is first in its
    // village: P3 and P4 are alone in theirs, so always first.
    let first: BTreeMap<String, f64> = strs(&ra, "product_id")
        .into_iter()
        .zip(f64s(&ra, "rank_village"))
        .zip(f64s(&ra, "acceptability"))
        .filter(|((_, r), _)| *r == Some(1.0))
        .map(|((id, _), a)| (id, a.unwrap()))
        .collect();
    assert_eq!(first["P3"], 1.0);
    assert_eq!(first["P4"], 1.0);
    // …and equals p_village_pick of the sensitivity mart (no gates here).
    let s = read_parquet(&marts.join("sensitivity.parquet"));
    for (id, p) in strs(&s, "product_id")
        .into_iter()
        .zip(f64s(&s, "p_village_pick"))
    {
        assert!(
            (first.get(&id).copied().unwrap_or(0.0) - p.unwrap()).abs() < 1e-12,
            "{id}"
        );
    }
    // Central weights: a weight vector (summing to 1) per product that was a pick.
    let cw = read_parquet(&marts.join("central_weights.parquet"));
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    for (id, w) in strs(&cw, "product_id")
        .into_iter()
        .zip(f64s(&cw, "central_weight"))
    {
        *sums.entry(id).or_default() += w.unwrap();
    }
    assert!(sums.contains_key("P1") && sums.contains_key("P3") && sums.contains_key("P4"));
    for (id, total) in &sums {
        assert!((total - 1.0).abs() < 1e-9, "{id}: {total}");
    }
    let criteria: std::collections::BTreeSet<String> = strs(&cw, "criterion").into_iter().collect();
    assert_eq!(
        criteria.into_iter().collect::<Vec<_>>(),
        ["local_material_share", "reach_index"]
    );

    // The planner's tables: one row per product, ranks across; one row per
    // pick, criteria across; the same shares as the marts.
    let table = |name: &str| {
        let text = std::fs::read_to_string(out.join(format!("tables/{name}.csv"))).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<BTreeMap<String, String>> = reader
            .records()
            .map(|r| {
                headers
                    .iter()
                    .cloned()
                    .zip(r.unwrap().iter().map(String::from))
                    .collect()
            })
            .collect();
        rows
    };
    let ranks = table("rank_acceptability");
    assert_eq!(ranks.len(), by_product.len());
    for row in &ranks {
        let shares: Vec<f64> = ["1", "2", "3"]
            .iter()
            .map(|r| {
                row[&format!("Share of draws at rank {r}")]
                    .parse::<f64>()
                    .unwrap()
            })
            .chain([row["Share of draws at rank 4 or below"]
                .parse::<f64>()
                .unwrap()])
            .collect();
        let id = &row["Product id"];
        assert!(
            (shares.iter().sum::<f64>() - 1.0).abs() < 1e-9,
            "{id}: {shares:?}"
        );
        assert!(
            (shares[0] - first.get(id).copied().unwrap_or(0.0)).abs() < 1e-9,
            "{id}"
        );
        assert!(row["Product"].len() > 3, "names are added");
    }
    let central = table("central_weights");
    assert_eq!(central.len(), sums.len());
    // P3 and P4 are alone in their villages: the pick at any weights.
    for row in central
        .iter()
        .filter(|r| ["P3", "P4"].contains(&r["Product id"].as_str()))
    {
        assert_eq!(row["Confidence factor (SMAA-2)"], "1", "{row:?}");
    }
    assert!(central
        .iter()
        .all(|r| ["0", "1"].contains(&r["Confidence factor (SMAA-2)"].as_str())));
    for row in &central {
        let w: f64 = ["Local material share", "Market reach index"]
            .iter()
            .map(|c| row[*c].parse::<f64>().unwrap())
            .sum();
        assert!((w - 1.0).abs() < 1e-9, "{row:?}");
    }

    // The report's one-glance view: every village with a pick in one class.
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("How sure each village's pick is"));
    let counted: usize = [
        "nearly certain (≥ 95 %)",
        "strong (75–95 %)",
        "weak (50–75 %)",
        "fragile (&lt; 50 %)",
    ]
    .iter()
    .map(|class| {
        let at = html
            .find(&format!("<li>{class}: "))
            .unwrap_or_else(|| panic!("{class}"));
        let rest = &html[at + class.len() + 6..];
        rest.split(' ').next().unwrap().parse::<usize>().unwrap()
    })
    .sum();
    let picks = read_parquet(&marts.join("village_selection.parquet")).height();
    assert_eq!(counted, picks);
}

/// The smallest flip for a method without a closed form (WP), on the demo's
/// data: found by the search for some villages, a change of one weight of at
/// most 1 in steps of 0.01, the challenger another candidate of the village.
#[test]
fn weighted_product_picks_get_their_smallest_flip_from_the_search() {
    let tmp = tempfile::tempdir().unwrap();
    let data = repo().join("notebooks-data/tuban/data");
    let path = |f: &str| data.join(f).display().to_string().replace('\\', "/");
    std::fs::write(
        tmp.path().join("study.toml"),
        format!(
            "[study]\nname = \"wp-flips\"\nregion = \"35.23\"\nsynthetic = true\n\
             [inputs]\nvillages = [\"{}\"]\nproducts = [\"{}\"]\nsales = [\"{}\"]\n\
             [scoring]\nmethod = \"wp\"\n[sensitivity]\ndraws = 50\n",
            path("villages.csv"),
            path("products.csv"),
            path("sales.csv")
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    ovop(tmp.path())
        .args(["run", "study.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
    let sel = read_parquet(&out.join("lake/marts/village_selection.parquet"));
    let change = f64s(&sel, "flip_weight_change");
    let found: Vec<usize> = (0..sel.height()).filter(|&i| change[i].is_some()).collect();
    assert!(found.len() > 10, "{} flips", found.len());
    let challenger = ovop::score::potential::optional_text(&sel, "flip_challenger_id").unwrap();
    let pick = strs(&sel, "product_id");
    let scores = read_parquet(&out.join("lake/marts/product_scores.parquet"));
    let village_of: BTreeMap<String, String> = strs(&scores, "product_id")
        .into_iter()
        .zip(strs(&scores, "village_code"))
        .collect();
    let villages = strs(&sel, "village_code");
    for i in found {
        let d = change[i].unwrap();
        assert!(d.abs() > 0.0 && d.abs() <= 1.0, "{d}");
        let c = challenger[i].clone().unwrap();
        assert_ne!(c, pick[i]);
        assert_eq!(village_of[&c], villages[i]);
    }
}
