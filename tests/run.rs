//! `ovop run`: the whole pipeline on the bundled demo and on a small study
//! whose every number is computed by hand below.

use std::collections::{BTreeMap, BTreeSet};

use predicates::prelude::*;

use crate::util::*;

const TIERS: [&str; 6] = [
    "village", "district", "regency", "province", "national", "export",
];

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn demo_study_accounts_for_every_row_and_picks_every_village() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let assert = ovop(tmp.path())
        .args(["run", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let lake = out.join("lake");

    // Lake row counts equal the bundled input files' rows, and read = accepted + rejected.
    let data = repo().join("notebooks-data/tuban/data");
    for dataset in ["villages", "products", "sales", "assessments"] {
        let input_rows = csv_rows(&data.join(format!("{dataset}.csv")));
        assert_eq!(lake_rows(&lake, dataset), input_rows, "{dataset}");
        assert!(
            stderr.contains(&format!(
                "read {input_rows}, accepted {input_rows}, rejected 0"
            )),
            "{stderr}"
        );
    }
    let manifest = ovop::lake::Lake::new(&lake).manifest().unwrap();
    for b in &manifest.batches {
        assert_eq!(b.rows_read, b.rows_accepted + b.rows_rejected, "{}", b.id);
    }

    // Tier shares sum to 1 for every product with sales; null otherwise.
    let reach = read_parquet(&lake.join("marts/market_reach.parquet"));
    let sales_value = f64s(&reach, "sales_value");
    let shares: Vec<Vec<Option<f64>>> = TIERS
        .iter()
        .map(|t| f64s(&reach, &format!("share_{t}")))
        .collect();
    for i in 0..reach.height() {
        if sales_value[i].unwrap() > 0.0 {
            let sum: f64 = shares.iter().map(|s| s[i].unwrap()).sum();
            assert!((sum - 1.0).abs() < 1e-9, "row {i}: shares sum to {sum}");
        } else {
            assert!(shares.iter().all(|s| s[i].is_none()));
        }
    }
    let products = csv_rows(&data.join("products.csv"));
    assert_eq!(
        reach.height(),
        products,
        "every product has a market_reach row"
    );

    // Exactly one pick per village with candidates.
    let scores = read_parquet(&lake.join("marts/product_scores.parquet"));
    let with_candidates: BTreeSet<String> = strs(&scores, "village_code").into_iter().collect();
    let selection = read_parquet(&lake.join("marts/village_selection.parquet"));
    let picked: Vec<String> = strs(&selection, "village_code");
    assert_eq!(picked.len(), with_candidates.len());
    assert_eq!(
        picked.iter().cloned().collect::<BTreeSet<_>>(),
        with_candidates
    );
    // Each pick is its village's best-ranked candidate.
    let rank_village = f64s(&scores, "rank_village");
    let best: BTreeMap<String, String> = strs(&scores, "village_code")
        .into_iter()
        .zip(strs(&scores, "product_id"))
        .zip(rank_village)
        .filter(|(_, r)| *r == Some(1.0))
        .map(|((v, p), _)| (v, p))
        .collect();
    for (v, p) in picked.iter().zip(strs(&selection, "product_id")) {
        assert_eq!(best[v], p);
    }

    // The console prints a pick for every village; the report names them.
    for v in &picked {
        assert!(stdout.contains(v.as_str()), "stdout lacks {v}");
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    for name in strs(&selection, "product_name") {
        assert!(
            html.contains(&ovop::report::html_escape(&name)),
            "report lacks {name}"
        );
    }
    assert!(html.contains("data sintetis / synthetic data"));
    for network in [
        "src=\"http",
        "href=\"http",
        "<link",
        "<script",
        "@import",
        "url(",
    ] {
        assert!(
            !html.contains(network),
            "the report must load nothing: found {network}"
        );
    }
    // Tables and the console say so too.
    assert!(stderr.contains("OVOP picks below: data sintetis / synthetic data"));
    let table = std::fs::read_to_string(out.join("tables/village_selection.csv")).unwrap();
    assert!(table
        .lines()
        .skip(1)
        .all(|l| l.ends_with(",data sintetis / synthetic data")));
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("synthetic data"));

    // Charts: valid PNG (2400×1500) and SVG; the label follows the data each shows:
    // synthetic products and sales, real BPS PDRB for the economic base.
    let economy = ["economic_base", "shift_share", "klassen"];
    for chart in ovop::chart::names() {
        let png = std::fs::read(out.join(format!("charts/{chart}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{chart}.png signature");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((width, height), (2400, 1500), "{chart}.png size");
        let svg = std::fs::read_to_string(out.join(format!("charts/{chart}.svg"))).unwrap();
        assert!(
            svg.contains("<svg") && svg.trim_end().ends_with("</svg>"),
            "{chart}.svg"
        );
        match economy.contains(&chart) {
            true => assert!(
                !svg.contains("sintetis") && svg.contains("BPS, via Bappenas SIMREG"),
                "{chart}.svg: real data labelled synthetic, or without its source"
            ),
            false => assert!(
                svg.contains("data sintetis / synthetic data"),
                "{chart}.svg lacks the synthetic label"
            ),
        }
    }

    // The map: every one of Tuban's 328 villages drawn from its real polygon
    // (one hover title each), all 20 kecamatan named, the boundary credit,
    // and the report inlines it with the hover layer.
    let map = std::fs::read_to_string(out.join("charts/map.svg")).unwrap();
    assert_eq!(map.matches("<title>").count(), 328);
    let kecamatan = [
        "Kenduruan",
        "Jatirogo",
        "Bangilan",
        "Bancar",
        "Senori",
        "Tambakboyo",
        "Singgahan",
        "Kerek",
        "Parengan",
        "Montong",
        "Soko",
        "Jenu",
        "Merakurak",
        "Rengel",
        "Semanding",
        "Tuban",
        "Plumpang",
        "Palang",
        "Widang",
        "Grabagan",
    ];
    for name in kecamatan {
        assert!(
            map.contains(&format!(">\n{name}\n</text>")),
            "{name} not named"
        );
    }
    assert!(map.contains("Batas desa: cahyadsn/wilayah_boundaries (MIT), dari data BIG; indikatif"));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(html.matches("class=\"ovop-map-hit\"").count(), 2 * 328);
}

#[test]
fn small_study_matches_hand_computed_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    let assert = run_small(tmp.path(), &out);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let lake = out.join("lake");

    // P5's village 35.23.08.2999 does not exist; P9 is unknown; one sale is in 2030.
    assert!(
        stderr.contains("products.csv: ingested; read 5, accepted 4, rejected 1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2023.csv: ingested; read 5, accepted 4, rejected 1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2024.csv: ingested; read 5, accepted 4, rejected 1"),
        "{stderr}"
    );
    let quarantine = read_parquet(
        &lake.join(
            ovop::lake::Lake::new(&lake)
                .manifest()
                .unwrap()
                .batches_of("products")
                .next()
                .unwrap()
                .files
                .iter()
                .find(|f| f.starts_with("_quarantine/"))
                .unwrap(),
        ),
    );
    assert_eq!(strs(&quarantine, "value"), vec!["35.23.08.2999"]);
    assert!(strs(&quarantine, "reason")[0].contains("35.23.08 (Kerek) exists"));
    assert_eq!(
        quarantine.column("line").unwrap().i32().unwrap().get(0),
        Some(6)
    );
    assert_eq!(lake_rows(&lake, "sales"), 8);

    let reach = read_parquet(&lake.join("marts/market_reach.parquet"));
    assert_eq!(strs(&reach, "product_id"), vec!["P1", "P2", "P3", "P4"]);
    // P1: 100k in its village, 300k to "3523" (Tuban itself: regency tier), 600k to Japan.
    assert!(close(f64s(&reach, "share_village")[0], 0.1));
    assert!(close(f64s(&reach, "share_regency")[0], 0.3));
    assert!(close(f64s(&reach, "share_export")[0], 0.6));
    // reach = (0·0.1 + 2·0.3 + 5·0.6)/5 = 0.72; P2 all district = 0.2;
    // P3 half province (35.24), half national (ID) = 0.7; P4 ¼ village, ¾ province = 0.45
    let reach_index = f64s(&reach, "reach_index");
    for (got, want) in reach_index.iter().zip([0.72, 0.2, 0.7, 0.45]) {
        assert!(close(*got, want), "{got:?} vs {want}");
    }
    // P1 destinations: Tuban (400k) and JP (600k): HHI 0.16 + 0.36; CAGR 600k/400k − 1.
    assert!(close(f64s(&reach, "destination_hhi")[0], 0.52));
    assert!(close(f64s(&reach, "cagr")[0], 0.5));
    assert!(close(f64s(&reach, "destination_entropy")[2], 1.0));

    // Scores: 50·minmax(reach) + 50·minmax(local material share).
    let scores = read_parquet(&lake.join("marts/product_scores.parquet"));
    let by_id: BTreeMap<String, f64> = strs(&scores, "product_id")
        .into_iter()
        .zip(
            f64s(&scores, "potential_score")
                .into_iter()
                .map(Option::unwrap),
        )
        .collect();
    let want = [
        ("P1", 90.0),
        ("P2", 20.0),
        ("P3", 50.0 * 0.5 / 0.52),
        ("P4", 50.0 * (0.25 / 0.52 + 1.0)),
    ];
    for (id, score) in want {
        assert!(
            (by_id[id] - score).abs() < 1e-9,
            "{id}: {} vs {score}",
            by_id[id]
        );
    }
    assert_eq!(
        f64s(&scores, "stars")
            .iter()
            .map(|s| s.unwrap() as i32)
            .collect::<Vec<_>>(),
        vec![5, 4, 2, 1]
    );

    let selection = read_parquet(&lake.join("marts/village_selection.parquet"));
    assert_eq!(
        strs(&selection, "village_code"),
        vec!["35.23.08.2006", "35.23.08.2008", "35.23.18.2016"]
    );
    assert_eq!(strs(&selection, "product_id"), vec!["P3", "P1", "P4"]);
    assert!(close(f64s(&selection, "margin")[1], 70.0));

    // Sensitivity: P1 dominates P2 on both criteria, so no weights unseat it and no
    // single weight change flips Margorejo; Gaji has one candidate.
    assert_eq!(
        f64s(&selection, "p_stays_pick"),
        vec![Some(1.0), Some(1.0), Some(1.0)]
    );
    assert_eq!(
        f64s(&selection, "flip_weight_change"),
        vec![None, None, None]
    );
    let sensitivity = read_parquet(&lake.join("marts/sensitivity.parquet"));
    assert_eq!(
        strs(&sensitivity, "product_id"),
        vec!["P1", "P4", "P3", "P2"]
    );
    let (p05, p95) = (
        f64s(&sensitivity, "rank_p05"),
        f64s(&sensitivity, "rank_p95"),
    );
    for i in 0..4 {
        assert!(p05[i].unwrap() <= p95[i].unwrap());
    }
    // P2 is worst on both criteria: last in every draw.
    assert_eq!((p05[3], p95[3]), (Some(4.0), Some(4.0)));
}

#[test]
fn rerun_is_a_no_op_and_gives_identical_marts_and_charts() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let snapshot = |rel: &str| std::fs::read(out.join(rel)).unwrap();
    let files = [
        "lake/marts/product_scores.parquet",
        "lake/marts/market_reach.parquet",
        "lake/marts/sensitivity.parquet",
        "lake/marts/village_selection.parquet",
        "index.html",
        "charts/ranking.svg",
        "charts/ranking.png",
        "summary.md",
        "tables/village_selection.csv",
        "tables/village_selection.xlsx",
        "tables/product_scores.xlsx",
        "manifest.json",
    ];
    let first: Vec<Vec<u8>> = files.iter().map(|f| snapshot(f)).collect();
    let again = run_small(tmp.path(), &out);
    let stderr = String::from_utf8(again.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("already in the lake"), "{stderr}");
    for (f, bytes) in files.iter().zip(first) {
        assert_eq!(snapshot(f), bytes, "{f} changed between identical runs");
    }
}

#[test]
fn a_folder_ovop_did_not_write_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("mine");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.docx"), b"precious").unwrap();
    ovop(tmp.path())
        .args(["run", "study/study.toml", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("was not written by ovop"));
    assert_eq!(std::fs::read(out.join("thesis.docx")).unwrap(), b"precious");
}

#[test]
fn a_misspelt_study_key_is_a_bad_input_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("s.toml"),
        "[study]\nname = \"x\"\nlangauge = \"en\"\n",
    )
    .unwrap();
    ovop(tmp.path())
        .args(["run", "s.toml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("langauge"));
}

#[test]
fn charts_and_report_redraw_from_the_marts_alone() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let svg = std::fs::read(out.join("charts/reach_tiers.svg")).unwrap();
    let html = std::fs::read(out.join("index.html")).unwrap();
    std::fs::remove_dir_all(out.join("charts")).unwrap();
    std::fs::remove_file(out.join("index.html")).unwrap();
    ovop(tmp.path())
        .args(["charts", "study/study.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
    ovop(tmp.path())
        .args(["report", "study/study.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(out.join("charts/reach_tiers.svg")).unwrap(),
        svg
    );
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), html);
    // English was asked for in the study: the report speaks it.
    let text = String::from_utf8(html).unwrap();
    assert!(
        text.contains("OVOP pick per village") && text.contains("<h1>OVOP Kabupaten Tuban</h1>")
    );
}

/// Every method runs end to end on the small study. CPI is checked by hand; TOPSIS (vector
/// normalisation by default) is checked against numpy on the raw criteria
/// reach = [0.72, 0.2, 0.7, 0.45], local material = [0.9, 0.8, 0.7, 0.95].
#[test]
fn every_scoring_method_runs_and_topsis_matches_numpy() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let toml = std::fs::read_to_string(tmp.path().join("study/study.toml")).unwrap();
    for method in ["saw", "wp", "mpe", "topsis", "borda", "cpi", "bayes"] {
        let text = toml.replace(
            "method = \"saw\"\nnormalisation = \"minmax\"\n",
            &format!("method = \"{method}\"\n"),
        );
        std::fs::write(tmp.path().join("study/study.toml"), text).unwrap();
        let out = tmp.path().join(method);
        run_small(tmp.path(), &out);
        let by_id = scores_by_id(&out);
        assert!(
            by_id.values().all(|s| (0.0..=100.0).contains(s)),
            "{method}: {by_id:?}"
        );
        // P1 dominates P2 on both criteria, so it ranks above it under every method,
        // and no single weight change (closed form or search) can flip Margorejo.
        assert!(by_id["P1"] > by_id["P2"], "{method}: {by_id:?}");
        let selection = read_parquet(&out.join("lake/marts/village_selection.parquet"));
        assert!(
            f64s(&selection, "flip_weight_change")
                .iter()
                .all(Option::is_none),
            "{method}"
        );
        // CPI by hand: indices to the minimum, reach 360, 100, 350, 225 and
        // local material 128.5714, 114.2857, 100, 135.7143; I = their means;
        // 100 · I / I(P1).
        if method == "cpi" {
            for (id, want) in [
                ("P1", 100.0),
                ("P2", 43.859649),
                ("P3", 92.105263),
                ("P4", 73.830409),
            ] {
                assert!(
                    (by_id[id] - want).abs() < 1e-5,
                    "{id}: {} vs {want}",
                    by_id[id]
                );
            }
        }
        if method == "topsis" {
            for (id, want) in [
                ("P1", 94.179137),
                ("P2", 11.134745),
                ("P3", 74.957339),
                ("P4", 52.632188),
            ] {
                assert!(
                    (by_id[id] - want).abs() < 1e-5,
                    "{id}: {} vs {want}",
                    by_id[id]
                );
            }
        }
    }
}

/// Names from the data never become code: a formula is text in CSV and XLSX,
/// a script tag is text in the HTML report and the SVG charts.
#[test]
fn hostile_names_are_shown_as_text_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let products = tmp.path().join("study/products.csv");
    let text = std::fs::read_to_string(&products)
        .unwrap()
        .replace(
            "Batik Gedog,batik",
            "\"=HYPERLINK(\"\"http://x\"\")\",batik",
        )
        .replace("Terasi Rebon", "<script>alert(1)</script>");
    std::fs::write(&products, text).unwrap();
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);

    let csv = std::fs::read_to_string(out.join("tables/village_selection.csv")).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(out.join("tables/village_selection.xlsx")).unwrap();
    let range = book.worksheet_range("village_selection").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    // The study speaks English: headers are its labels of the mart columns.
    let name_col = header.iter().position(|h| h == "Product").unwrap();
    let code_col = header.iter().position(|h| h == "Village code").unwrap();
    let score_col = header
        .iter()
        .position(|h| h == "Potential score (0–100)")
        .unwrap();
    let names: Vec<&Data> = range.rows().skip(1).map(|r| &r[name_col]).collect();
    assert!(
        names.contains(&&Data::String("'=HYPERLINK(\"http://x\")".into())),
        "{names:?}"
    );
    // Codes stay text, scores are numbers.
    assert!(range
        .rows()
        .skip(1)
        .all(|r| matches!(r[code_col], Data::String(_)) && matches!(r[score_col], Data::Float(_))));

    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let svg = std::fs::read_to_string(out.join("charts/ranking.svg")).unwrap();
    assert!(!svg.contains("<script>"), "the SVG must escape names");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let outputs: Vec<&str> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap())
        .collect();
    assert!(
        outputs.contains(&"index.html")
            && outputs.contains(&"tables/village_selection.xlsx")
            && outputs.contains(&"charts/ranking.svg")
    );
}

#[test]
fn sql_queries_the_lake_and_the_marts() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let lake = out.join("lake");
    let q = ovop(tmp.path())
        .args(["sql", "SELECT product_id, round(reach_index, 2) AS reach FROM market_reach ORDER BY product_id", "--lake"])
        .arg(&lake)
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(q.get_output().stdout.clone()).unwrap(),
        "product_id,reach\nP1,0.72\nP2,0.2\nP3,0.7\nP4,0.45\n"
    );
    // Sales keep their hive year; a join across a dataset and a mart works.
    let q = ovop(tmp.path())
        .args(["sql", "SELECT s.year, count(*) AS n FROM sales s JOIN village_selection v USING (product_id) GROUP BY s.year ORDER BY s.year", "--lake"])
        .arg(&lake)
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(q.get_output().stdout.clone()).unwrap(),
        "year,n\n2023,4\n2024,3\n"
    );
    ovop(tmp.path())
        .args(["sql", "SELECT * FROM nope", "--lake"])
        .arg(&lake)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("Tables: villages")
                .or(predicates::str::contains("Tables: products")),
        );
}

/// Borda over assessors, by hand: A1 means (P1 4, P2 2, P3 3, P4 not assessed → last),
/// A2 (P1 3, P2 4, P3 5, P4 1). Points n − rank: P1 3 + 1, P2 1 + 2, P3 2 + 3, P4 0;
/// out of k (n − 1) = 6 → 66.67, 50, 83.33, 0.
#[test]
fn borda_combines_the_assessors_rankings() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    std::fs::write(
        tmp.path().join("study/assessments.csv"),
        "product_id,assessor,criterion,score\nP1,A1,quality,5\nP1,A1,uniqueness,3\nP2,A1,quality,2\nP3,A1,quality,3\n\
         P1,A2,quality,3\nP2,A2,quality,4\nP3,A2,quality,5\nP4,A2,quality,1\n",
    )
    .unwrap();
    let toml = std::fs::read_to_string(tmp.path().join("study/study.toml")).unwrap();
    let toml = toml
        .replace(
            "sales = [\"sales/*.csv\"]",
            "sales = [\"sales/*.csv\"]\nassessments = [\"assessments.csv\"]",
        )
        .replace(
            "method = \"saw\"",
            "method = \"borda\"\nborda_over = \"assessors\"",
        );
    std::fs::write(tmp.path().join("study/study.toml"), toml).unwrap();
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let by_id = scores_by_id(&out);
    for (id, want) in [
        ("P1", 400.0 / 6.0),
        ("P2", 50.0),
        ("P3", 500.0 / 6.0),
        ("P4", 0.0),
    ] {
        assert!(
            (by_id[id] - want).abs() < 1e-9,
            "{id}: {} vs {want}",
            by_id[id]
        );
    }
}

/// A national-size study lists the first 2,000 picks in the HTML and points to
/// the full table, so the report stays light; the table has every pick.
#[test]
fn large_studies_list_2000_picks_in_html_and_all_in_the_table() {
    let tmp = tempfile::tempdir().unwrap();
    ovop(tmp.path())
        .args([
            "generate",
            "--region",
            "35",
            "--villages",
            "2300",
            "--products-per-village",
            "1",
        ])
        .args([
            "--sales-rows",
            "5000",
            "--years",
            "2",
            "--seed",
            "9",
            "--out",
            "study/data",
        ])
        .assert()
        .success();
    std::fs::write(
        tmp.path().join("study/study.toml"),
        "[study]\nname = \"jatim\"\nlang = \"en\"\nsynthetic = true\n[inputs]\nproducts = [\"data/products.csv\"]\nsales = [\"data/sales.csv\"]\n[sensitivity]\ndraws = 10\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let picks = csv_rows(&out.join("tables/village_selection.csv"));
    assert!(picks > 2000, "{picks} picks");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains(&format!("Shown 2000 / {picks}; the full list:")),
        "no pointer to the full table"
    );
}

/// Regression (issue 10): an output folder records the study that wrote it; another study's
/// run into it is refused (exit 2, naming both) unless told to replace it, and `--replace`
/// leaves nothing of the old study behind.
#[test]
fn an_output_folder_belongs_to_the_study_that_wrote_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let toml = std::fs::read_to_string(tmp.path().join("study/study.toml")).unwrap();
    std::fs::write(
        tmp.path().join("study/other.toml"),
        toml.replace("name = \"small\"", "name = \"other\""),
    )
    .unwrap();
    let refused = ovop(tmp.path())
        .args(["run", "study/other.toml", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("holds the output of study \"small\"")
            && stderr.contains("not of \"other\"")
            && stderr.contains("--replace"),
        "{stderr}"
    );
    // `ovop report` for the other study would mix the two as well.
    ovop(tmp.path())
        .args(["report", "study/other.toml", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    // A file of the user's inside the folder, and one of the old study's outputs that the
    // new study does not write (its sensitivity table: the other study has no draws).
    std::fs::write(out.join("tables/catatan-saya.docx"), "mine").unwrap();
    let other = std::fs::read_to_string(tmp.path().join("study/other.toml")).unwrap();
    std::fs::write(
        tmp.path().join("study/other.toml"),
        other + "\n[sensitivity]\ndraws = 0\n",
    )
    .unwrap();
    ovop(tmp.path())
        .args(["run", "study/other.toml", "--replace", "--out"])
        .arg(&out)
        .assert()
        .success();
    let marker = std::fs::read_to_string(out.join(".ovop-output")).unwrap();
    assert!(marker.contains("\"study\": \"other\""), "{marker}");
    assert!(
        !out.join("tables/sensitivity.csv").exists(),
        "the old study's outputs are gone"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("tables/catatan-saya.docx")).unwrap(),
        "mine",
        "a file ovop did not write stays"
    );
    // The same study again needs no flag.
    ovop(tmp.path())
        .args(["run", "study/other.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
}

/// Every file and folder below `dir`.
#[cfg(feature = "fault-injection")]
fn tree(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(tree(&path));
        }
        out.push(path);
    }
    out
}

#[cfg(feature = "fault-injection")]
/// Starts `ovop run` with a pause fault, waits until it pauses, presses Ctrl-C (SIGINT), and
/// returns its exit code and stderr.
fn interrupt_run(
    dir: &std::path::Path,
    out: &std::path::Path,
    fault: &str,
) -> (Option<i32>, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ovop"))
        .current_dir(dir)
        .env("OVOP_FAULT", fault)
        .args(["run", "study/study.toml", "--out"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            panic!("ovop ended before it paused:\n{seen}");
        }
        seen.push_str(&line);
        if line.contains("paused on purpose") {
            break;
        }
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    (status.code(), seen + &rest)
}

#[cfg(feature = "fault-injection")]
/// Regression (issue 10): Ctrl-C during an ingest leaves no temporary files and says the lake
/// is unchanged; during the marts, the temporary marts are removed and the previous marts stand.
#[test]
fn ctrl_c_leaves_no_temporary_files_and_says_what_the_lake_holds() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    let (code, stderr) = interrupt_run(tmp.path(), &out, "pause:rows:1");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted:") && stderr.contains("is unchanged"),
        "{stderr}"
    );
    let left: Vec<_> = tree(&out)
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(".tmp") || name == "_staging"
        })
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(
        !out.join("lake/_manifest.json").exists(),
        "nothing was committed"
    );

    // A complete run, then one stopped while its marts are still temporary files.
    run_small(tmp.path(), &out);
    let marts = std::fs::read(out.join("lake/marts/product_scores.parquet")).unwrap();
    let (code, stderr) = interrupt_run(tmp.path(), &out, "pause:marts");
    assert_eq!(code, Some(130), "{stderr}");
    let left: Vec<_> = tree(&out)
        .into_iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert_eq!(
        std::fs::read(out.join("lake/marts/product_scores.parquet")).unwrap(),
        marts,
        "the previous marts stand"
    );
}

/// Regression (issue 10): `ovop sql` takes `count(*)` and a trailing `;`, finds a study's lake
/// with `--study`, serves the quarantine as `rejected`, and says where to look for a lake.
#[test]
fn sql_counts_finds_a_studys_lake_and_serves_the_quarantine() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let sql = |query: &str| {
        let assert = ovop(tmp.path())
            .args(["sql", query, "--study", "study/study.toml", "--out"])
            .arg(&out)
            .assert()
            .success();
        String::from_utf8(assert.get_output().stdout.clone()).unwrap()
    };
    assert_eq!(sql("SELECT count(*) AS n FROM products;"), "n\n4\n");
    assert_eq!(sql("SELECT count(*) AS n FROM sales ;\n"), "n\n8\n");
    assert_eq!(
        sql("SELECT dataset, line, value FROM rejected ORDER BY dataset, line"),
        "dataset,line,value\nproducts,6,35.23.08.2999\nsales,6,P9\nsales,6,2030-01-01\n"
    );
    ovop(tmp.path())
        .args(["sql", "SELECT 1", "--lake", "nowhere"])
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("no lake at nowhere")
                .and(predicates::str::contains("--study")),
        );
}

/// Regression (issue 12): a rerun with sensitivity turned off kept the last
/// run's `sensitivity` mart; it was exported, listed in the manifest, linked
/// from the report and served by `ovop sql`.
#[test]
fn a_rerun_without_sensitivity_leaves_no_sensitivity_mart_table_or_link() {
    let tmp = tempfile::tempdir().unwrap();
    let study = tmp.path().join("study");
    copy_dir(&fixture("small"), &study);
    let toml = study.join("study.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[sensitivity]\ndraws = 20\n")).unwrap();
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let mart = out.join("lake/marts/sensitivity.parquet");
    assert_eq!(read_parquet(&mart).height(), 4, "four scored candidates");
    assert!(out.join("tables/sensitivity.csv").is_file());

    std::fs::write(&toml, format!("{text}\n[sensitivity]\ndraws = 0\n")).unwrap();
    run_small(tmp.path(), &out);
    assert!(!mart.exists(), "the sensitivity mart survived the rerun");
    for ext in ["csv", "xlsx"] {
        assert!(!out.join(format!("tables/sensitivity.{ext}")).exists());
    }
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(!manifest.contains("tables/sensitivity"), "{manifest}");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("tables/sensitivity"), "the report links it");
    assert!(html.contains("tables/village_selection.xlsx"));
    ovop(tmp.path())
        .args(["sql", "--lake"])
        .arg(out.join("lake"))
        .arg("SELECT count(*) AS n FROM sensitivity")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("Tables:").and(predicate::str::contains("village_selection")),
        );
    // The marts the settings still produce are all there.
    let selection = read_parquet(&out.join("lake/marts/village_selection.parquet"));
    assert!(selection.column("p_stays_pick").is_err());
    assert_eq!(selection.height(), 3);
}

/// A mart that lacks a column (edited, or written by another version) is an
/// error naming the mart and the column, not a silent default.
#[test]
fn a_mart_missing_a_column_is_an_error_naming_mart_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let path = out.join("lake/marts/village_selection.parquet");
    let mut df = read_parquet(&path).drop("stars").unwrap();
    polars::prelude::ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut df)
        .unwrap();
    ovop(tmp.path())
        .args(["report", "study/study.toml", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("mart village_selection has no column stars")
                .and(predicate::str::contains("village_selection.parquet")),
        );
}
