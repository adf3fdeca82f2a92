//! Sensitivity of the ranking to the weights (SPEC §5.4). Weight vectors are
//! drawn from a Dirichlet distribution centred on the study's weights,
//! w ~ Dir(κ·w₀) (mean w₀; larger κ, closer draws), seeded so the result is
//! reproducible. Each draw re-scores the whole matrix (no re-run of the
//! polars plan) and ranks every product regency-wide and within its village.
//! For SAW the smallest change of one weight that flips a village's pick has
//! a closed form, given here too.

use rand::SeedableRng;
use rand_distr::{Distribution, Gamma};

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
    rank_into(score, &order, &mut Radix::default(), &mut ranks);
    ranks
}

/// The products in tie-break order.
fn tiebreak_order(tiebreak: &[usize]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..tiebreak.len() as u32).collect();
    order.sort_by_key(|&i| tiebreak[i as usize]);
    order
}

/// The two buffers of the radix sort, kept between draws.
#[derive(Default)]
struct Radix {
    a: Vec<(u64, u32)>,
    b: Vec<(u64, u32)>,
}

/// [`regency_ranks`] into `ranks`. A stable least-significant-digit radix
/// sort of the scores' integer keys (descending), started from the products
/// in tie-break order, so equal scores keep that order: the ranks of
/// sorting by (score, tie-break), in linear time. Digits that every key
/// shares (scores on 0–1 share their exponent's) are skipped.
fn rank_into(score: &[f64], tiebreak_order: &[u32], radix: &mut Radix, ranks: &mut [u32]) {
    let Radix { a, b } = radix;
    a.clear();
    a.extend(
        tiebreak_order
            .iter()
            .map(|&i| (!total_order_key(score[i as usize]), i)),
    );
    b.resize(a.len(), (0, 0));
    for shift in (0..64).step_by(8) {
        let mut count = [0usize; 256];
        for (k, _) in a.iter() {
            count[((k >> shift) & 0xff) as usize] += 1;
        }
        if count.contains(&a.len()) {
            continue;
        }
        let mut at = [0usize; 256];
        for d in 1..256 {
            at[d] = at[d - 1] + count[d - 1];
        }
        for &(k, i) in a.iter() {
            let d = ((k >> shift) & 0xff) as usize;
            b[at[d]] = (k, i);
            at[d] += 1;
        }
        std::mem::swap(a, b);
    }
    for (r, (_, i)) in a.iter().enumerate() {
        ranks[*i as usize] = r as u32 + 1;
    }
}

/// An unsigned key whose order is `f64::total_cmp`'s: sorting plain integers
/// orders exactly as comparing the floats would.
fn total_order_key(x: f64) -> u64 {
    let bits = x.to_bits() as i64;
    // As total_cmp: flip the magnitude bits of negatives, then the sign.
    let ordered = bits ^ ((((bits >> 63) as u64) >> 1) as i64);
    (ordered as u64) ^ (1 << 63)
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
pub fn spearman(a: &[u32], b: &[u32]) -> f64 {
    let n = a.len() as f64;
    if a.len() < 2 {
        return 1.0;
    }
    let d2: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (*x as f64 - *y as f64).powi(2))
        .sum();
    1.0 - 6.0 * d2 / (n * (n * n - 1.0))
}

/// The last rank within a village that rank acceptability tells apart; the
/// last slot counts that rank "or lower".
pub const MAX_RANK: usize = 100;

/// Runs the draws; `score` re-scores every product for one weight vector.
pub fn run(
    weights: &[f64],
    products: &Products,
    settings: Settings,
    score: impl Fn(&[f64]) -> Vec<f64>,
) -> Sensitivity {
    let n = products.village.len();
    let m = weights.len();
    let base_ranks = regency_ranks(&score(weights), products.tiebreak);
    let mut rng = rand::rngs::StdRng::seed_from_u64(settings.seed);
    // The percentiles need only each product's extreme ranks, not every
    // draw's: memory is products × (5 % + 5 %) of the draws, not × draws.
    let mut extremes = Extremes::new(n, settings.draws);
    let mut picks = vec![0u32; n];
    let mut spearman_by_draw = Vec::with_capacity(settings.draws);
    // Rank acceptability: one counter per product and rank within its village.
    let mut size = vec![0usize; products.villages];
    for &v in products.village {
        size[v] += 1;
    }
    // Ranks beyond MAX_RANK share the last slot, so a village of 60,000
    // candidates keeps 100 counters per product, not 60,000.
    let mut offset = Vec::with_capacity(n);
    let mut slots = 0;
    for &v in products.village {
        offset.push(slots);
        slots += size[v].min(MAX_RANK);
    }
    let mut held = vec![0u32; slots];
    let mut central = vec![0.0f64; n * m];
    let mut ranks = vec![0u32; n];
    // The products grouped by village (`members[start[v]..start[v + 1]]`),
    // so each draw ranks a village's candidates among themselves in one
    // contiguous pass instead of scattering over every village's counters.
    let mut start = vec![0usize; products.villages + 1];
    for &v in products.village {
        start[v + 1] += 1;
    }
    for v in 0..products.villages {
        start[v + 1] += start[v];
    }
    let mut fill = start.clone();
    let mut members = vec![0usize; n];
    for (i, &v) in products.village.iter().enumerate() {
        members[fill[v]] = i;
        fill[v] += 1;
    }
    // What the village pass reads, in member order, so it reads memory in
    // sequence: each member's tie-break position, counter offset and gate.
    let member_tiebreak: Vec<u64> = members
        .iter()
        .map(|&i| products.tiebreak[i] as u64)
        .collect();
    let member_offset: Vec<usize> = members.iter().map(|&i| offset[i]).collect();
    let member_eligible: Vec<bool> = members.iter().map(|&i| products.eligible[i]).collect();
    let mut member_key = vec![0u64; n];
    let mut group: Vec<(u64, u64)> = Vec::new();
    let mut previous: Option<Vec<u32>> = None;
    let mut radix = Radix::default();
    let by_tiebreak = tiebreak_order(products.tiebreak);
    for _ in 0..settings.draws {
        let w = dirichlet(&mut rng, weights, settings.concentration);
        let s = score(&w);
        // The regency ranks on a second core while this one ranks each
        // village; both only read the scores, and the sums below keep the
        // draws' order, so the numbers are those of one core.
        std::thread::scope(|scope| {
            scope.spawn(|| rank_into(&s, &by_tiebreak, &mut radix, &mut ranks));
            // The previous draw's ranks go to the percentile heaps meanwhile
            // (in draw order, so the same heaps).
            if let Some(previous) = &previous {
                extremes.add(previous);
            }
            // Within each village the same order (score, then tie-break): the
            // rank acceptability counters, and the first eligible is the pick.
            for (key, &i) in member_key.iter_mut().zip(&members) {
                *key = !total_order_key(s[i]);
            }
            for v in 0..products.villages {
                let (a, b) = (start[v], start[v + 1]);
                group.clear();
                group
                    .extend((a..b).map(|k| (member_key[k], (member_tiebreak[k] << 32) | k as u64)));
                if group.len() > 1 {
                    group.sort_unstable();
                }
                let mut picked = false;
                for (r, (_, key)) in group.iter().enumerate() {
                    let k = (key & 0xffff_ffff) as usize;
                    held[member_offset[k] + r.min(MAX_RANK - 1)] += 1;
                    if !picked && member_eligible[k] {
                        picked = true;
                        let i = members[k];
                        picks[i] += 1;
                        for (c, wj) in central[i * m..(i + 1) * m].iter_mut().zip(&w) {
                            *c += wj;
                        }
                    }
                }
            }
        });
        spearman_by_draw.push(spearman(&ranks, &base_ranks));
        // This draw's ranks go to the heaps during the next draw.
        let done = std::mem::replace(&mut ranks, previous.take().unwrap_or_else(|| vec![0; n]));
        previous = Some(done);
    }
    if let Some(last) = &previous {
        extremes.add(last);
    }
    let draws = settings.draws.max(1) as f64;
    let acceptability = held.iter().map(|c| *c as f64 / draws).collect();
    let central_weights = (0..n)
        .map(|i| {
            (picks[i] > 0).then(|| {
                central[i * m..(i + 1) * m]
                    .iter()
                    .map(|c| c / picks[i] as f64)
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
            d => (
                extremes.sum[i] as f64 / d as f64,
                extremes.p05(i),
                extremes.p95(i),
            ),
        };
    }
    Sensitivity {
        mean_rank,
        rank_p05,
        rank_p95,
        p_village_pick: picks.iter().map(|c| *c as f64 / draws).collect(),
        spearman: spearman_by_draw,
        acceptability,
        offset,
        central_weights,
    }
}

/// Each product's k smallest and h largest ranks over the draws, as flat
/// binary heaps (a max-heap of the smallest, a max-heap of u32::MAX − rank
/// for the largest), with k and h the nearest-rank positions of the 5th and
/// 95th percentiles: those percentiles are then the heaps' tops, exactly.
/// The tops are also kept densely, so a rank that changes neither heap
/// (most of them, after the first draws) costs two comparisons.
struct Extremes {
    k: usize,
    h: usize,
    small: Vec<u32>,
    large: Vec<u32>,
    small_top: Vec<u32>,
    large_top: Vec<u32>,
    sum: Vec<u64>,
    seen: usize,
}

impl Extremes {
    fn new(n: usize, draws: usize) -> Extremes {
        let position = |p: f64| ((p * draws as f64).ceil() as usize).clamp(1, draws.max(1));
        let (k, h) = (position(0.05), draws.max(1) - position(0.95) + 1);
        Extremes {
            k,
            h,
            small: vec![0; n * k],
            large: vec![0; n * h],
            small_top: vec![0; n],
            large_top: vec![0; n],
            sum: vec![0; n],
            seen: 0,
        }
    }

    fn add(&mut self, ranks: &[u32]) {
        let (k, h, d) = (self.k, self.h, self.seen);
        for (i, &r) in ranks.iter().enumerate() {
            self.sum[i] += r as u64;
            // The heap itself is touched only when the rank enters it.
            if d < k || r < self.small_top[i] {
                let heap = &mut self.small[i * k..(i + 1) * k];
                match d < k {
                    true => heap_push(&mut heap[..=d], r),
                    false => heap_replace_top(heap, r),
                }
                self.small_top[i] = heap[0];
            }
            let flipped = u32::MAX - r;
            if d < h || flipped < self.large_top[i] {
                let heap = &mut self.large[i * h..(i + 1) * h];
                match d < h {
                    true => heap_push(&mut heap[..=d], flipped),
                    false => heap_replace_top(heap, flipped),
                }
                self.large_top[i] = heap[0];
            }
        }
        self.seen += 1;
    }

    /// The k-th smallest rank: the 5th percentile by nearest rank.
    fn p05(&self, i: usize) -> u32 {
        self.small_top[i]
    }

    /// The h-th largest rank: the 95th percentile by nearest rank.
    fn p95(&self, i: usize) -> u32 {
        u32::MAX - self.large_top[i]
    }
}

/// Adds the last element of `heap` to the max-heap before it.
fn heap_push(heap: &mut [u32], value: u32) {
    let mut at = heap.len() - 1;
    heap[at] = value;
    while at > 0 {
        let parent = (at - 1) / 2;
        if heap[parent] >= heap[at] {
            break;
        }
        heap.swap(parent, at);
        at = parent;
    }
}

/// Replaces the top of a full max-heap and restores it.
fn heap_replace_top(heap: &mut [u32], value: u32) {
    heap[0] = value;
    let mut at = 0;
    loop {
        let (l, r) = (2 * at + 1, 2 * at + 2);
        let mut top = at;
        if l < heap.len() && heap[l] > heap[top] {
            top = l;
        }
        if r < heap.len() && heap[r] > heap[top] {
            top = r;
        }
        if top == at {
            break;
        }
        heap.swap(at, top);
        at = top;
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
