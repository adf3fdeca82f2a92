//! What a planner must know about a study's data before trusting its picks:
//! inputs that were loaded but not used, criteria with too little data,
//! candidates outside the study region, template rows left in. Each warning
//! is data (kept in the marts' summary) and speaks Indonesian or English, so
//! the console, the report and `ovop validate` say the same thing.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A product named in a warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductRef {
    pub product_id: String,
    pub product_name: String,
    pub village_code: String,
    /// Village and regency from the reference, when the code is known.
    pub place: Option<String>,
}

impl ProductRef {
    fn describe(&self) -> String {
        match &self.place {
            Some(place) => format!(
                "{} {} ({}, {place})",
                self.product_id, self.product_name, self.village_code
            ),
            None => format!(
                "{} {} ({})",
                self.product_id, self.product_name, self.village_code
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Expert scores are in the lake but no `expert_*` criterion has a weight.
    AssessmentsNotWeighted { criteria: Vec<String> },
    /// An expert criterion scored for only a few products (often a typo).
    RareCriterion {
        criterion: String,
        products: usize,
        of: usize,
        /// A much more used criterion with a similar name.
        similar: Option<String>,
    },
    /// Candidates whose village lies outside the study region.
    OutsideRegion {
        region: String,
        products: Vec<ProductRef>,
        excluded: bool,
    },
    /// Candidates whose village is not in the villages dataset.
    VillageMissing { products: Vec<ProductRef> },
    /// The example row of an `ovop init` template is still in the data.
    TemplateRow { dataset: String, key: String },
    /// The weights did not sum to 1 and were rescaled.
    WeightsRescaled { sum: f64 },
    /// A criterion with a weight that no product has a value for.
    CriterionWithoutData { criterion: String },
    /// The relatedness matrix is too small or too sparse for proximities.
    RelatednessThin {
        villages: usize,
        categories: usize,
        median_ubiquity: f64,
    },
    /// `relatedness.by = "product_type"`: products without a type, left out
    /// of the matrix.
    UntypedProducts { products: usize },
    /// ECI and PCI are null (why).
    ComplexityUndefined { reason: String },
    /// Preset `kpju` without expert AHP matrices: the weights are the study's.
    KpjuWithoutAhp,
    /// Products that a gate of `scoring.require` keeps from being a pick,
    /// and the villages left without a pick because every candidate is gated.
    Gated {
        products: usize,
        villages_without_pick: Vec<String>,
    },
}

/// How many products a warning lists by name; the rest are counted.
const LISTED: usize = 8;

fn list(products: &[ProductRef], lang: Lang) -> String {
    let mut names: Vec<String> = products
        .iter()
        .take(LISTED)
        .map(ProductRef::describe)
        .collect();
    if products.len() > LISTED {
        names.push(match lang {
            Lang::Id => format!("dan {} lainnya", products.len() - LISTED),
            Lang::En => format!("and {} more", products.len() - LISTED),
        });
    }
    names.join("; ")
}

impl Warning {
    pub fn text(&self, lang: Lang) -> String {
        let id = lang == Lang::Id;
        match self {
            Warning::AssessmentsNotWeighted { criteria } => match id {
                true => format!(
                    "Skor penilaian ahli dimuat tetapi tidak dipakai: tidak ada kriteria ahli di scoring.criteria. Tersedia: {}. Beri bobot, misalnya {} = 0.1.",
                    criteria.join(", "),
                    criteria.first().map_or("expert_…", String::as_str)
                ),
                false => format!(
                    "Expert scores were loaded but are not used: scoring.criteria has no expert criterion. Available: {}. Give one a weight, e.g. {} = 0.1.",
                    criteria.join(", "),
                    criteria.first().map_or("expert_…", String::as_str)
                ),
            },
            Warning::RareCriterion {
                criterion,
                products,
                of,
                similar,
            } => {
                let hint = match (similar, id) {
                    (Some(s), true) => format!(" Mungkin salah ketik untuk {s}?"),
                    (Some(s), false) => format!(" A typo for {s}?"),
                    (None, _) => String::new(),
                };
                match id {
                    true => format!(
                        "Kriteria ahli {criterion} hanya dinilai untuk {products} dari {of} produk yang dinilai.{hint}"
                    ),
                    false => format!(
                        "The expert criterion {criterion} is scored for only {products} of the {of} assessed products.{hint}"
                    ),
                }
            }
            Warning::OutsideRegion {
                region,
                products,
                excluded,
            } => match (id, excluded) {
                (true, true) => format!(
                    "{} kandidat berada di luar {region} dan tidak dinilai (study.allow_outside_region = true untuk menyertakannya): {}.",
                    products.len(),
                    list(products, lang)
                ),
                (true, false) => format!(
                    "{} kandidat berada di luar {region} dan tetap dinilai (study.allow_outside_region): {}.",
                    products.len(),
                    list(products, lang)
                ),
                (false, true) => format!(
                    "{} candidates lie outside {region} and were not scored (set study.allow_outside_region = true to include them): {}.",
                    products.len(),
                    list(products, lang)
                ),
                (false, false) => format!(
                    "{} candidates lie outside {region} and were scored anyway (study.allow_outside_region): {}.",
                    products.len(),
                    list(products, lang)
                ),
            },
            Warning::VillageMissing { products } => match id {
                true => format!(
                    "{} kandidat berada di desa yang tidak ada di berkas desa (penyerapan tenaga kerja tidak dihitung untuknya): {}.",
                    products.len(),
                    list(products, lang)
                ),
                false => format!(
                    "{} candidates are in villages missing from the villages file (no labour absorption for them): {}.",
                    products.len(),
                    list(products, lang)
                ),
            },
            Warning::TemplateRow { dataset, key } => {
                let data = crate::i18n::label(lang, &format!("dataset.{dataset}")).to_lowercase();
                match id {
                    true => format!(
                        "Baris contoh templat `ovop init` masih ada di data {data} ({key}); hapus bila bukan data nyata."
                    ),
                    false => format!(
                        "The example row of the `ovop init` template is still in the {data} data ({key}); delete it unless it is real."
                    ),
                }
            }
            Warning::WeightsRescaled { sum } => match id {
                true => format!(
                    "Bobot kriteria berjumlah {sum}, bukan 1; setiap bobot dibagi {sum}."
                ),
                false => format!(
                    "The criteria weights sum to {sum}, not 1; each weight was divided by {sum}."
                ),
            },
            Warning::RelatednessThin {
                villages,
                categories,
                median_ubiquity,
            } => match id {
                true => format!(
                    "Matriks keterkaitan kecil atau jarang ({villages} desa × {categories} kategori, median desa terspesialisasi per kategori {median_ubiquity}): kedekatan antarkategori kurang andal; pakai wilayah pembanding yang lebih luas (relatedness.reference = \"35\")."
                ),
                false => format!(
                    "The relatedness matrix is small or sparse ({villages} villages × {categories} categories, median villages specialised per category {median_ubiquity}): proximities between categories are unreliable; use a wider reference (relatedness.reference = \"35\")."
                ),
            },
            Warning::UntypedProducts { products } => match id {
                true => format!(
                    "{products} produk tanpa product_type (tipe_produk) tidak masuk matriks keterkaitan per tipe produk."
                ),
                false => format!(
                    "{products} products without a product_type are left out of the relatedness matrix by product type."
                ),
            },
            Warning::ComplexityUndefined { reason } => match id {
                true => format!("ECI dan PCI tidak dihitung (null): {reason}."),
                false => format!("ECI and PCI are not computed (null): {reason}."),
            },
            Warning::KpjuWithoutAhp => match id {
                true => "Resep kpju menimbang kriteria dengan AHP para ahli (scoring.ahp), tetapi studi ini tidak memberikannya; bobot scoring.criteria dipakai apa adanya.".to_string(),
                false => "The kpju recipe weights its criteria by the experts' AHP (scoring.ahp), but this study gives none; the weights of scoring.criteria are used as given.".to_string(),
            },
            Warning::Gated {
                products,
                villages_without_pick,
            } => {
                let n = villages_without_pick.len();
                let listed: Vec<&str> = villages_without_pick
                    .iter()
                    .take(LISTED)
                    .map(String::as_str)
                    .collect();
                let more = n.saturating_sub(LISTED);
                let villages = match (n, id) {
                    (0, true) => String::new(),
                    (0, false) => String::new(),
                    (_, true) => format!(
                        " {n} desa tanpa produk terpilih karena semua kandidatnya tertahan: {}{}.",
                        listed.join(", "),
                        if more > 0 { format!(" dan {more} lainnya") } else { String::new() }
                    ),
                    (_, false) => format!(
                        " {n} villages have no pick because every candidate is held back: {}{}.",
                        listed.join(", "),
                        if more > 0 { format!(" and {more} more") } else { String::new() }
                    ),
                };
                match id {
                    true => format!(
                        "{products} produk tidak dapat menjadi produk terpilih desanya karena belum memiliki sertifikasi yang disyaratkan scoring.require (skor dan peringkatnya tetap; alasannya di kolom gate tabel product_scores).{villages}"
                    ),
                    false => format!(
                        "{products} products cannot be their village's pick because they lack a certification scoring.require asks for (their scores and ranks stay; the reason is in product_scores' gate column).{villages}"
                    ),
                }
            }
            Warning::CriterionWithoutData { criterion } => match id {
                true => format!(
                    "Tidak ada produk yang memiliki nilai {criterion}; kriteria ini tidak membedakan produk."
                ),
                false => format!(
                    "No product has a value for {criterion}; the criterion cannot tell products apart."
                ),
            },
        }
    }
}
