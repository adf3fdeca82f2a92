//! `ovop ahp` and `scoring.ahp`: weights from a pairwise matrix, and the
//! consistency rule (CR > 0.10 is an error unless the study accepts it).

use crate::util::*;

#[test]
fn ahp_command_prints_weights_and_consistency() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ovop(tmp.path())
        .arg("ahp")
        .arg(fixture("ahp/saaty3.csv"))
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(
        stdout,
        "criterion,weight\nreach_index,0.636986\nlocal_material_share,0.258285\nlq,0.104729\n"
    );
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("lambda_max = 3.0385, CI = 0.0193, CR = 0.0332"),
        "{stderr}"
    );
    ovop(tmp.path())
        .arg("ahp")
        .arg(fixture("ahp/circular.csv"))
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("CR = ")
                .and(predicates::str::contains("most inconsistent comparison")),
        );
}

#[test]
fn a_study_takes_its_weights_from_the_matrix() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    std::fs::copy(fixture("ahp/saaty3.csv"), tmp.path().join("study/ahp.csv")).unwrap();
    std::fs::copy(
        fixture("ahp/circular.csv"),
        tmp.path().join("study/bad.csv"),
    )
    .unwrap();
    let toml = std::fs::read_to_string(tmp.path().join("study/study.toml")).unwrap();
    let with = |matrix: &str, accept: bool| {
        let text = toml.replace(
            "[scoring]\n",
            &format!("[scoring]\nahp = \"{matrix}\"\nahp_accept_inconsistent = {accept}\n"),
        );
        std::fs::write(tmp.path().join("study/study.toml"), text).unwrap();
    };
    with("ahp.csv", false);
    let out = tmp.path().join("out");
    ovop(tmp.path())
        .args(["run", "study/study.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("lake/marts/_summary.json")).unwrap(),
    )
    .unwrap();
    let weights: Vec<f64> = summary["weights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_f64().unwrap())
        .collect();
    let criteria: Vec<&str> = summary["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    // Criteria are listed alphabetically; the weights are the matrix's eigenvector.
    assert_eq!(criteria, vec!["local_material_share", "lq", "reach_index"]);
    for (got, want) in weights.iter().zip([0.25828499, 0.10472943, 0.63698557]) {
        assert!((got - want).abs() < 1e-7, "{got} vs {want}");
    }
    with("bad.csv", false);
    ovop(tmp.path())
        .args(["run", "study/study.toml", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.csv"));
    with("bad.csv", true);
    ovop(tmp.path())
        .args(["run", "study/study.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
}

use predicates::prelude::*;
