//! Village boundaries for the maps (SPEC §6): a study's GeoJSON or ESRI
//! Shapefile, read into polygons in WGS84 lon/lat keyed by dotted Kemendagri
//! code, or, without one, a point per village from the bundled national
//! centroids. Boundaries are not part of the lake: they only draw maps.
//!
//! Every defect a GIS export has in practice (lat/lon swapped, UTM metres,
//! BPS codes, unclosed rings, a village twice, codes of another region) is
//! either repaired and said, or refused with what to do; never a panic.

pub mod centroids;
pub mod codes;
pub mod coords;
pub mod read;
pub mod repair;
pub mod spec;

pub use spec::{BoundaryInput, BoundarySpec};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Result;
use geo::{MultiPolygon, Point};

use crate::bad_input;
use crate::i18n::Lang;

/// One village on the map: its area, or only a point.
#[derive(Debug, Clone)]
pub enum Shape {
    Area(MultiPolygon<f64>),
    Point(Point<f64>),
}

/// What the maps draw, in lon/lat degrees.
#[derive(Debug, Clone, Default)]
pub struct Boundaries {
    /// By dotted village code; villages with no shape are absent.
    pub villages: BTreeMap<String, Shape>,
    /// Kecamatan outlines by dotted district code (empty for point maps).
    pub districts: BTreeMap<String, MultiPolygon<f64>>,
    /// Credit line for every map.
    pub credit: String,
    /// True when the shapes are the bundled centroids (a point map).
    pub from_centroids: bool,
    /// What was repaired or left out, for the console and the report.
    pub notes: Vec<String>,
}

/// Reads the study's boundaries for the `wanted` villages (dotted codes), or
/// places them at the bundled centroids when the study gives none.
pub fn load(
    spec: Option<&BoundarySpec>,
    study_dir: &Path,
    wanted: &BTreeSet<String>,
    lang: Lang,
) -> Result<Boundaries> {
    let Some(spec) = spec else {
        return Ok(centroids::boundaries(wanted, lang));
    };
    let input = spec.input();
    let resolve = |p: &str| -> PathBuf {
        let p = Path::new(p);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            study_dir.join(p)
        }
    };
    let crs = input
        .crs
        .as_deref()
        .map(|c| coords::Crs::parse(c).map_err(|e| bad_input!("[inputs.boundaries] crs: {e}")))
        .transpose()?;
    let path = resolve(&input.villages);
    let file = read::read(&path, input.code.as_deref(), codes::Level::Village, wanted)?;
    let mut notes = Vec::new();
    let credit = input
        .credit
        .clone()
        .unwrap_or_else(|| default_credit(&file, &path, lang));
    let shapes = repair::into_shapes(file, &path, crs.as_ref(), wanted, &mut notes)?;
    let mut boundaries = Boundaries {
        villages: shapes,
        credit,
        ..Boundaries::default()
    };
    boundaries.districts = match &input.districts {
        Some(d) => {
            let path = resolve(d);
            let wanted_districts: BTreeSet<String> =
                wanted.iter().map(|c| c[..8].to_string()).collect();
            let file = read::read(
                &path,
                input.district_code.as_deref(),
                codes::Level::District,
                &wanted_districts,
            )?;
            repair::into_shapes(file, &path, crs.as_ref(), &wanted_districts, &mut notes)?
                .into_iter()
                .filter_map(|(code, shape)| match shape {
                    Shape::Area(a) => Some((code, a)),
                    Shape::Point(_) => None,
                })
                .collect()
        }
        None => dissolve(&boundaries.villages),
    };
    boundaries.notes = notes;
    Ok(boundaries)
}

/// The bundled Tuban files name their source in a top-level `source`
/// member; they get the credit their licence asks for, in the map's language.
fn default_credit(file: &read::RawFile, path: &Path, lang: Lang) -> String {
    if file
        .source
        .as_deref()
        .is_some_and(|s| s.starts_with("cahyadsn/wilayah_boundaries"))
    {
        return crate::i18n::label(lang, "map.credit.bundled").to_string();
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::i18n::label(lang, "map.credit.file").replace("{file}", &name)
}

/// Kecamatan outlines as the union of their villages' polygons, for a study
/// whose boundary file has villages only.
fn dissolve(villages: &BTreeMap<String, Shape>) -> BTreeMap<String, MultiPolygon<f64>> {
    let mut by_district: BTreeMap<String, Vec<geo::Polygon<f64>>> = BTreeMap::new();
    for (code, shape) in villages {
        if let Shape::Area(area) = shape {
            by_district
                .entry(code[..8].to_string())
                .or_default()
                .extend(area.0.iter().cloned());
        }
    }
    by_district
        .into_iter()
        .map(|(code, polygons)| {
            let union = geo::unary_union(&polygons);
            (code, drop_slivers(union))
        })
        .collect()
}

/// Holes smaller than a hectare-scale threshold left between simplified
/// village edges are slivers, not enclaves: drop them so the outline is clean.
fn drop_slivers(area: MultiPolygon<f64>) -> MultiPolygon<f64> {
    use geo::Area;
    // 1e-6 square degrees is about 1.2 ha at the equator.
    const SLIVER: f64 = 1e-6;
    MultiPolygon::new(
        area.0
            .into_iter()
            .filter(|p| p.unsigned_area() > SLIVER)
            .map(|p| {
                let (exterior, interiors) = p.into_inner();
                let interiors = interiors
                    .into_iter()
                    .filter(|ring| geo::Polygon::new(ring.clone(), vec![]).unsigned_area() > SLIVER)
                    .collect();
                geo::Polygon::new(exterior, interiors)
            })
            .collect(),
    )
}
