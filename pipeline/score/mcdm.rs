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
/// rescaled to sum to 1 (all 0 when it lacks every criterion); without a
/// presence mask, the weights as given.
fn weights_of(weights: &[f64], present: Present, i: usize) -> Vec<f64> {
    if present.is_none() {
        return weights.to_vec();
    }
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
    if present.is_none() {
        // One weight vector for all: criterion by criterion over the
        // columns, adding in the same order as the per-product sum.
        let mut out = vec![-0.0; n];
        for (c, w) in columns.iter().zip(weights) {
            for (o, x) in out.iter_mut().zip(c) {
                *o += w * x;
            }
        }
        return out;
    }
    (0..n)
        .map(|i| {
            let w = weights_of(weights, present, i);
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
            let w = weights_of(weights, present, i);
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
/// with ordinal scores RK = round(1 + 4 r) on 1–5 and importance TKK_j = 5 w_j / max w,
/// or TKK_j = `scale` · w_j (preset `mpe`: the whole-number weights as given,
/// `scale` being their sum). Returned on 0–1: (TN − TN_min)/(TN_max − TN_min),
/// the extremes being all-1 and all-5 scores.
/// With `present`, TN and its extremes run over product i's own criteria
/// (a criterion's importance does not change because another is missing).
pub fn mpe(
    columns: &[Vec<f64>],
    weights: &[f64],
    present: Present,
    scale: Option<f64>,
) -> Vec<f64> {
    let n = columns.first().map_or(0, Vec::len);
    let top = weights.iter().copied().fold(0.0, f64::max);
    let tkk: Vec<f64> = weights
        .iter()
        .map(|w| match scale {
            Some(s) => s * w,
            None if top > 0.0 => 5.0 * w / top,
            None => 0.0,
        })
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

/// The "Bayes" method of Marimin (2004) as Bank Indonesia's KPJU Unggulan
/// procedure applies it: each criterion scored on an ordinal 1–5 scale,
/// the scores weighted and summed, N_i = Σ_j w_j · RK_ij. The ordinal score
/// is MPE's, RK_ij = round(1 + 4 r_ij), so the two recipes read the same
/// evidence; returned on 0–1 as (N − 1)/4. With `present`, a missing
/// criterion drops out and the other weights are rescaled.
pub fn bayes(columns: &[Vec<f64>], weights: &[f64], present: Present) -> Vec<f64> {
    let n = columns.first().map_or(0, Vec::len);
    (0..n)
        .map(|i| bayes_at(|j| columns[j][i], columns.len(), weights, present, i))
        .collect()
}

/// Bayes for product i alone, its `m` normalised values given by `value(j)`
/// (KPJU puts one assessor's own grades in).
pub fn bayes_at(
    value: impl Fn(usize) -> f64,
    m: usize,
    weights: &[f64],
    present: Present,
    i: usize,
) -> f64 {
    if !has_any(present, m, i) {
        return 0.0;
    }
    let w = weights_of(weights, present, i);
    let total: f64 = w.iter().sum();
    if total <= 0.0 {
        return 0.0;
    }
    let nilai: f64 = (0..m)
        .map(|j| w[j] * (1.0 + 4.0 * value(j)).round())
        .sum::<f64>()
        / total;
    (nilai - 1.0) / 4.0
}

/// Comparative Performance Index (CPI; Marimin 2004, §"Teknik CPI"): each
/// value as an index of its criterion's minimum, A_ij = 100 · x_ij / min_j
/// for a benefit criterion and 100 · min_j / x_ij for a cost one, then
/// I_i = Σ_j w_j A_ij. Returned on 0–1 as I_i / max_k I_k (the best product
/// is 1). The index needs a positive minimum: a criterion whose minimum is
/// ≤ 0 is shifted by 1 − min so that its minimum becomes 1 (docs/methods.md
/// §4.1). A missing value takes the criterion's worst index (100 for a
/// benefit, the lowest for a cost), its mean (`neutral`), or drops out with
/// the weights rescaled (`exclude`).
pub fn cpi(
    raw: &[Vec<Option<f64>>],
    benefit: &[bool],
    weights: &[f64],
    missing: Missing,
    present: Present,
) -> Vec<f64> {
    let n = raw.first().map_or(0, Vec::len);
    let index: Vec<Vec<Option<f64>>> = raw
        .iter()
        .zip(benefit)
        .map(|(values, &is_benefit)| {
            let found = finite(values);
            let min = found.iter().copied().fold(f64::INFINITY, f64::min);
            let shift = if min <= 0.0 { 1.0 - min } else { 0.0 };
            let base = min + shift;
            values
                .iter()
                .map(|v| {
                    let x = v.filter(|x| x.is_finite())? + shift;
                    Some(if is_benefit {
                        100.0 * x / base
                    } else {
                        100.0 * base / x
                    })
                })
                .collect()
        })
        .collect();
    let filled: Vec<Vec<f64>> = index
        .iter()
        .map(|column| {
            let found: Vec<f64> = column.iter().flatten().copied().collect();
            let fill = match missing {
                Missing::Neutral if !found.is_empty() => {
                    found.iter().sum::<f64>() / found.len() as f64
                }
                _ => found.iter().copied().fold(f64::INFINITY, f64::min),
            };
            column
                .iter()
                .map(|a| a.unwrap_or(if fill.is_finite() { fill } else { 0.0 }))
                .collect()
        })
        .collect();
    let total: Vec<f64> = (0..n)
        .map(|i| {
            if !has_any(present, filled.len(), i) {
                return 0.0;
            }
            let w = weights_of(weights, present, i);
            filled.iter().zip(&w).map(|(c, w)| w * c[i]).sum()
        })
        .collect();
    let best = total.iter().copied().fold(0.0, f64::max);
    total
        .iter()
        .map(|t| if best > 0.0 { t / best } else { 0.0 })
        .collect()
}

/// Borda count (de Borda 1781) over several rankings of the same n products:
/// each ranking gives n − rank points; returned as a share of the maximum
/// k (n − 1), so 1 means first in every ranking.
pub fn borda(rankings: &[Vec<u32>]) -> Vec<f64> {
    let ranks: Vec<Vec<f64>> = rankings
        .iter()
        .map(|r| r.iter().map(|&x| x as f64).collect())
        .collect();
    borda_of_ranks(&ranks)
}

/// Borda over rankings whose tied products share a mean rank (2.5 for two
/// tied at 2 and 3), so a tie gives equal points, never a gap by row order.
pub fn borda_of_ranks(rankings: &[Vec<f64>]) -> Vec<f64> {
    let n = rankings.first().map_or(0, Vec::len);
    let most = (rankings.len() * n.saturating_sub(1)) as f64;
    (0..n)
        .map(|i| {
            let points: f64 = rankings.iter().map(|r| (n as f64) - r[i]).sum();
            if most > 0.0 {
                points / most
            } else {
                1.0
            }
        })
        .collect()
}

/// Ranks (1 = best) where equal scores (within 1e-12) share the mean of
/// their positions.
pub fn mean_ranks(scores: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut out = vec![0.0; scores.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && (scores[order[start]] - scores[order[end]]).abs() <= 1e-12 {
            end += 1;
        }
        // Positions start + 1 ..= end share their mean.
        let mean = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            out[i] = mean;
        }
        start = end;
    }
    out
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
mod tests;

#[cfg(test)]
mod properties;
