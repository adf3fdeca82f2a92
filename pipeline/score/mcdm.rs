//! Multi-criteria decision making over plain slices: normalisation of each
//! criterion and the simple additive weighting (SAW) score. Pure functions,
//! so each is checked against hand-computed answers. Formulas and references
//! are in docs/methods.md.

use crate::domain::methods::{Missing, Normalisation};

/// Which values are present, criterion-major like the columns (`present[j][i]`);
/// None when every product has every criterion, or when missing values are
/// imputed rather than excluded.
pub type Present<'a> = Option<&'a [Vec<bool>]>;

fn has(present: Present, j: usize, i: usize) -> bool {
    present.is_none_or(|p| p[j][i])
}

/// Product i has at least one of the `m` criteria.
fn has_any(present: Present, m: usize, i: usize) -> bool {
    (0..m).any(|j| has(present, j, i))
}

/// Product i's weights: the criteria it lacks get 0 and the rest are
/// rescaled to sum to 1 (all 0 when it lacks every criterion).
fn weights_of(weights: &[f64], present: Present, i: usize) -> Vec<f64> {
    let kept: Vec<f64> = weights
        .iter()
        .enumerate()
        .map(|(j, w)| if has(present, j, i) { *w } else { 0.0 })
        .collect();
    let total: f64 = kept.iter().sum();
    match total > 0.0 {
        true => kept.iter().map(|w| w / total).collect(),
        false => kept,
    }
}

/// Replaces each missing value's normalised score by the mean of the
/// present ones (the `neutral` rule); a criterion nobody has stays 0.
pub fn impute_mean(column: &mut [f64], present: &[bool]) {
    let (sum, n) = column
        .iter()
        .zip(present)
        .filter(|(_, p)| **p)
        .fold((0.0, 0usize), |(s, n), (v, _)| (s + v, n + 1));
    if n == 0 {
        return;
    }
    let mean = sum / n as f64;
    for (v, p) in column.iter_mut().zip(present) {
        if !p {
            *v = mean;
        }
    }
}

/// The values that are present and finite.
fn finite(values: &[Option<f64>]) -> Vec<f64> {
    values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect()
}

/// Normalises one criterion to [0, 1] where 1 is best. A missing value gets 0
/// (no evidence counts as the worst); a criterion with one distinct value
/// gives every product 1 (it cannot tell them apart).
pub fn normalise(values: &[Option<f64>], benefit: bool, method: Normalisation) -> Vec<f64> {
    let present = finite(values);
    if present.is_empty() {
        return vec![0.0; values.len()];
    }
    let min = present.iter().copied().fold(f64::INFINITY, f64::min);
    let max = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let norm = present.iter().map(|v| v * v).sum::<f64>().sqrt();
    let sum: f64 = present.iter().sum();
    let inv_sum: f64 = present.iter().filter(|v| **v > 0.0).map(|v| 1.0 / v).sum();
    values
        .iter()
        .map(|v| {
            let Some(x) = v.filter(|x| x.is_finite()) else {
                return 0.0;
            };
            let r = match (method, benefit) {
                _ if max == min => 1.0,
                (Normalisation::MinMax, true) => (x - min) / (max - min),
                (Normalisation::MinMax, false) => (max - x) / (max - min),
                (Normalisation::Vector, true) => x / norm,
                (Normalisation::Vector, false) => 1.0 - x / norm,
                (Normalisation::Max, true) => {
                    if max > 0.0 {
                        x / max
                    } else {
                        0.0
                    }
                }
                (Normalisation::Max, false) => {
                    if x > 0.0 {
                        min / x
                    } else {
                        1.0
                    }
                }
                (Normalisation::Sum, true) => {
                    if sum > 0.0 {
                        x / sum
                    } else {
                        0.0
                    }
                }
                (Normalisation::Sum, false) => {
                    if x > 0.0 && inv_sum > 0.0 {
                        (1.0 / x) / inv_sum
                    } else {
                        1.0
                    }
                }
            };
            r.clamp(0.0, 1.0)
        })
        .collect()
}

/// SAW: V_i = Σ_j w_j r_ij over normalised criteria `columns[j][i]`; with
/// `present`, over product i's own criteria with their weights rescaled.
pub fn saw(columns: &[Vec<f64>], weights: &[f64], present: Present) -> Vec<f64> {
    let n = columns.first().map_or(0, Vec::len);
    (0..n)
        .map(|i| {
            let w = match present {
                Some(_) => weights_of(weights, present, i),
                None => weights.to_vec(),
            };
            columns.iter().zip(&w).map(|(c, w)| w * c[i]).sum()
        })
        .collect()
}

/// Weighted product (WP; Yoon 1989) over normalised values: S_i = Π_j r_ij^w_j.
/// Cost criteria are already reversed by [`normalise`], so every exponent is
/// positive; values are floored at [`WP_FLOOR`] because one zero would wipe out
/// the whole product. S = 1 for a product best on every criterion.
/// With `present`, a missing criterion's exponent is 0 and the others are
/// rescaled; a product with no criterion at all scores 0 (the empty product
/// would be 1, the best).
pub fn wp(columns: &[Vec<f64>], weights: &[f64], present: Present) -> Vec<f64> {
    let n = columns.first().map_or(0, Vec::len);
    (0..n)
        .map(|i| {
            if !has_any(present, columns.len(), i) {
                return 0.0;
            }
            let w = match present {
                Some(_) => weights_of(weights, present, i),
                None => weights.to_vec(),
            };
            columns
                .iter()
                .zip(&w)
                .map(|(c, w)| c[i].max(WP_FLOOR).powf(*w))
                .product()
        })
        .collect()
}

pub const WP_FLOOR: f64 = 0.01;

/// Metode Perbandingan Eksponensial (MPE; Marimin 2004): TN_i = Σ_j RK_ij^TKK_j
/// with ordinal scores RK = round(1 + 4 r) on 1–5 and importance TKK_j = 5 w_j / max w.
/// Returned on 0–1: (TN − TN_min)/(TN_max − TN_min), the extremes being all-1 and all-5 scores.
/// With `present`, TN and its extremes run over product i's own criteria
/// (a criterion's importance does not change because another is missing).
pub fn mpe(columns: &[Vec<f64>], weights: &[f64], present: Present) -> Vec<f64> {
    let n = columns.first().map_or(0, Vec::len);
    let top = weights.iter().copied().fold(0.0, f64::max);
    let tkk: Vec<f64> = weights
        .iter()
        .map(|w| if top > 0.0 { 5.0 * w / top } else { 0.0 })
        .collect();
    (0..n)
        .map(|i| {
            let (mut tn, mut lowest, mut highest) = (0.0, 0.0, 0.0);
            for (j, (c, t)) in columns.iter().zip(&tkk).enumerate() {
                if has(present, j, i) {
                    tn += (1.0 + 4.0 * c[i]).round().powf(*t);
                    lowest += 1.0;
                    highest += 5f64.powf(*t);
                }
            }
            if highest > lowest {
                (tn - lowest) / (highest - lowest)
            } else {
                0.0
            }
        })
        .collect()
}

/// TOPSIS (Hwang & Yoon 1981): closeness C_i = D⁻/(D⁺ + D⁻) to the ideal.
/// `raw[j][i]` are the raw values; missing ones take the criterion's worst
/// value (`Missing::Worst`), its mean (`Neutral`), or drop out of both
/// distances (`Exclude`). Values are scaled without reversing cost criteria
/// (vector or min–max normalisation), weighted, and the ideal takes the max
/// of a benefit criterion and the min of a cost criterion.
pub fn topsis(
    raw: &[Vec<Option<f64>>],
    benefit: &[bool],
    weights: &[f64],
    method: Normalisation,
    missing: Missing,
) -> Vec<f64> {
    let n = raw.first().map_or(0, Vec::len);
    let weighted: Vec<Vec<f64>> = raw
        .iter()
        .zip(benefit)
        .zip(weights)
        .map(|((values, &is_benefit), w)| {
            let present = finite(values);
            let fill = match missing {
                Missing::Neutral if !present.is_empty() => {
                    present.iter().sum::<f64>() / present.len() as f64
                }
                _ if is_benefit => present.iter().copied().fold(f64::INFINITY, f64::min),
                _ => present.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            };
            let filled: Vec<Option<f64>> = values
                .iter()
                .map(|v| {
                    v.filter(|x| x.is_finite())
                        .or(fill.is_finite().then_some(fill))
                })
                .collect();
            normalise(&filled, true, method)
                .into_iter()
                .map(|r| r * w)
                .collect()
        })
        .collect();
    let ideal = |best: bool| -> Vec<f64> {
        weighted
            .iter()
            .zip(benefit)
            .map(|(c, &b)| {
                let want_max = b == best;
                c.iter().copied().fold(
                    if want_max {
                        f64::NEG_INFINITY
                    } else {
                        f64::INFINITY
                    },
                    |a, x| if want_max { a.max(x) } else { a.min(x) },
                )
            })
            .collect()
    };
    let (positive, negative) = (ideal(true), ideal(false));
    // Under `Exclude`, a product's missing criterion adds to neither distance.
    let counts = |j: usize, i: usize| {
        missing != Missing::Exclude || raw[j][i].is_some_and(|x| x.is_finite())
    };
    let distance = |i: usize, to: &[f64]| {
        weighted
            .iter()
            .zip(to)
            .enumerate()
            .filter(|(j, _)| counts(*j, i))
            .map(|(_, (c, t))| (c[i] - t).powi(2))
            .sum::<f64>()
            .sqrt()
    };
    (0..n)
        .map(|i| {
            // Every criterion excluded: nothing to be close to (not the ideal).
            if !(0..raw.len()).any(|j| counts(j, i)) {
                return 0.0;
            }
            let (dp, dm) = (distance(i, &positive), distance(i, &negative));
            if dp + dm > 0.0 {
                dm / (dp + dm)
            } else {
                1.0
            }
        })
        .collect()
}

/// Borda count (de Borda 1781) over several rankings of the same n products:
/// each ranking gives n − rank points; returned as a share of the maximum
/// k (n − 1), so 1 means first in every ranking.
pub fn borda(rankings: &[Vec<u32>]) -> Vec<f64> {
    let n = rankings.first().map_or(0, Vec::len);
    let most = (rankings.len() * n.saturating_sub(1)) as f64;
    (0..n)
        .map(|i| {
            let points: f64 = rankings.iter().map(|r| (n as f64) - r[i] as f64).sum();
            if most > 0.0 {
                points / most
            } else {
                1.0
            }
        })
        .collect()
}

/// Ordinal ranks (1 = best) of scores, ties broken by position.
pub fn ranks(scores: &[f64]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut out = vec![0; scores.len()];
    for (rank, i) in order.into_iter().enumerate() {
        out[i] = rank as u32 + 1;
    }
    out
}

/// Weights rescaled to sum to 1.
pub fn unit_weights(weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
}

#[cfg(test)]
mod tests {
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
        let s = mpe(&cols, &[0.6, 0.4], None);
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
        assert!((mpe(&columns, &w, Some(&present))[2] - want).abs() < 1e-12);
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
        assert_eq!(mpe(&columns, &w, Some(&present))[1], 0.0);
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
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A small decision matrix: 2–6 criteria × 2–12 products, values in [0, 100].
    fn matrix() -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<f64>)> {
        (2usize..6, 2usize..12).prop_flat_map(|(m, n)| {
            (
                proptest::collection::vec(proptest::collection::vec(0.0f64..100.0, n), m),
                proptest::collection::vec(0.01f64..1.0, m),
            )
        })
    }

    fn saw_scores(raw: &[Vec<f64>], weights: &[f64], method: Normalisation) -> Vec<f64> {
        let normalised: Vec<Vec<f64>> = raw
            .iter()
            .map(|c| {
                normalise(
                    &c.iter().map(|v| Some(*v)).collect::<Vec<_>>(),
                    true,
                    method,
                )
            })
            .collect();
        saw(&normalised, &unit_weights(weights), None)
    }

    proptest! {
        /// Ranks are a permutation of 1..n.
        #[test]
        fn ranks_are_a_permutation(scores in proptest::collection::vec(-1e6f64..1e6, 0..50)) {
            let mut r = ranks(&scores);
            r.sort_unstable();
            prop_assert_eq!(r, (1..=scores.len() as u32).collect::<Vec<_>>());
        }

        /// Scaling one criterion by a positive constant does not change a min–max SAW ranking.
        #[test]
        fn minmax_ranking_ignores_the_scale_of_a_criterion((raw, weights) in matrix(), k in 0.001f64..1000.0, j in 0usize..6) {
            let j = j % raw.len();
            let mut scaled = raw.clone();
            scaled[j].iter_mut().for_each(|v| *v *= k);
            let a = saw_scores(&raw, &weights, Normalisation::MinMax);
            let b = saw_scores(&scaled, &weights, Normalisation::MinMax);
            for (x, y) in a.iter().zip(&b) {
                prop_assert!((x - y).abs() < 1e-9);
            }
        }

        /// A product at least as good as another on every criterion, and better on one,
        /// never scores below it (SAW, WP, MPE, TOPSIS, every normalisation).
        #[test]
        fn a_dominating_product_never_ranks_below((mut raw, weights) in matrix(), bump in 0.5f64..10.0) {
            // Make product 0 dominate product 1.
            for c in raw.iter_mut() {
                c[0] = c[1] + bump;
            }
            let w = unit_weights(&weights);
            for method in [Normalisation::MinMax, Normalisation::Vector, Normalisation::Max, Normalisation::Sum] {
                let normalised: Vec<Vec<f64>> =
                    raw.iter().map(|c| normalise(&c.iter().map(|v| Some(*v)).collect::<Vec<_>>(), true, method)).collect();
                for scores in [saw(&normalised, &w, None), wp(&normalised, &w, None), mpe(&normalised, &w, None)] {
                    prop_assert!(scores[0] >= scores[1] - 1e-12, "{:?} {:?}", method, scores);
                }
            }
            let options: Vec<Vec<Option<f64>>> = raw.iter().map(|c| c.iter().map(|v| Some(*v)).collect()).collect();
            let benefit = vec![true; raw.len()];
            for method in [Normalisation::Vector, Normalisation::MinMax] {
                let c = topsis(&options, &benefit, &w, method, Missing::Worst);
                prop_assert!(c[0] >= c[1] - 1e-12, "{:?} {:?}", method, c);
            }
        }

        /// With every value present, excluding missing values changes nothing.
        #[test]
        fn exclusion_without_missing_values_is_plain_scoring((raw, weights) in matrix()) {
            let w = unit_weights(&weights);
            let columns: Vec<Vec<f64>> = raw.iter().map(|c| normalise(&c.iter().map(|v| Some(*v)).collect::<Vec<_>>(), true, Normalisation::MinMax)).collect();
            let all = vec![vec![true; columns[0].len()]; columns.len()];
            for (a, b) in [
                (saw(&columns, &w, None), saw(&columns, &w, Some(&all))),
                (wp(&columns, &w, None), wp(&columns, &w, Some(&all))),
                (mpe(&columns, &w, None), mpe(&columns, &w, Some(&all))),
            ] {
                for (x, y) in a.iter().zip(&b) {
                    prop_assert!((x - y).abs() < 1e-9);
                }
            }
        }

        /// Borda scores stay in [0, 1] and the k-fold winner gets 1.
        #[test]
        fn borda_is_bounded(scores in proptest::collection::vec(proptest::collection::vec(0.0f64..1.0, 5), 1..4)) {
            let rankings: Vec<Vec<u32>> = scores.iter().map(|s| ranks(s)).collect();
            let b = borda(&rankings);
            prop_assert!(b.iter().all(|v| (0.0..=1.0).contains(v)));
        }
    }
}
