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

/// A listed vocabulary: the words the lake stores, and the other spellings
/// (Indonesian first) that planners type for each. Values are compared by
/// [`key`], so case, spaces and punctuation do not matter; the id/en labels
/// of the reports (`i18n`, under `label_prefix`) are accepted too.
#[derive(Debug)]
pub struct Vocab {
    pub words: &'static [&'static str],
    /// (alias as a [`key`], the word it stands for)
    pub aliases: &'static [(&'static str, &'static str)],
    /// The i18n key prefix of the words' labels, e.g. `category.`.
    pub label_prefix: Option<&'static str>,
}

impl Vocab {
    /// The listed word `raw` stands for. Tries the whole value, then the
    /// value without a bracketed part (`Online (Shopee)` → `online`), then
    /// the bracketed part alone (`shopee`).
    pub fn lookup(&self, raw: &str) -> Option<&'static str> {
        if let Some(w) = self.words.iter().find(|w| **w == raw) {
            return Some(w);
        }
        let (outside, inside) = split_brackets(raw);
        [
            key(raw),
            key(&outside),
            inside.map(|i| key(&i)).unwrap_or_default(),
        ]
        .iter()
        .filter(|k| !k.is_empty())
        .find_map(|k| self.lookup_key(k))
    }

    fn lookup_key(&self, k: &str) -> Option<&'static str> {
        if let Some(w) = self.words.iter().find(|w| **w == k) {
            return Some(w);
        }
        if let Some((_, w)) = self.aliases.iter().find(|(a, _)| *a == k) {
            return Some(w);
        }
        let prefix = self.label_prefix?;
        self.words.iter().copied().find(|w| {
            let label_key = format!("{prefix}{w}");
            [crate::i18n::Lang::Id, crate::i18n::Lang::En]
                .iter()
                .any(|l| key(crate::i18n::label(*l, &label_key)) == k)
        })
    }

    /// The words and an alias of each, for messages: `food_beverage
    /// (makanan), batik, …` (docs/data-contracts.md lists them all).
    pub fn describe(&self) -> String {
        self.words
            .iter()
            .map(|w| {
                let alias: Vec<&str> = self
                    .aliases
                    .iter()
                    .filter(|(_, to)| to == w)
                    .map(|(a, _)| *a)
                    .take(1)
                    .collect();
                if alias.is_empty() {
                    w.to_string()
                } else {
                    format!("{w} ({})", alias.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
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

/// OVOP categories (SPEC §3) with the names Indonesian product lists use.
pub static CATEGORY_VOCAB: Vocab = Vocab {
    words: CATEGORIES,
    aliases: &[
        ("makanan", "food_beverage"),
        ("minuman", "food_beverage"),
        ("makanan_minuman", "food_beverage"),
        ("makanan_dan_minuman", "food_beverage"),
        ("mamin", "food_beverage"),
        ("kuliner", "food_beverage"),
        ("pangan", "food_beverage"),
        ("olahan_pangan", "food_beverage"),
        ("makanan_olahan", "food_beverage"),
        ("makanan_ringan", "food_beverage"),
        ("camilan", "food_beverage"),
        ("food", "food_beverage"),
        ("beverage", "food_beverage"),
        ("batik_tulis", "batik"),
        ("batik_cap", "batik"),
        ("tenun", "woven_textile"),
        ("tenunan", "woven_textile"),
        ("kain_tenun", "woven_textile"),
        ("tenun_ikat", "woven_textile"),
        ("songket", "woven_textile"),
        ("tekstil", "woven_textile"),
        ("anyaman", "plaiting"),
        ("anyam", "plaiting"),
        ("kerajinan_anyaman", "plaiting"),
        ("gerabah", "pottery"),
        ("keramik", "pottery"),
        ("tembikar", "pottery"),
        ("kerajinan_gerabah", "pottery"),
        ("kerajinan_kayu", "wood_craft"),
        ("ukiran", "wood_craft"),
        ("ukiran_kayu", "wood_craft"),
        ("mebel", "wood_craft"),
        ("meubel", "wood_craft"),
        ("furnitur", "wood_craft"),
        ("kerajinan", "other_craft"),
        ("kerajinan_tangan", "other_craft"),
        ("kerajinan_lain", "other_craft"),
        ("kerajinan_lainnya", "other_craft"),
        ("handicraft", "other_craft"),
        ("souvenir", "other_craft"),
        ("cenderamata", "other_craft"),
        ("pertanian", "agriculture"),
        ("perkebunan", "agriculture"),
        ("hortikultura", "agriculture"),
        ("tanaman_pangan", "agriculture"),
        ("agribisnis", "agriculture"),
        ("perikanan", "fishery"),
        ("hasil_perikanan", "fishery"),
        ("budidaya_ikan", "fishery"),
        ("perikanan_tangkap", "fishery"),
        ("peternakan", "livestock"),
        ("ternak", "livestock"),
        ("unggas", "livestock"),
        ("wisata", "tourism"),
        ("pariwisata", "tourism"),
        ("desa_wisata", "tourism"),
        ("ekowisata", "tourism"),
        ("lainnya", "other"),
        ("lain_lain", "other"),
        ("lain", "other"),
        ("jasa", "other"),
    ],
    label_prefix: Some("category."),
};

/// Sales channels. `marketplace` is any online sale (marketplaces and social
/// media); a plain `toko` (shop) is left unknown: it may be the producer's own
/// shop (direct) or a shop that resells.
pub static CHANNEL_VOCAB: Vocab = Vocab {
    words: CHANNELS,
    aliases: &[
        ("langsung", "direct"),
        ("penjualan_langsung", "direct"),
        ("jual_langsung", "direct"),
        ("offline", "direct"),
        ("toko_sendiri", "direct"),
        ("gerai", "direct"),
        ("outlet", "direct"),
        ("di_tempat", "direct"),
        ("pengecer", "reseller"),
        ("pedagang", "reseller"),
        ("pedagang_perantara", "reseller"),
        ("tengkulak", "reseller"),
        ("pengepul", "reseller"),
        ("agen", "reseller"),
        ("distributor", "reseller"),
        ("grosir", "reseller"),
        ("toko_oleh_oleh", "reseller"),
        ("titip_jual", "reseller"),
        ("konsinyasi", "reseller"),
        ("online", "marketplace"),
        ("daring", "marketplace"),
        ("e_commerce", "marketplace"),
        ("ecommerce", "marketplace"),
        ("shopee", "marketplace"),
        ("tokopedia", "marketplace"),
        ("bukalapak", "marketplace"),
        ("lazada", "marketplace"),
        ("blibli", "marketplace"),
        ("tiktok_shop", "marketplace"),
        ("media_sosial", "marketplace"),
        ("instagram", "marketplace"),
        ("facebook", "marketplace"),
        ("whatsapp", "marketplace"),
        ("pameran", "exhibition"),
        ("bazar", "exhibition"),
        ("bazaar", "exhibition"),
        ("expo", "exhibition"),
        ("festival", "exhibition"),
        ("ekspor", "export_agent"),
        ("eksportir", "export_agent"),
        ("agen_ekspor", "export_agent"),
        ("export", "export_agent"),
        ("exporter", "export_agent"),
    ],
    label_prefix: Some("channel."),
};

pub static CERTIFICATION_VOCAB: Vocab = Vocab {
    words: CERTIFICATIONS,
    aliases: &[
        ("p_irt", "pirt"),
        ("sppirt", "pirt"),
        ("spp_irt", "pirt"),
        ("irt", "pirt"),
        ("sertifikat_halal", "halal"),
        ("halal_mui", "halal"),
        ("mui", "halal"),
        ("pom", "bpom"),
        ("bpom_ri", "bpom"),
        ("bpom_md", "bpom"),
        ("bpom_ml", "bpom"),
        ("hki", "haki"),
        ("merek", "haki"),
        ("merek_dagang", "haki"),
        ("hak_merek", "haki"),
        ("hak_cipta", "haki"),
        ("paten", "haki"),
    ],
    label_prefix: None,
};

pub static DESIGN_ORIGIN_VOCAB: Vocab = Vocab {
    words: DESIGN_ORIGINS,
    aliases: &[
        ("tiruan", "copied"),
        ("meniru", "copied"),
        ("jiplakan", "copied"),
        ("imitasi", "copied"),
        ("copy", "copied"),
        ("pasar", "market"),
        ("permintaan_pasar", "market"),
        ("sesuai_pasar", "market"),
        ("pesanan", "market"),
        ("pesanan_pembeli", "market"),
        ("sendiri", "own"),
        ("desain_sendiri", "own"),
        ("milik_sendiri", "own"),
        ("asli", "own"),
        ("original", "own"),
        ("orisinal", "own"),
    ],
    label_prefix: Some("design_origin."),
};

pub static MEASURE_VOCAB: Vocab = Vocab {
    words: MEASURES,
    aliases: &[
        ("adhb", "pdrb_adhb"),
        ("harga_berlaku", "pdrb_adhb"),
        ("pdrb_harga_berlaku", "pdrb_adhb"),
        ("current_prices", "pdrb_adhb"),
        ("adhk", "pdrb_adhk"),
        ("harga_konstan", "pdrb_adhk"),
        ("pdrb_harga_konstan", "pdrb_adhk"),
        ("constant_prices", "pdrb_adhk"),
        ("tenaga_kerja", "employment"),
        ("penduduk_bekerja", "employment"),
        ("pekerja", "employment"),
        ("jumlah_usaha", "establishments"),
        ("unit_usaha", "establishments"),
        ("usaha", "establishments"),
        ("perusahaan", "establishments"),
    ],
    label_prefix: None,
};

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

/// A name or value as a lookup key: lower-case, every run of characters
/// other than letters and digits (spaces, hyphens, `&`, `/`, `.`) as one `_`,
/// no `_` at either end, a UTF-8 BOM removed. `Makanan & Minuman` →
/// `makanan_minuman`, `Online (Shopee)` → `online_shopee`.
pub fn key(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut gap = false;
    for c in raw.trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// `raw` without its bracketed parts (`Luas (km2)` → `Luas `), and the
/// text of the first bracket (the unit, `km2`), if any.
fn split_brackets(raw: &str) -> (String, Option<String>) {
    let mut outside = String::with_capacity(raw.len());
    let mut inside = String::new();
    let mut first: Option<String> = None;
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 && first.is_none() {
                    first = Some(std::mem::take(&mut inside));
                }
            }
            _ if depth > 0 => inside.push(c),
            _ => outside.push(c),
        }
    }
    (outside, first.map(|u| u.trim().to_string()))
}

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
    let mut mapping = Vec::with_capacity(dataset.columns().len());
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
    for spec in dataset.columns() {
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
            for c in d.columns() {
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
            let mut all: Vec<&str> = d
                .columns()
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
            let mut names: Vec<_> = d.columns().iter().map(|c| c.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), d.columns().len(), "{}", d.name());
        }
    }
}
