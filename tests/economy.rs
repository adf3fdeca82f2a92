//! The economic base (issue 13) on the real BPS PDRB of Jawa Timur shipped
//! with the demo, and on hand-made bad economy files.

use predicates::prelude::*;

use crate::util::*;

/// One value of the shipped CSV (region, sector, year), read directly.
fn pdrb(region: &str, sector: &str, year: i32) -> f64 {
    let path = repo().join("notebooks-data/jatim-pdrb/pdrb_adhk_jatim_2010_2022.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    for record in reader.records() {
        let r = record.unwrap();
        if &r[0] == region && &r[3] == sector && r[2].parse::<i32>().unwrap() == year {
            return r[5].parse().unwrap();
        }
    }
    panic!("no {region} {sector} {year}");
}

#[test]
fn tuban_against_jawa_timur_from_real_bps_data() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let assert = ovop(tmp.path())
        .args(["economy"])
        .arg(repo().join("notebooks-data/tuban/study.toml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let line = stderr
        .lines()
        .find(|l| l.starts_with("economic base:"))
        .unwrap_or_else(|| panic!("{stderr}"));
    // Real data: the BPS credit, never the synthetic label.
    assert!(
        line.contains("BPS, via Bappenas SIMREG") && !line.contains("sintetis"),
        "{line}"
    );
    assert!(
        line.contains("38 regions × 17 sectors, 2010–2022, pdrb_adhk against 35"),
        "{line}"
    );
    // The four 2014 cells the source lost (data README) show as total gaps.
    for region in ["35.07 2014", "35.22 2014", "35.25 2014"] {
        assert!(stderr.contains(&format!("warning: {region}")), "{stderr}");
    }

    let base = read_parquet(&out.join("lake/marts/economic_base.parquet"));
    let (regions, sectors, years, slq) = (
        strs(&base, "region_code"),
        strs(&base, "sector"),
        f64s(&base, "year"),
        f64s(&base, "slq"),
    );
    let lq = |sector: &str| {
        (0..base.height())
            .find(|&i| regions[i] == "35.23" && sectors[i] == sector && years[i] == Some(2022.0))
            .map(|i| slq[i].unwrap())
    };
    // The data README's own check: Tuban's 2022 ADHK LQs against the province row.
    for (sector, expected) in [
        ("A", 1.59),
        ("B", 1.99),
        ("C", 1.09),
        ("F", 1.11),
        ("J", 1.08),
        ("O", 1.06),
    ] {
        let got = lq(sector).unwrap();
        assert!((got - expected).abs() < 0.005, "{sector}: {got}");
    }
    // Recomputed from the CSV: (x / Tuban TOTAL) / (Jatim x / Jatim TOTAL).
    let by_hand = (pdrb("35.23", "C", 2022) / pdrb("35.23", "TOTAL", 2022))
        / (pdrb("35", "C", 2022) / pdrb("35", "TOTAL", 2022));
    assert!((lq("C").unwrap() - by_hand).abs() < 1e-12);
    // E has no rows in 2021–2022, so no LQ there.
    assert_eq!(lq("E"), None);

    let shift = read_parquet(&out.join("lake/marts/shift_share.parquet"));
    let row = (0..shift.height())
        .find(|&i| strs(&shift, "region_code")[i] == "35.23" && strs(&shift, "sector")[i] == "C")
        .unwrap();
    let get = |c: &str| f64s(&shift, c)[row].unwrap();
    let (x0, x1) = (pdrb("35.23", "C", 2010), pdrb("35.23", "C", 2022));
    let big_g = pdrb("35", "TOTAL", 2022) / pdrb("35", "TOTAL", 2010) - 1.0;
    let g_c = pdrb("35", "C", 2022) / pdrb("35", "C", 2010) - 1.0;
    assert!((get("reference_share") - x0 * big_g).abs() < 1e-6);
    assert!((get("industry_mix") - x0 * (g_c - big_g)).abs() < 1e-6);
    assert!((get("regional_shift") - x0 * (x1 / x0 - 1.0 - g_c)).abs() < 1e-6);
    let sum = get("reference_share") + get("industry_mix") + get("regional_shift");
    assert!((sum - (x1 - x0)).abs() < 1e-6);
    let e_row = (0..shift.height())
        .find(|&i| strs(&shift, "region_code")[i] == "35.23" && strs(&shift, "sector")[i] == "E")
        .unwrap();
    assert_eq!(strs(&shift, "missing_years")[e_row], "2021, 2022");

    // The tables carry the label of their own data: none on the economy's.
    let header = std::fs::read_to_string(out.join("tables/economic_base.csv")).unwrap();
    assert!(
        !header.lines().next().unwrap().contains("Catatan data"),
        "{header:.200}"
    );
}

#[test]
fn bad_economy_rows_are_quarantined_with_their_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("pdrb.csv");
    std::fs::write(
        &file,
        "kode_wilayah;tahun;lapangan_usaha;nilai;ukuran\n\
         35.23;2021;C;100;adhk\n\
         35.23;2021;Z;5;adhk\n\
         35.23;2021;A;-3;adhk\n\
         35.23;2021;C;101;adhk\n\
         99.99;2021;C;7;adhk\n\
         35.23;2021;Industri Pengolahan;9;harga konstan\n\
         35.23;2022;Pertanian, Kehutanan, dan Perikanan;8;adhk\n",
    )
    .unwrap();
    let assert = ingest_into_lake(tmp.path(), "economy", &file)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("read 7, accepted 2, rejected 5"),
        "{stderr}"
    );
    for reason in [
        "\"Z\" is not one of",
        "duplicate region_code, year, sector, measure",
        "99.99",
    ] {
        assert!(stderr.contains(reason), "{reason}: {stderr}");
    }
    let rows = ovop(tmp.path())
        .args([
            "sql",
            "--lake",
            "lake",
            "SELECT sector, value FROM economy ORDER BY year",
        ])
        .assert()
        .success();
    let csv = String::from_utf8(rows.get_output().stdout.clone()).unwrap();
    assert_eq!(csv, "sector,value\nC,100.0\nA,8.0\n");
}

#[test]
fn a_reference_outside_the_data_is_refused_naming_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("pdrb.csv"),
        "region_code,year,sector,value,measure\n35.23,2021,C,10,pdrb_adhk\n35.23,2022,C,12,pdrb_adhk\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("study.toml"),
        "[study]\nname = \"eco\"\n[inputs]\neconomy = [\"pdrb.csv\"]\n[economy]\nreference = \"35.24\"\n",
    )
    .unwrap();
    ovop(tmp.path())
        .args(["economy", "study.toml", "--out", "out"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "economy.reference = \"35.24\" is not a region of the economy data",
        ));
}

/// `sector_lq` and `sector_growth` are criteria like any other: a product's
/// category maps to its PDRB sector (crafts and food → C, the default; the
/// study may map it elsewhere), and its value is that sector's SLQ and
/// growth in the product's regency.
#[test]
fn products_score_on_their_sectors_economic_base() {
    let tmp = tempfile::tempdir().unwrap();
    let study = tmp.path().join("study");
    copy_dir(&fixture("small"), &study);
    // Tuban 35.23 against the province 35, 2021–2022, sectors A and C.
    std::fs::write(
        study.join("pdrb.csv"),
        "region_code,year,sector,value,measure\n\
         35,2021,A,100,pdrb_adhk\n35,2021,C,300,pdrb_adhk\n35,2021,TOTAL,400,pdrb_adhk\n\
         35,2022,A,110,pdrb_adhk\n35,2022,C,330,pdrb_adhk\n35,2022,TOTAL,440,pdrb_adhk\n\
         35.23,2021,A,40,pdrb_adhk\n35.23,2021,C,60,pdrb_adhk\n35.23,2021,TOTAL,100,pdrb_adhk\n\
         35.23,2022,A,50,pdrb_adhk\n35.23,2022,C,60,pdrb_adhk\n35.23,2022,TOTAL,110,pdrb_adhk\n",
    )
    .unwrap();
    let toml = study.join("study.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let text = text.replace(
        "criteria = { reach_index = 0.5, local_material_share = 0.5 }",
        "criteria = { sector_lq = 1 }",
    );
    // batik stays manufacturing (C); food is mapped to agriculture (A) here.
    let text = format!("{text}\n[economy]\nsectors = {{ food_beverage = \"A\" }}\n",).replace(
        "sales = [\"sales/*.csv\"]",
        "sales = [\"sales/*.csv\"]\neconomy = [\"pdrb.csv\"]",
    );
    std::fs::write(&toml, text).unwrap();
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let scores = read_parquet(&out.join("lake/marts/product_scores.parquet"));
    let ids = strs(&scores, "product_id");
    let lq = f64s(&scores, "sector_lq");
    let growth = f64s(&scores, "sector_growth");
    let of = |id: &str| ids.iter().position(|i| i == id).unwrap();
    // C in 2022: (60/110) / (330/440); A: (50/110) / (110/440)
    let c = (60.0 / 110.0) / (330.0 / 440.0);
    let a = (50.0 / 110.0) / (110.0 / 440.0);
    assert!((lq[of("P1")].unwrap() - c).abs() < 1e-12, "batik → C");
    assert!(
        (lq[of("P2")].unwrap() - a).abs() < 1e-12,
        "food → A, as the study maps it"
    );
    // growth of A in 35.23 over one year: 50/40 − 1
    assert!((growth[of("P2")].unwrap() - 0.25).abs() < 1e-12);
    // Weighted alone, the food products (A, LQ 1.82) outrank the batik (C, LQ 0.73).
    let score = f64s(&scores, "potential_score");
    assert!(score[of("P2")].unwrap() > score[of("P1")].unwrap());
}

/// A study's own sector list (here the nine sectors of the 2000-base PDRB, three of them)
/// replaces BPS's 17 categories: a row outside it is quarantined naming the list, and a
/// changed list checks the same file again.
#[test]
fn a_studys_own_sector_list_decides_which_rows_count() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("pdrb.csv"),
        "region_code,year,sector,value\n\
         35,2009,Pertanian,100\n35,2009,Industri,300\n35,2009,PDRB,400\n\
         35,2010,Pertanian,110\n35,2010,Industri,330\n35,2010,PDRB,440\n\
         35.23,2009,pertanian,40\n35.23,2009,INDUSTRI,60\n35.23,2009,TOTAL,100\n\
         35.23,2010,Pertanian,50\n35.23,2010,Industri,60\n35.23,2010,Total,110\n\
         35.23,2010,Jasa-jasa,5\n",
    )
    .unwrap();
    let study = |list: &str| {
        std::fs::write(
            tmp.path().join("study.toml"),
            format!("[study]\nname = \"eco\"\nregion = \"35.23\"\n[inputs]\nmax_rejected_share = 0.2\neconomy = [\"pdrb.csv\"]\n[economy]\nsector_list = [{list}]\n"),
        )
        .unwrap();
        ovop(tmp.path())
            .args(["economy", "study.toml", "--out", "out"])
            .assert()
            .success()
    };
    let first = study("\"Pertanian\", \"Industri\"");
    let stderr = String::from_utf8(first.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("read 13, accepted 12, rejected 1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\"Jasa-jasa\" is not one of the study's sectors (economy.sector_list): Pertanian, Industri"),
        "{stderr}"
    );
    let base = read_parquet(&tmp.path().join("out/lake/marts/economic_base.parquet"));
    let sectors: std::collections::BTreeSet<String> = strs(&base, "sector").into_iter().collect();
    assert_eq!(sectors, ["Industri", "Pertanian"].map(String::from).into());
    // (50/110) / (110/440): the list's spelling, the published totals.
    let slq = f64s(&base, "slq");
    let at = (0..base.height())
        .find(|&i| {
            strs(&base, "sector")[i] == "Pertanian" && f64s(&base, "year")[i] == Some(2010.0)
        })
        .unwrap();
    assert!((slq[at].unwrap() - (50.0 / 110.0) / (110.0 / 440.0)).abs() < 1e-12);

    // The same file under a longer list is read again: Jasa-jasa now counts.
    let second = study("\"Pertanian\", \"Industri\", \"Jasa-jasa\"");
    let stderr = String::from_utf8(second.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("read 13, accepted 13, rejected 0"),
        "{stderr}"
    );
}
