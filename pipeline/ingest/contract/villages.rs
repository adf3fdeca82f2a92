//! The `villages` dataset: its columns, their kinds, which are required, the
//! header spellings planners use, and its `ovop init` template.

use super::{col, ColumnSpec, Kind};

pub const COLUMNS: &[ColumnSpec] = &[
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

/// The `ovop init` template: header and an example row.
pub const TEMPLATE: (&[&str], &[&str]) = (
    &["village_code", "population", "households", "area_km2"],
    &["35.23.08.2008", "4210", "1190", "12"],
);
