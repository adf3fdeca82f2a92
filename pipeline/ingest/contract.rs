//! The data contracts of SPEC §3: for each dataset its columns, their kinds,
//! which are required, and the Indonesian aliases users write in headers.
//! `docs/data-contracts.md` is the human-readable copy of this table.

use crate::domain::vocab::{
    key, split_brackets, Vocab, CATEGORY_VOCAB, CERTIFICATION_VOCAB, CHANNEL_VOCAB,
    DESIGN_ORIGIN_VOCAB, MEASURE_VOCAB,
};
use crate::domain::Dataset;

/// The columns of a dataset, in contract order.
pub fn columns(dataset: Dataset) -> &'static [ColumnSpec] {
    match dataset {
        Dataset::Villages => VILLAGES,
        Dataset::Products => PRODUCTS,
        Dataset::Sales => SALES,
        Dataset::Economy => ECONOMY,
        Dataset::Assessments => ASSESSMENTS,
    }
}

/// How a column's text is read and checked.
#[derive(Debug, Clone, Copy)]
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
    /// One word of a vocabulary (aliases accepted).
    OneOf(&'static Vocab),
    /// `;`- or `,`-separated words of a vocabulary.
    SetOf(&'static Vocab),
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

const VILLAGES: &[ColumnSpec] = &[
    col(
        "village_code",
        Kind::VillageCode,
        true,
        &[
            "kode_desa",
            "kode_wilayah",
            "kode",
            "kode_desa_kelurahan",
            "kode_kemendagri",
        ],
    ),
    col(
        "population",
        Kind::NonNegative,
        false,
        &[
            "penduduk",
            "jumlah_penduduk",
            "jumlah_jiwa",
            "jiwa",
            "populasi",
        ],
    ),
    col(
        "households",
        Kind::NonNegative,
        false,
        &[
            "kk",
            "jumlah_kk",
            "rumah_tangga",
            "jumlah_rumah_tangga",
            "jumlah_keluarga",
            "kepala_keluarga",
        ],
    ),
    col(
        "area_km2",
        Kind::NonNegative,
        false,
        &["luas", "luas_km2", "luas_wilayah", "luas_desa"],
    ),
    col("lat", Kind::Degrees(90), false, &["latitude", "lintang"]),
    col(
        "lon",
        Kind::Degrees(180),
        false,
        &["longitude", "lng", "bujur"],
    ),
];

const PRODUCTS: &[ColumnSpec] = &[
    col(
        "product_id",
        Kind::Id,
        true,
        &["id_produk", "kode_produk", "no_produk"],
    ),
    col(
        "village_code",
        Kind::VillageCode,
        true,
        &[
            "kode_desa",
            "kode_wilayah",
            "kode_desa_kelurahan",
            "kode_kemendagri",
        ],
    ),
    col(
        "product_name",
        Kind::Id,
        true,
        &["nama_produk", "produk", "produk_unggulan", "komoditas"],
    ),
    col(
        "category",
        Kind::OneOf(&CATEGORY_VOCAB),
        true,
        &[
            "kategori",
            "kategori_produk",
            "jenis_produk",
            "kelompok_produk",
        ],
    ),
    col(
        "producers",
        Kind::NonNegative,
        false,
        &[
            "jumlah_unit_usaha",
            "unit_usaha",
            "pelaku_usaha",
            "jumlah_pelaku_usaha",
            "produsen",
            "jumlah_produsen",
            "ikm",
            "jumlah_ikm",
            "umkm",
            "jumlah_umkm",
        ],
    ),
    col(
        "workers",
        Kind::NonNegative,
        false,
        &[
            "tenaga_kerja",
            "jumlah_tenaga_kerja",
            "pekerja",
            "jumlah_pekerja",
        ],
    ),
    col(
        "local_material_share",
        Kind::Share,
        false,
        &[
            "bahan_baku_lokal",
            "porsi_bahan_lokal",
            "bahan_lokal",
            "kandungan_lokal",
            "porsi_bahan_baku_lokal",
        ],
    ),
    col(
        "capacity",
        Kind::NonNegative,
        false,
        &[
            "kapasitas",
            "kapasitas_produksi",
            "kapasitas_per_tahun",
            "kapasitas_produksi_per_tahun",
        ],
    ),
    col("unit", Kind::Text, false, &["satuan"]),
    col(
        "unit_price_idr",
        Kind::NonNegative,
        false,
        &[
            "harga",
            "harga_satuan",
            "harga_jual",
            "harga_per_unit",
            "harga_produk",
        ],
    ),
    col(
        "unit_cost_idr",
        Kind::NonNegative,
        false,
        &[
            "biaya",
            "biaya_satuan",
            "biaya_produksi",
            "biaya_per_unit",
            "hpp",
            "harga_pokok",
        ],
    ),
    col(
        "year_established",
        Kind::Year,
        false,
        &["tahun_berdiri", "tahun_mulai", "tahun_mulai_usaha"],
    ),
    col(
        "certifications",
        Kind::SetOf(&CERTIFICATION_VOCAB),
        false,
        &["sertifikasi", "sertifikat", "legalitas", "perizinan"],
    ),
    col(
        "packaging_level",
        Kind::Level(1, 3),
        false,
        &["tingkat_kemasan", "kemasan", "level_kemasan"],
    ),
    col(
        "design_origin",
        Kind::OneOf(&DESIGN_ORIGIN_VOCAB),
        false,
        &["asal_desain", "desain", "asal_desain_produk"],
    ),
    col(
        "source",
        Kind::Text,
        false,
        &["sumber", "sumber_data", "referensi"],
    ),
];

const SALES: &[ColumnSpec] = &[
    col(
        "product_id",
        Kind::Id,
        true,
        &["id_produk", "kode_produk", "no_produk"],
    ),
    col(
        "date",
        Kind::Date,
        false,
        &["tanggal", "tgl", "tanggal_penjualan", "tanggal_transaksi"],
    ),
    col("year", Kind::Year, false, &["tahun"]),
    col("month", Kind::Month, false, &["bulan"]),
    col(
        "buyer_region",
        Kind::RegionOrCountry,
        true,
        &[
            "wilayah_pembeli",
            "tujuan",
            "kode_tujuan",
            "kode_wilayah_pembeli",
            "wilayah_tujuan",
            "daerah_tujuan",
            "tujuan_pemasaran",
            "kode_pembeli",
        ],
    ),
    col(
        "value_idr",
        Kind::NonNegative,
        true,
        &[
            "nilai",
            "nilai_penjualan",
            "nilai_idr",
            "nilai_rp",
            "nilai_transaksi",
            "omzet",
            "omset",
            "total_penjualan",
            "penjualan",
        ],
    ),
    col(
        "quantity",
        Kind::NonNegative,
        false,
        &[
            "jumlah",
            "volume",
            "kuantitas",
            "banyaknya",
            "jumlah_terjual",
            "qty",
        ],
    ),
    col(
        "channel",
        Kind::OneOf(&CHANNEL_VOCAB),
        false,
        &[
            "saluran",
            "kanal",
            "saluran_penjualan",
            "saluran_pemasaran",
            "cara_penjualan",
            "media_penjualan",
        ],
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
    col(
        "value",
        Kind::Number,
        true,
        &["nilai", "nilai_pdrb", "pdrb"],
    ),
    col(
        "measure",
        Kind::OneOf(&MEASURE_VOCAB),
        false,
        &["ukuran", "jenis"],
    ),
];

const ASSESSMENTS: &[ColumnSpec] = &[
    col(
        "product_id",
        Kind::Id,
        true,
        &["id_produk", "kode_produk", "no_produk"],
    ),
    col(
        "assessor",
        Kind::Id,
        true,
        &[
            "penilai",
            "nama_penilai",
            "pakar",
            "ahli",
            "responden",
            "juri",
        ],
    ),
    col(
        "criterion",
        Kind::Id,
        true,
        &["kriteria", "aspek", "indikator"],
    ),
    col(
        "score",
        Kind::NonNegative,
        true,
        &["skor", "nilai", "skor_penilaian"],
    ),
];

/// The `ovop init` templates: (dataset, header, example row). The example
/// values read the same under either decimal mark (no decimals, shares in
/// percent), so a template passes `ovop validate` whatever the study sets;
/// a study that still holds an example row gets a warning.
pub const TEMPLATES: [(Dataset, &[&str], &[&str]); 5] = [
    (
        Dataset::Villages,
        &["village_code", "population", "households", "area_km2"],
        &["35.23.08.2008", "4210", "1190", "12"],
    ),
    (
        Dataset::Products,
        &[
            "product_id",
            "village_code",
            "product_name",
            "category",
            "producers",
            "workers",
            "local_material_share",
            "capacity",
            "unit",
            "unit_price_idr",
            "unit_cost_idr",
            "year_established",
            "certifications",
            "packaging_level",
            "design_origin",
            "source",
        ],
        &[
            "P0001",
            "35.23.08.2008",
            "Batik Gedog",
            "batik",
            "25",
            "60",
            "85%",
            "1200",
            "lembar",
            "450000",
            "280000",
            "1995",
            "pirt;haki",
            "2",
            "own",
            "survey 2024",
        ],
    ),
    (
        Dataset::Sales,
        &[
            "product_id",
            "date",
            "buyer_region",
            "value_idr",
            "quantity",
            "channel",
        ],
        &["P0001", "2024-03-15", "35.78", "1350000", "3", "reseller"],
    ),
    (
        Dataset::Economy,
        &["region_code", "year", "sector", "value", "measure"],
        &["35.23", "2023", "C", "25123", "pdrb_adhb"],
    ),
    (
        Dataset::Assessments,
        &["product_id", "assessor", "criterion", "score"],
        &["P0001", "A1", "quality", "4"],
    ),
];

/// Normalises a header cell for matching: [`key`] of the cell without its
/// units in brackets, so `Nilai Penjualan (Rp)`, ` NILAI-PENJUALAN ` and
/// `nilai_penjualan:` all match `nilai_penjualan`. A cell that is all
/// brackets keeps their text.
pub fn header_key(raw: &str) -> String {
    let (outside, _) = split_brackets(raw);
    match key(&outside) {
        k if k.is_empty() => key(raw),
        k => k,
    }
}

/// The unit a header gives in brackets, lower-cased: `Nilai (Rp)` → `rp`.
pub fn header_unit(raw: &str) -> Option<String> {
    split_brackets(raw)
        .1
        .map(|u| key(&u))
        .filter(|u| !u.is_empty())
}

/// Scale words in a unit (`juta Rp`): the values are not in the contract's unit.
const SCALE_WORDS: &[&str] = &[
    "ribu",
    "rb",
    "juta",
    "jt",
    "miliar",
    "milyar",
    "m",
    "triliun",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "k",
    "mn",
    "bn",
];
/// Currencies other than the rupiah.
const FOREIGN_CURRENCIES: &[&str] = &[
    "usd", "us", "dollar", "dolar", "eur", "euro", "sgd", "myr", "ringgit", "jpy", "yen", "cny",
    "rmb", "aud",
];

/// A unit (as a [`key`]) that means whole rupiah: `rp`, `idr`, `rupiah`, or
/// per something (`rp_kg`), but not `juta_rp`.
pub fn is_rupiah_unit(unit: &str) -> bool {
    let words: Vec<&str> = unit.split('_').collect();
    matches!(words.first(), Some(&("rp" | "idr" | "rupiah")))
        && !words.iter().any(|w| SCALE_WORDS.contains(w))
}

/// Why a header's unit (a [`key`]) does not fit the contract column it names,
/// or None when it fits. Values in the wrong unit would be misread by a
/// factor (`Nilai (juta Rp)`, `Luas (ha)`, `Jumlah (Rp)`), so such a header
/// stops the file rather than being read.
fn unit_conflict(spec: &ColumnSpec, unit: &str) -> Option<String> {
    let words: Vec<&str> = unit.split('_').collect();
    let money = words
        .iter()
        .any(|w| matches!(*w, "rp" | "idr" | "rupiah") || FOREIGN_CURRENCIES.contains(w));
    let scaled = words.iter().any(|w| SCALE_WORDS.contains(w));
    match (spec.name, spec.kind) {
        (name, _) if name.ends_with("_idr") => (!is_rupiah_unit(unit))
            .then(|| format!("{name} is in whole rupiah (Rp), but the header gives the unit as {unit}")),
        ("area_km2", _) => (!matches!(unit, "km2" | "km²" | "km_2" | "km_persegi"))
            .then(|| format!("area_km2 is in km², but the header gives the unit as {unit}")),
        // Regional accounts come in millions or billions of rupiah; their ratios do not care.
        ("value", Kind::Number) => None,
        (name, Kind::NonNegative | Kind::Number | Kind::Share | Kind::Level(..)) if money || scaled => {
            Some(format!("{name} is not an amount of money or a scaled count, but the header gives the unit as {unit}"))
        }
        _ => None,
    }
}

/// Maps each contract column to the index of the header cell that holds it.
/// Returns the mapping and the header cells that matched nothing. A header
/// whose unit does not fit its column, or two header cells that read as the
/// same column name, are an error (nothing would say which one was used).
pub fn match_headers(
    dataset: Dataset,
    headers: &[String],
) -> Result<(Vec<Option<usize>>, Vec<String>), String> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut used = vec![false; keys.len()];
    let mut mapping = Vec::with_capacity(columns(dataset).len());
    // The first cell of each key: a second one that names a column is an error.
    let mut first_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut twins = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        match first_of.get(k.as_str()) {
            Some(&first) => twins.push((first, i)),
            None => {
                first_of.insert(k, i);
            }
        }
    }
    for spec in columns(dataset) {
        let named = |k: &String| k == spec.name || spec.aliases.contains(&k.as_str());
        if let Some(&(first, i)) = twins.iter().find(|(_, i)| named(&keys[*i])) {
            return Err(format!(
                "the header cells {:?} and {:?} both read as {} ({}); rename or remove one",
                headers[first], headers[i], keys[i], spec.name
            ));
        }
        // The canonical name wins over an alias (`nilai` is an alias in two datasets).
        let found = keys.iter().position(|k| k == spec.name).or_else(|| {
            keys.iter()
                .enumerate()
                .position(|(i, k)| !used[i] && spec.aliases.contains(&k.as_str()))
        });
        if let Some(i) = found {
            if let Some(conflict) = header_unit(&headers[i]).and_then(|u| unit_conflict(spec, &u)) {
                return Err(format!(
                    "column {:?}: {conflict}; convert the values (or rename the column if it is not {})",
                    headers[i], spec.name
                ));
            }
            used[i] = true;
        }
        mapping.push(found);
    }
    let unknown = headers
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(h, _)| h.clone())
        .collect();
    Ok((mapping, unknown))
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
        let (mapping, unknown) = match_headers(Dataset::Products, &headers).unwrap();
        assert_eq!(mapping[0], Some(2)); // product_id
        assert_eq!(mapping[1], Some(0)); // village_code
        assert_eq!(mapping[2], Some(1)); // product_name
        assert_eq!(mapping[3], Some(3)); // category
        assert_eq!(unknown, vec!["catatan".to_string()]);
    }

    /// Regression (issue 10): headers with units in brackets and punctuation did not match.
    #[test]
    fn headers_match_without_units_and_punctuation() {
        assert_eq!(header_key("Nilai Penjualan (Rp)"), "nilai_penjualan");
        assert_eq!(header_key("Luas (km²)"), "luas");
        assert_eq!(header_key("Kode Desa:"), "kode_desa");
        assert_eq!(header_key("Harga/Satuan [Rp]"), "harga_satuan");
        assert_eq!(header_key("(kode)"), "kode");
        assert_eq!(header_unit("Harga Jual (Rp)").as_deref(), Some("rp"));
        assert_eq!(header_unit("Luas"), None);
        let headers: Vec<String> = [
            "Kode Wilayah Pembeli",
            "Tanggal",
            "Nilai Penjualan (Rp)",
            "ID Produk",
        ]
        .map(String::from)
        .to_vec();
        let (mapping, unknown) = match_headers(Dataset::Sales, &headers).unwrap();
        assert_eq!(mapping[0], Some(3)); // product_id
        assert_eq!(mapping[1], Some(1)); // date
        assert_eq!(mapping[4], Some(0)); // buyer_region
        assert_eq!(mapping[5], Some(2)); // value_idr
        assert!(unknown.is_empty());
    }

    /// Regression (review of issue 10): dropping the unit in brackets must not read values in
    /// another unit (×1,000,000 or hectares), nor pick one of two cells silently.
    #[test]
    fn a_header_in_the_wrong_unit_or_twice_is_an_error() {
        let err = |dataset, cells: &[&str]| {
            let headers: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            match_headers(dataset, &headers).unwrap_err()
        };
        let e = err(
            Dataset::Sales,
            &[
                "id_produk",
                "tanggal",
                "tujuan",
                "Nilai Penjualan (juta Rp)",
            ],
        );
        assert!(e.contains("whole rupiah") && e.contains("juta_rp"), "{e}");
        let e = err(
            Dataset::Products,
            &[
                "id_produk",
                "kode_desa",
                "produk",
                "kategori",
                "Harga (USD)",
                "Harga (Rp)",
            ],
        );
        assert!(
            e.contains("\"Harga (USD)\" and \"Harga (Rp)\" both read as harga"),
            "{e}"
        );
        assert!(err(Dataset::Villages, &["kode_desa", "Luas (ha)"]).contains("km²"));
        assert!(err(
            Dataset::Sales,
            &["id_produk", "tanggal", "tujuan", "nilai", "Jumlah (Rp)"]
        )
        .contains("quantity"));
        assert!(err(
            Dataset::Sales,
            &["id_produk", "tanggal", "tujuan", "Penjualan (unit)"]
        )
        .contains("whole rupiah"));
        let ok = |dataset, cells: &[&str]| {
            let headers: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            match_headers(dataset, &headers).is_ok()
        };
        assert!(ok(
            Dataset::Products,
            &[
                "id_produk",
                "kode_desa",
                "produk",
                "kategori",
                "Harga (Rp/kg)",
                "Bahan lokal (%)",
                "Tenaga Kerja (orang)"
            ]
        ));
        assert!(ok(
            Dataset::Villages,
            &["kode_desa", "Luas (km²)", "Penduduk (jiwa)"]
        ));
        assert!(ok(
            Dataset::Economy,
            &["kode", "tahun", "sektor", "Nilai (miliar Rp)"]
        ));
        assert!(is_rupiah_unit("rp") && is_rupiah_unit("rp_kg") && !is_rupiah_unit("juta_rp"));
    }

    /// Regression (issue 10): Indonesian names of categories and channels were rejected.
    #[test]
    fn vocabularies_accept_indonesian_names_and_labels() {
        let c = |raw| CATEGORY_VOCAB.lookup(raw);
        assert_eq!(c("food_beverage"), Some("food_beverage"));
        assert_eq!(c("Makanan & Minuman"), Some("food_beverage"));
        assert_eq!(c("Makanan dan minuman"), Some("food_beverage"));
        assert_eq!(c("KERAJINAN KAYU"), Some("wood_craft"));
        assert_eq!(c("Kain Tenun"), Some("woven_textile"));
        assert_eq!(c("Wood craft"), Some("wood_craft"), "the English label");
        assert_eq!(
            c("Kerajinan lain"),
            Some("other_craft"),
            "the Indonesian label"
        );
        assert_eq!(c("elektronik"), None);
        let ch = |raw| CHANNEL_VOCAB.lookup(raw);
        assert_eq!(ch("Langsung"), Some("direct"));
        assert_eq!(ch("Online (Shopee)"), Some("marketplace"));
        assert_eq!(ch("Marketplace (Tokopedia)"), Some("marketplace"));
        assert_eq!(ch("Pameran"), Some("exhibition"));
        assert_eq!(ch("Agen Ekspor"), Some("export_agent"));
        assert_eq!(ch("toko"), None, "own shop or reseller: left unknown");
        assert_eq!(CERTIFICATION_VOCAB.lookup("P-IRT"), Some("pirt"));
        assert_eq!(DESIGN_ORIGIN_VOCAB.lookup("Desain sendiri"), Some("own"));
        assert_eq!(MEASURE_VOCAB.lookup("ADHK"), Some("pdrb_adhk"));
    }

    #[test]
    fn aliases_are_keys_and_name_listed_words() {
        for vocab in [
            &CATEGORY_VOCAB,
            &CHANNEL_VOCAB,
            &CERTIFICATION_VOCAB,
            &DESIGN_ORIGIN_VOCAB,
            &MEASURE_VOCAB,
        ] {
            for (alias, word) in vocab.aliases {
                assert_eq!(key(alias), *alias, "{alias} is not written as a key");
                assert!(vocab.words.contains(word), "{alias} → {word}");
                assert!(!vocab.words.contains(alias), "{alias} is a word itself");
            }
        }
    }

    /// docs/data-contracts.md lists every header alias and every vocabulary alias.
    #[test]
    fn the_data_contract_page_lists_every_alias() {
        let doc = include_str!("../../docs/data-contracts.md");
        for d in Dataset::ALL {
            for c in columns(d) {
                for alias in c.aliases {
                    assert!(doc.contains(&format!("`{alias}`")), "{}: {alias}", c.name);
                }
            }
        }
        for vocab in [
            &CATEGORY_VOCAB,
            &CHANNEL_VOCAB,
            &CERTIFICATION_VOCAB,
            &DESIGN_ORIGIN_VOCAB,
            &MEASURE_VOCAB,
        ] {
            for (alias, _) in vocab.aliases {
                let listed = doc.lines().any(|l| {
                    l.starts_with("| ") && l.split(['|', ',']).any(|cell| cell.trim() == *alias)
                });
                assert!(listed, "{alias} is not in the word-list table");
            }
        }
    }

    #[test]
    fn header_aliases_are_unique_within_a_dataset() {
        for d in Dataset::ALL {
            let mut all: Vec<&str> = columns(d)
                .iter()
                .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
                .collect();
            all.sort_unstable();
            let before = all.len();
            all.dedup();
            assert_eq!(
                all.len(),
                before,
                "{}: an alias names two columns",
                d.name()
            );
        }
    }

    #[test]
    fn every_dataset_has_unique_column_names() {
        for d in Dataset::ALL {
            let mut names: Vec<_> = columns(d).iter().map(|c| c.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), columns(d).len(), "{}", d.name());
        }
    }
}
