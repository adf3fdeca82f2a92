//! The smallest change of one weight that changes a village's pick, for
//! every method (SPEC §5.7): a numerical search where SAW has its closed
//! form (`sensitivity::smallest_saw_flips`). Weight j moves to w_j + t and
//! the others are rescaled by (1 − w_j − t)/(1 − w_j), the family of weight
//! vectors the SAW formula uses; t runs outwards from 0 in steps of
//! [`STEP`] in both directions, and the first step at which a village's
//! pick changes is its flip for that criterion. The reported change is that
//! step: applying it changes the pick, and the exact smallest change lies
//! within one step below it.

use super::sensitivity::{village_picks, Flip, Products};

/// Search step on the weight (the tolerance of a reported flip).
pub const STEP: f64 = 0.01;

/// The most product rescorings the search may cost (products × steps);
/// larger studies get no flips for non-SAW methods rather than minutes.
pub const MAX_WORK: usize = 60_000_000;

/// The weight vector with criterion j moved to `wj`, the others rescaled.
pub fn moved(weights: &[f64], j: usize, wj: f64) -> Vec<f64> {
    let rest = 1.0 - weights[j];
    weights
        .iter()
        .enumerate()
        .map(|(k, w)| {
            if k == j {
                wj
            } else if rest > 0.0 {
                w * (1.0 - wj) / rest
            } else {
                (1.0 - wj) / (weights.len() - 1).max(1) as f64
            }
        })
        .collect()
}

/// Steps the search takes for these weights (both directions, every criterion).
pub fn steps(weights: &[f64]) -> usize {
    weights
        .iter()
        .map(|w| ((w / STEP).ceil() + ((1.0 - w) / STEP).ceil()) as usize)
        .sum()
}

/// Per village, the smallest one-weight change found that changes its pick
/// (None when no single weight can, or the village has no pick).
pub fn search(
    weights: &[f64],
    products: &Products,
    score: impl Fn(&[f64]) -> Vec<f64>,
) -> Vec<Option<Flip>> {
    let base = village_picks(&score(weights), products);
    let mut best: Vec<Option<Flip>> = vec![None; products.villages];
    for j in 0..weights.len() {
        for direction in [1.0, -1.0] {
            // Villages whose pick already changed in this direction.
            let mut done = vec![false; products.villages];
            let mut k = 1;
            loop {
                let t = direction * STEP * k as f64;
                let wj = (weights[j] + t).clamp(0.0, 1.0);
                let picks = village_picks(&score(&moved(weights, j, wj)), products);
                let change = wj - weights[j];
                for (v, (now, then)) in picks.iter().zip(&base).enumerate() {
                    if done[v] || now == then {
                        continue;
                    }
                    done[v] = true;
                    let (Some(_), Some(challenger)) = (then, now) else {
                        continue;
                    };
                    if best[v]
                        .as_ref()
                        .is_none_or(|f| change.abs() < f.weight_change.abs())
                    {
                        best[v] = Some(Flip {
                            criterion: j,
                            weight_change: change,
                            challenger: *challenger,
                        });
                    }
                }
                if wj <= 0.0 || wj >= 1.0 || done.iter().all(|d| *d) {
                    break;
                }
                k += 1;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::mcdm;
    use crate::score::sensitivity::smallest_saw_flips;

    fn products() -> Products<'static> {
        Products {
            village: &[0, 0, 0, 1, 1],
            villages: 2,
            tiebreak: &[0, 1, 2, 3, 4],
            eligible: &[true, true, true, true, true],
        }
    }

    fn columns() -> Vec<Vec<f64>> {
        vec![
            vec![1.0, 0.2, 0.5, 0.9, 0.3],
            vec![0.0, 0.6, 0.55, 0.2, 0.8],
        ]
    }

    #[test]
    fn moved_weights_keep_their_sum_and_ratios() {
        let w = moved(&[0.5, 0.3, 0.2], 0, 0.8);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((w[1] / w[2] - 1.5).abs() < 1e-12 && (w[0] - 0.8).abs() < 1e-12);
    }

    /// On SAW the search agrees with the closed form within one step, and
    /// the flip it reports, applied, changes the pick.
    #[test]
    fn the_search_agrees_with_saws_closed_form() {
        let cols = columns();
        let w = [0.5, 0.5];
        let score = |w: &[f64]| mcdm::saw(&cols, w, None);
        let exact = smallest_saw_flips(&cols, &w, &score(&w), &products());
        let found = search(&w, &products(), score);
        for (e, f) in exact.iter().zip(&found) {
            // With two criteria, raising one weight is lowering the other:
            // the two searches may name either criterion for the same flip.
            let (e, f) = (e.as_ref().unwrap(), f.as_ref().unwrap());
            assert!(f.weight_change.abs() >= e.weight_change.abs() - 1e-12);
            assert!(
                f.weight_change.abs() - e.weight_change.abs() <= STEP + 1e-12,
                "{e:?} {f:?}"
            );
        }
        check_applied(&w, &found, &score);
    }

    fn check_applied(w: &[f64], found: &[Option<Flip>], score: &dyn Fn(&[f64]) -> Vec<f64>) {
        let before = village_picks(&score(w), &products());
        for (v, f) in found.iter().enumerate() {
            let Some(f) = f else { continue };
            let w2 = moved(w, f.criterion, w[f.criterion] + f.weight_change);
            let after = village_picks(&score(&w2), &products());
            assert_ne!(after[v], before[v], "village {v}");
            assert_eq!(after[v], Some(f.challenger));
        }
    }

    /// For WP, MPE, TOPSIS, CPI and Bayes: the reported flip, applied,
    /// changes the pick to the reported challenger.
    #[test]
    fn applying_the_reported_flip_changes_the_pick_for_every_method() {
        use crate::domain::methods::{Missing, Normalisation};
        let cols = columns();
        let raw: Vec<Vec<Option<f64>>> = cols
            .iter()
            .map(|c| c.iter().map(|v| Some(*v + 0.1)).collect())
            .collect();
        let w = [0.5, 0.5];
        type Score<'a> = Box<dyn Fn(&[f64]) -> Vec<f64> + 'a>;
        let methods: Vec<(&str, Score)> = vec![
            ("wp", Box::new(|w: &[f64]| mcdm::wp(&cols, w, None))),
            ("mpe", Box::new(|w: &[f64]| mcdm::mpe(&cols, w, None, None))),
            (
                "topsis",
                Box::new(|w: &[f64]| {
                    mcdm::topsis(
                        &raw,
                        &[true, true],
                        w,
                        Normalisation::Vector,
                        Missing::Worst,
                    )
                }),
            ),
            (
                "cpi",
                Box::new(|w: &[f64]| mcdm::cpi(&raw, &[true, true], w, Missing::Worst, None)),
            ),
            ("bayes", Box::new(|w: &[f64]| mcdm::bayes(&cols, w, None))),
        ];
        for (name, score) in &methods {
            let found = search(&w, &products(), score);
            assert!(found.iter().any(Option::is_some), "{name}: no flip found");
            check_applied(&w, &found, score.as_ref());
        }
    }
}
