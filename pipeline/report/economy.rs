//! The report's economic-base section (SPEC §5.5): what the economy input
//! shows for the study region, its three charts and a table of sectors,
//! labelled with the economy data's own provenance.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::*;
use crate::marts::shift_share::EconomyView;

/// The economy charts, shown in this section rather than with the others.
pub const CHARTS: [&str; 3] = ["economic_base", "shift_share", "klassen"];

/// What the section needs besides the marts' view.
pub struct EconomyInput<'a> {
    pub view: &'a EconomyView,
    /// "BPS, via Bappenas SIMREG (Data Dasar), diolah", or None.
    pub source: Option<&'a str>,
    pub synthetic: bool,
    /// The SVGs of [`CHARTS`] that were drawn.
    pub charts: Vec<PathBuf>,
}

fn label_line(l: Lang, e: &EconomyInput) -> String {
    match (e.synthetic, e.source) {
        (true, _) => label(l, "synthetic").to_string(),
        (false, Some(source)) => format!(
            "{}: {source}",
            t(l, "Data nyata. Sumber", "Real data. Source")
        ),
        (false, None) => t(l, "Data nyata", "Real data").to_string(),
    }
}

fn reference_name(view: &EconomyView) -> String {
    match view.reference.as_str() {
        "sum" => "Σ".to_string(),
        code => crate::reference::Reference::get()
            .area_name(code)
            .unwrap_or(code)
            .to_string(),
    }
}

/// Sectors by SLQ in the last year, largest first.
fn by_slq(view: &EconomyView) -> Vec<&crate::marts::shift_share::SectorView> {
    let mut rows: Vec<_> = view.sectors.iter().collect();
    rows.sort_by(|a, b| {
        b.slq_last
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.slq_last.unwrap_or(f64::NEG_INFINITY))
            .then(a.sector.cmp(&b.sector))
    });
    rows
}

/// The base sectors (SLQ > 1 in the last year), for the headline.
fn base_sectors(view: &EconomyView) -> Vec<String> {
    by_slq(view)
        .into_iter()
        .filter(|s| s.slq_last.is_some_and(|v| v > 1.0))
        .map(|s| s.sector.clone())
        .collect()
}

fn opt(l: Lang, v: Option<f64>, decimals: usize) -> String {
    v.map_or("—".to_string(), |v| num(l, v, decimals))
}

/// The section as HTML.
pub fn html(h: &mut String, l: Lang, e: &EconomyInput) -> Result<()> {
    let v = e.view;
    writeln!(
        h,
        "<h2 id=\"economy\">{}</h2>",
        t(l, "Basis ekonomi wilayah", "Regional economic base")
    )?;
    writeln!(
        h,
        "<p class=\"provenance\"><strong>{}</strong></p>",
        html_escape(&label_line(l, e))
    )?;
    writeln!(
        h,
        "<p>{} {} {} ({}, {}–{}). {}: {}.</p>",
        html_escape(&v.region_name),
        t(l, "dibandingkan dengan", "against"),
        html_escape(&reference_name(v)),
        html_escape(&v.measure),
        v.years[0],
        v.years[1],
        t(
            l,
            "Sektor basis (LQ > 1) tahun terakhir",
            "Base sectors (LQ > 1) in the last year"
        ),
        html_escape(&base_sectors(v).join(", "))
    )?;
    for chart in &e.charts {
        writeln!(h, "{}", super::html::figure(chart)?)?;
    }
    table_head(
        h,
        &[
            t(l, "Sektor", "Sector"),
            "SLQ",
            "DLQ",
            t(l, "Kelas SLQ-DLQ", "SLQ-DLQ class"),
            t(l, "Tipologi Klassen", "Klassen type"),
            t(l, "Pertumbuhan pembanding (N)", "Reference share (N)"),
            t(l, "Bauran industri (M)", "Industry mix (M)"),
            t(l, "Keunggulan kompetitif (S)", "Regional shift (S)"),
        ],
    );
    for s in by_slq(v) {
        let class = |prefix: &str, c: &Option<String>| {
            c.as_deref().map_or("—".to_string(), |c| {
                label(l, &format!("{prefix}.{c}")).to_string()
            })
        };
        writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            html_escape(&format!("{} — {}", s.sector, label(l, &format!("sector.{}", s.sector)))),
            opt(l, s.slq_last, 2),
            opt(l, s.dlq, 2),
            html_escape(&class("lq_class", &s.lq_class)),
            html_escape(&class("klassen", &s.klassen)),
            opt(l, s.reference_share, 1),
            opt(l, s.industry_mix, 1),
            opt(l, s.regional_shift, 1),
        )?;
    }
    h.push_str("</tbody></table>\n");
    Ok(())
}

/// The section as Markdown.
pub fn markdown(l: Lang, e: &EconomyInput) -> String {
    let v = e.view;
    let mut m = format!(
        "\n## {}\n\n> {}\n\n{} {} {} ({}, {}–{}). {}: {}.\n\n| {} | SLQ | DLQ | {} | {} |\n|---|---|---|---|---|\n",
        t(l, "Basis ekonomi wilayah", "Regional economic base"),
        md_escape(&label_line(l, e)),
        md_escape(&v.region_name),
        t(l, "dibandingkan dengan", "against"),
        md_escape(&reference_name(v)),
        v.measure,
        v.years[0],
        v.years[1],
        t(l, "Sektor basis (LQ > 1) tahun terakhir", "Base sectors (LQ > 1) in the last year"),
        base_sectors(v).join(", "),
        t(l, "Sektor", "Sector"),
        t(l, "Kelas SLQ-DLQ", "SLQ-DLQ class"),
        t(l, "Tipologi Klassen", "Klassen type"),
    );
    for s in by_slq(v) {
        let class = |prefix: &str, c: &Option<String>| {
            c.as_deref().map_or("—".to_string(), |c| {
                label(l, &format!("{prefix}.{c}")).to_string()
            })
        };
        m.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            md_escape(&format!(
                "{} — {}",
                s.sector,
                label(l, &format!("sector.{}", s.sector))
            )),
            opt(l, s.slq_last, 2),
            opt(l, s.dlq, 2),
            class("lq_class", &s.lq_class),
            class("klassen", &s.klassen),
        ));
    }
    m
}

/// The drawn SVGs of [`CHARTS`] in `charts_dir`, in order.
pub fn economy_charts(charts_dir: &std::path::Path) -> Vec<PathBuf> {
    CHARTS
        .iter()
        .map(|c| charts_dir.join(format!("{c}.svg")))
        .filter(|p| p.exists())
        .collect()
}
