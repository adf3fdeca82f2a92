//! Fuzzes the boundary readers (`pipeline/boundaries/read.rs`): arbitrary bytes as a GeoJSON
//! file, or split into a shapefile's `.shp` and `.dbf`, read for a few Tuban villages and
//! turned into checked shapes. Library panics are not caught here (the shim below runs the
//! reader bare), so the fuzzer sees every one; ovop itself turns them into exit 2.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[macro_export]
macro_rules! bad_input {
    ($($arg:tt)*) => { anyhow::anyhow!($($arg)*) };
}

#[path = "../../../pipeline/boundaries/codes.rs"]
#[allow(dead_code)]
pub mod codes;
#[path = "../../../pipeline/boundaries/coords.rs"]
#[allow(dead_code)]
pub mod coords;
#[path = "../../../pipeline/boundaries/read.rs"]
#[allow(dead_code)]
pub mod read;
#[path = "../../../pipeline/boundaries/repair.rs"]
#[allow(dead_code)]
pub mod repair;

/// As in `pipeline/boundaries/mod.rs`.
#[allow(dead_code)]
#[derive(Debug, Clone)]
pub enum Shape {
    Area(geo::MultiPolygon<f64>),
    Point(geo::Point<f64>),
}

pub mod ingest {
    pub mod read {
        pub fn catch_input_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
            Ok(f())
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = if mode & 1 == 0 {
        let path = dir.path().join("b.geojson");
        std::fs::write(&path, rest).unwrap();
        path
    } else {
        let cut = rest.len() / 2;
        std::fs::write(dir.path().join("b.shp"), &rest[..cut]).unwrap();
        std::fs::write(dir.path().join("b.dbf"), &rest[cut..]).unwrap();
        dir.path().join("b.shp")
    };
    let wanted: std::collections::BTreeSet<String> =
        ["35.23.08.2001", "35.23.08.2002", "35.23.18.2016"].iter().map(|s| s.to_string()).collect();
    if let Ok(file) = read::read(&path, None, codes::Level::Village, &wanted) {
        let mut notes = Vec::new();
        let _ = repair::into_shapes(file, &path, None, &wanted, &mut notes);
    }
});
