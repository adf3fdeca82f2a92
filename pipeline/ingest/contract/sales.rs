//! The `sales` dataset: its columns, their kinds, which are required, the
//! header spellings planners use, and its `ovop init` template.

use super::{col, ColumnSpec, Kind};
use crate::domain::vocab::CHANNEL_VOCAB;

pub const COLUMNS: &[ColumnSpec] = &[
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

/// The `ovop init` template: header and an example row.
pub const TEMPLATE: (&[&str], &[&str]) = (
    &[
        "product_id",
        "date",
        "buyer_region",
        "value_idr",
        "quantity",
        "channel",
    ],
    &["P0001", "2024-03-15", "35.78", "1350000", "3", "reseller"],
);
