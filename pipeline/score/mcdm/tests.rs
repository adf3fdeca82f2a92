//! Each method against answers computed by hand (docs/methods.md §3–4).

use super::*;

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
}

#[test]
fn min_max_by_hand() {
    let v = [Some(2.0), Some(4.0), None, Some(6.0)];
    assert!(close(
        &normalise(&v, true, Normalisation::MinMax),
        &[0.0, 0.5, 0.0, 1.0]
    ));
    assert!(close(
        &normalise(&v, false, Normalisation::MinMax),
        &[1.0, 0.5, 0.0, 0.0]
    ));
    assert!(close(
        &normalise(&[Some(3.0), Some(3.0)], true, Normalisation::MinMax),
        &[1.0, 1.0]
    ));
}

#[test]
fn other_normalisations_by_hand() {
    let v = [Some(3.0), Some(4.0)];
    assert!(close(
        &normalise(&v, true, Normalisation::Vector),
        &[0.6, 0.8]
    ));
    assert!(close(
        &normalise(&v, true, Normalisation::Max),
        &[0.75, 1.0]
    ));
    assert!(close(
        &normalise(&v, false, Normalisation::Max),
        &[1.0, 0.75]
    ));
    assert!(close(
        &normalise(&v, true, Normalisation::Sum),
        &[3.0 / 7.0, 4.0 / 7.0]
    ));
    // cost by sum: (1/3)/(1/3+1/4) = 4/7
    assert!(close(
        &normalise(&v, false, Normalisation::Sum),
        &[4.0 / 7.0, 3.0 / 7.0]
    ));
}

/// WP by hand: r = [[1, 0.25], [0.5, 1]] (criteria-major), w = [0.6, 0.4]:
/// S1 = 1^0.6 · 0.5^0.4 = 0.757858, S2 = 0.25^0.6 · 1^0.4 = 0.435275.
#[test]
fn wp_by_hand() {
    let cols = vec![vec![1.0, 0.25], vec![0.5, 1.0]];
    let s = wp(&cols, &[0.6, 0.4], None);
    assert!(
        (s[0] - 0.757858).abs() < 1e-6 && (s[1] - 0.435275).abs() < 1e-6,
        "{s:?}"
    );
    // A zero is floored, not fatal.
    assert!(wp(&[vec![0.0]], &[1.0], None)[0] == WP_FLOOR);
}

/// MPE by hand: r = [[1, 0], [0.5, 1]], w = [0.6, 0.4] → TKK = [5, 10/3],
/// RK1 = [5, 3], RK2 = [1, 5]; TN1 = 5^5 + 3^(10/3) = 3125 + 38.9407,
/// TN2 = 1 + 5^(10/3) = 1 + 213.7469; range from 2 to 3125 + 213.7469.
#[test]
fn mpe_by_hand() {
    let cols = vec![vec![1.0, 0.0], vec![0.5, 1.0]];
    let s = mpe(&cols, &[0.6, 0.4], None, None);
    let top = 3125.0 + 213.7469;
    assert!(
        (s[0] - (3125.0 + 38.9407 - 2.0) / (top - 2.0)).abs() < 1e-5,
        "{s:?}"
    );
    assert!(
        (s[1] - (1.0 + 213.7469 - 2.0) / (top - 2.0)).abs() < 1e-5,
        "{s:?}"
    );
}

/// TOPSIS on the published five-phone example (the TOPSIS notebook in the
/// public repository mycr0ft/MultiComponentDecisionTheory: price as a cost;
/// storage, camera and looks as benefits; equal weights 1/4). Its vector-
/// normalised weighted prices (0.110702, 0.088561, …) are what this code
/// computes; the closeness values below were computed independently with numpy.
#[test]
fn topsis_five_phones_both_normalisations() {
    let x = [
        [250.0, 16.0, 12.0, 5.0],
        [200.0, 16.0, 8.0, 3.0],
        [300.0, 32.0, 16.0, 4.0],
        [275.0, 32.0, 8.0, 4.0],
        [225.0, 16.0, 16.0, 2.0],
    ];
    let raw: Vec<Vec<Option<f64>>> = (0..4)
        .map(|j| x.iter().map(|row| Some(row[j])).collect())
        .collect();
    let benefit = [false, true, true, true];
    let vector = topsis(
        &raw,
        &benefit,
        &[0.25; 4],
        Normalisation::Vector,
        Missing::Worst,
    );
    assert!(
        close6(&vector, &[0.534277, 0.308368, 0.691632, 0.534737, 0.401046]),
        "{vector:?}"
    );
    let minmax = topsis(
        &raw,
        &benefit,
        &[0.25; 4],
        Normalisation::MinMax,
        Missing::Worst,
    );
    assert!(
        close6(&minmax, &[0.5, 0.4027, 0.5973, 0.486891, 0.465352]),
        "{minmax:?}"
    );
}

fn close6(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() < 5e-6)
}

/// Missing values, by hand: criterion 0 = [1, 0, –], criterion 1 = [0, 1, 0.5], w = [0.6, 0.4].
/// Worst: product 2 = 0.6·0 + 0.4·0.5 = 0.2. Neutral: its missing 0 becomes the mean 0.5,
/// 0.6·0.5 + 0.2 = 0.5. Exclude: it keeps criterion 1 alone (weight 1): 0.5.
#[test]
fn missing_values_worst_neutral_and_excluded() {
    let present = vec![vec![true, true, false], vec![true, true, true]];
    let mut columns = vec![vec![1.0, 0.0, 0.0], vec![0.0, 1.0, 0.5]];
    let w = [0.6, 0.4];
    assert!(close(&saw(&columns, &w, None), &[0.6, 0.4, 0.2]));
    assert!(close(&saw(&columns, &w, Some(&present)), &[0.6, 0.4, 0.5]));
    // WP: product 2 keeps 0.5^1 under exclusion.
    assert!((wp(&columns, &w, Some(&present))[2] - 0.5).abs() < 1e-12);
    // MPE: product 2 on criterion 1 alone: RK = 3, TKK = 5·0.4/0.6; (3^t − 1)/(5^t − 1).
    let t = 5.0 * 0.4 / 0.6;
    let want = (3f64.powf(t) - 1.0) / (5f64.powf(t) - 1.0);
    assert!((mpe(&columns, &w, Some(&present), None)[2] - want).abs() < 1e-12);
    impute_mean(&mut columns[0], &present[0]);
    assert!(close(&columns[0], &[1.0, 0.0, 0.5]));
    assert!(close(&saw(&columns, &w, None), &[0.6, 0.4, 0.5]));
}

/// Regression (review of issue 10): under `exclude`, a product with no value at all scored
/// 1 (the best) under WP (the empty product) and TOPSIS (no distances). It scores 0 in
/// every method.
#[test]
fn a_product_without_any_value_scores_zero_under_exclusion() {
    let present = vec![vec![true, false], vec![true, false]];
    let columns = vec![vec![0.5, 0.0], vec![0.5, 0.0]];
    let w = [0.5, 0.5];
    assert_eq!(saw(&columns, &w, Some(&present))[1], 0.0);
    assert_eq!(wp(&columns, &w, Some(&present))[1], 0.0);
    assert_eq!(mpe(&columns, &w, Some(&present), None)[1], 0.0);
    let raw = vec![vec![Some(0.5), None], vec![Some(0.5), None]];
    let t = topsis(
        &raw,
        &[true, true],
        &w,
        Normalisation::MinMax,
        Missing::Exclude,
    );
    assert_eq!(t[1], 0.0);
}

/// TOPSIS with a missing value: worst fills the criterion's worst raw value, neutral its
/// mean, exclude drops it from both distances (product 2 then sits on criterion 1 alone,
/// exactly between the ideals' values 1 and 3: closeness 0.5).
#[test]
fn topsis_missing_values() {
    let raw = vec![
        vec![Some(1.0), Some(3.0), None],
        vec![Some(1.0), Some(3.0), Some(2.0)],
    ];
    let benefit = [true, true];
    let run = |m| topsis(&raw, &benefit, &[0.5, 0.5], Normalisation::MinMax, m);
    assert!((run(Missing::Exclude)[2] - 0.5).abs() < 1e-12);
    assert!((run(Missing::Neutral)[2] - 0.5).abs() < 1e-12);
    // Worst: criterion 0 at 1 (the minimum), criterion 1 halfway: D+ = √(0.25² + 0.125²)…
    let worst = run(Missing::Worst)[2];
    assert!(worst < 0.5, "{worst}");
}

/// Borda by hand: rankings [1, 2, 3] and [2, 1, 3] give points [3, 3, 0] of 4.
#[test]
fn borda_by_hand() {
    assert!(close(
        &borda(&[vec![1, 2, 3], vec![2, 1, 3]]),
        &[0.75, 0.75, 0.0]
    ));
    assert_eq!(ranks(&[0.2, 0.9, 0.2]), vec![2, 1, 3]);
}

/// SAW on a three-alternative, two-criterion case computed by hand:
/// r = [[0, 0.5, 1], [1, 0, 0.5]], w = [0.6, 0.4] → [0.4, 0.3, 0.8].
#[test]
fn saw_by_hand() {
    let cols = vec![vec![0.0, 0.5, 1.0], vec![1.0, 0.0, 0.5]];
    assert!(close(&saw(&cols, &[0.6, 0.4], None), &[0.4, 0.3, 0.8]));
    assert!(close(&unit_weights(&[2.0, 6.0]), &[0.25, 0.75]));
}

/// CPI by hand (Marimin 2004's index): producers (benefit) 10, 20, 5 and
/// price (cost) 50, 40, 80, weights 0.6 and 0.4. Indices to the minimum:
/// producers 200, 400, 100; price 100·40/50 = 80, 100, 100·40/80 = 50.
/// I = 0.6·200 + 0.4·80 = 152, 0.6·400 + 0.4·100 = 280, 0.6·100 + 0.4·50
/// = 80; on 0–1 by the best: 152/280, 1, 80/280.
#[test]
fn cpi_by_hand() {
    let raw = vec![
        vec![Some(10.0), Some(20.0), Some(5.0)],
        vec![Some(50.0), Some(40.0), Some(80.0)],
    ];
    let s = cpi(&raw, &[true, false], &[0.6, 0.4], Missing::Worst, None);
    for (got, want) in s.iter().zip([152.0 / 280.0, 1.0, 80.0 / 280.0]) {
        assert!((got - want).abs() < 1e-12, "{s:?}");
    }
    // A zero minimum (a new product with no producers yet) is shifted by 1:
    // producers 11, 21, 1 → indices 1100, 2100, 100; I = 692, 1300, 80.
    let raw = vec![
        vec![Some(10.0), Some(20.0), Some(0.0)],
        vec![Some(50.0), Some(40.0), Some(80.0)],
    ];
    let s = cpi(&raw, &[true, false], &[0.6, 0.4], Missing::Worst, None);
    for (got, want) in s.iter().zip([692.0 / 1300.0, 1.0, 80.0 / 1300.0]) {
        assert!((got - want).abs() < 1e-12, "{s:?}");
    }
    assert!(s.iter().all(|v| v.is_finite()));
    // A missing value takes the worst index: the third product's producers
    // count as the minimum (index 100), so it scores as in the first case.
    let raw = vec![
        vec![Some(10.0), Some(20.0), None],
        vec![Some(50.0), Some(40.0), Some(80.0)],
    ];
    let s = cpi(&raw, &[true, false], &[0.6, 0.4], Missing::Worst, None);
    // min over present = 10: indices 100, 200, (100); I = 92, 160, 80.
    for (got, want) in s.iter().zip([92.0 / 160.0, 1.0, 80.0 / 160.0]) {
        assert!((got - want).abs() < 1e-12, "{s:?}");
    }
}

/// Bayes by hand: r = [[1, 0], [0.5, 1]] (criterion-major), w = [0.6, 0.4].
/// Ordinal scores round(1 + 4r): product 0 → (5, 3), product 1 → (1, 5).
/// N = 0.6·5 + 0.4·3 = 4.2 and 0.6·1 + 0.4·5 = 2.6; on 0–1: 0.8 and 0.4.
#[test]
fn bayes_by_hand() {
    let cols = vec![vec![1.0, 0.0], vec![0.5, 1.0]];
    let s = bayes(&cols, &[0.6, 0.4], None);
    assert!(close(&s, &[0.8, 0.4]), "{s:?}");
    // Weights that do not sum to 1 are read as shares.
    assert!(close(&bayes(&cols, &[3.0, 2.0], None), &[0.8, 0.4]));
}

/// The published MPE example (IPB thesis, mangosteen agro-industry in
/// Kabupaten Bogor, Tables 14–15): TKK 3, 2, 1, 1, 4 as whole numbers
/// (scale 11 on unit weights) and grades 1–5 give TN 343, 782, 157, 165.
#[test]
fn mpe_with_whole_number_tkk_reproduces_the_published_totals() {
    let grades = [
        [4.0, 4.0, 4.0, 3.0, 4.0],
        [5.0, 5.0, 4.0, 3.0, 5.0],
        [4.0, 2.0, 5.0, 3.0, 3.0],
        [5.0, 4.0, 5.0, 3.0, 2.0],
    ];
    let columns: Vec<Vec<f64>> = (0..5)
        .map(|j| grades.iter().map(|g| (g[j] - 1.0) / 4.0).collect())
        .collect();
    let w = unit_weights(&[3.0, 2.0, 1.0, 1.0, 4.0]);
    let s = mpe(&columns, &w, None, Some(11.0));
    let tn: Vec<f64> = s.iter().map(|s| 5.0 + s * 780.0).collect();
    assert!(close(&tn, &[343.0, 782.0, 157.0, 165.0]), "{tn:?}");
    // Without the scale, the top criterion's TKK is 5, not 4: other totals.
    let rescaled: Vec<f64> = mpe(&columns, &w, None, None)
        .iter()
        .map(|s| 5.0 + s * 780.0)
        .collect();
    assert!(!close(&rescaled, &tn));
}

/// A published CPI exercise (IPB course, W. Nugraha, scribd.com/doc/48739288):
/// pisang, talas, jagung on IRR (%), B/C (benefit) and payback period (cost),
/// weights 0.3, 0.3, 0.4. Its B/C indices 116.67, 104.17, 100 and PBP
/// indices 80, 66.7, 100 follow the rule; its IRR column (100, 37.5, 75)
/// indexes to the maximum instead, so here IRR follows the stated rule
/// (266.67, 100, 200): totals 147, 87.92, 130. The ranking (pisang, jagung,
/// talas) is the published one.
#[test]
fn cpi_reproduces_a_published_exercise() {
    let raw = vec![
        vec![Some(40.0), Some(15.0), Some(30.0)],
        vec![Some(1.4), Some(1.25), Some(1.2)],
        vec![Some(5.0), Some(6.0), Some(4.0)],
    ];
    let s = cpi(
        &raw,
        &[true, true, false],
        &[0.3, 0.3, 0.4],
        Missing::Worst,
        None,
    );
    let totals: [f64; 3] = [
        0.3 * 40.0 / 15.0 * 100.0 + 0.3 * 1.4 / 1.2 * 100.0 + 0.4 * 80.0,
        0.3 * 100.0 + 0.3 * 1.25 / 1.2 * 100.0 + 0.4 * 4.0 / 6.0 * 100.0,
        0.3 * 200.0 + 0.3 * 100.0 + 0.4 * 100.0,
    ];
    assert!((totals[0] - 147.0).abs() < 1e-9 && (totals[2] - 130.0).abs() < 1e-9);
    assert!(close(&s, &totals.map(|t| t / 147.0)), "{s:?}");
    assert_eq!(ranks(&s), [1, 3, 2]);
}

/// Ties share the mean of their positions; Borda then gives them equal points.
#[test]
fn tied_products_share_a_mean_rank() {
    assert_eq!(mean_ranks(&[0.5, 0.9, 0.5, 0.1]), [2.5, 1.0, 2.5, 4.0]);
    assert_eq!(mean_ranks(&[0.7, 0.7, 0.7]), [2.0, 2.0, 2.0]);
    // Two rankings of four: points n − rank, out of 2 × 3.
    let b = borda_of_ranks(&[vec![2.5, 1.0, 2.5, 4.0], vec![1.0, 2.0, 3.0, 4.0]]);
    assert!(close(
        &b,
        &[(1.5 + 3.0) / 6.0, (3.0 + 2.0) / 6.0, (1.5 + 1.0) / 6.0, 0.0]
    ));
    // borda over whole ranks is the same function.
    assert_eq!(
        borda(&[vec![1, 2, 3]]),
        borda_of_ranks(&[vec![1.0, 2.0, 3.0]])
    );
}
