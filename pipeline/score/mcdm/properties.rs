//! Properties every method keeps on random decision matrices (proptest).

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
            for scores in [saw(&normalised, &w, None), wp(&normalised, &w, None), mpe(&normalised, &w, None, None)] {
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
            (mpe(&columns, &w, None, None), mpe(&columns, &w, Some(&all), None)),
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
