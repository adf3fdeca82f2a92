//! Relatedness and economic complexity over a locations × products matrix
//! (Hidalgo et al. 2007; Hidalgo & Hausmann 2009; Hausmann et al. 2014), with
//! the definitions and normalisations of the Harvard Growth Lab `ecomplexity`
//! package, so the numbers can be checked against it. Pure functions over
//! plain slices; `docs/methods.md` §12 has the formulas.

use nalgebra::{DMatrix, SymmetricEigen};

/// A dense matrix of values: `values[c * products + p]` for location c and
/// product p. Every location and product must have a positive total (the
/// builder leaves the others out, as `ecomplexity` does).
pub struct Matrix<'a> {
    pub values: &'a [f64],
    pub locations: usize,
    pub products: usize,
}

/// Everything `ecomplexity` computes, location-major where two-dimensional.
#[derive(Debug, Clone)]
pub struct Complexity {
    /// RCA_cp = (x_cp / x_c) / (x_p / x).
    pub rca: Vec<f64>,
    /// M_cp = 1 when RCA_cp ≥ the threshold.
    pub m: Vec<bool>,
    /// k_c = Σ_p M_cp and k_p = Σ_c M_cp.
    pub diversity: Vec<f64>,
    pub ubiquity: Vec<f64>,
    /// φ_pp' = Σ_c M_cp M_cp' / max(k_p, k_p'), product-major (products²).
    pub proximity: Vec<f64>,
    /// ω_cp = Σ_p' M_cp' φ_pp' / Σ_p' φ_pp'.
    pub density: Vec<f64>,
    /// ECI, PCI, COI and COG; None when they cannot be defined, with why.
    pub eci: Option<Vec<f64>>,
    pub pci: Option<Vec<f64>>,
    pub coi: Option<Vec<f64>>,
    pub cog: Option<Vec<f64>>,
    pub undefined: Option<Undefined>,
}

/// Why ECI and PCI are left null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// Fewer than two products or two locations: no second eigenvector.
    TooSmall,
    /// The second eigenvalue equals the first (the villages and categories
    /// fall apart into groups that share no specialisation) or the third:
    /// the eigenvector, so the ranking, is not unique or only marks groups.
    Degenerate,
    /// ECI's correlation with diversity is 0 (every location as diverse, or
    /// a matrix symmetric under relabelling): the sign rule cannot decide.
    NoSign,
}

impl Undefined {
    pub fn reason(self) -> &'static str {
        match self {
            Undefined::TooSmall => "fewer than two locations or two categories",
            Undefined::Degenerate => {
                "the second eigenvalue is repeated (or the matrix falls apart into groups that share no specialisation), so ECI is not unique"
            }
            Undefined::NoSign => {
                "ECI does not correlate with diversity (a tie), so its sign is undefined"
            }
        }
    }
}

/// Relative gap under which two eigenvalues count as equal.
const EIGEN_TIE: f64 = 1e-9;
/// |r(diversity, ECI)| under which the sign rule is a tie.
const SIGN_TIE: f64 = 1e-9;

pub fn complexity(matrix: &Matrix, threshold: f64) -> Complexity {
    let (nc, np) = (matrix.locations, matrix.products);
    let x = matrix.values;
    let at = |c: usize, p: usize| c * np + p;
    let row: Vec<f64> = (0..nc)
        .map(|c| (0..np).map(|p| x[at(c, p)]).sum())
        .collect();
    let col: Vec<f64> = (0..np)
        .map(|p| (0..nc).map(|c| x[at(c, p)]).sum())
        .collect();
    let total: f64 = row.iter().sum();
    let mut rca = vec![0.0; nc * np];
    for c in 0..nc {
        for p in 0..np {
            rca[at(c, p)] = (x[at(c, p)] / row[c]) / (col[p] / total);
        }
    }
    // ecomplexity turns a NaN RCA into 0 before the test.
    let m: Vec<bool> = rca
        .iter()
        .map(|r| r.is_finite() && *r >= threshold)
        .collect();
    let one = |c: usize, p: usize| if m[at(c, p)] { 1.0 } else { 0.0 };
    let diversity: Vec<f64> = (0..nc).map(|c| (0..np).map(|p| one(c, p)).sum()).collect();
    let ubiquity: Vec<f64> = (0..np).map(|p| (0..nc).map(|c| one(c, p)).sum()).collect();

    let mut co = vec![0.0; np * np];
    for c in 0..nc {
        let held: Vec<usize> = (0..np).filter(|&p| m[at(c, p)]).collect();
        for &p in &held {
            for &q in &held {
                co[p * np + q] += 1.0;
            }
        }
    }
    let proximity: Vec<f64> = (0..np * np)
        .map(|k| {
            let top = ubiquity[k / np].max(ubiquity[k % np]);
            if top > 0.0 {
                co[k] / top
            } else {
                0.0
            }
        })
        .collect();
    let phi = |p: usize, q: usize| proximity[p * np + q];
    let phi_row: Vec<f64> = (0..np).map(|p| (0..np).map(|q| phi(p, q)).sum()).collect();
    let mut density = vec![0.0; nc * np];
    for c in 0..nc {
        for p in 0..np {
            let near: f64 = (0..np).map(|q| one(c, q) * phi(p, q)).sum();
            density[at(c, p)] = if phi_row[p] > 0.0 {
                near / phi_row[p]
            } else {
                0.0
            };
        }
    }

    let mut out = Complexity {
        rca,
        m,
        diversity,
        ubiquity,
        proximity,
        density,
        eci: None,
        pci: None,
        coi: None,
        cog: None,
        undefined: None,
    };
    match eigen(&out, nc, np) {
        Ok((eci_raw, pci_raw)) => finish(&mut out, nc, np, eci_raw, pci_raw, &phi_row),
        Err(why) => out.undefined = Some(why),
    }
    out
}

/// The raw (unnormalised) ECI and PCI: the eigenvector of
/// M̃_pp' = Σ_c M_cp M_cp' / (k_c k_p) for its second largest eigenvalue, at
/// unit length as numpy returns it, signed so that ECI correlates positively
/// with diversity. Locations and products with no specialisation are left
/// out of the eigenproblem and get NaN.
fn eigen(cx: &Complexity, nc: usize, np: usize) -> Result<(Vec<f64>, Vec<f64>), Undefined> {
    let locs: Vec<usize> = (0..nc).filter(|&c| cx.diversity[c] > 0.0).collect();
    let prods: Vec<usize> = (0..np).filter(|&p| cx.ubiquity[p] > 0.0).collect();
    let n = prods.len();
    if n < 2 || locs.len() < 2 {
        return Err(Undefined::TooSmall);
    }
    let has = |c: usize, p: usize| cx.m[c * np + p];
    // M̃ is similar to the symmetric S = D^½ M̃ D^-½ (D = diag k_p):
    // S_pp' = Σ_c M_cp M_cp' / (k_c √(k_p k_p')), so its eigenvalues are real
    // and an eigenvector v of S gives M̃'s as D^-½ v.
    let mut s = DMatrix::<f64>::zeros(n, n);
    for &c in &locs {
        let held: Vec<usize> = (0..n).filter(|&i| has(c, prods[i])).collect();
        for &i in &held {
            for &j in &held {
                s[(i, j)] += 1.0 / cx.diversity[c];
            }
        }
    }
    for i in 0..n {
        for j in 0..n {
            s[(i, j)] /= (cx.ubiquity[prods[i]] * cx.ubiquity[prods[j]]).sqrt();
        }
    }
    let eig = SymmetricEigen::new(s);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
    let (first, second) = (eig.eigenvalues[order[0]], eig.eigenvalues[order[1]]);
    let tie = |a: f64, b: f64| (a - b).abs() <= EIGEN_TIE * first.abs().max(1.0);
    // λ₁ = λ₂: the network falls apart in groups and the "second" vector
    // only marks them; λ₂ = λ₃: the second vector is not unique.
    if tie(first, second) || (n > 2 && tie(second, eig.eigenvalues[order[2]])) {
        return Err(Undefined::Degenerate);
    }
    let mut kp: Vec<f64> = (0..n)
        .map(|i| eig.eigenvectors[(i, order[1])] / cx.ubiquity[prods[i]].sqrt())
        .collect();
    let norm = kp.iter().map(|v| v * v).sum::<f64>().sqrt();
    kp.iter_mut().for_each(|v| *v /= norm);
    let kc: Vec<f64> = locs
        .iter()
        .map(|&c| {
            (0..n)
                .filter(|&i| has(c, prods[i]))
                .map(|i| kp[i])
                .sum::<f64>()
                / cx.diversity[c]
        })
        .collect();
    let div: Vec<f64> = locs.iter().map(|&c| cx.diversity[c]).collect();
    // A correlation within rounding of 0 is a tie (a symmetric matrix):
    // ecomplexity then takes the sign of rounding noise; ovop says no.
    let sign = match correlation(&div, &kc) {
        Some(r) if r > SIGN_TIE => 1.0,
        Some(r) if r < -SIGN_TIE => -1.0,
        _ => return Err(Undefined::NoSign),
    };
    let mut eci = vec![f64::NAN; nc];
    for (k, &c) in locs.iter().enumerate() {
        eci[c] = sign * kc[k];
    }
    let mut pci = vec![f64::NAN; np];
    for (i, &p) in prods.iter().enumerate() {
        pci[p] = sign * kp[i];
    }
    Ok((eci, pci))
}

/// COI and COG from the raw PCI, then the normalisations of `ecomplexity`
/// (as its Stata original): ECI to z-scores, PCI and COG in ECI's units,
/// COI to its own z-scores (standard deviations with divisor n).
fn finish(
    cx: &mut Complexity,
    nc: usize,
    np: usize,
    eci_raw: Vec<f64>,
    pci_raw: Vec<f64>,
    phi_row: &[f64],
) {
    let lack = |c: usize, p: usize| if cx.m[c * np + p] { 0.0 } else { 1.0 };
    let pci_or_0 = |p: usize| {
        if pci_raw[p].is_finite() {
            pci_raw[p]
        } else {
            0.0
        }
    };
    let coi_raw: Vec<f64> = (0..nc)
        .map(|c| {
            (0..np)
                .map(|p| cx.density[c * np + p] * lack(c, p) * pci_or_0(p))
                .sum()
        })
        .collect();
    // COG_cp = (1 − M_cp) Σ_p' (1 − M_cp') φ_p'p PCI_p' / Σ_q φ_p'q.
    let weight: Vec<f64> = (0..np)
        .map(|q| {
            if phi_row[q] > 0.0 {
                pci_or_0(q) / phi_row[q]
            } else {
                0.0
            }
        })
        .collect();
    let mut cog_raw = vec![0.0; nc * np];
    for c in 0..nc {
        for p in 0..np {
            let gain: f64 = (0..np)
                .map(|q| lack(c, q) * cx.proximity[q * np + p] * weight[q])
                .sum();
            cog_raw[c * np + p] = lack(c, p) * gain;
        }
    }
    let (mean, sd) = moments(&eci_raw);
    cx.eci = Some(eci_raw.iter().map(|e| (e - mean) / sd).collect());
    cx.pci = Some(pci_raw.iter().map(|p| (p - mean) / sd).collect());
    cx.cog = Some(cog_raw.iter().map(|g| g / sd).collect());
    let (coi_mean, coi_sd) = moments(&coi_raw);
    cx.coi = Some(
        coi_raw
            .iter()
            .map(|v| match coi_sd > 0.0 {
                true => (v - coi_mean) / coi_sd,
                false => 0.0,
            })
            .collect(),
    );
}

/// Mean and standard deviation (divisor n) of the finite values.
fn moments(values: &[f64]) -> (f64, f64) {
    let found: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = found.len() as f64;
    let mean = found.iter().sum::<f64>() / n;
    let var = found.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// Pearson's r, None when either side is constant.
fn correlation(a: &[f64], b: &[f64]) -> Option<f64> {
    let (ma, sa) = moments(a);
    let (mb, sb) = moments(b);
    if sa <= 0.0 || sb <= 1e-15 {
        return None;
    }
    let n = a.len() as f64;
    let cov = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / n;
    Some(cov / (sa * sb))
}

#[cfg(test)]
mod tests;
