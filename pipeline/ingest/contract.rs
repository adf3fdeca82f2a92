//! The data contracts of SPEC §3: for each dataset its columns, their kinds,
//! which are required, and the Indonesian aliases users write in headers.
//! `docs/data-contracts.md` is the human-readable copy of this table.

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    Villages,
    Products,
    Sales,
    Economy,
    Assessments,
}

impl Dataset {
    /// Products and villages have a key that must be unique within the lake.
    pub fn has_unique_key(self) -> bool {
        matches!(self, Dataset::Products | Dataset::Villages)
    }

    /// In dependency order: products need villages' codes, sales need products.
    pub const ALL: [Dataset; 5] = [
        Dataset::Villages,
        Dataset::Products,
        Dataset::Sales,
        Dataset::Economy,
        Dataset::Assessments,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dataset::Villages => "villages",
            Dataset::Products => "products",
            Dataset::Sales => "sales",
            Dataset::Economy => "economy",
            Dataset::Assessments => "assessments",
        }
    }

    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            Dataset::Villages => VILLAGES,
            Dataset::Products => PRODUCTS,
            Dataset::Sales => SALES,
            Dataset::Economy => ECONOMY,
            Dataset::Assessments => ASSESSMENTS,
        }
    }
}

/// How a column's text is read and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Trimmed text.
    Text,
    /// Identifier: trimmed text, no empty value.
    Id,
    /// Kemendagri village code, normalised to dotted form and checked against the reference.
    VillageCode,
    /// Kemendagri code at any level, or an ISO 3166-1 alpha-2 country code.
    RegionOrCountry,
    /// Kemendagri code at any level.
    RegionCode,
    /// A number ≥ 0 (Indonesian or plain format).
    NonNegative,
    /// Any number.
    Number,
    /// Latitude (limit 90) or longitude (limit 180) in degrees.
    Degrees(u16),
    /// A fraction 0–1 or a percent.
    Share,
    /// A calendar date.
    Date,
    /// A year (1900–2100).
    Year,
    /// A month 1–12 or a month name.
    Month,
    /// An integer in a small range (inclusive).
    Level(i32, i32),
    /// One of a fixed list of lower-case words.
    OneOf(&'static [&'static str]),
    /// `;`-separated words from a fixed list.
    SetOf(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Other header spellings, compared after lower-casing and trimming.
    pub aliases: &'static [&'static str],
}

const fn col(
    name: &'static str,
    kind: Kind,
    required: bool,
    aliases: &'static [&'static str],
) -> ColumnSpec {
    ColumnSpec {
        name,
        kind,
        required,
        aliases,
    }
}

pub const CATEGORIES: &[&str] = &[
    "food_beverage",
    "batik",
    "woven_textile",
    "plaiting",
    "pottery",
    "wood_craft",
    "other_craft",
    "agriculture",
    "fishery",
    "livestock",
    "tourism",
    "other",
];
pub const CHANNELS: &[&str] = &[
    "direct",
    "reseller",
    "marketplace",
    "exhibition",
    "export_agent",
];
pub const CERTIFICATIONS: &[&str] = &["pirt", "halal", "bpom", "sni", "haki"];
pub const DESIGN_ORIGINS: &[&str] = &["copied", "market", "own"];
pub const MEASURES: &[&str] = &["pdrb_adhb", "pdrb_adhk", "employment", "establishments"];

const VILLAGES: &[ColumnSpec] = &[
    col(
        "village_code",
        Kind::VillageCode,
        true,
        &["kode_desa", "kode_wilayah", "kode"],
    ),
    col(
        "population",
        Kind::NonNegative,
        false,
        &["penduduk", "jumlah_penduduk"],
    ),
    col(
        "households",
        Kind::NonNegative,
        false,
        &["kk", "jumlah_kk", "rumah_tangga"],
    ),
    col("area_km2", Kind::NonNegative, false, &["luas", "luas_km2"]),
    col("lat", Kind::Degrees(90), false, &["latitude", "lintang"]),
    col(
        "lon",
        Kind::Degrees(180),
        false,
        &["longitude", "lng", "bujur"],
    ),
];

const PRODUCTS: &[ColumnSpec] = &[
    col("product_id", Kind::Id, true, &["id_produk", "kode_produk"]),
    col(
        "village_code",
        Kind::VillageCode,
        true,
        &["kode_desa", "kode_wilayah"],
    ),
    col("product_name", Kind::Id, true, &["nama_produk", "produk"]),
    col("category", Kind::OneOf(CATEGORIES), true, &["kategori"]),
    col(
        "producers",
        Kind::NonNegative,
        false,
        &["jumlah_unit_usaha", "unit_usaha", "pelaku_usaha"],
    ),
    col(
        "workers",
        Kind::NonNegative,
        false,
        &["tenaga_kerja", "jumlah_tenaga_kerja"],
    ),
    col(
        "local_material_share",
        Kind::Share,
        false,
        &["bahan_baku_lokal", "porsi_bahan_lokal"],
    ),
    col(
        "capacity",
        Kind::NonNegative,
        false,
        &["kapasitas", "kapasitas_produksi"],
    ),
    col("unit", Kind::Text, false, &["satuan"]),
    col(
        "unit_price_idr",
        Kind::NonNegative,
        false,
        &["harga", "harga_satuan"],
    ),
    col(
        "unit_cost_idr",
        Kind::NonNegative,
        false,
        &["biaya", "biaya_satuan"],
    ),
    col("year_established", Kind::Year, false, &["tahun_berdiri"]),
    col(
        "certifications",
        Kind::SetOf(CERTIFICATIONS),
        false,
        &["sertifikasi"],
    ),
    col(
        "packaging_level",
        Kind::Level(1, 3),
        false,
        &["tingkat_kemasan", "kemasan"],
    ),
    col(
        "design_origin",
        Kind::OneOf(DESIGN_ORIGINS),
        false,
        &["asal_desain"],
    ),
    col("source", Kind::Text, false, &["sumber"]),
];

const SALES: &[ColumnSpec] = &[
    col("product_id", Kind::Id, true, &["id_produk", "kode_produk"]),
    col("date", Kind::Date, false, &["tanggal"]),
    col("year", Kind::Year, false, &["tahun"]),
    col("month", Kind::Month, false, &["bulan"]),
    col(
        "buyer_region",
        Kind::RegionOrCountry,
        true,
        &["wilayah_pembeli", "tujuan", "kode_tujuan"],
    ),
    col(
        "value_idr",
        Kind::NonNegative,
        true,
        &["nilai", "nilai_penjualan", "nilai_idr"],
    ),
    col("quantity", Kind::NonNegative, false, &["jumlah", "volume"]),
    col(
        "channel",
        Kind::OneOf(CHANNELS),
        false,
        &["saluran", "kanal"],
    ),
];

const ECONOMY: &[ColumnSpec] = &[
    col(
        "region_code",
        Kind::RegionCode,
        true,
        &["kode_wilayah", "kode"],
    ),
    col("year", Kind::Year, true, &["tahun"]),
    col("sector", Kind::Id, true, &["sektor", "lapangan_usaha"]),
    col("value", Kind::Number, true, &["nilai"]),
    col(
        "measure",
        Kind::OneOf(MEASURES),
        false,
        &["ukuran", "jenis"],
    ),
];

const ASSESSMENTS: &[ColumnSpec] = &[
    col("product_id", Kind::Id, true, &["id_produk", "kode_produk"]),
    col("assessor", Kind::Id, true, &["penilai"]),
    col("criterion", Kind::Id, true, &["kriteria"]),
    col("score", Kind::NonNegative, true, &["skor", "nilai"]),
];

/// Normalises a header cell for matching: trimmed, lower-case, spaces and
/// hyphens as underscores, a UTF-8 BOM removed.
pub fn header_key(raw: &str) -> String {
    raw.trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// Maps each contract column to the index of the header cell that holds it.
/// Returns the mapping and the header cells that matched nothing.
pub fn match_headers(dataset: Dataset, headers: &[String]) -> (Vec<Option<usize>>, Vec<String>) {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut used = vec![false; keys.len()];
    let mapping = dataset
        .columns()
        .iter()
        .map(|spec| {
            // The canonical name wins over an alias (`nilai` is an alias in two datasets).
            let found = keys.iter().position(|k| k == spec.name).or_else(|| {
                keys.iter()
                    .enumerate()
                    .position(|(i, k)| !used[i] && spec.aliases.contains(&k.as_str()))
            });
            if let Some(i) = found {
                used[i] = true;
            }
            found
        })
        .collect();
    let unknown = headers
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(h, _)| h.clone())
        .collect();
    (mapping, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_case_space_and_alias_insensitively() {
        let headers: Vec<String> = [
            "\u{feff}Kode Desa",
            " NAMA_PRODUK ",
            "product-id",
            "Kategori",
            "catatan",
        ]
        .map(String::from)
        .to_vec();
        let (mapping, unknown) = match_headers(Dataset::Products, &headers);
        assert_eq!(mapping[0], Some(2)); // product_id
        assert_eq!(mapping[1], Some(0)); // village_code
        assert_eq!(mapping[2], Some(1)); // product_name
        assert_eq!(mapping[3], Some(3)); // category
        assert_eq!(unknown, vec!["catatan".to_string()]);
    }

    #[test]
    fn every_dataset_has_unique_column_names() {
        for d in Dataset::ALL {
            let mut names: Vec<_> = d.columns().iter().map(|c| c.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), d.columns().len(), "{}", d.name());
        }
    }
}
