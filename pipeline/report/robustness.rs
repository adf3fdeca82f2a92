//! How sure each village's pick is, in one glance (SPEC §5.7): the villages
//! by the share of weight draws in which their pick stays on top, and the
//! least sure picks with their runner-up. Only with sensitivity on.

use std::fmt::Write as _;

use anyhow::Result;

use super::{html_escape, num, t};
use crate::i18n::Lang;
use crate::marts::village_selection::PickRow;

/// Classes of p_stays_pick, from sure to unsure: (lower bound, id, en).
const CLASSES: [(f64, &str, &str); 4] = [
    (0.95, "hampir pasti (≥ 95 %)", "nearly certain (≥ 95 %)"),
    (0.75, "kuat (75–95 %)", "strong (75–95 %)"),
    (0.50, "lemah (50–75 %)", "weak (50–75 %)"),
    (0.0, "rapuh (< 50 %)", "fragile (< 50 %)"),
];

/// How many of the least sure picks are listed.
const LISTED: usize = 10;

pub fn html(h: &mut String, l: Lang, picks: &[PickRow]) -> Result<()> {
    let sure: Vec<(&PickRow, f64)> = picks
        .iter()
        .filter_map(|p| p.p_stays_pick.map(|s| (p, s)))
        .collect();
    if sure.is_empty() {
        return Ok(());
    }
    writeln!(
        h,
        "<h3>{}</h3>\n<p>{}</p>\n<ul>",
        t(l, "Seberapa yakin pilihan tiap desa", "How sure each village's pick is"),
        t(
            l,
            "Bagian undian bobot (sensitivitas) yang tetap memilih produk yang sama; 1 − itu adalah peluang pilihan berubah bila bobot sedikit berbeda.",
            "The share of the weight draws (sensitivity) that keep the same pick; one minus it is the chance that slightly different weights change the pick."
        )
    )?;
    for (k, (low, id, en)) in CLASSES.iter().enumerate() {
        let high = if k == 0 {
            f64::INFINITY
        } else {
            CLASSES[k - 1].0
        };
        let n = sure.iter().filter(|(_, s)| *s >= *low && *s < high).count();
        let share = 100.0 * n as f64 / sure.len() as f64;
        writeln!(
            h,
            "<li>{}: {n} {} ({} %)</li>",
            html_escape(t(l, id, en)),
            t(l, "desa", "villages"),
            num(l, share, 0)
        )?;
    }
    h.push_str("</ul>\n");
    let mut least: Vec<&(&PickRow, f64)> = sure.iter().filter(|(_, s)| *s < 0.95).collect();
    least.sort_by(|a, b| {
        a.1.total_cmp(&b.1)
            .then_with(|| a.0.village_code.cmp(&b.0.village_code))
    });
    if least.is_empty() {
        return Ok(());
    }
    writeln!(
        h,
        "<p>{}</p>\n<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>P</th><th>{}</th></tr></thead><tbody>",
        t(l, "Pilihan yang paling tidak pasti:", "The least sure picks:"),
        t(l, "Desa", "Village"),
        t(l, "Kecamatan", "District"),
        t(l, "Produk OVOP", "OVOP product"),
        t(l, "Runner-up", "Runner-up")
    )?;
    for (p, s) in least.into_iter().take(LISTED) {
        writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{} %</td><td>{}</td></tr>",
            html_escape(&p.village_name),
            html_escape(&p.district_name),
            html_escape(&p.product_name),
            num(l, 100.0 * s, 0),
            html_escape(p.runner_up_name.as_deref().unwrap_or("—"))
        )?;
    }
    h.push_str("</tbody></table>\n");
    Ok(())
}
