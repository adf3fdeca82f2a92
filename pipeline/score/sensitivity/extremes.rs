//! Each product's 5th and 95th percentile regency rank over the draws,
//! without keeping every draw's ranks: only candidates for each product's k
//! smallest and h largest ranks (k and h the nearest-rank positions of those
//! percentiles), so the percentiles are the k-th smallest and the h-th
//! largest, exactly. Memory is products × 1.5 × (5 % + 5 %) of the draws,
//! not × draws.
//!
//! The ranks come in batches of [`BATCH`] draws and are merged product by
//! product, tiles of products on both cores: each product's kept ranks are
//! read once per batch, in sequence, instead of once per draw at random.

use rayon::prelude::*;

/// Draws per batch: 32 × 4 bytes per product (30 MB nationally).
const BATCH: usize = 32;
/// Products per task when a batch is merged.
const TILE: usize = 2048;

pub(super) struct Extremes {
    n: usize,
    small: Side,
    /// The largest ranks, as the smallest of u32::MAX − rank.
    large: Side,
    /// Each product's sum of ranks over the draws.
    pub sum: Vec<u64>,
    /// The batch: row d holds draw d's rank of every product.
    batch: Vec<u32>,
    rows: usize,
}

/// One percentile's kept values: [`Kept`] buffers of every product.
struct Side {
    kept: Kept,
    buffer: Vec<u32>,
    len: Vec<u32>,
    bound: Vec<u32>,
}

impl Side {
    fn new(n: usize, k: usize) -> Side {
        let kept = Kept::new(k);
        Side {
            kept,
            buffer: vec![0; n * kept.capacity],
            len: vec![0; n],
            bound: vec![u32::MAX; n],
        }
    }

    /// Each product's k-th smallest value (reorders the buffers).
    fn kth(&mut self) -> Vec<u32> {
        let kept = self.kept;
        self.buffer
            .chunks_mut(kept.capacity)
            .zip(&self.len)
            .map(|(buffer, len)| kept.kth(buffer, *len))
            .collect()
    }
}

impl Extremes {
    pub fn new(n: usize, draws: usize) -> Extremes {
        let draws = draws.max(1);
        let position = |p: f64| ((p * draws as f64).ceil() as usize).clamp(1, draws);
        let (k, h) = (position(0.05), draws - position(0.95) + 1);
        Extremes {
            n,
            small: Side::new(n, k),
            large: Side::new(n, h),
            sum: vec![0; n],
            batch: vec![0; n * BATCH.min(draws)],
            rows: 0,
        }
    }

    /// Adds one draw's ranks to the batch; merges when the batch is full.
    pub fn add(&mut self, ranks: &[u32]) {
        let at = self.rows * self.n;
        self.batch[at..at + self.n].copy_from_slice(ranks);
        self.rows += 1;
        if self.rows * self.n == self.batch.len() {
            self.merge();
        }
    }

    /// Merges the rows so far into each product's kept ranks.
    pub fn merge(&mut self) {
        let (n, rows) = (self.n, self.rows);
        if rows == 0 || n == 0 {
            return;
        }
        let batch = &self.batch;
        let (small, large) = (&mut self.small, &mut self.large);
        let (ks, kl) = (small.kept, large.kept);
        small
            .buffer
            .par_chunks_mut(TILE * ks.capacity)
            .zip(small.len.par_chunks_mut(TILE))
            .zip(small.bound.par_chunks_mut(TILE))
            .zip(large.buffer.par_chunks_mut(TILE * kl.capacity))
            .zip(large.len.par_chunks_mut(TILE))
            .zip(large.bound.par_chunks_mut(TILE))
            .zip(self.sum.par_chunks_mut(TILE))
            .enumerate()
            .for_each(|(t, ((((((sb, sl), sn), lb), ll), ln), sum))| {
                let first = t * TILE;
                // The tile's ranks product by product (reading the rows in sequence).
                let width = sum.len();
                let mut by_product = vec![0u32; width * rows];
                for d in 0..rows {
                    let row = &batch[d * n + first..d * n + first + width];
                    for (j, &r) in row.iter().enumerate() {
                        by_product[j * rows + d] = r;
                    }
                }
                let mut flipped = vec![0u32; rows];
                for (j, total) in sum.iter_mut().enumerate() {
                    let values = &by_product[j * rows..(j + 1) * rows];
                    *total += values.iter().map(|&v| v as u64).sum::<u64>();
                    let at = j * ks.capacity;
                    ks.add(
                        &mut sb[at..at + ks.capacity],
                        &mut sl[j],
                        &mut sn[j],
                        values,
                    );
                    for (f, v) in flipped.iter_mut().zip(values) {
                        *f = u32::MAX - v;
                    }
                    let at = j * kl.capacity;
                    kl.add(
                        &mut lb[at..at + kl.capacity],
                        &mut ll[j],
                        &mut ln[j],
                        &flipped,
                    );
                }
            });
        self.rows = 0;
    }

    /// Each product's 5th and 95th percentile ranks, by nearest rank: the
    /// k-th smallest and the h-th largest (after the last [`Extremes::merge`]).
    pub fn percentiles(&mut self) -> (Vec<u32>, Vec<u32>) {
        let p95 = self.large.kth().into_iter().map(|f| u32::MAX - f).collect();
        (self.small.kth(), p95)
    }
}

/// Each product's candidates for its k smallest values: an unsorted buffer of
/// at most `capacity` values and a bound. Every value below the bound is
/// kept; when the buffer is full, selection keeps the k smallest and the
/// bound becomes the k-th, so it is the k-th smallest so far or above it.
/// A value not below it cannot be among the k smallest, so most draws' ranks
/// cost one comparison, and the buffer is reselected once per k/2 entries.
#[derive(Clone, Copy)]
struct Kept {
    k: usize,
    capacity: usize,
}

impl Kept {
    fn new(k: usize) -> Kept {
        Kept {
            k,
            capacity: k + (k / 2).max(1),
        }
    }

    /// Adds `values` to one product's `buffer` (`len` used, `bound`).
    fn add(self, buffer: &mut [u32], len: &mut u32, bound: &mut u32, values: &[u32]) {
        for &v in values {
            if v >= *bound {
                continue;
            }
            if *len as usize == self.capacity {
                buffer.select_nth_unstable(self.k - 1);
                *len = self.k as u32;
                *bound = buffer[self.k - 1];
                if v >= *bound {
                    continue;
                }
            }
            buffer[*len as usize] = v;
            *len += 1;
        }
    }

    /// The k-th smallest of everything added (reorders the buffer).
    fn kth(self, buffer: &mut [u32], len: u32) -> u32 {
        let k = self.k.min(len as usize);
        *buffer[..len as usize].select_nth_unstable(k - 1).1
    }
}
