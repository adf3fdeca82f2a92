//! Relatedness and complexity (SPEC §5.6) through `ovop run`, on a planner's
//! file with Indonesian headers and category names: the values of the marts,
//! the next products, the nulls with reasons and the criteria.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::*;

/// The 6 × 4 matrix of the unit test `equals_the_growth_lab_package_on_a_small_matrix`
/// (batik, food, pottery, wood): producers per village, one product per cell.
const MATRIX: [[u32; 4]; 6] = [
    [12, 0, 1, 3],
    [5, 7, 0, 0],
    [0, 4, 6, 1],
    [2, 2, 11, 0],
    [1, 0, 2, 9],
    [3, 3, 3, 1],
];
const KATEGORI: [&str; 4] = [
    "Batik Tulis",
    "Makanan & Minuman",
    "Gerabah",
    "Kerajinan Kayu",
];

/// The study: villages 35.23.01.2001–2006 hold the matrix; 2007 has one
/// product whose producers were left blank.
fn study(dir: &Path, extra: &str) {
    let root = dir.join("study");
    std::fs::create_dir_all(&root).unwrap();
    let mut p = String::from("id_produk;kode_desa;nama_produk;kategori;jumlah_unit_usaha\n");
    let mut n = 0;
    for (v, row) in MATRIX.iter().enumerate() {
        for (c, x) in row.iter().enumerate() {
            if *x > 0 {
                n += 1;
                p.push_str(&format!(
                    "P{n};35.23.01.200{};Produk {n};{};{x}\n",
                    v + 1,
                    KATEGORI[c]
                ));
            }
        }
    }
    p.push_str("P99;35.23.01.2007;Keripik Tempe Sidohasri;Makanan & Minuman;\n");
    std::fs::write(root.join("produk.csv"), p).unwrap();
    std::fs::write(
        root.join("penjualan.csv"),
        "id_produk;tanggal;wilayah_pembeli;nilai\nP1;01/03/2024;35.23;100000\n",
    )
    .unwrap();
    std::fs::write(
        root.join("study.toml"),
        format!(
            "[study]\nname = \"keterkaitan\"\nregion = \"35.23\"\nlang = \"en\"\nsynthetic = true\nsource = \"uji\"\n\n\
             [inputs]\nproducts = [\"produk.csv\"]\nsales = [\"penjualan.csv\"]\n\n{extra}"
        ),
    )
    .unwrap();
}

fn by_key(
    df: &polars::prelude::DataFrame,
    keys: &[&str],
    value: &str,
) -> BTreeMap<String, Option<f64>> {
    let cols: Vec<Vec<String>> = keys.iter().map(|k| strs(df, k)).collect();
    (0..df.height())
        .map(|i| {
            (
                cols.iter()
                    .map(|c| c[i].as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                f64s(df, value)[i],
            )
        })
        .collect()
}

#[test]
fn the_marts_equal_the_growth_lab_numbers_and_say_why_values_are_null() {
    let tmp = tempfile::tempdir().unwrap();
    // A study that does not use relatedness is not warned about it…
    study(tmp.path(), "");
    let quiet = run_small(tmp.path(), &tmp.path().join("plain"));
    assert!(
        !stderr_of(&quiet).contains("relatedness matrix"),
        "{}",
        stderr_of(&quiet)
    );
    // …one that weights it is: six villages are too few for proximities.
    study(
        tmp.path(),
        "[scoring]\ncriteria = { reach_index = 0.5, relatedness_density = 0.5 }\n",
    );
    let out = tmp.path().join("out");
    let run = run_small(tmp.path(), &out);
    assert!(
        stderr_of(&run)
            .contains("The relatedness matrix is small or sparse (6 villages × 4 categories"),
        "{}",
        stderr_of(&run)
    );
    let marts = out.join("lake/marts");
    let rel = read_parquet(&marts.join("relatedness.parquet"));
    assert_eq!(
        rel.height(),
        24,
        "6 villages × 4 categories; 2007 has no producers"
    );
    // ecomplexity 0.5.3 on this matrix (the unit test's numbers).
    let density = by_key(&rel, &["village_code", "category"], "density");
    assert!((density["35.23.01.2001 batik"].unwrap() - 0.818181818182).abs() < 1e-9);
    assert!((density["35.23.01.2003 food_beverage"].unwrap() - 0.8).abs() < 1e-9);
    let pci = by_key(&rel, &["category"], "pci");
    for (c, want) in [
        ("batik", 0.666006997641),
        ("food_beverage", -0.522410379474),
        ("pottery", -1.242058037969),
        ("wood_craft", 1.494600545507),
    ] {
        assert!((pci[c].unwrap() - want).abs() < 1e-9, "{c}: {:?}", pci[c]);
    }
    let vc = read_parquet(&marts.join("village_complexity.parquet"));
    let eci = by_key(&vc, &["village_code"], "eci");
    let want = [
        1.080303771574,
        0.071798309083,
        -0.882234208722,
        -1.242058037969,
        1.494600545507,
        -0.522410379474,
    ];
    for (k, w) in want.iter().enumerate() {
        let e = eci[&format!("35.23.01.200{}", k + 1)].unwrap();
        assert!((e - w).abs() < 1e-9, "{k}: {e}");
    }
    // The village without producers: a row, nulls and the reason.
    assert_eq!(eci["35.23.01.2007"], None);
    let notes: BTreeMap<String, String> = strs(&vc, "village_code")
        .into_iter()
        .zip(
            ovop::score::potential::optional_text(&vc, "note")
                .unwrap()
                .into_iter()
                .map(|n| n.unwrap_or_default()),
        )
        .collect();
    assert_eq!(notes["35.23.01.2007"], "no producers recorded");
    assert_eq!(notes["35.23.01.2001"], "");
    // Small villages (fewer than 5 producers): none here but 2007 (0).
    let small = by_key(&vc, &["village_code"], "small_village");
    assert_eq!(small["35.23.01.2007"], Some(1.0));
    assert_eq!(small["35.23.01.2002"], Some(0.0));

    // Next products of 35.23.01.2002 (specialised in batik and food): wood
    // (density 1/3) before pottery (0.25), densest first.
    let next = by_key(&rel, &["village_code", "category"], "next_rank");
    assert_eq!(next["35.23.01.2002 wood_craft"], Some(1.0));
    assert_eq!(next["35.23.01.2002 pottery"], Some(2.0));
    assert_eq!(next["35.23.01.2002 batik"], None, "already specialised");
    // 35.23.01.2004 (pottery only): food relates (density 0.2); batik and
    // wood relate to nothing it does (density 0), so they are not ranked.
    assert_eq!(next["35.23.01.2004 food_beverage"], Some(1.0));
    assert_eq!(next["35.23.01.2004 batik"], None);
    assert_eq!(next["35.23.01.2004 wood_craft"], None);

    // The criterion: each product carries its village's density in its category.
    let ps = read_parquet(&marts.join("product_scores.parquet"));
    let own = by_key(&ps, &["product_id"], "relatedness_density");
    assert!(
        (own["P1"].unwrap() - 0.818181818182).abs() < 1e-9,
        "P1 is batik in 2001"
    );
    assert_eq!(
        own["P99"], None,
        "outside the matrix: null, so scored as the worst"
    );
    let complexity = by_key(&ps, &["product_id"], "category_complexity");
    assert!((complexity["P1"].unwrap() - 0.666006997641).abs() < 1e-9);
}

/// Weighted, the criteria move the scores; a wider reference than the
/// region is refused when malformed; a threshold must be positive.
#[test]
fn the_criteria_score_and_the_settings_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    study(
        tmp.path(),
        "[scoring]\nmethod = \"saw\"\nnormalisation = \"minmax\"\ncriteria = { relatedness_density = 1 }\n",
    );
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let ps = read_parquet(&out.join("lake/marts/product_scores.parquet"));
    let density = by_key(&ps, &["product_id"], "relatedness_density");
    let score = by_key(&ps, &["product_id"], "potential_score");
    let found: Vec<f64> = density.values().flatten().copied().collect();
    let (lo, hi) = found
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
    for (id, d) in &density {
        let want = d.map_or(0.0, |d| 100.0 * (d - lo) / (hi - lo));
        assert!((score[id].unwrap() - want).abs() < 1e-9, "{id}");
    }

    for (extra, message) in [
        (
            "[relatedness]\nthreshold = 0\n",
            "relatedness.threshold = 0",
        ),
        (
            "[relatedness]\nreference = \"Jawa Timur\"\n",
            "relatedness.reference = \"Jawa Timur\"",
        ),
        (
            "[relatedness]\nmeasure = \"omzet\"\n",
            "unknown variant `omzet`",
        ),
        (
            "[relatedness]\nreference = \"35.22\"\n",
            "does not contain the study region 35.23",
        ),
    ] {
        study(tmp.path(), extra);
        let refused = run_refused(tmp.path(), &tmp.path().join("bad"));
        assert!(
            stderr_of(&refused).contains(message),
            "{extra}: {}",
            stderr_of(&refused)
        );
    }
}

/// `reference = "35"`: the lake holds products beyond the region, the
/// proximities come from all of them, the rows stay the study's villages.
#[test]
fn a_wider_reference_shapes_the_matrix_but_not_the_rows() {
    let tmp = tempfile::tempdir().unwrap();
    study(tmp.path(), "[relatedness]\nreference = \"35\"\n");
    // A Bojonegoro village (35.22, outside the study region, so not scored)
    // specialised in pottery and wood.
    let mut p = std::fs::read_to_string(tmp.path().join("study/produk.csv")).unwrap();
    p.push_str("B1;35.22.01.2001;Gerabah Bojonegoro;Gerabah;40\nB2;35.22.01.2001;Ukiran Bojonegoro;Kerajinan Kayu;40\n");
    std::fs::write(tmp.path().join("study/produk.csv"), p).unwrap();
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let rel = read_parquet(&out.join("lake/marts/relatedness.parquet"));
    assert!(strs(&rel, "village_code")
        .iter()
        .all(|v| v.starts_with("35.23.")));
    assert!(strs(&rel, "reference").iter().all(|r| r == "35"));
    // Its 80 producers enter the total (76 + 80): RCA of 2001 in batik = (12/16) / (23/156).
    let rca = by_key(&rel, &["village_code", "category"], "rca");
    let want = (12.0 / 16.0) / (23.0 / 156.0);
    assert!(
        (rca["35.23.01.2001 batik"].unwrap() - want).abs() < 1e-12,
        "{:?}",
        rca["35.23.01.2001 batik"]
    );
}

/// `by = "product_type"`: the planner's finer types make the matrix; two
/// spellings of one type are one column, an untyped product is left out
/// with a warning, and a products file without the column is refused.
#[test]
fn relatedness_by_product_type() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("study");
    std::fs::create_dir_all(&root).unwrap();
    let mut p =
        String::from("id_produk;kode_desa;nama_produk;kategori;jumlah_unit_usaha;tipe_produk\n");
    // Six villages; food split into legen (2001–2003) and keripik (2004–2006).
    for v in 1..=6 {
        let kind = if v <= 3 { "Legen Siwalan" } else { "Keripik" };
        let spelt = if v == 2 { "legen siwalan" } else { kind };
        p.push_str(&format!(
            "F{v};35.23.01.200{v};Produk {v};Makanan;10;{spelt}\n"
        ));
        let craft = if v % 2 == 0 {
            "Anyaman Bambu"
        } else {
            "Gerabah"
        };
        p.push_str(&format!(
            "C{v};35.23.01.200{v};Kerajinan {v};Anyaman;{};{craft}\n",
            5 + v
        ));
    }
    p.push_str("U1;35.23.01.2001;Tanpa Tipe;Makanan;4;\n");
    std::fs::write(root.join("produk.csv"), &p).unwrap();
    std::fs::write(
        root.join("penjualan.csv"),
        "id_produk;tanggal;wilayah_pembeli;nilai\nF1;01/03/2024;35.23;100000\n",
    )
    .unwrap();
    let toml = "[study]\nname = \"tipe\"\nregion = \"35.23\"\nlang = \"en\"\nsynthetic = true\nsource = \"uji\"\n\n\
                [inputs]\nproducts = [\"produk.csv\"]\nsales = [\"penjualan.csv\"]\n\n[relatedness]\nby = \"product_type\"\n";
    std::fs::write(root.join("study.toml"), toml).unwrap();
    let out = tmp.path().join("out");
    let run = run_small(tmp.path(), &out);
    assert!(
        stderr_of(&run).contains("1 products without a product_type are left out"),
        "{}",
        stderr_of(&run)
    );
    let rel = read_parquet(&out.join("lake/marts/relatedness.parquet"));
    let mut types: Vec<String> = strs(&rel, "category");
    types.sort();
    types.dedup();
    assert_eq!(
        types,
        ["Anyaman Bambu", "Gerabah", "Keripik", "Legen Siwalan"]
    );
    // 2001's legen value: 10 (the untyped 4 producers are not in it).
    let value = by_key(&rel, &["village_code", "category"], "value");
    assert_eq!(value["35.23.01.2001 Legen Siwalan"], Some(10.0));
    assert_eq!(
        value["35.23.01.2002 Legen Siwalan"],
        Some(10.0),
        "one type, two spellings"
    );
    // The product's criterion is its own type's density; the untyped one has none.
    let ps = read_parquet(&out.join("lake/marts/product_scores.parquet"));
    let own = by_key(&ps, &["product_id"], "relatedness_density");
    let density = by_key(&rel, &["village_code", "category"], "density");
    assert_eq!(own["F1"], density["35.23.01.2001 Legen Siwalan"]);
    assert_eq!(own["U1"], None);

    // Without the column: refused, naming it.
    let lines: Vec<String> = p
        .lines()
        .map(|l| l.rsplit_once(';').map_or(l, |(a, _)| a).to_string())
        .collect();
    std::fs::write(root.join("produk.csv"), lines.join("\n") + "\n").unwrap();
    let refused = run_refused(tmp.path(), &tmp.path().join("bad"));
    assert!(
        stderr_of(&refused).contains("no product has a product_type"),
        "{}",
        stderr_of(&refused)
    );
}
