//! Multi-criteria decision making over plain slices: normalisation of each
//! criterion and the simple additive weighting (SAW) score. Pure functions,
//! so each is checked against hand-computed answers. Formulas and references
//! are in docs/methods.md.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Normalisation {
    /// (x − min)/(max − min); cost: (max − x)/(max − min)
    MinMax,
    /// x/√Σx²; cost: 1 − x/√Σx²
    Vector,
    /// x/max; cost: min/x
    Max,
    /// x/Σx; cost: (1/x)/Σ(1/x)
    Sum,
}

impl Normalisation {
    pub fn parse(name: &str) -> Option<Normalisation> {
        match name {
            "minmax" => Some(Normalisation::MinMax),
            "vector" => Some(Normalisation::Vector),
            "max" => Some(Normalisation::Max),
            "sum" => Some(Normalisation::Sum),
            _ => None,
        }
    }
}

/// Normalises one criterion to [0, 1] where 1 is best. A missing value gets 0
/// (no evidence counts as the worst); a criterion with one distinct value
/// gives every product 1 (it cannot tell them apart).
pub fn normalise(values: &[Option<f64>], benefit: bool, method: Normalisation) -> Vec<f64> {
    let present: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
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

/// SAW: V_i = Σ_j w_j r_ij over normalised criteria `columns[j][i]`.
pub fn saw(columns: &[Vec<f64>], weights: &[f64]) -> Vec<f64> {
    let n = columns.first().map_or(0, Vec::len);
    (0..n)
        .map(|i| columns.iter().zip(weights).map(|(c, w)| w * c[i]).sum())
        .collect()
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

    /// SAW on a three-alternative, two-criterion case computed by hand:
    /// r = [[0, 0.5, 1], [1, 0, 0.5]], w = [0.6, 0.4] → [0.4, 0.3, 0.8].
    #[test]
    fn saw_by_hand() {
        let cols = vec![vec![0.0, 0.5, 1.0], vec![1.0, 0.0, 0.5]];
        assert!(close(&saw(&cols, &[0.6, 0.4]), &[0.4, 0.3, 0.8]));
        assert!(close(&unit_weights(&[2.0, 6.0]), &[0.25, 0.75]));
    }
}
