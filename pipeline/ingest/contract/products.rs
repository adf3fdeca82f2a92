//! The `products` dataset: its columns, their kinds, which are required, the
//! header spellings planners use, and its `ovop init` template.

use super::{col, ColumnSpec, Kind};
use crate::domain::vocab::{CATEGORY_VOCAB, CERTIFICATION_VOCAB, DESIGN_ORIGIN_VOCAB};

pub const COLUMNS: &[ColumnSpec] = &[
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
    // A finer type than the category (`Legen siwalan` within food and
    // beverage), for relatedness by product type (`[relatedness] by`).
    col(
        "product_type",
        Kind::Text,
        false,
        &[
            "tipe_produk",
            "sub_kategori",
            "subkategori",
            "jenis_usaha",
            "produk_rinci",
        ],
    ),
];

/// The `ovop init` template: header and an example row.
pub const TEMPLATE: (&[&str], &[&str]) = (
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
);
