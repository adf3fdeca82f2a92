//! The `assessments` dataset: its columns, their kinds, which are required, the
//! header spellings planners use, and its `ovop init` template.

use super::{col, ColumnSpec, Kind};

pub const COLUMNS: &[ColumnSpec] = &[
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

/// The `ovop init` template: header and an example row.
pub const TEMPLATE: (&[&str], &[&str]) = (
    &["product_id", "assessor", "criterion", "score"],
    &["P0001", "A1", "quality", "4"],
);
