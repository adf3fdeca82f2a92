//! From the features a study wants to shapes in lon/lat: coordinates fixed
//! (swapped, or converted from UTM), rings closed, degenerate rings dropped,
//! a village in several features drawn from all of them; each repair said.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Result;
use geo::{LineString, MultiPolygon, Orient, Point, Polygon};

use super::coords::{self, Crs};
use super::read::{RawFile, EXAMPLES};
use super::Shape;
use crate::bad_input;

/// Turns the wanted features into shapes in lon/lat: coordinates fixed
/// (swapped or from UTM), rings closed, degenerate rings dropped, a village
/// listed twice drawn from all its parts. What was repaired goes to `notes`.
pub fn into_shapes(
    file: RawFile,
    path: &Path,
    study_crs: Option<&Crs>,
    wanted: &BTreeSet<String>,
    notes: &mut Vec<String>,
) -> Result<BTreeMap<String, Shape>> {
    let name = path.display().to_string();
    let all = file.features.iter().flat_map(|f| {
        f.polygons
            .iter()
            .flatten()
            .flatten()
            .chain(f.points.iter())
            .copied()
    });
    let Some(extent) = coords::extent(all) else {
        return Err(bad_input!(
            "boundary file {name}: the study's {} features have no polygons or points",
            file.features.len()
        ));
    };
    let crs = study_crs.copied().or(file.crs);
    let fix = coords::fix_for(extent, crs, &name).map_err(|e| bad_input!("{e}"))?;
    if fix == coords::Fix::Swap {
        notes.push(format!(
            "{name}: coordinates are written [latitude, longitude] (first values {:.2} to {:.2}, \
             which is not a longitude in Indonesia); GeoJSON is [longitude, latitude], so ovop \
             swapped them",
            extent.0, extent.1
        ));
    }
    let (mut unclosed, mut degenerate, mut unconvertible) = (0usize, 0usize, 0usize);
    let mut repeated: BTreeSet<String> = BTreeSet::new();
    let mut areas: BTreeMap<String, Vec<Polygon<f64>>> = BTreeMap::new();
    let mut points: BTreeMap<String, Point<f64>> = BTreeMap::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for feature in &file.features {
        if !seen.insert(feature.code.clone()) {
            repeated.insert(feature.code.clone());
        }
        for polygon in &feature.polygons {
            let mut rings = Vec::new();
            for (r, ring) in polygon.iter().enumerate() {
                let mut ring: Vec<[f64; 2]> = match ring.iter().map(|&p| fix.apply(p)).collect() {
                    Some(ring) => ring,
                    None => {
                        unconvertible += 1;
                        // Without its outer ring a polygon is not drawn: its
                        // first hole must not take the outer ring's place.
                        if r == 0 {
                            break;
                        }
                        continue;
                    }
                };
                if ring.len() >= 3 && ring.first() != ring.last() {
                    unclosed += 1;
                    ring.push(ring[0]);
                }
                if ring.len() < 4 {
                    degenerate += 1;
                    if r == 0 {
                        break;
                    }
                    continue;
                }
                rings.push(LineString::from(
                    ring.into_iter().map(|[x, y]| (x, y)).collect::<Vec<_>>(),
                ));
            }
            if rings.is_empty() {
                continue;
            }
            let exterior = rings.remove(0);
            let polygon = Polygon::new(exterior, rings).orient(geo::orient::Direction::Default);
            areas.entry(feature.code.clone()).or_default().push(polygon);
        }
        if feature.polygons.is_empty() {
            if let Some(p) = feature.points.first().and_then(|&p| fix.apply(p)) {
                points.insert(feature.code.clone(), Point::new(p[0], p[1]));
            }
        }
    }
    if unclosed > 0 {
        notes.push(format!(
            "{name}: {unclosed} rings were not closed (last point ≠ first); ovop closed them"
        ));
    }
    if degenerate > 0 {
        notes.push(format!(
            "{name}: {degenerate} rings had fewer than 3 distinct points and were left out"
        ));
    }
    if unconvertible > 0 {
        notes.push(format!(
            "{name}: {unconvertible} rings had coordinates that are not numbers or lie outside \
             the UTM zone, and were left out"
        ));
    }
    if !repeated.is_empty() {
        let list: Vec<&str> = repeated.iter().take(EXAMPLES).map(String::as_str).collect();
        notes.push(format!(
            "{name}: {} villages appear in more than one feature (e.g. {}); their parts are \
             drawn together",
            repeated.len(),
            list.join(", ")
        ));
    }
    if file.bps_count > 0 {
        notes.push(format!(
            "{name}: {} features have BPS codes (e.g. {}) and are not on the map; convert them \
             to Kemendagri codes with BPS's bridging table",
            file.bps_count,
            file.bps.join(", ")
        ));
    }
    if file.other_count > 0 || file.no_code > 0 {
        notes.push(format!(
            "{name}: {} features have no usable code in {:?} and are not on the map",
            file.other_count + file.no_code,
            file.property
        ));
    }
    if file.unusable_geometry > 0 {
        notes.push(format!(
            "{name}: {} of the study's features have no polygon or point (lines or empty)",
            file.unusable_geometry
        ));
    }
    let mut shapes: BTreeMap<String, Shape> = points
        .into_iter()
        .map(|(code, p)| (code, Shape::Point(p)))
        .collect();
    for (code, polygons) in areas {
        shapes.insert(code, Shape::Area(MultiPolygon::new(polygons)));
    }
    let missing = wanted.len().saturating_sub(shapes.len());
    if missing > 0 {
        notes.push(format!(
            "{name}: {missing} of the study's {} areas have no boundary in the file",
            wanted.len()
        ));
    }
    Ok(shapes)
}
