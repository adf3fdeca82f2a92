//! The `economy` dataset: its columns, their kinds, which are required, the
//! header spellings planners use, and its `ovop init` template.

use super::{col, ColumnSpec, Kind};
use crate::domain::vocab::{MEASURE_VOCAB, SECTOR_VOCAB};

pub const COLUMNS: &[ColumnSpec] = &[
    col(
        "region_code",
        Kind::RegionCode,
        true,
        &["kode_wilayah", "kode"],
    ),
    col("year", Kind::Year, true, &["tahun"]),
    col(
        "sector",
        Kind::OneOf(&SECTOR_VOCAB),
        true,
        &["sektor", "lapangan_usaha", "kategori"],
    ),
    col("value", Kind::NonNegative, true, &["nilai", "nilai_pdrb"]),
    col(
        "measure",
        Kind::OneOf(&MEASURE_VOCAB),
        false,
        &["ukuran", "jenis"],
    ),
    col(
        "region_name",
        Kind::Text,
        false,
        &["nama_wilayah", "wilayah"],
    ),
    col("note", Kind::Text, false, &["catatan", "keterangan"]),
];

/// The `ovop init` template: header and an example row.
pub const TEMPLATE: (&[&str], &[&str]) = (
    &["region_code", "year", "sector", "value", "measure"],
    &["35.23", "2023", "C", "25123", "pdrb_adhb"],
);
