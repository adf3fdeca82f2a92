//! The listed vocabularies of the data contracts (categories, channels,
//! certifications, design origins, measures) with the Indonesian words
//! planners type for each, and the key every name is compared by.

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
pub const MEASURES: &[&str] = &[
    "pdrb_adhb",
    "pdrb_adhk",
    "employment",
    "establishments",
    "population",
];

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
        ("penduduk", "population"),
        ("jumlah_penduduk", "population"),
    ],
    label_prefix: None,
};

/// The 17 categories (lapangan usaha) of BPS's PDRB by industry (KBLI 2009
/// grouping, base year 2010), as BPS letters them, and `TOTAL`, the
/// published PDRB of the region (which wins over the sum of its sectors).
pub const SECTORS: &[&str] = &[
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M-N", "O", "P", "Q", "R-U",
    "TOTAL",
];

/// The published total among [`SECTORS`].
pub const TOTAL_SECTOR: &str = "TOTAL";

pub static SECTOR_VOCAB: Vocab = Vocab {
    words: SECTORS,
    aliases: &[
        ("a", "A"),
        ("b", "B"),
        ("c", "C"),
        ("d", "D"),
        ("e", "E"),
        ("f", "F"),
        ("g", "G"),
        ("h", "H"),
        ("i", "I"),
        ("j", "J"),
        ("k", "K"),
        ("l", "L"),
        ("m_n", "M-N"),
        ("mn", "M-N"),
        ("o", "O"),
        ("p", "P"),
        ("q", "Q"),
        ("r_u", "R-U"),
        ("r_s_t_u", "R-U"),
        ("rstu", "R-U"),
        ("total", "TOTAL"),
        ("pdrb", "TOTAL"),
        ("jumlah", "TOTAL"),
        ("produk_domestik_regional_bruto", "TOTAL"),
        ("pertanian", "A"),
        ("pertanian_kehutanan_dan_perikanan", "A"),
        ("pertambangan", "B"),
        ("pertambangan_dan_penggalian", "B"),
        ("industri", "C"),
        ("industri_pengolahan", "C"),
        ("listrik_dan_gas", "D"),
        ("pengadaan_listrik_dan_gas", "D"),
        ("pengadaan_air", "E"),
        (
            "pengadaan_air_pengelolaan_sampah_limbah_dan_daur_ulang",
            "E",
        ),
        ("konstruksi", "F"),
        ("perdagangan", "G"),
        (
            "perdagangan_besar_dan_eceran_reparasi_mobil_dan_sepeda_motor",
            "G",
        ),
        ("transportasi", "H"),
        ("transportasi_dan_pergudangan", "H"),
        ("akomodasi", "I"),
        ("penyediaan_akomodasi_dan_makan_minum", "I"),
        ("informasi_dan_komunikasi", "J"),
        ("jasa_keuangan", "K"),
        ("jasa_keuangan_dan_asuransi", "K"),
        ("real_estat", "L"),
        ("real_estate", "L"),
        ("jasa_perusahaan", "M-N"),
        ("administrasi_pemerintahan", "O"),
        (
            "administrasi_pemerintahan_pertahanan_dan_jaminan_sosial_wajib",
            "O",
        ),
        ("jasa_pendidikan", "P"),
        ("jasa_kesehatan", "Q"),
        ("jasa_kesehatan_dan_kegiatan_sosial", "Q"),
        ("jasa_lainnya", "R-U"),
    ],
    label_prefix: Some("sector."),
};

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
pub fn split_brackets(raw: &str) -> (String, Option<String>) {
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
