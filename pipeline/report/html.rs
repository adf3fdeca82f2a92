//! `index.html`: the report for reading in a browser, with the charts inlined.

use super::*;

/// Village picks listed in the HTML report; a national study's full list is in the tables.
pub(super) const MAX_PICKS_IN_HTML: usize = 2000;

/// One sentence on how the potential score is computed, for the study's method.
pub(super) fn method_formula(l: Lang, method: &str) -> &'static str {
    match method {
        "wp" => t(l, "Skor potensi = 100 × Π nilai ternormalisasi^bobot (WP).", "Potential score = 100 × Π normalised value^weight (WP)."),
        "mpe" => t(l, "Skor potensi = 100 × (TN − TN min)/(TN maks − TN min), TN = Σ skor ordinal^kepentingan (MPE).", "Potential score = 100 × (TN − TN min)/(TN max − TN min), TN = Σ ordinal score^importance (MPE)."),
        "topsis" => t(l, "Skor potensi = 100 × D⁻/(D⁺ + D⁻), kedekatan relatif pada solusi ideal (TOPSIS).", "Potential score = 100 × D⁻/(D⁺ + D⁻), relative closeness to the ideal solution (TOPSIS)."),
        "bayes" => t(l, "Skor potensi = 100 × (N − 1)/4, N = Σ bobot × skor ordinal 1–5 (Bayes, Marimin; seperti KPJU Bank Indonesia).", "Potential score = 100 × (N − 1)/4, N = Σ weight × ordinal score 1–5 (Bayes, Marimin; as in Bank Indonesia's KPJU)."),
        "cpi" => t(l, "Skor potensi = 100 × I / I maks, I = Σ bobot × 100 × nilai / nilai minimum kriteria (CPI; kriteria biaya: minimum / nilai).", "Potential score = 100 × I / I max, I = Σ weight × 100 × value / the criterion's minimum (CPI; cost criteria: minimum / value)."),
        "borda" => t(l, "Skor potensi = 100 × poin Borda / poin maksimum atas beberapa peringkat (Borda).", "Potential score = 100 × Borda points / maximum points over several rankings (Borda)."),
        _ => t(l, "Skor potensi = 100 × Σ bobot × nilai ternormalisasi (SAW).", "Potential score = 100 × Σ weight × normalised value (SAW)."),
    }
}

/// The recipe behind the settings, with its source (docs/methods.md §4.2).
pub(super) fn preset_text(l: Lang, preset: &str, scale: Option<f64>) -> String {
    let given = |what_id: &'static str, what_en: &'static str| match scale {
        Some(s) => format!(
            "{} {}",
            t(l, what_id, what_en),
            match l {
                Lang::Id => format!(
                    "(bobot di tabel × {} = nilai yang diberikan).",
                    num(l, s, 0)
                ),
                Lang::En => format!(
                    "(weight in the table × {} = the value given).",
                    num(l, s, 0)
                ),
            }
        ),
        None => String::new(),
    };
    match preset {
        "kpju" => t(l,
            "Resep KPJU Unggulan (Bank Indonesia): bobot dari AHP para ahli, metode Bayes atas skor 1–5, dan bila ada beberapa penilai, Borda atas peringkat Bayes tiap penilai.",
            "Recipe: KPJU Unggulan (Bank Indonesia): weights from the experts' AHP, the Bayes method on 1–5 scores, and with several assessors, Borda over each assessor's Bayes ranking.").to_string(),
        "cpi" => t(l, "Resep CPI (Marimin 2004): indeks terhadap nilai minimum tiap kriteria × 100, dijumlah berbobot.",
            "Recipe: CPI (Marimin 2004): each value as an index of its criterion's minimum × 100, weighted and summed.").to_string(),
        "mpe" => format!("{} {}", t(l, "Resep MPE (Marimin 2004): TN = Σ RK^TKK, skor ordinal 1–5.", "Recipe: MPE (Marimin 2004): TN = Σ RK^TKK on ordinal 1–5 scores."),
            given("Derajat kepentingan TKK adalah bilangan bulat yang diberikan studi", "The importance TKK are the whole numbers the study gives")),
        _ => format!("{} {}", t(l, "Resep OCOP (Viet Nam, Keputusan 1048/QĐ-TTg 2019 dan 148/QĐ-TTg 2023): kriteria sebagai poin dari 100; bintang 1–5 pada batas 30, 50, 70, 90.",
            "Recipe: OCOP (Viet Nam, Decisions 1048/QĐ-TTg 2019 and 148/QĐ-TTg 2023): criteria as points out of 100; stars 1–5 at 30, 50, 70, 90."),
            given("Poin tiap kriteria seperti diberikan studi", "Each criterion's points as the study gives them")),
    }
}

/// Opens a table with a header row of (already safe) labels.
pub(super) fn table_head(h: &mut String, labels: &[&str]) {
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
pub(super) fn is_documented(study: &Study, p: &PickRow) -> bool {
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

pub(super) fn html(input: &ReportInput) -> Result<String> {
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
    if input.study.products_synthetic() {
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

    let stem_in =
        |c: &Path, names: &[&str]| c.file_stem().is_some_and(|s| names.iter().any(|n| s == *n));
    // Each map's SVG is read once: for its hover layer and for the figure.
    let maps: Vec<(&PathBuf, String)> = input
        .charts
        .iter()
        .filter(|c| stem_in(c, MAPS))
        .map(|c| Ok((c, std::fs::read_to_string(c)?)))
        .collect::<Result<_>>()?;
    if !maps.is_empty() {
        writeln!(
            h,
            "<h2 id=\"map\">{}</h2>\n<p class=\"note\">{}</p>",
            t(l, "Peta produk OVOP", "Map of the OVOP picks"),
            if maps.iter().any(|(_, svg)| svg.contains("ovop-map-hit")) {
                t(
                    l,
                    "Arahkan penunjuk ke sebuah desa untuk melihat nama, kecamatan, produk terpilih, skor dan bintangnya.",
                    "Point at a village to see its name, kecamatan, pick, score and stars.",
                )
            } else {
                t(
                    l,
                    "Peta ini terlalu banyak desanya untuk keterangan per desa; lihat tabel village_selection.",
                    "This map has too many villages for per-village hover text; see the village_selection table.",
                )
            }
        )?;
        for (chart, svg) in &maps {
            writeln!(h, "{}", map_figure(chart, svg)?)?;
        }
    }
    writeln!(h, "<h2>{}</h2>", t(l, "Grafik", "Charts"))?;
    for chart in input.charts.iter().filter(|c| {
        !stem_in(c, &economy::CHARTS) && !stem_in(c, MAPS) && !stem_in(c, &["relatedness"])
    }) {
        writeln!(h, "{}", figure(chart)?)?;
    }
    if let Some(view) = input.relatedness {
        let chart = input.charts.iter().find(|c| stem_in(c, &["relatedness"]));
        super::relatedness::html(
            &mut h,
            l,
            view,
            input.summary.relatedness.as_ref(),
            chart.map(PathBuf::as_path),
            input
                .study
                .provenance(crate::domain::Dataset::Products)
                .synthetic,
        )?;
    }

    if let Some(e) = &input.economy {
        economy::html(&mut h, l, e)?;
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
    super::robustness::html(&mut h, l, input.picks)?;

    writeln!(h, "<h2>{}</h2>", t(l, "Metode", "Methods"))?;
    let s = input.summary;
    writeln!(h, "<p>{}: {}, {}: {}. {} {}</p>",
        t(l, "Metode", "Method"), html_escape(label(l, &format!("method.{}", s.method))),
        t(l, "normalisasi", "normalisation"), html_escape(label(l, &format!("normalisation.{}", s.normalisation))),
        method_formula(l, &s.method),
        t(l, "Jangkauan pasar: tingkat 0 desa … 5 ekspor; indeks = Σ pangsa × tingkat / 5. Kuadran memakai median skor dan median indeks jangkauan. Rumus lengkap: docs/methods.md.",
             "Market reach: tier 0 village … 5 export; index = Σ share × tier / 5. Quadrants use the median score and median reach index. Full formulas: docs/methods.md."))?;
    if let Some(preset) = &s.preset {
        writeln!(
            h,
            "<p>{}</p>",
            html_escape(&preset_text(l, preset, s.preset_scale))
        )?;
    }
    writeln!(h, "<p>{}</p>", html_escape(&weights_origin(input)))?;
    if let Some(a) = &input.summary.ahp {
        super::ahp::html(&mut h, l, a)?;
    }
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
    // Boundary files draw the maps but are not in the lake: no row counts.
    for path in boundary_files(input.study) {
        let Ok(sha) = crate::ingest::sha256_file(&path) else {
            continue;
        };
        let name = path
            .file_name()
            .map_or(String::new(), |f| f.to_string_lossy().into_owned());
        writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td><code>{sha}</code></td><td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td></tr>",
            t(l, "Batas wilayah (peta)", "Boundaries (maps)"),
            html_escape(&name)
        )?;
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

/// The study's boundary files (a shapefile with its .dbf), resolved.
pub(super) fn boundary_files(study: &Study) -> Vec<PathBuf> {
    let Some(spec) = &study.inputs.boundaries else {
        return Vec::new();
    };
    let input = spec.input();
    let mut files = Vec::new();
    for f in std::iter::once(&input.villages).chain(input.districts.as_ref()) {
        let path = study.resolve(f);
        let shapefile = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("shp"));
        files.push(path.clone());
        if shapefile {
            files.push(path.with_extension("dbf"));
        }
    }
    files
}

/// The maps, shown in their own section before the other charts (a
/// planner reads a map before a table).
const MAPS: &[&str] = &["map", "map_stars"];

/// Above this size a map's SVG (a national point map: 10 MB) is shown in
/// the report as its PNG, inlined, so the page stays light.
const MAX_INLINE_SVG: usize = 4_000_000;

/// A map as an inline SVG figure, or as its inlined PNG when the SVG is huge.
fn map_figure(path: &Path, svg: &str) -> Result<String> {
    let png = path.with_extension("png");
    if svg.len() <= MAX_INLINE_SVG || !png.exists() {
        return Ok(inline_svg(svg));
    }
    use base64::Engine as _;
    let data = base64::engine::general_purpose::STANDARD.encode(std::fs::read(&png)?);
    Ok(format!(
        "<figure><img style=\"max-width:100%;height:auto\" alt=\"{}\" src=\"data:image/png;base64,{data}\"></figure>",
        html_escape(&path.file_stem().unwrap_or_default().to_string_lossy())
    ))
}

/// A chart's SVG as an inline `<figure>`: our own SVG (plotters escapes
/// text), without its XML prolog.
pub(super) fn figure(chart: &Path) -> Result<String> {
    Ok(inline_svg(&std::fs::read_to_string(chart)?))
}

/// SVG text as an inline `<figure>`, without its XML prolog.
fn inline_svg(svg: &str) -> String {
    let svg = svg.trim_start_matches(|c| c != '<');
    let svg = match svg.starts_with("<?xml") {
        true => svg.split_once("?>").map_or(svg, |x| x.1),
        false => svg,
    };
    format!("<figure>{}</figure>", svg.trim())
}
