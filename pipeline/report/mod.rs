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
    /// The marts written as tables (`<out>/tables/<name>.csv`, `.xlsx`), in order.
    pub tables: &'a [&'static str],
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
    if input.study.study.synthetic {
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

/// A pick whose `source` is a citation: a web address, or a publication the
/// study lists in `study.published_sources`. Free text such as "Survei Dinas
/// Koperasi 2024" is not, unless the study vouches for it.
fn is_documented(study: &Study, p: &PickRow) -> bool {
    let Some(source) = p.source.as_deref().map(str::trim) else {
        return false;
    };
    let lower = source.to_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || study
            .study
            .published_sources
            .iter()
            .any(|s| s.trim().eq_ignore_ascii_case(source))
}

fn html(input: &ReportInput) -> Result<String> {
    let l = input.lang;
    let study = &input.study.study;
    let mut h = String::new();
    let title = input.study.display_title();
    writeln!(h, "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>{}</style></head><body>",
        if l == Lang::Id { "id" } else { "en" }, html_escape(&title), CSS)?;
    writeln!(h, "<h1>{}</h1>", html_escape(&title))?;
    writeln!(
        h,
        "<p class=\"source\">{}: <code>{}</code>{}</p>",
        label(l, "study"),
        html_escape(&study.name),
        input.study.region_code().map_or(String::new(), |c| format!(
            " · {} {}",
            t(l, "kode wilayah", "region code"),
            html_escape(&c)
        ))
    )?;
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
    let notes = data_notes(input);
    if !notes.is_empty() {
        writeln!(
            h,
            "<h2 id=\"warnings\">{}</h2>\n<ul class=\"warnings\">",
            t(l, "Catatan tentang data", "Notes on the data")
        )?;
        for note in notes {
            writeln!(h, "<li>{note}</li>")?;
        }
        h.push_str("</ul>\n");
    }

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
        writeln!(h, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            p.rank,
            html_escape(&p.product_name),
            html_escape(&p.village_name),
            html_escape(&p.district_name),
            html_escape(label(l, &format!("category.{}", p.category))),
            num(l, p.potential_score, 1),
            stars(p.stars),
            p.reach_index.map_or(label(l, "no_data").to_string(), |r| num(l, r, 3)),
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
        writeln!(h, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            html_escape(&p.district_name),
            html_escape(&p.village_name),
            html_escape(&p.village_code),
            html_escape(&p.product_name) + if is_documented(input.study, p) { " †" } else { "" },
            num(l, p.potential_score, 1),
            stars(p.stars),
            p.candidates,
            html_escape(p.runner_up_name.as_deref().unwrap_or("—")),
            p.margin.map_or("—".into(), |m| num(l, m, 1)),
            p.p_stays_pick.map_or("—".into(), |v| format!("{} %", num(l, 100.0 * v, 0))),
            p.flip.as_ref().map_or("—".into(), |(c, d)| {
                let sign = if *d >= 0.0 { "+" } else { "−" };
                format!("{} {sign}{}", html_escape(&tables::criterion_label(l, c)), num(l, d.abs(), 3))
            })
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
    writeln!(h, "<p>{}: {}, {}: {}. {} {}</p>",
        t(l, "Metode", "Method"), html_escape(label(l, &format!("method.{}", s.method))),
        t(l, "normalisasi", "normalisation"), html_escape(label(l, &format!("normalisation.{}", s.normalisation))),
        method_formula(l, &s.method),
        t(l, "Jangkauan pasar: tingkat 0 desa … 5 ekspor; indeks = Σ pangsa × tingkat / 5. Kuadran memakai median skor dan median indeks jangkauan. Rumus lengkap: docs/methods.md.",
             "Market reach: tier 0 village … 5 export; index = Σ share × tier / 5. Quadrants use the median score and median reach index. Full formulas: docs/methods.md."))?;
    writeln!(h, "<p>{}</p>", html_escape(&weights_origin(input)))?;
    table_head(
        &mut h,
        &[
            t(l, "Kriteria", "Criterion"),
            t(l, "Bobot", "Weight"),
            t(l, "Produk tanpa data", "Products without data"),
        ],
    );
    for (i, (c, w)) in s.criteria.iter().zip(&s.weights).enumerate() {
        let missing = s.missing.get(i).copied().unwrap_or(0);
        let gap = match missing {
            0 => "0".to_string(),
            n => format!(
                "{n} / {} ({})",
                s.products,
                label(l, &format!("missing.{}", s.missing_policy.name()))
            ),
        };
        // The key (what the study file calls it) shows on hover.
        writeln!(
            h,
            "<tr><td title=\"{}\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            html_escape(c),
            html_escape(&tables::criterion_label(l, c)),
            num(l, *w, 3),
            gap
        )?;
    }
    h.push_str("</tbody></table>\n");
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
    for name in input.tables {
        writeln!(h, "<li>{}: <a href=\"tables/{name}.xlsx\">XLSX</a> · <a href=\"tables/{name}.csv\">CSV</a></li>",
            label(l, &format!("table.{name}")))?;
    }
    writeln!(
        h,
        "<li>{} ({}): <a href=\"rejected.xlsx\">XLSX</a> · <a href=\"rejected.csv\">CSV</a></li>",
        label(l, "table.rejected"),
        t(
            l,
            "dengan berkas, baris, kolom dan alasannya",
            "with file, line, column and reason"
        )
    )?;
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
            html_escape(label(l, &format!("dataset.{}", b.dataset))), html_escape(&source), html_escape(&b.sha256), b.rows_read, b.rows_accepted, b.rows_rejected)?;
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
    let mut m = format!(
        "# {}\n\n{}: `{}`\n\n",
        md_escape(&input.study.display_title()),
        label(l, "study"),
        input.study.study.name.replace('`', "'")
    );
    if input.study.study.synthetic {
        m.push_str(&format!("> **{}**\n\n", label(l, "synthetic")));
    }
    for line in headline(input) {
        m.push_str(&format!("- {}\n", md_escape(&line)));
    }
    let notes = data_notes_text(input);
    if !notes.is_empty() {
        m.push_str(&format!(
            "\n## {}\n\n",
            t(l, "Catatan tentang data", "Notes on the data")
        ));
        for note in notes {
            m.push_str(&format!("- {}\n", md_escape(&note)));
        }
    }
    m.push_str(&format!("\n{}\n", md_escape(&weights_origin(input))));
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
            "| {} | {} | {} | {} | {} |\n",
            p.rank,
            md_escape(&p.product_name),
            md_escape(&p.village_name),
            num(l, p.potential_score, 1),
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
            "| {} | {} | {} | {} |\n",
            md_escape(&p.district_name),
            md_escape(&p.village_name),
            md_escape(&p.product_name)
                + if is_documented(input.study, p) {
                    " †"
                } else {
                    ""
                },
            num(l, p.potential_score, 1)
        ));
    }
    m.push_str(&format!("\n{}\n", crate::reference::attribution(l)));
    m
}

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}\
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}\
.synthetic{background:#fff3cd;border:1px solid #e0b000;padding:.5em;font-weight:bold}.source{color:#555}\
.warnings li{margin:.3em 0}\
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
