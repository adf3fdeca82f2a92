//! `ovop ahp MATRIX...`: AHP weights of one pairwise-comparison matrix, or of
//! a group of experts (a matrix file each, or one long table), as CSV on
//! stdout; each expert's λmax, CI and CR, the judgements an inconsistent
//! expert should revisit, and the group's consistency on stderr. Exit 2 when
//! an expert is inconsistent (CR > 0.10), after printing everything.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use crate::ahp::{self, fraction, Aggregation, Ahp, MAX_CR};
use crate::console::Console;

pub fn run(matrices: &[PathBuf], aggregation: Aggregation, console: &Console) -> Result<()> {
    let (criteria, experts) = ahp::read_experts(matrices)?;
    let g = ahp::group(criteria, experts, aggregation);
    let several = g.experts.len() > 1;
    let mut out = std::io::stdout().lock();
    write!(out, "criterion,weight")?;
    if several {
        for e in &g.experts {
            write!(out, ",{}", csv_field(&e.name))?;
        }
    }
    writeln!(out)?;
    for (i, c) in g.criteria.iter().enumerate() {
        write!(out, "{},{:.6}", csv_field(c), g.weights[i])?;
        if several {
            for e in &g.experts {
                write!(out, ",{:.6}", e.ahp.weights[i])?;
            }
        }
        writeln!(out)?;
    }
    for e in &g.experts {
        let who = if several {
            format!("expert {}: ", e.name)
        } else {
            String::new()
        };
        console.say(format!("{who}{}", consistency(&e.ahp)));
        for r in e.ahp.revisions(3).iter().filter(|_| e.ahp.cr > MAX_CR) {
            console.say(format!(
                "  revisit {} over {} = {}: the other judgements imply {:.2} (Saaty scale {}); {:.0} % of the inconsistency",
                g.criteria[r.i],
                g.criteria[r.j],
                fraction(r.given),
                r.consistent,
                fraction(r.scale),
                100.0 * r.share
            ));
        }
    }
    if several {
        console.say(format!(
            "group ({} experts, {}): geometric-mean judgements: {}",
            g.experts.len(),
            match g.aggregation {
                Aggregation::Aij => "weights from the geometric mean of judgements, AIJ",
                Aggregation::Aip => "weights from the geometric mean of priorities, AIP",
            },
            consistency(&g.combined)
        ));
    }
    let source = matrices
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if several {
        g.check_consistency(&source)
    } else {
        g.experts[0].ahp.check_consistency(&source)
    }
}

fn consistency(a: &Ahp) -> String {
    format!(
        "lambda_max = {:.4}, CI = {:.4}, CR = {:.4} ({})",
        a.lambda_max,
        a.ci,
        a.cr,
        if a.cr <= MAX_CR {
            "consistent: CR ≤ 0.10"
        } else {
            "INCONSISTENT: CR > 0.10"
        }
    )
}

/// A CSV field, quoted when it holds a comma, quote or line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
