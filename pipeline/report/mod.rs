//! The report (SPEC §7): a self-contained `index.html` (inline CSS and SVG,
//! nothing loaded from the network, printable) and `summary.md` for briefs.
//! Every value from the data is escaped where it lands.

pub mod tables;

pub use economy::{economy_charts, EconomyInput};

pub mod ahp;
mod economy;
mod html;
mod markdown;
mod relatedness;
mod robustness;

use html::*;
use markdown::*;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::chart::ProductRow;
use crate::i18n::{label, Lang};
use crate::lake::Manifest;
use crate::marts::village_selection::PickRow;
use crate::marts::ScoreSummary;
use crate::study::Study;

pub struct ReportInput<'a> {
    pub study: &'a Study,
    pub lang: Lang,
    pub summary: &'a ScoreSummary,
    /// The study's batches (a shared lake holds others too).
    pub manifest: &'a Manifest,
    /// Values dropped from kept rows (unknown words in optional columns).
    pub values_dropped: u64,
    /// Rows and values in the quarantine in all, and how many `rejected.xlsx` lists.
    pub quarantined: u64,
    pub rejected_table_rows: usize,
    pub products: &'a [ProductRow],
    pub picks: &'a [PickRow],
    /// SVG charts to inline, in order.
    pub charts: &'a [PathBuf],
    /// The economic base, when the study has economy inputs.
    pub economy: Option<economy::EconomyInput<'a>>,
    /// The marts written as tables (`<out>/tables/<name>.csv`, `.xlsx`), in order.
    pub tables: &'a [&'static str],
    /// Next products by relatedness (the relatedness marts).
    pub relatedness: Option<&'a crate::marts::relatedness::RelatednessView>,
}

/// Writes `<out>/manifest.json`: the inputs (path, sha256, rows), the study
/// as run, versions, and the sha256 of every output file. Deterministic: no
/// timestamps, so identical runs give identical manifests.
pub fn write_manifest(
    out: &Path,
    study: &Study,
    lake: &Manifest,
    outputs: &[PathBuf],
) -> Result<PathBuf> {
    use sha2::Digest;
    let mut files = Vec::new();
    for path in outputs {
        let bytes = std::fs::read(path)?;
        let rel = path
            .strip_prefix(out)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        files.push(serde_json::json!({ "path": rel, "sha256": format!("{:x}", sha2::Sha256::digest(&bytes)), "bytes": bytes.len() }));
    }
    let inputs: Vec<_> = lake
        .batches
        .iter()
        .map(|b| serde_json::json!({
            "dataset": b.dataset, "source": b.source, "sha256": b.sha256,
            "rows_read": b.rows_read, "rows_accepted": b.rows_accepted, "rows_rejected": b.rows_rejected,
        }))
        .collect();
    let boundaries: Vec<_> = html::boundary_files(study)
        .iter()
        .filter_map(|p| {
            let sha = crate::ingest::sha256_file(p).ok()?;
            Some(serde_json::json!({ "source": p.to_string_lossy(), "sha256": sha }))
        })
        .collect();
    let manifest = serde_json::json!({
        "generator": "ovop",
        "versions": { "ovop": env!("CARGO_PKG_VERSION"), "polars": "0.55.2", "plotters": "0.3.7" },
        "study": study,
        "synthetic": study.study.synthetic,
        "inputs": inputs,
        "boundaries": boundaries,
        "outputs": files,
    });
    let path = out.join("manifest.json");
    crate::files::write_text_atomic(&path, &serde_json::to_string_pretty(&manifest)?)?;
    Ok(path)
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for a Markdown table cell: no HTML, no table breaks, no links.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn t(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Id {
        id
    } else {
        en
    }
}

/// A count with thousands grouped the language's way (`60.000`, `60,000`).
fn count(l: Lang, n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let sep = match l {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

/// A number with the language's decimal mark (`48,1` in Indonesian).
fn num(l: Lang, x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let text = format!("{x:.decimals$}");
    match l {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

fn stars(n: u8) -> String {
    "★".repeat(n as usize) + &"☆".repeat(5usize.saturating_sub(n as usize))
}

/// Writes index.html and summary.md into `out`; returns their paths.
pub fn write(input: &ReportInput, out: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    let html_path = out.join("index.html");
    let md_path = out.join("summary.md");
    crate::files::write_text_atomic(&html_path, &html(input)?)?;
    crate::files::write_text_atomic(&md_path, &markdown(input))?;
    Ok(vec![html_path, md_path])
}

fn headline(input: &ReportInput) -> Vec<String> {
    let l = input.lang;
    let s = input.summary;
    let period = s.years.map_or("—".to_string(), |[a, b]| format!("{a}–{b}"));
    let mut lines = vec![
        format!(
            "{} {} {} {}.",
            count(l, s.products as u64),
            t(l, "produk kandidat di", "candidate products in"),
            count(l, s.villages_with_candidates as u64),
            t(
                l,
                "desa dinilai; satu produk OVOP dipilih per desa",
                "villages were scored; one OVOP product is picked per village"
            ),
        ),
        format!(
            "{}: {period}; {} {}.",
            t(l, "Periode penjualan", "Sales period"),
            count(l, s.sales_rows),
            t(l, "baris penjualan", "sales rows")
        ),
    ];
    if let Some(top) = input.products.first() {
        lines.push(format!(
            "{}: {} ({}, {}), {} {} {}.",
            t(l, "Kandidat teratas", "Top candidate"),
            top.product_name,
            top.village_name,
            top.district_name,
            t(l, "skor", "score"),
            num(l, top.potential_score, 1),
            stars(top.stars)
        ));
    }
    if let (Some(mean), Some(p05)) = (s.spearman_mean, s.spearman_p05) {
        let fragile = input
            .picks
            .iter()
            .filter(|p| p.p_stays_pick.is_some_and(|v| v < 0.5))
            .count();
        lines.push(format!(
            "{} {} {} (κ = {}, seed {}): Spearman ρ {} {} (5% {}); {fragile} {}",
            t(l, "Kepekaan terhadap bobot:", "Sensitivity to the weights:"),
            count(l, s.sensitivity_draws as u64),
            t(l, "undian bobot Dirichlet", "Dirichlet weight draws"),
            s.sensitivity_concentration,
            s.sensitivity_seed,
            t(l, "rata-rata", "mean"),
            num(l, mean, 3),
            num(l, p05, 3),
            t(
                l,
                "pilihan desa rapuh (tetap terpilih di bawah separuh undian).",
                "village picks are fragile (on top in under half of the draws)."
            ),
        ));
    }
    let documented = input
        .picks
        .iter()
        .filter(|p| is_documented(input.study, p))
        .count();
    if documented > 0 {
        lines.push(format!(
            "{documented} {}",
            t(l,
                "pilihan OVOP (ditandai †) adalah pasangan desa–produk yang disebut dalam sumber yang dikutip: alamat web, atau terbitan yang dicatat studi sebagai terbitan. Tanda ini hanya menyatakan bahwa sumber itu mencatat pasangan desa–produknya, bukan angka-angkanya.",
                "OVOP picks (marked †) are village–product pairs named in a cited source: a web address, or a publication the study lists as published. The mark says only that the source records the village–product pair, not its numbers.")
        ));
    }
    if input.study.products_synthetic() {
        lines.push(t(l,
            "PERHATIAN: data ini sebagian besar sintetis (data sintetis / synthetic data); angka tidak menggambarkan kondisi nyata.",
            "NOTE: this data is largely synthetic (synthetic data / data sintetis); the numbers do not describe real conditions.").to_string());
    }
    lines
}

/// Where the weights come from: AHP (with its consistency) or the study file.
fn weights_origin(input: &ReportInput) -> String {
    let l = input.lang;
    match &input.summary.ahp {
        Some(a) => {
            let verdict = match a.accepted_inconsistent {
                true => t(l, "di atas batas 0,10; diterima oleh studi (scoring.ahp_accept_inconsistent)", "above the 0.10 limit; accepted by the study (scoring.ahp_accept_inconsistent)"),
                false => t(l, "konsisten (CR ≤ 0,10)", "consistent (CR ≤ 0.10)"),
            };
            if !a.experts.is_empty() {
                let group_verdict = match a.cr > crate::ahp::MAX_CR {
                    true => t(l, "di atas batas 0,10", "above the 0.10 limit"),
                    false => t(l, "konsisten, CR ≤ 0,10", "consistent, CR ≤ 0.10"),
                };
                let accepted = match a.accepted_inconsistent {
                    true => t(l, " Ketidakkonsistenan diterima oleh studi (scoring.ahp_accept_inconsistent).", " The inconsistency was accepted by the study (scoring.ahp_accept_inconsistent)."),
                    false => "",
                };
                return format!(
                    "{} {}: {} {} λmax = {}, CI = {}, CR = {} ({group_verdict}).{accepted}",
                    t(l, "Bobot diturunkan dengan AHP (Saaty) dari penilaian para pakar", "The weights were derived by AHP (Saaty) from the experts' judgements"),
                    a.matrix,
                    ahp::group_text(l, a),
                    t(l, "Matriks rerata geometrik penilaian:", "The geometric-mean matrix of the judgements:"),
                    num(l, a.lambda_max, 4),
                    num(l, a.ci, 4),
                    num(l, a.cr, 4),
                );
            }
            format!(
                "{} {}: λmax = {}, CI = {}, CR = {} ({verdict}).",
                t(l, "Bobot diturunkan dengan AHP (Saaty) dari matriks perbandingan berpasangan", "The weights were derived by AHP (Saaty) from the pairwise-comparison matrix"),
                a.matrix,
                num(l, a.lambda_max, 4),
                num(l, a.ci, 4),
                num(l, a.cr, 4),
            )
        }
        None => t(l, "Bobot diberikan langsung di berkas studi (scoring.criteria) dan diskalakan agar berjumlah 1.", "The weights are given in the study file (scoring.criteria), rescaled to sum to 1.").to_string(),
    }
}

/// The data notes as plain text: rejected rows, emptied values, and the
/// warnings of the scores.
fn data_notes_text(input: &ReportInput) -> Vec<String> {
    let l = input.lang;
    let mut notes = Vec::new();
    let read: u64 = input.manifest.batches.iter().map(|b| b.rows_read).sum();
    let rejected: u64 = input.manifest.batches.iter().map(|b| b.rows_rejected).sum();
    if rejected > 0 || input.values_dropped > 0 {
        notes.push(match l {
            Lang::Id => format!(
                "Dari {read} baris masukan, {rejected} baris ditolak dan {} nilai di kolom opsional dikosongkan (baris tetap dipakai); rinciannya di rejected.xlsx.",
                input.values_dropped
            ),
            Lang::En => format!(
                "Of {read} input rows, {rejected} were rejected and {} values of optional columns were emptied (the rows were kept); details in rejected.xlsx.",
                input.values_dropped
            ),
        });
    }
    if input.quarantined > input.rejected_table_rows as u64 {
        notes.push(match l {
            Lang::Id => format!(
                "rejected.xlsx memuat {} yang pertama dari {} catatan karantina; semuanya ada di lake (`ovop sql \"SELECT * FROM rejected\"`).",
                input.rejected_table_rows, input.quarantined
            ),
            Lang::En => format!(
                "rejected.xlsx lists the first {} of {} quarantine records; the lake holds them all (`ovop sql \"SELECT * FROM rejected\"`).",
                input.rejected_table_rows, input.quarantined
            ),
        });
    }
    notes.extend(input.summary.warnings.iter().map(|w| w.text(l)));
    notes
}

/// [`data_notes_text`] as HTML list items' content (escaped, with a link).
fn data_notes(input: &ReportInput) -> Vec<String> {
    data_notes_text(input)
        .iter()
        .map(|n| {
            html_escape(n).replace(
                "rejected.xlsx",
                "<a href=\"rejected.xlsx\">rejected.xlsx</a>",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_never_becomes_markup() {
        assert_eq!(
            html_escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(md_escape("a|b <img> [x](y)"), "a\\|b \\<img\\> \\[x\\](y)");
    }
}
