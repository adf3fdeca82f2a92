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
