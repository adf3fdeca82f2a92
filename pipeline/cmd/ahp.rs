//! `ovop ahp MATRIX.csv`: the AHP weights of a pairwise-comparison matrix
//! (CSV on stdout) and its consistency (λmax, CI, CR on stderr).

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::console::Console;

pub fn run(matrix: &Path, console: &Console) -> Result<()> {
    let (names, a) = crate::ahp::read_matrix(matrix)?;
    let r = crate::ahp::ahp(names, &a);
    let mut out = std::io::stdout().lock();
    writeln!(out, "criterion,weight")?;
    for (c, w) in r.criteria.iter().zip(&r.weights) {
        writeln!(out, "{c},{w:.6}")?;
    }
    console.say(format!(
        "lambda_max = {:.4}, CI = {:.4}, CR = {:.4} ({})",
        r.lambda_max,
        r.ci,
        r.cr,
        if r.cr <= crate::ahp::MAX_CR {
            "consistent: CR ≤ 0.10"
        } else {
            "INCONSISTENT: CR > 0.10"
        }
    ));
    r.check_consistency(&matrix.display().to_string())
}
