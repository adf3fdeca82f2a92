//! The experts behind group AHP weights, in the report and as a table
//! (`tables/ahp_experts.csv`, `.xlsx`): each expert's weights, λmax, CI and
//! CR, and for an inconsistent expert the judgements to revisit first with
//! the value the other judgements imply.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::*;

use super::tables::{criterion_label, write_table, TableOptions};
use super::{html_escape, num, t};
use crate::ahp::{fraction, MAX_CR};
use crate::i18n::Lang;
use crate::study::{AhpSummary, ExpertSummary};

/// "reach over lq = 9 → 2 (the others imply 1.73; 61 %)", in the study's language.
pub fn revision_text(l: Lang, r: &(String, String, f64, f64, f64, f64)) -> String {
    let (row, col, given, consistent, scale, share) = r;
    let (row, col) = (criterion_label(l, row), criterion_label(l, col));
    match l {
        Lang::Id => format!(
            "{row} terhadap {col} = {} → {} (penilaian lain menyiratkan {}; {} % ketidakkonsistenan)",
            fraction(*given),
            fraction(*scale),
            num(l, *consistent, 2),
            num(l, 100.0 * share, 0)
        ),
        Lang::En => format!(
            "{row} over {col} = {} → {} (the other judgements imply {}; {} % of the inconsistency)",
            fraction(*given),
            fraction(*scale),
            num(l, *consistent, 2),
            num(l, 100.0 * share, 0)
        ),
    }
}

/// The experts' table in the HTML report (nothing with one matrix).
pub fn html(h: &mut String, l: Lang, a: &AhpSummary) -> Result<()> {
    if a.experts.is_empty() {
        return Ok(());
    }
    // The paragraph before it (weights_origin) already says what the group is.
    writeln!(h, "<table><thead><tr><th>{}</th>", t(l, "Pakar", "Expert"))?;
    for c in &a.criteria {
        write!(h, "<th>{}</th>", html_escape(&criterion_label(l, c)))?;
    }
    writeln!(
        h,
        "<th>λmax</th><th>CI</th><th>CR</th><th>{}</th></tr></thead><tbody>",
        t(
            l,
            "Penilaian yang perlu ditinjau ulang",
            "Judgements to revisit"
        )
    )?;
    for e in &a.experts {
        write!(h, "<tr><td>{}</td>", html_escape(&e.name))?;
        for w in &e.weights {
            write!(h, "<td class=\"num\">{}</td>", num(l, *w, 3))?;
        }
        let revisit: Vec<String> = e.revisions.iter().map(|r| revision_text(l, r)).collect();
        writeln!(
            h,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}{}</td><td>{}</td></tr>",
            num(l, e.lambda_max, 3),
            num(l, e.ci, 3),
            num(l, e.cr, 3),
            if e.cr > MAX_CR { " ⚠" } else { "" },
            html_escape(&revisit.join("; "))
        )?;
    }
    h.push_str("</tbody></table>\n");
    Ok(())
}

/// "Group AHP of 3 experts (AIJ); 1 inconsistent (CR > 0.10)."
pub fn group_text(l: Lang, a: &AhpSummary) -> String {
    let bad = a.experts.iter().filter(|e| e.cr > MAX_CR).count();
    let method = match a.aggregation.as_deref() {
        Some("aip") => t(
            l,
            "rerata geometrik prioritas (AIP)",
            "geometric mean of priorities (AIP)",
        ),
        _ => t(
            l,
            "rerata geometrik penilaian (AIJ)",
            "geometric mean of judgements (AIJ)",
        ),
    };
    match l {
        Lang::Id => format!(
            "AHP kelompok: {} pakar, digabung dengan {method}; {bad} pakar tidak konsisten (CR > 0,10).",
            a.experts.len()
        ),
        Lang::En => format!(
            "Group AHP: {} experts, combined by the {method}; {bad} expert(s) inconsistent (CR > 0.10).",
            a.experts.len()
        ),
    }
}

/// `tables/ahp_experts.csv` and `.xlsx` with several experts; with none, an
/// earlier run's table is removed.
pub fn write_experts_table(
    a: Option<&AhpSummary>,
    out: &Path,
    opts: TableOptions,
) -> Result<Vec<PathBuf>> {
    let dir = out.join("tables");
    let Some(a) = a.filter(|a| !a.experts.is_empty()) else {
        for ext in ["csv", "xlsx"] {
            crate::files::remove_file_if_present(&dir.join(format!("ahp_experts.{ext}")))?;
        }
        return Ok(Vec::new());
    };
    let l = opts.lang;
    let col = |f: &dyn Fn(&ExpertSummary) -> f64| -> Vec<f64> { a.experts.iter().map(f).collect() };
    let mut columns = vec![Column::new(
        t(l, "pakar", "expert").into(),
        a.experts.iter().map(|e| e.name.clone()).collect::<Vec<_>>(),
    )];
    for (i, c) in a.criteria.iter().enumerate() {
        columns.push(Column::new(
            format!("{} {}", t(l, "bobot", "weight"), criterion_label(l, c)).into(),
            col(&|e| e.weights[i]),
        ));
    }
    columns.push(Column::new("lambda_max".into(), col(&|e| e.lambda_max)));
    columns.push(Column::new("CI".into(), col(&|e| e.ci)));
    columns.push(Column::new("CR".into(), col(&|e| e.cr)));
    columns.push(Column::new(
        t(l, "tinjau_ulang", "revisit").into(),
        a.experts
            .iter()
            .map(|e| {
                e.revisions
                    .iter()
                    .map(|r| revision_text(l, r))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .collect::<Vec<_>>(),
    ));
    let df = DataFrame::new_infer_height(columns)?;
    // Expert judgements are the study's own input, not synthetic output.
    write_table(
        &df,
        &dir,
        "ahp_experts",
        TableOptions {
            synthetic: false,
            ..opts
        },
    )
}
