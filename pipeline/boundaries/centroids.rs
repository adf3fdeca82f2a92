//! A point per village for studies without polygons: the national village
//! centroids of cahyadsn/wilayah_boundaries (MIT, from BIG data; 83,403 of
//! the 83,762 villages), compiled in as a 0.8 MB gzipped CSV of
//! `code,lat_e5,lon_e5` (`notebooks-data/geo/make_centroids.py`).

use std::collections::BTreeSet;
use std::io::Read;
use std::sync::OnceLock;

use geo::Point;

use super::{Boundaries, Shape};
use crate::i18n::Lang;
use crate::FastMap;

static CENTROIDS: &[u8] = include_bytes!("../../notebooks-data/geo/village_centroids.csv.gz");

/// Lon/lat of a village by dotted code, when the bundle has it.
pub fn point(code: &str) -> Option<Point<f64>> {
    table().get(&code.replace('.', "")).copied()
}

fn table() -> &'static FastMap<String, Point<f64>> {
    static TABLE: OnceLock<FastMap<String, Point<f64>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut text = String::with_capacity(2_400_000);
        // The bundle is ours and checked by a test; a damaged build yields no points.
        if flate2::read::GzDecoder::new(CENTROIDS)
            .read_to_string(&mut text)
            .is_err()
        {
            return FastMap::default();
        }
        let mut map = FastMap::with_capacity_and_hasher(84_000, Default::default());
        for line in text.lines().skip(1) {
            let mut parts = line.split(',');
            let (Some(code), Some(lat), Some(lon)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if let (Ok(lat), Ok(lon)) = (lat.parse::<i64>(), lon.parse::<i64>()) {
                map.insert(
                    code.to_string(),
                    Point::new(lon as f64 / 1e5, lat as f64 / 1e5),
                );
            }
        }
        map
    })
}

/// The wanted villages as points.
pub fn boundaries(wanted: &BTreeSet<String>, lang: Lang) -> Boundaries {
    let villages: std::collections::BTreeMap<String, Shape> = wanted
        .iter()
        .filter_map(|code| point(code).map(|p| (code.clone(), Shape::Point(p))))
        .collect();
    let mut notes = Vec::new();
    let missing = wanted.len() - villages.len();
    if missing > 0 {
        notes.push(format!(
            "{missing} of the study's {} villages have no point in the bundled centroids",
            wanted.len()
        ));
    }
    Boundaries {
        villages,
        districts: Default::default(),
        credit: crate::i18n::label(lang, "map.credit.centroids").to_string(),
        from_centroids: true,
        notes,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bundle_holds_every_village_of_java_with_its_point() {
        assert_eq!(super::table().len(), 83_403);
        // Jlodro, Kenduruan, Tuban: -6.93773,111.58109 in national_village_centroids.csv.
        let p = super::point("35.23.01.2001").unwrap();
        assert!((p.x() - 111.58109).abs() < 1e-9 && (p.y() + 6.93773).abs() < 1e-9);
    }
}
