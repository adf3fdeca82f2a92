//! `ovop ahp MATRIX...`: AHP weights of one pairwise-comparison matrix, or of
//! a group of experts (a matrix file each, or one long table), as CSV on
//! stdout; each expert's λmax, CI and CR, the judgements an inconsistent
//! expert should revisit, and the group's consistency on stderr. Exit 2 when
//! an expert is inconsistent (CR > 0.10), after printing everything.

use std::path::PathBuf;

use anyhow::Result;

use crate::ahp::{self, fraction, Aggregation, Ahp, MAX_CR};
use crate::console::Console;

pub fn run(matrices: &[PathBuf], aggregation: Aggregation, console: &Console) -> Result<()> {
    let (criteria, experts) = ahp::read_experts(matrices)?;
    let g = ahp::group(criteria, experts, aggregation);
    let several = g.experts.len() > 1;
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    let mut header = vec!["criterion".to_string(), "weight".to_string()];
    if several {
        header.extend(g.experts.iter().map(|e| e.name.clone()));
    }
    out.write_record(&header)?;
    for (i, c) in g.criteria.iter().enumerate() {
        let mut row = vec![c.clone(), format!("{:.6}", g.weights[i])];
        if several {
            row.extend(g.experts.iter().map(|e| format!("{:.6}", e.ahp.weights[i])));
        }
        out.write_record(&row)?;
    }
    out.flush()?;
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
