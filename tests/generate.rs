//! `ovop generate`: synthetic data on real codes that ingests completely.

use crate::util::*;

#[test]
fn generated_files_ingest_with_matching_counts() {
    let tmp = tempfile::tempdir().unwrap();
    ovop(tmp.path())
        .args([
            "generate",
            "--region",
            "35.23",
            "--villages",
            "40",
            "--products-per-village",
            "2",
            "--years",
            "3",
        ])
        .args(["--sales-rows", "3000", "--seed", "7", "--out", "gen"])
        .assert()
        .success();
    for dataset in ["villages", "products", "sales", "assessments"] {
        let file = tmp.path().join(format!("gen/{dataset}.csv"));
        ingest_into_lake(tmp.path(), dataset, &file)
            .assert()
            .success();
        let rows = csv_rows(&file);
        assert!(rows > 0, "{dataset}");
        assert_eq!(
            lake_rows(&tmp.path().join("lake"), dataset),
            rows,
            "{dataset}"
        );
    }
    assert_eq!(csv_rows(&tmp.path().join("gen/sales.csv")), 3000);
}
