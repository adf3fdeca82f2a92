//! Ordinal ranks of one draw's scores (score descending, then the tie-break
//! order), in about linear time: a stable least-significant-digit radix sort
//! of a 22-bit digit of each score, started from the products in tie-break
//! order, then equal digits ordered by the whole score.

/// An unsigned key whose order is `f64::total_cmp`'s: sorting plain integers
/// orders exactly as comparing the floats would.
pub(super) fn total_order_key(x: f64) -> u64 {
    let bits = x.to_bits() as i64;
    // As total_cmp: flip the magnitude bits of negatives, then the sign.
    let ordered = bits ^ ((((bits >> 63) as u64) >> 1) as i64);
    (ordered as u64) ^ (1 << 63)
}

/// The products in tie-break order.
pub(super) fn tiebreak_order(tiebreak: &[usize]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..tiebreak.len() as u32).collect();
    order.sort_by_key(|&i| tiebreak[i as usize]);
    order
}

/// The sort's buffers, kept between draws.
#[derive(Default)]
pub(super) struct Buffers {
    items: Vec<u64>,
    scratch: Vec<u64>,
    digits: Vec<u32>,
}

/// Bits per radix pass, and passes: the digit has 22 bits.
const RADIX: u32 = 11;
const PASSES: usize = 2;
const MASK: u64 = (1 << (RADIX as usize * PASSES)) - 1;

/// Writes into `ranks` each product's rank (1 = best) by score descending,
/// equal scores in tie-break order (`tiebreak_order` lists the products in
/// that order, `tiebreak` is each one's position in it).
///
/// Each score gets a 22-bit digit that never decreases as the score falls:
/// its place on the line from the highest score to the lowest (or, when a
/// score is not finite, the leading bits of its integer key above the
/// smallest). Digit and product go in one u64, and a stable two-pass radix
/// sort orders the digits, started from tie-break order. Products that share
/// a digit are then ordered by their whole keys and tie-break positions
/// (equal scores already are). So the ranks are exactly those of sorting by
/// (score, tie-break), in linear time on eight-byte items.
pub(super) fn rank_into(
    score: &[f64],
    tiebreak_order: &[u32],
    tiebreak: &[usize],
    buffers: &mut Buffers,
    ranks: &mut [u32],
) {
    let key = |i: usize| !total_order_key(score[i]);
    let (mut lo, mut hi, mut finite) = (f64::INFINITY, f64::NEG_INFINITY, true);
    for &s in score {
        lo = lo.min(s);
        hi = hi.max(s);
        finite &= s.is_finite();
    }
    let scale = MASK as f64 / (hi - lo);
    let Buffers {
        items,
        scratch,
        digits,
    } = buffers;
    // The digits in product order (reading the scores in sequence), and
    // their histograms, which do not depend on the order.
    digits.clear();
    if finite && scale.is_finite() {
        // Rounding is monotone, so a lower score never gets a lower digit.
        digits.extend(
            score
                .iter()
                .map(|s| (((hi - s) * scale) as u32).min(MASK as u32)),
        );
    } else {
        let (min, max) = (0..score.len()).fold((u64::MAX, 0), |(a, b), i| {
            let k = key(i);
            (a.min(k), b.max(k))
        });
        let shift = (64 - max.wrapping_sub(min).leading_zeros()).saturating_sub(22);
        digits.extend((0..score.len()).map(|i| ((key(i) - min) >> shift) as u32));
    }
    let mut counts = [[0u32; 1 << RADIX]; PASSES];
    for &d in digits.iter() {
        for (pass, count) in counts.iter_mut().enumerate() {
            count[digit((d as u64) << 32, pass)] += 1;
        }
    }
    items.clear();
    items.extend(
        tiebreak_order
            .iter()
            .map(|&i| ((digits[i as usize] as u64) << 32) | i as u64),
    );
    scratch.resize(items.len(), 0);
    for (pass, count) in counts.iter_mut().enumerate() {
        // A pass where every item has the same digit would not move any.
        if count.contains(&(items.len() as u32)) {
            continue;
        }
        let mut at = 0;
        for c in count.iter_mut() {
            (*c, at) = (at, at + *c);
        }
        for item in items.iter() {
            let d = digit(*item, pass);
            scratch[count[d] as usize] = *item;
            count[d] += 1;
        }
        std::mem::swap(items, scratch);
    }
    let id = |item: &u64| (*item & 0xffff_ffff) as usize;
    for run in items.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
        if run.len() > 1 {
            let first = key(id(&run[0]));
            if run.iter().any(|item| key(id(item)) != first) {
                run.sort_unstable_by_key(|item| (key(id(item)), tiebreak[id(item)]));
            }
        }
    }
    for (r, item) in items.iter().enumerate() {
        ranks[id(item)] = r as u32 + 1;
    }
}

/// The pass-th radix digit of an item's high 32 bits.
fn digit(item: u64, pass: usize) -> usize {
    ((item >> (32 + RADIX as usize * pass)) & ((1 << RADIX) - 1)) as usize
}
