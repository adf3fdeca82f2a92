//! User-facing labels in Indonesian (`id`, the default) and English (`en`).
//! Code and data stay in English; every label shown to a reader comes from
//! [`label`] so the two languages never drift apart.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

/// The label for `key` in `lang`. Unknown keys come back unchanged, so a
/// missing translation shows up as a visible key rather than a blank.
pub fn label(lang: Lang, key: &str) -> &str {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, id, en)| if lang == Lang::Id { *id } else { *en })
        .unwrap_or(key)
}

/// (key, Indonesian, English)
const LABELS: &[(&str, &str, &str)] = &[
    // market tiers (SPEC §5.1)
    ("tier.village", "Desa", "Village"),
    ("tier.district", "Kecamatan", "District"),
    ("tier.regency", "Kabupaten", "Regency"),
    ("tier.province", "Provinsi", "Province"),
    ("tier.national", "Nasional", "National"),
    ("tier.export", "Ekspor", "Export"),
    // quadrants (SPEC §5.2)
    ("quadrant.unggulan", "Unggulan", "Leading"),
    ("quadrant.potensial", "Potensial", "Potential"),
    ("quadrant.niche", "Ceruk", "Niche"),
    ("quadrant.tertinggal", "Tertinggal", "Lagging"),
    // data provenance
    (
        "synthetic",
        "data sintetis / synthetic data",
        "synthetic data / data sintetis",
    ),
    ("source", "Sumber", "Source"),
    ("study", "Studi", "Study"),
    ("data_date", "Data", "Data"),
    // charts (SPEC §6)
    ("chart.no_data", "tidak ada data", "no data"),
    (
        "chart.ranking.title",
        "{n} produk dengan skor potensi tertinggi",
        "Top {n} products by potential score",
    ),
    (
        "chart.reach_tiers.title",
        "Jangkauan pasar: pangsa nilai penjualan per tingkat pasar",
        "Market reach: share of sales value by market tier",
    ),
    (
        "chart.reach_tiers.subtitle",
        "Produk berpenjualan, urut menurut peringkat skor potensi",
        "Products with sales, in order of potential score rank",
    ),
    (
        "chart.potential_vs_reach.title",
        "Potensi produk dan jangkauan pasar",
        "Product potential and market reach",
    ),
    (
        "chart.potential_vs_reach.thresholds",
        "Garis putus-putus: ambang kuadran (skor potensi {p}; indeks jangkauan {r})",
        "Dashed lines: quadrant thresholds (potential score {p}; reach index {r})",
    ),
    (
        "chart.not_shown",
        "produk tanpa penjualan tidak ditampilkan: {n}",
        "products without sales, not shown: {n}",
    ),
    ("chart.legend.quadrant", "Kuadran", "Quadrant"),
    ("chart.legend.tier", "Tingkat pasar", "Market tier"),
    (
        "chart.axis.potential_score",
        "Skor potensi (0–100)",
        "Potential score (0–100)",
    ),
    (
        "chart.axis.reach_index",
        "Indeks jangkauan pasar (0–1)",
        "Market reach index (0–1)",
    ),
    (
        "chart.axis.sales_share",
        "Pangsa nilai penjualan (%)",
        "Share of sales value (%)",
    ),
    (
        "chart.axis.product_village",
        "Produk — Desa",
        "Product — Village",
    ),
    // categories (SPEC §3)
    (
        "category.food_beverage",
        "Makanan & minuman",
        "Food & beverage",
    ),
    ("category.batik", "Batik", "Batik"),
    ("category.woven_textile", "Tenun", "Woven textile"),
    ("category.plaiting", "Anyaman", "Plaiting"),
    ("category.pottery", "Gerabah", "Pottery"),
    ("category.wood_craft", "Kerajinan kayu", "Wood craft"),
    ("category.other_craft", "Kerajinan lain", "Other craft"),
    ("category.agriculture", "Pertanian", "Agriculture"),
    ("category.fishery", "Perikanan", "Fishery"),
    ("category.livestock", "Peternakan", "Livestock"),
    ("category.tourism", "Wisata", "Tourism"),
    ("category.other", "Lainnya", "Other"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_translated() {
        let mut keys: Vec<_> = LABELS.iter().map(|(k, _, _)| *k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), LABELS.len());
        assert!(LABELS
            .iter()
            .all(|(_, id, en)| !id.is_empty() && !en.is_empty()));
        assert_eq!(label(Lang::En, "tier.export"), "Export");
        assert_eq!(label(Lang::Id, "no.such.key"), "no.such.key");
    }
}
