//! The within-village part of each draw: every village's candidates ranked
//! among themselves by their regency ranks (so by score descending, then
//! tie-break), which counts rank acceptability; the first eligible one is
//! the pick, which counts the pick share and adds the draw's weights to its
//! central weights.
//!
//! The villages are cut into chunks of about [`CHUNK`] products; each chunk
//! holds its own counters, in its members' order, so the chunks of a draw
//! run on both cores with nothing shared, and every sum still adds the draws
//! in order: the numbers do not depend on the threads.

use super::{Products, MAX_RANK};

const CHUNK: usize = 4096;

pub(super) struct Chunk {
    /// The products of this chunk's villages, village by village.
    members: Vec<usize>,
    /// Village v of the chunk is `members[bounds[v]..bounds[v + 1]]`.
    bounds: Vec<usize>,
    eligible: Vec<bool>,
    /// Each member's first rank-acceptability counter in `held`.
    slot: Vec<usize>,
    held: Vec<u32>,
    picks: Vec<u32>,
    /// Each member's sum of the weights of the draws it was the pick (× criteria).
    central: Vec<f64>,
    group: Vec<u64>,
}

/// The chunks of every village, in village order.
pub(super) fn chunks(products: &Products, criteria: usize) -> Vec<Chunk> {
    let mut by_village: Vec<Vec<usize>> = vec![Vec::new(); products.villages];
    for (i, &v) in products.village.iter().enumerate() {
        by_village[v].push(i);
    }
    let mut chunks = Vec::new();
    let mut villages = by_village.into_iter().peekable();
    while villages.peek().is_some() {
        let mut members = Vec::new();
        let mut bounds = vec![0];
        while let Some(village) = villages.next_if(|_| members.len() < CHUNK) {
            members.extend(village);
            bounds.push(members.len());
        }
        let mut slot = Vec::with_capacity(members.len());
        let mut slots = 0;
        for v in bounds.windows(2) {
            for _ in v[0]..v[1] {
                slot.push(slots);
                slots += (v[1] - v[0]).min(MAX_RANK);
            }
        }
        chunks.push(Chunk {
            eligible: members.iter().map(|&i| products.eligible[i]).collect(),
            held: vec![0; slots],
            picks: vec![0; members.len()],
            central: vec![0.0; members.len() * criteria],
            slot,
            members,
            bounds,
            group: Vec::new(),
        });
    }
    chunks
}

/// Villages up to this size rank their candidates by counting, not sorting.
const COUNTED: usize = 16;

impl Chunk {
    /// One draw: `ranks` the regency rank of every product (a strict order by
    /// score, then tie-break, so also each village's order), `weights` the
    /// draw's weights.
    pub fn pass(&mut self, ranks: &[u32], weights: &[f64]) {
        let mut local = [0u32; COUNTED];
        for v in 0..self.bounds.len() - 1 {
            let (a, b) = (self.bounds[v], self.bounds[v + 1]);
            if b - a <= COUNTED {
                // A member's rank in its village is the number of members ahead of it.
                let local = &mut local[..b - a];
                for (l, k) in local.iter_mut().zip(a..b) {
                    *l = ranks[self.members[k]];
                }
                let mut pick: Option<(u32, usize)> = None;
                for (j, &own) in local.iter().enumerate() {
                    let ahead = local.iter().filter(|&&other| other < own).count();
                    self.held[self.slot[a + j] + ahead.min(MAX_RANK - 1)] += 1;
                    if self.eligible[a + j] && pick.is_none_or(|(best, _)| own < best) {
                        pick = Some((own, a + j));
                    }
                }
                if let Some((_, k)) = pick {
                    self.count_pick(k, weights);
                }
                continue;
            }
            self.group.clear();
            self.group
                .extend((a..b).map(|k| ((ranks[self.members[k]] as u64) << 32) | k as u64));
            self.group.sort_unstable();
            let mut picked = false;
            for r in 0..self.group.len() {
                let k = (self.group[r] & 0xffff_ffff) as usize;
                self.held[self.slot[k] + r.min(MAX_RANK - 1)] += 1;
                if !picked && self.eligible[k] {
                    picked = true;
                    self.count_pick(k, weights);
                }
            }
        }
    }

    /// Member k is its village's pick in this draw.
    fn count_pick(&mut self, k: usize, weights: &[f64]) {
        let m = weights.len();
        self.picks[k] += 1;
        for (c, w) in self.central[k * m..(k + 1) * m].iter_mut().zip(weights) {
            *c += w;
        }
    }
}

/// The chunks' counters in product order: pick counts, rank-acceptability
/// counters at `offset` (each product's village size, at most MAX_RANK,
/// after the one before), and the central weight sums (× criteria).
pub(super) struct Counts {
    pub picks: Vec<u32>,
    pub held: Vec<u32>,
    pub offset: Vec<usize>,
    pub central: Vec<f64>,
}

pub(super) fn counts(chunks: &[Chunk], products: &Products, criteria: usize) -> Counts {
    let n = products.village.len();
    let mut size = vec![0usize; products.villages];
    for &v in products.village {
        size[v] += 1;
    }
    let mut offset = Vec::with_capacity(n);
    let mut slots = 0;
    for &v in products.village {
        offset.push(slots);
        slots += size[v].min(MAX_RANK);
    }
    let mut counts = Counts {
        picks: vec![0; n],
        held: vec![0; slots],
        central: vec![0.0; n * criteria],
        offset,
    };
    for chunk in chunks {
        for (k, &i) in chunk.members.iter().enumerate() {
            counts.picks[i] = chunk.picks[k];
            let width = size[products.village[i]].min(MAX_RANK);
            let (from, to) = (chunk.slot[k], counts.offset[i]);
            counts.held[to..to + width].copy_from_slice(&chunk.held[from..from + width]);
            counts.central[i * criteria..(i + 1) * criteria]
                .copy_from_slice(&chunk.central[k * criteria..(k + 1) * criteria]);
        }
    }
    counts
}
