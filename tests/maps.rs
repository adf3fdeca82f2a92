//! Maps (SPEC §6, issue 14): the small study drawn from boundary files made
//! the ways planners get them (our GeoJSON, a lat/lon-swapped export, a
//! BIG-style shapefile in UTM 49S, numeric codes), the bad-boundary corpus
//! (`tests/fixtures/boundaries/bad/`), the point map without polygons, golden
//! SVGs and byte-identical reruns.
//!
//! Re-bless the golden maps after an intended change:
//! `OVOP_BLESS=1 cargo test --release --features fault-injection --test integration maps`.

use std::path::{Path, PathBuf};

use crate::util::*;

/// The 36 villages of Kerek (35.23.08) and Palang (35.23.18) in the fixtures.
const FIXTURE_VILLAGES: usize = 36;
/// Villages of Kabupaten Tuban in the reference.
const TUBAN_VILLAGES: usize = 328;

/// The small study scored once into `<tmp>/out`, its study file at
/// `<tmp>/study/study.toml`, boundary fixtures in `<tmp>/study/geo/`.
fn scored_small() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    copy_dir(&fixture("boundaries"), &tmp.path().join("study/geo"));
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    (tmp, out)
}

/// Sets the study's boundaries (a TOML value) and redraws the charts.
fn charts_with(tmp: &Path, out: &Path, boundaries: &str) -> assert_cmd::assert::Assert {
    let study = tmp.join("study/study.toml");
    let original = tmp.join("study/study.toml.orig");
    if !original.exists() {
        std::fs::copy(&study, &original).unwrap();
    }
    let text = std::fs::read_to_string(&original).unwrap().replace(
        "\n[inputs]\n",
        &format!("\n[inputs]\nboundaries = {boundaries}\n"),
    );
    std::fs::write(&study, text).unwrap();
    ovop(tmp)
        .args(["charts", "study/study.toml", "--out"])
        .arg(out)
        .assert()
}

fn svg(out: &Path, name: &str) -> String {
    std::fs::read_to_string(out.join(format!("charts/{name}.svg"))).unwrap()
}

/// The hover titles of a map's villages, in drawing order.
fn hover_titles(svg: &str) -> Vec<String> {
    svg.split("class=\"ovop-map-hit\"")
        .skip(1)
        .filter_map(|part| {
            let start = part.find("<title>")? + "<title>".len();
            let end = part[start..].find("</title>")?;
            Some(part[start..start + end].to_string())
        })
        .collect()
}

/// The text elements of an SVG, trimmed.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|part| {
            let start = part.find('>')? + 1;
            let end = part.find("</text>")?;
            Some(part[start..end].trim().to_string())
        })
        .collect()
}

fn named(svg: &str, name: &str) -> bool {
    texts(svg).iter().any(|t| t == name)
}

#[test]
fn boundary_files_as_planners_get_them_all_draw_the_same_villages() {
    let (tmp, out) = scored_small();
    let reference = charts_with(
        tmp.path(),
        &out,
        r#"{ villages = "geo/kerek_palang.geojson", districts = "geo/kerek_palang_kecamatan.geojson" }"#,
    )
    .success();
    assert!(stderr_of(&reference).contains("292 of the study's 328 areas have no boundary"));
    let base = svg(&out, "map");
    let titles = hover_titles(&base);
    assert_eq!(titles.len(), FIXTURE_VILLAGES);
    // The small study's pick in Kerek, desa 35.23.08.2008 (Margorejo): the
    // larger of its two candidates.
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Margorejo, Kec. Kerek — ") && t.contains("★")),
        "{titles:?}"
    );
    // The map says so in its panel (wrapped over lines).
    assert!(base.contains("292 villages have no boundary"));
    // Both kecamatan named on the map, and the bundled data's credit.
    assert!(named(&base, "Kerek") && named(&base, "Palang"));
    assert!(base.contains("Village boundaries: cahyadsn/wilayah_boundaries (MIT)"));

    // The same villages from each planner-made variant: the map's hover
    // layer names the same 36 villages (geometry differs only by rounding).
    let names = |svg: &str| {
        let mut n: Vec<String> = hover_titles(svg);
        n.sort();
        n
    };
    let cases: [(&str, &str); 5] = [
        (r#""geo/latlon.geojson""#, "swapped them"),
        (r#""geo/unclosed.geojson""#, "rings were not closed"),
        (
            r#""geo/duplicate.geojson""#,
            "appear in more than one feature",
        ),
        (r#"{ villages = "geo/numeric_codes.geojson" }"#, ""),
        (
            r#"{ villages = "geo/kerek_palang_utm.shp", code = "KDEPUM" }"#,
            "",
        ),
    ];
    // The village outlines of the hover layer, as drawn: the repaired
    // variants must give the reference's very geometry, not only its names.
    let outlines = |svg: &str| {
        let mut d: Vec<String> = svg
            .split("<path class=\"ovop-map-hit\" fill-rule=\"nonzero\" d=\"")
            .skip(1)
            .map(|p| p.split('"').next().unwrap().to_string())
            .collect();
        d.sort();
        d
    };
    let base_outlines = outlines(&base);
    assert_eq!(base_outlines.len(), FIXTURE_VILLAGES);
    for (spec, warning) in cases {
        let a = charts_with(tmp.path(), &out, spec).success();
        let err = stderr_of(&a);
        assert!(err.contains(warning), "{spec}: {err}");
        if spec.contains("latlon") || spec.contains("unclosed") || spec.contains("numeric") {
            assert_eq!(outlines(&svg(&out, "map")), base_outlines, "{spec}");
        }
        assert_eq!(names(&svg(&out, "map")), names(&base), "{spec}");
    }
    // `"crs": null`, as some exporters write, says nothing.
    let null_crs = std::fs::read_to_string(tmp.path().join("study/geo/kerek_palang.geojson"))
        .unwrap()
        .replacen(
            "{\"type\":\"FeatureCollection\"",
            "{\"type\":\"FeatureCollection\",\"crs\":null",
            1,
        );
    std::fs::write(tmp.path().join("study/geo/null_crs.geojson"), null_crs).unwrap();
    charts_with(tmp.path(), &out, r#""geo/null_crs.geojson""#).success();
    assert_eq!(names(&svg(&out, "map")), names(&base));
    // UTM with the crs a QGIS GeoJSON export writes.
    charts_with(tmp.path(), &out, r#""geo/utm_crs.geojson""#).success();
    assert_eq!(names(&svg(&out, "map")), names(&base));
    // Without a districts file the kecamatan are dissolved from the villages
    // and still named.
    charts_with(tmp.path(), &out, r#""geo/kerek_palang.geojson""#).success();
    let dissolved = svg(&out, "map");
    assert!(named(&dissolved, "Kerek") && named(&dissolved, "Palang"));
}

#[test]
fn bad_boundary_files_are_refused_with_what_to_do() {
    let (tmp, out) = scored_small();
    let cases: [(&str, &str); 12] = [
        (
            r#""geo/bad/not_json.geojson""#,
            "is not a GeoJSON FeatureCollection",
        ),
        (
            r#""geo/bad/truncated.geojson""#,
            "is not a GeoJSON FeatureCollection",
        ),
        (r#""geo/bad/empty.geojson""#, "has no features"),
        (
            r#""geo/bad/single_feature.geojson""#,
            "not a FeatureCollection",
        ),
        (
            r#""geo/bad/bps_codes.geojson""#,
            "look like BPS codes (e.g. 3523080001",
        ),
        (
            r#""geo/bad/names_as_codes.geojson""#,
            "are not codes (e.g. \"Gemulung\"",
        ),
        (
            r#""geo/bad/no_code_property.geojson""#,
            "its properties are NAMOBJ, WADMKC",
        ),
        (r#""geo/bad/utm_no_crs.geojson""#, "crs = \"EPSG:32749\""),
        (r#""geo/bad/no_dbf.shp""#, "needs its attribute table"),
        (
            r#""geo/bad/web_mercator.shp""#,
            "WGS_1984_Web_Mercator_Auxiliary_Sphere",
        ),
        // BPS codes among undotted ones, which BPS codes can pass for.
        (r#""geo/bad/bps_mixed.geojson""#, "could be BPS codes too"),
        // Found by the boundary_read fuzz target: a record claiming 6.5 GB of points.
        (
            r#""geo/bad/damaged_record.shp""#,
            "record 5 claims more parts and points",
        ),
    ];
    for (spec, message) in cases {
        let a = charts_with(tmp.path(), &out, spec).code(2);
        let err = stderr_of(&a);
        assert!(err.contains(message), "{spec}: {err}");
        assert!(!err.contains("panicked"), "{spec}: {err}");
    }
    // Found by the boundary_read fuzz target: a position with one number
    // (UTM, with a crs member). The ring is left out and said, never a panic.
    let a = charts_with(tmp.path(), &out, r#""geo/bad/short_positions.geojson""#).success();
    assert!(stderr_of(&a).contains("1 rings had coordinates that are not numbers"));
    // `ovop validate` checks the boundaries as the run would draw them.
    charts_with(tmp.path(), &out, r#""geo/bad/damaged_record.shp""#).code(2);
    let v = ovop(tmp.path())
        .args(["validate", "study/study.toml"])
        .assert()
        .code(2);
    assert!(stderr_of(&v).contains("record 5 claims more parts and points"));
    // A missing property named by the study says which ones there are.
    let a = charts_with(
        tmp.path(),
        &out,
        r#"{ villages = "geo/kerek_palang.geojson", code = "KDEPUM" }"#,
    )
    .code(2);
    assert!(stderr_of(&a).contains("has no property \"KDEPUM\"; its properties are code, name"));
}

#[test]
fn without_polygons_every_village_is_a_point_and_maps_match_the_golden_svgs() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("small"), &tmp.path().join("study"));
    copy_dir(&fixture("boundaries"), &tmp.path().join("study/geo"));
    let out = tmp.path().join("out");
    run_small(tmp.path(), &out);
    let points = svg(&out, "map");
    let titles = hover_titles(&points);
    assert_eq!(titles.len(), TUBAN_VILLAGES);
    assert_eq!(
        points.matches("<circle class=\"ovop-map-hit\"").count(),
        TUBAN_VILLAGES
    );
    assert!(points.contains("Village points: cahyadsn/wilayah_boundaries (MIT)"));
    assert!(points.contains("synthetic data / data sintetis"));
    let png = std::fs::read(out.join("charts/map.png")).unwrap();

    // The same inputs give the same bytes.
    let again = tmp.path().join("again");
    run_small(tmp.path(), &again);
    assert_eq!(svg(&again, "map"), points);
    assert_eq!(std::fs::read(again.join("charts/map.png")).unwrap(), png);

    let mut maps = vec![
        ("map_points", points),
        ("map_stars_points", svg(&out, "map_stars")),
    ];
    charts_with(
        tmp.path(),
        &out,
        r#"{ villages = "geo/kerek_palang.geojson", districts = "geo/kerek_palang_kecamatan.geojson" }"#,
    )
    .success();
    maps.push(("map_areas", svg(&out, "map")));
    let bless = std::env::var_os("OVOP_BLESS").is_some_and(|v| v == "1");
    let golden = fixture("golden");
    let mut differ = Vec::new();
    for (name, svg) in maps {
        let path = golden.join(format!("{name}.svg"));
        if bless {
            std::fs::write(&path, &svg).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            differ.push(name);
        }
    }
    assert!(
        differ.is_empty(),
        "maps differ from tests/fixtures/golden: {differ:?}; if intended, re-bless with \
         OVOP_BLESS=1 cargo test --release --features fault-injection --test integration maps"
    );
}
