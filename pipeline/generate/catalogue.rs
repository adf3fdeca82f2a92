//! Categories, products and their attributes

use super::*;

/// One kind of product: name stem, unit and a plausible price range in rupiah.
pub(super) struct Item {
    pub(super) name: &'static str,
    pub(super) unit: &'static str,
    pub(super) price: (f64, f64),
}

/// A SPEC §3 category with its share of candidates, typical producer count,
/// local-material range and certification odds (pirt, halal, bpom, sni, haki).
pub(super) struct Category {
    pub(super) name: &'static str,
    pub(super) weight: f64,
    pub(super) producers: f64,
    pub(super) local_material: (f64, f64),
    pub(super) certification_odds: [f64; 5],
    pub(super) items: &'static [Item],
}

pub(super) const fn item(name: &'static str, unit: &'static str, lo: f64, hi: f64) -> Item {
    Item {
        name,
        unit,
        price: (lo, hi),
    }
}

pub(super) const CRAFT_CERTIFICATION: [f64; 5] = [0.0, 0.0, 0.0, 0.04, 0.15];

pub(super) const CATEGORIES: [Category; 12] = [
    Category {
        name: "food_beverage",
        weight: 0.28,
        producers: 18.0,
        local_material: (0.55, 0.98),
        certification_odds: [0.55, 0.40, 0.07, 0.0, 0.05],
        items: &[
            item("Keripik Singkong", "kg", 25e3, 45e3),
            item("Kerupuk Ikan", "kg", 40e3, 80e3),
            item("Legen Siwalan", "botol", 5e3, 15e3),
            item("Dodol Nangka", "kg", 30e3, 60e3),
            item("Kopi Bubuk", "kg", 60e3, 150e3),
            item("Terasi Rebon", "kg", 40e3, 90e3),
            item("Jamu Gendong", "botol", 5e3, 15e3),
            item("Keripik Tempe", "kg", 35e3, 60e3),
            item("Gula Merah", "kg", 15e3, 25e3),
            item("Sambal Bawang", "botol", 15e3, 35e3),
            item("Emping Melinjo", "kg", 60e3, 110e3),
            item("Rengginang", "kg", 30e3, 50e3),
        ],
    },
    Category {
        name: "batik",
        weight: 0.05,
        producers: 12.0,
        local_material: (0.15, 0.60),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Batik Tulis", "lembar", 250e3, 1.5e6),
            item("Batik Cap", "lembar", 80e3, 250e3),
            item("Batik Gedog", "lembar", 300e3, 2e6),
            item("Batik Kombinasi", "lembar", 120e3, 400e3),
        ],
    },
    Category {
        name: "woven_textile",
        weight: 0.03,
        producers: 10.0,
        local_material: (0.30, 0.90),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Tenun Gedog", "lembar", 200e3, 900e3),
            item("Sarung Tenun", "lembar", 150e3, 500e3),
            item("Selendang Tenun", "lembar", 100e3, 350e3),
        ],
    },
    Category {
        name: "plaiting",
        weight: 0.07,
        producers: 14.0,
        local_material: (0.70, 1.0),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Anyaman Bambu", "pcs", 15e3, 80e3),
            item("Anyaman Pandan", "pcs", 20e3, 90e3),
            item("Tikar Pandan", "lembar", 40e3, 120e3),
            item("Caping Bambu", "pcs", 10e3, 30e3),
            item("Keranjang Rotan", "pcs", 30e3, 150e3),
        ],
    },
    Category {
        name: "pottery",
        weight: 0.04,
        producers: 10.0,
        local_material: (0.75, 1.0),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Gerabah Hias", "pcs", 25e3, 200e3),
            item("Cobek Tanah Liat", "pcs", 10e3, 35e3),
            item("Kendi Gerabah", "pcs", 15e3, 50e3),
            item("Genteng Tanah Liat", "pcs", 1.5e3, 3.5e3),
        ],
    },
    Category {
        name: "wood_craft",
        weight: 0.05,
        producers: 8.0,
        local_material: (0.40, 0.95),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Ukiran Kayu Jati", "pcs", 150e3, 2.5e6),
            item("Mebel Kayu Jati", "pcs", 800e3, 6e6),
            item("Kerajinan Akar Jati", "pcs", 100e3, 1.5e6),
            item("Miniatur Kapal Kayu", "pcs", 75e3, 600e3),
        ],
    },
    Category {
        name: "other_craft",
        weight: 0.06,
        producers: 8.0,
        local_material: (0.30, 0.90),
        certification_odds: CRAFT_CERTIFICATION,
        items: &[
            item("Kerajinan Kerang", "pcs", 10e3, 75e3),
            item("Tas Rajut", "pcs", 50e3, 200e3),
            item("Kerajinan Batu Kapur", "pcs", 25e3, 300e3),
            item("Kerajinan Eceng Gondok", "pcs", 30e3, 150e3),
            item("Souvenir Manik-manik", "pcs", 10e3, 50e3),
        ],
    },
    Category {
        name: "agriculture",
        weight: 0.16,
        producers: 40.0,
        local_material: (0.90, 1.0),
        certification_odds: [0.05, 0.0, 0.0, 0.02, 0.0],
        items: &[
            item("Jagung Pipil", "kg", 4e3, 7e3),
            item("Kacang Tanah", "kg", 18e3, 30e3),
            item("Buah Siwalan", "pcs", 2e3, 5e3),
            item("Mangga", "kg", 10e3, 25e3),
            item("Cabai Rawit", "kg", 20e3, 70e3),
            item("Bawang Merah", "kg", 20e3, 45e3),
            item("Tembakau Rajang", "kg", 40e3, 90e3),
            item("Belimbing", "kg", 10e3, 20e3),
        ],
    },
    Category {
        name: "fishery",
        weight: 0.08,
        producers: 20.0,
        local_material: (0.85, 1.0),
        certification_odds: [0.30, 0.20, 0.03, 0.0, 0.02],
        items: &[
            item("Ikan Asap", "kg", 40e3, 80e3),
            item("Ikan Asin", "kg", 35e3, 90e3),
            item("Rajungan", "kg", 80e3, 160e3),
            item("Udang Vaname", "kg", 60e3, 110e3),
            item("Bandeng Presto", "kg", 50e3, 90e3),
            item("Ikan Teri Kering", "kg", 60e3, 140e3),
        ],
    },
    Category {
        name: "livestock",
        weight: 0.06,
        producers: 18.0,
        local_material: (0.60, 1.0),
        certification_odds: [0.05, 0.15, 0.0, 0.0, 0.0],
        items: &[
            item("Sapi Potong", "ekor", 12e6, 22e6),
            item("Kambing", "ekor", 1.8e6, 4e6),
            item("Telur Ayam Kampung", "kg", 35e3, 55e3),
            item("Madu Lebah", "botol", 60e3, 180e3),
            item("Ayam Kampung", "ekor", 60e3, 120e3),
        ],
    },
    Category {
        name: "tourism",
        weight: 0.05,
        producers: 5.0,
        local_material: (0.50, 1.0),
        certification_odds: [0.0, 0.0, 0.0, 0.0, 0.05],
        items: &[
            item("Paket Wisata Goa", "paket", 25e3, 150e3),
            item("Paket Wisata Pantai", "paket", 15e3, 100e3),
            item("Homestay Desa", "paket", 100e3, 300e3),
            item("Paket Edukasi Batik", "paket", 50e3, 200e3),
            item("Wisata Religi", "paket", 10e3, 50e3),
        ],
    },
    Category {
        name: "other",
        weight: 0.07,
        producers: 6.0,
        local_material: (0.30, 0.90),
        certification_odds: [0.10, 0.05, 0.03, 0.08, 0.05],
        items: &[
            item("Pupuk Organik", "kg", 2e3, 5e3),
            item("Arang Batok", "kg", 6e3, 12e3),
            item("Sabun Herbal", "pcs", 8e3, 25e3),
            item("Minyak Kayu Putih", "botol", 15e3, 45e3),
            item("Bata Merah", "pcs", 700.0, 1.2e3),
        ],
    },
];

pub(super) const CERTIFICATIONS: [&str; 5] = ["pirt", "halal", "bpom", "sni", "haki"];
pub(super) const DESIGN_ORIGINS: [&str; 3] = ["copied", "market", "own"];

pub(super) fn category_index(name: &str) -> Option<usize> {
    CATEGORIES.iter().position(|c| c.name == name)
}

/// One row of `products`, plus the weight that decides its share of the sales rows.
pub(super) struct Product {
    pub(super) id: String,
    pub(super) village: usize,
    pub(super) name: String,
    pub(super) category: usize,
    pub(super) unit: &'static str,
    pub(super) producers: u32,
    pub(super) workers: u32,
    pub(super) local_material_share: f64,
    pub(super) capacity: i64,
    pub(super) unit_price: i64,
    pub(super) unit_cost: i64,
    pub(super) year_established: i32,
    pub(super) certifications: String,
    pub(super) packaging_level: u8,
    pub(super) design_origin: &'static str,
    /// The URL of a real product; `None` for a synthetic one.
    pub(super) source: Option<String>,
    pub(super) sales_weight: f64,
}

/// A product read from `--real-products`.
pub(super) struct RealProduct {
    pub(super) name: String,
    pub(super) category: usize,
    pub(super) source: String,
}

/// The sales years `first..=last`.
pub(super) struct Years {
    pub(super) first: i32,
    pub(super) last: i32,
}

impl Years {
    pub(super) fn new(last: i32, count: u32) -> Years {
        Years {
            first: last - count as i32 + 1,
            last,
        }
    }
}

/// Candidate products in village code order (real ones first within their
/// village), with ids assigned in that order.
pub(super) fn plan_products(
    args: &GenerateArgs,
    areas: &Areas,
    selected: &[usize],
    real: &BTreeMap<usize, Vec<RealProduct>>,
    years: &Years,
) -> Vec<Product> {
    let mut rng = stream(args.seed, Stage::Products, 0);
    let mut products = Vec::new();
    let mut district_weights = Vec::new();
    let mut district = "";
    for &village in selected {
        let v = areas.villages[village];
        if v.district_code != district {
            district = &v.district_code;
            district_weights = draw_district_weights(&mut rng);
        }
        let signature = pick(&mut rng, &district_weights);
        let count = draw_product_count(&mut rng, args.products_per_village);
        let mut names: Vec<String> = Vec::new();
        let mut items: Vec<(usize, usize)> = Vec::new();
        for r in real.get(&village).map(Vec::as_slice).unwrap_or_default() {
            let item = matching_item(&mut rng, r.category, &r.name);
            let draw = Draw {
                village,
                category: r.category,
                item,
                signature: r.category == signature,
            };
            products.push(draw_product(
                &mut rng,
                &draw,
                r.name.clone(),
                Some(r.source.clone()),
                years,
            ));
            names.push(r.name.clone());
            items.push((r.category, item));
        }
        for _ in names.len()..count {
            let category = if rng.random_bool(0.45) {
                signature
            } else {
                pick(&mut rng, &district_weights)
            };
            let item = fresh_item(&mut rng, category, &items);
            let name = unique_name(&names, CATEGORIES[category].items[item].name, &v.name);
            let draw = Draw {
                village,
                category,
                item,
                signature: category == signature,
            };
            products.push(draw_product(&mut rng, &draw, name.clone(), None, years));
            names.push(name);
            items.push((category, item));
        }
    }
    let width = products.len().to_string().len().max(6);
    for (i, product) in products.iter_mut().enumerate() {
        product.id = format!("P{:0width$}", i + 1);
    }
    products
}

/// Category weights of one kecamatan: the national mix with two specialities boosted.
pub(super) fn draw_district_weights(rng: &mut StdRng) -> Vec<f64> {
    let mut weights: Vec<f64> = CATEGORIES.iter().map(|c| c.weight).collect();
    for _ in 0..2 {
        let special = rng.random_range(0..weights.len());
        weights[special] *= rng.random_range(3.0..7.0);
    }
    weights
}

/// 1..=2K-1 products (mean K), none in about 6% of villages.
pub(super) fn draw_product_count(rng: &mut StdRng, mean: usize) -> usize {
    if mean == 0 || rng.random_bool(0.06) {
        0
    } else {
        rng.random_range(1..=2 * mean - 1)
    }
}

/// The item of a category whose words best match a real product's name, for its unit and prices.
pub(super) fn matching_item(rng: &mut StdRng, category: usize, name: &str) -> usize {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let items = CATEGORIES[category].items;
    let score = |item: &Item| {
        item.name
            .split(' ')
            .filter(|w| words.contains(&w.to_lowercase()))
            .count()
    };
    let best = (0..items.len()).max_by_key(|&i| (score(&items[i]), std::cmp::Reverse(i)));
    match best {
        Some(i) if score(&items[i]) > 0 => i,
        _ => rng.random_range(0..items.len()),
    }
}

/// An item of `category` that the village does not make yet, if one is left.
pub(super) fn fresh_item(rng: &mut StdRng, category: usize, taken: &[(usize, usize)]) -> usize {
    let all = CATEGORIES[category].items.len();
    let unused: Vec<usize> = (0..all)
        .filter(|&i| !taken.contains(&(category, i)))
        .collect();
    match unused.len() {
        0 => rng.random_range(0..all),
        n => unused[rng.random_range(0..n)],
    }
}

/// "Keripik Singkong Margorejo", or with a number when the village already has that name.
pub(super) fn unique_name(taken: &[String], stem: &str, village: &str) -> String {
    let base = format!("{stem} {village}");
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base} {n}");
        n += 1;
    }
    name
}

/// What is fixed about a product before its attributes are drawn.
pub(super) struct Draw {
    pub(super) village: usize,
    pub(super) category: usize,
    pub(super) item: usize,
    /// The village's signature category: more producers, so the village's LQ rises.
    pub(super) signature: bool,
}

pub(super) fn draw_product(
    rng: &mut StdRng,
    draw: &Draw,
    name: String,
    source: Option<String>,
    years: &Years,
) -> Product {
    let category = &CATEGORIES[draw.category];
    let item = &category.items[draw.item];
    let spread = LogNormal::new(0.0, 0.7).expect("valid lognormal");
    let boost = if draw.signature { 2.5 } else { 1.0 };
    let producers = (category.producers * boost * spread.sample(rng))
        .round()
        .max(1.0) as u32;
    let workers = (producers as f64 * rng.random_range(1.0..4.0))
        .round()
        .max(producers as f64) as u32;
    let (lo, hi) = item.price;
    let unit_price = round_price((lo.ln() + rng.random::<f64>() * (hi / lo).ln()).exp());
    let unit_cost = round_price(unit_price as f64 * rng.random_range(0.45..0.88))
        .min(unit_price - 1)
        .max(1);
    let output_per_producer = 40e6 * spread.sample(rng);
    let capacity = (producers as f64 * output_per_producer / unit_price as f64)
        .round()
        .max(1.0) as i64;
    let (m_lo, m_hi) = category.local_material;
    let real = source.is_some();
    Product {
        id: String::new(),
        village: draw.village,
        name,
        category: draw.category,
        unit: item.unit,
        producers,
        workers,
        local_material_share: round2(rng.random_range(m_lo..=m_hi)),
        capacity,
        unit_price,
        unit_cost,
        year_established: draw_year_established(rng, years),
        certifications: draw_certifications(rng, &category.certification_odds),
        packaging_level: [1, 2, 3][pick(rng, &[0.45, 0.38, 0.17])],
        design_origin: DESIGN_ORIGINS[pick(rng, &[0.30, 0.35, 0.35])],
        source,
        // Real products always sell; about 5% of the synthetic ones sell nothing.
        sales_weight: draw_sales_weight(rng, real, producers),
    }
}

/// A product's share of the sales rows: skewed (a few big sellers), larger with
/// more producers. Real products always sell, at least a median amount; about 5%
/// of the synthetic ones sell nothing.
pub(super) fn draw_sales_weight(rng: &mut StdRng, real: bool, producers: u32) -> f64 {
    if !real && rng.random_bool(0.05) {
        return 0.0;
    }
    let draw: f64 = LogNormal::new(0.0, 1.2)
        .expect("valid lognormal")
        .sample(rng);
    let draw = if real { draw.max(1.0) } else { draw };
    draw * f64::from(producers).sqrt()
}

/// Mostly long-established; some start inside the sales window (so CAGR can be undefined).
pub(super) fn draw_year_established(rng: &mut StdRng, years: &Years) -> i32 {
    if rng.random_bool(0.88) {
        rng.random_range(years.first - 45..years.first)
    } else {
        rng.random_range(years.first..=years.last.max(years.first + 1) - 1)
    }
}

pub(super) fn draw_certifications(rng: &mut StdRng, odds: &[f64; 5]) -> String {
    let held: Vec<&str> = CERTIFICATIONS
        .iter()
        .zip(odds)
        .filter(|(_, &p)| rng.random_bool(p))
        .map(|(name, _)| *name)
        .collect();
    held.join(";")
}

/// Rupiah prices as shops quote them: to 500 above Rp 10,000, to 100 above Rp 1,000.
pub(super) fn round_price(price: f64) -> i64 {
    let step = if price >= 10e3 {
        500.0
    } else if price >= 1e3 {
        100.0
    } else {
        1.0
    };
    ((price / step).round() * step).max(1.0) as i64
}

pub(super) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
