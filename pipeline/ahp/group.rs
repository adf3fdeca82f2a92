//! Group AHP: one pairwise matrix per expert, combined by the geometric mean
//! of their judgements (AIJ, the default: the group judges as one unit) or
//! of their priorities (AIP: the group is separate individuals), as Forman &
//! Peniwati (1998) set out; the geometric mean is the one that keeps a
//! combined matrix reciprocal (Aczél & Saaty 1983).

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::{ahp, Ahp, MAX_CR};
use crate::bad_input;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    /// Geometric mean of the judgements, then the eigenvector of that matrix.
    #[default]
    Aij,
    /// Each expert's eigenvector, then their geometric mean, normalised.
    Aip,
}

impl Aggregation {
    pub fn name(self) -> &'static str {
        match self {
            Aggregation::Aij => "aij",
            Aggregation::Aip => "aip",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Expert {
    pub name: String,
    pub ahp: Ahp,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub criteria: Vec<String>,
    pub experts: Vec<Expert>,
    pub aggregation: Aggregation,
    /// The group's weights, summing to 1.
    pub weights: Vec<f64>,
    /// The AHP of the geometric mean of the judgements: AIJ's weights, and
    /// under either aggregation the consistency of the group's judgements.
    pub combined: Ahp,
}

/// Each expert's AHP and the group's weights. `matrices` share `criteria`'s order.
pub fn group(
    criteria: Vec<String>,
    matrices: Vec<(String, Vec<Vec<f64>>)>,
    aggregation: Aggregation,
) -> Group {
    let n = criteria.len();
    let experts: Vec<Expert> = matrices
        .iter()
        .map(|(name, a)| Expert {
            name: name.clone(),
            ahp: ahp(criteria.clone(), a),
        })
        .collect();
    let k = experts.len().max(1) as f64;
    let gm: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| (matrices.iter().map(|(_, a)| a[i][j].ln()).sum::<f64>() / k).exp())
                .collect()
        })
        .collect();
    let combined = ahp(criteria.clone(), &gm);
    let weights = match aggregation {
        Aggregation::Aij => combined.weights.clone(),
        Aggregation::Aip => {
            let gm: Vec<f64> = (0..n)
                .map(|i| (experts.iter().map(|e| e.ahp.weights[i].ln()).sum::<f64>() / k).exp())
                .collect();
            let total: f64 = gm.iter().sum();
            gm.iter().map(|w| w / total).collect()
        }
    };
    Group {
        criteria,
        experts,
        aggregation,
        weights,
        combined,
    }
}

impl Group {
    /// The experts whose CR exceeds [`MAX_CR`].
    pub fn inconsistent(&self) -> impl Iterator<Item = &Expert> {
        self.experts.iter().filter(|e| e.ahp.cr > MAX_CR)
    }

    /// An error naming every inconsistent expert and the judgements each
    /// should revisit first.
    pub fn check_consistency(&self, source: &str) -> Result<()> {
        let list: Vec<String> = self
            .inconsistent()
            .map(|e| {
                format!(
                    "expert {:?}: CR = {:.3}; {}",
                    e.name,
                    e.ahp.cr,
                    e.ahp.describe_revisions(3)
                )
            })
            .collect();
        if list.is_empty() {
            return Ok(());
        }
        Err(bad_input!(
            "{source}: the pairwise comparisons of {} of {} experts are inconsistent (CR > {MAX_CR}): {}. Ask them to revise those judgements, or set scoring.ahp_accept_inconsistent = true",
            list.len(),
            self.experts.len(),
            list.join("; ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["a".into(), "b".into(), "c".into()]
    }

    fn matrix(ab: f64, ac: f64, bc: f64) -> Vec<Vec<f64>> {
        vec![
            vec![1.0, ab, ac],
            vec![1.0 / ab, 1.0, bc],
            vec![1.0 / ac, 1.0 / bc, 1.0],
        ]
    }

    /// Three experts judging a over b as 2, 3 and 4: the group's judgement is
    /// their geometric mean 24^(1/3) = 2.884, whose reciprocal is also the
    /// mean of the reciprocals (the worked example of Saaty's group
    /// judgements, Decision Lens blog 2007; Aczél & Saaty 1983).
    #[test]
    fn aij_takes_the_geometric_mean_of_each_judgement() {
        let g = group(
            names(),
            vec![
                ("e1".into(), matrix(2.0, 1.0, 1.0)),
                ("e2".into(), matrix(3.0, 1.0, 1.0)),
                ("e3".into(), matrix(4.0, 1.0, 1.0)),
            ],
            Aggregation::Aij,
        );
        let m = &g.combined.matrix;
        assert!((m[0][1] - 24f64.powf(1.0 / 3.0)).abs() < 1e-12);
        assert!((m[1][0] - (1.0f64 / 24.0).powf(1.0 / 3.0)).abs() < 1e-12);
        assert!((m[0][1] * m[1][0] - 1.0).abs() < 1e-12);
    }

    fn matrix4(upper: [f64; 6]) -> Vec<Vec<f64>> {
        let mut a = vec![vec![1.0; 4]; 4];
        let pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)];
        for ((i, j), v) in pairs.into_iter().zip(upper) {
            a[i][j] = v;
            a[j][i] = 1.0 / v;
        }
        a
    }

    /// A three-expert case, four criteria. Upper triangles (ab ac ad bc bd
    /// cd): e1 (3 5 7 2 4 3), e2 (2 4 9 2 3 1), e3 (4 6 5 1 5 2). The
    /// geometric-mean judgements by hand: ab = 24^(1/3) = 2.884499,
    /// ac = 120^(1/3) = 4.932424, bc = 2^(2/3) = 1.587401. The principal
    /// eigenvector of that matrix, its λmax and CR (RI 0.90), and the AIP
    /// weights (each expert's eigenvector, geometric mean, normalised), from
    /// numpy.linalg.eig (an independent computation):
    /// AIJ w = (0.5785999, 0.2238146, 0.1274386, 0.0701470), λmax =
    /// 4.0270672, CR = 0.0100249; AIP w = (0.5789493, 0.2232093, 0.1270180,
    /// 0.0708234). (With three criteria AIJ and AIP coincide: there the
    /// eigenvector is the rows' geometric mean, which commutes with it.)
    #[test]
    fn three_experts_by_hand() {
        let names: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let experts = || {
            vec![
                ("e1".to_string(), matrix4([3.0, 5.0, 7.0, 2.0, 4.0, 3.0])),
                ("e2".to_string(), matrix4([2.0, 4.0, 9.0, 2.0, 3.0, 1.0])),
                ("e3".to_string(), matrix4([4.0, 6.0, 5.0, 1.0, 5.0, 2.0])),
            ]
        };
        let aij = group(names.clone(), experts(), Aggregation::Aij);
        let combined = &aij.combined;
        assert!((combined.matrix[0][1] - 2.884499).abs() < 1e-6);
        assert!((combined.matrix[0][2] - 4.932424).abs() < 1e-6);
        assert!((combined.matrix[1][2] - 1.587401).abs() < 1e-6);
        for (w, want) in aij
            .weights
            .iter()
            .zip([0.5785999, 0.2238146, 0.1274386, 0.0701470])
        {
            assert!((w - want).abs() < 1e-7, "{w} vs {want}");
        }
        assert!((combined.lambda_max - 4.0270672).abs() < 1e-7);
        assert!((combined.cr - 0.0100249).abs() < 1e-7);
        let aip = group(names, experts(), Aggregation::Aip);
        for (w, want) in aip
            .weights
            .iter()
            .zip([0.5789493, 0.2232093, 0.1270180, 0.0708234])
        {
            assert!((w - want).abs() < 1e-7, "{w} vs {want}");
        }
        // Both aggregations report the geometric-mean matrix's consistency.
        assert!((aip.combined.cr - 0.0100249).abs() < 1e-7);
    }

    /// The suggested judgement, applied, lowers the expert's CR: Pak Budi of
    /// `tests/fixtures/ahp/panel_inconsistent.csv` typed b over c as 1/5
    /// where his other judgements imply 0.50 (numpy: CR 0.2222; that
    /// judgement is 38 % of λmax − n).
    #[test]
    fn the_suggested_judgement_lowers_the_experts_cr() {
        let a = matrix4([3.0, 5.0, 7.0, 1.0 / 5.0, 4.0, 3.0]);
        let names: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let expert = ahp(names.clone(), &a);
        assert!((expert.cr - 0.222186).abs() < 1e-6);
        let revisions = expert.revisions(3);
        let top = &revisions[0];
        assert_eq!((top.i, top.j), (1, 2));
        assert!((top.share - 0.38).abs() < 0.01 && (top.consistent - 0.5015).abs() < 1e-3);
        assert_eq!(top.scale, 0.5);
        // Shares are a split of λmax − n: all of them sum to 1.
        let all = expert.revisions(usize::MAX);
        assert!((all.iter().map(|r| r.share).sum::<f64>() - 1.0).abs() < 1e-9);
        for value in [top.scale, top.consistent] {
            let mut fixed = a.clone();
            fixed[top.i][top.j] = value;
            fixed[top.j][top.i] = 1.0 / value;
            let after = ahp(names.clone(), &fixed);
            assert!(
                after.cr < MAX_CR && after.cr < expert.cr,
                "{} → {}",
                expert.cr,
                after.cr
            );
        }
    }

    #[test]
    fn inconsistent_experts_are_named_with_their_judgements() {
        let circular = matrix(9.0, 1.0 / 9.0, 9.0);
        let g = group(
            names(),
            vec![
                ("Bu Sri".into(), matrix(3.0, 5.0, 2.0)),
                ("Pak Budi".into(), circular),
            ],
            Aggregation::Aij,
        );
        let msg = g.check_consistency("ahp.csv").unwrap_err().to_string();
        assert!(msg.contains("1 of 2 experts"), "{msg}");
        assert!(msg.contains("expert \"Pak Budi\": CR = "), "{msg}");
        assert!(!msg.contains("Bu Sri"), "{msg}");
    }
}
