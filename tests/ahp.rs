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
    // Regression (issue 10): the report names AHP and its consistency (saaty3: λmax 3.0385,
    // CR 0.0332); it used to list the weights as if the study had given them.
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains("derived by AHP")
            && html.contains("λmax = 3.0385, CI = 0.0193, CR = 0.0332 (consistent (CR ≤ 0.10))"),
        "the report does not name AHP and its CR"
    );
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

/// The saaty3 matrix as planners write it: Indonesian title rows, `;` separators and decimal
/// commas (CSV), or a workbook with a title row, number cells and a named sheet. Both give the
/// saaty3 weights. Regression (issue 10): the AHP reader refused all of these.
#[test]
fn ahp_reads_matrices_as_every_other_reader_does() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("matriks.csv");
    std::fs::write(
        &csv,
        "Matriks Perbandingan Berpasangan;;;\n\nKriteria;reach_index;local_material_share;lq\n\
         reach_index;1;3;5\nlocal_material_share;0,3333333333;1;3\nlq;0,2;1/3;1\n",
    )
    .unwrap();
    let xlsx = tmp.path().join("bobot.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("Catatan").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("AHP").unwrap();
    sheet.write_string(0, 0, "Penilaian AHP tim ahli").unwrap();
    let names = ["reach_index", "local_material_share", "lq"];
    let matrix = [
        [1.0, 3.0, 5.0],
        [1.0 / 3.0, 1.0, 3.0],
        [0.2, 1.0 / 3.0, 1.0],
    ];
    for (j, n) in names.iter().enumerate() {
        sheet.write_string(2, j as u16 + 1, *n).unwrap();
        sheet.write_string(3 + j as u32, 0, *n).unwrap();
        for (k, v) in matrix[j].iter().enumerate() {
            sheet.write_number(3 + j as u32, k as u16 + 1, *v).unwrap();
        }
    }
    book.save(&xlsx).unwrap();
    for matrix in [csv.display().to_string(), format!("{}#AHP", xlsx.display())] {
        let out = ovop(tmp.path()).args(["ahp", &matrix]).assert().success();
        let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert_eq!(
            stdout,
            "criterion,weight\nreach_index,0.636986\nlocal_material_share,0.258285\nlq,0.104729\n",
            "{matrix}"
        );
    }
    // A fraction that a spreadsheet turned into a date (1/3 → 3 January, serial 45295).
    std::fs::write(&csv, "x;a;b\na;1;45295\nb;;1\n").unwrap();
    ovop(tmp.path())
        .arg("ahp")
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("line 2, column \"b\"")
                .and(predicates::str::contains("date")),
        );
}
