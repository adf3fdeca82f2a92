//! Issue 18: the lake's commit is atomic for every reader of its folders, not
//! only for ovop. A reader that globs `<lake>/sales/**/*.parquet` (Spark,
//! DuckDB, polars) sees whole batches or none at every step of a publish,
//! and a replaced batch shows the old version or the new one, never both or
//! neither. The next writer (or `ovop sql`) completes a killed publish.

use std::path::Path;

use crate::util::*;

/// Three rows over three years (three files): 1,000 + 2,000 + 4,000.
const OLD: &str = "product_id,date,buyer_region,value_idr\nP1,2022-03-01,35,1000\nP1,2023-03-01,35,2000\nP1,2024-03-01,35,4000\n";
/// Four rows over four years and one row that goes to the quarantine.
const NEW: &str = "product_id,date,buyer_region,value_idr\nP1,2021-03-01,35,100\nP1,2022-03-01,35,200\nP1,2023-03-01,35,300\nP1,2024-03-01,35,400\nP1,2024-03-02,35,lots\n";
const OLD_VIEW: (usize, i64) = (3, 7000);
const NEW_VIEW: (usize, i64) = (4, 1000);

/// What a reader that lists `<lake>/sales/**/*.parquet` folder by folder and
/// then reads the files sees: rows and the sum of `value_idr`. `None` when a
/// listed file was gone when it was read (that reader fails loudly).
fn glob_view(lake: &Path) -> Option<(usize, i64)> {
    fn list(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                list(&path, out);
            } else if path.extension().is_some_and(|e| e == "parquet") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    list(&lake.join("sales"), &mut files);
    let (mut rows, mut total) = (0, 0.0);
    for file in files {
        let df = ovop::lake::parquet::read(&file).ok()?;
        rows += df.height();
        total += f64s(&df, "value_idr").into_iter().flatten().sum::<f64>();
    }
    Some((rows, total.round() as i64))
}

/// A lake with one product and the sales file `s.csv` holding [`OLD`].
fn lake_with_old_batch(dir: &Path) {
    write(
        dir,
        "p.csv",
        "product_id,village_code,product_name,category\nP1,35.23.08.2008,Batik,batik\n",
    );
    ingest_into_lake(dir, "products", "p.csv")
        .assert()
        .success();
    write(dir, "s.csv", OLD);
    ingest_into_lake(dir, "sales", "s.csv").assert().success();
    assert_eq!(glob_view(&dir.join("lake")), Some(OLD_VIEW));
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[cfg(feature = "fault-injection")]
#[test]
fn a_killed_replace_shows_a_glob_reader_one_whole_version_and_the_next_run_completes_it() {
    // publish: staged, not committed; commit: the manifest names the new
    // batch, its folder is not in place; install: the data folder is in
    // place, the quarantine folder not yet.
    for (fault, seen, after) in [
        ("publish", OLD_VIEW, OLD_VIEW),
        ("commit", OLD_VIEW, NEW_VIEW),
        ("install", NEW_VIEW, NEW_VIEW),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        lake_with_old_batch(dir);
        let lake = dir.join("lake");
        write(dir, "s.csv", NEW);
        let out = ingest_into_lake(dir, "sales", "s.csv")
            .env("OVOP_FAULT", fault)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{fault}: the fault must kill it");
        assert_eq!(
            glob_view(&lake),
            Some(seen),
            "{fault}: what a glob reader sees"
        );
        // Any ovop that takes the lock (here `ovop sql`) puts the committed batch in place.
        let sql = ovop(dir)
            .args(["sql", "SELECT count(*) AS n FROM sales", "--lake", "lake"])
            .assert()
            .success();
        assert_eq!(stdout_of(&sql), format!("n\n{}\n", after.0), "{fault}");
        assert_eq!(
            glob_view(&lake),
            Some(after),
            "{fault}: after the next ovop"
        );
        // The folders hold exactly what the manifest lists: no staging, no old version.
        let manifest = ovop::lake::Lake::new(&lake).manifest().unwrap();
        let mut listed: Vec<String> = manifest
            .batches
            .iter()
            .flat_map(|b| b.files.clone())
            .collect();
        listed.sort();
        assert_eq!(parquet_files(&lake), listed, "{fault}");
        assert_eq!(
            listed.iter().any(|f| f.starts_with("_quarantine/sales/")),
            after == NEW_VIEW,
            "{fault}: the new batch's rejected row is in the quarantine"
        );
    }
}

/// Every `.parquet` under the lake but its marts, lake-relative, sorted.
#[cfg(feature = "fault-injection")]
fn parquet_files(lake: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "parquet") {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy();
                out.push(rel.replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(lake, lake, &mut out);
    out.retain(|f| !f.starts_with("marts/"));
    out.sort();
    out
}

#[cfg(feature = "fault-injection")]
#[test]
fn a_batch_dropped_by_a_killed_run_is_gone_whole_for_a_glob_reader() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&fixture("small"), &dir.join("study"));
    run_small(dir, &dir.join("out"));
    let lake = dir.join("out/lake");
    let both = glob_view(&lake).unwrap();
    // The study drops its 2024 file: the run moves that batch's folder out, then is killed.
    let dropped = std::fs::read_to_string(dir.join("study/sales/2024.csv")).unwrap();
    std::fs::remove_file(dir.join("study/sales/2024.csv")).unwrap();
    let killed = ovop(dir)
        .env("OVOP_FAULT", "retire")
        .args(["run", "study/study.toml", "--out", "out"])
        .output()
        .unwrap();
    assert!(!killed.status.success(), "the fault must kill it");
    let left = glob_view(&lake).unwrap();
    let manifest = ovop::lake::Lake::new(&lake).manifest().unwrap();
    let committed: u64 = manifest.batches_of("sales").map(|b| b.rows_accepted).sum();
    assert_eq!(left.0 as u64, committed, "only the kept batch, whole");
    assert!(left.0 < both.0 && left.0 > 0);
    assert!(!dropped.is_empty());
    run_small(dir, &dir.join("out"));
    assert_eq!(glob_view(&lake), Some(left));
}

#[test]
fn a_reader_globbing_while_batches_are_replaced_sees_one_whole_version_each_time() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    lake_with_old_batch(dir);
    let lake = dir.join("lake");
    let stop = std::sync::atomic::AtomicBool::new(false);
    let views = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut views = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                views.push(glob_view(&lake));
            }
            views
        });
        // Stops the reader even when an ingest fails (the scope would wait for it forever).
        struct Stop<'a>(&'a std::sync::atomic::AtomicBool);
        impl Drop for Stop<'_> {
            fn drop(&mut self) {
                self.0.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        let guard = Stop(&stop);
        for round in 0..12 {
            write(dir, "s.csv", if round % 2 == 0 { NEW } else { OLD });
            ingest_into_lake(dir, "sales", "s.csv").assert().success();
        }
        drop(guard);
        reader.join().unwrap()
    });
    let whole: Vec<_> = views.iter().flatten().collect();
    assert!(
        whole.len() > 10,
        "the reader read the lake {} times",
        whole.len()
    );
    for view in &whole {
        assert!(
            **view == OLD_VIEW || **view == NEW_VIEW,
            "a glob reader saw {view:?}: neither version whole"
        );
    }
}

/// `ovop sql`'s stderr note, or "" when it gives none.
fn sql_note(dir: &Path, lake: &str, query: &str) -> String {
    let done = ovop(dir)
        .args(["sql", query, "--lake", lake])
        .assert()
        .success();
    stderr_of(&done)
        .lines()
        .filter(|l| l.contains("synthetic"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Issue 18: `ovop sql` over synthetic data says so; over real data it says nothing.
#[test]
fn ovop_sql_labels_the_synthetic_tables_a_query_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A file `ovop generate` wrote is synthetic without being told.
    ovop(dir)
        .args([
            "generate",
            "--region",
            "35.23",
            "--villages",
            "5",
            "--years",
            "1",
            "--seed",
            "3",
            "--out",
            "gen",
        ])
        .assert()
        .success();
    ingest_into_lake(dir, "products", "gen/products.csv")
        .assert()
        .success();
    let note = sql_note(dir, "lake", "SELECT count(*) FROM products");
    assert!(
        note.contains("data sintetis") && note.contains("products"),
        "{note:?}"
    );
    // A planner's own file is real: a query of it alone carries no label.
    write(
        dir,
        "own.csv",
        "region_code,year,sector,value\n35.23,2022,A,1000\n35.23,2022,TOTAL,5000\n",
    );
    ingest_into_lake(dir, "economy", "own.csv")
        .assert()
        .success();
    assert_eq!(sql_note(dir, "lake", "SELECT * FROM economy"), "");
    // Told so, a hand-made file is labelled too.
    ingest_into_lake(dir, "economy", "own.csv")
        .args(["--synthetic"])
        .assert()
        .success();
    assert!(sql_note(dir, "lake", "SELECT * FROM economy").contains("economy"));

    // A study that says its data is synthetic labels its marts; turned real, the label goes.
    copy_dir(&fixture("small"), &dir.join("study"));
    run_small(dir, &dir.join("out"));
    let note = sql_note(
        dir,
        "out/lake",
        "SELECT * FROM product_scores JOIN sales USING (product_id)",
    );
    assert!(
        note.contains("sales") && note.contains("product_scores"),
        "{note:?}"
    );
    let study = std::fs::read_to_string(dir.join("study/study.toml")).unwrap();
    std::fs::write(
        dir.join("study/study.toml"),
        study.replace("synthetic = true", "synthetic = false"),
    )
    .unwrap();
    run_small(dir, &dir.join("out"));
    assert_eq!(
        sql_note(
            dir,
            "out/lake",
            "SELECT * FROM product_scores JOIN sales USING (product_id)"
        ),
        ""
    );
}
