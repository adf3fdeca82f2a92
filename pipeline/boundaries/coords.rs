//! Coordinates as boundary files carry them: GeoJSON in lon/lat (RFC 7946),
//! sometimes written lat/lon; shapefiles in lon/lat or in UTM metres (what
//! regency GIS offices use; Tuban lies in zone 49S), said by their `.prj`.

/// A coordinate system ovop can read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Crs {
    /// WGS84 (or DGN95, the same within a metre) longitude, latitude.
    LonLat,
    /// WGS84 UTM easting, northing in metres.
    Utm { zone: u8, south: bool },
}

impl Crs {
    /// `EPSG:4326`, `urn:ogc:def:crs:EPSG::32749`, `OGC:CRS84`, `EPSG:32649`.
    pub fn parse(text: &str) -> Result<Crs, String> {
        let t = text.trim().to_ascii_uppercase();
        if t.ends_with("CRS84") {
            return Ok(Crs::LonLat);
        }
        let code = t
            .rsplit(':')
            .next()
            .and_then(|c| c.parse::<u32>().ok())
            .ok_or_else(|| {
                format!("{text:?} is not an EPSG code; write e.g. \"EPSG:4326\" or \"EPSG:32749\"")
            })?;
        match code {
            4326 | 4755 => Ok(Crs::LonLat),
            32601..=32660 => Ok(Crs::Utm {
                zone: (code - 32600) as u8,
                south: false,
            }),
            32701..=32760 => Ok(Crs::Utm {
                zone: (code - 32700) as u8,
                south: true,
            }),
            _ => Err(format!(
                "EPSG:{code} is not supported; reproject the file to EPSG:4326 \
                 (QGIS: Export → Save Features As…, CRS EPSG:4326) or give a WGS84 UTM zone (EPSG:327xx)"
            )),
        }
    }

    /// The coordinate system of a shapefile's `.prj` (ESRI WKT).
    pub fn from_prj(wkt: &str) -> Result<Crs, String> {
        let upper = wkt.to_ascii_uppercase();
        if !upper.trim_start().starts_with("PROJCS") {
            return if upper.contains("GEOGCS") {
                Ok(Crs::LonLat)
            } else {
                Err(format!(
                    "the .prj does not describe a coordinate system: {wkt:.80}"
                ))
            };
        }
        // "WGS_1984_UTM_Zone_49S", "WGS 84 / UTM zone 49S", "DGN95 / UTM zone 49S".
        if let Some(at) = upper.find("UTM") {
            let rest = &upper[at + 3..];
            if let Some(z) = rest.find("ZONE") {
                let tail = rest[z + 4..].trim_start_matches([' ', '_']);
                let digits: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
                let hemisphere = tail[digits.len()..].chars().next();
                if let (Ok(zone), Some(h @ ('N' | 'S'))) = (digits.parse::<u8>(), hemisphere) {
                    if (1..=60).contains(&zone) {
                        return Ok(Crs::Utm {
                            zone,
                            south: h == 'S',
                        });
                    }
                }
            }
        }
        let name = wkt
            .split('"')
            .nth(1)
            .unwrap_or("a projected coordinate system");
        Err(format!(
            "the .prj says {name:?}, which ovop cannot convert; reproject to EPSG:4326 \
             (QGIS: Export → Save Features As…, CRS EPSG:4326) or to a WGS84 UTM zone"
        ))
    }
}

/// Longitudes and latitudes that put a point in or near Indonesia.
const LON: (f64, f64) = (94.0, 142.0);
const LAT: (f64, f64) = (-11.5, 6.5);

/// The extent of a set of coordinates as read: (min x, max x, min y, max y).
pub type Extent = (f64, f64, f64, f64);

/// Points that are not numbers (NaN, ±∞) are left out here and refused by
/// [`Fix::apply`].
pub fn extent(points: impl Iterator<Item = [f64; 2]>) -> Option<Extent> {
    points
        .filter(|[x, y]| x.is_finite() && y.is_finite())
        .fold(None, |e, [x, y]| {
            let (a, b, c, d) = e.unwrap_or((x, x, y, y));
            Some((a.min(x), b.max(x), c.min(y), d.max(y)))
        })
}

/// How to turn a file's coordinates into lon/lat.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fix {
    AsIs,
    /// The file wrote [lat, lon].
    Swap,
    Utm {
        zone: u8,
        south: bool,
    },
}

/// Decides how to read coordinates with this extent, given what the file
/// (or the study) says its coordinate system is.
pub fn fix_for(extent: Extent, crs: Option<Crs>, file: &str) -> Result<Fix, String> {
    let (x0, x1, y0, y1) = extent;
    if !(x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite()) {
        return Err(format!("{file}: a coordinate is not a finite number"));
    }
    if let Some(Crs::Utm { zone, south }) = crs {
        return Ok(Fix::Utm { zone, south });
    }
    // [lat, lon]: the first value is a latitude of Indonesia, the second a
    // longitude (and so no latitude at all, above 90).
    let inside = |(lo, hi): (f64, f64), a: f64, b: f64| a >= lo && b <= hi;
    if inside(LAT, x0, x1) && inside(LON, y0, y1) {
        return Ok(Fix::Swap);
    }
    if x0 >= -180.0 && x1 <= 180.0 && y0 >= -90.0 && y1 <= 90.0 {
        return Ok(Fix::AsIs);
    }
    if x0 >= 100_000.0 && x1 < 1_000_000.0 && y0 >= 0.0 && y1 <= 10_000_000.0 {
        return Err(format!(
            "{file}: coordinates are metres (x {x0:.0}–{x1:.0}, y {y0:.0}–{y1:.0}), likely UTM, \
             and the file does not say which zone; set [inputs.boundaries] crs = \"EPSG:32749\" \
             (UTM 49S: most of Jawa Timur; 48S: Jawa Barat and Jawa Tengah west of 108°E) \
             or export the file in EPSG:4326"
        ));
    }
    Err(format!(
        "{file}: coordinates are not longitude/latitude (x {x0}–{x1}, y {y0}–{y1}); \
         export the file in EPSG:4326 (WGS84 lon/lat)"
    ))
}

impl Fix {
    /// One coordinate as lon/lat; None when it is not a number (the
    /// geometry crate's algorithms assume comparable coordinates).
    pub fn apply(self, [x, y]: [f64; 2]) -> Option<[f64; 2]> {
        if !(x.is_finite() && y.is_finite()) {
            return None;
        }
        match self {
            Fix::AsIs => Some([x, y]),
            Fix::Swap => Some([y, x]),
            Fix::Utm { zone, south } => {
                let letter = if south { 'M' } else { 'N' };
                utm::wsg84_utm_to_lat_lon(x, y, zone, letter)
                    .ok()
                    .map(|(lat, lon)| [lon, lat])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crs_names_and_prj_files() {
        assert_eq!(Crs::parse("EPSG:4326"), Ok(Crs::LonLat));
        assert_eq!(
            Crs::parse("urn:ogc:def:crs:EPSG::32749"),
            Ok(Crs::Utm {
                zone: 49,
                south: true
            })
        );
        assert_eq!(Crs::parse("urn:ogc:def:crs:OGC:1.3:CRS84"), Ok(Crs::LonLat));
        assert!(Crs::parse("EPSG:3857").unwrap_err().contains("EPSG:4326"));
        let prj = r#"PROJCS["WGS_1984_UTM_Zone_49S",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"]]"#;
        assert_eq!(
            Crs::from_prj(prj),
            Ok(Crs::Utm {
                zone: 49,
                south: true
            })
        );
        let geog = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]]]"#;
        assert_eq!(Crs::from_prj(geog), Ok(Crs::LonLat));
        let mercator = r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS[]]"#;
        assert!(Crs::from_prj(mercator)
            .unwrap_err()
            .contains("WGS_1984_Web_Mercator_Auxiliary_Sphere"));
    }

    #[test]
    fn lat_lon_order_and_metres_are_detected_by_range() {
        // Tuban written [lat, lon].
        let swapped = (-7.17, -6.75, 111.56, 112.23);
        assert_eq!(fix_for(swapped, None, "f"), Ok(Fix::Swap));
        let right = (111.56, 112.23, -7.17, -6.75);
        assert_eq!(fix_for(right, None, "f"), Ok(Fix::AsIs));
        // Tuban's extent in UTM 49S (pyproj).
        let metres = (562_629.0, 635_101.0, 9_207_968.0, 9_253_257.0);
        assert!(fix_for(metres, None, "f")
            .unwrap_err()
            .contains("EPSG:32749"));
        assert_eq!(
            fix_for(
                metres,
                Some(Crs::Utm {
                    zone: 49,
                    south: true
                }),
                "f"
            ),
            Ok(Fix::Utm {
                zone: 49,
                south: true
            })
        );
    }

    #[test]
    fn utm_49s_converts_to_tuban() {
        // pyproj 3.7.2, Transformer EPSG:32749 → EPSG:4326 (always_xy):
        // E 615,000 N 9,237,050 → 112.040912, −6.901178 (in Tuban town).
        let [lon, lat] = Fix::Utm {
            zone: 49,
            south: true,
        }
        .apply([615_000.0, 9_237_050.0])
        .unwrap();
        assert!((lon - 112.040912).abs() < 1e-6, "{lon}");
        assert!((lat + 6.901178).abs() < 1e-6, "{lat}");
    }
}
