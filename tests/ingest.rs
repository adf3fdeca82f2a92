//! `ovop ingest` and `ovop validate`: bad files are clear errors (exit 2) that
//! change nothing; bad rows are quarantined with their reason; counts reconcile.

use crate::util::*;

fn write(dir: &std::path::Path, name: &str, content: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

const PRODUCTS: &str =
    "product_id,village_code,product_name,category\nP1,35.23.08.2008,Batik Gedog,batik\n";

#[test]
fn missing_required_column_exits_2_and_leaves_the_lake_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let good = write(tmp.path(), "good.csv", PRODUCTS);
    ingest_into_lake(tmp.path(), "products", &good)
        .assert()
        .success();
    let before = std::fs::read(tmp.path().join("lake/_manifest.json")).unwrap();
    let bad = write(
        tmp.path(),
        "bad.csv",
        "product_id,nama_produk,category\nP2,Terasi,food_beverage\n",
    );
    ingest_into_lake(tmp.path(), "products", &bad)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("bad.csv, line 1")
                .and(predicates::str::contains("village_code (or kode_desa")),
        );
    assert_eq!(
        std::fs::read(tmp.path().join("lake/_manifest.json")).unwrap(),
        before
    );
    assert_eq!(lake_rows(&tmp.path().join("lake"), "products"), 1);
}

#[test]
fn empty_header_only_and_binary_files_are_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        ("empty.csv", "".to_string(), "empty"),
        (
            "header.csv",
            "product_id,village_code,product_name,category\n".to_string(),
            "no data rows",
        ),
        (
            "binary.csv",
            "\u{0}\u{1}\u{2}\u{3}garbage\u{0}\u{0}".to_string(),
            "binary",
        ),
    ];
    for (name, content, message) in cases {
        let path = write(tmp.path(), name, &content);
        ingest_into_lake(tmp.path(), "products", &path)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
    assert!(!tmp.path().join("lake/_manifest.json").exists());
}

#[test]
fn bad_rows_are_quarantined_with_reasons_and_counts_reconcile() {
    let tmp = tempfile::tempdir().unwrap();
    let products = write(
        tmp.path(),
        "products.csv",
        "kode_produk;Kode Desa;Nama Produk;Kategori;Tenaga Kerja\n\
         P1;3523082008;Batik Gedog;batik;12\n\
         P1;35.23.08.2006;Duplikat;batik;3\n\
         P2;3.52308E+09;Terasi;food_beverage;4\n\
         P3;35.23.08.2006;Legen;elektronik;4\n\
         P4;35.23.08.2006;Legen;food_beverage;-4\n\
         P5;35.23.08.2006;Legen;food_beverage;4;extra\n",
    );
    let assert = ingest_into_lake(tmp.path(), "products", &products)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("read 6, accepted 1, rejected 5"),
        "{stderr}"
    );
    let lake = ovop::lake::Lake::new(tmp.path().join("lake"));
    let batch = lake.manifest().unwrap().batches[0].clone();
    let quarantine = read_parquet(
        &lake.root.join(
            batch
                .files
                .iter()
                .find(|f| f.starts_with("_quarantine"))
                .unwrap(),
        ),
    );
    let reasons = strs(&quarantine, "reason");
    let lines: Vec<i32> = quarantine
        .column("line")
        .unwrap()
        .i32()
        .unwrap()
        .into_no_null_iter()
        .collect();
    assert_eq!(lines, vec![3, 4, 5, 6, 7]);
    assert!(
        reasons[0].contains("duplicate product_id"),
        "{}",
        reasons[0]
    );
    assert!(reasons[1].contains("scientific notation"), "{}", reasons[1]);
    assert!(reasons[2].contains("not one of"), "{}", reasons[2]);
    assert!(reasons[3].contains("negative"), "{}", reasons[3]);
    assert!(
        reasons[4].contains("fields but the header has 5"),
        "{}",
        reasons[4]
    );
    // The accepted row has its code normalised to dotted form.
    let accepted = read_parquet(&lake.root.join(&batch.files[1]));
    assert_eq!(strs(&accepted, "village_code"), vec!["35.23.08.2008"]);
}

#[test]
fn same_file_again_is_a_no_op_and_replace_swaps_it() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "p.csv", PRODUCTS);
    let ingest = || {
        ingest_into_lake(tmp.path(), "products", &file)
            .assert()
            .success()
    };
    ingest();
    ingest().stderr(predicates::str::contains("already in the lake"));
    ovop(tmp.path())
        .args(["ingest", "products"])
        .arg(&file)
        .args(["--lake", "lake", "--replace"])
        .assert()
        .success();
    assert_eq!(lake_rows(&tmp.path().join("lake"), "products"), 1);
}

#[test]
fn ambiguous_decimal_column_is_an_error_unless_the_mark_is_given() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "p.csv", PRODUCTS);
    ovop(tmp.path())
        .args(["ingest", "products", "p.csv", "--lake", "lake"])
        .assert()
        .success();
    let sales = write(
        tmp.path(),
        "s.csv",
        "product_id,date,buyer_region,value_idr\nP1,2024-01-02,35,1.500\nP1,2024-01-03,35,2.250\n",
    );
    ingest_into_lake(tmp.path(), "sales", &sales)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("value_idr is ambiguous")
                .and(predicates::str::contains("1.500")),
        );
    ovop(tmp.path())
        .args(["ingest", "sales"])
        .arg(&sales)
        .args(["--lake", "lake", "--decimal", "comma"])
        .assert()
        .success();
    let lake = tmp.path().join("lake");
    let manifest = ovop::lake::Lake::new(&lake).manifest().unwrap();
    let file = &manifest.batches_of("sales").next().unwrap().files[0];
    let batch = &manifest.batches[1];
    assert_eq!(
        file,
        &format!(
            "sales/{}/part-{}-2024.parquet",
            ovop::lake::slot(&batch.source),
            batch.id
        )
    );
    assert_eq!(
        f64s(&read_parquet(&lake.join(file)), "value_idr"),
        vec![Some(1500.0), Some(2250.0)]
    );
}

/// Regression (issue 10): `validate` printed reasons without lines, sorted alphabetically. Now
/// the most frequent reason comes first, each with the lines that have it.
#[test]
fn validate_lists_reasons_by_count_with_their_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "products.csv",
        "product_id,village_code,product_name,category\n\
         P1,35.23.08.2008,Batik,batik\n\
         P2,35.23.08.2008,A,zzz\n\
         P3,35.99.08.2008,B,batik\n\
         P4,35.23.08.2008,C,zzz\n\
         P5,35.23.08.2008,D,zzz\n",
    );
    let out = ovop(tmp.path())
        .args(["validate", "products"])
        .arg(&file)
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let zzz = stderr
        .find("3 × category: \"zzz\" is not one of")
        .unwrap_or_else(|| panic!("{stderr}"));
    let code = stderr
        .find("1 × village_code: 35.99.08.2008")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(zzz < code, "the most frequent reason first:\n{stderr}");
    assert!(
        stderr.contains("(lines 3, 5, 6)") && stderr.contains("(line 4)"),
        "{stderr}"
    );
}

/// A column whose header gives the unit as rupiah and whose values could be read either way
/// (`15.000`, `250,000`) groups thousands with its one separator: rupiah are whole amounts.
/// Regression (review of issue 10): `250,000` under `(Rp)` read as 250.
#[test]
fn rupiah_columns_read_their_one_separator_as_thousands() {
    let tmp = tempfile::tempdir().unwrap();
    let products = write(
        tmp.path(),
        "products.csv",
        "product_id,village_code,product_name,category\nP1,35.23.08.2008,Batik,batik\n",
    );
    ingest_into_lake(tmp.path(), "products", &products)
        .assert()
        .success();
    for (name, values, want) in [
        ("id.csv", ["15.000", "250.000"], [15_000.0, 250_000.0]),
        (
            "en.csv",
            ["\"15,000\"", "\"250,000\""],
            [15_000.0, 250_000.0],
        ),
    ] {
        let file = write(
            tmp.path(),
            name,
            &format!(
                "product_id,date,buyer_region,Nilai Penjualan (Rp)\nP1,2024-01-02,35,{}\nP1,2024-01-03,35,{}\n",
                values[0], values[1]
            ),
        );
        ingest_into_lake(tmp.path(), "sales", &file)
            .assert()
            .success();
        let out = ovop(tmp.path())
            .args([
                "sql",
                &format!(
                    "SELECT value_idr FROM sales WHERE value_idr IN ({}, {}) ORDER BY value_idr",
                    want[0], want[1]
                ),
                "--lake",
                "lake",
            ])
            .assert()
            .success();
        let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert_eq!(
            stdout.lines().count(),
            if name == "id.csv" { 3 } else { 5 },
            "{name}: {stdout}"
        );
    }
    // Without the unit, the same values are ambiguous: an error that says what to set.
    let plain = write(
        tmp.path(),
        "plain.csv",
        "product_id,date,buyer_region,nilai\nP1,2024-01-02,35,\"15,000\"\n",
    );
    ingest_into_lake(tmp.path(), "sales", &plain)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("ambiguous"));
}

#[test]
fn validate_reports_rejections_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "p.csv", "product_id,village_code,product_name,category\nP1,35.23.08.2008,Batik,batik\nP2,99.99.99.9999,X,batik\n");
    ovop(tmp.path())
        .args(["validate", "products"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("read 2, accepted 1, rejected 1"));
    assert!(!tmp.path().join("data").exists());
}

use predicates::prelude::*;

/// A workbook as planning offices keep them: a merged title row above the
/// header, codes typed as numbers, real date cells, shares as percents, on a
/// named second sheet.
#[test]
fn xlsx_sheets_with_title_rows_numeric_codes_and_date_cells() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "p.csv", PRODUCTS);
    ovop(tmp.path())
        .args(["ingest", "products", "p.csv", "--lake", "lake"])
        .assert()
        .success();

    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("Catatan")
        .unwrap()
        .write_string(0, 0, "lihat sheet Penjualan")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Penjualan").unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            4,
            "Data penjualan produk unggulan 2024",
            &Format::new(),
        )
        .unwrap();
    for (col, header) in [
        "Kode Produk",
        "Tanggal",
        "Wilayah Pembeli",
        "Nilai",
        "Jumlah",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, col as u16, *header).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(2, 0, "P1").unwrap();
    sheet
        .write_datetime_with_format(2, 1, ExcelDateTime::from_ymd(2024, 1, 12).unwrap(), &date)
        .unwrap();
    sheet.write_number(2, 2, 3523082006.0).unwrap();
    sheet.write_number(2, 3, 150000.0).unwrap();
    sheet.write_number(2, 4, 3.0).unwrap();
    sheet.write_string(3, 0, "P1").unwrap();
    sheet.write_string(3, 1, "1 Agustus 2023").unwrap();
    sheet.write_string(3, 2, "JP").unwrap();
    sheet.write_number(3, 3, 2500000.5).unwrap();
    sheet.write_string(4, 0, "P1").unwrap();
    sheet.write_string(4, 1, "2024-02-30").unwrap();
    sheet.write_string(4, 2, "35").unwrap();
    sheet.write_number(4, 3, 1.0).unwrap();
    book.save(tmp.path().join("sales.xlsx")).unwrap();

    let assert = ovop(tmp.path())
        .args([
            "ingest",
            "sales",
            "sales.xlsx",
            "--sheet",
            "Penjualan",
            "--lake",
            "lake",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("read 3, accepted 2, rejected 1"),
        "{stderr}"
    );
    let lake = ovop::lake::Lake::new(tmp.path().join("lake"));
    let manifest = lake.manifest().unwrap();
    let batch = manifest.batches_of("sales").next().unwrap();
    assert!(batch.source.ends_with("sales.xlsx#Penjualan"));
    let files: Vec<&String> = batch.files.iter().collect();
    let y2024 = read_parquet(
        &lake
            .root
            .join(files.iter().find(|f| f.ends_with("-2024.parquet")).unwrap()),
    );
    assert_eq!(strs(&y2024, "buyer_region"), vec!["35.23.08.2006"]);
    // The year is a column of the file, for readers that glob the folders.
    let years = y2024.column("year").unwrap().i32().unwrap();
    assert_eq!((years.len(), years.get(0)), (1, Some(2024)));
    let date = y2024
        .column("date")
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap();
    assert_eq!(date.str().unwrap().get(0), Some("2024-01-12"));
    let y2023 = read_parquet(
        &lake
            .root
            .join(files.iter().find(|f| f.ends_with("-2023.parquet")).unwrap()),
    );
    assert_eq!(f64s(&y2023, "value_idr"), vec![Some(2500000.5)]);
    let quarantine = read_parquet(
        &lake
            .root
            .join(files.iter().find(|f| f.starts_with("_quarantine")).unwrap()),
    );
    // The bad date is in sheet row 5 (title row 1, header row 2).
    assert_eq!(
        quarantine.column("line").unwrap().i32().unwrap().get(0),
        Some(5)
    );
    assert_eq!(strs(&quarantine, "source")[0], "sales.xlsx [Penjualan]");

    // A sheet that does not exist is a clear error.
    ovop(tmp.path())
        .args([
            "ingest",
            "sales",
            "sales.xlsx",
            "--sheet",
            "Nope",
            "--lake",
            "lake",
        ])
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("no sheet \"Nope\"")
                .and(predicates::str::contains("Catatan, Penjualan")),
        );
}

#[test]
fn parquet_files_from_generate_ingest_completely() {
    let tmp = tempfile::tempdir().unwrap();
    ovop(tmp.path())
        .args([
            "generate",
            "--region",
            "35.23",
            "--villages",
            "20",
            "--sales-rows",
            "2000",
            "--format",
            "parquet",
            "--out",
            "gen",
        ])
        .assert()
        .success();
    let gen = tmp.path().join("gen");
    for dataset in ["villages", "products"] {
        ovop(tmp.path())
            .args(["ingest", dataset])
            .arg(gen.join(format!("{dataset}.parquet")))
            .args(["--lake", "lake"])
            .assert()
            .success();
    }
    let parts: Vec<std::path::PathBuf> = std::fs::read_dir(gen.join("sales"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    ovop(tmp.path())
        .args(["ingest", "sales"])
        .args(&parts)
        .args(["--lake", "lake"])
        .assert()
        .success();
    assert_eq!(lake_rows(&tmp.path().join("lake"), "sales"), 2000);
    let products = read_parquet(&gen.join("products.parquet")).height();
    assert_eq!(lake_rows(&tmp.path().join("lake"), "products"), products);
}

#[cfg(feature = "fault-injection")]
/// A killed ingest (simulated with an abort, like `kill -9`) leaves the
/// previous lake readable with the same rows; a rerun completes.
#[test]
fn a_killed_ingest_leaves_the_previous_lake_intact() {
    let tmp = tempfile::tempdir().unwrap();
    ovop(tmp.path())
        .args([
            "generate",
            "--region",
            "35.23",
            "--villages",
            "10",
            "--sales-rows",
            "3000",
            "--seed",
            "3",
            "--out",
            "gen",
        ])
        .assert()
        .success();
    ovop(tmp.path())
        .args(["ingest", "products", "gen/products.csv", "--lake", "lake"])
        .assert()
        .success();
    let first = write(
        tmp.path(),
        "first.csv",
        "product_id,date,buyer_region,value_idr\nP000001,2024-01-02,35,1000\n",
    );
    ingest_into_lake(tmp.path(), "sales", &first)
        .assert()
        .success();
    let lake = tmp.path().join("lake");
    let manifest_before = std::fs::read(lake.join("_manifest.json")).unwrap();
    let snapshot = || (lake_rows(&lake, "sales"), lake_rows(&lake, "products"));
    let before = snapshot();
    assert_eq!(before.0, 1);

    for fault in ["rows:1500", "publish"] {
        let out = ovop(tmp.path())
            .env("OVOP_FAULT", fault)
            .args(["ingest", "sales", "gen/sales.csv", "--lake", "lake"])
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "{fault}: the process should have died"
        );
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
        assert_eq!(
            std::fs::read(lake.join("_manifest.json")).unwrap(),
            manifest_before,
            "{fault}"
        );
        assert_eq!(snapshot(), before, "{fault}: the lake reads as before");
    }
    // The rerun completes, and the files the killed runs left behind are gone.
    ovop(tmp.path())
        .args(["ingest", "sales", "gen/sales.csv", "--lake", "lake"])
        .assert()
        .success();
    assert_eq!(lake_rows(&lake, "sales"), 3001);
    let manifest = ovop::lake::Lake::new(&lake).manifest().unwrap();
    let listed: usize = manifest.batches.iter().map(|b| b.files.len()).sum();
    let on_disk = walk(&lake)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .count();
    assert_eq!(on_disk, listed, "no orphan files");
    assert!(!lake.join("_staging").exists());
}

#[cfg(feature = "fault-injection")]
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_truncated_workbook_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_string(0, 0, "product_id")
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    std::fs::write(tmp.path().join("cut.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    ovop(tmp.path())
        .args(["ingest", "products", "cut.xlsx", "--lake", "lake"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "cut.xlsx: cannot open the workbook",
        ));
    assert!(!tmp.path().join("lake/_manifest.json").exists());
}

/// A second writer waits for the first (SPEC §4: writers are serialised).
#[test]
fn a_second_writer_waits_for_the_lock() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "p.csv", PRODUCTS);
    std::fs::create_dir_all(tmp.path().join("lake")).unwrap();
    let lock = std::fs::File::create(tmp.path().join("lake/.lock")).unwrap();
    lock.lock().unwrap();
    let stderr = std::fs::File::create(tmp.path().join("stderr.txt")).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("ovop"))
        .current_dir(tmp.path())
        .args(["ingest", "products", "p.csv", "--lake", "lake"])
        .stderr(stderr)
        .spawn()
        .unwrap();
    // Poll (bounded) until the child says it is waiting; it must not have written anything.
    let said = || std::fs::read_to_string(tmp.path().join("stderr.txt")).unwrap();
    for _ in 0..100 {
        if said().contains("waiting for another ovop process") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        said().contains("waiting for another ovop process"),
        "{}",
        said()
    );
    assert!(
        child.try_wait().unwrap().is_none(),
        "the second writer must wait"
    );
    assert!(!tmp.path().join("lake/_manifest.json").exists());
    drop(lock);
    assert!(child.wait().unwrap().success());
    assert_eq!(lake_rows(&tmp.path().join("lake"), "products"), 1);
}

#[test]
fn latitude_and_longitude_have_their_own_ranges() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "v.csv",
        "village_code,lat,lon\n35.23.08.2008,-6.9,111.9\n35.23.08.2006,111.9,-6.9\n",
    );
    ovop(tmp.path())
        .args(["validate", "villages"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("read 2, accepted 1, rejected 1"));
}

/// Sales are hashed on a thread of their own while the rows are checked, and
/// their files are staged under a placeholder name: the published files and
/// the quarantine's `batch` column must still carry the id from the sha256,
/// and the same bytes again (under any name) must be a no-op.
#[test]
fn sales_hashed_while_checked_get_their_id_and_a_second_copy_is_a_no_op() {
    use sha2::Digest;
    let tmp = tempfile::tempdir().unwrap();
    let products = write(tmp.path(), "p.csv", PRODUCTS);
    ingest_into_lake(tmp.path(), "products", &products)
        .assert()
        .success();
    let content = "product_id,date,buyer_region,value_idr\n\
                   P1,2024-01-02,35.23,1500\n\
                   P9,2024-01-03,35.23,20\n\
                   P1,2023-05-06,JP,700\n";
    let sales = write(tmp.path(), "s.csv", content);
    ingest_into_lake(tmp.path(), "sales", &sales)
        .assert()
        .success();
    let sha = format!("{:x}", sha2::Sha256::digest(content.as_bytes()));
    let id = format!("sales-{}", &sha[..16]);
    let manifest_path = tmp.path().join("lake/_manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let parsed: ovop::lake::Manifest = serde_json::from_str(&manifest).unwrap();
    let batch = parsed
        .batches
        .iter()
        .find(|b| b.dataset == "sales")
        .unwrap();
    assert_eq!(batch.id, id);
    assert_eq!(batch.sha256, sha);
    let files = &batch.files;
    assert_eq!(
        files.len(),
        3,
        "two year partitions and a quarantine: {files:?}"
    );
    assert!(files.iter().all(|f| f.contains(&id)), "{files:?}");
    let quarantine = files.iter().find(|f| f.starts_with("_quarantine")).unwrap();
    let rejected = read_parquet(&tmp.path().join("lake").join(quarantine));
    assert_eq!(strs(&rejected, "batch"), vec![id.clone()]);
    assert_eq!(strs(&rejected, "value"), vec!["P9"]);
    assert!(!tmp.path().join("lake/_staging").exists());

    // The same file, and a copy of it under another name: nothing changes.
    let copy = write(tmp.path(), "copy.csv", content);
    for again in [&sales, &copy] {
        ingest_into_lake(tmp.path(), "sales", again)
            .assert()
            .success()
            .stderr(predicates::str::contains("already in the lake"));
        assert_eq!(std::fs::read_to_string(&manifest_path).unwrap(), manifest);
    }
    assert_eq!(lake_rows(&tmp.path().join("lake"), "sales"), 2);
}
