use super::*;
use std::collections::BTreeSet;

fn args(out: &Path) -> GenerateArgs {
    GenerateArgs {
        region: "35.23".into(),
        villages: None,
        products_per_village: 3,
        years: 5,
        last_year: 2024,
        sales_rows: 5_000,
        seed: 7,
        format: Format::Csv,
        real_products: None,
        out: out.to_path_buf(),
    }
}

fn read(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

/// SPEC §5.1: tier = 4 − shared leading segments; `ID` → 4; other alpha-2 → 5.
fn tier(buyer: &str, village: &str) -> usize {
    if buyer.chars().all(|c| c.is_ascii_uppercase()) {
        return if buyer == "ID" { 4 } else { 5 };
    }
    let shared = buyer
        .split('.')
        .zip(village.split('.'))
        .take_while(|(a, b)| a == b)
        .count();
    4 - shared
}

#[test]
fn same_arguments_give_the_same_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let small = |out: &Path| GenerateArgs {
        villages: Some(40),
        sales_rows: 2_000,
        ..args(out)
    };
    let first = run(&small(a.path())).unwrap();
    let second = run(&small(b.path())).unwrap();
    assert_eq!(first.files.len(), 4);
    for (x, y) in first.files.iter().zip(&second.files) {
        assert_eq!(x.file_name(), y.file_name());
        assert_eq!(
            fs::read(x).unwrap(),
            fs::read(y).unwrap(),
            "{}",
            x.display()
        );
    }
    let other = tempfile::tempdir().unwrap();
    let reseeded = run(&GenerateArgs {
        seed: 8,
        ..small(other.path())
    })
    .unwrap();
    assert_ne!(
        fs::read(&first.files[2]).unwrap(),
        fs::read(&reseeded.files[2]).unwrap()
    );
}

#[test]
fn tuban_sales_are_consistent_and_cover_every_tier() {
    let dir = tempfile::tempdir().unwrap();
    let summary = run(&args(dir.path())).unwrap();
    let villages = read(&dir.path().join("villages.csv"));
    let products = read(&dir.path().join("products.csv"));
    let sales = read(&dir.path().join("sales.csv"));
    let assessments = read(&dir.path().join("assessments.csv"));
    assert_eq!(villages.len() as u64, summary.villages);
    assert_eq!(summary.villages, 328);
    assert_eq!(products.len() as u64, summary.products);
    assert_eq!(sales.len() as u64, summary.sales);
    assert_eq!(summary.sales, 5_000);
    assert_eq!(assessments.len() as u64, summary.assessments);
    assert_eq!(summary.assessments % 15, 0);

    let reference = Reference::get();
    let village_of: BTreeMap<&str, &str> = products.iter().map(|p| (&p[0], &p[1])).collect();
    let categories: BTreeSet<&str> = products.iter().map(|p| &p[3]).collect();
    assert_eq!(categories.len(), 12, "{categories:?}");
    let mut tiers = BTreeSet::new();
    let mut selling = BTreeSet::new();
    for sale in &sales {
        let village = village_of
            .get(&sale[0])
            .unwrap_or_else(|| panic!("unknown product {}", &sale[0]));
        let buyer = &sale[2];
        let country = buyer.len() == 2 && buyer.chars().all(|c| c.is_ascii_uppercase());
        assert!(
            country || reference.contains(buyer),
            "buyer {buyer} is not a reference code"
        );
        tiers.insert(tier(buyer, village));
        selling.insert(&sale[0]);
        assert_eq!(sale[1].len(), 10);
        assert!(("2020".."2025").contains(&&sale[1][..4]), "{}", &sale[1]);
        assert!(sale[3].parse::<i64>().unwrap() > 0 && sale[4].parse::<i64>().unwrap() > 0);
    }
    assert_eq!(tiers, (0..=5).collect::<BTreeSet<usize>>());
    let silent = products.len() - selling.len();
    assert!(
        silent > 0 && silent < products.len() / 4,
        "{silent} of {} without sales",
        products.len()
    );
    for p in &products {
        let (producers, workers): (u32, u32) = (p[4].parse().unwrap(), p[5].parse().unwrap());
        let (price, cost): (i64, i64) = (p[9].parse().unwrap(), p[10].parse().unwrap());
        assert!(workers >= producers && cost < price && cost > 0);
        assert_eq!(&p[15], "synthetic");
    }
}

#[test]
fn real_products_come_first_in_their_village() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("real.csv");
    let header = format!("{REAL_HEADER}\n");
    fs::write(
        &list,
        format!("{header}Batik Gedog,3523082008,batik,https://example.org/a\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    run(&GenerateArgs {
        real_products: Some(list.clone()),
        sales_rows: 100,
        ..args(&out)
    })
    .unwrap();
    let products = read(&out.join("products.csv"));
    let first = products.iter().find(|p| &p[1] == "35.23.08.2008").unwrap();
    assert_eq!(
        (&first[2], &first[3], &first[15]),
        ("Batik Gedog", "batik", "https://example.org/a")
    );

    fs::write(
        &list,
        format!("{header}Legen,35.23.99.2001,food_beverage,x\n"),
    )
    .unwrap();
    let err = run(&GenerateArgs {
        real_products: Some(list),
        ..args(&out)
    })
    .unwrap_err();
    assert_eq!(crate::error::exit_code(&err), 2);
    assert!(
        err.to_string().contains("real.csv:2") && err.to_string().contains("35.23.99.2001"),
        "{err}"
    );
}

#[test]
fn unknown_region_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let err = run(&GenerateArgs {
        region: "35.99".into(),
        ..args(dir.path())
    })
    .unwrap_err();
    assert_eq!(crate::error::exit_code(&err), 2);
    assert!(err.to_string().contains("35.99"));
}

#[test]
fn parquet_parts_hold_every_row() {
    use polars::prelude::{ParquetReader, SerReader};
    let dir = tempfile::tempdir().unwrap();
    let summary = run(&GenerateArgs {
        villages: Some(30),
        sales_rows: 1_500,
        format: Format::Parquet,
        ..args(dir.path())
    })
    .unwrap();
    let part = dir.path().join("sales").join("part-0000.parquet");
    assert!(summary.files.contains(&part));
    let frame = ParquetReader::new(File::open(&part).unwrap())
        .finish()
        .unwrap();
    assert_eq!(frame.height(), 1_500);
    assert_eq!(
        frame.column("date").unwrap().dtype(),
        &polars::prelude::DataType::Date
    );
    let products = ParquetReader::new(File::open(dir.path().join("products.parquet")).unwrap())
        .finish()
        .unwrap();
    assert_eq!(products.height() as u64, summary.products);
}

#[test]
fn allocation_sums_exactly_and_skips_zero_weights() {
    let counts = allocate(10, &[1.0, 0.0, 2.0, 0.5]);
    assert_eq!(counts.iter().sum::<u64>(), 10);
    assert_eq!(counts[1], 0);
    assert_eq!(allocate(7, &[0.0, 0.0]).iter().sum::<u64>(), 7);
    let skewed: Vec<f64> = (1..=1000).map(|i| 1.0 / i as f64).collect();
    assert_eq!(allocate(12_345, &skewed).iter().sum::<u64>(), 12_345);
}

#[test]
fn calendar_round_trips() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    assert_eq!(days_in_year(2024), 366);
    assert_eq!(days_in_year(2023), 365);
    for day in days_from_civil(2019, 12, 25)..days_from_civil(2025, 1, 5) {
        let (y, m, d) = civil_from_days(day);
        assert_eq!(days_from_civil(y, m, d), day);
    }
}

#[test]
fn leading_segments() {
    assert_eq!(leading("35.23.08.2008", 1), "35");
    assert_eq!(leading("35.23.08.2008", 3), "35.23.08");
    assert_eq!(leading("35", 2), "35");
}

/// The generator writes the data contracts' columns under their contract
/// names (it writes a subset, in its own order): a renamed contract column
/// fails here, not in a planner's run.
#[test]
fn generated_columns_are_contract_columns() {
    use crate::domain::Dataset;
    for (dataset, columns) in [
        (Dataset::Villages, VILLAGE_COLUMNS),
        (Dataset::Products, PRODUCT_COLUMNS),
        (Dataset::Sales, SALES_COLUMNS),
        (Dataset::Assessments, ASSESSMENT_COLUMNS),
    ] {
        let contract: Vec<&str> = crate::ingest::contract::columns(dataset)
            .iter()
            .map(|c| c.name)
            .collect();
        for (name, _) in columns {
            assert!(contract.contains(name), "{}: {name}", dataset.name());
        }
    }
}
