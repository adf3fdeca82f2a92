//! Golden SVG snapshots of every chart of the small study (SPEC §6): a change
//! in layout, labels or numbers shows up as a diff of readable text. SVG, not
//! PNG, because PNG bytes depend on the font rasteriser (STYLE item 7).
//!
//! After an intended change, re-bless and review the diff before committing:
//!
//! ```sh
//! OVOP_BLESS=1 cargo test --test integration charts
//! git diff tests/fixtures/golden/
//! ```

use crate::util::*;

const CHARTS: [&str; 7] = [
    "ranking",
    "reach_tiers",
    "potential_vs_reach",
    "sales_trend",
    "district_summary",
    "sensitivity",
    "criteria_profile",
];

#[test]
fn small_study_charts_match_the_golden_svgs() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    let out = tmp.path().join("out");
    ovop(tmp.path())
        .args(["run", "study/study.toml", "--out"])
        .arg(&out)
        .assert()
        .success();
    let bless = std::env::var_os("OVOP_BLESS").is_some_and(|v| v == "1");
    let golden = fixture("golden");
    let mut differ = Vec::new();
    for name in CHARTS {
        let svg = std::fs::read_to_string(out.join(format!("charts/{name}.svg")))
            .unwrap_or_else(|e| panic!("{name}.svg: {e}"));
        assert!(
            out.join(format!("charts/{name}.png")).exists(),
            "{name}.png"
        );
        let path = golden.join(format!("{name}.svg"));
        if bless {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&path, &svg).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            differ.push(name);
        }
    }
    assert!(
        differ.is_empty(),
        "charts differ from tests/fixtures/golden: {differ:?}; if the change is \
         intended, re-bless with OVOP_BLESS=1 cargo test --test integration charts"
    );
}
