//! Sensitivity of the ranking to the weights (SPEC §5.4). Weight vectors are
//! drawn from a Dirichlet distribution centred on the study's weights,
//! w ~ Dir(κ·w₀) (mean w₀; larger κ, closer draws), seeded so the result is
//! reproducible. Each draw re-scores the whole matrix (no re-run of the
//! polars plan) and ranks every product regency-wide and within its village.
//! For SAW the smallest change of one weight that flips a village's pick has
//! a closed form, given here too.

use rand::SeedableRng;
use rand_distr::{Distribution, Gamma};
use rayon::prelude::*;

mod extremes;
mod ranking;
mod villages;

use extremes::Extremes;
#[cfg(test)]
use ranking::total_order_key;
use ranking::{rank_into, tiebreak_order};

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub draws: usize,
    pub concentration: f64,
    pub seed: u64,
}

/// What the products are, for ranking: village index and tie-break order.
pub struct Products<'a> {
    /// Village of each product as a small integer.
    pub village: &'a [usize],
    pub villages: usize,
    /// Position of each product in the tie-break order (sales value desc, then id).
    pub tiebreak: &'a [usize],
    /// Whether each product may be its village's pick (`scoring.require`).
    pub eligible: &'a [bool],
}

pub struct Sensitivity {
    pub mean_rank: Vec<f64>,
    pub rank_p05: Vec<u32>,
    pub rank_p95: Vec<u32>,
    /// Share of draws in which the product is its village's pick.
    pub p_village_pick: Vec<f64>,
    /// Spearman correlation of each draw's regency ranking with the base ranking.
    pub spearman: Vec<f64>,
    /// SMAA-2 rank acceptability (Lahdelma & Salminen 2001): for product i,
    /// `acceptability[offset[i] + r − 1]` is the share of draws in which it
    /// holds rank r within its village (r = 1 … its village's candidates,
    /// at most [`MAX_RANK`], whose share is that of rank MAX_RANK or lower).
    pub acceptability: Vec<f64>,
    pub offset: Vec<usize>,
    /// SMAA-2 central weight vector of each product: the mean of the draws'
    /// weights in which it was its village's pick (row-major, criteria
    /// wide); None when it never was.
    pub central_weights: Vec<Option<Vec<f64>>>,
}

/// Dirichlet draw through independent Gamma(α_k, 1) variables normalised to
/// sum 1 (the standard construction); zero weights stay zero.
pub fn dirichlet(rng: &mut impl rand::Rng, base: &[f64], concentration: f64) -> Vec<f64> {
    let x: Vec<f64> = base
        .iter()
        .map(|w| {
            if *w > 0.0 {
                Gamma::new(concentration * w, 1.0).map_or(*w, |g| g.sample(rng))
            } else {
                0.0
            }
        })
        .collect();
    let total: f64 = x.iter().sum();
    if total > 0.0 {
        x.iter().map(|v| v / total).collect()
    } else {
        base.to_vec()
    }
}

/// Ordinal regency ranks (1 = best): score desc, then the tie-break order.
pub fn regency_ranks(score: &[f64], tiebreak: &[usize]) -> Vec<u32> {
    let mut ranks = vec![0u32; score.len()];
    let order = tiebreak_order(tiebreak);
    rank_into(
        score,
        &order,
        tiebreak,
        &mut ranking::Buffers::default(),
        &mut ranks,
    );
    ranks
}

/// Each village's pick: the eligible product that is first by score, then tie-break.
pub fn village_picks(score: &[f64], products: &Products) -> Vec<Option<usize>> {
    let mut best: Vec<Option<usize>> = vec![None; products.villages];
    for i in (0..score.len()).filter(|&i| products.eligible[i]) {
        let slot = &mut best[products.village[i]];
        let better = match *slot {
            None => true,
            Some(b) => {
                score[i] > score[b]
                    || (score[i] == score[b] && products.tiebreak[i] < products.tiebreak[b])
            }
        };
        if better {
            *slot = Some(i);
        }
    }
    best
}

/// SMAA-2's confidence factor of each product with a central weight vector
/// (Lahdelma & Salminen 2001): the share of the criteria's uncertainty under
/// which it is its village's pick when weighted by its own central weights.
/// ovop's criteria values are exact, so it is 1 (the pick at those weights)
/// or 0. One rescoring per such product: None for all when that would pass
/// `max_work` product scorings (the smallest-flip search's budget).
pub fn confidence_factors(
    central_weights: &[Option<Vec<f64>>],
    products: &Products,
    max_work: usize,
    score: impl Fn(&[f64]) -> Vec<f64>,
) -> Vec<Option<f64>> {
    let n = central_weights.len();
    let with = central_weights.iter().filter(|c| c.is_some()).count();
    if with.saturating_mul(n) > max_work {
        return vec![None; n];
    }
    central_weights
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let w = w.as_ref()?;
            let picks = village_picks(&score(w), products);
            Some(f64::from(picks[products.village[i]] == Some(i)))
        })
        .collect()
}

/// Spearman's ρ between two rankings without ties: 1 − 6 Σd² / (n (n² − 1)).
/// Σd² is summed in integers: it is below n³/3 < 2⁵³ for any n that fits in
/// memory, so it is also exactly the sum in floating point.
pub fn spearman(a: &[u32], b: &[u32]) -> f64 {
    let n = a.len() as f64;
    if a.len() < 2 {
        return 1.0;
    }
    let d2: u64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x.abs_diff(*y) as u64).pow(2))
        .sum();
    1.0 - 6.0 * d2 as f64 / (n * (n * n - 1.0))
}

/// The last rank within a village that rank acceptability tells apart; the
/// last slot counts that rank "or lower".
pub const MAX_RANK: usize = 100;

/// Runs the draws; `score` re-scores every product for one weight vector.
///
/// Each draw is three tasks on both cores (rayon): its regency ranks (one
/// sort), the villages' ranks of the draw before in chunks, and the next
/// draw's scores. Every counter is held by one task and adds the draws in
/// order, so the numbers are those of a single thread.
pub fn run(
    weights: &[f64],
    products: &Products,
    settings: Settings,
    score: impl Fn(&[f64]) -> Vec<f64> + Sync,
) -> Sensitivity {
    let n = products.village.len();
    let m = weights.len();
    let base_ranks = regency_ranks(&score(weights), products.tiebreak);
    let mut rng = rand::rngs::StdRng::seed_from_u64(settings.seed);
    let mut extremes = Extremes::new(n, settings.draws);
    let mut spearman_by_draw = Vec::with_capacity(settings.draws);
    let mut chunks = villages::chunks(products, m);
    let mut buffers = ranking::Buffers::default();
    let by_tiebreak = tiebreak_order(products.tiebreak);
    let mut draw = (settings.draws > 0).then(|| {
        let w = dirichlet(&mut rng, weights, settings.concentration);
        let s = score(&w);
        (w, s)
    });
    // The villages and the percentiles take each draw's regency ranks one
    // draw later, while the next draw is sorted.
    let mut ranks = vec![0u32; n];
    let mut previous: Option<(Vec<f64>, Vec<u32>)> = None;
    for d in 0..settings.draws {
        let Some((w, s)) = draw.take() else { break };
        let next_w =
            (d + 1 < settings.draws).then(|| dirichlet(&mut rng, weights, settings.concentration));
        let (next_s, (rho, ())) = rayon::join(
            || next_w.as_ref().map(|w| score(w)),
            || {
                rayon::join(
                    || {
                        rank_into(
                            &s,
                            &by_tiebreak,
                            products.tiebreak,
                            &mut buffers,
                            &mut ranks,
                        );
                        spearman(&ranks, &base_ranks)
                    },
                    || previous_draw(&mut chunks, &mut extremes, &previous),
                )
            },
        );
        spearman_by_draw.push(rho);
        let done = previous.replace((w, std::mem::take(&mut ranks)));
        ranks = done.map_or_else(|| vec![0; n], |(_, r)| r);
        draw = next_w.zip(next_s);
    }
    previous_draw(&mut chunks, &mut extremes, &previous);
    extremes.merge();
    let (p05, p95) = extremes.percentiles();
    let counts = villages::counts(&chunks, products, m);
    let draws = settings.draws.max(1) as f64;
    let acceptability = counts.held.iter().map(|c| *c as f64 / draws).collect();
    let central_weights = (0..n)
        .map(|i| {
            let picks = counts.picks[i];
            (picks > 0).then(|| {
                counts.central[i * m..(i + 1) * m]
                    .iter()
                    .map(|c| c / picks as f64)
                    .collect()
            })
        })
        .collect();
    let mut mean_rank = vec![0.0; n];
    let mut rank_p05 = vec![0; n];
    let mut rank_p95 = vec![0; n];
    for i in 0..n {
        // Without draws, the base rank stands for every statistic.
        (mean_rank[i], rank_p05[i], rank_p95[i]) = match settings.draws {
            0 => (base_ranks[i] as f64, base_ranks[i], base_ranks[i]),
            // Whole ranks sum exactly, so the mean is the same in any order.
            d => (extremes.sum[i] as f64 / d as f64, p05[i], p95[i]),
        };
    }
    Sensitivity {
        mean_rank,
        rank_p05,
        rank_p95,
        p_village_pick: counts.picks.iter().map(|c| *c as f64 / draws).collect(),
        spearman: spearman_by_draw,
        acceptability,
        offset: counts.offset,
        central_weights,
    }
}

/// The draw before (its weights and regency ranks), if any: its villages'
/// ranks and picks, and its ranks into the percentiles.
fn previous_draw(
    chunks: &mut [villages::Chunk],
    extremes: &mut Extremes,
    previous: &Option<(Vec<f64>, Vec<u32>)>,
) {
    if let Some((w, ranks)) = previous {
        chunks.par_iter_mut().for_each(|c| c.pass(ranks, w));
        extremes.add(ranks);
    }
}

/// [`nearest_rank`] without sorting: the ⌈p·N⌉-th smallest by selection
/// (reorders `values`).
pub fn nearest_rank_unsorted(values: &mut [u32], p: f64) -> u32 {
    let k = ((p * values.len() as f64).ceil() as usize).clamp(1, values.len());
    *values.select_nth_unstable(k - 1).1
}

/// The p-th percentile by the nearest-rank method: the ⌈p·N⌉-th smallest value.
pub fn nearest_rank(sorted: &[u32], p: f64) -> u32 {
    let k = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[k - 1]
}

/// The smallest change of one weight that changes a village's SAW pick.
#[derive(Debug, Clone, PartialEq)]
pub struct Flip {
    pub criterion: usize,
    /// New weight of that criterion minus its old weight, after the others
    /// are rescaled to keep the sum 1.
    pub weight_change: f64,
    /// The product that becomes the pick.
    pub challenger: usize,
}

/// For SAW, V_i(δ) = (V_i + δ r_ij) / (1 + δ) when w_j grows by δ and all
/// weights are renormalised, so the pick a and a rival b swap at
/// δ* = (V_a − V_b) / (r_bj − r_aj). δ* must keep w_j ≥ 0 (δ* ≥ −w_j).
/// Returns, per village, the feasible swap with the smallest |Δw_j|.
pub fn smallest_saw_flips(
    normalised: &[Vec<f64>],
    weights: &[f64],
    score: &[f64],
    products: &Products,
) -> Vec<Option<Flip>> {
    let picks = village_picks(score, products);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); products.villages];
    // Only eligible products can take the pick over.
    for (i, v) in products.village.iter().enumerate() {
        if products.eligible[i] {
            members[*v].push(i);
        }
    }
    picks
        .iter()
        .enumerate()
        .map(|(v, pick)| {
            let a = (*pick)?;
            let mut best: Option<Flip> = None;
            for &b in members[v].iter().filter(|&&b| b != a) {
                for (j, column) in normalised.iter().enumerate() {
                    let slope = column[b] - column[a];
                    if slope == 0.0 {
                        continue;
                    }
                    let delta = (score[a] - score[b]) / slope;
                    if delta < -weights[j] || !delta.is_finite() {
                        continue;
                    }
                    let change = (weights[j] + delta) / (1.0 + delta) - weights[j];
                    if best
                        .as_ref()
                        .is_none_or(|f| change.abs() < f.weight_change.abs())
                    {
                        best = Some(Flip {
                            criterion: j,
                            weight_change: change,
                            challenger: b,
                        });
                    }
                }
            }
            best
        })
        .collect()
}

#[cfg(test)]
mod tests;
