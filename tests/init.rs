//! `ovop init`: a study skeleton whose templates pass validation and run.

use crate::util::*;

#[test]
fn init_writes_templates_that_validate_and_run() {
    let tmp = tempfile::tempdir().unwrap();
    ovop(tmp.path())
        .args(["init", "kajian-baru"])
        .assert()
        .success();
    let dir = tmp.path().join("kajian-baru");
    // Regression (issue 10): with `decimal = "comma"`, as the tool tells Indonesian users to
    // set, the untouched templates failed (their number cells re-read as text, 9.5 refused).
    for dataset in ["villages", "products", "sales", "economy", "assessments"] {
        for ext in ["csv", "xlsx"] {
            let file = dir.join(format!("{dataset}.{ext}"));
            for decimal in [None, Some("comma"), Some("point")] {
                let mut cmd = ovop(tmp.path());
                cmd.args(["validate", dataset]).arg(&file);
                if let Some(mark) = decimal {
                    cmd.args(["--decimal", mark]);
                }
                cmd.assert()
                    .success()
                    .stderr(predicates::str::contains("read 1, accepted 1, rejected 0"));
            }
        }
    }
    // The workbook templates list the words of their list columns and the Indonesian names
    // accepted for them (issue 10), on a sheet after the data sheet.
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(dir.join("sales.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), vec!["sales", "Daftar nilai"]);
    let guide = book.worksheet_range("Daftar nilai").unwrap();
    let rows: Vec<String> = guide
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(
        rows.iter().any(
            |r| r.starts_with("channel|direct|Penjualan langsung|langsung, penjualan langsung")
        ),
        "{rows:?}"
    );
    let toml = std::fs::read_to_string(dir.join("study.toml")).unwrap();
    assert!(toml.contains("name = \"kajian-baru\"") && toml.contains("# ahp = "));
    let out = tmp.path().join("out");
    let run = ovop(tmp.path())
        .args(["run", "kajian-baru/study.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Batik Gedog"), "{stdout}");
    // A folder with something in it is never overwritten.
    ovop(tmp.path())
        .args(["init", "kajian-baru"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not empty"));
}
