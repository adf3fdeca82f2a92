//! The report (SPEC §7): a self-contained `index.html` (inline CSS and SVG,
//! nothing loaded from the network, printable) and `summary.md` for briefs.
//! Every value from the data is escaped where it lands.

pub mod tables;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::chart::ProductRow;
use crate::i18n::{label, Lang};
use crate::lake::Manifest;
use crate::marts::PickRow;
use crate::score::ScoreSummary;
use crate::study::Study;

pub struct ReportInput<'a> {
    pub study: &'a Study,
    pub lang: Lang,
    pub summary: &'a ScoreSummary,
    pub manifest: &'a Manifest,
    pub products: &'a [ProductRow],
    pub picks: &'a [PickRow],
    /// SVG charts to inline, in order.
    pub charts: &'a [PathBuf],
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
    let manifest = serde_json::json!({
        "generator": "ovop",
        "versions": { "ovop": env!("CARGO_PKG_VERSION"), "polars": "0.55.2", "plotters": "0.3.7" },
        "study": study,
        "synthetic": study.study.synthetic,
        "inputs": inputs,
        "outputs": files,
    });
    let path = out.join("manifest.json");
    crate::lake::write_text_atomic(&path, &serde_json::to_string_pretty(&manifest)?)?;
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

fn stars(n: u8) -> String {
    "★".repeat(n as usize) + &"☆".repeat(5usize.saturating_sub(n as usize))
}

/// Writes index.html and summary.md into `out`; returns their paths.
pub fn write(input: &ReportInput, out: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out)?;
    let html_path = out.join("index.html");
    let md_path = out.join("summary.md");
    crate::lake::write_text_atomic(&html_path, &html(input)?)?;
    crate::lake::write_text_atomic(&md_path, &markdown(input))?;
    Ok(vec![html_path, md_path])
}

fn headline(input: &ReportInput) -> Vec<String> {
    let l = input.lang;
    let s = input.summary;
    let period = s.years.map_or("—".to_string(), |[a, b]| format!("{a}–{b}"));
    let mut lines = vec![
        format!(
            "{} {} {} {}.",
            s.products,
            t(l, "produk kandidat di", "candidate products in"),
            s.villages_with_candidates,
            t(
                l,
                "desa dinilai; satu produk OVOP dipilih per desa",
                "villages were scored; one OVOP product is picked per village"
            ),
        ),
        format!(
            "{}: {period}; {} {}.",
            t(l, "Periode penjualan", "Sales period"),
            s.sales_rows,
            t(l, "baris penjualan", "sales rows")
        ),
    ];
    if let Some(top) = input.products.first() {
        lines.push(format!(
            "{}: {} ({}, {}), {} {:.1} {}.",
            t(l, "Kandidat teratas", "Top candidate"),
            top.product_name,
            top.village_name,
            top.district_name,
            t(l, "skor", "score"),
            top.potential_score,
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
            "{} {} {} (κ = {}, seed {}): Spearman ρ {} {mean:.3} (5% {p05:.3}); {fragile} {}",
            t(l, "Kepekaan terhadap bobot:", "Sensitivity to the weights:"),
            s.sensitivity_draws,
            t(l, "undian bobot Dirichlet", "Dirichlet weight draws"),
            s.sensitivity_concentration,
            s.sensitivity_seed,
            t(l, "rata-rata", "mean"),
            t(
                l,
                "pilihan desa rapuh (tetap terpilih di bawah separuh undian).",
                "village picks are fragile (on top in under half of the draws)."
            ),
        ));
    }
    let documented = input.picks.iter().filter(|p| is_documented(p)).count();
    if documented > 0 {
        lines.push(format!(
            "{documented} {}",
            t(l,
                "pilihan OVOP adalah pasangan desa–produk yang tercatat dalam sumber terbitan (ditandai †).",
                "OVOP picks are village–product pairs documented in a published source (marked †).")
        ));
    }
    if input.study.study.synthetic {
        lines.push(t(l,
            "PERHATIAN: data ini sebagian besar sintetis (data sintetis / synthetic data); angka tidak menggambarkan kondisi nyata.",
            "NOTE: this data is largely synthetic (synthetic data / data sintetis); the numbers do not describe real conditions.").to_string());
    }
    lines
}

/// Village picks listed in the HTML report; a national study's full list is in the tables.
const MAX_PICKS_IN_HTML: usize = 2000;

/// One sentence on how the potential score is computed, for the study's method.
fn method_formula(l: Lang, method: &str) -> &'static str {
    match method {
        "wp" => t(l, "Skor potensi = 100 × Π nilai ternormalisasi^bobot (WP).", "Potential score = 100 × Π normalised value^weight (WP)."),
        "mpe" => t(l, "Skor potensi = 100 × (TN − TN min)/(TN maks − TN min), TN = Σ skor ordinal^kepentingan (MPE).", "Potential score = 100 × (TN − TN min)/(TN max − TN min), TN = Σ ordinal score^importance (MPE)."),
        "topsis" => t(l, "Skor potensi = 100 × D⁻/(D⁺ + D⁻), kedekatan relatif pada solusi ideal (TOPSIS).", "Potential score = 100 × D⁻/(D⁺ + D⁻), relative closeness to the ideal solution (TOPSIS)."),
        "borda" => t(l, "Skor potensi = 100 × poin Borda / poin maksimum atas beberapa peringkat (Borda).", "Potential score = 100 × Borda points / maximum points over several rankings (Borda)."),
        _ => t(l, "Skor potensi = 100 × Σ bobot × nilai ternormalisasi (SAW).", "Potential score = 100 × Σ weight × normalised value (SAW)."),
    }
}

/// Opens a table with a header row of (already safe) labels.
fn table_head(h: &mut String, labels: &[&str]) {
    h.push_str("<table><thead><tr>");
    for label in labels {
        h.push_str("<th>");
        h.push_str(label);
        h.push_str("</th>");
    }
    h.push_str("</tr></thead><tbody>\n");
}

/// A candidate whose `source` names a publication rather than "synthetic".
fn is_documented(p: &PickRow) -> bool {
    p.source
        .as_deref()
        .is_some_and(|s| !s.is_empty() && !s.eq_ignore_ascii_case("synthetic"))
}

fn html(input: &ReportInput) -> Result<String> {
    let l = input.lang;
    let study = &input.study.study;
    let mut h = String::new();
    let region = study
        .region
        .as_deref()
        .and_then(|code| crate::reference::Reference::get().area_name(code));
    let title = match region {
        Some(name) => format!("OVOP — {} ({name})", study.name),
        None => format!("OVOP — {}", study.name),
    };
    writeln!(h, "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>{}</style></head><body>",
        if l == Lang::Id { "id" } else { "en" }, html_escape(&title), CSS)?;
    writeln!(h, "<h1>{}</h1>", html_escape(&title))?;
    if study.synthetic {
        writeln!(
            h,
            "<p class=\"synthetic\">{}</p>",
            html_escape(label(l, "synthetic"))
        )?;
    }
    if let Some(source) = &study.source {
        writeln!(
            h,
            "<p class=\"source\">{}: {}</p>",
            label(l, "source"),
            html_escape(source)
        )?;
    }
    write!(h, "<h2>{}</h2>\n<ul>", t(l, "Ringkasan", "Summary"))?;
    for line in headline(input) {
        write!(h, "<li>{}</li>", html_escape(&line))?;
    }
    h.push_str("</ul>\n");

    writeln!(h, "<h2>{}</h2>", t(l, "Grafik", "Charts"))?;
    for chart in input.charts {
        let svg = std::fs::read_to_string(chart)?;
        // Our own SVG (plotters escapes text); drop the XML prolog to inline it.
        let svg = svg.trim_start_matches(|c| c != '<');
        let svg = if svg.starts_with("<?xml") {
            svg.split_once("?>").map_or(svg, |x| x.1)
        } else {
            svg
        };
        writeln!(h, "<figure>{}</figure>", svg.trim())?;
    }

    writeln!(h, "<h2>{}</h2>", t(l, "Produk teratas", "Top products"))?;
    table_head(
        &mut h,
        &[
            t(l, "Peringkat", "Rank"),
            t(l, "Produk", "Product"),
            t(l, "Desa", "Village"),
            t(l, "Kecamatan", "District"),
            t(l, "Kategori", "Category"),
            t(l, "Skor potensi", "Potential score"),
            t(l, "Bintang", "Stars"),
            t(l, "Indeks jangkauan", "Reach index"),
            t(l, "Kuadran", "Quadrant"),
        ],
    );
    for p in input.products.iter().take(20) {
        writeln!(h, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.1}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            p.rank,
            html_escape(&p.product_name),
            html_escape(&p.village_name),
            html_escape(&p.district_name),
            html_escape(label(l, &format!("category.{}", p.category))),
            p.potential_score,
            stars(p.stars),
            p.reach_index.map_or("—".into(), |r| format!("{r:.3}")),
            html_escape(label(l, &format!("quadrant.{}", p.quadrant.name())))
        )?;
    }
    h.push_str("</tbody></table>\n");

    writeln!(h, "<h2>{}</h2>\n<p>{}</p>", t(l, "Pilihan OVOP per desa", "OVOP pick per village"),
        t(l, "Satu produk per desa yang memiliki kandidat: skor tertinggi; bila sama, nilai penjualan lalu kode produk.",
             "One product per village with candidates: the highest score; ties broken by sales value, then product id."))?;
    table_head(
        &mut h,
        &[
            t(l, "Kecamatan", "District"),
            t(l, "Desa", "Village"),
            t(l, "Kode", "Code"),
            t(l, "Produk OVOP", "OVOP product"),
            t(l, "Skor", "Score"),
            t(l, "Bintang", "Stars"),
            t(l, "Kandidat", "Candidates"),
            t(l, "Runner-up", "Runner-up"),
            t(l, "Selisih", "Margin"),
            t(l, "P(tetap terpilih)", "P(stays pick)"),
            t(
                l,
                "Perubahan bobot terkecil yang mengubah pilihan",
                "Smallest weight change that flips the pick",
            ),
        ],
    );
    for p in input.picks.iter().take(MAX_PICKS_IN_HTML) {
        writeln!(h, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.1}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            html_escape(&p.district_name),
            html_escape(&p.village_name),
            html_escape(&p.village_code),
            html_escape(&p.product_name) + if is_documented(p) { " †" } else { "" },
            p.potential_score,
            stars(p.stars),
            p.candidates,
            html_escape(p.runner_up_name.as_deref().unwrap_or("—")),
            p.margin.map_or("—".into(), |m| format!("{m:.1}")),
            p.p_stays_pick.map_or("—".into(), |v| format!("{:.0}%", 100.0 * v)),
            p.flip.as_ref().map_or("—".into(), |(c, d)| format!("{} {:+.3}", html_escape(c), d))
        )?;
    }
    h.push_str("</tbody></table>\n");
    if input.picks.len() > MAX_PICKS_IN_HTML {
        writeln!(
            h,
            "<p>{} {MAX_PICKS_IN_HTML} / {}; {} <a href=\"tables/village_selection.xlsx\">tables/village_selection.xlsx</a>.</p>",
            t(l, "Ditampilkan", "Shown"),
            input.picks.len(),
            t(l, "daftar lengkap:", "the full list:")
        )?;
    }

    writeln!(h, "<h2>{}</h2>", t(l, "Metode", "Methods"))?;
    let s = input.summary;
    write!(h, "<p>{}: <code>{}</code>, {}: <code>{}</code>. {} {}</p>\n<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
        t(l, "Metode", "Method"), html_escape(&s.method), t(l, "normalisasi", "normalisation"), html_escape(&s.normalisation),
        method_formula(l, &s.method),
        t(l, "Jangkauan pasar: tingkat 0 desa … 5 ekspor; indeks = Σ pangsa × tingkat / 5. Kuadran memakai median skor dan median indeks jangkauan. Rumus lengkap: docs/methods.md.",
             "Market reach: tier 0 village … 5 export; index = Σ share × tier / 5. Quadrants use the median score and median reach index. Full formulas: docs/methods.md."),
        t(l, "Kriteria", "Criterion"), t(l, "Bobot", "Weight"))?;
    for (c, w) in s.criteria.iter().zip(&s.weights) {
        write!(
            h,
            "<tr><td><code>{}</code></td><td class=\"num\">{:.3}</td></tr>",
            html_escape(c),
            w
        )?;
    }
    writeln!(
        h,
        "<h2>{}</h2>\n<p>{}</p>\n<ul>",
        t(l, "Tabel", "Tables"),
        t(
            l,
            "Untuk lembar kerja (teks yang menyerupai rumus diawali tanda ').",
            "For spreadsheets (text that looks like a formula starts with ')."
        )
    )?;
    for name in tables::TABLES {
        writeln!(h, "<li><code>{name}</code>: <a href=\"tables/{name}.xlsx\">XLSX</a> · <a href=\"tables/{name}.csv\">CSV</a></li>")?;
    }
    h.push_str("</ul>\n");
    writeln!(h, "<h2>{}</h2>", t(l, "Asal data", "Data provenance"))?;
    table_head(
        &mut h,
        &[
            t(l, "Dataset", "Dataset"),
            t(l, "Berkas", "File"),
            "sha256",
            t(l, "Dibaca", "Read"),
            t(l, "Diterima", "Accepted"),
            t(l, "Ditolak", "Rejected"),
        ],
    );
    for b in &input.manifest.batches {
        let source = Path::new(&b.source)
            .file_name()
            .map_or(b.source.clone(), |f| f.to_string_lossy().into_owned());
        writeln!(h, "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            html_escape(&b.dataset), html_escape(&source), html_escape(&b.sha256), b.rows_read, b.rows_accepted, b.rows_rejected)?;
    }
    h.push_str("</tbody></table>\n");
    writeln!(
        h,
        "<footer><p>{}</p><p>ovop {}</p></footer>\n</body></html>",
        html_escape(crate::reference::attribution(l)),
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(h)
}

fn markdown(input: &ReportInput) -> String {
    let l = input.lang;
    let mut m = format!("# OVOP — {}\n\n", md_escape(&input.study.study.name));
    if input.study.study.synthetic {
        m.push_str(&format!("> **{}**\n\n", label(l, "synthetic")));
    }
    for line in headline(input) {
        m.push_str(&format!("- {}\n", md_escape(&line)));
    }
    m.push_str(&format!(
        "\n## {}\n\n| # | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
        t(l, "Produk teratas", "Top products"),
        t(l, "Produk", "Product"),
        t(l, "Desa", "Village"),
        t(l, "Skor", "Score"),
        t(l, "Bintang", "Stars")
    ));
    for p in input.products.iter().take(10) {
        m.push_str(&format!(
            "| {} | {} | {} | {:.1} | {} |\n",
            p.rank,
            md_escape(&p.product_name),
            md_escape(&p.village_name),
            p.potential_score,
            stars(p.stars)
        ));
    }
    m.push_str(&format!(
        "\n## {}\n\n| {} | {} | {} | {} |\n|---|---|---|---|\n",
        t(l, "Pilihan OVOP per desa", "OVOP pick per village"),
        t(l, "Kecamatan", "District"),
        t(l, "Desa", "Village"),
        t(l, "Produk OVOP", "OVOP product"),
        t(l, "Skor", "Score")
    ));
    for p in input.picks {
        m.push_str(&format!(
            "| {} | {} | {} | {:.1} |\n",
            md_escape(&p.district_name),
            md_escape(&p.village_name),
            md_escape(&p.product_name) + if is_documented(p) { " †" } else { "" },
            p.potential_score
        ));
    }
    m.push_str(&format!("\n{}\n", crate::reference::attribution(l)));
    m
}

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}\
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}\
.synthetic{background:#fff3cd;border:1px solid #e0b000;padding:.5em;font-weight:bold}.source{color:#555}\
table{border-collapse:collapse;width:100%;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .4em;text-align:left;vertical-align:top}\
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1em 0}figure svg{max-width:100%;height:auto}\
footer{margin-top:2em;color:#666;font-size:.8em}\
@media print{body{max-width:none;margin:0}h2{page-break-after:avoid}figure,tr{page-break-inside:avoid}}";

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
