//! Recipes (`scoring.preset`, SPEC §5.7): each reproduces its source's
//! worked example or a hand-computed case, through the `ovop` binary.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::*;

/// A one-village study in `dir/study`: `products` as (id, name), one sale
/// each, the assessments given as CSV rows, and the `[scoring]` lines.
fn study(dir: &Path, products: &[(&str, &str)], assessments: &str, scoring: &str) {
    let root = dir.join("study");
    std::fs::create_dir_all(&root).unwrap();
    let mut p = String::from("product_id,village_code,product_name,category,producers,workers\n");
    let mut s = String::from("product_id,date,buyer_region,value_idr,quantity\n");
    for (id, name) in products {
        p.push_str(&format!("{id},35.23.08.2008,{name},food_beverage,3,6\n"));
        s.push_str(&format!("{id},2024-03-01,35.23,100000,1\n"));
    }
    std::fs::write(root.join("products.csv"), p).unwrap();
    std::fs::write(root.join("sales.csv"), s).unwrap();
    std::fs::write(
        root.join("penilaian.csv"),
        format!("penilai,product_id,kriteria,skor\n{assessments}"),
    )
    .unwrap();
    std::fs::write(
        root.join("study.toml"),
        format!(
            "[study]\nname = \"preset\"\nregion = \"35.23\"\nlang = \"en\"\nsynthetic = true\nsource = \"test\"\n\n\
             [inputs]\nproducts = [\"products.csv\"]\nsales = [\"sales.csv\"]\nassessments = [\"penilaian.csv\"]\n\n\
             [scoring]\n{scoring}\n"
        ),
    )
    .unwrap();
}

fn pick(out: &Path) -> String {
    let sel = read_parquet(&out.join("lake/marts/village_selection.parquet"));
    strs(&sel, "product_id").remove(0)
}

/// The published MPE example of an IPB thesis on mangosteen agro-industry in
/// Kabupaten Bogor (Tables 14–15; text-id.123dok.com/document/lq5oo9xwz):
/// five criteria with TKK 3, 2, 1, 1, 4 and four products scored 1–5. The
/// thesis reports TN = 782 (xanthone), 343 (syrup), 165 (dodol), 157 (purée).
#[test]
fn mpe_reproduces_the_published_mangosteen_example() {
    let tmp = tempfile::tempdir().unwrap();
    let grades = [
        ("S", "Sirup Manggis", [4, 4, 4, 3, 4]),
        ("X", "Xanthone", [5, 5, 4, 3, 5]),
        ("P", "Puree Manggis", [4, 2, 5, 3, 3]),
        ("D", "Dodol Manggis", [5, 4, 5, 3, 2]),
    ];
    let criteria = [
        "bahan_baku",
        "potensi_pasar",
        "teknologi",
        "kebijakan",
        "nilai_tambah",
    ];
    let mut rows = String::new();
    for (id, _, g) in &grades {
        for (c, v) in criteria.iter().zip(g) {
            rows.push_str(&format!("Pakar 1,{id},{c},{v}\n"));
        }
    }
    let products: Vec<(&str, &str)> = grades.iter().map(|(id, n, _)| (*id, *n)).collect();
    study(
        tmp.path(),
        &products,
        &rows,
        "preset = \"mpe\"\ncriteria = { expert_bahan_baku = 3, expert_potensi_pasar = 2, expert_teknologi = 1, expert_kebijakan = 1, expert_nilai_tambah = 4 }",
    );
    let out = tmp.path().join("out");
    let run = run_small(tmp.path(), &out);
    // TKK are meant not to sum to 1: no rescaling warning.
    assert!(
        !stderr_of(&run).contains("sum to 11"),
        "{}",
        stderr_of(&run)
    );
    let scores = scores_by_id(&out);
    // Score = 100 (TN − TN_min)/(TN_max − TN_min), TN_min = 5 (all ones),
    // TN_max = 5³ + 5² + 5 + 5 + 5⁴ = 785.
    let tn: BTreeMap<&str, f64> = [("X", 782.0), ("S", 343.0), ("D", 165.0), ("P", 157.0)].into();
    for (id, total) in tn {
        let want = 100.0 * (total - 5.0) / 780.0;
        assert!(
            (scores[id] - want).abs() < 1e-9,
            "{id}: {} vs {want}",
            scores[id]
        );
    }
    assert_eq!(pick(&out), "X");
    let report = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        report.contains("Recipe: MPE (Marimin 2004)"),
        "report names the recipe"
    );
    assert!(
        report.contains("× 11 = the value given"),
        "and the TKK scale"
    );
}

/// KPJU: each assessor ranks by Bayes with their own scores and Borda combines
/// the rankings (hand-computed). Bayes on the panel's mean scores would pick A.
#[test]
fn kpju_combines_the_assessors_bayes_rankings_by_borda() {
    let tmp = tempfile::tempdir().unwrap();
    // pasar, bahan for A, B, C: Ani 5,1 / 3,5 / 4,4; Budi 5,5 / 2,2 / 4,3.
    // Criteria as a planner types them ("Potensi Pasar"); Cici scored only
    // an unweighted criterion, so she has no ranking of her own.
    let rows = "Ani,A,Potensi Pasar,5\nAni,A,bahan,1\nAni,B,Potensi Pasar,3\nAni,B,bahan,5\nAni,C,Potensi Pasar,4\nAni,C,bahan,4\n\
                Budi,A,potensi pasar,5\nBudi,A,bahan,5\nBudi,B,potensi pasar,2\nBudi,B,bahan,2\nBudi,C,potensi pasar,4\nBudi,C,bahan,3\n\
                Cici,A,kemasan,5\nCici,B,kemasan,1\nCici,C,kemasan,3\n";
    let products = [("A", "Keripik A"), ("B", "Keripik B"), ("C", "Keripik C")];
    study(
        tmp.path(),
        &products,
        rows,
        "preset = \"kpju\"\ncriteria = { expert_potensi_pasar = 0.6, expert_bahan = 0.4 }",
    );
    let out = tmp.path().join("out");
    let run = run_small(tmp.path(), &out);
    assert!(
        stderr_of(&run).contains("The kpju recipe weights its criteria by the experts' AHP"),
        "{}",
        stderr_of(&run)
    );
    // Bayes N = 0.6 pasar + 0.4 bahan. Ani: A 3.4, B 3.8, C 4.0 → C, B, A.
    // Budi: A 5.0, B 2.0, C 3.6 → A, C, B. Borda points (n − rank):
    // A 0 + 2, B 1 + 0, C 2 + 1, out of 2 × 2 = 4.
    let scores = scores_by_id(&out);
    for (id, want) in [("A", 50.0), ("B", 25.0), ("C", 75.0)] {
        assert!((scores[id] - want).abs() < 1e-9, "{id}: {}", scores[id]);
    }
    assert_eq!(pick(&out), "C");

    // With one assessor who graded a weighted criterion (Cici graded none)
    // there is nothing to combine: plain Bayes on 1–5.
    let tmp = tempfile::tempdir().unwrap();
    let one = rows
        .lines()
        .filter(|l| !l.starts_with("Ani"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    study(
        tmp.path(),
        &products,
        &one,
        "preset = \"kpju\"\ncriteria = { expert_potensi_pasar = 0.6, expert_bahan = 0.4 }",
    );
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let scores = scores_by_id(&out);
    for (id, n) in [("A", 5.0), ("B", 2.0), ("C", 3.6)] {
        let want = 100.0 * (n - 1.0) / 4.0;
        assert!((scores[id] - want).abs() < 1e-9, "{id}: {}", scores[id]);
    }
}

/// OCOP: weights are points out of 100 and each criterion's points go in
/// proportion to the best value (x / max); stars at 30, 50, 70, 90.
#[test]
fn ocop_awards_points_out_of_a_hundred() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let path = tmp.path().join("study/study.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    let set_scoring = |scoring: &str| {
        let text = toml.replace(
            "method = \"saw\"\nnormalisation = \"minmax\"\ncriteria = { reach_index = 0.5, local_material_share = 0.5 }",
            scoring,
        );
        assert_ne!(text, toml);
        std::fs::write(&path, text).unwrap();
    };
    set_scoring("preset = \"ocop\"\ncriteria = { reach_index = 40, local_material_share = 60 }");
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let ps = read_parquet(&out.join("lake/marts/product_scores.parquet"));
    let (reach, local) = (f64s(&ps, "reach_index"), f64s(&ps, "local_material_share"));
    let max = |v: &[Option<f64>]| v.iter().flatten().copied().fold(0.0, f64::max);
    let (rmax, lmax) = (max(&reach), max(&local));
    for (((id, r), m), (score, stars)) in
        strs(&ps, "product_id").iter().zip(&reach).zip(&local).zip(
            f64s(&ps, "potential_score")
                .into_iter()
                .zip(f64s(&ps, "stars")),
        )
    {
        let want = 40.0 * r.unwrap_or(0.0) / rmax + 60.0 * m.unwrap_or(0.0) / lmax;
        let score = score.unwrap();
        assert!((score - want).abs() < 1e-9, "{id}: {score} vs {want}");
        let bands = [30.0, 50.0, 70.0, 90.0]
            .iter()
            .filter(|t| score >= **t)
            .count();
        assert_eq!(stars.unwrap() as usize, 1 + bands, "{id}");
    }

    // Points that do not add up to 100 are refused, naming the sum.
    set_scoring("preset = \"ocop\"\ncriteria = { reach_index = 40, local_material_share = 50 }");
    let refused = run_refused(tmp.path(), &tmp.path().join("bad"));
    assert!(
        stderr_of(&refused).contains("they sum to 90"),
        "{}",
        stderr_of(&refused)
    );
}

/// CPI is the cpi method; a preset that contradicts the study's own keys, or
/// MPE weights that are not whole numbers, are errors (exit 2).
#[test]
fn presets_refuse_what_contradicts_them() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let path = tmp.path().join("study/study.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    let with = |old: &str, new: &str| {
        let text = toml.replace(old, new);
        assert_ne!(text, toml);
        std::fs::write(&path, text).unwrap();
    };
    with(
        "method = \"saw\"\nnormalisation = \"minmax\"",
        "method = \"cpi\"",
    );
    let by_method = tmp.path().join("method");
    run_small(tmp.path(), &by_method);
    with(
        "method = \"saw\"\nnormalisation = \"minmax\"",
        "preset = \"cpi\"",
    );
    let by_preset = tmp.path().join("preset");
    run_small(tmp.path(), &by_preset);
    assert_eq!(scores_by_id(&by_method), scores_by_id(&by_preset));

    for (old, new, message) in [
        (
            "method = \"saw\"",
            "preset = \"mpe\"\nmethod = \"saw\"",
            "sets scoring.method = mpe",
        ),
        (
            "normalisation = \"minmax\"",
            "preset = \"ocop\"\nnormalisation = \"minmax\"",
            "sets scoring.normalisation = max",
        ),
        (
            "method = \"saw\"",
            "preset = \"mpe\"",
            "takes whole-number importance weights",
        ),
        (
            "method = \"saw\"",
            "preset = \"kpjuu\"",
            "unknown variant `kpjuu`, expected one of `kpju`, `cpi`, `mpe`, `ocop`",
        ),
        (
            "method = \"saw\"\nnormalisation = \"minmax\"\ncriteria = { reach_index = 0.5, local_material_share = 0.5 }",
            "preset = \"mpe\"\ncriteria = { reach_index = 99, local_material_share = 2 }",
            "the TKK sum to 101",
        ),
    ] {
        with(old, new);
        let refused = run_refused(tmp.path(), &tmp.path().join("bad"));
        assert!(
            stderr_of(&refused).contains(message),
            "{new}: {}",
            stderr_of(&refused)
        );
    }
}

/// KPJU with products that every assessor grades alike: their Bayes values
/// tie, so they share a mean rank and get the same score; row order decides
/// nothing.
#[test]
fn kpju_gives_tied_products_one_score() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rows = String::new();
    for who in ["Ani", "Budi"] {
        for id in ["A", "B", "C"] {
            rows.push_str(&format!("{who},{id},mutu,4\n"));
        }
        rows.push_str(&format!("{who},D,mutu,2\n"));
    }
    let products = [
        ("A", "Keripik A"),
        ("B", "Keripik B"),
        ("C", "Keripik C"),
        ("D", "Keripik D"),
    ];
    study(
        tmp.path(),
        &products,
        &rows,
        "preset = \"kpju\"\ncriteria = { expert_mutu = 1 }",
    );
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let scores = scores_by_id(&out);
    // A, B, C share ranks 1–3 (mean 2), D is 4th: points 4 − 2 = 2 and 0 per
    // assessor, out of 3: A, B, C score 66.7, D 0.
    for id in ["A", "B", "C"] {
        assert!(
            (scores[id] - 200.0 / 3.0).abs() < 1e-9,
            "{id}: {}",
            scores[id]
        );
    }
    assert_eq!(scores["D"], 0.0);
}
