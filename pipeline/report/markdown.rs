//! `summary.md`: the report's headline, weights and picks as Markdown.

use super::*;

pub(super) fn markdown(input: &ReportInput) -> String {
    let l = input.lang;
    let mut m = format!(
        "# {}\n\n{}: `{}`\n\n",
        md_escape(&input.study.display_title()),
        label(l, "study"),
        input.study.study.name.replace('`', "'")
    );
    if input.study.products_synthetic() {
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
    if let Some(e) = &input.economy {
        m.push_str(&economy::markdown(l, e));
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

pub(super) const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}\
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}\
.synthetic{background:#fff3cd;border:1px solid #e0b000;padding:.5em;font-weight:bold}.source{color:#555}\
.warnings li{margin:.3em 0}\
table{border-collapse:collapse;width:100%;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .4em;text-align:left;vertical-align:top}\
th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1em 0}figure svg{max-width:100%;height:auto}\
footer{margin-top:2em;color:#666;font-size:.8em}\
@media print{body{max-width:none;margin:0}h2{page-break-after:avoid}figure,tr{page-break-inside:avoid}}";
