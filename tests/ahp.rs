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
                .and(predicates::str::contains("add most to the inconsistency")),
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

/// The three-expert case of `pipeline/ahp/group.rs` (numbers from numpy),
/// typed as a planner types it: one long table with Indonesian headers and
/// `;`, one judgement written the other way round as a fraction.
const PANEL_STDOUT: &str = "criterion,weight,Bu Sri,Pak Joko,Dr. Hasan
reach_index,0.578600,0.578080,0.555923,0.599565
local_material_share,0.223815,0.228249,0.246946,0.195904
lq,0.127439,0.133625,0.113135,0.134596
workers,0.070147,0.060047,0.083996,0.069936
";

#[test]
fn group_ahp_from_a_long_table_or_a_matrix_per_expert() {
    let tmp = tempfile::tempdir().unwrap();
    let a = ovop(tmp.path())
        .arg("ahp")
        .arg(fixture("ahp/panel.csv"))
        .assert()
        .success();
    assert_eq!(stdout_of(&a), PANEL_STDOUT);
    let err = stderr_of(&a);
    for line in [
        "expert Bu Sri: lambda_max = 4.0674, CI = 0.0225, CR = 0.0250",
        "expert Pak Joko: lambda_max = 4.0623, CI = 0.0208, CR = 0.0231",
        "expert Dr. Hasan: lambda_max = 4.2371, CI = 0.0790, CR = 0.0878",
        "geometric-mean judgements: lambda_max = 4.0271, CI = 0.0090, CR = 0.0100",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    // The same judgements as one square matrix per expert (the second lists
    // the criteria in another order): the same group weights.
    let files = ovop(tmp.path())
        .arg("ahp")
        .args(["pakar_1.csv", "pakar_2.csv", "pakar_3.csv"].map(|f| fixture(&format!("ahp/{f}"))))
        .assert()
        .success();
    let weights = |s: &str| -> Vec<String> {
        s.lines()
            .skip(1)
            .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
            .collect()
    };
    assert_eq!(weights(&stdout_of(&files)), weights(PANEL_STDOUT));
    assert!(stdout_of(&files).starts_with("criterion,weight,pakar_1,pakar_2,pakar_3\n"));
    // AIP: the geometric mean of the experts' priorities (numpy).
    let aip = ovop(tmp.path())
        .args(["ahp", "--aggregate", "aip"])
        .arg(fixture("ahp/panel.csv"))
        .assert()
        .success();
    assert_eq!(
        weights(&stdout_of(&aip)),
        [
            "reach_index,0.578949",
            "local_material_share,0.223209",
            "lq,0.127018",
            "workers,0.070823"
        ]
    );
}

#[test]
fn an_inconsistent_expert_is_named_with_the_judgement_to_revisit() {
    let tmp = tempfile::tempdir().unwrap();
    // Pak Budi typed local_material_share over lq as 1/5 where his other
    // judgements imply 0.50: CR 0.222 (numpy); that judgement carries 38 %
    // of his inconsistency.
    let a = ovop(tmp.path())
        .arg("ahp")
        .arg(fixture("ahp/panel_inconsistent.csv"))
        .assert()
        .code(2);
    let err = stderr_of(&a);
    assert!(
        err.contains("expert Pak Budi: lambda_max = 4.5999"),
        "{err}"
    );
    assert!(err.contains("CR = 0.2222 (INCONSISTENT"), "{err}");
    assert!(
        err.contains("revisit local_material_share over lq = 1/5: the other judgements imply 0.50 (Saaty scale 1/2); 38 % of the inconsistency"),
        "{err}"
    );
    assert!(err.contains("1 of 4 experts are inconsistent"), "{err}");

    // A study that accepts it: the report's table of experts and tables/ahp_experts.*.
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    std::fs::copy(
        fixture("ahp/panel_inconsistent.csv"),
        tmp.path().join("study/panel.csv"),
    )
    .unwrap();
    let toml = std::fs::read_to_string(tmp.path().join("study/study.toml")).unwrap();
    let toml = toml
        .replace(
            "criteria = { reach_index = 0.5, local_material_share = 0.5 }",
            "criteria = { reach_index = 0.25, local_material_share = 0.25, lq = 0.25, workers = 0.25 }",
        )
        .replace(
            "[scoring]\n",
            "[scoring]\nahp = \"panel.csv\"\nahp_accept_inconsistent = true\n",
        );
    std::fs::write(tmp.path().join("study/study.toml"), toml).unwrap();
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("Group AHP: 4 experts, combined by the geometric mean of judgements (AIJ); 1 expert(s) inconsistent"), "group text");
    assert!(html.contains("<td>Pak Budi</td>"));
    let table = std::fs::read_to_string(out.join("tables/ahp_experts.csv")).unwrap();
    assert_eq!(table.lines().count(), 5, "{table}");
    let budi = table.lines().find(|l| l.starts_with("Pak Budi")).unwrap();
    assert!(budi.contains("1/5 → 1/2"), "{budi}");
    // The study's weights are the group's: AIJ over all four experts (numpy:
    // reach 0.5822611, local material 0.1982228, lq 0.1516581, workers
    // 0.0678579), listed alphabetically.
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
    for (got, want) in weights
        .iter()
        .zip([0.1982228, 0.1516581, 0.5822611, 0.0678579])
    {
        assert!((got - want).abs() < 1e-7, "{got} vs {want}");
    }
}

#[test]
fn an_empty_list_of_matrices_or_a_criterion_named_twice_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let toml = std::fs::read_to_string(tmp.path().join("study/study.toml")).unwrap();
    std::fs::write(
        tmp.path().join("study/study.toml"),
        toml.replace("[scoring]\n", "[scoring]\nahp = []\n"),
    )
    .unwrap();
    ovop(tmp.path())
        .args(["run", "study/study.toml", "--out"])
        .arg(tmp.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("scoring.ahp is an empty list"));
    std::fs::write(
        tmp.path().join("twice.csv"),
        "kriteria,reach_index,reach_index,lq\nreach_index,1,1,3\nreach_index,1,1,3\nlq,,,1\n",
    )
    .unwrap();
    ovop(tmp.path())
        .args(["ahp", "twice.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("names \"reach_index\" twice"));
}
