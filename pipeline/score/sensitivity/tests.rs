//! The draws, rank acceptability, central weights, confidence factors and
//! the flips against hand-computed answers.

use super::*;

#[test]
fn dirichlet_draws_sum_to_one_and_centre_on_the_weights() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let base = [0.5, 0.3, 0.2, 0.0];
    let mut mean = [0.0; 4];
    for _ in 0..4000 {
        let w = dirichlet(&mut rng, &base, 100.0);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(w[3], 0.0);
        for k in 0..4 {
            mean[k] += w[k] / 4000.0;
        }
    }
    // E[w] = w₀; sd of w_1 = sqrt(0.5·0.5/101) ≈ 0.05, so the mean of 4000 is within ~0.003.
    for k in 0..3 {
        assert!((mean[k] - base[k]).abs() < 0.005, "{mean:?}");
    }
}

#[test]
fn spearman_and_percentiles_by_hand() {
    assert_eq!(spearman(&[1, 2, 3, 4], &[1, 2, 3, 4]), 1.0);
    assert_eq!(spearman(&[1, 2, 3, 4], &[4, 3, 2, 1]), -1.0);
    // d = (0, 0, 1, −1): ρ = 1 − 6·2/(4·15) = 0.8
    assert!((spearman(&[1, 2, 3, 4], &[1, 2, 4, 3]) - 0.8).abs() < 1e-12);
    let sorted: Vec<u32> = (1..=20).collect();
    assert_eq!(
        (nearest_rank(&sorted, 0.05), nearest_rank(&sorted, 0.95)),
        (1, 19)
    );
}

/// Two products in one village, two criteria, SAW with w = (0.5, 0.5):
/// A = (1, 0) → 0.5, B = (0.2, 0.6) → 0.4. B overtakes A when w_2 grows by
/// δ* = (0.5 − 0.4)/(0.6 − 0) = 1/6: new w_2 = (0.5 + 1/6)/(1 + 1/6) = 4/7,
/// a change of 4/7 − 1/2 = 1/14; or when w_1 falls by δ* = 0.1/(0.2 − 1) = −1/8:
/// new w_1 = (0.5 − 1/8)/(1 − 1/8) = 3/7, a change of −1/14. Both are 1/14.
#[test]
fn smallest_flip_by_hand() {
    let normalised = vec![vec![1.0, 0.2], vec![0.0, 0.6]];
    let products = Products {
        village: &[0, 0],
        villages: 1,
        tiebreak: &[0, 1],
        eligible: &[true, true],
    };
    let flips = smallest_saw_flips(&normalised, &[0.5, 0.5], &[0.5, 0.4], &products);
    let flip = flips[0].clone().unwrap();
    assert_eq!(flip.challenger, 1);
    assert!(
        (flip.weight_change.abs() - 1.0 / 14.0).abs() < 1e-12,
        "{flip:?}"
    );
    // Re-scoring at the flipped weights confirms the swap (a tie at the boundary).
    let w2: f64 = 4.0 / 7.0;
    let (a, b) = ((1.0 - w2) * 1.0, (1.0 - w2) * 0.2 + w2 * 0.6);
    assert!((a - b).abs() < 1e-12);
}

#[test]
fn draws_are_reproducible_and_a_dominant_pick_always_stays() {
    let normalised = vec![vec![1.0, 0.0, 0.5], vec![1.0, 0.2, 0.1]];
    let products = Products {
        village: &[0, 0, 1],
        villages: 2,
        tiebreak: &[0, 1, 2],
        eligible: &[true, true, true],
    };
    let settings = Settings {
        draws: 200,
        concentration: 20.0,
        seed: 7,
    };
    let score = |w: &[f64]| crate::score::mcdm::saw(&normalised, w, None);
    let a = run(&[0.5, 0.5], &products, settings, score);
    let b = run(&[0.5, 0.5], &products, settings, score);
    assert_eq!(a.mean_rank, b.mean_rank);
    assert_eq!(a.spearman, b.spearman);
    // Product 0 dominates product 1 on every criterion: it is always the pick.
    assert_eq!(a.p_village_pick, vec![1.0, 0.0, 1.0]);
    assert_eq!((a.rank_p05[0], a.rank_p95[0]), (1, 1));
    // Rank acceptability: product 0 always first in its village, product
    // 1 always second, product 2 alone (always first).
    assert_eq!(a.offset, vec![0, 2, 4]);
    assert_eq!(a.acceptability, vec![1.0, 0.0, 0.0, 1.0, 1.0]);
}

/// SMAA-2 on two products whose order depends on the weights: 0 wins
/// when criterion 0 weighs more (w0 > 0.5), 1 otherwise. Rank
/// acceptabilities sum to 1 per product and mirror each other; the
/// central weights are the mean weights of the draws each product won, so
/// 0's central weight of criterion 0 is above 0.5 and 1's below; and
/// with a gate on product 0, product 1 is the pick in every draw with
/// the mean of all draws as its central weights.
#[test]
fn rank_acceptability_and_central_weights() {
    let normalised = vec![vec![1.0, 0.0], vec![0.0, 1.0]];
    let products = Products {
        village: &[0, 0],
        villages: 1,
        tiebreak: &[0, 1],
        eligible: &[true, true],
    };
    let settings = Settings {
        draws: 500,
        concentration: 4.0,
        seed: 11,
    };
    let score = |w: &[f64]| crate::score::mcdm::saw(&normalised, w, None);
    let r = run(&[0.5, 0.5], &products, settings, score);
    let (first0, second0, first1, second1) = (
        r.acceptability[0],
        r.acceptability[1],
        r.acceptability[2],
        r.acceptability[3],
    );
    assert!((first0 + second0 - 1.0).abs() < 1e-12 && (first1 + second1 - 1.0).abs() < 1e-12);
    assert!((first0 - second1).abs() < 1e-12 && first0 > 0.2 && first0 < 0.8);
    assert!((first0 - r.p_village_pick[0]).abs() < 1e-12);
    let c0 = r.central_weights[0].as_ref().unwrap();
    let c1 = r.central_weights[1].as_ref().unwrap();
    assert!(c0[0] > 0.5 && c1[0] < 0.5, "{c0:?} {c1:?}");
    assert!((c0.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    let gated = Products {
        eligible: &[false, true],
        ..products
    };
    let g = run(&[0.5, 0.5], &gated, settings, score);
    assert_eq!(g.p_village_pick, vec![0.0, 1.0]);
    assert!(g.central_weights[0].is_none());
    // The ranks (and so the acceptabilities) are those of every candidate.
    assert_eq!(g.acceptability, r.acceptability);
}

/// The integer keys order as `f64::total_cmp`, special values included,
/// and the percentile by selection equals the one by sorting.
#[test]
fn integer_keys_order_as_total_cmp() {
    let values = [
        0.0,
        -0.0,
        1.5,
        -1.5,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        5e-324,
        0.3,
        0.30000000000000004,
        1e300,
    ];
    for a in values {
        for b in values {
            assert_eq!(
                total_order_key(a).cmp(&total_order_key(b)),
                a.total_cmp(&b),
                "{a} {b}"
            );
        }
    }
    let score = [0.5, 0.9, 0.5, 0.1, 0.9];
    assert_eq!(regency_ranks(&score, &[4, 3, 2, 1, 0]), [4, 2, 3, 5, 1]);
    let column: Vec<u32> = (0..1000).map(|i| (i * 7919 % 1000) as u32 + 1).collect();
    let mut sorted = column.clone();
    sorted.sort_unstable();
    for p in [0.05, 0.5, 0.95] {
        assert_eq!(
            nearest_rank_unsorted(&mut column.clone(), p),
            nearest_rank(&sorted, p)
        );
    }
}

/// Two products that each win half the draws: at its own central
/// weights each is the pick (factor 1). A product whose central weights
/// favour the other: 0. Over the budget: null.
#[test]
fn confidence_is_one_for_a_pick_at_its_central_weights() {
    let normalised = vec![vec![1.0, 0.0], vec![0.0, 1.0]];
    let products = Products {
        village: &[0, 0],
        villages: 1,
        tiebreak: &[0, 1],
        eligible: &[true, true],
    };
    let score = |w: &[f64]| crate::score::mcdm::saw(&normalised, w, None);
    let central = vec![Some(vec![0.7, 0.3]), Some(vec![0.2, 0.8])];
    assert_eq!(
        confidence_factors(&central, &products, 100, score),
        [Some(1.0), Some(1.0)]
    );
    let against = vec![Some(vec![0.4, 0.6]), None];
    assert_eq!(
        confidence_factors(&against, &products, 100, score),
        [Some(0.0), None]
    );
    assert_eq!(
        confidence_factors(&central, &products, 3, score),
        [None, None]
    );
}

/// The kept ranks give the sorted column's nearest-rank percentiles and its
/// mean, for few and many draws (within one batch, across many, and a last
/// part batch), and for more products than one merge task takes.
#[test]
fn extremes_equal_the_sorted_percentiles() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for (draws, n) in [(1, 5), (2, 5), (7, 5), (20, 5), (1000, 5), (70, 5000)] {
        let mut extremes = Extremes::new(n, draws);
        let mut columns = vec![Vec::new(); n];
        for d in 0..draws {
            // Product 0 improves every draw and product 1 worsens (each
            // draw's rank enters the kept ones); the others are random, with ties.
            let ranks: Vec<u32> = (0..n)
                .map(|i| match i {
                    0 => (draws - d) as u32,
                    1 => d as u32 + 1,
                    _ => rand::Rng::random_range(&mut rng, 1..=40),
                })
                .collect();
            for (c, r) in columns.iter_mut().zip(&ranks) {
                c.push(*r);
            }
            extremes.add(&ranks);
        }
        extremes.merge();
        let (p05, p95) = extremes.percentiles();
        for (i, c) in columns.iter_mut().enumerate() {
            c.sort_unstable();
            assert_eq!(p05[i], nearest_rank(c, 0.05), "{draws} draws");
            assert_eq!(p95[i], nearest_rank(c, 0.95), "{draws} draws");
            assert_eq!(extremes.sum[i], c.iter().map(|r| *r as u64).sum::<u64>());
        }
    }
}

/// The radix sort's ranks equal a comparison sort's by (score desc,
/// tie-break) on scores that defeat a one-level bucketing: zeros next to a
/// crowd near 0.5, many exact ties, negatives, NaN and infinities, and more
/// products than one radix pass's buckets; with and without non-finite
/// scores (which take the integer keys' digits).
#[test]
fn radix_ranks_equal_a_comparison_sort() {
    for specials in [false, true] {
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let n = 150_000;
        let score: Vec<f64> = (0..n)
            .map(|i| match i % 10 {
                0 => 0.0,
                1 => 0.5,
                2 => 0.5 + rand::Rng::random_range(&mut rng, 0.0..1e-9),
                3 => -rand::Rng::random_range(&mut rng, 0.0..2.0),
                4 if i % 1000 == 4 => {
                    let special = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0];
                    special[i / 1000 % if specials { 4 } else { 1 } + usize::from(!specials) * 3]
                }
                _ => rand::Rng::random_range(&mut rng, 0.0..1.0),
            })
            .collect();
        let tiebreak: Vec<usize> = (0..n).map(|i| (i * 7919) % n).collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| {
            score[b]
                .total_cmp(&score[a])
                .then(tiebreak[a].cmp(&tiebreak[b]))
        });
        let mut expected = vec![0u32; n];
        for (r, i) in order.into_iter().enumerate() {
            expected[i] = r as u32 + 1;
        }
        assert_eq!(
            regency_ranks(&score, &tiebreak),
            expected,
            "specials {specials}"
        );
    }
}

/// `run` against a plain re-computation of every draw (the same Dirichlet
/// sequence, comparison sorts, per-village sorting) on a study of several
/// village chunks, villages of 1 to 150 candidates (past MAX_RANK), ties
/// and a gate: every statistic equal, the float sums too.
#[test]
fn draws_equal_a_plain_recomputation() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let mut village = Vec::new();
    for v in 0..400 {
        let size = if v == 7 { 150 } else { 1 + v % 40 };
        village.extend(std::iter::repeat_n(v, size));
    }
    let n = village.len();
    let normalised: Vec<Vec<f64>> = (0..3)
        .map(|_| {
            (0..n)
                .map(|_| (rand::Rng::random_range(&mut rng, 0..20) as f64) / 19.0)
                .collect()
        })
        .collect();
    let tiebreak: Vec<usize> = (0..n).map(|i| (i * 31) % n).collect();
    let eligible: Vec<bool> = (0..n).map(|i| i % 5 != 0).collect();
    let products = Products {
        village: &village,
        villages: 400,
        tiebreak: &tiebreak,
        eligible: &eligible,
    };
    let settings = Settings {
        draws: 75,
        concentration: 5.0,
        seed: 9,
    };
    let weights = [0.5, 0.3, 0.2];
    let score = |w: &[f64]| crate::score::mcdm::saw(&normalised, w, None);
    let got = run(&weights, &products, settings, score);

    let base = regency_ranks(&score(&weights), &tiebreak);
    let mut draws_rng = rand::rngs::StdRng::seed_from_u64(settings.seed);
    let mut ranks_by_product = vec![Vec::new(); n];
    let mut picks = vec![0u32; n];
    let mut central = vec![vec![0.0; 3]; n];
    let mut within = vec![vec![0u32; MAX_RANK]; n];
    let mut by_village = vec![Vec::new(); 400];
    for (i, v) in village.iter().enumerate() {
        by_village[*v].push(i);
    }
    for _ in 0..settings.draws {
        let w = dirichlet(&mut draws_rng, &weights, settings.concentration);
        let s = score(&w);
        let by = |a: &usize, b: &usize| {
            s[*b]
                .total_cmp(&s[*a])
                .then(tiebreak[*a].cmp(&tiebreak[*b]))
        };
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(by);
        let mut ranks = vec![0u32; n];
        for (r, i) in order.iter().enumerate() {
            ranks[*i] = r as u32 + 1;
        }
        assert_eq!(
            spearman(&ranks, &base),
            got.spearman[ranks_by_product[0].len()]
        );
        for (i, r) in ranks.iter().enumerate() {
            ranks_by_product[i].push(*r);
        }
        for members in by_village.iter_mut() {
            members.sort_by(by);
            for (r, &i) in members.iter().enumerate() {
                within[i][r.min(MAX_RANK - 1)] += 1;
            }
            if let Some(&p) = members.iter().find(|&&i| eligible[i]) {
                picks[p] += 1;
                for (c, x) in central[p].iter_mut().zip(&w) {
                    *c += x;
                }
            }
        }
    }
    for i in 0..n {
        let mut column = ranks_by_product[i].clone();
        column.sort_unstable();
        assert_eq!(got.rank_p05[i], nearest_rank(&column, 0.05));
        assert_eq!(got.rank_p95[i], nearest_rank(&column, 0.95));
        let mean = column.iter().map(|r| *r as u64).sum::<u64>() as f64 / 75.0;
        assert_eq!(got.mean_rank[i], mean);
        assert_eq!(got.p_village_pick[i], picks[i] as f64 / 75.0);
        let size = village
            .iter()
            .filter(|&&v| v == village[i])
            .count()
            .min(MAX_RANK);
        let shares: Vec<f64> = within[i][..size].iter().map(|c| *c as f64 / 75.0).collect();
        assert_eq!(
            got.acceptability[got.offset[i]..got.offset[i] + size],
            shares[..]
        );
        let expected = (picks[i] > 0).then(|| {
            central[i]
                .iter()
                .map(|c| c / picks[i] as f64)
                .collect::<Vec<_>>()
        });
        assert_eq!(got.central_weights[i], expected);
    }
}
