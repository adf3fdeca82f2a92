//! Gates (`scoring.require`, SPEC §5.7): a product without a required
//! certification keeps its score but cannot be its village's pick.

use crate::util::*;

#[test]
fn a_gate_moves_the_pick_and_keeps_the_score() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    // The planner's products file gains a "Sertifikasi" column: Keripik
    // Singkong has P-IRT; neither batik has HAKI.
    let products = std::fs::read_to_string(tmp.path().join("study/products.csv")).unwrap();
    let with_certs: Vec<String> = products
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let cert = match i {
                0 => "Sertifikasi",
                2 => "P-IRT",
                _ => "",
            };
            format!("{line},{cert}")
        })
        .collect();
    std::fs::write(
        tmp.path().join("study/products.csv"),
        with_certs.join("\n") + "\n",
    )
    .unwrap();
    let out_free = tmp.path().join("free");
    run_small(tmp.path(), &out_free);
    let toml = std::fs::read_to_string(tmp.path().join("study/study.toml")).unwrap();
    let set_require = |require: &str| {
        let text = toml.replace("[scoring]\n", &format!("[scoring]\nrequire = {require}\n"));
        std::fs::write(tmp.path().join("study/study.toml"), text).unwrap();
    };
    let refused = |out: &str, message: &str| {
        ovop(tmp.path())
            .args(["run", "study/study.toml", "--out"])
            .arg(tmp.path().join(out))
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    };
    set_require("{ batik = [\"haki\"] }");
    let out = tmp.path().join("gated");
    let run = run_small(tmp.path(), &out);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("2 products cannot be their village's pick")
            && stderr.contains(
                "1 villages have no pick because every candidate is held back: 35.23.08.2006"
            ),
        "{stderr}"
    );

    let picks = |dir: &std::path::Path| {
        let sel = read_parquet(&dir.join("lake/marts/village_selection.parquet"));
        strs(&sel, "village_code")
            .into_iter()
            .zip(strs(&sel, "product_id"))
            .collect::<Vec<_>>()
    };
    let free = picks(&out_free);
    assert!(
        free.contains(&("35.23.08.2008".into(), "P1".into())),
        "{free:?}"
    );
    assert!(
        free.contains(&("35.23.08.2006".into(), "P3".into())),
        "{free:?}"
    );
    let gated = picks(&out);
    assert!(
        gated.contains(&("35.23.08.2008".into(), "P2".into())),
        "{gated:?}"
    );
    assert!(
        !gated.iter().any(|(v, _)| v == "35.23.08.2006"),
        "{gated:?}"
    );
    assert_eq!(gated.len(), free.len() - 1);

    // Scores and ranks are untouched; the gate says why.
    assert_eq!(scores_by_id(&out), scores_by_id(&out_free));
    let ps = read_parquet(&out.join("lake/marts/product_scores.parquet"));
    let gate: std::collections::BTreeMap<String, Option<String>> = strs(&ps, "product_id")
        .into_iter()
        .zip(ovop::score::potential::optional_text(&ps, "gate").unwrap())
        .collect();
    assert_eq!(gate["P1"].as_deref(), Some("needs haki"));
    assert_eq!(gate["P3"].as_deref(), Some("needs haki"));
    assert_eq!(gate["P2"], None);
    // P2 has no runner-up left: P1 may not be picked.
    let sel = read_parquet(&out.join("lake/marts/village_selection.parquet"));
    let row = strs(&sel, "product_id")
        .iter()
        .position(|p| p == "P2")
        .unwrap();
    assert_eq!(
        ovop::score::potential::optional_text(&sel, "runner_up_id").unwrap()[row],
        None
    );
    assert_eq!(f64s(&sel, "candidates")[row], Some(2.0));

    // The map tells a village whose every candidate is gated from one without candidates.
    let map = std::fs::read_to_string(out.join("charts/map.svg")).unwrap();
    assert!(
        map.contains("Gaji, Kec. Kerek — Candidates held back by a certification gate"),
        "Gaji"
    );
    // A misspelt certification is a bad-input error naming it.
    set_require("{ batik = [\"hak\"] }");
    refused("bad", "unknown certification \"hak\"");
    // Gates need the certifications column; without it every product would be gated.
    std::fs::write(tmp.path().join("study/products.csv"), &products).unwrap();
    set_require("{ batik = [\"haki\"] }");
    refused("nocol", "no product has any certification");
}
