//! Relatedness against a hand-worked case and against the Growth Lab
//! `ecomplexity` package (0.5.3) on a small matrix.

use super::*;

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < tol)
}

/// Four villages, three categories (A, B, C), producers:
/// v1 (10, 0, 0), v2 (5, 5, 0), v3 (0, 5, 5), v4 (0, 0, 10); x = 40,
/// column totals 15, 10, 15. By hand: RCA v1A = (10/10)/(15/40) = 8/3,
/// v2A = 0.5/0.375 = 4/3, v2B = 0.5/0.25 = 2, and the mirror images; so
/// M = {A}, {A, B}, {B, C}, {C}, every ubiquity 2, φ_AB = φ_BC = 1/2,
/// φ_AC = 0, φ rows sum to 1.5, 2, 1.5; density v1 = (1/1.5, 0.5/2, 0).
/// The matrix is symmetric under A ↔ C, v1 ↔ v4, v2 ↔ v3: ECI is
/// antisymmetric, uncorrelated with diversity, so its sign is a tie.
#[test]
fn a_hand_worked_matrix_and_a_sign_tie() {
    let values = [10.0, 0.0, 0.0, 5.0, 5.0, 0.0, 0.0, 5.0, 5.0, 0.0, 0.0, 10.0];
    let cx = complexity(
        &Matrix {
            values: &values,
            locations: 4,
            products: 3,
        },
        1.0,
    );
    let (a, b) = (8.0 / 3.0, 4.0 / 3.0);
    assert!(close(
        &cx.rca,
        &[a, 0.0, 0.0, b, 2.0, 0.0, 0.0, 2.0, b, 0.0, 0.0, a],
        1e-12
    ));
    let m: Vec<bool> = [1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]
        .iter()
        .map(|v| *v == 1)
        .collect();
    assert_eq!(cx.m, m);
    assert_eq!(cx.diversity, [1.0, 2.0, 2.0, 1.0]);
    assert_eq!(cx.ubiquity, [2.0, 2.0, 2.0]);
    assert!(close(
        &cx.proximity,
        &[1.0, 0.5, 0.0, 0.5, 1.0, 0.5, 0.0, 0.5, 1.0],
        1e-12
    ));
    let want = [
        1.0 / 1.5,
        0.25,
        0.0,
        1.5 / 1.5,
        1.5 / 2.0,
        0.5 / 1.5,
        0.5 / 1.5,
        1.5 / 2.0,
        1.5 / 1.5,
        0.0,
        0.25,
        1.0 / 1.5,
    ];
    assert!(close(&cx.density, &want, 1e-12), "{:?}", cx.density);
    assert_eq!(cx.undefined, Some(Undefined::NoSign));
    assert!(cx.eci.is_none() && cx.pci.is_none() && cx.coi.is_none() && cx.cog.is_none());
}

/// Six villages × four categories; every number below is what
/// `ecomplexity.ecomplexity` 0.5.3 (PyPI) returns for this matrix.
#[test]
fn equals_the_growth_lab_package_on_a_small_matrix() {
    let values = [
        12.0, 0.0, 1.0, 3.0, 5.0, 7.0, 0.0, 0.0, 0.0, 4.0, 6.0, 1.0, 2.0, 2.0, 11.0, 0.0, 1.0, 0.0,
        2.0, 9.0, 3.0, 3.0, 3.0, 1.0,
    ];
    let cx = complexity(
        &Matrix {
            values: &values,
            locations: 6,
            products: 4,
        },
        1.0,
    );
    assert_eq!(cx.undefined, None);
    let density = [
        0.818181818182,
        0.2,
        0.0,
        1.0,
        0.727272727273,
        0.8,
        0.25,
        0.333333333333,
        0.181818181818,
        0.8,
        1.0,
        0.0,
        0.0,
        0.2,
        0.75,
        0.0,
        0.272727272727,
        0.0,
        0.0,
        0.666666666667,
        0.181818181818,
        0.6,
        0.25,
        0.0,
    ];
    let cog = [
        0.0,
        -0.649448258415,
        -1.064511657520,
        0.0,
        0.0,
        0.0,
        -0.954032517805,
        0.976410150936,
        0.835125991033,
        0.0,
        0.0,
        1.149870608718,
        0.724646851318,
        -0.215797113958,
        0.0,
        1.149870608718,
        0.236441775850,
        -0.533807953227,
        -1.064511657520,
        0.0,
        0.835125991033,
        0.0,
        -0.954032517805,
        1.149870608718,
    ];
    let eci = [
        1.080303771574,
        0.071798309083,
        -0.882234208722,
        -1.242058037969,
        1.494600545507,
        -0.522410379474,
    ];
    let coi = [
        -0.769183840774,
        1.084365832668,
        0.724095035052,
        -0.769183840774,
        1.105935758669,
        -1.376028944840,
    ];
    let pci = [
        0.666006997641,
        -0.522410379474,
        -1.242058037969,
        1.494600545507,
    ];
    assert_eq!(cx.diversity, [2.0, 2.0, 2.0, 1.0, 1.0, 1.0]);
    assert!(close(&cx.density, &density, 1e-11), "{:?}", cx.density);
    assert!(close(cx.eci.as_ref().unwrap(), &eci, 1e-11), "{:?}", cx.eci);
    assert!(close(cx.pci.as_ref().unwrap(), &pci, 1e-11), "{:?}", cx.pci);
    assert!(close(cx.coi.as_ref().unwrap(), &coi, 1e-11), "{:?}", cx.coi);
    assert!(close(cx.cog.as_ref().unwrap(), &cog, 1e-11), "{:?}", cx.cog);
}

/// One category: every RCA is 1, and there is no second eigenvector.
/// Villages each in a category of their own: every eigenvalue is 1, so the
/// eigenvector is not unique. Both leave ECI and PCI null, never NaN.
#[test]
fn undefined_complexity_is_null_with_a_reason() {
    let one = complexity(
        &Matrix {
            values: &[3.0, 5.0, 1.0],
            locations: 3,
            products: 1,
        },
        1.0,
    );
    assert!(one.rca.iter().all(|r| (r - 1.0).abs() < 1e-12));
    assert_eq!(one.undefined, Some(Undefined::TooSmall));
    let apart = [4.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 7.0];
    let cx = complexity(
        &Matrix {
            values: &apart,
            locations: 3,
            products: 3,
        },
        1.0,
    );
    assert_eq!(cx.undefined, Some(Undefined::Degenerate));
    assert!(cx.eci.is_none());
    // Density is defined: a village has exactly its own category.
    assert_eq!(cx.density, [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
    // Two groups sharing no specialisation ({A, B} and {C, D}): λ₁ = λ₂ = 1
    // (numpy: 1, 1, 0.5, 0.25), and the second vector only marks the groups.
    let groups = [
        9.0, 0.0, 0.0, 0.0, 4.0, 4.0, 0.0, 0.0, 0.0, 0.0, 4.0, 4.0, 0.0, 0.0, 9.0, 0.0, 0.0, 0.0,
        0.0, 9.0,
    ];
    let split = complexity(
        &Matrix {
            values: &groups,
            locations: 5,
            products: 4,
        },
        1.0,
    );
    assert_eq!(split.m.iter().filter(|m| **m).count(), 7, "{:?}", split.m);
    assert_eq!(split.undefined, Some(Undefined::Degenerate));
}
