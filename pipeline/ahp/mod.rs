//! Analytic Hierarchy Process (Saaty 1977, 1980): criterion weights from a
//! pairwise-comparison matrix as its principal eigenvector, with the
//! consistency index CI = (λmax − n)/(n − 1) and ratio CR = CI/RI.

mod group;
mod read;

pub use group::{group, Aggregation, Expert, Group};
pub use read::{read_experts, read_matrix};

use anyhow::Result;

use crate::bad_input;

/// Saaty's random consistency index RI for n = 1…15 (Saaty 1980, table 1.3
/// extended; the values most AHP software uses).
pub const RANDOM_INDEX: [f64; 15] = [
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
];

/// The CR above which judgements count as inconsistent (Saaty 1980).
pub const MAX_CR: f64 = 0.10;

#[derive(Debug, Clone)]
pub struct Ahp {
    pub criteria: Vec<String>,
    /// Principal eigenvector, normalised to sum to 1.
    pub weights: Vec<f64>,
    pub lambda_max: f64,
    pub ci: f64,
    pub cr: f64,
    /// The reciprocal matrix the weights come from.
    pub matrix: Vec<Vec<f64>>,
}

/// A judgement to revisit: a_ij as given, the value the other judgements
/// imply (w_i/w_j), the nearest value of Saaty's 1/9…9 scale to that, and
/// the judgement's share of λmax − n (its part of the inconsistency).
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub i: usize,
    pub j: usize,
    pub given: f64,
    pub consistent: f64,
    pub scale: f64,
    pub share: f64,
}

/// Weights and consistency of a reciprocal matrix `a` (a_ij = importance of
/// i over j; a_ji = 1/a_ij; a_ii = 1). Power iteration converges because a
/// positive matrix has a simple dominant (Perron) eigenvalue.
pub fn ahp(criteria: Vec<String>, a: &[Vec<f64>]) -> Ahp {
    let n = a.len();
    let mut w = vec![1.0 / n as f64; n];
    for _ in 0..1000 {
        let next: Vec<f64> = (0..n)
            .map(|i| (0..n).map(|j| a[i][j] * w[j]).sum())
            .collect();
        let total: f64 = next.iter().sum();
        let next: Vec<f64> = next.iter().map(|x| x / total).collect();
        let change = next
            .iter()
            .zip(&w)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        w = next;
        if change < 1e-15 {
            break;
        }
    }
    let lambda_max = (0..n)
        .map(|i| (0..n).map(|j| a[i][j] * w[j]).sum::<f64>() / w[i])
        .sum::<f64>()
        / n as f64;
    let ci = if n > 1 {
        (lambda_max - n as f64) / (n as f64 - 1.0)
    } else {
        0.0
    };
    let ri = RANDOM_INDEX
        .get(n.saturating_sub(1))
        .copied()
        .unwrap_or(1.59);
    let cr = if ri > 0.0 { ci / ri } else { 0.0 };
    Ahp {
        criteria,
        weights: w,
        lambda_max,
        ci,
        cr,
        matrix: a.to_vec(),
    }
}

impl Ahp {
    /// The judgements that contribute most to the inconsistency, largest
    /// first (at most `k`; none when the matrix is consistent).
    ///
    /// With w the principal eigenvector, λmax = (1/n) Σ_i Σ_j a_ij w_j / w_i
    /// (sum the rows of A·w = λmax·w, each divided by w_i). Writing
    /// e_ij = a_ij w_j / w_i, so that e_ji = 1/e_ij and e_ii = 1:
    ///   λmax − n = (1/n) Σ_{i<j} (e_ij + 1/e_ij − 2),
    /// an exact split of the inconsistency into one non-negative term per
    /// judgement, zero when a_ij = w_i/w_j (docs/methods.md, "Group AHP").
    pub fn revisions(&self, k: usize) -> Vec<Revision> {
        let n = self.weights.len();
        let w = &self.weights;
        let excess = (self.lambda_max - n as f64).max(0.0);
        let mut out: Vec<Revision> = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .map(|(i, j)| {
                let e = self.matrix[i][j] * w[j] / w[i];
                let term = (e + 1.0 / e - 2.0) / n as f64;
                let consistent = w[i] / w[j];
                Revision {
                    i,
                    j,
                    given: self.matrix[i][j],
                    consistent,
                    scale: nearest_scale(consistent),
                    share: if excess > 0.0 { term / excess } else { 0.0 },
                }
            })
            .filter(|r| r.share > 1e-9)
            .collect();
        out.sort_by(|a, b| {
            b.share
                .total_cmp(&a.share)
                .then((a.i, a.j).cmp(&(b.i, b.j)))
        });
        out.truncate(k);
        out
    }

    /// An error when CR exceeds [`MAX_CR`], naming the judgements to revisit.
    pub fn check_consistency(&self, source: &str) -> Result<()> {
        if self.cr <= MAX_CR {
            return Ok(());
        }
        Err(bad_input!(
            "{source}: the pairwise comparisons are inconsistent: CR = {:.3} > {MAX_CR}; {}. Revise those judgements, or set scoring.ahp_accept_inconsistent = true",
            self.cr,
            self.describe_revisions(3)
        ))
    }

    /// "the judgements that add most to the inconsistency are reach over lq = 9
    /// (the others imply 1.73, on Saaty's scale 2; 61 % of it), …".
    pub fn describe_revisions(&self, k: usize) -> String {
        let list: Vec<String> = self
            .revisions(k)
            .iter()
            .map(|r| {
                format!(
                    "{} over {} = {} (the others imply {:.2}, on Saaty's scale {}; {:.0} % of it)",
                    self.criteria[r.i],
                    self.criteria[r.j],
                    fraction(r.given),
                    r.consistent,
                    fraction(r.scale),
                    100.0 * r.share
                )
            })
            .collect();
        format!(
            "the judgements that add most to the inconsistency are {}",
            list.join(", ")
        )
    }
}

/// The value of Saaty's scale (1/9 … 1/2, 1 … 9) nearest to `x` on a log scale.
pub fn nearest_scale(x: f64) -> f64 {
    let scale = (1..=9)
        .map(|k| 1.0 / f64::from(k))
        .chain((2..=9).map(f64::from));
    scale
        .min_by(|a, b| (a.ln() - x.ln()).abs().total_cmp(&(b.ln() - x.ln()).abs()))
        .unwrap_or(1.0)
}

pub fn fraction(x: f64) -> String {
    if x < 1.0 && (1.0 / x).fract().abs() < 1e-9 {
        format!("1/{}", (1.0 / x).round())
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("c{i}")).collect()
    }

    /// The 3×3 example used in many AHP tutorials (judgements 3, 5 and 3):
    /// w ≈ (0.637, 0.258, 0.105), λmax ≈ 3.039, CI ≈ 0.019, CR ≈ 0.033 with
    /// RI = 0.58. The digits below come from numpy.linalg.eig on the same
    /// matrix (an independent computation).
    #[test]
    fn saaty_three_criteria_example() {
        let a = vec![
            vec![1.0, 3.0, 5.0],
            vec![1.0 / 3.0, 1.0, 3.0],
            vec![0.2, 1.0 / 3.0, 1.0],
        ];
        let r = ahp(names(3), &a);
        let want = [0.63698557, 0.25828499, 0.10472943];
        for (w, e) in r.weights.iter().zip(want) {
            assert!((w - e).abs() < 1e-7, "{w} vs {e}");
        }
        assert!((r.lambda_max - 3.03851109).abs() < 1e-7);
        assert!((r.ci - 0.01925555).abs() < 1e-7);
        assert!((r.cr - 0.03319922).abs() < 1e-7);
        assert!(r.check_consistency("m.csv").is_ok());
    }

    /// A perfectly consistent matrix (a_ij = w_i/w_j) gives back w, λmax = n, CR = 0.
    #[test]
    fn consistent_matrix_returns_its_weights() {
        let w = [0.5, 0.3, 0.15, 0.05];
        let a: Vec<Vec<f64>> = w
            .iter()
            .map(|wi| w.iter().map(|wj| wi / wj).collect())
            .collect();
        let r = ahp(names(4), &a);
        for (got, want) in r.weights.iter().zip(w) {
            assert!((got - want).abs() < 1e-12);
        }
        assert!((r.lambda_max - 4.0).abs() < 1e-9 && r.cr.abs() < 1e-9);
    }

    #[test]
    fn inconsistent_judgements_are_an_error_naming_the_pair() {
        // a > b (9), b > c (9), but c > a (9): circular.
        let a = vec![
            vec![1.0, 9.0, 1.0 / 9.0],
            vec![1.0 / 9.0, 1.0, 9.0],
            vec![9.0, 1.0 / 9.0, 1.0],
        ];
        let r = ahp(vec!["a".into(), "b".into(), "c".into()], &a);
        assert!(r.cr > MAX_CR);
        let msg = r.check_consistency("m.csv").unwrap_err().to_string();
        assert!(
            msg.contains("CR = ") && msg.contains("add most to the inconsistency"),
            "{msg}"
        );
    }
}
