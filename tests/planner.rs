//! A planner's own study (issue 10): Kabupaten Bojonegoro as a Bappeda planner builds it by
//! hand from the `ovop init` templates (`tests/fixtures/planner/`, written with openpyxl by
//! `make_fixture.py`; see its header for every trap it sets). The run must read every value as
//! the planner meant it, say what it left out, and produce a brief with no English keys, no
//! false source claim and no zero where data is missing.
//!
//! Numbers computed by hand from the fixture:
//! - Kepatihan's area is the number cell 12.345 (km²), although the study sets decimal = comma.
//! - Sales (2022–2024): BJN-01 regency 2.0 M, province 3.0 M, national 4.0 M, export 1.0 M, so
//!   reach = (2·0.2 + 3·0.3 + 4·0.4 + 5·0.1)/5 = 0.68 and CAGR = (5.0/2.0)^(1/2) − 1; its
//!   channels: direct 0.2 (Langsung), exhibition 0.3 (Pameran), marketplace 0.4 (Online
//!   (Shopee)), export agent 0.1 (Agen Ekspor). BJN-02 village 1.0 M, district 0.5 M, regency
//!   1.5 M, province 2.0 M: reach = (0 + 0.1 + 0.6 + 1.2)/5 = 0.38, CAGR = (3.0/0.5)^(1/2) − 1,
//!   and its "Arisan" sale (1.0 M) has no channel. BJN-03: regency only (0.4), nothing in 2022
//!   (no growth). BJN-04: province only (0.6), flat (growth 0). BJN-06: no sales.
//! - Local material: 0.9 (a 90 % cell), 0.75 ("75%"), 0.6, 1.0, 0.85 ("85%").
//! - Scores: weights 50/30/20 (rescaled to 0.5/0.3/0.2), min–max over the products that have a
//!   value, missing scored as the worst (0):
//!   reach norm 1, 0, 0.02/0.30, 0.22/0.30, – ; local 0.75, 0.375, 0, 1, 0.625;
//!   growth g1/g2, 1, –, 0, – with g1 = √2.5 − 1, g2 = √6 − 1. So
//!   BJN-01 = 100 (0.5 + 0.225 + 0.2 g1/g2), BJN-02 = 31.25, BJN-03 = 100 (0.5 · 0.02/0.3),
//!   BJN-04 = 100 (0.5 · 0.22/0.3 + 0.3), BJN-06 = 18.75.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::util::*;

fn planner(dir: &Path) -> std::path::PathBuf {
    copy_dir(&fixture("planner"), &dir.join("study"));
    dir.join("study/study.toml")
}

fn run_planner(dir: &Path, study: &Path) -> (std::path::PathBuf, String) {
    let out = dir.join("out");
    let assert = ovop(dir)
        .args(["run"])
        .arg(study)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    (out, stderr)
}

fn by_id(df: &polars::prelude::DataFrame, column: &str) -> BTreeMap<String, Option<f64>> {
    strs(df, "product_id")
        .into_iter()
        .zip(f64s(df, column))
        .collect()
}

fn close(got: Option<f64>, want: f64) -> bool {
    got.is_some_and(|g| (g - want).abs() < 1e-9)
}

fn g1() -> f64 {
    2.5f64.sqrt() - 1.0
}

fn g2() -> f64 {
    6f64.sqrt() - 1.0
}

#[test]
fn a_planners_study_reads_as_meant_and_says_what_it_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let study = planner(tmp.path());
    let (out, stderr) = run_planner(tmp.path(), &study);
    let lake = out.join("lake");

    // Every row accounted for: one product row rejected (category typo), cells dropped, not rows.
    assert!(
        stderr.contains("read 8, accepted 7, rejected 1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("read 14, accepted 14, rejected 0"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\"Makanan Olahn\" is not one of"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(row 12)"),
        "the rejection names its sheet row: {stderr}"
    );

    // A number cell is a number: 12.345 km², not 12,345, with decimal = "comma".
    let villages = read_parquet(
        &lake.join(
            ovop::lake::Lake::new(&lake)
                .manifest()
                .unwrap()
                .batches_of("villages")
                .next()
                .unwrap()
                .files[0]
                .clone(),
        ),
    );
    let area: BTreeMap<String, Option<f64>> = strs(&villages, "village_code")
        .into_iter()
        .zip(f64s(&villages, "area_km2"))
        .collect();
    assert_eq!(area["35.22.15.1005"], Some(12.345));
    assert_eq!(area["35.22.19.2010"], Some(8.5));

    // Shares, prices and certifications as typed in the workbook.
    let scores = read_parquet(&lake.join("marts/product_scores.parquet"));
    let local = by_id(&scores, "local_material_share");
    for (id, want) in [
        ("BJN-01", 0.9),
        ("BJN-02", 0.75),
        ("BJN-03", 0.6),
        ("BJN-04", 1.0),
        ("BJN-06", 0.85),
    ] {
        assert!(close(local[id], want), "{id}: {:?}", local[id]);
    }
    // Value added: (Rp 350.000 − 210000)/350000 and (15000 − Rp 9.000)/15000.
    let value_added = by_id(&scores, "value_added_ratio");
    assert!(close(value_added["BJN-01"], 0.4) && close(value_added["BJN-02"], 0.4));

    // Out of the region (a Tuban template row and a mistyped Lamongan code): not scored.
    assert_eq!(
        strs(&scores, "product_id")
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>(),
        ["BJN-01", "BJN-02", "BJN-03", "BJN-04", "BJN-06"]
            .map(String::from)
            .into_iter()
            .collect()
    );

    // Market reach and channels, with the Indonesian channel names read.
    let reach = read_parquet(&lake.join("marts/market_reach.parquet"));
    let index = by_id(&reach, "reach_index");
    for (id, want) in [
        ("BJN-01", 0.68),
        ("BJN-02", 0.38),
        ("BJN-03", 0.4),
        ("BJN-04", 0.6),
    ] {
        assert!(close(index[id], want), "{id}: {:?}", index[id]);
    }
    assert_eq!(index["BJN-06"], None);
    let channel = |c: &str| by_id(&reach, &format!("share_channel_{c}"));
    assert!(close(channel("direct")["BJN-01"], 0.2));
    assert!(close(channel("exhibition")["BJN-01"], 0.3));
    assert!(close(channel("marketplace")["BJN-01"], 0.4));
    assert!(close(channel("export_agent")["BJN-01"], 0.1));
    assert!(
        close(channel("unknown")["BJN-02"], 0.2),
        "the Arisan sale has no channel"
    );
    let cagr = by_id(&reach, "cagr");
    assert!(close(cagr["BJN-01"], g1()) && close(cagr["BJN-02"], g2()));
    assert_eq!(cagr["BJN-03"], None, "no sales in 2022: no growth");

    // Potential scores by hand (module header).
    let potential = by_id(&scores, "potential_score");
    let want = [
        ("BJN-01", 100.0 * (0.5 + 0.225 + 0.2 * g1() / g2())),
        ("BJN-02", 31.25),
        ("BJN-03", 100.0 * 0.5 * 0.02 / 0.3),
        ("BJN-04", 100.0 * (0.5 * 0.22 / 0.3 + 0.3)),
        ("BJN-06", 18.75),
    ];
    for (id, score) in want {
        assert!(
            potential[id].is_some_and(|p| (p - score).abs() < 1e-6),
            "{id}: {:?} vs {score}",
            potential[id]
        );
    }
    let picks = read_parquet(&lake.join("marts/village_selection.parquet"));
    assert_eq!(
        strs(&picks, "product_id"),
        vec!["BJN-04", "BJN-01", "BJN-06", "BJN-02"],
        "Wedi, Kepatihan, Kalitidu, Padangan"
    );

    // The warnings a planner must see.
    for warning in [
        "2 kandidat berada di luar Kabupaten Bojonegoro (35.22) dan tidak dinilai",
        "BJN-05 Anyaman Bambu (35.24.01.2001, Sembung, Kabupaten Lamongan)",
        "Baris contoh templat `ovop init` masih ada di data produk (P0001 Batik Gedog",
        "Bobot kriteria berjumlah 100, bukan 1",
        "Skor penilaian ahli dimuat tetapi tidak dipakai",
        "expert_keunikan, expert_keunikkan, expert_kualitas",
        "Kriteria ahli expert_keunikkan hanya dinilai untuk 1 dari 5 produk",
        "Mungkin salah ketik untuk expert_keunikan?",
        "BJN-04 Salak Wedi (35.22.14.2008, Wedi, Kabupaten Bojonegoro)",
    ] {
        assert!(
            stderr.contains(warning),
            "stderr lacks {warning:?}:\n{stderr}"
        );
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<h1>OVOP Kabupaten Bojonegoro</h1>"));
    let ranking = std::fs::read_to_string(out.join("charts/ranking.svg")).unwrap();
    assert!(ranking.contains("produk dengan skor potensi tertinggi — Kabupaten Bojonegoro"));
    for warning in [
        "Mungkin salah ketik untuk expert_keunikan?",
        "tidak dinilai",
    ] {
        assert!(html.contains(warning), "the report lacks {warning:?}");
    }
}

/// `text` without every part from `open` to the next `close`.
fn without(text: &str, open: &str, close: &str) -> String {
    let mut kept = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        kept.push_str(&rest[..start]);
        rest = rest[start..]
            .find(close)
            .map_or("", |end| &rest[start + end + close.len()..]);
    }
    kept.push_str(rest);
    kept
}

/// Text a reader sees: tags, inline SVG and the data notes (which quote study keys on
/// purpose, e.g. `scoring.criteria`) removed.
fn visible_text(html: &str) -> String {
    let html = without(html, "<svg", "</svg>");
    let html = without(&html, "<ul class=\"warnings\">", "</ul>");
    let html = without(&html, "<style>", "</style>");
    without(&html, "<", ">")
}

/// English keys of the data (`food_beverage`, `share_export`, `potential_score`, …).
fn snake_case_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            w.contains('_')
                && w.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && !w.ends_with('_')
        })
        .map(String::from)
        .collect()
}

#[test]
fn the_brief_has_no_english_keys_no_false_claim_and_no_zero_for_missing_data() {
    let tmp = tempfile::tempdir().unwrap();
    let study = planner(tmp.path());
    let (out, _) = run_planner(tmp.path(), &study);

    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let text = visible_text(&html);
    let keys: Vec<String> = snake_case_words(&text)
        .into_iter()
        .filter(|w| !w.starts_with("bojonegoro"))
        .collect();
    assert!(
        keys.is_empty(),
        "English keys in the Indonesian report: {keys:?}"
    );
    for key in [
        "food_beverage",
        "agriculture",
        "wood_craft",
        "unggulan ",
        "tertinggal ",
    ] {
        assert!(!text.contains(key), "the report shows the key {key:?}");
    }
    // † only where the source is a citation: a web address, or a publication the study lists.
    let marked: Vec<&str> = html.lines().filter(|l| l.contains(" †</td>")).collect();
    assert_eq!(marked.len(), 2, "{marked:?}");
    assert!(marked.iter().any(|l| l.contains("Batik Jonegoroan")));
    assert!(marked.iter().any(|l| l.contains("Ledre Padangan")));
    assert!(
        !html.contains("Salak Wedi †"),
        "free text is not a citation"
    );
    assert!(
        !html.contains("tercatat dalam sumber terbitan"),
        "the old false claim"
    );
    // Kerajinan Kayu Jati has no sales: its reach is "no data", not 0.
    let top = &html[html
        .find("<h2>Produk teratas</h2>")
        .expect("the top products")..];
    let row = top
        .lines()
        .find(|l| l.contains("<td>Kerajinan Kayu Jati</td>"))
        .expect("a top-products row");
    assert!(row.contains("tidak ada data"), "{row}");
    assert!(
        html.contains("2 / 5 (dinilai terburuk)"),
        "missing growth counted per criterion"
    );

    // Tables: Indonesian headers and categories, no snake_case, names in every table.
    for table in [
        "village_selection",
        "product_scores",
        "market_reach",
        "sensitivity",
    ] {
        let csv = std::fs::read_to_string(out.join(format!("tables/{table}.csv"))).unwrap();
        let header = csv.lines().next().unwrap();
        assert!(snake_case_words(header).is_empty(), "{table}: {header}");
        assert!(
            header.contains("Nama produk"),
            "{table} lacks product names: {header}"
        );
        for key in [
            "food_beverage",
            "wood_craft",
            "agriculture",
            ",batik,",
            ",unggulan,",
        ] {
            assert!(!csv.contains(key), "{table}.csv holds the key {key}");
        }
    }
    // XLSX: missing values say so, numbers are numbers with a display format.
    let mut book: Xlsx<_> = open_workbook(out.join("tables/product_scores.xlsx")).unwrap();
    let range = book.worksheet_range("product_scores").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|h| *h == Data::String(name.into()))
            .unwrap()
    };
    let (id, growth, missing) = (
        col("ID produk"),
        col("Pertumbuhan penjualan"),
        col("Kriteria tanpa data"),
    );
    let tempe = rows
        .iter()
        .find(|r| r[id] == Data::String("BJN-03".into()))
        .unwrap();
    assert_eq!(tempe[growth], Data::String("tidak ada data".into()));
    assert_eq!(tempe[missing], Data::String("Pertumbuhan penjualan".into()));
    let batik = rows
        .iter()
        .find(|r| r[id] == Data::String("BJN-01".into()))
        .unwrap();
    assert!(matches!(batik[growth], Data::Float(g) if (g - g1()).abs() < 1e-12));

    // Every rejected row and emptied value is listed with its file, line and reason.
    let rejected = std::fs::read_to_string(out.join("rejected.csv")).unwrap();
    assert!(
        rejected.starts_with("Data,Berkas,Baris,Kolom,Nilai,Alasan,Tindakan"),
        "{rejected}"
    );
    for want in [
        "Produk,produk.xlsx [Produk],12,Kategori,Makanan Olahn,",
        "Produk,produk.xlsx [Produk],8,Sertifikasi,ISO 9001,",
        "Penjualan,penjualan.csv,11,Saluran,Arisan,",
    ] {
        assert!(
            rejected.contains(want),
            "rejected.csv lacks {want:?}:\n{rejected}"
        );
    }
    assert!(html.contains("<a href=\"rejected.xlsx\">"));
}

/// Regression (issue 10): with the default limit, losing 1 of 8 products (12.5 %) stops the
/// run with exit 2, naming the dataset, the count, the reason with its row and where the
/// rejected rows are; before, the run succeeded on whatever was left.
#[test]
fn a_run_that_loses_too_many_rows_stops_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let study = planner(tmp.path());
    let text = std::fs::read_to_string(&study)
        .unwrap()
        .replace("max_rejected_share = 0.15\n", "");
    std::fs::write(&study, text).unwrap();
    let out = tmp.path().join("out");
    let assert = ovop(tmp.path())
        .arg("run")
        .arg(&study)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for want in [
        "products: 1 of 8 rows (12 %) were rejected, more than inputs.max_rejected_share = 0.05",
        "1 × category: \"Makanan Olahn\" is not one of",
        "produk.xlsx [Produk], row 12)",
        "rejected.xlsx",
    ] {
        assert!(stderr.contains(want), "stderr lacks {want:?}:\n{stderr}");
    }
    assert!(out.join("rejected.xlsx").exists() && !out.join("index.html").exists());
    // `ovop validate` on the study says the same, and writes nothing.
    let assert = ovop(tmp.path())
        .arg("validate")
        .arg(&study)
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("products: 1 of 8 rows"), "{stderr}");
    assert!(!tmp.path().join("study/lake").exists());
}

/// `ovop validate STUDY.toml` checks every input with the study's own settings (here decimal =
/// comma and the region) and prints the run's warnings; exit 0 within the study's limit.
#[test]
fn validate_checks_a_whole_study_with_its_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let study = planner(tmp.path());
    let before: Vec<_> = std::fs::read_dir(tmp.path().join("study"))
        .unwrap()
        .collect();
    let assert = ovop(tmp.path())
        .arg("validate")
        .arg(&study)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for want in [
        "read 8, accepted 7, rejected 1",
        "tidak dinilai",
        "1 row(s) would be rejected and 2 cell(s) left empty",
        "5 candidate products in 4 villages would be scored",
    ] {
        assert!(stderr.contains(want), "stderr lacks {want:?}:\n{stderr}");
    }
    let after: Vec<_> = std::fs::read_dir(tmp.path().join("study"))
        .unwrap()
        .collect();
    assert_eq!(
        before.len(),
        after.len(),
        "validate wrote into the study folder"
    );
}

/// How a study scores missing values: `worst` (the default, above), `neutral` (the mean of the
/// products that have a value) or `exclude` (the product's other weights rescaled).
/// Neutral, by hand: reach mean of [1, 0, 0.02/0.3, 0.22/0.3] = 0.45; growth mean of
/// [g1/g2, 1, 0] → BJN-06 = 100 (0.5·0.45 + 0.1875 + 0.2·(g1/g2 + 1)/3).
/// Exclude: BJN-03 keeps reach and local (weights 0.625, 0.375) = 100 · 0.625 · 0.02/0.3;
/// BJN-06 keeps local alone = 100 · 0.625.
#[test]
fn missing_values_score_as_the_study_says() {
    let tmp = tempfile::tempdir().unwrap();
    let study = planner(tmp.path());
    let text = std::fs::read_to_string(&study).unwrap();
    let cases = [
        (
            "neutral",
            "BJN-06",
            100.0 * (0.5 * 0.45 + 0.1875 + 0.2 * (g1() / g2() + 1.0) / 3.0),
        ),
        ("exclude", "BJN-03", 100.0 * 0.625 * 0.02 / 0.3),
        ("exclude", "BJN-06", 62.5),
    ];
    for (policy, id, want) in cases {
        std::fs::write(
            &study,
            text.replace(
                "[scoring]\n",
                &format!("[scoring]\nmissing = \"{policy}\"\n"),
            ),
        )
        .unwrap();
        let out = tmp.path().join(policy);
        ovop(tmp.path())
            .arg("run")
            .arg(&study)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let got = scores_by_id(&out)[id];
        assert!((got - want).abs() < 1e-6, "{policy} {id}: {got} vs {want}");
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        let said = match policy {
            "neutral" => "dinilai rata-rata",
            _ => "tidak dihitung, bobot lain diskalakan",
        };
        assert!(
            html.contains(said),
            "{policy}: the report does not say how missing values scored"
        );
    }
}
