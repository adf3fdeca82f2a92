//! The map chart on a hand-made study: four square villages of Kecamatan Kerek.

use super::*;

/// Four square villages of Kecamatan Kerek in a 2 × 2 grid (0.05° a side):
/// two picks of different categories, one village without candidates, and
/// one without a boundary.
pub(super) fn map_data() -> crate::chart::map::MapData {
    use crate::boundaries::{Boundaries, Shape};
    use crate::chart::map::{MapData, MapPick, MapVillage};
    let square = |x: f64, y: f64, side: f64| {
        geo::MultiPolygon::new(vec![geo::Polygon::new(
            geo::LineString::from(vec![
                (x, y),
                (x + side, y),
                (x + side, y + side),
                (x, y + side),
                (x, y),
            ]),
            vec![],
        )])
    };
    let pick = |category: &str, stars| MapPick {
        product: format!("Produk {category}"),
        category: category.to_string(),
        score: 61.26,
        stars,
    };
    let villages = vec![
        ("35.23.08.2001", "Gemulung", Some(pick("batik", 4))),
        (
            "35.23.08.2002",
            "Sidonganti",
            Some(pick("food_beverage", 2)),
        ),
        ("35.23.08.2003", "Trantang", None),
        ("35.23.08.2004", "Temayang", Some(pick("batik", 5))),
    ];
    let mut shapes = std::collections::BTreeMap::new();
    for (i, (code, _, _)) in villages.iter().take(3).enumerate() {
        let (x, y) = (
            111.80 + 0.05 * (i % 2) as f64,
            -7.00 + 0.05 * (i / 2) as f64,
        );
        shapes.insert(code.to_string(), Shape::Area(square(x, y, 0.05)));
    }
    let mut districts = std::collections::BTreeMap::new();
    districts.insert("35.23.08".to_string(), square(111.80, -7.00, 0.1));
    MapData {
        villages: villages
            .into_iter()
            .map(|(code, name, pick)| MapVillage {
                code: code.into(),
                name: name.into(),
                district: "Kerek".into(),
                pick,
                held_back: false,
            })
            .collect(),
        boundaries: Boundaries {
            villages: shapes,
            districts,
            credit: "Batas desa: uji".into(),
            from_centroids: false,
            notes: Vec::new(),
        },
    }
}

#[test]
fn the_map_fills_each_village_by_its_pick_and_names_the_kecamatan_inside_it() {
    use crate::chart::map::{Fill, Map};
    let data = map_data();
    let context = ctx(Lang::En);
    let map = Map::new(&context, &data, Fill::Category);
    let svg = render_svg(&map).unwrap();
    // Three villages drawn (one has no boundary) and said so.
    let titles: Vec<&str> = svg
        .split("<title>")
        .skip(1)
        .map(|t| t.split("</title>").next().unwrap())
        .collect();
    // Largest first, so enclaves lie on top: Trantang, nearer the equator,
    // is a little larger than the two squares south of it.
    assert_eq!(
        titles,
        [
            "Trantang, Kec. Kerek — No candidates",
            "Gemulung, Kec. Kerek — Produk batik (Batik) · score 61.3 · ★★★★☆",
            "Sidonganti, Kec. Kerek — Produk food_beverage (Food &amp; beverage) · score 61.3 · ★★☆☆☆",
        ]
    );
    // The kecamatan's name is drawn (over its white halo: nine copies).
    assert_eq!(svg.matches("\nKerek\n").count(), 9);
    assert!(svg.contains("1 villages have no boundary"));
    // Legend counts every village of the study: batik 2, food 1, none 1.
    for row in ["Batik (2)", "Food &amp; beverage (1)", "No candidates (1)"] {
        assert!(svg.contains(row), "{row}");
    }
    // The two picked categories get the first two palette hues (most
    // picked first); the village without candidates the neutral grey.
    let fill =
        |c: plotters::style::RGBColor| format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2);
    assert!(svg.contains(&fill(theme::okabe_ito::BLUE)));
    assert!(svg.contains(&fill(theme::okabe_ito::ORANGE)));
    assert!(svg.contains(&fill(crate::chart::map::NO_CANDIDATES)));
    // The credit travels with the map.
    assert!(svg.contains("Batas desa: uji · Area codes"));
    let stars = render_svg(&Map::new(&context, &data, Fill::Stars)).unwrap();
    assert!(stars.contains(&fill(crate::chart::map::STAR_COLORS[3])));
    assert!(stars.contains("★★★★★ (1)"));
}

#[test]
fn more_villages_than_a_map_can_show_as_areas_become_points() {
    use crate::boundaries::{Boundaries, Shape};
    use crate::chart::map::{Fill, Map, MapData, MapVillage, MAX_AREAS};
    let n = MAX_AREAS + 1;
    let mut shapes = std::collections::BTreeMap::new();
    let mut villages = Vec::new();
    for i in 0..n {
        let code = format!("35.23.08.{:04}", 1000 + i);
        let (x, y) = (
            111.0 + 0.01 * (i % 60) as f64,
            -7.0 + 0.01 * (i / 60) as f64,
        );
        let square = geo::Polygon::new(
            geo::LineString::from(vec![(x, y), (x + 0.008, y), (x + 0.008, y + 0.008), (x, y)]),
            vec![],
        );
        shapes.insert(
            code.clone(),
            Shape::Area(geo::MultiPolygon::new(vec![square])),
        );
        villages.push(MapVillage {
            code,
            name: format!("Desa {i}"),
            district: "Kerek".into(),
            pick: None,
            held_back: false,
        });
    }
    let data = MapData {
        villages,
        boundaries: Boundaries {
            villages: shapes,
            credit: "uji".into(),
            ..Boundaries::default()
        },
    };
    let context = ctx(Lang::Id);
    let svg = render_svg(&Map::new(&context, &data, Fill::Category)).unwrap();
    assert_eq!(svg.matches("<circle class=\"ovop-map-hit\"").count(), n);
    assert!(!svg.contains("<path class=\"ovop-map-hit\""));
    assert!(svg.contains("titik: pusat desa"));
}
