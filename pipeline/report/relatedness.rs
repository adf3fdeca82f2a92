//! The report's "next products" section (SPEC §5.6): what the relatedness
//! matrix was made of, the feasibility × attractiveness chart, and for the
//! strongest picks' villages the categories they lack that are most related
//! to what they already do, with those categories' complexity.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;

use super::{html_escape, num, t, table_head};
use crate::i18n::{label, Lang};
use crate::marts::relatedness::{RelatednessSummary, RelatednessView, LISTED_VILLAGES};

pub fn html(
    h: &mut String,
    l: Lang,
    view: &RelatednessView,
    summary: Option<&RelatednessSummary>,
    chart: Option<&Path>,
    synthetic: bool,
) -> Result<()> {
    writeln!(
        h,
        "<h2 id=\"next-products\">{}</h2>",
        t(
            l,
            "Produk berikutnya: keterkaitan dan kompleksitas",
            "Next products: relatedness and complexity"
        )
    )?;
    writeln!(h, "<p>{}</p>", t(l,
        "Desa lebih mudah menambah produk yang terkait dengan yang sudah dikerjakannya (kepadatan keterkaitan, 0–1), dan paling untung dari kategori yang kompleks (PCI tinggi). Dihitung dari matriks desa × kategori seperti paket ecomplexity Harvard Growth Lab (docs/methods.md §12).",
        "Villages add products related to what they already do more easily (relatedness density, 0–1), and gain most from complex categories (high PCI). Computed from the villages × categories matrix as in the Harvard Growth Lab's ecomplexity package (docs/methods.md §12)."))?;
    if synthetic {
        writeln!(h, "<p><strong>{}</strong></p>", t(l,
            "Data sintetis: matriks ini dibuat dari produk kandidat studi, yang sintetis (data sintetis / synthetic data).",
            "Synthetic data: this matrix is made from the study's candidate products, which are synthetic (data sintetis / synthetic data)."))?;
    }
    if let Some(s) = summary {
        let reference = match s.reference.as_str() {
            "ID" => t(l, "seluruh danau data", "the whole lake").to_string(),
            r => crate::reference::Reference::get()
                .area_name(r)
                .map_or(r.to_string(), |n| format!("{n} ({r})")),
        };
        let key = match s.measure.as_str() {
            "sales" => "column.sales_value".to_string(),
            m => format!("criterion.{m}"),
        };
        let measure = label(l, &key).to_lowercase();
        let mut text = match l {
            Lang::Id => format!(
                "Matriks: {} desa × {} kategori di {reference}, ukuran {measure}.",
                s.villages, s.categories
            ),
            Lang::En => format!(
                "Matrix: {} villages × {} categories in {reference}, measure {measure}.",
                s.villages, s.categories
            ),
        };
        if s.small_villages > 0 {
            let min = num(l, s.min_producers, 0);
            text.push(' ');
            text.push_str(&match l {
                Lang::Id => format!("{} desa memiliki kurang dari {min} produsen: RCA-nya tidak stabil (small_village).", s.small_villages),
                Lang::En => format!("{} villages have fewer than {min} producers: their RCA is unstable (small_village).", s.small_villages),
            });
        }
        if s.thin {
            text.push(' ');
            text.push_str(t(l,
                "Matriks ini kecil atau jarang: kedekatan antarkategori kurang andal (pakai relatedness.reference yang lebih luas).",
                "This matrix is small or sparse: the proximities between categories are unreliable (use a wider relatedness.reference)."));
        }
        if let Some(why) = &s.undefined {
            text.push(' ');
            text.push_str(&match l {
                Lang::Id => format!("ECI dan PCI tidak dihitung: {why}."),
                Lang::En => format!("ECI and PCI are not computed: {why}."),
            });
        }
        writeln!(h, "<p>{}</p>", html_escape(&text))?;
    }
    if let Some(chart) = chart {
        writeln!(h, "{}", super::figure(chart)?)?;
    }
    if view.next.is_empty() {
        return Ok(());
    }
    // The entries come grouped by village, strongest picks first.
    let mut villages: Vec<&str> = Vec::new();
    for n in &view.next {
        if villages.last() != Some(&n.village_code.as_str()) {
            villages.push(&n.village_code);
        }
    }
    writeln!(h, "<p>{}</p>", t(l,
        "Desa dengan produk terpilih berskor tertinggi dulu; per desa: kategori yang belum menjadi spesialisasinya, urut dari yang paling terkait; angka dalam kurung: kepadatan dan PCI.",
        "Villages with the highest-scoring picks first; per village: categories it is not yet specialised in, most related first; in brackets: density and PCI."))?;
    table_head(
        h,
        &[
            t(l, "Desa", "Village"),
            t(l, "Produk terpilih", "Pick"),
            t(l, "Produk berikutnya", "Next products"),
        ],
    );
    for code in &villages {
        let rows: Vec<_> = view
            .next
            .iter()
            .filter(|n| n.village_code == *code)
            .collect();
        let next: Vec<String> = rows
            .iter()
            .map(|n| {
                format!(
                    "{}. {} ({}; {})",
                    n.rank,
                    crate::i18n::lookup(l, &format!("category.{}", n.category))
                        .unwrap_or(&n.category),
                    num(l, n.density, 2),
                    n.pci.map_or("–".to_string(), |p| num(l, p, 2))
                )
            })
            .collect();
        writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&rows[0].village_name),
            html_escape(&rows[0].pick),
            html_escape(&next.join(" · "))
        )?;
    }
    h.push_str("</tbody></table>\n");
    if villages.len() == LISTED_VILLAGES {
        writeln!(
            h,
            "<p>{} {LISTED_VILLAGES}; {} <a href=\"tables/relatedness.xlsx\">tables/relatedness.xlsx</a> (next_rank).</p>",
            t(l, "Ditampilkan desa", "Villages shown:"),
            t(l, "semua desa:", "every village:")
        )?;
    }
    Ok(())
}
