//! The economic base on a province (35) and two regencies, by hand. Every
//! expected number below is worked out in the comment beside it (and in
//! `docs/methods.md` §10.6).

use super::*;
use std::collections::BTreeMap;

/// Regency 35.01 and province 35, sectors A and C, 2020–2022. The regency's
/// published TOTAL for 2022 (125) exceeds A + C (120): a sector left out of
/// the table, as E is in the real Jawa Timur data; the TOTAL wins.
fn table() -> Table {
    let mut t = Table::default();
    for (region, sector, values) in [
        ("35.01", "A", [40.0, 44.0, 50.0]),
        ("35.01", "C", [60.0, 63.0, 70.0]),
        ("35.01", "TOTAL", [100.0, 107.0, 125.0]),
        ("35.02", "A", [60.0, 61.0, 60.0]),
        ("35.02", "C", [240.0, 267.0, 290.0]),
        ("35.02", "TOTAL", [300.0, 328.0, 350.0]),
        ("35", "A", [100.0, 105.0, 110.0]),
        ("35", "C", [300.0, 330.0, 360.0]),
        ("35", "TOTAL", [400.0, 435.0, 470.0]),
    ] {
        for (i, v) in values.into_iter().enumerate() {
            t.insert(region, sector, 2020 + i as i32, v);
        }
    }
    t
}

fn settings(reference: Reference) -> Settings {
    Settings {
        reference,
        first: 2020,
        last: 2022,
        dlq: DlqGrowth::Arithmetic,
        population: BTreeMap::new(),
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn row<'a>(rows: &'a [ShiftRow], region: &str, sector: &str) -> &'a ShiftRow {
    rows.iter()
        .find(|r| r.region == region && r.sector == sector)
        .unwrap()
}

#[test]
fn static_lq_uses_the_published_totals() {
    let rows = static_lq(&table(), &settings(Reference::Region("35".into())));
    let slq = |region: &str, sector: &str, year: i32| {
        rows.iter()
            .find(|r| r.region == region && r.sector == sector && r.year == year)
            .map(|r| r.slq)
    };
    // (40/100) / (100/400) = 0.4 / 0.25
    assert!(close(slq("35.01", "A", 2020), 1.6));
    // (60/100) / (300/400)
    assert!(close(slq("35.01", "C", 2020), 0.8));
    // 2022 with the published total 125, not 50 + 70: (50/125) / (110/470) = 188/110
    assert!(close(slq("35.01", "A", 2022), 188.0 / 110.0));
    // The province is the reference, not a compared region.
    assert!(rows.iter().all(|r| r.region != "35"));
    assert_eq!(rows.len(), 2 * 2 * 3);
}

#[test]
fn dunn_and_esteban_marquillas_components_add_up_by_hand() {
    let rows = shift_share(&table(), &settings(Reference::Region("35".into())));
    let a = row(&rows, "35.01", "A");
    // x0 = 40, x1 = 50; G = 470/400 − 1 = 0.175, g_ns = 0.1, g_rs = 0.25
    assert!(close(a.change, 10.0));
    assert!(close(a.reference_share, 40.0 * 0.175)); // 7
    assert!(close(a.industry_mix, 40.0 * (0.1 - 0.175))); // −3
    assert!(close(a.regional_shift, 40.0 * (0.25 - 0.1))); // 6
                                                           // homothetic x* = 100 · 100/400 = 25; competitive 25 · 0.15, allocation 15 · 0.15
    assert!(close(a.homothetic, 25.0));
    assert!(close(a.competitive_effect, 3.75));
    assert!(close(a.allocation_effect, 2.25));
    // Year by year: 2020→21 N 3.5, M −1.5, S 2; 2021→22 N 44·(470/435 − 1),
    // M 44·(110/105 − 470/435), S 44·(50/44 − 110/105).
    let n2 = 44.0 * (470.0 / 435.0 - 1.0);
    let m2 = 44.0 * (110.0 / 105.0 - 470.0 / 435.0);
    let s2 = 44.0 * (50.0 / 44.0 - 110.0 / 105.0);
    assert!(close(a.dynamic_reference_share, 3.5 + n2)); // 7.0402
    assert!(close(a.dynamic_industry_mix, -1.5 + m2)); // −2.9450
    assert!(close(a.dynamic_regional_shift, 2.0 + s2)); // 5.9048
    for r in rows.iter().filter(|r| r.sector != "TOTAL") {
        let sum = r.reference_share.unwrap() + r.industry_mix.unwrap() + r.regional_shift.unwrap();
        assert!(close(r.change, sum), "{r:?}");
        let dynamic = r.dynamic_reference_share.unwrap()
            + r.dynamic_industry_mix.unwrap()
            + r.dynamic_regional_shift.unwrap();
        assert!(close(r.change, dynamic), "{r:?}");
        let em = r.competitive_effect.unwrap() + r.allocation_effect.unwrap();
        assert!(close(r.regional_shift, em), "{r:?}");
    }
}

#[test]
fn dlq_classes_and_klassen_by_hand() {
    let rows = shift_share(&table(), &settings(Reference::Region("35".into())));
    let a = row(&rows, "35.01", "A");
    // mean yearly growth: g_rs = (0.1 + 6/44)/2, g_r = (0.07 + 18/107)/2,
    // g_ns = (0.05 + 5/105)/2, g_n = (0.0875 + 35/435)/2; T = 2
    let g_rs: f64 = (0.1 + 6.0 / 44.0) / 2.0;
    let g_r: f64 = (0.07 + 18.0 / 107.0) / 2.0;
    let g_ns: f64 = (0.05 + 5.0 / 105.0) / 2.0;
    let g_n: f64 = (0.0875 + 35.0 / 435.0) / 2.0;
    let expected = (((1.0 + g_rs) / (1.0 + g_r)) / ((1.0 + g_ns) / (1.0 + g_n))).powi(2);
    assert!(close(a.dlq, expected)); // 1.06642
    assert!(close(a.growth, g_rs));
    assert!(close(a.reference_growth, g_ns));
    // SLQ 1.6, 1.7036, 1.7091: mean > 1, DLQ > 1
    assert_eq!(a.lq_class, Some("unggulan"));
    assert_eq!(a.klassen_lq, Some("maju_tumbuh_pesat"));
    // mean share 0.4037 > the province's 0.2418
    assert_eq!(a.klassen_contribution, Some("maju_tumbuh_pesat"));
    // C in 35.01: SLQ 0.8, 0.7349, 0.7316 and growing slower than C in the province
    let c = row(&rows, "35.01", "C");
    assert_eq!(c.klassen_lq, Some("tertinggal"));
    // Geometric growth: DLQ = SLQ(2022) / SLQ(2020)
    let geometric = Settings {
        dlq: DlqGrowth::Geometric,
        ..settings(Reference::Region("35".into()))
    };
    let rows = shift_share(&table(), &geometric);
    assert!(close(row(&rows, "35.01", "A").dlq, (188.0 / 110.0) / 1.6));
}

#[test]
fn the_sum_of_regions_as_reference_and_the_region_typology() {
    let rows = static_lq(&table(), &settings(Reference::Sum));
    // 35 is the parent of 35.01 and 35.02, so it is neither reference nor compared.
    assert!(rows.iter().all(|r| r.region != "35"));
    let a = rows
        .iter()
        .find(|r| r.region == "35.01" && r.sector == "A" && r.year == 2020)
        .unwrap();
    // reference A = 40 + 60, total = 100 + 300: (40/100) / (100/400)
    assert!((a.reference_value - 100.0).abs() < 1e-9 && (a.reference_total - 400.0).abs() < 1e-9);
    let shift = shift_share(&table(), &settings(Reference::Sum));
    let total = row(&shift, "35.02", "TOTAL");
    // 35.02's mean total 326 against the mean of both regions (110.67 + 326)/2
    assert!(close(
        total.share_mean,
        326.0 / ((332.0 / 3.0 + 326.0) / 2.0)
    ));
    assert_eq!(
        total.klassen_lq,
        Some(klassen(
            total.growth.unwrap() > total.reference_growth.unwrap(),
            true
        ))
    );
}

#[test]
fn a_sector_missing_in_a_year_is_named_and_left_out() {
    let mut t = table();
    t.values.remove(&("35.01".into(), "C".into(), 2022));
    let rows = shift_share(&t, &settings(Reference::Region("35".into())));
    let c = row(&rows, "35.01", "C");
    assert_eq!(c.missing_years, vec![2022]);
    assert_eq!(c.change, None);
    assert_eq!(c.dlq, None);
    assert_eq!(c.dynamic_regional_shift, None);
    // The other sector is untouched: the region's published total still counts.
    assert!(close(row(&rows, "35.01", "A").change, 10.0));
    let base = static_lq(&t, &settings(Reference::Region("35".into())));
    assert!(!base
        .iter()
        .any(|r| r.region == "35.01" && r.sector == "C" && r.year == 2022));
}

/// The per-capita form: 35.02 is the larger regency (326 against a mean of
/// 218.3) but has four times 35.01's people, so per person it is below the
/// province; the size form and the per-capita form then disagree.
#[test]
fn the_region_typology_per_capita_when_population_is_given() {
    let mut s = settings(Reference::Region("35".into()));
    for year in 2020..=2022 {
        s.population.insert(("35.01".into(), year), 100.0);
        s.population.insert(("35.02".into(), year), 400.0);
        s.population.insert(("35".into(), year), 500.0);
    }
    let rows = shift_share(&table(), &s);
    let big = row(&rows, "35.02", "TOTAL");
    // growth 35.02: mean(28/300, 22/328) = 0.0802 < the province's 0.0840
    // size: 326 / 218.33 > 1 → maju_tertekan; per capita: 326/400 = 0.815 < 435/500 = 0.87
    assert_eq!(big.klassen_lq, Some("maju_tertekan"));
    assert_eq!(big.klassen_contribution, Some("tertinggal"));
    let small = row(&rows, "35.01", "TOTAL");
    // per capita 110.67/100 = 1.107 > 0.87; growth 0.1191 > 0.0840
    assert_eq!(small.klassen_contribution, Some("maju_tumbuh_pesat"));
}

/// The published example of REAT's `locq` (Wieland, REAT 1.2.1 documentation, "Example from
/// Farhauer/Kroell (2013)"): `locq(1714, 79006, 879213, 15593224)` returns 0.3847623 — industry
/// employment 1,714 in a region of 79,006, against 879,213 in the industry of 15,593,224 overall.
#[test]
fn static_lq_matches_reats_published_example() {
    let mut t = Table::default();
    t.insert("R.01", "C", 2013, 1714.0);
    t.insert("R.01", "TOTAL", 2013, 79006.0);
    t.insert("R", "C", 2013, 879213.0);
    t.insert("R", "TOTAL", 2013, 15593224.0);
    let rows = static_lq(
        &t,
        &Settings {
            reference: Reference::Region("R".into()),
            first: 2013,
            last: 2013,
            dlq: DlqGrowth::Arithmetic,
            population: BTreeMap::new(),
        },
    );
    assert_eq!(rows.len(), 1);
    assert!((rows[0].slq - 0.3847623).abs() < 5e-8, "{}", rows[0].slq);
}

/// REAT's `shift` (R/shift.R, Dunn method) computes the region's reference share as
/// e_j1·e2/e1 − e_j1 and its industrial mix as Σ e_ij1·(e_i2/e_i1) − e_j1·(e2/e1): the sums over
/// the sectors of our per-sector N and M when the sectors make up the region (35.02 here, whose
/// published totals equal the sum of its sectors).
#[test]
fn sector_components_sum_to_reats_region_level_components() {
    let t = table();
    let rows = shift_share(&t, &settings(Reference::Region("35".into())));
    let sectors: Vec<&ShiftRow> = rows
        .iter()
        .filter(|r| r.region == "35.02" && r.sector != "TOTAL")
        .collect();
    let sum = |f: fn(&ShiftRow) -> Option<f64>| sectors.iter().map(|r| f(r).unwrap()).sum::<f64>();
    let (e_j1, e1, e2) = (300.0, 400.0, 470.0);
    let reat_national = e_j1 * e2 / e1 - e_j1;
    // e_ij1 · (e_i2 / e_i1) for A (60; 110/100) and C (240; 360/300)
    let reat_mix = 60.0 * (110.0 / 100.0) + 240.0 * (360.0 / 300.0) - e_j1 * (e2 / e1);
    assert!((sum(|r| r.reference_share) - reat_national).abs() < 1e-9);
    assert!((sum(|r| r.industry_mix) - reat_mix).abs() < 1e-9);
}

/// With the sum of regions as reference, a region without a value for a
/// cell is left out of that cell's sum; the other regions keep their SLQ.
#[test]
fn a_missing_cell_leaves_the_sum_reference_of_the_others_intact() {
    let mut t = table();
    t.values.remove(&("35.01".into(), "A".into(), 2021));
    let rows = static_lq(&t, &settings(Reference::Sum));
    let a = rows
        .iter()
        .find(|r| r.region == "35.02" && r.sector == "A" && r.year == 2021)
        .expect("35.02's A in 2021 keeps its SLQ");
    // reference A = 61 (35.02 alone), total = 107 + 328
    assert!((a.reference_value - 61.0).abs() < 1e-9 && (a.reference_total - 435.0).abs() < 1e-9);
}
