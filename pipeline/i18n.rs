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
    lookup(lang, key).unwrap_or(key)
}

/// The label for `key` in `lang`, or None when there is none.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, id, en)| if lang == Lang::Id { *id } else { *en })
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
        "attribution",
        "Kode wilayah: idn-area-data 4.0.1 (Kepmendagri 2025), ODbL 1.0",
        "Area codes: idn-area-data 4.0.1 (Kepmendagri 2025), ODbL 1.0",
    ),
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
        "chart.relatedness.title",
        "Keterkaitan dan kompleksitas: kandidat dan produk berikutnya",
        "Relatedness and complexity: candidates and next products",
    ),
    (
        "chart.relatedness.subtitle",
        "Titik penuh: {c} kandidat teratas di kategorinya; lingkaran: produk berikutnya desa terpilih teratas. Garis: median kepadatan {d}; PCI 0 = rata-rata desa",
        "Filled: the top {c} candidates in their own category; rings: the first next product of the strongest picks' villages. Lines: median density {d}; PCI 0 = the average village",
    ),
    ("chart.relatedness.ideal", "Terkait & kompleks", "Related & complex"),
    ("chart.relatedness.leap", "Kompleks, tapi jauh", "Complex but distant"),
    ("chart.relatedness.easy", "Terkait, tapi sederhana", "Related but simple"),
    ("chart.relatedness.least", "Jauh & sederhana", "Distant & simple"),
    (
        "chart.axis.density",
        "Kepadatan keterkaitan dengan spesialisasi desa (0–1)",
        "Relatedness density to the village's specialisations (0–1)",
    ),
    (
        "chart.axis.pci",
        "Kompleksitas kategori (PCI)",
        "Category complexity (PCI)",
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
    ("chart.legend.product", "Produk", "Product"),
    ("chart.legend.category", "Kategori", "Category"),
    (
        "chart.sales_trend.title",
        "Nilai penjualan per tahun: {n} produk dengan peringkat potensi tertinggi",
        "Sales value per year: top {n} products by potential rank",
    ),
    (
        "chart.sales_trend.subtitle",
        "Produk berpenjualan; tahun tanpa penjualan bernilai 0",
        "Products with sales; a year without sales counts as 0",
    ),
    (
        "chart.axis.sales_value_rp",
        "Nilai penjualan (Rp)",
        "Sales value (Rp)",
    ),
    (
        "chart.axis.sales_value_juta",
        "Nilai penjualan (Rp juta)",
        "Sales value (Rp million)",
    ),
    (
        "chart.axis.sales_value_miliar",
        "Nilai penjualan (Rp miliar)",
        "Sales value (Rp billion)",
    ),
    ("chart.axis.year", "Tahun", "Year"),
    // maps (SPEC §6)
    (
        "chart.map.title",
        "Produk OVOP terpilih per desa",
        "OVOP pick of each village",
    ),
    (
        "chart.map.subtitle",
        "Warna: kategori produk terpilih; garis tebal: batas kecamatan",
        "Colour: category of the pick; thick lines: kecamatan (district) boundaries",
    ),
    (
        "chart.map_stars.title",
        "Bintang produk OVOP terpilih per desa",
        "Stars of each village's OVOP pick",
    ),
    (
        "chart.map_stars.subtitle",
        "Bintang 1–5 menurut skor potensi; garis tebal: batas kecamatan",
        "Stars 1–5 by potential score; thick lines: kecamatan (district) boundaries",
    ),
    (
        "chart.map.subtitle_points",
        "Warna: kategori produk terpilih; titik: pusat desa (tanpa poligon batas)",
        "Colour: category of the pick; points: village centres (no boundary polygons)",
    ),
    (
        "chart.map_stars.subtitle_points",
        "Bintang 1–5 menurut skor potensi; titik: pusat desa (tanpa poligon batas)",
        "Stars 1–5 by potential score; points: village centres (no boundary polygons)",
    ),
    ("map.legend.category", "Kategori produk terpilih", "Category of the pick"),
    ("map.legend.stars", "Bintang produk terpilih", "Stars of the pick"),
    ("map.no_candidates", "Tanpa kandidat", "No candidates"),
    (
        "map.held_back",
        "Kandidat tertahan syarat sertifikasi",
        "Candidates held back by a certification gate",
    ),
    (
        "map.no_boundary",
        "{n} desa tanpa batas wilayah di berkas batas, tidak tergambar",
        "{n} villages have no boundary in the boundary file and are not drawn",
    ),
    (
        "map.no_point",
        "{n} desa tanpa titik pusat, tidak tergambar",
        "{n} villages have no centre point and are not drawn",
    ),
    ("map.north", "U", "N"),
    ("map.kec", "Kec.", "Kec."),
    ("map.score", "skor", "score"),
    (
        "map.projection",
        "Proyeksi ekuirektangular lokal, φ₀ = {lat}°",
        "Local equirectangular projection, φ₀ = {lat}°",
    ),
    (
        "map.credit.bundled",
        "Batas desa: cahyadsn/wilayah_boundaries (MIT), dari data BIG; indikatif",
        "Village boundaries: cahyadsn/wilayah_boundaries (MIT), from BIG data; indicative",
    ),
    (
        "map.credit.centroids",
        "Titik desa: cahyadsn/wilayah_boundaries (MIT), dari data BIG; indikatif",
        "Village points: cahyadsn/wilayah_boundaries (MIT), from BIG data; indicative",
    ),
    ("map.credit.file", "Batas desa: {file}", "Village boundaries: {file}"),
    (
        "chart.district_summary.title",
        "Produk OVOP terpilih per kecamatan, menurut kategori",
        "OVOP picks per district (kecamatan), by category",
    ),
    (
        "chart.district_summary.subtitle",
        "Satu produk terpilih per desa; di ujung batang: jumlah kandidat di kecamatan",
        "One pick per village; at the bar end: candidates in the district",
    ),
    ("chart.district_summary.candidates", "{n} kandidat", "{n} candidates"),
    ("chart.district_summary.candidate", "{n} kandidat", "{n} candidate"),
    ("chart.unknown_district", "(kecamatan tidak diketahui)", "(unknown district)"),
    (
        "chart.axis.picks",
        "Produk terpilih (jumlah desa)",
        "OVOP picks (number of villages)",
    ),
    ("chart.axis.district", "Kecamatan", "District (kecamatan)"),
    (
        "chart.sensitivity.title",
        "Kepekaan peringkat terhadap bobot: {n} produk teratas",
        "Rank sensitivity to the weights: top {n} products",
    ),
    (
        "chart.sensitivity.subtitle",
        "Garis: peringkat persentil ke-5 sampai ke-95 atas undian bobot; titik: rata-rata peringkat",
        "Line: 5th to 95th percentile rank over weight draws; dot: mean rank",
    ),
    (
        "chart.axis.rank",
        "Peringkat kabupaten (1 = terbaik)",
        "Regency rank (1 = best)",
    ),
    (
        "chart.criteria_profile.title",
        "Profil kriteria: {n} produk dengan peringkat potensi tertinggi",
        "Criteria profile: top {n} products by potential rank",
    ),
    (
        "chart.criteria_profile.subtitle",
        "Nilai ternormalisasi; kriteria biaya dibalik, jadi lebih panjang selalu lebih baik",
        "Normalised values; cost criteria reversed, so longer is always better",
    ),
    (
        "chart.axis.normalised",
        "Nilai ternormalisasi (0–1)",
        "Normalised value (0–1)",
    ),
    ("chart.axis.criterion", "Kriteria", "Criterion"),
    ("chart.expert", "penilaian ahli", "expert score"),
    // criteria (SPEC §5.2)
    ("criterion.lq", "Kuosien lokasi (LQ)", "Location quotient (LQ)"),
    ("criterion.producers", "Jumlah produsen", "Producers"),
    ("criterion.workers", "Tenaga kerja", "Workers"),
    (
        "criterion.labour_absorption",
        "Penyerapan tenaga kerja",
        "Labour absorption",
    ),
    (
        "criterion.local_material_share",
        "Bahan baku lokal",
        "Local material share",
    ),
    (
        "criterion.value_added_ratio",
        "Rasio nilai tambah",
        "Value-added ratio",
    ),
    (
        "criterion.sales_growth",
        "Pertumbuhan penjualan",
        "Sales growth",
    ),
    ("criterion.reach_index", "Indeks jangkauan pasar", "Market reach index"),
    (
        "criterion.outside_regency_share",
        "Pangsa di luar kabupaten",
        "Share outside the regency",
    ),
    ("criterion.sector_lq", "LQ sektor di kabupaten", "Sector LQ in the regency"),
    ("criterion.sector_growth", "Pertumbuhan sektor di kabupaten", "Sector growth in the regency"),
    ("criterion.relatedness_density", "Keterkaitan (density) dengan spesialisasi desa", "Relatedness density to the village's specialisations"),
    ("criterion.category_complexity", "Kompleksitas kategori (PCI)", "Category complexity (PCI)"),
    ("table.relatedness", "Keterkaitan desa × kategori dan produk berikutnya", "Relatedness by village and category, and next products"),
    ("table.village_complexity", "Kompleksitas ekonomi desa (ECI, COI)", "Economic complexity of villages (ECI, COI)"),
    ("column.rca", "RCA (= LQ)", "RCA (= LQ)"),
    ("column.m", "Terspesialisasi (RCA ≥ ambang)", "Specialised (RCA ≥ threshold)"),
    ("column.ubiquity", "Desa terspesialisasi (ubikuitas)", "Villages specialised (ubiquity)"),
    ("column.density", "Kepadatan keterkaitan", "Relatedness density"),
    ("column.distance", "Jarak (1 − kepadatan)", "Distance (1 − density)"),
    ("column.pci", "Kompleksitas kategori (PCI)", "Category complexity (PCI)"),
    ("column.cog", "Tambahan peluang kompleksitas (COG)", "Complexity outlook gain (COG)"),
    ("column.next_rank", "Urutan produk berikutnya", "Next-product rank"),
    ("column.small_village", "Desa kecil (LQ tidak stabil)", "Small village (unstable LQ)"),
    ("column.diversity", "Keragaman (kategori terspesialisasi)", "Diversity (categories specialised)"),
    ("column.eci", "Kompleksitas ekonomi desa (ECI)", "Village economic complexity (ECI)"),
    ("column.coi", "Peluang kompleksitas (COI)", "Complexity outlook (COI)"),
    ("column.note", "Catatan", "Note"),
    // sales channels (SPEC §3)
    ("channel.direct", "Penjualan langsung", "Direct sale"),
    ("channel.reseller", "Pengecer / pedagang", "Reseller"),
    ("channel.marketplace", "Daring (marketplace)", "Online marketplace"),
    ("channel.exhibition", "Pameran", "Exhibition"),
    ("channel.export_agent", "Agen ekspor", "Export agent"),
    ("channel.unknown", "Tidak diketahui", "Unknown"),
    // design origin (SPEC §3)
    ("design_origin.copied", "Meniru", "Copied"),
    ("design_origin.market", "Mengikuti pasar", "Market-led"),
    ("design_origin.own", "Desain sendiri", "Own design"),
    // economic base charts (SPEC §6)
    ("chart.economic_base.title", "Basis ekonomi: LQ per sektor, {year}", "Economic base: LQ by sector, {year}"),
    ("chart.economy.subtitle", "Dibandingkan dengan {reference} · {measure} · {first}–{last}", "Against {reference} · {measure} · {first}–{last}"),
    ("chart.economy.reference_sum", "jumlah wilayah yang dibandingkan", "the sum of the compared regions"),
    ("chart.shift_share.title", "Shift-share: komponen pertumbuhan sektor {first}–{last}", "Shift-share: components of sector growth {first}–{last}"),
    ("chart.shift_share.n", "Pertumbuhan pembanding (N)", "Reference share (N)"),
    ("chart.shift_share.m", "Bauran industri (M)", "Industry mix (M)"),
    ("chart.shift_share.s", "Keunggulan kompetitif (S)", "Regional shift (S)"),
    ("chart.klassen.title", "Tipologi Klassen sektor: pertumbuhan dan LQ", "Klassen typology of sectors: growth and LQ"),
    ("chart.legend.lq_class", "Kelas SLQ-DLQ", "SLQ-DLQ class"),
    ("chart.legend.component", "Komponen", "Component"),
    ("chart.legend.klassen", "Kuadran", "Quadrant"),
    ("chart.axis.slq", "LQ statis (1 = sama dengan pembanding)", "Static LQ (1 = as the reference)"),
    ("chart.axis.sector", "Sektor", "Sector"),
    ("chart.axis.change_components", "Perubahan nilai (satuan data)", "Change in value (data units)"),
    ("chart.axis.growth_gap", "Selisih pertumbuhan rata-rata per tahun dengan pembanding (poin persen)", "Mean yearly growth minus the reference's (percentage points)"),
    ("chart.axis.slq_mean", "LQ rata-rata", "Mean LQ"),
    ("lq_class.unggulan", "Unggulan", "Leading (base, growing)"),
    ("lq_class.prospektif", "Prospektif", "Prospective (base, slowing)"),
    ("lq_class.andalan", "Andalan", "Emerging (not base, growing)"),
    ("lq_class.tertinggal", "Tertinggal", "Lagging"),
    ("klassen.maju_tumbuh_pesat", "Maju dan tumbuh pesat", "Advanced and fast-growing"),
    ("klassen.maju_tertekan", "Maju tapi tertekan", "Advanced but depressed"),
    ("klassen.potensial", "Potensial (berkembang)", "Potential (developing)"),
    ("klassen.tertinggal", "Relatif tertinggal", "Relatively lagging"),
    // PDRB sectors (BPS lapangan usaha, 17 categories)
    ("sector.A", "Pertanian, Kehutanan, dan Perikanan", "Agriculture, forestry and fishing"),
    ("sector.B", "Pertambangan dan Penggalian", "Mining and quarrying"),
    ("sector.C", "Industri Pengolahan", "Manufacturing"),
    ("sector.D", "Pengadaan Listrik dan Gas", "Electricity and gas"),
    ("sector.E", "Pengadaan Air, Pengelolaan Sampah, Limbah dan Daur Ulang", "Water supply and waste management"),
    ("sector.F", "Konstruksi", "Construction"),
    ("sector.G", "Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor", "Wholesale and retail trade; vehicle repair"),
    ("sector.H", "Transportasi dan Pergudangan", "Transportation and storage"),
    ("sector.I", "Penyediaan Akomodasi dan Makan Minum", "Accommodation and food service"),
    ("sector.J", "Informasi dan Komunikasi", "Information and communication"),
    ("sector.K", "Jasa Keuangan dan Asuransi", "Financial and insurance services"),
    ("sector.L", "Real Estat", "Real estate"),
    ("sector.M-N", "Jasa Perusahaan", "Business services"),
    ("sector.O", "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib", "Public administration, defence and social security"),
    ("sector.P", "Jasa Pendidikan", "Education"),
    ("sector.Q", "Jasa Kesehatan dan Kegiatan Sosial", "Health and social work"),
    ("sector.R-U", "Jasa Lainnya", "Other services"),
    ("sector.TOTAL", "PDRB (total)", "GRDP (total)"),
    // datasets
    ("dataset.villages", "Desa", "Villages"),
    ("dataset.products", "Produk", "Products"),
    ("dataset.sales", "Penjualan", "Sales"),
    ("dataset.economy", "Ekonomi wilayah", "Regional economy"),
    ("dataset.assessments", "Penilaian ahli", "Expert scores"),
    // quarantine actions
    ("action.row_rejected", "Baris ditolak", "Row rejected"),
    ("action.value_dropped", "Nilai dikosongkan (baris dipakai)", "Value emptied (row kept)"),
    // missing values (scoring.missing)
    ("missing.worst", "dinilai terburuk", "scored as the worst"),
    ("missing.neutral", "dinilai rata-rata", "scored as the mean"),
    ("missing.exclude", "tidak dihitung, bobot lain diskalakan", "left out, other weights rescaled"),
    ("no_data", "tidak ada data", "no data"),
    // scoring methods and normalisations (docs/methods.md §4)
    ("method.saw", "SAW (pembobotan aditif sederhana)", "SAW (simple additive weighting)"),
    ("method.wp", "WP (produk terbobot)", "WP (weighted product)"),
    ("method.mpe", "MPE (metode perbandingan eksponensial)", "MPE (exponential comparison method)"),
    ("method.topsis", "TOPSIS", "TOPSIS"),
    ("method.borda", "Borda", "Borda"),
    (
        "method.bayes",
        "Bayes (jumlah terbobot skor ordinal, seperti KPJU)",
        "Bayes (weighted sum of ordinal scores, as in KPJU)",
    ),
    (
        "method.cpi",
        "CPI (indeks kinerja komparatif)",
        "CPI (comparative performance index)",
    ),
    ("normalisation.minmax", "min–maks", "min–max"),
    ("normalisation.vector", "vektor", "vector"),
    ("normalisation.max", "terhadap maksimum", "by the maximum"),
    ("normalisation.sum", "terhadap jumlah", "by the sum"),
    // report tables
    ("table.village_selection", "Pilihan OVOP per desa", "OVOP pick per village"),
    ("table.product_scores", "Skor produk kandidat", "Candidate product scores"),
    ("table.market_reach", "Jangkauan pasar per produk", "Market reach per product"),
    ("table.sensitivity", "Kepekaan peringkat terhadap bobot", "Rank sensitivity to the weights"),
    ("table.rank_acceptability", "Peluang tiap peringkat di desa (SMAA)", "Chance of each rank in the village (SMAA)"),
    ("table.central_weights", "Bobot tengah tiap pilihan (SMAA)", "Central weights of each pick (SMAA)"),
    ("column.confidence_factor", "Faktor keyakinan (SMAA-2)", "Confidence factor (SMAA-2)"),
    ("column.rank_1", "Peluang peringkat 1", "Share of draws at rank 1"),
    ("column.rank_2", "Peluang peringkat 2", "Share of draws at rank 2"),
    ("column.rank_3", "Peluang peringkat 3", "Share of draws at rank 3"),
    ("column.rank_4_plus", "Peluang peringkat 4 atau lebih", "Share of draws at rank 4 or below"),
    ("table.economic_base", "Basis ekonomi: LQ per sektor dan tahun", "Economic base: LQ by sector and year"),
    ("table.shift_share", "Shift-share, DLQ dan Klassen per sektor", "Shift-share, DLQ and Klassen by sector"),
    ("column.region_code", "Kode wilayah", "Region code"),
    ("column.region_name", "Wilayah", "Region"),
    ("column.sector", "Sektor", "Sector"),
    ("column.year", "Tahun", "Year"),
    ("column.value", "Nilai", "Value"),
    ("column.region_total", "Total wilayah", "Region total"),
    ("column.reference_value", "Nilai pembanding", "Reference value"),
    ("column.reference_total", "Total pembanding", "Reference total"),
    ("column.slq", "SLQ", "SLQ"),
    ("column.reference", "Wilayah pembanding", "Reference region"),
    ("column.measure", "Ukuran", "Measure"),
    ("column.first_year", "Tahun awal", "First year"),
    ("column.last_year", "Tahun akhir", "Last year"),
    ("column.value_first", "Nilai tahun awal", "Value, first year"),
    ("column.value_last", "Nilai tahun akhir", "Value, last year"),
    ("column.change", "Perubahan", "Change"),
    ("column.reference_share", "Pertumbuhan pembanding (N)", "Reference share (N)"),
    ("column.industry_mix", "Bauran industri (M)", "Industry mix (M)"),
    ("column.regional_shift", "Keunggulan kompetitif (S)", "Regional shift (S)"),
    ("column.homothetic", "Nilai homotetik (E-M)", "Homothetic value (E-M)"),
    ("column.competitive_effect", "Efek kompetitif (E-M)", "Competitive effect (E-M)"),
    ("column.allocation_effect", "Efek alokasi (E-M)", "Allocation effect (E-M)"),
    ("column.dynamic_reference_share", "N dinamis", "Dynamic N"),
    ("column.dynamic_industry_mix", "M dinamis", "Dynamic M"),
    ("column.dynamic_regional_shift", "S dinamis", "Dynamic S"),
    ("column.growth", "Pertumbuhan rata-rata per tahun", "Mean yearly growth"),
    ("column.reference_growth", "Pertumbuhan pembanding per tahun", "Reference mean yearly growth"),
    ("column.slq_mean", "SLQ rata-rata", "Mean SLQ"),
    ("column.dlq", "DLQ", "DLQ"),
    ("column.lq_class", "Kelas SLQ-DLQ", "SLQ-DLQ class"),
    ("column.klassen_lq", "Tipologi Klassen (LQ)", "Klassen type (LQ)"),
    ("column.klassen_contribution", "Tipologi Klassen (kontribusi)", "Klassen type (contribution)"),
    ("column.share_mean", "Kontribusi rata-rata", "Mean share"),
    ("column.reference_share_mean", "Kontribusi pembanding", "Reference mean share"),
    ("column.missing_years", "Tahun tanpa data", "Years without data"),
    ("table.rejected", "Baris ditolak dan nilai dikosongkan", "Rejected rows and emptied values"),
    // table columns (the marts keep the English names; docs/data-contracts.md)
    ("column.product_id", "ID produk", "Product id"),
    ("column.product_name", "Nama produk", "Product"),
    ("column.category", "Kategori", "Category"),
    ("column.village_code", "Kode desa", "Village code"),
    ("column.village_name", "Desa", "Village"),
    ("column.district_code", "Kode kecamatan", "District code"),
    ("column.district_name", "Kecamatan", "District"),
    ("column.source", "Sumber", "Source"),
    ("column.sales_value", "Nilai penjualan (Rp)", "Sales value (Rp)"),
    ("column.sales_quantity", "Jumlah terjual", "Quantity sold"),
    ("column.sales_rows", "Transaksi", "Sales rows"),
    ("column.destinations", "Jumlah tujuan", "Destinations"),
    ("column.destination_hhi", "Konsentrasi tujuan (HHI)", "Destination concentration (HHI)"),
    ("column.destination_entropy", "Keragaman tujuan (entropi)", "Destination diversity (entropy)"),
    ("column.cagr", "Pertumbuhan tahunan (CAGR)", "Annual growth (CAGR)"),
    ("column.yoy_growth", "Pertumbuhan tahun terakhir", "Last-year growth"),
    ("column.capacity_utilisation", "Utilisasi kapasitas", "Capacity utilisation"),
    ("column.potential_score", "Skor potensi (0–100)", "Potential score (0–100)"),
    ("column.rank_regency", "Peringkat wilayah", "Rank in the region"),
    ("column.rank_village", "Peringkat di desa", "Rank in the village"),
    ("column.rank_category", "Peringkat di kategori", "Rank in the category"),
    ("column.stars", "Bintang", "Stars"),
    ("column.quadrant", "Kuadran", "Quadrant"),
    (
        "column.gate",
        "Tidak dapat dipilih karena",
        "Cannot be the pick because",
    ),
    ("column.missing_criteria", "Kriteria tanpa data", "Criteria without data"),
    ("column.candidates", "Jumlah kandidat", "Candidates"),
    ("column.runner_up_id", "ID runner-up", "Runner-up id"),
    ("column.runner_up_name", "Runner-up", "Runner-up"),
    ("column.runner_up_score", "Skor runner-up", "Runner-up score"),
    ("column.margin", "Selisih skor", "Score margin"),
    ("column.p_stays_pick", "Peluang tetap terpilih", "P(stays the pick)"),
    ("column.flip_criterion", "Kriteria pengubah pilihan", "Criterion that flips the pick"),
    ("column.flip_weight_change", "Perubahan bobot terkecil", "Smallest weight change"),
    ("column.flip_challenger_id", "ID penantang", "Challenger id"),
    ("column.mean_rank", "Rata-rata peringkat", "Mean rank"),
    ("column.rank_p05", "Peringkat persentil 5", "5th percentile rank"),
    ("column.rank_p95", "Peringkat persentil 95", "95th percentile rank"),
    ("column.p_village_pick", "Peluang terpilih di desa", "P(village pick)"),
    ("column.dataset", "Data", "Dataset"),
    ("column.batch", "Batch", "Batch"),
    ("column.file", "Berkas", "File"),
    ("column.line", "Baris", "Line"),
    ("column.column", "Kolom", "Column"),
    ("column.reason", "Alasan", "Reason"),
    ("column.action", "Tindakan", "Action"),
    ("column.data_note", "Catatan data", "Data note"),
    // input columns (the quarantine names them)
    ("column.population", "Jumlah penduduk", "Population"),
    ("column.households", "Jumlah rumah tangga", "Households"),
    ("column.area_km2", "Luas (km²)", "Area (km²)"),
    ("column.lat", "Lintang", "Latitude"),
    ("column.lon", "Bujur", "Longitude"),
    ("column.capacity", "Kapasitas (per tahun)", "Capacity (per year)"),
    ("column.unit", "Satuan", "Unit"),
    ("column.unit_price_idr", "Harga satuan (Rp)", "Unit price (Rp)"),
    ("column.unit_cost_idr", "Biaya satuan (Rp)", "Unit cost (Rp)"),
    ("column.year_established", "Tahun berdiri", "Year established"),
    ("column.certifications", "Sertifikasi", "Certifications"),
    ("column.packaging_level", "Tingkat kemasan", "Packaging level"),
    ("column.design_origin", "Asal desain", "Design origin"),
    ("column.date", "Tanggal", "Date"),
    ("column.month", "Bulan", "Month"),
    ("column.buyer_region", "Wilayah pembeli", "Buyer region"),
    ("column.value_idr", "Nilai (Rp)", "Value (Rp)"),
    ("column.quantity", "Jumlah", "Quantity"),
    ("column.channel", "Saluran", "Channel"),
    ("column.assessor", "Penilai", "Assessor"),
    ("column.criterion", "Kriteria", "Criterion"),
    ("column.score", "Skor", "Score"),
    ("column.share", "Pangsa {x}", "Share {x}"),
    ("column.share_channel", "Pangsa saluran: {x}", "Share by channel: {x}"),
    ("column.norm", "{x} (ternormalisasi)", "{x} (normalised)"),
    ("column.expert", "Ahli: {x}", "Expert: {x}"),
    ("column.expert_sd", "Ahli: {x} (simpangan baku)", "Expert: {x} (std. dev.)"),
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
